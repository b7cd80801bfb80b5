/* The teacher's homework pages: the list (drafts, published, archived,
 * work to check), a new homework, the constructor's page (settings, the
 * questions in order, publish, archive, delete).
 * Every change goes through src/domain/homework.c with the same JSON body
 * the API takes, so a page and an endpoint never disagree. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_hw_pages.h"
#include "app/page_hw.h"
#include "app/view_homework.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_homework.h"
#include "domain/account.h"
#include "domain/homework.h"

#define LIST_PAGE	30	/* homework a list page shows */
#define PROMPT_SHORT	90	/* characters of a prompt in the list */

static const struct {
	const char	*key, *text;
} done_msgs[] = {
	{ "created", "Задание создано. Добавьте вопросы и назначьте его." },
	{ "saved", "Изменения сохранены." },
	{ "assigned", "Назначение сохранено." },
	{ "published", "Задание опубликовано: ученики его видят." },
	{ "archived", "Задание перенесено в архив." },
	{ "deleted", "Задание удалено." },
	{ "q_saved", "Вопрос сохранён." },
	{ "q_deleted", "Вопрос удалён." },
	{ "q_moved", "Порядок вопросов изменён." },
};

static void
done_flash(struct req *r, struct json_object *ctx)
{
	const char	*key = req_query(r, "done");
	size_t		 i;

	for (i = 0; key != NULL && i < sizeof(done_msgs) / sizeof(done_msgs[0]);
	    i++)
		if (strcmp(key, done_msgs[i].key) == 0)
			page_flash(ctx, "ok", done_msgs[i].text);
}

static const char *
edit_path(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/homework/%lld/edit", (long long)id);
}

/* -- the list ------------------------------------------------------------ */

static struct json_object *
list_item(struct req *r, const struct homework *h)
{
	struct json_object	*o = json_object_new_object(), *v;

	json_add_int(o, "id", h->id);
	json_add_str(o, "title", h->title);
	json_add_str(o, "status", h->status);
	json_add_str(o, "status_text", page_hw_status_text(h->status));
	json_add_bool(o, "is_draft", strcmp(h->status, "draft") == 0);
	json_add_int(o, "questions", h->questions_count);
	json_add_int(o, "points", h->points_total);
	json_add_int(o, "submissions", h->submissions_count);
	json_add_int(o, "to_check", h->to_check_count);
	json_add_str(o, "deadline", page_hw_when(r->arena, h->deadline));
	json_add_str(o, "created", page_hw_when(r->arena, h->created_at));
	/* The group column the API shows: one group, several, or none. */
	if ((v = hw_view_homework(r->arena, h, NULL, 0)) != NULL)
		json_add_str(o, "group_name", json_object_get_string(
		    json_object_object_get(v, "group_name")));
	return o;
}

int
page_hw_list(struct req *r)
{
	static const char *const tabs[][2] = {
		{ "", "Все" }, { "draft", "Черновики" },
		{ "published", "Опубликованные" }, { "archived", "Архив" },
	};
	struct json_object	*ctx, *list, *t, *tl;
	struct homework		*h;
	struct hw_after		 after;
	const char		*status = req_query(r, "status");
	int64_t			 total;
	size_t			 n, i;

	if (status != NULL && *status == '\0')
		status = NULL;
	if (status != NULL && strcmp(status, "draft") != 0 &&
	    strcmp(status, "published") != 0 && strcmp(status, "archived") != 0)
		return resp_error(r, 400, "Неверный фильтр: status может быть "
		    "draft, published или archived.");
	if (page_hw_after_or_reply(r, &after) == -1)
		return 0;
	if (db_hw_list(r->arena, HW_SCOPE_TEACHER, r->user->id, status, &after,
	    LIST_PAGE + 1, 0, &h, &n, &total) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	list = json_object_new_array();
	for (i = 0; i < n && i < LIST_PAGE; i++)
		json_object_array_add(list, list_item(r, &h[i]));
	json_object_object_add(ctx, "homework", list);
	json_add_int(ctx, "n_homework", (int64_t)json_object_array_length(list));
	json_add_int(ctx, "total", total);
	tl = json_object_new_array();
	for (i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
		t = json_object_new_object();
		json_add_str(t, "url", *tabs[i][0] ? arena_printf(r->arena,
		    "/homework?status=%s", tabs[i][0]) : "/homework");
		json_add_str(t, "text", tabs[i][1]);
		json_add_bool(t, "current", status ? strcmp(status, tabs[i][0])
		    == 0 : *tabs[i][0] == '\0');
		json_object_array_add(tl, t);
	}
	json_object_object_add(ctx, "tabs", tl);
	if (n > LIST_PAGE)
		json_add_str(ctx, "next_url", page_hw_next_url(r, status ?
		    arena_printf(r->arena, "/homework?status=%s", status) :
		    "/homework", &h[LIST_PAGE - 1]));
	if (after.created_at != NULL)
		json_add_str(ctx, "first_url", status ? arena_printf(r->arena,
		    "/homework?status=%s", status) : "/homework");
	done_flash(r, ctx);
	return resp_html(r, 200, "homework/list", ctx, "Домашние задания");
}

/* -- settings: the form and its body ------------------------------------ */

/* The settings form's values as stored (h) or as sent. */
static struct json_object *
values_of_homework(struct req *r, const struct homework *h)
{
	struct json_object	*v = json_object_new_object();

	json_add_str(v, "title", h ? h->title : "");
	json_add_str(v, "description", h ? h->description : "");
	json_add_str(v, "student_instructions", h ? h->student_instructions : "");
	json_add_str(v, "deadline", h ? page_hw_local_input(r->arena, h->deadline) :
	    "");
	json_add_bool(v, "late_block", h && strcmp(h->late_policy, "block") == 0);
	json_add_bool(v, "allow_view_answers", h ? h->allow_view_answers : 1);
	json_add_int(v, "max_score", h ? h->max_score : 100);
	return v;
}

static struct json_object *
values_of_form(struct req *r)
{
	struct json_object	*v = json_object_new_object();

	json_add_str(v, "title", req_form_text(r, "title"));
	json_add_str(v, "description", req_form_text(r, "description"));
	json_add_str(v, "student_instructions", req_form_text(r,
	    "student_instructions"));
	json_add_str(v, "deadline", req_form_text(r, "deadline"));
	json_add_bool(v, "late_block", strcmp(req_form_text(r, "late_policy"),
	    "block") == 0);
	json_add_bool(v, "allow_view_answers", *req_form_text(r,
	    "allow_view_answers") != '\0');
	json_add_str(v, "max_score", req_form_text(r, "max_score"));
	return v;
}

/* The settings form as the domain's body; NULL with *msg for a field the
 * page reads itself (the local deadline, the score). */
static struct json_object *
settings_body(struct req *r, const char **msg)
{
	struct json_object	*b;
	const char		*deadline, *ms = req_form_text(r, "max_score");
	int64_t			 max_score = 100;

	*msg = NULL;
	if (page_hw_local_parse(r->arena, req_form_text(r, "deadline"),
	    &deadline) == -1) {
		*msg = "Срок сдачи: укажите дату и время, например 2026-11-23 18:00.";
		return NULL;
	}
	if (*ms != '\0' && str_to_i64(ms, strlen(ms), 0, 100000,
	    &max_score) == -1) {
		*msg = "Максимальный балл: целое число от 0 до 100000.";
		return NULL;
	}
	if ((b = json_new_object(r->arena)) == NULL)
		return NULL;
	json_add_str(b, "title", req_form_text(r, "title"));
	json_add_str(b, "description", req_form_text(r, "description"));
	json_add_str(b, "student_instructions", req_form_text(r,
	    "student_instructions"));
	json_add_str(b, "deadline", deadline);
	json_add_str(b, "late_policy", strcmp(req_form_text(r, "late_policy"),
	    "block") == 0 ? "block" : "allow");
	json_add_bool(b, "allow_view_answers", *req_form_text(r,
	    "allow_view_answers") != '\0');
	json_add_int(b, "max_score", max_score);
	return b;
}

static int
render_new(struct req *r, int status, const char *error)
{
	struct json_object	*ctx;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_object_object_add(ctx, "values", status == 200 ?
	    values_of_homework(r, NULL) : values_of_form(r));
	json_add_str(ctx, "zone", r->cfg->time_zone);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "homework/new", ctx, "Новое задание");
}

int
page_hw_new(struct req *r)
{
	return render_new(r, 200, NULL);
}

int
page_hw_create(struct req *r)
{
	struct json_object	*body;
	struct hw_err		 err;
	const char		*msg;
	int64_t			 id;
	int			 rc;

	if ((body = settings_body(r, &msg)) == NULL)
		return msg ? render_new(r, 400, msg) :
		    resp_error(r, 500, "Internal server error");
	if ((rc = homework_create(r->arena, r->user->id, body, &id, &err)) ==
	    HW_INVALID)
		return render_new(r, 400, page_hw_message(r->arena, &err));
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	return page_hw_redirect(r, edit_path(r, id), "created", NULL);
}

/* -- the constructor's page ------------------------------------------------ */

/* The first characters of a prompt, for the list of questions. */
static const char *
short_text(struct arena *a, const char *s)
{
	size_t	 i, chars = 0;

	if (s == NULL)
		return "";
	for (i = 0; s[i] != '\0'; i++)
		if ((s[i] & 0xC0) != 0x80 && ++chars > PROMPT_SHORT)
			return arena_printf(a, "%.*s…", (int)i, s);
	return s;
}

/* The assignment as sentences: groups (whole, or some students) and
 * single students, each with its deadline. */
static void
assignment_summary(struct req *r, struct json_object *ctx, struct json_object *v)
{
	struct json_object	*groups, *indiv, *out, *e, *o, *st;
	const char		*names, *when;
	size_t			 i, j, n;

	out = json_object_new_array();
	groups = json_object_object_get(v, "group_assignments");
	indiv = json_object_object_get(v, "individual_assignments");
	for (i = 0; groups && i < json_object_array_length(groups); i++) {
		e = json_object_array_get_idx(groups, i);
		o = json_object_new_object();
		json_add_str(o, "name", json_object_get_string(
		    json_object_object_get(e, "group_name")));
		st = json_object_object_get(e, "students");
		if (json_object_get_boolean(json_object_object_get(e,
		    "all_students")))
			json_add_str(o, "who", "вся группа");
		else {
			n = json_object_array_length(st);
			for (names = "", j = 0; j < n; j++)
				names = arena_printf(r->arena, "%s%s%s", names,
				    j ? ", " : "", page_hw_brief_name(r->arena,
				    json_object_array_get_idx(st, j)));
			json_add_str(o, "who", names);
		}
		when = page_hw_when(r->arena, json_object_get_string(
		    json_object_object_get(e, "deadline")));
		json_add_str(o, "deadline", when);
		json_object_array_add(out, o);
	}
	for (i = 0; indiv && i < json_object_array_length(indiv); i++) {
		e = json_object_array_get_idx(indiv, i);
		st = json_object_object_get(e, "student");
		o = json_object_new_object();
		json_add_str(o, "name", page_hw_brief_name(r->arena, st));
		json_add_str(o, "who", "индивидуально");
		json_add_str(o, "deadline", page_hw_when(r->arena,
		    json_object_get_string(json_object_object_get(e, "deadline"))));
		json_object_array_add(out, o);
	}
	json_add_int(ctx, "n_targets", (int64_t)json_object_array_length(out));
	json_object_object_add(ctx, "targets", out);
}

/* The questions' problems a publish found ({"questions": [{"id",
 * "message", "field"}]}) next to them. */
static const char *
problem_of(const struct hw_err *err, int64_t qid)
{
	struct json_object	*l, *e;
	size_t			 i;

	if (err == NULL || err->body == NULL ||
	    !json_object_object_get_ex(err->body, "questions", &l))
		return NULL;
	for (i = 0; i < json_object_array_length(l); i++) {
		e = json_object_array_get_idx(l, i);
		if (json_object_get_int64(json_object_object_get(e, "id")) == qid)
			return json_object_get_string(json_object_object_get(e,
			    "message"));
	}
	return NULL;
}

/* The constructor's page; settings NULL: the stored ones, else the form's
 * as sent; err: a refusal to show (flash, and by its question). */
static int
render_edit(struct req *r, int status, int64_t id, int settings_sent,
    const struct hw_err *err)
{
	struct json_object	*ctx, *hw, *qs, *o, *v;
	struct hw_question	*q;
	struct homework		 h;
	size_t			 nq, i;
	int			 rc;

	if ((rc = db_hw_get(r->arena, id, &h)) != 1)
		return resp_error(r, rc == 0 ? 404 : 503, rc == 0 ?
		    "Задание не найдено." : page_hw_db_down);
	if (db_hw_questions(r->arena, id, &q, &nq) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (v = hw_view_homework(r->arena, &h, NULL, 0)) == NULL)
		return resp_error(r, 500, "Internal server error");
	hw = json_object_new_object();
	json_add_int(hw, "id", h.id);
	json_add_str(hw, "title", h.title);
	json_add_str(hw, "status", h.status);
	json_add_str(hw, "status_text", page_hw_status_text(h.status));
	json_add_bool(hw, "is_draft", strcmp(h.status, "draft") == 0);
	json_add_bool(hw, "is_published", strcmp(h.status, "published") == 0);
	json_add_bool(hw, "is_archived", strcmp(h.status, "archived") == 0);
	json_add_int(hw, "points", h.points_total);
	json_add_int(hw, "submissions", h.submissions_count);
	json_add_int(hw, "to_check", h.to_check_count);
	json_object_object_add(ctx, "hw", hw);
	json_object_object_add(ctx, "values", settings_sent ? values_of_form(r) :
	    values_of_homework(r, &h));
	json_add_str(ctx, "zone", r->cfg->time_zone);
	assignment_summary(r, ctx, v);
	qs = json_object_new_array();
	for (i = 0; i < nq; i++) {
		const char	*p = problem_of(err, q[i].id);

		o = json_object_new_object();
		json_add_int(o, "id", q[i].id);
		json_add_int(o, "n", (int64_t)i + 1);
		json_add_str(o, "type_text", page_hw_type_text(q[i].type));
		json_add_str(o, "prompt", short_text(r->arena, q[i].prompt));
		json_add_int(o, "points", q[i].points);
		json_add_bool(o, "first", i == 0);
		json_add_bool(o, "last", i + 1 == nq);
		if (p != NULL)
			json_add_str(o, "problem", p);
		json_object_array_add(qs, o);
	}
	json_object_object_add(ctx, "questions", qs);
	json_add_int(ctx, "n_questions", (int64_t)nq);
	json_object_object_add(ctx, "types", page_hw_type_options(HWQ_TEXT));
	done_flash(r, ctx);
	if (err != NULL)
		page_flash(ctx, "error", page_hw_message(r->arena, err));
	return resp_html(r, status, "homework/edit", ctx, h.title);
}

int
page_hw_edit(struct req *r)
{
	struct homework	 h;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	return render_edit(r, 200, h.id, 0, NULL);
}

int
page_hw_edit_post(struct req *r)
{
	struct json_object	*body;
	struct homework		 h;
	struct hw_err		 err;
	const char		*msg;
	int			 rc;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if ((body = settings_body(r, &msg)) == NULL) {
		if (msg == NULL)
			return resp_error(r, 500, "Internal server error");
		memset(&err, 0, sizeof(err));
		hw_err_set(r->arena, &err, 400, msg, 0);
		return render_edit(r, 400, h.id, 1, &err);
	}
	if ((rc = homework_update(r->arena, &h, body, &err)) == HW_INVALID)
		return render_edit(r, err.status, h.id, 1, &err);
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	return page_hw_redirect(r, edit_path(r, h.id), "saved", NULL);
}

/* -- status changes ------------------------------------------------------- */

/* A change of the whole homework by the domain's fn, back to done's page. */
static int
status_change(struct req *r, int (*fn)(struct arena *, const struct homework *,
    struct hw_err *), const char *done)
{
	struct homework	 h;
	struct hw_err	 err;
	int		 rc;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if ((rc = fn(r->arena, &h, &err)) == HW_INVALID)
		return render_edit(r, err.status, h.id, 0, &err);
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	return page_hw_redirect(r, strcmp(done, "deleted") == 0 ? "/homework" :
	    edit_path(r, h.id), done, NULL);
}

int
page_hw_publish(struct req *r)
{
	return status_change(r, homework_publish, "published");
}

int
page_hw_archive(struct req *r)
{
	return status_change(r, homework_archive, "archived");
}

int
page_hw_delete(struct req *r)
{
	return status_change(r, homework_delete, "deleted");
}

/* -- the questions' order and removal ---------------------------------- */

/* Update h's questions to ids[n] in that order (those left out are
 * deleted by the domain, unless answered in handed-in work). */
static int
set_questions(struct req *r, const struct homework *h, const int64_t *ids,
    size_t n, const char *done)
{
	struct json_object	*body, *l, *o;
	struct hw_err		 err;
	size_t			 i;
	int			 rc;

	if ((body = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	l = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", ids[i]);
		json_add_int(o, "order", (int64_t)i);
		json_object_array_add(l, o);
	}
	json_object_object_add(body, "questions", l);
	if ((rc = homework_update(r->arena, h, body, &err)) == HW_INVALID)
		return render_edit(r, err.status, h->id, 0, &err);
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	if (page_hw_wants_json(r))
		return resp_json(r, 200, NULL);
	return page_hw_redirect(r, edit_path(r, h->id), done, n > 0 ?
	    "questions" : NULL);
}

/* The homework's question ids in order, for a change of the list. */
static int
question_ids(struct req *r, const struct homework *h, int64_t **ids, size_t *n)
{
	struct hw_question	*q;
	size_t			 i;

	if (db_hw_questions(r->arena, h->id, &q, n) == -1 ||
	    (*ids = arena_zalloc(r->arena, (*n + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < *n; i++)
		(*ids)[i] = q[i].id;
	return 0;
}

static long
index_of(const int64_t *ids, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return (long)i;
	return -1;
}

int
page_hwq_move(struct req *r)
{
	struct homework	 h;
	const char	*dir = req_form_text(r, "dir");
	int64_t		*ids, t;
	size_t		 n;
	long		 i, j;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (question_ids(r, &h, &ids, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((i = index_of(ids, n, page_hw_qid(r))) < 0)
		return resp_error(r, 404, "Вопрос не найден.");
	if (strcmp(dir, "up") != 0 && strcmp(dir, "down") != 0)
		return resp_error(r, 400, "Направление: up или down.");
	j = strcmp(dir, "up") == 0 ? i - 1 : i + 1;
	if (j >= 0 && j < (long)n) {
		t = ids[i];
		ids[i] = ids[j];
		ids[j] = t;
	}
	return set_questions(r, &h, ids, n, "q_moved");
}

int
page_hwq_delete(struct req *r)
{
	struct homework	 h;
	int64_t		*ids;
	size_t		 n;
	long		 i;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (question_ids(r, &h, &ids, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((i = index_of(ids, n, page_hw_qid(r))) < 0)
		return resp_error(r, 404, "Вопрос не найден.");
	memmove(ids + i, ids + i + 1, (n - (size_t)i - 1) * sizeof(*ids));
	return set_questions(r, &h, ids, n - 1, "q_deleted");
}

/* The script's drag and drop: order = the ids, comma-separated, each of
 * the homework's questions once. */
int
page_hw_order(struct req *r)
{
	struct homework	 h;
	struct slice	 s, part;
	int64_t		*ids, *to, id;
	size_t		 n, k = 0;
	const char	*v = req_form_text(r, "order");

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (question_ids(r, &h, &ids, &n) == -1 ||
	    (to = arena_zalloc(r->arena, (n + 1) * sizeof(*to))) == NULL)
		return resp_error(r, 503, page_hw_db_down);
	s.p = v;
	s.len = strlen(v);
	while (s.len > 0) {
		slice_split(&s, ',', &part);
		if (k == n || str_to_i64(part.p, part.len, 1, INT64_MAX, &id) ==
		    -1 || index_of(ids, n, id) < 0 || index_of(to, k, id) >= 0)
			return resp_error(r, 400,
			    "Порядок: каждый вопрос задания по "
			    "одному разу.");
		to[k++] = id;
	}
	if (k != n)
		return resp_error(r, 400,
		    "Порядок: каждый вопрос задания по одному " "разу.");
	return set_questions(r, &h, to, n, "q_moved");
}
