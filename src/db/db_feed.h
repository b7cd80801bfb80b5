/* calendar_feed: each user's iCalendar feed secret (a nonce and the hash
 * of the token derived from it; never the token). */
#ifndef DB_DB_FEED_H
#define DB_DB_FEED_H

#include <stdint.h>

struct arena;

/* The user's nonce and token hash: 1 and *nonce, *hash (arena), 0 if the
 * user has no feed, -1 error. */
int	 db_feed_get(struct arena *, int64_t user_id, const char **nonce,
	    const char **hash);
/* A first feed for the user; kept if one exists already (two first calls
 * at once both end with the stored one). 0 or -1. */
int	 db_feed_create(struct arena *, int64_t user_id, const char *nonce,
	    const char *hash);
/* Replace the user's nonce and hash (a reset, or a new secret key). */
int	 db_feed_set(struct arena *, int64_t user_id, const char *nonce,
	    const char *hash);
/* The active user whose token hashes to hash: 1 and *user_id, *role, 0 if
 * none, -1 error. */
int	 db_feed_user(struct arena *, const char *hash, int64_t *user_id,
	    const char **role);

#endif
