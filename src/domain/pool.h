/* The Zoom pool: accounts leased to lessons (one open lease per started
 * lesson), starting, ending and releasing lessons' meetings. Knows no HTTP;
 * talks to Zoom through src/zoom/. */
#ifndef DOMAIN_POOL_H
#define DOMAIN_POOL_H

#include <stdint.h>

struct actor;
struct arena;
struct config;

/* Why a lease was closed (zoom_pool_session.release_reason). */
#define POOL_REASON_END		"end"		/* the teacher's end action */
#define POOL_REASON_SWEEPER	"sweeper"	/* the release job */
#define POOL_REASON_WEBHOOK	"webhook"	/* Zoom's meeting.ended */
#define POOL_REASON_ADMIN	"admin"		/* an admin's release */
#define POOL_REASON_DELETE	"delete"	/* lesson or account deleted */
#define POOL_REASON_ERROR	"error"		/* the Zoom call failed */
#define POOL_REASON_EDIT	"edit"		/* rescheduled */

/* Flags of pool_release_lesson. */
#define POOL_KEEP_MEETING	0x1	/* do not end the meeting at Zoom (it
					   has ended: the webhook says so) */
#define POOL_DELETE_MEETING	0x2	/* delete it at Zoom after ending it */

/* The settings the pool and the Zoom client use, kept for the process's
 * life (workers and the scheduler call it once at start). 0 or -1. */
int	 pool_init(const struct config *);

/* Release the lesson's open lease, if any, exactly once: close it (and the
 * account's counter) in one transaction, end the meeting at Zoom unless
 * POOL_KEEP_MEETING (a meeting Zoom no longer knows or that has not started
 * counts as ended; a failed end is logged, the lease stays released), set
 * the lesson's meeting_ended_at if it was live, and write an audit row
 * zoom_account_release (who NULL: the system). reason is one of
 * POOL_REASON_*. Returns 1 if it released a lease, 0 if none was open,
 * -1 on a database error (nothing changed). Safe to call from any worker,
 * the scheduler and the webhook at the same time. */
int	 pool_release_lesson(struct arena *, int64_t lesson_id,
	    const char *reason, const struct actor *who, unsigned flags);

#endif
