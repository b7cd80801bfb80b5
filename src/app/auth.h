/* Who is calling: JWT bearer tokens for the API, session cookies and CSRF
 * tokens for the pages. */
#ifndef APP_AUTH_H
#define APP_AUTH_H

#include <stdint.h>

#include "domain/audit.h"	/* struct actor */

struct req;
struct user;

/* The worker's authorize hook (see core/worker.h). */
int	 auth_authorize(struct req *);
/* Whether token is the caller's CSRF token (set by auth_authorize). */
int	 auth_csrf_ok(struct req *, const char *token);
#define AUTH_STALE_FORM	"Форма устарела или отправлена не с этого сайта. " \
	"Обновите страницу и попробуйте снова."
/* Sign u in on this browser: a new session and its cookie. 0, or -1 when
 * the database failed (nothing set). */
int	 auth_session_start(struct req *, const struct user *u);
/* Sign out: delete the session and expire the cookie. */
void	 auth_session_end(struct req *);
/* The signed-in caller as the audit log records them. */
struct actor auth_actor(const struct req *);
/* The API's 401 for a valid token whose user was deleted (deleted != 0) or
 * deactivated since: {"detail","code"} as the original's. Returns -1. */
int	 auth_reply_user_gone(struct req *, int deleted);
/* Map a role name to its route flag (0 if unknown). */
unsigned auth_role_flag(const char *role);
/* The data version this request's kept answers depend on (core/cache.h):
 * the host's stamp while fresh, else read from the database; the caller's
 * check has read it already for a signed-in API call. 0 or -1. */
int	 auth_data_version(struct req *, uint64_t *);

#endif
