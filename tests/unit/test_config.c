/* Unit tests: src/core/config.c. */
#include "autoconf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"

static char	 path[64];

static void
write_conf(const char *text)
{
	FILE	*f;
	int	 fd;

	snprintf(path, sizeof(path), "/tmp/tpanel-test-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
}

START_TEST(file_then_environment)
{
	struct config	 c;
	char		 err[256];

	write_conf("# comment\n\nworkers = 4\n db_name=school \nsecret_key = abc\n");
	setenv("TPANEL_DB_NAME", "fromenv", 1);
	ck_assert_int_eq(config_load(&c, path, err, sizeof(err)), 0);
	ck_assert_int_eq(c.workers, 4);
	ck_assert_str_eq(c.db_name, "fromenv");
	ck_assert_str_eq(c.secret_key, "abc");
	ck_assert_str_eq(c.time_zone, "UTC");
	ck_assert_int_eq(config_check_serve(&c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "secret_key"));
	unsetenv("TPANEL_DB_NAME");
	config_free(&c);
	unlink(path);
}
END_TEST

START_TEST(errors_name_file_and_line)
{
	struct config	 c;
	char		 err[256];

	write_conf("workers = 2\nbogus = 1\n");
	ck_assert_int_eq(config_load(&c, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, ":2: unknown setting 'bogus'"));
	config_free(&c);
	unlink(path);

	write_conf("workers = lots\n");
	ck_assert_int_eq(config_load(&c, path, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "workers must be a number"));
	config_free(&c);
	unlink(path);

	write_conf("workers\n");
	ck_assert_int_eq(config_load(&c, path, err, sizeof(err)), -1);
	config_free(&c);
	unlink(path);

	setenv("TPANEL_WORKERS", "-1", 1);
	ck_assert_int_eq(config_load(&c, NULL, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "TPANEL_WORKERS"));
	config_free(&c);
	/* 0: four per CPU core, 4 to 32. */
	setenv("TPANEL_WORKERS", "0", 1);
	ck_assert_int_eq(config_load(&c, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(c.workers, config_auto_workers());
	ck_assert(c.workers >= 4 && c.workers <= 32);
	unsetenv("TPANEL_WORKERS");
	config_free(&c);

	ck_assert_int_eq(config_load(&c, "/nonexistent/tpanel.conf", err,
	    sizeof(err)), -1);
	config_free(&c);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, file_then_environment);
	tcase_add_test(tc, errors_name_file_and_line);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
