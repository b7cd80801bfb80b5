/* mail_outbox: the queue of emails the scheduler sends. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_mail.h"

static struct db_stmt st_queue = DB_STMT(
    "INSERT INTO mail_outbox (kind, to_addr, notification_id, subject, body, "
    "status) VALUES (?, ?, ?, ?, ?, IF(? IS NULL, 'void', 'pending'))");
static struct db_stmt st_due = DB_STMT(
    "SELECT id, kind, to_addr, COALESCE(notification_id, 0), subject, body, "
    "attempts FROM mail_outbox WHERE status = 'pending' "
    "AND next_try_at <= UTC_TIMESTAMP(6) ORDER BY next_try_at, id LIMIT ?");
static struct db_stmt st_sent = DB_STMT(
    "UPDATE mail_outbox SET status = 'sent', sent_at = UTC_TIMESTAMP(6), "
    "attempts = attempts + 1, body = '', last_error = '' "
    "WHERE id = ? AND status = 'pending'");
static struct db_stmt st_retry = DB_STMT(
    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = LEFT(?, 255), "
    "next_try_at = UTC_TIMESTAMP(6) + INTERVAL ? SECOND "
    "WHERE id = ? AND status = 'pending'");
static struct db_stmt st_give_up = DB_STMT(
    "UPDATE mail_outbox SET attempts = attempts + 1, last_error = LEFT(?, 255), "
    "status = 'failed', body = '' WHERE id = ? AND status = 'pending'");
static struct db_stmt st_clean = DB_STMT(
    "DELETE FROM mail_outbox WHERE status <> 'pending' "
    "AND created_at < UTC_TIMESTAMP(6) - INTERVAL ? DAY");
static struct db_stmt st_pending = DB_STMT(
    "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending'");

int
db_mail_queue(struct arena *a, const char *kind, const char *to,
    const char *subject, const char *body, int64_t notification)
{
	struct db_val	 p[] = { DB_STR(kind), to ? DB_STR(to) : DB_NULL,
	    notification ? DB_INT(notification) : DB_NULL, DB_STR(subject),
	    DB_STR(body), to ? DB_STR(to) : DB_NULL };

	return db_exec(a, &st_queue, p, 6, NULL);
}

int
db_mail_due(struct arena *a, size_t max, struct mail_row **out, size_t *n)
{
	struct db_val	 p = DB_INT((int64_t)max);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_due, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].kind = db_cell(&r, i, 1);
		(*out)[i].to = db_cell(&r, i, 2);
		(*out)[i].notification_id = db_cell_i64(&r, i, 3, 0);
		(*out)[i].subject = db_cell(&r, i, 4);
		(*out)[i].body = db_cell(&r, i, 5);
		(*out)[i].attempts = db_cell_i64(&r, i, 6, 0);
	}
	*n = r.nrows;
	return 0;
}

int
db_mail_sent(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_sent, &p, 1, NULL);
}

int
db_mail_failed(struct arena *a, int64_t id, int64_t delay, const char *err,
    int give_up)
{
	struct db_val	 r[] = { DB_STR(err), DB_INT(delay), DB_INT(id) };
	struct db_val	 g[] = { DB_STR(err), DB_INT(id) };

	return give_up ? db_exec(a, &st_give_up, g, 2, NULL) :
	    db_exec(a, &st_retry, r, 3, NULL);
}

int
db_mail_clean(struct arena *a, int64_t days, int64_t *n)
{
	struct db_val	 p = DB_INT(days);
	struct db_res	 r;

	if (db_exec(a, &st_clean, &p, 1, &r) == -1)
		return -1;
	*n = (int64_t)r.affected;
	return 0;
}

int
db_mail_pending(struct arena *a, int64_t *n)
{
	struct db_res	 r;

	if (db_exec(a, &st_pending, NULL, 0, &r) == -1)
		return -1;
	*n = db_cell_i64(&r, 0, 0, 0);
	return 0;
}
