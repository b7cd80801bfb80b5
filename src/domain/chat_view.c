/* Chat and Message as JSON, for the API, the pages and the events. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "db/db_chat.h"
#include "db/db_message.h"
#include "domain/account.h"
#include "domain/chat_view.h"
#include "domain/realtime.h"

int
chat_online(const char *seen)
{
	int64_t	 us;

	if (seen == NULL || dt_parse_iso(seen, &us) == -1)
		return 0;
	return (int64_t)time(NULL) * 1000000 - us < ONLINE_SECONDS * 1000000LL;
}

static void
add_id_or_null(struct json_object *o, const char *key, int64_t id)
{
	if (id > 0)
		json_add_int(o, key, id);
	else
		json_add_null(o, key);
}

/* A mute that has not ended yet (DB time). */
static int
muted(const char *until)
{
	int64_t	 us;

	return until != NULL && dt_parse_iso(until, &us) == 0 &&
	    us > (int64_t)time(NULL) * 1000000;
}

static const char *
str_of(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* The members' JSON of the query, reshaped for the viewer. */
static struct json_object *
participants(struct arena *a, const struct chat *c, const struct chat_viewer *v,
    const char **peer_name)
{
	struct json_object	*in, *out, *p, *q, *x;
	size_t			 i, n;
	int64_t			 id;

	if ((out = json_object_new_array()) == NULL)
		return NULL;
	if (c->members == NULL ||
	    (in = json_parse(a, c->members, strlen(c->members))) == NULL ||
	    !json_object_is_type(in, json_type_array))
		return out;
	n = json_object_array_length(in);
	for (i = 0; i < n; i++) {
		p = json_object_array_get_idx(in, i);
		if ((q = json_object_new_object()) == NULL)
			break;
		id = json_object_object_get_ex(p, "id", &x) ?
		    json_object_get_int64(x) : 0;
		json_add_int(q, "id", id);
		json_add_str(q, "username_handle", str_of(p, "username_handle"));
		json_add_str(q, "first_name", str_of(p, "first_name"));
		json_add_str(q, "last_name", str_of(p, "last_name"));
		if (v != NULL && v->show_email)
			json_add_str(q, "email", str_of(p, "email"));
		json_add_str(q, "role", str_of(p, "role"));
		json_add_bool(q, "is_moderator",
		    json_object_object_get_ex(p, "is_moderator", &x) &&
		    json_object_get_int(x) != 0);
		/* Who may not post: for the moderators' eyes. */
		json_add_str(q, "muted_until", v != NULL && c->is_moderator &&
		    muted(str_of(p, "muted_until")) ? dt_iso(a,
		    str_of(p, "muted_until")) : NULL);
		if (v != NULL && id == c->peer_id && peer_name != NULL)
			*peer_name = account_name_of(a, str_of(p, "last_name"),
			    str_of(p, "first_name"), str_of(p, "middle_name"),
			    v->show_email ? str_of(p, "email") : "Пользователь");
		json_object_array_add(out, q);
	}
	return out;
}

static struct json_object *
last_message(struct arena *a, const struct chat *c, int show_email)
{
	struct json_object	*o;

	if (c->lm_id == 0 || (o = json_object_new_object()) == NULL)
		return NULL;
	json_add_int(o, "id", c->lm_id);
	json_add_str(o, "text", c->lm_deleted ? "" : c->lm_text);
	json_add_str(o, "sender", account_name_of(a, c->lm_last, c->lm_first,
	    c->lm_middle, show_email ? c->lm_email : "Пользователь"));
	json_add_int(o, "sender_id", c->lm_sender);
	json_add_str(o, "message_type", c->lm_type);
	json_add_bool(o, "deleted", c->lm_deleted);
	json_add_str(o, "created_at", dt_iso(a, c->lm_created_at));
	return o;
}

struct json_object *
chat_view(struct arena *a, const struct chat *c, const struct chat_viewer *v)
{
	struct json_object	*o;
	const char		*peer_name = NULL;
	int			 group = strcmp(c->type, "group") == 0;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", c->id);
	json_add_str(o, "name", c->name);
	json_add_str(o, "chat_type", c->type);
	json_object_object_add(o, "participants", participants(a, c, v,
	    &peer_name));
	json_add_str(o, "title", group || peer_name == NULL ? c->name : peer_name);
	add_id_or_null(o, "created_by", c->created_by);
	add_id_or_null(o, "group", c->group_id);
	json_object_object_add(o, "last_message", last_message(a, c,
	    v != NULL && v->show_email));
	json_add_int(o, "message_count", c->message_count);
	json_add_bool(o, "is_readonly", c->is_readonly);
	json_add_str(o, "created_at", dt_iso(a, c->created_at));
	json_add_str(o, "updated_at", dt_iso(a, c->updated_at));
	if (v == NULL)
		return o;
	json_add_int(o, "unread_count", c->unread);
	add_id_or_null(o, "last_read_message_id", c->last_read);
	json_add_bool(o, "is_moderator", c->is_moderator);
	json_add_str(o, "muted_until", c->muted ? dt_iso(a, c->muted_until) : NULL);
	if (group) {
		json_add_null(o, "online");
		json_add_null(o, "peer_last_seen_at");
	} else {
		json_add_bool(o, "online", chat_online(c->peer_seen));
		json_add_str(o, "peer_last_seen_at", dt_iso(a, c->peer_seen));
	}
	return o;
}

/* A message's attachment: {id, url, name, size, mime_type}, or NULL. */
static struct json_object *
file_of(struct arena *a, const struct chat_msg *m)
{
	struct json_object	*f;

	if (m->file_id == NULL || (f = json_object_new_object()) == NULL)
		return NULL;
	json_add_str(f, "id", m->file_id);
	json_add_str(f, "url", arena_printf(a, "/api/files/%s/", m->file_id));
	json_add_str(f, "name", m->file_name);
	json_add_int(f, "size", m->file_size);
	json_add_str(f, "mime_type", m->file_mime);
	json_add_bool(f, "is_image", m->file_mime != NULL &&
	    strncmp(m->file_mime, "image/", 6) == 0);
	return f;
}

/* Members other than the sender whose pointer has passed m. */
static int64_t
read_by(const struct chat_reads *rd, const struct chat_msg *m)
{
	int64_t	 k = 0;
	size_t	 i;

	for (i = 0; i < rd->n; i++)
		if (rd->m[i].user != m->sender_id && rd->m[i].last_read >= m->id)
			k++;
	return k;
}

struct json_object *
chat_view_message(struct arena *a, const struct chat_msg *m, int64_t viewer,
    const struct chat_reads *rd, int show_email)
{
	struct json_object	*o, *s;
	int			 deleted = m->deleted_at != NULL, is_read;

	if ((o = json_new_object(a)) == NULL || (s = json_object_new_object()) == NULL)
		return NULL;
	json_add_int(o, "id", m->id);
	json_add_int(o, "chat", m->chat_id);
	json_add_int(s, "id", m->sender_id);
	json_add_str(s, "username_handle", m->s_handle);
	json_add_str(s, "first_name", m->s_first);
	json_add_str(s, "last_name", m->s_last);
	if (show_email)
		json_add_str(s, "email", m->s_email);
	json_object_object_add(o, "sender", s);
	json_add_str(o, "sender_name", account_name_of(a, m->s_last, m->s_first,
	    m->s_middle, show_email ? m->s_email : "Пользователь"));
	json_add_str(o, "text", deleted ? "" : m->text);
	is_read = m->sender_id == viewer && !rd->is_group ?
	    rd->peer_read >= m->id : rd->viewer_read >= m->id;
	json_add_bool(o, "is_read", is_read);
	json_add_str(o, "created_at", dt_iso(a, m->created_at));
	json_add_str(o, "updated_at", dt_iso(a, m->updated_at));
	json_add_str(o, "message_type", m->type);
	json_object_object_add(o, "file", deleted ? NULL : file_of(a, m));
	json_add_str(o, "edited_at", dt_iso(a, m->edited_at));
	json_add_bool(o, "deleted", deleted);
	add_id_or_null(o, "reply_to", m->reply_to);
	if (rd->is_group)
		json_add_int(o, "read_by_count", read_by(rd, m));
	return o;
}

struct json_object *
chat_view_unread(struct arena *a, const int64_t *chat, const int64_t *count,
    size_t n, int64_t total)
{
	struct json_object	*o, *list, *e;
	size_t			 i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		e = json_object_new_object();
		json_add_int(e, "chat_id", chat[i]);
		json_add_int(e, "unread_count", count[i]);
		json_object_array_add(list, e);
	}
	json_add_int(o, "total", total);
	json_object_object_add(o, "chats", list);
	return o;
}
