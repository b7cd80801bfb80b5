"""Badges (PHASE2-3.md 2.8, P2.9) and the summaries (2.6): QUICK_START, PERFECTIONIST and
EARLY_BIRD at a first submit graded in full three days before the deadline, once each; MARATHON
when every gamified homework due in a month was handed in; nothing without gamification; who
may list badges; the daily job; the teacher's and the student's summaries.
"""

import datetime

import pytest

from hw_helpers import create_homework, start, submit
from test_groups_api import api, create_group, new_admin, new_user
from test_rating_report_api import right_choice, single_choice
from test_tallies import check as rollups_check
from test_zoom_pool import db

B = "/api/badges/"


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def later(days):
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days)


@pytest.fixture(scope="module")
def cls(stack):
    class W:
        pass
    w = W()
    w.T1 = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    w.T2 = new_user(stack, "teacher")
    w.S1, w.S2, w.S3 = (new_user(stack) for _ in range(3))
    w.A = new_admin(stack)
    w.G1 = create_group(stack, w.T1, student_ids=[w.S1.id, w.S2.id])
    w.G2 = create_group(stack, w.T2, student_ids=[w.S3.id])
    return w


def gamified(stack, w, deadline, game=True, points=10):
    hw = create_homework(stack, w.T1, w.G1["id"], publish=True, questions=single_choice(points),
                         gamification_enabled=game, deadline=iso(deadline))
    return hw["id"]


def hand_in(stack, w, student, hw, right=True):
    sub = start(stack, student, hw)
    answers = right_choice(stack, w.T1, hw)
    if not right:
        answers = {k: v + 1 for k, v in answers.items()}
    r = submit(stack, student, sub["id"], {"answers": answers})
    assert r.status == 200, r
    return sub["id"]


def badges(stack, user, query):
    r = api(stack, "GET", B + query, user)
    assert r.status == 200, r
    return r.json()


def test_quick_start_perfectionist_early_bird_once(stack, cls):
    w = cls
    hw = gamified(stack, w, later(5))
    sub = hand_in(stack, w, w.S1, hw)
    got = badges(stack, w.S1, f"?student={w.S1.id}")
    kinds = {b["badge_type"] for b in got if b["homework_id"] == hw}
    assert kinds == {"QUICK_START", "PERFECTIONIST", "EARLY_BIRD"}, got
    assert all(set(b) == {"student_id", "badge_type", "title", "homework_id", "period",
                          "earned_at"} for b in got)
    # The only gamified homework due that month is in: MARATHON with its period.
    month = later(5).strftime("%Y-%m")
    assert any(b["badge_type"] == "MARATHON" and b["period"] == month and
               b["homework_id"] is None for b in got), got
    n = len(got)
    # Again: the same submit, a teacher's score, nothing new.
    assert submit(stack, w.S1, sub).status == 200
    r = api(stack, "PATCH", f"/api/submissions/{sub}/feedback/", w.T1,
            json={"comment": "ок", "score": 10})
    assert r.status == 200, r
    assert len(badges(stack, w.S1, f"?student={w.S1.id}")) == n


def test_no_badges_without_gamification_or_too_late(stack, cls):
    w = cls
    hw = gamified(stack, w, later(2), game=False)
    hand_in(stack, w, w.S2, hw)
    assert badges(stack, w.S2, f"?student={w.S2.id}") == []
    # Gamified, handed in 2 days before the deadline, half right: QUICK_START only.
    hw = gamified(stack, w, later(2), points=10)
    hand_in(stack, w, w.S2, hw, right=False)
    kinds = {b["badge_type"] for b in badges(stack, w.S2, f"?student={w.S2.id}")}
    assert "QUICK_START" in kinds and "EARLY_BIRD" not in kinds and \
        "PERFECTIONIST" not in kinds, kinds


def test_marathon_needs_every_homework_of_the_month(stack, cls):
    w = cls
    s = new_user(stack)
    api(stack, "POST", f"/api/groups/{w.G1['id']}/add_students/", w.T1,
        json={"student_ids": [s.id]})
    due = later(40).replace(day=10, hour=12)
    month = due.strftime("%Y-%m")
    h1 = gamified(stack, w, due)
    h2 = gamified(stack, w, due + datetime.timedelta(days=3))
    hand_in(stack, w, s, h1)
    assert not [b for b in badges(stack, s, "") if b["period"] == month]
    hand_in(stack, w, s, h2)
    mar = [b for b in badges(stack, s, "") if b["badge_type"] == "MARATHON"]
    assert [b["period"] for b in mar] == [month], mar
    # The daily job finds nothing more to award.
    r = api(stack, "POST", "/schedule/api/celery/trigger/award_badges/", w.A)
    assert r.status == 200, r
    assert len([b for b in badges(stack, s, "") if b["badge_type"] == "MARATHON"]) == 1


def test_the_job_awards_the_month_that_ended(stack, cls):
    w = cls
    s = new_user(stack)
    api(stack, "POST", f"/api/groups/{w.G1['id']}/add_students/", w.T1,
        json={"student_ids": [s.id]})
    hw = gamified(stack, w, later(10))
    hand_in(stack, w, s, hw)
    db(stack, f"DELETE FROM homework_badge WHERE student_id = {s.id}")
    # Make it last month's homework, handed in last month.
    db(stack, "UPDATE homework_homework SET deadline = LAST_DAY(UTC_DATE() - INTERVAL 1 MONTH)"
              f" + INTERVAL 12 HOUR WHERE id = {hw}")
    db(stack, "UPDATE homework_studentsubmission SET first_submitted_at = "
              "LAST_DAY(UTC_DATE() - INTERVAL 1 MONTH) WHERE student_id = "
              f"{s.id} AND homework_id = {hw}")
    r = api(stack, "POST", "/schedule/api/celery/trigger/award_badges/", w.A)
    assert r.status == 200, r
    month = db(stack, "SELECT DATE_FORMAT(UTC_DATE() - INTERVAL 1 MONTH, '%Y-%m')")[0][0]
    mar = [b for b in badges(stack, s, "") if b["badge_type"] == "MARATHON"]
    assert [b["period"] for b in mar] == [month], mar


def test_who_may_list_badges(stack, cls):
    w = cls
    hand_in(stack, w, w.S1, gamified(stack, w, later(5)))
    q = f"?student={w.S1.id}"
    for u, code in ((w.S1, 200), (w.T1, 200), (w.A, 200), (w.S2, 403), (w.T2, 403)):
        assert api(stack, "GET", B + q, u).status == code, u.role
    assert api(stack, "GET", B + q, None).status == 401
    g = f"?group={w.G1['id']}"
    mine = badges(stack, w.T1, g)
    assert {b["student_id"] for b in mine} >= {w.S1.id}
    for u, code in ((w.T2, 403), (w.S3, 403), (w.A, 200)):
        assert api(stack, "GET", B + g, u).status == code, u.role
    # A student of the group gets only their own.
    assert {b["student_id"] for b in badges(stack, w.S1, g)} == {w.S1.id}
    assert api(stack, "GET", B + "?group=999999999", w.T1).status == 404
    assert api(stack, "GET", B, w.T1).status == 400
    assert api(stack, "GET", B + "?student=x", w.T1).status == 400
    # A student's own, without a parameter.
    assert badges(stack, w.S1, "") == badges(stack, w.S1, q)
    # In the rating, with the rows.
    r = api(stack, "GET", f"/api/groups/{w.G1['id']}/rating/", w.S2).json()
    s1 = next(x for x in r["students"] if x["student_id"] == w.S1.id)
    kinds = {b["badge_type"]: b for b in s1["badges"]}
    assert set(kinds) >= {"QUICK_START", "PERFECTIONIST"}
    assert set(kinds["QUICK_START"]) == {"badge_type", "title", "count", "last_earned_at"}
    assert kinds["QUICK_START"]["count"] == sum(
        1 for b in badges(stack, w.S1, f"?student={w.S1.id}") if b["badge_type"] == "QUICK_START")


TEACHER_KEYS = {"total_lessons", "completed_lessons", "average_duration_seconds",
                "recorded_lessons", "recording_ratio_percent", "total_students",
                "upcoming_lessons", "teaching_minutes", "portal_minutes", "total_groups",
                "avg_grading_days", "pending_submissions", "graded_count_30d",
                "auto_graded_answers", "time_saved_minutes", "on_time_percent"}


def test_teacher_summary(stack, cls):
    w = cls
    t = new_user(stack, "teacher")
    g = create_group(stack, t, student_ids=[w.S1.id, w.S2.id])
    past = datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.timezone.utc)
    for start, minutes in ((past, 60), (later(1), 90)):
        r = api(stack, "POST", "/api/schedule/lessons/", t, json={
            "title": "Урок", "group": g["id"], "start_time": iso(start),
            "end_time": iso(start + datetime.timedelta(minutes=minutes))})
        assert r.status == 201, r
    r = api(stack, "GET", "/api/teacher-stats/summary/", t)
    assert r.status == 200, r
    j = r.json()
    assert set(j) == TEACHER_KEYS
    assert (j["total_lessons"], j["completed_lessons"], j["total_students"],
            j["total_groups"]) == (2, 1, 2, 1)
    assert j["average_duration_seconds"] == 4500 and j["teaching_minutes"] == 60
    assert j["portal_minutes"] == 69 and j["recorded_lessons"] == 0
    assert [u["group"] for u in j["upcoming_lessons"]] == [g["name"]]
    assert j["pending_submissions"] == 0 and j["on_time_percent"] is None
    # T1's homework work: graded answers count as auto-graded.
    before = api(stack, "GET", "/api/teacher-stats/summary/", w.T1).json()
    hand_in(stack, w, w.S2, gamified(stack, w, later(5), game=False))
    j = api(stack, "GET", "/api/teacher-stats/summary/", w.T1).json()
    assert j["auto_graded_answers"] == before["auto_graded_answers"] + 1
    assert j["time_saved_minutes"] == \
        2 * j["auto_graded_answers"]
    assert api(stack, "GET", "/api/teacher-stats/summary/", w.S1).status == 403
    assert api(stack, "GET", "/api/teacher-stats/summary/", w.A).status == 200


def test_student_summary(stack, cls):
    w = cls
    hand_in(stack, w, w.S1, gamified(stack, w, later(5), game=False))
    r = api(stack, "GET", "/api/student-stats/summary/", w.S1)
    assert r.status == 200, r
    j = r.json()
    assert j["overall"]["groups_count"] == len(j["groups"]) >= 1
    g = next(x for x in j["groups"] if x["id"] == w.G1["id"])
    assert g["teacher"]["id"] == w.T1.id and "email" not in g["teacher"]
    assert g["homeworks_total"] >= 1 and g["homeworks_completed"] >= 1
    for u in (w.T1, w.A):
        assert api(stack, "GET", "/api/student-stats/summary/", u).status == 403


def test_teacher_summary_exact_after_writes(stack, cls):
    """The summary reads rollups kept by triggers (sql/migrations/0027) and corrects today:
    after lessons are created, cancelled, moved into the past and deleted and recordings
    added and removed, every lesson figure equals a count over the teacher's rows."""
    w = cls
    t = new_user(stack, "teacher")
    g = create_group(stack, t, student_ids=[w.S1.id])
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    spans = [(now - datetime.timedelta(days=400), 45), (now - datetime.timedelta(days=40), 60),
             (now - datetime.timedelta(minutes=130), 50),     # ended today (or just before)
             (now - datetime.timedelta(minutes=30), 90),      # running
             (now + datetime.timedelta(hours=3), 30), (now + datetime.timedelta(days=3), 75),
             (now + datetime.timedelta(days=70), 61), (now + datetime.timedelta(days=9), 40)]
    ids = []
    for start, minutes in spans:
        r = api(stack, "POST", "/api/schedule/lessons/", t, json={
            "title": "Счёт", "group": g["id"], "start_time": iso(start),
            "end_time": iso(start + datetime.timedelta(minutes=minutes, seconds=17))})
        assert r.status == 201, r
        ids.append(r.json()["id"])

    def check(what):
        j = api(stack, "GET", "/api/teacher-stats/summary/", t).json()
        (n, completed, recorded, avg, minutes), = db(stack, (
            "SELECT COUNT(*), COALESCE(SUM(end_time < UTC_TIMESTAMP(6) AND cancelled_at IS "
            "NULL), 0), COALESCE(SUM(EXISTS (SELECT 1 FROM schedule_lessonrecording r WHERE "
            "r.lesson_id = l.id)), 0), ROUND(AVG(TIMESTAMPDIFF(SECOND, start_time, "
            "end_time))), COALESCE(SUM(IF(end_time < UTC_TIMESTAMP(6) AND cancelled_at IS "
            "NULL, TIMESTAMPDIFF(MINUTE, start_time, end_time), 0)), 0) "
            f"FROM schedule_lesson l WHERE teacher_id = {t.id}"))
        got = (j["total_lessons"], j["completed_lessons"], j["recorded_lessons"],
               j["average_duration_seconds"], j["teaching_minutes"])
        assert got == (int(n), int(completed), int(recorded),
                       None if avg == "NULL" else int(avg), int(minutes)), what
        return j

    j = check("created")
    assert j["total_lessons"] == 8 and j["completed_lessons"] in (2, 3)
    r = api(stack, "POST", f"/api/schedule/lessons/{ids[1]}/cancel/", t)
    assert r.status == 200, r
    check("cancelled")
    # Moved into the past: from the future to yesterday, and to an earlier hour today.
    for i, start, minutes in ((5, now - datetime.timedelta(days=1), 33),
                              (4, now - datetime.timedelta(minutes=70), 20)):
        r = api(stack, "PATCH", f"/api/schedule/lessons/{ids[i]}/", t, json={
            "start_time": iso(start), "end_time": iso(start + datetime.timedelta(
                minutes=minutes))})
        assert r.status == 200, r
    check("moved")
    for k, i in enumerate((0, 0, 2, 6)):
        db(stack, "INSERT INTO schedule_lessonrecording (lesson_id, zoom_recording_id) "
                  f"VALUES ({ids[i]}, 'sum{ids[i]}-{k}')")
    j = check("recorded")
    assert j["recorded_lessons"] == 3
    assert j["recording_ratio_percent"] == round(300 / 8, 1)
    db(stack, f"DELETE FROM schedule_lessonrecording WHERE lesson_id = {ids[0]} LIMIT 1")
    db(stack, f"DELETE FROM schedule_lessonrecording WHERE lesson_id = {ids[2]}")
    assert check("recording removed")["recorded_lessons"] == 2
    for i in (6, 3):
        r = api(stack, "DELETE", f"/api/schedule/lessons/{ids[i]}/", t)
        assert r.status == 204, r
    assert check("deleted")["total_lessons"] == 6
    r = api(stack, "DELETE", f"/api/groups/{g['id']}/", t)
    assert r.status == 204, r
    j = check("group deleted")
    assert (j["total_lessons"], j["average_duration_seconds"]) == (0, None)


def test_rollups_equal_a_rebuild(stack, cls):
    """The summary's and the points' rollups (sql/migrations/0027) followed every hand-in,
    grade and lesson written above."""
    rollups_check(stack, "summaries")
