/* schedule_auditlog: who did what, when, from where. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_audit.h"

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO schedule_auditlog (user_id, action, resource_type, resource_id, "
    "ip_address, user_agent, details) VALUES (?, ?, ?, ?, ?, LEFT(?, 500), ?)");
static struct db_stmt st_list = DB_STMT(
    "SELECT a.id, COALESCE(a.user_id, 0), COALESCE(a.resource_id, 0), u.email, "
    "a.action, a.resource_type, a.ip_address, a.user_agent, a.details, "
    "a.timestamp, COUNT(*) OVER () FROM schedule_auditlog a "
    "LEFT JOIN accounts_customuser u ON u.id = a.user_id "
    "WHERE (? = 0 OR a.user_id = ?) AND (? = '' OR a.action = ?) "
    "AND (? = '' OR a.timestamp >= ?) "
    "ORDER BY a.timestamp DESC, a.id DESC LIMIT ? OFFSET ?");

int
db_audit_insert(struct arena *a, int64_t user, const char *action,
    const char *resource_type, int64_t resource_id, const char *ip,
    const char *user_agent, const char *details)
{
	struct db_val	 p[] = { user ? DB_INT(user) : DB_NULL, DB_STR(action),
	    DB_STR(resource_type), resource_id ? DB_INT(resource_id) : DB_NULL,
	    ip && ip[0] ? DB_STR(ip) : DB_NULL, DB_STR(user_agent ? user_agent : ""),
	    DB_STR(details ? details : "{}") };

	return db_exec(a, &st_insert, p, 7, NULL);
}

int
db_audit_list(struct arena *a, int64_t user, const char *action,
    const char *since, int64_t limit, int64_t offset, struct audit_row **out,
    size_t *n, int64_t *total)
{
	struct db_val	 p[] = { DB_INT(user), DB_INT(user), DB_STR(action),
	    DB_STR(action), DB_STR(since), DB_STR(since), DB_INT(limit),
	    DB_INT(offset) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_list, p, 8, &r) == -1)
		return -1;
	*n = r.nrows;
	*total = r.nrows ? db_cell_i64(&r, 0, 10, 0) : 0;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct audit_row *x = &(*out)[i];

		x->id = db_cell_i64(&r, i, 0, 0);
		x->user_id = db_cell_i64(&r, i, 1, 0);
		x->resource_id = db_cell_i64(&r, i, 2, 0);
		x->user_email = db_cell(&r, i, 3);
		x->action = db_cell(&r, i, 4);
		x->resource_type = db_cell(&r, i, 5);
		x->ip = db_cell(&r, i, 6);
		x->user_agent = db_cell(&r, i, 7);
		x->details = db_cell(&r, i, 8);
		x->timestamp = db_cell(&r, i, 9);
	}
	return 0;
}
