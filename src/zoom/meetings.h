/* Zoom meetings: create, get (for a fresh start_url), update (reschedule),
 * end and delete, each with a token from oauth.c; a 401 drops the cached
 * token and the call is tried once more with a new one. */
#ifndef ZOOM_MEETINGS_H
#define ZOOM_MEETINGS_H

#include <stdint.h>

struct arena;
struct zoom_creds;
struct zoom_err;

/* A meeting as Zoom describes it; strings in the arena, NULL when absent.
 * id is Zoom's 64-bit meeting number written in decimal. start_url signs
 * anyone in as the host: never stored, shown to the teacher only. */
struct zoom_meeting {
	const char	*id, *uuid, *host_id, *status;
	const char	*join_url, *start_url, *password;
};

/* What a scheduled meeting is: topic (at most 200 characters are sent),
 * start as UTC "YYYY-MM-DDTHH:MM:SSZ", duration in minutes. */
struct zoom_meeting_spec {
	const char	*topic, *start_time;
	int64_t		 duration;
};

/* POST /users/{user}/meetings: a scheduled meeting (type 2, time zone UTC)
 * with the lesson settings (host and participant video on, no joining
 * before the host, muted on entry, no waiting room, audio both, no
 * automatic recording). 0 and *m, or -1 and *err. */
int	 zoom_meeting_create(struct arena *, const struct zoom_creds *,
	    const char *user, const struct zoom_meeting_spec *,
	    struct zoom_meeting *m, struct zoom_err *err);
/* GET /meetings/{id}. 0 and *m, or -1 and *err (ZOOM_E_NOT_FOUND). */
int	 zoom_meeting_get(struct arena *, const struct zoom_creds *,
	    const char *id, struct zoom_meeting *m, struct zoom_err *err);
/* PATCH /meetings/{id} with the new start_time and duration. 0 or -1. */
int	 zoom_meeting_update(struct arena *, const struct zoom_creds *,
	    const char *id, const struct zoom_meeting_spec *,
	    struct zoom_err *err);
/* PUT /meetings/{id}/status {"action":"end"}: 0 when it ended, or was not
 * running, or Zoom does not know it (404 or another 4xx but 401, 403 and
 * 429); -1 and *err otherwise. */
int	 zoom_meeting_end(struct arena *, const struct zoom_creds *,
	    const char *id, struct zoom_err *err);
/* DELETE /meetings/{id}: 0 when deleted or unknown (404), else -1. */
int	 zoom_meeting_delete(struct arena *, const struct zoom_creds *,
	    const char *id, struct zoom_err *err);

#endif
