"""Submissions through nginx (PHASE2-3.md 1.3, 1.6.2-1.6.6, 2.5, P2.3, P2.5, P2.6): idempotent
start, forgiving autosave with telemetry added up and no score shown while answers can change,
idempotent submit with grading by the rules of every type, deadlines and late_policy,
archived homework, the teacher's review (scores, feedback, overall score, complete_review,
send_for_revision and the revision rules), my-answers, the lists and the statistics table."""

import json

import pytest

from hw_helpers import (by_type, class_of, correct_answers, create_homework, get_homework,
                        in_days, autosave, start, submit)
from test_groups_api import api, assert_err2, assert_field_400, new_admin, new_user

P = 10


def q(qtype, config=None, choices=None, prompt="?"):
    out = {"prompt": prompt, "question_type": qtype, "points": P, "config": config or {}}
    if choices is not None:
        out["choices"] = [{"text": t, "is_correct": c} for t, c in choices]
    return out


def fill(strategy=None, cs=False):
    cfg = {"template": "[___] is in France", "answers": ["Paris"], "caseSensitive": cs}
    if strategy:
        cfg["matchingStrategy"] = strategy
    return q("FILL_BLANKS", cfg)


SPOTS = {"imageUrl": "https://example.org/m.png", "hotspots": [
    {"id": "h1", "x": 10, "y": 10, "width": 20, "height": 20, "isCorrect": True},
    {"id": "h2", "x": 50, "y": 50, "width": 20, "height": 20, "isCorrect": True},
    {"id": "h3", "x": 0, "y": 80, "width": 10, "height": 10, "isCorrect": False}]}
MULTI = [("a", True), ("b", True), ("c", True), ("d", False)]

# (question, how to answer it from the teacher's view of it, expected auto_score); None: null
TABLE = [
    ("single correct", q("SINGLE_CHOICE", choices=[("A", True), ("B", False)]),
     lambda x: next(c["id"] for c in x["choices"] if c["is_correct"]), 10),
    ("single wrong", q("SINGLE_CHOICE", choices=[("A", True), ("B", False)]),
     lambda x: next(c["id"] for c in x["choices"] if not c["is_correct"]), 0),
    ("multi 2 right 1 wrong", q("MULTI_CHOICE", choices=MULTI),
     lambda x: [c["id"] for c in x["choices"]][1:], 3),
    ("multi exact", q("MULTI_CHOICE", choices=MULTI),
     lambda x: [c["id"] for c in x["choices"] if c["is_correct"]], 10),
    ("text 4,5", q("TEXT", {"correctAnswer": "4,5"}), lambda x: " 4.5 ", 10),
    ("listening 3 of 4", q("LISTENING", {"audioUrl": "https://example.org/a.mp3",
                                         "subQuestions": [
                                             {"id": "s1", "answer": "One"},
                                             {"id": "s2", "answer": "Two"},
                                             {"id": "s3", "answer": "Three"},
                                             {"id": "s4", "answer": "Four"}]}),
     lambda x: {"s1": "ONE", "s2": "two", "s3": "THREE", "s4": "five"}, 7),
    ("matching 2 of 3", q("MATCHING", {"pairs": [
        {"id": "p1", "left": "A", "right": "1"}, {"id": "p2", "left": "B", "right": "2"},
        {"id": "p3", "left": "C", "right": "3"}]}),
     lambda x: {"p1": "1", "p2": "2", "p3": "1"}, 6),
    ("drag 2 of 4", q("DRAG_DROP", {"items": [{"id": i, "text": i} for i in "abcd"],
                                    "correctOrder": list("abcd")}),
     lambda x: ["a", "b", "d", "c"], 5),
    ("fill case-sensitive", fill(cs=True), lambda x: ["paris"], 0),
    ("fill case-insensitive", fill(), lambda x: ["paris"], 10),
    ("fill loose", fill("loose"), lambda x: ["Pariss"], 10),
    ("fill exact", fill("exact"), lambda x: ["Pariss"], 0),
    ("hotspot h1 h3", q("HOTSPOT", SPOTS), lambda x: ["h1", "h3"], 0),
    ("hotspot h1", q("HOTSPOT", SPOTS), lambda x: ["h1"], 5),
    ("hotspot click in h1", q("HOTSPOT", SPOTS), lambda x: [{"x": 15, "y": 25}], 5),
    ("file without a file", q("FILE_UPLOAD", {"maxFiles": 1}), None, 0),
    ("text without a key", q("TEXT", {}), lambda x: "Моё мнение", None),
]


@pytest.fixture(scope="module")
def world(stack):
    class W:
        pass
    w = W()
    w.T1, w.G1, (w.S1, w.S2) = class_of(stack)
    w.T2, w.G2, (w.S3,) = class_of(stack, 1)
    w.A = new_admin(stack)
    return w


def sub_of(stack, user, sub_id):
    r = api(stack, "GET", f"/api/submissions/{sub_id}/", user)
    assert r.status == 200, r
    return r.json()


def test_scoring_table(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True,
                         questions=[qq for _, qq, _, _ in TABLE])
    sub = start(stack, world.S1, hw["id"], expect=(201,))
    assert sub["status"] == "in_progress" and sub["submitted_at"] is None
    answers = {str(x["id"]): how(x) for (_, _, how, _), x in zip(TABLE, hw["questions"])
               if how is not None}
    r = autosave(stack, world.S1, sub["id"], answers)
    assert r.status == 200 and r.json()["total_score"] is None and \
        r.json()["status"] == "saved", r
    mine = sub_of(stack, world.S1, sub["id"])
    assert mine["total_score"] is None
    assert all(a["auto_score"] is None and a["teacher_score"] is None
               for a in mine["answers"])
    echoed = {str(a["question"]): a["answer"] for a in mine["answers"]}
    assert echoed[str(hw["questions"][4]["id"])] == " 4.5 "
    r = submit(stack, world.S1, sub["id"])
    assert r.status == 200, r
    done = r.json()
    assert done["status"] == "submitted"           # the keyless TEXT waits for the teacher
    teacher = sub_of(stack, world.T1, sub["id"])
    got = {a["question"]: a["auto_score"] for a in teacher["answers"]}
    # Every question has a row from the start; one left unanswered is graded as such.
    for (name, _, how, want), x in zip(TABLE, hw["questions"]):
        assert got[x["id"]] == want, (name, got[x["id"]], want)
    keyless = next(a for a in teacher["answers"] if a["question"] == hw["questions"][-1]["id"])
    assert keyless["needs_manual_review"] is True
    assert teacher["total_score"] == sum(w for _, _, h, w in TABLE if h and w)
    # Submit again: the same answer.
    again = submit(stack, world.S1, sub["id"])
    assert again.status == 200 and again.json() == done


def test_all_auto_graded_is_graded_at_once(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    sub = start(stack, world.S1, hw["id"])
    autosave(stack, world.S1, sub["id"], correct_answers(hw))
    # FILE_UPLOAD left empty: 0, nothing to review.
    r = submit(stack, world.S1, sub["id"]).json()
    assert r["status"] == "graded" and r["graded_at"] and r["total_score"] == 80, r
    assert r["is_late"] is False


def test_start_is_idempotent(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    a = api(stack, "POST", "/api/submissions/", world.S2, json={"homework": hw["id"]})
    b = api(stack, "POST", "/api/submissions/", world.S2, json={"homework": hw["id"]})
    assert (a.status, b.status) == (201, 200) and a.json()["id"] == b.json()["id"]
    assert api(stack, "POST", "/api/submissions/", world.S3,
               json={"homework": hw["id"]}).status == 404
    assert api(stack, "POST", "/api/submissions/", world.T1,
               json={"homework": hw["id"]}).status == 403
    assert_field_400(api(stack, "POST", "/api/submissions/", world.S2, json={}), "homework")


def test_autosave_is_forgiving_and_adds_telemetry(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    text = str(by_type(hw)["TEXT"]["id"])
    sub = start(stack, world.S1, hw["id"])
    for body in ({"answers": []}, {"answers": "x"}, {"nothing": 1}, [1, 2]):
        assert_err2(api(stack, "PATCH", f"/api/submissions/{sub['id']}/answer/", world.S1,
                        json=body), 400)
    tele = {"time_spent_seconds": 30, "tab_switches": 1, "is_pasted": False}
    r = autosave(stack, world.S1, sub["id"], {text: "4", "999999": "ignored", "abc": 1,
                                              text + "_telemetry": tele})
    assert r.status == 200, r
    r = autosave(stack, world.S1, sub["id"], {text + "_telemetry": {
        "time_spent_seconds": 30, "tab_switches": 2, "is_pasted": True}})
    assert r.status == 200, r
    r = autosave(stack, world.S1, sub["id"], {text + "_telemetry": {
        "time_spent_seconds": -5, "tab_switches": "x"}, text: 12345})
    assert r.status == 200, r
    a = next(x for x in sub_of(stack, world.S1, sub["id"])["answers"]
             if str(x["question"]) == text)
    assert a["answer"] == "4" and a["time_spent_seconds"] == 60
    assert a["tab_switches"] == 3 and a["is_pasted"] is True
    # A body past 1 MiB is refused.
    big = autosave(stack, world.S1, sub["id"], {text: "x" * (1024 * 1024 + 10)})
    assert big.status == 413, big


def test_autosave_after_submit_and_on_archived_homework(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    sub = start(stack, world.S1, hw["id"])
    assert submit(stack, world.S1, sub["id"]).status == 200
    assert_err2(autosave(stack, world.S1, sub["id"], {}), 400)
    other = create_homework(stack, world.T1, world.G1["id"], publish=True)
    s2 = start(stack, world.S1, other["id"])
    api(stack, "POST", f"/api/homework/{other['id']}/archive/", world.T1)
    body = assert_err2(autosave(stack, world.S1, s2["id"], {}), 400)
    assert body["detail"] == "Homework is archived"
    assert_err2(submit(stack, world.S1, s2["id"]), 400)
    # The student still reads the archived homework with their work.
    assert get_homework(stack, world.S1, other["id"])["status"] == "archived"
    # Archived homework without work of theirs is gone for a student.
    assert api(stack, "POST", "/api/submissions/", world.S2,
               json={"homework": other["id"]}).status == 404


def test_deadlines_and_late_policy(stack, world):
    late = create_homework(stack, world.T1, world.G1["id"], publish=True,
                           deadline=in_days(-1))
    sub = start(stack, world.S1, late["id"])
    r = submit(stack, world.S1, sub["id"])
    assert r.status == 200 and r.json()["is_late"] is True, r
    blocked = create_homework(stack, world.T1, world.G1["id"], publish=True,
                              deadline=in_days(-1), late_policy="block")
    sub = start(stack, world.S1, blocked["id"])
    body = assert_err2(submit(stack, world.S1, sub["id"]), 400)
    assert body["detail"] == "Deadline passed"
    # A group row's deadline wins over the homework's.
    t, g, (s,) = class_of(stack, 1)
    hw = create_homework(stack, t, None, publish=True, deadline=in_days(-1),
                         late_policy="block", group_assignments_data=[
                             {"group_id": g["id"], "deadline": in_days(2)}])
    own = start(stack, s, hw["id"])
    r = submit(stack, s, own["id"])
    assert r.status == 200 and r.json()["is_late"] is False, r
    # A revision after the deadline is still handed in, and lateness stays as it was.
    api(stack, "PATCH", f"/api/homework/{hw['id']}/", t, json={
        "group_assignments_data": [{"group_id": g["id"], "deadline": in_days(-1)}]})
    r = api(stack, "POST", f"/api/submissions/{own['id']}/send_for_revision/", t,
            json={"comment": "Ещё раз"})
    assert r.status == 200, r
    r = submit(stack, s, own["id"])
    assert r.status == 200 and r.json()["is_late"] is False, r


def test_review_scores_feedback_and_completion(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True,
                         questions=[q("TEXT", {}), q("TEXT", {"correctAnswer": "x"}),
                                    q("SINGLE_CHOICE", choices=[("A", True), ("B", False)])])
    open_q, keyed, single = hw["questions"]
    sub = start(stack, world.S1, hw["id"])
    autosave(stack, world.S1, sub["id"], {str(open_q["id"]): "эссе", str(keyed["id"]): "x"})
    assert submit(stack, world.S1, sub["id"]).json()["status"] == "submitted"
    # The teacher's lists: filters, and nothing for others.
    listed = api(stack, "GET", f"/api/submissions/?status=submitted&group_id="
                 f"{world.G1['id']}", world.T1).json()
    assert sub["id"] in [x["id"] for x in listed["results"]]
    assert api(stack, "GET", "/api/submissions/?status=submitted", world.T2).json()[
        "count"] == 0
    assert all(x["student"] == world.S1.id for x in
               api(stack, "GET", "/api/submissions/", world.S1).json()["results"])
    path = f"/api/submissions/{sub['id']}"
    answer = next(a for a in sub_of(stack, world.T1, sub["id"])["answers"]
                  if a["question"] == open_q["id"])
    # complete_review while a manual answer waits: 400 naming it; update_answer bounds.
    r = api(stack, "POST", path + "/complete_review/", world.T1, json={})
    assert r.status == 400 and r.json()["question_ids"] == [open_q["id"]], r
    assert_field_400(api(stack, "PATCH", path + "/update_answer/", world.T1,
                         json={"answer_id": answer["id"], "teacher_score": 11}),
                     "teacher_score")
    assert api(stack, "PATCH", path + "/update_answer/", world.T2,
               json={"answer_id": answer["id"], "teacher_score": 5}).status == 404
    assert api(stack, "PATCH", path + "/update_answer/", world.S1,
               json={"answer_id": answer["id"], "teacher_score": 5}).status == 403
    r = api(stack, "PATCH", path + "/update_answer/", world.T1,
            json={"answer_id": answer["id"], "teacher_score": 7,
                  "teacher_feedback": "Хорошо"})
    assert r.status == 200, r
    body = r.json()
    assert body["status"] == "graded" and body["total_score"] == 17, body
    # An unanswered question can be scored by its id.
    r = api(stack, "PATCH", path + "/update_answer/", world.T1,
            json={"question_id": single["id"], "teacher_score": 3})
    assert r.status == 200 and r.json()["total_score"] == 20, r
    # Overall feedback and score: bounded, an override until cleared.
    assert_field_400(api(stack, "PATCH", path + "/feedback/", world.T1,
                         json={"comment": "Итог", "score": 999}), "score")
    r = api(stack, "PATCH", path + "/feedback/", world.T1, json={"comment": "Итог",
                                                                "score": 25})
    assert r.status == 200 and r.json()["total_score"] == 25, r
    assert r.json()["teacher_feedback_summary"]["text"] == "Итог"
    r = api(stack, "POST", path + "/grade/", world.T1, json={"grade": 26, "feedback": "ok"})
    assert r.status == 200 and r.json()["total_score"] == 26, r
    assert r.json()["teacher_feedback_summary"]["text"] == "ok"
    r = api(stack, "PATCH", path + "/feedback/", world.T1, json={"score": None})
    assert r.status == 200 and r.json()["total_score"] == 20, r
    # The student now sees scores (allow_view_answers) and the key in my-answers.
    mine = sub_of(stack, world.S1, sub["id"])
    assert mine["total_score"] == 20
    my = api(stack, "GET", f"/api/homework/{hw['id']}/my-answers/", world.S1)
    assert my.status == 200, my
    assert my.json()["questions"][1]["config"]["correctAnswer"] == "x"
    scored = {a["question_id"]: (a["score"], a["is_correct"]) for a in my.json()["answers"]}
    assert scored[open_q["id"]] == (7, False) and scored[keyed["id"]] == (10, True)
    assert_err2(api(stack, "GET", f"/api/homework/{hw['id']}/my-answers/", world.T1), 403)


def test_complete_review_with_force_and_revision_cycle(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True, questions=[
        q("TEXT", {}), q("SINGLE_CHOICE", choices=[("A", True), ("B", False)]),
        q("TEXT", {"correctAnswer": "верно"})])
    open_q, single, keyed = hw["questions"]
    right = next(c["id"] for c in single["choices"] if c["is_correct"])
    wrong = next(c["id"] for c in single["choices"] if not c["is_correct"])
    sub = start(stack, world.S2, hw["id"])
    path = f"/api/submissions/{sub['id']}"
    assert_err2(api(stack, "POST", path + "/send_for_revision/", world.T1, json={}), 400)
    autosave(stack, world.S2, sub["id"], {str(open_q["id"]): "текст",
                                          str(single["id"]): wrong,
                                          str(keyed["id"]): "верно"})
    submit(stack, world.S2, sub["id"])
    r = api(stack, "POST", path + "/complete_review/", world.T1, json={"force": True})
    assert r.status == 200 and r.json()["status"] == "graded", r
    ans = {a["question"]: a for a in r.json()["answers"]}
    api(stack, "PATCH", path + "/update_answer/", world.T1,
        json={"answer_id": ans[open_q["id"]]["id"], "teacher_score": 4})
    r = api(stack, "POST", path + "/send_for_revision/", world.T1, json={"comment": "Исправь"})
    assert r.status == 200, r
    body = r.json()
    assert body["status"] == "revision" and body["revision_count"] == 1
    assert body["revision_comment"] == "Исправь"
    flags = {a["question"]: a["needs_revision"] for a in body["answers"]}
    assert flags == {open_q["id"]: True, single["id"]: True, keyed["id"]: False}
    # The student: my-answers refused while editable; only flagged answers change;
    # no scores for the flagged ones.
    assert_err2(api(stack, "GET", f"/api/homework/{hw['id']}/my-answers/", world.S2), 400)
    mine = sub_of(stack, world.S2, sub["id"])
    assert mine["total_score"] is None
    shown = {a["question"]: a["teacher_score"] for a in mine["answers"]}
    assert shown[open_q["id"]] is None
    autosave(stack, world.S2, sub["id"], {str(single["id"]): right,
                                          str(keyed["id"]): "неверно"})
    r = submit(stack, world.S2, sub["id"])
    assert r.status == 200, r
    teacher = sub_of(stack, world.T1, sub["id"])
    ans = {a["question"]: a for a in teacher["answers"]}
    assert ans[keyed["id"]]["answer"] == "верно" and ans[keyed["id"]]["auto_score"] == 10
    assert ans[single["id"]]["auto_score"] == 10 and ans[single["id"]]["revision_count"] == 1
    # The open answer was not changed: its manual score stays; graded again.
    assert ans[open_q["id"]]["teacher_score"] == 4 and teacher["status"] == "graded"
    assert teacher["total_score"] == 24
    # All full marks but the open one: revision again flags only it.
    r = api(stack, "POST", path + "/send_for_revision/", world.T1, json={})
    assert r.status == 200
    autosave(stack, world.S2, sub["id"], {str(open_q["id"]): "новый текст"})
    done = submit(stack, world.S2, sub["id"]).json()
    assert done["status"] == "submitted"     # the changed answer lost its manual score
    assert done["revision_count"] == 2


def test_revision_after_a_manual_score_on_an_auto_answer(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True, questions=[
        q("TEXT", {"correctAnswer": "верно"})])
    (keyed,) = hw["questions"]
    sub = start(stack, world.S1, hw["id"])
    autosave(stack, world.S1, sub["id"], {str(keyed["id"]): "почти"})
    submit(stack, world.S1, sub["id"])
    path = f"/api/submissions/{sub['id']}"
    answer = sub_of(stack, world.T1, sub["id"])["answers"][0]
    api(stack, "PATCH", path + "/update_answer/", world.T1,
        json={"answer_id": answer["id"], "teacher_score": 3})
    assert api(stack, "POST", path + "/send_for_revision/", world.T1, json={}).status == 200
    autosave(stack, world.S1, sub["id"], {str(keyed["id"]): "верно"})
    done = submit(stack, world.S1, sub["id"]).json()
    assert done["total_score"] == 10 and done["status"] == "graded", done


def test_send_for_revision_refused_when_all_is_right(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True, questions=[
        q("TEXT", {"correctAnswer": "да"})])
    sub = start(stack, world.S1, hw["id"])
    autosave(stack, world.S1, sub["id"], {str(hw["questions"][0]["id"]): "да"})
    submit(stack, world.S1, sub["id"])
    assert_err2(api(stack, "POST", f"/api/submissions/{sub['id']}/send_for_revision/",
                    world.T1, json={}), 400)


def test_scores_hidden_when_answers_are_not_shown(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True,
                         allow_view_answers=False)
    sub = start(stack, world.S1, hw["id"])
    autosave(stack, world.S1, sub["id"], correct_answers(hw))
    done = submit(stack, world.S1, sub["id"]).json()
    assert done["status"] == "graded" and done["total_score"] is None
    assert all(a["auto_score"] is None for a in done["answers"])
    assert_err2(api(stack, "GET", f"/api/homework/{hw['id']}/my-answers/", world.S1), 403)
    assert sub_of(stack, world.T1, sub["id"])["total_score"] == 80


def test_early_dialect_post_hands_the_work_in(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True, questions=[
        q("SINGLE_CHOICE", choices=[("A", True), ("B", False)]), q("TEXT", {})])
    single, text = hw["questions"]
    right = next(c["id"] for c in single["choices"] if c["is_correct"])
    r = api(stack, "POST", "/api/submissions/", world.S2, json={
        "homework": hw["id"], "answers": [
            {"question": single["id"], "selected_choices": [right]},
            {"question": text["id"], "text_answer": "ответ"}]})
    assert r.status == 201 and r.json()["status"] == "submitted", r


def test_submission_scope(stack, world):
    hw = create_homework(stack, world.T1, world.G1["id"], publish=True)
    sub = start(stack, world.S1, hw["id"])
    assert api(stack, "GET", f"/api/submissions/{sub['id']}/", world.S2).status == 404
    assert api(stack, "GET", f"/api/submissions/{sub['id']}/", world.T2).status == 404
    assert api(stack, "GET", f"/api/submissions/{sub['id']}/", world.T1).status == 200
    assert api(stack, "GET", f"/api/submissions/{sub['id']}/", world.A).status == 200
    assert api(stack, "PUT", f"/api/submissions/{sub['id']}/", world.S1,
               json={}).status == 405
    assert api(stack, "DELETE", f"/api/submissions/{sub['id']}/", world.T1).status == 405
    assert autosave(stack, world.S2, sub["id"], {}).status == 404
    assert submit(stack, world.T1, sub["id"]).status == 403


def test_lists_order_and_cursors(stack, world):
    t, g, students = class_of(stack, 4)
    hw = create_homework(stack, t, g["id"], publish=True)
    subs = [start(stack, s, hw["id"]) for s in students]
    for s, x in zip(students[:2], subs[:2]):
        submit(stack, s, x["id"])
    by_name = api(stack, "GET", f"/api/submissions/?homework={hw['id']}&page_size=3", t).json()
    assert by_name["count"] == 4 and len(by_name["results"]) == 3
    names = [x["student_name"] for x in by_name["results"]]
    assert names == sorted(names)
    rest = api(stack, "GET", by_name["next"][by_name["next"].index("/api/"):], t).json()
    assert len(rest["results"]) == 1 and rest["next"] is None
    assert rest["results"][0]["student_name"] > names[-1]
    newest = api(stack, "GET", "/api/submissions/?page_size=3", t).json()
    assert [x["id"] for x in newest["results"]] == [x["id"] for x in reversed(subs)][:3]
    assert "answers" not in newest["results"][0]
    graded = api(stack, "GET", "/api/submissions/?status=graded", t).json()
    assert graded["count"] == 2
    assert api(stack, "GET", "/api/submissions/?individual=1", t).json()["count"] == 0
    assert_field_400(api(stack, "GET", "/api/submissions/?status=done", t), "status")
    assert api(stack, "GET", "/api/submissions/?cursor=abc.def", t).status == 400


def test_statistics_table(stack, world):
    t, g, (s1, s2, s3) = class_of(stack, 3)
    hw = create_homework(stack, t, g["id"], publish=True, questions=[
        q("TEXT", {"correctAnswer": "a"}), q("TEXT", {"correctAnswer": "b"}),
        q("TEXT", {"correctAnswer": "c"}), q("TEXT", {})])
    q1, q2, q3, q4 = (str(x["id"]) for x in hw["questions"])
    sub = start(stack, s1, hw["id"])
    times = {q1: 30, q2: 45, q3: 60, q4: 15}
    autosave(stack, s1, sub["id"], {q1: "a", q2: "b", q3: "x", q4: "эссе", **{
        k + "_telemetry": {"time_spent_seconds": v} for k, v in times.items()}})
    submit(stack, s1, sub["id"])
    start(stack, s2, hw["id"])
    r = api(stack, "GET", f"/api/homework/{hw['id']}/statistics/", t)
    assert r.status == 200, r
    body = r.json()
    rows = {x["id"]: x for x in body["rows"]}
    assert set(rows) == {s1.id, s2.id, s3.id}
    one = rows[s1.id]
    assert (one["completed"], one["checked"], one["pending"], one["rework"]) == (4, 3, 1, 0)
    assert one["avg_time"] == "00:00:37" and one["total_time"] == "00:02:30"
    assert one["avg_percent"] == 67 and one["status"] == "submitted"
    assert rows[s2.id]["status"] == "in_progress" and rows[s2.id]["completed"] == 0
    assert rows[s3.id]["status"] == "not_started" and rows[s3.id]["avg_percent"] is None
    tot = body["totals"]
    assert tot["students_total"] == 3 and tot["submitted_total"] == 1
    assert tot["completed"] == 4 and tot["pending"] == 1
    # my-answers counts as "viewed" once graded.
    api(stack, "POST", f"/api/submissions/{sub['id']}/complete_review/", t,
        json={"force": True})
    assert api(stack, "GET", f"/api/homework/{hw['id']}/my-answers/", s1).status == 200
    again = api(stack, "GET", f"/api/homework/{hw['id']}/statistics/?group={g['id']}", t)
    assert {x["id"]: x for x in again.json()["rows"]}[s1.id]["viewed_answer"] == 1
    assert api(stack, "GET", f"/api/homework/{hw['id']}/statistics/", s1).status == 403
    assert api(stack, "GET", f"/api/homework/{hw['id']}/statistics/", world.T2).status == 404
    assert api(stack, "GET", f"/api/homework/{hw['id']}/statistics/", None).status == 401
