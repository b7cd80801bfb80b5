/* The request: what nginx passed, parsed once, plus the response being
 * built. One per request, living in the request's arena. */
#ifndef CORE_REQ_H
#define CORE_REQ_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/str.h"

struct arena;
struct config;
struct route;
struct tmpl_set;
struct json_object;

#define REQ_ID_MAX	64	/* longest accepted X-Request-Id */
#define REQ_PATH_IDS	4	/* {id} parameters a pattern may hold */

enum req_face { FACE_JSON, FACE_HTML };

/* Who is calling, once the route's authorize hook has said so. */
struct req_user {
	int64_t		 id;
	unsigned	 role;		/* R_STUDENT, R_TEACHER or R_ADMIN */
	const char	*role_name;
	const char	*email;
	const char	*name;		/* full name, for pages */
	const char	*session;	/* page session id (cookie); NULL for a JWT */
	int64_t		 unread;	/* unread notifications (pages): the nav badge */
	int64_t		 chat_unread;	/* unread chat messages (pages): the nav badge */
};

struct req {
	struct arena		*arena;
	const struct config	*cfg;
	const struct tmpl_set	*tmpl;
	char			**env;		/* FastCGI parameters */

	const char		*method;	/* GET, POST, ... (HEAD is served as GET) */
	int			 head;		/* the method was HEAD: no body */
	const char		*path;		/* percent-decoded, no query */
	const char		*query_string;	/* raw */
	struct kvlist		 query;
	struct kvlist		 cookies;
	const char		*authorization;	/* NULL if absent */
	const char		*remote_addr;
	const char		*user_agent;
	const char		*content_type;
	const char		*body;		/* NUL-terminated; NULL if none */
	size_t			 body_len;
	int64_t			 content_length; /* -1 if absent */
	/* An upload (multipart/form-data, or a body nginx kept in a file) is
	 * never read into memory: either nginx wrote it to body_file and
	 * passed its path (REQUEST_BODY_FILE, fastcgi_pass_request_body off),
	 * or it is left on the FastCGI stream for the handler to read with
	 * body_read(body_ctx, buf, n): bytes read, 0 at its end, -1. */
	int			 upload;
	const char		*body_file;
	long			(*body_read)(void *, char *, size_t);
	void			*body_ctx;
	int			 https;
	char			 id[REQ_ID_MAX + 1];

	const struct route	*route;
	struct req_user		*user;		/* NULL: anonymous */
	int			 have_version;	/* authorisation read the data */
	uint64_t		 version;	/* version with the caller */
	const char		*csrf;		/* token this page's forms carry */
	struct kvlist		 form;		/* urlencoded body, see req_form */
	int			 form_parsed;
	int64_t			 ids[REQ_PATH_IDS];	/* {id} values, in order */
	size_t			 nids;
	enum req_face		 face;
	double			 t_start;	/* CLOCK_MONOTONIC seconds */
	const char		*cors_origin;	/* an allowed Origin (core/cors.h) */

	/* The response, written only by core/resp.c. */
	int			 status;	/* 0 until a response is set */
	const char		*content_type_out;
	const char		*cache_control_out; /* NULL: no-store */
	struct buf		 headers;	/* extra "Name: value\r\n" lines */
	struct buf		 out;		/* the body */
};

/* Errors req_parse reports, each mapped to a 4xx by the caller. */
enum req_err {
	REQ_OK = 0,
	REQ_BAD_PATH,		/* 400: bad escape, NUL, not absolute */
	REQ_BAD_QUERY,		/* 400 */
	REQ_BAD_COOKIE,		/* 400 */
	REQ_BAD_LENGTH,		/* 400: CONTENT_LENGTH not a number */
	REQ_TOO_LARGE,		/* 413 */
	REQ_NO_MEMORY,		/* 500: arena exhausted */
};

/* Fill r from the FastCGI parameters in env (body not read yet). r->arena,
 * r->cfg and r->tmpl must be set. A body over body_max is REQ_TOO_LARGE,
 * unless it is an upload (r->upload), whose limit the caller applies. Never
 * fails half-way silently: on error the fields parsed so far are usable
 * for the error response. */
enum req_err req_parse(struct req *, char **env, size_t body_max);
/* A FastCGI parameter, or NULL. */
const char *req_param(const struct req *, const char *name);
/* A request header by its CGI name (e.g. "HTTP_X_REQUEST_ID"), or NULL. */
#define req_header(r, cginame) req_param((r), (cginame))
/* The first query argument named key, or NULL. */
const char *req_query(const struct req *, const char *key);
const char *req_cookie(const struct req *, const char *key);
/* A field of an application/x-www-form-urlencoded body (parsed on first
 * use), or NULL. */
const char *req_form(struct req *, const char *key);
/* The same, "" when absent. */
const char *req_form_text(struct req *, const char *key);
/* Whether the client wants JSON: /api/ paths and the legacy API prefixes. */
int	 req_path_is_api(const char *path);

#endif
