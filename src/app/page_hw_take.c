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

static const char *
take_path(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/student/homework/%lld", (long long)id);
}

static const char *
result_path(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/student/homework/%lld/result",
	    (long long)id);
}

static int
editable(const struct submission *s)
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
	    result_path(r, h->id) : take_path(r, h->id));
	json_add_bool(o, "to_do", !handed && strcmp(h->status, "published") == 0);
	return o;
}

int
page_hw_todo(struct req *r)
{
	struct json_object	*ctx, *todo, *done, *o;
	struct homework		*h;
	struct hw_after		 after;
	const char		*c = req_query(r, "c"), *i_s = req_query(r, "i");
	int64_t			 total, us = 0, id = 0, now;
	size_t			 n, i;

	memset(&after, 0, sizeof(after));
	if (c != NULL && i_s != NULL) {
		if (str_to_i64(c, strlen(c), 0, INT64_MAX, &us) == -1 ||
		    str_to_i64(i_s, strlen(i_s), 1, INT64_MAX, &id) == -1)
			return resp_error(r, 400, "Неверная ссылка на страницу.");
		after.created_at = dt_db(r->arena, us);
		after.id = id;
	}
	if (db_hw_list(r->arena, HW_SCOPE_STUDENT, r->user->id, NULL, &after,
	    TODO_PAGE + 1, 0, &h, &n, &total) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    dt_parse_iso(dt_now_db(r->arena), &now) == -1)
		return resp_error(r, 500, "Internal server error");
	todo = json_object_new_array();
	done = json_object_new_array();
	for (i = 0; i < n && i < TODO_PAGE; i++) {
		o = todo_item(r, &h[i], now);
		json_object_array_add(json_object_get_boolean(json_object_object_get(
		    o, "to_do")) ? todo : done, o);
	}
	json_object_object_add(ctx, "todo", todo);
	json_object_object_add(ctx, "done", done);
	json_add_int(ctx, "n_todo", (int64_t)json_object_array_length(todo));
	json_add_int(ctx, "n_done", (int64_t)json_object_array_length(done));
	if (n > TODO_PAGE && dt_parse_iso(h[TODO_PAGE - 1].created_at, &us) == 0)
		json_add_str(ctx, "next_url", arena_printf(r->arena,
		    "/student/homework?c=%lld&i=%lld", (long long)us,
		    (long long)h[TODO_PAGE - 1].id));
	if (after.created_at != NULL)
		json_add_str(ctx, "first_url", "/student/homework");
	return resp_html(r, 200, "homework/todo", ctx, "Задания");
}

/* -- the student's questions -------------------------------------------- */

/* The stored answer of question qid (NULL: none yet). */
static const struct answer_row *
answer_of(const struct answer_row *a, size_t n, int64_t qid)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (a[i].question_id == qid)
			return &a[i];
	return NULL;
}

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object	*v = jget(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "";
}

static size_t
jlen(struct json_object *l)
{
	return l != NULL && json_object_is_type(l, json_type_array) ?
	    json_object_array_length(l) : 0;
}

/* Whether a stored answer says something (a file, a pick, some text). */
static int
answered(struct arena *a, const struct hw_question *q,
    const struct answer_row *x)
{
	struct json_object	*v;
	size_t			 i;

	if (x == NULL)
		return 0;
	if (q->type == HWQ_FILE_UPLOAD)
		return jlen(hw_answer_parse(a, x->attachments)) > 0;
	if ((v = hw_answer_parse(a, x->answer_json)) == NULL)
		return 0;
	switch (json_object_get_type(v)) {
	case json_type_string:
		return *json_object_get_string(v) != '\0';
	case json_type_array:
		for (i = 0; i < jlen(v); i++) {
			struct json_object	*e = json_object_array_get_idx(v, i);

			if (e != NULL && (!json_object_is_type(e, json_type_string) ||
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
	for (i = 0; i < jlen(l); i++) {
		e = json_object_array_get_idx(l, i);
		if (s != NULL && e != NULL && json_object_is_type(e, json_type_string) &&
		    strcmp(json_object_get_string(e), s) == 0)
			return 1;
		if (s == NULL && e != NULL && json_object_is_type(e, json_type_int) &&
		    json_object_get_int64(e) == n)
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
		json_add_str(o, "text", m ? arena_printf(a, "%.*s", (int)(m - t), t) :
		    t);
		json_add_bool(o, "blank", m != NULL);
		if (m != NULL) {
			json_add_int(o, "n", (int64_t)i + 1);
			json_add_int(o, "i", (int64_t)i);
			json_add_str(o, "value", i < jlen(answer) ? json_object_get_string(
			    json_object_array_get_idx(answer, i)) : "");
			i++;
		}
		json_object_array_add(out, o);
		if (m == NULL)
			return out;
		t = m + 5;
	}
}

/* DRAG_DROP: the items in the student's order when they gave one, else in
 * theirs from the seed; positions to choose for each. */
static struct json_object *
order_items(struct arena *a, struct json_object *items, struct json_object *ans)
{
	struct json_object	*out = json_object_new_array(), *o, *pos, *p;
	struct json_object	*e;
	size_t			 n = jlen(items), i, j, k;
	const char		**ids;
	long			 at;

	if ((ids = arena_zalloc(a, (n + 1) * sizeof(*ids))) == NULL)
		return out;
	k = 0;
	for (i = 0; i < jlen(ans) && k < n; i++)	/* the answer's order first */
		for (j = 0; j < n; j++)
			if (strcmp(jstr(json_object_array_get_idx(items, j), "id"),
			    json_object_get_string(json_object_array_get_idx(ans,
			    i))) == 0)
				ids[k++] = jstr(json_object_array_get_idx(items, j), "id");
	for (j = 0; j < n; j++)
		if (!has(ans, jstr(json_object_array_get_idx(items, j), "id"), 0))
			ids[k++] = jstr(json_object_array_get_idx(items, j), "id");
	for (i = 0; i < k; i++) {
		for (e = NULL, j = 0; j < n; j++)
			if (strcmp(jstr(json_object_array_get_idx(items, j), "id"),
			    ids[i]) == 0)
				e = json_object_array_get_idx(items, j);
		o = json_object_new_object();
		json_add_str(o, "id", ids[i]);
		json_add_str(o, "text", jstr(e, "text"));
		at = jlen(ans) > 0 ? (long)i : -1;
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
	struct json_object	*ans = x ? hw_answer_parse(a, x->answer_json) : NULL;
	struct json_object	*opts, *op, *files, *att;
	size_t			 i, j;

	cfg = jget(sq, "config");
	switch (q->type) {
	case HWQ_TEXT:
		json_add_bool(o, "is_text", 1);
		json_add_bool(o, "long", strcmp(jstr(cfg, "answerLength"), "long") ==
		    0);
		json_add_str(o, "value", ans && json_object_is_type(ans,
		    json_type_string) ? json_object_get_string(ans) : "");
		break;
	case HWQ_SINGLE:
	case HWQ_MULTI:
		json_add_bool(o, q->type == HWQ_SINGLE ? "is_single" : "is_multi", 1);
		l = json_object_new_array();
		for (i = 0; i < q->nchoices; i++) {
			c = json_object_new_object();
			json_add_int(c, "id", q->choices[i].id);
			json_add_str(c, "text", q->choices[i].text);
			json_add_bool(c, "checked", has(ans, NULL, q->choices[i].id));
			json_object_array_add(l, c);
		}
		json_object_object_add(o, "choices", l);
		break;
	case HWQ_LISTENING:
		json_add_bool(o, "is_listening", 1);
		json_add_str(o, "audio_url", page_hw_media_url(a, cfg, "audioUrl",
		    "audioFileId"));
		json_add_str(o, "listen_prompt", jstr(cfg, "prompt"));
		l = json_object_new_array();
		for (i = 0; i < jlen(jget(cfg, "subQuestions")); i++) {
			e = json_object_array_get_idx(jget(cfg, "subQuestions"), i);
			c = json_object_new_object();
			json_add_str(c, "id", jstr(e, "id"));
			json_add_int(c, "n", (int64_t)i + 1);
			json_add_str(c, "text", jstr(e, "text"));
			json_add_str(c, "value", jstr(ans, jstr(e, "id")));
			json_object_array_add(l, c);
		}
		json_object_object_add(o, "subs", l);
		break;
	case HWQ_MATCHING:
		json_add_bool(o, "is_matching", 1);
		l = json_object_new_array();
		for (i = 0; i < jlen(jget(cfg, "pairs")); i++) {
			e = json_object_array_get_idx(jget(cfg, "pairs"), i);
			c = json_object_new_object();
			json_add_str(c, "id", jstr(e, "id"));
			json_add_str(c, "left", jstr(e, "left"));
			opts = json_object_new_array();
			for (j = 0; j < jlen(jget(cfg, "pairs")); j++) {
				const char	*rt = jstr(json_object_array_get_idx(
				    jget(cfg, "pairs"), j), "right");

				op = json_object_new_object();
				json_add_str(op, "text", rt);
				json_add_bool(op, "selected", strcmp(jstr(ans, jstr(e,
				    "id")), rt) == 0 && *rt != '\0');
				json_object_array_add(opts, op);
			}
			json_object_object_add(c, "options", opts);
			json_object_array_add(l, c);
		}
		json_object_object_add(o, "pairs", l);
		break;
	case HWQ_DRAG_DROP:
		json_add_bool(o, "is_order", 1);
		json_object_object_add(o, "items", order_items(a, jget(cfg, "items"),
		    ans));
		break;
	case HWQ_FILL_BLANKS:
		json_add_bool(o, "is_blanks", 1);
		json_object_object_add(o, "parts", blank_parts(a, jstr(cfg,
		    "template"), ans));
		break;
	case HWQ_HOTSPOT:
		json_add_bool(o, "is_hotspot", 1);
		json_add_str(o, "image_url", page_hw_media_url(a, cfg, "imageUrl",
		    "imageFileId"));
		l = json_object_new_array();
		for (i = 0; i < jlen(jget(cfg, "hotspots")); i++) {
			e = json_object_array_get_idx(jget(cfg, "hotspots"), i);
			c = json_object_new_object();
			json_add_str(c, "id", jstr(e, "id"));
			json_add_str(c, "label", jstr(e, "label"));
			json_add_str(c, "cls", page_hw_spot_classes(a, e));
			json_add_bool(c, "checked", has(ans, jstr(e, "id"), 0));
			json_object_array_add(l, c);
		}
		json_object_object_add(o, "spots", l);
		break;
	case HWQ_FILE_UPLOAD:
		json_add_bool(o, "is_file", 1);
		files = json_object_new_array();
		att = x ? hw_answer_parse(a, x->attachments) : NULL;
		for (i = 0; i < jlen(att); i++) {
			e = json_object_array_get_idx(att, i);
			c = json_object_new_object();
			json_add_str(c, "file_id", jstr(e, "file_id"));
			json_add_str(c, "name", jstr(e, "name"));
			json_add_str(c, "url", arena_printf(a, "/api/homework/file/%s/",
			    jstr(e, "file_id")));
			json_object_array_add(files, c);
		}
		json_add_int(o, "n_files", (int64_t)jlen(files));
		json_object_object_add(o, "files", files);
		json_add_bool(o, "can_add", (int64_t)jlen(att) < (jget(cfg,
		    "maxFiles") ? json_object_get_int64(jget(cfg, "maxFiles")) : 1));
		json_add_int(o, "max_files", jget(cfg, "maxFiles") ?
		    json_object_get_int64(jget(cfg, "maxFiles")) : 1);
		json_add_int(o, "max_size", jget(cfg, "maxSizeMB") ?
		    json_object_get_int64(jget(cfg, "maxSizeMB")) : 10);
		json_add_str(o, "instructions", jstr(cfg, "instructions"));
		l = jget(cfg, "allowedTypes");
		json_add_str(o, "kinds", has(l, "any", 0) || jlen(l) == 0 ?
		    "изображения и документы" : has(l, "image", 0) && has(l,
		    "document", 0) ? "изображения и документы" : has(l, "image", 0) ?
		    "изображения (JPEG, PNG, GIF, WebP)" :
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

/* The take page of s (in_progress or revision): screen k, with error. */
static int
render_take(struct req *r, int status, const struct homework *h,
    const struct hw_target *t, const struct submission *s, const char *error)
{
	struct json_object	*ctx, *hv, *sq, *nav, *o, *cur = NULL, *list;
	struct hw_question	*qs;
	struct answer_row	*ans;
	const struct answer_row	*x;
	size_t			 nq, na, i, k, done = 0;
	int			*todo, revision = strcmp(s->status, "revision") == 0;

	if (db_hw_questions(r->arena, h->id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s->id, &ans, &na) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (hv = hw_view_homework_student(r->arena, h, t, qs, nq,
	    (uint64_t)s->shuffle_seed, s->id, s->status)) == NULL ||
	    (todo = arena_zalloc(r->arena, (nq + 1) * sizeof(*todo))) == NULL)
		return resp_error(r, 500, "Internal server error");
	list = json_object_object_get(hv, "questions");
	/* What is open to change: everything, or the answers returned. */
	for (i = 0; i < nq; i++) {
		x = answer_of(ans, na, qs[i].id);
		todo[i] = revision ? x != NULL && x->needs_revision :
		    !answered(r->arena, &qs[i], x);
		done += answered(r->arena, &qs[i], x);
	}
	k = screen_of(r, nq, todo);
	nav = json_object_new_array();
	for (i = 0; i < nq; i++) {
		x = answer_of(ans, na, qs[i].id);
		o = json_object_new_object();
		json_add_int(o, "n", (int64_t)i + 1);
		json_add_bool(o, "current", i + 1 == k);
		json_add_bool(o, "answered", answered(r->arena, &qs[i], x));
		json_add_bool(o, "rework", revision && x != NULL && x->needs_revision);
		json_object_array_add(nav, o);
		if (i + 1 != k)
			continue;
		sq = json_object_array_get_idx(list, i);
		cur = json_object_new_object();
		json_add_int(cur, "id", qs[i].id);
		json_add_int(cur, "n", (int64_t)i + 1);
		json_add_str(cur, "prompt", qs[i].prompt ? qs[i].prompt : "");
		json_add_str(cur, "explanation", qs[i].explanation ?
		    qs[i].explanation : "");
		json_add_str(cur, "type_text", page_hw_type_text(qs[i].type));
		json_add_int(cur, "points", qs[i].points);
		json_add_bool(cur, "editable", !revision || (x && x->needs_revision));
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
	json_add_int(o, "points", json_object_get_int64(json_object_object_get(hv,
	    "points_total")));
	json_object_object_add(ctx, "hw", o);
	o = json_object_new_object();
	json_add_int(o, "id", s->id);
	json_add_bool(o, "revision", revision);
	json_add_str(o, "comment", s->revision_comment ? s->revision_comment : "");
	json_object_object_add(ctx, "sub", o);
	json_add_int(ctx, "screen", (int64_t)k);
	json_add_int(ctx, "prev", (int64_t)(k > 1 ? k - 1 : 0));
	json_add_int(ctx, "next", (int64_t)(k <= nq ? k + 1 : 0));
	json_add_str(ctx, "action", take_path(r, h->id));
	if (error != NULL)
		page_flash(ctx, "error", error);
	else if (req_query(r, "saved") != NULL)
		page_flash(ctx, "ok", "Ответ сохранён.");
	return resp_html(r, status, "homework/take", ctx, h->title);
}

/* The student's homework and work on it: -1 after an answer; *has_sub. */
static int
load_work(struct req *r, struct homework *h, struct hw_target *t,
    struct submission *s, int *has_sub)
{
	int	 rc;

	if (page_hw_load_or_reply(r, 0, h, t) == -1)
		return -1;
	if ((rc = db_sub_find(r->arena, h->id, r->user->id, s)) == -1) {
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

	if (load_work(r, &h, &t, &s, &has_sub) == -1)
		return 0;
	if (has_sub && (!editable(&s) || strcmp(h.status, "archived") == 0))
		return resp_redirect(r, 303, result_path(r, h.id));
	if (has_sub)
		return render_take(r, 200, &h, &t, &s, NULL);
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
	    take_path(r, h.id)));
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
	return resp_redirect(r, 303, take_path(r, h.id));
}

/* The answer the form gives for q (see controls), for the autosave's
 * object: a new value, or NULL for JSON null (no answer). */
static struct json_object *
value_of_form(struct req *r, const struct hw_question *q,
    const struct answer_row *x)
{
	const char		*v[PICKS_MAX], *k, *drop = page_hw_form(r, "op");
	struct json_object	*o, *l, *att, *e;
	size_t			 n, i, j;
	int64_t			 id, pos[PICKS_MAX];

	switch (q->type) {
	case HWQ_TEXT:
		return json_object_new_string(page_hw_form(r, "a"));
	case HWQ_SINGLE:
		if (str_to_i64(page_hw_form(r, "a"), strlen(page_hw_form(r, "a")), 1,
		    INT64_MAX, &id) == -1)
			return NULL;
		return json_object_new_int64(id);
	case HWQ_MULTI:
		l = json_object_new_array();
		n = page_hw_form_all(r, "a", v, PICKS_MAX);
		for (i = 0; i < n; i++)
			if (str_to_i64(v[i], strlen(v[i]), 1, INT64_MAX, &id) == 0)
				json_object_array_add(l, json_object_new_int64(id));
		return l;
	case HWQ_HOTSPOT:
		l = json_object_new_array();
		n = page_hw_form_all(r, "h", v, PICKS_MAX);
		for (i = 0; i < n; i++)
			json_object_array_add(l, json_object_new_string(v[i]));
		return l;
	case HWQ_FILL_BLANKS:
		l = json_object_new_array();
		for (i = 0; i < PICKS_MAX; i++) {
			k = req_form(r, arena_printf(r->arena, "b%zu", i));
			if (k == NULL)
				break;
			json_object_array_add(l, json_object_new_string(k));
		}
		return l;
	case HWQ_LISTENING:
	case HWQ_MATCHING:
		/* s:<sub-question id> or m:<pair id> fields. */
		o = json_object_new_object();
		(void)req_form(r, "");
		for (i = 0; i < r->form.n; i++) {
			k = r->form.v[i].key;
			if (strncmp(k, q->type == HWQ_LISTENING ? "s:" : "m:", 2) == 0 &&
			    k[2] != '\0')
				json_add_str(o, k + 2, r->form.v[i].val);
		}
		return o;
	case HWQ_DRAG_DROP:
		/* o:<item id> = position; items without one keep the page's
		 * order after those placed. None placed: no answer. */
		(void)req_form(r, "");
		for (n = 0, i = 0; i < r->form.n && n < PICKS_MAX; i++) {
			k = r->form.v[i].key;
			if (strncmp(k, "o:", 2) != 0 || k[2] == '\0')
				continue;
			v[n] = k + 2;
			if (str_to_i64(r->form.v[i].val, strlen(r->form.v[i].val), 1,
			    PICKS_MAX, &pos[n]) == -1)
				pos[n] = PICKS_MAX + (int64_t)n + 1;
			n++;
		}
		for (j = 0, i = 0; i < n; i++)
			j += pos[i] <= PICKS_MAX;
		if (j == 0)
			return NULL;
		l = json_object_new_array();
		for (j = 0; j < n; j++) {	/* a stable selection by position */
			size_t	 best = n;

			for (i = 0; i < n; i++)
				if (v[i] != NULL && (best == n || pos[i] < pos[best]))
					best = i;
			json_object_array_add(l, json_object_new_string(v[best]));
			v[best] = NULL;
		}
		return l;
	case HWQ_FILE_UPLOAD:
		/* The files kept: the stored ones less the one removed. */
		l = json_object_new_array();
		att = x ? hw_answer_parse(r->arena, x->attachments) : NULL;
		for (i = 0; i < jlen(att); i++) {
			e = json_object_array_get_idx(att, i);
			if (strncmp(drop, "rm:", 3) == 0 && strcmp(drop + 3, jstr(e,
			    "file_id")) == 0)
				continue;
			json_object_array_add(l, json_object_new_string(jstr(e,
			    "file_id")));
		}
		return l;
	default:
		return NULL;
	}
}

/* The autosave object of one question: its value (editable only) and
 * the script's telemetry. */
static struct json_object *
answers_of_form(struct req *r, const struct hw_question *q,
    const struct answer_row *x, const char *extra_file)
{
	struct json_object	*o, *v, *t;
	int64_t			 secs = 0, tabs = 0;
	const char		*s;

	if ((o = json_new_object(r->arena)) == NULL)
		return NULL;
	if (extra_file != NULL && q->type != HWQ_FILE_UPLOAD)
		return o;		/* files belong to FILE_UPLOAD answers */
	if (*page_hw_form(r, "editable") != '\0' || extra_file != NULL) {
		v = value_of_form(r, q, x);
		if (extra_file != NULL && v != NULL)
			json_object_array_add(v, json_object_new_string(extra_file));
		json_object_object_add(o, arena_printf(r->arena, "%lld",
		    (long long)q->id), v);
	}
	s = page_hw_form(r, "t_time");
	(void)str_to_i64(s, strlen(s), 0, 86400, &secs);
	s = page_hw_form(r, "t_tabs");
	(void)str_to_i64(s, strlen(s), 0, 10000, &tabs);
	if (secs > 0 || tabs > 0 || *page_hw_form(r, "t_paste") != '\0') {
		t = json_object_new_object();
		json_add_int(t, "time_spent_seconds", secs);
		json_add_int(t, "tab_switches", tabs);
		json_add_bool(t, "is_pasted", strcmp(page_hw_form(r, "t_paste"),
		    "1") == 0);
		json_object_object_add(o, arena_printf(r->arena, "%lld_telemetry",
		    (long long)q->id), t);
	}
	return o;
}

/* Save the screen's answer to question qv (the form's qid; with a file
 * just uploaded, extra_file, added to its files); 0, or -1 after an
 * answer (the page again with the reason, or JSON for the script). */
static int
save_screen(struct req *r, const struct homework *h, const struct hw_target *t,
    const struct submission *s, const char *qv, const char *extra_file)
{
	struct hw_question	*qs;
	struct answer_row	*ans;
	struct json_object	*answers, *o;
	struct hw_err		 err;
	int64_t			 qid;
	size_t			 nq, na, i;
	int			 rc;

	if (qv == NULL || str_to_i64(qv, strlen(qv), 1, INT64_MAX, &qid) == -1)
		return 0;		/* the summary screen: nothing to save */
	if (db_hw_questions(r->arena, h->id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s->id, &ans, &na) == -1)
		return resp_error(r, 503, page_hw_db_down), -1;
	for (i = 0; i < nq && qs[i].id != qid; i++)
		;
	if (i == nq)
		return 0;		/* a question removed meanwhile */
	if ((answers = answers_of_form(r, &qs[i], answer_of(ans, na, qid),
	    extra_file)) == NULL)
		return resp_error(r, 500, "Internal server error"), -1;
	if ((rc = submission_save(r->arena, s->id, r->user->id, answers, &err)) ==
	    0)
		return 0;
	if (page_hw_wants_json(r)) {
		if (rc == HW_DB)
			return resp_error(r, 503, page_hw_db_down), -1;
		o = json_new_object(r->arena);
		json_add_str(o, "detail", page_hw_message(r->arena, &err));
		return resp_json(r, err.status ? err.status : 400, o), -1;
	}
	if (rc == HW_INVALID && err.status == 400)
		return render_take(r, 400, h, t, s, page_hw_message(r->arena, &err)),
		    -1;
	return page_hw_fail(r, rc, &err), -1;
}

/* Where the form's buttons go: go=prev|next|done|<n>, else stay. */
static const char *
go_path(struct req *r, int64_t hw)
{
	const char	*go = page_hw_form(r, "go"), *cur = page_hw_form(r, "q");
	int64_t		 k = 0, n;

	if (strcmp(go, "done") == 0)
		return arena_printf(r->arena, "%s?q=done", take_path(r, hw));
	if (str_to_i64(cur, strlen(cur), 1, 100000, &n) == -1)
		n = 1;
	if (strcmp(go, "prev") == 0)
		k = n > 1 ? n - 1 : 1;
	else if (strcmp(go, "next") == 0)
		k = n + 1;
	else if (str_to_i64(go, strlen(go), 1, 100000, &k) == -1)
		return arena_printf(r->arena, "%s?q=%lld&saved=1", take_path(r, hw),
		    (long long)n);
	return arena_printf(r->arena, "%s?q=%lld", take_path(r, hw), (long long)k);
}

int
page_hw_answer(struct req *r)
{
	struct json_object	*o;
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	int			 has_sub;

	if (load_work(r, &h, &t, &s, &has_sub) == -1)
		return 0;
	if (!has_sub || !editable(&s) || strcmp(h.status, "archived") == 0) {
		if (page_hw_wants_json(r)) {
			o = json_new_object(r->arena);
			json_add_str(o, "detail", "Работа уже отправлена или не "
			    "начата: ответы не принимаются.");
			return resp_json(r, 400, o);
		}
		return resp_redirect(r, 303, has_sub ? result_path(r, h.id) :
		    take_path(r, h.id));
	}
	if (save_screen(r, &h, &t, &s, page_hw_form(r, "qid"), NULL) == -1)
		return 0;
	if (page_hw_wants_json(r)) {
		/* The API's autosave reply, for the page's script. */
		o = json_new_object(r->arena);
		json_add_str(o, "status", "saved");
		json_add_str(o, "saved_at", dt_iso(r->arena, dt_now_db(r->arena)));
		json_add_null(o, "total_score");
		return resp_json(r, 200, o);
	}
	return resp_redirect(r, 303, go_path(r, h.id));
}

/* POST /student/homework/{id}/upload (multipart: file, qid, q): a file for
 * a FILE_UPLOAD answer, added to the ones there. */
int
page_hw_upload(struct req *r)
{
	struct stored_file	 f;
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	struct upload		 up;
	struct file_new		 in;
	const char		*why = NULL, *q;
	int			 has_sub;

	if (files_upload_or_reply(r, FILE_KIND_ANSWER, &up) == -1 ||
	    load_work(r, &h, &t, &s, &has_sub) == -1)
		return 0;
	if (!has_sub || !editable(&s) || strcmp(h.status, "published") != 0)
		return resp_redirect(r, 303, has_sub ? result_path(r, h.id) :
		    take_path(r, h.id));
	memset(&in, 0, sizeof(in));
	in.tmp = up.mp.file;
	in.sha256 = up.sha256;
	in.kind = FILE_KIND_ANSWER;
	in.purpose = FILE_HOMEWORK_ANSWER;
	in.owner_id = r->user->id;
	in.homework_id = h.id;
	switch (file_store(r->arena, r->cfg, &in, &f, &why)) {
	case 0:
		log_info("stored file %s: %s, %lld bytes, homework answer", f.id,
		    f.mime_type, (long long)f.size);
		break;
	case FILE_REFUSED:
		return render_take(r, 400, &h, &t, &s, why ? why : "Файл не принят.");
	case FILE_DB:
		return resp_error(r, 503, page_hw_db_down);
	default:
		return resp_error(r, 503, "Хранилище файлов недоступно. "
		    "Попробуйте чуть позже.");
	}
	if (save_screen(r, &h, &t, &s, multipart_field(&up.mp, "qid"), f.id) ==
	    -1)
		return 0;
	if ((q = multipart_field(&up.mp, "q")) == NULL ||
	    strspn(q, "0123456789") != strlen(q) || *q == '\0')
		q = "1";
	return resp_redirect(r, 303, arena_printf(r->arena, "%s?q=%s&saved=1",
	    take_path(r, h.id), q));
}

int
page_hw_submit(struct req *r)
{
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	struct hw_err		 err;
	int			 has_sub, rc;

	if (load_work(r, &h, &t, &s, &has_sub) == -1)
		return 0;
	if (!has_sub)
		return resp_redirect(r, 303, take_path(r, h.id));
	if ((rc = submission_submit(r->arena, s.id, r->user->id, NULL, &err)) ==
	    HW_INVALID && err.status == 400 && editable(&s))
		return render_take(r, 400, &h, &t, &s, page_hw_message(r->arena,
		    &err));
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	return page_hw_redirect(r, result_path(r, h.id), "submitted", NULL);
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

	if (load_work(r, &h, &t, &s, &has_sub) == -1)
		return 0;
	if (!has_sub)
		return resp_redirect(r, 303, take_path(r, h.id));
	if (editable(&s) && strcmp(h.status, "published") == 0)
		return resp_redirect(r, 303, take_path(r, h.id));
	/* The key only after grading, when the teacher shows answers: the
	 * API's my-answers (which counts the view). */
	if (strcmp(s.status, "graded") == 0 && s.allow_view_answers) {
		if (submission_for_answers(r->arena, &h, r->user->id, &ks, &err) == 0)
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
	json_add_bool(o, "archived_open", editable(&s));
	json_add_str(o, "feedback", jstr(jget(sv, "teacher_feedback_summary"),
	    "text"));
	json_add_bool(o, "excellent", scores && s.points_total > 0 &&
	    json_object_get_int64(json_object_object_get(sv, "total_score")) * 10 >=
	    s.points_total * 9 && strcmp(s.status, "graded") == 0);
	json_object_object_add(ctx, "sub", o);
	l = json_object_new_array();
	rows = json_object_object_get(sv, "answers");
	for (i = 0; i < nq; i++) {
		x = answer_of(ans, na, qs[i].id);
		for (ae = NULL, j = 0; j < jlen(rows); j++)
			if (json_object_get_int64(jget(json_object_array_get_idx(rows,
			    j), "question")) == qs[i].id)
				ae = json_object_array_get_idx(rows, j);
		e = json_object_new_object();
		json_add_int(e, "n", (int64_t)i + 1);
		json_add_str(e, "prompt", qs[i].prompt ? qs[i].prompt : "");
		json_add_str(e, "type_text", page_hw_type_text(qs[i].type));
		json_add_int(e, "points", qs[i].points);
		/* A score the API shows the student: the teacher's, else the
		 * automatic one. */
		if (jget(ae, "teacher_score") != NULL)
			json_object_object_add(e, "score", json_object_get(jget(ae,
			    "teacher_score")));
		else if (jget(ae, "auto_score") != NULL)
			json_object_object_add(e, "score", json_object_get(jget(ae,
			    "auto_score")));
		json_add_bool(e, "scored", jget(e, "score") != NULL);
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

/* -- the dashboards -------------------------------------------------------- */

int
page_hw_dash(struct req *r, struct json_object *ctx)
{
	struct json_object	*l, *o;
	struct sub_filter	 f;
	struct sub_after	 after;
	struct submission	*s;
	struct homework		*h;
	struct hw_after		 ha;
	int64_t			 total, now;
	size_t			 n, i, todo = 0;

	if (r->user->role == R_TEACHER) {
		memset(&f, 0, sizeof(f));
		memset(&after, 0, sizeof(after));
		f.status = "submitted";
		if (db_sub_list(r->arena, SUB_SCOPE_TEACHER, r->user->id, &f, &after,
		    1, 0, &s, &n, &total) == -1)
			return -1;
		json_add_int(ctx, "hw_to_check", total);
		return 0;
	}
	memset(&ha, 0, sizeof(ha));
	if (db_hw_list(r->arena, HW_SCOPE_STUDENT, r->user->id, "published", &ha,
	    TODO_PAGE, 0, &h, &n, &total) == -1 ||
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
