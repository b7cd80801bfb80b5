"""The schedule's pages through nginx: a teacher's lesson list and form (/lessons, /lessons/new,
/lessons/{id}/edit, cancel, delete), the lesson page for its teacher, its group's students and
nobody else, attendance, the dashboards, and the calendar (month, week, day) in a configured time
zone, with HTML escaping of what users type everywhere it shows.

Every test makes its own teacher and groups, so lessons of different tests never overlap; dates are
far in the future unless a test needs today. The API (JSON) is the witness of what a form stored,
and a few facts no API sets yet (a meeting's join link, a weekly lesson) go into MariaDB directly.
"""

import datetime
import html
import os
import re
import subprocess
import uuid
import zoneinfo

import pytest

import conftest
from test_groups_api import api, create_group, new_admin, new_user
from test_pages import Client, assert_html, csrf_of, location, page_signin, path_of

L = "/api/schedule/lessons/"
XSS = "<script>x</script>"
XSS_ESC = "&lt;script&gt;x&lt;/script&gt;"


# -- helpers ---------------------------------------------------------------------------------------

def person(stack, role="student", **names):
    """An API user (id, email, token) who is also signed in to the pages (.c)."""
    u = new_user(stack, role, **names)
    u.c = Client(stack)
    r = page_signin(u.c, u.email)
    assert r.status == 303, r
    return u


def sql(stack, query):
    p = subprocess.run(["mariadb", "--no-defaults", f"--socket={stack.dir}/mariadb/mysql.sock",
                        "-uroot", "tpanel", "-N", "-B", "-e", query],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    return p.stdout


def zone_of(stack):
    return zoneinfo.ZoneInfo(stack.env.get("TPANEL_TIME_ZONE") or "UTC")


def main(r):
    """The page's content without the nav (which carries the user's name)."""
    return r.text[r.text.index("<main"):]


def flash(r):
    m = re.search(r'<div class="flash flash-(\w+)"[^>]*>([^<]*)</div>', r.text)
    return (m.group(1), html.unescape(m.group(2))) if m else None


def field_errors(r):
    """{field name: message} for every field error, by the input it follows."""
    out = {}
    for m in re.finditer(r'class="field-error">([^<]*)<', r.text):
        out[re.findall(r'name="([^"]+)"', r.text[:m.start()])[-1]] = html.unescape(m.group(1))
    return out


def form_post(u, page, action, fields):
    return u.c.post(action, {**fields, "csrf_token": csrf_of(u.c.get(page))})


def new_lesson(u, group, date="2031-04-15", start="10:00", end="11:00", title=None, **more):
    """Create a lesson through the form; its id (asserting the redirect)."""
    title = title or "Урок " + uuid.uuid4().hex[:6]
    r = form_post(u, "/lessons/new", "/lessons", {
        "title": title, "group": group["id"], "date": date, "start": start, "end": end,
        "topics": more.get("topics", ""), "location": more.get("location", ""),
        "notes": more.get("notes", "")})
    assert r.status == 303, (r, field_errors(r), flash(r))
    m = re.fullmatch(r"/lessons/(\d+)\?done=created", path_of(location(r)))
    assert m, location(r)
    return int(m.group(1))


def api_lesson(stack, user, lid):
    return api(stack, "GET", f"{L}{lid}/", user)


def api_lessons(stack, teacher):
    r = api(stack, "GET", L + "?page_size=500", teacher)
    assert r.status == 200, r
    return r.json()["results"]


def lesson_ids(r):
    return [int(x) for x in re.findall(r'<a href="/lessons/(\d+)">', r.text)]


def start_forms(r):
    return re.findall(r'<form method="post" action="/lessons/(\d+)/start" target="_blank"', r.text)


def now_lesson(stack, teacher, group, title=None):
    """A lesson that started a few minutes ago today (local) and runs half an hour more: startable
    now and listed under today. Made through the API, so it may end after midnight."""
    tz = zone_of(stack)
    now = datetime.datetime.now(tz).replace(second=0, microsecond=0)
    start = max(now - datetime.timedelta(minutes=5), now.replace(hour=0, minute=0))
    end = now + datetime.timedelta(minutes=30)
    r = api(stack, "POST", L, teacher, json={
        "title": title or "Сейчас " + uuid.uuid4().hex[:6], "group": group["id"],
        "start_time": start.isoformat(), "end_time": end.isoformat()})
    assert r.status == 201, r
    return r.json()["id"]


@pytest.fixture
def cls(stack):
    """A teacher, two named students in one group, and a student of another teacher's group."""
    teacher = person(stack, "teacher", first_name="Анна", last_name="Петрова")
    s1 = person(stack, first_name="Борис", last_name="Иванов")
    s2 = person(stack, first_name="Вера", last_name="Сидорова")
    out = person(stack)
    group = create_group(stack, teacher, student_ids=[s1.id, s2.id])
    other = person(stack, "teacher")
    create_group(stack, other, student_ids=[out.id])
    return teacher, group, s1, s2, out


# -- the form --------------------------------------------------------------------------------------

def test_create_through_the_form(stack, cls):
    teacher, group, *_ = cls
    page = teacher.c.get("/lessons/new")
    assert_html(page, 200)
    for name in ("title", "group", "date", "start", "end", "topics", "location", "notes"):
        assert f'name="{name}"' in page.text, name
    assert f'<option value="{group["id"]}"' in page.text
    lid = new_lesson(teacher, group, "2031-04-15", "10:00", "11:30", "Алгебра",
                     topics="Дроби", location="Кабинет 5", notes="секрет")
    x = api_lesson(stack, teacher, lid).json()
    tz = zone_of(stack)
    want = datetime.datetime(2031, 4, 15, 10, 0, tzinfo=tz).astimezone(datetime.timezone.utc)
    assert x["start_time"] == want.strftime("%Y-%m-%dT%H:%M:%SZ"), x
    assert (x["title"], x["group"]["id"], x["duration_minutes"]) == ("Алгебра", group["id"], 90)
    assert (x["topics"], x["location"], x["notes"]) == ("Дроби", "Кабинет 5", "секрет")
    r = teacher.c.get(f"/lessons/{lid}?done=created")
    assert_html(r, 200)
    assert flash(r) == ("ok", "Занятие создано.")
    assert "15.04.2031 10:00–11:30" in r.text and "Дроби" in r.text and "Кабинет 5" in r.text


def test_form_needs_csrf_and_a_teacher(stack, cls):
    teacher, group, s1, *_ = cls
    fields = {"title": "x", "group": group["id"], "date": "2031-04-15", "start": "10:00",
              "end": "11:00"}
    assert teacher.c.post("/lessons", fields).status == 403
    assert teacher.c.post("/lessons", {**fields, "csrf_token": "0" * 40}).status == 403
    for path in ("/lessons", "/lessons/new"):
        assert_html(s1.c.get(path), 403)
    assert s1.c.post("/lessons", {**fields, "csrf_token": csrf_of(s1.c.get("/student/"))}).status \
        == 403
    assert api_lessons(stack, teacher) == []


def test_form_errors_keep_the_values(stack, cls):
    teacher, group, *_ = cls
    other_group = create_group(stack, person(stack, "teacher"))
    second = create_group(stack, teacher)
    new_lesson(teacher, group, "2031-04-15", "10:00", "11:00", "Первый")
    base = {"title": "Мой урок", "group": second["id"], "date": "2031-04-15", "start": "12:00",
            "end": "13:00", "topics": "Темы <b>", "location": "Зал", "notes": "Заметка"}

    def post(**change):
        r = form_post(teacher, "/lessons/new", "/lessons", {**base, **change})
        assert_html(r, 400)
        return r

    r = post(start="12:00", end="11:00")
    assert field_errors(r) == {"end": "Время окончания должно быть позже времени начала."}
    assert 'value="Мой урок"' in r.text and "Темы &lt;b&gt;</textarea>" in r.text
    assert 'value="2031-04-15"' in r.text and 'value="12:00"' in r.text and 'value="11:00"' in r.text
    assert re.search(rf'<option value="{second["id"]}" selected>', r.text)
    # Overlapping the teacher's own lesson (in another group): a flash, the form kept.
    r = post(start="10:30", end="11:30")
    assert flash(r) == ("error", "У преподавателя уже есть занятие в это время.")
    assert 'value="Мой урок"' in r.text
    # Someone else's group.
    r = post(group=other_group["id"])
    assert flash(r) == ("error", "Занятия можно назначать только в своих группах.")
    # Field by field, in Russian.
    assert field_errors(post(title="  ")) == {"title": "Поле не может быть пустым."}
    assert field_errors(post(title="я" * 201)) == {"title": "Не больше 200 символов."}
    assert field_errors(post(group="")) == {"group": "Выберите группу."}
    assert field_errors(post(group="999999999")) == {"group": "Такой группы нет."}
    assert field_errors(post(date="15.04.2031")) == {"date": "Укажите дату."}
    assert field_errors(post(date="2031-02-30")) == {"date": "Укажите дату."}
    assert field_errors(post(date="9999-12-31")) == {"date": "Укажите дату."}
    assert set(field_errors(post(start="25:00", end="x"))) == {"start", "end"}
    assert field_errors(post(end="12:00")) == {
        "end": "Время окончания должно быть позже времени начала."}
    # Nothing but the first lesson was made.
    assert [x["title"] for x in api_lessons(stack, teacher)] == ["Первый"]


def test_edit(stack, cls):
    teacher, group, s1, *_ = cls
    lid = new_lesson(teacher, group, "2031-05-06", "09:15", "10:45", "Старое", topics="T")
    r = teacher.c.get(f"/lessons/{lid}/edit")
    assert_html(r, 200)
    for v in ('value="Старое"', 'value="2031-05-06"', 'value="09:15"', 'value="10:45"'):
        assert v in r.text, v
    assert f'action="/lessons/{lid}/edit"' in r.text
    fields = {"title": "Новое", "group": group["id"], "date": "2031-05-07", "start": "14:00",
              "end": "15:00", "topics": "", "location": "Онлайн", "notes": "n"}
    r = form_post(teacher, f"/lessons/{lid}/edit", f"/lessons/{lid}/edit", fields)
    assert r.status == 303 and path_of(location(r)) == f"/lessons/{lid}?done=saved", r
    x = api_lesson(stack, teacher, lid).json()
    assert (x["title"], x["topics"], x["location"], x["notes"]) == ("Новое", "", "Онлайн", "n")
    assert x["duration_minutes"] == 60
    # An error keeps what was typed; nothing changes.
    r = form_post(teacher, f"/lessons/{lid}/edit", f"/lessons/{lid}/edit",
                  {**fields, "title": "Другое", "end": "13:00"})
    assert_html(r, 400)
    assert 'value="Другое"' in r.text and "end" in field_errors(r)
    assert api_lesson(stack, teacher, lid).json()["title"] == "Новое"
    # Another teacher: as if it did not exist; a student: not a teacher's page.
    other = person(stack, "teacher")
    assert_html(other.c.get(f"/lessons/{lid}/edit"), 404)
    r = form_post(other, "/lessons/new", f"/lessons/{lid}/edit", {**fields, "title": "Чужое"})
    assert_html(r, 404)
    assert_html(s1.c.get(f"/lessons/{lid}/edit"), 403)
    assert api_lesson(stack, teacher, lid).json()["title"] == "Новое"


def test_cancel_and_delete(stack, cls):
    teacher, group, s1, *_ = cls
    lid = new_lesson(teacher, group, "2031-05-13", "10:00", "11:00", "Отменяемое")
    other = person(stack, "teacher")
    for action in ("cancel", "delete"):
        assert_html(form_post(other, "/lessons/new", f"/lessons/{lid}/{action}", {}), 404)
        assert s1.c.post(f"/lessons/{lid}/{action}",
                         {"csrf_token": csrf_of(s1.c.get("/student/"))}).status == 403
    assert api_lesson(stack, teacher, lid).json()["status"] == "scheduled"
    page = teacher.c.get(f"/lessons/{lid}")
    assert f'action="/lessons/{lid}/cancel"' in page.text and start_forms(page) == [str(lid)]
    r = form_post(teacher, f"/lessons/{lid}", f"/lessons/{lid}/cancel", {})
    assert r.status == 303 and path_of(location(r)) == f"/lessons/{lid}?done=cancelled", r
    assert api_lesson(stack, teacher, lid).json()["status"] == "cancelled"
    page = teacher.c.get(f"/lessons/{lid}?done=cancelled")
    assert flash(page) == ("ok", "Занятие отменено.")
    assert "отменено" in page.text and start_forms(page) == []
    assert f'action="/lessons/{lid}/cancel"' not in page.text
    row = re.search(rf'<tr class="cancelled">\s*<td>[^<]*</td>\s*<td><a href="/lessons/{lid}">',
                    teacher.c.get("/lessons").text)
    assert row, "a cancelled lesson is struck through in the list"
    r = form_post(teacher, f"/lessons/{lid}", f"/lessons/{lid}/delete", {})
    assert r.status == 303 and path_of(location(r)) == "/lessons?done=deleted", r
    assert flash(teacher.c.get("/lessons?done=deleted")) == ("ok", "Занятие удалено.")
    assert_html(teacher.c.get(f"/lessons/{lid}"), 404)
    assert api_lesson(stack, teacher, lid).status == 404


# -- the list --------------------------------------------------------------------------------------

def test_list_filters_and_pages(stack, cls):
    teacher, group, *_ = cls
    second = create_group(stack, teacher)
    for day in range(1, 26):
        r = api(stack, "POST", L, teacher, json={
            "title": f"Будущее {day:02d}", "group": group["id"],
            "start_time": f"2031-06-{day:02d}T10:00:00Z", "end_time": f"2031-06-{day:02d}T11:00:00Z"})
        assert r.status == 201, r
    for year in (2019, 2020, 2021):
        r = api(stack, "POST", L, teacher, json={
            "title": f"Прошлое {year}", "group": second["id"],
            "start_time": f"{year}-03-01T10:00:00Z", "end_time": f"{year}-03-01T11:00:00Z"})
        assert r.status == 201, r
    ids = {x["title"]: x["id"] for x in api_lessons(stack, teacher)}
    # Upcoming (the default): ordered by start, 20 a page.
    r = teacher.c.get("/lessons")
    assert_html(r, 200)
    assert lesson_ids(r) == [ids[f"Будущее {d:02d}"] for d in range(1, 21)]
    assert html.unescape(r.text).count('href="/lessons?when=upcoming&page=2"') == 1
    assert "назад" not in r.text
    r = teacher.c.get("/lessons?when=upcoming&page=2")
    assert lesson_ids(r) == [ids[f"Будущее {d:02d}"] for d in range(21, 26)]
    assert 'href="/lessons?when=upcoming&page=1"' in html.unescape(r.text)
    # Past: newest first.
    r = teacher.c.get("/lessons?when=past")
    assert lesson_ids(r) == [ids[f"Прошлое {y}"] for y in (2021, 2020, 2019)]
    assert "завершено" in r.text
    # All, filtered by group.
    r = teacher.c.get(f"/lessons?when=all&group={second['id']}")
    assert lesson_ids(r) == [ids[f"Прошлое {y}"] for y in (2019, 2020, 2021)]
    assert re.search(rf'<option value="{second["id"]}" selected>', r.text)
    # Another teacher's group filters to nothing; bad filters are a 400 page.
    other = create_group(stack, person(stack, "teacher"))
    assert lesson_ids(teacher.c.get(f"/lessons?when=all&group={other['id']}")) == []
    for q in ("when=soon", "group=abc", "group=0"):
        r = teacher.c.get("/lessons?" + q)
        assert_html(r, 400)
        assert "Неверный фильтр" in r.text, q


# -- the lesson page -------------------------------------------------------------------------------

def test_lesson_page_by_who_asks(stack, cls):
    teacher, group, s1, s2, out = cls
    lid = new_lesson(teacher, group, "2031-07-01", "18:00", "19:00", "Физика",
                     topics="Оптика", notes="Секретная заметка")
    r = teacher.c.get(f"/lessons/{lid}")
    assert_html(r, 200)
    text = main(r)
    for s in ("Физика", group["name"], "Оптика", "Секретная заметка", "запланировано",
              "Встреча ещё не создана", "Петрова Анна", "Иванов Борис", "Сидорова Вера"):
        assert s in text, s
    assert start_forms(r) == [str(lid)]
    assert f'href="/lessons/{lid}/edit"' in text
    # A student of the group: the lesson, no notes, no teacher's controls, no classmates' marks.
    r = s1.c.get(f"/lessons/{lid}")
    assert_html(r, 200)
    text = main(r)
    assert "Физика" in text and "Оптика" in text and "18:00–19:00" in text
    assert "Секретная заметка" not in text and start_forms(r) == []
    assert "/edit" not in text and "/cancel" not in text and "/attendance" not in text
    assert "Сидорова" not in text and "Ваша посещаемость ещё не отмечена" in text
    # A student of another group, another teacher: a 404 page that names nothing.
    for u in (out, person(stack, "teacher")):
        r = u.c.get(f"/lessons/{lid}")
        assert_html(r, 404)
        assert "Физика" not in r.text and group["name"] not in r.text
    # An admin reads it (as the API lets them), without the start button.
    admin = new_admin(stack)
    admin.c = Client(stack)
    assert page_signin(admin.c, admin.email).status == 303
    r = admin.c.get(f"/lessons/{lid}")
    assert_html(r, 200)
    assert "Физика" in r.text and start_forms(r) == [] and "/attendance" not in r.text
    assert_html(teacher.c.get("/lessons/999999999"), 404)


def test_meeting_state_and_recordings(stack, cls):
    teacher, group, s1, *_ = cls
    lid = new_lesson(teacher, group, "2031-07-02", "18:00", "19:00")
    url = "https://zoom.example/j/123?pwd=a&b=1"
    sql(stack, f"UPDATE schedule_lesson SET zoom_meeting_id='123', zoom_join_url='{url}', "
               f"zoom_password='pa<ss' WHERE id={lid}")
    sql(stack, f"INSERT INTO schedule_lessonrecording (lesson_id, play_url) VALUES "
               f"({lid}, 'https://zoom.example/rec/1'), ({lid}, 'javascript:alert(1)')")
    for u in (teacher, s1):
        r = u.c.get(f"/lessons/{lid}")
        assert_html(r, 200)
        text = html.unescape(main(r))
        assert "Встреча создана" in text and "pa<ss" in text
        assert 'href="https://zoom.example/rec/1"' in text and "javascript:" not in text
        # The teacher sees the link to share; a student the join button, which goes through
        # the server (attendance from Zoom), never the raw link.
        join = f'action="/lessons/{lid}/join"'
        if u is teacher:
            assert f'href="{url}"' in text and join not in text
        else:
            assert url not in text and join in text


# -- attendance ------------------------------------------------------------------------------------

def att(stack, teacher, lid):
    return {a["student"]: a for a in api_lesson(stack, teacher, lid).json()["attendances"]}


def test_attendance_one_by_one_and_all_present(stack, cls):
    teacher, group, s1, s2, out = cls
    lid = new_lesson(teacher, group, "2031-07-03", "18:00", "19:00")
    page = teacher.c.get(f"/lessons/{lid}")
    for s in (s1, s2):
        assert f'name="status_{s.id}"' in page.text and f'name="note_{s.id}"' in page.text
    act = f"/lessons/{lid}/attendance"
    # One student, the other left unmarked.
    r = form_post(teacher, f"/lessons/{lid}", act,
                  {f"status_{s1.id}": "late", f"note_{s1.id}": "на 5 минут", f"status_{s2.id}": ""})
    assert r.status == 303 and path_of(location(r)) == f"/lessons/{lid}?done=attendance", r
    a = att(stack, teacher, lid)
    assert list(a) == [s1.id] and (a[s1.id]["status"], a[s1.id]["notes"]) == ("late", "на 5 минут")
    page = teacher.c.get(f"/lessons/{lid}?done=attendance")
    assert flash(page) == ("ok", "Посещаемость сохранена.")
    assert re.search(rf'name="status_{s1.id}".*?<option value="late" selected>', page.text, re.S)
    assert 'value="на 5 минут"' in page.text
    # The student sees their own mark only.
    text = main(s1.c.get(f"/lessons/{lid}"))
    assert "опоздал(а)" in text and "на 5 минут" in text and "Сидорова" not in text
    assert "не отмечена" in main(s2.c.get(f"/lessons/{lid}"))
    # The other one, one by one: the first mark is untouched (not even re-stamped).
    before = a[s1.id]["marked_at"]
    r = form_post(teacher, f"/lessons/{lid}", act, {
        f"status_{s1.id}": "late", f"note_{s1.id}": "на 5 минут", f"status_{s2.id}": "excused"})
    assert r.status == 303, r
    a = att(stack, teacher, lid)
    assert a[s2.id]["status"] == "excused" and a[s1.id]["marked_at"] == before
    # A bad value anywhere applies nothing.
    r = form_post(teacher, f"/lessons/{lid}", act,
                  {f"status_{s1.id}": "present", f"status_{s2.id}": "asleep"})
    assert_html(r, 400)
    assert flash(r) == ("error", "Неизвестная отметка посещаемости.")
    a = att(stack, teacher, lid)
    assert (a[s1.id]["status"], a[s2.id]["status"]) == ("late", "excused")
    # Everyone present; notes stay.
    r = form_post(teacher, f"/lessons/{lid}", act, {"all": "present"})
    assert r.status == 303, r
    a = att(stack, teacher, lid)
    assert {k: v["status"] for k, v in a.items()} == {s1.id: "present", s2.id: "present"}
    assert a[s1.id]["notes"] == "на 5 минут"
    text = main(s2.c.get(f"/lessons/{lid}"))
    assert "присутствовал(а)" in text and "на 5 минут" not in text and "Иванов" not in text
    # Nobody else marks: a student (not a teacher's form), another teacher (no such lesson).
    assert s1.c.post(act, {"csrf_token": csrf_of(s1.c.get("/student/")),
                           f"status_{s1.id}": "absent"}).status == 403
    assert_html(form_post(person(stack, "teacher"), "/lessons/new", act, {"all": "present"}), 404)
    assert att(stack, teacher, lid)[s1.id]["status"] == "present"


# -- dashboards ------------------------------------------------------------------------------------

def test_dashboards(stack, cls):
    teacher, group, s1, s2, out = cls
    now_id = now_lesson(stack, teacher, group, "Идёт сейчас")
    soon = (datetime.datetime.now(zone_of(stack)) + datetime.timedelta(days=3)).date()
    later_id = new_lesson(teacher, group, soon.isoformat(), "10:00", "11:00", "Через три дня")
    far_id = new_lesson(teacher, group, "2031-08-01", "10:00", "11:00", "Далеко")
    r = teacher.c.get("/teacher/")
    assert_html(r, 200)
    today = main(r)[main(r).index("Сегодня"):main(r).index("Ближайшие 7 дней")]
    week = main(r)[main(r).index("Ближайшие 7 дней"):]
    assert f'href="/lessons/{now_id}"' in today and f'href="/lessons/{later_id}"' not in today
    assert f'href="/lessons/{later_id}"' in week and f'href="/lessons/{far_id}"' not in main(r)
    assert start_forms(r) == [str(now_id)]
    for link in ("/lessons/new", "/lessons", "/groups", "/invites", "/calendar"):
        assert f'href="{link}"' in main(r), link
    assert f'href="/groups/{group["id"]}"' in main(r)
    # Students: the lessons and their group, but no join link before a meeting exists.
    r = s1.c.get("/student/")
    assert_html(r, 200)
    text = main(r)
    assert f'href="/lessons/{now_id}"' in text and f'href="/lessons/{later_id}"' in text
    assert group["name"] in text and "Петрова Анна" in text
    assert "Войти в урок" not in text and start_forms(r) == []
    assert re.search(r'<form method="get" action="/join"[^>]*>', text)
    assert f'href="/lessons/{now_id}"' not in main(out.c.get("/student/"))
    url = "https://zoom.example/j/987?pwd=x&y=2"
    sql(stack, f"UPDATE schedule_lesson SET zoom_join_url='{url}' WHERE id={now_id}")
    text = html.unescape(main(s1.c.get("/student/")))
    assert text.count("Войти в урок") == 1 and url not in text
    assert f'<form method="post" action="/lessons/{now_id}/join" target="_blank"' in text
    # Cancelled: no start button, no join link.
    form_post(teacher, f"/lessons/{now_id}", f"/lessons/{now_id}/cancel", {})
    assert start_forms(teacher.c.get("/teacher/")) == []
    assert "Войти в урок" not in s1.c.get("/student/").text


# -- escaping --------------------------------------------------------------------------------------

def test_titles_are_escaped_on_every_page(stack, cls):
    teacher, group, s1, *_ = cls
    lid = now_lesson(stack, teacher, group, XSS)
    day = datetime.datetime.now(zone_of(stack)).date()
    pages = [(teacher, "/lessons"), (teacher, f"/lessons/{lid}"), (teacher, f"/lessons/{lid}/edit"),
             (teacher, "/teacher/"), (s1, f"/lessons/{lid}"), (s1, "/student/")]
    for u in (teacher, s1):
        pages += [(u, f"/calendar?month={day:%Y-%m}"), (u, f"/calendar/week?date={day}"),
                  (u, f"/calendar/day?date={day}")]
    for u, path in pages:
        r = u.c.get(path)
        assert_html(r, 200)
        assert XSS not in r.text, path
        assert XSS_ESC in r.text, path


# -- navigation ------------------------------------------------------------------------------------

def test_nav(stack, cls):
    teacher, group, s1, *_ = cls
    tnav = re.search(r"<nav.*?</nav>", teacher.c.get("/teacher/").text, re.S).group(0)
    snav = re.search(r"<nav.*?</nav>", s1.c.get("/student/").text, re.S).group(0)
    assert '<a href="/lessons">Занятия</a>' in tnav and '<a href="/calendar">Календарь</a>' in tnav
    assert '<a href="/calendar">Календарь</a>' in snav and 'href="/lessons"' not in snav


# -- the calendar ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/calendar?month=2026-13", "/calendar?month=2026-00", "/calendar?month=2026-1",
    "/calendar?month=garbage", "/calendar?month=1969-12", "/calendar/week?date=garbage",
    "/calendar/week?date=2026-02-30", "/calendar/day?date=2026-13-01", "/calendar/day?date=20261123",
])
def test_calendar_bad_params_are_400(stack, cls, path):
    r = cls[0].c.get(path)
    assert_html(r, 400)
    assert "Неверн" in r.text and "ГГГГ" in r.text, r.text


@pytest.fixture(scope="module")
def berlin():
    """A private stack whose pages show Europe/Berlin (UTC+1, +2 from 2031-03-30)."""
    old = os.environ.get("TPANEL_TIME_ZONE")
    os.environ["TPANEL_TIME_ZONE"] = "Europe/Berlin"
    try:
        st = conftest._start_stack(workers="2")
    finally:
        if old is None:
            os.environ.pop("TPANEL_TIME_ZONE")
        else:
            os.environ["TPANEL_TIME_ZONE"] = old
    yield st
    conftest._teardown(st)


def day_html(r, date):
    """A calendar page from a local date's cell (or list) to the next one."""
    i = r.text.index(f'data-date="{date}"')
    j = r.text.find('data-date="', i + 1)
    return r.text[i:j if j != -1 else len(r.text)]


def test_calendar_in_the_configured_zone(berlin):
    st = berlin
    teacher = person(st, "teacher")
    s1, out = person(st), person(st)
    group = create_group(st, teacher, student_ids=[s1.id])
    create_group(st, person(st, "teacher"), student_ids=[out.id])
    # 00:30 in Berlin on Monday 2031-03-31 (CEST) is 22:30 UTC on Sunday the 30th.
    lid = new_lesson(teacher, group, "2031-03-31", "00:30", "01:30", "Ночной")
    assert api_lesson(st, teacher, lid).json()["start_time"] == "2031-03-30T22:30:00Z"
    gone = new_lesson(teacher, group, "2031-04-02", "12:00", "13:00", "Отменённый")
    form_post(teacher, f"/lessons/{gone}", f"/lessons/{gone}/cancel", {})
    # A weekly lesson on Thursdays at 09:00 local, not generated: virtual on both sides of the
    # daylight-saving change, still at 09:00.
    sql(st, "INSERT INTO schedule_recurringlesson (title, group_id, teacher_id, day_of_week, "
            "week_type, start_time, end_time, start_date, end_date) VALUES "
            f"('Еженедельный', {group['id']}, {teacher.id}, 3, 'ALL', '09:00', '10:00', "
            "'2031-03-01', '2031-04-30')")
    assert "вт, 31.03.2031" not in teacher.c.get(f"/lessons/{lid}").text
    assert "пн, 31.03.2031 00:30–01:30" in teacher.c.get(f"/lessons/{lid}").text

    for u in (teacher, s1):
        r = u.c.get("/calendar?month=2031-03")
        assert_html(r, 200)
        assert "Март 2031" in r.text
        assert f'href="/lessons/{lid}"' in day_html(r, "2031-03-31")
        assert f'href="/lessons/{lid}"' not in day_html(r, "2031-03-30")
        for d in ("2031-03-27", "2031-03-20"):
            ev = day_html(r, d)
            assert 'class="event virtual"' in ev and "09:00–10:00" in ev and "еженедельный" in ev
        # The grid runs Monday to Sunday: Feb 24 .. Apr 6.
        assert 'data-date="2031-02-24"' in r.text and 'data-date="2031-04-06"' in r.text
        assert 'data-date="2031-02-23"' not in r.text and 'data-date="2031-04-07"' not in r.text
        nav = html.unescape(r.text)
        assert 'href="/calendar?month=2031-02"' in nav and 'href="/calendar?month=2031-04"' in nav
        assert 'href="/calendar">Сегодня' in nav

        r = u.c.get("/calendar/week?date=2031-04-02")
        assert_html(r, 200)
        assert f'href="/lessons/{lid}"' in day_html(r, "2031-03-31")
        ev = day_html(r, "2031-04-02")
        assert f'href="/lessons/{gone}"' in ev and 'class="event cancelled"' in ev
        ev = day_html(r, "2031-04-03")
        assert 'class="event virtual"' in ev and "09:00–10:00" in ev
        nav = html.unescape(r.text)
        assert 'href="/calendar/week?date=2031-03-24"' in nav
        assert 'href="/calendar/week?date=2031-04-07"' in nav
        assert 'href="/calendar/week">Сегодня' in nav

        r = u.c.get("/calendar/day?date=2031-03-31")
        assert_html(r, 200)
        assert f'href="/lessons/{lid}"' in r.text and "00:30–01:30" in r.text
        nav = html.unescape(r.text)
        assert 'href="/calendar/day?date=2031-03-30"' in nav
        assert 'href="/calendar/day?date=2031-04-01"' in nav
        assert f'href="/lessons/{lid}"' not in u.c.get("/calendar/day?date=2031-03-30").text

    # Another group's student sees none of it; the teacher may add a lesson on a day.
    r = out.c.get("/calendar?month=2031-03")
    assert_html(r, 200)
    assert "Ночной" not in r.text and "Еженедельный" not in r.text
    assert 'href="/lessons/new?date=2031-03-31"' in teacher.c.get(
        "/calendar/day?date=2031-03-31").text
    # Year boundaries.
    nav = html.unescape(teacher.c.get("/calendar?month=2031-12").text)
    assert 'href="/calendar?month=2032-01"' in nav and 'href="/calendar?month=2031-11"' in nav
    nav = html.unescape(teacher.c.get("/calendar?month=2031-01").text)
    assert 'href="/calendar?month=2030-12"' in nav
    # The dashboard, list and form speak Berlin time too.
    r = teacher.c.get(f"/lessons/{lid}/edit")
    assert 'value="2031-03-31"' in r.text and 'value="00:30"' in r.text
    assert "Europe/Berlin" in r.text
