/* The caller's own profile and password. */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/input.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db.h"
#include "db/db_user.h"
#include "domain/account.h"

#define AVATAR_MAX	(512 * 1024)	/* characters of a data URL or link */

/* The signed-in user's row, or NULL after an answer (401 when the account
 * is gone or deactivated since the token was issued). */
static int
load_me_or_reply(struct req *r, struct user *u)
{
	int	 rc;

	if ((rc = db_user_by_id(r->arena, r->user->id, u)) == -1) {
		api_db_error(r);
		return -1;
	}
	if (rc == 0 || !u->is_active)
		return auth_reply_user_gone(r, rc == 0);
	return 0;
}

int
api_me(struct req *r)
{
	struct user	 u;

	if (load_me_or_reply(r, &u) == -1)
		return 0;
	return resp_json(r, 200, view_user_profile(r->arena, &u));
}

/* A name field (first, last, middle). */
static int
name_or_reply(struct req *r, struct json_object *in, const char *key,
    const char **dst)
{
	const char	*v;
	int		 rc;

	if ((rc = input_str_or_reply(r, in, key, &v)) != 1)
		return rc;
	if (!account_name_ok(v))
		return input_field_error(r, key, "Не длиннее 150 символов."), -1;
	*dst = v;
	return 1;
}

int
api_me_update(struct req *r)
{
	struct json_object	*in, *v;
	struct user		 u;
	const char		*avatar, *birth;
	int64_t			 days;
	int			 b;

	if (load_me_or_reply(r, &u) == -1 || (in = input_body_or_reply(r)) == NULL)
		return 0;
	if (name_or_reply(r, in, "first_name", &u.first_name) == -1 ||
	    name_or_reply(r, in, "last_name", &u.last_name) == -1 ||
	    name_or_reply(r, in, "middle_name", &u.middle_name) == -1 ||
	    input_str_or_reply(r, in, "avatar", &avatar) == -1)
		return 0;
	if (avatar != NULL) {
		if (strlen(avatar) > AVATAR_MAX)
			return input_field_error(r, "avatar", "Изображение слишком "
			    "большое (не более 512 КБ).");
		u.avatar = avatar;
	}
	switch (input_bool_or_reply(r, in, "agreed_to_marketing", &b)) {
	case -1:
		return 0;
	case 1:
		u.agreed_to_marketing = b;
		break;
	}
	if (json_object_object_get_ex(in, "date_of_birth", &v)) {
		if (v == NULL)
			u.date_of_birth = NULL;
		else if (input_str_or_reply(r, in, "date_of_birth", &birth) == -1)
			return 0;
		else if (birth[0] == '\0')
			u.date_of_birth = NULL;
		else if (dt_parse_date(birth, &days) == -1 || days >= dt_today())
			return input_field_error(r, "date_of_birth", "Дата "
			    "рождения: прошедшая дата в формате ГГГГ-ММ-ДД.");
		else
			u.date_of_birth = birth;
	}
	if (db_user_update_profile(r->arena, &u) == -1 ||
	    db_user_by_id(r->arena, u.id, &u) != 1)
		return api_db_error(r);
	return resp_json(r, 200, view_user_profile(r->arena, &u));
}

int
api_change_password(struct req *r)
{
	struct password_change	 pc = { 0 };
	struct json_object	*in, *o;
	struct tokens		 t;
	struct user		 u;
	const char		*old, *pw, *msg = NULL;
	int64_t			 retry;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "old_password", &old) == -1 ||
	    input_str_or_reply(r, in, "new_password", &pw) == -1)
		return 0;
	if (old == NULL || pw == NULL || old[0] == '\0' || pw[0] == '\0')
		return resp_error(r, 400, "Укажите текущий и новый пароль.");
	pc.user_id = r->user->id;
	pc.old = old;
	pc.new_pw = pw;
	pc.ip = r->remote_addr;
	if ((rc = account_change_password(r->arena, r->cfg, &pc, &retry,
	    &msg)) == ACCOUNT_DB)
		return api_db_error(r);
	if (rc == ACCOUNT_THROTTLED)
		return api_throttled(r, retry);
	if (rc == ACCOUNT_INVALID)
		return resp_error(r, 400, msg);
	/* Every refresh token of the user is revoked: the caller gets a new
	 * pair to go on with (the original's clients ignore it and sign in
	 * again when their access token expires). */
	if (db_user_by_id(r->arena, r->user->id, &u) != 1 ||
	    account_tokens(r->arena, r->cfg, &u, &t) != 0 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "detail", "Пароль изменён. Другие входы в учётную "
	    "запись завершены.");
	json_add_str(o, "access", t.access);
	json_add_str(o, "refresh", t.refresh);
	return resp_json(r, 200, o);
}
