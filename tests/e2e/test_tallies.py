"""The tallies (sql/migrations/0015, docs/lists.md "Counts"): every list's size kept per owner
by triggers in the same transaction as the writes. After each kind of write the API makes,
including deletions whose rows a foreign key takes with them (no trigger fires for those),
the tallies equal a rebuild from the rows (CALL tally_rebuild()); so do the summaries'
rollups (0027, 0029) and the rating's badge counts (0035).
"""

import datetime
import decimal
import uuid

import pytest

from test_groups_api import api, create_group, new_admin, new_user
from test_lesson_pages import sql
from test_lessons_api import L, lesson


def tallies(stack):
    out = {}
    for line in sql(stack, "SELECT list, a, b, c, lvl, at, n FROM list_tally "
                           "WHERE n <> 0").splitlines():
        *key, n = line.split("\t")
        out[tuple(key)] = (int(n),)
    return out


def rollups(stack):
    """The teachers' summary rollups and the students' points (sql/migrations/0027)
    that are not all zero."""
    out = {}
    for line in sql(stack, "SELECT teacher_id, lvl, at, lessons, seconds, live, minutes, "
                           "recorded, auto FROM summary_rollup WHERE lessons <> 0 "
                           "OR seconds <> 0 OR live <> 0 OR minutes <> 0 OR recorded <> 0 "
                           "OR auto <> 0").splitlines():
        f = line.split("\t")
        out[tuple(f[:3])] = tuple(int(x) for x in f[3:])
    for line in sql(stack, "SELECT 'points', student_id, group_id, lvl, at, points "
                           "FROM points_rollup WHERE points <> 0").splitlines():
        f = line.split("\t")
        out[tuple(f[:5])] = (int(f[5]),)
    return out


def student_rollups(stack):
    """The students' summary rollups and each homework's part of them (0029) that are not
    all zero."""
    out = {}
    for line in sql(stack, "SELECT student_id, group_id, lvl, at, held, present, absent, "
                           "excused, assigned, submitted, checked, wrong, scored, ratio "
                           "FROM student_rollup WHERE held <> 0 OR present <> 0 OR absent "
                           "<> 0 OR excused <> 0 OR assigned <> 0 OR submitted <> 0 OR "
                           "checked <> 0 OR wrong <> 0 OR scored <> 0 OR ratio <> 0"
                    ).splitlines():
        f = line.split("\t")
        out[tuple(f[:4])] = tuple(decimal.Decimal(x) for x in f[4:])
    for line in sql(stack, "SELECT 'part', homework_id, student_id, group_id, assigned, "
                           "submitted, checked, wrong, scored, ratio FROM student_hw_part "
                           "WHERE assigned <> 0 OR submitted <> 0 OR checked <> 0 OR "
                           "wrong <> 0 OR scored <> 0 OR ratio <> 0").splitlines():
        f = line.split("\t")
        out[tuple(f[:4])] = tuple(decimal.Decimal(x) for x in f[4:])
    return out


def badge_rollups(stack):
    """The rating's badge counts (0035): per student and kind, how many, the latest period
    and time, the first time."""
    out = {}
    for line in sql(stack, "SELECT student_id, badge_type, n, period, last_at, first_at "
                           "FROM badge_rollup").splitlines():
        s, t, n, *rest = line.split("\t")
        out[s, t] = (int(n), *rest)
    return out


def check(stack, what):
    """The tallies, the summary rollups and the badge counts as the triggers left them equal
    a rebuild from the rows."""
    for read, rebuild in ((tallies, "tally_rebuild"), (rollups, "summary_rebuild"),
                          (student_rollups, "student_rebuild"),
                          (badge_rollups, "badge_rebuild")):
        kept = read(stack)
        neg = {k: n for k, n in kept.items()
               if min(x for x in n if not isinstance(x, str)) < 0}
        assert not neg, (what, neg)
        sql(stack, f"CALL {rebuild}()")
        rebuilt = read(stack)
        diff = {k: (kept.get(k), rebuilt.get(k)) for k in set(kept) | set(rebuilt)
                if kept.get(k) != rebuilt.get(k)}
        assert not diff, (what, rebuild, diff)


def tally(stack, lst, a=0, b=0, c="", lvl=2, at="1970-01-01"):
    out = sql(stack, f"SELECT n FROM list_tally WHERE list = '{lst}' AND a = {a} AND b = {b} "
                     f"AND c = '{c}' AND lvl = {lvl} AND at = '{at}'").strip()
    return int(out or 0)


def ok(r, status=200):
    assert r.status == status, r
    return r.json() if r.body else None


@pytest.fixture(scope="module")
def world(stack):
    admin = new_admin(stack)
    t1, t2 = new_user(stack, "teacher"), new_user(stack, "teacher")
    s1, s2, s3 = (new_user(stack) for _ in range(3))
    return admin, t1, t2, s1, s2, s3


def test_tallies_follow_every_write(stack, world):
    admin, t1, t2, s1, s2, s3 = world
    check(stack, "start")
    g1 = create_group(stack, t1, student_ids=[s1.id, s2.id])
    g2 = create_group(stack, t1, student_ids=[s2.id, s3.id])
    g3 = create_group(stack, t2, student_ids=[s3.id])
    ok(api(stack, "POST", f"/api/groups/{g1['id']}/add_students/", t1,
           json={"student_ids": [s3.id]}))
    ok(api(stack, "POST", f"/api/groups/{g1['id']}/remove_students/", t1,
           json={"student_ids": [s3.id]}))
    check(stack, "groups")
    assert tally(stack, "group", t1.id) == 2 and tally(stack, "member", s2.id) == 2

    days = ["2034-01-30", "2034-01-31", "2034-02-01", "2034-02-15", "2034-03-01"]
    les = [lesson(stack, t1, g1, f"{d}T10:00:00Z", f"{d}T11:00:00Z") for d in days]
    les += [lesson(stack, t1, g2, f"2034-01-{d}T15:00:00Z", f"2034-01-{d}T16:00:00Z")
            for d in (10, 11, 12)]
    les += [lesson(stack, t2, g3, f"2034-02-{d:02d}T09:00:00Z", f"2034-02-{d:02d}T10:00:00Z")
            for d in (1, 2)]
    check(stack, "lessons")
    assert tally(stack, "lesson", t1.id) == 8
    assert tally(stack, "lesson", t1.id, g1["id"], lvl=1, at="2034-02-01") == 2
    assert tally(stack, "lesson", 0, g3["id"], lvl=0, at="2034-02-02") == 1
    # Moved across a month, a day, to another group; the time of day only.
    ok(api(stack, "PATCH", f"{L}{les[0]['id']}/", t1,
           json={"start_time": "2034-04-02T10:00:00Z", "end_time": "2034-04-02T11:00:00Z"}))
    ok(api(stack, "PATCH", f"{L}{les[1]['id']}/", t1,
           json={"start_time": "2034-01-31T18:00:00Z", "end_time": "2034-01-31T19:00:00Z"}))
    ok(api(stack, "PATCH", f"{L}{les[5]['id']}/", t1, json={"group": g1["id"]}))
    ok(api(stack, "POST", f"{L}{les[6]['id']}/cancel/", t1))
    check(stack, "moves")
    # Recordings (the summary's recorded lessons): two on one lesson, one of them gone;
    # one on a lesson and one on a group that are deleted below.
    for k, i in enumerate((2, 2, 4, 7)):
        sql(stack, "INSERT INTO schedule_lessonrecording (lesson_id, zoom_recording_id) "
                   f"VALUES ({les[i]['id']}, 'r{uuid.uuid4().hex[:8]}{k}')")
    sql(stack, f"DELETE FROM schedule_lessonrecording WHERE lesson_id = {les[2]['id']} "
               "LIMIT 1")
    check(stack, "recordings")

    # Attendance: marks, a change, a record moved to another lesson, a delete.
    ok(api(stack, "POST", f"{L}{les[2]['id']}/mark_attendance/", t1, json={"attendances": [
        {"student_id": s1.id, "status": "present"}, {"student_id": s2.id, "status": "absent"}]}))
    ok(api(stack, "POST", f"{L}{les[2]['id']}/mark_attendance/", t1, json={"attendances": [
        {"student_id": s2.id, "status": "late"}]}))
    rec = ok(api(stack, "POST", "/api/attendance/", t1,
                 json={"lesson": les[3]["id"], "student": s1.id, "status": "excused"}), 201)
    ok(api(stack, "PATCH", f"/api/attendance/{rec['id']}/", t1, json={"lesson": les[4]["id"]}))
    ok(api(stack, "POST", f"{L}{les[7]['id']}/mark_attendance/", t1, json={"attendances": [
        {"student_id": s3.id, "status": "present"}, {"student_id": s2.id}]}))
    ok(api(stack, "POST", f"{L}{les[8]['id']}/mark_attendance/", t2, json={"attendances": [
        {"student_id": s3.id, "status": "present"}]}))
    rec2 = ok(api(stack, "POST", "/api/attendance/", t1,
                  json={"lesson": les[4]["id"], "student": s2.id}), 201)
    ok(api(stack, "DELETE", f"/api/attendance/{rec2['id']}/", t1), 204)
    check(stack, "attendance")
    assert tally(stack, "attendance", t1.id, s2.id) == 2
    assert tally(stack, "attendance", 0, s3.id, "present") == 2

    # A lesson moved: its records follow it (their lesson_start), the counts stay.
    ok(api(stack, "PATCH", f"{L}{les[2]['id']}/", t1,
           json={"start_time": "2034-05-03T10:00:00Z", "end_time": "2034-05-03T11:00:00Z"}))
    assert sql(stack, f"SELECT COUNT(*) FROM schedule_attendance WHERE lesson_id = "
                      f"{les[2]['id']} AND lesson_start = '2034-05-03 10:00:00'").strip() == "2"

    # Notifications (the reminder job's rows), read one by one and all.
    for x in les[2:5]:
        sql(stack, "INSERT INTO notification (user_id, kind, lesson_id, title, text) VALUES "
                   f"({s1.id}, 'lesson_reminder', {x['id']}, 't', 'x'), "
                   f"({s2.id}, 'lesson_reminder', {x['id']}, 't', 'x')")
    notes = ok(api(stack, "GET", "/api/notifications/", s1))["results"]
    ok(api(stack, "POST", f"/api/notifications/{notes[0]['id']}/read/", s1))
    check(stack, "notifications")
    assert tally(stack, "notification", s1.id, c="unread") == 2
    ok(api(stack, "POST", "/api/notifications/read_all/", s2))
    assert tally(stack, "notification", s2.id, c="unread") == 0

    # Weekly lessons, changed, and lessons made from one.
    rl = ok(api(stack, "POST", "/api/recurring-lessons/", t1, json={
        "title": "RL", "group_id": g1["id"], "day_of_week": 1, "start_time": "12:00",
        "end_time": "13:00", "start_date": "2034-06-01", "end_date": "2034-06-30"}), 201)
    ok(api(stack, "POST", "/api/recurring-lessons/", t1, json={
        "title": "RL2", "group_id": g2["id"], "day_of_week": 3, "start_time": "12:00",
        "end_time": "13:00", "start_date": "2034-06-01", "end_date": "2034-06-30"}), 201)
    ok(api(stack, "PATCH", f"/api/recurring-lessons/{rl['id']}/", t1, json={"day_of_week": 2}))
    gen = ok(api(stack, "POST", f"/api/recurring-lessons/{rl['id']}/generate_lessons/", t1,
                 json={"start_date": "2034-06-01", "until_date": "2034-06-30"}))
    assert gen["created_count"] == 4
    check(stack, "recurring")
    assert tally(stack, "recurring", t1.id, c="2") == 1

    # Invite codes: made, one redeemed (an individual group), one deleted.
    codes = [ok(api(stack, "POST", "/api/individual-invite-codes/", t1,
                    json={"subject": "S" + uuid.uuid4().hex[:5]}), 201) for _ in range(3)]
    ok(api(stack, "POST", "/api/individual-invite-codes/join_by_code/", s1,
           json={"invite_code": codes[0]["invite_code"]}))
    ok(api(stack, "DELETE", f"/api/individual-invite-codes/{codes[2]['id']}/", t1), 204)
    check(stack, "invites")
    assert tally(stack, "icode", t1.id) == 2 and tally(stack, "icode_used", s1.id) == 1

    # The pool: accounts made, switched off, deleted.
    pool = [ok(api(stack, "POST", "/api/zoom-pool/", admin, json={
        "email": f"p{uuid.uuid4().hex[:8]}@zz.org", "zoom_account_id": "a",
        "zoom_client_id": "c", "zoom_client_secret": "s"}), 201) for _ in range(2)]
    ok(api(stack, "PATCH", f"/api/zoom-pool/{pool[0]['id']}/", admin, json={"is_active": False}))
    ok(api(stack, "DELETE", f"/api/zoom-pool/{pool[1]['id']}/", admin), 204)
    check(stack, "pool")

    # Deletions that take rows with them by foreign keys: a lesson (its attendance and
    # notifications), a group (its lessons, their attendance and notifications, its weekly
    # lessons, its members), a student, a teacher (their groups, lessons, codes, ...).
    ok(api(stack, "DELETE", f"{L}{les[4]['id']}/", t1), 204)
    check(stack, "lesson deleted")
    ok(api(stack, "DELETE", f"/api/groups/{g2['id']}/", t1), 204)
    check(stack, "group deleted")
    ok(api(stack, "POST", "/api/schedule/lessons/delete_recurring/", t1,
           json={"title": les[3]["title"], "group_id": g1["id"]}))
    check(stack, "titled lessons deleted")
    before = tally(stack, "audit")
    ok(api(stack, "DELETE", f"/accounts/api/admin/students/{s2.id}/delete/", admin))
    check(stack, "student deleted")
    ok(api(stack, "DELETE", f"/accounts/api/admin/teachers/{t1.id}/delete/", admin))
    check(stack, "teacher deleted")
    assert tally(stack, "lesson", t1.id) == 0 and tally(stack, "audit", t1.id) == 0
    assert tally(stack, "audit") >= before + 2
    assert tally(stack, "notification", s1.id) == 0
    assert tally(stack, "icode_used", s1.id) == 0


# The rating's badges as the statement before 0035 counted them from the badges themselves.
BADGES_OF_ROWS = """SELECT b.student_id, b.badge_type, MAX(b.period), MAX(b.earned_at), COUNT(*)
FROM schedule_group_students m JOIN homework_badge b ON b.student_id = m.customuser_id
WHERE m.group_id = {g} GROUP BY b.student_id, b.badge_type
ORDER BY b.student_id, MIN(b.earned_at), b.badge_type"""


def rating_badges(stack, teacher, gid):
    """The rating's badges: [(student, kind, count, last earned at)] in its order."""
    r = api(stack, "GET", f"/api/groups/{gid}/rating/", teacher)
    assert r.status == 200, r
    by_id = sorted(r.json()["students"], key=lambda x: x["student_id"])
    return [(x["student_id"], b["badge_type"], b["count"],
             datetime.datetime.fromisoformat(b["last_earned_at"].replace("Z", "+00:00")))
            for x in by_id for b in x["badges"]]


def rows_badges(stack, gid):
    """The same from the badges' rows."""
    out = []
    for line in sql(stack, BADGES_OF_ROWS.format(g=gid)).splitlines():
        s, t, _, at, n = line.split("\t")
        out.append((int(s), t, int(n), datetime.datetime.fromisoformat(at).replace(
            tzinfo=datetime.timezone.utc)))
    return out


def test_badge_counts_follow_every_write(stack):
    """The rating's badge counts (0035): awards at a hand-in and at a teacher's grading, the
    MARATHON job, a badge taken away or changed, a homework deleted (its badges stay), a
    student deleted (their badges go by a foreign key), a teacher deleted: after each, the
    counts equal a rebuild and the rating shows what counting the badges gives."""
    from hw_helpers import create_homework, start, submit
    from test_rating_report_api import right_choice, single_choice
    admin = new_admin(stack)
    t = new_user(stack, "teacher")
    a, b, c = (new_user(stack) for _ in range(3))
    g = create_group(stack, t, student_ids=[a.id, b.id, c.id])
    due = (datetime.datetime.now(datetime.timezone.utc)
           + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def gamified(questions):
        return create_homework(stack, t, g["id"], publish=True, questions=questions,
                               gamification_enabled=True, deadline=due)["id"]

    def hand_in(who, hw, answers):
        sub = start(stack, who, hw)["id"]
        r = submit(stack, who, sub, {"answers": answers})
        assert r.status == 200, r
        return sub

    def agree(what):
        check(stack, what)
        assert rating_badges(stack, t, g["id"]) == rows_badges(stack, g["id"]), what

    agree("start")
    # Handed in, graded at once: QUICK_START, EARLY_BIRD, PERFECTIONIST (a), the first two
    # (b, half wrong), and MARATHON for the month of the only homework due in it.
    h1 = gamified(single_choice(10))
    hand_in(a, h1, right_choice(stack, t, h1))
    hand_in(b, h1, {k: v + 1 for k, v in right_choice(stack, t, h1).items()})
    agree("handed in")
    kinds = {(s, k) for s, k, *_ in rating_badges(stack, t, g["id"])}
    assert {(a.id, "PERFECTIONIST"), (a.id, "MARATHON"), (b.id, "QUICK_START")} <= kinds
    assert (b.id, "PERFECTIONIST") not in kinds
    # A question the teacher checks: PERFECTIONIST when they grade it in full.
    h2 = gamified([{"prompt": "Эссе", "question_type": "TEXT", "points": 5, "order": 0,
                    "config": {"answerLength": "long"}}])
    q = str(api(stack, "GET", f"/api/homework/{h2}/", t).json()["questions"][0]["id"])
    sub = hand_in(b, h2, {q: "Ответ"})
    hand_in(a, h2, {q: "Ответ"})
    r = api(stack, "PATCH", f"/api/submissions/{sub}/feedback/", t, json={"score": 5})
    assert r.status == 200, r
    r = api(stack, "POST", f"/api/submissions/{sub}/complete_review/", t, json={"force": True})
    assert r.status == 200, r
    agree("graded by the teacher")
    assert (b.id, "PERFECTIONIST") in {(s, k) for s, k, *_ in rating_badges(stack, t, g["id"])}
    # The job: c's work of a homework due last month, its badges taken away first.
    h3 = gamified(single_choice(10))
    hand_in(c, h3, right_choice(stack, t, h3))
    agree("c handed in")
    sql(stack, f"DELETE FROM homework_badge WHERE student_id = {c.id}")
    agree("c's badges taken away")
    sql(stack, "UPDATE homework_homework SET deadline = LAST_DAY(UTC_DATE() - INTERVAL 1 MONTH)"
               f" + INTERVAL 12 HOUR WHERE id = {h3}")
    sql(stack, "UPDATE homework_studentsubmission SET first_submitted_at = LAST_DAY(UTC_DATE() "
               f"- INTERVAL 1 MONTH) WHERE student_id = {c.id} AND homework_id = {h3}")
    r = api(stack, "POST", "/schedule/api/celery/trigger/award_badges/", admin)
    assert r.status == 200, r
    agree("the MARATHON job")
    assert (c.id, "MARATHON") in {(s, k) for s, k, *_ in rating_badges(stack, t, g["id"])}
    # One of several of a kind taken away, the first and the last; one moved in time, one
    # to another kind and student, one added later than the rest with an older time.
    sql(stack, f"UPDATE homework_badge SET earned_at = earned_at - INTERVAL 3 DAY "
               f"WHERE student_id = {a.id} AND homework_id = {h1} AND badge_type = 'QUICK_START'")
    agree("a badge moved back in time")
    sql(stack, f"DELETE FROM homework_badge WHERE student_id = {a.id} AND homework_id = {h1} "
               "AND badge_type = 'QUICK_START'")
    agree("the first of two taken away")
    sql(stack, f"DELETE FROM homework_badge WHERE student_id = {a.id} AND homework_id = {h2} "
               "AND badge_type = 'QUICK_START'")
    agree("the last of a kind taken away")
    sql(stack, f"INSERT INTO homework_badge (student_id, badge_type, period, earned_at) VALUES "
               f"({a.id}, 'MARATHON', '2020-01', '2020-02-01'), "
               f"({a.id}, 'MARATHON', '2020-02', '2020-03-01')")
    agree("older months awarded late")
    sql(stack, f"UPDATE homework_badge SET student_id = {b.id}, badge_type = 'EARLY_BIRD', "
               f"period = NULL WHERE student_id = {a.id} AND period = '2020-02'")
    agree("a badge given to another student as another kind")
    # Deletions by foreign keys: a homework with work (the API archives it instead; its
    # badges stay, without it), a student (theirs go), the teacher (their homework).
    before = rating_badges(stack, t, g["id"])
    sql(stack, f"DELETE FROM homework_homework WHERE id = {h1}")
    agree("homework deleted")
    assert rating_badges(stack, t, g["id"]) == before
    r = api(stack, "DELETE", f"/accounts/api/admin/students/{a.id}/delete/", admin)
    assert r.status == 200, r
    agree("student deleted")
    assert sql(stack, f"SELECT COUNT(*) FROM badge_rollup WHERE student_id = {a.id}").strip() \
        == "0"
    r = api(stack, "DELETE", f"/accounts/api/admin/teachers/{t.id}/delete/", admin)
    assert r.status == 200, r
    check(stack, "teacher deleted")


def test_tallies_stay_out_of_a_bulk_load_until_rebuilt(stack, world):
    """@tpanel_tally_off (bench/ and the plan test's seeds): triggers skip, a rebuild
    counts."""
    _, _, t2, _, _, s3 = world
    g = create_group(stack, t2)
    n = tally(stack, "lesson", t2.id)
    sql(stack, "SET @tpanel_tally_off = 1; INSERT INTO schedule_lesson (title, group_id, "
               f"teacher_id, start_time, end_time) SELECT 'bulk', {g['id']}, {t2.id}, "
               "'2035-01-01' + INTERVAL seq HOUR, '2035-01-01' + INTERVAL seq HOUR "
               "+ INTERVAL 30 MINUTE FROM seq_1_to_50")
    sql(stack, "SET @tpanel_tally_off = 1; INSERT INTO homework_badge (student_id, badge_type, "
               f"period) SELECT {s3.id}, 'MARATHON', CONCAT('2035-', LPAD(seq, 2, '0')) "
               "FROM seq_1_to_12")
    assert tally(stack, "lesson", t2.id) == n
    assert sql(stack, f"SELECT COUNT(*) FROM badge_rollup WHERE student_id = {s3.id} "
                      "AND badge_type = 'MARATHON'").strip() == "0"
    sql(stack, "CALL tally_rebuild(); CALL summary_rebuild(); CALL student_rebuild(); "
               "CALL badge_rebuild()")
    assert tally(stack, "lesson", t2.id) == n + 50
    assert sql(stack, f"SELECT n, period FROM badge_rollup WHERE student_id = {s3.id} "
                      "AND badge_type = 'MARATHON'").split() == ["12", "2035-12"]


def test_admin_stats_equal_the_rows(stack, world):
    """The admin's statistics read the tallies (and the part of a day a period starts in):
    they equal counting the rows."""
    admin, _, t2, _, _, _ = world
    g = create_group(stack, t2)
    for hours in (2, 30, 24 * 5, 24 * 40, 24 * 100, 24 * 400):
        sql(stack, "INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, "
                   f"end_time) VALUES ('past', {g['id']}, {t2.id}, UTC_TIMESTAMP() - INTERVAL "
                   f"{hours} HOUR, UTC_TIMESTAMP() - INTERVAL {hours} HOUR + INTERVAL 1 MINUTE)")
    r = api(stack, "GET", "/accounts/api/admin/stats/", admin)
    assert r.status == 200, r
    s = r.json()
    row = sql(stack, "SELECT COUNT(*), SUM(role = 'teacher'), SUM(role = 'student'), "
                     "(SELECT COUNT(*) FROM schedule_group), (SELECT COUNT(*) FROM "
                     "schedule_lesson), (SELECT COUNT(*) FROM zoom_pool_zoomaccount WHERE "
                     "is_active) FROM accounts_customuser").split()
    assert [s["total_users"], s["teachers"], s["students"], s["groups"], s["lessons"],
            s["zoom_accounts"]] == [int(x) for x in row]
    for p, days in zip(s["growth_periods"], (1, 7, 30, 182)):
        row = sql(stack, f"SELECT SUM(role = 'teacher' AND created_at >= UTC_TIMESTAMP() - "
                         f"INTERVAL {days} DAY), SUM(role = 'student' AND created_at >= "
                         f"UTC_TIMESTAMP() - INTERVAL {days} DAY), (SELECT COUNT(*) FROM "
                         "schedule_lesson WHERE start_time <= UTC_TIMESTAMP() AND start_time >= "
                         f"UTC_TIMESTAMP() - INTERVAL {days} DAY) FROM accounts_customuser").split()
        assert [p["teachers"], p["students"], p["lessons"]] == [int(x) for x in row], p
