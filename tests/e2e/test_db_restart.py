"""After MariaDB restarts, every worker's first statement of any kind reconnects and succeeds:
a statement never prepared before on the dead connection once failed with no error code
and 500 forever on that worker (regression)."""

import uuid


def register(stack):
    r = stack.post("/api/jwt/register/", json={
        "email": f"r-{uuid.uuid4().hex[:12]}@example.org", "password": "Restart1Pass"})
    return r.status


def test_writes_and_reads_work_on_every_worker_after_a_restart(stack):
    # Every worker opens its connection and prepares only the health query.
    for _ in range(20):
        assert stack.get("/api/health/").status == 200
    stack.db_stop()
    stack.db_start()
    # Registration prepares new statements on connections the restart killed.
    statuses = [register(stack) for _ in range(12)]
    assert statuses == [201] * 12, statuses
    assert all(stack.get("/api/health/").status == 200 for _ in range(10))
