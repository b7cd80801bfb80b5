/* Unit tests: src/crypto/pwhash.c (vectors from Python hashlib, python3-argon2
 * and the argon2 CLI). */
#include "autoconf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/pwhash.h"

#define LETMEIN	"l\xc3\xa8tmein"	/* "lètmein" in UTF-8 */

/* base64(hashlib.pbkdf2_hmac("sha256", pw, b"seasalt", 260000, 32)), as
 * Django writes it. */
#define PBKDF2_B64	"YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo="
static const char	 pbkdf2_letmein[] =
    "pbkdf2_sha256$260000$seasalt$" PBKDF2_B64;
/* Empty password, salt "salt", 1 iteration. */
static const char	 pbkdf2_empty[] =
    "pbkdf2_sha256$1$salt$8TXCeZO6+Ydzxc20ClcGzmo0XN5hsACmeFhlDNajJNc=";
/* echo -n lètmein | argon2 somesaltsomesalt -id -t 2 -k 19456 -p 1 -l 32 -e */
static const char	 argon2id_owasp[] =
    "argon2$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw";
/* The same with pwhash_make's parameters (salt "currentparams16"). */
static const char	 argon2id_current[] =
    "argon2$argon2id$v=19$m=32768,t=3,p=1$Y3VycmVudHBhcmFtczE2$"
    "wXRzArPnvrpbHtumTbkvZUyAthgTW2q9Gb/j4iaY4QY";
/* Django's old default: argon2i, m=512, t=2, p=2, 16-byte hash
 * (argon2.low_level.hash_secret(b"correct horse", ..., type=Type.I)). */
static const char	 argon2i_django[] =
    "argon2$argon2i$v=19$m=512,t=2,p=2$WW1Ga2MyRnNkR0poWkhOaGJIUQ$"
    "UkfsRrVP0Dki9avAUtY9XA";
/* Argon2 1.0 (version=16), with and without the v= field. */
static const char	 argon2i_v16[] =
    "argon2$argon2i$v=16$m=256,t=2,p=1$b2xkc2FsdG9sZHNhbHQ$"
    "hbwjXkFUY7teKeHhs2tAWQ";
static const char	 argon2i_nov[] =
    "argon2$argon2i$m=256,t=2,p=1$b2xkc2FsdG9sZHNhbHQ$"
    "hbwjXkFUY7teKeHhs2tAWQ";
/* argon2d is not something Django makes. */
static const char	 argon2d[] =
    "argon2$argon2d$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
    "QeocFso8YGPtWSY3oqhU4ID5sDfTCabKcuZ4QM5RIFs";

static int
verify(const char *pw, const char *enc, int *up)
{
	*up = -1;
	return pwhash_verify(pw, strlen(pw), enc, up);
}

START_TEST(make_then_verify)
{
	char	 a[256], b[256];
	int	 up;

	ck_assert_int_eq(pwhash_make(LETMEIN, strlen(LETMEIN), a, sizeof(a)),
	    0);
	ck_assert_msg(strncmp(a, "argon2$argon2id$v=19$m=32768,t=3,p=1$",
	    37) == 0, "%s", a);
	ck_assert_uint_eq(strlen(a), 37 + 22 + 1 + 43);
	ck_assert_int_eq(verify(LETMEIN, a, &up), 1);
	ck_assert_int_eq(up, 0);
	ck_assert_int_eq(verify("letmein", a, &up), 0);
	ck_assert_int_eq(up, 0);
	ck_assert_int_eq(verify("", a, &up), 0);
	/* A fresh salt each time. */
	ck_assert_int_eq(pwhash_make(LETMEIN, strlen(LETMEIN), b, sizeof(b)),
	    0);
	ck_assert_str_ne(a, b);
	/* The empty password is hashed like any other. */
	ck_assert_int_eq(pwhash_make("", 0, a, sizeof(a)), 0);
	ck_assert_int_eq(verify("", a, &up), 1);
}
END_TEST

START_TEST(make_refuses_small_out_and_long_passwords)
{
	static char	 pw[4098];
	char		 out[256];
	int		 up;

	ck_assert_int_eq(pwhash_make("x", 1, out, 0), -1);
	ck_assert_int_eq(pwhash_make("x", 1, out, 6), -1);
	ck_assert_int_eq(pwhash_make("x", 1, out, 100), -1);
	ck_assert_int_eq(pwhash_make("x", 1, out, 104), 0);
	memset(pw, 'p', sizeof(pw) - 1);
	ck_assert_int_eq(pwhash_make(pw, 4097, out, sizeof(out)), -1);
	ck_assert_int_eq(pwhash_make(pw, 4096, out, sizeof(out)), 0);
	ck_assert_int_eq(pwhash_verify(pw, 4096, out, &up), 1);
	/* Too long to check: no match, whatever the hash. */
	ck_assert_int_eq(pwhash_verify(pw, 4097, out, &up), 0);
	ck_assert_int_eq(pwhash_verify(pw, 4097, "junk", &up), 0);
}
END_TEST

START_TEST(django_pbkdf2)
{
	int	 up;

	ck_assert_int_eq(verify(LETMEIN, pbkdf2_letmein, &up), 1);
	ck_assert_int_eq(up, 1);
	ck_assert_int_eq(verify("letmein", pbkdf2_letmein, &up), 0);
	ck_assert_int_eq(up, 0);
	ck_assert_int_eq(verify("", pbkdf2_empty, &up), 1);
	ck_assert_int_eq(up, 1);
	ck_assert_int_eq(verify(" ", pbkdf2_empty, &up), 0);
}
END_TEST

START_TEST(argon2_cli_and_django_hashes)
{
	int	 up;

	ck_assert_int_eq(verify(LETMEIN, argon2id_owasp, &up), 1);
	ck_assert_int_eq(up, 1);
	ck_assert_int_eq(verify("letmein", argon2id_owasp, &up), 0);
	ck_assert_int_eq(up, 0);
	ck_assert_int_eq(verify(LETMEIN, argon2id_current, &up), 1);
	ck_assert_int_eq(up, 0);
	ck_assert_int_eq(verify("correct horse", argon2i_django, &up), 1);
	ck_assert_int_eq(up, 1);
	ck_assert_int_eq(verify("correct horsE", argon2i_django, &up), 0);
	ck_assert_int_eq(verify("correct horse", argon2i_v16, &up), 1);
	ck_assert_int_eq(up, 1);
	ck_assert_int_eq(verify("correct horse", argon2i_nov, &up), 1);
	ck_assert_int_eq(up, 1);
	ck_assert_int_eq(verify("correct horse", argon2d, &up), -1);
	ck_assert_int_eq(up, 0);
}
END_TEST

START_TEST(malformed_and_out_of_bounds_hashes)
{
	static const char	*bad[] = {
		"",
		"argon2",
		"argon2$",
		"!unusable",
		"md5$seasalt$0123456789abcdef0123456789abcdef",
		"bcrypt_sha256$$2b$12$abc",
		/* argon2: type, layout and cost bounds */
		"argon2argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2x$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=1048577,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHRzb21lc2"
		    "FsdA$4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=19456,t=21,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=19456,t=2,p=17$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=-1,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$t=2,m=19456,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=19456,t=2$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=19456,t=2,p=1,x=1$"
		    "c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=18$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		"argon2$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA",
		"argon2$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw$",
		"argon2$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOu*",
		"argon2$argon2id$v=19$m=19456,t=2,p=1$$"
		    "4j+tUq6MVDEL0+kruqmcfQP7vZcV1lhtKv5M+uwNOuw",
		/* pbkdf2: iterations, salt, hash */
		"pbkdf2_sha256$0$seasalt$" PBKDF2_B64,
		"pbkdf2_sha256$10000001$seasalt$" PBKDF2_B64,
		"pbkdf2_sha256$-1$seasalt$" PBKDF2_B64,
		"pbkdf2_sha256$abc$seasalt$" PBKDF2_B64,
		"pbkdf2_sha256$$seasalt$" PBKDF2_B64,
		"pbkdf2_sha256$260000$$" PBKDF2_B64,
		"pbkdf2_sha256$260000$seasalt",
		"pbkdf2_sha256$260000$seasalt$",
		/* unpadded, 31 bytes, 30 bytes */
		"pbkdf2_sha256$260000$seasalt$"
		    "YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQo",
		"pbkdf2_sha256$260000$seasalt$"
		    "YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tcJQ==",
		"pbkdf2_sha256$260000$seasalt$"
		    "YlZ2Vggtqdc61YjArZuoApoBh9JNGYoDRBUGu6tc",
		"pbkdf2_sha256$260000$seasalt$" PBKDF2_B64 "$",
		"pbkdf2_sha256$260000$sea$salt$" PBKDF2_B64,
		"pbkdf2_sha1$260000$seasalt$" PBKDF2_B64,
	};
	char			 big[600];
	size_t			 i;
	int			 up;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(verify(LETMEIN, bad[i], &up) == -1,
		    "accepted %s", bad[i]);
		ck_assert_int_eq(up, 0);
	}
	ck_assert_int_eq(pwhash_verify("x", 1, NULL, &up), -1);
	/* Longer than 512 bytes: a good hash with a long salt. */
	snprintf(big, sizeof(big), "pbkdf2_sha256$1$%0490d$"
	    "8TXCeZO6+Ydzxc20ClcGzmo0XN5hsACmeFhlDNajJNc=", 0);
	ck_assert_uint_gt(strlen(big), 512);
	ck_assert_int_eq(verify("", big, &up), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("pwhash");
	TCase	*tc = tcase_create("crypto");
	SRunner	*sr;
	int	 failed;

	/* Argon2 at full cost, several times per test. */
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, make_then_verify);
	tcase_add_test(tc, make_refuses_small_out_and_long_passwords);
	tcase_add_test(tc, django_pbkdf2);
	tcase_add_test(tc, argon2_cli_and_django_hashes);
	tcase_add_test(tc, malformed_and_out_of_bounds_hashes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
