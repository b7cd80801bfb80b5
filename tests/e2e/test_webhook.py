"""Zoom's webhook through nginx (API.md (c.6) Proposed, Decision 18, reference/zoom-api.md §6):
the signature and timestamp check, URL validation, meeting.started / meeting.ended on the lesson
with that meeting id (the pool lease of a lesson started through the fake Zoom released once),
recording.completed stored once per file; and add_recording (c.2).

The webhook needs a secret: this module runs a private stack started with
TPANEL_ZOOM_WEBHOOK_SECRET in its environment (as `scripts/dev up` passes it on). The shared
stack has none, and refuses every event. Tests about the lesson's side alone give a lesson its
meeting id the way a start stores it, written to the database (give_meeting).
"""

import concurrent.futures
import hashlib
import hmac
import json as jsonlib
import os
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from conftest import _start_stack, _teardown
from test_groups_api import api, create_group, new_admin, new_user
from test_zoom_pool import (db, lesson_at, new_pool_account, start_new,  # noqa: F401
                            teacher_with_group)

SECRET = "whsec_" + uuid.uuid4().hex
HOOK = "/schedule/webhook/zoom/"
L = "/api/schedule/lessons/"
POOL = "/api/zoom-pool/"


# -- helpers (test_reminders.py and test_jobs_api.py use them too) --------------------------------

def private_stack(fakezoom, **env):
    """A stack of its own, talking to the fake Zoom, with extra TPANEL_* settings."""
    return _start_stack(workers="3", zoom=fakezoom, extra={k: str(v) for k, v in env.items()})


sql = db


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def now():
    return datetime.now(timezone.utc).replace(microsecond=0)


def new_lesson(stack, start_in=timedelta(minutes=-10), minutes=60, students=1, title=None):
    """A teacher of their own, a group with `students` students, a lesson starting start_in from
    now; returns (teacher, [students], lesson)."""
    teacher = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    kids = [new_user(stack) for _ in range(students)]
    group = create_group(stack, teacher, student_ids=[k.id for k in kids])
    start = now() + start_in
    r = api(stack, "POST", L, teacher, json={
        "title": title or "Урок " + uuid.uuid4().hex[:6], "group": group["id"],
        "start_time": iso(start), "end_time": iso(start + timedelta(minutes=minutes))})
    assert r.status == 201, r
    return teacher, kids, r.json()


def give_meeting(stack, lesson_id):
    """Store a meeting id on the lesson as a start does; returns it (11 digits, as Zoom's)."""
    mid = str(80000000000 + int.from_bytes(os.urandom(4), "big"))
    sql(stack, f"UPDATE schedule_lesson SET zoom_meeting_id = '{mid}', "
               f"zoom_join_url = 'https://zoom.us/j/{mid}' WHERE id = {int(lesson_id)}")
    return mid


def sign(body, ts=None, secret=SECRET):
    ts = str(int(time.time()) if ts is None else ts)
    mac = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"x-zm-request-timestamp": ts, "x-zm-signature": "v0=" + mac}


def hook(stack, event=None, body=None, headers=None, path=HOOK, secret=SECRET, **fields):
    """POST an event (or raw body bytes), signed with secret unless headers are given."""
    if body is None:
        body = jsonlib.dumps({"event": event, "event_ts": int(time.time() * 1000), **fields}
                             ).encode()
    h = {"Content-Type": "application/json"}
    h.update(sign(body, secret=secret) if headers is None else headers)
    return stack.request("POST", path, body=body, headers=h)


def meeting_event(stack, event, mid, ts_ms=None, **obj):
    body = {"event": event, "event_ts": ts_ms or int(time.time() * 1000),
            "payload": {"account_id": "acc", "object": {"id": mid, "uuid": "u==",
                                                        "host_id": "h", "topic": "t", **obj}}}
    return hook(stack, body=jsonlib.dumps(body).encode())


def status_of(stack, user, lesson_id):
    r = api(stack, "GET", f"{L}{lesson_id}/", user)
    assert r.status == 200, r
    return r.json()["status"]


@pytest.fixture(scope="module")
def zstack(request, fakezoom):
    st = private_stack(fakezoom, TPANEL_ZOOM_WEBHOOK_SECRET=SECRET)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


# -- without a secret ------------------------------------------------------------------------------

def test_without_a_secret_every_event_is_refused(stack):
    if stack.env.get("TPANEL_ZOOM_WEBHOOK_SECRET"):
        pytest.skip("the shared stack was started with a webhook secret")
    for event in ("endpoint.url_validation", "meeting.ended"):
        body = jsonlib.dumps({"event": event, "payload": {"plainToken": "abc"}}).encode()
        for secret in ("", "anything"):
            r = hook(stack, body=body, secret=secret)
            assert r.status == 503, r
            j = r.json()
            assert j["status"] == "error" and "not configured" in j["detail"], j
            assert "plainToken" not in j


# -- the signature -----------------------------------------------------------------------------------

def test_url_validation(zstack):
    plain = "qgg8vlvZRS6UYooatFL8Aw"
    r = hook(zstack, "endpoint.url_validation", payload={"plainToken": plain})
    assert r.status == 200, r
    want = hmac.new(SECRET.encode(), plain.encode(), hashlib.sha256).hexdigest()
    assert r.json() == {"plainToken": plain, "encryptedToken": want}
    # Without the trailing slash too, as every path.
    r = hook(zstack, "endpoint.url_validation", payload={"plainToken": plain},
             path=HOOK.rstrip("/"))
    assert r.status == 200 and r.json()["encryptedToken"] == want, r
    # No plainToken: 400.
    r = hook(zstack, "endpoint.url_validation", payload={})
    assert r.status == 400 and r.json()["status"] == "error", r


def refused(r, what):
    assert r.status == 401, r
    j = r.json()
    assert j["status"] == "error" and what in j["detail"] and j["message"] == j["detail"], j


def test_bad_signatures_change_nothing(zstack):
    teacher, _, x = new_lesson(zstack)
    mid = give_meeting(zstack, x["id"])
    body = jsonlib.dumps({"event": "meeting.started",
                          "payload": {"object": {"id": mid}}}).encode()
    good = sign(body)
    t = int(time.time())
    cases = [
        ({**good, "x-zm-signature": good["x-zm-signature"][:-1] + "0"
          if not good["x-zm-signature"].endswith("0") else good["x-zm-signature"][:-1] + "1"},
         "signature"),
        (sign(body, secret="whsec_other"), "signature"),
        (sign(body + b" "), "signature"),               # signed another body
        ({**good, "x-zm-signature": good["x-zm-signature"].upper()}, "signature"),
        ({**good, "x-zm-signature": good["x-zm-signature"][3:]}, "signature"),
        ({"x-zm-request-timestamp": good["x-zm-request-timestamp"]}, "Missing"),
        ({"x-zm-signature": good["x-zm-signature"]}, "Missing"),
        ({}, "Missing"),
        (sign(body, ts=t - 301), "5 minutes"),          # stale
        (sign(body, ts=t + 301), "5 minutes"),          # from the future
        (sign(body, ts=t * 1000), "epoch seconds"),     # milliseconds
        (sign(body, ts="abc"), "epoch seconds"),
    ]
    for headers, what in cases:
        refused(hook(zstack, body=body, headers=headers), what)
    assert status_of(zstack, teacher, x["id"]) == "scheduled"
    # A timestamp a little off is fine.
    r = hook(zstack, body=body, headers=sign(body, ts=t - 200))
    assert r.status == 200, r
    assert status_of(zstack, teacher, x["id"]) == "live"


def test_bad_json_is_400_after_the_signature(zstack):
    for body in (b"{not json", b"", b"[1, 2]", b'"event"', b'{"event": "x"} trailing'):
        r = hook(zstack, body=body)
        assert r.status == 400, (body, r)
        j = r.json()
        assert j["status"] == "error" and j["message"] == "Invalid JSON", j
        # The same body without a good signature is refused before it is parsed.
        refused(hook(zstack, body=body, secret="wrong"), "signature")


def test_other_events_are_ignored(zstack):
    r = hook(zstack, "meeting.sharing_started", payload={"object": {"id": "1"}})
    assert r.status == 200 and r.json() == {"status": "ignored",
                                            "event": "meeting.sharing_started"}, r
    r = hook(zstack, body=b'{"payload": {}}')
    assert r.status == 200 and r.json() == {"status": "ignored", "event": None}, r


# -- meetings ------------------------------------------------------------------------------------------

def test_meeting_started_then_ended(zstack):
    teacher, (kid,), x = new_lesson(zstack)
    mid = give_meeting(zstack, x["id"])
    assert status_of(zstack, teacher, x["id"]) == "scheduled"
    r = meeting_event(zstack, "meeting.started", mid)
    assert r.status == 200, r
    assert r.json()["status"] == "success" and r.json()["lesson_id"] == x["id"], r
    assert status_of(zstack, teacher, x["id"]) == "live"
    assert status_of(zstack, kid, x["id"]) == "live"
    started = sql(zstack, f"SELECT meeting_started_at FROM schedule_lesson WHERE id = {x['id']}")
    # Delivered again: still live, the start time kept.
    assert meeting_event(zstack, "meeting.started", mid).status == 200
    assert sql(zstack, f"SELECT meeting_started_at FROM schedule_lesson "
                       f"WHERE id = {x['id']}") == started

    r = meeting_event(zstack, "meeting.ended", mid)
    assert r.status == 200, r
    j = r.json()
    assert j["status"] == "success" and j["lesson_id"] == x["id"] and j["meeting_id"] == mid, j
    assert status_of(zstack, teacher, x["id"]) == "completed"
    (ended,), = sql(zstack, f"SELECT meeting_ended_at FROM schedule_lesson WHERE id = {x['id']}")
    assert ended != "NULL"

    r = meeting_event(zstack, "meeting.ended", mid)
    assert r.status == 200, r
    assert r.json()["status"] == "already_released" and r.json()["lesson_id"] == x["id"], r
    assert sql(zstack, f"SELECT meeting_ended_at FROM schedule_lesson "
                       f"WHERE id = {x['id']}") == [[ended]]


def pool_account(stack, admin, acc_id):
    r = api(stack, "GET", f"{POOL}{acc_id}/", admin)
    assert r.status == 200, r
    return r.json()


def test_meeting_ended_releases_the_pool_lease_once(zstack, zoom):
    admin = new_admin(zstack)
    acc, _ = new_pool_account(zstack, admin, zoom)          # one meeting at a time
    teacher, group = teacher_with_group(zstack)
    les = lesson_at(zstack, teacher, group, start_in_min=-5, minutes=45)
    r = start_new(zstack, teacher, les["id"])
    assert r.status == 200 and r.json()["account_email"] == acc["email"], r
    mid = r.json()["zoom_meeting_id"]
    assert pool_account(zstack, admin, acc["id"])["current_meetings"] == 1
    # The account is taken: another teacher's lesson cannot start.
    other, og = teacher_with_group(zstack)
    les2 = lesson_at(zstack, other, og, start_in_min=-1, minutes=30)
    assert start_new(zstack, other, les2["id"]).status == 503

    assert meeting_event(zstack, "meeting.started", mid).status == 200
    assert status_of(zstack, teacher, les["id"]) == "live"
    t0 = time.time()
    # Delivered twice at once: one release, one already_released.
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        rs = list(ex.map(lambda _: meeting_event(zstack, "meeting.ended", mid), range(2)))
    assert all(r.status == 200 for r in rs), rs
    assert sorted(r.json()["status"] for r in rs) == ["already_released", "success"], rs
    assert [r.json()["released"] for r in rs if r.json()["status"] == "success"] == [True]
    assert sql(zstack, "SELECT account_id, release_reason FROM zoom_pool_session "
                       f"WHERE lesson_id = {les['id']}") == [[str(acc["id"]), "webhook"]]
    assert pool_account(zstack, admin, acc["id"])["current_meetings"] == 0
    # Zoom ended it: it is not asked to end it again.
    assert zoom.calls("PUT", f"/v2/meetings/{mid}/status", since=t0) == []
    assert status_of(zstack, teacher, les["id"]) == "completed"
    # The release is audited as the system's (no user), and the slot is free again.
    log = api(zstack, "GET", "/api/audit-log/?action=zoom_account_release", admin).json()
    mine = [e for e in log["results"] if e["resource_id"] == les["id"]]
    assert len(mine) == 1 and mine[0]["user"] is None, mine
    assert mine[0]["details"]["reason"] == "webhook"
    assert start_new(zstack, other, les2["id"]).status == 200
    r = meeting_event(zstack, "meeting.ended", mid)
    assert r.json()["status"] == "already_released" and r.json()["released"] is False, r


def lease(stack, lesson_id, mid):
    """An open lease of the lesson on a pool account of its own, written to the database
    (the state a start through the pool leaves). Returns the account id."""
    email = f"pool-{uuid.uuid4().hex[:10]}@example.org"
    sql(stack, "INSERT INTO zoom_pool_zoomaccount (email, zoom_account_id, zoom_client_id, "
               "zoom_user_id, max_concurrent_meetings, current_meetings, is_active) "
               f"VALUES ('{email}', 'acc', 'cid', '{email}', 1, 1, TRUE)")
    (acc,), = sql(stack, f"SELECT id FROM zoom_pool_zoomaccount WHERE email = '{email}'")
    sql(stack, "INSERT INTO zoom_pool_session (lesson_id, account_id, zoom_meeting_id) "
               f"VALUES ({int(lesson_id)}, {acc}, '{mid}')")
    return int(acc)


def test_an_end_from_before_a_restart_keeps_the_lease(zstack):
    teacher, _, x = new_lesson(zstack)
    mid = give_meeting(zstack, x["id"])
    t = int(time.time() * 1000)
    assert meeting_event(zstack, "meeting.started", mid, ts_ms=t - 60000).status == 200
    assert meeting_event(zstack, "meeting.ended", mid, ts_ms=t - 50000).status == 200
    assert meeting_event(zstack, "meeting.started", mid, ts_ms=t - 40000).status == 200
    acc = lease(zstack, x["id"], mid)       # held again while live
    r = meeting_event(zstack, "meeting.ended", mid, ts_ms=t - 50000)   # the old end, again
    assert r.status == 200 and r.json()["status"] == "already_released", r
    assert status_of(zstack, teacher, x["id"]) == "live"
    assert sql(zstack, "SELECT current_meetings FROM zoom_pool_zoomaccount "
                       f"WHERE id = {acc}") == [["1"]]


def test_numeric_meeting_id_matches_as_text(zstack):
    teacher, _, x = new_lesson(zstack)
    mid = give_meeting(zstack, x["id"])
    r = meeting_event(zstack, "meeting.started", int(mid))
    assert r.status == 200 and r.json()["lesson_id"] == x["id"], r
    assert status_of(zstack, teacher, x["id"]) == "live"


def test_restart_after_an_end_and_a_late_start(zstack):
    teacher, _, x = new_lesson(zstack)
    mid = give_meeting(zstack, x["id"])
    t = int(time.time() * 1000)
    assert meeting_event(zstack, "meeting.started", mid, ts_ms=t - 60000).status == 200
    assert meeting_event(zstack, "meeting.ended", mid, ts_ms=t - 30000).status == 200
    assert status_of(zstack, teacher, x["id"]) == "completed"
    # The first start delivered late (a retry) does not reopen the lesson.
    assert meeting_event(zstack, "meeting.started", mid, ts_ms=t - 60000).status == 200
    assert status_of(zstack, teacher, x["id"]) == "completed"
    # The host starts the meeting again: live, and its end is a new success.
    assert meeting_event(zstack, "meeting.started", mid, ts_ms=t).status == 200
    assert status_of(zstack, teacher, x["id"]) == "live"
    r = meeting_event(zstack, "meeting.ended", mid, ts_ms=t + 1000)
    assert r.status == 200 and r.json()["status"] == "success", r


def test_unknown_meeting_and_missing_id(zstack):
    for event in ("meeting.ended", "meeting.started", "recording.completed"):
        r = meeting_event(zstack, event, "99999999999999")
        assert r.status == 404, r
        assert r.json()["status"] == "not_found", r
        r = hook(zstack, event, payload={"object": {"topic": "no id"}})
        assert r.status == 400 and r.json()["status"] == "error", r
        r = hook(zstack, event, payload={"object": {"id": ""}})
        assert r.status == 400, r


# -- recordings ------------------------------------------------------------------------------------------

def rec_file(fid, ftype="MP4", **kw):
    return {"id": fid, "meeting_id": "u==", "recording_start": "2031-03-01T10:00:00Z",
            "recording_end": "2031-03-01T10:45:30Z", "file_type": ftype,
            "file_extension": ftype, "file_size": 123456,
            "play_url": f"https://zoom.us/rec/play/{fid}",
            "download_url": f"https://zoom.us/rec/download/{fid}",
            "status": "completed", "recording_type": "shared_screen_with_speaker_view", **kw}


def recording_body(mid, files, token):
    return jsonlib.dumps({"event": "recording.completed", "event_ts": int(time.time() * 1000),
                          "download_token": token,
                          "payload": {"account_id": "acc", "object": {
                              "id": int(mid), "uuid": "u==", "topic": "t", "duration": 45,
                              "recording_count": len(files), "recording_files": files}}}).encode()


def test_recording_completed_is_stored_once(zstack):
    teacher, (kid,), x = new_lesson(zstack)
    mid = give_meeting(zstack, x["id"])
    token = "dltok-" + uuid.uuid4().hex
    f1, f2 = uuid.uuid4().hex, uuid.uuid4().hex
    files = [rec_file(f1), rec_file(f2, "M4A"), rec_file(uuid.uuid4().hex, "TIMELINE"),
             rec_file(uuid.uuid4().hex, "CHAT")]
    body = recording_body(mid, files, token)
    r = hook(zstack, body=body)
    assert r.status == 200, r
    assert r.json()["status"] == "success" and r.json()["stored"] == 2 \
        and r.json()["skipped"] == 2, r
    # Delivered again, and twice at once: nothing new.
    r = hook(zstack, body=body)
    assert r.status == 200 and r.json()["stored"] == 0, r
    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        rs = list(ex.map(lambda _: hook(zstack, body=body), range(4)))
    assert all(r.status == 200 for r in rs), rs
    assert sum(r.json()["stored"] for r in rs) == 0

    rows = sql(zstack, "SELECT zoom_recording_id, play_url, download_url, file_size, duration, "
                       "status, recording_start FROM schedule_lessonrecording "
                       f"WHERE lesson_id = {x['id']} ORDER BY id")
    assert rows == [
        [f1, f"https://zoom.us/rec/play/{f1}", f"https://zoom.us/rec/download/{f1}", "123456",
         "2730", "ready", "2031-03-01 10:00:00.000000"],
        [f2, f"https://zoom.us/rec/play/{f2}", f"https://zoom.us/rec/download/{f2}", "123456",
         "2730", "ready", "2031-03-01 10:00:00.000000"]]
    # The download token is kept nowhere, logged nowhere.
    assert sql(zstack, "SELECT COUNT(*) FROM schedule_lessonrecording WHERE CONCAT_WS(' ', "
                       f"play_url, download_url, zoom_recording_id) LIKE '%{token}%'") == [["0"]]
    assert token not in zstack.log_text()
    # The lesson's detail lists them for its teacher and its students.
    for who in (teacher, kid):
        d = api(zstack, "GET", f"{L}{x['id']}/", who).json()
        assert [(rc["url"]) for rc in d["recordings"]] == [
            f"https://zoom.us/rec/play/{f1}", f"https://zoom.us/rec/play/{f2}"]
        assert all(set(rc) == {"id", "url", "created_at"} for rc in d["recordings"])


def test_recording_files_without_links_or_ids_are_skipped(zstack):
    _, _, x = new_lesson(zstack)
    mid = give_meeting(zstack, x["id"])
    files = [rec_file(""), {"file_type": "MP4", "play_url": "https://zoom.us/x"},
             rec_file(uuid.uuid4().hex, play_url="javascript:alert(1)"),
             rec_file(uuid.uuid4().hex, play_url=None, download_url=None), "junk"]
    r = hook(zstack, body=recording_body(mid, files, "t"))
    assert r.status == 200 and r.json()["stored"] == 0 and r.json()["skipped"] == 4, r
    assert sql(zstack, "SELECT COUNT(*) FROM schedule_lessonrecording "
                       f"WHERE lesson_id = {x['id']}") == [["0"]]


def test_secrets_never_reach_the_log(zstack):
    plain = "plain-" + uuid.uuid4().hex
    hook(zstack, "endpoint.url_validation", payload={"plainToken": plain})
    hook(zstack, "endpoint.url_validation", payload={"plainToken": plain}, secret="bad")
    log = zstack.log_text()
    assert SECRET not in log and plain not in log
    assert "zoom webhook refused" in log


# -- add_recording (c.2) ---------------------------------------------------------------------------

def test_add_recording(zstack):
    teacher, (kid,), x = new_lesson(zstack, start_in=timedelta(days=3))
    path = f"{L}{x['id']}/add_recording/"
    url = "https://example.org/rec/1?x=1&y=Ж"
    r = api(zstack, "POST", path, teacher, json={"url": "  " + url + " "})
    assert r.status == 201, r
    j = r.json()
    assert set(j) == {"status", "recording"} and j["status"] == "created"
    assert set(j["recording"]) == {"id", "url", "created_at"} and j["recording"]["url"] == url
    assert j["recording"]["created_at"].endswith("Z")
    d = api(zstack, "GET", f"{L}{x['id']}/", kid).json()
    assert d["recordings"] == [j["recording"]]
    # The aliases are the same operation.
    for alias in ("/schedule/api/lessons/", "/api/api/schedule/lessons/"):
        r = api(zstack, "POST", f"{alias}{x['id']}/add_recording", teacher,
                json={"url": "http://example.org/2"})
        assert r.status == 201, r
    assert len(api(zstack, "GET", f"{L}{x['id']}/", teacher).json()["recordings"]) == 3


@pytest.mark.parametrize("body", [{}, {"url": ""}, {"url": "   "}, {"url": None}, {"url": 5},
                                  {"url": "ftp://example.org/x"}, {"url": "javascript:alert(1)"},
                                  {"url": "https://"}, {"url": "https:///path"},
                                  {"url": "https://exa mple.org"}, {"url": "https://x/" + "a" * 2000},
                                  {"url": "example.org/x"}])
def test_add_recording_bad_url(zstack, body):
    teacher, _, x = new_lesson(zstack, start_in=timedelta(days=4))
    r = api(zstack, "POST", f"{L}{x['id']}/add_recording/", teacher, json=body)
    assert r.status == 400 and set(r.json()) == {"detail"}, r
    assert api(zstack, "GET", f"{L}{x['id']}/", teacher).json()["recordings"] == []


def test_add_recording_callers(zstack):
    teacher, (kid,), x = new_lesson(zstack, start_in=timedelta(days=5))
    other = new_user(zstack, "teacher")
    path = f"{L}{x['id']}/add_recording/"
    body = {"url": "https://example.org/r"}
    assert api(zstack, "POST", path, None, json=body).status == 401
    assert api(zstack, "POST", path, kid, json=body).status == 403
    r = api(zstack, "POST", path, other, json=body)
    assert r.status == 404 and r.json() == {"detail": "Not found."}, r
    assert api(zstack, "POST", f"{L}999999999/add_recording/", teacher, json=body).status == 404
    r = api(zstack, "POST", path, teacher, data=b"{bad")
    assert r.status == 400, r
    assert api(zstack, "GET", f"{L}{x['id']}/", teacher).json()["recordings"] == []
