/* The Zoom pool API for admins, /api/zoom-pool/ (accounts, stats, toggle,
 * release), and the teachers' own Zoom apps under
 * /accounts/api/admin/teachers/. Secrets are write-only: answers carry
 * has_secret or a mask, never the secret. */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "app/paging.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_pool.h"
#include "domain/approval.h"
#include "domain/audit.h"
#include "domain/pool.h"

#define MASK	"********"

static struct actor
actor_of(const struct req *r)
{
	struct actor	 who = { r->user->id, r->remote_addr, r->user_agent };

	return who;
}

/* The account of the path's {id}: 0, or -1 after a 404. */
static int
account_or_reply(struct req *r, struct zoom_account *x)
{
	int	 rc;

	if ((rc = db_pool_account_get(r->arena, r->ids[0], x)) == 1)
		return 0;
	if (rc == -1)
		api_db_error(r);
	else
		resp_error(r, 404, "Not found.");
	return -1;
}

static int
reply_account(struct req *r, int status, int64_t id)
{
	struct zoom_account	 x;
	int			 rc;

	if ((rc = db_pool_account_get(r->arena, id, &x)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, view_pool_account(r->arena, &x));
}

static int
account_input_or_reply(struct req *r, struct pool_account_input *x)
{
	struct json_object	*in;
	int			 rc;

	memset(x, 0, sizeof(*x));
	/* Read-only fields (current_meetings, has_secret, ...) are ignored,
	 * so a client may send back the whole object it read. */
	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "email", &x->email) == -1 ||
	    input_str_or_reply(r, in, "zoom_account_id", &x->zoom_account_id) == -1 ||
	    input_str_or_reply(r, in, "zoom_client_id", &x->zoom_client_id) == -1 ||
	    input_str_or_reply(r, in, "zoom_client_secret",
	    &x->zoom_client_secret) == -1 ||
	    input_str_or_reply(r, in, "zoom_user_id", &x->zoom_user_id) == -1 ||
	    (rc = input_int_or_reply(r, in, "max_concurrent_meetings",
	    &x->max_concurrent_meetings)) == -1)
		return -1;
	x->has_max = rc;
	if ((rc = input_bool_or_reply(r, in, "is_active", &x->is_active)) == -1)
		return -1;
	x->has_active = rc;
	return 0;
}

static int
reply_errs(struct req *r, const struct pool_errs *e)
{
	struct json_object	*o, *list;
	size_t			 i;

	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	for (i = 0; i < e->n; i++) {
		if (!json_object_object_get_ex(o, e->e[i].field, &list)) {
			list = json_object_new_array();
			json_object_object_add(o, e->e[i].field, list);
		}
		json_object_array_add(list, json_object_new_string(e->e[i].msg));
	}
	return resp_json(r, 400, o);
}

/* The pool's cursors: by email (unique). */
static const struct page_spec pool_list = { .list = "zoom-pool", .key = "s" };

int
api_pool_list(struct req *r)
{
	struct json_object	*a;
	struct keyset_val	 first = { NULL, 0 }, last = { NULL, 0 };
	struct zoom_account	*x;
	struct page		 p;
	int64_t			 total;
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &pool_list, &p) == -1)
		return 0;
	if (db_pool_account_page(r->arena, &p.ks, &x, &nread) == -1 ||
	    db_pool_account_count(r->arena, &total) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(view_pool_account(r->arena,
		    &x[i])));
	if (n > 0) {
		first.s = x[from].email;
		last.s = x[from + n - 1].email;
	}
	return paging_keyset_reply(r, &p, total, a, nread, &first, &last);
}

static int
save(struct req *r, const struct zoom_account *cur, int full)
{
	struct pool_account_input x;
	struct pool_errs	 err;
	struct actor		 who = actor_of(r);
	int64_t			 id = 0;
	int			 rc;

	if (account_input_or_reply(r, &x) == -1)
		return 0;
	rc = pool_account_save(r->arena, &who, cur, &x, full, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return reply_errs(r, &err);
	if (rc != 0)
		return api_db_error(r);
	return reply_account(r, cur ? 200 : 201, id);
}

int
api_pool_create(struct req *r)
{
	return save(r, NULL, 1);
}

int
api_pool_get(struct req *r)
{
	struct zoom_account	 x;

	if (account_or_reply(r, &x) == -1)
		return 0;
	return resp_json(r, 200, view_pool_account(r->arena, &x));
}

int
api_pool_update(struct req *r)
{
	struct zoom_account	 x;

	if (account_or_reply(r, &x) == -1)
		return 0;
	return save(r, &x, strcmp(r->method, "PUT") == 0);
}

int
api_pool_delete(struct req *r)
{
	struct zoom_account	 x;
	struct actor		 who = actor_of(r);

	if (account_or_reply(r, &x) == -1)
		return 0;
	if (pool_account_delete(r->arena, &who, x.id) != 0)
		return api_db_error(r);
	return resp_json(r, 204, NULL);
}

int
api_pool_stats(struct req *r)
{
	struct json_object	*o;
	struct pool_stats	 s;

	if (db_pool_stats(r->arena, pool_daily_cap(), &s) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_int(o, "total_accounts", s.total);
	json_add_int(o, "active_accounts", s.active);
	json_add_int(o, "available_accounts", s.available);
	json_add_int(o, "currently_in_use", s.in_use);
	json_add_int(o, "peak_in_use", s.peak_in_use);
	json_add_int(o, "current_sessions", s.sessions);
	json_add_int(o, "peak_sessions", s.peak_sessions);
	json_add_int(o, "total_capacity", s.capacity);
	json_add_str(o, "updated_at", dt_iso(r->arena, dt_now_db(r->arena)));
	return resp_json(r, 200, o);
}

int
api_pool_toggle(struct req *r)
{
	struct json_object	*o;
	struct zoom_account	 x;
	struct actor		 who = actor_of(r);
	int			 active, rc;

	if (account_or_reply(r, &x) == -1)
		return 0;
	if ((rc = pool_account_toggle(r->arena, &who, x.id, &active)) < 0)
		return api_db_error(r);
	if (rc == 0)
		return resp_error(r, 400, "Сначала задайте учётные данные "
		    "Server-to-Server OAuth. Set the S2S OAuth credentials first.");
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "detail", active ? "Аккаунт включён" : "Аккаунт выключен");
	json_add_bool(o, "is_active", active);
	return resp_json(r, 200, o);
}

int
api_pool_release(struct req *r)
{
	struct json_object	*in, *o;
	struct zoom_account	 x;
	struct actor		 who = actor_of(r);
	int64_t			 lesson = 0, n;
	int			 rc;

	if (account_or_reply(r, &x) == -1 || (in = input_body_or_reply(r)) == NULL ||
	    (rc = input_int_or_reply(r, in, "lesson_id", &lesson)) == -1)
		return 0;
	if (rc == 1 && lesson < 1)
		return input_field_error(r, "lesson_id", "A valid integer is "
		    "required.");
	if (pool_account_release(r->arena, &who, x.id, lesson, &n) != 0 ||
	    db_pool_account_get(r->arena, x.id, &x) != 1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "detail", n ? "Аккаунт освобождён" :
	    "Нечего освобождать");
	json_add_int(o, "released", n);
	json_add_int(o, "current_meetings", x.current_meetings);
	return resp_json(r, 200, o);
}

/* -- the teachers' own apps ----------------------------------------------- */

static int
has_config(const struct teacher_zoom *t)
{
	return t->account_id[0] && t->client_id[0] && t->secret[0];
}

static void
zoom_fields(struct json_object *o, const struct teacher_zoom *t)
{
	json_add_str(o, "zoom_account_id", t->account_id);
	json_add_str(o, "zoom_client_id", t->client_id);
	json_add_str(o, "zoom_client_secret", t->secret[0] ? MASK : "");
	json_add_str(o, "zoom_user_id", t->user_id);
	json_add_bool(o, "has_zoom_config", has_config(t));
}

/* The admin endpoints of API a.6 answer others 403 {"detail","error"}. */
static int
admin_or_reply(struct req *r)
{
	if (r->user->role == R_ADMIN)
		return 0;
	api_error2(r, 403, "Доступ запрещён. Access denied.");
	return -1;
}

int
api_admin_teachers(struct req *r)
{
	struct json_object	*a, *o;
	struct teacher_zoom	*t;
	size_t			 n, i;

	if (admin_or_reply(r) == -1)
		return 0;
	if (db_pool_teachers(r->arena, &t, &n) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", t[i].id);
		json_add_str(o, "email", t[i].email);
		json_add_str(o, "first_name", t[i].first_name);
		json_add_str(o, "last_name", t[i].last_name);
		json_add_str(o, "middle_name", t[i].middle_name);
		json_add_str(o, "phone_number", t[i].phone);
		zoom_fields(o, &t[i]);
		json_add_str(o, "created_at", dt_iso(r->arena, t[i].created_at));
		json_add_str(o, "last_login", dt_iso(r->arena, t[i].last_login));
		json_add_bool(o, "is_approved", t[i].is_approved);
		json_object_array_add(a, o);
	}
	return resp_json(r, 200, a);
}

int
api_admin_teacher_zoom(struct req *r)
{
	struct json_object	*in, *o;
	struct teacher_zoom	 t;
	struct field_err	 err;
	struct actor		 who = actor_of(r);
	const char		*acc, *cli, *sec, *usr;
	int			 rc;

	if (admin_or_reply(r) == -1 || (in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "zoom_account_id", &acc) == -1 ||
	    input_str_or_reply(r, in, "zoom_client_id", &cli) == -1 ||
	    input_str_or_reply(r, in, "zoom_client_secret", &sec) == -1 ||
	    input_str_or_reply(r, in, "zoom_user_id", &usr) == -1)
		return 0;
	rc = pool_teacher_set_zoom(r->arena, &who, r->ids[0], acc, cli, sec, usr,
	    &err);
	if (rc == ACCOUNT_INVALID)
		return input_field_error(r, err.field, err.msg);
	if (rc < 0)
		return api_db_error(r);
	if (rc == 0)
		return api_error2(r, 404, "Преподаватель не найден. Teacher not "
		    "found.");
	if (db_pool_teacher_get(r->arena, r->ids[0], &t) != 1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_int(o, "id", t.id);
	json_add_str(o, "email", t.email);
	json_add_str(o, "first_name", t.first_name);
	json_add_str(o, "last_name", t.last_name);
	zoom_fields(o, &t);
	return resp_json(r, 200, o);
}

/* An admin approves a teacher who registered (issue 18), or takes the
 * approval back: {"approved": true|false}. */
int
api_admin_teacher_approve(struct req *r)
{
	struct json_object	*in, *o;
	struct teacher_zoom	 t;
	struct actor		 who = actor_of(r);
	int			 approved, rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    (rc = input_bool_or_reply(r, in, "approved", &approved)) == -1)
		return 0;
	if (rc == 0)
		return input_field_error(r, "approved", "This field is required.");
	if ((rc = approval_set(r->arena, &who, r->ids[0], approved)) == -1)
		return api_db_error(r);
	if (rc == 0)
		return api_error2(r, 404, "Преподаватель не найден. Teacher not "
		    "found.");
	if (db_pool_teacher_get(r->arena, r->ids[0], &t) != 1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_int(o, "id", t.id);
	json_add_str(o, "email", t.email);
	json_add_str(o, "first_name", t.first_name);
	json_add_str(o, "last_name", t.last_name);
	json_add_bool(o, "is_approved", t.is_approved);
	return resp_json(r, 200, o);
}
