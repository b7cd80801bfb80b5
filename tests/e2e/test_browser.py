"""A real browser through the pages: register as a student, sign out with the nav's button, sign
in again, and take a screenshot. Headless Chromium driven by Selenium (Debian packages
python3-selenium, chromium, chromium-driver: `scripts/stack deps` installs them)."""

import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

PW = "Teach1ngPanel"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,900"]


def _find(*names):
    for n in names:
        p = shutil.which(n)
        if p:
            return p
    return None


@pytest.fixture
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("python3-selenium is not installed (scripts/stack deps installs it)")
    chromium = _find("chromium", "chromium-browser")
    driver_bin = _find("chromedriver")
    if not chromium or not driver_bin:
        pytest.skip("chromium / chromium-driver are not installed (scripts/stack deps installs them)")
    profile = tempfile.mkdtemp(prefix="tp-chromium-")
    opts = Options()
    opts.binary_location = chromium
    for a in CHROMIUM_ARGS:
        opts.add_argument(a)
    opts.add_argument("--user-data-dir=" + profile)
    driver = webdriver.Chrome(service=Service(executable_path=driver_bin), options=opts)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_register_sign_out_sign_in_in_a_browser(stack, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    d = browser
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

    d = browser
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
