/* Unit tests: src/crypto/aead.c. */
#include "autoconf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "crypto/aead.h"
#include "crypto/b64.h"

static const unsigned char k1[AEAD_KEY_LEN] = "0123456789abcdef0123456789abcdef";
static const unsigned char k2[AEAD_KEY_LEN] = "0123456789abcdef0123456789abcdeX";

START_TEST(round_trip)
{
	static const char *const texts[] = { "", "s", "Zoom client secret 42",
	    "юникод и длинный текст секрета" };
	struct arena	 a;
	char		*s, *p;
	size_t		 i, n;

	arena_init(&a, 0);
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		s = aead_seal(&a, k1, texts[i], strlen(texts[i]));
		ck_assert_ptr_nonnull(s);
		ck_assert(aead_is_sealed(s));
		if (strlen(texts[i]) > 8)
			ck_assert_ptr_null(strstr(s, texts[i]));
		p = aead_open(&a, k1, s, &n);
		ck_assert_ptr_nonnull(p);
		ck_assert_uint_eq(n, strlen(texts[i]));
		ck_assert_str_eq(p, texts[i]);
	}
	arena_free(&a);
}
END_TEST

START_TEST(fresh_nonce_each_time)
{
	struct arena	 a;
	char		*s1, *s2;

	arena_init(&a, 0);
	s1 = aead_seal(&a, k1, "same", 4);
	s2 = aead_seal(&a, k1, "same", 4);
	ck_assert_str_ne(s1, s2);
	arena_free(&a);
}
END_TEST

/* Every single changed byte of the sealed blob (nonce, ciphertext, tag) is
 * refused. */
START_TEST(tampered_fails)
{
	struct arena	 a;
	unsigned char	 raw[64];
	char		*s, enc[128], t[160];
	size_t		 n, i;

	arena_init(&a, 0);
	s = aead_seal(&a, k1, "secret", 6);
	ck_assert_int_eq(b64_decode(s + 6, strlen(s + 6), raw, sizeof(raw), &n,
	    0), 0);
	ck_assert_uint_eq(n, 12 + 6 + 16);
	for (i = 0; i < n; i++) {
		raw[i] ^= 0x01;
		ck_assert_int_eq(b64_encode(raw, n, enc, sizeof(enc), 0), 0);
		snprintf(t, sizeof(t), "aead1:%s", enc);
		ck_assert_ptr_null(aead_open(&a, k1, t, NULL));
		raw[i] ^= 0x01;
	}
	/* Truncated, extended, not base64, no prefix. */
	snprintf(t, sizeof(t), "%.*s", (int)strlen(s) - 4, s);
	ck_assert_ptr_null(aead_open(&a, k1, t, NULL));
	snprintf(t, sizeof(t), "%sAAAA", s);
	ck_assert_ptr_null(aead_open(&a, k1, t, NULL));
	ck_assert_ptr_null(aead_open(&a, k1, "aead1:!!!!", NULL));
	ck_assert_ptr_null(aead_open(&a, k1, "aead1:", NULL));
	ck_assert_ptr_null(aead_open(&a, k1, s + 6, NULL));
	ck_assert_ptr_null(aead_open(&a, k1, "plain secret", NULL));
	arena_free(&a);
}
END_TEST

START_TEST(wrong_key_fails)
{
	struct arena	 a;
	char		*s;

	arena_init(&a, 0);
	s = aead_seal(&a, k1, "secret", 6);
	ck_assert_ptr_null(aead_open(&a, k2, s, NULL));
	ck_assert_ptr_nonnull(aead_open(&a, k1, s, NULL));
	arena_free(&a);
}
END_TEST

START_TEST(process_key_from_hex_or_derived)
{
	struct arena	 a;
	char		*s;

	arena_init(&a, 0);
	ck_assert_int_eq(aead_set_key("00112233", "x"), -1);
	ck_assert(!aead_ready());
	ck_assert_ptr_null(aead_seal_str(&a, "x"));
	ck_assert_int_eq(aead_set_key("zz112233445566778899aabbccddeeff"
	    "00112233445566778899aabbccddeeff", NULL), -1);
	ck_assert_int_eq(aead_set_key("", ""), -1);
	ck_assert_int_eq(aead_set_key("00112233445566778899aabbccddeeff"
	    "00112233445566778899AABBCCDDEEFF", NULL), 0);
	ck_assert(aead_ready());
	s = aead_seal_str(&a, "hello");
	ck_assert_str_eq(aead_open_str(&a, s), "hello");
	/* Derived from the signing key: the same secret gives the same key,
	 * another secret (or the hex key) does not open it. */
	ck_assert_int_eq(aead_set_key(NULL, "a signing key of thirty-two chars!"), 0);
	ck_assert_ptr_null(aead_open_str(&a, s));
	s = aead_seal_str(&a, "derived");
	ck_assert_int_eq(aead_set_key("", "a signing key of thirty-two chars!"), 0);
	ck_assert_str_eq(aead_open_str(&a, s), "derived");
	ck_assert_int_eq(aead_set_key("", "another signing key of 32+ chars!!"), 0);
	ck_assert_ptr_null(aead_open_str(&a, s));
	arena_free(&a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("aead");
	TCase	*tc = tcase_create("crypto");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, fresh_nonce_each_time);
	tcase_add_test(tc, tampered_fails);
	tcase_add_test(tc, wrong_key_fails);
	tcase_add_test(tc, process_key_from_hex_or_derived);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
