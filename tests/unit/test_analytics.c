/* Unit tests: src/domain/analytics.c and the rules of src/domain/badge.c. */
#include "autoconf.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/dt.h"
#include "domain/analytics.h"
#include "domain/badge.h"

#define HOUR	(3600LL * 1000000)
#define NUL	ANALYTICS_NULL

START_TEST(percent_is_present_over_held_less_excused)
{
	/* 5 of 6 held lessons: 83.3 %. */
	ck_assert_int_eq(analytics_percent(5, 6, 0), 833);
	/* Half up at the second decimal: 2 of 3 = 66.666 -> 66.7. */
	ck_assert_int_eq(analytics_percent(2, 3, 0), 667);
	/* 1 of 8 = 12.5 exactly. */
	ck_assert_int_eq(analytics_percent(1, 8, 0), 125);
	/* Excused lessons leave the denominator: 3 present of 5 held, 1
	 * excused = 3 / 4. */
	ck_assert_int_eq(analytics_percent(3, 5, 1), 750);
	ck_assert_int_eq(analytics_percent(4, 4, 0), 1000);
	ck_assert_int_eq(analytics_percent(0, 4, 0), 0);
}
END_TEST

START_TEST(percent_is_null_without_a_denominator)
{
	/* No lessons yet. */
	ck_assert(analytics_percent(0, 0, 0) == NUL);
	/* Every held lesson excused. */
	ck_assert(analytics_percent(0, 3, 3) == NUL);
	/* More excused than held cannot give a negative denominator. */
	ck_assert(analytics_percent(0, 1, 2) == NUL);
	ck_assert(analytics_ratio(1, 0) == NUL);
	ck_assert(analytics_ratio(-1, 5) == NUL);
}
END_TEST

START_TEST(mean_leaves_nulls_out)
{
	int64_t	 v[] = { 1000, NUL, 500, 667 };
	int64_t	 none[] = { NUL, NUL };

	ck_assert_int_eq(analytics_mean(v, 4), 722);	/* 2167 / 3 = 722.3 */
	ck_assert(analytics_mean(none, 2) == NUL);
	ck_assert(analytics_mean(v, 0) == NUL);
	ck_assert(analytics_tenths(833) > 83.29 && analytics_tenths(833) < 83.31);
	{
		/* 2/3 and 0/2: 33.3, not the 33.4 of the rounded 66.7 and 0. */
		int64_t	 part[] = { 2, 0, 5 }, whole[] = { 3, 2, 0 };

		ck_assert_int_eq(analytics_mean_ratio(part, whole, 3), 333);
		ck_assert(analytics_mean_ratio(part + 2, whole + 2, 1) == NUL);
		ck_assert_int_eq(analytics_mean_ratio(part, whole, 1), 667);
	}
}
END_TEST

START_TEST(homework_points_with_the_late_penalty_floored)
{
	ck_assert_int_eq(analytics_homework_points("graded", 50, 0), 50);
	ck_assert_int_eq(analytics_homework_points("graded", 50, 1), 40);
	ck_assert_int_eq(analytics_homework_points("submitted", 10, 1), 0);
	/* At the floor: a late 7 is 0, never -3. */
	ck_assert_int_eq(analytics_homework_points("graded", 7, 1), 0);
	ck_assert_int_eq(analytics_homework_points("graded", 0, 1), 0);
	/* A null score counts 0. */
	ck_assert_int_eq(analytics_homework_points("submitted", -1, 0), 0);
	/* Revision and work in progress earn nothing until sent. */
	ck_assert_int_eq(analytics_homework_points("revision", 90, 0), 0);
	ck_assert_int_eq(analytics_homework_points("in_progress", 90, 0), 0);
	ck_assert_int_eq(analytics_homework_points(NULL, 90, 0), 0);
}
END_TEST

START_TEST(ties_share_a_rank)
{
	int64_t	 t[] = { 77, 50, 50, 30, 30, 30, 0 };
	int64_t	 r[7];
	int64_t	 one[] = { 0 };

	analytics_rank(t, 7, r);
	ck_assert_int_eq(r[0], 1);
	ck_assert_int_eq(r[1], 2);
	ck_assert_int_eq(r[2], 2);
	ck_assert_int_eq(r[3], 4);
	ck_assert_int_eq(r[4], 4);
	ck_assert_int_eq(r[5], 4);
	ck_assert_int_eq(r[6], 7);
	analytics_rank(one, 1, r);
	ck_assert_int_eq(r[0], 1);
	analytics_rank(one, 0, r);	/* nothing to rank, nothing written */
}
END_TEST

START_TEST(months_in_the_configured_zone)
{
	int64_t	 from, to, first, last, d;
	char	 m[8];

	ck_assert_int_eq(dt_zone_set("Europe/Moscow"), 0);	/* UTC+3 */
	ck_assert_int_eq(analytics_month("2026-01", &from, &to, &first, &last), 0);
	ck_assert_int_eq(dt_parse_date("2026-01-01", &d), 0);
	ck_assert_int_eq(first, d);
	ck_assert_int_eq(dt_parse_date("2026-01-31", &d), 0);
	ck_assert_int_eq(last, d);
	/* Moscow's January begins at 2025-12-31 21:00 UTC. */
	ck_assert_int_eq(dt_parse_iso("2025-12-31T21:00:00Z", &d), 0);
	ck_assert_int_eq(from, d);
	ck_assert_int_eq(dt_parse_iso("2026-01-31T21:00:00Z", &d), 0);
	ck_assert_int_eq(to, d);
	/* An instant at 22:30 UTC on 31 December is January in Moscow. */
	ck_assert_int_eq(dt_parse_iso("2025-12-31T22:30:00Z", &d), 0);
	analytics_month_of(d, m);
	ck_assert_str_eq(m, "2026-01");
	ck_assert_int_eq(dt_parse_iso("2025-12-31T20:59:59Z", &d), 0);
	analytics_month_of(d, m);
	ck_assert_str_eq(m, "2025-12");
	/* December rolls over into the next year; February of a leap year. */
	ck_assert_int_eq(analytics_month("2025-12", &from, &to, &first, &last), 0);
	ck_assert_int_eq(dt_parse_date("2025-12-31", &d), 0);
	ck_assert_int_eq(last, d);
	ck_assert_int_eq(analytics_month("2028-02", &from, &to, &first, &last), 0);
	ck_assert_int_eq(last - first, 28);
	/* Daylight saving: Berlin's March is 31 days less an hour long. */
	ck_assert_int_eq(dt_zone_set("Europe/Berlin"), 0);
	ck_assert_int_eq(analytics_month("2026-03", &from, &to, &first, &last), 0);
	ck_assert_int_eq(to - from, (31 * 24 - 1) * HOUR);
	ck_assert_int_eq(dt_zone_set("UTC"), 0);
	/* Not months. */
	ck_assert_int_eq(analytics_month("2026-13", &from, &to, &first, &last), -1);
	ck_assert_int_eq(analytics_month("2026-00", &from, &to, &first, &last), -1);
	ck_assert_int_eq(analytics_month("2026-1", &from, &to, &first, &last), -1);
	ck_assert_int_eq(analytics_month("26-01", &from, &to, &first, &last), -1);
	ck_assert_int_eq(analytics_month("2026-01-01", &from, &to, &first, &last), -1);
	ck_assert_int_eq(analytics_month("", &from, &to, &first, &last), -1);
	ck_assert_int_eq(analytics_month(NULL, &from, &to, &first, &last), -1);
}
END_TEST

START_TEST(initials_and_avatar_colours)
{
	char	 s[16];

	analytics_initials("петрова", "анна", "a@x", s);
	ck_assert_str_eq(s, "ПА");
	analytics_initials("Ёлкин", "", "a@x", s);
	ck_assert_str_eq(s, "Ё");
	analytics_initials("", "", "zed@example.com", s);
	ck_assert_str_eq(s, "Z");
	analytics_initials(NULL, NULL, NULL, s);
	ck_assert_str_eq(s, "?");
	ck_assert_str_eq(analytics_avatar_color(0), "#10b981");
	ck_assert_str_eq(analytics_avatar_color(7), "#3b82f6");
}
END_TEST

START_TEST(badge_rules)
{
	int64_t	 d = 1800000000LL * 1000000;	/* published at D */

	/* The P2.9 fixture: first submit at D+2h, deadline D+5d. */
	ck_assert(badge_quick_start(d + 2 * HOUR, d, 0));
	ck_assert(badge_quick_start(d + 24 * HOUR, d, 0));
	ck_assert(!badge_quick_start(d + 24 * HOUR + 1, d, 0));
	/* Assigned later than published: counted from the assignment. */
	ck_assert(badge_quick_start(d + 30 * HOUR, d, d + 10 * HOUR));
	ck_assert(!badge_quick_start(d + 2 * HOUR, 0, 0));
	ck_assert(badge_early_bird(d + 2 * HOUR, d + 5 * 24 * HOUR));
	ck_assert(badge_early_bird(d + 2 * 24 * HOUR, d + 5 * 24 * HOUR));
	ck_assert(!badge_early_bird(d + 2 * 24 * HOUR + 1, d + 5 * 24 * HOUR));
	ck_assert(!badge_early_bird(d, 0));		/* no deadline */
	ck_assert(badge_perfectionist(100, 100));
	ck_assert(!badge_perfectionist(99, 100));
	ck_assert(!badge_perfectionist(0, 0));		/* nothing to score */
	ck_assert(badge_marathon_rule(3, 3));
	ck_assert(!badge_marathon_rule(3, 2));
	ck_assert(!badge_marathon_rule(0, 0));		/* no homework that month */
	ck_assert_str_eq(badge_title("EARLY_BIRD"), "Ранняя пташка");
	ck_assert_str_eq(badge_title("X"), "X");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("analytics");
	TCase	*tc = tcase_create("rules");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, percent_is_present_over_held_less_excused);
	tcase_add_test(tc, percent_is_null_without_a_denominator);
	tcase_add_test(tc, mean_leaves_nulls_out);
	tcase_add_test(tc, homework_points_with_the_late_penalty_floored);
	tcase_add_test(tc, ties_share_a_rank);
	tcase_add_test(tc, months_in_the_configured_zone);
	tcase_add_test(tc, initials_and_avatar_colours);
	tcase_add_test(tc, badge_rules);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
