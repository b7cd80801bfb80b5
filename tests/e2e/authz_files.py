"""Authorisation rows of the stored files (PHASE2-3.md 3.6): the teachers' homework uploads and
the two download paths. A teacher's media file is read by its teacher and admins; students get
404 until the homework module lets the students assigned a homework that uses it read it (then
the student column of the download rows becomes ok)."""

import filegen as g
from test_authz_matrix import T_ONLY, Call, Row

OWNER_OR_ADMIN = "401 404 404 ok 404 ok"


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
    return Call(params={"file_id": w.MEDIA})


def rows():
    return [
        Row("POST", "/api/homework/upload-file/", T_ONLY,
            upload_call("a.png", g.png(), [("file_type", "image")])),
        Row("POST", "/api/homework/upload-document-direct/", T_ONLY,
            upload_call("a.pdf", g.pdf())),
        Row("GET", "/api/homework/file/{file_id}/", OWNER_OR_ADMIN, media),
        Row("GET", "/api/files/{file_id}/", OWNER_OR_ADMIN, media),
    ]
