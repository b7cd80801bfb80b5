/* Groups API: /api/groups/ (alias /schedule/api/groups/). */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "app/paging.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_group.h"
#include "domain/account.h"
#include "domain/approval.h"
#include "domain/group.h"
#include "domain/invite.h"

static int
owner_or_admin(const struct req *r, const struct group *g)
{
	return r->user->role == R_ADMIN || g->teacher_id == r->user->id;
}

/* The group of the path's {id} as the caller may see it; need_owner: only
 * its teacher (others who can see it get 403). -1 after an answer. */
static int
load_or_reply(struct req *r, struct group *g, int need_owner)
{
	int	 rc;

	if ((rc = db_group_get(r->arena, r->ids[0], g)) == -1)
		return api_db_error(r), -1;
	if (rc == 1 && (rc = group_access(r->arena, g, r->user->id,
	    r->user->role_name)) == -1)
		return api_db_error(r), -1;
	if (rc == 0 || rc == GROUP_HIDDEN)
		return resp_error(r, 404, "Not found."), -1;
	if (need_owner && rc != GROUP_OWNED)
		return resp_error(r, 403, "You do not have permission to perform "
		    "this action."), -1;
	return 0;
}

static int
reply_group(struct req *r, int status, int64_t id)
{
	struct group	 g;
	int		 rc;

	if ((rc = db_group_get(r->arena, id, &g)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, view_group(r->arena, &g, owner_or_admin(r, &g)));
}

/* The group list's cursors: ordered by (name, id). */
static const struct page_spec group_list = { .list = "groups", .key = "si" };

static void
group_key(const struct group *g, struct keyset_val k[2])
{
	k[0].s = g->name;
	k[0].i = 0;
	k[1].s = NULL;
	k[1].i = g->id;
}

int
api_groups_list(struct req *r)
{
	struct json_object	*a;
	struct keyset_val	 first[2], last[2];
	struct group		*g;
	struct page		 p;
	enum group_scope	 scope;
	int64_t			 total;
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &group_list, &p) == -1)
		return 0;
	scope = r->user->role == R_ADMIN ? SCOPE_ALL :
	    r->user->role == R_TEACHER ? SCOPE_TEACHER : SCOPE_MEMBER;
	if (db_group_page(r->arena, scope, r->user->id, &p.ks, &g, &nread) == -1 ||
	    db_group_count(r->arena, scope, r->user->id, &total) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(view_group(r->arena, &g[i],
		    owner_or_admin(r, &g[i]))));
	if (n > 0) {
		group_key(&g[from], first);
		group_key(&g[from + n - 1], last);
	}
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

static int
reply_invalid(struct req *r, const struct field_err *err)
{
	return input_field_error(r, err->field, err->msg);
}

/* An unapproved teacher (domain/approval.h) adds no student by id: 403
 * when ids (a new member set of group, 0: a new group) name anyone not a
 * member yet. 0 to go on, -1 after an answer. */
static int
may_add_or_reply(struct req *r, int64_t group, const int64_t *ids, size_t n)
{
	size_t	 i;
	int	 rc;

	if (n == 0)
		return 0;
	if ((rc = approval_trusted(r->arena, r->user->id)) == -1)
		return api_db_error(r), -1;
	for (i = 0; rc == 0 && i < n; i++) {
		if (group == 0 || (rc = db_group_is_member(r->arena, group,
		    ids[i])) == 0) {
			api_error2(r, 403, APPROVAL_ADD_MSG);
			return -1;
		}
		if (rc == -1)
			return api_db_error(r), -1;
	}
	return 0;
}

int
api_groups_create(struct req *r)
{
	struct json_object	*in;
	struct field_err	 err;
	const char		*name, *desc;
	int64_t			*ids, id;
	size_t			 n;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "name", &name) == -1 ||
	    input_str_or_reply(r, in, "description", &desc) == -1 ||
	    input_ids_or_reply(r, in, "student_ids", &ids, &n) == -1)
		return 0;
	if (name == NULL)
		return input_field_error(r, "name", "This field is required.");
	if (may_add_or_reply(r, 0, ids, n) == -1)
		return 0;
	/* teacher_id of the original is ignored: the owner is the caller. */
	rc = group_create(r->arena, r->user->id, name, desc ? desc : "", ids, n,
	    &id, &err);
	if (rc == ACCOUNT_INVALID)
		return reply_invalid(r, &err);
	if (rc != 0)
		return api_db_error(r);
	return reply_group(r, 201, id);
}

int
api_group_get(struct req *r)
{
	struct group	 g;

	if (load_or_reply(r, &g, 0) == -1)
		return 0;
	return resp_json(r, 200, view_group(r->arena, &g, owner_or_admin(r, &g)));
}

int
api_group_update(struct req *r)
{
	struct json_object	*in;
	struct field_err	 err;
	struct group		 g;
	const char		*name, *desc;
	int64_t			*ids;
	size_t			 n;
	int			 has_ids, rc;

	if (load_or_reply(r, &g, 1) == -1 || (in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "name", &name) == -1 ||
	    input_str_or_reply(r, in, "description", &desc) == -1 ||
	    (has_ids = input_ids_or_reply(r, in, "student_ids", &ids, &n)) == -1)
		return 0;
	if (strcmp(r->method, "PUT") == 0 && name == NULL)
		return input_field_error(r, "name", "This field is required.");
	if (has_ids && may_add_or_reply(r, g.id, ids, n) == -1)
		return 0;
	rc = group_update(r->arena, &g, name, desc, has_ids ? ids : NULL, n, &err);
	if (rc == ACCOUNT_INVALID)
		return reply_invalid(r, &err);
	if (rc != 0)
		return api_db_error(r);
	return reply_group(r, 200, g.id);
}

int
api_group_delete(struct req *r)
{
	struct group	 g;

	if (load_or_reply(r, &g, 1) == -1)
		return 0;
	if (db_group_delete(r->arena, g.id) == -1)
		return api_db_error(r);
	resp_json(r, 204, NULL);
	return 0;
}

static int
members(struct req *r, int add)
{
	struct json_object	*in;
	struct group		 g;
	int64_t			*ids;
	size_t			 n;

	if (load_or_reply(r, &g, 1) == -1 || (in = input_body_or_reply(r)) == NULL)
		return 0;
	switch (input_ids_or_reply(r, in, "student_ids", &ids, &n)) {
	case -1:
		return 0;
	case 0:
		return input_field_error(r, "student_ids", "This field is required.");
	}
	if (add && may_add_or_reply(r, g.id, ids, n) == -1)
		return 0;
	if ((add ? group_add_students(r->arena, g.id, ids, n) :
	    group_remove_students(r->arena, g.id, ids, n)) != 0)
		return api_db_error(r);
	return reply_group(r, 200, g.id);
}

int
api_group_add_students(struct req *r)
{
	return members(r, 1);
}

int
api_group_remove_students(struct req *r)
{
	return members(r, 0);
}

int
api_group_regenerate(struct req *r)
{
	struct json_object	*o;
	struct group		 g;
	char			 code[INVITE_CODE_LEN + 1];

	if (load_or_reply(r, &g, 1) == -1)
		return 0;
	/* Students reach an individual group by their own code only. */
	if (strcmp(g.kind, "group") != 0)
		return api_error2(r, 400, "У индивидуальной группы нет кода "
		    "приглашения.");
	if (group_regenerate_code(r->arena, g.id, code) != 0 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "invite_code", code);
	json_add_str(o, "message", "Код приглашения обновлён.");
	return resp_json(r, 200, o);
}

int
api_group_students(struct req *r)
{
	struct json_object	*o, *st;
	struct group		 g;

	if (load_or_reply(r, &g, 0) == -1)
		return 0;
	if ((o = view_group(r->arena, &g, 0)) == NULL ||
	    !json_object_object_get_ex(o, "students", &st))
		return api_db_error(r);
	return resp_json(r, 200, st);
}

/* Look a group code up, throttling guesses: 1 and *g, 0 after an answer. */
static int
find_code_or_reply(struct req *r, const char *raw, struct group *g)
{
	char	 code[INVITE_CODE_LEN + 1];
	int64_t	 retry;
	int	 rc;

	if ((rc = invite_throttled(r->arena, r->cfg, r->user->id, r->remote_addr,
	    &retry)) == -1)
		return api_db_error(r), 0;
	if (rc == 1)
		return api_throttled(r, retry), 0;
	rc = invite_code_normalize(raw, code) == -1 ? 0 :
	    db_group_by_code(r->arena, code, g);
	if (rc == -1)
		return api_db_error(r), 0;
	if (rc == 0 || strcmp(g->kind, "group") != 0) {
		if (invite_failed(r->arena, r->user->id, r->remote_addr) == -1)
			return api_db_error(r), 0;
		return api_error2(r, 404, "Группа с таким кодом не найдена."), 0;
	}
	return 1;
}

int
api_groups_preview(struct req *r)
{
	struct json_object	*o, *t;
	struct group		 g;
	const char		*code = req_query(r, "code");

	if (code == NULL || (code = str_trim_dup(r->arena, code)) == NULL ||
	    code[0] == '\0')
		return api_error2(r, 400, "Укажите код приглашения.");
	if (!find_code_or_reply(r, code, &g))
		return 0;
	if ((o = view_group(r->arena, &g, 0)) == NULL)
		return api_db_error(r);
	/* Who holds a code sees the group, not its members' addresses. */
	json_object_object_del(o, "students");
	json_object_object_del(o, "invite_code");
	t = json_object_new_object();
	json_add_str(t, "first_name", g.teacher_first);
	json_add_str(t, "last_name", g.teacher_last);
	json_object_object_add(o, "teacher", t);
	return resp_json(r, 200, o);
}

int
api_groups_join(struct req *r)
{
	struct json_object	*in, *o;
	struct group		 g;
	const char		*code;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "invite_code", &code) == -1)
		return 0;
	if (code == NULL || (code = str_trim_dup(r->arena, code)) == NULL ||
	    code[0] == '\0')
		return api_error2(r, 400, "Укажите код приглашения.");
	if (!find_code_or_reply(r, code, &g))
		return 0;
	if (r->user->role != R_STUDENT)
		return api_error2(r, 403, "Присоединиться к группе может только "
		    "ученик.");
	if ((rc = db_group_is_member(r->arena, g.id, r->user->id)) == -1)
		return api_db_error(r);
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	if (rc == 1) {
		json_add_str(o, "message", "Вы уже состоите в этой группе.");
		return resp_json(r, 200, o);
	}
	if (group_add_students(r->arena, g.id, &r->user->id, 1) != 0 ||
	    db_group_get(r->arena, g.id, &g) != 1)
		return api_db_error(r);
	json_add_str(o, "message", "Вы присоединились к группе.");
	json_object_object_add(o, "group", json_object_get(view_group(r->arena,
	    &g, 0)));
	return resp_json(r, 200, o);
}
