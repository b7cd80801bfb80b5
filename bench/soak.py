#!/usr/bin/env python3
"""The soak: a school's busy hour against a throwaway stack, for SOAK_MINUTES, optionally with
faults injected one after another. Run by bench/soak (which makes the state directory, mounts
the tmpfs for the log faults and cleans up); see bench/README for what it checks.

    bench/soak.py --dir DIR --port PORT [--minutes M] [--faults] [--out FILE]

Everything goes through nginx as a browser or an API client would. The fake Zoom
(tests/e2e/fakezoom.py) runs in this process; teachers' browsers "open" the meetings they
start, so a release must end them there.
"""

import argparse
import collections
import datetime
import errno
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
from fakezoom import FakeZoom  # noqa: E402

PW = "Soak1password"
HTTP_TIMEOUT = 40.0          # above nginx's fastcgi_read_timeout (30 s): a hang shows as 504
SLOT = 60                    # a lesson lasts one minute; each teacher has one every minute
KIB = 1024

STOP = threading.Event()     # the load stops
T0 = time.time()


def now():
    return time.time()


def rel(t):
    """Seconds since the driver started, for reports."""
    return t - T0


def say(*a):
    print(f"[{rel(now()):7.1f}s]", *a, file=sys.stderr, flush=True)


def iso(t):
    return datetime.datetime.fromtimestamp(int(t), datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


# -- what every request got ---------------------------------------------------------------------

class Recorder:
    """Answers by operation and status; the unexpected ones kept whole for judging later."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()          # (op, outcome) -> n
        self.lat = collections.defaultdict(list)     # op -> seconds of expected answers
        self.timed = []                              # (t0, op, seconds) of expected answers
        self.odd = []                                # dicts: t0, t1, op, outcome, ctype, body
        self.n = 0
        self.n_odd = 0

    def add(self, op, outcome, t0, t1, expected, ctype="", body=b""):
        with self.lock:
            self.counts[(op, outcome)] += 1
            self.n += 1
            if expected:
                self.lat[op].append(t1 - t0)
                self.timed.append((t0, op, t1 - t0))
            else:
                self.n_odd += 1
                self.odd.append({"t0": t0, "t1": t1, "op": op, "outcome": outcome,
                                 "ctype": ctype, "body": body[:300].decode("utf-8", "replace")})

    def totals(self):
        with self.lock:
            return self.n, self.n_odd


REC = Recorder()


class Client:
    """A user's browser or API client: cookies for pages, a bearer token for the API."""

    def __init__(self, host, port, token=None):
        self.host, self.port = host, port
        self.token = token
        self.cookies = {}
        self.csrf = None

    def clone(self):
        c = Client(self.host, self.port, self.token)
        c.cookies = dict(self.cookies)
        return c

    def raw(self, method, path, body=None, headers=None, timeout=HTTP_TIMEOUT):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.getheaders(), data
        finally:
            conn.close()

    def call(self, op, method, path, expect, json_body=None, form=None, record=True):
        """One request, recorded under op; returns (status, headers, body) or None on a
        connection error or timeout. expect: the statuses of a normal answer."""
        h = {}
        body = None
        if path.startswith("/api/"):
            if self.token:
                h["Authorization"] = "Bearer " + self.token
        elif self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in list(self.cookies.items()))
        if json_body is not None:
            body = json.dumps(json_body).encode()
            h["Content-Type"] = "application/json"
        elif form is not None:
            body = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        t0 = now()
        try:
            status, hd, pairs, data = self.raw(method, path, body, h)
        except Exception as e:  # noqa: BLE001 - every failure is an outcome
            if record:
                REC.add(op, type(e).__name__, t0, now(), False, "", str(e).encode())
            return None
        t1 = now()
        for k, v in pairs:
            if k.lower() == "set-cookie":
                nv = v.split(";", 1)[0]
                name, _, val = nv.partition("=")
                if val and "max-age=0" not in v.lower():
                    self.cookies[name.strip()] = val.strip()
                else:
                    self.cookies.pop(name.strip(), None)
        if record:
            REC.add(op, status, t0, t1, status in expect, hd.get("content-type", ""), data)
        return status, hd, data


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_in(body):
    m = CSRF_RE.search(body.decode("utf-8", "replace"))
    return (m.group(1) or m.group(2)) if m else None


# -- the stack ----------------------------------------------------------------------------------

class Stack:
    def __init__(self, d, port, env):
        self.dir, self.port, self.env = Path(d), port, env
        self.sock = self.dir / "mariadb" / "mysql.sock"

    def run(self, *args, timeout=300):
        p = subprocess.run([str(REPO / "scripts" / "stack"), *map(str, args)], env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=timeout)
        if p.returncode:
            raise RuntimeError(f"scripts/stack {' '.join(map(str, args))}: {p.stdout}")
        return p.stdout

    def sql(self, q, timeout=30):
        """Rows of tab-separated text, as MariaDB's root on the socket; None if it fails."""
        p = subprocess.run(["mariadb", "--no-defaults", f"--socket={self.sock}", "-uroot", "-N",
                            "-B", "--connect-timeout=3", "tpanel", "-e", q],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=timeout)
        if p.returncode:
            return None
        return [line.split("\t") for line in p.stdout.splitlines()]

    def master(self):
        try:
            return int((self.dir / "tpanel.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def children(self, name):
        m = self.master()
        if m is None:
            return []
        p = subprocess.run(["pgrep", "-P", str(m), "-x", name], stdout=subprocess.PIPE,
                           text=True)
        return sorted(int(x) for x in p.stdout.split())

    def workers(self):
        return self.children("tpanel-worker")

    def scheduler(self):
        s = self.children("tpanel-sched")
        return s[0] if s else None

    def log_path(self):
        return self.dir / "logs" / "tpanel.log"


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def proc_state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def nginx_status(c):
    try:
        _, _, _, data = c.raw("GET", "/nginx_status", timeout=5)
    except Exception:  # noqa: BLE001
        return None
    nums = [int(x) for x in re.findall(r"\d+", data.decode())]
    return dict(zip(["active", "accepts", "handled", "requests", "reading", "writing",
                     "waiting"], nums))


# -- the school ---------------------------------------------------------------------------------

class School:
    def __init__(self):
        self.teachers = []      # dicts: id, email, client, groups [(gid, [student ids])]
        self.students = []      # dicts: id, email, client, groups [gid]
        self.admin = None
        self.accounts = []      # pool accounts (dicts from the API)
        self.lock = threading.Lock()
        self.lessons_by_group = collections.defaultdict(list)   # gid -> recent lesson ids


def must(r, status, what):
    if r is None or r[0] != status:
        raise RuntimeError(f"seeding: {what}: {r[0] if r else 'no answer'} "
                           f"{r[2][:300] if r else ''}")
    return json.loads(r[2]) if r[2] else None


def register(st, role, first, last):
    c = Client("127.0.0.1", st.port)
    email = f"soak-{role[0]}-{uuid.uuid4().hex[:10]}@example.org"
    body = must(c.call("seed", "POST", "/api/jwt/register/", {201}, json_body={
        "email": email, "password": PW, "role": role, "first_name": first, "last_name": last},
        record=False), 201, "register")
    tok = must(c.call("seed", "POST", "/api/jwt/token/", {200}, json_body={
        "email": email, "password": PW}, record=False), 200, "token")
    c.token = tok["access"]
    page_signin(c, email)
    return {"id": body["user_id"], "email": email, "client": c}


def page_signin(c, email):
    r = c.call("seed", "GET", "/login", {200}, record=False)
    tok = csrf_in(r[2]) if r else None
    if not tok:
        raise RuntimeError("seeding: no CSRF token on /login")
    r = c.call("seed", "POST", "/login", {303}, form={"email": email, "password": PW,
                                                       "csrf_token": tok}, record=False)
    if r is None or r[0] != 303 or "tp_session" not in c.cookies:
        raise RuntimeError(f"seeding: page sign-in failed: {r[0] if r else None}")


def parallel(fn, items, n=4):
    out = [None] * len(items)
    errs = []
    it = iter(enumerate(items))
    lock = threading.Lock()

    def work():
        while True:
            with lock:
                try:
                    i, x = next(it)
                except StopIteration:
                    return
            try:
                out[i] = fn(x)
            except Exception as e:  # noqa: BLE001
                errs.append(e)
                return

    ts = [threading.Thread(target=work) for _ in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errs:
        raise errs[0]
    return out


FIRST = ["Анна", "Борис", "Вера", "Глеб", "Дарья", "Егор", "Жанна", "Зоя", "Иван", "Кира"]
LAST = ["Иванова", "Петров", "Сидорова", "Кузнецов", "Смирнова", "Попов", "Волкова",
        "Соколов", "Морозова", "Лебедев"]


def seed(st, fz, n_teachers, n_students, n_accounts, per_account):
    sc = School()
    # An admin (made with the CLI, as in production) registers the pool accounts.
    email = f"soak-admin-{uuid.uuid4().hex[:8]}@example.org"
    p = subprocess.run([str(REPO / "tpanel"), "-c", str(st.dir / "tpanel.conf"), "user",
                        "create", "--email", email, "--role", "admin"], input=PW + "\n",
                       env=st.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=60)
    if p.returncode:
        raise RuntimeError(f"tpanel user create: {p.stderr}")
    adm = Client("127.0.0.1", st.port)
    adm.token = must(adm.call("seed", "POST", "/api/jwt/token/", {200}, json_body={
        "email": email, "password": PW}, record=False), 200, "admin token")["access"]
    sc.admin = adm
    for i in range(n_accounts):
        acc, cid, secret = f"soak-acc-{i}", f"soak-cid-{i}", "sec-" + uuid.uuid4().hex
        fz.add_app(acc, cid, secret)
        sc.accounts.append(must(adm.call("seed", "POST", "/api/zoom-pool/", {201}, json_body={
            "email": f"host{i}@zoom.example.org", "zoom_account_id": acc,
            "zoom_client_id": cid, "zoom_client_secret": secret,
            "max_concurrent_meetings": per_account}, record=False), 201, "pool account"))
    sc.teachers = parallel(lambda i: register(st, "teacher", FIRST[i % 10], LAST[i % 10]),
                           list(range(n_teachers)))
    for t in sc.teachers:   # teachers who register wait for an admin (teacher_approval)
        must(adm.call("seed", "POST", f"/accounts/api/admin/teachers/{t['id']}/approve/", {200},
                      json_body={"approved": True}, record=False), 200, "approve")
    for t in sc.teachers:
        t["reader"] = t["client"].clone()      # the readers' copy: the teacher thread's own
    sc.students = parallel(lambda i: register(st, "student", FIRST[(i * 7) % 10],
                                              LAST[(i * 3) % 10]), list(range(n_students)))
    # Two groups a teacher; every student in two groups of different teachers.
    groups = []
    for t in sc.teachers:
        t["groups"] = []
        for g in range(2):
            body = must(t["client"].call("seed", "POST", "/api/groups/", {201}, json_body={
                "name": f"Группа {len(groups) + 1}"}, record=False), 201, "group")
            groups.append((t, body["id"]))
            t["groups"].append([body["id"], []])
    # Student k is in groups a and b of two different teachers (group i is teacher i // 2's).
    for k, s in enumerate(sc.students):
        a = k % len(groups)
        b = (a + 2 * (1 + k // len(groups))) % len(groups)
        s["groups"] = []
        for gi in (a, b):
            t, gid = groups[gi]
            s["groups"].append(gid)
            for tg in t["groups"]:
                if tg[0] == gid and s["id"] not in tg[1]:
                    tg[1].append(s["id"])
    for t in sc.teachers:
        for gid, members in t["groups"]:
            if members:
                must(t["client"].call("seed", "POST", f"/api/groups/{gid}/add_students/", {200},
                                      json_body={"student_ids": members}, record=False),
                     200, "add students")
    return sc


# -- acknowledged writes ------------------------------------------------------------------------

class Ledger:
    """Every write that got a 2xx, to find in the database at the end; and the writes that
    did not (they may or may not be there)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.lessons = {}           # lesson id -> title
        self.attendance = {}        # (lesson, student) -> [acked status, later unacked statuses]
        self.starts = {}            # lesson id -> meeting id
        self.ends = set()           # lesson ids ended with released = true
        self.topics = {}            # lesson id -> [acked topics, later unacked values]
        self.unacked = collections.Counter()
        self.adopted = 0            # creates that failed but were committed (found by list)
        self.problems = []          # contradictions seen by clients (e.g. two meetings)

    def problem(self, msg):
        with self.lock:
            self.problems.append(f"{rel(now()):.1f}s {msg}")
        say("PROBLEM:", msg)


LEDGER = Ledger()


# -- the teachers -------------------------------------------------------------------------------

class Teacher(threading.Thread):
    """A teacher with a one-minute lesson every minute: create it a little before, start it
    (API or the lesson page's button), open the meeting, mark attendance, maybe start it again
    (same meeting), maybe edit it, maybe end it (else the release job releases it)."""

    def __init__(self, idx, t, sc, fz, base, use_pages):
        super().__init__(daemon=True, name=f"teacher-{idx}")
        self.idx, self.t, self.sc, self.fz = idx, t, sc, fz
        self.c = t["client"]
        self.base = base + idx * (SLOT / max(1, len(sc.teachers)))
        self.pages = use_pages
        self.rnd = random.Random(idx)
        self.attempts = collections.deque()     # times of start attempts (3 a minute)

    def sleep_until(self, t):
        while not STOP.is_set():
            d = t - now()
            if d <= 0:
                return True
            STOP.wait(min(d, 1.0))
        return False

    def run(self):
        k = int((now() - self.base) // SLOT) + 1
        while not STOP.is_set():
            s = self.base + k * SLOT
            if now() > s + SLOT / 2:          # fell behind (a long fault): skip the slot
                k = int((now() - self.base) // SLOT) + 1
                continue
            try:
                self.slot(k, s)
            except Exception as e:  # noqa: BLE001 - a driver bug must not stop the load silently
                LEDGER.problem(f"teacher {self.idx}: driver error {type(e).__name__}: {e}")
            k += 1

    def slot(self, k, s):
        gid, members = self.t["groups"][k % 2]
        if not self.sleep_until(s - 15):
            return
        lid = self.create(gid, k, s)
        if lid is None:
            return
        if not self.sleep_until(s + self.rnd.uniform(0, 5)):
            return
        mid = self.start_lesson(lid, s + SLOT - 5)
        if mid is None:
            return
        if not self.sleep_until(s + self.rnd.uniform(8, 15)):
            return
        self.attendance(lid, members)
        if self.rnd.random() < 0.4 and self.sleep_until(s + self.rnd.uniform(16, 22)):
            again = self.start_lesson(lid, s + 25, again=True)
            if again is not None and again != mid:
                LEDGER.problem(f"lesson {lid} started twice gave meetings {mid} and {again}")
        if self.rnd.random() < 0.3 and self.sleep_until(s + self.rnd.uniform(23, 28)):
            self.edit(lid)
        if self.rnd.random() < 0.5 and self.sleep_until(s + self.rnd.uniform(30, 42)):
            self.end(lid)

    def create(self, gid, k, s):
        title = f"Урок {self.idx}-{k}-{uuid.uuid4().hex[:6]}"
        body = {"title": title, "group": gid, "start_time": iso(s), "end_time": iso(s + SLOT),
                "topics": "темы", "location": "Zoom"}
        tried = False
        while now() < s + 10 and not STOP.is_set():
            r = self.c.call("api:lesson_create", "POST", "/api/schedule/lessons/", {201},
                            json_body=body)
            if r is not None and r[0] == 201:
                lid = json.loads(r[2])["id"]
                with LEDGER.lock:
                    LEDGER.lessons[lid] = title
                with self.sc.lock:
                    lst = self.sc.lessons_by_group[gid]
                    lst.append(lid)
                    del lst[:-5]
                return lid
            if r is not None and r[0] == 400 and tried:
                # An earlier attempt was committed though its answer was lost: find it.
                lid = self.find(title, s)
                if lid is not None:
                    with LEDGER.lock:
                        LEDGER.adopted += 1
                    return lid
            if r is None or r[0] >= 500:
                tried = True
                with LEDGER.lock:
                    LEDGER.unacked["lesson_create"] += 1
            STOP.wait(3)
        return None

    def find(self, title, s):
        q = urllib.parse.urlencode({"start": iso(s - 1), "end": iso(s + SLOT + 1)})
        r = self.c.call("api:lesson_list", "GET", f"/api/schedule/lessons/?{q}", {200})
        if r is None or r[0] != 200:
            return None
        for x in json.loads(r[2])["results"]:
            if x["title"] == title:
                return x["id"]
        return None

    def may_attempt(self):
        t = now()
        while self.attempts and self.attempts[0] < t - 61:
            self.attempts.popleft()
        return len(self.attempts) < 3

    def start_lesson(self, lid, until, again=False):
        """The meeting id, or None. Retries failed starts (Zoom or the database down) every
        few seconds until `until`, at most 3 attempts a minute (the server's limit)."""
        while now() < until and not STOP.is_set():
            if not self.may_attempt():
                STOP.wait(2)
                continue
            self.attempts.append(now())
            if self.pages:
                mid, url = self.start_page(lid)
            else:
                mid, url = self.start_api(lid)
            if mid is not None:
                with LEDGER.lock:
                    old = LEDGER.starts.setdefault(lid, mid)
                if old != mid:
                    LEDGER.problem(f"lesson {lid}: meeting {mid} after {old}")
                if not self.fz.open_meeting(url):
                    LEDGER.problem(f"lesson {lid}: start_url of meeting {mid} does not open")
                return mid
            with LEDGER.lock:
                LEDGER.unacked["start"] += 1
            if again:
                return None
            STOP.wait(4)
        return None

    def start_api(self, lid):
        r = self.c.call("api:lesson_start", "POST", f"/api/schedule/lessons/{lid}/start-new/",
                        {200}, json_body={})
        if r is None or r[0] != 200:
            return None, None
        b = json.loads(r[2])
        return b["zoom_meeting_id"], b["zoom_start_url"]

    def lesson_page(self, lid):
        r = self.c.call("page:lesson", "GET", f"/lessons/{lid}", {200})
        return csrf_in(r[2]) if r is not None and r[0] == 200 else None

    def start_page(self, lid):
        tok = self.lesson_page(lid)
        if tok is None:
            return None, None
        r = self.c.call("page:lesson_start", "POST", f"/lessons/{lid}/start", {303},
                        form={"csrf_token": tok})
        if r is None or r[0] != 303:
            return None, None
        loc = r[1].get("location", "")
        m = re.search(r"/s/(\d+)\?", loc)
        if not m:
            LEDGER.problem(f"lesson {lid}: start button led to {loc[:80]}")
            return None, None
        return m.group(1), loc

    def attendance(self, lid, members):
        marks = {sid: self.rnd.choice(["present", "present", "present", "absent", "late",
                                       "excused"]) for sid in members}
        for _ in range(3):
            if self.pages:
                tok = self.lesson_page(lid)
                if tok is None:
                    ok = False
                else:
                    form = {"csrf_token": tok}
                    form.update({f"status_{sid}": st for sid, st in marks.items()})
                    r = self.c.call("page:attendance", "POST", f"/lessons/{lid}/attendance",
                                    {303}, form=form)
                    ok = r is not None and r[0] == 303
            else:
                r = self.c.call("api:attendance", "POST",
                                f"/api/schedule/lessons/{lid}/mark_attendance/", {200},
                                json_body={"attendances": [{"student_id": sid, "status": st}
                                                           for sid, st in marks.items()]})
                ok = r is not None and r[0] == 200
            with LEDGER.lock:
                for sid, st in marks.items():
                    e = LEDGER.attendance.setdefault((lid, sid), [None, []])
                    if ok:
                        e[0], e[1] = st, []
                    else:
                        e[1].append(st)
                if not ok:
                    LEDGER.unacked["attendance"] += 1
            if ok:
                return
            STOP.wait(3)

    def edit(self, lid):
        topics = "правка " + uuid.uuid4().hex[:8]
        r = self.c.call("api:lesson_edit", "PATCH", f"/api/schedule/lessons/{lid}/", {200},
                        json_body={"topics": topics})
        ok = r is not None and r[0] == 200
        with LEDGER.lock:
            e = LEDGER.topics.setdefault(lid, [None, []])
            if ok:
                e[0], e[1] = topics, []
            else:
                e[1].append(topics)
                LEDGER.unacked["lesson_edit"] += 1

    def end(self, lid):
        r = self.c.call("api:lesson_end", "POST", f"/api/schedule/lessons/{lid}/end/", {200},
                        json_body={})
        if r is not None and r[0] == 200 and json.loads(r[2]).get("released"):
            with LEDGER.lock:
                LEDGER.ends.add(lid)


# -- the students (and teachers looking around) -------------------------------------------------

class Reader(threading.Thread):
    def __init__(self, idx, sc, think_ms):
        super().__init__(daemon=True, name=f"reader-{idx}")
        self.sc, self.think = sc, think_ms / 1000.0
        self.rnd = random.Random(1000 + idx)

    def run(self):
        while not STOP.is_set():
            try:
                self.one()
            except Exception as e:  # noqa: BLE001
                LEDGER.problem(f"reader: driver error {type(e).__name__}: {e}")
            if self.think:
                STOP.wait(self.rnd.uniform(0, 2 * self.think))

    def one(self):
        rnd = self.rnd
        today = datetime.datetime.now(datetime.timezone.utc).date()
        if rnd.random() < 0.15:
            t = rnd.choice(self.sc.teachers)
            c = t["reader"]
            x = rnd.random()
            if x < 0.4:
                c.call("page:teacher_dash", "GET", "/teacher/", {200})
            elif x < 0.7:
                c.call("page:lessons", "GET", "/lessons", {200})
            else:
                c.call("api:lesson_list", "GET",
                       f"/api/schedule/lessons/?page_size=20&start={today}", {200})
            return
        s = rnd.choice(self.sc.students)
        c = s["client"]
        x = rnd.random()
        if x < 0.25:
            r = c.call("page:home", "GET", "/", {303})
            if r is not None and r[0] == 303:
                c.call("page:student_dash", "GET", "/student/", {200})
        elif x < 0.35:
            c.call("page:calendar", "GET", "/calendar", {200})
        elif x < 0.45:
            c.call("page:calendar_week", "GET", "/calendar/week", {200})
        elif x < 0.50:
            c.call("page:calendar_day", "GET", "/calendar/day", {200})
        elif x < 0.70:
            c.call("api:lesson_list", "GET",
                   f"/api/schedule/lessons/?page_size=20&start={today}", {200})
        elif x < 0.90:
            mon = today - datetime.timedelta(days=today.weekday())
            q = f"start={mon}&end={mon + datetime.timedelta(days=7)}"
            c.call("api:calendar_feed", "GET", f"/api/schedule/lessons/calendar_feed/?{q}", {200})
        else:
            with self.sc.lock:
                ids = list(self.sc.lessons_by_group.get(rnd.choice(s["groups"]), []))
            if ids:
                c.call("page:lesson", "GET", f"/lessons/{rnd.choice(ids)}", {200})
            else:
                c.call("api:me", "GET", "/api/me/", {200})


# -- samples ------------------------------------------------------------------------------------

class Sampler(threading.Thread):
    def __init__(self, st, every, grace):
        super().__init__(daemon=True, name="sampler")
        self.st, self.every, self.grace = st, every, grace
        self.samples = []
        self.c = Client("127.0.0.1", st.port)
        self.stop = threading.Event()

    def take(self):
        workers = self.st.workers()
        rows = self.st.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS "
                           "WHERE VARIABLE_NAME = 'THREADS_CONNECTED' UNION ALL "
                           "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                           "WHERE USER = 'tpanel' UNION ALL "
                           "SELECT COUNT(*) FROM tpanel.zoom_pool_session s "
                           "LEFT JOIN tpanel.schedule_lesson l ON l.id = s.lesson_id "
                           "WHERE s.released_at IS NULL UNION ALL "
                           "SELECT COUNT(*) FROM tpanel.zoom_pool_session s "
                           "LEFT JOIN tpanel.schedule_lesson l ON l.id = s.lesson_id "
                           "WHERE s.released_at IS NULL AND (l.id IS NULL OR l.end_time < "
                           f"UTC_TIMESTAMP() - INTERVAL {int(self.grace) + 70} SECOND)",
                           timeout=10)
        ns = nginx_status(self.c)
        n, n_odd = REC.totals()
        s = {"t": now(), "workers": {p: rss_kb(p) for p in workers},
             "scheduler": self.st.scheduler(),
             "threads_connected": int(rows[0][0]) if rows else None,
             "app_connections": int(rows[1][0]) if rows else None,
             "leases_open": int(rows[2][0]) if rows else None,
             "leases_overdue": int(rows[3][0]) if rows else None,
             "nginx_active": ns["active"] if ns else None,
             "nginx_writing": ns["writing"] if ns else None,
             "requests": n, "odd": n_odd}
        self.samples.append(s)
        prev = self.samples[-2] if len(self.samples) > 1 else None
        rate = (n - prev["requests"]) / (s["t"] - prev["t"]) if prev else 0.0
        rss = " ".join(str(v) for v in s["workers"].values())
        say(f"sample: {rate:6.0f} req/s  odd {n_odd - (prev['odd'] if prev else 0):4d}  "
            f"rss kB [{rss}]  sched {s['scheduler']}  db threads {s['threads_connected']} "
            f"(app {s['app_connections']})  leases {s['leases_open']} (overdue "
            f"{s['leases_overdue']})  nginx active {s['nginx_active']} writing "
            f"{s['nginx_writing']}")
        return s

    def run(self):
        while not self.stop.is_set():
            self.take()
            self.stop.wait(self.every)


# -- faults -------------------------------------------------------------------------------------

class Fault:
    def __init__(self, name, allowed, limit=None, nginx_502=False):
        self.name = name
        self.nginx_502 = nginx_502    # nginx's own 502 page (a worker died mid-request)
        self.allowed = allowed        # op prefix or op -> statuses allowed while it lasts
        self.limit = limit            # most unexpected answers it may cause (None: any)
        self.t0 = self.t1 = self.recovered = None
        self.notes = []
        self.problem = None           # what went wrong that no answer shows

    def allows(self, op, outcome):
        for key, statuses in self.allowed.items():
            if (op == key or op.startswith(key)) and outcome in statuses:
                return True
        return False


ZOOM_OPS = ("api:lesson_start", "page:lesson_start", "api:lesson_end")


class Faults(threading.Thread):
    """The faults one after another, each with time to recover before the next."""

    def __init__(self, st, fz, sc, at, span, workers, log_mounts):
        super().__init__(daemon=True, name="faults")
        self.st, self.fz, self.sc = st, fz, sc
        self.at, self.span = at, span          # first fault at, seconds for all of them
        self.nworkers = workers
        self.log_mounts = log_mounts           # tmpfs mount points of the log directories
        self.done = []
        self.c = Client("127.0.0.1", st.port)
        self.error = None

    def run(self):
        # Each fault's share of the span: Zoom is called only when lessons start and end, so
        # its fault lasts longest, to meet starts, ends and runs of the release job.
        plan = [(self.database, 1.0), (self.zoom, 2.5), (self.slow_zoom, 1.5),
                (self.kill_worker, 0.5), (self.kill_scheduler, 1.0), (self.disk_full, 1.0)]
        unit = self.span / sum(w for _, w in plan)
        t = self.at
        try:
            for f, w in plan:
                if not self.wait(t):
                    return
                f(unit * w * 0.7)
                t += unit * w
        except Exception as e:  # noqa: BLE001
            self.error = f"{type(e).__name__}: {e}"
            say("fault injection failed:", self.error)

    def wait(self, t):
        while now() < t:
            if STOP.wait(min(1.0, t - now())):
                return False
        return True

    def health_ok(self):
        try:
            return self.c.raw("GET", "/api/health/", timeout=5)[0] == 200
        except Exception:  # noqa: BLE001
            return False

    def until(self, pred, timeout):
        end = now() + timeout
        while now() < end:
            v = pred()
            if v:
                return v
            time.sleep(0.2)
        return None

    def begin(self, f):
        f.t0 = now()
        self.done.append(f)
        say(f"FAULT {f.name}: begins")
        return f

    def database(self, dur):
        api503 = {503}
        f = self.begin(Fault("database stopped and started", {"api:": api503, "page:": api503}))
        down = max(5.0, dur * 0.4)
        self.st.run("db-stop", self.st.dir)
        f.notes.append(f"MariaDB stopped {now() - f.t0:.1f}s after the fault began")
        time.sleep(down)
        t = now()
        self.st.run("db-start", self.st.dir)
        f.notes.append(f"MariaDB down {now() - f.t0:.1f}s in all (started again in "
                       f"{now() - t:.1f}s)")
        f.t1 = now()
        ok = self.until(self.health_ok, 30)
        f.recovered = now() if ok else None
        f.notes.append(f"/api/health/ 200 again {now() - f.t1:.1f}s after the start"
                       if ok else "health did not recover in 30 s")
        say(f"FAULT {f.name}: over")

    def zoom(self, dur):
        allowed = {op: {502, 503} for op in ZOOM_OPS}
        f = self.begin(Fault("fake Zoom failing, then slow", allowed))
        for label, share, arm in (
                ("500 on every call", 0.3, lambda: self.fz.fail_next(10**9, 500)),
                ("429 with Retry-After: 1", 0.2,
                 lambda: self.fz.fail_next(10**9, 429, retry_after=1)),
                ("answers after 1.5 s (timeout 2 s)", 0.25,
                 lambda: self.fz.slow_next(10**9, 1.5)),
                ("answers after 2.5 s (over the 2 s timeout)", 0.25,
                 lambda: self.fz.slow_next(10**9, 2.5))):
            t = now()
            part = max(4.0, dur * share)
            arm()
            time.sleep(part)
            self.fz.reset_faults()
            calls = self.fz.calls(since=t)
            f.notes.append(f"{label}: {part:.0f}s, {len(calls)} Zoom calls")
        f.t1 = now()
        # A call started in the slow part may take its whole retry budget after it.
        time.sleep(6)
        f.recovered = now()
        say(f"FAULT {f.name}: over")

    def slow_zoom(self, dur):
        """Zoom answering in 6 s (past the 2 s timeout): starts and ends wait on it, but only
        zoom_worker_share of the workers may (issue 18); pages and the API must keep their
        usual latency meanwhile."""
        allowed = {op: {502, 503} for op in ZOOM_OPS}
        f = self.begin(Fault("fake Zoom answering in 6 s", allowed))
        t = now()
        self.fz.slow_next(10**9, 6.0)
        time.sleep(max(10.0, dur))
        self.fz.reset_faults()
        f.t1 = now()
        with REC.lock:
            during = [x for t0, op, x in REC.timed
                      if t <= t0 <= f.t1 and not op.startswith(ZOOM_OPS)]
            before = [x for t0, op, x in REC.timed
                      if t0 < self.at and not op.startswith(ZOOM_OPS)]
        p_during, p_before = percentile(during, 99), percentile(before, 99)
        f.notes.append(f"{len(self.fz.calls(since=t))} Zoom calls; other answers p99 "
                       f"{p_during * 1000:.0f} ms ({len(during)}) against {p_before * 1000:.0f} "
                       f"ms before the faults ({len(before)})")
        # The usual latency: within 3 times the p99 before the faults (at least 1 s).
        if during and p_during > max(1.0, 3 * p_before):
            f.problem = f"pages and the API slowed down: p99 {p_during * 1000:.0f} ms"
        time.sleep(8)          # a call started in the fault may take its whole budget after it
        f.recovered = now()
        say(f"FAULT {f.name}: over")

    def kill_worker(self, dur):
        f = self.begin(Fault("a worker killed (SIGKILL)", {"": {502}}, limit=3, nginx_502=True))
        before = self.st.workers()
        # One busy with a request if one can be caught (running on a CPU), so that a
        # request dies with it.
        victim, busy = random.choice(before), False
        for _ in range(200):
            running = [p for p in before if proc_state(p) == "R"]
            if running:
                victim, busy = running[0], True
                break
            time.sleep(0.005)
        os.kill(victim, signal.SIGKILL)
        f.notes.append(f"killed worker {victim} ({len(before)} workers; "
                       f"{'running' if busy else 'idle'} when killed)")
        back = self.until(lambda: (lambda w: len(w) == len(before) and victim not in w)(
            self.st.workers()), 30)
        f.t1 = now()
        f.recovered = f.t1 if back else None
        f.notes.append(f"replaced in {f.t1 - f.t0:.2f}s" if back else "NOT replaced in 30 s")
        time.sleep(2)
        say(f"FAULT {f.name}: over")

    def job_runs(self):
        rows = self.st.sql("SELECT run_count FROM job_run WHERE job = 'pool_release'")
        return int(rows[0][0]) if rows else 0

    def kill_scheduler(self, dur):
        f = self.begin(Fault("the scheduler killed (SIGKILL)", {}))
        old = self.st.scheduler()
        runs = self.job_runs()
        if old is None:
            f.notes.append("no scheduler process found")
            f.t1 = now()
            return
        os.kill(old, signal.SIGKILL)
        f.notes.append(f"killed scheduler {old}; pool_release had run {runs} times")
        new = self.until(lambda: (lambda s: s if s and s != old else None)(
            self.st.scheduler()), 30)
        f.t1 = now()
        if not new:
            f.notes.append("NOT replaced in 30 s")
            return
        f.notes.append(f"new scheduler {new} after {f.t1 - f.t0:.2f}s")
        ran = self.until(lambda: self.job_runs() > runs, 150)
        f.recovered = now() if ran else None
        f.notes.append(f"pool_release ran again {now() - f.t0:.1f}s after the kill" if ran
                       else "pool_release did not run again within 150 s")
        say(f"FAULT {f.name}: over")

    def disk_full(self, dur):
        f = self.begin(Fault("disk full for the logs", {}))
        if not self.log_mounts:
            f.notes.append("skipped: the log directories are not on a tmpfs of their own "
                           "(bench/soak mounts one when run as root)")
            f.t1 = f.recovered = now()
            return
        log = self.st.log_path()
        ballast = []
        for m in self.log_mounts:
            b = Path(m) / "ballast"
            fill(b)
            ballast.append(b)
        size0 = log.stat().st_size
        f.notes.append(f"filled {', '.join(self.log_mounts)} (tpanel.log {size0} bytes)")
        time.sleep(max(5.0, dur * 0.6))
        size1 = log.stat().st_size
        f.notes.append(f"while full tpanel.log grew by {size1 - size0} bytes")
        for b in ballast:
            b.unlink()
        f.t1 = now()
        grew = self.until(lambda: log.stat().st_size > size1 + 4096, 30)
        f.recovered = now() if grew else None
        f.notes.append(f"space freed; the log grows again after {now() - f.t1:.1f}s" if grew
                       else "the log did not grow again within 30 s")
        f.log_gap = (size0, size1)
        say(f"FAULT {f.name}: over")


def fill(path):
    """Write zeros to path until the file system is full."""
    with open(path, "wb", buffering=0) as fh:
        for chunk in (1 << 20, 4096, 1):
            buf = bytes(chunk)
            while True:
                try:
                    fh.write(buf)
                except OSError as e:
                    if e.errno != errno.ENOSPC:
                        raise
                    break


# -- judging ------------------------------------------------------------------------------------

def percentile(xs, p):
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100.0 * len(xs)))]


def judge_answers(faults, recovery=10.0):
    """Unexpected answers: each inside a fault window that allows it, or a failure."""
    bad, by_fault = [], collections.defaultdict(collections.Counter)
    for o in REC.odd:
        owner = None
        for f in faults:
            end = (f.recovered or f.t1 or now()) + recovery
            if f.t0 is not None and o["t1"] >= f.t0 and o["t0"] <= end:
                if f.allows(o["op"], o["outcome"]) and answer_shape_ok(o, f.nginx_502):
                    owner = f
                    break
        if owner is None:
            bad.append(o)
        else:
            by_fault[owner.name][(o["op"], o["outcome"])] += 1
    for f in faults:
        if f.limit is not None:
            n = sum(by_fault[f.name].values())
            if n > f.limit:
                bad.append({"t0": f.t0, "t1": f.t1, "op": f.name, "outcome": f"{n} answers",
                            "ctype": "", "body": f"more than the {f.limit} allowed"})
    return bad, by_fault


def answer_shape_ok(o, nginx_502):
    """The app's errors: JSON with detail for the API, a page for pages; nginx's own 502
    page only where a worker died."""
    if nginx_502 and o["outcome"] == 502 and "text/html" in o["ctype"]:
        return True
    if o["op"].startswith("api:"):
        if not o["ctype"].startswith("application/json"):
            return False
        try:
            return "detail" in json.loads(o["body"]) if o["body"].endswith("}") else True
        except ValueError:
            return False
    return o["ctype"].startswith("text/html")


def verify_writes(st):
    """Every acknowledged write in the database."""
    out = {}
    missing = []
    ids = list(LEDGER.lessons)
    have = {}
    for i in range(0, len(ids), 500):
        part = ",".join(str(x) for x in ids[i:i + 500])
        for lid, title, topics, mid in st.sql(
                f"SELECT id, title, topics, COALESCE(zoom_meeting_id, '') FROM schedule_lesson "
                f"WHERE id IN ({part})") or []:
            have[int(lid)] = (title, topics, mid)
    for lid, title in LEDGER.lessons.items():
        if lid not in have or have[lid][0] != title:
            missing.append(f"lesson {lid} ({title}) created (201) but not in the database")
    for lid, (acked, later) in LEDGER.topics.items():
        if acked is not None and lid in have and have[lid][1] not in [acked] + later:
            missing.append(f"lesson {lid}: topics {have[lid][1]!r}, acknowledged {acked!r}")
    att = {}
    for lid, sid, status in st.sql("SELECT lesson_id, student_id, status FROM "
                                   "schedule_attendance") or []:
        att[(int(lid), int(sid))] = status
    n_att = 0
    for key, (acked, later) in LEDGER.attendance.items():
        if acked is None:
            continue
        n_att += 1
        if att.get(key) not in [acked] + later:
            missing.append(f"attendance {key}: {att.get(key)!r}, acknowledged {acked!r}")
    leases = collections.defaultdict(list)
    for lid, mid, reason in st.sql("SELECT lesson_id, COALESCE(zoom_meeting_id, ''), "
                                   "COALESCE(release_reason, 'open') FROM zoom_pool_session") or []:
        leases[int(lid)].append((mid, reason))
    for lid, mid in LEDGER.starts.items():
        if mid not in [m for m, _ in leases.get(lid, [])]:
            missing.append(f"lesson {lid}: start (2xx) with meeting {mid}, no lease with it")
        if lid in have and have[lid][2] != mid:
            missing.append(f"lesson {lid}: meeting {have[lid][2]!r} stored, {mid} answered")
    for lid in LEDGER.ends:
        if ("end" not in [r for _, r in leases.get(lid, [])]):
            missing.append(f"lesson {lid}: ended (released: true) but no lease released by 'end'")
    out["checked"] = {"lessons": len(LEDGER.lessons), "attendance marks": n_att,
                      "starts": len(LEDGER.starts), "ends": len(LEDGER.ends),
                      "edits": sum(1 for a, _ in LEDGER.topics.values() if a is not None)}
    out["missing"] = missing
    reasons = collections.Counter(r for v in leases.values() for _, r in v)
    out["lease_reasons"] = dict(reasons)
    return out


def log_health(st):
    """tpanel.log's lines: how many, how many cut short (a line a full disk could not take
    whole, ended by the next one), how many broken otherwise (two lines run together, ...)."""
    n = cut = broken = 0
    examples = []
    try:
        with open(st.log_path(), "rb") as fh:
            for line in fh:
                if not line.strip():
                    continue        # the newline that ends a line a full disk cut short
                n += 1
                try:
                    json.loads(line)
                except ValueError:
                    if line.startswith(b'{"ts":') and line.count(b'{"ts":') == 1:
                        cut += 1
                    else:
                        broken += 1
                    if len(examples) < 3:
                        examples.append(line[:160].decode("utf-8", "replace"))
    except OSError:
        pass
    return n, cut, broken, examples


# -- main ---------------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", 10)))
    ap.add_argument("--faults", action="store_true",
                    default=os.environ.get("SOAK_FAULTS", "0") not in ("", "0"))
    ap.add_argument("--log-mounts", default="")
    ap.add_argument("--out", default="")
    a = ap.parse_args()

    workers = int(os.environ.get("TPANEL_WORKERS", "4"))
    n_teachers = int(os.environ.get("SOAK_TEACHERS", "10"))
    n_students = int(os.environ.get("SOAK_STUDENTS", "100"))
    n_readers = int(os.environ.get("SOAK_READERS", "12"))
    think = float(os.environ.get("SOAK_THINK_MS", "20"))
    every = float(os.environ.get("SOAK_SAMPLE_SECS", "15"))
    grace = os.environ.get("TPANEL_POOL_RELEASE_GRACE", "30")
    interval = os.environ.get("TPANEL_POOL_RELEASE_INTERVAL", "60")
    duration = a.minutes * 60
    mounts = [m for m in a.log_mounts.split(",") if m]

    fz = FakeZoom().start()
    env = dict(os.environ)
    env.pop("TPANEL_HTTP_PORT", None)
    env.update({"TPANEL_WORKERS": str(workers),
                "TPANEL_MAX_REQUESTS": os.environ.get("TPANEL_MAX_REQUESTS", "0"),
                "TPANEL_ZOOM_API_URL": fz.api_url, "TPANEL_ZOOM_OAUTH_URL": fz.oauth_url,
                "TPANEL_ZOOM_TIMEOUT_MS": "2000", "TPANEL_ZOOM_CONNECT_TIMEOUT_MS": "1000",
                "TPANEL_ZOOM_RETRY_BUDGET_MS": "5000",
                "TPANEL_POOL_RELEASE_GRACE": grace, "TPANEL_POOL_RELEASE_INTERVAL": interval})
    st = Stack(a.dir, a.port, env)
    say(f"starting the stack in {st.dir} on port {st.port} ({workers} workers), fake Zoom "
        f"at {fz.base}")
    st.run("start", st.dir, st.port)
    say(f"seeding: {n_teachers} teachers (2 groups each), {n_students} students, "
        f"8 pool accounts")
    sc = seed(st, fz, n_teachers, n_students, 8, 5)
    say("seeded")

    sampler = Sampler(st, every, grace)
    start = now()
    base = (start // SLOT) * SLOT
    teachers = [Teacher(i, t, sc, fz, base, use_pages=(i % 2 == 1))
                for i, t in enumerate(sc.teachers)]
    readers = [Reader(i, sc, think) for i in range(n_readers)]
    faults = None
    if a.faults:
        faults = Faults(st, fz, sc, at=start + duration * 0.2, span=duration * 0.6,
                        workers=workers, log_mounts=mounts)
    sampler.start()
    for t in teachers + readers:
        t.start()
    if faults:
        faults.start()
    say(f"load for {a.minutes:g} min: {n_readers} readers, {n_teachers} teachers"
        + (", faults from minute %.1f" % (duration * 0.2 / 60) if faults else ""))
    STOP.wait(duration)
    STOP.set()
    end_load = now()
    for t in teachers + readers:
        t.join(HTTP_TIMEOUT + 5)
    if faults:
        faults.join(200)
    say("load stopped; waiting for the release job to release every lease")
    lease_wait = float(grace) + 2 * float(interval) + SLOT + 60
    t_wait = now()
    open_leases = None
    while now() - t_wait < lease_wait:
        rows = st.sql("SELECT COUNT(*) FROM zoom_pool_session WHERE released_at IS NULL")
        open_leases = int(rows[0][0]) if rows else None
        if open_leases == 0:
            break
        time.sleep(5)
    released_after = now() - end_load
    # Stop sampling only now: the last samples show the workers idle after the load.
    sampler.stop.set()
    sampler.join(30)
    final = sampler.take()
    writing = None
    for _ in range(50):
        ns = nginx_status(Client("127.0.0.1", st.port))
        writing = ns["writing"] if ns else None
        if writing == 1:
            break
        time.sleep(0.1)

    report = build_report(st, fz, sc, sampler, faults, a, workers, n_readers, start, end_load,
                          open_leases, released_after, writing, final)
    if a.out:
        Path(a.out).write_text(json.dumps(report["data"], indent=1, default=str))
    print(report["text"])
    fz.stop()
    return 0 if report["ok"] else 1


def build_report(st, fz, sc, sampler, faults, a, workers, n_readers, start, end_load,
                 open_leases, released_after, writing, final):
    lines, fails = [], []
    data = {}
    secs = end_load - start
    n, _ = REC.totals()
    lines.append(f"soak: {a.minutes:g} min{' with faults' if a.faults else ''}, {workers} "
                 f"workers, {n_readers} readers, {len(sc.teachers)} teachers, "
                 f"{len(sc.students)} students; {n} requests in {secs:.0f}s "
                 f"({n / secs:.0f} req/s)")
    # Answers by operation.
    ops = sorted({op for op, _ in REC.counts})
    lines.append("")
    lines.append(f"{'operation':<22} {'requests':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
                 f"  answers")
    table = {}
    for op in ops:
        by = {str(o): c for (p, o), c in REC.counts.items() if p == op}
        lat = REC.lat.get(op, [])
        tot = sum(by.values())
        table[op] = {"answers": by, "p50": percentile(lat, 50), "p99": percentile(lat, 99),
                     "max": max(lat) if lat else 0}
        lines.append(f"{op:<22} {tot:>9} {percentile(lat, 50) * 1000:>8.1f} "
                     f"{percentile(lat, 99) * 1000:>8.1f} {(max(lat) if lat else 0) * 1000:>8.1f}"
                     f"  " + " ".join(f"{k}:{v}" for k, v in sorted(by.items())))
    data["operations"] = table
    allst = collections.Counter()
    for (_, o), c in REC.counts.items():
        allst[str(o)] += c
    lines.append(f"{'all':<22} {n:>9}  " + " ".join(f"{k}:{v}" for k, v in sorted(allst.items())))
    data["statuses"] = dict(allst)

    flist = faults.done if faults else []
    bad, by_fault = judge_answers(flist)
    if faults:
        lines.append("")
        lines.append("faults (times from the start of the load):")
        data["faults"] = []
        for f in flist:
            seen = by_fault.get(f.name, {})
            rec = (f"recovered at {f.recovered - start:.0f}s" if f.recovered else "NOT recovered")
            lines.append(f"  {f.name}: {f.t0 - start:.0f}s..{(f.t1 or now()) - start:.0f}s, "
                         f"{rec}")
            for note in f.notes:
                lines.append(f"      {note}")
            lines.append("      clients saw, besides normal answers: " +
                         (", ".join(f"{op} {o} x{c}" for (op, o), c in sorted(
                             seen.items(), key=lambda x: str(x))) or "nothing"))
            data["faults"].append({"name": f.name, "t0": f.t0 - start,
                                   "t1": (f.t1 or now()) - start,
                                   "recovered": f.recovered and f.recovered - start,
                                   "notes": f.notes,
                                   "seen": {f"{op} {o}": c for (op, o), c in seen.items()}})
            if f.recovered is None:
                fails.append(f"fault '{f.name}' was not recovered from")
            if f.problem:
                fails.append(f"fault '{f.name}': {f.problem}")
        if faults.error:
            fails.append(f"fault injection failed: {faults.error}")
    if bad:
        fails.append(f"{len(bad)} unexpected answers outside what a fault allows")
        lines.append("")
        lines.append("unexpected answers (first 15):")
        for o in bad[:15]:
            lines.append(f"  {o['t0'] - start:7.1f}s +{o['t1'] - o['t0']:.2f}s {o['op']} "
                         f"{o['outcome']} {o['ctype']} {o['body'][:120]!r}")
    data["unexpected"] = bad[:200]

    # Worker memory: each worker that lived past the warm-up, from its first sample after it
    # to the last.
    warm = start + max(60.0, 0.2 * secs)
    first, last, seen, cold = {}, {}, {}, {}
    for s in sampler.samples:
        for p, kb in s["workers"].items():
            if kb is None:
                continue
            seen.setdefault(p, s["t"])
            cold.setdefault(p, kb)
            if s["t"] >= max(warm, seen[p] + 60) and p not in first:
                first[p] = (s["t"], kb)
            last[p] = (s["t"], kb)
    lines.append("")
    lines.append("worker RSS (kB): first sample; first after the warm-up (the run's first "
                 "fifth, or its own first minute) -> last")
    grew = []
    data["rss"] = {}
    for p in sorted(last):
        if p not in first:
            lines.append(f"  {p}: {cold[p]}; {last[p][1]} (not alive long enough to judge)")
            continue
        d = last[p][1] - first[p][1]
        span = last[p][0] - first[p][0]
        lines.append(f"  {p}: {cold[p]}; {first[p][1]} -> {last[p][1]} ({d:+d}) over "
                     f"{span:.0f}s" + (" (too short to judge)" if span <= 60 else ""))
        data["rss"][p] = {"cold": cold[p], "first": first[p][1], "last": last[p][1],
                          "span": span}
        if d > KIB and span > 60:
            grew.append(p)
    if grew:
        fails.append(f"worker RSS grew by more than 1 MiB after the warm-up: {grew}")

    # Database connections: at most one a worker and the scheduler's, outside a database fault.
    conns = [s["app_connections"] for s in sampler.samples if s["app_connections"] is not None]
    tc = [s["threads_connected"] for s in sampler.samples if s["threads_connected"] is not None]
    limit = workers + 1
    over = [s for s in sampler.samples if s["app_connections"] is not None and
            s["app_connections"] > limit and not in_fault(s["t"], flist, "database")]
    lines.append("")
    lines.append(f"MariaDB Threads_connected min {min(tc) if tc else '?'} max "
                 f"{max(tc) if tc else '?'}; the app's connections min "
                 f"{min(conns) if conns else '?'} max {max(conns) if conns else '?'} "
                 f"(limit {limit}: {workers} workers + the scheduler); at the end "
                 f"{final['app_connections']}")
    data["db"] = {"threads_connected_min": min(tc) if tc else None,
                  "threads_connected_max": max(tc) if tc else None,
                  "app_min": min(conns) if conns else None,
                  "app_max": max(conns) if conns else None, "end": final["app_connections"]}
    if over:
        fails.append(f"the app held more than {limit} database connections "
                     f"({max(s['app_connections'] for s in over)})")
    if final["app_connections"] is not None and final["app_connections"] > limit:
        fails.append(f"{final['app_connections']} app connections at the end")

    lines.append(f"nginx stub_status Writing after the load: {writing}")
    if writing != 1:
        fails.append(f"nginx Writing {writing} after the load: requests stuck")

    # Leases and meetings.
    cur = st.sql("SELECT COALESCE(SUM(current_meetings), 0) FROM zoom_pool_zoomaccount")
    running = [m for m in fz.meetings.values() if m["status"] == "started"]
    lines.append("")
    lines.append(f"leases open at the end: {open_leases} (all released {released_after:.0f}s "
                 f"after the load stopped); current_meetings summed: "
                 f"{cur[0][0] if cur else '?'}; meetings running at the fake Zoom: "
                 f"{len(running)} of {len(fz.meetings)} made")
    od = [(s["t"], s["leases_overdue"]) for s in sampler.samples
          if s["leases_overdue"] is not None]
    if od:
        peak = max(od, key=lambda x: x[1])
        lines.append("leases past their lesson's end + grace + a job interval (the release "
                     "job behind, or waiting for Zoom): " +
                     (f"at most {peak[1]} (at {peak[0] - start:.0f}s)" if peak[1] else "none"))
        data["leases_overdue_max"] = peak[1]
    known = {r[0] for r in st.sql("SELECT DISTINCT zoom_meeting_id FROM zoom_pool_session "
                                  "WHERE zoom_meeting_id IS NOT NULL") or []}
    orphans = [m for m in fz.meetings.values() if str(m["id"]) not in known]
    lines.append(f"meetings made at the fake Zoom that no lease knows (a create Zoom carried "
                 f"out after the server had given up on it): {len(orphans)}, running "
                 f"{sum(1 for m in orphans if m['status'] == 'started')}")
    data["meetings_unknown"] = len(orphans)
    data["leases_open_at_end"] = open_leases
    data["meetings_running_at_end"] = len(running)
    data["meetings_made"] = len(fz.meetings)
    if open_leases != 0:
        fails.append(f"{open_leases} leases still open at the end")
    if not cur or int(cur[0][0]) != 0:
        fails.append(f"current_meetings sums to {cur[0][0] if cur else '?'} with no lease open")
    if running:
        fails.append(f"{len(running)} meetings still running at Zoom: "
                     f"{[m['id'] for m in running[:5]]}")

    w = verify_writes(st)
    data["writes"] = w
    lines.append("acknowledged writes checked: " + ", ".join(
        f"{k} {v}" for k, v in w["checked"].items()) + f"; missing {len(w['missing'])}")
    lines.append("writes not acknowledged (failed or lost answers; not required): " +
                 (", ".join(f"{k} {v}" for k, v in sorted(LEDGER.unacked.items())) or "none") +
                 f"; creates found committed after a lost answer: {LEDGER.adopted}")
    lines.append("leases by release reason: " + ", ".join(
        f"{k} {v}" for k, v in sorted(w["lease_reasons"].items())))
    for m in w["missing"][:10]:
        lines.append("  MISSING " + m)
    if w["missing"]:
        fails.append(f"{len(w['missing'])} acknowledged writes missing")
    if LEDGER.problems:
        fails.append(f"{len(LEDGER.problems)} contradictions seen by clients")
        for p in LEDGER.problems[:10]:
            lines.append("  PROBLEM " + p)
    data["problems"] = LEDGER.problems

    nl, cut, broken, ex = log_health(st)
    lines.append(f"tpanel.log: {nl} lines, {cut} cut short by the full disk, {broken} broken "
                 "otherwise" + (f" (e.g. {ex[0]!r})" if ex else ""))
    data["log"] = {"lines": nl, "cut": cut, "broken": broken, "examples": ex}
    disk_fault = any("disk full" in f.name and f.t0 for f in flist)
    if broken or (cut and not disk_fault):
        fails.append(f"{broken + (0 if disk_fault else cut)} log lines are not JSON")

    zc = collections.Counter(c["status"] for c in fz.log)
    lines.append("fake Zoom answers: " + ", ".join(f"{k}:{v}" for k, v in sorted(zc.items())))
    lines.append("")
    if fails:
        lines.append("FAIL: " + "; ".join(fails))
    else:
        lines.append("PASS: no unexpected answer, flat worker memory, database connections "
                     "bounded, every lease released, every acknowledged write kept")
    data["fails"] = fails
    return {"text": "\n".join(lines), "ok": not fails, "data": data}


def in_fault(t, faults, word):
    for f in faults:
        if word in f.name and f.t0 is not None and f.t0 - 1 <= t <= (f.recovered or f.t1 or
                                                                       now()) + 15:
            return True
    return False


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        STOP.set()
        sys.exit(130)
