"""The calendar feed through nginx (API.md (c.3) with its Proposed fixes, Decisions 8 and 19):
real lessons and virtual weekly occurrences, scoped per caller, UTC with Z, ISO week parity,
occurrences hidden once generated or covered, a bounded range; and weekly lessons on a stack in
Europe/Berlin, where a 10:00 lesson stays 10:00 local across daylight saving.
"""

import re

import pytest

from test_groups_api import api, assert_401, assert_field_400, create_group, new_admin, new_user
from test_recurring_api import R, generate, weekly

F = "/api/schedule/lessons/calendar_feed/"
L = "/api/schedule/lessons/"
PALETTE = ["#3788d8", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6"]
REAL_KEYS = {"id", "title", "start", "end", "color", "extendedProps"}
REAL_PROPS = {"groupId", "groupName", "teacherId", "teacherName", "location", "topics", "zoomUrl",
              "status"}
VIRTUAL_PROPS = {"groupId", "groupName", "teacherId", "teacherName", "location", "topics",
                 "recurring", "weekType", "recurringId", "date", "status"}
MARCH = "start=2031-03-01&end=2031-04-01"


def feed(stack, who, query=MARCH, path=F):
    r = api(stack, "GET", f"{path}?{query}", who)
    assert r.status == 200, r
    body = r.json()
    assert isinstance(body, list), body
    return body


def lesson(stack, who, group, start, end, title="Урок", expect=201):
    r = api(stack, "POST", L, who, json={"title": title, "group": group["id"],
                                         "start_time": start, "end_time": end})
    assert r.status == expect, r
    return r.json()


@pytest.fixture(scope="module")
def admin(stack):
    return new_admin(stack)


@pytest.fixture
def cls(stack):
    teacher = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    s1, out = new_user(stack), new_user(stack)
    group = create_group(stack, teacher, student_ids=[s1.id])
    return teacher, group, s1, out


def vid(rl, date):
    return f"recurring-{rl['id']}-{date}"


# -- callers and shapes --------------------------------------------------------------------------

def test_anonymous_gets_401(stack):
    for path in (F, "/schedule/api/lessons/calendar_feed/",
                 "/api/api/schedule/lessons/calendar_feed/"):
        assert_401(api(stack, "GET", f"{path}?{MARCH}"))


def test_shapes(stack, cls):
    teacher, group, _, _ = cls
    real = lesson(stack, teacher, group, "2031-03-05T10:00:00+03:00", "2031-03-05T11:00:00+03:00",
                  title="Алгебра")
    rl = weekly(stack, teacher, group, title="Геометрия", topics="углы", location="к. 7",
                start_date="2031-03-10", end_date="2031-03-10")
    ev = feed(stack, teacher)
    assert len(ev) == 2, ev
    r, v = ev
    assert set(r) == REAL_KEYS and set(r["extendedProps"]) == REAL_PROPS, r
    assert r["id"] == real["id"] and r["title"] == f"Алгебра - {group['name']}"
    assert r["start"] == "2031-03-05T07:00:00Z" and r["end"] == "2031-03-05T08:00:00Z"
    assert r["color"] == PALETTE[group["id"] % 5]
    assert r["extendedProps"] == {"groupId": group["id"], "groupName": group["name"],
                                  "teacherId": teacher.id, "teacherName": "Петрова Анна",
                                  "location": "", "topics": "", "zoomUrl": None,
                                  "status": "scheduled"}
    assert set(v) == REAL_KEYS and set(v["extendedProps"]) == VIRTUAL_PROPS, v
    assert v["id"] == vid(rl, "2031-03-10") and v["title"] == f"Геометрия - {group['name']}"
    assert v["start"] == "2031-03-10T10:00:00Z" and v["end"] == "2031-03-10T11:30:00Z"
    assert v["color"] == "#6b7280"
    assert v["extendedProps"] == {"groupId": group["id"], "groupName": group["name"],
                                  "teacherId": teacher.id, "teacherName": "Петрова Анна",
                                  "location": "к. 7", "topics": "углы", "recurring": True,
                                  "weekType": "ALL", "recurringId": rl["id"],
                                  "date": "2031-03-10", "status": "scheduled"}
    # The aliases answer the same.
    for path in ("/schedule/api/lessons/calendar_feed/",
                 "/api/api/schedule/lessons/calendar_feed/"):
        assert feed(stack, teacher, path=path) == ev


def test_scope_per_caller(stack, cls, admin):
    teacher, group, s1, out = cls
    lesson(stack, teacher, group, "2031-03-05T10:00:00Z", "2031-03-05T11:00:00Z")
    rl = weekly(stack, teacher, group, start_date="2031-03-10", end_date="2031-03-10")
    other_t = new_user(stack, "teacher")
    og = create_group(stack, other_t, student_ids=[out.id])
    o_real = lesson(stack, other_t, og, "2031-03-06T10:00:00Z", "2031-03-06T11:00:00Z")
    o_rl = weekly(stack, other_t, og, start_date="2031-03-11", end_date="2031-03-11",
                  day_of_week=1)
    ids = lambda ev: [e["id"] for e in ev]  # noqa: E731
    mine = ids(feed(stack, teacher))
    assert len(mine) == 2 and vid(rl, "2031-03-10") in mine
    assert ids(feed(stack, s1)) == mine                       # their group's
    # The other group's student sees only their own group: not this weekly lesson, nor the lesson.
    theirs = ids(feed(stack, out))
    assert theirs == [o_real["id"], vid(o_rl, "2031-03-11")]
    assert ids(feed(stack, other_t)) == theirs
    # Asking for another group by filter does not widen the scope.
    assert feed(stack, out, f"{MARCH}&group={group['id']}") == []
    assert feed(stack, out, f"{MARCH}&teacher={teacher.id}") == []
    # Admins see everything, narrowed by the filters.
    assert ids(feed(stack, admin, f"{MARCH}&teacher={teacher.id}")) == mine
    assert ids(feed(stack, admin, f"{MARCH}&group={og['id']}")) == theirs
    # A fresh teacher, after all this, sees nothing: no shared cache.
    assert feed(stack, new_user(stack, "teacher")) == []


def test_order(stack, cls):
    teacher, group, _, _ = cls
    g2 = create_group(stack, teacher)
    late = lesson(stack, teacher, group, "2031-03-20T10:00:00Z", "2031-03-20T11:00:00Z")
    early = lesson(stack, teacher, g2, "2031-03-02T10:00:00Z", "2031-03-02T11:00:00Z")
    # Two weekly lessons on Wednesdays (the 12th and 19th in range), one at 15:00 created first,
    # one at 08:00; and a Tuesday one.
    wed_late = weekly(stack, teacher, group, day_of_week=2, start_time="15:00", end_time="16:00",
                      start_date="2031-03-12", end_date="2031-03-19")
    wed_early = weekly(stack, teacher, g2, day_of_week=2, start_time="08:00", end_time="09:00",
                       start_date="2031-03-12", end_date="2031-03-19")
    tue = weekly(stack, teacher, group, day_of_week=1, start_time="18:00", end_time="19:00",
                 start_date="2031-03-18", end_date="2031-03-18")
    assert [e["id"] for e in feed(stack, teacher)] == [
        early["id"], late["id"],
        vid(wed_early, "2031-03-12"), vid(wed_late, "2031-03-12"), vid(tue, "2031-03-18"),
        vid(wed_early, "2031-03-19"), vid(wed_late, "2031-03-19")]


# -- virtual occurrences -------------------------------------------------------------------------

def test_week_parity_in_the_feed(stack, cls):
    teacher, group, _, _ = cls
    up = weekly(stack, teacher, group, week_type="UPPER", start_time="08:00", end_time="09:00")
    low = weekly(stack, teacher, group, week_type="LOWER", start_time="12:00", end_time="13:00")
    ev = [e["id"] for e in feed(stack, teacher)]
    # Mondays of March 2031 and their ISO weeks: 3 (10), 10 (11), 17 (12), 24 (13), 31 (14).
    assert [i for i in ev if i.startswith(f"recurring-{up['id']}-")] == [
        vid(up, d) for d in ("2031-03-03", "2031-03-17", "2031-03-31")]
    assert [i for i in ev if i.startswith(f"recurring-{low['id']}-")] == [
        vid(low, d) for d in ("2031-03-10", "2031-03-24")]


def test_virtual_hidden_when_covered_or_generated(stack, cls):
    teacher, group, s1, _ = cls
    rl = weekly(stack, teacher, group)      # Mondays 10:00-11:30
    all_dates = ["2031-03-03", "2031-03-10", "2031-03-17", "2031-03-24", "2031-03-31"]
    assert [e["id"] for e in feed(stack, s1)] == [vid(rl, d) for d in all_dates]
    # A lesson of the group covering the slot of the 3rd hides it; one covering only part of
    # the 10th does not.
    cover = lesson(stack, teacher, group, "2031-03-03T09:30:00Z", "2031-03-03T12:00:00Z")
    part = lesson(stack, teacher, group, "2031-03-10T10:30:00Z", "2031-03-10T12:00:00Z")
    ids = [e["id"] for e in feed(stack, s1)]
    assert ids == [cover["id"], part["id"]] + [vid(rl, d) for d in all_dates[1:]]
    # Generated dates are real lessons now, never virtual, even when moved away.
    g = generate(stack, teacher, rl, start_date="2031-03-17", until_date="2031-03-24")
    assert g["created_count"] == 2
    moved = g["created_ids"][0]
    assert api(stack, "PATCH", f"{L}{moved}/", teacher, json={
        "start_time": "2031-03-18T15:00:00Z", "end_time": "2031-03-18T16:00:00Z"}).status == 200
    ev = feed(stack, s1)
    virtual = [e["id"] for e in ev if isinstance(e["id"], str)]
    assert virtual == [vid(rl, "2031-03-10"), vid(rl, "2031-03-31")]
    real = {e["id"]: e for e in ev if isinstance(e["id"], int)}
    assert set(real) == {cover["id"], part["id"], *g["created_ids"]}
    assert real[moved]["start"] == "2031-03-18T15:00:00Z"


def test_cancelled_lessons_show_as_cancelled(stack, cls):
    teacher, group, _, _ = cls
    x = lesson(stack, teacher, group, "2031-03-05T10:00:00Z", "2031-03-05T11:00:00Z")
    api(stack, "POST", f"{L}{x['id']}/cancel/", teacher)
    (e,) = feed(stack, teacher)
    assert e["id"] == x["id"] and e["extendedProps"]["status"] == "cancelled"


# -- the range -----------------------------------------------------------------------------------

def test_range_is_by_overlap_and_end_exclusive(stack, cls):
    teacher, group, _, _ = cls
    a = lesson(stack, teacher, group, "2031-02-28T23:30:00Z", "2031-03-01T00:30:00Z")
    b = lesson(stack, teacher, group, "2031-03-31T23:00:00Z", "2031-04-01T00:00:00Z")
    lesson(stack, teacher, group, "2031-04-01T00:00:00Z", "2031-04-01T01:00:00Z")   # at end
    assert [e["id"] for e in feed(stack, teacher)] == [a["id"], b["id"]]
    # A lesson that ends when the range starts is not in it.
    assert [e["id"] for e in feed(stack, teacher, "start=2031-03-01T00:30:00Z&end=2031-04-01")] \
        == [b["id"]]


@pytest.mark.parametrize("query,ok", [
    ("start=2031-03-01&end=2031-04-01", True),                                   # dates alone
    ("start=2031-03-01T00:00:00+00:00&end=2031-04-01T00:00:00Z", True),
    ("start=2031-03-01T03:00:00+03:00&end=2031-04-01T00:00:00", True),          # + read as a space
    ("start=2031-03-01T03:00:00%2B03:00&end=2031-04-01T03:00:00%2B0300", True),
    ("start=2031-03-01&end=2032-03-01", True),                                   # 366 days
    ("start=2031-03-01&end=2032-03-01T00:00:01Z", False),                        # longer
    ("start=2031-03-01", False), ("end=2031-04-01", False), ("", False),
    ("start=yesterday&end=2031-04-01", False), ("start=2031-03-01&end=2031-02-30", False),
    ("start=2031-04-01&end=2031-03-01", False), ("start=2031-03-01&end=2031-03-01", False),
    ("start=2031-03-01&end=2031-04-01&group=x", False),
    ("start=2031-03-01&end=2031-04-01&teacher=1.5", False)])
def test_range_parsing(stack, cls, query, ok):
    teacher, group, _, _ = cls
    rl = weekly(stack, teacher, group, start_date="2031-03-03", end_date="2031-03-03")
    r = api(stack, "GET", f"{F}?{query}", teacher)
    if ok:
        assert r.status == 200 and [e["id"] for e in r.json()] == [vid(rl, "2031-03-03")], r
    else:
        assert r.status == 400 and isinstance(r.json(), dict) and len(r.json()) == 1, r


# -- daylight saving (a stack in Europe/Berlin) --------------------------------------------------

@pytest.fixture
def bcls(berlin_stack):
    teacher = new_user(berlin_stack, "teacher")
    s = new_user(berlin_stack)
    return teacher, create_group(berlin_stack, teacher, student_ids=[s.id]), s


def test_generation_keeps_local_time_across_dst(berlin_stack, bcls):
    """Europe/Berlin goes to summer time on 2026-03-29 and back on 2026-10-25: a weekly
    Monday 10:00 lesson is 09:00Z before, 08:00Z in summer, 09:00Z again after."""
    teacher, group, s = bcls
    rl = weekly(berlin_stack, teacher, group, start_date="2026-03-16", end_date="2026-11-02")
    assert rl["start_time"] == "10:00:00"
    for start, until in (("2026-03-16", "2026-04-06"), ("2026-10-19", "2026-11-02")):
        generate(berlin_stack, teacher, rl, start_date=start, until_date=until)
    got = [(x["start_time"], x["end_time"]) for x in api(
        berlin_stack, "GET", f"{L}?group={group['id']}&page_size=100", s).json()["results"]]
    assert got == [
        ("2026-03-16T09:00:00Z", "2026-03-16T10:30:00Z"), ("2026-03-23T09:00:00Z", "2026-03-23T10:30:00Z"),
        ("2026-03-30T08:00:00Z", "2026-03-30T09:30:00Z"), ("2026-04-06T08:00:00Z", "2026-04-06T09:30:00Z"),
        ("2026-10-19T08:00:00Z", "2026-10-19T09:30:00Z"), ("2026-10-26T09:00:00Z", "2026-10-26T10:30:00Z"),
        ("2026-11-02T09:00:00Z", "2026-11-02T10:30:00Z")]


def test_feed_keeps_local_time_across_dst(berlin_stack, bcls):
    teacher, group, s = bcls
    rl = weekly(berlin_stack, teacher, group, start_date="2026-03-16", end_date="2026-04-06")
    ev = feed(berlin_stack, s, "start=2026-03-01&end=2026-05-01")
    assert [(e["id"], e["start"], e["end"]) for e in ev] == [
        (vid(rl, "2026-03-16"), "2026-03-16T09:00:00Z", "2026-03-16T10:30:00Z"),
        (vid(rl, "2026-03-23"), "2026-03-23T09:00:00Z", "2026-03-23T10:30:00Z"),
        (vid(rl, "2026-03-30"), "2026-03-30T08:00:00Z", "2026-03-30T09:30:00Z"),
        (vid(rl, "2026-04-06"), "2026-04-06T08:00:00Z", "2026-04-06T09:30:00Z")]


def test_local_dates_decide_weekday_and_range(berlin_stack, bcls):
    """A Monday 00:30 lesson in Berlin starts on Sunday 23:30Z: its date is the local Monday,
    and a range that starts at Monday 00:00Z does not hold it."""
    teacher, group, s = bcls
    rl = weekly(berlin_stack, teacher, group, start_time="00:30", end_time="01:00",
                start_date="2026-01-05", end_date="2026-01-05")
    (e,) = feed(berlin_stack, s, "start=2026-01-04T23:00:00Z&end=2026-01-06")
    assert e["id"] == vid(rl, "2026-01-05") and e["start"] == "2026-01-04T23:30:00Z"
    assert feed(berlin_stack, s, "start=2026-01-05&end=2026-01-06") == []
    g = generate(berlin_stack, teacher, rl, start_date="2026-01-05", until_date="2026-01-05")
    assert g["dates"] == ["2026-01-05"]
    r = api(berlin_stack, "GET", f"{L}{g['created_ids'][0]}/", teacher).json()
    assert r["start_time"] == "2026-01-04T23:30:00Z"
    assert re.match(r"^\d+$", str(r["id"]))
