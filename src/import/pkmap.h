/* The records of one model in a dump: their primary keys there, the ids
 * they get here and what became of them. Memory grows with the number of
 * records (24 bytes each plus the index), never with their size. */
#ifndef IMPORT_PKMAP_H
#define IMPORT_PKMAP_H

#include <stddef.h>
#include <stdint.h>

enum rec_state {
	REC_NEW,	/* to import, as id */
	REC_IMPORTED,	/* inserted by this run */
	REC_ALREADY,	/* imported by an earlier run, as id */
	REC_EXISTING,	/* a user already here with that email, as id */
	REC_MERGED,	/* a user with the email of another: stands for id */
	REC_GONE,	/* imported earlier, deleted here since */
	REC_SKIPPED,	/* not imported (the report says why) */
};

struct rec {
	int64_t		 pk;		/* in the dump */
	int64_t		 id;		/* here */
	uint8_t		 state;		/* enum rec_state */
	uint8_t		 kept;		/* id == pk because it was free */
};

struct pkmap {
	struct rec	*v;
	size_t		 n, cap;
	uint32_t	*slot;		/* open addressing: index + 1, 0 = free */
	size_t		 nslot;		/* a power of two */
	int64_t		 max_pk;
};

/* Add pk: 0 and *idx, 1 when pk is already there (*idx = that one), -1 out
 * of memory. Pointers into v are valid until the next add. */
int	 import_pkmap_add(struct pkmap *, int64_t pk, size_t *idx);
/* The record of pk, or NULL. */
struct rec *import_pkmap_find(const struct pkmap *, int64_t pk);
void	 import_pkmap_free(struct pkmap *);

#endif
