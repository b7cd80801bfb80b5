/* Teacher pages for weekly lessons: the list with a create form, one
 * weekly lesson (edit, delete, generate lessons until a date). */
#include "autoconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db_group.h"
#include "db/db_recurring.h"
#include "domain/recurring.h"

#define ROWS_MAX	500	/* weekly lessons and groups a page lists */

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const struct page_msg done_msgs[] = {
	{ "created", "Регулярное занятие создано. Создайте по нему занятия ниже." },
	{ "saved", "Изменения сохранены. Уже созданные занятия не меняются." },
	{ "deleted", "Регулярное занятие удалено; созданные по нему занятия остались." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

static const char *const week_types[] = { "ALL", "UPPER", "LOWER" };

/* Today in the configured zone. */
static int64_t
today(void)
{
	int64_t	 day, sec;

	dt_utc_to_local(lesson_now() / 1000000, &day, &sec);
	return day;
}

/* A form field as an integer; bad: -1 (the rules then say what is wrong). */
static int64_t
form_int(struct req *r, const char *key)
{
	const char	*v = req_form_text(r, key);
	int64_t		 n;

	return str_to_i64(v, strlen(v), 0, INT32_MAX, &n) == 0 ? n : -1;
}

/* The form's fields as input: every field is sent, as with PUT. */
static void
input(struct req *r, struct recurring_input *in)
{
	memset(in, 0, sizeof(*in));
	in->title = req_form_text(r, "title");
	in->group_id = form_int(r, "group_id");
	in->has_day = 1;
	in->day_of_week = form_int(r, "day_of_week");
	in->week_type = req_form_text(r, "week_type");
	in->start_time = req_form_text(r, "start_time");
	in->end_time = req_form_text(r, "end_time");
	in->start_date = req_form_text(r, "start_date");
	in->end_date = req_form_text(r, "end_date");
	in->topics = req_form_text(r, "topics");
	in->location = req_form_text(r, "location");
}

/* values.* for the form: what was sent (after an error) or x (NULL:
 * defaults), with the select options marked. */
static void
values(struct req *r, struct json_object *ctx, const struct recurring *x,
    int sent)
{
	struct json_object	*v = json_object_new_object(), *days, *weeks, *o;
	const char		*day, *week;
	char			 num[4];
	int			 i;

#define VAL(key, cur)	json_add_str(v, key, sent ? req_form_text(r, key) : (cur))
	VAL("title", x ? x->title : "");
	VAL("start_time", x ? arena_strndup(r->arena, x->start_time, 5) : "10:00");
	VAL("end_time", x ? arena_strndup(r->arena, x->end_time, 5) : "11:00");
	VAL("start_date", x ? x->start_date : dt_date(r->arena, today()));
	VAL("end_date", x ? x->end_date : "");
	VAL("topics", x ? x->topics : "");
	VAL("location", x ? x->location : "");
	VAL("group_id", x ? arena_printf(r->arena, "%lld",
	    (long long)x->group_id) : "");
#undef VAL
	day = sent ? req_form_text(r, "day_of_week") : arena_printf(r->arena, "%d",
	    x ? x->day_of_week : 0);
	week = sent ? req_form_text(r, "week_type") : x ? x->week_type : "ALL";
	days = json_object_new_array();
	for (i = 0; i < 7; i++) {
		o = json_object_new_object();
		json_add_int(o, "value", i);
		json_add_str(o, "label", view_weekday(i));
		snprintf(num, sizeof(num), "%d", i);
		json_add_bool(o, "selected", strcmp(day, num) == 0);
		json_object_array_add(days, o);
	}
	weeks = json_object_new_array();
	for (i = 0; i < 3; i++) {
		o = json_object_new_object();
		json_add_str(o, "value", week_types[i]);
		json_add_str(o, "label", view_week_type(week_types[i]));
		json_add_bool(o, "selected", strcmp(week, week_types[i]) == 0);
		json_object_array_add(weeks, o);
	}
	json_object_object_add(v, "days", days);
	json_object_object_add(v, "weeks", weeks);
	json_object_object_add(ctx, "values", v);
}

/* The teacher's groups for the select, the chosen one marked. */
static int
groups(struct req *r, struct json_object *ctx, const char *chosen)
{
	struct json_object	*a, *o;
	struct group		*g;
	size_t			 n, i;

	if (db_group_first(r->arena, SCOPE_TEACHER, r->user->id, ROWS_MAX, &g,
	    &n) == -1)
		return -1;
	a = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", g[i].id);
		json_add_str(o, "name", g[i].name);
		json_add_bool(o, "selected", strcmp(chosen, arena_printf(r->arena,
		    "%lld", (long long)g[i].id)) == 0);
		json_object_array_add(a, o);
	}
	json_object_object_add(ctx, "groups", a);
	json_add_int(ctx, "n_groups", (int64_t)n);
	return 0;
}

/* errors.{field} from broken rules; a bare message becomes the flash. */
static void
errors(struct json_object *ctx, const struct lesson_errs *e)
{
	struct json_object	*o;
	size_t			 i;

	if (e == NULL)
		return;
	if (e->kind == LESSON_ERR_BARE || e->n == 0) {
		page_flash(ctx, "error", e->n ? e->e[0].msg :
		    "Проверьте поля формы.");
		return;
	}
	o = json_object_new_object();
	for (i = 0; i < e->n; i++)
		if (!json_object_object_get_ex(o, e->e[i].field, NULL))
			json_add_str(o, e->e[i].field, e->e[i].msg);
	json_object_object_add(ctx, "errors", o);
	page_flash(ctx, "error", "Проверьте поля формы.");
}

static const char *
chosen_group(struct req *r, struct json_object *ctx)
{
	struct json_object	*v, *g;

	if (json_object_object_get_ex(ctx, "values", &v) &&
	    json_object_object_get_ex(v, "group_id", &g))
		return json_object_get_string(g);
	(void)r;
	return "";
}

static int
render_list(struct req *r, int status, const struct lesson_errs *err)
{
	struct json_object	*ctx, *list;
	struct recurring_filter	 f;
	struct recurring	*x;
	struct keyset		 ks = { .dir = KEYSET_FIRST, .limit = ROWS_MAX };
	int64_t			 total;
	size_t			 n, i;

	memset(&f, 0, sizeof(f));
	f.day_of_week = -1;
	if (db_recurring_page(r->arena, RSCOPE_TEACHER, r->user->id, &f, &ks, &x,
	    &n) == -1 || db_recurring_count(r->arena, RSCOPE_TEACHER, r->user->id,
	    &f, &total) == -1)
		return resp_error(r, 503, db_down);
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	list = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(list, json_object_get(view_recurring(r->arena,
		    &x[i], 1)));
	json_object_object_add(ctx, "items", list);
	json_add_int(ctx, "n_items", (int64_t)n);
	if ((int64_t)n < total) {
		json_add_int(ctx, "shown", (int64_t)n);
		json_add_int(ctx, "total", total);
	}
	values(r, ctx, NULL, err != NULL);
	if (groups(r, ctx, chosen_group(r, ctx)) == -1)
		return resp_error(r, 503, db_down);
	errors(ctx, err);
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, status, "recurring/list", ctx, "Регулярные занятия");
}

/* The caller's own weekly lesson of the path's {id}: 0 and *x, or -1
 * after a 404 page (none, or another teacher's) or a 503 page. */
static int
load_or_reply(struct req *r, struct recurring *x)
{
	int	 rc;

	if ((rc = db_recurring_get(r->arena, r->ids[0], x)) == -1)
		return resp_error(r, 503, db_down), -1;
	if (rc == 0 || x->teacher_id != r->user->id)
		return resp_error(r, 404, "Регулярное занятие не найдено."), -1;
	return 0;
}

/* Which form of a weekly lesson's page was posted. */
enum posted { POSTED_NONE, POSTED_EDIT, POSTED_GENERATE };

/* One weekly lesson's page: its form (what was sent after an error), the
 * generate form (what was sent after a run) and, after a run, its counts. */
static int
render_one(struct req *r, int status, const struct recurring *x,
    const struct lesson_errs *err, enum posted posted,
    struct json_object *result)
{
	struct json_object	*ctx, *o;

	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (o = view_recurring(r->arena, x, 1)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_object_object_add(ctx, "item", json_object_get(o));
	values(r, ctx, x, posted == POSTED_EDIT);
	if (groups(r, ctx, chosen_group(r, ctx)) == -1)
		return resp_error(r, 503, db_down);
	errors(ctx, err);
	json_add_str(ctx, "gen_start", posted == POSTED_GENERATE ?
	    req_form_text(r, "start_date") : dt_date(r->arena, today()));
	json_add_str(ctx, "gen_until", posted == POSTED_GENERATE ?
	    req_form_text(r, "until_date") : x->end_date);
	json_add_bool(ctx, "gen_dry", posted == POSTED_GENERATE &&
	    *req_form_text(r, "dry_run") != '\0');
	if (result != NULL)
		json_object_object_add(ctx, "result", json_object_get(result));
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, status, "recurring/show", ctx, x->title);
}

int
page_recurring(struct req *r)
{
	return render_list(r, 200, NULL);
}

int
page_recurring_post(struct req *r)
{
	struct recurring_input	 in;
	struct lesson_errs	 err;
	int64_t			 id;
	int			 rc;

	input(r, &in);
	rc = recurring_save(r->arena, r->user->id, NULL, &in, 1, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return render_list(r, 400, &err);
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, arena_printf(r->arena, "/recurring/%lld",
	    (long long)id), "created");
}

int
page_recurring_one(struct req *r)
{
	struct recurring	 x;

	if (load_or_reply(r, &x) == -1)
		return 0;
	return render_one(r, 200, &x, NULL, POSTED_NONE, NULL);
}

int
page_recurring_one_post(struct req *r)
{
	struct recurring_input	 in;
	struct lesson_errs	 err;
	struct recurring	 x;
	int64_t			 id;
	int			 rc;

	if (load_or_reply(r, &x) == -1)
		return 0;
	input(r, &in);
	rc = recurring_save(r->arena, r->user->id, &x, &in, 1, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return render_one(r, 400, &x, &err, POSTED_EDIT, NULL);
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, arena_printf(r->arena, "/recurring/%lld",
	    (long long)id), "saved");
}

int
page_recurring_delete(struct req *r)
{
	struct recurring	 x;

	if (load_or_reply(r, &x) == -1)
		return 0;
	if (db_recurring_delete(r->arena, x.id) == -1)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/recurring", "deleted");
}

/* The generate form: start_date (empty: today), until_date, dry_run. */
int
page_recurring_generate(struct req *r)
{
	struct lesson_errs	 err = { LESSON_ERR_BARE, 1, { { "", NULL } } };
	struct recurring_gen	 g;
	struct json_object	*res;
	struct recurring	 x;
	const char		*s;
	int64_t			 from = 0, until = 0;
	int			 dry;

	if (load_or_reply(r, &x) == -1)
		return 0;
	s = req_form_text(r, "start_date");
	dry = strcmp(req_form_text(r, "dry_run"), "") != 0;
	if (dt_parse_date(req_form_text(r, "until_date"), &until) == -1)
		err.e[0].msg = "Укажите дату «до» в формате ГГГГ-ММ-ДД.";
	else if (*s == '\0')
		from = today();
	else if (dt_parse_date(s, &from) == -1)
		err.e[0].msg = "Дата «с» должна быть в формате ГГГГ-ММ-ДД.";
	if (err.e[0].msg == NULL && from > until)
		err.e[0].msg = "Дата «с» не может быть позже даты «до».";
	else if (err.e[0].msg == NULL && until - from >= RECURRING_GEN_DAYS)
		err.e[0].msg = "За один раз можно создать занятия не более чем на "
		    "366 дней.";
	if (err.e[0].msg != NULL)
		return render_one(r, 400, &x, &err, POSTED_GENERATE, NULL);
	if (recurring_generate(r->arena, &x, from, until, NULL, dry, &g) != 0)
		return resp_error(r, 503, db_down);
	if ((res = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_bool(res, "dry_run", dry);
	json_add_int(res, "created", dry ? g.would_create : g.created);
	json_add_int(res, "skipped_existing", g.skipped_existing);
	json_add_int(res, "skipped_teacher_busy", g.skipped_teacher_busy);
	json_add_int(res, "skipped_outside_pattern", g.skipped_outside_pattern);
	return render_one(r, 200, &x, NULL, POSTED_GENERATE, res);
}
