/* The chat pages: /chat (the list, filtered), /chat/new (someone to write
 * to, a group's chat), /chat/{id} (the thread with date separators and
 * receipts, and the send form, which works without JavaScript), editing,
 * deleting and moderation forms. static/chat.js adds the live part. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_chat.h"
#include "app/app_files.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db_chat.h"
#include "db/db_group.h"
#include "db/db_message.h"
#include "db/db_user.h"
#include "domain/chat.h"
#include "domain/chat_view.h"
#include "domain/realtime.h"

#define LIST_MAX	50	/* chats a list page shows */
#define THREAD_PAGE	50	/* messages a thread page shows */
#define PREVIEW_CHARS	80	/* of the last message in the list */
#define PEOPLE_MAX	50	/* people a search shows */

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const struct page_msg done_msgs[] = {
	{ "edited", "Сообщение изменено." },
	{ "deleted", "Сообщение удалено." },
	{ "saved", "Настройки чата сохранены." },
	{ "muted", "Ученику запрещено писать в чат." },
	{ "unmuted", "Ученик снова может писать в чат." },
	{ "left", "Вы вышли из чата." },
	{ "created", "Чат создан." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

static const char *const month[] = { "января", "февраля", "марта", "апреля",
    "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
    "декабря" };

static int64_t
us_of(const char *db)
{
	int64_t	 us;

	return db != NULL && dt_parse_iso(db, &us) == 0 ? us : 0;
}

/* "Сегодня", "Вчера", "5 декабря" or "5 декабря 2025": a day of the
 * configured zone. */
static const char *
day_label(struct arena *a, int64_t day, int64_t today)
{
	const char	*ymd;
	int64_t		 m;

	if (day == today)
		return "Сегодня";
	if (day == today - 1)
		return "Вчера";
	if ((ymd = dt_date(a, day)) == NULL ||
	    str_to_i64(ymd + 5, 2, 1, 12, &m) == -1)
		return "";
	if (strncmp(ymd, dt_date(a, today), 4) == 0)
		return arena_printf(a, "%d %s", (ymd[8] - '0') * 10 + ymd[9] - '0',
		    month[m - 1]);
	return arena_printf(a, "%d %s %.4s", (ymd[8] - '0') * 10 + ymd[9] - '0',
	    month[m - 1], ymd);
}

/* "340 КБ", "1,2 МБ": a file's size for people. */
static const char *
size_text(struct arena *a, int64_t n)
{
	if (n < 1024 * 1024)
		return arena_printf(a, "%lld КБ", (long long)((n + 1023) / 1024));
	return arena_printf(a, "%lld,%lld МБ", (long long)(n / (1024 * 1024)),
	    (long long)(n % (1024 * 1024) * 10 / (1024 * 1024)));
}

/* When a message was sent, as the list shows it: today "10:05", else
 * "05.12.2026". */
static const char *
short_when(struct arena *a, int64_t us, int64_t today)
{
	if (page_local_day(us) == today)
		return dt_local_text(a, us, DT_TEXT_TIME);
	return dt_local_text(a, us, DT_TEXT_DATE);
}

/* The first n characters of s, "…" when cut. */
static const char *
preview(struct arena *a, const char *s, size_t n)
{
	size_t	 i, count = 0;

	if (s == NULL)
		return "";
	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && count++ == n)
			return arena_printf(a, "%.*s…", (int)i, s);
	return s;
}

static struct chat_viewer
viewer(const struct req *r)
{
	struct chat_viewer	 v = { r->user->id, r->user->role != R_STUDENT };

	return v;
}

/* One chat as the list shows it. */
static struct json_object *
list_item(struct req *r, const struct chat *c, int64_t open, int64_t today)
{
	struct chat_viewer	 v = viewer(r);
	struct json_object	*o, *full, *x;
	int			 group = strcmp(c->type, "group") == 0;

	if ((o = json_new_object(r->arena)) == NULL ||
	    (full = chat_view(r->arena, c, &v)) == NULL)
		return NULL;
	json_add_int(o, "id", c->id);
	json_add_str(o, "title", json_object_object_get_ex(full, "title", &x) ?
	    json_object_get_string(x) : "");
	json_add_bool(o, "is_group", group);
	json_add_bool(o, "online", !group && chat_online(c->peer_seen));
	json_add_bool(o, "current", c->id == open);
	if (c->unread > 0)
		json_add_int(o, "unread", c->unread);
	if (c->lm_id != 0) {
		json_add_str(o, "last_text", c->lm_deleted ? "Сообщение удалено" :
		    c->lm_text != NULL && c->lm_text[0] == '\0' ?
		    (strcmp(c->lm_type, "image") == 0 ? "Изображение" : "Файл") :
		    preview(r->arena, c->lm_text, PREVIEW_CHARS));
		json_add_bool(o, "last_mine", c->lm_sender == r->user->id);
		json_add_str(o, "last_when", short_when(r->arena,
		    us_of(c->lm_created_at), today));
	}
	return o;
}

/* ctx.chats: the caller's chats (filter f), and the filter tabs. */
static int
add_list(struct req *r, struct json_object *ctx, enum chat_filter f,
    int64_t open)
{
	static const char *const names[] = { "all", "unread", "groups" };
	static const char *const labels[] = { "Все", "Непрочитанные", "Группы" };
	struct json_object	*a, *tabs, *t;
	struct chat		*c;
	int64_t			 today = page_local_day((int64_t)time(NULL) * 1000000);
	size_t			 i, n;

	if (db_chat_list(r->arena, r->user->id, f, LIST_MAX, &c, &n) == -1)
		return -1;
	a = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_get(list_item(r, &c[i], open,
		    today)));
	json_object_object_add(ctx, "chats", a);
	tabs = json_object_new_array();
	for (i = 0; i < 3; i++) {
		t = json_object_new_object();
		json_add_str(t, "label", labels[i]);
		json_add_str(t, "url", i == 0 ? "/chat" : arena_printf(r->arena,
		    "/chat?filter=%s", names[i]));
		json_add_bool(t, "current", (size_t)f == i);
		json_object_array_add(tabs, t);
	}
	json_object_object_add(ctx, "tabs", tabs);
	return 0;
}

static enum chat_filter
filter_of(struct req *r)
{
	const char	*v = req_query(r, "filter");

	if (v != NULL && strcmp(v, "unread") == 0)
		return CHAT_UNREAD;
	if (v != NULL && strcmp(v, "groups") == 0)
		return CHAT_GROUPS;
	return CHAT_ALL;
}

int
page_chat_list(struct req *r)
{
	struct json_object	*ctx;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (add_list(r, ctx, filter_of(r), 0) == -1)
		return resp_error(r, 503, db_down);
	realtime_seen(r->arena, r->user->id);
	json_add_bool(ctx, "is_teacher", r->user->role == R_TEACHER);
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, 200, "chat/list", ctx, "Сообщения");
}

/* -- someone to write to, a group's chat ----------------------------- */

static int
render_new(struct req *r, int status, const char *error)
{
	struct json_object	*ctx, *people, *groups, *o;
	struct user		*u;
	struct group		*g;
	const char		**handle, *q = req_query(r, "q");
	size_t			 i, n, ng = 0;

	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (q = str_trim_dup(r->arena, q ? q : "")) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (db_chat_reach_search(r->arena, r->user->id, r->user->role_name,
	    r->cfg->chat_student_dm != 0, q, PEOPLE_MAX, &u, &handle, &n) == -1 ||
	    (r->user->role == R_TEACHER && db_group_first(r->arena, SCOPE_TEACHER,
	    r->user->id, 200, &g, &ng) == -1))
		return resp_error(r, 503, db_down);
	json_add_str(ctx, "q", q);
	people = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", u[i].id);
		json_add_str(o, "name", account_name_of(r->arena, u[i].last_name,
		    u[i].first_name, u[i].middle_name, r->user->role != R_STUDENT ?
		    u[i].email : "Пользователь"));
		json_add_str(o, "role", strcmp(u[i].role, "teacher") == 0 ?
		    "преподаватель" : strcmp(u[i].role, "admin") == 0 ?
		    "администратор" : "ученик");
		json_object_array_add(people, o);
	}
	json_object_object_add(ctx, "people", people);
	json_add_bool(ctx, "has_people", n > 0);
	groups = json_object_new_array();
	for (i = 0; i < ng; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", g[i].id);
		json_add_str(o, "name", g[i].name);
		json_object_array_add(groups, o);
	}
	json_object_object_add(ctx, "groups", groups);
	json_add_bool(ctx, "has_groups", ng > 0);
	json_add_bool(ctx, "is_teacher", r->user->role == R_TEACHER);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "chat/new", ctx, "Новый чат");
}

int
page_chat_new(struct req *r)
{
	return render_new(r, 200, NULL);
}

int
page_chat_new_post(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	const char		*u = req_form_text(r, "user_id");
	const char		*g = req_form_text(r, "group_id");
	int64_t			 user = 0, group = 0, id;
	enum chat_rc		 rc;

	if (str_to_i64(u, strlen(u), 1, INT64_MAX, &user) == 0)
		rc = chat_open_private(r->arena, &who, user, &id, &err);
	else if (str_to_i64(g, strlen(g), 1, INT64_MAX, &group) == 0)
		rc = chat_create_group(r->arena, &who, req_form_text(r, "name"),
		    group, NULL, 0, &id, &err);
	else
		return render_new(r, 400, "Выберите, кому написать.");
	if (rc == CHAT_DB)
		return resp_error(r, 503, db_down);
	if (rc != CHAT_OK && rc != CHAT_CREATED)
		return render_new(r, rc == CHAT_FORBIDDEN ? 403 : rc == CHAT_NOT_FOUND ?
		    404 : 400, err.msg);
	return resp_redirect(r, 303, arena_printf(r->arena, "/chat/%lld",
	    (long long)id));
}

/* -- the thread ------------------------------------------------------- */

/* The chat of the path's {id} for a member: 1, or 0 after a 404 page (or
 * 503). */
static int
load_page_chat(struct req *r, struct chat *c)
{
	int	 rc;

	if ((rc = db_chat_get(r->arena, r->ids[0], r->user->id, c)) == -1)
		return resp_error(r, 503, db_down), 0;
	if (rc == 0)
		return resp_error(r, 404, "Такого чата нет среди ваших."), 0;
	return 1;
}

/* The message of the path's {id} and its chat, for a member of that chat:
 * 1, or 0 after a 404 page (or 503). */
static int
load_page_message(struct req *r, struct chat *c, struct chat_msg *m)
{
	int	 rc;

	if ((rc = db_message_get(r->arena, r->ids[0], m)) == 1)
		rc = db_chat_get(r->arena, m->chat_id, r->user->id, c);
	if (rc == -1)
		return resp_error(r, 503, db_down), 0;
	if (rc == 0)
		return resp_error(r, 404, "Такого сообщения нет."), 0;
	return 1;
}

/* Messages m[] for the page, with the day they begin and their receipts. */
static struct json_object *
thread_items(struct req *r, const struct chat *c, const struct chat_msg *m,
    size_t n, const struct chat_reads *rd)
{
	struct chat_who		 who = chat_caller(r);
	struct json_object	*a, *o, *full, *x;
	int64_t			 today = page_local_day((int64_t)time(NULL) * 1000000);
	int64_t			 day, prev = INT64_MIN, us;
	size_t			 i;
	int			 mine;

	a = json_object_new_array();
	for (i = 0; i < n; i++) {
		if ((full = chat_view_message(r->arena, &m[i], r->user->id, rd,
		    r->user->role != R_STUDENT)) == NULL)
			break;
		o = json_object_new_object();
		us = us_of(m[i].created_at);
		if ((day = page_local_day(us)) != prev)
			json_add_str(o, "day", day_label(r->arena, day, today));
		prev = day;
		mine = m[i].sender_id == r->user->id;
		json_add_int(o, "id", m[i].id);
		json_add_bool(o, "mine", mine);
		json_add_str(o, "sender_name", json_object_object_get_ex(full,
		    "sender_name", &x) ? json_object_get_string(x) : "");
		json_add_str(o, "text", m[i].deleted_at ? "" : m[i].text);
		json_add_bool(o, "deleted", m[i].deleted_at != NULL);
		json_add_bool(o, "edited", m[i].edited_at != NULL);
		json_add_str(o, "time", dt_local_text(r->arena, us, DT_TEXT_TIME));
		if (mine && !rd->is_group && m[i].deleted_at == NULL)
			json_add_str(o, "receipt", rd->peer_read >= m[i].id ? "✓✓" : "✓");
		if (mine && rd->is_group && m[i].deleted_at == NULL &&
		    json_object_object_get_ex(full, "read_by_count", &x))
			json_add_str(o, "read_by", arena_printf(r->arena,
			    "прочитали %d из %zu", json_object_get_int(x),
			    rd->n > 0 ? rd->n - 1 : 0));
		if (json_object_object_get_ex(full, "file", &x) && x != NULL) {
			json_add_str(x, "size_text", size_text(r->arena,
			    m[i].file_size));
			json_object_object_add(o, "file", json_object_get(x));
		}
		json_add_bool(o, "can_edit", chat_may_edit(&who, &m[i]));
		json_add_bool(o, "can_delete", m[i].deleted_at == NULL &&
		    chat_may_delete(&who, c, &m[i]));
		json_object_array_add(a, o);
	}
	return a;
}

/* The thread of c (older than before when set), the list beside it, and
 * the send form with text (after a refused send). */
static int
render_thread(struct req *r, int status, const struct chat *c, int64_t before,
    const char *text, const char *error)
{
	struct chat_viewer	 v = viewer(r);
	struct json_object	*ctx, *chat, *items;
	struct chat_reads	 rd;
	struct chat_member	*mm;
	struct chat_msg		*m;
	size_t			 n, first;
	int			 group = strcmp(c->type, "group") == 0;

	memset(&rd, 0, sizeof(rd));
	rd.is_group = group;
	rd.viewer_read = c->last_read;
	rd.peer_read = c->peer_read;
	if (db_message_page(r->arena, c->id, before ? before : INT64_MAX, 0,
	    THREAD_PAGE + 1, &m, &n) == -1 ||
	    (group && db_chat_members(r->arena, c->id, &mm, &rd.n) == -1) ||
	    (ctx = json_new_object(r->arena)) == NULL ||
	    add_list(r, ctx, CHAT_ALL, c->id) == -1)
		return resp_error(r, 503, db_down);
	if (group)
		rd.m = mm;
	first = n > THREAD_PAGE ? 1 : 0;
	if (first)
		json_add_str(ctx, "older_url", arena_printf(r->arena,
		    "/chat/%lld?before=%lld", (long long)c->id, (long long)m[1].id));
	if (before)
		json_add_str(ctx, "newer_url", arena_printf(r->arena, "/chat/%lld",
		    (long long)c->id));
	items = thread_items(r, c, m + first, n - first, &rd);
	json_object_object_add(ctx, "messages", items);
	if ((chat = chat_view(r->arena, c, &v)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_object_object_add(ctx, "chat", json_object_get(chat));
	json_add_bool(ctx, "is_group", group);
	json_add_bool(ctx, "can_post", !c->muted && (!c->is_readonly ||
	    c->is_moderator));
	json_add_bool(ctx, "moderator", group && c->is_moderator);
	json_add_bool(ctx, "can_leave", group && c->group_id == 0 &&
	    c->created_by != r->user->id);
	json_add_str(ctx, "muted_until", c->muted ? dt_local_text(r->arena,
	    us_of(c->muted_until), DT_TEXT_FULL) : NULL);
	json_add_int(ctx, "last_id", n > 0 ? m[n - 1].id : 0);
	json_add_str(ctx, "text", text ? text : "");
	if (!group)
		json_add_str(ctx, "seen", chat_online(c->peer_seen) ? "в сети" :
		    c->peer_seen ? arena_printf(r->arena, "был(а) %s",
		    dt_local_text(r->arena, us_of(c->peer_seen), DT_TEXT_FULL)) :
		    NULL);
	page_done_flash(r, ctx, done_msgs, NDONE);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "chat/thread", ctx, json_object_get_string(
	    json_object_object_get(chat, "title")));
}

int
page_chat_thread(struct req *r)
{
	struct chat_who	 who = chat_caller(r);
	struct chat	 c;
	const char	*v = req_query(r, "before");
	int64_t		 before = 0, ptr;

	if (v != NULL && str_to_i64(v, strlen(v), 1, INT64_MAX, &before) == -1)
		before = 0;
	if (!load_page_chat(r, &c))
		return 0;
	realtime_seen(r->arena, r->user->id);
	/* Showing the newest messages reads them. */
	if (before == 0 && c.last_message_id > c.last_read) {
		if (chat_read(r->arena, &who, c.id, 0, &ptr) == CHAT_DB ||
		    db_chat_get(r->arena, c.id, r->user->id, &c) != 1 ||
		    db_chat_unread_total(r->arena, r->user->id,
		    &r->user->chat_unread) == -1)
			return resp_error(r, 503, db_down);
	}
	return render_thread(r, 200, &c, before, NULL, NULL);
}

int
page_chat_send(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct json_object	*o;
	struct chat_reads	 rd;
	struct chat_msg		 m;
	struct chat		 c;
	const char		*text = req_form_text(r, "text");
	const char		*fetch = req_header(r, "HTTP_X_REQUESTED_WITH");
	int			 js = fetch != NULL && strcmp(fetch, "fetch") == 0;
	int			 group;
	enum chat_rc		 rc;

	if (!load_page_chat(r, &c))
		return 0;
	rc = chat_send(r->arena, &who, c.id, text, 0, NULL, &m, &group, &err);
	if (rc == CHAT_DB)
		return resp_error(r, 503, db_down);
	if (rc != CHAT_CREATED) {
		if (js) {
			o = json_new_object(r->arena);
			json_add_str(o, "detail", err.msg);
			return resp_json(r, rc == CHAT_FORBIDDEN ? 403 : 400, o);
		}
		return render_thread(r, rc == CHAT_FORBIDDEN ? 403 : 400, &c, 0,
		    text, err.msg);
	}
	if (!js)
		return resp_redirect(r, 303, arena_printf(r->arena,
		    "/chat/%lld#m%lld", (long long)c.id, (long long)m.id));
	/* The script shows it at once (and drops the live copy by its id). */
	memset(&rd, 0, sizeof(rd));
	rd.is_group = group;
	rd.viewer_read = m.id;
	return resp_json(r, 201, chat_view_message(r->arena, &m, r->user->id, &rd,
	    0));
}

/* -- editing, deleting, moderation -------------------------------------- */

static int
back(struct req *r, const struct chat *c, const char *done)
{
	return page_redirect_done(r, arena_printf(r->arena, "/chat/%lld",
	    (long long)c->id), done);
}

static int
refused(struct req *r, const struct chat *c, enum chat_rc rc,
    const struct field_err *err)
{
	if (rc == CHAT_DB)
		return resp_error(r, 503, db_down);
	return render_thread(r, rc == CHAT_FORBIDDEN ? 403 : rc == CHAT_NOT_FOUND ?
	    404 : 400, c, 0, NULL, err->msg);
}

static int
render_edit(struct req *r, int status, const struct chat *c,
    const struct chat_msg *m, const char *text, const char *error)
{
	struct json_object	*ctx;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_int(ctx, "chat_id", c->id);
	json_add_int(ctx, "id", m->id);
	json_add_str(ctx, "text", text ? text : m->text);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "chat/edit", ctx, "Изменить сообщение");
}

int
page_chat_message_edit(struct req *r)
{
	struct chat_who	 who = chat_caller(r);
	struct chat_msg	 m;
	struct chat	 c;

	if (!load_page_message(r, &c, &m))
		return 0;
	if (!chat_may_edit(&who, &m))
		return resp_error(r, 403, "Это сообщение изменить нельзя: оно не "
		    "ваше, удалено или время на изменение прошло.");
	return render_edit(r, 200, &c, &m, NULL, NULL);
}

int
page_chat_message_edit_post(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct chat_msg		 m;
	struct chat		 c;
	enum chat_rc		 rc;

	if (!load_page_message(r, &c, &m))
		return 0;
	rc = chat_edit(r->arena, &who, &c, &m, req_form_text(r, "text"), &err);
	if (rc == CHAT_DB)
		return resp_error(r, 503, db_down);
	if (rc == CHAT_FORBIDDEN)
		return resp_error(r, 403, err.msg);
	if (rc != CHAT_OK)
		return render_edit(r, 400, &c, &m, req_form_text(r, "text"), err.msg);
	return back(r, &c, "edited");
}

int
page_chat_message_delete(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct chat_msg		 m;
	struct chat		 c;
	enum chat_rc		 rc;

	if (!load_page_message(r, &c, &m))
		return 0;
	if ((rc = chat_delete_message(r->arena, &who, &c, &m, &err)) != CHAT_OK)
		return refused(r, &c, rc, &err);
	return back(r, &c, "deleted");
}

int
page_chat_settings(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	enum chat_rc		 rc;
	const char		*name = req_form(r, "name");

	if (!load_page_chat(r, &c))
		return 0;
	rc = chat_update(r->arena, &who, &c, name, strcmp(req_form_text(r, "is_readonly"),
	    "1") == 0, &err);
	if (rc != CHAT_OK)
		return refused(r, &c, rc, &err);
	return back(r, &c, "saved");
}

int
page_chat_mute(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	const char		*u = req_form_text(r, "user_id");
	const char		*m = req_form_text(r, "minutes");
	const char		*until;
	int64_t			 user, minutes = 0;
	enum chat_rc		 rc;

	if (!load_page_chat(r, &c))
		return 0;
	if (str_to_i64(u, strlen(u), 1, INT64_MAX, &user) == -1 ||
	    (m[0] != '\0' && str_to_i64(m, strlen(m), 1, CHAT_MUTE_MAX,
	    &minutes) == -1)) {
		err.msg = "Выберите участника и срок.";
		return refused(r, &c, CHAT_INVALID, &err);
	}
	if ((rc = chat_mute(r->arena, &who, &c, user, minutes, &until, &err)) !=
	    CHAT_OK)
		return refused(r, &c, rc, &err);
	return back(r, &c, minutes ? "muted" : "unmuted");
}

int
page_chat_leave(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct chat		 c;
	enum chat_rc		 rc;

	if (!load_page_chat(r, &c))
		return 0;
	if ((rc = chat_leave(r->arena, &who, &c, &err)) != CHAT_OK)
		return refused(r, &c, rc, &err);
	return page_redirect_done(r, "/chat", "left");
}

/* POST /chat/{id}/file: a file with an optional caption, as multipart. */
int
page_chat_file(struct req *r)
{
	struct chat_who		 who = chat_caller(r);
	struct field_err	 err = { NULL, NULL };
	struct stored_file	 f;
	struct chat_reads	 rd;
	struct upload		 up;
	struct chat_msg		 m;
	struct chat		 c;
	const char		*fetch = req_header(r, "HTTP_X_REQUESTED_WITH");
	int			 js = fetch != NULL && strcmp(fetch, "fetch") == 0;
	int			 group;
	enum chat_rc		 rc;

	/* The form's CSRF token is checked as the body is read (R_UPLOAD). */
	if (!load_page_chat(r, &c) || files_upload_or_reply(r, FILE_KIND_CHAT,
	    &up) == -1)
		return 0;
	if ((rc = chat_may_post(r->arena, c.id, r->user->id, &err)) != CHAT_OK)
		return refused(r, &c, rc, &err);
	if (files_store_or_reply(r, &up, FILE_KIND_CHAT, FILE_CHAT, 0, c.id,
	    &f) == -1)
		return 0;
	rc = chat_send(r->arena, &who, c.id, multipart_field(&up.mp, "text"), 0,
	    f.id, &m, &group, &err);
	if (rc != CHAT_CREATED)
		return refused(r, &c, rc, &err);
	if (!js)
		return resp_redirect(r, 303, arena_printf(r->arena,
		    "/chat/%lld#m%lld", (long long)c.id, (long long)m.id));
	memset(&rd, 0, sizeof(rd));
	rd.is_group = group;
	rd.viewer_read = m.id;
	return resp_json(r, 201, chat_view_message(r->arena, &m, r->user->id, &rd,
	    0));
}
