/* analytics_controlpoint and analytics_controlpointresult. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_controlpoint.h"

#define CP_COLS \
    "SELECT c.id, c.teacher_id, c.group_id, c.lesson_id, c.title, g.name, " \
    "c.max_points, c.date, c.created_at, (SELECT COUNT(*) FROM " \
    "analytics_controlpointresult x WHERE x.control_point_id = c.id) "
#define CP_FROM "FROM analytics_controlpoint c JOIN schedule_group g ON g.id = c.group_id "
#define CP_TOTAL_COL	10
/* A page and the count of the whole list in one query (the count an
 * uncorrelated subquery over the same index). */
#define CP_LIST(scope_c, scope_k) CP_COLS ", (SELECT COUNT(*) FROM " \
    "analytics_controlpoint k WHERE " scope_k " AND (? = 0 OR k.group_id = ?)) " \
    CP_FROM "WHERE " scope_c " AND (? = 0 OR c.group_id = ?) " \
    "ORDER BY c.date DESC, c.id DESC LIMIT ? OFFSET ?"
#define MEMBER(a) a ".group_id IN (SELECT m.group_id FROM " \
    "schedule_group_students m WHERE m.customuser_id = ?)"

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO analytics_controlpoint (teacher_id, group_id, lesson_id, "
    "title, max_points, date) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt st_get = DB_STMT(CP_COLS CP_FROM "WHERE c.id = ?");
static struct db_stmt st_get_lock = DB_STMT(CP_COLS CP_FROM
    "WHERE c.id = ? FOR UPDATE");
static struct db_stmt st_list_all = DB_STMT(CP_LIST("? = 0", "? = 0"));
static struct db_stmt st_list_teacher = DB_STMT(CP_LIST("c.teacher_id = ?",
    "k.teacher_id = ?"));
static struct db_stmt st_list_member = DB_STMT(CP_LIST(MEMBER("c"), MEMBER("k")));
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
#define CPR_TOTAL_COL	12
#define CPR_LIST(scope) CPR_COLS ", COUNT(*) OVER () " CPR_FROM "WHERE " scope \
    " AND (? = 0 OR r.control_point_id = ?) AND (? = 0 OR r.student_id = ?) " \
    "ORDER BY r.id DESC LIMIT ? OFFSET ?"

static struct db_stmt st_cpr_of_point = DB_STMT(CPR_COLS CPR_FROM
    "WHERE r.control_point_id = ? AND (? = 0 OR r.student_id = ?) "
    "ORDER BY s.last_name, s.first_name, s.id");
static struct db_stmt st_cpr_upsert = DB_STMT(
    "INSERT INTO analytics_controlpointresult (control_point_id, student_id, "
    "points) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE points = VALUES(points)");
static struct db_stmt st_cpr_delete_pair = DB_STMT(
    "DELETE FROM analytics_controlpointresult WHERE control_point_id = ? "
    "AND student_id = ?");
static struct db_stmt st_cpr_get = DB_STMT(CPR_COLS CPR_FROM "WHERE r.id = ?");
static struct db_stmt st_cpr_insert = DB_STMT(
    "INSERT INTO analytics_controlpointresult (control_point_id, student_id, "
    "points) VALUES (?, ?, ?)");
static struct db_stmt st_cpr_update = DB_STMT(
    "UPDATE analytics_controlpointresult SET control_point_id = ?, "
    "student_id = ?, points = ? WHERE id = ?");
static struct db_stmt st_cpr_delete = DB_STMT(
    "DELETE FROM analytics_controlpointresult WHERE id = ?");
static struct db_stmt st_cpr_list_all = DB_STMT(CPR_LIST("? = 0"));
static struct db_stmt st_cpr_list_teacher = DB_STMT(CPR_LIST("c.teacher_id = ?"));
static struct db_stmt st_cpr_list_student = DB_STMT(CPR_LIST("r.student_id = ?"));

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

int
db_cp_list(struct arena *a, enum cp_scope scope, int64_t user_id,
    int64_t group_id, int64_t limit, int64_t offset, struct controlpoint **out,
    size_t *n, int64_t *total)
{
	int64_t		 u = scope == CP_ALL ? 0 : user_id;
	struct db_val	 p[] = { DB_INT(u), DB_INT(group_id), DB_INT(group_id),
	    DB_INT(u), DB_INT(group_id), DB_INT(group_id), DB_INT(limit),
	    DB_INT(offset) };
	struct db_stmt	*st = scope == CP_ALL ? &st_list_all :
	    scope == CP_TEACHER ? &st_list_teacher : &st_list_member;
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, st, p, 8, &r) == -1)
		return -1;
	*n = r.nrows;
	*total = r.nrows ? db_cell_i64(&r, 0, CP_TOTAL_COL, 0) : 0;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		cp_from_row(&r, i, &(*out)[i]);
	return 0;
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
db_cpr_upsert(struct arena *a, int64_t cp_id, int64_t student_id,
    int64_t points)
{
	struct db_val	 p[] = { DB_INT(cp_id), DB_INT(student_id), DB_INT(points) };

	return db_exec(a, &st_cpr_upsert, p, 3, NULL);
}

int
db_cpr_delete_pair(struct arena *a, int64_t cp_id, int64_t student_id)
{
	struct db_val	 p[] = { DB_INT(cp_id), DB_INT(student_id) };

	return db_exec(a, &st_cpr_delete_pair, p, 2, NULL);
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
db_cpr_list(struct arena *a, enum cpr_scope scope, int64_t user_id,
    int64_t cp_id, int64_t student_id, int64_t limit, int64_t offset,
    struct cp_result **out, size_t *n, int64_t *total)
{
	struct db_val	 p[] = { DB_INT(scope == CPR_ALL ? 0 : user_id),
	    DB_INT(cp_id), DB_INT(cp_id), DB_INT(student_id), DB_INT(student_id),
	    DB_INT(limit), DB_INT(offset) };
	struct db_stmt	*st = scope == CPR_ALL ? &st_cpr_list_all :
	    scope == CPR_TEACHER ? &st_cpr_list_teacher : &st_cpr_list_student;
	struct db_res	 r;

	if (db_exec(a, st, p, 7, &r) == -1)
		return -1;
	*total = r.nrows ? db_cell_i64(&r, 0, CPR_TOTAL_COL, 0) : 0;
	return cpr_rows(a, &r, out, n);
}
