/* Unit tests: src/crypto/b64.c. */
#include "autoconf.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/b64.h"

/* RFC 4648 section 10, standard and url forms. */
static const struct {
	const char	*raw, *std, *url;
} rfc[] = {
	{ "", "", "" },
	{ "f", "Zg==", "Zg" },
	{ "fo", "Zm8=", "Zm8" },
	{ "foo", "Zm9v", "Zm9v" },
	{ "foob", "Zm9vYg==", "Zm9vYg" },
	{ "fooba", "Zm9vYmE=", "Zm9vYmE" },
	{ "foobar", "Zm9vYmFy", "Zm9vYmFy" },
	{ "\xfb\xff\xfe", "+//+", "-__-" },
	{ "\xfb\xff", "+/8=", "-_8" },
};

static int
dec(const char *s, int url, char *out, size_t outlen, size_t *n)
{
	return b64_decode(s, strlen(s), out, outlen, n, url);
}

START_TEST(rfc4648_vectors_encode)
{
	char	 out[32];
	size_t	 i, n;

	for (i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
		n = strlen(rfc[i].raw);
		ck_assert_uint_eq(b64_encoded_len(n, 0), strlen(rfc[i].std));
		ck_assert_uint_eq(b64_encoded_len(n, 1), strlen(rfc[i].url));
		ck_assert_int_eq(b64_encode(rfc[i].raw, n, out, sizeof(out), 0),
		    0);
		ck_assert_str_eq(out, rfc[i].std);
		ck_assert_int_eq(b64_encode(rfc[i].raw, n, out, sizeof(out), 1),
		    0);
		ck_assert_str_eq(out, rfc[i].url);
	}
}
END_TEST

START_TEST(rfc4648_vectors_decode)
{
	char	 out[32];
	size_t	 i, n;

	for (i = 0; i < sizeof(rfc) / sizeof(rfc[0]); i++) {
		ck_assert_int_eq(dec(rfc[i].std, 0, out, sizeof(out), &n), 0);
		ck_assert_uint_eq(n, strlen(rfc[i].raw));
		ck_assert(memcmp(out, rfc[i].raw, n) == 0);
		ck_assert_int_eq(dec(rfc[i].url, 1, out, sizeof(out), &n), 0);
		ck_assert_uint_eq(n, strlen(rfc[i].raw));
		ck_assert(memcmp(out, rfc[i].raw, n) == 0);
	}
}
END_TEST

START_TEST(encode_needs_room_for_the_nul)
{
	char	 out[9];

	ck_assert_int_eq(b64_encode("foobar", 6, out, 8, 0), -1);
	ck_assert_int_eq(b64_encode("foobar", 6, out, 9, 0), 0);
	ck_assert_int_eq(b64_encode("f", 1, out, 2, 1), -1);
	ck_assert_int_eq(b64_encode("f", 1, out, 3, 1), 0);
	ck_assert_str_eq(out, "Zg");
	ck_assert_int_eq(b64_encode("", 0, out, 0, 0), -1);
	ck_assert_uint_eq(b64_encoded_len(SIZE_MAX, 0), SIZE_MAX);
	ck_assert_uint_eq(b64_encoded_len(SIZE_MAX, 1), SIZE_MAX);
}
END_TEST

START_TEST(decode_rejects_bad_input)
{
	static const char	*std_bad[] = {
		"Zg", "Zg=", "Zg===", "Z===", "=Zg=", "Zm=v", "Zh==", "Zm9=",
		"Zm9\n", "Zm 9", "-_8=", "Zm9v====", "Zm9vYg=",
	};
	static const char	*url_bad[] = {
		"Zg==", "Zg=", "Z", "Zm9vY", "Zh", "Zm9", "+/8", "Zm9.", "Zm9 ",
	};
	char			 out[32];
	size_t			 i, n;

	for (i = 0; i < sizeof(std_bad) / sizeof(std_bad[0]); i++)
		ck_assert_msg(dec(std_bad[i], 0, out, sizeof(out), &n) == -1,
		    "std accepted %s", std_bad[i]);
	for (i = 0; i < sizeof(url_bad) / sizeof(url_bad[0]); i++)
		ck_assert_msg(dec(url_bad[i], 1, out, sizeof(out), &n) == -1,
		    "url accepted %s", url_bad[i]);
	/* An embedded NUL counts as a bad character. */
	ck_assert_int_eq(b64_decode("Zm\0v", 4, out, sizeof(out), &n, 0), -1);
}
END_TEST

START_TEST(decode_needs_room)
{
	char	 out[6];
	size_t	 n = 99;

	ck_assert_int_eq(dec("Zm9vYmFy", 0, out, 5, &n), -1);
	ck_assert_int_eq(dec("Zm9vYmFy", 1, out, 5, &n), -1);
	ck_assert_int_eq(dec("Zm9vYmE=", 0, out, 5, &n), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_int_eq(dec("Zm9vYmE", 1, out, 5, NULL), 0);
	ck_assert(memcmp(out, "fooba", 5) == 0);
}
END_TEST

START_TEST(round_trip_every_length_and_byte)
{
	unsigned char	 in[200], back[200];
	char		 enc[300];
	size_t		 len, i, n;
	int		 url;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(255 - i * 7);
	for (url = 0; url <= 1; url++)
		for (len = 0; len <= sizeof(in); len++) {
			ck_assert_int_eq(b64_encode(in, len, enc, sizeof(enc),
			    url), 0);
			ck_assert_uint_eq(strlen(enc),
			    b64_encoded_len(len, url));
			ck_assert_int_eq(b64_decode(enc, strlen(enc), back,
			    len, &n, url), 0);
			ck_assert_uint_eq(n, len);
			ck_assert(memcmp(in, back, len) == 0);
		}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("b64");
	TCase	*tc = tcase_create("crypto");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, rfc4648_vectors_encode);
	tcase_add_test(tc, rfc4648_vectors_decode);
	tcase_add_test(tc, encode_needs_room_for_the_nul);
	tcase_add_test(tc, decode_rejects_bad_input);
	tcase_add_test(tc, decode_needs_room);
	tcase_add_test(tc, round_trip_every_length_and_byte);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
