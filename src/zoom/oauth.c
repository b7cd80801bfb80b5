/* Server-to-Server OAuth tokens, cached in the database; the client's
 * settings and errors. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/json.h"
#include "core/log.h"
#include "crypto/aead.h"
#include "crypto/b64.h"
#include "crypto/hash.h"
#include "db/db.h"
#include "db/db_zoom.h"
#include "zoom/oauth.h"
#include "zoom/zoom.h"

#define LOCK_WAIT	10	/* seconds a worker waits for another's renewal */
#define TOKEN_MAX	2048

static struct zoom_settings	 zs;

static char *
trimmed(const char *s)
{
	char	*d = strdup(s);
	size_t	 n;

	if (d != NULL)
		for (n = strlen(d); n > 0 && d[n - 1] == '/'; n--)
			d[n - 1] = '\0';
	return d;
}

int
zoom_init(const struct config *c)
{
	free((void *)zs.api_url);
	free((void *)zs.oauth_url);
	if ((zs.api_url = trimmed(c->zoom_api_url)) == NULL ||
	    (zs.oauth_url = trimmed(c->zoom_oauth_url)) == NULL)
		return -1;
	zs.lim.connect_ms = c->zoom_connect_timeout_ms;
	zs.lim.timeout_ms = c->zoom_timeout_ms;
	zs.lim.budget_ms = c->zoom_retry_budget_ms;
	zs.token_margin = c->zoom_token_margin;
	return zoom_http_init();
}

const struct zoom_settings *
zoom_settings(void)
{
	return &zs;
}

const char *
zoom_err_text(const struct zoom_err *e)
{
	switch (e->kind) {
	case ZOOM_E_NONE:
		return "";
	case ZOOM_E_CONFIG:
		return "Учётные данные Zoom не заданы или не читаются; обратитесь "
		    "к администратору. Zoom credentials are missing or unreadable.";
	case ZOOM_E_TIMEOUT:
		return "Zoom не ответил вовремя. Попробуйте ещё раз через минуту. "
		    "Zoom did not answer in time.";
	case ZOOM_E_NETWORK:
		return "Не удалось связаться с Zoom. Попробуйте ещё раз через "
		    "минуту. Could not reach Zoom.";
	case ZOOM_E_RATE:
		return "Zoom ограничил частоту запросов. Попробуйте ещё раз через "
		    "минуту. Zoom rate limit reached.";
	case ZOOM_E_DAILY:
		return "Достигнут дневной лимит Zoom на создание встреч для этого "
		    "аккаунта. Zoom's daily meeting limit reached.";
	case ZOOM_E_AUTH:
		return "Zoom отклонил учётные данные приложения; обратитесь к "
		    "администратору. Zoom refused the app credentials.";
	case ZOOM_E_FORBIDDEN:
		return "У приложения Zoom нет нужных прав (scopes); обратитесь к "
		    "администратору. The Zoom app lacks a permission.";
	case ZOOM_E_NOT_FOUND:
		return "Zoom не нашёл пользователя или встречу. Zoom user or "
		    "meeting not found.";
	case ZOOM_E_REJECTED:
		return "Zoom отклонил запрос. Zoom refused the request.";
	case ZOOM_E_SERVER:
		return "Zoom временно не работает. Попробуйте ещё раз через "
		    "минуту. Zoom is temporarily failing.";
	case ZOOM_E_BAD_ANSWER:
		return "Zoom ответил непонятно. Zoom gave an unreadable answer.";
	case ZOOM_E_BUSY:
		return "Сервер сейчас ждёт Zoom по другим запросам. Повторите через "
		    "несколько секунд. The server is waiting on Zoom for other "
		    "requests: retry in a few seconds.";
	}
	return "Ошибка Zoom. Zoom error.";
}

int
zoom_err_status(const struct zoom_err *e)
{
	switch (e->kind) {
	case ZOOM_E_BUSY:
	case ZOOM_E_TIMEOUT:
	case ZOOM_E_NETWORK:
	case ZOOM_E_RATE:
	case ZOOM_E_DAILY:
	case ZOOM_E_SERVER:
		return 503;
	default:
		return 502;
	}
}

void
zoom_err_from(struct arena *a, const char *what, int rc,
    const struct zoom_resp *r, struct zoom_err *e)
{
	struct json_object	*o, *v;

	memset(e, 0, sizeof(*e));
	e->status = r->status;
	if (rc == -1 && r->busy) {
		e->kind = ZOOM_E_BUSY;
		return;		/* logged by the call */
	}
	if (rc == -1)
		e->kind = r->timed_out ? ZOOM_E_TIMEOUT : ZOOM_E_NETWORK;
	else if (r->status == 429)
		e->kind = r->daily_limit ? ZOOM_E_DAILY : ZOOM_E_RATE;
	else if (r->status >= 500)
		e->kind = ZOOM_E_SERVER;
	else if (r->status == 401)
		e->kind = ZOOM_E_AUTH;
	else if (r->status == 403)
		e->kind = ZOOM_E_FORBIDDEN;
	else if (r->status == 404)
		e->kind = ZOOM_E_NOT_FOUND;
	else if (r->status >= 400)
		e->kind = ZOOM_E_REJECTED;
	else
		e->kind = ZOOM_E_BAD_ANSWER;
	if (rc == 0 && r->len > 0 &&
	    (o = json_parse(a, r->body, r->len)) != NULL &&
	    json_object_is_type(o, json_type_object)) {
		if (json_object_object_get_ex(o, "code", &v))
			e->code = json_object_get_int64(v);
		if (json_object_object_get_ex(o, "message", &v) ||
		    json_object_object_get_ex(o, "reason", &v))
			e->message = arena_strdup(a, json_object_get_string(v));
	}
	log_warnx("zoom: %s failed: %s (HTTP %ld, code %lld%s%s)", what,
	    rc == -1 ? (r->timed_out ? "timeout" : "network error") : "refused",
	    r->status, (long long)e->code, e->message ? ": " : "",
	    e->message ? e->message : "");
}

/* The cache key: a digest of everything that makes the token (a changed
 * secret is another token). */
static void
cred_key(struct arena *a, const struct zoom_creds *c, char key[65])
{
	const char	*s = arena_printf(a, "%s\n%s\n%s\n%s", zs.oauth_url,
	    c->account_id, c->client_id, c->client_secret);

	hash_sha256_hex(s ? s : "", s ? strlen(s) : 0, key);
}

static void
form_escape(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char	 c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
		    c == '~')
			buf_putc(b, (char)c);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

/* The token in the cache if it is usable and not stale: 1 and *token, 0. */
static int
cached(struct arena *a, const char *key, const char *stale,
    const char **token, const char **sealed)
{
	const char	*t;

	if (db_zoom_token_get(a, key, zs.token_margin, sealed) != 1)
		return 0;
	if ((t = aead_open_str(a, *sealed)) == NULL || *t == '\0')
		return 0;
	if (stale != NULL && strcmp(t, stale) == 0) {
		(void)db_zoom_token_drop(a, key, *sealed);
		return 0;
	}
	*token = t;
	return 1;
}

/* Ask Zoom for a new token and cache it. */
static int
fetch(struct arena *a, const struct zoom_creds *c, const char *key,
    const char **token, struct zoom_err *err)
{
	struct json_object	*o, *v;
	struct zoom_resp	 r;
	struct zoom_req		 q;
	struct buf		 body, basic;
	const char		*pair, *t, *sealed;
	char			*b64;
	size_t			 n;
	int64_t			 ttl = 3600;
	int			 rc;

	buf_init(&body, a);
	buf_puts(&body, "grant_type=account_credentials&account_id=");
	form_escape(&body, c->account_id);
	pair = arena_printf(a, "%s:%s", c->client_id, c->client_secret);
	if (pair == NULL || body.err ||
	    (b64 = arena_alloc(a, (n = b64_encoded_len(strlen(pair), 0)) + 1))
	    == NULL || b64_encode(pair, strlen(pair), b64, n + 1, 0) == -1)
		goto bad;
	buf_init(&basic, a);
	buf_printf(&basic, "Basic %s", b64);
	memset(&q, 0, sizeof(q));
	q.op = MX_OAUTH;
	q.method = "POST";
	q.url = zs.oauth_url;
	q.auth = buf_str(&basic);
	q.ctype = "application/x-www-form-urlencoded";
	q.body = buf_str(&body);
	q.len = body.len;
	q.retry_timeout = 1;
	rc = zoom_http_call(a, &zs.lim, &q, &r);
	if (rc == -1 || r.status != 200) {
		zoom_err_from(a, "OAuth token", rc, &r, err);
		/* A refused app is the admin's to fix, whatever the status. */
		if (rc == 0 && (r.status == 400 || r.status == 401 ||
		    r.status == 403))
			err->kind = ZOOM_E_AUTH;
		return -1;
	}
	if ((o = json_parse(a, r.body, r.len)) == NULL ||
	    !json_object_object_get_ex(o, "access_token", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    (t = json_object_get_string(v)) == NULL || *t == '\0' ||
	    strlen(t) > TOKEN_MAX) {
		memset(err, 0, sizeof(*err));
		err->kind = ZOOM_E_BAD_ANSWER;
		err->status = r.status;
		log_warnx("zoom: OAuth token: no access_token in the answer");
		return -1;
	}
	if (json_object_object_get_ex(o, "expires_in", &v) &&
	    json_object_get_int64(v) > 0)
		ttl = json_object_get_int64(v);
	if ((*token = arena_strdup(a, t)) == NULL)
		goto bad;
	if ((sealed = aead_seal_str(a, t)) != NULL)
		(void)db_zoom_token_put(a, key, sealed, ttl);
	return 0;
bad:
	memset(err, 0, sizeof(*err));
	err->kind = ZOOM_E_CONFIG;
	return -1;
}

int
zoom_oauth_token(struct arena *a, const struct zoom_creds *c,
    const char *stale, const char **token, struct zoom_err *err)
{
	const char	*lock, *sealed;
	char		 key[65];
	int		 locked, rc;

	memset(err, 0, sizeof(*err));
	if (c->account_id == NULL || c->client_id == NULL ||
	    c->client_secret == NULL || *c->account_id == '\0' ||
	    *c->client_id == '\0' || *c->client_secret == '\0') {
		err->kind = ZOOM_E_CONFIG;
		return -1;
	}
	cred_key(a, c, key);
	if (cached(a, key, stale, token, &sealed))
		return 0;
	/* One worker renews; the others wait for it and read the cache. */
	if ((lock = arena_printf(a, "tpanel_zoom_%.40s", key)) == NULL) {
		err->kind = ZOOM_E_CONFIG;
		return -1;
	}
	locked = db_zoom_lock(a, lock, LOCK_WAIT) == 1;
	if (locked && cached(a, key, stale, token, &sealed))
		rc = 0;
	else
		rc = fetch(a, c, key, token, err);
	if (locked)
		db_zoom_unlock(a, lock);
	return rc;
}
