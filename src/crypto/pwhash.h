/* Password hashes in Django's formats: argon2 (new) and pbkdf2_sha256. */
#ifndef CRYPTO_PWHASH_H
#define CRYPTO_PWHASH_H

#include <stddef.h>

/* Hash a password of n bytes (at most 4096) as Django's Argon2PasswordHasher
 * would: "argon2$argon2id$v=19$m=..,t=..,p=..$<salt>$<hash>" with a 16-byte
 * random salt and a 32-byte hash. 0, or -1 if the password is too long,
 * out is too small or argon2 fails (logged). 256 bytes of out suffice. */
int	 pwhash_make(const char *pw, size_t n, char *out, size_t outlen);
/* 1 if pw matches encoded, 0 if not (or pw is longer than 4096 bytes), -1
 * if encoded is unknown, malformed or asks for absurd work. Accepts
 * "argon2$argon2id$...", "argon2$argon2i$..." and
 * "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>". *needs_upgrade is 1
 * when it matched but is not what pwhash_make makes today, else 0. */
int	 pwhash_verify(const char *pw, size_t n, const char *encoded,
	    int *needs_upgrade);

#endif
