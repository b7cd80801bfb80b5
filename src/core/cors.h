/* Cross-origin calls to the API (API.md 0.7): which browser origins may
 * read its answers, and the answer to their preflight requests. */
#ifndef CORE_CORS_H
#define CORE_CORS_H

struct config;
struct req;

/* Whether origin may call the API: the original's development origins
 * (http://localhost:3000 and :3001, the same on 127.0.0.1), http://HOST and
 * http://HOST:3000 for the host of base_url, and every origin of the
 * cors_origins setting (comma-separated). Compared exactly. */
int	 cors_allowed(const struct config *, const char *origin);
/* Once the request is parsed (even when it is refused): remember its
 * Origin in r->cors_origin if it may read API answers; resp_send then adds
 * Access-Control-Allow-Origin to whatever the answer is. */
void	 cors_begin(struct req *);
/* A preflight (OPTIONS with Origin and Access-Control-Request-Method) to an
 * API path, answered here: 1 (200 with the allowed methods, headers and
 * max-age for an allowed origin, 403 for another); 0: not a preflight. */
int	 cors_preflight(struct req *);

#endif
