"""Individual invite codes through nginx: create, list, read, edit, regenerate, delete, preview,
join (with enrolment in an individual group), the race for a code, one code namespace for both
kinds, and the guessing throttle (API.md section (e) and Decisions 7, 10, 12, 16).

Every test makes its own users (unique emails). Unknown invite codes count against the user
(10 a minute) and the client address (50 a minute), so every request that looks a code up
connects from a loopback source address of its own (127.77.200+.y, see test_groups_api.py): the
rest of the suite, on 127.0.0.1, is never throttled.
"""

import concurrent.futures
import datetime
import http.client
import json as jsonlib
import threading
import time
import urllib.parse
import uuid

import pytest

from conftest import Response
from test_groups_api import (CODE_RE, ISO_Z, BRIEF_KEYS, UNKNOWN_CODE, api, assert_401,
                             assert_detail, assert_err2, assert_group_shape, assert_throttled,
                             create_group, fresh_addr, gjoin, gpreview, list_groups, new_admin,
                             new_user, new_users, page_all)

BASE = "/api/individual-invite-codes/"
CODE_KEYS = {"id", "teacher", "subject", "invite_code", "is_used", "used_by", "used_by_email",
             "used_by_name", "used_at", "created_at"}
CODE_EXTRA_KEYS = {"max_uses", "use_count", "expires_at", "is_expired"}   # max_uses / expires_at
JOIN_KEYS = {"message", "code", "teacher", "group_id"}


# -- helpers -------------------------------------------------------------------------------------

def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def parse_iso(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))


def new_code(stack, teacher, subject=None, **fields):
    subject = subject or "Предмет " + uuid.uuid4().hex[:6]
    r = api(stack, "POST", BASE, teacher, json={"subject": subject, **fields})
    assert r.status == 201, r
    c = r.json()
    assert_code_shape(c)
    return c


def iget(stack, user, cid):
    return api(stack, "GET", f"{BASE}{cid}/", user)


def ilist(stack, user, query=""):
    r = api(stack, "GET", BASE + query, user)
    assert r.status == 200, r
    body = r.json()
    assert set(body) == {"count", "next", "previous", "results"}, body
    return body


def ipreview(stack, user, code, addr):
    return api(stack, "GET", f"{BASE}preview_by_code/?code=" + urllib.parse.quote(code), user,
               addr=addr)


def ijoin(stack, user, code, addr):
    return api(stack, "POST", f"{BASE}join_by_code/", user, json={"invite_code": code}, addr=addr)


def assert_code_shape(c):
    assert CODE_KEYS <= set(c) and set(c) - CODE_KEYS <= CODE_EXTRA_KEYS, sorted(c)
    assert isinstance(c["id"], int) and c["id"] > 0
    assert set(c["teacher"]) == BRIEF_KEYS, c["teacher"]
    assert CODE_RE.match(c["invite_code"]), c["invite_code"]
    assert isinstance(c["is_used"], bool)
    assert ISO_Z.match(c["created_at"]), c
    if c["used_by"] is None:
        assert c["used_by_email"] is None and c["used_by_name"] is None and c["used_at"] is None, c
    else:
        assert isinstance(c["used_by_email"], str) and isinstance(c["used_by_name"], str), c
        assert ISO_Z.match(c["used_at"]), c


def assert_unused(c):
    assert (c["is_used"], c["used_by"], c["used_by_email"], c["used_by_name"], c["used_at"]) == \
        (False, None, None, None, None), c


def assert_400_for(r, field):
    """400 either as a hand-written error (detail + error) or as a field error on `field`."""
    assert r.status == 400, r
    body = r.json()
    assert isinstance(body, dict), body
    if "detail" in body:
        assert body.get("error") == body["detail"] and body["detail"], body
    else:
        assert list(body) == [field] and isinstance(body[field], list) and body[field], body


def individual_groups(stack, user, teacher_id=None, subject=None):
    out = [g for g in page_all(stack, user, "/api/groups/") if g.get("kind") == "individual"]
    if teacher_id is not None:
        out = [g for g in out if g["teacher"]["id"] == teacher_id]
    if subject is not None:
        out = [g for g in out if g.get("subject") == subject]
    return out


@pytest.fixture(scope="module")
def admin(stack):
    return new_admin(stack)


@pytest.fixture(scope="module")
def lone_teacher(stack):
    """A teacher who never gets a code (tests of refused creations share it)."""
    return new_user(stack, "teacher")


# -- create --------------------------------------------------------------------------------------

def test_create_code(stack):
    teacher = new_user(stack, "teacher", "Мария", "Иванова")
    r = api(stack, "POST", BASE, teacher, json={"subject": "Математика", "teacher_id": 1})
    assert r.status == 201, r
    assert r.headers["content-type"].startswith("application/json")
    c = r.json()
    assert_code_shape(c)
    assert c["subject"] == "Математика" and c["teacher"] == teacher.brief(), c
    assert_unused(c)
    assert c.get("max_uses", 1) == 1 and c.get("use_count", 0) == 0 and c.get("expires_at") is None
    assert abs((parse_iso(c["created_at"]) - utcnow()).total_seconds()) < 60, c["created_at"]
    r = iget(stack, teacher, c["id"])
    assert r.status == 200 and r.json() == c, r
    body = ilist(stack, teacher)
    assert body["count"] == 1 and body["results"] == [c], body
    c2 = new_code(stack, teacher, "Математика")
    assert c2["invite_code"] != c["invite_code"] and c2["id"] != c["id"]


def test_create_subject_is_trimmed(stack):
    teacher = new_user(stack, "teacher")
    c = new_code(stack, teacher, "  \tГеометрия \t ")
    assert c["subject"] == "Геометрия", c["subject"]
    # 200 characters after trimming are fine.
    c = new_code(stack, teacher, "  " + "Ж" * 200 + "  ")
    assert c["subject"] == "Ж" * 200
    # A new subject is trimmed as well.
    r = api(stack, "PATCH", f"{BASE}{c['id']}/", teacher, json={"subject": " Алгебра  "})
    assert r.status == 200 and r.json()["subject"] == "Алгебра", r


def test_create_options(stack):
    teacher = new_user(stack, "teacher")
    c = new_code(stack, teacher, "Ж" * 200)                   # 200 characters, 400 bytes
    assert c["subject"] == "Ж" * 200
    c = new_code(stack, teacher, max_uses=1000)
    assert c.get("max_uses") == 1000 and c["is_used"] is False, c
    when = (utcnow() + datetime.timedelta(days=3)).replace(microsecond=0)
    local = when.astimezone(datetime.timezone(datetime.timedelta(hours=3)))
    c = new_code(stack, teacher, expires_at=local.isoformat())   # with an offset
    assert ISO_Z.match(c["expires_at"]) and parse_iso(c["expires_at"]) == when, c
    assert c.get("is_expired", False) is False
    c = new_code(stack, teacher, expires_at=iso(when), max_uses=2)
    assert parse_iso(c["expires_at"]) == when and c["max_uses"] == 2, c
    assert ilist(stack, teacher)["count"] == 4


def test_create_needs_a_teacher(stack, admin):
    student = new_user(stack)
    before = ilist(stack, admin)["count"]
    for user in (student, admin):
        assert_err2(api(stack, "POST", BASE, user, json={"subject": "Nope"}), 403)
    assert_401(api(stack, "POST", BASE, None, json={"subject": "Nope"}))
    assert ilist(stack, admin)["count"] == before
    assert ilist(stack, student)["count"] == 0


@pytest.mark.parametrize("body,field", [
    ({}, "subject"),
    ({"subject": None}, "subject"),
    ({"subject": ""}, "subject"),
    ({"subject": "  \t "}, "subject"),
    ({"subject": "x" * 201}, "subject"),
    ({"subject": "Ж" * 201}, "subject"),
    ({"subject": 5}, "subject"),
    ({"subject": ["Math"]}, "subject"),
    ({"subject": "Math", "max_uses": 0}, "max_uses"),
    ({"subject": "Math", "max_uses": -1}, "max_uses"),
    ({"subject": "Math", "max_uses": 1001}, "max_uses"),
    ({"subject": "Math", "max_uses": "x"}, "max_uses"),
    ({"subject": "Math", "max_uses": 1.5}, "max_uses"),
    ({"subject": "Math", "max_uses": True}, "max_uses"),
    ({"subject": "Math", "expires_at": "PAST"}, "expires_at"),
    ({"subject": "Math", "expires_at": "garbage"}, "expires_at"),
    ({"subject": "Math", "expires_at": "2099-02-30T10:00:00Z"}, "expires_at"),
    ({"subject": "Math", "expires_at": "2099-13-01"}, "expires_at"),
    ({"subject": "Math", "expires_at": 4102444800}, "expires_at"),
])
def test_create_validation_creates_nothing(stack, lone_teacher, body, field):
    body = dict(body)
    if body.get("expires_at") == "PAST":
        body["expires_at"] = iso(utcnow() - datetime.timedelta(minutes=5))
    assert_400_for(api(stack, "POST", BASE, lone_teacher, json=body), field)
    assert ilist(stack, lone_teacher)["count"] == 0


def test_create_bad_json(stack, lone_teacher):
    assert_detail(api(stack, "POST", BASE, lone_teacher, data=b'{"subject": '), 400)
    assert_detail(api(stack, "POST", BASE, lone_teacher, data=b'"Math"'), 400)
    assert ilist(stack, lone_teacher)["count"] == 0


# -- list and read ---------------------------------------------------------------------------------

def test_list_scopes_and_order(stack, admin):
    ta, tb = new_user(stack, "teacher"), new_user(stack, "teacher")
    s, idle = new_user(stack), new_user(stack)
    c1, c2, c3 = (new_code(stack, ta, f"A{i}") for i in (1, 2, 3))
    d1 = new_code(stack, tb, "B1")
    body = ilist(stack, ta)
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    assert [c["id"] for c in body["results"]] == [c3["id"], c2["id"], c1["id"]], body
    assert [c["id"] for c in ilist(stack, tb)["results"]] == [d1["id"]]
    page = ilist(stack, ta, "?page_size=2")
    assert [c["id"] for c in page["results"]] == [c3["id"], c2["id"]] and page["next"] is not None
    page = ilist(stack, ta, "?page_size=2&page=2")
    assert [c["id"] for c in page["results"]] == [c1["id"]] and page["next"] is None
    r = api(stack, "GET", BASE + "?page_size=2&page=3", ta)
    assert r.status == 404 and r.json() == {"detail": "Invalid page."}, r

    # A student sees only the codes they redeemed, most recently used first.
    assert ilist(stack, s)["count"] == 0
    addr = fresh_addr()
    assert ijoin(stack, s, c2["invite_code"], addr).status == 200
    time.sleep(0.01)
    assert ijoin(stack, s, d1["invite_code"], addr).status == 200
    body = ilist(stack, s)
    assert [c["id"] for c in body["results"]] == [d1["id"], c2["id"]], body
    for c in body["results"]:
        assert_code_shape(c)
        assert c["used_by"] == s.id and c["is_used"] is True
    assert ilist(stack, idle)["count"] == 0
    # The teachers' lists are unchanged in membership and order.
    assert [c["id"] for c in ilist(stack, ta)["results"]] == [c3["id"], c2["id"], c1["id"]]
    # An admin sees every code, newest first.
    every = [c["id"] for c in page_all(stack, admin, BASE)]
    mine = [i for i in every if i in {c1["id"], c2["id"], c3["id"], d1["id"]}]
    assert mine == [d1["id"], c3["id"], c2["id"], c1["id"]], mine


def test_read_scope(stack, admin):
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    s, outsider = new_user(stack), new_user(stack)
    c = new_code(stack, teacher)
    r = iget(stack, admin, c["id"])
    assert r.status == 200 and r.json() == c, r
    missing = iget(stack, teacher, 2 ** 40)
    assert_detail(missing, 404)
    for user in (other, s, outsider):
        r = iget(stack, user, c["id"])
        assert r.status == 404 and r.json() == missing.json(), (user.role, r)
        assert c["invite_code"] not in r.text
    assert_401(iget(stack, None, c["id"]))
    assert_401(api(stack, "GET", BASE))
    # The student who redeemed it may read it.
    assert ijoin(stack, s, c["invite_code"], fresh_addr()).status == 200
    r = iget(stack, s, c["id"])
    assert r.status == 200 and r.json()["used_by"] == s.id, r
    assert iget(stack, outsider, c["id"]).status == 404


def test_anonymous_gets_401_everywhere(stack):
    teacher = new_user(stack, "teacher")
    c = new_code(stack, teacher)
    addr = fresh_addr()
    calls = [
        ("GET", BASE, None), ("POST", BASE, {"subject": "x"}),
        ("GET", f"{BASE}{c['id']}/", None), ("PUT", f"{BASE}{c['id']}/", {"subject": "x"}),
        ("PATCH", f"{BASE}{c['id']}/", {"subject": "x"}), ("DELETE", f"{BASE}{c['id']}/", None),
        ("POST", f"{BASE}regenerate/", {"id": c["id"]}),
        ("GET", f"{BASE}preview_by_code/?code={c['invite_code']}", None),
        ("POST", f"{BASE}join_by_code/", {"invite_code": c["invite_code"]}),
    ]
    for method, path, body in calls:
        assert_401(api(stack, method, path, None, json=body, addr=addr))
    assert iget(stack, teacher, c["id"]).json() == c


# -- regenerate, edit, delete ----------------------------------------------------------------------

def test_regenerate(stack, admin):
    addr = fresh_addr()
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    student = new_user(stack)
    c = new_code(stack, teacher, "Биология")
    old = c["invite_code"]
    path = BASE + "regenerate/"
    for user in (student, admin):
        assert_err2(api(stack, "POST", path, user, json={"id": c["id"]}), 403)
    for body in ({}, {"id": None}, {"id": "abc"}, {"id": [c["id"]]}):
        assert_err2(api(stack, "POST", path, teacher, json=body), 400)
    assert_err2(api(stack, "POST", path, other, json={"id": c["id"]}), 404)
    assert_err2(api(stack, "POST", path, teacher, json={"id": 2 ** 40}), 404)
    assert iget(stack, teacher, c["id"]).json()["invite_code"] == old

    r = api(stack, "POST", path, teacher, json={"id": c["id"]})
    assert r.status == 200, r
    body = r.json()
    assert set(body) == {"message", "code"} and body["message"], body
    n = body["code"]
    assert_code_shape(n)
    assert n["id"] == c["id"] and n["subject"] == "Биология" and n["invite_code"] != old
    assert_unused(n)
    assert iget(stack, teacher, c["id"]).json()["invite_code"] == n["invite_code"]
    # The old code is dead, the new one works.
    assert_err2(ipreview(stack, student, old, addr), 404)
    assert_err2(ijoin(stack, student, old, addr), 404)
    assert ipreview(stack, student, n["invite_code"], addr).json()["id"] == c["id"]
    assert ijoin(stack, student, n["invite_code"], addr).status == 200
    # Once used, it cannot be regenerated.
    assert_err2(api(stack, "POST", path, teacher, json={"id": c["id"]}), 400)
    after = iget(stack, teacher, c["id"]).json()
    assert after["invite_code"] == n["invite_code"] and after["used_by"] == student.id


def test_delete(stack, admin):
    addr = fresh_addr()
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    student = new_user(stack)
    unused, used, by_admin = (new_code(stack, teacher) for _ in range(3))
    assert ijoin(stack, student, used["invite_code"], addr).status == 200

    # Another teacher: not in scope, 404; the code stays.
    assert_detail(api(stack, "DELETE", f"{BASE}{unused['id']}/", other), 404)
    assert iget(stack, teacher, unused["id"]).status == 200
    r = api(stack, "DELETE", f"{BASE}{unused['id']}/", teacher)
    assert r.status == 204 and r.body == b"", r
    assert_detail(iget(stack, teacher, unused["id"]), 404)
    assert_detail(api(stack, "DELETE", f"{BASE}{unused['id']}/", teacher), 404)
    assert_err2(ipreview(stack, student, unused["invite_code"], addr), 404)

    # A used code is kept: 400 for its teacher and for an admin, 403 for its student.
    assert_err2(api(stack, "DELETE", f"{BASE}{used['id']}/", teacher), 400)
    assert_err2(api(stack, "DELETE", f"{BASE}{used['id']}/", admin), 400)
    assert_err2(api(stack, "DELETE", f"{BASE}{used['id']}/", student), 403)
    assert iget(stack, teacher, used["id"]).json()["used_by"] == student.id

    # An admin may delete an unused code.
    r = api(stack, "DELETE", f"{BASE}{by_admin['id']}/", admin)
    assert r.status == 204, r
    assert [c["id"] for c in ilist(stack, teacher)["results"]] == [used["id"]]


def test_edit_subject(stack, admin):
    addr = fresh_addr()
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    student = new_user(stack)
    c = new_code(stack, teacher, "Старый")
    path = f"{BASE}{c['id']}/"
    r = api(stack, "PATCH", path, teacher, json={"subject": "Новый"})
    assert r.status == 200, r
    assert r.json()["subject"] == "Новый" and r.json()["invite_code"] == c["invite_code"], r
    r = api(stack, "PUT", path, teacher, json={"subject": "Третий"})
    assert r.status == 200 and r.json()["subject"] == "Третий", r
    for bad in ("", "   ", "x" * 201):
        assert_err2(api(stack, "PATCH", path, teacher, json={"subject": bad}), 400)
    assert_400_for(api(stack, "PATCH", path, teacher, json={"subject": 7}), "subject")
    assert_detail(api(stack, "PATCH", path, other, json={"subject": "Чужой"}), 404)
    assert_err2(api(stack, "PATCH", path, admin, json={"subject": "Админ"}), 403)
    assert iget(stack, teacher, c["id"]).json()["subject"] == "Третий"

    assert ijoin(stack, student, c["invite_code"], addr).status == 200
    assert_err2(api(stack, "PATCH", path, teacher, json={"subject": "Поздно"}), 400)
    assert_err2(api(stack, "PUT", path, teacher, json={"subject": "Поздно"}), 400)
    assert_err2(api(stack, "PATCH", path, student, json={"subject": "Ученик"}), 403)
    assert iget(stack, teacher, c["id"]).json()["subject"] == "Третий"


# -- preview ---------------------------------------------------------------------------------------

def test_preview(stack):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher", "Павел", "Орлов")
    c = new_code(stack, teacher, "Информатика")
    for user in (new_user(stack), new_user(stack, "teacher"), teacher):
        r = ipreview(stack, user, c["invite_code"], addr)
        assert r.status == 200, r
        p = r.json()
        assert_code_shape(p)
        assert p["id"] == c["id"] and p["subject"] == "Информатика"
        assert p["teacher"] == teacher.brief(), p
        assert_unused(p)
    student = new_user(stack)
    code = c["invite_code"]
    for variant in (code.lower(), f"  {code} ", f"\t{code.lower()} "):
        r = ipreview(stack, student, variant, addr)
        assert r.status == 200 and r.json()["id"] == c["id"], (variant, r)
    # Preview does not use the code up.
    assert iget(stack, teacher, c["id"]).json() == c


def test_preview_errors(stack):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher")
    student, user2 = new_user(stack), new_user(stack)
    for q in ("", "?code=", "?other=ABCDEFGH"):
        assert_err2(api(stack, "GET", f"{BASE}preview_by_code/{q}", student, addr=addr), 400)
    for bad in (UNKNOWN_CODE, "abc", "ABCDEFGH1", "ЖЖЖЖЖЖЖЖ"):
        assert_err2(ipreview(stack, student, bad, addr), 404)
    c = new_code(stack, teacher)
    assert ijoin(stack, student, c["invite_code"], addr).status == 200
    assert_err2(ipreview(stack, user2, c["invite_code"], addr), 400)
    assert_err2(ipreview(stack, teacher, c["invite_code"], addr), 400)
    # A partly used code with uses left still previews.
    c2 = new_code(stack, teacher, max_uses=2)
    assert ijoin(stack, student, c2["invite_code"], addr).status == 200
    r = ipreview(stack, user2, c2["invite_code"], addr)
    assert r.status == 200 and r.json()["id"] == c2["id"], r


def test_blank_individual_code_is_missing(stack):
    """The code is trimmed first: a code of spaces is a missing code (400), not an unknown one."""
    addr = fresh_addr()
    student = new_user(stack)
    assert_err2(ipreview(stack, student, "   ", addr), 400)
    assert_err2(ijoin(stack, student, " \t ", addr), 400)


def test_expired_code(stack):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher")
    s1, s2 = new_user(stack), new_user(stack)
    deadline = (utcnow() + datetime.timedelta(seconds=3)).replace(microsecond=0)
    c = new_code(stack, teacher, expires_at=iso(deadline), max_uses=5)
    assert ipreview(stack, s1, c["invite_code"], addr).status == 200
    assert ijoin(stack, s1, c["invite_code"], addr).status == 200
    time.sleep(max(0.0, (deadline - utcnow()).total_seconds() + 0.3))
    assert_err2(ipreview(stack, s2, c["invite_code"], addr), 400)
    assert_err2(ijoin(stack, s2, c["invite_code"], addr), 400)
    got = iget(stack, teacher, c["id"]).json()
    assert got.get("is_expired", True) is True and got["used_by"] == s1.id, got
    assert list_groups(stack, s2)["count"] == 0


# -- join ------------------------------------------------------------------------------------------

def test_join_checks_in_order(stack, admin):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher")
    student, other = new_user(stack), new_user(stack)
    c = new_code(stack, teacher)
    g = create_group(stack, teacher)
    path = f"{BASE}join_by_code/"
    # 1. missing (before anything else, for teachers too)
    for user in (teacher, student):
        for body in ({}, {"invite_code": ""}, {"invite_code": None}):
            assert_err2(api(stack, "POST", path, user, json=body, addr=addr), 400)
    for bad in (5, ["X"], True):
        r = api(stack, "POST", path, student, json={"invite_code": bad}, addr=addr)
        assert r.status == 400 and isinstance(r.json(), dict) and r.json(), (bad, r)
    # 2. not a student (before unknown: never counted as a guess, however often)
    for user in (teacher, new_user(stack, "teacher"), admin):
        assert_err2(ijoin(stack, user, c["invite_code"], addr), 403)
    for _ in range(12):
        assert_err2(ijoin(stack, teacher, UNKNOWN_CODE, addr), 403)
    # 3. unknown; a group code is not an individual code, nor the other way round
    assert_err2(ijoin(stack, student, UNKNOWN_CODE, addr), 404)
    assert_err2(ijoin(stack, student, g["invite_code"], addr), 404)
    assert_err2(gjoin(stack, student, c["invite_code"], addr), 404)
    assert list_groups(stack, student)["count"] == 0
    assert_unused(iget(stack, teacher, c["id"]).json())
    # 4. used
    assert ijoin(stack, student, c["invite_code"], addr).status == 200
    assert_err2(ijoin(stack, other, c["invite_code"], addr), 400)
    assert_err2(ijoin(stack, student, c["invite_code"], addr), 400)


def test_join_enrols_in_an_individual_group(stack):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher", "Пётр", "Соколов")
    student = new_user(stack, "student", "Лиза", "Орлова", "Андреевна")
    second = new_user(stack)
    subject = "Физика " + uuid.uuid4().hex[:6]
    c = new_code(stack, teacher, subject)
    r = ijoin(stack, student, f"  {c['invite_code'].lower()} ", addr)
    assert r.status == 200, r
    body = r.json()
    assert set(body) == JOIN_KEYS, body
    assert isinstance(body["message"], str) and body["message"]
    assert body["teacher"] == {"id": teacher.id, "email": teacher.email, "first_name": "Пётр",
                               "last_name": "Соколов"}, body["teacher"]
    code = body["code"]
    assert_code_shape(code)
    assert code["id"] == c["id"] and code["invite_code"] == c["invite_code"]
    assert code["is_used"] is True and code["used_by"] == student.id
    assert code["used_by_email"] == student.email
    assert code["used_by_name"] == "Орлова Лиза Андреевна", code["used_by_name"]
    assert abs((parse_iso(code["used_at"]) - utcnow()).total_seconds()) < 60
    assert iget(stack, teacher, c["id"]).json() == code
    gid = body["group_id"]
    assert isinstance(gid, int) and gid > 0

    # The student is in an individual group of that teacher, for that subject, alone.
    sg = list_groups(stack, student)
    assert [g["id"] for g in sg["results"]] == [gid], sg
    g = sg["results"][0]
    assert_group_shape(g)
    assert g["kind"] == "individual" and g["subject"] == subject, g
    assert g["teacher"] == teacher.brief() and g["students"] == [student.brief()], g
    assert subject in g["name"] and "Орлова" in g["name"], g["name"]
    assert [x["id"] for x in individual_groups(stack, teacher, teacher.id, subject)] == [gid]
    r = api(stack, "GET", f"/api/groups/{gid}/", teacher)
    assert r.status == 200 and r.json()["students"] == [student.brief()], r

    # The code is spent: a second student gets 400 and no group.
    assert_err2(ijoin(stack, second, c["invite_code"], addr), 400)
    assert list_groups(stack, second)["count"] == 0
    assert iget(stack, teacher, c["id"]).json()["used_by"] == student.id

    # A second code of the same teacher and subject reuses the group.
    c2 = new_code(stack, teacher, subject)
    r = ijoin(stack, student, c2["invite_code"], addr)
    assert r.status == 200 and r.json()["group_id"] == gid, r
    assert [x["id"] for x in individual_groups(stack, teacher, teacher.id, subject)] == [gid]
    assert list_groups(stack, student)["count"] == 1
    # Another subject, or another teacher: another group.
    c3 = new_code(stack, teacher, subject + " II")
    r = ijoin(stack, student, c3["invite_code"], addr)
    assert r.status == 200 and r.json()["group_id"] != gid, r
    other_teacher = new_user(stack, "teacher")
    c4 = new_code(stack, other_teacher, subject)
    r = ijoin(stack, student, c4["invite_code"], addr)
    assert r.status == 200 and r.json()["group_id"] not in (gid, body["group_id"]), r
    assert r.json()["teacher"]["id"] == other_teacher.id
    assert list_groups(stack, student)["count"] == 3
    assert len(individual_groups(stack, teacher, teacher.id)) == 2
    assert [x["id"] for x in ilist(stack, student)["results"]] == [c4["id"], c3["id"], c2["id"],
                                                                     c["id"]]


def test_max_uses(stack):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher")
    a, b, c_ = new_user(stack), new_user(stack), new_user(stack)
    subject = "Музыка " + uuid.uuid4().hex[:6]
    code = new_code(stack, teacher, subject, max_uses=2)
    r = ijoin(stack, a, code["invite_code"], addr)
    assert r.status == 200, r
    ga = r.json()["group_id"]
    first = r.json()["code"]
    assert first["is_used"] is False and first.get("use_count", 1) == 1, first
    # The same student twice: 400, and the use is not spent.
    assert_err2(ijoin(stack, a, code["invite_code"], addr), 400)
    r = ijoin(stack, b, code["invite_code"], addr)
    assert r.status == 200, r
    assert r.json()["group_id"] != ga
    after = r.json()["code"]
    assert after["is_used"] is True and after["used_by"] == a.id, after
    assert after.get("use_count", 2) == 2
    assert_err2(ijoin(stack, c_, code["invite_code"], addr), 400)
    assert_err2(ipreview(stack, c_, code["invite_code"], addr), 400)
    assert list_groups(stack, c_)["count"] == 0
    assert len(individual_groups(stack, teacher, teacher.id, subject)) == 2
    for s in (a, b):
        assert [x["id"] for x in ilist(stack, s)["results"]] == [code["id"]]


# -- one namespace ---------------------------------------------------------------------------------

def test_codes_are_unique_across_kinds(stack, admin):
    teacher = new_user(stack, "teacher")

    def make_group(i):
        return create_group(stack, teacher, f"U{i:03d}")

    def make_code(i):
        return new_code(stack, teacher, f"U{i:03d}")

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        groups = list(ex.map(make_group, range(40)))
        codes = list(ex.map(make_code, range(40)))
    seen = [g["invite_code"] for g in groups] + [c["invite_code"] for c in codes]
    for g in groups[:5]:
        r = api(stack, "POST", f"/api/groups/{g['id']}/regenerate_code/", teacher)
        assert r.status == 200, r
        seen.append(r.json()["invite_code"])
    for c in codes[:5]:
        r = api(stack, "POST", BASE + "regenerate/", teacher, json={"id": c["id"]})
        assert r.status == 200, r
        seen.append(r.json()["code"]["invite_code"])
    assert all(CODE_RE.match(x) for x in seen), seen
    assert len(set(seen)) == len(seen) == 90
    # Every code the server holds, of either kind, is distinct from every other.
    current = [g["invite_code"] for g in page_all(stack, admin, "/api/groups/") if g["invite_code"]]
    current += [c["invite_code"] for c in page_all(stack, admin, BASE)]
    assert all(CODE_RE.match(x) for x in current)
    assert len(set(current)) == len(current), "duplicate invite codes"


# -- the race --------------------------------------------------------------------------------------

def race(stack, students, code):
    """Every student POSTs join_by_code for `code` at the same moment; returns their Responses."""
    barrier = threading.Barrier(len(students))
    results = [None] * len(students)
    payload = jsonlib.dumps({"invite_code": code}).encode()

    def go(i):
        conn = http.client.HTTPConnection(stack.host, stack.port, timeout=30)
        try:
            conn.connect()
            barrier.wait(30)
            conn.request("POST", BASE + "join_by_code/", body=payload, headers={
                "Content-Type": "application/json",
                "Authorization": "Bearer " + students[i].token})
            r = conn.getresponse()
            results[i] = Response(r.status, r.reason, r.getheaders(), r.read())
        except Exception as e:  # noqa: BLE001 - reported below
            results[i] = e
        finally:
            conn.close()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(students))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for r in results:
        assert isinstance(r, Response), results
    return results


def test_race_for_a_single_use_code(stack):
    teacher = new_user(stack, "teacher")
    students = new_users(stack, 20)
    subject = "Гонка " + uuid.uuid4().hex[:6]
    c = new_code(stack, teacher, subject)
    results = race(stack, students, c["invite_code"])
    statuses = [r.status for r in results]
    assert sorted(statuses) == [200] + [400] * 19, statuses
    winner = students[statuses.index(200)]
    for r in results:
        if r.status == 400:
            assert_err2(r, 400)
    got = iget(stack, teacher, c["id"]).json()
    assert got["is_used"] is True and got["used_by"] == winner.id, got
    assert got.get("use_count", 1) == 1
    groups = individual_groups(stack, teacher, teacher.id, subject)
    assert len(groups) == 1, groups
    assert groups[0]["students"] == [winner.brief()]
    assert groups[0]["id"] == results[statuses.index(200)].json()["group_id"]
    for s in students:
        if s is not winner:
            assert list_groups(stack, s)["count"] == 0


def test_race_for_a_code_with_three_uses(stack):
    teacher = new_user(stack, "teacher")
    students = new_users(stack, 10)
    subject = "Гонка3 " + uuid.uuid4().hex[:6]
    c = new_code(stack, teacher, subject, max_uses=3)
    results = race(stack, students, c["invite_code"])
    statuses = [r.status for r in results]
    assert sorted(statuses) == [200] * 3 + [400] * 7, statuses
    winners = {students[i].id for i, st in enumerate(statuses) if st == 200}
    got = iget(stack, teacher, c["id"]).json()
    assert got["is_used"] is True and got["used_by"] in winners, got
    assert got.get("use_count", 3) == 3
    groups = individual_groups(stack, teacher, teacher.id, subject)
    assert sorted(g["students"][0]["id"] for g in groups) == sorted(winners), groups
    assert all(len(g["students"]) == 1 for g in groups)
    assert len({r.json()["group_id"] for r in results if r.status == 200}) == 3


# -- the guessing throttle -------------------------------------------------------------------------

def test_unknown_codes_throttle_the_user(stack):
    """10 unknown codes in a minute → the 11th attempt, even with a valid code, is 429. Preview and
    join, individual and group codes all count; valid codes (even used ones) never do."""
    addr = fresh_addr()
    teacher = new_user(stack, "teacher")
    guesser, neighbour, owner_of_used = new_user(stack), new_user(stack), new_user(stack)
    valid = new_code(stack, teacher, max_uses=100)["invite_code"]
    used = new_code(stack, teacher)["invite_code"]
    assert ijoin(stack, owner_of_used, used, addr).status == 200
    group_code = create_group(stack, teacher)["invite_code"]
    guesses = iter(f"ZZZZZZ{a}{b}" for a in "23456789" for b in "23456789")
    lookups = [ipreview, ijoin, gpreview, gjoin]

    for i in range(9):
        assert_err2(lookups[i % 4](stack, guesser, next(guesses), addr), 404)
    # Valid codes in between do not count, not even a used or an expired one.
    for _ in range(5):
        assert ipreview(stack, guesser, valid, addr).status == 200
        assert gpreview(stack, guesser, group_code, addr).status == 200
        assert_err2(ipreview(stack, guesser, used, addr), 400)
    assert ijoin(stack, guesser, valid, addr).status == 200
    assert gjoin(stack, guesser, group_code, addr).status == 200
    assert_err2(ijoin(stack, guesser, used, addr), 400)
    # The 10th unknown code is still answered ...
    assert_err2(ijoin(stack, guesser, next(guesses), addr), 404)
    # ... the 11th attempt is refused, whatever the code and the endpoint.
    for fn, code in ((ipreview, valid), (ijoin, valid), (gpreview, group_code),
                     (gjoin, group_code), (ipreview, UNKNOWN_CODE)):
        assert_throttled(fn(stack, guesser, code, addr))
    # Per user: from another address as well.
    assert_throttled(ipreview(stack, guesser, valid, fresh_addr()))
    # Another user on the same address is not throttled.
    r = ijoin(stack, neighbour, valid, addr)
    assert r.status == 200 and set(r.json()) == JOIN_KEYS, r
    assert_err2(ipreview(stack, neighbour, next(guesses), addr), 404)
    # Teachers' previews count as well.
    taddr = fresh_addr()
    for _ in range(10):
        assert_err2(ipreview(stack, teacher, next(guesses), taddr), 404)
    assert_throttled(ipreview(stack, teacher, valid, taddr))


def test_unknown_codes_throttle_the_address(stack):
    """50 unknown codes from one address in a minute, whoever sends them → that address is 429."""
    addr, elsewhere = fresh_addr(), fresh_addr()
    teacher = new_user(stack, "teacher")
    valid = new_code(stack, teacher, max_uses=100)["invite_code"]
    users = new_users(stack, 7)
    guesses = iter(f"YYYYY{a}{b}{c}" for a in "234" for b in "23456789" for c in "23456789")

    def guess(user, n):
        for i in range(n):
            fn = ipreview if i % 2 else ijoin
            assert_err2(fn(stack, user, next(guesses), addr), 404)

    u1, u2, u3, u4, u5, u6, u7 = users
    guess(u1, 10)                                               # 10
    assert_throttled(ipreview(stack, u1, valid, addr))           # u1 is done (not counted)
    assert ipreview(stack, u2, valid, addr).status == 200
    guess(u2, 9)                                                # 19
    guess(u3, 10)                                               # 29
    guess(u4, 10)                                               # 39
    guess(u5, 10)                                               # 49
    assert ipreview(stack, u6, valid, addr).status == 200        # 49 < 50: still fine
    assert_err2(ipreview(stack, u6, next(guesses), addr), 404)   # 50
    for user in (u6, u7, u2):
        assert_throttled(ipreview(stack, user, valid, addr))
        assert_throttled(ijoin(stack, user, valid, addr))
    # Elsewhere, a user who is not throttled works.
    assert ipreview(stack, u7, valid, elsewhere).status == 200
    r = ijoin(stack, u7, valid, elsewhere)
    assert r.status == 200 and set(r.json()) == JOIN_KEYS, r
    assert_throttled(ipreview(stack, u1, valid, elsewhere))
