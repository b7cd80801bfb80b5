/* The attendance journal's reads: each row handed over as it comes,
 * integers and times in binary (a term's journal is thousands of marks). */
#include "autoconf.h"

#include <string.h>

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

/* The rows gathered so far, and the arena for their strings. */
struct acc {
	struct arena		*a;
	struct db_gather	 g;
};

static int
run(struct arena *a, struct db_stmt *st, int64_t group_id, const char *from,
    const char *to, db_row_fn fn, struct acc *x, size_t size, void **out,
    size_t *n)
{
	struct db_val	 p[] = { DB_INT(group_id), DB_STR(from), DB_STR(to) };

	x->a = a;
	x->g = (struct db_gather){ NULL, 0, 0, size };
	/* One zeroed element past the last, allocated when none came. */
	if (db_each(a, st, p, 3, fn, x) == -1 ||
	    db_gather_room(a, &x->g, 1) == NULL)
		return -1;
	memset(x->g.all + x->g.len * size, 0, size);
	*out = x->g.all;
	*n = x->g.len;
	return 0;
}

static int
add_lesson(const struct db_row *row, void *arg)
{
	struct acc		*x = arg;
	struct jr_lesson	*l;
	const char		*title = db_row_str(row, 1);

	if ((l = db_gather_room(x->a, &x->g, 1)) == NULL ||
	    (l->title = arena_strdup(x->a, title ? title : "")) == NULL)
		return -1;
	l->id = db_row_i64(row, 0, 0);
	l->start_us = db_row_us(row, 2, 0);
	l->end_us = db_row_us(row, 3, 0);
	l->cancelled = db_row_str(row, 4) != NULL;
	l->meeting_start_us = db_row_us(row, 5, 0);
	l->meeting_end_us = db_row_us(row, 6, 0);
	x->g.len++;
	return 0;
}

int
db_jr_lessons(struct arena *a, int64_t group_id, const char *from,
    const char *to, struct jr_lesson **out, size_t *n)
{
	struct acc	 x;

	return run(a, &st_lessons, group_id, from, to, add_lesson, &x,
	    sizeof(**out), (void **)out, n);
}

/* The status as one of the constants, else copied. */
static const char *
status_of(struct arena *a, const char *s)
{
	static const char *const known[] = { "present", "late", "absent",
	    "excused" };
	size_t	 i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(s, known[i]) == 0)
			return known[i];
	return arena_strdup(a, s);
}

static int
add_mark(const struct db_row *row, void *arg)
{
	struct acc	*x = arg;
	struct jr_mark	*m;

	if ((m = db_gather_room(x->a, &x->g, 1)) == NULL ||
	    (m->status = status_of(x->a, db_row_str(row, 2))) == NULL)
		return -1;
	m->lesson_id = db_row_i64(row, 0, 0);
	m->student_id = db_row_i64(row, 1, 0);
	m->marked_us = db_row_us(row, 3, 0);
	x->g.len++;
	return 0;
}

int
db_jr_marks(struct arena *a, int64_t group_id, const char *from,
    const char *to, struct jr_mark **out, size_t *n)
{
	struct acc	 x;

	return run(a, &st_marks, group_id, from, to, add_mark, &x,
	    sizeof(**out), (void **)out, n);
}

static int
add_presence(const struct db_row *row, void *arg)
{
	struct acc		*x = arg;
	struct jr_presence	*p;

	if ((p = db_gather_room(x->a, &x->g, 1)) == NULL)
		return -1;
	p->lesson_id = db_row_i64(row, 0, 0);
	p->student_id = db_row_i64(row, 1, 0);
	p->joined_us = db_row_us(row, 2, 0);
	p->left_us = db_row_us(row, 3, 0);
	x->g.len++;
	return 0;
}

int
db_jr_presence(struct arena *a, int64_t group_id, const char *from,
    const char *to, struct jr_presence **out, size_t *n)
{
	struct acc	 x;

	return run(a, &st_presence, group_id, from, to, add_presence, &x,
	    sizeof(**out), (void **)out, n);
}
