/* zoom_oauth_token and the named lock of its renewal. */
#include "autoconf.h"

#include "db/db.h"
#include "db/db_zoom.h"

static struct db_stmt st_get = DB_STMT(
    "SELECT token_enc FROM zoom_oauth_token WHERE cred_key = ? "
    "AND expires_at > UTC_TIMESTAMP(6) + INTERVAL ? SECOND");
static struct db_stmt st_put = DB_STMT(
    "INSERT INTO zoom_oauth_token (cred_key, token_enc, expires_at) "
    "VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND) "
    "ON DUPLICATE KEY UPDATE token_enc = VALUES(token_enc), "
    "expires_at = VALUES(expires_at)");
static struct db_stmt st_drop = DB_STMT(
    "DELETE FROM zoom_oauth_token WHERE cred_key = ? AND token_enc = ?");
static struct db_stmt st_lock = DB_STMT("SELECT GET_LOCK(?, ?)");
static struct db_stmt st_unlock = DB_STMT("SELECT RELEASE_LOCK(?)");

int
db_zoom_token_get(struct arena *a, const char *key, int64_t margin,
    const char **sealed)
{
	struct db_val	 p[] = { DB_STR(key), DB_INT(margin) };
	struct db_res	 r;

	if (db_exec(a, &st_get, p, 2, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*sealed = db_cell(&r, 0, 0);
	return 1;
}

int
db_zoom_token_put(struct arena *a, const char *key, const char *sealed,
    int64_t expires_in)
{
	struct db_val	 p[] = { DB_STR(key), DB_STR(sealed), DB_INT(expires_in) };

	return db_exec(a, &st_put, p, 3, NULL);
}

int
db_zoom_token_drop(struct arena *a, const char *key, const char *sealed)
{
	struct db_val	 p[] = { DB_STR(key), DB_STR(sealed) };

	return db_exec(a, &st_drop, p, 2, NULL);
}

int
db_zoom_lock(struct arena *a, const char *name, int64_t timeout)
{
	struct db_val	 p[] = { DB_STR(name), DB_INT(timeout) };
	struct db_res	 r;

	if (db_exec(a, &st_lock, p, 2, &r) == -1)
		return -1;
	return db_cell_i64(&r, 0, 0, 0) == 1;
}

void
db_zoom_unlock(struct arena *a, const char *name)
{
	struct db_val	 p = DB_STR(name);
	struct db_res	 r;

	(void)db_exec(a, &st_unlock, &p, 1, &r);
}
