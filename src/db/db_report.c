/* The reads of a group's rating, gradebook and report. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "db/db_report.h"

static struct db_stmt st_lessons = DB_STMT(
    "SELECT COUNT(*), COALESCE(SUM(end_time <= ? AND cancelled_at IS NULL), 0) "
    "FROM schedule_lesson WHERE group_id = ? AND start_time >= ? AND start_time < ?");
/* Every mark of the held lessons, counted here: MariaDB's GROUP BY (a
 * temporary table) cost twice what sending the rows does. The status as
 * a number: 1 present, 2 late, 3 absent, 4 excused (0 anything else). */
static struct db_stmt st_marks = DB_STMT(
    "SELECT a.student_id, FIELD(a.status, 'present', 'late', 'absent', "
    "'excused') "
    "FROM schedule_lesson l JOIN schedule_attendance a ON a.lesson_id = l.id "
    "WHERE l.group_id = ? AND l.start_time >= ? AND l.start_time < ? "
    "AND l.end_time <= ? AND l.cancelled_at IS NULL AND (? = 0 OR a.student_id = ?)");
#define HW_POINTS "(SELECT COALESCE(SUM(q.points), 0) FROM homework_question q " \
    "WHERE q.homework_id = h.id)"
/* A homework that may be in the report's scope: any date its effective
 * deadline can be (an assignment row's deadline, its own, its publication)
 * falls in [from, to); the domain keeps those whose effective deadline
 * does. Parameters: all (1: every homework), from, to, from, to, from, to. */
#define IN_SCOPE(h) "(? = 1 OR (" h ".deadline >= ? AND " h ".deadline < ?) " \
    "OR (" h ".published_at >= ? AND " h ".published_at < ?) OR EXISTS (" \
    "SELECT 1 FROM homework_assignment d WHERE d.homework_id = " h ".id " \
    "AND d.deadline >= ? AND d.deadline < ?))"
#define NO_ROWS(h) "NOT EXISTS (SELECT 1 FROM homework_assignment x " \
    "WHERE x.homework_id = " h ".id)"
/* The group's assignment rows, then the homework of its lessons without
 * any (found by homework_lesson_reach, 0028, kept by triggers while a
 * homework has a lesson and no rows; the rule is checked again here). */
static struct db_stmt st_homework = DB_STMT(
    "SELECT h.id, a.student_id, " HW_POINTS ", h.title, h.published_at, "
    "h.deadline, a.deadline, a.created_at, h.gamification_enabled "
    "FROM homework_assignment a JOIN homework_homework h ON h.id = a.homework_id "
    "WHERE a.group_id = ? AND h.status <> 'draft' AND " IN_SCOPE("h") " "
    "UNION ALL SELECT h.id, NULL, " HW_POINTS ", h.title, h.published_at, "
    "h.deadline, NULL, h.created_at, h.gamification_enabled "
    "FROM homework_lesson_reach r JOIN homework_homework h ON h.id = r.homework_id "
    "JOIN schedule_lesson l ON l.id = h.lesson_id AND l.group_id = r.group_id "
    "WHERE r.group_id = ? AND h.status <> 'draft' AND " NO_ROWS("h") " AND "
    IN_SCOPE("h"));
/* The submission's counters, kept by the homework module with its answers
 * (answered, checked, wrong: checked with a final score below the points,
 * the checked answers' score and points, time): one row per submission of
 * the homework given (their ids as a JSON array, from st_homework), no
 * answer read, nor the row: ix_hws_report (0033) holds what is read; by
 * homework, then student as that index reads them (the ids sorted: the
 * caller checks the order, no sort here). The
 * status as a number: 1 in_progress, 2 submitted, 3 graded, 4 revision.
 * Former members' work comes too: the caller keeps its members'. */
static struct db_stmt st_work = DB_STMT(
    "SELECT STRAIGHT_JOIN s.homework_id, s.student_id, FIELD(s.status, "
    "'in_progress', 'submitted', 'graded', 'revision'), "
    "COALESCE(s.score_override, s.total_score), s.is_late, "
    "s.answered_count, s.checked_count, s.wrong_count, s.checked_score, "
    "s.checked_points, s.total_seconds "
    "FROM JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$')) j "
    "JOIN homework_studentsubmission s ON s.homework_id = j.id "
    "WHERE (? = 0 OR s.student_id = ?)");
static struct db_stmt st_points = DB_STMT(
    "SELECT c.id, c.max_points, r.student_id, r.points, c.date "
    "FROM analytics_controlpoint c LEFT JOIN analytics_controlpointresult r "
    "ON r.control_point_id = c.id WHERE c.group_id = ? AND c.date BETWEEN ? AND ? "
    "ORDER BY c.date, c.id");
/* A member's badges by kind: their rows of badge_rollup (sql/migrations/
 * 0035, kept by triggers on homework_badge), a few a member whatever their
 * history, by the first award of each kind (then the kind: one order for
 * a tie). */
static struct db_stmt st_badges = DB_STMT(
    "SELECT r.student_id, r.badge_type, r.period, r.last_at, r.n "
    "FROM schedule_group_students m JOIN badge_rollup r "
    "ON r.student_id = m.customuser_id WHERE m.group_id = ? "
    "ORDER BY r.student_id, r.first_at, r.badge_type");

int
db_rp_lessons(struct arena *a, int64_t group_id, const char *from,
    const char *to, const char *now, int64_t *all, int64_t *held)
{
	struct db_val	 p[] = { DB_STR(now), DB_INT(group_id), DB_STR(from),
	    DB_STR(to) };
	struct db_res	 r;

	if (db_exec(a, &st_lessons, p, 4, &r) == -1)
		return -1;
	*all = db_cell_i64(&r, 0, 0, 0);
	*held = db_cell_i64(&r, 0, 1, 0);
	return 0;
}

/* db_rp_marks' counts: one entry per student, by id. The rows come by
 * lesson, each lesson's by student, so the entry after the last one hit
 * is nearly always the next one's. */
struct marks_acc {
	struct arena	*a;
	struct rp_marks	*m;
	size_t		 n, cap, at;
};

static int
add_mark(const struct db_row *row, void *arg)
{
	struct marks_acc	*x = arg;
	struct rp_marks		*m, *grown;
	int64_t			 id = db_row_i64(row, 0, 0);
	int64_t			 st = db_row_i64(row, 1, 0);
	size_t			 lo, hi, mid;

	if (x->at >= x->n || x->m[x->at].student_id != id) {
		x->at = x->at + 1 < x->n && x->m[x->at + 1].student_id == id ?
		    x->at + 1 : x->at;
		if (x->at >= x->n || x->m[x->at].student_id != id) {
			for (lo = 0, hi = x->n; lo < hi; ) {
				mid = (lo + hi) / 2;
				if (x->m[mid].student_id < id)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == x->n || x->m[lo].student_id != id) {
				if (x->n == x->cap) {
					x->cap = x->cap ? 2 * x->cap : 64;
					if ((grown = arena_alloc(x->a, x->cap *
					    sizeof(*grown))) == NULL)
						return -1;
					if (x->n > 0)
						memcpy(grown, x->m, x->n *
						    sizeof(*grown));
					x->m = grown;
				}
				memmove(&x->m[lo + 1], &x->m[lo], (x->n - lo) *
				    sizeof(*x->m));
				memset(&x->m[lo], 0, sizeof(x->m[lo]));
				x->m[lo].student_id = id;
				x->n++;
			}
			x->at = lo;
		}
	}
	m = &x->m[x->at];
	m->present += st == 1 || st == 2;
	m->late += st == 2;
	m->absent += st == 3;
	m->excused += st == 4;
	return 0;
}

int
db_rp_marks(struct arena *a, int64_t group_id, int64_t student,
    const char *from, const char *to, const char *now, struct rp_marks **out,
    size_t *n)
{
	struct db_val		 p[] = { DB_INT(group_id), DB_STR(from), DB_STR(to),
	    DB_STR(now), DB_INT(student), DB_INT(student) };
	struct marks_acc	 x = { a, NULL, 0, 0, 0 };

	if (db_each(a, &st_marks, p, 6, add_mark, &x) == -1)
		return -1;
	*out = x.m;
	*n = x.n;
	return 0;
}

/* The group and IN_SCOPE's parameters, twice (st_homework's parts), into
 * p[16]. */
static void
scope_params(struct db_val *p, int64_t group_id, const struct rp_scope *sc)
{
	size_t	 i, k;

	for (i = 0; i < 2; i++) {
		p[i * 8] = (struct db_val)DB_INT(group_id);
		p[i * 8 + 1] = (struct db_val)DB_INT(sc->all);
		for (k = 0; k < 3; k++) {
			p[i * 8 + 2 + 2 * k] = (struct db_val)DB_STR(sc->from);
			p[i * 8 + 3 + 2 * k] = (struct db_val)DB_STR(sc->to);
		}
	}
}

int
db_rp_homework(struct arena *a, int64_t group_id, const struct rp_scope *sc,
    struct rp_homework **out, size_t *n)
{
	struct db_val	 p[16];
	struct db_res	 r;
	size_t		 i;

	scope_params(p, group_id, sc);
	if (db_exec(a, &st_homework, p, 16, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].student_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].points = db_cell_i64(&r, i, 2, 0);
		(*out)[i].title = db_cell(&r, i, 3);
		(*out)[i].published_at = db_cell(&r, i, 4);
		(*out)[i].deadline = db_cell(&r, i, 5);
		(*out)[i].row_deadline = db_cell(&r, i, 6);
		(*out)[i].row_created_at = db_cell(&r, i, 7);
		(*out)[i].gamification = db_cell_i64(&r, i, 8, 0) != 0;
	}
	*n = r.nrows;
	return 0;
}

struct work_acc {
	struct arena	*a;
	struct rp_work	*w;
	size_t		 n, cap;
};

static int
add_work(const struct db_row *row, void *arg)
{
	static const char *const status[] = { NULL, "in_progress", "submitted",
	    "graded", "revision" };
	struct work_acc	*x = arg;
	struct rp_work	*w, *grown;
	int64_t		 st;

	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 1024;
		if ((grown = arena_alloc(x->a, x->cap * sizeof(*grown))) == NULL)
			return -1;
		if (x->n > 0)
			memcpy(grown, x->w, x->n * sizeof(*grown));
		x->w = grown;
	}
	w = &x->w[x->n++];
	w->homework_id = db_row_i64(row, 0, 0);
	w->student_id = db_row_i64(row, 1, 0);
	st = db_row_i64(row, 2, 0);
	w->status = st >= 1 && st <= 4 ? status[st] : "";
	w->score = db_row_i64(row, 3, -1);
	w->is_late = db_row_i64(row, 4, 0) != 0;
	w->answered = db_row_i64(row, 5, 0);
	w->checked = db_row_i64(row, 6, 0);
	w->wrong = db_row_i64(row, 7, 0);
	w->checked_score = db_row_i64(row, 8, 0);
	w->checked_points = db_row_i64(row, 9, 0);
	w->seconds = db_row_i64(row, 10, 0);
	return 0;
}

int
db_rp_work(struct arena *a, const int64_t *hw, size_t nhw, int64_t student,
    struct rp_work **out, size_t *n)
{
	struct db_val	 p[3];
	struct work_acc	 x = { a, NULL, 0, 0 };
	struct buf	 ids;
	size_t		 i;

	/* Never NULL: the caller bsearches it. */
	if ((*out = arena_zalloc(a, sizeof(**out))) == NULL)
		return -1;
	*n = 0;
	if (nhw == 0)
		return 0;
	buf_init(&ids, a);
	for (i = 0; i < nhw; i++)
		buf_printf(&ids, "%c%lld", i ? ',' : '[', (long long)hw[i]);
	buf_putc(&ids, ']');
	if (ids.err)
		return -1;
	p[0] = (struct db_val)DB_STRN(ids.p, ids.len);
	p[1] = (struct db_val)DB_INT(student);
	p[2] = (struct db_val)DB_INT(student);
	if (db_each(a, &st_work, p, 3, add_work, &x) == -1)
		return -1;
	if (x.n > 0)
		*out = x.w;
	*n = x.n;
	return 0;
}

int
db_rp_points(struct arena *a, int64_t group_id, const char *from_date,
    const char *to_date, struct rp_point **out, size_t *n)
{
	struct db_val	 p[] = { DB_INT(group_id), DB_STR(from_date),
	    DB_STR(to_date) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_points, p, 3, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].cp_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].max_points = db_cell_i64(&r, i, 1, 0);
		(*out)[i].student_id = db_cell_i64(&r, i, 2, 0);
		(*out)[i].points = db_cell_i64(&r, i, 3, 0);
		(*out)[i].date = db_cell(&r, i, 4);
	}
	*n = r.nrows;
	return 0;
}

int
db_rp_badges(struct arena *a, int64_t group_id, struct rp_badge **out,
    size_t *n)
{
	struct db_val	 p = DB_INT(group_id);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_badges, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].student_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].type = db_cell(&r, i, 1);
		(*out)[i].period = db_cell(&r, i, 2);
		(*out)[i].earned_at = db_cell(&r, i, 3);
		(*out)[i].count = db_cell_i64(&r, i, 4, 1);
	}
	*n = r.nrows;
	return 0;
}
