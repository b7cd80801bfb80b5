"""Weekly (recurring) lessons through nginx: create, list (scope, filters, order), read, edit,
delete, generate_lessons (dry run, idempotence, overlaps, ISO week parity, one transaction) and
the [nat1] lesson action delete_recurring (API.md (c.4), (c.2) and Decisions 8, 19).

This session's stack runs in UTC, so a weekly 10:00 lesson generates 10:00Z; daylight saving is
tested on a Europe/Berlin stack in test_calendar.py. Every test makes its own teacher and group.
"""

import concurrent.futures
import datetime
import uuid

import pytest

from test_groups_api import (ISO_Z, api, assert_401, assert_detail, assert_field_400,
                             create_group, new_admin, new_user, page_all)

R = "/api/recurring-lessons/"
L = "/api/schedule/lessons/"
NOT_FOUND = {"detail": "Not found."}
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
REQUIRED = ["This field is required."]
RL_KEYS = {"id", "title", "teacher", "teacher_name", "group", "group_id", "group_name",
           "day_of_week", "day_of_week_display", "week_type", "week_type_display", "start_time",
           "end_time", "start_date", "end_date", "topics", "location", "created_at", "updated_at"}
GEN_KEYS = {"status", "dry_run", "created_count", "would_create_count", "created_ids", "dates",
            "skipped_existing", "skipped_teacher_busy", "skipped_outside_pattern"}


@pytest.fixture(scope="module")
def admin(stack):
    return new_admin(stack)


@pytest.fixture
def cls(stack):
    """A teacher (with names), a student in their group, and an outsider student."""
    teacher = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    s1, out = new_user(stack), new_user(stack)
    group = create_group(stack, teacher, student_ids=[s1.id])
    return teacher, group, s1, out


def body(group, **kw):
    """A Monday 10:00-11:30 lesson through March 2031 (ISO weeks 10..13 on Mondays 3..24)."""
    b = {"title": "Алгебра " + uuid.uuid4().hex[:6], "group_id": group["id"], "day_of_week": 0,
         "start_time": "10:00", "end_time": "11:30", "start_date": "2031-03-01",
         "end_date": "2031-03-31"}
    b.update(kw)
    return b


def weekly(stack, who, group, expect=201, **kw):
    r = api(stack, "POST", R, who, json=body(group, **kw))
    assert r.status == expect, r
    return r.json()


def generate(stack, who, rl, expect=200, **kw):
    r = api(stack, "POST", f"{R}{rl['id']}/generate_lessons/", who, json=kw)
    assert r.status == expect, r
    return r.json()


def lessons_of(stack, who, group):
    return page_all(stack, who, f"{L}?group={group['id']}")


# -- callers -------------------------------------------------------------------------------------

def test_anonymous_gets_401(stack):
    for method, path in (("GET", R), ("POST", R), ("GET", R + "1/"), ("PUT", R + "1/"),
                         ("PATCH", R + "1/"), ("DELETE", R + "1/"),
                         ("POST", R + "1/generate_lessons/"),
                         ("GET", "/schedule/api/recurring-lessons/"),
                         ("POST", L + "delete_recurring/")):
        assert_401(api(stack, method, path, json={} if method != "GET" else None))


def test_students_and_admins_cannot_create(stack, cls, admin):
    teacher, group, s1, _ = cls
    for who in (s1, admin):
        r = api(stack, "POST", R, who, json=body(group))
        assert r.status == 403 and r.json() == FORBIDDEN, r
    assert api(stack, "GET", R, teacher).json()["count"] == 0


# -- create and validation -----------------------------------------------------------------------

def test_create_shape(stack, cls):
    teacher, group, s1, _ = cls
    x = weekly(stack, teacher, group, title="Алгебра", topics="дроби", location="к. 5",
               week_type="UPPER", teacher=999999)
    assert set(x) == RL_KEYS, set(x) ^ RL_KEYS
    assert x["title"] == "Алгебра" and x["topics"] == "дроби" and x["location"] == "к. 5"
    assert x["start_time"] == "10:00:00" and x["end_time"] == "11:30:00"
    assert x["start_date"] == "2031-03-01" and x["end_date"] == "2031-03-31"
    assert x["day_of_week"] == 0 and x["day_of_week_display"] == "Понедельник"
    assert x["week_type"] == "UPPER" and x["week_type_display"] == "Верхняя неделя"
    assert x["teacher"] == teacher.brief() and x["teacher_name"] == "Петрова Анна"
    assert x["group"]["id"] == group["id"] and x["group_id"] == group["id"]
    assert x["group_name"] == group["name"]
    assert [s["id"] for s in x["group"]["students"]] == [s1.id]
    assert x["group"]["invite_code"] == group["invite_code"]
    assert ISO_Z.match(x["created_at"]) and ISO_Z.match(x["updated_at"])
    # Defaults: every week; seconds are kept; a form body works too.
    y = weekly(stack, teacher, group, start_time="08:15:30", end_time="09:00:00", day_of_week="6")
    assert y["week_type"] == "ALL" and y["week_type_display"] == "Каждую неделю"
    assert y["start_time"] == "08:15:30" and y["day_of_week_display"] == "Воскресенье"
    assert y["topics"] == "" and y["location"] == ""
    # Creating one makes no lesson.
    assert lessons_of(stack, teacher, group) == []


def test_field_errors_all_at_once(stack, cls):
    teacher, _, _, _ = cls
    r = api(stack, "POST", R, teacher, json={})
    assert r.status == 400, r
    assert r.json() == {k: REQUIRED for k in ("title", "group_id", "day_of_week", "start_time",
                                              "end_time", "start_date", "end_date")}


@pytest.mark.parametrize("field,value", [
    ("title", ""), ("title", "x" * 201), ("location", "x" * 301), ("title", 5),
    ("group_id", 99999999), ("group_id", "abc"), ("day_of_week", 7), ("day_of_week", -1),
    ("day_of_week", "Monday"), ("day_of_week", 1.5), ("week_type", "EVEN"), ("week_type", "all"),
    ("start_time", "25:00"), ("start_time", "10"), ("start_time", "10:00:00.5"),
    ("end_time", "11:60"), ("start_date", "2031-02-30"), ("end_date", "31.03.2031"),
    ("end_date", "")])
def test_field_error(stack, cls, field, value):
    teacher, group, _, _ = cls
    msgs = assert_field_400(api(stack, "POST", R, teacher, json=body(group, **{field: value})),
                            field)
    if field == "group_id" and value == 99999999:
        assert msgs == ['Invalid pk "99999999" - object does not exist.']
    assert api(stack, "GET", R, teacher).json()["count"] == 0


@pytest.mark.parametrize("kw,field", [
    ({"start_time": "10:00", "end_time": "10:00"}, "end_time"),
    ({"start_time": "10:00", "end_time": "09:59"}, "end_time"),
    ({"start_date": "2031-03-02", "end_date": "2031-03-01"}, "end_date")])
def test_cross_field_rules(stack, cls, kw, field):
    teacher, group, _, _ = cls
    assert_field_400(api(stack, "POST", R, teacher, json=body(group, **kw)), field)


def test_one_day_range_is_fine(stack, cls):
    teacher, group, _, _ = cls
    weekly(stack, teacher, group, start_date="2031-03-03", end_date="2031-03-03")


def test_only_in_own_groups(stack, cls):
    teacher, _, _, _ = cls
    other_group = create_group(stack, new_user(stack, "teacher"))
    r = api(stack, "POST", R, teacher, json=body(other_group))
    assert r.status == 400 and isinstance(r.json(), list) and len(r.json()) == 1, r
    assert api(stack, "GET", R, teacher).json()["count"] == 0


# -- list, read ----------------------------------------------------------------------------------

def test_list_scope_order_filters(stack, cls, admin):
    teacher, group, s1, out = cls
    g2 = create_group(stack, teacher)
    a = weekly(stack, teacher, group, day_of_week=2, start_time="09:00", end_time="10:00")
    b = weekly(stack, teacher, group, day_of_week=0, start_time="12:00", end_time="13:00")
    c = weekly(stack, teacher, g2, day_of_week=0, start_time="08:00", end_time="09:00")
    other = weekly(stack, new_teacher := new_user(stack, "teacher"),
                   create_group(stack, new_teacher, student_ids=[out.id]))
    ids = lambda items: [x["id"] for x in items]  # noqa: E731
    # Ordered by day_of_week, then start_time.
    assert ids(page_all(stack, teacher, R)) == [c["id"], b["id"], a["id"]]
    assert ids(page_all(stack, s1, R)) == [b["id"], a["id"]]          # their group only
    assert ids(page_all(stack, out, R)) == [other["id"]]
    every = ids(page_all(stack, admin, R))
    assert {a["id"], b["id"], c["id"], other["id"]} <= set(every)
    assert ids(page_all(stack, teacher, f"{R}?group={g2['id']}")) == [c["id"]]
    assert ids(page_all(stack, teacher, f"{R}?day_of_week=0")) == [c["id"], b["id"]]
    assert ids(page_all(stack, admin, f"{R}?teacher={teacher.id}")) == [c["id"], b["id"], a["id"]]
    assert ids(page_all(stack, teacher, f"{R}?teacher={new_teacher.id}")) == []
    # Pages.
    p = api(stack, "GET", R + "?page_size=2", teacher).json()
    assert p["count"] == 3 and len(p["results"]) == 2 and p["next"] and p["previous"] is None
    assert api(stack, "GET", R + "?page=3&page_size=2", teacher).status == 404
    # The alias.
    assert ids(page_all(stack, teacher, "/schedule/api/recurring-lessons/")) == ids(
        page_all(stack, teacher, R))


@pytest.mark.parametrize("q", ["day_of_week=abc", "day_of_week=1.5", "group=x", "teacher=-1"])
def test_list_bad_filters_get_400(stack, cls, q):
    teacher, _, _, _ = cls
    r = api(stack, "GET", f"{R}?{q}", teacher)
    assert r.status == 400, r


def test_read_scope(stack, cls, admin):
    teacher, group, s1, out = cls
    x = weekly(stack, teacher, group)
    for who in (teacher, s1, admin):
        r = api(stack, "GET", f"{R}{x['id']}/", who)
        assert r.status == 200 and r.json()["id"] == x["id"], r
    # Another group's student and another teacher: not found, nothing leaked.
    for who in (out, new_user(stack, "teacher")):
        r = api(stack, "GET", f"{R}{x['id']}/", who)
        assert r.status == 404 and r.json() == NOT_FOUND, r
    assert api(stack, "GET", f"{R}99999999/", teacher).status == 404
    # Students do not see the group's invite code.
    assert api(stack, "GET", f"{R}{x['id']}/", s1).json()["group"]["invite_code"] is None


# -- edit, delete --------------------------------------------------------------------------------

def test_patch_and_put(stack, cls):
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group, topics="t", location="l")
    r = api(stack, "PATCH", f"{R}{x['id']}/", teacher, json={"start_time": "09:00",
                                                             "week_type": "LOWER"})
    assert r.status == 200, r
    y = r.json()
    assert y["start_time"] == "09:00:00" and y["end_time"] == "11:30:00"
    assert y["week_type"] == "LOWER" and y["title"] == x["title"] and y["topics"] == "t"
    # PATCH keeps the rules: end after start, on the merged values.
    assert_field_400(api(stack, "PATCH", f"{R}{x['id']}/", teacher,
                         json={"end_time": "08:00"}), "end_time")
    # PUT needs every required field.
    r = api(stack, "PUT", f"{R}{x['id']}/", teacher, json={"title": "Новое"})
    assert r.status == 400 and set(r.json()) == {"group_id", "day_of_week", "start_time",
                                                 "end_time", "start_date", "end_date"}, r
    g2 = create_group(stack, teacher)
    r = api(stack, "PUT", f"{R}{x['id']}/", teacher, json=body(g2, title="Новое", day_of_week=4))
    assert r.status == 200, r
    z = r.json()
    assert z["title"] == "Новое" and z["group_id"] == g2["id"] and z["day_of_week"] == 4
    assert z["topics"] == "t" and z["location"] == "l"        # not sent: kept
    # Another teacher's group: a bare list, nothing changed.
    foreign = create_group(stack, new_user(stack, "teacher"))
    r = api(stack, "PATCH", f"{R}{x['id']}/", teacher, json={"group_id": foreign["id"]})
    assert r.status == 400 and isinstance(r.json(), list), r
    assert api(stack, "GET", f"{R}{x['id']}/", teacher).json()["group_id"] == g2["id"]


def test_only_the_owner_writes(stack, cls, admin):
    teacher, group, s1, out = cls
    x = weekly(stack, teacher, group)
    path = f"{R}{x['id']}/"
    for method, json in (("PATCH", {"title": "взлом"}), ("PUT", body(group)), ("DELETE", None),
                         ("POST", {"until_date": "2031-03-31"})):
        p = path + "generate_lessons/" if method == "POST" else path
        # Those who see it: 403. Those who do not: 404.
        for who in (s1, admin):
            r = api(stack, method, p, who, json=json)
            assert r.status == 403 and isinstance(r.json().get("detail"), str), (who.role, r)
        for who in (out, new_user(stack, "teacher")):
            r = api(stack, method, p, who, json=json)
            assert r.status == 404 and r.json() == NOT_FOUND, (who.role, r)
    assert api(stack, "GET", path, teacher).json()["title"] == x["title"]
    assert lessons_of(stack, teacher, group) == []


def test_delete(stack, cls):
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group)
    gen = generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-31")
    r = api(stack, "DELETE", f"{R}{x['id']}/", teacher)
    assert r.status == 204 and r.body == b"", r
    assert api(stack, "GET", f"{R}{x['id']}/", teacher).status == 404
    assert api(stack, "DELETE", f"{R}{x['id']}/", teacher).status == 404
    # The lessons it generated stay.
    assert [l["id"] for l in lessons_of(stack, teacher, group)] == gen["created_ids"]


# -- generate_lessons ----------------------------------------------------------------------------

def test_dry_run_then_real_then_again(stack, cls):
    teacher, group, s1, _ = cls
    x = weekly(stack, teacher, group, topics="дроби", location="к. 5")
    # March 2031: Mondays 3, 10, 17, 24, 31; 31 days, of which 26 not Mondays.
    dry = generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-31",
                   dry_run=True)
    assert set(dry) == GEN_KEYS, set(dry) ^ GEN_KEYS
    assert dry == {"status": "ok", "dry_run": True, "created_count": 0, "would_create_count": 5,
                   "created_ids": None, "dates": ["2031-03-03", "2031-03-10", "2031-03-17",
                                                  "2031-03-24", "2031-03-31"],
                   "skipped_existing": 0, "skipped_teacher_busy": 0,
                   "skipped_outside_pattern": 26}
    assert lessons_of(stack, teacher, group) == []
    real = generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-31",
                    dry_run=False)
    assert real["dry_run"] is False and real["created_count"] == 5
    assert real["would_create_count"] == 5 and len(real["created_ids"]) == 5
    got = lessons_of(stack, teacher, group)
    assert [l["id"] for l in got] == real["created_ids"]
    assert [(l["start_time"], l["end_time"]) for l in got] == [
        (f"2031-03-{d:02d}T10:00:00Z", f"2031-03-{d:02d}T11:30:00Z") for d in (3, 10, 17, 24, 31)]
    assert all(l["title"] == x["title"] and l["topics"] == "дроби" and l["location"] == "к. 5"
               and l["zoom_join_url"] is None and l["teacher"] == teacher.id for l in got)
    # The student sees them as lessons of their group.
    assert len(lessons_of(stack, s1, group)) == 5
    # Again: nothing new, all counted as existing.
    again = generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-31")
    assert again["created_count"] == 0 and again["created_ids"] == []
    assert again["skipped_existing"] == 5 and again["skipped_outside_pattern"] == 26
    assert len(lessons_of(stack, teacher, group)) == 5


def test_outside_own_dates_is_not_counted(stack, cls):
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group, start_date="2031-03-10", end_date="2031-03-20")
    g = generate(stack, teacher, x, start_date="2031-02-01", until_date="2031-04-30", dry_run=True)
    # Only 10..20 March count: Mondays 10 and 17, nine other days.
    assert g["would_create_count"] == 2 and g["skipped_outside_pattern"] == 9
    assert g["dates"] == ["2031-03-10", "2031-03-17"]


@pytest.mark.parametrize("week_type", ["UPPER", "LOWER"])
def test_week_parity_is_iso(stack, cls, week_type):
    teacher, group, _, _ = cls
    # The ISO week numbers of the Mondays, computed independently.
    mondays = [datetime.date(2031, 3, d) for d in (3, 10, 17, 24, 31)]
    want = [m.isoformat() for m in mondays
            if (m.isocalendar()[1] % 2 == 0) == (week_type == "UPPER")]
    x = weekly(stack, teacher, group, week_type=week_type)
    g = generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-31")
    assert g["dates"] == want and g["created_count"] == len(want)
    assert g["skipped_outside_pattern"] == 31 - len(want)
    assert [l["start_time"][:10] for l in lessons_of(stack, teacher, group)] == want
    # UPPER = even ISO weeks: 2031-03-03 is in week 10.
    assert ("2031-03-03" in want) == (week_type == "UPPER")


def test_overlaps_are_skipped(stack, cls):
    teacher, group, _, _ = cls
    g2 = create_group(stack, teacher)
    x = weekly(stack, teacher, group)
    # The group already has a lesson at 11:00-12:00 on the 10th (overlapping 10:00-11:30); the
    # teacher teaches another group on the 17th at 09:00-10:30.
    manual = api(stack, "POST", L, teacher, json={
        "title": "m", "group": group["id"], "start_time": "2031-03-10T11:00:00Z",
        "end_time": "2031-03-10T12:00:00Z"}).json()
    busy = api(stack, "POST", L, teacher, json={
        "title": "b", "group": g2["id"], "start_time": "2031-03-17T09:00:00Z",
        "end_time": "2031-03-17T10:30:00Z"}).json()
    g = generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-31")
    assert g["dates"] == ["2031-03-03", "2031-03-24", "2031-03-31"]
    # The teacher's lesson in another group skips its slot like the group's own (API c.4):
    # skipped_existing counts both, skipped_teacher_busy the one of them (issue 18).
    assert g["skipped_existing"] == 2 and g["skipped_teacher_busy"] == 1
    ids = {l["id"] for l in page_all(stack, teacher, L)}
    assert ids == set(g["created_ids"]) | {manual["id"], busy["id"]}
    # A cancelled lesson frees its slot for generation (it is no longer in the way).
    api(stack, "POST", f"{L}{busy['id']}/cancel/", teacher)
    g = generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-31")
    assert g["dates"] == ["2031-03-17"] and g["skipped_existing"] == 4


def test_a_moved_lesson_is_not_generated_again(stack, cls):
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group)
    g = generate(stack, teacher, x, start_date="2031-03-03", until_date="2031-03-03")
    lid = g["created_ids"][0]
    r = api(stack, "PATCH", f"{L}{lid}/", teacher, json={
        "start_time": "2031-03-04T15:00:00Z", "end_time": "2031-03-04T16:00:00Z"})
    assert r.status == 200, r
    g = generate(stack, teacher, x, start_date="2031-03-03", until_date="2031-03-03")
    assert g["created_count"] == 0 and g["skipped_existing"] == 1
    # Deleting it undoes that date: it can be generated again.
    assert api(stack, "DELETE", f"{L}{lid}/", teacher).status == 204
    g = generate(stack, teacher, x, start_date="2031-03-03", until_date="2031-03-03")
    assert g["created_count"] == 1


def test_parallel_runs_create_each_lesson_once(stack, cls):
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group, start_date="2031-01-01", end_date="2031-12-31")

    def run(_):
        return generate(stack, teacher, x, start_date="2031-01-01", until_date="2031-12-31")

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        results = list(ex.map(run, range(4)))
    mondays = 52     # 2031 has 52 Mondays
    assert sum(r["created_count"] for r in results) == mondays
    assert all(r["created_count"] + r["skipped_existing"] == mondays for r in results)
    assert len(lessons_of(stack, teacher, group)) == mondays


def test_override_title(stack, cls):
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group)
    g = generate(stack, teacher, x, start_date="2031-03-03", until_date="2031-03-09",
                 override_title="  Контрольная  ")
    assert g["created_count"] == 1
    assert lessons_of(stack, teacher, group)[0]["title"] == "Контрольная"
    r = api(stack, "POST", f"{R}{x['id']}/generate_lessons/", teacher,
            json={"until_date": "2031-03-31", "override_title": "x" * 201})
    assert_detail(r, 400)


def test_default_start_is_today(stack, cls):
    teacher, group, _, _ = cls
    today = datetime.datetime.now(datetime.timezone.utc).date()
    x = weekly(stack, teacher, group, day_of_week=today.weekday(), start_time="23:00",
               end_time="23:30", start_date=(today - datetime.timedelta(days=21)).isoformat(),
               end_date=(today + datetime.timedelta(days=60)).isoformat())
    g = generate(stack, teacher, x, until_date=(today + datetime.timedelta(days=13)).isoformat())
    assert g["dates"] == [(today + datetime.timedelta(days=7 * k)).isoformat() for k in (0, 1)]


@pytest.mark.parametrize("payload", [
    {}, {"until_date": ""}, {"until_date": "2031-13-01"}, {"until_date": 20310301},
    {"until_date": "2031-03-31", "start_date": "2031-02-30"},
    {"until_date": "2031-03-01", "start_date": "2031-03-02"},
    {"until_date": "2032-03-01", "start_date": "2031-03-01"},        # over 366 days
    {"until_date": "2031-03-31", "dry_run": "yes"}, {"until_date": "2031-03-31", "dry_run": 1},
    {"until_date": "2031-03-31", "dry_run": None, "override_title": 5}])
def test_generate_bad_input_is_400_and_changes_nothing(stack, cls, payload):
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group)
    r = api(stack, "POST", f"{R}{x['id']}/generate_lessons/", teacher, json=payload)
    assert r.status == 400, r
    assert isinstance(r.json(), dict), r
    assert lessons_of(stack, teacher, group) == []


def test_dry_run_false_as_a_string_is_not_a_dry_run(stack, cls):
    """The original took the string "false" for a dry run."""
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group)
    g = generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-09",
                 dry_run="false")
    assert g["dry_run"] is False and g["created_count"] == 1


def test_generate_through_the_alias(stack, cls):
    teacher, group, _, _ = cls
    x = weekly(stack, teacher, group)
    r = api(stack, "POST", f"/schedule/api/recurring-lessons/{x['id']}/generate_lessons/",
            teacher, json={"start_date": "2031-03-01", "until_date": "2031-03-09"})
    assert r.status == 200 and r.json()["created_count"] == 1, r


# -- delete_recurring ([nat1]) -------------------------------------------------------------------

def test_delete_recurring(stack, cls, admin):
    teacher, group, s1, _ = cls
    g2 = create_group(stack, teacher)
    x = weekly(stack, teacher, group, title="Физика")
    generate(stack, teacher, x, start_date="2031-03-01", until_date="2031-03-31")
    keep = api(stack, "POST", L, teacher, json={
        "title": "физика", "group": group["id"], "start_time": "2031-03-05T10:00:00Z",
        "end_time": "2031-03-05T11:00:00Z"}).json()               # another title (case)
    other = api(stack, "POST", L, teacher, json={
        "title": "Физика", "group": g2["id"], "start_time": "2031-03-06T10:00:00Z",
        "end_time": "2031-03-06T11:00:00Z"}).json()               # another group
    path = L + "delete_recurring/"
    for bad in ({}, {"title": "Физика"}, {"group_id": group["id"]}, {"title": "", "group_id": 1}):
        assert_detail(api(stack, "POST", path, teacher, json=bad), 400)
    for who in (s1, admin):
        assert api(stack, "POST", path, who, json={"title": "Физика",
                                                   "group_id": group["id"]}).status == 403
    # Another teacher cannot delete in this group: nothing of theirs matches.
    r = api(stack, "POST", path, new_user(stack, "teacher"),
            json={"title": "Физика", "group_id": group["id"]})
    assert_detail(r, 404)
    r = api(stack, "POST", path, teacher, json={"title": "Физика", "group_id": group["id"]})
    assert r.status == 200, r
    assert r.json()["status"] == "deleted" and r.json()["count"] == 5
    assert isinstance(r.json()["message"], str)
    assert {l["id"] for l in page_all(stack, teacher, L)} == {keep["id"], other["id"]}
    assert_detail(api(stack, "POST", "/schedule/api/lessons/delete_recurring/", teacher,
                      json={"title": "Физика", "group_id": group["id"]}), 404)
