/* Writing JSON text straight into a buffer, for large answers (the
 * attendance journal's thousands of cells) where building json-c objects
 * first would cost more than the rest of the request. */
#ifndef CORE_JSONW_H
#define CORE_JSONW_H

#include <stdint.h>

struct buf;

/* A string literal, quoted and escaped (RFC 8259: the quote, backslash and
 * controls; "/" and non-ASCII as they are); NULL writes null. */
void	 jsonw_str(struct buf *, const char *s);
/* "key": (the key is trusted ASCII without escapes). */
void	 jsonw_key(struct buf *, const char *key);
/* An integer, and tenths as a number with one decimal (83.3); the given
 * null value writes null. */
void	 jsonw_int(struct buf *, int64_t v);
void	 jsonw_tenths(struct buf *, int64_t t, int64_t null_value);

#endif
