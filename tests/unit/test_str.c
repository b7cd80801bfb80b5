/* Unit tests: src/core/str.c. */
#include "autoconf.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"

static int64_t
num(const char *s, int64_t lo, int64_t hi, int *ok)
{
	int64_t	 v = 0;

	*ok = str_to_i64(s, strlen(s), lo, hi, &v) == 0;
	return v;
}

START_TEST(integers_are_bounded_and_whole)
{
	int	 ok;

	ck_assert_int_eq(num("42", 0, 100, &ok), 42);
	ck_assert(ok);
	ck_assert_int_eq(num("-7", -10, 10, &ok), -7);
	ck_assert(ok);
	num("101", 0, 100, &ok);
	ck_assert(!ok);
	num("", 0, 100, &ok);
	ck_assert(!ok);
	num("1x", 0, 100, &ok);
	ck_assert(!ok);
	num(" 1", 0, 100, &ok);
	ck_assert(!ok);
	num("+1", 0, 100, &ok);
	ck_assert(!ok);
	num("-", -10, 10, &ok);
	ck_assert(!ok);
	ck_assert_int_eq(num("9223372036854775807", 0, INT64_MAX, &ok), INT64_MAX);
	ck_assert(ok);
	num("9223372036854775808", 0, INT64_MAX, &ok);
	ck_assert(!ok);
	ck_assert_int_eq(num("-9223372036854775808", INT64_MIN, 0, &ok), INT64_MIN);
	ck_assert(ok);
	num("99999999999999999999999", 0, INT64_MAX, &ok);
	ck_assert(!ok);
}
END_TEST

START_TEST(url_decoding_rejects_bad_escapes_and_nul)
{
	struct arena	 a;

	arena_init(&a, 0);
	ck_assert_str_eq(str_url_decode(&a, "a%20b+c", 7, 0), "a b+c");
	ck_assert_str_eq(str_url_decode(&a, "a%20b+c", 7, 1), "a b c");
	ck_assert_str_eq(str_url_decode(&a, "%D0%AF", 6, 0), "\xD0\xAF");
	ck_assert_ptr_null(str_url_decode(&a, "%2", 2, 0));
	ck_assert_ptr_null(str_url_decode(&a, "%zz", 3, 0));
	ck_assert_ptr_null(str_url_decode(&a, "%00", 3, 0));
	arena_free(&a);
}
END_TEST

START_TEST(query_strings)
{
	struct arena	 a;
	struct kvlist	 l;

	arena_init(&a, 0);
	ck_assert_int_eq(str_parse_query(&a, "a=1&b=x%20y&&c&a=2", 18, 10, &l), 0);
	ck_assert_uint_eq(l.n, 4);
	ck_assert_str_eq(kv_get(&l, "a"), "1");
	ck_assert_str_eq(kv_get(&l, "b"), "x y");
	ck_assert_str_eq(kv_get(&l, "c"), "");
	ck_assert_ptr_null(kv_get(&l, "d"));
	ck_assert_int_eq(str_parse_query(&a, "a=%zz", 5, 10, &l), -1);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(str_parse_query(&a, "a&b&c", 5, 2, &l), -1);
	ck_assert_int_eq(str_parse_query(&a, "", 0, 2, &l), 0);
	ck_assert_uint_eq(l.n, 0);
	arena_free(&a);
}
END_TEST

START_TEST(cookies)
{
	struct arena	 a;
	struct kvlist	 l;
	const char	*h = "sid=abc; csrftoken=x%41 ;  theme=dark;flag";

	arena_init(&a, 0);
	ck_assert_int_eq(str_parse_cookies(&a, h, strlen(h), 10, &l), 0);
	ck_assert_str_eq(kv_get(&l, "sid"), "abc");
	ck_assert_str_eq(kv_get(&l, "csrftoken"), "x%41");
	ck_assert_str_eq(kv_get(&l, "theme"), "dark");
	ck_assert_str_eq(kv_get(&l, "flag"), "");
	arena_free(&a);
}
END_TEST

START_TEST(constant_time_compare)
{
	ck_assert(str_ct_eq("abc", "abc", 3));
	ck_assert(!str_ct_eq("abc", "abd", 3));
	ck_assert(str_ct_eq("", "", 0));
}
END_TEST

START_TEST(slices)
{
	struct slice	 s = { "a/b/c", 5 }, h;

	ck_assert_int_eq(slice_split(&s, '/', &h), 0);
	ck_assert(slice_eq(h, "a"));
	ck_assert_int_eq(slice_split(&s, '/', &h), 0);
	ck_assert(slice_eq(h, "b"));
	ck_assert_int_eq(slice_split(&s, '/', &h), -1);
	ck_assert(slice_eq(h, "c"));
	ck_assert_uint_eq(s.len, 0);
	s.p = "  x \t";
	s.len = 5;
	ck_assert(slice_eq(slice_trim(s), "x"));
}
END_TEST

START_TEST(utf8_is_counted_and_checked)
{
	ck_assert_int_eq(str_utf8_chars(""), 0);
	ck_assert_int_eq(str_utf8_chars("abc"), 3);
	ck_assert_int_eq(str_utf8_chars("\xd0\x9f\xd1\x80\xd0\xb8"), 3);	/* При */
	ck_assert_int_eq(str_utf8_chars("\xf0\x9f\x98\x80"), 1);		/* U+1F600 */
	ck_assert_int_eq(str_utf8_chars("\xd0"), -1);			/* cut short */
	ck_assert_int_eq(str_utf8_chars("\xc0\xaf"), -1);			/* overlong '/' */
	ck_assert_int_eq(str_utf8_chars("\xed\xa0\x80"), -1);		/* surrogate */
	ck_assert_int_eq(str_utf8_chars("\xf4\x90\x80\x80"), -1);		/* > U+10FFFF */
	ck_assert_int_eq(str_utf8_chars("\xff"), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("str");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, integers_are_bounded_and_whole);
	tcase_add_test(tc, url_decoding_rejects_bad_escapes_and_nul);
	tcase_add_test(tc, query_strings);
	tcase_add_test(tc, cookies);
	tcase_add_test(tc, constant_time_compare);
	tcase_add_test(tc, slices);
	tcase_add_test(tc, utf8_is_counted_and_checked);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
