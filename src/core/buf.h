/* Growable byte buffer with a sticky error, for building output. */
#ifndef CORE_BUF_H
#define CORE_BUF_H

#include <stddef.h>

struct arena;

struct buf {
	char		*p;		/* always NUL-terminated when len > 0 */
	size_t		 len;
	size_t		 cap;
	struct arena	*arena;		/* NULL: malloc'd, free with buf_free */
	int		 err;		/* sticky: an append failed */
};

/* An empty buffer allocating from the arena (NULL: from the heap). */
void	 buf_init(struct buf *, struct arena *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
/* Back to its first n bytes (n <= len), the error cleared. */
void	 buf_truncate(struct buf *, size_t n);
/* Appends; on failure set b->err and return -1; later appends are no-ops. */
int	 buf_add(struct buf *, const void *, size_t);
int	 buf_puts(struct buf *, const char *);
int	 buf_putc(struct buf *, char);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* The contents as a C string ("" when empty). */
const char *buf_str(const struct buf *);

#endif
