/* Admin pages: users (search, role, activation, password reset) and the
 * audit log. */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/paging.h"
#include "app/auth.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/html.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_audit.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/approval.h"
#include "domain/audit.h"

#define USERS_PAGE	50
#define PENDING_MAX	100	/* teachers awaiting approval shown */

/* The audit log's page: newest first, 50 a page, with cursors. */
static const char *const audit_args[] = { "action", NULL };
static const struct page_spec audit_page = { .list = "audit-page",
    .key = "si", .args = audit_args, .size = USERS_PAGE };

/* base?key=value&page=n with the value encoded for a URL. */
static const char *
page_url(struct req *r, const char *base, const char *key, const char *value,
    int64_t n)
{
	struct buf	 b;

	buf_init(&b, r->arena);
	buf_printf(&b, "%s?%s=", base, key);
	html_url_arg(&b, value, strlen(value));
	buf_printf(&b, "&page=%lld", (long long)n);
	return b.err ? NULL : buf_str(&b);
}

static void
add_pages(struct req *r, struct json_object *ctx, const char *base,
    const char *key, const char *value, int64_t page, int64_t total)
{
	const char	*u;

	if (page > 1 && (u = page_url(r, base, key, value, page - 1)) != NULL)
		json_add_str(ctx, "prev_url", u);
	if (page * USERS_PAGE < total &&
	    (u = page_url(r, base, key, value, page + 1)) != NULL)
		json_add_str(ctx, "next_url", u);
}

static int64_t
page_arg(struct req *r)
{
	const char	*v = req_query(r, "page");
	int64_t		 n = 1;

	if (v != NULL && str_to_i64(v, strlen(v), 1, 100000, &n) == -1)
		n = 1;
	return n;
}

static int
render_users(struct req *r, int status, const char *flash_kind,
    const char *flash)
{
	struct json_object	*ctx, *list, *o, *f;
	struct user		*u;
	const char		*q = req_query(r, "q");
	int64_t			 page = page_arg(r), total, since;
	size_t			 n, i;

	q = q ? q : "";
	if (db_user_search(r->arena, q, USERS_PAGE, (page - 1) * USERS_PAGE, &u,
	    &n, &total) == -1 || (ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 503, "База данных недоступна.");
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", u[i].id);
		json_add_str(o, "email", u[i].email);
		json_add_str(o, "name", account_full_name(r->arena, &u[i]));
		json_add_str(o, "role", u[i].role);
		json_add_bool(o, "is_student", strcmp(u[i].role, "student") == 0);
		json_add_bool(o, "is_teacher", strcmp(u[i].role, "teacher") == 0);
		json_add_bool(o, "is_admin", strcmp(u[i].role, "admin") == 0);
		json_add_bool(o, "is_active", u[i].is_active);
		json_add_bool(o, "is_self", u[i].id == r->user->id);
		json_add_str(o, "created_at", dt_iso(r->arena, u[i].created_at));
		json_add_str(o, "last_login", u[i].last_login ?
		    dt_iso(r->arena, u[i].last_login) : "—");
		json_object_array_add(list, o);
	}
	json_object_object_add(ctx, "users", list);
	if (db_user_pending_teachers(r->arena, PENDING_MAX, &u, &n) == -1)
		return resp_error(r, 503, "База данных недоступна.");
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", u[i].id);
		json_add_str(o, "email", u[i].email);
		json_add_str(o, "name", account_full_name(r->arena, &u[i]));
		if (dt_parse_iso(u[i].created_at, &since) == 0)
			json_add_str(o, "created_at", dt_local_text(r->arena, since,
			    DT_TEXT_FULL));
		json_object_array_add(list, o);
	}
	json_object_object_add(ctx, "pending", list);
	json_add_int(ctx, "n_pending", (int64_t)n);
	json_add_str(ctx, "q", q);
	json_add_int(ctx, "total", total);
	add_pages(r, ctx, "/admin/users", "q", q, page, total);
	if (flash != NULL) {
		f = json_object_new_object();
		json_add_str(f, "kind", flash_kind);
		json_add_str(f, "text", flash);
		json_object_object_add(ctx, "flash", f);
	}
	return resp_html(r, status, "admin/users", ctx, "Пользователи");
}

int
page_admin_users(struct req *r)
{
	return render_users(r, 200, NULL, NULL);
}

/* The common end of every change: the list again with what happened. */
static int
changed(struct req *r, int rc, const char *msg, const char *done)
{
	if (rc == ACCOUNT_DB)
		return resp_error(r, 503, "База данных недоступна.");
	if (rc == ACCOUNT_INVALID)
		return render_users(r, 400, "error", msg);
	return render_users(r, 200, "ok", done);
}

int
page_admin_user_role(struct req *r)
{
	struct actor	 who = auth_actor(r);
	const char	*role = req_form(r, "role"), *msg = NULL;

	return changed(r, account_admin_set_role(r->arena, &who, r->ids[0],
	    role ? role : "", &msg), msg, "Роль изменена.");
}

int
page_admin_user_active(struct req *r)
{
	struct actor	 who = auth_actor(r);
	const char	*v = req_form(r, "active"), *msg = NULL;
	int		 on = v != NULL && strcmp(v, "1") == 0;

	return changed(r, account_admin_set_active(r->arena, &who, r->ids[0], on,
	    &msg), msg, on ? "Пользователь активирован." :
	    "Пользователь деактивирован и выведен из всех сеансов.");
}

int
page_admin_user_password(struct req *r)
{
	struct actor	 who = auth_actor(r);
	const char	*pw = NULL, *msg = NULL;
	int		 rc;

	rc = account_admin_reset_password(r->arena, &who, r->ids[0], &pw, &msg);
	return changed(r, rc, msg, rc == 0 ? arena_printf(r->arena, "Новый "
	    "временный пароль: %s — передайте его пользователю, больше он "
	    "показан не будет.", pw) : NULL);
}

int
page_admin_user_approve(struct req *r)
{
	struct actor	 who = auth_actor(r);
	const char	*v = req_form(r, "approved");
	int		 on = v == NULL || strcmp(v, "0") != 0, rc;

	if ((rc = approval_set(r->arena, &who, r->ids[0], on)) == -1)
		return resp_error(r, 503, "База данных недоступна.");
	if (rc == 0)
		return render_users(r, 400, "error", "Это не преподаватель.");
	return render_users(r, 200, "ok", on ? "Преподаватель одобрен: теперь он "
	    "может добавлять учеников по email и запускать занятия на "
	    "Zoom-аккаунтах школы." : "Одобрение снято.");
}

int
page_admin_audit(struct req *r)
{
	struct json_object	*ctx, *rows;
	struct keyset_val	 first[2], last[2];
	struct audit_filter	 f = { 0, "", "" };
	struct audit_row	*x;
	struct page		 p;
	const char		*action = req_query(r, "action"), *prev, *next;
	int64_t			 total;
	size_t			 nread, from, n;

	if (paging_keyset_or_reply(r, &audit_page, &p) == -1)
		return 0;
	f.action = action = action ? action : "";
	if (db_audit_page(r->arena, &f, &p.ks, &x, &nread) == -1 ||
	    db_audit_count(r->arena, &f, &total) == -1)
		return resp_error(r, 503, "База данных недоступна.");
	paging_rows(&p, nread, &from, &n);
	if (n > 0) {
		db_audit_key(&x[from], first);
		db_audit_key(&x[from + n - 1], last);
	}
	if ((rows = view_audit_rows(r->arena, x + from, n)) == NULL ||
	    (ctx = json_new_object(r->arena)) == NULL ||
	    paging_links(r, &p, nread, first, last, &prev, &next) == -1)
		return resp_error(r, 500, "Internal server error");
	json_object_object_add(ctx, "rows", json_object_get(rows));
	json_add_str(ctx, "action", action);
	json_add_int(ctx, "total", total);
	if (prev != NULL)
		json_add_str(ctx, "prev_url", prev);
	if (next != NULL)
		json_add_str(ctx, "next_url", next);
	return resp_html(r, 200, "admin/audit", ctx, "Журнал действий");
}
