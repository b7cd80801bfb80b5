/* schedule_recurringlesson, and the lessons generated from it. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_recurring.h"
#include "db/db_tally.h"

/* The weekly lesson, its times as seconds and days for the expansion, and
 * its teacher's names. */
#define RL_COLS \
    "SELECT r.id, r.group_id, r.teacher_id, r.title, r.week_type, " \
    "r.day_of_week, r.start_time, r.end_time, r.start_date, r.end_date, " \
    "TIME_TO_SEC(r.start_time), TIME_TO_SEC(r.end_time), " \
    "DATEDIFF(r.start_date, '1970-01-01'), DATEDIFF(r.end_date, '1970-01-01'), " \
    "r.topics, r.location, r.created_at, r.updated_at, t.email, " \
    "t.first_name, t.last_name, t.middle_name, g.name, g.teacher_id, "
#define RL_NCOLS	24
#define RL_FROM \
    "FROM schedule_recurringlesson r " \
    "JOIN schedule_group g ON g.id = r.group_id " \
    "JOIN accounts_customuser t ON t.id = r.teacher_id "

/* With the whole group as the API nests it (as db_group.c reads it): a
 * page is one query. */
#define RL_FULL RL_COLS \
    "g.description, g.invite_code, g.kind, g.subject, g.created_at, " \
    "g.updated_at, gt.email, gt.first_name, gt.last_name, " \
    "(SELECT JSON_ARRAYAGG(JSON_OBJECT('id', s.id, 'email', s.email, " \
    "'first_name', s.first_name, 'last_name', s.last_name) " \
    "ORDER BY s.last_name, s.first_name, s.id) " \
    "FROM schedule_group_students gs JOIN accounts_customuser s " \
    "ON s.id = gs.customuser_id WHERE gs.group_id = g.id) "
#define RL_SELECT RL_FULL RL_FROM \
    "JOIN accounts_customuser gt ON gt.id = g.teacher_id "

/* The list by (day_of_week, start_time, id): scope, filters (6 values),
 * key (6: has, day, day, time, time, id) after or before, limit, offset;
 * the ids first from (…, day_of_week, start_time). */
#define RL_FILTERS \
    " AND (? = 0 OR r.group_id = ?) AND (? = 0 OR r.teacher_id = ?) " \
    "AND (? < 0 OR r.day_of_week = ?)"
#define RL_AFTER \
    " AND (? = 0 OR (r.day_of_week >= ? AND (r.day_of_week > ? OR " \
    "r.start_time > ? OR (r.start_time = ? AND r.id > ?))))"
#define RL_BEFORE \
    " AND (? = 0 OR (r.day_of_week <= ? AND (r.day_of_week < ? OR " \
    "r.start_time < ? OR (r.start_time = ? AND r.id < ?))))"
#define RL_PAGE(scope, key, order) RL_FULL "FROM (SELECT r.id " \
    "FROM schedule_recurringlesson r WHERE " scope RL_FILTERS key \
    " ORDER BY " order " LIMIT ? OFFSET ?) k " \
    "STRAIGHT_JOIN schedule_recurringlesson r ON r.id = k.id " \
    "JOIN schedule_group g ON g.id = r.group_id " \
    "JOIN accounts_customuser t ON t.id = r.teacher_id " \
    "JOIN accounts_customuser gt ON gt.id = g.teacher_id " \
    "ORDER BY r.day_of_week, r.start_time, r.id"
#define ASC	"r.day_of_week, r.start_time, r.id"
#define DESC	"r.day_of_week DESC, r.start_time DESC, r.id DESC"
#define MEMBER_OF \
    "r.group_id IN (SELECT m.group_id FROM schedule_group_students m " \
    "WHERE m.customuser_id = ?)"

/* For the calendar: the local dates already generated as lessons within
 * the range, as a list of day numbers. */
#define SPAN_SELECT RL_COLS \
    "(SELECT GROUP_CONCAT(DATEDIFF(l.recurring_date, '1970-01-01') " \
    "ORDER BY l.recurring_date) FROM schedule_lesson l " \
    "WHERE l.recurring_id = r.id AND l.recurring_date BETWEEN ? AND ?) " \
    RL_FROM
#define SPAN_FILTERS \
    " AND (? = 0 OR r.group_id = ?) AND (? = 0 OR r.teacher_id = ?) " \
    "AND r.start_date <= ? AND r.end_date >= ? " \
    "ORDER BY r.day_of_week, r.start_time, r.id"

#define SCOPE_MEMBER "WHERE " MEMBER_OF

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO schedule_recurringlesson (title, group_id, teacher_id, "
    "day_of_week, week_type, start_time, end_time, start_date, end_date, "
    "topics, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_get = DB_STMT(RL_SELECT "WHERE r.id = ?");
static struct db_stmt st_page[3][2] = {
	{ DB_STMT(RL_PAGE("? = 0", RL_AFTER, ASC)),
	  DB_STMT(RL_PAGE("? = 0", RL_BEFORE, DESC)) },
	{ DB_STMT(RL_PAGE("r.teacher_id = ?", RL_AFTER, ASC)),
	  DB_STMT(RL_PAGE("r.teacher_id = ?", RL_BEFORE, DESC)) },
	{ DB_STMT(RL_PAGE(MEMBER_OF, RL_AFTER, ASC)),
	  DB_STMT(RL_PAGE(MEMBER_OF, RL_BEFORE, DESC)) },
};
static struct db_stmt st_span_all = DB_STMT(SPAN_SELECT "WHERE ? = 0"
    SPAN_FILTERS);
static struct db_stmt st_span_teacher = DB_STMT(SPAN_SELECT
    "WHERE r.teacher_id = ?" SPAN_FILTERS);
static struct db_stmt st_span_member = DB_STMT(SPAN_SELECT SCOPE_MEMBER
    SPAN_FILTERS);
static struct db_stmt st_update = DB_STMT(
    "UPDATE schedule_recurringlesson SET title = ?, group_id = ?, "
    "day_of_week = ?, week_type = ?, start_time = ?, end_time = ?, "
    "start_date = ?, end_date = ?, topics = ?, location = ? WHERE id = ?");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM schedule_recurringlesson WHERE id = ?");
static struct db_stmt st_generated = DB_STMT(
    "SELECT DATEDIFF(recurring_date, '1970-01-01') FROM schedule_lesson "
    "WHERE recurring_id = ? AND recurring_date BETWEEN ? AND ? "
    "ORDER BY recurring_date");
static struct db_stmt st_insert_lesson = DB_STMT(
    "INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, "
    "end_time, topics, location, recurring_id, recurring_date) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_titled_meetings = DB_STMT(
    "SELECT id FROM schedule_lesson WHERE teacher_id = ? AND group_id = ? "
    "AND title COLLATE utf8mb4_bin = ? AND zoom_meeting_id IS NOT NULL "
    "LIMIT 10000");
static struct db_stmt st_delete_titled = DB_STMT(
    "DELETE FROM schedule_lesson WHERE teacher_id = ? AND group_id = ? "
    "AND title COLLATE utf8mb4_bin = ?");

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

static void
from_row(const struct db_res *r, size_t i, struct recurring *x, int full)
{
	memset(x, 0, sizeof(*x));
	x->id = db_cell_i64(r, i, 0, 0);
	x->group_id = db_cell_i64(r, i, 1, 0);
	x->teacher_id = db_cell_i64(r, i, 2, 0);
	x->title = db_cell(r, i, 3);
	x->week_type = db_cell(r, i, 4);
	x->day_of_week = (int)db_cell_i64(r, i, 5, 0);
	x->start_time = db_cell(r, i, 6);
	x->end_time = db_cell(r, i, 7);
	x->start_date = db_cell(r, i, 8);
	x->end_date = db_cell(r, i, 9);
	x->start_sec = db_cell_i64(r, i, 10, 0);
	x->end_sec = db_cell_i64(r, i, 11, 0);
	x->first_day = db_cell_i64(r, i, 12, 0);
	x->last_day = db_cell_i64(r, i, 13, 0);
	x->topics = db_cell(r, i, 14);
	x->location = db_cell(r, i, 15);
	x->created_at = db_cell(r, i, 16);
	x->updated_at = db_cell(r, i, 17);
	x->teacher_email = db_cell(r, i, 18);
	x->teacher_first = db_cell(r, i, 19);
	x->teacher_last = db_cell(r, i, 20);
	x->teacher_middle = db_cell(r, i, 21);
	x->g.id = x->group_id;
	x->g.name = db_cell(r, i, 22);
	x->g.teacher_id = db_cell_i64(r, i, 23, 0);
	if (!full)
		return;
	x->g.description = db_cell(r, i, RL_NCOLS);
	x->g.invite_code = db_cell(r, i, RL_NCOLS + 1);
	x->g.kind = db_cell(r, i, RL_NCOLS + 2);
	x->g.subject = db_cell(r, i, RL_NCOLS + 3);
	x->g.created_at = db_cell(r, i, RL_NCOLS + 4);
	x->g.updated_at = db_cell(r, i, RL_NCOLS + 5);
	x->g.teacher_email = db_cell(r, i, RL_NCOLS + 6);
	x->g.teacher_first = db_cell(r, i, RL_NCOLS + 7);
	x->g.teacher_last = db_cell(r, i, RL_NCOLS + 8);
	x->g.students = db_cell(r, i, RL_NCOLS + 9);
}

static int
rows(struct arena *a, const struct db_res *r, struct recurring **out,
    size_t *n, int full)
{
	size_t	 i;

	*n = r->nrows;
	if ((*out = arena_zalloc(a, (r->nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++)
		from_row(r, i, &(*out)[i], full);
	return 0;
}

static void
params(const struct recurring_row *w, struct db_val *p)
{
	p[0] = DB_STR(w->title);
	p[1] = DB_INT(w->group_id);
	p[2] = DB_INT(w->day_of_week);
	p[3] = DB_STR(w->week_type);
	p[4] = DB_STR(w->start_time);
	p[5] = DB_STR(w->end_time);
	p[6] = DB_STR(w->start_date);
	p[7] = DB_STR(w->end_date);
	p[8] = DB_STR(or_empty(w->topics));
	p[9] = DB_STR(or_empty(w->location));
}

int
db_recurring_insert(struct arena *a, const struct recurring_row *w,
    int64_t *id)
{
	struct db_val	 q[10], p[11];
	struct db_res	 r;

	params(w, q);
	/* The insert lists teacher_id third. */
	p[0] = q[0];
	p[1] = q[1];
	p[2] = DB_INT(w->teacher_id);
	memcpy(&p[3], &q[2], 8 * sizeof(q[0]));
	if (db_exec(a, &st_insert, p, 11, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_recurring_get(struct arena *a, int64_t id, struct recurring *x)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, x, 1);
	return 1;
}

int
db_recurring_page(struct arena *a, enum recurring_scope scope,
    int64_t user_id, const struct recurring_filter *f, const struct keyset *ks,
    struct recurring **out, size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 3;
	const char	*at = has && ks->v[1].s ? ks->v[1].s : "";
	struct db_val	 p[] = { DB_INT(scope == RSCOPE_ALL ? 0 : user_id),
	    DB_INT(f->group_id), DB_INT(f->group_id), DB_INT(f->teacher_id),
	    DB_INT(f->teacher_id), DB_INT(f->day_of_week), DB_INT(f->day_of_week),
	    DB_INT(has), DB_INT(has ? ks->v[0].i : 0), DB_INT(has ? ks->v[0].i : 0),
	    DB_STR(at), DB_STR(at), DB_INT(has ? ks->v[2].i : 0),
	    DB_INT(ks->limit), DB_INT(ks->offset) };
	struct db_res	 r;

	if (db_exec(a, &st_page[scope][ks->dir == KEYSET_BEFORE], p, 15, &r) == -1)
		return -1;
	return rows(a, &r, out, n, 1);
}

int
db_recurring_count(struct arena *a, enum recurring_scope scope,
    int64_t user_id, const struct recurring_filter *f, int64_t *total)
{
	char		 dow[24];
	int64_t		 teacher = f->teacher_id;

	*total = 0;
	if (scope == RSCOPE_TEACHER) {
		if (teacher != 0 && teacher != user_id)
			return 0;
		teacher = user_id;
	}
	if (f->day_of_week > 6)
		return 0;
	snprintf(dow, sizeof(dow), "%lld", (long long)f->day_of_week);
	return db_tally_member(a, "recurring", teacher, f->group_id,
	    scope == RSCOPE_MEMBER ? user_id : 0, f->day_of_week < 0 ? "" : dow,
	    total);
}

/* "17000,17007,..." into days[] (arena); *n of them. */
static int
day_list(struct arena *a, const char *s, int64_t **days, size_t *n)
{
	size_t	 cap = 1, i = 0, len;
	const char *p, *e;

	*n = 0;
	*days = NULL;
	if (s == NULL)
		return 0;
	for (p = s; *p; p++)
		cap += *p == ',';
	if ((*days = arena_alloc(a, cap * sizeof(**days))) == NULL)
		return -1;
	for (p = s; *p && i < cap; p = *e ? e + 1 : e) {
		e = strchr(p, ',');
		len = e ? (size_t)(e - p) : strlen(p);
		if (e == NULL)
			e = p + len;
		if (str_to_i64(p, len, INT32_MIN, INT32_MAX, &(*days)[i]) == 0)
			i++;
	}
	*n = i;
	return 0;
}

int
db_recurring_span(struct arena *a, enum recurring_scope scope, int64_t user_id,
    int64_t group_id, int64_t teacher_id, const char *from_date,
    const char *to_date, struct recurring **out, size_t *n)
{
	struct db_val	 p[] = { DB_STR(from_date), DB_STR(to_date),
	    DB_INT(scope == RSCOPE_ALL ? 0 : user_id), DB_INT(group_id),
	    DB_INT(group_id), DB_INT(teacher_id), DB_INT(teacher_id),
	    DB_STR(to_date), DB_STR(from_date) };
	struct db_stmt	*st = scope == RSCOPE_ALL ? &st_span_all :
	    scope == RSCOPE_TEACHER ? &st_span_teacher : &st_span_member;
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, st, p, 9, &r) == -1 || rows(a, &r, out, n, 0) == -1)
		return -1;
	for (i = 0; i < r.nrows; i++)
		if (day_list(a, db_cell(&r, i, RL_NCOLS), &(*out)[i].done,
		    &(*out)[i].ndone) == -1)
			return -1;
	return 0;
}

int
db_recurring_update(struct arena *a, int64_t id, const struct recurring_row *w)
{
	struct db_val	 p[11];

	params(w, p);
	p[10] = DB_INT(id);
	return db_exec(a, &st_update, p, 11, NULL);
}

int
db_recurring_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_delete, &p, 1, NULL);
}

int
db_recurring_generated(struct arena *a, int64_t id, const char *from_date,
    const char *to_date, int64_t **days, size_t *n)
{
	struct db_val	 p[] = { DB_INT(id), DB_STR(from_date), DB_STR(to_date) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_generated, p, 3, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*days = arena_alloc(a, (r.nrows + 1) * sizeof(**days))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		(*days)[i] = db_cell_i64(&r, i, 0, 0);
	return 0;
}

int
db_recurring_insert_lesson(struct arena *a, const struct recurring *x,
    const char *title, const char *start, const char *end, const char *date,
    int64_t *id)
{
	struct db_val	 p[] = { DB_STR(title), DB_INT(x->group_id),
	    DB_INT(x->teacher_id), DB_STR(start), DB_STR(end),
	    DB_STR(or_empty(x->topics)), DB_STR(or_empty(x->location)),
	    DB_INT(x->id), DB_STR(date) };
	struct db_res	 r;

	if (db_exec(a, &st_insert_lesson, p, 9, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_recurring_delete_titled(struct arena *a, int64_t teacher_id,
    int64_t group_id, const char *title, int64_t *count)
{
	struct db_val	 p[] = { DB_INT(teacher_id), DB_INT(group_id),
	    DB_STR(title) };
	struct db_res	 r;

	if (db_exec(a, &st_delete_titled, p, 3, &r) == -1)
		return -1;
	*count = (int64_t)r.affected;
	return 0;
}

int
db_recurring_titled_meetings(struct arena *a, int64_t teacher_id,
    int64_t group_id, const char *title, int64_t **ids, size_t *n)
{
	struct db_val	 p[] = { DB_INT(teacher_id), DB_INT(group_id),
	    DB_STR(title) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_titled_meetings, p, 3, &r) == -1 ||
	    (*ids = arena_alloc(a, (r.nrows + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		(*ids)[i] = db_cell_i64(&r, i, 0, 0);
	*n = r.nrows;
	return 0;
}
