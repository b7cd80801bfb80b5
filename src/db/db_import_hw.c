/* tpanel import-django: the homework app's rows, with chosen ids. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_import_hw.h"

static struct db_stmt st_homework = DB_STMT(
    "INSERT INTO homework_homework (id, teacher_id, lesson_id, title, "
    "description, status, published_at, deadline, max_score, "
    "student_instructions, allow_view_answers, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_assign = DB_STMT(
    "INSERT INTO homework_assignment (id, homework_id, group_id, student_id, "
    "deadline, created_at) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt st_assign_new = DB_STMT(
    "INSERT INTO homework_assignment (homework_id, group_id, student_id, "
    "deadline) SELECT ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM "
    "homework_assignment WHERE homework_id = ? AND group_id <=> ? AND "
    "student_id <=> ?)");
static struct db_stmt st_question = DB_STMT(
    "INSERT INTO homework_question (id, homework_id, prompt, question_type, "
    "points, position, config, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_choice = DB_STMT(
    "INSERT INTO homework_choice (id, question_id, text, is_correct, position) "
    "VALUES (?, ?, ?, ?, ?)");
static struct db_stmt st_submission = DB_STMT(
    "INSERT INTO homework_studentsubmission (id, homework_id, student_id, "
    "teacher_id, group_id, status, created_at, first_submitted_at, "
    "submitted_at, graded_at, total_score, is_late, teacher_feedback_summary, "
    "revision_count, revision_comment, shuffle_seed) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_answer = DB_STMT(
    "INSERT INTO homework_answer (id, submission_id, question_id, text_answer, "
    "answer_json, auto_score, teacher_score, teacher_feedback, "
    "needs_manual_review, needs_revision, attachments, answered_at, "
    "time_spent_seconds, is_pasted, tab_switches, revision_count) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_answer_choice = DB_STMT(
    "INSERT IGNORE INTO homework_answer_selected_choices (answer_id, choice_id) "
    "VALUES (?, ?)");
static struct db_stmt st_facts = DB_STMT(
    "SELECT teacher_id, deadline FROM homework_homework WHERE id = ?");
static struct db_stmt st_qtype = DB_STMT(
    "SELECT question_type FROM homework_question WHERE id = ?");
static struct db_stmt st_choice_of = DB_STMT(
    "SELECT 1 FROM homework_choice WHERE id = ? AND question_id = ?");

static struct db_stmt st_ungroup = DB_STMT(
    "DELETE FROM homework_assignment WHERE homework_id = ? AND group_id = ? "
    "AND student_id IS NULL");
static struct db_stmt st_same = DB_STMT(
    "SELECT 1 FROM homework_question q JOIN homework_studentsubmission s "
    "ON s.homework_id = q.homework_id WHERE q.id = ? AND s.id = ?");

static struct db_val
s(const char *v)
{
	return v != NULL ? DB_STR(v) : DB_NULL;
}

static struct db_val
ref(int64_t v)
{
	return v != 0 ? DB_INT(v) : DB_NULL;
}

static struct db_val
opt(int64_t v)
{
	return v >= 0 ? DB_INT(v) : DB_NULL;
}

int
db_import_homework(struct arena *a, const struct import_homework *x)
{
	struct db_val	 p[] = { DB_INT(x->id), DB_INT(x->teacher_id),
	    ref(x->lesson_id), s(x->title), s(x->description), s(x->status),
	    s(x->published_at), s(x->deadline), DB_INT(x->max_score),
	    s(x->student_instructions), DB_INT(x->allow_view_answers != 0),
	    s(x->created_at), s(x->updated_at) };

	return db_exec(a, &st_homework, p, 13, NULL);
}

int
db_import_hw_assign(struct arena *a, int64_t id, int64_t hw, int64_t group,
    int64_t student, const char *deadline, const char *created_at)
{
	struct db_val	 p[] = { DB_INT(id), DB_INT(hw), ref(group), ref(student),
	    s(deadline), s(created_at) };

	return db_exec(a, &st_assign, p, 6, NULL);
}

int
db_import_hw_assign_new(struct arena *a, int64_t hw, int64_t group,
    int64_t student, const char *deadline)
{
	struct db_val	 p[] = { DB_INT(hw), ref(group), ref(student), s(deadline),
	    DB_INT(hw), ref(group), ref(student) };

	return db_exec(a, &st_assign_new, p, 7, NULL);
}

int
db_import_hw_question(struct arena *a, const struct import_hw_question *x)
{
	struct db_val	 p[] = { DB_INT(x->id), DB_INT(x->homework_id),
	    s(x->prompt), s(x->type), DB_INT(x->points), DB_INT(x->position),
	    s(x->config), s(x->explanation) };

	return db_exec(a, &st_question, p, 8, NULL);
}

int
db_import_hw_choice(struct arena *a, int64_t id, int64_t question,
    const char *text, int is_correct, int64_t position)
{
	struct db_val	 p[] = { DB_INT(id), DB_INT(question), s(text),
	    DB_INT(is_correct != 0), DB_INT(position) };

	return db_exec(a, &st_choice, p, 5, NULL);
}

int
db_import_hw_submission(struct arena *a, const struct import_hw_submission *x)
{
	int		 handed = x->submitted_at != NULL;
	struct db_val	 p[] = { DB_INT(x->id), DB_INT(x->homework_id),
	    DB_INT(x->student_id), DB_INT(x->teacher_id), ref(x->group_id),
	    s(x->status), s(x->created_at), handed ? s(x->submitted_at) : DB_NULL,
	    s(x->submitted_at), s(x->graded_at), opt(x->total_score),
	    DB_INT(x->is_late != 0), s(x->feedback), DB_INT(x->revision_count),
	    s(x->revision_comment), DB_INT(x->seed) };

	return db_exec(a, &st_submission, p, 16, NULL);
}

int
db_import_hw_answer(struct arena *a, const struct import_hw_answer *x)
{
	struct db_val	 p[] = { DB_INT(x->id), DB_INT(x->submission_id),
	    DB_INT(x->question_id), s(x->text_answer), s(x->answer_json),
	    opt(x->auto_score), opt(x->teacher_score), s(x->teacher_feedback),
	    DB_INT(x->manual != 0), DB_INT(x->revision != 0), s(x->attachments),
	    s(x->answered_at), DB_INT(x->time_spent), DB_INT(x->pasted != 0),
	    DB_INT(x->tab_switches), DB_INT(x->revision_count) };

	return db_exec(a, &st_answer, p, 16, NULL);
}

int
db_import_hw_answer_choice(struct arena *a, int64_t answer, int64_t choice)
{
	struct db_val	 p[] = { DB_INT(answer), DB_INT(choice) };

	return db_exec(a, &st_answer_choice, p, 2, NULL);
}

int
db_import_hw_facts(struct arena *a, int64_t hw, int64_t *teacher,
    const char **deadline)
{
	struct db_val	 p = DB_INT(hw);
	struct db_res	 r;

	if (db_exec(a, &st_facts, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*teacher = db_cell_i64(&r, 0, 0, 0);
	*deadline = db_cell(&r, 0, 1);
	return 1;
}

int
db_import_hw_qtype(struct arena *a, int64_t q, const char **type)
{
	struct db_val	 p = DB_INT(q);
	struct db_res	 r;

	if (db_exec(a, &st_qtype, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*type = db_cell(&r, 0, 0);
	return 1;
}

int
db_import_hw_choice_of(struct arena *a, int64_t choice, int64_t q)
{
	struct db_val	 p[] = { DB_INT(choice), DB_INT(q) };
	struct db_res	 r;

	if (db_exec(a, &st_choice_of, p, 2, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_import_hw_ungroup(struct arena *a, int64_t hw, int64_t group)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(group) };

	return db_exec(a, &st_ungroup, p, 2, NULL);
}

int
db_import_hw_same_homework(struct arena *a, int64_t q, int64_t sub)
{
	struct db_val	 p[] = { DB_INT(q), DB_INT(sub) };
	struct db_res	 r;

	if (db_exec(a, &st_same, p, 2, &r) == -1)
		return -1;
	return r.nrows > 0;
}
