/* Unit tests: src/core/cursor.c (keyset cursors: round trip, forgery). */
#include "autoconf.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"

static const unsigned char	 key[CURSOR_KEY_LEN] = "0123456789abcdef0123456789abcdef";

static struct cursor
sample(void)
{
	struct cursor	 c;

	memset(&c, 0, sizeof(c));
	c.dir = KEYSET_BEFORE;
	c.page = 4001;
	c.scope = 0x0123456789abcdefULL;
	c.issued = 1800000000;
	c.n = 3;
	c.v[0].s = "2031-03-01 09:00:00.000000";
	c.v[1].i = -42;
	c.v[2].s = "Группа «А»";
	return c;
}

START_TEST(round_trip)
{
	struct arena	 a;
	struct cursor	 c = sample(), d;
	const char	*t;

	arena_init(&a, 0);
	ck_assert_ptr_nonnull(t = cursor_encode(&a, key, &c));
	/* base64url: nothing a URL must escape. */
	ck_assert_uint_eq(strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_"), strlen(t));
	ck_assert_int_eq(cursor_decode(&a, key, t, &d), 0);
	ck_assert_int_eq(d.dir, KEYSET_BEFORE);
	ck_assert_int_eq(d.page, 4001);
	ck_assert(d.scope == c.scope);
	ck_assert_int_eq(d.issued, 1800000000);
	ck_assert_uint_eq(d.n, 3);
	ck_assert_str_eq(d.v[0].s, c.v[0].s);
	ck_assert_ptr_null(d.v[1].s);
	ck_assert_int_eq(d.v[1].i, -42);
	ck_assert_str_eq(d.v[2].s, c.v[2].s);
	c.dir = KEYSET_AFTER;
	c.n = 0;
	ck_assert_ptr_nonnull(t = cursor_encode(&a, key, &c));
	ck_assert_int_eq(cursor_decode(&a, key, t, &d), 0);
	ck_assert_int_eq(d.dir, KEYSET_AFTER);
	ck_assert_uint_eq(d.n, 0);
	arena_free(&a);
}
END_TEST

START_TEST(forged_and_malformed)
{
	unsigned char	 other[CURSOR_KEY_LEN];
	struct arena	 a;
	struct cursor	 c = sample(), d;
	const char	*t;
	char		*x;
	size_t		 i;

	arena_init(&a, 0);
	ck_assert_ptr_nonnull(t = cursor_encode(&a, key, &c));
	/* Every single changed character is refused. */
	x = arena_strdup(&a, t);
	for (i = 0; x[i]; i++) {
		char	 was = x[i];

		x[i] = was == 'A' ? 'B' : 'A';
		ck_assert_int_eq(cursor_decode(&a, key, x, &d), -1);
		x[i] = was;
	}
	/* Another key (a new secret_key), cut short, grown, empty, junk. */
	memcpy(other, key, sizeof(other));
	other[0] ^= 1;
	ck_assert_int_eq(cursor_decode(&a, other, t, &d), -1);
	x[strlen(x) - 4] = '\0';
	ck_assert_int_eq(cursor_decode(&a, key, x, &d), -1);
	ck_assert_int_eq(cursor_decode(&a, key, arena_printf(&a, "%sAAAA", t), &d), -1);
	ck_assert_int_eq(cursor_decode(&a, key, "", &d), -1);
	ck_assert_int_eq(cursor_decode(&a, key, "not a cursor!", &d), -1);
	ck_assert_int_eq(cursor_decode(&a, key, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAA", &d), -1);
	/* A page below 2 is never made, so never taken. */
	c.page = 1;
	ck_assert_ptr_nonnull(t = cursor_encode(&a, key, &c));
	ck_assert_int_eq(cursor_decode(&a, key, t, &d), -1);
	arena_free(&a);
}
END_TEST

START_TEST(limits)
{
	struct arena	 a;
	struct cursor	 c = sample(), d;
	char		*big;

	arena_init(&a, 0);
	big = arena_alloc(&a, 2000);
	memset(big, 'x', 1999);
	big[1999] = '\0';
	c.v[0].s = big;
	ck_assert_ptr_null(cursor_encode(&a, key, &c));
	big[800] = '\0';
	ck_assert_ptr_nonnull(cursor_encode(&a, key, &c));
	c.n = KEYSET_VALS + 1;
	ck_assert_ptr_null(cursor_encode(&a, key, &c));
	big = arena_alloc(&a, CURSOR_TEXT_MAX + 2);
	memset(big, 'A', CURSOR_TEXT_MAX + 1);
	big[CURSOR_TEXT_MAX + 1] = '\0';
	ck_assert_int_eq(cursor_decode(&a, key, big, &d), -1);
	arena_free(&a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("cursor");
	TCase	*tc = tcase_create("cursor");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, forged_and_malformed);
	tcase_add_test(tc, limits);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
