/* Unit tests: src/zoom/http.c, the backoff and Retry-After. */
#include "autoconf.h"

#include <check.h>
#include <stdlib.h>

#include "zoom/http.h"

#define NOW	1780000000LL	/* 2026-05-28T20:26:40Z */

START_TEST(backoff_grows_exponentially_with_equal_jitter)
{
	static const double	 full[] = { 0.5, 1, 2, 4, 8, 8, 8 };
	int			 n;

	for (n = 1; n <= 7; n++) {
		/* Half fixed, half jitter: [d/2, d). */
		ck_assert_double_eq_tol(zoom_backoff(n, -1, 0.0), full[n - 1] / 2,
		    1e-9);
		ck_assert_double_eq_tol(zoom_backoff(n, -1, 0.999), full[n - 1] / 2 +
		    full[n - 1] / 2 * 0.999, 1e-9);
		ck_assert(zoom_backoff(n, -1, 0.5) < full[n - 1]);
	}
	ck_assert_double_le(zoom_backoff(100, -1, 0.999), 8.0);
	ck_assert_double_ge(zoom_backoff(0, -1, 0.0), 0.25);
}
END_TEST

START_TEST(backoff_honours_retry_after)
{
	ck_assert_double_eq_tol(zoom_backoff(1, 3, 0.0), 3.0, 1e-9);
	ck_assert_double_eq_tol(zoom_backoff(5, 3, 0.999), 3.0 + 0.25 * 0.999, 1e-9);
	/* Never less than Zoom asked, even when the exponential is longer. */
	ck_assert_double_ge(zoom_backoff(1, 0, 0.5), 0.0);
	ck_assert_double_lt(zoom_backoff(6, 1, 0.0), 2.0);
}
END_TEST

START_TEST(retry_after_forms)
{
	ck_assert_double_eq(zoom_retry_after("2", NOW), 2);
	ck_assert_double_eq(zoom_retry_after(" 120 ", NOW), 120);
	ck_assert_double_eq(zoom_retry_after("0", NOW), 0);
	/* An HTTP-date and an ISO 8601 instant (Zoom's daily limits). */
	ck_assert_double_eq(zoom_retry_after("Thu, 28 May 2026 20:27:40 GMT", NOW), 60);
	ck_assert_double_eq(zoom_retry_after("2026-05-29T00:00:00Z", NOW),
	    (double)(1780012800LL - NOW));
	/* In the past: no wait. Unreadable: -1. */
	ck_assert_double_eq(zoom_retry_after("2020-05-31T00:00:00Z", NOW), 0);
	ck_assert_double_eq(zoom_retry_after("", NOW), -1);
	ck_assert_double_eq(zoom_retry_after("soon", NOW), -1);
	ck_assert_double_eq(zoom_retry_after("-5", NOW), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("zoom_http");
	TCase	*tc = tcase_create("zoom");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, backoff_grows_exponentially_with_equal_jitter);
	tcase_add_test(tc, backoff_honours_retry_after);
	tcase_add_test(tc, retry_after_forms);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
