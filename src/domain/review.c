/* The teacher's review of handed-in work: scores and comments per answer,
 * overall feedback and score, completing the review, returning work for
 * rework; and what the student may read of it afterwards. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/badge.h"
#include "domain/homework.h"
#include "domain/hw_files.h"
#include "domain/hw_json.h"
#include "domain/hw_question.h"
#include "domain/submission.h"

#define FEEDBACK_MAX	10000	/* characters */

static int
is(const char *status, const char *want)
{
	return status != NULL && strcmp(status, want) == 0;
}

/* After a review that committed: the badges a graded work may earn
 * (analytics). Returns rc. */
static int
graded(struct arena *a, int64_t id, int rc)
{
	if (rc == 0)
		badge_on_graded(a, id);
	return rc;
}

/* Begin the review's transaction and lock s again in it, its homework's
 * row first (the order of every writer of a submission, and of a change
 * of the homework that regrades its work: the other way round, a review
 * waiting for the homework while the regrade waits for the work
 * deadlocked): 0, or HW_INVALID (404) or HW_DB, for hw_end. */
static int
begin(struct arena *a, const struct submission *s, struct submission *now,
    struct hw_err *err)
{
	int	 rc;

	memset(err, 0, sizeof(*err));
	if (db_begin() == -1)
		return HW_DB;
	if ((rc = db_hw_lock(a, s->homework_id)) == 1)
		rc = db_sub_get(a, s->id, 1, now);
	if (rc != 1)
		return rc == 0 ? hw_err_set(a, err, 404, "Not found.", 0) : HW_DB;
	return 0;
}

/* The teacher may review s now: handed in (submitted or graded). */
static int
reviewable(struct arena *a, const struct submission *s, struct hw_err *err)
{
	if (is(s->status, "in_progress"))
		return hw_err_set(a, err, 400, "Работа ещё не сдана.", 1);
	if (is(s->status, "revision"))
		return hw_err_set(a, err, 400, "Работа на доработке у ученика.", 1);
	return 0;
}

/* After a score changed: the total again, and submitted work with nothing
 * left to review (or force_graded) graded. */
static int
settle(struct arena *a, struct submission *s, int force_graded)
{
	int64_t	*pending;
	size_t	 n;

	if (db_sub_refresh(a, s->id, 1) == -1 ||
	    db_sub_pending(a, s->id, &pending, &n) == -1)
		return HW_DB;
	if (is(s->status, "submitted") && (n == 0 || force_graded)) {
		if (db_sub_set_status(a, s->id, "graded") == -1)
			return HW_DB;
		s->status = "graded";
	}
	return 0;
}

/* A positive id field (JSON integer or digits): 1 and *id, 0 absent, -1. */
static int
id_field(struct json_object *o, const char *key, int64_t *id)
{
	struct json_object	*v = hwj_get(o, key);
	const char		*s;

	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_int))
		*id = json_object_get_int64(v);
	else if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		if (str_to_i64(s, strlen(s), 1, INT64_MAX, id) == -1)
			return -1;
	} else
		return -1;
	return *id > 0 ? 1 : -1;
}

/* -- the steps, each on the work locked in the caller's transaction ------ */

/* One answer's score and comment (the body of update_answer); the total
 * is the caller's to settle. */
static int
answer_step(struct arena *a, struct submission *s, struct json_object *body,
    struct hw_err *err)
{
	struct hw_question	*qs;
	struct answer_row	*ans;
	struct json_object	*v;
	const char		*feedback = NULL;
	int64_t			 answer_id = 0, question_id = 0, score = 0, points;
	size_t			 nq, na, i;
	int			 rc, has_a, has_q, set_score = 0;

	if ((has_a = id_field(body, "answer_id", &answer_id)) == -1)
		return hw_err_field(a, err, "answer_id", "A valid integer is "
		    "required.");
	if ((has_q = id_field(body, "question_id", &question_id)) == -1)
		return hw_err_field(a, err, "question_id", "A valid integer is "
		    "required.");
	if (!has_a && !has_q)
		return hw_err_set(a, err, 400, "Укажите answer_id или question_id.",
		    1);
	if (json_object_object_get_ex(body, "teacher_score", &v)) {
		set_score = v == NULL ? 2 : 1;
		if (v != NULL && (!json_object_is_type(v, json_type_int) ||
		    (score = json_object_get_int64(v)) < 0 || score > INT32_MAX))
			return hw_err_field(a, err, "teacher_score", "Оценка — целое "
			    "число не меньше 0.");
	}
	if ((v = hwj_get(body, "teacher_feedback")) != NULL) {
		if (!json_object_is_type(v, json_type_string) ||
		    !str_utf8_max(feedback = json_object_get_string(v), FEEDBACK_MAX))
			return hw_err_field(a, err, "teacher_feedback", "Строка до 10000 "
			    "символов.");
	}
	if ((rc = reviewable(a, s, err)) != 0)
		return rc;
	if (db_hw_questions(a, s->homework_id, &qs, &nq) == -1 ||
	    db_answers(a, s->id, &ans, &na) == -1)
		return HW_DB;
	/* The answer named, of this submission; or the question's, made
	 * empty when the student left it unanswered. */
	for (i = 0; has_a && i < na && ans[i].id != answer_id; i++)
		;
	if (has_a && i == na)
		return hw_err_set(a, err, 404, "Ответ не найден.", 1);
	if (has_a)
		question_id = ans[i].question_id;
	for (i = 0; i < nq && qs[i].id != question_id; i++)
		;
	if (i == nq)
		return hw_err_set(a, err, 404, "Вопрос не найден.", 1);
	points = qs[i].points;
	if (set_score == 1 && score > points)
		return hw_err_field(a, err, "teacher_score", arena_printf(a,
		    "Оценка должна быть от 0 до %lld.", (long long)points));
	if (!has_a && db_answer_ensure(a, s->id, question_id, &answer_id) == -1)
		return HW_DB;
	return db_answer_teacher(a, answer_id, set_score, score, feedback) == -1 ?
	    HW_DB : 0;
}

/* teacher_feedback_summary {text, attachments, updated_at}: comment and
 * attachments replace what they name. */
static const char *
summary(struct arena *a, const char *old, const char *comment,
    const char *attachments)
{
	struct json_object	*o, *prev, *att;
	const char		*text = comment;

	prev = old ? json_parse(a, old, strlen(old)) : NULL;
	if (text == NULL)
		text = hwj_str(prev, "text");
	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_str(o, "text", text ? text : "");
	if (attachments != NULL)
		att = json_tokener_parse(attachments);
	else if ((att = hwj_get(prev, "attachments")) != NULL)
		att = json_object_get(att);
	json_object_object_add(o, "attachments", att ? att :
	    json_object_new_array());
	json_add_str(o, "updated_at", dt_iso(a, dt_now_db(a)));
	return json_text(o, NULL);
}

/* The overall comment, attachments and score; the total is the caller's
 * to settle. */
static int
feedback_step(struct arena *a, struct submission *s, const char *comment,
    struct json_object *attachments, int has_score, int score_null,
    int64_t score, struct hw_err *err)
{
	const char	**ids, *files = NULL, *json;
	size_t		 n;
	int		 rc;

	if (comment != NULL && !str_utf8_max(comment, FEEDBACK_MAX))
		return hw_err_field(a, err, "comment", "Строка до 10000 символов.");
	if (has_score && !score_null && (score < 0 || score > s->points_total))
		return hw_err_field(a, err, "score", arena_printf(a, "Оценка должна "
		    "быть от 0 до %lld.", (long long)s->points_total));
	if (attachments != NULL && hw_answer_file_ids(a, attachments, &ids,
	    &n) == -1)
		return hw_err_field(a, err, "attachments", "Ожидается список "
		    "id файлов.");
	if (is(s->status, "in_progress"))
		return hw_err_set(a, err, 400, "Работа ещё не сдана.", 1);
	/* The files are claimed in the transaction that records them. */
	if (attachments != NULL && (rc = hw_files_feedback(a, s->teacher_id,
	    s->homework_id, s->id, ids, n, &files, err)) != 0)
		return rc;
	if ((json = summary(a, s->feedback, comment, files)) == NULL)
		return HW_DB;
	return db_sub_feedback(a, s->id, json, has_score, has_score &&
	    !score_null, score) == -1 ? HW_DB : 0;
}

/* Graded, unless manual answers wait and not force. */
static int
complete_step(struct arena *a, struct submission *s, int force,
    struct hw_err *err)
{
	struct json_object	*l;
	int64_t			*pending;
	size_t			 n, i;
	int			 rc;

	if ((rc = reviewable(a, s, err)) != 0)
		return rc;
	if (db_sub_pending(a, s->id, &pending, &n) == -1)
		return HW_DB;
	if (n > 0 && !force) {
		hw_err_set(a, err, 400, "Не все ответы проверены: поставьте оценки "
		    "или завершите проверку с force.", 1);
		if (err->body != NULL) {
			l = json_object_new_array();
			for (i = 0; i < n; i++)
				json_object_array_add(l, json_object_new_int64(
				    pending[i]));
			json_object_object_add(err->body, "question_ids", l);
		}
		return HW_INVALID;
	}
	return settle(a, s, 1);
}

static int
revision_step(struct arena *a, struct submission *s, const char *comment,
    struct hw_err *err)
{
	int64_t	 flagged;
	int	 rc;

	if (comment != NULL && !str_utf8_max(comment, FEEDBACK_MAX))
		return hw_err_field(a, err, "comment", "Строка до 10000 символов.");
	if ((rc = reviewable(a, s, err)) != 0)
		return rc;
	/* Unanswered questions get a row too: they fell short as well. */
	if (db_answers_fill(a, s->id, s->homework_id) == -1 ||
	    db_sub_flag_revision(a, s->id, &flagged) == -1)
		return HW_DB;
	if (flagged == 0)
		return hw_err_set(a, err, 400, "Все ответы оценены полным "
		    "баллом: возвращать на доработку нечего.", 1);
	if (db_sub_to_revision(a, s->id, comment ? comment : "") == -1 ||
	    db_sub_refresh(a, s->id, 0) == -1)
		return HW_DB;
	s->status = "revision";
	return 0;
}

/* -- the API's calls, one step a transaction; the page's form, all in one - */

int
submission_update_answer(struct arena *a, const struct submission *s0,
    struct json_object *body, struct hw_err *err)
{
	struct submission	 s;
	int			 rc;

	if ((rc = begin(a, s0, &s, err)) == 0 &&
	    (rc = answer_step(a, &s, body, err)) == 0)
		rc = settle(a, &s, 0);
	return graded(a, s0->id, hw_end(rc));
}

int
submission_feedback(struct arena *a, const struct submission *s0,
    const char *comment, struct json_object *attachments, int has_score,
    int score_null, int64_t score, struct hw_err *err)
{
	struct submission	 s;
	int			 rc;

	if ((rc = begin(a, s0, &s, err)) == 0 &&
	    (rc = feedback_step(a, &s, comment, attachments, has_score,
	    score_null, score, err)) == 0)
		/* An overall score is the teacher's verdict: graded. */
		rc = settle(a, &s, has_score && !score_null);
	return graded(a, s0->id, hw_end(rc));
}

int
submission_complete_review(struct arena *a, const struct submission *s0,
    int force, struct hw_err *err)
{
	struct submission	 s;
	int			 rc;

	if ((rc = begin(a, s0, &s, err)) == 0)
		rc = complete_step(a, &s, force, err);
	return graded(a, s0->id, hw_end(rc));
}

int
submission_send_for_revision(struct arena *a, const struct submission *s0,
    const char *comment, struct hw_err *err)
{
	struct submission	 s;
	int			 rc;

	if ((rc = begin(a, s0, &s, err)) == 0)
		rc = revision_step(a, &s, comment, err);
	return hw_end(rc);
}

int
submission_review(struct arena *a, const struct submission *s0,
    const struct review_form *f, struct hw_err *err)
{
	struct submission	 s;
	size_t			 i;
	int			 rc, refused = 0;

	if ((rc = begin(a, s0, &s, err)) != 0)
		return hw_end(rc);
	for (i = 0; rc == 0 && i < f->nanswers; i++)
		rc = answer_step(a, &s, f->answers[i], err);
	if (rc == 0 && f->feedback)
		rc = feedback_step(a, &s, f->comment, NULL, f->has_score,
		    f->score_null, f->score, err);
	if (rc == 0 && (f->nanswers > 0 || f->feedback))
		rc = settle(a, &s, f->feedback && f->has_score && !f->score_null);
	/* The action after a mark: refused, what the form saved stays. */
	if (rc == 0 && f->action != REVIEW_SAVE) {
		if (db_savepoint() == -1)
			rc = HW_DB;
		else if (f->action == REVIEW_COMPLETE)
			rc = complete_step(a, &s, f->force, err);
		else
			rc = revision_step(a, &s, f->revision_comment, err);
		if (rc == HW_INVALID) {
			refused = 1;
			rc = db_savepoint_back() == -1 ? HW_DB : 0;
		}
	}
	rc = hw_end(rc);
	if (f->action != REVIEW_REVISION || refused)
		rc = graded(a, s0->id, rc);
	return rc == 0 && refused ? HW_INVALID : rc;
}

int
submission_for_answers(struct arena *a, const struct homework *h,
    int64_t student, struct submission *s, struct hw_err *err)
{
	int	 rc;

	memset(err, 0, sizeof(*err));
	if ((rc = db_sub_find(a, h->id, student, s)) == -1)
		return HW_DB;
	if (rc == 0)
		return hw_err_set(a, err, 404, "У вас нет попытки для этого "
		    "задания", 1);
	if (!h->allow_view_answers)
		return hw_err_set(a, err, 403, "Преподаватель запретил просмотр "
		    "ответов для этого задания", 1);
	if (is(s->status, "in_progress") || is(s->status, "revision"))
		return hw_err_set(a, err, 400, "Сначала завершите и сдайте работу",
		    1);
	if (db_sub_viewed(a, s->id) == -1)
		return HW_DB;
	s->answers_viewed_count++;
	return 0;
}
