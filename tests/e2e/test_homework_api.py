"""Homework through nginx (PHASE2-3.md 1.1-1.6.1, 1.7, P2.1-P2.2): create in both dialects,
validation with the question and field named, publish with the per-type checks, archive,
delete, questions merged by id (409 for answered ones, a changed key regrades), assignment to
groups, parts of groups and single students with their own deadlines, visibility and the
lists with their filters and keyset cursors."""

import json
import uuid

import pytest

from hw_helpers import (AUDIO, IMAGE, by_type, class_of, correct_answers, create_homework,
                        get_homework, homework_payload, in_days, nine_questions, start,
                        submit, autosave)
from test_groups_api import (api, assert_401, assert_detail, assert_field_400, create_group,
                             new_admin, new_user)

KEYS = ("correctAnswer", "correctOptionId", "is_correct", "isCorrect", "correctOrder",
        '"answer"', "correctAnswers")


@pytest.fixture(scope="module")
def world(stack):
    """T1 with G1 (S1, S2), T2 with G2 (S3), an admin."""
    class W:
        pass
    w = W()
    w.T1, w.G1, (w.S1, w.S2) = class_of(stack)
    w.T2, w.G2, (w.S3,) = class_of(stack, 1)
    w.A = new_admin(stack)
    return w


def post_hw(stack, user, body):
    return api(stack, "POST", "/api/homework/", user, json=body)


# -- create and read ----------------------------------------------------------------------------

def test_create_with_all_nine_types_in_the_later_dialect(stack, world):
    r = post_hw(stack, world.T1, homework_payload(world.G1["id"], deadline=in_days(3),
                                                  late_policy="block"))
    assert r.status == 201, r
    hw = r.json()
    assert hw["status"] == "draft" and hw["published_at"] is None
    assert [q["order"] for q in hw["questions"]] == list(range(9))
    assert [q["question_type"] for q in hw["questions"]] == [
        "TEXT", "SINGLE_CHOICE", "MULTI_CHOICE", "LISTENING", "MATCHING", "DRAG_DROP",
        "FILL_BLANKS", "HOTSPOT", "FILE_UPLOAD"]
    q = by_type(hw)
    assert [(c["text"], c["is_correct"]) for c in q["SINGLE_CHOICE"]["choices"]] == [
        ("Париж", True), ("Лион", False)]
    assert sum(c["is_correct"] for c in q["MULTI_CHOICE"]["choices"]) == 3
    assert hw["group_id"] == world.G1["id"] and hw["group_name"] == world.G1["name"]
    assert hw["group_assignments"] == [{
        "group_id": world.G1["id"], "group_name": world.G1["name"], "student_ids": [],
        "students": [], "all_students": True, "deadline": None}]
    assert hw["assigned_groups"] == [{"id": world.G1["id"], "name": world.G1["name"]}]
    assert hw["questions_count"] == 9 and hw["points_total"] == 90
    assert hw["late_policy"] == "block" and hw["teacher"] == world.T1.id
    assert get_homework(stack, world.T1, hw["id"]) == hw


def test_create_in_the_early_dialect(stack, world):
    body = {"title": "Ранний диалект", "description": "", "group": world.G1["id"],
            "deadline": in_days(2), "max_score": 50, "gamification_enabled": True,
            "questions": [
                {"question_type": "MULTIPLE_CHOICE", "question_text": "Чётные?", "points": 4,
                 "order": 0, "config": {"options": [{"id": "opt-1", "text": "2"},
                                                    {"id": "opt-2", "text": "3"},
                                                    {"id": "opt-3", "text": "4"}],
                                        "correctOptionIds": ["opt-1", "opt-3"]},
                 "correct_answer": ["opt-1", "opt-3"]},
                {"question_type": "SINGLE_CHOICE", "question_text": "Да?", "points": 1,
                 "order": 1, "config": {"options": [{"id": "opt-1", "text": "Да"},
                                                    {"id": "opt-2", "text": "Нет"}],
                                        "correctOptionId": "opt-1"},
                 "correct_answer": "opt-1"},
                {"question_type": "TEXT", "question_text": "Кто?", "points": 2, "order": 2,
                 "config": {"correctAnswer": "Пушкин"}, "correct_answer": "Пушкин"}]}
    r = post_hw(stack, world.T1, body)
    assert r.status == 201, r
    hw = r.json()
    multi, single, text = hw["questions"]
    assert multi["question_type"] == "MULTI_CHOICE" and multi["prompt"] == "Чётные?"
    assert [(c["text"], c["is_correct"]) for c in multi["choices"]] == [
        ("2", True), ("3", False), ("4", True)]
    assert [(c["text"], c["is_correct"]) for c in single["choices"]] == [
        ("Да", True), ("Нет", False)]
    assert text["config"]["correctAnswer"] == "Пушкин"
    assert hw["gamification_enabled"] is True and hw["max_score"] == 50
    assert hw["group_id"] == world.G1["id"]
    pub = api(stack, "POST", f"/api/homework/{hw['id']}/publish/", world.T1)
    assert pub.status == 200, pub


@pytest.mark.parametrize("change, field", [
    ({"title": None}, "title"),
    ({"title": "x" * 256}, "title"),
    ({"deadline": "tomorrow"}, "deadline"),
    ({"late_policy": "never"}, "late_policy"),
    ({"max_score": -5}, "max_score"),
    ({"allow_view_answers": "maybe"}, "allow_view_answers"),
])
def test_bad_homework_fields(stack, world, change, field):
    body = homework_payload(world.G1["id"])
    body.update(change)
    if change.get("title", "") is None:
        del body["title"]
    assert_field_400(post_hw(stack, world.T1, body), field)


@pytest.mark.parametrize("question, index_field, words", [
    ({"prompt": "x", "question_type": "TEXT", "points": -1}, "points", "0"),
    ({"prompt": "x", "question_type": "ESSAY"}, "question_type", "ESSAY"),
    ({"prompt": "x", "question_type": "CODE"}, "question_type", "CODE"),
    ({"prompt": "x"}, "question_type", "required"),
    ({"prompt": "x", "question_type": "HOTSPOT", "config": {"hotspots": [
        {"id": "h", "x": 90, "y": 10, "width": 20, "height": 10}]}},
     "config.hotspots[0]", "изображения"),
    ({"prompt": "x", "question_type": "FILL_BLANKS", "config": {"answers": "Paris"}},
     "config.answers", "списком"),
    ({"prompt": "x", "question_type": "MATCHING", "config": "pairs"}, "config", "объектом"),
    ({"prompt": "x", "question_type": "SINGLE_CHOICE", "choices": [{"text": ""}]},
     "choices[0].text", "Текст"),
])
def test_bad_questions_name_the_question_and_the_field(stack, world, question, index_field,
                                                       words):
    qs = nine_questions()[:2] + [question]
    r = post_hw(stack, world.T1, homework_payload(world.G1["id"], questions=qs))
    assert r.status == 400, r
    body = r.json()
    err = body["questions"][0]
    assert err["index"] == 2 and err["number"] == 3 and err["field"] == index_field, body
    assert words in err["message"] or words in body["detail"], body
    assert body["detail"].startswith("Вопрос 3"), body


def test_targets_must_be_the_teachers(stack, world):
    r = post_hw(stack, world.T1, homework_payload(world.G2["id"]))
    assert_field_400(r, "group_assignments_data")
    r = post_hw(stack, world.T1, homework_payload(
        None, group_assignments_data=[{"group_id": world.G1["id"],
                                       "student_ids": [world.S3.id]}]))
    assert_field_400(r, "group_assignments_data")
    r = post_hw(stack, world.T1, homework_payload(None, assigned_student_ids=[world.S3.id]))
    assert_field_400(r, "assigned_student_ids")
    r = post_hw(stack, world.T1, homework_payload(None, assigned_group_ids=[world.G2["id"]]))
    assert_field_400(r, "assigned_group_ids")
    r = post_hw(stack, world.T1, homework_payload(None, group=world.G2["id"]))
    assert_field_400(r, "group")
    r = post_hw(stack, world.T1, homework_payload(world.G1["id"], lesson=999999999))
    assert_field_400(r, "lesson")


def test_nothing_is_written_on_a_refusal(stack, world):
    t = new_user(stack, "teacher")
    g = create_group(stack, t)
    bad = homework_payload(g["id"], questions=nine_questions() + [{"question_type": "CODE"}])
    assert post_hw(stack, t, bad).status == 400
    r = api(stack, "GET", "/api/homework/", t)
    assert r.json()["count"] == 0


def test_who_may_create(stack, world):
    body = homework_payload(world.G1["id"])
    assert post_hw(stack, world.S1, body).status == 403
    assert post_hw(stack, world.A, body).status == 403
    assert_401(post_hw(stack, None, body))


def test_others_get_404(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"])
    for method in ("GET", "PATCH", "DELETE"):
        assert api(stack, method, f"/api/homework/{hw['id']}/", world.T2, json={}).status == 404
    assert api(stack, "GET", f"/api/homework/{hw['id']}/", world.S3).status == 404
    # A draft is never a student's, even assigned and with its id.
    assert api(stack, "GET", f"/api/homework/{hw['id']}/", world.S1).status == 404
    assert api(stack, "POST", "/api/submissions/", world.S1,
               json={"homework": hw["id"]}).status == 404
    assert api(stack, "GET", f"/api/homework/{hw['id']}/", world.A).status == 200
    assert api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.A,
               json={"title": "x"}).status == 403


# -- publish, archive, delete -------------------------------------------------------------------

def publish(stack, user, hw_id):
    return api(stack, "POST", f"/api/homework/{hw_id}/publish/", user)


def test_publish_checks(stack, world):
    g = world.G1["id"]
    empty = create_homework(stack, world.T1, g, questions=[])
    assert_detail(publish(stack, world.T1, empty["id"]), 400, "Добавьте хотя бы один вопрос")

    def refused(question, field):
        hw = create_homework(stack, world.T1, g, questions=[question])
        r = publish(stack, world.T1, hw["id"])
        assert r.status == 400, r
        assert r.json()["questions"][0]["field"] == field, r.json()
        assert "Вопрос 1" in r.json()["detail"]
        assert get_homework(stack, world.T1, hw["id"])["status"] == "draft"

    refused({"prompt": "x", "question_type": "FILL_BLANKS", "config": {
        "template": "[___] и [___]", "answers": ["a"]}}, "config.answers")
    refused({"prompt": "x", "question_type": "MULTI_CHOICE", "choices": [
        {"text": "a", "is_correct": False}, {"text": "b", "is_correct": False}]}, "choices")
    refused({"prompt": "x", "question_type": "MATCHING", "config": {"pairs": [
        {"id": "p1", "left": "A", "right": "1"}, {"id": "p2", "left": "B", "right": "1"}]}},
        "config.pairs[1].right")
    refused({"prompt": "x", "question_type": "HOTSPOT", "config": {"hotspots": [
        {"id": "h", "x": 1, "y": 1, "width": 5, "height": 5, "isCorrect": True}]}},
        "config.imageUrl")
    refused({"prompt": "x", "question_type": "DRAG_DROP", "config": {
        "items": [{"id": "a", "text": "A"}]}}, "config.items")
    no_target = create_homework(stack, world.T1, None)
    r = publish(stack, world.T1, no_target["id"])
    assert r.status == 400 and "Назначьте" in r.json()["detail"], r
    hw = create_homework(stack, world.T1, g)
    r = publish(stack, world.T1, hw["id"])
    assert r.status == 200, r
    body = r.json()
    assert body["status"] == "success" and body["homework_id"] == hw["id"]
    assert body["message"] and body["published_at"].endswith("Z")
    assert get_homework(stack, world.T1, hw["id"])["status"] == "published"
    assert_detail(publish(stack, world.T1, hw["id"]), 400, "ДЗ уже опубликовано")
    assert publish(stack, world.T2, hw["id"]).status == 404
    assert publish(stack, world.S1, hw["id"]).status == 403


def test_archive_by_a_titleless_put_and_the_to_do_list(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    todo = api(stack, "GET", "/api/homework/?status=published", world.S1).json()["results"]
    assert hw["id"] in [h["id"] for h in todo]
    r = api(stack, "PUT", f"/api/homework/{hw['id']}/", world.T1, json={"status": "archived"})
    assert r.status == 200 and r.json()["status"] == "archived", r
    todo = api(stack, "GET", "/api/homework/?status=published", world.S1).json()["results"]
    assert hw["id"] not in [h["id"] for h in todo]
    # Without a submission of theirs an archived homework is gone for the student.
    assert api(stack, "GET", f"/api/homework/{hw['id']}/", world.S1).status == 404
    # Archived work is published again by publish/.
    assert publish(stack, world.T1, hw["id"]).status == 200
    r = api(stack, "POST", f"/api/homework/{hw['id']}/archive/", world.T1)
    assert r.status == 200 and r.json()["status"] == "archived"
    r = api(stack, "POST", f"/api/homework/{hw['id']}/archive/", world.T1)
    assert r.status == 200 and r.json()["status"] == "archived"
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.T1, json={"status": "gone"})
    assert_field_400(r, "status")


def test_back_to_draft_only_before_any_work(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.T1, json={"status": "draft"})
    assert r.status == 200 and r.json()["status"] == "draft"
    assert publish(stack, world.T1, hw["id"]).status == 200
    start(stack, world.S1, hw["id"])
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.T1, json={"status": "draft"})
    assert_detail(r, 409)


def test_delete_409_once_work_was_handed_in(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    sub = start(stack, world.S1, hw["id"])
    assert submit(stack, world.S1, sub["id"]).status == 200
    r = api(stack, "DELETE", f"/api/homework/{hw['id']}/", world.T1)
    assert_detail(r, 409)
    assert "архив" in r.json()["detail"]
    other = create_homework(stack, world.T1, world.G1["id"], publish=True)
    start(stack, world.S1, other["id"])         # in progress only: may go
    assert api(stack, "DELETE", f"/api/homework/{other['id']}/", world.T1).status == 204
    assert api(stack, "GET", f"/api/homework/{other['id']}/", world.T1).status == 404


# -- editing: questions merged by id ----------------------------------------------------------------

def test_questions_are_merged_by_id_and_answered_ones_kept(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    sub = start(stack, world.S1, hw["id"])
    assert autosave(stack, world.S1, sub["id"], correct_answers(hw)).status == 200
    assert submit(stack, world.S1, sub["id"]).status == 200
    qs = hw["questions"]
    # Dropping an answered question: 409, nothing changed.
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.T1,
            json={"title": "Новое", "questions": [{"id": q["id"]} for q in qs[1:]]})
    assert r.status == 409, r
    assert r.json()["question_ids"] == [qs[0]["id"]], r.json()
    assert get_homework(stack, world.T1, hw["id"])["title"] == hw["title"]
    # Dropping the unanswered FILE_UPLOAD, renaming one, adding one: ids kept.
    keep = [{"id": q["id"]} for q in qs[:-1]]
    keep[0] = {"id": qs[0]["id"], "prompt": "Сколько будет 9 : 2?"}
    keep.append({"prompt": "Новый", "question_type": "TEXT", "points": 5})
    r = api(stack, "PUT", f"/api/homework/{hw['id']}/", world.T1, json={"questions": keep})
    assert r.status == 200, r
    now = r.json()["questions"]
    assert [q["id"] for q in now[:8]] == [q["id"] for q in qs[:8]]
    assert now[0]["prompt"] == "Сколько будет 9 : 2?" and now[8]["prompt"] == "Новый"
    assert now[1]["choices"] == qs[1]["choices"]          # choices kept by id
    mine = api(stack, "GET", f"/api/submissions/{sub['id']}/", world.S1).json()
    assert len(mine["answers"]) == 8                       # the student's work is intact
    # Changing an answered question's type is a 409 as well.
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.T1, json={
        "questions": [{"id": qs[0]["id"], "question_type": "FILE_UPLOAD"}] +
                     [{"id": q["id"]} for q in now[1:]]})
    assert r.status == 409 and r.json()["question_ids"] == [qs[0]["id"]], r
    # An id of another homework is refused.
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.T1, json={
        "questions": [{"id": 999999999, "prompt": "x"}]})
    assert r.status == 400 and r.json()["questions"][0]["field"] == "id", r


def test_a_changed_key_regrades_handed_in_answers(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    q = by_type(hw)
    sub = start(stack, world.S1, hw["id"])
    wrong = [c["id"] for c in q["SINGLE_CHOICE"]["choices"] if not c["is_correct"]][0]
    autosave(stack, world.S1, sub["id"], {str(q["SINGLE_CHOICE"]["id"]): wrong,
                                          str(q["TEXT"]["id"]): "4,5"})
    done = submit(stack, world.S1, sub["id"]).json()
    assert done["total_score"] == 10, done
    # The key moves to the student's pick, and TEXT's points double.
    choices = [{"id": c["id"], "text": c["text"], "is_correct": c["id"] == wrong}
               for c in q["SINGLE_CHOICE"]["choices"]]
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.T1, json={"questions": [
        {"id": x["id"]} for x in hw["questions"] if x["question_type"] not in
        ("SINGLE_CHOICE", "TEXT")] + [
        {"id": q["SINGLE_CHOICE"]["id"], "choices": choices},
        {"id": q["TEXT"]["id"], "points": 20}]})
    assert r.status == 200, r
    after = api(stack, "GET", f"/api/submissions/{sub['id']}/", world.T1).json()
    scores = {a["question"]: a["auto_score"] for a in after["answers"]}
    assert scores[q["SINGLE_CHOICE"]["id"]] == 10 and scores[q["TEXT"]["id"]] == 20
    assert after["total_score"] == 30 and after["status"] == "graded"


def test_published_homework_stays_publishable(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    q = by_type(hw)
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", world.T1, json={"questions": [
        {"id": x["id"]} for x in hw["questions"] if x["question_type"] != "FILL_BLANKS"] + [
        {"id": q["FILL_BLANKS"]["id"], "config": {"template": "[___] [___]",
                                                  "answers": ["a"]}}]})
    assert r.status == 400 and r.json()["questions"][0]["field"] == "config.answers", r
    # A draft may be unfinished.
    draft = create_homework(stack, world.T1, world.G1["id"])
    r = api(stack, "PATCH", f"/api/homework/{draft['id']}/", world.T1, json={"questions": [
        {"question_type": "FILL_BLANKS", "config": {"template": "[___] [___]",
                                                    "answers": ["a"]}}]})
    assert r.status == 200, r


# -- assignment and visibility ---------------------------------------------------------------------

def test_assignment_to_part_of_a_group_and_single_students(stack, world):
    t, g, (s1, s2, s3) = class_of(stack, 3)
    solo = new_user(stack)
    create_group(stack, t, student_ids=[solo.id])
    deadline_g, deadline_s = in_days(5), in_days(9)
    hw = create_homework(stack, t, None, publish=True, group_assignments_data=[
        {"group_id": g["id"], "student_ids": [s1.id, s2.id], "deadline": deadline_g}],
        individual_assignments_data=[{"student_id": solo.id, "deadline": deadline_s}])
    assert hw["group_assignments"][0]["student_ids"] == [s1.id, s2.id]
    assert hw["group_assignments"][0]["all_students"] is False
    assert hw["individual_assignments"][0]["student_id"] == solo.id
    assert [s["id"] for s in hw["assigned_students"]] == [solo.id]
    assert get_homework(stack, s1, hw["id"])["effective_deadline"] == deadline_g
    assert get_homework(stack, solo, hw["id"])["effective_deadline"] == deadline_s
    assert get_homework(stack, solo, hw["id"])["group_name"] == "Индивидуальные"
    assert api(stack, "GET", f"/api/homework/{hw['id']}/", s3).status == 404
    mine = api(stack, "GET", "/api/homework/", s3).json()["results"]
    assert hw["id"] not in [h["id"] for h in mine]
    details = api(stack, "GET", f"/api/homework/{hw['id']}/assignment-details/", t).json()
    ga = details["group_assignments"][0]
    assert ga["all_students"] is False and ga["deadline"] == deadline_g
    assert {s["id"] for s in ga["assigned_students"]} == {s1.id, s2.id}
    assert {s["id"] for s in ga["students_in_group"]} == {s1.id, s2.id, s3.id}
    assert [s["id"] for s in details["individual_students"]] == [solo.id]
    assert api(stack, "GET", f"/api/homework/{hw['id']}/assignment-details/",
               s1).status == 403
    # Reassigning to the whole group replaces the rows.
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", t,
            json={"assigned_group_ids": [g["id"]]})
    assert r.status == 200 and r.json()["group_assignments"][0]["all_students"] is True
    assert api(stack, "GET", f"/api/homework/{hw['id']}/", s3).status == 200


def test_leaving_the_group_hides_the_homework_not_the_work(stack, world):
    t, g, (s1, s2) = class_of(stack, 2)
    hw = create_homework(stack, t, g["id"], publish=True)
    sub = start(stack, s1, hw["id"])
    r = api(stack, "POST", f"/api/groups/{g['id']}/remove_students/", t,
            json={"student_ids": [s1.id]})
    assert r.status == 200, r
    assert api(stack, "GET", f"/api/homework/{hw['id']}/", s1).status == 404
    assert hw["id"] not in [h["id"] for h in
                            api(stack, "GET", "/api/homework/", s1).json()["results"]]
    assert api(stack, "GET", f"/api/submissions/{sub['id']}/", s1).status == 200
    r = autosave(stack, s1, sub["id"], {})
    assert r.status == 403, r


def test_lists_by_role_with_filters_and_cursors(stack, world):
    t, g, (s1,) = class_of(stack, 1)
    made = [create_homework(stack, t, g["id"], publish=i % 2 == 0) for i in range(5)]
    # Newest first; the next link carries a signed cursor.
    r = api(stack, "GET", "/api/homework/?page_size=2", t).json()
    assert r["count"] == 5 and [h["id"] for h in r["results"]] == [made[4]["id"], made[3]["id"]]
    assert "cursor=" in r["next"] and r["previous"] is None
    seen = [h["id"] for h in r["results"]]
    nxt = r["next"]
    while nxt:
        r = api(stack, "GET", nxt[nxt.index("/api/"):], t).json()
        seen += [h["id"] for h in r["results"]]
        nxt = r["next"]
    assert seen == [h["id"] for h in reversed(made)]
    # The original's page numbers still work.
    p2 = api(stack, "GET", "/api/homework/?page_size=2&page=2", t).json()
    assert [h["id"] for h in p2["results"]] == [made[2]["id"], made[1]["id"]]
    assert "page=1" in p2["previous"]
    assert api(stack, "GET", "/api/homework/?page_size=2&page=9", t).status == 404
    # A forged cursor is refused.
    bad = r"/api/homework/?cursor=WyIyMDI2LTAxLTAxIiwxXQ.0000000000000000000000000000000"
    assert api(stack, "GET", bad + "0", t).status == 400
    published = api(stack, "GET", "/api/homework/?status=published", t).json()
    assert published["count"] == 3
    assert all(h["status"] == "published" for h in published["results"])
    assert_field_400(api(stack, "GET", "/api/homework/?status=wrong", t), "status")
    assert api(stack, "GET", "/api/homework/?is_template=1", t).json()["count"] == 0
    # The student: published work assigned to them, with their submission.
    sub = start(stack, s1, made[0]["id"])
    mine = api(stack, "GET", "/api/homework/", s1).json()
    assert mine["count"] == 3
    entry = next(h for h in mine["results"] if h["id"] == made[0]["id"])
    assert entry["submission"] == {"id": sub["id"], "status": "in_progress"}
    assert "questions" not in entry
    assert not any(k in json.dumps(mine, ensure_ascii=False) for k in KEYS)
    # The admin sees everyone's, read only.
    everyone = api(stack, "GET", "/api/homework/?page_size=500", world.A).json()
    assert {h["id"] for h in made} <= {h["id"] for h in everyone["results"]}


def test_student_view_has_no_key_and_a_stable_order(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    v1 = api(stack, "GET", f"/api/homework/{hw['id']}/", world.S1)
    text = v1.text
    for k in KEYS:
        assert k not in text, k
    view = v1.json()
    q = by_type(view)
    assert "MULTIPLE_CHOICE" in q and "MULTI_CHOICE" not in q
    assert q["FILL_BLANKS"]["config"]["answers"] == [""]
    assert q["LISTENING"]["config"]["audioUrl"] == AUDIO
    assert q["HOTSPOT"]["config"]["imageUrl"] == IMAGE
    order = [i["id"] for i in q["DRAG_DROP"]["config"]["items"]]
    assert sorted(order) == ["item-1", "item-2", "item-3", "item-4"]
    assert order != ["item-1", "item-2", "item-3", "item-4"]
    rights = [p["right"] for p in q["MATCHING"]["config"]["pairs"]]
    assert sorted(rights) == sorted(["Москва", "Париж", "Рим"])
    assert rights != ["Москва", "Париж", "Рим"]
    assert [p["left"] for p in q["MATCHING"]["config"]["pairs"]] == ["Россия", "Франция",
                                                                     "Италия"]
    # Stable across reloads, before and after the submission exists.
    sub = start(stack, world.S1, hw["id"])
    again = get_homework(stack, world.S1, hw["id"])
    assert by_type(again)["DRAG_DROP"]["config"] == q["DRAG_DROP"]["config"]
    assert by_type(again)["MATCHING"]["config"] == q["MATCHING"]["config"]
    assert again["submission"] == {"id": sub["id"], "status": "in_progress"}
    mine = api(stack, "GET", f"/api/submissions/{sub['id']}/", world.S1)
    # Every question has its (empty) answer row from the start; "answer" there is the
    # student's own answer, never the key.
    for k in KEYS:
        if k != '"answer"':
            assert k not in mine.text, k
    assert [a["answer"] for a in mine.json()["answers"]] == [None] * 9
