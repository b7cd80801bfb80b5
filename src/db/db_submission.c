/* homework_studentsubmission, homework_answer and
 * homework_answer_selected_choices. Several answers are written in one
 * statement each: the rows travel as one JSON parameter read with
 * JSON_TABLE, so the number of statements does not grow with them.
 *
 * Locks: a statement that writes, or reads to write, within one
 * submission's transaction reaches homework_answer only through that
 * submission's range of its (submission_id, question_id) index (MY_ANS),
 * and the tables joined to it by their primary keys, whatever the
 * optimizer thinks of a small table: on a new school's few rows it chose
 * to scan the whole table, locking every classmate's answers, and two
 * students saving or handing in at once deadlocked (a 503). */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_sub_sql.h"
#include "db/db_submission.h"
#include "db/db_tally.h"

/* A submission with its homework's fields, the student, the group, the
 * effective deadline (the student's row, the group's row, the
 * homework's) and the sums kept over its answers. */
#define SUB_COLS \
    "SELECT s.id, s.homework_id, s.student_id, s.teacher_id, s.group_id, " \
    "s.status, s.created_at, s.updated_at, s.first_submitted_at, " \
    "s.submitted_at, s.graded_at, s.total_score, s.score_override, s.is_late, " \
    "s.teacher_feedback_summary, s.revision_count, s.revision_comment, " \
    "s.shuffle_seed, s.answers_viewed_count, h.title, h.status, " \
    "h.late_policy, h.allow_view_answers, (SELECT COALESCE(SUM(q.points), 0) " \
    "FROM homework_question q WHERE q.homework_id = s.homework_id), " \
    "COALESCE((SELECT a.deadline FROM homework_assignment a " \
    "WHERE a.homework_id = s.homework_id AND a.student_id = s.student_id " \
    "AND a.deadline IS NOT NULL ORDER BY a.id LIMIT 1), (SELECT a.deadline " \
    "FROM homework_assignment a WHERE a.homework_id = s.homework_id AND " \
    "a.group_id = s.group_id AND a.student_id IS NULL AND a.deadline IS NOT " \
    "NULL ORDER BY a.id LIMIT 1), h.deadline), u.email, u.first_name, " \
    "u.last_name, u.middle_name, g.name, s.pasted_count, " \
    "s.tab_switch_count, s.total_seconds, "
#define SUB_JOINS \
    "JOIN homework_homework h ON h.id = s.homework_id " \
    "JOIN accounts_customuser u ON u.id = s.student_id " \
    "LEFT JOIN schedule_group g ON g.id = s.group_id "
#define SUB_FROM "FROM homework_studentsubmission s " SUB_JOINS

/* The list filters (each folds away when not given) and the orders: newest
 * first on the scope's (…[, status | group_id], created_at, id) index, the
 * page's ids read from the index alone, then their rows; or one homework's
 * review order by group and name (its few rows sorted). A key test "? = 0"
 * (no key) folds away too. */
#define SUB_FILTERS(s) \
    " AND (? = '' OR " s ".status = ?) AND (? = 0 OR " s ".group_id = ?) " \
    "AND (? = 0 OR " s ".group_id IS NULL)"
#define SUB_OLDER_KEY \
    " AND (? = 0 OR (s.created_at <= ? AND (s.created_at < ? OR s.id < ?)))"
#define SUB_NEWER_KEY \
    " AND (? = 0 OR (s.created_at >= ? AND (s.created_at > ? OR s.id > ?)))"
#define SUB_DESC	"s.created_at DESC, s.id DESC"
#define SUB_ASC		"s.created_at, s.id"
#define SUB_PAGE(scope, key, order) SUB_COLS "0 FROM (SELECT s.id " \
    "FROM homework_studentsubmission s WHERE " scope SUB_FILTERS("s") key \
    " ORDER BY " order " LIMIT ? OFFSET ?) k STRAIGHT_JOIN " \
    "homework_studentsubmission s ON s.id = k.id " SUB_JOINS \
    "ORDER BY " SUB_DESC
#define GNAME	"COALESCE(g.name, '')"
/* By name: (group name, last name, first name) ascending, then id
 * descending; "before" reads the other way (the caller turns it round). */
#define SUB_AFTER_NAME \
    " AND (? = 0 OR " GNAME " > ? OR (" GNAME " = ? AND (u.last_name > ? OR " \
    "(u.last_name = ? AND (u.first_name > ? OR (u.first_name = ? AND " \
    "s.id < ?))))))"
#define SUB_BEFORE_NAME \
    " AND (? = 0 OR " GNAME " < ? OR (" GNAME " = ? AND (u.last_name < ? OR " \
    "(u.last_name = ? AND (u.first_name < ? OR (u.first_name = ? AND " \
    "s.id > ?))))))"
#define SUB_BY_NAME	GNAME ", u.last_name, u.first_name, s.id DESC"
#define SUB_BY_NAME_REV	GNAME " DESC, u.last_name DESC, u.first_name DESC, s.id"
#define SUB_PAGE_HW(scope, key, order) SUB_COLS "0 " SUB_FROM "WHERE " scope \
    " AND s.homework_id = ?" SUB_FILTERS("s") key " ORDER BY " order \
    " LIMIT ? OFFSET ?"
#define SUB_ALL		"? = 0"
#define SUB_TEACHER	"s.teacher_id = ?"
#define SUB_STUDENT	"s.student_id = ?"

static struct db_stmt st_get = DB_STMT(SUB_COLS "1 " SUB_FROM "WHERE s.id = ?");
static struct db_stmt st_get_lock = DB_STMT(SUB_COLS "1 " SUB_FROM
    "WHERE s.id = ? FOR UPDATE");
static struct db_stmt st_find = DB_STMT(SUB_COLS "1 " SUB_FROM
    "WHERE s.homework_id = ? AND s.student_id = ?");
/* A submission's own row, its homework's status and late policy, and
 * whether the homework is assigned to its student now (db_hw_target's
 * rule), in the columns of SUB_COLS where they match; locked. */
#define SUB_ASSIGNED \
    "(EXISTS (SELECT 1 FROM homework_assignment a LEFT JOIN " \
    "schedule_group_students m ON m.group_id = a.group_id AND " \
    "m.customuser_id = s.student_id WHERE a.homework_id = s.homework_id AND " \
    "((a.group_id IS NULL AND a.student_id = s.student_id) OR (m.id IS NOT " \
    "NULL AND (a.student_id IS NULL OR a.student_id = s.student_id)))) OR " \
    "(h.lesson_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " \
    "homework_assignment a WHERE a.homework_id = s.homework_id) AND EXISTS " \
    "(SELECT 1 FROM schedule_lesson l JOIN schedule_group_students m ON " \
    "m.group_id = l.group_id WHERE l.id = h.lesson_id AND m.customuser_id = " \
    "s.student_id)))"
static struct db_stmt st_lock_brief = DB_STMT(
    "SELECT s.id, s.homework_id, s.student_id, s.teacher_id, s.group_id, "
    "s.status, s.first_submitted_at, s.shuffle_seed, h.status, h.late_policy, "
    SUB_ASSIGNED " FROM homework_studentsubmission s JOIN homework_homework h "
    "ON h.id = s.homework_id WHERE s.id = ? FOR UPDATE");
static struct db_stmt st_homework_of = DB_STMT(
    "SELECT homework_id FROM homework_studentsubmission WHERE id = ?");
static struct db_stmt st_find_brief = DB_STMT(
    "SELECT id, status, shuffle_seed FROM homework_studentsubmission "
    "WHERE homework_id = ? AND student_id = ?");
static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO homework_studentsubmission (homework_id, student_id, "
    "teacher_id, group_id, shuffle_seed) VALUES (?, ?, ?, ?, ?)");
/* [scope][forwards, backwards] */
static struct db_stmt st_page[3][2] = {
	{ DB_STMT(SUB_PAGE(SUB_ALL, SUB_OLDER_KEY, SUB_DESC)),
	  DB_STMT(SUB_PAGE(SUB_ALL, SUB_NEWER_KEY, SUB_ASC)) },
	{ DB_STMT(SUB_PAGE(SUB_TEACHER, SUB_OLDER_KEY, SUB_DESC)),
	  DB_STMT(SUB_PAGE(SUB_TEACHER, SUB_NEWER_KEY, SUB_ASC)) },
	{ DB_STMT(SUB_PAGE(SUB_STUDENT, SUB_OLDER_KEY, SUB_DESC)),
	  DB_STMT(SUB_PAGE(SUB_STUDENT, SUB_NEWER_KEY, SUB_ASC)) },
};
static struct db_stmt st_page_hw[3][2] = {
	{ DB_STMT(SUB_PAGE_HW(SUB_ALL, SUB_AFTER_NAME, SUB_BY_NAME)),
	  DB_STMT(SUB_PAGE_HW(SUB_ALL, SUB_BEFORE_NAME, SUB_BY_NAME_REV)) },
	{ DB_STMT(SUB_PAGE_HW(SUB_TEACHER, SUB_AFTER_NAME, SUB_BY_NAME)),
	  DB_STMT(SUB_PAGE_HW(SUB_TEACHER, SUB_BEFORE_NAME, SUB_BY_NAME_REV)) },
	{ DB_STMT(SUB_PAGE_HW(SUB_STUDENT, SUB_AFTER_NAME, SUB_BY_NAME)),
	  DB_STMT(SUB_PAGE_HW(SUB_STUDENT, SUB_BEFORE_NAME, SUB_BY_NAME_REV)) },
};
/* Counts read from an index where no tally serves: one homework's
 * submissions (its students), a student's in one group. */
#define SUB_COUNT(scope) "SELECT COUNT(*) FROM homework_studentsubmission s " \
    "WHERE " scope " AND (? = 0 OR s.homework_id = ?)" SUB_FILTERS("s")
static struct db_stmt st_count[3] = {
	DB_STMT(SUB_COUNT(SUB_ALL)),
	DB_STMT(SUB_COUNT(SUB_TEACHER)),
	DB_STMT(SUB_COUNT(SUB_STUDENT)),
};

/* The sums over a submission's answers (and its total when asked), set
 * again after its answers changed: one statement over its rows; from: the
 * answers (a) joined to their questions (q), where: which answers. */
#define CHECKED "(a.teacher_score IS NOT NULL OR (a.auto_score IS NOT NULL " \
    "AND a.needs_manual_review = 0))"
#define SUMS(from, where) \
    "LEFT JOIN (SELECT a.submission_id, COUNT(a.answered_at) AS an, " \
    "SUM(IF(a.answered_at IS NOT NULL, a.time_spent_seconds, 0)) AS ant, " \
    "SUM(a.time_spent_seconds) AS tt, SUM(" CHECKED ") AS ck, " \
    "SUM(a.needs_manual_review = 1 AND a.teacher_score IS NULL) AS op, " \
    "SUM(a.needs_revision) AS rw, SUM(IF(" CHECKED ", COALESCE(" \
    "a.teacher_score, a.auto_score), 0)) AS cs, SUM(IF(" CHECKED ", " \
    "q.points, 0)) AS cp, SUM(a.is_pasted) AS ps, SUM(a.tab_switches) AS tb, " \
    "SUM(COALESCE(a.teacher_score, a.auto_score, 0)) AS tot, " \
    "SUM(" CHECKED " AND COALESCE(a.teacher_score, a.auto_score) < " \
    "q.points) AS wr, SUM(a.auto_score IS NOT NULL) AS au " \
    from " ON q.id = a.question_id " where \
    " GROUP BY a.submission_id) x ON x.submission_id = s.id "
#define SET_SUMS \
    "SET s.answered_count = COALESCE(x.an, 0), s.answered_seconds = " \
    "COALESCE(LEAST(x.ant, 2000000000), 0), s.total_seconds = COALESCE(" \
    "LEAST(x.tt, 2000000000), 0), s.checked_count = COALESCE(x.ck, 0), " \
    "s.open_count = COALESCE(x.op, 0), s.rework_count = COALESCE(x.rw, 0), " \
    "s.checked_score = COALESCE(x.cs, 0), s.checked_points = COALESCE(x.cp, " \
    "0), s.pasted_count = COALESCE(x.ps, 0), s.tab_switch_count = COALESCE(" \
    "LEAST(x.tb, 2000000000), 0), s.wrong_count = COALESCE(x.wr, 0), " \
    "s.auto_count = COALESCE(x.au, 0), "
static struct db_stmt st_refresh = DB_STMT(
    "UPDATE homework_studentsubmission s "
    SUMS("FROM " MY_ANS "STRAIGHT_JOIN homework_question q" BY_PK,
    "WHERE a.submission_id = ?") SET_SUMS
    "s.total_score = IF(? = 1, COALESCE(x.tot, 0), s.total_score) "
    "WHERE s.id = ?");
/* Left to right: is_late reads first_submitted_at before it is set. */
static struct db_stmt st_submitted = DB_STMT(
    "UPDATE homework_studentsubmission SET is_late = IF(first_submitted_at "
    "IS NULL, ?, is_late), first_submitted_at = COALESCE(first_submitted_at, "
    "UTC_TIMESTAMP(6)), submitted_at = UTC_TIMESTAMP(6), status = ?, "
    "graded_at = IF(? = 'graded', UTC_TIMESTAMP(6), NULL) WHERE id = ?");
static struct db_stmt st_revision_clear = DB_STMT(
    "UPDATE " MY_ANS "SET a.teacher_score = IF(a.revised = 1, NULL, "
    "a.teacher_score), a.revision_count = a.revision_count + "
    "IF(a.revised = 1, 1, 0), a.needs_revision = 0, a.revised = 0 "
    "WHERE a.submission_id = ?");
static struct db_stmt st_set_status = DB_STMT(
    "UPDATE homework_studentsubmission SET graded_at = IF(? = 'graded', "
    "IF(status = 'graded', graded_at, UTC_TIMESTAMP(6)), graded_at), "
    "status = ? WHERE id = ?");
static struct db_stmt st_answer_teacher = DB_STMT(
    "UPDATE homework_answer SET teacher_score = IF(? = 1, ?, teacher_score), "
    "teacher_feedback = COALESCE(?, teacher_feedback) WHERE id = ?");
static struct db_stmt st_answer_ensure = DB_STMT(
    "INSERT IGNORE INTO homework_answer (submission_id, question_id) "
    "VALUES (?, ?)");
static struct db_stmt st_answer_id = DB_STMT(
    "SELECT id FROM homework_answer WHERE submission_id = ? AND "
    "question_id = ?");
static struct db_stmt st_pending = DB_STMT(
    "SELECT a.question_id FROM homework_answer a JOIN homework_question q "
    "ON q.id = a.question_id WHERE a.submission_id = ? AND "
    "a.needs_manual_review = 1 AND a.teacher_score IS NULL "
    "ORDER BY q.position, q.id");
static struct db_stmt st_feedback = DB_STMT(
    "UPDATE homework_studentsubmission SET teacher_feedback_summary = ?, "
    "score_override = IF(? = 1, ?, score_override) WHERE id = ?");
static struct db_stmt st_flag = DB_STMT(
    "UPDATE " MY_ANS "STRAIGHT_JOIN homework_question q" BY_PK
    "ON q.id = a.question_id SET a.needs_revision = q.points > 0 AND "
    "(COALESCE(a.teacher_score, a.auto_score) IS NULL OR "
    "COALESCE(a.teacher_score, a.auto_score) < q.points), a.revised = 0 "
    "WHERE a.submission_id = ?");
static struct db_stmt st_flagged = DB_STMT(
    "SELECT COUNT(*) FROM homework_answer WHERE submission_id = ? AND "
    "needs_revision = 1");
static struct db_stmt st_to_revision = DB_STMT(
    "UPDATE homework_studentsubmission SET status = 'revision', "
    "revision_comment = ?, revision_count = revision_count + 1 WHERE id = ?");
static struct db_stmt st_viewed = DB_STMT(
    "UPDATE homework_studentsubmission SET answers_viewed_count = "
    "answers_viewed_count + 1 WHERE id = ?");

static struct db_stmt st_regrade_rows = DB_STMT(
    "SELECT a.id, a.submission_id, a.question_id, a.answer_json, "
    "JSON_LENGTH(a.attachments) FROM homework_answer a "
    "JOIN homework_studentsubmission s ON s.id = a.submission_id "
    "JOIN JSON_TABLE(?, '$[*]' COLUMNS (q BIGINT PATH '$')) j "
    "ON j.q = a.question_id WHERE s.homework_id = ? AND "
    "s.status <> 'in_progress'");
/* A regrade runs under its homework's lock and writes only the handed-in
 * work of that homework: the answers by primary key, the submissions
 * through their homework's range of (homework_id, status), each one's
 * answers through its own range (MY_ANS): nothing of work in progress or
 * of another homework is locked, whatever the optimizer thinks of small
 * tables. */
static struct db_stmt st_regrade_write = DB_STMT(
    "UPDATE JSON_TABLE(?, '$[*]' COLUMNS (id BIGINT PATH '$.a', auto INT "
    "PATH '$.auto', manual INT PATH '$.manual' DEFAULT '0' ON EMPTY)) j "
    "STRAIGHT_JOIN homework_answer a" BY_PK "ON a.id = j.id STRAIGHT_JOIN "
    "homework_question q" BY_PK "ON q.id = a.question_id SET a.auto_score = "
    "j.auto, a.needs_manual_review = j.manual = 1, a.teacher_score = "
    "LEAST(a.teacher_score, q.points)");
#define PENDING(s) "EXISTS (SELECT 1 FROM homework_answer p FORCE INDEX " \
    "(uq_hwans_submission_question) WHERE p.submission_id = " s ".id AND " \
    "p.needs_manual_review = 1 AND p.teacher_score IS NULL)"
#define HANDED_IN(s) "homework_studentsubmission " s " FORCE INDEX " \
    "(ix_hws_homework_status) "
/* By equality on (homework_id, status): a range that ends at work in
 * progress ("<> 'in_progress'") locked the first such work it reached. */
#define OF_HANDED_IN(s) " WHERE " s ".homework_id = ? AND " s ".status IN " \
    "('submitted', 'graded', 'revision')"
static struct db_stmt st_regrade_totals = DB_STMT(
    "UPDATE " HANDED_IN("s")
    SUMS("FROM " HANDED_IN("z") "STRAIGHT_JOIN " MY_ANS "ON a.submission_id "
    "= z.id STRAIGHT_JOIN homework_question q" BY_PK, OF_HANDED_IN("z"))
    SET_SUMS "s.total_score = COALESCE(x.tot, 0), "
    "s.graded_at = IF(s.status = 'submitted' AND NOT " PENDING("s") ", "
    "UTC_TIMESTAMP(6), IF(s.status = 'graded' AND " PENDING("s") ", NULL, "
    "s.graded_at)), s.status = IF(s.status IN ('submitted', 'graded'), "
    "IF(" PENDING("s") ", 'submitted', 'graded'), s.status)"
    OF_HANDED_IN("s"));
/* After an import: the sums of every submission. */
static struct db_stmt st_refresh_all = DB_STMT(
    "UPDATE homework_studentsubmission s "
    SUMS("FROM homework_answer a JOIN homework_question q", "WHERE 1 = 1")
    SET_SUMS "s.total_score = s.total_score");

static struct db_val
opt_int(int64_t v)
{
	return v ? DB_INT(v) : DB_NULL;
}

static void
from_row(const struct db_res *r, size_t i, struct submission *s)
{
	s->id = db_cell_i64(r, i, 0, 0);
	s->homework_id = db_cell_i64(r, i, 1, 0);
	s->student_id = db_cell_i64(r, i, 2, 0);
	s->teacher_id = db_cell_i64(r, i, 3, 0);
	s->group_id = db_cell_i64(r, i, 4, 0);
	s->status = db_cell(r, i, 5);
	s->created_at = db_cell(r, i, 6);
	s->updated_at = db_cell(r, i, 7);
	s->first_submitted_at = db_cell(r, i, 8);
	s->submitted_at = db_cell(r, i, 9);
	s->graded_at = db_cell(r, i, 10);
	s->has_total = db_cell(r, i, 11) != NULL;
	s->total_score = db_cell_i64(r, i, 11, 0);
	s->has_override = db_cell(r, i, 12) != NULL;
	s->score_override = db_cell_i64(r, i, 12, 0);
	s->is_late = db_cell_i64(r, i, 13, 0) != 0;
	s->feedback = db_cell(r, i, 14);
	s->revision_count = db_cell_i64(r, i, 15, 0);
	s->revision_comment = db_cell(r, i, 16);
	s->shuffle_seed = db_cell_i64(r, i, 17, 0);
	s->answers_viewed_count = db_cell_i64(r, i, 18, 0);
	s->homework_title = db_cell(r, i, 19);
	s->homework_status = db_cell(r, i, 20);
	s->late_policy = db_cell(r, i, 21);
	s->allow_view_answers = db_cell_i64(r, i, 22, 1) != 0;
	s->points_total = db_cell_i64(r, i, 23, 0);
	s->effective_deadline = db_cell(r, i, 24);
	s->student_email = db_cell(r, i, 25);
	s->student_first = db_cell(r, i, 26);
	s->student_last = db_cell(r, i, 27);
	s->student_middle = db_cell(r, i, 28);
	s->group_name = db_cell(r, i, 29);
	s->paste_count = db_cell_i64(r, i, 30, 0);
	s->tab_switches = db_cell_i64(r, i, 31, 0);
	s->answers_time = db_cell_i64(r, i, 32, 0);
}

static int
one(struct arena *a, struct db_stmt *st, const struct db_val *p, size_t np,
    struct submission *s)
{
	struct db_res	 r;

	if (db_exec(a, st, p, np, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, s);
	return 1;
}

int
db_sub_get(struct arena *a, int64_t id, int lock, struct submission *s)
{
	struct db_val	 p = DB_INT(id);

	return one(a, lock ? &st_get_lock : &st_get, &p, 1, s);
}

int
db_sub_find(struct arena *a, int64_t hw, int64_t student, struct submission *s)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(student) };

	return one(a, &st_find, p, 2, s);
}

int
db_sub_lock_brief(struct arena *a, int64_t id, struct submission *s,
    int *assigned)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_lock_brief, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	memset(s, 0, sizeof(*s));
	s->id = db_cell_i64(&r, 0, 0, 0);
	s->homework_id = db_cell_i64(&r, 0, 1, 0);
	s->student_id = db_cell_i64(&r, 0, 2, 0);
	s->teacher_id = db_cell_i64(&r, 0, 3, 0);
	s->group_id = db_cell_i64(&r, 0, 4, 0);
	s->status = db_cell(&r, 0, 5);
	s->first_submitted_at = db_cell(&r, 0, 6);
	s->shuffle_seed = db_cell_i64(&r, 0, 7, 0);
	s->homework_status = db_cell(&r, 0, 8);
	s->late_policy = db_cell(&r, 0, 9);
	*assigned = db_cell_i64(&r, 0, 10, 0) != 0;
	return 1;
}

int
db_sub_homework(struct arena *a, int64_t id, int64_t *hw)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	*hw = 0;
	if (db_exec(a, &st_homework_of, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*hw = db_cell_i64(&r, 0, 0, 0);
	return 1;
}

int
db_sub_find_brief(struct arena *a, int64_t hw, int64_t student,
    struct submission *s)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(student) };
	struct db_res	 r;

	memset(s, 0, sizeof(*s));
	if (db_exec(a, &st_find_brief, p, 2, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	s->id = db_cell_i64(&r, 0, 0, 0);
	s->status = db_cell(&r, 0, 1);
	s->shuffle_seed = db_cell_i64(&r, 0, 2, 0);
	return 1;
}

int
db_sub_insert(struct arena *a, int64_t hw, int64_t student, int64_t teacher,
    int64_t group, int64_t seed, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(student), DB_INT(teacher),
	    opt_int(group), DB_INT(seed) };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 5, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

/* The filters' parameters, as SUB_FILTERS wants them. */
static size_t
filter_params(struct db_val *p, const struct sub_filter *f)
{
	const char	*status = f->status ? f->status : "";

	/* (? = 0 OR group_id IS NULL): individual only when set. */
	p[0] = DB_STR(status);
	p[1] = DB_STR(status);
	p[2] = DB_INT(f->group_id);
	p[3] = DB_INT(f->group_id);
	p[4] = DB_INT(f->individual ? 1 : 0);
	return 5;
}

int
db_sub_page(struct arena *a, enum sub_scope scope, int64_t user,
    const struct sub_filter *f, const struct keyset *ks,
    struct submission **out, size_t *n)
{
	struct db_val	 p[24];
	struct db_res	 r;
	struct submission tmp;
	size_t		 k = 0, i, j, nk = f->homework_id ? 4 : 2;
	int		 back = ks->dir == KEYSET_BEFORE, has = ks->dir !=
	    KEYSET_FIRST && ks->n == nk;

	p[k++] = DB_INT(scope == SUB_SCOPE_ALL ? 0 : user);
	if (f->homework_id)
		p[k++] = DB_INT(f->homework_id);
	k += filter_params(p + k, f);
	p[k++] = DB_INT(has);
	/* The key's text values, each twice ("> ?" and "= ?"; a newest-first
	 * key: "<= ?" and "< ?"). */
	for (i = 0; i < nk - 1; i++) {
		p[k] = DB_STR(has && ks->v[i].s ? ks->v[i].s : "");
		p[k + 1] = p[k];
		k += 2;
	}
	p[k++] = DB_INT(has ? ks->v[nk - 1].i : 0);
	p[k++] = DB_INT(ks->limit);
	p[k++] = DB_INT(ks->offset);
	if (db_exec(a, f->homework_id ? &st_page_hw[scope][back] :
	    &st_page[scope][back], p, k, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		from_row(&r, i, &(*out)[i]);
	/* One homework's page read backwards: into list order. */
	for (i = 0, j = r.nrows; f->homework_id && back && i + 1 < j; i++) {
		j--;
		tmp = (*out)[i];
		(*out)[i] = (*out)[j];
		(*out)[j] = tmp;
	}
	return 0;
}

int
db_sub_count(struct arena *a, enum sub_scope scope, int64_t user,
    const struct sub_filter *f, int64_t *total)
{
	struct db_val	 p[8];
	struct db_res	 r;
	size_t		 k = 0;
	int64_t		 who = scope == SUB_SCOPE_ALL ? 0 : user;
	const char	*st = f->status ? f->status : "";

	if (f->group_id != 0 && f->individual) {
		*total = 0;
		return 0;
	}
	if (f->homework_id == 0 && scope != SUB_SCOPE_STUDENT)
		return f->group_id || f->individual ? db_tally(a, "hw_sub_g", who,
		    f->individual ? -1 : f->group_id, st, total) :
		    db_tally(a, "hw_sub", who, 0, st, total);
	if (f->homework_id == 0 && !f->group_id && !f->individual)
		return db_tally(a, "hw_sub", 0, user, st, total);
	p[k++] = DB_INT(who);
	p[k++] = DB_INT(f->homework_id);
	p[k++] = DB_INT(f->homework_id);
	k += filter_params(p + k, f);
	if (db_exec(a, &st_count[scope], p, k, &r) == -1)
		return -1;
	*total = db_cell_i64(&r, 0, 0, 0);
	return 0;
}

/* One statement taking the submission's id only. */
static int
by_id(struct arena *a, struct db_stmt *st, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, st, &p, 1, NULL);
}

int
db_sub_refresh(struct arena *a, int64_t sub, int total)
{
	struct db_val	 p[] = { DB_INT(sub), DB_INT(total ? 1 : 0), DB_INT(sub) };

	return db_exec(a, &st_refresh, p, 3, NULL);
}

int
db_sub_refresh_all(struct arena *a)
{
	return db_exec(a, &st_refresh_all, NULL, 0, NULL);
}

int
db_sub_submitted(struct arena *a, int64_t sub, const char *status, int late)
{
	struct db_val	 p[] = { DB_INT(late != 0), DB_STR(status), DB_STR(status),
	    DB_INT(sub) };

	return db_exec(a, &st_submitted, p, 4, NULL);
}

int
db_sub_revision_clear(struct arena *a, int64_t sub)
{
	return by_id(a, &st_revision_clear, sub);
}

int
db_sub_set_status(struct arena *a, int64_t sub, const char *status)
{
	struct db_val	 p[] = { DB_STR(status), DB_STR(status), DB_INT(sub) };

	return db_exec(a, &st_set_status, p, 3, NULL);
}

int
db_answer_teacher(struct arena *a, int64_t answer, int set_score, int64_t score,
    const char *feedback)
{
	struct db_val	 p[] = { DB_INT(set_score != 0),
	    set_score == 2 ? DB_NULL : DB_INT(score),
	    feedback ? DB_STR(feedback) : DB_NULL, DB_INT(answer) };

	return db_exec(a, &st_answer_teacher, p, 4, NULL);
}

int
db_answer_ensure(struct arena *a, int64_t sub, int64_t question, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(sub), DB_INT(question) };
	struct db_res	 r;

	if (db_exec(a, &st_answer_ensure, p, 2, NULL) == -1 ||
	    db_exec(a, &st_answer_id, p, 2, &r) == -1)
		return -1;
	*id = db_cell_i64(&r, 0, 0, 0);
	return 0;
}

int
db_sub_pending(struct arena *a, int64_t sub, int64_t **ids, size_t *n)
{
	struct db_val	 p = DB_INT(sub);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_pending, &p, 1, &r) == -1 ||
	    (*ids = arena_zalloc(a, (r.nrows + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		(*ids)[i] = db_cell_i64(&r, i, 0, 0);
	*n = r.nrows;
	return 0;
}

int
db_sub_feedback(struct arena *a, int64_t sub, const char *json, int set_override,
    int has_override, int64_t override)
{
	struct db_val	 p[] = { DB_STR(json), DB_INT(set_override != 0),
	    has_override ? DB_INT(override) : DB_NULL, DB_INT(sub) };

	return db_exec(a, &st_feedback, p, 4, NULL);
}

int
db_sub_flag_revision(struct arena *a, int64_t sub, int64_t *n)
{
	struct db_val	 p = DB_INT(sub);
	struct db_res	 r;

	if (db_exec(a, &st_flag, &p, 1, NULL) == -1 ||
	    db_exec(a, &st_flagged, &p, 1, &r) == -1)
		return -1;
	*n = db_cell_i64(&r, 0, 0, 0);
	return 0;
}

int
db_sub_to_revision(struct arena *a, int64_t sub, const char *comment)
{
	struct db_val	 p[] = { DB_STR(comment), DB_INT(sub) };

	return db_exec(a, &st_to_revision, p, 2, NULL);
}

int
db_sub_viewed(struct arena *a, int64_t sub)
{
	return by_id(a, &st_viewed, sub);
}

int
db_regrade_answers(struct arena *a, int64_t hw, const char *qids,
    struct regrade_row **out, size_t *n)
{
	struct db_val		 p[] = { DB_STR(qids), DB_INT(hw) };
	struct db_res		 r;
	size_t			 i;

	if (db_exec(a, &st_regrade_rows, p, 2, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].answer_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].submission_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].question_id = db_cell_i64(&r, i, 2, 0);
		(*out)[i].answer_json = db_cell(&r, i, 3);
		(*out)[i].nfiles = db_cell_i64(&r, i, 4, 0);
	}
	*n = r.nrows;
	return 0;
}

int
db_regrade_write(struct arena *a, const char *rows)
{
	struct db_val	 p = DB_STR(rows);

	return db_exec(a, &st_regrade_write, &p, 1, NULL);
}

int
db_regrade_totals(struct arena *a, int64_t hw)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(hw) };

	return db_exec(a, &st_regrade_totals, p, 2, NULL);
}
