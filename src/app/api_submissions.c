/* Submissions API: /api/submissions/ (PHASE2-3.md 1.6, 1.7). */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_homework.h"
#include "app/input.h"
#include "app/paging.h"
#include "app/view_homework.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "db/db.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/homework.h"
#include "domain/hw_question.h"
#include "domain/submission.h"

#define AUTOSAVE_MAX	(1024 * 1024)	/* bytes of an autosave body */

/* The submission of the path's {id} as the caller may see it: the
 * student's own, the homework's teacher's, any for admins; else 404.
 * -1 after an answer. */
static int
load_or_reply(struct req *r, struct submission *s)
{
	int	 rc;

	if ((rc = db_sub_get(r->arena, r->ids[0], 0, s)) == -1)
		return api_db_error(r), -1;
	if (rc == 0 || (r->user->role == R_STUDENT && s->student_id != r->user->id) ||
	    (r->user->role == R_TEACHER && s->teacher_id != r->user->id))
		return resp_error(r, 404, "Not found."), -1;
	return 0;
}

static int
reply_submission(struct req *r, int status, int64_t id)
{
	struct hw_question	*qs;
	struct answer_row	*ans;
	struct submission	 s;
	size_t			 nq, na;
	int			 rc;

	if ((rc = db_sub_get(r->arena, id, 0, &s)) != 1)
		return rc == 0 ? resp_error(r, 404, "Not found.") : api_db_error(r);
	if (db_hw_questions(r->arena, s.homework_id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s.id, &ans, &na) == -1)
		return api_db_error(r);
	return resp_json(r, status, hw_view_submission(r->arena, &s, qs, nq, ans,
	    na, r->user->role != R_STUDENT, (uint64_t)s.shuffle_seed));
}

static int
done(struct req *r, int rc, const struct hw_err *err, int64_t id)
{
	if (rc == HW_DB)
		return api_db_error(r);
	if (rc != 0)
		return api_hw_error(r, err);
	return reply_submission(r, 200, id);
}

/* -- the list ---------------------------------------------------------- */

/* Newest first by (created_at, id); one homework's in review order by
 * (group name, last name, first name, id). */
static const char *const sub_args[] = { "homework", "group_id", "status",
    "individual", NULL };
static const struct page_spec sub_list = { "submission", "si", sub_args, 0 };
static const struct page_spec sub_hw_list = { "submission_hw", "sssi",
    sub_args, 0 };

static void
sub_key(const struct submission *s, int by_name, struct keyset_val k[4])
{
	memset(k, 0, 4 * sizeof(*k));
	if (by_name) {
		k[0].s = s->group_name ? s->group_name : "";
		k[1].s = s->student_last ? s->student_last : "";
		k[2].s = s->student_first ? s->student_first : "";
		k[3].i = s->id;
	} else {
		k[0].s = s->created_at;
		k[1].i = s->id;
	}
}

int
api_sub_list(struct req *r)
{
	static const char *const statuses[] = { "in_progress", "submitted",
	    "graded", "revision", NULL };
	struct json_object	*a;
	struct keyset_val	 first[4], last[4];
	struct submission	*s;
	struct sub_filter	 f;
	struct page		 p;
	enum sub_scope		 scope;
	const char		*v;
	int64_t			 total;
	size_t			 nread, from, n, i;
	int			 by_name;

	memset(&f, 0, sizeof(f));
	by_name = (v = req_query(r, "homework")) != NULL && *v != '\0';
	if (paging_keyset_or_reply(r, by_name ? &sub_hw_list : &sub_list,
	    &p) == -1 ||
	    input_query_id_or_reply(r, "homework", &f.homework_id) == -1 ||
	    input_query_id_or_reply(r, "group_id", &f.group_id) == -1)
		return 0;
	if ((v = req_query(r, "status")) != NULL && *v != '\0') {
		for (i = 0; statuses[i] != NULL && strcmp(statuses[i], v) != 0; i++)
			;
		if (statuses[i] == NULL)
			return input_field_error(r, "status", arena_printf(r->arena,
			    "Select a valid choice. %s is not one of the available "
			    "choices.", v));
		f.status = v;
	}
	f.individual = (v = req_query(r, "individual")) != NULL &&
	    (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
	by_name = f.homework_id != 0;
	if (by_name != (p.spec == &sub_hw_list))
		return resp_error(r, 400, "Invalid cursor.");
	scope = r->user->role == R_ADMIN ? SUB_SCOPE_ALL :
	    r->user->role == R_TEACHER ? SUB_SCOPE_TEACHER : SUB_SCOPE_STUDENT;
	if (db_sub_page(r->arena, scope, r->user->id, &f, &p.ks, &s,
	    &nread) == -1 || db_sub_count(r->arena, scope, r->user->id, &f,
	    &total) == -1 || (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(hw_view_submission(r->arena,
		    &s[i], NULL, 0, NULL, 0, r->user->role != R_STUDENT, 0)));
	if (n > 0) {
		sub_key(&s[from], by_name, first);
		sub_key(&s[from + n - 1], by_name, last);
	}
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

/* -- taking ------------------------------------------------------------ */

/* The early dialect's answers [{"question","text_answer","selected_choices"}]
 * as an autosave object. NULL when the list is not one. */
static struct json_object *
nat0_answers(struct req *r, struct json_object *list)
{
	struct json_object	*o, *e, *sel, *v;
	int64_t			 q;
	size_t			 n, i;

	if (!json_object_is_type(list, json_type_array) ||
	    (n = json_object_array_length(list)) > HW_QUESTIONS_MAX ||
	    (o = json_new_object(r->arena)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(list, i);
		if (e == NULL || !json_object_is_type(e, json_type_object) ||
		    !json_object_object_get_ex(e, "question", &v) ||
		    !json_object_is_type(v, json_type_int) ||
		    (q = json_object_get_int64(v)) < 1)
			continue;
		sel = json_object_object_get(e, "selected_choices");
		if (sel != NULL && json_object_is_type(sel, json_type_array) &&
		    json_object_array_length(sel) > 0)
			v = json_object_get(sel);
		else if ((v = json_object_object_get(e, "text_answer")) != NULL)
			v = json_object_get(v);
		else
			continue;
		json_object_object_add(o, arena_printf(r->arena, "%lld",
		    (long long)q), v);
	}
	return o;
}

int
api_sub_create(struct req *r)
{
	struct json_object	*in, *answers = NULL, *v;
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	struct hw_err		 err;
	int64_t			 hw;
	int			 rc, created;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_pk_or_reply(r, in, "homework", &hw) == -1)
		return 0;
	if (hw == 0)
		return input_field_error(r, "homework", "This field is required.");
	if (json_object_object_get_ex(in, "answers", &v) && v != NULL &&
	    (answers = nat0_answers(r, v)) == NULL)
		return input_field_error(r, "answers", "Expected a list of answers.");
	if ((rc = homework_load(r->arena, HWR_STUDENT, r->user->id, hw, 0, &h, &t,
	    &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	if ((rc = submission_start(r->arena, r->cfg->secret_key, &h, &t,
	    r->user->id, &s, &created, &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	/* The early app's meaning of a POST with answers: hand them in. */
	if (answers != NULL && (rc = submission_submit(r->arena, s.id,
	    r->user->id, answers, &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	return reply_submission(r, created ? 201 : 200, s.id);
}

int
api_sub_get(struct req *r)
{
	struct submission	 s;

	if (load_or_reply(r, &s) == -1)
		return 0;
	return reply_submission(r, 200, s.id);
}

int
api_sub_answer(struct req *r)
{
	struct json_object	*in, *answers, *o;
	struct hw_err		 err;
	int			 rc;

	if (r->body_len > AUTOSAVE_MAX)
		return resp_error(r, 413, "Request body too large.");
	if ((in = input_body_or_reply(r)) == NULL)
		return 0;
	/* Not an object: 400 once the submission is known to be theirs. */
	if (!json_object_object_get_ex(in, "answers", &answers) ||
	    (answers != NULL && !json_object_is_type(answers, json_type_object)))
		answers = NULL;
	if ((rc = submission_save(r->arena, r->ids[0], r->user->id, answers,
	    &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "status", "saved");
	json_add_str(o, "saved_at", dt_iso(r->arena, dt_now_db(r->arena)));
	json_add_null(o, "total_score");
	return resp_json(r, 200, o);
}

int
api_sub_submit(struct req *r)
{
	struct json_object	*in, *answers = NULL;
	struct hw_err		 err;

	if ((in = input_body_or_reply(r)) == NULL)
		return 0;
	if (json_object_object_get_ex(in, "answers", &answers) && answers != NULL &&
	    !json_object_is_type(answers, json_type_object))
		return api_error2(r, 400, "answers: ожидается объект "
		    "{\"<id вопроса>\": ответ}.");
	return done(r, submission_submit(r->arena, r->ids[0], r->user->id, answers,
	    &err), &err, r->ids[0]);
}

/* -- review ------------------------------------------------------------ */

int
api_sub_update_answer(struct req *r)
{
	struct json_object	*in;
	struct submission	 s;
	struct hw_err		 err;

	if (load_or_reply(r, &s) == -1 || (in = input_body_or_reply(r)) == NULL)
		return 0;
	return done(r, submission_update_answer(r->arena, &s, in, &err), &err,
	    s.id);
}

/* The feedback body's comment and score keys (feedback: comment, score;
 * grade: feedback, grade). */
static int
feedback(struct req *r, const char *comment_key, const char *score_key)
{
	struct json_object	*in, *v, *att = NULL;
	struct submission	 s;
	struct hw_err		 err;
	const char		*comment;
	int64_t			 score = 0;
	int			 has_score, is_null = 0;

	if (load_or_reply(r, &s) == -1 || (in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, comment_key, &comment) == -1)
		return 0;
	if ((has_score = json_object_object_get_ex(in, score_key, &v))) {
		is_null = v == NULL;
		if (!is_null && (!json_object_is_type(v, json_type_int) ||
		    (score = json_object_get_int64(v)) < 0 || score > INT32_MAX))
			return input_field_error(r, score_key, arena_printf(r->arena,
			    "Оценка должна быть от 0 до %lld.", (long long)
			    s.points_total));
	}
	if (json_object_object_get_ex(in, "attachments", &v) && v != NULL)
		att = v;
	return done(r, submission_feedback(r->arena, &s, comment, att, has_score,
	    is_null, score, &err), &err, s.id);
}

int
api_sub_feedback(struct req *r)
{
	return feedback(r, "comment", "score");
}

int
api_sub_grade(struct req *r)
{
	return feedback(r, "feedback", "grade");
}

int
api_sub_complete_review(struct req *r)
{
	struct json_object	*in;
	struct submission	 s;
	struct hw_err		 err;
	int			 force = 0;

	if (load_or_reply(r, &s) == -1 || (in = input_body_or_reply(r)) == NULL ||
	    input_bool_or_reply(r, in, "force", &force) == -1)
		return 0;
	return done(r, submission_complete_review(r->arena, &s, force, &err), &err,
	    s.id);
}

int
api_sub_send_for_revision(struct req *r)
{
	struct json_object	*in;
	struct submission	 s;
	struct hw_err		 err;
	const char		*comment;

	if (load_or_reply(r, &s) == -1 || (in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "comment", &comment) == -1)
		return 0;
	return done(r, submission_send_for_revision(r->arena, &s, comment, &err),
	    &err, s.id);
}
