/* Keyset continuation of lists: the window a list query reads (struct
 * keyset) and the signed, opaque cursor that carries its boundary from one
 * page to the next (docs/lists.md). */
#ifndef CORE_CURSOR_H
#define CORE_CURSOR_H

#include <stddef.h>
#include <stdint.h>

struct arena;

#define KEYSET_VALS	4	/* values one order key may hold */
#define CURSOR_TEXT_MAX	1400	/* longest cursor text accepted */
#define CURSOR_KEY_LEN	32	/* bytes of the signing key */

/* Where a list query starts reading. Rows are always returned in list
 * order; for KEYSET_BEFORE the query reads backwards from the key and the
 * extra row (limit = page size + 1) is the first one, not the last. */
enum keyset_dir {
	KEYSET_FIRST,	/* from the start of the list, skipping offset rows */
	KEYSET_AFTER,	/* the rows after the key, in list order */
	KEYSET_BEFORE,	/* the rows before the key */
};

/* One value of an order key: text (s != NULL) or an integer. */
struct keyset_val {
	const char	*s;
	int64_t		 i;
};

struct keyset {
	enum keyset_dir		 dir;
	size_t			 n;		/* values in v (0 for FIRST) */
	struct keyset_val	 v[KEYSET_VALS];	/* the boundary row's key */
	int64_t			 limit;		/* rows to read */
	int64_t			 offset;	/* KEYSET_FIRST: rows to skip */
};

/* What a cursor holds. scope is a fingerprint of the list, its caller and
 * its filters, so a cursor only ever continues the list it came from. */
struct cursor {
	enum keyset_dir		 dir;		/* AFTER or BEFORE */
	int64_t			 page;		/* the page it leads to, >= 2 */
	uint64_t		 scope;
	int64_t			 issued;	/* Unix seconds */
	size_t			 n;
	struct keyset_val	 v[KEYSET_VALS];
};

/* c as base64url text signed with key (HMAC-SHA256, 128 bits kept), in
 * the arena; NULL if it does not fit CURSOR_TEXT_MAX or out of memory. */
const char *cursor_encode(struct arena *, const unsigned char key[CURSOR_KEY_LEN],
	    const struct cursor *c);
/* Read text into *c (strings in the arena): 0, or -1 when it is malformed,
 * too long, or not signed with key (forged, or made under another key). */
int	 cursor_decode(struct arena *, const unsigned char key[CURSOR_KEY_LEN],
	    const char *text, struct cursor *c);

#endif
