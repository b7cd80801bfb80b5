/* The per-worker answer cache: see cache.h. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/cache.h"
#include "core/str.h"

struct entry {
	uint64_t	 hash;
	uint64_t	 version;
	double		 expires;
	char		*key;		/* key, content type and body live in */
	char		*content_type;	/* the one allocation at key */
	char		*body;
	size_t		 len;
};

static struct entry	 slots[CACHE_SLOTS];

static void
drop(struct entry *e)
{
	free(e->key);
	memset(e, 0, sizeof(*e));
}

int
cache_get(const char *key, uint64_t version, double now, struct cache_hit *hit)
{
	uint64_t	 h = str_hash(key);
	struct entry	*e = &slots[h % CACHE_SLOTS];

	if (e->key == NULL || e->hash != h || strcmp(e->key, key) != 0)
		return 0;
	if (e->version != version || now >= e->expires) {
		drop(e);
		return 0;
	}
	hit->content_type = e->content_type;
	hit->body = e->body;
	hit->len = e->len;
	return 1;
}

void
cache_put(const char *key, uint64_t version, double expires,
    const char *content_type, const char *body, size_t len)
{
	uint64_t	 h = str_hash(key);
	struct entry	*e = &slots[h % CACHE_SLOTS];
	size_t		 nk = strlen(key) + 1, nc = strlen(content_type) + 1;
	char		*p;

	if (len > CACHE_BODY_MAX || (p = malloc(nk + nc + len + 1)) == NULL)
		return;
	drop(e);
	e->hash = h;
	e->version = version;
	e->expires = expires;
	e->key = memcpy(p, key, nk);
	e->content_type = memcpy(p + nk, content_type, nc);
	e->body = memcpy(p + nk + nc, body, len);
	e->body[len] = '\0';
	e->len = len;
}

void
cache_clear(void)
{
	size_t	 i;

	for (i = 0; i < CACHE_SLOTS; i++)
		drop(&slots[i]);
}
