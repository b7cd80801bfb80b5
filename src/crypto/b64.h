/* Base64 (RFC 4648): standard with padding, and base64url without. */
#ifndef CRYPTO_B64_H
#define CRYPTO_B64_H

#include <stddef.h>

/* Characters b64_encode writes for n bytes, not counting the NUL;
 * SIZE_MAX if that does not fit a size_t. */
size_t	 b64_encoded_len(size_t n, int url);
/* Encode n bytes: standard alphabet with '=' padding, or, when url is set,
 * base64url without padding. Writes a NUL. -1 if outlen is too small. */
int	 b64_encode(const void *in, size_t n, char *out, size_t outlen, int url);
/* Decode n characters: standard requires padding, url form takes none.
 * Rejects any other character, a bad length and non-zero trailing bits.
 * *outn = bytes written (outn may be NULL). -1 on bad input or if outlen
 * is too small; out may then hold garbage. */
int	 b64_decode(const char *in, size_t n, void *out, size_t outlen,
	    size_t *outn, int url);

#endif
