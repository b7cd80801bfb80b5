/* accounts_emailverification. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_verify.h"

#define COLS "SELECT id, attempts, email, token, code, expires_at, is_verified, " \
    "expires_at < UTC_TIMESTAMP(6), TIMESTAMPDIFF(SECOND, created_at, " \
    "UTC_TIMESTAMP(6)) FROM accounts_emailverification "

static struct db_stmt st_latest = DB_STMT(COLS
    "WHERE email = ? ORDER BY created_at DESC, id DESC LIMIT 1");
static struct db_stmt st_by_token = DB_STMT(COLS "WHERE token = ?");
static struct db_stmt st_clear = DB_STMT(
    "DELETE FROM accounts_emailverification WHERE email = ? AND NOT is_verified");
static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO accounts_emailverification (email, token, code, expires_at) "
    "VALUES (?, ?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND)");
static struct db_stmt st_attempt = DB_STMT(
    "UPDATE accounts_emailverification SET attempts = attempts + 1 WHERE id = ?");
static struct db_stmt st_done = DB_STMT(
    "UPDATE accounts_emailverification SET is_verified = TRUE WHERE id = ?");
static struct db_stmt st_user_done = DB_STMT(
    "UPDATE accounts_customuser SET email_verified = TRUE WHERE email = ?");
static struct db_stmt st_user_verified = DB_STMT(
    "SELECT email_verified FROM accounts_customuser WHERE email = ?");

static int
one(struct arena *a, struct db_stmt *st, const char *key, struct email_verif *v)
{
	struct db_val	 p[] = { DB_STR(key) };
	struct db_res	 r;

	if (db_exec(a, st, p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	v->id = db_cell_i64(&r, 0, 0, 0);
	v->attempts = db_cell_i64(&r, 0, 1, 0);
	v->email = db_cell(&r, 0, 2);
	v->token = db_cell(&r, 0, 3);
	v->code = db_cell(&r, 0, 4);
	v->expires_at = db_cell(&r, 0, 5);
	v->is_verified = db_cell_i64(&r, 0, 6, 0) != 0;
	v->expired = db_cell_i64(&r, 0, 7, 1) != 0;
	v->age = db_cell_i64(&r, 0, 8, 0);
	return 1;
}

int
db_verify_latest(struct arena *a, const char *email, struct email_verif *v)
{
	return one(a, &st_latest, email, v);
}

int
db_verify_by_token(struct arena *a, const char *token, struct email_verif *v)
{
	return one(a, &st_by_token, token, v);
}

int
db_verify_replace(struct arena *a, const char *email, const char *token,
    const char *code, int64_t ttl)
{
	struct db_val	 c[] = { DB_STR(email) };
	struct db_val	 p[] = { DB_STR(email), DB_STR(token), DB_STR(code),
	    DB_INT(ttl) };

	/* Two statements, not one transaction: the DELETE of rows that are
	 * mostly not there takes gap locks on the email index, and two such
	 * transactions inserting into one gap deadlocked (one answered 500).
	 * A failed INSERT leaves the address without a code; it asks again. */
	if (db_exec(a, &st_clear, c, 1, NULL) == -1 ||
	    db_exec(a, &st_insert, p, 4, NULL) == -1)
		return -1;
	return 0;
}

int
db_verify_attempt(struct arena *a, int64_t id)
{
	struct db_val	 p[] = { DB_INT(id) };

	return db_exec(a, &st_attempt, p, 1, NULL);
}

int
db_verify_done(struct arena *a, int64_t id, const char *email)
{
	struct db_val	 p[] = { DB_INT(id) }, e[] = { DB_STR(email) };

	if (db_begin() == -1)
		return -1;
	if (db_exec(a, &st_done, p, 1, NULL) == -1 ||
	    db_exec(a, &st_user_done, e, 1, NULL) == -1 || db_commit() == -1) {
		db_rollback();
		return -1;
	}
	return 0;
}

int
db_verify_user_verified(struct arena *a, const char *email)
{
	struct db_val	 p[] = { DB_STR(email) };
	struct db_res	 r;

	if (db_exec(a, &st_user_verified, p, 1, &r) == -1)
		return -1;
	return r.nrows == 1 && db_cell_i64(&r, 0, 0, 0) != 0;
}
