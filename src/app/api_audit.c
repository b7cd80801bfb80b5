/* GET /api/audit-log/: the audit log for admins (filters user, action,
 * since). */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/paging.h"
#include "app/view.h"
#include "core/dt.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_audit.h"

/* The log's cursors: newest first by (timestamp, id). */
static const char *const audit_args[] = { "user", "action", "since", NULL };
static const struct page_spec audit_list = { .list = "audit-log",
    .key = "si", .args = audit_args };

int
api_audit_log(struct req *r)
{
	struct json_object	*rows;
	struct keyset_val	 first[2], last[2];
	struct audit_filter	 f = { 0, "", "" };
	struct audit_row	*x;
	struct page		 p;
	const char		*user = req_query(r, "user"), *action = req_query(r,
				    "action"), *since = req_query(r, "since");
	int64_t			 total;
	size_t			 nread, from, n;

	if (paging_keyset_or_reply(r, &audit_list, &p) == -1)
		return 0;
	if (user != NULL && user[0] != '\0' &&
	    str_to_i64(user, strlen(user), 1, INT64_MAX, &f.user) == -1)
		return resp_error(r, 400, "user: an integer id.");
	if (since != NULL && since[0] != '\0' &&
	    (f.since = dt_parse_iso_to_db(r->arena, since)) == NULL)
		return resp_error(r, 400, "since: an ISO 8601 date or date-time.");
	f.action = action ? action : "";
	if (db_audit_page(r->arena, &f, &p.ks, &x, &nread) == -1 ||
	    db_audit_count(r->arena, &f, &total) == -1)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	if ((rows = view_audit_rows(r->arena, x + from, n)) == NULL)
		return api_db_error(r);
	if (n > 0) {
		db_audit_key(&x[from], first);
		db_audit_key(&x[from + n - 1], last);
	}
	return paging_keyset_reply(r, &p, total, rows, nread, first, last);
}
