/* The attendance journal's reads. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_journal.h"

#define RANGE(a) a ".group_id = ? AND " a ".start_time >= ? AND " a ".start_time < ? "

static struct db_stmt st_lessons = DB_STMT(
    "SELECT l.id, l.title, l.start_time, l.end_time, l.cancelled_at, "
    "l.meeting_started_at, l.meeting_ended_at FROM schedule_lesson l "
    "WHERE " RANGE("l") "ORDER BY l.start_time, l.id");
static struct db_stmt st_marks = DB_STMT(
    "SELECT a.lesson_id, a.student_id, a.status, a.marked_at "
    "FROM schedule_lesson l JOIN schedule_attendance a ON a.lesson_id = l.id "
    "WHERE " RANGE("l"));
static struct db_stmt st_presence = DB_STMT(
    "SELECT p.lesson_id, p.student_id, p.joined_at, p.left_at "
    "FROM schedule_lesson l JOIN analytics_zoom_presence p ON p.lesson_id = l.id "
    "WHERE " RANGE("l") "AND p.student_id IS NOT NULL "
    "ORDER BY p.lesson_id, p.student_id, p.joined_at");

static int
run(struct arena *a, struct db_stmt *st, int64_t group_id, const char *from,
    const char *to, struct db_res *r)
{
	struct db_val	 p[] = { DB_INT(group_id), DB_STR(from), DB_STR(to) };

	return db_exec(a, st, p, 3, r);
}

int
db_jr_lessons(struct arena *a, int64_t group_id, const char *from,
    const char *to, struct jr_lesson **out, size_t *n)
{
	struct db_res	 r;
	size_t		 i;

	if (run(a, &st_lessons, group_id, from, to, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].title = db_cell(&r, i, 1);
		(*out)[i].start_time = db_cell(&r, i, 2);
		(*out)[i].end_time = db_cell(&r, i, 3);
		(*out)[i].cancelled_at = db_cell(&r, i, 4);
		(*out)[i].meeting_started_at = db_cell(&r, i, 5);
		(*out)[i].meeting_ended_at = db_cell(&r, i, 6);
	}
	*n = r.nrows;
	return 0;
}

int
db_jr_marks(struct arena *a, int64_t group_id, const char *from,
    const char *to, struct jr_mark **out, size_t *n)
{
	struct db_res	 r;
	size_t		 i;

	if (run(a, &st_marks, group_id, from, to, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].lesson_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].student_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].status = db_cell(&r, i, 2);
		(*out)[i].marked_at = db_cell(&r, i, 3);
	}
	*n = r.nrows;
	return 0;
}

int
db_jr_presence(struct arena *a, int64_t group_id, const char *from,
    const char *to, struct jr_presence **out, size_t *n)
{
	struct db_res	 r;
	size_t		 i;

	if (run(a, &st_presence, group_id, from, to, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].lesson_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].student_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].joined_at = db_cell(&r, i, 2);
		(*out)[i].left_at = db_cell(&r, i, 3);
	}
	*n = r.nrows;
	return 0;
}
