"""The group and invite-code pages through nginx: a teacher's groups (/groups, /groups/{id} and its
forms), individual codes (/invites), a student joining by code (/join), the dashboard's old
invitation links, CSRF, who may see what, and HTML escaping of what users type.

Requests that look codes up go out from their own loopback address, so the per-address guessing
throttle they feed is theirs alone."""

import html
import http.client
import itertools
import re
import urllib.parse
import uuid

import pytest

from conftest import Response, approve_teacher
from test_pages import PW, assert_html, csrf_of, expired, location, path_of, set_cookies

XSS = '<script>alert("x")</script>'

_addrs = itertools.count(1)


def fresh_addr():
    n = next(_addrs)
    return f"127.78.{n // 250}.{n % 250 + 1}"


class Client:
    """A cookie-keeping browser stand-in from its own source address; never follows redirects."""

    def __init__(self, stack, addr=None):
        self.stack = stack
        self.addr = addr or fresh_addr()
        self.cookies = {}

    def request(self, method, path, data=None):
        h = {}
        body = None
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(self.stack.host, self.stack.port, timeout=20,
                                          source_address=(self.addr, 0))
        try:
            conn.request(method, path, body=body, headers=h)
            x = conn.getresponse()
            r = Response(x.status, x.reason, x.getheaders(), x.read())
        finally:
            conn.close()
        for name, (val, attrs) in set_cookies(r).items():
            if expired(attrs) or val == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val
        return r

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)

    def form(self, page_path, action, fields):
        """POST fields to action with the CSRF token of page_path's forms."""
        return self.post(action, {**fields, "csrf_token": csrf_of(self.get(page_path))})


def uemail(tag):
    return f"{tag}-{uuid.uuid4().hex[:12]}@example.org"


def register(stack, role, first="", last=""):
    email = uemail(role[0])
    r = stack.post("/api/jwt/register/", json={"email": email, "password": PW, "role": role,
                                               "first_name": first, "last_name": last})
    assert r.status == 201, r
    if role == "teacher":
        approve_teacher(stack, r.json()["user_id"])
    return email


def signed_in(stack, role, first="", last=""):
    email = register(stack, role, first, last)
    c = Client(stack)
    token = csrf_of(c.get("/login"))
    r = c.post("/login", {"email": email, "password": PW, "csrf_token": token})
    assert r.status == 303, r
    c.email = email
    return c


def teacher(stack, first="Мария", last="Иванова"):
    return signed_in(stack, "teacher", first, last)


def student(stack, first="Пётр", last="Петров"):
    return signed_in(stack, "student", first, last)


def new_group(t, name="10А", description=""):
    r = t.form("/groups", "/groups", {"name": name, "description": description})
    assert r.status == 303, r
    m = re.fullmatch(r"/groups/(\d+)\?done=created", path_of(location(r)))
    assert m, location(r)
    return int(m.group(1))


def main_html(r):
    """The page's <main>, where the handlers' output goes (the nav and layout are elsewhere)."""
    m = re.search(r"<main[^>]*>(.*)</main>", r.text, re.S)
    assert m, r
    return m.group(1)


def group_code(t, gid):
    r = t.get(f"/groups/{gid}")
    assert_html(r, 200)
    m = re.search(r'<span class="invite-code">([A-Z0-9]{8})</span>', r.text)
    assert m, r.text
    return m.group(1)


def copies(r):
    """The data-copy values of a page, unescaped."""
    return [html.unescape(v) for v in re.findall(r'data-copy="([^"]*)"', r.text)]


def members(t, gid):
    r = t.get(f"/groups/{gid}")
    assert_html(r, 200)
    return [html.unescape(e) for e in
            re.findall(r"<td>([^<]*@example\.org)</td>", r.text)]


def new_icode(t, subject="Математика", **fields):
    r = t.form("/invites", "/invites", {"subject": subject, **fields})
    assert r.status == 303 and path_of(location(r)) == "/invites?done=created", r
    # The newest code is the first of the active list.
    m = re.search(r'<span class="invite-code small">([A-Z0-9]{8})</span>', t.get("/invites").text)
    assert m
    return m.group(1)


def icode_id(t, code):
    page = t.get("/invites").text
    i = page.index(code)
    m = re.search(r'action="/invites/(\d+)/(?:code|delete)"', page[i:])
    assert m, page[i:i + 2000]
    return int(m.group(1))


def counts(t):
    r = t.get("/invites")
    assert_html(r, 200)
    nums = re.findall(r"<li><strong>(\d+)</strong> (активных|использованных|всего)</li>", r.text)
    return {k: int(v) for v, k in nums}


def join(s, code):
    return s.form("/join", "/join", {"code": code})


def flash(r):
    m = re.search(r'<div class="flash flash-(\w+)"[^>]*>([^<]*)</div>', r.text)
    return (m.group(1), html.unescape(m.group(2))) if m else None


def form_error(r):
    m = re.search(r'class="form-error"[^>]*>([^<]*)<', r.text)
    return html.unescape(m.group(1)) if m else None


def error_field(r):
    """The name of the form field the (first) field error stands beside."""
    i = r.text.index('class="field-error"')
    return re.findall(r'name="([^"]+)"', r.text[:i])[-1]


def field_error(r):
    m = re.search(r'class="field-error">([^<]*)<', r.text)
    return html.unescape(m.group(1)) if m else None


# -- who may see what ------------------------------------------------------------------------------

def test_student_on_teacher_pages_is_403_and_teacher_on_join_is_403(stack):
    s, t = student(stack), teacher(stack)
    gid = new_group(t)
    for path in ("/groups", f"/groups/{gid}", "/invites"):
        assert_html(s.get(path), 403)
    token = csrf_of(s.get("/student/"))
    for path in ("/groups", f"/groups/{gid}/delete", "/invites"):
        assert s.post(path, {"csrf_token": token, "name": "x", "subject": "x"}).status == 403
    assert_html(t.get("/join"), 403)
    assert_html(t.get("/join?code=" + group_code(t, gid)), 403)
    assert t.form("/groups", "/join", {"code": group_code(t, gid)}).status == 403
    assert len(members(t, gid)) == 0


def test_anonymous_is_sent_to_sign_in_and_back_with_the_code(stack):
    c = Client(stack)
    for path in ("/groups", "/groups/1", "/invites", "/join"):
        r = c.get(path)
        assert r.status == 303 and path_of(location(r)).startswith("/login?next="), (path, r)
    r = c.get("/join?code=ABCD2345")
    assert path_of(location(r)) == "/login?next=" + urllib.parse.quote("/join?code=ABCD2345", safe="")
    # The invitation link survives signing in.
    email = register(stack, "student")
    page = c.get(path_of(location(r)))
    assert re.search(r'name="next" value="/join\?code&#61;ABCD2345"', page.text), page.text
    r = c.post("/login", {"email": email, "password": PW, "csrf_token": csrf_of(page),
                          "next": "/join?code=ABCD2345"})
    assert r.status == 303 and path_of(location(r)) == "/join?code=ABCD2345", r


def test_another_teachers_group_is_404_and_unchanged(stack):
    owner, other, s = teacher(stack), teacher(stack), student(stack)
    gid = new_group(owner, "Чужая группа")
    code = group_code(owner, gid)
    assert owner.form(f"/groups/{gid}", f"/groups/{gid}/add", {"email": s.email}).status == 303
    assert_html(other.get(f"/groups/{gid}"), 404)
    sid = re.search(r'name="student_id" value="(\d+)"', owner.get(f"/groups/{gid}").text).group(1)
    for action, fields in ((f"/groups/{gid}", {"name": "Взлом", "description": ""}),
                           (f"/groups/{gid}/add", {"email": s.email}),
                           (f"/groups/{gid}/remove", {"student_id": sid}),
                           (f"/groups/{gid}/code", {}),
                           (f"/groups/{gid}/delete", {})):
        r = other.form("/groups", action, fields)
        assert_html(r, 404)
    r = owner.get(f"/groups/{gid}")
    assert "Чужая группа" in r.text and group_code(owner, gid) == code
    assert members(owner, gid) == [s.email]
    assert "Чужая группа" not in other.get("/groups").text


def test_ids_that_are_not_positive_integers_are_404(stack):
    t = teacher(stack)
    for path in ("/groups/0", "/groups/-1", "/groups/abc", "/groups/999999999",
                 "/groups/99999999999999999999999"):
        assert t.get(path).status == 404, path
    token = csrf_of(t.get("/invites"))
    for path in ("/invites/0/delete", "/invites/abc/code", "/invites/999999999/delete"):
        assert t.post(path, {"csrf_token": token}).status == 404, path


@pytest.mark.parametrize("action", ["/groups", "/groups/{gid}", "/groups/{gid}/add",
                                    "/groups/{gid}/remove", "/groups/{gid}/code",
                                    "/groups/{gid}/delete", "/invites", "/invites/{cid}/code",
                                    "/invites/{cid}/delete"])
def test_teacher_forms_without_csrf_are_403(stack, action):
    t, s = teacher(stack), student(stack)
    gid = new_group(t, "Без CSRF")
    code = group_code(t, gid)
    icode = new_icode(t, "CSRF")
    cid = icode_id(t, icode)
    path = action.format(gid=gid, cid=cid)
    for token in (None, "", "0" * 40):
        data = {"name": "Другое", "email": s.email, "student_id": "1", "subject": "Другое"}
        if token is not None:
            data["csrf_token"] = token
        assert_html(t.post(path, data), 403)
    # Nothing changed.
    assert group_code(t, gid) == code and "Без CSRF" in t.get(f"/groups/{gid}").text
    assert members(t, gid) == []
    assert icode in t.get("/invites").text and counts(t)["всего"] == 1


def test_join_without_csrf_is_403(stack):
    t, s = teacher(stack), student(stack)
    gid = new_group(t)
    code = group_code(t, gid)
    assert_html(s.post("/join", {"code": code}), 403)
    assert_html(s.post("/join", {"code": code, "csrf_token": "x" * 40}), 403)
    assert members(t, gid) == []


# -- /groups ---------------------------------------------------------------------------------------

def test_groups_page_lists_groups_and_individual_students(stack):
    t, s = teacher(stack), student(stack, "Анна", "Смирнова")
    r = t.get("/groups")
    assert_html(r, 200)
    assert 'action="/groups"' in r.text and 'name="name"' in r.text and 'name="description"' in r.text
    assert "Групп пока нет" in r.text and "Индивидуальные ученики" in r.text
    g1, g2 = new_group(t, "Алгебра 9А"), new_group(t, "Геометрия 9Б")
    assert t.form(f"/groups/{g1}", f"/groups/{g1}/add", {"email": s.email}).status == 303
    assert join(s, new_icode(t, "Физика")).status == 303
    body = main_html(t.get("/groups"))
    groups_part, solo_part = body.split("Индивидуальные ученики", 1)
    row = re.search(rf'<a href="/groups/{g1}">Алгебра 9А</a></td>\s*<td>(\d+)</td>', groups_part)
    assert row and row.group(1) == "1", groups_part
    assert re.search(rf'<a href="/groups/{g2}">Геометрия 9Б</a></td>\s*<td>0</td>', groups_part)
    assert "Физика" not in groups_part
    assert "Физика" in solo_part and "Смирнова Анна" in solo_part and s.email in solo_part
    assert "Алгебра" not in solo_part


def test_create_group_redirects_to_it(stack):
    t = teacher(stack)
    gid = new_group(t, "Английский", "По вторникам\nи четвергам")
    r = t.get(f"/groups/{gid}?done=created")
    assert_html(r, 200)
    assert flash(r)[0] == "ok"
    assert "<h1>Английский</h1>" in r.text and "По вторникам\nи четвергам" in r.text
    assert "<title>Английский · Teaching Panel</title>" in r.text


@pytest.mark.parametrize("name,description,field", [
    ("", "", "name"),
    ("   ", "", "name"),
    ("я" * 201, "", "name"),
    ("Нормально", "д" * 10001, "description"),
])
def test_create_group_invalid_is_400_and_creates_nothing(stack, name, description, field):
    t = teacher(stack)
    r = t.form("/groups", "/groups", {"name": name, "description": description})
    assert_html(r, 400)
    assert field_error(r)
    assert error_field(r) == field
    if field == "description":
        assert 'value="Нормально"' in r.text  # what was typed is kept
    assert "Групп пока нет" in t.get("/groups").text


def test_html_in_group_name_and_description_is_escaped(stack):
    t, s = teacher(stack), student(stack, XSS, '"><img src=x onerror=alert(1)>')
    gid = new_group(t, XSS, XSS)
    assert t.form(f"/groups/{gid}", f"/groups/{gid}/add", {"email": s.email}).status == 303
    code = group_code(t, gid)
    for r in (t.get("/groups"), t.get(f"/groups/{gid}"), s.get(f"/join?code={code}")):
        assert_html(r, 200)
        assert XSS not in r.text and "<img src=x" not in r.text
        assert "&lt;script&gt;" in main_html(r)
    r = join(s, code)
    assert r.status == 303
    d = s.get(path_of(location(r)))
    assert XSS not in d.text and "&lt;script&gt;" in d.text


# -- /groups/{id} ----------------------------------------------------------------------------------

def test_group_page_shows_members_code_and_copy_buttons(stack):
    t = teacher(stack)
    s1, s2 = student(stack, "Борис", "Белов"), student(stack, "Вера", "Волкова")
    gid = new_group(t, "Химия", "Лабораторные")
    for s in (s1, s2):
        assert t.form(f"/groups/{gid}", f"/groups/{gid}/add", {"email": s.email}).status == 303
    r = t.get(f"/groups/{gid}")
    assert_html(r, 200)
    code = group_code(t, gid)
    assert copies(r) == [code, f"{stack.base_url}/join?code={code}"]
    body = main_html(r)
    assert "Белов Борис" in body and "Волкова Вера" in body
    assert s1.email in body and s2.email in body
    assert len(re.findall(rf'<form method="post" action="/groups/{gid}/remove"', body)) == 2
    for action in (f"/groups/{gid}/add", f"/groups/{gid}/code", f"/groups/{gid}/delete",
                   f"/groups/{gid}"):
        assert f'action="{action}"' in body, action
    # Every form carries the token; the page has no inline script or handler.
    assert body.count('name="csrf_token"') == body.count('<form method="post"')
    assert not re.search(r"<script(?![^>]*\bsrc=)", r.text)
    assert not re.search(r"\son[a-z]+=", r.text)
    assert '<script src="/static/app.js" defer></script>' in r.text


def test_add_student_by_email(stack):
    t, s, other_t = teacher(stack), student(stack), teacher(stack)
    gid = new_group(t)
    r = t.form(f"/groups/{gid}", f"/groups/{gid}/add", {"email": "  " + s.email.upper() + " "})
    assert r.status == 303 and path_of(location(r)) == f"/groups/{gid}?done=added", r
    assert flash(t.get(path_of(location(r))))[0] == "ok"
    assert members(t, gid) == [s.email]
    # A teacher's address answers as an unknown one does (issue 18: the form tells nobody who
    # teaches here).
    for email, msg in ((uemail("nobody"), "не найден"), (other_t.email, "не найден"),
                       ("not-an-email", "email"), ("", "email"), (s.email, "уже в группе")):
        r = t.form(f"/groups/{gid}", f"/groups/{gid}/add", {"email": email})
        assert_html(r, 400)
        assert msg in field_error(r), (email, field_error(r))
        assert f'value="{html.escape(email.strip())}"' in r.text or email == ""
    assert members(t, gid) == [s.email]


def test_remove_student(stack):
    t, s1, s2 = teacher(stack), student(stack), student(stack)
    gid = new_group(t)
    for s in (s1, s2):
        t.form(f"/groups/{gid}", f"/groups/{gid}/add", {"email": s.email})
    page = t.get(f"/groups/{gid}").text
    ids = dict(zip(re.findall(r"<td>([^<]*@example\.org)</td>", page),
                   re.findall(r'name="student_id" value="(\d+)"', page)))
    r = t.form(f"/groups/{gid}", f"/groups/{gid}/remove", {"student_id": ids[s1.email]})
    assert r.status == 303 and path_of(location(r)) == f"/groups/{gid}?done=removed", r
    assert members(t, gid) == [s2.email]
    for sid in (ids[s1.email], "", "abc", "-1", "999999999"):
        r = t.form(f"/groups/{gid}", f"/groups/{gid}/remove", {"student_id": sid})
        assert_html(r, 400)
        assert flash(r)[0] == "error"
    assert members(t, gid) == [s2.email]


def test_edit_group(stack):
    t = teacher(stack)
    gid = new_group(t, "Старое", "Старое описание")
    r = t.form(f"/groups/{gid}", f"/groups/{gid}", {"name": "Новое", "description": "Новое описание"})
    assert r.status == 303 and path_of(location(r)) == f"/groups/{gid}?done=saved", r
    page = t.get(f"/groups/{gid}")
    assert "<h1>Новое</h1>" in page.text and "Новое описание" in page.text
    r = t.form(f"/groups/{gid}", f"/groups/{gid}", {"name": "", "description": "Черновик"})
    assert_html(r, 400)
    assert field_error(r) == "Укажите название группы."
    assert ">Черновик</textarea>" in r.text  # the form keeps what was typed
    page = t.get(f"/groups/{gid}")
    assert "<h1>Новое</h1>" in page.text and "Черновик" not in page.text


def test_regenerate_group_code(stack):
    t, s = teacher(stack), student(stack)
    gid = new_group(t)
    old = group_code(t, gid)
    r = t.form(f"/groups/{gid}", f"/groups/{gid}/code", {})
    assert r.status == 303 and path_of(location(r)) == f"/groups/{gid}?done=code", r
    new = group_code(t, gid)
    assert new != old
    assert_html(s.get(f"/join?code={old}"), 404)
    assert_html(s.get(f"/join?code={new}"), 200)


def test_delete_group(stack):
    t, s = teacher(stack), student(stack)
    gid = new_group(t, "Удаляемая")
    code = group_code(t, gid)
    r = t.form(f"/groups/{gid}", f"/groups/{gid}/delete", {})
    assert r.status == 303 and path_of(location(r)) == "/groups?done=deleted", r
    assert flash(t.get("/groups?done=deleted")) == ("ok", "Группа удалена.")
    assert_html(t.get(f"/groups/{gid}"), 404)
    assert "Удаляемая" not in t.get("/groups").text
    assert_html(s.get(f"/join?code={code}"), 404)


def test_done_messages_are_a_fixed_set(stack):
    t = teacher(stack)
    r = t.get("/groups?done=" + urllib.parse.quote(XSS))
    assert_html(r, 200)
    assert flash(r) is None and XSS not in r.text


# -- /invites --------------------------------------------------------------------------------------

def test_invites_page_counts_and_create(stack):
    t = teacher(stack)
    r = t.get("/invites")
    assert_html(r, 200)
    for f in ("subject", "max_uses", "expires_at"):
        assert f'name="{f}"' in r.text
    assert counts(t) == {"активных": 0, "использованных": 0, "всего": 0}
    one = new_icode(t, "  Информатика  ")
    many = new_icode(t, "Биология", max_uses="3", expires_at="2099-12-31T23:30")
    assert counts(t) == {"активных": 2, "использованных": 0, "всего": 2}
    r = t.get("/invites")
    assert ">Информатика</span>" in r.text  # trimmed, as the API stores it
    assert "действует до 31.12.2099 23:30 UTC" in r.text and "использован 0 из 3" in r.text
    assert copies(r) == [many, f"{stack.base_url}/join?code={many}",
                         one, f"{stack.base_url}/join?code={one}"]
    assert flash(t.get("/invites?done=created"))[0] == "ok"


@pytest.mark.parametrize("fields,field", [
    ({"subject": ""}, "subject"),
    ({"subject": "   "}, "subject"),
    ({"subject": "я" * 201}, "subject"),
    ({"subject": "Химия", "max_uses": "0"}, "max_uses"),
    ({"subject": "Химия", "max_uses": "1001"}, "max_uses"),
    ({"subject": "Химия", "max_uses": "два"}, "max_uses"),
    ({"subject": "Химия", "expires_at": "2001-01-01T10:00"}, "expires_at"),
    ({"subject": "Химия", "expires_at": "завтра"}, "expires_at"),
])
def test_create_invite_invalid_is_400_and_creates_nothing(stack, fields, field):
    t = teacher(stack)
    r = t.form("/invites", "/invites", fields)
    assert_html(r, 400)
    assert field_error(r)
    assert error_field(r) == field
    assert counts(t)["всего"] == 0


def test_regenerate_and_delete_unused_codes(stack):
    t = teacher(stack)
    code = new_icode(t, "Музыка")
    cid = icode_id(t, code)
    r = t.form("/invites", f"/invites/{cid}/code", {})
    assert r.status == 303 and path_of(location(r)) == "/invites?done=code", r
    page = t.get("/invites").text
    assert code not in page and "Музыка" in page
    r = t.form("/invites", f"/invites/{cid}/delete", {})
    assert r.status == 303 and path_of(location(r)) == "/invites?done=deleted", r
    assert "Музыка" not in t.get("/invites").text and counts(t)["всего"] == 0


def test_used_code_cannot_be_regenerated_or_deleted(stack):
    t, s = teacher(stack), student(stack, "Глеб", "Гусев")
    code = new_icode(t, "Рисование")
    cid = icode_id(t, code)
    assert join(s, code).status == 303
    assert counts(t) == {"активных": 0, "использованных": 1, "всего": 1}
    page = main_html(t.get("/invites"))
    used = page.split("Использованные и истёкшие", 1)[1]
    assert code in used and "Гусев Глеб" in used and s.email in used
    assert f"/invites/{cid}/" not in page  # no buttons for it
    for action in ("code", "delete"):
        r = t.form("/invites", f"/invites/{cid}/{action}", {})
        assert_html(r, 400)
        assert flash(r)[0] == "error" and "использован" in flash(r)[1]
    assert code in t.get("/invites").text


def test_another_teachers_code_is_404(stack):
    owner, other = teacher(stack), teacher(stack)
    code = new_icode(owner, "Чужой предмет")
    cid = icode_id(owner, code)
    for action in ("code", "delete"):
        assert_html(other.form("/invites", f"/invites/{cid}/{action}", {}), 404)
    assert code in owner.get("/invites").text
    assert "Чужой предмет" not in other.get("/invites").text


# -- /join -----------------------------------------------------------------------------------------

def test_join_page_has_the_code_box(stack):
    s = student(stack)
    r = s.get("/join")
    assert_html(r, 200)
    box = re.search(r'<form method="get" action="/join"[^>]*>.*?</form>', r.text, re.S).group(0)
    inp = re.search(r"<input[^>]*name=\"code\"[^>]*>", box).group(0)
    assert "data-code" in inp and "required" in inp and 'pattern="' in inp
    assert form_error(r) is None and "Присоединиться</button>" not in r.text


def test_join_a_group(stack):
    t, s = teacher(stack, "Ольга", "Орлова"), student(stack)
    member = student(stack, "Скрытый", "Участник")
    gid = new_group(t, "Литература")
    t.form(f"/groups/{gid}", f"/groups/{gid}/add", {"email": member.email})
    code = group_code(t, gid)
    r = s.get(f"/join?code={code.lower()}")
    assert_html(r, 200)
    preview = main_html(r)
    assert "Литература" in preview and "Орлова Ольга" in preview
    assert re.search(r"<dt>Учеников</dt><dd>1</dd>", preview)
    assert member.email not in preview and "Участник" not in preview  # members stay private
    assert re.search(rf'<input type="hidden" name="code" value="{code}">', preview)
    r = join(s, code)
    assert r.status == 303 and path_of(location(r)) == f"/student/?joined={gid}", r
    d = s.get(path_of(location(r)))
    assert_html(d, 200)
    assert flash(d) == ("ok", "Вы присоединились к группе «Литература» (преподаватель: Орлова Ольга).")
    assert sorted(members(t, gid)) == sorted([member.email, s.email])
    # The preview now says so; joining again does no harm and says so too.
    r = s.get(f"/join?code={code}")
    assert_html(r, 200)
    assert "Вы уже состоите в этой группе" in r.text and "Присоединиться</button>" not in r.text
    r = join(s, code)
    assert r.status == 303
    assert flash(s.get(path_of(location(r)))) == ("ok", "Вы уже состоите в группе «Литература».")
    # The flash is only for members of that group.
    other = student(stack)
    assert flash(other.get(f"/student/?joined={gid}")) is None


def test_join_an_individual_code(stack):
    t, s = teacher(stack, "Ирина", "Исаева"), student(stack, "Дина", "Дёмина")
    code = new_icode(t, "Скрипка")
    r = s.get(f"/join?code={code}")
    assert_html(r, 200)
    assert "Скрипка" in main_html(r) and "Исаева Ирина" in main_html(r)
    r = join(s, code)
    assert r.status == 303 and path_of(location(r)).startswith("/student/?joined="), r
    assert flash(s.get(path_of(location(r)))) == (
        "ok", "Вы записаны к преподавателю Исаева Ирина на предмет «Скрипка».")
    solo = main_html(t.get("/groups")).split("Индивидуальные ученики", 1)[1]
    assert "Скрипка" in solo and "Дёмина Дина" in solo
    # Used now: for anyone, preview and join are 400; a second use by the same student too.
    late = student(stack)
    for c in (late, s):
        r = c.get(f"/join?code={code}")
        assert_html(r, 400)
        assert form_error(r) == "Этот код уже использован."
        r = join(c, code)
        assert_html(r, 400)
        assert form_error(r) == "Этот код уже использован."
    assert counts(t) == {"активных": 0, "использованных": 1, "всего": 1}


def test_multi_use_code_and_already_used_by_the_student(stack):
    t, s1, s2 = teacher(stack), student(stack), student(stack)
    code = new_icode(t, "Хор", max_uses="2")
    assert join(s1, code).status == 303
    r = join(s1, code)
    assert_html(r, 400)
    assert form_error(r) == "Вы уже использовали этот код."
    assert join(s2, code).status == 303
    assert_html(join(student(stack), code), 400)


def test_join_unknown_malformed_and_empty_codes(stack):
    s = student(stack)
    r = s.get("/join?code=ZZZZZZZZ")
    assert_html(r, 404)
    assert "не найден" in form_error(r)
    assert re.search(r'name="code" value="ZZZZZZZZ"', r.text)  # kept for fixing the typo
    r = join(s, "ZZZZZZZZ")
    assert_html(r, 404)
    for bad in ("abc", "ABCD23456", "ABCD-234", "ABCDEFG0"):
        r = s.get("/join?code=" + urllib.parse.quote(bad))
        assert_html(r, 400)
        assert "8 символов" in form_error(r)
    for blank in ("", "   ", " \t "):
        r = join(s, blank)
        assert_html(r, 400)
        assert form_error(r) == "Укажите код приглашения."
        r = s.get("/join?code=" + urllib.parse.quote(blank))
        assert_html(r, 200)
        assert form_error(r) is None
    # Blank codes were not guesses: 2 unknown + 4 malformed so far, 4 more before the limit.
    for i in range(4):
        assert s.get(f"/join?code=ZZZZZZX{i + 2}").status == 404
    assert s.get("/join?code=ZZZZZZX9").status == 429


def test_join_guessing_throttle(stack):
    t, s = teacher(stack), student(stack)
    gid = new_group(t)
    good = group_code(t, gid)
    # Unknown codes count, from preview and join alike; ten per user within the window.
    for i in range(5):
        assert s.get(f"/join?code=ZZZZZZZ{i + 2}").status == 404
        assert join(s, f"ZZZZZZY{i + 2}").status == 404
    for r in (s.get(f"/join?code={good}"), join(s, good)):
        assert_html(r, 429)
        assert int(r.headers["retry-after"]) >= 1
        assert "Слишком много" in form_error(r)
    assert members(t, gid) == []
    # Another student from another address is not affected.
    other = student(stack)
    assert_html(other.get(f"/join?code={good}"), 200)


def test_student_dashboard_invitation_links(stack):
    s = student(stack)
    for q, code in (("code=ABCD2345", "ABCD2345"), ("individual-code=WXYZ6789", "WXYZ6789"),
                    ("code=a%26b", "a&b")):
        r = s.get("/student/?" + q)
        assert r.status == 303, r
        assert path_of(location(r)) == "/join?code=" + urllib.parse.quote(code, safe=""), r
    d = s.get("/student/")
    assert_html(d, 200)
    box = re.search(r'<form method="get" action="/join"[^>]*>.*?</form>', d.text, re.S)
    assert box and "data-code" in box.group(0)


# -- navigation, script, errors --------------------------------------------------------------------

def test_nav_links_by_role(stack):
    t, s = teacher(stack), student(stack)
    tnav = re.search(r"<nav.*?</nav>", t.get("/teacher/").text, re.S).group(0)
    snav = re.search(r"<nav.*?</nav>", s.get("/student/").text, re.S).group(0)
    assert '<a href="/groups">Группы</a>' in tnav and '<a href="/invites">Приглашения</a>' in tnav
    assert 'href="/join"' not in tnav
    assert '<a href="/join">Присоединиться</a>' in snav
    assert 'href="/groups"' not in snav and 'href="/invites"' not in snav


def test_app_js_is_served(stack):
    r = stack.get("/static/app.js")
    assert r.status == 200, r
    assert "javascript" in r.headers.get("content-type", ""), r.headers
    for needle in ("data-copy", "navigator.clipboard", "execCommand", "Скопировано", "data-code"):
        assert needle in r.text, needle


def test_pages_answer_503_while_the_database_is_down(stack):
    t = teacher(stack)
    gid = new_group(t)
    stack.db_stop()
    try:
        for path in ("/groups", f"/groups/{gid}", "/invites"):
            assert_html(t.get(path), 503)
    finally:
        stack.db_start()
    import time
    deadline = time.time() + 20
    while time.time() < deadline and stack.get("/api/health/").status != 200:
        time.sleep(0.1)
    assert_html(t.get("/groups"), 200)
