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
/* "x_y": (the journal's cell keys). */
void	 jsonw_pair_key(struct buf *, int64_t x, int64_t y);
/* A time of microseconds since the epoch as dt_iso writes it, quoted:
 * "2025-03-03T10:00:00Z", with ".ffffff" only when not whole; null outside
 * years 0-9999. */
void	 jsonw_time(struct buf *, int64_t us);

#endif
