"""GET /metrics: Prometheus counters shared by all workers, for allowed clients only."""
import http.client
import json
import os
import re
import signal
import subprocess
import time


def metric(text, name, **labels):
    """The value of one sample, or 0 when it is absent."""
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pat = re.compile(r"^" + re.escape(name) + (r"\{" + re.escape(want) + r"\}" if want else "") + r" (\S+)$", re.M)
    m = pat.search(text)
    return float(m.group(1)) if m else 0.0


def scrape(stack):
    r = stack.get("/metrics")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
    return r.body.decode()


def test_requests_are_counted_by_route_and_status(stack):
    before = scrape(stack)
    for _ in range(7):
        assert stack.get("/api/ping/").status == 200
    for _ in range(3):
        assert stack.get("/api/no-such-thing/").status == 404
    assert stack.post("/api/health/", json={}).status == 405
    after = scrape(stack)
    ping = dict(method="GET", route="/api/ping/", status="200")
    assert metric(after, "tpanel_http_requests_total", **ping) - \
        metric(before, "tpanel_http_requests_total", **ping) == 7
    unmatched = dict(method="", route="unmatched", status="404")
    assert metric(after, "tpanel_http_requests_total", **unmatched) - \
        metric(before, "tpanel_http_requests_total", **unmatched) == 3
    assert metric(after, "tpanel_http_requests_total", method="", route="unmatched", status="405") >= 1
    # The histogram counts the same requests, cumulative buckets end at +Inf.
    count = metric(after, "tpanel_http_request_duration_seconds_count", method="GET", route="/api/ping/")
    inf = metric(after, "tpanel_http_request_duration_seconds_bucket", method="GET", route="/api/ping/", le="+Inf")
    assert count == inf >= 7
    assert metric(after, "tpanel_http_requests_in_flight") >= 1  # this scrape


def test_counters_survive_a_worker_restart(stack):
    for _ in range(5):
        stack.get("/api/ping/")
    before = scrape(stack)
    restarts = metric(before, "tpanel_worker_restarts_total")
    victim = stack.worker_pids()[0]
    os.kill(victim, signal.SIGKILL)
    deadline = time.time() + 10
    while time.time() < deadline and victim in stack.worker_pids():
        time.sleep(0.05)
    time.sleep(0.3)
    after = scrape(stack)
    ping = dict(method="GET", route="/api/ping/", status="200")
    assert metric(after, "tpanel_http_requests_total", **ping) >= \
        metric(before, "tpanel_http_requests_total", **ping)
    assert metric(after, "tpanel_worker_restarts_total") == restarts + 1


def test_database_errors_are_counted(stack):
    before = metric(scrape(stack), "tpanel_db_errors_total")
    stack.db_stop()
    try:
        assert stack.get("/api/health/").status == 503
    finally:
        stack.db_start()
    deadline = time.time() + 20
    while time.time() < deadline and stack.get("/api/health/").status != 200:
        time.sleep(0.1)
    after = scrape(stack)
    assert metric(after, "tpanel_db_errors_total") > before
    assert metric(after, "tpanel_db_connects_total") >= 2  # a reconnect


def test_scheduler_runs_its_jobs(stack):
    """The scheduler runs the clean-up job at start; its runs are counted across processes."""
    deadline = time.time() + 15
    while time.time() < deadline:
        text = scrape(stack)
        if metric(text, "tpanel_job_runs_total", job="cleanup") >= 1:
            break
        time.sleep(0.2)
    assert metric(text, "tpanel_job_runs_total", job="cleanup") >= 1
    assert metric(text, "tpanel_job_failures_total", job="cleanup") == 0
    assert 'tpanel_job_duration_seconds_sum{job="cleanup"}' in text
    p = subprocess.run(["pgrep", "-P", str(stack.master_pid()), "-x", "tpanel-sched"],
                       stdout=subprocess.PIPE, text=True)
    assert len(p.stdout.split()) == 1  # exactly one scheduler


def get_from(stack, addr, path, headers=None):
    """GET from another loopback address: nginx passes it as the client's."""
    conn = http.client.HTTPConnection(stack.host, stack.port, timeout=10, source_address=(addr, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def test_other_addresses_are_refused(stack):
    status, body = get_from(stack, "127.0.0.9", "/metrics")
    assert status == 403
    assert "detail" in json.loads(body)
    status, _ = get_from(stack, "127.0.0.9", "/metrics", {"Authorization": "Bearer wrong"})
    assert status == 403
    status, _ = get_from(stack, "127.0.0.9", "/api/ping/")
    assert status == 200  # only /metrics is closed to them


def test_a_configured_token_opens_metrics_to_others(monkeypatch, request):
    """With TPANEL_METRICS_TOKEN set, another address gets in with that bearer token only."""
    import conftest
    monkeypatch.setenv("TPANEL_METRICS_TOKEN", "m-token-" + "x" * 24)
    monkeypatch.setenv("TPANEL_METRICS_ALLOW", "")
    st = conftest._start_stack(workers="1")
    try:
        status, _ = get_from(st, "127.0.0.9", "/metrics")
        assert status == 403
        status, _ = get_from(st, "127.0.0.9", "/metrics", {"Authorization": "Bearer m-token-" + "x" * 23})
        assert status == 403
        status, body = get_from(st, "127.0.0.9", "/metrics", {"Authorization": "Bearer m-token-" + "x" * 24})
        assert status == 200 and b"tpanel_http_requests_total" in body
        status, _ = get_from(st, "127.0.0.1", "/metrics")
        assert status == 403  # the allow list is empty now
    finally:
        conftest._teardown(st)
