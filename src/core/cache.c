/* The per-worker answer cache: see cache.h. */
#include "autoconf.h"

#include <sys/mman.h>

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

/* The host's counters; a process's own when cache_init was not called. */
struct shared {
	uint64_t	 db;		/* the database's counter, as last read */
	uint64_t	 read_at;	/* when, dt_mono() microseconds */
	uint64_t	 local;		/* writes that counted on this host */
};
static struct shared	 own, *sh = &own;

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

int
cache_init(void)
{
	void	*p;

	p = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	sh = p;
	memset(sh, 0, sizeof(*sh));
	return 0;
}

void
cache_bump(void)
{
	__atomic_fetch_add(&sh->local, 1, __ATOMIC_SEQ_CST);
}

/* Both counters only grow and local stays under 2^32 in practice, so a
 * later pair never stamps like an earlier one. */
static uint64_t
stamp(uint64_t db, uint64_t local)
{
	return db << 32 | (local & 0xffffffffu);
}

int
cache_stamp(double now, double poll, uint64_t *out)
{
	uint64_t	 at = __atomic_load_n(&sh->read_at, __ATOMIC_SEQ_CST);

	if (at == 0 || now * 1e6 - (double)at >= poll * 1e6)
		return 0;
	*out = stamp(__atomic_load_n(&sh->db, __ATOMIC_SEQ_CST),
	    __atomic_load_n(&sh->local, __ATOMIC_SEQ_CST));
	return 1;
}

uint64_t
cache_local(void)
{
	return __atomic_load_n(&sh->local, __ATOMIC_SEQ_CST);
}

uint64_t
cache_stamp_db(uint64_t db, uint64_t local, double now)
{
	uint64_t	 seen = __atomic_load_n(&sh->db, __ATOMIC_SEQ_CST);

	/* Keep the largest: two workers may store their reads out of order,
	 * and a stamp going back could revive an entry it had retired. */
	while (seen < db && !__atomic_compare_exchange_n(&sh->db, &seen, db, 0,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	__atomic_store_n(&sh->read_at, (uint64_t)(now * 1e6), __ATOMIC_SEQ_CST);
	/* The caller's own read: what it read with it belongs to that. */
	return stamp(db, local);
}
