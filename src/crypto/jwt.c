/* HS256 JSON Web Tokens in djangorestframework-simplejwt's shape. */
#include "autoconf.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "core/arena.h"
#include "core/str.h"
#include "crypto/b64.h"
#include "crypto/hash.h"
#include "crypto/jwt.h"

#define JWT_MAX	4096

/* base64url of {"alg":"HS256","typ":"JWT"} */
static const char	 header[] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

/* Add v under key; -1 (and v freed) on failure. */
static int
add(struct json_object *o, const char *key, struct json_object *v)
{
	if (v == NULL)
		return -1;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

static int
add_str(struct json_object *o, const char *key, const char *s, size_t max)
{
	return add(o, key, json_object_new_string_len(s, (int)strnlen(s, max)));
}

char *
jwt_sign(struct arena *a, const struct jwt_claims *c, const void *key,
    size_t keylen)
{
	struct json_object	*o;
	const char		*js;
	char			*tok = NULL, id[24];
	unsigned char		 mac[32];
	size_t			 hlen = sizeof(header) - 1, jlen, plen, off;

	if ((o = json_object_new_object()) == NULL)
		return NULL;
	snprintf(id, sizeof(id), "%" PRId64, c->user_id);
	if (add_str(o, "token_type", c->type, sizeof(c->type) - 1) == -1 ||
	    add(o, "exp", json_object_new_int64(c->exp)) == -1 ||
	    add(o, "iat", json_object_new_int64(c->iat)) == -1 ||
	    add_str(o, "jti", c->jti, sizeof(c->jti) - 1) == -1 ||
	    add_str(o, "user_id", id, sizeof(id)) == -1 ||
	    add_str(o, "role", c->role, sizeof(c->role) - 1) == -1 ||
	    add_str(o, "email", c->email, sizeof(c->email) - 1) == -1 ||
	    (js = json_object_to_json_string_length(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &jlen)) == NULL)
		goto out;
	/* header.payload.signature; 43 characters of signature. */
	plen = b64_encoded_len(jlen, 1);
	if (plen > JWT_MAX ||
	    (tok = arena_alloc(a, hlen + plen + 2 + 43 + 1)) == NULL)
		goto out;
	memcpy(tok, header, hlen);
	tok[hlen] = '.';
	b64_encode(js, jlen, tok + hlen + 1, plen + 1, 1);
	off = hlen + 1 + plen;
	hash_hmac_sha256(key, keylen, tok, off, mac);
	tok[off] = '.';
	b64_encode(mac, sizeof(mac), tok + off + 1, 43 + 1, 1);
out:
	json_object_put(o);
	return tok;
}

/* A JSON object filling exactly s[0..n), or NULL. */
static struct json_object *
parse(const char *s, size_t n)
{
	struct json_tokener	*tok;
	struct json_object	*o;

	if ((tok = json_tokener_new_ex(16)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s, (int)n);
	if (o != NULL && (json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != n ||
	    !json_object_is_type(o, json_type_object))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

static enum jwt_err
check_header(struct json_object *h)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(h, "alg", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    json_object_get_string_len(v) != 5 ||
	    memcmp(json_object_get_string(v), "HS256", 5) != 0)
		return JWT_BAD_ALG;
	/* We understand no extensions, so any crit is one we must refuse. */
	if (json_object_object_get_ex(h, "crit", NULL))
		return JWT_BAD_ALG;
	return JWT_OK;
}

/* An integer that fits an int64_t. */
static int
get_int(struct json_object *o, const char *key, int64_t *out)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return -1;
	*out = json_object_get_int64(v);
	if (*out == INT64_MAX && json_object_get_uint64(v) != INT64_MAX)
		return -1;
	return 0;
}

/* A string without NUL of fewer than size bytes, copied into dst. */
static int
get_str(struct json_object *o, const char *key, char *dst, size_t size)
{
	struct json_object	*v;
	const char		*s;
	size_t			 n;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (n >= size || memchr(s, '\0', n) != NULL)
		return -1;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return 0;
}

static enum jwt_err
check_claims(struct json_object *o, struct jwt_claims *c)
{
	struct json_object	*v;
	const char		*s;

	if (get_int(o, "exp", &c->exp) == -1 ||
	    get_int(o, "iat", &c->iat) == -1 ||
	    get_str(o, "token_type", c->type, sizeof(c->type)) == -1 ||
	    get_str(o, "jti", c->jti, sizeof(c->jti)) == -1 ||
	    get_str(o, "role", c->role, sizeof(c->role)) == -1)
		return JWT_BAD_CLAIMS;
	/* simplejwt writes user_id as a string, others as a number. */
	if (!json_object_object_get_ex(o, "user_id", &v))
		return JWT_BAD_CLAIMS;
	if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		if (str_to_i64(s, (size_t)json_object_get_string_len(v), 1,
		    INT64_MAX, &c->user_id) == -1)
			return JWT_BAD_CLAIMS;
	} else if (get_int(o, "user_id", &c->user_id) == -1 || c->user_id < 1)
		return JWT_BAD_CLAIMS;
	/* email is optional, but a string if present. */
	if (json_object_object_get_ex(o, "email", NULL) &&
	    get_str(o, "email", c->email, sizeof(c->email)) == -1)
		return JWT_BAD_CLAIMS;
	return JWT_OK;
}

enum jwt_err
jwt_verify(const char *token, size_t len, const void *key, size_t keylen,
    int64_t now, struct jwt_claims *out)
{
	struct json_object	*o;
	const char		*d1, *d2, *end = token + len;
	unsigned char		 mac[32];
	char			 buf[JWT_MAX];
	size_t			 n;
	enum jwt_err		 e;

	memset(out, 0, sizeof(*out));
	if (len == 0 || len > JWT_MAX ||
	    (d1 = memchr(token, '.', len)) == NULL ||
	    (d2 = memchr(d1 + 1, '.', (size_t)(end - d1 - 1))) == NULL ||
	    memchr(d2 + 1, '.', (size_t)(end - d2 - 1)) != NULL)
		return JWT_MALFORMED;

	if (b64_decode(token, (size_t)(d1 - token), buf, sizeof(buf), &n,
	    1) == -1 || (o = parse(buf, n)) == NULL)
		return JWT_MALFORMED;
	e = check_header(o);
	json_object_put(o);
	if (e != JWT_OK)
		return e;

	if (b64_decode(d2 + 1, (size_t)(end - d2 - 1), buf, sizeof(buf), &n,
	    1) == -1)
		return JWT_MALFORMED;
	hash_hmac_sha256(key, keylen, token, (size_t)(d2 - token), mac);
	if (n != sizeof(mac) || CRYPTO_memcmp(buf, mac, sizeof(mac)) != 0)
		return JWT_BAD_SIGNATURE;

	if (b64_decode(d1 + 1, (size_t)(d2 - d1 - 1), buf, sizeof(buf), &n,
	    1) == -1 || (o = parse(buf, n)) == NULL)
		return JWT_MALFORMED;
	e = check_claims(o, out);
	json_object_put(o);
	if (e == JWT_OK && out->exp <= now)
		e = JWT_EXPIRED;
	if (e != JWT_OK && e != JWT_EXPIRED)
		memset(out, 0, sizeof(*out));
	return e;
}
