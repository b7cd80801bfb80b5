/* Digests and message authentication codes. */
#ifndef CRYPTO_HASH_H
#define CRYPTO_HASH_H

#include <stddef.h>

/* SHA-256 of p as 64 lower-case hex characters plus NUL. */
void	 hash_sha256_hex(const void *p, size_t n, char out[65]);
/* SHA-256 of a stream: begin (NULL when out of memory), update any number
 * of times, then end_hex, which frees it; hash_free drops one unfinished. */
struct hash_sha256;
struct hash_sha256 *hash_sha256_begin(void);
void	 hash_sha256_update(struct hash_sha256 *, const void *p, size_t n);
void	 hash_sha256_end_hex(struct hash_sha256 *, char out[65]);
void	 hash_sha256_free(struct hash_sha256 *);
/* HMAC-SHA256 of msg under key into out[32]. Aborts the process if
 * OpenSSL fails (out of memory), rather than return a guessable MAC. */
void	 hash_hmac_sha256(const void *key, size_t keylen, const void *msg,
	    size_t msglen, unsigned char out[32]);
/* The same as 64 lower-case hex characters plus NUL. */
void	 hash_hmac_sha256_hex(const void *key, size_t keylen, const void *msg,
	    size_t msglen, char out[65]);

#endif
