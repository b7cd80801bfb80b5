"""The authorisation matrix (issue 9): every route of the route table, called as each kind of
caller, on the teacher's own objects and on another teacher's, against the answer the spec
(API.md: Decisions 1 and 13, section 0.1 and the per-endpoint "who" lines) says that caller
must get. The expectations below are written by hand from the spec, never derived from the
route flags or from what the server answers, so the two can disagree.

Callers (the columns of every row, in this order):
    anon      no credentials (pages: a visitor with the sign-in page's CSRF token)
    student   a student in the teacher's group
    ostudent  a student in another teacher's group only
    teacher   the teacher who owns the objects a row's path names
    oteacher  another teacher (the objects of the row are not theirs)
    admin     role admin

Answer classes:
    ok        2xx, or a redirect that is not the sign-in redirect below
    login     a redirect to the sign-in page (/login?next=...): pages, anonymous callers
    401 403 404 400 ...   that exact status

Spec rules the table follows: anonymous -> 401 on the API (Decision 1), the sign-in redirect on
pages; signed in but the wrong role -> 403, checked before the object is looked up (b: "S and
A get 403 by role; another teacher gets 404"); an object outside the caller's list scope -> 404,
not 403 (0.1); seen but not owned -> 403 (c.4 generate_lessons, e DELETE). Pages make the same
role checks as the API ("Proposed for C") and answer 403/404 pages likewise.

Writes send a body that is valid for the caller the spec lets through, so "ok" means the call
did what it says; a row whose body is deliberately not valid for someone expects the documented
4xx (400 for another teacher's lesson in a body, a used invite code). Destructive calls get a
fresh object per caller; lesson starts get a lesson of their own, deleted afterwards.

A route of `tpanel routes` without a row here, or a row whose route is gone, fails
test_every_route_has_a_row: a new route needs its row. The stack is private: lesson starts
are not throttled (10 start routes, 3 a minute per teacher otherwise), the Zoom webhook has a
secret, and mail goes to a relay in this process (verification codes and reset links).
"""

import datetime
import importlib
import json as jsonlib
import re
import subprocess
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import REPO, _teardown
from test_groups_api import PW, User, api, create_group, new_admin, new_user, uemail
from test_pages import csrf_of, location, path_of, set_cookies
from test_reminders import SMTPRelay
from test_webhook import private_stack, sign

CALLERS = ("anon", "student", "ostudent", "teacher", "oteacher", "admin")
SECRET = "whsec_" + uuid.uuid4().hex
RESET_LINK = re.compile(r"https?://[^\s]+/reset-password/([A-Za-z0-9_-]+)/([A-Za-z0-9-]+)")
VERIFY_CODE = re.compile(r"Код подтверждения: (\d{6})")
VERIFY_LINK = re.compile(r"/verify-email/([0-9a-f-]{36})")

# The usual rows, in CALLERS order.
PUBLIC = "ok ok ok ok ok ok"             # anyone (Decision 1's exceptions; Authorization ignored)
ANY = "401 ok ok ok ok ok"               # any signed-in user
T_ONLY = "401 403 403 ok ok 403"         # teachers, each on their own (create)
# The owner teacher. The role is checked first, so a student outside the group gets 403 like
# one inside (b says so for groups; c.2's start-new steps, the original's order, would look the
# lesson up first and give that student 404; either way a student learns nothing of the id).
T_OWNER = "401 403 403 ok 404 403"
IN_SCOPE = "401 ok 404 ok 404 ok"        # G-/L-SCOPE reads: owner, members, admins
A_ONLY = "401 403 403 403 403 ok"        # a.6, d, Decision 13: admins only
TA = "401 403 403 ok ok ok"              # f: teachers or admins
STUDENT_JOINS = "401 ok ok 403 403 403"  # b, e join_by_code: any may call, students join
P_PUBLIC = "ok ok ok ok ok ok"
P_ANY = "login ok ok ok ok ok"
P_T_ONLY = "login 403 403 ok ok 403"
P_T_OWNER = "login 403 403 ok 404 403"
P_IN_SCOPE = "login ok 404 ok 404 ok"
P_S_ONLY = "login ok ok 403 403 403"
P_A_ONLY = "login 403 403 403 403 ok"


@dataclass
class Call:
    """What one call of a row sends: path parameters, body (JSON, or a page's form), query,
    and what to undo after it (given the response)."""
    params: dict = field(default_factory=dict)
    body: object = None
    query: str = ""
    headers: dict = None
    raw: bytes = None       # a body sent as it is (the webhook's signed bytes)
    session: tuple = None   # pages: (cookies, csrf) instead of the caller's own
    cleanup: object = None


@dataclass
class Row:
    method: str
    pattern: str
    expect: str
    prep: object = None     # prep(world, caller) -> Call
    case: str = ""          # which object, when a route has more than one row

    def expected(self):
        cells = self.expect.split()
        assert len(cells) == len(CALLERS), self
        return dict(zip(CALLERS, cells))


# -- the world: users, their objects, fresh objects on demand ------------------------------------

@dataclass
class Caller:
    name: str
    user: User = None       # the API identity (None: anonymous)
    cookies: dict = field(default_factory=dict)
    csrf: str = ""
    gone: bool = False      # deleted or deactivated after signing in


def iso(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


class World:
    SLOT0 = datetime.datetime(2031, 6, 2, 6, 0, tzinfo=datetime.timezone.utc)

    def __init__(self, stack, relay, zoom):
        self.stack, self.relay, self.zoom = stack, relay, zoom
        self.n = 0

    def uniq(self, tag):
        self.n += 1
        return f"{tag} {self.n} {uuid.uuid4().hex[:6]}"

    # -- requests as one of the fixed users

    def ok(self, method, path, user, body=None, expect=(200, 201, 204)):
        r = api(self.stack, method, path, user, json=body)
        assert r.status in expect, (method, path, r)
        return r.json() if r.body else None

    def user(self, who):
        """The caller's user while they can still sign in (None: anonymous or gone)."""
        c = self.callers[who]
        return None if c.gone else c.user

    def own_group(self, who):
        """The group a caller would use for a create: a teacher's own; others name the
        teacher's (the role check comes first)."""
        return self.G2 if who == "oteacher" else self.G

    def others_group(self, who):
        """Another teacher's group, for the rows that put one in the body."""
        return self.G2 if who == "teacher" else self.G

    def signin(self, email, password=PW):
        r = self.stack.post("/api/jwt/token/", json={"email": email, "password": password})
        assert r.status == 200, r
        return r.json()

    def add_caller(self, name, u):
        jar, csrf = self.page_session(u.email)
        self.callers[name] = Caller(name, u, jar, csrf)
        return self.callers[name]

    def page_session(self, email):
        """Cookies and CSRF token of a fresh page sign-in."""
        login = self.stack.get("/login")
        jar = {k: v for k, (v, _) in set_cookies(login).items()}
        r = self.stack.post("/login", data={"email": email, "password": PW,
                                            "csrf_token": csrf_of(login)},
                            headers={"Cookie": cookie_header(jar)})
        assert r.status == 303, r
        jar.update({k: v for k, (v, _) in set_cookies(r).items()})
        assert "tp_session" in jar, r.headers
        prof = self.stack.get("/profile", headers={"Cookie": cookie_header(jar)})
        assert prof.status == 200, prof
        return jar, csrf_of(prof)

    # -- objects, each new

    def slot(self, minutes=60):
        """A time no other lesson of this module uses: (start, end) datetimes."""
        self.n += 1
        start = self.SLOT0 + datetime.timedelta(hours=2 * self.n)
        return start, start + datetime.timedelta(minutes=minutes)

    def group(self, owner=None, students=None):
        owner = owner or self.T
        ids = [s.id for s in (students if students is not None else [self.S])]
        return create_group(self.stack, owner, name=self.uniq("Группа"), student_ids=ids)

    def lesson(self, owner=None, group=None):
        start, end = self.slot()
        return self.ok("POST", "/api/schedule/lessons/", owner or self.T, {
            "title": self.uniq("Урок"), "group": (group or self.G)["id"],
            "start_time": iso(start), "end_time": iso(end)})

    def now_lesson(self):
        """A lesson of the teacher's that may be started now."""
        start = now() - datetime.timedelta(minutes=5)
        return self.ok("POST", "/api/schedule/lessons/", self.T, {
            "title": self.uniq("Сейчас"), "group": self.G["id"], "start_time": iso(start),
            "end_time": iso(start + datetime.timedelta(minutes=35))})

    def drop_lesson(self, lesson_id, owner=None):
        self.ok("DELETE", f"/api/schedule/lessons/{lesson_id}/", owner or self.T,
                expect=(204, 404))

    def record(self):
        les = self.lesson()
        return self.ok("POST", "/api/attendance/", self.T,
                       {"lesson": les["id"], "student": self.S.id, "status": "present"})

    def weekly(self, owner=None, group=None):
        self.n += 1
        return self.ok("POST", "/api/recurring-lessons/", owner or self.T, {
            "title": self.uniq("Еженедельно"), "group_id": (group or self.G)["id"],
            "day_of_week": self.n % 7, "start_time": f"{6 + self.n % 12:02d}:00",
            "end_time": f"{6 + self.n % 12:02d}:45", "start_date": "2031-09-01",
            "end_date": "2031-12-31"})

    def code(self):
        return self.ok("POST", "/api/individual-invite-codes/", self.T,
                       {"subject": self.uniq("Предмет")})

    def used_code(self):
        c = self.code()
        self.ok("POST", "/api/individual-invite-codes/join_by_code/", self.S,
                {"invite_code": c["invite_code"]})
        return c

    def zoom_app(self):
        acc, cid, sec = (f"{t}-{uuid.uuid4().hex[:10]}" for t in ("acc", "cid", "sec"))
        self.zoom.add_app(acc, cid, sec)
        return {"email": uemail("host"), "zoom_account_id": acc, "zoom_client_id": cid,
                "zoom_client_secret": sec}

    def pool_account(self, active=False, max_meetings=1):
        return self.ok("POST", "/api/zoom-pool/", self.A, {
            **self.zoom_app(), "max_concurrent_meetings": max_meetings, "is_active": active})

    def message(self):
        return self.ok("POST", "/accounts/api/admin/status-messages/", self.A,
                       {"message": self.uniq("Сообщение"), "target": "all"})

    def victim(self, role="student"):
        """A new user who never signs in (one password hash, not two): id and email."""
        email = uemail(role[0])
        r = self.ok("POST", "/api/jwt/register/", None, {"email": email, "password": PW,
                                                         "role": role})
        return User(r["user_id"], email, role, "")

    def mail(self, email, rx):
        msgs = self.relay.to(email)
        assert msgs, f"no email to {email}"
        m = rx.search(msgs[-1].get_body(("plain",)).get_content())
        assert m, msgs[-1]
        return m.groups()

    def reset_link(self):
        """(uid, token) of a reset link for a new user."""
        v = self.victim()
        self.ok("POST", "/accounts/api/password-reset/request/", None, {"email": v.email})
        return self.mail(v.email, RESET_LINK)

    def verification(self):
        """(email, code, token) of a new user's verification email."""
        v = self.victim()
        self.ok("POST", "/accounts/api/email/send-verification/", None, {"email": v.email})
        code, = self.mail(v.email, VERIFY_CODE)
        token, = self.mail(v.email, VERIFY_LINK)
        return v.email, code, token


def cookie_header(jar):
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def build_world(stack, relay, zoom):
    w = World(stack, relay, zoom)
    w.T = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    w.T2 = new_user(stack, "teacher", first_name="Олег", last_name="Сидоров")
    w.S, w.S2, w.spare = new_user(stack), new_user(stack), new_user(stack)
    w.A = new_admin(stack)
    w.G = create_group(stack, w.T, name="Группа преподавателя", student_ids=[w.S.id])
    w.G2 = create_group(stack, w.T2, name="Группа другого", student_ids=[w.S2.id])
    w.CG = w.group()                    # its code is only previewed, never regenerated
    w.L = w.lesson()
    w.AT = w.ok("POST", "/api/attendance/", w.T, {"lesson": w.L["id"], "student": w.S.id})
    w.RL = w.weekly()
    w.IC, w.ICR, w.ICP = w.code(), w.code(), w.code()   # renamed / regenerated / previewed
    w.ICU = w.used_code()
    w.PA = w.pool_account(active=True, max_meetings=50)     # what the starts lease
    w.PX, w.PT = w.pool_account(), w.pool_account()         # edited / toggled
    # The teacher's own Zoom app, for the legacy start.
    app = w.zoom_app()
    del app["email"]
    w.ok("PATCH", f"/accounts/api/admin/teachers/{w.T.id}/zoom/", w.A,
         {**app, "zoom_user_id": w.T.email})
    # A notification of the student's: a lesson of a third teacher's about to begin, and the
    # reminder job run by hand.
    t3 = new_user(stack, "teacher")
    soon = now() + datetime.timedelta(minutes=5)
    g3 = create_group(stack, t3, student_ids=[w.S.id])
    w.ok("POST", "/api/schedule/lessons/", t3, {
        "title": "Напоминание", "group": g3["id"], "start_time": iso(soon),
        "end_time": iso(soon + datetime.timedelta(minutes=30))})
    w.TASK = w.ok("POST", "/schedule/api/celery/trigger/send_lesson_reminders/", w.A)
    notes = w.ok("GET", "/api/notifications/", w.S)["results"]
    assert notes, "the reminder job made no notification for the student"
    w.N = notes[0]
    w.refresh = w.signin(w.spare.email)["refresh"]
    w.RESET = w.reset_link()
    w.VERIFY_PENDING = w.verification()[0]
    # The callers, each with a page session of their own.
    login = stack.get("/login")
    w.callers = {"anon": Caller("anon", None, {k: v for k, (v, _) in
                                               set_cookies(login).items()}, csrf_of(login))}
    for name, u in zip(CALLERS[1:], (w.S, w.S2, w.T, w.T2, w.A)):
        w.add_caller(name, u)
    return w


# -- the rows ------------------------------------------------------------------------------------

def ids(**kw):
    """A prep giving the path parameters from the world: ids(id=lambda w: w.G["id"])."""
    return lambda w, who: Call(params={k: f(w) for k, f in kw.items()})


def with_body(params, body):
    """A prep with fixed parameters (from the world) and a body (a dict, or f(w, who))."""
    return lambda w, who: Call(params={k: f(w) for k, f in params.items()},
                               body=body(w, who) if callable(body) else body)


def fresh(make, body=None, key="id"):
    """A prep making a new object per call (make(w) -> its id)."""
    return lambda w, who: Call(params={key: make(w)},
                               body=body(w, who) if callable(body) else body)


def now_lesson_call(body=None):
    """A startable lesson of the teacher's per call, deleted afterwards."""
    def prep(w, who):
        les = w.now_lesson()
        return Call(params={"id": les["id"]}, body=body,
                    cleanup=lambda r: w.drop_lesson(les["id"]))
    return prep


def signup_body(w, who):
    return {"email": uemail("reg"), "password": PW, "role": "student", "first_name": "Новый"}


def spare_credentials(w, who):
    return {"email": w.spare.email, "password": PW}


def refresh_chain(w, who):
    """Refresh: the spare user's latest refresh token; a rotation hands on the new one."""
    def keep(r):
        if r.status == 200:
            w.refresh = r.json()["refresh"]
    return Call(body={"refresh": w.refresh}, cleanup=keep)


def own_refresh(w, who):
    """Logout: the caller's own refresh token from a new sign-in (the caller's access token
    is the usual one, so later rows are not affected)."""
    u = w.user(who) or w.spare
    return {"refresh": w.signin(u.email)["refresh"]}


def group_rows(p):
    G = ids(id=lambda w: w.G["id"])
    return [
        Row("GET", p + "/", ANY),
        Row("POST", p + "/", T_ONLY, lambda w, who: Call(body={"name": w.uniq("Новая")})),
        Row("GET", p + "/preview_by_code/", ANY,
            lambda w, who: Call(query="code=" + w.CG["invite_code"])),
        Row("POST", p + "/join_by_code/", STUDENT_JOINS,
            lambda w, who: Call(body={"invite_code": w.group(students=[])["invite_code"]})),
        Row("GET", p + "/{id}/", IN_SCOPE, G),
        Row("PUT", p + "/{id}/", T_OWNER,
            with_body({"id": lambda w: w.G["id"]}, {"name": "Группа преподавателя"})),
        Row("PATCH", p + "/{id}/", T_OWNER,
            with_body({"id": lambda w: w.G["id"]}, {"description": "Описание"})),
        Row("DELETE", p + "/{id}/", T_OWNER, fresh(lambda w: w.group()["id"])),
        Row("POST", p + "/{id}/add_students/", T_OWNER,
            with_body({"id": lambda w: w.G["id"]}, lambda w, who: {"student_ids": [w.S.id]})),
        Row("POST", p + "/{id}/remove_students/", T_OWNER,
            with_body({"id": lambda w: w.G["id"]},
                      lambda w, who: {"student_ids": [w.spare.id]})),
        Row("POST", p + "/{id}/regenerate_code/", T_OWNER, G),
        Row("GET", p + "/{id}/students/", IN_SCOPE, G),
    ]


def lesson_rows(p):
    L = ids(id=lambda w: w.L["id"])

    def create(w, who):
        start, end = w.slot()
        return Call(body={"title": w.uniq("Урок"), "group": w.own_group(who)["id"],
                          "start_time": iso(start), "end_time": iso(end)})

    def delete_recurring(w, who):
        title = w.uniq("Серия")
        start, end = w.slot()
        w.ok("POST", "/api/schedule/lessons/", w.T, {
            "title": title, "group": w.G["id"], "start_time": iso(start),
            "end_time": iso(end)})
        return Call(body={"title": title, "group_id": w.G["id"]})

    def put(w, who):
        return Call(params={"id": w.L["id"]}, body={
            "title": w.L["title"], "group": w.G["id"], "start_time": w.L["start_time"],
            "end_time": w.L["end_time"]})

    def quick_start(w, who):
        u = w.callers[who].user
        return Call(body={}, cleanup=lambda r: r.status == 201 and
                    w.drop_lesson(r.json()["lesson_id"], u))

    def create_in_others(w, who):
        c = create(w, who)
        c.body["group"] = w.others_group(who)["id"]
        return c

    return [
        Row("GET", p + "/", ANY),
        Row("POST", p + "/", T_ONLY, create),
        # c.1 V-LESSON 5: the caller must own the group, else 400.
        Row("POST", p + "/", "401 403 403 400 400 403", create_in_others,
            case="another teacher's group in the body"),
        Row("GET", p + "/calendar_feed/", ANY,
            lambda w, who: Call(query="start=2031-06-01&end=2031-07-01")),
        # c.2: 404 when nothing of the caller's matches (the other teacher has none there).
        Row("POST", p + "/delete_recurring/", T_OWNER, delete_recurring),
        Row("GET", p + "/{id}/", IN_SCOPE, L),
        Row("PUT", p + "/{id}/", T_OWNER, put),
        Row("PATCH", p + "/{id}/", T_OWNER,
            with_body({"id": lambda w: w.L["id"]}, {"topics": "Темы"})),
        # c.1 Proposed: a lesson never moves to another teacher's group (400).
        Row("PATCH", p + "/{id}/", "401 403 403 400 404 403",
            with_body({"id": lambda w: w.L["id"]}, lambda w, who: {"group": w.G2["id"]}),
            case="to another teacher's group"),
        Row("DELETE", p + "/{id}/", T_OWNER, fresh(lambda w: w.lesson()["id"])),
        Row("POST", p + "/{id}/cancel/", T_OWNER, fresh(lambda w: w.lesson()["id"])),
        Row("POST", p + "/{id}/mark_attendance/", T_OWNER,
            with_body({"id": lambda w: w.L["id"]}, lambda w, who: {
                "attendances": [{"student_id": w.S.id, "status": "present"}]})),
        # c.2 Proposed: 400 on any invalid entry (a student outside the group).
        Row("POST", p + "/{id}/mark_attendance/", "401 403 403 400 404 403",
            with_body({"id": lambda w: w.L["id"]}, lambda w, who: {
                "attendances": [{"student_id": w.S2.id, "status": "present"}]}),
            case="a student of another group"),
        Row("POST", p + "/{id}/add_recording/", T_OWNER,
            with_body({"id": lambda w: w.L["id"]}, {"url": "https://example.org/rec.mp4"})),
        Row("POST", p + "/quick-start/", T_ONLY, quick_start),
        # [nat1] quick-start: group_id must be the caller's own, else 404.
        Row("POST", p + "/quick-start/", "401 403 403 404 404 403",
            lambda w, who: Call(body={"group_id": w.others_group(who)["id"]}),
            case="another teacher's group in the body"),
        Row("POST", p + "/{id}/start/", T_OWNER, now_lesson_call()),
        Row("POST", p + "/{id}/start-new/", T_OWNER, now_lesson_call({})),
        Row("POST", p + "/{id}/end/", T_OWNER, now_lesson_call({})),
    ]


def attendance_rows(p):
    def create(w, who):
        les = w.lesson()
        return Call(body={"lesson": les["id"], "student": w.S.id, "status": "present"})

    return [
        Row("GET", p + "/", ANY),
        # c.5: a teacher keeps records of their own lessons; another teacher's lesson in the
        # body is a field error (as a group in c.1's create), not the path's 404.
        Row("POST", p + "/", "401 403 403 ok 400 403", create),
        Row("GET", p + "/{id}/", IN_SCOPE, ids(id=lambda w: w.AT["id"])),
        Row("PUT", p + "/{id}/", T_OWNER, lambda w, who: Call(
            params={"id": w.AT["id"]},
            body={"lesson": w.L["id"], "student": w.S.id, "status": "present"})),
        Row("PATCH", p + "/{id}/", T_OWNER,
            with_body({"id": lambda w: w.AT["id"]}, {"status": "excused"})),
        Row("DELETE", p + "/{id}/", T_OWNER, fresh(lambda w: w.record()["id"])),
    ]


def recurring_rows(p):
    # c.4 Proposed: writes are the owner teacher's; who sees the object and is not its owner
    # gets 403, who does not see it 404 (the routes are open to any signed-in user).
    SEEN_OWNER = "401 403 404 ok 404 403"

    def create(w, who):
        return Call(body={
            "title": w.uniq("Еженедельно"), "group_id": w.own_group(who)["id"],
            "day_of_week": 2, "start_time": "07:00", "end_time": "07:30",
            "start_date": "2032-01-01", "end_date": "2032-02-01"})

    def create_in_others(w, who):
        c = create(w, who)
        c.body["group_id"] = w.others_group(who)["id"]
        return c

    def put(w, who):
        rl = w.RL
        return Call(params={"id": rl["id"]}, body={
            k: rl[k] for k in ("title", "day_of_week", "week_type", "start_time", "end_time",
                               "start_date", "end_date", "topics", "location")} |
            {"group_id": w.G["id"]})

    return [
        Row("GET", p + "/", ANY),
        Row("POST", p + "/", T_ONLY, create),
        # c.4: the caller must own the group, else 400.
        Row("POST", p + "/", "401 403 403 400 400 403", create_in_others,
            case="another teacher's group in the body"),
        Row("GET", p + "/{id}/", IN_SCOPE, ids(id=lambda w: w.RL["id"])),
        Row("PUT", p + "/{id}/", SEEN_OWNER, put),
        Row("PATCH", p + "/{id}/", SEEN_OWNER,
            with_body({"id": lambda w: w.RL["id"]}, {"topics": "Темы"})),
        Row("PATCH", p + "/{id}/", "401 403 404 400 404 403",
            with_body({"id": lambda w: w.RL["id"]}, lambda w, who: {"group_id": w.G2["id"]}),
            case="to another teacher's group"),
        Row("DELETE", p + "/{id}/", SEEN_OWNER, fresh(lambda w: w.weekly()["id"])),
        Row("POST", p + "/{id}/generate_lessons/", SEEN_OWNER,
            with_body({"id": lambda w: w.RL["id"]},
                      {"until_date": "2031-10-31", "start_date": "2031-09-01",
                       "dry_run": True})),
    ]


def invite_rows():
    B = "/api/individual-invite-codes/"
    return [
        Row("GET", B, ANY),
        Row("POST", B, T_ONLY, lambda w, who: Call(body={"subject": w.uniq("Предмет")})),
        # e: 403 for a non-teacher, 404 when the code is not the caller's.
        Row("POST", B + "regenerate/", T_OWNER, lambda w, who: Call(body={"id": w.ICR["id"]})),
        Row("GET", B + "preview_by_code/", ANY,
            lambda w, who: Call(query="code=" + w.ICP["invite_code"])),
        Row("POST", B + "join_by_code/", STUDENT_JOINS,
            lambda w, who: Call(body={"invite_code": w.code()["invite_code"]})),
        # Scope: the teacher's own codes, the codes a student redeemed, all for admins.
        Row("GET", B + "{id}/", "401 404 404 ok 404 ok", ids(id=lambda w: w.IC["id"]),
            case="unused"),
        Row("GET", B + "{id}/", IN_SCOPE, ids(id=lambda w: w.ICU["id"]),
            case="used by the student"),
        # Renaming: the owner teacher only, while unused (e, Proposed).
        Row("PUT", B + "{id}/", "401 404 404 ok 404 403",
            with_body({"id": lambda w: w.IC["id"]}, {"subject": "Алгебра"}), case="unused"),
        Row("PUT", B + "{id}/", "401 403 404 400 404 403",
            with_body({"id": lambda w: w.ICU["id"]}, {"subject": "Алгебра"}),
            case="used by the student"),
        Row("PATCH", B + "{id}/", "401 404 404 ok 404 403",
            with_body({"id": lambda w: w.IC["id"]}, {"subject": "Геометрия"}), case="unused"),
        Row("PATCH", B + "{id}/", "401 403 404 400 404 403",
            with_body({"id": lambda w: w.ICU["id"]}, {"subject": "Геометрия"}),
            case="used by the student"),
        # Deleting: the owner teacher or an admin; 403 for others in scope; 400 once used.
        Row("DELETE", B + "{id}/", "401 404 404 ok 404 ok", fresh(lambda w: w.code()["id"]),
            case="unused"),
        Row("DELETE", B + "{id}/", "401 403 404 400 404 400",
            fresh(lambda w: w.used_code()["id"]), case="used by the student"),
    ]


def api_rows():
    rows = [
        # f, Decision 17: health, the benchmark ceiling, metrics for loopback clients (no
        # metrics token configured), and the API's own description.
        Row("GET", "/api/ping/", PUBLIC),
        Row("GET", "/api/health/", PUBLIC),
        Row("GET", "/metrics", PUBLIC),
        Row("GET", "/api/schema/", PUBLIC),
        # a.1, a.2: registration and tokens are open; a caller's own Authorization header is
        # ignored (0.2 Proposed).
        *(Row("POST", p, PUBLIC, lambda w, who: Call(body=signup_body(w, who)))
          for p in ("/api/jwt/register/", "/accounts/jwt/register/")),
        *(Row("POST", p, PUBLIC, lambda w, who: Call(body=spare_credentials(w, who)))
          for p in ("/api/jwt/token/", "/api/jwt/create/", "/api/jwt/token-ci/",
                    "/api/jwt/token-direct/")),
        Row("POST", "/api/jwt/refresh/", PUBLIC, refresh_chain),
        Row("POST", "/api/jwt/verify/", PUBLIC, lambda w, who: Call(body={"token": w.spare.token})),
        Row("POST", "/api/jwt/logout/", ANY, lambda w, who: Call(body=own_refresh(w, who))),
        # a.5: verification and reset, all anonymous.
        *(Row("POST", "/accounts/api/email/" + p, PUBLIC,
              lambda w, who: Call(body={"email": w.victim().email}))
          for p in ("send-verification/", "resend-verification/")),
        Row("POST", "/accounts/api/email/verify-code/", PUBLIC,
            lambda w, who: Call(body=dict(zip(("email", "code"), w.verification()[:2])))),
        Row("GET", "/accounts/api/email/verify-token/{token}/", PUBLIC,
            lambda w, who: Call(params={"token": w.verification()[2]})),
        Row("POST", "/accounts/api/email/check-status/", PUBLIC,
            lambda w, who: Call(body={"email": w.VERIFY_PENDING})),
        Row("POST", "/accounts/api/password-reset/request/", PUBLIC,
            lambda w, who: Call(body={"email": uemail("nobody")})),
        Row("GET", "/accounts/api/password-reset/validate/{uid}/{token}/", PUBLIC,
            lambda w, who: Call(params=dict(zip(("uid", "token"), w.RESET)))),
        Row("POST", "/accounts/api/password-reset/confirm/", PUBLIC, lambda w, who: Call(
            body=dict(zip(("uid", "token"), w.reset_link())) | {"password": "N3wPassword"})),
        # a.3: the caller's own profile and password (changed to itself: nothing moves).
        *(Row(m, p, ANY, lambda w, who: Call(body={"agreed_to_marketing": False}))
          if m != "GET" else Row(m, p, ANY)
          for p in ("/api/me/", "/accounts/api/me/") for m in ("GET", "PUT", "PATCH")),
        *(Row("POST", p, ANY, lambda w, who: Call(body={"old_password": PW, "new_password": PW}))
          for p in ("/accounts/api/change-password/",)),
        # Decision 17: the caller's calendar feed; the feed itself needs only its key.
        Row("GET", "/api/me/calendar-feed/", ANY),
        Row("POST", "/api/me/calendar-feed/reset/", ANY, lambda w, who: Call(body={})),
    ]
    for p in ("/api/groups", "/schedule/api/groups"):
        rows += group_rows(p)
    for p in ("/api/schedule/lessons", "/schedule/api/lessons"):
        rows += lesson_rows(p)
    for p in ("/api/attendance", "/schedule/api/attendance"):
        rows += attendance_rows(p)
    for p in ("/api/recurring-lessons", "/schedule/api/recurring-lessons"):
        rows += recurring_rows(p)
    rows += invite_rows()
    N = "/api/notifications/"
    rows += [
        # The caller's own notifications: someone else's is outside every scope (404).
        Row("GET", N, ANY),
        Row("POST", N + "read_all/", ANY, lambda w, who: Call(body={})),
        Row("POST", N + "{id}/read/", "401 ok 404 404 404 404",
            lambda w, who: Call(params={"id": w.N["id"]}, body={})),
        # f: the periodic jobs.
        Row("GET", "/schedule/api/celery/metrics/", TA),
        Row("POST", "/schedule/api/celery/trigger/{task_name}/", A_ONLY,
            lambda w, who: Call(params={"task_name": "release_finished_zoom_accounts"})),
        Row("GET", "/schedule/api/celery/status/{id}/", TA,
            ids(id=lambda w: w.TASK["task_id"])),
        # c.6 Proposed: Zoom's signature is the only credential; without it 401 for everyone.
        Row("POST", "/schedule/webhook/zoom/", PUBLIC, webhook_call(signed=True),
            case="signed"),
        Row("POST", "/schedule/webhook/zoom/", "401 401 401 401 401 401",
            webhook_call(signed=False), case="unsigned"),
    ]
    ADM = "/accounts/api/admin/"
    rows += [
        # Decision 17 and a.6: administration.
        Row("GET", "/api/audit-log/", A_ONLY),
        Row("GET", ADM + "stats/", A_ONLY),
        Row("POST", ADM + "create-teacher/", A_ONLY, lambda w, who: Call(body={
            "email": uemail("ct"), "password": PW, "first_name": "Иван",
            "last_name": "Иванов"})),
        *(Row("POST", p, A_ONLY, lambda w, who: Call(body={
            "email": uemail("cs"), "password": PW, "first_name": "Пётр",
            "last_name": "Петров"}))
          for p in (ADM + "create-student/",)),
        Row("DELETE", ADM + "teachers/{id}/delete/", A_ONLY,
            fresh(lambda w: w.victim("teacher").id)),
        Row("GET", ADM + "students/", A_ONLY),
        Row("PATCH", ADM + "students/{id}/update/", A_ONLY,
            with_body({"id": lambda w: w.spare.id}, {"first_name": "Запасной"})),
        Row("DELETE", ADM + "students/{id}/delete/", A_ONLY, fresh(lambda w: w.victim().id)),
        # a.6: every user reads the messages for their audience; admins write them.
        Row("GET", ADM + "status-messages/", ANY),
        Row("POST", ADM + "status-messages/", A_ONLY,
            lambda w, who: Call(body={"message": w.uniq("Сообщение"), "target": "all"})),
        Row("DELETE", ADM + "status-messages/{id}/", A_ONLY,
            fresh(lambda w: w.message()["id"])),
        Row("GET", "/accounts/api/status-messages/", ANY),
        Row("GET", ADM + "settings/", A_ONLY),
        Row("PUT", ADM + "settings/", A_ONLY, lambda w, who: Call(body={"platform_name": "Школа"})),
        Row("PATCH", ADM + "settings/", A_ONLY,
            lambda w, who: Call(body={"platform_name": "Школа"})),
        # a.3 Proposed: the users the caller shares a group with.
        Row("GET", "/accounts/api/users/", ANY),
    ]
    POOL = "/api/zoom-pool/"
    PX = {"id": lambda w: w.PX["id"]}
    rows += [
        # d, Decision 13: admins only, stats included; teachers 403.
        Row("GET", POOL, A_ONLY),
        Row("POST", POOL, A_ONLY, lambda w, who: Call(body={**w.zoom_app(),
                                                           "is_active": False})),
        Row("GET", POOL + "stats/", A_ONLY),
        Row("GET", POOL + "{id}/", A_ONLY, ids(**PX)),
        Row("PUT", POOL + "{id}/", A_ONLY, lambda w, who: Call(params={"id": w.PX["id"]}, body={
            k: w.PX[k] for k in ("email", "zoom_account_id", "zoom_client_id", "zoom_user_id",
                                 "max_concurrent_meetings", "is_active")})),
        Row("PATCH", POOL + "{id}/", A_ONLY, with_body(PX, {"max_concurrent_meetings": 1})),
        Row("DELETE", POOL + "{id}/", A_ONLY, fresh(lambda w: w.pool_account()["id"])),
        Row("POST", POOL + "{id}/toggle_active/", A_ONLY,
            with_body({"id": lambda w: w.PT["id"]}, {})),
        Row("POST", POOL + "{id}/release/", A_ONLY, with_body(PX, {})),
        # a.6: the teachers' own Zoom apps, admins only.
        Row("GET", ADM + "teachers/", A_ONLY),
        Row("PATCH", ADM + "teachers/{id}/zoom/", A_ONLY, with_body(
            {"id": lambda w: w.T.id}, lambda w, who: {"zoom_user_id": w.T.email})),
    ]
    return rows


def webhook_call(signed):
    def prep(w, who):
        body = jsonlib.dumps({"event": "endpoint.url_validation", "event_ts": 1,
                              "payload": {"plainToken": "tok-" + uuid.uuid4().hex}}).encode()
        h = {"Content-Type": "application/json"}
        if signed:
            h.update(sign(body, secret=SECRET))
        return Call(raw=body, headers=h)
    return prep


def page_rows():
    G = ids(id=lambda w: w.G["id"])
    L = ids(id=lambda w: w.L["id"])

    def lesson_form(w, who, start=None, end=None, title=None, group=None):
        if start is None:
            start, end = w.slot()
        return {"title": title or w.uniq("Урок"), "group": (group or w.own_group(who))["id"],
                "date": start.strftime("%Y-%m-%d"), "start": start.strftime("%H:%M"),
                "end": end.strftime("%H:%M"), "topics": "", "location": "", "notes": ""}

    def lesson_edit(w, who):
        start = datetime.datetime.fromisoformat(w.L["start_time"].replace("Z", "+00:00"))
        end = datetime.datetime.fromisoformat(w.L["end_time"].replace("Z", "+00:00"))
        return Call(params={"id": w.L["id"]},
                    body=lesson_form(w, who, start, end, w.L["title"], w.G))

    def weekly_form(w, who, rl=None):
        rl = rl or {"title": w.uniq("Еженедельно"), "day_of_week": 3, "week_type": "ALL",
                    "start_time": "08:00", "end_time": "08:30", "start_date": "2032-03-01",
                    "end_date": "2032-04-01", "topics": "", "location": ""}
        return {**{k: str(rl[k]) for k in ("title", "day_of_week", "week_type", "start_time",
                                           "end_time", "start_date", "end_date", "topics",
                                           "location")},
                "group_id": w.own_group(who)["id"] if rl.get("id") is None else w.G["id"]}

    def pool_form(w, who, acc=None):
        f = acc or w.zoom_app()
        return {k: str(f.get(k, "")) for k in ("email", "zoom_account_id", "zoom_client_id",
                                               "zoom_client_secret", "zoom_user_id")} | \
            {"max_concurrent_meetings": "1"}

    def reset_post(w, who):
        uid, token = w.reset_link()
        return Call(params={"uid": uid, "token": token},
                    body={"password": "N3wPassword", "password2": "N3wPassword"})

    def profile(w, who):
        u = w.user(who) or w.spare
        return Call(body={"first_name": u.first_name, "last_name": u.last_name,
                          "middle_name": u.middle_name, "date_of_birth": ""})

    def logout(w, who):
        """A session of its own, so the caller's stays signed in."""
        u = w.user(who)
        if u is None:
            return Call(body={})
        return Call(body={}, session=w.page_session(u.email))

    def group_member_removal(w, who):
        g = w.group()
        return Call(params={"id": g["id"]}, body={"student_id": str(w.S.id)})

    return [
        Row("GET", "/api/docs/", P_PUBLIC),
        # Decision 15: "/" is the sign-in page, or the caller's dashboard.
        Row("GET", "/", P_PUBLIC),
        Row("GET", "/login", P_PUBLIC),
        Row("POST", "/login", P_PUBLIC, lambda w, who: Call(body=spare_credentials(w, who))),
        Row("GET", "/register", P_PUBLIC),
        Row("POST", "/register", P_PUBLIC, lambda w, who: Call(body={
            **signup_body(w, who), "password2": PW, "last_name": "Новиков"})),
        Row("GET", "/password-reset", P_PUBLIC),
        Row("POST", "/password-reset", P_PUBLIC,
            lambda w, who: Call(body={"email": uemail("nobody")})),
        Row("GET", "/reset-password/{uid}/{token}", P_PUBLIC,
            lambda w, who: Call(params=dict(zip(("uid", "token"), w.RESET)))),
        Row("POST", "/reset-password/{uid}/{token}", P_PUBLIC, reset_post),
        # The feed needs no sign-in: its key is the credential (Decision 17), a dead key 404.
        Row("GET", "/calendar/{key}.ics", P_PUBLIC, lambda w, who: Call(params={
            "key": feed_key(w)}), case="the teacher's key"),
        Row("GET", "/calendar/{key}.ics", "404 404 404 404 404 404", lambda w, who: Call(
            params={"key": "0" * len(feed_key(w))}), case="an unknown key"),
        Row("GET", "/logout", P_PUBLIC),
        Row("POST", "/logout", P_ANY, logout),
        Row("GET", "/profile", P_ANY),
        Row("POST", "/profile", P_ANY, profile),
        Row("POST", "/profile/password", P_ANY, lambda w, who: Call(body={
            "old_password": PW, "new_password": PW, "new_password2": PW})),
        # The dashboards: each role's own ("the same role checks as the API").
        Row("GET", "/teacher/", P_T_ONLY),
        Row("GET", "/student/", P_S_ONLY),
        Row("GET", "/admin/", P_A_ONLY),
        Row("GET", "/admin/users", P_A_ONLY),
        Row("POST", "/admin/users/{id}/role", P_A_ONLY,
            with_body({"id": lambda w: w.spare.id}, {"role": "student"})),
        Row("POST", "/admin/users/{id}/active", P_A_ONLY,
            with_body({"id": lambda w: w.spare.id}, {"active": "1"})),
        Row("POST", "/admin/users/{id}/password", P_A_ONLY,
            fresh(lambda w: w.victim().id, {})),
        Row("GET", "/admin/audit", P_A_ONLY),
        Row("GET", "/admin/pool", P_A_ONLY),
        Row("POST", "/admin/pool", P_A_ONLY, lambda w, who: Call(body=pool_form(w, who))),
        Row("GET", "/admin/pool/{id}", P_A_ONLY, ids(id=lambda w: w.PX["id"])),
        Row("POST", "/admin/pool/{id}", P_A_ONLY, lambda w, who: Call(
            params={"id": w.PX["id"]}, body=pool_form(w, who, w.PX))),
        Row("POST", "/admin/pool/{id}/toggle", P_A_ONLY,
            with_body({"id": lambda w: w.PT["id"]}, {})),
        Row("POST", "/admin/pool/{id}/release", P_A_ONLY,
            with_body({"id": lambda w: w.PX["id"]}, {})),
        Row("POST", "/admin/pool/{id}/delete", P_A_ONLY,
            fresh(lambda w: w.pool_account()["id"], {})),
        Row("POST", "/lessons/{id}/start", P_T_OWNER, now_lesson_call({})),
        # The host link of the API's zoom_start_url: a meeting's fresh start link, or the
        # lesson's page without one (both a redirect: "ok").
        Row("GET", "/lessons/{id}/start", P_T_OWNER, now_lesson_call()),
        # Groups and codes: the teacher's tools; another teacher's group is not found.
        Row("GET", "/groups", P_T_ONLY),
        Row("POST", "/groups", P_T_ONLY, lambda w, who: Call(body={"name": w.uniq("Новая")})),
        Row("GET", "/groups/{id}", P_T_OWNER, G),
        Row("POST", "/groups/{id}", P_T_OWNER,
            with_body({"id": lambda w: w.G["id"]}, {"name": "Группа преподавателя"})),
        Row("POST", "/groups/{id}/add", P_T_OWNER, lambda w, who: Call(
            params={"id": w.group(students=[])["id"]}, body={"email": w.S.email})),
        Row("POST", "/groups/{id}/remove", P_T_OWNER, group_member_removal),
        Row("POST", "/groups/{id}/code", P_T_OWNER, with_body({"id": lambda w: w.G["id"]}, {})),
        Row("POST", "/groups/{id}/delete", P_T_OWNER, fresh(lambda w: w.group()["id"], {})),
        Row("GET", "/invites", P_T_ONLY),
        Row("POST", "/invites", P_T_ONLY,
            lambda w, who: Call(body={"subject": w.uniq("Предмет")})),
        Row("POST", "/invites/{id}/code", P_T_OWNER,
            with_body({"id": lambda w: w.ICR["id"]}, {})),
        Row("POST", "/invites/{id}/delete", P_T_OWNER, fresh(lambda w: w.code()["id"], {})),
        Row("GET", "/recurring", P_T_ONLY),
        Row("POST", "/recurring", P_T_ONLY, lambda w, who: Call(body=weekly_form(w, who))),
        Row("POST", "/recurring", "login 403 403 400 400 403", lambda w, who: Call(
            body=weekly_form(w, who) | {"group_id": w.others_group(who)["id"]}),
            case="another teacher's group in the form"),
        Row("GET", "/recurring/{id}", P_T_OWNER, ids(id=lambda w: w.RL["id"])),
        Row("POST", "/recurring/{id}", P_T_OWNER, lambda w, who: Call(
            params={"id": w.RL["id"]}, body=weekly_form(w, who, w.RL))),
        Row("POST", "/recurring/{id}/delete", P_T_OWNER, fresh(lambda w: w.weekly()["id"], {})),
        Row("POST", "/recurring/{id}/generate", P_T_OWNER, with_body(
            {"id": lambda w: w.RL["id"]},
            {"start_date": "2031-09-01", "until_date": "2031-10-31", "dry_run": "1"})),
        # Joining by code: students.
        Row("GET", "/join", P_S_ONLY),
        Row("POST", "/join", P_S_ONLY,
            lambda w, who: Call(body={"code": w.group(students=[])["invite_code"]})),
        # Lessons: the teacher's list and forms; the lesson page for its teacher, its group's
        # students and admins.
        Row("GET", "/lessons", P_T_ONLY),
        Row("POST", "/lessons", P_T_ONLY, lambda w, who: Call(body=lesson_form(w, who))),
        Row("POST", "/lessons", "login 403 403 400 400 403", lambda w, who: Call(
            body=lesson_form(w, who, group=w.others_group(who))),
            case="another teacher's group in the form"),
        Row("GET", "/lessons/new", P_T_ONLY),
        Row("GET", "/lessons/{id}", P_IN_SCOPE, L),
        Row("GET", "/lessons/{id}/edit", P_T_OWNER, L),
        Row("POST", "/lessons/{id}/edit", P_T_OWNER, lesson_edit),
        Row("POST", "/lessons/{id}/delete", P_T_OWNER, fresh(lambda w: w.lesson()["id"], {})),
        Row("POST", "/lessons/{id}/cancel", P_T_OWNER, fresh(lambda w: w.lesson()["id"], {})),
        Row("POST", "/lessons/{id}/attendance", P_T_OWNER,
            with_body({"id": lambda w: w.L["id"]}, {"all": "present"})),
        # The calendar: the same callers as the lesson list (c.3).
        Row("GET", "/calendar", P_ANY),
        Row("GET", "/calendar/week", P_ANY),
        Row("GET", "/calendar/day", P_ANY),
        Row("GET", "/notifications", P_ANY),
        Row("POST", "/notifications/read_all", P_ANY, lambda w, who: Call(body={})),
        Row("POST", "/notifications/{id}/read", "login ok 404 404 404 404",
            lambda w, who: Call(params={"id": w.N["id"]}, body={})),
    ]


def feed_key(w):
    """The teacher's current feed key (a row may have reset it)."""
    url = w.ok("GET", "/api/me/calendar-feed/", w.T)["url"]
    return re.search(r"/calendar/([^/]+)\.ics$", url).group(1)


ROWS = api_rows() + page_rows()
# Each module of phases 2 and 3 keeps its rows in tests/e2e/authz_<module>.py: a function rows()
# returning [Row], importing Row, Call, World's helpers and the usual rows from this module.
for _m in sorted(p.stem for p in Path(__file__).parent.glob("authz_*.py")):
    ROWS += importlib.import_module(_m).rows()


# -- running a row -------------------------------------------------------------------------------

def route_table():
    """{(METHOD, PATTERN): flags} from `tpanel routes`."""
    p = subprocess.run([str(REPO / "tpanel"), "routes"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    out = {}
    for line in p.stdout.splitlines():
        method, pattern, flags = line.split("\t")
        if method != "ALIAS":   # a prefix alias reaches a route's row (test_frontend_calls.py)
            out[(method, pattern)] = set(flags.split(","))
    assert len(out) > 100, p.stdout
    return out


def fill(pattern, params):
    path = pattern
    for k, v in params.items():
        path = path.replace("{" + k + "}", urllib.parse.quote(str(v), safe=""))
    assert "{" not in path, (pattern, params)
    return path


def classify(r):
    if 300 <= r.status < 400:
        loc = path_of(location(r))
        return "login" if loc.startswith("/login?next=") else "ok"
    return "ok" if 200 <= r.status < 300 else str(r.status)


def call(w, row, who, page):
    c = (row.prep or (lambda w, who: Call()))(w, who)
    path = fill(row.pattern, c.params) + ("?" + c.query if c.query else "")
    caller = w.callers[who]
    headers = dict(c.headers or {})
    if page:
        jar, csrf = c.session or (caller.cookies, caller.csrf)
        headers["Cookie"] = cookie_header(jar)
        data = None
        if row.method != "GET":
            data = {**(c.body or {}), "csrf_token": csrf}
        r = w.stack.request(row.method, path, data=data, headers=headers)
    elif c.raw is not None:
        if caller.user is not None:
            headers["Authorization"] = "Bearer " + caller.user.token
        r = w.stack.request(row.method, path, body=c.raw, headers=headers)
    else:
        body = c.body
        if body is None and row.method in ("POST", "PUT", "PATCH"):
            body = {}
        r = api(w.stack, row.method, path, caller.user, json=body, headers=headers)
    if c.cleanup is not None:
        c.cleanup(r)
    return path, r


# -- fixtures and tests --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def relay():
    r = SMTPRelay()
    yield r
    r.close()


@pytest.fixture(scope="module")
def mstack(request, relay, fakezoom):
    st = private_stack(fakezoom, TPANEL_ZOOM_WEBHOOK_SECRET=SECRET,
                       TPANEL_SMTP_URL=f"smtp://127.0.0.1:{relay.port}",
                       TPANEL_SMTP_FROM="Teaching Panel <noreply@school.example>",
                       TPANEL_LESSON_START_MAX=1000, TPANEL_RESET_IP_MAX=1000)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


def test_every_route_has_a_row():
    """A route without a row (or a row without its route) fails, each one named."""
    routes = set(route_table())
    rows = {(r.method, r.pattern) for r in ROWS}
    missing = sorted(routes - rows)
    stale = sorted(rows - routes)
    msg = [f"route without a row in {__name__}: {m} {p}" for m, p in missing]
    msg += [f"row without a route in `tpanel routes`: {m} {p}" for m, p in stale]
    assert not msg, "\n".join(msg)
    cases = [(r.method, r.pattern, r.case) for r in ROWS]
    assert len(cases) == len(set(cases)), "two rows for one route and case"


@pytest.fixture(scope="module")
def world(mstack, relay, fakezoom):
    fakezoom.reset_faults()
    return build_world(mstack, relay, fakezoom)


def run(w, rows, columns):
    """Call every row as each caller of columns ({caller: the column it must answer as});
    the mismatches, one readable line pair each."""
    routes = route_table()
    out = []
    for row in rows:
        if (row.method, row.pattern) not in routes:
            continue            # test_every_route_has_a_row names it
        page = "html" in routes[(row.method, row.pattern)]
        expected = row.expected()
        for who, column in columns.items():
            want = expected[column]
            path, r = call(w, row, who, page)
            got = classify(r)
            if got != want:
                detail = (location(r) or r.reason) if page else \
                    r.text[:160].replace("\n", " ")
                out.append(f"{row.method:6} {row.pattern}"
                           f"{' [' + row.case + ']' if row.case else ''}\n"
                           f"       {who}: expected {want}, got {got} "
                           f"({r.status} {path}: {detail})")
    return out


def test_matrix(world, zoom):
    mismatches = run(world, ROWS, {c: c for c in CALLERS})
    n = len(ROWS) * len(CALLERS)
    assert not mismatches, (f"{len(mismatches)} of {n} calls answer other than the spec "
                            f"says:\n" + "\n".join(mismatches))


def test_deleted_deactivated_and_demoted_users_lose_their_rights_at_once(world, zoom):
    """0.2: a valid access token whose user was deleted or deactivated since gets 401
    (user_not_found, user_inactive), on every route that needs a signed-in user; their page
    sessions are gone. A role an admin changed applies at once, as the original's server read
    the role from the user's row (the token's copy is for the frontend). Before the fix the API
    trusted the token for its 30 minutes: lists answered, writes failed with 500.

    Every protected row of the matrix, as these callers: the deleted and the deactivated user
    must answer as anon, the teacher demoted to student as the other group's student."""
    w = world
    adm = w.callers["admin"]
    made = {name: w.add_caller(name, new_user(w.stack, "teacher"))
            for name in ("deleted", "deactivated", "demoted")}
    w.ok("DELETE", f"/accounts/api/admin/teachers/{made['deleted'].user.id}/delete/", w.A)
    for path, form in ((f"/admin/users/{made['deactivated'].user.id}/active", {"active": "0"}),
                       (f"/admin/users/{made['demoted'].user.id}/role", {"role": "student"})):
        r = w.stack.request("POST", path, data={**form, "csrf_token": adm.csrf},
                            headers={"Cookie": cookie_header(adm.cookies)})
        assert r.status == 200, r
    # The sessions went with the accounts (and with the role change). A form of the dead
    # session would be refused as stale (403), so the gone users post the way a reloaded
    # page would, with a visitor's CSRF token; the demoted one signs in to the pages again
    # and keeps the access token issued while a teacher.
    for c in (made["deleted"], made["deactivated"]):
        c.gone = True
        c.cookies = {**c.cookies, **w.callers["anon"].cookies}
        c.csrf = w.callers["anon"].csrf
    d = made["demoted"]
    d.cookies, d.csrf = w.page_session(d.user.email)
    for name, code in (("deleted", "user_not_found"), ("deactivated", "user_inactive")):
        r = api(w.stack, "GET", "/api/groups/", made[name].user)
        assert r.status == 401 and r.json()["code"] == code, (name, r)
    protected = [row for row in ROWS if row.expected()["anon"] in ("401", "login")]
    mismatches = run(w, protected, {"deleted": "anon", "deactivated": "anon",
                                    "demoted": "ostudent"})
    assert not mismatches, "\n".join(mismatches)
