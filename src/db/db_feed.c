/* calendar_feed: each user's iCalendar feed secret. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_feed.h"

static struct db_stmt st_get = DB_STMT(
    "SELECT nonce, token_hash FROM calendar_feed WHERE user_id = ?");
static struct db_stmt st_create = DB_STMT(
    "INSERT IGNORE INTO calendar_feed (user_id, nonce, token_hash) "
    "VALUES (?, ?, ?)");
static struct db_stmt st_set = DB_STMT(
    "INSERT INTO calendar_feed (user_id, nonce, token_hash) VALUES (?, ?, ?) "
    "ON DUPLICATE KEY UPDATE nonce = VALUES(nonce), "
    "token_hash = VALUES(token_hash), created_at = UTC_TIMESTAMP(6)");
static struct db_stmt st_user = DB_STMT(
    "SELECT u.id, u.role FROM calendar_feed f "
    "JOIN accounts_customuser u ON u.id = f.user_id "
    "WHERE f.token_hash = ? AND u.is_active");

int
db_feed_get(struct arena *a, int64_t user_id, const char **nonce,
    const char **hash)
{
	struct db_val	 p = DB_INT(user_id);
	struct db_res	 r;

	if (db_exec(a, &st_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*nonce = db_cell(&r, 0, 0);
	*hash = db_cell(&r, 0, 1);
	return 1;
}

int
db_feed_create(struct arena *a, int64_t user_id, const char *nonce,
    const char *hash)
{
	struct db_val	 p[] = { DB_INT(user_id), DB_STR(nonce), DB_STR(hash) };

	return db_exec(a, &st_create, p, 3, NULL);
}

int
db_feed_set(struct arena *a, int64_t user_id, const char *nonce,
    const char *hash)
{
	struct db_val	 p[] = { DB_INT(user_id), DB_STR(nonce), DB_STR(hash) };

	return db_exec(a, &st_set, p, 3, NULL);
}

int
db_feed_user(struct arena *a, const char *hash, int64_t *user_id,
    const char **role)
{
	struct db_val	 p = DB_STR(hash);
	struct db_res	 r;

	if (db_exec(a, &st_user, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*user_id = db_cell_i64(&r, 0, 0, 0);
	*role = db_cell(&r, 0, 1);
	return 1;
}
