"""The authorisation matrix's rows for homework and submissions (PHASE2-3.md 1.7, 2.5;
docs/authorisation.md "Homework"). A teacher writes and reviews their own homework; a student
takes what is assigned to them and reads their own work; an admin reads everything and writes
nothing; another teacher or another group's student does not see the objects (404).

The objects are the teacher's (w.T) and assigned to their group (w.G, holding the student
w.S); the other student (w.S2) is in another teacher's group."""

import filegen as g
from test_authz_matrix import ANY, IN_SCOPE, T_ONLY, T_OWNER, Call, Row

TA_READ = "401 403 403 ok 404 ok"       # the owner teacher and admins read
STUDENT_OWN = "401 ok 404 403 403 403"  # the assigned student; others by role 403


def _q():
    return [{"prompt": "Ответ a", "question_type": "TEXT", "points": 2,
             "config": {"correctAnswer": "a"}},
            {"prompt": "Открытый", "question_type": "TEXT", "points": 3, "config": {}}]


def _homework(w, publish=True, owner=None, group=None):
    owner = owner or w.T
    hw = w.ok("POST", "/api/homework/", owner, {
        "title": w.uniq("ДЗ"), "questions": _q(),
        "group_assignments_data": [{"group_id": (group or w.G)["id"]}]})
    if publish:
        w.ok("POST", f"/api/homework/{hw['id']}/publish/", owner)
    return hw


def _started(w):
    """A new published homework and the student's in-progress work on it."""
    hw = _homework(w)
    return hw, w.ok("POST", "/api/submissions/", w.S, {"homework": hw["id"]})


def _handed_in(w, answer="a"):
    hw, sub = _started(w)
    w.ok("PATCH", f"/api/submissions/{sub['id']}/answer/", w.S,
         {"answers": {str(hw["questions"][0]["id"]): answer}})
    w.ok("POST", f"/api/submissions/{sub['id']}/submit/", w.S)
    return hw, sub


def _shared(w):
    """Made once: a homework the student handed in (graded by the key) and one they work on."""
    if not hasattr(w, "hw_objects"):
        h, done = _handed_in(w)
        p, progress = _started(w)
        w.hw_objects = {"H": h, "SUB": done, "P": p, "PROGRESS": progress}
    return w.hw_objects


def _ids(name, key="id"):
    return lambda w, who: Call(params={"id": _shared(w)[name][key]})


def _with(name, body):
    return lambda w, who: Call(params={"id": _shared(w)[name]["id"]},
                               body=body(w) if callable(body) else body)


def _fresh(make, body=None):
    return lambda w, who: Call(params={"id": make(w)["id"]}, body=body)


def _create(w, who):
    return Call(body={"title": w.uniq("Новое ДЗ"), "questions": _q(),
                      "group_assignments_data": [{"group_id": w.own_group(who)["id"]}]})


def _upload(w, who):
    """A student's answer file for the homework they work on."""
    body, ct = g.multipart([("homework_id", str(_shared(w)["P"]["id"]))],
                           [("file", "work.png", "image/png", g.png())])
    return Call(raw=body, headers={"Content-Type": ct})


def _answer_file(w, who):
    """A file the student uploaded for their work: theirs, their teacher's and admins' to read."""
    if not hasattr(w, "ANSWER_FILE"):
        body, ct = g.multipart([("homework_id", str(_shared(w)["P"]["id"]))],
                               [("file", "work.pdf", "application/pdf", g.pdf())])
        r = w.stack.request("POST", "/api/homework/upload-student-answer/", body=body, headers={
            "Content-Type": ct, "Authorization": "Bearer " + w.S.token})
        assert r.status == 201, r
        w.ANSWER_FILE = r.json()["file_id"]
    return Call(params={"file_id": w.ANSWER_FILE})


def rows():
    return [
        Row("GET", "/api/homework/", ANY),
        Row("POST", "/api/homework/", T_ONLY, _create),
        Row("GET", "/api/homework/{id}/", IN_SCOPE, _ids("H")),
        Row("PUT", "/api/homework/{id}/", T_OWNER, _with("H", {"description": "PUT"})),
        Row("PATCH", "/api/homework/{id}/", T_OWNER, _with("H", {"description": "PATCH"})),
        Row("DELETE", "/api/homework/{id}/", T_OWNER, _fresh(lambda w: _homework(w, False))),
        Row("POST", "/api/homework/{id}/publish/", T_OWNER,
            _fresh(lambda w: _homework(w, False))),
        Row("POST", "/api/homework/{id}/archive/", T_OWNER, _fresh(_homework)),
        Row("GET", "/api/homework/{id}/assignment-details/", TA_READ, _ids("H")),
        Row("GET", "/api/homework/{id}/my-answers/", STUDENT_OWN, _ids("H")),
        Row("GET", "/api/homework/{id}/statistics/", TA_READ, _ids("H")),
        Row("GET", "/api/submissions/", ANY),
        Row("POST", "/api/submissions/", STUDENT_OWN,
            lambda w, who: Call(body={"homework": _shared(w)["P"]["id"]})),
        Row("GET", "/api/submissions/{id}/", IN_SCOPE, _ids("SUB")),
        Row("PATCH", "/api/submissions/{id}/answer/", STUDENT_OWN,
            _with("PROGRESS", {"answers": {}})),
        Row("POST", "/api/submissions/{id}/submit/", STUDENT_OWN,
            lambda w, who: Call(params={"id": _started(w)[1]["id"]})),
        Row("PATCH", "/api/submissions/{id}/update_answer/", T_OWNER,
            _with("SUB", lambda w: {"question_id": _shared(w)["H"]["questions"][1]["id"],
                                    "teacher_score": 1})),
        Row("PATCH", "/api/submissions/{id}/feedback/", T_OWNER,
            _with("SUB", {"comment": "Хорошо"})),
        Row("POST", "/api/submissions/{id}/grade/", T_OWNER,
            _with("SUB", {"grade": 2, "feedback": "ok"})),
        Row("POST", "/api/submissions/{id}/complete_review/", T_OWNER,
            _with("SUB", {"force": True})),
        Row("POST", "/api/submissions/{id}/send_for_revision/", T_OWNER,
            lambda w, who: Call(params={"id": _handed_in(w, "b")[1]["id"]},
                                body={"comment": "Исправьте"})),
        Row("POST", "/api/homework/upload-student-answer/", STUDENT_OWN, _upload),
        Row("GET", "/api/homework/file/{file_id}/", IN_SCOPE, _answer_file, case="answer file"),
        Row("GET", "/api/files/{file_id}/", IN_SCOPE, _answer_file, case="answer file"),
    ]
