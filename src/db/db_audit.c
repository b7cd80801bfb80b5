/* schedule_auditlog: who did what, when, from where. */
#include "autoconf.h"

#include "core/arena.h"
#include "core/cursor.h"
#include "core/dt.h"
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_tally.h"

#define DAY_US		(86400LL * 1000000)

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO schedule_auditlog (user_id, action, resource_type, resource_id, "
    "ip_address, user_agent, details) VALUES (?, ?, ?, ?, ?, LEFT(?, 500), ?)");
/* The log, newest first: filters (6 values: user, action, since), key
 * (has, timestamp, timestamp, id) after (older) or before, limit, offset;
 * the ids first from (user_id, action, timestamp), (user_id, timestamp),
 * (action, timestamp) or (timestamp). */
#define AUDIT_COLS \
    "SELECT a.id, COALESCE(a.user_id, 0), COALESCE(a.resource_id, 0), u.email, " \
    "a.action, a.resource_type, a.ip_address, a.user_agent, a.details, " \
    "a.timestamp "
#define AUDIT_WHERE \
    "(? = 0 OR a.user_id = ?) AND (? = '' OR a.action = ?) "
#define AUDIT_PAGE(key, order) AUDIT_COLS "FROM (SELECT a.id " \
    "FROM schedule_auditlog a WHERE " AUDIT_WHERE \
    "AND (? = '' OR a.timestamp >= ?) AND (? = 0 OR (a.timestamp " key \
    "= ? AND (a.timestamp " key " ? OR a.id " key " ?))) ORDER BY " order \
    " LIMIT ? OFFSET ?) k STRAIGHT_JOIN schedule_auditlog a ON a.id = k.id " \
    "LEFT JOIN accounts_customuser u ON u.id = a.user_id " \
    "ORDER BY a.timestamp DESC, a.id DESC"
static struct db_stmt st_page[2] = {
	DB_STMT(AUDIT_PAGE("<", "a.timestamp DESC, a.id DESC")),
	DB_STMT(AUDIT_PAGE(">", "a.timestamp, a.id")),
};
/* Entries of the part of a day since begins in (the whole days after it
 * come from the tallies). */
static struct db_stmt st_count_since = DB_STMT(
    "SELECT COUNT(*) FROM schedule_auditlog a WHERE " AUDIT_WHERE
    "AND a.timestamp >= ? AND a.timestamp < ?");

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
db_audit_page(struct arena *a, const struct audit_filter *f,
    const struct keyset *ks, struct audit_row **out, size_t *n)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 2;
	const char	*at = has && ks->v[0].s ? ks->v[0].s : "";
	struct db_val	 p[] = { DB_INT(f->user), DB_INT(f->user), DB_STR(f->action),
	    DB_STR(f->action), DB_STR(f->since), DB_STR(f->since), DB_INT(has),
	    DB_STR(at), DB_STR(at), DB_INT(has ? ks->v[1].i : 0),
	    DB_INT(ks->limit), DB_INT(ks->offset) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_page[ks->dir == KEYSET_BEFORE], p, 12, &r) == -1)
		return -1;
	*n = r.nrows;
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

void
db_audit_key(const struct audit_row *x, struct keyset_val *k)
{
	k[0].s = x->timestamp;
	k[0].i = 0;
	k[1].s = NULL;
	k[1].i = x->id;
}

int
db_audit_count(struct arena *a, const struct audit_filter *f, int64_t *total)
{
	struct db_val	 p[6];
	struct db_res	 r;
	int64_t		 us, day = TALLY_OPEN_LO;
	const char	*next;

	if (f->since[0] != '\0') {
		if (dt_parse_iso(f->since, &us) == -1)
			return -1;
		day = us >= 0 ? (us + DAY_US - 1) / DAY_US : -(-us / DAY_US);
	}
	if (db_tally_days(a, "audit", f->user, 0, 0, f->action, day,
	    TALLY_OPEN_HI, total) == -1)
		return -1;
	if (day == TALLY_OPEN_LO)
		return 0;
	/* The rest of the day since falls in. */
	if ((next = dt_db(a, day * DAY_US)) == NULL)
		return -1;
	p[0] = p[1] = DB_INT(f->user);
	p[2] = p[3] = DB_STR(f->action);
	p[4] = DB_STR(f->since);
	p[5] = DB_STR(next);
	if (db_exec(a, &st_count_since, p, 6, &r) == -1)
		return -1;
	*total += db_cell_i64(&r, 0, 0, 0);
	return 0;
}
