/* Zoom meetings through the REST API with Server-to-Server tokens. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/log.h"
#include "core/str.h"
#include "zoom/meetings.h"
#include "zoom/oauth.h"
#include "zoom/zoom.h"

#define TOPIC_MAX	200	/* characters */

/* A path segment: meeting ids are digits, user ids and emails may hold
 * '@', '.', '-', '_'; anything else is escaped. */
static const char *
seg(struct arena *a, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			*o, *p;

	if ((o = p = arena_alloc(a, 3 * strlen(s) + 1)) == NULL)
		return NULL;
	for (; *s; s++) {
		unsigned char	 c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("@.-_~", c) != NULL)
			*p++ = (char)c;
		else {
			*p++ = '%';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 15];
		}
	}
	*p = '\0';
	return o;
}

/* A request to the API with a bearer token; a 401 (an expired or
 * revoked token) drops the cached token and tries once more. 0 and the
 * answer (any status), or -1 and *err when there is none. */
static int
call(struct arena *a, const struct zoom_creds *c, enum metrics_ext_op op,
    const char *method, const char *path, const char *body,
    struct zoom_resp *r, struct zoom_err *err)
{
	const struct zoom_settings	*zs = zoom_settings();
	struct zoom_req			 q;
	const char			*token, *stale = NULL;
	int				 tries, rc;

	for (tries = 0; tries < 2; tries++) {
		if (zoom_oauth_token(a, c, stale, &token, err) == -1)
			return -1;
		memset(&q, 0, sizeof(q));
		q.op = op;
		q.method = method;
		if ((q.url = arena_printf(a, "%s%s", zs->api_url, path)) == NULL ||
		    (q.auth = arena_printf(a, "Bearer %s", token)) == NULL) {
			memset(err, 0, sizeof(*err));
			err->kind = ZOOM_E_CONFIG;
			return -1;
		}
		if (body != NULL) {
			q.ctype = "application/json";
			q.body = body;
			q.len = strlen(body);
		}
		/* Only a create must not be repeated blindly after a timeout:
		 * it may have made a meeting. */
		q.retry_timeout = op != MX_CREATE;
		rc = zoom_http_call(a, &zs->lim, &q, r);
		if (rc == -1) {
			zoom_err_from(a, method, rc, r, err);
			return -1;
		}
		if (r->status != 401)
			return 0;
		log_info("zoom: token refused (401), asking for a new one");
		stale = token;
	}
	return 0;
}

static const char *
str_field(struct arena *a, struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	return arena_strdup(a, json_object_get_string(v));
}

/* The meeting of a JSON answer; -1 without a readable id. */
static int
parse(struct arena *a, const struct zoom_resp *r, struct zoom_meeting *m)
{
	struct json_object	*o, *v;
	int64_t			 id;

	memset(m, 0, sizeof(*m));
	if ((o = json_parse(a, r->body, r->len)) == NULL ||
	    !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "id", &v))
		return -1;
	if (json_object_is_type(v, json_type_int)) {
		if ((id = json_object_get_int64(v)) <= 0)
			return -1;
		m->id = arena_printf(a, "%lld", (long long)id);
	} else if (json_object_is_type(v, json_type_string) &&
	    str_to_i64(json_object_get_string(v),
	    strlen(json_object_get_string(v)), 1, INT64_MAX, &id) == 0)
		m->id = arena_printf(a, "%lld", (long long)id);
	else
		return -1;
	m->uuid = str_field(a, o, "uuid");
	m->host_id = str_field(a, o, "host_id");
	m->status = str_field(a, o, "status");
	m->join_url = str_field(a, o, "join_url");
	m->start_url = str_field(a, o, "start_url");
	m->password = str_field(a, o, "password");
	return m->id != NULL && m->join_url != NULL ? 0 : -1;
}

static int
bad_answer(struct zoom_err *err, const char *what, long status)
{
	memset(err, 0, sizeof(*err));
	err->kind = ZOOM_E_BAD_ANSWER;
	err->status = status;
	log_warnx("zoom: %s: unreadable answer (HTTP %ld)", what, status);
	return -1;
}

/* The topic cut to 200 characters (UTF-8 aware). */
static const char *
topic(struct arena *a, const char *t)
{
	size_t	 i, n = 0;

	for (i = 0; t[i]; i++)
		if (((unsigned char)t[i] & 0xC0) != 0x80 && ++n > TOPIC_MAX)
			return arena_strndup(a, t, i);
	return t;
}

static const char *
spec_json(struct arena *a, const struct zoom_meeting_spec *s, int full)
{
	struct json_object	*o, *st;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	if (full) {
		json_add_str(o, "topic", topic(a, s->topic));
		json_add_int(o, "type", 2);
	}
	json_add_str(o, "start_time", s->start_time);
	json_add_int(o, "duration", s->duration);
	json_add_str(o, "timezone", "UTC");
	if (full) {
		st = json_object_new_object();
		json_add_bool(st, "host_video", 1);
		json_add_bool(st, "participant_video", 1);
		json_add_bool(st, "join_before_host", 0);
		json_add_bool(st, "mute_upon_entry", 1);
		json_add_bool(st, "waiting_room", 0);
		json_add_str(st, "audio", "both");
		json_add_str(st, "auto_recording", "none");
		json_object_object_add(o, "settings", st);
	}
	return json_text(o, NULL);
}

int
zoom_meeting_create(struct arena *a, const struct zoom_creds *c,
    const char *user, const struct zoom_meeting_spec *s,
    struct zoom_meeting *m, struct zoom_err *err)
{
	struct zoom_resp	 r;
	const char		*path, *body;

	if ((path = seg(a, user && *user ? user : "me")) == NULL ||
	    (path = arena_printf(a, "/users/%s/meetings", path)) == NULL ||
	    (body = spec_json(a, s, 1)) == NULL)
		return bad_answer(err, "create meeting", 0);
	if (call(a, c, MX_CREATE, "POST", path, body, &r, err) == -1)
		return -1;
	if (r.status != 201 && r.status != 200) {
		zoom_err_from(a, "create meeting", 0, &r, err);
		return -1;
	}
	if (parse(a, &r, m) == -1)
		return bad_answer(err, "create meeting", r.status);
	return 0;
}

int
zoom_meeting_get(struct arena *a, const struct zoom_creds *c, const char *id,
    struct zoom_meeting *m, struct zoom_err *err)
{
	struct zoom_resp	 r;
	const char		*path;

	if ((path = arena_printf(a, "/meetings/%s", seg(a, id))) == NULL)
		return bad_answer(err, "get meeting", 0);
	if (call(a, c, MX_GET, "GET", path, NULL, &r, err) == -1)
		return -1;
	if (r.status != 200) {
		zoom_err_from(a, "get meeting", 0, &r, err);
		return -1;
	}
	if (parse(a, &r, m) == -1)
		return bad_answer(err, "get meeting", r.status);
	return 0;
}

int
zoom_meeting_update(struct arena *a, const struct zoom_creds *c,
    const char *id, const struct zoom_meeting_spec *s, struct zoom_err *err)
{
	struct zoom_resp	 r;
	const char		*path, *body;

	if ((path = arena_printf(a, "/meetings/%s", seg(a, id))) == NULL ||
	    (body = spec_json(a, s, 0)) == NULL)
		return bad_answer(err, "update meeting", 0);
	if (call(a, c, MX_UPDATE, "PATCH", path, body, &r, err) == -1)
		return -1;
	if (r.status != 204 && r.status != 200) {
		zoom_err_from(a, "update meeting", 0, &r, err);
		return -1;
	}
	return 0;
}

/* A refusal that means "nothing to end/delete": not 401, 403 or 429. */
static int
gone(long status)
{
	return status == 404 || (status >= 400 && status < 500 &&
	    status != 401 && status != 403 && status != 429);
}

int
zoom_meeting_end(struct arena *a, const struct zoom_creds *c, const char *id,
    struct zoom_err *err)
{
	struct zoom_resp	 r;
	const char		*path;

	if ((path = arena_printf(a, "/meetings/%s/status", seg(a, id))) == NULL)
		return bad_answer(err, "end meeting", 0);
	if (call(a, c, MX_END, "PUT", path, "{\"action\":\"end\"}", &r, err) == -1)
		return -1;
	if (r.status == 204 || r.status == 200 || gone(r.status)) {
		if (r.status >= 400)
			log_info("zoom: meeting %s was not running (HTTP %ld)", id,
			    r.status);
		return 0;
	}
	zoom_err_from(a, "end meeting", 0, &r, err);
	return -1;
}

int
zoom_meeting_delete(struct arena *a, const struct zoom_creds *c,
    const char *id, struct zoom_err *err)
{
	struct zoom_resp	 r;
	const char		*path;

	if ((path = arena_printf(a, "/meetings/%s", seg(a, id))) == NULL)
		return bad_answer(err, "delete meeting", 0);
	if (call(a, c, MX_DELETE, "DELETE", path, NULL, &r, err) == -1)
		return -1;
	if (r.status == 204 || r.status == 200 || r.status == 404)
		return 0;
	zoom_err_from(a, "delete meeting", 0, &r, err);
	return -1;
}
