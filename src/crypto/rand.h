/* Cryptographic randomness from the kernel. */
#ifndef CRYPTO_RAND_H
#define CRYPTO_RAND_H

#include <stddef.h>

/* Fill buf with n random bytes; aborts the process if the kernel cannot
 * (it never should once booted). */
void	 rand_bytes(void *buf, size_t n);
/* n random bytes as 2n lower-case hex characters plus NUL into out. */
void	 rand_hex(char *out, size_t n);

#endif
