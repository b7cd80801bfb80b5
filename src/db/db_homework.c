/* homework_homework, homework_assignment, homework_question and
 * homework_choice. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "core/json.h"
#include "db/db.h"
#include "db/db_homework.h"
#include "db/db_hw_sql.h"
#include "db/db_tally.h"
#include "domain/hw_question.h"

/* Newest first (created_at DESC, id DESC) after a key (later in the list:
 * smaller), or before it (read ascending, shown newest first); each key
 * test "? = 0" (no key) folds away. The first half of a key test is a
 * range on the (…, created_at, id) index. */
#define HW_NEWER_KEY \
    " AND (? = 0 OR (h.created_at <= ? AND (h.created_at < ? OR h.id < ?)))"
#define HW_OLDER_KEY \
    " AND (? = 0 OR (h.created_at >= ? AND (h.created_at > ? OR h.id > ?)))"
#define HW_DESC	"h.created_at DESC, h.id DESC"
#define HW_ASC	"h.created_at, h.id"
/* A teacher's or everyone's page: its ids from the index alone (?page=N
 * skips index entries), then their rows. */
#define HW_PAGE(scope, key, order) HW_COLS HW_NOSUB ", 0 FROM (SELECT h.id " \
    "FROM homework_homework h WHERE " scope key " ORDER BY " order \
    " LIMIT ? OFFSET ?) k STRAIGHT_JOIN homework_homework h ON h.id = k.id " \
    HW_JOINS "ORDER BY " HW_DESC
static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO homework_homework (teacher_id, lesson_id, title, description, "
    "deadline, max_score, student_instructions, late_policy, "
    "allow_view_answers, gamification_enabled) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_update = DB_STMT(
    "UPDATE homework_homework SET lesson_id = ?, title = ?, description = ?, "
    "deadline = ?, max_score = ?, student_instructions = ?, late_policy = ?, "
    "allow_view_answers = ?, gamification_enabled = ? WHERE id = ?");
static struct db_stmt st_get = DB_STMT(HW_COLS HW_NOSUB ", 1 " HW_FROM
    "WHERE h.id = ?");
/* The homework's own row and its lesson's group, without the sums over
 * its questions, submissions and assignments (the same columns, 0/NULL). */
static struct db_stmt st_get_core = DB_STMT(
    "SELECT h.id, h.teacher_id, t.email, t.first_name, t.last_name, "
    "h.lesson_id, h.title, h.description, h.status, h.published_at, "
    "h.deadline, h.max_score, h.student_instructions, h.allow_view_answers, "
    "h.gamification_enabled, h.late_policy, h.created_at, h.updated_at, "
    "0, 0, 0, 0, NULL, lg.id, lg.name, " HW_NOSUB ", 1 " HW_FROM
    "WHERE h.id = ?");
static struct db_stmt st_lock = DB_STMT(
    "SELECT id FROM homework_homework WHERE id = ? FOR UPDATE");
static struct db_stmt st_status = DB_STMT(
    "UPDATE homework_homework SET status = ?, published_at = "
    "IF(? = 'published', COALESCE(published_at, UTC_TIMESTAMP(6)), "
    "published_at) WHERE id = ?");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM homework_homework WHERE id = ?");
static struct db_stmt st_handed_in = DB_STMT(
    "SELECT 1 FROM homework_studentsubmission WHERE homework_id = ? "
    "AND (? = 1 OR status <> 'in_progress') LIMIT 1");

/* The lists, one statement per scope, filter and direction so each walks
 * its index: [all, all by status, teacher, teacher by status][forwards,
 * backwards]. */
#define HW_ALL		"1 = 1"
#define HW_STATUS	"h.status = ?"
#define HW_TEACHER	"h.teacher_id = ?"
#define HW_TEACHER_ST	"h.teacher_id = ? AND h.status = ?"
static struct db_stmt st_page[4][2] = {
	{ DB_STMT(HW_PAGE(HW_ALL, HW_NEWER_KEY, HW_DESC)),
	  DB_STMT(HW_PAGE(HW_ALL, HW_OLDER_KEY, HW_ASC)) },
	{ DB_STMT(HW_PAGE(HW_STATUS, HW_NEWER_KEY, HW_DESC)),
	  DB_STMT(HW_PAGE(HW_STATUS, HW_OLDER_KEY, HW_ASC)) },
	{ DB_STMT(HW_PAGE(HW_TEACHER, HW_NEWER_KEY, HW_DESC)),
	  DB_STMT(HW_PAGE(HW_TEACHER, HW_OLDER_KEY, HW_ASC)) },
	{ DB_STMT(HW_PAGE(HW_TEACHER_ST, HW_NEWER_KEY, HW_DESC)),
	  DB_STMT(HW_PAGE(HW_TEACHER_ST, HW_OLDER_KEY, HW_ASC)) },
};
/* The most specific row naming the student: their own (kind 0), their
 * group's (1), else the lesson's group of a homework without rows (2). */
static struct db_stmt st_target = DB_STMT(
    "SELECT k, group_id, name, deadline, created_at FROM ("
    "SELECT IF(a.student_id IS NULL, 1, 0) AS k, a.id AS ord, a.group_id, "
    "g.name, a.deadline, a.created_at FROM homework_assignment a "
    "LEFT JOIN schedule_group g ON g.id = a.group_id "
    "LEFT JOIN schedule_group_students m ON m.group_id = a.group_id "
    "AND m.customuser_id = ? WHERE a.homework_id = ? AND "
    "((a.group_id IS NULL AND a.student_id = ?) OR (m.id IS NOT NULL AND "
    "(a.student_id IS NULL OR a.student_id = ?))) "
    "UNION ALL SELECT 2, 0, lg.id, lg.name, NULL, h.created_at "
    "FROM homework_homework h JOIN schedule_lesson l ON l.id = h.lesson_id "
    "JOIN schedule_group lg ON lg.id = l.group_id JOIN schedule_group_students m "
    "ON m.group_id = lg.id AND m.customuser_id = ? WHERE h.id = ? AND "
    "NOT EXISTS (SELECT 1 FROM homework_assignment a WHERE a.homework_id = h.id)"
    ") x ORDER BY k, ord LIMIT 1");
static struct db_stmt st_assign_clear = DB_STMT(
    "DELETE FROM homework_assignment WHERE homework_id = ? AND "
    "IF(? = 1, group_id IS NOT NULL, group_id IS NULL)");
static struct db_stmt st_assign_insert = DB_STMT(
    "INSERT INTO homework_assignment (homework_id, group_id, student_id, "
    "deadline) VALUES (?, ?, ?, ?)");
static struct db_stmt st_has_target = DB_STMT(
    "SELECT 1 FROM homework_homework h WHERE h.id = ? AND (EXISTS (SELECT 1 "
    "FROM homework_assignment a WHERE a.homework_id = h.id) OR EXISTS "
    "(SELECT 1 FROM schedule_lesson l WHERE l.id = h.lesson_id))");
static struct db_stmt st_teacher_group = DB_STMT(
    "SELECT name FROM schedule_group WHERE id = ? AND teacher_id = ?");
static struct db_stmt st_teacher_student = DB_STMT(
    "SELECT 1 FROM schedule_group_students m JOIN schedule_group g "
    "ON g.id = m.group_id JOIN accounts_customuser u ON u.id = m.customuser_id "
    "WHERE m.customuser_id = ? AND g.teacher_id = ? AND u.role = 'student' "
    "LIMIT 1");
static struct db_stmt st_teacher_lesson = DB_STMT(
    "SELECT 1 FROM schedule_lesson WHERE id = ? AND teacher_id = ?");
#define ASSIGN_COLS \
    "SELECT a.id, COALESCE(a.group_id, 0), COALESCE(a.student_id, 0), g.name, " \
    "a.deadline, a.created_at, u.email, u.first_name, u.last_name "
static struct db_stmt st_assign_rows = DB_STMT(ASSIGN_COLS
    "FROM homework_assignment a LEFT JOIN schedule_group g ON g.id = a.group_id "
    "LEFT JOIN accounts_customuser u ON u.id = a.student_id "
    "WHERE a.homework_id = ? ORDER BY a.group_id IS NULL, g.name, g.id, "
    "u.last_name, u.first_name, a.id");
static struct db_stmt st_assign_members = DB_STMT(
    "SELECT 0, g.id, u.id, g.name, NULL, NULL, u.email, u.first_name, "
    "u.last_name FROM schedule_group g JOIN schedule_group_students m "
    "ON m.group_id = g.id JOIN accounts_customuser u ON u.id = m.customuser_id "
    "WHERE g.id IN (SELECT a.group_id FROM homework_assignment a "
    "WHERE a.homework_id = ?) AND u.is_active = 1 AND u.role = 'student' "
    "ORDER BY g.name, g.id, u.last_name, u.first_name, u.id");

/* Questions with their choices, one row per choice (a question without
 * choices: one row with NULLs), in order. */
static struct db_stmt st_questions = DB_STMT(
    "SELECT q.id, q.question_type, q.prompt, q.explanation, q.points, "
    "q.position, q.config, c.id, c.text, c.is_correct, c.position "
    "FROM homework_question q LEFT JOIN homework_choice c "
    "ON c.question_id = q.id WHERE q.homework_id = ? "
    "ORDER BY q.position, q.id");
static struct db_stmt st_questions_in = DB_STMT(
    "SELECT q.id, q.question_type, q.prompt, q.explanation, q.points, "
    "q.position, q.config, c.id, c.text, c.is_correct, c.position "
    "FROM homework_studentsubmission s STRAIGHT_JOIN JSON_TABLE(?, '$[*]' "
    "COLUMNS (id BIGINT PATH '$')) j STRAIGHT_JOIN homework_question q "
    "ON q.id = j.id AND q.homework_id = s.homework_id "
    "LEFT JOIN homework_choice c ON c.question_id = q.id "
    "WHERE s.id = ? AND s.student_id = ?");
static struct db_stmt st_q_insert = DB_STMT(
    "INSERT INTO homework_question (homework_id, prompt, question_type, "
    "points, position, config, explanation) VALUES (?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_q_update = DB_STMT(
    "UPDATE homework_question SET prompt = ?, question_type = ?, points = ?, "
    "position = ?, config = ?, explanation = ? WHERE id = ?");
static struct db_stmt st_q_delete = DB_STMT(
    "DELETE FROM homework_question WHERE id = ?");
static struct db_stmt st_c_insert = DB_STMT(
    "INSERT INTO homework_choice (question_id, text, is_correct, position) "
    "VALUES (?, ?, ?, ?)");
static struct db_stmt st_c_update = DB_STMT(
    "UPDATE homework_choice SET text = ?, is_correct = ?, position = ? "
    "WHERE id = ?");
static struct db_stmt st_c_delete = DB_STMT(
    "DELETE FROM homework_choice WHERE id = ?");
static struct db_stmt st_answered = DB_STMT(
    "SELECT DISTINCT a.question_id FROM homework_studentsubmission s "
    "JOIN homework_answer a ON a.submission_id = s.id WHERE s.homework_id = ? "
    "AND s.status <> 'in_progress' AND (a.answered_at IS NOT NULL OR "
    "a.teacher_score IS NOT NULL OR JSON_LENGTH(a.attachments) > 0)");

static struct db_val
opt_int(int64_t v)
{
	return v ? DB_INT(v) : DB_NULL;
}

static struct db_val
opt_str(const char *s)
{
	return s ? DB_STR(s) : DB_NULL;
}

int
db_hw_insert(struct arena *a, const struct hw_row *w, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(w->teacher_id), opt_int(w->lesson_id),
	    DB_STR(w->title), DB_STR(w->description), opt_str(w->deadline),
	    DB_INT(w->max_score), DB_STR(w->student_instructions),
	    DB_STR(w->late_policy), DB_INT(w->allow_view_answers),
	    DB_INT(w->gamification_enabled) };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 10, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_hw_update(struct arena *a, int64_t id, const struct hw_row *w)
{
	struct db_val	 p[] = { opt_int(w->lesson_id), DB_STR(w->title),
	    DB_STR(w->description), opt_str(w->deadline), DB_INT(w->max_score),
	    DB_STR(w->student_instructions), DB_STR(w->late_policy),
	    DB_INT(w->allow_view_answers), DB_INT(w->gamification_enabled),
	    DB_INT(id) };

	return db_exec(a, &st_update, p, 10, NULL);
}

void
db_hw_from_row(const struct db_res *r, size_t i, struct homework *h)
{
	h->id = db_cell_i64(r, i, 0, 0);
	h->teacher_id = db_cell_i64(r, i, 1, 0);
	h->teacher_email = db_cell(r, i, 2);
	h->teacher_first = db_cell(r, i, 3);
	h->teacher_last = db_cell(r, i, 4);
	h->lesson_id = db_cell_i64(r, i, 5, 0);
	h->title = db_cell(r, i, 6);
	h->description = db_cell(r, i, 7);
	h->status = db_cell(r, i, 8);
	h->published_at = db_cell(r, i, 9);
	h->deadline = db_cell(r, i, 10);
	h->max_score = db_cell_i64(r, i, 11, 0);
	h->student_instructions = db_cell(r, i, 12);
	h->allow_view_answers = db_cell_i64(r, i, 13, 1) != 0;
	h->gamification_enabled = db_cell_i64(r, i, 14, 0) != 0;
	h->late_policy = db_cell(r, i, 15);
	h->created_at = db_cell(r, i, 16);
	h->updated_at = db_cell(r, i, 17);
	h->questions_count = db_cell_i64(r, i, 18, 0);
	h->points_total = db_cell_i64(r, i, 19, 0);
	h->submissions_count = db_cell_i64(r, i, 20, 0);
	h->to_check_count = db_cell_i64(r, i, 21, 0);
	h->assignments = db_cell(r, i, 22);
	h->lesson_group_id = db_cell_i64(r, i, 23, 0);
	h->lesson_group_name = db_cell(r, i, 24);
	h->submission_id = db_cell_i64(r, i, 25, 0);
	h->submission_status = db_cell(r, i, 26);
	h->student_target = db_cell(r, i, 27);
}

static int
get(struct arena *a, struct db_stmt *st, int64_t id, struct homework *h)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, st, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	db_hw_from_row(&r, 0, h);
	return 1;
}

int
db_hw_get(struct arena *a, int64_t id, struct homework *h)
{
	return get(a, &st_get, id, h);
}

int
db_hw_get_core(struct arena *a, int64_t id, struct homework *h)
{
	return get(a, &st_get_core, id, h);
}

int
db_hw_lock(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_lock, &p, 1, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_hw_set_status(struct arena *a, int64_t id, const char *status)
{
	struct db_val	 p[] = { DB_STR(status), DB_STR(status), DB_INT(id) };

	return db_exec(a, &st_status, p, 3, NULL);
}

int
db_hw_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_delete, &p, 1, NULL);
}

int
db_hw_has_submissions(struct arena *a, int64_t id, int any)
{
	struct db_val	 p[] = { DB_INT(id), DB_INT(any ? 1 : 0) };
	struct db_res	 r;

	if (db_exec(a, &st_handed_in, p, 2, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_hw_page(struct arena *a, enum hw_scope scope, int64_t user,
    const char *status, const struct keyset *ks, struct homework **out,
    size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 2 &&
	    ks->v[0].s != NULL, back = ks->dir == KEYSET_BEFORE;
	const char	*at = has ? ks->v[0].s : "";
	struct db_val	 p[8];
	struct db_stmt	*st;
	struct db_res	 r;
	size_t		 k = 0, i;

	if (scope == HW_SCOPE_STUDENT)
		return db_hw_student_page(a, user, status, ks, out, n);
	st = &st_page[(scope == HW_SCOPE_TEACHER) * 2 + (status != NULL)][back];
	if (scope == HW_SCOPE_TEACHER)
		p[k++] = DB_INT(user);
	if (status != NULL)
		p[k++] = DB_STR(status);
	p[k++] = DB_INT(has);
	p[k++] = DB_STR(at);
	p[k++] = DB_STR(at);
	p[k++] = DB_INT(has ? ks->v[1].i : 0);
	p[k++] = DB_INT(ks->limit);
	p[k++] = DB_INT(ks->offset);
	if (db_exec(a, st, p, k, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		db_hw_from_row(&r, i, &(*out)[i]);
	return 0;
}

int
db_hw_count(struct arena *a, enum hw_scope scope, int64_t user,
    const char *status, int64_t *total)
{
	if (scope == HW_SCOPE_STUDENT)
		return db_hw_student_count(a, user, status, total);
	return db_tally(a, "homework", scope == HW_SCOPE_TEACHER ? user : 0, 0,
	    status ? status : "", total);
}

int
db_hw_list(struct arena *a, enum hw_scope scope, int64_t user,
    const char *status, const struct hw_after *after, int64_t limit,
    int64_t offset, struct homework **out, size_t *n, int64_t *total)
{
	struct keyset	 ks;

	memset(&ks, 0, sizeof(ks));
	ks.dir = after->created_at ? KEYSET_AFTER : KEYSET_FIRST;
	if (after->created_at) {
		ks.n = 2;
		ks.v[0].s = after->created_at;
		ks.v[1].i = after->id;
	}
	ks.limit = limit;
	ks.offset = offset;
	if (db_hw_page(a, scope, user, status, &ks, out, n) == -1)
		return -1;
	return total ? db_hw_count(a, scope, user, status, total) : 0;
}

/* -- who it is for --------------------------------------------------------- */

int
db_hw_target(struct arena *a, int64_t hw, int64_t student, struct hw_target *t)
{
	struct db_val	 p[] = { DB_INT(student), DB_INT(hw), DB_INT(student),
	    DB_INT(student), DB_INT(student), DB_INT(hw) };
	struct db_res	 r;

	if (db_exec(a, &st_target, p, 6, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	t->group_id = db_cell_i64(&r, 0, 1, 0);
	t->group_name = db_cell(&r, 0, 2);
	t->deadline = db_cell(&r, 0, 3);
	t->assigned_at = db_cell(&r, 0, 4);
	if (t->group_id == 0)
		t->group_name = NULL;
	return 1;
}

int
db_hw_assign_clear(struct arena *a, int64_t hw, int groups)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(groups ? 1 : 0) };

	return db_exec(a, &st_assign_clear, p, 2, NULL);
}

int
db_hw_assign_insert(struct arena *a, int64_t hw, int64_t group,
    int64_t student, const char *deadline)
{
	struct db_val	 p[] = { DB_INT(hw), opt_int(group), opt_int(student),
	    opt_str(deadline) };

	return db_exec(a, &st_assign_insert, p, 4, NULL);
}

/* 1 if the statement finds a row, 0 if not, -1. */
static int
exists(struct arena *a, struct db_stmt *st, int64_t x, int64_t y)
{
	struct db_val	 p[] = { DB_INT(x), DB_INT(y) };
	struct db_res	 r;

	if (db_exec(a, st, p, 2, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_hw_has_target(struct arena *a, int64_t hw)
{
	struct db_val	 p = DB_INT(hw);
	struct db_res	 r;

	if (db_exec(a, &st_has_target, &p, 1, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_hw_teacher_group(struct arena *a, int64_t group, int64_t teacher,
    const char **name)
{
	struct db_val	 p[] = { DB_INT(group), DB_INT(teacher) };
	struct db_res	 r;

	if (db_exec(a, &st_teacher_group, p, 2, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*name = db_cell(&r, 0, 0);
	return 1;
}

int
db_hw_teacher_student(struct arena *a, int64_t student, int64_t teacher)
{
	return exists(a, &st_teacher_student, student, teacher);
}

int
db_hw_teacher_lesson(struct arena *a, int64_t lesson, int64_t teacher)
{
	return exists(a, &st_teacher_lesson, lesson, teacher);
}

static int
assign_rows(struct arena *a, struct db_stmt *st, int64_t hw,
    struct hw_assign_row **out, size_t *n)
{
	struct db_val		 p = DB_INT(hw);
	struct db_res		 r;
	struct hw_assign_row	*x;
	size_t			 i;

	if (db_exec(a, st, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		x = &(*out)[i];
		x->id = db_cell_i64(&r, i, 0, 0);
		x->group_id = db_cell_i64(&r, i, 1, 0);
		x->student_id = db_cell_i64(&r, i, 2, 0);
		x->group_name = db_cell(&r, i, 3);
		x->deadline = db_cell(&r, i, 4);
		x->created_at = db_cell(&r, i, 5);
		x->email = db_cell(&r, i, 6);
		x->first_name = db_cell(&r, i, 7);
		x->last_name = db_cell(&r, i, 8);
	}
	*n = r.nrows;
	return 0;
}

int
db_hw_assign_rows(struct arena *a, int64_t hw, struct hw_assign_row **out,
    size_t *n)
{
	return assign_rows(a, &st_assign_rows, hw, out, n);
}

int
db_hw_assign_members(struct arena *a, int64_t hw, struct hw_assign_row **out,
    size_t *n)
{
	return assign_rows(a, &st_assign_members, hw, out, n);
}

/* -- questions and choices --------------------------------------------------- */

/* Sorting questions and choices by (position, id): the queries order
 * nothing but the questions (ordering across the join would sort their
 * configs in a temporary table). */
static int
by_question(const void *x, const void *y)
{
	const struct hw_question	*a = x, *b = y;

	if (a->position != b->position)
		return a->position < b->position ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
by_choice(const void *x, const void *y)
{
	const struct hw_choice	*a = x, *b = y;

	if (a->position != b->position)
		return a->position < b->position ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Questions with their choices from rows of st_questions(_in), rows of a
 * question together; in order. */
static int
questions_of(struct arena *a, const struct db_res *r, struct hw_question **out,
    size_t *n)
{
	struct hw_question	*q = NULL;
	struct hw_choice	*c;
	const char		*cfg;
	size_t			 i;
	int64_t			 id;

	*n = 0;
	if ((*out = arena_zalloc(a, (r->nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++) {
		id = db_cell_i64(r, i, 0, 0);
		if (q == NULL || q->id != id) {
			q = &(*out)[(*n)++];
			q->id = id;
			if (hw_qtype_parse(db_cell(r, i, 1), &q->type) == -1)
				q->type = HWQ_TEXT;
			q->prompt = db_cell(r, i, 2);
			q->explanation = db_cell(r, i, 3);
			q->points = db_cell_i64(r, i, 4, 0);
			q->position = db_cell_i64(r, i, 5, 0);
			cfg = db_cell(r, i, 6);
			q->config = cfg ? json_parse(a, cfg, strlen(cfg)) : NULL;
			if (q->config == NULL || !json_object_is_type(q->config,
			    json_type_object))
				q->config = json_new_object(a);
			/* At most as many choices as rows are left. */
			if (q->config == NULL || (q->choices = arena_alloc(a,
			    (r->nrows - i) * sizeof(*q->choices))) == NULL)
				return -1;
		}
		if (db_cell(r, i, 7) == NULL)
			continue;
		c = &q->choices[q->nchoices++];
		c->id = db_cell_i64(r, i, 7, 0);
		c->text = db_cell(r, i, 8);
		c->is_correct = db_cell_i64(r, i, 9, 0) != 0;
		c->position = db_cell_i64(r, i, 10, 0);
	}
	qsort(*out, *n, sizeof(**out), by_question);
	for (i = 0; i < *n; i++)
		qsort((*out)[i].choices, (*out)[i].nchoices,
		    sizeof(*(*out)[i].choices), by_choice);
	return 0;
}

int
db_hw_questions(struct arena *a, int64_t hw, struct hw_question **out,
    size_t *n)
{
	struct db_val	 p = DB_INT(hw);
	struct db_res	 r;

	*n = 0;
	if (db_exec(a, &st_questions, &p, 1, &r) == -1)
		return -1;
	return questions_of(a, &r, out, n);
}

int
db_hw_questions_in(struct arena *a, int64_t sub, int64_t student,
    const char *ids_json, struct hw_question **out, size_t *n)
{
	struct db_val	 p[] = { DB_STR(ids_json), DB_INT(sub), DB_INT(student) };
	struct db_res	 r;

	*n = 0;
	if (db_exec(a, &st_questions_in, p, 3, &r) == -1)
		return -1;
	return questions_of(a, &r, out, n);
}

int
db_hwq_insert(struct arena *a, int64_t hw, const struct hw_question *q,
    const char *config, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(hw), DB_STR(q->prompt ? q->prompt : ""),
	    DB_STR(hw_qtype_name(q->type, 0)), DB_INT(q->points),
	    DB_INT(q->position), DB_STR(config),
	    DB_STR(q->explanation ? q->explanation : "") };
	struct db_res	 r;

	if (db_exec(a, &st_q_insert, p, 7, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_hwq_update(struct arena *a, const struct hw_question *q, const char *config)
{
	struct db_val	 p[] = { DB_STR(q->prompt ? q->prompt : ""),
	    DB_STR(hw_qtype_name(q->type, 0)), DB_INT(q->points),
	    DB_INT(q->position), DB_STR(config),
	    DB_STR(q->explanation ? q->explanation : ""), DB_INT(q->id) };

	return db_exec(a, &st_q_update, p, 7, NULL);
}

int
db_hwq_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_q_delete, &p, 1, NULL);
}

int
db_hwc_insert(struct arena *a, int64_t question, const char *text,
    int is_correct, int64_t position, int64_t *id)
{
	struct db_val	 p[] = { DB_INT(question), DB_STR(text),
	    DB_INT(is_correct != 0), DB_INT(position) };
	struct db_res	 r;

	if (db_exec(a, &st_c_insert, p, 4, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_hwc_update(struct arena *a, int64_t id, const char *text, int is_correct,
    int64_t position)
{
	struct db_val	 p[] = { DB_STR(text), DB_INT(is_correct != 0),
	    DB_INT(position), DB_INT(id) };

	return db_exec(a, &st_c_update, p, 4, NULL);
}

int
db_hwc_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_c_delete, &p, 1, NULL);
}

int
db_hw_answered_questions(struct arena *a, int64_t hw, int64_t **ids, size_t *n)
{
	struct db_val	 p = DB_INT(hw);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_answered, &p, 1, &r) == -1 ||
	    (*ids = arena_zalloc(a, (r.nrows + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		(*ids)[i] = db_cell_i64(&r, i, 0, 0);
	*n = r.nrows;
	return 0;
}
