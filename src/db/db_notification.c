/* notification. */
#include "autoconf.h"

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_notification.h"
#include "db/db_tally.h"

#define SELECT_COLS \
    "SELECT id, user_id, lesson_id, kind, title, text, created_at, read_at "

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO notification (user_id, kind, lesson_id, title, text) "
    "VALUES (?, ?, ?, ?, ?)");
/* The list, newest first: user, key (has, id), limit, offset; the ids
 * from (user_id, id), then the rows. */
#define NOTE_PAGE(key, order) SELECT_COLS "FROM (SELECT n.id FROM notification n " \
    "WHERE n.user_id = ? AND (? = 0 OR n.id " key " ?) ORDER BY n.id " order \
    " LIMIT ? OFFSET ?) k STRAIGHT_JOIN notification USING (id) ORDER BY id DESC"
static struct db_stmt st_page[2] = {
	DB_STMT(NOTE_PAGE("<", "DESC")),
	DB_STMT(NOTE_PAGE(">", "ASC")),
};
static struct db_stmt st_get = DB_STMT(SELECT_COLS
    "FROM notification WHERE id = ? AND user_id = ?");
static struct db_stmt st_read = DB_STMT(
    "UPDATE notification SET read_at = COALESCE(read_at, UTC_TIMESTAMP(6)) "
    "WHERE id = ? AND user_id = ?");
static struct db_stmt st_read_all = DB_STMT(
    "UPDATE notification SET read_at = UTC_TIMESTAMP(6) "
    "WHERE user_id = ? AND read_at IS NULL");
static struct db_stmt st_emailed = DB_STMT(
    "UPDATE notification SET emailed_at = UTC_TIMESTAMP(6) WHERE id = ?");

int
db_notification_insert(struct arena *a, int64_t user_id, const char *kind,
    int64_t lesson_id, const char *title, const char *text, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(user_id), DB_STR(kind),
	    lesson_id ? DB_INT(lesson_id) : DB_NULL, DB_STR(title), DB_STR(text) };
	struct db_res	 r;

	*id = 0;
	if (db_exec(a, &st_insert, p, 5, &r) == -1)
		return db_last_error() == DB_ERR_DUP ? 0 : -1;
	*id = (int64_t)r.insert_id;
	return 1;
}

static void
from_row(const struct db_res *r, size_t i, struct notification *x)
{
	x->id = db_cell_i64(r, i, 0, 0);
	x->user_id = db_cell_i64(r, i, 1, 0);
	x->lesson_id = db_cell_i64(r, i, 2, 0);
	x->kind = db_cell(r, i, 3);
	x->title = db_cell(r, i, 4);
	x->text = db_cell(r, i, 5);
	x->created_at = db_cell(r, i, 6);
	x->read_at = db_cell(r, i, 7);
}

int
db_notification_page(struct arena *a, int64_t user_id, const struct keyset *ks,
    struct notification **out, size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 1;
	struct db_val	 p[] = { DB_INT(user_id), DB_INT(has),
	    DB_INT(has ? ks->v[0].i : 0), DB_INT(ks->limit), DB_INT(ks->offset) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_page[ks->dir == KEYSET_BEFORE], p, 5, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		from_row(&r, i, &(*out)[i]);
	return 0;
}

int
db_notification_count(struct arena *a, int64_t user_id, int64_t *total,
    int64_t *unread)
{
	if (db_tally(a, "notification", user_id, 0, "", total) == -1)
		return -1;
	return db_notification_unread(a, user_id, unread);
}

int
db_notification_get(struct arena *a, int64_t user_id, int64_t id,
    struct notification *out)
{
	struct db_val	 p[] = { DB_INT(id), DB_INT(user_id) };
	struct db_res	 r;

	if (db_exec(a, &st_get, p, 2, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, out);
	return 1;
}

int
db_notification_read(struct arena *a, int64_t user_id, int64_t id)
{
	struct db_val	 p[] = { DB_INT(id), DB_INT(user_id) };

	return db_exec_changed(a, &st_read, p, 2);
}

int
db_notification_read_all(struct arena *a, int64_t user_id, int64_t *n)
{
	struct db_val	 p = DB_INT(user_id);
	struct db_res	 r;

	if (db_exec(a, &st_read_all, &p, 1, &r) == -1)
		return -1;
	*n = (int64_t)r.affected;
	return 0;
}

int
db_notification_unread(struct arena *a, int64_t user_id, int64_t *n)
{
	return db_tally(a, "notification", user_id, 0, "unread", n);
}

int
db_notification_emailed(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_emailed, &p, 1, NULL);
}
