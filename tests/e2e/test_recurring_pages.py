"""The weekly-lesson pages through nginx: /recurring (list and create form), /recurring/{id}
(edit, delete, generate lessons until a date with the counts), who may see them, CSRF, the
nav link, and HTML escaping of what teachers type."""

import html
import re

from test_group_pages import XSS, main_html, new_group, signed_in, student, teacher
from test_groups_api import api, sign_in
from test_pages import assert_html, csrf_of, location, path_of

FIELDS = {"title": "Алгебра", "day_of_week": "0", "week_type": "ALL", "start_time": "10:00",
          "end_time": "11:30", "start_date": "2031-03-01", "end_date": "2031-03-31",
          "topics": "дроби", "location": "к. 5"}


def create(t, gid, **over):
    r = t.form("/recurring", "/recurring", {**FIELDS, "group_id": str(gid), **over})
    assert r.status == 303, r
    m = re.fullmatch(r"/recurring/(\d+)\?done=created", path_of(location(r)))
    assert m, location(r)
    return int(m.group(1))


def lessons(stack, t, gid):
    token = sign_in(stack, t.email)
    r = api(stack, "GET", f"/api/schedule/lessons/?group={gid}&page_size=100", token)
    assert r.status == 200, r
    return r.json()["results"]


def test_nav_links_teachers_only(stack):
    t = teacher(stack)
    assert 'href="/recurring"' in t.get("/teacher/").text
    s = student(stack)
    assert 'href="/recurring"' not in s.get("/student/").text


def test_list_create_and_show(stack):
    t = teacher(stack)
    r = t.get("/recurring")
    assert_html(r, 200)
    assert "Сначала" in main_html(r) and 'action="/recurring"' not in r.text   # no group yet
    gid = new_group(t, "10Б")
    page = t.get("/recurring")
    assert '<option value="%d">10Б</option>' % gid in page.text
    rid = create(t, gid, week_type="UPPER")
    r = t.get(f"/recurring/{rid}?done=created")
    assert_html(r, 200)
    body = main_html(r)
    assert "Регулярное занятие создано" in body
    assert "10Б · Понедельник, 10:00:00–11:30:00 · Верхняя неделя" in body
    assert "С 2031-03-01 по 2031-03-31 · к. 5" in body
    # The edit form holds the values, the selects their choices.
    assert 'value="Алгебра"' in body and 'value="10:00"' in body and 'value="11:30"' in body
    assert '<option value="UPPER" selected>' in body and '<option value="0" selected>' in body
    assert body.count(" selected>") == 3              # one per select: group, day, weeks
    assert f'<option value="{gid}" selected>' in body
    lst = main_html(t.get("/recurring"))
    assert f'href="/recurring/{rid}"' in lst and "Верхняя неделя" in lst
    # Creating makes no lesson.
    assert lessons(stack, t, gid) == []


def test_create_errors_keep_the_form(stack):
    t = teacher(stack)
    gid = new_group(t)
    r = t.form("/recurring", "/recurring", {**FIELDS, "group_id": str(gid), "title": "Урок 1",
                                            "end_time": "09:00", "end_date": "2031-02-01"})
    assert_html(r, 400)
    body = main_html(r)
    assert "Время окончания должно быть позже" in body
    assert 'value="Урок 1"' in body and 'value="09:00"' in body
    # Another teacher's group: refused, shown as the page's message.
    other = teacher(stack)
    ogid = new_group(other)
    r = t.form("/recurring", "/recurring", {**FIELDS, "group_id": str(ogid)})
    assert_html(r, 400)
    assert "только в своих группах" in main_html(r)
    assert "/recurring/" not in main_html(t.get("/recurring"))


def test_edit_and_delete(stack):
    t = teacher(stack)
    gid = new_group(t)
    rid = create(t, gid)
    r = t.form(f"/recurring/{rid}", f"/recurring/{rid}",
               {**FIELDS, "group_id": str(gid), "title": "Геометрия", "day_of_week": "3",
                "start_time": "08:15"})
    assert r.status == 303 and path_of(location(r)) == f"/recurring/{rid}?done=saved", r
    body = main_html(t.get(f"/recurring/{rid}"))
    assert "<h1>Геометрия</h1>" in body and "Четверг, 08:15:00–11:30:00" in body
    assert '<option value="3" selected>' in body and body.count(" selected>") == 3
    r = t.form(f"/recurring/{rid}", f"/recurring/{rid}",
               {**FIELDS, "group_id": str(gid), "start_date": "2031-02-30"})
    assert_html(r, 400)
    assert 'value="2031-02-30"' in main_html(r)
    r = t.form(f"/recurring/{rid}", f"/recurring/{rid}/delete", {})
    assert r.status == 303 and path_of(location(r)) == "/recurring?done=deleted", r
    assert t.get(f"/recurring/{rid}").status == 404


def test_generate_form_shows_counts_and_is_idempotent(stack):
    t = teacher(stack)
    gid = new_group(t)
    rid = create(t, gid)
    page = f"/recurring/{rid}"
    form = {"start_date": "2031-03-01", "until_date": "2031-03-31"}
    r = t.form(page, page + "/generate", {**form, "dry_run": "1"})
    assert_html(r, 200)
    body = main_html(r)
    assert "Пробный запуск: будет создано занятий — <strong>5</strong>" in body
    assert "другие дни и недели — 26" in body
    assert lessons(stack, t, gid) == []
    r = t.form(page, page + "/generate", form)
    assert "Создано занятий: <strong>5</strong>" in main_html(r)
    assert len(lessons(stack, t, gid)) == 5
    r = t.form(page, page + "/generate", form)
    body = main_html(r)
    assert "Создано занятий: <strong>0</strong>" in body and "время занято — 5" in body
    assert len(lessons(stack, t, gid)) == 5
    for bad in ({"until_date": ""}, {"until_date": "31.03.2031"},
                {"start_date": "2031-04-01", "until_date": "2031-03-01"}):
        r = t.form(page, page + "/generate", bad)
        assert_html(r, 400)
    assert len(lessons(stack, t, gid)) == 5


def test_only_the_owner_and_csrf(stack):
    t = teacher(stack)
    gid = new_group(t)
    rid = create(t, gid)
    other = teacher(stack)
    assert other.get(f"/recurring/{rid}").status == 404
    r = other.form("/recurring", f"/recurring/{rid}/delete", {})
    assert r.status == 404
    r = other.form("/recurring", f"/recurring/{rid}/generate", {"until_date": "2031-03-31"})
    assert r.status == 404
    s = student(stack)
    assert s.get("/recurring").status == 403
    # Without the CSRF token nothing happens.
    r = t.post(f"/recurring/{rid}/delete", {})
    assert r.status == 403
    assert t.get(f"/recurring/{rid}").status == 200
    assert lessons(stack, t, gid) == []


def test_what_teachers_type_is_escaped(stack):
    t = teacher(stack)
    gid = new_group(t, XSS)
    rid = create(t, gid, title=XSS, topics=XSS, location=XSS)
    for path in ("/recurring", f"/recurring/{rid}"):
        r = t.get(path)
        assert XSS not in r.text
        assert html.escape(XSS, quote=True) in r.text or "&lt;script&gt;" in r.text
    assert csrf_of(t.get(f"/recurring/{rid}"))
