/* Server-to-Server OAuth: a bearer token per app, cached in the database
 * for every worker and host until shortly before it expires. */
#ifndef ZOOM_OAUTH_H
#define ZOOM_OAUTH_H

struct arena;
struct zoom_creds;
struct zoom_err;

/* A bearer token for creds: the cached one, unless it is stale (the token
 * Zoom just refused with a 401, which is then dropped from the cache), else
 * a new one from Zoom (one worker at a time asks, the others wait and take
 * it from the cache). 0 and *token (arena), or -1 and *err. */
int	 zoom_oauth_token(struct arena *, const struct zoom_creds *,
	    const char *stale, const char **token, struct zoom_err *err);

#endif
