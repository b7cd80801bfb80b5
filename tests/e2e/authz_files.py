"""Authorisation rows of the stored files (PHASE2-3.md 3.6): the teachers' homework uploads and
the two download paths. A teacher's media file is read by its teacher, admins and the students
assigned a published homework that names it (w.S through w.G); others get 404."""

import filegen as g
from test_authz_matrix import IN_SCOPE, T_ONLY, Call, Row


def upload_call(filename, data, fields=()):
    def prep(w, who):
        body, ct = g.multipart(fields, [("file", filename, "application/octet-stream", data)])
        return Call(raw=body, headers={"Content-Type": ct})
    return prep


def media(w, who):
    """A teacher's image, uploaded once per world."""
    if not hasattr(w, "MEDIA"):
        body, ct = g.multipart([("file_type", "image")], [("file", "a.png", "image/png", g.png())])
        r = w.stack.request("POST", "/api/homework/upload-file/", body=body, headers={
            "Content-Type": ct, "Authorization": "Bearer " + w.T.token})
        assert r.status == 201, r
        w.MEDIA = r.json()["file_id"]
        # A published homework of w.T's for w.G that shows it.
        hw = w.ok("POST", "/api/homework/", w.T, {
            "title": w.uniq("ДЗ с картой"), "group_assignments_data": [{"group_id": w.G["id"]}],
            "questions": [{"prompt": "Где Европа?", "question_type": "HOTSPOT", "points": 1,
                           "config": {"imageFileId": w.MEDIA, "hotspots": [
                               {"id": "h1", "label": "Европа", "x": 1, "y": 1, "width": 9,
                                "height": 9, "isCorrect": True}]}}]})
        w.ok("POST", f"/api/homework/{hw['id']}/publish/", w.T)
    return Call(params={"file_id": w.MEDIA})


def rows():
    return [
        Row("POST", "/api/homework/upload-file/", T_ONLY,
            upload_call("a.png", g.png(), [("file_type", "image")])),
        Row("POST", "/api/homework/upload-document-direct/", T_ONLY,
            upload_call("a.pdf", g.pdf())),
        Row("GET", "/api/homework/file/{file_id}/", IN_SCOPE, media),
        Row("GET", "/api/files/{file_id}/", IN_SCOPE, media),
    ]
