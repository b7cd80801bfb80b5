"""Helpers for the homework tests (test_homework_api.py, test_submissions_api.py,
authz_homework.py, the bench): a homework with one question of each of the nine types in
either request dialect, and the calls a teacher and a student make."""

import datetime
import uuid

from test_groups_api import api, create_group, new_user

IMAGE = "https://example.org/map.png"
AUDIO = "https://example.org/track.mp3"


def iso(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def in_days(n):
    return iso(datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=n))


def nine_questions(points=10):
    """One question of each type, in the later (@HEAD) dialect, each worth `points`."""
    return [
        {"prompt": "Сколько будет 9 / 2?", "question_type": "TEXT", "points": points,
         "order": 0, "config": {"answerLength": "short", "correctAnswer": "4,5"}},
        {"prompt": "Столица Франции?", "question_type": "SINGLE_CHOICE", "points": points,
         "order": 1, "config": {"options": [{"id": "opt-1", "text": "Париж"},
                                            {"id": "opt-2", "text": "Лион"}],
                                "correctOptionId": "opt-1"},
         "choices": [{"text": "Париж", "is_correct": True},
                     {"text": "Лион", "is_correct": False}]},
        {"prompt": "Простые числа", "question_type": "MULTI_CHOICE", "points": points,
         "order": 2, "config": {},
         "choices": [{"text": "2", "is_correct": True}, {"text": "3", "is_correct": True},
                     {"text": "5", "is_correct": True}, {"text": "4", "is_correct": False},
                     {"text": "6", "is_correct": False}]},
        {"prompt": "Послушайте запись", "question_type": "LISTENING", "points": points,
         "order": 3, "config": {"audioUrl": AUDIO, "prompt": "Ответьте на вопросы",
                                "subQuestions": [
                                    {"id": "sq-1", "text": "Город?", "answer": "London"},
                                    {"id": "sq-2", "text": "Река?", "answer": "Thames"},
                                    {"id": "sq-3", "text": "Мост?", "answer": "Tower"},
                                    {"id": "sq-4", "text": "Год?", "answer": "1894"}]}},
        {"prompt": "Соедините", "question_type": "MATCHING", "points": points, "order": 4,
         "config": {"pairs": [{"id": "pair-1", "left": "Россия", "right": "Москва"},
                              {"id": "pair-2", "left": "Франция", "right": "Париж"},
                              {"id": "pair-3", "left": "Италия", "right": "Рим"}],
                    "shuffleRightColumn": True}},
        {"prompt": "Расставьте по порядку", "question_type": "DRAG_DROP", "points": points,
         "order": 5, "config": {"items": [{"id": "item-1", "text": "Один"},
                                          {"id": "item-2", "text": "Два"},
                                          {"id": "item-3", "text": "Три"},
                                          {"id": "item-4", "text": "Четыре"}],
                                "correctOrder": ["item-1", "item-2", "item-3", "item-4"]}},
        {"prompt": "Заполните пропуск", "question_type": "FILL_BLANKS", "points": points,
         "order": 6, "config": {"template": "[___] — столица Франции.",
                                "answers": ["Paris"], "caseSensitive": False,
                                "matchingStrategy": "exact"}},
        {"prompt": "Отметьте Европу и Азию", "question_type": "HOTSPOT", "points": points,
         "order": 7, "config": {"imageUrl": IMAGE, "hotspots": [
             {"id": "h1", "label": "Европа", "x": 10, "y": 10, "width": 20, "height": 20,
              "isCorrect": True},
             {"id": "h2", "label": "Азия", "x": 50, "y": 10, "width": 30, "height": 30,
              "isCorrect": True},
             {"id": "h3", "label": "Африка", "x": 10, "y": 60, "width": 20, "height": 20,
              "isCorrect": False}]}},
        {"prompt": "Загрузите фото тетради", "question_type": "FILE_UPLOAD", "points": points,
         "order": 8, "config": {"allowedTypes": ["image", "document"], "maxFiles": 2,
                                "maxSizeMB": 10, "instructions": "Фото или PDF"}},
    ]


def homework_payload(group_id=None, questions=None, **extra):
    body = {"title": "ДЗ " + uuid.uuid4().hex[:6], "description": "Девять типов",
            "questions": nine_questions() if questions is None else questions}
    if group_id is not None:
        body["group_assignments_data"] = [{"group_id": group_id, "student_ids": None}]
    body.update(extra)
    return body


def create_homework(stack, teacher, group_id=None, publish=False, **kw):
    r = api(stack, "POST", "/api/homework/", teacher, json=homework_payload(group_id, **kw))
    assert r.status == 201, r
    hw = r.json()
    if publish:
        p = api(stack, "POST", f"/api/homework/{hw['id']}/publish/", teacher)
        assert p.status == 200, p
        hw = get_homework(stack, teacher, hw["id"])
    return hw


def get_homework(stack, user, hw_id):
    r = api(stack, "GET", f"/api/homework/{hw_id}/", user)
    assert r.status == 200, r
    return r.json()


def by_type(hw):
    """{question_type: question} of a homework as its teacher sees it."""
    return {q["question_type"]: q for q in hw["questions"]}


def start(stack, student, hw_id, expect=(200, 201)):
    r = api(stack, "POST", "/api/submissions/", student, json={"homework": hw_id})
    assert r.status in expect, r
    return r.json()


def autosave(stack, student, sub_id, answers):
    return api(stack, "PATCH", f"/api/submissions/{sub_id}/answer/", student,
               json={"answers": answers})


def submit(stack, student, sub_id, body=None):
    return api(stack, "POST", f"/api/submissions/{sub_id}/submit/", student, json=body or {})


def class_of(stack, n_students=2, teacher=None):
    """A teacher, a group of n new students: (teacher, group, [students])."""
    t = teacher or new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    students = [new_user(stack, first_name=f"Ученик{i}", last_name=f"Фамилия{i}")
                for i in range(n_students)]
    g = create_group(stack, t, student_ids=[s.id for s in students])
    return t, g, students


def correct_answers(hw):
    """A fully correct autosave body for the nine-type homework as its teacher sees it."""
    q = by_type(hw)
    single = next(c["id"] for c in q["SINGLE_CHOICE"]["choices"] if c["is_correct"])
    multi = [c["id"] for c in q["MULTI_CHOICE"]["choices"] if c["is_correct"]]
    return {
        str(q["TEXT"]["id"]): "4.5",
        str(q["SINGLE_CHOICE"]["id"]): single,
        str(q["MULTI_CHOICE"]["id"]): multi,
        str(q["LISTENING"]["id"]): {"sq-1": "london", "sq-2": "THAMES", "sq-3": "Tower",
                                    "sq-4": "1894"},
        str(q["MATCHING"]["id"]): {"pair-1": "Москва", "pair-2": "Париж", "pair-3": "Рим"},
        str(q["DRAG_DROP"]["id"]): ["item-1", "item-2", "item-3", "item-4"],
        str(q["FILL_BLANKS"]["id"]): ["paris"],
        str(q["HOTSPOT"]["id"]): ["h1", "h2"],
    }
