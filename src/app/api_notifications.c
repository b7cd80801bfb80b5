/* The caller's notifications: /api/notifications/ (newest first, with the
 * unread count), mark one or all read. Nobody sees another's. */
#include "autoconf.h"

#include "app/app.h"
#include "app/paging.h"
#include "app/view.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db_notification.h"

/* The list's cursors: newest first by id. */
static const struct page_spec note_list = { .list = "notifications",
    .key = "i" };

int
api_notifications_list(struct req *r)
{
	struct json_object	*a, *o;
	struct keyset_val	 first = { NULL, 0 }, last = { NULL, 0 };
	struct notification	*x;
	struct page		 p;
	int64_t			 total, unread;
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &note_list, &p) == -1)
		return 0;
	if (db_notification_page(r->arena, r->user->id, &p.ks, &x, &nread) == -1 ||
	    db_notification_count(r->arena, r->user->id, &total, &unread) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(view_notification(r->arena,
		    &x[i])));
	if (n > 0) {
		first.i = x[from].id;
		last.i = x[from + n - 1].id;
	}
	/* No rows: no notifications at all, or a page past the end (404). */
	if ((o = paging_keyset_envelope(r, &p, total, a, nread, &first,
	    &last)) == NULL)
		return 0;
	json_add_int(o, "unread_count", unread);
	return resp_json(r, 200, o);
}

int
api_notification_read(struct req *r)
{
	struct notification	 x;
	int			 rc;

	if ((rc = db_notification_read(r->arena, r->user->id, r->ids[0])) == 0)
		return resp_error(r, 404, "Not found.");
	if (rc == -1 || db_notification_get(r->arena, r->user->id, r->ids[0],
	    &x) != 1)
		return api_db_error(r);
	return resp_json(r, 200, view_notification(r->arena, &x));
}

int
api_notifications_read_all(struct req *r)
{
	struct json_object	*o;
	int64_t			 n;

	if (db_notification_read_all(r->arena, r->user->id, &n) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_int(o, "marked", n);
	json_add_int(o, "unread_count", 0);
	return resp_json(r, 200, o);
}
