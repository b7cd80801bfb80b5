/* Unit tests: src/crypto/hash.c (vectors from FIPS 180-2, RFC 4231, Python). */
#include "autoconf.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"

START_TEST(sha256_known_answers)
{
	char	 hex[65];

	hash_sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hash_sha256_hex("", 0, hex);
	ck_assert_str_eq(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(hmac_rfc4231)
{
	unsigned char	 key[131], mac[32];
	char		 hex[65];
	const char	*msg;

	memset(key, 0x0b, 20);
	hash_hmac_sha256_hex(key, 20, "Hi There", 8, hex);
	ck_assert_str_eq(hex,
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	msg = "what do ya want for nothing?";
	hash_hmac_sha256_hex("Jefe", 4, msg, strlen(msg), hex);
	ck_assert_str_eq(hex,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* A key longer than the block is hashed first. */
	memset(key, 0xaa, sizeof(key));
	msg = "Test Using Larger Than Block-Size Key - Hash Key First";
	hash_hmac_sha256_hex(key, sizeof(key), msg, strlen(msg), hex);
	ck_assert_str_eq(hex,
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	/* The raw form is the same bytes. */
	hash_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac);
	ck_assert_uint_eq(mac[0], 0x5b);
	ck_assert_uint_eq(mac[31], 0x43);
}
END_TEST

START_TEST(hmac_empty_key_and_message)
{
	char	 hex[65];

	/* Python: hmac.new(b"", b"", hashlib.sha256).hexdigest() */
	hash_hmac_sha256_hex(NULL, 0, NULL, 0, hex);
	ck_assert_str_eq(hex,
	    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
	hash_hmac_sha256_hex("", 0, "", 0, hex);
	ck_assert_str_eq(hex,
	    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("hash");
	TCase	*tc = tcase_create("crypto");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, sha256_known_answers);
	tcase_add_test(tc, hmac_rfc4231);
	tcase_add_test(tc, hmac_empty_key_and_message);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
