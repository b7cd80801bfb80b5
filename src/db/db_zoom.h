/* zoom_oauth_token: the Server-to-Server OAuth tokens shared by all
 * workers, and the named lock that lets one of them renew a token. */
#ifndef DB_DB_ZOOM_H
#define DB_DB_ZOOM_H

#include <stdint.h>

struct arena;

/* The sealed token of key valid for at least margin more seconds: 1 and
 * *sealed, 0 none, -1 error. */
int	 db_zoom_token_get(struct arena *, const char *key, int64_t margin,
	    const char **sealed);
/* Store (or replace) key's sealed token, valid expires_in seconds. */
int	 db_zoom_token_put(struct arena *, const char *key, const char *sealed,
	    int64_t expires_in);
/* Forget key's token if it is still sealed (another worker may have
 * stored a new one meanwhile). */
int	 db_zoom_token_drop(struct arena *, const char *key, const char *sealed);
/* GET_LOCK(name, timeout seconds): 1 taken, 0 not in time, -1 error. */
int	 db_zoom_lock(struct arena *, const char *name, int64_t timeout);
void	 db_zoom_unlock(struct arena *, const char *name);

#endif
