/* accounts_message and chat_message_edit. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_message.h"

/* A message, its sender and its file (LEFT JOIN f: none). */
#define MSG_COLS \
    "m.id, m.chat_id, m.sender_id, m.message_type, m.text, " \
    "m.reply_to_id, m.deleted_by_id, m.created_at, m.updated_at, " \
    "m.edited_at, m.deleted_at, u.username_handle, u.first_name, " \
    "u.last_name, u.email, u.middle_name, f.id, f.original_name, " \
    "f.mime_type, f.size "
#define MSG_SELECT "SELECT " MSG_COLS
#define MSG_FROM \
    "FROM accounts_message m JOIN accounts_customuser u ON u.id = m.sender_id " \
    "LEFT JOIN stored_file f ON f.id = m.file_id "

static struct db_stmt st_get = DB_STMT(MSG_SELECT MSG_FROM "WHERE m.id = ?");
static struct db_stmt st_lock = DB_STMT(
    "SELECT id FROM accounts_message WHERE id = ? FOR UPDATE");
/* Both walk ix_message_chat (chat_id, id): the page, never the history. */
static struct db_stmt st_before = DB_STMT(MSG_SELECT MSG_FROM
    "WHERE m.chat_id = ? AND m.id < ? ORDER BY m.id DESC LIMIT ?");
static struct db_stmt st_after = DB_STMT(MSG_SELECT MSG_FROM
    "WHERE m.chat_id = ? AND m.id > ? ORDER BY m.id LIMIT ?");
/* From the caller's memberships to each chat's messages by id: the
 * caller's chats are searched, nobody else's. */
static struct db_stmt st_search = DB_STMT(
    "SELECT STRAIGHT_JOIN " MSG_COLS "FROM accounts_chat_participants me "
    "JOIN accounts_message m ON m.chat_id = me.chat_id "
    "JOIN accounts_customuser u ON u.id = m.sender_id "
    "LEFT JOIN stored_file f ON f.id = m.file_id "
    "WHERE me.customuser_id = ? AND (? = 0 OR me.chat_id = ?) AND m.id < ? "
    "AND m.deleted_at IS NULL AND m.text LIKE ? "
    "ORDER BY m.id DESC LIMIT ?");
static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO accounts_message (chat_id, sender_id, message_type, text, "
    "reply_to_id, file_id) VALUES (?, ?, ?, ?, ?, ?)");
/* Whether a message that is not deleted carries the file (its clean-up). */
static struct db_stmt st_file_used = DB_STMT(
    "SELECT 1 FROM accounts_message WHERE file_id = ? AND deleted_at IS NULL "
    "LIMIT 1");
static struct db_stmt st_bump_chat = DB_STMT(
    "UPDATE accounts_chat SET last_message_id = ?, "
    "message_count = message_count + 1, updated_at = UTC_TIMESTAMP(6) "
    "WHERE id = ?");
/* The chat's members through its range of (chat_id, customuser_id) only,
 * whatever the optimizer thinks of a small table: a scan would lock every
 * other chat's members too. */
#define MEMBERS "accounts_chat_participants FORCE INDEX (uq_chat_participant) "
/* One statement for every member: the order of their lists, their unread
 * counts, the sender's pointer. */
static struct db_stmt st_bump_members = DB_STMT(
    "UPDATE " MEMBERS "SET last_message_id = ?, "
    "unread_count = IF(customuser_id = ?, 0, unread_count + 1), "
    "last_read_message_id = IF(customuser_id = ?, ?, last_read_message_id), "
    "typing_on = IF(customuser_id = ?, 0, typing_on) WHERE chat_id = ?");
static struct db_stmt st_edit_keep = DB_STMT(
    "INSERT INTO chat_message_edit (message_id, old_text, editor_id) "
    "VALUES (?, ?, ?)");
static struct db_stmt st_edit = DB_STMT(
    "UPDATE accounts_message SET text = ?, edited_at = UTC_TIMESTAMP(6) "
    "WHERE id = ? AND deleted_at IS NULL");
static struct db_stmt st_delete = DB_STMT(
    "UPDATE accounts_message SET text = '', deleted_at = UTC_TIMESTAMP(6), "
    "deleted_by_id = ? WHERE id = ? AND deleted_at IS NULL");
static struct db_stmt st_unread_less = DB_STMT(
    "UPDATE " MEMBERS "SET unread_count = unread_count - 1 "
    "WHERE chat_id = ? AND customuser_id <> ? AND unread_count > 0 "
    "AND (last_read_message_id IS NULL OR last_read_message_id < ?)");
/* The recount reads the messages after the new pointer only. */
static struct db_stmt st_read = DB_STMT(
    "UPDATE accounts_chat_participants SET last_read_message_id = ?, "
    "unread_count = (SELECT COUNT(*) FROM accounts_message m "
    "WHERE m.chat_id = ? AND m.id > ? AND m.sender_id <> ? "
    "AND m.deleted_at IS NULL) "
    "WHERE chat_id = ? AND customuser_id = ? "
    "AND (last_read_message_id IS NULL OR last_read_message_id < ?)");

static void
from_row(const struct db_res *r, size_t i, struct chat_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->id = db_cell_i64(r, i, 0, 0);
	m->chat_id = db_cell_i64(r, i, 1, 0);
	m->sender_id = db_cell_i64(r, i, 2, 0);
	m->type = db_cell(r, i, 3);
	m->text = db_cell(r, i, 4);
	m->reply_to = db_cell_i64(r, i, 5, 0);
	m->deleted_by = db_cell_i64(r, i, 6, 0);
	m->created_at = db_cell(r, i, 7);
	m->updated_at = db_cell(r, i, 8);
	m->edited_at = db_cell(r, i, 9);
	m->deleted_at = db_cell(r, i, 10);
	m->s_handle = db_cell(r, i, 11);
	m->s_first = db_cell(r, i, 12);
	m->s_last = db_cell(r, i, 13);
	m->s_email = db_cell(r, i, 14);
	m->s_middle = db_cell(r, i, 15);
	m->file_id = db_cell(r, i, 16);
	m->file_name = db_cell(r, i, 17);
	m->file_mime = db_cell(r, i, 18);
	m->file_size = db_cell_i64(r, i, 19, 0);
}

static int
one(struct arena *a, struct db_stmt *st, int64_t id, struct chat_msg *m)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, st, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, m);
	return 1;
}

int
db_message_get(struct arena *a, int64_t id, struct chat_msg *m)
{
	return one(a, &st_get, id, m);
}

int
db_message_lock(struct arena *a, int64_t id, struct chat_msg *m)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_lock, &p, 1, &r) == -1)
		return -1;
	return r.nrows == 0 ? 0 : one(a, &st_get, id, m);
}

/* Rows into *m, in ascending id order (reversed when desc). */
static int
rows(struct arena *a, const struct db_res *r, int desc, struct chat_msg **m,
    size_t *n)
{
	size_t	 i;

	*n = 0;
	if ((*m = arena_zalloc(a, (r->nrows + 1) * sizeof(**m))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++)
		from_row(r, desc ? r->nrows - 1 - i : i, &(*m)[i]);
	*n = r->nrows;
	return 0;
}

int
db_message_page(struct arena *a, int64_t chat, int64_t before, int64_t after,
    int64_t limit, struct chat_msg **m, size_t *n)
{
	struct db_val	 p[] = { DB_INT(chat), DB_INT(after > 0 ? after : before),
	    DB_INT(limit) };
	struct db_res	 r;

	if (db_exec(a, after > 0 ? &st_after : &st_before, p, 3, &r) == -1)
		return -1;
	return rows(a, &r, after <= 0, m, n);
}

int
db_message_search(struct arena *a, int64_t user, int64_t chat, const char *q,
    int64_t before, int64_t limit, struct chat_msg **m, size_t *n)
{
	struct db_val	 p[6];
	struct db_res	 r;
	const char	*pat;
	size_t		 i;

	*n = 0;
	if ((pat = db_like(a, q)) == NULL)
		return -1;
	p[0] = DB_INT(user), p[1] = DB_INT(chat), p[2] = DB_INT(chat);
	p[3] = DB_INT(before), p[4] = DB_STR(pat), p[5] = DB_INT(limit);
	if (db_exec(a, &st_search, p, 6, &r) == -1)
		return -1;
	if ((*m = arena_zalloc(a, (r.nrows + 1) * sizeof(**m))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		from_row(&r, i, &(*m)[i]);
	*n = r.nrows;
	return 0;
}

int
db_message_insert(struct arena *a, int64_t chat, int64_t sender,
    const char *type, const char *text, int64_t reply_to, const char *file,
    int64_t *id)
{
	struct db_val	 p[] = { DB_INT(chat), DB_INT(sender), DB_STR(type),
	    DB_STR(text), reply_to ? DB_INT(reply_to) : DB_NULL,
	    file ? DB_STR(file) : DB_NULL };
	struct db_val	 c[2], mb[6];
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 6, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	c[0] = DB_INT(*id), c[1] = DB_INT(chat);
	mb[0] = DB_INT(*id), mb[1] = DB_INT(sender), mb[2] = DB_INT(sender);
	mb[3] = DB_INT(*id), mb[4] = DB_INT(sender), mb[5] = DB_INT(chat);
	if (db_exec(a, &st_bump_chat, c, 2, NULL) == -1 ||
	    db_exec(a, &st_bump_members, mb, 6, NULL) == -1)
		return -1;
	return 0;
}

int
db_message_edit(struct arena *a, const struct chat_msg *m, const char *text,
    int64_t editor)
{
	struct db_val	 k[] = { DB_INT(m->id), DB_STR(m->text), DB_INT(editor) };
	struct db_val	 p[] = { DB_STR(text), DB_INT(m->id) };

	if (db_exec(a, &st_edit_keep, k, 3, NULL) == -1)
		return -1;
	return db_exec(a, &st_edit, p, 2, NULL);
}

int
db_message_delete(struct arena *a, const struct chat_msg *m, int64_t by)
{
	struct db_val	 p[] = { DB_INT(by), DB_INT(m->id) };
	struct db_val	 u[] = { DB_INT(m->chat_id), DB_INT(m->sender_id),
	    DB_INT(m->id) };
	int		 rc;

	if ((rc = db_exec_changed(a, &st_delete, p, 2)) != 1)
		return rc;
	return db_exec(a, &st_unread_less, u, 3, NULL) == -1 ? -1 : 1;
}

int
db_message_read(struct arena *a, int64_t chat, int64_t user, int64_t upto)
{
	struct db_val	 p[] = { DB_INT(upto), DB_INT(chat), DB_INT(upto),
	    DB_INT(user), DB_INT(chat), DB_INT(user), DB_INT(upto) };

	return db_exec_changed(a, &st_read, p, 7);
}

int
db_message_file_used(struct arena *a, const char *file)
{
	struct db_val	 p = DB_STR(file);
	struct db_res	 r;

	if (db_exec(a, &st_file_used, &p, 1, &r) == -1)
		return -1;
	return r.nrows > 0;
}
