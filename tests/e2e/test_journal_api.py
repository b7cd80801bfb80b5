"""The attendance journal through nginx (PHASE2-3.md section 2.1, P2.7, "Points settled"): the
group's real lessons and its weekly lessons' virtual ones (ISO week parity), its students, phase
1's attendance records in @HEAD's vocabulary, the one attendance percent, the update action
(both vocabularies, null clears, the note kept, late and virtual lessons refused), and who may
read and write it.
"""

import datetime
import uuid

import pytest

from test_groups_api import api, create_group, new_admin, new_user

L = "/api/schedule/lessons/"


def journal(stack, user, gid, query=""):
    return api(stack, "GET", f"/api/groups/{gid}/attendance-log/{query}", user)


def update(stack, user, gid, body):
    return api(stack, "POST", f"/api/groups/{gid}/attendance-log/update/", user, json=body)


def lesson(stack, teacher, group, start, minutes=60, title=None):
    r = api(stack, "POST", L, teacher, json={
        "title": title or "Урок " + uuid.uuid4().hex[:6], "group": group["id"],
        "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_time": (start + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")})
    assert r.status == 201, r
    return r.json()["id"]


def mark(stack, teacher, lid, **statuses):
    r = api(stack, "POST", f"{L}{lid}/mark_attendance/", teacher, json={"attendances": [
        {"student_id": int(sid), "status": st, "notes": f"note {st}"} for sid, st in statuses.items()]})
    assert r.status == 200, r


def utc(*a):
    return datetime.datetime(*a, tzinfo=datetime.timezone.utc)


@pytest.fixture(scope="module")
def cls(stack):
    """T1's group G1 (S1, S2) with three held lessons, one cancelled and one ahead; T2's G2
    (S3) with a lesson; an admin."""
    class W:
        pass
    w = W()
    w.T1 = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    w.T2 = new_user(stack, "teacher")
    w.S1 = new_user(stack, first_name="Иван", last_name="Алексеев")
    w.S2 = new_user(stack, first_name="Борис", last_name="Борисов")
    w.S3 = new_user(stack)
    w.A = new_admin(stack)
    w.G1 = create_group(stack, w.T1, student_ids=[w.S1.id, w.S2.id])
    w.G2 = create_group(stack, w.T2, student_ids=[w.S3.id])
    w.L1 = lesson(stack, w.T1, w.G1, utc(2025, 3, 3, 10))
    w.L2 = lesson(stack, w.T1, w.G1, utc(2025, 3, 5, 10))
    w.L3 = lesson(stack, w.T1, w.G1, utc(2025, 3, 7, 10))
    w.LC = lesson(stack, w.T1, w.G1, utc(2025, 3, 8, 10))
    assert api(stack, "POST", f"{L}{w.LC}/cancel/", w.T1).status == 200
    w.LF = lesson(stack, w.T1, w.G1, utc(2031, 3, 3, 10))
    w.LX = lesson(stack, w.T2, w.G2, utc(2025, 3, 3, 12))
    mark(stack, w.T1, w.L1, **{str(w.S1.id): "present", str(w.S2.id): "excused"})
    mark(stack, w.T1, w.L2, **{str(w.S1.id): "late", str(w.S2.id): "absent"})
    mark(stack, w.T1, w.LC, **{str(w.S1.id): "absent"})
    return w


def test_shape_marks_and_the_one_percent(stack, cls):
    w = cls
    r = journal(stack, w.T1, w.G1["id"])
    assert r.status == 200 and r.headers["content-type"] == "application/json", r
    j = r.json()
    assert set(j) == {"lessons", "students", "records", "zoom", "meta"}
    ids = [x["id"] for x in j["lessons"]]
    assert ids == [w.L1, w.L2, w.L3, w.LC, w.LF]
    one = j["lessons"][0]
    assert {"id", "title", "start_time", "end_time", "cancelled", "is_past",
            "attendance_percent"} <= set(one)
    assert one["start_time"] == "2025-03-03T10:00:00Z" and one["is_past"] is True
    assert [x["is_past"] for x in j["lessons"]] == [True, True, True, False, False]
    assert [x["cancelled"] for x in j["lessons"]] == [False, False, False, True, False]
    assert all("is_recurring" not in x for x in j["lessons"])
    s1, s2 = j["students"]
    assert (s1["id"], s1["name"], s1["email"]) == (w.S1.id, "Алексеев Иван", w.S1.email)
    assert s2["name"] == "Борисов Борис"
    # present -> "attended"; late stays late; excused, absent.
    rec = j["records"]
    assert rec[f"{w.S1.id}_{w.L1}"]["status"] == "attended"
    assert rec[f"{w.S1.id}_{w.L1}"]["auto_recorded"] is False
    assert rec[f"{w.S1.id}_{w.L2}"]["status"] == "late"
    assert rec[f"{w.S2.id}_{w.L1}"]["status"] == "excused"
    assert rec[f"{w.S2.id}_{w.L2}"]["status"] == "absent"
    assert rec[f"{w.S1.id}_{w.LC}"]["status"] == "absent"
    assert f"{w.S1.id}_{w.L3}" not in rec
    # Held = 3 (the cancelled and the future lesson do not count); late counts as present,
    # the unmarked L3 as missed: S1 2/3 = 66.7; S2 0/(3-1) = 0.0; the mean 33.3.
    assert (s1["attendance_percent"], s1["attended"], s1["late"]) == (66.7, 2, 1)
    assert (s2["attendance_percent"], s2["excused"], s2["absent"]) == (0.0, 1, 1)
    st = j["meta"]["stats"]
    assert st["avg_attendance_percent"] == 33.3
    assert (st["lessons_count"], st["students_count"], st["held_lessons"]) == (5, 2, 3)
    assert st["absences_total"] == 1 and st["watched_total"] == 0
    assert j["meta"]["records_count"] == 5
    # Per lesson: L1 1 present of 2 students less 1 excused = 100 %; L2 1/2 = 50 %.
    assert [x["attendance_percent"] for x in j["lessons"]] == [100.0, 50.0, 0.0, None, None]


def test_a_group_without_lessons(stack, cls):
    g = create_group(stack, cls.T1, student_ids=[cls.S1.id])
    j = journal(stack, cls.T1, g["id"]).json()
    assert j["lessons"] == [] and j["records"] == {}
    assert j["students"][0]["attendance_percent"] is None
    assert j["meta"]["stats"]["avg_attendance_percent"] is None


def test_range_filter(stack, cls):
    w = cls
    j = journal(stack, w.T1, w.G1["id"], "?from=2025-03-04&to=2025-03-07").json()
    assert [x["id"] for x in j["lessons"]] == [w.L2, w.L3]
    assert j["students"][0]["attendance_percent"] == 50.0     # late of L2, L3 missed
    for q in ("?from=2025-3-4", "?to=tomorrow", "?from=2025-03-08&to=2025-03-01"):
        assert journal(stack, w.T1, w.G1["id"], q).status == 400, q


def test_weekly_lessons_are_virtual_by_iso_parity(stack, cls):
    w = cls
    g = create_group(stack, w.T1, student_ids=[w.S1.id])
    today = datetime.date.today()
    r = api(stack, "POST", "/api/recurring-lessons/", w.T1, json={
        "title": "Верхняя неделя", "group_id": g["id"], "day_of_week": 2, "week_type": "UPPER",
        "start_time": "10:00", "end_time": "11:00",
        "start_date": (today - datetime.timedelta(days=20)).isoformat(),
        "end_date": (today + datetime.timedelta(days=200)).isoformat()})
    assert r.status == 201, r
    rid = r.json()["id"]
    j = journal(stack, w.T1, g["id"]).json()
    virtual = [x for x in j["lessons"] if x.get("is_recurring")]
    assert virtual, j["lessons"]
    for x in virtual:
        day = datetime.date.fromisoformat(x["id"].rsplit("_", 1)[1])
        assert x["id"] == f"recurring_{rid}_{day.isoformat()}"
        assert day.weekday() == 2 and day.isocalendar()[1] % 2 == 0, day
        assert today - datetime.timedelta(days=20) <= day <= today + datetime.timedelta(days=30)
        assert x["recurring_lesson_id"] == rid and x["is_past"] is False
    # A virtual lesson cannot be marked.
    r = update(stack, w.T1, g["id"], {"lesson_id": virtual[0]["id"], "student_id": w.S1.id,
                                      "status": "attended"})
    assert r.status == 400 and r.json()["detail"] == "Generate the lesson first", r
    # Generating one replaces it with the real lesson.
    day = virtual[-1]["id"].rsplit("_", 1)[1]
    r = api(stack, "POST", f"/api/recurring-lessons/{rid}/generate_lessons/", w.T1,
            json={"start_date": day, "until_date": day})
    assert r.status in (200, 201), r
    j = journal(stack, w.T1, g["id"]).json()
    assert virtual[-1]["id"] not in [x["id"] for x in j["lessons"]]
    assert any(isinstance(x["id"], int) for x in j["lessons"])


def test_update(stack, cls):
    w = cls
    g = w.G1["id"]
    r = update(stack, w.T1, g, {"lesson_id": w.L3, "student_id": w.S1.id, "status": "excused"})
    assert r.status == 200, r
    rec = r.json()
    assert rec["status"] == "excused" and rec["lesson"] == w.L3 and rec["student"] == w.S1.id
    assert rec["auto_recorded"] is False and rec["student_email"] == w.S1.email
    # The lesson page's mark is the same record (one table).
    att = api(stack, "GET", f"{L}{w.L3}/", w.T1).json()["attendances"]
    assert [(a["student"], a["status"]) for a in att] == [(w.S1.id, "excused")]
    # Both vocabularies; the note written on the lesson page stays.
    r = update(stack, w.T1, g, {"lesson_id": w.L1, "student_id": w.S2.id, "status": "attended"})
    assert r.status == 200 and r.json()["status"] == "attended" and \
        r.json()["notes"] == "note excused", r
    r = update(stack, w.T1, g, {"lesson_id": str(w.L1), "student_id": w.S2.id,
                                "status": "present"})
    assert r.status == 200 and r.json()["status"] == "attended", r
    # Bad input: 400, 404, nothing written.
    before = journal(stack, w.T1, g).json()["records"]
    for body, code in (
            ({"lesson_id": w.L1, "student_id": w.S1.id, "status": "late"}, 400),
            ({"lesson_id": w.L1, "student_id": w.S1.id, "status": "watched_recording"}, 400),
            ({"lesson_id": w.L1, "student_id": w.S1.id, "status": 5}, 400),
            ({"lesson_id": w.LX, "student_id": w.S1.id, "status": "absent"}, 404),
            ({"lesson_id": 999999999, "student_id": w.S1.id, "status": "absent"}, 404),
            ({"lesson_id": w.L1, "student_id": w.S3.id, "status": "absent"}, 400),
            ({"lesson_id": w.L1, "status": "absent"}, 400),
            ({"student_id": w.S1.id, "status": "absent"}, 400),
            ({"lesson_id": "x", "student_id": w.S1.id, "status": "absent"}, 400),
            ({"lesson_id": "recurring_1_2026-03-02", "student_id": w.S1.id}, 400)):
        r = update(stack, w.T1, g, body)
        assert r.status == code, (body, r)
    assert journal(stack, w.T1, g).json()["records"] == before
    # null (or "") clears.
    r = update(stack, w.T1, g, {"lesson_id": w.L3, "student_id": w.S1.id, "status": None})
    assert r.status == 200 and r.json() == {"status": "cleared"}, r
    assert f"{w.S1.id}_{w.L3}" not in journal(stack, w.T1, g).json()["records"]
    r = update(stack, w.T1, g, {"lesson_id": w.L3, "student_id": w.S1.id, "status": ""})
    assert r.status == 200 and r.json() == {"status": "cleared"}, r


def test_who_may_read_and_write(stack, cls):
    w = cls
    g = w.G1["id"]
    for u, code in ((w.T1, 200), (w.A, 200), (w.S1, 403), (w.T2, 404), (w.S3, 404)):
        assert journal(stack, u, g).status == code, u.role
    assert journal(stack, None, g).status == 401
    assert journal(stack, w.T1, 999999999).status == 404
    # Students never see another student's email in any answer here.
    assert w.S2.email not in journal(stack, w.S1, g).text
    body = {"lesson_id": w.L1, "student_id": w.S1.id, "status": "absent"}
    for u, code in ((w.S1, 403), (w.A, 403), (w.T2, 404)):
        assert update(stack, u, g, body).status == code, u.role
    assert api(stack, "POST", f"/api/groups/{g}/attendance-log/update/", None,
               json=body).status == 401
