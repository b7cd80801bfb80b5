"""Lesson reminders and notifications through the real stack (issue 6; API.md (g) Proposed):
the scheduler's send_lesson_reminders job notifies the teacher and each student of a lesson
starting within reminder_minutes, once per lesson, in the app and by email through an SMTP relay;
/api/notifications/ and the /notifications page show each user their own.

The relay is a tiny SMTP server in this file (EHLO, MAIL, RCPT, DATA, RSET, QUIT), so the emails
are the real bytes libcurl sent. The stack is private: the job runs every second
(reminder_interval = 1), pages show Europe/Moscow time.
"""

import concurrent.futures
import email
import email.policy
import re
import socketserver
import threading
import time
from datetime import datetime, timedelta

import pytest

from conftest import _teardown, wait_until
from test_groups_api import api, create_group, new_admin, new_user
from test_pages import Client, csrf_of, page_signin
from test_webhook import iso, new_lesson, now, private_stack, sql

ZONE = "Europe/Moscow"
N = "/api/notifications/"
REJECTED = "bounce-me@example.org"
TRIGGER = "/schedule/api/celery/trigger/send_lesson_reminders/"


class SMTPRelay:
    """Accepts every message (but to addresses in .reject) and keeps them."""

    def __init__(self):
        self.messages = []
        self.reject = set()
        self.lock = threading.Lock()
        relay = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 relay.test ESMTP")
                sender, rcpt = None, []
                while True:
                    raw = self.rfile.readline()
                    if not raw:
                        return
                    cmd = raw.decode("ascii", "replace").rstrip("\r\n")
                    up = cmd.upper()
                    if up.startswith("EHLO"):
                        self.reply("250-relay.test")
                        self.reply("250 SIZE 10000000")
                    elif up.startswith("HELO") or up == "NOOP":
                        self.reply("250 OK")
                    elif up.startswith("MAIL FROM:"):
                        sender, rcpt = cmd[10:].strip(), []
                        self.reply("250 OK")
                    elif up.startswith("RCPT TO:"):
                        addr = cmd[8:].strip().strip("<>")
                        if addr in relay.reject:
                            self.reply("550 no such user")
                        else:
                            rcpt.append(addr)
                            self.reply("250 OK")
                    elif up == "DATA":
                        self.reply("354 go ahead")
                        lines = []
                        while True:
                            ln = self.rfile.readline()
                            if not ln or ln == b".\r\n":
                                break
                            lines.append(ln[1:] if ln.startswith(b"..") else ln)
                        with relay.lock:
                            relay.messages.append({"from": sender, "rcpt": list(rcpt),
                                                   "data": b"".join(lines)})
                        self.reply("250 queued")
                    elif up == "RSET":
                        sender, rcpt = None, []
                        self.reply("250 OK")
                    elif up == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def to(self, addr):
        """The parsed messages whose recipients include addr."""
        with self.lock:
            msgs = [m for m in self.messages if addr in m["rcpt"]]
        return [email.message_from_bytes(m["data"], policy=email.policy.default) for m in msgs]

    def wait_to(self, addr, n=1, timeout=20):
        """The messages to addr once there are at least n: emails leave through the outbox, which
        the scheduler's mail job sends every mail_interval seconds."""
        deadline = time.monotonic() + timeout
        while len(self.to(addr)) < n and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.to(addr)


@pytest.fixture(scope="module")
def relay():
    r = SMTPRelay()
    yield r
    r.close()


@pytest.fixture(scope="module")
def rstack(request, relay, fakezoom):
    st = private_stack(fakezoom, TPANEL_SMTP_URL=f"smtp://127.0.0.1:{relay.port}",
                       TPANEL_MAIL_INTERVAL=1,
                       TPANEL_SMTP_FROM="Teaching Panel <noreply@school.example>",
                       TPANEL_REMINDER_INTERVAL=1, TPANEL_REMINDER_MINUTES=15,
                       TPANEL_TIME_ZONE=ZONE)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


def notes(stack, user, query=""):
    r = api(stack, "GET", N + query, user)
    assert r.status == 200, r
    return r.json()


def reminded(stack, lesson_id):
    (v,), = sql(stack, f"SELECT reminder_sent_at IS NOT NULL FROM schedule_lesson "
                       f"WHERE id = {int(lesson_id)}")
    return v == "1"


def job_runs(stack):
    rows = sql(stack, "SELECT run_count FROM job_run WHERE job = 'send_lesson_reminders'")
    return int(rows[0][0]) if rows else 0


def wait_runs(stack, n=2):
    """Let the reminder job run n more times."""
    target = job_runs(stack) + n
    wait_until(lambda: job_runs(stack) >= target, 20, interval=0.2, what=f"{n} reminder runs")


def moscow(dt_utc):
    return dt_utc + timedelta(hours=3)      # Moscow has no daylight saving time


# -- the job ----------------------------------------------------------------------------------------------

def test_lesson_soon_is_reminded_once_per_person(rstack, relay):
    teacher, kids, x = new_lesson(rstack, start_in=timedelta(minutes=10), students=2,
                                  title="Алгебра <b>&")
    people = [teacher, *kids]
    wait_until(lambda: reminded(rstack, x["id"]), 20, interval=0.2, what="the reminder")
    wait_until(lambda: all(relay.to(p.email) for p in people), 20, interval=0.2,
               what="the emails")
    wait_runs(rstack, 3)
    for p in people:
        got = notes(rstack, p)
        assert got["count"] == 1 and got["unread_count"] == 1, got
        (n,) = got["results"]
        assert set(n) == {"id", "kind", "lesson", "title", "text", "is_read", "read_at",
                          "created_at", "url"}
        assert n["kind"] == "lesson_reminder" and n["lesson"] == x["id"]
        assert n["url"] == f"/lessons/{x['id']}" and n["is_read"] is False
        assert n["title"] == "Скоро урок: Алгебра <b>&"
        local = moscow(datetime.fromisoformat(x["start_time"].replace("Z", "+00:00")))
        assert local.strftime("%d.%m.%Y в %H:%M") in n["text"] and ZONE in n["text"], n
        # Exactly one email each, in Russian, with the local time and the lesson's link.
        (m,) = relay.to(p.email)
        assert [a.addr_spec for a in m["To"].addresses] == [p.email]
        assert m["From"].addresses[0].addr_spec == "noreply@school.example"
        assert m["Subject"] == f"Напоминание: урок «Алгебра <b>&» в {local:%H:%M}"
        body = m.get_content()
        assert "Здравствуйте" in body and local.strftime("%d.%m.%Y в %H:%M") in body
        assert f"{rstack.base_url}/lessons/{x['id']}" in body
    # One address per message: nobody sees the others'.
    with relay.lock:
        assert all(len(m["rcpt"]) == 1 for m in relay.messages)
    (sent,), = sql(rstack, "SELECT COUNT(*) FROM notification WHERE lesson_id = "
                           f"{x['id']} AND emailed_at IS NOT NULL")
    assert sent == "3"
    # The lesson itself did not change.
    assert api(rstack, "GET", f"/api/schedule/lessons/{x['id']}/", teacher).json()[
        "updated_at"] == x["updated_at"]


def test_many_runs_at_once_remind_once(rstack, relay):
    """The scheduler and six runs triggered in the workers at the same moment: one
    notification and one email per person."""
    admin = new_admin(rstack)
    teacher, kids, x = new_lesson(rstack, start_in=timedelta(hours=3), students=3)
    people = [teacher, *kids]
    sql(rstack, "UPDATE schedule_lesson SET start_time = UTC_TIMESTAMP() + INTERVAL 10 MINUTE, "
                "end_time = UTC_TIMESTAMP() + INTERVAL 70 MINUTE WHERE id = " + str(x["id"]))
    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        rs = list(ex.map(lambda _: api(rstack, "POST", TRIGGER, admin), range(6)))
    assert all(r.status == 200 and r.json()["status"] == "SUCCESS" for r in rs), rs
    assert sum(r.json()["result"]["lessons"] for r in rs) <= 1
    wait_until(lambda: reminded(rstack, x["id"]), 20, interval=0.2, what="the reminder")
    wait_until(lambda: all(relay.to(p.email) for p in people), 20, interval=0.2,
               what="the emails")
    wait_runs(rstack, 2)
    for p in people:
        assert notes(rstack, p)["count"] == 1
        assert len(relay.to(p.email)) == 1
    assert sql(rstack, f"SELECT COUNT(*) FROM notification WHERE lesson_id = {x['id']}") \
        == [["4"]]


def test_cancelled_and_later_lessons_get_nothing(rstack, relay):
    # Made far ahead and cancelled there, then moved into the window: no race with the job.
    t1, _, cancelled = new_lesson(rstack, start_in=timedelta(hours=5))
    assert api(rstack, "POST", f"/api/schedule/lessons/{cancelled['id']}/cancel/",
               t1).status == 200
    sql(rstack, "UPDATE schedule_lesson SET start_time = UTC_TIMESTAMP() + INTERVAL 10 MINUTE, "
                "end_time = UTC_TIMESTAMP() + INTERVAL 70 MINUTE "
                f"WHERE id = {cancelled['id']}")
    t2, (k2,), later = new_lesson(rstack, start_in=timedelta(hours=2))
    t3, _, past = new_lesson(rstack, start_in=timedelta(minutes=-5))
    _, _, soon = new_lesson(rstack, start_in=timedelta(minutes=12))
    wait_until(lambda: reminded(rstack, soon["id"]), 20, interval=0.2, what="the reminder")
    wait_runs(rstack, 2)
    for who, lesson in ((t1, cancelled), (t2, later), (k2, later), (t3, past)):
        assert not reminded(rstack, lesson["id"])
        assert notes(rstack, who)["count"] == 0
        assert not relay.to(who.email)


def test_email_failures_do_not_block_notifications(rstack, relay):
    teacher = new_user(rstack, "teacher")
    # A student whose address the relay refuses.
    kid = new_user(rstack)
    sql(rstack, f"UPDATE accounts_customuser SET email = '{REJECTED}' WHERE id = {kid.id}")
    relay.reject.add(REJECTED)
    group = create_group(rstack, teacher, student_ids=[kid.id])
    start = now() + timedelta(minutes=9)
    r = api(rstack, "POST", "/api/schedule/lessons/", teacher, json={
        "title": "Физика", "group": group["id"], "start_time": iso(start),
        "end_time": iso(start + timedelta(hours=1))})
    assert r.status == 201, r
    lid = r.json()["id"]
    wait_until(lambda: reminded(rstack, lid), 20, interval=0.2, what="the reminder")
    wait_until(lambda: relay.to(teacher.email), 20, interval=0.2, what="the teacher's email")
    wait_runs(rstack, 2)
    assert notes(rstack, kid)["count"] == 1 and notes(rstack, teacher)["count"] == 1
    assert sql(rstack, f"SELECT user_id, emailed_at IS NOT NULL FROM notification "
                       f"WHERE lesson_id = {lid} ORDER BY user_id") == [
        [str(teacher.id), "1"], [str(kid.id), "0"]]
    assert "email not sent" in rstack.log_text()


# -- the notifications API ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def reminded_class(rstack, relay):
    teacher, kids, x = new_lesson(rstack, start_in=timedelta(minutes=8), students=2)
    wait_until(lambda: reminded(rstack, x["id"]), 20, interval=0.2, what="the reminder")
    return teacher, kids, x


def test_notifications_are_the_callers_own(rstack, reminded_class):
    teacher, (k1, k2), x = reminded_class
    outsider = new_user(rstack)
    assert notes(rstack, outsider) == {"count": 0, "next": None, "previous": None,
                                       "results": [], "unread_count": 0}
    mine = notes(rstack, k1)["results"][0]
    theirs = notes(rstack, k2)["results"][0]
    assert mine["id"] != theirs["id"] and mine["lesson"] == theirs["lesson"] == x["id"]
    # Another's notification is not found, and stays unread.
    r = api(rstack, "POST", f"{N}{theirs['id']}/read/", k1)
    assert r.status == 404 and r.json() == {"detail": "Not found."}, r
    assert api(rstack, "POST", f"{N}999999999/read/", k1).status == 404
    assert notes(rstack, k2)["unread_count"] == 1
    # Mark one read: idempotent, read_at kept.
    r = api(rstack, "POST", f"{N}{mine['id']}/read/", k1)
    assert r.status == 200 and r.json()["is_read"] is True and r.json()["read_at"], r
    again = api(rstack, "POST", f"{N}{mine['id']}/read", k1).json()
    assert again["read_at"] == r.json()["read_at"]
    got = notes(rstack, k1)
    assert got["unread_count"] == 0 and got["results"][0]["is_read"] is True
    # read_all marks only the caller's.
    r = api(rstack, "POST", N + "read_all/", teacher)
    assert r.status == 200 and r.json() == {"marked": 1, "unread_count": 0}, r
    assert api(rstack, "POST", N + "read_all/", teacher).json()["marked"] == 0
    assert notes(rstack, k2)["unread_count"] == 1


def test_notifications_need_a_user(rstack):
    for method, path in (("GET", N), ("POST", N + "1/read/"), ("POST", N + "read_all/")):
        r = api(rstack, method, path)
        assert r.status == 401, r


def test_notifications_newest_first_and_paged(rstack):
    kid = new_user(rstack)
    ids = []
    for _ in range(3):
        t, _, x = new_lesson(rstack, start_in=timedelta(days=30), students=0)
        sql(rstack, "INSERT INTO schedule_group_students (group_id, customuser_id) "
                    f"VALUES ({x['group']}, {kid.id})")
        sql(rstack, "UPDATE schedule_lesson SET start_time = UTC_TIMESTAMP() + INTERVAL 5 MINUTE,"
                    " end_time = UTC_TIMESTAMP() + INTERVAL 65 MINUTE WHERE id = " + str(x["id"]))
        wait_until(lambda: reminded(rstack, x["id"]), 20, interval=0.2, what="the reminder")
        ids.append(x["id"])
    got = notes(rstack, kid)
    assert [n["lesson"] for n in got["results"]] == ids[::-1]
    assert got["unread_count"] == 3
    p1 = notes(rstack, kid, "?page_size=2")
    assert p1["count"] == 3 and len(p1["results"]) == 2 and p1["next"] and p1["unread_count"] == 3
    p2 = notes(rstack, kid, "?page_size=2&page=2")
    assert [n["lesson"] for n in p2["results"]] == [ids[0]] and p2["previous"]
    r = api(rstack, "GET", N + "?page=3&page_size=2", kid)
    assert r.status == 404, r


# -- the page ---------------------------------------------------------------------------------------------

def test_notifications_page_and_nav_badge(rstack, reminded_class):
    _, (_, k2), x = reminded_class
    c = Client(rstack)
    assert page_signin(c, k2.email).status == 303
    r = c.get("/notifications")
    assert r.status == 200, r
    page = r.text
    assert "Уведомления" in page and f'href="/lessons/{x["id"]}"' in page
    assert re.search(r'class="badge"[^>]*>1</span>', page), page
    n = notes(rstack, k2)["results"][0]
    # Marking read needs the form's CSRF token.
    assert c.post(f"/notifications/{n['id']}/read", {"csrf_token": "x"}).status == 403
    r = c.post(f"/notifications/{n['id']}/read", {"csrf_token": csrf_of(r)})
    assert r.status == 303 and r.headers["location"].endswith("/notifications?done=read"), r
    r = c.get("/notifications?done=read")
    assert "отмечено прочитанным" in r.text and 'class="badge"' not in r.text
    assert notes(rstack, k2)["unread_count"] == 0
    # Another's id: 404, nothing changes.
    other = new_user(rstack)
    c2 = Client(rstack)
    assert page_signin(c2, other.email).status == 303
    r = c2.get("/notifications")
    assert "Уведомлений пока нет" in r.text
    assert c2.post(f"/notifications/{n['id']}/read", {"csrf_token": csrf_of(r)}).status == 404
    # Signed out: the sign-in page.
    assert Client(rstack).get("/notifications").status == 303

