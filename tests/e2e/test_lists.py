"""Keyset continuation of the lists (docs/lists.md): the next and previous links of the
{count,next,previous,results} envelope carry a signed cursor beside page=N; following them
reads from the boundary row (no OFFSET), ?page=N alone still works for the original's
clients, and a forged, foreign or stale cursor answers 400 {"detail": "Invalid cursor."},
never a page of someone else's rows.
"""

import base64
import hashlib
import hmac
import struct
import time
import urllib.parse

import pytest

from test_groups_api import api, create_group, new_admin, new_user
from test_lessons_api import L, lesson

BAD = {"detail": "Invalid cursor."}


def t(day, hour, minute=0):
    """An instant in April 2032 (day 1..30)."""
    return f"2032-04-{day:02d}T{hour:02d}:{minute:02d}:00Z"


def rel(url):
    """The path and query of an absolute link, to request again."""
    u = urllib.parse.urlsplit(url)
    return u.path + "?" + u.query


def query(url):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)


def get(stack, path, who, status=200):
    r = api(stack, "GET", path, who)
    assert r.status == status, (path, r)
    return r.json()


def walk(stack, path, who):
    """Every page from path on through next links; returns the pages."""
    pages = [get(stack, path, who)]
    while pages[-1]["next"]:
        assert len(pages) < 100
        pages.append(get(stack, rel(pages[-1]["next"]), who))
    return pages


@pytest.fixture(scope="module")
def school(stack):
    """A teacher with two groups and 11 lessons, a student in both groups."""
    teacher = new_user(stack, "teacher")
    student = new_user(stack)
    g1 = create_group(stack, teacher, student_ids=[student.id])
    g2 = create_group(stack, teacher, student_ids=[student.id])
    made = []
    for i in range(10):
        made.append(lesson(stack, teacher, g1 if i % 2 else g2, t(i + 1, 9), t(i + 1, 10)))
    made.append(lesson(stack, teacher, g1, t(3, 10), t(3, 10, 30)))
    order = sorted(made, key=lambda x: (x["start_time"], x["id"]))
    return teacher, student, g1, g2, [x["id"] for x in order]


def test_next_and_previous_walk_the_list_with_cursors(stack, school):
    teacher, student, _, _, ids = school
    for who in (teacher, student):
        pages = walk(stack, L + "?page_size=3", who)
        assert [x["id"] for p in pages for x in p["results"]] == ids
        assert {p["count"] for p in pages} == {11}
        assert [len(p["results"]) for p in pages] == [3, 3, 3, 2]
        for n, p in enumerate(pages, 1):
            if p["next"]:
                q = query(p["next"])
                assert q["page"] == [str(n + 1)] and q["page_size"] == ["3"], p["next"]
                assert p["next"].endswith(f"page={n + 1}") and len(q["cursor"][0]) > 20
            if n == 1:
                assert p["previous"] is None
            elif n == 2:
                # Back to page 1: a plain link.
                assert "cursor" not in query(p["previous"]) and query(p["previous"])["page"] == ["1"]
            else:
                assert query(p["previous"])["page"] == [str(n - 1)] and "cursor" in query(p["previous"])
        # Backwards from the last page through previous links.
        back, p = [], pages[-1]
        while p["previous"]:
            p = get(stack, rel(p["previous"]), who)
            back.append(p)
        assert [[x["id"] for x in q["results"]] for q in back] == \
            [[x["id"] for x in q["results"]] for q in pages[-2::-1]]
        # ?page=N alone (the original's clients) gives the same pages.
        for n, p in enumerate(pages, 1):
            q = get(stack, L + f"?page_size=3&page={n}", who)
            assert [x["id"] for x in q["results"]] == [x["id"] for x in p["results"]]
            assert (q["next"] is None) == (p["next"] is None)
        r = api(stack, "GET", L + f"?page_size=3&page={len(pages) + 1}", who)
        assert r.status == 404 and r.json() == {"detail": "Invalid page."}


def test_filters_stay_with_the_cursor(stack, school):
    teacher, student, g1, _, ids = school
    path = L + f"?group={g1['id']}&start=2032-04-02&page_size=2"
    want = [x["id"] for x in get(stack, L + f"?group={g1['id']}&start=2032-04-02&page_size=500",
                                 teacher)["results"]]
    assert len(want) >= 4
    pages = walk(stack, path, teacher)
    assert [x["id"] for p in pages for x in p["results"]] == want
    # Arguments that do not choose rows (a cache-buster) may change on the way.
    nxt = rel(pages[0]["next"]) + "&_=123"
    assert [x["id"] for x in get(stack, nxt, teacher)["results"]] == want[2:4]


def test_keyset_is_stable_when_rows_come_and_go(stack):
    """A row inserted before the cursor does not shift the next page (an offset would repeat
    a row), and a deleted boundary row does not lose the place."""
    teacher = new_user(stack, "teacher")
    g = create_group(stack, teacher)
    made = [lesson(stack, teacher, g, t(d, 12), t(d, 13)) for d in range(10, 20)]
    p1 = get(stack, L + "?page_size=4", teacher)
    assert [x["id"] for x in p1["results"]] == [x["id"] for x in made[:4]]
    early = lesson(stack, teacher, g, t(1, 12), t(1, 13))
    assert api(stack, "DELETE", f"{L}{made[3]['id']}/", teacher).status == 204
    p2 = get(stack, rel(p1["next"]), teacher)
    assert [x["id"] for x in p2["results"]] == [x["id"] for x in made[4:8]]
    assert p2["count"] == 10
    api(stack, "DELETE", f"{L}{early['id']}/", teacher)


def test_a_page_emptied_since_is_invalid(stack):
    teacher = new_user(stack, "teacher")
    g = create_group(stack, teacher)
    made = [lesson(stack, teacher, g, t(d, 15), t(d, 16)) for d in (21, 22, 23)]
    p1 = get(stack, L + "?page_size=2", teacher)
    assert api(stack, "DELETE", f"{L}{made[2]['id']}/", teacher).status == 204
    r = api(stack, "GET", rel(p1["next"]), teacher)
    assert r.status == 404 and r.json() == {"detail": "Invalid page."}


def cursor_of(url):
    return query(url)["cursor"][0]


def with_cursor(path, cursor, page):
    return f"{path}{'&' if '?' in path else '?'}cursor={cursor}&page={page}"


def test_forged_foreign_and_mismatched_cursors_are_400(stack, school):
    teacher, student, g1, _, _ = school
    p1 = get(stack, L + "?page_size=3", teacher)
    c = cursor_of(p1["next"])

    def bad(path, who=teacher):
        r = api(stack, "GET", path, who)
        assert r.status == 400 and r.json() == BAD, (path, r)

    # Changed, cut, padded, junk.
    flipped = c[:10] + ("A" if c[10] != "A" else "B") + c[11:]
    for x in (flipped, c[:-3], c + "AAAA", "x" * 40, "%2B%2F", "Zm9v"):
        bad(with_cursor(L + "?page_size=3", x, 2))
    bad(with_cursor(L + "?page_size=3", "A" * 2000, 2))
    # Another caller: the other teacher, and the student of the same lessons.
    other = new_user(stack, "teacher")
    bad(rel(p1["next"]), other)
    bad(rel(p1["next"]), student)
    # Other filters, another page size, another page number, another list.
    bad(with_cursor(L + f"?page_size=3&group={g1['id']}", c, 2))
    bad(with_cursor(L + "?page_size=4", c, 2))
    bad(with_cursor(L + "?page_size=3", c, 3))
    bad(with_cursor(L + "?page_size=3&upcoming=true", c, 2))
    # The same cursor without page= is fine (it knows its page).
    assert get(stack, L + f"?page_size=3&cursor={c}", teacher)["results"] == \
        get(stack, rel(p1["next"]), teacher)["results"]


def resign(stack, cursor, **changes):
    """The cursor with fields changed and signed again with the stack's own key, as the
    server would sign it: base64url(version 1 | dir | issued u32 | page i64 | scope u64 | n
    | values | HMAC-SHA256(key, all that)[:16]), key = HMAC-SHA256(secret_key,
    "tpanel list cursor v1")."""
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    body = bytearray(raw[:-16])
    if "issued" in changes:
        body[2:6] = struct.pack(">I", changes["issued"])
    if "page" in changes:
        body[6:14] = struct.pack(">q", changes["page"])
    secret = (stack.dir / "secrets" / "secret_key").read_text().strip()
    key = hmac.new(secret.encode(), b"tpanel list cursor v1", hashlib.sha256).digest()
    mac = hmac.new(key, bytes(body), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(bytes(body) + mac).decode().rstrip("=")


def test_stale_cursors_are_400(stack, school):
    teacher = school[0]
    p1 = get(stack, L + "?page_size=3", teacher)
    c = cursor_of(p1["next"])
    # Re-signed unchanged: accepted (the test's signing is the server's).
    assert get(stack, with_cursor(L + "?page_size=3", resign(stack, c), 2), teacher)["results"]
    now = int(time.time())
    for issued in (now - 86400 - 120, now + 3600):
        r = api(stack, "GET", with_cursor(L + "?page_size=3", resign(stack, c, issued=issued), 2),
                teacher)
        assert r.status == 400 and r.json() == BAD, (issued, r)
    # A page number the server never makes.
    r = api(stack, "GET", L + f"?page_size=3&cursor={resign(stack, c, page=1)}", teacher)
    assert r.status == 400 and r.json() == BAD, r


def test_equal_start_times_are_ordered_by_id(stack):
    """Lessons of two teachers at the same times: the id breaks the tie, and a page boundary
    between two of them loses and repeats nothing."""
    admin = new_admin(stack)
    made = []
    for _ in range(2):
        teacher = new_user(stack, "teacher")
        g = create_group(stack, teacher)
        made += [lesson(stack, teacher, g, f"2033-05-0{d}T08:00:00Z", f"2033-05-0{d}T09:00:00Z")
                 for d in (1, 2, 3)]
    want = [x["id"] for x in sorted(made, key=lambda x: (x["start_time"], x["id"]))]
    for size in (1, 2, 4):
        path = L + f"?start=2033-05-01&end=2033-05-04&page_size={size}"
        pages = walk(stack, path, admin)
        assert [x["id"] for p in pages for x in p["results"]] == want, size
        assert {p["count"] for p in pages} == {6}


# -- counts ------------------------------------------------------------------------------------

def all_rows(stack, path, who):
    out = []
    for p in walk(stack, path + ("&" if "?" in path else "?") + "page_size=500", who):
        out += p["results"]
    return out


@pytest.fixture(scope="module")
def spread(stack):
    """Lessons of one teacher over four months at odd times, two longer than 12 hours
    (written directly: the API allows 12), some in the past; a student in one group."""
    from test_lesson_pages import sql
    admin = new_admin(stack)
    teacher, student = new_user(stack, "teacher"), new_user(stack)
    g1 = create_group(stack, teacher, student_ids=[student.id])
    g2 = create_group(stack, teacher)
    n = 0
    for month in (1, 2, 3, 4):
        for day in (1, 2, 15, 28):
            for hh, mm in ((0, 0), (7, 45), (23, 30)):
                g = g1 if (n % 3) else g2
                n += 1
                start = f"2036-{month:02d}-{day:02d}T{hh:02d}:{mm:02d}:00Z"
                end_h, end_m = (hh + 1, mm) if hh < 23 else (23, 59)
                lesson(stack, teacher, g, start, f"2036-{month:02d}-{day:02d}T{end_h:02d}:{end_m:02d}:00Z")
    for start, end, g in (("2036-02-10 12:00:00", "2036-02-11 02:00:00", g1),
                          ("2036-03-05 00:00:00", "2036-03-06 06:00:00", g2),
                          ("2020-05-05 10:00:00", "2020-05-05 11:00:00", g1),
                          ("2020-06-30 23:00:00", "2020-07-01 01:00:00", g2)):
        sql(stack, "INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, "
                   f"end_time) VALUES ('direct', {g['id']}, {teacher.id}, '{start}', '{end}')")
    return admin, teacher, student, g1, g2


COUNT_QUERIES = [
    "", "start=2036-02-01", "end=2036-03-01", "start=2036-01-15&end=2036-03-15",
    "start=2036-01-01T07:45:00Z&end=2036-01-02T07:45:00Z", "start=2036-02-02T08:00:00Z",
    "end=2036-02-11T01:00:00Z", "end=2036-02-11T03:00:00Z", "end=2036-03-05T12:00:00Z",
    "end=2036-03-06T06:00:00Z", "start=2036-02-10T12:00:00Z&end=2036-03-06T06:00:00Z",
    "start=2036-01-28T23:00:00Z&end=2036-04-02T00:30:00Z", "date=2036-03-15",
    "date=2036-02-10", "date=2036-02-10&end=2036-02-11", "upcoming=true", "upcoming=false",
    "upcoming=false&start=2020-06-01", "start=2020-01-01&end=2036-12-31",
    "start=2036-03-01&end=2036-03-01", "end=2020-07-01T00:30:00Z", "start=2036-05-01",
]


@pytest.mark.parametrize("q", COUNT_QUERIES)
def test_counts_equal_the_rows(stack, spread, q):
    """count from the tallies and the ends of the range equals the rows of the list, for
    every scope and range shape: within a day, across days and months, open at either end,
    with end= cutting lessons still going on (short and over 12 hours)."""
    admin, teacher, student, g1, g2 = spread
    for who, extra in ((teacher, ""), (teacher, f"group={g2['id']}"), (student, ""),
                       (student, f"group={g1['id']}"), (student, f"teacher={teacher.id}"),
                       (admin, f"teacher={teacher.id}"), (admin, f"group={g1['id']}"),
                       (teacher, f"teacher={admin.id}")):
        path = L + "?" + "&".join(x for x in (q, extra) if x)
        rows = all_rows(stack, path, who)
        assert get(stack, path, who)["count"] == len(rows), (path, who.role)
        if who is teacher and not extra:
            assert len({x["id"] for x in rows}) == len(rows)


# -- every list ----------------------------------------------------------------------------

def check_list(stack, path, who, size=2):
    """The list at path as who: walking next links in small pages gives the rows of the
    pages of 500, in order, each once; count equals them; previous links walk back; ?page=N
    agrees. (An admin's lists on the shared stack hold every test's rows: then about 20
    pages.)"""
    sep = "&" if "?" in path else "?"
    whole = walk(stack, f"{path}{sep}page_size=500", who)
    want = [x["id"] for p in whole for x in p["results"]]
    assert whole[0]["count"] == len(want), (path, whole[0]["count"], len(want))
    size = max(size, len(want) // 20 + 1)
    pages = walk(stack, f"{path}{sep}page_size={size}", who)
    assert [x["id"] for p in pages for x in p["results"]] == want, path
    assert {p["count"] for p in pages} == {len(want)}, path
    back, p = [], pages[-1]
    while p["previous"]:
        p = get(stack, rel(p["previous"]), who)
        back.append([x["id"] for x in p["results"]])
    assert back == [[x["id"] for x in q["results"]] for q in pages[-2::-1]], path
    if len(pages) > 2:
        q = get(stack, f"{path}{sep}page_size={size}&page={len(pages) - 1}", who)
        assert [x["id"] for x in q["results"]] == [x["id"] for x in pages[-2]["results"]]
    return want


@pytest.fixture(scope="module")
def busy(stack, school):
    """The school's teacher with attendance marked, weekly lessons, invite codes (one
    redeemed by the student), notifications."""
    from test_lesson_pages import sql
    teacher, student, g1, g2, _ = school
    admin = new_admin(stack)
    other = new_user(stack)
    api(stack, "POST", f"/api/groups/{g1['id']}/add_students/", teacher,
        json={"student_ids": [other.id]})
    lessons = get(stack, L + f"?group={g1['id']}&page_size=500", teacher)["results"]
    for i, x in enumerate(lessons):
        r = api(stack, "POST", f"{L}{x['id']}/mark_attendance/", teacher, json={"attendances": [
            {"student_id": student.id, "status": ("present", "absent", "late")[i % 3]},
            {"student_id": other.id, "status": "present"}]})
        assert r.status == 200, r
    for dow, hh in ((0, "10:00"), (0, "08:00"), (2, "10:00"), (4, "09:00"), (4, "09:00")):
        for g in (g1, g2):
            r = api(stack, "POST", "/api/recurring-lessons/", teacher, json={
                "title": "RL", "group_id": g["id"], "day_of_week": dow, "start_time": hh,
                "end_time": "11:30", "start_date": "2032-01-01", "end_date": "2032-12-31"})
            assert r.status == 201, r
    codes = []
    for i in range(5):
        r = api(stack, "POST", "/api/individual-invite-codes/", teacher,
                json={"subject": f"Предмет {i}", "max_uses": 3})
        assert r.status == 201, r
        codes.append(r.json())
    for c in codes[:3]:
        r = api(stack, "POST", "/api/individual-invite-codes/join_by_code/", student,
                json={"invite_code": c["invite_code"]})
        assert r.status == 200, r
    for x in lessons:
        sql(stack, "INSERT INTO notification (user_id, kind, lesson_id, title, text) VALUES "
                   f"({student.id}, 'lesson_reminder', {x['id']}, 't', 'x')")
    return admin, teacher, student, other, g1, g2


def test_every_list_walks_and_counts(stack, school, busy):
    admin, teacher, student, other, g1, g2 = busy
    A = "/api/attendance/"
    for who, q in ((teacher, ""), (teacher, "status=present"), (teacher, f"student={student.id}"),
                   (teacher, f"student={student.id}&status=absent"),
                   (teacher, f"lesson={get(stack, L + '?page_size=1', teacher)['results'][0]['id']}"),
                   (student, ""), (student, "status=late"), (other, ""),
                   (admin, f"student={student.id}"), (admin, f"student={other.id}&status=present")):
        rows = check_list(stack, A + "?" + q, who)
        assert rows or q.startswith("lesson"), (who.role, q)
    R = "/api/recurring-lessons/"
    for who, q in ((teacher, ""), (teacher, "day_of_week=4"), (teacher, f"group={g2['id']}"),
                   (student, ""), (student, f"group={g1['id']}&day_of_week=0"),
                   (admin, f"teacher={teacher.id}"), (admin, f"teacher={teacher.id}&day_of_week=2")):
        assert check_list(stack, R + "?" + q, who), (who.role, q)
    for who in (teacher, student, admin):
        assert check_list(stack, "/api/groups/", who)
        check_list(stack, "/api/individual-invite-codes/", who)
    assert len(check_list(stack, "/api/individual-invite-codes/", student)) == 3
    assert len(check_list(stack, "/api/notifications/", student)) >= 6
    for q in ("", f"user={teacher.id}", "action=lesson_start", f"user={admin.id}&since=2020-01-01",
              "since=" + time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))):
        check_list(stack, "/api/audit-log/?" + q, admin, size=3)
    r = api(stack, "POST", "/api/zoom-pool/", admin, json={
        "email": f"walk{time.time_ns()}@zz.org", "zoom_account_id": "a",
        "zoom_client_id": "c", "zoom_client_secret": "s"})
    assert r.status == 201, r
    assert check_list(stack, "/api/zoom-pool/", admin)


def test_a_cursor_of_one_list_is_refused_by_another(stack, school, busy):
    admin, teacher, student = busy[:3]
    c = cursor_of(get(stack, L + "?page_size=1", teacher)["next"])
    for path in ("/api/groups/", "/api/attendance/", "/api/recurring-lessons/",
                 "/api/individual-invite-codes/", "/api/notifications/"):
        r = api(stack, "GET", with_cursor(path + "?page_size=1", c, 2), teacher)
        assert r.status == 400 and r.json() == BAD, (path, r)
    c = cursor_of(get(stack, "/api/attendance/?page_size=1", teacher)["next"])
    r = api(stack, "GET", with_cursor(L + "?page_size=1", c, 2), teacher)
    assert r.status == 400 and r.json() == BAD, r


def test_overlap_checks_see_lessons_longer_than_12_hours(stack):
    """The overlap check reads lessons starting up to 12 hours before a new one, and the
    longer ones apart: one of 30 hours (written directly) still refuses a lesson it covers."""
    from test_lesson_pages import sql
    teacher = new_user(stack, "teacher")
    g = create_group(stack, teacher)
    sql(stack, "INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, end_time) "
               f"VALUES ('long', {g['id']}, {teacher.id}, '2037-01-01 00:00:00', "
               "'2037-01-02 06:00:00')")
    other = create_group(stack, teacher)
    for group, start in ((other, "2037-01-02T05:00:00Z"), (g, "2037-01-01T20:00:00Z")):
        r = api(stack, "POST", L, teacher, json={"title": "x", "group": group["id"],
                                                  "start_time": start,
                                                  "end_time": start[:11] + "23:30:00Z"
                                                  if start.endswith("20:00:00Z") else
                                                  "2037-01-02T05:30:00Z"})
        assert r.status == 400 and "non_field_errors" in r.json(), r
    r = api(stack, "POST", L, teacher, json={"title": "x", "group": other["id"],
                                              "start_time": "2037-01-02T06:00:00Z",
                                              "end_time": "2037-01-02T07:00:00Z"})
    assert r.status == 201, r
