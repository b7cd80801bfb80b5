/* The page of the caller's notifications: the list (newest first), mark
 * one or all read. */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/paging.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_notification.h"

#define PAGE_SIZE	50

/* Newest first by id, 50 a page, with cursors (app/paging.h). */
static const struct page_spec note_page = { .list = "notifications-page",
    .key = "i", .size = PAGE_SIZE };

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const struct page_msg done_msgs[] = {
	{ "read", "Уведомление отмечено прочитанным." },
	{ "all", "Все уведомления отмечены прочитанными." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

/* A DATETIME(6) as "DD.MM.YYYY HH:MM" in the configured zone. */
static const char *
local(struct arena *a, const char *db)
{
	int64_t		 us, days, sec;
	const char	*ymd;

	if (db == NULL || dt_parse_iso(db, &us) == -1)
		return "";
	dt_utc_to_local(us / 1000000, &days, &sec);
	if ((ymd = dt_date(a, days)) == NULL)
		return "";
	return arena_printf(a, "%.2s.%.2s.%.4s %02lld:%02lld", ymd + 8, ymd + 5,
	    ymd, (long long)(sec / 3600), (long long)(sec % 3600 / 60));
}

int
page_notifications(struct req *r)
{
	struct json_object	*ctx, *list, *o;
	struct keyset_val	 first = { NULL, 0 }, last = { NULL, 0 };
	struct notification	*x;
	struct page		 p;
	const char		*prev, *next;
	int64_t			 total, unread;
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &note_page, &p) == -1)
		return 0;
	if (db_notification_page(r->arena, r->user->id, &p.ks, &x, &nread) == -1 ||
	    db_notification_count(r->arena, r->user->id, &total, &unread) == -1)
		return resp_error(r, 503, db_down);
	paging_rows(&p, nread, &from, &n);
	if (n > 0) {
		first.i = x[from].id;
		last.i = x[from + n - 1].id;
	}
	if (paging_links(r, &p, nread, &first, &last, &prev, &next) == -1)
		return resp_error(r, 500, "Internal server error");
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	list = json_object_new_array();
	json_object_object_add(ctx, "items", list);
	for (i = from; i < from + n; i++) {
		if ((o = view_notification(r->arena, &x[i])) == NULL)
			return resp_error(r, 500, "Internal server error");
		json_add_str(o, "when", local(r->arena, x[i].created_at));
		json_object_array_add(list, json_object_get(o));
	}
	json_add_int(ctx, "total", total);
	json_add_int(ctx, "unread_count", unread);
	json_add_str(ctx, "zone", r->cfg->time_zone);
	if (prev != NULL)
		json_add_str(ctx, "prev_url", prev);
	if (next != NULL)
		json_add_str(ctx, "next_url", next);
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, 200, "notifications/list", ctx, "Уведомления");
}

int
page_notification_read(struct req *r)
{
	int	 rc;

	if ((rc = db_notification_read(r->arena, r->user->id, r->ids[0])) == -1)
		return resp_error(r, 503, db_down);
	if (rc == 0)
		return resp_error(r, 404, "Такого уведомления нет.");
	return page_redirect_done(r, "/notifications", "read");
}

int
page_notifications_read_all(struct req *r)
{
	int64_t	 n;

	if (db_notification_read_all(r->arena, r->user->id, &n) == -1)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/notifications", "all");
}
