/* Individual invite codes API: /api/individual-invite-codes/. */
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
#include "db/db_invite.h"
#include "domain/account.h"
#include "domain/invite.h"

/* The code of the path's {id} if the caller may see it: its teacher, the
 * student who used it, an admin. -1 after an answer. */
static int
load_or_reply(struct req *r, int64_t id, struct icode *c)
{
	int	 rc;

	if ((rc = db_icode_get(r->arena, id, c)) == -1)
		return api_db_error(r), -1;
	if (rc == 0 || !(r->user->role == R_ADMIN || c->teacher_id == r->user->id ||
	    c->used_by == r->user->id))
		return api_error2(r, 404, "Not found."), -1;
	return 0;
}

static int
reply_code(struct req *r, int status, int64_t id)
{
	struct icode	 c;
	int		 rc;

	if ((rc = db_icode_get(r->arena, id, &c)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, view_icode(r->arena, &c));
}

/* The code list's cursors: newest first by (created_at or used_at, id). */
static const struct page_spec icode_list = { .list = "invite-codes",
    .key = "si" };

int
api_invites_list(struct req *r)
{
	struct json_object	*a;
	struct keyset_val	 first[2], last[2];
	struct icode		*c;
	struct page		 p;
	enum icode_scope	 scope;
	int64_t			 total;
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &icode_list, &p) == -1)
		return 0;
	scope = r->user->role == R_ADMIN ? ICODE_ALL :
	    r->user->role == R_TEACHER ? ICODE_TEACHER : ICODE_USED_BY;
	if (db_icode_page(r->arena, scope, r->user->id, &p.ks, &c, &nread) == -1 ||
	    db_icode_count(r->arena, scope, r->user->id, &total) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(view_icode(r->arena, &c[i])));
	if (n > 0) {
		first[0].s = scope == ICODE_USED_BY ? c[from].used_at :
		    c[from].created_at;
		last[0].s = scope == ICODE_USED_BY ? c[from + n - 1].used_at :
		    c[from + n - 1].created_at;
		first[1].s = last[1].s = NULL;
		first[1].i = c[from].id;
		last[1].i = c[from + n - 1].id;
	}
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

/* "2026-12-01T10:00:00Z" or with an offset, to a UTC DATETIME string in
 * the future; NULL after a 400. */
static const char *
expiry_or_reply(struct req *r, const char *s)
{
	const char	*db = dt_parse_iso_to_db(r->arena, s);

	if (db == NULL || strcmp(db, dt_now_db(r->arena)) <= 0) {
		api_error2(r, 400, "Срок действия: будущая дата и время в "
		    "формате ISO 8601.");
		return NULL;
	}
	return db;
}

int
api_invites_create(struct req *r)
{
	struct json_object	*in, *v;
	const char		*subject, *expires = NULL, *problem;
	int64_t			 max_uses = 1, id;

	if (r->user->role != R_TEACHER)
		return api_error2(r, 403, "Создавать коды может только преподаватель.");
	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "subject", &subject) == -1 ||
	    input_str_or_reply(r, in, "expires_at", &expires) == -1)
		return 0;
	if (subject == NULL || (problem = invite_subject_problem(subject)) != NULL)
		return api_error2(r, 400, subject ? problem : "Укажите предмет.");
	if (json_object_object_get_ex(in, "max_uses", &v) && v != NULL) {
		if (!json_object_is_type(v, json_type_int) ||
		    (max_uses = json_object_get_int64(v)) < 1 || max_uses > 1000)
			return api_error2(r, 400, "max_uses: целое число от 1 до 1000.");
	}
	if (expires != NULL && expires[0] != '\0' &&
	    (expires = expiry_or_reply(r, expires)) == NULL)
		return 0;
	if (expires != NULL && expires[0] == '\0')
		expires = NULL;
	if (invite_create(r->arena, r->user->id, subject, max_uses, expires,
	    &id) != 0)
		return api_db_error(r);
	return reply_code(r, 201, id);
}

int
api_invite_get(struct req *r)
{
	struct icode	 c;

	if (load_or_reply(r, r->ids[0], &c) == -1)
		return 0;
	return resp_json(r, 200, view_icode(r->arena, &c));
}

int
api_invite_update(struct req *r)
{
	struct json_object	*in;
	struct icode		 c;
	const char		*subject, *msg = NULL;
	int			 rc;

	if (load_or_reply(r, r->ids[0], &c) == -1)
		return 0;
	if (c.teacher_id != r->user->id)
		return api_error2(r, 403, "Изменять код может только его автор.");
	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "subject", &subject) == -1)
		return 0;
	if (subject == NULL)
		return reply_code(r, 200, c.id);
	if ((rc = invite_rename(r->arena, c.id, subject, &msg)) == ACCOUNT_DB)
		return api_db_error(r);
	if (rc == ACCOUNT_INVALID)
		return api_error2(r, 400, msg);
	return reply_code(r, 200, c.id);
}

int
api_invite_delete(struct req *r)
{
	struct icode	 c;
	int		 rc;

	if (load_or_reply(r, r->ids[0], &c) == -1)
		return 0;
	if (c.teacher_id != r->user->id && r->user->role != R_ADMIN)
		return api_error2(r, 403, "Удалить код может только его автор.");
	if ((rc = db_icode_delete(r->arena, c.id)) == -1)
		return api_db_error(r);
	if (rc == 0)
		return api_error2(r, 400, "Код уже использован: удалить его нельзя.");
	return resp_json(r, 204, NULL);
}

int
api_invites_regenerate(struct req *r)
{
	struct json_object	*in, *v, *o;
	struct icode		 c;
	int64_t			 id;
	int			 rc;

	if (r->user->role != R_TEACHER)
		return api_error2(r, 403, "Обновлять коды может только преподаватель.");
	if ((in = input_body_or_reply(r)) == NULL)
		return 0;
	if (!json_object_object_get_ex(in, "id", &v) || v == NULL)
		return api_error2(r, 400, "Укажите id кода.");
	if (json_object_is_type(v, json_type_int))
		id = json_object_get_int64(v);
	else if (!json_object_is_type(v, json_type_string) ||
	    str_to_i64(json_object_get_string(v), (size_t)json_object_get_string_len(v),
	    1, INT64_MAX, &id) == -1)
		return api_error2(r, 400, "id: целое число.");
	if ((rc = db_icode_get(r->arena, id, &c)) == -1)
		return api_db_error(r);
	if (rc == 0 || c.teacher_id != r->user->id)
		return api_error2(r, 404, "Код не найден.");
	if ((rc = invite_regenerate(r->arena, c.id)) < 0)
		return api_db_error(r);
	if (rc == 0)
		return api_error2(r, 400, "Код уже использован: обновить его нельзя.");
	if (db_icode_get(r->arena, c.id, &c) != 1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "message", "Код обновлён.");
	json_object_object_add(o, "code", json_object_get(view_icode(r->arena, &c)));
	return resp_json(r, 200, o);
}

/* Find a code by what the user typed, throttling guesses. 1 and *c, 0
 * after an answer (400 missing, 429, 404 unknown). */
static int
find_or_reply(struct req *r, const char *raw, struct icode *c)
{
	char	 code[INVITE_CODE_LEN + 1];
	int64_t	 retry;
	int	 rc;

	if (raw == NULL || (raw = str_trim_dup(r->arena, raw)) == NULL ||
	    raw[0] == '\0')
		return api_error2(r, 400, "Укажите код приглашения."), 0;
	if ((rc = invite_throttled(r->arena, r->cfg, r->user->id, r->remote_addr,
	    &retry)) == -1)
		return api_db_error(r), 0;
	if (rc == 1)
		return api_throttled(r, retry), 0;
	rc = invite_code_normalize(raw, code) == -1 ? 0 :
	    db_icode_by_code(r->arena, code, c);
	if (rc == -1)
		return api_db_error(r), 0;
	if (rc == 0) {
		if (invite_failed(r->arena, r->user->id, r->remote_addr) == -1)
			return api_db_error(r), 0;
		return api_error2(r, 404, "Код приглашения не найден."), 0;
	}
	return 1;
}

int
api_invites_preview(struct req *r)
{
	struct icode	 c;

	if (!find_or_reply(r, req_query(r, "code"), &c))
		return 0;
	if (invite_used_up(&c))
		return api_error2(r, 400, c.expired ? "Срок действия кода истёк." :
		    "Этот код уже использован.");
	return resp_json(r, 200, view_icode(r->arena, &c));
}

int
api_invites_join(struct req *r)
{
	struct json_object	*in, *o, *t;
	struct icode		 c;
	const char		*raw;
	int64_t			 group;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "invite_code", &raw) == -1)
		return 0;
	if (raw == NULL || (raw = str_trim_dup(r->arena, raw)) == NULL ||
	    raw[0] == '\0')
		return api_error2(r, 400, "Укажите код приглашения.");
	if (r->user->role != R_STUDENT)
		return api_error2(r, 403, "Присоединиться по коду может только ученик.");
	if (!find_or_reply(r, raw, &c))
		return 0;
	if (invite_used_up(&c))
		return api_error2(r, 400, c.expired ? "Срок действия кода истёк." :
		    "Этот код уже использован.");
	switch (invite_join(r->arena, &c, r->user->id, &group)) {
	case JOIN_OK:
		break;
	case JOIN_USED:
		return api_error2(r, 400, "Этот код уже использован.");
	case JOIN_ALREADY:
		return api_error2(r, 400, "Вы уже использовали этот код.");
	case JOIN_ERROR:
		return api_db_error(r);
	}
	if (db_icode_get(r->arena, c.id, &c) != 1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "message", arena_printf(r->arena, "Вы записаны к "
	    "преподавателю на предмет «%s».", c.subject));
	json_object_object_add(o, "code", json_object_get(view_icode(r->arena, &c)));
	t = json_object_new_object();
	json_add_int(t, "id", c.teacher_id);
	json_add_str(t, "email", c.teacher_email);
	json_add_str(t, "first_name", c.teacher_first);
	json_add_str(t, "last_name", c.teacher_last);
	json_object_object_add(o, "teacher", t);
	json_add_int(o, "group_id", group);
	return resp_json(r, 200, o);
}
