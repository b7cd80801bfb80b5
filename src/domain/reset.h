/* Password reset by a link sent to the account's email. The link carries
 * the user id (base64url) and a token: its expiry and an HMAC, keyed by the
 * secret key, of the id, the current password hash and that expiry. So a
 * link works until it expires or the password changes (it is used once);
 * nothing is stored. Knows no HTTP. */
#ifndef DOMAIN_RESET_H
#define DOMAIN_RESET_H

#include <stdint.h>

struct actor;
struct arena;
struct config;
struct user;

/* What both faces answer to a request, whatever the address. */
#define RESET_SENT	"Если этот email зарегистрирован, мы отправили на него " \
			"ссылку для сброса пароля."

/* Email a reset link to email_in if it is an active account's. The answer
 * never tells whether it is: 0 (also for an unknown address or a mail
 * failure, logged), 1 when the address or client is throttled (with
 * *retry_after seconds), ACCOUNT_INVALID (no email given), ACCOUNT_DB. */
int	 reset_request(struct arena *, const struct config *, const char *email_in,
	    const char *ip, int64_t *retry_after);
/* The link's path for u, "/reset-password/<uid>/<token>". */
const char *reset_path(struct arena *, const struct config *, const struct user *);
/* Whether uid/token is a live link: 1 and *u, 0 not, -1 database. */
int	 reset_check(struct arena *, const struct config *, const char *uid,
	    const char *token, struct user *u);
/* Set a new password (the one policy) through a live link; sessions and
 * refresh tokens end, the audit log records it. 0, ACCOUNT_INVALID with
 * *msg, ACCOUNT_DB. */
int	 reset_confirm(struct arena *, const struct config *, const struct actor *,
	    const char *uid, const char *token, const char *password,
	    const char **msg);

#endif
