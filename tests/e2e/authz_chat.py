"""Authorisation rows of the chat and its live stream (PHASE2-3 §3.4, §3.5), imported by
test_authz_matrix.py. The chat's API routes are /accounts/api/... (the original's base); /api/...
reaches them through the router's alias (API.md 0.8). Callers in CALLERS order: anon, student (S, a member of the teacher's
chats), ostudent (S2, in another teacher's group: no chat of these), teacher (T, the group
chat's moderator), oteacher (T2), admin.

Objects: GC, the chat of the teacher's group G (T moderates, S is in it); DM, the private chat
of S and T; fresh custom group chats (T with S) and fresh messages of S's for the calls that
change or remove them. A chat the caller is not in is out of their scope: 404 on chats/{id}/
and messages/{id}/; the message list, sending and mark_chat_as_read name the chat in the query
or body and answer a non-member 403 (P3.2)."""

import filegen as g
from test_authz_matrix import ANY, P_ANY, T_ONLY, Call, Row

MEMBER = "401 ok 404 ok 404 404"        # a chat's members; anyone else 404
MODERATOR = "401 403 404 ok 404 404"     # its moderator; other members 403
MEMBER_403 = "401 ok 403 ok 403 403"     # chat named in the query or body


def gc(w):
    """The chat of the teacher's group (made once)."""
    if not hasattr(w, "chat_gc"):
        w.chat_gc = w.ok("POST", "/api/chats/create_group/", w.T, {"group_id": w.G["id"]})
    return w.chat_gc


def gc_message(w):
    """A message of S's in the group chat (made once)."""
    if not hasattr(w, "chat_msg"):
        w.chat_msg = w.ok("POST", "/api/messages/", w.S, {"chat": gc(w)["id"],
                                                           "text": "Сообщение ученика"})
    return w.chat_msg


def attachment(w, who):
    """A PNG of S's, uploaded to the group chat and sent there (once)."""
    if not hasattr(w, "chat_file"):
        body, ct = g.multipart([("chat_id", str(gc(w)["id"]))],
                               [("file", "a.png", "image/png", g.png())])
        r = w.stack.request("POST", "/api/chat/upload/", body=body, headers={
            "Content-Type": ct, "Authorization": "Bearer " + w.S.token})
        assert r.status == 201, r
        w.chat_file = r.json()["file_id"]
        w.ok("POST", "/api/messages/", w.S, {"chat": gc(w)["id"], "file_id": w.chat_file})
    return Call(params={"file_id": w.chat_file})


def upload_to_gc(w, who):
    body, ct = g.multipart([("chat_id", str(gc(w)["id"]))],
                           [("file", "a.png", "application/octet-stream", g.png())])
    return Call(raw=body, headers={"Content-Type": ct})


def custom(w):
    """A new group chat of the teacher's with S, without a group."""
    return w.ok("POST", "/api/chats/create_group/", w.T,
                {"name": w.uniq("Чат"), "participant_ids": [w.S.id]})


def fresh_message(w):
    return w.ok("POST", "/api/messages/", w.S, {"chat": gc(w)["id"], "text": w.uniq("Текст")})


def in_gc(body=None):
    return lambda w, who: Call(params={"id": gc(w)["id"]},
                               body=body(w, who) if callable(body) else body)


def in_custom(body=None):
    return lambda w, who: Call(params={"id": custom(w)["id"]},
                               body=body(w, who) if callable(body) else body)


def loner(w):
    """A teacher without groups (made once): only admins may message them. (The matrix's
    other rows make the other group's student join the teacher's groups.)"""
    if not hasattr(w, "chat_loner"):
        w.chat_loner = w.victim("teacher")
    return w.chat_loner


def pair(w, who):
    """Whom each caller messages: a student their teacher, a teacher their student, an admin
    a teacher; the others (and users changed since, as the matrix's second test makes them) a
    teacher they have no group with, or a student of another teacher's group."""
    return {"student": w.T, "admin": w.T, "teacher": w.S,
            "oteacher": w.S}.get(who) or loner(w)


def chat_rows(p):
    return [
        Row("GET", p + "/chats/", ANY),
        Row("POST", p + "/chats/", T_ONLY, lambda w, who: Call(body={"name": w.uniq("Чат")})),
        Row("GET", p + "/chats/unread/", ANY),
        Row("POST", p + "/chats/create_private/", "401 ok 403 ok 403 ok",
            lambda w, who: Call(body={"user_id": pair(w, who).id})),
        Row("POST", p + "/chats/create_group/", T_ONLY,
            lambda w, who: Call(body={"name": w.uniq("Чат")})),
        Row("GET", p + "/chats/{id}/", MEMBER, in_gc()),
        Row("PUT", p + "/chats/{id}/", MODERATOR, in_gc({"name": "Чат группы"})),
        Row("PATCH", p + "/chats/{id}/", MODERATOR, in_gc({"is_readonly": False})),
        Row("DELETE", p + "/chats/{id}/", MODERATOR, in_custom()),
        Row("POST", p + "/chats/{id}/add_participants/", MODERATOR,
            in_custom(lambda w, who: {"participant_ids": [w.S.id]})),
        Row("POST", p + "/chats/{id}/remove_participant/", MODERATOR,
            in_custom(lambda w, who: {"user_id": w.S.id})),
        # The creator deletes a chat instead of leaving it (400).
        Row("POST", p + "/chats/{id}/leave/", "401 ok 404 400 404 404", in_custom()),
        Row("POST", p + "/chats/{id}/mute_member/", MODERATOR,
            in_gc(lambda w, who: {"user_id": w.S.id, "minutes": None})),
        Row("POST", p + "/chats/{id}/typing/", MEMBER, in_gc({"op": "stop"})),
        Row("GET", p + "/messages/", MEMBER_403,
            lambda w, who: Call(query=f"chat_id={gc(w)['id']}")),
        Row("POST", p + "/messages/", MEMBER_403,
            lambda w, who: Call(body={"chat": gc(w)["id"], "text": "Вопрос"})),
        Row("GET", p + "/messages/search/", ANY, lambda w, who: Call(query="q=%D0%92%D0%BE")),
        Row("POST", p + "/messages/mark_chat_as_read/", MEMBER_403,
            lambda w, who: Call(body={"chat_id": gc(w)["id"]})),
        Row("GET", p + "/messages/{id}/", MEMBER,
            lambda w, who: Call(params={"id": gc_message(w)["id"]})),
        # Its sender edits it; the teacher may delete but not edit it (403).
        Row("PUT", p + "/messages/{id}/", "401 ok 404 403 404 404",
            lambda w, who: Call(params={"id": fresh_message(w)["id"]}, body={"text": "Правка"})),
        Row("PATCH", p + "/messages/{id}/", "401 ok 404 403 404 404",
            lambda w, who: Call(params={"id": fresh_message(w)["id"]}, body={"text": "Правка"})),
        Row("DELETE", p + "/messages/{id}/", MEMBER,
            lambda w, who: Call(params={"id": fresh_message(w)["id"]})),
        Row("POST", p + "/messages/{id}/mark_as_read/", MEMBER,
            lambda w, who: Call(params={"id": gc_message(w)["id"]})),
        Row("GET", p + "/users/search/", ANY, lambda w, who: Call(query="q=a")),
        # Someone the caller may message: 404 for a teacher without groups.
        Row("GET", p + "/users/search/{id}/", "401 ok 404 ok 404 ok",
            lambda w, who: Call(params={"id": pair(w, who).id})),
    ]


P_MEMBER = "login ok 404 ok 404 404"
P_MODERATOR = "login 403 404 ok 404 404"


def page_rows():
    """The pages: a chat the caller is not in is 404, as on the API."""
    msg = lambda w, who: Call(params={"id": fresh_message(w)["id"]})
    return [
        Row("GET", "/chat", P_ANY),
        Row("GET", "/chat/new", P_ANY, lambda w, who: Call(query="q=a")),
        Row("POST", "/chat/new", "login ok 403 ok 403 ok",
            lambda w, who: Call(body={"user_id": str(pair(w, who).id)})),
        Row("GET", "/chat/unread", P_ANY),
        Row("GET", "/chat/{id}", P_MEMBER, in_gc()),
        Row("POST", "/chat/{id}", P_MEMBER, in_gc({"text": "Со страницы"})),
        Row("GET", "/chat/{id}/since", P_MEMBER,
            lambda w, who: Call(params={"id": gc(w)["id"]}, query="after_id=0")),
        Row("POST", "/chat/{id}/read", P_MEMBER, in_gc()),
        Row("POST", "/chat/{id}/typing", P_MEMBER, in_gc({"op": "stop"})),
        Row("POST", "/chat/{id}/settings", P_MODERATOR, in_gc({"name": "Чат группы"})),
        Row("POST", "/chat/{id}/mute", P_MODERATOR,
            in_gc(lambda w, who: {"user_id": str(w.S.id), "minutes": ""})),
        Row("POST", "/chat/{id}/leave", "login ok 404 400 404 404", in_custom()),
        # A message of S's: S edits it, its teacher may delete but not edit it.
        Row("GET", "/chat/messages/{id}/edit", "login ok 404 403 404 404", msg),
        Row("POST", "/chat/messages/{id}/edit", "login ok 404 403 404 404",
            lambda w, who: Call(params={"id": fresh_message(w)["id"]}, body={"text": "Правка"})),
        Row("POST", "/chat/messages/{id}/delete", P_MEMBER, msg),
        # A multipart form; the matrix posts urlencoded ones: a member gets 400 (no file
        # in the request), anyone else 404 before the body is read.
        Row("POST", "/chat/{id}/file", "login 400 404 400 404 404", in_gc({"text": "x"})),
    ]


def rows():
    return chat_rows("/accounts/api") + page_rows() + [
        Row("POST", "/api/realtime/ticket/", ANY),
        # Attachments: members who may post upload; a chat's files are its members' to read.
        Row("POST", "/api/chat/upload/", MEMBER_403, upload_to_gc),
        Row("GET", "/api/files/{file_id}/", MEMBER, attachment, case="a chat file"),
        # Without a ticket or a page session nobody connects; the Authorization header is not
        # how the stream checks (test_chat_stream.py covers tickets and sessions).
        Row("GET", "/api/realtime/connect/", "401 401 401 401 401 401",
            lambda w, who: Call(headers={"Accept": "text/event-stream"})),
    ]
