/* Answers as they are read afterwards: for each part of a question (a
 * choice, a sub-question, a pair, a position, a blank, a region) what was
 * given and, with the key, what was expected (the review page shows them
 * too); and the student's result page. */
#include "autoconf.h"

#include <stdio.h>
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
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/homework.h"
#include "domain/submission.h"

static void
row(struct json_object *rows, const char *label, const char *given,
    const char *expected, int key)
{
	struct json_object	*o = json_object_new_object();

	json_add_str(o, "label", label);
	json_add_str(o, "given", given ? given : "");
	if (key)
		json_add_str(o, "expected", expected ? expected : "");
	json_object_array_add(rows, o);
}

/* Whether the list of ids (or one id) names id. */
static int
picked(struct json_object *answer, int64_t id)
{
	size_t	 i;

	if (answer == NULL)
		return 0;
	if (json_object_is_type(answer, json_type_int))
		return json_object_get_int64(answer) == id;
	for (i = 0; json_object_is_type(answer, json_type_array) &&
	    i < json_object_array_length(answer); i++)
		if
		    (json_object_get_int64(json_object_array_get_idx(answer, i))
		    == id)
			return 1;
	return 0;
}

/* Whether a list of strings holds s. */
static int
listed(struct json_object *l, const char *s)
{
	struct json_object	*v;
	size_t			 i;

	for (i = 0; i < hwp_len(l); i++)
		if ((v = json_object_array_get_idx(l, i)) != NULL &&
		    json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), s) == 0)
			return 1;
	return 0;
}

/* The text of the entry of l whose id is id. */
static const char *
text_of(struct json_object *l, const char *id, const char *key)
{
	size_t	 i;

	for (i = 0; id != NULL && i < hwp_len(l); i++)
		if (strcmp(hwp_str(json_object_array_get_idx(l, i), "id"), id) == 0)
			return hwp_str(json_object_array_get_idx(l, i), key);
	return "";
}

static const char *
nth_str(struct json_object *l, size_t i)
{
	struct json_object	*v = i < hwp_len(l) ?
	    json_object_array_get_idx(l, i) : NULL;

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "";
}

/* The first region holding a click (x, y in percent), as the grader
 * maps it; -1 for none. */
static long
region_of(struct json_object *spots, double x, double y)
{
	struct json_object	*s;
	double			 sx, sy;
	size_t			 i;

	for (i = 0; i < hwp_len(spots); i++) {
		s = json_object_array_get_idx(spots, i);
		sx = json_object_get_double(hwp_get(s, "x"));
		sy = json_object_get_double(hwp_get(s, "y"));
		if (x >= sx && x <= sx + json_object_get_double(hwp_get(s,
		    "width")) && y >= sy && y <= sy +
		    json_object_get_double(hwp_get(s, "height")))
			return (long)i;
	}
	return -1;
}

static void
hotspot(struct arena *a, struct json_object *o, struct json_object *rows,
    const struct hw_question *q, struct json_object *answer, int key)
{
	struct json_object	*spots = hwp_list(q->config, "hotspots"),
	    *out, *dots;
	struct json_object	*s, *e, *v;
	size_t			 i, n = hwp_len(spots);
	double			 x, y;
	long			 k;
	int			*chosen;

	json_add_str(o, "image_url", page_hw_media_url(a, q->config, "imageUrl",
	    "imageFileId"));
	if ((chosen = arena_zalloc(a, (n + 1) * sizeof(*chosen))) == NULL)
		return;
	/* Regions picked by id, or by a click inside them (the API's other
	 * form of the answer); clicks outside every region listed apart. */
	dots = json_object_new_array();
	for (i = 0; i < hwp_len(answer); i++) {
		v = json_object_array_get_idx(answer, i);
		if (v == NULL || !json_object_is_type(v, json_type_object))
			continue;
		x = json_object_get_double(hwp_get(v, "x"));
		y = json_object_get_double(hwp_get(v, "y"));
		e = json_object_new_object();
		json_add_str(e, "cls", page_hw_spot_classes(a, v));
		json_object_array_add(dots, e);
		if ((k = region_of(spots, x, y)) >= 0)
			chosen[k] = 1;
		else
			row(rows, "Отметка вне областей", arena_printf(a,
			    "x %.1f %%, y %.1f %%", x, y), "", key);
	}
	json_object_object_add(o, "dots", dots);
	out = json_object_new_array();
	for (i = 0; i < n; i++) {
		s = json_object_array_get_idx(spots, i);
		chosen[i] |= listed(answer, hwp_str(s, "id"));
		e = json_object_new_object();
		json_add_str(e, "label", hwp_str(s, "label"));
		json_add_str(e, "cls", page_hw_spot_classes(a, s));
		json_add_bool(e, "chosen", chosen[i]);
		json_add_bool(e, "correct", key &&
		    json_object_get_boolean(hwp_get(s, "isCorrect")));
		json_object_array_add(out, e);
		row(rows, hwp_str(s, "label"), chosen[i] ? "отмечена" : "",
		    json_object_get_boolean(hwp_get(s, "isCorrect")) ? "верная"
		    : "", key);
	}
	json_object_object_add(o, "spots", out);
}

struct json_object *
page_hw_shown(struct arena *a, const struct hw_question *q,
    struct json_object *answer, struct json_object *files, int key)
{
	struct json_object	*o, *rows, *l, *order, *fl, *f, *e;
	const char		*id, *ct;
	size_t			 i, n;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	rows = json_object_new_array();
	json_object_object_add(o, "rows", rows);
	json_add_bool(o, "key", key);
	/* Every name the template asks for, so none resolves further out. */
	json_add_str(o, "template", "");
	json_add_str(o, "audio_url", "");
	json_add_str(o, "image_url", "");
	switch (q->type) {
	case HWQ_TEXT:
		ct = hwp_str(q->config, "correctAnswer");
		if ((l = hwp_list(q->config, "correctAnswers")) != NULL &&
		    hwp_len(l) > 0) {
			for (ct = "", i = 0; i < hwp_len(l); i++)
				ct = arena_printf(a, "%s%s%s", ct, i ? " | " : "",
				    nth_str(l, i));
		}
		row(rows, "Ответ", answer != NULL &&
		    json_object_is_type(answer, json_type_string) ?
		    json_object_get_string(answer) : "", *ct ? ct :
		    "проверяется вручную", key);
		break;
	case HWQ_SINGLE:
	case HWQ_MULTI:
		for (i = 0; i < q->nchoices; i++)
			row(rows, q->choices[i].text, picked(answer,
			    q->choices[i].id) ? "выбран" : "",
			    q->choices[i].is_correct ? "верный" : "", key);
		break;
	case HWQ_LISTENING:
		json_add_str(o, "audio_url", page_hw_media_url(a, q->config,
		    "audioUrl", "audioFileId"));
		l = hwp_list(q->config, "subQuestions");
		for (i = 0; i < hwp_len(l); i++) {
			e = json_object_array_get_idx(l, i);
			row(rows, hwp_str(e, "text"), hwp_str(answer, hwp_str(e,
			    "id")), hwp_str(e, "answer"), key);
		}
		break;
	case HWQ_MATCHING:
		l = hwp_list(q->config, "pairs");
		for (i = 0; i < hwp_len(l); i++) {
			e = json_object_array_get_idx(l, i);
			row(rows, hwp_str(e, "left"), hwp_str(answer, hwp_str(e,
			    "id")), hwp_str(e, "right"), key);
		}
		break;
	case HWQ_DRAG_DROP:
		l = hwp_list(q->config, "items");
		order = hwp_list(q->config, "correctOrder");
		n = hwp_len(l);
		for (i = 0; i < n; i++) {
			id = nth_str(answer, i);
			row(rows, arena_printf(a, "%zu", i + 1), text_of(l, *id
			    ? id : NULL, "text"), text_of(l, nth_str(order, i),
			    "text"), key);
		}
		break;
	case HWQ_FILL_BLANKS:
		json_add_str(o, "template", hwp_str(q->config, "template"));
		l = hwp_list(q->config, "answers");
		n = hw_fill_blanks_markers(hwp_str(q->config, "template"));
		for (i = 0; i < (n > hwp_len(l) ? n : hwp_len(l)); i++)
			row(rows, arena_printf(a, "Пропуск %zu", i + 1),
			    nth_str(answer, i), nth_str(l, i), key);
		break;
	case HWQ_HOTSPOT:
		hotspot(a, o, rows, q, answer, key);
		break;
	default:
		break;
	}
	json_add_int(o, "n_rows", (int64_t)hwp_len(rows));
	/* Files: a FILE_UPLOAD answer's, or any question's attachments. */
	fl = json_object_new_array();
	for (i = 0; i < hwp_len(files); i++) {
		f = json_object_array_get_idx(files, i);
		if ((id = hwp_str(f, "file_id")) == NULL || strlen(id) != 32 ||
		    strspn(id, "0123456789abcdef") != 32)
			continue;
		e = json_object_new_object();
		json_add_str(e, "name", *hwp_str(f, "name") ? hwp_str(f, "name")
		    : "файл");
		json_add_str(e, "url", arena_printf(a,
		    "/api/homework/file/%s/", id));
		json_object_array_add(fl, e);
	}
	json_add_int(o, "n_files", (int64_t)hwp_len(fl));
	json_object_object_add(o, "files", fl);
	json_add_bool(o, "answered", answer != NULL || hwp_len(fl) > 0);
	return o;
}

/* -- the result ---------------------------------------------------------- */

int
page_hw_result(struct req *r)
{
	struct json_object	*ctx, *sv, *o, *l, *rows, *e, *ae;
	struct hw_question	*qs;
	struct answer_row	*ans;
	const struct answer_row	*x;
	struct submission	 s, ks;
	struct homework		 h;
	struct hw_target	 t;
	struct hw_err		 err;
	size_t			 nq, na, i, j;
	int			 has_sub, key = 0, scores;

	if (page_hw_load_work(r, &h, &t, &s, &has_sub, 1) == -1)
		return 0;
	if (!has_sub)
		return resp_redirect(r, 303, page_hw_take_path(r, h.id));
	if (page_hw_editable(&s) && strcmp(h.status, "published") == 0)
		return resp_redirect(r, 303, page_hw_take_path(r, h.id));
	/* The key only after grading, when the teacher shows answers: the
	 * API's my-answers (which counts the view). */
	if (strcmp(s.status, "graded") == 0 && s.allow_view_answers) {
		if (submission_for_answers(r->arena, &h, r->user->id,
		    &ks, &err) == 0)
			key = 1;
	}
	if (db_hw_questions(r->arena, h.id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s.id, &ans, &na) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (sv = hw_view_submission(r->arena, &s, qs, nq, ans, na, 0,
	    (uint64_t)s.shuffle_seed)) == NULL)
		return resp_error(r, 500, "Internal server error");
	o = json_object_new_object();
	json_add_int(o, "id", h.id);
	json_add_str(o, "title", h.title);
	json_object_object_add(ctx, "hw", o);
	o = json_object_new_object();
	json_add_str(o, "status", s.status);
	json_add_str(o, "status_text", page_hw_sub_status_text(s.status));
	json_add_str(o, "submitted", page_hw_when(r->arena, s.submitted_at));
	json_add_str(o, "graded", page_hw_when(r->arena, s.graded_at));
	json_add_bool(o, "is_late", s.is_late);
	json_object_object_add(o, "total_score", json_object_get(
	    json_object_object_get(sv, "total_score")));
	json_add_int(o, "max_score", s.points_total);
	scores = json_object_object_get(sv, "total_score") != NULL;
	json_add_bool(o, "scores", scores);
	json_add_bool(o, "key", key);
	json_add_bool(o, "hidden", !s.allow_view_answers);
	json_add_bool(o, "archived_open", page_hw_editable(&s));
	json_add_str(o, "feedback", hwp_str(hwp_get(sv, "teacher_feedback_summary"),
	    "text"));
	json_add_bool(o, "excellent", scores && s.points_total > 0 &&
	    json_object_get_int64(json_object_object_get(sv, "total_score")) * 10 >=
	    s.points_total * 9 && strcmp(s.status, "graded") == 0);
	json_object_object_add(ctx, "sub", o);
	l = json_object_new_array();
	rows = json_object_object_get(sv, "answers");
	for (i = 0; i < nq; i++) {
		x = page_hw_answer_of(ans, na, qs[i].id);
		for (ae = NULL, j = 0; j < hwp_len(rows); j++) {
			e = json_object_array_get_idx(rows, j);
			if (json_object_get_int64(hwp_get(e, "question")) == qs[i].id)
				ae = e;
		}
		e = json_object_new_object();
		json_add_int(e, "n", (int64_t)i + 1);
		json_add_str(e, "prompt", qs[i].prompt ? qs[i].prompt : "");
		json_add_str(e, "type_text", page_hw_type_text(qs[i].type));
		json_add_int(e, "points", qs[i].points);
		/* A score the API shows the student: the teacher's, else the
		 * automatic one. */
		if (hwp_get(ae, "teacher_score") != NULL)
			json_object_object_add(e, "score",
			    json_object_get(hwp_get(ae, "teacher_score")));
		else if (hwp_get(ae, "auto_score") != NULL)
			json_object_object_add(e, "score",
			    json_object_get(hwp_get(ae, "auto_score")));
		json_add_bool(e, "scored", hwp_get(e, "score") != NULL);
		json_add_bool(e, "pending", x != NULL && x->needs_manual_review &&
		    !x->has_teacher);
		json_add_str(e, "feedback", x && x->teacher_feedback ?
		    x->teacher_feedback : "");
		json_object_object_add(e, "shown", page_hw_shown(r->arena, &qs[i],
		    qs[i].type == HWQ_FILE_UPLOAD ? NULL : x ? hw_answer_parse(
		    r->arena, x->answer_json) : NULL, x ? hw_answer_parse(r->arena,
		    x->attachments) : NULL, key));
		json_object_array_add(l, e);
	}
	json_object_object_add(ctx, "questions", l);
	if (req_query(r, "done") != NULL)
		page_flash(ctx, "ok", strcmp(s.status, "graded") == 0 ?
		    "Работа сдана и проверена автоматически." :
		    "Работа сдана. Преподаватель её проверит.");
	return resp_html(r, 200, "homework/result", ctx, h.title);
}
