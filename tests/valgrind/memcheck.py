#!/usr/bin/env python3
"""tpanel under valgrind memcheck: a throwaway stack whose `tpanel serve` (the master, the
scheduler and every worker) runs under memcheck, a few thousand mixed requests through nginx,
then every process's memcheck log read back.

    python3 tests/valgrind/memcheck.py --logs DIR [--rounds N] [--keep]

Run it from a checkout whose ./tpanel is the build to check (scripts/dev valgrind builds one
with -O1 -g, no sanitizers, in var/valgrind and runs it there). The load: sign-in, token
refresh and verify, registration, the profile, groups and their codes, individual invite codes,
lessons (create, list, edit, cancel, attendance, recordings, delete), the calendar feed and the
.ics feed, weekly lessons and their generation, starting and ending lessons against the fake
Zoom (tests/e2e/fakezoom.py, with a 500, a 429 and revoked tokens), the Zoom webhook, email
verification and password resets through a small SMTP relay, stored files (uploads kept and
refused, downloads, a range), analytics (the attendance journal with Zoom's participants and the
tracked join, control points, rating, gradebook, report and its CSV/XLSX, badges, summaries,
their pages), the pool and the rest of the admin API, the periodic jobs,
notifications, the HTML pages and their CSRF-checked forms, and bad input (malformed JSON,
invalid UTF-8, huge bodies, bad tokens and cookies, 404, 405), from several threads at once;
then a MariaDB restart. Workers are recycled every --max-requests requests and replaced once
by SIGHUP, and the stack stops gracefully, so every process exits
by itself and memcheck prints its leak summary. A few `tpanel` commands run under memcheck too.

It fails (exit 1) on any definite or indirect leak or any memcheck error in any tpanel process
(each log's excerpt is printed), on a process whose log has no summary (killed, so unchecked),
on a 5xx answer, and on an answer other than the one the driver expected (so that the load
really goes where it says). Suppressions: tests/valgrind/tpanel.supp.
"""

import argparse
import collections
import concurrent.futures
import datetime
import hashlib
import hmac
import http.client
import itertools
import json as jsonlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "e2e"))
from conftest import REPO, Stack, free_port, run_stack, zoom_env  # noqa: E402
import filegen  # noqa: E402
from fakezoom import FakeZoom  # noqa: E402
from test_reminders import SMTPRelay  # noqa: E402

PW = "Teach1ngPanel"
WEBHOOK_SECRET = "valgrind-webhook-secret"
L = "/api/schedule/lessons/"
R = "/api/recurring-lessons/"
IC = "/api/individual-invite-codes/"
POOL = "/api/zoom-pool/"
TIMEOUT = 120           # one request, with the worker under valgrind
VALGRIND = ("valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect "
            "--errors-for-leak-kinds=definite,indirect --error-exitcode=99 --num-callers=30 "
            "--suppressions={supp} --log-file={logs}/vg.%p.log")
CSRF = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"')


def uid(tag):
    return f"{tag}-{uuid.uuid4().hex[:10]}"


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


T0 = time.monotonic()


def say(msg):
    print(f"memcheck: [{time.monotonic() - T0:4.0f}s] {msg}", flush=True)


class Failure(Exception):
    pass


class Resp:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return jsonlib.loads(self.body)

    def header(self, name):
        return ", ".join(v for k, v in self.headers if k.lower() == name.lower())


class Driver:
    """Sends requests, counts them and checks each status against what was expected."""

    def __init__(self, stack):
        self.stack = stack
        self.lock = threading.Lock()
        self.count = 0
        self.statuses = collections.Counter()
        self.failures = []

    def fail(self, msg):
        with self.lock:
            self.failures.append(msg)
        raise Failure(msg)

    def call(self, method, path, token=None, json=None, body=None, headers=None,
             expect=None, cookies=None):
        """One request on its own connection. expect: a status or a tuple of them; None takes
        any status below 500 (a 5xx passes only where it is expected). Returns a Resp."""
        h = dict(headers or {})
        if token is not None:
            h["Authorization"] = "Bearer " + token
        if json is not None:
            body = jsonlib.dumps(json).encode()
            h.setdefault("Content-Type", "application/json")
        elif isinstance(body, dict):
            body = urllib.parse.urlencode(body).encode()
            h.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn = http.client.HTTPConnection(self.stack.host, self.stack.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            resp = Resp(r.status, r.getheaders(), r.read())
        except (OSError, http.client.HTTPException) as e:
            with self.lock:
                self.count += 1
                self.statuses[type(e).__name__] += 1
            self.fail(f"{method} {path}: {type(e).__name__}: {e}")
        finally:
            conn.close()
        with self.lock:
            self.count += 1
            self.statuses[resp.status] += 1
        want = (expect,) if isinstance(expect, int) else expect
        if (resp.status not in want) if want else resp.status >= 500:
            self.fail(f"{method} {path}: {resp.status}, expected {expect or '< 500'}: "
                      f"{resp.body[:300].decode('utf-8', 'replace')}")
        return resp

    def json(self, *a, **kw):
        return self.call(*a, **kw).json()


class Client:
    """A browser: keeps cookies, reads the CSRF token of the form pages."""

    def __init__(self, d):
        self.d = d
        self.cookies = {}

    def req(self, method, path, body=None, expect=None, headers=None):
        r = self.d.call(method, path, body=body, expect=expect, cookies=self.cookies,
                        headers=headers)
        for k, v in r.headers:
            if k.lower() != "set-cookie":
                continue
            name, _, rest = v.partition("=")
            val = rest.split(";", 1)[0]
            if val == "" or "max-age=0" in v.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = val
        return r

    def get(self, path, expect=200):
        return self.req("GET", path, expect=expect)

    def csrf(self, page):
        m = CSRF.search(self.get(page).text)
        if not m:
            self.d.fail(f"no csrf_token on {page}")
        return m.group(1)

    def form(self, page, action, fields, expect=303):
        """GET page for its token, POST fields to action."""
        return self.req("POST", action, body={**fields, "csrf_token": self.csrf(page)},
                        expect=expect)

    def signin(self, email, password=PW):
        r = self.form("/login", "/login", {"email": email, "password": password})
        if "tp_session" not in self.cookies:
            self.d.fail(f"no session after signing in {email}: {r.headers}")


class User:
    def __init__(self, d, email, role, tokens, uid_):
        self.d, self.email, self.role = d, email, role
        self.access, self.refresh = tokens["access"], tokens["refresh"]
        self.id = uid_
        self.c = Client(d)
        self.students = []
        self.day = itertools.count(0)

    def next_day(self):
        """A day of its own for a one-off lesson (a teacher's lessons must not overlap)."""
        return (datetime.date(2031, 1, 1) + datetime.timedelta(days=next(self.day))).isoformat()


def sign_in(d, email, password=PW):
    return d.json("POST", "/api/jwt/token/", json={"email": email, "password": password},
                  expect=200)


APPROVER = {}      # the admin who approves teachers who register (teacher_approval is on)


def register(d, role, **names):
    email = uid(role[0]) + "@example.org"
    r = d.json("POST", "/api/jwt/register/", json={"email": email, "password": PW, "role": role,
                                                    **names}, expect=201)
    if role == "teacher":
        d.call("POST", f"/accounts/api/admin/teachers/{r['user_id']}/approve/",
               token=APPROVER["admin"].access, json={"approved": True}, expect=200)
    return User(d, email, role, sign_in(d, email), r["user_id"])


def cli(stack, *args, stdin=""):
    """tpanel -c the stack's conf ARGS under memcheck too (its log: cli.PID.log); stdout."""
    wrap = stack.env["STACK_SERVE_WRAPPER"].replace("/vg.%p.log", "/cli.%p.log").split()
    p = subprocess.run([*wrap, str(REPO / "tpanel"), "-c", str(stack.dir / "tpanel.conf"),
                        *args], input=stdin, env=stack.env, cwd=REPO, timeout=120,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"tpanel {' '.join(args)}: exit {p.returncode}: {p.stdout}{p.stderr}")
    return p.stdout


def admin_user(d, stack):
    email = uid("admin") + "@example.org"
    cli(stack, "user", "create", "--email", email, "--role", "admin", stdin=PW + "\n")
    tokens = sign_in(d, email)
    me = d.json("GET", "/api/me/", token=tokens["access"], expect=200)
    return User(d, email, "admin", tokens, me["id"])


def pool_account(d, admin, zoom, active=True):
    acc, cid, secret = uid("acc"), uid("cid"), "sec-" + uuid.uuid4().hex
    zoom.add_app(acc, cid, secret)
    return d.json("POST", POOL, token=admin.access, json={
        "email": uid("host") + "@zoom.example.org", "zoom_account_id": acc,
        "zoom_client_id": cid, "zoom_client_secret": secret,
        "max_concurrent_meetings": 2, "is_active": active}, expect=201)


def signed(body, secret=WEBHOOK_SECRET):
    ts = str(int(time.time()))
    mac = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "x-zm-request-timestamp": ts,
            "x-zm-signature": "v0=" + mac}


def hook(d, event, obj, expect=200):
    body = jsonlib.dumps({"event": event, "event_ts": int(time.time() * 1000),
                          "payload": {"account_id": "acc", "object": obj}}).encode()
    return d.call("POST", "/schedule/webhook/zoom/", body=body, headers=signed(body),
                  expect=expect)


# -- the rounds ---------------------------------------------------------------------------------

def teacher_api(d, t, k):
    """Groups, codes, invites, lessons, attendance, weekly lessons, the feeds, as a teacher."""
    tok, s1, s2 = t.access, t.students[0], t.students[1]
    g = d.json("POST", "/api/groups/", token=tok, expect=201, json={
        "name": uid("Группа"), "description": "Алгебра, 7 класс", "student_ids": [s1.id]})
    gid = g["id"]
    d.call("GET", "/api/groups/", token=tok, expect=200)
    d.call("GET", "/schedule/api/groups/?page=1&page_size=5", token=tok, expect=200)
    d.call("GET", f"/api/groups/{gid}/", token=tok, expect=200)
    d.call("GET", f"/api/groups/{gid}/", token=s1.access, expect=200)
    d.call("PATCH", f"/api/groups/{gid}/", token=tok, json={"description": "ещё"}, expect=200)
    d.call("PUT", f"/api/groups/{gid}/", token=tok, json={"name": uid("Группа")}, expect=200)
    d.call("GET", f"/api/groups/{gid}/students/", token=tok, expect=200)
    code = d.json("POST", f"/api/groups/{gid}/regenerate_code/", token=tok,
                  expect=200)["invite_code"]
    d.call("GET", "/api/groups/preview_by_code/?code=" + code, token=s2.access, expect=200)
    d.call("POST", "/api/groups/join_by_code/", token=s2.access, json={"invite_code": code},
           expect=(200, 201))
    d.call("POST", f"/api/groups/{gid}/remove_students/", token=tok,
           json={"student_ids": [s2.id]}, expect=200)
    d.call("POST", f"/api/groups/{gid}/add_students/", token=tok,
           json={"student_ids": [s2.id]}, expect=200)

    c = d.json("POST", IC, token=tok, json={"subject": "Математика"}, expect=201)
    d.call("GET", IC, token=tok, expect=200)
    d.call("GET", f"{IC}{c['id']}/", token=tok, expect=200)
    d.call("PATCH", f"{IC}{c['id']}/", token=tok, json={"subject": "Алгебра"}, expect=200)
    code = d.json("POST", IC + "regenerate/", token=tok, json={"id": c["id"]},
                  expect=200)["code"]["invite_code"]
    d.call("GET", IC + "preview_by_code/?code=" + code, token=s1.access, expect=200)
    d.call("POST", IC + "join_by_code/", token=s1.access, json={"invite_code": code},
           expect=(200, 201))
    d.call("DELETE", f"{IC}{c['id']}/", token=tok, expect=400)    # used: kept
    c2 = d.json("POST", IC, token=tok, json={"subject": "Физика"}, expect=201)
    d.call("DELETE", f"{IC}{c2['id']}/", token=tok, expect=204)

    day = t.next_day()
    les = d.json("POST", L, token=tok, expect=201, json={
        "title": uid("Урок"), "group": gid, "start_time": f"{day}T10:00:00Z",
        "end_time": f"{day}T11:00:00Z", "topics": "дроби", "location": "к. 5"})
    lid = les["id"]
    d.call("GET", L + "?page_size=20", token=tok, expect=200)
    # Keyset cursors: a next link followed (and its previous), a forged one refused.
    nxt = d.json("GET", L + "?page_size=1", token=tok, expect=200)["next"]
    if nxt:
        page = d.json("GET", nxt[nxt.index("/api/"):], token=tok, expect=200)
        d.call("GET", page["previous"][page["previous"].index("/api/"):], token=tok,
               expect=200)
        d.call("GET", nxt[nxt.index("/api/"):].replace("cursor=A", "cursor=B"), token=tok,
               expect=(200, 400))
    d.call("GET", L + "?page_size=1&cursor=AWFrFOymAAAA&page=2", token=tok, expect=400)
    d.call("GET", f"/schedule/api/lessons/?group={gid}&start={day}T00:00:00Z", token=tok,
           expect=200)
    d.call("GET", L, token=s1.access, expect=200)
    d.call("GET", f"{L}{lid}/", token=tok, expect=200)
    d.call("GET", f"/api/api/schedule/lessons/{lid}/", token=s2.access, expect=200)
    d.call("PATCH", f"{L}{lid}/", token=tok, json={"title": uid("Урок"), "notes": "н"},
           expect=200)
    d.call("PUT", f"{L}{lid}/", token=tok, expect=200, json={
        "title": uid("Урок"), "group": gid, "start_time": f"{day}T10:00:00Z",
        "end_time": f"{day}T11:30:00Z"})
    d.call("POST", f"{L}{lid}/mark_attendance/", token=tok, expect=200, json={"attendances": [
        {"student_id": s1.id, "status": "present"}, {"student_id": s2.id, "status": "absent"}]})
    att = d.json("GET", f"/api/attendance/?lesson={lid}", token=tok, expect=200)
    rows = att["results"] if isinstance(att, dict) else att
    if rows:
        d.call("PATCH", f"/api/attendance/{rows[0]['id']}/", token=tok,
               json={"status": "late"}, expect=200)
        d.call("GET", f"/schedule/api/attendance/{rows[0]['id']}/", token=tok, expect=200)
        d.call("DELETE", f"/api/attendance/{rows[0]['id']}/", token=tok, expect=204)
    d.call("POST", "/api/attendance/", token=tok, expect=201,
           json={"lesson": lid, "student": s1.id, "status": "present"})
    d.call("GET", "/api/attendance/", token=s1.access, expect=200)
    d.call("POST", f"{L}{lid}/add_recording/", token=tok,
           json={"url": "https://example.org/rec/" + uid("r")}, expect=201)
    d.call("GET", f"{L}calendar_feed/?start={day}T00:00:00Z&end=2031-12-31T00:00:00Z",
           token=tok, expect=200)
    d.call("GET", f"{L}calendar_feed/?start=2031-01-01&end=2031-03-01&group={gid}",
           token=s1.access, expect=200)
    d.call("POST", f"{L}{lid}/cancel/", token=tok, expect=200)
    d.call("DELETE", f"{L}{lid}/", token=tok, expect=204)

    year, month = 2032 + k // 12, k % 12 + 1
    rl = d.json("POST", R, token=tok, expect=201, json={
        "title": uid("Еженедельно"), "group_id": gid, "day_of_week": k % 7,
        "start_time": "15:00", "end_time": "16:30", "start_date": f"{year}-{month:02}-01",
        "end_date": f"{year}-{month:02}-28", "week_type": ("ALL", "UPPER", "LOWER")[k % 3]})
    d.call("GET", R, token=tok, expect=200)
    d.call("GET", f"/schedule/api/recurring-lessons/{rl['id']}/", token=tok, expect=200)
    d.call("GET", R, token=s1.access, expect=200)
    d.call("PATCH", f"{R}{rl['id']}/", token=tok, json={"topics": "повторение"}, expect=200)
    d.call("GET", f"{L}calendar_feed/?start={year}-{month:02}-01&end={year}-{month:02}-28",
           token=tok, expect=200)
    span = {"start_date": f"{year}-{month:02}-01", "until_date": f"{year}-{month:02}-28"}
    d.call("POST", f"{R}{rl['id']}/generate_lessons/", token=tok,
           json={**span, "dry_run": True}, expect=200)
    d.call("POST", f"{R}{rl['id']}/generate_lessons/", token=tok, json=span, expect=200)
    d.call("POST", L + "delete_recurring/", token=tok,
           json={"title": rl["title"], "group_id": gid}, expect=(200, 404))
    d.call("DELETE", f"{R}{rl['id']}/", token=tok, expect=204)
    return gid


def teacher_zoom(d, t, gid, zoom, fault=None):
    """Start a lesson on a pool account of the fake Zoom, Zoom's events on it, end it;
    the same by quick-start and by the lesson page's start button."""
    tok, s1 = t.access, t.students[0]
    start = now_utc() - datetime.timedelta(minutes=5)
    les = d.json("POST", L, token=tok, expect=201, json={
        "title": uid("Zoom"), "group": gid, "start_time": iso(start),
        "end_time": iso(start + datetime.timedelta(minutes=10))})
    lid = les["id"]
    # Zoom answers the next meeting create with an error the client retries, or refuses
    # every token issued so far (a new one is fetched): the start still succeeds.
    if fault == "expire":
        zoom.expire_tokens()
    elif fault:
        zoom.fail_next(1, fault, retry_after=1 if fault == 429 else None,
                       path="/v2/users/", method="POST")
    got = d.json("POST", f"{L}{lid}/start-new/", token=tok, json={}, expect=200)
    mid = got["zoom_meeting_id"]
    d.call("POST", f"{L}{lid}/start-new/", token=tok, json={}, expect=200)   # idempotent
    d.call("GET", f"{L}{lid}/", token=s1.access, expect=200)
    hook(d, "meeting.started", {"id": mid, "uuid": "u==", "host_id": "h", "topic": "t"})
    hook(d, "meeting.ended", {"id": mid, "uuid": "u==", "host_id": "h", "topic": "t"})
    hook(d, "recording.completed", {
        "id": int(mid), "uuid": "u==", "topic": "t", "duration": 5, "recording_count": 1,
        "recording_files": [{"id": uid("f"), "meeting_id": "u==", "file_type": "MP4",
                             "recording_start": iso(start), "status": "completed",
                             "recording_end": iso(start + datetime.timedelta(minutes=5)),
                             "play_url": "https://zoom.us/rec/play/" + uid("p"),
                             "download_url": "https://zoom.us/rec/download/x"}]})
    d.call("POST", f"{L}{lid}/end/", token=tok, json={}, expect=200)
    d.call("DELETE", f"{L}{lid}/", token=tok, expect=204)
    q = d.json("POST", L + "quick-start/", token=tok, json={"duration": 10}, expect=201)
    t.c.get(f"/lessons/{q['lesson_id']}")
    t.c.form(f"/lessons/{q['lesson_id']}", f"/lessons/{q['lesson_id']}/start", {})
    d.call("POST", f"/schedule/api/lessons/{q['lesson_id']}/end/", token=tok, json={},
           expect=200)
    d.call("DELETE", f"{L}{q['lesson_id']}/", token=tok, expect=204)


def account(d, u):
    """The profile, tokens, the .ics feed, notifications, as anyone."""
    d.call("GET", "/api/me/", token=u.access, expect=200)
    d.call("PATCH", "/api/me/", token=u.access, json={"first_name": uid("Имя")[:20]}, expect=200)
    d.call("GET", "/accounts/api/me/", token=u.access, expect=200)
    tokens = d.json("POST", "/api/jwt/refresh/", json={"refresh": u.refresh}, expect=200)
    u.access = tokens["access"]
    u.refresh = tokens.get("refresh", u.refresh)
    d.call("POST", "/api/jwt/verify/", json={"token": u.access}, expect=200)
    url = d.json("GET", "/api/me/calendar-feed/", token=u.access, expect=200)["url"]
    d.call("GET", "/" + url.split("/", 3)[3], expect=200)
    n = d.json("GET", "/api/notifications/", token=u.access, expect=200)
    rows = n["results"] if isinstance(n, dict) else n
    if rows:
        d.call("POST", f"/api/notifications/{rows[0]['id']}/read/", token=u.access, expect=200)
    d.call("POST", "/api/notifications/read_all/", token=u.access, expect=200)
    d.call("GET", "/accounts/api/users/", token=u.access, expect=200)
    d.call("GET", "/accounts/api/status-messages/", token=u.access, expect=200)


RESET_LINK = re.compile(r"/reset-password/([A-Za-z0-9_-]+)/([A-Za-z0-9-]+)")
VERIFY_CODE = re.compile(r"Код подтверждения: (\d{6})")
VERIFY_LINK = re.compile(r"/verify-email/([0-9a-f-]{36})")


def mail_to(d, relay, email):
    """The text of the last email the relay got for email (waits for the mail job)."""
    for _ in range(600):
        msgs = relay.to(email)
        if msgs:
            return msgs[-1].get_body(("plain",)).get_content()
        time.sleep(0.1)
    d.fail(f"no email to {email}")


def mail(d, relay, k, first=False):
    """Email verification by code and link, and a password reset by its link (pages and
    API), for a new user, through the SMTP relay."""
    email = uid("m") + "@example.org"
    d.call("POST", "/api/jwt/register/", json={"email": email, "password": PW,
                                               "role": "student"}, expect=201)
    E = "/accounts/api/email/"
    d.call("POST", E + "send-verification/", json={"email": email}, expect=200)
    body = mail_to(d, relay, email)
    code, token = VERIFY_CODE.search(body).group(1), VERIFY_LINK.search(body).group(1)
    d.call("POST", E + "check-status/", json={"email": email}, expect=200)
    d.call("POST", E + "verify-code/", json={"email": email, "code": "000000"}, expect=400)
    if k % 2:
        d.call("POST", E + "verify-code/", json={"email": email, "code": code}, expect=200)
    else:
        d.call("GET", f"{E}verify-token/{token}/", expect=200)
    d.call("POST", E + "resend-verification/", json={"email": email}, expect=(200, 400))
    d.call("POST", "/accounts/api/password-reset/request/", json={"email": email}, expect=200)
    for _ in range(600):
        links = [m for m in (x.get_body(("plain",)).get_content() for x in relay.to(email))
                 if RESET_LINK.search(m)]
        if links:
            break
        time.sleep(0.1)
    else:
        d.fail(f"no reset email to {email}")
    u, tok = RESET_LINK.search(links[-1]).groups()
    d.call("GET", f"/accounts/api/password-reset/validate/{u}/{tok}/", expect=200)
    c = Client(d)
    if k % 2:
        d.call("POST", "/accounts/api/password-reset/confirm/",
               json={"uid": u, "token": tok, "password": "short"}, expect=400)
        d.call("POST", "/accounts/api/password-reset/confirm/",
               json={"uid": u, "token": tok, "password": PW + "2"}, expect=200)
    else:
        c.form(f"/reset-password/{u}/{tok}", f"/reset-password/{u}/{tok}",
               {"password": PW + "2", "password2": PW + "2"}, expect=(200, 303))
    c.form("/password-reset", "/password-reset", {"email": email}, expect=(200, 303))
    if first:       # a password change and both sign-outs, once: each costs argon2 runs
        tokens = sign_in(d, email, PW + "2")
        d.call("POST", "/api/change-password/", token=tokens["access"],
               json={"old_password": "Wrong1Password", "new_password": PW}, expect=400)
        d.call("POST", "/api/change-password/", token=tokens["access"],
               json={"old_password": PW + "2", "new_password": PW}, expect=200)
        d.call("POST", "/api/jwt/logout/", token=tokens["access"],
               json={"refresh": tokens["refresh"]}, expect=(200, 205))
        d.call("POST", "/api/jwt/verify/", json={"token": tokens["refresh"]}, expect=401)
        c.signin(email)
        c.get("/student/")
        c.form("/student/", "/logout", {})
        c.get("/logout", expect=(200, 303))


def teacher_pages(d, t, k, gid):
    c = t.c
    c.get("/", expect=303)
    for p in ("/teacher/", "/calendar", "/calendar?month=2031-01", "/calendar/week",
              "/calendar/week?date=2031-01-06", "/calendar/day", "/lessons", "/lessons/new",
              "/groups", f"/groups/{gid}", "/invites", "/recurring", "/notifications",
              "/profile"):
        c.get(p)
    r = c.form("/lessons/new", "/lessons", {
        "title": uid("Урок"), "group": gid, "date": t.next_day(), "start": "12:00",
        "end": "13:00", "topics": "<b>темы</b>", "location": "", "notes": ""})
    lid = int(re.search(r"/lessons/(\d+)", r.header("location")).group(1))
    c.get(f"/lessons/{lid}")
    c.get(f"/lessons/{lid}/edit")
    c.form(f"/lessons/{lid}/edit", f"/lessons/{lid}/edit", {
        "title": uid("Урок"), "group": gid, "date": t.next_day(), "start": "12:00",
        "end": "13:30", "topics": "", "location": "к. 1", "notes": "заметка"})
    c.form(f"/lessons/{lid}", f"/lessons/{lid}/attendance", {"all": "present"})
    c.form(f"/lessons/{lid}", f"/lessons/{lid}/cancel", {})
    c.form(f"/lessons/{lid}", f"/lessons/{lid}/delete", {})
    c.form("/lessons/new", "/lessons", {"title": "", "group": gid, "date": "2031-02-30",
                                        "start": "25:00", "end": "", "topics": ""}, expect=400)
    r = c.form("/groups", "/groups", {"name": uid("Группа"), "description": "<i>x</i>"})
    g2 = int(re.search(r"/groups/(\d+)", r.header("location")).group(1))
    c.form(f"/groups/{g2}", f"/groups/{g2}", {"name": uid("Группа"), "description": "д"})
    c.form(f"/groups/{g2}", f"/groups/{g2}/add", {"email": t.students[0].email})
    c.form(f"/groups/{g2}", f"/groups/{g2}/remove", {"student_id": t.students[0].id})
    c.form(f"/groups/{g2}", f"/groups/{g2}/code", {})
    c.form(f"/groups/{g2}", f"/groups/{g2}/delete", {})
    c.form("/invites", "/invites", {"subject": "Физика"})
    r = c.form("/recurring", "/recurring", {
        "title": uid("Неделя"), "group_id": gid, "day_of_week": str(k % 7), "week_type": "ALL",
        "start_time": "18:00", "end_time": "19:00", "start_date": "2033-03-01",
        "end_date": "2033-03-31", "topics": "", "location": ""})
    rid = int(re.search(r"/recurring/(\d+)", r.header("location")).group(1))
    c.get(f"/recurring/{rid}")
    c.form(f"/recurring/{rid}", f"/recurring/{rid}/generate",
           {"start_date": "2033-03-01", "until_date": "2033-03-31", "dry_run": "1"}, expect=200)
    c.form(f"/recurring/{rid}", f"/recurring/{rid}/delete", {})
    c.form("/profile", "/profile", {"first_name": "Анна", "last_name": "Петрова",
                                    "middle_name": "", "date_of_birth": "2000-01-02"},
           expect=200)
    c.req("POST", "/groups", body={"name": "x", "csrf_token": "0" * 40}, expect=403)
    c.get("/notifications")
    c.form("/notifications", "/notifications/read_all", {})


def student_pages(d, s, gid, code):
    c = s.c
    for p in ("/student/", "/calendar", "/calendar/week", "/calendar/day?date=2031-01-01",
              "/join", "/notifications", "/profile"):
        c.get(p)
    c.get("/teacher/", expect=403)
    c.get("/groups", expect=403)
    c.form("/join", "/join", {"code": "ZZZZZZZZ"}, expect=(400, 404))
    if code:
        c.form("/join", "/join", {"code": code}, expect=(200, 303))


def admin_round(d, a, zoom, k):
    tok = a.access
    accs = d.json("GET", POOL, token=tok, expect=200)["results"]
    d.call("GET", POOL + "stats/", token=tok, expect=200)
    d.call("GET", f"{POOL}?page=1&page_size=2", token=tok, expect=200)
    x = accs[k % len(accs)]
    d.call("GET", f"{POOL}{x['id']}/", token=tok, expect=200)
    d.call("PATCH", f"{POOL}{x['id']}/", token=tok, json={"zoom_user_id": uid("u") + "@x.org"},
           expect=200)
    # Off and on again: the others have room for every teacher meanwhile. What this round
    # makes stays off, so that no teacher's start takes it while it is being deleted.
    d.call("POST", f"{POOL}{x['id']}/toggle_active/", token=tok, expect=200)
    d.call("POST", f"{POOL}{x['id']}/toggle_active/", token=tok, expect=200)
    new = pool_account(d, a, zoom, active=False)
    d.call("POST", f"{POOL}{new['id']}/release/", token=tok, expect=(200, 400))
    d.call("PUT", f"{POOL}{new['id']}/", token=tok, expect=200, json={
        f: new[f] for f in ("email", "zoom_account_id", "zoom_client_id")} | {
        "max_concurrent_meetings": 3, "is_active": False})
    d.call("DELETE", f"{POOL}{new['id']}/", token=tok, expect=204)
    if k % 2 == 0:  # people: made with argon2 hashes, so every other round
        kind = ("student", "teacher")[k // 2 % 2]
        u = d.json("POST", f"/accounts/api/admin/create-{kind}/", token=tok, expect=201, json={
            "email": uid(kind[0]) + "@example.org", "password": PW, "first_name": "Пётр",
            "last_name": "Иванов", "phone_number": "+7 (912) 345-67-89"})
        d.call("PATCH", f"/accounts/api/admin/students/{u['id']}/update/", token=tok,
               json={"first_name": "Павел"}, expect=200 if kind == "student" else 404)
        if kind == "teacher":
            d.call("PATCH", f"/accounts/api/admin/teachers/{u['id']}/zoom/", token=tok,
                   json={"zoom_account_id": "A1", "zoom_client_id": "C1",
                         "zoom_client_secret": uid("s")}, expect=200)
        a.c.get("/admin/users")
        a.c.form("/admin/users", f"/admin/users/{u['id']}/active", {"active": "0"},
                 expect=(200, 303))
        a.c.form("/admin/users", f"/admin/users/{u['id']}/role", {"role": "student"},
                 expect=(200, 303))
        a.c.form("/admin/users", f"/admin/users/{u['id']}/role", {"role": "root"},
                 expect=400)
        d.call("DELETE", f"/accounts/api/admin/students/{u['id']}/delete/", token=tok,
               expect=200)
    d.call("GET", "/accounts/api/admin/stats/", token=tok, expect=200)
    d.call("GET", "/accounts/api/admin/students/", token=tok, expect=200)
    d.call("GET", "/accounts/api/admin/teachers/", token=tok, expect=200)
    m = d.json("POST", "/accounts/api/admin/status-messages/", token=tok, expect=201,
               json={"message": uid("Сообщение <b>"),
                     "target": ("all", "teachers", "students")[k % 3]})
    d.call("GET", "/accounts/api/admin/status-messages/", token=tok, expect=200)
    d.call("DELETE", f"/accounts/api/admin/status-messages/{m['id']}/", token=tok,
           expect=(200, 204))
    d.call("GET", "/accounts/api/admin/settings/", token=tok, expect=200)
    d.call("PATCH", "/accounts/api/admin/settings/", token=tok,
           json={"platform_name": "Школа " + str(k)}, expect=200)
    d.call("PATCH", "/accounts/api/admin/settings/", token=tok,
           json={"primary_color": "red"}, expect=400)
    d.call("GET", "/api/audit-log/", token=tok, expect=200)
    d.call("GET", "/api/audit-log/?page=2&page_size=5", token=tok, expect=(200, 404))
    for task in ("release_finished_zoom_accounts", "send_lesson_reminders"):
        j = d.json("POST", f"/schedule/api/celery/trigger/{task}/", token=tok, expect=200)
        tid = j.get("task_id") or j.get("id")
        if tid:
            d.call("GET", f"/schedule/api/celery/status/{tid}/", token=tok, expect=200)
    d.call("POST", "/schedule/api/celery/trigger/no_such_task/", token=tok, expect=(400, 404))
    d.call("GET", "/schedule/api/celery/metrics/", token=tok, expect=200)
    d.call("GET", "/metrics", expect=200)
    for p in ("/admin/", "/admin/users", "/admin/users?q=example", "/admin/audit", "/admin/pool",
              f"/admin/pool/{x['id']}", "/api/docs/"):
        a.c.get(p)
    a.c.form(f"/admin/pool/{x['id']}", f"/admin/pool/{x['id']}/toggle", {})
    a.c.form(f"/admin/pool/{x['id']}", f"/admin/pool/{x['id']}/toggle", {})
    form = {"email": uid("page") + "@zoom.example.org", "zoom_account_id": "pa",
            "zoom_client_id": "pc", "zoom_client_secret": uid("s")}     # is_active: off
    a.c.form("/admin/pool", "/admin/pool", {**form, "max_concurrent_meetings": "0"},
             expect=400)
    r = a.c.form("/admin/pool", "/admin/pool", {**form, "max_concurrent_meetings": "1"})
    a.c.get(r.header("location"))
    pid = d.json("GET", POOL + "?page_size=500", token=tok, expect=200)["results"]
    pid = next(p["id"] for p in pid if p["email"] == form["email"])
    a.c.form(f"/admin/pool/{pid}", f"/admin/pool/{pid}", {**form, "zoom_client_secret": "",
                                                           "max_concurrent_meetings": "2"})
    a.c.form(f"/admin/pool/{pid}", f"/admin/pool/{pid}/release", {}, expect=(200, 303, 400))
    a.c.form(f"/admin/pool/{pid}", f"/admin/pool/{pid}/delete", {})


HW_QUESTIONS = [
    {"prompt": "9 / 2?", "question_type": "TEXT", "points": 10,
     "config": {"correctAnswer": "4,5|4.5"}},
    {"prompt": "Открытый", "question_type": "TEXT", "points": 5, "config": {}},
    {"prompt": "Столица?", "question_type": "SINGLE_CHOICE", "points": 10,
     "choices": [{"text": "Париж", "is_correct": True}, {"text": "Лион"}]},
    {"question_text": "Простые", "question_type": "MULTIPLE_CHOICE", "points": 10,
     "config": {"options": [{"id": "opt-1", "text": "2"}, {"id": "opt-2", "text": "4"},
                            {"id": "opt-3", "text": "5"}], "correctOptionIds": ["opt-1", "opt-3"]}},
    {"prompt": "Аудио", "question_type": "LISTENING", "points": 10, "config": {
        "audioUrl": "https://example.org/a.mp3", "subQuestions": [
            {"id": "s1", "text": "?", "answer": "Ёлка"}, {"id": "s2", "answer": "два"}]}},
    {"prompt": "Пары", "question_type": "MATCHING", "points": 10, "config": {"pairs": [
        {"id": "p1", "left": "A", "right": "1"}, {"id": "p2", "left": "B", "right": "2"},
        {"id": "p3", "left": "C", "right": "3"}]}},
    {"prompt": "Порядок", "question_type": "DRAG_DROP", "points": 10, "config": {"items": [
        {"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]}},
    {"prompt": "Пропуски", "question_type": "FILL_BLANKS", "points": 10, "config": {
        "template": "[___] и [___]", "answers": ["Paris|Париж", "Рим"],
        "matchingStrategy": "loose"}},
    {"prompt": "Карта", "question_type": "HOTSPOT", "points": 10, "config": {
        "imageUrl": "/static/demo/map.svg", "hotspots": [
            {"id": "h1", "x": 10, "y": 10, "width": 30, "height": 30, "isCorrect": True},
            {"id": "h2", "x": 50, "y": 50, "width": 30, "height": 30}]}},
    {"prompt": "Файл", "question_type": "FILE_UPLOAD", "points": 10,
     "config": {"allowedTypes": ["image"], "maxFiles": 1}},
]


def homework(d, t, k, gid):
    """Homework of the nine types: built, changed, published; taken by a student with autosaves
    (good, odd and bad values), submitted, reviewed, returned, taken again; the lists, the
    statistics, my-answers, and bad input; then archived."""
    tok, s1 = t.access, t.students[0]
    H = "/api/homework/"
    hw = d.json("POST", H, token=tok, expect=201, json={
        "title": uid("ДЗ"), "questions": HW_QUESTIONS, "deadline": iso(now_utc()),
        "group_assignments_data": [{"group_id": gid, "student_ids": None}]})
    hid, qs = hw["id"], hw["questions"]
    d.call("PATCH", f"{H}{hid}/", token=tok, expect=200, json={
        "description": "изменено", "questions": [{"id": q["id"]} for q in qs]})
    d.call("POST", f"{H}{hid}/publish/", token=tok, expect=200)
    d.call("GET", f"{H}{hid}/", token=s1.access, expect=200)
    d.call("GET", H + "?page_size=1", token=tok, expect=200)
    d.call("GET", H + "?status=published", token=s1.access, expect=200)
    sub = d.json("POST", "/api/submissions/", token=s1.access, json={"homework": hid},
                 expect=(200, 201))
    sid = sub["id"]
    ids = [str(q["id"]) for q in qs]
    single = qs[2]["choices"][0]["id"]
    multi = [c["id"] for c in qs[3]["choices"]]
    answers = {ids[0]: " 4,5 ", ids[1]: "эссе", ids[2]: single, ids[3]: multi[:2],
               ids[4]: {"s1": "ЁЛКА", "s2": "три", "zz": 5}, ids[5]: {"p1": "1", "p2": "p3"},
               ids[6]: ["c", "a", "b", "a", 7], ids[7]: ["paris", "Рими"],
               ids[8]: ["h1", {"x": 55, "y": 55}, {"x": "a"}], ids[9]: [],
               ids[0] + "_telemetry": {"time_spent_seconds": 30, "tab_switches": 1,
                                       "is_pasted": True}, "999999": 1, "x_y": None}
    A = f"/api/submissions/{sid}/"
    d.call("PATCH", A + "answer/", token=s1.access, json={"answers": answers}, expect=200)
    d.call("PATCH", A + "answer/", token=s1.access, json={"answers": {
        ids[2]: "opt-2", ids[3]: "x", ids[6]: {}, ids[9]: [{"file_id": "0" * 32}]}},
        expect=400)
    d.call("PATCH", A + "answer/", token=s1.access, json={"answers": []}, expect=400)
    d.call("GET", A, token=s1.access, expect=200)
    d.call("POST", A + "submit/", token=s1.access, json={}, expect=200)
    d.call("POST", A + "submit/", token=s1.access, json={}, expect=200)
    answer = d.json("GET", A, token=tok, expect=200)["answers"][1]["id"]
    d.call("PATCH", A + "update_answer/", token=tok, expect=200,
           json={"answer_id": answer, "teacher_score": 3, "teacher_feedback": "хорошо"})
    d.call("PATCH", A + "update_answer/", token=tok, json={"answer_id": answer,
                                                           "teacher_score": 99}, expect=400)
    d.call("PATCH", A + "feedback/", token=tok, json={"comment": "итог", "score": 40},
           expect=200)
    d.call("POST", A + "grade/", token=tok, json={"grade": None, "feedback": "ok"}, expect=200)
    d.call("POST", A + "complete_review/", token=tok, json={"force": True}, expect=200)
    d.call("GET", f"{H}{hid}/my-answers/", token=s1.access, expect=200)
    d.call("POST", A + "send_for_revision/", token=tok, json={"comment": "ещё"}, expect=200)
    d.call("PATCH", A + "answer/", token=s1.access, json={"answers": {ids[6]: ["a", "b", "c"]}},
           expect=200)
    d.call("POST", A + "submit/", token=s1.access, json={}, expect=200)
    d.call("GET", f"{H}{hid}/statistics/", token=tok, expect=200)
    d.call("GET", f"{H}{hid}/assignment-details/", token=tok, expect=200)
    page = d.json("GET", f"/api/submissions/?homework={hid}&page_size=1", token=tok,
                  expect=200)
    if page["next"]:
        d.call("GET", page["next"][page["next"].index("/api/"):], token=tok, expect=200)
    d.call("GET", "/api/submissions/?status=graded&page_size=2", token=tok, expect=200)
    d.call("GET", "/api/submissions/?cursor=bm9wZQ.0123", token=tok, expect=400)
    d.call("POST", H, token=tok, json={"title": "x", "questions": [
        {"question_type": "CODE"}, {"question_type": "HOTSPOT", "config": {"hotspots": [
            {"id": "h", "x": 99, "y": 1, "width": 9, "height": 1}]}}]}, expect=400)
    d.call("POST", H, token=tok, json={"title": "x", "questions": [{"question_type": "MATCHING",
           "config": {"pairs": "x"}}], "group_assignments_data": "y"}, expect=400)
    d.call("DELETE", f"{H}{hid}/", token=tok, expect=409)
    d.call("POST", f"{H}{hid}/archive/", token=tok, expect=200)
    d.call("PATCH", A + "answer/", token=s1.access, json={"answers": {}}, expect=400)


def homework_files(d, t, gid):
    """Homework with stored files: media named by a question, a student's answer files (kept,
    refused, replaced), downloads by the assigned student and the teacher, feedback files."""
    tok, s1 = t.access, t.students[0]

    def up(path, who, name, data, expect, fields=()):
        body, ct = filegen.multipart(fields, [("file", name, "application/octet-stream", data)])
        return d.call("POST", path, who, body=body, headers={"Content-Type": ct},
                      expect=expect)
    media = up("/api/homework/upload-file/", tok, "map.png", filegen.png(), 201).json()
    doc = up("/api/homework/upload-document-direct/", tok, "a.pdf", filegen.pdf(), 201).json()
    hotspot = {"prompt": "Где?", "question_type": "HOTSPOT", "points": 2, "config": {
        "imageFileId": media["file_id"], "hotspots": [
            {"id": "h1", "label": "A", "x": 1, "y": 1, "width": 9, "height": 9,
             "isCorrect": True}]}}
    upload_q = {"prompt": "Фото", "question_type": "FILE_UPLOAD", "points": 5, "config": {
        "allowedTypes": ["image"], "maxFiles": 1, "maxSizeMB": 1}}
    H = "/api/homework/"
    d.call("POST", H, token=tok, json={"title": "x", "questions": [
        dict(hotspot, config=dict(hotspot["config"], imageFileId="0" * 32))]}, expect=400)
    hw = d.json("POST", H, token=tok, expect=201, json={
        "title": uid("ДЗ с файлами"), "description": "См. " + doc["url"],
        "questions": [hotspot, upload_q],
        "group_assignments_data": [{"group_id": gid}]})
    d.call("POST", f"{H}{hw['id']}/publish/", token=tok, expect=200)
    q = str(hw["questions"][1]["id"])
    a1 = up(H + "upload-student-answer/", s1.access, "w.png", filegen.png(), 201,
            [("homework_id", str(hw["id"]))]).json()
    a2 = up(H + "upload-student-answer/", s1.access, "w.pdf", filegen.pdf(), 201,
            [("homework_id", str(hw["id"]))]).json()
    up(H + "upload-student-answer/", s1.access, "w.png", filegen.png(), 400)
    sub = d.json("POST", "/api/submissions/", token=s1.access, json={"homework": hw["id"]},
                 expect=(200, 201))
    A = f"/api/submissions/{sub['id']}/"
    d.call("PATCH", A + "answer/", token=s1.access, expect=200,
           json={"answers": {q: [{"file_id": a1["file_id"], "url": "x"}]}})
    d.call("PATCH", A + "answer/", token=s1.access, expect=400,
           json={"answers": {q: [a2["file_id"]]}})
    d.call("PATCH", A + "answer/", token=s1.access, expect=400,
           json={"answers": {q: [media["file_id"]]}})
    d.call("PATCH", A + "answer/", token=s1.access, expect=200, json={"answers": {
        q: {"file_id": a1["file_id"]}, str(hw["questions"][0]["id"]) + "_attachments": []}})
    for url, who in ((media["url"], s1.access), (doc["url"], s1.access),
                     (a1["url"], tok), (a1["url"], s1.access)):
        d.call("GET", url, who, expect=200)
    d.call("GET", a1["url"], t.students[1].access, expect=404)
    d.call("POST", A + "submit/", token=s1.access, json={}, expect=200)
    d.call("PATCH", A + "feedback/", token=tok, expect=200,
           json={"comment": "см.", "attachments": [doc["file_id"]]})
    d.call("PATCH", A + "feedback/", token=tok, expect=400, json={"attachments": [a1["file_id"]]})
    d.call("GET", A, token=s1.access, expect=200)
    draft = d.json("POST", H, token=tok, expect=201, json={
        "title": uid("черновик"), "questions": [hotspot]})
    d.call("DELETE", f"{H}{draft['id']}/", token=tok, expect=204)


def homework_pages(d, t, k, gid):
    """The homework pages: a homework built through the constructor's forms (a question of each
    type, media by forms that post a file, rows moved and removed, refusals), assigned and
    published; the student's pages (every screen answered, the script's autosave, a file, the
    summary, handing in, the result); the review (scores, rework, completion) and the
    statistics; bad input everywhere."""
    c, s1 = t.c, t.students[0]
    r = c.form("/homework/new", "/homework", {"title": uid("ДЗ <i>страниц</i>"),
                                             "deadline": "2031-05-20T18:00",
                                             "late_policy": "allow", "allow_view_answers": "1"})
    hid = int(re.search(r"/homework/(\d+)/edit", r.header("location")).group(1))
    E = f"/homework/{hid}/edit"
    c.form("/homework/new", "/homework", {"title": "", "deadline": "завтра"}, expect=400)

    def multipart(page, action, fields, name, data, expect=303, who=c):
        body, ct = filegen.multipart([("csrf_token", who.csrf(page))] + fields,
                                     [("file", name, "application/octet-stream", data)])
        return who.req("POST", action, body=body, headers={"Content-Type": ct}, expect=expect)

    def file_of(r):
        return re.search(r"file=([0-9a-f]{32})", r.header("location")).group(1)
    new = f"/homework/{hid}/questions/new?type="
    image = file_of(multipart(new + "HOTSPOT", f"/homework/{hid}/media",
                              [("question_type", "HOTSPOT")], "m.png", filegen.png(40, 30)))
    audio = file_of(multipart(new + "LISTENING", f"/homework/{hid}/media",
                              [("question_type", "LISTENING")], "a.wav", filegen.wav()))
    multipart(new + "HOTSPOT", f"/homework/{hid}/media", [("question_type", "HOTSPOT")],
              "x.png", filegen.HTML, expect=400)
    forms = [
        ("TEXT", {"prompt": "9 / 2?", "points": "10", "correct_answers": "4,5\n4.5",
                  "answer_length": "long", "case_sensitive": "1", "strategy": "loose"}),
        ("SINGLE_CHOICE", {"prompt": "Да?", "points": "2", "c0_text": "да", "c1_text": "нет",
                           "c2_text": "", "correct": "0"}),
        ("MULTI_CHOICE", {"prompt": "Простые", "points": "3", "c0_text": "2", "c0_ok": "1",
                          "c1_text": "4", "c2_text": "3", "c2_ok": "1", "op": "up:c:2"}),
        ("LISTENING", {"prompt": "Слушайте", "points": "4", "audio_file": audio,
                       "s0_text": "Город?", "s0_answer": "Лондон", "s1_text": "", "s1_answer": ""}),
        ("MATCHING", {"prompt": "Пары", "points": "4", "p0_left": "a", "p0_right": "1",
                      "p1_left": "b", "p1_right": "2", "shuffle": "1", "op": "del:p:9"}),
        ("DRAG_DROP", {"prompt": "Порядок", "points": "3", "d0_text": "x", "d1_text": "y",
                       "d2_text": "z", "op": "down:d:0"}),
        ("FILL_BLANKS", {"prompt": "Пропуски", "points": "2", "template": "[___] и [___]",
                         "b0_text": "раз", "b1_text": "два|2"}),
        ("HOTSPOT", {"prompt": "Где?", "points": "2", "image_file": image, "h0_label": "A",
                     "h0_x": "1,5", "h0_y": "2", "h0_w": "30", "h0_h": "40", "h0_ok": "1"}),
        ("FILE_UPLOAD", {"prompt": "Фото", "points": "5", "ft_image": "1", "max_files": "2",
                         "max_size": "5", "instructions": "<b>фото</b>"}),
    ]
    for qt, f in forms:
        c.form(new + qt, f"/homework/{hid}/questions", {"question_type": qt, **f})
    c.form(new + "HOTSPOT", f"/homework/{hid}/questions", {
        "question_type": "HOTSPOT", "points": "x", "h0_x": "a", "h0_label": "b"}, expect=400)
    c.form(new + "HOTSPOT", f"/homework/{hid}/questions", {
        "question_type": "HOTSPOT", "points": "1", "image_url": "javascript:x", "h0_x": "90",
        "h0_y": "1", "h0_w": "20", "h0_h": "1"}, expect=400)
    c.get(new + "CODE", expect=400)
    qids = [int(x) for x in re.findall(r'id="q-(\d+)"', c.get(E).text)]
    for q in qids:
        c.get(f"/homework/{hid}/questions/{q}")
    q0 = f"/homework/{hid}/questions/{qids[7]}"
    multipart(q0, q0 + "/media", [], "n.png", filegen.png(8, 8))
    c.form(q0, q0, {"prompt": "Где?", "points": "2", "image_file": re.search(
        r'name="image_file" value="([0-9a-f]{32})"', c.get(q0).text).group(1),
                    "h0_label": "A", "h0_x": "1",
                    "h0_y": "2", "h0_w": "3", "h0_h": "4", "h0_ok": "1", "h1_label": "B",
                    "h1_x": "50", "h1_y": "50", "h1_w": "10", "h1_h": "10", "op": "del:h:1"})
    c.form(E, f"/homework/{hid}/questions/{qids[0]}/move", {"dir": "down"})
    c.form(E, f"/homework/{hid}/order", {"order": ",".join(map(str, qids[::-1]))})
    c.form(E, f"/homework/{hid}/order", {"order": "1,x"}, expect=400)
    c.form(E, f"/homework/{hid}/publish", {}, expect=400)      # nobody to do it yet
    c.form(f"/homework/{hid}/assign", f"/homework/{hid}/assign", {
        f"g_{gid}": "some", f"gs_{gid}_{s1.id}": "1", f"gd_{gid}": "2031-05-25T10:00",
        f"s_{t.students[1].id}": "1", f"sd_{t.students[1].id}": "bad"}, expect=400)
    c.form(f"/homework/{hid}/assign", f"/homework/{hid}/assign", {f"g_{gid}": "all"})
    c.form(E, E, {"title": uid("ДЗ"), "description": "<script>x</script>",
                  "late_policy": "block", "max_score": "50"})
    c.form(E, f"/homework/{hid}/publish", {})
    for p in ("/homework", "/homework?status=published", E, f"/homework/{hid}/assign",
              "/teacher/"):
        c.get(p)
    # The student: every screen, the script's autosave, a file, hand it in.
    sc, base = s1.c, f"/student/homework/{hid}"
    sc.get("/student/homework")
    sc.get(base)
    sc.form(base, base + "/start", {})
    for n in range(1, 10):
        page = sc.get(f"{base}?q={n}").text
        qid = re.search(r'name="qid" value="(\d+)"', page).group(1)
        pairs = [("q", str(n)), ("qid", qid), ("editable", "1"), ("go", "next"),
                 ("t_time", "12"), ("t_tabs", "1"), ("t_paste", "1")]
        pairs += [("a", v) for v in re.findall(r'name="a" value="(\d+)"', page)[:2]]
        pairs += [(m, "1") for m in re.findall(r'name="([smo]:[^"]+)"', page)]
        pairs += [(b, "слово") for b in re.findall(r'name="(b\d+)"', page)]
        pairs += [("h", h) for h in re.findall(r'name="h" value="([^"]+)"', page)]
        if 'form="upload-form"' in page:
            multipart(f"{base}?q={n}", base + "/upload", [("qid", qid), ("q", str(n))],
                      "w.png", filegen.png(), who=sc)
            multipart(f"{base}?q={n}", base + "/upload", [("qid", qid), ("q", str(n))],
                      "w.exe", b"MZ" + b"\0" * 100, expect=400, who=sc)
        if 'name="a"' in page and not re.search(r'name="a" value="\d+"', page):
            pairs.append(("a", "4,5 <b>"))
        body = urllib.parse.urlencode(pairs + [("csrf_token", sc.csrf(f"{base}?q={n}"))])
        sc.req("POST", base, body=body.encode(), expect=303, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        sc.req("POST", base, body=body.encode(), expect=200, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    sc.get(f"{base}?q=done")
    sc.get(f"{base}?q=abc")
    sc.form(f"{base}?q=done", base + "/submit", {})
    sc.get(base, expect=303)
    sc.get(base + "/result")
    sc.get("/student/")
    # The review and the statistics.
    st = c.get(f"/homework/{hid}/stats").text
    c.get(f"/homework/{hid}/stats?group={gid}")
    c.get(f"/homework/{hid}/stats?group=x", expect=400)
    sid = re.search(r'href="/submissions/(\d+)/review"', st).group(1)
    R = f"/submissions/{sid}/review"
    page = c.get(R).text
    fields = {n: "1" for n in re.findall(r'name="(s_\d+)"', page)}
    c.form(R, R, {**fields, "action": "save", "comment": "итог <i>", "override": ""})
    c.form(R, R, {**{n: "999" for n in fields}, "action": "save"}, expect=400)
    c.form(R, R, {"action": "revision", "revision_comment": "ещё"})
    sc.get(base)
    sc.form(base, base + "/submit", {})
    c.form(R, R, {"action": "complete", "force": "1", "override": "7"})
    sc.get(base + "/result")
    c.form(E, f"/homework/{hid}/delete", {}, expect=409)
    c.form(E, f"/homework/{hid}/archive", {})
    c.get(f"/homework/{hid}/questions/{qids[0]}/x", expect=404)


def analytics(d, t, k, gid):
    """The attendance journal (marks, a range, bad input), Zoom's participants on a started
    lesson, the suggestion confirmed and the student's tracked join; control points and their
    results; the rating, gradebook, report and its CSV and XLSX, badges, the summaries; the
    pages and their forms."""
    tok, s1, s2 = t.access, t.students[0], t.students[1]
    J = f"/api/groups/{gid}/attendance-log/"
    CP = "/api/control-points/"
    day = (datetime.date(2024, 1, 1) + datetime.timedelta(days=next(t.day))).isoformat()
    past = [d.json("POST", L, token=tok, expect=201, json={
        "title": uid("Прошедший"), "group": gid, "start_time": f"{day}T{h:02d}:00:00Z",
        "end_time": f"{day}T{h:02d}:45:00Z"})["id"] for h in (9, 11)]
    d.call("POST", J + "update/", token=tok, expect=200,
           json={"lesson_id": past[0], "student_id": s1.id, "status": "attended"})
    d.call("POST", J + "update/", token=tok, expect=200,
           json={"lesson_id": past[0], "student_id": s2.id, "status": "excused"})
    d.call("POST", J + "update/", token=tok, expect=200,
           json={"lesson_id": past[1], "student_id": s2.id, "status": None})
    for bad in ({"lesson_id": past[1], "student_id": s2.id, "status": "sick"},
                {"lesson_id": "recurring_x", "student_id": s2.id, "status": "absent"}, {}):
        d.call("POST", J + "update/", token=tok, json=bad, expect=400)
    d.call("GET", J, token=tok, expect=200)
    d.call("GET", J + f"?from={day}&to={day}", token=tok, expect=200)
    d.call("GET", J + "?from=2024-13-01", token=tok, expect=400)
    d.call("GET", J, token=s1.access, expect=403)
    # Zoom: a lesson started now; a student joins by the tracked button, Zoom tells who came.
    start = now_utc() - datetime.timedelta(minutes=30)
    lid = d.json("POST", L, token=tok, expect=201, json={
        "title": uid("Zoom"), "group": gid, "start_time": iso(start),
        "end_time": iso(start + datetime.timedelta(minutes=45))})["id"]
    mid = d.json("POST", f"{L}{lid}/start-new/", token=tok, json={}, expect=200)[
        "zoom_meeting_id"]
    s1.c.form(f"/lessons/{lid}", f"/lessons/{lid}/join", {})
    for who, email in ((s1, s1.email), (s2, "")):
        p = {"user_id": uid("p"), "user_name": f"Петрова {who.id}", "id": "", "email": email,
             "participant_uuid": uid("u"), "join_time": iso(start)}
        hook(d, "meeting.participant_joined", {"id": mid, "uuid": "u==", "host_id": "h",
                                               "topic": "t", "participant": p})
        p = {**p, "leave_time": iso(now_utc()), "leave_reason": "left"}
        del p["join_time"]
        hook(d, "meeting.participant_left", {"id": mid, "uuid": "u==", "host_id": "h",
                                             "topic": "t", "participant": p})
    hook(d, "meeting.participant_joined", {"id": mid, "participant": "x"}, expect=400)
    d.call("POST", f"{L}{lid}/end/", token=tok, json={}, expect=200)
    d.call("POST", J + "confirm/", token=tok, json={"lesson_id": lid}, expect=200)
    d.call("POST", J + "confirm/", token=tok, json={"lesson_id": "x"}, expect=400)
    # Control points and their results.
    cp = d.json("POST", CP, token=tok, expect=201, json={
        "title": uid("Контрольная"), "group": gid, "max_points": 20, "date": day,
        "lesson": past[0]})["id"]
    d.call("GET", f"{CP}?group={gid}", token=tok, expect=200)
    d.call("GET", f"{CP}{cp}/", token=s1.access, expect=200)
    d.call("PATCH", f"{CP}{cp}/", token=tok, json={"title": "Итоговая"}, expect=200)
    d.call("PUT", f"{CP}{cp}/results/", token=tok, expect=200, json={"results": [
        {"student_id": s1.id, "points": 18}, {"student_id": s2.id, "points": 7}]})
    d.call("PUT", f"{CP}{cp}/results/", token=tok, expect=400, json={"results": [
        {"student_id": s1.id, "points": 21}]})
    d.call("GET", f"{CP}{cp}/results/", token=s2.access, expect=200)
    d.call("PUT", f"{CP}{cp}/results/", token=tok, expect=200,
           json={"results": [{"student_id": s2.id, "points": None}]})
    res = d.json("POST", "/api/control-point-results/", token=tok, expect=201, json={
        "control_point": cp, "student": s2.id, "points": 11})["id"]
    d.call("PATCH", f"/api/control-point-results/{res}/", token=tok, json={"points": 12},
           expect=200)
    d.call("DELETE", f"/api/control-point-results/{res}/", token=tok, expect=204)
    d.call("POST", "/api/control-point-results/", token=tok, expect=201, json={
        "control_point": cp, "student": s2.id, "points": 11})
    d.call("POST", CP, token=tok, json={"title": "", "group": gid, "max_points": 0,
                                        "date": "x"}, expect=400)
    # The figures.
    for path, who in ((f"/api/groups/{gid}/rating/", s1), (f"/api/groups/{gid}/rating/", t),
                      (f"/api/groups/{gid}/rating/?month={day[:7]}", t),
                      (f"/api/teacher-stats/group_rating/?group_id={gid}", t),
                      (f"/api/groups/{gid}/report/", t),
                      (f"/api/groups/{gid}/report/?from={day}&to={day}", t),
                      (f"/api/analytics/summary-report/?group_id={gid}", t),
                      (f"/api/gradebook/?group={gid}", t), (f"/api/gradebook/?group={gid}", s1),
                      (f"/api/groups/{gid}/report/export/?format=csv", t),
                      (f"/api/groups/{gid}/report/export/?format=xlsx", t),
                      (f"/api/badges/?student={s1.id}", s1), (f"/api/badges/?group={gid}", t),
                      ("/api/teacher-stats/summary/", t), ("/api/student-stats/summary/", s1)):
        d.call("GET", path, token=who.access, expect=200)
    d.call("GET", f"/api/groups/{gid}/report/export/?format=pdf", token=tok, expect=400)
    d.call("GET", f"/api/groups/{gid}/rating/?month=2024-1", token=tok, expect=400)
    # The pages and their forms.
    c = t.c
    g = f"/groups/{gid}"
    for page in (f"{g}/journal", f"{g}/journal?edit={past[1]}", f"{g}/control-points",
                 f"/control-points/{cp}", f"{g}/rating", f"{g}/gradebook", f"{g}/report",
                 f"{g}/report?from={day}&to={day}", f"{g}/report/export?format=xlsx",
                 f"{g}/report/export?format=csv", "/teacher/"):
        c.get(page)
    c.form(f"{g}/journal", f"{g}/journal", {"lesson_id": past[1], f"s_{s1.id}": "late",
                                             f"s_{s2.id}": "absent"})
    c.form(f"{g}/journal", f"{g}/journal", {"lesson_id": past[1], f"s_{s1.id}": "sick"},
           expect=400)
    c.form(f"{g}/journal", f"{g}/journal/confirm", {"lesson_id": lid})
    c.form(f"/control-points/{cp}", f"/control-points/{cp}", {f"p_{s1.id}": "5",
                                                              f"p_{s2.id}": "99"}, expect=400)
    c.form(f"/control-points/{cp}", f"/control-points/{cp}", {f"p_{s1.id}": "5",
                                                              f"p_{s2.id}": ""})
    c.form(f"/control-points/{cp}", f"/control-points/{cp}/edit", {
        "title": "Т", "date": day, "max_points": "30", "lesson": ""})
    r = c.form(f"{g}/control-points", f"{g}/control-points", {
        "title": uid("Тест"), "date": day, "max_points": "10", "lesson": str(past[1])})
    cp2 = int(re.search(r"/control-points/(\d+)", r.header("location")).group(1))
    c.form(f"/control-points/{cp2}", f"/control-points/{cp2}/delete", {})
    c.form(f"{g}/control-points", f"{g}/control-points", {"title": "", "date": "x",
                                                          "max_points": "0"}, expect=400)
    s1.c.get(f"{g}/rating")
    s1.c.get("/student/")
    d.call("DELETE", f"{CP}{cp}/", token=tok, expect=204)
    for x in (lid, *past):
        d.call("DELETE", f"{L}{x}/", token=tok, expect=204)


def bad_input(d, t, s):
    """Malformed, oversized and unauthorised requests: all 4xx, never 5xx."""
    tok = t.access
    j = {"Content-Type": "application/json"}
    for path, who in (("/api/jwt/register/", None), ("/api/jwt/token/", None),
                      ("/api/groups/", tok), (L, tok), (R, tok), (IC, tok),
                      ("/api/jwt/refresh/", None), ("/api/groups/join_by_code/", s.access)):
        for body in (b"{", b'{"a":', b"[1,2", b"nul", b'{"name": "\xff\xfe"}', b"\xc3\x28",
                     b'{"title": "\xed\xa0\x80"}', b"[" * 5000, b'{"a":1}garbage', b"",
                     b'"just a string"', b"123", b"{\"a\": 1e999}"):
            d.call("POST", path, body=body, headers=j,
                   token=who, expect=(400, 401, 403, 404, 415, 429))
    d.call("POST", "/api/groups/", token=tok, json={"name": 5, "student_ids": "x"}, expect=400)
    d.call("POST", L, token=tok, json={"title": "x" * 300, "group": "abc",
                                        "start_time": "tomorrow", "end_time": None}, expect=400)
    d.call("POST", L, token=tok, json={"title": "x", "group": 2 ** 70,
                                        "start_time": "2031-13-45T99:00:00Z"}, expect=400)
    d.call("POST", R, token=tok, json={"day_of_week": 9, "start_time": "10"}, expect=400)
    d.call("PATCH", "/api/me/", token=tok, json={"first_name": "x" * 5000}, expect=400)
    d.call("POST", "/api/groups/", token=tok, body=b'{"name":"x"}',
           headers={"Content-Type": "text/plain"}, expect=(201, 400, 415))
    big = b'{"name": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    d.call("POST", "/api/groups/", token=tok, body=big, headers=j, expect=413)
    d.call("POST", "/login", body=b"email=" + b"a" * (2 * 1024 * 1024), expect=(403, 413),
           headers={"Content-Type": "application/x-www-form-urlencoded"})
    d.call("POST", "/api/jwt/token/", body=b"x" * (9 * 1024 * 1024), headers=j, expect=413)
    for bad in ("garbage", "a.b.c", tok[:-4] + "AAAA", tok + "x", "", "eyJhbGciOiJub25lIn0.e30.",
                t.refresh, "\u00e9t\u00e9".encode().decode("latin-1")):
        d.call("GET", "/api/me/", headers={"Authorization": "Bearer " + bad},
               expect=(400, 401))
    d.call("GET", "/api/me/", headers={"Authorization": "Basic dXNlcjpwYXNz"}, expect=401)
    d.call("POST", "/api/jwt/refresh/", json={"refresh": tok}, expect=401)
    d.call("POST", "/api/jwt/refresh/", json={"refresh": "x.y.z"}, expect=401)
    d.call("POST", "/api/jwt/verify/", json={"token": "x" * 3000}, expect=401)
    d.call("POST", "/api/jwt/token/", json={"email": "nobody@example.org"}, expect=400)
    for cookie in ("tp_session=%%%", "tp_session=" + "A" * 4000, "=;=;;", "tp_csrf=\x01\x02",
                   "tp_session=abc.def; tp_csrf=" + "z" * 64):
        d.call("GET", "/teacher/", headers={"Cookie": cookie}, expect=(302, 303, 400))
    for path, status in (("/nope", 404), ("/api/nope/", 404), (f"{L}999999999/", 404),
                         ("/api/groups/0/", 404), ("/lessons/99999999999999999999", 404),
                         ("/api/groups/%ff/", (400, 404)), ("/lessons/%FF%FE", (400, 404)),
                         ("/calendar/%00.ics", (400, 404)), ("/calendar/" + "a" * 43 + ".ics", 404),
                         ("/api/groups/?page=abc", (400, 404)),
                         ("/api/groups/?page_size=-1", (200, 400)),
                         ("/api/groups/?%zz=1", 400), ("/api/groups/?code=%FF%FE", (200, 400)),
                         ("/calendar/week?date=2031-02-30", (200, 303, 400)),
                         (f"{L}calendar_feed/?start=yesterday", 400),
                         ("/api/groups/preview_by_code/?code=" + "%E2%82" * 10, (400, 404))):
        d.call("GET", path, token=tok, expect=status)
    for method, path in (("DELETE", "/api/ping/"), ("PUT", "/api/health/"), ("POST", "/api/me/"),
                         ("DELETE", "/api/groups/"), ("PATCH", L)):
        r = d.call(method, path, token=tok, expect=405)
        if not r.header("allow"):
            d.fail(f"{method} {path}: 405 without Allow")
    d.call("PUT", "/login", body=b"", expect=405)
    d.call("GET", "/api/zoom-pool/", token=tok, expect=403)
    d.call("GET", "/api/me/", expect=401)
    d.call("POST", "/api/jwt/register/", json={"email": "x@y.org", "password": "short",
                                               "role": "teacher"}, expect=400)
    d.call("POST", "/api/jwt/register/", json={"email": t.email, "password": PW,
                                               "role": "student"}, expect=400)
    d.call("POST", "/schedule/webhook/zoom/", body=b'{"event":"meeting.ended"}', headers={
        **j, "x-zm-request-timestamp": str(int(time.time())), "x-zm-signature": "v0=00"},
        expect=401)
    body = jsonlib.dumps({"event": "endpoint.url_validation",
                          "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"}}).encode()
    d.call("POST", "/schedule/webhook/zoom/", body=body, headers=signed(body), expect=200)
    d.call("POST", "/accounts/api/password-reset/request/", json={"email": "no@example.org"},
           expect=(200, 202, 400, 429, 503))
    d.call("GET", "/accounts/api/password-reset/validate/abc/def/", expect=(200, 400, 404))
    d.call("POST", "/accounts/api/email/verify-code/", json={"email": s.email, "code": "000000"},
           expect=(400, 404, 429))
    d.call("GET", "/accounts/api/email/verify-token/" + "x" * 40 + "/", expect=(400, 404))
    d.call("GET", "/api/health/", expect=200)
    d.call("GET", "/api/ping/", expect=200)
    d.call("GET", "/api/schema/", expect=200)


def stream(d, path, cookies=None):
    """Open the live stream the way a browser does and hang up once nchan greets it (': hi'):
    tpanel only checks who connects and hands over with X-Accel-Redirect."""
    h = {"Accept": "text/event-stream"}
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    conn = http.client.HTTPConnection(d.stack.host, d.stack.port, timeout=TIMEOUT)
    try:
        conn.request("GET", path, headers=h)
        r = conn.getresponse()
        with d.lock:
            d.count += 1
            d.statuses[r.status] += 1
        if r.status != 200 or not r.readline().startswith(b": hi"):
            d.fail(f"GET {path}: {r.status}, expected a stream")
    finally:
        conn.close()


def chat_round(d, t, k):
    """The chat: a private chat and the group's chat, messages and everything done to them,
    the API under both prefixes, the pages, tickets and live streams (each write publishes
    through nchan with libcurl), bad input."""
    tok, s1, s2 = t.access, t.students[0], t.students[1]
    gid = d.json("POST", "/api/groups/", token=tok, expect=201, json={
        "name": uid("Чат"), "student_ids": [s1.id, s2.id]})["id"]
    dm = d.json("POST", "/api/chats/create_private/", token=s1.access, json={"user_id": t.id},
                expect=(200, 201))
    gc = d.json("POST", "/accounts/api/chats/create_group/", token=tok,
                json={"group_id": gid}, expect=201)
    cc = d.json("POST", "/api/chats/", token=tok, expect=201,
                json={"name": uid("Кружок"), "participant_ids": [s1.id]})
    for i in range(3):
        d.call("POST", "/api/messages/", token=s1.access, expect=201,
               json={"chat": dm["id"], "text": f"Вопрос {i} <b>жирно</b> \u2028"})
    m = d.json("POST", "/api/messages/", token=s2.access, expect=201,
               json={"chat": gc["id"], "text": "я" * 4000})
    d.call("POST", "/api/messages/", token=tok, expect=201,
           json={"chat": gc["id"], "text": "ответ", "reply_to": m["id"]})
    d.call("GET", "/api/chats/?page_size=1", token=tok, expect=200)
    nxt = d.json("GET", "/api/chats/?page_size=1&filter=all", token=tok, expect=200)["next"]
    if nxt:
        d.call("GET", urllib.parse.urlsplit(nxt).path + "?" + urllib.parse.urlsplit(nxt).query,
               token=tok, expect=200)
    d.call("GET", "/accounts/api/chats/?filter=unread&page=1", token=s1.access, expect=200)
    d.call("GET", "/api/chats/unread/", token=tok, expect=200)
    d.call("GET", f"/api/chats/{gc['id']}/", token=s1.access, expect=200)
    page = d.json("GET", f"/api/messages/?chat_id={dm['id']}&page_size=2", token=tok, expect=200)
    first = page["results"][0]["id"]
    d.call("GET", f"/api/messages/?chat_id={dm['id']}&before_id={first}", token=tok, expect=200)
    d.call("GET", f"/api/messages/?chat_id={dm['id']}&after_id=1", token=tok, expect=200)
    d.call("POST", "/api/messages/mark_chat_as_read/", token=tok, json={"chat_id": dm["id"]},
           expect=200)
    d.call("POST", f"/api/messages/{m['id']}/mark_as_read/", token=s1.access, expect=200)
    d.call("GET", f"/api/messages/?chat_id={gc['id']}", token=s1.access, expect=200)
    d.call("PATCH", f"/api/messages/{m['id']}/", token=s2.access, json={"text": "правка"},
           expect=200)
    d.call("PATCH", f"/api/messages/{m['id']}/", token=tok, json={"text": "чужое"}, expect=403)
    d.call("DELETE", f"/api/messages/{m['id']}/", token=tok, expect=204)
    d.call("GET", "/api/messages/search/?q=" + urllib.parse.quote("Вопрос"), token=s1.access,
           expect=200)
    d.call("GET", "/api/users/search/?q=" + urllib.parse.quote("Анна"), token=s1.access,
           expect=200)
    d.call("GET", f"/api/users/search/{t.id}/", token=s1.access, expect=200)
    d.call("GET", "/api/users/", token=s1.access, expect=200)
    d.call("POST", f"/api/chats/{gc['id']}/typing/", token=s1.access, json={"op": "start"},
           expect=204)
    d.call("POST", f"/api/chats/{gc['id']}/typing/", token=s1.access, json={"op": "stop"},
           expect=204)
    d.call("POST", f"/api/chats/{gc['id']}/mute_member/", token=tok,
           json={"user_id": s2.id, "minutes": 5}, expect=200)
    d.call("POST", "/api/messages/", token=s2.access, json={"chat": gc["id"], "text": "x"},
           expect=403)
    d.call("POST", f"/api/chats/{gc['id']}/mute_member/", token=tok,
           json={"user_id": s2.id, "minutes": None}, expect=200)
    d.call("PATCH", f"/api/chats/{gc['id']}/", token=tok, json={"is_readonly": True,
                                                                 "name": uid("Чат")}, expect=200)
    d.call("POST", f"/api/chats/{cc['id']}/add_participants/", token=tok,
           json={"participant_ids": [s2.id]}, expect=200)
    d.call("POST", f"/api/chats/{cc['id']}/remove_participant/", token=tok,
           json={"user_id": s2.id}, expect=200)
    d.call("POST", f"/api/chats/{cc['id']}/leave/", token=s1.access, expect=204)
    d.call("DELETE", f"/api/chats/{cc['id']}/", token=tok, expect=204)
    d.call("DELETE", f"/api/chats/{dm['id']}/", token=tok, expect=405)
    # The group's chat follows the group.
    d.call("POST", f"/api/groups/{gid}/remove_students/", token=tok,
           json={"student_ids": [s2.id]}, expect=200)
    d.call("GET", f"/api/chats/{gc['id']}/", token=s2.access, expect=404)
    # Bad input.
    for body in (b"{", b'{"chat": "x", "text": 5}', b'{"chat": 1, "text": "\xff"}',
                 b'{"chat": ' + str(dm["id"]).encode() + b', "text": "' + b"x" * 5000 + b'"}'):
        d.call("POST", "/api/messages/", token=s1.access, body=body,
               headers={"Content-Type": "application/json"}, expect=(400, 403))
    for path in ("/api/chats/?cursor=1.2.abc", "/api/chats/?filter=x", "/api/messages/",
                 "/api/messages/?chat_id=abc", "/api/messages/search/?q=a",
                 f"/api/messages/?chat_id={dm['id']}&before_id=2&after_id=1"):
        d.call("GET", path, token=tok, expect=400)
    d.call("POST", "/api/chats/create_private/", token=s1.access, json={"user_id": "x"},
           expect=400)
    d.call("POST", "/api/chats/create_group/", token=s1.access, json={"name": "x"}, expect=403)
    # Tickets and streams (nginx holds them; tpanel answers at once).
    tk = d.json("POST", "/api/realtime/ticket/", token=tok, expect=201)
    stream(d, tk["url"])
    d.call("GET", tk["url"], headers={"Accept": "text/event-stream"}, expect=401)
    d.call("GET", "/api/realtime/connect/?ticket=" + "x" * 43,
           headers={"Accept": "text/event-stream"}, expect=401)
    d.call("GET", "/api/realtime/connect/", expect=400)
    stream(d, "/api/realtime/connect/?last_event_id=1:0", cookies=t.c.cookies)
    # The pages.
    c = t.c
    for p in ("/chat", "/chat?filter=unread", "/chat?filter=groups", "/chat/new",
              "/chat/new?q=" + urllib.parse.quote("Пет"), f"/chat/{dm['id']}",
              f"/chat/{gc['id']}", f"/chat/{dm['id']}/since?after_id=0", "/chat/unread"):
        c.get(p)
    c.form(f"/chat/{dm['id']}", f"/chat/{dm['id']}", {"text": "со страницы <i>x</i>"})
    c.form(f"/chat/{dm['id']}", f"/chat/{dm['id']}", {"text": " "}, expect=400)
    c.form(f"/chat/{gc['id']}", f"/chat/{gc['id']}/mute",
           {"user_id": str(s1.id), "minutes": "10"})
    c.form(f"/chat/{gc['id']}", f"/chat/{gc['id']}/settings", {"name": uid("Чат")})
    c.form(f"/chat/{dm['id']}", f"/chat/{dm['id']}/read", {"up_to_id": "0"}, expect=200)
    c.form(f"/chat/{dm['id']}", f"/chat/{dm['id']}/typing", {"op": "start"}, expect=204)
    mine = d.json("POST", "/api/messages/", token=tok, expect=201,
                  json={"chat": dm["id"], "text": "исправлю"})
    c.get(f"/chat/messages/{mine['id']}/edit")
    c.form(f"/chat/messages/{mine['id']}/edit", f"/chat/messages/{mine['id']}/edit",
           {"text": "исправил"})
    c.form(f"/chat/{dm['id']}", f"/chat/messages/{mine['id']}/delete", {})
    c.form("/chat/new", "/chat/new", {"user_id": str(s1.id)})
    c.form("/chat/new", "/chat/new", {"group_id": str(gid)})
    c.get("/chat/999999999", expect=404)
    chat_files(d, t, s1, dm)
    d.call("DELETE", f"/api/groups/{gid}/", token=tok, expect=204)


def chat_files(d, t, s, dm):
    """Chat attachments: uploads kept and refused, a message with each, downloads by a member
    and by the uploader, another user's file refused, the page's attachment form."""
    def up(who, name, data, expect, chat=dm["id"]):
        body, ct = filegen.multipart([("chat_id", str(chat))], [("file", name, "", data)])
        return d.call("POST", "/api/chat/upload/", who.access, body=body,
                      headers={"Content-Type": ct}, expect=expect)
    img = up(s, "фото.png", filegen.png(), 201).json()
    doc = up(t, "задание.docx", filegen.ooxml("docx"), 201).json()
    up(s, "x.png", filegen.HTML, 400)
    up(s, "a.png", filegen.png(), 403, chat=999999999)
    for who, f, text in ((s, img, ""), (t, doc, "Вот задание")):
        d.call("POST", "/api/messages/", token=who.access, expect=201,
               json={"chat": dm["id"], "file_id": f["file_id"], "text": text})
    d.call("POST", "/api/messages/", token=t.access, expect=400,
           json={"chat": dm["id"], "file_id": img["file_id"]})
    d.call("GET", img["file_url"], t.access, expect=200)
    d.call("GET", doc["file_url"], s.access, expect=200)
    d.call("GET", f"/api/messages/?chat_id={dm['id']}", token=s.access, expect=200)
    token = t.c.csrf(f"/chat/{dm['id']}")
    body, ct = filegen.multipart([("csrf_token", token), ("text", "схема")],
                                 [("file", "схема.pdf", "", filegen.pdf())])
    t.c.req("POST", f"/chat/{dm['id']}/file", body=body, headers={"Content-Type": ct},
            expect=303)


def revoke_round(d, admin):
    """A user with a live stream, deleted: nchan's channel is closed (libcurl's DELETE)."""
    gone = register(d, "student")
    tk = d.json("POST", "/api/realtime/ticket/", token=gone.access, expect=201)
    stream(d, tk["url"])
    d.call("DELETE", f"/accounts/api/admin/students/{gone.id}/delete/", token=admin.access,
           expect=200)


# -- the run ------------------------------------------------------------------------------------

def setup(d, stack, zoom, nteachers):
    """An admin, the pool, teachers and two students all teachers share (every sign-up and
    sign-in costs an argon2 hash, slow under memcheck), their page sessions."""
    admin = APPROVER["admin"] = admin_user(d, stack)
    for _ in range(3):
        pool_account(d, admin, zoom)
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        people = list(ex.map(lambda i: register(d, "teacher" if i < nteachers else "student",
                                                first_name="Анна", last_name=f"Петрова{i}"),
                             range(nteachers + 2)))
        teachers, students = people[:nteachers], people[nteachers:]
        for t in teachers:
            t.students = students
        list(ex.map(lambda u: u.c.signin(u.email), [admin, *teachers, students[0]]))
    # A lesson soon, of a teacher of its own (the others' lessons must not overlap it), so
    # that the reminder job has something to send to everyone.
    start = now_utc() + datetime.timedelta(minutes=10)
    t = register(d, "teacher")
    g = d.json("POST", "/api/groups/", token=t.access, expect=201, json={
        "name": uid("Напоминания"), "student_ids": [s.id for s in students]})
    d.call("POST", L, token=t.access, expect=201, json={
        "title": uid("Скоро"), "group": g["id"], "start_time": iso(start),
        "end_time": iso(start + datetime.timedelta(minutes=30))})
    d.call("POST", "/schedule/api/celery/trigger/send_lesson_reminders/", token=admin.access,
           expect=200)
    return admin, teachers


def zoom_faults(d, zoom, t):
    """Starts while Zoom fails (one at a time: the faults are the fake Zoom's, for all)."""
    gid = d.json("POST", "/api/groups/", token=t.access, expect=201, json={
        "name": uid("Сбои"), "student_ids": [s.id for s in t.students]})["id"]
    for fault in (500, 429, "expire"):
        teacher_zoom(d, t, gid, zoom, fault)
    d.call("DELETE", f"/api/groups/{gid}/", token=t.access, expect=204)


def db_outage(d, stack, admin, teachers):
    """MariaDB goes away and comes back: 503 meanwhile, then every worker reconnects and
    re-prepares its statements."""
    t = teachers[0]
    stack.db_stop()
    try:
        for _ in range(3):
            d.call("GET", "/api/health/", expect=503)
            d.call("GET", L, token=t.access, expect=503)
            d.call("POST", "/api/groups/", token=t.access, json={"name": "x"}, expect=503)
            t.c.get("/teacher/", expect=503)
            d.call("POST", "/api/jwt/token/", json={"email": t.email, "password": PW},
                   expect=503)
    finally:
        stack.db_start()
    for u in (admin, *teachers):
        account(d, u)
        u.c.get("/calendar")


def files(d, t, s):
    """Stored files: uploads kept and refused, broken bodies, downloads and a range."""
    def up(path, name, data, expect, fields=(), raw=None):
        body, ct = filegen.multipart(fields, [("file", name, "image/png", data)])
        return d.call("POST", path, t.access, body=raw if raw is not None else body,
                      headers={"Content-Type": ct}, expect=expect)
    f = up("/api/homework/upload-file/", "a.png", filegen.png(), 201).json()
    up("/api/homework/upload-file/", "a.wav", filegen.wav(), 201, [("file_type", "audio")])
    up("/api/homework/upload-document-direct/", "Отчёт.docx", filegen.ooxml("docx"), 201)
    up("/api/homework/upload-file/", "x.png", filegen.HTML, 400)
    up("/api/homework/upload-file/", "x.gif", filegen.png(9, 9), 400)
    up("/api/homework/upload-file/", "a.png", filegen.png(), 400, raw=b"--x\r\nbroken")
    d.call("POST", "/api/homework/upload-file/", t.access, json={"file": 1}, expect=400)
    d.call("GET", f["url"], t.access, expect=200)
    d.call("GET", f["url"], t.access, headers={"Range": "bytes=0-3"}, expect=206)
    d.call("GET", f["url"], s.access, expect=404)
    d.call("GET", "/api/files/" + "f" * 32 + "/", t.access, expect=404)


def guarded(d, fn, *a):
    try:
        return fn(*a)
    except Failure:
        return None
    except Exception as e:  # noqa: BLE001 - an unexpected answer shape is a failure too
        with d.lock:
            d.failures.append(f"{fn.__name__}: {type(e).__name__}: {e}\n"
                              + "".join(traceback.format_exc(limit=-3)))
        return None


def teacher_rounds(d, t, i, rounds, zoom, relay):
    for k in range(rounds):
        gid = guarded(d, teacher_api, d, t, k)
        if gid is None:
            continue
        guarded(d, teacher_zoom, d, t, gid, zoom)
        guarded(d, homework, d, t, k, gid)
        guarded(d, homework_files, d, t, gid)
        guarded(d, homework_pages, d, t, k, gid)
        guarded(d, analytics, d, t, k, gid)
        if (i + k) % 2 == 0:    # half the time: two argon2 hashes, slow under memcheck
            guarded(d, mail, d, relay, (i + k) // 2, i == 0 and k == 0)
        guarded(d, account, d, t)
        guarded(d, account, d, t.students[k % 2])
        guarded(d, teacher_pages, d, t, k, gid)
        guarded(d, chat_round, d, t, k)
        code = guarded(d, lambda: d.json("GET", f"/api/groups/{gid}/", token=t.access)
                       .get("invite_code"))
        guarded(d, student_pages, d, t.students[0], gid, code)
        guarded(d, bad_input, d, t, t.students[1])
        guarded(d, files, d, t, t.students[0])
        guarded(d, d.call, "DELETE", f"/api/groups/{gid}/", t.access, None, None, None, 204)


def drive(d, stack, zoom, relay, rounds, nteachers):
    admin, teachers = setup(d, stack, zoom, nteachers)
    say(f"set up ({d.count} requests); {nteachers} teachers x {rounds} rounds + admin")
    reloaded = threading.Event()

    def admin_rounds():
        for k in range(rounds * 2):
            guarded(d, admin_round, d, admin, zoom, k)
            guarded(d, account, d, admin)
            if k == rounds // 2 and not reloaded.is_set():
                os.kill(stack.master_pid(), signal.SIGHUP)   # replace the workers once
                reloaded.set()

    with concurrent.futures.ThreadPoolExecutor(nteachers + 1) as ex:
        futs = [ex.submit(teacher_rounds, d, t, i, rounds, zoom, relay)
                for i, t in enumerate(teachers)]
        futs.append(ex.submit(admin_rounds))
        for f in futs:
            try:
                f.result()
            except Failure:
                pass
    say(f"rounds done ({d.count} requests); Zoom faults, a database restart")
    guarded(d, zoom_faults, d, zoom, teachers[0])
    guarded(d, revoke_round, d, admin)
    guarded(d, db_outage, d, stack, admin, teachers)
    for args in (("migrate", "--status"), ("config",), ("routes",), ("version",)):
        guarded(d, cli, stack, *args)


# -- the memcheck logs ----------------------------------------------------------------------------

SUMMARY = re.compile(r"^==(\d+)== ERROR SUMMARY: (\d+) errors", re.M)
LOST = re.compile(r"^==\d+==\s+(definitely|indirectly) lost: ([\d,]+) bytes", re.M)


def roles(stack_log, master):
    """pid -> role, from tpanel's own log (the scheduler says where it runs the jobs)."""
    out = {master: "master"}
    for line in stack_log.splitlines():
        try:
            j = jsonlib.loads(line)
        except ValueError:
            continue
        if "running the periodic jobs here" in j.get("msg", ""):
            out[j.get("pid")] = "scheduler"
    return out


def excerpt(text, limit=120):
    """The error and leak records of a memcheck log (blocks between blank '==pid==' lines)."""
    blocks, cur = [], []
    for line in text.splitlines():
        body = re.sub(r"^==\d+== ?", "", line)
        if body.strip() == "":
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        blocks.append(cur)
    # Errors first, then definite leaks (the roots), then what they held.
    kinds = (r"Invalid (read|write|free)|uninitialised|Mismatched free|overlap|Syscall param|"
             r"fishy|Jump to the invalid|Conditional jump", r"definitely lost in",
             r"indirectly lost in")
    keep = [b for k in kinds for b in blocks if re.search(k, b[0])]
    lines = [line for b in keep for line in b + [""]]
    return "\n".join(lines[:limit]) + ("\n  ..." if len(lines) > limit else "")


def check_logs(logs, stack, master):
    role = roles(stack.log_text(), master)
    files = sorted(Path(logs).glob("vg.*.log")) + sorted(Path(logs).glob("cli.*.log"))
    bad, seen = 0, collections.Counter()
    for f in files:
        text = f.read_text(errors="replace")
        pid = int(f.name.split(".")[1])
        who = "command" if f.name.startswith("cli.") else role.get(pid, "worker")
        seen[who] += 1
        m = SUMMARY.search(text)
        if m is None:
            bad += 1
            print(f"memcheck: {who} {pid}: no ERROR SUMMARY in {f} (killed before its leak "
                  f"check?)\n" + "\n".join(text.splitlines()[-15:]))
            continue
        lost = {k: int(v.replace(",", "")) for k, v in LOST.findall(text)}
        if int(m.group(2)) or any(lost.values()):
            bad += 1
            print(f"\nmemcheck: {who} {pid}: {m.group(2)} errors, "
                  f"{lost.get('definitely', 0)} bytes definitely and "
                  f"{lost.get('indirectly', 0)} indirectly lost ({f}):\n{excerpt(text)}")
    print(f"memcheck: {len(files)} processes checked: {seen['master']} master, "
          f"{seen['scheduler']} scheduler, {seen['worker']} workers, {seen['command']} "
          "other tpanel commands")
    if seen["master"] != 1 or seen["scheduler"] < 1 or seen["worker"] < 3:
        print("memcheck: expected the master, a scheduler and recycled workers among the logs")
        bad += 1
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--logs", required=True, help="where memcheck's logs go (emptied first)")
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("MEMCHECK_ROUNDS", 3)))
    ap.add_argument("--teachers", type=int, default=3)
    ap.add_argument("--max-requests", type=int, default=400,
                    help="TPANEL_MAX_REQUESTS: a worker is recycled after this many")
    ap.add_argument("--keep", action="store_true", help="keep the stack's directory")
    args = ap.parse_args()
    if not (REPO / "tpanel").exists():
        sys.exit(f"memcheck: {REPO}/tpanel is not built")
    logs = Path(args.logs).resolve()
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    t0 = time.monotonic()
    zoom = FakeZoom().start()
    relay = SMTPRelay()
    env = dict(os.environ)
    env.pop("TPANEL_HTTP_PORT", None)
    env.update(zoom_env(zoom))
    env.update({
        "STACK_SERVE_WRAPPER": VALGRIND.format(supp=HERE / "tpanel.supp", logs=logs),
        "STACK_WAIT_SECS": "180",
        "TPANEL_WORKERS": "2", "TPANEL_MAX_REQUESTS": str(args.max_requests),
        "TPANEL_DRAIN_TIMEOUT": "600", "TPANEL_ZOOM_TIMEOUT_MS": "20000",
        "TPANEL_ZOOM_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TPANEL_LESSON_START_MAX": "100000", "TPANEL_LOGIN_FAIL_IP_MAX": "100000",
        "TPANEL_LOGIN_FAIL_ACCOUNT_MAX": "100000", "TPANEL_CODE_FAIL_USER_MAX": "100000",
        "TPANEL_CODE_FAIL_IP_MAX": "100000", "TPANEL_POOL_RELEASE_INTERVAL": "5",
        "TPANEL_REMINDER_INTERVAL": "5", "TPANEL_RESET_IP_MAX": "100000",
        "TPANEL_RESET_EMAIL_MAX": "100000",
        "TPANEL_SMTP_URL": f"smtp://127.0.0.1:{relay.port}", "TPANEL_MAIL_INTERVAL": "1",
        "TPANEL_ZOOM_WORKER_SHARE": "100"})
    stack = Stack(tempfile.mkdtemp(prefix="tpvg", dir="/tmp"), free_port(), env)
    d = Driver(stack)
    master = None
    try:
        run_stack("start", stack.dir, stack.port, env=env, timeout=300)
        master = stack.master_pid()
        say("stack up")
        drive(d, stack, zoom, relay, args.rounds, args.teachers)
    except Failure:
        pass
    except Exception as e:  # noqa: BLE001 - still stop the stack and read the logs
        d.failures.append(f"driver: {type(e).__name__}: {e}\n{traceback.format_exc()}")
    finally:
        say(f"{d.count} requests sent; stopping the stack")
        try:
            run_stack("stop", stack.dir, env=env, timeout=300)
        finally:
            zoom.stop()
            relay.close()
            if (stack.dir / "logs" / "tpanel.log").exists():
                shutil.copy(stack.dir / "logs" / "tpanel.log", logs / "tpanel.log")
    secs = time.monotonic() - t0
    codes = ", ".join(f"{k}: {v}" for k, v in sorted(d.statuses.items(), key=str))
    say(f"{d.count} requests in {secs:.0f}s ({codes})")
    bad = check_logs(logs, stack, master) if master else 1
    if d.failures:
        print(f"\nmemcheck: {len(d.failures)} unexpected answers:")
        for f in d.failures[:30]:
            print("  " + f)
    if args.keep:
        print(f"memcheck: stack kept in {stack.dir}")
    else:
        shutil.rmtree(stack.dir, ignore_errors=True)
    if bad or d.failures:
        print(f"memcheck: FAILED ({bad} processes with memcheck findings, "
              f"{len(d.failures)} unexpected answers); logs in {logs}")
        return 1
    print(f"memcheck: passed; logs in {logs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
