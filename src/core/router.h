/* The route table's types and matching: method + path pattern with {id}
 * segments (positive 64-bit integers) and {name} segments (any other
 * {word}: 1..64 of [A-Za-z0-9_.-]) → handler, with who may call it.
 * A segment "{key}" plus an optional literal suffix ("{key}.ics") matches a
 * secret token of 1..128 base64url characters; the handler reads it from
 * the path, and the access log writes the route's pattern
 * instead of such a path, so the token never reaches the logs. */
#ifndef CORE_ROUTER_H
#define CORE_ROUTER_H

#include <stddef.h>
#include <stdint.h>

struct req;
struct slice;

/* Who may call a route and which face it has. The dispatcher enforces
 * these; handlers never re-check them. */
enum route_flag {
	R_ANON		= 1 << 0,	/* no sign-in needed; Authorization ignored */
	R_USER		= 1 << 1,	/* any signed-in user */
	R_STUDENT	= 1 << 2,	/* role checks, OR-ed together */
	R_TEACHER	= 1 << 3,
	R_ADMIN		= 1 << 4,
	R_HTML		= 1 << 5,	/* a page: session cookie, HTML errors */
	R_CSRF		= 1 << 6,	/* unsafe page method: CSRF token checked */
	R_ERRKEY	= 1 << 7,	/* JSON errors carry "error" beside "detail",
					   as the original's answers here did */
	R_CACHE		= 1 << 8,	/* GET: a 200 is reused per caller and URL
					   while the data version holds (core/cache.h) */
	R_SESSION	= 1 << 9,	/* an API GET that also takes the page
					   session cookie when no Authorization
					   is sent (files in <img>, <audio>) */
	R_UPLOAD	= 1 << 10,	/* a page form that posts a file
					   (multipart/form-data): its CSRF token
					   is a field of the body, checked by
					   files_upload_or_reply */
};
#define R_ROLES	(R_STUDENT | R_TEACHER | R_ADMIN)

/* A handler sets the response through core/resp.c and returns 0. */
typedef int (*route_fn)(struct req *);

struct route {
	const char	*method;
	const char	*pattern;	/* "/api/groups/{id}/", "/calendar/{key}.ics" */
	route_fn	 handler;
	unsigned	 flags;
};

/* Another name for a family of paths: a path starting with from that has
 * no route of its own is served as the path with from replaced by to (the
 * original's clients join prefixes twice: /api/accounts/api/me/). */
struct route_alias {
	const char	*from, *to;
};

enum router_result { ROUTER_FOUND, ROUTER_NOT_FOUND, ROUTER_BAD_METHOD };

/* Find the route for method and path; a trailing slash is optional on
 * both sides. On ROUTER_FOUND *out and ids (up to REQ_PATH_IDS) are set;
 * on ROUTER_BAD_METHOD allow holds "GET, POST" (HEAD and OPTIONS not
 * listed). */
enum router_result router_match(const struct route *, size_t n,
	    const char *method, const char *path, const struct route **out,
	    int64_t *ids, size_t *nids, char *allow, size_t allowlen);
/* The segment of path (a path the pattern matched) at the pattern's
 * segment name ("{task_name}", "{key}" of "{key}.ics": a literal suffix is
 * left out): 0 and *out (pointing into path), -1 if the pattern has none. */
int	 router_name(const char *pattern, const char *path, const char *name,
	    struct slice *out);

#endif
