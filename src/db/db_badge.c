/* Badges: the facts the rules read, awarding once, listing. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_badge.h"
#include "db/db_report.h"

static struct db_stmt st_facts = DB_STMT(
    "SELECT s.student_id, s.homework_id, s.status, s.created_at, "
    "s.first_submitted_at, COALESCE(s.score_override, s.total_score), "
    "(SELECT COALESCE(SUM(q.points), 0) FROM homework_question q "
    "WHERE q.homework_id = h.id), h.gamification_enabled, h.published_at, "
    "h.deadline FROM homework_studentsubmission s JOIN homework_homework h "
    "ON h.id = s.homework_id WHERE s.id = ?");
/* The unique keys (student, type, homework) and (student, type, period)
 * make a second award of the same badge a no-op. */
static struct db_stmt st_award = DB_STMT(
    "INSERT IGNORE INTO homework_badge (student_id, badge_type, homework_id, "
    "period) VALUES (?, ?, ?, ?)");
/* A student's homework: their own rows, their groups' whole-group rows,
 * and lesson-linked homework without rows (homework_lesson_reach, 0028);
 * the most specific row's deadline first. Walked from the student's rows
 * and groups (derived table MY_HW), then each homework by its key: a
 * filter on every homework of the school read them all (19,000 on
 * bench/analytics' big seed: 50 ms on each first hand-in), and so did a
 * plan that joined the homework first where most were gamified; the
 * lessons' way read every lesson of the student's groups. */
#define MINE "(SELECT m.group_id FROM schedule_group_students m " \
    "WHERE m.customuser_id = ?)"
#define MY_HW "(SELECT a.homework_id AS id FROM homework_assignment a " \
    "WHERE a.student_id = ? UNION SELECT a.homework_id " \
    "FROM schedule_group_students m JOIN homework_assignment a " \
    "ON a.group_id = m.group_id AND a.student_id IS NULL " \
    "WHERE m.customuser_id = ? UNION SELECT r.homework_id " \
    "FROM schedule_group_students m JOIN homework_lesson_reach r " \
    "ON r.group_id = m.group_id WHERE m.customuser_id = ?)"
static struct db_stmt st_due = DB_STMT(
    "SELECT h.id, COALESCE((SELECT a.deadline FROM homework_assignment a "
    "WHERE a.homework_id = h.id AND (a.student_id = ? OR (a.student_id IS NULL "
    "AND a.group_id IN " MINE ")) ORDER BY a.student_id IS NULL, a.id LIMIT 1), "
    "h.deadline), EXISTS (SELECT 1 FROM homework_studentsubmission s "
    "WHERE s.homework_id = h.id AND s.student_id = ? AND "
    "s.first_submitted_at IS NOT NULL) FROM " MY_HW " mine "
    "STRAIGHT_JOIN homework_homework h ON h.id = mine.id "
    "WHERE h.status <> 'draft' AND h.gamification_enabled");
/* A month's MARATHON candidates: the students with handed-in work of a
 * gamified homework due in [from, to) by its own deadline or by one of its
 * assignment rows' (an effective deadline is one of those), without that
 * month's badge yet. Read from what is due (0031's indexes), then each
 * homework's work (uq_hws_homework_student), never the submissions'
 * history. */
static struct db_stmt st_candidates = DB_STMT(
    "SELECT DISTINCT s.student_id FROM (SELECT h.id FROM homework_homework h "
    "FORCE INDEX (ix_hw_gamified_deadline) WHERE h.gamification_enabled = 1 "
    "AND h.deadline >= ? AND h.deadline < ? UNION SELECT a.homework_id "
    "FROM homework_assignment a FORCE INDEX (ix_hwa_deadline) "
    "WHERE a.deadline >= ? AND a.deadline < ?) due "
    "STRAIGHT_JOIN homework_homework h ON h.id = due.id "
    "STRAIGHT_JOIN homework_studentsubmission s FORCE INDEX "
    "(uq_hws_homework_student) ON s.homework_id = h.id "
    "WHERE h.gamification_enabled AND h.status <> 'draft' "
    "AND s.first_submitted_at IS NOT NULL AND NOT EXISTS (SELECT 1 "
    "FROM homework_badge b WHERE b.student_id = s.student_id "
    "AND b.badge_type = 'MARATHON' AND b.period = ?)");
static struct db_stmt st_teacher_has = DB_STMT(
    "SELECT 1 FROM schedule_group_students m JOIN schedule_group g "
    "ON g.id = m.group_id WHERE m.customuser_id = ? AND g.teacher_id = ? LIMIT 1");
#define LIST_COLS "SELECT b.student_id, b.homework_id, b.badge_type, b.period, " \
    "b.earned_at FROM "
static struct db_stmt st_list_student = DB_STMT(LIST_COLS "homework_badge b "
    "WHERE b.student_id = ? ORDER BY b.earned_at, b.id");
static struct db_stmt st_list_group = DB_STMT(LIST_COLS
    "schedule_group_students m JOIN homework_badge b ON b.student_id = "
    "m.customuser_id WHERE m.group_id = ? ORDER BY b.earned_at, b.id");

int
db_badge_facts(struct arena *a, int64_t id, struct badge_facts *f)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_facts, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	f->student_id = db_cell_i64(&r, 0, 0, 0);
	f->homework_id = db_cell_i64(&r, 0, 1, 0);
	f->status = db_cell(&r, 0, 2);
	f->created_at = db_cell(&r, 0, 3);
	f->first_submitted_at = db_cell(&r, 0, 4);
	f->score = db_cell_i64(&r, 0, 5, -1);
	f->points = db_cell_i64(&r, 0, 6, 0);
	f->gamification = db_cell_i64(&r, 0, 7, 0) != 0;
	f->published_at = db_cell(&r, 0, 8);
	f->deadline = db_cell(&r, 0, 9);
	return 1;
}

int
db_badge_award(struct arena *a, int64_t student, const char *type, int64_t hw,
    const char *period)
{
	struct db_val	 p[] = { DB_INT(student), DB_STR(type),
	    hw > 0 ? DB_INT(hw) : DB_NULL, period ? DB_STR(period) : DB_NULL };

	return db_exec_changed(a, &st_award, p, 4);
}

int
db_badge_due(struct arena *a, int64_t student, struct badge_due **out,
    size_t *n)
{
	struct db_val	 p[] = { DB_INT(student), DB_INT(student), DB_INT(student),
	    DB_INT(student), DB_INT(student), DB_INT(student) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_due, p, 6, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].homework_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].deadline = db_cell(&r, i, 1);
		(*out)[i].sent = db_cell_i64(&r, i, 2, 0) != 0;
	}
	*n = r.nrows;
	return 0;
}

int
db_badge_candidates(struct arena *a, const char *from, const char *to,
    const char *month, int64_t **ids, size_t *n)
{
	struct db_val	 p[] = { DB_STR(from), DB_STR(to), DB_STR(from),
	    DB_STR(to), DB_STR(month) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_candidates, p, 5, &r) == -1 ||
	    (*ids = arena_alloc(a, (r.nrows + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		(*ids)[i] = db_cell_i64(&r, i, 0, 0);
	*n = r.nrows;
	return 0;
}

int
db_badge_list(struct arena *a, int64_t student, int64_t group,
    struct rp_badge **out, size_t *n)
{
	struct db_val	 p = DB_INT(student != 0 ? student : group);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, student != 0 ? &st_list_student : &st_list_group, &p, 1,
	    &r) == -1 || (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].student_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].homework_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].type = db_cell(&r, i, 2);
		(*out)[i].period = db_cell(&r, i, 3);
		(*out)[i].earned_at = db_cell(&r, i, 4);
		(*out)[i].count = 1;
	}
	*n = r.nrows;
	return 0;
}

int
db_badge_teacher_has(struct arena *a, int64_t teacher, int64_t student)
{
	struct db_val	 p[] = { DB_INT(student), DB_INT(teacher) };
	struct db_res	 r;

	if (db_exec(a, &st_teacher_has, p, 2, &r) == -1)
		return -1;
	return r.nrows > 0;
}
