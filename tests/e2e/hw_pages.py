"""Helpers for the homework pages' tests (test_homework_pages.py, test_homework_browser.py): a
signed-in page client per user, forms posted with their CSRF token (files as multipart), a
homework built through the constructor's forms with one question of each of the nine types, and
the take page's controls read from its HTML so that a test answers as a browser would."""

import html
import re
import urllib.parse
import uuid

import filegen as g
from test_groups_api import api, new_user
from test_pages import Client, csrf_of, location, page_signin, path_of

XSS = '<script>alert("x")</script>'
XSS_ESC = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def person(stack, role="student", **names):
    """An API user (id, email, token) also signed in to the pages (.c)."""
    u = new_user(stack, role, **names)
    u.c = Client(stack)
    r = page_signin(u.c, u.email)
    assert r.status == 303, r
    return u


def post(u, page, action, fields):
    """Post a form as the page at `page` would (its CSRF token)."""
    data = dict(fields)
    data["csrf_token"] = csrf_of(u.c.get(page))
    return u.c.post(action, data)


def post_pairs(u, page, action, pairs):
    """The same with repeated fields: a list of (name, value)."""
    body = urllib.parse.urlencode(list(pairs) + [("csrf_token", csrf_of(u.c.get(page)))])
    return u.c.request("POST", action, body=body.encode(), headers={
        "Content-Type": "application/x-www-form-urlencoded"})


def upload(u, page, action, fields, filename, ctype, data):
    """A form that posts a file: the token first, the fields, then the file."""
    body, ct = g.multipart([("csrf_token", csrf_of(u.c.get(page)))] + list(fields),
                           [("file", filename, ctype, data)])
    return u.c.request("POST", action, body=body, headers={"Content-Type": ct})


def flash(r):
    m = re.search(r'<div class="flash flash-(\w+)"[^>]*>([^<]*)</div>', r.text)
    return (m.group(1), html.unescape(m.group(2))) if m else None


def main(r):
    """The page's content without the nav."""
    return r.text[r.text.index("<main"):]


def text_of(r):
    """The visible text of the page's content, tags removed, spaces collapsed."""
    t = re.sub(r"<[^>]+>", " ", main(r))
    return re.sub(r"\s+", " ", html.unescape(t))


def redirect_to(r):
    """Where a 303 leads: path, query and fragment."""
    assert r.status == 303, (r, flash(r))
    u = urllib.parse.urlsplit(location(r))
    return path_of(location(r)) + ("#" + u.fragment if u.fragment else "")


def new_homework(teacher, title=None, **fields):
    """A draft made through the new homework form: its id."""
    r = post(teacher, "/homework/new", "/homework", {
        "title": title or "ДЗ " + uuid.uuid4().hex[:6], "late_policy": "allow",
        "allow_view_answers": "1", **fields})
    m = re.fullmatch(r"/homework/(\d+)/edit\?done=created", redirect_to(r))
    assert m, location(r)
    return int(m.group(1))


def get_hw(stack, teacher, hw_id):
    r = api(stack, "GET", f"/api/homework/{hw_id}/", teacher)
    assert r.status == 200, r
    return r.json()


def add_question(teacher, hw_id, qtype, fields):
    """Create a question through its editor's form; the API's view of it."""
    page = f"/homework/{hw_id}/questions/new?type={qtype}"
    r = post(teacher, page, f"/homework/{hw_id}/questions",
             {"question_type": qtype, "op": "save", **fields})
    to = redirect_to(r)
    m = re.fullmatch(rf"/homework/{hw_id}/edit\?done=q_saved#q-(\d+)", to)
    assert m, to
    return int(m.group(1))


def media(teacher, hw_id, qtype, filename, ctype, data):
    """Upload a question's image or audio before the question exists: its file id."""
    r = upload(teacher, f"/homework/{hw_id}/questions/new?type={qtype}",
               f"/homework/{hw_id}/media", [("question_type", qtype)], filename, ctype, data)
    m = re.fullmatch(rf"/homework/{hw_id}/questions/new\?type={qtype}&file=([0-9a-f]{{32}})",
                     redirect_to(r))
    assert m, location(r)
    return m.group(1)


def nine_forms(teacher, hw_id):
    """The nine questions through the editor (media uploaded by their forms); {type: id}."""
    image = media(teacher, hw_id, "HOTSPOT", "map.png", "image/png", g.png(40, 30))
    audio = media(teacher, hw_id, "LISTENING", "tone.wav", "audio/wav", g.wav())
    forms = [
        ("TEXT", {"prompt": "Сколько будет 9 / 2?", "points": "10", "answer_length": "short",
                  "correct_answers": "4,5\n4.50", "strategy": "exact"}),
        ("SINGLE_CHOICE", {"prompt": "Столица Франции?", "points": "10",
                           "c0_text": "Париж", "c1_text": "Лион", "c2_text": "",
                           "correct": "0"}),
        ("MULTI_CHOICE", {"prompt": "Простые числа", "points": "10",
                          "c0_text": "2", "c0_ok": "1", "c1_text": "3", "c1_ok": "1",
                          "c2_text": "4", "c3_text": "5", "c3_ok": "1"}),
        ("LISTENING", {"prompt": "Послушайте запись", "points": "10", "audio_file": audio,
                       "listen_prompt": "Ответьте на вопросы",
                       "s0_text": "Город?", "s0_answer": "London",
                       "s1_text": "Река?", "s1_answer": "Thames"}),
        ("MATCHING", {"prompt": "Соедините", "points": "10", "shuffle": "1",
                      "p0_left": "Россия", "p0_right": "Москва",
                      "p1_left": "Франция", "p1_right": "Париж",
                      "p2_left": "Италия", "p2_right": "Рим"}),
        ("DRAG_DROP", {"prompt": "По порядку", "points": "10",
                       "d0_text": "Один", "d1_text": "Два", "d2_text": "Три"}),
        ("FILL_BLANKS", {"prompt": "Заполните", "points": "10",
                         "template": "[___] — столица Франции, [___] — Италии.",
                         "b0_text": "Париж", "b1_text": "Рим", "strategy": "loose"}),
        ("HOTSPOT", {"prompt": "Отметьте Европу", "points": "10", "image_file": image,
                     "h0_label": "Европа", "h0_x": "10", "h0_y": "10", "h0_w": "20",
                     "h0_h": "20", "h0_ok": "1",
                     "h1_label": "Африка", "h1_x": "50,5", "h1_y": "60", "h1_w": "20",
                     "h1_h": "30"}),
        ("FILE_UPLOAD", {"prompt": "Загрузите фото тетради", "points": "10",
                         "ft_image": "1", "ft_document": "1", "max_files": "2",
                         "max_size": "5", "instructions": "Фото или PDF"}),
    ]
    return {t: add_question(teacher, hw_id, t, f) for t, f in forms}


def assign_group(teacher, hw_id, group_id, deadline=""):
    r = post(teacher, f"/homework/{hw_id}/assign", f"/homework/{hw_id}/assign",
             {f"g_{group_id}": "all", f"gd_{group_id}": deadline})
    assert redirect_to(r) == f"/homework/{hw_id}/edit?done=assigned"


def publish(teacher, hw_id):
    r = post(teacher, f"/homework/{hw_id}/edit", f"/homework/{hw_id}/publish", {})
    assert redirect_to(r) == f"/homework/{hw_id}/edit?done=published"


# -- the take page ------------------------------------------------------------------------------

def take_form(r):
    """The take page's answer form (the one with id="take")."""
    m = re.search(r'<form method="post" action="([^"]+)" id="take".*?</form>', r.text, re.S)
    assert m, r.text[:2000]
    return m.group(0)


def controls(r):
    """What the current question offers: {"type", "qid", "q", plus per type: choices [(id,
    text)], subs [(field, text)], pairs [(field, left, [options])], items [(field, text)],
    blanks [field], spots [(id, label)], files [(file_id, name)]}."""
    f = take_form(r)
    out = {"qid": re.search(r'name="qid" value="(\d+)"', f).group(1),
           "q": re.search(r'name="q" value="(\d+)"', f).group(1)}
    un = html.unescape
    out["choices"] = [(v, un(t).strip()) for v, t in re.findall(
        r'<input type="(?:radio|checkbox)" name="a" value="(\d+)"[^>]*> ([^<]*)</label>', f)]
    out["multi"] = 'type="checkbox" name="a"' in f
    out["text"] = 'name="a"' in f and not out["choices"]
    out["subs"] = [(un(n), un(t)) for t, n in re.findall(
        r'<label>\d+\. ([^<]*)<input type="text" name="(s:[^"]+)"', f)]
    out["pairs"] = []
    for left, name, opts in re.findall(
            r'<label class="pair">([^<]*)<select name="(m:[^"]+)">(.*?)</select>', f, re.S):
        out["pairs"].append((un(name), un(left).strip(),
                             [un(o) for o in re.findall(r'<option value="([^"]+)"', opts)]))
    out["items"] = [(un(n), un(t).strip()) for t, n in re.findall(
        r'<label>([^<]*)<select name="(o:[^"]+)"', f)]
    out["blanks"] = re.findall(r'name="(b\d+)"', f)
    out["spots"] = [(un(v), un(t)) for v, t in re.findall(
        r'<input type="checkbox" name="h" value="([^"]+)"[^>]*><span>([^<]*)</span>', f)]
    out["files"] = re.findall(r'value="rm:([0-9a-f]{32})"', f)
    out["upload"] = 'form="upload-form"' in f
    return out


def answer_pairs(c, kind):
    """A fully correct answer to the nine-type homework's question c (as controls() read it)
    as form pairs; kind is its type."""
    if kind == "TEXT":
        return [("a", " 4.5 ")]
    if kind == "SINGLE_CHOICE":
        return [("a", next(i for i, t in c["choices"] if t == "Париж"))]
    if kind == "MULTI_CHOICE":
        return [("a", i) for i, t in c["choices"] if t in ("2", "3", "5")]
    if kind == "LISTENING":
        want = {"Город?": "london", "Река?": "THAMES"}
        return [(n, want[t]) for n, t in c["subs"]]
    if kind == "MATCHING":
        want = {"Россия": "Москва", "Франция": "Париж", "Италия": "Рим"}
        return [(n, want[left]) for n, left, _ in c["pairs"]]
    if kind == "DRAG_DROP":
        place = {"Один": "1", "Два": "2", "Три": "3"}
        return [(n, place[t]) for n, t in c["items"]]
    if kind == "FILL_BLANKS":
        return [("b0", "парижж"), ("b1", "рим")]     # one typo forgiven (loose)
    if kind == "HOTSPOT":
        return [("h", i) for i, t in c["spots"] if t == "Европа"]
    return []


def kind_of(c):
    if c["upload"] or c["files"]:
        return "FILE_UPLOAD"
    if c["subs"]:
        return "LISTENING"
    if c["pairs"]:
        return "MATCHING"
    if c["items"]:
        return "DRAG_DROP"
    if c["blanks"]:
        return "FILL_BLANKS"
    if c["spots"]:
        return "HOTSPOT"
    if c["choices"]:
        return "MULTI_CHOICE" if c["multi"] else "SINGLE_CHOICE"
    return "TEXT"
