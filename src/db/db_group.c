/* schedule_group and its members; invite_code_namespace. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_group.h"
#include "db/db_tally.h"

/* One group with its teacher and its members as a JSON array, so a page of
 * groups is one query. */
#define GROUP_COLS \
    "SELECT g.id, g.name, g.description, g.invite_code, g.kind, g.subject, " \
    "g.created_at, g.updated_at, t.id, t.email, t.first_name, t.last_name, " \
    "(SELECT JSON_ARRAYAGG(JSON_OBJECT('id', s.id, 'email', s.email, " \
    "'first_name', s.first_name, 'last_name', s.last_name) " \
    "ORDER BY s.last_name, s.first_name, s.id) " \
    "FROM schedule_group_students gs JOIN accounts_customuser s " \
    "ON s.id = gs.customuser_id WHERE gs.group_id = g.id) "
#define GROUP_SELECT GROUP_COLS \
    "FROM schedule_group g JOIN accounts_customuser t ON t.id = g.teacher_id "
/* The list by (name, id): the ids first from (name) or (teacher_id, name);
 * a student's groups (a few) sorted. Scope, key (4 values), limit, offset. */
#define GROUP_AFTER \
    " AND (? = 0 OR (g.name >= ? AND (g.name > ? OR g.id > ?)))"
#define GROUP_BEFORE \
    " AND (? = 0 OR (g.name <= ? AND (g.name < ? OR g.id < ?)))"
#define GROUP_PAGE(scope, key, order) GROUP_COLS "FROM (SELECT g.id " \
    "FROM schedule_group g WHERE " scope key " ORDER BY " order \
    " LIMIT ? OFFSET ?) k STRAIGHT_JOIN schedule_group g ON g.id = k.id " \
    "STRAIGHT_JOIN accounts_customuser t ON t.id = g.teacher_id " \
    "ORDER BY g.name, g.id"
#define ASC	"g.name, g.id"
#define DESC	"g.name DESC, g.id DESC"
#define ALL	"? = 0"
#define TEACHER	"g.teacher_id = ?"
#define MEMBER	"g.id IN (SELECT m.group_id FROM schedule_group_students m " \
    "WHERE m.customuser_id = ?)"

static struct db_stmt st_reserve = DB_STMT(
    "INSERT INTO invite_code_namespace (code) VALUES (?)");
static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO schedule_group (teacher_id, name, description, invite_code, "
    "kind, subject) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt st_get = DB_STMT(GROUP_SELECT "WHERE g.id = ?");
static struct db_stmt st_by_code = DB_STMT(GROUP_SELECT "WHERE g.invite_code = ?");
static struct db_stmt st_page[3][2] = {
	{ DB_STMT(GROUP_PAGE(ALL, GROUP_AFTER, ASC)),
	  DB_STMT(GROUP_PAGE(ALL, GROUP_BEFORE, DESC)) },
	{ DB_STMT(GROUP_PAGE(TEACHER, GROUP_AFTER, ASC)),
	  DB_STMT(GROUP_PAGE(TEACHER, GROUP_BEFORE, DESC)) },
	{ DB_STMT(GROUP_PAGE(MEMBER, GROUP_AFTER, ASC)),
	  DB_STMT(GROUP_PAGE(MEMBER, GROUP_BEFORE, DESC)) },
};
static struct db_stmt st_update = DB_STMT(
    "UPDATE schedule_group SET name = ?, description = ? WHERE id = ?");
static struct db_stmt st_set_code = DB_STMT(
    "UPDATE schedule_group SET invite_code = ? WHERE id = ?");
static struct db_stmt st_delete = DB_STMT("DELETE FROM schedule_group WHERE id = ?");
static struct db_stmt st_is_member = DB_STMT(
    "SELECT 1 FROM schedule_group_students WHERE group_id = ? AND customuser_id = ?");
static struct db_stmt st_add = DB_STMT(
    "INSERT IGNORE INTO schedule_group_students (group_id, customuser_id) "
    "SELECT ?, id FROM accounts_customuser WHERE id = ? AND role = 'student'");
static struct db_stmt st_remove = DB_STMT(
    "DELETE FROM schedule_group_students WHERE group_id = ? AND customuser_id = ?");
static struct db_stmt st_clear = DB_STMT(
    "DELETE FROM schedule_group_students WHERE group_id = ?");
static struct db_stmt st_is_student = DB_STMT(
    "SELECT 1 FROM accounts_customuser WHERE id = ? AND role = 'student'");
static struct db_stmt st_find_individual = DB_STMT(
    "SELECT g.id FROM schedule_group g JOIN schedule_group_students gs "
    "ON gs.group_id = g.id WHERE g.teacher_id = ? AND g.kind = 'individual' "
    "AND g.subject = ? AND gs.customuser_id = ? ORDER BY g.id LIMIT 1");

int
db_invite_code_reserve(struct arena *a, const char *code)
{
	struct db_val	 p = DB_STR(code);

	return db_exec(a, &st_reserve, &p, 1, NULL);
}

int
db_group_insert(struct arena *a, int64_t teacher_id, const char *name,
    const char *description, const char *code, const char *kind,
    const char *subject, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(teacher_id), DB_STR(name),
	    DB_STR(description), code ? DB_STR(code) : DB_NULL, DB_STR(kind),
	    DB_STR(subject) };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 6, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

static void
from_row(const struct db_res *r, size_t i, struct group *g)
{
	g->id = db_cell_i64(r, i, 0, 0);
	g->name = db_cell(r, i, 1);
	g->description = db_cell(r, i, 2);
	g->invite_code = db_cell(r, i, 3);
	g->kind = db_cell(r, i, 4);
	g->subject = db_cell(r, i, 5);
	g->created_at = db_cell(r, i, 6);
	g->updated_at = db_cell(r, i, 7);
	g->teacher_id = db_cell_i64(r, i, 8, 0);
	g->teacher_email = db_cell(r, i, 9);
	g->teacher_first = db_cell(r, i, 10);
	g->teacher_last = db_cell(r, i, 11);
	g->students = db_cell(r, i, 12);
}

static int
one(struct arena *a, struct db_stmt *st, struct db_val v, struct group *g)
{
	struct db_res	 r;

	if (db_exec(a, st, &v, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, g);
	return 1;
}

int
db_group_get(struct arena *a, int64_t id, struct group *g)
{
	return one(a, &st_get, DB_INT(id), g);
}

int
db_group_by_code(struct arena *a, const char *code, struct group *g)
{
	return one(a, &st_by_code, DB_STR(code), g);
}

int
db_group_page(struct arena *a, enum group_scope scope, int64_t user_id,
    const struct keyset *ks, struct group **out, size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 2;
	const char	*name = has && ks->v[0].s ? ks->v[0].s : "";
	struct db_val	 p[] = { DB_INT(scope == SCOPE_ALL ? 0 : user_id),
	    DB_INT(has), DB_STR(name), DB_STR(name), DB_INT(has ? ks->v[1].i : 0),
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
db_group_first(struct arena *a, enum group_scope scope, int64_t user_id,
    int64_t limit, struct group **out, size_t *n)
{
	struct keyset	 ks = { .dir = KEYSET_FIRST, .limit = limit };

	return db_group_page(a, scope, user_id, &ks, out, n);
}

int
db_group_count(struct arena *a, enum group_scope scope, int64_t user_id,
    int64_t *total)
{
	if (scope == SCOPE_MEMBER)
		return db_tally(a, "member", user_id, 0, "", total);
	return db_tally(a, "group", scope == SCOPE_ALL ? 0 : user_id, 0, "", total);
}

int
db_group_update(struct arena *a, int64_t id, const char *name,
    const char *description)
{
	struct db_val	 p[] = { DB_STR(name), DB_STR(description), DB_INT(id) };

	return db_exec(a, &st_update, p, 3, NULL);
}

int
db_group_set_code(struct arena *a, int64_t id, const char *code)
{
	struct db_val	 p[] = { DB_STR(code), DB_INT(id) };

	return db_exec(a, &st_set_code, p, 2, NULL);
}

int
db_group_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_delete, &p, 1, NULL);
}

int
db_group_is_member(struct arena *a, int64_t group_id, int64_t user_id)
{
	struct db_val	 p[] = { DB_INT(group_id), DB_INT(user_id) };
	struct db_res	 r;

	if (db_exec(a, &st_is_member, p, 2, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_group_add_student(struct arena *a, int64_t group_id, int64_t user_id)
{
	struct db_val	 p[] = { DB_INT(group_id), DB_INT(user_id) };

	return db_exec_changed(a, &st_add, p, 2);
}

int
db_group_remove_student(struct arena *a, int64_t group_id, int64_t user_id)
{
	struct db_val	 p[] = { DB_INT(group_id), DB_INT(user_id) };

	return db_exec(a, &st_remove, p, 2, NULL);
}

int
db_group_clear_students(struct arena *a, int64_t group_id)
{
	struct db_val	 p = DB_INT(group_id);

	return db_exec(a, &st_clear, &p, 1, NULL);
}

int
db_group_first_non_student(struct arena *a, const int64_t *ids, size_t n,
    int64_t *bad)
{
	struct db_val	 p;
	struct db_res	 r;
	size_t		 i;

	for (i = 0; i < n; i++) {
		p = DB_INT(ids[i]);
		if (db_exec(a, &st_is_student, &p, 1, &r) == -1)
			return -1;
		if (r.nrows == 0) {
			*bad = ids[i];
			return 1;
		}
	}
	return 0;
}

int
db_group_find_individual(struct arena *a, int64_t teacher_id,
    const char *subject, int64_t student_id, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(teacher_id), DB_STR(subject),
	    DB_INT(student_id) };
	struct db_res	 r;

	if (db_exec(a, &st_find_individual, p, 3, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*id = db_cell_i64(&r, 0, 0, 0);
	return 1;
}

static struct db_stmt st_oldest = DB_STMT(
    "SELECT id FROM schedule_group WHERE teacher_id = ? AND kind = 'group' "
    "ORDER BY created_at, id LIMIT 1");

int
db_group_oldest(struct arena *a, int64_t teacher_id, int64_t *id)
{
	struct db_val	 p = DB_INT(teacher_id);
	struct db_res	 r;

	if (db_exec(a, &st_oldest, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*id = db_cell_i64(&r, 0, 0, 0);
	return 1;
}
