/* Refresh tokens, page sessions and failed-attempt counters. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_auth.h"
#include "db/db_user.h"

static struct db_stmt st_token_record = DB_STMT(
    "INSERT INTO token_blacklist_outstandingtoken (user_id, jti, created_at, "
    "expires_at) VALUES (?, ?, UTC_TIMESTAMP(6), FROM_UNIXTIME(?))");
static struct db_stmt st_token_find = DB_STMT(
    "SELECT o.user_id, TIMESTAMPDIFF(SECOND, b.blacklisted_at, UTC_TIMESTAMP(6)) "
    "FROM token_blacklist_outstandingtoken o "
    "LEFT JOIN token_blacklist_blacklistedtoken b ON b.token_id = o.id "
    "WHERE o.jti = ?");
static struct db_stmt st_token_blacklist = DB_STMT(
    "INSERT IGNORE INTO token_blacklist_blacklistedtoken (token_id, blacklisted_at) "
    "SELECT id, UTC_TIMESTAMP(6) FROM token_blacklist_outstandingtoken WHERE jti = ?");
/* Dead at once: blacklisted an hour ago, past any grace. */
static struct db_stmt st_token_revoke = DB_STMT(
    "INSERT INTO token_blacklist_blacklistedtoken (token_id, blacklisted_at) "
    "SELECT id, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR "
    "FROM token_blacklist_outstandingtoken WHERE jti = ? "
    "ON DUPLICATE KEY UPDATE blacklisted_at = "
    "LEAST(blacklisted_at, VALUES(blacklisted_at))");
/* The one use a rotated token has left within the grace: taken by the
 * statement that changes the row. */
static struct db_stmt st_token_grace = DB_STMT(
    "UPDATE token_blacklist_blacklistedtoken b "
    "JOIN token_blacklist_outstandingtoken o ON o.id = b.token_id "
    "SET b.blacklisted_at = UTC_TIMESTAMP(6) - INTERVAL 1 HOUR "
    "WHERE o.jti = ? AND b.blacklisted_at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND");

/* The session's user without the avatar: pages need names, not pictures. */
static struct db_stmt st_session_user = DB_STMT(
    "SELECT u.id, u.email, u.password, u.role, u.first_name, u.last_name, "
    "u.middle_name, u.phone_number, '', u.date_of_birth, u.agreed_to_marketing, "
    "u.is_active, u.last_login, u.created_at, u.updated_at "
    "FROM auth_session s JOIN accounts_customuser u ON u.id = s.user_id "
    "WHERE s.id_hash = ? AND s.expires_at > UTC_TIMESTAMP(6) AND u.is_active");
static struct db_stmt st_session_create = DB_STMT(
    "INSERT INTO auth_session (id_hash, user_id, expires_at) "
    "VALUES (?, ?, UTC_TIMESTAMP(6) + INTERVAL ? SECOND)");
static struct db_stmt st_session_delete = DB_STMT(
    "DELETE FROM auth_session WHERE id_hash = ?");

static struct db_stmt st_sessions_user = DB_STMT(
    "DELETE FROM auth_session WHERE user_id = ? AND id_hash <> ?");
static struct db_stmt st_tokens_user = DB_STMT(
    "INSERT INTO token_blacklist_blacklistedtoken (token_id, blacklisted_at) "
    "SELECT id, UTC_TIMESTAMP(6) - INTERVAL 1 HOUR FROM token_blacklist_outstandingtoken "
    "WHERE user_id = ? AND expires_at > UTC_TIMESTAMP(6) AND jti <> ? "
    "ON DUPLICATE KEY UPDATE blacklisted_at = "
    "LEAST(blacklisted_at, VALUES(blacklisted_at))");
static struct db_stmt st_clean_sessions = DB_STMT(
    "DELETE FROM auth_session WHERE expires_at < UTC_TIMESTAMP(6)");
static struct db_stmt st_clean_tokens = DB_STMT(
    "DELETE FROM token_blacklist_outstandingtoken "
    "WHERE expires_at < UTC_TIMESTAMP(6) - INTERVAL 1 DAY");
static struct db_stmt st_clean_failures = DB_STMT(
    "DELETE FROM auth_failure WHERE at < UTC_TIMESTAMP(6) - INTERVAL 1 DAY");
static struct db_stmt st_failure_count = DB_STMT(
    "SELECT COUNT(*), COALESCE(TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(6), "
    "MIN(at) + INTERVAL ? SECOND), 0) FROM auth_failure "
    "WHERE scope = ? AND subject = ? AND at > UTC_TIMESTAMP(6) - INTERVAL ? SECOND");
static struct db_stmt st_failure_add = DB_STMT(
    "INSERT INTO auth_failure (scope, subject, at) VALUES (?, ?, UTC_TIMESTAMP(6))");
static struct db_stmt st_failure_clear = DB_STMT(
    "DELETE FROM auth_failure WHERE scope = ? AND subject = ?");

int
db_token_record(struct arena *a, int64_t user_id, const char *jti,
    int64_t expires_unix)
{
	struct db_val	 p[] = { DB_INT(user_id), DB_STR(jti), DB_INT(expires_unix) };

	return db_exec(a, &st_token_record, p, 3, NULL);
}

int
db_token_find(struct arena *a, const char *jti, int64_t *user_id,
    int64_t *blacklisted_age)
{
	struct db_val	 p = DB_STR(jti);
	struct db_res	 r;

	if (db_exec(a, &st_token_find, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*user_id = db_cell_i64(&r, 0, 0, 0);
	*blacklisted_age = db_cell_i64(&r, 0, 1, -1);
	return 1;
}

int
db_token_blacklist(struct arena *a, const char *jti)
{
	struct db_val	 p = DB_STR(jti);

	return db_exec_changed(a, &st_token_blacklist, &p, 1);
}

int
db_token_revoke(struct arena *a, const char *jti)
{
	struct db_val	 p = DB_STR(jti);

	return db_exec(a, &st_token_revoke, &p, 1, NULL);
}

int
db_token_use_grace(struct arena *a, const char *jti, int64_t grace)
{
	struct db_val	 p[] = { DB_STR(jti), DB_INT(grace) };

	return db_exec_changed(a, &st_token_grace, p, 2);
}

int
db_session_create(struct arena *a, const char *id_hash, int64_t user_id,
    int64_t ttl)
{
	struct db_val	 p[] = { DB_STR(id_hash), DB_INT(user_id), DB_INT(ttl) };

	return db_exec(a, &st_session_create, p, 3, NULL);
}

int
db_session_user(struct arena *a, const char *id_hash, struct user *u)
{
	struct db_val	 p = DB_STR(id_hash);
	struct db_res	 r;

	if (db_exec(a, &st_session_user, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	db_user_from_row(&r, 0, 0, u);
	return 1;
}

int
db_session_delete(struct arena *a, const char *id_hash)
{
	struct db_val	 p = DB_STR(id_hash);

	return db_exec(a, &st_session_delete, &p, 1, NULL);
}

int
db_failure_count(struct arena *a, const char *scope, const char *subject,
    int64_t window, int64_t *count, int64_t *retry_after)
{
	struct db_val	 p[] = { DB_INT(window), DB_STR(scope), DB_STR(subject),
	    DB_INT(window) };
	struct db_res	 r;

	if (db_exec(a, &st_failure_count, p, 4, &r) == -1)
		return -1;
	*count = db_cell_i64(&r, 0, 0, 0);
	*retry_after = db_cell_i64(&r, 0, 1, 0) + 1;
	return 0;
}

int
db_failure_add(struct arena *a, const char *scope, const char *subject)
{
	struct db_val	 p[] = { DB_STR(scope), DB_STR(subject) };

	return db_exec(a, &st_failure_add, p, 2, NULL);
}

int
db_failure_clear(struct arena *a, const char *scope, const char *subject)
{
	struct db_val	 p[] = { DB_STR(scope), DB_STR(subject) };

	return db_exec(a, &st_failure_clear, p, 2, NULL);
}

int
db_auth_revoke_user(struct arena *a, int64_t user_id, const char *keep_session,
    const char *keep_jti)
{
	struct db_val	 s[] = { DB_INT(user_id), DB_STR(keep_session ? keep_session : "") };
	struct db_val	 t[] = { DB_INT(user_id), DB_STR(keep_jti ? keep_jti : "") };

	if (db_exec(a, &st_sessions_user, s, 2, NULL) == -1)
		return -1;
	return db_exec(a, &st_tokens_user, t, 2, NULL);
}

int
db_auth_cleanup(struct arena *a, int64_t *sessions, int64_t *tokens,
    int64_t *failures)
{
	struct db_res	 r;

	if (db_exec(a, &st_clean_sessions, NULL, 0, &r) == -1)
		return -1;
	*sessions = (int64_t)r.affected;
	if (db_exec(a, &st_clean_tokens, NULL, 0, &r) == -1)
		return -1;
	*tokens = (int64_t)r.affected;
	if (db_exec(a, &st_clean_failures, NULL, 0, &r) == -1)
		return -1;
	*failures = (int64_t)r.affected;
	return 0;
}
