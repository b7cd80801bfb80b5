/* Per-request arena: bump allocation, one reset frees everything. */
#ifndef CORE_ARENA_H
#define CORE_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena_hook;

struct arena {
	struct arena_chunk	*head;		/* current chunk; the first is kept on reset */
	struct arena_hook	*hooks;		/* run in reverse order of registration */
	size_t			 used;		/* bytes handed out, all chunks */
	size_t			 cap;		/* 0 = no cap */
	int			 overflow;	/* sticky: an allocation was refused */
};

/* Set up an empty arena; cap bounds the bytes it hands out (0: none). */
void	 arena_init(struct arena *, size_t cap);
/* Aligned memory, or NULL (and a->overflow set) past the cap or on ENOMEM. */
void	*arena_alloc(struct arena *, size_t);
void	*arena_zalloc(struct arena *, size_t);
/* Copies; NULL on overflow. */
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_strdup(struct arena *, const char *);
/* Formatted string in the arena; NULL on overflow or bad format. */
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Run fn(arg) at reset: for what the arena cannot free itself. -1 on overflow
 * (fn is then called at once, so nothing leaks). */
int	 arena_defer(struct arena *, void (*fn)(void *), void *arg);
/* Run the hooks and free all but the first chunk. */
void	 arena_reset(struct arena *);
void	 arena_free(struct arena *);

#endif
