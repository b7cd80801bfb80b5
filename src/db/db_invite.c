/* schedule_individualinvitecode and its redemptions. */
#include "autoconf.h"

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_invite.h"
#include "db/db_tally.h"

#define ICODE_SELECT \
    "SELECT c.id, c.teacher_id, COALESCE(c.used_by_id, 0), c.subject, " \
    "c.invite_code, c.used_at, c.created_at, c.expires_at, c.is_used, " \
    "c.expires_at IS NOT NULL AND c.expires_at <= UTC_TIMESTAMP(6), " \
    "c.max_uses, c.use_count, t.email, t.first_name, t.last_name, " \
    "s.email, s.first_name, s.last_name, s.middle_name "
#define ICODE_JOINS \
    "JOIN accounts_customuser t ON t.id = c.teacher_id " \
    "LEFT JOIN accounts_customuser s ON s.id = c.used_by_id "
#define ICODE_FROM "FROM schedule_individualinvitecode c " ICODE_JOINS
/* The lists, newest first: everyone's and a teacher's by created_at, the
 * codes a student redeemed (a few) by their first use. Scope, key (4
 * values: has, time, time, id), limit, offset; "after" is older. */
#define ICODE_PAGE(scope, col, key, order) ICODE_SELECT "FROM (SELECT c.id " \
    "FROM schedule_individualinvitecode c WHERE " scope key(col) \
    " ORDER BY " order(col) " LIMIT ? OFFSET ?) k " \
    "STRAIGHT_JOIN schedule_individualinvitecode c ON c.id = k.id " \
    ICODE_JOINS "ORDER BY " DESC(col)
#define AFTER(col) \
    " AND (? = 0 OR (" col " <= ? AND (" col " < ? OR c.id < ?)))"
#define BEFORE(col) \
    " AND (? = 0 OR (" col " >= ? AND (" col " > ? OR c.id > ?)))"
#define DESC(col)	col " DESC, c.id DESC"
#define ASC(col)	col ", c.id"
#define USED_BY \
    "c.id IN (SELECT code_id FROM schedule_invitecode_use WHERE student_id = ?)"

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO schedule_individualinvitecode (teacher_id, subject, "
    "invite_code, max_uses, expires_at) VALUES (?, ?, ?, ?, ?)");
static struct db_stmt st_get = DB_STMT(ICODE_SELECT ICODE_FROM "WHERE c.id = ?");
static struct db_stmt st_by_code = DB_STMT(ICODE_SELECT ICODE_FROM
    "WHERE c.invite_code = ?");
static struct db_stmt st_page[3][2] = {
	{ DB_STMT(ICODE_PAGE("? = 0", "c.created_at", AFTER, DESC)),
	  DB_STMT(ICODE_PAGE("? = 0", "c.created_at", BEFORE, ASC)) },
	{ DB_STMT(ICODE_PAGE("c.teacher_id = ?", "c.created_at", AFTER, DESC)),
	  DB_STMT(ICODE_PAGE("c.teacher_id = ?", "c.created_at", BEFORE, ASC)) },
	{ DB_STMT(ICODE_PAGE(USED_BY, "c.used_at", AFTER, DESC)),
	  DB_STMT(ICODE_PAGE(USED_BY, "c.used_at", BEFORE, ASC)) },
};
static struct db_stmt st_subject = DB_STMT(
    "UPDATE schedule_individualinvitecode SET subject = ? WHERE id = ? AND use_count = 0");
static struct db_stmt st_code = DB_STMT(
    "UPDATE schedule_individualinvitecode SET invite_code = ? "
    "WHERE id = ? AND use_count = 0");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM schedule_individualinvitecode WHERE id = ? AND use_count = 0");
/* The race for a code is decided here: one UPDATE, checked by row count. */
static struct db_stmt st_take = DB_STMT(
    "UPDATE schedule_individualinvitecode SET "
    "is_used = (use_count + 1 >= max_uses), "
    "used_by_id = COALESCE(used_by_id, ?), "
    "used_at = COALESCE(used_at, UTC_TIMESTAMP(6)), "
    "use_count = use_count + 1 "
    "WHERE id = ? AND use_count < max_uses "
    "AND (expires_at IS NULL OR expires_at > UTC_TIMESTAMP(6))");
static struct db_stmt st_use = DB_STMT(
    "INSERT INTO schedule_invitecode_use (code_id, student_id, group_id) "
    "VALUES (?, ?, ?)");
static struct db_stmt st_counts = DB_STMT(
    "SELECT COALESCE(SUM(use_count < max_uses AND (expires_at IS NULL OR "
    "expires_at > UTC_TIMESTAMP(6))), 0), COALESCE(SUM(use_count >= max_uses), 0), "
    "COUNT(*) FROM schedule_individualinvitecode WHERE teacher_id = ?");

int
db_icode_insert(struct arena *a, int64_t teacher, const char *subject,
    const char *code, int64_t max_uses, const char *expires_at, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(teacher), DB_STR(subject), DB_STR(code),
	    DB_INT(max_uses), expires_at ? DB_STR(expires_at) : DB_NULL };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 5, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

static void
from_row(const struct db_res *r, size_t i, struct icode *c)
{
	c->id = db_cell_i64(r, i, 0, 0);
	c->teacher_id = db_cell_i64(r, i, 1, 0);
	c->used_by = db_cell_i64(r, i, 2, 0);
	c->subject = db_cell(r, i, 3);
	c->code = db_cell(r, i, 4);
	c->used_at = db_cell(r, i, 5);
	c->created_at = db_cell(r, i, 6);
	c->expires_at = db_cell(r, i, 7);
	c->is_used = db_cell_i64(r, i, 8, 0) != 0;
	c->expired = db_cell_i64(r, i, 9, 0) != 0;
	c->max_uses = db_cell_i64(r, i, 10, 1);
	c->use_count = db_cell_i64(r, i, 11, 0);
	c->teacher_email = db_cell(r, i, 12);
	c->teacher_first = db_cell(r, i, 13);
	c->teacher_last = db_cell(r, i, 14);
	c->used_email = db_cell(r, i, 15);
	c->used_first = db_cell(r, i, 16);
	c->used_last = db_cell(r, i, 17);
	c->used_middle = db_cell(r, i, 18);
}

static int
one(struct arena *a, struct db_stmt *st, struct db_val v, struct icode *c)
{
	struct db_res	 r;

	if (db_exec(a, st, &v, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, c);
	return 1;
}

int
db_icode_get(struct arena *a, int64_t id, struct icode *c)
{
	return one(a, &st_get, DB_INT(id), c);
}

int
db_icode_by_code(struct arena *a, const char *code, struct icode *c)
{
	return one(a, &st_by_code, DB_STR(code), c);
}

int
db_icode_page(struct arena *a, enum icode_scope scope, int64_t user,
    const struct keyset *ks, struct icode **out, size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 2;
	const char	*at = has && ks->v[0].s ? ks->v[0].s : "";
	struct db_val	 p[] = { DB_INT(scope == ICODE_ALL ? 0 : user), DB_INT(has),
	    DB_STR(at), DB_STR(at), DB_INT(has ? ks->v[1].i : 0),
	    DB_INT(ks->limit), DB_INT(ks->offset) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_page[scope][ks->dir == KEYSET_BEFORE], p, 7, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		from_row(&r, i, &(*out)[i]);
	return 0;
}

int
db_icode_count(struct arena *a, enum icode_scope scope, int64_t user,
    int64_t *total)
{
	if (scope == ICODE_USED_BY)
		return db_tally(a, "icode_used", user, 0, "", total);
	return db_tally(a, "icode", scope == ICODE_ALL ? 0 : user, 0, "", total);
}

int
db_icode_set_subject(struct arena *a, int64_t id, const char *subject)
{
	struct db_val	 p[] = { DB_STR(subject), DB_INT(id) };

	return db_exec_changed(a, &st_subject, p, 2);
}

int
db_icode_set_code(struct arena *a, int64_t id, const char *code)
{
	struct db_val	 p[] = { DB_STR(code), DB_INT(id) };

	return db_exec_changed(a, &st_code, p, 2);
}

int
db_icode_delete(struct arena *a, int64_t id)
{
	struct db_val	 p[] = { DB_INT(id) };

	return db_exec_changed(a, &st_delete, p, 1);
}

int
db_icode_take(struct arena *a, int64_t id, int64_t student)
{
	struct db_val	 p[] = { DB_INT(student), DB_INT(id) };

	return db_exec_changed(a, &st_take, p, 2);
}

int
db_icode_use_record(struct arena *a, int64_t id, int64_t student, int64_t group)
{
	struct db_val	 p[] = { DB_INT(id), DB_INT(student), DB_INT(group) };

	return db_exec(a, &st_use, p, 3, NULL);
}

int
db_icode_counts(struct arena *a, int64_t teacher, int64_t *active,
    int64_t *used, int64_t *all)
{
	struct db_val	 p = DB_INT(teacher);
	struct db_res	 r;

	if (db_exec(a, &st_counts, &p, 1, &r) == -1)
		return -1;
	*active = db_cell_i64(&r, 0, 0, 0);
	*used = db_cell_i64(&r, 0, 1, 0);
	*all = db_cell_i64(&r, 0, 2, 0);
	return 0;
}
