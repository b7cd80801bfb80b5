/* Chat API: messages at the original's paths under /api/ and
 * /accounts/api/ (messages/), PHASE2-3 §3.4: pages by id, newest first
 * with before_id, re-synced with after_id; edit, delete, read pointers,
 * search. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_chat.h"
#include "app/app_files.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/html.h"
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

#define PAGE_SIZE	50	/* messages a page by default ... */
#define PAGE_SIZE_MAX	200	/* ... and at most */
#define SEARCH_SIZE	50
#define SEARCH_MIN	2	/* characters of a search */
#define NOT_MEMBER	"Вы не участник этого чата."

/* The read state messages of c are shown against, for the caller. */
static int
reads_of(struct req *r, const struct chat *c, struct chat_reads *rd)
{
	struct chat_member	*m;

	memset(rd, 0, sizeof(*rd));
	rd->is_group = strcmp(c->type, "group") == 0;
	rd->viewer_read = c->last_read;
	rd->peer_read = c->peer_read;
	if (rd->is_group) {
		if (db_chat_members(r->arena, c->id, &m, &rd->n) == -1)
			return -1;
		rd->m = m;
	}
	return 0;
}

static int
show_email(const struct req *r)
{
	return r->user->role != R_STUDENT;
}

/* Message m of chat c as the caller sees it, with status. */
static int
reply_message(struct req *r, int status, const struct chat *c,
    const struct chat_msg *m)
{
	struct chat_reads	 rd;

	if (reads_of(r, c, &rd) == -1)
		return api_db_error(r);
	return resp_json(r, status, chat_view_message(r->arena, m, r->user->id,
	    &rd, show_email(r)));
}

/* The message of the path's {id} and its chat, for a member of that chat
 * (404 for anyone else). -1 after an answer. */
static int
load_or_reply(struct req *r, struct chat_msg *m, struct chat *c)
{
	int	 rc;

	if ((rc = db_message_get(r->arena, r->ids[0], m)) == 1)
		rc = db_chat_get(r->arena, m->chat_id, r->user->id, c);
	if (rc == -1)
		return api_db_error(r), -1;
	if (rc == 0)
		return resp_error(r, 404, "Not found."), -1;
	return 0;
}

/* ?chat_id= (required) for a member: -1 after a 400 or 403. */
static int
chat_of_query_or_reply(struct req *r, struct chat *c)
{
	int64_t	 id;
	int	 rc;

	if (input_query_id_or_reply(r, "chat_id", &id) == -1)
		return -1;
	if (id == 0)
		return input_field_error(r, "chat_id", "This field is required."),
		    -1;
	if ((rc = db_chat_get(r->arena, id, r->user->id, c)) == -1)
		return api_db_error(r), -1;
	if (rc == 0)
		return resp_error(r, 403, NOT_MEMBER), -1;
	return 0;
}

/* This list's URL with chat_id, page_size and key=id. */
static const char *
page_url(struct req *r, int64_t chat, int64_t size, const char *key, int64_t id)
{
	return arena_printf(r->arena, "%s%s?chat_id=%lld&page_size=%lld&%s=%lld",
	    r->cfg->base_url, r->path, (long long)chat, (long long)size, key,
	    (long long)id);
}

int
api_messages_list(struct req *r)
{
	struct json_object	*o, *a;
	struct chat_reads	 rd;
	struct chat_msg		*m;
	struct chat		 c;
	const char		*v;
	int64_t			 before, after, size = PAGE_SIZE, n64;
	size_t			 i, n, first;
	int			 more;

	if (chat_of_query_or_reply(r, &c) == -1 ||
	    input_query_id_or_reply(r, "before_id", &before) == -1 ||
	    input_query_id_or_reply(r, "after_id", &after) == -1)
		return 0;
	if (before != 0 && after != 0)
		return resp_error(r, 400, "Укажите before_id или after_id, не оба.");
	if ((v = req_query(r, "page_size")) != NULL &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &n64) == 0)
		size = n64 > PAGE_SIZE_MAX ? PAGE_SIZE_MAX : n64;
	/* One more than the page says whether there is more that way. */
	if (db_message_page(r->arena, c.id, before ? before : INT64_MAX, after,
	    size + 1, &m, &n) == -1 || reads_of(r, &c, &rd) == -1 ||
	    (o = json_new_object(r->arena)) == NULL ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	more = (int64_t)n > size;
	/* Ascending: the extra row is the oldest going back, the newest
	 * going forward. */
	first = more && after == 0 ? 1 : 0;
	if (more)
		n--;
	for (i = first; i < first + n; i++)
		json_object_array_add(a, json_object_get(chat_view_message(r->arena,
		    &m[i], r->user->id, &rd, show_email(r))));
	json_add_int(o, "count", c.message_count);
	json_add_str(o, "next", n > 0 && ((after != 0 && more) || before != 0) ?
	    page_url(r, c.id, size, "after_id", m[first + n - 1].id) : NULL);
	json_add_str(o, "previous", n > 0 && ((after == 0 && more) || after != 0) ?
	    page_url(r, c.id, size, "before_id", m[first].id) : NULL);
	json_add_int(o, "last_read_message_id", c.last_read);
	json_object_object_add(o, "results", json_object_get(a));
	realtime_seen(r->arena, r->user->id);
	return resp_json(r, 200, o);
}

int
api_messages_send(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	struct field_err	 err = { NULL, NULL };
	struct chat_reads	 rd;
	struct chat_msg		 m;
	const char		*text, *file;
	int64_t			 chat, reply_to;
	enum chat_rc		 rc;
	int			 has, group;

	if ((in = input_body_or_reply(r)) == NULL ||
	    (has = input_pk_or_reply(r, in, "chat", &chat)) == -1 ||
	    input_str_or_reply(r, in, "text", &text) == -1 ||
	    input_pk_or_reply(r, in, "reply_to", &reply_to) == -1 ||
	    input_str_or_reply(r, in, "file_id", &file) == -1)
		return 0;
	if (has == 0)
		return input_field_error(r, "chat", "This field is required.");
	rc = chat_send(r->arena, &who, chat, text, reply_to, file, &m, &group,
	    &err);
	if (rc != CHAT_CREATED)
		return api_chat_fail(r, rc, &err);
	/* Just sent: the sender has read it, nobody else yet. */
	memset(&rd, 0, sizeof(rd));
	rd.is_group = group;
	rd.viewer_read = m.id;
	return resp_json(r, 201, chat_view_message(r->arena, &m, r->user->id, &rd,
	    show_email(r)));
}

int
api_message_get(struct req *r)
{
	struct chat_msg	 m;
	struct chat	 c;

	if (load_or_reply(r, &m, &c) == -1)
		return 0;
	return reply_message(r, 200, &c, &m);
}

int
api_message_update(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	struct field_err	 err = { NULL, NULL };
	struct chat_msg		 m;
	struct chat		 c;
	const char		*text;
	enum chat_rc		 rc;

	if (load_or_reply(r, &m, &c) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "text", &text) == -1)
		return 0;
	if ((rc = chat_edit(r->arena, &who, &c, &m, text, &err)) != CHAT_OK)
		return api_chat_fail(r, rc, &err);
	if (db_message_get(r->arena, m.id, &m) != 1)
		return api_db_error(r);
	return reply_message(r, 200, &c, &m);
}

int
api_message_delete(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct chat_msg		 m;
	struct chat		 c;
	enum chat_rc		 rc;

	if (load_or_reply(r, &m, &c) == -1)
		return 0;
	if ((rc = chat_delete_message(r->arena, &who, &c, &m, &err)) != CHAT_OK)
		return api_chat_fail(r, rc, &err);
	return resp_text(r, 204, NULL, "", 0);
}

static int
read_reply(struct req *r, enum chat_rc rc, int64_t pointer)
{
	struct json_object	*o;

	if (rc == CHAT_DB)
		return api_db_error(r);
	if (rc == CHAT_FORBIDDEN)
		return resp_error(r, 403, NOT_MEMBER);
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "status", "success");
	json_add_int(o, "last_read_message_id", pointer);
	return resp_json(r, 200, o);
}

int
api_message_mark_read(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct chat_msg		 m;
	struct chat		 c;
	enum chat_rc		 rc;
	int64_t			 ptr = 0;

	if (load_or_reply(r, &m, &c) == -1)
		return 0;
	rc = chat_read(r->arena, &who, c.id, m.id, &ptr);
	return read_reply(r, rc, ptr);
}

int
api_messages_mark_chat_read(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*in;
	enum chat_rc		 rc;
	int64_t			 chat, upto, ptr = 0;
	int			 has;

	if ((in = input_body_or_reply(r)) == NULL ||
	    (has = input_pk_or_reply(r, in, "chat_id", &chat)) == -1 ||
	    input_pk_or_reply(r, in, "up_to_id", &upto) == -1)
		return 0;
	if (has == 0)
		return resp_error(r, 400, "chat_id обязателен");
	rc = chat_read(r->arena, &who, chat, upto, &ptr);
	return read_reply(r, rc, ptr);
}

int
api_messages_search(struct req *r)
{
	struct json_object	*o, *a;
	struct chat_reads	 rd;
	struct chat_msg		*m;
	struct chat		 c;
	const char		*q = req_query(r, "q");
	int64_t			 chat, before;
	size_t			 i, n;
	long			 len;
	int			 rc;

	if (input_query_id_or_reply(r, "chat_id", &chat) == -1 ||
	    input_query_id_or_reply(r, "before_id", &before) == -1)
		return 0;
	if (q == NULL || (q = str_trim_dup(r->arena, q)) == NULL ||
	    (len = str_utf8_chars(q)) < SEARCH_MIN || len > 100)
		return input_field_error(r, "q", "Поиск — от 2 до 100 символов.");
	if (chat != 0 && (rc = db_chat_get(r->arena, chat, r->user->id, &c)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 403, NOT_MEMBER);
	if (db_message_search(r->arena, r->user->id, chat, q,
	    before ? before : INT64_MAX, SEARCH_SIZE + 1, &m, &n) == -1 ||
	    (o = json_new_object(r->arena)) == NULL ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	/* Found messages show their text, not their read state. */
	memset(&rd, 0, sizeof(rd));
	for (i = 0; i < n && i < SEARCH_SIZE; i++)
		json_object_array_add(a, json_object_get(chat_view_message(r->arena,
		    &m[i], r->user->id, &rd, show_email(r))));
	json_add_int(o, "count", (int64_t)(n < SEARCH_SIZE ? n : SEARCH_SIZE));
	if (n > SEARCH_SIZE) {
		struct buf	 b;

		buf_init(&b, r->arena);
		buf_printf(&b, "%s%s?q=", r->cfg->base_url, r->path);
		html_url_arg(&b, q, strlen(q));
		if (chat != 0)
			buf_printf(&b, "&chat_id=%lld", (long long)chat);
		buf_printf(&b, "&before_id=%lld", (long long)m[SEARCH_SIZE - 1].id);
		json_add_str(o, "next", b.err ? NULL : buf_str(&b));
	} else
		json_add_null(o, "next");
	json_add_null(o, "previous");
	json_object_object_add(o, "results", json_object_get(a));
	return resp_json(r, 200, o);
}

/* The attachment's answer, CMS's shape (PHASE2-3 §3.2). */
struct json_object *
chat_upload_view(struct req *r, const struct stored_file *f)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return NULL;
	json_add_str(o, "file_id", f->id);
	json_add_str(o, "file_url", file_url(r->arena, f));
	json_add_str(o, "file_name", f->original_name);
	json_add_int(o, "file_size", f->size);
	json_add_str(o, "mime_type", f->mime_type);
	return o;
}

/* Read an upload for the chat whose id is chat (0: the form's chat_id) and
 * store it as the caller's, if they may post there: 0 and *f, or -1 after
 * the answer. */
int
chat_upload_or_reply(struct req *r, int64_t chat, struct upload *up,
    struct stored_file *f)
{
	struct field_err	 err = { NULL, NULL };
	const char		*v;
	enum chat_rc		 rc;

	if (files_upload_or_reply(r, FILE_KIND_CHAT, up) == -1)
		return -1;
	if (chat == 0 && ((v = multipart_field(&up->mp, "chat_id")) == NULL ||
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &chat) == -1))
		return input_field_error(r, "chat_id", v == NULL ? "This field is "
		    "required." : "A valid integer is required."), -1;
	if ((rc = chat_may_post(r->arena, chat, r->user->id, &err)) != CHAT_OK)
		return api_chat_fail(r, rc, &err), -1;
	return files_store_or_reply(r, up, FILE_KIND_CHAT, FILE_CHAT, 0, chat, f);
}

int
api_chat_upload(struct req *r)
{
	struct stored_file	 f;
	struct upload		 up;
	struct json_object	*o;

	if (chat_upload_or_reply(r, 0, &up, &f) == -1)
		return 0;
	if ((o = chat_upload_view(r, &f)) == NULL)
		return resp_error(r, 500, "Internal server error");
	return resp_json(r, 201, o);
}
