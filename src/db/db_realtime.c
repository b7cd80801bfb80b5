/* realtime_ticket and chat_presence. */
#include "autoconf.h"

#include "db/db.h"
#include "db/db_realtime.h"

static struct db_stmt st_ticket_insert = DB_STMT(
    "INSERT INTO realtime_ticket (token_hash, user_id, expires_at) "
    "VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND)");
/* Taken in one statement, so a ticket works once however many requests
 * race for it. */
static struct db_stmt st_ticket_take = DB_STMT(
    "UPDATE realtime_ticket t JOIN accounts_customuser u ON u.id = t.user_id "
    "SET t.used_at = UTC_TIMESTAMP(6) WHERE t.token_hash = ? "
    "AND t.used_at IS NULL AND t.expires_at > UTC_TIMESTAMP(6) AND u.is_active");
static struct db_stmt st_ticket_user = DB_STMT(
    "SELECT user_id FROM realtime_ticket WHERE token_hash = ?");
static struct db_stmt st_ticket_cleanup = DB_STMT(
    "DELETE FROM realtime_ticket "
    "WHERE expires_at < UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE");
static struct db_stmt st_presence = DB_STMT(
    "INSERT INTO chat_presence (user_id, last_seen_at) "
    "VALUES (?, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE last_seen_at = "
    "IF(last_seen_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND, "
    "VALUES(last_seen_at), last_seen_at)");

int
db_ticket_insert(struct arena *a, const char *hash, int64_t user, long ttl)
{
	struct db_val	 p[] = { DB_STR(hash), DB_INT(user), DB_INT(ttl) };

	return db_exec(a, &st_ticket_insert, p, 3, NULL);
}

int
db_ticket_take(struct arena *a, const char *hash, int64_t *user)
{
	struct db_val	 p = DB_STR(hash);
	struct db_res	 r;
	int		 rc;

	if ((rc = db_exec_changed(a, &st_ticket_take, &p, 1)) != 1)
		return rc;
	if (db_exec(a, &st_ticket_user, &p, 1, &r) == -1)
		return -1;
	*user = db_cell_i64(&r, 0, 0, 0);
	return *user > 0;
}

int
db_ticket_cleanup(struct arena *a, int64_t *n)
{
	struct db_res	 r;

	if (db_exec(a, &st_ticket_cleanup, NULL, 0, &r) == -1)
		return -1;
	*n = (int64_t)r.affected;
	return 0;
}

int
db_presence_touch(struct arena *a, int64_t user, long min_gap)
{
	struct db_val	 p[] = { DB_INT(user), DB_INT(min_gap) };

	return db_exec(a, &st_presence, p, 2, NULL);
}
