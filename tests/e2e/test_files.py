"""Stored files (PHASE2-3.md 3.6, P2.4): uploads received by nginx, checked by their content with
libmagic against each endpoint's allow-list, kept under media_dir by a random id; downloads
authorised by the app and sent by nginx from its internal /_files/ location.

Every file here is made by tests/e2e/filegen.py: a real file of each allowed kind, and the
refused ones (HTML named x.png, SVG, an executable sent as image/png, random bytes)."""

import hashlib
import http.client
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

import filegen as g
from conftest import Response, free_port, wait_until
from test_groups_api import api, new_admin, new_user
from test_import_django import sql
from test_pages import Client, page_signin

UPLOAD = "/api/homework/upload-file/"
DOCUMENT = "/api/homework/upload-document-direct/"
HEX32 = re.compile(r"^[0-9a-f]{32}$")
NO_FILE = "Файл не найден в запросе"
MiB = 1024 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def upload(stack, user, filename, data, ctype="application/octet-stream", fields=(), path=UPLOAD,
           port=None):
    body, ct = g.multipart(fields, [("file", filename, ctype, data)])
    if port is None:
        return api(stack, "POST", path, user, data=body, headers={"Content-Type": ct})
    c = http.client.HTTPConnection(stack.host, port, timeout=20)
    c.request("POST", path, body, {"Content-Type": ct, "Authorization": "Bearer " + user.token})
    r = c.getresponse()
    return Response(r.status, r.reason, r.getheaders(), r.read())


def stored(stack, user, filename, data, **kw):
    r = upload(stack, user, filename, data, **kw)
    assert r.status == 201, r
    return r.json()


def stored_count(stack):
    return int(sql(stack, "SELECT COUNT(*) FROM stored_file")[0][0])


def tmp_files(stack):
    return sorted(os.listdir(stack.dir / "media" / "tmp"))


def no_tmp_files(stack):
    """Uploads leave no temporary file (removed when the request's memory is, right after the
    answer is sent: give the worker a moment)."""
    wait_until(lambda: tmp_files(stack) == [], 5, what="no file left in media_dir/tmp")


@pytest.fixture(scope="module")
def people(stack):
    class P:
        T = new_user(stack, "teacher", first_name="Анна", last_name="Файлова")
        T2 = new_user(stack, "teacher")
        S = new_user(stack)
        A = new_admin(stack)
    return P


# -- every kind allowed, stored and sent back -----------------------------------------------------

IMAGE_AUDIO = [
    ("a.png", g.png, "image", "image/png", "inline"),
    ("фото.jpg", g.jpeg, "image", "image/jpeg", "inline"),
    ("a.gif", g.gif, "image", "image/gif", "inline"),
    ("a.webp", g.webp, "image", "image/webp", "inline"),
    ("a.wav", g.wav, "audio", "audio/x-wav", "inline"),
    ("a.mp3", g.mp3, "audio", "audio/mpeg", "inline"),
    ("a.ogg", g.ogg, "audio", "audio/ogg", "inline"),
]
DOCUMENTS = [
    ("a.pdf", g.pdf, "application/pdf", "inline"),
    ("Отчёт.docx", lambda: g.ooxml("docx"), DOCX, "attachment"),
    ("a.xlsx", lambda: g.ooxml("xlsx"), XLSX, "attachment"),
    ("a.pptx", lambda: g.ooxml("pptx"), PPTX, "attachment"),
    ("a.doc", g.ole, "application/msword", "attachment"),
    ("a.xls", lambda: g.ole("Workbook"), "application/vnd.ms-excel", "attachment"),
    ("a.ppt", lambda: g.ole("PowerPoint Document"), "application/vnd.ms-powerpoint", "attachment"),
    ("a.txt", lambda: "Привет, мир\n".encode(), "text/plain", "attachment"),
    ("a.csv", lambda: b"name,score\nAnna,5\nBoris,4\n", "text/csv", "attachment"),
    ("a.zip", g.plain_zip, "application/zip", "attachment"),
]


def check_download(stack, user, reply, data, mime, disposition):
    for url in (reply["url"], f"/api/files/{reply['file_id']}/"):
        r = api(stack, "GET", url, user)
        assert r.status == 200, r
        assert r.body == data
        h = r.headers
        assert h["content-type"] == mime
        assert h["x-content-type-options"] == "nosniff"
        assert h["content-security-policy"] == "sandbox"
        assert h["cache-control"] == "private, max-age=3600"
        assert h["content-disposition"].startswith(disposition + '; filename="'), h
        assert "filename*=UTF-8''" in h["content-disposition"]
        assert "x-accel-redirect" not in h and "etag" in h


def check_stored(stack, user, reply, data, name, mime):
    assert set(reply) >= {"status", "url", "download_url", "file_id", "file_name", "mime_type",
                          "size"}, reply
    assert reply["status"] == "success" and HEX32.match(reply["file_id"])
    assert reply["url"] == reply["download_url"] == f"/api/homework/file/{reply['file_id']}/"
    assert (reply["file_name"], reply["mime_type"], reply["size"]) == (name, mime, len(data))
    row = sql(stack, "SELECT owner_id, purpose, mime_type, size, sha256, storage_path, "
                     f"original_name FROM stored_file WHERE id = '{reply['file_id']}'")
    assert row, reply
    owner, purpose, rmime, size, sha, path, rname = row[0]
    assert (int(owner), purpose, rmime, int(size), rname) == (user.id, "homework_media", mime,
                                                              len(data), name)
    assert sha == hashlib.sha256(data).hexdigest()
    assert re.fullmatch(r"\d{4}/\d\d/" + reply["file_id"], path), path
    on_disk = stack.dir / "media" / path
    assert on_disk.read_bytes() == data
    assert stat.S_IMODE(on_disk.stat().st_mode) == 0o640


@pytest.mark.parametrize("name,make,file_type,mime,disposition", IMAGE_AUDIO,
                         ids=[c[0] for c in IMAGE_AUDIO])
def test_images_and_audio_of_every_allowed_kind(stack, people, name, make, file_type, mime,
                                                disposition):
    data = make()
    # The type the client claims never matters.
    reply = stored(stack, people.T, name, data, ctype="text/html",
                   fields=[("file_type", file_type)])
    check_stored(stack, people.T, reply, data, name, mime)
    check_download(stack, people.T, reply, data, mime, disposition)


@pytest.mark.parametrize("name,make,mime,disposition", DOCUMENTS, ids=[c[0] for c in DOCUMENTS])
def test_documents_of_every_allowed_kind(stack, people, name, make, mime, disposition):
    data = make()
    reply = stored(stack, people.T, name, data, path=DOCUMENT)
    assert reply["gdrive_file_id"] is None
    check_stored(stack, people.T, reply, data, name, mime)
    check_download(stack, people.T, reply, data, mime, disposition)


def test_file_type_defaults_to_image_and_must_be_known(stack, people):
    assert stored(stack, people.T, "a.png", g.png())["mime_type"] == "image/png"
    r = upload(stack, people.T, "a.png", g.png(), fields=[("file_type", "video")])
    assert r.status == 400 and "file_type" in r.json(), r
    r = upload(stack, people.T, "a.png", g.png(), fields=[("file_type", "audio")])
    assert r.status == 400 and r.json() == {"detail": "Неподдерживаемый тип аудио: image/png"}
    r = upload(stack, people.T, "a.mp3", g.mp3(), fields=[("file_type", "image")])
    assert r.status == 400
    assert r.json() == {"detail": "Неподдерживаемый тип изображения: audio/mpeg"}
    # Images are media, not documents; documents not media.
    assert upload(stack, people.T, "a.png", g.png(), path=DOCUMENT).status == 400
    assert upload(stack, people.T, "a.pdf", g.pdf()).status == 400


# -- refused whatever the name or header says -----------------------------------------------------

REFUSED = [
    ("html-named-png", "x.png", g.HTML, "image/png", "text/html"),
    ("svg", "x.svg", g.SVG, "image/svg+xml", "image/svg+xml"),
    ("svg-named-png", "x.png", g.SVG, "image/png", "image/svg+xml"),
    ("executable-as-png", "x.png", g.elf(), "image/png", "application/x-pie-executable"),
    ("octet-stream-junk", "x.png", g.junk(), "application/octet-stream",
     "application/octet-stream"),
]


@pytest.mark.parametrize("case,name,data,ctype,sniffed", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused_kinds_store_nothing(stack, people, case, name, data, ctype, sniffed):
    before = stored_count(stack)
    r = upload(stack, people.T, name, data, ctype=ctype, fields=[("file_type", "image")])
    assert r.status == 400
    assert r.json() == {"detail": f"Неподдерживаемый тип изображения: {sniffed}"}
    r = upload(stack, people.T, name.replace(".png", ".pdf"), data, ctype=ctype, path=DOCUMENT)
    assert r.status == 400 and r.json()["detail"].startswith("Неподдерживаемый тип документа: "
                                                            + sniffed)
    assert stored_count(stack) == before
    no_tmp_files(stack)


def test_the_extension_must_fit_the_content(stack, people):
    r = upload(stack, people.T, "a.gif", g.png())
    assert r.status == 400
    assert r.json()["detail"] == "Расширение .gif не соответствует содержимому файла (image/png)"
    r = upload(stack, people.T, "report.pdf", g.ooxml("docx"), path=DOCUMENT)
    assert r.status == 400 and ".pdf" in r.json()["detail"]
    # No extension (a pasted blob): the content's is added.
    assert stored(stack, people.T, "blob", g.png())["file_name"] == "blob.png"
    assert stored(stack, people.T, "Отчёт v1.2", g.pdf(), path=DOCUMENT)["file_name"] == \
        "Отчёт v1.2.pdf"


def test_office_files_libmagic_sees_only_as_zip_or_ole(stack, people):
    # [Content_Types].xml inside, named .docx: a Word document.
    data = g.ooxml("docx", content_types_first=False)
    assert stored(stack, people.T, "b.docx", data, path=DOCUMENT)["mime_type"] == DOCX
    # A plain zip named .docx is not one.
    r = upload(stack, people.T, "c.docx", g.plain_zip(), path=DOCUMENT)
    assert r.status == 400, r
    assert r.json()["detail"] == ("Расширение .docx не соответствует содержимому файла "
                                  "(application/zip)")
    # An OLE file of no application libmagic knows, named .ppt: PowerPoint.
    r = stored(stack, people.T, "b.ppt", g.ole("PowerPoint Document", clsid=False), path=DOCUMENT)
    assert r["mime_type"] == "application/vnd.ms-powerpoint"


@pytest.mark.parametrize("name,data", [
    ("wide.png", g.png(10001, 1)), ("tall.jpg", g.jpeg(10, 12000)), ("wide.gif", g.gif(20000, 1)),
    ("big.webp", g.webp(16000, 2)), ("zero.gif", g.gif(0, 5))])
def test_image_dimensions_are_sane(stack, people, name, data):
    r = upload(stack, people.T, name, data)
    assert r.status == 400 and r.json()["detail"].startswith("Размер изображения "), r


def test_largest_image_sides_pass(stack, people):
    assert stored(stack, people.T, "edge.png", g.png(10000, 1))["mime_type"] == "image/png"


# -- bodies without a file, and sizes -------------------------------------------------------------

def test_no_file_part(stack, people):
    body, ct = g.multipart([("file_type", "image")])
    r = api(stack, "POST", UPLOAD, people.T, data=body, headers={"Content-Type": ct})
    assert r.status == 400 and r.json() == {"detail": NO_FILE}
    # A file input left empty.
    body, ct = g.multipart([], [("file", "", "application/octet-stream", b"")])
    r = api(stack, "POST", DOCUMENT, people.T, data=body, headers={"Content-Type": ct})
    assert r.status == 400 and r.json() == {"detail": NO_FILE}
    # Another field's file, and JSON instead of a form.
    body, ct = g.multipart([], [("upload", "a.png", "image/png", g.png())])
    r = api(stack, "POST", UPLOAD, people.T, data=body, headers={"Content-Type": ct})
    assert r.status == 400 and r.json() == {"detail": NO_FILE}
    r = api(stack, "POST", UPLOAD, people.T, json={"file": "a.png"})
    assert r.status == 400 and r.json() == {"detail": NO_FILE}
    assert upload(stack, people.T, "empty.png", b"").json() == {"detail": "Файл пустой"}
    no_tmp_files(stack)


def test_malformed_and_unbounded_bodies(stack, people):
    body, ct = g.multipart([("f%d" % i, "x") for i in range(8)],
                           [("file", "a.png", "image/png", g.png())])
    r = api(stack, "POST", UPLOAD, people.T, data=body, headers={"Content-Type": ct})
    assert r.status == 400 and "не больше 8" in r.json()["detail"]
    body, ct = g.multipart([], [("file", "a.png", "image/png", g.png())] * 2)
    r = api(stack, "POST", UPLOAD, people.T, data=body, headers={"Content-Type": ct})
    assert r.status == 400 and r.json() == {"detail": "В запросе больше одного файла"}
    body, ct = g.multipart([], [("file", "a.png", "image/png", g.png())])
    for cut in (body[:-10], body.replace(b"Content-Disposition", b"X", 1)):
        r = api(stack, "POST", UPLOAD, people.T, data=cut, headers={"Content-Type": ct})
        assert r.status == 400 and r.json() == {"detail": "Неверный формат multipart/form-data"}
    nested = body.replace(b"Content-Type: image/png", b"Content-Type: multipart/mixed; boundary=x")
    r = api(stack, "POST", UPLOAD, people.T, data=nested, headers={"Content-Type": ct})
    assert r.status == 400
    no_tmp_files(stack)


def test_sizes(stack, people):
    # Over the location's client_max_body_size (51m): nginx's 413, as JSON, no worker touched.
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * (52 * MiB)
    r = upload(stack, people.T, "huge.png", data)
    assert r.status == 413 and r.headers["content-type"] == "application/json"
    assert r.json() == {"detail": "File too large"}
    # Declared too large for the kind (the body fits nginx's 51m): refused before it is read.
    r = upload(stack, people.T, "big.png", g.png() + b"\x00" * (50 * MiB + 100 * 1024))
    assert r.status == 400 and r.json() == {"detail": "Файл слишком большой. Максимум: 50 MB"}
    # Declared small enough, one byte too many when counted.
    r = upload(stack, people.T, "big.png", g.png() + b"\x00" * (50 * MiB + 1 - len(g.png())))
    assert r.status == 400 and r.json() == {"detail": "Файл слишком большой. Максимум: 50 MB"}
    # Exactly 50 MiB is fine (a PNG with a long tail).
    data = g.png() + b"\x00" * (50 * MiB - len(g.png()))
    assert stored(stack, people.T, "max.png", data)["size"] == 50 * MiB
    # The rest of the API: 3m at nginx, as JSON.
    r = api(stack, "POST", "/api/groups/", people.T, data=b"{" + b" " * (3 * MiB + 10) + b"}")
    assert r.status == 413 and r.json() == {"detail": "Request body is too large."}
    no_tmp_files(stack)
    wait_until(lambda: os.listdir(stack.dir / "nginx" / "temp" / "client_body") == [], 5,
               what="nginx to remove the bodies it kept")


def test_a_json_endpoint_refuses_a_multipart_body(stack, people):
    body, ct = g.multipart([("first_name", "Новое")], [("file", "a.png", "image/png", g.png())])
    r = api(stack, "PATCH", "/api/me/", people.T, data=body, headers={"Content-Type": ct})
    assert r.status == 415 and "multipart/form-data" in r.json()["detail"], r
    assert api(stack, "GET", "/api/me/", people.T).json()["first_name"] == "Анна"
    no_tmp_files(stack)


# -- downloads ------------------------------------------------------------------------------------

def test_range_head_and_etag(stack, people):
    data = g.wav(1.0)
    f = stored(stack, people.T, "long.wav", data, fields=[("file_type", "audio")])
    r = api(stack, "GET", f["url"], people.T, headers={"Range": "bytes=100-199"})
    assert r.status == 206 and r.body == data[100:200]
    assert r.headers["content-range"] == f"bytes 100-199/{len(data)}"
    assert r.headers["content-type"] == "audio/x-wav"
    r = api(stack, "HEAD", f["url"], people.T)
    assert r.status == 200 and r.body == b"" and r.headers["content-length"] == str(len(data))
    etag = api(stack, "GET", f["url"], people.T).headers["etag"]
    assert api(stack, "GET", f["url"], people.T, headers={"If-None-Match": etag}).status == 304


def test_the_internal_location_is_not_reachable(stack, people):
    f = stored(stack, people.T, "a.png", g.png())
    path = sql(stack, f"SELECT storage_path FROM stored_file WHERE id = '{f['file_id']}'")[0][0]
    for p in (f"/_files/{path}", "/_files/", f"/_files/../media/{path}", "/_files/tmp/"):
        assert stack.get(p).status == 404, p
    # The URL names an id, never a path.
    for p in (f"/api/files/{path}/", "/api/files/..%2F..%2Fetc%2Fpasswd/",
              f"/api/files/{f['file_id'].upper()}/", f"/api/files/{f['file_id']}0/",
              "/api/files/00000000000000000000000000000000/"):
        r = api(stack, "GET", p, people.T)
        assert r.status == 404 and r.headers["content-type"] == "application/json", (p, r)


def test_who_may_read(stack, people):
    f = stored(stack, people.T, "a.png", g.png())
    for url in (f["url"], f"/api/files/{f['file_id']}/"):
        assert api(stack, "GET", url, people.T).status == 200
        assert api(stack, "GET", url, people.A).status == 200
        assert api(stack, "GET", url, people.T2).status == 404
        assert api(stack, "GET", url, people.S).status == 404       # no homework of theirs shows it
        assert api(stack, "GET", url).status == 401
        assert api(stack, "GET", url, "not-a-token").status == 401


def test_a_page_session_reads_files_for_img_and_audio_tags(stack, people):
    f = stored(stack, people.T, "a.png", g.png())
    owner = Client(stack)
    page_signin(owner, people.T.email)
    r = owner.get(f["url"])
    assert r.status == 200 and r.body == g.png() and r.headers["content-type"] == "image/png"
    other = Client(stack)
    page_signin(other, people.T2.email)
    assert other.get(f["url"]).status == 404
    assert stack.get(f["url"], headers={"Cookie": "tp_session=" + "0" * 64}).status == 401
    # The cookie never lets an upload in (API writes need the token).
    body, ct = g.multipart([], [("file", "a.png", "image/png", g.png())])
    r = owner.request("POST", UPLOAD, data=body, headers={"Content-Type": ct})
    assert r.status == 401


def test_uploads_are_for_teachers(stack, people):
    for who, status in ((people.S, 403), (people.A, 403), (None, 401)):
        assert upload(stack, who, "a.png", g.png()).status == status
        assert upload(stack, who, "a.pdf", g.pdf(), path=DOCUMENT).status == status
    assert api(stack, "GET", UPLOAD, people.T).status == 405
    no_tmp_files(stack)


# -- names ----------------------------------------------------------------------------------------

def test_names_are_cleaned(stack, people):
    cases = [
        ("C:\\Users\\Анна\\отчёт.pdf", "отчёт.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("a\u202egnp.pdf", "agnp.pdf"),                   # a right-to-left override
        ("tab\there.pdf", "tabhere.pdf"),
        ("  spaced .pdf", "spaced .pdf"),
        ('say "hi".pdf', 'say %22hi%22.pdf'),             # as browsers send a quote
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ]
    for sent, kept in cases:
        f = stored(stack, people.T, sent, g.pdf(), path=DOCUMENT)
        assert f["file_name"] == kept, (sent, f["file_name"])
    f = stored(stack, people.T, "Домашка №1.pdf", g.pdf(), path=DOCUMENT)
    cd = api(stack, "GET", f["url"], people.T).headers["content-disposition"]
    assert cd == ('inline; filename="_______ _1.pdf"; filename*=UTF-8\'\''
                  '%D0%94%D0%BE%D0%BC%D0%B0%D1%88%D0%BA%D0%B0%20%E2%84%961.pdf'), cd


# -- the body as the production config passes it: streamed over FastCGI ---------------------------

def test_a_body_streamed_over_fastcgi(stack, people):
    """nginx/tpanel.conf streams the body to a worker (nginx writes its body files mode 600,
    unreadable to tpanel's own user): the same nginx config without the three body-file lines."""
    web = stack.dir / "nginx"
    d = Path(tempfile.mkdtemp(prefix="tpn", dir="/tmp"))
    try:
        for sub in ("logs", "temp/client_body", "temp/proxy", "temp/fastcgi", "temp/uwsgi",
                    "temp/scgi"):
            (d / sub).mkdir(parents=True)
        port = free_port()
        conf = (web / "nginx.conf").read_text().replace(str(web), str(d))
        conf = conf.replace(f"listen 127.0.0.1:{stack.port};", f"listen 127.0.0.1:{port};")
        conf = "\n".join(ln for ln in conf.splitlines() if not re.search(
            r"client_body_in_file_only|fastcgi_pass_request_body|REQUEST_BODY_FILE", ln))
        (d / "nginx.conf").write_text(conf)
        subprocess.run(["nginx", "-p", f"{d}/", "-e", f"{d}/logs/error.log", "-c",
                        str(d / "nginx.conf")], check=True, timeout=30)
        wait_until(lambda: (d / "nginx.pid").exists(), 10, what="the second nginx")
        data = g.wav(2.0)
        r = upload(stack, people.T, "streamed.wav", data, fields=[("file_type", "audio")],
                   port=port)
        assert r.status == 201, r
        assert api(stack, "GET", r.json()["url"], people.T).body == data
        r = upload(stack, people.T, "x.png", g.HTML, port=port)
        assert r.status == 400
    finally:
        pid = d / "nginx.pid"
        if pid.exists():
            os.kill(int(pid.read_text()), 15)
            wait_until(lambda: not pid.exists(), 10, what="the second nginx to stop")
        shutil.rmtree(d, ignore_errors=True)
    no_tmp_files(stack)


# -- the clean-up job -----------------------------------------------------------------------------

def test_cleanup_removes_stale_temporary_files_and_never_a_used_one(stack, people):
    tmp = stack.dir / "media" / "tmp"
    stale, fresh, other = tmp / "up-stale1", tmp / "up-fresh1", tmp / "keep-me"
    for p in (stale, fresh, other):
        p.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    f = stored(stack, people.T, "old.png", g.png())
    sql(stack, "UPDATE stored_file SET unused_since = UTC_TIMESTAMP() - INTERVAL 400 DAY, "
               f"created_at = UTC_TIMESTAMP() - INTERVAL 400 DAY WHERE id = '{f['file_id']}'")
    try:
        r = api(stack, "POST", "/schedule/api/celery/trigger/cleanup_stored_files/", people.A)
        assert r.status == 200, r
        res = r.json()["result"]
        assert res["ok"] is True and res["temporary"] == 1, res
        # No homework names it (homework_file_referenced): removed, its row and its file.
        assert res["removed"] == 1
        assert not stale.exists() and fresh.exists() and other.exists()
        assert api(stack, "GET", f["url"], people.T).status == 404
    finally:
        for p in (fresh, other):
            p.unlink(missing_ok=True)
