"""The Zoom pool's admin API (/api/zoom-pool/: list, create, get, edit, delete, stats,
toggle_active, release), the teachers' own Zoom apps (/accounts/api/admin/teachers/), the
admin's pool page, and the Zoom client against the fake Zoom (API.md (d), (a.6), Decisions 6,
13, 17, 18): secrets write-only and encrypted, field errors, teachers kept out.

The helpers at the top are shared with test_lesson_start.py and test_release_job.py.
"""

import datetime
import re
import subprocess
import uuid

import pytest

from conftest import REPO
from test_groups_api import api, create_group, new_admin, new_user

POOL = "/api/zoom-pool/"
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
ACCOUNT_KEYS = {"id", "email", "zoom_account_id", "zoom_client_id", "has_secret", "zoom_user_id",
                "max_concurrent_meetings", "current_meetings", "is_active", "last_used_at",
                "is_available", "created_at", "updated_at"}
L = "/api/schedule/lessons/"


# -- helpers (shared) ----------------------------------------------------------------------------

def uid(tag):
    return f"{tag}-{uuid.uuid4().hex[:10]}"


def new_pool_account(stack, admin, zoom, max_meetings=1, register=True, **fields):
    """A pool account whose app the fake Zoom knows (register=False: one it does not).
    Returns (account, secret)."""
    acc, cid, secret = uid("acc"), uid("cid"), "sec-" + uuid.uuid4().hex
    if register:
        zoom.add_app(acc, cid, secret)
    body = {"email": uid("host") + "@zoom.example.org", "zoom_account_id": acc,
            "zoom_client_id": cid, "zoom_client_secret": secret,
            "max_concurrent_meetings": max_meetings, **fields}
    r = api(stack, "POST", POOL, admin, json=body)
    assert r.status == 201, r
    assert secret not in r.text
    return r.json(), secret


def deactivate_all(stack, admin):
    """Switch every pool account off, so a test sees only the accounts it makes."""
    page = 1
    while True:
        r = api(stack, "GET", f"{POOL}?page={page}&page_size=500", admin)
        assert r.status == 200, r
        for a in r.json()["results"]:
            if a["is_active"]:
                assert api(stack, "PATCH", f"{POOL}{a['id']}/", admin,
                           json={"is_active": False}).status == 200
        if not r.json()["next"]:
            return
        page += 1


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def lesson_at(stack, teacher, group, start_in_min=-5, minutes=60, title=None):
    """A lesson of teacher's starting start_in_min minutes from now."""
    start = now_utc() + datetime.timedelta(minutes=start_in_min)
    r = api(stack, "POST", L, teacher, json={
        "title": title or uid("Урок"), "group": group["id"], "start_time": iso(start),
        "end_time": iso(start + datetime.timedelta(minutes=minutes))})
    assert r.status == 201, r
    return r.json()


def teacher_with_group(stack):
    t = new_user(stack, "teacher", first_name="Ирина", last_name="Смирнова")
    return t, create_group(stack, t)


def start_new(stack, teacher, lesson_id, timeout=None):
    return api(stack, "POST", f"{L}{lesson_id}/start-new/", teacher, json={})


def db(stack, sql):
    """One query through the stack's MariaDB socket as root: rows of tab-separated text."""
    p = subprocess.run(["mariadb", "--no-defaults", f"--socket={stack.dir}/mariadb/mysql.sock",
                        "-uroot", "-N", "-B", "tpanel", "-e", sql], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    return [line.split("\t") for line in p.stdout.splitlines()]


@pytest.fixture(scope="module")
def admin(stack):
    return new_admin(stack)


# -- callers -------------------------------------------------------------------------------------

def test_only_admins(stack, admin, zoom):
    acc, _ = new_pool_account(stack, admin, zoom)
    teacher, student = new_user(stack, "teacher"), new_user(stack, "student")
    calls = [("GET", POOL), ("POST", POOL), ("GET", POOL + "stats/"),
             ("GET", f"{POOL}{acc['id']}/"), ("PATCH", f"{POOL}{acc['id']}/"),
             ("PUT", f"{POOL}{acc['id']}/"), ("DELETE", f"{POOL}{acc['id']}/"),
             ("POST", f"{POOL}{acc['id']}/toggle_active/"),
             ("POST", f"{POOL}{acc['id']}/release/"),
             ("GET", "/accounts/api/admin/teachers/"),
             ("PATCH", f"/accounts/api/admin/teachers/{teacher.id}/zoom/")]
    for method, path in calls:
        for who in (teacher, student):
            r = api(stack, method, path, who, json={} if method != "GET" else None)
            if "/admin/teachers/" in path:      # API a.6: {"detail", "error"}
                assert r.status == 403 and r.json()["error"] == r.json()["detail"], r
            else:
                assert r.status == 403 and r.json() == FORBIDDEN, (method, path, r)
        assert api(stack, method, path, None, json={}).status == 401, (method, path)
    assert api(stack, "GET", f"{POOL}{acc['id']}/", admin).json()["is_active"] is True


# -- create, shape, secrets --------------------------------------------------------------------

def test_create_shape_and_secret_is_write_only(stack, admin, zoom):
    acc, secret = new_pool_account(stack, admin, zoom, max_meetings=2, zoom_user_id="host@x.org")
    assert ACCOUNT_KEYS <= set(acc)
    assert acc["has_secret"] is True and "zoom_client_secret" not in acc
    assert acc["max_concurrent_meetings"] == 2 and acc["current_meetings"] == 0
    assert acc["is_active"] is True and acc["is_available"] is True
    assert acc["last_used_at"] is None and acc["zoom_user_id"] == "host@x.org"
    for path in (POOL, f"{POOL}{acc['id']}/", POOL + "stats/"):
        r = api(stack, "GET", path, admin)
        assert r.status == 200 and secret not in r.text, path
    # Encrypted at rest: the database holds sealed text, not the secret.
    stored = db(stack, f"SELECT zoom_client_secret_enc FROM zoom_pool_zoomaccount "
                       f"WHERE id = {acc['id']}")[0][0]
    assert stored.startswith("aead1:") and secret not in stored
    assert secret not in stack.log_text()


def test_create_field_errors(stack, admin, zoom):
    good = {"email": uid("e") + "@x.org", "zoom_account_id": "a", "zoom_client_id": "c",
            "zoom_client_secret": "s"}
    cases = [
        ({k: v for k, v in good.items() if k != "email"}, "email", "This field is required."),
        (dict(good, email="not-an-email"), "email", "Enter a valid email address."),
        (dict(good, max_concurrent_meetings=0), "max_concurrent_meetings",
         "Ensure this value is greater than or equal to 1."),
        (dict(good, max_concurrent_meetings="two"), "max_concurrent_meetings",
         "A valid integer is required."),
        ({k: v for k, v in good.items() if k != "zoom_client_secret"}, "zoom_client_secret",
         "This field is required."),
        (dict(good, zoom_client_secret=""), "zoom_client_secret", "This field may not be blank."),
        ({k: v for k, v in good.items() if k != "zoom_account_id"}, "zoom_account_id",
         "This field is required."),
        (dict(good, zoom_client_id=""), "zoom_client_id", "This field may not be blank."),
        (dict(good, zoom_user_id=7), "zoom_user_id", "Not a valid string."),
        (dict(good, is_active="maybe"), "is_active", "Must be a valid boolean."),
    ]
    before = api(stack, "GET", POOL + "stats/", admin).json()["total_accounts"]
    for body, field, msg in cases:
        r = api(stack, "POST", POOL, admin, json=body)
        assert r.status == 400 and r.json().get(field) == [msg], (body, r)
    r = api(stack, "POST", POOL, admin, data=b"{nope")
    assert r.status == 400 and "detail" in r.json()
    assert api(stack, "GET", POOL + "stats/", admin).json()["total_accounts"] == before


def test_email_unique_in_any_case(stack, admin, zoom):
    acc, _ = new_pool_account(stack, admin, zoom)
    r = api(stack, "POST", POOL, admin, json={
        "email": acc["email"].upper(), "zoom_account_id": "a", "zoom_client_id": "c",
        "zoom_client_secret": "s"})
    assert r.status == 400 and r.json() == {
        "email": ["Zoom Account with this email already exists."]}, r


def test_list_is_paginated_by_email(stack, admin, zoom):
    tag = uuid.uuid4().hex[:6]
    for p in ("b", "a", "c"):
        r = api(stack, "POST", POOL, admin, json={
            "email": f"{p}{tag}@zz.org", "zoom_account_id": "a", "zoom_client_id": "c",
            "zoom_client_secret": "s"})
        assert r.status == 201
    r = api(stack, "GET", POOL + "?page_size=2", admin)
    body = r.json()
    assert r.status == 200 and set(body) == {"count", "next", "previous", "results"}
    assert len(body["results"]) == 2 and body["next"] and body["previous"] is None
    emails = []
    page = 1
    while True:
        b = api(stack, "GET", f"{POOL}?page={page}&page_size=500", admin).json()
        emails += [a["email"] for a in b["results"]]
        if not b["next"]:
            break
        page += 1
    assert emails == sorted(emails) and len(emails) == body["count"]
    assert api(stack, "GET", POOL + "?page=999", admin).status == 404


def test_update_keeps_secret_when_empty_or_masked(stack, admin, zoom):
    acc, secret = new_pool_account(stack, admin, zoom)
    path = f"{POOL}{acc['id']}/"
    sealed = lambda: db(stack, "SELECT zoom_client_secret_enc FROM zoom_pool_zoomaccount "
                               f"WHERE id = {acc['id']}")[0][0]
    before = sealed()
    # The frontend PATCHes the whole object it read back, read-only fields included.
    whole = dict(acc, zoom_client_secret="********", max_concurrent_meetings=3,
                 current_meetings=99)
    r = api(stack, "PATCH", path, admin, json=whole)
    assert r.status == 200 and r.json()["max_concurrent_meetings"] == 3, r
    assert r.json()["current_meetings"] == 0 and sealed() == before
    r = api(stack, "PATCH", path, admin, json={"zoom_client_secret": ""})
    assert r.status == 200 and sealed() == before
    r = api(stack, "PUT", path, admin, json={"zoom_user_id": "x"})
    assert r.status == 400 and r.json() == {"email": ["This field is required."]}
    r = api(stack, "PUT", path, admin, json={"email": acc["email"], "zoom_client_secret": "new-s"})
    assert r.status == 200 and sealed() != before and "new-s" not in r.text
    r = api(stack, "PATCH", path, admin, json={"max_concurrent_meetings": -1})
    assert r.status == 400 and "max_concurrent_meetings" in r.json()
    assert api(stack, "GET", f"{POOL}999999999/", admin).status == 404
    # Every change is in the audit log, never with the secret.
    log = api(stack, "GET", f"/api/audit-log/?action=zoom_account_update", admin)
    assert log.status == 200 and acc["email"] in log.text and secret not in log.text


def test_toggle_active(stack, admin, zoom):
    acc, _ = new_pool_account(stack, admin, zoom)
    p = f"{POOL}{acc['id']}/toggle_active/"
    r = api(stack, "POST", p, admin)
    assert r.status == 200 and r.json()["is_active"] is False and r.json()["detail"]
    assert api(stack, "GET", f"{POOL}{acc['id']}/", admin).json()["is_available"] is False
    r = api(stack, "POST", p, admin)
    assert r.status == 200 and r.json()["is_active"] is True


def test_stats_count_accounts(stack, admin, zoom):
    s0 = api(stack, "GET", POOL + "stats/", admin).json()
    keys = {"total_accounts", "active_accounts", "available_accounts", "currently_in_use",
            "peak_in_use", "current_sessions", "peak_sessions", "updated_at"}
    assert keys <= set(s0)
    a, _ = new_pool_account(stack, admin, zoom)
    b, _ = new_pool_account(stack, admin, zoom)
    api(stack, "POST", f"{POOL}{b['id']}/toggle_active/", admin)
    s1 = api(stack, "GET", POOL + "stats/", admin).json()
    assert s1["total_accounts"] == s0["total_accounts"] + 2
    assert s1["active_accounts"] == s0["active_accounts"] + 1
    assert s1["available_accounts"] == s0["available_accounts"] + 1


# -- the teachers' own Zoom apps ------------------------------------------------------------------

def test_teacher_zoom_credentials(stack, admin):
    t = new_user(stack, "teacher", first_name="Пётр", last_name="Ааронов")
    secret = "tsec-" + uuid.uuid4().hex
    path = f"/accounts/api/admin/teachers/{t.id}/zoom/"
    r = api(stack, "PATCH", path, admin, json={"zoom_account_id": "A1", "zoom_client_id": "C1",
                                              "zoom_client_secret": secret})
    assert r.status == 200, r
    body = r.json()
    assert body["has_zoom_config"] is True and body["zoom_client_secret"] == "********"
    assert secret not in r.text and body["zoom_account_id"] == "A1"
    stored = db(stack, f"SELECT zoom_client_secret FROM accounts_customuser WHERE id = {t.id}")
    assert stored[0][0].startswith("aead1:") and secret not in stored[0][0]
    # A masked or empty secret keeps it.
    r = api(stack, "PATCH", path, admin, json={"zoom_client_secret": "********",
                                              "zoom_user_id": "me@x.org"})
    assert r.status == 200 and r.json()["zoom_user_id"] == "me@x.org"
    assert db(stack, f"SELECT zoom_client_secret FROM accounts_customuser "
                     f"WHERE id = {t.id}") == stored
    for p in ("/accounts/api/admin/teachers/", "/api/accounts/api/admin/teachers/"):
        r = api(stack, "GET", p, admin)
        assert r.status == 200 and secret not in r.text
        mine = [x for x in r.json() if x["id"] == t.id]
        assert mine and mine[0]["has_zoom_config"] is True
        assert mine[0]["zoom_client_secret"] == "********"
    student = new_user(stack, "student")
    r = api(stack, "PATCH", f"/accounts/api/admin/teachers/{student.id}/zoom/", admin,
            json={"zoom_account_id": "x"})
    assert r.status == 404 and r.json()["error"] == r.json()["detail"]
    r = api(stack, "PATCH", path, admin, json={"zoom_client_id": "x" * 256})
    assert r.status == 400 and "zoom_client_id" in r.json()
    assert secret not in stack.log_text()


# -- release and delete by the admin ---------------------------------------------------------------

def started_lesson(stack, zoom, account_email):
    """A lesson started on a pool account (the only active one) and opened by its host."""
    teacher, group = teacher_with_group(stack)
    les = lesson_at(stack, teacher, group)
    r = start_new(stack, teacher, les["id"])
    assert r.status == 200 and r.json()["account_email"] == account_email, r
    assert zoom.open_meeting(r.json()["zoom_start_url"])
    return teacher, les, r.json()["zoom_meeting_id"]


def test_admin_release_one_lesson_or_all(stack, admin, zoom):
    deactivate_all(stack, admin)
    acc, _ = new_pool_account(stack, admin, zoom, max_meetings=3)
    _, l1, m1 = started_lesson(stack, zoom, acc["email"])
    _, l2, m2 = started_lesson(stack, zoom, acc["email"])
    _, l3, m3 = started_lesson(stack, zoom, acc["email"])
    rel = f"{POOL}{acc['id']}/release/"
    r = api(stack, "POST", rel, admin, json={"lesson_id": l1["id"]})
    assert r.status == 200 and r.json()["released"] == 1 and r.json()["current_meetings"] == 2, r
    assert zoom.meeting(m1)["status"] == "deleted" and zoom.meeting(m2)["status"] == "started"
    r = api(stack, "POST", rel, admin, json={"lesson_id": l1["id"]})       # again: nothing
    assert r.status == 200 and r.json()["released"] == 0
    r = api(stack, "POST", rel, admin, json={"lesson_id": "x"})
    assert r.status == 400 and "lesson_id" in r.json()
    r = api(stack, "POST", rel, admin)
    assert r.status == 200 and r.json()["released"] == 2 and r.json()["current_meetings"] == 0
    assert zoom.running_of(acc["email"]) == 0
    reasons = db(stack, "SELECT release_reason FROM zoom_pool_session WHERE lesson_id IN "
                        f"({l1['id']}, {l2['id']}, {l3['id']})")
    assert reasons == [["admin"]] * 3
    log = api(stack, "GET", "/api/audit-log/?action=zoom_account_release&page_size=500",
              admin).json()["results"]
    assert {e["resource_id"] for e in log} >= {l1["id"], l2["id"], l3["id"]}
    assert all(e["user"] == admin.id for e in log if e["resource_id"] == l1["id"])


def test_delete_account_closes_leases_and_keeps_history(stack, admin, zoom):
    deactivate_all(stack, admin)
    acc, _ = new_pool_account(stack, admin, zoom)
    teacher, les, mid = started_lesson(stack, zoom, acc["email"])
    r = api(stack, "DELETE", f"{POOL}{acc['id']}/", admin)
    assert r.status == 204, r
    assert api(stack, "GET", f"{POOL}{acc['id']}/", admin).status == 404
    assert zoom.meeting(mid)["status"] == "deleted"
    got = api(stack, "GET", f"{L}{les['id']}/", teacher).json()
    assert got["zoom_meeting_id"] == mid            # the lesson keeps its meeting
    assert db(stack, f"SELECT zoom_account_id FROM schedule_lesson WHERE id = {les['id']}") == \
        [["NULL"]]
    assert db(stack, "SELECT release_reason, account_id FROM zoom_pool_session "
                     f"WHERE lesson_id = {les['id']}") == [["delete", "NULL"]]
    assert api(stack, "DELETE", f"{POOL}{acc['id']}/", admin).status == 404


# -- the admin's pool page -------------------------------------------------------------------------

def test_pool_page(stack, zoom):
    from test_admin import admin_client
    from test_pages import assert_html, csrf_of, location, signed_in
    c, _ = admin_client(stack)
    r = c.get("/admin/")
    assert_html(r, 200)
    assert 'href="/admin/pool"' in r.text
    r = c.get("/admin/pool")
    assert_html(r, 200)
    csrf = csrf_of(r)
    email = uid("page") + "@zoom.example.org"
    secret = "pagesecret-" + uuid.uuid4().hex
    form = {"csrf_token": csrf, "email": email, "zoom_account_id": "pa", "zoom_client_id": "pc",
            "zoom_client_secret": secret, "max_concurrent_meetings": "2", "is_active": "1"}
    r = c.post("/admin/pool", data=dict(form, max_concurrent_meetings="0"))
    assert_html(r, 400)
    assert "greater than or equal to 1" in r.text and secret not in r.text
    assert email in r.text          # the form keeps what was typed, but the secret
    r = c.post("/admin/pool", data=form)
    assert r.status == 303 and location(r).startswith("/admin/pool?done=created"), r
    r = c.get(location(r))
    assert_html(r, 200)
    assert email in r.text and secret not in r.text and "Аккаунт добавлен" in r.text
    m = re.search(r'<tr class="pool-account" data-id="(\d+)">\s*<td><a href="/admin/pool/\d+">'
                  + re.escape(email), r.text)
    assert m, r.text
    aid = m.group(1)
    r = c.get(f"/admin/pool/{aid}")
    assert_html(r, 200)
    assert secret not in r.text and 'name="zoom_client_secret" value=""' in r.text
    r = c.post(f"/admin/pool/{aid}", data={"csrf_token": csrf, "email": email,
                                          "zoom_account_id": "pa", "zoom_client_id": "pc2",
                                          "zoom_client_secret": "", "max_concurrent_meetings": "3"})
    assert r.status == 303, r
    sealed = db(stack, "SELECT zoom_client_id, max_concurrent_meetings, is_active, "
                       f"zoom_client_secret_enc <> '' FROM zoom_pool_zoomaccount WHERE id = {aid}")
    assert sealed == [["pc2", "3", "0", "1"]]        # unticked: off; the secret kept
    r = c.post(f"/admin/pool/{aid}/toggle", data={"csrf_token": csrf})
    assert r.status == 303 and "done=on" in location(r)
    r = c.post(f"/admin/pool/{aid}/release", data={"csrf_token": csrf})
    assert r.status == 303 and "done=none" in location(r)
    assert c.post(f"/admin/pool/{aid}/toggle", data={}).status == 403      # CSRF
    r = c.post(f"/admin/pool/{aid}/delete", data={"csrf_token": csrf})
    assert r.status == 303 and "done=deleted" in location(r)
    assert c.get(f"/admin/pool/{aid}").status == 404
    t, _ = signed_in(stack, "teacher")
    assert t.get("/admin/pool").status == 403
