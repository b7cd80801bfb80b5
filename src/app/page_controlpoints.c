/* Control point pages: a group's control points as cards with the form for
 * a new one (/groups/{id}/control-points), and one control point with its
 * results grid, a number input per student, saved all or nothing
 * (/control-points/{id}). The owner teacher only; the rules are the API's
 * (domain/controlpoint.c). */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/app_analytics.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_analytics.h"
#include "db/db_controlpoint.h"
#include "db/db_lesson.h"
#include "domain/account.h"
#include "domain/analytics.h"
#include "domain/controlpoint.h"

#define CARDS_MAX	200	/* control points a group's page shows */
#define LESSONS_MAX	200	/* lessons the form offers */

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const struct page_msg done_msgs[] = {
	{ "created", "Контрольная точка создана. Внесите результаты." },
	{ "saved", "Результаты сохранены." },
	{ "edited", "Контрольная точка изменена." },
	{ "deleted", "Контрольная точка удалена." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

/* The domain's field messages in the pages' language. */
static const char *
ru(const char *msg)
{
	static const struct {
		const char	*en, *ru;
	} t[] = {
		{ "This field is required.", "Обязательное поле." },
		{ "This field may not be blank.", "Поле не может быть пустым." },
		{ "Ensure this field has no more than 255", "Не больше 255 символов." },
		{ "Ensure this value is between 1 and 10000.", "От 1 до 10000." },
		{ "Date has wrong format.", "Укажите дату." },
		{ "Invalid pk ", "Не найдено." },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strncmp(msg, t[i].en, strlen(t[i].en)) == 0)
			return t[i].ru;
	return msg;
}

static void
form_errors(struct json_object *ctx, const struct lesson_errs *e)
{
	struct json_object	*errors = json_object_new_object();
	size_t			 i;

	for (i = 0; e != NULL && i < e->n; i++)
		if (!json_object_object_get_ex(errors, e->e[i].field, NULL))
			json_add_str(errors, e->e[i].field, ru(e->e[i].msg));
	json_object_object_add(ctx, "errors", errors);
}

/* The form's fields as the domain's input. */
static void
cp_form(struct req *r, struct cp_input *x)
{
	const char	*v;

	memset(x, 0, sizeof(*x));
	x->title = req_form_text(r, "title");
	x->date = req_form_text(r, "date");
	x->has_max = 1;
	v = req_form_text(r, "max_points");
	if (str_to_i64(v, strlen(v), 0, 1000000, &x->max_points) == -1)
		x->max_points = 0;
	x->has_lesson = 1;
	v = req_form_text(r, "lesson");
	if (*v != '\0' && str_to_i64(v, strlen(v), 1, INT64_MAX, &x->lesson) == -1)
		x->lesson = INT64_MAX;	/* no such lesson: the domain says so */
}

/* "2026-01-15" as the pages write a date: "15.01.2026". */
static const char *
date_text(struct arena *a, const char *d)
{
	if (d == NULL || strlen(d) != 10)
		return d;
	return arena_printf(a, "%.2s.%.2s.%.4s", d + 8, d + 5, d);
}

/* The group's newest lessons as options (the newest first), the one of
 * id selected. */
static int
lesson_options(struct req *r, struct json_object *ctx, int64_t group,
    int64_t id)
{
	struct json_object	*list, *o;
	struct lesson_filter	 f;
	struct keyset		 ks = { .dir = KEYSET_BEFORE, .limit = LESSONS_MAX };
	struct lesson		*l;
	int64_t			 us;
	size_t			 n, i;

	memset(&f, 0, sizeof(f));
	f.group_id = group;
	if (db_lesson_page(r->arena, LSCOPE_TEACHER, r->user->id, &f, &ks, &l,
	    &n) == -1)
		return -1;
	list = json_object_new_array();
	for (i = n; i-- > 0;) {
		o = json_object_new_object();
		json_add_int(o, "id", l[i].id);
		us = 0;
		(void)dt_parse_iso(l[i].start_time, &us);
		json_add_str(o, "text", arena_printf(r->arena, "%s — %s",
		    dt_local_text(r->arena, us, DT_TEXT_DATE), l[i].title));
		json_add_bool(o, "selected", l[i].id == id);
		json_object_array_add(list, o);
	}
	json_object_object_add(ctx, "lessons", list);
	return 0;
}

static struct json_object *
group_ctx(struct req *r, const struct an_group *g)
{
	struct json_object	*ctx, *o;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return NULL;
	o = json_object_new_object();
	json_add_int(o, "id", g->id);
	json_add_str(o, "name", g->name);
	json_object_object_add(ctx, "group", o);
	json_add_bool(ctx, "tab_cp", 1);
	return ctx;
}

static int
render_list(struct req *r, int status, const struct an_group *g, size_t members,
    const struct lesson_errs *err)
{
	struct json_object	*ctx, *cards, *o, *vals;
	struct controlpoint	*c;
	int64_t			 total, lesson = 0;
	size_t			 n, i;
	const char		*v;

	if ((ctx = group_ctx(r, g)) == NULL)
		return resp_error(r, 500, "Internal server error");
	v = req_form_text(r, "lesson");
	(void)str_to_i64(v, strlen(v), 1, INT64_MAX, &lesson);
	if (db_cp_list(r->arena, CP_TEACHER, r->user->id, g->id, CARDS_MAX, 0, &c,
	    &n, &total) == -1 || lesson_options(r, ctx, g->id, lesson) == -1)
		return resp_error(r, 503, db_down);
	cards = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = an_view_cp(r->arena, &c[i]);
		json_add_str(o, "date_text", date_text(r->arena, c[i].date));
		json_add_int(o, "members", (int64_t)members);
		json_object_array_add(cards, json_object_get(o));
	}
	json_object_object_add(ctx, "cards", cards);
	json_add_int(ctx, "n_cards", (int64_t)n);
	json_add_int(ctx, "total", total);
	vals = json_object_new_object();
	json_add_str(vals, "title", req_form_text(r, "title"));
	json_add_str(vals, "date", *req_form_text(r, "date") ? req_form_text(r, "date") :
	    dt_date(r->arena, page_local_day(lesson_now())));
	json_add_str(vals, "max_points", *req_form_text(r, "max_points") ?
	    req_form_text(r, "max_points") : "100");
	json_object_object_add(ctx, "values", vals);
	form_errors(ctx, err);
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, status, "analytics/control_points", ctx, arena_printf(
	    r->arena, "Контрольные точки · %s", g->name));
}

int
page_cp_list(struct req *r)
{
	struct an_member	*m;
	struct an_group		 g;
	size_t			 n;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, &g, &m, &n) == -1)
		return 0;
	return render_list(r, 200, &g, n, NULL);
}

int
page_cp_create(struct req *r)
{
	struct lesson_errs	 err;
	struct an_member	*m;
	struct an_group		 g;
	struct cp_input		 x;
	int64_t			 id;
	size_t			 n;
	int			 rc;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, &g, &m, &n) == -1)
		return 0;
	cp_form(r, &x);
	x.has_group = 1;
	x.group = g.id;
	rc = cp_save(r->arena, r->user->id, NULL, &x, 1, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return render_list(r, 400, &g, n, &err);
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, arena_printf(r->arena, "/control-points/%lld",
	    (long long)id), "created");
}

/* -- one control point ------------------------------------------------- */

/* The teacher's own control point of the path's {id} and its group: 0,
 * or -1 after a 404 or 503 page. */
static int
cp_load_or_reply(struct req *r, struct controlpoint *c, struct an_group *g,
    struct an_member **m, size_t *n)
{
	int	 rc;

	if ((rc = db_cp_get(r->arena, r->ids[0], 0, c)) == 1 &&
	    c->teacher_id != r->user->id)
		rc = 0;
	if (rc == 1)
		rc = db_an_group(r->arena, c->group_id, g, m, n);
	if (rc == -1)
		return resp_error(r, 503, db_down), -1;
	if (rc == 0)
		return resp_error(r, 404, "Контрольная точка не найдена."), -1;
	for (size_t i = 0; i < *n; i++)
		(*m)[i].name = account_name_of(r->arena, (*m)[i].last,
		    (*m)[i].first, (*m)[i].middle, (*m)[i].email);
	return 0;
}

static int
render_one(struct req *r, int status, const struct controlpoint *c,
    const struct an_group *g, const struct an_member *m, size_t n,
    const char *error, const struct lesson_errs *err)
{
	struct json_object	*ctx, *res, *rows, *row, *vals, *v;
	size_t			 i, nrows;

	if ((ctx = group_ctx(r, g)) == NULL ||
	    (res = an_view_cp_results(r, c, m, n)) == NULL ||
	    lesson_options(r, ctx, g->id, c->lesson_id) == -1)
		return resp_error(r, 503, db_down);
	v = an_view_cp(r->arena, c);
	json_add_str(v, "date_text", date_text(r->arena, c->date));
	json_object_object_add(ctx, "cp", json_object_get(v));
	json_object_object_get_ex(res, "results", &rows);
	nrows = json_object_array_length(rows);
	/* A form sent back after an error keeps what was typed. */
	for (i = 0; i < nrows; i++) {
		row = json_object_array_get_idx(rows, i);
		json_object_object_get_ex(row, "student_id", &v);
		if (error != NULL)
			json_add_str(row, "typed", req_form_text(r, arena_printf(r->arena,
			    "p_%lld", (long long)json_object_get_int64(v))));
		json_object_object_get_ex(row, "percent", &v);
		json_add_bool(row, "has_result", v != NULL);
		if (v != NULL) {
			json_add_str(row, "band", an_band((int64_t)(
			    json_object_get_double(v) * 10 + 0.5)));
			json_add_str(row, "percent_text", an_percent_text(r->arena,
			    (int64_t)(json_object_get_double(v) * 10 + 0.5)));
		}
	}
	json_object_object_add(ctx, "results", json_object_get(rows));
	json_add_int(ctx, "n_results", (int64_t)nrows);
	json_add_bool(ctx, "typed_back", error != NULL);
	vals = json_object_new_object();
	json_add_str(vals, "title", err ? req_form_text(r, "title") : c->title);
	json_add_str(vals, "date", err ? req_form_text(r, "date") : c->date);
	json_add_str(vals, "max_points", err ? req_form_text(r, "max_points") :
	    arena_printf(r->arena, "%lld", (long long)c->max_points));
	json_object_object_add(ctx, "values", vals);
	form_errors(ctx, err);
	page_done_flash(r, ctx, done_msgs, NDONE);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "analytics/control_point", ctx, c->title);
}

int
page_cp(struct req *r)
{
	struct an_member	*m;
	struct controlpoint	 c;
	struct an_group		 g;
	size_t			 n;

	if (cp_load_or_reply(r, &c, &g, &m, &n) == -1)
		return 0;
	return render_one(r, 200, &c, &g, m, n, NULL, NULL);
}

/* p_{student}: points, or empty to have none; every cell of the form goes
 * to the domain, which writes what changed, all or none (a second tab's
 * save in between is replaced whole, never mixed with this one). */
int
page_cp_results(struct req *r)
{
	struct lesson_errs	 err;
	struct an_member	*m;
	struct controlpoint	 c;
	struct an_group		 g;
	struct cp_mark		*mk;
	const char		*v;
	size_t			 n, i, nm = 0;
	int64_t			 p;
	int			 rc;

	if (cp_load_or_reply(r, &c, &g, &m, &n) == -1)
		return 0;
	if ((mk = arena_zalloc(r->arena, (n + 1) * sizeof(*mk))) == NULL)
		return resp_error(r, 503, db_down);
	for (i = 0; i < n; i++) {
		v = req_form(r, arena_printf(r->arena, "p_%lld", (long long)m[i].id));
		if (v == NULL)
			continue;
		if (*v == '\0')
			p = -1;
		else if (str_to_i64(v, strlen(v), 0, c.max_points, &p) == -1)
			return render_one(r, 400, &c, &g, m, n, arena_printf(r->arena,
			    "%s: баллы — целое число от 0 до %lld. Ничего не "
			    "сохранено.", m[i].name, (long long)c.max_points), NULL);
		mk[nm].student_id = m[i].id;
		mk[nm++].points = p;
	}
	rc = cp_results_put(r->arena, c.id, mk, nm, &err);
	if (rc == ACCOUNT_INVALID)
		return render_one(r, 400, &c, &g, m, n, arena_printf(r->arena,
		    "%s Ничего не сохранено.", err.e[0].msg), NULL);
	if (rc == ACCOUNT_NOT_FOUND)
		return resp_error(r, 404, "Контрольная точка не найдена.");
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, arena_printf(r->arena, "/control-points/%lld",
	    (long long)c.id), "saved");
}

int
page_cp_edit(struct req *r)
{
	struct lesson_errs	 err;
	struct an_member	*m;
	struct controlpoint	 c;
	struct an_group		 g;
	struct cp_input		 x;
	int64_t			 id;
	size_t			 n;
	int			 rc;

	if (cp_load_or_reply(r, &c, &g, &m, &n) == -1)
		return 0;
	cp_form(r, &x);
	rc = cp_save(r->arena, r->user->id, &c, &x, 0, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return render_one(r, 400, &c, &g, m, n, NULL, &err);
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, arena_printf(r->arena, "/control-points/%lld",
	    (long long)c.id), "edited");
}

int
page_cp_delete(struct req *r)
{
	struct an_member	*m;
	struct controlpoint	 c;
	struct an_group		 g;
	size_t			 n;

	if (cp_load_or_reply(r, &c, &g, &m, &n) == -1)
		return 0;
	if (db_cp_delete(r->arena, c.id) == -1)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, arena_printf(r->arena,
	    "/groups/%lld/control-points", (long long)g.id), "deleted");
}
