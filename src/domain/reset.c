/* Password reset by an emailed link (see reset.h). */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/str.h"
#include "crypto/b64.h"
#include "crypto/hash.h"
#include "crypto/pwhash.h"
#include "db/db.h"
#include "db/db_auth.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/outbox.h"
#include "domain/reset.h"

#define MAC_HEX		32	/* hex characters of the HMAC kept */

/* "<expiry>-<mac>" for u at expiry (epoch seconds). */
static const char *
token_at(struct arena *a, const struct config *cfg, const struct user *u,
    int64_t expiry)
{
	char		 mac[65];
	const char	*msg;

	msg = arena_printf(a, "password-reset:%lld:%s:%lld", (long long)u->id,
	    u->password, (long long)expiry);
	if (msg == NULL)
		return NULL;
	hash_hmac_sha256_hex(cfg->secret_key, strlen(cfg->secret_key), msg,
	    strlen(msg), mac);
	mac[MAC_HEX] = '\0';
	return arena_printf(a, "%lld-%s", (long long)expiry, mac);
}

const char *
reset_path(struct arena *a, const struct config *cfg, const struct user *u)
{
	char		 id[24], uid[40];
	const char	*tok;

	snprintf(id, sizeof(id), "%lld", (long long)u->id);
	if (b64_encode(id, strlen(id), uid, sizeof(uid), 1) == -1 ||
	    (tok = token_at(a, cfg, u, (int64_t)time(NULL) + cfg->reset_ttl)) ==
	    NULL)
		return NULL;
	return arena_printf(a, "/reset-password/%s/%s", uid, tok);
}

int
reset_check(struct arena *a, const struct config *cfg, const char *uid,
    const char *token, struct user *u)
{
	char		 id[24];
	const char	*dash, *want;
	size_t		 n;
	int64_t		 uidn, expiry;
	int		 rc;

	if (strlen(uid) > 30 || b64_decode(uid, strlen(uid), id, sizeof(id) - 1,
	    &n, 1) == -1)
		return 0;
	id[n] = '\0';
	if (str_to_i64(id, n, 1, INT64_MAX, &uidn) == -1 ||
	    (dash = strchr(token, '-')) == NULL ||
	    str_to_i64(token, (size_t)(dash - token), 1, INT64_MAX, &expiry) == -1 ||
	    strlen(dash + 1) != MAC_HEX || expiry < (int64_t)time(NULL))
		return 0;
	if ((rc = db_user_by_id(a, uidn, u)) != 1)
		return rc;
	if (!u->is_active || (want = token_at(a, cfg, u, expiry)) == NULL ||
	    strlen(want) != strlen(token) || !str_ct_eq(want, token, strlen(token)))
		return 0;
	return 1;
}

/* Queue the reset email for u, or (u NULL) the same work for nobody: an
 * address without an account costs what a real one does, so the answer's
 * time tells nothing (the mail job never sends a void row). */
static int
queue_link(struct arena *a, const struct config *cfg, const struct user *u,
    const char *email)
{
	static const struct user nobody = { .id = 0, .email = "",
	    .password = "argon2$argon2id$v=19$m=65536,t=2,p=1$"
	    "c29tZXNhbHRzb21lc2FsdA$0000000000000000000000000000000000000000000" };
	const char	*path, *text;

	if ((path = reset_path(a, cfg, u ? u : &nobody)) == NULL)
		return -1;
	text = arena_printf(a, "Здравствуйте!\n\nКто-то (надеемся, вы) попросил "
	    "сбросить пароль к учётной записи %s.\nЧтобы задать новый пароль, "
	    "откройте ссылку:\n\n%s%s\n\nСсылка действует %ld ч. и только один "
	    "раз. Если вы не просили сброс, ничего не делайте: пароль останется "
	    "прежним.\n", email, cfg->base_url, path, cfg->reset_ttl / 3600);
	if (outbox_queue(a, cfg, "reset", u ? u->email : NULL, "Сброс пароля — "
	    "Teaching Panel", text, 0) == -1)
		return -1;
	if (u != NULL)
		log_info("password reset link queued for user %lld",
		    (long long)u->id);
	return 0;
}

/* Whether scope/subject reached max within the window; counts this one. */
static int
over(struct arena *a, const struct config *cfg, const char *scope,
    const char *subject, long max, int64_t *retry_after)
{
	int64_t	 count, retry;

	if (db_failure_count(a, scope, subject, cfg->reset_window, &count,
	    &retry) == -1)
		return -1;
	if (count >= max) {
		if (retry > *retry_after)
			*retry_after = retry;
		return 1;
	}
	return db_failure_add(a, scope, subject) == -1 ? -1 : 0;
}

int
reset_request(struct arena *a, const struct config *cfg, const char *email_in,
    const char *ip, int64_t *retry_after)
{
	struct user	 u;
	const char	*email, *msg;
	int		 t1, t2, rc;

	*retry_after = 0;
	if (email_in == NULL || (email = str_trim_dup(a, email_in)) == NULL ||
	    email[0] == '\0')
		return ACCOUNT_INVALID;
	if ((email = account_email(a, email, &msg)) == NULL)
		return 0;	/* no such account, as for any unknown address */
	if ((t1 = over(a, cfg, "reset_ip", ip, cfg->reset_ip_max,
	    retry_after)) == -1 ||
	    (t2 = over(a, cfg, "reset_email", email, cfg->reset_email_max,
	    retry_after)) == -1)
		return ACCOUNT_DB;
	if (t1 || t2)
		return 1;
	if ((rc = db_user_by_email(a, email, &u)) == -1 ||
	    queue_link(a, cfg, rc == 1 && u.is_active ? &u : NULL, email) == -1)
		return ACCOUNT_DB;
	return 0;
}

int
reset_confirm(struct arena *a, const struct config *cfg, const struct actor *who,
    const char *uid, const char *token, const char *password, const char **msg)
{
	struct json_object	*d;
	struct user		 u;
	char			 hash[256];
	int			 rc;

	if ((rc = reset_check(a, cfg, uid, token, &u)) == -1)
		return ACCOUNT_DB;
	if (rc == 0) {
		*msg = "Ссылка для сброса пароля недействительна или устарела.";
		return ACCOUNT_INVALID;
	}
	if ((*msg = account_password_problem(password, u.email)) != NULL)
		return ACCOUNT_INVALID;
	if (pwhash_make(password, strlen(password), hash, sizeof(hash)) == -1) {
		*msg = "Не удалось сохранить пароль.";
		return ACCOUNT_INVALID;
	}
	d = json_object_new_object();
	json_object_object_add(d, "email", json_object_new_string(u.email));
	rc = ACCOUNT_DB;
	if (db_begin() == 0) {
		/* The password's hash is in the token: the same link cannot be
		 * used twice, even by two requests at once (the row lock). */
		if (db_user_lock(a, u.id) == -1 ||
		    reset_check(a, cfg, uid, token, &u) != 1) {
			db_rollback();
			*msg = "Ссылка для сброса пароля недействительна или устарела.";
			rc = ACCOUNT_INVALID;
		} else if (db_user_set_password(a, u.id, hash) == -1 ||
		    db_auth_revoke_user(a, u.id, NULL, NULL) == -1 ||
		    audit_record(a, who, "password_reset", "User", u.id, d) == -1 ||
		    db_commit() == -1)
			db_rollback();
		else
			rc = 0;
	}
	json_object_put(d);
	return rc;
}
