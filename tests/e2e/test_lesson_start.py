"""Starting and ending lessons against the fake Zoom (API.md (c.2) start, start-new, end,
quick-start, lesson delete/patch; Decisions 6, 9, 16, 17): the window, the rate limit, the
owner only, idempotence, leases and their accounts' maxima, teacher affinity, the daily cap,
Zoom's 429/500/401/slow answers, the legacy start with the teacher's own app, and the
teacher's start button page.

The session stack's pool is shared by every test: a test that needs to know which accounts
can be chosen switches the others off first (deactivate_all) and makes its own.
"""

import concurrent.futures
import datetime
import re
import time
import urllib.parse

import pytest

from test_groups_api import api, assert_throttled, create_group, new_user
from test_pages import Client, csrf_of, page_signin
from test_zoom_pool import (L, POOL, admin, db, deactivate_all, iso, lesson_at,  # noqa: F401
                            new_pool_account, now_utc, start_new, teacher_with_group, uid)

START_KEYS = {"zoom_join_url", "zoom_start_url", "zoom_meeting_id", "zoom_password",
              "account_email"}
BUSY = "Все Zoom-аккаунты заняты"


def meeting_of(zoom, r):
    assert r.status == 200, r
    m = zoom.meeting(r.json()["zoom_meeting_id"])
    assert m is not None, r.json()
    return m


def lease_rows(stack, lesson_id):
    return db(stack, "SELECT account_id, COALESCE(release_reason, 'open'), "
                     f"COALESCE(zoom_meeting_id, '') FROM zoom_pool_session "
                     f"WHERE lesson_id = {lesson_id} ORDER BY id")


def account(stack, admin, acc_id):
    r = api(stack, "GET", f"{POOL}{acc_id}/", admin)
    assert r.status == 200, r
    return r.json()


@pytest.fixture
def pool(stack, admin, zoom):
    """Two accounts of max 1 meeting as the only active ones: (a, b)."""
    deactivate_all(stack, admin)
    a, _ = new_pool_account(stack, admin, zoom)
    b, _ = new_pool_account(stack, admin, zoom)
    return a, b


# -- the happy path and its shape -----------------------------------------------------------------

def test_start_new_makes_a_meeting(stack, admin, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group, start_in_min=-5, minutes=45)
    r = start_new(stack, teacher, les["id"])
    assert r.status == 200, r
    body = r.json()
    assert set(body) == START_KEYS
    assert re.fullmatch(r"\d{10,}", body["zoom_meeting_id"])
    assert body["zoom_start_url"].startswith(zoom.base + "/s/" + body["zoom_meeting_id"])
    assert len(body["zoom_start_url"]) > 300          # a real start link carries a long token
    assert body["account_email"] in (pool[0]["email"], pool[1]["email"])
    m = zoom.meeting(body["zoom_meeting_id"])
    assert m["host"] == body["account_email"] and m["type"] == 2
    assert m["topic"] == f"{group['name']} - {les['title']}"
    assert m["start_time"] == les["start_time"][:19] + "Z" and m["duration"] == 45
    assert m["timezone"] == "UTC" and m["settings"]["join_before_host"] is False
    assert m["settings"]["mute_upon_entry"] is True and m["settings"]["waiting_room"] is False
    assert m["password"] == body["zoom_password"]
    # Stored on the lesson, but never Zoom's start link: the lesson's zoom_start_url is the
    # site's own (GET it for a fresh one: test_the_start_link_of_the_api_opens_the_meeting).
    got = api(stack, "GET", f"{L}{les['id']}/", teacher).json()
    assert got["zoom_meeting_id"] == body["zoom_meeting_id"]
    assert got["zoom_join_url"] == body["zoom_join_url"]
    assert got["zoom_start_url"] == f"{stack.base_url}/lessons/{les['id']}/start"
    row = db(stack, f"SELECT * FROM schedule_lesson WHERE id = {les['id']}")
    zak = urllib.parse.parse_qs(urllib.parse.urlsplit(body["zoom_start_url"]).query)["zak"][0]
    assert zak not in "\t".join(row[0])
    acc = [a for a in pool if a["email"] == body["account_email"]][0]
    assert account(stack, admin, acc["id"])["current_meetings"] == 1
    assert lease_rows(stack, les["id"]) == [[str(acc["id"]), "open", body["zoom_meeting_id"]]]
    log = api(stack, "GET", "/api/audit-log/?action=lesson_start", admin).json()["results"]
    mine = [e for e in log if e["resource_id"] == les["id"]]
    assert mine and mine[0]["details"]["zoom_meeting_id"] == body["zoom_meeting_id"]
    assert mine[0]["ip_address"] and mine[0]["details"]["zoom_account_email"] == acc["email"]


def test_start_again_returns_the_same_meeting_with_a_fresh_link(stack, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    r1 = start_new(stack, teacher, les["id"])
    m = meeting_of(zoom, r1)
    t0 = time.time()
    r2 = start_new(stack, teacher, les["id"])
    assert r2.status == 200, r2
    assert r2.json()["zoom_meeting_id"] == r1.json()["zoom_meeting_id"]
    assert r2.json()["zoom_start_url"] != r1.json()["zoom_start_url"]
    assert zoom.calls("GET", "/v2/meetings/" + str(m["id"]), since=t0)
    # The token is cached in the database for every worker: no new one was asked for.
    assert zoom.calls("POST", "/oauth/token", since=t0) == []
    assert len(zoom.meetings_of(m["host"])) == 1
    assert len(lease_rows(stack, les["id"])) == 1
    # The older link still opens the meeting (Zoom keeps it two hours), the new one too.
    assert zoom.open_meeting(r2.json()["zoom_start_url"])


def test_concurrent_starts_of_one_lesson_make_one_meeting(stack, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    zoom.slow_next(1, 1.5, path="/v2/users/")   # the first start is still at Zoom ...
    with concurrent.futures.ThreadPoolExecutor(3) as ex:
        rs = list(ex.map(lambda _: start_new(stack, teacher, les["id"]), range(3)))
    assert [r.status for r in rs] == [200] * 3, rs
    assert len({r.json()["zoom_meeting_id"] for r in rs}) == 1
    host = rs[0].json()["account_email"]
    assert len(zoom.meetings_of(host)) == 1
    assert len(lease_rows(stack, les["id"])) == 1


# -- who, when, how often -------------------------------------------------------------------------

def test_only_the_lessons_teacher(stack, admin, pool):
    teacher, group = teacher_with_group(stack)
    student = new_user(stack, "student")
    api(stack, "POST", f"/api/groups/{group['id']}/add_students/", teacher,
        json={"student_ids": [student.id]})
    other = new_user(stack, "teacher")
    les = lesson_at(stack, teacher, group)
    for action in ("start-new", "start", "end"):
        p = f"{L}{les['id']}/{action}/"
        assert api(stack, "POST", p, other).status == 404
        assert api(stack, "POST", p, student).status == 403
        assert api(stack, "POST", p, admin).status == 403
        assert api(stack, "POST", p, None).status == 401
        assert api(stack, "POST", f"{L}999999999/{action}/", teacher).status == 404
    assert lease_rows(stack, les["id"]) == []


def test_start_window(stack, zoom, pool):
    teacher, group = teacher_with_group(stack)
    early = lesson_at(stack, teacher, group, start_in_min=30, minutes=30)
    r = start_new(stack, teacher, early["id"])
    assert r.status == 400 and "15 минут" in r.json()["detail"], r
    over = lesson_at(stack, teacher, group, start_in_min=-90, minutes=30)
    r = start_new(stack, teacher, over["id"])
    assert r.status == 400 and "закончилось" in r.json()["detail"], r
    soon = lesson_at(stack, teacher, group, start_in_min=10, minutes=15)
    assert start_new(stack, teacher, soon["id"]).status == 200
    assert lease_rows(stack, early["id"]) == [] and lease_rows(stack, over["id"]) == []


def test_cancelled_lesson_cannot_start(stack, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    assert api(stack, "POST", f"{L}{les['id']}/cancel/", teacher).status == 200
    r = start_new(stack, teacher, les["id"])
    assert r.status == 400 and "отмен" in r.json()["detail"]


def test_rate_limit_counts_every_attempt(stack, pool):
    teacher, group = teacher_with_group(stack)
    early = lesson_at(stack, teacher, group, start_in_min=120)
    for _ in range(3):      # refused ones count too
        assert start_new(stack, teacher, early["id"]).status == 400
    les = lesson_at(stack, teacher, group, start_in_min=-5, minutes=30)
    r = start_new(stack, teacher, les["id"])
    assert_throttled(r)
    assert lease_rows(stack, les["id"]) == []
    # Another teacher is not affected; the legacy start counts separately.
    t2, g2 = teacher_with_group(stack)
    assert start_new(stack, t2, lesson_at(stack, t2, g2)["id"]).status == 200


# -- the pool: busy accounts, affinity, the daily cap -----------------------------------------------

def test_all_accounts_busy_gives_503(stack, admin, zoom):
    deactivate_all(stack, admin)
    only, _ = new_pool_account(stack, admin, zoom)
    (t1, g1), (t2, g2) = teacher_with_group(stack), teacher_with_group(stack)
    assert start_new(stack, t1, lesson_at(stack, t1, g1)["id"]).status == 200
    les2 = lesson_at(stack, t2, g2)
    r = start_new(stack, t2, les2["id"])
    assert r.status == 503 and BUSY in r.json()["detail"], r
    assert account(stack, admin, only["id"])["current_meetings"] == 1
    assert lease_rows(stack, les2["id"]) == []
    s = api(stack, "GET", POOL + "stats/", admin).json()
    assert s["available_accounts"] == 0 and s["current_sessions"] >= 1


def test_teacher_affinity(stack, admin, zoom, pool):
    a, b = pool
    teacher, group = teacher_with_group(stack)
    l1 = lesson_at(stack, teacher, group, start_in_min=-10, minutes=11)
    r = start_new(stack, teacher, l1["id"])
    first = r.json()["account_email"]
    assert first == a["email"]          # both unused: the older account
    assert api(stack, "POST", f"{L}{l1['id']}/end/", teacher).json()["released"] is True
    # b was never used, a was just used: without affinity the pick would be b.
    l2 = lesson_at(stack, teacher, group, start_in_min=1, minutes=7)
    assert start_new(stack, teacher, l2["id"]).json()["account_email"] == a["email"]
    # While a is busy with another teacher's lesson, the teacher gets b.
    assert api(stack, "POST", f"{L}{l2['id']}/end/", teacher).status == 200
    t2, g2 = teacher_with_group(stack)
    api(stack, "POST", f"{POOL}{b['id']}/toggle_active/", admin)
    assert start_new(stack, t2, lesson_at(stack, t2, g2)["id"]).json()["account_email"] == \
        a["email"]
    api(stack, "POST", f"{POOL}{b['id']}/toggle_active/", admin)
    l3 = lesson_at(stack, teacher, group, start_in_min=8, minutes=20)
    assert start_new(stack, teacher, l3["id"]).json()["account_email"] == b["email"]


def test_daily_limit_skips_the_account(stack, admin, zoom):
    deactivate_all(stack, admin)
    a, _ = new_pool_account(stack, admin, zoom)
    b, _ = new_pool_account(stack, admin, zoom, max_meetings=3)
    zoom.fail_next(1, 429, daily=True, path="/v2/users/")
    t1, g1 = teacher_with_group(stack)
    r = start_new(stack, t1, lesson_at(stack, t1, g1)["id"])
    assert r.status == 200 and r.json()["account_email"] == b["email"], r
    got = account(stack, admin, a["id"])
    assert got["meetings_today"] >= 100 and got["is_available"] is False
    assert got["current_meetings"] == 0        # the failed try gave its lease back
    t0 = time.time()
    t2, g2 = teacher_with_group(stack)
    r = start_new(stack, t2, lesson_at(stack, t2, g2)["id"])
    assert r.json()["account_email"] == b["email"]
    assert not zoom.calls("POST", f"/v2/users/{a['email']}", since=t0)


# -- Zoom misbehaving -------------------------------------------------------------------------------

def test_429_then_success_honours_retry_after(stack, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    zoom.fail_next(2, 429, retry_after=1, path="/v2/users/")
    t0 = time.time()
    r = start_new(stack, teacher, les["id"])
    took = time.time() - t0
    assert r.status == 200, r
    assert took >= 2.0, took
    creates = zoom.calls("POST", "/v2/users/", since=t0)
    assert [c["status"] for c in creates] == [429, 429, 201]
    assert creates[1]["t"] - creates[0]["t"] >= 1.0


def test_500s_past_the_budget_give_503_and_the_lease_back(stack, admin, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    zoom.fail_next(100, 500, path="/v2/users/")
    t0 = time.time()
    r = start_new(stack, teacher, les["id"])
    took = time.time() - t0
    assert r.status == 503 and "Zoom" in r.json()["detail"], r
    assert took < 9, took                          # the 5 s budget, not forever
    assert len(zoom.calls("POST", "/v2/users/", since=t0)) >= 3
    assert lease_rows(stack, les["id"]) == [[lease_rows(stack, les["id"])[0][0], "error", ""]]
    assert all(account(stack, admin, a["id"])["current_meetings"] == 0 for a in pool)
    fails = api(stack, "GET", "/api/audit-log/?action=lesson_start_failed", admin).json()
    assert any(e["resource_id"] == les["id"] for e in fails["results"])
    zoom.reset_faults()
    assert start_new(stack, teacher, les["id"]).status == 200


def test_expired_token_is_renewed_once(stack, admin, zoom):
    deactivate_all(stack, admin)
    new_pool_account(stack, admin, zoom, max_meetings=2)      # one app, one cached token
    (t1, g1), (t2, g2) = teacher_with_group(stack), teacher_with_group(stack)
    assert start_new(stack, t1, lesson_at(stack, t1, g1)["id"]).status == 200
    zoom.expire_tokens()        # the cached tokens die at Zoom before their time
    t0 = time.time()
    r = start_new(stack, t2, lesson_at(stack, t2, g2)["id"])
    assert r.status == 200, r
    creates = [c["status"] for c in zoom.calls("POST", "/v2/users/", since=t0)]
    assert creates == [401, 201], creates
    assert [c["status"] for c in zoom.calls("POST", "/oauth/token", since=t0)] == [200]


def test_refused_credentials_give_502(stack, admin, zoom):
    deactivate_all(stack, admin)
    new_pool_account(stack, admin, zoom, register=False)    # Zoom does not know this app
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    r = start_new(stack, teacher, les["id"])
    assert r.status == 502 and "учётные данные" in r.json()["detail"], r
    assert lease_rows(stack, les["id"])[0][1] == "error"


def test_slow_zoom_gives_a_clear_error_not_a_500(stack, admin, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    zoom.slow_next(1, 4.0, path="/v2/users/")       # longer than the 2 s request timeout
    r = start_new(stack, teacher, les["id"])
    assert r.status == 503 and "не ответил вовремя" in r.json()["detail"], r
    assert lease_rows(stack, les["id"])[0][1] == "error"
    assert all(account(stack, admin, a["id"])["current_meetings"] == 0 for a in pool)


def test_zoom_metrics(stack, zoom, pool):
    teacher, group = teacher_with_group(stack)
    assert start_new(stack, teacher, lesson_at(stack, teacher, group)["id"]).status == 200
    text = stack.get("/metrics").text
    m = re.search(r'tpanel_zoom_requests_total\{operation="meeting_create",outcome="ok"\} (\d+)',
                  text)
    assert m and int(m.group(1)) >= 1
    assert 'tpanel_zoom_request_duration_seconds_count{operation="meeting_create"}' in text
    assert re.search(r"^tpanel_pool_accounts_active \d+$", text, re.M)
    assert re.search(r"^tpanel_pool_leases_open [1-9]\d*$", text, re.M)


# -- end, delete, reschedule ----------------------------------------------------------------------

def test_end_releases_and_ends_the_meeting(stack, admin, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    r = start_new(stack, teacher, les["id"])
    assert zoom.open_meeting(r.json()["zoom_start_url"])
    host = r.json()["account_email"]
    assert zoom.running_of(host) == 1
    e = api(stack, "POST", f"{L}{les['id']}/end/", teacher)
    assert e.status == 200 and e.json()["released"] is True and e.json()["detail"], e
    assert e.json()["id"] == les["id"] and e.json()["zoom_meeting_id"]
    assert zoom.meeting(r.json()["zoom_meeting_id"])["status"] == "ended"
    assert zoom.running_of(host) == 0
    assert lease_rows(stack, les["id"])[0][1] == "end"
    e2 = api(stack, "POST", f"{L}{les['id']}/end/", teacher)
    assert e2.status == 200 and e2.json()["released"] is False


def test_delete_releases_and_deletes_the_meeting(stack, admin, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    r = start_new(stack, teacher, les["id"])
    acc = [a for a in pool if a["email"] == r.json()["account_email"]][0]
    assert api(stack, "DELETE", f"{L}{les['id']}/", teacher).status == 204
    assert zoom.meeting(r.json()["zoom_meeting_id"])["deleted"] is True
    assert account(stack, admin, acc["id"])["current_meetings"] == 0
    assert lease_rows(stack, les["id"])[0][1] == "delete"


@pytest.mark.parametrize("how", ["page", "delete_recurring"])
def test_other_ways_of_deleting_release_too(stack, admin, zoom, pool, how):
    """The lesson page's delete form and the delete_recurring action go through the same rule
    as DELETE: the meeting is deleted at Zoom and the lease released."""
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    r = start_new(stack, teacher, les["id"])
    acc = [a for a in pool if a["email"] == r.json()["account_email"]][0]
    if how == "page":
        c = Client(stack)
        assert page_signin(c, teacher.email).status == 303
        page = c.get(f"/lessons/{les['id']}")
        assert c.post(f"/lessons/{les['id']}/delete",
                      {"csrf_token": csrf_of(page)}).status == 303
    else:
        d = api(stack, "POST", L + "delete_recurring/", teacher,
                json={"title": les["title"], "group_id": group["id"]})
        assert d.status == 200 and d.json()["count"] == 1, d
    assert api(stack, "GET", f"{L}{les['id']}/", teacher).status == 404
    assert zoom.meeting(r.json()["zoom_meeting_id"])["deleted"] is True
    assert account(stack, admin, acc["id"])["current_meetings"] == 0
    assert lease_rows(stack, les["id"])[0][1] == "delete"


def test_moving_a_started_lesson_moves_its_meeting(stack, zoom, pool):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group, start_in_min=5, minutes=40)
    r = start_new(stack, teacher, les["id"])
    mid = r.json()["zoom_meeting_id"]
    start = datetime.datetime.fromisoformat(les["start_time"].replace("Z", "+00:00"))
    # A minute is below the threshold (5 minutes): Zoom is not asked.
    s1 = start + datetime.timedelta(minutes=1)
    p = api(stack, "PATCH", f"{L}{les['id']}/", teacher,
            json={"start_time": iso(s1), "end_time": iso(s1 + datetime.timedelta(minutes=40))})
    assert p.status == 200 and zoom.meeting(mid)["updates"] == 0
    s2 = start + datetime.timedelta(minutes=20)
    p = api(stack, "PATCH", f"{L}{les['id']}/", teacher,
            json={"start_time": iso(s2), "end_time": iso(s2 + datetime.timedelta(minutes=50))})
    assert p.status == 200, p
    m = zoom.meeting(mid)
    assert m["updates"] == 1 and m["start_time"] == iso(s2) and m["duration"] == 50


# -- quick start ----------------------------------------------------------------------------------

def test_quick_start(stack, zoom, pool):
    teacher = new_user(stack, "teacher", first_name="Ольга", last_name="Иванова")
    r = api(stack, "POST", L + "quick-start/", teacher, json={"duration": 500})
    assert r.status == 201, r
    body = r.json()
    assert START_KEYS | {"lesson_id", "title", "group_name"} <= set(body)
    assert body["title"].startswith("Экспресс-урок ") and "Без расписания" in body["group_name"]
    les = api(stack, "GET", f"{L}{body['lesson_id']}/", teacher).json()
    assert les["duration_minutes"] == 180 and les["zoom_meeting_id"] == body["zoom_meeting_id"]
    other = create_group(stack, new_user(stack, "teacher"))
    r = api(stack, "POST", L + "quick-start/", teacher, json={"group_id": other["id"]})
    assert r.status == 404


def test_quick_start_that_cannot_start_keeps_no_lesson(stack, admin, zoom):
    deactivate_all(stack, admin)
    teacher, group = teacher_with_group(stack)
    r = api(stack, "POST", L + "quick-start/", teacher, json={"group_id": group["id"],
                                                              "title": "Срочно"})
    assert r.status == 503, r
    lessons = api(stack, "GET", f"{L}?group={group['id']}", teacher).json()
    assert lessons["count"] == 0


# -- the legacy start with the teacher's own app ---------------------------------------------------

def test_legacy_start_with_the_teachers_own_app(stack, admin, zoom):
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group, start_in_min=600)     # no window for the legacy start
    r = api(stack, "POST", f"{L}{les['id']}/start/", teacher)
    assert r.status == 400 and "Zoom" in r.json()["detail"]
    acc, cid, sec = uid("tacc"), uid("tcid"), uid("tsec")
    zoom.add_app(acc, cid, sec)
    assert api(stack, "PATCH", f"/accounts/api/admin/teachers/{teacher.id}/zoom/", admin,
               json={"zoom_account_id": acc, "zoom_client_id": cid, "zoom_client_secret": sec,
                     "zoom_user_id": teacher.email}).status == 200
    r = api(stack, "POST", f"{L}{les['id']}/start/", teacher)
    assert r.status == 200, r
    assert set(r.json()) == START_KEYS - {"account_email"}
    m = zoom.meeting(r.json()["zoom_meeting_id"])
    assert m["host"] == teacher.email and m["account_id"] == acc
    for _ in range(4):      # the stored meeting comes back, no limit applied
        again = api(stack, "POST", f"{L}{les['id']}/start/", teacher)
        assert again.status == 200 and again.json()["zoom_meeting_id"] == str(m["id"])
        assert again.json()["zoom_start_url"]
    assert lease_rows(stack, les["id"]) == []
    # start-new on it returns the same meeting, marked as the teacher's own.
    r = api(stack, "POST", f"{L}{les['id']}/start-new/", teacher)
    assert r.status == 200 and r.json()["zoom_meeting_id"] == str(m["id"]), r
    assert sec not in r.text


# -- the start button page -------------------------------------------------------------------------

def page_teacher(stack):
    from test_pages import new_user as page_new_user
    email = page_new_user(stack, "teacher")
    c = Client(stack)
    assert page_signin(c, email).status == 303
    token = stack.post("/api/jwt/token/", json={"email": email, "password": "Teach1ngPanel"})
    from test_groups_api import User
    me = stack.get("/api/me/", headers={"Authorization": "Bearer " + token.json()["access"]})
    return c, User(me.json()["id"], email, "teacher", token.json()["access"])


def test_start_button_opens_the_meeting(stack, zoom, pool):
    c, teacher = page_teacher(stack)
    group = create_group(stack, teacher)
    les = lesson_at(stack, teacher, group)
    csrf = csrf_of(c.get("/profile"))
    r = c.post(f"/lessons/{les['id']}/start", data={"csrf_token": csrf})
    assert r.status == 303, r
    loc = r.headers["location"]
    assert loc.startswith(zoom.base + "/s/") and "zak=" in loc
    assert zoom.open_meeting(loc)
    # Without the CSRF token nothing starts; outside the window the page says why.
    assert c.post(f"/lessons/{les['id']}/start", data={}).status == 403
    late = lesson_at(stack, teacher, group, start_in_min=120)
    r = c.post(f"/lessons/{late['id']}/start", data={"csrf_token": csrf})
    assert r.status == 400 and "15 минут" in r.text and "text/html" in r.headers["content-type"]
    assert c.post(f"/lessons/999999999/start", data={"csrf_token": csrf}).status == 404


def test_the_start_link_of_the_api_opens_the_meeting(stack, zoom, pool):
    """The old dashboards show start and attendance controls only when zoom_start_url is set:
    the owner gets the site's start link once the lesson has a meeting; it answers (for the
    teacher's page session) with a 303 to a fresh start link from Zoom. Students never get the
    field; another teacher's GET is a 404 page; without a meeting the link leads to the lesson."""
    teacher, group = teacher_with_group(stack)
    student = new_user(stack)
    assert api(stack, "POST", f"/api/groups/{group['id']}/add_students/", teacher,
               json={"student_ids": [student.id]}).status == 200
    les = lesson_at(stack, teacher, group)
    link = f"{stack.base_url}/lessons/{les['id']}/start"
    assert les["zoom_start_url"] is None                 # no meeting yet
    c = Client(stack)
    assert page_signin(c, teacher.email).status == 303
    r = c.get(f"/lessons/{les['id']}/start")
    assert r.status == 303 and r.headers["location"].startswith(f"/lessons/{les['id']}?"), r
    started = start_new(stack, teacher, les["id"])
    assert started.status == 200, started
    for path in (f"{L}{les['id']}/", f"{L}?group={group['id']}"):
        body = api(stack, "GET", path, teacher).json()
        got = body if "id" in body else [x for x in body["results"] if x["id"] == les["id"]][0]
        assert got["zoom_start_url"] == link, got
    got = api(stack, "GET", f"{L}{les['id']}/", student).json()
    assert "zoom_start_url" not in got and got["zoom_join_url"]
    t0 = time.time()
    r = c.get(f"/lessons/{les['id']}/start")
    assert r.status == 303, r
    fresh = r.headers["location"]
    assert fresh.startswith(zoom.base + "/s/" + started.json()["zoom_meeting_id"]), fresh
    assert zoom.calls("GET", "/v2/meetings/" + started.json()["zoom_meeting_id"], since=t0)
    assert zoom.open_meeting(fresh)
    other = Client(stack)
    assert page_signin(other, new_user(stack, "teacher").email).status == 303
    assert other.get(f"/lessons/{les['id']}/start").status == 404
    # Ended: the link opens no meeting any more, it leads to the lesson's page.
    assert api(stack, "POST", f"{L}{les['id']}/end/", teacher, json={}).status == 200
    r = c.get(f"/lessons/{les['id']}/start")
    assert r.status == 303 and r.headers["location"].startswith(f"/lessons/{les['id']}?"), r
