/* Unit tests: src/core/arena.c and src/core/buf.c. */
#include "autoconf.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

static int	 hook_calls;

static void
hook(void *p)
{
	hook_calls += *(int *)p;
}

START_TEST(alloc_is_aligned_and_zeroed)
{
	struct arena	 a;
	char		*p, *q;

	arena_init(&a, 0);
	p = arena_alloc(&a, 3);
	q = arena_zalloc(&a, 100);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)q % 16, 0);
	for (int i = 0; i < 100; i++)
		ck_assert_int_eq(q[i], 0);
	arena_free(&a);
}
END_TEST

START_TEST(cap_refuses_and_is_sticky_until_reset)
{
	struct arena	 a;

	arena_init(&a, 1000);
	ck_assert_ptr_nonnull(arena_alloc(&a, 900));
	ck_assert_ptr_null(arena_alloc(&a, 200));
	ck_assert_int_eq(a.overflow, 1);
	ck_assert_ptr_null(arena_alloc(&a, SIZE_MAX));
	arena_reset(&a);
	ck_assert_int_eq(a.overflow, 0);
	ck_assert_ptr_nonnull(arena_alloc(&a, 900));
	arena_free(&a);
}
END_TEST

START_TEST(big_allocations_get_their_own_chunk)
{
	struct arena	 a;
	char		*p;

	arena_init(&a, 0);
	p = arena_alloc(&a, 1 << 20);
	ck_assert_ptr_nonnull(p);
	memset(p, 'x', 1 << 20);
	arena_reset(&a);
	arena_free(&a);
}
END_TEST

START_TEST(hooks_run_once_at_reset)
{
	struct arena	 a;
	int		 one = 1;

	hook_calls = 0;
	arena_init(&a, 0);
	arena_defer(&a, hook, &one);
	arena_defer(&a, hook, &one);
	ck_assert_int_eq(hook_calls, 0);
	arena_reset(&a);
	ck_assert_int_eq(hook_calls, 2);
	arena_reset(&a);
	ck_assert_int_eq(hook_calls, 2);
	arena_free(&a);
}
END_TEST

START_TEST(printf_and_strdup)
{
	struct arena	 a;

	arena_init(&a, 0);
	ck_assert_str_eq(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
	ck_assert_str_eq(arena_strndup(&a, "abcdef", 3), "abc");
	arena_free(&a);
}
END_TEST

START_TEST(buf_grows_and_error_is_sticky)
{
	struct arena	 a;
	struct buf	 b;
	int		 i;

	arena_init(&a, 4096);
	buf_init(&b, &a);
	ck_assert_str_eq(buf_str(&b), "");
	for (i = 0; i < 100; i++)
		buf_printf(&b, "%02d", i);
	ck_assert_uint_eq(b.len, 200);
	ck_assert_int_eq(b.err, 0);
	for (i = 0; i < 1000; i++)
		buf_puts(&b, "0123456789");
	ck_assert_int_eq(b.err, 1);
	ck_assert_int_eq(buf_puts(&b, "x"), -1);
	arena_free(&a);

	buf_init(&b, NULL);
	buf_add(&b, "a\0b", 3);
	ck_assert_uint_eq(b.len, 3);
	buf_free(&b);
}
END_TEST

START_TEST(buf_truncates_to_what_it_had)
{
	struct buf	 b;

	buf_init(&b, NULL);
	buf_puts(&b, "X-A: 1\r\n");
	buf_puts(&b, "X-B: 2\r\n");
	buf_truncate(&b, 8);
	ck_assert_str_eq(buf_str(&b), "X-A: 1\r\n");
	buf_truncate(&b, 100);		/* longer than it is: unchanged */
	ck_assert_uint_eq(b.len, 8);
	buf_truncate(&b, 0);
	ck_assert_str_eq(buf_str(&b), "");
	buf_free(&b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("arena");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, alloc_is_aligned_and_zeroed);
	tcase_add_test(tc, cap_refuses_and_is_sticky_until_reset);
	tcase_add_test(tc, big_allocations_get_their_own_chunk);
	tcase_add_test(tc, hooks_run_once_at_reset);
	tcase_add_test(tc, printf_and_strdup);
	tcase_add_test(tc, buf_grows_and_error_is_sticky);
	tcase_add_test(tc, buf_truncates_to_what_it_had);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
