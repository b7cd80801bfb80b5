/* Cryptographic randomness from the kernel (getrandom). */
#include "autoconf.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>

#include "core/log.h"
#include "crypto/rand.h"

void
rand_bytes(void *buf, size_t n)
{
	unsigned char	*p = buf;
	ssize_t		 r;

	while (n > 0) {
		if ((r = getrandom(p, n, 0)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("getrandom");
			abort();
		}
		p += r;
		n -= (size_t)r;
	}
}

void
rand_hex(char *out, size_t n)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 b[64];
	size_t			 i, k;

	for (k = 0; k < n; k += sizeof(b)) {
		size_t m = n - k < sizeof(b) ? n - k : sizeof(b);

		rand_bytes(b, m);
		for (i = 0; i < m; i++) {
			out[2 * (k + i)] = hex[b[i] >> 4];
			out[2 * (k + i) + 1] = hex[b[i] & 15];
		}
	}
	out[2 * n] = '\0';
}
