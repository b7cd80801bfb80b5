"""Stored files in homework (PHASE2-3.md 3.6, P2.4): a student's answer files for a homework
assigned to them, FILE_UPLOAD answers and attachments naming only their own files, question media
and feedback files that must be the teacher's, who may download which, and what the clean-up
job keeps."""

import pytest

import filegen as g
from hw_helpers import autosave, class_of, create_homework, start, submit
from test_files import stored
from test_groups_api import api, new_admin, new_user
from test_import_django import sql

ANSWER = "/api/homework/upload-student-answer/"
DOCUMENT = "/api/homework/upload-document-direct/"


def answer_file(stack, student, hw_id, name="work.png", data=None, expect=201):
    body, ct = g.multipart([("homework_id", str(hw_id))] if hw_id is not None else [],
                           [("file", name, "application/octet-stream",
                             g.png() if data is None else data)])
    r = api(stack, "POST", ANSWER, student, data=body, headers={"Content-Type": ct})
    assert r.status == expect, r
    return r.json()


def hotspot(config):
    return {"prompt": "Где Европа?", "question_type": "HOTSPOT", "points": 5,
            "config": dict({"hotspots": [{"id": "h1", "label": "Европа", "x": 1, "y": 1,
                                          "width": 9, "height": 9, "isCorrect": True}]},
                           **config)}


def upload_q(**config):
    c = {"allowedTypes": ["image", "document"], "maxFiles": 2, "maxSizeMB": 1}
    c.update(config)
    return {"prompt": "Фото тетради", "question_type": "FILE_UPLOAD", "points": 10, "config": c}


TEXT_Q = {"prompt": "Решите", "question_type": "TEXT", "points": 5, "config": {}}


@pytest.fixture(scope="module")
def w(stack):
    class W:
        T1, G1, (S1, S2) = class_of(stack, 2)
        T2, G2, (S3,) = class_of(stack, 1)
        A = new_admin(stack)
        H = create_homework(stack, T1, G1["id"], publish=True,
                            questions=[upload_q(), TEXT_Q, upload_q(allowedTypes=["image"],
                                                                    maxFiles=1)])
        H2 = create_homework(stack, T2, G2["id"], publish=True, questions=[upload_q()])
    return W


def qid(hw, i):
    return str(hw["questions"][i]["id"])


def test_upload_student_answer(stack, w):
    f = answer_file(stack, w.S1, w.H["id"], "Моя работа.png")
    assert set(f) == {"status", "url", "file_id", "file_name", "mime_type", "size"}
    assert f["status"] == "success" and f["url"] == f"/api/homework/file/{f['file_id']}/"
    assert f["file_name"] == "Моя работа.png" and f["mime_type"] == "image/png"
    # Another teacher's homework, not assigned: 404; none named: 400; a draft: 404.
    answer_file(stack, w.S1, w.H2["id"], expect=404)
    r = answer_file(stack, w.S1, None, expect=400)
    assert "homework_id" in r
    assert "homework_id" in answer_file(stack, w.S1, "x", expect=400)
    draft = create_homework(stack, w.T1, w.G1["id"], questions=[upload_q()])
    answer_file(stack, w.S1, draft["id"], expect=404)
    # Teachers and admins upload elsewhere; what is refused for answers stays refused.
    answer_file(stack, w.T1, w.H["id"], expect=403)
    answer_file(stack, w.A, w.H["id"], expect=403)
    answer_file(stack, w.S1, w.H["id"], "x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                expect=400)
    # Archived: no more answers.
    old = create_homework(stack, w.T1, w.G1["id"], publish=True, questions=[upload_q()])
    start(stack, w.S1, old["id"])
    assert api(stack, "POST", f"/api/homework/{old['id']}/archive/", w.T1).status == 200
    answer_file(stack, w.S1, old["id"], expect=403)


def test_file_answers_name_only_the_students_own_files(stack, w):
    sub = start(stack, w.S1, w.H["id"])
    png = answer_file(stack, w.S1, w.H["id"])
    pdf = answer_file(stack, w.S1, w.H["id"], "work.pdf", g.pdf())
    big = answer_file(stack, w.S1, w.H["id"], "big.txt", b"a" * (1024 * 1024 + 10))
    r = autosave(stack, w.S1, sub["id"], {
        qid(w.H, 0): [{"file_id": png["file_id"], "url": "https://evil.example/x"},
                      pdf["file_id"]],
        qid(w.H, 1): "Решение на фото",
        qid(w.H, 1) + "_attachments": [png["file_id"]]})
    assert r.status == 200, r
    got = api(stack, "GET", f"/api/submissions/{sub['id']}/", w.S1).json()
    a = {a["question"]: a for a in got["answers"]}
    files = a[int(qid(w.H, 0))]["attachments"]
    assert [f["file_id"] for f in files] == [png["file_id"], pdf["file_id"]]
    # The server builds the url; the client's is ignored.
    assert files[0] == {"url": png["url"], "file_id": png["file_id"], "name": "work.png",
                        "size": png["size"], "mime_type": "image/png"}
    assert a[int(qid(w.H, 0))]["answer"] == files
    assert [f["file_id"] for f in a[int(qid(w.H, 1))]["attachments"]] == [png["file_id"]]
    assert a[int(qid(w.H, 1))]["text_answer"] == "Решение на фото"

    def refused(answers, words):
        r = autosave(stack, w.S1, sub["id"], answers)
        assert r.status == 400, r
        assert words in r.json()["detail"], r.json()
    # S2's file, a file of another homework's, an unknown one: not theirs.
    other = answer_file(stack, w.S2, w.H["id"])
    refused({qid(w.H, 0): [other["file_id"]]}, other["file_id"])
    refused({qid(w.H, 1) + "_attachments": [other["file_id"]]}, other["file_id"])
    refused({qid(w.H, 0): ["0" * 32]}, "0" * 32)
    teacher_media = stored(stack, w.T1, "a.png", g.png())
    refused({qid(w.H, 0): [teacher_media["file_id"]]}, teacher_media["file_id"])
    # The question's limits: count, size, kinds.
    third = answer_file(stack, w.S1, w.H["id"])
    refused({qid(w.H, 0): [png["file_id"], pdf["file_id"], third["file_id"]]}, "не больше 2")
    refused({qid(w.H, 0): [big["file_id"]]}, "больше 1 МБ")
    refused({qid(w.H, 2): {"file_id": pdf["file_id"]}}, "тип")
    # Nothing was written by the refused saves.
    again = api(stack, "GET", f"/api/submissions/{sub['id']}/", w.S1).json()
    assert again["answers"] == got["answers"]
    # One file for a one-file question may come as an object; a malformed list is ignored.
    assert autosave(stack, w.S1, sub["id"], {qid(w.H, 2): {"file_id": png["file_id"]},
                                             qid(w.H, 0): [{"nope": 1}]}).status == 200
    # Submitted: FILE_UPLOAD with a file waits for the teacher.
    r = submit(stack, w.S1, sub["id"])
    assert r.status == 200, r
    mine = api(stack, "GET", f"/api/submissions/{sub['id']}/", w.T1).json()
    a = {a["question"]: a for a in mine["answers"]}
    assert a[int(qid(w.H, 0))]["needs_manual_review"] is True
    assert a[int(qid(w.H, 2))]["attachments"][0]["file_id"] == png["file_id"]


def test_who_reads_an_answer_file(stack, w):
    f = answer_file(stack, w.S1, w.H["id"], "work.pdf", g.pdf())
    for user, status in ((w.S1, 200), (w.T1, 200), (w.A, 200), (w.S2, 404), (w.S3, 404),
                         (w.T2, 404), (None, 401)):
        r = api(stack, "GET", f["url"], user) if user else api(stack, "GET", f["url"])
        assert r.status == status, (user and user.email, r)
    r = api(stack, "GET", f["url"], w.T1)
    assert r.body == g.pdf() and r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"] == "sandbox"
    r = api(stack, "GET", f["url"], w.T1, headers={"Range": "bytes=0-3"})
    assert r.status == 206 and r.body == g.pdf()[:4]


def test_question_media_must_be_the_teachers_and_reach_assigned_students(stack, w):
    img = stored(stack, w.T1, "map.png", g.png())
    audio = stored(stack, w.T1, "a.wav", g.wav(), fields=[("file_type", "audio")])
    doc = stored(stack, w.T1, "task.pdf", g.pdf(), path=DOCUMENT)
    listening = {"prompt": "Слушайте", "question_type": "LISTENING", "points": 4,
                 "config": {"audioUrl": audio["url"], "subQuestions": [
                     {"id": "sq-1", "text": "Кто?", "answer": "Анна"}]}}
    hw = create_homework(stack, w.T1, w.G1["id"], description=f"Задание: {doc['url']}",
                         questions=[hotspot({"imageFileId": img["file_id"]}), listening])
    # A draft shows its files to no student.
    for f in (img, audio, doc):
        assert api(stack, "GET", f["url"], w.S1).status == 404
    assert api(stack, "POST", f"/api/homework/{hw['id']}/publish/", w.T1).status == 200
    view = api(stack, "GET", f"/api/homework/{hw['id']}/", w.S1).json()
    assert view["questions"][0]["config"]["imageUrl"] == img["url"]
    for f in (img, audio, doc):
        assert api(stack, "GET", f["url"], w.S1).status == 200
        assert api(stack, "GET", f["url"], w.S3).status == 404
        assert api(stack, "GET", f["url"], w.T2).status == 404
    # Another teacher may not name T1's files: 400 naming the question and the field.
    for cfg, field in (({"imageFileId": img["file_id"]}, "config.imageFileId"),
                       ({"imageUrl": img["url"]}, "config.imageUrl"),
                       ({"imageUrl": "/api/homework/file/nothing/"}, "config.imageUrl")):
        r = api(stack, "POST", "/api/homework/", w.T2,
                json={"title": "Чужое", "questions": [TEXT_Q, hotspot(cfg)]})
        assert r.status == 400, r
        q = r.json()["questions"][0]
        assert (q["number"], q["field"]) == (2, field), r.json()
        assert "Вопрос 2 (HOTSPOT)" in r.json()["detail"]
    # A file URL of someone else's in free text is no error, and reads nothing.
    r = api(stack, "POST", "/api/homework/", w.T2, json={
        "title": "Ссылка", "description": f"См. {doc['url']}", "questions": [TEXT_Q],
        "group_assignments_data": [{"group_id": w.G2["id"]}]})
    assert r.status == 201, r
    assert api(stack, "POST", f"/api/homework/{r.json()['id']}/publish/", w.T2).status == 200
    assert api(stack, "GET", doc["url"], w.S3).status == 404
    # Dropped from the homework: no longer the students', and let go for the clean-up.
    r = api(stack, "PATCH", f"/api/homework/{hw['id']}/", w.T1, json={"description": "Без"})
    assert r.status == 200, r
    assert api(stack, "GET", doc["url"], w.S1).status == 404
    assert api(stack, "GET", img["url"], w.S1).status == 200
    unused = sql(stack, "SELECT id FROM stored_file WHERE unused_since IS NOT NULL AND id IN "
                        f"('{doc['file_id']}', '{img['file_id']}')")
    assert unused == [[doc["file_id"]]]


def test_feedback_files(stack, w):
    hw = create_homework(stack, w.T1, w.G1["id"], publish=True, questions=[TEXT_Q])
    sub = start(stack, w.S1, hw["id"])
    assert submit(stack, w.S1, sub["id"]).status == 200
    doc = stored(stack, w.T1, "Разбор.pdf", g.pdf(), path=DOCUMENT)
    url = f"/api/submissions/{sub['id']}/feedback/"
    assert api(stack, "GET", doc["url"], w.S1).status == 404
    r = api(stack, "PATCH", url, w.T1, json={"comment": "См. файл",
                                             "attachments": [doc["file_id"]]})
    assert r.status == 200, r
    got = api(stack, "GET", f"/api/submissions/{sub['id']}/", w.S1).json()
    summary = got["teacher_feedback_summary"]
    assert summary["text"] == "См. файл"
    assert summary["attachments"] == [{"url": doc["url"], "file_id": doc["file_id"],
                                       "name": "Разбор.pdf", "size": doc["size"],
                                       "mime_type": "application/pdf"}]
    assert api(stack, "GET", doc["url"], w.S1).status == 200
    assert api(stack, "GET", doc["url"], w.S2).status == 404
    # Another teacher's file or a student's: 400, nothing changed.
    other = stored(stack, w.T2, "x.pdf", g.pdf(), path=DOCUMENT)
    theirs = answer_file(stack, w.S1, hw["id"])
    for f in (other, theirs):
        r = api(stack, "PATCH", url, w.T1, json={"attachments": [f["file_id"]]})
        assert r.status == 400, r
    assert api(stack, "GET", f"/api/submissions/{sub['id']}/", w.S1).json()[
        "teacher_feedback_summary"]["attachments"] == summary["attachments"]
    # Removed from the feedback: the student no longer reads it.
    assert api(stack, "PATCH", url, w.T1, json={"attachments": []}).status == 200
    assert api(stack, "GET", doc["url"], w.S1).status == 404


def test_cleanup_keeps_what_homework_names(stack, w):
    img = stored(stack, w.T1, "kept.png", g.png())
    loose = stored(stack, w.T1, "loose.png", g.png())
    hw = create_homework(stack, w.T1, w.G1["id"], publish=True,
                         questions=[hotspot({"imageFileId": img["file_id"]}), upload_q()])
    sub = start(stack, w.S1, hw["id"])
    mine = answer_file(stack, w.S1, hw["id"])
    dropped = answer_file(stack, w.S1, hw["id"])
    assert autosave(stack, w.S1, sub["id"], {qid(hw, 1): [dropped["file_id"]]}).status == 200
    assert autosave(stack, w.S1, sub["id"], {qid(hw, 1): [mine["file_id"]]}).status == 200
    ids = [img["file_id"], loose["file_id"], mine["file_id"], dropped["file_id"]]
    # Pretend every one of them has been unused for long.
    sql(stack, "UPDATE stored_file SET unused_since = UTC_TIMESTAMP() - INTERVAL 400 DAY "
               "WHERE id IN ({})".format(",".join(f"'{i}'" for i in ids)))
    r = api(stack, "POST", "/schedule/api/celery/trigger/cleanup_stored_files/", w.A)
    assert r.status == 200, r
    left = {row[0] for row in sql(stack, "SELECT id FROM stored_file WHERE id IN ({})".format(
        ",".join(f"'{i}'" for i in ids)))}
    assert left == {img["file_id"], mine["file_id"]}
    assert api(stack, "GET", img["url"], w.S1).status == 200
    assert api(stack, "GET", mine["url"], w.T1).status == 200


def test_deleting_homework_lets_its_files_go(stack, w):
    img = stored(stack, w.T1, "gone.png", g.png())
    hw = create_homework(stack, w.T1, w.G1["id"],
                         questions=[hotspot({"imageUrl": img["url"]})])
    assert sql(stack, f"SELECT unused_since IS NULL FROM stored_file "
                      f"WHERE id = '{img['file_id']}'") == [["1"]]
    assert api(stack, "DELETE", f"/api/homework/{hw['id']}/", w.T1).status == 204
    assert sql(stack, f"SELECT unused_since IS NULL FROM stored_file "
                      f"WHERE id = '{img['file_id']}'") == [["0"]]
