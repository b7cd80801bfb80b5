/* The JSON shapes of homework and submissions. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "app/view_homework.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/account.h"
#include "domain/homework.h"
#include "domain/hw_question.h"

static void
str_or_null(struct json_object *o, const char *key, const char *v)
{
	if (v != NULL)
		json_add_str(o, key, v);
	else
		json_add_null(o, key);
}

static void
id_or_null(struct json_object *o, const char *key, int64_t v)
{
	if (v > 0)
		json_add_int(o, key, v);
	else
		json_add_null(o, key);
}

static struct json_object *
brief(int64_t id, const char *email, const char *first, const char *last)
{
	struct json_object	*o = json_object_new_object();

	json_add_int(o, "id", id);
	json_add_str(o, "email", email ? email : "");
	json_add_str(o, "first_name", first ? first : "");
	json_add_str(o, "last_name", last ? last : "");
	return o;
}

/* A copy of v the arena does not own (for adding to a parent). */
static struct json_object *
copy(struct json_object *v)
{
	struct json_object	*c = NULL;

	if (v == NULL || json_object_deep_copy(v, &c, NULL) != 0)
		return NULL;
	return c;
}

/* -- homework ------------------------------------------------------------- */

static struct json_object *
choices(const struct hw_question *q, int key)
{
	struct json_object	*l = json_object_new_array(), *c;
	size_t			 i;

	for (i = 0; i < q->nchoices; i++) {
		c = json_object_new_object();
		json_add_int(c, "id", q->choices[i].id);
		json_add_str(c, "text", q->choices[i].text);
		if (key)
			json_add_bool(c, "is_correct", q->choices[i].is_correct);
		json_object_array_add(l, c);
	}
	return l;
}

struct json_object *
hw_view_question(struct arena *a, const struct hw_question *q)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", q->id);
	json_add_str(o, "prompt", q->prompt ? q->prompt : "");
	json_add_str(o, "question_text", q->prompt ? q->prompt : "");
	json_add_str(o, "question_type", hw_qtype_name(q->type, 0));
	json_add_int(o, "points", q->points);
	json_add_int(o, "order", q->position);
	json_object_object_add(o, "config", copy(q->config));
	json_add_str(o, "explanation", q->explanation ? q->explanation : "");
	json_object_object_add(o, "choices", choices(q, 1));
	return o;
}

/* The student's form of a question. */
static struct json_object *
student_question(struct arena *a, const struct hw_question *q, uint64_t seed)
{
	struct json_object	*o = json_object_new_object(), *cfg;

	json_add_int(o, "id", q->id);
	json_add_str(o, "prompt", q->prompt ? q->prompt : "");
	json_add_str(o, "question_type", hw_qtype_name(q->type, 1));
	json_add_int(o, "points", q->points);
	json_add_int(o, "order", q->position);
	json_object_object_add(o, "choices", choices(q, 0));
	cfg = hw_question_student_config(a, q, seed);
	json_object_object_add(o, "config", cfg ? json_object_get(cfg) : NULL);
	json_add_str(o, "explanation", q->explanation ? q->explanation : "");
	return o;
}

/* The fields teacher and student views share. */
static void
common(struct arena *a, struct json_object *o, const struct homework *h)
{
	json_add_int(o, "id", h->id);
	json_add_str(o, "title", h->title);
	json_add_str(o, "description", h->description);
	json_add_int(o, "teacher", h->teacher_id);
	json_add_str(o, "teacher_email", h->teacher_email);
	json_add_str(o, "teacher_name", account_name_of(a, h->teacher_last,
	    h->teacher_first, NULL, h->teacher_email));
	id_or_null(o, "lesson", h->lesson_id);
	json_add_str(o, "status", h->status);
	str_or_null(o, "deadline", dt_iso(a, h->deadline));
	str_or_null(o, "published_at", dt_iso(a, h->published_at));
	json_add_int(o, "max_score", h->max_score);
	json_add_int(o, "points_total", h->points_total);
	json_add_int(o, "questions_count", h->questions_count);
	json_add_str(o, "student_instructions", h->student_instructions);
	json_add_bool(o, "allow_view_answers", h->allow_view_answers);
	json_add_bool(o, "gamification_enabled", h->gamification_enabled);
	json_add_str(o, "late_policy", h->late_policy);
	str_or_null(o, "created_at", dt_iso(a, h->created_at));
	str_or_null(o, "updated_at", dt_iso(a, h->updated_at));
}

/* The group of a group assignment entry in out (by id), made on first use. */
static struct json_object *
group_entry(struct arena *a, struct json_object *out, struct json_object *row)
{
	struct json_object	*e;
	int64_t			 gid = json_object_get_int64(
	    json_object_object_get(row, "group_id"));
	size_t			 i, n = json_object_array_length(out);

	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(out, i);
		if (json_object_get_int64(json_object_object_get(e, "group_id")) == gid)
			return e;
	}
	e = json_object_new_object();
	json_add_int(e, "group_id", gid);
	json_add_str(e, "group_name", json_object_get_string(
	    json_object_object_get(row, "group_name")));
	json_object_object_add(e, "student_ids", json_object_new_array());
	json_object_object_add(e, "students", json_object_new_array());
	json_add_bool(e, "all_students", 1);
	str_or_null(e, "deadline", dt_iso(a, json_object_get_string(
	    json_object_object_get(row, "deadline"))));
	json_object_array_add(out, e);
	return e;
}

static const char *
row_str(struct json_object *row, const char *key)
{
	struct json_object	*v = json_object_object_get(row, key);

	return v ? json_object_get_string(v) : NULL;
}

/* The assignment fields of the teacher's view, from the rows' JSON. */
static void
assignments(struct arena *a, struct json_object *o, const struct homework *h)
{
	struct json_object	*rows = NULL, *groups, *studs, *indiv, *row, *g, *b;
	struct json_object	*ag, *e;
	int64_t			 sid;
	size_t			 i, n = 0, ng;

	groups = json_object_new_array();
	studs = json_object_new_array();
	indiv = json_object_new_array();
	if (h->assignments != NULL && (rows = json_parse(a, h->assignments,
	    strlen(h->assignments))) != NULL &&
	    json_object_is_type(rows, json_type_array))
		n = json_object_array_length(rows);
	for (i = 0; i < n; i++) {
		row = json_object_array_get_idx(rows, i);
		sid = json_object_get_int64(json_object_object_get(row, "student_id"));
		b = sid ? brief(sid, row_str(row, "email"), row_str(row,
		    "first_name"), row_str(row, "last_name")) : NULL;
		if (json_object_object_get(row, "group_id") == NULL) {
			e = json_object_new_object();
			json_add_int(e, "student_id", sid);
			json_object_object_add(e, "student", json_object_get(b));
			str_or_null(e, "deadline", dt_iso(a, row_str(row, "deadline")));
			json_object_array_add(indiv, e);
			json_object_array_add(studs, b);
			continue;
		}
		g = group_entry(a, groups, row);
		if (b != NULL) {
			json_object_array_add(json_object_object_get(g, "student_ids"),
			    json_object_new_int64(sid));
			json_object_array_add(json_object_object_get(g, "students"), b);
			json_add_bool(g, "all_students", 0);
		}
	}
	json_object_object_add(o, "group_assignments", groups);
	json_object_object_add(o, "assigned_students", studs);
	json_object_object_add(o, "individual_assignments", indiv);
	ag = json_object_new_array();
	ng = json_object_array_length(groups);
	for (i = 0; i < ng; i++) {
		g = json_object_array_get_idx(groups, i);
		e = json_object_new_object();
		json_object_object_add(e, "id", json_object_get(
		    json_object_object_get(g, "group_id")));
		json_object_object_add(e, "name", json_object_get(
		    json_object_object_get(g, "group_name")));
		json_object_array_add(ag, e);
	}
	json_object_object_add(o, "assigned_groups", ag);
	/* One group: it; several: "Несколько групп"; none: the lesson's. */
	if (ng == 1) {
		g = json_object_array_get_idx(groups, 0);
		json_object_object_add(o, "group_id", json_object_get(
		    json_object_object_get(g, "group_id")));
		json_object_object_add(o, "group_name", json_object_get(
		    json_object_object_get(g, "group_name")));
	} else if (ng > 1) {
		json_add_null(o, "group_id");
		json_add_str(o, "group_name", "Несколько групп");
	} else {
		id_or_null(o, "group_id", h->lesson_group_id);
		json_add_str(o, "group_name", h->lesson_group_name ?
		    h->lesson_group_name : "Без группы");
	}
}

struct json_object *
hw_view_homework(struct arena *a, const struct homework *h,
    const struct hw_question *qs, size_t nq)
{
	struct json_object	*o, *l;
	size_t			 i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	common(a, o, h);
	json_add_int(o, "submissions_count", h->submissions_count);
	json_add_int(o, "to_check_count", h->to_check_count);
	json_add_bool(o, "is_template", 0);
	assignments(a, o, h);
	if (qs != NULL) {
		l = json_object_new_array();
		for (i = 0; i < nq; i++)
			json_object_array_add(l, json_object_get(hw_view_question(a,
			    &qs[i])));
		json_object_object_add(o, "questions", l);
	}
	return o;
}

struct json_object *
hw_view_homework_student(struct arena *a, const struct homework *h,
    const struct hw_target *t, const struct hw_question *qs, size_t nq,
    uint64_t seed, int64_t sub_id, const char *sub_status)
{
	struct json_object	*o, *l, *s;
	size_t			 i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	common(a, o, h);
	if (qs != NULL) {	/* the sums from the questions themselves */
		int64_t	 points = 0;

		for (i = 0; i < nq; i++)
			points += qs[i].points;
		json_add_int(o, "questions_count", (int64_t)nq);
		json_add_int(o, "points_total", points);
	}
	str_or_null(o, "effective_deadline", dt_iso(a, homework_deadline(h, t)));
	if (t != NULL && t->group_id > 0) {
		json_add_int(o, "group_id", t->group_id);
		json_add_str(o, "group_name", t->group_name);
	} else {
		json_add_null(o, "group_id");
		json_add_str(o, "group_name", t != NULL ? "Индивидуальные" :
		    "Без группы");
	}
	if (sub_id > 0) {
		s = json_object_new_object();
		json_add_int(s, "id", sub_id);
		json_add_str(s, "status", sub_status);
		json_object_object_add(o, "submission", s);
	} else
		json_add_null(o, "submission");
	if (qs != NULL) {
		l = json_object_new_array();
		for (i = 0; i < nq; i++)
			json_object_array_add(l, student_question(a, &qs[i], seed));
		json_object_object_add(o, "questions", l);
	}
	return o;
}

struct json_object *
hw_view_assignment_details(struct arena *a, const struct homework *h,
    const struct hw_assign_row *rows, size_t n, const struct hw_assign_row *m,
    size_t nm)
{
	struct json_object	*o, *groups, *indiv, *g = NULL, *all, *assigned, *b;
	int64_t			 gid = 0;
	size_t			 i, j;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "homework_id", h->id);
	json_add_str(o, "title", h->title);
	str_or_null(o, "deadline", dt_iso(a, h->deadline));
	groups = json_object_new_array();
	indiv = json_object_new_array();
	json_object_object_add(o, "group_assignments", groups);
	json_object_object_add(o, "individual_students", indiv);
	for (i = 0; i < n; i++) {
		if (rows[i].group_id == 0) {
			b = brief(rows[i].student_id, rows[i].email,
			    rows[i].first_name, rows[i].last_name);
			str_or_null(b, "deadline", dt_iso(a, rows[i].deadline));
			json_object_array_add(indiv, b);
			continue;
		}
		if (g == NULL || rows[i].group_id != gid) {
			gid = rows[i].group_id;
			g = json_object_new_object();
			json_object_array_add(groups, g);
			json_add_int(g, "group_id", gid);
			json_add_str(g, "group_name", rows[i].group_name);
			str_or_null(g, "deadline", dt_iso(a, rows[i].deadline ?
			    rows[i].deadline : h->deadline));
			all = json_object_new_array();
			for (j = 0; j < nm; j++)
				if (m[j].group_id == gid)
					json_object_array_add(all, brief(m[j].student_id,
					    m[j].email, m[j].first_name, m[j].last_name));
			json_object_object_add(g, "students_in_group", all);
			json_add_bool(g, "all_students", rows[i].student_id == 0);
			/* The whole group: its members now. */
			assigned = rows[i].student_id == 0 ? copy(all) :
			    json_object_new_array();
			json_object_object_add(g, "assigned_students", assigned);
		}
		if (rows[i].student_id != 0)
			json_object_array_add(json_object_object_get(g,
			    "assigned_students"), brief(rows[i].student_id,
			    rows[i].email, rows[i].first_name, rows[i].last_name));
	}
	return o;
}

/* -- submissions ------------------------------------------------------------- */

/* Seconds between two DATETIME texts, or -1. */
static int64_t
seconds_between(const char *from, const char *to)
{
	int64_t	 x, y;

	if (from == NULL || to == NULL || dt_parse_iso(from, &x) == -1 ||
	    dt_parse_iso(to, &y) == -1 || y < x)
		return -1;
	return (y - x) / 1000000;
}

static const struct hw_question *
question_of(const struct hw_question *qs, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (qs[i].id == id)
			return &qs[i];
	return NULL;
}

/* The stored JSON text as a value the caller adds to a parent (NULL for
 * none or null). */
static struct json_object *
stored(const char *json)
{
	return json != NULL ? json_tokener_parse(json) : NULL;
}

static void
score_or_null(struct json_object *o, const char *key, int show, int has,
    int64_t v)
{
	if (show && has)
		json_add_int(o, key, v);
	else
		json_add_null(o, key);
}

static struct json_object *
answer_view(struct arena *a, const struct answer_row *x,
    const struct hw_question *q, int show_scores)
{
	struct json_object	*o = json_object_new_object(), *ans, *sel, *att;
	int64_t			*ids;
	size_t			 n = 0, i;

	json_add_int(o, "id", x->id);
	json_add_int(o, "question", x->question_id);
	json_add_str(o, "question_text", q && q->prompt ? q->prompt : "");
	json_add_str(o, "question_type", q ? hw_qtype_name(q->type, 0) : "");
	json_add_int(o, "question_points", q ? q->points : 0);
	json_add_str(o, "text_answer", x->text_answer ? x->text_answer : "");
	ans = q != NULL && q->type == HWQ_FILE_UPLOAD ? stored(x->attachments) :
	    stored(x->answer_json);
	/* No files is no answer, as for every other type. */
	if (ans != NULL && json_object_is_type(ans, json_type_array) &&
	    json_object_array_length(ans) == 0 && q->type == HWQ_FILE_UPLOAD) {
		json_object_put(ans);
		ans = NULL;
	}
	sel = json_object_new_array();
	if (q != NULL && ans != NULL &&
	    hw_answer_choice_ids(a, q, ans, &ids, &n) == 0)
		for (i = 0; i < n; i++)
			json_object_array_add(sel, json_object_new_int64(ids[i]));
	json_object_object_add(o, "answer", ans);
	json_object_object_add(o, "selected_choices", sel);
	score_or_null(o, "auto_score", show_scores, x->has_auto, x->auto_score);
	score_or_null(o, "teacher_score", show_scores, x->has_teacher,
	    x->teacher_score);
	json_add_str(o, "teacher_feedback", x->teacher_feedback ?
	    x->teacher_feedback : "");
	json_add_bool(o, "needs_manual_review", x->needs_manual_review);
	json_add_bool(o, "needs_revision", x->needs_revision);
	if ((att = stored(x->attachments)) == NULL)
		att = json_object_new_array();
	json_object_object_add(o, "attachments", att);
	json_add_int(o, "time_spent_seconds", x->time_spent_seconds);
	json_add_bool(o, "is_pasted", x->is_pasted);
	json_add_int(o, "tab_switches", x->tab_switches);
	json_add_int(o, "revision_count", x->revision_count);
	return o;
}

struct json_object *
hw_view_submission(struct arena *a, const struct submission *s,
    const struct hw_question *qs, size_t nq, const struct answer_row *ans,
    size_t na, int staff, uint64_t seed)
{
	struct json_object	*o, *l, *q, *fb;
	int			 handed, show, t;
	int64_t			 secs;
	size_t			 i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	handed = strcmp(s->status, "submitted") == 0 ||
	    strcmp(s->status, "graded") == 0;
	/* A student: no score while anything is editable, and none at all
	 * when the teacher does not show answers. */
	show = staff || (s->allow_view_answers && (handed ||
	    strcmp(s->status, "revision") == 0));
	t = staff || (show && handed);
	json_add_int(o, "id", s->id);
	json_add_int(o, "homework", s->homework_id);
	json_add_str(o, "homework_title", s->homework_title);
	json_add_int(o, "student", s->student_id);
	json_add_str(o, "student_email", s->student_email);
	json_add_str(o, "student_name", account_name_of(a, s->student_last,
	    s->student_first, s->student_middle, s->student_email));
	json_add_str(o, "status", s->status);
	score_or_null(o, "total_score", t, s->has_total || s->has_override,
	    s->has_override ? s->score_override : s->total_score);
	score_or_null(o, "score_override", t, s->has_override, s->score_override);
	json_add_int(o, "max_score", s->points_total);
	id_or_null(o, "group_id", s->group_id);
	json_add_str(o, "group_name", s->group_id ? s->group_name :
	    "Индивидуальные");
	json_add_bool(o, "is_individual", s->group_id == 0);
	secs = seconds_between(s->created_at, s->submitted_at);
	score_or_null(o, "time_spent_seconds", 1, secs >= 0, secs);
	json_add_int(o, "answers_time_seconds", s->answers_time);
	fb = stored(s->feedback);
	json_object_object_add(o, "teacher_feedback_summary", fb ? fb :
	    json_object_new_object());
	str_or_null(o, "created_at", dt_iso(a, s->created_at));
	str_or_null(o, "first_submitted_at", dt_iso(a, s->first_submitted_at));
	str_or_null(o, "submitted_at", dt_iso(a, s->submitted_at));
	str_or_null(o, "graded_at", dt_iso(a, s->graded_at));
	str_or_null(o, "effective_deadline", dt_iso(a, s->effective_deadline));
	json_add_bool(o, "is_late", s->is_late);
	json_add_bool(o, "showAnswers", s->allow_view_answers);
	json_add_bool(o, "has_paste_flags", s->paste_count > 0);
	json_add_int(o, "paste_count", s->paste_count);
	json_add_int(o, "total_tab_switches", s->tab_switches);
	json_add_int(o, "revision_count", s->revision_count);
	json_add_str(o, "revision_comment", s->revision_comment ?
	    s->revision_comment : "");
	if (qs == NULL)
		return o;
	l = json_object_new_array();
	for (i = 0; i < na; i++)
		json_object_array_add(l, answer_view(a, &ans[i], question_of(qs, nq,
		    ans[i].question_id), show && (staff || !ans[i].needs_revision ||
		    strcmp(s->status, "revision") != 0)));
	json_object_object_add(o, "answers", l);
	l = json_object_new_array();
	for (i = 0; i < nq; i++) {
		if (staff) {
			q = hw_view_question(a, &qs[i]);
			json_object_object_del(q, "question_text");
			json_object_object_add(q, "question_type", json_object_new_string(
			    hw_qtype_name(qs[i].type, 1)));
			json_object_array_add(l, json_object_get(q));
		} else
			json_object_array_add(l, student_question(a, &qs[i], seed));
	}
	json_object_object_add(o, "questions", l);
	return o;
}

struct json_object *
hw_view_my_answers(struct arena *a, const struct homework *h,
    const struct submission *s, const struct hw_question *qs, size_t nq,
    const struct answer_row *ans, size_t na)
{
	struct json_object	*o, *l, *q, *e, *texts, *sel;
	const struct hw_question *qq;
	int64_t			 score, secs;
	size_t			 i, j, k;
	int			 has;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "homework_id", h->id);
	json_add_str(o, "homework_title", h->title);
	json_add_str(o, "status", s->status);
	score_or_null(o, "total_score", 1, s->has_total || s->has_override,
	    s->has_override ? s->score_override : s->total_score);
	json_add_int(o, "max_score", s->points_total);
	secs = seconds_between(s->created_at, s->submitted_at);
	score_or_null(o, "time_spent_seconds", 1, secs >= 0, secs);
	str_or_null(o, "submitted_at", dt_iso(a, s->submitted_at));
	str_or_null(o, "graded_at", dt_iso(a, s->graded_at));
	l = json_object_new_array();
	for (i = 0; i < nq; i++) {
		q = hw_view_question(a, &qs[i]);
		json_object_object_del(q, "question_text");
		json_object_object_del(q, "explanation");
		json_object_object_add(q, "question_type", json_object_new_string(
		    hw_qtype_name(qs[i].type, 1)));
		json_object_array_add(l, json_object_get(q));
	}
	json_object_object_add(o, "questions", l);
	l = json_object_new_array();
	for (i = 0; i < na; i++) {
		qq = question_of(qs, nq, ans[i].question_id);
		e = answer_view(a, &ans[i], qq, 1);
		json_object_object_add(e, "question_id", json_object_new_int64(
		    ans[i].question_id));
		has = ans[i].has_teacher || ans[i].has_auto;
		score = ans[i].has_teacher ? ans[i].teacher_score : ans[i].auto_score;
		score_or_null(e, "score", 1, has, score);
		if (has && qq != NULL && qq->points > 0)
			json_add_bool(e, "is_correct", score >= qq->points);
		else
			json_add_null(e, "is_correct");
		texts = json_object_new_array();
		sel = json_object_object_get(e, "selected_choices");
		for (j = 0; qq != NULL && j < json_object_array_length(sel); j++)
			for (k = 0; k < qq->nchoices; k++)
				if (qq->choices[k].id == json_object_get_int64(
				    json_object_array_get_idx(sel, j)))
					json_object_array_add(texts,
					    json_object_new_string(qq->choices[k].text));
		json_object_object_add(e, "selected_choices_text", texts);
		json_object_array_add(l, e);
	}
	json_object_object_add(o, "answers", l);
	return o;
}
