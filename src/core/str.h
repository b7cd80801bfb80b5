/* (ptr, len) slices, bounded number parsing, URL decoding, key=value lists. */
#ifndef CORE_STR_H
#define CORE_STR_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct slice {
	const char	*p;
	size_t		 len;
};

/* One decoded name=value pair of a query string, form body or cookie header. */
struct kv {
	const char	*key;
	const char	*val;
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

int	 slice_eq(struct slice, const char *);
/* Split s at the first c: head before it, s keeps the rest; -1 if absent
 * (head = all of s, s empty). */
int	 slice_split(struct slice *s, char c, struct slice *head);
struct slice slice_trim(struct slice);

/* Whole-string decimal integer in [min, max]; no sign for unsigned use,
 * no spaces, no leading '+'. 0 or -1. */
int	 str_to_i64(const char *, size_t, int64_t min, int64_t max, int64_t *);
/* A copy of s without leading and trailing spaces, tabs, CR and LF; NULL
 * on overflow. */
char	*str_trim_dup(struct arena *, const char *s);
/* Characters of s if it is valid UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF), else -1. */
long	 str_utf8_chars(const char *s);
/* Whether s is valid UTF-8 of at most max characters. */
int	 str_utf8_max(const char *s, long max);
/* FNV-1a of a C string, for hash tables (not for secrets). */
uint64_t str_hash(const char *s);
/* Constant-time equality of two byte strings of the same length. */
int	 str_ct_eq(const void *, const void *, size_t);

/* Percent-decode (and '+' to space when form is set) into the arena.
 * NULL on a bad escape, an embedded NUL, invalid UTF-8, or overflow. */
char	*str_url_decode(struct arena *, const char *, size_t, int form);
/* Parse "a=1&b=2" (query string or x-www-form-urlencoded). -1 on a bad
 * escape, too many pairs (max), or overflow; the list is left empty then. */
int	 str_parse_query(struct arena *, const char *, size_t, size_t max,
	    struct kvlist *);
/* Parse a Cookie header "a=1; b=2". Values are not decoded. Same errors. */
int	 str_parse_cookies(struct arena *, const char *, size_t, size_t max,
	    struct kvlist *);
/* The first value for key, or NULL. */
const char *kv_get(const struct kvlist *, const char *key);

#endif
