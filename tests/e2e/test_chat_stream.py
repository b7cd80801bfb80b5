"""The live stream through nginx's nchan (PHASE2-3 §3.5, P3.4): tickets and page sessions at
/api/realtime/connect/, Server-Sent Events and the WebSocket handshake, delivery of every
event, replay after Last-Event-ID, the typing rate limit, removal and deactivation ending
delivery, the publisher and the internal locations unreachable from outside, and writes that
go on (and are counted) while nchan's publisher is down.

test_chat_hosts.py and bench/ use the SSE client below."""

import base64
import http.client
import json
import os
import queue
import re
import signal
import socket
import threading
import time

import pytest

from conftest import wait_until
from test_chat_api import call, dm, group_chat, ok, send
from test_groups_api import api, create_group, new_admin, new_user
from test_lesson_pages import sql
from test_pages import Client, page_signin

SSE_ACCEPT = {"Accept": "text/event-stream"}


class SSE:
    """An EventSource: the answer's status, then (type, id, data) events and comments from a
    reader thread."""

    def __init__(self, host, port, path, headers=None, timeout=30):
        self.events = queue.Queue()
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)
        self.conn.request("GET", path, headers={**SSE_ACCEPT, **(headers or {})})
        self.sock = self.conn.sock
        self.resp = self.conn.getresponse()
        self.status = self.resp.status
        self.headers = {k.lower(): v for k, v in self.resp.getheaders()}
        self.closed = threading.Event()
        if self.status == 200:
            threading.Thread(target=self._read, daemon=True).start()
        else:
            self.body = self.resp.read()
            self.closed.set()

    def _read(self):
        ev = {}
        try:
            while True:
                line = self.resp.readline()
                if not line:
                    break
                line = line.decode().rstrip("\r\n")
                if line.startswith(":"):
                    self.events.put(("comment", None, line[1:].strip()))
                elif line == "":
                    if "data" in ev:
                        self.events.put((ev.get("event", "message"), ev.get("id"),
                                         json.loads(ev["data"])))
                    ev = {}
                else:
                    k, _, v = line.partition(":")
                    ev[k] = v[1:] if v.startswith(" ") else v
        except (OSError, ValueError):
            pass
        self.closed.set()

    def next(self, kind=None, timeout=5):
        """The next event (of kind, skipping others), or fail."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                pytest.fail(f"no {kind or 'event'} within {timeout}s")
            try:
                e = self.events.get(timeout=left)
            except queue.Empty:
                continue
            if kind is None or e[0] == kind:
                return e

    def drain(self, wait=0.5):
        """Every event that arrives within wait seconds."""
        out, deadline = [], time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                out.append(self.events.get(timeout=max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                pass
        return out

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.conn.close()


def ticket(stack, user):
    r = api(stack, "POST", "/api/realtime/ticket/", user)
    assert r.status == 201, r
    return r.json()


def connect(stack, user, query="", headers=None):
    """A stream of user's channel, open (': hi' read) when it answered 200."""
    t = ticket(stack, user)
    s = SSE(stack.host, stack.port, t["url"] + query, headers)
    if s.status == 200:
        assert s.next("comment")[2] == "hi"
    return s


def websocket_handshake(stack, path, cookie=None):
    key = base64.b64encode(os.urandom(16)).decode()
    req = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
           + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n")
    with socket.create_connection((stack.host, stack.port), timeout=5) as s:
        s.sendall(req.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    return head.decode(errors="replace")


def metric(stack, outcome, op="publish"):
    text = stack.get("/metrics").text
    m = re.search(r'tpanel_realtime_publish_total\{operation="%s",outcome="%s"\} (\d+)'
                  % (op, outcome), text)
    return int(m.group(1))


@pytest.fixture(scope="module")
def pair(stack):
    """A teacher and their student with a private chat."""
    t = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    s = new_user(stack, "student", first_name="Иван", last_name="Иванов")
    create_group(stack, t, student_ids=[s.id])
    return t, s, dm(stack, s, t)


# -- getting in --------------------------------------------------------------------------------------

def test_ticket_works_once_and_for_sixty_seconds(stack, pair):
    t, s, c = pair
    tk = ticket(stack, t)
    assert tk["expires_in"] == 60 and len(tk["ticket"]) == 43
    assert tk["url"] == "/api/realtime/connect/?ticket=" + tk["ticket"]
    sse = SSE(stack.host, stack.port, tk["url"])
    assert sse.status == 200 and sse.headers["content-type"].startswith("text/event-stream")
    assert sse.next("comment")[2] == "hi"
    again = SSE(stack.host, stack.port, tk["url"])
    assert again.status == 401 and json.loads(again.body)["detail"]
    sse.close()
    old = ticket(stack, t)
    sql(stack, "UPDATE realtime_ticket SET expires_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
               "WHERE used_at IS NULL")
    assert SSE(stack.host, stack.port, old["url"]).status == 401
    assert SSE(stack.host, stack.port, "/api/realtime/connect/?ticket=" + "A" * 43).status == 401
    assert SSE(stack.host, stack.port, "/api/realtime/connect/?ticket=short").status == 401
    none = SSE(stack.host, stack.port, "/api/realtime/connect/")
    assert none.status == 401
    # A Bearer token is not how the stream checks.
    assert SSE(stack.host, stack.port, "/api/realtime/connect/",
               {"Authorization": "Bearer " + t.token}).status == 401
    assert api(stack, "POST", "/api/realtime/ticket/").status == 401
    # Neither EventSource nor WebSocket: refused before a ticket is spent.
    tk = ticket(stack, t)
    r = stack.get(tk["url"])
    assert r.status == 400, r
    assert SSE(stack.host, stack.port, tk["url"]).status == 200


def test_page_session_streams_and_websocket_switches(stack, pair):
    c = Client(stack)
    email = new_user(stack, "student").email
    assert page_signin(c, email).status == 303
    cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
    sse = SSE(stack.host, stack.port, "/api/realtime/connect/", {"Cookie": cookie})
    assert sse.status == 200 and sse.next("comment")[2] == "hi"
    sse.close()
    assert SSE(stack.host, stack.port, "/api/realtime/connect/",
               {"Cookie": "tp_session=" + "0" * 64}).status == 401
    head = websocket_handshake(stack, "/api/realtime/connect/", cookie)
    assert head.startswith("HTTP/1.1 101"), head
    assert "sec-websocket-accept" in head.lower()
    t = pair[0]
    head = websocket_handshake(stack, ticket(stack, t)["url"])
    assert head.startswith("HTTP/1.1 101"), head
    assert websocket_handshake(stack, "/api/realtime/connect/").startswith("HTTP/1.1 401")


def test_internal_locations_are_unreachable_from_outside(stack, pair):
    t = pair[0]
    for method, path in (("GET", f"/_realtime/u{t.id}"), ("POST", f"/_pub/u{t.id}"),
                         ("GET", f"/_pub/u{t.id}"), ("DELETE", f"/_pub/u{t.id}")):
        r = stack.request(method, path, body=b"{}", headers=SSE_ACCEPT)
        assert r.status == 404, (method, path, r)


# -- delivery ----------------------------------------------------------------------------------------

def test_a_message_reaches_the_other_member_at_once(stack, pair):
    t, s, c = pair
    sse = connect(stack, t)
    t0 = time.monotonic()
    m = send(stack, s, c, "живое")
    kind, eid, ev = sse.next("message.new", timeout=1)
    assert time.monotonic() - t0 < 1
    assert eid and ev["type"] == "message.new" and ev["data"]["chat_id"] == c["id"]
    assert ev["data"]["message"]["id"] == m["id"] and ev["data"]["message"]["text"] == "живое"
    assert "email" not in ev["data"]["message"]["sender"]
    kind, _, ev = sse.next("unread", timeout=1)
    assert ev["data"]["chat_id"] == c["id"] and ev["data"]["unread_count"] >= 1
    assert ev["data"]["total"] >= ev["data"]["unread_count"]
    # Read receipts, edits and deletions.
    mine = connect(stack, s)
    ok(call(stack, "POST", "/messages/mark_chat_as_read/", t, {"chat_id": c["id"]}))
    ev = mine.next("chat.read")[2]["data"]
    assert ev == {"chat_id": c["id"], "user_id": t.id, "last_read_message_id": m["id"]}
    assert sse.next("unread")[2]["data"]["unread_count"] == 0
    ok(call(stack, "PATCH", f"/messages/{m['id']}/", s, {"text": "живое!"}))
    assert sse.next("message.edited")[2]["data"]["message"]["text"] == "живое!"
    assert call(stack, "DELETE", f"/messages/{m['id']}/", s).status == 204
    assert sse.next("message.deleted")[2]["data"] == {"chat_id": c["id"], "message_id": m["id"]}
    sse.close()
    mine.close()


def test_replay_after_last_event_id(stack, pair):
    t, s, c = pair
    sse = connect(stack, t)
    send(stack, s, c, "первое")
    first = sse.next("message.new")
    sse.close()
    later = [send(stack, s, c, f"пока вас не было {i}")["id"] for i in range(2)]
    back = connect(stack, t, headers={"Last-Event-ID": first[1]})
    got = [e[2]["data"]["message"]["id"] for e in back.drain(1.0) if e[0] == "message.new"]
    assert got == later
    back.close()
    # A fresh EventSource cannot set the header: ?last_event_id= does the same.
    arg = connect(stack, t, query="&last_event_id=" + first[1])
    got = [e[2]["data"]["message"]["id"] for e in arg.drain(1.0) if e[0] == "message.new"]
    assert got == later
    arg.close()
    # Without it a new connection starts with the next event.
    fresh = connect(stack, t)
    assert not [e for e in fresh.drain(0.5) if e[0] == "message.new"]
    fresh.close()


def test_typing_floods_are_rate_limited(stack, pair):
    t, s, c = pair
    sse = connect(stack, t)
    for _ in range(20):
        assert call(stack, "POST", f"/chats/{c['id']}/typing/", s, {"op": "start"}).status == 204
    typing = [e for e in sse.drain(1.0) if e[0] == "typing"]
    assert len(typing) <= 1
    if typing:
        d = typing[0][2]["data"]
        assert (d["user_id"], d["op"], d["expires_in_ms"]) == (s.id, "start", 15000)
        assert d["user_name"] == "Иванов Иван"
    assert call(stack, "POST", f"/chats/{c['id']}/typing/", s, {"op": "stop"}).status == 204
    assert sse.next("typing")[2]["data"]["op"] == "stop"
    sse.close()


def test_removed_member_gets_chat_removed_and_nothing_more(stack):
    t = new_user(stack, "teacher")
    a, b = new_user(stack, "student"), new_user(stack, "student")
    create_group(stack, t, student_ids=[a.id, b.id])
    c = ok(call(stack, "POST", "/chats/create_group/", t,
                {"name": "Кружок", "participant_ids": [a.id, b.id]}), 201)
    sse = connect(stack, b)
    send(stack, a, c, "до")
    assert sse.next("message.new")[2]["data"]["chat_id"] == c["id"]
    ok(call(stack, "POST", f"/chats/{c['id']}/remove_participant/", t, {"user_id": b.id}))
    assert sse.next("chat.removed")[2]["data"] == {"chat_id": c["id"]}
    send(stack, a, c, "после")
    call(stack, "POST", f"/chats/{c['id']}/typing/", a, {"op": "start"})
    assert not [e for e in sse.drain(1.0) if e[0] in ("message.new", "typing")]
    sse.close()


def test_group_member_added_gets_the_chat(stack):
    t = new_user(stack, "teacher")
    g = create_group(stack, t)
    gc = group_chat(stack, t, g)
    newbie = new_user(stack, "student")
    sse = connect(stack, newbie)
    ok(api(stack, "POST", f"/api/groups/{g['id']}/add_students/", t,
           json={"student_ids": [newbie.id]}))
    assert sse.next("chat.updated")[2]["data"]["chat"]["id"] == gc["id"]
    sse.close()


def test_deleting_or_deactivating_a_user_closes_their_streams(stack):
    admin = new_admin(stack)
    gone = new_user(stack, "student")
    sse = connect(stack, gone)
    r = api(stack, "DELETE", f"/accounts/api/admin/students/{gone.id}/delete/", admin)
    assert r.status == 200, r
    assert sse.closed.wait(5), "the stream stayed open"
    # Deactivated from the admin pages: the page session and the stream end.
    c = Client(stack)
    assert page_signin(c, admin.email).status == 303
    page = c.get("/admin/users")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    off = new_user(stack, "student")
    sse = connect(stack, off)
    r = c.post(f"/admin/users/{off.id}/active", {"active": "0", "csrf_token": csrf})
    assert r.status == 200, r
    assert sse.closed.wait(5), "the stream stayed open"
    assert SSE(stack.host, stack.port, ticket_or_none(stack, off)).status == 401


def ticket_or_none(stack, user):
    """A deactivated user gets no ticket (401): the connect URL without one."""
    r = api(stack, "POST", "/api/realtime/ticket/", user)
    assert r.status == 401, r
    return "/api/realtime/connect/"


# -- nchan restarted or down -------------------------------------------------------------------------

def test_after_a_reload_the_client_resyncs_over_rest(new_stack):
    st = new_stack
    t, s = new_user(st, "teacher"), new_user(st, "student")
    create_group(st, t, student_ids=[s.id])
    c = dm(st, s, t)
    sse = connect(st, t)
    seen = send(st, s, c, "до перезагрузки")
    last = sse.next("message.new")
    os.kill(int((st.dir / "nginx" / "nginx.pid").read_text()), signal.SIGHUP)
    assert sse.closed.wait(15), "nginx's reload did not end the stream"
    missed = [send(st, s, c, f"пропущено {i}")["id"] for i in range(2)]
    # Reconnecting after the reload: nchan's buffer is gone, so the client asks the API for
    # what came after the last message it shows.
    back = wait_until(lambda: (lambda x: x if x.status == 200 else None)(
        SSE(st.host, st.port, ticket(st, t)["url"] + "&last_event_id=" + last[1])), 10,
        what="a new stream after the reload")
    resync = ok(call(st, "GET", f"/messages/?chat_id={c['id']}&after_id={seen['id']}", t))
    assert [m["id"] for m in resync["results"]] == missed
    back.close()


def test_writes_go_on_while_the_publisher_is_down(new_stack):
    st = new_stack
    conf = st.dir / "nginx" / "nginx.conf"
    pid = int((st.dir / "nginx" / "nginx.pid").read_text())
    t, s = new_user(st, "teacher"), new_user(st, "student")
    create_group(st, t, student_ids=[s.id])
    c = dm(st, s, t)
    failed = metric(st, "failed")
    text = conf.read_text()
    start = text.index("    server {\n        listen unix:")
    end = text.index("\n    }\n", start) + len("\n    }\n")
    conf.write_text(text[:start] + text[end:])
    os.kill(pid, signal.SIGHUP)
    wait_until(lambda: not (st.dir / "nginx" / "nchan.sock").exists(), 10,
               what="nginx to close the publisher")
    # nginx's old worker may still answer on a connection a tpanel worker keeps for a
    # moment: every write answers 201 meanwhile, and soon the failures are counted.
    sent = []

    def write_and_count():
        t0 = time.monotonic()
        sent.append(send(st, s, c, f"nchan не работает {len(sent)}")["id"])
        assert time.monotonic() - t0 < 2
        return metric(st, "failed") > failed
    wait_until(write_and_count, 10, interval=0.2, what="a failed publish counted")
    got = ok(call(st, "GET", f"/messages/?chat_id={c['id']}", t))["results"]
    assert [m["id"] for m in got][-len(sent):] == sent
    assert "nchan: publish failed" in st.log_text()
    conf.write_text(text)
    os.kill(pid, signal.SIGHUP)
    wait_until(lambda: (st.dir / "nginx" / "nchan.sock").exists(), 10,
               what="the publisher back")
    # A stream that lands on nginx's old worker (still exiting) hears nothing: try again.

    def delivered():
        sse = SSE(st.host, st.port, ticket(st, t)["url"])
        if sse.status != 200:
            return False
        sse.next("comment")
        send(st, s, c, "снова работает")
        got = [e for e in sse.drain(1.0) if e[0] == "message.new"]
        sse.close()
        return got and got[0][2]["data"]["message"]["text"] == "снова работает"
    wait_until(delivered, 20, what="delivery again")
