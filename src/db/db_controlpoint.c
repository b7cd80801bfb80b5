/* analytics_controlpoint and analytics_controlpointresult. */
#include "autoconf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_controlpoint.h"
#include "db/db_tally.h"

#define CP_COLS \
    "SELECT c.id, c.teacher_id, c.group_id, c.lesson_id, c.title, g.name, " \
    "c.max_points, c.date, c.created_at, (SELECT COUNT(*) FROM " \
    "analytics_controlpointresult x WHERE x.control_point_id = c.id) "
#define CP_JOINS "JOIN schedule_group g ON g.id = c.group_id "
#define CP_FROM "FROM analytics_controlpoint c " CP_JOINS
/* Newest first by (date, id): a page's ids from the scope's (…, date, id)
 * index (the group's when one is asked for), then their rows. A key test
 * "? = 0" (no key) folds away. */
#define CP_OLDER_KEY \
    " AND (? = 0 OR (c.date <= ? AND (c.date < ? OR c.id < ?)))"
#define CP_NEWER_KEY \
    " AND (? = 0 OR (c.date >= ? AND (c.date > ? OR c.id > ?)))"
#define CP_DESC	"c.date DESC, c.id DESC"
#define CP_ASC	"c.date, c.id"
#define CP_PAGE(scope, key, order) CP_COLS "FROM (SELECT c.id FROM " \
    "analytics_controlpoint c WHERE " scope " AND (? = 0 OR c.group_id = ?)" \
    key " ORDER BY " order " LIMIT ? OFFSET ?) k STRAIGHT_JOIN " \
    "analytics_controlpoint c ON c.id = k.id " CP_JOINS "ORDER BY " CP_DESC
#define MEMBER(a) a ".group_id IN (SELECT m.group_id FROM " \
    "schedule_group_students m WHERE m.customuser_id = ?)"

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO analytics_controlpoint (teacher_id, group_id, lesson_id, "
    "title, max_points, date) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt st_get = DB_STMT(CP_COLS CP_FROM "WHERE c.id = ?");
/* The writers of a control point's results lock its row alone first (not
 * its group's: a join would lock that too), in the columns of CP_COLS. */
static struct db_stmt st_get_lock = DB_STMT(
    "SELECT c.id, c.teacher_id, c.group_id, c.lesson_id, c.title, NULL, "
    "c.max_points, c.date, c.created_at, 0 FROM analytics_controlpoint c "
    "WHERE c.id = ? FOR UPDATE");
/* [all, teacher, member][forwards, backwards] */
static struct db_stmt st_page[3][2] = {
	{ DB_STMT(CP_PAGE("? = 0", CP_OLDER_KEY, CP_DESC)),
	  DB_STMT(CP_PAGE("? = 0", CP_NEWER_KEY, CP_ASC)) },
	{ DB_STMT(CP_PAGE("c.teacher_id = ?", CP_OLDER_KEY, CP_DESC)),
	  DB_STMT(CP_PAGE("c.teacher_id = ?", CP_NEWER_KEY, CP_ASC)) },
	{ DB_STMT(CP_PAGE(MEMBER("c"), CP_OLDER_KEY, CP_DESC)),
	  DB_STMT(CP_PAGE(MEMBER("c"), CP_NEWER_KEY, CP_ASC)) },
};
static struct db_stmt st_member_groups = DB_STMT(
    "SELECT group_id FROM schedule_group_students WHERE customuser_id = ?");
static struct db_stmt st_update = DB_STMT(
    "UPDATE analytics_controlpoint SET group_id = ?, lesson_id = ?, title = ?, "
    "max_points = ?, date = ? WHERE id = ?");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM analytics_controlpoint WHERE id = ?");
static struct db_stmt st_max_result = DB_STMT(
    "SELECT MAX(points) FROM analytics_controlpointresult "
    "WHERE control_point_id = ?");

#define CPR_COLS \
    "SELECT r.id, r.control_point_id, r.student_id, r.points, c.teacher_id, " \
    "c.group_id, c.max_points, r.created_at, s.email, s.first_name, " \
    "s.last_name, s.middle_name "
#define CPR_FROM "FROM analytics_controlpointresult r JOIN analytics_controlpoint c " \
    "ON c.id = r.control_point_id JOIN accounts_customuser s ON s.id = r.student_id "
/* Newest first by id: a page's ids from the scope's (…, id) index (the
 * point's or the student's when asked for), then their rows. The
 * teacher's is the point's, kept on each result (migration 0025). */
#define CPR_PAGE(hint, scope, key, order) CPR_COLS "FROM (SELECT r.id FROM " \
    "analytics_controlpointresult r " hint "WHERE " scope " AND (? = 0 OR " \
    "r.control_point_id = ?) AND (? = 0 OR r.student_id = ?)" key \
    " ORDER BY " order " LIMIT ? OFFSET ?) k STRAIGHT_JOIN " \
    "analytics_controlpointresult r ON r.id = k.id " \
    "JOIN analytics_controlpoint c ON c.id = r.control_point_id " \
    "JOIN accounts_customuser s ON s.id = r.student_id ORDER BY r.id DESC"
/* The key as a plain range on id (INT64_MAX or 0 when none). A teacher's
 * or student's not on the primary key: a range there, then the scope's
 * index for the order, read the scope from its end (ref access) instead of
 * from the key. */
#define CPR_OWN	"IGNORE INDEX (PRIMARY) "
#define CPR_OLDER	" AND r.id < ?"
#define CPR_NEWER	" AND r.id > ?"
/* One point's results (its group's students) counted from its index. */
#define CPR_COUNT(scope) "SELECT COUNT(*) FROM analytics_controlpointresult r " \
    "WHERE " scope " AND r.control_point_id = ? AND (? = 0 OR r.student_id = ?)"

static struct db_stmt st_cpr_of_point = DB_STMT(CPR_COLS CPR_FROM
    "WHERE r.control_point_id = ? AND (? = 0 OR r.student_id = ?) "
    "ORDER BY s.last_name, s.first_name, s.id");
/* Under the control point's lock, its results from their own range of
 * uq_cpr_point_student, not locked (the point's lock stands in for
 * theirs); then each is changed or deleted by its primary key and only
 * missing ones are inserted. An upsert or a delete by (point, student)
 * locked the index's next entry and the gap before it (another point's
 * result), and two teachers saving points of groups sharing students
 * deadlocked on them. */
static struct db_stmt st_cpr_have = DB_STMT(
    "SELECT id, student_id, points FROM analytics_controlpointresult "
    "FORCE INDEX (uq_cpr_point_student) WHERE control_point_id = ? "
    "ORDER BY student_id");
static struct db_stmt st_cpr_points = DB_STMT(
    "UPDATE analytics_controlpointresult SET points = ? WHERE id = ?");
static struct db_stmt st_cpr_point_of = DB_STMT(
    "SELECT control_point_id FROM analytics_controlpointresult WHERE id = ? "
    "FOR UPDATE");
static struct db_stmt st_cpr_get = DB_STMT(CPR_COLS CPR_FROM "WHERE r.id = ?");
static struct db_stmt st_cpr_insert = DB_STMT(
    "INSERT INTO analytics_controlpointresult (control_point_id, student_id, "
    "points) VALUES (?, ?, ?)");
static struct db_stmt st_cpr_update = DB_STMT(
    "UPDATE analytics_controlpointresult SET control_point_id = ?, "
    "student_id = ?, points = ? WHERE id = ?");
static struct db_stmt st_cpr_delete = DB_STMT(
    "DELETE FROM analytics_controlpointresult WHERE id = ?");
static struct db_stmt st_cpr_page[3][2] = {
	{ DB_STMT(CPR_PAGE("", "? = 0", CPR_OLDER, "r.id DESC")),
	  DB_STMT(CPR_PAGE("", "? = 0", CPR_NEWER, "r.id")) },
	{ DB_STMT(CPR_PAGE(CPR_OWN, "r.teacher_id = ?", CPR_OLDER, "r.id DESC")),
	  DB_STMT(CPR_PAGE(CPR_OWN, "r.teacher_id = ?", CPR_NEWER, "r.id")) },
	{ DB_STMT(CPR_PAGE(CPR_OWN, "r.student_id = ?", CPR_OLDER, "r.id DESC")),
	  DB_STMT(CPR_PAGE(CPR_OWN, "r.student_id = ?", CPR_NEWER, "r.id")) },
};
static struct db_stmt st_cpr_count[3] = {
	DB_STMT(CPR_COUNT("? = 0")),
	DB_STMT(CPR_COUNT("r.teacher_id = ?")),
	DB_STMT(CPR_COUNT("r.student_id = ?")),
};

static struct db_val
lesson_val(int64_t id)
{
	return id > 0 ? DB_INT(id) : DB_NULL;
}

int
db_cp_insert(struct arena *a, const struct cp_row *w, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(w->teacher_id), DB_INT(w->group_id),
	    lesson_val(w->lesson_id), DB_STR(w->title), DB_INT(w->max_points),
	    DB_STR(w->date) };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 6, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

static void
cp_from_row(const struct db_res *r, size_t i, struct controlpoint *c)
{
	c->id = db_cell_i64(r, i, 0, 0);
	c->teacher_id = db_cell_i64(r, i, 1, 0);
	c->group_id = db_cell_i64(r, i, 2, 0);
	c->lesson_id = db_cell_i64(r, i, 3, 0);
	c->title = db_cell(r, i, 4);
	c->group_name = db_cell(r, i, 5);
	c->max_points = db_cell_i64(r, i, 6, 0);
	c->date = db_cell(r, i, 7);
	c->created_at = db_cell(r, i, 8);
	c->results = db_cell_i64(r, i, 9, 0);
}

int
db_cp_get(struct arena *a, int64_t id, int lock, struct controlpoint *c)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, lock ? &st_get_lock : &st_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	cp_from_row(&r, 0, c);
	return 1;
}

static int
cp_rows(struct arena *a, const struct db_res *r, struct controlpoint **out,
    size_t *n)
{
	size_t	 i;

	*n = r->nrows;
	if ((*out = arena_zalloc(a, (r->nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++)
		cp_from_row(r, i, &(*out)[i]);
	return 0;
}

/* One statement of st_page for who (0: anyone) and group, at ks. */
static int
cp_window(struct arena *a, struct db_stmt *st, int64_t who, int64_t group,
    const struct keyset *ks, struct db_res *r)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 2 &&
	    ks->v[0].s != NULL;
	const char	*d = has ? ks->v[0].s : "";
	struct db_val	 p[] = { DB_INT(who), DB_INT(group), DB_INT(group),
	    DB_INT(has), DB_STR(d), DB_STR(d), DB_INT(has ? ks->v[1].i : 0),
	    DB_INT(ks->limit), DB_INT(ks->offset) };

	return db_exec(a, st, p, 9, r);
}

static int
cmp_cp(const void *x, const void *y)
{
	const struct controlpoint *a = x, *b = y;
	int	 c = strcmp(b->date, a->date);

	return c ? c : (a->id < b->id) - (a->id > b->id);
}

/* A student's control points from the start or a key: one index range a
 * group (ix_cp_group_date), merged, as the lessons' member_page. */
static int
member_page(struct arena *a, int64_t user, const struct keyset *ks,
    struct controlpoint **out, size_t *n)
{
	struct db_val		 p = DB_INT(user);
	struct db_gather	 g = { NULL, 0, 0, sizeof(struct controlpoint) };
	struct db_res		 gr, r;
	struct controlpoint	*room;
	void			*page;
	size_t			 i, j;
	int			 back = ks->dir == KEYSET_BEFORE;

	if (db_exec(a, &st_member_groups, &p, 1, &gr) == -1)
		return -1;
	for (i = 0; i < gr.nrows; i++) {
		if (cp_window(a, &st_page[CP_ALL][back], 0, db_cell_i64(&gr, i,
		    0, 0), ks, &r) == -1 ||
		    (room = db_gather_room(a, &g, r.nrows)) == NULL)
			return -1;
		for (j = 0; j < r.nrows; j++)
			cp_from_row(&r, j, &room[j]);
		g.len += r.nrows;
	}
	if (db_gather_page(a, &g, cmp_cp, (size_t)ks->limit, back, &page,
	    n) == -1)
		return -1;
	*out = page;
	return 0;
}

int
db_cp_page(struct arena *a, enum cp_scope scope, int64_t user_id,
    int64_t group_id, const struct keyset *ks, struct controlpoint **out,
    size_t *n)
{
	struct db_res	 r;

	if (scope == CP_MEMBER && group_id == 0 && ks->offset == 0)
		return member_page(a, user_id, ks, out, n);
	if (cp_window(a, &st_page[scope][ks->dir == KEYSET_BEFORE],
	    scope == CP_ALL ? 0 : user_id, group_id, ks, &r) == -1)
		return -1;
	return cp_rows(a, &r, out, n);
}

int
db_cp_count(struct arena *a, enum cp_scope scope, int64_t user_id,
    int64_t group_id, int64_t *total)
{
	if (scope == CP_MEMBER)
		return db_tally_member(a, "cp", 0, group_id, user_id, "", total);
	return db_tally(a, "cp", scope == CP_ALL ? 0 : user_id, group_id, "",
	    total);
}

int
db_cp_list(struct arena *a, enum cp_scope scope, int64_t user_id,
    int64_t group_id, int64_t limit, int64_t offset, struct controlpoint **out,
    size_t *n, int64_t *total)
{
	struct keyset	 ks;

	memset(&ks, 0, sizeof(ks));
	ks.dir = KEYSET_FIRST;
	ks.limit = limit;
	ks.offset = offset;
	if (db_cp_page(a, scope, user_id, group_id, &ks, out, n) == -1)
		return -1;
	return db_cp_count(a, scope, user_id, group_id, total);
}

int
db_cp_update(struct arena *a, int64_t id, const struct cp_row *w)
{
	struct db_val	 p[] = { DB_INT(w->group_id), lesson_val(w->lesson_id),
	    DB_STR(w->title), DB_INT(w->max_points), DB_STR(w->date), DB_INT(id) };

	return db_exec(a, &st_update, p, 6, NULL);
}

int
db_cp_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_delete, &p, 1, NULL);
}

int
db_cp_max_result(struct arena *a, int64_t id, int64_t *max)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_max_result, &p, 1, &r) == -1)
		return -1;
	*max = db_cell_i64(&r, 0, 0, -1);
	return 0;
}

/* -- results ------------------------------------------------------------ */

static void
cpr_from_row(const struct db_res *r, size_t i, struct cp_result *x)
{
	x->id = db_cell_i64(r, i, 0, 0);
	x->control_point_id = db_cell_i64(r, i, 1, 0);
	x->student_id = db_cell_i64(r, i, 2, 0);
	x->points = db_cell_i64(r, i, 3, 0);
	x->teacher_id = db_cell_i64(r, i, 4, 0);
	x->group_id = db_cell_i64(r, i, 5, 0);
	x->max_points = db_cell_i64(r, i, 6, 0);
	x->created_at = db_cell(r, i, 7);
	x->email = db_cell(r, i, 8);
	x->first = db_cell(r, i, 9);
	x->last = db_cell(r, i, 10);
	x->middle = db_cell(r, i, 11);
}

static int
cpr_rows(struct arena *a, const struct db_res *r, struct cp_result **out,
    size_t *n)
{
	size_t	 i;

	*n = r->nrows;
	if ((*out = arena_zalloc(a, (r->nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++)
		cpr_from_row(r, i, &(*out)[i]);
	return 0;
}

int
db_cpr_of_point(struct arena *a, int64_t cp_id, int64_t student_id,
    struct cp_result **out, size_t *n)
{
	struct db_val	 p[] = { DB_INT(cp_id), DB_INT(student_id),
	    DB_INT(student_id) };
	struct db_res	 r;

	if (db_exec(a, &st_cpr_of_point, p, 3, &r) == -1)
		return -1;
	return cpr_rows(a, &r, out, n);
}

int
db_cpr_have(struct arena *a, int64_t cp_id, struct cpr_have **out, size_t *n)
{
	struct db_val	 p = DB_INT(cp_id);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_cpr_have, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].student_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].points = db_cell_i64(&r, i, 2, 0);
	}
	*n = r.nrows;
	return 0;
}

int
db_cpr_set_points(struct arena *a, int64_t id, int64_t points)
{
	struct db_val	 p[] = { DB_INT(points), DB_INT(id) };

	return db_exec(a, &st_cpr_points, p, 2, NULL);
}

int
db_cpr_point_of(struct arena *a, int64_t id, int64_t *cp_id)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_cpr_point_of, &p, 1, &r) == -1)
		return -1;
	*cp_id = db_cell_i64(&r, 0, 0, 0);
	return r.nrows > 0;
}

int
db_cpr_get(struct arena *a, int64_t id, struct cp_result *x)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_cpr_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	cpr_from_row(&r, 0, x);
	return 1;
}

int
db_cpr_insert(struct arena *a, int64_t cp_id, int64_t student_id,
    int64_t points, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(cp_id), DB_INT(student_id), DB_INT(points) };
	struct db_res	 r;

	if (db_exec(a, &st_cpr_insert, p, 3, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_cpr_update(struct arena *a, int64_t id, int64_t cp_id, int64_t student_id,
    int64_t points)
{
	struct db_val	 p[] = { DB_INT(cp_id), DB_INT(student_id), DB_INT(points),
	    DB_INT(id) };

	return db_exec(a, &st_cpr_update, p, 4, NULL);
}

int
db_cpr_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_cpr_delete, &p, 1, NULL);
}

int
db_cpr_page(struct arena *a, enum cpr_scope scope, int64_t user_id,
    int64_t cp_id, int64_t student_id, const struct keyset *ks,
    struct cp_result **out, size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 1,
			 back = ks->dir == KEYSET_BEFORE;
	struct db_val	 p[] = { DB_INT(scope == CPR_ALL ? 0 : user_id),
	    DB_INT(cp_id), DB_INT(cp_id), DB_INT(student_id), DB_INT(student_id),
	    DB_INT(has ? ks->v[0].i : back ? 0 : INT64_MAX), DB_INT(ks->limit),
	    DB_INT(ks->offset) };
	struct db_res	 r;

	if (db_exec(a, &st_cpr_page[scope][back], p, 8, &r) == -1)
		return -1;
	return cpr_rows(a, &r, out, n);
}

int
db_cpr_count(struct arena *a, enum cpr_scope scope, int64_t user_id,
    int64_t cp_id, int64_t student_id, int64_t *total)
{
	struct db_val	 p[] = { DB_INT(scope == CPR_ALL ? 0 : user_id),
	    DB_INT(cp_id), DB_INT(student_id), DB_INT(student_id) };
	struct db_res	 r;

	if (scope == CPR_STUDENT && student_id != 0 && student_id != user_id) {
		*total = 0;
		return 0;
	}
	if (cp_id == 0)
		return db_tally(a, "cpr", scope == CPR_TEACHER ? user_id : 0,
		    scope == CPR_STUDENT ? user_id : student_id, "", total);
	if (db_exec(a, &st_cpr_count[scope], p, 4, &r) == -1)
		return -1;
	*total = db_cell_i64(&r, 0, 0, 0);
	return 0;
}
