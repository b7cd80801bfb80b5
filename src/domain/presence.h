/* Attendance from Zoom (beyond the original): the student's tracked join
 * button and the webhook's participant events. A participant is matched
 * to a student of the lesson's group by email, else by the name the join
 * link set (a click's, else a member's full name; one student only). What
 * is stored here never becomes an attendance mark by itself: the journal
 * suggests "present" and the teacher confirms. Knows no HTTP. */
#ifndef DOMAIN_PRESENCE_H
#define DOMAIN_PRESENCE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct lesson;
struct zoom_participant;

/* Why a student may not join now. */
enum presence_refusal {
	PRESENCE_OK,
	PRESENCE_CANCELLED,	/* the lesson was cancelled */
	PRESENCE_EARLY,		/* more than early_sec before its start */
	PRESENCE_OVER,		/* after its end, or its meeting ended */
	PRESENCE_NO_MEETING,	/* the teacher has not started it */
};

/* Whether a student may follow the join link of lesson l at now_us. */
enum presence_refusal presence_may_join(const struct lesson *, int64_t now_us,
	    int64_t early_sec);
/* Record the click of student (name: the name the link gives Zoom) and
 * return the meeting's join URL with uname=<name> added (arena), or NULL
 * on a database error or overflow. The caller checked presence_may_join. */
const char *presence_join(struct arena *, const struct lesson *,
	    int64_t student_id, const char *name);

/* What a participant event did. */
struct presence_outcome {
	int64_t		 lesson_id;
	int64_t		 student_id;	/* 0: nobody matched */
	const char	*matched_by;	/* "email", "name" or NULL */
	int		 changed;	/* 0: a redelivery, nothing new */
};

/* meeting.participant_joined (joined 1) or meeting.participant_left
 * (joined 0) of the lesson with that meeting, at the participant's
 * join_time / leave_time (else at_us, the event's time). Idempotent.
 * 0 and *out, MEETING_NOT_FOUND (domain/meeting.h), ACCOUNT_INVALID (no
 * participant in the event), ACCOUNT_DB. */
int	 presence_event(struct arena *, const char *meeting_id, int joined,
	    const struct zoom_participant *, int64_t at_us,
	    struct presence_outcome *out);

/* Whether two names are the same person's to Zoom: equal once trimmed,
 * runs of spaces collapsed, Latin and Cyrillic letters case-folded (ё
 * and е stay apart). */
int	 presence_name_eq(const char *a, const char *b);

#endif
