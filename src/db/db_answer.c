/* A submission's answers: read with the question order, autosaved (the
 * rows as one JSON parameter read with JSON_TABLE, so the statements do
 * not grow with them), their picks, their automatic scores. Declared in
 * db_submission.h; the locks as told at the top of db_submission.c. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_sub_sql.h"
#include "db/db_submission.h"

static struct db_stmt st_answers = DB_STMT(
    "SELECT a.id, a.submission_id, a.question_id, a.text_answer, "
    "a.answer_json, a.auto_score, a.teacher_score, a.teacher_feedback, "
    "a.needs_manual_review, a.needs_revision, a.revised, a.attachments, "
    "a.answered_at, a.time_spent_seconds, a.is_pasted, a.tab_switches, "
    "a.revision_count FROM homework_answer a JOIN homework_question q "
    "ON q.id = a.question_id WHERE a.submission_id = ? "
    "ORDER BY q.position, q.id");

/* Autosave: the rows' columns. */
#define SAVE_ROWS \
    "JSON_TABLE(?, '$[*]' COLUMNS (q BIGINT PATH '$.q', " \
    "sv INT PATH '$.sv' DEFAULT '0' ON EMPTY, v LONGTEXT PATH '$.v', " \
    "t LONGTEXT PATH '$.t', ans INT PATH '$.ans' DEFAULT '0' ON EMPTY, " \
    "satt INT PATH '$.satt' DEFAULT '0' ON EMPTY, att LONGTEXT PATH '$.att', " \
    "sec INT PATH '$.sec' DEFAULT '0' ON EMPTY, tab INT PATH '$.tab' " \
    "DEFAULT '0' ON EMPTY, paste INT PATH '$.paste' DEFAULT '0' ON EMPTY, " \
    "ssel INT PATH '$.ssel' DEFAULT '0' ON EMPTY)) j"
/* In a revision, a flagged answer given another value is marked revised
 * (compared before the value changes). */
static struct db_stmt st_save_revised = DB_STMT(
    "UPDATE " MY_ANS "JOIN " SAVE_ROWS " ON a.question_id = j.q "
    "SET a.revised = 1 WHERE a.submission_id = ? AND a.needs_revision = 1 AND "
    "((j.sv = 1 AND NOT (BINARY COALESCE(a.answer_json, '') <=> "
    "BINARY COALESCE(j.v, ''))) OR (j.satt = 1 AND NOT (BINARY a.attachments "
    "<=> BINARY j.att)))");
static struct db_stmt st_save_update = DB_STMT(
    "UPDATE " MY_ANS "JOIN " SAVE_ROWS " ON a.question_id = j.q "
    "SET a.answer_json = IF(j.sv = 1, j.v, a.answer_json), "
    "a.text_answer = IF(j.sv = 1, COALESCE(j.t, ''), a.text_answer), "
    "a.answered_at = IF(j.sv = 1, IF(j.ans = 1, COALESCE(a.answered_at, "
    "UTC_TIMESTAMP(6)), NULL), a.answered_at), "
    "a.attachments = IF(j.satt = 1, j.att, a.attachments), "
    "a.time_spent_seconds = LEAST(a.time_spent_seconds + j.sec, 2000000000), "
    "a.tab_switches = LEAST(a.tab_switches + j.tab, 2000000000), "
    "a.is_pasted = a.is_pasted OR j.paste = 1 "
    "WHERE a.submission_id = ? AND (? = 0 OR a.needs_revision = 1)");
static struct db_stmt st_save_insert = DB_STMT(
    "INSERT IGNORE INTO homework_answer (submission_id, question_id, "
    "answer_json, text_answer, answered_at, attachments, time_spent_seconds, "
    "tab_switches, is_pasted) SELECT ?, j.q, IF(j.sv = 1, j.v, NULL), "
    "IF(j.sv = 1, COALESCE(j.t, ''), ''), IF(j.sv = 1 AND j.ans = 1, "
    "UTC_TIMESTAMP(6), NULL), IF(j.satt = 1, j.att, '[]'), j.sec, j.tab, "
    "j.paste = 1 FROM " SAVE_ROWS " WHERE ? = 0");
static struct db_stmt st_save_unselect = DB_STMT(
    "DELETE sc FROM JSON_TABLE(?, '$[*]' COLUMNS (q BIGINT PATH '$.q', "
    "ssel INT PATH '$.ssel' DEFAULT '0' ON EMPTY)) j STRAIGHT_JOIN " MY_ANS
    "ON a.submission_id = ? AND a.question_id = j.q STRAIGHT_JOIN "
    "homework_answer_selected_choices sc" BY_PK "ON sc.answer_id = a.id "
    "WHERE j.ssel = 1 AND (? = 0 OR a.needs_revision = 1)");
/* A plain (consistent, lock-free) read: whether the submission has picks
 * to delete. A DELETE that finds none still locks the gap at the end of
 * the index, and two submits doing so then deadlock on their INSERTs. */
static struct db_stmt st_has_picks = DB_STMT(
    "SELECT EXISTS (SELECT 1 FROM homework_answer a "
    "JOIN homework_answer_selected_choices sc ON sc.answer_id = a.id "
    "WHERE a.submission_id = ?)");
static struct db_stmt st_save_select = DB_STMT(
    "INSERT IGNORE INTO homework_answer_selected_choices (answer_id, "
    "choice_id) SELECT a.id, j.c FROM " MY_ANS "JOIN JSON_TABLE(?, "
    "'$[*]' COLUMNS (q BIGINT PATH '$.q', ssel INT PATH '$.ssel' DEFAULT '0' "
    "ON EMPTY, NESTED PATH '$.sel[*]' COLUMNS (c BIGINT PATH '$'))) j "
    "ON a.question_id = j.q JOIN homework_choice c" BY_PK "ON c.id = j.c AND "
    "c.question_id = a.question_id WHERE a.submission_id = ? AND j.ssel = 1 "
    "AND (? = 0 OR a.needs_revision = 1)");

static struct db_stmt st_score = DB_STMT(
    "UPDATE " MY_ANS "JOIN JSON_TABLE(?, '$[*]' COLUMNS (q BIGINT "
    "PATH '$.q', auto INT PATH '$.auto', manual INT PATH '$.manual' "
    "DEFAULT '0' ON EMPTY)) j ON a.question_id = j.q SET a.auto_score = "
    "j.auto, a.needs_manual_review = j.manual = 1 WHERE a.submission_id = ?");
static struct db_stmt st_fill = DB_STMT(
    "INSERT IGNORE INTO homework_answer (submission_id, question_id) "
    "SELECT ?, q.id FROM homework_question q FORCE INDEX (ix_hwq_homework) "
    "WHERE q.homework_id = ?");
/* After an autosave: only what an autosave changes (answered, times,
 * pastes, tab switches), without the scores' join. */
static struct db_stmt st_refresh_save = DB_STMT(
    "UPDATE homework_studentsubmission s JOIN (SELECT COUNT(answered_at) AS an, "
    "SUM(IF(answered_at IS NOT NULL, time_spent_seconds, 0)) AS ant, "
    "SUM(time_spent_seconds) AS tt, SUM(is_pasted) AS ps, "
    "SUM(a.tab_switches) AS tb FROM " MY_ANS "WHERE a.submission_id = ?) x "
    "SET s.answered_count = x.an, s.answered_seconds = COALESCE(LEAST(x.ant, "
    "2000000000), 0), s.total_seconds = COALESCE(LEAST(x.tt, 2000000000), 0), "
    "s.pasted_count = COALESCE(x.ps, 0), s.tab_switch_count = COALESCE(LEAST("
    "x.tb, 2000000000), 0) WHERE s.id = ?");

int
db_answers(struct arena *a, int64_t sub, struct answer_row **out, size_t *n)
{
	struct db_val		 p = DB_INT(sub);
	struct db_res		 r;
	struct answer_row	*x;
	size_t			 i;

	if (db_exec(a, &st_answers, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		x = &(*out)[i];
		x->id = db_cell_i64(&r, i, 0, 0);
		x->submission_id = db_cell_i64(&r, i, 1, 0);
		x->question_id = db_cell_i64(&r, i, 2, 0);
		x->text_answer = db_cell(&r, i, 3);
		x->answer_json = db_cell(&r, i, 4);
		x->has_auto = db_cell(&r, i, 5) != NULL;
		x->auto_score = db_cell_i64(&r, i, 5, 0);
		x->has_teacher = db_cell(&r, i, 6) != NULL;
		x->teacher_score = db_cell_i64(&r, i, 6, 0);
		x->teacher_feedback = db_cell(&r, i, 7);
		x->needs_manual_review = db_cell_i64(&r, i, 8, 0) != 0;
		x->needs_revision = db_cell_i64(&r, i, 9, 0) != 0;
		x->revised = db_cell_i64(&r, i, 10, 0) != 0;
		x->attachments = db_cell(&r, i, 11);
		x->answered_at = db_cell(&r, i, 12);
		x->time_spent_seconds = db_cell_i64(&r, i, 13, 0);
		x->is_pasted = db_cell_i64(&r, i, 14, 0) != 0;
		x->tab_switches = db_cell_i64(&r, i, 15, 0);
		x->revision_count = db_cell_i64(&r, i, 16, 0);
	}
	*n = r.nrows;
	return 0;
}

int
db_answers_save(struct arena *a, int64_t sub, const char *rows, size_t nrows,
    int revision)
{
	struct db_val	 rev[] = { DB_STR(rows), DB_INT(sub) };
	struct db_val	 p[] = { DB_STR(rows), DB_INT(sub), DB_INT(revision != 0) };
	struct db_val	 ins[] = { DB_INT(sub), DB_STR(rows), DB_INT(revision != 0) };
	struct db_val	 sums[] = { DB_INT(sub), DB_INT(sub) };

	struct db_res	 r;

	if (revision && db_exec(a, &st_save_revised, rev, 2, NULL) == -1)
		return -1;
	if (db_exec(a, &st_save_update, p, 3, &r) == -1)
		return -1;
	/* Rows of questions added since the work began, in progress only:
	 * rarely needed, and then an insert. */
	if (!revision && r.affected < nrows &&
	    db_exec(a, &st_save_insert, ins, 3, NULL) == -1)
		return -1;
	return db_exec(a, &st_refresh_save, sums, 2, NULL);
}

int
db_answers_select(struct arena *a, int64_t sub, const char *rows)
{
	struct db_val	 p[] = { DB_STR(rows), DB_INT(sub), DB_INT(0) };
	struct db_res	 r;

	if (db_exec(a, &st_has_picks, &p[1], 1, &r) == -1)
		return -1;
	if (r.nrows > 0 && db_cell_i64(&r, 0, 0, 0) == 1 &&
	    db_exec(a, &st_save_unselect, p, 3, NULL) == -1)
		return -1;
	return db_exec(a, &st_save_select, p, 3, NULL) == -1 ? -1 : 0;
}

int
db_answers_score(struct arena *a, int64_t sub, const char *rows)
{
	struct db_val	 p[] = { DB_STR(rows), DB_INT(sub) };

	return db_exec(a, &st_score, p, 2, NULL);
}

int
db_answers_fill(struct arena *a, int64_t sub, int64_t hw)
{
	struct db_val	 p[] = { DB_INT(sub), DB_INT(hw) };

	return db_exec(a, &st_fill, p, 2, NULL);
}
