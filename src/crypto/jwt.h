/* HS256 JSON Web Tokens compatible with djangorestframework-simplejwt. */
#ifndef CRYPTO_JWT_H
#define CRYPTO_JWT_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct jwt_claims {
	int64_t	 user_id;	/* "user_id": sent as "42", taken as "42" or 42 */
	char	 role[16];	/* "role": student, teacher, admin */
	char	 type[16];	/* "token_type": access or refresh */
	int64_t	 iat, exp;	/* Unix seconds */
	char	 jti[33];	/* 32 lower-case hex */
	char	 email[255];	/* "email" */
};

enum jwt_err {
	JWT_OK,
	JWT_MALFORMED,		/* not three base64url parts of JSON objects */
	JWT_BAD_ALG,		/* alg is not exactly HS256, or crit is set */
	JWT_BAD_SIGNATURE,
	JWT_EXPIRED,		/* exp <= now */
	JWT_BAD_CLAIMS		/* a claim is missing or of the wrong type */
};

/* Sign the claims with HMAC-SHA256: header {"alg":"HS256","typ":"JWT"},
 * payload with token_type, exp, iat, jti, user_id, role and email. The
 * token is NUL-terminated and lives in the arena; NULL on overflow (or
 * if it would be too long for jwt_verify). */
char	*jwt_sign(struct arena *, const struct jwt_claims *, const void *key,
	    size_t keylen);
/* Check token (len bytes, at most 4096) against key at time now. The
 * signature is checked before the payload is parsed. *out is filled on
 * JWT_OK and JWT_EXPIRED and zeroed otherwise. The caller checks
 * out->type. Allocates nothing that outlives the call. */
enum jwt_err jwt_verify(const char *token, size_t len, const void *key,
	    size_t keylen, int64_t now, struct jwt_claims *out);

#endif
