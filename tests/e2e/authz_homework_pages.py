"""The authorisation matrix's rows for the homework pages (templates/homework/): the same
callers and answers as the API's rows (authz_homework.py), as pages answer them. A teacher's
pages for their own homework (another teacher: 404, other roles: 403 by role before the object
is looked up); the statistics and review pages also for admins, who read and never write; a
student's pages for homework assigned to them (a student of another group: 404).

Forms that post a file (R_UPLOAD) carry the caller's CSRF token in the multipart body; the
others are url-encoded forms. Objects are made through the API: a draft of the teacher's with a
TEXT and a HOTSPOT question (D), and a published homework assigned to the teacher's group,
handed in by the group's student (H, SUB); destructive rows get fresh objects."""

import filegen as g
from test_authz_matrix import P_S_ONLY, P_T_ONLY, P_T_OWNER, Call, Row

P_TA_READ = "login 403 403 ok 404 ok"       # the owner teacher and admins read
P_STUDENT_OWN = "login ok 404 403 403 403"  # the assigned student; others by role 403
IMAGE = "https://example.org/map.png"


def _questions():
    return [{"prompt": "Сколько будет 2 + 2?", "question_type": "TEXT", "points": 2,
             "config": {"correctAnswer": "4"}},
            {"prompt": "Отметьте область", "question_type": "HOTSPOT", "points": 2,
             "config": {"imageUrl": IMAGE, "hotspots": [
                 {"id": "h1", "label": "Левая", "x": 0, "y": 0, "width": 50, "height": 50,
                  "isCorrect": True}]}},
            {"prompt": "Загрузите файл", "question_type": "FILE_UPLOAD", "points": 1,
             "config": {"allowedTypes": ["image"], "maxFiles": 2, "maxSizeMB": 5}}]


def _homework(w, publish=True):
    hw = w.ok("POST", "/api/homework/", w.T, {
        "title": w.uniq("ДЗ страниц"), "questions": _questions(),
        "group_assignments_data": [{"group_id": w.G["id"]}]})
    if publish:
        w.ok("POST", f"/api/homework/{hw['id']}/publish/", w.T)
    return hw


def _started(w):
    hw = _homework(w)
    return hw, w.ok("POST", "/api/submissions/", w.S, {"homework": hw["id"]})


def _shared(w):
    """Made once: a draft (D), and published work the student handed in (H, SUB)."""
    if not hasattr(w, "hw_page_objects"):
        d = _homework(w, publish=False)
        h, sub = _started(w)
        w.ok("PATCH", f"/api/submissions/{sub['id']}/answer/", w.S,
             {"answers": {str(h["questions"][0]["id"]): "4"}})
        w.ok("POST", f"/api/submissions/{sub['id']}/submit/", w.S)
        w.hw_page_objects = {"D": d, "H": h, "SUB": sub}
    return w.hw_page_objects


def _id(name):
    return lambda w, who: Call(params={"id": _shared(w)[name]["id"]})


def _q(name, index, body=None, query=""):
    def prep(w, who):
        hw = _shared(w)[name]
        return Call(params={"id": hw["id"], "qid": hw["questions"][index]["id"]},
                    body=body, query=query)
    return prep


def _fresh(make, body=None, qid=None):
    def prep(w, who):
        hw = make(w)
        params = {"id": hw["id"]}
        if qid is not None:
            params["qid"] = hw["questions"][qid]["id"]
        return Call(params=params, body=body(w, hw) if callable(body) else body)
    return prep


def _upload(make_params, fields=()):
    """A form with a PNG: the caller's CSRF token first, then the fields and the file."""
    def prep(w, who):
        params, more = make_params(w)
        body, ct = g.multipart([("csrf_token", w.callers[who].csrf)] + list(fields) + more,
                               [("file", "map.png", "image/png", g.png())])
        return Call(params=params, raw=body, headers={"Content-Type": ct})
    return prep


def _settings(w, who):
    return Call(params={"id": _shared(w)["D"]["id"]},
                body={"title": "ДЗ страниц", "late_policy": "allow", "deadline": ""})


def _assign(w, who):
    return Call(params={"id": _shared(w)["D"]["id"]},
                body={f"g_{w.G['id']}": "all", f"gd_{w.G['id']}": ""})


def _text_form(w, who):
    return {"prompt": "Сколько будет 2 + 2?", "points": "2", "answer_length": "short",
            "correct_answers": "4", "strategy": "exact", "op": "save"}


def rows():
    draft = _id("D")
    return [
        # The teacher's pages: the list, a new homework, the constructor.
        Row("GET", "/homework", P_T_ONLY),
        Row("POST", "/homework", P_T_ONLY,
            lambda w, who: Call(body={"title": w.uniq("Новое ДЗ"), "late_policy": "allow"})),
        Row("GET", "/homework/new", P_T_ONLY),
        Row("GET", "/homework/{id}/edit", P_T_OWNER, draft),
        Row("POST", "/homework/{id}/edit", P_T_OWNER, _settings),
        Row("GET", "/homework/{id}/assign", P_T_OWNER, draft),
        Row("POST", "/homework/{id}/assign", P_T_OWNER, _assign),
        Row("POST", "/homework/{id}/publish", P_T_OWNER,
            _fresh(lambda w: _homework(w, False), {})),
        Row("POST", "/homework/{id}/archive", P_T_OWNER, _fresh(_homework, {})),
        Row("POST", "/homework/{id}/delete", P_T_OWNER,
            _fresh(lambda w: _homework(w, False), {})),
        Row("POST", "/homework/{id}/order", P_T_OWNER, _fresh(
            lambda w: _homework(w, False),
            lambda w, hw: {"order": ",".join(str(q["id"]) for q in reversed(hw["questions"]))})),
        Row("POST", "/homework/{id}/media", P_T_OWNER, _upload(
            lambda w: ({"id": _shared(w)["D"]["id"]}, []), [("question_type", "HOTSPOT")])),
        Row("GET", "/homework/{id}/questions/new", P_T_OWNER,
            lambda w, who: Call(params={"id": _shared(w)["D"]["id"]}, query="type=MATCHING")),
        Row("POST", "/homework/{id}/questions", P_T_OWNER, lambda w, who: Call(
            params={"id": _shared(w)["D"]["id"]},
            body={**_text_form(w, who), "question_type": "TEXT"})),
        Row("GET", "/homework/{id}/questions/{qid}", P_T_OWNER, _q("D", 1)),
        Row("POST", "/homework/{id}/questions/{qid}", P_T_OWNER,
            lambda w, who: _q("D", 0, _text_form(w, who))(w, who)),
        Row("POST", "/homework/{id}/questions/{qid}/move", P_T_OWNER,
            _q("D", 0, {"dir": "down"})),
        Row("POST", "/homework/{id}/questions/{qid}/delete", P_T_OWNER,
            _fresh(lambda w: _homework(w, False), {}, qid=0)),
        Row("POST", "/homework/{id}/questions/{qid}/media", P_T_OWNER, _upload(
            lambda w: ({"id": _shared(w)["D"]["id"],
                        "qid": _shared(w)["D"]["questions"][1]["id"]}, []))),
        # Work on it: the teacher's and admins' to read, the teacher's to review.
        Row("GET", "/homework/{id}/stats", P_TA_READ, _id("H")),
        Row("GET", "/submissions/{id}/review", P_TA_READ, _id("SUB")),
        Row("POST", "/submissions/{id}/review", P_T_OWNER, lambda w, who: Call(
            params={"id": _shared(w)["SUB"]["id"]}, body={"action": "save"})),
        # The student's pages.
        Row("GET", "/student/homework", P_S_ONLY),
        Row("GET", "/student/homework/{id}", P_STUDENT_OWN, _id("H")),
        Row("POST", "/student/homework/{id}", P_STUDENT_OWN, lambda w, who: Call(
            params={"id": _started(w)[0]["id"]}, body={"q": "1", "go": "next"})),
        Row("POST", "/student/homework/{id}/start", P_STUDENT_OWN,
            _fresh(_homework, {})),
        Row("POST", "/student/homework/{id}/upload", P_STUDENT_OWN, _upload(
            lambda w: (lambda hw: ({"id": hw["id"]}, [("qid", str(hw["questions"][2]["id"])),
                                                      ("q", "3")]))(_started(w)[0]))),
        Row("POST", "/student/homework/{id}/submit", P_STUDENT_OWN,
            lambda w, who: Call(params={"id": _started(w)[0]["id"]}, body={})),
        Row("GET", "/student/homework/{id}/result", P_STUDENT_OWN, _id("H")),
    ]
