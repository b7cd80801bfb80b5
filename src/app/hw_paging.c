/* Keyset continuation for the homework lists: a cursor is the last row's
 * sort values as JSON, base64url, and an HMAC under the secret key, so a
 * forged or altered one is refused instead of giving a wrong page. */
#include "autoconf.h"

#include <string.h>

#include "app/hw_paging.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/html.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "crypto/b64.h"
#include "crypto/hash.h"

#define PAGE_SIZE_MAX	500
#define CURSOR_MAX	2048
#define MAC_HEX		32	/* 128 bits of the HMAC */

/* The cursor's MAC as hex over its payload. */
static void
mac_of(const struct req *r, const char *payload, size_t n, char out[65])
{
	hash_hmac_sha256_hex(r->cfg->secret_key, strlen(r->cfg->secret_key),
	    payload, n, out);
	out[MAC_HEX] = '\0';
}

static const char *
cursor_encode(struct req *r, struct json_object *key)
{
	const char	*json;
	char		*b64, mac[65];
	size_t		 n, len;

	if ((json = json_text(key, &n)) == NULL ||
	    (len = b64_encoded_len(n, 1)) == SIZE_MAX ||
	    (b64 = arena_alloc(r->arena, len + 1)) == NULL ||
	    b64_encode(json, n, b64, len + 1, 1) == -1)
		return NULL;
	mac_of(r, b64, strlen(b64), mac);
	return arena_printf(r->arena, "%s.%s", b64, mac);
}

/* The sort values of a cursor, or NULL when it is not one of ours. */
static struct json_object *
cursor_decode(struct req *r, const char *c)
{
	const char		*dot = strrchr(c, '.');
	char			 mac[65], *raw;
	size_t			 n, outn;
	struct json_object	*o;

	if (dot == NULL || strlen(c) > CURSOR_MAX || strlen(dot + 1) != MAC_HEX)
		return NULL;
	n = (size_t)(dot - c);
	mac_of(r, c, n, mac);
	if (!str_ct_eq(mac, dot + 1, MAC_HEX))
		return NULL;
	if ((raw = arena_alloc(r->arena, n + 1)) == NULL ||
	    b64_decode(c, n, raw, n + 1, &outn, 1) == -1)
		return NULL;
	o = json_parse(r->arena, raw, outn);
	return o != NULL && json_object_is_type(o, json_type_array) ? o : NULL;
}

int
hw_paging_or_reply(struct req *r, struct hw_page *p)
{
	const char	*v;
	int64_t		 n;

	memset(p, 0, sizeof(*p));
	p->number = 1;
	p->size = r->cfg->page_size;
	if ((v = req_query(r, "page_size")) != NULL &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &n) == 0)
		p->size = n > PAGE_SIZE_MAX ? PAGE_SIZE_MAX : n;
	if ((v = req_query(r, "cursor")) != NULL && *v != '\0') {
		if ((p->after = cursor_decode(r, v)) == NULL) {
			resp_error(r, 400, "Invalid cursor.");
			return -1;
		}
		return 0;
	}
	if ((v = req_query(r, "page")) != NULL &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX / PAGE_SIZE_MAX, &p->number) == -1) {
		resp_error(r, 404, "Invalid page.");
		return -1;
	}
	p->offset = (p->number - 1) * p->size;
	return 0;
}

/* This list's absolute URL with the other arguments kept and one more
 * (cursor=... or page=N) at the end. */
static const char *
list_url(struct req *r, const char *key, const char *val)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, r->arena);
	buf_printf(&b, "%s%s?", r->cfg->base_url, r->path);
	for (i = 0; i < r->query.n; i++) {
		if (strcmp(r->query.v[i].key, "page") == 0 ||
		    strcmp(r->query.v[i].key, "cursor") == 0)
			continue;
		html_url_arg(&b, r->query.v[i].key, strlen(r->query.v[i].key));
		buf_putc(&b, '=');
		html_url_arg(&b, r->query.v[i].val, strlen(r->query.v[i].val));
		buf_putc(&b, '&');
	}
	buf_puts(&b, key);
	buf_putc(&b, '=');
	html_url_arg(&b, val, strlen(val));
	return b.err ? NULL : buf_str(&b);
}

int
hw_paging_reply(struct req *r, const struct hw_page *p, int64_t total,
    struct json_object *results, struct json_object *next_key)
{
	struct json_object	*o;
	const char		*c;

	if (p->after == NULL && p->number > 1 && p->offset >= total)
		return resp_error(r, 404, "Invalid page.");
	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_int(o, "count", total);
	if (next_key != NULL && (c = cursor_encode(r, next_key)) != NULL)
		json_add_str(o, "next", list_url(r, "cursor", c));
	else
		json_add_null(o, "next");
	if (p->after == NULL && p->number > 1)
		json_add_str(o, "previous", list_url(r, "page", arena_printf(r->arena,
		    "%lld", (long long)(p->number - 1))));
	else
		json_add_null(o, "previous");
	json_object_object_add(o, "results", json_object_get(results));
	return resp_json(r, 200, o);
}
