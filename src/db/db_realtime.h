/* realtime_ticket (single-use tickets of the live stream) and
 * chat_presence (when a user was last seen). */
#ifndef DB_DB_REALTIME_H
#define DB_DB_REALTIME_H

#include <stdint.h>

struct arena;

/* Record a ticket (the SHA-256 hex of its text) for user, good for ttl
 * seconds. 0 or -1. */
int	 db_ticket_insert(struct arena *, const char *hash, int64_t user,
	    long ttl);
/* Use the ticket once: 1 and *user when it was unused, unexpired and its
 * user is active; 0 otherwise; -1 on error. */
int	 db_ticket_take(struct arena *, const char *hash, int64_t *user);
/* Delete tickets that expired more than a minute ago: 0 and *n, or -1. */
int	 db_ticket_cleanup(struct arena *, int64_t *n);

/* Mark user seen now unless they were within the last min_gap seconds. */
int	 db_presence_touch(struct arena *, int64_t user, long min_gap);

#endif
