/* Pages of the Zoom pool: the admin's pool manager (/admin/pool: accounts
 * with their state, add, edit, toggle, release, delete, stats; secrets are
 * write-only) and the teacher's start button (POST /lessons/{id}/start,
 * which opens the meeting). */
#include "autoconf.h"

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
#include "core/str.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "db/db_pool.h"
#include "domain/audit.h"
#include "domain/pool.h"

#define ACCOUNTS_MAX	500

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const struct page_msg done_msgs[] = {
	{ "created", "Аккаунт добавлен в пул." },
	{ "saved", "Изменения сохранены." },
	{ "on", "Аккаунт включён." },
	{ "off", "Аккаунт выключен." },
	{ "needs_s2s", "Сначала задайте учётные данные Server-to-Server OAuth." },
	{ "released", "Встречи аккаунта завершены, слоты освобождены." },
	{ "none", "Освобождать нечего: у аккаунта нет занятых слотов." },
	{ "deleted", "Аккаунт удалён; история занятий сохранена." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

static struct actor
actor_of(const struct req *r)
{
	struct actor	 who = { r->user->id, r->remote_addr, r->user_agent };

	return who;
}

/* The account form's fields (the secret never comes back to the page). */
static void
form_input(struct req *r, struct pool_account_input *x, int *bad_max)
{
	const char	*v;
	int64_t		 n;

	memset(x, 0, sizeof(*x));
	*bad_max = 0;
	x->email = req_form(r, "email");
	x->zoom_account_id = req_form(r, "zoom_account_id");
	x->zoom_client_id = req_form(r, "zoom_client_id");
	x->zoom_client_secret = req_form(r, "zoom_client_secret");
	x->zoom_user_id = req_form(r, "zoom_user_id");
	if ((v = req_form(r, "max_concurrent_meetings")) != NULL) {
		x->has_max = 1;
		if (str_to_i64(v, strlen(v), INT32_MIN, INT32_MAX, &n) == 0)
			x->max_concurrent_meetings = n;
		else
			*bad_max = 1;
	}
	x->has_active = 1;
	x->is_active = req_form(r, "is_active") != NULL;
}

static struct json_object *
form_values(struct req *r, const struct pool_account_input *x)
{
	struct json_object	*o = json_object_new_object();

	(void)r;
	json_add_str(o, "email", x->email ? x->email : "");
	json_add_str(o, "zoom_account_id", x->zoom_account_id ?
	    x->zoom_account_id : "");
	json_add_str(o, "zoom_client_id", x->zoom_client_id ?
	    x->zoom_client_id : "");
	json_add_str(o, "zoom_user_id", x->zoom_user_id ? x->zoom_user_id : "");
	json_add_int(o, "max_concurrent_meetings", x->max_concurrent_meetings);
	json_add_bool(o, "is_active", x->is_active);
	return o;
}

static struct json_object *
errors_of(const struct pool_errs *e)
{
	struct json_object	*o = json_object_new_object();
	size_t			 i;

	for (i = 0; i < e->n; i++)
		if (!json_object_object_get_ex(o, e->e[i].field, NULL))
			json_add_str(o, e->e[i].field, e->e[i].msg);
	return o;
}

static int
render_pool(struct req *r, int status, struct json_object *values,
    struct json_object *errors)
{
	struct json_object	*ctx, *list, *st, *o;
	struct zoom_account	*x;
	struct keyset		 ks = { .dir = KEYSET_FIRST, .limit = ACCOUNTS_MAX };
	struct pool_stats	 s;
	size_t			 n, i;

	if (db_pool_account_page(r->arena, &ks, &x, &n) == -1 ||
	    db_pool_stats(r->arena, pool_daily_cap(), &s) == -1 ||
	    (ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 503, db_down);
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_get(view_pool_account(r->arena, &x[i]));
		json_add_str(o, "last_used", x[i].last_used_at ?
		    dt_iso(r->arena, x[i].last_used_at) : "—");
		json_add_bool(o, "busy", x[i].current_meetings > 0);
		json_object_array_add(list, o);
	}
	json_object_object_add(ctx, "accounts", list);
	json_add_int(ctx, "count", s.total);
	st = json_object_new_object();
	json_add_int(st, "total_accounts", s.total);
	json_add_int(st, "active_accounts", s.active);
	json_add_int(st, "available_accounts", s.available);
	json_add_int(st, "currently_in_use", s.in_use);
	json_add_int(st, "current_sessions", s.sessions);
	json_add_int(st, "peak_sessions", s.peak_sessions);
	json_add_int(st, "total_capacity", s.capacity);
	json_object_object_add(ctx, "stats", st);
	if (values == NULL) {
		values = json_object_new_object();
		json_add_int(values, "max_concurrent_meetings", 1);
		json_add_bool(values, "is_active", 1);
	}
	json_object_object_add(ctx, "values", values);
	if (errors != NULL)
		json_object_object_add(ctx, "errors", errors);
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, status, "pool/list", ctx, "Пул Zoom-аккаунтов");
}

int
page_admin_pool(struct req *r)
{
	return render_pool(r, 200, NULL, NULL);
}

int
page_admin_pool_post(struct req *r)
{
	struct pool_account_input x;
	struct pool_errs	 err;
	struct actor		 who = actor_of(r);
	int64_t			 id;
	int			 bad_max, rc;

	form_input(r, &x, &bad_max);
	if (bad_max) {
		err.n = 1;
		err.e[0].field = "max_concurrent_meetings";
		err.e[0].msg = "Введите целое число.";
		return render_pool(r, 400, form_values(r, &x), errors_of(&err));
	}
	rc = pool_account_save(r->arena, &who, NULL, &x, 1, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return render_pool(r, 400, form_values(r, &x), errors_of(&err));
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/admin/pool", "created");
}

static int
account_or_reply(struct req *r, struct zoom_account *x)
{
	int	 rc;

	if ((rc = db_pool_account_get(r->arena, r->ids[0], x)) == 1)
		return 0;
	resp_error(r, rc == -1 ? 503 : 404, rc == -1 ? db_down :
	    "Аккаунт не найден.");
	return -1;
}

static int
render_account(struct req *r, int status, const struct zoom_account *x,
    struct json_object *values, struct json_object *errors)
{
	struct json_object	*ctx;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 503, db_down);
	json_object_object_add(ctx, "account",
	    json_object_get(view_pool_account(r->arena, x)));
	json_object_object_add(ctx, "values", values ? values :
	    json_object_get(view_pool_account(r->arena, x)));
	if (errors != NULL)
		json_object_object_add(ctx, "errors", errors);
	return resp_html(r, status, "pool/edit", ctx, "Zoom-аккаунт");
}

int
page_admin_pool_account(struct req *r)
{
	struct zoom_account	 x;

	if (account_or_reply(r, &x) == -1)
		return 0;
	return render_account(r, 200, &x, NULL, NULL);
}

int
page_admin_pool_account_post(struct req *r)
{
	struct pool_account_input in;
	struct zoom_account	 x;
	struct pool_errs	 err;
	struct actor		 who = actor_of(r);
	int64_t			 id;
	int			 bad_max, rc;

	if (account_or_reply(r, &x) == -1)
		return 0;
	form_input(r, &in, &bad_max);
	if (bad_max) {
		err.n = 1;
		err.e[0].field = "max_concurrent_meetings";
		err.e[0].msg = "Введите целое число.";
		return render_account(r, 400, &x, form_values(r, &in),
		    errors_of(&err));
	}
	rc = pool_account_save(r->arena, &who, &x, &in, 0, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return render_account(r, 400, &x, form_values(r, &in),
		    errors_of(&err));
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/admin/pool", "saved");
}

int
page_admin_pool_toggle(struct req *r)
{
	struct zoom_account	 x;
	struct actor		 who = actor_of(r);
	int			 active = 0, rc;

	if (account_or_reply(r, &x) == -1)
		return 0;
	if ((rc = pool_account_toggle(r->arena, &who, x.id, &active)) < 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/admin/pool", rc == 0 ? "needs_s2s" :
	    active ? "on" : "off");
}

int
page_admin_pool_release(struct req *r)
{
	struct zoom_account	 x;
	struct actor		 who = actor_of(r);
	int64_t			 n;

	if (account_or_reply(r, &x) == -1)
		return 0;
	if (pool_account_release(r->arena, &who, x.id, 0, &n) != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/admin/pool", n ? "released" : "none");
}

int
page_admin_pool_delete(struct req *r)
{
	struct zoom_account	 x;
	struct actor		 who = actor_of(r);

	if (account_or_reply(r, &x) == -1)
		return 0;
	if (pool_account_delete(r->arena, &who, x.id) != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/admin/pool", "deleted");
}

/* The teacher's start button: the meeting opens (303 to the fresh
 * start_url), or the error page says why not. */
int
page_lesson_start(struct req *r)
{
	struct pool_meeting	 m;
	struct pool_result	 res;
	struct lesson		 l;
	struct actor		 who = actor_of(r);
	char			 secs[24];
	int			 rc;

	if ((rc = db_lesson_get(r->arena, r->ids[0], &l)) == -1)
		return resp_error(r, 503, db_down);
	if (rc == 0 || l.teacher_id != r->user->id)
		return resp_error(r, 404, "Занятие не найдено.");
	if (pool_start_lesson(r->arena, &who, l.id, 0, &m, &res) == -1) {
		if (res.status == 503 && res.retry_after > 0) {
			resp_error(r, 503, res.msg);
			snprintf(secs, sizeof(secs), "%lld", (long long)res.retry_after);
			resp_header(r, "Retry-After", secs);
			return 0;
		}
		if (res.status == 429) {
			resp_error(r, 429, arena_printf(r->arena, "Слишком много "
			    "попыток запуска. Подождите %lld с и попробуйте снова.",
			    (long long)res.retry_after));
			snprintf(secs, sizeof(secs), "%lld", (long long)res.retry_after);
			resp_header(r, "Retry-After", secs);
			return 0;
		}
		return resp_error(r, res.status, res.msg);
	}
	if (m.start_url == NULL)
		return resp_error(r, 502, "Zoom не выдал ссылку для запуска "
		    "встречи. Попробуйте ещё раз.");
	return resp_redirect_away(r, m.start_url);
}

/* GET: the host link of the lesson's meeting (the API gives it as
 * zoom_start_url): 303 to a fresh start_url from Zoom; without a meeting,
 * the lesson's page, where the start button is. */
int
page_lesson_host_link(struct req *r)
{
	struct pool_meeting	 m;
	struct pool_result	 res;
	struct lesson		 l;
	int			 rc;

	if ((rc = db_lesson_get(r->arena, r->ids[0], &l)) == -1)
		return resp_error(r, 503, db_down);
	if (rc == 0 || l.teacher_id != r->user->id)
		return resp_error(r, 404, "Занятие не найдено.");
	if (pool_host_link(r->arena, l.id, &m, &res) == -1) {
		if (res.status == 404)
			return page_redirect_done(r, arena_printf(r->arena,
			    "/lessons/%lld", (long long)l.id), "no_meeting");
		return resp_error(r, res.status, res.msg);
	}
	if (m.start_url == NULL)
		return resp_error(r, 502, "Zoom не выдал ссылку для запуска "
		    "встречи. Попробуйте ещё раз.");
	return resp_redirect_away(r, m.start_url);
}
