"""Chat attachments (P3.3): POST /api/chat/upload/ for a member who may post (images up to
5 MB, documents up to 10 MB, sniffed by content against §3.6's list), the file sent with
POST /api/messages/ {"file_id"} (another user's file or another chat's: 400), downloads
through nginx for the chat's members only (404 for anyone else), the page's attachment form
with and without JavaScript, and the file given back to the clean-up job when its message is
deleted."""

import re

import filegen as g
from test_chat_api import call, chat_of, dm, group_chat, messages, ok, send
from test_files import upload
from test_groups_api import api, create_group, new_admin, new_user
from test_lesson_pages import sql
from test_pages import Client, csrf_of, location, page_signin

UPLOAD = "/api/chat/upload/"
MiB = 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def up(stack, user, chat, name, data, status=201):
    r = upload(stack, user, name, data, fields=[("chat_id", str(chat["id"]))], path=UPLOAD)
    assert r.status == status, r
    return r.json()


def test_upload_send_and_download(stack):
    t = new_user(stack, "teacher", first_name="Анна")
    s, other = new_user(stack), new_user(stack)
    g1 = create_group(stack, t, student_ids=[s.id])
    create_group(stack, new_user(stack, "teacher"), student_ids=[other.id])
    c = dm(stack, s, t)
    # A PNG of 4 MB: the CMS shape.
    png = g.png() + b"\x00" * (4 * MiB - len(g.png()))
    f = up(stack, s, c, "фото.png", png)
    assert set(f) == {"file_id", "file_url", "file_name", "file_size", "mime_type"}
    assert (f["file_name"], f["file_size"], f["mime_type"]) == ("фото.png", 4 * MiB, "image/png")
    assert f["file_url"] == f"/api/files/{f['file_id']}/"
    m = ok(call(stack, "POST", "/messages/", s, {"chat": c["id"], "file_id": f["file_id"]}), 201)
    assert m["message_type"] == "image" and m["text"] == ""
    assert m["file"]["id"] == f["file_id"] and m["file"]["is_image"] is True
    got = messages(stack, t, c["id"])["results"][-1]
    assert got["file"]["url"] == f["file_url"] and got["file"]["size"] == 4 * MiB
    # The members download it through nginx, inline; anyone else: 404.
    r = api(stack, "GET", f["file_url"], t)
    assert r.status == 200 and r.body == png, r
    assert r.headers["content-type"] == "image/png"
    assert r.headers["content-disposition"].startswith("inline")
    assert r.headers["x-content-type-options"] == "nosniff"
    for who in (other, new_admin(stack), new_user(stack, "teacher")):
        assert api(stack, "GET", f["file_url"], who).status == 404, who
    # A document with a caption: a file message; a docx is an attachment to download.
    d = up(stack, t, c, "задание.docx", g.ooxml("docx"))
    assert d["mime_type"] == DOCX
    m = ok(call(stack, "POST", "/messages/", t, {"chat": c["id"], "file_id": d["file_id"],
                                                   "text": "Вот задание"}), 201)
    assert m["message_type"] == "file" and m["text"] == "Вот задание"
    r = api(stack, "GET", d["file_url"], s)
    assert r.status == 200 and r.headers["content-disposition"].startswith("attachment")
    # A group's chat: every member reads it.
    gc = group_chat(stack, t, g1)
    p = up(stack, s, gc, "схема.pdf", g.pdf())
    ok(call(stack, "POST", "/messages/", s, {"chat": gc["id"], "file_id": p["file_id"]}), 201)
    assert api(stack, "GET", p["file_url"], t).status == 200


def test_upload_limits_and_types(stack):
    t, s = new_user(stack, "teacher"), new_user(stack)
    create_group(stack, t, student_ids=[s.id])
    c = dm(stack, s, t)
    big_png = g.png() + b"\x00" * (6 * MiB)
    assert "5" in up(stack, s, c, "big.png", big_png, status=400)["detail"]
    pdf9 = g.pdf() + b"\n" + b"%" * (9 * MiB)
    assert up(stack, s, c, "doc.pdf", pdf9)["mime_type"] == "application/pdf"
    r = upload(stack, s, "huge.pdf", g.pdf() + b"\n" + b"%" * int(11.5 * MiB),
               fields=[("chat_id", str(c["id"]))], path=UPLOAD)
    assert r.status == 413 and r.json() == {"detail": "File too large"}, r
    up(stack, s, c, "pic.svg", g.SVG, status=400)
    up(stack, s, c, "page.png", g.HTML, status=400)
    up(stack, s, c, "run.png", g.elf(), status=400)
    assert up(stack, s, c, "notes.txt", "Конспект урока\n".encode())["mime_type"] == "text/plain"
    r = upload(stack, s, "a.png", g.png(), path=UPLOAD)
    assert r.status == 400 and list(r.json()) == ["chat_id"], r
    r = api(stack, "POST", UPLOAD, s, json={"chat_id": c["id"]})
    assert r.status in (400, 415), r


def test_who_may_upload_and_whose_file_a_message_takes(stack):
    t, s, s2 = new_user(stack, "teacher"), new_user(stack), new_user(stack)
    g1 = create_group(stack, t, student_ids=[s.id, s2.id])
    c = dm(stack, s, t)
    gc = group_chat(stack, t, g1)
    outsider = new_user(stack)
    assert up(stack, outsider, c, "x.png", g.png(), status=403)["detail"]
    assert upload(stack, None, "x.png", g.png(), fields=[("chat_id", str(c["id"]))],
                  path=UPLOAD).status == 401
    ok(call(stack, "POST", f"/chats/{gc['id']}/mute_member/", t, {"user_id": s2.id,
                                                                   "minutes": 30}))
    up(stack, s2, gc, "x.png", g.png(), status=403)
    ok(call(stack, "PATCH", f"/chats/{gc['id']}/", t, {"is_readonly": True}))
    up(stack, s, gc, "x.png", g.png(), status=403)
    assert up(stack, t, gc, "x.png", g.png())["file_id"]
    # A file is its uploader's, for the chat it was uploaded to.
    mine = up(stack, s, c, "mine.png", g.png())
    r = call(stack, "POST", "/messages/", t, {"chat": c["id"], "file_id": mine["file_id"]})
    assert r.status == 400 and list(r.json()) == ["file_id"], r
    other = dm(stack, s2, t)
    r = call(stack, "POST", "/messages/", s2, {"chat": other["id"],
                                                "file_id": up(stack, s, c, "b.png", g.png())
                                                ["file_id"]})
    assert r.status == 400, r
    r = call(stack, "POST", "/messages/", s, {"chat": other["id"], "file_id": mine["file_id"]})
    assert r.status == 403, r       # not a member of that chat first
    for bad in ("nope", "0" * 32, 5):
        r = call(stack, "POST", "/messages/", s, {"chat": c["id"], "file_id": bad})
        assert r.status == 400, (bad, r)
    r = call(stack, "POST", "/messages/", s, {"chat": c["id"]})
    assert r.status == 400 and list(r.json()) == ["text"]
    before = messages(stack, t, c["id"])["count"]
    assert messages(stack, t, c["id"])["count"] == before


def test_a_deleted_message_hides_its_file_and_lets_it_go(stack):
    t, s = new_user(stack, "teacher"), new_user(stack)
    create_group(stack, t, student_ids=[s.id])
    c = dm(stack, s, t)
    f = up(stack, s, c, "x.png", g.png())
    unused = sql(stack, f"SELECT unused_since IS NULL FROM stored_file WHERE id = '{f['file_id']}'")
    assert unused.strip() == "0"
    m = ok(call(stack, "POST", "/messages/", s, {"chat": c["id"], "file_id": f["file_id"]}), 201)
    assert sql(stack, "SELECT unused_since IS NULL FROM stored_file "
                      f"WHERE id = '{f['file_id']}'").strip() == "1"
    assert call(stack, "DELETE", f"/messages/{m['id']}/", s).status == 204
    got = ok(call(stack, "GET", f"/messages/{m['id']}/", t))
    assert got["deleted"] and got["file"] is None
    assert sql(stack, "SELECT unused_since IS NULL FROM stored_file "
                      f"WHERE id = '{f['file_id']}'").strip() == "0"
    assert chat_of(stack, t, c["id"])["last_message"]["deleted"] is True


def test_page_attachment_form(stack):
    t, s = new_user(stack, "teacher", first_name="Анна"), new_user(stack, first_name="Иван")
    create_group(stack, t, student_ids=[s.id])
    c = dm(stack, s, t)
    cs, ct = Client(stack), Client(stack)
    assert page_signin(cs, s.email).status == 303 and page_signin(ct, t.email).status == 303
    page = cs.get(f"/chat/{c['id']}")
    assert 'enctype="multipart/form-data"' in page.text and 'name="file"' in page.text
    token = csrf_of(page)
    body, ctype = g.multipart([("csrf_token", token), ("text", "Мой <b>рисунок</b>")],
                              [("file", "рисунок.png", "image/png", g.png())])
    r = cs.request("POST", f"/chat/{c['id']}/file", data=body, headers={"Content-Type": ctype})
    assert r.status == 303 and re.search(r"/chat/%d#m\d+$" % c["id"], location(r)), r
    last = messages(stack, t, c["id"])["results"][-1]
    assert last["message_type"] == "image" and last["text"] == "Мой <b>рисунок</b>"
    thread = ct.get(f"/chat/{c['id']}").text
    assert f'<img src="{last["file"]["url"]}" alt="рисунок.png"' in thread
    assert "Мой &lt;b&gt;рисунок&lt;/b&gt;" in thread
    assert ct.get(last["file"]["url"]).status == 200       # the page session reads it
    # The form from the script (fetch): the message as JSON.
    body, ctype = g.multipart([("csrf_token", token)],
                              [("file", "лист.txt", "text/plain", "строка\n".encode())])
    r = cs.request("POST", f"/chat/{c['id']}/file", data=body,
                   headers={"Content-Type": ctype, "X-Requested-With": "fetch"})
    assert r.status == 201 and r.json()["file"]["name"] == "лист.txt", r
    assert "лист.txt" in ct.get(f"/chat/{c['id']}").text
    # Without its token, or from someone not in the chat.
    body, ctype = g.multipart([("csrf_token", "0" * 40)], [("file", "a.png", "image/png",
                                                           g.png())])
    assert cs.request("POST", f"/chat/{c['id']}/file", data=body,
                      headers={"Content-Type": ctype}).status == 403
    stranger = Client(stack)
    page_signin(stranger, new_user(stack).email)
    body, ctype = g.multipart([("csrf_token", csrf_of(stranger.get("/chat")))],
                              [("file", "a.png", "image/png", g.png())])
    assert stranger.request("POST", f"/chat/{c['id']}/file", data=body,
                            headers={"Content-Type": ctype}).status == 404
    assert "Файл" in ct.get("/chat").text or "рисунок" in ct.get("/chat").text
