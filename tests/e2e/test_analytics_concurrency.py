"""Analytics writes at the same moment (issue 17): control point results and attendance marks
saved by two teachers whose groups share every student, by one teacher in two tabs, through
the API and the page at once, entries in opposite orders, round after round. Every request
succeeds and no InnoDB deadlock happens (the parent's row locked first, the rows written by
student and by primary key, the results' tally row taken before any student's points; a
deadlock ordering cannot rule out would be tried again inside, never a 503), each control
point's results and each lesson's marks end as one of the requests left them (all or
nothing, never a mix), and the tallies and rollups the triggers keep equal a rebuild from the
rows. Before: the journal's column and Zoom's confirmation wrote cell by cell (a 503 when
they deadlocked, and a mix of two saves), the results grid wrote only what differed from
what it had read before (a mix of two tabs' saves).

And with the neighbouring lessons' marks and control points' results held by another session,
as another teacher's save in flight holds them, a save of every kind passes at once: each
reaches only its own lesson's or point's rows, by primary key (an upsert or a delete by
(lesson, student) also locked the next entry of the unique index, another lesson's record).
"""

import datetime
import uuid

import pytest

from conftest import _start_stack, _teardown
from test_analytics_pages import page_user
from test_groups_api import api, create_group, new_users
from test_lesson_pages import sql
from test_pages import csrf_of
from test_submit_concurrency import at_once, deadlocks, holder, impatient
from test_tallies import check as rollups_check

STUDENTS = 10
ROUNDS = 4
L = "/api/schedule/lessons/"
API_STATUSES = ("present", "absent", "late", "excused")
PAGE_STATUSES = ("present", "late", "", "absent", "excused")


@pytest.fixture(scope="module")
def busy(request, fakezoom):
    st = _start_stack("tpac", workers="6", zoom=fakezoom)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


def utc(*a):
    return datetime.datetime(*a, tzinfo=datetime.timezone.utc)


def lesson(st, teacher, group, start, minutes=60):
    r = api(st, "POST", L, teacher, json={
        "title": "Урок " + uuid.uuid4().hex[:6], "group": group["id"],
        "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_time": (start + datetime.timedelta(minutes=minutes)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")})
    assert r.status == 201, r
    return r.json()["id"]


def control_point(st, teacher, group):
    r = api(st, "POST", "/api/control-points/", teacher, json={
        "title": "Контрольная " + uuid.uuid4().hex[:6], "group": group["id"],
        "max_points": 100, "date": "2025-03-10"})
    assert r.status == 201, r
    return r.json()["id"]


def last_deadlock(st):
    """InnoDB's account of its latest deadlock, the statements and locks only."""
    text = sql(st, "SHOW ENGINE INNODB STATUS").replace("\\n", "\n")
    text = text[text.find("LATEST DETECTED DEADLOCK"):text.find("\nTRANSACTIONS\n")]
    return "\n".join(ln for ln in text.splitlines()
                     if not ln.lstrip().startswith(("0:", "1:", "2:", "3:", "4:", "5:", "6:",
                                                    "7:", "8:", "Record lock")))


def retries(st):
    return sum("transaction retried after a lock conflict" in x for x in
               st.log_text().splitlines())


def results_of(st, cp):
    return {int(s): int(p) for s, p in (ln.split() for ln in sql(
        st, "SELECT student_id, points FROM analytics_controlpointresult "
            f"WHERE control_point_id = {cp}").splitlines())}


def marks_of(st, lid):
    return {int(s): v for s, v in (ln.split() for ln in sql(
        st, f"SELECT student_id, status FROM schedule_attendance WHERE lesson_id = {lid}"
    ).splitlines())}


@pytest.fixture(scope="module")
def school(busy):
    """Two teachers (each also signed in on the pages), each with a group of the same ten
    students, a past lesson and a control point."""
    class W:
        pass
    w = W()
    w.T1, w.T2 = page_user(busy, "teacher"), page_user(busy, "teacher")
    w.S = sorted((s.id for s in new_users(busy, STUDENTS)))
    w.G1 = create_group(busy, w.T1, student_ids=w.S)
    w.G2 = create_group(busy, w.T2, student_ids=w.S)
    w.L1 = lesson(busy, w.T1, w.G1, utc(2025, 3, 3, 10))
    w.L2 = lesson(busy, w.T2, w.G2, utc(2025, 3, 3, 10))
    w.C1 = control_point(busy, w.T1, w.G1)
    w.C2 = control_point(busy, w.T2, w.G2)
    # A school that has marks and results: the tallies' rows every save locks first exist
    # (the first saves of a new school lock the gap where they go, and two at once may
    # deadlock there once, which is tried again).
    assert mark_api(busy, w.T1, w.L1, {w.S[0]: "present"}, False)().status == 200
    assert put_results(busy, w.T1, w.C1, {w.S[0]: 1}, False)().status == 200
    return w


def points_plan(students, seed):
    """Points for every student, None (no result) for one in three; each seed another mix
    of new, changed, removed and missing results."""
    return {s: None if (i + seed) % 3 == 0 else (i * 7 + seed * 5) % 23
            for i, s in enumerate(students)}


def put_results(st, teacher, cp, plan, backwards):
    order = sorted(plan, reverse=backwards)
    body = {"results": [{"student_id": s, "points": plan[s]} for s in order]}
    return lambda: api(st, "PUT", f"/api/control-points/{cp}/results/", teacher, json=body)


def page_results(u, cp, plan):
    token = csrf_of(u.c.get(f"/control-points/{cp}"))
    fields = {f"p_{s}": "" if p is None else str(p) for s, p in plan.items()}
    return lambda: u.c.post(f"/control-points/{cp}", {**fields, "csrf_token": token})


def kept(plan):
    return {s: v for s, v in plan.items() if v not in (None, "")}


@pytest.mark.slow
def test_results_saved_at_once(busy, school):
    """Per round: each teacher saves their control point twice at once, from the API
    (entries in opposite orders) and from the page's grid; the two teachers' points share
    every student, so their rollups' rows (the students' points) and tallies meet."""
    st, w = busy, school
    before, tried = deadlocks(st), retries(st)
    for rnd in range(ROUNDS):
        plans = [points_plan(w.S, 4 * rnd + k) for k in range(4)]
        jobs = [put_results(st, w.T1, w.C1, plans[0], False),
                page_results(w.T1, w.C1, plans[1]),
                put_results(st, w.T2, w.C2, plans[2], True),
                page_results(w.T2, w.C2, plans[3])]
        done = at_once(jobs)
        assert [r.status for r in done] == [200, 303, 200, 303], \
            [(r.status, r.text[:200]) for r in done]
        assert results_of(st, w.C1) in (kept(plans[0]), kept(plans[1])), rnd
        assert results_of(st, w.C2) in (kept(plans[2]), kept(plans[3])), rnd
    print(f"\n[results] {deadlocks(st) - before} deadlocks lost and "
          f"{retries(st) - tried} transactions tried again")
    # Not even one to try again: the writers lock in one order.
    assert deadlocks(st) == before, last_deadlock(st)
    rollups_check(st, "control point results saved at once")


def marks_plan(students, seed, statuses):
    return {s: statuses[(i * 3 + seed) % len(statuses)] for i, s in enumerate(students)}


def mark_api(st, teacher, lid, plan, backwards):
    body = {"attendances": [{"student_id": s, "status": plan[s]}
                            for s in sorted(plan, reverse=backwards)]}
    return lambda: api(st, "POST", f"{L}{lid}/mark_attendance/", teacher, json=body)


def mark_page(u, group, lid, plan):
    url = f"/groups/{group['id']}/journal"
    token = csrf_of(u.c.get(f"{url}?edit={lid}"))
    fields = {f"s_{s}": v for s, v in plan.items()}
    return lambda: u.c.post(url, {"lesson_id": lid, **fields, "csrf_token": token})


@pytest.mark.slow
def test_marks_saved_at_once(busy, school):
    """Per round: each teacher marks their lesson twice at once, from the API (opposite
    orders) and from the journal's column (which also clears cells); the lessons share every
    student."""
    st, w = busy, school
    before, tried = deadlocks(st), retries(st)
    for rnd in range(ROUNDS):
        plans = [marks_plan(w.S, 4 * rnd, API_STATUSES),
                 marks_plan(w.S, 4 * rnd + 1, PAGE_STATUSES),
                 marks_plan(w.S, 4 * rnd + 2, API_STATUSES),
                 marks_plan(w.S, 4 * rnd + 3, PAGE_STATUSES)]
        jobs = [mark_api(st, w.T1, w.L1, plans[0], False),
                mark_page(w.T1, w.G1, w.L1, plans[1]),
                mark_api(st, w.T2, w.L2, plans[2], True),
                mark_page(w.T2, w.G2, w.L2, plans[3])]
        done = at_once(jobs)
        assert [r.status for r in done] == [200, 303, 200, 303], \
            [(r.status, r.text[:200]) for r in done]
        assert marks_of(st, w.L1) in (kept(plans[0]), kept(plans[1])), rnd
        assert marks_of(st, w.L2) in (kept(plans[2]), kept(plans[3])), rnd
    print(f"\n[marks] {deadlocks(st) - before} deadlocks lost and "
          f"{retries(st) - tried} transactions tried again")
    # Not even one to try again: the writers lock in one order.
    assert deadlocks(st) == before, last_deadlock(st)
    rollups_check(st, "marks saved at once")


def present_in_zoom(st, lid, students, start, minutes=60):
    """Each student in the lesson's meeting from its start to its end."""
    end = start + datetime.timedelta(minutes=minutes)
    sql(st, "INSERT INTO analytics_zoom_presence (lesson_id, student_id, participant_key, "
            "joined_at, left_at) VALUES " + ", ".join(
                f"({lid}, {s}, 'p{s}', '{start:%Y-%m-%d %H:%M:%S}', "
                f"'{end:%Y-%m-%d %H:%M:%S}')" for s in students))


@pytest.mark.slow
def test_zoom_confirmation_never_overwrites_a_mark_made_meanwhile(busy, school):
    """The teacher confirms Zoom's "present" for a lesson while marking half of its
    students absent (the API, entries backwards) and the other teacher marks theirs: the
    teacher's marks stand, the others are present, whichever ran first."""
    st, w = busy, school
    for rnd in range(ROUNDS):
        start = utc(2025, 4, 1 + rnd, 10)
        lid = lesson(st, w.T1, w.G1, start)
        present_in_zoom(st, lid, w.S, start)
        absent = {s: "absent" for s in w.S[rnd % 2::2]}
        other = marks_plan(w.S, rnd, API_STATUSES)
        done = at_once([
            lambda: api(st, "POST", f"/api/groups/{w.G1['id']}/attendance-log/confirm/",
                        w.T1, json={"lesson_id": lid}),
            mark_api(st, w.T1, lid, absent, True),
            mark_api(st, w.T2, w.L2, other, False)])
        assert [r.status for r in done] == [200] * 3, [(r.status, r.text) for r in done]
        assert marks_of(st, lid) == {s: absent.get(s, "present") for s in w.S}
        assert done[0].json()["confirmed"] in (len(w.S) - len(absent), len(w.S))
        assert marks_of(st, w.L2) == other
    rollups_check(st, "confirmations")


def test_a_neighbours_rows_held_never_block_a_save(new_stack):
    """Another session holds every mark of the lessons before and after the teacher's, and
    every result of the control points before and after theirs, as another teacher's saves
    in flight would: each way of writing the teacher's marks and results passes at once (a
    lock wait of 1 s would be a 503), and the neighbours keep theirs."""
    st = new_stack
    impatient(st)
    t, t2 = page_user(st, "teacher"), page_user(st, "teacher")
    s1, s2, s3, s4 = sorted(s.id for s in new_users(st, 4))
    everyone = [s1, s2, s3, s4]
    g = create_group(st, t, student_ids=everyone)
    g2 = create_group(st, t2, student_ids=everyone)
    start = utc(2025, 5, 5, 10)
    l0 = lesson(st, t2, g2, start - datetime.timedelta(days=1))
    lid = lesson(st, t, g, start)
    l2 = lesson(st, t2, g2, start + datetime.timedelta(days=1))
    c0 = control_point(st, t2, g2)
    cp = control_point(st, t, g)
    c2 = control_point(st, t2, g2)
    assert l0 < lid < l2 and c0 < cp < c2
    for who, x in ((t2, l0), (t2, l2)):
        assert mark_api(st, who, x, {s: "present" for s in everyone}, False)().status == 200
    assert mark_api(st, t, lid, {s2: "present", s3: "absent"}, False)().status == 200
    for who, x in ((t2, c0), (t2, c2)):
        assert put_results(st, who, x, {s: 50 for s in everyone}, False)().status == 200
    assert put_results(st, t, cp, {s2: 10, s3: 20}, False)().status == 200
    # As another teacher's saves in flight hold them: every mark and result of the
    # neighbours changed by primary key (the triggers kept quiet: a change of status or of a
    # result's presence would also hold the tallies' shared row, which every save of the
    # kind waits for in turn).
    held = ["SET @tpanel_tally_off = 1"]
    for table, parent, change, ids in (
            ("schedule_attendance", "lesson_id", "status = 'late'", (l0, l2)),
            ("analytics_controlpointresult", "control_point_id", "points = 49", (c0, c2))):
        for x in ids:
            held += [f"UPDATE {table} SET {change} WHERE id = {i}" for i in sql(
                st, f"SELECT id FROM {table} WHERE {parent} = {x}").split()]
    assert len(held) == 17
    present_in_zoom(st, lid, everyone, start)
    h = holder(st, held)
    try:
        # Results: new (s1), changed (s2), removed (s3), none to remove (s4, the last).
        r = put_results(st, t, cp, {s1: 5, s2: 6, s3: None, s4: None}, True)()
        assert r.status == 200, r
        assert results_of(st, cp) == {s1: 5, s2: 6}
        r = page_results(t, cp, {s1: 7, s2: "", s3: "", s4: 9})()
        assert r.status == 303, r
        assert results_of(st, cp) == {s1: 7, s4: 9}
        r = api(st, "POST", "/api/control-point-results/", t,
                json={"control_point": cp, "student": s3, "points": 8})
        assert r.status == 201, r
        one = r.json()["id"]
        r = api(st, "PATCH", f"/api/control-point-results/{one}/", t, json={"points": 11})
        assert r.status == 200 and r.json()["points"] == 11, r
        assert api(st, "DELETE", f"/api/control-point-results/{one}/", t).status == 204
        assert results_of(st, cp) == {s1: 7, s4: 9}
        # Marks: new (s1, s4: the last), changed (s3, the last there was).
        r = mark_api(st, t, lid, {s1: "present", s3: "late", s4: "absent"}, False)()
        assert r.status == 200, r
        log = f"/api/groups/{g['id']}/attendance-log/update/"
        for body in ({"lesson_id": lid, "student_id": s4, "status": None},
                     {"lesson_id": lid, "student_id": s4, "status": None},
                     {"lesson_id": lid, "student_id": s2, "status": "excused"}):
            r = api(st, "POST", log, t, json=body)
            assert r.status == 200, (body, r)
        r = mark_page(t, g, lid, {s1: "", s3: "absent"})()
        assert r.status == 303, r
        assert marks_of(st, lid) == {s2: "excused", s3: "absent"}
        r = api(st, "POST", "/api/attendance/", t,
                json={"lesson": lid, "student": s4, "status": "late"})
        assert r.status == 201, r
        one = r.json()["id"]
        r = api(st, "PATCH", f"/api/attendance/{one}/", t, json={"status": "present"})
        assert r.status == 200, r
        assert api(st, "DELETE", f"/api/attendance/{one}/", t).status == 204
        # Zoom's "present" confirmed where there is no mark: s1 and s4.
        r = api(st, "POST", f"/api/groups/{g['id']}/attendance-log/confirm/", t,
                json={"lesson_id": lid})
        assert r.status == 200 and r.json()["confirmed"] == 2, r
        assert marks_of(st, lid) == {s1: "present", s2: "excused", s3: "absent",
                                     s4: "present"}
    finally:
        h.stdin.close()
        h.wait(timeout=10)
    assert marks_of(st, l0) == marks_of(st, l2) == {s: "present" for s in everyone}
    rollups_check(st, "saves beside held rows")
