/* Unit tests: the pure recurrence rules of src/domain/calendar.c. */
#include "autoconf.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/dt.h"
#include "db/db_recurring.h"
#include "domain/calendar.h"

static int64_t
day(const char *s)
{
	int64_t	 d;

	ck_assert_int_eq(dt_parse_date(s, &d), 0);
	return d;
}

/* A Monday lesson 10:00-11:30 from first to last. */
static struct recurring
weekly(const char *week_type, const char *first, const char *last)
{
	struct recurring	 x;

	memset(&x, 0, sizeof(x));
	x.week_type = week_type;
	x.day_of_week = 0;
	x.start_sec = 10 * 3600;
	x.end_sec = 11 * 3600 + 1800;
	x.first_day = day(first);
	x.last_day = day(last);
	return x;
}

START_TEST(week_types_follow_iso_parity)
{
	/* 2026-03-23 is in ISO week 13 (odd), 2026-03-30 in week 14. */
	ck_assert_int_eq(calendar_week_ok("ALL", day("2026-03-23")), 1);
	ck_assert_int_eq(calendar_week_ok("LOWER", day("2026-03-23")), 1);
	ck_assert_int_eq(calendar_week_ok("UPPER", day("2026-03-23")), 0);
	ck_assert_int_eq(calendar_week_ok("UPPER", day("2026-03-30")), 1);
	ck_assert_int_eq(calendar_week_ok("LOWER", day("2026-03-30")), 0);
	ck_assert_int_eq(calendar_week_ok("upper", day("2026-03-30")), 0);
	ck_assert_int_eq(calendar_week_ok("", day("2026-03-30")), 0);
}
END_TEST

START_TEST(occurrences_keep_weekday_dates_and_parity)
{
	struct recurring	 x = weekly("UPPER", "2026-03-01", "2026-04-30");

	ck_assert_int_eq(calendar_occurs(&x, day("2026-03-30")), 1);
	ck_assert_int_eq(calendar_occurs(&x, day("2026-03-23")), 0);	/* odd */
	ck_assert_int_eq(calendar_occurs(&x, day("2026-03-31")), 0);	/* Tue */
	ck_assert_int_eq(calendar_occurs(&x, day("2026-05-11")), 0);	/* after */
	/* From a Sunday: the next Monday of an even week. */
	ck_assert_int_eq(calendar_next(&x, day("2026-03-22")), day("2026-03-30"));
	ck_assert_int_eq(calendar_next(&x, day("2026-03-31")), day("2026-04-13"));
	ck_assert_int_eq(calendar_next(&x, day("2026-04-28")), -1);
	/* Before its first date: the first match on or after it. */
	ck_assert_int_eq(calendar_next(&x, day("2025-01-01")), day("2026-03-02"));
}
END_TEST

START_TEST(a_53_week_year_gives_two_odd_weeks_in_a_row)
{
	struct recurring	 x = weekly("LOWER", "2026-12-01", "2027-01-31");

	/* Week 53 of 2026, then week 1 of 2027: both odd. */
	ck_assert_int_eq(calendar_next(&x, day("2026-12-22")), day("2026-12-28"));
	ck_assert_int_eq(calendar_next(&x, day("2026-12-29")), day("2027-01-04"));
	ck_assert_int_eq(calendar_next(&x, day("2027-01-05")), day("2027-01-18"));
}
END_TEST

START_TEST(slots_keep_local_time_across_daylight_saving)
{
	struct recurring	 x = weekly("ALL", "2026-03-01", "2026-04-30");
	int64_t			 s, e;

	ck_assert_int_eq(dt_zone_set("Europe/Berlin"), 0);
	calendar_slot(&x, day("2026-03-23"), &s, &e);	/* CET, +01:00 */
	ck_assert_int_eq(s, (day("2026-03-23") * 86400 + 9 * 3600) * 1000000LL);
	ck_assert_int_eq(e - s, 90 * 60 * 1000000LL);
	calendar_slot(&x, day("2026-03-30"), &s, &e);	/* CEST, +02:00 */
	ck_assert_int_eq(s, (day("2026-03-30") * 86400 + 8 * 3600) * 1000000LL);
	ck_assert_int_eq(dt_zone_set("UTC"), 0);
	calendar_slot(&x, day("2026-03-30"), &s, &e);
	ck_assert_int_eq(s, (day("2026-03-30") * 86400 + 10 * 3600) * 1000000LL);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("calendar");
	TCase	*tc = tcase_create("recurrence");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, week_types_follow_iso_parity);
	tcase_add_test(tc, occurrences_keep_weekday_dates_and_parity);
	tcase_add_test(tc, a_53_week_year_gives_two_odd_weeks_in_a_row);
	tcase_add_test(tc, slots_keep_local_time_across_daylight_saving);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
