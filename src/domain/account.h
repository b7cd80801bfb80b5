/* Accounts: validation, registration, sign-in, tokens and passwords —
 * the rules shared by the API, the pages and the CLI. Knows no HTTP. */
#ifndef DOMAIN_ACCOUNT_H
#define DOMAIN_ACCOUNT_H

#include <stdint.h>

struct arena;
struct config;
struct user;

/* A rule broken by input: the field and a message for the user. */
struct field_err {
	const char	*field;
	const char	*msg;
};

/* Domain results beyond 0 = done. */
#define ACCOUNT_INVALID	(-1)	/* input broke a rule: err/msg says which */
#define ACCOUNT_DB	(-2)	/* the database failed: db_last_error() */

/* The email trimmed and lower-cased if its form is right, else NULL with
 * *msg set. */
const char *account_email(struct arena *, const char *in, const char **msg);
/* NULL when pw meets the policy (8+ characters, an upper-case and a
 * lower-case letter, a digit, not the email), else the first broken rule. */
const char *account_password_problem(const char *pw, const char *email);
/* A phone number cleaned to '+' and digits if it is +7 and 10 digits,
 * +380 and 9, or any other 11 to 15 characters starting with '+'; else
 * NULL. */
const char *account_phone(struct arena *, const char *in);
/* A first, last or middle name: valid UTF-8 of at most 150 characters. */
int	 account_name_ok(const char *);
/* "Last First Middle", empty parts skipped; the email when all are empty. */
const char *account_full_name(struct arena *, const struct user *);
/* The same from the parts. */
const char *account_name_of(struct arena *, const char *last, const char *first,
	    const char *middle, const char *email);

struct account_new {
	const char	*email, *password, *role;
	const char	*first_name, *last_name, *middle_name;
	const char	*birth_date;		/* YYYY-MM-DD or NULL */
	const char	*phone;			/* NULL or "": none */
	int		 allow_admin;		/* operators only */
	int		 pending;		/* a teacher starts unapproved
						   (domain/approval.h) */
};

/* Validate every field and create the user: 0 and *u, ACCOUNT_INVALID
 * with *err, or ACCOUNT_DB. */
int	 account_register(struct arena *, const struct account_new *,
	    struct user *u, struct field_err *err);

enum signin { SIGNIN_OK, SIGNIN_BAD, SIGNIN_THROTTLED, SIGNIN_ERROR };

/* Check email and password, counting failures per email and per client
 * address; while either is over its limit every attempt is refused with
 * *retry_after seconds. On success the hash is upgraded if needed and
 * last_login set. */
enum signin account_sign_in(struct arena *, const struct config *,
	    const char *email, const char *password, const char *ip,
	    struct user *u, int64_t *retry_after);

struct tokens {
	char	*access, *refresh;
};

/* A new access/refresh pair for u; the refresh token is recorded. */
int	 account_tokens(struct arena *, const struct config *,
	    const struct user *u, struct tokens *);

enum refresh { REFRESH_OK, REFRESH_INVALID, REFRESH_BLACKLISTED, REFRESH_ERROR };

/* Rotate a refresh token: the old one is blacklisted and still accepted
 * for 30 seconds (two tabs refreshing at once), never later. */
enum refresh account_refresh(struct arena *, const struct config *,
	    const char *token, struct tokens *out);
/* Whether token is a valid token of ours (refresh: not blacklisted). */
int	 account_token_valid(struct arena *, const struct config *,
	    const char *token);
/* Blacklist the caller's own refresh token: 0, ACCOUNT_INVALID with
 * *msg, or ACCOUNT_DB. */
int	 account_logout(struct arena *, const struct config *, int64_t caller,
	    const char *refresh, const char **msg);
/* A password change: who, the old and new passwords, the client address,
 * and what of the caller's stays signed in (the page session's id hash,
 * a refresh token's jti; NULL: none). */
struct password_change {
	int64_t		 user_id;
	const char	*old, *new_pw, *ip;
	const char	*keep_session, *keep_jti;
};
/* Change a password after checking the old one. A wrong old password
 * counts as a failed sign-in of the account and of the address (the same
 * throttle); a change signs out every other session and revokes every
 * other refresh token. 0, ACCOUNT_INVALID or ACCOUNT_THROTTLED
 * (*retry_after seconds) with *msg, or ACCOUNT_DB. */
#define ACCOUNT_THROTTLED	(-4)
int	 account_change_password(struct arena *, const struct config *,
	    const struct password_change *, int64_t *retry_after,
	    const char **msg);
/* Set a password without the old one (operators). Same results. */
int	 account_set_password(struct arena *, const char *email,
	    const char *pw, const char **msg);

struct actor;

/* A random 14-character password that meets the policy. */
void	 account_random_password(char p[15]);

/* Administrators' changes to other users, each recorded in the audit log.
 * An admin cannot demote or deactivate themselves. 0, ACCOUNT_INVALID with
 * *msg, or ACCOUNT_DB. */
int	 account_admin_set_role(struct arena *, const struct actor *,
	    int64_t target, const char *role, const char **msg);
/* Deactivating also signs the user out everywhere. */
int	 account_admin_set_active(struct arena *, const struct actor *,
	    int64_t target, int active, const char **msg);
/* account_register by an administrator (any role), recorded in the audit
 * log in the same transaction. */
int	 account_admin_create(struct arena *, const struct actor *,
	    const struct account_new *, struct user *u, struct field_err *err);
/* Delete a user of the given role and everything of theirs (groups,
 * lessons, ...), recorded in the audit log; not oneself. 0, ACCOUNT_INVALID
 * with *msg, ACCOUNT_NOT_FOUND (no such user with that role), ACCOUNT_DB. */
int	 account_admin_delete(struct arena *, const struct actor *,
	    int64_t target, const char *role, const char **msg);
#define ACCOUNT_NOT_FOUND	(-3)

/* A new random password meeting the policy, returned once in *pw (arena),
 * and every session and refresh token of the user revoked. */
int	 account_admin_reset_password(struct arena *, const struct actor *,
	    int64_t target, const char **pw, const char **msg);

#endif
