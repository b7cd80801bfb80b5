/* list_tally: the size of every list, kept per owner by triggers in the same
 * transaction as the writes (sql/migrations/0015, docs/lists.md "Counts"),
 * so that a count reads a few rows however long the list is. */
#ifndef DB_DB_TALLY_H
#define DB_DB_TALLY_H

#include <stdint.h>

struct arena;

#define TALLY_OPEN_LO	INT64_MIN	/* a day range open below */
#define TALLY_OPEN_HI	INT64_MAX	/* ... or above */

/* The rows of list whose owners are a and b and whose value is c (0 and
 * "": any), over all time: 0 and *n, or -1. */
int	 db_tally(struct arena *, const char *list, int64_t a, int64_t b,
	    const char *c, int64_t *n);
/* Lock list's all-time row of no owner and no value until the transaction
 * ends: the first row every trigger changing the list's tally locks (0015:
 * all-time rows first, "any" owners first). A transaction that will add or
 * remove rows of the list in several statements takes it before its first,
 * so that it locks nothing else the triggers touch (other lists' rows,
 * rollups) before it, as its later statements would: writers of the list
 * then queue on it instead of deadlocking. (Before the list's first row
 * ever, this locks the gap where it goes: two first writers at once may
 * deadlock there, once.) 0 or -1. */
int	 db_tally_lock(struct arena *, const char *list);
/* The same for rows dated in the UTC days [from, to) (days since
 * 1970-01-01, or TALLY_OPEN_*), for the lists tallied by day (lesson,
 * audit, user): whole months from month rows, the rest from day rows, so
 * the cost follows the months in the range. member != 0: b is instead each
 * group that student is in (b != 0: only that one), summed, one read a
 * group. */
int	 db_tally_days(struct arena *, const char *list, int64_t a, int64_t b,
	    int64_t member, const char *c, int64_t from, int64_t to, int64_t *n);
/* db_tally with member as in db_tally_days (the lists tallied per group). */
int	 db_tally_member(struct arena *, const char *list, int64_t a, int64_t b,
	    int64_t member, const char *c, int64_t *n);

#endif
