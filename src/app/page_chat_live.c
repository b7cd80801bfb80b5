/* What static/chat.js asks of the pages, with the page session (the API
 * wants a token the pages do not have): a thread's messages after the last
 * one shown (the re-sync after a reconnect), marking read, typing, and the
 * unread counts of the nav badge. JSON answers. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_chat.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db_chat.h"
#include "db/db_message.h"
#include "domain/chat.h"
#include "domain/chat_view.h"
#include "domain/realtime.h"

#define SINCE_MAX	200	/* messages one re-sync answers */

static int
unavailable(struct req *r)
{
	struct json_object	*o = json_new_object(r->arena);

	json_add_str(o, "detail", "База данных недоступна.");
	return resp_json(r, 503, o);
}

/* The chat of the path's {id} for a member: 0, or -1 after a JSON 404. */
static int
member_or_reply(struct req *r, struct chat *c)
{
	struct json_object	*o;
	int			 rc;

	if ((rc = db_chat_get(r->arena, r->ids[0], r->user->id, c)) == 1)
		return 0;
	if (rc == -1)
		return unavailable(r), -1;
	o = json_new_object(r->arena);
	json_add_str(o, "detail", "Not found.");
	return resp_json(r, 404, o), -1;
}

int
page_chat_since(struct req *r)
{
	struct json_object	*o, *a;
	struct chat_reads	 rd;
	struct chat_member	*mm;
	struct chat_msg		*m;
	struct chat		 c;
	const char		*v = req_query(r, "after_id");
	int64_t			 after = 0, total;
	size_t			 i, n;

	if (v == NULL || str_to_i64(v, strlen(v), 0, INT64_MAX, &after) == -1)
		after = 0;
	if (member_or_reply(r, &c) == -1)
		return 0;
	memset(&rd, 0, sizeof(rd));
	rd.is_group = strcmp(c.type, "group") == 0;
	rd.viewer_read = c.last_read;
	rd.peer_read = c.peer_read;
	if (db_message_page(r->arena, c.id, INT64_MAX, after > 0 ? after : 0,
	    SINCE_MAX, &m, &n) == -1 ||
	    (rd.is_group && db_chat_members(r->arena, c.id, &mm, &rd.n) == -1) ||
	    db_chat_unread_total(r->arena, r->user->id, &total) == -1 ||
	    (o = json_new_object(r->arena)) == NULL ||
	    (a = json_new_array(r->arena)) == NULL)
		return unavailable(r);
	if (rd.is_group)
		rd.m = mm;
	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_get(chat_view_message(r->arena,
		    &m[i], r->user->id, &rd, 0)));
	realtime_seen(r->arena, r->user->id);
	json_object_object_add(o, "results", json_object_get(a));
	json_add_int(o, "unread_total", total);
	return resp_json(r, 200, o);
}

int
page_chat_read(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*o;
	struct chat		 c;
	const char		*v = req_form(r, "up_to_id");
	int64_t			 upto = 0, ptr = 0, total;
	enum chat_rc		 rc;

	if (v != NULL && str_to_i64(v, strlen(v), 1, INT64_MAX, &upto) == -1)
		upto = 0;
	if (member_or_reply(r, &c) == -1)
		return 0;
	if ((rc = chat_read(r->arena, &who, c.id, upto, &ptr)) == CHAT_DB ||
	    db_chat_unread_total(r->arena, r->user->id, &total) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return unavailable(r);
	json_add_int(o, "last_read_message_id", ptr);
	json_add_int(o, "unread_total", total);
	return resp_json(r, 200, o);
}

int
page_chat_typing(struct req *r)
{
	struct chat_who	 who = chat_caller(r);
	struct chat	 c;

	if (member_or_reply(r, &c) == -1)
		return 0;
	if (chat_typing(r->arena, &who, &c, strcmp(req_form(r, "op") ?
	    req_form(r, "op") : "", "stop") != 0) == CHAT_DB)
		return unavailable(r);
	return resp_text(r, 204, NULL, "", 0);
}

int
page_chat_unread(struct req *r)
{
	struct json_object	*o;
	int64_t			*chat, *count, total;
	size_t			 n;

	if (db_chat_unread(r->arena, r->user->id, &chat, &count, &n, &total) == -1 ||
	    (o = chat_view_unread(r->arena, chat, count, n, total)) == NULL)
		return unavailable(r);
	realtime_seen(r->arena, r->user->id);
	return resp_json(r, 200, o);
}
