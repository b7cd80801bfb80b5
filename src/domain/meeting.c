/* Zoom's meeting events applied to lessons. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/dt.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "domain/account.h"
#include "domain/meeting.h"
#include "domain/pool.h"
#include "domain/recording.h"

#define DAY_US	(86400LL * 1000000)

int64_t
meeting_event_time(int64_t ts_ms, int64_t now)
{
	int64_t	 us;

	if (ts_ms <= 0 || ts_ms > INT64_MAX / 1000)
		return now;
	us = ts_ms * 1000;
	return us < now - DAY_US || us > now + DAY_US ? now : us;
}

/* The lesson of the meeting: 0, MEETING_NOT_FOUND, ACCOUNT_DB. */
static int
find(struct arena *a, const char *meeting_id, struct meeting_outcome *out)
{
	int	 rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_lesson_by_meeting(a, meeting_id, &out->lesson_id)) == -1)
		return ACCOUNT_DB;
	return rc == 1 ? 0 : MEETING_NOT_FOUND;
}

int
meeting_started(struct arena *a, const char *meeting_id, int64_t at,
    struct meeting_outcome *out)
{
	const char	*when;
	int		 rc;

	if ((rc = find(a, meeting_id, out)) != 0)
		return rc;
	/* A meeting restarted after its release is leased again or ended
	 * again; an ended one does not make the lesson live. */
	if ((rc = pool_meeting_restarted(a, out->lesson_id, meeting_id)) == -1)
		return ACCOUNT_DB;
	if (rc == 2) {
		out->ended_again = 1;
		return 0;
	}
	if ((when = dt_db(a, at)) == NULL ||
	    (rc = db_lesson_meeting_started(a, out->lesson_id, when)) == -1)
		return ACCOUNT_DB;
	out->changed = rc;
	return 0;
}

int
meeting_ended(struct arena *a, const char *meeting_id, int64_t at,
    struct meeting_outcome *out)
{
	const char	*when;
	int		 rc;

	if ((rc = find(a, meeting_id, out)) != 0)
		return rc;
	if ((when = dt_db(a, at)) == NULL ||
	    (rc = db_lesson_meeting_ended(a, out->lesson_id, when)) == -1)
		return ACCOUNT_DB;
	out->changed = rc;
	/* Only the delivery that recorded the end releases: a repeated one (or
	 * an end from before a restart, which leaves the live meeting its
	 * lease) changes nothing. A lease an end left open (the database
	 * failed between the two) goes with the release job. */
	if (rc == 0)
		return 0;
	if ((rc = pool_release_lesson(a, out->lesson_id, POOL_REASON_WEBHOOK,
	    NULL, POOL_KEEP_MEETING)) == -1)
		return ACCOUNT_DB;
	out->released = rc == 1;	/* POOL_LATER: the release job's */
	return 0;
}

int
meeting_recorded(struct arena *a, const char *meeting_id,
    const struct zoom_rec_file *f, size_t n, struct meeting_outcome *out)
{
	int	 rc;

	if ((rc = find(a, meeting_id, out)) != 0)
		return rc;
	if (recording_store_zoom(a, out->lesson_id, f, n, &out->stored,
	    &out->skipped) != 0)
		return ACCOUNT_DB;
	out->changed = out->stored > 0;
	return 0;
}
