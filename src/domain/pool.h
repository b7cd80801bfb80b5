/* The Zoom pool: accounts leased to lessons (one open lease per started
 * lesson), starting, ending and releasing lessons' meetings, the pool's
 * accounts and the teachers' own Zoom apps. Knows no HTTP; talks to Zoom
 * through src/zoom/. */
#ifndef DOMAIN_POOL_H
#define DOMAIN_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "domain/account.h"	/* struct field_err */

struct actor;
struct arena;
struct config;
struct lesson;
struct zoom_account;

/* Why a lease was closed (zoom_pool_session.release_reason). */
#define POOL_REASON_END		"end"		/* the teacher's end action */
#define POOL_REASON_SWEEPER	"sweeper"	/* the release job */
#define POOL_REASON_WEBHOOK	"webhook"	/* Zoom's meeting.ended */
#define POOL_REASON_ADMIN	"admin"		/* an admin's release */
#define POOL_REASON_DELETE	"delete"	/* lesson or account deleted */
#define POOL_REASON_ERROR	"error"		/* the Zoom call failed */
#define POOL_REASON_EDIT	"edit"		/* rescheduled or cancelled */

/* Flags of pool_release_lesson. */
#define POOL_KEEP_MEETING	0x1	/* do not end the meeting at Zoom (it
					   has ended: the webhook says so) */
#define POOL_DELETE_MEETING	0x2	/* delete it at Zoom after ending it */
#define POOL_FORCE		0x4	/* release even if the meeting could not
					   be ended (an admin's release) */

/* pool_release_lesson: the meeting could not be ended for now, the lease
 * stays open (the release job tries again). */
#define POOL_LATER		(-2)

/* The settings the pool and the Zoom client use, copied for the process's
 * life, the secrets' key set, libcurl set up. Workers and the scheduler
 * call it once at start. 0, or -1 (logged). */
int	 pool_init(const struct config *);

/* Release the lesson's open lease, if any, exactly once, holding the
 * lesson's start lock (no start of it runs meanwhile): end the meeting at
 * Zoom unless POOL_KEEP_MEETING (a meeting Zoom no longer knows or that has
 * not started counts as ended), then close the lease (and give the
 * account's slot back) in one transaction, set the lesson's
 * meeting_ended_at if it was live, and write an audit row
 * zoom_account_release (who NULL: the system). The slot is the meeting's as
 * long as it runs: when Zoom is busy, slow or unreachable (or a start of
 * the lesson holds the lock too long) the lease stays open and POOL_LATER
 * is returned, unless POOL_FORCE; an end Zoom refuses for good (bad
 * credentials, ...) is logged and audited and the lease released. reason
 * is one of POOL_REASON_*. Returns 1 if it released a lease, 0 if none was
 * open, POOL_LATER, -1 on a database error (nothing changed). Safe to call
 * from any worker, the scheduler and the webhook at the same time; works
 * for a lesson already deleted (the lease keeps the meeting id). */
int	 pool_release_lesson(struct arena *, int64_t lesson_id,
	    const char *reason, const struct actor *who, unsigned flags);

/* -- starting lessons ----------------------------------------------------- */

/* What a start answers. start_url is fresh from Zoom (NULL if it could not
 * be had for a meeting made with the teacher's own app); give it to the
 * lesson's teacher only, never store it. */
struct pool_meeting {
	const char	*meeting_id, *join_url, *password, *start_url;
	const char	*account_email;
	int		 created;	/* a new meeting (else the existing one) */
};

/* Why a call failed: the HTTP status that says it, the message for the
 * user (Russian and English), seconds to wait for a 429. */
struct pool_result {
	int		 status;	/* 0: success */
	const char	*msg;
	int64_t		 retry_after;
};

/* Count a start attempt of teacher (kind "start" or "start_new") against
 * lesson_start_max per lesson_start_window, shared by every worker: 0, or
 * -1 with *res (429 and retry_after, or a database error). */
int	 pool_count_attempt(struct arena *, int64_t teacher, const char *kind,
	    struct pool_result *res);

#define POOL_COUNTED	0x1	/* the attempt was counted already */

/* Start a lesson of the caller's (the face has checked that it is theirs)
 * through the pool, in the order of API c.2 start-new: the attempt counted
 * (429), cancelled (400), the open lease's meeting returned with a fresh
 * start_url (idempotent), the window start - lesson_start_early .. end
 * (400), a lease on an account (503 when every one is busy), the meeting
 * made at Zoom outside any transaction (502/503 and the lease given back on
 * failure; an account at Zoom's daily limit is skipped), stored, audited.
 * Two starts of one lesson at once make one meeting: the second waits for
 * the first (a per-lesson named lock) and returns its meeting, or 409 if it
 * waited too long. 0 and *m, or -1 and *res. */
int	 pool_start_lesson(struct arena *, const struct actor *, int64_t lesson_id,
	    unsigned flags, struct pool_meeting *m, struct pool_result *res);
/* The host link of the lesson's running meeting, fresh from Zoom, without
 * starting anything: the open lease's meeting, or one made with the
 * teacher's own app. 0 and *m, -1 and *res (404 when there is no meeting). */
int	 pool_host_link(struct arena *, int64_t lesson_id,
	    struct pool_meeting *m, struct pool_result *res);
/* The legacy start with the teacher's own Server-to-Server app (API c.2
 * start): 400 without credentials, the stored meeting (no limit applied),
 * the attempt counted (429), a new meeting. Same results. */
int	 pool_start_legacy(struct arena *, const struct actor *,
	    int64_t lesson_id, struct pool_meeting *m, struct pool_result *res);
/* The teacher ends the lesson: its lease released (the meeting ended at
 * Zoom), or a meeting of the teacher's own app ended. 0 and *released, or
 * -1 and *res (503 when Zoom could not end the meeting: the lease stays
 * open, the release job ends it later). */
int	 pool_end_lesson(struct arena *, const struct actor *, int64_t lesson_id,
	    int *released, struct pool_result *res);
/* Before a lesson is deleted: its lease released, its meeting ended and
 * deleted at Zoom (a failure at Zoom is logged, not fatal: a lease whose
 * meeting could not be ended stays for the release job). 0 or -1. */
int	 pool_lesson_deleting(struct arena *, const struct actor *,
	    int64_t lesson_id);
/* After a lesson changed (before: as it was): a cancelled lesson's lease
 * is released; a started lesson moved or resized by lesson_reschedule_min
 * or more has its meeting moved at Zoom (failures logged and audited, the
 * change stands). 0 or -1. */
int	 pool_lesson_changed(struct arena *, const struct actor *,
	    const struct lesson *before);

/* Release the open leases of the scheduler's finished lessons (ended
 * pool_release_grace ago, or deleted). *released, *later (the meeting could
 * not be ended yet: next time), *failed (database errors) counts. 0/-1. */
int	 pool_release_finished(struct arena *, int64_t *released,
	    int64_t *later, int64_t *failed);

/* -- pool accounts (admins) ----------------------------------------------- */

/* Fields as the client sent them; NULL / has_* 0: absent. */
struct pool_account_input {
	const char	*email, *zoom_account_id, *zoom_client_id;
	const char	*zoom_client_secret, *zoom_user_id;
	int		 has_max, has_active;
	int64_t		 max_concurrent_meetings;
	int		 is_active;
};

#define POOL_ERRS_MAX	8
struct pool_errs {
	size_t			 n;
	struct field_err	 e[POOL_ERRS_MAX];
};

/* Whether a secret given by a client means "keep the stored one": empty
 * or masked (starts with "****"). */
int	 pool_secret_is_keep(const char *);
/* Create (cur NULL) or change an account; full: PUT (email required). The
 * secret is sealed; an empty or masked one keeps the stored secret. 0 and
 * *id, ACCOUNT_INVALID with *err (DRF field errors), ACCOUNT_DB. Audited
 * (never with the secret). */
int	 pool_account_save(struct arena *, const struct actor *,
	    const struct zoom_account *cur, const struct pool_account_input *,
	    int full, int64_t *id, struct pool_errs *err);
/* Delete an account: its open leases released (meetings ended), lessons
 * keep their history with zoom_account null. 0 or ACCOUNT_DB. */
int	 pool_account_delete(struct arena *, const struct actor *, int64_t id);
/* Flip is_active: 1 and *active, 0 refused (needs S2S credentials first),
 * ACCOUNT_DB. */
int	 pool_account_toggle(struct arena *, const struct actor *, int64_t id,
	    int *active);
/* Release the account's lease of lesson_id, or all its open leases (0):
 * *released counted. 0 or ACCOUNT_DB. */
int	 pool_account_release(struct arena *, const struct actor *, int64_t id,
	    int64_t lesson_id, int64_t *released);
/* Whether the account may take a lease now. */
int	 pool_account_available(const struct zoom_account *);
/* The daily create/update cap in effect (zoom_daily_cap). */
int64_t	 pool_daily_cap(void);

/* -- the teachers' own apps (legacy start) -------------------------------- */

/* Change a teacher's Zoom app fields (NULL: keep; an empty or masked
 * secret keeps it; others are trimmed, at most 255 characters): 1 done, 0
 * not a teacher, ACCOUNT_INVALID with *err, ACCOUNT_DB. Audited. */
int	 pool_teacher_set_zoom(struct arena *, const struct actor *,
	    int64_t teacher, const char *account_id, const char *client_id,
	    const char *secret, const char *user_id, struct field_err *err);

#endif
