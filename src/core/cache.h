/* Answers of R_CACHE routes, kept by each worker: a fixed table of slots
 * chosen by the key's hash (a newer answer for the same slot replaces the
 * older), so memory stays under CACHE_SLOTS * CACHE_BODY_MAX. An answer is
 * reused only while the data version it was made at is still current and
 * until it expires; the dispatcher (core/worker.c) asks the application
 * for the version. */
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

#endif
