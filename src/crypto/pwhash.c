/* Django-compatible password hashes: make argon2id, check argon2 and pbkdf2. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/log.h"
#include "core/str.h"
#include "crypto/b64.h"
#include "crypto/pwhash.h"
#include "crypto/rand.h"

/*
 * Argon2id at 32 MiB, 3 passes, 1 lane: above OWASP's floor (19 MiB, t=2,
 * p=1) and about 80 ms per hash on the 2-core development VM.
 */
#define PW_M		32768		/* KiB */
#define PW_T		3
#define PW_P		1
#define PW_MAX		4096		/* password bytes */
#define ENC_MAX		512		/* stored hash bytes */

/* Bounds on imported hashes, so a sign-in cannot be made to take forever. */
#define ARGON2_M_MAX	(1024 * 1024)	/* KiB: 1 GiB */
#define ARGON2_T_MAX	20
#define ARGON2_P_MAX	16
#define PBKDF2_ITER_MAX	10000000

struct params {
	argon2_type	 type;
	int64_t		 v, m, t, p;
};

int
pwhash_make(const char *pw, size_t n, char *out, size_t outlen)
{
	unsigned char	 salt[16];
	int		 rc;

	if (n > PW_MAX || outlen < 7)
		return -1;
	rand_bytes(salt, sizeof(salt));
	/* Django stores "argon2" + argon2's own "$argon2id$..." string. */
	memcpy(out, "argon2", 6);
	rc = argon2id_hash_encoded(PW_T, PW_M, PW_P, pw, n, salt, sizeof(salt),
	    32, out + 6, outlen - 6);
	if (rc != ARGON2_OK) {
		log_warnx("argon2id: %s", argon2_error_message(rc));
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* "<prefix><integer in [lo, hi]>" */
static int
field(struct slice s, const char *prefix, int64_t lo, int64_t hi, int64_t *v)
{
	size_t	 n = strlen(prefix);

	if (s.len < n || memcmp(s.p, prefix, n) != 0)
		return -1;
	return str_to_i64(s.p + n, s.len - n, lo, hi, v);
}

/* Type and cost of "$argon2id$v=19$m=..,t=..,p=..$salt$hash" (v= is
 * optional in old hashes); salt and hash are left to libargon2. */
static int
argon2_params(const char *s, size_t n, struct params *ap)
{
	struct slice	 rest = { s, n }, f, kv;

	if (slice_split(&rest, '$', &f) == -1 || f.len != 0 ||
	    slice_split(&rest, '$', &f) == -1)
		return -1;
	if (slice_eq(f, "argon2id"))
		ap->type = Argon2_id;
	else if (slice_eq(f, "argon2i"))
		ap->type = Argon2_i;
	else
		return -1;
	if (slice_split(&rest, '$', &f) == -1)
		return -1;
	ap->v = ARGON2_VERSION_10;
	if (f.len >= 2 && memcmp(f.p, "v=", 2) == 0) {
		if (field(f, "v=", 0, 255, &ap->v) == -1 ||
		    (ap->v != ARGON2_VERSION_10 && ap->v != ARGON2_VERSION_13) ||
		    slice_split(&rest, '$', &f) == -1)
			return -1;
	}
	if (slice_split(&f, ',', &kv) == -1 ||
	    field(kv, "m=", 1, ARGON2_M_MAX, &ap->m) == -1 ||
	    slice_split(&f, ',', &kv) == -1 ||
	    field(kv, "t=", 1, ARGON2_T_MAX, &ap->t) == -1 ||
	    field(f, "p=", 1, ARGON2_P_MAX, &ap->p) == -1)
		return -1;
	return 0;
}

static int
verify_argon2(const char *pw, size_t n, const char *enc, size_t len,
    int *upgrade)
{
	struct params	 ap;
	int		 rc;

	if (argon2_params(enc, len, &ap) == -1)
		return -1;
	rc = argon2_verify(enc, pw, n, ap.type);
	if (rc == ARGON2_VERIFY_MISMATCH)
		return 0;
	if (rc != ARGON2_OK)
		return -1;
	*upgrade = ap.type != Argon2_id || ap.v != ARGON2_VERSION_13 ||
	    ap.m != PW_M || ap.t != PW_T || ap.p != PW_P;
	return 1;
}

/* "<iterations>$<salt>$<base64 of 32 bytes>" */
static int
verify_pbkdf2(const char *pw, size_t n, const char *enc, size_t len)
{
	struct slice	 rest = { enc, len }, it, salt;
	unsigned char	 want[32], got[32];
	int64_t		 iter;
	size_t		 wn;
	int		 match;

	if (slice_split(&rest, '$', &it) == -1 ||
	    str_to_i64(it.p, it.len, 1, PBKDF2_ITER_MAX, &iter) == -1 ||
	    slice_split(&rest, '$', &salt) == -1 || salt.len == 0 ||
	    b64_decode(rest.p, rest.len, want, sizeof(want), &wn, 0) == -1 ||
	    wn != sizeof(want))
		return -1;
	if (PKCS5_PBKDF2_HMAC(pw, (int)n, (const unsigned char *)salt.p,
	    (int)salt.len, (int)iter, EVP_sha256(), sizeof(got), got) != 1) {
		log_warnx("PBKDF2 failed");
		return -1;
	}
	match = CRYPTO_memcmp(want, got, sizeof(got)) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return match;
}

int
pwhash_verify(const char *pw, size_t n, const char *encoded,
    int *needs_upgrade)
{
	size_t	 len;
	int	 rc;

	*needs_upgrade = 0;
	if (n > PW_MAX)
		return 0;
	if (encoded == NULL || (len = strnlen(encoded, ENC_MAX + 1)) > ENC_MAX)
		return -1;
	if (strncmp(encoded, "argon2$", 7) == 0)
		return verify_argon2(pw, n, encoded + 6, len - 6,
		    needs_upgrade);
	if (strncmp(encoded, "pbkdf2_sha256$", 14) == 0) {
		rc = verify_pbkdf2(pw, n, encoded + 14, len - 14);
		*needs_upgrade = rc == 1;
		return rc;
	}
	return -1;
}
