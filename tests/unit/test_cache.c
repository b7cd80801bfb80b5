/* Unit tests: src/core/cache.c (entries and the data version's stamps),
 * and which statements bump the data version (src/db/db.c). */
#include "autoconf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cache.h"
#include "db/db.h"

#define JSON	"application/json"

START_TEST(hit_only_at_the_same_version_and_before_expiry)
{
	struct cache_hit	 h;

	cache_clear();
	ck_assert_int_eq(cache_get("8:1 GET /a?", 5, 0.0, &h), 0);
	cache_put("8:1 GET /a?", 5, 10.0, JSON, "{\"a\":1}", 7);
	ck_assert_int_eq(cache_get("8:1 GET /a?", 5, 9.9, &h), 1);
	ck_assert_str_eq(h.content_type, JSON);
	ck_assert_uint_eq(h.len, 7);
	ck_assert(memcmp(h.body, "{\"a\":1}", 7) == 0);
	/* Another caller, another URL: not this answer. */
	ck_assert_int_eq(cache_get("8:2 GET /a?", 5, 1.0, &h), 0);
	ck_assert_int_eq(cache_get("8:1 GET /a?x=1", 5, 1.0, &h), 0);
	/* A newer data version retires it for good. */
	ck_assert_int_eq(cache_get("8:1 GET /a?", 6, 1.0, &h), 0);
	ck_assert_int_eq(cache_get("8:1 GET /a?", 5, 1.0, &h), 0);
	cache_put("8:1 GET /a?", 6, 10.0, JSON, "{}", 2);
	ck_assert_int_eq(cache_get("8:1 GET /a?", 6, 10.0, &h), 0);
	cache_clear();
}
END_TEST

START_TEST(large_answers_are_not_kept)
{
	struct cache_hit	 h;
	char			*big = calloc(1, CACHE_BODY_MAX + 1);

	ck_assert_ptr_nonnull(big);
	cache_put("k", 1, 10.0, JSON, big, CACHE_BODY_MAX + 1);
	ck_assert_int_eq(cache_get("k", 1, 0.0, &h), 0);
	cache_put("k", 1, 10.0, JSON, big, CACHE_BODY_MAX);
	ck_assert_int_eq(cache_get("k", 1, 0.0, &h), 1);
	ck_assert_uint_eq(h.len, CACHE_BODY_MAX);
	free(big);
	cache_clear();
}
END_TEST

/* More keys than slots: each lookup answers its own key's body or none,
 * never another key's. */
START_TEST(slots_shared_by_keys_never_mix_answers)
{
	struct cache_hit	 h;
	char			 key[32], body[32];
	int			 i, hits = 0;

	for (i = 0; i < 4 * CACHE_SLOTS; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(body, sizeof(body), "b%d", i);
		cache_put(key, 1, 10.0, JSON, body, strlen(body));
	}
	for (i = 0; i < 4 * CACHE_SLOTS; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		snprintf(body, sizeof(body), "b%d", i);
		if (cache_get(key, 1, 0.0, &h)) {
			hits++;
			ck_assert_uint_eq(h.len, strlen(body));
			ck_assert(memcmp(h.body, body, h.len) == 0);
		}
	}
	ck_assert_int_gt(hits, 0);
	ck_assert_int_le(hits, CACHE_SLOTS);
	cache_clear();
}
END_TEST

START_TEST(stamps_follow_both_counters_and_never_go_back)
{
	uint64_t	 a, b, c, own;

	/* Nothing read yet: the database must be asked. */
	ck_assert_int_eq(cache_stamp(100.0, 0.1, &a), 0);
	a = cache_stamp_db(7, cache_local(), 100.0);
	ck_assert_int_eq(cache_stamp(100.05, 0.1, &b), 1);
	ck_assert(b == a);
	/* Stale after the poll interval; 0 means always. */
	ck_assert_int_eq(cache_stamp(100.1, 0.1, &b), 0);
	ck_assert_int_eq(cache_stamp(100.0, 0.0, &b), 0);
	/* A write on this host changes the stamp at once. */
	cache_bump();
	ck_assert_int_eq(cache_stamp(100.05, 0.1, &b), 1);
	ck_assert(b != a);
	/* A newer database counter changes it too... */
	c = cache_stamp_db(8, cache_local(), 101.0);
	ck_assert(c != b);
	/* ... and an older read stored late answers its own stamp but does
	 * not take the host's back. */
	own = cache_stamp_db(7, cache_local(), 101.01);
	ck_assert(own != c);
	ck_assert_int_eq(cache_stamp(101.02, 0.1, &b), 1);
	ck_assert(b == c);
}
END_TEST

START_TEST(writes_to_shown_tables_bump_the_version)
{
	static const char *const yes[] = {
		"INSERT INTO schedule_lesson (title) VALUES (?)",
		"INSERT IGNORE INTO schedule_group_students (a, b) VALUES (?, ?)",
		"insert into schedule_group (name) values (?)",
		"REPLACE INTO schedule_recurringlesson VALUES (?)",
		"UPDATE schedule_lesson l SET title = ? WHERE id = ?",
		"UPDATE accounts_customuser SET first_name = ? WHERE id = ?",
		"DELETE FROM schedule_lesson WHERE id = ?",
		"DELETE FROM  zoom_pool_session WHERE id = ?",
	};
	static const char *const no[] = {
		"SELECT * FROM schedule_lesson",
		"SELECT id FROM accounts_customuser WHERE id = ? FOR UPDATE",
		"START TRANSACTION", "COMMIT", "ROLLBACK",
		"INSERT INTO auth_session (id) VALUES (?)",
		"INSERT INTO auth_failure (k) VALUES (?)",
		"DELETE FROM token_blacklist_outstandingtoken WHERE id = ?",
		"UPDATE job_run SET x = 1", "INSERT INTO notification (a) VALUES (?)",
		"INSERT INTO schedule_auditlog (a) VALUES (?)",
		"UPDATE data_version SET version = version + 1 WHERE id = 1",
		"UPDATEschedule_lesson", "DELETE schedule_lesson",
	};
	size_t	 i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		ck_assert_msg(db_sql_versioned(yes[i]) == 1, "%s", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		ck_assert_msg(db_sql_versioned(no[i]) == 0, "%s", no[i]);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("cache");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, hit_only_at_the_same_version_and_before_expiry);
	tcase_add_test(tc, large_answers_are_not_kept);
	tcase_add_test(tc, slots_shared_by_keys_never_mix_answers);
	tcase_add_test(tc, stamps_follow_both_counters_and_never_go_back);
	tcase_add_test(tc, writes_to_shown_tables_bump_the_version);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
