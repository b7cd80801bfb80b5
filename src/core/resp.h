/* Responses: the only writer of status, headers and bodies. Each resp_*
 * setter replaces the response so far; a handler calls one and returns. */
#ifndef CORE_RESP_H
#define CORE_RESP_H

#include <stddef.h>

struct req;
struct json_object;
struct FCGX_Stream;

/* JSON body from obj (NULL: "{}"). Returns 0. */
int	 resp_json(struct req *, int status, struct json_object *obj);
/* The error answer: {"detail": msg} for the JSON face, the error page for
 * the HTML face. Returns 0. */
int	 resp_error(struct req *, int status, const char *detail);
/* Render template name with ctx inside the layout (ctx gains "title" if
 * absent and "content"). A render failure becomes a logged 500. Returns 0. */
int	 resp_html(struct req *, int status, const char *name,
	    struct json_object *ctx, const char *title);
/* A body of another type (text/plain, text/calendar, ...). Returns 0. */
int	 resp_text(struct req *, int status, const char *content_type,
	    const char *body, size_t len);
/* 303 See Other (or status) to a local path (resp_local_path; else 500). */
int	 resp_redirect(struct req *, int status, const char *location);
/* Whether s is a path on this site that no browser reads as another host:
 * a single "/" then a path character, no whitespace, control character or
 * backslash anywhere (browsers drop tabs and newlines, and take "\" for
 * "/": "/\t/evil.example" would be "//evil.example"). */
int	 resp_local_path(const char *s);
/* 303 See Other to an absolute http(s) URL elsewhere (a Zoom meeting);
 * anything else is refused with a logged 500. */
int	 resp_redirect_away(struct req *, const char *url);
/* Let nginx send a file: an empty 200 with X-Accel-Redirect: uri (an
 * internal location) and the file's Content-Type, Content-Disposition and
 * Cache-Control, which nginx keeps across the redirect. A value with a line
 * break is refused with a logged 500. Returns 0. */
int	 resp_accel(struct req *, const char *uri, const char *content_type,
	    const char *disposition, const char *cache_control);
/* Add a response header; names and values with CR, LF or NUL are refused
 * (-1, logged): a programmer error. */
int	 resp_header(struct req *, const char *name, const char *value);
/* Write the response to the FastCGI stream; a response never set or a
 * failed buffer becomes a 500 here. Returns the body length sent. */
long	 resp_send(struct req *, struct FCGX_Stream *);
const char *resp_reason(int status);

/* Forget the answer set since r carried nheaders bytes of extra headers
 * (what was set before a handler ran stays): for a handler run again. */
void	 resp_undo(struct req *, size_t nheaders);

#endif
