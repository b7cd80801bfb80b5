/* Homework: scope, create, update with questions merged by id, publish,
 * archive, delete. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "crypto/hash.h"
#include "db/db.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/homework.h"
#include "domain/hw_files.h"
#include "domain/hw_input.h"
#include "domain/hw_question.h"
#include "domain/submission.h"

int
hw_err_set(struct arena *a, struct hw_err *err, int status, const char *msg,
    int error2)
{
	err->status = status;
	err->detail = msg;
	if ((err->body = json_new_object(a)) != NULL) {
		json_add_str(err->body, "detail", msg);
		if (error2)
			json_add_str(err->body, "error", msg);
	}
	return HW_INVALID;
}

int
hw_err_field(struct arena *a, struct hw_err *err, const char *field,
    const char *msg)
{
	struct json_object	*list;

	if (err->body == NULL || err->status != 400) {
		err->status = 400;
		err->detail = msg;
		if ((err->body = json_new_object(a)) == NULL)
			return HW_INVALID;
	}
	if (!json_object_object_get_ex(err->body, field, &list)) {
		list = json_object_new_array();
		json_object_object_add(err->body, field, list);
	}
	json_object_array_add(list, json_object_new_string(msg ? msg : ""));
	return HW_INVALID;
}

int
hw_err_question(struct arena *a, struct hw_err *err, size_t index, int64_t id,
    const char *type, const char *field, const char *msg)
{
	struct json_object	*list, *e;
	const char		*d;

	d = arena_printf(a, "Вопрос %zu%s%s%s: %s: %s", index + 1,
	    type ? " (" : "", type ? type : "", type ? ")" : "", field, msg);
	hw_err_set(a, err, 400, d ? d : msg, 0);
	if (err->body == NULL)
		return HW_INVALID;
	list = json_object_new_array();
	e = json_object_new_object();
	json_add_int(e, "index", (int64_t)index);
	json_add_int(e, "number", (int64_t)index + 1);
	if (id > 0)
		json_add_int(e, "id", id);
	else
		json_add_null(e, "id");
	json_add_str(e, "field", field);
	json_add_str(e, "message", msg);
	json_object_array_add(list, e);
	json_object_object_add(err->body, "questions", list);
	return HW_INVALID;
}

/* 409 {"detail", "question_ids"}. */
static int
conflict(struct arena *a, struct hw_err *err, const char *msg,
    const int64_t *ids, size_t n)
{
	struct json_object	*l;
	size_t			 i;

	hw_err_set(a, err, 409, msg, 0);
	if (err->body == NULL)
		return HW_INVALID;
	l = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(l, json_object_new_int64(ids[i]));
	json_object_object_add(err->body, "question_ids", l);
	return HW_INVALID;
}

uint64_t
homework_seed(const char *secret, int64_t hw, int64_t student)
{
	unsigned char	 mac[32];
	char		 msg[64];
	uint64_t	 seed = 0;
	int		 i, n;

	n = snprintf(msg, sizeof(msg), "hw-shuffle:%lld:%lld", (long long)hw,
	    (long long)student);
	hash_hmac_sha256(secret, strlen(secret), msg, (size_t)n, mac);
	for (i = 0; i < 7; i++)		/* 56 bits: fits a signed BIGINT */
		seed = seed << 8 | mac[i];
	return seed;
}

const char *
homework_deadline(const struct homework *h, const struct hw_target *t)
{
	return t != NULL && t->deadline != NULL ? t->deadline : h->deadline;
}

int
homework_load(struct arena *a, enum hw_role role, int64_t user, int64_t id,
    int owner, struct homework *h, struct hw_target *t, struct hw_err *err)
{
	struct hw_target	 scratch;
	struct submission	 s;
	int			 rc;

	memset(err, 0, sizeof(*err));
	if (t == NULL)
		t = &scratch;
	memset(t, 0, sizeof(*t));
	if ((rc = db_hw_get_core(a, id, h)) == -1)
		return HW_DB;
	if (rc == 0 || (role == HWR_TEACHER && h->teacher_id != user))
		return hw_err_set(a, err, 404, "Not found.", 0);
	if (role == HWR_STUDENT) {
		if (strcmp(h->status, "draft") == 0)
			return hw_err_set(a, err, 404, "Not found.", 0);
		if ((rc = db_hw_target(a, id, user, t)) == -1)
			return HW_DB;
		if (rc == 0)
			return hw_err_set(a, err, 404, "Not found.", 0);
		if (strcmp(h->status, "archived") == 0) {
			if ((rc = db_sub_find_brief(a, id, user, &s)) == -1)
				return HW_DB;
			if (rc == 0)
				return hw_err_set(a, err, 404, "Not found.", 0);
		}
	}
	if (owner && (role != HWR_TEACHER || h->teacher_id != user))
		return hw_err_set(a, err, 403, "You do not have permission to "
		    "perform this action.", 0);
	return 0;
}

/* -- writing -------------------------------------------------------------- */

/* The homework row's fields: the current ones with the input's over them. */
static void
merge_row(const struct homework *h, const struct hw_input *in, int64_t teacher,
    struct hw_row *w)
{
	memset(w, 0, sizeof(*w));
	w->teacher_id = teacher;
	w->lesson_id = in->has_lesson ? in->lesson : h ? h->lesson_id : 0;
	w->title = in->has_title ? in->title : h ? h->title : "";
	w->description = in->has_description ? in->description :
	    h ? h->description : "";
	w->deadline = in->has_deadline ? in->deadline : h ? h->deadline : NULL;
	w->max_score = in->has_max_score ? in->max_score : h ? h->max_score : 100;
	w->student_instructions = in->has_instructions ?
	    in->student_instructions : h ? h->student_instructions : "";
	w->late_policy = in->has_late_policy ? in->late_policy :
	    h ? h->late_policy : "allow";
	w->allow_view_answers = in->has_allow ? in->allow_view_answers :
	    h ? h->allow_view_answers : 1;
	w->gamification_enabled = in->has_gamification ? in->gamification :
	    h ? h->gamification_enabled : 0;
}

/* Replace the assignment rows the input names (groups and/or students). */
static int
write_targets(struct arena *a, int64_t hw, const struct hw_input *in)
{
	size_t	 i, j;

	if (in->has_groups) {
		if (db_hw_assign_clear(a, hw, 1) == -1)
			return -1;
		for (i = 0; i < in->ngroups; i++) {
			const struct hw_group_in	*g = &in->groups[i];

			if (g->nstudents == 0 && db_hw_assign_insert(a, hw,
			    g->group_id, 0, g->deadline) == -1)
				return -1;
			for (j = 0; j < g->nstudents; j++)
				if (db_hw_assign_insert(a, hw, g->group_id,
				    g->students[j], g->deadline) == -1)
					return -1;
		}
	}
	if (in->has_students) {
		if (db_hw_assign_clear(a, hw, 0) == -1)
			return -1;
		for (i = 0; i < in->nstudents; i++)
			if (db_hw_assign_insert(a, hw, 0, in->students[i].student_id,
			    in->students[i].deadline) == -1)
				return -1;
	}
	return 0;
}

/* Write a question's choices: those with an id updated, new ones
 * inserted, cur's others deleted. */
static int
write_choices(struct arena *a, const struct hw_question *q,
    const struct hw_question *cur)
{
	size_t	 i, j;
	int64_t	 id;

	for (i = 0; i < q->nchoices; i++) {
		const struct hw_choice	*c = &q->choices[i];

		if (c->id > 0) {
			if (db_hwc_update(a, c->id, c->text, c->is_correct,
			    (int64_t)i) == -1)
				return -1;
		} else if (db_hwc_insert(a, q->id, c->text, c->is_correct,
		    (int64_t)i, &id) == -1)
			return -1;
	}
	for (j = 0; cur != NULL && j < cur->nchoices; j++) {
		for (i = 0; i < q->nchoices && q->choices[i].id != cur->choices[j].id;
		    i++)
			;
		if (i == q->nchoices && db_hwc_delete(a, cur->choices[j].id) == -1)
			return -1;
	}
	return 0;
}

/* Match the incoming choices of x to cur's: by id (which must be cur's),
 * else by position among those not named. */
static int
match_choices(struct arena *a, struct hw_q_in *x, const struct hw_question *cur,
    struct hw_err *err)
{
	int	*claimed;
	size_t	 i, j;

	if ((claimed = arena_zalloc(a, (cur->nchoices + 1) * sizeof(int))) == NULL)
		return HW_DB;
	for (i = 0; i < x->q.nchoices; i++) {
		if (x->q.choices[i].id == 0)
			continue;
		for (j = 0; j < cur->nchoices &&
		    cur->choices[j].id != x->q.choices[i].id; j++)
			;
		if (j == cur->nchoices)
			return hw_err_question(a, err, x->index, x->q.id,
			    hw_qtype_name(x->q.type, 0), arena_printf(a,
			    "choices[%zu].id", i), "Такого варианта у вопроса нет.");
		claimed[j] = 1;
	}
	for (i = 0; i < x->q.nchoices; i++)
		if (x->q.choices[i].id == 0 && i < cur->nchoices && !claimed[i]) {
			x->q.choices[i].id = cur->choices[i].id;
			claimed[i] = 1;
		}
	return 0;
}

static const struct hw_question *
find_question(const struct hw_question *qs, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (qs[i].id == id)
			return &qs[i];
	return NULL;
}

static int
contains(const int64_t *ids, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

/* Whether a config carries the early dialect's options. */
static int
has_options(struct json_object *cfg)
{
	struct json_object	*o;

	return json_object_object_get_ex(cfg, "options", &o) && o != NULL &&
	    json_object_is_type(o, json_type_array) &&
	    json_object_array_length(o) > 0;
}

/* Complete each incoming question from cur (an update keeps what was not
 * sent), fill what the config implies and check it. full: as published
 * work must be. */
static int
prepare_questions(struct arena *a, struct hw_input *in,
    const struct hw_question *cur, size_t ncur, int full, struct hw_err *err)
{
	struct hw_problem		 p;
	const struct hw_question	*c;
	struct hw_q_in			*x;
	size_t				 i;
	int				 rc;

	for (i = 0; i < in->nquestions; i++) {
		x = &in->questions[i];
		c = NULL;
		if (x->has_id && (c = find_question(cur, ncur, x->q.id)) == NULL)
			return hw_err_question(a, err, x->index, x->q.id, NULL, "id",
			    arena_printf(a, "Вопрос %lld не найден в этом задании.",
			    (long long)x->q.id));
		if (c != NULL) {
			if (!x->has_type)
				x->q.type = c->type;
			if (!x->has_prompt)
				x->q.prompt = c->prompt;
			if (!x->has_points)
				x->q.points = c->points;
			if (!x->has_order)
				x->q.position = c->position;
			if (!x->has_config)
				x->q.config = c->config;
			if (!x->has_explanation)
				x->q.explanation = c->explanation;
			/* No choices sent: derived from the early dialect's
			 * options when it sent some, else kept. */
			if (!x->has_choices && !has_options(x->q.config)) {
				x->q.choices = c->choices;
				x->q.nchoices = c->nchoices;
			}
		}
		if (x->q.config == NULL && (x->q.config = json_new_object(a)) == NULL)
			return HW_DB;
		if (hw_question_fill(a, &x->q) == -1)
			return HW_DB;
		if (c != NULL && (rc = match_choices(a, x, c, err)) != 0)
			return rc;
		if (hw_question_check(a, &x->q, full, &p) == -1)
			return hw_err_question(a, err, x->index, x->q.id,
			    hw_qtype_name(x->q.type, 0), p.field, p.msg);
	}
	return 0;
}

/* Insert or update every incoming question; delete cur's others. */
static int
write_questions(struct arena *a, int64_t hw, struct hw_input *in,
    const struct hw_question *cur, size_t ncur)
{
	struct hw_q_in	*x;
	const char	*cfg;
	size_t		 i;

	for (i = 0; i < ncur; i++) {
		size_t	 j;

		for (j = 0; j < in->nquestions && in->questions[j].q.id != cur[i].id;
		    j++)
			;
		if (j == in->nquestions && db_hwq_delete(a, cur[i].id) == -1)
			return -1;
	}
	for (i = 0; i < in->nquestions; i++) {
		x = &in->questions[i];
		if ((cfg = json_text(x->q.config, NULL)) == NULL ||
		    (cfg = arena_strdup(a, cfg)) == NULL)
			return -1;
		if (x->has_id) {
			if (db_hwq_update(a, &x->q, cfg) == -1)
				return -1;
		} else if (db_hwq_insert(a, hw, &x->q, cfg, &x->q.id) == -1)
			return -1;
		if (write_choices(a, &x->q, x->has_id ? find_question(cur, ncur,
		    x->q.id) : NULL) == -1)
			return -1;
	}
	return 0;
}

/* What publishing needs of the stored homework: questions that pass their
 * full checks and someone to do it. */
static int
publishable(struct arena *a, int64_t hw, struct hw_err *err)
{
	struct hw_question	*q;
	struct hw_problem	 p;
	size_t			 n, i;
	int			 rc;

	if (db_hw_questions(a, hw, &q, &n) == -1)
		return HW_DB;
	if (n == 0)
		return hw_err_set(a, err, 400, "Добавьте хотя бы один вопрос", 0);
	for (i = 0; i < n; i++)
		if (hw_question_check(a, &q[i], 1, &p) == -1)
			return hw_err_question(a, err, i, q[i].id,
			    hw_qtype_name(q[i].type, 0), p.field, p.msg);
	if ((rc = db_hw_has_target(a, hw)) == -1)
		return HW_DB;
	if (rc == 0)
		return hw_err_set(a, err, 400, "Назначьте задание группе или "
		    "ученику, прежде чем публиковать.", 0);
	return 0;
}

/* The stored files the homework names now (hw_files.c): its questions
 * (the body's when it has them, else cur), description and instructions. */
static int
media(struct arena *a, int64_t hw, const struct hw_row *w,
    const struct hw_input *in, const struct hw_question *cur, size_t ncur,
    struct hw_err *err)
{
	const struct hw_question	**qs;
	const char			*texts[2];
	size_t				 n, i;
	int				 body = in->has_questions || cur == NULL;

	n = body ? in->nquestions : ncur;
	if ((qs = arena_zalloc(a, (n + 1) * sizeof(*qs))) == NULL)
		return HW_DB;
	for (i = 0; i < n; i++)
		qs[i] = body ? &in->questions[i].q : &cur[i];
	texts[0] = w->description;
	texts[1] = w->student_instructions;
	return hw_files_media(a, hw, w->teacher_id, qs, n, texts, 2, err);
}

/* End a transaction begun here: commit on 0, roll back otherwise. */
static int
finish(int rc)
{
	if (rc == 0 && db_commit() == -1)
		rc = HW_DB;
	if (rc != 0)
		db_rollback();
	return rc;
}

int
homework_create(struct arena *a, int64_t teacher, struct json_object *body,
    int64_t *id, struct hw_err *err)
{
	struct hw_input	 in;
	struct hw_row	 w;
	int		 rc;

	if ((rc = hw_input_parse(a, teacher, body, 1, &in, err)) != 0 ||
	    (rc = prepare_questions(a, &in, NULL, 0, 0, err)) != 0)
		return rc;
	merge_row(NULL, &in, teacher, &w);
	if (db_begin() == -1)
		return HW_DB;
	rc = db_hw_insert(a, &w, id) == -1 || write_targets(a, *id, &in) == -1 ||
	    write_questions(a, *id, &in, NULL, 0) == -1 ? HW_DB : 0;
	if (rc == 0)
		rc = media(a, *id, &w, &in, NULL, 0, err);
	return finish(rc);
}

/* The ids of questions whose key changed, for regrading. */
static int
changed_keys(struct arena *a, int64_t hw, const struct hw_question *cur,
    size_t ncur, int64_t **ids, size_t *n)
{
	struct hw_question		*now;
	const struct hw_question	*was;
	size_t				 nnow, i;

	*n = 0;
	if (db_hw_questions(a, hw, &now, &nnow) == -1 ||
	    (*ids = arena_zalloc(a, (nnow + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < nnow; i++)
		if ((was = find_question(cur, ncur, now[i].id)) != NULL &&
		    hw_question_key_changed(was, &now[i]))
			(*ids)[(*n)++] = now[i].id;
	return 0;
}

/* The refusals of an update that depend on handed-in work: deleting or
 * retyping an answered question (409). */
static int
answered_conflicts(struct arena *a, const struct homework *h,
    const struct hw_input *in, const struct hw_question *cur, size_t ncur,
    struct hw_err *err)
{
	int64_t				*answered, *bad, *retyped;
	size_t				 na, nbad = 0, nre = 0, i, j;

	if (!in->has_questions)
		return 0;
	if (db_hw_answered_questions(a, h->id, &answered, &na) == -1 ||
	    (bad = arena_zalloc(a, (ncur + 1) * sizeof(*bad))) == NULL ||
	    (retyped = arena_zalloc(a, (ncur + 1) * sizeof(*bad))) == NULL)
		return HW_DB;
	for (i = 0; i < ncur; i++) {
		if (!contains(answered, na, cur[i].id))
			continue;
		for (j = 0; j < in->nquestions &&
		    in->questions[j].q.id != cur[i].id; j++)
			;
		if (j == in->nquestions)
			bad[nbad++] = cur[i].id;
		else if (in->questions[j].has_type &&
		    in->questions[j].q.type != cur[i].type)
			retyped[nre++] = cur[i].id;
	}
	if (nbad > 0)
		return conflict(a, err, "На эти вопросы уже ответили в сданных "
		    "работах: удалить их нельзя. Архивируйте задание или оставьте "
		    "вопросы.", bad, nbad);
	if (nre > 0)
		return conflict(a, err, "На эти вопросы уже ответили в сданных "
		    "работах: сменить их тип нельзя.", retyped, nre);
	return 0;
}

/* The status an update asks for, checked against the current one and the
 * work done. */
static int
status_change(struct arena *a, const struct homework *h, const char *to,
    struct hw_err *err)
{
	int	 rc;

	if (to == NULL || strcmp(to, h->status) == 0)
		return 0;
	if (strcmp(to, "draft") == 0) {
		if ((rc = db_hw_has_submissions(a, h->id, 1)) == -1)
			return HW_DB;
		if (rc == 1)
			return hw_err_set(a, err, 409, "Задание уже начали выполнять: "
			    "вернуть его в черновики нельзя.", 0);
	} else if (strcmp(to, "published") == 0 &&
	    (rc = publishable(a, h->id, err)) != 0)
		return rc;
	return db_hw_set_status(a, h->id, to) == -1 ? HW_DB : 0;
}

int
homework_update(struct arena *a, const struct homework *h,
    struct json_object *body, struct hw_err *err)
{
	struct hw_question	*cur;
	struct hw_input		 in;
	struct hw_row		 w;
	const char		*to;
	int64_t			*changed;
	size_t			 ncur, nchanged;
	int			 rc, full;

	if ((rc = hw_input_parse(a, h->teacher_id, body, 0, &in, err)) != 0)
		return rc;
	to = in.has_status ? in.status : h->status;
	full = strcmp(to, "draft") != 0;
	if (db_begin() == -1)
		return HW_DB;
	if ((rc = db_hw_lock(a, h->id)) != 1) {
		db_rollback();
		return rc == 0 ? hw_err_set(a, err, 404, "Not found.", 0) : HW_DB;
	}
	if (db_hw_questions(a, h->id, &cur, &ncur) == -1)
		return finish(HW_DB);
	if ((in.has_questions && (rc = prepare_questions(a, &in, cur, ncur, full,
	    err)) != 0) || (rc = answered_conflicts(a, h, &in, cur, ncur, err)) != 0)
		return finish(rc);
	merge_row(h, &in, h->teacher_id, &w);
	if (db_hw_update(a, h->id, &w) == -1 || write_targets(a, h->id, &in) == -1 ||
	    (in.has_questions && write_questions(a, h->id, &in, cur, ncur) == -1))
		return finish(HW_DB);
	if ((rc = media(a, h->id, &w, &in, cur, ncur, err)) != 0)
		return finish(rc);
	if ((rc = status_change(a, h, in.has_status ? in.status : NULL, err)) != 0)
		return finish(rc);
	/* Published work must stay publishable after the change. */
	if (full && !in.has_status && strcmp(h->status, "published") == 0 &&
	    (rc = publishable(a, h->id, err)) != 0)
		return finish(rc);
	if (in.has_questions) {
		if (changed_keys(a, h->id, cur, ncur, &changed, &nchanged) == -1)
			return finish(HW_DB);
		if (nchanged > 0 && submission_regrade(a, h->id, changed,
		    nchanged) != 0)
			return finish(HW_DB);
	}
	return finish(0);
}

int
homework_publish(struct arena *a, const struct homework *h, struct hw_err *err)
{
	int	 rc;

	memset(err, 0, sizeof(*err));
	if (db_begin() == -1)
		return HW_DB;
	if ((rc = db_hw_lock(a, h->id)) != 1)
		return finish(rc == 0 ? hw_err_set(a, err, 404, "Not found.", 0) :
		    HW_DB);
	if (strcmp(h->status, "published") == 0)
		return finish(hw_err_set(a, err, 400, "ДЗ уже опубликовано", 0));
	if ((rc = publishable(a, h->id, err)) != 0)
		return finish(rc);
	return finish(db_hw_set_status(a, h->id, "published") == -1 ? HW_DB : 0);
}

int
homework_archive(struct arena *a, const struct homework *h, struct hw_err *err)
{
	memset(err, 0, sizeof(*err));
	if (strcmp(h->status, "archived") == 0)
		return 0;
	return db_hw_set_status(a, h->id, "archived") == -1 ? HW_DB : 0;
}

int
homework_delete(struct arena *a, const struct homework *h, struct hw_err *err)
{
	int	 rc;

	memset(err, 0, sizeof(*err));
	if (db_begin() == -1)
		return HW_DB;
	if ((rc = db_hw_lock(a, h->id)) != 1)
		return finish(rc == 0 ? 0 : HW_DB);
	if ((rc = db_hw_has_submissions(a, h->id, 0)) == -1)
		return finish(HW_DB);
	if (rc == 1)
		return finish(hw_err_set(a, err, 409, "Работы по этому заданию уже "
		    "сданы: удалить его нельзя, архивируйте его.", 0));
	return finish(hw_files_forget(a, h->id) != 0 ||
	    db_hw_delete(a, h->id) == -1 ? HW_DB : 0);
}
