/* Primary keys of a dump's records: an array and a hash index over it. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "import/pkmap.h"

static size_t
hash(int64_t pk, size_t nslot)
{
	return (size_t)(((uint64_t)pk * 0x9E3779B97F4A7C15ull) >> 32) & (nslot - 1);
}

static int
grow_index(struct pkmap *m)
{
	uint32_t	*slot;
	size_t		 nslot = m->nslot ? m->nslot * 2 : 1024, i, h;

	if ((slot = calloc(nslot, sizeof(*slot))) == NULL)
		return -1;
	for (i = 0; i < m->n; i++) {
		for (h = hash(m->v[i].pk, nslot); slot[h]; h = (h + 1) & (nslot - 1))
			;
		slot[h] = (uint32_t)(i + 1);
	}
	free(m->slot);
	m->slot = slot;
	m->nslot = nslot;
	return 0;
}

struct rec *
import_pkmap_find(const struct pkmap *m, int64_t pk)
{
	size_t	 h;

	if (m->nslot == 0)
		return NULL;
	for (h = hash(pk, m->nslot); m->slot[h]; h = (h + 1) & (m->nslot - 1))
		if (m->v[m->slot[h] - 1].pk == pk)
			return &m->v[m->slot[h] - 1];
	return NULL;
}

int
import_pkmap_add(struct pkmap *m, int64_t pk, size_t *idx)
{
	struct rec	*r, *v;
	size_t		 h, cap;

	if ((r = import_pkmap_find(m, pk)) != NULL) {
		*idx = (size_t)(r - m->v);
		return 1;
	}
	if (m->n == UINT32_MAX - 1)
		return -1;
	if (m->n == m->cap) {
		cap = m->cap ? m->cap * 2 : 256;
		if ((v = realloc(m->v, cap * sizeof(*v))) == NULL)
			return -1;
		m->v = v;
		m->cap = cap;
	}
	/* Load factor at most one half. */
	if ((m->n + 1) * 2 > m->nslot && grow_index(m) == -1)
		return -1;
	memset(&m->v[m->n], 0, sizeof(m->v[m->n]));
	m->v[m->n].pk = pk;
	for (h = hash(pk, m->nslot); m->slot[h]; h = (h + 1) & (m->nslot - 1))
		;
	m->slot[h] = (uint32_t)(m->n + 1);
	if (m->n == 0 || pk > m->max_pk)
		m->max_pk = pk;
	*idx = m->n++;
	return 0;
}

void
import_pkmap_free(struct pkmap *m)
{
	free(m->v);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}
