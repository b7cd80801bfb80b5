"""Several app hosts (PHASE2-3 §3.5, "More than one host"): two hosts, each its own nginx with
nchan and its own tpanel serve from this worktree, on one MariaDB and one Redis. With
realtime_redis_url set every host's nchan keeps the channels in that Redis, so an event
published through one host reaches a browser connected to the other, and closing a user's
channel on one host closes their streams on both."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import REPO, Stack, _teardown, free_port, run_stack, wait_until
from test_chat_api import call, dm, ok, send
from test_chat_stream import SSE, ticket
from test_groups_api import api, create_group, new_admin, new_user

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")


@pytest.fixture(scope="module")
def hosts(fakezoom):
    if not (REPO / "tpanel").exists():
        pytest.exit("./tpanel is not built", 2)
    a_dir = Path(tempfile.mkdtemp(prefix="tpha", dir="/tmp"))
    b_dir = Path(tempfile.mkdtemp(prefix="tphb", dir="/tmp"))
    redis = free_port()
    env = {**os.environ, "TPANEL_WORKERS": "2",
           "TPANEL_REALTIME_REDIS_URL": f"redis://127.0.0.1:{redis}",
           "TPANEL_ZOOM_API_URL": fakezoom.api_url, "TPANEL_ZOOM_OAUTH_URL": fakezoom.oauth_url}
    env.pop("TPANEL_HTTP_PORT", None)
    a = Stack(a_dir, free_port(), env)
    b = None
    try:
        run_stack("redis-start", a_dir, redis, env=env)
        a.start()
        # Host B: its own tpanel and nginx, the same database, secret key and Redis.
        secrets = a_dir / "secrets"
        b_env = {**env, "TPANEL_DB_SOCKET": str(a_dir / "mariadb" / "mysql.sock"),
                 "TPANEL_DB_PASSWORD": (secrets / "db_password").read_text().strip(),
                 "TPANEL_SECRET_KEY": (secrets / "secret_key").read_text().strip()}
        b = Stack(b_dir, free_port(), b_env)
        run_stack("app-start", b_dir, b.port, env=b_env)
        run_stack("web-start", b_dir, b.port, env=b_env)
        wait_until(lambda: b.get("/api/health/").status == 200, 20, what="host B healthy")
        yield a, b
    finally:
        if b is not None:
            run_stack("web-stop", b_dir, env=b.env)
            run_stack("app-stop", b_dir, env=b.env)
            shutil.rmtree(b_dir, ignore_errors=True)
        _teardown(a)


def test_both_hosts_name_the_same_redis(hosts):
    for st in hosts:
        conf = (st.dir / "nginx" / "nginx.conf").read_text()
        assert "nchan-redis-pass*.conf" in conf
        assert "nchan_redis_pass nchan_redis;" in (st.dir / "nginx" /
                                                   "nchan-redis-pass.conf").read_text()
        assert "nchan_redis_server redis://127.0.0.1:" in (st.dir / "nginx" /
                                                           "nchan-redis-upstream.conf").read_text()


def test_a_message_sent_through_one_host_reaches_a_subscriber_on_the_other(hosts):
    a, b = hosts
    t = new_user(a, "teacher", first_name="Анна")
    s = new_user(a, "student", first_name="Иван")
    create_group(a, t, student_ids=[s.id])
    c = dm(a, s, t)
    # T listens on host B, with a ticket from host B; S writes through host A.
    on_b = SSE(b.host, b.port, ticket(b, t)["url"])
    assert on_b.status == 200 and on_b.next("comment")[2] == "hi"
    m = send(a, s, c, "с хоста A")
    ev = on_b.next("message.new", timeout=2)[2]["data"]
    assert ev["message"]["id"] == m["id"] and ev["message"]["text"] == "с хоста A"
    assert on_b.next("unread", timeout=2)[2]["data"]["chat_id"] == c["id"]
    # And the other way: S listens on A (ticket from B), T answers through B.
    on_a = SSE(a.host, a.port, ticket(b, s)["url"])
    assert on_a.status == 200 and on_a.next("comment")[2] == "hi"
    reply = send(b, t, c, "ответ с хоста B")
    assert on_a.next("message.new", timeout=2)[2]["data"]["message"]["id"] == reply["id"]
    # Both hosts answer the same state.
    assert ok(call(b, "GET", f"/messages/?chat_id={c['id']}", s))["results"][-1]["id"] == \
        reply["id"]
    on_a.close()
    on_b.close()


def test_closing_a_channel_on_one_host_closes_streams_on_the_other(hosts):
    a, b = hosts
    admin = new_admin(a)
    gone = new_user(a, "student")
    on_b = SSE(b.host, b.port, ticket(b, gone)["url"])
    assert on_b.status == 200 and on_b.next("comment")[2] == "hi"
    r = api(a, "DELETE", f"/accounts/api/admin/students/{gone.id}/delete/", admin)
    assert r.status == 200, r
    assert on_b.closed.wait(5), "the stream on host B stayed open"
