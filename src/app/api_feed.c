/* The personal iCalendar feed: GET /api/me/calendar-feed/ (its URL),
 * POST /api/me/calendar-feed/reset/ (a new one) and the anonymous
 * GET /calendar/{key}.ics behind it. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "domain/feed.h"
#include "domain/lesson.h"

static int
reply_url(struct req *r, int reset)
{
	struct json_object	*o;
	const char		*token;

	if (feed_token(r->arena, r->cfg->secret_key, r->user->id, reset,
	    &token) != 0 || (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "url", arena_printf(r->arena, "%s/calendar/%s.ics",
	    r->cfg->base_url, token));
	return resp_json(r, 200, o);
}

int
api_me_calendar_feed(struct req *r)
{
	return reply_url(r, 0);
}

int
api_me_calendar_feed_reset(struct req *r)
{
	return reply_url(r, 1);
}

/* The site's host (and port) from base_url, for the events' UIDs. */
static const char *
host(struct req *r)
{
	const char	*b = r->cfg->base_url, *p = strstr(b, "://");
	size_t		 n;

	p = p ? p + 3 : b;
	n = strcspn(p, "/");
	return n ? arena_strndup(r->arena, p, n) : "tpanel";
}

int
page_calendar_ics(struct req *r)
{
	const char	*token, *text, *role;
	int64_t		 user;
	int		 rc;

	token = input_path_name(r, "{key}");
	/* Unknown, reset or malformed: the same 404 as any unknown path. */
	if ((rc = feed_user(r->arena, token, &user, &role)) == 0)
		return resp_error(r, 404, "Такой страницы нет.");
	if (rc == -1 || feed_ics(r->arena, role, user, r->cfg->time_zone,
	    host(r), lesson_now(), &text) == -1)
		return api_db_error(r);
	resp_text(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
	resp_header(r, "Cache-Control", "private, max-age=300");
	return 0;
}
