"""Chat through nginx (PHASE2-3 §3.4, P3.1 and P3.2): who may message whom, private and group
chats (a group's chat follows the group), messages paged by id, read pointers and unread
counts, edit and delete windows, moderation, search, at both /api/ and /accounts/api/.

Actors as the contract names them: T1 owns G1 (S1, S2), T2 owns G2 (S3). test_chat_stream.py
and test_chat_pages.py import the helpers below."""

import urllib.parse
import uuid

import pytest

from conftest import _start_stack, _teardown
from test_groups_api import api, create_group, new_admin, new_user
from test_lesson_pages import sql

PREFIXES = ("/api", "/accounts/api")
MESSAGE_KEYS = {"id", "chat", "sender", "sender_name", "text", "is_read", "created_at",
                "updated_at", "message_type", "file", "edited_at", "deleted", "reply_to"}
CHAT_KEYS = {"id", "name", "title", "chat_type", "participants", "created_by", "group",
             "last_message", "message_count", "is_readonly", "created_at", "updated_at",
             "unread_count", "last_read_message_id", "is_moderator", "muted_until", "online",
             "peer_last_seen_at"}


class School:
    """T1 owns G1 (S1, S2); T2 owns G2 (S3); A is an admin."""

    def __init__(self, stack):
        self.stack = stack
        self.T1 = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
        self.T2 = new_user(stack, "teacher", first_name="Олег", last_name="Сидоров")
        self.S1 = new_user(stack, "student", first_name="Иван", last_name="Иванов")
        self.S2 = new_user(stack, "student", first_name="Мария", last_name="Смирнова")
        self.S3 = new_user(stack, "student", first_name="Пётр", last_name="Кузнецов")
        self.G1 = create_group(stack, self.T1, student_ids=[self.S1.id, self.S2.id])
        self.G2 = create_group(stack, self.T2, student_ids=[self.S3.id])


def call(stack, method, path, user, body=None, prefix="/api"):
    return api(stack, method, prefix + path, user, json=body)


def ok(r, status=(200, 201, 204)):
    assert r.status in ((status,) if isinstance(status, int) else status), r
    return r.json() if r.body else None


def dm(stack, a, b):
    """The private chat of a and b (made by a)."""
    return ok(call(stack, "POST", "/chats/create_private/", a, {"user_id": b.id}))


def group_chat(stack, teacher, group):
    return ok(call(stack, "POST", "/chats/create_group/", teacher, {"group_id": group["id"]}),
              201)


def send(stack, user, chat, text="привет", status=201, **extra):
    r = call(stack, "POST", "/messages/", user, {"chat": chat["id"], "text": text, **extra})
    assert r.status == status, r
    return r.json()


def chats(stack, user, query=""):
    return ok(call(stack, "GET", "/chats/" + query, user))


def chat_of(stack, user, chat_id):
    return ok(call(stack, "GET", f"/chats/{chat_id}/", user))


def members(stack, user, chat_id):
    return {p["id"] for p in chat_of(stack, user, chat_id)["participants"]}


def messages(stack, user, chat_id, query=""):
    return ok(call(stack, "GET", f"/messages/?chat_id={chat_id}{query}", user))


def unread(stack, user):
    return ok(call(stack, "GET", "/chats/unread/", user))


def detail(r, status):
    assert r.status == status, r
    body = r.json()
    assert isinstance(body.get("detail"), str) and body["detail"], body
    assert body.get("error") == body["detail"], body    # Decision 12: the original's "error"
    return body["detail"]


def field(r, name):
    assert r.status == 400, r
    assert list(r.json()) == [name], r.json()


def q(s):
    return urllib.parse.quote(s)


@pytest.fixture(scope="module")
def school(stack):
    return School(stack)


# -- P3.1 conversations and visibility -------------------------------------------------------------

def test_both_prefixes_list_the_same_chats_with_unread_counts(stack, school):
    """The original answered 500 here for anyone with a chat (sender__ne)."""
    s = school
    c = dm(stack, s.S1, s.T1)
    send(stack, s.S1, c)
    lists = [ok(call(stack, "GET", "/chats/", s.T1, prefix=p)) for p in PREFIXES]
    assert lists[0] == lists[1]
    item = next(x for x in lists[0]["results"] if x["id"] == c["id"])
    assert set(item) == CHAT_KEYS
    assert item["unread_count"] >= 1 and item["chat_type"] == "private"
    assert set(lists[0]) == {"count", "next", "previous", "results"}


def test_create_private_is_idempotent_and_scoped(stack, school):
    s = school
    r1 = call(stack, "POST", "/chats/create_private/", s.S2, {"user_id": s.T1.id})
    assert r1.status == 201, r1
    r2 = call(stack, "POST", "/chats/create_private/", s.T1, {"user_id": s.S2.id},
              prefix="/accounts/api")
    assert r2.status == 200 and r2.json()["id"] == r1.json()["id"]
    assert {p["id"] for p in r1.json()["participants"]} == {s.S2.id, s.T1.id}
    # S1->S2 (student DMs off), S1->T2, T1->S3: not people they may message.
    for a, b in ((s.S1, s.S2), (s.S1, s.T2), (s.T1, s.S3), (s.T1, s.T2)):
        detail(call(stack, "POST", "/chats/create_private/", a, {"user_id": b.id}), 403)
    field(call(stack, "POST", "/chats/create_private/", s.S1, {"user_id": "x"}), "user_id")
    detail(call(stack, "POST", "/chats/create_private/", s.S1, {"user_id": 99999999}), 404)
    field(call(stack, "POST", "/chats/create_private/", s.S1, {"user_id": s.S1.id}), "user_id")
    assert "user_id" in detail(call(stack, "POST", "/chats/create_private/", s.S1, {}), 400)
    detail(call(stack, "POST", "/chats/create_private/", s.S1, None), 400)


def test_admin_and_teacher_may_talk(stack, school):
    a = new_admin(stack)
    c = dm(stack, a, school.T2)
    assert dm(stack, school.T2, a)["id"] == c["id"]
    detail(call(stack, "POST", "/chats/create_private/", a, {"user_id": school.S1.id}), 403)


def test_group_chat_of_a_group_follows_its_members(stack, school):
    s = school
    detail(call(stack, "POST", "/chats/create_group/", s.S1, {"name": "x"}), 403)
    field(call(stack, "POST", "/chats/create_group/", s.T1, {"group_id": s.G2["id"]}),
          "group_id")
    gc = group_chat(stack, s.T1, s.G1)
    assert gc["name"] == "Группа " + s.G1["name"] and gc["group"] == s.G1["id"]
    assert members(stack, s.T1, gc["id"]) == {s.T1.id, s.S1.id, s.S2.id}
    assert chat_of(stack, s.T1, gc["id"])["is_moderator"] is True
    # A student added to the group joins the chat; removed, they leave it.
    newbie = new_user(stack, "student", first_name="Новый")
    ok(api(stack, "POST", f"/api/groups/{s.G1['id']}/add_students/", s.T1,
           json={"student_ids": [newbie.id]}))
    assert newbie.id in members(stack, s.T1, gc["id"])
    assert ok(call(stack, "GET", f"/chats/{gc['id']}/", newbie))["unread_count"] == 0
    send(stack, newbie, gc, "я здесь")
    ok(api(stack, "POST", f"/api/groups/{s.G1['id']}/remove_students/", s.T1,
           json={"student_ids": [newbie.id]}))
    assert newbie.id not in members(stack, s.T1, gc["id"])
    assert call(stack, "GET", f"/chats/{gc['id']}/", newbie).status == 404
    send(stack, newbie, gc, "а теперь?", status=403)
    # Replacing the group's members (PUT with student_ids) follows too.
    ok(api(stack, "PATCH", f"/api/groups/{s.G1['id']}/", s.T1,
           json={"student_ids": [s.S1.id, s.S2.id, newbie.id]}))
    assert newbie.id in members(stack, s.T1, gc["id"])
    ok(api(stack, "POST", f"/api/groups/{s.G1['id']}/remove_students/", s.T1,
           json={"student_ids": [newbie.id]}))
    # A group's chat is managed through the group.
    detail(call(stack, "POST", f"/chats/{gc['id']}/add_participants/", s.T1,
                {"participant_ids": [s.S1.id]}), 400)
    detail(call(stack, "POST", f"/chats/{gc['id']}/leave/", s.S1), 400)


def test_joining_a_group_by_code_joins_its_chat(stack, school):
    t = new_user(stack, "teacher")
    g = create_group(stack, t)
    gc = group_chat(stack, t, g)
    s = new_user(stack, "student")
    ok(api(stack, "POST", "/api/groups/join_by_code/", s, json={"invite_code": g["invite_code"]}))
    assert s.id in members(stack, t, gc["id"])


def test_custom_group_chat_members_leave_and_delete(stack, school):
    s = school
    field(call(stack, "POST", "/chats/create_group/", s.T1, {"participant_ids": [s.S1.id]}),
          "name")
    field(call(stack, "POST", "/chats/create_group/", s.T1,
               {"name": "Кружок", "participant_ids": [s.S3.id]}), "participant_ids")
    c = ok(call(stack, "POST", "/chats/", s.T1, {"name": " Кружок ", "participant_ids": [s.S1.id]}),
           201)
    assert c["name"] == "Кружок" and c["group"] is None
    assert members(stack, s.T1, c["id"]) == {s.T1.id, s.S1.id}
    detail(call(stack, "POST", f"/chats/{c['id']}/add_participants/", s.S1,
                {"participant_ids": [s.S2.id]}), 403)
    field(call(stack, "POST", f"/chats/{c['id']}/add_participants/", s.T1,
               {"participant_ids": []}), "participant_ids")
    field(call(stack, "POST", f"/chats/{c['id']}/add_participants/", s.T1,
               {"participant_ids": [s.S3.id]}), "participant_ids")
    ok(call(stack, "POST", f"/chats/{c['id']}/add_participants/", s.T1,
            {"participant_ids": [s.S2.id]}))
    assert members(stack, s.T1, c["id"]) == {s.T1.id, s.S1.id, s.S2.id}
    ok(call(stack, "POST", f"/chats/{c['id']}/remove_participant/", s.T1, {"user_id": s.S2.id}))
    assert call(stack, "GET", f"/chats/{c['id']}/", s.S2).status == 404
    detail(call(stack, "POST", f"/chats/{c['id']}/remove_participant/", s.T1,
                {"user_id": 99999999}), 404)
    detail(call(stack, "POST", f"/chats/{c['id']}/leave/", s.T1), 400)   # the creator
    assert call(stack, "POST", f"/chats/{c['id']}/leave/", s.S1).status == 204
    assert call(stack, "GET", f"/chats/{c['id']}/", s.S1).status == 404
    # Renaming: the moderator only; a private chat has none; deleting: the creator only.
    ok(call(stack, "POST", f"/chats/{c['id']}/add_participants/", s.T1,
            {"participant_ids": [s.S1.id]}))
    detail(call(stack, "PATCH", f"/chats/{c['id']}/", s.S1, {"name": "Моё"}), 403)
    field(call(stack, "PATCH", f"/chats/{c['id']}/", s.T1, {"name": "  "}), "name")
    assert ok(call(stack, "PATCH", f"/chats/{c['id']}/", s.T1, {"name": "Кружок 2"}))["name"] == \
        "Кружок 2"
    detail(call(stack, "DELETE", f"/chats/{c['id']}/", s.S1), 403)
    assert call(stack, "DELETE", f"/chats/{c['id']}/", s.T1).status == 204
    assert call(stack, "GET", f"/chats/{c['id']}/", s.T1).status == 404
    d = dm(stack, s.S1, s.T1)
    r = call(stack, "DELETE", f"/chats/{d['id']}/", s.T1)
    assert r.status == 405 and "DELETE" not in r.headers["Allow"], r
    detail(call(stack, "PATCH", f"/chats/{d['id']}/", s.T1, {"name": "x"}), 403)


def test_non_members_see_no_chat(stack, school):
    s = school
    c = dm(stack, s.S1, s.T1)
    for who in (s.S2, s.T2, s.S3):
        assert call(stack, "GET", f"/chats/{c['id']}/", who).status == 404
        assert call(stack, "GET", f"/messages/?chat_id={c['id']}", who).status == 403
        detail(call(stack, "POST", "/messages/", who, {"chat": c["id"], "text": "x"}), 403)
        assert c["id"] not in {x["id"] for x in chats(stack, who)["results"]}


def test_user_search_is_scoped_and_shows_no_email(stack, school):
    s = school
    r = ok(call(stack, "GET", "/users/search/?q=" + q("а"), s.S1))
    assert [u["id"] for u in r["results"]] == [s.T1.id]
    assert set(r["results"][0]) == {"id", "username_handle", "first_name", "last_name", "role"}
    assert ok(call(stack, "GET", "/users/search/?q=", s.S1))["results"] == []
    assert ok(call(stack, "GET", "/users/search/?q=%25", s.S1))["results"] == []   # literal %
    found = {u["id"] for u in ok(call(stack, "GET", "/users/search/?q=" + q("ов"), s.T1))["results"]}
    assert {s.S1.id, s.S2.id} <= found and s.S3.id not in found
    assert call(stack, "GET", f"/users/search/{s.T1.id}/", s.S1).status == 200
    assert call(stack, "GET", f"/users/search/{s.T2.id}/", s.S1).status == 404
    # /api/users/: the same people (P3.1), without emails for a student.
    users = ok(api(stack, "GET", "/api/users/", s.S1))
    assert [u["id"] for u in users] == [s.T1.id] and "email" not in users[0]


def test_a_deactivated_user_is_not_someone_to_message(stack, school):
    s = school
    a = new_admin(stack)
    gone = new_user(stack, "student")
    ok(api(stack, "POST", f"/api/groups/{s.G1['id']}/add_students/", s.T1,
           json={"student_ids": [gone.id]}))
    sql(stack, f"UPDATE accounts_customuser SET is_active = 0 WHERE id = {gone.id}")
    detail(call(stack, "POST", "/chats/create_private/", s.T1, {"user_id": gone.id}), 404)
    assert gone.id not in {u["id"] for u in ok(api(stack, "GET", "/api/users/", s.T1))}
    assert a


def test_students_of_a_group_may_talk_when_configured(fakezoom):
    st = _start_stack("tpdm", workers="2", zoom=fakezoom, extra={"TPANEL_CHAT_STUDENT_DM": "1"})
    try:
        t = new_user(st, "teacher")
        a, b, other = (new_user(st, "student", first_name=n) for n in ("Аня", "Боря", "Вика"))
        create_group(st, t, student_ids=[a.id, b.id])
        assert call(st, "POST", "/chats/create_private/", a, {"user_id": b.id}).status == 201
        detail(call(st, "POST", "/chats/create_private/", a, {"user_id": other.id}), 403)
        found = {u["id"] for u in ok(call(st, "GET", "/users/search/?q=" + q("о"), a))["results"]}
        assert b.id in found and other.id not in found
    finally:
        _teardown(st)


# -- P3.2 messages, read state, edit/delete, moderation --------------------------------------------

def test_a_message_moves_the_chat_up_and_counts_unread(stack, school):
    s = school
    t = new_user(stack, "teacher")
    g = create_group(stack, t, student_ids=[s.S1.id, s.S2.id])
    older = dm(stack, s.S2, t)
    c = dm(stack, s.S1, t)
    send(stack, s.S2, older, "раньше")
    m = send(stack, s.S1, c, "привет")
    assert set(m) == MESSAGE_KEYS and m["text"] == "привет" and m["sender"]["id"] == s.S1.id
    first = chats(stack, t)["results"][0]
    assert first["id"] == c["id"] and first["unread_count"] == 1
    assert first["last_message"]["text"] == "привет"
    assert unread(stack, t)["total"] == 2
    assert chats(stack, s.S1)["results"][0]["unread_count"] == 0       # one's own
    assert [x["id"] for x in chats(stack, t, "?filter=unread")["results"]] == [c["id"], older["id"]]
    gc = group_chat(stack, t, g)
    assert [x["id"] for x in chats(stack, t, "?filter=groups")["results"]] == [gc["id"]]
    field(call(stack, "GET", "/chats/?filter=nope", t), "filter")


def test_message_input_is_checked_before_anything_is_written(stack, school):
    s = school
    c = dm(stack, s.S1, s.T1)
    before = messages(stack, s.S1, c["id"])["count"]
    field(call(stack, "POST", "/messages/", s.S1, {"chat": c["id"], "text": "   "}), "text")
    field(call(stack, "POST", "/messages/", s.S1, {"chat": c["id"]}), "text")
    field(call(stack, "POST", "/messages/", s.S1, {"chat": c["id"], "text": "я" * 4001}), "text")
    field(call(stack, "POST", "/messages/", s.S1, {"text": "x"}), "chat")
    field(call(stack, "POST", "/messages/", s.S1, {"chat": "x", "text": "x"}), "chat")
    field(call(stack, "POST", "/messages/", s.S1, {"chat": c["id"], "text": 5}), "text")
    other = dm(stack, s.S2, s.T1)
    alien = send(stack, s.S2, other, "чужое")
    field(call(stack, "POST", "/messages/", s.S1, {"chat": c["id"], "text": "x",
                                                     "reply_to": alien["id"]}), "reply_to")
    r = api(stack, "POST", "/api/messages/", s.S1, data=b"{not json")
    assert r.status == 400
    assert messages(stack, s.S1, c["id"])["count"] == before
    assert send(stack, s.S1, c, "я" * 4000)["text"] == "я" * 4000
    mine = send(stack, s.S1, c, "ответ", reply_to=messages(stack, s.S1, c["id"])["results"][-1]["id"])
    assert mine["reply_to"] is not None


def test_messages_page_by_id_newest_first_and_resync_after(stack, school):
    s = school
    t = new_user(stack, "teacher")
    create_group(stack, t, student_ids=[s.S1.id])
    c = dm(stack, t, s.S1)
    ids = [send(stack, s.S1 if i % 2 else t, c, f"m{i}")["id"] for i in range(7)]
    page = messages(stack, t, c["id"], "&page_size=3")
    assert [m["id"] for m in page["results"]] == ids[4:]                  # newest, ascending
    assert page["count"] == 7 and page["next"] is None
    prev = urllib.parse.urlsplit(page["previous"])
    assert urllib.parse.parse_qs(prev.query)["before_id"] == [str(ids[4])]
    older = ok(api(stack, "GET", prev.path + "?" + prev.query, t))
    assert [m["id"] for m in older["results"]] == ids[1:4]
    assert older["next"] is not None and older["previous"] is not None
    oldest = ok(api(stack, "GET", urllib.parse.urlsplit(older["previous"]).path + "?" +
                    urllib.parse.urlsplit(older["previous"]).query, t))
    assert [m["id"] for m in oldest["results"]] == ids[:1] and oldest["previous"] is None
    resync = messages(stack, t, c["id"], f"&after_id={ids[2]}&page_size=2")
    assert [m["id"] for m in resync["results"]] == ids[3:5] and resync["next"] is not None
    assert messages(stack, t, c["id"], f"&after_id={ids[-1]}")["results"] == []
    field(call(stack, "GET", "/messages/", t), "chat_id")
    field(call(stack, "GET", "/messages/?chat_id=abc", t), "chat_id")
    detail(call(stack, "GET", f"/messages/?chat_id={c['id']}&before_id=5&after_id=1", t), 400)
    assert len(messages(stack, t, c["id"], "&page_size=100000")["results"]) == 7


def test_read_pointer_receipts_and_unread_counts(stack, school):
    s = school
    t = new_user(stack, "teacher")
    g = create_group(stack, t, student_ids=[s.S1.id, s.S2.id])
    c = dm(stack, s.S1, t)
    m1 = send(stack, s.S1, c, "раз")
    m2 = send(stack, s.S1, c, "два")
    assert [m["is_read"] for m in messages(stack, s.S1, c["id"])["results"]] == [False, False]
    # Up to the first only, then all.
    r = ok(call(stack, "POST", "/messages/mark_chat_as_read/", t,
                {"chat_id": c["id"], "up_to_id": m1["id"]}))
    assert r == {"status": "success", "last_read_message_id": m1["id"]}
    assert chat_of(stack, t, c["id"])["unread_count"] == 1
    assert [m["is_read"] for m in messages(stack, s.S1, c["id"])["results"]] == [True, False]
    ok(call(stack, "POST", "/messages/mark_chat_as_read/", t, {"chat_id": c["id"]},
            prefix="/accounts/api"))
    assert chat_of(stack, t, c["id"])["unread_count"] == 0
    assert [m["is_read"] for m in messages(stack, s.S1, c["id"])["results"]] == [True, True]
    # Never back.
    r = ok(call(stack, "POST", f"/messages/{m1['id']}/mark_as_read/", t))
    assert r["last_read_message_id"] == m2["id"]
    assert "chat_id" in detail(call(stack, "POST", "/messages/mark_chat_as_read/", t, {}), 400)
    detail(call(stack, "POST", "/messages/mark_chat_as_read/", s.S3, {"chat_id": c["id"]}), 403)
    # A group chat counts who has read each message.
    gc = group_chat(stack, t, g)
    m = send(stack, s.S1, gc, "всем")
    assert messages(stack, s.S1, gc["id"])["results"][-1]["read_by_count"] == 0
    ok(call(stack, "POST", "/messages/mark_chat_as_read/", s.S2, {"chat_id": gc["id"]}))
    ok(call(stack, "POST", f"/messages/{m['id']}/mark_as_read/", t))
    got = messages(stack, s.S1, gc["id"])["results"][-1]
    assert got["id"] == m["id"] and got["read_by_count"] == 2
    # A deleted unread message is no longer counted.
    m3 = send(stack, s.S1, c, "удалю")
    assert chat_of(stack, t, c["id"])["unread_count"] == 1
    assert call(stack, "DELETE", f"/messages/{m3['id']}/", s.S1).status == 204
    assert chat_of(stack, t, c["id"])["unread_count"] == 0
    # Sending moves the sender's pointer: what came before is read.
    send(stack, t, c, "ответ")
    send(stack, s.S1, c, "ещё")
    assert chat_of(stack, s.S1, c["id"])["unread_count"] == 0


def test_edit_within_the_window_by_the_sender_only(stack, school):
    s = school
    c = dm(stack, s.S1, s.T1)
    m = send(stack, s.S1, c, "черновик")
    r = ok(call(stack, "PATCH", f"/messages/{m['id']}/", s.S1, {"text": "исправлено"}))
    assert r["text"] == "исправлено" and r["edited_at"] is not None
    assert ok(call(stack, "PUT", f"/messages/{m['id']}/", s.S1, {"text": "ещё раз"},
                   prefix="/accounts/api"))["text"] == "ещё раз"
    history = sql(stack, f"SELECT old_text FROM chat_message_edit WHERE message_id = {m['id']} "
                         "ORDER BY id").split("\n")[:2]
    assert history == ["черновик", "исправлено"]
    detail(call(stack, "PATCH", f"/messages/{m['id']}/", s.T1, {"text": "моё"}), 403)
    field(call(stack, "PATCH", f"/messages/{m['id']}/", s.S1, {"text": ""}), "text")
    assert call(stack, "PATCH", f"/messages/{m['id']}/", s.S3, {"text": "x"}).status == 404
    sql(stack, "UPDATE accounts_message SET created_at = created_at - INTERVAL 16 MINUTE "
               f"WHERE id = {m['id']}")
    detail(call(stack, "PATCH", f"/messages/{m['id']}/", s.S1, {"text": "поздно"}), 403)
    assert ok(call(stack, "GET", f"/messages/{m['id']}/", s.T1))["text"] == "ещё раз"


def test_delete_by_sender_in_the_window_or_by_the_moderator(stack, school):
    s = school
    gc = group_chat(stack, s.T1, s.G1)
    m = send(stack, s.S1, gc, "лишнее")
    detail(call(stack, "DELETE", f"/messages/{m['id']}/", s.S2), 403)
    assert call(stack, "DELETE", f"/messages/{m['id']}/", s.S1).status == 204
    got = ok(call(stack, "GET", f"/messages/{m['id']}/", s.S2))
    assert got["deleted"] is True and got["text"] == ""
    assert call(stack, "DELETE", f"/messages/{m['id']}/", s.S1).status == 204   # again: done
    detail(call(stack, "PATCH", f"/messages/{m['id']}/", s.S1, {"text": "x"}), 400)
    old = send(stack, s.S1, gc, "старое")
    sql(stack, "UPDATE accounts_message SET created_at = created_at - INTERVAL 1 DAY "
               f"WHERE id = {old['id']}")
    detail(call(stack, "DELETE", f"/messages/{old['id']}/", s.S1), 403)
    assert call(stack, "DELETE", f"/messages/{old['id']}/", s.T1).status == 204
    # In a private chat nobody moderates.
    c = dm(stack, s.S1, s.T1)
    m = send(stack, s.S1, c, "личное")
    detail(call(stack, "DELETE", f"/messages/{m['id']}/", s.T1), 403)
    last = chat_of(stack, s.T1, gc["id"])["last_message"]
    assert last["id"] == old["id"] and last["deleted"] is True and last["text"] == ""


def test_mute_and_read_only(stack, school):
    s = school
    t = new_user(stack, "teacher")
    g = create_group(stack, t, student_ids=[s.S1.id, s.S2.id])
    gc = group_chat(stack, t, g)
    detail(call(stack, "POST", f"/chats/{gc['id']}/mute_member/", s.S1,
                {"user_id": s.S2.id, "minutes": 10}), 403)
    r = ok(call(stack, "POST", f"/chats/{gc['id']}/mute_member/", t,
                {"user_id": s.S2.id, "minutes": 10}))
    assert r["user_id"] == s.S2.id and r["muted_until"] is not None
    assert chat_of(stack, s.S2, gc["id"])["muted_until"] is not None
    detail(call(stack, "POST", "/messages/", s.S2, {"chat": gc["id"], "text": "можно?"}), 403)
    send(stack, s.S1, gc, "а мне можно")
    for bad in ({"user_id": s.S2.id, "minutes": 0}, {"user_id": s.S2.id, "minutes": "x"},
                {"user_id": s.S3.id, "minutes": 5}, {"user_id": t.id, "minutes": 5},
                {"minutes": 5}):
        assert call(stack, "POST", f"/chats/{gc['id']}/mute_member/", t, bad).status == 400, bad
    # It expires by itself...
    sql(stack, "UPDATE accounts_chat_participants SET muted_until = UTC_TIMESTAMP(6) - "
               f"INTERVAL 1 SECOND WHERE chat_id = {gc['id']} AND customuser_id = {s.S2.id}")
    send(stack, s.S2, gc, "снова пишу")
    # ... or the teacher lifts it.
    ok(call(stack, "POST", f"/chats/{gc['id']}/mute_member/", t, {"user_id": s.S2.id,
                                                                   "minutes": 60}))
    ok(call(stack, "POST", f"/chats/{gc['id']}/mute_member/", t, {"user_id": s.S2.id,
                                                                   "minutes": None}))
    send(stack, s.S2, gc, "спасибо")
    # Read-only: only the teacher posts.
    assert ok(call(stack, "PATCH", f"/chats/{gc['id']}/", t, {"is_readonly": True}))["is_readonly"]
    detail(call(stack, "POST", "/messages/", s.S1, {"chat": gc["id"], "text": "эй"}), 403)
    send(stack, t, gc, "объявление")
    ok(call(stack, "PATCH", f"/chats/{gc['id']}/", t, {"is_readonly": False}))
    send(stack, s.S1, gc, "вопрос")
    field(call(stack, "PATCH", f"/chats/{gc['id']}/", t, {"is_readonly": "maybe"}), "is_readonly")
    d = dm(stack, s.S1, t)
    detail(call(stack, "POST", f"/chats/{d['id']}/mute_member/", t, {"user_id": s.S1.id,
                                                                    "minutes": 5}), 403)


def test_search_within_the_callers_chats(stack, school):
    s = school
    word = "слово" + uuid.uuid4().hex[:6]
    c = dm(stack, s.S1, s.T1)
    m = send(stack, s.S1, c, f"привет, {word}!")
    other = dm(stack, s.S2, s.T1)
    send(stack, s.S2, other, f"и тут {word}")
    found = ok(call(stack, "GET", "/messages/search/?q=" + q(word), s.S1))["results"]
    assert [x["id"] for x in found] == [m["id"]]
    assert len(ok(call(stack, "GET", "/messages/search/?q=" + q(word), s.T1))["results"]) == 2
    assert ok(call(stack, "GET", "/messages/search/?q=" + q(word), s.S3))["results"] == []
    assert len(ok(call(stack, "GET", f"/messages/search/?q={q(word)}&chat_id={c['id']}",
                       s.T1))["results"]) == 1
    detail(call(stack, "GET", f"/messages/search/?q={q(word)}&chat_id={c['id']}", s.S2), 403)
    field(call(stack, "GET", "/messages/search/?q=" + q("п"), s.S1), "q")
    field(call(stack, "GET", "/messages/search/", s.S1), "q")
    # LIKE's wildcards are taken literally.
    assert ok(call(stack, "GET", "/messages/search/?q=%25%25", s.S1))["results"] == []


def test_chat_list_pages_with_a_signed_cursor(stack, school):
    s = school
    t = new_user(stack, "teacher")
    studs = [new_user(stack, "student") for _ in range(5)]
    create_group(stack, t, student_ids=[x.id for x in studs])
    made = [dm(stack, x, t)["id"] for x in studs]
    for cid in made:
        send(stack, t, {"id": cid}, "здравствуйте")
    seen, path = [], "/api/chats/?page_size=2"
    while path:
        page = ok(api(stack, "GET", path, t))
        assert page["count"] == 5
        seen += [x["id"] for x in page["results"]]
        nxt = page["next"]
        path = urllib.parse.urlsplit(nxt).path + "?" + urllib.parse.urlsplit(nxt).query if nxt \
            else None
    assert seen == made[::-1]
    page2 = ok(api(stack, "GET", "/api/chats/?page_size=2&page=2", t))
    assert [x["id"] for x in page2["results"]] == made[::-1][2:4]
    assert call(stack, "GET", "/chats/?page=9", t).status == 404
    cursor = urllib.parse.parse_qs(urllib.parse.urlsplit(
        chats(stack, t, "?page_size=2")["next"]).query)["cursor"][0]
    # The shared cursor (app/paging.c): bound to its caller, filter and page size.
    for who, path in ((studs[0], f"/chats/?page_size=2&cursor={cursor}"),    # not theirs
                      (t, f"/chats/?filter=unread&page_size=2&cursor={cursor}"),
                      (t, f"/chats/?page_size=3&cursor={cursor}"),
                      (t, "/chats/?cursor=1.1.abc"),
                      (t, f"/chats/?page_size=2&cursor={cursor[:-2]}AA")):
        assert detail(call(stack, "GET", path, who), 400) == "Invalid cursor.", path
    # A cursor of another list (the homework list's) is not one of this list's.
    hw = ok(api(stack, "GET", "/api/homework/?page_size=1", t))
    assert hw["next"] is None or api(stack, "GET", "/api/chats/?page_size=1&cursor=" +
                                     urllib.parse.parse_qs(urllib.parse.urlsplit(
                                         hw["next"]).query)["cursor"][0], t).status == 400
    # previous from the last page leads back through every page.
    last = ok(api(stack, "GET", "/api/chats/?page_size=2&page=3", t))
    assert [x["id"] for x in last["results"]] == made[::-1][4:]
    back = []
    path = last["previous"]
    while path:
        page = ok(api(stack, "GET", urllib.parse.urlsplit(path).path + "?" +
                      urllib.parse.urlsplit(path).query, t))
        back = [x["id"] for x in page["results"]] + back
        path = page["previous"]
    assert back == made[::-1][:4]


def test_typing_answers_204_and_checks_its_input(stack, school):
    s = school
    c = dm(stack, s.S1, s.T1)
    assert call(stack, "POST", f"/chats/{c['id']}/typing/", s.S1, {"op": "start"}).status == 204
    assert call(stack, "POST", f"/chats/{c['id']}/typing/", s.S1, {"op": "start"}).status == 204
    field(call(stack, "POST", f"/chats/{c['id']}/typing/", s.S1, {"op": "maybe"}), "op")
    assert call(stack, "POST", f"/chats/{c['id']}/typing/", s.S3, {"op": "start"}).status == 404
