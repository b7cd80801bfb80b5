"""Admin pages and the audit log: users (search, role, activation, password reset), every
change recorded with who, what, when and from where; other roles kept out."""

import re
import uuid

from test_accounts import tpanel
from test_pages import PW, Client, assert_html, csrf_of, new_user, page_signin, signed_in

ADMIN_PW = "Adm1nPassword"


def admin_client(stack):
    email = f"admin-{uuid.uuid4().hex[:10]}@example.org"
    p = tpanel(stack, "user", "create", "--email", email, "--role", "admin", input=ADMIN_PW + "\n")
    assert p.returncode == 0, p.stderr
    c = Client(stack)
    assert page_signin(c, email, ADMIN_PW).status == 303
    return c, email


def admin_token(stack, email):
    r = stack.post("/api/jwt/token/", json={"email": email, "password": ADMIN_PW})
    assert r.status == 200, r
    return {"Authorization": "Bearer " + r.json()["access"]}


def user_id(stack, email, password=PW):
    r = stack.post("/api/jwt/token/", json={"email": email, "password": password})
    assert r.status == 200, r
    return stack.get("/api/me/", headers={"Authorization": "Bearer " + r.json()["access"]}).json()["id"]


def test_search_finds_by_email_and_escapes(stack):
    admin, _ = admin_client(stack)
    tag = uuid.uuid4().hex[:8]
    email = new_user(stack, "student", first_name=f"<b>{tag}</b>")
    r = admin.get(f"/admin/users?q={tag}")
    assert_html(r, 200)
    assert f"&lt;b&gt;{tag}&lt;/b&gt;" in r.text and f"<b>{tag}</b>" not in r.text
    # LIKE's wildcards are searched as text, not as patterns.
    r = admin.get("/admin/users?q=%25%25%25no-such")
    assert_html(r, 200)
    assert "Найдено: 0" in r.text
    assert email.split("@")[0] not in admin.get("/admin/users?q=zz" + tag).text


def test_role_change_is_audited_and_applies(stack):
    admin, admin_email = admin_client(stack)
    email = new_user(stack, "student")
    uid = user_id(stack, email)
    page = admin.get("/admin/users?q=" + email)
    r = admin.post(f"/admin/users/{uid}/role", {"role": "teacher", "csrf_token": csrf_of(page)})
    assert_html(r, 200)
    assert "Роль изменена" in r.text
    t = stack.post("/api/jwt/token/", json={"email": email, "password": PW}).json()["access"]
    import base64, json
    claims = json.loads(base64.urlsafe_b64decode(t.split(".")[1] + "=="))
    assert claims["role"] == "teacher"
    log = stack.get(f"/api/audit-log/?action=user_role_change&user={user_id(stack, admin_email, ADMIN_PW)}",
                    headers=admin_token(stack, admin_email))
    assert log.status == 200, log
    rows = [x for x in log.json()["results"] if x["resource_id"] == uid]
    assert len(rows) == 1
    assert rows[0]["details"] == {"email": email, "field": "role", "from": "student", "to": "teacher"}
    assert rows[0]["user_email"] == admin_email and rows[0]["ip_address"] == "127.0.0.1"
    assert rows[0]["timestamp"].endswith("Z")
    # A bad role changes nothing.
    r = admin.post(f"/admin/users/{uid}/role", {"role": "root", "csrf_token": csrf_of(page)})
    assert r.status == 400


def test_deactivation_signs_the_user_out(stack):
    admin, _ = admin_client(stack)
    student, email = signed_in(stack, "student")
    uid = user_id(stack, email)
    assert student.get("/profile").status == 200
    page = admin.get("/admin/users?q=" + email)
    assert admin.post(f"/admin/users/{uid}/active", {"active": "0", "csrf_token": csrf_of(page)}).status == 200
    assert student.get("/profile").status == 303  # the session is gone
    assert stack.post("/api/jwt/token/", json={"email": email, "password": PW}).status == 401
    assert admin.post(f"/admin/users/{uid}/active", {"active": "1", "csrf_token": csrf_of(page)}).status == 200
    assert stack.post("/api/jwt/token/", json={"email": email, "password": PW}).status == 200


def test_password_reset_shows_a_working_password_once(stack):
    admin, _ = admin_client(stack)
    email = new_user(stack, "teacher")
    uid = user_id(stack, email)
    page = admin.get("/admin/users?q=" + email)
    r = admin.post(f"/admin/users/{uid}/password", {"csrf_token": csrf_of(page)})
    assert_html(r, 200)
    m = re.search(r"временный пароль: ([A-Za-z0-9]{14})", r.text)
    assert m, r.text[:2000]
    assert stack.post("/api/jwt/token/", json={"email": email, "password": PW}).status == 401
    assert stack.post("/api/jwt/token/", json={"email": email, "password": m.group(1)}).status == 200
    assert m.group(1) not in admin.get("/admin/users?q=" + email).text


def test_admin_cannot_change_themselves(stack):
    admin, email = admin_client(stack)
    uid = user_id(stack, email, ADMIN_PW)
    page = admin.get("/admin/users")
    r = admin.post(f"/admin/users/{uid}/role", {"role": "student", "csrf_token": csrf_of(page)})
    assert r.status == 400
    r = admin.post(f"/admin/users/{uid}/active", {"active": "0", "csrf_token": csrf_of(page)})
    assert r.status == 400
    assert admin.get("/admin/users").status == 200


def test_others_are_kept_out(stack):
    teacher, _ = signed_in(stack, "teacher")
    for path in ("/admin/users", "/admin/audit"):
        assert teacher.get(path).status == 403
        assert Client(stack).get(path).status == 303  # to sign in
    page = teacher.get("/profile")
    assert teacher.post("/admin/users/1/role", {"role": "admin", "csrf_token": csrf_of(page)}).status == 403
    r = stack.post("/api/jwt/token/", json={"email": new_user(stack, "teacher"), "password": PW})
    assert stack.get("/api/audit-log/", headers={"Authorization": "Bearer " + r.json()["access"]}).status == 403
    assert stack.get("/api/audit-log/").status == 401


def test_forms_need_their_csrf_token(stack):
    admin, _ = admin_client(stack)
    email = new_user(stack, "student")
    uid = user_id(stack, email)
    assert admin.post(f"/admin/users/{uid}/role", {"role": "teacher"}).status == 403
    assert admin.post(f"/admin/users/{uid}/password", {"csrf_token": "x" * 40}).status == 403


def test_audit_log_filters(stack):
    admin, email = admin_client(stack)
    h = admin_token(stack, email)
    assert stack.get("/api/audit-log/?since=yesterday", headers=h).status == 400
    assert stack.get("/api/audit-log/?user=abc", headers=h).status == 400
    r = stack.get("/api/audit-log/?since=2999-01-01", headers=h)
    assert r.status == 200 and r.json()["count"] == 0
    r = admin.get("/admin/audit?action=user_password_reset")
    assert_html(r, 200)
