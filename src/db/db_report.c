/* The reads of a group's rating, gradebook and report. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_report.h"

static struct db_stmt st_lessons = DB_STMT(
    "SELECT COUNT(*), COALESCE(SUM(end_time <= ? AND cancelled_at IS NULL), 0) "
    "FROM schedule_lesson WHERE group_id = ? AND start_time >= ? AND start_time < ?");
/* Every mark of the held lessons, counted here: MariaDB's GROUP BY (a
 * temporary table) cost twice what sending the rows does. */
static struct db_stmt st_marks = DB_STMT(
    "SELECT a.student_id, a.status "
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
/* Through the group's assignment rows, or (none at all) its lessons; each
 * part: the group, then IN_SCOPE's. */
#define GROUP_HOMEWORK \
    "SELECT a.homework_id FROM homework_assignment a JOIN homework_homework h " \
    "ON h.id = a.homework_id WHERE a.group_id = ? AND " IN_SCOPE("h") " " \
    "UNION SELECT h.id FROM schedule_lesson l JOIN homework_homework h " \
    "ON h.lesson_id = l.id WHERE l.group_id = ? AND " NO_ROWS("h") " AND " \
    IN_SCOPE("h")
static struct db_stmt st_homework = DB_STMT(
    "SELECT h.id, a.student_id, " HW_POINTS ", h.title, h.published_at, "
    "h.deadline, a.deadline, a.created_at, h.gamification_enabled "
    "FROM homework_assignment a JOIN homework_homework h ON h.id = a.homework_id "
    "WHERE a.group_id = ? AND h.status <> 'draft' AND " IN_SCOPE("h") " "
    "UNION ALL SELECT h.id, NULL, " HW_POINTS ", h.title, h.published_at, "
    "h.deadline, NULL, h.created_at, h.gamification_enabled "
    "FROM schedule_lesson l JOIN homework_homework h ON h.lesson_id = l.id "
    "WHERE l.group_id = ? AND h.status <> 'draft' AND " NO_ROWS("h") " AND "
    IN_SCOPE("h"));
/* The submission's counters, kept by the homework module with its answers
 * (answered, checked, wrong: checked with a final score below the points,
 * the checked answers' score and points, time): one row per submission of
 * the group's homework by a current member, no answer read. Joined in the
 * order written, from the group's homework: from the members instead, the
 * optimizer would walk each student's every submission, in all groups. */
static struct db_stmt st_work = DB_STMT(
    "SELECT STRAIGHT_JOIN s.homework_id, s.student_id, s.status, s.created_at, "
    "s.first_submitted_at, COALESCE(s.score_override, s.total_score), s.is_late, "
    "s.answered_count, s.checked_count, s.wrong_count, s.checked_score, "
    "s.checked_points, s.total_seconds "
    "FROM (" GROUP_HOMEWORK ") gh JOIN homework_studentsubmission s "
    "ON s.homework_id = gh.homework_id JOIN schedule_group_students m "
    "ON m.customuser_id = s.student_id AND m.group_id = ? "
    "WHERE (? = 0 OR s.student_id = ?)");
static struct db_stmt st_points = DB_STMT(
    "SELECT c.id, c.max_points, r.student_id, r.points, c.date "
    "FROM analytics_controlpoint c LEFT JOIN analytics_controlpointresult r "
    "ON r.control_point_id = c.id WHERE c.group_id = ? AND c.date BETWEEN ? AND ? "
    "ORDER BY c.date, c.id");
/* A member's badges by kind from their range of the covering index
 * (sql/migrations/0030) alone, in its order. */
static struct db_stmt st_badges = DB_STMT(
    "SELECT b.student_id, b.badge_type, MAX(b.period), MAX(b.earned_at), "
    "COUNT(*) FROM schedule_group_students m JOIN homework_badge b "
    "FORCE INDEX (ix_hwb_student_type_earned) "
    "ON b.student_id = m.customuser_id WHERE m.group_id = ? "
    "GROUP BY b.student_id, b.badge_type ORDER BY b.student_id, MIN(b.earned_at)");

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

static int
by_student(const void *pa, const void *pb)
{
	const struct rp_marks	*x = pa, *y = pb;

	return (x->student_id > y->student_id) - (x->student_id < y->student_id);
}

int
db_rp_marks(struct arena *a, int64_t group_id, int64_t student,
    const char *from, const char *to, const char *now, struct rp_marks **out,
    size_t *n)
{
	struct db_val	 p[] = { DB_INT(group_id), DB_STR(from), DB_STR(to),
	    DB_STR(now), DB_INT(student), DB_INT(student) };
	struct db_res	 r;
	size_t		 i;

	struct rp_marks	*m;
	const char	*st;
	size_t		 k;

	if (db_exec(a, &st_marks, p, 6, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	/* A row each, sorted by student, then one per student. */
	for (i = 0; i < r.nrows; i++) {
		m = &(*out)[i];
		m->student_id = db_cell_i64(&r, i, 0, 0);
		st = db_cell(&r, i, 1);
		if (st == NULL)
			continue;
		m->present = strcmp(st, "present") == 0 || strcmp(st, "late") == 0;
		m->late = strcmp(st, "late") == 0;
		m->absent = strcmp(st, "absent") == 0;
		m->excused = strcmp(st, "excused") == 0;
	}
	qsort(*out, r.nrows, sizeof(**out), by_student);
	for (i = k = 0; i < r.nrows; i++) {
		if (k > 0 && (*out)[k - 1].student_id == (*out)[i].student_id) {
			(*out)[k - 1].present += (*out)[i].present;
			(*out)[k - 1].late += (*out)[i].late;
			(*out)[k - 1].absent += (*out)[i].absent;
			(*out)[k - 1].excused += (*out)[i].excused;
		} else
			(*out)[k++] = (*out)[i];
	}
	*n = k;
	return 0;
}

/* The group and IN_SCOPE's parameters, twice (GROUP_HOMEWORK's parts, or
 * st_homework's), into p[16]. */
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

int
db_rp_work(struct arena *a, int64_t group_id, const struct rp_scope *sc,
    struct rp_work **out, size_t *n)
{
	struct db_val	 p[19];
	struct db_res	 r;
	size_t		 i;

	scope_params(p, group_id, sc);
	p[16] = (struct db_val)DB_INT(group_id);
	p[17] = (struct db_val)DB_INT(sc->student);
	p[18] = (struct db_val)DB_INT(sc->student);
	if (db_exec(a, &st_work, p, 19, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].homework_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].student_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].status = db_cell(&r, i, 2);
		(*out)[i].created_at = db_cell(&r, i, 3);
		(*out)[i].first_submitted_at = db_cell(&r, i, 4);
		(*out)[i].score = db_cell_i64(&r, i, 5, -1);
		(*out)[i].is_late = db_cell_i64(&r, i, 6, 0) != 0;
		(*out)[i].answered = db_cell_i64(&r, i, 7, 0);
		(*out)[i].checked = db_cell_i64(&r, i, 8, 0);
		(*out)[i].wrong = db_cell_i64(&r, i, 9, 0);
		(*out)[i].checked_score = db_cell_i64(&r, i, 10, 0);
		(*out)[i].checked_points = db_cell_i64(&r, i, 11, 0);
		(*out)[i].seconds = db_cell_i64(&r, i, 12, 0);
	}
	*n = r.nrows;
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
