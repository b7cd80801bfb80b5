/* Refresh tokens, page sessions and failed-attempt counters. */
#ifndef DB_DB_AUTH_H
#define DB_DB_AUTH_H

#include <stdint.h>

struct arena;
struct user;

/* Record an issued refresh token. */
int	 db_token_record(struct arena *, int64_t user_id, const char *jti,
	    int64_t expires_unix);
/* Look a refresh token up: 1 found (*user_id, *blacklisted_age = seconds
 * since it was blacklisted or -1), 0 unknown, -1 error. */
int	 db_token_find(struct arena *, const char *jti, int64_t *user_id,
	    int64_t *blacklisted_age);
/* Blacklist it (rotated: it has a grace): 1 newly, 0 already (or
 * unknown), -1 error. */
int	 db_token_blacklist(struct arena *, const char *jti);
/* Revoke it for good at once (blacklisted or not): 0 or -1. */
int	 db_token_revoke(struct arena *, const char *jti);
/* Take the one use a token blacklisted less than grace seconds ago has
 * left (then it is revoked): 1 taken, 0 none left, -1 error. */
int	 db_token_use_grace(struct arena *, const char *jti, int64_t grace);

/* Sessions keyed by the SHA-256 of the cookie's random id. */
int	 db_session_create(struct arena *, const char *id_hash, int64_t user_id,
	    int64_t ttl_seconds);
/* 1 and *u (active users only), 0 none or expired, -1 error. */
int	 db_session_user(struct arena *, const char *id_hash, struct user *u);
int	 db_session_delete(struct arena *, const char *id_hash);
/* Delete expired sessions, refresh tokens expired for a day, and failed
 * attempts older than a day; the counts deleted. */
int	 db_auth_cleanup(struct arena *, int64_t *sessions, int64_t *tokens,
	    int64_t *failures);
/* Sign a user out everywhere: sessions and refresh tokens, but for the
 * session whose id hash is keep_session and the refresh token keep_jti
 * (NULL: none kept). */
int	 db_auth_revoke_user(struct arena *, int64_t user_id,
	    const char *keep_session, const char *keep_jti);

/* Failures of scope/subject within the last window seconds: 0 and *count,
 * *retry_after (seconds until the oldest leaves the window), or -1. */
int	 db_failure_count(struct arena *, const char *scope, const char *subject,
	    int64_t window, int64_t *count, int64_t *retry_after);
int	 db_failure_add(struct arena *, const char *scope, const char *subject);
/* Forget the failures of scope/subject (after a success). */
int	 db_failure_clear(struct arena *, const char *scope, const char *subject);

#endif
