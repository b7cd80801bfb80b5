"""A connection that sends nothing (a port probe) must not hold a worker: requests keep
flowing, and SIGHUP and SIGTERM replace or stop workers at once, not after drain_timeout
(regression: libfcgi used to go back to accepting by itself with SIGTERM blocked)."""

import os
import signal
import socket
import time

from conftest import pid_alive as alive


def probe(stack, n=6):
    for _ in range(n):
        s = socket.socket(socket.AF_UNIX)
        s.connect(str(stack.dir / "tpanel.sock"))
        s.close()


def test_probes_do_not_hold_workers(new_stack):
    probe(new_stack)
    time.sleep(0.2)
    assert all(new_stack.get("/api/ping/").status == 200 for _ in range(10))
    old = new_stack.worker_pids()
    new_stack.reload()
    deadline = time.time() + 5
    while time.time() < deadline and set(old) & set(new_stack.worker_pids()):
        time.sleep(0.05)
    assert not set(old) & set(new_stack.worker_pids()), "old workers still running after 5 s"
    probe(new_stack)
    master = new_stack.master_pid()
    t0 = time.time()
    os.kill(master, signal.SIGTERM)
    while time.time() - t0 < 10 and alive(master):
        time.sleep(0.05)
    assert not alive(master)
    assert time.time() - t0 < 3, "SIGTERM waited on a probe connection"
