/* Live delivery (PHASE2-3 §3.5): every user has one private nchan channel,
 * u<id>; the app publishes events to the channels of their recipients after
 * its write has committed, and a browser subscribes to its own channel only
 * (GET /api/realtime/connect/ checks who it is, with the page session or a
 * single-use ticket). nchan is a notifier: the database stays the truth and
 * a client re-syncs over the API when it (re)connects. Knows no HTTP. */
#ifndef DOMAIN_REALTIME_H
#define DOMAIN_REALTIME_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct config;
struct json_object;

#define REALTIME_TICKET_TTL	60	/* seconds */
#define REALTIME_TICKET_LEN	43	/* base64url of 32 bytes */
#define ONLINE_SECONDS		120	/* seen this recently: online */

/* Worker start: the publisher (nchan_init). 0 or -1. */
int	 realtime_init(const struct config *);
/* Publish {"type", "ts", "data"} to each user's channel, in as few requests
 * as nchan takes (255 channels each). Best effort: never fails the caller.
 * data is not consumed (the caller's arena owns it). */
void	 realtime_publish(struct arena *, const int64_t *users, size_t n,
	    const char *type, struct json_object *data);
void	 realtime_publish_one(struct arena *, int64_t user, const char *type,
	    struct json_object *data);
/* Close every live connection of user (deactivated, deleted, signed out
 * everywhere): nchan drops their channel. Best effort. */
void	 realtime_revoke(struct arena *, int64_t user);

/* A new ticket for user: its text (REALTIME_TICKET_LEN characters plus
 * NUL) in out. 0, or -1 when the database failed. */
int	 realtime_ticket_issue(struct arena *, int64_t user,
	    char out[REALTIME_TICKET_LEN + 1]);
/* Use a ticket: 1 and *user, 0 when it is unknown, used, expired or its
 * user inactive, -1 on a database error. */
int	 realtime_ticket_take(struct arena *, const char *ticket, int64_t *user);

/* The user was seen now (presence: at most one write a minute per user and
 * worker). Failures are ignored. */
void	 realtime_seen(struct arena *, int64_t user);

#endif
