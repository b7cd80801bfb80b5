/* Chat API: conversations at the original's paths under /api/ and
 * /accounts/api/ (chats/, users/search/), PHASE2-3 §3.4. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_chat.h"
#include "app/input.h"
#include "app/paging.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db_chat.h"
#include "db/db_user.h"
#include "domain/chat.h"
#include "domain/chat_view.h"
#include "domain/realtime.h"

#define LIST_SIZE	50	/* chats a page by default ... */
#define LIST_SIZE_MAX	200	/* ... and at most */
#define SEARCH_MAX	20	/* users a search answers (the original's) */

struct chat_who
chat_caller(const struct req *r)
{
	struct chat_who	 w = { r->user->id, r->user->role_name, r->user->name };

	/* A name made of the email (no names given) is not shown to others. */
	if (w.name == NULL || (r->user->email != NULL &&
	    strcmp(w.name, r->user->email) == 0))
		w.name = "Пользователь";
	return w;
}

int
api_chat_fail(struct req *r, enum chat_rc rc, const struct field_err *err)
{
	switch (rc) {
	case CHAT_INVALID:
		if (err->field != NULL)
			return input_field_error(r, err->field, err->msg);
		return resp_error(r, 400, err->msg);
	case CHAT_FORBIDDEN:
		return resp_error(r, 403, err->msg ? err->msg :
		    "Вы не участник этого чата.");
	case CHAT_NOT_FOUND:
		return resp_error(r, 404, err->msg ? err->msg : "Not found.");
	case CHAT_NOT_ALLOWED:
		return resp_error(r, 405, err->msg);
	case CHAT_DB:
		return api_db_error(r);
	default:
		return resp_error(r, 500, "Internal server error");
	}
}

int
api_chat_load_or_reply(struct req *r, struct chat *c)
{
	int	 rc;

	if ((rc = db_chat_get(r->arena, r->ids[0], r->user->id, c)) == -1)
		return api_db_error(r), -1;
	if (rc == 0)
		return resp_error(r, 404, "Not found."), -1;
	return 0;
}

static struct chat_viewer
viewer(const struct req *r)
{
	struct chat_viewer	 v = { r->user->id, r->user->role != R_STUDENT };

	return v;
}

/* 200 (or status) with chat id as the caller sees it now. */
static int
reply_chat(struct req *r, int status, int64_t id)
{
	struct chat_viewer	 v = viewer(r);
	struct chat		 c;
	int			 rc;

	if ((rc = db_chat_get(r->arena, id, r->user->id, &c)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, chat_view(r->arena, &c, &v));
}

/* -- the list: most recent activity first, keyset pages (app/paging.c) -- */

static const char *const filters[] = { "all", "unread", "groups" };
static const char *const chat_args[] = { "filter", NULL };
static const struct page_spec chat_list = { "chat", "ii", chat_args, 0 };

/* The chat list's page size: LIST_SIZE unless asked, at most LIST_SIZE_MAX
 * (paging.c's default and bound are the other lists'). */
static void
chat_page_size(struct req *r, struct page *p)
{
	const char	*v = req_query(r, "page_size");
	int64_t		 n;

	if (v == NULL || str_to_i64(v, strlen(v), 1, INT64_MAX, &n) == -1)
		p->size = LIST_SIZE;
	else if (p->size > LIST_SIZE_MAX)
		p->size = LIST_SIZE_MAX;
	p->offset = (p->number - 1) * p->size;
	if (p->ks.dir == KEYSET_FIRST)
		p->ks.offset = p->offset;
	p->ks.limit = p->size + 1;
}

int
api_chats_list(struct req *r)
{
	struct chat_viewer	 v = viewer(r);
	struct json_object	*a;
	struct keyset_val	 first[2], last[2];
	struct chat		*c;
	struct page		 p;
	enum chat_filter	 f = CHAT_ALL;
	const char		*fv;
	int64_t			 total;
	size_t			 i, nread, from, n;

	if ((fv = req_query(r, "filter")) != NULL && *fv != '\0') {
		for (i = 0; i < 3 && strcmp(fv, filters[i]) != 0; i++)
			;
		if (i == 3)
			return input_field_error(r, "filter", "Выберите all, unread "
			    "или groups.");
		f = (enum chat_filter)i;
	}
	if (paging_keyset_or_reply(r, &chat_list, &p) == -1)
		return 0;
	chat_page_size(r, &p);
	if (db_chat_page(r->arena, r->user->id, f, &p.ks, &c, &nread) == -1 ||
	    db_chat_count(r->arena, r->user->id, f, &total) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(chat_view(r->arena, &c[i],
		    &v)));
	memset(first, 0, sizeof(first));
	memset(last, 0, sizeof(last));
	if (n > 0) {
		first[0].i = c[from].last_message_id;
		first[1].i = c[from].id;
		last[0].i = c[from + n - 1].last_message_id;
		last[1].i = c[from + n - 1].id;
	}
	realtime_seen(r->arena, r->user->id);
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

int
api_chats_unread(struct req *r)
{
	struct json_object	*o;
	int64_t			*chat, *count, total;
	size_t			 n;

	if (db_chat_unread(r->arena, r->user->id, &chat, &count, &n, &total) == -1 ||
	    (o = chat_view_unread(r->arena, chat, count, n, total)) == NULL)
		return api_db_error(r);
	realtime_seen(r->arena, r->user->id);
	return resp_json(r, 200, o);
}

int
api_chats_create_private(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	struct field_err	 err = { NULL, NULL };
	enum chat_rc		 rc;
	int64_t			 user, id;
	int			 has;

	if ((in = input_body_or_reply(r)) == NULL ||
	    (has = input_pk_or_reply(r, in, "user_id", &user)) == -1)
		return 0;
	if (has == 0)
		return resp_error(r, 400, "user_id обязателен");
	rc = chat_open_private(r->arena, &who, user, &id, &err);
	if (rc != CHAT_OK && rc != CHAT_CREATED)
		return api_chat_fail(r, rc, &err);
	return reply_chat(r, rc == CHAT_CREATED ? 201 : 200, id);
}

int
api_chats_create_group(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	struct field_err	 err = { NULL, NULL };
	const char		*name;
	int64_t			*ids, group, id;
	size_t			 n;
	enum chat_rc		 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "name", &name) == -1 ||
	    input_ids_or_reply(r, in, "participant_ids", &ids, &n) == -1 ||
	    input_pk_or_reply(r, in, "group_id", &group) == -1)
		return 0;
	/* POST chats/ named the group "group", as the original's model did. */
	if (group == 0 && input_pk_or_reply(r, in, "group", &group) == -1)
		return 0;
	rc = chat_create_group(r->arena, &who, name, group, ids, n, &id, &err);
	if (rc != CHAT_CREATED)
		return api_chat_fail(r, rc, &err);
	return reply_chat(r, 201, id);
}

int
api_chat_get(struct req *r)
{
	struct chat_viewer	 v = viewer(r);
	struct chat		 c;

	if (api_chat_load_or_reply(r, &c) == -1)
		return 0;
	return resp_json(r, 200, chat_view(r->arena, &c, &v));
}

int
api_chat_update(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	const char		*name;
	enum chat_rc		 rc;
	int			 ro = -1, has;

	if (api_chat_load_or_reply(r, &c) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "name", &name) == -1 ||
	    (has = input_bool_or_reply(r, in, "is_readonly", &ro)) == -1)
		return 0;
	if (has == 0)
		ro = -1;
	if ((rc = chat_update(r->arena, &who, &c, name, ro, &err)) != CHAT_OK)
		return api_chat_fail(r, rc, &err);
	return reply_chat(r, 200, c.id);
}

int
api_chat_delete(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	enum chat_rc		 rc;

	if (api_chat_load_or_reply(r, &c) == -1)
		return 0;
	if ((rc = chat_delete(r->arena, &who, &c, &err)) != CHAT_OK) {
		if (rc == CHAT_NOT_ALLOWED)
			resp_header(r, "Allow", "GET, PUT, PATCH");
		return rc == CHAT_NOT_ALLOWED ? resp_error(r, 405, "Method "
		    "\"DELETE\" not allowed.") : api_chat_fail(r, rc, &err);
	}
	return resp_text(r, 204, NULL, "", 0);
}

int
api_chat_add_participants(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	int64_t			*ids;
	size_t			 n;
	enum chat_rc		 rc;

	if (api_chat_load_or_reply(r, &c) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    input_ids_or_reply(r, in, "participant_ids", &ids, &n) == -1)
		return 0;
	if ((rc = chat_add_members(r->arena, &who, &c, ids, n, &err)) != CHAT_OK)
		return api_chat_fail(r, rc, &err);
	return reply_chat(r, 200, c.id);
}

int
api_chat_remove_participant(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	int64_t			 user;
	enum chat_rc		 rc;
	int			 has;

	if (api_chat_load_or_reply(r, &c) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    (has = input_pk_or_reply(r, in, "user_id", &user)) == -1)
		return 0;
	if (has == 0)
		return resp_error(r, 400, "user_id обязателен");
	if ((rc = chat_remove_member(r->arena, &who, &c, user, &err)) != CHAT_OK)
		return api_chat_fail(r, rc, &err);
	return reply_chat(r, 200, c.id);
}

int
api_chat_leave(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	enum chat_rc		 rc;

	if (api_chat_load_or_reply(r, &c) == -1)
		return 0;
	if ((rc = chat_leave(r->arena, &who, &c, &err)) != CHAT_OK)
		return api_chat_fail(r, rc, &err);
	return resp_text(r, 204, NULL, "", 0);
}

int
api_chat_mute_member(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in, *o, *v;
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	const char		*until;
	int64_t			 user, minutes = 0;
	enum chat_rc		 rc;
	int			 has;

	if (api_chat_load_or_reply(r, &c) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    (has = input_pk_or_reply(r, in, "user_id", &user)) == -1)
		return 0;
	if (has == 0)
		return input_field_error(r, "user_id", "This field is required.");
	/* minutes: a whole number of minutes, or null to unmute. */
	if (json_object_object_get_ex(in, "minutes", &v) && v != NULL &&
	    (input_int_or_reply(r, in, "minutes", &minutes) == -1 ||
	    minutes < 1 || minutes > CHAT_MUTE_MAX)) {
		if (r->status == 0)
			input_field_error(r, "minutes", "От 1 до 525600 минут или "
			    "null, чтобы снять запрет.");
		return 0;
	}
	rc = chat_mute(r->arena, &who, &c, user, minutes, &until, &err);
	if (rc != CHAT_OK)
		return api_chat_fail(r, rc, &err);
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "status", "success");
	json_add_int(o, "user_id", user);
	json_add_str(o, "muted_until", dt_iso(r->arena, until));
	return resp_json(r, 200, o);
}

int
api_chat_typing(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	struct chat		 c;
	const char		*op;
	enum chat_rc		 rc;

	if (api_chat_load_or_reply(r, &c) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "op", &op) == -1)
		return 0;
	if (op == NULL || (strcmp(op, "start") != 0 && strcmp(op, "stop") != 0))
		return input_field_error(r, "op", "Ожидается \"start\" или "
		    "\"stop\".");
	if ((rc = chat_typing(r->arena, &who, &c, strcmp(op, "start") == 0)) ==
	    CHAT_DB)
		return api_db_error(r);
	return resp_text(r, 204, NULL, "", 0);
}

/* -- users one may message ------------------------------------------- */

/* {"id","username_handle","first_name","last_name","role"}: no email,
 * phone or birth date (the original showed them to everyone). */
static struct json_object *
user_item(struct arena *a, const struct user *u, const char *handle)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", u->id);
	json_add_str(o, "username_handle", handle);
	json_add_str(o, "first_name", u->first_name);
	json_add_str(o, "last_name", u->last_name);
	json_add_str(o, "role", u->role);
	return o;
}

int
api_users_search(struct req *r)
{
	struct json_object	*o, *a;
	struct user		*u;
	const char		**handle, *q = req_query(r, "q");
	size_t			 i, n = 0;

	if ((o = json_new_object(r->arena)) == NULL ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	if (q != NULL && (q = str_trim_dup(r->arena, q)) == NULL)
		return api_db_error(r);
	/* As the original: no query, nobody. */
	if (q != NULL && q[0] != '\0' && db_chat_reach_search(r->arena,
	    r->user->id, r->user->role_name, (r->cfg->chat_student_dm != 0), q,
	    SEARCH_MAX, &u, &handle, &n) == -1)
		return api_db_error(r);
	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_get(user_item(r->arena, &u[i],
		    handle[i])));
	json_add_int(o, "count", (int64_t)n);
	json_add_null(o, "next");
	json_add_null(o, "previous");
	json_object_object_add(o, "results", json_object_get(a));
	return resp_json(r, 200, o);
}

int
api_users_search_one(struct req *r)
{
	struct user	 u;
	const char	*handle;
	int		 rc;

	if ((rc = db_chat_reachable(r->arena, r->user->id, r->user->role_name,
	    r->cfg->chat_student_dm != 0, r->ids[0])) == -1 ||
	    (rc == 1 && (rc = db_chat_user(r->arena, r->ids[0], &u,
	    &handle)) == -1))
		return api_db_error(r);
	if (rc == 0)
		return resp_error(r, 404, "Not found.");
	return resp_json(r, 200, user_item(r->arena, &u, handle));
}
