"""After MariaDB restarts, every worker's first statement of any kind reconnects and succeeds:
a statement never prepared before on the dead connection once failed with no error code
and 500 forever on that worker (regression). While it is down, a page whose session cannot be
checked answers 503, never the sign-in page."""

import uuid

from conftest import wait_until
from test_pages import assert_html, location, signed_in


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


def test_signed_in_home_during_an_outage_is_503_not_the_sign_in_page(stack):
    """GET / with a session cookie while MariaDB is down once answered 200 with the sign-in
    page (the session could not be checked, so the caller was taken for a visitor): a
    signed-in student saw herself signed out. Found by bench/soak --faults."""
    c, _ = signed_in(stack)
    assert location(c.get("/")).endswith("/student/")
    stack.db_stop()
    try:
        for path in ("/", "/login", "/register"):
            r = c.get(path)
            assert_html(r, 503)
            assert "csrf_token" not in r.text, path      # no sign-in form
        assert "tp_session" in c.cookies
        # A visitor without a session still gets the sign-in page: it needs no database.
        assert_html(stack.get("/"), 200)
    finally:
        stack.db_start()
    wait_until(lambda: stack.get("/api/health/").status == 200, 20, what="health after restart")
    assert location(c.get("/")).endswith("/student/")
