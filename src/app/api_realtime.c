/* The live stream's door (PHASE2-3 §3.5): a single-use ticket for API
 * clients, and GET /api/realtime/connect/, which finds out who connects
 * (page session or ticket) and hands the connection to nginx's internal
 * nchan location for that user's channel with X-Accel-Redirect. The worker
 * answers at once; nginx holds the connection. */
#include "autoconf.h"

#include <string.h>
#include <strings.h>

#include "app/app.h"
#include "app/app_chat.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "crypto/hash.h"
#include "db/db_auth.h"
#include "db/db_user.h"
#include "domain/realtime.h"

#define CONNECT_PATH	"/api/realtime/connect/"
#define LAST_ID_MAX	128

int
api_realtime_ticket(struct req *r)
{
	struct json_object	*o;
	char			 t[REALTIME_TICKET_LEN + 1];

	if (realtime_ticket_issue(r->arena, r->user->id, t) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "ticket", t);
	json_add_int(o, "expires_in", REALTIME_TICKET_TTL);
	json_add_str(o, "url", arena_printf(r->arena, CONNECT_PATH "?ticket=%s",
	    t));
	return resp_json(r, 201, o);
}

/* An EventSource (Accept: text/event-stream) or a WebSocket upgrade: what
 * nchan's subscriber location serves. */
static int
stream_request(const struct req *r)
{
	const char	*accept = req_header(r, "HTTP_ACCEPT");
	const char	*upgrade = req_header(r, "HTTP_UPGRADE");

	return (upgrade != NULL && strcasecmp(upgrade, "websocket") == 0) ||
	    (accept != NULL && strstr(accept, "text/event-stream") != NULL);
}

/* ?last_event_id= as nchan writes message ids ("1796522553:0", several
 * joined by ','), else NULL. The header Last-Event-ID reaches nchan by
 * itself; the argument must be carried over the redirect. */
static const char *
last_event_id(const struct req *r)
{
	const char	*v = req_query(r, "last_event_id");
	size_t		 i, n;

	if (v == NULL || (n = strlen(v)) == 0 || n > LAST_ID_MAX)
		return NULL;
	for (i = 0; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || v[i] == ':' || v[i] == ',' ||
		    v[i] == '[' || v[i] == ']'))
			return NULL;
	return v;
}

int
api_realtime_connect(struct req *r)
{
	const char	*ticket = req_query(r, "ticket");
	const char	*sid = req_cookie(r, "tp_session"), *last, *to;
	struct user	 u;
	char		 hash[65];
	int64_t		 user = 0;
	int		 rc = 0;

	if (!stream_request(r))
		return resp_error(r, 400, "Подключитесь как EventSource (Accept: "
		    "text/event-stream) или WebSocket.");
	if (ticket != NULL && ticket[0] != '\0') {
		if ((rc = realtime_ticket_take(r->arena, ticket, &user)) == -1)
			return api_db_error(r);
		if (rc == 0)
			return resp_error(r, 401, "Билет недействителен: он "
			    "использован или истёк. Получите новый.");
	} else if (sid != NULL && strlen(sid) == 64) {
		hash_sha256_hex(sid, 64, hash);
		if ((rc = db_session_user(r->arena, hash, &u)) == -1)
			return api_db_error(r);
		user = rc == 1 ? u.id : 0;
	}
	if (user == 0) {
		resp_error(r, 401, "Authentication credentials were not provided.");
		return resp_header(r, "WWW-Authenticate", "Bearer realm=\"api\""), 0;
	}
	realtime_seen(r->arena, user);
	last = last_event_id(r);
	to = last ? arena_printf(r->arena, "/_realtime/u%lld?last_event_id=%s",
	    (long long)user, last) : arena_printf(r->arena, "/_realtime/u%lld",
	    (long long)user);
	if (to == NULL)
		return resp_error(r, 500, "Internal server error");
	resp_text(r, 200, "text/plain", "", 0);
	resp_header(r, "X-Accel-Redirect", to);
	resp_header(r, "X-Accel-Buffering", "no");
	return 0;
}
