/* The list envelope: count, next, previous, results. */
#include "autoconf.h"

#include <string.h>

#include "app/paging.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/html.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"

#define PAGE_SIZE_MAX	500

int
paging_or_reply(struct req *r, struct page *p)
{
	const char	*v;
	int64_t		 n;

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
	return 0;
}

/* The absolute URL of this list at page n, other arguments kept. */
static const char *
page_url(struct req *r, int64_t n)
{
	struct buf	 b;
	size_t		 i;

	buf_init(&b, r->arena);
	buf_printf(&b, "%s%s?", r->cfg->base_url, r->path);
	for (i = 0; i < r->query.n; i++) {
		if (strcmp(r->query.v[i].key, "page") == 0)
			continue;
		html_url_arg(&b, r->query.v[i].key, strlen(r->query.v[i].key));
		buf_putc(&b, '=');
		html_url_arg(&b, r->query.v[i].val, strlen(r->query.v[i].val));
		buf_putc(&b, '&');
	}
	buf_printf(&b, "page=%lld", (long long)n);
	return b.err ? NULL : buf_str(&b);
}

struct json_object *
paging_envelope(struct req *r, const struct page *p, int64_t total,
    struct json_object *results)
{
	struct json_object	*o;
	const char		*u;

	if (p->number > 1 && p->offset >= total)
		return resp_error(r, 404, "Invalid page."), NULL;
	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error"), NULL;
	json_add_int(o, "count", total);
	if (p->offset + p->size < total && (u = page_url(r, p->number + 1)) != NULL)
		json_add_str(o, "next", u);
	else
		json_add_null(o, "next");
	if (p->number > 1 && (u = page_url(r, p->number - 1)) != NULL)
		json_add_str(o, "previous", u);
	else
		json_add_null(o, "previous");
	json_object_object_add(o, "results", json_object_get(results));
	return o;
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
