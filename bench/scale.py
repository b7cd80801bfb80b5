#!/usr/bin/env python3
"""The big school against the small one (issue 15; bench/README "The big school"): the same
targets measured, in one run, on a stack seeded like bench/seed (a teacher with 200 lessons)
and on one that also holds a big school's history (that teacher with 100,000 lessons, 200
teachers and 1,000,000 lessons in all, weekly lessons, attendance, audit entries), taking turns
target by target. Every request carries a fresh query string, so no kept answer helps; the
same again with the answer cache off. Then the plans of each target's statements on the big
seed.

    bench/scale.py [--rounds R] [--duration 10s] [--conns 32] [--out FILE] [--keep]

Run by bench/scale. Needs wrk and ./tpanel built; starts and stops its own two stacks.
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
from sqlplans import Capture, accesses, analyze, explain, mariadb  # noqa: E402

STACK = REPO / "scripts" / "stack"
PW = "Bench1password"
# The big school: 199 teachers besides the measured one (each 5 groups of 8 students, a past
# lesson every 20 hours), so that with the measured teacher's 100,000 there are 1,000,000.
BIG = {"teachers": 199, "groups": 5, "members": 8, "students": 4000, "lessons_each": 4523,
       "att": 1, "big_lessons": 99800, "codes": 5, "audit": 200000}
WRK_LUA = """
-- Each request with its own query string (a counter and the thread's number), so that no
-- answer kept by a worker (R_CACHE) serves it.
local counter = 0
local threads = 0
function setup(thread)
   thread:set("tid", threads)
   threads = threads + 1
end
request = function()
   counter = counter + 1
   local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
   return wrk.format(nil, wrk.path .. sep .. "_=" .. tid .. "-" .. counter)
end
"""


def say(*a):
    print(*a, file=sys.stderr, flush=True)


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Stack:
    def __init__(self, name, keep):
        self.name = name
        self.dir = Path(tempfile.mkdtemp(prefix=f"tpsc{name[0]}", dir="/tmp"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.sock = f"{self.dir}/mariadb/mysql.sock"
        self.keep = keep

    def run(self, *args, env=None):
        e = dict(os.environ)
        e.setdefault("TPANEL_WORKERS", "2")
        e.pop("TPANEL_HTTP_PORT", None)
        e.update(env or {})
        subprocess.run([str(STACK), *map(str, args)], check=True, env=e,
                       stdout=subprocess.DEVNULL)

    def start(self, env=None):
        self.run("start", self.dir, self.port, env=env)

    def restart_app(self, env):
        self.run("app-stop", self.dir, env=env)
        self.run("app-start", self.dir, self.port, env=env)
        for _ in range(100):
            try:
                if self.call("GET", "/api/health/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"{self.name}: the app did not come back")

    def stop(self):
        self.run("stop", self.dir)
        if not self.keep:
            subprocess.run(["rm", "-rf", str(self.dir)])

    def call(self, method, path, body=None, token=None, headers=None):
        h = dict(headers or {})
        if body is not None:
            h["Content-Type"] = "application/json"
        if token:
            h["Authorization"] = "Bearer " + token
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            c.request(method, path, body=json.dumps(body).encode() if body is not None
                      else None, headers=h)
            r = c.getresponse()
            return r.status, r.read(), r.getheaders()
        finally:
            c.close()

    def json(self, path, token=None):
        status, body, _ = self.call("GET", path, token=token)
        assert status == 200, (self.name, path, status, body[:200])
        return json.loads(body)

    def sql(self, text, timeout=3600):
        return mariadb(self.sock, text, timeout=timeout)


def token(st, email):
    status, body, _ = st.call("POST", "/api/jwt/token/", {"email": email, "password": PW})
    assert status == 200, body
    return json.loads(body)["access"]


def session_cookie(st, email):
    """A page session of email (the dashboard is a page): sign in with the login form."""
    status, body, headers = st.call("GET", "/login")
    cookies = [v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie"]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', body.decode()).group(1)
    form = urllib.parse.urlencode({"email": email, "password": PW, "csrf_token": csrf})
    c = http.client.HTTPConnection("127.0.0.1", st.port, timeout=30)
    c.request("POST", "/login", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "; ".join(cookies)})
    r = c.getresponse()
    r.read()
    assert r.status == 303, r.status
    jar = dict(x.split("=", 1) for x in cookies)
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            name, val = v.split(";", 1)[0].split("=", 1)
            jar[name] = val
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def settle(st, timeout=900):
    """After a bulk load, let InnoDB write its dirty pages and purge the load's undo log before
    anything is measured: else the big stack's server spends the first minutes of the run doing
    that, beside its requests."""
    t0 = time.monotonic()
    st.sql("SET GLOBAL innodb_max_dirty_pages_pct = 0;")
    while time.monotonic() - t0 < timeout:
        dirty, = st.sql("SELECT variable_value FROM information_schema.global_status WHERE "
                        "variable_name = 'Innodb_buffer_pool_pages_dirty';").split()
        hist = re.search(r"History list length (\d+)", st.sql("SHOW ENGINE INNODB STATUS;"))
        if int(dirty) < 100 and hist and int(hist.group(1)) < 100:
            break
        time.sleep(5)
    st.sql("SET GLOBAL innodb_max_dirty_pages_pct = 90;")
    say(f"  {st.name}: settled in {time.monotonic() - t0:.0f} s")


def seed(st, big):
    """bench/seed's teacher (200 lessons in 2031, 3 weekly lessons), an admin; for the big
    stack the big school's history in SQL. Returns the targets' auth."""
    st.sql("SET GLOBAL innodb_buffer_pool_size = 2147483648;")
    p = subprocess.run([str(REPO / "bench" / "seed"), st.base], check=True,
                       stdout=subprocess.PIPE, text=True)
    teacher_token = p.stdout.strip()
    me = st.json("/api/me/", teacher_token)
    admin = f"admin-{st.name}@bench.invalid"
    subprocess.run([str(REPO / "tpanel"), "-c", f"{st.dir}/tpanel.conf", "user", "create",
                    "--email", admin, "--role", "admin"], input=PW + "\n", text=True,
                   check=True, stdout=subprocess.DEVNULL)
    if big:
        group = st.json("/api/groups/", teacher_token)["results"][0]["id"]
        params = ", ".join(f"@bs_{k} = {v}" for k, v in BIG.items())
        t0 = time.monotonic()
        st.sql(f"SET @bs_prefix = 'b', {params}, @bs_big_teacher = {me['id']}, "
               f"@bs_big_group = {group};\n" + (REPO / "bench" / "bigschool.sql").read_text())
        say(f"  {st.name}: big school seeded in {time.monotonic() - t0:.0f} s: " + st.sql(
            "SELECT CONCAT((SELECT COUNT(*) FROM schedule_lesson), ' lessons (', "
            f"(SELECT COUNT(*) FROM schedule_lesson WHERE teacher_id = {me['id']}), "
            "' of the measured teacher), ', (SELECT COUNT(*) FROM accounts_customuser "
            "WHERE role = 'teacher'), ' teachers, ', (SELECT COUNT(*) FROM "
            "schedule_recurringlesson), ' weekly lessons, ', (SELECT COUNT(*) FROM "
            "schedule_attendance), ' attendance records, ', (SELECT COUNT(*) FROM "
            "schedule_auditlog), ' audit entries');").strip())
        settle(st)
    return {"teacher": "Bearer " + teacher_token,
            "admin": "Bearer " + token(st, admin),
            "page": session_cookie(st, me["email"])}


def targets(st, auth):
    """(name, path, header) of every target on this stack."""
    t = auth["teacher"]
    count = st.json("/api/schedule/lessons/?page_size=10", t.split()[1])["count"]
    last = (count + 9) // 10
    deep = min(4000, last)
    before = st.json(f"/api/schedule/lessons/?page_size=10&page={deep - 1}", t.split()[1])
    nxt = urllib.parse.urlsplit(before["next"])
    return [
        ("ceiling /nginx-static-200", "/nginx-static-200", None),
        ("/api/health/", "/api/health/", None),
        ("lessons, page 1", "/api/schedule/lessons/?page_size=10", ("Authorization", t)),
        ("lessons, deep page by next", f"{nxt.path}?{nxt.query}", ("Authorization", t)),
        ("lessons, deep ?page=N", f"/api/schedule/lessons/?page_size=10&page={deep}",
         ("Authorization", t)),
        ("lessons, upcoming", "/api/schedule/lessons/?upcoming=true&page_size=10",
         ("Authorization", t)),
        ("calendar feed, a month",
         "/api/schedule/lessons/calendar_feed/?start=2031-03-01&end=2031-04-01",
         ("Authorization", t)),
        ("admin: lessons, page 1", "/api/schedule/lessons/?page_size=10",
         ("Authorization", auth["admin"])),
        ("teacher dashboard /teacher/", "/teacher/", ("Cookie", auth["page"])),
    ]


def wrk(st, path, header, args, lua):
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.conns}", f"-d{args.duration}", "--latency",
           "-s", lua]
    if header:
        cmd += ["-H", f"{header[0]}: {header[1]}"]
    p = subprocess.run(cmd + [st.base + path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=600)
    out = p.stdout
    if p.returncode != 0:
        raise SystemExit(f"wrk failed on {path}:\n{out}")

    def ms(v):
        n = float(re.match(r"[\d.]+", v).group())
        return n / 1000 if v.endswith("us") else n * 1000 if v.endswith("s") and \
            not v.endswith("ms") else n
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    non2xx = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errs = sum(map(int, m.groups())) if m else 0
    return rps, p50, p99, non2xx, errs


def measure(stacks, tgts, args, lua, label):
    """Every target on the small stack then the big one (or the other way round, alternating
    by round), R rounds; medians."""
    res = {}
    names = [n for n, _, _ in tgts[stacks[0].name]]
    for r in range(args.rounds):
        order = stacks if r % 2 == 0 else stacks[::-1]
        for i, name in enumerate(names):
            for st in order:
                _, path, header = tgts[st.name][i]
                v = wrk(st, path, header, args, lua)
                res.setdefault((name, st.name), []).append(v)
                say(f"  {label} round {r + 1}  {st.name:5}  {name:32} {v[0]:9.0f} req/s  "
                    f"p50 {v[1]:7.2f} ms  p99 {v[2]:7.2f} ms  non-2xx {v[3]}  errors {v[4]}")
    table = []
    for name in names:
        row = [name]
        for st in stacks:
            runs = res[(name, st.name)]
            row.append(tuple(statistics.median(x[k] for x in runs) for k in range(3)) +
                       (sum(x[3] for x in runs), sum(x[4] for x in runs)))
        table.append(row)
    return table


def report(table, label, args):
    lines = [f"{label}: wrk -t{args.threads} -c{args.conns} -d{args.duration}, medians of "
             f"{args.rounds} rounds, small and big in turn",
             "",
             f"    {'target':32} {'small req/s':>11} {'p99 ms':>8} {'big req/s':>10} "
             f"{'p99 ms':>8} {'big/small':>9} {'p99 x':>6}  target met",
             f"    {'-' * 32} {'-' * 11} {'-' * 8} {'-' * 10} {'-' * 8} {'-' * 9} {'-' * 6}  "
             f"{'-' * 10}"]
    bad = 0
    for name, s, b in table:
        ratio = b[0] / s[0] if s[0] else 0
        p99x = b[2] / s[2] if s[2] else 0
        measured = not name.startswith(("ceiling", "/api/health", "lessons, deep ?page"))
        ok = ratio >= 0.8 and p99x <= 1.25
        mark = ("yes" if ok else "NO") if measured else ""
        lines.append(f"    {name:32} {s[0]:11.0f} {s[2]:8.2f} {b[0]:10.0f} {b[2]:8.2f} "
                     f"{ratio:9.2f} {p99x:6.2f}  {mark}")
        bad += s[3] + s[4] + b[3] + b[4]
    if bad:
        lines.append(f"    WARNING: {bad} non-2xx answers or socket errors")
    return "\n".join(lines)


def plans(st, tgts):
    """The statements each target makes on the big stack, their EXPLAIN and the rows every
    table access read (ANALYZE)."""
    cap = Capture(st.sock)
    st.restart_app({})          # workers that prepare with the log on
    out = []
    try:
        for name, path, header in tgts:
            if name.startswith(("ceiling", "/api/health")):
                continue
            stmts = cap.statements(lambda: st.call("GET", path, headers=dict([header])))
            out.append(f"{name}: {path[:90]}")
            for s in stmts:
                if s.startswith("SELECT u.id, u.email, u.role") or \
                        s.startswith("SELECT version FROM data_version") or \
                        "FROM auth_session" in s:
                    continue        # the caller and the data version: primary keys
                read = ", ".join(f"{t} {a}{'/' + k if k else ''} {n}"
                                 for t, a, k, n, _ in accesses(analyze(st.sock, s)))
                out.append("    " + re.sub(r"\s+", " ", s)[:160] + ("..." if len(s) > 160
                                                                      else ""))
                out.append("      rows read: " + read)
                for line in explain(st.sock, s).splitlines():
                    out.append("      " + line)
            out.append("")
    finally:
        cap.close()
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 3)))
    ap.add_argument("--duration", default=os.environ.get("BENCH_DURATION", "10s"))
    ap.add_argument("--conns", type=int, default=int(os.environ.get("BENCH_CONNS", 32)))
    ap.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", 2)))
    ap.add_argument("--out", default=os.environ.get("SCALE_OUT"))
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--factor", type=float, default=float(os.environ.get("SCALE_FACTOR", 1)),
                    help="scale the big school's lessons (a quick trial: 0.05)")
    args = ap.parse_args()
    for k in ("lessons_each", "big_lessons", "audit"):
        BIG[k] = max(1, int(BIG[k] * args.factor))
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lua.write(WRK_LUA)
    lua.close()
    stacks = [Stack("small", args.keep), Stack("big", args.keep)]
    try:
        auth, tgts = {}, {}
        for st in stacks:
            say(f"starting the {st.name} stack in {st.dir} on port {st.port}")
            st.start()
            auth[st.name] = seed(st, st.name == "big")
        for st in stacks:
            tgts[st.name] = targets(st, auth[st.name])
        say("warming up")
        for st in stacks:
            for _, path, header in tgts[st.name]:
                wrk(st, path, header, argparse.Namespace(threads=2, conns=args.conns,
                                                        duration="2s"), lua.name)
        deep = {st.name: re.search(r"page=(\d+)", tgts[st.name][4][1]).group(1)
                for st in stacks}
        out = [f"bench/scale {time.strftime('%Y-%m-%d %H:%M')} UTC, {os.cpu_count()} cores, "
               f"2 workers a stack, load average before {os.getloadavg()[0]:.1f}; the deep "
               f"page is page {deep['small']} (the last) of the small seed's teacher, page "
               f"{deep['big']} of the big seed's", ""]
        table = measure(stacks, tgts, args, lua.name, "defaults")
        out += [report(table, "Defaults (answer cache on, every query string fresh)", args), ""]
        for st in stacks:
            st.restart_app({"TPANEL_RESPONSE_CACHE_MS": "0"})
        table = measure(stacks, tgts, args, lua.name, "cache off")
        out += [report(table, "Answer cache off (response_cache_ms = 0)", args), ""]
        for st in stacks:
            st.restart_app({})
        out += ["Plans on the big seed (EXPLAIN; rows read per table access from ANALYZE):",
                "", plans(stacks[1], tgts["big"])]
        text = "\n".join(out)
        print(text)
        if args.out:
            Path(args.out).write_text(text + "\n")
    finally:
        os.unlink(lua.name)
        for st in stacks:
            try:
                st.stop()
            except Exception as e:  # noqa: BLE001 - stop the other one too
                say(f"stopping {st.name}: {e}")


if __name__ == "__main__":
    main()
