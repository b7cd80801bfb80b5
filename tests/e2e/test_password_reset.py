"""Password reset by an emailed link (API.md a.5, Proposed): the request answers the same for any
address and changes nothing; the link works once, until it expires or the password changes; the
new password follows the one policy and signs the user out everywhere; requests are throttled per
address and per client. Through the API and through the pages, on a private stack whose mail
relay is the SMTP server of test_reminders.py."""

import re
import urllib.parse
import uuid

import pytest

from conftest import _teardown
from test_groups_api import PW, api, fresh_addr, new_user
from test_pages import Client, csrf_of
from test_reminders import SMTPRelay
from test_webhook import private_stack, sql

REQ = "/accounts/api/password-reset/request/"
CONFIRM = "/accounts/api/password-reset/confirm/"
NEW_PW = "N3wPassword"
LINK = re.compile(r"https?://[^\s]+/reset-password/([A-Za-z0-9_-]+)/([A-Za-z0-9-]+)")


@pytest.fixture(scope="module")
def relay():
    r = SMTPRelay()
    yield r
    r.close()


@pytest.fixture(scope="module")
def pstack(request, relay, fakezoom):
    st = private_stack(fakezoom, TPANEL_SMTP_URL=f"smtp://127.0.0.1:{relay.port}",
                       TPANEL_MAIL_INTERVAL=1,
                       TPANEL_SMTP_FROM="Teaching Panel <noreply@school.example>",
                       TPANEL_RESET_EMAIL_MAX=3, TPANEL_RESET_IP_MAX=1000)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


def ask(stack, email, addr=None):
    return api(stack, "POST", REQ, json={"email": email}, addr=addr)


def link_for(relay, email):
    msgs = relay.wait_to(email)
    assert msgs, f"no email to {email}"
    m = LINK.search(msgs[-1].get_body(("plain",)).get_content())
    assert m, msgs[-1]
    return m.group(1), m.group(2)


def signin(stack, email, pw):
    return stack.post("/api/jwt/token/", json={"email": email, "password": pw}).status


def test_request_answers_alike_and_changes_nothing(pstack, relay):
    u = new_user(pstack, "student")
    before = sql(pstack, f"SELECT password FROM accounts_customuser WHERE id = {u.id}")
    a, b = ask(pstack, u.email.upper()), ask(pstack, f"nobody-{uuid.uuid4().hex}@example.org")
    assert a.status == b.status == 200 and a.json() == b.json(), (a, b)
    assert len(relay.wait_to(u.email)) == 1
    assert sql(pstack, f"SELECT password FROM accounts_customuser WHERE id = {u.id}") == before
    assert signin(pstack, u.email, PW) == 200        # the old password still works
    r = api(pstack, "POST", REQ, json={})
    assert r.status == 400 and r.json()["error"] == r.json()["detail"], r


def test_link_sets_password_once_and_signs_out(pstack, relay):
    u = new_user(pstack, "teacher")
    refresh = pstack.post("/api/jwt/token/", json={"email": u.email, "password": PW}).json()["refresh"]
    assert ask(pstack, u.email).status == 200
    uid, token = link_for(relay, u.email)
    r = pstack.get(f"/accounts/api/password-reset/validate/{uid}/{token}/")
    assert r.status == 200 and r.json() == {"valid": True, "email": u.email}, r
    # The policy applies and a refused password leaves the link alive.
    r = api(pstack, "POST", CONFIRM, json={"uid": uid, "token": token, "password": "short"})
    assert r.status == 400 and r.json()["error"], r
    r = api(pstack, "POST", CONFIRM, json={"uid": uid, "token": token, "password": NEW_PW})
    assert r.status == 200 and r.json()["message"], r
    assert signin(pstack, u.email, PW) == 401 and signin(pstack, u.email, NEW_PW) == 200
    assert pstack.post("/api/jwt/refresh/", json={"refresh": refresh}).status == 401
    # Used: dead for confirm and validate.
    r = api(pstack, "POST", CONFIRM, json={"uid": uid, "token": token, "password": "An0therOne"})
    assert r.status == 400, r
    assert pstack.get(f"/accounts/api/password-reset/validate/{uid}/{token}/").json()["valid"] is False
    assert signin(pstack, u.email, NEW_PW) == 200
    log = sql(pstack, f"SELECT COUNT(*) FROM schedule_auditlog WHERE action = 'password_reset' "
                      f"AND resource_id = {u.id}")
    assert log == [["1"]]


@pytest.mark.parametrize("mangle", [
    lambda uid, tok: (uid, tok[:-1] + ("0" if tok[-1] != "0" else "1")),   # signature
    lambda uid, tok: (uid, "1-" + tok.split("-")[1]),                      # expiry forged
    lambda uid, tok: ("Mg", tok),                                          # another user
    lambda uid, tok: ("!!", tok),
    lambda uid, tok: (uid, "x" * 64),
])
def test_forged_links_are_refused(pstack, relay, mangle):
    u = new_user(pstack, "student")
    assert ask(pstack, u.email).status == 200
    uid, token = mangle(*link_for(relay, u.email))
    r = pstack.get(f"/accounts/api/password-reset/validate/{urllib.parse.quote(uid)}/"
                   f"{urllib.parse.quote(token)}/")
    assert r.status in (200, 404), r
    if r.status == 200:
        assert r.json()["valid"] is False
    r = api(pstack, "POST", CONFIRM, json={"uid": uid, "token": token, "password": NEW_PW})
    assert r.status == 400, r
    assert signin(pstack, u.email, PW) == 200


def test_a_second_link_dies_with_the_first_use(pstack, relay):
    u = new_user(pstack, "student")
    ask(pstack, u.email)
    first = link_for(relay, u.email)
    ask(pstack, u.email)
    second = link_for(relay, u.email)
    assert api(pstack, "POST", CONFIRM, json={"uid": second[0], "token": second[1],
                                              "password": NEW_PW}).status == 200
    assert api(pstack, "POST", CONFIRM, json={"uid": first[0], "token": first[1],
                                              "password": "An0therOne"}).status == 400


def test_requests_are_throttled_per_address(pstack, relay):
    u = new_user(pstack, "student")
    addr = fresh_addr()
    codes = [ask(pstack, u.email, addr).status for _ in range(4)]
    assert codes == [200, 200, 200, 429], codes
    assert len(relay.wait_to(u.email, 3)) == 3


def test_pages_walk_through_a_reset(pstack, relay):
    u = new_user(pstack, "student")
    c = Client(pstack)
    page = c.get("/login")
    assert 'href="/password-reset"' in page.text
    form = c.get("/password-reset")
    r = c.post("/password-reset", {"email": u.email, "csrf_token": csrf_of(form)})
    assert r.status == 200 and "мы отправили" in r.text, r
    uid, token = link_for(relay, u.email)
    page = c.get(f"/reset-password/{uid}/{token}")
    assert page.status == 200 and 'name="password2"' in page.text
    r = c.post(f"/reset-password/{uid}/{token}", {"password": NEW_PW, "password2": "Different1",
                                                  "csrf_token": csrf_of(page)})
    assert r.status == 400
    r = c.post(f"/reset-password/{uid}/{token}", {"password": NEW_PW, "password2": NEW_PW,
                                                  "csrf_token": csrf_of(page)})
    assert r.status == 303 and r.headers["location"] == "/login?done=reset", r
    assert "Пароль изменён" in c.get("/login?done=reset").text
    assert c.get(f"/reset-password/{uid}/{token}").status == 404
    assert signin(pstack, u.email, NEW_PW) == 200
