/* Unit tests: src/import/dump.c (and src/import/pkmap.c). */
#include "autoconf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "import/dump.h"
#include "import/pkmap.h"

/* Read every record of text: the count, or -1 with the error in err. */
static int
read_all(const char *text, size_t len, char *err, size_t errlen)
{
	struct import_dump	 d;
	struct json_object	*rec;
	FILE			*f = fmemopen((void *)text, len, "r");
	int			 n = 0, rc;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(import_dump_open(&d, NULL, f), 0);
	while ((rc = import_dump_next(&d, &rec)) == 1) {
		ck_assert_int_eq((int)d.index, n + 1);
		json_object_put(rec);
		n++;
	}
	snprintf(err, errlen, "%s", d.err);
	import_dump_close(&d);
	fclose(f);
	return rc == 0 ? n : -1;
}

static int
read_str(const char *text, char *err)
{
	return read_all(text, strlen(text), err, 256);
}

START_TEST(arrays_of_records)
{
	char	 err[256];

	ck_assert_int_eq(read_str("[]", err), 0);
	ck_assert_int_eq(read_str(" \n[ ]\n", err), 0);
	ck_assert_int_eq(read_str("\xEF\xBB\xBF[{\"a\":1}]", err), 1);
	ck_assert_int_eq(read_str("[{\"model\":\"x\"},\n {\"b\":[1,2]} ,{}]\n", err), 3);
	/* An element that is not an object is the caller's to refuse. */
	ck_assert_int_eq(read_str("[1, \"s\", null]", err), 3);
}
END_TEST

START_TEST(bad_input_names_the_record)
{
	char	 err[256];

	ck_assert_int_eq(read_str("", err), -1);
	ck_assert_ptr_nonnull(strstr(err, "empty"));
	ck_assert_int_eq(read_str("{\"model\":\"x\"}", err), -1);
	ck_assert_ptr_nonnull(strstr(err, "should start with '['"));
	ck_assert_int_eq(read_str("not json", err), -1);
	ck_assert_int_eq(read_str("[", err), -1);
	ck_assert_ptr_nonnull(strstr(err, "truncated"));
	ck_assert_int_eq(read_str("[{\"a\":1},{\"b\":", err), -1);
	ck_assert_str_eq(err, "record 2: the file ends inside it at byte 14 "
	    "(truncated?)");
	ck_assert_int_eq(read_str("[{\"a\":1},{\"b\":2}", err), -1);
	ck_assert_str_eq(err, "the file ends after record 2 without the closing "
	    "']' (truncated?)");
	ck_assert_int_eq(read_str("[{\"a\":1} {\"b\":2}]", err), -1);
	ck_assert_str_eq(err, "after record 1: ',' or ']' expected at byte 9");
	ck_assert_int_eq(read_str("[{\"a\":1},]", err), -1);
	ck_assert_ptr_nonnull(strstr(err, "record 2: not valid JSON"));
	ck_assert_int_eq(read_str("[{\"a\":tru}]", err), -1);
	ck_assert_ptr_nonnull(strstr(err, "record 1: not valid JSON"));
	ck_assert_int_eq(read_str("[] []", err), -1);
	ck_assert_str_eq(err, "text after the closing ']' at byte 3");
}
END_TEST

START_TEST(records_across_chunks)
{
	size_t	 big = DUMP_CHUNK * 3 + 17, cap = big + 2000 * 24 + 64, n, i;
	char	*text = malloc(cap), err[256];

	/* One record longer than three chunks, then many short ones that
	 * straddle the chunk boundaries at every offset. */
	ck_assert_ptr_nonnull(text);
	n = (size_t)snprintf(text, cap, "[{\"pk\":1,\"s\":\"");
	for (i = 0; i < big; i++)
		text[n++] = (char)('a' + i % 26);
	n += (size_t)snprintf(text + n, cap - n, "\"}");
	for (i = 0; i < 2000; i++)
		n += (size_t)snprintf(text + n, cap - n, ",\n{\"pk\": %zu}", i + 2);
	n += (size_t)snprintf(text + n, cap - n, "]");
	ck_assert_int_eq(read_all(text, n, err, sizeof(err)), 2001);
	text[n - 1] = ' ';		/* no closing bracket: truncated */
	ck_assert_int_eq(read_all(text, n, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "the file ends after record 2001 without the "
	    "closing ']' (truncated?)");
	free(text);
}
END_TEST

START_TEST(rewind_reads_again)
{
	const char		*text = "[{\"a\":1},{\"a\":2}]";
	struct import_dump	 d;
	struct json_object	*rec, *v;
	FILE			*f = fmemopen((void *)text, strlen(text), "r");
	int			 pass, k;

	ck_assert_int_eq(import_dump_open(&d, NULL, f), 0);
	for (pass = 0; pass < 2; pass++) {
		ck_assert_int_eq(import_dump_rewind(&d), 0);
		for (k = 1; k <= 2; k++) {
			ck_assert_int_eq(import_dump_next(&d, &rec), 1);
			ck_assert(json_object_object_get_ex(rec, "a", &v));
			ck_assert_int_eq(json_object_get_int(v), k);
			json_object_put(rec);
		}
		ck_assert_int_eq(import_dump_next(&d, &rec), 0);
	}
	import_dump_close(&d);
	fclose(f);
}
END_TEST

START_TEST(pkmap_finds_and_refuses_twice)
{
	struct pkmap	 m;
	size_t		 idx, i;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < 100000; i++) {
		ck_assert_int_eq(import_pkmap_add(&m, (int64_t)(i * 7919 % 100003),
		    &idx), 0);
		ck_assert_uint_eq(idx, i);
	}
	ck_assert_int_eq(import_pkmap_add(&m, 7919, &idx), 1);
	ck_assert_uint_eq(idx, 1);
	ck_assert_ptr_nonnull(import_pkmap_find(&m, 7919));
	ck_assert_int_eq((int)import_pkmap_find(&m, 7919)->pk, 7919);
	ck_assert_ptr_null(import_pkmap_find(&m, 100003 + 5));
	ck_assert_int_eq((int)m.max_pk, 100002);
	import_pkmap_free(&m);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("dump");
	TCase	*tc = tcase_create("import");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, arrays_of_records);
	tcase_add_test(tc, bad_input_names_the_record);
	tcase_add_test(tc, records_across_chunks);
	tcase_add_test(tc, rewind_reads_again);
	tcase_add_test(tc, pkmap_finds_and_refuses_twice);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
