/* The list envelope of the original API: {"count","next","previous",
 * "results"}, ?page=N&page_size=M (at most 500), with keyset continuation:
 * next and previous carry a signed cursor (core/cursor.h) beside page=N,
 * so following them reads from the boundary row instead of skipping
 * (N - 1) * M rows. How a list adopts it: docs/lists.md. */
#ifndef APP_PAGING_H
#define APP_PAGING_H

#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"

struct json_object;
struct req;

/* A list that continues with cursors. */
struct page_spec {
	const char		*list;	/* its name, unique among lists */
	const char		*key;	/* its order key's types: 's' text, 'i' integer */
	const char *const	*args;	/* query arguments that choose its rows;
					 * NULL-terminated, may be NULL */
	int64_t			 size;	/* rows a page (pages of HTML); 0: the
					 * ?page_size asked, or page_size */
};

struct page {
	int64_t			 number, size;
	int64_t			 offset;	/* (number - 1) * size */
	struct keyset		 ks;		/* what the list query reads */
	const struct page_spec	*spec;		/* NULL: page numbers only */
	uint64_t		 scope;		/* the cursor's fingerprint */
};

/* Read ?page, ?page_size and ?cursor for the list of spec: p->ks says what
 * to read (p->ks.limit = page size + 1 rows, in list order, from the start
 * skipping p->ks.offset rows, or after or before the cursor's key). -1
 * after a 404 {"detail":"Invalid page."} (a bad page number) or a 400
 * {"detail":"Invalid cursor."} (forged, malformed, made for another list,
 * caller, filter or page size, for another page than ?page says, or older
 * than cursor_max_age). */
int	 paging_keyset_or_reply(struct req *, const struct page_spec *,
	    struct page *);
/* Which of the nread rows the query returned the page shows: rows
 * [*from, *from + *count). */
void	 paging_rows(const struct page *, size_t nread, size_t *from,
	    size_t *count);
/* The envelope around results (the shown rows), with next and previous
 * links made from the order keys of the first and last row shown (spec's
 * types; ignored when none is shown). NULL after a 404 "Invalid page." (a
 * page past the end) or a 500. */
struct json_object *paging_keyset_envelope(struct req *, const struct page *,
	    int64_t total, struct json_object *results, size_t nread,
	    const struct keyset_val *first, const struct keyset_val *last);
/* Answer 200 with that envelope, or the 404 or 500. Returns 0. */
int	 paging_keyset_reply(struct req *, const struct page *, int64_t total,
	    struct json_object *results, size_t nread,
	    const struct keyset_val *first, const struct keyset_val *last);
/* The same links for a page of HTML: *prev and *next (NULL: none),
 * relative to the site. -1 when out of memory. */
int	 paging_links(struct req *, const struct page *, size_t nread,
	    const struct keyset_val *first, const struct keyset_val *last,
	    const char **prev, const char **next);

/* Page numbers only (OFFSET), for lists that have no order key yet:
 * ?page and ?page_size into p (p->ks reads p->size rows from p->offset).
 * -1 after a 404 {"detail":"Invalid page."}. */
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
