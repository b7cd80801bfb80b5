/* Homework and submission lists: the original's envelope {"count","next",
 * "previous","results"} continued by a signed keyset cursor (?cursor=,
 * what "next" carries), while ?page=N keeps working for the original's
 * clients (an OFFSET, dearer the deeper it goes). To be replaced by the
 * shared cursor of src/app/paging.c once it is there. */
#ifndef APP_HW_PAGING_H
#define APP_HW_PAGING_H

#include <stdint.h>

struct json_object;
struct req;

struct hw_page {
	int64_t			 size, number, offset;
	struct json_object	*after;		/* the cursor's sort values, or NULL */
};

/* ?page, ?page_size, ?cursor: -1 after a 404 "Invalid page." or a 400
 * for a cursor that is not one of ours. */
int	 hw_paging_or_reply(struct req *, struct hw_page *);
/* Answer 200 with the envelope; next carries a cursor made of next_key
 * (the last row's sort values) when more rows follow, previous the page
 * before in page mode. A page past the end is a 404. Returns 0. */
int	 hw_paging_reply(struct req *, const struct hw_page *, int64_t total,
	    struct json_object *results, struct json_object *next_key);

#endif
