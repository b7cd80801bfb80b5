/* AES-256-GCM sealing of secrets at rest through OpenSSL. */
#include "autoconf.h"

#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "core/arena.h"
#include "core/log.h"
#include "crypto/aead.h"
#include "crypto/b64.h"
#include "crypto/rand.h"

#define NONCE_LEN	12
#define TAG_LEN		16
#define PREFIX_LEN	(sizeof(AEAD_PREFIX) - 1)
#define PLAIN_MAX	(1024 * 1024)

static unsigned char	 key[AEAD_KEY_LEN];
static int		 have_key;

static int
unhex(const char *s, unsigned char *out, size_t n)
{
	size_t	 i;
	int	 hi, lo;

	if (strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = OPENSSL_hexchar2int((unsigned char)s[2 * i]);
		lo = OPENSSL_hexchar2int((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

static int
hkdf(const char *secret, unsigned char out[AEAD_KEY_LEN])
{
	static const char	 info[] = "tpanel aead v1";
	EVP_PKEY_CTX		*c;
	size_t			 len = AEAD_KEY_LEN;
	int			 ok;

	if ((c = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, NULL)) == NULL)
		return -1;
	ok = EVP_PKEY_derive_init(c) > 0 &&
	    EVP_PKEY_CTX_set_hkdf_md(c, EVP_sha256()) > 0 &&
	    EVP_PKEY_CTX_set1_hkdf_key(c, (const unsigned char *)secret,
	    (int)strlen(secret)) > 0 &&
	    EVP_PKEY_CTX_add1_hkdf_info(c, (const unsigned char *)info,
	    (int)sizeof(info) - 1) > 0 &&
	    EVP_PKEY_derive(c, out, &len) > 0 && len == AEAD_KEY_LEN;
	EVP_PKEY_CTX_free(c);
	return ok ? 0 : -1;
}

int
aead_set_key(const char *hex, const char *secret)
{
	unsigned char	 k[AEAD_KEY_LEN];

	have_key = 0;
	if (hex != NULL && *hex != '\0') {
		if (unhex(hex, k, sizeof(k)) == -1)
			return -1;
	} else if (secret == NULL || *secret == '\0' ||
	    strlen(secret) > INT_MAX || hkdf(secret, k) == -1)
		return -1;
	memcpy(key, k, sizeof(key));
	OPENSSL_cleanse(k, sizeof(k));
	have_key = 1;
	return 0;
}

int
aead_ready(void)
{
	return have_key;
}

int
aead_is_sealed(const char *s)
{
	return s != NULL && strncmp(s, AEAD_PREFIX, PREFIX_LEN) == 0;
}

char *
aead_seal(struct arena *a, const unsigned char k[AEAD_KEY_LEN], const void *p,
    size_t n)
{
	EVP_CIPHER_CTX	*c;
	unsigned char	*raw;
	char		*out;
	size_t		 rawlen, enclen;
	int		 len, ok;

	if (n > PLAIN_MAX)
		return NULL;
	rawlen = NONCE_LEN + n + TAG_LEN;
	enclen = b64_encoded_len(rawlen, 0);
	if ((raw = arena_alloc(a, rawlen)) == NULL ||
	    (out = arena_alloc(a, PREFIX_LEN + enclen + 1)) == NULL)
		return NULL;
	rand_bytes(raw, NONCE_LEN);
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return NULL;
	ok = EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) == 1 &&
	    EVP_EncryptInit_ex(c, NULL, NULL, k, raw) == 1 &&
	    (n == 0 || EVP_EncryptUpdate(c, raw + NONCE_LEN, &len, p,
	    (int)n) == 1) &&
	    EVP_EncryptFinal_ex(c, raw + NONCE_LEN + n, &len) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG_LEN,
	    raw + NONCE_LEN + n) == 1;
	EVP_CIPHER_CTX_free(c);
	if (!ok) {
		log_error("aead: AES-256-GCM encryption failed");
		return NULL;
	}
	memcpy(out, AEAD_PREFIX, PREFIX_LEN);
	if (b64_encode(raw, rawlen, out + PREFIX_LEN, enclen + 1, 0) == -1)
		return NULL;
	return out;
}

char *
aead_open(struct arena *a, const unsigned char k[AEAD_KEY_LEN],
    const char *sealed, size_t *n)
{
	EVP_CIPHER_CTX	*c;
	unsigned char	*raw;
	char		*out;
	size_t		 slen, rawlen, ptlen;
	int		 len, ok;

	if (!aead_is_sealed(sealed))
		return NULL;
	sealed += PREFIX_LEN;
	slen = strlen(sealed);
	if (slen > 2 * PLAIN_MAX || (raw = arena_alloc(a, slen)) == NULL ||
	    b64_decode(sealed, slen, raw, slen, &rawlen, 0) == -1 ||
	    rawlen < NONCE_LEN + TAG_LEN)
		return NULL;
	ptlen = rawlen - NONCE_LEN - TAG_LEN;
	if ((out = arena_alloc(a, ptlen + 1)) == NULL)
		return NULL;
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return NULL;
	ok = EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, NONCE_LEN, NULL) == 1 &&
	    EVP_DecryptInit_ex(c, NULL, NULL, k, raw) == 1 &&
	    (ptlen == 0 || EVP_DecryptUpdate(c, (unsigned char *)out, &len,
	    raw + NONCE_LEN, (int)ptlen) == 1) &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG_LEN,
	    raw + NONCE_LEN + ptlen) == 1 &&
	    EVP_DecryptFinal_ex(c, (unsigned char *)out + ptlen, &len) == 1;
	EVP_CIPHER_CTX_free(c);
	if (!ok) {
		OPENSSL_cleanse(out, ptlen);
		return NULL;
	}
	out[ptlen] = '\0';
	if (n != NULL)
		*n = ptlen;
	return out;
}

char *
aead_seal_str(struct arena *a, const char *s)
{
	return have_key ? aead_seal(a, key, s, strlen(s)) : NULL;
}

char *
aead_open_str(struct arena *a, const char *sealed)
{
	return have_key ? aead_open(a, key, sealed, NULL) : NULL;
}
