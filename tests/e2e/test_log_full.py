"""When the log cannot be written (the disk full, a file size limit), requests are answered all
the same, and the log's lines are whole JSON again once it can. bench/soak --faults fills a
tmpfs under the logs for the same; here a file size limit (RLIMIT_FSIZE) on tpanel serve does
it without root: a write past it is cut short, the next ones fail."""

import json
import os
import resource
import signal

from conftest import wait_until


def replace_workers(st):
    """SIGHUP: every worker replaced by one forked from the master as it is now."""
    before = set(st.worker_pids())
    os.kill(st.master_pid(), signal.SIGHUP)
    wait_until(lambda: (lambda now: len(now) == len(before) and not now & before)(
        set(st.worker_pids())), 30, what="every worker replaced after SIGHUP")


def test_requests_are_answered_while_the_log_cannot_be_written(new_stack):
    st = new_stack
    log = st.dir / "logs" / "tpanel.log"
    master = st.master_pid()
    full = log.stat().st_size + 30000
    unlimited = resource.prlimit(master, resource.RLIMIT_FSIZE)
    resource.prlimit(master, resource.RLIMIT_FSIZE, (full, unlimited[1]))
    try:
        replace_workers(st)
        workers = st.worker_pids()
        # ~200 bytes of access line each: far past the limit.
        statuses = [st.get("/api/ping/").status for _ in range(400)]
        assert statuses == [200] * 400, [s for s in statuses if s != 200][:5]
        assert st.get("/api/health/").status == 200
        assert st.worker_pids() == workers, "a worker died writing its log"
        assert st.master_pid() == master
        assert log.stat().st_size <= full
    finally:
        resource.prlimit(master, resource.RLIMIT_FSIZE, unlimited)
    replace_workers(st)
    size = log.stat().st_size
    for _ in range(20):
        assert st.get("/api/ping/").status == 200
    assert log.stat().st_size > size, "nothing logged once there was room again"
    lines = [ln for ln in log.read_text(errors="replace").splitlines() if ln.strip()]
    bad = []
    for ln in lines:
        try:
            json.loads(ln)
        except ValueError:
            bad.append(ln)
    # At most a line per process cut short at the limit, each on a line of its own: never
    # two lines run together.
    assert len(bad) <= 4, bad
    assert all(b.startswith('{"ts":') and b.count('{"ts":') == 1 for b in bad), bad
    assert json.loads(lines[-1])["path"] == "/api/ping/"
