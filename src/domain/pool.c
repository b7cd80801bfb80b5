/* The Zoom pool: leases and starting lessons' meetings (releasing and
 * ending them: pool_release.c; the accounts themselves: pool_account.c). */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/gate.h"
#include "core/log.h"
#include "crypto/aead.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "db/db_pool.h"
#include "db/db_zoom.h"
#include "domain/approval.h"
#include "domain/audit.h"
#include "domain/lesson.h"
#include "domain/pool.h"
#include "zoom/meetings.h"
#include "zoom/zoom.h"
#include "domain/pool_int.h"

#define CANDIDATES	16	/* accounts tried for one lease */
#define DAILY_TRIES	3	/* accounts tried when Zoom says "daily limit" */

#define BUSY		"Все Zoom-аккаунты заняты. Попробуйте позже. " \
			"All Zoom accounts are busy, try again later."
#define STARTING	"Занятие уже запускается. Повторите через несколько " \
			"секунд. The lesson is being started, retry shortly."
#define LEGACY_EMAIL	"Личный Zoom преподавателя"

struct pool_settings pool_ps;

static const struct actor system_actor = { 0, NULL, "tpanel" };

int
pool_init(const struct config *c)
{
	pool_ps.daily_cap = c->zoom_daily_cap;
	pool_ps.start_max = c->lesson_start_max;
	pool_ps.start_window = c->lesson_start_window;
	pool_ps.start_early = c->lesson_start_early;
	pool_ps.reschedule_min = c->lesson_reschedule_min;
	pool_ps.grace = c->pool_release_grace;
	pool_ps.max_leases = c->pool_max_leases_per_teacher;
	approval_init(c);
	/* A second start waits as long as the first may take at Zoom. */
	pool_ps.lock_wait = (c->zoom_retry_budget_ms * 2 + c->zoom_timeout_ms) / 1000
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
	return pool_ps.daily_cap;
}

int
pool_fail(struct pool_result *res, int status, const char *msg)
{
	res->status = status;
	res->msg = msg;
	res->retry_after = 0;
	return -1;
}

int
pool_db_fail_e(struct pool_result *res, enum db_err e)
{
	if (e == DB_ERR_DOWN)
		return pool_fail(res, 503, "База данных недоступна. Попробуйте чуть "
		    "позже. Database unavailable.");
	if (e == DB_ERR_LOCK)
		return pool_fail(res, 503, "Сервер занят, попробуйте ещё раз. The "
		    "server is busy, retry.");
	return pool_fail(res, 500, "Internal server error");
}

int
pool_db_fail(struct pool_result *res)
{
	return pool_db_fail_e(res, db_last_error());
}

/* Roll the transaction back keeping the error that ended it (a rollback
 * resets it): whether it was a deadlock or lock wait, worth a retry. */
int
pool_rollback_retry(enum db_err *e)
{
	*e = db_last_error();
	db_rollback();
	if (*e == DB_ERR_LOCK)
		log_info("pool: transaction retried after a lock conflict");
	return *e == DB_ERR_LOCK;
}

int
pool_zoom_fail(struct pool_result *res, const struct zoom_err *e)
{
	pool_fail(res, zoom_err_status(e), zoom_err_text(e));
	if (e->kind == ZOOM_E_BUSY)
		res->retry_after = ZOOM_BUSY_RETRY;
	return -1;
}

/* A place at the outbound gate (core/gate.h) before anything is taken:
 * 0, or -1 and *res (503 with Retry-After) when the workers' share for
 * Zoom is full. */
static int
gate_or_fail(struct pool_result *res)
{
	struct zoom_err	 e = { ZOOM_E_BUSY, 0, 0, NULL };

	if (gate_enter())
		return 0;
	log_warnx("pool: a start refused: the workers' share for Zoom is taken");
	return pool_zoom_fail(res, &e);
}

static const struct actor *
actor_or_system(const struct actor *who)
{
	return who != NULL ? who : &system_actor;
}

void
pool_audit(struct arena *a, const struct actor *who, const char *action,
    const char *type, int64_t id, struct json_object *d)
{
	audit_put(a, actor_or_system(who), action, type, id, d);
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

int
pool_account_creds(struct arena *a, const struct zoom_account *acc,
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

int
pool_teacher_creds(struct arena *a, const struct teacher_zoom *t,
    struct zoom_creds *c)
{
	c->account_id = t->account_id;
	c->client_id = t->client_id;
	c->client_secret = secret_open(a, t->secret);
	return c->client_secret != NULL && t->account_id[0] && t->client_id[0] &&
	    c->client_secret[0] ? 0 : -1;
}

/* The lesson's meeting as Zoom wants it. */
void
pool_spec_of(struct arena *a, const struct lesson *l, struct zoom_meeting_spec *s)
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

	if (db_pool_attempt(a, teacher, kind, pool_ps.start_window, &count,
	    &retry) == -1)
		return pool_db_fail(res);
	if (count < pool_ps.start_max)
		return 0;
	pool_fail(res, 429, "Слишком много попыток запуска. Too many start attempts.");
	res->retry_after = retry > 0 ? retry : 1;
	return -1;
}

/* -- release -------------------------------------------------------------- */

/* End (unless POOL_KEEP_MEETING: it has ended) and, with
 * POOL_DELETE_MEETING, delete a meeting at Zoom with an account's
 * credentials: 0, or -1 and *e. */
int
pool_zoom_finish(struct arena *a, int64_t account_id, const char *meeting_id,
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
	if (pool_account_creds(a, &acc, &c, e) == -1 || (!(flags & POOL_KEEP_MEETING) &&
	    zoom_meeting_end(a, &c, meeting_id, e) == -1))
		return -1;
	if ((flags & POOL_DELETE_MEETING) &&
	    zoom_meeting_delete(a, &c, meeting_id, e) == -1)
		return -1;
	return 0;
}

/* The name of a lesson's start lock (NULL: out of memory). */
const char *
pool_lock_name(struct arena *a, int64_t lesson_id)
{
	return arena_printf(a, "tpanel_start_%lld", (long long)lesson_id);
}

/* -- starting ------------------------------------------------------------- */

/* Whether now is within the lesson's start window: NULL, or why not. */
static const char *
outside_window(const char *start, const char *end)
{
	int64_t	 s, e, now = lesson_now();

	if (dt_parse_iso(start, &s) == -1 || dt_parse_iso(end, &e) == -1)
		return "Неверное время занятия. Bad lesson time.";
	if (now < s - pool_ps.start_early * 1000000)
		return pool_ps.start_early == 900 ? "Занятие можно начать не раньше "
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
	int64_t			 ids[CANDIDATES], chosen, held;
	enum db_err		 de = DB_OK;
	size_t			 n, i;
	int			 tries, rc;

	for (tries = 0; tries < TX_TRIES; tries++) {
		chosen = 0;
		if (db_pool_begin() == -1)
			return pool_db_fail(res);
		if ((rc = db_pool_lesson_lock(a, lesson_id, &ll)) == -1)
			goto retry;
		if (rc == 0) {
			db_rollback();
			return pool_fail(res, 404, "Not found.");
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
			return pool_fail(res, 400, why);
		}
		/* A teacher holds at most max_leases accounts at once: a few
		 * throwaway teachers cannot hold the whole pool. */
		if (db_pool_teacher_open_leases(a, ll.teacher_id, &held) == -1)
			goto retry;
		if (held >= pool_ps.max_leases) {
			db_rollback();
			return pool_fail(res, 409, arena_printf(a, "У вас уже идёт "
			    "занятий в Zoom: %lld. Завершите одно из них. You "
			    "already hold %lld Zoom meetings: end one first.",
			    (long long)held, (long long)held));
		}
		if (db_pool_candidates(a, ll.teacher_id, pool_ps.daily_cap, ids,
		    CANDIDATES, &n) == -1)
			goto retry;
		for (i = 0; i < n && chosen == 0; i++) {
			if ((rc = db_pool_take(a, ids[i], pool_ps.daily_cap)) == -1)
				goto retry;
			if (rc == 1)
				chosen = ids[i];
		}
		if (chosen == 0) {
			db_rollback();
			return pool_fail(res, 503, BUSY);
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
		if (!pool_rollback_retry(&de))
			return pool_db_fail_e(res, de);
	}
	return pool_db_fail_e(res, de);
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
		if (!pool_rollback_retry(&de))
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
	pool_audit(a, who, action, "lesson", l->id, d);
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
		return pool_db_fail(res);
	if (rc == 0)
		return pool_fail(res, 409, "Zoom-аккаунт этого занятия удалён. The "
		    "lesson's Zoom account was deleted.");
	if (pool_account_creds(a, &acc, &c, &e) == -1 ||
	    zoom_meeting_get(a, &c, lease->meeting_id, &zm, &e) == -1)
		return pool_zoom_fail(res, &e);
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
		return rc == -1 ? pool_db_fail(res) : pool_fail(res, 404, "Not found.");
	m->meeting_id = l.zoom_meeting_id;
	m->join_url = l.zoom_join_url;
	m->password = l.zoom_password;
	m->start_url = NULL;
	m->account_email = LEGACY_EMAIL;
	m->created = 0;
	if ((rc = db_pool_teacher_get(a, l.teacher_id, &t)) == -1)
		return pool_db_fail(res);
	if (rc == 1 && pool_teacher_creds(a, &t, &c) == 0 &&
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
		return rc == -1 ? pool_db_fail(res) : pool_fail(res, 503, BUSY);
	}
	pool_spec_of(a, l, &spec);
	if (pool_account_creds(a, &acc, &c, &e) == -1 ||
	    zoom_meeting_create(a, &c, host_of(&acc), &spec, &zm, &e) == -1) {
		give_back(a, lease);
		if (e.kind == ZOOM_E_DAILY) {
			*daily = 1;
			(void)db_pool_daily_cap(a, acc.id, pool_ps.daily_cap);
		}
		pool_zoom_fail(res, &e);
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
			pool_fail(res, 409, "Запуск прерван: занятие остановили или "
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
		if (!pool_rollback_retry(&de))
			break;
	}
	if (!done) {
		/* The meeting cannot be recorded: do not leave it at Zoom. */
		(void)zoom_meeting_delete(a, &c, zm.id, &e);
		give_back(a, lease);
		pool_db_fail_e(res, de);
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

/* A meeting.started of a meeting whose lease was released: a lease again
 * (1) while the lesson is within its start window and its account has a
 * place, else the meeting ended again (2). */
static int
restart_locked(struct arena *a, int64_t lesson_id, const char *meeting_id)
{
	struct json_object	*d;
	struct lesson_lock	 ll;
	struct lease		 lease;
	struct zoom_err		 e;
	int64_t			 id;
	enum db_err		 de;
	int			 rc, ok;

	memset(&ll, 0, sizeof(ll));
	if ((rc = db_pool_open_lease(a, lesson_id, &lease)) != 0 ||
	    (rc = db_pool_ever_leased(a, lesson_id)) != 1)
		return rc == -1 ? -1 : 0;	/* leased, or the teacher's own app */
	if (db_pool_begin() == -1)
		return -1;
	if ((rc = db_pool_lesson_lock(a, lesson_id, &ll)) != 1 || ll.account_id == 0)
		goto end_it;
	if (ll.cancelled_at == NULL && outside_window(ll.start_time,
	    ll.end_time) == NULL && (rc = db_pool_take(a, ll.account_id,
	    INT64_MAX)) == 1 && db_pool_lease_insert(a, lesson_id, ll.account_id,
	    ll.teacher_id, &id) == 0 && db_pool_lease_set_meeting(a, id,
	    meeting_id) == 1 && db_commit() == 0) {
		d = json_object_new_object();
		json_object_object_add(d, "zoom_meeting_id",
		    json_object_new_string(meeting_id));
		json_object_object_add(d, "account_id",
		    json_object_new_int64(ll.account_id));
		pool_audit(a, NULL, "zoom_lease_retaken", "lesson", lesson_id, d);
		log_info("pool: lesson %lld: its restarted meeting leases account "
		    "%lld again", (long long)lesson_id, (long long)ll.account_id);
		return 1;
	}
end_it:
	de = db_last_error();
	db_rollback();
	if (de == DB_ERR_DOWN)
		return -1;
	ok = ll.account_id != 0 && pool_zoom_finish(a, ll.account_id, meeting_id,
	    POOL_DELETE_MEETING, &e) == 0;
	d = json_object_new_object();
	json_object_object_add(d, "zoom_meeting_id",
	    json_object_new_string(meeting_id));
	json_object_object_add(d, "meeting_ended", json_object_new_boolean(ok));
	if (!ok)
		json_object_object_add(d, "zoom_error", json_object_new_string(
		    ll.account_id ? zoom_err_text(&e) : "no pool account"));
	pool_audit(a, NULL, "zoom_meeting_restart_ended", "lesson", lesson_id, d);
	log_warnx("pool: lesson %lld: meeting %s restarted after its release: "
	    "%s", (long long)lesson_id, meeting_id, ok ? "ended again" :
	    "could not be ended");
	return 2;
}

int
pool_meeting_restarted(struct arena *a, int64_t lesson_id,
    const char *meeting_id)
{
	const char	*lock;
	int		 rc;

	if ((lock = pool_lock_name(a, lesson_id)) == NULL ||
	    (rc = db_zoom_lock(a, lock, pool_ps.lock_wait)) == -1)
		return -1;
	if (rc == 0)
		return 0;	/* a start or release of it is under way */
	rc = restart_locked(a, lesson_id, meeting_id);
	db_zoom_unlock(a, lock);
	return rc;
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

	if ((*lock = pool_lock_name(a, lesson_id)) == NULL)
		return pool_db_fail(res);
	if ((rc = db_zoom_lock(a, *lock, pool_ps.lock_wait)) == -1)
		return pool_db_fail(res);
	if (rc == 0)
		return pool_fail(res, 409, STARTING);
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
	/* The school's accounts are for approved teachers only. */
	if ((rc = approval_trusted(a, who->id)) != 1)
		return rc == -1 ? pool_db_fail(res) : pool_fail(res, 403, APPROVAL_POOL_MSG);
	if (!(flags & POOL_COUNTED) &&
	    pool_count_attempt(a, who->id, "start_new", res) == -1)
		return -1;
	if (gate_or_fail(res) == -1)
		return -1;
	if ((rc = db_lesson_get(a, lesson_id, &l)) != 1)
		return rc == -1 ? pool_db_fail(res) : pool_fail(res, 404, "Not found.");
	if (l.cancelled_at != NULL)
		return pool_fail(res, 400, "Занятие отменено: его нельзя начать. A "
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
		return rc == -1 ? pool_db_fail(res) : pool_fail(res, 404, "Not found.");
	if ((rc = db_pool_open_lease(a, lesson_id, &lease)) == -1)
		return pool_db_fail(res);
	if (rc == 1 && lease.meeting_id != NULL)
		return existing(a, &l, &lease, m, res);
	if (l.zoom_meeting_id == NULL || l.meeting_ended_at != NULL ||
	    db_pool_ever_leased(a, lesson_id) != 0)
		return pool_fail(res, 404, "Встречи этого занятия сейчас нет. The "
		    "lesson has no meeting now.");
	if (existing_legacy(a, lesson_id, m, res) == -1)
		return -1;
	if (m->start_url == NULL)
		return pool_fail(res, 502, "Zoom не выдал ссылку для запуска встречи. "
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
		return rc == -1 ? pool_db_fail(res) : pool_fail(res, 404, "Not found.");
	if ((rc = db_pool_teacher_get(a, l.teacher_id, &t)) == -1)
		return pool_db_fail(res);
	if (rc == 0 || pool_teacher_creds(a, &t, &c) == -1)
		return pool_fail(res, 400, "Zoom не настроен для вашего аккаунта: "
		    "обратитесь к администратору. Zoom is not set up for your "
		    "account.");
	if (l.zoom_meeting_id != NULL)
		goto stored;
	if (pool_count_attempt(a, who->id, "start", res) == -1)
		return -1;
	if (l.cancelled_at != NULL)
		return pool_fail(res, 400, "Занятие отменено: его нельзя начать. A "
		    "cancelled lesson cannot be started.");
	if (with_start_lock(a, lesson_id, res, &lock) == -1)
		return -1;
	/* Another start may have made it while we waited. */
	if ((rc = db_lesson_get(a, lesson_id, &l)) != 1) {
		db_zoom_unlock(a, lock);
		return rc == -1 ? pool_db_fail(res) : pool_fail(res, 404, "Not found.");
	}
	if (l.zoom_meeting_id != NULL) {
		db_zoom_unlock(a, lock);
		goto stored;
	}
	pool_spec_of(a, &l, &spec);
	if (zoom_meeting_create(a, &c, t.user_id, &spec, &zm, &e) == -1) {
		db_zoom_unlock(a, lock);
		pool_zoom_fail(res, &e);
		audit_start(a, who, &l, "lesson_start_failed", NULL, NULL, res);
		return -1;
	}
	rc = db_pool_lesson_set_meeting(a, l.id, 0, zm.id, zm.join_url,
	    zm.password);
	db_zoom_unlock(a, lock);
	if (rc == -1) {
		(void)zoom_meeting_delete(a, &c, zm.id, &e);
		return pool_db_fail(res);
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
		return pool_db_fail(res);
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
