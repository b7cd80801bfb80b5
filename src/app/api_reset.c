/* Password reset, at the original's paths (/accounts/api/password-reset/...):
 * request a link by email, check a link, set a new password with it. The
 * request answers the same whatever the address. Errors carry "error". */
#include "autoconf.h"

#include <string.h>

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

#define SENT	"Если этот email зарегистрирован, мы отправили на него ссылку " \
		"для сброса пароля."

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
		return message(r, SENT);
	case 1:
		return api_throttled(r, retry);
	case ACCOUNT_INVALID:
		return resp_error(r, 400, "Укажите email.");
	default:
		return api_db_error(r);
	}
}

/* The n-th segment from the end of the path (0: the last), trailing slash
 * ignored. */
static const char *
segment_from_end(struct req *r, int n)
{
	const char	*p = r->path, *end = p + strlen(p), *s;

	if (end > p && end[-1] == '/')
		end--;
	for (;;) {
		for (s = end; s > p && s[-1] != '/'; s--)
			;
		if (n-- == 0)
			return arena_strndup(r->arena, s, (size_t)(end - s));
		if (s == p)
			return "";
		end = s - 1;
	}
}

int
api_reset_validate(struct req *r)
{
	struct json_object	*o;
	struct user		 u;
	int			 rc;

	rc = reset_check(r->arena, r->cfg, segment_from_end(r, 1),
	    segment_from_end(r, 0), &u);
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

/* The pages of the same: /password-reset (ask for a link) and
 * /reset-password/<uid>/<token> (the link: a new password). */
static int
render(struct req *r, int status, const char *tmpl, const char *title,
    const char *error, const char *notice)
{
	struct json_object	*ctx;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (error != NULL)
		json_add_str(ctx, "error", error);
	if (notice != NULL)
		json_add_str(ctx, "notice", notice);
	json_add_str(ctx, "action", r->path);
	return resp_html(r, status, tmpl, ctx, title);
}

int
page_reset_request(struct req *r)
{
	return render(r, 200, "auth/reset_request", "Сброс пароля", NULL, NULL);
}

int
page_reset_request_post(struct req *r)
{
	const char	*email = req_form(r, "email");
	int64_t		 retry;

	switch (reset_request(r->arena, r->cfg, email, r->remote_addr, &retry)) {
	case 0:
		return render(r, 200, "auth/reset_request", "Сброс пароля", NULL,
		    SENT);
	case 1:
		render(r, 429, "auth/reset_request", "Сброс пароля",
		    arena_printf(r->arena, "Слишком много запросов. Попробуйте "
		    "снова через %lld с.", (long long)retry), NULL);
		resp_header(r, "Retry-After", arena_printf(r->arena, "%lld",
		    (long long)retry));
		return 0;
	case ACCOUNT_INVALID:
		return render(r, 400, "auth/reset_request", "Сброс пароля",
		    "Укажите email.", NULL);
	default:
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	}
}

int
page_reset_password(struct req *r)
{
	struct user	 u;

	switch (reset_check(r->arena, r->cfg, segment_from_end(r, 1),
	    segment_from_end(r, 0), &u)) {
	case 1:
		return render(r, 200, "auth/reset_password", "Новый пароль", NULL,
		    NULL);
	case 0:
		return render(r, 404, "auth/reset_password", "Новый пароль",
		    "Ссылка для сброса пароля недействительна или устарела.", NULL);
	default:
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	}
}

int
page_reset_password_post(struct req *r)
{
	struct actor	 who = auth_actor(r);
	const char	*pw = req_form(r, "password"), *pw2 = req_form(r,
			    "password2"), *msg = NULL;

	if (pw == NULL || pw[0] == '\0' || pw2 == NULL || strcmp(pw, pw2) != 0)
		return render(r, 400, "auth/reset_password", "Новый пароль",
		    "Введите новый пароль дважды, одинаково.", NULL);
	switch (reset_confirm(r->arena, r->cfg, &who, segment_from_end(r, 1),
	    segment_from_end(r, 0), pw, &msg)) {
	case 0:
		return resp_redirect(r, 303, "/login?done=reset");
	case ACCOUNT_INVALID:
		return render(r, 400, "auth/reset_password", "Новый пароль", msg,
		    NULL);
	default:
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	}
}
