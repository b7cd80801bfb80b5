/* The Zoom pool's tables: accounts, leases, daily counters, attempts. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_pool.h"
#include "db/db_tally.h"

#define ACCOUNT_COLS \
    "SELECT a.id, a.email, a.zoom_account_id, a.zoom_client_id, " \
    "a.zoom_client_secret_enc, a.zoom_user_id, a.max_concurrent_meetings, " \
    "a.current_meetings, a.is_active, a.needs_s2s, a.last_used_at, " \
    "a.created_at, a.updated_at, COALESCE(d.requests, 0) "
#define ACCOUNT_USAGE \
    "LEFT JOIN zoom_pool_daily_usage d " \
    "ON d.account_id = a.id AND d.day = UTC_DATE() "
#define ACCOUNT_SELECT ACCOUNT_COLS "FROM zoom_pool_zoomaccount a " ACCOUNT_USAGE
/* The list by email (unique): key (has, email) after or before, limit,
 * offset. */
#define ACCOUNT_PAGE(key, order) ACCOUNT_COLS "FROM (SELECT a.id " \
    "FROM zoom_pool_zoomaccount a WHERE ? = 0 OR a.email " key " ? " \
    "ORDER BY a.email " order " LIMIT ? OFFSET ?) k " \
    "STRAIGHT_JOIN zoom_pool_zoomaccount a ON a.id = k.id " ACCOUNT_USAGE \
    "ORDER BY a.email"

static struct db_stmt st_acc_page[2] = {
	DB_STMT(ACCOUNT_PAGE(">", "ASC")),
	DB_STMT(ACCOUNT_PAGE("<", "DESC")),
};
static struct db_stmt st_acc_get = DB_STMT(ACCOUNT_SELECT "WHERE a.id = ?");
static struct db_stmt st_acc_insert = DB_STMT(
    "INSERT INTO zoom_pool_zoomaccount (email, zoom_account_id, zoom_client_id, "
    "zoom_client_secret_enc, zoom_user_id, max_concurrent_meetings, is_active, "
    "needs_s2s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_acc_update = DB_STMT(
    "UPDATE zoom_pool_zoomaccount SET email = ?, zoom_account_id = ?, "
    "zoom_client_id = ?, zoom_client_secret_enc = ?, zoom_user_id = ?, "
    "max_concurrent_meetings = ?, is_active = ?, needs_s2s = ? WHERE id = ?");
static struct db_stmt st_acc_delete = DB_STMT(
    "DELETE FROM zoom_pool_zoomaccount WHERE id = ?");
static struct db_stmt st_acc_toggle = DB_STMT(
    "UPDATE zoom_pool_zoomaccount SET is_active = NOT is_active "
    "WHERE id = ? AND NOT (needs_s2s AND NOT is_active)");

static struct db_stmt st_stats = DB_STMT(
    "SELECT COUNT(*), COALESCE(SUM(a.is_active), 0), "
    "COALESCE(SUM(a.is_active AND NOT a.needs_s2s AND a.current_meetings < "
    "a.max_concurrent_meetings AND COALESCE(d.requests, 0) < ?), 0), "
    "COALESCE(SUM(a.current_meetings > 0), 0), "
    "COALESCE(SUM(a.current_meetings), 0), "
    "COALESCE(SUM(IF(a.is_active, a.max_concurrent_meetings, 0)), 0) "
    "FROM zoom_pool_zoomaccount a LEFT JOIN zoom_pool_daily_usage d "
    "ON d.account_id = a.id AND d.day = UTC_DATE()");
/* The month's peaks from the leases themselves: +1 when a lease opens (or
 * at the month's start), -1 when it closes; running sums over all leases
 * (sessions) and over accounts going busy or idle (accounts in use). */
static struct db_stmt st_peaks = DB_STMT(
    "WITH m AS (SELECT CAST(DATE_FORMAT(UTC_TIMESTAMP(), '%Y-%m-01') AS "
    "DATETIME(6)) AS s), "
    "ev AS (SELECT x.account_id, GREATEST(x.acquired_at, m.s) AS t, 1 AS d, "
    "x.id FROM zoom_pool_session x, m WHERE x.account_id IS NOT NULL AND "
    "(x.released_at IS NULL OR x.released_at >= m.s) "
    "UNION ALL SELECT x.account_id, x.released_at, -1, x.id "
    "FROM zoom_pool_session x, m WHERE x.account_id IS NOT NULL AND "
    "x.released_at >= m.s), "
    "acc AS (SELECT t, d, id, SUM(d) OVER (PARTITION BY account_id "
    "ORDER BY t, d, id) AS c FROM ev), "
    "g AS (SELECT SUM(d) OVER (ORDER BY t, d, id) AS sess, "
    "SUM(CASE WHEN d = 1 AND c = 1 THEN 1 WHEN d = -1 AND c = 0 THEN -1 "
    "ELSE 0 END) OVER (ORDER BY t, d, id) AS busy FROM acc) "
    "SELECT COALESCE(MAX(sess), 0), COALESCE(MAX(busy), 0) FROM g");

static struct db_stmt st_lesson_lock = DB_STMT(
    "SELECT l.teacher_id, COALESCE(l.zoom_account_id, 0), l.zoom_meeting_id, "
    "l.start_time, l.end_time, l.cancelled_at, EXISTS (SELECT 1 FROM "
    "zoom_pool_session s WHERE s.lesson_id = l.id) "
    "FROM schedule_lesson l WHERE l.id = ? FOR UPDATE");
static struct db_stmt st_teacher_open = DB_STMT(
    "SELECT COUNT(*) FROM zoom_pool_session "
    "WHERE teacher_id = ? AND released_at IS NULL");
static struct db_stmt st_open_lease = DB_STMT(
    "SELECT id, lesson_id, COALESCE(account_id, 0), zoom_meeting_id, "
    "TIMESTAMPDIFF(SECOND, acquired_at, UTC_TIMESTAMP(6)) "
    "FROM zoom_pool_session WHERE open_lesson_id = ?");
static struct db_stmt st_ever_leased = DB_STMT(
    "SELECT EXISTS (SELECT 1 FROM zoom_pool_session WHERE lesson_id = ?)");
static struct db_stmt st_read_committed = DB_STMT(
    "SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
static struct db_stmt st_candidates = DB_STMT(
    "SELECT a.id FROM zoom_pool_zoomaccount a "
    "LEFT JOIN zoom_pool_daily_usage d ON d.account_id = a.id "
    "AND d.day = UTC_DATE() "
    "WHERE a.is_active AND NOT a.needs_s2s "
    "AND a.current_meetings < a.max_concurrent_meetings "
    "AND COALESCE(d.requests, 0) < ? "
    "ORDER BY a.id = COALESCE((SELECT s.account_id FROM zoom_pool_session s "
    "WHERE s.teacher_id = ? AND s.account_id IS NOT NULL "
    "ORDER BY s.acquired_at DESC, s.id DESC LIMIT 1), 0) DESC, "
    "a.current_meetings, a.last_used_at IS NOT NULL, a.last_used_at, a.id "
    "LIMIT ?");
static struct db_stmt st_take = DB_STMT(
    "UPDATE zoom_pool_zoomaccount SET current_meetings = current_meetings + 1, "
    "last_used_at = UTC_TIMESTAMP(6), updated_at = updated_at "
    "WHERE id = ? AND is_active AND NOT needs_s2s "
    "AND current_meetings < max_concurrent_meetings "
    "AND COALESCE((SELECT requests FROM zoom_pool_daily_usage "
    "WHERE account_id = ? AND day = UTC_DATE()), 0) < ?");
static struct db_stmt st_lease_insert = DB_STMT(
    "INSERT INTO zoom_pool_session (lesson_id, account_id, teacher_id, "
    "acquired_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6))");
static struct db_stmt st_lease_meeting = DB_STMT(
    "UPDATE zoom_pool_session SET zoom_meeting_id = ? "
    "WHERE id = ? AND released_at IS NULL");
static struct db_stmt st_lease_close = DB_STMT(
    "UPDATE zoom_pool_session SET released_at = UTC_TIMESTAMP(6), "
    "release_reason = ? WHERE id = ? AND released_at IS NULL");
static struct db_stmt st_give_back = DB_STMT(
    "UPDATE zoom_pool_zoomaccount SET current_meetings = current_meetings - 1, "
    "updated_at = updated_at WHERE id = ? AND current_meetings > 0");
static struct db_stmt st_account_leases = DB_STMT(
    "SELECT lesson_id FROM zoom_pool_session "
    "WHERE account_id = ? AND released_at IS NULL ORDER BY id");
static struct db_stmt st_finished = DB_STMT(
    "SELECT s.lesson_id FROM zoom_pool_session s "
    "LEFT JOIN schedule_lesson l ON l.id = s.lesson_id "
    "WHERE s.released_at IS NULL AND (l.id IS NULL OR "
    "l.end_time < UTC_TIMESTAMP(6) - INTERVAL ? SECOND) ORDER BY s.id");
static struct db_stmt st_daily_add = DB_STMT(
    "INSERT INTO zoom_pool_daily_usage (account_id, day, requests) "
    "VALUES (?, UTC_DATE(), 1) ON DUPLICATE KEY UPDATE requests = requests + 1");
static struct db_stmt st_daily_cap = DB_STMT(
    "INSERT INTO zoom_pool_daily_usage (account_id, day, requests) "
    "VALUES (?, UTC_DATE(), ?) ON DUPLICATE KEY UPDATE "
    "requests = GREATEST(requests, VALUES(requests))");

static struct db_stmt st_lesson_meeting = DB_STMT(
    "UPDATE schedule_lesson SET zoom_meeting_id = ?, zoom_join_url = ?, "
    "zoom_password = ?, zoom_account_id = ?, meeting_started_at = NULL, "
    "meeting_ended_at = NULL WHERE id = ?");
static struct db_stmt st_lesson_ended = DB_STMT(
    "UPDATE schedule_lesson SET meeting_ended_at = UTC_TIMESTAMP(6) "
    "WHERE id = ? AND meeting_started_at IS NOT NULL "
    "AND meeting_ended_at IS NULL");

static struct db_stmt st_lock_teacher = DB_STMT(
    "SELECT id FROM accounts_customuser WHERE id = ? FOR UPDATE");
static struct db_stmt st_attempt_count = DB_STMT(
    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), "
    "MIN(at) + INTERVAL ? SECOND), 0) FROM schedule_start_attempt "
    "WHERE teacher_id = ? AND kind = ? AND at > UTC_TIMESTAMP(6) - "
    "INTERVAL ? SECOND");
static struct db_stmt st_attempt_add = DB_STMT(
    "INSERT INTO schedule_start_attempt (teacher_id, kind, at) "
    "VALUES (?, ?, UTC_TIMESTAMP(6))");
static struct db_stmt st_attempt_clean = DB_STMT(
    "DELETE FROM schedule_start_attempt WHERE at < UTC_TIMESTAMP(6) - "
    "INTERVAL 1 DAY");

#define TEACHER_SELECT \
    "SELECT id, email, first_name, last_name, middle_name, phone_number, " \
    "zoom_account_id, zoom_client_id, zoom_client_secret, zoom_user_id, " \
    "created_at, last_login, is_approved FROM accounts_customuser " \
    "WHERE role = 'teacher' "
static struct db_stmt st_teachers = DB_STMT(TEACHER_SELECT
    "ORDER BY last_name, first_name, id");
static struct db_stmt st_teacher_get = DB_STMT(TEACHER_SELECT "AND id = ?");
static struct db_stmt st_teacher_zoom = DB_STMT(
    "UPDATE accounts_customuser SET zoom_account_id = ?, zoom_client_id = ?, "
    "zoom_client_secret = ?, zoom_user_id = ? WHERE id = ? AND role = 'teacher'");

static void
acc_from_row(const struct db_res *r, size_t i, struct zoom_account *x)
{
	x->id = db_cell_i64(r, i, 0, 0);
	x->email = db_cell(r, i, 1);
	x->zoom_account_id = db_cell(r, i, 2);
	x->zoom_client_id = db_cell(r, i, 3);
	x->secret_enc = db_cell(r, i, 4);
	x->zoom_user_id = db_cell(r, i, 5);
	x->max_concurrent_meetings = db_cell_i64(r, i, 6, 1);
	x->current_meetings = db_cell_i64(r, i, 7, 0);
	x->is_active = db_cell_i64(r, i, 8, 0) != 0;
	x->needs_s2s = db_cell_i64(r, i, 9, 0) != 0;
	x->last_used_at = db_cell(r, i, 10);
	x->created_at = db_cell(r, i, 11);
	x->updated_at = db_cell(r, i, 12);
	x->used_today = db_cell_i64(r, i, 13, 0);
}

int
db_pool_account_count(struct arena *a, int64_t *total)
{
	return db_tally(a, "pool", 0, 0, "", total);
}

int
db_pool_account_page(struct arena *a, const struct keyset *ks,
    struct zoom_account **out, size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 1;
	struct db_val	 p[] = { DB_INT(has), DB_STR(has && ks->v[0].s ?
	    ks->v[0].s : ""), DB_INT(ks->limit), DB_INT(ks->offset) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_acc_page[ks->dir == KEYSET_BEFORE], p, 4, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		acc_from_row(&r, i, &(*out)[i]);
	return 0;
}

int
db_pool_account_get(struct arena *a, int64_t id, struct zoom_account *x)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_acc_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	acc_from_row(&r, 0, x);
	return 1;
}

int
db_pool_account_save(struct arena *a, const struct zoom_account *x, int64_t *id)
{
	struct db_val	 p[] = { DB_STR(x->email), DB_STR(x->zoom_account_id),
	    DB_STR(x->zoom_client_id), DB_STR(x->secret_enc),
	    DB_STR(x->zoom_user_id), DB_INT(x->max_concurrent_meetings),
	    DB_INT(x->is_active), DB_INT(x->needs_s2s), DB_INT(x->id) };
	struct db_res	 r;

	if (x->id != 0)
		return db_exec(a, &st_acc_update, p, 9, NULL);
	if (db_exec(a, &st_acc_insert, p, 8, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_pool_account_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_acc_delete, &p, 1, NULL);
}

int
db_pool_account_toggle(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec_changed(a, &st_acc_toggle, &p, 1);
}

int
db_pool_stats(struct arena *a, int64_t cap, struct pool_stats *s)
{
	struct db_val	 p = DB_INT(cap);
	struct db_res	 r;

	memset(s, 0, sizeof(*s));
	if (db_exec(a, &st_stats, &p, 1, &r) == -1)
		return -1;
	s->total = db_cell_i64(&r, 0, 0, 0);
	s->active = db_cell_i64(&r, 0, 1, 0);
	s->available = db_cell_i64(&r, 0, 2, 0);
	s->in_use = db_cell_i64(&r, 0, 3, 0);
	s->sessions = db_cell_i64(&r, 0, 4, 0);
	s->capacity = db_cell_i64(&r, 0, 5, 0);
	if (db_exec(a, &st_peaks, NULL, 0, &r) == -1)
		return -1;
	s->peak_sessions = db_cell_i64(&r, 0, 0, 0);
	s->peak_in_use = db_cell_i64(&r, 0, 1, 0);
	return 0;
}

int
db_pool_lesson_lock(struct arena *a, int64_t lesson_id, struct lesson_lock *l)
{
	struct db_val	 p = DB_INT(lesson_id);
	struct db_res	 r;

	if (db_exec(a, &st_lesson_lock, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	l->teacher_id = db_cell_i64(&r, 0, 0, 0);
	l->account_id = db_cell_i64(&r, 0, 1, 0);
	l->meeting_id = db_cell(&r, 0, 2);
	l->start_time = db_cell(&r, 0, 3);
	l->end_time = db_cell(&r, 0, 4);
	l->cancelled_at = db_cell(&r, 0, 5);
	l->ever_leased = db_cell_i64(&r, 0, 6, 0) != 0;
	return 1;
}

int
db_pool_read_committed(void)
{
	struct arena	 a;
	int		 rc;

	arena_init(&a, 0);
	rc = db_exec(&a, &st_read_committed, NULL, 0, NULL);
	arena_free(&a);
	return rc;
}

static int
lease_row(struct arena *a, struct db_stmt *st, int64_t key, struct lease *l)
{
	struct db_val	 p = DB_INT(key);
	struct db_res	 r;

	if (db_exec(a, st, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	l->id = db_cell_i64(&r, 0, 0, 0);
	l->lesson_id = db_cell_i64(&r, 0, 1, 0);
	l->account_id = db_cell_i64(&r, 0, 2, 0);
	l->meeting_id = db_cell(&r, 0, 3);
	l->age = db_cell_i64(&r, 0, 4, 0);
	return 1;
}

int
db_pool_open_lease(struct arena *a, int64_t lesson_id, struct lease *l)
{
	return lease_row(a, &st_open_lease, lesson_id, l);
}

int
db_pool_ever_leased(struct arena *a, int64_t lesson_id)
{
	struct db_val	 p = DB_INT(lesson_id);
	struct db_res	 r;

	if (db_exec(a, &st_ever_leased, &p, 1, &r) == -1)
		return -1;
	return db_cell_i64(&r, 0, 0, 0) != 0;
}

int
db_pool_candidates(struct arena *a, int64_t teacher_id, int64_t cap,
    int64_t *ids, size_t max, size_t *n)
{
	struct db_val	 p[] = { DB_INT(cap), DB_INT(teacher_id),
	    DB_INT((int64_t)max) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_candidates, p, 3, &r) == -1)
		return -1;
	for (i = 0; i < r.nrows && i < max; i++)
		ids[i] = db_cell_i64(&r, i, 0, 0);
	*n = i;
	return 0;
}

int
db_pool_take(struct arena *a, int64_t account_id, int64_t cap)
{
	struct db_val	 p[] = { DB_INT(account_id), DB_INT(account_id),
	    DB_INT(cap) };

	return db_exec_changed(a, &st_take, p, 3);
}

int
db_pool_lease_insert(struct arena *a, int64_t lesson_id, int64_t account_id,
    int64_t teacher_id, int64_t *lease_id)
{
	struct db_val	 p[] = { DB_INT(lesson_id), DB_INT(account_id),
	    DB_INT(teacher_id) };
	struct db_res	 r;

	if (db_exec(a, &st_lease_insert, p, 3, &r) == -1)
		return -1;
	*lease_id = (int64_t)r.insert_id;
	return 0;
}

int
db_pool_lease_set_meeting(struct arena *a, int64_t lease_id,
    const char *meeting_id)
{
	struct db_val	 p[] = { DB_STR(meeting_id), DB_INT(lease_id) };

	return db_exec_changed(a, &st_lease_meeting, p, 2);
}

int
db_pool_lease_close(struct arena *a, const struct lease *l, const char *reason)
{
	struct db_val	 p[] = { DB_STR(reason), DB_INT(l->id) };
	struct db_val	 acc = DB_INT(l->account_id);
	int		 rc;

	if ((rc = db_exec_changed(a, &st_lease_close, p, 2)) != 1)
		return rc;
	if (l->account_id != 0 && db_exec(a, &st_give_back, &acc, 1, NULL) == -1)
		return -1;
	return 1;
}

static int
ids_of(struct arena *a, struct db_stmt *st, int64_t arg, int64_t **ids,
    size_t *n)
{
	struct db_val	 p = DB_INT(arg);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, st, &p, 1, &r) == -1)
		return -1;
	if ((*ids = arena_zalloc(a, (r.nrows + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		(*ids)[i] = db_cell_i64(&r, i, 0, 0);
	*n = r.nrows;
	return 0;
}

int
db_pool_account_leases(struct arena *a, int64_t account_id, int64_t **ids,
    size_t *n)
{
	return ids_of(a, &st_account_leases, account_id, ids, n);
}

int
db_pool_finished_leases(struct arena *a, int64_t grace, int64_t **ids,
    size_t *n)
{
	return ids_of(a, &st_finished, grace, ids, n);
}

int
db_pool_daily_add(struct arena *a, int64_t account_id)
{
	struct db_val	 p = DB_INT(account_id);

	return db_exec(a, &st_daily_add, &p, 1, NULL);
}

int
db_pool_daily_cap(struct arena *a, int64_t account_id, int64_t cap)
{
	struct db_val	 p[] = { DB_INT(account_id), DB_INT(cap) };

	return db_exec(a, &st_daily_cap, p, 2, NULL);
}

int
db_pool_lesson_set_meeting(struct arena *a, int64_t lesson_id,
    int64_t account_id, const char *meeting_id, const char *join_url,
    const char *password)
{
	struct db_val	 p[] = { DB_STR(meeting_id), DB_STR(join_url),
	    password ? DB_STR(password) : DB_NULL,
	    account_id ? DB_INT(account_id) : DB_NULL, DB_INT(lesson_id) };

	return db_exec(a, &st_lesson_meeting, p, 5, NULL);
}

int
db_pool_lesson_mark_ended(struct arena *a, int64_t lesson_id)
{
	struct db_val	 p = DB_INT(lesson_id);

	return db_exec(a, &st_lesson_ended, &p, 1, NULL);
}

int
db_pool_attempt(struct arena *a, int64_t teacher_id, const char *kind,
    int64_t window, int64_t *count, int64_t *retry_after)
{
	struct db_val	 t = DB_INT(teacher_id);
	struct db_val	 p[] = { DB_INT(window), DB_INT(teacher_id), DB_STR(kind),
	    DB_INT(window) };
	struct db_val	 ins[] = { DB_INT(teacher_id), DB_STR(kind) };
	struct db_res	 r;

	if (db_begin() == -1)
		return -1;
	if (db_exec(a, &st_lock_teacher, &t, 1, &r) == -1 ||
	    db_exec(a, &st_attempt_count, p, 4, &r) == -1)
		goto fail;
	*count = db_cell_i64(&r, 0, 0, 0);
	*retry_after = db_cell_i64(&r, 0, 1, 0) + 1;
	if (db_exec(a, &st_attempt_add, ins, 2, NULL) == -1 || db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return -1;
}

int
db_pool_attempt_cleanup(struct arena *a, int64_t *deleted)
{
	struct db_res	 r;

	if (db_exec(a, &st_attempt_clean, NULL, 0, &r) == -1)
		return -1;
	*deleted = (int64_t)r.affected;
	return 0;
}

static void
teacher_from_row(const struct db_res *r, size_t i, struct teacher_zoom *t)
{
	t->id = db_cell_i64(r, i, 0, 0);
	t->email = db_cell(r, i, 1);
	t->first_name = db_cell(r, i, 2);
	t->last_name = db_cell(r, i, 3);
	t->middle_name = db_cell(r, i, 4);
	t->phone = db_cell(r, i, 5);
	t->account_id = db_cell(r, i, 6);
	t->client_id = db_cell(r, i, 7);
	t->secret = db_cell(r, i, 8);
	t->user_id = db_cell(r, i, 9);
	t->created_at = db_cell(r, i, 10);
	t->last_login = db_cell(r, i, 11);
	t->is_approved = db_cell_i64(r, i, 12, 1) != 0;
}

int
db_pool_teachers(struct arena *a, struct teacher_zoom **out, size_t *n)
{
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_teachers, NULL, 0, &r) == -1)
		return -1;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		teacher_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return 0;
}

int
db_pool_teacher_get(struct arena *a, int64_t id, struct teacher_zoom *t)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_teacher_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	teacher_from_row(&r, 0, t);
	return 1;
}

int
db_pool_teacher_set_zoom(struct arena *a, int64_t id, const char *account_id,
    const char *client_id, const char *secret, const char *user_id)
{
	struct db_val	 p[] = { DB_STR(account_id), DB_STR(client_id),
	    DB_STR(secret), DB_STR(user_id), DB_INT(id) };

	return db_exec(a, &st_teacher_zoom, p, 5, NULL);
}

int
db_pool_teacher_open_leases(struct arena *a, int64_t teacher, int64_t *n)
{
	struct db_val	 p = DB_INT(teacher);
	struct db_res	 r;

	/* The teacher's row locked: their starts count one at a time. */
	if (db_exec(a, &st_lock_teacher, &p, 1, NULL) == -1 ||
	    db_exec(a, &st_teacher_open, &p, 1, &r) == -1)
		return -1;
	*n = db_cell_i64(&r, 0, 0, 0);
	return 0;
}
