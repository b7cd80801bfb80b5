/* Accounts: validation, registration, sign-in, tokens and passwords. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/log.h"
#include "core/str.h"
#include "crypto/jwt.h"
#include "crypto/pwhash.h"
#include "crypto/rand.h"
#include "db/db.h"
#include "db/db_auth.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/realtime.h"

#define NAME_MAX_CHARS	150
#define PASSWORD_MAX	1024	/* bytes: longer is a denial of service, not a password */
#define REFRESH_GRACE	30	/* seconds a rotated refresh token still works */

static const char *const roles[] = { "student", "teacher", "admin" };

static int
email_local_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    strchr("!#$%&'*+-/=?^_`{|}~.", c) != NULL;
}

const char *
account_email(struct arena *a, const char *in, const char **msg)
{
	const char	*s = in, *at, *p, *label;
	size_t		 n;
	char		*out;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0) {
		*msg = "Укажите email.";
		return NULL;
	}
	*msg = "Введите корректный email.";
	if (n > 254 || (out = arena_strndup(a, s, n)) == NULL)
		return NULL;
	for (p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*(char *)p = (char)(*p - 'A' + 'a');
	if ((at = strchr(out, '@')) == NULL || strchr(at + 1, '@') != NULL ||
	    at == out || at - out > 64 || out[0] == '.' || at[-1] == '.' ||
	    strstr(out, "..") != NULL)
		return NULL;
	for (p = out; p < at; p++)
		if (!email_local_char(*p))
			return NULL;
	/* The domain: dot-separated labels of [a-z0-9-], at least two. */
	for (label = p = at + 1; ; p++) {
		if (*p == '.' || *p == '\0') {
			if (p == label || p - label > 63 || *label == '-' ||
			    p[-1] == '-')
				return NULL;
			if (*p == '\0')
				break;
			label = p + 1;
		} else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return NULL;
	}
	if (label == at + 1 || p - label < 2)
		return NULL;
	*msg = NULL;
	return out;
}

const char *
account_password_problem(const char *pw, const char *email)
{
	mbstate_t	 st;
	size_t		 n, len = strlen(pw);
	const char	*s = pw;
	long		 chars;
	int		 upper = 0, lower = 0, digit = 0;
	wchar_t		 wc;

	if (len > PASSWORD_MAX)
		return "Пароль слишком длинный.";
	if ((chars = str_utf8_chars(pw)) == -1)
		return "Пароль содержит недопустимые символы.";
	if (chars < 8)
		return "Пароль должен содержать не менее 8 символов.";
	memset(&st, 0, sizeof(st));
	while (len > 0) {
		n = mbrtowc(&wc, s, len, &st);
		s += n;
		len -= n;
		if (iswdigit((wint_t)wc) || (wc >= L'0' && wc <= L'9'))
			digit = 1;
		else if (towlower((wint_t)wc) != (wint_t)wc)
			upper = 1;
		else if (towupper((wint_t)wc) != (wint_t)wc)
			lower = 1;
	}
	if (!upper)
		return "Пароль должен содержать хотя бы одну заглавную букву.";
	if (!lower)
		return "Пароль должен содержать хотя бы одну строчную букву.";
	if (!digit)
		return "Пароль должен содержать хотя бы одну цифру.";
	if (email != NULL && strcasecmp(pw, email) == 0)
		return "Пароль не должен совпадать с email.";
	return NULL;
}

const char *
account_full_name(struct arena *a, const struct user *u)
{
	return account_name_of(a, u->last_name, u->first_name, u->middle_name,
	    u->email);
}

const char *
account_name_of(struct arena *a, const char *last, const char *first,
    const char *middle, const char *email)
{
	const char	*parts[3] = { last, first, middle };
	struct buf	 b;
	int		 i;

	buf_init(&b, a);
	for (i = 0; i < 3; i++) {
		if (parts[i] == NULL || parts[i][0] == '\0')
			continue;
		if (b.len)
			buf_putc(&b, ' ');
		buf_puts(&b, parts[i]);
	}
	if (b.err)
		return email;
	return b.len ? buf_str(&b) : email;
}

int
account_name_ok(const char *s)
{
	long	 n = str_utf8_chars(s);

	return n >= 0 && n <= NAME_MAX_CHARS;
}

#define FAIL(f, m) do { err->field = (f); err->msg = (m); return ACCOUNT_INVALID; } while (0)

int
account_register(struct arena *a, const struct account_new *in, struct user *u,
    struct field_err *err)
{
	const char	*msg, *email, *problem, *phone = NULL;
	char		 hash[256];
	int64_t		 days, id;
	size_t		 i;
	int		 role_ok = 0;

	if (in->email == NULL || in->email[0] == '\0')
		FAIL("email", "Укажите email.");
	if ((email = account_email(a, in->email, &msg)) == NULL)
		FAIL("email", msg);
	if (in->password == NULL || in->password[0] == '\0')
		FAIL("password", "Укажите пароль.");
	if ((problem = account_password_problem(in->password, email)) != NULL)
		FAIL("password", problem);
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(in->role, roles[i]) == 0 &&
		    (i < 2 || in->allow_admin))
			role_ok = 1;
	if (!role_ok)
		FAIL("role", in->allow_admin ?
		    "Роль должна быть student, teacher или admin." :
		    "Роль должна быть student или teacher.");
	if (!account_name_ok(in->first_name))
		FAIL("first_name", "Имя: не длиннее 150 символов.");
	if (!account_name_ok(in->last_name))
		FAIL("last_name", "Фамилия: не длиннее 150 символов.");
	if (!account_name_ok(in->middle_name))
		FAIL("middle_name", "Отчество: не длиннее 150 символов.");
	if (in->phone != NULL && in->phone[0] != '\0' &&
	    (phone = account_phone(a, in->phone)) == NULL)
		FAIL("phone_number", "Телефон: +7 и 10 цифр или другой номер в "
		    "международном формате.");
	if (in->birth_date != NULL && (dt_parse_date(in->birth_date, &days) == -1 ||
	    days >= dt_today() || days < dt_today() - 150 * 366))
		FAIL("birth_date", "Дата рождения: прошедшая дата в формате "
		    "ГГГГ-ММ-ДД.");
	if (pwhash_make(in->password, strlen(in->password), hash,
	    sizeof(hash)) == -1)
		FAIL("password", "Не удалось сохранить пароль.");

	memset(u, 0, sizeof(*u));
	u->email = email;
	u->password = arena_strdup(a, hash);
	u->role = in->role;
	u->first_name = in->first_name;
	u->last_name = in->last_name;
	u->middle_name = in->middle_name;
	u->date_of_birth = in->birth_date;
	u->phone_number = phone;
	u->unapproved = in->pending && strcmp(in->role, "teacher") == 0;
	if (u->password == NULL)
		return ACCOUNT_DB;
	if (db_user_insert(a, u, &id) == -1) {
		struct user	 other;

		if (db_last_error() != DB_ERR_DUP)
			return ACCOUNT_DB;
		if (phone == NULL || db_user_by_email(a, email, &other) != 0)
			FAIL("email", "Пользователь с таким email уже существует.");
		FAIL("phone_number", "Пользователь с таким телефоном уже существует.");
	}
	u->id = id;
	u->is_active = 1;
	return 0;
}

const char *
account_phone(struct arena *a, const char *in)
{
	char	*p;
	size_t	 n = 0;

	if ((p = arena_alloc(a, strlen(in) + 1)) == NULL)
		return NULL;
	for (; *in; in++)
		if ((*in >= '0' && *in <= '9') || (*in == '+' && n == 0))
			p[n++] = *in;
		else if (strchr(" -()", *in) == NULL)
			return NULL;
	p[n] = '\0';
	if (p[0] != '+')
		return NULL;
	if (strncmp(p, "+7", 2) == 0 && n != 12 && strncmp(p, "+380", 4) != 0)
		return NULL;
	if (strncmp(p, "+380", 4) == 0)
		return n == 13 ? p : NULL;
	return n >= 11 && n <= 15 ? p : NULL;
}

/* A hash to verify against when the email is unknown, so an unknown
 * address takes as long to refuse as a wrong password. */
static const char *
dummy_hash(void)
{
	static char	 h[256];

	if (h[0] == '\0' && pwhash_make("dummy-Password-1", 16, h, sizeof(h)) == -1)
		h[0] = '\0';
	return h;
}

static int
throttled(struct arena *a, const struct config *cfg, const char *scope,
    const char *subject, long max, int64_t *retry_after)
{
	int64_t	 count, retry;

	if (db_failure_count(a, scope, subject, cfg->login_fail_window, &count,
	    &retry) == -1)
		return -1;
	if (count < max)
		return 0;
	if (retry > *retry_after)
		*retry_after = retry;
	return 1;
}

enum signin
account_sign_in(struct arena *a, const struct config *cfg, const char *email_in,
    const char *password, const char *ip, struct user *u, int64_t *retry_after)
{
	const char	*email, *msg;
	char		 hash[256];
	int		 t1, t2, found, match, upgrade = 0;

	*retry_after = 0;
	if ((email = account_email(a, email_in, &msg)) == NULL)
		email = email_in;	/* counted as given */
	if (strlen(email) > 254)
		return SIGNIN_BAD;
	t1 = throttled(a, cfg, "login_email", email, cfg->login_fail_account_max,
	    retry_after);
	t2 = throttled(a, cfg, "login_ip", ip, cfg->login_fail_ip_max, retry_after);
	if (t1 == -1 || t2 == -1)
		return SIGNIN_ERROR;
	if (t1 || t2)
		return SIGNIN_THROTTLED;
	if ((found = db_user_by_email(a, email, u)) == -1)
		return SIGNIN_ERROR;
	match = pwhash_verify(password, strlen(password),
	    found ? u->password : dummy_hash(), &upgrade) == 1;
	if (!found || !match || !u->is_active) {
		if (db_failure_add(a, "login_email", email) == -1 ||
		    db_failure_add(a, "login_ip", ip) == -1)
			return SIGNIN_ERROR;
		return SIGNIN_BAD;
	}
	if (upgrade && pwhash_make(password, strlen(password), hash,
	    sizeof(hash)) == 0 && db_user_set_password(a, u->id, hash) == -1)
		return SIGNIN_ERROR;
	if (db_user_touch_login(a, u->id) == -1 ||
	    db_failure_clear(a, "login_email", email) == -1)
		return SIGNIN_ERROR;
	return SIGNIN_OK;
}

static char *
sign(struct arena *a, const struct config *cfg, const struct user *u,
    const char *type, int64_t now, long ttl, char *jti_out)
{
	struct jwt_claims	 c;

	memset(&c, 0, sizeof(c));
	c.user_id = u->id;
	snprintf(c.role, sizeof(c.role), "%s", u->role);
	snprintf(c.type, sizeof(c.type), "%s", type);
	snprintf(c.email, sizeof(c.email), "%s", u->email);
	c.iat = now;
	c.exp = now + ttl;
	rand_hex(c.jti, 16);
	if (jti_out != NULL)
		memcpy(jti_out, c.jti, sizeof(c.jti));
	return jwt_sign(a, &c, cfg->secret_key, strlen(cfg->secret_key));
}

int
account_tokens(struct arena *a, const struct config *cfg, const struct user *u,
    struct tokens *t)
{
	int64_t	 now = (int64_t)time(NULL);
	char	 jti[33];

	t->access = sign(a, cfg, u, "access", now, cfg->access_ttl, NULL);
	t->refresh = sign(a, cfg, u, "refresh", now, cfg->refresh_ttl, jti);
	if (t->access == NULL || t->refresh == NULL)
		return ACCOUNT_DB;
	if (db_token_record(a, u->id, jti, now + cfg->refresh_ttl) == -1)
		return ACCOUNT_DB;
	return 0;
}

/* Verify a refresh token's signature and look it up: 1 usable, 0 not,
 * -1 error; *age = seconds since it was blacklisted, or -1. */
static int
refresh_lookup(struct arena *a, const struct config *cfg, const char *token,
    struct jwt_claims *c, int64_t *age)
{
	int64_t	 owner;
	int	 rc;

	if (jwt_verify(token, strlen(token), cfg->secret_key,
	    strlen(cfg->secret_key), (int64_t)time(NULL), c) != JWT_OK ||
	    strcmp(c->type, "refresh") != 0)
		return 0;
	if ((rc = db_token_find(a, c->jti, &owner, age)) != 1)
		return rc;
	return owner == c->user_id;
}

enum refresh
account_refresh(struct arena *a, const struct config *cfg, const char *token,
    struct tokens *out)
{
	struct jwt_claims	 c;
	struct user		 u;
	int64_t			 age;
	int			 rc;

	if ((rc = refresh_lookup(a, cfg, token, &c, &age)) != 1)
		return rc == -1 ? REFRESH_ERROR : REFRESH_INVALID;
	if (age > REFRESH_GRACE)
		return REFRESH_BLACKLISTED;
	if ((rc = db_user_by_id(a, c.user_id, &u)) != 1)
		return rc == -1 ? REFRESH_ERROR : REFRESH_INVALID;
	if (!u.is_active)
		return REFRESH_INVALID;
	/* Rotate it; a token rotated already (by another tab, or by a
	 * concurrent call a moment ago) works once more within the grace
	 * (Decision 5), never twice: each use is taken by an update. */
	if (age < 0 && (rc = db_token_blacklist(a, c.jti)) == -1)
		return REFRESH_ERROR;
	if ((age >= 0 || rc == 0) &&
	    (rc = db_token_use_grace(a, c.jti, REFRESH_GRACE)) != 1)
		return rc == -1 ? REFRESH_ERROR : REFRESH_BLACKLISTED;
	if (account_tokens(a, cfg, &u, out) != 0)
		return REFRESH_ERROR;
	return REFRESH_OK;
}

int
account_token_valid(struct arena *a, const struct config *cfg,
    const char *token)
{
	struct jwt_claims	 c;
	int64_t			 age;

	if (jwt_verify(token, strlen(token), cfg->secret_key,
	    strlen(cfg->secret_key), (int64_t)time(NULL), &c) != JWT_OK)
		return 0;
	if (strcmp(c.type, "refresh") != 0)
		return strcmp(c.type, "access") == 0;
	return refresh_lookup(a, cfg, token, &c, &age) == 1 && age < 0;
}

int
account_logout(struct arena *a, const struct config *cfg, int64_t caller,
    const char *refresh, const char **msg)
{
	struct jwt_claims	 c;
	int64_t			 age;
	int			 rc;

	if ((rc = refresh_lookup(a, cfg, refresh, &c, &age)) == -1)
		return ACCOUNT_DB;
	if (rc == 0 || c.user_id != caller) {
		*msg = "Invalid token: not a refresh token of this user";
		return ACCOUNT_INVALID;
	}
	return db_token_revoke(a, c.jti) == -1 ? ACCOUNT_DB : 0;
}

static int
store_password(struct arena *a, int64_t id, const char *pw, const char **msg)
{
	char	 hash[256];

	if (pwhash_make(pw, strlen(pw), hash, sizeof(hash)) == -1) {
		*msg = "Не удалось сохранить пароль.";
		return ACCOUNT_INVALID;
	}
	return db_user_set_password(a, id, hash) == -1 ? ACCOUNT_DB : 0;
}

int
account_change_password(struct arena *a, const struct config *cfg,
    const struct password_change *pc, int64_t *retry_after, const char **msg)
{
	struct user	 u;
	int		 rc, t1, t2, upgrade;

	*retry_after = 0;
	if ((rc = db_user_by_id(a, pc->user_id, &u)) != 1) {
		*msg = "Пользователь не найден.";
		return rc == -1 ? ACCOUNT_DB : ACCOUNT_INVALID;
	}
	/* A wrong old password is a failed sign-in: the same counters. */
	t1 = throttled(a, cfg, "login_email", u.email, cfg->login_fail_account_max,
	    retry_after);
	t2 = throttled(a, cfg, "login_ip", pc->ip, cfg->login_fail_ip_max,
	    retry_after);
	if (t1 == -1 || t2 == -1)
		return ACCOUNT_DB;
	if (t1 || t2) {
		*msg = "Слишком много неудачных попыток. Попробуйте позже.";
		return ACCOUNT_THROTTLED;
	}
	if (pwhash_verify(pc->old, strlen(pc->old), u.password, &upgrade) != 1) {
		if (db_failure_add(a, "login_email", u.email) == -1 ||
		    db_failure_add(a, "login_ip", pc->ip) == -1)
			return ACCOUNT_DB;
		*msg = "Неверный текущий пароль.";
		return ACCOUNT_INVALID;
	}
	if ((*msg = account_password_problem(pc->new_pw, u.email)) != NULL)
		return ACCOUNT_INVALID;
	if ((rc = store_password(a, u.id, pc->new_pw, msg)) != 0)
		return rc;
	/* Everyone else who was signed in as this user is signed out. */
	if (db_failure_clear(a, "login_email", u.email) == -1 ||
	    db_auth_revoke_user(a, u.id, pc->keep_session, pc->keep_jti) == -1)
		return ACCOUNT_DB;
	return 0;
}

int
account_set_password(struct arena *a, const char *email_in, const char *pw,
    const char **msg)
{
	struct user	 u;
	const char	*email;
	int		 rc;

	if ((email = account_email(a, email_in, msg)) == NULL)
		return ACCOUNT_INVALID;
	if ((rc = db_user_by_email(a, email, &u)) != 1) {
		*msg = "Пользователь с таким email не найден.";
		return rc == -1 ? ACCOUNT_DB : ACCOUNT_INVALID;
	}
	if ((*msg = account_password_problem(pw, u.email)) != NULL)
		return ACCOUNT_INVALID;
	return store_password(a, u.id, pw, msg);
}

void
account_random_password(char p[15])
{
	static const char	 lower[] = "abcdefghijkmnpqrstuvwxyz";
	static const char	 upper[] = "ABCDEFGHJKMNPQRSTUVWXYZ";
	static const char	 digit[] = "23456789";
	unsigned char		 b[14];
	int			 i;

	/* 14 characters; the first three guarantee every class. */
	rand_bytes(b, sizeof(b));
	p[0] = upper[b[0] % (sizeof(upper) - 1)];
	p[1] = lower[b[1] % (sizeof(lower) - 1)];
	p[2] = digit[b[2] % (sizeof(digit) - 1)];
	for (i = 3; i < 14; i++)
		p[i] = i % 2 ? lower[b[i] % (sizeof(lower) - 1)] :
		    upper[b[i] % (sizeof(upper) - 1)];
	p[14] = '\0';
}

/* The target of an admin's change, with the guards every change shares. */
static int
admin_target(struct arena *a, const struct actor *who, int64_t target,
    struct user *u, const char **msg)
{
	int	 rc;

	if ((rc = db_user_by_id(a, target, u)) == -1)
		return ACCOUNT_DB;
	if (rc == 0) {
		*msg = "Пользователь не найден.";
		return ACCOUNT_INVALID;
	}
	if (target == who->id) {
		*msg = "Нельзя изменить собственную учётную запись здесь.";
		return ACCOUNT_INVALID;
	}
	return 0;
}

static int
audit_change(struct arena *a, const struct actor *who, const char *action,
    const struct user *u, const char *key, const char *from, const char *to)
{
	struct json_object	*d = json_object_new_object();
	int			 rc;

	json_object_object_add(d, "email", json_object_new_string(u->email));
	if (key != NULL) {
		json_object_object_add(d, "field", json_object_new_string(key));
		json_object_object_add(d, "from", json_object_new_string(from));
		json_object_object_add(d, "to", json_object_new_string(to));
	}
	rc = audit_record(a, who, action, "User", u->id, d);
	json_object_put(d);
	return rc;
}

/* Apply a change and its audit row in one transaction. */
#define IN_TXN(stmts) do {						\
	if (db_begin() == -1)						\
		return ACCOUNT_DB;					\
	if ((stmts) || db_commit() == -1) {				\
		db_rollback();						\
		return ACCOUNT_DB;					\
	}								\
} while (0)

int
account_admin_set_role(struct arena *a, const struct actor *who, int64_t target,
    const char *role, const char **msg)
{
	struct user	 u;
	size_t		 i;
	int		 rc, ok = 0;

	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		ok |= strcmp(role, roles[i]) == 0;
	if (!ok) {
		*msg = "Роль должна быть student, teacher или admin.";
		return ACCOUNT_INVALID;
	}
	if ((rc = admin_target(a, who, target, &u, msg)) != 0)
		return rc;
	if (strcmp(u.role, role) == 0)
		return 0;
	/* A teacher an admin makes is approved (domain/approval.h). */
	IN_TXN(db_user_set_role(a, target, role) == -1 ||
	    db_user_set_approved(a, target, 1) == -1 ||
	    db_auth_revoke_user(a, target, NULL, NULL) == -1 ||
	    audit_change(a, who, "user_role_change", &u, "role", u.role, role) == -1);
	realtime_revoke(a, target);	/* the live stream goes with the sessions */
	return 0;
}

int
account_admin_set_active(struct arena *a, const struct actor *who,
    int64_t target, int active, const char **msg)
{
	struct user	 u;
	int		 rc;

	if ((rc = admin_target(a, who, target, &u, msg)) != 0)
		return rc;
	if (u.is_active == (active != 0))
		return 0;
	IN_TXN(db_user_set_active(a, target, active) == -1 ||
	    (!active && db_auth_revoke_user(a, target, NULL, NULL) == -1) ||
	    audit_change(a, who, active ? "user_activate" : "user_deactivate", &u,
	    NULL, NULL, NULL) == -1);
	if (!active)
		realtime_revoke(a, target);
	return 0;
}

int
account_admin_create(struct arena *a, const struct actor *who,
    const struct account_new *in, struct user *u, struct field_err *err)
{
	struct account_new	 n = *in;
	int			 rc;

	n.allow_admin = 1;
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if ((rc = account_register(a, &n, u, err)) != 0) {
		db_rollback();
		return rc;
	}
	if (audit_change(a, who, "user_create", u, "role", "", u->role) == -1 ||
	    db_commit() == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	return 0;
}

int
account_admin_delete(struct arena *a, const struct actor *who, int64_t target,
    const char *role, const char **msg)
{
	struct user	 u;
	int		 rc;

	if ((rc = db_user_by_id(a, target, &u)) == -1)
		return ACCOUNT_DB;
	if (rc == 0 || strcmp(u.role, role) != 0)
		return ACCOUNT_NOT_FOUND;
	if ((rc = admin_target(a, who, target, &u, msg)) != 0)
		return rc;
	IN_TXN(db_user_delete(a, target) == -1 ||
	    audit_change(a, who, "user_delete", &u, "role", role, "") == -1);
	realtime_revoke(a, target);
	return 0;
}

int
account_admin_reset_password(struct arena *a, const struct actor *who,
    int64_t target, const char **pw, const char **msg)
{
	struct user		 u;
	char			 p[15], hash[256];
	int			 rc;

	if ((rc = admin_target(a, who, target, &u, msg)) != 0)
		return rc;
	account_random_password(p);
	if (pwhash_make(p, 14, hash, sizeof(hash)) == -1)
		return ACCOUNT_DB;
	IN_TXN(db_user_set_password(a, target, hash) == -1 ||
	    db_auth_revoke_user(a, target, NULL, NULL) == -1 ||
	    audit_change(a, who, "user_password_reset", &u, NULL, NULL, NULL) == -1);
	realtime_revoke(a, target);
	*pw = arena_strdup(a, p);
	return 0;
}
