/* What Zoom reports about a lesson's meeting (webhook events): started,
 * ended (the lease is released), recordings ready. Each is idempotent:
 * Zoom may deliver an event twice. Knows no HTTP. */
#ifndef DOMAIN_MEETING_H
#define DOMAIN_MEETING_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct zoom_rec_file;

#define MEETING_NOT_FOUND	1	/* no lesson has that meeting id */

struct meeting_outcome {
	int64_t		 lesson_id;
	int		 changed;	/* the event changed the lesson */
	int		 released;	/* a pool lease was closed */
	int		 ended_again;	/* restarted after its release: ended */
	size_t		 stored, skipped;	/* recording files */
};

/* The instant of an event (event_ts, epoch milliseconds) in microseconds;
 * our clock when it is absent or more than a day off. */
int64_t	 meeting_event_time(int64_t ts_ms, int64_t now_us);
/* meeting.started at `at` (microseconds): the lesson becomes live, again
 * after a restart; an event older than the recorded end changes nothing.
 * 0 and *out, MEETING_NOT_FOUND, ACCOUNT_DB. */
int	 meeting_started(struct arena *, const char *meeting_id, int64_t at,
	    struct meeting_outcome *out);
/* meeting.ended: the end is recorded once and the lesson's pool lease
 * released without ending the meeting at Zoom (it has ended). Same
 * results. */
int	 meeting_ended(struct arena *, const char *meeting_id, int64_t at,
	    struct meeting_outcome *out);
/* recording.completed: its playable files stored on the lesson once. */
int	 meeting_recorded(struct arena *, const char *meeting_id,
	    const struct zoom_rec_file *, size_t n, struct meeting_outcome *out);

#endif
