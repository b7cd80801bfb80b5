/* accounts_chat and accounts_chat_participants. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_chat.h"
#include "db/db_user.h"

/* A chat as member me sees it, with its last message, the other member of
 * a private chat and every member as JSON: one row, one query. */
#define CHAT_SELECT \
    "SELECT c.id, c.name, c.chat_type, c.created_by_id, c.group_id, " \
    "c.is_readonly, c.last_message_id, c.message_count, c.created_at, " \
    "c.updated_at, me.is_moderator, me.last_read_message_id, " \
    "me.unread_count, me.muted_until, " \
    "IFNULL(me.muted_until > UTC_TIMESTAMP(6), 0), " \
    "lm.id, lm.sender_id, lm.text, lm.message_type, lm.created_at, " \
    "lm.deleted_at IS NOT NULL, ls.first_name, ls.last_name, ls.email, " \
    "ls.middle_name, " \
    "peer.customuser_id, peer.last_read_message_id, pr.last_seen_at, " \
    "(SELECT JSON_ARRAYAGG(JSON_OBJECT('id', u.id, 'username_handle', " \
    "u.username_handle, 'first_name', u.first_name, 'last_name', " \
    "u.last_name, 'middle_name', u.middle_name, 'email', u.email, " \
    "'role', u.role, 'is_moderator', " \
    "p.is_moderator, 'last_read_message_id', p.last_read_message_id, " \
    "'muted_until', p.muted_until) ORDER BY u.last_name, u.first_name, u.id) " \
    "FROM accounts_chat_participants p JOIN accounts_customuser u " \
    "ON u.id = p.customuser_id WHERE p.chat_id = c.id) " \
    "FROM accounts_chat_participants me " \
    "JOIN accounts_chat c ON c.id = me.chat_id " \
    "LEFT JOIN accounts_message lm ON lm.id = c.last_message_id " \
    "LEFT JOIN accounts_customuser ls ON ls.id = lm.sender_id " \
    "LEFT JOIN accounts_chat_participants peer ON c.chat_type = 'private' " \
    "AND peer.chat_id = c.id AND peer.customuser_id <> me.customuser_id " \
    "LEFT JOIN chat_presence pr ON pr.user_id = peer.customuser_id "

/* The list's filters, as flags bound twice: (unread, groups). */
#define CHAT_FILTER \
    "AND (? = 0 OR me.unread_count > 0) AND (? = 0 OR c.chat_type = 'group') "

static struct db_stmt st_get = DB_STMT(CHAT_SELECT
    "WHERE me.chat_id = ? AND me.customuser_id = ?");
static struct db_stmt st_exists = DB_STMT(
    "SELECT 1 FROM accounts_chat WHERE id = ?");
/* Walks ix_participant_list (customuser_id, last_message_id, chat_id):
 * most recent first after a key, or the other way from it (the caller
 * turns those round); a key test "? = 0" (no key) folds away. The rows
 * skipped by ?page=N are the caller's own chats. */
#define CHAT_PAGE(key, order) CHAT_SELECT "WHERE me.customuser_id = ? " \
    CHAT_FILTER key " ORDER BY " order " LIMIT ? OFFSET ?"
static struct db_stmt st_page[2] = {
	DB_STMT(CHAT_PAGE("AND (? = 0 OR (me.last_message_id <= ? AND "
	    "(me.last_message_id < ? OR me.chat_id < ?)))",
	    "me.last_message_id DESC, me.chat_id DESC")),
	DB_STMT(CHAT_PAGE("AND (? = 0 OR (me.last_message_id >= ? AND "
	    "(me.last_message_id > ? OR me.chat_id > ?)))",
	    "me.last_message_id, me.chat_id")),
};
static struct db_stmt st_count = DB_STMT(
    "SELECT COUNT(*) FROM accounts_chat_participants me "
    "JOIN accounts_chat c ON c.id = me.chat_id "
    "WHERE me.customuser_id = ? " CHAT_FILTER);
static struct db_stmt st_unread = DB_STMT(
    "SELECT chat_id, unread_count FROM accounts_chat_participants "
    "WHERE customuser_id = ? AND unread_count > 0 ORDER BY chat_id");
static struct db_stmt st_unread_total = DB_STMT(
    "SELECT IFNULL(SUM(unread_count), 0) FROM accounts_chat_participants "
    "WHERE customuser_id = ? AND unread_count > 0");
static struct db_stmt st_members = DB_STMT(
    "SELECT p.customuser_id, p.is_moderator, IFNULL(p.last_read_message_id, 0), "
    "p.unread_count, (SELECT IFNULL(SUM(t.unread_count), 0) "
    "FROM accounts_chat_participants t WHERE t.customuser_id = p.customuser_id "
    "AND t.unread_count > 0), IFNULL(p.muted_until > UTC_TIMESTAMP(6), 0) "
    "FROM accounts_chat_participants p WHERE p.chat_id = ? "
    "ORDER BY p.customuser_id");
static struct db_stmt st_member = DB_STMT(
    "SELECT p.customuser_id, p.is_moderator, IFNULL(p.last_read_message_id, 0), "
    "p.unread_count, 0, IFNULL(p.muted_until > UTC_TIMESTAMP(6), 0) "
    "FROM accounts_chat_participants p WHERE p.chat_id = ? "
    "AND p.customuser_id = ?");
static struct db_stmt st_lock = DB_STMT(
    "SELECT is_readonly, chat_type = 'group', IFNULL(last_message_id, 0) "
    "FROM accounts_chat WHERE id = ? FOR UPDATE");
static struct db_stmt st_private_find = DB_STMT(
    "SELECT id FROM accounts_chat WHERE private_key = ?");
static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO accounts_chat (chat_type, name, created_by_id, group_id, "
    "private_key) VALUES (?, ?, ?, ?, ?)");
/* A new member has read what was there: the pointer starts at the end. */
static struct db_stmt st_member_add = DB_STMT(
    "INSERT IGNORE INTO accounts_chat_participants (chat_id, customuser_id, "
    "is_moderator, last_read_message_id, last_message_id) "
    "SELECT c.id, ?, ?, c.last_message_id, IFNULL(c.last_message_id, 0) "
    "FROM accounts_chat c WHERE c.id = ?");
static struct db_stmt st_member_remove = DB_STMT(
    "DELETE FROM accounts_chat_participants WHERE chat_id = ? "
    "AND customuser_id = ?");
static struct db_stmt st_update = DB_STMT(
    "UPDATE accounts_chat SET name = ?, is_readonly = ? WHERE id = ?");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM accounts_chat WHERE id = ?");
static struct db_stmt st_mute = DB_STMT(
    "UPDATE accounts_chat_participants SET muted_until = "
    "IF(? = 0, NULL, UTC_TIMESTAMP(6) + INTERVAL ? MINUTE) "
    "WHERE chat_id = ? AND customuser_id = ?");
/* The rate limit of typing events lives in the member's row, so it holds
 * across workers and hosts. */
static struct db_stmt st_typing_start = DB_STMT(
    "UPDATE accounts_chat_participants SET typing_at = UTC_TIMESTAMP(6), "
    "typing_on = 1 WHERE chat_id = ? AND customuser_id = ? "
    "AND (typing_at IS NULL OR typing_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND)");
static struct db_stmt st_typing_stop = DB_STMT(
    "UPDATE accounts_chat_participants SET typing_at = UTC_TIMESTAMP(6), "
    "typing_on = 0 WHERE chat_id = ? AND customuser_id = ? AND typing_on = 1");
static struct db_stmt st_of_group = DB_STMT(
    "SELECT id FROM accounts_chat WHERE group_id = ? ORDER BY id");
static struct db_stmt st_group_add = DB_STMT(
    "SELECT gs.customuser_id FROM accounts_chat c "
    "JOIN schedule_group_students gs ON gs.group_id = c.group_id "
    "JOIN accounts_customuser u ON u.id = gs.customuser_id "
    "LEFT JOIN accounts_chat_participants p ON p.chat_id = c.id "
    "AND p.customuser_id = gs.customuser_id "
    "WHERE c.id = ? AND p.id IS NULL ORDER BY gs.customuser_id");
static struct db_stmt st_group_drop = DB_STMT(
    "SELECT p.customuser_id FROM accounts_chat c "
    "JOIN schedule_group g ON g.id = c.group_id "
    "JOIN accounts_chat_participants p ON p.chat_id = c.id "
    "WHERE c.id = ? AND p.customuser_id <> g.teacher_id AND NOT EXISTS "
    "(SELECT 1 FROM schedule_group_students gs WHERE gs.group_id = g.id "
    "AND gs.customuser_id = p.customuser_id) ORDER BY p.customuser_id");

/* Everyone the caller may message, by role (§3.4): a teacher, the
 * students of their groups and the admins; a student, the teachers of
 * their groups (and, when allowed, the students who share one); an admin,
 * the teachers. Each branch starts from the caller's own rows. Parameters:
 * me, role, me, role, me, role, dm, role, role. */
#define REACH \
    "SELECT gs.customuser_id FROM schedule_group g " \
    "JOIN schedule_group_students gs ON gs.group_id = g.id " \
    "WHERE g.teacher_id = ? AND ? = 'teacher' " \
    "UNION SELECT g.teacher_id FROM schedule_group_students gs " \
    "JOIN schedule_group g ON g.id = gs.group_id " \
    "WHERE gs.customuser_id = ? AND ? = 'student' " \
    "UNION SELECT o.customuser_id FROM schedule_group_students s " \
    "JOIN schedule_group_students o ON o.group_id = s.group_id " \
    "WHERE s.customuser_id = ? AND ? = 'student' AND ? = 1 " \
    "UNION SELECT x.id FROM accounts_customuser x " \
    "WHERE x.role = 'admin' AND ? = 'teacher' " \
    "UNION SELECT x.id FROM accounts_customuser x " \
    "WHERE x.role = 'teacher' AND ? = 'admin'"

static struct db_stmt st_reachable = DB_STMT(
    "SELECT 1 FROM accounts_customuser u WHERE u.id = ? AND u.is_active "
    "AND u.id <> ? AND u.id IN (" REACH ")");
static struct db_stmt st_reach_search = DB_STMT(
    "SELECT " DB_USER_COLS ", u.username_handle FROM accounts_customuser u "
    "WHERE u.is_active AND u.id <> ? AND u.id IN (" REACH ") "
    "AND (? = '' OR u.first_name LIKE ? OR u.last_name LIKE ? "
    "OR u.username_handle LIKE ? OR CONCAT(u.first_name, ' ', u.last_name) "
    "LIKE ? OR CONCAT(u.last_name, ' ', u.first_name) LIKE ? "
    "OR (? = 1 AND u.email LIKE ?)) "
    "ORDER BY u.last_name, u.first_name, u.id LIMIT ?");

static struct db_stmt st_user = DB_STMT(
    "SELECT " DB_USER_COLS ", u.username_handle FROM accounts_customuser u "
    "WHERE u.id = ?");

static void
from_row(const struct db_res *r, size_t i, struct chat *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_cell_i64(r, i, 0, 0);
	c->name = db_cell(r, i, 1);
	c->type = db_cell(r, i, 2);
	c->created_by = db_cell_i64(r, i, 3, 0);
	c->group_id = db_cell_i64(r, i, 4, 0);
	c->is_readonly = db_cell_i64(r, i, 5, 0) != 0;
	c->last_message_id = db_cell_i64(r, i, 6, 0);
	c->message_count = db_cell_i64(r, i, 7, 0);
	c->created_at = db_cell(r, i, 8);
	c->updated_at = db_cell(r, i, 9);
	c->is_moderator = db_cell_i64(r, i, 10, 0) != 0;
	c->last_read = db_cell_i64(r, i, 11, 0);
	c->unread = db_cell_i64(r, i, 12, 0);
	c->muted_until = db_cell(r, i, 13);
	c->muted = db_cell_i64(r, i, 14, 0) != 0;
	c->lm_id = db_cell_i64(r, i, 15, 0);
	c->lm_sender = db_cell_i64(r, i, 16, 0);
	c->lm_text = db_cell(r, i, 17);
	c->lm_type = db_cell(r, i, 18);
	c->lm_created_at = db_cell(r, i, 19);
	c->lm_deleted = db_cell_i64(r, i, 20, 0) != 0;
	c->lm_first = db_cell(r, i, 21);
	c->lm_last = db_cell(r, i, 22);
	c->lm_email = db_cell(r, i, 23);
	c->lm_middle = db_cell(r, i, 24);
	c->peer_id = db_cell_i64(r, i, 25, 0);
	c->peer_read = db_cell_i64(r, i, 26, 0);
	c->peer_seen = db_cell(r, i, 27);
	c->members = db_cell(r, i, 28);
}

int
db_chat_get(struct arena *a, int64_t chat, int64_t user, struct chat *c)
{
	struct db_val	 p[] = { DB_INT(chat), DB_INT(user) };
	struct db_res	 r;

	if (db_exec(a, &st_get, p, 2, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, c);
	return 1;
}

int
db_chat_exists(struct arena *a, int64_t chat)
{
	struct db_val	 p = DB_INT(chat);
	struct db_res	 r;

	if (db_exec(a, &st_exists, &p, 1, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_chat_page(struct arena *a, int64_t user, enum chat_filter f,
    const struct keyset *ks, struct chat **c, size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 2,
			 back = ks->dir == KEYSET_BEFORE;
	int64_t		 lm = has ? ks->v[0].i : 0;
	struct db_val	 p[] = { DB_INT(user), DB_INT(f == CHAT_UNREAD),
	    DB_INT(f == CHAT_GROUPS), DB_INT(has), DB_INT(lm), DB_INT(lm),
	    DB_INT(has ? ks->v[1].i : 0), DB_INT(ks->limit), DB_INT(ks->offset) };
	struct db_res	 r;
	size_t		 i;

	*n = 0;
	if (db_exec(a, &st_page[back], p, 9, &r) == -1)
		return -1;
	if ((*c = arena_zalloc(a, (r.nrows + 1) * sizeof(**c))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		from_row(&r, back ? r.nrows - 1 - i : i, &(*c)[i]);
	*n = r.nrows;
	return 0;
}

int
db_chat_list(struct arena *a, int64_t user, enum chat_filter f,
    int64_t limit, struct chat **c, size_t *n)
{
	struct keyset	 ks;

	memset(&ks, 0, sizeof(ks));
	ks.dir = KEYSET_FIRST;
	ks.limit = limit;
	return db_chat_page(a, user, f, &ks, c, n);
}

int
db_chat_count(struct arena *a, int64_t user, enum chat_filter f,
    int64_t *total)
{
	struct db_val	 p[] = { DB_INT(user), DB_INT(f == CHAT_UNREAD),
	    DB_INT(f == CHAT_GROUPS) };
	struct db_res	 r;

	if (db_exec(a, &st_count, p, 3, &r) == -1)
		return -1;
	*total = db_cell_i64(&r, 0, 0, 0);
	return 0;
}

int
db_chat_unread(struct arena *a, int64_t user, int64_t **chat, int64_t **count,
    size_t *n, int64_t *total)
{
	struct db_val	 p = DB_INT(user);
	struct db_res	 r;
	size_t		 i;

	*n = 0;
	*total = 0;
	if (db_exec(a, &st_unread, &p, 1, &r) == -1)
		return -1;
	if ((*chat = arena_zalloc(a, (r.nrows + 1) * sizeof(int64_t))) == NULL ||
	    (*count = arena_zalloc(a, (r.nrows + 1) * sizeof(int64_t))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*chat)[i] = db_cell_i64(&r, i, 0, 0);
		(*count)[i] = db_cell_i64(&r, i, 1, 0);
		*total += (*count)[i];
	}
	*n = r.nrows;
	return 0;
}

int
db_chat_unread_total(struct arena *a, int64_t user, int64_t *total)
{
	struct db_val	 p = DB_INT(user);
	struct db_res	 r;

	if (db_exec(a, &st_unread_total, &p, 1, &r) == -1)
		return -1;
	*total = db_cell_i64(&r, 0, 0, 0);
	return 0;
}

static void
member_row(const struct db_res *r, size_t i, struct chat_member *m)
{
	m->user = db_cell_i64(r, i, 0, 0);
	m->is_moderator = db_cell_i64(r, i, 1, 0) != 0;
	m->last_read = db_cell_i64(r, i, 2, 0);
	m->unread = db_cell_i64(r, i, 3, 0);
	m->total = db_cell_i64(r, i, 4, 0);
}

int
db_chat_members(struct arena *a, int64_t chat, struct chat_member **m,
    size_t *n)
{
	struct db_val	 p = DB_INT(chat);
	struct db_res	 r;
	size_t		 i;

	*n = 0;
	if (db_exec(a, &st_members, &p, 1, &r) == -1)
		return -1;
	if ((*m = arena_zalloc(a, (r.nrows + 1) * sizeof(**m))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		member_row(&r, i, &(*m)[i]);
	*n = r.nrows;
	return 0;
}

int
db_chat_member(struct arena *a, int64_t chat, int64_t user,
    struct chat_member *m, int *muted)
{
	struct db_val	 p[] = { DB_INT(chat), DB_INT(user) };
	struct db_res	 r;

	if (db_exec(a, &st_member, p, 2, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	member_row(&r, 0, m);
	*muted = db_cell_i64(&r, 0, 5, 0) != 0;
	return 1;
}

int
db_chat_lock(struct arena *a, int64_t chat, int *readonly, int *is_group,
    int64_t *last_message_id)
{
	struct db_val	 p = DB_INT(chat);
	struct db_res	 r;

	if (db_exec(a, &st_lock, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*readonly = db_cell_i64(&r, 0, 0, 0) != 0;
	*is_group = db_cell_i64(&r, 0, 1, 0) != 0;
	*last_message_id = db_cell_i64(&r, 0, 2, 0);
	return 1;
}

int
db_chat_private_find(struct arena *a, const char *key, int64_t *id)
{
	struct db_val	 p = DB_STR(key);
	struct db_res	 r;

	if (db_exec(a, &st_private_find, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*id = db_cell_i64(&r, 0, 0, 0);
	return 1;
}

int
db_chat_insert(struct arena *a, const char *type, const char *name,
    int64_t created_by, int64_t group, const char *key, int64_t *id)
{
	struct db_val	 p[] = { DB_STR(type), DB_STR(name),
	    created_by ? DB_INT(created_by) : DB_NULL,
	    group ? DB_INT(group) : DB_NULL, key ? DB_STR(key) : DB_NULL };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 5, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_chat_member_add(struct arena *a, int64_t chat, int64_t user, int moderator)
{
	struct db_val	 p[] = { DB_INT(user), DB_INT(moderator != 0),
	    DB_INT(chat) };

	return db_exec_changed(a, &st_member_add, p, 3);
}

int
db_chat_member_remove(struct arena *a, int64_t chat, int64_t user)
{
	struct db_val	 p[] = { DB_INT(chat), DB_INT(user) };

	return db_exec_changed(a, &st_member_remove, p, 2);
}

int
db_chat_update(struct arena *a, int64_t chat, const char *name, int readonly)
{
	struct db_val	 p[] = { DB_STR(name), DB_INT(readonly != 0),
	    DB_INT(chat) };

	return db_exec(a, &st_update, p, 3, NULL);
}

int
db_chat_delete(struct arena *a, int64_t chat)
{
	struct db_val	 p = DB_INT(chat);

	return db_exec(a, &st_delete, &p, 1, NULL);
}

int
db_chat_mute(struct arena *a, int64_t chat, int64_t user, int64_t minutes)
{
	struct db_val	 p[] = { DB_INT(minutes), DB_INT(minutes), DB_INT(chat),
	    DB_INT(user) };

	return db_exec_changed(a, &st_mute, p, 4);
}

int
db_chat_typing(struct arena *a, int64_t chat, int64_t user, int start,
    long gap)
{
	struct db_val	 p[] = { DB_INT(chat), DB_INT(user), DB_INT(gap) };

	return db_exec_changed(a, start ? &st_typing_start : &st_typing_stop,
	    p, start ? 3 : 2);
}

/* The first column of every row as ids (arena). */
static int
ids_of(struct arena *a, const struct db_res *r, int64_t **ids, size_t *n)
{
	size_t	 i;

	*n = 0;
	if ((*ids = arena_zalloc(a, (r->nrows + 1) * sizeof(int64_t))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++)
		(*ids)[i] = db_cell_i64(r, i, 0, 0);
	*n = r->nrows;
	return 0;
}

int
db_chat_of_group(struct arena *a, int64_t group, int64_t **ids, size_t *n)
{
	struct db_val	 p = DB_INT(group);
	struct db_res	 r;

	if (db_exec(a, &st_of_group, &p, 1, &r) == -1)
		return -1;
	return ids_of(a, &r, ids, n);
}

int
db_chat_group_diff(struct arena *a, int64_t chat, int64_t **add, size_t *nadd,
    int64_t **drop, size_t *ndrop)
{
	struct db_val	 p = DB_INT(chat);
	struct db_res	 r1, r2;

	if (db_exec(a, &st_group_add, &p, 1, &r1) == -1 ||
	    db_exec(a, &st_group_drop, &p, 1, &r2) == -1)
		return -1;
	return ids_of(a, &r1, add, nadd) == -1 ? -1 :
	    ids_of(a, &r2, drop, ndrop);
}

/* The nine parameters of REACH, after *p. */
static size_t
reach_params(struct db_val *p, int64_t me, const char *role, int dm)
{
	p[0] = DB_INT(me), p[1] = DB_STR(role);
	p[2] = DB_INT(me), p[3] = DB_STR(role);
	p[4] = DB_INT(me), p[5] = DB_STR(role), p[6] = DB_INT(dm != 0);
	p[7] = DB_STR(role), p[8] = DB_STR(role);
	return 9;
}

int
db_chat_reachable(struct arena *a, int64_t me, const char *role,
    int student_dm, int64_t target)
{
	struct db_val	 p[11];
	struct db_res	 r;

	p[0] = DB_INT(target);
	p[1] = DB_INT(me);
	reach_params(p + 2, me, role, student_dm);
	if (db_exec(a, &st_reachable, p, 11, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_chat_reach_search(struct arena *a, int64_t me, const char *role,
    int student_dm, const char *q, int64_t limit, struct user **u,
    const char ***handle, size_t *n)
{
	struct db_val	 p[21];
	struct db_res	 r;
	const char	*pat;
	size_t		 i, k;
	int		 email_ok = strcmp(role, "student") != 0;

	*n = 0;
	if ((pat = db_like(a, q)) == NULL)
		return -1;
	p[0] = DB_INT(me);
	k = 1 + reach_params(p + 1, me, role, student_dm);
	p[k++] = DB_STR(q);
	for (i = 0; i < 5; i++)
		p[k++] = DB_STR(pat);
	p[k++] = DB_INT(email_ok);
	p[k++] = DB_STR(pat);
	p[k++] = DB_INT(limit);
	if (db_exec(a, &st_reach_search, p, k, &r) == -1)
		return -1;
	if ((*u = arena_zalloc(a, (r.nrows + 1) * sizeof(**u))) == NULL ||
	    (*handle = arena_zalloc(a, (r.nrows + 1) * sizeof(char *))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		db_user_from_row(&r, i, 0, &(*u)[i]);
		(*handle)[i] = db_cell(&r, i, 15);
	}
	*n = r.nrows;
	return 0;
}

int
db_chat_user(struct arena *a, int64_t id, struct user *u, const char **handle)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_user, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	db_user_from_row(&r, 0, 0, u);
	*handle = db_cell(&r, 0, 15);
	return 1;
}
