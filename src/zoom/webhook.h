/* Zoom webhooks: the signature and timestamp check, the URL validation
 * answer and the fields of an event. Pure functions: no I/O. */
#ifndef ZOOM_WEBHOOK_H
#define ZOOM_WEBHOOK_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* How far x-zm-request-timestamp may be from our clock, seconds. */
#define ZOOM_WEBHOOK_SKEW	300

enum zoom_sig {
	ZOOM_SIG_OK,
	ZOOM_SIG_NO_SECRET,	/* no secret configured: refuse everything */
	ZOOM_SIG_MISSING,	/* a header is absent or empty */
	ZOOM_SIG_BAD_TIME,	/* the timestamp is not epoch seconds */
	ZOOM_SIG_STALE,		/* more than ZOOM_WEBHOOK_SKEW off, either way */
	ZOOM_SIG_BAD,		/* the signature does not match */
	ZOOM_SIG_NO_MEMORY,
};

/* Check signature == "v0=" + hex(HMAC-SHA256(secret, "v0:" + timestamp +
 * ":" + body)) in constant time, and timestamp (epoch seconds) against now
 * (epoch seconds). The body is the raw bytes as received. */
enum zoom_sig zoom_webhook_verify(struct arena *, const char *secret,
	    const char *timestamp, const char *signature, const char *body,
	    size_t len, int64_t now);
/* A message for a refusal (English, no secret in it). */
const char *zoom_webhook_sig_msg(enum zoom_sig);
/* The URL validation answer: hex(HMAC-SHA256(secret, plain)). */
void	 zoom_webhook_token(const char *secret, const char *plain, char out[65]);

/* One file of recording.completed; NULL / -1 where Zoom left it out. The
 * download token of the event is never read. */
struct zoom_rec_file {
	const char	*id, *file_type, *status;
	const char	*play_url, *download_url;
	const char	*recording_start, *recording_end;	/* ISO 8601 */
	int64_t		 file_size;
};

/* payload.object.participant of meeting.participant_joined and
 * meeting.participant_left; NULL where Zoom left a field out (a guest has
 * no email, older events no participant_uuid). user_id is the session's
 * id in the meeting, the same in a join and its leave. */
struct zoom_participant {
	const char	*user_id, *participant_uuid, *id;
	const char	*user_name, *email;
	const char	*join_time, *leave_time;	/* ISO 8601 */
};

/* What the handlers need of an event; strings in the arena. */
struct zoom_event {
	const char		*event;		/* NULL: no "event" key */
	const char		*plain_token;	/* payload.plainToken */
	const char		*meeting_id;	/* payload.object.id as text */
	int64_t			 ts_ms;		/* event_ts; 0 if absent */
	struct zoom_rec_file	*files;		/* payload.object.recording_files */
	size_t			 nfiles;
	int			 has_participant;	/* payload.object.participant */
	struct zoom_participant	 participant;
};

#define ZOOM_REC_FILES_MAX	100

/* Parse a body: 0 and *ev, or -1 when it is not a JSON object. Fields of
 * the wrong type are treated as absent; files past ZOOM_REC_FILES_MAX are
 * dropped. */
int	 zoom_webhook_parse(struct arena *, const char *body, size_t len,
	    struct zoom_event *ev);

#endif
