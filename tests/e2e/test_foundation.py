"""The foundation through nginx: routing and errors, bad input, request ids, and the process
model (worker crash, reload, database outage, shutdown) under load."""

import os
import re
import signal
import socket
import subprocess
import time

import pytest

from conftest import REPO, Load, pid_alive, wait_until

SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def req(method, path, headers=(), body=b""):
    """A raw HTTP/1.1 request with Connection: close (path and headers as bytes)."""
    lines = [method + b" " + path + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    lines += list(headers)
    if body:
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def assert_json_error(r, status):
    assert r.status == status, r
    assert r.headers["content-type"].startswith("application/json"), r
    assert isinstance(r.json()["detail"], str) and r.json()["detail"], r


# -- the basics ----------------------------------------------------------------------------------

def test_ping(stack):
    r = stack.get("/api/ping/")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("application/json")
    assert r.json() == {"status": "ok"}


def test_health_through_nginx(stack):
    r = stack.get("/api/health/")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("application/json")
    doc = r.json()
    assert doc["status"] == "healthy"
    assert doc["checks"]["database"] == "ok"
    ms = doc["checks"]["response_time_ms"]
    assert isinstance(ms, (int, float)) and not isinstance(ms, bool) and 0 <= ms < 10000


def test_home_is_html_utf8(stack):
    r = stack.get("/")
    assert r.status == 200, r
    ctype = r.headers["content-type"].lower().replace(" ", "")
    assert ctype.startswith("text/html") and "charset=utf-8" in ctype, ctype
    assert b"<html" in r.body.lower()
    r.body.decode("utf-8")  # valid UTF-8 (Russian UI)


@pytest.mark.parametrize("path", ["/api/ping/", "/api/ping", "/api/health/", "/api/health"])
def test_both_slash_forms(stack, path):
    r = stack.get(path)
    assert r.status == 200, r


def test_unknown_api_path_is_json_404(stack):
    assert_json_error(stack.get("/api/nope/"), 404)
    assert stack.get("/api/nope/").json() == {"detail": "Not found."}


def test_unknown_page_is_html_404(stack):
    r = stack.get("/nope")
    assert r.status == 404, r
    assert r.headers["content-type"].lower().startswith("text/html")
    assert b"<html" in r.body.lower()


def test_wrong_method_is_405_with_allow(stack):
    r = stack.post("/api/health/", json={})
    assert_json_error(r, 405)
    assert "GET" in [m.strip() for m in r.headers["allow"].split(",")]
    assert r.json() == {"detail": 'Method "POST" not allowed.'}


def test_body_over_limit_is_413(stack):
    r = stack.post("/api/ping/", data=b"x" * (2 * 1024 * 1024),
                   headers={"Content-Type": "application/octet-stream"})
    assert_json_error(r, 413)
    assert stack.get("/api/ping/").status == 200


def test_static_is_served_by_nginx_with_caching(stack):
    static = REPO / "static"
    names = sorted(p.name for p in static.iterdir() if p.is_file()) if static.is_dir() else []
    if not names:
        pytest.skip("static/ is empty")
    r = stack.get("/static/" + names[0])
    assert r.status == 200, r
    assert "max-age" in r.headers.get("cache-control", ""), r.headers
    assert "x-request-id" not in r.headers  # nginx answered, not the app
    assert stack.get("/static/no-such-file.css").status == 404


def test_stack_start_is_idempotent(stack):
    master = stack.master_pid()
    t0 = time.monotonic()
    stack.start()
    assert time.monotonic() - t0 < 5
    assert stack.master_pid() == master
    out = stack.stack("status", stack.dir)
    assert "health: 200" in out


def test_environment_reaches_tpanel(stack):
    # conftest passes TPANEL_WORKERS through the environment, not through tpanel.conf.
    assert len(stack.worker_pids()) == int(stack.env["TPANEL_WORKERS"])


def test_log_is_json_lines_with_request_id(stack):
    rid = "e2e-log-line-check-42"
    assert stack.get("/api/ping/", headers={"X-Request-Id": rid}).status == 200
    wait_until(lambda: any(d.get("req") == rid for d in stack.log_lines()), 5,
               what="an access log line carrying the request id")
    lines = [ln for ln in stack.log_text().splitlines() if ln.strip()]
    assert len(stack.log_lines()) == len(lines), "a log line that is not JSON"


def test_second_instance_refuses_to_start(stack):
    master = stack.master_pid()
    p = subprocess.Popen([str(REPO / "tpanel"), "-c", str(stack.dir / "tpanel.conf"), "serve"],
                         env=stack.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _, err = p.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        pytest.fail("a second `tpanel serve` on the same pid file kept running")
    assert p.returncode != 0, err
    assert stack.master_pid() == master
    assert stack.get("/api/ping/").status == 200  # the socket was not stolen


# -- bad input: always a 4xx, never a 5xx or a hang ------------------------------------------------

BAD_REQUESTS = {
    "nul-escape-in-path": req(b"GET", b"/api/nope%00x/"),
    "nul-escape-in-known-path": req(b"GET", b"/api/ping/%00"),
    "invalid-escape-in-path": req(b"GET", b"/api/%zz/"),
    "truncated-escape-in-path": req(b"GET", b"/api/ping/%4"),
    "bad-escapes-in-query": req(b"GET", b"/api/ping/?a=%00&b=%zz&%ff"),
    "query-60k": req(b"GET", b"/api/ping/?q=" + b"a" * 60000),
    "header-20k": req(b"GET", b"/api/ping/", [b"X-Big: " + b"a" * 20000]),
    "junk-method-symbols": req(b"G@T", b"/api/ping/"),
    "lowercase-method": req(b"get", b"/api/ping/"),
    "unknown-method": req(b"FOO", b"/api/ping/"),
    "long-unknown-method": req(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"/api/health/"),
    "non-utf8-api-path": req(b"GET", b"/api/\xff\xfe/"),
    "non-utf8-page-path": req(b"GET", b"/\xc3\x28x"),
    "escaped-non-utf8-api-path": req(b"GET", b"/api/%ff%fe/"),
    "escaped-non-utf8-page-path": req(b"GET", b"/%ff%fe"),
    "dot-dot": req(b"GET", b"/api/../../etc/passwd"),
    "truncated-json-body": req(b"POST", b"/api/ping/", [b"Content-Type: application/json"],
                               b'{"a":'),
    "options": req(b"OPTIONS", b"/api/ping/"),
}


@pytest.mark.parametrize("name", sorted(BAD_REQUESTS))
def test_bad_input_is_4xx(stack, name):
    r = stack.raw(BAD_REQUESTS[name])
    assert 400 <= r.status < 500, (name, r)
    assert stack.get("/api/ping/").status == 200


# Large but legal: they reach the app (the params still fit nginx's one FastCGI record).
BIG_LEGAL = {
    "query-7k": req(b"GET", b"/api/ping/?q=" + b"a" * 7000),
    "header-7k": req(b"GET", b"/api/ping/", [b"X-Big: " + b"a" * 7000]),
    "sixty-headers": req(b"GET", b"/api/ping/",
                         [b"X-H%d: %s" % (i, b"b" * 400) for i in range(60)]),
    "binary-content-type": req(b"GET", b"/api/ping/", [b"Content-Type: \xff\xfe"]),
}


@pytest.mark.parametrize("name", sorted(BIG_LEGAL))
def test_big_legal_requests_are_served(stack, name):
    r = stack.raw(BIG_LEGAL[name])
    assert r.status < 500, (name, r)
    assert "x-request-id" in r.headers, (name, r)  # the app answered, not nginx


def test_server_still_serves_after_bad_input(stack):
    for data in list(BAD_REQUESTS.values()) + list(BIG_LEGAL.values()):
        stack.raw(data)
    assert stack.get("/api/health/").status == 200
    assert stack.get("/").status == 200


# -- request ids ---------------------------------------------------------------------------------

def test_request_id_is_echoed(stack):
    rid = "e2e-test-0123456789abcdef"
    r = stack.get("/api/ping/", headers={"X-Request-Id": rid})
    assert r.headers["x-request-id"] == rid


def test_request_id_is_echoed_on_errors(stack):
    rid = "e2e-err-0123456789"
    assert stack.get("/api/nope/", headers={"X-Request-Id": rid}).headers["x-request-id"] == rid
    assert stack.get("/nope", headers={"X-Request-Id": rid}).headers["x-request-id"] == rid


def test_request_id_is_generated(stack):
    a = stack.get("/api/ping/").headers["x-request-id"]
    b = stack.get("/api/ping/").headers["x-request-id"]
    assert SANE_ID.match(a) and SANE_ID.match(b), (a, b)
    assert a != b


@pytest.mark.parametrize("hostile", [
    b'abc"def<script>alert(1)</script>',
    b"z" * 300,
    b"abc def",
    b"abc\x01\x7f\xff\xfe-ctl",
    b"abc\r\n Folded: yes",
])
def test_hostile_request_id_is_not_echoed(stack, hostile):
    r = stack.raw(req(b"GET", b"/api/ping/", [b"X-Request-Id: " + hostile]))
    if r.status == 400 and "x-request-id" not in r.headers:
        return  # nginx refused the request itself: fine
    assert r.status == 200, r
    got = r.headers["x-request-id"]
    assert got.encode("latin-1") != hostile.strip()
    assert SANE_ID.match(got), got
    assert "folded" not in r.headers


# -- processes under load --------------------------------------------------------------------------

def failures(results):
    return [(o, round(t, 3)) for o, t in results if o != 200]


def test_killed_worker_is_replaced_under_load(stack):
    before = stack.worker_pids()
    assert len(before) >= 2, before
    with Load(stack, "/api/ping/", threads=8) as load:
        load.wait_requests(200)
        load.run_for(1.0)
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        wait_until(lambda: (lambda now: len(now) == len(before) and victim not in now)(
            stack.worker_pids()), 10, what="a replacement worker")
        load.run_for(2.0)
    after = stack.worker_pids()
    assert victim not in after and len(after) == len(before), (before, after)
    assert set(after) - set(before), "no new worker pid"
    assert not pid_alive(victim)
    bad = failures(load.results)
    assert len(bad) <= 1, f"{len(bad)} of {len(load.results)} requests failed: {bad[:10]}"
    stack.wait_no_stuck_requests()


def test_sighup_replaces_every_worker_without_failures(stack):
    before = set(stack.worker_pids())
    assert before
    master = stack.master_pid()
    with Load(stack, "/api/ping/", threads=8) as load:
        load.wait_requests(200)
        load.run_for(1.0)
        stack.reload()
        wait_until(lambda: (lambda now: len(now) == len(before) and not (now & before))(
            set(stack.worker_pids())), 30, what="every worker to be replaced after SIGHUP")
        load.run_for(1.0)
    assert stack.master_pid() == master
    bad = failures(load.results)
    assert not bad, f"{len(bad)} of {len(load.results)} requests failed: {bad[:10]}"
    assert stack.get("/api/health/").status == 200
    stack.wait_no_stuck_requests()


def test_database_outage_under_load(stack):
    master, workers = stack.master_pid(), stack.worker_pids()
    with Load(stack, "/api/health/", threads=4) as load:
        load.wait_requests(50)
        stack.db_stop()
        mark = load.count()
        load.wait_requests(50)

        r = stack.get("/api/health/")
        assert r.status == 503, r
        assert r.headers["content-type"].startswith("application/json")
        doc = r.json()
        assert doc["status"] == "unhealthy" and doc["checks"]["database"] == "error", doc
        assert isinstance(doc.get("detail"), str)
        assert stack.get("/api/ping/").status == 200  # no database needed

        stack.db_start()
        t0 = time.monotonic()
        wait_until(lambda: stack.get("/api/health/").status == 200, 10,
                   what="health to recover after db_start")
        recovered_in = time.monotonic() - t0
        load.wait_requests(50)
    results = load.snapshot()
    assert any(o == 503 for o, _ in results[mark:]), "no 503 seen while the database was down"
    odd = [(o, round(t, 2)) for o, t in results if o not in (200, 503)]
    assert not odd, f"answers other than 200/503: {odd[:10]}"
    slow = [round(t, 2) for _, t in results if t > 5]
    assert not slow, f"requests that took over 5 s: {slow[:10]}"
    assert recovered_in < 10
    # Same processes: recovery without a restart.
    assert stack.master_pid() == master and stack.worker_pids() == workers


def test_sigterm_stops_master_and_workers(new_stack):
    st = new_stack
    master, workers = st.master_pid(), st.worker_pids()
    assert workers
    sock = st.dir / "tpanel.sock"
    with Load(st, "/api/ping/", threads=4) as load:
        load.wait_requests(100)
        os.kill(master, signal.SIGTERM)
        wait_until(lambda: not any(pid_alive(p) for p in [master, *workers]), 30,
                   what="master and workers to exit after SIGTERM")
    # Requests in flight when SIGTERM came were drained: no 5xx before the master went away,
    # then nginx answers 502 since nothing listens any more.
    statuses = {o for o, _ in load.results}
    assert statuses <= {200, 502, 503}, statuses
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(2)
        with pytest.raises(OSError):
            s.connect(str(sock))
    assert st.get("/api/ping/").status == 502
