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


def test_without_a_range_only_the_lessons_answer(stack, cls):
    """calendar_feed without start and end (or with one of them) answers the concrete lessons,
    as the original does, and no virtual weekly occurrence (issue 18; it was a 400)."""
    teacher, group, _, _ = cls
    weekly(stack, teacher, group, start_date="2031-03-03", end_date="2031-03-31")
    early = api(stack, "POST", "/api/schedule/lessons/", teacher, json={
        "title": "Раньше", "group": group["id"], "start_time": "2031-02-10T08:00:00Z",
        "end_time": "2031-02-10T09:00:00Z"}).json()
    late = api(stack, "POST", "/api/schedule/lessons/", teacher, json={
        "title": "Позже", "group": group["id"], "start_time": "2031-05-10T08:00:00Z",
        "end_time": "2031-05-10T09:00:00Z"}).json()
    for query, want in (("", [early["id"], late["id"]]), ("start=2031-03-01", [late["id"]]),
                        ("end=2031-03-01", [early["id"]]),
                        (f"group={group['id']}", [early["id"], late["id"]])):
        r = api(stack, "GET", f"{F}?{query}", teacher)
        assert r.status == 200, (query, r)
        assert [e["id"] for e in r.json()] == want, (query, r.json())
    r = api(stack, "GET", f"{F}?start=2031-04-01&end=2031-03-01", teacher)
    assert r.status == 400, r


@pytest.mark.parametrize("query,ok", [
    ("start=2031-03-01&end=2031-04-01", True),                                   # dates alone
    ("start=2031-03-01T00:00:00+00:00&end=2031-04-01T00:00:00Z", True),
    ("start=2031-03-01T03:00:00+03:00&end=2031-04-01T00:00:00", True),          # + read as a space
    ("start=2031-03-01T03:00:00%2B03:00&end=2031-04-01T03:00:00%2B0300", True),
    ("start=2031-03-01&end=2032-03-01", True),                                   # 366 days
    ("start=2031-03-01&end=2032-03-01T00:00:01Z", False),                        # longer
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


# -- the personal iCalendar feed -----------------------------------------------------------------

ME = "/api/me/calendar-feed/"
TOKEN_URL = re.compile(r"^(?P<base>https?://[^/]+)/calendar/(?P<token>[A-Za-z0-9_-]{43})\.ics$")


def unfold(text):
    """iCalendar content lines (RFC 5545 3.1: CRLF, a leading space continues a line)."""
    assert text.endswith("\r\n"), text[-20:]
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def components(lines, name):
    """The property lines of each BEGIN:name ... END:name block, as lists."""
    out, cur = [], None
    for line in lines:
        if line == f"BEGIN:{name}":
            cur = []
        elif line == f"END:{name}":
            out.append(cur)
            cur = None
        elif cur is not None:
            cur.append(line)
    return out


def prop(ev, name):
    """Values of property name (with or without parameters) in a component's lines."""
    return [line.split(":", 1)[1] for line in ev
            if line.split(":", 1)[0].split(";", 1)[0] == name]


def params(ev, name):
    return [line.split(":", 1)[0] for line in ev if line.split(":", 1)[0].split(";", 1)[0] == name]


def feed_url(stack, who, reset=False):
    r = api(stack, "POST" if reset else "GET", ME + ("reset/" if reset else ""), who)
    assert r.status == 200 and set(r.json()) == {"url"}, r
    m = TOKEN_URL.match(r.json()["url"])
    assert m, r.json()
    return r.json()["url"], m.group("token")


def ics(stack, url, status=200):
    path = "/" + url.split("/", 3)[3]
    r = stack.get(path)        # anonymous: the token is the key
    assert r.status == status, r
    if status == 200:
        assert r.headers["content-type"] == "text/calendar; charset=utf-8", r.headers
        lines = unfold(r.text)
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR", lines
        assert "VERSION:2.0" in lines and any(x.startswith("PRODID:") for x in lines)
        return lines, components(lines, "VEVENT")
    return r


def iso_now(days, hour):
    import datetime
    d = datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=days)
    return d, f"{d.isoformat()}T{hour:02d}:00:00Z"


def test_feed_url_needs_sign_in(stack):
    assert_401(api(stack, "GET", ME))
    assert_401(api(stack, "POST", ME + "reset/"))


def test_feed_url_is_stable_and_personal(stack, cls):
    teacher, _, s1, _ = cls
    url, token = feed_url(stack, teacher)
    assert url.startswith(stack.base_url.replace("127.0.0.1", "127.0.0.1")) or TOKEN_URL.match(url)
    assert feed_url(stack, teacher) == (url, token)
    assert feed_url(stack, s1)[1] != token


def test_feed_lists_lessons_and_weekly_lessons(stack, cls):
    teacher, group, s1, out = cls
    d1, start1 = iso_now(3, 10)
    _, end1 = iso_now(3, 11)
    a = lesson(stack, teacher, group, start1, end1, title="Алгебра; дроби, часть 1")
    _, s2 = iso_now(4, 10)
    _, e2 = iso_now(4, 11)
    c = lesson(stack, teacher, group, s2, e2, title="Отменённый")
    api(stack, "POST", f"{L}{c['id']}/cancel/", teacher)
    _, far_s = iso_now(200, 10)
    _, far_e = iso_now(200, 11)
    lesson(stack, teacher, group, far_s, far_e, title="Далеко")          # beyond 180 days
    _, old_s = iso_now(-40, 10)
    _, old_e = iso_now(-40, 11)
    lesson(stack, teacher, group, old_s, old_e, title="Давно")           # before 30 days
    # A weekly lesson on d1's weekday + 1 at 12:00, for ten weeks from d1.
    import datetime
    wd = (d1 + datetime.timedelta(days=1))
    rl = weekly(stack, teacher, group, title="Физика", topics="механика", location="к. 3",
                day_of_week=wd.weekday(), start_time="12:00", end_time="13:00",
                start_date=d1.isoformat(),
                end_date=(d1 + datetime.timedelta(days=69)).isoformat())
    # Generate its first date: that one becomes an EXDATE of the series.
    gen = generate(stack, teacher, rl, start_date=wd.isoformat(), until_date=wd.isoformat())
    assert gen["created_count"] == 1
    other_t = new_user(stack, "teacher")
    og = create_group(stack, other_t, student_ids=[out.id])
    lesson(stack, other_t, og, start1, end1, title="Чужой")

    url, _ = feed_url(stack, s1)
    lines, events = ics(stack, url)
    uids = [prop(e, "UID")[0] for e in events]
    host = stack.base_url.split("//")[1]
    assert sorted(uids) == sorted([f"lesson-{a['id']}@{host}", f"lesson-{c['id']}@{host}",
                                   f"lesson-{gen['created_ids'][0]}@{host}",
                                   f"recurring-{rl['id']}@{host}"]), uids
    by = {prop(e, "UID")[0].split("@")[0]: e for e in events}
    ea = by[f"lesson-{a['id']}"]
    assert prop(ea, "DTSTART") == [start1.replace("-", "").replace(":", "")]
    assert prop(ea, "DTEND") == [end1.replace("-", "").replace(":", "")]
    assert prop(ea, "SUMMARY") == [f"Алгебра\\; дроби\\, часть 1 - {group['name']}"]
    assert prop(ea, "STATUS") == ["CONFIRMED"] and prop(ea, "URL") == []
    assert prop(by[f"lesson-{c['id']}"], "STATUS") == ["CANCELLED"]
    er = by[f"recurring-{rl['id']}"]
    assert prop(er, "SUMMARY") == [f"Физика - {group['name']}"]
    assert prop(er, "LOCATION") == ["к. 3"] and prop(er, "DESCRIPTION") == ["механика"]
    # The stack runs in UTC: times with Z, no VTIMEZONE needed.
    assert prop(er, "DTSTART") == [wd.strftime("%Y%m%d") + "T120000Z"]
    assert prop(er, "DTEND") == [wd.strftime("%Y%m%d") + "T130000Z"]
    (rule,) = prop(er, "RRULE")
    parts = dict(x.split("=") for x in rule.split(";"))
    last = wd + datetime.timedelta(days=63)
    assert parts["FREQ"] == "WEEKLY" and parts.get("INTERVAL", "1") == "1", rule
    assert parts["UNTIL"] == last.strftime("%Y%m%d") + "T120000Z", rule
    assert prop(er, "EXDATE") == [wd.strftime("%Y%m%d") + "T120000Z"]
    assert not components(lines, "VTIMEZONE")
    # Stable UIDs: the same on the next fetch.
    assert [prop(e, "UID")[0] for e in ics(stack, url)[1]] == uids
    # The teacher's feed has the same; the outsider's has only their group's lesson.
    assert sorted(prop(e, "UID")[0] for e in ics(stack, feed_url(stack, teacher)[0])[1]) == \
        sorted(uids)
    (theirs,) = ics(stack, feed_url(stack, out)[0])[1]
    assert prop(theirs, "SUMMARY") == [f"Чужой - {og['name']}"]


def test_upper_weeks_repeat_every_two_weeks(stack, cls):
    import datetime
    teacher, group, s1, _ = cls
    today = datetime.datetime.now(datetime.timezone.utc).date()
    rl = weekly(stack, teacher, group, week_type="UPPER", day_of_week=2,
                start_date=today.isoformat(),
                end_date=(today + datetime.timedelta(days=27)).isoformat())
    (ev,) = ics(stack, feed_url(stack, s1)[0])[1]
    start = datetime.datetime.strptime(prop(ev, "DTSTART")[0], "%Y%m%dT%H%M%SZ").date()
    assert start.weekday() == 2 and start.isocalendar()[1] % 2 == 0 and start >= today
    parts = dict(x.split("=") for x in prop(ev, "RRULE")[0].split(";"))
    assert parts["INTERVAL"] == "2" and parts["FREQ"] == "WEEKLY"
    assert prop(ev, "UID")[0].startswith(f"recurring-{rl['id']}@")


def test_reset_kills_the_old_url(stack, cls):
    teacher, _, _, _ = cls
    old, old_token = feed_url(stack, teacher)
    ics(stack, old)
    new, new_token = feed_url(stack, teacher, reset=True)
    assert new_token != old_token
    ics(stack, old, 404)
    ics(stack, new)
    assert feed_url(stack, teacher) == (new, new_token)


def test_unknown_tokens_get_a_plain_404(stack):
    plain = stack.get("/no-such-page/")
    assert plain.status == 404
    for path in ("/calendar/" + "A" * 43 + ".ics", "/calendar/abc.ics", "/calendar/.ics",
                 "/calendar/" + "a" * 200 + ".ics", "/calendar/%2e%2e.ics"):
        r = stack.get(path)
        assert r.status == 404, (path, r)
        assert r.body == plain.body, path       # no hint which part was wrong


def test_the_token_never_reaches_the_log(stack, cls):
    teacher, _, _, _ = cls
    url, token = feed_url(stack, teacher)
    ics(stack, url)
    ics(stack, url.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")), 404)
    log = stack.log_text()
    assert token not in log and token[:20] not in log
    access = [x for x in stack.log_lines() if x.get("type") == "access"
              and x.get("route") == "/calendar/{key}.ics"]
    assert len(access) >= 2 and all(x["path"] == "/calendar/{key}.ics" for x in access)


def test_berlin_feed_has_its_zone(berlin_stack, bcls):
    import datetime
    teacher, group, s = bcls
    today = datetime.datetime.now(datetime.timezone.utc).date()
    rl = weekly(berlin_stack, teacher, group, day_of_week=0,
                start_date=(today - datetime.timedelta(days=60)).isoformat(),
                end_date=(today + datetime.timedelta(days=120)).isoformat())
    lines, events = ics(berlin_stack, feed_url(berlin_stack, s)[0])
    (tz,) = components(lines, "VTIMEZONE")
    assert prop(tz, "TZID") == ["Europe/Berlin"]
    (ev,) = events
    assert params(ev, "DTSTART") == ["DTSTART;TZID=Europe/Berlin"]
    assert prop(ev, "DTSTART")[0].endswith("T100000")
    first = datetime.datetime.strptime(prop(ev, "DTSTART")[0], "%Y%m%dT%H%M%S").date()
    assert first.weekday() == 0
    assert prop(ev, "UID")[0].startswith(f"recurring-{rl['id']}@")


def test_a_53_week_year_splits_an_odd_week_series(berlin_stack, bcls):
    """2026 has 53 ISO weeks: LOWER Mondays are 14 Dec (51), 28 Dec (53), then 4 Jan 2027
    (week 1) — one week later — so the feed writes two series."""
    teacher, group, s = bcls
    rl = weekly(berlin_stack, teacher, group, week_type="LOWER", day_of_week=0,
                start_date="2026-12-07", end_date="2027-01-31")
    _, events = ics(berlin_stack, feed_url(berlin_stack, s)[0])
    mine = {prop(e, "UID")[0].split("@")[0]: e for e in events}
    assert set(mine) == {f"recurring-{rl['id']}", f"recurring-{rl['id']}-1"}, set(mine)
    a, b = mine[f"recurring-{rl['id']}"], mine[f"recurring-{rl['id']}-1"]
    assert prop(a, "DTSTART") == ["20261214T100000"]
    assert prop(b, "DTSTART") == ["20270104T100000"]
    ra = dict(x.split("=") for x in prop(a, "RRULE")[0].split(";"))
    rb = dict(x.split("=") for x in prop(b, "RRULE")[0].split(";"))
    assert ra["INTERVAL"] == rb["INTERVAL"] == "2"
    assert ra["UNTIL"] == "20261228T090000Z" and rb["UNTIL"] == "20270118T090000Z"
