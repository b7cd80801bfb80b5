/* What a worker keeps between requests while the data it came from is
 * unchanged: the answers of R_CACHE routes and the callers' rows (app/).
 * A fixed table of slots chosen by the key's hash (a newer entry for the
 * same slot replaces the older), so memory stays under CACHE_SLOTS *
 * CACHE_BODY_MAX. An entry is used only while the data version it was made
 * at is still current and until it expires.
 *
 * The data version is a stamp of two counters: the database's (bumped
 * after every committed write that counts, on any host: db/db.c), read at
 * most every data_version_poll_ms by the host, and the host's own count of
 * such writes, bumped by the writer before it answers. So a write is seen
 * at once on its host, and within the poll interval on the others. */
#ifndef CORE_CACHE_H
#define CORE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define CACHE_SLOTS	256
#define CACHE_BODY_MAX	65536	/* larger answers are not kept */

struct cache_hit {
	const char	*content_type;
	const char	*body;
	size_t		 len;
};

/* The answer kept for key at this version and not expired (now and
 * expires: dt_mono() seconds): 1 and *hit, valid until the next cache_put;
 * 0 when there is none. */
int	 cache_get(const char *key, uint64_t version, double now,
	    struct cache_hit *hit);
/* Keep an answer; quietly nothing when it is too large or memory short. */
void	 cache_put(const char *key, uint64_t version, double expires,
	    const char *content_type, const char *body, size_t len);
/* Forget everything (tests, and a worker's exit for leak checkers). */
void	 cache_clear(void);

/* Share the host's counters between the processes forked after it
 * (tpanel serve's master); without it every stamp needs the database. */
int	 cache_init(void);
/* A write that counts was committed by this process. */
void	 cache_bump(void);
/* The stamp if the database's counter was read less than poll seconds
 * ago: 1 and *stamp. Else 0, and the caller takes cache_local(), then
 * reads the counter (with whatever it wants to keep under the stamp) and
 * gets the stamp from cache_stamp_db. */
int	 cache_stamp(double now, double poll, uint64_t *stamp);
uint64_t cache_local(void);
uint64_t cache_stamp_db(uint64_t db_version, uint64_t local, double now);

#endif
