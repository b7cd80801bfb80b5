/* The chat's events, each to the channels of the members it concerns. */
#include "autoconf.h"

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/log.h"
#include "db/db_chat.h"
#include "domain/chat_pub.h"
#include "domain/chat_view.h"
#include "domain/realtime.h"
#include "realtime/nchan.h"

void
chat_pub_members(struct arena *a, int64_t chat, struct chat_member **m,
    size_t *n)
{
	*n = 0;
	if (!nchan_enabled())
		return;
	if (db_chat_members(a, chat, m, n) == -1) {
		log_warnx("chat %lld: members not read, events skipped",
		    (long long)chat);
		*n = 0;
	}
}

void
chat_pub_all(struct arena *a, const struct chat_member *m, size_t n,
    int64_t except, const char *type, struct json_object *data)
{
	int64_t	*ids;
	size_t	 i, k = 0;

	if (n == 0 || data == NULL ||
	    (ids = arena_alloc(a, n * sizeof(*ids))) == NULL)
		return;
	for (i = 0; i < n; i++)
		if (m[i].user != except)
			ids[k++] = m[i].user;
	realtime_publish(a, ids, k, type, data);
}

void
chat_pub_unread(struct arena *a, int64_t chat, const struct chat_member *m)
{
	struct json_object	*d;

	if ((d = json_new_object(a)) == NULL)
		return;
	json_add_int(d, "total", m->total);
	json_add_int(d, "chat_id", chat);
	json_add_int(d, "unread_count", m->unread);
	realtime_publish_one(a, m->user, "unread", d);
}

void
chat_pub_unread_of(struct arena *a, int64_t chat, int64_t user)
{
	struct chat_member	 m = { .user = user };
	int			 muted;

	if (!nchan_enabled() || db_chat_unread_total(a, user, &m.total) == -1 ||
	    db_chat_member(a, chat, user, &m, &muted) == -1)
		return;
	m.user = user;
	chat_pub_unread(a, chat, &m);
}

void
chat_pub_chat_to(struct arena *a, int64_t chat, int64_t user)
{
	struct chat_viewer	 v = { user, 0 };
	struct json_object	*d;
	struct chat		 c;

	if (!nchan_enabled() || db_chat_get(a, chat, user, &c) != 1 ||
	    (d = json_new_object(a)) == NULL)
		return;
	json_object_object_add(d, "chat", json_object_get(chat_view(a, &c, &v)));
	realtime_publish_one(a, user, "chat.updated", d);
}

void
chat_pub_chat_all(struct arena *a, int64_t chat, const struct chat_member *m,
    size_t n)
{
	struct json_object	*d;
	struct chat		 c;

	if (n == 0 || db_chat_get(a, chat, m[0].user, &c) != 1 ||
	    (d = json_new_object(a)) == NULL)
		return;
	json_object_object_add(d, "chat", json_object_get(chat_view(a, &c, NULL)));
	chat_pub_all(a, m, n, 0, "chat.updated", d);
}

void
chat_pub_removed(struct arena *a, int64_t chat, int64_t user)
{
	struct json_object	*d;

	if (!nchan_enabled() || (d = json_new_object(a)) == NULL)
		return;
	json_add_int(d, "chat_id", chat);
	realtime_publish_one(a, user, "chat.removed", d);
	chat_pub_unread_of(a, chat, user);
}
