"""Attendance from Zoom through nginx and the fake Zoom: the student's tracked join button
(POST /lessons/{id}/join: the click recorded, a redirect to the meeting's join URL with the
student's name as uname), Zoom's meeting.participant_joined / meeting.participant_left events
(signed, the shapes of shared/reference/zoom-api.md), matched to students by email, else by the
name the join link set; the journal's joined-at and minutes, the "present" suggestion above
zoom_presence_percent of the meeting, and its one-click confirmation, which never overwrites a
mark the teacher set.
"""

import datetime
import json as jsonlib
import time
import urllib.parse
import urllib.request

import pytest

from conftest import _teardown
from test_groups_api import api, create_group, new_admin, new_user
from test_lesson_pages import form_post
from test_pages import Client, csrf_of, location, page_signin
from test_webhook import SECRET, hook, private_stack, sign  # noqa: F401
from test_zoom_pool import new_pool_account

HOOK = "/schedule/webhook/zoom/"
L = "/api/schedule/lessons/"


@pytest.fixture(scope="module")
def zst(request, fakezoom):
    st = private_stack(fakezoom, TPANEL_ZOOM_WEBHOOK_SECRET=SECRET,
                       TPANEL_ZOOM_PRESENCE_PERCENT=50)
    fakezoom.set_webhook(st.base_url + HOOK, SECRET)
    failed_before = request.session.testsfailed
    yield st
    fakezoom.set_webhook(None, None)
    _teardown(st, failed=request.session.testsfailed > failed_before)


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class Cls:
    pass


def page_user(stack, user):
    user.c = Client(stack)
    assert page_signin(user.c, user.email).status == 303
    return user


@pytest.fixture
def cls(zst, zoom):
    """A teacher's group of three students and a lesson that began 50 minutes ago and lasts an
    hour, started through the pool (a meeting at the fake Zoom)."""
    w = Cls()
    w.T = new_user(zst, "teacher", first_name="Анна", last_name="Петрова")
    w.S1 = page_user(zst, new_user(zst, first_name="Иван", last_name="Алексеев"))
    w.S2 = page_user(zst, new_user(zst, first_name="Борис", last_name="Борисов"))
    w.S3 = page_user(zst, new_user(zst, first_name="Вера", last_name="Воронова"))
    w.OUT = page_user(zst, new_user(zst, first_name="Чужой", last_name="Ученик"))
    w.G = create_group(zst, w.T, student_ids=[w.S1.id, w.S2.id, w.S3.id])
    w.start = utc_now() - datetime.timedelta(minutes=50)
    r = api(zst, "POST", L, w.T, json={"title": "Физика", "group": w.G["id"],
                                      "start_time": iso(w.start),
                                      "end_time": iso(w.start + datetime.timedelta(hours=1))})
    assert r.status == 201, r
    w.lesson = r.json()["id"]
    return w


def start_meeting(zst, zoom, w):
    admin = new_admin(zst)
    new_pool_account(zst, admin, zoom, max_meetings=5)
    r = api(zst, "POST", f"{L}{w.lesson}/start-new/", w.T, json={})
    assert r.status == 200, r
    return r.json()["zoom_meeting_id"]


def journal(zst, w):
    r = api(zst, "GET", f"/api/groups/{w.G['id']}/attendance-log/", w.T)
    assert r.status == 200, r
    return r.json()


def join_click(zst, w, student):
    """The student's join button on the lesson page: the answer of POST /lessons/{id}/join."""
    return form_post(student, f"/lessons/{w.lesson}", f"/lessons/{w.lesson}/join", {})


def test_tracked_join_goes_through_the_fake_zoom(zst, zoom, cls):
    w = cls
    # Before the meeting exists there is nothing to join.
    page = w.S1.c.get(f"/lessons/{w.lesson}")
    assert f'action="/lessons/{w.lesson}/join"' not in page.text
    r = w.S1.c.post(f"/lessons/{w.lesson}/join", {"csrf_token": csrf_of(page)})
    assert r.status == 409, r
    mid = start_meeting(zst, zoom, w)
    # The lesson page and the dashboard offer the button, never the raw link.
    page = w.S1.c.get(f"/lessons/{w.lesson}")
    assert f'action="/lessons/{w.lesson}/join"' in page.text and "/j/" + mid not in page.text
    assert f'action="/lessons/{w.lesson}/join"' in w.S1.c.get("/student/").text
    r = join_click(zst, w, w.S1)
    assert r.status == 303, r
    loc = location(r)
    u = urllib.parse.urlsplit(loc)
    q = urllib.parse.parse_qs(u.query)
    assert u.path == f"/j/{mid}" and q["uname"] == ["Алексеев Иван"] and q["pwd"], loc
    # The browser follows it: the fake Zoom admits the participant and tells the webhook.
    with urllib.request.urlopen(loc, timeout=10) as resp:
        got = jsonlib.loads(resp.read())
    assert got["status"] == "joined" and got["hook_status"] == 200, got
    event, status, answer = zoom.hook_answers[-1]
    assert event == "meeting.participant_joined" and status == 200, answer
    assert answer["student_id"] == w.S1.id and answer["matched_by"] == "name", answer
    assert answer["lesson_id"] == w.lesson and answer["recorded"] is True
    cell = journal(zst, w)["zoom"][f"{w.S1.id}_{w.lesson}"]
    assert cell["minutes"] == 0 and cell["suggested"] is None
    # A second click counts, and a click of a student outside the group is refused.
    assert join_click(zst, w, w.S1).status == 303
    assert join_click(zst, w, w.OUT).status == 404
    # A teacher has no join button (students only).
    t = page_user(zst, w.T)
    r = t.c.post(f"/lessons/{w.lesson}/join", {"csrf_token": csrf_of(t.c.get("/teacher/"))})
    assert r.status == 403, r


def test_presence_suggests_and_the_teacher_confirms(zst, zoom, cls):
    w = cls
    mid = start_meeting(zst, zoom, w)
    s = w.start.timestamp()
    # S1 by the name the link would set, 45 of 60 minutes: suggested.
    uid1, (st, ans) = zoom.participant_join(mid, "алексеев  иван", at=s + 60)
    assert st == 200 and ans["student_id"] == w.S1.id and ans["matched_by"] == "name", ans
    st, ans = zoom.participant_leave(mid, uid1, at=s + 46 * 60)
    assert st == 200 and ans["recorded"] is True, ans
    # S2 signed in to Zoom with their email (any case): 10 minutes, not suggested.
    uid2, (st, ans) = zoom.participant_join(mid, "Boris Z", email=w.S2.email.upper(),
                                            at=s + 10 * 60)
    assert ans["student_id"] == w.S2.id and ans["matched_by"] == "email", ans
    zoom.participant_leave(mid, uid2, at=s + 20 * 60)
    # S3 joined twice (a dropped connection), overlapping: 15 + 20 minutes, counted once.
    a, _ = zoom.participant_join(mid, "Воронова Вера", at=s)
    b, _ = zoom.participant_join(mid, "Воронова Вера", at=s + 10 * 60)
    zoom.participant_leave(mid, a, at=s + 15 * 60)
    zoom.participant_leave(mid, b, at=s + 30 * 60)
    # A guest nobody knows: stored, matched to no one.
    _, (st, ans) = zoom.participant_join(mid, "Гость", at=s)
    assert st == 200 and ans["student_id"] is None and ans["matched_by"] is None, ans
    # The teacher had marked S3 absent: that stays, whatever Zoom says.
    r = api(zst, "POST", f"/api/groups/{w.G['id']}/attendance-log/update/", w.T,
            json={"lesson_id": w.lesson, "student_id": w.S3.id, "status": "absent"})
    assert r.status == 200, r
    j = journal(zst, w)
    z = j["zoom"]
    c1, c2, c3 = (z[f"{x.id}_{w.lesson}"] for x in (w.S1, w.S2, w.S3))
    assert (c1["minutes"], c1["suggested"]) == (45, "attended"), c1
    assert c1["joined_at"] == iso(datetime.datetime.fromtimestamp(s + 60, datetime.timezone.utc))
    assert (c2["minutes"], c2["suggested"]) == (10, None), c2
    assert (c3["minutes"], c3["suggested"]) == (30, None), c3
    assert j["meta"]["zoom_share_percent"] == 50
    les = [x for x in j["lessons"] if x["id"] == w.lesson][0]
    assert les["suggestions"] == 1
    # Nothing became a mark by itself.
    assert f"{w.S1.id}_{w.lesson}" not in j["records"]
    # One click confirms; again, nothing more; the teacher's absent mark is untouched.
    url = f"/api/groups/{w.G['id']}/attendance-log/confirm/"
    r = api(zst, "POST", url, w.T, json={"lesson_id": w.lesson})
    assert r.status == 200 and r.json() == {"lesson_id": w.lesson, "confirmed": 1}, r
    r = api(zst, "POST", url, w.T, json={"lesson_id": w.lesson})
    assert r.status == 200 and r.json()["confirmed"] == 0, r
    rec = journal(zst, w)["records"]
    assert rec[f"{w.S1.id}_{w.lesson}"]["status"] == "attended"
    assert rec[f"{w.S3.id}_{w.lesson}"]["status"] == "absent"
    assert f"{w.S2.id}_{w.lesson}" not in rec
    for u, code in ((w.S1, 403), (new_user(zst, "teacher"), 404)):
        assert api(zst, "POST", url, u, json={"lesson_id": w.lesson}).status == code
    assert api(zst, "POST", url, w.T, json={"lesson_id": 999999999}).status == 404


def test_events_are_idempotent_and_order_tolerant(zst, zoom, cls):
    w = cls
    mid = start_meeting(zst, zoom, w)
    s = w.start.timestamp()
    uid, (st, ans) = zoom.participant_join(mid, "Алексеев Иван", at=s, user_id="16778001")
    assert ans["recorded"] is True
    # Zoom delivers an event twice: nothing new.
    _, (st, ans) = zoom.participant_join(mid, "Алексеев Иван", at=s, user_id="16778001")
    assert st == 200 and ans["recorded"] is False, ans
    zoom.participant_leave(mid, uid, at=s + 40 * 60)
    zoom.participants[int(mid)][uid] = {"user_id": uid, "user_name": "Алексеев Иван",
                                        "join_time": "x", "email": ""}
    st, ans = zoom.participant_leave(mid, uid, at=s + 40 * 60)
    assert st == 200 and ans["recorded"] is False, ans
    # A leave that arrives before its join: the join fills the session in.
    zoom.participants[int(mid)]["16778002"] = {"user_id": "16778002", "email": "",
                                               "user_name": "Борисов Борис", "join_time": "x"}
    st, ans = zoom.participant_leave(mid, "16778002", at=s + 35 * 60)
    assert st == 200 and ans["student_id"] == w.S2.id, ans
    zoom.participant_join(mid, "Борисов Борис", at=s + 5 * 60, user_id="16778002")
    z = journal(zst, w)["zoom"]
    assert z[f"{w.S1.id}_{w.lesson}"]["minutes"] == 40
    assert z[f"{w.S2.id}_{w.lesson}"]["minutes"] == 30
    assert z[f"{w.S2.id}_{w.lesson}"]["suggested"] == "attended"


def test_bad_and_foreign_events(zst, zoom, cls):
    body = {"event": "meeting.participant_joined", "event_ts": int(time.time() * 1000),
            "payload": {"object": {"id": "1234567"}}}
    # A meeting no lesson has: ignored with 200, so Zoom does not retry it.
    body["payload"]["object"]["participant"] = {"user_id": "1", "user_name": "X"}
    r = hook(zst, body=jsonlib.dumps(body).encode())
    assert r.status == 200 and r.json()["status"] == "ignored", r
    # No meeting id: 400; no participant in a lesson's event: 400.
    mid = start_meeting(zst, zoom, cls)
    r = hook(zst, body=jsonlib.dumps({"event": "meeting.participant_left",
                                      "payload": {"object": {}}}).encode())
    assert r.status == 400, r
    r = hook(zst, body=jsonlib.dumps({"event": "meeting.participant_left",
                                      "payload": {"object": {"id": mid}}}).encode())
    assert r.status == 400 and "participant" in r.json()["detail"], r
    # Unsigned: refused before anything is read.
    r = hook(zst, body=jsonlib.dumps(body).encode(), secret="whsec_wrong")
    assert r.status == 401, r


def test_join_refused_outside_the_lesson(zst, zoom, cls):
    w = cls
    mid = start_meeting(zst, zoom, w)
    assert mid
    r = api(zst, "POST", f"{L}{w.lesson}/cancel/", w.T)
    assert r.status == 200, r
    page = w.S1.c.get(f"/lessons/{w.lesson}")
    assert f'action="/lessons/{w.lesson}/join"' not in page.text
    r = w.S1.c.post(f"/lessons/{w.lesson}/join", {"csrf_token": csrf_of(page)})
    assert r.status == 400, r
    # A lesson days ahead: too early.
    start = utc_now() + datetime.timedelta(days=2)
    r = api(zst, "POST", L, w.T, json={"title": "Потом", "group": w.G["id"],
                                      "start_time": iso(start),
                                      "end_time": iso(start + datetime.timedelta(hours=1))})
    later = r.json()["id"]
    r = w.S1.c.post(f"/lessons/{later}/join", {"csrf_token": csrf_of(page)})
    assert r.status in (400, 409), r
    # Without the CSRF token: refused.
    assert w.S1.c.post(f"/lessons/{later}/join", {}).status == 403
