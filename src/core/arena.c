/* Per-request arena: bump allocation in chunks, freed in one go. */
#include "autoconf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

#define CHUNK_MIN	(64 * 1024)
#define ALIGN		16

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size;
	size_t			 off;
	_Alignas(ALIGN) unsigned char data[];
};

struct arena_hook {
	struct arena_hook	*next;
	void			(*fn)(void *);
	void			*arg;
};

void
arena_init(struct arena *a, size_t cap)
{
	memset(a, 0, sizeof(*a));
	a->cap = cap;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk	*c;
	size_t			 need, size;

	if (n > SIZE_MAX - ALIGN)
		goto fail;
	need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (a->cap != 0 && (need > a->cap || a->used > a->cap - need))
		goto fail;
	c = a->head;
	if (c == NULL || c->size - c->off < need) {
		size = need > CHUNK_MIN ? need : CHUNK_MIN;
		if ((c = malloc(sizeof(*c) + size)) == NULL)
			goto fail;
		c->size = size;
		c->off = 0;
		c->next = a->head;
		a->head = c;
	}
	a->used += need;
	c->off += need;
	return c->data + c->off - need;
fail:
	a->overflow = 1;
	return NULL;
}

void *
arena_zalloc(struct arena *a, size_t n)
{
	void	*p;

	if ((p = arena_alloc(a, n)) != NULL)
		memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	if (n == SIZE_MAX || (p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

int
arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct arena_hook	*h;

	if ((h = arena_alloc(a, sizeof(*h))) == NULL) {
		fn(arg);
		return -1;
	}
	h->fn = fn;
	h->arg = arg;
	h->next = a->hooks;
	a->hooks = h;
	return 0;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk	*c, *next;
	struct arena_hook	*h;

	/* Hooks live in the chunks: run them all before freeing any. */
	for (h = a->hooks; h != NULL; h = h->next)
		h->fn(h->arg);
	a->hooks = NULL;
	/* Keep the oldest chunk (the tail) if it is the standard size. */
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		if (next == NULL && c->size == CHUNK_MIN) {
			c->off = 0;
			a->head = c;
			break;
		}
		free(c);
		if (next == NULL)
			a->head = NULL;
	}
	a->used = 0;
	a->overflow = 0;
}

void
arena_free(struct arena *a)
{
	arena_reset(a);
	free(a->head);
	a->head = NULL;
}
