/* CORS for the API: allowed origins, preflights; resp_send writes the
 * headers of every answer. */
#include "autoconf.h"

#include <string.h>

#include "core/config.h"
#include "core/cors.h"
#include "core/req.h"
#include "core/resp.h"

#define METHODS	"GET, POST, PUT, PATCH, DELETE, OPTIONS"
#define HEADERS	"accept, authorization, content-type, user-agent, " \
		"x-csrftoken, x-requested-with"
#define MAX_AGE	"86400"

static const char *const dev_origins[] = {
	"http://localhost:3000", "http://127.0.0.1:3000",
	"http://localhost:3001", "http://127.0.0.1:3001",
};

/* Whether the comma-separated list holds s (entries trimmed, a trailing
 * slash ignored). */
static int
in_list(const char *list, const char *s, size_t n)
{
	const char	*p = list, *e;
	size_t		 len;

	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		for (e = p; *e && *e != ','; e++)
			;
		len = (size_t)(e - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '/'))
			len--;
		if (len > 0 && len == n && memcmp(p, s, n) == 0)
			return 1;
		p = e;
	}
	return 0;
}

/* Whether origin is http://HOST or http://HOST:3000 for base_url's host. */
static int
site_host(const char *base, const char *origin)
{
	const char	*h = strstr(base, "://"), *end;
	size_t		 n;

	if (h == NULL || strncmp(origin, "http://", 7) != 0)
		return 0;
	h += 3;
	end = h + strcspn(h, ":/");
	n = (size_t)(end - h);
	if (n == 0 || strncmp(origin + 7, h, n) != 0)
		return 0;
	return strcmp(origin + 7 + n, "") == 0 ||
	    strcmp(origin + 7 + n, ":3000") == 0;
}

int
cors_allowed(const struct config *cfg, const char *origin)
{
	size_t	 i;

	if (origin == NULL || *origin == '\0')
		return 0;
	for (i = 0; i < sizeof(dev_origins) / sizeof(dev_origins[0]); i++)
		if (strcmp(origin, dev_origins[i]) == 0)
			return 1;
	return site_host(cfg->base_url, origin) ||
	    in_list(cfg->cors_origins, origin, strlen(origin));
}

void
cors_begin(struct req *r)
{
	const char	*origin = req_header(r, "HTTP_ORIGIN");

	if (r->face == FACE_JSON && cors_allowed(r->cfg, origin))
		r->cors_origin = origin;
}

int
cors_preflight(struct req *r)
{
	if (r->face != FACE_JSON || strcmp(r->method, "OPTIONS") != 0 ||
	    req_header(r, "HTTP_ORIGIN") == NULL ||
	    req_header(r, "HTTP_ACCESS_CONTROL_REQUEST_METHOD") == NULL)
		return 0;
	if (r->cors_origin == NULL) {
		resp_error(r, 403, "Origin not allowed.");
		return 1;
	}
	resp_text(r, 200, "text/plain; charset=utf-8", "", 0);
	resp_header(r, "Access-Control-Allow-Methods", METHODS);
	resp_header(r, "Access-Control-Allow-Headers", HEADERS);
	resp_header(r, "Access-Control-Max-Age", MAX_AGE);
	return 1;
}
