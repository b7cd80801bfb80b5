/* The Zoom pool: leases, starting and releasing lessons' meetings, pool
 * accounts, teachers' own Zoom apps. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/log.h"
#include "core/str.h"
#include "crypto/aead.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "db/db_pool.h"
#include "db/db_zoom.h"
#include "domain/audit.h"
#include "domain/lesson.h"
#include "domain/pool.h"
#include "zoom/meetings.h"
#include "zoom/zoom.h"

#define CANDIDATES	16	/* accounts tried for one lease */
#define TX_TRIES	3	/* a transaction retried after a deadlock */
#define DAILY_TRIES	3	/* accounts tried when Zoom says "daily limit" */
#define FIELD_MAX	255

#define BUSY		"Все Zoom-аккаунты заняты. Попробуйте позже. " \
			"All Zoom accounts are busy, try again later."
#define STARTING	"Занятие уже запускается. Повторите через несколько " \
			"секунд. The lesson is being started, retry shortly."
#define LEGACY_EMAIL	"Личный Zoom преподавателя"

/* The settings, copied at pool_init. */
static struct {
	int64_t		 daily_cap, start_max, start_window, start_early;
	int64_t		 reschedule_min, grace, lock_wait;
} ps;

static const struct actor system_actor = { 0, NULL, "tpanel" };

int
pool_init(const struct config *c)
{
	ps.daily_cap = c->zoom_daily_cap;
	ps.start_max = c->lesson_start_max;
	ps.start_window = c->lesson_start_window;
	ps.start_early = c->lesson_start_early;
	ps.reschedule_min = c->lesson_reschedule_min;
	ps.grace = c->pool_release_grace;
	/* A second start waits as long as the first may take at Zoom. */
	ps.lock_wait = (c->zoom_retry_budget_ms * 2 + c->zoom_timeout_ms) / 1000
	    + 5;
	if (aead_set_key(c->secret_encryption_key, c->secret_key) == -1 &&
	    c->secret_encryption_key[0] != '\0') {
		log_error("secret_encryption_key must be 64 hex characters");
		return -1;
	}
	return zoom_init(c);
}

int64_t
pool_daily_cap(void)
{
	return ps.daily_cap;
}

static int
fail(struct pool_result *res, int status, const char *msg)
{
	res->status = status;
	res->msg = msg;
	res->retry_after = 0;
	return -1;
}

static int
db_fail_e(struct pool_result *res, enum db_err e)
{
	if (e == DB_ERR_DOWN)
		return fail(res, 503, "База данных недоступна. Попробуйте чуть "
		    "позже. Database unavailable.");
	if (e == DB_ERR_LOCK)
		return fail(res, 503, "Сервер занят, попробуйте ещё раз. The "
		    "server is busy, retry.");
	return fail(res, 500, "Internal server error");
}

static int
db_fail(struct pool_result *res)
{
	return db_fail_e(res, db_last_error());
}

/* Roll the transaction back keeping the error that ended it (a rollback
 * resets it): whether it was a deadlock or lock wait, worth a retry. */
static int
rollback_retry(enum db_err *e)
{
	*e = db_last_error();
	db_rollback();
	if (*e == DB_ERR_LOCK)
		log_info("pool: transaction retried after a lock conflict");
	return *e == DB_ERR_LOCK;
}

static int
zoom_fail(struct pool_result *res, const struct zoom_err *e)
{
	return fail(res, zoom_err_status(e), zoom_err_text(e));
}

static const struct actor *
actor_or_system(const struct actor *who)
{
	return who != NULL ? who : &system_actor;
}

static void
audit(struct arena *a, const struct actor *who, const char *action,
    const char *type, int64_t id, struct json_object *d)
{
	if (audit_record(a, actor_or_system(who), action, type, id, d) == -1)
		log_warnx("audit: could not record %s of %s %lld", action, type,
		    (long long)id);
	json_object_put(d);
}

/* A stored secret in clear: sealed text opened, a value from before the
 * encryption taken as it is; NULL when it cannot be opened. */
static const char *
secret_open(struct arena *a, const char *s)
{
	if (s == NULL || *s == '\0')
		return "";
	if (!aead_is_sealed(s))
		return s;
	return aead_open_str(a, s);
}

static int
account_creds(struct arena *a, const struct zoom_account *acc,
    struct zoom_creds *c, struct zoom_err *e)
{
	memset(e, 0, sizeof(*e));
	c->account_id = acc->zoom_account_id;
	c->client_id = acc->zoom_client_id;
	if ((c->client_secret = secret_open(a, acc->secret_enc)) == NULL) {
		log_warnx("pool: the secret of account %lld cannot be opened "
		    "(secret_encryption_key changed?)", (long long)acc->id);
		e->kind = ZOOM_E_CONFIG;
		return -1;
	}
	return 0;
}

/* The host user of a pool account's meetings. */
static const char *
host_of(const struct zoom_account *acc)
{
	return acc->zoom_user_id[0] ? acc->zoom_user_id : acc->email;
}

static int
teacher_creds(struct arena *a, const struct teacher_zoom *t,
    struct zoom_creds *c)
{
	c->account_id = t->account_id;
	c->client_id = t->client_id;
	c->client_secret = secret_open(a, t->secret);
	return c->client_secret != NULL && t->account_id[0] && t->client_id[0] &&
	    c->client_secret[0] ? 0 : -1;
}

/* The lesson's meeting as Zoom wants it. */
static void
spec_of(struct arena *a, const struct lesson *l, struct zoom_meeting_spec *s)
{
	int64_t	 us = 0;

	(void)dt_parse_iso(l->start_time, &us);
	s->topic = arena_printf(a, "%s - %s", l->group_name, l->title);
	s->start_time = arena_printf(a, "%.10sT%.8sZ", dt_db(a, us),
	    dt_db(a, us) + 11);
	s->duration = l->duration_minutes > 0 ? l->duration_minutes : 1;
}

int
pool_count_attempt(struct arena *a, int64_t teacher, const char *kind,
    struct pool_result *res)
{
	int64_t	 count, retry;

	if (db_pool_attempt(a, teacher, kind, ps.start_window, &count,
	    &retry) == -1)
		return db_fail(res);
	if (count < ps.start_max)
		return 0;
	fail(res, 429, "Слишком много попыток запуска. Too many start attempts.");
	res->retry_after = retry > 0 ? retry : 1;
	return -1;
}

/* -- release -------------------------------------------------------------- */

/* End (and delete) a meeting at Zoom with an account's credentials:
 * 0, or -1 and *e. */
static int
zoom_finish(struct arena *a, int64_t account_id, const char *meeting_id,
    unsigned flags, struct zoom_err *e)
{
	struct zoom_account	 acc;
	struct zoom_creds	 c;
	int			 rc;

	memset(e, 0, sizeof(*e));
	if ((rc = db_pool_account_get(a, account_id, &acc)) != 1) {
		e->kind = ZOOM_E_CONFIG;
		return -1;
	}
	if (account_creds(a, &acc, &c, e) == -1 ||
	    zoom_meeting_end(a, &c, meeting_id, e) == -1)
		return -1;
	if ((flags & POOL_DELETE_MEETING) &&
	    zoom_meeting_delete(a, &c, meeting_id, e) == -1)
		return -1;
	return 0;
}

/* The name of a lesson's start lock (NULL: out of memory). */
static const char *
start_lock_name(struct arena *a, int64_t lesson_id)
{
	return arena_printf(a, "tpanel_start_%lld", (long long)lesson_id);
}

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
	if (!(flags & POOL_KEEP_MEETING) && l.meeting_id != NULL &&
	    l.account_id != 0) {
		ended = zoom_finish(a, l.account_id, l.meeting_id, flags, &e) == 0;
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
		if (!rollback_retry(&de))
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
	audit(a, who, "zoom_account_release", "lesson", lesson_id, d);
	return 1;
}

int
pool_release_lesson(struct arena *a, int64_t lesson_id, const char *reason,
    const struct actor *who, unsigned flags)
{
	const char	*lock;
	int		 rc;

	if ((lock = start_lock_name(a, lesson_id)) == NULL ||
	    (rc = db_zoom_lock(a, lock, ps.lock_wait)) == -1)
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
	if (db_pool_finished_leases(a, ps.grace, &ids, &n) == -1)
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

/* -- starting ------------------------------------------------------------- */

/* Whether now is within the lesson's start window: NULL, or why not. */
static const char *
outside_window(const char *start, const char *end)
{
	int64_t	 s, e, now = lesson_now();

	if (dt_parse_iso(start, &s) == -1 || dt_parse_iso(end, &e) == -1)
		return "Неверное время занятия. Bad lesson time.";
	if (now < s - ps.start_early * 1000000)
		return ps.start_early == 900 ? "Занятие можно начать не раньше "
		    "чем за 15 минут до начала. A lesson may be started from 15 "
		    "minutes before its start." : "Занятие ещё рано начинать. "
		    "It is too early to start this lesson.";
	if (now > e)
		return "Занятие уже закончилось. The lesson is over.";
	return NULL;
}

/* The lease step, one short transaction with the lesson's row locked: 1
 * and the open lease that has a meeting (*lease), 2 a meeting of the
 * teacher's own app is there, 0 a new lease taken (*lease), -1 *res. */
static int
acquire(struct arena *a, int64_t lesson_id, struct lease *lease,
    struct pool_result *res)
{
	struct lesson_lock	 ll;
	const char		*why;
	int64_t			 ids[CANDIDATES], chosen;
	enum db_err		 de = DB_OK;
	size_t			 n, i;
	int			 tries, rc;

	for (tries = 0; tries < TX_TRIES; tries++) {
		chosen = 0;
		if (db_pool_begin() == -1)
			return db_fail(res);
		if ((rc = db_pool_lesson_lock(a, lesson_id, &ll)) == -1)
			goto retry;
		if (rc == 0) {
			db_rollback();
			return fail(res, 404, "Not found.");
		}
		/* The lesson's row lock orders every start of it: a plain read
		 * of its lease suffices (and takes no gap lock). */
		if ((rc = db_pool_open_lease(a, lesson_id, lease)) == -1)
			goto retry;
		if (rc == 1 && lease->meeting_id != NULL) {
			db_rollback();
			return 1;
		}
		if (rc == 0 && ll.meeting_id != NULL && !ll.ever_leased) {
			db_rollback();
			return 2;
		}
		/* A lease without a meeting while we hold the lesson's start
		 * lock: its start died half-way. */
		if (rc == 1) {
			log_warnx("pool: lesson %lld: abandoned lease %lld closed",
			    (long long)lesson_id, (long long)lease->id);
			if (db_pool_lease_close(a, lease, POOL_REASON_ERROR) == -1)
				goto retry;
		}
		if ((why = outside_window(ll.start_time, ll.end_time)) != NULL) {
			db_rollback();
			return fail(res, 400, why);
		}
		if (db_pool_candidates(a, ll.teacher_id, ps.daily_cap, ids,
		    CANDIDATES, &n) == -1)
			goto retry;
		for (i = 0; i < n && chosen == 0; i++) {
			if ((rc = db_pool_take(a, ids[i], ps.daily_cap)) == -1)
				goto retry;
			if (rc == 1)
				chosen = ids[i];
		}
		if (chosen == 0) {
			db_rollback();
			return fail(res, 503, BUSY);
		}
		if (db_pool_lease_insert(a, lesson_id, chosen, ll.teacher_id,
		    &lease->id) == -1 || db_pool_daily_add(a, chosen) == -1 ||
		    db_commit() == -1)
			goto retry;
		lease->lesson_id = lesson_id;
		lease->account_id = chosen;
		lease->meeting_id = NULL;
		return 0;
retry:
		if (!rollback_retry(&de))
			return db_fail_e(res, de);
	}
	return db_fail_e(res, de);
}

/* Close a lease of ours in its own transaction (a failed start). */
static void
give_back(struct arena *a, const struct lease *lease)
{
	enum db_err	 de;
	int		 tries;

	for (tries = 0; tries < TX_TRIES; tries++) {
		if (db_pool_begin() == -1)
			break;
		if (db_pool_lease_close(a, lease, POOL_REASON_ERROR) != -1 &&
		    db_commit() == 0)
			return;
		if (!rollback_retry(&de))
			break;
	}
	log_warnx("pool: lease %lld could not be given back; the release job "
	    "will", (long long)lease->id);
}

static void
audit_start(struct arena *a, const struct actor *who, const struct lesson *l,
    const char *action, const char *email, const char *meeting,
    const struct pool_result *res)
{
	struct json_object	*d = json_object_new_object();

	json_object_object_add(d, "lesson_title", json_object_new_string(l->title));
	json_object_object_add(d, "group_name",
	    json_object_new_string(l->group_name));
	json_object_object_add(d, "start_time", json_object_new_string(
	    dt_iso(a, l->start_time)));
	if (email != NULL)
		json_object_object_add(d, "zoom_account_email",
		    json_object_new_string(email));
	if (meeting != NULL)
		json_object_object_add(d, "zoom_meeting_id",
		    json_object_new_string(meeting));
	if (res != NULL) {
		json_object_object_add(d, "status", json_object_new_int(res->status));
		json_object_object_add(d, "error", json_object_new_string(
		    res->msg ? res->msg : ""));
	}
	audit(a, who, action, "lesson", l->id, d);
}

/* The open lease's meeting with a fresh start_url. */
static int
existing(struct arena *a, const struct lesson *l, const struct lease *lease,
    struct pool_meeting *m, struct pool_result *res)
{
	struct zoom_account	 acc;
	struct zoom_meeting	 zm;
	struct zoom_creds	 c;
	struct zoom_err		 e;
	struct lesson		 now;
	int			 rc;

	if ((rc = db_pool_account_get(a, lease->account_id, &acc)) == -1 ||
	    (rc == 1 && db_lesson_get(a, l->id, &now) == -1))
		return db_fail(res);
	if (rc == 0)
		return fail(res, 409, "Zoom-аккаунт этого занятия удалён. The "
		    "lesson's Zoom account was deleted.");
	if (account_creds(a, &acc, &c, &e) == -1 ||
	    zoom_meeting_get(a, &c, lease->meeting_id, &zm, &e) == -1)
		return zoom_fail(res, &e);
	m->meeting_id = lease->meeting_id;
	m->join_url = zm.join_url ? zm.join_url : now.zoom_join_url;
	m->password = zm.password ? zm.password : now.zoom_password;
	m->start_url = zm.start_url;
	m->account_email = acc.email;
	m->created = 0;
	return 0;
}

/* The stored meeting made with the teacher's own app, with a fresh
 * start_url when the app is still set up. */
static int
existing_legacy(struct arena *a, int64_t lesson_id, struct pool_meeting *m,
    struct pool_result *res)
{
	struct teacher_zoom	 t;
	struct zoom_meeting	 zm;
	struct zoom_creds	 c;
	struct zoom_err		 e;
	struct lesson		 l;
	int			 rc;

	if ((rc = db_lesson_get(a, lesson_id, &l)) != 1)
		return rc == -1 ? db_fail(res) : fail(res, 404, "Not found.");
	m->meeting_id = l.zoom_meeting_id;
	m->join_url = l.zoom_join_url;
	m->password = l.zoom_password;
	m->start_url = NULL;
	m->account_email = LEGACY_EMAIL;
	m->created = 0;
	if ((rc = db_pool_teacher_get(a, l.teacher_id, &t)) == -1)
		return db_fail(res);
	if (rc == 1 && teacher_creds(a, &t, &c) == 0 &&
	    zoom_meeting_get(a, &c, l.zoom_meeting_id, &zm, &e) == 0)
		m->start_url = zm.start_url;
	return 0;
}

/* Make the meeting on the lease's account. -1 with *daily set when the
 * account reached Zoom's daily limit (the caller tries another). */
static int
create(struct arena *a, const struct actor *who, const struct lesson *l,
    const struct lease *lease, struct pool_meeting *m, struct pool_result *res,
    int *daily)
{
	struct zoom_meeting_spec spec;
	struct zoom_account	 acc;
	struct zoom_meeting	 zm;
	struct zoom_creds	 c;
	struct zoom_err		 e;
	enum db_err		 de = DB_OK;
	int			 rc, tries, done = 0;

	*daily = 0;
	if ((rc = db_pool_account_get(a, lease->account_id, &acc)) != 1) {
		give_back(a, lease);
		return rc == -1 ? db_fail(res) : fail(res, 503, BUSY);
	}
	spec_of(a, l, &spec);
	if (account_creds(a, &acc, &c, &e) == -1 ||
	    zoom_meeting_create(a, &c, host_of(&acc), &spec, &zm, &e) == -1) {
		give_back(a, lease);
		if (e.kind == ZOOM_E_DAILY) {
			*daily = 1;
			(void)db_pool_daily_cap(a, acc.id, ps.daily_cap);
		}
		zoom_fail(res, &e);
		audit_start(a, who, l, "lesson_start_failed", acc.email, NULL, res);
		return -1;
	}
	for (tries = 0; tries < TX_TRIES; tries++) {
		if (db_pool_begin() == -1)
			break;
		if ((rc = db_pool_lease_set_meeting(a, lease->id, zm.id)) == -1)
			goto retry;
		if (rc == 0) {
			/* Released while Zoom was making it: undo at Zoom. */
			db_rollback();
			(void)zoom_meeting_delete(a, &c, zm.id, &e);
			fail(res, 409, "Запуск прерван: занятие остановили или "
			    "удалили. The start was cancelled meanwhile.");
			audit_start(a, who, l, "lesson_start_failed", acc.email,
			    zm.id, res);
			return -1;
		}
		if (db_pool_lesson_set_meeting(a, l->id, acc.id, zm.id,
		    zm.join_url, zm.password) == -1 || db_commit() == -1)
			goto retry;
		done = 1;
		break;
retry:
		if (!rollback_retry(&de))
			break;
	}
	if (!done) {
		/* The meeting cannot be recorded: do not leave it at Zoom. */
		(void)zoom_meeting_delete(a, &c, zm.id, &e);
		give_back(a, lease);
		db_fail_e(res, de);
		audit_start(a, who, l, "lesson_start_failed", acc.email, zm.id, res);
		return -1;
	}
	m->meeting_id = zm.id;
	m->join_url = zm.join_url;
	m->password = zm.password;
	m->start_url = zm.start_url;
	m->account_email = acc.email;
	m->created = 1;
	audit_start(a, who, l, "lesson_start", acc.email, zm.id, NULL);
	return 0;
}

static int
start_locked(struct arena *a, const struct actor *who, const struct lesson *l,
    struct pool_meeting *m, struct pool_result *res)
{
	struct lease	 lease;
	int		 tries, rc, daily;

	for (tries = 0; tries < DAILY_TRIES; tries++) {
		if ((rc = acquire(a, l->id, &lease, res)) == -1) {
			if (res->status == 503 || res->status == 400)
				audit_start(a, who, l, "lesson_start_failed", NULL,
				    NULL, res);
			return -1;
		}
		if (rc == 1)
			return existing(a, l, &lease, m, res);
		if (rc == 2)
			return existing_legacy(a, l->id, m, res);
		if (create(a, who, l, &lease, m, res, &daily) == 0)
			return 0;
		if (!daily)
			return -1;
	}
	return -1;
}

/* Run fn with the lesson's start lock held: one start of a lesson at a
 * time on every worker and host. */
static int
with_start_lock(struct arena *a, int64_t lesson_id, struct pool_result *res,
    const char **lock)
{
	int	 rc;

	if ((*lock = start_lock_name(a, lesson_id)) == NULL)
		return db_fail(res);
	if ((rc = db_zoom_lock(a, *lock, ps.lock_wait)) == -1)
		return db_fail(res);
	if (rc == 0)
		return fail(res, 409, STARTING);
	return 0;
}

int
pool_start_lesson(struct arena *a, const struct actor *who, int64_t lesson_id,
    unsigned flags, struct pool_meeting *m, struct pool_result *res)
{
	struct lesson	 l;
	const char	*lock;
	int		 rc;

	memset(m, 0, sizeof(*m));
	memset(res, 0, sizeof(*res));
	if (!(flags & POOL_COUNTED) &&
	    pool_count_attempt(a, who->id, "start_new", res) == -1)
		return -1;
	if ((rc = db_lesson_get(a, lesson_id, &l)) != 1)
		return rc == -1 ? db_fail(res) : fail(res, 404, "Not found.");
	if (l.cancelled_at != NULL)
		return fail(res, 400, "Занятие отменено: его нельзя начать. A "
		    "cancelled lesson cannot be started.");
	if (with_start_lock(a, lesson_id, res, &lock) == -1)
		return -1;
	rc = start_locked(a, who, &l, m, res);
	db_zoom_unlock(a, lock);
	return rc;
}

int
pool_host_link(struct arena *a, int64_t lesson_id, struct pool_meeting *m,
    struct pool_result *res)
{
	struct lesson	 l;
	struct lease	 lease;
	int		 rc;

	memset(m, 0, sizeof(*m));
	memset(res, 0, sizeof(*res));
	if ((rc = db_lesson_get(a, lesson_id, &l)) != 1)
		return rc == -1 ? db_fail(res) : fail(res, 404, "Not found.");
	if ((rc = db_pool_open_lease(a, lesson_id, &lease)) == -1)
		return db_fail(res);
	if (rc == 1 && lease.meeting_id != NULL)
		return existing(a, &l, &lease, m, res);
	if (l.zoom_meeting_id == NULL || l.meeting_ended_at != NULL ||
	    db_pool_ever_leased(a, lesson_id) != 0)
		return fail(res, 404, "Встречи этого занятия сейчас нет. The "
		    "lesson has no meeting now.");
	if (existing_legacy(a, lesson_id, m, res) == -1)
		return -1;
	if (m->start_url == NULL)
		return fail(res, 502, "Zoom не выдал ссылку для запуска встречи. "
		    "Zoom gave no start link.");
	return 0;
}

int
pool_start_legacy(struct arena *a, const struct actor *who, int64_t lesson_id,
    struct pool_meeting *m, struct pool_result *res)
{
	struct zoom_meeting_spec spec;
	struct teacher_zoom	 t;
	struct zoom_meeting	 zm;
	struct zoom_creds	 c;
	struct zoom_err		 e;
	struct lesson		 l;
	struct lease		 lease;
	const char		*lock;
	int			 rc;

	memset(m, 0, sizeof(*m));
	memset(res, 0, sizeof(*res));
	if ((rc = db_lesson_get(a, lesson_id, &l)) != 1)
		return rc == -1 ? db_fail(res) : fail(res, 404, "Not found.");
	if ((rc = db_pool_teacher_get(a, l.teacher_id, &t)) == -1)
		return db_fail(res);
	if (rc == 0 || teacher_creds(a, &t, &c) == -1)
		return fail(res, 400, "Zoom не настроен для вашего аккаунта: "
		    "обратитесь к администратору. Zoom is not set up for your "
		    "account.");
	if (l.zoom_meeting_id != NULL)
		goto stored;
	if (pool_count_attempt(a, who->id, "start", res) == -1)
		return -1;
	if (l.cancelled_at != NULL)
		return fail(res, 400, "Занятие отменено: его нельзя начать. A "
		    "cancelled lesson cannot be started.");
	if (with_start_lock(a, lesson_id, res, &lock) == -1)
		return -1;
	/* Another start may have made it while we waited. */
	if ((rc = db_lesson_get(a, lesson_id, &l)) != 1) {
		db_zoom_unlock(a, lock);
		return rc == -1 ? db_fail(res) : fail(res, 404, "Not found.");
	}
	if (l.zoom_meeting_id != NULL) {
		db_zoom_unlock(a, lock);
		goto stored;
	}
	spec_of(a, &l, &spec);
	if (zoom_meeting_create(a, &c, t.user_id, &spec, &zm, &e) == -1) {
		db_zoom_unlock(a, lock);
		zoom_fail(res, &e);
		audit_start(a, who, &l, "lesson_start_failed", NULL, NULL, res);
		return -1;
	}
	rc = db_pool_lesson_set_meeting(a, l.id, 0, zm.id, zm.join_url,
	    zm.password);
	db_zoom_unlock(a, lock);
	if (rc == -1) {
		(void)zoom_meeting_delete(a, &c, zm.id, &e);
		return db_fail(res);
	}
	m->meeting_id = zm.id;
	m->join_url = zm.join_url;
	m->password = zm.password;
	m->start_url = zm.start_url;
	m->account_email = LEGACY_EMAIL;
	m->created = 1;
	audit_start(a, who, &l, "lesson_start", NULL, zm.id, NULL);
	return 0;
stored:
	if ((rc = db_pool_open_lease(a, lesson_id, &lease)) == -1)
		return db_fail(res);
	if (rc == 1 && lease.meeting_id != NULL)
		return existing(a, &l, &lease, m, res);
	m->meeting_id = l.zoom_meeting_id;
	m->join_url = l.zoom_join_url;
	m->password = l.zoom_password;
	m->account_email = LEGACY_EMAIL;
	if (zoom_meeting_get(a, &c, l.zoom_meeting_id, &zm, &e) == 0)
		m->start_url = zm.start_url;
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
	    teacher_creds(a, &t, &c) == -1)
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
		return db_fail(res);
	if (rc == POOL_LATER)
		return fail(res, 503, "Zoom не ответил, встреча ещё идёт. Повторите "
		    "позже; после конца занятия она завершится сама. Zoom did not "
		    "answer, the meeting is still running: retry later.");
	*released = rc;
	if (rc == 0) {
		if ((rc = db_lesson_get(a, lesson_id, &l)) != 1)
			return rc == -1 ? db_fail(res) : fail(res, 404, "Not found.");
		if (legacy_finish(a, &l, 0, &e) == -1)
			return zoom_fail(res, &e);
		if (db_pool_lesson_mark_ended(a, lesson_id) == -1)
			return db_fail(res);
	}
	d = json_object_new_object();
	json_object_object_add(d, "released", json_object_new_boolean(*released));
	audit(a, who, "lesson_end", "lesson", lesson_id, d);
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
	if ((s0 == s1 && e0 == e1) || (abs64(s1 - s0) < ps.reschedule_min *
	    1000000 && abs64((e1 - s1) - (e0 - s0)) < ps.reschedule_min * 1000000))
		return 0;
	memset(&e, 0, sizeof(e));
	if ((rc = db_pool_open_lease(a, l.id, &lease)) == -1)
		return -1;
	if (rc == 1 && lease.meeting_id != NULL &&
	    db_pool_account_get(a, lease.account_id, &acc) == 1) {
		(void)db_pool_daily_add(a, acc.id);
		ok = account_creds(a, &acc, &c, &e) == 0;
	} else if (rc == 0 && db_pool_ever_leased(a, l.id) == 0 &&
	    db_pool_teacher_get(a, l.teacher_id, &t) == 1)
		ok = teacher_creds(a, &t, &c) == 0;
	else
		return 0;	/* the meeting is over: nothing to move */
	spec_of(a, &l, &spec);
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
	audit(a, who, "lesson_zoom_reschedule", "lesson", l.id, d);
	return 0;
}

/* -- pool accounts -------------------------------------------------------- */

int
pool_secret_is_keep(const char *s)
{
	return s == NULL || *s == '\0' || strncmp(s, "****", 4) == 0;
}

int
pool_account_available(const struct zoom_account *x)
{
	return x->is_active && !x->needs_s2s &&
	    x->current_meetings < x->max_concurrent_meetings &&
	    x->used_today < ps.daily_cap;
}

static void
add_err(struct pool_errs *err, const char *field, const char *msg)
{
	if (err->n < POOL_ERRS_MAX) {
		err->e[err->n].field = field;
		err->e[err->n].msg = msg;
		err->n++;
	}
}

static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A credential field: trimmed into *out; required when need. */
static void
cred_field(struct arena *a, const char *field, const char *in, int need,
    const char **out, struct pool_errs *err)
{
	const char	*t;

	if (in == NULL) {
		if (need)
			add_err(err, field, "This field is required.");
		return;
	}
	if ((t = str_trim_dup(a, in)) == NULL)
		return;
	if (*t == '\0' && need)
		add_err(err, field, "This field may not be blank.");
	else if (chars(t) > FIELD_MAX)
		add_err(err, field, "Ensure this field has no more than 255 "
		    "characters.");
	else
		*out = t;
}

int
pool_account_save(struct arena *a, const struct actor *who,
    const struct zoom_account *cur, const struct pool_account_input *in,
    int full, int64_t *id, struct pool_errs *err)
{
	struct json_object	*d;
	struct zoom_account	 x;
	const char		*msg, *secret = NULL;
	int			 create = cur == NULL, need = create || full;
	int			 secret_changed = 0;

	err->n = 0;
	memset(&x, 0, sizeof(x));
	if (cur != NULL)
		x = *cur;
	else {
		x.email = x.zoom_account_id = x.zoom_client_id = "";
		x.secret_enc = x.zoom_user_id = "";
		x.max_concurrent_meetings = 1;
		x.is_active = 1;
	}
	if (in->email == NULL) {
		if (need)
			add_err(err, "email", "This field is required.");
	} else if ((x.email = account_email(a, in->email, &msg)) == NULL)
		add_err(err, "email", *in->email ? "Enter a valid email address." :
		    "This field may not be blank.");
	cred_field(a, "zoom_account_id", in->zoom_account_id, create,
	    &x.zoom_account_id, err);
	cred_field(a, "zoom_client_id", in->zoom_client_id, create,
	    &x.zoom_client_id, err);
	if (!pool_secret_is_keep(in->zoom_client_secret)) {
		if (chars(in->zoom_client_secret) > 512)
			add_err(err, "zoom_client_secret", "Ensure this field has "
			    "no more than 512 characters.");
		else
			secret = in->zoom_client_secret;
	} else if (create || x.secret_enc[0] == '\0')
		add_err(err, "zoom_client_secret", in->zoom_client_secret == NULL ?
		    "This field is required." : "This field may not be blank.");
	cred_field(a, "zoom_user_id", in->zoom_user_id, 0, &x.zoom_user_id, err);
	if (in->has_max) {
		if (in->max_concurrent_meetings < 1)
			add_err(err, "max_concurrent_meetings", "Ensure this value "
			    "is greater than or equal to 1.");
		else if (in->max_concurrent_meetings > 1000)
			add_err(err, "max_concurrent_meetings", "Ensure this value "
			    "is less than or equal to 1000.");
		else
			x.max_concurrent_meetings = in->max_concurrent_meetings;
	}
	if (in->has_active)
		x.is_active = in->is_active != 0;
	/* Updates of existing credentials must keep them non-blank. */
	if (!create && (x.zoom_account_id[0] == '\0' ||
	    x.zoom_client_id[0] == '\0') && !x.needs_s2s)
		add_err(err, x.zoom_account_id[0] ? "zoom_client_id" :
		    "zoom_account_id", "This field may not be blank.");
	if (err->n > 0)
		return ACCOUNT_INVALID;
	if (secret != NULL) {
		if ((x.secret_enc = aead_seal_str(a, secret)) == NULL) {
			log_error("pool: cannot encrypt a secret (no key?)");
			return ACCOUNT_DB;
		}
		secret_changed = 1;
	}
	/* An imported JWT-era account becomes usable once it has S2S
	 * credentials; until then it stays off. */
	if (x.needs_s2s && x.zoom_account_id[0] && x.zoom_client_id[0] &&
	    x.secret_enc[0])
		x.needs_s2s = 0;
	if (x.needs_s2s)
		x.is_active = 0;
	if (db_pool_account_save(a, &x, id) == -1) {
		if (db_last_error() == DB_ERR_DUP) {
			add_err(err, "email", "Zoom Account with this email already "
			    "exists.");
			return ACCOUNT_INVALID;
		}
		return ACCOUNT_DB;
	}
	if (!create)
		*id = x.id;
	d = json_object_new_object();
	json_object_object_add(d, "email", json_object_new_string(x.email));
	json_object_object_add(d, "max_concurrent_meetings",
	    json_object_new_int64(x.max_concurrent_meetings));
	json_object_object_add(d, "is_active", json_object_new_boolean(x.is_active));
	json_object_object_add(d, "secret_changed",
	    json_object_new_boolean(secret_changed));
	audit(a, who, create ? "zoom_account_create" : "zoom_account_update",
	    "zoom_account", *id, d);
	return 0;
}

int
pool_account_release(struct arena *a, const struct actor *who, int64_t id,
    int64_t lesson_id, int64_t *released)
{
	struct lease	 l;
	int64_t		*ids;
	size_t		 n, i;
	int		 rc;

	*released = 0;
	if (lesson_id != 0) {
		if ((rc = db_pool_open_lease(a, lesson_id, &l)) == -1)
			return ACCOUNT_DB;
		if (rc == 0 || l.account_id != id)
			return 0;
		ids = &lesson_id;
		n = 1;
	} else if (db_pool_account_leases(a, id, &ids, &n) == -1)
		return ACCOUNT_DB;
	for (i = 0; i < n; i++) {
		if ((rc = pool_release_lesson(a, ids[i], POOL_REASON_ADMIN, who,
		    POOL_FORCE)) == -1)
			return ACCOUNT_DB;
		if (rc == 1)
			(*released)++;
	}
	return 0;
}

int
pool_account_delete(struct arena *a, const struct actor *who, int64_t id)
{
	struct json_object	*d;
	int64_t			*ids;
	size_t			 n, i;

	if (db_pool_account_leases(a, id, &ids, &n) == -1)
		return ACCOUNT_DB;
	for (i = 0; i < n; i++)
		if (pool_release_lesson(a, ids[i], POOL_REASON_DELETE, who,
		    POOL_FORCE) == -1)
			return ACCOUNT_DB;
	if (db_pool_account_delete(a, id) == -1)
		return ACCOUNT_DB;
	d = json_object_new_object();
	json_object_object_add(d, "leases_released", json_object_new_int64(
	    (int64_t)n));
	audit(a, who, "zoom_account_delete", "zoom_account", id, d);
	return 0;
}

int
pool_account_toggle(struct arena *a, const struct actor *who, int64_t id,
    int *active)
{
	struct json_object	*d;
	struct zoom_account	 x;
	int			 rc;

	if ((rc = db_pool_account_toggle(a, id)) == -1)
		return ACCOUNT_DB;
	if (rc == 0)
		return 0;
	if (db_pool_account_get(a, id, &x) != 1)
		return ACCOUNT_DB;
	*active = x.is_active;
	d = json_object_new_object();
	json_object_object_add(d, "is_active", json_object_new_boolean(x.is_active));
	audit(a, who, "zoom_account_toggle", "zoom_account", id, d);
	return 1;
}

/* -- teachers' own apps --------------------------------------------------- */

int
pool_teacher_set_zoom(struct arena *a, const struct actor *who,
    int64_t teacher, const char *account_id, const char *client_id,
    const char *secret, const char *user_id, struct field_err *err)
{
	struct json_object	*d;
	struct teacher_zoom	 t;
	struct pool_errs	 e;
	const char		*sealed;
	int			 rc;

	if ((rc = db_pool_teacher_get(a, teacher, &t)) != 1)
		return rc == -1 ? ACCOUNT_DB : 0;
	e.n = 0;
	cred_field(a, "zoom_account_id", account_id, 0, &t.account_id, &e);
	cred_field(a, "zoom_client_id", client_id, 0, &t.client_id, &e);
	cred_field(a, "zoom_user_id", user_id, 0, &t.user_id, &e);
	if (!pool_secret_is_keep(secret) && chars(secret) > 512)
		add_err(&e, "zoom_client_secret", "Ensure this field has no more "
		    "than 512 characters.");
	if (e.n > 0) {
		*err = e.e[0];
		return ACCOUNT_INVALID;
	}
	sealed = t.secret;
	if (!pool_secret_is_keep(secret) &&
	    (sealed = aead_seal_str(a, secret)) == NULL) {
		log_error("pool: cannot encrypt a secret (no key?)");
		return ACCOUNT_DB;
	}
	if (db_pool_teacher_set_zoom(a, teacher, t.account_id, t.client_id,
	    sealed, t.user_id) == -1)
		return ACCOUNT_DB;
	d = json_object_new_object();
	json_object_object_add(d, "zoom_account_id",
	    json_object_new_string(t.account_id));
	json_object_object_add(d, "zoom_client_id",
	    json_object_new_string(t.client_id));
	json_object_object_add(d, "zoom_user_id", json_object_new_string(t.user_id));
	json_object_object_add(d, "secret_changed",
	    json_object_new_boolean(!pool_secret_is_keep(secret)));
	audit(a, who, "teacher_zoom_update", "user", teacher, d);
	return 1;
}
