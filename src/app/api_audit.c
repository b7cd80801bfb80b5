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

int
api_audit_log(struct req *r)
{
	struct json_object	*rows;
	struct audit_row	*x;
	struct page		 p;
	const char		*user = req_query(r, "user"), *action = req_query(r,
				    "action"), *since = req_query(r, "since"), *db = "";
	int64_t			 uid = 0, total;
	size_t			 n;

	if (paging_or_reply(r, &p) == -1)
		return 0;
	if (user != NULL && user[0] != '\0' &&
	    str_to_i64(user, strlen(user), 1, INT64_MAX, &uid) == -1)
		return resp_error(r, 400, "user: an integer id.");
	if (since != NULL && since[0] != '\0' &&
	    (db = dt_parse_iso_to_db(r->arena, since)) == NULL)
		return resp_error(r, 400, "since: an ISO 8601 date or date-time.");
	if (db_audit_list(r->arena, uid, action ? action : "", db, p.size,
	    p.offset, &x, &n, &total) == -1 ||
	    (rows = view_audit_rows(r->arena, x, n)) == NULL)
		return api_db_error(r);
	return paging_reply(r, &p, total, rows);
}
