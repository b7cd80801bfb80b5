/* Responses: status line, headers and body, written in one place. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <fcgiapp.h>
#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/log.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/tmpl.h"

#define CT_JSON	"application/json"
#define CT_HTML	"text/html; charset=utf-8"

static const struct {
	int		 code;
	const char	*reason;
	const char	*ru;		/* the error page's heading */
} statuses[] = {
	{ 200, "OK", NULL },
	{ 201, "Created", NULL },
	{ 204, "No Content", NULL },
	{ 301, "Moved Permanently", NULL },
	{ 302, "Found", NULL },
	{ 303, "See Other", NULL },
	{ 304, "Not Modified", NULL },
	{ 400, "Bad Request", "Неверный запрос" },
	{ 401, "Unauthorized", "Требуется вход" },
	{ 403, "Forbidden", "Доступ запрещён" },
	{ 404, "Not Found", "Страница не найдена" },
	{ 405, "Method Not Allowed", "Метод не поддерживается" },
	{ 409, "Conflict", "Конфликт" },
	{ 413, "Payload Too Large", "Слишком большой запрос" },
	{ 415, "Unsupported Media Type", "Неподдерживаемый формат" },
	{ 429, "Too Many Requests", "Слишком много запросов" },
	{ 500, "Internal Server Error", "Внутренняя ошибка сервера" },
	{ 502, "Bad Gateway", "Ошибка внешнего сервиса" },
	{ 503, "Service Unavailable", "Сервис временно недоступен" },
	{ 504, "Gateway Timeout", "Внешний сервис не ответил" },
};

static int
find_status(int code)
{
	size_t	 i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (statuses[i].code == code)
			return (int)i;
	return -1;
}

const char *
resp_reason(int status)
{
	int	 i = find_status(status);

	return i >= 0 ? statuses[i].reason : "Unknown";
}

static void
reset(struct req *r, int status, const char *ctype)
{
	buf_reset(&r->out);
	r->status = status;
	r->content_type_out = ctype;
	r->cache_control_out = NULL;
}

void
resp_undo(struct req *r, size_t nheaders)
{
	reset(r, 0, NULL);
	buf_truncate(&r->headers, nheaders);
}

int
resp_json(struct req *r, int status, struct json_object *obj)
{
	const char	*s = "{}";
	size_t		 n = 2;

	reset(r, status, CT_JSON);
	if (obj != NULL)
		s = json_text(obj, &n);
	buf_add(&r->out, s, n);
	return 0;
}

int
resp_text(struct req *r, int status, const char *content_type, const char *body,
    size_t len)
{
	reset(r, status, content_type);
	buf_add(&r->out, body, len);
	return 0;
}

int
resp_error(struct req *r, int status, const char *detail)
{
	struct json_object	*o;
	int			 i;

	if ((o = json_new_object(r->arena)) == NULL) {
		reset(r, 500, NULL);	/* resp_send writes a bare 500 */
		return 0;
	}
	json_add_str(o, "detail", detail);
	if (r->face == FACE_JSON) {
		if (r->route != NULL && (r->route->flags & R_ERRKEY))
			json_add_str(o, "error", detail);
		return resp_json(r, status, o);
	}
	json_add_int(o, "status", status);
	i = find_status(status);
	return resp_html(r, status, "errors/error", o,
	    i >= 0 && statuses[i].ru ? statuses[i].ru : "Ошибка");
}

/* What every page may show: who is signed in, the CSRF token for forms. */
static void
add_page_context(struct req *r, struct json_object *ctx)
{
	struct json_object	*u;

	if (r->csrf != NULL)
		json_add_str(ctx, "csrf", r->csrf);
	if (r->user == NULL || json_object_object_get_ex(ctx, "user", NULL))
		return;
	u = json_object_new_object();
	json_add_int(u, "id", r->user->id);
	json_add_str(u, "name", r->user->name ? r->user->name : "");
	json_add_str(u, "email", r->user->email ? r->user->email : "");
	json_add_str(u, "role", r->user->role_name ? r->user->role_name : "");
	json_add_bool(u, "is_student", r->user->role == R_STUDENT);
	json_add_bool(u, "is_teacher", r->user->role == R_TEACHER);
	json_add_bool(u, "is_admin", r->user->role == R_ADMIN);
	if (r->user->unread > 0)
		json_add_int(u, "unread", r->user->unread);
	json_add_int(u, "chat_unread", r->user->chat_unread);
	json_object_object_add(ctx, "user", u);
}

int
resp_html(struct req *r, int status, const char *name,
    struct json_object *ctx, const char *title)
{
	struct buf	 content;

	reset(r, status, CT_HTML);
	if (ctx == NULL && (ctx = json_new_object(r->arena)) == NULL)
		goto fail;
	if (title != NULL && !json_object_object_get_ex(ctx, "title", NULL))
		json_add_str(ctx, "title", title);
	add_page_context(r, ctx);
	buf_init(&content, r->arena);
	if (tmpl_render(r->tmpl, name, ctx, &content) == -1)
		goto fail;
	json_object_object_add(ctx, "content",
	    json_object_new_string_len(buf_str(&content), (int)content.len));
	if (tmpl_render(r->tmpl, "layout", ctx, &r->out) == -1)
		goto fail;
	return 0;
fail:
	log_error("rendering template %s failed", name);
	reset(r, 500, NULL);
	return 0;
}

int
resp_local_path(const char *s)
{
	const unsigned char	*p;

	if (s == NULL || s[0] != '/' || s[1] == '/')
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

int
resp_redirect(struct req *r, int status, const char *location)
{
	reset(r, status, NULL);
	if (!resp_local_path(location)) {
		log_error("refusing a non-local redirect");
		reset(r, 500, NULL);
		return 0;
	}
	resp_header(r, "Location", location);
	return 0;
}

int
resp_redirect_away(struct req *r, const char *url)
{
	reset(r, 303, NULL);
	if ((strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) ||
	    resp_header(r, "Location", url) == -1) {
		log_error("refusing a redirect to a non-http URL");
		reset(r, 500, NULL);
	}
	return 0;
}

int
resp_accel(struct req *r, const char *uri, const char *content_type,
    const char *disposition, const char *cache_control)
{
	reset(r, 200, content_type);
	if (strpbrk(content_type, "\r\n") != NULL ||
	    strpbrk(cache_control, "\r\n") != NULL ||
	    resp_header(r, "X-Accel-Redirect", uri) == -1 ||
	    resp_header(r, "Content-Disposition", disposition) == -1) {
		log_error("refusing a file answer with a line break");
		buf_reset(&r->headers);
		return resp_error(r, 500, "Internal server error");
	}
	r->cache_control_out = cache_control;
	return 0;
}

int
resp_header(struct req *r, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n:") != NULL || strpbrk(value, "\r\n") != NULL) {
		log_error("refusing a header with a line break");
		return -1;
	}
	buf_printf(&r->headers, "%s: %s\r\n", name, value);
	return 0;
}

long
resp_send(struct req *r, FCGX_Stream *out)
{
	static const char	 bare500[] = "{\"detail\":\"Internal server error\"}";
	static const char	 bare500html[] = "<!doctype html><meta charset=utf-8>"
	    "<title>Ошибка</title><p>Внутренняя ошибка сервера. Попробуйте "
	    "обновить страницу.</p>";
	static const char	 bare500h[] = "Status: 500 Internal Server Error\r\n"
	    "Content-Type: " CT_JSON "\r\n\r\n";
	struct buf		 h;
	const char		*body;
	size_t			 len;

	if (r->status == 0 || r->out.err || r->headers.err) {
		if (r->status == 0)
			log_error("handler set no response");
		else
			log_error("response too large for the request's memory");
		r->status = 500;
		r->content_type_out = CT_JSON;
		r->cache_control_out = NULL;
		buf_reset(&r->headers);
		body = bare500;
		len = sizeof(bare500) - 1;
	} else if (r->status >= 400 && r->content_type_out == NULL) {
		/* A page that failed to render: a page all the same. */
		r->content_type_out = r->face == FACE_HTML ? CT_HTML : CT_JSON;
		body = r->face == FACE_HTML ? bare500html : bare500;
		len = strlen(body);
	} else {
		body = buf_str(&r->out);
		len = r->out.len;
	}
	buf_init(&h, r->arena);
	buf_printf(&h, "Status: %d %s\r\n", r->status, resp_reason(r->status));
	if (r->content_type_out != NULL && r->status != 204 && r->status != 304)
		buf_printf(&h, "Content-Type: %s\r\nContent-Length: %zu\r\n",
		    r->content_type_out, len);
	buf_printf(&h, "X-Request-Id: %s\r\nCache-Control: %s\r\n"
	    "X-Content-Type-Options: nosniff\r\n", r->id,
	    r->cache_control_out != NULL ? r->cache_control_out : "no-store");
	/* API answers depend on the caller's origin (core/cors.h). */
	if (r->face == FACE_JSON)
		buf_puts(&h, "Vary: Origin\r\n");
	if (r->cors_origin != NULL)
		buf_printf(&h, "Access-Control-Allow-Origin: %s\r\n",
		    r->cors_origin);
	buf_add(&h, r->headers.p ? r->headers.p : "", r->headers.len);
	buf_puts(&h, "\r\n");
	if (h.err) {
		FCGX_PutStr(bare500h, sizeof(bare500h) - 1, out);
		FCGX_PutStr(bare500, sizeof(bare500) - 1, out);
		return sizeof(bare500) - 1;
	}
	FCGX_PutStr(h.p, (int)h.len, out);
	if (!r->head && r->content_type_out != NULL && r->status != 204 &&
	    r->status != 304)
		FCGX_PutStr(body, (int)len, out);
	return (long)len;
}
