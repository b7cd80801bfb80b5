"""The plans of every list query on a big seed (docs/lists.md): each request a list,
calendar, dashboard, feed or job makes is captured from MariaDB's general log and run again
under ANALYZE FORMAT=JSON; no table may be scanned whole and no table access or sort may read
more than BOUND rows, whatever page, cursor or filter was asked for.

The seed (bench/bigschool.sql, generated in SQL in a few seconds) is big enough to make the
plans honest: the teacher under test has 15,000 lessons, 30 other teachers 1,000 each (45,000
lessons), 60,000 attendance records besides the teacher's 30,000, 20,000 audit entries, 5,000
notifications for one student, so every list's scope holds at least ten times BOUND rows: a
plan that scanned or sorted a scope would read far more than BOUND and fail, and ANALYZE
TABLE after the load gives the optimizer a big school's statistics (one teacher with a third
of the lessons). ?page=N is the one thing allowed to read more: it skips its offset in an
index (never in the rows), and that is checked instead.
"""

import re
import time
import uuid

import pytest

from conftest import REPO, _start_stack, _teardown, wait_until
from sqlplans import Capture, accesses, analyze, explain, judge, mariadb
from test_groups_api import api, create_group, new_admin, new_user
from test_pages import Client, page_signin

BOUND = 1000
SEED = {"teachers": 30, "groups": 4, "members": 8, "students": 600, "lessons_each": 1000,
        "att": 2, "big_lessons": 15000, "codes": 20, "audit": 20000}
L = "/api/schedule/lessons/"


@pytest.fixture(scope="module")
def big(request, fakezoom):
    st = _start_stack("tpx", workers="2", zoom=fakezoom,
                      extra={"TPANEL_RESPONSE_CACHE_MS": "0"})
    failed = request.session.testsfailed
    sock = f"{st.dir}/mariadb/mysql.sock"
    cap = Capture(sock)
    # Workers that prepared statements before the log was on: replace them.
    old = set(st.worker_pids())
    st.reload()
    wait_until(lambda: old.isdisjoint(st.worker_pids()) and len(st.worker_pids()) == 2, 20,
               what="workers replaced")
    teacher, student, other = new_user(st, "teacher"), new_user(st), new_user(st)
    admin = new_admin(st)
    group = create_group(st, teacher, student_ids=[student.id, other.id])
    t0 = time.monotonic()
    params = ", ".join(f"@bs_{k} = {v}" for k, v in SEED.items())
    mariadb(sock, f"SET @bs_prefix = 'x', {params}, @bs_big_teacher = {teacher.id}, "
                  f"@bs_big_group = {group['id']};\n"
                  + (REPO / "bench" / "bigschool.sql").read_text(), timeout=600)
    # The student is also in three groups of others; 5,000 reminders; a few pool accounts;
    # the teacher's 200 lessons to come (in 2031, like bench/seed's), the school's only
    # future: the (start_time) range and the teacher's or the group's look alike.
    mariadb(sock, "INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, "
                  f"end_time) SELECT 'future', {group['id']}, {teacher.id}, "
                  "'2031-01-01 09:00' + INTERVAL 12 * seq HOUR, '2031-01-01 10:00' + "
                  "INTERVAL 12 * seq HOUR FROM seq_0_to_199;"
                  "INSERT INTO schedule_group_students (group_id, customuser_id) SELECT id, "
                  f"{student.id} FROM schedule_group WHERE teacher_id <> {teacher.id} "
                  "ORDER BY id LIMIT 3;"
                  "INSERT INTO notification (user_id, kind, lesson_id, title, text, read_at) "
                  f"SELECT {student.id}, 'lesson_reminder', id, 't', 'x', IF(id % 3, "
                  f"start_time, NULL) FROM schedule_lesson WHERE teacher_id = {teacher.id} "
                  "ORDER BY id LIMIT 5000;"
                  "ANALYZE TABLE notification, schedule_group_students;")
    print(f"\n[plans] seeded in {time.monotonic() - t0:.1f}s: "
          + mariadb(sock, "SELECT CONCAT((SELECT COUNT(*) FROM schedule_lesson), ' lessons, ', "
                          "(SELECT COUNT(*) FROM schedule_attendance), ' attendance, ', "
                          "(SELECT COUNT(*) FROM schedule_auditlog), ' audit entries')").strip())
    for i in range(3):
        r = api(st, "POST", "/api/zoom-pool/", admin, json={
            "email": f"plan{i}{uuid.uuid4().hex[:6]}@zz.org", "zoom_account_id": "a",
            "zoom_client_id": "c", "zoom_client_secret": "s"})
        assert r.status == 201, r
    yield st, sock, cap, teacher, student, admin, group
    cap.close()
    _teardown(st, failed=request.session.testsfailed > failed)


def rel(url):
    return url[url.index("/", 8):]


def checked(st, sock, cap, fn, what, offset=False):
    """Run fn (one request), then judge the plan of every SELECT it made."""
    stmts = cap.statements(fn)
    assert stmts, f"{what}: no statement captured"
    for s in stmts:
        plan = analyze(sock, s)
        if offset and "OFFSET" in s and not re.search(r"OFFSET 0\b", s):
            # ?page=N: the offset is skipped in an index, the rows read are the page's.
            for table, _, key, rows, only in accesses(plan):
                assert only or rows <= BOUND, (what, table, key, rows, s[:300])
            continue
        bad = judge(plan, BOUND)
        assert not bad, (what, bad, s[:400])
    return stmts


def get(st, path, who, status=200):
    r = api(st, "GET", path, who)
    assert r.status == status, (path, r)
    return r.json() if r.body else None


def test_lesson_lists(big):
    st, sock, cap, teacher, student, admin, group = big
    assert get(st, L + "?page_size=1", teacher)["count"] >= SEED["big_lessons"]
    today = time.strftime("%Y-%m-%d", time.gmtime())
    for who, q in ((teacher, ""), (teacher, "upcoming=true"), (teacher, "upcoming=false"),
                   (teacher, f"group={group['id']}"), (teacher, "start=2020-01-01&end=2021-06-15T12:00:00Z"),
                   (teacher, f"date={today}"), (teacher, "end=2022-03-03T10:30:00Z"),
                   (teacher, f"teacher={admin.id}"),
                   (student, ""), (student, "upcoming=false"), (student, f"group={group['id']}"),
                   (admin, ""), (admin, "upcoming=false"), (admin, f"teacher={teacher.id}"),
                   (admin, f"group={group['id']}&start=2019-01-01"), (admin, "date=2021-02-03")):
        path = L + "?page_size=10&" + q
        body = {}
        checked(st, sock, cap, lambda: body.update(get(st, path, who)), f"{who.role} {q}")
        if body.get("next"):
            nxt = {}
            checked(st, sock, cap, lambda: nxt.update(get(st, rel(body["next"]), who)),
                    f"{who.role} {q} next")
            if nxt.get("next"):
                n3 = get(st, rel(nxt["next"]), who)
                checked(st, sock, cap, lambda: get(st, rel(n3["previous"]), who),
                        f"{who.role} {q} previous")
    # Deep: ?page=N skips index entries; its next link reads from its last row.
    for who in (teacher, admin, student):
        deep = {}
        checked(st, sock, cap, lambda: deep.update(get(st, L + "?page_size=10&page=1400", who)),
                f"{who.role} page 1400", offset=True)
        checked(st, sock, cap, lambda: get(st, rel(deep["next"]), who), f"{who.role} page 1401")


def test_other_lists(big):
    st, sock, cap, teacher, student, admin, group = big
    att = get(st, "/api/attendance/?page_size=1", teacher)
    assert att["count"] >= 2 * SEED["big_lessons"]
    lesson = att["results"][0]["lesson"]
    paths = [
        (teacher, "/api/attendance/?page_size=20"),
        (teacher, "/api/attendance/?page_size=20&status=late"),
        (teacher, f"/api/attendance/?page_size=20&student={student.id}"),
        (teacher, f"/api/attendance/?page_size=20&student={student.id}&status=absent"),
        (teacher, f"/api/attendance/?lesson={lesson}"),
        (student, "/api/attendance/?page_size=20"), (student, "/api/attendance/?status=late"),
        (admin, "/api/attendance/?page_size=20"), (admin, "/api/attendance/?status=excused"),
        (admin, f"/api/attendance/?student={student.id}&status=present&page_size=20"),
        (teacher, "/api/recurring-lessons/"), (teacher, "/api/recurring-lessons/?day_of_week=3"),
        (student, "/api/recurring-lessons/"), (admin, "/api/recurring-lessons/?page_size=20"),
        (admin, f"/api/recurring-lessons/?teacher={teacher.id}&day_of_week=1"),
        (teacher, "/api/groups/"), (student, "/api/groups/"), (admin, "/api/groups/?page_size=20"),
        (teacher, "/api/individual-invite-codes/"), (student, "/api/individual-invite-codes/"),
        (admin, "/api/individual-invite-codes/?page_size=20"),
        (student, "/api/notifications/?page_size=20"),
        (admin, "/api/audit-log/?page_size=20"),
        (admin, f"/api/audit-log/?page_size=20&user={teacher.id + 5}"),
        (admin, "/api/audit-log/?page_size=20&action=lesson_end"),
        (admin, f"/api/audit-log/?page_size=20&user={teacher.id + 5}&action=group_create"),
        (admin, "/api/audit-log/?page_size=20&since=2022-05-05T10:00:00Z"),
        (admin, "/api/audit-log/?page_size=20&action=user_create&since=2020-01-01"),
        (admin, "/api/zoom-pool/"),
    ]
    for who, path in paths:
        body = {}
        checked(st, sock, cap, lambda: body.update(get(st, path, who)), f"{who.role} {path}")
        if body.get("next"):
            checked(st, sock, cap, lambda: get(st, rel(body["next"]), who),
                    f"{who.role} {path} next")


def test_calendars_dashboards_feeds_and_jobs(big):
    st, sock, cap, teacher, student, admin, group = big
    month = L + "calendar_feed/?start=2021-03-01&end=2021-04-01"
    for who, q in ((teacher, ""), (student, ""), (admin, f"&teacher={teacher.id}"),
                   (admin, f"&group={group['id']}")):
        checked(st, sock, cap, lambda: get(st, month + q, who), f"{who.role} calendar {q}")
    checked(st, sock, cap, lambda: get(st, "/accounts/api/admin/stats/", admin), "admin stats")
    # The teacher's summary (from rollups: sql/migrations/0027) over 15,000 lessons.
    summary = {}
    checked(st, sock, cap, lambda: summary.update(get(st, "/api/teacher-stats/summary/",
                                                      teacher)), "teacher summary")
    assert summary["total_lessons"] >= SEED["big_lessons"]
    # The student's (sql/migrations/0029), in the group of those lessons.
    mine = {}
    checked(st, sock, cap, lambda: mine.update(get(st, "/api/student-stats/summary/",
                                                   student)), "student summary")
    assert group["id"] in [g["id"] for g in mine["groups"]]
    checked(st, sock, cap, lambda: get(st, "/schedule/api/celery/metrics/", admin),
            "jobs metrics")
    for task in ("send_lesson_reminders", "release_finished_zoom_accounts"):
        checked(st, sock, cap, lambda: api(st, "POST", f"/schedule/api/celery/trigger/{task}/",
                                           admin), task)
    # A write's checks read what is near: the overlap of a new lesson with the teacher's
    # 15,000 and the group's.
    checked(st, sock, cap, lambda: api(st, "POST", L, teacher, json={
        "title": "x", "group": group["id"], "start_time": "2021-03-03T10:10:00Z",
        "end_time": "2021-03-03T10:50:00Z"}), "lesson create (overlap checks)")
    url = get(st, "/api/me/calendar-feed/", teacher)["url"]
    checked(st, sock, cap, lambda: st.get(rel(url)), ".ics feed")
    for who, pages in ((teacher, ("/teacher/", "/lessons", "/lessons?when=past",
                                  "/lessons?when=past&page=300", "/calendar?month=2021-03",
                                  "/notifications")),
                       (student, ("/student/", "/calendar", "/notifications")),
                       (admin, ("/admin/audit", "/admin/audit?action=lesson_start"))):
        c = Client(st)
        assert page_signin(c, who.email).status == 303
        for p in pages:
            checked(st, sock, cap, lambda: c.get(p), f"{who.role} page {p}",
                    offset="page=" in p)


MODULE_ROWS = 12000     # of each kind, half of them the teacher's (bench/bigschool_modules.sql)


@pytest.fixture(scope="module")
def modules(big):
    """The big seed with the modules' rows (bench/bigschool_modules.sql)."""
    st, sock, cap, teacher, student, admin, group = big
    t0 = time.monotonic()
    mariadb(sock, f"SET @bs_prefix = 'x', @bs_big_teacher = {teacher.id}, "
                  f"@bs_big_group = {group['id']}, @bs_student = {student.id}, "
                  f"@bm_rows = {MODULE_ROWS};\n"
                  + (REPO / "bench" / "bigschool_modules.sql").read_text(), timeout=600)
    print(f"\n[plans] modules seeded in {time.monotonic() - t0:.1f}s")
    return big


def test_module_lists(modules):
    """Homework, submissions, control points and results, chats: each scope and filter."""
    st, sock, cap, teacher, student, admin, group = modules
    assert get(st, "/api/homework/?page_size=1", teacher)["count"] >= MODULE_ROWS
    hw = get(st, "/api/submissions/?page_size=1", teacher)["results"][0]["homework"]
    cp = get(st, "/api/control-points/?page_size=1", teacher)["results"][0]["id"]
    g = group["id"]
    paths = [
        (teacher, "/api/homework/?page_size=20"),
        (teacher, "/api/homework/?page_size=20&status=archived"),
        (admin, "/api/homework/?page_size=20"), (admin, "/api/homework/?status=draft"),
        (teacher, "/api/submissions/?page_size=20"),
        (teacher, "/api/submissions/?page_size=20&status=submitted"),
        (teacher, f"/api/submissions/?page_size=20&group_id={g}"),
        (teacher, "/api/submissions/?page_size=20&individual=true"),
        (teacher, f"/api/submissions/?page_size=5&homework={hw}"),
        (student, "/api/submissions/?page_size=20"),
        (student, "/api/submissions/?page_size=20&status=graded"),
        (admin, "/api/submissions/?page_size=20"),
        (admin, "/api/submissions/?page_size=20&status=revision"),
        (admin, f"/api/submissions/?page_size=20&group_id={g}"),
        (teacher, "/api/control-points/?page_size=20"),
        (teacher, f"/api/control-points/?page_size=20&group={g}"),
        (student, "/api/control-points/?page_size=20"),
        (admin, "/api/control-points/?page_size=20"),
        (admin, f"/api/control-points/?page_size=20&group={g}"),
        (teacher, "/api/control-point-results/?page_size=20"),
        (teacher, f"/api/control-point-results/?page_size=20&student={student.id}"),
        (teacher, f"/api/control-point-results/?control_point={cp}"),
        (student, "/api/control-point-results/?page_size=20"),
        (admin, "/api/control-point-results/?page_size=20"),
        (teacher, "/api/chats/?page_size=20"), (teacher, "/api/chats/?filter=unread"),
        (student, "/api/chats/?filter=groups"),
        (student, "/api/student-stats/summary/"),     # rollups (0029), not the homework
    ]
    for who, path in paths:
        body = {}
        checked(st, sock, cap, lambda: body.update(get(st, path, who)), f"{who.role} {path}")
        if body.get("next"):
            nxt = {}
            checked(st, sock, cap, lambda: nxt.update(get(st, rel(body["next"]), who)),
                    f"{who.role} {path} next")
            if nxt.get("next"):
                n3 = get(st, rel(nxt["next"]), who)
                checked(st, sock, cap, lambda: get(st, rel(n3["previous"]), who),
                        f"{who.role} {path} previous")
    # Deep: ?page=N skips index entries; its next link reads from its last row.
    for who, path in ((teacher, "/api/homework/?page_size=10&page=500"),
                      (teacher, "/api/submissions/?page_size=10&page=300"),
                      (admin, "/api/control-points/?page_size=10&page=800"),
                      (teacher, "/api/control-point-results/?page_size=10&page=400")):
        deep = {}
        checked(st, sock, cap, lambda: deep.update(get(st, path, who)), f"{who.role} {path}",
                offset=True)
        checked(st, sock, cap, lambda: get(st, rel(deep["next"]), who),
                f"{who.role} {path} next")


def test_student_homework_list(modules):
    """A student's homework: one range a way it reaches them (their groups' assignment rows,
    their own, their groups' lessons' homework without rows, their archived work), merged;
    each read bounded by the page (sql/migrations/0028). Page 1, next, previous, ?page=N,
    each filter and the count; the to-do page and the dashboard's homework."""
    st, sock, cap, teacher, student, admin, group = modules
    every = get(st, "/api/homework/?page_size=500", student)
    assert every["count"] == len(every["results"]) > 150
    assert any(h["status"] == "archived" for h in every["results"])
    assert any(h["lesson"] for h in every["results"])
    for q in ("", "&status=published", "&status=archived", "&status=draft"):
        path = "/api/homework/?page_size=20" + q
        body = {}
        checked(st, sock, cap, lambda: body.update(get(st, path, student)), f"student {path}")
        if body.get("next"):
            nxt = {}
            checked(st, sock, cap, lambda: nxt.update(get(st, rel(body["next"]), student)),
                    f"student {path} next")
            if nxt.get("next"):
                n3 = get(st, rel(nxt["next"]), student)
                checked(st, sock, cap, lambda: get(st, rel(n3["previous"]), student),
                        f"student {path} previous")
        checked(st, sock, cap, lambda: get(st, path + "&page=2", student,
                                           200 if body["count"] > 20 else 404),
                f"student {path} page 2")
    # The to-do page, and the dashboard's homework (its other parts, the analytics month,
    # read a group's homework by deadline: not this list; the report's homework rows, which
    # sum their questions' points, read homework_lesson_reach too).
    c = Client(st)
    assert page_signin(c, student.email).status == 303
    checked(st, sock, cap, lambda: c.get("/student/homework"), "student page /student/homework")
    mine = [s for s in cap.statements(lambda: c.get("/student/"))
            if re.search(r"hw_created_at|homework_lesson_reach|ORDINALITY", s)
            and "SUM(q.points)" not in s]
    assert len(mine) >= 3, "the dashboard's homework: no statement captured"
    for s in mine:
        bad = judge(analyze(sock, s), BOUND)
        assert not bad, ("student page /student/", bad, s[:400])


def test_rating_badges_and_the_marathon_job(modules):
    """The rating's badge counts read the rollup kept by triggers (sql/migrations/0035): one
    short range a member, the rows of the answer, never the members' badges (counting them
    from 0030's index read every badge of every member: a member's years of history); the
    daily MARATHON job finds its candidates from the gamified homework due last month (0031)
    and their work, never the school's submissions (it read a year of them: about 1 s on
    bench/analytics' big seed)."""
    st, sock, cap, teacher, student, admin, group = modules
    g = group["id"]
    # Gamified homework due over six years (not last month), the work on them handed in
    # the day before; five of it due last month; badges for the whole school's handed-in
    # work, and the group's members' badges of many homework and months.
    mariadb(sock, f"""
        SET @tpanel_tally_off = 1;
        UPDATE homework_homework SET gamification_enabled = 1,
            deadline = TIMESTAMP('2019-01-01 12:00:00') + INTERVAL (id % 2200) DAY
        WHERE title LIKE 'ДЗ %' AND status <> 'draft';
        UPDATE homework_homework SET deadline = TIMESTAMP(DATE_FORMAT(UTC_DATE()
            - INTERVAL 1 MONTH, '%Y-%m-15 12:00:00'))
        WHERE id IN (SELECT * FROM (SELECT h.id FROM homework_homework h
            JOIN homework_studentsubmission s ON s.homework_id = h.id
            WHERE h.title LIKE 'ДЗ %' AND h.status = 'published' AND s.status = 'graded'
            ORDER BY h.id LIMIT 5) x);
        UPDATE homework_studentsubmission s JOIN homework_homework h ON h.id = s.homework_id
        SET s.first_submitted_at = h.deadline - INTERVAL 1 DAY,
            s.submitted_at = h.deadline - INTERVAL 1 DAY
        WHERE h.title LIKE 'ДЗ %' AND s.status IN ('submitted', 'graded');
        INSERT IGNORE INTO homework_badge (student_id, badge_type, homework_id, earned_at)
        SELECT s.student_id, ELT(1 + s.id % 3, 'QUICK_START', 'PERFECTIONIST', 'EARLY_BIRD'),
            s.homework_id, s.submitted_at FROM homework_studentsubmission s
        WHERE s.submitted_at IS NOT NULL;
        INSERT IGNORE INTO homework_badge (student_id, badge_type, homework_id, earned_at)
        SELECT m.customuser_id, ELT(1 + h.id % 3, 'QUICK_START', 'PERFECTIONIST',
            'EARLY_BIRD'), h.id, h.deadline
        FROM schedule_group_students m JOIN homework_homework h
            ON h.title LIKE 'ДЗ %' AND h.id % 200 = 7 AND h.status <> 'draft'
        WHERE m.group_id = {g};
        INSERT IGNORE INTO homework_badge (student_id, badge_type, period, earned_at)
        SELECT m.customuser_id, 'MARATHON', DATE_FORMAT(DATE('2019-01-01')
            + INTERVAL x.seq MONTH, '%Y-%m'), DATE('2019-02-01') + INTERVAL x.seq MONTH
        FROM schedule_group_students m JOIN seq_0_to_59 x WHERE m.group_id = {g};
        SET @tpanel_tally_off = NULL;
        CALL summary_rebuild();
        CALL student_rebuild();
        CALL badge_rebuild();
        ANALYZE TABLE homework_homework, homework_assignment, homework_studentsubmission,
            homework_badge, badge_rollup;""", timeout=600)
    mine, kinds, members = (int(x) for x in mariadb(sock, f"""
        SELECT (SELECT COUNT(*) FROM schedule_group_students m JOIN homework_badge b
                ON b.student_id = m.customuser_id WHERE m.group_id = {g}),
            (SELECT COUNT(*) FROM schedule_group_students m JOIN badge_rollup r
                ON r.student_id = m.customuser_id WHERE m.group_id = {g}),
            (SELECT COUNT(*) FROM schedule_group_students WHERE group_id = {g})""").split())
    assert mine > 100 and int(mariadb(sock, "SELECT COUNT(*) FROM homework_badge")) > 10 * mine
    assert kinds <= 4 * members and mine > 10 * kinds, (mine, kinds, members)
    body = {}
    stmts = cap.statements(lambda: body.update(get(st, f"/api/groups/{g}/rating/", teacher)))
    assert not [s for s in stmts if "homework_badge" in s], stmts
    stmts = [s for s in stmts if "badge_rollup" in s]
    assert len(stmts) == 1, stmts
    plan = analyze(sock, stmts[0])
    assert not judge(plan, BOUND), judge(plan, BOUND)
    seen = accesses(plan)
    roll = [x for x in seen if x[0] == "r"]
    assert roll and roll[0][1] in ("ref", "eq_ref", "range") and roll[0][2] == "PRIMARY", seen
    assert roll[0][3] == kinds, (seen, kinds)
    assert all(x[3] <= members for x in seen if x[0] != "r"), (seen, members)
    # What the rating shows is what counting the members' badges gives.
    want = [line.split("\t") for line in mariadb(sock, f"""
        SELECT b.student_id, b.badge_type, COUNT(*) FROM schedule_group_students m
        JOIN homework_badge b ON b.student_id = m.customuser_id WHERE m.group_id = {g}
        GROUP BY b.student_id, b.badge_type
        ORDER BY b.student_id, MIN(b.earned_at), b.badge_type""").splitlines()]
    got = [[str(x["student_id"]), k["badge_type"], str(k["count"])]
           for x in sorted(body["students"], key=lambda x: x["student_id"])
           for k in x["badges"]]
    assert got == want
    print("\n[plans] rating's badges:\n" + explain(sock, stmts[0]))
    # The job: its candidates, then each one's homework (bounded by what reaches them).
    done = {}
    stmts = checked(st, sock, cap, lambda: done.update(api(
        st, "POST", "/schedule/api/celery/trigger/award_badges/", admin).json()),
        "award_badges")
    assert done["status"] == "SUCCESS" and done["result"]["students_checked"] >= 1, done
    cand = [s for s in stmts if "DISTINCT s.student_id" in s]
    assert len(cand) == 1, stmts
    print("[plans] the MARATHON job's candidates:\n" + explain(sock, cand[0]))
