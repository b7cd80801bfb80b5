"""The homework pages through nginx, without JavaScript: the teacher's list and new homework
form, the constructor (every type's editor, rows added, moved and removed, images and audio by
forms that post a file, the questions' order), assignment, publish/archive/delete with the
domain's refusals shown as messages; the student's to-do list, the take page (every type
answered with plain controls, files, the navigator and progress), handing in and the result
(no key or score before the rules allow); the review page (scores, comments, complete, return
for rework) and the statistics page; the script's autosave answered as the API answers; and
what every page must never do: show a key to a student, leave a user's text unescaped, carry an
inline style or script (CSP default-src 'self'). The API is the witness of what a form stored.
"""

import json
import re

import pytest

import filegen as g
from hw_pages import (XSS, XSS_ESC, add_question, answer_pairs, assign_group, controls,
                      flash, get_hw, kind_of, main, media, new_homework, nine_forms, person,
                      post, post_pairs, publish, redirect_to, text_of, upload)
from test_groups_api import api, create_group
from test_pages import assert_html, csrf_of, location, path_of


@pytest.fixture
def cls(stack):
    """A teacher, a group of two students, another teacher with a student of their own."""
    teacher = person(stack, "teacher", first_name="Анна", last_name="Петрова")
    s1 = person(stack, first_name="Борис", last_name="Иванов")
    s2 = person(stack, first_name="Вера", last_name="Сидорова")
    group = create_group(stack, teacher, name="7А", student_ids=[s1.id, s2.id])
    other = person(stack, "teacher")
    out = person(stack)
    create_group(stack, other, student_ids=[out.id])
    return teacher, group, s1, s2, other, out


def by_type(hw):
    return {q["question_type"]: q for q in hw["questions"]}


def built(stack, cls, publish_it=True):
    """The nine-type homework made through the forms, assigned to the group: (id, API view)."""
    teacher, group, *_ = cls
    hw_id = new_homework(teacher, "Девять типов")
    nine_forms(teacher, hw_id)
    assign_group(teacher, hw_id, group["id"])
    if publish_it:
        publish(teacher, hw_id)
    return hw_id, get_hw(stack, teacher, hw_id)


def take(student, hw_id, kinds=None):
    """Start the work and answer every question through the take page's forms (correctly);
    the file question gets a PNG. Returns the answered kinds in page order."""
    base = f"/student/homework/{hw_id}"
    r = student.c.get(base)
    if 'action="' + base + '/start"' in r.text:
        assert redirect_to(post(student, base, base + "/start", {})) == base
    seen = []
    for n in range(1, 10):
        page = student.c.get(f"{base}?q={n}")
        assert_html(page, 200)
        c = controls(page)
        kind = kind_of(c)
        seen.append(kind)
        if kinds is not None and kind not in kinds:
            continue
        if kind == "FILE_UPLOAD":
            r = upload(student, f"{base}?q={n}", base + "/upload",
                       [("qid", c["qid"]), ("q", str(n))], "work.png", "image/png", g.png())
            assert redirect_to(r) == f"{base}?q={n}&saved=1", flash(r)
            continue
        pairs = [("q", str(n)), ("qid", c["qid"]), ("editable", "1"), ("go", "next")]
        r = post_pairs(student, f"{base}?q={n}", base, pairs + answer_pairs(c, kind))
        assert redirect_to(r) == f"{base}?q={n + 1}", (kind, flash(r))
    return seen


# -- the teacher's list and a new homework ------------------------------------------------------

def test_list_and_new_homework(stack, cls):
    teacher, group, s1, *_ = cls
    assert_html(teacher.c.get("/homework"), 200)
    assert "Заданий пока нет" in text_of(teacher.c.get("/homework"))
    page = teacher.c.get("/homework/new")
    assert_html(page, 200)
    for name in ("title", "description", "student_instructions", "deadline", "late_policy",
                 "allow_view_answers", "max_score"):
        assert f'name="{name}"' in page.text, name
    hw_id = new_homework(teacher, XSS, description="Описание " + XSS, deadline="2031-05-20T18:30",
                         late_policy="block", max_score="50")
    hw = get_hw(stack, teacher, hw_id)
    assert (hw["title"], hw["status"], hw["late_policy"], hw["max_score"]) == \
        (XSS, "draft", "block", 50)
    assert hw["deadline"].startswith("2031-05-20T"), hw["deadline"]
    r = teacher.c.get(f"/homework/{hw_id}/edit?done=created")
    assert_html(r, 200)
    assert flash(r)[0] == "ok"
    assert XSS not in r.text and XSS_ESC in r.text
    assert 'value="2031-05-20T18:30"' in r.text     # shown back in the zone it was typed in
    # The list and its tabs.
    for tab, shown in (("", True), ("?status=draft", True), ("?status=published", False),
                       ("?status=archived", False)):
        r = teacher.c.get("/homework" + tab)
        assert_html(r, 200)
        assert (f'href="/homework/{hw_id}/edit"' in r.text) == shown, tab
        assert XSS not in r.text
    assert_html(teacher.c.get("/homework?status=nope"), 400)
    assert_html(teacher.c.get("/homework?c=x&i=1"), 400)
    # Refusals keep what was typed.
    r = post(teacher, "/homework/new", "/homework", {"title": "  ", "description": "Текст"})
    assert_html(r, 400)
    assert flash(r) == ("error", "Название: не может быть пустым.")
    assert ">Текст</textarea>" in r.text
    r = post(teacher, "/homework/new", "/homework", {"title": "ДЗ", "deadline": "завтра"})
    assert_html(r, 400)
    assert flash(r) == ("error", "Срок сдачи: укажите дату и время, например 2026-11-23 18:00.")
    r = post(teacher, "/homework/new", "/homework", {"title": "я" * 256})
    assert_html(r, 400)
    assert flash(r) == ("error", "Название: не больше 255 символов.")
    # Only teachers; a form without its token is refused.
    assert_html(s1.c.get("/homework"), 403)
    assert teacher.c.post("/homework", {"title": "x"}).status == 403


# -- the constructor -----------------------------------------------------------------------------

def test_constructor_builds_the_nine_types(stack, cls):
    teacher, group, *_ = cls
    hw_id = new_homework(teacher)
    ids = nine_forms(teacher, hw_id)
    hw = get_hw(stack, teacher, hw_id)
    q = by_type(hw)
    assert [x["question_type"] for x in hw["questions"]] == [
        "TEXT", "SINGLE_CHOICE", "MULTI_CHOICE", "LISTENING", "MATCHING", "DRAG_DROP",
        "FILL_BLANKS", "HOTSPOT", "FILE_UPLOAD"]
    assert all(x["points"] == 10 for x in hw["questions"])
    assert q["TEXT"]["config"]["correctAnswer"] == "4,5"
    assert q["TEXT"]["config"]["correctAnswers"] == ["4,5", "4.50"]
    assert [(c["text"], c["is_correct"]) for c in q["SINGLE_CHOICE"]["choices"]] == \
        [("Париж", True), ("Лион", False)]
    assert q["SINGLE_CHOICE"]["config"]["correctOptionId"] == "opt-1"
    assert [(c["text"], c["is_correct"]) for c in q["MULTI_CHOICE"]["choices"]] == \
        [("2", True), ("3", True), ("4", False), ("5", True)]
    lc = q["LISTENING"]["config"]
    assert re.fullmatch(r"[0-9a-f]{32}", lc["audioFileId"]), lc
    assert lc["audioUrl"] == f"/api/homework/file/{lc['audioFileId']}/"
    assert [(s["text"], s["answer"]) for s in lc["subQuestions"]] == \
        [("Город?", "London"), ("Река?", "Thames")]
    assert all(s["id"].startswith("sq-") for s in lc["subQuestions"])
    mc = q["MATCHING"]["config"]
    assert [(p["left"], p["right"]) for p in mc["pairs"]] == \
        [("Россия", "Москва"), ("Франция", "Париж"), ("Италия", "Рим")]
    assert mc["shuffleRightColumn"] is True
    dc = q["DRAG_DROP"]["config"]
    assert [i["text"] for i in dc["items"]] == ["Один", "Два", "Три"]
    assert dc["correctOrder"] == [i["id"] for i in dc["items"]]
    fc = q["FILL_BLANKS"]["config"]
    assert (fc["answers"], fc["matchingStrategy"], fc["caseSensitive"]) == \
        (["Париж", "Рим"], "loose", False)
    hc = q["HOTSPOT"]["config"]
    assert re.fullmatch(r"[0-9a-f]{32}", hc["imageFileId"])
    assert [(h["label"], h["x"], h["y"], h["width"], h["height"], h["isCorrect"])
            for h in hc["hotspots"]] == [("Европа", 10, 10, 20, 20, True),
                                        ("Африка", 50.5, 60, 20, 30, False)]
    uc = q["FILE_UPLOAD"]["config"]
    assert (sorted(uc["allowedTypes"]), uc["maxFiles"], uc["maxSizeMB"]) == \
        (["document", "image"], 2, 5)
    # Every editor shows what is stored.
    for t, qid in ids.items():
        r = teacher.c.get(f"/homework/{hw_id}/questions/{qid}")
        assert_html(r, 200)
        assert f'action="/homework/{hw_id}/questions/{qid}"' in r.text, t
    r = teacher.c.get(f"/homework/{hw_id}/questions/{ids['HOTSPOT']}")
    assert f'src="/api/homework/file/{hc["imageFileId"]}/"' in r.text
    assert "hs-x51 hs-y60 hs-w20 hs-h30" in r.text     # the region drawn over the image
    r = teacher.c.get(f"/homework/{hw_id}/questions/{ids['LISTENING']}")
    assert f'<audio controls preload="none" src="/api/homework/file/{lc["audioFileId"]}/">' \
        in r.text
    # The media the pages show are the teacher's to download, by the page's session.
    for f in (lc["audioFileId"], hc["imageFileId"]):
        assert teacher.c.get(f"/api/homework/file/{f}/").status == 200
    # The constructor lists them in order; a new question's editor for each type.
    r = teacher.c.get(f"/homework/{hw_id}/edit")
    assert [int(x) for x in re.findall(r'id="q-(\d+)"', r.text)] == list(ids.values())
    for t in ids:
        assert_html(teacher.c.get(f"/homework/{hw_id}/questions/new?type={t}"), 200)
    assert_html(teacher.c.get(f"/homework/{hw_id}/questions/new?type=CODE"), 400)
    assert_html(teacher.c.get(f"/homework/{hw_id}/questions/999999999"), 404)
    assert_html(teacher.c.get(f"/homework/{hw_id}/questions/abc"), 404)


def test_editor_rows_move_remove_and_keep_ids(stack, cls):
    teacher, *_ = cls
    hw_id = new_homework(teacher)
    qid = add_question(teacher, hw_id, "MULTI_CHOICE", {
        "prompt": "Выберите", "points": "3", "c0_text": "А", "c0_ok": "1", "c1_text": "Б",
        "c2_text": "В"})
    page = f"/homework/{hw_id}/questions/{qid}"
    before = by_type(get_hw(stack, teacher, hw_id))["MULTI_CHOICE"]["choices"]
    r = teacher.c.get(page)
    # Stored rows, then two blank ones; the ids kept in hidden fields.
    assert re.findall(r'name="c(\d+)_text"', r.text) == ["0", "1", "2", "3", "4"]
    ids = re.findall(r'name="c\d+_id" value="(\d*)"', r.text)
    assert ids == [str(c["id"]) for c in before] + ["", ""]
    form = {"prompt": "Выберите", "points": "3", "c0_id": ids[0], "c0_text": "А", "c0_ok": "1",
            "c1_id": ids[1], "c1_text": "Б", "c2_id": ids[2], "c2_text": "В",
            "c3_text": "Г", "c4_text": ""}
    # "↑" on В: saved with В before Б, Г added; back to the editor.
    r = post(teacher, page, page, {**form, "op": f"up:c:2"})
    assert redirect_to(r) == page + "?done=saved#rows"
    after = by_type(get_hw(stack, teacher, hw_id))["MULTI_CHOICE"]["choices"]
    assert [c["text"] for c in after] == ["А", "В", "Б", "Г"]
    assert [c["id"] for c in after[:3]] == [before[0]["id"], before[2]["id"], before[1]["id"]]
    # "✕" on А: gone; the rest keep their ids; an emptied row is removed too.
    r = teacher.c.get(page)
    ids = {t: i for i, t in re.findall(
        r'name="c\d+_id" value="(\d+)">\s*<label class="row-wide">Вариант <span class="row-n">'
        r'\d+</span>\s*<input type="text" name="c\d+_text" value="([^"]*)"', r.text)}
    assert set(ids) == {"А", "Б", "В", "Г"}
    r = post(teacher, page, page, {"prompt": "Выберите", "points": "3",
                                   "c0_id": ids["А"], "c0_text": "А", "c0_ok": "1",
                                   "c1_id": ids["В"], "c1_text": "В", "c1_ok": "1",
                                   "c2_id": ids["Б"], "c2_text": "",
                                   "c3_id": ids["Г"], "c3_text": "Г", "op": "del:c:0"})
    redirect_to(r)
    after = by_type(get_hw(stack, teacher, hw_id))["MULTI_CHOICE"]["choices"]
    assert [(c["text"], c["is_correct"], c["id"]) for c in after] == \
        [("В", True, int(ids["В"])), ("Г", False, int(ids["Г"]))]
    # Saving returns to the constructor at the question.
    r = post(teacher, page, page, {"prompt": "Новый текст", "points": "4", "c0_id": ids["В"],
                                   "c0_text": "В", "c0_ok": "1", "op": "save"})
    assert redirect_to(r) == f"/homework/{hw_id}/edit?done=q_saved#q-{qid}"
    q = by_type(get_hw(stack, teacher, hw_id))["MULTI_CHOICE"]
    assert (q["prompt"], q["points"], len(q["choices"])) == ("Новый текст", 4, 1)


def test_editor_refusals_keep_the_form(stack, cls):
    teacher, *_ = cls
    hw_id = new_homework(teacher)
    new = f"/homework/{hw_id}/questions/new?type=HOTSPOT"
    base = {"question_type": "HOTSPOT", "prompt": "Области " + XSS, "points": "5",
            "image_url": "https://example.org/a.png", "h0_label": "Край " + XSS, "h0_x": "90",
            "h0_y": "10", "h0_w": "20", "h0_h": "10", "op": "save"}
    # Outside the image: the domain's check, said by its row, the form as typed.
    r = post(teacher, new, f"/homework/{hw_id}/questions", base)
    assert_html(r, 400)
    kind, msg = flash(r)
    assert kind == "error" and msg.startswith("Область 1: Область выходит за пределы"), msg
    assert XSS not in r.text
    assert 'value="Край ' + XSS_ESC + '"' in r.text and 'value="90"' in r.text
    assert "Области " + XSS_ESC + "</textarea>" in r.text
    # Numbers the page reads itself.
    r = post(teacher, new, f"/homework/{hw_id}/questions", {**base, "h0_x": "левее"})
    assert_html(r, 400)
    assert flash(r)[1].startswith("Область 1: x, y, ширина и высота — числа")
    r = post(teacher, new, f"/homework/{hw_id}/questions", {**base, "points": "много"})
    assert_html(r, 400)
    assert flash(r) == ("error", "Баллы: целое число от 0 до 1000.")
    # A link that is not one: the domain's message.
    r = post(teacher, new, f"/homework/{hw_id}/questions",
             {**base, "h0_x": "10", "image_url": "javascript:alert(1)"})
    assert_html(r, 400)
    assert "Ссылка должна начинаться" in flash(r)[1]
    assert get_hw(stack, teacher, hw_id)["questions"] == []
    # A file that is not an image, through the media form: refused, nothing stored.
    r = upload(teacher, new, f"/homework/{hw_id}/media", [("question_type", "HOTSPOT")],
               "map.png", "image/png", b"<html><script>alert(1)</script></html>")
    assert_html(r, 400)
    assert flash(r)[0] == "error"
    r = upload(teacher, new, f"/homework/{hw_id}/media", [("question_type", "TEXT")],
               "map.png", "image/png", g.png())
    assert_html(r, 400)
    # Without the form's token: 403 before anything is stored.
    body, ct = g.multipart([("question_type", "HOTSPOT")], [("file", "a.png", "image/png",
                                                              g.png())])
    r = teacher.c.request("POST", f"/homework/{hw_id}/media", body=body,
                          headers={"Content-Type": ct})
    assert r.status == 403


def test_media_of_a_stored_question(stack, cls):
    teacher, *_ = cls
    hw_id = new_homework(teacher)
    qid = add_question(teacher, hw_id, "LISTENING", {
        "prompt": "Аудио", "points": "2", "audio_url": "https://example.org/a.mp3",
        "s0_text": "Что?", "s0_answer": "Это"})
    page = f"/homework/{hw_id}/questions/{qid}"
    r = upload(teacher, page, page + "/media", [], "song.mp3", "audio/mpeg", g.mp3())
    assert redirect_to(r) == page + "?done=media"
    cfg = by_type(get_hw(stack, teacher, hw_id))["LISTENING"]["config"]
    assert cfg["audioUrl"] == f"/api/homework/file/{cfg['audioFileId']}/"
    assert cfg["subQuestions"][0]["answer"] == "Это"       # the rest stays
    assert flash(teacher.c.get(page + "?done=media")) == ("ok", "Файл загружен.")
    # An image is not audio.
    r = upload(teacher, page, page + "/media", [], "a.png", "image/png", g.png())
    assert_html(r, 400)
    # "убрать загруженную запись": the typed link again.
    r = post(teacher, page, page, {"prompt": "Аудио", "points": "2", "media_clear": "1",
                                   "audio_file": cfg["audioFileId"],
                                   "audio_url": "https://example.org/b.mp3",
                                   "s0_text": "Что?", "s0_answer": "Это", "op": "save"})
    redirect_to(r)
    cfg = by_type(get_hw(stack, teacher, hw_id))["LISTENING"]["config"]
    assert cfg["audioUrl"] == "https://example.org/b.mp3" and "audioFileId" not in cfg


def test_question_order_and_removal(stack, cls):
    teacher, *_ = cls
    hw_id = new_homework(teacher)
    a, b, c = (add_question(teacher, hw_id, "TEXT", {"prompt": p, "points": "1"})
               for p in ("Первый", "Второй", "Третий"))
    edit = f"/homework/{hw_id}/edit"

    def order():
        return [q["id"] for q in get_hw(stack, teacher, hw_id)["questions"]]

    r = post(teacher, edit, f"/homework/{hw_id}/questions/{c}/move", {"dir": "up"})
    assert redirect_to(r) == edit + "?done=q_moved#questions"
    assert order() == [a, c, b]
    r = post(teacher, edit, f"/homework/{hw_id}/questions/{a}/move", {"dir": "up"})
    assert order() == [a, c, b]                 # the first stays first
    assert_html(post(teacher, edit, f"/homework/{hw_id}/questions/{a}/move",
                     {"dir": "sideways"}), 400)
    # The script's drag and drop: the whole order at once, each question once.
    r = post(teacher, edit, f"/homework/{hw_id}/order", {"order": f"{b},{a},{c}"})
    assert redirect_to(r) == edit + "?done=q_moved#questions"
    assert order() == [b, a, c]
    for bad in (f"{b},{a}", f"{b},{a},{a}", f"{b},{a},{c},999", "x"):
        assert_html(post(teacher, edit, f"/homework/{hw_id}/order", {"order": bad}), 400)
    assert order() == [b, a, c]
    r = post(teacher, edit, f"/homework/{hw_id}/questions/{a}/delete", {})
    assert redirect_to(r) == edit + "?done=q_deleted#questions"
    assert order() == [b, c]
    assert_html(post(teacher, edit, f"/homework/{hw_id}/questions/{a}/delete", {}), 404)


def test_assignment_form(stack, cls):
    teacher, group, s1, s2, other, out = cls
    second = create_group(stack, teacher, name="8Б", student_ids=[s2.id])
    hw_id = new_homework(teacher, deadline="2031-05-20T18:00")
    page = f"/homework/{hw_id}/assign"
    r = teacher.c.get(page)
    assert_html(r, 200)
    assert f'name="g_{group["id"]}"' in r.text and f'name="gs_{group["id"]}_{s1.id}"' in r.text
    assert len(re.findall(rf'name="s_{s2.id}"', r.text)) == 1     # each student once
    r = post(teacher, page, page, {
        f"g_{group['id']}": "some", f"gs_{group['id']}_{s1.id}": "1",
        f"gd_{group['id']}": "2031-05-25T10:00",
        f"g_{second['id']}": "all",
        f"s_{s2.id}": "1", f"sd_{s2.id}": "2031-06-01T09:30"})
    assert redirect_to(r) == f"/homework/{hw_id}/edit?done=assigned"
    d = api(stack, "GET", f"/api/homework/{hw_id}/assignment-details/", teacher).json()
    ga = {x["group_id"]: x for x in d["group_assignments"]}
    assert ga[group["id"]]["all_students"] is False
    assert [s["id"] for s in ga[group["id"]]["assigned_students"]] == [s1.id]
    assert ga[group["id"]]["deadline"].startswith("2031-05-25T")
    assert ga[second["id"]]["all_students"] is True
    assert [(s["id"], s["deadline"][:10]) for s in d["individual_students"]] == \
        [(s2.id, "2031-06-01")]
    # The form shows it back, and the constructor says it in words.
    r = teacher.c.get(page)
    assert re.search(rf'<option value="some" selected>', r.text)
    assert f'name="gs_{group["id"]}_{s1.id}" value="1" checked' in r.text
    assert f'name="s_{s2.id}" value="1" checked' in r.text
    assert 'value="2031-06-01T09:30"' in r.text
    t = text_of(teacher.c.get(f"/homework/{hw_id}/edit"))
    assert "7А — Иванов Борис" in t and "8Б — вся группа" in t and "индивидуально" in t
    # Refusals: "some" with nobody, a bad deadline, another teacher's student.
    r = post(teacher, page, page, {f"g_{group['id']}": "some"})
    assert_html(r, 400)
    assert flash(r) == ("error", "Отметьте учеников группы «7А» или назначьте задание всей "
                                 "группе.")
    r = post(teacher, page, page, {f"g_{group['id']}": "all", f"gd_{group['id']}": "завтра"})
    assert_html(r, 400)
    assert flash(r)[1].startswith("Срок для группы «7А»")
    r = post(teacher, page, page, {f"s_{out.id}": "1"})
    assert_html(r, 400)
    assert "не найден среди учеников ваших групп" in flash(r)[1]
    # Another teacher's group named in the form is not one of the teacher's: ignored.
    other_group = create_group(stack, other)
    r = post(teacher, page, page, {f"g_{other_group['id']}": "all"})
    redirect_to(r)
    d = api(stack, "GET", f"/api/homework/{hw_id}/assignment-details/", teacher).json()
    assert d["group_assignments"] == [] and d["individual_students"] == []


def test_publish_archive_delete_with_messages(stack, cls):
    teacher, group, s1, *_ = cls
    hw_id = new_homework(teacher)
    edit = f"/homework/{hw_id}/edit"
    r = post(teacher, edit, f"/homework/{hw_id}/publish", {})
    assert_html(r, 400)
    assert flash(r) == ("error", "Добавьте хотя бы один вопрос")
    qid = add_question(teacher, hw_id, "FILL_BLANKS", {
        "prompt": "Пропуски", "points": "2", "template": "[___] и [___]", "b0_text": "раз",
        "b1_text": ""})
    r = post(teacher, edit, f"/homework/{hw_id}/publish", {})
    assert_html(r, 400)
    kind, msg = flash(r)
    assert msg == "Вопрос 1 (FILL_BLANKS): config.answers[1]: Ответ для пропуска не может " \
        "быть пустым.", msg
    # The problem is shown by its question, with the way to its editor.
    q = r.text[r.text.index(f'id="q-{qid}"'):]
    assert re.search(r'<p class="field-error" role="alert">Ответ для пропуска не может быть '
                     r'пустым.</p>', q[:3000])
    assert f'href="/homework/{hw_id}/questions/{qid}"' in q[:3000]
    page = f"/homework/{hw_id}/questions/{qid}"
    redirect_to(post(teacher, page, page, {"prompt": "Пропуски", "points": "2",
                                           "template": "[___] и [___]", "b0_text": "раз",
                                           "b1_text": "два", "op": "save"}))
    r = post(teacher, edit, f"/homework/{hw_id}/publish", {})
    assert_html(r, 400)
    assert flash(r) == ("error", "Назначьте задание группе или ученику, прежде чем "
                                 "публиковать.")
    assign_group(teacher, hw_id, group["id"])
    publish(teacher, hw_id)
    r = teacher.c.get(edit + "?done=published")
    assert flash(r) == ("ok", "Задание опубликовано: ученики его видят.")
    assert "опубликовано" in text_of(r) and f'action="/homework/{hw_id}/publish"' not in r.text
    r = post(teacher, edit, f"/homework/{hw_id}/publish", {})
    assert_html(r, 400)                                     # not twice
    # A published homework stays publishable: an edit that breaks it is refused.
    r = post(teacher, page, page, {"prompt": "Пропуски", "points": "2",
                                   "template": "[___] и [___]", "b0_text": "раз",
                                   "b1_text": "", "op": "save"})
    assert_html(r, 400)
    assert flash(r) == ("error", "Пропуск 2: Ответ для пропуска не может быть пустым.")
    # Work handed in: delete refused (409), archive instead.
    sub = api(stack, "POST", "/api/submissions/", s1, json={"homework": hw_id}).json()
    assert api(stack, "POST", f"/api/submissions/{sub['id']}/submit/", s1).status == 200
    r = post(teacher, edit, f"/homework/{hw_id}/delete", {})
    assert_html(r, 409)
    assert "архивируйте" in flash(r)[1]
    r = post(teacher, edit, f"/homework/{hw_id}/archive", {})
    assert redirect_to(r) == edit + "?done=archived"
    assert get_hw(stack, teacher, hw_id)["status"] == "archived"
    assert f'action="/homework/{hw_id}/publish"' in teacher.c.get(edit).text   # again
    # A draft without work is deleted.
    d = new_homework(teacher)
    r = post(teacher, f"/homework/{d}/edit", f"/homework/{d}/delete", {})
    assert redirect_to(r) == "/homework?done=deleted"
    assert api(stack, "GET", f"/api/homework/{d}/", teacher).status == 404


def test_another_teacher_and_students_see_nothing(stack, cls):
    teacher, group, s1, s2, other, out = cls
    hw_id, hw = built(stack, cls, publish_it=False)
    qid = hw["questions"][0]["id"]
    for path in (f"/homework/{hw_id}/edit", f"/homework/{hw_id}/assign",
                 f"/homework/{hw_id}/questions/{qid}", f"/homework/{hw_id}/stats",
                 f"/homework/{hw_id}/questions/new?type=TEXT"):
        assert_html(other.c.get(path), 404)
        assert_html(s1.c.get(path), 403)
    # A draft is nobody's to take, not even by a guessed id.
    assert_html(s1.c.get(f"/student/homework/{hw_id}"), 404)
    assert_html(post(s1, "/student/homework", f"/student/homework/{hw_id}/start", {}), 404)
    publish(teacher, hw_id)
    assert_html(out.c.get(f"/student/homework/{hw_id}"), 404)
    assert_html(out.c.get(f"/student/homework/{hw_id}/result"), 404)
    assert_html(s1.c.get(f"/student/homework/{hw_id}"), 200)
    assert_html(teacher.c.get(f"/student/homework/{hw_id}"), 403)


# -- taking it -------------------------------------------------------------------------------------

def test_student_takes_every_type_without_javascript(stack, cls):
    teacher, group, s1, s2, *_ = cls
    hw_id, hw = built(stack, cls)
    # The to-do list and the dashboard.
    r = s1.c.get("/student/homework")
    assert_html(r, 200)
    assert f'href="/student/homework/{hw_id}"' in r.text and "не начато" in text_of(r)
    assert f'href="/student/homework/{hw_id}"' in s1.c.get("/student/").text
    # Not started: what it is and the button.
    r = s1.c.get(f"/student/homework/{hw_id}")
    t = text_of(r)
    assert "Вопросов 9" in t and "Баллов 90" in t and "Начать выполнение" in t
    kinds = take(s1, hw_id)
    assert sorted(kinds) == sorted(by_type(hw))
    # The navigator and the progress bar know what is answered.
    r = s1.c.get(f"/student/homework/{hw_id}?q=1")
    assert '<progress max="9" value="9"' in r.text
    assert len(re.findall(r'class="nav-q[^"]*answered', r.text)) == 9
    # The file is there, with its remove button; the API agrees on every answer.
    sub = api(stack, "GET", f"/api/submissions/?homework={hw_id}", teacher).json()["results"][0]
    full = api(stack, "GET", f"/api/submissions/{sub['id']}/", teacher).json()
    ans = {a["question_type"]: a for a in full["answers"]}
    q = by_type(hw)
    assert ans["TEXT"]["answer"] == " 4.5 "
    assert ans["SINGLE_CHOICE"]["selected_choices"] == [c["id"] for c in q["SINGLE_CHOICE"][
        "choices"] if c["is_correct"]]
    assert sorted(ans["MULTI_CHOICE"]["answer"]) == sorted(
        c["id"] for c in q["MULTI_CHOICE"]["choices"] if c["is_correct"])
    assert ans["DRAG_DROP"]["answer"] == q["DRAG_DROP"]["config"]["correctOrder"]
    assert ans["FILL_BLANKS"]["answer"] == ["парижж", "рим"]
    assert len(ans["FILE_UPLOAD"]["attachments"]) == 1
    assert full["status"] == "in_progress" and full["total_score"] is None
    # The summary, then hand it in.
    r = s1.c.get(f"/student/homework/{hw_id}?q=done")
    assert "Отвечено 9 из 9" in text_of(r)
    r = post(s1, f"/student/homework/{hw_id}?q=done", f"/student/homework/{hw_id}/submit", {})
    assert redirect_to(r) == f"/student/homework/{hw_id}/result?done=submitted"
    r = s1.c.get(f"/student/homework/{hw_id}/result?done=submitted")
    assert_html(r, 200)
    assert flash(r) == ("ok", "Работа сдана. Преподаватель её проверит.")
    t = text_of(r)
    assert "на проверке" in t and "ждёт проверки" in t
    # Handed in: the take page leads to the result, answers are refused.
    assert redirect_to(s1.c.get(f"/student/homework/{hw_id}")) == \
        f"/student/homework/{hw_id}/result"
    r = post_pairs(s1, f"/student/homework/{hw_id}/result", f"/student/homework/{hw_id}",
                   [("qid", str(q["TEXT"]["id"])), ("editable", "1"), ("a", "другое")])
    assert redirect_to(r) == f"/student/homework/{hw_id}/result"
    # Every score the page shows, the API shows the student too (auto-graded ones).
    mine = api(stack, "GET", f"/api/submissions/{sub['id']}/", s1).json()
    shown = re.findall(r"баллы: (\d+) из 10", t)
    assert sorted(int(x) for x in shown) == sorted(
        a["auto_score"] for a in mine["answers"] if a["auto_score"] is not None)


def test_take_page_navigation_files_and_refusals(stack, cls):
    teacher, group, s1, s2, *_ = cls
    hw_id, hw = built(stack, cls)
    base = f"/student/homework/{hw_id}"
    redirect_to(post(s1, base, base + "/start", {}))
    q = by_type(hw)
    text_n = [x["id"] for x in hw["questions"]].index(q["TEXT"]["id"]) + 1
    file_n = [x["id"] for x in hw["questions"]].index(q["FILE_UPLOAD"]["id"]) + 1
    # Buttons: stay (saved), a number, back, the summary.
    fields = [("q", str(text_n)), ("qid", str(q["TEXT"]["id"])), ("editable", "1"),
              ("a", XSS)]
    assert redirect_to(post_pairs(s1, base, base, fields + [("go", "")])) == \
        f"{base}?q={text_n}&saved=1"
    r = s1.c.get(f"{base}?q={text_n}&saved=1")
    assert flash(r) == ("ok", "Ответ сохранён.")
    assert XSS not in r.text and f'value="{XSS_ESC}"' in r.text
    assert redirect_to(post_pairs(s1, base, base, fields + [("go", "4")])) == f"{base}?q=4"
    assert redirect_to(post_pairs(s1, base, base, fields + [("go", "done")])) == \
        f"{base}?q=done"
    # Files: two at most (the question's), a wrong kind refused, one removed.
    page = f"{base}?q={file_n}"
    for name in ("a.png", "b.pdf"):
        r = upload(s1, page, base + "/upload", [("qid", str(q["FILE_UPLOAD"]["id"])),
                                                ("q", str(file_n))], name,
                   "application/octet-stream", g.png() if name.endswith("png") else g.pdf())
        assert redirect_to(r) == f"{page}&saved=1", flash(r)
    c = controls(s1.c.get(page))
    assert len(c["files"]) == 2 and not c["upload"]        # full: no more file input
    r = upload(s1, page, base + "/upload", [("qid", str(q["FILE_UPLOAD"]["id"])),
                                            ("q", str(file_n))], "c.png", "image/png", g.png())
    assert_html(r, 400)
    assert flash(r)[0] == "error"
    r = post_pairs(s1, page, base, [("q", str(file_n)), ("qid", str(q["FILE_UPLOAD"]["id"])),
                                    ("editable", "1"), ("op", "rm:" + c["files"][0])])
    redirect_to(r)
    assert controls(s1.c.get(page))["files"] == c["files"][1:]
    # Another student's file cannot be named in an answer.
    redirect_to(post(s2, base, base + "/start", {}))
    other = upload(s2, page, base + "/upload", [("qid", str(q["FILE_UPLOAD"]["id"])),
                                                ("q", str(file_n))], "x.png", "image/png",
                   g.png())
    redirect_to(other)
    mine = controls(s2.c.get(page))["files"]
    assert len(mine) == 1
    r = post_pairs(s1, page, base, [("q", str(file_n)), ("qid", str(q["FILE_UPLOAD"]["id"])),
                                    ("editable", "1"), ("op", "")])
    redirect_to(r)
    assert controls(s1.c.get(page))["files"] == c["files"][1:]
    # Bad screens are the first question, not an error; a bad qid saves nothing.
    assert_html(s1.c.get(f"{base}?q=999"), 200)
    redirect_to(post_pairs(s1, base, base, [("qid", "999999"), ("a", "x"), ("go", "next")]))


def test_autosave_answers_like_the_api(stack, cls):
    teacher, group, s1, *_ = cls
    hw_id, hw = built(stack, cls)
    base = f"/student/homework/{hw_id}"
    qid = by_type(hw)["TEXT"]["id"]
    fields = {"q": "1", "qid": str(qid), "editable": "1", "a": "4.5", "t_time": "30",
              "t_tabs": "2", "t_paste": "1"}
    # Not started yet: refused as JSON.
    tok = csrf_of(s1.c.get(base))
    r = s1.c.post(base, {**fields, "csrf_token": tok}, headers={"Accept": "application/json"})
    assert r.status == 400 and "detail" in r.json()
    redirect_to(post(s1, base, base + "/start", {}))
    for _ in range(2):
        r = s1.c.post(base, {**fields, "csrf_token": tok}, headers={"Accept": "application/json"})
        assert r.status == 200, r
        assert r.headers["content-type"].startswith("application/json")
        body = r.json()
        assert body["status"] == "saved" and body["total_score"] is None and body["saved_at"]
    sub = api(stack, "GET", f"/api/submissions/?homework={hw_id}", teacher).json()["results"][0]
    a = next(x for x in api(stack, "GET", f"/api/submissions/{sub['id']}/", teacher).json()[
        "answers"] if x["question"] == qid)
    assert (a["answer"], a["time_spent_seconds"], a["tab_switches"], a["is_pasted"]) == \
        ("4.5", 60, 4, True)
    # The token is checked as for any form.
    r = s1.c.post(base, fields, headers={"Accept": "application/json"})
    assert r.status == 403


def test_result_hides_scores_and_keys_until_the_rules_allow(stack, cls):
    teacher, group, s1, s2, *_ = cls
    hw_id = new_homework(teacher, allow_view_answers="")      # answers not shown
    add_question(teacher, hw_id, "TEXT", {"prompt": "2 + 2", "points": "5",
                                          "correct_answers": "четыре"})
    assign_group(teacher, hw_id, group["id"])
    publish(teacher, hw_id)
    assert get_hw(stack, teacher, hw_id)["allow_view_answers"] is False
    base = f"/student/homework/{hw_id}"
    redirect_to(post(s1, base, base + "/start", {}))
    qid = get_hw(stack, teacher, hw_id)["questions"][0]["id"]
    redirect_to(post_pairs(s1, base, base, [("q", "1"), ("qid", str(qid)), ("editable", "1"),
                                            ("a", "пять"), ("go", "done")]))
    # While working: the key nowhere on the take page.
    assert "четыре" not in s1.c.get(f"{base}?q=1").text
    redirect_to(post(s1, f"{base}?q=done", base + "/submit", {}))
    r = s1.c.get(base + "/result")
    t = text_of(r)
    assert "проверено" in t and "не показывает баллы" in t
    assert "четыре" not in r.text and "баллы: 0 из 5" not in t and "Правильный ответ" not in t
    # The same homework with answers shown: the key once graded, and the view is counted.
    hw2 = new_homework(teacher)
    add_question(teacher, hw2, "TEXT", {"prompt": "2 + 2", "points": "5",
                                        "correct_answers": "четыре"})
    add_question(teacher, hw2, "TEXT", {"prompt": "Эссе", "points": "5"})
    assign_group(teacher, hw2, group["id"])
    publish(teacher, hw2)
    base = f"/student/homework/{hw2}"
    redirect_to(post(s2, base, base + "/start", {}))
    qs = get_hw(stack, teacher, hw2)["questions"]
    for n, (q, a) in enumerate(zip(qs, ("пять", "текст")), 1):
        redirect_to(post_pairs(s2, base, base, [("q", str(n)), ("qid", str(q["id"])),
                                                ("editable", "1"), ("a", a), ("go", "next")]))
    redirect_to(post(s2, f"{base}?q=done", base + "/submit", {}))
    r = s2.c.get(base + "/result")
    t = text_of(r)
    assert "на проверке" in t and "четыре" not in r.text    # submitted is not graded
    assert "Правильные ответы появятся здесь после проверки" in t
    sub = api(stack, "GET", f"/api/submissions/?homework={hw2}", teacher).json()["results"][0]
    assert api(stack, "POST", f"/api/submissions/{sub['id']}/complete_review/", teacher,
               json={"force": True}).status == 200
    r = s2.c.get(base + "/result")
    t = text_of(r)
    assert "проверено" in t and "четыре" in t and "Правильный ответ" in t
    assert "баллы: 0 из 5" in t
    r = api(stack, "GET", f"/api/homework/{hw2}/statistics/", teacher)
    assert r.status == 200, r
    assert next(x for x in r.json()["rows"] if x["id"] == s2.id)["viewed_answer"] == 1


# -- review and statistics -----------------------------------------------------------------------

def test_review_return_for_rework_and_complete(stack, cls):
    teacher, group, s1, s2, other, out = cls
    hw_id, hw = built(stack, cls)
    take(s1, hw_id)
    base = f"/student/homework/{hw_id}"
    redirect_to(post(s1, f"{base}?q=done", base + "/submit", {}))
    sub = api(stack, "GET", f"/api/submissions/?homework={hw_id}", teacher).json()["results"][0]
    page = f"/submissions/{sub['id']}/review"
    r = teacher.c.get(page)
    assert_html(r, 200)
    t = text_of(r)
    assert "Иванов Борис" in t and "на проверке" in t and "Ждёт оценки преподавателя" in t
    # Each answer with the right one.
    assert "Правильный ответ" in t and "4,5 | 4.50" in t and "Москва" in t
    q = by_type(hw)
    fq = q["FILE_UPLOAD"]["id"]
    assert re.search(r'href="/api/homework/file/[0-9a-f]{32}/"', r.text)   # the student's file
    # A score out of range: refused, nothing saved.
    r = post(teacher, page, page, {f"s_{fq}": "11", "action": "save"})
    assert_html(r, 400)
    assert flash(r) == ("error", f"Вопрос 9: оценка — целое число от 0 до 10.")
    # Completing with a manual answer unscored: the domain's refusal; the comment typed with
    # it is kept (one transaction, the action undone to a savepoint).
    r = post(teacher, page, page, {"action": "complete", "comment": "Черновик"})
    assert_html(r, 400)
    assert flash(r)[1].startswith("Не все ответы проверены")
    full = api(stack, "GET", f"/api/submissions/{sub['id']}/", teacher).json()
    assert full["status"] == "submitted" and full["teacher_feedback_summary"]["text"] == \
        "Черновик"
    # Scores and comments.
    r = post(teacher, page, page, {f"s_{fq}": "6", f"f_{fq}": "Неразборчиво " + XSS,
                                   "comment": "Почти хорошо", "action": "save"})
    assert redirect_to(r) == page + "?done=saved"
    full = api(stack, "GET", f"/api/submissions/{sub['id']}/", teacher).json()
    a = next(x for x in full["answers"] if x["question"] == fq)
    assert (a["teacher_score"], a["teacher_feedback"]) == (6, "Неразборчиво " + XSS)
    assert full["status"] == "graded" and full["teacher_feedback_summary"]["text"] == \
        "Почти хорошо"
    r = teacher.c.get(page + "?done=saved")
    assert XSS not in r.text and flash(r) == ("ok", "Оценки сохранены.")
    # Back for rework: only what fell short opens to the student.
    r = post(teacher, page, page, {"action": "revision", "revision_comment": "Переделайте фото"})
    assert redirect_to(r) == page + "?done=revision"
    r = s1.c.get(base)
    assert_html(r, 200)
    assert "Переделайте фото" in text_of(r)
    rework = re.findall(r'name="go" value="(\d+)" class="nav-q[^"]*rework', r.text)
    file_n = [x["id"] for x in hw["questions"]].index(fq) + 1
    assert rework == [str(file_n)]
    r = s1.c.get(f"{base}?q=1")                # an answer with full marks stays as it is
    assert 'name="editable"' not in r.text and "Этот ответ принят" in text_of(r)
    assert 'name="editable"' in s1.c.get(f"{base}?q={file_n}").text
    # The result page and my-answers are closed while the work is open again.
    assert redirect_to(s1.c.get(base + "/result")) == base
    # The student corrects the file question and hands it in again.
    page_f = f"{base}?q={file_n}"
    r = upload(s1, page_f, base + "/upload", [("qid", str(fq)), ("q", str(file_n))],
               "better.png", "image/png", g.png(8, 8))
    redirect_to(r)
    redirect_to(post(s1, f"{base}?q=done", base + "/submit", {}))
    full = api(stack, "GET", f"/api/submissions/{sub['id']}/", teacher).json()
    assert full["status"] == "submitted" and full["revision_count"] == 1
    a = next(x for x in full["answers"] if x["question"] == fq)
    assert a["teacher_score"] is None          # a changed answer loses its old score
    # The teacher completes the review.
    r = post(teacher, page, page, {f"s_{fq}": "10", "action": "complete"})
    assert redirect_to(r) == page + "?done=graded"
    full = api(stack, "GET", f"/api/submissions/{sub['id']}/", teacher).json()
    assert full["status"] == "graded" and full["total_score"] == 90
    r = s1.c.get(base + "/result")
    assert "90" in text_of(r) and "Отличная работа!" in text_of(r)
    # Others: another teacher 404, the student 403, an admin reads without the forms.
    assert_html(other.c.get(page), 404)
    assert_html(s1.c.get(page), 403)
    assert post(other, "/homework", page, {"action": "save"}).status == 404


def test_statistics_page(stack, cls):
    teacher, group, s1, s2, other, out = cls
    hw_id, hw = built(stack, cls)
    take(s1, hw_id)
    base = f"/student/homework/{hw_id}"
    redirect_to(post(s1, f"{base}?q=done", base + "/submit", {}))
    r = teacher.c.get(f"/homework/{hw_id}/stats")
    assert_html(r, 200)
    heads = re.findall(r'<th scope="col">([^<]*)</th>', r.text)
    assert heads[:10] == ["№", "Ученик", "Выполнено", "Проверено", "На проверку",
                          "На доработке", "Просмотрен ответ", "Среднее время", "Общее время",
                          "Средний %"]
    assert '<th scope="row" colspan="2">Итого</th>' in r.text
    t = text_of(r)
    assert "Иванов Борис" in t and "Сидорова Вера" in t and "не начато" in t
    assert "сдали 1 из 2" in t
    stats = api(stack, "GET", f"/api/homework/{hw_id}/statistics/", teacher).json()
    me = next(x for x in stats["rows"] if x["id"] == s1.id)
    row = re.search(r"<tr>\s*<td>\d+</td>\s*<td>Иванов Борис.*?</tr>", r.text, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[2:7] == [str(me[k]) for k in ("completed", "checked", "pending", "rework",
                                                "viewed_answer")]
    assert f'href="/submissions/{me["submission_id"]}/review">Проверить' in r.text
    # The distribution: an inline SVG with its text alternative, drawn by the server.
    svg = re.search(r"<svg[^>]*>.*?</svg>", r.text, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count('class="bar"') == 10
    assert "Сданных работ: 1." in t
    pct = me["total_score"] * 100 // me["max_score"]
    band = min(pct // 10, 9) * 10
    assert re.search(rf'<tr><td>{band}–\d+ %</td><td>1</td></tr>', r.text)
    # The group filter, an admin reads, others do not.
    assert_html(teacher.c.get(f"/homework/{hw_id}/stats?group={group['id']}"), 200)
    assert_html(teacher.c.get(f"/homework/{hw_id}/stats?group=abc"), 400)
    assert_html(other.c.get(f"/homework/{hw_id}/stats"), 404)
    assert_html(s1.c.get(f"/homework/{hw_id}/stats"), 403)


# -- what no page may do -------------------------------------------------------------------------

def test_no_key_reaches_a_student_page(stack, cls):
    teacher, group, s1, *_ = cls
    hw_id, hw = built(stack, cls)
    base = f"/student/homework/{hw_id}"
    redirect_to(post(s1, base, base + "/start", {}))
    q = by_type(hw)
    for n in range(1, 11):
        r = s1.c.get(f"{base}?q={n}")
        body = main(r)
        for secret in ("isCorrect", "correctAnswer", "correctOrder", "is_correct", "верная",
                       "верный", "London", "Thames", "4,5", "4.50"):
            assert secret not in body, (n, secret)
    # The blanks come empty, whatever the key.
    n = [x["id"] for x in hw["questions"]].index(q["FILL_BLANKS"]["id"]) + 1
    assert re.findall(r'name="b\d+" value="([^"]*)"', s1.c.get(f"{base}?q={n}").text) == ["", ""]
    # The MATCHING question offers every right side, but not in the key's order.
    n = [x["id"] for x in hw["questions"]].index(q["MATCHING"]["id"]) + 1
    c = controls(s1.c.get(f"{base}?q={n}"))
    assert [opts for _, _, opts in c["pairs"]][0] != ["Москва", "Париж", "Рим"]
    assert sorted(c["pairs"][0][2]) == ["Москва", "Париж", "Рим"]
    # The DRAG_DROP items are not shown in the right order.
    n = [x["id"] for x in hw["questions"]].index(q["DRAG_DROP"]["id"]) + 1
    assert [t for _, t in controls(s1.c.get(f"{base}?q={n}"))["items"]] != ["Один", "Два", "Три"]


def test_every_page_escapes_and_has_no_inline_style_or_script(stack, cls):
    teacher, group, s1, *_ = cls
    hw_id = new_homework(teacher, XSS, description=XSS, student_instructions=XSS)
    add_question(teacher, hw_id, "SINGLE_CHOICE", {"prompt": XSS, "points": "1",
                                                   "explanation": XSS, "c0_text": XSS,
                                                   "c1_text": "b", "correct": "0"})
    add_question(teacher, hw_id, "MATCHING", {"prompt": "m", "points": "1", "p0_left": XSS,
                                              "p0_right": XSS + "1", "p1_left": "x",
                                              "p1_right": "y"})
    add_question(teacher, hw_id, "HOTSPOT", {"prompt": "h", "points": "1",
                                             "image_url": "https://example.org/a.png",
                                             "h0_label": XSS, "h0_x": "1", "h0_y": "1",
                                             "h0_w": "5", "h0_h": "5", "h0_ok": "1"})
    assign_group(teacher, hw_id, group["id"])
    publish(teacher, hw_id)
    base = f"/student/homework/{hw_id}"
    redirect_to(post(s1, base, base + "/start", {}))
    for n in (1, 2, 3):
        c = controls(s1.c.get(f"{base}?q={n}"))
        redirect_to(post_pairs(s1, f"{base}?q={n}", base, [
            ("q", str(n)), ("qid", c["qid"]), ("editable", "1"), ("go", "next")] +
            ([("a", c["choices"][0][0])] if c["choices"] else []) +
            [(name, XSS + "1") for name, _, _ in c["pairs"]] +
            [("h", i) for i, _ in c["spots"]]))
    redirect_to(post(s1, f"{base}?q=done", base + "/submit", {}))
    sub = api(stack, "GET", f"/api/submissions/?homework={hw_id}", teacher).json()["results"][0]
    qids = [x["id"] for x in get_hw(stack, teacher, hw_id)["questions"]]
    pages = [(teacher, "/homework"), (teacher, f"/homework/{hw_id}/edit"),
             (teacher, f"/homework/{hw_id}/assign"), (teacher, f"/homework/{hw_id}/stats"),
             (teacher, f"/submissions/{sub['id']}/review"), (teacher, "/teacher/"),
             (teacher, "/homework/new")]
    pages += [(teacher, f"/homework/{hw_id}/questions/{q}") for q in qids]
    pages += [(teacher, f"/homework/{hw_id}/questions/new?type=LISTENING")]
    pages += [(s1, "/student/homework"), (s1, base + "/result"), (s1, "/student/")]
    for u, path in pages:
        r = u.c.get(path)
        assert_html(r, 200)
        assert XSS not in r.text, path
        assert not re.search(r"<[^>]+\sstyle=", r.text), path            # CSP: no inline style
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", r.text), path   # nor script
        assert not re.search(r"\son[a-z]+=", r.text), path               # nor handlers
    r = s1.c.get(f"{base}/result")
    assert XSS_ESC in r.text


def test_large_forms_fit(stack, cls):
    """A question with many rows posts more fields than a query string may carry (up to the
    editor's 100 regions): the form is read whole."""
    teacher, *_ = cls
    hw_id = new_homework(teacher)
    fields = {"prompt": "Много", "points": "1", "image_url": "https://example.org/a.png"}
    for i in range(60):
        fields.update({f"h{i}_label": f"r{i}", f"h{i}_x": str(i), f"h{i}_y": "1",
                       f"h{i}_w": "1", f"h{i}_h": "1", f"h{i}_ok": "1", f"h{i}_id": ""})
    add_question(teacher, hw_id, "HOTSPOT", fields)
    spots = get_hw(stack, teacher, hw_id)["questions"][0]["config"]["hotspots"]
    assert [s["label"] for s in spots] == [f"r{i}" for i in range(60)]
