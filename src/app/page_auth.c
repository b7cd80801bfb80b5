/* Pages: sign in, register, sign out, profile, password reset. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "crypto/hash.h"
#include "db/db.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/approval.h"
#include "domain/reset.h"
#include "domain/verify.h"

const char *
page_dashboard_path(unsigned role)
{
	switch (role) {
	case R_TEACHER:
		return "/teacher/";
	case R_ADMIN:
		return "/admin/";
	default:
		return "/student/";
	}
}

/* Only local paths: "/x", never "//host" or "/\host". */
static const char *
safe_next(const char *next)
{
	return resp_local_path(next) ? next : NULL;
}

static int
render_login(struct req *r, int status, const char *email, const char *error)
{
	struct json_object	*ctx;
	const char		*next = safe_next(req_query(r, "next")), *done;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (next == NULL)
		next = safe_next(req_form(r, "next"));
	json_add_str(ctx, "email", email);
	if (next != NULL)
		json_add_str(ctx, "next", next);
	if (error != NULL)
		json_add_str(ctx, "error", error);
	else if ((done = req_query(r, "done")) != NULL && strcmp(done, "reset") == 0)
		json_add_str(ctx, "notice", "Пароль изменён. Войдите с новым паролем.");
	return resp_html(r, status, "auth/login", ctx, "Вход");
}

int
page_login(struct req *r)
{
	if (r->user != NULL)
		return resp_redirect(r, 303, page_dashboard_path(r->user->role));
	return render_login(r, 200, "", NULL);
}

int
page_login_post(struct req *r)
{
	const char	*email = req_form_text(r, "email"), *next;
	struct user	 u;
	int64_t		 retry;

	if (email[0] == '\0' || req_form_text(r, "password")[0] == '\0')
		return render_login(r, 400, email, "Введите email и пароль.");
	switch (account_sign_in(r->arena, r->cfg, email, req_form_text(r, "password"),
	    r->remote_addr, &u, &retry)) {
	case SIGNIN_OK:
		break;
	case SIGNIN_BAD:
		return render_login(r, 401, email, "Неверный email или пароль.");
	case SIGNIN_THROTTLED:
		render_login(r, 429, email, arena_printf(r->arena, "Слишком много "
		    "неудачных попыток. Попробуйте снова через %lld с.",
		    (long long)retry));
		resp_header(r, "Retry-After", arena_printf(r->arena, "%lld",
		    (long long)retry));
		return 0;
	case SIGNIN_ERROR:
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	}
	if (auth_session_start(r, &u) == -1)
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	if ((next = safe_next(req_form(r, "next"))) == NULL)
		next = page_dashboard_path(r->user->role);
	return resp_redirect(r, 303, next);
}

static int
render_register(struct req *r, int status, const struct field_err *err)
{
	static const char	*keep[] = { "email", "first_name", "last_name" };
	struct json_object	*ctx, *errors, *vals;
	const char		*role = req_form_text(r, "role");
	size_t			 i;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	vals = json_object_new_object();
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		json_add_str(vals, keep[i], req_form_text(r, keep[i]));
	json_object_object_add(ctx, "values", vals);
	json_add_bool(ctx, "role_teacher", strcmp(role, "teacher") == 0);
	if (err != NULL) {
		errors = json_object_new_object();
		json_add_str(errors, err->field, err->msg);
		json_object_object_add(ctx, "errors", errors);
	}
	return resp_html(r, status, "auth/register", ctx, "Регистрация");
}

int
page_register(struct req *r)
{
	if (r->user != NULL)
		return resp_redirect(r, 303, page_dashboard_path(r->user->role));
	return render_register(r, 200, NULL);
}

int
page_register_post(struct req *r)
{
	struct account_new	 n = { 0 };
	struct field_err	 err;
	struct user		 u;
	int			 rc;

	n.email = req_form_text(r, "email");
	n.password = req_form_text(r, "password");
	n.role = req_form_text(r, "role");
	n.first_name = req_form_text(r, "first_name");
	n.last_name = req_form_text(r, "last_name");
	n.middle_name = "";
	n.pending = approval_pending(n.role);
	if (strcmp(n.password, req_form_text(r, "password2")) != 0) {
		err.field = "password2";
		err.msg = "Пароли не совпадают.";
		return render_register(r, 400, &err);
	}
	if ((rc = account_register(r->arena, &n, &u, &err)) == ACCOUNT_INVALID)
		return render_register(r, 400, &err);
	if (rc == ACCOUNT_DB || auth_session_start(r, &u) == -1)
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	return resp_redirect(r, 303, page_dashboard_path(r->user->role));
}

int
page_logout(struct req *r)
{
	if (r->user == NULL)
		return resp_redirect(r, 303, "/login");
	return resp_html(r, 200, "auth/logout", NULL, "Выход");
}

int
page_logout_post(struct req *r)
{
	auth_session_end(r);
	return resp_redirect(r, 303, "/login");
}

static int
render_profile(struct req *r, int status, const char *flash_kind,
    const char *flash, const struct field_err *err)
{
	struct json_object	*ctx, *p, *f, *errors;
	struct user		 u;
	int			 rc;

	if ((rc = db_user_by_id(r->arena, r->user->id, &u)) != 1)
		return resp_error(r, rc == -1 ? 503 : 404, rc == -1 ?
		    "База данных недоступна." : "Пользователь не найден.");
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	p = json_object_new_object();
	json_add_str(p, "email", u.email);
	json_add_str(p, "role", u.role);
	json_add_str(p, "first_name", u.first_name);
	json_add_str(p, "last_name", u.last_name);
	json_add_str(p, "middle_name", u.middle_name);
	json_add_str(p, "date_of_birth", u.date_of_birth ? u.date_of_birth : "");
	json_add_bool(p, "agreed_to_marketing", u.agreed_to_marketing);
	json_add_str(p, "created_at", u.created_at ? u.created_at : "");
	json_object_object_add(ctx, "profile", p);
	if (flash != NULL) {
		f = json_object_new_object();
		json_add_str(f, "kind", flash_kind);
		json_add_str(f, "text", flash);
		json_object_object_add(ctx, "flash", f);
	}
	if (err != NULL) {
		errors = json_object_new_object();
		json_add_str(errors, err->field, err->msg);
		json_object_object_add(ctx, "errors", errors);
	}
	return resp_html(r, status, "account/profile", ctx, "Профиль");
}

int
page_profile(struct req *r)
{
	return render_profile(r, 200, NULL, NULL, NULL);
}

int
page_profile_post(struct req *r)
{
	static const char	*names[] = { "first_name", "last_name", "middle_name" };
	struct field_err	 err;
	struct user		 u;
	const char		*birth = req_form_text(r, "date_of_birth");
	int64_t			 days;
	size_t			 i;
	int			 rc;

	if ((rc = db_user_by_id(r->arena, r->user->id, &u)) != 1)
		return resp_error(r, 503, "База данных недоступна.");
	for (i = 0; i < 3; i++)
		if (!account_name_ok(req_form_text(r, names[i]))) {
			err.field = names[i];
			err.msg = "Не длиннее 150 символов.";
			return render_profile(r, 400, NULL, NULL, &err);
		}
	if (birth[0] != '\0' && (dt_parse_date(birth, &days) == -1 ||
	    days >= dt_today())) {
		err.field = "date_of_birth";
		err.msg = "Прошедшая дата в формате ГГГГ-ММ-ДД.";
		return render_profile(r, 400, NULL, NULL, &err);
	}
	u.first_name = req_form_text(r, "first_name");
	u.last_name = req_form_text(r, "last_name");
	u.middle_name = req_form_text(r, "middle_name");
	u.date_of_birth = birth[0] ? birth : NULL;
	u.agreed_to_marketing = req_form(r, "agreed_to_marketing") != NULL;
	if (db_user_update_profile(r->arena, &u) == -1)
		return resp_error(r, 503, "База данных недоступна.");
	r->user->name = account_full_name(r->arena, &u);
	return render_profile(r, 200, "ok", "Профиль сохранён.", NULL);
}

int
page_password_post(struct req *r)
{
	struct password_change	 pc = { 0 };
	struct field_err	 err;
	const char		*msg = NULL;
	char			 keep[65], secs[24];
	int64_t			 retry;
	int			 rc;

	if (strcmp(req_form_text(r, "new_password"),
	    req_form_text(r, "new_password2")) != 0) {
		err.field = "new_password2";
		err.msg = "Пароли не совпадают.";
		return render_profile(r, 400, NULL, NULL, &err);
	}
	pc.user_id = r->user->id;
	pc.old = req_form_text(r, "old_password");
	pc.new_pw = req_form_text(r, "new_password");
	pc.ip = r->remote_addr;
	if (r->user->session != NULL) {
		hash_sha256_hex(r->user->session, strlen(r->user->session), keep);
		pc.keep_session = keep;
	}
	rc = account_change_password(r->arena, r->cfg, &pc, &retry, &msg);
	if (rc == ACCOUNT_DB)
		return resp_error(r, 503, "База данных недоступна.");
	if (rc == ACCOUNT_THROTTLED) {
		snprintf(secs, sizeof(secs), "%lld", (long long)retry);
		resp_error(r, 429, arena_printf(r->arena, "Слишком много неудачных "
		    "попыток. Попробуйте через %lld с.", (long long)retry));
		resp_header(r, "Retry-After", secs);
		return 0;
	}
	if (rc == ACCOUNT_INVALID) {
		err.field = "new_password";
		err.msg = msg;
		return render_profile(r, 400, NULL, NULL, &err);
	}
	return render_profile(r, 200, "ok", "Пароль изменён.", NULL);
}

/* Password reset: /password-reset (ask for a link) and
 * /reset-password/<uid>/<token> (the link: a new password). */
static int
render_reset(struct req *r, int status, const char *tmpl, const char *title,
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
	return render_reset(r, 200, "auth/reset_request", "Сброс пароля", NULL, NULL);
}

int
page_reset_request_post(struct req *r)
{
	const char	*email = req_form(r, "email");
	int64_t		 retry;

	switch (reset_request(r->arena, r->cfg, email, r->remote_addr, &retry)) {
	case 0:
		return render_reset(r, 200, "auth/reset_request", "Сброс пароля", NULL,
		    RESET_SENT);
	case 1:
		render_reset(r, 429, "auth/reset_request", "Сброс пароля",
		    arena_printf(r->arena, "Слишком много запросов. Попробуйте "
		    "снова через %lld с.", (long long)retry), NULL);
		resp_header(r, "Retry-After", arena_printf(r->arena, "%lld",
		    (long long)retry));
		return 0;
	case ACCOUNT_INVALID:
		return render_reset(r, 400, "auth/reset_request", "Сброс пароля",
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

	switch (reset_check(r->arena, r->cfg, input_path_name(r, "{uid}"),
	    input_path_name(r, "{token}"), &u)) {
	case 1:
		return render_reset(r, 200, "auth/reset_password", "Новый пароль", NULL,
		    NULL);
	case 0:
		return render_reset(r, 404, "auth/reset_password", "Новый пароль",
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
		return render_reset(r, 400, "auth/reset_password", "Новый пароль",
		    "Введите новый пароль дважды, одинаково.", NULL);
	switch (reset_confirm(r->arena, r->cfg, &who, input_path_name(r, "{uid}"),
	    input_path_name(r, "{token}"), pw, &msg)) {
	case 0:
		return resp_redirect(r, 303, "/login?done=reset");
	case ACCOUNT_INVALID:
		return render_reset(r, 400, "auth/reset_password", "Новый пароль", msg,
		    NULL);
	default:
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	}
}

/* The link of the verification email (/verify-email/<token>): the address
 * is verified, or the page says why not. */
int
page_verify_email(struct req *r)
{
	struct json_object	*ctx;
	const char		*email = NULL, *msg = NULL;
	enum verify_rc		 rc;

	rc = verify_token(r->arena, input_path_name(r, "{token}"), &email, &msg);
	if (rc == VERIFY_DB)
		return resp_error(r, 503, "База данных недоступна. Попробуйте чуть "
		    "позже.");
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (rc == VERIFY_OK)
		json_add_str(ctx, "email", email);
	else
		json_add_str(ctx, "error", msg ? msg : "Ссылка недействительна или "
		    "устарела.");
	return resp_html(r, rc == VERIFY_OK ? 200 : 400, "auth/verify_email", ctx,
	    "Подтверждение email");
}
