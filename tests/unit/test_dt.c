/* Unit tests: src/core/dt.c. */
#include "autoconf.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/dt.h"
#include "core/jsonw.h"

START_TEST(dates_are_real_and_strict)
{
	int64_t	 d;

	ck_assert_int_eq(dt_parse_date("1970-01-01", &d), 0);
	ck_assert_int_eq(d, 0);
	ck_assert_int_eq(dt_parse_date("2024-02-29", &d), 0);
	ck_assert_int_eq(dt_parse_date("2023-02-29", &d), -1);
	ck_assert_int_eq(dt_parse_date("2023-02-30", &d), -1);
	ck_assert_int_eq(dt_parse_date("2000-1-1", &d), -1);
	ck_assert_int_eq(dt_parse_date("2000-13-01", &d), -1);
	ck_assert_int_eq(dt_parse_date("x", &d), -1);
}
END_TEST

START_TEST(times_of_day)
{
	int64_t	 sec;

	ck_assert_int_eq(dt_parse_time("09:30", &sec), 0);
	ck_assert_int_eq(sec, 9 * 3600 + 30 * 60);
	ck_assert_int_eq(dt_parse_time("23:59:59", &sec), 0);
	ck_assert_int_eq(sec, 86399);
	ck_assert_int_eq(dt_parse_time("24:00", &sec), -1);
	ck_assert_int_eq(dt_parse_time("09:60", &sec), -1);
	ck_assert_int_eq(dt_parse_time("9:30", &sec), -1);
	ck_assert_int_eq(dt_parse_time("09:30:", &sec), -1);
	ck_assert_int_eq(dt_parse_time("09-30", &sec), -1);
	ck_assert_int_eq(dt_parse_time("", &sec), -1);
}
END_TEST

START_TEST(iso_instants_with_offsets)
{
	struct arena	 a;
	int64_t		 us;

	arena_init(&a, 0);
	ck_assert_str_eq(dt_parse_iso_to_db(&a, "2026-03-29T01:30:00Z"),
	    "2026-03-29 01:30:00.000000");
	ck_assert_str_eq(dt_parse_iso_to_db(&a, "2026-03-29T04:30:00+03:00"),
	    "2026-03-29 01:30:00.000000");
	ck_assert_str_eq(dt_parse_iso_to_db(&a, "2026-03-29T04:30:00 0300"),
	    "2026-03-29 01:30:00.000000");	/* '+' decoded to a space */
	ck_assert_str_eq(dt_parse_iso_to_db(&a, "2026-01-01T00:00:00-01:30"),
	    "2026-01-01 01:30:00.000000");
	ck_assert_str_eq(dt_parse_iso_to_db(&a, "2026-01-01"),
	    "2026-01-01 00:00:00.000000");
	ck_assert_str_eq(dt_parse_iso_to_db(&a, "2026-01-01T10:00:00.5"),
	    "2026-01-01 10:00:00.500000");
	ck_assert_str_eq(dt_parse_iso_to_db(&a, "1969-12-31T23:59:59.999999Z"),
	    "1969-12-31 23:59:59.999999");
	ck_assert_int_eq(dt_parse_iso("2026-01-01T25:00:00Z", &us), -1);
	ck_assert_int_eq(dt_parse_iso("2026-01-01T10:00:00+0", &us), -1);
	ck_assert_int_eq(dt_parse_iso("2026-01-01T10:00:00Zjunk", &us), -1);
	ck_assert_int_eq(dt_parse_iso("2026-01-01T10:00:00.", &us), -1);
	arena_free(&a);
}
END_TEST

START_TEST(instants_stay_in_the_database_range)
{
	int64_t	 us;

	/* In range as written, out of it in UTC: refused, not stored as a
	 * five-digit year. */
	ck_assert_int_eq(dt_parse_iso("9999-12-31T23:59-10:00", &us), -1);
	ck_assert_int_eq(dt_parse_iso("9999-12-31T23:59:59.999999Z", &us), 0);
	ck_assert_int_eq(dt_parse_iso("1000-01-01T00:30+01:00", &us), -1);
	ck_assert_int_eq(dt_parse_iso("1000-01-01", &us), 0);
	ck_assert_int_eq(dt_parse_iso("0999-12-31", &us), -1);
}
END_TEST

START_TEST(database_times_print_as_iso_z)
{
	struct arena	 a;
	char		*db;

	arena_init(&a, 0);
	ck_assert_str_eq(dt_iso(&a, "2026-11-21 12:00:00.000000"), "2026-11-21T12:00:00Z");
	ck_assert_str_eq(dt_iso(&a, "2026-11-21 12:00:00.250000"),
	    "2026-11-21T12:00:00.250000Z");
	ck_assert_ptr_null(dt_iso(&a, NULL));
	/* Regression: the zero fraction was compared before the end of the copy
	 * was written, so garbage after it decided the answer. */
	db = arena_alloc(&a, 64);
	memset(db, 'x', 64);
	memcpy(db, "2026-11-21 12:00:00.000000", 27);
	ck_assert_str_eq(dt_iso(&a, db), "2026-11-21T12:00:00Z");
	arena_free(&a);
}
END_TEST

static int64_t
day(const char *s)
{
	int64_t	 d;

	ck_assert_int_eq(dt_parse_date(s, &d), 0);
	return d;
}

START_TEST(weekdays_and_iso_weeks)
{
	struct arena	 a;

	arena_init(&a, 0);
	ck_assert_int_eq(dt_weekday(day("2026-11-23")), 0);	/* Monday */
	ck_assert_int_eq(dt_weekday(day("2026-11-22")), 6);
	ck_assert_int_eq(dt_weekday(day("1969-12-29")), 0);	/* before 1970 */
	/* ISO weeks: 2021-01-03 is in 2020's week 53; 2024-12-30 in 2025's week 1. */
	ck_assert_int_eq(dt_iso_week(day("2021-01-03")), 53);
	ck_assert_int_eq(dt_iso_week(day("2021-01-04")), 1);
	ck_assert_int_eq(dt_iso_week(day("2024-12-30")), 1);
	ck_assert_int_eq(dt_iso_week(day("2026-11-23")), 48);
	ck_assert_str_eq(dt_date(&a, day("2024-02-29")), "2024-02-29");
	arena_free(&a);
}
END_TEST

START_TEST(month_starts)
{
	ck_assert_int_eq(dt_month_start(day("2031-03-17"), 0), day("2031-03-01"));
	ck_assert_int_eq(dt_month_start(day("2031-03-01"), 0), day("2031-03-01"));
	ck_assert_int_eq(dt_month_start(day("2031-03-31"), 1), day("2031-04-01"));
	ck_assert_int_eq(dt_month_start(day("2031-12-31"), 1), day("2032-01-01"));
	ck_assert_int_eq(dt_month_start(day("2031-01-15"), -1), day("2030-12-01"));
	ck_assert_int_eq(dt_month_start(day("2031-01-15"), -13), day("2029-12-01"));
	ck_assert_int_eq(dt_month_start(day("2031-01-15"), 25), day("2033-02-01"));
	ck_assert_int_eq(dt_month_start(day("1969-12-31"), 1), day("1970-01-01"));
	ck_assert_int_eq(dt_month_start(day("9999-12-31"), 0), day("9999-12-01"));
}
END_TEST

START_TEST(local_times_across_daylight_saving)
{
	int64_t	 d, s;

	ck_assert_int_eq(dt_zone_valid("UTC"), 0);
	ck_assert_int_eq(dt_zone_valid("Europe/Berlin"), 0);
	ck_assert_int_eq(dt_zone_valid("Mars/Base"), -1);
	ck_assert_int_eq(dt_zone_valid("../etc/passwd"), -1);
	ck_assert_int_eq(dt_zone_valid(""), -1);
	ck_assert_int_eq(dt_zone_set("Europe/Berlin"), 0);
	/* 10:00 in Berlin: 09:00 UTC in winter, 08:00 UTC in summer. */
	ck_assert_int_eq(dt_local_to_utc(day("2026-03-28"), 36000),
	    day("2026-03-28") * 86400 + 9 * 3600);
	ck_assert_int_eq(dt_local_to_utc(day("2026-03-30"), 36000),
	    day("2026-03-30") * 86400 + 8 * 3600);
	/* 02:30 does not exist on 2026-03-29: it is 03:30 CEST = 01:30 UTC. */
	ck_assert_int_eq(dt_local_to_utc(day("2026-03-29"), 9000),
	    day("2026-03-29") * 86400 + 3600 + 1800);
	/* 02:30 happens twice on 2026-10-25: the first, CEST = 00:30 UTC. */
	ck_assert_int_eq(dt_local_to_utc(day("2026-10-25"), 9000),
	    day("2026-10-25") * 86400 + 1800);
	dt_utc_to_local(day("2026-07-01") * 86400 + 23 * 3600, &d, &s);
	ck_assert_int_eq(d, day("2026-07-02"));
	ck_assert_int_eq(s, 3600);
	ck_assert_int_eq(dt_zone_set("UTC"), 0);
	ck_assert_int_eq(dt_local_to_utc(day("2026-03-29"), 9000),
	    day("2026-03-29") * 86400 + 9000);
}
END_TEST

START_TEST(local_text_for_pages)
{
	struct arena	 a;
	int64_t		 t = day("2026-11-23") * 86400 + 7 * 3600;	/* 07:00Z */

	arena_init(&a, 0);
	ck_assert_int_eq(dt_zone_set("Europe/Moscow"), 0);
	ck_assert_str_eq(dt_local_text(&a, t * 1000000, DT_TEXT_FULL),
	    "пн, 23.11.2026 10:00");
	ck_assert_str_eq(dt_local_text(&a, t * 1000000 + 999999, DT_TEXT_TIME),
	    "10:00");
	/* 22:30Z is already the next day in Moscow. */
	t = day("2026-11-22") * 86400 + 22 * 3600 + 1800;
	ck_assert_str_eq(dt_local_text(&a, t * 1000000, DT_TEXT_DATE),
	    "23.11.2026");
	ck_assert_str_eq(dt_local_text(&a, t * 1000000, DT_TEXT_FULL),
	    "пн, 23.11.2026 01:30");
	ck_assert_int_eq(dt_zone_set("UTC"), 0);
	ck_assert_str_eq(dt_local_text(&a, t * 1000000, DT_TEXT_FULL),
	    "вс, 22.11.2026 22:30");
	ck_assert_str_eq(dt_weekday_short(6), "вс");
	arena_free(&a);
}
END_TEST

/* jsonw_time's arithmetic agrees with gmtime over 0000-9999, fractions
 * and negative instants included; outside it, null. */
START_TEST(json_times_match_gmtime)
{
	struct arena	 a;
	struct buf	 b;
	struct tm	 tm;
	char		 want[64];
	int64_t		 us, step = 7777777LL * 1000003;
	time_t		 secs;
	int		 k;

	arena_init(&a, 0);
	for (us = -62167219200LL * 1000000; us < 253402300800LL * 1000000;
	    us += step) {
		buf_init(&b, &a);
		jsonw_time(&b, us);
		secs = (time_t)(us >= 0 ? us / 1000000 : (us - 999999) / 1000000);
		ck_assert_ptr_nonnull(gmtime_r(&secs, &tm));
		k = snprintf(want, sizeof(want), "\"%04d-%02d-%02dT%02d:%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		if (us - (int64_t)secs * 1000000 != 0)
			k += snprintf(want + k, sizeof(want) - (size_t)k, ".%06lld",
			    (long long)(us - (int64_t)secs * 1000000));
		snprintf(want + k, sizeof(want) - (size_t)k, "Z\"");
		ck_assert_str_eq(buf_str(&b), want);
	}
	buf_init(&b, &a);
	jsonw_time(&b, 0);
	jsonw_time(&b, -1);
	jsonw_time(&b, 253402300800LL * 1000000);
	jsonw_time(&b, INT64_MIN);
	ck_assert_str_eq(buf_str(&b), "\"1970-01-01T00:00:00Z\""
	    "\"1969-12-31T23:59:59.999999Z\"nullnull");
	arena_free(&a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dt");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, dates_are_real_and_strict);
	tcase_add_test(tc, times_of_day);
	tcase_add_test(tc, iso_instants_with_offsets);
	tcase_add_test(tc, database_times_print_as_iso_z);
	tcase_add_test(tc, instants_stay_in_the_database_range);
	tcase_add_test(tc, weekdays_and_iso_weeks);
	tcase_add_test(tc, month_starts);
	tcase_add_test(tc, local_times_across_daylight_saving);
	tcase_add_test(tc, local_text_for_pages);
	tcase_add_test(tc, json_times_match_gmtime);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
