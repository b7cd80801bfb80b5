"""Lessons and attendance through nginx: create, list (scope, filters, order, pages), read, edit,
delete, cancel, mark_attendance, and /api/attendance/ (API.md (c.1), (c.2) mark_attendance,
(c.5) and Decisions 1, 9, 10, 12).

Every test makes its own teacher and groups, so lessons of different tests never overlap.
Times are far in the future (scheduled) unless a test wants a past lesson (completed).
"""

import uuid

import pytest

from test_groups_api import (ISO_Z, api, assert_401, assert_field_400, create_group, new_admin,
                             new_user, page_all)

L = "/api/schedule/lessons/"
A = "/api/attendance/"
NOT_FOUND = {"detail": "Not found."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
REQUIRED = ["This field is required."]
LESSON_KEYS = {"id", "title", "group", "group_name", "teacher", "teacher_name", "start_time",
               "end_time", "duration_minutes", "topics", "location", "zoom_meeting_id",
               "zoom_start_url", "zoom_join_url", "zoom_password", "notes", "record_lesson",
               "recording_available_for_days", "status", "created_at", "updated_at"}
DETAIL_KEYS = (LESSON_KEYS - {"group_name", "teacher_name"}) | {"attendances", "recordings"}
TEACHER_ONLY = {"zoom_start_url", "notes"}
ATT_KEYS = {"id", "lesson", "lesson_title", "student", "student_name", "status", "notes",
            "marked_at"}
UNIQUE = {"non_field_errors": ["The fields lesson, student must make a unique set."]}


@pytest.fixture(scope="module")
def admin(stack):
    return new_admin(stack)


def t(day, hm, sec="00", tz="Z"):
    """An ISO instant on day (1..28) of March 2031 at hm ("HH:MM")."""
    return f"2031-03-{day:02d}T{hm}:{sec}{tz}"


def lesson(stack, who, group, start, end, title=None, expect=201, **fields):
    r = api(stack, "POST", L, who, json={
        "title": title or "Lesson " + uuid.uuid4().hex[:6], "group": group["id"],
        "start_time": start, "end_time": end, **fields})
    assert r.status == expect, r
    return r.json()


@pytest.fixture
def cls(stack):
    """A teacher (with names), two students in one group, and an outsider student."""
    teacher = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    s1, s2, out = (new_user(stack) for _ in range(3))
    group = create_group(stack, teacher, student_ids=[s1.id, s2.id])
    return teacher, group, s1, s2, out


# -- callers -----------------------------------------------------------------------------------

def test_anonymous_gets_401(stack):
    for method, path in (("GET", L), ("POST", L), ("GET", L + "1/"), ("PATCH", L + "1/"),
                         ("POST", L + "1/mark_attendance/"), ("POST", L + "1/cancel/"),
                         ("GET", A), ("POST", A), ("GET", A + "1/"), ("DELETE", A + "1/")):
        assert_401(api(stack, method, path, json={} if method != "GET" else None))


def test_students_and_admins_cannot_create(stack, cls, admin):
    teacher, group, s1, _, _ = cls
    body = {"title": "x", "group": group["id"], "start_time": t(1, "10:00"),
            "end_time": t(1, "11:00")}
    for who in (s1, admin):
        r = api(stack, "POST", L, who, json=body)
        assert r.status == 403 and r.json() == FORBIDDEN, r


# -- create, shape, time zones ---------------------------------------------------------------

def test_create_shape_and_time_zone(stack, cls):
    teacher, group, _, _, _ = cls
    x = lesson(stack, teacher, group, "2031-03-02T10:00:00+03:00", "2031-03-02T11:30:30+03:00",
               title="Алгебра", topics="дроби", location="к. 5", notes="секрет",
               teacher=999999, zoom_start_url="https://evil", zoom_join_url="https://evil")
    assert set(x) == LESSON_KEYS, set(x) ^ LESSON_KEYS
    assert x["start_time"] == "2031-03-02T07:00:00Z" and x["end_time"] == "2031-03-02T08:30:30Z"
    assert x["duration_minutes"] == 90            # 90.5 minutes, truncated
    assert x["title"] == "Алгебра" and x["topics"] == "дроби" and x["location"] == "к. 5"
    assert x["notes"] == "секрет" and x["status"] == "scheduled"
    assert x["group"] == group["id"] and x["group_name"] == group["name"]
    assert x["teacher"] == teacher.id and x["teacher_name"] == "Петрова Анна"
    # Read-only fields are ignored; the start link is never stored.
    assert x["zoom_start_url"] is None and x["zoom_join_url"] is None
    assert x["zoom_meeting_id"] is None and x["zoom_password"] is None
    assert x["record_lesson"] is False and x["recording_available_for_days"] == 90
    assert ISO_Z.match(x["created_at"]) and ISO_Z.match(x["updated_at"])
    # A naive datetime is UTC; -05:00 works too; the detail agrees.
    y = lesson(stack, teacher, group, "2031-03-02T12:00:00", "2031-03-02T08:00:00-05:00")
    assert y["start_time"] == "2031-03-02T12:00:00Z" and y["end_time"] == "2031-03-02T13:00:00Z"
    d = api(stack, "GET", f"{L}{x['id']}/", teacher).json()
    assert d["start_time"] == "2031-03-02T07:00:00Z"


def test_detail_shape(stack, cls, admin):
    teacher, group, s1, _, _ = cls
    x = lesson(stack, teacher, group, t(3, "10:00"), t(3, "11:00"), notes="n")
    r = api(stack, "GET", f"{L}{x['id']}/", teacher)
    assert r.status == 200, r
    d = r.json()
    assert set(d) == DETAIL_KEYS, set(d) ^ DETAIL_KEYS
    assert d["group"]["id"] == group["id"] and d["group"]["invite_code"] == group["invite_code"]
    assert {s["id"] for s in d["group"]["students"]} == {s1.id, cls[3].id}
    assert d["teacher"] == teacher.brief()
    assert d["attendances"] == [] and d["recordings"] == []
    assert d["zoom_start_url"] is None and d["notes"] == "n" and d["status"] == "scheduled"
    # Admins see everything but the start link, which is for teachers only.
    a = api(stack, "GET", f"{L}{x['id']}/", admin).json()
    assert "zoom_start_url" not in a and a["notes"] == "n"


# -- V-LESSON -------------------------------------------------------------------------------------

def test_field_errors_all_at_once(stack, cls):
    teacher, _, _, _, _ = cls
    r = api(stack, "POST", L, teacher, json={})
    assert r.status == 400, r
    assert r.json() == {"title": REQUIRED, "group": REQUIRED, "start_time": REQUIRED,
                        "end_time": REQUIRED}


@pytest.mark.parametrize("field,value", [
    ("title", ""), ("title", "   "), ("title", "x" * 201), ("location", "x" * 301),
    ("start_time", "tomorrow"), ("start_time", "2031-02-30T10:00:00Z"),
    ("end_time", "2031-03-04"), ("end_time", "2031-03-04T25:00:00Z"),
    ("group", 99999999), ("group", "abc"), ("group", [1]),
    ("recording_available_for_days", -1), ("recording_available_for_days", 99999999999),
    ("title", 5),
    ("topics", "ж" * 10001), ("notes", "x" * 10001)])
def test_field_error(stack, cls, field, value):
    teacher, group, _, _, _ = cls
    body = {"title": "ok", "group": group["id"], "start_time": t(4, "10:00"),
            "end_time": t(4, "11:00"), field: value}
    msgs = assert_field_400(api(stack, "POST", L, teacher, json=body), field)
    if field == "group" and value == 99999999:
        assert msgs == ['Invalid pk "99999999" - object does not exist.']
    assert api(stack, "GET", L, teacher).json()["count"] == 0


def test_title_of_200_and_location_of_300_characters_are_fine(stack, cls):
    teacher, group, _, _, _ = cls
    x = lesson(stack, teacher, group, t(4, "10:00"), t(4, "11:00"), title="я" * 200,
               location="ё" * 300)
    assert len(x["title"]) == 200 and len(x["location"]) == 300


@pytest.mark.parametrize("start,end", [
    (t(5, "10:00"), t(5, "10:00")),               # not after
    (t(5, "10:00"), t(5, "09:00")),               # before
    (t(5, "10:00"), t(5, "10:00", "59")),         # under a minute
    (t(5, "08:00"), t(5, "20:01")),               # over 12 hours
    ("2031-03-05T23:00:00+03:00", "2031-03-05T19:00:00Z")])  # 20:00Z .. 19:00Z
def test_end_must_follow_start_within_sane_bounds(stack, cls, start, end):
    teacher, group, _, _, _ = cls
    assert_field_400(api(stack, "POST", L, teacher, json={
        "title": "x", "group": group["id"], "start_time": start, "end_time": end}), "end_time")


def test_one_minute_and_four_hours_are_fine(stack, cls):
    """The shortest lesson and the longest (max_lesson_minutes, 240 by default: issue 18)."""
    teacher, group, _, _, _ = cls
    assert lesson(stack, teacher, group, t(6, "00:00"), t(6, "00:01"))["duration_minutes"] == 1
    assert lesson(stack, teacher, group, t(6, "08:00"), t(6, "12:00"))["duration_minutes"] == 240


def test_teacher_overlap(stack, cls):
    teacher, g1, _, _, _ = cls
    g2 = create_group(stack, teacher)
    lesson(stack, teacher, g1, t(7, "10:00"), t(7, "11:00"))
    for start, end in ((t(7, "10:30"), t(7, "11:30")), (t(7, "09:00"), t(7, "12:00")),
                       (t(7, "10:15"), t(7, "10:45")), ("2031-03-07T12:59:00+03:00",
                                                         t(7, "10:30"))):
        r = api(stack, "POST", L, teacher, json={"title": "x", "group": g2["id"],
                                                 "start_time": start, "end_time": end})
        assert_field_400(r, "non_field_errors")
    # Touching ends do not overlap.
    lesson(stack, teacher, g2, t(7, "11:00"), t(7, "12:00"))
    lesson(stack, teacher, g2, t(7, "09:00"), t(7, "10:00"))


def test_ownership_comes_before_the_overlaps(stack, cls):
    """Another teacher's group: the ownership rule (a bare list) answers before the overlap
    tests, so a busy and a free slot answer alike and the group's timetable stays hidden
    (issue 18; the spec's V-LESSON order put ownership last)."""
    teacher, group, _, _, _ = cls
    other = new_user(stack, "teacher")
    lesson(stack, teacher, group, t(8, "10:00"), t(8, "11:00"))
    body = {"title": "x", "group": group["id"], "start_time": t(8, "10:30"),
            "end_time": t(8, "11:30")}
    busy = api(stack, "POST", L, other, json=body)
    assert busy.status == 400 and isinstance(busy.json(), list) and len(busy.json()) == 1, busy
    body.update(start_time=t(8, "12:00"), end_time=t(8, "13:00"))
    free = api(stack, "POST", L, other, json=body)
    assert free.json() == busy.json(), (free, busy)
    assert api(stack, "GET", L, other).json()["count"] == 0


def test_edit_is_left_out_of_its_own_overlap(stack, cls):
    teacher, group, _, _, _ = cls
    x = lesson(stack, teacher, group, t(9, "10:00"), t(9, "11:00"))
    y = lesson(stack, teacher, group, t(9, "12:00"), t(9, "13:00"))
    r = api(stack, "PATCH", f"{L}{x['id']}/", teacher,
            json={"start_time": t(9, "10:30"), "end_time": t(9, "11:30")})
    assert r.status == 200, r
    assert r.json()["start_time"] == t(9, "10:30") and r.json()["duration_minutes"] == 60
    # Only the end: merged with the stored start.
    r = api(stack, "PATCH", f"{L}{x['id']}/", teacher, json={"end_time": t(9, "12:00")})
    assert r.status == 200 and r.json()["duration_minutes"] == 90, r
    r = api(stack, "PATCH", f"{L}{x['id']}/", teacher, json={"end_time": t(9, "12:30")})
    assert_field_400(r, "non_field_errors")
    r = api(stack, "PATCH", f"{L}{y['id']}/", teacher, json={"start_time": t(9, "13:00")})
    assert_field_400(r, "end_time")
    assert api(stack, "GET", f"{L}{y['id']}/", teacher).json()["start_time"] == t(9, "12:00")


def test_put_needs_every_required_field_and_keeps_the_teacher(stack, cls):
    teacher, group, _, _, _ = cls
    x = lesson(stack, teacher, group, t(10, "10:00"), t(10, "11:00"))
    r = api(stack, "PUT", f"{L}{x['id']}/", teacher, json={"title": "New"})
    assert r.status == 400 and r.json() == {"group": REQUIRED, "start_time": REQUIRED,
                                            "end_time": REQUIRED}, r
    r = api(stack, "PUT", f"{L}{x['id']}/", teacher, json={
        "title": "New", "group": group["id"], "start_time": t(10, "14:00"),
        "end_time": t(10, "15:00"), "teacher": 1})
    assert r.status == 200, r
    assert r.json()["title"] == "New" and r.json()["teacher"] == teacher.id


def test_moving_a_lesson_to_another_teachers_group_is_refused(stack, cls):
    teacher, group, _, _, _ = cls
    other = new_user(stack, "teacher")
    foreign = create_group(stack, other)
    x = lesson(stack, teacher, group, t(11, "10:00"), t(11, "11:00"))
    r = api(stack, "PATCH", f"{L}{x['id']}/", teacher, json={"group": foreign["id"]})
    assert r.status == 400 and isinstance(r.json(), list), r
    assert api(stack, "GET", f"{L}{x['id']}/", teacher).json()["group"]["id"] == group["id"]
    # Into another own group is fine.
    g2 = create_group(stack, teacher)
    r = api(stack, "PATCH", f"{L}{x['id']}/", teacher, json={"group": g2["id"]})
    assert r.status == 200 and r.json()["group"] == g2["id"], r


# -- scope ------------------------------------------------------------------------------------

def test_scope_of_the_list(stack, cls, admin):
    teacher, group, s1, _, out = cls
    other = new_user(stack, "teacher")
    og = create_group(stack, other, student_ids=[out.id])
    mine = lesson(stack, teacher, group, t(12, "10:00"), t(12, "11:00"), notes="private")
    theirs = lesson(stack, other, og, t(12, "10:00"), t(12, "11:00"))
    assert [x["id"] for x in page_all(stack, teacher, L)] == [mine["id"]]
    assert [x["id"] for x in page_all(stack, other, L)] == [theirs["id"]]
    seen = page_all(stack, s1, L)
    assert [x["id"] for x in seen] == [mine["id"]]
    assert not TEACHER_ONLY & set(seen[0]) and set(seen[0]) == LESSON_KEYS - TEACHER_ONLY
    assert [x["id"] for x in page_all(stack, out, L)] == [theirs["id"]]
    ids = {x["id"] for x in page_all(stack, admin, f"{L}?teacher={teacher.id}")}
    assert ids == {mine["id"]}


def test_student_reads_but_never_writes(stack, cls):
    teacher, group, s1, s2, _ = cls
    x = lesson(stack, teacher, group, t(13, "10:00"), t(13, "11:00"), notes="private")
    api(stack, "POST", f"{L}{x['id']}/mark_attendance/", teacher, json={"attendances": [
        {"student_id": s1.id, "status": "present", "notes": "n1"},
        {"student_id": s2.id, "status": "absent", "notes": "n2"}]})
    r = api(stack, "GET", f"{L}{x['id']}/", s1)
    assert r.status == 200, r
    d = r.json()
    assert set(d) == DETAIL_KEYS - TEACHER_ONLY, set(d)
    assert "private" not in r.text
    # Their own attendance only; the group's invite code stays hidden.
    assert [a["student"] for a in d["attendances"]] == [s1.id]
    assert d["group"]["invite_code"] is None
    for method, path, body in (("PATCH", f"{L}{x['id']}/", {"title": "hack"}),
                               ("PUT", f"{L}{x['id']}/", {"title": "hack"}),
                               ("DELETE", f"{L}{x['id']}/", None),
                               ("POST", f"{L}{x['id']}/cancel/", {}),
                               ("POST", f"{L}{x['id']}/mark_attendance/", {"attendances": []})):
        r = api(stack, method, path, s1, json=body)
        assert r.status == 403 and r.json() == FORBIDDEN, (method, path, r)
    assert api(stack, "GET", f"{L}{x['id']}/", teacher).json()["title"] == x["title"]


def test_outside_the_scope_is_404_with_nothing_leaked(stack, cls):
    teacher, group, _, _, out = cls
    other = new_user(stack, "teacher")
    x = lesson(stack, teacher, group, t(14, "10:00"), t(14, "11:00"), title="Секретный урок")
    r = api(stack, "GET", f"{L}{x['id']}/", out)
    assert r.status == 404 and r.json() == NOT_FOUND and "Секретный" not in r.text, r
    for method, path, body in (("GET", f"{L}{x['id']}/", None),
                               ("PATCH", f"{L}{x['id']}/", {"title": "hack"}),
                               ("PUT", f"{L}{x['id']}/", {"title": "hack"}),
                               ("DELETE", f"{L}{x['id']}/", None),
                               ("POST", f"{L}{x['id']}/cancel/", {}),
                               ("POST", f"{L}{x['id']}/mark_attendance/", {"attendances": []})):
        r = api(stack, method, path, other, json=body)
        assert r.status == 404 and r.json() == NOT_FOUND, (method, path, r)
    assert api(stack, "GET", f"{L}99999999/", teacher).json() == NOT_FOUND
    assert api(stack, "GET", f"{L}{x['id']}/", teacher).json()["status"] == "scheduled"


# -- list: filters, order, pages ----------------------------------------------------------------

@pytest.fixture
def week(stack, cls):
    """Six lessons of one teacher in two groups, created out of order, one in the past."""
    teacher, group, s1, _, _ = cls
    g2 = create_group(stack, teacher, student_ids=[s1.id])
    specs = [(group, t(17, "10:00"), t(17, "11:00")), (g2, t(15, "10:00"), t(15, "11:00")),
             (group, t(16, "23:30"), t(17, "00:30")), (g2, t(16, "09:00"), t(16, "10:00")),
             (group, t(15, "12:00"), t(15, "13:00")),
             (group, "2020-01-01T10:00:00Z", "2020-01-01T11:00:00Z")]
    made = [lesson(stack, teacher, g, s, e) for g, s, e in specs]
    return teacher, group, g2, made


def ids(stack, user, query):
    r = api(stack, "GET", L + query, user)
    assert r.status == 200, r
    return [x["id"] for x in r.json()["results"]]


def test_list_is_ordered_by_start(stack, week):
    teacher, _, _, made = week
    got = page_all(stack, teacher, L)
    assert [x["start_time"] for x in got] == sorted(x["start_time"] for x in made)


def test_list_filters(stack, week):
    teacher, g1, g2, m = week
    by = {x["start_time"]: x["id"] for x in m}
    assert ids(stack, teacher, f"?group={g2['id']}") == [by[t(15, "10:00")], by[t(16, "09:00")]]
    assert ids(stack, teacher, f"?teacher={teacher.id}&group={g1['id']}") == [
        by["2020-01-01T10:00:00Z"], by[t(15, "12:00")], by[t(16, "23:30")], by[t(17, "10:00")]]
    assert ids(stack, teacher, "?teacher=1") == []
    # start: start_time >= start; end: end_time <= end.
    assert ids(stack, teacher, "?start=2031-03-16T09:00:00Z&end=2031-03-17T00:30:00Z") == [
        by[t(16, "09:00")], by[t(16, "23:30")]]
    # Lenient: a date alone is 00:00 UTC; a '+' decoded to a space is an offset.
    assert ids(stack, teacher, "?start=2031-03-17") == [by[t(17, "10:00")]]
    assert ids(stack, teacher, "?start=2031-03-17T12:00:00+03:00") == [by[t(17, "10:00")]]
    assert ids(stack, teacher, "?start=2031-03-17T12:00:00%2B03:00") == [by[t(17, "10:00")]]
    assert ids(stack, teacher, "?end=2031-03-15T13:00:00%2B0100") == [
        by["2020-01-01T10:00:00Z"], by[t(15, "10:00")]]
    # date: the UTC day of start_time.
    assert ids(stack, teacher, "?date=2031-03-16") == [by[t(16, "09:00")], by[t(16, "23:30")]]
    assert ids(stack, teacher, "?date=2031-03-17") == [by[t(17, "10:00")]]
    # upcoming.
    assert ids(stack, teacher, "?upcoming=false") == [by["2020-01-01T10:00:00Z"]]
    assert len(ids(stack, teacher, "?upcoming=true")) == 5


@pytest.mark.parametrize("query,field", [
    ("?start=yesterday", "start"), ("?end=2031-13-01", "end"), ("?date=2031-03-32", "date"),
    ("?date=2031-03-16T00:00:00Z", "date"), ("?upcoming=maybe", "upcoming"),
    ("?group=abc", "group"), ("?teacher=-1", "teacher")])
def test_bad_filters_are_400(stack, cls, query, field):
    assert_field_400(api(stack, "GET", L + query, cls[0]), field)


def test_pages(stack, week):
    teacher, _, _, made = week
    r = api(stack, "GET", L + "?page_size=4", teacher).json()
    assert r["count"] == 6 and len(r["results"]) == 4 and r["previous"] is None
    assert r["next"].endswith("page=2") and "page_size=4" in r["next"]
    r2 = api(stack, "GET", L + "?page_size=4&page=2", teacher).json()
    assert len(r2["results"]) == 2 and r2["next"] is None and r2["previous"]
    assert {x["id"] for x in r["results"] + r2["results"]} == {x["id"] for x in made}
    r = api(stack, "GET", L + "?page_size=4&page=3", teacher)
    assert r.status == 404 and r.json() == {"detail": "Invalid page."}


def test_aliases(stack, week):
    teacher, _, _, made = week
    want = [x["id"] for x in page_all(stack, teacher, L)]
    for base in ("/schedule/api/lessons/", "/api/api/schedule/lessons/"):
        assert [x["id"] for x in page_all(stack, teacher, base)] == want
        assert api(stack, "GET", f"{base}{want[0]}/", teacher).status == 200
        assert api(stack, "GET", f"{base}{want[0]}", teacher).status == 200


# -- status, cancel, delete ---------------------------------------------------------------------

def test_status_is_derived(stack, cls):
    teacher, group, s1, _, _ = cls
    past = lesson(stack, teacher, group, "2020-01-02T10:00:00Z", "2020-01-02T11:00:00Z")
    assert past["status"] == "completed"
    x = lesson(stack, teacher, group, t(18, "10:00"), t(18, "11:00"))
    assert x["status"] == "scheduled"
    r = api(stack, "POST", f"{L}{x['id']}/cancel/", teacher)
    assert r.status == 200 and set(r.json()) == LESSON_KEYS, r
    assert r.json()["status"] == "cancelled"
    assert api(stack, "POST", f"{L}{x['id']}/cancel/", teacher).json()["status"] == "cancelled"
    assert api(stack, "GET", f"{L}{x['id']}/", s1).json()["status"] == "cancelled"
    # A cancelled lesson no longer holds its time.
    lesson(stack, teacher, group, t(18, "10:00"), t(18, "11:00"))


def test_delete(stack, cls):
    teacher, group, s1, _, _ = cls
    x = lesson(stack, teacher, group, t(19, "10:00"), t(19, "11:00"))
    api(stack, "POST", f"{L}{x['id']}/mark_attendance/", teacher,
        json={"attendances": [{"student_id": s1.id, "status": "present"}]})
    r = api(stack, "DELETE", f"{L}{x['id']}/", teacher)
    assert r.status == 204 and r.body == b"", r
    assert api(stack, "GET", f"{L}{x['id']}/", teacher).status == 404
    assert api(stack, "GET", f"{A}?lesson={x['id']}", teacher).json()["count"] == 0
    # Its time is free again.
    lesson(stack, teacher, group, t(19, "10:00"), t(19, "11:00"))


# -- mark_attendance ----------------------------------------------------------------------------

def marks(stack, teacher, lid, entries):
    return api(stack, "POST", f"{L}{lid}/mark_attendance/", teacher, json={"attendances": entries})


def att_of(stack, teacher, lid):
    d = api(stack, "GET", f"{L}{lid}/", teacher).json()
    return {a["student"]: (a["status"], a["notes"]) for a in d["attendances"]}


def test_mark_attendance_one_by_one_and_all_at_once(stack, cls):
    teacher, group, s1, s2, _ = cls
    x = lesson(stack, teacher, group, t(20, "10:00"), t(20, "11:00"))
    r = marks(stack, teacher, x["id"], [{"student_id": s1.id, "status": "present"}])
    assert r.status == 200, r
    d = r.json()
    assert set(d) == DETAIL_KEYS - {"zoom_start_url"}, set(d)
    assert [(a["student"], a["status"], a["notes"]) for a in d["attendances"]] == [
        (s1.id, "present", "")]
    a = d["attendances"][0]
    assert set(a) == ATT_KEYS and a["lesson"] == x["id"] and a["lesson_title"] == x["title"]
    assert ISO_Z.match(a["marked_at"])
    r = marks(stack, teacher, x["id"], [{"student_id": s2.id}])   # status defaults to absent
    assert r.status == 200, r
    assert att_of(stack, teacher, x["id"]) == {s1.id: ("present", ""), s2.id: ("absent", "")}
    # All at once, as an upsert; entries without student_id are skipped.
    r = marks(stack, teacher, x["id"], [{"student_id": s1.id, "status": "late", "notes": "5 min"},
                                         {"student_id": s2.id, "status": "excused"},
                                         {"status": "present"}])
    assert r.status == 200, r
    assert att_of(stack, teacher, x["id"]) == {s1.id: ("late", "5 min"),
                                               s2.id: ("excused", "")}
    assert api(stack, "GET", f"{A}?lesson={x['id']}", teacher).json()["count"] == 2


@pytest.mark.parametrize("bad", [
    {"status": "sleeping"}, {"status": 1}, {"status": None}, {"status": ""},
    "skipped-sleeping", "skipped-null", {"notes": 5}, {"student_id": "x"},
    {"student_id": -3}, "outsider", "teacher", {"student_id": 99999999}, {"notes": "x" * 2001}])
def test_an_invalid_entry_applies_nothing(stack, cls, bad):
    teacher, group, s1, s2, out = cls
    x = lesson(stack, teacher, group, t(21, "10:00"), t(21, "11:00"))
    assert marks(stack, teacher, x["id"], [{"student_id": s1.id, "status": "absent"}]).status == 200
    if bad == "outsider":
        entry = {"student_id": out.id}
    elif bad == "teacher":
        entry = {"student_id": teacher.id}
    elif isinstance(bad, str) and bad.startswith("skipped-"):
        # An entry skipped for want of a student_id still has its status checked (issue 18).
        entry = {"status": None if bad == "skipped-null" else "sleeping"}
    else:
        entry = {"student_id": s2.id, **bad}
    r = marks(stack, teacher, x["id"], [{"student_id": s1.id, "status": "present"}, entry])
    assert_field_400(r, "attendances")
    assert att_of(stack, teacher, x["id"]) == {s1.id: ("absent", "")}


@pytest.mark.parametrize("body", [{}, {"attendances": "x"}, {"attendances": [5]},
                                  {"attendances": None}])
def test_mark_attendance_body(stack, cls, body):
    teacher, group, _, _, _ = cls
    x = lesson(stack, teacher, group, t(22, "10:00"), t(22, "11:00"))
    assert_field_400(api(stack, "POST", f"{L}{x['id']}/mark_attendance/", teacher, json=body),
                     "attendances")


# -- /api/attendance/ ---------------------------------------------------------------------------

def test_attendance_crud_and_rules(stack, cls, admin):
    teacher, group, s1, s2, out = cls
    x = lesson(stack, teacher, group, t(23, "10:00"), t(23, "11:00"))
    r = api(stack, "POST", A, teacher, json={"lesson": x["id"], "student": s1.id,
                                             "status": "present", "notes": "ok"})
    assert r.status == 201, r
    rec = r.json()
    assert set(rec) == ATT_KEYS and rec["student"] == s1.id and rec["status"] == "present"
    assert rec["notes"] == "ok" and rec["lesson_title"] == x["title"]
    r = api(stack, "POST", A, teacher, json={"lesson": x["id"], "student": s1.id})
    assert r.status == 400 and r.json() == UNIQUE, r
    r = api(stack, "POST", A, teacher, json={"lesson": x["id"], "student": s2.id, "status": "x"})
    assert r.status == 400 and r.json() == {"status": ['"x" is not a valid choice.']}, r
    assert_field_400(api(stack, "POST", A, teacher, json={"lesson": x["id"], "student": out.id}),
                     "student")
    r = api(stack, "POST", A, teacher, json={})
    assert r.status == 400 and r.json() == {"lesson": REQUIRED, "student": REQUIRED}, r
    # Default status; another teacher's lesson is unknown to this one.
    r = api(stack, "POST", A, teacher, json={"lesson": x["id"], "student": s2.id})
    assert r.status == 201 and r.json()["status"] == "absent", r
    other = new_user(stack, "teacher")
    assert_field_400(api(stack, "POST", A, other, json={"lesson": x["id"], "student": out.id}),
                     "lesson")
    for who in (s1, admin):
        assert api(stack, "POST", A, who, json={"lesson": x["id"], "student": s1.id}).status == 403
    # Reading: the teacher, the record's student, admins; nobody else.
    rid = rec["id"]
    assert api(stack, "GET", f"{A}{rid}/", teacher).json() == {**rec}
    assert api(stack, "GET", f"{A}{rid}/", s1).status == 200
    assert api(stack, "GET", f"{A}{rid}/", admin).status == 200
    for who in (s2, out, other):
        r = api(stack, "GET", f"{A}{rid}/", who)
        assert r.status == 404 and r.json() == NOT_FOUND, r
    # Writing: the teacher only.
    r = api(stack, "PATCH", f"{A}{rid}/", teacher, json={"status": "late"})
    assert r.status == 200 and r.json()["status"] == "late" and r.json()["notes"] == "ok", r
    assert r.json()["marked_at"] >= rec["marked_at"]
    r = api(stack, "PATCH", f"{A}{rid}/", teacher, json={"student": s2.id})
    assert r.status == 400 and r.json() == UNIQUE, r
    r = api(stack, "PATCH", f"{A}{rid}/", teacher, json={"status": "gone"})
    assert_field_400(r, "status")
    r = api(stack, "PUT", f"{A}{rid}/", teacher, json={"status": "present"})
    assert r.status == 400 and set(r.json()) == {"lesson", "student"}, r
    r = api(stack, "PUT", f"{A}{rid}/", teacher, json={"lesson": x["id"], "student": s1.id,
                                                       "status": "excused", "notes": ""})
    assert r.status == 200 and r.json()["status"] == "excused", r
    assert api(stack, "PATCH", f"{A}{rid}/", other, json={"status": "present"}).status == 404
    assert api(stack, "PATCH", f"{A}{rid}/", s1, json={"status": "present"}).status == 403
    assert api(stack, "DELETE", f"{A}{rid}/", s1).status == 403
    assert api(stack, "DELETE", f"{A}{rid}/", other).status == 404
    r = api(stack, "DELETE", f"{A}{rid}/", teacher)
    assert r.status == 204, r
    assert api(stack, "GET", f"{A}{rid}/", teacher).status == 404


def test_attendance_list_scope_filters_and_order(stack, cls, admin):
    teacher, group, s1, s2, _ = cls
    late = lesson(stack, teacher, group, t(25, "10:00"), t(25, "11:00"))
    early = lesson(stack, teacher, group, t(24, "10:00"), t(24, "11:00"))
    for x in (late, early):
        assert marks(stack, teacher, x["id"], [{"student_id": s1.id, "status": "present"},
                                               {"student_id": s2.id, "status": "absent"}]
                     ).status == 200
    got = page_all(stack, teacher, A)
    assert [a["lesson"] for a in got] == [early["id"]] * 2 + [late["id"]] * 2
    mine = page_all(stack, s1, A)
    assert {a["student"] for a in mine} == {s1.id} and len(mine) == 2
    assert page_all(stack, new_user(stack, "teacher"), A) == []
    assert len(page_all(stack, admin, f"{A}?lesson={late['id']}")) == 2
    assert [a["student"] for a in page_all(stack, teacher, f"{A}?status=absent")] == [s2.id] * 2
    assert [a["lesson"] for a in page_all(stack, teacher, f"{A}?student={s1.id}")] == [
        early["id"], late["id"]]
    assert_field_400(api(stack, "GET", A + "?status=gone", teacher), "status")
    assert_field_400(api(stack, "GET", A + "?lesson=x", teacher), "lesson")
    r = api(stack, "GET", "/schedule/api/attendance/?page_size=1", teacher).json()
    assert r["count"] == 4 and len(r["results"]) == 1 and r["next"]
