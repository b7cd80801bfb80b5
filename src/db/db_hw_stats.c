/* The per-homework statistics table: every student assigned now (through
 * a whole group, by name within a group, alone, or through the lesson's
 * group of a homework without rows) and their submission with the sums
 * kept over its answers: one query, one row read per student. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_hw_stats.h"

static struct db_stmt st_stats = DB_STMT(
    "SELECT u.id, x.gid, COALESCE(s.id, 0), u.email, u.first_name, "
    "u.last_name, u.middle_name, g.name, s.status, s.submitted_at, "
    "s.total_score, s.score_override, s.is_late, s.answers_viewed_count, "
    "IF(s.status <> 'in_progress', s.answered_count, 0), s.checked_count, "
    "IF(s.status = 'submitted', s.open_count, 0), s.rework_count, "
    "s.answered_count, s.answered_seconds, s.total_seconds, s.checked_score, "
    "s.checked_points, (SELECT COALESCE(SUM(p.points), 0) FROM "
    "homework_question p WHERE p.homework_id = ?) "
    "FROM (SELECT sid, MIN(gid) AS gid FROM ("
    "SELECT m.customuser_id AS sid, a.group_id AS gid FROM homework_assignment a "
    "JOIN schedule_group_students m ON m.group_id = a.group_id "
    "WHERE a.homework_id = ? AND a.group_id IS NOT NULL AND "
    "(a.student_id IS NULL OR a.student_id = m.customuser_id) AND "
    "(? = 0 OR a.group_id = ?) "
    "UNION ALL SELECT a.student_id, NULL FROM homework_assignment a "
    "WHERE a.homework_id = ? AND a.group_id IS NULL AND ? = 0 "
    "UNION ALL SELECT m.customuser_id, l.group_id FROM homework_homework h "
    "JOIN schedule_lesson l ON l.id = h.lesson_id JOIN schedule_group_students m "
    "ON m.group_id = l.group_id WHERE h.id = ? AND NOT EXISTS (SELECT 1 FROM "
    "homework_assignment a2 WHERE a2.homework_id = h.id) AND "
    "(? = 0 OR l.group_id = ?)) t GROUP BY sid) x "
    "JOIN accounts_customuser u ON u.id = x.sid AND u.role = 'student' "
    "LEFT JOIN schedule_group g ON g.id = x.gid "
    "LEFT JOIN homework_studentsubmission s ON s.homework_id = ? AND "
    "s.student_id = x.sid ORDER BY u.last_name, u.first_name, u.id");

int
db_hw_stats(struct arena *a, int64_t hw, int64_t group,
    struct hw_stats_row **out, size_t *n)
{
	struct db_val		 p[] = { DB_INT(hw), DB_INT(hw), DB_INT(group),
	    DB_INT(group), DB_INT(hw), DB_INT(group), DB_INT(hw), DB_INT(group),
	    DB_INT(group), DB_INT(hw) };
	struct db_res		 r;
	struct hw_stats_row	*x;
	size_t			 i;

	if (db_exec(a, &st_stats, p, 10, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		x = &(*out)[i];
		x->student_id = db_cell_i64(&r, i, 0, 0);
		x->group_id = db_cell_i64(&r, i, 1, 0);
		x->submission_id = db_cell_i64(&r, i, 2, 0);
		x->email = db_cell(&r, i, 3);
		x->first_name = db_cell(&r, i, 4);
		x->last_name = db_cell(&r, i, 5);
		x->middle_name = db_cell(&r, i, 6);
		x->group_name = db_cell(&r, i, 7);
		x->status = db_cell(&r, i, 8);
		x->submitted_at = db_cell(&r, i, 9);
		x->has_total = db_cell(&r, i, 10) != NULL;
		x->total_score = db_cell_i64(&r, i, 10, 0);
		x->has_override = db_cell(&r, i, 11) != NULL;
		x->score_override = db_cell_i64(&r, i, 11, 0);
		x->is_late = db_cell_i64(&r, i, 12, 0) != 0;
		x->viewed = db_cell_i64(&r, i, 13, 0);
		x->completed = db_cell_i64(&r, i, 14, 0);
		x->checked = db_cell_i64(&r, i, 15, 0);
		x->pending = db_cell_i64(&r, i, 16, 0);
		x->rework = db_cell_i64(&r, i, 17, 0);
		x->answered = db_cell_i64(&r, i, 18, 0);
		x->answered_time = db_cell_i64(&r, i, 19, 0);
		x->total_time = db_cell_i64(&r, i, 20, 0);
		x->score_checked = db_cell_i64(&r, i, 21, 0);
		x->points_checked = db_cell_i64(&r, i, 22, 0);
		x->points_total = db_cell_i64(&r, i, 23, 0);
	}
	*n = r.nrows;
	return 0;
}
