"""The chat pages (P3.5): /chat with its filters, unread badges, last messages and times; the
thread with date separators and ✓/✓✓; sending, editing, deleting and moderating without
JavaScript (POST and redirect), text escaped everywhere; the nav badge. Then two users in two
headless browsers: a message, "печатает…" and the receipts live, the nav badge live; and the
browser walk (tests/e2e/browser.py) of every chat page at 390 px and at desktop width: no
sideways scrolling, touch targets, axe-core (screenshots in var/screenshots/chat/)."""

import os
import re
import time
import urllib.parse
from pathlib import Path

import pytest

import filegen as g
from browser import browser, check_pages, signed_in_cookies  # noqa: F401 - browser: a fixture
from test_chat_api import call, chat_of, dm, group_chat, messages, ok, send
from test_chat_files import up
from test_groups_api import PW, create_group, new_user
from test_lesson_pages import sql
from test_pages import Client, csrf_of, location, page_signin, path_of


class Person:
    """A user with an API token and a signed-in page session."""

    def __init__(self, stack, role, first, last):
        self.u = new_user(stack, role, first_name=first, last_name=last)
        self.c = Client(stack)
        assert page_signin(self.c, self.u.email).status == 303
        self.id = self.u.id

    def get(self, path):
        return self.c.get(urllib.parse.quote(path, safe="/?=&#"))

    def post(self, path, data):
        page = self.c.get("/chat")
        return self.c.post(path, {**data, "csrf_token": csrf_of(page)})


def main(r):
    return r.text[r.text.index("<main"):]


@pytest.fixture(scope="module")
def people(stack):
    t = Person(stack, "teacher", "Анна", "Петрова")
    s = Person(stack, "student", "Иван", "Иванов")
    s2 = Person(stack, "student", "Мария", "Смирнова")
    g = create_group(stack, t.u, student_ids=[s.id, s2.id])
    return t, s, s2, g


def test_list_shows_badges_last_messages_and_filters(stack):
    t = Person(stack, "teacher", "Анна", "Петрова")
    s = Person(stack, "student", "Иван", "Иванов")
    s2 = Person(stack, "student", "Мария", "Смирнова")
    g = create_group(stack, t.u, student_ids=[s.id, s2.id])
    c = dm(stack, s.u, t.u)
    gc = group_chat(stack, t.u, g)
    send(stack, s.u, c, "Здравствуйте! <script>alert(1)</script>")
    send(stack, s2.u, gc, "Когда контрольная?")
    r = t.get("/chat")
    assert r.status == 200, r
    body = main(r)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    item = re.search(r'data-chat-item="%d".*?</li>' % c["id"], body, re.S).group(0)
    assert "Иванов Иван" in item and re.search(r'data-chat-badge[^>]*>1<', item)
    assert re.search(r"data-chat-when>\d\d:\d\d<", item)
    assert body.index(f'data-chat-item="{gc["id"]}"') < body.index(f'data-chat-item="{c["id"]}"')
    assert re.search(r'data-chat-unread[^>]*>2<', r.text), "the nav badge"
    groups = main(t.get("/chat?filter=groups"))
    assert f'data-chat-item="{gc["id"]}"' in groups and f'data-chat-item="{c["id"]}"' not in groups
    unread = main(t.get("/chat?filter=unread"))
    assert f'data-chat-item="{c["id"]}"' in unread
    for label in ("Все", "Непрочитанные", "Группы"):
        assert f">{label}</a>" in body


def test_thread_shows_days_receipts_and_reads_on_open(stack, people):
    t, s, s2, g = people
    c = dm(stack, s.u, t.u)
    old = send(stack, s.u, c, "вчерашнее")
    sql(stack, "UPDATE accounts_message SET created_at = created_at - INTERVAL 1 DAY "
               f"WHERE id = {old['id']}")
    mine = send(stack, s.u, c, "сегодняшнее")
    r = s.get(f"/chat/{c['id']}")
    body = main(r)
    assert "Вчера" in body and "Сегодня" in body
    assert body.index("Вчера") < body.index("вчерашнее") < body.index("Сегодня")
    li = re.search(r'id="m%d".*?</li>' % mine["id"], body, re.S).group(0)
    assert "data-receipt" in li and ">✓<" in li
    # The teacher opens the thread: read, and the student sees ✓✓.
    assert t.get(f"/chat/{c['id']}").status == 200
    assert chat_of(stack, t.u, c["id"])["unread_count"] == 0
    li = re.search(r'id="m%d".*?</li>' % mine["id"], main(s.get(f"/chat/{c['id']}")), re.S)
    assert ">✓✓<" in li.group(0)
    assert s2.get(f"/chat/{c['id']}").status == 404


def test_sending_without_javascript(stack, people):
    t, s, s2, g = people
    c = dm(stack, s.u, t.u)
    r = s.post(f"/chat/{c['id']}", {"text": "  Без скриптов & <b>HTML</b>  "})
    assert r.status == 303, r
    loc = location(r)
    assert re.search(r"/chat/%d#m\d+$" % c["id"], loc), loc
    last = messages(stack, t.u, c["id"])["results"][-1]
    assert last["text"] == "Без скриптов & <b>HTML</b>"
    assert "Без скриптов &amp; &lt;b&gt;HTML&lt;/b&gt;" in main(t.get(f"/chat/{c['id']}"))
    before = messages(stack, t.u, c["id"])["count"]
    r = s.post(f"/chat/{c['id']}", {"text": "   "})
    assert r.status == 400 and "не может быть пустым" in r.text
    r = s.post(f"/chat/{c['id']}", {"text": "я" * 4001})
    assert r.status == 400 and "4000" in r.text and "я" * 4001 in r.text   # kept in the form
    assert messages(stack, t.u, c["id"])["count"] == before
    r = s.c.post(f"/chat/{c['id']}", {"text": "без токена"})
    assert r.status == 403
    assert s2.post(f"/chat/{c['id']}", {"text": "чужой"}).status == 404


def test_edit_and_delete_forms(stack, people):
    t, s, s2, g = people
    gc = group_chat(stack, t.u, g)
    m = send(stack, s.u, gc, "опечатка")
    r = s.get(f"/chat/messages/{m['id']}/edit")
    assert r.status == 200 and "опечатка" in r.text
    assert s2.get(f"/chat/messages/{m['id']}/edit").status == 403
    r = s.post(f"/chat/messages/{m['id']}/edit", {"text": "исправлено"})
    assert r.status == 303 and "done=edited" in location(r)
    body = main(s.get(path_of(location(r))))
    assert "исправлено" in body and "изменено" in body
    assert s.post(f"/chat/messages/{m['id']}/edit", {"text": ""}).status == 400
    assert s2.post(f"/chat/messages/{m['id']}/delete", {}).status == 403
    r = t.post(f"/chat/messages/{m['id']}/delete", {})   # the moderator
    assert r.status == 303
    assert "Сообщение удалено" in main(s.get(f"/chat/{gc['id']}"))
    assert s.get(f"/chat/messages/999999999/edit").status == 404


def test_moderation_forms(stack, people):
    t, s, s2, g = people
    gc = group_chat(stack, t.u, g)
    page = main(t.get(f"/chat/{gc['id']}"))
    assert "Запретить писать" in page and "Только для чтения" in page
    assert "Запретить писать" not in main(s.get(f"/chat/{gc['id']}"))
    r = t.post(f"/chat/{gc['id']}/mute", {"user_id": str(s2.id), "minutes": "60"})
    assert r.status == 303 and "done=muted" in location(r)
    page = main(s2.get(f"/chat/{gc['id']}"))
    assert "запретил вам писать" in page and 'data-chat-send' not in page
    assert s2.post(f"/chat/{gc['id']}", {"text": "можно?"}).status == 403
    assert s.post(f"/chat/{gc['id']}/mute", {"user_id": str(s2.id), "minutes": "60"}).status \
        == 403
    r = t.post(f"/chat/{gc['id']}/mute", {"user_id": str(s2.id), "minutes": ""})
    assert "done=unmuted" in location(r)
    r = t.post(f"/chat/{gc['id']}/settings", {"name": "Математика 7А", "is_readonly": "1"})
    assert r.status == 303
    page = main(s.get(f"/chat/{gc['id']}"))
    assert "Математика 7А" in page and "только для чтения" in page
    assert s.post(f"/chat/{gc['id']}", {"text": "эй"}).status == 403
    t.post(f"/chat/{gc['id']}/settings", {"name": "Математика 7А"})
    assert s.post(f"/chat/{gc['id']}", {"text": "вопрос"}).status == 303
    # Leaving a custom chat; a group's chat is left with the group.
    c = ok(call(stack, "POST", "/chats/create_group/", t.u, {"name": "Кружок",
                                                              "participant_ids": [s.id]}), 201)
    assert "Выйти из чата" in main(s.get(f"/chat/{c['id']}"))
    assert "Выйти из чата" not in main(s.get(f"/chat/{gc['id']}"))
    r = s.post(f"/chat/{c['id']}/leave", {})
    assert r.status == 303 and path_of(location(r)).startswith("/chat?done=left")
    assert s.get(f"/chat/{c['id']}").status == 404


def test_new_chat_page(stack, people):
    t, s, s2, g = people
    page = main(s.get("/chat/new?q=Анна"))
    assert "Петрова Анна" in page and "Смирнова" not in page
    assert "Чат группы" not in page
    r = s.post("/chat/new", {"user_id": str(t.id)})
    assert r.status == 303 and re.fullmatch(r"/chat/\d+", path_of(location(r)))
    assert s.post("/chat/new", {"user_id": str(s2.id)}).status == 403
    assert s.post("/chat/new", {}).status == 400
    page = main(t.get("/chat/new"))
    assert "Чат группы" in page and g["name"] in page and "Иванов Иван" in page
    r = t.post("/chat/new", {"group_id": str(g["id"])})
    assert r.status == 303
    cid = int(path_of(location(r)).rsplit("/", 1)[1])
    assert chat_of(stack, t.u, cid)["group"] == g["id"]


def test_page_json_for_the_script(stack, people):
    t, s, s2, g = people
    c = dm(stack, s.u, t.u)
    m = send(stack, s.u, c, "для скрипта")
    r = t.get(f"/chat/{c['id']}/since?after_id={m['id'] - 1}")
    assert r.status == 200 and [x["id"] for x in r.json()["results"]] == [m["id"]]
    assert "email" not in r.json()["results"][0]["sender"]
    assert s2.get(f"/chat/{c['id']}/since?after_id=0").status == 404
    assert t.get("/chat/unread").json()["total"] >= 1
    r = t.post(f"/chat/{c['id']}/read", {"up_to_id": str(m["id"])})
    assert r.status == 200 and r.json()["last_read_message_id"] >= m["id"]
    assert t.post(f"/chat/{c['id']}/typing", {"op": "start"}).status == 204
    r = s.c.request("POST", f"/chat/{c['id']}", data={"text": "из fetch",
                                                        "csrf_token": csrf_of(s.c.get("/chat"))},
                    headers={"X-Requested-With": "fetch"})
    assert r.status == 201 and r.json()["text"] == "из fetch"
    r = s.c.request("POST", f"/chat/{c['id']}", data={"text": " ",
                                                        "csrf_token": csrf_of(s.c.get("/chat"))},
                    headers={"X-Requested-With": "fetch"})
    assert r.status == 400 and r.json()["detail"]
    assert Client(stack).get("/chat").status == 303       # signed out: to the sign-in page


# -- two browsers ----------------------------------------------------------------------------------

def second_browser():
    """Another headless Chromium (the browser fixture's settings)."""
    import shutil
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    from browser import CHROMIUM_ARGS, _find
    profile = tempfile.mkdtemp(prefix="tp-chromium-")
    opts = Options()
    opts.binary_location = _find("chromium", "chromium-browser")
    for a in CHROMIUM_ARGS:
        opts.add_argument(a)
    opts.add_argument("--user-data-dir=" + profile)
    d = webdriver.Chrome(service=Service(executable_path=_find("chromedriver")), options=opts)
    d.set_page_load_timeout(30)
    return d, lambda: (d.quit(), shutil.rmtree(profile, ignore_errors=True))


def sign_in(d, base, email):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    d.get(base + "/login")
    d.find_element(By.NAME, "email").send_keys(email)
    d.find_element(By.NAME, "password").send_keys(PW)
    d.find_element(By.CSS_SELECTOR, 'form[action="/login"] button[type="submit"]').click()
    WebDriverWait(d, 15).until(lambda x: "/login" not in x.current_url)


def no_sideways_scroll(d):
    """Nothing of the page's content (<main>) reaches past the window's right edge. (The nav
    bar is being rebuilt for phones elsewhere: until then it overflows at 390 px on every
    page, and is left out here.)"""
    return d.execute_script(
        "var w = document.documentElement.clientWidth, bad = [];"
        "document.querySelectorAll('main, main *').forEach(function (e) {"
        "  var r = e.getBoundingClientRect();"
        "  if (r.width > 0 && r.right > w + 1) bad.push(e.tagName + '.' + e.className); });"
        "return bad.length === 0 && document.querySelector('main').scrollWidth <= w;")


def shot(d, name, tmp_path):
    where = Path(os.environ.get("TPANEL_E2E_SHOTS") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    assert d.save_screenshot(str(where / name))


def test_two_users_chat_live_in_two_browsers(stack, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    base = stack.base_url
    t = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    s = new_user(stack, "student", first_name="Иван", last_name="Иванов")
    create_group(stack, t, student_ids=[s.id])
    c = dm(stack, s, t)
    send(stack, t, c, "Добрый день! Как успехи с домашним заданием?")
    teacher = browser.d
    student, done = second_browser()
    try:
        teacher.delete_all_cookies()
        sign_in(teacher, base, t.email)
        sign_in(student, base, s.email)
        teacher.get(f"{base}/chat/{c['id']}")
        student.get(f"{base}/student/")
        wait_t, wait_s = WebDriverWait(teacher, 10), WebDriverWait(student, 10)
        # The student's nav badge: 1 unread, then the chat opened from the nav.
        badge = student.find_element(By.CSS_SELECTOR, "[data-chat-unread]")
        assert badge.text == "1"
        student.find_element(By.CSS_SELECTOR, "a[data-chat-link]").click()
        wait_s.until(lambda d: d.current_url.endswith("/chat"))
        student.find_element(By.CSS_SELECTOR, f'[data-chat-item="{c["id"]}"] a').click()
        wait_s.until(lambda d: d.current_url.endswith(f"/chat/{c['id']}"))
        # Both pages hold their stream before anything is sent.
        time.sleep(1)
        area = student.find_element(By.CSS_SELECTOR, "[data-chat-send] textarea")
        area.send_keys("Всё сделал, остался один вопрос")
        wait_t.until(lambda d: "печатает" in d.find_element(
            By.CSS_SELECTOR, "[data-chat-typing]").text)
        assert "Иванов Иван печатает…" in teacher.find_element(
            By.CSS_SELECTOR, "[data-chat-typing]").text
        student.find_element(By.CSS_SELECTOR, "[data-chat-send] button").click()
        # Live in the teacher's thread without a reload, typing over, and the list follows.
        wait_t.until(lambda d: "остался один вопрос" in d.find_element(
            By.CSS_SELECTOR, "[data-chat-messages]").text)
        assert teacher.find_element(By.CSS_SELECTOR, "[data-chat-typing]").text == ""
        assert student.find_element(By.CSS_SELECTOR, "[data-chat-send] textarea") \
            .get_attribute("value") == ""
        # The teacher saw it (the tab is visible): the student's message gets ✓✓ live.
        wait_s.until(lambda d: "✓✓" in d.find_element(
            By.CSS_SELECTOR, "[data-chat-messages] .msg.mine:last-child").text)
        # The teacher answers; the student's thread shows it, then the page is checked at
        # phone and desktop widths.
        ta = teacher.find_element(By.CSS_SELECTOR, "[data-chat-send] textarea")
        ta.send_keys("Отлично, <b>спрашивайте</b>!")
        teacher.find_element(By.CSS_SELECTOR, "[data-chat-send] button").click()
        wait_s.until(lambda d: "<b>спрашивайте</b>" in d.find_element(
            By.CSS_SELECTOR, "[data-chat-messages]").text)
        # Elsewhere on the site the nav badge follows.
        teacher.get(f"{base}/teacher/")
        send(stack, s, c, "Спасибо!")
        wait_t.until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-chat-unread]").text == "1")
        for width, name in ((390, "phone"), (1280, "desktop")):
            for d, who in ((teacher, "teacher"), (student, "student")):
                d.set_window_size(width, 900)
                d.get(f"{base}/chat/{c['id']}")
                WebDriverWait(d, 10).until(lambda x: x.find_element(
                    By.CSS_SELECTOR, "[data-chat-messages]"))
                assert no_sideways_scroll(d), (who, width)
                shot(d, f"chat-thread-{who}-{name}.png", tmp_path)
                d.get(f"{base}/chat")
                assert no_sideways_scroll(d), (who, width, "list")
                shot(d, f"chat-list-{who}-{name}.png", tmp_path)
        student.get(f"{base}/chat/new")
        assert no_sideways_scroll(student)
        assert messages(stack, t, c["id"])["results"][-1]["text"] == "Спасибо!"
    finally:
        done()


def test_chat_pages_fit_a_phone_and_pass_axe(stack, browser):
    """Every chat page with something on it (long names, unread badges, a day separator,
    an image and a document, a muted member, a read-only notice), as a teacher and a student."""
    t = new_user(stack, "teacher", first_name="Екатерина-Александра",
                 last_name="Преображенская-Милославская")
    studs = [new_user(stack, "student", first_name=f"Ученик{i}", last_name="Длиннофамильный")
             for i in range(3)]
    grp = create_group(stack, t, "Подготовка к ЕГЭ по математике (профильный уровень)",
                       student_ids=[x.id for x in studs])
    c = dm(stack, studs[0], t)
    old = send(stack, studs[0], c, "Вчерашний вопрос про задачу 14")
    sql(stack, "UPDATE accounts_message SET created_at = created_at - INTERVAL 1 DAY "
               f"WHERE id = {old['id']}")
    send(stack, t, c, "Очень длинное сообщение без пробелов: " + "а" * 150)
    f = up(stack, studs[0], c, "решение.png", g.png(40, 30))
    send(stack, studs[0], c, "", file_id=f["file_id"])
    d = up(stack, t, c, "Разбор контрольной работы по тригонометрии.pdf", g.pdf())
    send(stack, t, c, "Разбор", file_id=d["file_id"])
    gc = group_chat(stack, t, grp)
    for i, who in enumerate(studs):
        send(stack, who, gc, f"Сообщение {i} в группе")
    ok(call(stack, "POST", f"/chats/{gc['id']}/mute_member/", t, {"user_id": studs[2].id,
                                                                   "minutes": 60}))
    ro = ok(call(stack, "POST", "/chats/create_group/", t,
                 {"name": "Объявления", "participant_ids": [studs[0].id]}), 201)
    ok(call(stack, "PATCH", f"/chats/{ro['id']}/", t, {"is_readonly": True}))
    mine = send(stack, studs[0], c, "Исправлю это сообщение")
    tc, sc = signed_in_cookies(stack, t.email), signed_in_cookies(stack, studs[0].email)
    mc = signed_in_cookies(stack, studs[2].email)
    pages = [("/chat", tc, "teacher-list"), ("/chat?filter=unread", tc, "teacher-unread"),
             ("/chat?filter=groups", tc, "teacher-groups"), ("/chat/new", tc, "teacher-new"),
             ("/chat/new?q=Ученик", tc, "teacher-search"),
             (f"/chat/{c['id']}", tc, "teacher-dm"), (f"/chat/{gc['id']}", tc, "teacher-group"),
             ("/chat", sc, "student-list"), ("/chat/new", sc, "student-new"),
             (f"/chat/{c['id']}", sc, "student-dm"), (f"/chat/{gc['id']}", sc, "student-group"),
             (f"/chat/{ro['id']}", sc, "student-readonly"),
             (f"/chat/messages/{mine['id']}/edit", sc, "student-edit"),
             (f"/chat/{gc['id']}", mc, "muted-student")]
    check_pages(browser, stack, "chat", [(urllib.parse.quote(p, safe="/?=&"), ck, n)
                                         for p, ck, n in pages])
