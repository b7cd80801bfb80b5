/* The Zoom pool's releases: a lesson's lease closed and its meeting ended
 * (by the teacher, the sweeper, an edit or a delete), a meeting moved when
 * its lesson is, and the meetings of teachers' own Zoom apps ended. The
 * leases and starts are pool.c's. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "db/db_pool.h"
#include "db/db_zoom.h"
#include "domain/audit.h"
#include "domain/lesson.h"
#include "domain/pool.h"
#include "zoom/meetings.h"
#include "zoom/zoom.h"
#include "domain/pool_int.h"

/* pool_release_lesson with the lesson's start lock held. */
static int
release_locked(struct arena *a, int64_t lesson_id, const char *reason,
    const struct actor *who, unsigned flags)
{
	struct json_object	*d;
	struct zoom_err		 e;
	struct lease		 l;
	enum db_err		 de;
	int			 tries, rc = 0, ended = 0;

	if ((rc = db_pool_open_lease(a, lesson_id, &l)) != 1)
		return rc;
	/* The meeting first: while it runs, the slot is taken. No start can
	 * give the lease a meeting meanwhile (the lock), so this is its last. */
	memset(&e, 0, sizeof(e));
	if (l.meeting_id != NULL && l.account_id != 0) {
		/* Ended (unless Zoom said it has) and deleted: an old start
		 * link must not bring the meeting back on an account the pool
		 * hands to another lesson (issue 18). */
		ended = pool_zoom_finish(a, l.account_id, l.meeting_id,
		    flags | POOL_DELETE_MEETING, &e) == 0;
		if (!ended && zoom_err_status(&e) == 503 && !(flags & POOL_FORCE)) {
			log_warnx("pool: lesson %lld: meeting %s not ended (%s); "
			    "its lease stays open until it is", (long long)lesson_id,
			    l.meeting_id, zoom_err_text(&e));
			return POOL_LATER;
		}
	}
	for (tries = 0; tries < TX_TRIES; tries++) {
		if (db_pool_begin() == -1)
			return -1;
		if ((rc = db_pool_lease_close(a, &l, reason)) == -1 ||
		    (rc == 1 && db_pool_lesson_mark_ended(a, lesson_id) == -1) ||
		    db_commit() == -1)
			goto retry;
		break;
retry:
		if (!pool_rollback_retry(&de))
			return -1;
	}
	if (tries == TX_TRIES)
		return -1;
	if (rc != 1)
		return 0;
	log_info("pool: lesson %lld released (%s)", (long long)lesson_id, reason);
	d = json_object_new_object();
	json_object_object_add(d, "reason", json_object_new_string(reason));
	json_object_object_add(d, "account_id", json_object_new_int64(l.account_id));
	if (l.meeting_id != NULL)
		json_object_object_add(d, "zoom_meeting_id",
		    json_object_new_string(l.meeting_id));
	json_object_object_add(d, "meeting_ended", json_object_new_boolean(ended));
	if (e.kind != ZOOM_E_NONE)
		json_object_object_add(d, "zoom_error",
		    json_object_new_string(zoom_err_text(&e)));
	pool_audit(a, who, "zoom_account_release", "lesson", lesson_id, d);
	return 1;
}

int
pool_release_lesson(struct arena *a, int64_t lesson_id, const char *reason,
    const struct actor *who, unsigned flags)
{
	const char	*lock;
	int		 rc;

	if ((lock = pool_lock_name(a, lesson_id)) == NULL ||
	    (rc = db_zoom_lock(a, lock, pool_ps.lock_wait)) == -1)
		return -1;
	if (rc == 0) {
		log_warnx("pool: lesson %lld: its start holds the lock; released "
		    "later", (long long)lesson_id);
		return POOL_LATER;
	}
	rc = release_locked(a, lesson_id, reason, who, flags);
	db_zoom_unlock(a, lock);
	return rc;
}

int
pool_release_finished(struct arena *a, int64_t *released, int64_t *later,
    int64_t *failed)
{
	int64_t	*ids;
	size_t	 n, i;
	int	 rc;

	*released = *later = *failed = 0;
	if (db_pool_finished_leases(a, pool_ps.grace, &ids, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((rc = pool_release_lesson(a, ids[i], POOL_REASON_SWEEPER,
		    NULL, 0)) == -1)
			(*failed)++;
		else if (rc == POOL_LATER)
			(*later)++;
		else
			*released += rc;
	}
	return 0;
}

/* A meeting made with the teacher's own app (never leased): end it (and
 * delete it). 1 done, 0 none, -1 failed at Zoom. */
static int
legacy_finish(struct arena *a, const struct lesson *l, int del,
    struct zoom_err *e)
{
	struct teacher_zoom	 t;
	struct zoom_creds	 c;

	memset(e, 0, sizeof(*e));
	if (l->zoom_meeting_id == NULL || db_pool_ever_leased(a, l->id) != 0)
		return 0;
	if (db_pool_teacher_get(a, l->teacher_id, &t) != 1 ||
	    pool_teacher_creds(a, &t, &c) == -1)
		return 0;
	if (zoom_meeting_end(a, &c, l->zoom_meeting_id, e) == -1 ||
	    (del && zoom_meeting_delete(a, &c, l->zoom_meeting_id, e) == -1))
		return -1;
	return 1;
}

int
pool_end_lesson(struct arena *a, const struct actor *who, int64_t lesson_id,
    int *released, struct pool_result *res)
{
	struct json_object	*d;
	struct zoom_err		 e;
	struct lesson		 l;
	int			 rc;

	memset(res, 0, sizeof(*res));
	*released = 0;
	if ((rc = pool_release_lesson(a, lesson_id, POOL_REASON_END, who, 0)) == -1)
		return pool_db_fail(res);
	if (rc == POOL_LATER)
		return pool_fail(res, 503, "Zoom не ответил, встреча ещё идёт. Повторите "
		    "позже; после конца занятия она завершится сама. Zoom did not "
		    "answer, the meeting is still running: retry later.");
	*released = rc;
	if (rc == 0) {
		if ((rc = db_lesson_get(a, lesson_id, &l)) != 1)
			return rc == -1 ? pool_db_fail(res) : pool_fail(res, 404, "Not found.");
		if (legacy_finish(a, &l, 0, &e) == -1)
			return pool_zoom_fail(res, &e);
		if (db_pool_lesson_mark_ended(a, lesson_id) == -1)
			return pool_db_fail(res);
	}
	d = json_object_new_object();
	json_object_object_add(d, "released", json_object_new_boolean(*released));
	pool_audit(a, who, "lesson_end", "lesson", lesson_id, d);
	return 0;
}

int
pool_lesson_deleting(struct arena *a, const struct actor *who,
    int64_t lesson_id)
{
	struct zoom_err	 e;
	struct lesson	 l;
	int		 rc;

	if ((rc = pool_release_lesson(a, lesson_id, POOL_REASON_DELETE, who,
	    POOL_DELETE_MEETING)) == -1)
		return -1;
	if (rc == POOL_LATER)
		return 0;	/* the release job ends it, the lesson gone */
	if (rc == 0 && db_lesson_get(a, lesson_id, &l) == 1 &&
	    legacy_finish(a, &l, 1, &e) == -1)
		log_warnx("pool: the meeting of deleted lesson %lld stays at Zoom",
		    (long long)lesson_id);
	return 0;
}

static int64_t
abs64(int64_t v)
{
	return v < 0 ? -v : v;
}

int
pool_lesson_changed(struct arena *a, const struct actor *who,
    const struct lesson *before)
{
	struct zoom_meeting_spec spec;
	struct json_object	*d;
	struct zoom_account	 acc;
	struct teacher_zoom	 t;
	struct zoom_creds	 c;
	struct zoom_err		 e;
	struct lesson		 l;
	struct lease		 lease;
	int64_t			 s0, s1, e0, e1;
	int			 rc, ok;

	if ((rc = db_lesson_get(a, before->id, &l)) != 1)
		return rc;
	if (l.cancelled_at != NULL && before->cancelled_at == NULL)
		return pool_release_lesson(a, l.id, POOL_REASON_EDIT, who, 0) == -1 ?
		    -1 : 0;
	if (l.zoom_meeting_id == NULL || dt_parse_iso(before->start_time, &s0) ||
	    dt_parse_iso(l.start_time, &s1) || dt_parse_iso(before->end_time, &e0)
	    || dt_parse_iso(l.end_time, &e1))
		return 0;
	if ((s0 == s1 && e0 == e1) || (abs64(s1 - s0) < pool_ps.reschedule_min *
	    1000000 && abs64((e1 - s1) - (e0 - s0)) < pool_ps.reschedule_min * 1000000))
		return 0;
	memset(&e, 0, sizeof(e));
	if ((rc = db_pool_open_lease(a, l.id, &lease)) == -1)
		return -1;
	if (rc == 1 && lease.meeting_id != NULL &&
	    db_pool_account_get(a, lease.account_id, &acc) == 1) {
		(void)db_pool_daily_add(a, acc.id);
		ok = pool_account_creds(a, &acc, &c, &e) == 0;
	} else if (rc == 0 && db_pool_ever_leased(a, l.id) == 0 &&
	    db_pool_teacher_get(a, l.teacher_id, &t) == 1)
		ok = pool_teacher_creds(a, &t, &c) == 0;
	else
		return 0;	/* the meeting is over: nothing to move */
	pool_spec_of(a, &l, &spec);
	if (ok)
		ok = zoom_meeting_update(a, &c, l.zoom_meeting_id, &spec, &e) == 0;
	d = json_object_new_object();
	json_object_object_add(d, "zoom_meeting_id",
	    json_object_new_string(l.zoom_meeting_id));
	json_object_object_add(d, "start_time", json_object_new_string(
	    spec.start_time));
	json_object_object_add(d, "duration", json_object_new_int64(spec.duration));
	json_object_object_add(d, "ok", json_object_new_boolean(ok));
	if (!ok)
		json_object_object_add(d, "zoom_error",
		    json_object_new_string(zoom_err_text(&e)));
	pool_audit(a, who, "lesson_zoom_reschedule", "lesson", l.id, d);
	return 0;
}
