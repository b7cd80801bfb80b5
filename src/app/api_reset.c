/* Password reset, at the original's paths (/accounts/api/password-reset/...):
 * request a link by email, check a link, set a new password with it. The
 * request answers the same whatever the address. Errors carry "error".
 * The pages are in page_auth.c. */
#include "autoconf.h"

#include "app/app.h"
#include "app/auth.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/reset.h"

static int
message(struct req *r, const char *text)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "message", text);
	return resp_json(r, 200, o);
}

int
api_reset_request(struct req *r)
{
	struct json_object	*in;
	const char		*email;
	int64_t			 retry;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "email", &email) == -1)
		return 0;
	switch (reset_request(r->arena, r->cfg, email, r->remote_addr, &retry)) {
	case 0:
		return message(r, RESET_SENT);
	case 1:
		return api_throttled(r, retry);
	case ACCOUNT_INVALID:
		return resp_error(r, 400, "Укажите email.");
	default:
		return api_db_error(r);
	}
}

int
api_reset_validate(struct req *r)
{
	struct json_object	*o;
	struct user		 u;
	int			 rc;

	rc = reset_check(r->arena, r->cfg, input_path_name(r, "{uid}"),
	    input_path_name(r, "{token}"), &u);
	if (rc == -1 || (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_bool(o, "valid", rc == 1);
	if (rc == 1)
		json_add_str(o, "email", u.email);
	else
		json_add_str(o, "error", "Ссылка для сброса пароля недействительна "
		    "или устарела.");
	return resp_json(r, 200, o);
}

int
api_reset_confirm(struct req *r)
{
	struct json_object	*in;
	struct actor		 who = auth_actor(r);
	const char		*uid, *token, *pw, *msg = NULL;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "uid", &uid) == -1 ||
	    input_str_or_reply(r, in, "token", &token) == -1 ||
	    input_str_or_reply(r, in, "password", &pw) == -1)
		return 0;
	if (uid == NULL || token == NULL || pw == NULL || uid[0] == '\0' ||
	    token[0] == '\0' || pw[0] == '\0')
		return resp_error(r, 400, "Укажите uid, token и новый пароль.");
	switch (reset_confirm(r->arena, r->cfg, &who, uid, token, pw, &msg)) {
	case 0:
		return message(r, "Пароль изменён. Войдите с новым паролем.");
	case ACCOUNT_INVALID:
		return resp_error(r, 400, msg);
	default:
		return api_db_error(r);
	}
}
