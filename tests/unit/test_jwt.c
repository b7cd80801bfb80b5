/* Unit tests: src/crypto/jwt.c (interop vectors signed by Python hmac). */
#include "autoconf.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "crypto/b64.h"
#include "crypto/hash.h"
#include "crypto/jwt.h"

#define KEY	"test-secret-key"
#define NOW	1800000000

/* Python: header {"alg":"HS256","typ":"JWT"}, json.dumps(payload,
 * separators=(",", ":")), hmac.new(KEY, h + "." + p, sha256); PyJWT 2.6's
 * jwt.encode(payload, KEY, algorithm="HS256") gives the same bytes. */
static const char	 py_access[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoyMDAwMDAwMDAwLCJpYXQiOjE3MDAw"
    "MDAwMDAsImp0aSI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmIiwidXNl"
    "cl9pZCI6IjQyIiwicm9sZSI6InRlYWNoZXIiLCJlbWFpbCI6InRAZXhhbXBsZS5jb20ifQ."
    "5pk4S4iRZ7aeSI5l_68kQr0PubB7sKLbRdJJfyGB1oM";
/* user_id as a number, email "s\u00e9@example.com" */
static const char	 py_refresh_int[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJ0b2tlbl90eXBlIjoicmVmcmVzaCIsImV4cCI6MjAwMDAwMDAwMCwiaWF0IjoxNzAw"
    "MDAwMDAwLCJqdGkiOiJmZWRjYmE5ODc2NTQzMjEwZmVkY2JhOTg3NjU0MzIxMCIsInVz"
    "ZXJfaWQiOjcsInJvbGUiOiJzdHVkZW50IiwiZW1haWwiOiJzXHUwMGU5QGV4YW1wbGUu"
    "Y29tIn0.pyl0289Y-EYMp7Yv22WRb9LhqT3pbLdmY8QqHdcjxDM";
/* The same claims as py_access under {"alg":"HS512","typ":"JWT"}, {"typ":
 * "JWT"} and {"alg":"HS256","crit":["exp"]}, each HMAC-SHA256-signed. */
static const char	 py_hs512[] =
    "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9."
    "eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoyMDAwMDAwMDAwLCJpYXQiOjE3MDAw"
    "MDAwMDAsImp0aSI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmIiwidXNl"
    "cl9pZCI6IjQyIiwicm9sZSI6InRlYWNoZXIiLCJlbWFpbCI6InRAZXhhbXBsZS5jb20ifQ."
    "dHTijnuG8s9YqTSFNRhBbpnEnWXkJ4sP_kCCLvcGNx4";
static const char	 py_no_alg[] =
    "eyJ0eXAiOiJKV1QifQ."
    "eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoyMDAwMDAwMDAwLCJpYXQiOjE3MDAw"
    "MDAwMDAsImp0aSI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmIiwidXNl"
    "cl9pZCI6IjQyIiwicm9sZSI6InRlYWNoZXIiLCJlbWFpbCI6InRAZXhhbXBsZS5jb20ifQ."
    "uNvNnOH9pZhgTnPUNpZ1bvLc9oW-vcAbPTOfpma2SIE";
static const char	 py_crit[] =
    "eyJhbGciOiJIUzI1NiIsImNyaXQiOlsiZXhwIl19."
    "eyJ0b2tlbl90eXBlIjoiYWNjZXNzIiwiZXhwIjoyMDAwMDAwMDAwLCJpYXQiOjE3MDAw"
    "MDAwMDAsImp0aSI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmIiwidXNl"
    "cl9pZCI6IjQyIiwicm9sZSI6InRlYWNoZXIiLCJlbWFpbCI6InRAZXhhbXBsZS5jb20ifQ."
    "y7oTjOfTxhaL0cdDo8KTNT_D4ALzIWkHCGukielb_ac";

static const char	 good_payload[] =
    "{\"token_type\":\"access\",\"exp\":2000000000,\"iat\":1700000000,"
    "\"jti\":\"0123456789abcdef0123456789abcdef\",\"user_id\":\"42\","
    "\"role\":\"teacher\",\"email\":\"t@example.com\"}";

static enum jwt_err
check(const char *tok, struct jwt_claims *c)
{
	return jwt_verify(tok, strlen(tok), KEY, strlen(KEY), NOW, c);
}

/* Join header and payload (encoded here unless raw) and sign with KEY. */
static char *
forge(struct arena *a, const char *hdr, const char *payload, int raw)
{
	char		 h[512], p[6000], s[64];
	unsigned char	 mac[32];
	char		*t;

	ck_assert_int_eq(b64_encode(hdr, strlen(hdr), h, sizeof(h), 1), 0);
	if (raw)
		snprintf(p, sizeof(p), "%s", payload);
	else
		ck_assert_int_eq(b64_encode(payload, strlen(payload), p,
		    sizeof(p), 1), 0);
	t = arena_printf(a, "%s.%s", h, p);
	hash_hmac_sha256(KEY, strlen(KEY), t, strlen(t), mac);
	ck_assert_int_eq(b64_encode(mac, sizeof(mac), s, sizeof(s), 1), 0);
	return arena_printf(a, "%s.%s", t, s);
}

static char *
forge_payload(struct arena *a, const char *payload)
{
	return forge(a, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, 0);
}

START_TEST(sign_matches_python_byte_for_byte)
{
	struct arena		 a;
	struct jwt_claims	 c;
	char			*t;

	arena_init(&a, 0);
	memset(&c, 0, sizeof(c));
	c.user_id = 42;
	snprintf(c.role, sizeof(c.role), "%s", "teacher");
	snprintf(c.type, sizeof(c.type), "%s", "access");
	c.iat = 1700000000;
	c.exp = 2000000000;
	snprintf(c.jti, sizeof(c.jti), "0123456789abcdef%s",
	    "0123456789abcdef");
	snprintf(c.email, sizeof(c.email), "%s", "t@example.com");
	t = jwt_sign(&a, &c, KEY, strlen(KEY));
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t, py_access);
	arena_free(&a);
}
END_TEST

START_TEST(round_trip)
{
	struct arena		 a;
	struct jwt_claims	 c, d;
	char			*t;

	arena_init(&a, 0);
	memset(&c, 0, sizeof(c));
	c.user_id = INT64_MAX;
	snprintf(c.role, sizeof(c.role), "%s", "admin");
	snprintf(c.type, sizeof(c.type), "%s", "refresh");
	c.iat = NOW - 10;
	c.exp = NOW + 1;
	memset(c.jti, 'f', 32);
	snprintf(c.email, sizeof(c.email), "%s",
	    "quote\"back\\slash/\xc3\xa9@example.com");
	t = jwt_sign(&a, &c, KEY, strlen(KEY));
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(check(t, &d), JWT_OK);
	ck_assert(d.user_id == INT64_MAX);
	ck_assert_str_eq(d.role, "admin");
	ck_assert_str_eq(d.type, "refresh");
	ck_assert(d.iat == NOW - 10 && d.exp == NOW + 1);
	ck_assert_str_eq(d.jti, c.jti);
	ck_assert_str_eq(d.email, c.email);
	/* An empty key works too, and is a different key. */
	t = jwt_sign(&a, &c, "", 0);
	ck_assert_int_eq(jwt_verify(t, strlen(t), "", 0, NOW, &d), JWT_OK);
	ck_assert_int_eq(check(t, &d), JWT_BAD_SIGNATURE);
	arena_free(&a);
}
END_TEST

START_TEST(python_tokens_verify)
{
	struct jwt_claims	 c;

	ck_assert_int_eq(check(py_access, &c), JWT_OK);
	ck_assert(c.user_id == 42);
	ck_assert_str_eq(c.type, "access");
	ck_assert_str_eq(c.role, "teacher");
	ck_assert_str_eq(c.email, "t@example.com");
	ck_assert_str_eq(c.jti, "0123456789abcdef0123456789abcdef");
	ck_assert(c.iat == 1700000000 && c.exp == 2000000000);
	ck_assert_int_eq(check(py_refresh_int, &c), JWT_OK);
	ck_assert(c.user_id == 7);
	ck_assert_str_eq(c.type, "refresh");
	ck_assert_str_eq(c.email, "s\xc3\xa9@example.com");
}
END_TEST

START_TEST(tampering_and_wrong_key)
{
	struct jwt_claims	 c;
	char			 t[sizeof(py_access)];
	char			*p;
	size_t			 n = strlen(py_access);

	/* One payload character changed. */
	memcpy(t, py_access, sizeof(t));
	p = strchr(t, '.') + 10;
	*p = *p == 'A' ? 'B' : 'A';
	ck_assert_int_eq(check(t, &c), JWT_BAD_SIGNATURE);
	ck_assert(c.user_id == 0 && c.role[0] == '\0');
	/* One signature character changed (not the last: its low bits
	 * are padding). */
	memcpy(t, py_access, sizeof(t));
	t[n - 2] = t[n - 2] == 'o' ? 'p' : 'o';
	ck_assert_int_eq(check(t, &c), JWT_BAD_SIGNATURE);
	/* A signature of 30 bytes, and wrong keys. */
	memcpy(t, py_access, sizeof(t));
	ck_assert_int_eq(jwt_verify(t, n - 3, KEY, strlen(KEY), NOW, &c),
	    JWT_BAD_SIGNATURE);
	ck_assert_int_eq(jwt_verify(py_access, n, "test-secret-kez", 15, NOW,
	    &c), JWT_BAD_SIGNATURE);
	ck_assert_int_eq(jwt_verify(py_access, n, KEY, strlen(KEY) - 1, NOW,
	    &c), JWT_BAD_SIGNATURE);
}
END_TEST

START_TEST(algorithms_other_than_hs256_are_refused)
{
	struct arena		 a;
	struct jwt_claims	 c;

	arena_init(&a, 0);
	ck_assert_int_eq(check(py_hs512, &c), JWT_BAD_ALG);
	ck_assert_int_eq(check(py_no_alg, &c), JWT_BAD_ALG);
	ck_assert_int_eq(check(py_crit, &c), JWT_BAD_ALG);
	/* alg none with an empty signature, as attackers send it. */
	ck_assert_int_eq(check("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
	    "eyJ1c2VyX2lkIjoiMSJ9.", &c), JWT_BAD_ALG);
	ck_assert_int_eq(check(forge(&a, "{\"alg\":\"none\"}", good_payload,
	    0), &c), JWT_BAD_ALG);
	ck_assert_int_eq(check(forge(&a, "{\"alg\":\"RS256\"}", good_payload,
	    0), &c), JWT_BAD_ALG);
	ck_assert_int_eq(check(forge(&a, "{\"alg\":\"hs256\"}", good_payload,
	    0), &c), JWT_BAD_ALG);
	ck_assert_int_eq(check(forge(&a, "{\"alg\":\"HS256\\u0000\"}",
	    good_payload, 0), &c), JWT_BAD_ALG);
	ck_assert_int_eq(check(forge(&a, "{\"alg\":[\"HS256\"]}", good_payload,
	    0), &c), JWT_BAD_ALG);
	ck_assert_int_eq(check(forge(&a, "{\"alg\":\"HS256\",\"crit\":[]}",
	    good_payload, 0), &c), JWT_BAD_ALG);
	/* No typ is fine. */
	ck_assert_int_eq(check(forge(&a, "{\"alg\":\"HS256\"}", good_payload,
	    0), &c), JWT_OK);
	arena_free(&a);
}
END_TEST

START_TEST(malformed_tokens)
{
	struct arena		 a;
	struct jwt_claims	 c;
	char			*big;
	const char		*hp;
	size_t			 n;

	arena_init(&a, 0);
	ck_assert_int_eq(check("", &c), JWT_MALFORMED);
	ck_assert_int_eq(check("abc", &c), JWT_MALFORMED);
	ck_assert_int_eq(check("..", &c), JWT_MALFORMED);
	/* Two and four parts. */
	hp = strrchr(py_access, '.');
	ck_assert_int_eq(jwt_verify(py_access, (size_t)(hp - py_access), KEY,
	    strlen(KEY), NOW, &c), JWT_MALFORMED);
	ck_assert_int_eq(check(arena_printf(&a, "%s.x", py_access), &c),
	    JWT_MALFORMED);
	ck_assert_int_eq(check(arena_printf(&a, "%s.", py_access), &c),
	    JWT_MALFORMED);
	/* Bad base64url in each part; padding is not base64url. */
	ck_assert_int_eq(check(arena_printf(&a, "*%s", py_access), &c),
	    JWT_MALFORMED);
	ck_assert_int_eq(check(arena_printf(&a, "%s=", py_access), &c),
	    JWT_MALFORMED);
	ck_assert_int_eq(check(forge(&a, "{\"alg\":\"HS256\"}", "e30=", 1), &c),
	    JWT_MALFORMED);
	ck_assert_int_eq(check(forge(&a, "{\"alg\":\"HS256\"}", "e3+9", 1), &c),
	    JWT_MALFORMED);
	/* Header and payload must be JSON objects, wholly. */
	ck_assert_int_eq(check(forge(&a, "not json", good_payload, 0), &c),
	    JWT_MALFORMED);
	ck_assert_int_eq(check(forge_payload(&a, "not json"), &c),
	    JWT_MALFORMED);
	ck_assert_int_eq(check(forge_payload(&a, "[1,2]"), &c), JWT_MALFORMED);
	ck_assert_int_eq(check(forge_payload(&a, "\"x\""), &c), JWT_MALFORMED);
	ck_assert_int_eq(check(forge_payload(&a,
	    arena_printf(&a, "%s{}", good_payload)), &c), JWT_MALFORMED);
	ck_assert_int_eq(check(forge_payload(&a, "{\"a\":\"\xff\"}"), &c),
	    JWT_MALFORMED);
	/* Over 4096 bytes, even with a good signature. */
	n = 5000;
	big = arena_alloc(&a, n + 1);
	memset(big, 'A', n);
	big[n] = '\0';
	ck_assert_int_eq(check(big, &c), JWT_MALFORMED);
	ck_assert_int_eq(check(forge_payload(&a, arena_printf(&a,
	    "{\"pad\":\"%.2900s\",%s", big, good_payload + 1)), &c),
	    JWT_MALFORMED);
	ck_assert_int_eq(check(forge_payload(&a, arena_printf(&a,
	    "{\"pad\":\"%.2700s\",%s", big, good_payload + 1)), &c), JWT_OK);
	arena_free(&a);
}
END_TEST

START_TEST(expiry)
{
	struct arena		 a;
	struct jwt_claims	 c;

	arena_init(&a, 0);
	ck_assert_int_eq(jwt_verify(py_access, strlen(py_access), KEY,
	    strlen(KEY), 1999999999, &c), JWT_OK);
	ck_assert_int_eq(jwt_verify(py_access, strlen(py_access), KEY,
	    strlen(KEY), 2000000000, &c), JWT_EXPIRED);
	ck_assert(c.user_id == 42);
	ck_assert_int_eq(jwt_verify(py_access, strlen(py_access), KEY,
	    strlen(KEY), INT64_MAX, &c), JWT_EXPIRED);
	/* A bad signature is reported before expiry. */
	ck_assert_int_eq(jwt_verify(py_access, strlen(py_access), "k", 1,
	    INT64_MAX, &c), JWT_BAD_SIGNATURE);
	arena_free(&a);
}
END_TEST

START_TEST(claims_are_typed)
{
	static const char	*bad[] = {
		"{\"iat\":1,\"jti\":\"a\",\"token_type\":\"access\","
		    "\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":\"2000000000\",\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":2e9,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":99999999999999999999,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,"
		    "\"token_type\":\"access\",\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":7,"
		    "\"token_type\":\"access\",\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,"
		    "\"jti\":\"0123456789abcdef0123456789abcdef0\","
		    "\"token_type\":\"access\",\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":null,\"user_id\":1,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":0,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":-5,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":\"0\",\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":\"-5\",\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":\"4a\",\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":\"\",\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":1.5,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":true,\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":1}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":1,"
		    "\"role\":\"0123456789abcdef\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"acc\\u0000ess\",\"user_id\":1,"
		    "\"role\":\"x\"}",
		"{\"exp\":2000000000,\"iat\":1,\"jti\":\"a\","
		    "\"token_type\":\"access\",\"user_id\":1,\"role\":\"x\","
		    "\"email\":5}",
	};
	struct arena		 a;
	struct jwt_claims	 c;
	size_t			 i;

	arena_init(&a, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(check(forge_payload(&a, bad[i]), &c) ==
		    JWT_BAD_CLAIMS, "accepted %s", bad[i]);
	/* The longest role and jti fit; email is optional. */
	ck_assert_int_eq(check(forge_payload(&a, "{\"exp\":2000000000,"
	    "\"iat\":1,\"jti\":\"0123456789abcdef0123456789abcdef\","
	    "\"token_type\":\"x\",\"user_id\":\"9223372036854775807\","
	    "\"role\":\"0123456789abcde\"}"), &c), JWT_OK);
	ck_assert(c.user_id == INT64_MAX);
	ck_assert_str_eq(c.role, "0123456789abcde");
	ck_assert_str_eq(c.email, "");
	arena_free(&a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("jwt");
	TCase	*tc = tcase_create("crypto");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, sign_matches_python_byte_for_byte);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, python_tokens_verify);
	tcase_add_test(tc, tampering_and_wrong_key);
	tcase_add_test(tc, algorithms_other_than_hs256_are_refused);
	tcase_add_test(tc, malformed_tokens);
	tcase_add_test(tc, expiry);
	tcase_add_test(tc, claims_are_typed);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
