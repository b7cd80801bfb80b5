/* schedule_attendance: records, one lesson's, and the list. */
#include "autoconf.h"

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "db/db_tally.h"

/* A record with its lesson's title and group and the student's names. The
 * record carries its lesson's teacher and start (kept by triggers), so the
 * list is ordered and scoped from the record's own indexes. */
#define ATT_COLS \
    "SELECT a.id, a.lesson_id, a.student_id, a.teacher_id, l.group_id, " \
    "l.title, s.email, s.first_name, s.last_name, s.middle_name, a.status, " \
    "a.notes, a.marked_at, a.lesson_start "
#define ATT_JOINS \
    "STRAIGHT_JOIN schedule_lesson l ON l.id = a.lesson_id " \
    "STRAIGHT_JOIN accounts_customuser s ON s.id = a.student_id "
#define ATT_SELECT ATT_COLS "FROM schedule_attendance a " ATT_JOINS

/* The list: scope, filters (6 values), the key (lesson_start, lesson_id,
 * id; 6 values) after or before, limit, offset; the ids first from an
 * index that serves the scope, the filters and the order. */
#define ATT_FILTERS \
    " AND (? = 0 OR a.lesson_id = ?) AND (? = 0 OR a.student_id = ?) " \
    "AND (? = '' OR a.status = ?)"
#define ATT_AFTER \
    " AND (? = 0 OR (a.lesson_start >= ? AND (a.lesson_start > ? OR " \
    "a.lesson_id > ? OR (a.lesson_id = ? AND a.id > ?))))"
#define ATT_BEFORE \
    " AND (? = 0 OR (a.lesson_start <= ? AND (a.lesson_start < ? OR " \
    "a.lesson_id < ? OR (a.lesson_id = ? AND a.id < ?))))"
#define ATT_PAGE(scope, key, order) ATT_COLS "FROM (SELECT a.id " \
    "FROM schedule_attendance a WHERE " scope ATT_FILTERS key " ORDER BY " \
    order " LIMIT ? OFFSET ?) k STRAIGHT_JOIN schedule_attendance a " \
    "ON a.id = k.id " ATT_JOINS "ORDER BY a.lesson_start, a.lesson_id, a.id"
#define ASC	"a.lesson_start, a.lesson_id, a.id"
#define DESC	"a.lesson_start DESC, a.lesson_id DESC, a.id DESC"
#define ALL	"? = 0"
#define TEACHER	"a.teacher_id = ?"
#define STUDENT	"a.student_id = ?"

/* The writers of a lesson's marks (src/domain/lesson.c) lock its row first
 * and then read its marks from their own range of uq_attendance without
 * locking them: the lesson's lock makes them write one after another. Each
 * record is then changed or deleted by its primary key and only missing
 * ones are inserted: an upsert or a delete by (lesson, student) locked the
 * index's next entry and the gap before it (another lesson's record), and
 * two saves of lessons sharing students deadlocked on those. */
static struct db_stmt st_lock_lesson = DB_STMT(
    "SELECT id FROM schedule_lesson WHERE id = ? FOR UPDATE");
static struct db_stmt st_marks = DB_STMT(
    "SELECT id, student_id, status FROM schedule_attendance "
    "FORCE INDEX (uq_attendance) WHERE lesson_id = ? ORDER BY student_id");
static struct db_stmt st_set = DB_STMT(
    "UPDATE schedule_attendance SET status = ?, notes = COALESCE(?, notes), "
    "marked_at = UTC_TIMESTAMP(6) WHERE id = ?");
static struct db_stmt st_lesson_of = DB_STMT(
    "SELECT lesson_id FROM schedule_attendance WHERE id = ? FOR UPDATE");
static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO schedule_attendance (lesson_id, student_id, status, notes, "
    "marked_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))");
static struct db_stmt st_update = DB_STMT(
    "UPDATE schedule_attendance SET lesson_id = ?, student_id = ?, status = ?, "
    "notes = ?, marked_at = UTC_TIMESTAMP(6) WHERE id = ?");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM schedule_attendance WHERE id = ?");
static struct db_stmt st_get = DB_STMT(ATT_SELECT "WHERE a.id = ?");
static struct db_stmt st_of_lesson = DB_STMT(ATT_SELECT
    "WHERE a.lesson_id = ? AND (? = 0 OR a.student_id = ?) "
    "ORDER BY s.last_name, s.first_name, s.id");
static struct db_stmt st_page[3][2] = {
	{ DB_STMT(ATT_PAGE(ALL, ATT_AFTER, ASC)),
	  DB_STMT(ATT_PAGE(ALL, ATT_BEFORE, DESC)) },
	{ DB_STMT(ATT_PAGE(TEACHER, ATT_AFTER, ASC)),
	  DB_STMT(ATT_PAGE(TEACHER, ATT_BEFORE, DESC)) },
	{ DB_STMT(ATT_PAGE(STUDENT, ATT_AFTER, ASC)),
	  DB_STMT(ATT_PAGE(STUDENT, ATT_BEFORE, DESC)) },
};
/* One lesson's records (a lesson filter): a few rows, counted directly. */
static struct db_stmt st_count_lesson[3] = {
	DB_STMT("SELECT COUNT(*) FROM schedule_attendance a WHERE " ALL ATT_FILTERS),
	DB_STMT("SELECT COUNT(*) FROM schedule_attendance a WHERE " TEACHER
	    ATT_FILTERS),
	DB_STMT("SELECT COUNT(*) FROM schedule_attendance a WHERE " STUDENT
	    ATT_FILTERS),
};

static void
from_row(const struct db_res *r, size_t i, struct attendance *x)
{
	x->id = db_cell_i64(r, i, 0, 0);
	x->lesson_id = db_cell_i64(r, i, 1, 0);
	x->student_id = db_cell_i64(r, i, 2, 0);
	x->teacher_id = db_cell_i64(r, i, 3, 0);
	x->group_id = db_cell_i64(r, i, 4, 0);
	x->lesson_title = db_cell(r, i, 5);
	x->student_email = db_cell(r, i, 6);
	x->student_first = db_cell(r, i, 7);
	x->student_last = db_cell(r, i, 8);
	x->student_middle = db_cell(r, i, 9);
	x->status = db_cell(r, i, 10);
	x->notes = db_cell(r, i, 11);
	x->marked_at = db_cell(r, i, 12);
	x->lesson_start = db_cell(r, i, 13);
}

static int
rows(struct arena *a, const struct db_res *r, struct attendance **out,
    size_t *n)
{
	size_t	 i;

	*n = r->nrows;
	if ((*out = arena_zalloc(a, (r->nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++)
		from_row(r, i, &(*out)[i]);
	return 0;
}

int
db_attendance_lock_lesson(struct arena *a, int64_t lesson_id)
{
	struct db_val	 p = DB_INT(lesson_id);
	struct db_res	 r;

	if (db_exec(a, &st_lock_lesson, &p, 1, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_attendance_marks(struct arena *a, int64_t lesson_id, struct att_have **out,
    size_t *n)
{
	struct db_val	 p = DB_INT(lesson_id);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_marks, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].student_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].status = db_cell(&r, i, 2);
	}
	*n = r.nrows;
	return 0;
}

int
db_attendance_set(struct arena *a, int64_t id, const char *status,
    const char *notes)
{
	struct db_val	 p[] = { DB_STR(status),
	    notes != NULL ? DB_STR(notes) : DB_NULL, DB_INT(id) };

	return db_exec_changed(a, &st_set, p, 3);
}

int
db_attendance_lesson_of(struct arena *a, int64_t id, int64_t *lesson_id)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_lesson_of, &p, 1, &r) == -1)
		return -1;
	*lesson_id = db_cell_i64(&r, 0, 0, 0);
	return r.nrows > 0;
}

int
db_attendance_insert(struct arena *a, int64_t lesson_id, int64_t student_id,
    const char *status, const char *notes, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(lesson_id), DB_INT(student_id),
	    DB_STR(status), DB_STR(notes) };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 4, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_attendance_update(struct arena *a, int64_t id, int64_t lesson_id,
    int64_t student_id, const char *status, const char *notes)
{
	struct db_val	 p[] = { DB_INT(lesson_id), DB_INT(student_id),
	    DB_STR(status), DB_STR(notes), DB_INT(id) };

	return db_exec(a, &st_update, p, 5, NULL);
}

int
db_attendance_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_delete, &p, 1, NULL);
}

int
db_attendance_get(struct arena *a, int64_t id, struct attendance *x)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, x);
	return 1;
}

int
db_attendance_of_lesson(struct arena *a, int64_t lesson_id, int64_t student_id,
    struct attendance **out, size_t *n)
{
	struct db_val	 p[] = { DB_INT(lesson_id), DB_INT(student_id),
	    DB_INT(student_id) };
	struct db_res	 r;

	if (db_exec(a, &st_of_lesson, p, 3, &r) == -1)
		return -1;
	return rows(a, &r, out, n);
}

/* The scope's value and the filters' (7 values). */
static void
filter_vals(enum att_scope scope, int64_t user_id, const struct att_filter *f,
    struct db_val *p)
{
	const char	*status = f->status ? f->status : "";

	p[0] = DB_INT(scope == ASCOPE_ALL ? 0 : user_id);
	p[1] = p[2] = DB_INT(f->lesson_id);
	p[3] = p[4] = DB_INT(f->student_id);
	p[5] = p[6] = DB_STR(status);
}

int
db_attendance_page(struct arena *a, enum att_scope scope, int64_t user_id,
    const struct att_filter *f, const struct keyset *ks,
    struct attendance **out, size_t *n)
{
	struct db_val	 p[7 + 6 + 2];
	struct db_res	 r;
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 3;
	const char	*at = has && ks->v[0].s ? ks->v[0].s : "";

	filter_vals(scope, user_id, f, p);
	p[7] = DB_INT(has);
	p[8] = p[9] = DB_STR(at);
	p[10] = p[11] = DB_INT(has ? ks->v[1].i : 0);
	p[12] = DB_INT(has ? ks->v[2].i : 0);
	p[13] = DB_INT(ks->limit);
	p[14] = DB_INT(ks->offset);
	if (db_exec(a, &st_page[scope][ks->dir == KEYSET_BEFORE], p, 15, &r) == -1)
		return -1;
	return rows(a, &r, out, n);
}

int
db_attendance_count(struct arena *a, enum att_scope scope, int64_t user_id,
    const struct att_filter *f, int64_t *total)
{
	struct db_val	 p[7];
	struct db_res	 r;
	int64_t		 teacher = 0, student = f->student_id;

	*total = 0;
	if (f->lesson_id != 0) {
		filter_vals(scope, user_id, f, p);
		if (db_exec(a, &st_count_lesson[scope], p, 7, &r) == -1)
			return -1;
		*total = db_cell_i64(&r, 0, 0, 0);
		return 0;
	}
	if (scope == ASCOPE_TEACHER)
		teacher = user_id;
	else if (scope == ASCOPE_STUDENT) {
		if (student != 0 && student != user_id)
			return 0;
		student = user_id;
	}
	return db_tally(a, "attendance", teacher, student,
	    f->status ? f->status : "", total);
}
