/* The JWT API: registration, sign-in, refresh, verify, logout. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/approval.h"

/* The exact text the original frontend looks for. */
#define BAD_CREDENTIALS	"No active account found with the given credentials"

int
api_register(struct req *r)
{
	struct json_object	*in, *o;
	struct account_new	 n = { 0 };
	struct field_err	 err;
	struct user		 u;
	const char		*birth;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "email", &n.email) == -1 ||
	    input_str_or_reply(r, in, "password", &n.password) == -1 ||
	    input_str_or_reply(r, in, "role", &n.role) == -1 ||
	    input_str_or_reply(r, in, "first_name", &n.first_name) == -1 ||
	    input_str_or_reply(r, in, "last_name", &n.last_name) == -1 ||
	    input_str_or_reply(r, in, "middle_name", &n.middle_name) == -1 ||
	    input_str_or_reply(r, in, "birth_date", &birth) == -1)
		return 0;
	if (n.role == NULL)
		n.role = "student";
	n.first_name = n.first_name ? n.first_name : "";
	n.last_name = n.last_name ? n.last_name : "";
	n.middle_name = n.middle_name ? n.middle_name : "";
	n.birth_date = birth != NULL && birth[0] != '\0' ? birth : NULL;
	n.pending = approval_pending(n.role);
	if ((rc = account_register(r->arena, &n, &u, &err)) == ACCOUNT_DB)
		return api_db_error(r);
	if (rc == ACCOUNT_INVALID)
		return resp_error(r, 400, err.msg);
	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "detail", "Регистрация прошла успешно.");
	json_add_int(o, "user_id", u.id);
	json_add_str(o, "email", u.email);
	json_add_str(o, "role", u.role);
	return resp_json(r, 201, o);
}

/* {"<field>": ["This field is required."]} for each missing field. */
static int
required(struct req *r, const char **names, const char **vals, size_t n)
{
	struct json_object	*o = NULL, *a;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (vals[i] != NULL && vals[i][0] != '\0')
			continue;
		if (o == NULL && (o = json_new_object(r->arena)) == NULL)
			return resp_error(r, 400, "This field is required."), -1;
		a = json_object_new_array();
		json_object_array_add(a, json_object_new_string(vals[i] == NULL ?
		    "This field is required." : "This field may not be blank."));
		json_object_object_add(o, names[i], a);
	}
	if (o == NULL)
		return 0;
	resp_json(r, 400, o);
	return -1;
}

static int
send_tokens(struct req *r, const struct tokens *t)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "refresh", t->refresh);
	json_add_str(o, "access", t->access);
	return resp_json(r, 200, o);
}

int
api_token(struct req *r)
{
	static const char	*names[] = { "email", "password" };
	struct json_object	*in;
	const char		*v[2];
	struct user		 u;
	struct tokens		 t;
	int64_t			 retry;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "email", &v[0]) == -1 ||
	    input_str_or_reply(r, in, "password", &v[1]) == -1 ||
	    required(r, names, v, 2) == -1)
		return 0;
	switch (account_sign_in(r->arena, r->cfg, v[0], v[1], r->remote_addr,
	    &u, &retry)) {
	case SIGNIN_OK:
		break;
	case SIGNIN_BAD:
		return resp_error(r, 401, BAD_CREDENTIALS);
	case SIGNIN_THROTTLED:
		return api_throttled(r, retry);
	case SIGNIN_ERROR:
		return api_db_error(r);
	}
	if (account_tokens(r->arena, r->cfg, &u, &t) != 0)
		return api_db_error(r);
	return send_tokens(r, &t);
}

static int
token_error(struct req *r, const char *detail)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 401, detail);
	json_add_str(o, "detail", detail);
	json_add_str(o, "code", "token_not_valid");
	return resp_json(r, 401, o);
}

int
api_token_refresh(struct req *r)
{
	static const char	*names[] = { "refresh" };
	struct json_object	*in;
	const char		*v[1];
	struct tokens		 t;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "refresh", &v[0]) == -1 ||
	    required(r, names, v, 1) == -1)
		return 0;
	switch (account_refresh(r->arena, r->cfg, v[0], &t)) {
	case REFRESH_OK:
		return send_tokens(r, &t);
	case REFRESH_BLACKLISTED:
		return token_error(r, "Token is blacklisted");
	case REFRESH_INVALID:
		return token_error(r, "Token is invalid or expired");
	case REFRESH_ERROR:
		break;
	}
	return api_db_error(r);
}

int
api_token_verify(struct req *r)
{
	static const char	*names[] = { "token" };
	struct json_object	*in;
	const char		*v[1];

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "token", &v[0]) == -1 ||
	    required(r, names, v, 1) == -1)
		return 0;
	if (!account_token_valid(r->arena, r->cfg, v[0])) {
		if (db_last_error() == DB_ERR_DOWN)
			return api_db_error(r);
		return token_error(r, "Token is invalid or expired");
	}
	return resp_json(r, 200, NULL);
}

int
api_logout(struct req *r)
{
	struct json_object	*in, *o;
	const char		*refresh, *msg = NULL;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "refresh", &refresh) == -1)
		return 0;
	if (refresh == NULL || refresh[0] == '\0')
		return resp_error(r, 400, "refresh token required");
	if ((rc = account_logout(r->arena, r->cfg, r->user->id, refresh,
	    &msg)) == ACCOUNT_DB)
		return api_db_error(r);
	if (rc == ACCOUNT_INVALID)
		return resp_error(r, 400, msg);
	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "detail", "Logged out (refresh token blacklisted)");
	return resp_json(r, 200, o);
}
