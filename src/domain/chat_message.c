/* Messages: sending, editing and deleting within their windows, read
 * pointers; each change publishes its events once committed. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_chat.h"
#include "db/db_message.h"
#include "domain/chat.h"
#include "domain/chat_pub.h"
#include "domain/chat_view.h"
#include "domain/file.h"


/* Is a message sent at created (DB time) still within window seconds
 * (0: always, -1: never)? */
static int
within(const char *created, long window)
{
	int64_t	 us;

	if (window == 0)
		return 1;
	if (window < 0 || created == NULL || dt_parse_iso(created, &us) == -1)
		return 0;
	return (int64_t)time(NULL) * 1000000 - us <= (int64_t)window * 1000000;
}

int
chat_may_edit(const struct chat_who *who, const struct chat_msg *m)
{
	return m->sender_id == who->id && m->deleted_at == NULL &&
	    within(m->created_at, chat_window(1));
}

int
chat_may_delete(const struct chat_who *who, const struct chat *c,
    const struct chat_msg *m)
{
	if (strcmp(c->type, "group") == 0 && c->is_moderator)
		return 1;
	return m->sender_id == who->id &&
	    within(m->created_at, chat_window(0));
}

/* A message's text: trimmed, at most CHAT_TEXT_MAX characters, not blank
 * unless the message carries a file (blank_ok). NULL with err set when
 * not. */
static const char *
good_text(struct arena *a, const char *in, int blank_ok, struct field_err *err)
{
	const char	*s;

	if ((s = str_trim_dup(a, in ? in : "")) != NULL && s[0] == '\0' &&
	    blank_ok)
		return s;
	if (s == NULL || s[0] == '\0') {
		chat_fail(err, CHAT_INVALID, "text", "Сообщение не может быть пустым.");
		return NULL;
	}
	if (!str_utf8_max(s, CHAT_TEXT_MAX)) {
		chat_fail(err, CHAT_INVALID, "text", "Сообщение длиннее 4000 символов.");
		return NULL;
	}
	return s;
}

/* The new message to every member, then each one's unread counts (the
 * sender's only when theirs went down). */
static void
announce(struct arena *a, const struct chat_msg *msg, int is_group,
    int64_t sender_unread)
{
	struct chat_reads	 none = { is_group, 0, 0, NULL, 0 };
	struct chat_member	*m;
	struct json_object	*d;
	size_t			 i, n;

	chat_pub_members(a, msg->chat_id, &m, &n);
	if (n == 0 || (d = json_new_object(a)) == NULL)
		return;
	json_add_int(d, "chat_id", msg->chat_id);
	json_object_object_add(d, "message", json_object_get(
	    chat_view_message(a, msg, 0, &none, 0)));
	chat_pub_all(a, m, n, 0, "message.new", d);
	for (i = 0; i < n; i++)
		if (m[i].user != msg->sender_id || sender_unread > 0)
			chat_pub_unread(a, msg->chat_id, &m[i]);
}

enum chat_rc
chat_send(struct arena *a, const struct chat_who *who, int64_t chat,
    const char *text, int64_t reply_to, const char *file, struct chat_msg *out,
    int *is_group, struct field_err *err)
{
	struct chat_member	 me;
	struct stored_file	 f;
	struct chat_msg		 r;
	const char		*type = "text";
	int64_t			 last, id;
	int			 rc, muted, readonly;

	if ((text = good_text(a, text, file != NULL, err)) == NULL)
		return CHAT_INVALID;
	if (db_begin() == -1)
		return CHAT_DB;
	/* Under the chat's lock: who may post is decided with the latest
	 * state, and the chat's order and counts move one message at a time. */
	if ((rc = db_chat_lock(a, chat, &readonly, is_group, &last)) != 1 ||
	    (rc = db_chat_member(a, chat, who->id, &me, &muted)) != 1) {
		db_rollback();
		return rc == -1 ? CHAT_DB : chat_fail(err, CHAT_FORBIDDEN, NULL,
		    "Вы не участник этого чата.");
	}
	if (muted || (readonly && !me.is_moderator)) {
		db_rollback();
		return chat_fail(err, CHAT_FORBIDDEN, NULL, muted ? "Преподаватель "
		    "временно запретил вам писать в этот чат." : "Чат только для "
		    "чтения: писать в него может только преподаватель.");
	}
	if (reply_to != 0 && ((rc = db_message_get(a, reply_to, &r)) != 1 ||
	    r.chat_id != chat)) {
		db_rollback();
		return rc == -1 ? CHAT_DB : chat_fail(err, CHAT_INVALID,
		    "reply_to", "Сообщение не найдено в этом чате.");
	}
	/* The file: the sender's own upload for this chat, used from now. */
	if (file != NULL) {
		if ((rc = file_claim(a, file, who->id, FILE_CHAT, 0, chat,
		    &f)) != 1) {
			db_rollback();
			return rc == -1 ? CHAT_DB : chat_fail(err, CHAT_INVALID,
			    "file_id", "Файл не найден: загрузите его в этот чат "
			    "(POST /api/chat/upload/).");
		}
		type = strncmp(f.mime_type, "image/", 6) == 0 ? "image" : "file";
	}
	if (db_message_insert(a, chat, who->id, type, text, reply_to, file,
	    &id) == -1 || db_message_get(a, id, out) != 1 || db_commit() == -1) {
		db_rollback();
		return CHAT_DB;
	}
	announce(a, out, *is_group, me.unread);
	return CHAT_CREATED;
}

enum chat_rc
chat_edit(struct arena *a, const struct chat_who *who, const struct chat *c,
    const struct chat_msg *m, const char *text, struct field_err *err)
{
	struct chat_reads	 none = { strcmp(c->type, "group") == 0, 0, 0,
	    NULL, 0 };
	struct chat_member	*mm;
	struct json_object	*d;
	struct chat_msg		 cur;
	size_t			 n;
	int			 rc;

	if (m->sender_id != who->id)
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "Изменить можно только своё "
		    "сообщение.");
	if (m->deleted_at != NULL)
		return chat_fail(err, CHAT_INVALID, NULL, "Сообщение удалено.");
	if (!chat_may_edit(who, m))
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "Время, когда сообщение "
		    "можно изменить, прошло.");
	if ((text = good_text(a, text, m->file_id != NULL, err)) == NULL)
		return CHAT_INVALID;
	if (strcmp(text, m->text) == 0)
		return CHAT_OK;
	if (db_begin() == -1)
		return CHAT_DB;
	if ((rc = db_message_lock(a, m->id, &cur)) != 1 ||
	    cur.deleted_at != NULL || db_message_edit(a, &cur, text, who->id) == -1 ||
	    db_commit() == -1) {
		db_rollback();
		return rc == 1 && cur.deleted_at != NULL ? chat_fail(err, CHAT_INVALID,
		    NULL, "Сообщение удалено.") : CHAT_DB;
	}
	chat_pub_members(a, c->id, &mm, &n);
	if (n == 0 || db_message_get(a, m->id, &cur) != 1 ||
	    (d = json_new_object(a)) == NULL)
		return CHAT_OK;
	json_add_int(d, "chat_id", c->id);
	json_object_object_add(d, "message", json_object_get(
	    chat_view_message(a, &cur, 0, &none, 0)));
	chat_pub_all(a, mm, n, 0, "message.edited", d);
	return CHAT_OK;
}

enum chat_rc
chat_delete_message(struct arena *a, const struct chat_who *who,
    const struct chat *c, const struct chat_msg *m, struct field_err *err)
{
	struct chat_member	*mm;
	struct json_object	*d;
	int64_t			 last;
	size_t			 i, n;
	int			 rc, readonly, group;

	if (!chat_may_delete(who, c, m))
		return chat_fail(err, CHAT_FORBIDDEN, NULL, m->sender_id == who->id ?
		    "Время, когда сообщение можно удалить, прошло." :
		    "Удалить можно только своё сообщение.");
	if (m->deleted_at != NULL)
		return CHAT_OK;
	/* Who had it unread, before the counts change. */
	chat_pub_members(a, c->id, &mm, &n);
	if (db_begin() == -1)
		return CHAT_DB;
	if (db_chat_lock(a, c->id, &readonly, &group, &last) == -1 ||
	    (rc = db_message_delete(a, m, who->id)) == -1 ||
	    (rc == 1 && m->file_id != NULL && file_release(a, m->file_id) == -1) ||
	    db_commit() == -1) {
		db_rollback();
		return CHAT_DB;
	}
	if (rc == 0 || n == 0 || (d = json_new_object(a)) == NULL)
		return CHAT_OK;
	json_add_int(d, "chat_id", c->id);
	json_add_int(d, "message_id", m->id);
	chat_pub_all(a, mm, n, 0, "message.deleted", d);
	for (i = 0; i < n; i++)
		if (mm[i].user != m->sender_id && mm[i].last_read < m->id &&
		    mm[i].unread > 0) {
			mm[i].unread--;
			mm[i].total--;
			chat_pub_unread(a, c->id, &mm[i]);
		}
	return CHAT_OK;
}

enum chat_rc
chat_read(struct arena *a, const struct chat_who *who, int64_t chat,
    int64_t upto, int64_t *pointer)
{
	struct chat_member	 me, *mm;
	struct json_object	*d;
	int64_t			 last;
	size_t			 i, n;
	int			 rc, muted, readonly, group;

	if (db_begin() == -1)
		return CHAT_DB;
	/* The chat's lock keeps a message sent meanwhile out of the recount
	 * until it has counted it itself. */
	if ((rc = db_chat_lock(a, chat, &readonly, &group, &last)) != 1 ||
	    (rc = db_chat_member(a, chat, who->id, &me, &muted)) != 1) {
		db_rollback();
		return rc == -1 ? CHAT_DB : CHAT_FORBIDDEN;
	}
	if (upto <= 0 || upto > last)
		upto = last;
	if (upto <= me.last_read) {
		db_rollback();
		*pointer = me.last_read;
		return CHAT_OK;
	}
	if (db_message_read(a, chat, who->id, upto) == -1 || db_commit() == -1) {
		db_rollback();
		return CHAT_DB;
	}
	*pointer = upto;
	chat_pub_members(a, chat, &mm, &n);
	if (n == 0 || (d = json_new_object(a)) == NULL)
		return CHAT_OK;
	json_add_int(d, "chat_id", chat);
	json_add_int(d, "user_id", who->id);
	json_add_int(d, "last_read_message_id", upto);
	chat_pub_all(a, mm, n, 0, "chat.read", d);
	for (i = 0; i < n; i++)
		if (mm[i].user == who->id)
			chat_pub_unread(a, chat, &mm[i]);
	return CHAT_OK;
}

int
chat_file_referenced(struct arena *a, const struct stored_file *f)
{
	return db_message_file_used(a, f->id);
}
