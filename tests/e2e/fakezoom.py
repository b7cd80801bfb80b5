"""A fake Zoom for the end-to-end tests (Python standard library only).

It speaks the shapes of shared/reference/zoom-api.md: Server-to-Server OAuth at /oauth/token
(Basic client_id:secret, grant_type=account_credentials, account_id; in the query or the form
body), and the meetings API under /v2 (create, get, patch, status end, delete) with bearer
tokens, 64-bit meeting numbers, join/start URLs and passcodes. A host "opens" a meeting by
visiting its start_url (GET /s/{id}?zak=...): the meeting is then running, and the server keeps
how many meetings each host runs and the most it ever ran at once.

The tests drive it in-process:

    zoom.add_app("acc-1", "client-1", "secret-1")     # credentials Zoom accepts
    zoom.fail_next(2, 429, retry_after=1)             # the next 2 API calls answer 429
    zoom.fail_next(1, 500, path="/v2/users/")         # ... only those whose path starts so
    zoom.slow_next(1, 5.0)                            # the next call answers after 5 s
    zoom.expire_tokens()                              # every token issued so far is refused
    zoom.calls(method="POST", prefix="/v2/users/")    # what was asked, with the answers

Participants (attendance from Zoom): a meeting's join_url is served here (GET /j/{id}?pwd=..,
uname=.. as the tracked join fills it in): the visitor becomes a participant under that name, and
when a webhook is set, Zoom's meeting.participant_joined event (signed like Zoom's, the shapes of
shared/reference/zoom-api.md and Zoom's Rivet types) goes to it; participant_join() and
participant_leave() do the same from a test, leave with meeting.participant_left.

    zoom.set_webhook(stack.base_url + "/schedule/webhook/zoom/", secret)
    uid = zoom.participant_join(mid, "Петрова Анна", email="a@x.org")  # the answer of the hook
    zoom.participant_leave(mid, uid)
"""

import base64
import hashlib
import hmac
import json
import random
import re
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN_SCOPES = ("meeting:write:meeting:admin meeting:read:meeting:admin "
                "meeting:update:meeting:admin meeting:delete:meeting:admin user:read:user:admin")
DAILY_MESSAGE = ("You have exceeded the daily rate limit (100) of Meeting Create/Update API "
                 "requests permitted for this particular user. You may resume these requests at "
                 "GMT 00:00:00.")
START_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?$")


class Fault:
    def __init__(self, count, status=None, retry_after=None, delay=0.0, path=None, method=None,
                 daily=False, body=None):
        self.count, self.status, self.retry_after, self.delay = count, status, retry_after, delay
        self.path, self.method, self.daily, self.body = path, method, daily, body

    def matches(self, method, path):
        return ((self.path is None or path.startswith(self.path)) and
                (self.method is None or self.method == method))


class FakeZoom:
    def __init__(self, host="127.0.0.1"):
        self.lock = threading.Lock()
        self.apps = {}          # client_id -> (secret, account_id)
        self.tokens = {}        # token -> (account_id, expires_at)
        self.meetings = {}      # id (int) -> dict
        self.running = {}       # host -> meetings running now
        self.peak = {}          # host -> most meetings it ever ran at once
        self.log = []           # every request: dict(method, path, status, t)
        self.faults = []
        self.token_ttl = 3600
        self.unknown_users = set()
        self.hook_url, self.hook_secret = None, None
        self.participants = {}  # meeting id -> {user_id: dict}
        self.hook_answers = []  # (event, status, body) of every event sent
        self.server = ThreadingHTTPServer((host, 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.api_url = self.base + "/v2"
        self.oauth_url = self.base + "/oauth/token"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- control -----------------------------------------------------------------------------

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add_app(self, account_id, client_id, secret):
        with self.lock:
            self.apps[client_id] = (secret, account_id)

    def fail_next(self, n, status, retry_after=None, path=None, method=None, daily=False,
                  body=None):
        """The next n matching calls (API and OAuth) answer status (429, 500, 401, ...)."""
        with self.lock:
            self.faults.append(Fault(n, status, retry_after, 0.0, path, method, daily, body))

    def slow_next(self, n, delay, path=None, method=None):
        """The next n matching calls wait delay seconds before answering normally."""
        with self.lock:
            self.faults.append(Fault(n, None, None, delay, path, method))

    def reset_faults(self):
        with self.lock:
            self.faults = []

    def expire_tokens(self):
        """Every token issued so far becomes invalid (an expiry or revocation at Zoom)."""
        with self.lock:
            self.tokens.clear()

    def calls(self, method=None, prefix=None, since=0.0):
        with self.lock:
            return [c for c in self.log if (method is None or c["method"] == method) and
                    (prefix is None or c["path"].startswith(prefix)) and c["t"] >= since]

    def meeting(self, mid):
        with self.lock:
            m = self.meetings.get(int(mid))
            return dict(m) if m else None

    def meetings_of(self, host):
        with self.lock:
            return [dict(m) for m in self.meetings.values() if m["host"] == host]

    def running_of(self, host):
        with self.lock:
            return self.running.get(host, 0)

    def peak_of(self, host):
        with self.lock:
            return self.peak.get(host, 0)

    def open_meeting(self, start_url):
        """What a host's browser does with a start_url: the meeting starts running."""
        u = urllib.parse.urlsplit(start_url)
        q = urllib.parse.parse_qs(u.query)
        m = re.fullmatch(r"/s/(\d+)", u.path)
        with self.lock:
            mt = self.meetings.get(int(m.group(1))) if m else None
            if mt is None or mt["deleted"] or q.get("zak", [""])[0] not in mt["zaks"]:
                return False
            if mt["status"] != "started":
                mt["status"] = "started"
                h = mt["host"]
                self.running[h] = self.running.get(h, 0) + 1
                self.peak[h] = max(self.peak.get(h, 0), self.running[h])
            return True

    # -- participants and webhooks -----------------------------------------------------------

    def set_webhook(self, url, secret):
        """Where Zoom's events go (None: nowhere), signed with secret."""
        with self.lock:
            self.hook_url, self.hook_secret = url, secret

    def send_event(self, event, obj, ts=None):
        """POST one event as Zoom does: {event, event_ts (ms), payload: {account_id, object}},
        x-zm-request-timestamp (s) and x-zm-signature = v0=HMAC-SHA256(secret,
        "v0:{ts}:{body}"). Returns (status, parsed answer) or None without a webhook."""
        with self.lock:
            url, secret = self.hook_url, self.hook_secret
        if url is None:
            return None
        now = time.time() if ts is None else ts
        body = json.dumps({"event": event, "event_ts": int(now * 1000),
                           "payload": {"account_id": obj.pop("_account", "acc"),
                                       "object": obj}}).encode()
        stamp = str(int(time.time()))
        mac = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body,
                       hashlib.sha256).hexdigest()
        req = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "User-Agent": "Zoom Marketplace/1.0a",
            "x-zm-request-timestamp": stamp, "x-zm-signature": "v0=" + mac})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                out = (r.status, json.loads(r.read() or b"null"))
        except urllib.error.HTTPError as e:
            out = (e.code, json.loads(e.read() or b"null"))
        with self.lock:
            self.hook_answers.append((event, out[0], out[1]))
        return out

    def _meeting_object(self, mt):
        return {"id": str(mt["id"]), "uuid": mt["uuid"], "host_id": mt["host_id"],
                "topic": mt["topic"], "type": mt["type"], "start_time": mt["start_time"],
                "timezone": mt["timezone"], "duration": mt["duration"],
                "_account": mt["account_id"]}

    def participant_join(self, mid, user_name, email="", at=None, user_id=None):
        """Someone joins meeting mid: Zoom gives the session a user_id (a string of digits,
        new at each join) and, for a signed-in user, their email ("" for a guest). Returns
        (user_id, webhook answer)."""
        when = time.time() if at is None else at
        with self.lock:
            mt = self.meetings[int(mid)]
            uid = user_id or str(random.randint(16777216, 33554431))
            p = {"user_id": uid, "user_name": user_name, "id": "" if not email else
                 "u" + secrets.token_hex(8), "participant_uuid": "-".join(secrets.token_hex(n).upper() for n in (4, 2, 2, 2, 6)),
                 "email": email, "registrant_id": "", "participant_user_id": "",
                 "customer_key": "", "phone_number": "",
                 "join_time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))}
            self.participants.setdefault(int(mid), {})[uid] = p
            obj = self._meeting_object(mt)
        obj["participant"] = dict(p)
        return uid, self.send_event("meeting.participant_joined", obj, when)

    def participant_leave(self, mid, uid, at=None, reason="left the meeting"):
        """The session uid leaves: meeting.participant_left with leave_time and leave_reason
        (no join_time). Returns the webhook's answer."""
        when = time.time() if at is None else at
        with self.lock:
            mt = self.meetings[int(mid)]
            p = dict(self.participants[int(mid)].pop(uid))
            obj = self._meeting_object(mt)
        p.pop("join_time")
        p["leave_time"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))
        p["leave_reason"] = f"{reason}. Reason : {reason}"
        obj["participant"] = p
        return self.send_event("meeting.participant_left", obj, when)

    def in_meeting(self, mid):
        with self.lock:
            return {u: dict(p) for u, p in self.participants.get(int(mid), {}).items()}

    # -- internals -----------------------------------------------------------------------------

    def _take_fault(self, method, path):
        with self.lock:
            for f in self.faults:
                if f.count > 0 and f.matches(method, path):
                    f.count -= 1
                    if f.count == 0:
                        self.faults.remove(f)
                    return f
        return None

    def _new_meeting(self, account_id, host, body):
        mid = random.randint(10**10, 10**11 - 1)
        pwd = secrets.token_hex(3)
        m = {
            "id": mid, "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
            "host": host, "host_id": "h" + secrets.token_hex(8), "account_id": account_id,
            "topic": body.get("topic", ""), "type": body.get("type", 2),
            "start_time": body.get("start_time"), "duration": body.get("duration"),
            "timezone": body.get("timezone", "UTC"), "settings": body.get("settings", {}),
            "password": pwd, "status": "waiting", "deleted": False, "zaks": set(),
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "updates": 0,
            "pwd_token": secrets.token_urlsafe(24),
        }
        self.meetings[mid] = m
        return m

    def _meeting_json(self, m):
        zak = "eyJ" + secrets.token_urlsafe(300)     # a long ZAK, like the real one
        m["zaks"].add(zak)
        return {
            "id": m["id"], "uuid": m["uuid"], "host_id": m["host_id"], "host_email": m["host"],
            "topic": m["topic"], "type": m["type"], "status": m["status"],
            "start_time": m["start_time"], "duration": m["duration"], "timezone": m["timezone"],
            "created_at": m["created_at"],
            "start_url": f"{self.base}/s/{m['id']}?zak={zak}",
            "join_url": f"{self.base}/j/{m['id']}?pwd={m['pwd_token']}",
            "password": m["password"], "h323_password": m["password"],
            "encrypted_password": secrets.token_urlsafe(24), "settings": m["settings"],
            "pre_schedule": False,
        }

    def _handler(self):
        fz = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send(self, status, obj=None, headers=None):
                body = b"" if obj is None else json.dumps(obj).encode()
                # Logged before the answer goes out: once the app has read it, a test that
                # looks at the log must find the call there.
                with fz.lock:
                    fz.log.append({"method": self.command, "path": self.path.split("?")[0],
                                   "status": status, "t": time.time()})
                try:
                    self.send_response(status)
                    if obj is not None:
                        self.send_header("Content-Type", "application/json;charset=UTF-8")
                    for k, v in (headers or {}).items():
                        self.send_header(k, str(v))
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass       # the client gave up (a timeout on its side)

            def _body(self):
                n = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(n) if n else b""

            def _dispatch(self):
                raw = self._body()
                path = self.path.split("?")[0]
                f = fz._take_fault(self.command, path)
                if f is not None and f.delay:
                    time.sleep(f.delay)
                if f is not None and f.status is not None:
                    if f.body is not None:
                        return self._send(f.status, f.body)
                    if f.status == 429:
                        h = {"X-RateLimit-Category": "Medium",
                             "X-RateLimit-Type": "Daily-limit" if f.daily else "QPS"}
                        if f.retry_after is not None:
                            h["Retry-After"] = f.retry_after
                        return self._send(429, {"code": 429, "message": DAILY_MESSAGE if f.daily
                                                else "Too many requests. Please try again later."},
                                          h)
                    if f.status == 401:
                        return self._send(401, {"code": 124, "message": "Invalid access token."})
                    return self._send(f.status, {"code": f.status, "message": "Internal error"})
                if path == "/oauth/token" and self.command == "POST":
                    return self._oauth(raw)
                if path.startswith("/s/") and self.command == "GET":
                    return self._open(path)
                if path.startswith("/j/") and self.command == "GET":
                    return self._join(path)
                if path.startswith("/v2/"):
                    return self._api(path, raw)
                return self._send(404, {"code": 404, "message": "Not found"})

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _dispatch

            def _oauth(self, raw):
                q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                q.update(urllib.parse.parse_qs(raw.decode()))
                auth = self.headers.get("Authorization", "")
                try:
                    cid, sec = base64.b64decode(auth[6:]).decode().split(":", 1)
                    assert auth.startswith("Basic ")
                except Exception:
                    return self._send(401, {"reason": "Invalid client_id or client_secret",
                                            "error": "invalid_client"})
                with fz.lock:
                    app = fz.apps.get(cid)
                if app is None or app[0] != sec:
                    return self._send(401, {"reason": "Invalid client_id or client_secret",
                                            "error": "invalid_client"})
                if q.get("grant_type", [""])[0] != "account_credentials":
                    return self._send(400, {"reason": "Unsupported grant type",
                                            "error": "unsupported_grant_type"})
                if q.get("account_id", [""])[0] != app[1]:
                    return self._send(400, {"reason": "Invalid account_id",
                                            "error": "invalid_request"})
                token = "eyJhbGciOiJIUzUxMiJ9." + secrets.token_urlsafe(180)
                with fz.lock:
                    fz.tokens[token] = (app[1], time.time() + fz.token_ttl)
                return self._send(200, {"access_token": token, "token_type": "bearer",
                                        "expires_in": fz.token_ttl, "scope": TOKEN_SCOPES,
                                        "api_url": "https://api.zoom.us"})

            def _open(self, path):
                if fz.open_meeting(fz.base + self.path):
                    return self._send(200, {"status": "started"})
                return self._send(401, {"code": 124, "message": "Invalid ZAK."})

            def _join(self, path):
                """A browser following a join link: with the meeting's passcode, the
                visitor joins under uname (else "Zoom user") and the hook hears of it."""
                q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                m = re.fullmatch(r"/j/(\d+)", path)
                with fz.lock:
                    mt = fz.meetings.get(int(m.group(1))) if m else None
                    ok = mt is not None and not mt["deleted"] and \
                        q.get("pwd", [""])[0] == mt["pwd_token"]
                if not ok:
                    return self._send(404, {"code": 3001, "message": "Meeting does not exist."})
                uid, hook = fz.participant_join(mt["id"], q.get("uname", ["Zoom user"])[0])
                return self._send(200, {"status": "joined", "user_id": uid,
                                        "hook_status": hook[0] if hook else None})

            def _account(self):
                auth = self.headers.get("Authorization", "")
                with fz.lock:
                    t = fz.tokens.get(auth[7:]) if auth.startswith("Bearer ") else None
                    if t is None or t[1] < time.time():
                        return None
                    return t[0]

            def _api(self, path, raw):
                account = self._account()
                if account is None:
                    return self._send(401, {"code": 124, "message": "Invalid access token."})
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    return self._send(400, {"code": 300, "message": "Request Body should be a "
                                            "valid JSON object."})
                m = re.fullmatch(r"/v2/users/([^/]+)/meetings", path)
                if m and self.command == "POST":
                    return self._create(account, urllib.parse.unquote(m.group(1)), body)
                m = re.fullmatch(r"/v2/meetings/(\d+)(/status)?", path)
                if not m:
                    return self._send(404, {"code": 404, "message": "Not found"})
                with fz.lock:
                    mt = fz.meetings.get(int(m.group(1)))
                    if mt is None or mt["deleted"] or mt["account_id"] != account:
                        mt = None
                if mt is None:
                    return self._send(404, {"code": 3001, "message": "Meeting does not exist: "
                                            f"{m.group(1)}."})
                if m.group(2) and self.command == "PUT":
                    return self._status(mt, body)
                if m.group(2):
                    return self._send(405, {"code": 405, "message": "Method not allowed"})
                if self.command == "GET":
                    with fz.lock:
                        out = fz._meeting_json(mt)
                    return self._send(200, out)
                if self.command == "PATCH":
                    for k in ("start_time", "duration", "timezone", "topic"):
                        if k in body:
                            with fz.lock:
                                mt[k] = body[k]
                    with fz.lock:
                        mt["updates"] += 1
                    return self._send(204)
                if self.command == "DELETE":
                    with fz.lock:
                        if mt["status"] == "started":
                            fz.running[mt["host"]] -= 1
                        mt["status"] = "deleted"
                        mt["deleted"] = True
                    return self._send(204)
                return self._send(405, {"code": 405, "message": "Method not allowed"})

            def _create(self, account, user, body):
                errors = []
                if not isinstance(body.get("topic"), str) or len(body["topic"]) > 200:
                    errors.append({"field": "topic", "message": "Invalid topic"})
                if body.get("type") not in (1, 2, 3, 8):
                    errors.append({"field": "type", "message": "Invalid type"})
                if body.get("type") == 2 and not START_TIME.match(str(body.get("start_time"))):
                    errors.append({"field": "start_time", "message": "Invalid start_time"})
                if not isinstance(body.get("duration"), int) or body["duration"] < 1:
                    errors.append({"field": "duration", "message": "Invalid duration"})
                if errors:
                    return self._send(400, {"code": 300, "message": "Validation Failed.",
                                            "errors": errors})
                if user in fz.unknown_users:
                    return self._send(404, {"code": 1001, "message": "User does not exist: " + user})
                with fz.lock:
                    mt = fz._new_meeting(account, user, body)
                    out = fz._meeting_json(mt)
                return self._send(201, out)

            def _status(self, mt, body):
                if body.get("action") != "end":
                    return self._send(400, {"code": 300, "message": "Invalid action"})
                with fz.lock:
                    if mt["status"] != "started":
                        status = mt["status"]
                    else:
                        mt["status"] = "ended"
                        fz.running[mt["host"]] -= 1
                        status = None
                if status is not None:
                    return self._send(400, {"code": 3063, "message": "Can not end a meeting "
                                            f"that is not in progress ({status})."})
                return self._send(204)

        return Handler
