"""The homework module in a real browser (headless Chromium, tests/e2e/browser.py): a teacher
builds a homework with all nine types through the constructor (its script adds rows and draws
a region on the image; the image and the audio are uploaded by their forms) and publishes it;
one student takes it with JavaScript (autosave seen saving, the draft kept in localStorage, the
ordering buttons) and another without; both hand in; the teacher reviews, returns the first
work for rework, the student corrects it, the teacher completes the review. And every homework
page, with work in every state, is walked on a phone and a desktop (no sideways scrolling, 44 px
targets, no serious axe-core finding; screenshots in var/screenshots/homework/)."""

import re
import time

import pytest

import filegen as g
from browser import browser, check_pages, signed_in_cookies  # noqa: F401 - browser: a fixture
from hw_pages import get_hw
from test_groups_api import api, create_group, new_admin, new_user

AUTOSAVE_WAIT = 45      # the page saves every 30 s


@pytest.fixture
def school(stack):
    teacher = new_user(stack, "teacher", first_name="Екатерина", last_name="Преображенская")
    s1 = new_user(stack, first_name="Борис", last_name="Иванов")
    s2 = new_user(stack, first_name="Вера", last_name="Сидорова")
    group = create_group(stack, teacher, "Подготовка к экзамену по английскому языку",
                         student_ids=[s1.id, s2.id])
    return {"teacher": teacher, "s1": s1, "s2": s2, "group": group,
            "admin": new_admin(stack),
            "cookies": {u: signed_in_cookies(stack, x.email) for u, x in
                        (("teacher", teacher), ("s1", s1), ("s2", s2))}}


def _ui(browser, stack):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait

    d = browser.d
    wait = WebDriverWait(d, 20)

    class UI:
        def go(self, path):
            d.get(stack.base_url + path)

        def on(self, rx):
            wait.until(lambda drv: re.search(rx, drv.current_url))
            return re.search(rx, d.current_url)

        def el(self, css):
            return d.find_element(By.CSS_SELECTOR, css)

        def els(self, css):
            return d.find_elements(By.CSS_SELECTOR, css)

        def fill(self, name, value, css_scope="form"):
            e = d.find_element(By.CSS_SELECTOR, f'{css_scope} [name="{name}"]')
            e.clear()
            e.send_keys(value)

        def click(self, xpath):
            e = d.find_element(By.XPATH, xpath)
            d.execute_script("arguments[0].scrollIntoView({block: 'center'})", e)
            e.click()

        def button(self, text, scope="//main"):
            self.click(f"{scope}//button[normalize-space()='{text}']")

        def submit(self, text):
            """Press a form's button and wait for the page it leads to (a page opened
            before that would abort the form's POST)."""
            old = d.find_element(By.TAG_NAME, "html")
            self.button(text)
            wait.until(EC.staleness_of(old))

        def select(self, name, text):
            Select(d.find_element(By.NAME, name)).select_by_visible_text(text)

        def accept(self):
            wait.until(lambda drv: drv.switch_to.alert).accept()

        def text(self):
            return d.find_element(By.TAG_NAME, "main").text

        def wait_text(self, css, rx, timeout=20):
            WebDriverWait(d, timeout).until(
                lambda drv: re.search(rx, drv.find_element(By.CSS_SELECTOR, css).text))

    return UI()


def _file(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


def _build(ui, browser, tmp_path, group):
    """The nine questions through the constructor, with its script; the homework's id."""
    from selenium.webdriver.common.action_chains import ActionChains

    d = browser.d
    ui.go("/homework/new")
    ui.fill("title", "Итоговое задание по всем темам курса")
    ui.fill("description", "Девять типов вопросов.")
    ui.button("Создать и перейти к вопросам")
    hw_id = int(ui.on(r"/homework/(\d+)/edit").group(1))

    def new(type_text):
        ui.go(f"/homework/{hw_id}/edit")
        ui.select("type", type_text)
        ui.button("Добавить вопрос")
        ui.on(r"/questions/new\?type=")

    def common(prompt):
        ui.fill("prompt", prompt, "#editor")
        ui.fill("points", "10", "#editor")

    def add_row():
        ui.button("Добавить строку")

    def save():
        ui.click("//form[@id='editor']//div[@class='actions']/button")
        ui.on(rf"/homework/{hw_id}/edit")

    new("Текстовый ответ")
    common("Сколько будет 9 / 2?")
    ui.fill("correct_answers", "4,5", "#editor")
    save()
    new("Один вариант")
    common("Столица Франции?")
    ui.fill("c0_text", "Париж", "#editor")
    ui.fill("c1_text", "Лион", "#editor")
    ui.click("//input[@name='correct' and @value='0']")
    save()
    new("Несколько вариантов")
    common("Простые числа")
    add_row()                                   # the script's third row: c2
    for i, (t, ok) in enumerate((("2", 1), ("4", 0), ("3", 1))):
        ui.fill(f"c{i}_text", t, "#editor")
        if ok:
            ui.click(f"//input[@name='c{i}_ok']")
    save()
    new("Аудирование")
    ui.el('.media-form input[type=file]').send_keys(_file(tmp_path, "tone.wav", g.wav()))
    ui.button("Загрузить аудио")
    ui.on(r"type=LISTENING&file=[0-9a-f]{32}")
    assert ui.el('#editor audio').get_attribute("src").endswith("/")
    common("Послушайте запись")
    ui.fill("s0_text", "Город?", "#editor")
    ui.fill("s0_answer", "London", "#editor")
    save()
    new("Соответствие")
    common("Соедините")
    add_row()
    for i, (left, right) in enumerate((("Россия", "Москва"), ("Франция", "Париж"),
                                       ("Италия", "Рим"))):
        ui.fill(f"p{i}_left", left, "#editor")
        ui.fill(f"p{i}_right", right, "#editor")
    save()
    new("Порядок")
    common("По возрастанию")
    add_row()
    for i, t in enumerate(("Один", "Два", "Три")):
        ui.fill(f"d{i}_text", t, "#editor")
    save()
    new("Заполнить пропуски")
    common("Заполните")
    ui.fill("template", "[___] — столица Франции, [___] — Италии.", "#editor")
    add_row()                                   # one row is offered, the script adds one
    ui.fill("b0_text", "Париж", "#editor")
    ui.fill("b1_text", "Рим", "#editor")
    save()
    new("Области на изображении")
    ui.el('.media-form input[type=file]').send_keys(
        _file(tmp_path, "map.png", g.png(400, 300)))
    ui.button("Загрузить изображение")
    ui.on(r"type=HOTSPOT&file=[0-9a-f]{32}")
    common("Отметьте левую верхнюю часть")
    img = ui.el(".hs-wrap[data-draw] img")
    w, h = img.size["width"], img.size["height"]
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
    # Drag on the image: the script puts the rectangle into the first empty row.
    ActionChains(d).move_to_element_with_offset(img, -w // 2 + 10, -h // 2 + 10) \
        .click_and_hold().move_by_offset(w // 3, h // 3).release().perform()
    x = ui.el('[name="h0_x"]').get_attribute("value")
    assert x and 0 <= float(x) < 10, x
    assert float(ui.el('[name="h0_w"]').get_attribute("value")) > 20
    ui.fill("h0_label", "Угол", "#editor")
    ui.click("//input[@name='h0_ok']")
    for k, v in (("label", "Центр"), ("x", "60"), ("y", "60"), ("w", "20"), ("h", "20")):
        ui.fill(f"h1_{k}", v, "#editor")
    save()
    new("Загрузка файла")
    common("Загрузите фото тетради")
    ui.click("//input[@name='ft_image']")
    save()
    # The questions' order by drag and drop (the script posts the new order): the last one
    # dropped on the first.
    ui.go(f"/homework/{hw_id}/edit")
    before = [li.get_attribute("data-qid") for li in ui.els("li.hw-q")]
    d.execute_script("""
      const items = document.querySelectorAll('ol.hw-questions li.hw-q');
      const src = items[items.length - 1], dst = items[0], dt = new DataTransfer();
      const y = dst.getBoundingClientRect().top + 1;
      src.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
      dst.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true,
                                                   dataTransfer: dt, clientY: y}));
      dst.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true,
                                               dataTransfer: dt}));""")
    ui.on(r"done=q_moved")
    after = [li.get_attribute("data-qid") for li in ui.els("li.hw-q")]
    assert after == before[-1:] + before[:-1], (before, after)
    # To the whole group, then published.
    ui.go(f"/homework/{hw_id}/assign")
    ui.select(f"g_{group['id']}", "всей группе")
    ui.button("Сохранить назначение")
    ui.on(r"done=assigned")
    ui.button("Опубликовать")
    ui.on(r"done=published")
    return hw_id


def _answer(ui, browser, tmp_path, js):
    """Answer the current question by its controls; which type it was."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    d = browser.d
    q = ui.el("section.hw-question")
    if q.find_elements(By.CSS_SELECTOR, "input[name=a][type=text]"):
        ui.fill("a", "4.5")
        return "TEXT"
    radios = q.find_elements(By.CSS_SELECTOR, "input[name=a][type=radio]")
    if radios:
        ui.click("//label[contains(@class, 'choice')][normalize-space()='Париж']")
        return "SINGLE_CHOICE"
    if q.find_elements(By.CSS_SELECTOR, "input[name=a][type=checkbox]"):
        for t in ("2", "3"):
            ui.click(f"//label[contains(@class, 'choice')][normalize-space()='{t}']")
        return "MULTI_CHOICE"
    if q.find_elements(By.CSS_SELECTOR, "input[name^='s:']"):
        q.find_element(By.CSS_SELECTOR, "input[name^='s:']").send_keys("london")
        return "LISTENING"
    if q.find_elements(By.CSS_SELECTOR, "select[name^='m:']"):
        want = {"Россия": "Москва", "Франция": "Париж", "Италия": "Рим"}
        for lab in q.find_elements(By.CSS_SELECTOR, "label.pair"):
            left = lab.text.split("\n")[0].strip()
            Select(lab.find_element(By.TAG_NAME, "select")).select_by_visible_text(want[left])
        return "MATCHING"
    if q.find_elements(By.CSS_SELECTOR, "select[name^='o:']"):
        order = ["Один", "Два", "Три"]
        if js:
            # The ↑ buttons: bubble each item into place; the places follow.
            for target, text in enumerate(order):
                while True:
                    items = [li.find_element(By.TAG_NAME, "label").text.split("\n")[0].strip()
                             for li in d.find_elements(By.CSS_SELECTOR, "li.order-item")]
                    at = items.index(text)
                    if at == target:
                        break
                    d.find_elements(By.CSS_SELECTOR, "li.order-item")[at].find_element(
                        By.XPATH, ".//button[normalize-space()='↑']").click()
            places = [Select(s).first_selected_option.text
                      for s in d.find_elements(By.CSS_SELECTOR, "select[data-position]")]
            assert places == ["1", "2", "3"], places
        else:
            for li in d.find_elements(By.CSS_SELECTOR, "li.order-item"):
                text = li.find_element(By.TAG_NAME, "label").text.split("\n")[0].strip()
                Select(li.find_element(By.TAG_NAME, "select")).select_by_visible_text(
                    str(order.index(text) + 1))
        return "DRAG_DROP"
    if q.find_elements(By.CSS_SELECTOR, "input.blank-input"):
        for e, t in zip(q.find_elements(By.CSS_SELECTOR, "input.blank-input"), ("Париж", "рим")):
            e.send_keys(t)
        return "FILL_BLANKS"
    if q.find_elements(By.CSS_SELECTOR, "input[name=h]"):
        ui.click("//label[contains(@class, 'hs-pick')][normalize-space()='Угол']")
        return "HOTSPOT"
    if q.find_elements(By.CSS_SELECTOR, "input[type=file]"):
        q.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(
            _file(tmp_path, "work.png", g.png(20, 20)))
        ui.submit("Загрузить файл")     # the URL may carry saved=1 already
        ui.on(r"saved=1")
        return "FILE_UPLOAD"
    raise AssertionError("no controls: " + q.text)


def _take(ui, browser, stack, hw_id, student, tmp_path, js):
    """Start, answer all nine, hand in; with JavaScript, watch the autosave and the draft."""
    from selenium.webdriver.common.by import By

    d = browser.d
    ui.go("/student/homework")
    ui.click(f"//a[@href='/student/homework/{hw_id}']")
    ui.button("Начать выполнение")
    ui.on(rf"/student/homework/{hw_id}$")
    seen = []
    for n in range(1, 10):
        ui.go(f"/student/homework/{hw_id}?q={n}")
        kind = _answer(ui, browser, tmp_path, js)
        seen.append(kind)
        if js and kind == "TEXT":
            # The draft is in localStorage at once; leaving the page sends it (a beacon).
            # When that fails too (no network), the page brings the draft back.
            assert d.execute_script("return Object.keys(localStorage).filter("
                                    "k => k.startsWith('tp-hw-draft:')).length") == 1
            d.execute_script("navigator.sendBeacon = function () { return false; };")
            ui.go(f"/student/homework/{hw_id}?q={n}")
            ui.wait_text("[data-autosave-status]", "Восстановлен черновик")
            assert ui.el("input[name=a]").get_attribute("value") == "4.5"
            # Autosave: no button pressed, the API has the answer within 30 s.
            ui.wait_text("[data-autosave-status]", r"Сохранено в \d\d:\d\d", AUTOSAVE_WAIT)
            sub = api(stack, "GET", f"/api/submissions/?homework={hw_id}", student).json()
            mine = api(stack, "GET", f"/api/submissions/{sub['results'][0]['id']}/",
                       student).json()
            text_q = next(a for a in mine["answers"] if a["question_type"] == "TEXT")
            assert text_q["answer"] == "4.5" and text_q["time_spent_seconds"] > 0
            assert d.execute_script("return Object.keys(localStorage).filter("
                                    "k => k.startsWith('tp-hw-draft:')).length") == 0
        if kind != "FILE_UPLOAD":
            ui.submit("Далее →" if n < 9 else "К сдаче →")
    ui.go(f"/student/homework/{hw_id}?q=done")
    assert "Отвечено 9 из 9" in ui.text()
    ui.click("//form[contains(@action, '/submit')]//button")
    if js:
        ui.accept()                             # "Сдать работу?" asked by the script
    ui.on(rf"/student/homework/{hw_id}/result")
    assert "на проверке" in ui.text()
    return seen


def test_build_take_review_rework_in_a_browser(stack, browser, school, tmp_path):
    from selenium.webdriver.common.by import By

    ui = _ui(browser, stack)
    d = browser.d
    teacher, s1, s2 = school["teacher"], school["s1"], school["s2"]
    browser.sign_in(stack.base_url, school["cookies"]["teacher"])
    hw_id = _build(ui, browser, tmp_path, school["group"])
    hw = get_hw(stack, teacher, hw_id)
    assert hw["status"] == "published" and len(hw["questions"]) == 9
    q = {x["question_type"]: x for x in hw["questions"]}
    assert [c["text"] for c in q["MULTI_CHOICE"]["choices"]] == ["2", "4", "3"]
    assert q["FILL_BLANKS"]["config"]["answers"] == ["Париж", "Рим"]
    spot = q["HOTSPOT"]["config"]["hotspots"][0]
    assert spot["label"] == "Угол" and spot["isCorrect"] and spot["width"] > 20

    # The first student with JavaScript, the second without.
    browser.sign_in(stack.base_url, school["cookies"]["s1"])
    kinds = _take(ui, browser, stack, hw_id, s1, tmp_path, js=True)
    assert sorted(kinds) == sorted(q)
    browser.sign_in(stack.base_url, school["cookies"]["s2"])
    d.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        _take(ui, browser, stack, hw_id, s2, tmp_path, js=False)
    finally:
        d.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    subs = {x["student"]: x for x in api(stack, "GET", f"/api/submissions/?homework={hw_id}",
                                         teacher).json()["results"]}
    for s in (s1, s2):
        full = api(stack, "GET", f"/api/submissions/{subs[s.id]['id']}/", teacher).json()
        auto = {a["question_type"]: a["auto_score"] for a in full["answers"]}
        assert auto == {**{t: 10 for t in q}, "LISTENING": 10, "FILE_UPLOAD": None}, auto
        assert full["status"] == "submitted"

    # The teacher reviews the first work and returns it for rework.
    browser.sign_in(stack.base_url, school["cookies"]["teacher"])
    sub = subs[s1.id]["id"]
    ui.go(f"/homework/{hw_id}/stats")
    ui.click(f"//a[@href='/submissions/{sub}/review']")
    ui.on(rf"/submissions/{sub}/review")
    fq = q["FILE_UPLOAD"]["id"]
    ui.fill(f"s_{fq}", "4")
    ui.fill(f"f_{fq}", "Фото размыто")
    ui.fill("revision_comment", "Переснимите тетрадь")
    ui.button("На доработку")
    ui.on(r"done=revision")
    assert "на доработке" in ui.text()

    # The student sees it, corrects the file question, hands it in again.
    browser.sign_in(stack.base_url, school["cookies"]["s1"])
    ui.go("/student/homework")
    assert "на доработке" in ui.text()
    ui.go(f"/student/homework/{hw_id}")
    assert "Переснимите тетрадь" in ui.text() and "Фото размыто" in ui.text()
    rework = d.find_elements(By.CSS_SELECTOR, "button.nav-q.rework")
    assert [b.text for b in rework] == [str(next(i for i, x in enumerate(hw["questions"], 1)
                                                 if x["id"] == fq))]
    # One file allowed: the blurred one goes first, then the new one.
    ui.click("//ul[@class='hw-files']//button[normalize-space()='Удалить']")
    ui.on(r"saved=1")
    ui.el("section.hw-question input[type=file]").send_keys(
        _file(tmp_path, "sharp.png", g.png(30, 30)))
    ui.submit("Загрузить файл")         # the URL carries saved=1 already: wait for the page
    ui.on(r"saved=1")
    ui.go(f"/student/homework/{hw_id}?q=done")
    ui.click("//form[contains(@action, '/submit')]//button")
    ui.accept()
    ui.on(r"/result")

    # The teacher completes the review; the student reads the result with the key.
    browser.sign_in(stack.base_url, school["cookies"]["teacher"])
    ui.go(f"/submissions/{sub}/review")
    ui.fill(f"s_{fq}", "10")
    ui.fill("comment", "Отлично!")
    ui.button("Завершить проверку")
    ui.on(r"done=graded")
    full = api(stack, "GET", f"/api/submissions/{sub}/", teacher).json()
    assert (full["status"], full["total_score"], full["revision_count"]) == ("graded", 90, 1)
    browser.sign_in(stack.base_url, school["cookies"]["s1"])
    ui.go(f"/student/homework/{hw_id}/result")
    t = ui.text()
    assert "90 из 90" in t and "Отличная работа!" in t and "Правильный ответ" in t


def _media(stack, teacher, kind, name, data, ctype):
    body, ct = g.multipart([("file_type", kind)], [("file", name, ctype, data)])
    r = stack.request("POST", "/api/homework/upload-file/", body=body, headers={
        "Content-Type": ct, "Authorization": "Bearer " + teacher.token})
    assert r.status == 201, r
    return r.json()["file_id"]


def test_every_homework_page_fits_a_phone_and_passes_axe(stack, browser):
    """Every homework page, with work in every state, as each user who sees it."""
    from hw_helpers import correct_answers, nine_questions

    teacher = new_user(stack, "teacher", first_name="Екатерина-Александра",
                       last_name="Преображенская-Милославская")
    students = [new_user(stack, first_name=f"Ученик{i}", last_name="Длиннофамильный")
                for i in range(4)]
    group = create_group(stack, teacher, "Подготовка к ЕГЭ по математике (профильный уровень)",
                         student_ids=[s.id for s in students])
    qs = nine_questions()
    image = _media(stack, teacher, "image", "map.png", g.png(400, 300), "image/png")
    audio = _media(stack, teacher, "audio", "tone.wav", g.wav(), "audio/wav")
    for x in qs:
        if x["question_type"] == "HOTSPOT":
            x["config"]["imageFileId"], x["config"]["imageUrl"] = image, ""
        if x["question_type"] == "LISTENING":
            x["config"]["audioFileId"], x["config"]["audioUrl"] = audio, ""
    r = api(stack, "POST", "/api/homework/", teacher, json={
        "title": "Итоговое задание по всем темам курса с длинным названием",
        "description": "Девять типов вопросов.", "questions": qs,
        "group_assignments_data": [{"group_id": group["id"]}]})
    assert r.status == 201, r
    hw = r.json()
    assert api(stack, "POST", f"/api/homework/{hw['id']}/publish/", teacher).status == 200
    hw = get_hw(stack, teacher, hw["id"])
    hw_id = hw["id"]
    subs = []
    # Graded, submitted, in progress, not started.
    for i, s in enumerate(students[:3]):
        sub = api(stack, "POST", "/api/submissions/", s, json={"homework": hw_id}).json()
        subs.append(sub["id"])
        api(stack, "PATCH", f"/api/submissions/{sub['id']}/answer/", s,
            json={"answers": correct_answers(hw)})
        if i < 2:
            assert api(stack, "POST", f"/api/submissions/{sub['id']}/submit/", s).status == 200
    assert api(stack, "POST", f"/api/submissions/{subs[0]}/complete_review/", teacher,
               json={"force": True}).status == 200
    draft = api(stack, "POST", "/api/homework/", teacher, json={
        "title": "Черновик с очень длинным названием, которое переносится на телефоне",
        "questions": [{"prompt": "Вопрос", "question_type": "TEXT", "points": 1}]}).json()
    fresh = api(stack, "POST", "/api/homework/", teacher, json={
        "title": "Новое задание", "questions": [{"prompt": "Вопрос", "question_type": "TEXT"}],
        "group_assignments_data": [{"group_id": group["id"]}]}).json()
    assert api(stack, "POST", f"/api/homework/{fresh['id']}/publish/", teacher).status == 200
    admin = new_admin(stack)
    t = signed_in_cookies(stack, teacher.email)
    st = [signed_in_cookies(stack, s.email) for s in students]
    a = signed_in_cookies(stack, admin.email)
    pages = [("/homework", t), ("/homework?status=draft", t), ("/homework/new", t),
             (f"/homework/{hw_id}/edit", t), (f"/homework/{draft['id']}/edit", t),
             (f"/homework/{hw_id}/assign", t), (f"/homework/{hw_id}/stats", t),
             ("/teacher/", t)]
    pages += [(f"/homework/{hw_id}/questions/{x['id']}", t, f"editor-{x['question_type']}")
              for x in hw["questions"]]
    pages += [(f"/homework/{draft['id']}/questions/new?type={x['question_type']}", t,
               f"new-{x['question_type']}") for x in hw["questions"]]
    pages += [(f"/submissions/{x}/review", t, f"review-{i}") for i, x in enumerate(subs)]
    pages += [(f"/homework/{hw_id}/stats", a, "admin-stats"),
              (f"/submissions/{subs[0]}/review", a, "admin-review")]
    pages += [("/student/homework", st[2], "todo"), ("/student/", st[2], "student-dash")]
    pages += [(f"/student/homework/{hw_id}?q={n}", st[2], f"take-{n}") for n in range(1, 10)]
    pages += [(f"/student/homework/{hw_id}?q=done", st[2], "take-done"),
              (f"/student/homework/{hw_id}/result", st[0], "result-graded"),
              (f"/student/homework/{hw_id}/result", st[1], "result-submitted"),
              ("/student/homework", st[0], "todo-done"),
              (f"/student/homework/{hw_id}", st[3], "start")]
    check_pages(browser, stack, "homework", pages)
