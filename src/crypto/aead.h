/* Secrets at rest: AES-256-GCM with a key from the configuration. Sealed
 * text is "aead1:" + base64(nonce(12) | ciphertext | tag(16)). */
#ifndef CRYPTO_AEAD_H
#define CRYPTO_AEAD_H

#include <stddef.h>

struct arena;

#define AEAD_KEY_LEN	32
#define AEAD_PREFIX	"aead1:"

/* The process's key: hex (64 hex characters) when set, else derived from
 * secret (the signing key) with HKDF-SHA256, info "tpanel aead v1". 0, or
 * -1 when hex is set but malformed or both are empty (nothing is kept). */
int	 aead_set_key(const char *hex, const char *secret);
/* Whether aead_set_key succeeded. */
int	 aead_ready(void);

/* Seal n bytes of p under key as NUL-terminated sealed text in the arena;
 * NULL on overflow or if OpenSSL fails (logged). A fresh random nonce each
 * call, so sealing the same text twice gives different results. */
char	*aead_seal(struct arena *, const unsigned char key[AEAD_KEY_LEN],
	    const void *p, size_t n);
/* Open sealed text: the plain text NUL-terminated in the arena and *n its
 * length (n may be NULL), or NULL when it is not sealed text, was changed
 * or was sealed under another key. */
char	*aead_open(struct arena *, const unsigned char key[AEAD_KEY_LEN],
	    const char *sealed, size_t *n);
/* The same with the process's key (NULL when none is set). */
char	*aead_seal_str(struct arena *, const char *s);
char	*aead_open_str(struct arena *, const char *sealed);
/* Whether s looks like sealed text (by its prefix). */
int	 aead_is_sealed(const char *s);

#endif
