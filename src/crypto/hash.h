/* Digests. */
#ifndef CRYPTO_HASH_H
#define CRYPTO_HASH_H

#include <stddef.h>

/* SHA-256 of p as 64 lower-case hex characters plus NUL. */
void	 hash_sha256_hex(const void *p, size_t n, char out[65]);

#endif
