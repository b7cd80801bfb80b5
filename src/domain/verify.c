/* Email verification (see verify.h). */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "crypto/rand.h"
#include "db/db_auth.h"
#include "db/db_verify.h"
#include "domain/account.h"
#include "domain/outbox.h"
#include "domain/verify.h"

#define TTL		86400	/* seconds a code and a link work */
#define COOLDOWN	60	/* seconds between two codes of an address */
#define IP_MAX		30	/* codes a client may ask for ... */
#define IP_WINDOW	3600	/* ... within this many seconds */

/* Six digits, uniform. */
static void
new_code(char out[7])
{
	uint32_t	 v;

	do
		rand_bytes(&v, sizeof(v));
	while (v >= 4294000000u);	/* a multiple of 10^6 */
	snprintf(out, 7, "%06u", (unsigned)(v % 1000000u));
}

/* A random (version 4) UUID. */
static void
new_uuid(char out[37])
{
	unsigned char	 b[16];

	rand_bytes(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
	    b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static int
send_mail(struct arena *a, const struct config *cfg, const char *email,
    const char *code, const char *token)
{
	return outbox_queue(a, cfg, "verify", email, "Подтверждение email — "
	    "Teaching Panel", arena_printf(a, "Здравствуйте!\n\nКод подтверждения: %s\n\nИли "
	    "откройте ссылку:\n%s/verify-email/%s\n\nКод и ссылка действуют 24 "
	    "часа. Если вы не регистрировались, ничего не делайте.\n", code,
	    cfg->base_url, token), 0);
}
enum verify_rc
verify_send(struct arena *a, const struct config *cfg, const char *email_in,
    const char *ip, const char **expires_at, const char **msg,
    int64_t *retry_after)
{
	struct email_verif	 v;
	const char		*email;
	char			 code[7], token[37];
	int64_t			 n, retry;
	int			 rc;

	if (email_in == NULL || email_in[0] == '\0') {
		*msg = "Укажите email.";
		return VERIFY_BAD;
	}
	if ((email = account_email(a, email_in, msg)) == NULL)
		return VERIFY_BAD;
	if (!outbox_enabled(cfg)) {
		*msg = "Не удалось отправить письмо: отправка почты не настроена.";
		return VERIFY_MAIL;
	}
	if ((rc = db_verify_user_verified(a, email)) != 0) {
		*msg = "Этот email уже подтверждён.";
		return rc == -1 ? VERIFY_DB : VERIFY_BAD;
	}
	if ((rc = db_verify_latest(a, email, &v)) == -1)
		return VERIFY_DB;
	if (rc == 1 && !v.is_verified && v.age < COOLDOWN) {
		*retry_after = COOLDOWN - v.age;
		*msg = "Код уже отправлен. Новый можно запросить через минуту.";
		return VERIFY_SLOW_DOWN;
	}
	if (db_failure_count(a, "verify_ip", ip, IP_WINDOW, &n, &retry) == -1)
		return VERIFY_DB;
	if (n >= IP_MAX) {
		*retry_after = retry;
		*msg = "Слишком много запросов. Попробуйте позже.";
		return VERIFY_SLOW_DOWN;
	}
	new_code(code);
	new_uuid(token);
	if (db_failure_add(a, "verify_ip", ip) == -1 ||
	    db_verify_replace(a, email, token, code, TTL) == -1 ||
	    db_verify_latest(a, email, &v) != 1 ||
	    send_mail(a, cfg, email, code, token) == -1)
		return VERIFY_DB;
	*expires_at = v.expires_at;
	return VERIFY_OK;
}

enum verify_rc
verify_code(struct arena *a, const char *email_in, const char *code,
    const char **token, const char **msg)
{
	struct email_verif	 v;
	const char		*email;
	int			 rc;

	if (email_in == NULL || code == NULL || email_in[0] == '\0' ||
	    code[0] == '\0') {
		*msg = "Укажите email и код.";
		return VERIFY_BAD;
	}
	if ((email = account_email(a, email_in, msg)) == NULL)
		return VERIFY_BAD;
	if ((rc = db_verify_latest(a, email, &v)) != 1) {
		*msg = "Код не найден: запросите новый.";
		return rc == -1 ? VERIFY_DB : VERIFY_BAD;
	}
	/* Checked before the code, so that a fourth guess never succeeds. */
	if (v.attempts >= VERIFY_ATTEMPTS) {
		*msg = "Слишком много неверных попыток: запросите новый код.";
		return VERIFY_BAD;
	}
	if (v.expired) {
		*msg = "Срок действия кода истёк: запросите новый.";
		return VERIFY_BAD;
	}
	if (strlen(code) != 6 || strcmp(code, v.code) != 0) {
		if (!v.is_verified && db_verify_attempt(a, v.id) == -1)
			return VERIFY_DB;
		*msg = "Неверный код.";
		return VERIFY_BAD;
	}
	if (db_verify_done(a, v.id, v.email) == -1)
		return VERIFY_DB;
	*token = v.token;
	return VERIFY_OK;
}

enum verify_rc
verify_token(struct arena *a, const char *token, const char **email,
    const char **msg)
{
	struct email_verif	 v;
	int			 rc;

	*msg = "Ссылка недействительна, устарела или уже использована.";
	if (strlen(token) != 36)
		return VERIFY_BAD;
	if ((rc = db_verify_by_token(a, token, &v)) != 1)
		return rc == -1 ? VERIFY_DB : VERIFY_BAD;
	if (v.is_verified || v.expired)
		return VERIFY_BAD;
	if (db_verify_done(a, v.id, v.email) == -1)
		return VERIFY_DB;
	*email = v.email;
	return VERIFY_OK;
}

int
verify_status(struct arena *a, const char *email_in, struct email_verif *v)
{
	const char	*email, *msg;

	if (email_in == NULL || (email = account_email(a, email_in, &msg)) == NULL)
		return 0;
	return db_verify_latest(a, email, v);
}
