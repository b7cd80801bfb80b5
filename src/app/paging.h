/* The list envelope of the original API: {"count","next","previous",
 * "results"}, page-number style, ?page=N&page_size=M (at most 500). */
#ifndef APP_PAGING_H
#define APP_PAGING_H

#include <stdint.h>

struct json_object;
struct req;

struct page {
	int64_t	 number, size, offset;
};

/* Read ?page and ?page_size. -1 after a 404 {"detail":"Invalid page."}. */
int	 paging_or_reply(struct req *, struct page *);
/* The envelope around results, for a list that adds keys to it; NULL
 * after a 404 "Invalid page." (a page past the end) or a 500. */
struct json_object *paging_envelope(struct req *, const struct page *,
	    int64_t total, struct json_object *results);
/* Answer 200 with the envelope around results, or 404 "Invalid page." for
 * a page past the end. Returns 0. */
int	 paging_reply(struct req *, const struct page *, int64_t total,
	    struct json_object *results);

#endif
