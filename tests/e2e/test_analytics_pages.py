"""The analytics pages through nginx, as a teacher's and a student's browser would use them without
JavaScript: the group's journal (its table, colour bands, chart with a text alternative, a
lesson's column edited in place, one cell set by the page's script, Zoom suggestions confirmed),
control points (cards, the form, the results grid saved all or nothing), who may open them, and
escaping.
"""

import datetime
import html
import re
import uuid

import pytest

from test_groups_api import api, create_group, new_user
from test_lesson_pages import form_post, main
from test_pages import Client, assert_html, csrf_of, location, page_signin, path_of
from test_tallies import check as rollups_check

L = "/api/schedule/lessons/"
XSS = '<script>alert("x")</script>'


def page_user(stack, role="student", **names):
    u = new_user(stack, role, **names)
    u.c = Client(stack)
    assert page_signin(u.c, u.email).status == 303
    return u


def utc(*a):
    return datetime.datetime(*a, tzinfo=datetime.timezone.utc)


def lesson(stack, teacher, group, start, title=None):
    r = api(stack, "POST", L, teacher, json={
        "title": title or "Урок " + uuid.uuid4().hex[:6], "group": group["id"],
        "start_time": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_time": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")})
    assert r.status == 201, r
    return r.json()["id"]


@pytest.fixture(scope="module")
def cls(stack):
    class W:
        pass
    w = W()
    w.T = page_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    w.T2 = page_user(stack, "teacher")
    w.S1 = page_user(stack, first_name="Иван", last_name="Алексеев")
    w.S2 = page_user(stack, first_name=XSS, last_name="Борисов")
    w.G = create_group(stack, w.T, name="Группа " + XSS, student_ids=[w.S1.id, w.S2.id])
    w.L1 = lesson(stack, w.T, w.G, utc(2025, 3, 3, 10), title="Дроби " + XSS)
    w.L2 = lesson(stack, w.T, w.G, utc(2025, 3, 5, 10))
    r = api(stack, "POST", f"{L}{w.L1}/mark_attendance/", w.T, json={"attendances": [
        {"student_id": w.S1.id, "status": "present"}, {"student_id": w.S2.id, "status": "absent"}]})
    assert r.status == 200, r
    return w


def journal_of(stack, w):
    return api(stack, "GET", f"/api/groups/{w.G['id']}/attendance-log/", w.T).json()


def test_journal_page(stack, cls):
    w = cls
    url = f"/groups/{w.G['id']}/journal"
    r = w.T.c.get(url)
    assert_html(r, 200)
    text = main(r)
    assert XSS not in r.text and "&lt;script&gt;" in text
    assert '<table class="journal">' in text and 'class="scrollbox"' in text
    assert "Алексеев Иван" in text and "Борисов" in text
    # S1 present at L1 (100 % of 1 mark over 2 held lessons = 50 %, red band); S2 absent.
    row = re.search(r"Алексеев Иван</th>(.*?)</tr>", text, re.S).group(1)
    assert 'class="c st-present"' in row and "band-red" in row and ">50<" in row
    assert 'class="c st-absent"' in text
    # The chart has its text alternative.
    assert re.search(r'<svg class="chart"[^>]*role="img"', text)
    assert '<desc id="att-chart-d">03.03: 50 %; 05.03: 0 %.</desc>' in text
    # Column edit links; the tabs.
    assert f'href="/groups/{w.G["id"]}/journal?edit={w.L2}#journal"' in text
    for tab in ("journal", "rating", "control-points", "gradebook", "report"):
        assert f'href="/groups/{w.G["id"]}/{tab}"' in text
    # The group page links to it.
    assert f'href="{url}"' in main(w.T.c.get(f"/groups/{w.G['id']}"))
    # Who: the owner only (students 403, another teacher 404).
    assert_html(w.S1.c.get(url), 403)
    assert_html(w.T2.c.get(url), 404)
    assert_html(w.T.c.get("/groups/999999999/journal"), 404)
    assert_html(w.T.c.get(url + "?from=2025-13-01"), 400)
    assert_html(w.T.c.get(url + "?edit=999999999"), 404)
    r = Client(stack).get(url)
    assert r.status in (302, 303) and path_of(location(r)).startswith("/login")


def test_journal_column_edit_without_javascript(stack, cls):
    w = cls
    url = f"/groups/{w.G['id']}/journal"
    r = w.T.c.get(f"{url}?edit={w.L2}")
    assert_html(r, 200)
    text = main(r)
    assert f'name="s_{w.S1.id}"' in text and f'name="s_{w.S2.id}"' in text
    # Save: S1 late, S2 excused.
    r = form_post(w.T, f"{url}?edit={w.L2}", url, {
        "lesson_id": w.L2, f"s_{w.S1.id}": "late", f"s_{w.S2.id}": "excused"})
    assert r.status == 303 and path_of(location(r)) == f"{url}?done=saved", r
    rec = journal_of(stack, w)["records"]
    assert rec[f"{w.S1.id}_{w.L2}"]["status"] == "late"
    assert rec[f"{w.S2.id}_{w.L2}"]["status"] == "excused"
    # An empty choice clears; a bad one changes nothing (400).
    r = form_post(w.T, url, url, {"lesson_id": w.L2, f"s_{w.S1.id}": "",
                                  f"s_{w.S2.id}": "excused"})
    assert r.status == 303, r
    assert f"{w.S1.id}_{w.L2}" not in journal_of(stack, w)["records"]
    before = journal_of(stack, w)["records"]
    for fields, code in (({"lesson_id": w.L2, f"s_{w.S1.id}": "present",
                           f"s_{w.S2.id}": "sick"}, 400),
                         ({"lesson_id": "x"}, 400),
                         ({"lesson_id": 999999999, f"s_{w.S1.id}": "present"}, 404)):
        r = form_post(w.T, url, url, fields)
        assert r.status == code, (fields, r)
    assert journal_of(stack, w)["records"] == before
    # Without the CSRF token: refused.
    assert w.T.c.post(url, {"lesson_id": w.L2, f"s_{w.S1.id}": "present"}).status == 403
    # One cell, as the page's script sends it.
    r = w.T.c.post(url, {"lesson_id": w.L2, "student_id": w.S1.id, "status": "present",
                         "csrf_token": csrf_of(w.T.c.get(url))},
                   headers={"X-Requested-With": "fetch"})
    assert r.status == 204, r
    assert journal_of(stack, w)["records"][f"{w.S1.id}_{w.L2}"]["status"] == "attended"
    # Another teacher cannot post into this group.
    r = form_post(w.T2, "/teacher/", url, {"lesson_id": w.L2, f"s_{w.S1.id}": "absent"})
    assert r.status == 404, r


def test_control_point_pages(stack, cls):
    w = cls
    url = f"/groups/{w.G['id']}/control-points"
    r = w.T.c.get(url)
    assert_html(r, 200)
    assert "Контрольных точек пока нет" in r.text
    # Bad form: 400 with the messages next to the fields, nothing created.
    r = form_post(w.T, url, url, {"title": "", "date": "завтра", "max_points": "0"})
    assert_html(r, 400)
    assert r.text.count('class="field-error"') >= 3
    assert api(stack, "GET", f"/api/control-points/?group={w.G['id']}", w.T).json()["count"] == 0
    r = form_post(w.T, url, url, {"title": "Тест " + XSS, "date": "2025-03-10",
                                  "max_points": "20", "lesson": str(w.L1)})
    assert r.status == 303, r
    m = re.fullmatch(r"/control-points/(\d+)\?done=created", path_of(location(r)))
    assert m, location(r)
    cp = int(m.group(1))
    page = w.T.c.get(f"/control-points/{cp}")
    assert_html(page, 200)
    assert XSS not in page.text and f'name="p_{w.S1.id}"' in page.text
    # The grid: all or nothing.
    r = form_post(w.T, f"/control-points/{cp}", f"/control-points/{cp}",
                  {f"p_{w.S1.id}": "15", f"p_{w.S2.id}": "21"})
    assert_html(r, 400)
    assert "Ничего не сохранено" in r.text and 'value="21"' in r.text
    res = api(stack, "GET", f"/api/control-points/{cp}/results/", w.T).json()["results"]
    assert [x["points"] for x in res] == [None, None]
    r = form_post(w.T, f"/control-points/{cp}", f"/control-points/{cp}",
                  {f"p_{w.S1.id}": "15", f"p_{w.S2.id}": "0"})
    assert r.status == 303 and path_of(location(r)).endswith("?done=saved"), r
    res = api(stack, "GET", f"/api/control-points/{cp}/results/", w.T).json()["results"]
    assert {x["student_id"]: x["points"] for x in res} == {w.S1.id: 15, w.S2.id: 0}
    page = w.T.c.get(f"/control-points/{cp}")
    assert 'value="0"' in page.text and ">75<" in page.text
    # The list shows the card.
    assert f'href="/control-points/{cp}"' in w.T.c.get(url).text
    # Edit: the maximum cannot drop below a result.
    r = form_post(w.T, f"/control-points/{cp}", f"/control-points/{cp}/edit",
                  {"title": "Т", "date": "2025-03-10", "max_points": "10", "lesson": ""})
    assert_html(r, 400)
    r = form_post(w.T, f"/control-points/{cp}", f"/control-points/{cp}/edit",
                  {"title": "Итоговая", "date": "2025-03-11", "max_points": "30", "lesson": ""})
    assert r.status == 303, r
    got = api(stack, "GET", f"/api/control-points/{cp}/", w.T).json()
    assert (got["title"], got["max_points"], got["lesson"]) == ("Итоговая", 30, None)
    # Others: students 403 (role), another teacher 404.
    assert_html(w.S1.c.get(url), 403)
    assert_html(w.T2.c.get(url), 404)
    assert_html(w.T2.c.get(f"/control-points/{cp}"), 404)
    r = form_post(w.T2, "/teacher/", f"/control-points/{cp}/delete", {})
    assert r.status == 404, r
    r = form_post(w.T, f"/control-points/{cp}", f"/control-points/{cp}/delete", {})
    assert r.status == 303 and path_of(location(r)) == f"{url}?done=deleted", r
    assert_html(w.T.c.get(f"/control-points/{cp}"), 404)
    # The students' points (sql/migrations/0027) followed the results, the new date and
    # the deletion.
    rollups_check(stack, "control points")


# -- rating, gradebook, report, dashboards -----------------------------------------------------

@pytest.fixture(scope="module")
def graded(stack, cls):
    """A published homework of the group, S1's work on it graded in full."""
    from hw_helpers import create_homework, start, submit
    from test_rating_report_api import right_choice, single_choice
    w = cls
    hw = create_homework(stack, w.T, w.G["id"], publish=True, questions=single_choice(10),
                         gamification_enabled=True,
                         deadline=(datetime.datetime.now(datetime.timezone.utc) +
                                   datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    sub = start(stack, w.S1, hw["id"])
    assert submit(stack, w.S1, sub["id"], {"answers": right_choice(stack, w.T, hw["id"])}
                  ).status == 200
    return hw


def test_rating_page(stack, cls, graded):
    w = cls
    url = f"/groups/{w.G['id']}/rating"
    r = w.T.c.get(url)
    assert_html(r, 200)
    text = main(r)
    assert '<ol class="rating">' in text and "Алексеев Иван" in text and XSS not in r.text
    assert 'class="avatar c' in text and ">АИ<" in text
    assert "Быстрый старт" in text and "Перфекционист" in text
    first = re.search(r'<span class="place"[^>]*>(\d+)</span>', text).group(1)
    assert first == "1"
    # A student of the group reads it (their row marked), without anyone's email.
    r = w.S1.c.get(url)
    assert_html(r, 200)
    assert 'class="me"' in r.text and w.S2.email not in r.text and w.S1.email not in main(r)
    assert_html(w.T.c.get(url + "?month=2025-03"), 200)
    assert_html(w.T.c.get(url + "?month=2025-3"), 400)
    assert_html(w.T2.c.get(url), 404)


def test_gradebook_and_report_pages(stack, cls, graded):
    w = cls
    r = w.T.c.get(f"/groups/{w.G['id']}/gradebook")
    assert_html(r, 200)
    text = main(r)
    assert "Алексеев Иван" in text and XSS not in r.text
    assert re.search(r'<svg class="chart"[^>]*aria-labelledby="score-chart-t score-chart-d"',
                     text)
    assert "90–100: 1 учен." in text        # the text alternative of the histogram
    assert_html(w.T.c.get(f"/groups/{w.G['id']}/gradebook?homework=999999999"), 404)
    r = w.T.c.get(f"/groups/{w.G['id']}/report")
    assert_html(r, 200)
    text = main(r)
    assert f'href="/groups/{w.G["id"]}/report/export?format=xlsx"' in text
    assert f'href="/groups/{w.G["id"]}/report/export?format=csv"' in text
    assert "Среднее" in text and "band-" in text
    r = w.T.c.get(f"/groups/{w.G['id']}/report?from=2025-03-01&to=2025-03-31")
    assert_html(r, 200)
    assert "format=csv&from=2025-03-01&to=2025-03-31" in html.unescape(r.text)
    # The downloads with the page's session.
    r = w.T.c.get(f"/groups/{w.G['id']}/report/export?format=csv")
    assert r.status == 200 and r.body[:3] == b"\xef\xbb\xbf", r
    assert r.headers["content-disposition"].startswith("attachment;")
    r = w.T.c.get(f"/groups/{w.G['id']}/report/export?format=xlsx")
    assert r.status == 200 and r.body[:2] == b"PK", r
    assert_html(w.T.c.get(f"/groups/{w.G['id']}/report/export?format=pdf"), 400)
    for path in ("gradebook", "report", "report/export?format=csv"):
        assert_html(w.S1.c.get(f"/groups/{w.G['id']}/{path}"), 403)
        assert_html(w.T2.c.get(f"/groups/{w.G['id']}/{path}"), 404)


def test_dashboards(stack, cls, graded):
    w = cls
    r = w.T.c.get("/teacher/")
    assert_html(r, 200)
    assert '<dl class="summary">' in r.text and "Ждут проверки" in r.text
    assert f'href="/groups/{w.G["id"]}/journal"' in r.text
    r = w.S1.c.get("/student/")
    assert_html(r, 200)
    text = main(r)
    assert "Мои значки" in text and "Перфекционист" in text
    # The groups' figures of this month (the server's zone is UTC in the tests).
    month = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m")
    assert "Успехи за " in text
    assert f'href="/groups/{w.G["id"]}/rating?month={month}"' in text
    assert re.search(r'<svg class="chart"[^>]*aria-labelledby="points-chart-t points-chart-d"',
                     text)
    # A student without anything yet: the dashboard without those parts.
    s = page_user(stack)
    r = s.c.get("/student/")
    assert_html(r, 200)
    assert "Мои значки" not in r.text
