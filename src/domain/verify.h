/* Email verification: a 6-digit code and a link, both valid 24 hours; at
 * most 3 wrong codes; a new code at most once a minute per address. A
 * success sets the user's email_verified. Knows no HTTP. */
#ifndef DOMAIN_VERIFY_H
#define DOMAIN_VERIFY_H

#include <stdint.h>

#include "db/db_verify.h"

struct arena;
struct config;

enum verify_rc {
	VERIFY_OK,
	VERIFY_BAD,		/* 400 with *msg */
	VERIFY_SLOW_DOWN,	/* 429 with *msg and *retry_after */
	VERIFY_MAIL,		/* 503: the email could not be sent */
	VERIFY_DB,
};

/* Make and email a new code and link for email_in (the address as given;
 * throttled per address and per client ip). *expires_at (DB time) on OK. */
enum verify_rc verify_send(struct arena *, const struct config *,
	    const char *email_in, const char *ip, const char **expires_at,
	    const char **msg, int64_t *retry_after);
/* Check a code: on OK *token is the link token of the verification. */
enum verify_rc verify_code(struct arena *, const char *email_in,
	    const char *code, const char **token, const char **msg);
/* Check a link token: on OK *email. */
enum verify_rc verify_token(struct arena *, const char *token,
	    const char **email, const char **msg);
/* The newest verification of email_in: 1 and *v, 0 none, -1 error. */
int	 verify_status(struct arena *, const char *email_in,
	    struct email_verif *v);

#define VERIFY_ATTEMPTS	3

#endif
