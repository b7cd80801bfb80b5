/* Digests through OpenSSL. */
#include "autoconf.h"

#include <openssl/evp.h>

#include "crypto/hash.h"

void
hash_sha256_hex(const void *p, size_t n, char out[65])
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 md[32];
	unsigned int		 len = 0, i;

	EVP_Digest(p, n, md, &len, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
