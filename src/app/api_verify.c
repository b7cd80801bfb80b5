/* Email verification at the original's paths (/accounts/api/email/...),
 * in its {"success", "message"} shape; errors also carry "detail". */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "domain/verify.h"

/* {"success": false, "message", "detail"} with status. Returns 0. */
static int
refuse(struct req *r, int status, const char *msg)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_bool(o, "success", 0);
	json_add_str(o, "message", msg);
	json_add_str(o, "detail", msg);
	return resp_json(r, status, o);
}

/* The answer to a failed step. */
static int
failed(struct req *r, enum verify_rc rc, const char *msg, int64_t retry)
{
	switch (rc) {
	case VERIFY_BAD:
		return refuse(r, 400, msg);
	case VERIFY_SLOW_DOWN:
		refuse(r, 429, msg);
		resp_header(r, "Retry-After", arena_printf(r->arena, "%lld",
		    (long long)(retry > 0 ? retry : 1)));
		return 0;
	case VERIFY_MAIL:
		return refuse(r, 503, msg);
	default:
		return api_db_error(r);
	}
}

int
api_verify_send(struct req *r)
{
	struct json_object	*in, *o;
	const char		*email, *expires = NULL, *msg = NULL;
	int64_t			 retry = 0;
	enum verify_rc		 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "email", &email) == -1)
		return 0;
	rc = verify_send(r->arena, r->cfg, email, r->remote_addr, &expires, &msg,
	    &retry);
	if (rc != VERIFY_OK)
		return failed(r, rc, msg, retry);
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_bool(o, "success", 1);
	json_add_str(o, "message", "Код подтверждения отправлен на email.");
	json_add_str(o, "expires_at", dt_iso(r->arena, expires));
	return resp_json(r, 200, o);
}

int
api_verify_code(struct req *r)
{
	struct json_object	*in, *o;
	const char		*email, *code, *token = NULL, *msg = NULL;
	enum verify_rc		 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "email", &email) == -1 ||
	    input_str_or_reply(r, in, "code", &code) == -1)
		return 0;
	if ((rc = verify_code(r->arena, email, code, &token, &msg)) != VERIFY_OK)
		return failed(r, rc, msg, 0);
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_bool(o, "success", 1);
	json_add_str(o, "message", "Email подтверждён.");
	json_add_str(o, "token", token);
	return resp_json(r, 200, o);
}

int
api_verify_token(struct req *r)
{
	struct json_object	*o;
	const char		*email = NULL, *msg = NULL;
	enum verify_rc		 rc;

	rc = verify_token(r->arena, input_path_name(r, "{token}"), &email, &msg);
	if (rc != VERIFY_OK)
		return failed(r, rc, msg, 0);
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_bool(o, "success", 1);
	json_add_str(o, "message", "Email подтверждён.");
	json_add_str(o, "email", email);
	return resp_json(r, 200, o);
}

int
api_verify_status(struct req *r)
{
	struct json_object	*in, *o;
	struct email_verif	 v;
	const char		*email;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "email", &email) == -1)
		return 0;
	if ((rc = verify_status(r->arena, email, &v)) == -1)
		return api_db_error(r);
	if (rc == 0)
		return refuse(r, 404, "Для этого email нет кода подтверждения.");
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_bool(o, "success", 1);
	json_add_bool(o, "is_verified", v.is_verified);
	json_add_bool(o, "is_expired", v.expired);
	json_add_int(o, "attempts", v.attempts);
	json_add_bool(o, "can_retry", !v.is_verified && !v.expired &&
	    v.attempts < VERIFY_ATTEMPTS);
	json_add_str(o, "expires_at", dt_iso(r->arena, v.expires_at));
	return resp_json(r, 200, o);
}
