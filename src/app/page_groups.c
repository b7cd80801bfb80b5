/* Teacher pages for groups: the list, one group, its members and code. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "app/app.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_group.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/approval.h"
#include "domain/group.h"
#include "domain/invite.h"

#define GROUPS_MAX	500	/* groups the list shows */

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const struct page_msg done_msgs[] = {
	{ "created", "Группа создана. Отправьте ученикам код или ссылку." },
	{ "saved", "Изменения сохранены." },
	{ "added", "Ученик добавлен в группу." },
	{ "removed", "Ученик удалён из группы." },
	{ "code", "Код приглашения обновлён: старый больше не действует." },
	{ "deleted", "Группа удалена." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

void
page_flash(struct json_object *ctx, const char *kind, const char *text)
{
	struct json_object	*f = json_object_new_object();

	json_add_str(f, "kind", kind);
	json_add_str(f, "text", text);
	json_object_object_add(ctx, "flash", f);
}

void
page_done_flash(struct req *r, struct json_object *ctx,
    const struct page_msg *msgs, size_t n)
{
	const char	*key = req_query(r, "done");
	size_t		 i;

	for (i = 0; key != NULL && i < n; i++)
		if (strcmp(key, msgs[i].key) == 0) {
			page_flash(ctx, "ok", msgs[i].text);
			return;
		}
}

int
page_redirect_done(struct req *r, const char *path, const char *key)
{
	const char	*to = NULL;

	if (path != NULL)
		to = arena_printf(r->arena, "%s?done=%s", path, key);
	if (to == NULL)
		return resp_error(r, 500, "Internal server error");
	return resp_redirect(r, 303, to);
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

/* Give each member of a view_group object its display name. */
static void
name_members(struct arena *a, struct json_object *group)
{
	struct json_object	*st, *m;
	const char		*name;
	size_t			 i, n;

	if (!json_object_object_get_ex(group, "students", &st))
		return;
	n = json_object_array_length(st);
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(st, i);
		name = account_name_of(a, jstr(m, "last_name"), jstr(m, "first_name"),
		    "", jstr(m, "email"));
		json_add_str(m, "name", name != NULL ? name : "");
	}
}

void
page_form_error(struct json_object *ctx, const struct field_err *err)
{
	struct json_object	*errors;

	if (err == NULL)
		return;
	if (strcmp(err->field, "") == 0) {
		page_flash(ctx, "error", err->msg);
		return;
	}
	errors = json_object_new_object();
	json_add_str(errors, err->field, err->msg);
	json_object_object_add(ctx, "errors", errors);
}

static int
render_groups(struct req *r, int status, const struct field_err *err)
{
	struct json_object	*ctx, *groups, *solo, *o, *vals;
	struct group		*g;
	int64_t			 total;
	size_t			 n, i;

	if (db_group_first(r->arena, SCOPE_TEACHER, r->user->id, GROUPS_MAX, &g,
	    &n) == -1 || db_group_count(r->arena, SCOPE_TEACHER, r->user->id,
	    &total) == -1)
		return resp_error(r, 503, db_down);
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	groups = json_object_new_array();
	solo = json_object_new_array();
	json_object_object_add(ctx, "groups", groups);
	json_object_object_add(ctx, "individual", solo);
	for (i = 0; i < n; i++) {
		if ((o = view_group(r->arena, &g[i], 1)) == NULL)
			return resp_error(r, 500, "Internal server error");
		name_members(r->arena, o);
		json_object_array_add(strcmp(g[i].kind, "individual") == 0 ? solo :
		    groups, json_object_get(o));
	}
	json_add_int(ctx, "n_groups", (int64_t)json_object_array_length(groups));
	json_add_int(ctx, "n_individual", (int64_t)json_object_array_length(solo));
	if ((int64_t)n < total) {
		json_add_int(ctx, "shown", (int64_t)n);
		json_add_int(ctx, "total", total);
	}
	vals = json_object_new_object();
	json_add_str(vals, "name", req_form_text(r, "name"));
	json_add_str(vals, "description", req_form_text(r, "description"));
	json_object_object_add(ctx, "values", vals);
	page_form_error(ctx, err);
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, status, "groups/list", ctx, "Группы");
}

/* The caller's own group of the path's {id}: 0 and *g, or -1 after a 404
 * page (no such group, or another teacher's) or a 503 page. */
static int
load_or_reply(struct req *r, struct group *g)
{
	int	 rc;

	if ((rc = db_group_get(r->arena, r->ids[0], g)) == 1)
		rc = group_access(r->arena, g, r->user->id, r->user->role_name);
	if (rc == -1)
		return resp_error(r, 503, db_down), -1;
	if (rc != GROUP_OWNED)
		return resp_error(r, 404, "Группа не найдена."), -1;
	return 0;
}

/* The group page. With err, the form that failed keeps what was sent. */
static int
render_group(struct req *r, int status, const struct group *g,
    const struct field_err *err)
{
	struct json_object	*ctx, *o, *vals;
	const char		*url;
	int			 edited, trusted;

	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (o = view_group(r->arena, g, 1)) == NULL)
		return resp_error(r, 500, "Internal server error");
	name_members(r->arena, o);
	json_add_bool(o, "is_group", strcmp(g->kind, "group") == 0);
	if (g->invite_code != NULL && g->invite_code[0] != '\0' &&
	    (url = page_join_url(r, r->cfg->base_url, g->invite_code)) != NULL)
		json_add_str(o, "join_url", url);
	json_object_object_add(ctx, "group", json_object_get(o));
	if ((trusted = approval_trusted(r->arena, r->user->id)) == -1)
		return resp_error(r, 503, db_down);
	json_add_bool(ctx, "may_add", trusted);
	edited = err != NULL && (strcmp(err->field, "name") == 0 ||
	    strcmp(err->field, "description") == 0);
	vals = json_object_new_object();
	json_add_str(vals, "name", edited ? req_form_text(r, "name") : g->name);
	json_add_str(vals, "description", edited ? req_form_text(r, "description") :
	    g->description);
	json_add_str(vals, "email", err != NULL ? req_form_text(r, "email") : "");
	json_object_object_add(ctx, "values", vals);
	page_form_error(ctx, err);
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, status, "groups/show", ctx, g->name);
}

static int
to_group(struct req *r, int64_t id, const char *done)
{
	return page_redirect_done(r, arena_printf(r->arena, "/groups/%lld",
	    (long long)id), done);
}

int
page_groups(struct req *r)
{
	return render_groups(r, 200, NULL);
}

int
page_groups_post(struct req *r)
{
	struct field_err	 err;
	int64_t			 id;
	int			 rc;

	rc = group_create(r->arena, r->user->id, req_form_text(r, "name"),
	    req_form_text(r, "description"), NULL, 0, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return render_groups(r, 400, &err);
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return to_group(r, id, "created");
}

int
page_group(struct req *r)
{
	struct group	 g;

	if (load_or_reply(r, &g) == -1)
		return 0;
	return render_group(r, 200, &g, NULL);
}

int
page_group_post(struct req *r)
{
	struct field_err	 err;
	struct group		 g;
	int			 rc;

	if (load_or_reply(r, &g) == -1)
		return 0;
	/* A field left out of the form is kept, as with PATCH. */
	rc = group_update(r->arena, &g, req_form(r, "name"),
	    req_form(r, "description"), NULL, 0, &err);
	if (rc == ACCOUNT_INVALID)
		return render_group(r, 400, &g, &err);
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return to_group(r, g.id, "saved");
}

int
page_group_add(struct req *r)
{
	struct field_err	 err = { "email", NULL };
	struct group		 g;
	struct user		 u;
	const char		*email;
	int			 rc;

	if (load_or_reply(r, &g) == -1)
		return 0;
	if ((rc = approval_trusted(r->arena, r->user->id)) == -1)
		return resp_error(r, 503, db_down);
	if (rc == 0) {
		err.msg = APPROVAL_ADD_MSG;
		return render_group(r, 403, &g, &err);
	}
	if ((email = account_email(r->arena, req_form_text(r, "email"), &err.msg)) == NULL)
		return render_group(r, 400, &g, &err);
	if ((rc = db_user_by_email(r->arena, email, &u)) == -1)
		return resp_error(r, 503, db_down);
	/* An address that is no student's says no more than an unknown one:
	 * the form is no way to find out who teaches or administers here. */
	if (rc == 0 || strcmp(u.role, "student") != 0)
		err.msg = "Ученик с таким email не найден.";
	else if ((rc = db_group_is_member(r->arena, g.id, u.id)) == 1)
		err.msg = "Этот ученик уже в группе.";
	else if (rc == -1 || group_add_students(r->arena, g.id, &u.id, 1) != 0)
		return resp_error(r, 503, db_down);
	else
		return to_group(r, g.id, "added");
	return render_group(r, 400, &g, &err);
}

int
page_group_remove(struct req *r)
{
	struct field_err	 err = { "", "Этот ученик не состоит в группе." };
	struct group		 g;
	const char		*v;
	int64_t			 id;
	int			 rc;

	if (load_or_reply(r, &g) == -1)
		return 0;
	v = req_form_text(r, "student_id");
	if (str_to_i64(v, strlen(v), 1, INT64_MAX, &id) == -1)
		return render_group(r, 400, &g, &err);
	if ((rc = db_group_is_member(r->arena, g.id, id)) == 1 &&
	    group_remove_students(r->arena, g.id, &id, 1) != 0)
		rc = -1;
	if (rc == -1)
		return resp_error(r, 503, db_down);
	if (rc == 0)
		return render_group(r, 400, &g, &err);
	return to_group(r, g.id, "removed");
}

int
page_group_code(struct req *r)
{
	struct field_err	 err = { "", "У индивидуальной группы нет кода "
	    "приглашения: ученики попадают в неё по индивидуальному коду." };
	struct group		 g;
	char			 code[INVITE_CODE_LEN + 1];

	if (load_or_reply(r, &g) == -1)
		return 0;
	/* A code on an individual group would join no one (see /join). */
	if (strcmp(g.kind, "group") != 0)
		return render_group(r, 400, &g, &err);
	if (group_regenerate_code(r->arena, g.id, code) != 0)
		return resp_error(r, 503, db_down);
	return to_group(r, g.id, "code");
}

int
page_group_delete(struct req *r)
{
	struct group	 g;

	if (load_or_reply(r, &g) == -1)
		return 0;
	if (db_group_delete(r->arena, g.id) == -1)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/groups", "deleted");
}
