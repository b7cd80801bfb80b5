"""Accounts through nginx: registration, JWT sign-in and its throttle, tokens, the profile API,
password changes, refresh/verify/logout, and `tpanel user` (API.md section (a) and its Decisions).

Every test makes its own users (unique emails). Failed sign-ins count against the client
address (50 per 10 minutes), so the tests that fail sign-ins on purpose connect from their own
loopback source address (127.77.x.y): the rest of the suite, on 127.0.0.1, is never throttled.
"""

import base64
import datetime
import hashlib
import hmac
import http.client
import itertools
import json as jsonlib
import re
import subprocess
import threading
import time
import uuid

import pytest

from conftest import REPO, Response

PW = "Teach1ngPanel"
PW2 = "N3wSecretPass"
BAD_CREDENTIALS = {"detail": "No active account found with the given credentials"}
NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
REQUIRED = ["This field is required."]
REGISTER_PATHS = ["/api/jwt/register/", "/api/accounts/jwt/register/", "/accounts/jwt/register/"]
TOKEN_PATHS = ["/api/jwt/token/", "/api/jwt/create/", "/api/jwt/token-ci/", "/api/jwt/token-direct/"]
PROFILE_KEYS = {"id", "email", "phone_number", "first_name", "middle_name", "last_name", "role",
                "avatar", "agreed_to_marketing", "date_of_birth", "created_at", "updated_at"}
ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
THROTTLED = re.compile(r"^Request was throttled\. Expected available in (\d+) seconds\.$")


# -- helpers -------------------------------------------------------------------------------------

def uemail(tag="u"):
    return f"{tag}-{uuid.uuid4().hex[:12]}@example.org"


def register(stack, email, password=PW, path="/api/jwt/register/", **fields):
    return stack.post(path, json={"email": email, "password": password, **fields})


def new_user(stack, role=None, password=PW, **fields):
    """Register a user; return (email, password, user_id)."""
    email = uemail(role or "s")
    if role is not None:
        fields["role"] = role
    r = register(stack, email, password, **fields)
    assert r.status == 201, r
    return email, password, r.json()["user_id"]


def signin(stack, email, password, path="/api/jwt/token/"):
    return stack.post(path, json={"email": email, "password": password})


def tokens(stack, email, password=PW):
    r = signin(stack, email, password)
    assert r.status == 200, r
    return r.json()


def bearer(token):
    return {"Authorization": "Bearer " + token}


def me(stack, access):
    return stack.get("/api/me/", headers=bearer(access))


def assert_can_register(stack, email):
    """Proof that an earlier refused request created nothing: the email is still free."""
    r = register(stack, email)
    assert r.status == 201, ("a refused registration left an account behind", r)


def assert_detail_400(r):
    assert r.status == 400, r
    assert r.headers["content-type"].startswith("application/json"), r
    body = r.json()
    assert isinstance(body.get("detail"), str) and body["detail"], body
    return body["detail"]


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    if not isinstance(b, bytes):
        b = jsonlib.dumps(b, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jwt_parts(token):
    h, p, _ = token.split(".")
    return jsonlib.loads(b64d(h)), jsonlib.loads(b64d(p))


def jwt_sign(header, payload, key):
    signing_input = b64e(header) + "." + b64e(payload)
    sig = hmac.new(key.encode() if isinstance(key, str) else key, signing_input.encode(),
                   hashlib.sha256).digest()
    return signing_input + "." + b64e(sig)


_addrs = itertools.count(1)


def fresh_addr():
    """A loopback source address no other test uses (its own per-address throttle counter)."""
    n = next(_addrs)
    return f"127.77.{n // 250}.{n % 250 + 1}"


def post_from(stack, addr, path, json):
    conn = http.client.HTTPConnection(stack.host, stack.port, timeout=15, source_address=(addr, 0))
    try:
        conn.request("POST", path, body=jsonlib.dumps(json).encode(),
                     headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        return Response(r.status, r.reason, r.getheaders(), r.read())
    finally:
        conn.close()


def signin_from(stack, addr, email, password):
    return post_from(stack, addr, "/api/jwt/token/", {"email": email, "password": password})


def tpanel(stack, *args, input=None):
    """Run `tpanel -c <stack>/tpanel.conf ARGS` against the stack's database."""
    return subprocess.run([str(REPO / "tpanel"), "-c", str(stack.dir / "tpanel.conf"), *args],
                          input=input, env=stack.env, cwd=REPO, timeout=60,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stack_secret(stack):
    v = stack.env.get("TPANEL_SECRET_KEY")
    if v:
        return v
    for line in (stack.dir / "tpanel.conf").read_text().splitlines():
        k, sep, val = line.partition("=")
        if sep and k.strip() == "secret_key":
            return val.strip()
    pytest.skip("no secret_key in the stack's tpanel.conf")


# -- registration ----------------------------------------------------------------------------------

def test_register_creates_student_with_normalised_email(stack):
    raw = "  Mixed.Case-" + uuid.uuid4().hex[:10].upper() + "@Example.ORG  "
    email = raw.strip().lower()
    r = register(stack, raw, first_name="Анна", last_name="Иванова", middle_name="Петровна")
    assert r.status == 201, r
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"detail", "user_id", "email", "role"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["user_id"], int) and not isinstance(body["user_id"], bool)
    assert body["user_id"] > 0
    assert body["email"] == email and body["role"] == "student", body

    prof = me(stack, tokens(stack, email)["access"]).json()
    assert prof["id"] == body["user_id"] and prof["email"] == email and prof["role"] == "student"
    assert (prof["first_name"], prof["last_name"], prof["middle_name"]) == \
        ("Анна", "Иванова", "Петровна")


@pytest.mark.parametrize("path", REGISTER_PATHS)
def test_register_aliases(stack, path):
    email = uemail("alias")
    r = register(stack, email, path=path, role="teacher")
    assert r.status == 201, r
    assert r.json()["email"] == email and r.json()["role"] == "teacher"
    access = tokens(stack, email)["access"]
    assert jwt_parts(access)[1]["role"] == "teacher"
    # The same email again at the same path: refused.
    assert_detail_400(register(stack, email, path=path))


def test_register_duplicate_email_in_other_case(stack):
    email = uemail("dup")
    assert register(stack, email).status == 201
    for variant in (email, email.upper(), "  " + email.capitalize() + " "):
        assert_detail_400(register(stack, variant, password=PW2))
    # The first account is untouched: its own password still signs in.
    assert signin(stack, email, PW).status == 200


def test_register_same_email_concurrently(stack):
    """Racing registrations of one email (in different cases): one account, the rest 400."""
    email = uemail("race")
    variants = [email, email.upper(), email.capitalize(), email, email.upper(), email]
    results = [None] * len(variants)

    def go(i):
        results[i] = register(stack, variants[i], password=f"Race{i}Password")

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(variants))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    statuses = sorted(r.status for r in results)
    assert statuses == [201] + [400] * (len(variants) - 1), results
    winner = next(i for i, r in enumerate(results) if r.status == 201)
    for r in results:
        if r.status == 400:
            assert isinstance(r.json().get("detail"), str), r
    assert signin(stack, email, f"Race{winner}Password").status == 200


RULE_WORDS = {
    "length": ("8",),
    "upper": ("заглав", "прописн", "upper"),
    "lower": ("строч", "lower"),
    "digit": ("цифр", "digit"),
    "email": ("email", "почт"),
}


def names_rule(detail, rule):
    d = detail.lower()
    return any(w in d for w in RULE_WORDS[rule])


@pytest.mark.parametrize("password,rule", [
    ("Ab1defg", "length"),          # 7 characters
    ("Пар1оль", "length"),          # 7 characters (13 bytes): characters count, not bytes
    ("Abcdefg", "length"),          # short and no digit: length comes first
    ("abcdefg1", "upper"),
    ("abcdefgh", "upper"),          # no upper and no digit: upper comes first
    ("пароль12", "upper"),          # Cyrillic lower case only
    ("ABCDEFG1", "lower"),
    ("ПАРОЛЬ12", "lower"),          # Cyrillic upper case only
    ("ABCDEFGH", "lower"),          # no lower and no digit: lower comes first
    ("Abcdefgh", "digit"),
    ("Парольчик", "digit"),
])
def test_register_password_policy(stack, password, rule):
    email = uemail("pol")
    detail = assert_detail_400(register(stack, email, password=password))
    assert names_rule(detail, rule), (password, rule, detail)
    for other in RULE_WORDS:
        if other != rule:
            assert not names_rule(detail, other), (password, rule, detail)
    assert_can_register(stack, email)


def test_register_password_equal_to_email(stack):
    email = "Ab1x-" + uuid.uuid4().hex[:10] + "@Example.org"   # passes every other rule
    detail = assert_detail_400(register(stack, email, password=email))
    assert names_rule(detail, "email"), detail
    assert_can_register(stack, email)


@pytest.mark.parametrize("password", ["Пароль12", "Ёлка2024ёж", "Ab1" + "x" * 5, "P4ss word!"])
def test_register_password_policy_accepts(stack, password):
    email = uemail("polok")
    assert register(stack, email, password=password).status == 201
    assert signin(stack, email, password).status == 200


@pytest.mark.parametrize("role", ["admin", "superuser", "Teacher", "", "staff"])
def test_register_refuses_roles_but_student_and_teacher(stack, role):
    email = uemail("role")
    assert_detail_400(register(stack, email, role=role))
    assert_can_register(stack, email)


def test_register_role_default_and_teacher(stack):
    e1, e2 = uemail("def"), uemail("tch")
    assert register(stack, e1).json()["role"] == "student"
    assert register(stack, e2, role="teacher").json()["role"] == "teacher"
    assert jwt_parts(tokens(stack, e1)["access"])[1]["role"] == "student"
    assert me(stack, tokens(stack, e2)["access"]).json()["role"] == "teacher"


@pytest.mark.parametrize("bad", ["no-at-sign.example.org", "a@b", "@example.org", "a b@example.org",
                                 "a@@example.org", "a@exa mple.org", "a@example.", ""])
def test_register_bad_email(stack, bad):
    r = register(stack, bad)
    assert_detail_400(r)


def test_register_missing_fields(stack):
    assert_detail_400(stack.post("/api/jwt/register/", json={"password": PW}))
    email = uemail("nopw")
    assert_detail_400(stack.post("/api/jwt/register/", json={"email": email}))
    assert_can_register(stack, email)


@pytest.mark.parametrize("birth", [
    "2023-02-30", "2021-13-01", "x", "01.02.2000", "2000-1-1",
    (datetime.date.today() + datetime.timedelta(days=400)).isoformat(),
])
def test_register_bad_birth_date(stack, birth):
    email = uemail("bd")
    assert_detail_400(register(stack, email, birth_date=birth))
    assert_can_register(stack, email)


def test_register_birth_date_is_saved(stack):
    email = uemail("bdok")
    assert register(stack, email, birth_date="2004-02-29").status == 201
    assert me(stack, tokens(stack, email)["access"]).json()["date_of_birth"] == "2004-02-29"


@pytest.mark.parametrize("field", ["first_name", "last_name", "middle_name"])
def test_register_name_length(stack, field):
    email = uemail("len")
    assert_detail_400(register(stack, email, **{field: "x" * 151}))
    # 150 Cyrillic characters (300 bytes) are fine: the limit counts characters.
    assert register(stack, email, **{field: "Ж" * 150}).status == 201
    assert me(stack, tokens(stack, email)["access"]).json()[field] == "Ж" * 150


@pytest.mark.parametrize("field,value", [
    ("email", 5), ("email", ["a@example.org"]), ("password", 12345678), ("password", True),
    ("role", ["teacher"]), ("first_name", {"a": 1}), ("last_name", 7), ("birth_date", 20000101),
])
def test_register_wrong_json_types(stack, field, value):
    email = uemail("type")
    body = {"email": email, "password": PW, field: value}
    r = stack.post("/api/jwt/register/", json=body)
    assert r.status == 400, r
    assert isinstance(r.json(), dict) and r.json(), r
    assert_can_register(stack, email)


@pytest.mark.parametrize("body", [b"{", b'{"email": "a@example.org", ', b"not json", b"[]",
                                  b'"x"', b"5", b"\xff\xfe"])
def test_register_invalid_json(stack, body):
    r = stack.post("/api/jwt/register/", data=body, headers={"Content-Type": "application/json"})
    assert_detail_400(r)


@pytest.mark.parametrize("auth", ["Bearer garbage", "Bearer a.b.c", "Basic Zm9vOmJhcg==",
                                  "Bearer " + "x" * 300])
def test_stale_authorization_is_ignored_by_anonymous_endpoints(stack, auth):
    email = uemail("stale")
    r = stack.post("/api/jwt/register/", json={"email": email, "password": PW},
                   headers={"Authorization": auth})
    assert r.status == 201, r
    r = stack.post("/api/jwt/token/", json={"email": email, "password": PW},
                   headers={"Authorization": auth})
    assert r.status == 200, r
    t = r.json()
    r = stack.post("/api/jwt/verify/", json={"token": t["access"]}, headers={"Authorization": auth})
    assert r.status == 200, r
    r = stack.post("/api/jwt/refresh/", json={"refresh": t["refresh"]},
                   headers={"Authorization": auth})
    assert r.status == 200, r


# -- sign-in ---------------------------------------------------------------------------------------

def test_token_pair_and_claims(stack):
    email, _, uid = new_user(stack, role="teacher")
    t0 = int(time.time())
    r = signin(stack, email, PW)
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("application/json")
    t = r.json()
    assert set(t) == {"refresh", "access"}, t
    jtis = set()
    for kind, life in (("access", 1800), ("refresh", 7 * 86400)):
        header, claims = jwt_parts(t[kind])
        assert header.get("alg") == "HS256", header
        assert header.get("typ", "JWT") == "JWT", header
        assert claims["token_type"] == kind, claims
        assert claims["user_id"] == str(uid), claims
        assert claims["role"] == "teacher" and claims["email"] == email, claims
        assert isinstance(claims["iat"], int) and isinstance(claims["exp"], int), claims
        assert claims["exp"] - claims["iat"] == life, (kind, claims)
        assert t0 - 5 <= claims["iat"] <= time.time() + 5, claims
        assert re.fullmatch(r"[0-9a-f]{32}", claims["jti"]), claims
        jtis.add(claims["jti"])
    # A second sign-in: new, distinct token ids.
    t2 = tokens(stack, email)
    jtis |= {jwt_parts(t2["access"])[1]["jti"], jwt_parts(t2["refresh"])[1]["jti"]}
    assert len(jtis) == 4, jtis


@pytest.mark.parametrize("path", TOKEN_PATHS)
def test_token_aliases(stack, path):
    email, _, uid = new_user(stack)
    r = signin(stack, email, PW, path=path)
    assert r.status == 200, r
    assert set(r.json()) == {"refresh", "access"}
    assert me(stack, r.json()["access"]).json()["id"] == uid


def test_token_email_is_case_insensitive(stack):
    email, _, uid = new_user(stack)
    for variant in (email.upper(), email.capitalize(), "  " + email + "  "):
        r = signin(stack, variant, PW)
        assert r.status == 200, (variant, r)
        assert jwt_parts(r.json()["access"])[1]["email"] == email


@pytest.mark.parametrize("body,expected", [
    ({"password": "x"}, {"email": REQUIRED}),
    ({"email": "a@example.org"}, {"password": REQUIRED}),
    ({}, {"email": REQUIRED, "password": REQUIRED}),
    ({"email": "", "password": "x"}, {"email": ["This field may not be blank."]}),
])
def test_token_missing_fields(stack, body, expected):
    r = stack.post("/api/jwt/token/", json=body)
    assert r.status == 400, r
    assert r.json() == expected


def test_token_bad_credentials_exact_message(stack):
    addr = fresh_addr()
    email, _, _ = new_user(stack)
    for who, pw in ((email, "Wrong1Password"), (uemail("nobody"), PW), (email, PW.lower())):
        r = signin_from(stack, addr, who, pw)
        assert r.status == 401, r
        assert r.json() == BAD_CREDENTIALS, r
    assert signin_from(stack, addr, email, PW).status == 200


def test_throttle_per_email(stack):
    a, b = fresh_addr(), fresh_addr()
    email, _, _ = new_user(stack)
    other, _, _ = new_user(stack)
    # Five failures, some with the email in another case: they all count for the one account.
    for i, who in enumerate([email, email, email, email.upper(), " " + email.capitalize()]):
        r = signin_from(stack, a, who, f"Wrong{i}Password")
        assert r.status == 401, (i, r)
        assert r.json() == BAD_CREDENTIALS
    # The sixth attempt is refused before the password is looked at, even a right one.
    for addr, who in ((a, email), (b, email), (b, email.upper())):
        r = signin_from(stack, addr, who, PW)
        assert r.status == 429, r
        retry = r.headers.get("retry-after", "")
        assert retry.isdigit() and 0 < int(retry) <= 600, r.headers
        m = THROTTLED.match(r.json()["detail"])
        assert m, r.json()
        assert abs(int(m.group(1)) - int(retry)) <= 1, (m.group(1), retry)
    # Another account from the same address is not affected.
    assert signin_from(stack, a, other, PW).status == 200
    # The register endpoint is not a sign-in: the throttled email is still taken there.
    assert_detail_400(register(stack, email))


def test_throttle_per_address(stack):
    addr, elsewhere = fresh_addr(), fresh_addr()
    email, _, _ = new_user(stack)
    unknown = [uemail("ghost") for _ in range(10)]
    failures = [(e, k) for e in unknown for k in range(5)]   # 50, five per email
    for i, (e, k) in enumerate(failures[:49]):
        r = signin_from(stack, addr, e, f"Wrong{k}Password")
        assert r.status == 401, (i, r)
    # 49 failures from this address: a good sign-in still works (and is not counted).
    assert signin_from(stack, addr, email, PW).status == 200
    e, k = failures[49]
    assert signin_from(stack, addr, e, f"Wrong{k}Password").status == 401
    # The 50th failure blocks the address, for every account.
    r = signin_from(stack, addr, email, PW)
    assert r.status == 429, r
    assert int(r.headers["retry-after"]) > 0
    assert THROTTLED.match(r.json()["detail"]), r.json()
    # Not the account: from another address it signs in.
    assert signin_from(stack, elsewhere, email, PW).status == 200


def test_successful_signins_are_never_counted(stack):
    addr = fresh_addr()
    email, _, _ = new_user(stack)
    for i in range(10):
        r = signin_from(stack, addr, email, PW)
        assert r.status == 200, (i, r)
    for i in range(4):
        assert signin_from(stack, addr, email, f"Wrong{i}Password").status == 401
    for i in range(3):
        assert signin_from(stack, addr, email, PW).status == 200, i


# -- the profile API ---------------------------------------------------------------------------------

def test_me_profile(stack):
    email, _, uid = new_user(stack, role="teacher", first_name="Иван", last_name="Петров")
    access = tokens(stack, email)["access"]
    r = me(stack, access)
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("application/json")
    p = r.json()
    assert set(p) == PROFILE_KEYS, p
    assert p["id"] == uid and p["email"] == email and p["role"] == "teacher"
    assert (p["first_name"], p["last_name"], p["middle_name"]) == ("Иван", "Петров", "")
    assert p["phone_number"] is None and p["date_of_birth"] is None
    assert p["avatar"] == "" and p["agreed_to_marketing"] is False
    assert ISO_Z.match(p["created_at"]) and ISO_Z.match(p["updated_at"]), p
    alias = stack.get("/accounts/api/me/", headers=bearer(access))
    assert alias.status == 200 and alias.json() == p, alias


@pytest.mark.parametrize("path", ["/api/me/", "/accounts/api/me/", "/api/me"])
def test_me_without_credentials(stack, path):
    r = stack.get(path)
    assert r.status == 401, r
    assert r.json() == NOT_PROVIDED
    assert r.headers.get("www-authenticate", "").startswith("Bearer"), r.headers


def _bad_tokens(stack):
    email, _, uid = new_user(stack)
    t = tokens(stack, email)
    h, p, s = t["access"].split(".")
    _, claims = jwt_parts(t["access"])
    admin = dict(claims, role="admin")
    other = dict(claims, user_id=str(uid + 1))
    return {
        "wrong-key": jwt_sign({"alg": "HS256", "typ": "JWT"}, claims, "not-the-server-secret" * 2),
        "tampered-role": h + "." + b64e(admin) + "." + s,
        "tampered-user": h + "." + b64e(other) + "." + s,
        "alg-none": b64e({"alg": "none", "typ": "JWT"}) + "." + p + ".",
        "alg-none-unsigned": b64e({"alg": "none", "typ": "JWT"}) + "." + p,
        "no-signature": h + "." + p + ".",
        "refresh-as-access": t["refresh"],
        "garbage": "garbage",
        "three-dots": "a.b.c",
        "truncated": t["access"][:-5],
    }


BAD_TOKEN_NAMES = ["wrong-key", "tampered-role", "tampered-user", "alg-none", "alg-none-unsigned",
                   "no-signature", "refresh-as-access", "garbage", "three-dots", "truncated"]


@pytest.fixture(scope="module")
def bad_tokens(stack):
    return _bad_tokens(stack)


@pytest.mark.parametrize("name", BAD_TOKEN_NAMES)
def test_me_refuses_bad_access_tokens(stack, bad_tokens, name):
    r = stack.get("/api/me/", headers=bearer(bad_tokens[name]))
    assert r.status == 401, (name, r)
    body = r.json()
    assert body.get("code") == "token_not_valid", (name, body)
    assert isinstance(body.get("detail"), str), body


def test_me_refuses_expired_token_signed_with_the_server_key(stack):
    key = stack_secret(stack)
    email, _, uid = new_user(stack)
    now = int(time.time())
    claims = {"token_type": "access", "exp": now + 600, "iat": now, "jti": uuid.uuid4().hex,
              "user_id": str(uid), "role": "student", "email": email}
    hdr = {"alg": "HS256", "typ": "JWT"}
    # Control: forged with the server's key and a future exp, the token is accepted, so the
    # refusal below is about the expiry and nothing else.
    ok = me(stack, jwt_sign(hdr, claims, key))
    assert ok.status == 200 and ok.json()["id"] == uid, ok
    expired = dict(claims, iat=now - 4000, exp=now - 10)
    r = me(stack, jwt_sign(hdr, expired, key))
    assert r.status == 401, r
    assert r.json()["code"] == "token_not_valid", r.json()
    r = stack.post("/api/jwt/verify/", json={"token": jwt_sign(hdr, expired, key)})
    assert r.status == 401 and r.json()["code"] == "token_not_valid", r


def test_me_patch(stack):
    email, _, uid = new_user(stack)
    access = tokens(stack, email)["access"]
    before = me(stack, access).json()
    time.sleep(1.1)  # updated_at has one-second resolution at least
    avatar = "data:image/png;base64," + "A" * 1000
    r = stack.request("PATCH", "/api/me/", headers=bearer(access), json={
        "first_name": "Мария", "last_name": "Кюри", "middle_name": "Складовская",
        "avatar": avatar, "agreed_to_marketing": True, "date_of_birth": "1990-05-17",
        "email": "hijack@example.org", "role": "admin", "id": uid + 1000,
        "created_at": "2000-01-01T00:00:00Z"})
    assert r.status == 200, r
    p = r.json()
    assert set(p) == PROFILE_KEYS
    assert (p["first_name"], p["last_name"], p["middle_name"]) == ("Мария", "Кюри", "Складовская")
    assert p["avatar"] == avatar and p["agreed_to_marketing"] is True
    assert p["date_of_birth"] == "1990-05-17"
    # Read-only fields kept their values.
    assert (p["id"], p["email"], p["role"]) == (uid, email, "student"), p
    assert p["created_at"] == before["created_at"]
    assert p["updated_at"] > before["updated_at"], (before["updated_at"], p["updated_at"])
    assert me(stack, access).json() == p
    # A fresh token still says student: the role did not change.
    assert jwt_parts(tokens(stack, email)["access"])[1]["role"] == "student"

    # PATCH touches only what it is given; null clears the birth date.
    r = stack.request("PATCH", "/api/me/", headers=bearer(access),
                      json={"last_name": "", "date_of_birth": None, "agreed_to_marketing": False})
    assert r.status == 200, r
    p2 = r.json()
    assert p2["last_name"] == "" and p2["date_of_birth"] is None
    assert p2["agreed_to_marketing"] is False
    assert p2["first_name"] == "Мария" and p2["avatar"] == avatar


def test_me_put_and_alias(stack):
    email, _, _ = new_user(stack, first_name="A", last_name="B")
    access = tokens(stack, email)["access"]
    r = stack.request("PUT", "/api/me/", headers=bearer(access), json={"first_name": "Пётр"})
    assert r.status == 200, r
    assert r.json()["first_name"] == "Пётр" and r.json()["last_name"] == "B"
    r = stack.request("PATCH", "/accounts/api/me/", headers=bearer(access), json={"last_name": "Ё"})
    assert r.status == 200 and r.json()["last_name"] == "Ё", r
    r = stack.request("PUT", "/api/me/", headers=bearer(access), json={})
    assert r.status == 200 and r.json()["first_name"] == "Пётр", r


def test_me_avatar_limit(stack):
    email, _, _ = new_user(stack)
    access = tokens(stack, email)["access"]
    at_limit = "data:image/png;base64," + "B" * (512 * 1024 - 22)
    assert len(at_limit) == 512 * 1024
    r = stack.request("PATCH", "/api/me/", headers=bearer(access), json={"avatar": at_limit})
    assert r.status == 200, r
    assert me(stack, access).json()["avatar"] == at_limit
    r = stack.request("PATCH", "/api/me/", headers=bearer(access),
                      json={"avatar": at_limit + "C", "first_name": "Nope"})
    assert r.status == 400, r
    assert list(r.json()) == ["avatar"] and isinstance(r.json()["avatar"], list), r.json()
    p = me(stack, access).json()
    assert p["avatar"] == at_limit and p["first_name"] == ""


@pytest.mark.parametrize("field,value", [
    ("first_name", "x" * 151), ("last_name", "Ж" * 151), ("middle_name", "y" * 151),
    ("first_name", 5), ("last_name", ["a"]), ("avatar", 12), ("avatar", {"url": "x"}),
    ("agreed_to_marketing", "maybe"), ("agreed_to_marketing", [True]),
    ("date_of_birth", "2023-02-30"), ("date_of_birth", "x"), ("date_of_birth", 19900101),
    ("date_of_birth", (datetime.date.today() + datetime.timedelta(days=30)).isoformat()),
])
def test_me_update_bad_values_change_nothing(stack, field, value):
    email, _, _ = new_user(stack, first_name="Orig", last_name="Inal")
    access = tokens(stack, email)["access"]
    before = me(stack, access).json()
    body = {"first_name": "Changed", "last_name": "Changed", "agreed_to_marketing": True,
            "date_of_birth": "1999-09-09", field: value}
    for method in ("PATCH", "PUT"):
        r = stack.request(method, "/api/me/", headers=bearer(access), json=body)
        assert r.status == 400, (method, r)
        err = r.json()
        assert list(err) == [field], err
        assert isinstance(err[field], list) and err[field] and isinstance(err[field][0], str), err
    assert me(stack, access).json() == before


def test_me_update_invalid_json(stack):
    email, _, _ = new_user(stack)
    access = tokens(stack, email)["access"]
    before = me(stack, access).json()
    r = stack.request("PATCH", "/api/me/", data=b'{"first_name": ',
                      headers={**bearer(access), "Content-Type": "application/json"})
    assert_detail_400(r)
    assert me(stack, access).json() == before


def test_me_update_needs_authentication(stack):
    r = stack.request("PATCH", "/api/me/", json={"first_name": "x"})
    assert r.status == 401 and r.json() == NOT_PROVIDED, r


# -- change password ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/change-password/", "/accounts/api/change-password/"])
def test_change_password(stack, path):
    addr = fresh_addr()
    email, _, _ = new_user(stack)
    access = tokens(stack, email)["access"]

    r = stack.post(path, headers=bearer(access), json={"old_password": "Wrong1Password",
                                                       "new_password": PW2})
    assert_detail_400(r)
    r = stack.post(path, headers=bearer(access), json={"old_password": PW, "new_password": "weak"})
    assert_detail_400(r)
    r = stack.post(path, headers=bearer(access), json={"old_password": PW, "new_password": email})
    assert_detail_400(r)
    r = stack.post(path, headers=bearer(access), json={"old_password": PW})
    assert_detail_400(r)
    r = stack.post(path, headers=bearer(access), json={"new_password": PW2})
    assert_detail_400(r)
    # None of that changed anything.
    assert signin_from(stack, addr, email, PW).status == 200

    r = stack.post(path, headers=bearer(access), json={"old_password": PW, "new_password": PW2})
    assert r.status == 200, r
    assert isinstance(r.json().get("detail"), str), r.json()
    assert signin_from(stack, addr, email, PW2).status == 200
    r = signin_from(stack, addr, email, PW)
    assert r.status == 401 and r.json() == BAD_CREDENTIALS, r
    # Existing tokens stay valid.
    assert me(stack, access).status == 200


def test_change_password_needs_authentication(stack):
    r = stack.post("/api/change-password/", json={"old_password": PW, "new_password": PW2})
    assert r.status == 401 and r.json() == NOT_PROVIDED, r


# -- refresh, verify, logout ---------------------------------------------------------------------------

INVALID = {"detail": "Token is invalid or expired", "code": "token_not_valid"}
BLACKLISTED = {"detail": "Token is blacklisted", "code": "token_not_valid"}


def refresh(stack, token):
    return stack.post("/api/jwt/refresh/", json={"refresh": token})


def verify(stack, token):
    return stack.post("/api/jwt/verify/", json={"token": token})


def test_refresh_rotates(stack):
    email, _, uid = new_user(stack, role="teacher")
    t = tokens(stack, email)
    r = refresh(stack, t["refresh"])
    assert r.status == 200, r
    n = r.json()
    assert set(n) == {"access", "refresh"}, n
    assert n["refresh"] != t["refresh"] and n["access"] != t["access"]
    old_claims, new_claims = jwt_parts(t["refresh"])[1], jwt_parts(n["refresh"])[1]
    assert new_claims["jti"] != old_claims["jti"]
    assert new_claims["token_type"] == "refresh" and new_claims["exp"] - new_claims["iat"] == 604800
    acc = jwt_parts(n["access"])[1]
    assert acc["token_type"] == "access" and acc["exp"] - acc["iat"] == 1800
    assert (acc["user_id"], acc["role"], acc["email"]) == (str(uid), "teacher", email)
    assert me(stack, n["access"]).json()["id"] == uid
    # The rotated token is accepted once more within the 30 s grace (two tabs at once) ...
    again = refresh(stack, t["refresh"])
    assert again.status == 200, again
    assert set(again.json()) == {"access", "refresh"}
    # ... and the new one works as well.
    assert refresh(stack, n["refresh"]).status == 200


def test_refresh_refuses_non_refresh_tokens(stack, bad_tokens):
    email, _, _ = new_user(stack)
    t = tokens(stack, email)
    for tok in (t["access"], "garbage", "a.b.c", bad_tokens["wrong-key"],
                bad_tokens["alg-none"], t["refresh"][:-3]):
        r = refresh(stack, tok)
        assert r.status == 401, (tok, r)
        assert r.json() == INVALID, r
    for body in ({}, {"refresh": ""}):
        r = stack.post("/api/jwt/refresh/", json=body)
        assert r.status == 400, r
        assert "refresh" in r.json(), r.json()


def test_verify(stack, bad_tokens):
    email, _, _ = new_user(stack)
    t = tokens(stack, email)
    for tok in (t["access"], t["refresh"]):
        r = verify(stack, tok)
        assert r.status == 200, r
        assert r.json() == {}, r
    for name in ("wrong-key", "tampered-role", "alg-none", "no-signature", "garbage", "truncated"):
        r = verify(stack, bad_tokens[name])
        assert r.status == 401, (name, r)
        assert r.json() == INVALID, (name, r.json())
    r = stack.post("/api/jwt/verify/", json={})
    assert r.status == 400 and r.json() == {"token": REQUIRED}, r
    # A rotated refresh token is blacklisted: verify knows no grace.
    assert refresh(stack, t["refresh"]).status == 200
    r = verify(stack, t["refresh"])
    assert r.status == 401 and r.json()["code"] == "token_not_valid", r


def test_logout(stack):
    email, _, _ = new_user(stack)
    other, _, _ = new_user(stack)
    t, t_other = tokens(stack, email), tokens(stack, other)
    h = bearer(t["access"])

    r = stack.post("/api/jwt/logout/", json={"refresh": t["refresh"]})
    assert r.status == 401 and r.json() == NOT_PROVIDED, r
    r = stack.post("/api/jwt/logout/", headers=h, json={})
    assert r.status == 400 and r.json() == {"detail": "refresh token required"}, r
    # Someone else's refresh token: refused, and it stays valid.
    r = stack.post("/api/jwt/logout/", headers=h, json={"refresh": t_other["refresh"]})
    assert r.status == 400, r
    assert r.json()["detail"].startswith("Invalid token"), r.json()
    assert verify(stack, t_other["refresh"]).status == 200
    for tok in (t["access"], "garbage"):
        r = stack.post("/api/jwt/logout/", headers=h, json={"refresh": tok})
        assert r.status == 400 and r.json()["detail"].startswith("Invalid token"), r
    assert verify(stack, t["refresh"]).status == 200

    r = stack.post("/api/jwt/logout/", headers=h, json={"refresh": t["refresh"]})
    assert r.status == 200, r
    assert r.json() == {"detail": "Logged out (refresh token blacklisted)"}
    r = verify(stack, t["refresh"])
    assert r.status == 401 and r.json() == INVALID, r
    # Another session of the same user is not affected.
    t2 = tokens(stack, email)
    assert verify(stack, t2["refresh"]).status == 200


def test_blacklisted_refresh_is_refused_after_the_grace(stack):
    """The one slow test: waits out the 30 s grace of rotated and logged-out refresh tokens."""
    email, _, _ = new_user(stack)
    first = tokens(stack, email)
    rotated = refresh(stack, first["refresh"])
    assert rotated.status == 200, rotated
    second = tokens(stack, email)
    r = stack.post("/api/jwt/logout/", headers=bearer(second["access"]),
                   json={"refresh": second["refresh"]})
    assert r.status == 200, r
    mark_logout = time.monotonic()

    time.sleep(max(0.0, mark_logout + 31.5 - time.monotonic()))
    for tok in (first["refresh"], second["refresh"]):
        r = refresh(stack, tok)
        assert r.status == 401, r
        assert r.json() == BLACKLISTED, r.json()
    # The token that came out of the rotation was never used: it still works.
    assert refresh(stack, rotated.json()["refresh"]).status == 200


# -- tpanel user ---------------------------------------------------------------------------------

def test_cli_create_admin_and_set_password(stack):
    addr = fresh_addr()
    raw = "Admin-" + uuid.uuid4().hex[:10] + "@Example.org"
    email = raw.lower()
    p = tpanel(stack, "user", "create", "--email", raw, "--role", "admin", input=PW + "\n")
    assert p.returncode == 0, (p.stdout, p.stderr)
    t = tokens(stack, email)
    assert jwt_parts(t["access"])[1]["role"] == "admin"
    prof = me(stack, t["access"]).json()
    assert prof["role"] == "admin" and prof["email"] == email, prof

    p = tpanel(stack, "user", "set-password", "--email", email, input=PW2 + "\nignored\n")
    assert p.returncode == 0, (p.stdout, p.stderr)
    assert signin_from(stack, addr, email, PW2).status == 200
    assert signin_from(stack, addr, email, PW).status == 401

    # set-password follows the policy too, and changes nothing when refused.
    p = tpanel(stack, "user", "set-password", "--email", email, input="weak\n")
    assert p.returncode != 0, (p.stdout, p.stderr)
    assert signin_from(stack, addr, email, PW2).status == 200
    # The same email again: refused.
    p = tpanel(stack, "user", "create", "--email", email.upper(), "--role", "teacher",
               input=PW + "\n")
    assert p.returncode != 0, (p.stdout, p.stderr)


@pytest.mark.parametrize("password", ["short1A", "alllower1", "NoDigitsHere", ""])
def test_cli_create_refuses_weak_password(stack, password):
    email = uemail("cliweak")
    p = tpanel(stack, "user", "create", "--email", email, "--role", "admin", input=password + "\n")
    assert p.returncode != 0, (p.stdout, p.stderr)
    # Nothing was created: the email is still free.
    p = tpanel(stack, "user", "create", "--email", email, "--role", "admin", input=PW + "\n")
    assert p.returncode == 0, (p.stdout, p.stderr)


def test_cli_create_refuses_bad_role_and_email(stack):
    p = tpanel(stack, "user", "create", "--email", uemail("cli"), "--role", "root", input=PW + "\n")
    assert p.returncode != 0
    p = tpanel(stack, "user", "create", "--email", "not-an-email", "--role", "admin",
               input=PW + "\n")
    assert p.returncode != 0
    p = tpanel(stack, "user", "set-password", "--email", uemail("nobody"), input=PW + "\n")
    assert p.returncode != 0
