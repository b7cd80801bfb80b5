"""The server-rendered account pages through nginx: sign-in, registration, sign-out, profile,
CSRF protection, redirects by role, and HTML escaping of what users type."""

import html
import re
import subprocess
import urllib.parse
import uuid

import pytest

from conftest import REPO

PW = "Teach1ngPanel"
XSS_FIRST = "<script>alert(1)</script>"
XSS_LAST = '"><img src=x onerror=alert(1)>'
APP_JS = '<script src="/static/app.js" defer></script>'


def uemail(tag="p"):
    return f"{tag}-{uuid.uuid4().hex[:12]}@example.org"


def parse_set_cookie(value):
    """'name=value; Attr; K=V' -> (name, value, {attr-lower: value-or-True})."""
    parts = [p.strip() for p in value.split(";")]
    name, _, val = parts[0].partition("=")
    attrs = {}
    for p in parts[1:]:
        k, sep, v = p.partition("=")
        attrs[k.strip().lower()] = v.strip() if sep else True
    return name.strip(), val.strip(), attrs


def set_cookies(r):
    """The response's Set-Cookie headers as {name: (value, attrs)}."""
    out = {}
    for k, v in r.headers.pairs:
        if k.lower() == "set-cookie":
            name, val, attrs = parse_set_cookie(v)
            out[name] = (val, attrs)
    return out


def expired(attrs):
    return attrs.get("max-age") == "0" or "1970" in str(attrs.get("expires", ""))


class Client:
    """A cookie-keeping client that does not follow redirects."""

    def __init__(self, stack):
        self.stack = stack
        self.cookies = {}

    def request(self, method, path, data=None, headers=None, body=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        r = self.stack.request(method, path, data=data, headers=h, body=body)
        for name, (val, attrs) in set_cookies(r).items():
            if expired(attrs) or val == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, data, **kw):
        return self.request("POST", path, data=data, **kw)


CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*>')


def csrf_of(r):
    m = CSRF_INPUT.search(r.text)
    assert m, ("no csrf_token input in the page", r)
    tag = m.group(0)
    assert 'type="hidden"' in tag, tag
    v = re.search(r'\bvalue="([^"]+)"', tag)
    assert v and len(v.group(1)) >= 16, tag
    return v.group(1)


def assert_html(r, status):
    assert r.status == status, r
    ctype = r.headers.get("content-type", "").lower().replace(" ", "")
    assert ctype.startswith("text/html") and "charset=utf-8" in ctype, r.headers
    assert b"<html" in r.body.lower(), r
    r.body.decode("utf-8")


def location(r):
    return r.headers.get("location", "")


def path_of(loc):
    """A Location's path and query, whether it is absolute or relative."""
    u = urllib.parse.urlsplit(loc)
    return u.path + ("?" + u.query if u.query else "")


def api_register(stack, email, password=PW, **fields):
    r = stack.post("/api/jwt/register/", json={"email": email, "password": password, **fields})
    return r


def new_user(stack, role="student", **fields):
    email = uemail(role[0])
    r = api_register(stack, email, role=role, **fields)
    assert r.status == 201, r
    return email


def page_signin(client, email, password=PW, next=None):
    token = csrf_of(client.get("/login"))
    data = {"email": email, "password": password, "csrf_token": token}
    if next is not None:
        data["next"] = next
    return client.post("/login", data)


def signed_in(stack, role="student", **fields):
    email = new_user(stack, role, **fields)
    c = Client(stack)
    r = page_signin(c, email)
    assert r.status == 303, r
    assert "tp_session" in c.cookies
    return c, email


def api_profile(stack, email):
    t = stack.post("/api/jwt/token/", json={"email": email, "password": PW})
    assert t.status == 200, t
    return stack.get("/api/me/", headers={"Authorization": "Bearer " + t.json()["access"]}).json()


# -- forms and CSRF ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path,fields", [
    ("/login", ["email", "password"]),
    ("/register", ["email", "password", "password2", "first_name", "last_name", "role"]),
])
def test_form_pages_carry_csrf(stack, path, fields):
    c = Client(stack)
    r = c.get(path)
    assert_html(r, 200)
    token = csrf_of(r)
    cookies = set_cookies(r)
    assert "tp_csrf" in cookies, r.headers
    _, attrs = cookies["tp_csrf"]
    assert attrs.get("httponly") is True and attrs.get("samesite", "").lower() == "lax", attrs
    assert f'action="{path}"' in r.text
    for f in fields:
        assert f'name="{f}"' in r.text, f
    # The token is stable for the same tp_csrf cookie, and differs for another visitor.
    assert csrf_of(c.get(path)) == token
    assert csrf_of(Client(stack).get(path)) != token


def test_login_without_or_with_wrong_csrf_is_403(stack):
    email = new_user(stack)
    c = Client(stack)
    good = csrf_of(c.get("/login"))
    for data in ({"email": email, "password": PW},
                 {"email": email, "password": PW, "csrf_token": ""},
                 {"email": email, "password": PW, "csrf_token": "0" * len(good)},
                 {"email": email, "password": PW, "csrf_token": good[:-1]}):
        r = c.post("/login", data)
        assert r.status == 403, (data, r)
        assert "tp_session" not in set_cookies(r), r.headers
        assert "tp_session" not in c.cookies
    # A valid token from one visitor, sent with another visitor's cookie (or none): 403.
    other = Client(stack)
    other.get("/login")
    r = other.post("/login", {"email": email, "password": PW, "csrf_token": good})
    assert r.status == 403, r
    bare = Client(stack)
    r = bare.post("/login", {"email": email, "password": PW, "csrf_token": good})
    assert r.status == 403, r
    assert "tp_session" not in other.cookies and "tp_session" not in bare.cookies
    # And the right pair signs in.
    r = c.post("/login", {"email": email, "password": PW, "csrf_token": good})
    assert r.status == 303, r


@pytest.mark.parametrize("role,dashboard", [("student", "/student/"), ("teacher", "/teacher/")])
def test_login_redirects_by_role_and_sets_session(stack, role, dashboard):
    email = new_user(stack, role, first_name="Ольга", last_name="Смирнова")
    c = Client(stack)
    r = page_signin(c, email.upper())
    assert r.status == 303, r
    assert path_of(location(r)) == dashboard
    cookies = set_cookies(r)
    assert "tp_session" in cookies, r.headers
    val, attrs = cookies["tp_session"]
    assert len(val) >= 32, val
    assert attrs.get("httponly") is True, attrs
    assert attrs.get("samesite", "").lower() == "lax", attrs
    assert attrs.get("path") == "/", attrs
    d = c.get(dashboard)
    assert_html(d, 200)
    assert "Смирнова" in d.text and "Ольга" in d.text
    assert "Выйти" in d.text
    # Signed in: / and /login lead to the dashboard.
    for p in ("/", "/login"):
        r = c.get(p)
        assert r.status == 303 and path_of(location(r)) == dashboard, (p, r)


def test_login_admin_made_with_cli(stack):
    email = uemail("adm")
    p = subprocess.run([str(REPO / "tpanel"), "-c", str(stack.dir / "tpanel.conf"), "user",
                        "create", "--email", email, "--role", "admin"], input=PW + "\n",
                       env=stack.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    c = Client(stack)
    r = page_signin(c, email)
    assert r.status == 303 and path_of(location(r)) == "/admin/", r
    assert_html(c.get("/admin/"), 200)
    assert c.get("/").status == 303 and path_of(location(c.get("/"))) == "/admin/"


@pytest.mark.parametrize("next_,expected", [
    ("/profile", "/profile"),
    ("/profile?tab=password", "/profile?tab=password"),
    ("//evil.com", "/student/"),
    ("//evil.com/profile", "/student/"),
    ("https://evil.com/", "/student/"),
    ("/\\evil.com", "/student/"),
    ("evil.com", "/student/"),
    ("", "/student/"),
])
def test_login_next(stack, next_, expected):
    email = new_user(stack)
    c = Client(stack)
    r = page_signin(c, email, next=next_)
    assert r.status == 303, r
    loc = location(r)
    assert "evil" not in urllib.parse.urlsplit(loc).netloc, loc
    assert path_of(loc) == expected, loc


def test_protected_page_redirects_to_login_and_back(stack):
    email = new_user(stack)
    c = Client(stack)
    r = c.get("/profile")
    assert r.status == 303, r
    assert path_of(location(r)) == "/login?next=%2Fprofile"
    page = c.get("/login?next=%2Fprofile")
    assert_html(page, 200)
    assert re.search(r'<input[^>]*name="next"[^>]*value="/profile"', page.text), page.text
    r = c.post("/login", {"email": email, "password": PW, "csrf_token": csrf_of(page),
                          "next": "/profile"})
    assert r.status == 303 and path_of(location(r)) == "/profile", r
    assert_html(c.get("/profile"), 200)
    # The dashboards too.
    for p in ("/student/", "/teacher/", "/admin/"):
        r = Client(stack).get(p)
        assert r.status == 303, (p, r)
        assert path_of(location(r)) == "/login?next=" + urllib.parse.quote(p, safe=""), (p, r)


def test_login_wrong_password_is_401_page(stack):
    email = new_user(stack)
    c = Client(stack)
    r = page_signin(c, email, password="Wrong1Password")
    assert_html(r, 401)
    assert "Неверн" in r.text, r.text
    assert "tp_session" not in set_cookies(r) and "tp_session" not in c.cookies
    # The form is shown again, with the email kept and a fresh usable token.
    assert f'value="{email}"' in r.text
    r = c.post("/login", {"email": email, "password": PW, "csrf_token": csrf_of(r)})
    assert r.status == 303, r


def test_login_empty_fields_is_400_page(stack):
    c = Client(stack)
    token = csrf_of(c.get("/login"))
    r = c.post("/login", {"email": "", "password": "", "csrf_token": token})
    assert_html(r, 400)
    assert "tp_session" not in c.cookies


# -- role checks -------------------------------------------------------------------------------------

@pytest.mark.parametrize("role,forbidden", [
    ("student", "/teacher/"), ("student", "/admin/"), ("teacher", "/student/"),
    ("teacher", "/admin/"),
])
def test_dashboard_of_another_role_is_403_page(stack, role, forbidden):
    c, _ = signed_in(stack, role)
    r = c.get(forbidden)
    assert_html(r, 403)
    assert "tp_session" in c.cookies  # still signed in
    assert c.get("/profile").status == 200


# -- registration ------------------------------------------------------------------------------------

def reg_form(client, **over):
    token = csrf_of(client.get("/register"))
    data = {"email": uemail("reg"), "password": PW, "password2": PW, "first_name": "Сергей",
            "last_name": "Орлов", "role": "student", "csrf_token": token}
    data.update(over)
    return data


@pytest.mark.parametrize("role,dashboard", [("student", "/student/"), ("teacher", "/teacher/")])
def test_register_page_signs_in(stack, role, dashboard):
    c = Client(stack)
    data = reg_form(c, role=role, email="  " + uemail("reg").upper() + " ")
    r = c.post("/register", data)
    assert r.status == 303, r
    assert path_of(location(r)) == dashboard
    val, attrs = set_cookies(r)["tp_session"]
    assert attrs.get("httponly") is True and attrs.get("samesite", "").lower() == "lax"
    d = c.get(dashboard)
    assert_html(d, 200)
    assert "Орлов" in d.text and "Сергей" in d.text
    p = api_profile(stack, data["email"].strip().lower())
    assert (p["role"], p["first_name"], p["last_name"]) == (role, "Сергей", "Орлов")


def assert_register_refused(stack, c, data, status=400):
    r = c.post("/register", data)
    assert_html(r, status)
    assert "tp_session" not in set_cookies(r) and "tp_session" not in c.cookies
    return r


def assert_email_free(stack, email):
    assert api_register(stack, email).status == 201, "a refused registration created the account"


def test_register_page_password_mismatch(stack):
    c = Client(stack)
    data = reg_form(c, password2=PW + "x")
    r = assert_register_refused(stack, c, data)
    assert "совпада" in r.text, r.text
    assert 'class="field-error"' in r.text
    # What was typed is kept (but never the passwords).
    assert f'value="{data["email"]}"' in r.text and 'value="Сергей"' in r.text
    assert PW not in r.text
    assert_email_free(stack, data["email"])


@pytest.mark.parametrize("password", ["short1A", "nouppercase1", "NOLOWERCASE1", "NoDigitsHere"])
def test_register_page_weak_password_shows_the_api_message(stack, password):
    api = api_register(stack, uemail("weakapi"), password=password)
    assert api.status == 400, api
    message = api.json()["detail"]
    c = Client(stack)
    data = reg_form(c, password=password, password2=password)
    r = assert_register_refused(stack, c, data)
    assert html.escape(message, quote=False) in r.text, (message, r.text)
    assert_email_free(stack, data["email"])


def test_register_page_duplicate_email(stack):
    email = new_user(stack)
    api = api_register(stack, email)
    assert api.status == 400
    c = Client(stack)
    r = assert_register_refused(stack, c, reg_form(c, email=email.upper()))
    assert html.escape(api.json()["detail"], quote=False) in r.text, r.text
    # The form can be sent again with the token it carries.
    r = c.post("/register", reg_form(c, csrf_token=csrf_of(r)))
    assert r.status == 303, r


@pytest.mark.parametrize("over", [
    {"role": "admin"}, {"role": "superuser"}, {"email": "not-an-email"},
    {"first_name": "x" * 151}, {"last_name": "Ж" * 151},
])
def test_register_page_other_validation(stack, over):
    c = Client(stack)
    data = reg_form(c, **over)
    assert_register_refused(stack, c, data)
    if "@" in data["email"]:
        assert_email_free(stack, data["email"])


def test_register_page_needs_csrf(stack):
    c = Client(stack)
    data = reg_form(c)
    del data["csrf_token"]
    r = c.post("/register", data)
    assert r.status == 403, r
    assert "tp_session" not in c.cookies
    r = c.post("/register", dict(data, csrf_token="f" * 40))
    assert r.status == 403, r
    assert_email_free(stack, data["email"])


# -- profile -----------------------------------------------------------------------------------------

def test_profile_page_shows_and_saves(stack):
    c, email = signed_in(stack, "teacher", first_name="Лев", last_name="Толстой")
    r = c.get("/profile")
    assert_html(r, 200)
    assert email in r.text and 'value="Лев"' in r.text and 'value="Толстой"' in r.text
    token = csrf_of(r)
    r = c.post("/profile", {"csrf_token": token, "first_name": "Фёдор", "last_name": "Достоевский",
                            "middle_name": "Михайлович", "date_of_birth": "1990-11-11"})
    assert_html(r, 200)
    assert 'value="Фёдор"' in r.text and 'value="Достоевский"' in r.text
    p = api_profile(stack, email)
    assert (p["first_name"], p["last_name"], p["middle_name"], p["date_of_birth"]) == \
        ("Фёдор", "Достоевский", "Михайлович", "1990-11-11"), p
    assert p["role"] == "teacher" and p["email"] == email
    d = c.get("/teacher/")
    assert "Достоевский" in d.text and "Фёдор" in d.text


def test_profile_post_needs_csrf_and_valid_values(stack):
    c, email = signed_in(stack, first_name="Иван", last_name="Бунин")
    token = csrf_of(c.get("/profile"))
    base = {"first_name": "Хакер", "last_name": "Хакеров", "middle_name": ""}
    for data in (base, dict(base, csrf_token="0" * len(token))):
        r = c.post("/profile", data)
        assert r.status == 403, r
    # A token of an anonymous form is not valid for a signed-in one.
    anon = csrf_of(Client(stack).get("/login"))
    assert c.post("/profile", dict(base, csrf_token=anon)).status == 403
    for bad in ({"first_name": "x" * 151}, {"date_of_birth": "2023-02-30"}):
        r = c.post("/profile", dict(base, csrf_token=token, **bad))
        assert_html(r, 400)
        assert 'class="field-error"' in r.text
    p = api_profile(stack, email)
    assert (p["first_name"], p["last_name"]) == ("Иван", "Бунин"), p


# -- sign-out ------------------------------------------------------------------------------------------

def test_logout(stack):
    c, email = signed_in(stack)
    old_session = c.cookies["tp_session"]
    page = c.get("/student/")
    token = csrf_of(page)  # the nav's sign-out form
    assert re.search(r'<form[^>]*action="/logout"', page.text)

    # Without the token: refused, still signed in.
    r = c.post("/logout", {})
    assert r.status == 403, r
    assert c.get("/profile").status == 200

    r = c.post("/logout", {"csrf_token": token})
    assert r.status == 303, r
    assert path_of(location(r)) == "/login"
    val, attrs = set_cookies(r)["tp_session"]
    assert expired(attrs), attrs
    assert "tp_session" not in c.cookies
    r = c.get("/profile")
    assert r.status == 303 and path_of(location(r)) == "/login?next=%2Fprofile", r

    # The old cookie is dead on the server, not just in this client.
    replay = Client(stack)
    replay.cookies["tp_session"] = old_session
    r = replay.get("/profile")
    assert r.status == 303, r
    assert path_of(location(r)) == "/login?next=%2Fprofile"
    r = replay.get("/")
    assert r.status == 200, r  # the sign-in page again
    # Signing in again works.
    assert page_signin(c, email).status == 303
    assert c.get("/profile").status == 200


def test_forged_session_cookies_are_ignored(stack):
    for val in ("0" * 64, "x", "a" * 65, "'; DROP TABLE users; --"):
        c = Client(stack)
        c.cookies["tp_session"] = val
        r = c.get("/profile")
        assert r.status == 303 and path_of(location(r)) == "/login?next=%2Fprofile", (val, r)


# -- escaping ----------------------------------------------------------------------------------------

def assert_escaped(text):
    """The names are shown (they appear once entities are decoded), but never as markup."""
    text = text.replace(APP_JS, "", 1)  # the layout's one script, from a file
    assert XSS_FIRST not in text and "<script" not in text.lower()
    assert XSS_LAST not in text and "<img" not in text.lower()
    shown = html.unescape(text)
    assert XSS_FIRST in shown and XSS_LAST in shown, text
    assert "&lt;script&gt;" in text, text


def test_names_are_html_escaped(stack):
    c = Client(stack)
    data = reg_form(c, first_name=XSS_FIRST, last_name=XSS_LAST)
    r = c.post("/register", data)
    assert r.status == 303, r
    d = c.get(path_of(location(r)))
    assert_html(d, 200)
    assert_escaped(d.text)
    nav = d.text[d.text.lower().find("<nav"):d.text.lower().find("</nav>")]
    assert "&lt;script&gt;" in nav, nav  # the nav shows the user's name, escaped
    prof = c.get("/profile")
    assert_html(prof, 200)
    assert_escaped(prof.text)
    # Stored verbatim: escaping is the page's job, not the database's.
    p = api_profile(stack, data["email"])
    assert (p["first_name"], p["last_name"]) == (XSS_FIRST, XSS_LAST)


def test_echoed_form_values_are_escaped(stack):
    c = Client(stack)
    r = c.post("/register", reg_form(c, first_name=XSS_FIRST, last_name=XSS_LAST,
                                     password2="mismatch"))
    assert_html(r, 400)
    assert_escaped(r.text)
    r = c.post("/login", {"email": XSS_LAST, "password": "Whatever1",
                          "csrf_token": csrf_of(c.get("/login"))})
    assert r.status in (400, 401), r
    assert XSS_LAST not in r.text and "<img" not in r.text.lower()


def test_a_multipart_body_is_no_way_around_a_forms_csrf_check(stack):
    """Only forms that post a file (routes flagged upload) read their CSRF token from a
    multipart body; any other form posted as multipart/form-data, token and all, is refused and
    changes nothing."""
    c, email = signed_in(stack, first_name="Иван", last_name="Бунин")
    token = csrf_of(c.get("/profile"))
    b = "----tp" + uuid.uuid4().hex
    body = "".join(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                   for k, v in (("csrf_token", token), ("first_name", "Хакер"),
                                ("last_name", "Хакеров"))) + f"--{b}--\r\n"
    r = c.request("POST", "/profile", body=body.encode(),
                  headers={"Content-Type": f"multipart/form-data; boundary={b}"})
    assert_html(r, 403)
    p = api_profile(stack, email)
    assert (p["first_name"], p["last_name"]) == ("Иван", "Бунин"), p
