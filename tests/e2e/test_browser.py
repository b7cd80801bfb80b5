"""A real browser through the pages: register as a student, sign out with the nav's button, sign
in again; schedule a lesson through the form; and the walk of every page as the users who see it,
on a phone and on a desktop (tests/e2e/browser.py: no sideways scrolling, no serious axe-core
finding, screenshots in var/screenshots/). Headless Chromium driven by Selenium (Debian packages
python3-selenium, chromium, chromium-driver: `scripts/stack deps` installs them, and axe-core
from npm)."""

import datetime
import uuid
from pathlib import Path

from browser import browser, check_pages, signed_in_cookies  # noqa: F401 - browser: a fixture

PW = "Teach1ngPanel"


def test_register_sign_out_sign_in_in_a_browser(stack, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    d = browser.d
    browser.sign_in(stack.base_url, None)
    wait = WebDriverWait(d, 15)
    email = f"browser-{uuid.uuid4().hex[:12]}@example.org"
    base = stack.base_url

    def on(path):
        wait.until(lambda drv: drv.current_url.split("?")[0] == base + path)

    def fill(name, value):
        el = d.find_element(By.NAME, name)
        el.clear()
        el.send_keys(value)

    # Register as a student.
    d.get(base + "/register")
    assert "Регистрация" in d.title
    d.find_element(By.CSS_SELECTOR, 'input[name="role"][value="student"]').click()
    fill("email", email)
    fill("first_name", "Алиса")
    fill("last_name", "Селезнёва")
    fill("password", PW)
    fill("password2", PW)
    d.find_element(By.CSS_SELECTOR, 'form[action="/register"] button[type="submit"]').click()
    on("/student/")
    body = d.find_element(By.TAG_NAME, "body").text
    assert "Селезнёва" in body and "Алиса" in body, body
    assert "tp_session" not in d.execute_script("return document.cookie"), "session cookie is not HttpOnly"

    # Sign out with the nav's button.
    d.find_element(By.XPATH, "//nav//form[@action='/logout']//button[normalize-space()='Выйти']").click()
    on("/login")
    d.get(base + "/student/")
    on("/login")  # signed out for real: the dashboard sends us to the sign-in page

    # Sign in again.
    d.get(base + "/login")
    fill("email", email)
    fill("password", PW)
    d.find_element(By.CSS_SELECTOR, 'form[action="/login"] button[type="submit"]').click()
    on("/student/")
    wait.until(EC.presence_of_element_located((By.XPATH, "//nav//button[normalize-space()='Выйти']")))
    assert "Селезнёва" in d.find_element(By.TAG_NAME, "body").text

    shot = Path(tmp_path) / "dashboard.png"
    assert d.save_screenshot(str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    assert len(data) > 1024, len(data)


def test_schedule_a_lesson_in_a_browser(stack, browser):
    """A teacher makes a group, schedules a lesson through the form and finds it on its page, in
    the list and in the calendar."""
    import re

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    d = browser.d
    browser.sign_in(stack.base_url, None)
    wait = WebDriverWait(d, 15)
    base = stack.base_url
    email = f"browser-t-{uuid.uuid4().hex[:12]}@example.org"
    r = stack.post("/api/jwt/register/", json={"email": email, "password": PW, "role": "teacher"})
    assert r.status == 201, r

    def fill(name, value):
        el = d.find_element(By.NAME, name)
        el.clear()
        el.send_keys(value)

    def set_value(name, value):
        # Date and time inputs take keys in the browser's locale format; set them directly.
        d.execute_script("arguments[0].value = arguments[1]", d.find_element(By.NAME, name), value)

    d.get(base + "/login")
    fill("email", email)
    fill("password", PW)
    d.find_element(By.CSS_SELECTOR, 'form[action="/login"] button[type="submit"]').click()
    wait.until(lambda drv: drv.current_url.split("?")[0] == base + "/teacher/")

    d.get(base + "/groups")
    fill("name", "Браузерная группа")
    d.find_element(By.CSS_SELECTOR, 'form[action="/groups"] button[type="submit"]').click()
    wait.until(lambda drv: re.search(r"/groups/\d+", drv.current_url))

    d.find_element(By.XPATH, "//nav//a[normalize-space()='Занятия']").click()
    d.find_element(By.XPATH, "//main//a[normalize-space()='Новое занятие']").click()
    wait.until(lambda drv: drv.current_url.split("?")[0] == base + "/lessons/new")
    fill("title", "Урок в браузере")
    Select(d.find_element(By.NAME, "group")).select_by_visible_text("Браузерная группа")
    set_value("date", "2031-09-15")
    set_value("start", "16:00")
    set_value("end", "17:30")
    fill("topics", "Проверка формы")
    d.find_element(By.CSS_SELECTOR, 'form[action="/lessons"] button[type="submit"]').click()
    wait.until(lambda drv: re.search(r"/lessons/\d+\?done=created$", drv.current_url))
    lesson_url = d.current_url.split("?")[0]
    body = d.find_element(By.TAG_NAME, "body").text
    for s in ("Урок в браузере", "Браузерная группа", "15.09.2031 16:00–17:30", "Проверка формы",
              "Занятие создано.", "Встреча ещё не создана", "Начать урок"):
        assert s in body, (s, body)

    d.get(base + "/calendar?month=2031-09")
    link = d.find_element(By.XPATH, "//td[@data-date='2031-09-15']//a[normalize-space()='Урок в браузере']")
    link.click()
    wait.until(lambda drv: drv.current_url == lesson_url)


# -- the walk: every page, as the users who see it, on a phone and a desktop -----------------------

def _site(stack, zoom):
    """A school with something on every page: a teacher with names long enough to wrap, two
    groups, students, this month's lessons (one now, so start buttons show), a weekly lesson, an
    invite code, an admin with a pool account. Returns {name: value} for the page paths below."""
    from test_groups_api import api, create_group, new_admin, new_user
    from test_zoom_pool import new_pool_account

    tz = datetime.timezone.utc
    now = datetime.datetime.now(tz).replace(second=0, microsecond=0)
    teacher = new_user(stack, "teacher", first_name="Екатерина-Александра",
                       last_name="Преображенская-Милославская", middle_name="Владиславовна")
    students = [new_user(stack, "student", first_name=f"Ученик{i}", last_name="Длиннофамильный")
                for i in range(3)]
    g1 = create_group(stack, teacher, "Подготовка к ЕГЭ по математике (профильный уровень)",
                      description="Вторник и четверг.\nДомашние задания — в чате.",
                      student_ids=[s.id for s in students])
    g2 = create_group(stack, teacher, "Английский", student_ids=[students[0].id])
    lessons = []

    def lesson(start, minutes, title, group):
        r = api(stack, "POST", "/api/schedule/lessons/", teacher, json={
            "title": title, "group": group["id"], "start_time": start.isoformat(),
            "end_time": (start + datetime.timedelta(minutes=minutes)).isoformat(),
            "topics": "Квадратные уравнения, теорема Виета", "location": "Кабинет 12"})
        assert r.status == 201, r
        lessons.append(r.json()["id"])
        return r.json()["id"]

    live = lesson(now - datetime.timedelta(minutes=5), 50,
                  "Текущее занятие с очень длинным названием, которое не помещается", g1)
    day = now.replace(hour=0, minute=0)
    for i in range(1, 9):
        lesson(day + datetime.timedelta(days=i, hours=6 + i % 3), 60,
               f"Разбор задач части {i}: производная и первообразная", g1 if i % 2 else g2)
    lesson(now - datetime.timedelta(days=2), 60, "Прошедшее занятие", g1)
    cancelled = lesson(day + datetime.timedelta(days=1, hours=20), 30, "Отменённое занятие", g2)
    assert api(stack, "POST", f"/api/schedule/lessons/{cancelled}/cancel/", teacher).status == 200
    r = api(stack, "POST", "/api/recurring-lessons/", teacher, json={
        "title": "Еженедельная консультация", "group_id": g1["id"], "day_of_week": 2,
        "start_time": "18:00", "end_time": "19:00", "start_date": day.date().isoformat(),
        "end_date": (day + datetime.timedelta(days=60)).date().isoformat()})
    assert r.status == 201, r
    rl = r.json()["id"]
    r = api(stack, "POST", "/api/individual-invite-codes/", teacher,
            json={"subject": "Физика, индивидуальные занятия"})
    assert r.status == 201, r
    admin = new_admin(stack)
    acc, _ = new_pool_account(stack, admin, zoom, max_meetings=2)
    # A teacher who registered and waits for an admin's approval (teacher_approval).
    pending = new_user(stack, "teacher", first_name="Ожидающий", last_name="Одобрения",
                       approved=False)
    pg = create_group(stack, pending, "Группа без одобрения")
    cookies = {"teacher": signed_in_cookies(stack, teacher.email),
               "pending": signed_in_cookies(stack, pending.email),
               "student": signed_in_cookies(stack, students[0].email),
               "admin": signed_in_cookies(stack, admin.email), "anon": None}
    return {"cookies": cookies, "group": g1["id"], "pgroup": pg["id"], "lesson": live,
            "future": lessons[3],
            "recurring": rl, "pool": acc["id"], "date": day.date().isoformat(),
            "month": day.strftime("%Y-%m")}


# (path, who); {names} come from _site. Add a module's pages here or in a test of its own that
# calls check_pages the same way.
PAGES = [
    ("/login", "anon"), ("/register", "anon"), ("/password-reset", "anon"),
    ("/reset-password/MQ/bad-token", "anon"), ("/api/docs/", "anon"), ("/no-such-page", "anon"),
    ("/teacher/", "teacher"), ("/lessons", "teacher"), ("/lessons?when=all", "teacher"),
    ("/lessons?when=past", "teacher"),
    ("/lessons/new", "teacher"), ("/lessons/{lesson}", "teacher"),
    ("/lessons/{future}/edit", "teacher"), ("/calendar?month={month}", "teacher"),
    ("/calendar/week?date={date}", "teacher"), ("/calendar/day?date={date}", "teacher"),
    ("/groups", "teacher"), ("/groups/{group}", "teacher"), ("/invites", "teacher"),
    ("/recurring", "teacher"), ("/recurring/{recurring}", "teacher"),
    ("/notifications", "teacher"), ("/profile", "teacher"),
    ("/teacher/", "pending"), ("/groups/{pgroup}", "pending"),
    ("/student/", "student"), ("/calendar?month={month}", "student"), ("/join", "student"),
    ("/lessons/{lesson}", "student"), ("/notifications", "student"), ("/profile", "student"),
    ("/admin/", "admin"), ("/admin/users", "admin"), ("/admin/audit", "admin"),
    ("/admin/pool", "admin"), ("/admin/pool/{pool}", "admin"), ("/lessons/{lesson}", "admin"),
]
ERROR_PAGES = ("/no-such-page",)


def test_every_page_fits_a_phone_and_passes_axe(stack, browser, zoom):
    site = _site(stack, zoom)
    pages = [(p.format(**site), site["cookies"][who], f"{who}-{p.format(**site)}")
             for p, who in PAGES]
    check_pages(browser, stack, "pages", pages, error_pages=ERROR_PAGES)


def test_the_nav_folds_into_a_menu_on_a_phone_without_javascript(stack, browser):
    """At 390 px the nav's links hide behind "Меню"; tapping it shows them (a checkbox and its
    label: no script), and signing out from the menu works. On a desktop they show at once."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from test_groups_api import new_user

    d = browser.d
    s = new_user(stack, "student", first_name="Мария", last_name="Телефонова")
    browser.sign_in(stack.base_url, signed_in_cookies(stack, s.email))
    d.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser._size(390, 844)
        d.get(stack.base_url + "/student/")
        profile = d.find_element(By.CSS_SELECTOR, "nav a.nav-user[href='/profile']")
        logout = d.find_element(By.XPATH, "//nav//form[@action='/logout']//button")
        assert not profile.is_displayed() and not logout.is_displayed()
        d.find_element(By.XPATH, "//nav//label[normalize-space()='Меню']").click()
        assert profile.is_displayed() and logout.is_displayed()
        assert "Телефонова" in profile.text
        assert d.execute_script("return document.documentElement.scrollWidth") <= 390
        logout.click()
        WebDriverWait(d, 15).until(
            lambda drv: drv.current_url.split("?")[0] == stack.base_url + "/login")
        browser._size(1280, 900)
        d.get(stack.base_url + "/login")
        assert d.find_element(By.XPATH, "//nav//a[normalize-space()='Регистрация']").is_displayed()
        assert not d.find_element(By.XPATH, "//nav//label[normalize-space()='Меню']").is_displayed()
    finally:
        d.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        browser._size(1280, 900)


def test_a_teachers_nav_is_one_row_on_a_desktop(stack, browser):
    """At 1280 px a teacher's bar (every entry of theirs, a long name) stays one row of links
    (44 px targets) instead of wrapping onto a second."""
    from test_groups_api import new_user

    t = new_user(stack, "teacher", first_name="Констанция", last_name="Длиннофамильная-Петровская")
    browser.sign_in(stack.base_url, signed_in_cookies(stack, t.email))
    browser._size(1280, 900)
    browser.d.get(stack.base_url + "/teacher/")
    height = browser.d.execute_script(
        "return document.querySelector('nav.nav').getBoundingClientRect().height")
    assert height < 80, height
