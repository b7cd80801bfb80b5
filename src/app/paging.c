/* The list envelope: count, next, previous, results; keyset cursors. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "app/paging.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/cursor.h"
#include "core/html.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "crypto/hash.h"

#define PAGE_SIZE_MAX	500
#define CLOCK_SKEW	300	/* seconds a cursor may come from the future */

static const char	 bad_cursor[] = "Invalid cursor.";

int
paging_or_reply(struct req *r, struct page *p)
{
	const char	*v;
	int64_t		 n;

	memset(p, 0, sizeof(*p));
	p->number = 1;
	p->size = r->cfg->page_size;
	if ((v = req_query(r, "page")) != NULL &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX / PAGE_SIZE_MAX, &p->number) == -1) {
		resp_error(r, 404, "Invalid page.");
		return -1;
	}
	/* As in the original, a bad page_size means the default. */
	if ((v = req_query(r, "page_size")) != NULL &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &n) == 0)
		p->size = n > PAGE_SIZE_MAX ? PAGE_SIZE_MAX : n;
	p->offset = (p->number - 1) * p->size;
	p->ks.dir = KEYSET_FIRST;
	p->ks.limit = p->size;
	p->ks.offset = p->offset;
	return 0;
}

/* The key cursors are signed with, derived from secret_key. */
static void
signing_key(const struct req *r, unsigned char key[CURSOR_KEY_LEN])
{
	static const char	 label[] = "tpanel list cursor v1";

	hash_hmac_sha256(r->cfg->secret_key, strlen(r->cfg->secret_key), label,
	    sizeof(label) - 1, key);
}

/* What a cursor of this request must have been made for: the list, the
 * caller, the values of the arguments that choose the rows, the page
 * size (as sent). Arguments not named (e.g. a cache-buster) do not count. */
static uint64_t
scope_of(struct req *r, const struct page_spec *spec,
    const unsigned char key[CURSOR_KEY_LEN])
{
	unsigned char	 mac[32];
	struct buf	 b;
	const char	*v;
	size_t		 i;
	uint64_t	 s = 0;

	buf_init(&b, r->arena);
	buf_printf(&b, "%s", spec->list);
	buf_add(&b, "", 1);
	buf_printf(&b, "%lld", (long long)(r->user ? r->user->id : 0));
	for (i = 0; spec->args && spec->args[i]; i++) {
		v = req_query(r, spec->args[i]);
		buf_add(&b, "", 1);
		buf_printf(&b, "%s%c%s", spec->args[i], v ? '=' : '-', v ? v : "");
	}
	v = req_query(r, "page_size");
	buf_add(&b, "", 1);
	buf_printf(&b, "page_size%c%s", v ? '=' : '-', v ? v : "");
	hash_hmac_sha256(key, CURSOR_KEY_LEN, b.p, b.len, mac);
	for (i = 0; i < 8; i++)
		s = s << 8 | mac[i];
	return s;
}

/* Whether c's key has the list's types. */
static int
types_ok(const struct page_spec *spec, const struct cursor *c)
{
	size_t	 i;

	if (c->n != strlen(spec->key))
		return 0;
	for (i = 0; i < c->n; i++)
		if ((spec->key[i] == 's') != (c->v[i].s != NULL))
			return 0;
	return 1;
}

int
paging_keyset_or_reply(struct req *r, const struct page_spec *spec,
    struct page *p)
{
	unsigned char	 key[CURSOR_KEY_LEN];
	struct cursor	 c;
	const char	*v;
	int64_t		 now = (int64_t)time(NULL);

	if (paging_or_reply(r, p) == -1)
		return -1;
	p->spec = spec;
	if (spec->size > 0) {
		p->size = spec->size;
		p->offset = p->ks.offset = (p->number - 1) * p->size;
	}
	p->ks.limit = p->size + 1;
	if ((v = req_query(r, "cursor")) == NULL || *v == '\0')
		return 0;
	signing_key(r, key);
	p->scope = scope_of(r, spec, key);
	if (cursor_decode(r->arena, key, v, &c) == -1 || c.scope != p->scope ||
	    !types_ok(spec, &c) || c.page > INT64_MAX / PAGE_SIZE_MAX ||
	    c.issued > now + CLOCK_SKEW || now - c.issued > r->cfg->cursor_max_age ||
	    (req_query(r, "page") != NULL && c.page != p->number)) {
		resp_error(r, 400, bad_cursor);
		return -1;
	}
	p->number = c.page;
	p->offset = (c.page - 1) * p->size;
	p->ks.dir = c.dir;
	p->ks.n = c.n;
	memcpy(p->ks.v, c.v, sizeof(c.v));
	p->ks.offset = 0;
	return 0;
}

void
paging_rows(const struct page *p, size_t nread, size_t *from, size_t *count)
{
	size_t	 size = (size_t)p->size;

	*count = nread < size ? nread : size;
	*from = p->ks.dir == KEYSET_BEFORE && nread > size ? nread - size : 0;
}

/* This list's URL at page n, other arguments kept, with the cursor if
 * any; absolute for the API, from the site's root for pages. */
static const char *
page_url(struct req *r, int absolute, int64_t n, const char *cursor)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, r->arena);
	buf_printf(&b, "%s%s?", absolute ? r->cfg->base_url : "", r->path);
	for (i = 0; i < r->query.n; i++) {
		if (strcmp(r->query.v[i].key, "page") == 0 ||
		    strcmp(r->query.v[i].key, "cursor") == 0)
			continue;
		html_url_arg(&b, r->query.v[i].key, strlen(r->query.v[i].key));
		buf_putc(&b, '=');
		html_url_arg(&b, r->query.v[i].val, strlen(r->query.v[i].val));
		buf_putc(&b, '&');
	}
	if (cursor != NULL)
		buf_printf(&b, "cursor=%s&", cursor);
	buf_printf(&b, "page=%lld", (long long)n);
	return b.err ? NULL : buf_str(&b);
}

/* The link to page n through a cursor at key (n = 1: a plain link). */
static const char *
cursor_url(struct req *r, const struct page *p, int absolute, int64_t n,
    enum keyset_dir dir, const struct keyset_val *key)
{
	unsigned char	 k[CURSOR_KEY_LEN];
	struct cursor	 c;
	const char	*text;

	if (n == 1)
		return page_url(r, absolute, 1, NULL);
	memset(&c, 0, sizeof(c));
	c.dir = dir;
	c.page = n;
	c.issued = (int64_t)time(NULL);
	c.n = strlen(p->spec->key);
	memcpy(c.v, key, c.n * sizeof(*key));
	signing_key(r, k);
	c.scope = p->scope ? p->scope : scope_of(r, p->spec, k);
	if ((text = cursor_encode(r->arena, k, &c)) == NULL)
		return NULL;
	return page_url(r, absolute, n, text);
}

/* *prev and *next of a keyset page (NULL: none); -1 out of memory. */
static int
links(struct req *r, const struct page *p, int absolute, size_t nread,
    const struct keyset_val *first, const struct keyset_val *last,
    const char **prev, const char **next)
{
	size_t	 from, count;
	int	 more = nread > (size_t)p->size, has_prev, has_next;

	*prev = *next = NULL;
	paging_rows(p, nread, &from, &count);
	if (count == 0)
		return 0;
	if (p->ks.dir == KEYSET_BEFORE) {
		has_next = 1;
		has_prev = more && p->number > 1;
	} else {
		has_next = more;
		has_prev = p->number > 1;
	}
	if (has_next && (*next = cursor_url(r, p, absolute, p->number + 1,
	    KEYSET_AFTER, last)) == NULL)
		return -1;
	if (has_prev && (*prev = cursor_url(r, p, absolute, p->number - 1,
	    KEYSET_BEFORE, first)) == NULL)
		return -1;
	return 0;
}

int
paging_links(struct req *r, const struct page *p, size_t nread,
    const struct keyset_val *first, const struct keyset_val *last,
    const char **prev, const char **next)
{
	return links(r, p, 0, nread, first, last, prev, next);
}

static struct json_object *
envelope(struct req *r, int64_t total, const char *prev, const char *next,
    struct json_object *results)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error"), NULL;
	json_add_int(o, "count", total);
	if (next != NULL)
		json_add_str(o, "next", next);
	else
		json_add_null(o, "next");
	if (prev != NULL)
		json_add_str(o, "previous", prev);
	else
		json_add_null(o, "previous");
	json_object_object_add(o, "results", json_object_get(results));
	return o;
}

struct json_object *
paging_keyset_envelope(struct req *r, const struct page *p, int64_t total,
    struct json_object *results, size_t nread, const struct keyset_val *first,
    const struct keyset_val *last)
{
	const char	*prev, *next;

	/* A page past the end, whether by number or by a cursor whose rows
	 * have gone since. */
	if (p->number > 1 && nread == 0)
		return resp_error(r, 404, "Invalid page."), NULL;
	if (links(r, p, 1, nread, first, last, &prev, &next) == -1)
		return resp_error(r, 500, "Internal server error"), NULL;
	return envelope(r, total, prev, next, results);
}

int
paging_keyset_reply(struct req *r, const struct page *p, int64_t total,
    struct json_object *results, size_t nread, const struct keyset_val *first,
    const struct keyset_val *last)
{
	struct json_object	*o;

	if ((o = paging_keyset_envelope(r, p, total, results, nread, first,
	    last)) == NULL)
		return 0;
	return resp_json(r, 200, o);
}

struct json_object *
paging_envelope(struct req *r, const struct page *p, int64_t total,
    struct json_object *results)
{
	if (p->number > 1 && p->offset >= total)
		return resp_error(r, 404, "Invalid page."), NULL;
	return envelope(r, total, p->number > 1 ? page_url(r, 1, p->number - 1,
	    NULL) : NULL, p->offset + p->size < total ? page_url(r, 1,
	    p->number + 1, NULL) : NULL, results);
}

int
paging_reply(struct req *r, const struct page *p, int64_t total,
    struct json_object *results)
{
	struct json_object	*o;

	if ((o = paging_envelope(r, p, total, results)) == NULL)
		return 0;
	return resp_json(r, 200, o);
}
