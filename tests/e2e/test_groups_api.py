"""Groups through nginx: create, list, read, edit, delete, members, group invite codes (preview,
join, regenerate) and the guessing throttle on group codes (API.md section (b) and Decisions 1, 7,
10, 12, 16).

Every test makes its own users (unique emails). Unknown invite codes count against the user and
the client address (50 a minute), so every request that looks a code up connects from a loopback
source address of its own (127.77.200+.y): the rest of the suite, on 127.0.0.1, is never
throttled. test_invites_api.py imports the helpers below.
"""

import concurrent.futures
import http.client
import itertools
import json as jsonlib
import random
import re
import subprocess
import urllib.parse
import uuid
from dataclasses import dataclass

import pytest

from conftest import REPO, Response, approve_teacher

PW = "Teach1ngPanel"
NOT_PROVIDED = "Authentication credentials were not provided."
CODE_RE = re.compile(r"^[A-HJKMNP-Z2-9]{8}$")
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
THROTTLED = re.compile(r"^Request was throttled\. Expected available in (\d+) seconds\.$")
BRIEF_KEYS = {"id", "email", "first_name", "last_name"}
GROUP_KEYS = {"id", "name", "description", "teacher", "students", "student_count", "invite_code",
              "created_at", "updated_at"}
GROUP_EXTRA_KEYS = {"kind", "subject"}     # Decision 7: a kind; individual groups a subject
PREVIEW_KEYS = {"id", "name", "description", "teacher", "student_count"}
UNKNOWN_CODE = "ZZZZZZZZ"                  # well-formed; the tests below check that it is unknown


# -- helpers (shared with test_invites_api.py) ----------------------------------------------------

@dataclass
class User:
    id: int
    email: str
    role: str
    token: str
    first_name: str = ""
    last_name: str = ""
    middle_name: str = ""

    def brief(self):
        return {"id": self.id, "email": self.email, "first_name": self.first_name,
                "last_name": self.last_name}


def uemail(tag="u"):
    return f"{tag}-{uuid.uuid4().hex[:12]}@example.org"


_addrs = itertools.count(1)


def fresh_addr():
    """A loopback source address no other test uses (its own per-address throttle counter)."""
    n = next(_addrs)
    return f"127.77.{200 + n // 250}.{n % 250 + 1}"


def api(stack, method, path, user=None, json=None, addr=None, data=None, headers=None):
    """One request, as `user` (a User, a raw token or None), optionally from source address addr."""
    h = dict(headers or {})
    if user is not None:
        h["Authorization"] = "Bearer " + (user.token if isinstance(user, User) else user)
    body = None
    if json is not None:
        body = jsonlib.dumps(json).encode()
        h.setdefault("Content-Type", "application/json")
    elif data is not None:
        body = data
        h.setdefault("Content-Type", "application/json")
    conn = http.client.HTTPConnection(stack.host, stack.port, timeout=20,
                                      source_address=(addr, 0) if addr else None)
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return Response(r.status, r.reason, r.getheaders(), r.read())
    finally:
        conn.close()


def sign_in(stack, email, password=PW):
    r = stack.post("/api/jwt/token/", json={"email": email, "password": password})
    assert r.status == 200, r
    return r.json()["access"]


def new_user(stack, role="student", first_name="", last_name="", middle_name="",
             approved=True):
    """Register a student or teacher through the API and sign in; a teacher is approved by an
    admin unless approved=False (teacher_approval is on)."""
    email = uemail(role[0])
    r = stack.post("/api/jwt/register/", json={
        "email": email, "password": PW, "role": role, "first_name": first_name,
        "last_name": last_name, "middle_name": middle_name})
    assert r.status == 201, r
    if role == "teacher" and approved:
        approve_teacher(stack, r.json()["user_id"])
    return User(r.json()["user_id"], email, role, sign_in(stack, email), first_name, last_name,
                middle_name)


def new_users(stack, n, role="student"):
    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        return list(ex.map(lambda _: new_user(stack, role), range(n)))


def new_admin(stack):
    email = uemail("admin")
    p = subprocess.run([str(REPO / "tpanel"), "-c", str(stack.dir / "tpanel.conf"), "user",
                        "create", "--email", email, "--role", "admin"],
                       input=PW + "\n", env=stack.env, cwd=REPO, timeout=60,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert p.returncode == 0, (p.stdout, p.stderr)
    token = sign_in(stack, email)
    r = api(stack, "GET", "/api/me/", token)
    assert r.status == 200 and r.json()["role"] == "admin", r
    return User(r.json()["id"], email, "admin", token)


def assert_err2(r, status):
    """A hand-written error: Decision 12 wants both "detail" and "error", same message."""
    assert r.status == status, r
    assert r.headers["content-type"].startswith("application/json"), r
    body = r.json()
    assert isinstance(body.get("detail"), str) and body["detail"], body
    assert body.get("error") == body["detail"], body
    return body


def assert_detail(r, status, detail=None):
    assert r.status == status, r
    assert r.headers["content-type"].startswith("application/json"), r
    body = r.json()
    assert isinstance(body.get("detail"), str) and body["detail"], body
    if detail is not None:
        assert body["detail"] == detail, body
    return body


def assert_field_400(r, field):
    assert r.status == 400, r
    body = r.json()
    assert isinstance(body, dict) and list(body) == [field], body
    msgs = body[field]
    assert isinstance(msgs, list) and msgs and all(isinstance(m, str) and m for m in msgs), body
    return msgs


def assert_401(r):
    assert r.status == 401, r
    assert r.json() == {"detail": NOT_PROVIDED}, r.json()
    assert r.headers.get("WWW-Authenticate") == 'Bearer realm="api"', r.headers


def assert_throttled(r):
    assert r.status == 429, r
    ra = r.headers.get("Retry-After")
    assert ra is not None and ra.isdigit() and 1 <= int(ra) <= 60, r.headers
    m = THROTTLED.match(r.json().get("detail", ""))
    assert m and int(m.group(1)) == int(ra), (r.json(), ra)


def page_all(stack, user, path):
    """Every item of a paginated list (page_size=500, following the pages)."""
    sep = "&" if "?" in path else "?"
    out, page = [], 1
    while True:
        r = api(stack, "GET", f"{path}{sep}page_size=500&page={page}", user)
        assert r.status == 200, r
        body = r.json()
        out += body["results"]
        if body["next"] is None:
            assert len(out) == body["count"], (len(out), body["count"])
            return out
        page += 1


def create_group(stack, teacher, name=None, **fields):
    r = api(stack, "POST", "/api/groups/", teacher,
            json={"name": name or "Group " + uuid.uuid4().hex[:8], **fields})
    assert r.status == 201, r
    return r.json()


def get_group(stack, user, gid):
    return api(stack, "GET", f"/api/groups/{gid}/", user)


def list_groups(stack, user, query=""):
    r = api(stack, "GET", "/api/groups/" + query, user)
    assert r.status == 200, r
    return r.json()


def member_ids(group):
    return sorted(s["id"] for s in group["students"])


def gpreview(stack, user, code, addr):
    return api(stack, "GET", "/api/groups/preview_by_code/?code=" + urllib.parse.quote(code),
               user, addr=addr)


def gjoin(stack, user, code, addr):
    return api(stack, "POST", "/api/groups/join_by_code/", user, json={"invite_code": code},
               addr=addr)


def assert_group_shape(g):
    assert GROUP_KEYS <= set(g) and set(g) - GROUP_KEYS <= GROUP_EXTRA_KEYS, sorted(g)
    assert isinstance(g["id"], int) and g["id"] > 0
    assert set(g["teacher"]) == BRIEF_KEYS, g["teacher"]
    for s in g["students"]:
        assert set(s) == BRIEF_KEYS, s
    assert g["student_count"] == len(g["students"])
    assert ISO_Z.match(g["created_at"]) and ISO_Z.match(g["updated_at"]), g


@pytest.fixture(scope="module")
def admin(stack):
    return new_admin(stack)


@pytest.fixture(scope="module")
def lone_teacher(stack):
    """A teacher who never gets a group (tests of refused creations share it)."""
    return new_user(stack, "teacher")


@pytest.fixture(scope="module")
def lone_student(stack):
    """A student who never becomes a member of anything."""
    return new_user(stack)


@pytest.fixture(scope="module")
def busy_teacher(stack):
    """A teacher the validation tests give a fresh group each."""
    return new_user(stack, "teacher")


# -- create ----------------------------------------------------------------------------------------

def test_create_group(stack):
    teacher = new_user(stack, "teacher", "Иван", "Петров")
    other = new_user(stack, "teacher")
    s1, s2 = new_user(stack, first_name="Аня", last_name="Ким"), new_user(stack)
    r = api(stack, "POST", "/api/groups/", teacher, json={
        "name": "Алгебра 9Б", "description": "Вторник и четверг", "student_ids": [s1.id, s2.id],
        "teacher_id": other.id})
    assert r.status == 201, r
    assert r.headers["content-type"].startswith("application/json")
    g = r.json()
    assert_group_shape(g)
    assert g["name"] == "Алгебра 9Б" and g["description"] == "Вторник и четверг"
    assert g.get("kind", "group") == "group", g
    # teacher_id in the body is ignored: the owner is the caller.
    assert g["teacher"] == teacher.brief(), g["teacher"]
    assert member_ids(g) == sorted([s1.id, s2.id]) and g["student_count"] == 2
    assert {"id": s1.id, "email": s1.email, "first_name": "Аня",
            "last_name": "Ким"} in g["students"]
    assert CODE_RE.match(g["invite_code"]), g["invite_code"]
    # It reads back the same, and the other teacher neither owns nor sees it.
    again = get_group(stack, teacher, g["id"])
    assert again.status == 200 and again.json() == g, again
    assert get_group(stack, other, g["id"]).status == 404
    assert list_groups(stack, other)["count"] == 0
    # Without description or student_ids: an empty description, no members.
    g2 = create_group(stack, teacher, "Геометрия")
    assert g2["description"] == "" and g2["students"] == [] and g2["student_count"] == 0
    assert CODE_RE.match(g2["invite_code"]) and g2["invite_code"] != g["invite_code"]


def test_create_needs_a_teacher(stack, admin):
    student = new_user(stack)
    before = list_groups(stack, admin)["count"]
    for user in (student, admin):
        r = api(stack, "POST", "/api/groups/", user, json={"name": "Nope " + user.role})
        assert_detail(r, 403)
    assert_401(api(stack, "POST", "/api/groups/", None, json={"name": "Nope anon"}))
    assert list_groups(stack, admin)["count"] == before
    assert list_groups(stack, student)["count"] == 0


@pytest.mark.parametrize("body,field", [
    ({}, "name"),
    ({"name": None}, "name"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "Ж" * 201}, "name"),
    ({"name": 5}, "name"),
    ({"name": ["a"]}, "name"),
    ({"name": "ok", "description": 5}, "description"),
    ({"name": "ok", "student_ids": "x"}, "student_ids"),
    ({"name": "ok", "student_ids": 5}, "student_ids"),
    ({"name": "ok", "student_ids": [1.5]}, "student_ids"),
    ({"name": "ok", "student_ids": ["a"]}, "student_ids"),
    ({"name": "ok", "student_ids": [{"id": 1}]}, "student_ids"),
    ({"name": "ok", "student_ids": "UNKNOWN"}, "student_ids"),
    ({"name": "ok", "student_ids": "TEACHER"}, "student_ids"),
    ({"name": "ok", "student_ids": "STUDENT+TEACHER"}, "student_ids"),
])
def test_create_validation_creates_nothing(stack, lone_teacher, lone_student, body, field):
    teacher, student = lone_teacher, lone_student
    body = dict(body)
    special = {"UNKNOWN": [student.id, 2 ** 40], "TEACHER": [teacher.id],
               "STUDENT+TEACHER": [student.id, teacher.id]}
    if isinstance(body.get("student_ids"), str) and body["student_ids"] in special:
        body["student_ids"] = special[body["student_ids"]]
    msgs = assert_field_400(api(stack, "POST", "/api/groups/", teacher, json=body), field)
    if body.get("student_ids") == [student.id, 2 ** 40]:
        assert str(2 ** 40) in msgs[0], msgs
    assert list_groups(stack, teacher)["count"] == 0
    assert list_groups(stack, student)["count"] == 0


def test_create_name_limits_and_bad_json(stack):
    teacher = new_user(stack, "teacher")
    # 200 characters (400 bytes) are fine: the limit counts characters.
    assert create_group(stack, teacher, "Ж" * 200)["name"] == "Ж" * 200
    r = api(stack, "POST", "/api/groups/", teacher, data=b'{"name": ')
    assert_detail(r, 400)
    r = api(stack, "POST", "/api/groups/", teacher, data=b'["name"]')
    assert_detail(r, 400)
    assert list_groups(stack, teacher)["count"] == 1


# -- list ------------------------------------------------------------------------------------------

def test_list_is_paginated_and_ordered_by_name(stack):
    teacher = new_user(stack, "teacher")
    tag = uuid.uuid4().hex[:6]
    names = [f"{tag} {w}" for w in ("Echo", "Alpha", "Delta", "Charlie", "Bravo")]
    ids = {create_group(stack, teacher, n)["id"]: n for n in names}
    body = list_groups(stack, teacher)
    assert set(body) == {"count", "next", "previous", "results"}, body
    assert body["count"] == 5 and body["next"] is None and body["previous"] is None
    assert [g["name"] for g in body["results"]] == sorted(names)
    assert {g["id"] for g in body["results"]} == set(ids)
    for g in body["results"]:
        assert_group_shape(g)
        assert CODE_RE.match(g["invite_code"]), g

    p1 = list_groups(stack, teacher, "?page_size=2")
    assert p1["count"] == 5 and len(p1["results"]) == 2 and p1["previous"] is None
    assert [g["name"] for g in p1["results"]] == sorted(names)[:2]
    nxt = urllib.parse.urlsplit(p1["next"])
    q = urllib.parse.parse_qs(nxt.query)
    assert nxt.path == "/api/groups/" and q["page"] == ["2"] and q["page_size"] == ["2"], p1["next"]
    p2 = list_groups(stack, teacher, f"?{nxt.query}")
    assert [g["name"] for g in p2["results"]] == sorted(names)[2:4]
    assert p2["previous"] is not None and p2["next"] is not None
    p3 = list_groups(stack, teacher, "?page_size=2&page=3")
    assert [g["name"] for g in p3["results"]] == sorted(names)[4:]
    assert p3["next"] is None and p3["previous"] is not None
    for q in ("?page_size=2&page=4", "?page=2", "?page=0", "?page=abc", "?page=-1"):
        r = api(stack, "GET", "/api/groups/" + q, teacher)
        assert r.status == 404 and r.json() == {"detail": "Invalid page."}, (q, r)
    # A teacher with no groups: an empty first page, and no page 2.
    empty = new_user(stack, "teacher")
    assert list_groups(stack, empty) == {"count": 0, "next": None, "previous": None, "results": []}
    r = api(stack, "GET", "/api/groups/?page=2", empty)
    assert r.status == 404 and r.json() == {"detail": "Invalid page."}, r


def test_page_size_default_100_and_at_most_500(stack):
    teacher = new_user(stack, "teacher")

    def make(i):
        r = api(stack, "POST", "/api/groups/", teacher, json={"name": f"P{i:04d}"})
        assert r.status == 201, r
        return r.json()["invite_code"]

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        codes = list(ex.map(make, range(501)))
    assert len(set(codes)) == 501
    body = list_groups(stack, teacher)
    assert (body["count"], len(body["results"])) == (501, 100)
    body = list_groups(stack, teacher, "?page_size=1000")
    assert body["count"] == 501 and len(body["results"]) == 500
    assert [g["name"] for g in body["results"]] == [f"P{i:04d}" for i in range(500)]
    assert body["next"] is not None
    body = list_groups(stack, teacher, "?page_size=500&page=2")
    assert [g["name"] for g in body["results"]] == ["P0500"] and body["next"] is None
    body = list_groups(stack, teacher, "?page_size=7")
    assert len(body["results"]) == 7


def test_students_see_only_their_groups(stack, admin):
    t1, t2 = new_user(stack, "teacher"), new_user(stack, "teacher")
    s, other = new_user(stack), new_user(stack)
    mine = create_group(stack, t1, "Mine " + uuid.uuid4().hex[:6], student_ids=[s.id])
    create_group(stack, t1, "Not mine " + uuid.uuid4().hex[:6], student_ids=[other.id])
    theirs = create_group(stack, t2, "Theirs " + uuid.uuid4().hex[:6], student_ids=[s.id])
    body = list_groups(stack, s)
    assert body["count"] == 2, body
    got = {g["id"]: g for g in body["results"]}
    assert set(got) == {mine["id"], theirs["id"]}
    # Members do not see the invite code; the owner and admins do.
    for g in got.values():
        assert g.get("invite_code") is None, g
    assert list_groups(stack, t1)["count"] == 2 and list_groups(stack, t2)["count"] == 1
    everything = {g["id"]: g for g in page_all(stack, admin, "/api/groups/")}
    assert everything[mine["id"]]["invite_code"] == mine["invite_code"]
    assert everything[theirs["id"]]["invite_code"] == theirs["invite_code"]
    assert list_groups(stack, new_user(stack))["count"] == 0


# -- read ------------------------------------------------------------------------------------------

def test_read_access(stack, admin):
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    member, outsider = new_user(stack), new_user(stack)
    g = create_group(stack, teacher, student_ids=[member.id])
    gid = g["id"]
    assert get_group(stack, teacher, gid).json() == g
    r = get_group(stack, admin, gid)
    assert r.status == 200 and r.json()["invite_code"] == g["invite_code"], r
    r = get_group(stack, member, gid)
    assert r.status == 200, r
    seen = r.json()
    assert_group_shape(seen)
    assert seen.get("invite_code") is None, seen
    assert {k: v for k, v in seen.items() if k != "invite_code"} == \
        {k: v for k, v in g.items() if k != "invite_code"}
    # Outside the scope: 404, exactly as for an id that does not exist.
    missing = get_group(stack, teacher, 2 ** 40)
    assert_detail(missing, 404)
    for user in (other, outsider):
        r = get_group(stack, user, gid)
        assert r.status == 404 and r.json() == missing.json(), r
        assert g["invite_code"] not in r.text and member.email not in r.text
    assert_401(get_group(stack, None, gid))
    # The alias serves the same object.
    r = api(stack, "GET", f"/schedule/api/groups/{gid}/", teacher)
    assert r.status == 200 and r.json() == g, r
    r = api(stack, "GET", "/schedule/api/groups/", member)
    assert r.status == 200 and [x["id"] for x in r.json()["results"]] == [gid], r


def test_anonymous_gets_401_everywhere(stack):
    teacher = new_user(stack, "teacher")
    g = create_group(stack, teacher, "Anon target")
    gid, code = g["id"], g["invite_code"]
    addr = fresh_addr()
    calls = [
        ("GET", "/api/groups/", None), ("POST", "/api/groups/", {"name": "x"}),
        ("GET", f"/api/groups/{gid}/", None), ("PUT", f"/api/groups/{gid}/", {"name": "x"}),
        ("PATCH", f"/api/groups/{gid}/", {"name": "x"}), ("DELETE", f"/api/groups/{gid}/", None),
        ("POST", f"/api/groups/{gid}/add_students/", {"student_ids": []}),
        ("POST", f"/api/groups/{gid}/remove_students/", {"student_ids": []}),
        ("POST", f"/api/groups/{gid}/regenerate_code/", None),
        ("GET", f"/api/groups/{gid}/students/", None),
        ("GET", f"/api/groups/preview_by_code/?code={code}", None),
        ("POST", "/api/groups/join_by_code/", {"invite_code": code}),
        ("GET", "/schedule/api/groups/", None),
        ("DELETE", f"/schedule/api/groups/{gid}/", None),
    ]
    for method, path, body in calls:
        assert_401(api(stack, method, path, None, json=body, addr=addr))
        # A stale or forged token is no better.
        r = api(stack, method, path, "garbage", json=body, addr=addr)
        assert r.status == 401 and r.json()["code"] == "token_not_valid", (method, path, r)
    assert get_group(stack, teacher, gid).json() == g


# -- edit ------------------------------------------------------------------------------------------

def test_update_put_and_patch(stack):
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    s1, s2, s3 = new_user(stack), new_user(stack), new_user(stack)
    g = create_group(stack, teacher, "Old name", description="Old text", student_ids=[s1.id, s2.id])
    gid = g["id"]

    r = api(stack, "PATCH", f"/api/groups/{gid}/", teacher, json={"name": "New name"})
    assert r.status == 200, r
    p = r.json()
    assert_group_shape(p)
    assert p["name"] == "New name" and p["description"] == "Old text"
    assert member_ids(p) == sorted([s1.id, s2.id]) and p["invite_code"] == g["invite_code"]

    # student_ids replaces the whole member set; teacher_id is ignored.
    r = api(stack, "PATCH", f"/api/groups/{gid}/", teacher,
            json={"student_ids": [s2.id, s3.id], "teacher_id": other.id})
    assert r.status == 200, r
    assert member_ids(r.json()) == sorted([s2.id, s3.id])
    assert r.json()["teacher"]["id"] == teacher.id
    assert list_groups(stack, s1)["count"] == 0 and list_groups(stack, s3)["count"] == 1

    r = api(stack, "PUT", f"/api/groups/{gid}/", teacher,
            json={"name": "Put name", "description": "Put text"})
    assert r.status == 200, r
    p = r.json()
    assert (p["name"], p["description"]) == ("Put name", "Put text")
    assert member_ids(p) == sorted([s2.id, s3.id])          # no student_ids: members kept
    r = api(stack, "PUT", f"/api/groups/{gid}/", teacher, json={"name": "Put 2", "student_ids": []})
    assert r.status == 200 and r.json()["students"] == [] and r.json()["student_count"] == 0, r
    final = get_group(stack, teacher, gid).json()
    assert final["name"] == "Put 2" and final["students"] == []
    assert final["teacher"] == teacher.brief() and final["invite_code"] == g["invite_code"]
    assert get_group(stack, other, gid).status == 404


@pytest.mark.parametrize("method,body,field", [
    ("PATCH", {"name": ""}, "name"),
    ("PATCH", {"name": "  "}, "name"),
    ("PATCH", {"name": "y" * 201}, "name"),
    ("PATCH", {"name": 5}, "name"),
    ("PATCH", {"description": ["x"]}, "description"),
    ("PATCH", {"student_ids": "x"}, "student_ids"),
    ("PATCH", {"student_ids": [1.5]}, "student_ids"),
    ("PATCH", {"student_ids": ["a"]}, "student_ids"),
    ("PATCH", {"student_ids": None}, "student_ids"),
    ("PATCH", {"name": "Changed", "student_ids": "UNKNOWN"}, "student_ids"),
    ("PATCH", {"name": "Changed", "student_ids": "TEACHER"}, "student_ids"),
    ("PUT", {"description": "no name"}, "name"),
    ("PUT", {"name": "Changed", "student_ids": [0]}, "student_ids"),
])
def test_update_validation_changes_nothing(stack, busy_teacher, lone_student, method, body, field):
    teacher, s2 = busy_teacher, lone_student
    s1 = new_user(stack)
    g = create_group(stack, teacher, "Stable", description="Same", student_ids=[s1.id])
    body = dict(body)
    if body.get("student_ids") == "UNKNOWN":
        body["student_ids"] = [s2.id, 2 ** 40]
    elif body.get("student_ids") == "TEACHER":
        body["student_ids"] = [s2.id, teacher.id]
    assert_field_400(api(stack, method, f"/api/groups/{g['id']}/", teacher, json=body), field)
    assert get_group(stack, teacher, g["id"]).json() == g
    assert list_groups(stack, s2)["count"] == 0


def test_update_and_delete_permissions(stack, admin):
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    member, outsider = new_user(stack), new_user(stack)
    g = create_group(stack, teacher, "Guarded", student_ids=[member.id])
    gid = g["id"]
    for method in ("PUT", "PATCH"):
        body = {"name": "Hijacked", "student_ids": [outsider.id]}
        # A member student and an admin: 403 by role.
        for user in (member, admin):
            assert_detail(api(stack, method, f"/api/groups/{gid}/", user, json=body), 403)
        # Another teacher: 404, as for a group that does not exist.
        assert_detail(api(stack, method, f"/api/groups/{gid}/", other, json=body), 404)
        # A student who is not a member learns nothing: the same answer as for no group at all.
        r = api(stack, method, f"/api/groups/{gid}/", outsider, json=body)
        r0 = api(stack, method, f"/api/groups/{2 ** 40}/", outsider, json=body)
        assert r.status in (403, 404) and (r.status, r.json()) == (r0.status, r0.json()), (r, r0)
    for user, status in ((member, 403), (admin, 403), (other, 404)):
        assert_detail(api(stack, "DELETE", f"/api/groups/{gid}/", user), status)
    r = api(stack, "DELETE", f"/api/groups/{gid}/", outsider)
    r0 = api(stack, "DELETE", f"/api/groups/{2 ** 40}/", outsider)
    assert r.status in (403, 404) and (r.status, r.json()) == (r0.status, r0.json()), (r, r0)
    assert get_group(stack, teacher, gid).json() == g
    assert list_groups(stack, outsider)["count"] == 0


def test_delete(stack):
    teacher = new_user(stack, "teacher")
    member = new_user(stack)
    g = create_group(stack, teacher, student_ids=[member.id])
    keep = create_group(stack, teacher)
    r = api(stack, "DELETE", f"/api/groups/{g['id']}/", teacher)
    assert r.status == 204 and r.body == b"", r
    assert_detail(get_group(stack, teacher, g["id"]), 404)
    assert_detail(api(stack, "DELETE", f"/api/groups/{g['id']}/", teacher), 404)
    assert [x["id"] for x in list_groups(stack, teacher)["results"]] == [keep["id"]]
    assert list_groups(stack, member)["count"] == 0
    # Its code is gone with it.
    assert_err2(gpreview(stack, member, g["invite_code"], fresh_addr()), 404)
    # The alias deletes too.
    r = api(stack, "DELETE", f"/schedule/api/groups/{keep['id']}/", teacher)
    assert r.status == 204, r
    assert list_groups(stack, teacher)["count"] == 0


# -- members ---------------------------------------------------------------------------------------

def test_add_and_remove_students(stack):
    teacher, other_teacher = new_user(stack, "teacher"), new_user(stack, "teacher")
    s1, s2, s3 = new_user(stack), new_user(stack), new_user(stack)
    g = create_group(stack, teacher, student_ids=[s1.id])
    gid = g["id"]
    # Unknown and non-student ids are skipped silently; repeats are harmless.
    r = api(stack, "POST", f"/api/groups/{gid}/add_students/", teacher,
            json={"student_ids": [s2.id, 2 ** 40, other_teacher.id, teacher.id, s2.id, s3.id]})
    assert r.status == 200, r
    p = r.json()
    assert_group_shape(p)
    assert member_ids(p) == sorted([s1.id, s2.id, s3.id]) and p["student_count"] == 3
    assert p["invite_code"] == g["invite_code"]
    assert list_groups(stack, s2)["count"] == 1
    # Adding a member again changes nothing.
    r = api(stack, "POST", f"/api/groups/{gid}/add_students/", teacher,
            json={"student_ids": [s1.id]})
    assert r.status == 200 and member_ids(r.json()) == sorted([s1.id, s2.id, s3.id]), r

    r = api(stack, "POST", f"/api/groups/{gid}/remove_students/", teacher,
            json={"student_ids": [s1.id, 2 ** 40, other_teacher.id, s3.id]})
    assert r.status == 200, r
    assert member_ids(r.json()) == [s2.id] and r.json()["student_count"] == 1
    assert list_groups(stack, s1)["count"] == 0
    r = api(stack, "POST", f"/api/groups/{gid}/remove_students/", teacher, json={"student_ids": []})
    assert r.status == 200 and member_ids(r.json()) == [s2.id], r
    assert member_ids(get_group(stack, teacher, gid).json()) == [s2.id]
    # The alias works as well.
    r = api(stack, "POST", f"/schedule/api/groups/{gid}/add_students/", teacher,
            json={"student_ids": [s1.id]})
    assert r.status == 200 and member_ids(r.json()) == sorted([s1.id, s2.id]), r


@pytest.mark.parametrize("action", ["add_students", "remove_students"])
@pytest.mark.parametrize("body", [{}, {"student_ids": "x"}, {"student_ids": 5},
                                  {"student_ids": [1.5]}, {"student_ids": ["a"]},
                                  {"student_ids": None}, {"student_ids": {"0": 1}},
                                  {"student_ids": [True]}])
def test_members_bad_body(stack, busy_teacher, lone_student, action, body):
    teacher, s1 = busy_teacher, lone_student
    g = create_group(stack, teacher)
    if body.get("student_ids") == [1.5]:
        body = {"student_ids": [s1.id, 1.5]}
    assert_field_400(api(stack, "POST", f"/api/groups/{g['id']}/{action}/", teacher, json=body),
                     "student_ids")
    assert get_group(stack, teacher, g["id"]).json() == g
    assert list_groups(stack, s1)["count"] == 0


def test_members_owner_only(stack, admin):
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    member, outsider = new_user(stack), new_user(stack)
    g = create_group(stack, teacher, student_ids=[member.id])
    for action in ("add_students", "remove_students"):
        path = f"/api/groups/{g['id']}/{action}/"
        body = {"student_ids": [member.id, outsider.id]}
        assert_detail(api(stack, "POST", path, member, json=body), 403)
        assert_detail(api(stack, "POST", path, admin, json=body), 403)
        assert_detail(api(stack, "POST", path, other, json=body), 404)
        r = api(stack, "POST", path, outsider, json=body)
        r0 = api(stack, "POST", f"/api/groups/{2 ** 40}/{action}/", outsider, json=body)
        assert r.status in (403, 404) and (r.status, r.json()) == (r0.status, r0.json()), (r, r0)
        r = api(stack, "POST", f"/api/groups/{2 ** 40}/{action}/", teacher, json=body)
        assert_detail(r, 404)
    assert get_group(stack, teacher, g["id"]).json() == g


def test_students_list(stack, admin):
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    s1 = new_user(stack, first_name="Борис", last_name="Акимов")
    s2 = new_user(stack, first_name="Вера", last_name="Яковлева")
    outsider = new_user(stack)
    g = create_group(stack, teacher, student_ids=[s1.id, s2.id])
    path = f"/api/groups/{g['id']}/students/"
    for user in (teacher, s1, s2):
        r = api(stack, "GET", path, user)
        assert r.status == 200, r
        got = r.json()
        assert isinstance(got, list), got
        assert sorted(got, key=lambda u: u["id"]) == sorted([s1.brief(), s2.brief()],
                                                            key=lambda u: u["id"]), got
    for user in (other, outsider):
        r = api(stack, "GET", path, user)
        assert_detail(r, 404)
        assert s1.email not in r.text
    assert_detail(api(stack, "GET", f"/api/groups/{2 ** 40}/students/", teacher), 404)
    r = api(stack, "GET", f"/schedule/api/groups/{g['id']}/students/", s1)
    assert r.status == 200 and len(r.json()) == 2, r
    empty = create_group(stack, teacher)
    r = api(stack, "GET", f"/api/groups/{empty['id']}/students/", teacher)
    assert r.status == 200 and r.json() == [], r


# -- group invite codes ----------------------------------------------------------------------------

def test_preview_by_code(stack):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher", "Ольга", "Смирнова")
    s1, s2 = new_user(stack), new_user(stack)
    g = create_group(stack, teacher, "Химия", description="Для 10 класса",
                     student_ids=[s1.id, s2.id])
    code = g["invite_code"]
    stranger = new_user(stack)
    for user in (stranger, teacher, new_user(stack, "teacher")):
        r = gpreview(stack, user, code, addr)
        assert r.status == 200, r
        p = r.json()
        assert PREVIEW_KEYS <= set(p), p
        assert "students" not in p, p
        assert (p["id"], p["name"], p["description"], p["student_count"]) == \
            (g["id"], "Химия", "Для 10 класса", 2)
        assert p["teacher"] == {"first_name": "Ольга", "last_name": "Смирнова"}, p
        # Nothing in it reveals who the members are.
        for s in (s1, s2):
            assert s.email not in r.text and str(s.id) not in jsonlib.dumps(p.get("students"))
    # Lower case and surrounding spaces are accepted.
    for variant in (code.lower(), f"  {code} ", f" {code.lower()}  ", f"\t{code}"):
        r = gpreview(stack, stranger, variant, addr)
        assert r.status == 200 and r.json()["id"] == g["id"], (variant, r)
    # The alias answers too.
    r = api(stack, "GET", f"/schedule/api/groups/preview_by_code/?code={code}", stranger, addr=addr)
    assert r.status == 200 and r.json()["id"] == g["id"], r


def test_preview_by_code_errors(stack):
    addr = fresh_addr()
    student = new_user(stack)
    for q in ("", "?code=", "?other=ABCDEFGH"):
        r = api(stack, "GET", "/api/groups/preview_by_code/" + q, student, addr=addr)
        assert_err2(r, 400)
    for bad in (UNKNOWN_CODE, "abc", "ABCDEFGH1", "ЖЖЖЖЖЖЖЖ", "AB CD EF"):
        assert_err2(gpreview(stack, student, bad, addr), 404)


def test_blank_group_code_is_missing(stack):
    """The code is trimmed first: a code of spaces is a missing code (400), not an unknown one."""
    addr = fresh_addr()
    student = new_user(stack)
    assert_err2(gpreview(stack, student, "   ", addr), 400)
    assert_err2(gjoin(stack, student, "  \t ", addr), 400)


def test_join_by_code(stack, admin):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher")
    old_member, student, s_lower = new_user(stack), new_user(stack), new_user(stack)
    g = create_group(stack, teacher, "Join me", student_ids=[old_member.id])
    code = g["invite_code"]
    assert list_groups(stack, student)["count"] == 0

    r = gjoin(stack, student, code, addr)
    assert r.status == 200, r
    body = r.json()
    assert set(body) == {"message", "group"}, body
    assert isinstance(body["message"], str) and body["message"]
    assert_group_shape(body["group"])
    assert body["group"]["id"] == g["id"]
    assert member_ids(body["group"]) == sorted([old_member.id, student.id])
    assert body["group"].get("invite_code") is None, body["group"]
    mine = list_groups(stack, student)
    assert [x["id"] for x in mine["results"]] == [g["id"]], mine
    assert get_group(stack, student, g["id"]).status == 200

    # Already a member: 200 with a message and no group.
    for who in (student, old_member):
        r = gjoin(stack, who, code, addr)
        assert r.status == 200, r
        assert set(r.json()) == {"message"} and r.json()["message"], r.json()
    # The code is read the same way as in preview.
    r = gjoin(stack, s_lower, f"  {code.lower()} ", addr)
    assert r.status == 200 and set(r.json()) == {"message", "group"}, r
    final = get_group(stack, teacher, g["id"]).json()
    assert member_ids(final) == sorted([old_member.id, student.id, s_lower.id])
    assert final["student_count"] == 3


def test_join_by_code_errors(stack, admin):
    addr = fresh_addr()
    teacher = new_user(stack, "teacher")
    student = new_user(stack)
    g = create_group(stack, teacher)
    code = g["invite_code"]
    for body in ({}, {"invite_code": ""}, {"invite_code": None}):
        assert_err2(api(stack, "POST", "/api/groups/join_by_code/", student, json=body, addr=addr),
                    400)
    for bad in (5, ["X"], {"code": code}, True):
        r = api(stack, "POST", "/api/groups/join_by_code/", student, json={"invite_code": bad},
                addr=addr)
        assert r.status == 400, (bad, r)
        assert isinstance(r.json(), dict) and r.json(), r
    # Unknown comes before "not a student".
    assert_err2(gjoin(stack, student, UNKNOWN_CODE, addr), 404)
    assert_err2(gjoin(stack, teacher, UNKNOWN_CODE, addr), 404)
    # Teachers and admins cannot join, not even their own group.
    for user in (teacher, new_user(stack, "teacher"), admin):
        assert_err2(gjoin(stack, user, code, addr), 403)
    assert get_group(stack, teacher, g["id"]).json() == g


def test_regenerate_code(stack, admin):
    addr = fresh_addr()
    teacher, other = new_user(stack, "teacher"), new_user(stack, "teacher")
    member, joiner = new_user(stack), new_user(stack)
    g = create_group(stack, teacher, student_ids=[member.id])
    old = g["invite_code"]
    path = f"/api/groups/{g['id']}/regenerate_code/"
    assert_detail(api(stack, "POST", path, member), 403)
    assert_detail(api(stack, "POST", path, admin), 403)
    assert_detail(api(stack, "POST", path, other), 404)
    assert_detail(api(stack, "POST", f"/api/groups/{2 ** 40}/regenerate_code/", teacher), 404)
    assert get_group(stack, teacher, g["id"]).json()["invite_code"] == old

    r = api(stack, "POST", path, teacher)
    assert r.status == 200, r
    body = r.json()
    assert set(body) == {"invite_code", "message"}, body
    new = body["invite_code"]
    assert CODE_RE.match(new) and new != old and body["message"]
    assert get_group(stack, teacher, g["id"]).json()["invite_code"] == new
    # The old code stopped working; the new one works.
    assert_err2(gpreview(stack, joiner, old, addr), 404)
    assert_err2(gjoin(stack, joiner, old, addr), 404)
    assert gpreview(stack, joiner, new, addr).json()["id"] == g["id"]
    r = gjoin(stack, joiner, new, addr)
    assert r.status == 200 and "group" in r.json(), r
    # Once more: yet another code.
    r = api(stack, "POST", f"/schedule/api/groups/{g['id']}/regenerate_code/", teacher)
    assert r.status == 200 and r.json()["invite_code"] not in (old, new), r


def test_group_code_guessing_throttle(stack):
    """10 unknown group codes in a minute (preview and join alike) → the 11th attempt is 429."""
    addr = fresh_addr()
    teacher = new_user(stack, "teacher")
    g = create_group(stack, teacher)
    guesser, neighbour = new_user(stack), new_user(stack)
    # Valid codes never count.
    for _ in range(12):
        assert gpreview(stack, guesser, g["invite_code"], addr).status == 200
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    for i in range(10):
        guess = "".join(random.choice(alphabet) for _ in range(8))
        r = (gpreview if i % 2 else gjoin)(stack, guesser, guess, addr)
        assert_err2(r, 404)
    assert_throttled(gpreview(stack, guesser, g["invite_code"], addr))
    assert_throttled(gjoin(stack, guesser, g["invite_code"], addr))
    assert_throttled(gpreview(stack, guesser, UNKNOWN_CODE, addr))
    # The limit is per user: from another address the guesser is still refused ...
    assert_throttled(gjoin(stack, guesser, g["invite_code"], fresh_addr()))
    assert list_groups(stack, guesser)["count"] == 0
    # ... and another user on the same address is not.
    r = gjoin(stack, neighbour, g["invite_code"], addr)
    assert r.status == 200 and "group" in r.json(), r


@pytest.mark.parametrize("raw", [b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"caf\xc3"])
def test_invalid_utf8_is_400_and_changes_nothing(stack, raw):
    """Bytes that are not UTF-8 (invalid, overlong, a surrogate, cut short) in a JSON string or a
    form value are refused before they reach the database (which would refuse them with a 500)."""
    t = new_user(stack, "teacher")
    body = b'{"name": "G' + raw + b'"}'
    r = api(stack, "POST", "/api/groups/", t, data=body)
    assert r.status == 400 and "name" in r.json(), r
    form = b"name=G" + b"".join(b"%%%02X" % c for c in raw)
    r = api(stack, "POST", "/api/groups/", t, data=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status == 400, r
    r = api(stack, "GET", "/api/groups/?search=" + "".join("%%%02X" % c for c in raw), t)
    assert r.status == 400, r
    assert api(stack, "GET", "/api/groups/", t).json()["count"] == 0
