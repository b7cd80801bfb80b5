/* The student's homework pages: the to-do list, the take page (one
 * question a screen, a navigator, a progress bar, every type answered
 * with plain form controls; files through a form of their own), handing
 * in, and the result. Answers go through submission_save, the function
 * behind PATCH /api/submissions/{id}/answer/, with its JSON reply for the
 * page's script; the student never sees a key or a score the API would
 * not show them. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_files.h"
#include "app/app_hw_pages.h"
#include "app/page_hw.h"
#include "app/view_homework.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/log.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/account.h"
#include "domain/file.h"
#include "domain/homework.h"
#include "domain/submission.h"

#define TODO_PAGE	50	/* homework the to-do list shows */
#define PICKS_MAX	HW_ITEMS_MAX
#define DASH_TODO	5	/* homework the student's dashboard lists */
#define DASH_READ	15	/* the newest published homework it looks at */

const char *
page_hw_take_path(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/student/homework/%lld", (long long)id);
}

const char *
page_hw_result_path(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/student/homework/%lld/result",
	    (long long)id);
}

int
page_hw_editable(const struct submission *s)
{
	return strcmp(s->status, "in_progress") == 0 ||
	    strcmp(s->status, "revision") == 0;
}

/* -- the to-do list ------------------------------------------------------- */

/* How the homework reaches the student: its deadline ({"d"} of the list's
 * target, else the homework's). */
static const char *
target_deadline(struct req *r, const struct homework *h)
{
	struct json_object	*t, *d;

	if (h->student_target != NULL && (t = json_parse(r->arena,
	    h->student_target, strlen(h->student_target))) != NULL &&
	    json_object_object_get_ex(t, "d", &d) && d != NULL &&
	    json_object_is_type(d, json_type_string))
		return json_object_get_string(d);
	return h->deadline;
}

static struct json_object *
todo_item(struct req *r, const struct homework *h, int64_t now)
{
	struct json_object	*o = json_object_new_object();
	const char		*st = h->submission_id ? h->submission_status :
	    "not_started", *deadline = target_deadline(r, h);
	int64_t			 due;
	int			 handed;

	handed = strcmp(st, "submitted") == 0 || strcmp(st, "graded") == 0;
	json_add_int(o, "id", h->id);
	json_add_str(o, "title", h->title);
	json_add_str(o, "teacher_name", account_name_of(r->arena, h->teacher_last,
	    h->teacher_first, NULL, h->teacher_email));
	json_add_str(o, "status", st);
	json_add_str(o, "status_text", strcmp(h->status, "archived") == 0 &&
	    !handed ? "в архиве" : page_hw_sub_status_text(st));
	json_add_str(o, "deadline", page_hw_when(r->arena, deadline));
	json_add_bool(o, "overdue", !handed && deadline != NULL &&
	    dt_parse_iso(deadline, &due) == 0 && due < now);
	json_add_int(o, "questions", h->questions_count);
	json_add_str(o, "url", handed || strcmp(h->status, "archived") == 0 ?
	    page_hw_result_path(r, h->id) : page_hw_take_path(r, h->id));
	json_add_bool(o, "to_do", !handed && strcmp(h->status, "published") == 0);
	return o;
}

int
page_hw_todo(struct req *r)
{
	struct json_object	*ctx, *todo, *done, *o;
	struct homework		*h;
	struct hw_after		 after;
	int64_t			 now;
	size_t			 n, i;

	if (page_hw_after_or_reply(r, &after) == -1)
		return 0;
	if (db_hw_list(r->arena, HW_SCOPE_STUDENT, r->user->id, NULL, &after,
	    TODO_PAGE + 1, 0, &h, &n, NULL) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    dt_parse_iso(dt_now_db(r->arena), &now) == -1)
		return resp_error(r, 500, "Internal server error");
	todo = json_object_new_array();
	done = json_object_new_array();
	for (i = 0; i < n && i < TODO_PAGE; i++) {
		o = todo_item(r, &h[i], now);
		json_object_array_add(hwp_bool(o, "to_do") ? todo : done, o);
	}
	json_object_object_add(ctx, "todo", todo);
	json_object_object_add(ctx, "done", done);
	json_add_int(ctx, "n_todo", (int64_t)json_object_array_length(todo));
	json_add_int(ctx, "n_done", (int64_t)json_object_array_length(done));
	if (n > TODO_PAGE)
		json_add_str(ctx, "next_url", page_hw_next_url(r,
		    "/student/homework", &h[TODO_PAGE - 1]));
	if (after.created_at != NULL)
		json_add_str(ctx, "first_url", "/student/homework");
	return resp_html(r, 200, "homework/todo", ctx, "Задания");
}

int
page_hw_answered(struct arena *a, const struct hw_question *q,
    const struct answer_row *x)
{
	struct json_object	*v;
	size_t			 i;

	if (x == NULL)
		return 0;
	if (q->type == HWQ_FILE_UPLOAD)
		return hwp_len(hw_answer_parse(a, x->attachments)) > 0;
	if ((v = hw_answer_parse(a, x->answer_json)) == NULL)
		return 0;
	switch (json_object_get_type(v)) {
	case json_type_string:
		return *json_object_get_string(v) != '\0';
	case json_type_array:
		for (i = 0; i < hwp_len(v); i++) {
			struct json_object	*e =
			    json_object_array_get_idx(v, i);

			if (e != NULL && (!json_object_is_type(e,
			    json_type_string) ||
			    *json_object_get_string(e) != '\0'))
				return 1;
		}
		return 0;
	case json_type_object: {
		json_object_object_foreach(v, k, e) {
			(void)k;
			if (e != NULL && *json_object_get_string(e) != '\0')
				return 1;
		}
		return 0;
	}
	default:
		return 1;
	}
}

/* Whether the list holds id (a string) or the number id. */
static int
has(struct json_object *l, const char *s, int64_t n)
{
	struct json_object	*e;
	size_t			 i;

	if (l != NULL && json_object_is_type(l, json_type_int))
		return json_object_get_int64(l) == n;
	for (i = 0; i < hwp_len(l); i++) {
		e = json_object_array_get_idx(l, i);
		if (s != NULL && e != NULL && json_object_is_type(e,
		    json_type_string) &&
		    strcmp(json_object_get_string(e), s) == 0)
			return 1;
		if (s == NULL && e != NULL && json_object_is_type(e,
		    json_type_int) && json_object_get_int64(e) == n)
			return 1;
	}
	return 0;
}

/* FILL_BLANKS: the template as text parts, each but the last followed by
 * a blank: [{text, blank, n, value}]. */
static struct json_object *
blank_parts(struct arena *a, const char *t, struct json_object *answer)
{
	struct json_object	*out = json_object_new_array(), *o;
	const char		*m;
	size_t			 i = 0;

	for (;;) {
		o = json_object_new_object();
		m = strstr(t, "[___]");
		json_add_str(o, "text", m ? arena_printf(a, "%.*s", (int)(m -
		    t), t) : t);
		json_add_bool(o, "blank", m != NULL);
		if (m != NULL) {
			json_add_int(o, "n", (int64_t)i + 1);
			json_add_int(o, "i", (int64_t)i);
			json_add_str(o, "value", i < hwp_len(answer) ?
			    json_object_get_string(json_object_array_get_idx(answer,
			    i)) : "");
			i++;
		}
		json_object_array_add(out, o);
		if (m == NULL)
			return out;
		t = m + 5;
	}
}

static const char *
item_id(struct json_object *items, size_t j)
{
	return hwp_str(json_object_array_get_idx(items, j), "id");
}

/* DRAG_DROP: the items in the student's order when they gave one, else in
 * theirs from the seed; positions to choose for each. */
static struct json_object *
order_items(struct arena *a, struct json_object *items, struct json_object *ans)
{
	struct json_object	*out = json_object_new_array(), *o, *pos, *p;
	struct json_object	*e;
	size_t			 n = hwp_len(items), i, j, k;
	const char		**ids, *id;
	long			 at;

	if ((ids = arena_zalloc(a, (n + 1) * sizeof(*ids))) == NULL)
		return out;
	k = 0;
	for (i = 0; i < hwp_len(ans) && k < n; i++) {	/* the answer's order */
		id = json_object_get_string(json_object_array_get_idx(ans, i));
		for (j = 0; j < n; j++)
			if (strcmp(item_id(items, j), id) == 0)
				ids[k++] = item_id(items, j);
	}
	for (j = 0; j < n; j++)				/* then the others */
		if (!has(ans, item_id(items, j), 0))
			ids[k++] = item_id(items, j);
	for (i = 0; i < k; i++) {
		for (e = NULL, j = 0; j < n; j++)
			if (strcmp(item_id(items, j), ids[i]) == 0)
				e = json_object_array_get_idx(items, j);
		o = json_object_new_object();
		json_add_str(o, "id", ids[i]);
		json_add_str(o, "text", hwp_str(e, "text"));
		at = hwp_len(ans) > 0 ? (long)i : -1;
		pos = json_object_new_array();
		for (j = 0; j < n; j++) {
			p = json_object_new_object();
			json_add_int(p, "n", (int64_t)j + 1);
			json_add_bool(p, "selected", at == (long)j);
			json_object_array_add(pos, p);
		}
		json_object_object_add(o, "positions", pos);
		json_add_bool(o, "unset", at < 0);
		json_object_array_add(out, o);
	}
	return out;
}

/* One question's controls for the student: the type's fields filled with
 * their saved answer (sq: the student's view of it, key removed). */
static struct json_object *
controls(struct arena *a, const struct hw_question *q, struct json_object *sq,
    const struct answer_row *x)
{
	struct json_object	*o = json_object_new_object(), *cfg, *l, *e, *c;
	struct json_object	*ans = x ? hw_answer_parse(a,
	    x->answer_json) : NULL;
	struct json_object	*opts, *op, *files, *att, *pairs;
	size_t			 i, j;

	cfg = hwp_get(sq, "config");
	switch (q->type) {
	case HWQ_TEXT:
		json_add_bool(o, "is_text", 1);
		json_add_bool(o, "long", strcmp(hwp_str(cfg, "answerLength"),
		    "long") == 0);
		json_add_str(o, "value", ans && json_object_is_type(ans,
		    json_type_string) ? json_object_get_string(ans) : "");
		break;
	case HWQ_SINGLE:
	case HWQ_MULTI:
		json_add_bool(o, q->type == HWQ_SINGLE ? "is_single" :
		    "is_multi", 1);
		l = json_object_new_array();
		for (i = 0; i < q->nchoices; i++) {
			c = json_object_new_object();
			json_add_int(c, "id", q->choices[i].id);
			json_add_str(c, "text", q->choices[i].text);
			json_add_bool(c, "checked", has(ans, NULL,
			    q->choices[i].id));
			json_object_array_add(l, c);
		}
		json_object_object_add(o, "choices", l);
		break;
	case HWQ_LISTENING:
		json_add_bool(o, "is_listening", 1);
		json_add_str(o, "audio_url", page_hw_media_url(a, cfg, "audioUrl",
		    "audioFileId"));
		json_add_str(o, "listen_prompt", hwp_str(cfg, "prompt"));
		l = json_object_new_array();
		for (i = 0; i < hwp_len(hwp_get(cfg, "subQuestions")); i++) {
			e = json_object_array_get_idx(hwp_get(cfg,
			    "subQuestions"), i);
			c = json_object_new_object();
			json_add_str(c, "id", hwp_str(e, "id"));
			json_add_int(c, "n", (int64_t)i + 1);
			json_add_str(c, "text", hwp_str(e, "text"));
			json_add_str(c, "value", hwp_str(ans, hwp_str(e, "id")));
			json_object_array_add(l, c);
		}
		json_object_object_add(o, "subs", l);
		break;
	case HWQ_MATCHING:
		json_add_bool(o, "is_matching", 1);
		l = json_object_new_array();
		pairs = hwp_list(cfg, "pairs");
		for (i = 0; i < hwp_len(pairs); i++) {
			e = json_object_array_get_idx(pairs, i);
			c = json_object_new_object();
			json_add_str(c, "id", hwp_str(e, "id"));
			json_add_str(c, "left", hwp_str(e, "left"));
			opts = json_object_new_array();
			for (j = 0; j < hwp_len(pairs); j++) {
				const char	*rt = hwp_str(
				    json_object_array_get_idx(pairs, j), "right");

				op = json_object_new_object();
				json_add_str(op, "text", rt);
				json_add_bool(op, "selected",
				    strcmp(hwp_str(ans, hwp_str(e, "id")), rt)
				    == 0 && *rt != '\0');
				json_object_array_add(opts, op);
			}
			json_object_object_add(c, "options", opts);
			json_object_array_add(l, c);
		}
		json_object_object_add(o, "pairs", l);
		break;
	case HWQ_DRAG_DROP:
		json_add_bool(o, "is_order", 1);
		json_object_object_add(o, "items", order_items(a, hwp_get(cfg,
		    "items"), ans));
		break;
	case HWQ_FILL_BLANKS:
		json_add_bool(o, "is_blanks", 1);
		json_object_object_add(o, "parts", blank_parts(a, hwp_str(cfg,
		    "template"), ans));
		break;
	case HWQ_HOTSPOT:
		json_add_bool(o, "is_hotspot", 1);
		json_add_str(o, "image_url", page_hw_media_url(a, cfg, "imageUrl",
		    "imageFileId"));
		l = json_object_new_array();
		for (i = 0; i < hwp_len(hwp_get(cfg, "hotspots")); i++) {
			e = json_object_array_get_idx(hwp_get(cfg, "hotspots"), i);
			c = json_object_new_object();
			json_add_str(c, "id", hwp_str(e, "id"));
			json_add_str(c, "label", hwp_str(e, "label"));
			json_add_str(c, "cls", page_hw_spot_classes(a, e));
			json_add_bool(c, "checked", has(ans, hwp_str(e, "id"), 0));
			json_object_array_add(l, c);
		}
		json_object_object_add(o, "spots", l);
		break;
	case HWQ_FILE_UPLOAD:
		json_add_bool(o, "is_file", 1);
		files = json_object_new_array();
		att = x ? hw_answer_parse(a, x->attachments) : NULL;
		for (i = 0; i < hwp_len(att); i++) {
			e = json_object_array_get_idx(att, i);
			c = json_object_new_object();
			json_add_str(c, "file_id", hwp_str(e, "file_id"));
			json_add_str(c, "name", hwp_str(e, "name"));
			json_add_str(c, "url", arena_printf(a,
			    "/api/homework/file/%s/", hwp_str(e, "file_id")));
			json_object_array_add(files, c);
		}
		json_add_int(o, "n_files", (int64_t)hwp_len(files));
		json_object_object_add(o, "files", files);
		json_add_bool(o, "can_add", (int64_t)hwp_len(att) <
		    (hwp_get(cfg, "maxFiles") ?
		    json_object_get_int64(hwp_get(cfg, "maxFiles")) : 1));
		json_add_int(o, "max_files", hwp_get(cfg, "maxFiles") ?
		    json_object_get_int64(hwp_get(cfg, "maxFiles")) : 1);
		json_add_int(o, "max_size", hwp_get(cfg, "maxSizeMB") ?
		    json_object_get_int64(hwp_get(cfg, "maxSizeMB")) : 10);
		json_add_str(o, "instructions", hwp_str(cfg, "instructions"));
		l = hwp_get(cfg, "allowedTypes");
		json_add_str(o, "kinds", has(l, "any", 0) || hwp_len(l) == 0 ?
		    "изображения и документы" : has(l, "image", 0) && has(l,
		    "document", 0) ? "изображения и документы" : has(l, "image",
		    0) ? "изображения (JPEG, PNG, GIF, WebP)" :
		    "документы (PDF, Word, Excel, PowerPoint, TXT, CSV)");
		break;
	default:
		break;
	}
	return o;
}

/* -- the take page -------------------------------------------------------- */

/* Which screen ?q asks for: 1..n a question, n + 1 the summary ("done");
 * the default: the first question to work on. */
static size_t
screen_of(struct req *r, size_t n, const int *todo)
{
	const char	*v = req_query(r, "q");
	int64_t		 k;
	size_t		 i;

	if (v != NULL && strcmp(v, "done") == 0)
		return n + 1;
	if (v != NULL && str_to_i64(v, strlen(v), 1, (int64_t)n + 1, &k) == 0)
		return (size_t)k;
	for (i = 0; i < n; i++)
		if (todo[i])
			return i + 1;
	return n > 0 ? 1 : 1;
}

int
page_hw_render_take(struct req *r, int status, const struct homework *h,
    const struct hw_target *t, const struct submission *s, const char *error)
{
	struct json_object	*ctx, *sq, *nav, *o, *cur = NULL;
	struct hw_question	*qs;
	struct answer_row	*ans;
	const struct answer_row	*x;
	size_t			 nq, na, i, k, done = 0;
	int64_t			 points = 0;
	int			*todo, *has, revision = strcmp(s->status,
	    "revision") == 0;

	if (db_hw_questions(r->arena, h->id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s->id, &ans, &na) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (todo = arena_zalloc(r->arena, 2 * (nq + 1) * sizeof(*todo))) ==
	    NULL)
		return resp_error(r, 500, "Internal server error");
	has = todo + nq + 1;
	/* What is answered, and open to change: everything, or the answers
	 * returned. */
	for (i = 0; i < nq; i++) {
		x = page_hw_answer_of(ans, na, qs[i].id);
		has[i] = page_hw_answered(r->arena, &qs[i], x);
		todo[i] = revision ? x != NULL && x->needs_revision : !has[i];
		done += has[i];
		points += qs[i].points;
	}
	k = screen_of(r, nq, todo);
	nav = json_object_new_array();
	for (i = 0; i < nq; i++) {
		x = page_hw_answer_of(ans, na, qs[i].id);
		o = json_object_new_object();
		json_add_int(o, "n", (int64_t)i + 1);
		json_add_bool(o, "current", i + 1 == k);
		json_add_bool(o, "answered", has[i]);
		json_add_bool(o, "rework", revision && x != NULL &&
		    x->needs_revision);
		json_object_array_add(nav, o);
		if (i + 1 != k)
			continue;
		/* The student's view of this question only: no key, MATCHING
		 * and DRAG_DROP in their order. */
		if ((sq = json_new_object(r->arena)) == NULL)
			return resp_error(r, 500, "Internal server error");
		json_object_object_add(sq, "config", json_object_get(
		    hw_question_student_config(r->arena, &qs[i],
		    (uint64_t)s->shuffle_seed)));
		cur = json_object_new_object();
		json_add_int(cur, "id", qs[i].id);
		json_add_int(cur, "n", (int64_t)i + 1);
		json_add_str(cur, "prompt", qs[i].prompt ? qs[i].prompt : "");
		json_add_str(cur, "explanation", qs[i].explanation ?
		    qs[i].explanation : "");
		json_add_str(cur, "type_text", page_hw_type_text(qs[i].type));
		json_add_int(cur, "points", qs[i].points);
		json_add_bool(cur, "editable", !revision || (x &&
		    x->needs_revision));
		json_add_bool(cur, "first", i == 0);
		json_add_bool(cur, "last", i + 1 == nq);
		if (revision && x != NULL && x->teacher_feedback != NULL &&
		    *x->teacher_feedback != '\0')
			json_add_str(cur, "feedback", x->teacher_feedback);
		json_object_object_add(cur, "c", controls(r->arena, &qs[i], sq, x));
	}
	json_object_object_add(ctx, "nav", nav);
	if (cur != NULL)
		json_object_object_add(ctx, "q", cur);
	else
		json_add_bool(ctx, "summary", 1);
	o = json_object_new_object();
	json_add_int(o, "id", h->id);
	json_add_str(o, "title", h->title);
	json_add_str(o, "description", h->description);
	json_add_str(o, "instructions", h->student_instructions);
	json_add_str(o, "deadline", page_hw_when(r->arena, homework_deadline(h,
	    t)));
	json_add_bool(o, "block_late", strcmp(h->late_policy, "block") == 0);
	json_add_int(o, "questions", (int64_t)nq);
	json_add_int(o, "answered", (int64_t)done);
	json_add_int(o, "left", (int64_t)(nq - done));
	json_add_int(o, "points", points);
	json_object_object_add(ctx, "hw", o);
	o = json_object_new_object();
	json_add_int(o, "id", s->id);
	json_add_bool(o, "revision", revision);
	json_add_str(o, "comment", s->revision_comment ? s->revision_comment : "");
	json_object_object_add(ctx, "sub", o);
	json_add_int(ctx, "screen", (int64_t)k);
	json_add_int(ctx, "prev", (int64_t)(k > 1 ? k - 1 : 0));
	json_add_int(ctx, "next", (int64_t)(k <= nq ? k + 1 : 0));
	json_add_str(ctx, "action", page_hw_take_path(r, h->id));
	if (error != NULL)
		page_flash(ctx, "error", error);
	else if (req_query(r, "saved") != NULL)
		page_flash(ctx, "ok", "Ответ сохранён.");
	return resp_html(r, status, "homework/take", ctx, h->title);
}

int
page_hw_load_work(struct req *r, struct homework *h, struct hw_target *t,
    struct submission *s, int *has_sub, int full)
{
	int	 rc;

	if (page_hw_load_or_reply(r, 0, h, t) == -1)
		return -1;
	rc = full ? db_sub_find(r->arena, h->id, r->user->id, s) :
	    db_sub_find_brief(r->arena, h->id, r->user->id, s);
	/* Work returned for rework: its comment too. */
	if (rc == 1 && !full && strcmp(s->status, "revision") == 0)
		rc = db_sub_find(r->arena, h->id, r->user->id, s);
	if (rc == -1) {
		resp_error(r, 503, page_hw_db_down);
		return -1;
	}
	*has_sub = rc == 1;
	return 0;
}

int
page_hw_take(struct req *r)
{
	struct json_object	*ctx, *o;
	struct hw_question	*qs;
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	int64_t			 points = 0;
	size_t			 nq, i;
	int			 has_sub;

	if (page_hw_load_work(r, &h, &t, &s, &has_sub, 0) == -1)
		return 0;
	if (has_sub && (!page_hw_editable(&s) || strcmp(h.status, "archived") == 0))
		return resp_redirect(r, 303, page_hw_result_path(r, h.id));
	if (has_sub)
		return page_hw_render_take(r, 200, &h, &t, &s, NULL);
	/* Not started: what it is, and the button to begin. */
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (o = hw_view_homework_student(r->arena, &h, &t, NULL, 0, 0, 0, NULL)) ==
	    NULL)
		return resp_error(r, 500, "Internal server error");
	if (db_hw_questions(r->arena, h.id, &qs, &nq) == -1)
		return resp_error(r, 503, page_hw_db_down);
	for (i = 0; i < nq; i++)
		points += qs[i].points;
	json_add_str(o, "deadline_text", page_hw_when(r->arena,
	    homework_deadline(&h, &t)));
	json_add_bool(o, "block_late", strcmp(h.late_policy, "block") == 0);
	json_add_int(o, "questions", (int64_t)nq);
	json_add_int(o, "points", points);
	json_object_object_add(ctx, "hw", json_object_get(o));
	json_add_str(ctx, "action", arena_printf(r->arena, "%s/start",
	    page_hw_take_path(r, h.id)));
	return resp_html(r, 200, "homework/start", ctx, h.title);
}

int
page_hw_start(struct req *r)
{
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	struct hw_err		 err;
	int			 rc, created;

	if (page_hw_load_or_reply(r, 0, &h, &t) == -1)
		return 0;
	if ((rc = submission_start(r->arena, r->cfg->secret_key, &h, &t,
	    r->user->id, &s, &created, &err)) != 0)
		return page_hw_fail(r, rc, &err);
	return resp_redirect(r, 303, page_hw_take_path(r, h.id));
}

/* -- the dashboards -------------------------------------------------------- */

int
page_hw_dash(struct req *r, struct json_object *ctx)
{
	struct json_object	*l, *o;
	struct sub_filter	 f;
	struct homework		*h;
	struct hw_after		 ha;
	int64_t			 total, now;
	size_t			 n, i, todo = 0;

	if (r->user->role == R_TEACHER) {
		memset(&f, 0, sizeof(f));
		f.status = "submitted";
		if (db_sub_count(r->arena, SUB_SCOPE_TEACHER, r->user->id, &f,
		    &total) == -1)
			return -1;
		json_add_int(ctx, "hw_to_check", total);
		return 0;
	}
	memset(&ha, 0, sizeof(ha));
	if (db_hw_list(r->arena, HW_SCOPE_STUDENT, r->user->id, "published", &ha,
	    DASH_READ, 0, &h, &n, NULL) == -1 ||
	    dt_parse_iso(dt_now_db(r->arena), &now) == -1)
		return -1;
	l = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = todo_item(r, &h[i], now);
		if (json_object_get_boolean(json_object_object_get(o, "to_do")) &&
		    todo++ < DASH_TODO)
			json_object_array_add(l, o);
		else
			json_object_put(o);
	}
	json_object_object_add(ctx, "hw_todo", l);
	json_add_int(ctx, "hw_to_do", (int64_t)todo);
	return 0;
}
