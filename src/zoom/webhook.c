/* Zoom webhooks: signature check, URL validation token, event fields. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/str.h"
#include "crypto/hash.h"
#include "zoom/webhook.h"

#define TS_MAX	99999999999LL	/* epoch seconds, year 5138 */

enum zoom_sig
zoom_webhook_verify(struct arena *a, const char *secret, const char *timestamp,
    const char *signature, const char *body, size_t len, int64_t now)
{
	char	 want[3 + 65], *msg;
	size_t	 tlen, mlen;
	int64_t	 ts;

	if (secret == NULL || secret[0] == '\0')
		return ZOOM_SIG_NO_SECRET;
	if (timestamp == NULL || timestamp[0] == '\0' || signature == NULL ||
	    signature[0] == '\0')
		return ZOOM_SIG_MISSING;
	tlen = strlen(timestamp);
	if (str_to_i64(timestamp, tlen, 0, TS_MAX, &ts) == -1)
		return ZOOM_SIG_BAD_TIME;
	if (ts < now - ZOOM_WEBHOOK_SKEW || ts > now + ZOOM_WEBHOOK_SKEW)
		return ZOOM_SIG_STALE;
	if (len > SIZE_MAX - tlen - 5)
		return ZOOM_SIG_NO_MEMORY;
	mlen = 3 + tlen + 1 + len;
	if ((msg = arena_alloc(a, mlen + 1)) == NULL)
		return ZOOM_SIG_NO_MEMORY;
	memcpy(msg, "v0:", 3);
	memcpy(msg + 3, timestamp, tlen);
	msg[3 + tlen] = ':';
	if (len > 0)
		memcpy(msg + 4 + tlen, body, len);
	memcpy(want, "v0=", 3);
	hash_hmac_sha256_hex(secret, strlen(secret), msg, mlen, want + 3);
	/* The length is no secret; the bytes are compared in constant time. */
	if (strlen(signature) != 67 || !str_ct_eq(signature, want, 67))
		return ZOOM_SIG_BAD;
	return ZOOM_SIG_OK;
}

const char *
zoom_webhook_sig_msg(enum zoom_sig s)
{
	switch (s) {
	case ZOOM_SIG_OK:
		return "ok";
	case ZOOM_SIG_NO_SECRET:
		return "The Zoom webhook is not configured on this server "
		    "(zoom_webhook_secret is empty): every event is refused.";
	case ZOOM_SIG_MISSING:
		return "Missing x-zm-signature or x-zm-request-timestamp header.";
	case ZOOM_SIG_BAD_TIME:
		return "x-zm-request-timestamp must be epoch seconds.";
	case ZOOM_SIG_STALE:
		return "x-zm-request-timestamp is more than 5 minutes off.";
	case ZOOM_SIG_BAD:
		return "Invalid x-zm-signature.";
	case ZOOM_SIG_NO_MEMORY:
		break;
	}
	return "Request too large.";
}

void
zoom_webhook_token(const char *secret, const char *plain, char out[65])
{
	hash_hmac_sha256_hex(secret, strlen(secret), plain, strlen(plain), out);
}

/* o[key] if it is of type t, else NULL. */
static struct json_object *
get(struct json_object *o, const char *key, enum json_type t)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, t))
		return NULL;
	return v;
}

static const char *
get_str(struct arena *a, struct json_object *o, const char *key)
{
	struct json_object	*v = get(o, key, json_type_string);

	return v ? arena_strdup(a, json_object_get_string(v)) : NULL;
}

/* An id Zoom sends as a string in some events, a number in others. */
static const char *
get_id(struct arena *a, struct json_object *o, const char *key)
{
	struct json_object	*v;

	if ((v = get(o, key, json_type_int)) != NULL)
		return arena_printf(a, "%lld", (long long)json_object_get_int64(v));
	return get_str(a, o, key);
}

static void
parse_file(struct arena *a, struct json_object *f, struct zoom_rec_file *out)
{
	struct json_object	*v;

	out->id = get_id(a, f, "id");
	out->file_type = get_str(a, f, "file_type");
	out->status = get_str(a, f, "status");
	out->play_url = get_str(a, f, "play_url");
	out->download_url = get_str(a, f, "download_url");
	out->recording_start = get_str(a, f, "recording_start");
	out->recording_end = get_str(a, f, "recording_end");
	out->file_size = (v = get(f, "file_size", json_type_int)) != NULL ?
	    json_object_get_int64(v) : -1;
}

static void
parse_participant(struct arena *a, struct json_object *o,
    struct zoom_participant *p)
{
	p->user_id = get_id(a, o, "user_id");
	p->participant_uuid = get_str(a, o, "participant_uuid");
	p->id = get_id(a, o, "id");
	p->user_name = get_str(a, o, "user_name");
	p->email = get_str(a, o, "email");
	p->join_time = get_str(a, o, "join_time");
	p->leave_time = get_str(a, o, "leave_time");
}

int
zoom_webhook_parse(struct arena *a, const char *body, size_t len,
    struct zoom_event *ev)
{
	struct json_object	*root, *payload, *obj, *files, *v;
	size_t			 i, n;

	memset(ev, 0, sizeof(*ev));
	if (body == NULL || (root = json_parse(a, body, len)) == NULL ||
	    !json_object_is_type(root, json_type_object))
		return -1;
	ev->event = get_str(a, root, "event");
	if ((v = get(root, "event_ts", json_type_int)) != NULL)
		ev->ts_ms = json_object_get_int64(v);
	payload = get(root, "payload", json_type_object);
	ev->plain_token = get_str(a, payload, "plainToken");
	obj = get(payload, "object", json_type_object);
	ev->meeting_id = get_id(a, obj, "id");
	if ((v = get(obj, "participant", json_type_object)) != NULL) {
		ev->has_participant = 1;
		parse_participant(a, v, &ev->participant);
	}
	if ((files = get(obj, "recording_files", json_type_array)) == NULL)
		return 0;
	n = json_object_array_length(files);
	if (n > ZOOM_REC_FILES_MAX)
		n = ZOOM_REC_FILES_MAX;
	if ((ev->files = arena_zalloc(a, (n + 1) * sizeof(*ev->files))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(files, i);
		if (json_object_is_type(v, json_type_object))
			parse_file(a, v, &ev->files[ev->nfiles++]);
	}
	return 0;
}
