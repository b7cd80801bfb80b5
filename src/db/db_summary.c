/* The teacher's summary and the student's points over time. */
#include "autoconf.h"

#include <stdlib.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_summary.h"

static struct db_stmt st_lessons = DB_STMT(
    "SELECT COUNT(*), COALESCE(SUM(l.end_time < ? AND l.cancelled_at IS NULL), 0), "
    "COALESCE(SUM(EXISTS (SELECT 1 FROM schedule_lessonrecording r "
    "WHERE r.lesson_id = l.id)), 0), "
    "AVG(TIMESTAMPDIFF(SECOND, l.start_time, l.end_time)), "
    "COALESCE(SUM(IF(l.end_time < ? AND l.cancelled_at IS NULL, "
    "TIMESTAMPDIFF(MINUTE, l.start_time, l.end_time), 0)), 0) "
    "FROM schedule_lesson l WHERE l.teacher_id = ?");
static struct db_stmt st_groups = DB_STMT(
    "SELECT COUNT(DISTINCT g.id), COUNT(DISTINCT m.customuser_id) "
    "FROM schedule_group g LEFT JOIN schedule_group_students m "
    "ON m.group_id = g.id WHERE g.teacher_id = ?");
/* Each from an index of the teacher's submissions: those waiting for a
 * review; graded since the window's start (how many, and the mean time
 * from hand-in to grade); the automatically scored answers of every
 * handed-in work (the submissions' auto_count, summed in the index). */
static struct db_stmt st_work = DB_STMT(
    "SELECT (SELECT COUNT(*) FROM homework_studentsubmission p "
    "WHERE p.teacher_id = ? AND p.status = 'submitted'), "
    "COUNT(*), AVG(IF(g.submitted_at IS NOT NULL, "
    "TIMESTAMPDIFF(SECOND, g.submitted_at, g.graded_at), NULL)), "
    "(SELECT COALESCE(SUM(x.auto_count), 0) FROM homework_studentsubmission x "
    "WHERE x.teacher_id = ? AND x.submitted_at IS NOT NULL) "
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
static struct db_stmt st_upcoming = DB_STMT(
    "SELECT l.id, l.title, l.start_time, g.name, g.kind FROM schedule_lesson l "
    "JOIN schedule_group g ON g.id = l.group_id WHERE l.teacher_id = ? "
    "AND l.start_time >= ? AND l.cancelled_at IS NULL "
    "ORDER BY l.start_time, l.id LIMIT ?");
static struct db_stmt st_student_groups = DB_STMT(
    "SELECT g.id, g.teacher_id, g.name, t.first_name, t.last_name, t.email "
    "FROM schedule_group_students m JOIN schedule_group g ON g.id = m.group_id "
    "JOIN accounts_customuser t ON t.id = g.teacher_id "
    "WHERE m.customuser_id = ? ORDER BY g.name, g.id");
static struct db_stmt st_points = DB_STMT(
    "SELECT STRAIGHT_JOIN 'a', l.start_time, 10, 0, NULL "
    "FROM schedule_group_students m JOIN schedule_lesson l "
    "ON l.group_id = m.group_id AND l.start_time >= ? "
    "JOIN schedule_attendance a ON a.lesson_id = l.id "
    "AND a.student_id = m.customuser_id WHERE m.customuser_id = ? "
    "AND a.status IN ('present', 'late') AND l.cancelled_at IS NULL "
    "UNION ALL SELECT 'h', s.first_submitted_at, COALESCE(s.score_override, "
    "s.total_score, -1), s.is_late, s.status FROM homework_studentsubmission s "
    "WHERE s.student_id = ? AND s.first_submitted_at >= ? "
    "UNION ALL SELECT 'c', c.date, r.points, 0, NULL FROM "
    "analytics_controlpointresult r JOIN analytics_controlpoint c "
    "ON c.id = r.control_point_id WHERE r.student_id = ? AND c.date >= DATE(?) "
    "ORDER BY 2");

int
db_summary_teacher(struct arena *a, int64_t teacher, const char *now,
    const char *since, struct teacher_summary *t)
{
	struct db_val	 pl[] = { DB_STR(now), DB_STR(now), DB_INT(teacher) };
	struct db_val	 pg = DB_INT(teacher);
	struct db_val	 pw[] = { DB_INT(teacher), DB_INT(teacher), DB_INT(teacher),
	    DB_STR(since) };
	struct db_val	 po[] = { DB_INT(teacher), DB_STR(since), DB_STR(now) };
	struct db_res	 r;

	if (db_exec(a, &st_lessons, pl, 3, &r) == -1)
		return -1;
	t->total_lessons = db_cell_i64(&r, 0, 0, 0);
	t->completed_lessons = db_cell_i64(&r, 0, 1, 0);
	t->recorded_lessons = db_cell_i64(&r, 0, 2, 0);
	t->avg_duration_seconds = db_cell(&r, 0, 3) == NULL ? -1 :
	    (int64_t)(strtod(db_cell(&r, 0, 3), NULL) + 0.5);
	t->teaching_minutes = db_cell_i64(&r, 0, 4, 0);
	if (db_exec(a, &st_groups, &pg, 1, &r) == -1)
		return -1;
	t->total_groups = db_cell_i64(&r, 0, 0, 0);
	t->total_students = db_cell_i64(&r, 0, 1, 0);
	if (db_exec(a, &st_work, pw, 4, &r) == -1)
		return -1;
	t->pending_submissions = db_cell_i64(&r, 0, 0, 0);
	t->graded_count_30d = db_cell_i64(&r, 0, 1, 0);
	t->avg_grading_seconds = db_cell(&r, 0, 2) == NULL ? -1 :
	    (int64_t)(strtod(db_cell(&r, 0, 2), NULL) + 0.5);
	t->auto_graded_answers = db_cell_i64(&r, 0, 3, 0);
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
db_summary_points(struct arena *a, int64_t student, const char *since,
    struct dated_points **out, size_t *n)
{
	struct db_val	 p[] = { DB_STR(since), DB_INT(student), DB_INT(student),
	    DB_STR(since), DB_INT(student), DB_STR(since) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_points, p, 6, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].kind = db_cell(&r, i, 0)[0];
		(*out)[i].at = db_cell(&r, i, 1);
		(*out)[i].points = db_cell_i64(&r, i, 2, 0);
		(*out)[i].is_late = db_cell_i64(&r, i, 3, 0) != 0;
		(*out)[i].status = db_cell(&r, i, 4);
	}
	*n = r.nrows;
	return 0;
}
