"""End-to-end fixtures: a real stack (MariaDB, tpanel serve, nginx) on loopback, via scripts/stack.

    def test_x(stack):
        r = stack.get("/api/health/")
        assert r.status == 200 and r.json()["status"] == "healthy"

`stack` is one stack for the whole session, in a fresh short temp dir on a free port, torn down
at the end (also when tests fail). `new_stack` starts a private one for tests that break it.
Set TPANEL_E2E_KEEP=1 to keep the state directories (logs) after the run.
"""

import collections.abc
import http.client
import json as jsonlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STACK = REPO / "scripts" / "stack"
TIMEOUT = 10.0


class Headers(collections.abc.Mapping):
    """Response headers, case-insensitive; repeated headers joined with ", "."""

    def __init__(self, pairs):
        self._d = {}
        for k, v in pairs:
            k = k.lower()
            self._d[k] = self._d[k] + ", " + v if k in self._d else v
        self.pairs = list(pairs)

    def __getitem__(self, key):
        return self._d[key.lower()]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)

    def __repr__(self):
        return f"Headers({self._d!r})"


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = Headers(headers)
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return jsonlib.loads(self.body)

    def __repr__(self):
        return f"<Response {self.status} {self.headers.get('content-type')} {self.body[:200]!r}>"


def _read_response(conn_or_sock, raw=False):
    if raw:
        r = http.client.HTTPResponse(conn_or_sock)
        r.begin()
    else:
        r = conn_or_sock.getresponse()
    body = r.read()
    return Response(r.status, r.reason, r.getheaders(), body)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_stack(*args, env=None, timeout=180):
    """Run scripts/stack ARGS; raise with its output when it fails."""
    p = subprocess.run([str(STACK), *map(str, args)], env=env, cwd=REPO, timeout=timeout,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"scripts/stack {' '.join(map(str, args))} failed "
                           f"(exit {p.returncode}):\n{p.stdout}")
    return p.stdout


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(pred, timeout, interval=0.05, what="condition"):
    """Poll pred() until it returns a true value; return it, or fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


class Stack:
    def __init__(self, directory, port, env):
        self.dir = Path(directory)
        self.port = port
        self.host = "127.0.0.1"
        self.env = env
        self.base_url = f"http://{self.host}:{port}"

    # -- HTTP --------------------------------------------------------------------------------

    def request(self, method, path, body=None, headers=None, json=None, data=None,
                timeout=TIMEOUT):
        """One request on a new connection; returns a Response (any status, never raises on 4xx/5xx)."""
        headers = dict(headers or {})
        if json is not None:
            body = jsonlib.dumps(json).encode()
            headers.setdefault("Content-Type", "application/json")
        elif data is not None:
            if isinstance(data, dict):
                import urllib.parse
                body = urllib.parse.urlencode(data).encode()
                headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
            else:
                body = data if isinstance(data, bytes) else str(data).encode()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            return _read_response(conn)
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, json=None, data=None, headers=None, **kw):
        return self.request("POST", path, json=json, data=data, headers=headers, **kw)

    def raw(self, data, timeout=TIMEOUT):
        """Send raw bytes (a whole HTTP/1.1 request) and parse the answer."""
        with socket.create_connection((self.host, self.port), timeout=timeout) as s:
            s.sendall(data)
            return _read_response(s, raw=True)

    # -- processes ---------------------------------------------------------------------------

    def master_pid(self):
        return int((self.dir / "tpanel.pid").read_text().split()[0])

    def worker_pids(self):
        p = subprocess.run(["pgrep", "-P", str(self.master_pid()), "-x", "tpanel-worker"],
                           stdout=subprocess.PIPE, text=True)
        return sorted(int(x) for x in p.stdout.split())

    def nginx_status(self):
        """nginx stub_status as a dict: active, accepts, handled, requests, reading, writing, waiting."""
        import re
        t = self.get("/nginx_status").text
        nums = [int(x) for x in re.findall(r"\d+", t)]
        keys = ["active", "accepts", "handled", "requests", "reading", "writing", "waiting"]
        return dict(zip(keys, nums))

    def wait_no_stuck_requests(self, timeout=10):
        """Wait until nginx has no request in progress but the stub_status one (Writing: 1)."""
        wait_until(lambda: self.nginx_status()["writing"] == 1, timeout,
                   what="nginx Writing: 1 (no request stuck)")

    def reload(self):
        os.kill(self.master_pid(), signal.SIGHUP)

    def db_stop(self):
        run_stack("db-stop", self.dir, env=self.env)

    def db_start(self):
        run_stack("db-start", self.dir, env=self.env)

    def start(self):
        run_stack("start", self.dir, self.port, env=self.env)

    def stop(self):
        run_stack("stop", self.dir, env=self.env)

    def stack(self, *args):
        return run_stack(*args, env=self.env)

    def log_text(self):
        try:
            return (self.dir / "logs" / "tpanel.log").read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_lines(self):
        """tpanel's JSON log lines, parsed (lines that are not JSON are skipped)."""
        out = []
        for line in self.log_text().splitlines():
            try:
                out.append(jsonlib.loads(line))
            except ValueError:
                pass
        return out


class Load:
    """Background load: `threads` threads sending GET path until stopped. Results are
    (status or exception name, elapsed seconds) tuples."""

    def __init__(self, stack, path, threads=8, timeout=TIMEOUT):
        self.stack, self.path, self.timeout = stack, path, timeout
        self.results = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self):
        while not self._stop.is_set():
            t0 = time.monotonic()
            try:
                outcome = self.stack.get(self.path, timeout=self.timeout).status
            except Exception as e:  # noqa: BLE001 - every failure is a result
                outcome = type(e).__name__
            with self._lock:
                self.results.append((outcome, time.monotonic() - t0))

    def __enter__(self):
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        self._stop.set()
        for t in self._threads:
            t.join(self.timeout + 5)

    def count(self):
        with self._lock:
            return len(self.results)

    def snapshot(self):
        with self._lock:
            return list(self.results)

    def run_for(self, seconds):
        """Let the load run for `seconds`, failing if no request completes meanwhile."""
        n = self.count()
        time.sleep(seconds)
        assert self.count() > n, f"no request completed in {seconds}s of load"

    def wait_requests(self, n, timeout=10):
        """Wait until at least n more requests completed (proof that load is flowing)."""
        target = self.count() + n
        wait_until(lambda: self.count() >= target, timeout, what=f"{n} requests under load")


_approvers = {}


def approve_teacher(stack, user_id):
    """Approve a teacher who registered (teacher_approval is on by default), as an admin of the
    stack's made once with `tpanel user create`: what a school's admin does before such a teacher
    adds students by email or starts lessons on the pool."""
    token = _approvers.get(stack.dir)
    if token is None:
        email = f"approver-{os.getpid()}-{len(_approvers)}-{time.monotonic_ns()}@example.org"
        pw = "Appr0verPass"
        p = subprocess.run([str(REPO / "tpanel"), "-c", str(stack.dir / "tpanel.conf"), "user",
                            "create", "--email", email, "--role", "admin"], input=pw + "\n",
                           env=stack.env, cwd=REPO, timeout=60, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        assert p.returncode == 0, (p.stdout, p.stderr)
        r = stack.post("/api/jwt/token/", json={"email": email, "password": pw})
        assert r.status == 200, r
        token = _approvers[stack.dir] = r.json()["access"]
    r = stack.post(f"/accounts/api/admin/teachers/{user_id}/approve/", json={"approved": True},
                   headers={"Authorization": "Bearer " + token})
    assert r.status == 200 and r.json()["is_approved"] is True, r


def zoom_env(fz):
    """Settings that point a stack at the fake Zoom, with short Zoom timeouts and retry
    budget so that failures show in seconds."""
    return {"TPANEL_ZOOM_API_URL": fz.api_url, "TPANEL_ZOOM_OAUTH_URL": fz.oauth_url,
            "TPANEL_ZOOM_TIMEOUT_MS": "2000", "TPANEL_ZOOM_CONNECT_TIMEOUT_MS": "1000",
            "TPANEL_ZOOM_RETRY_BUDGET_MS": "5000"}


def _start_stack(name_prefix="tp", workers="3", zoom=None, extra=None):
    if not (REPO / "tpanel").exists():
        pytest.exit("./tpanel is not built: run scripts/stack build (or scripts/dev test)", 2)
    d = tempfile.mkdtemp(prefix=name_prefix, dir="/tmp")
    env = dict(os.environ)
    env.setdefault("TPANEL_WORKERS", workers)
    # Three workers at the default share would leave Zoom one place: tests that start lessons
    # at once want them all. test_pentest.py tests the share itself.
    env.setdefault("TPANEL_ZOOM_WORKER_SHARE", "100")
    env.pop("TPANEL_HTTP_PORT", None)
    if zoom is not None:
        for k, v in zoom_env(zoom).items():
            env.setdefault(k, v)
    env.update(extra or {})
    st = Stack(d, free_port(), env)
    try:
        st.start()
    except Exception:
        _teardown(st, failed=True)
        raise
    return st


def _tail(path, n=40):
    try:
        lines = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return
    print(f"\n--- last lines of {path} ---")
    print("\n".join(lines[-n:]))


def _teardown(st, failed=False):
    try:
        run_stack("stop", st.dir, env=st.env, timeout=120)
    finally:
        if failed:
            _tail(st.dir / "logs" / "tpanel.log")
            _tail(st.dir / "nginx" / "logs" / "error.log", 15)
        if os.environ.get("TPANEL_E2E_KEEP"):
            print(f"\n[e2e] state kept in {st.dir}")
        else:
            shutil.rmtree(st.dir, ignore_errors=True)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes tens of seconds (deselect with -m 'not slow')")


@pytest.fixture(scope="session")
def fakezoom():
    """The fake Zoom server (tests/e2e/fakezoom.py) every stack talks to."""
    from fakezoom import FakeZoom
    fz = FakeZoom().start()
    yield fz
    fz.stop()


@pytest.fixture
def zoom(fakezoom):
    """The fake Zoom for one test: faults it was told to inject end with the test."""
    fakezoom.reset_faults()
    yield fakezoom
    fakezoom.reset_faults()


@pytest.fixture(scope="session")
def stack(request, fakezoom):
    st = _start_stack(zoom=fakezoom)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


@pytest.fixture
def new_stack(request, fakezoom):
    """A private stack for a test that breaks it (SIGTERM, ...)."""
    st = _start_stack(workers="2", zoom=fakezoom)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


@pytest.fixture(scope="session")
def berlin_stack(request, fakezoom):
    """A private stack whose configured zone is Europe/Berlin (daylight saving on 2026-03-29
    and 2026-10-25), for the weekly lessons' wall-clock times."""
    st = _start_stack("tpb", workers="2", zoom=fakezoom,
                      extra={"TPANEL_TIME_ZONE": "Europe/Berlin"})
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


@pytest.fixture
def load():
    """load(stack, path, threads=8) -> a Load context manager."""
    return Load
