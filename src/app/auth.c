/* Who is calling: JWT bearer tokens for the API, session cookies and CSRF
 * tokens for the pages. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/cache.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/html.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "crypto/hash.h"
#include "crypto/jwt.h"
#include "crypto/rand.h"
#include "db/db.h"
#include "db/db_auth.h"
#include "db/db_notification.h"
#include "db/db_user.h"
#include "domain/account.h"

#define SESSION_COOKIE	"tp_session"
#define CSRF_COOKIE	"tp_csrf"

unsigned
auth_role_flag(const char *role)
{
	if (strcmp(role, "student") == 0)
		return R_STUDENT;
	if (strcmp(role, "teacher") == 0)
		return R_TEACHER;
	if (strcmp(role, "admin") == 0)
		return R_ADMIN;
	return 0;
}

static int
secure(const struct req *r)
{
	return r->https || strncmp(r->cfg->base_url, "https:", 6) == 0;
}

static void
set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	resp_header(r, "Set-Cookie", arena_printf(r->arena,
	    "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s", name, value,
	    max_age, secure(r) ? "; Secure" : ""));
}

/* The token forms carry: an HMAC of the session id, or for a visitor not
 * signed in, of a random cookie (double submit). */
static void
set_csrf(struct req *r, const char *session)
{
	const char	*seed = session, *msg;
	char		 fresh[33], mac[65];

	if (seed == NULL && ((seed = req_cookie(r, CSRF_COOKIE)) == NULL ||
	    strlen(seed) != 32)) {
		rand_hex(fresh, 16);
		seed = arena_strdup(r->arena, fresh);
		set_cookie(r, CSRF_COOKIE, fresh, 86400 * 30);
	}
	if (seed == NULL || (msg = arena_printf(r->arena, "csrf:%s", seed)) == NULL)
		return;		/* no token: every form post is refused */
	hash_hmac_sha256_hex(r->cfg->secret_key, strlen(r->cfg->secret_key),
	    msg, strlen(msg), mac);
	r->csrf = arena_strndup(r->arena, mac, 40);
}

int
auth_csrf_ok(struct req *r, const char *got)
{
	return got != NULL && r->csrf != NULL && strlen(got) == strlen(r->csrf) &&
	    str_ct_eq(got, r->csrf, strlen(got));
}

static struct req_user *
make_user(struct req *r, const struct user *u, const char *session)
{
	struct req_user	*ru;

	if ((ru = arena_zalloc(r->arena, sizeof(*ru))) == NULL)
		return NULL;
	ru->id = u->id;
	ru->role = auth_role_flag(u->role);
	ru->role_name = u->role;
	ru->email = u->email;
	ru->name = account_full_name(r->arena, u);
	ru->session = session;
	return ru;
}

/* The page session's user, if the cookie names a live one: 1 (r->user
 * set), 0, or -1 when the database failed. */
static int
session_user(struct req *r, const char *sid)
{
	struct user	 u;
	char		 hash[65];
	int		 rc = 0;

	if (sid != NULL && strlen(sid) == 64) {
		hash_sha256_hex(sid, 64, hash);
		if ((rc = db_session_user(r->arena, hash, &u)) == 1 &&
		    (r->user = make_user(r, &u, sid)) == NULL)
			rc = -1;
	}
	return rc;
}

static int
page_auth(struct req *r)
{
	const struct route	*rt = r->route;
	const char		*sid = req_cookie(r, SESSION_COOKIE);
	struct buf		 next;
	int			 rc;

	rc = session_user(r, sid);
	/* The nav badge: one COUNT on pages that are shown, none on forms. */
	if (r->user != NULL && strcmp(r->method, "GET") == 0)
		(void)db_notification_unread(r->arena, r->user->id,
		    &r->user->unread);
	set_csrf(r, r->user ? sid : NULL);
	/* A session that could not be checked, on any page: shown as a
	 * visitor, the signed-in user would get the sign-in page for "/"
	 * and believe they were signed out. */
	if (rc == -1) {
		resp_error(r, 503, "База данных недоступна. Попробуйте чуть позже.");
		return -1;
	}
	/* A form with a file carries its token in the multipart body, which
	 * only the upload's reader parses; any other body must be a form
	 * with the token (a multipart post to another form has none). */
	if ((rt->flags & R_CSRF) && !(r->upload && (rt->flags & R_UPLOAD)) &&
	    !auth_csrf_ok(r, req_form(r, "csrf_token"))) {
		resp_error(r, 403, AUTH_STALE_FORM);
		return -1;
	}
	if (!(rt->flags & R_ANON) && r->user == NULL) {
		/* Back to the same page, query and all (an invitation link
		 * is /join?code=...). */
		buf_init(&next, r->arena);
		buf_puts(&next, "/login?next=");
		html_url_arg(&next, r->path, strlen(r->path));
		if (strcmp(r->method, "GET") == 0 && r->query_string != NULL &&
		    r->query_string[0] != '\0') {
			buf_puts(&next, "%3F");
			html_url_arg(&next, r->query_string,
			    strlen(r->query_string));
		}
		resp_redirect(r, 303, next.err ? "/login" : buf_str(&next));
		return -1;
	}
	return 0;
}

/* The original's answer to a bad or expired access token. */
static int
token_not_valid(struct req *r)
{
	struct json_object	*o, *m, *msgs;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 401, "Given token not valid for any token type");
	json_add_str(o, "detail", "Given token not valid for any token type");
	json_add_str(o, "code", "token_not_valid");
	msgs = json_object_new_array();
	m = json_object_new_object();
	json_add_str(m, "token_class", "AccessToken");
	json_add_str(m, "token_type", "access");
	json_add_str(m, "message", "Token is invalid or expired");
	json_object_array_add(msgs, m);
	json_object_object_add(o, "messages", msgs);
	resp_json(r, 401, o);
	resp_header(r, "WWW-Authenticate", "Bearer realm=\"api\"");
	return -1;
}

int
auth_reply_user_gone(struct req *r, int deleted)
{
	struct json_object	*o;
	const char		*msg = deleted ? "User not found" : "User is inactive";

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 401, msg);
	json_add_str(o, "detail", msg);
	json_add_str(o, "code", deleted ? "user_not_found" : "user_inactive");
	resp_json(r, 401, o);
	resp_header(r, "WWW-Authenticate", "Bearer realm=\"api\"");
	return -1;
}

/* -- the data version and the caller's row, kept while it holds ------- */

static double
poll_s(const struct req *r)
{
	return (double)r->cfg->data_version_poll_ms / 1000.0;
}

int
auth_data_version(struct req *r, uint64_t *v)
{
	uint64_t	 local, db;

	if (!r->have_version && !cache_stamp(dt_mono(), poll_s(r), &r->version)) {
		local = cache_local();
		if (db_data_version(r->arena, &db) == -1)
			return -1;
		r->version = cache_stamp_db(db, local, dt_mono());
	}
	r->have_version = 1;
	*v = r->version;
	return 0;
}

/* The caller's role, email and name, as "role\0email\0name". */
static const char *
caller_key(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "caller %lld", (long long)id);
}

static void
caller_keep(struct req *r, double now)
{
	const struct req_user	*u = r->user;
	struct buf		 b;
	const char		*key = caller_key(r, u->id);

	if (r->cfg->response_cache_ms == 0 || key == NULL ||
	    u->role_name == NULL || u->email == NULL || u->name == NULL)
		return;
	buf_init(&b, r->arena);
	buf_add(&b, u->role_name, strlen(u->role_name) + 1);
	buf_add(&b, u->email, strlen(u->email) + 1);
	buf_add(&b, u->name, strlen(u->name));
	if (!b.err)
		cache_put(key, r->version, now + (double)r->cfg->response_cache_ms /
		    1000.0, "", b.p, b.len);
}

static int
caller_kept(struct req *r, int64_t id, double now)
{
	struct cache_hit	 hit;
	struct req_user		*ru;
	const char		*key = caller_key(r, id), *email, *name;

	if (key == NULL || !cache_get(key, r->version, now, &hit) ||
	    (ru = arena_zalloc(r->arena, sizeof(*ru))) == NULL)
		return 0;
	email = hit.body + strlen(hit.body) + 1;
	name = email + strlen(email) + 1;
	ru->id = id;
	ru->role_name = arena_strdup(r->arena, hit.body);
	ru->role = auth_role_flag(hit.body);
	ru->email = arena_strdup(r->arena, email);
	ru->name = arena_strdup(r->arena, name);
	if (ru->role_name == NULL || ru->email == NULL || ru->name == NULL)
		return 0;
	r->user = ru;
	return 1;
}

static int
api_auth(struct req *r)
{
	struct jwt_claims	 c;
	struct user		 u;
	const char		*h = r->authorization, *tok;
	uint64_t		 local, db;
	double			 now;
	int			 rc;

	/* Endpoints anyone may call ignore a stale Authorization header. */
	if (r->route->flags & R_ANON)
		return 0;
	/* A file shown on our pages comes with the page's cookie. A GET
	 * changes nothing, and SameSite=Lax keeps other sites' <img> out. */
	if ((h == NULL || h[0] == '\0') && (r->route->flags & R_SESSION) &&
	    strcmp(r->method, "GET") == 0 &&
	    (rc = session_user(r, req_cookie(r, SESSION_COOKIE))) != 0)
		return rc == 1 ? 0 : (api_db_error(r), -1);
	if (h == NULL || h[0] == '\0') {
		resp_error(r, 401, "Authentication credentials were not provided.");
		resp_header(r, "WWW-Authenticate", "Bearer realm=\"api\"");
		return -1;
	}
	if (strncmp(h, "Bearer ", 7) != 0)
		return token_not_valid(r);
	tok = h + 7;
	if (jwt_verify(tok, strlen(tok), r->cfg->secret_key,
	    strlen(r->cfg->secret_key), (int64_t)time(NULL), &c) != JWT_OK ||
	    strcmp(c.type, "access") != 0 || auth_role_flag(c.role) == 0)
		return token_not_valid(r);
	/* The token names the user; whether they may still call, and with
	 * which role, is the database's answer (a deleted or deactivated
	 * account is refused at once, a changed role applies at once), kept
	 * while the data version holds: every change to the row bumps it. */
	now = dt_mono();
	if (cache_stamp(now, poll_s(r), &r->version)) {
		r->have_version = 1;
		if (caller_kept(r, c.user_id, now))
			return 0;
	}
	local = cache_local();
	if ((rc = db_user_caller(r->arena, c.user_id, &u, &db)) == -1)
		return api_db_error(r), -1;
	r->version = cache_stamp_db(db, local, now);
	r->have_version = 1;
	if (rc == 0 || !u.is_active)
		return auth_reply_user_gone(r, rc == 0);
	if (auth_role_flag(u.role) == 0)
		return token_not_valid(r);
	if ((r->user = make_user(r, &u, NULL)) == NULL)
		return resp_error(r, 500, "Internal server error"), -1;
	caller_keep(r, now);
	return 0;
}

int
auth_authorize(struct req *r)
{
	return r->route->flags & R_HTML ? page_auth(r) : api_auth(r);
}

int
auth_session_start(struct req *r, const struct user *u)
{
	char	 sid[65], hash[65];

	rand_hex(sid, 32);
	hash_sha256_hex(sid, 64, hash);
	if (db_session_create(r->arena, hash, u->id, r->cfg->session_ttl) == -1)
		return -1;
	set_cookie(r, SESSION_COOKIE, sid, r->cfg->session_ttl);
	r->user = make_user(r, u, arena_strdup(r->arena, sid));
	set_csrf(r, r->user ? r->user->session : NULL);
	return 0;
}

void
auth_session_end(struct req *r)
{
	char	 hash[65];

	if (r->user != NULL && r->user->session != NULL) {
		hash_sha256_hex(r->user->session, strlen(r->user->session), hash);
		(void)db_session_delete(r->arena, hash);
	}
	set_cookie(r, SESSION_COOKIE, "", 0);
	r->user = NULL;
}

struct actor
auth_actor(const struct req *r)
{
	struct actor	 who = { r->user ? r->user->id : 0, r->remote_addr,
	    r->user_agent };

	return who;
}
