/* The teacher's summary and the student's points over time. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/dt.h"
#include "db/db.h"
#include "db/db_summary.h"

#define DAY_US		(86400LL * 1000000)

/* The lessons' figures from the teacher's rollups (sql/migrations/0027):
 * the all-time row, less the live lessons ending from today on (today's
 * and this month's later day rows, the later months' rows), plus those
 * ending today before now, read from ix_lesson_teacher_end. */
static struct db_stmt st_lessons = DB_STMT(
    "SELECT r.n, r.sec, r.live + e.n, r.mins + e.mins, r.rec, r.auto FROM "
    "(SELECT COALESCE(SUM(IF(lvl = 2, lessons, 0)), 0) AS n, "
    "COALESCE(SUM(IF(lvl = 2, seconds, 0)), 0) AS sec, "
    "COALESCE(SUM(IF(lvl = 2, live, -live)), 0) AS live, "
    "COALESCE(SUM(IF(lvl = 2, minutes, -minutes)), 0) AS mins, "
    "COALESCE(SUM(IF(lvl = 2, recorded, 0)), 0) AS rec, "
    "COALESCE(SUM(IF(lvl = 2, auto, 0)), 0) AS auto "
    "FROM summary_rollup WHERE teacher_id = ? AND ((lvl = 2 AND at = '1970-01-01') "
    "OR (lvl = 1 AND at >= ?) OR (lvl = 0 AND at >= ? AND at < ?))) r, "
    "(SELECT COUNT(*) AS n, COALESCE(SUM(TIMESTAMPDIFF(MINUTE, start_time, "
    "end_time)), 0) AS mins FROM schedule_lesson WHERE teacher_id = ? "
    "AND end_time >= ? AND end_time < ? AND cancelled_at IS NULL) e");
static struct db_stmt st_groups = DB_STMT(
    "SELECT COUNT(DISTINCT g.id), COUNT(DISTINCT m.customuser_id) "
    "FROM schedule_group g LEFT JOIN schedule_group_students m "
    "ON m.group_id = g.id WHERE g.teacher_id = ?");
/* Each from an index of the teacher's submissions: those waiting for a
 * review; graded since the window's start (how many, and the mean time
 * from hand-in to grade). */
static struct db_stmt st_work = DB_STMT(
    "SELECT (SELECT COUNT(*) FROM homework_studentsubmission p "
    "WHERE p.teacher_id = ? AND p.status = 'submitted'), "
    "COUNT(*), AVG(IF(g.submitted_at IS NOT NULL, "
    "TIMESTAMPDIFF(SECOND, g.submitted_at, g.graded_at), NULL)) "
    "FROM homework_studentsubmission g WHERE g.teacher_id = ? "
    "AND g.graded_at >= ? AND g.status = 'graded'");
/* Students with handed-in work on homework due in the window, and of them
 * those never late there: from the teacher's homework by deadline. */
static struct db_stmt st_on_time = DB_STMT(
    "SELECT COUNT(*), COALESCE(SUM(late = 0), 0) FROM (SELECT s.student_id, "
    "MAX(s.is_late) AS late FROM homework_homework h JOIN "
    "homework_studentsubmission s ON s.homework_id = h.id WHERE h.teacher_id = ? "
    "AND h.deadline >= ? AND h.deadline <= ? AND s.first_submitted_at IS NOT NULL "
    "GROUP BY s.student_id) x");
/* The teacher's own range: on (start_time) MariaDB would read every
 * teacher's lessons to come until it found the teacher's. */
static struct db_stmt st_upcoming = DB_STMT(
    "SELECT l.id, l.title, l.start_time, g.name, g.kind FROM schedule_lesson l "
    "FORCE INDEX (ix_lesson_teacher_start) JOIN schedule_group g ON g.id = l.group_id WHERE l.teacher_id = ? "
    "AND l.start_time >= ? AND l.cancelled_at IS NULL "
    "ORDER BY l.start_time, l.id LIMIT ?");
static struct db_stmt st_student_groups = DB_STMT(
    "SELECT g.id, g.teacher_id, g.name, t.first_name, t.last_name, t.email "
    "FROM schedule_group_students m JOIN schedule_group g ON g.id = m.group_id "
    "JOIN accounts_customuser t ON t.id = g.teacher_id "
    "WHERE m.customuser_id = ? ORDER BY g.name, g.id");
/* The student's figures in a group (sql/migrations/0029): the all-time
 * rows of the group (student 0) and the student, less their rows of
 * lessons ending from today on (today's and this month's later days, the
 * later months), plus the group's lessons ending today by now and the
 * student's marks of them; the members. */
static struct db_stmt st_student = DB_STMT(
    "SELECT r.held + e.held, r.present + e.present, r.absent + e.absent, "
    "r.excused + e.excused, r.assigned, r.submitted, r.checked, r.wrong, "
    "r.scored, r.ratio, m.n FROM "
    "(SELECT COALESCE(SUM(IF(lvl = 2, held, -held)), 0) AS held, "
    "COALESCE(SUM(IF(lvl = 2, present, -present)), 0) AS present, "
    "COALESCE(SUM(IF(lvl = 2, absent, -absent)), 0) AS absent, "
    "COALESCE(SUM(IF(lvl = 2, excused, -excused)), 0) AS excused, "
    "COALESCE(SUM(IF(lvl = 2, assigned, 0)), 0) AS assigned, "
    "COALESCE(SUM(IF(lvl = 2, submitted, 0)), 0) AS submitted, "
    "COALESCE(SUM(IF(lvl = 2, checked, 0)), 0) AS checked, "
    "COALESCE(SUM(IF(lvl = 2, wrong, 0)), 0) AS wrong, "
    "COALESCE(SUM(IF(lvl = 2, scored, 0)), 0) AS scored, "
    "COALESCE(SUM(IF(lvl = 2, ratio, 0)), 0) AS ratio "
    "FROM student_rollup WHERE student_id IN (0, ?) AND group_id = ? "
    "AND ((lvl = 2 AND at = '1970-01-01') OR (lvl = 1 AND at >= ?) "
    "OR (lvl = 0 AND at >= ? AND at < ?))) r, "
    "(SELECT COUNT(*) AS held, "
    "COALESCE(SUM(a.status IN ('present', 'late')), 0) AS present, "
    "COALESCE(SUM(a.status = 'absent'), 0) AS absent, "
    "COALESCE(SUM(a.status = 'excused'), 0) AS excused "
    "FROM schedule_lesson l LEFT JOIN schedule_attendance a "
    "ON a.lesson_id = l.id AND a.student_id = ? WHERE l.group_id = ? "
    "AND l.end_time >= ? AND l.end_time <= ? AND l.cancelled_at IS NULL) e, "
    "(SELECT COUNT(*) AS n FROM schedule_group_students WHERE group_id = ?) m");
/* The student's points (sql/migrations/0027): their groups, then the
 * all-time row and the months from since on, a group at a time (a join
 * would read every month of each group). */
static struct db_stmt st_member = DB_STMT(
    "SELECT group_id FROM schedule_group_students WHERE customuser_id = ? "
    "ORDER BY group_id LIMIT 1000");
static struct db_stmt st_points = DB_STMT(
    "SELECT lvl, at, points FROM points_rollup WHERE student_id = ? "
    "AND group_id = ? AND (lvl = 2 OR (lvl = 1 AND at >= ?)) ORDER BY lvl, at");

/* The UTC dates of now's day and of its month's first day: where the
 * rollups' whole days and months end. 0 or -1. */
static int
today_and_month(struct arena *a, const char *now, const char **today,
    const char **month)
{
	int64_t	 us, day;

	if (dt_parse_iso(now, &us) == -1)
		return -1;
	day = us / DAY_US - (us % DAY_US < 0);
	if ((*today = dt_date(a, day)) == NULL ||
	    (*month = dt_date(a, dt_month_start(day, 1))) == NULL)
		return -1;
	return 0;
}

int
db_summary_teacher(struct arena *a, int64_t teacher, const char *now,
    const char *since, struct teacher_summary *t)
{
	struct db_val	 pl[7], pg = DB_INT(teacher);
	struct db_val	 pw[] = { DB_INT(teacher), DB_INT(teacher), DB_STR(since) };
	struct db_val	 po[] = { DB_INT(teacher), DB_STR(since), DB_STR(now) };
	struct db_res	 r;
	const char	*today, *month;
	int64_t		 sec;

	if (today_and_month(a, now, &today, &month) == -1)
		return -1;
	pl[0] = DB_INT(teacher);
	pl[1] = DB_STR(month);
	pl[2] = DB_STR(today);
	pl[3] = DB_STR(month);
	pl[4] = DB_INT(teacher);
	pl[5] = DB_STR(today);
	pl[6] = DB_STR(now);
	if (db_exec(a, &st_lessons, pl, 7, &r) == -1)
		return -1;
	t->total_lessons = db_cell_i64(&r, 0, 0, 0);
	sec = db_cell_i64(&r, 0, 1, 0);
	t->completed_lessons = db_cell_i64(&r, 0, 2, 0);
	t->teaching_minutes = db_cell_i64(&r, 0, 3, 0);
	t->recorded_lessons = db_cell_i64(&r, 0, 4, 0);
	t->auto_graded_answers = db_cell_i64(&r, 0, 5, 0);
	/* The mean, rounded half up (durations are positive). */
	t->avg_duration_seconds = t->total_lessons > 0 ?
	    (2 * sec + t->total_lessons) / (2 * t->total_lessons) : -1;
	if (db_exec(a, &st_groups, &pg, 1, &r) == -1)
		return -1;
	t->total_groups = db_cell_i64(&r, 0, 0, 0);
	t->total_students = db_cell_i64(&r, 0, 1, 0);
	if (db_exec(a, &st_work, pw, 3, &r) == -1)
		return -1;
	t->pending_submissions = db_cell_i64(&r, 0, 0, 0);
	t->graded_count_30d = db_cell_i64(&r, 0, 1, 0);
	t->avg_grading_seconds = db_cell(&r, 0, 2) == NULL ? -1 :
	    (int64_t)(strtod(db_cell(&r, 0, 2), NULL) + 0.5);
	if (db_exec(a, &st_on_time, po, 3, &r) == -1)
		return -1;
	t->deadline_students = db_cell_i64(&r, 0, 0, 0);
	t->on_time_students = db_cell_i64(&r, 0, 1, 0);
	return 0;
}

int
db_summary_upcoming(struct arena *a, int64_t teacher, const char *now,
    int64_t limit, struct upcoming **out, size_t *n)
{
	struct db_val	 p[] = { DB_INT(teacher), DB_STR(now), DB_INT(limit) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_upcoming, p, 3, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].title = db_cell(&r, i, 1);
		(*out)[i].start_time = db_cell(&r, i, 2);
		(*out)[i].group_name = db_cell(&r, i, 3);
		(*out)[i].kind = db_cell(&r, i, 4);
	}
	*n = r.nrows;
	return 0;
}

int
db_summary_student_groups(struct arena *a, int64_t student,
    struct student_group **out, size_t *n)
{
	struct db_val	 p = DB_INT(student);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_student_groups, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].teacher_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].name = db_cell(&r, i, 2);
		(*out)[i].teacher_first = db_cell(&r, i, 3);
		(*out)[i].teacher_last = db_cell(&r, i, 4);
		(*out)[i].teacher_email = db_cell(&r, i, 5);
	}
	*n = r.nrows;
	return 0;
}

int
db_summary_student(struct arena *a, int64_t student, int64_t group,
    const char *now, struct student_sum *s)
{
	struct db_val	 p[10];
	struct db_res	 r;
	const char	*today, *month;

	if (today_and_month(a, now, &today, &month) == -1)
		return -1;
	p[0] = DB_INT(student);
	p[1] = DB_INT(group);
	p[2] = DB_STR(month);
	p[3] = DB_STR(today);
	p[4] = DB_STR(month);
	p[5] = DB_INT(student);
	p[6] = DB_INT(group);
	p[7] = DB_STR(today);
	p[8] = DB_STR(now);
	p[9] = DB_INT(group);
	if (db_exec(a, &st_student, p, 10, &r) == -1)
		return -1;
	s->held = db_cell_i64(&r, 0, 0, 0);
	s->present = db_cell_i64(&r, 0, 1, 0);
	s->absent = db_cell_i64(&r, 0, 2, 0);
	s->excused = db_cell_i64(&r, 0, 3, 0);
	s->assigned = db_cell_i64(&r, 0, 4, 0);
	s->submitted = db_cell_i64(&r, 0, 5, 0);
	s->checked = db_cell_i64(&r, 0, 6, 0);
	s->wrong = db_cell_i64(&r, 0, 7, 0);
	s->scored = db_cell_i64(&r, 0, 8, 0);
	s->ratio = db_cell(&r, 0, 9);
	s->members = db_cell_i64(&r, 0, 10, 0);
	return 0;
}

/* Add the rows of one group (0: the work and control points). */
static int
points_of(struct arena *a, int64_t student, int64_t group, const char *since,
    struct month_points *m, size_t *n, size_t max, int64_t *total)
{
	struct db_val	 p[] = { DB_INT(student), DB_INT(group), DB_STR(since) };
	struct db_res	 r;
	const char	*at;
	size_t		 i, k;

	if (db_exec(a, &st_points, p, 3, &r) == -1)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		if (db_cell_i64(&r, i, 0, 0) == 2) {
			*total += db_cell_i64(&r, i, 2, 0);
			continue;
		}
		at = db_cell(&r, i, 1);
		for (k = 0; k < *n && strcmp(m[k].month, at) != 0; k++)
			;
		if (k == *n) {
			if (*n == max)
				return -1;
			m[(*n)++].month = at;
		}
		m[k].points += db_cell_i64(&r, i, 2, 0);
	}
	return 0;
}

int
db_summary_points(struct arena *a, int64_t student, const char *since,
    int64_t *total, struct month_points **out, size_t *n)
{
	struct db_val	 p = DB_INT(student);
	struct db_res	 g;
	size_t		 i, max = POINTS_MONTHS_MAX;

	*total = 0;
	*n = 0;
	if (db_exec(a, &st_member, &p, 1, &g) == -1 ||
	    (*out = arena_zalloc(a, (max + 1) * sizeof(**out))) == NULL ||
	    points_of(a, student, 0, since, *out, n, max, total) == -1)
		return -1;
	for (i = 0; i < g.nrows; i++)
		if (points_of(a, student, db_cell_i64(&g, i, 0, 0), since, *out, n,
		    max, total) == -1)
			return -1;
	return 0;
}
