/* Digests and HMAC through OpenSSL. */
#include "autoconf.h"

#include <limits.h>
#include <stdlib.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/log.h"
#include "crypto/hash.h"

static void
hex(const unsigned char md[32], char out[65])
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
}

void
hash_sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char	 md[32];
	unsigned int	 len = 0;

	EVP_Digest(p, n, md, &len, EVP_sha256(), NULL);
	hex(md, out);
}

struct hash_sha256 *
hash_sha256_begin(void)
{
	EVP_MD_CTX	*c;

	if ((c = EVP_MD_CTX_new()) == NULL)
		return NULL;
	if (EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(c);
		return NULL;
	}
	return (struct hash_sha256 *)c;
}

void
hash_sha256_update(struct hash_sha256 *h, const void *p, size_t n)
{
	if (n > 0 && EVP_DigestUpdate((EVP_MD_CTX *)h, p, n) != 1) {
		log_error("SHA-256 failed");
		abort();
	}
}

void
hash_sha256_end_hex(struct hash_sha256 *h, char out[65])
{
	unsigned char	 md[32];
	unsigned int	 len = 0;

	if (EVP_DigestFinal_ex((EVP_MD_CTX *)h, md, &len) != 1 || len != 32) {
		log_error("SHA-256 failed");
		abort();
	}
	hex(md, out);
	EVP_MD_CTX_free((EVP_MD_CTX *)h);
}

void
hash_sha256_free(struct hash_sha256 *h)
{
	EVP_MD_CTX_free((EVP_MD_CTX *)h);
}

void
hash_hmac_sha256(const void *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[32])
{
	static const unsigned char	 empty[1];
	unsigned char			 kd[32];
	unsigned int			 len = 0;

	/* RFC 2104 hashes long keys anyway; OpenSSL takes an int length. */
	if (keylen > INT_MAX) {
		EVP_Digest(key, keylen, kd, &len, EVP_sha256(), NULL);
		key = kd;
		keylen = sizeof(kd);
	}
	/* OpenSSL wants real pointers even for empty input. */
	if (keylen == 0)
		key = empty;
	if (msglen == 0)
		msg = empty;
	if (HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, out,
	    &len) == NULL || len != 32) {
		log_error("HMAC-SHA256 failed");
		abort();
	}
}

void
hash_hmac_sha256_hex(const void *key, size_t keylen, const void *msg,
    size_t msglen, char out[65])
{
	unsigned char	 md[32];

	hash_hmac_sha256(key, keylen, msg, msglen, md);
	hex(md, out);
}
