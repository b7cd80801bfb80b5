/* The teacher's review of a student's work (each answer with the right
 * one, a score within 0..points and a comment; complete the review or
 * return the work) and a homework's statistics (PHASE2-3.md 2.5: the HMS
 * columns, the "Итого" row, and the scores' distribution drawn as SVG on
 * the server with its numbers as text). Admins read both; the rules are
 * the API's (src/domain/review.c, hw_stats.c). */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_hw_pages.h"
#include "app/page_hw.h"
#include "app/view_homework.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/account.h"
#include "domain/homework.h"
#include "domain/submission.h"

#define BUCKETS		10	/* the distribution's bars: 0-9 %, ..., 90-100 % */

static const char *
review_path(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/submissions/%lld/review", (long long)id);
}

/* The submission of the path's {id} for its teacher or an admin (others:
 * 404, as the API). -1 after an answer. */
static int
load_or_reply(struct req *r, struct submission *s)
{
	int	 rc;

	if ((rc = db_sub_get(r->arena, r->ids[0], 0, s)) == -1)
		return resp_error(r, 503, page_hw_db_down), -1;
	if (rc == 0 || (r->user->role == R_TEACHER && s->teacher_id != r->user->id))
		return resp_error(r, 404, "Работа не найдена."), -1;
	return 0;
}

static const char *
minutes(struct arena *a, int64_t s)
{
	if (s < 60)
		return arena_printf(a, "%lld с", (long long)s);
	return arena_printf(a, "%lld мин %lld с", (long long)(s / 60),
	    (long long)(s % 60));
}

/* -- the review page ------------------------------------------------------ */

static int
render_review(struct req *r, int status, const struct submission *s,
    const char *error, const char *done)
{
	struct json_object	*ctx, *o, *l, *e, *fb;
	struct hw_question	*qs;
	struct answer_row	*ans;
	const struct answer_row	*x;
	size_t			 nq, na, i;
	int			 open, owner;

	if (db_hw_questions(r->arena, s->homework_id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s->id, &ans, &na) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	owner = r->user->role == R_TEACHER;
	open = strcmp(s->status, "submitted") == 0 ||
	    strcmp(s->status, "graded") == 0;
	fb = s->feedback ? json_parse(r->arena, s->feedback, strlen(s->feedback)) :
	    NULL;
	o = json_object_new_object();
	json_add_int(o, "id", s->id);
	json_add_int(o, "homework_id", s->homework_id);
	json_add_str(o, "homework_title", s->homework_title);
	json_add_str(o, "student_name", account_name_of(r->arena, s->student_last,
	    s->student_first, s->student_middle, s->student_email));
	json_add_str(o, "group_name", s->group_id ? s->group_name :
	    "индивидуально");
	json_add_str(o, "status", s->status);
	json_add_str(o, "status_text", page_hw_sub_status_text(s->status));
	json_add_str(o, "submitted", page_hw_when(r->arena, s->submitted_at));
	json_add_str(o, "deadline", page_hw_when(r->arena, s->effective_deadline));
	json_add_bool(o, "is_late", s->is_late);
	json_add_int(o, "revision_count", s->revision_count);
	json_add_str(o, "revision_comment", s->revision_comment ?
	    s->revision_comment : "");
	if (s->has_total || s->has_override)
		json_add_int(o, "total", s->has_override ? s->score_override :
		    s->total_score);
	json_add_int(o, "max", s->points_total);
	json_add_str(o, "override", s->has_override ? arena_printf(r->arena,
	    "%lld", (long long)s->score_override) : "");
	json_add_str(o, "comment", hwp_str(fb, "text"));
	json_add_int(o, "pastes", s->paste_count);
	json_add_int(o, "tabs", s->tab_switches);
	json_add_bool(o, "can_review", owner && open);
	json_add_bool(o, "waiting", strcmp(s->status, "in_progress") == 0 ||
	    strcmp(s->status, "revision") == 0);
	json_object_object_add(ctx, "sub", o);
	l = json_object_new_array();
	for (i = 0; i < nq; i++) {
		x = page_hw_answer_of(ans, na, qs[i].id);
		e = json_object_new_object();
		json_add_int(e, "qid", qs[i].id);
		json_add_int(e, "n", (int64_t)i + 1);
		json_add_str(e, "prompt", qs[i].prompt ? qs[i].prompt : "");
		json_add_str(e, "type_text", page_hw_type_text(qs[i].type));
		json_add_int(e, "points", qs[i].points);
		json_add_str(e, "auto", x != NULL && x->has_auto ?
		    arena_printf(r->arena, "%lld", (long long)x->auto_score) : "—");
		json_add_str(e, "score", x && x->has_teacher ?
		    arena_printf(r->arena, "%lld", (long
		    long)x->teacher_score) : "");
		json_add_str(e, "feedback", x && x->teacher_feedback ?
		    x->teacher_feedback : "");
		json_add_bool(e, "pending", x != NULL && x->needs_manual_review &&
		    !x->has_teacher);
		json_add_bool(e, "rework", x != NULL && x->needs_revision);
		json_add_bool(e, "pasted", x != NULL && x->is_pasted);
		json_add_str(e, "time", x && x->time_spent_seconds ?
		    minutes(r->arena, x->time_spent_seconds) : "");
		json_object_object_add(e, "shown", page_hw_shown(r->arena, &qs[i],
		    qs[i].type == HWQ_FILE_UPLOAD || x == NULL ? NULL :
		    hw_answer_parse(r->arena, x->answer_json), x ? hw_answer_parse(
		    r->arena, x->attachments) : NULL, 1));
		json_object_array_add(l, e);
	}
	json_object_object_add(ctx, "questions", l);
	json_add_str(ctx, "action", review_path(r, s->id));
	if (done != NULL)
		page_flash(ctx, "ok", done);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "homework/review", ctx, arena_printf(r->arena,
	    "Проверка: %s", s->homework_title));
}

int
page_sub_review(struct req *r)
{
	static const char *const done[][2] = {
		{ "saved", "Оценки сохранены." },
		{ "graded", "Проверка завершена: ученик видит результат." },
		{ "revision", "Работа возвращена ученику на доработку." },
	};
	struct submission	 s;
	const char		*d = req_query(r, "done"), *msg = NULL;
	size_t			 i;

	if (load_or_reply(r, &s) == -1)
		return 0;
	for (i = 0; d != NULL && i < sizeof(done) / sizeof(done[0]); i++)
		if (strcmp(d, done[i][0]) == 0)
			msg = done[i][1];
	return render_review(r, 200, &s, NULL, msg);
}

/* A score field: "" (none) or 0..max: 0 with *has and *v, or -1. */
static int
score_field(const char *in, int64_t max, int *has, int64_t *v)
{
	*has = *in != '\0';
	if (!*has)
		return 0;
	return str_to_i64(in, strlen(in), 0, max, v);
}

/* The scores and comments that changed, one update_answer body each in
 * f (all checked here first): 0, -1 with *msg, or HW_DB. */
static int
read_scores(struct req *r, const struct submission *s, struct review_form *f,
    const char **msg)
{
	struct json_object	*b;
	struct hw_question	*qs;
	struct answer_row	*ans;
	const struct answer_row	*x;
	const char		*sc, *fb;
	int64_t			 v;
	size_t			 nq, na, i;
	int			 has;

	*msg = NULL;
	if (db_hw_questions(r->arena, s->homework_id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s->id, &ans, &na) == -1)
		return HW_DB;
	f->answers = arena_alloc(r->arena, (nq + 1) * sizeof(*f->answers));
	for (i = 0; i < nq; i++) {
		x = page_hw_answer_of(ans, na, qs[i].id);
		sc = req_form(r, arena_printf(r->arena, "s_%lld",
		    (long long)qs[i].id));
		fb = req_form(r, arena_printf(r->arena, "f_%lld",
		    (long long)qs[i].id));
		if (sc == NULL && fb == NULL)
			continue;
		if (score_field(sc ? sc : "", qs[i].points, &has, &v) == -1) {
			*msg = arena_printf(r->arena, "Вопрос %zu: оценка — целое "
			    "число от 0 до %lld.", i + 1, (long long)qs[i].points);
			return -1;
		}
		/* Only what changed: a score typed, cleared or altered, a
		 * comment edited. */
		b = json_new_object(r->arena);
		json_add_int(b, "question_id", qs[i].id);
		if (sc != NULL && (has != (x && x->has_teacher) ||
		    (has && v != x->teacher_score))) {
			if (has)
				json_add_int(b, "teacher_score", v);
			else
				json_add_null(b, "teacher_score");
		}
		if (fb != NULL && strcmp(fb, x && x->teacher_feedback ?
		    x->teacher_feedback : "") != 0)
			json_add_str(b, "teacher_feedback", fb);
		if (json_object_object_length(b) > 1)
			f->answers[f->nanswers++] = b;
	}
	return 0;
}

int
page_sub_review_post(struct req *r)
{
	struct submission	 s;
	struct review_form	 f;
	struct hw_err		 err;
	struct json_object	*fb;
	const char		*action = req_form_text(r, "action"), *msg;
	const char		*ov;
	int			 rc;

	if (load_or_reply(r, &s) == -1)
		return 0;
	memset(&f, 0, sizeof(f));
	memset(&err, 0, sizeof(err));
	if ((rc = read_scores(r, &s, &f, &msg)) == HW_DB)
		return page_hw_fail(r, rc, &err);
	if (rc == -1)
		return render_review(r, 400, &s, msg, NULL);
	/* The overall comment and score, when they changed. */
	fb = s.feedback ? json_parse(r->arena, s.feedback, strlen(s.feedback)) :
	    NULL;
	if ((ov = req_form(r, "override")) != NULL) {
		if (*ov == '\0')
			f.has_score = f.score_null = s.has_override;
		else if (str_to_i64(ov, strlen(ov), 0, s.points_total,
		    &f.score) == -1)
			return render_review(r, 400, &s, arena_printf(r->arena,
			    "Итоговая оценка — целое число от 0 до %lld.",
			    (long long)s.points_total), NULL);
		else
			f.has_score = !s.has_override || f.score != s.score_override;
	}
	f.comment = req_form(r, "comment");
	if (f.comment != NULL && strcmp(f.comment, hwp_str(fb, "text")) == 0)
		f.comment = NULL;
	f.feedback = f.has_score || f.comment != NULL;
	if (strcmp(action, "complete") == 0) {
		f.action = REVIEW_COMPLETE;
		f.force = *req_form_text(r, "force") != '\0';
	} else if (strcmp(action, "revision") == 0) {
		f.action = REVIEW_REVISION;
		f.revision_comment = req_form_text(r, "revision_comment");
	}
	/* One transaction: a lock conflict in it changed nothing, and the
	 * worker runs the request again. */
	if ((rc = submission_review(r->arena, &s, &f, &err)) == 0)
		return page_hw_redirect(r, review_path(r, s.id), f.action ==
		    REVIEW_COMPLETE ? "graded" : f.action == REVIEW_REVISION ?
		    "revision" : "saved", NULL);
	if (rc != HW_INVALID)
		return page_hw_fail(r, rc, &err);
	/* The page again, as it stands now, with the reason. */
	if (db_sub_get(r->arena, s.id, 0, &s) != 1)
		return resp_error(r, 503, page_hw_db_down);
	return render_review(r, err.status, &s, page_hw_message(r->arena, &err),
	    NULL);
}

/* -- statistics ---------------------------------------------------------- */

static const char *
students_word(int64_t n)
{
	int64_t	 m10 = n % 10, m100 = n % 100;

	if (m10 == 1 && m100 != 11)
		return "ученик";
	if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14))
		return "ученика";
	return "учеников";
}

/* The distribution of the handed-in work's percentages: the bars'
 * geometry for the SVG and the same numbers as text. */
static void
distribution(struct req *r, struct json_object *ctx, struct json_object *rows,
    int64_t max)
{
	struct json_object	*bars, *b, *e, *v;
	int64_t			 count[BUCKETS] = { 0 }, most = 0, total = 0, p;
	const char		*st, *desc = "";
	size_t			 i;
	int			 k;

	for (i = 0; i < json_object_array_length(rows); i++) {
		e = json_object_array_get_idx(rows, i);
		st = hwp_str(e, "status");
		if ((strcmp(st, "submitted") != 0 && strcmp(st, "graded") != 0) ||
		    !json_object_object_get_ex(e, "total_score", &v) || v == NULL ||
		    max <= 0)
			continue;
		p = json_object_get_int64(v) * 100 / max;
		k = p >= 100 ? BUCKETS - 1 : p < 0 ? 0 : (int)(p / 10);
		count[k]++;
		total++;
	}
	for (k = 0; k < BUCKETS; k++)
		if (count[k] > most)
			most = count[k];
	bars = json_object_new_array();
	for (k = 0; k < BUCKETS; k++) {
		int64_t	 h = most ? count[k] * 120 / most : 0;

		b = json_object_new_object();
		json_add_int(b, "x", 34 + k * 28);
		json_add_int(b, "tx", 34 + k * 28 + 12);
		json_add_int(b, "y", 150 - h);
		json_add_int(b, "h", h);
		json_add_int(b, "ty", 150 - h - 4);
		json_add_int(b, "count", count[k]);
		json_add_str(b, "range", k == BUCKETS - 1 ? "90–100 %" :
		    arena_printf(r->arena, "%d–%d %%", k * 10, k * 10 + 9));
		json_add_int(b, "from", k * 10);
		json_object_array_add(bars, b);
		if (count[k] > 0)
			desc = arena_printf(r->arena, "%s%s%s: %lld %s", desc,
			    *desc ? "; " : "", hwp_str(b, "range"), (long
			    long)count[k], students_word(count[k]));
	}
	json_object_object_add(ctx, "bars", bars);
	json_add_int(ctx, "graded_total", total);
	json_add_str(ctx, "chart_desc", total ? arena_printf(r->arena,
	    "Сданных работ: %lld. %s.", (long long)total, desc) :
	    "Сданных работ пока нет.");
}

/* "37" or "—" for a row's avg_percent. */
static const char *
percent_text(struct arena *a, struct json_object *row)
{
	struct json_object	*v = json_object_object_get(row, "avg_percent");

	return v == NULL ? "—" : arena_printf(a, "%lld", (long long)
	    json_object_get_int64(v));
}

int
page_hw_stats(struct req *r)
{
	struct json_object	*ctx, *st, *rows, *e, *groups, *g, *hv, *ts;
	struct homework		 h, full;
	const char		*v = req_query(r, "group");
	int64_t			 group = 0, gid;
	size_t			 i;

	if (page_hw_load_or_reply(r, 0, &h, NULL) == -1)
		return 0;
	if (v != NULL && *v != '\0' &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &group) == -1)
		return resp_error(r, 400, "Неверный фильтр: group — номер группы.");
	if (db_hw_get(r->arena, h.id, &full) != 1 ||
	    submission_statistics(r->arena, &h, group, &st) != 0)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (hv = hw_view_homework(r->arena, &full, NULL, 0)) == NULL)
		return resp_error(r, 500, "Internal server error");
	rows = json_object_object_get(st, "rows");
	for (i = 0; i < json_object_array_length(rows); i++) {
		e = json_object_array_get_idx(rows, i);
		json_add_int(e, "n", (int64_t)i + 1);
		json_add_str(e, "status_text", page_hw_sub_status_text(hwp_str(e,
		    "status")));
		json_add_str(e, "submitted_text", page_hw_when(r->arena, hwp_str(e,
		    "submitted_at")));
		json_add_str(e, "pct", percent_text(r->arena, e));
		ts = json_object_object_get(e, "total_score");
		json_add_str(e, "score", ts == NULL ? "—" : arena_printf(r->arena,
		    "%lld из %lld", (long long)json_object_get_int64(ts),
		    (long long)json_object_get_int64(json_object_object_get(e,
		    "max_score"))));
	}
	e = json_object_object_get(st, "totals");
	json_add_str(e, "pct", percent_text(r->arena, e));
	json_object_object_add(ctx, "stats", json_object_get(st));
	distribution(r, ctx, rows, json_object_get_int64(json_object_object_get(
	    st, "max_score")));
	/* The groups it is assigned to, for the filter. */
	groups = json_object_new_array();
	e = json_object_object_get(hv, "assigned_groups");
	for (i = 0; e != NULL && i < json_object_array_length(e); i++) {
		gid = json_object_get_int64(json_object_object_get(
		    json_object_array_get_idx(e, i), "id"));
		g = json_object_new_object();
		json_add_int(g, "id", gid);
		json_add_str(g, "name", hwp_str(json_object_array_get_idx(e, i),
		    "name"));
		json_add_bool(g, "selected", gid == group);
		json_object_array_add(groups, g);
	}
	json_add_int(ctx, "n_groups", (int64_t)json_object_array_length(groups));
	json_object_object_add(ctx, "groups", groups);
	e = json_object_new_object();
	json_add_int(e, "id", h.id);
	json_add_str(e, "title", h.title);
	json_add_str(e, "status_text", page_hw_status_text(h.status));
	json_add_bool(e, "owner", r->user->role == R_TEACHER);
	json_object_object_add(ctx, "hw", e);
	return resp_html(r, 200, "homework/stats", ctx, arena_printf(r->arena,
	    "Статистика: %s", h.title));
}
