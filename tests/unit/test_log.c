/* Unit tests: src/core/log.c (lines on stderr when the file cannot take them). */
#include "autoconf.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/log.h"

static int	 fd = -1, saved = -1, limited;
static struct rlimit old;

/* stderr into a temp file that takes at most limit bytes (a full disk:
 * a write that does not fit is cut short, the next ones fail). No check
 * until room(): Check's own messages would meet the limit too. */
static void
capture(rlim_t limit)
{
	char		 path[] = "/tmp/tplogXXXXXX";
	struct rlimit	 lim;

	signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_ne(fd = mkstemp(path), -1);
	unlink(path);
	ck_assert_int_ne(saved = dup(STDERR_FILENO), -1);
	ck_assert_int_ne(dup2(fd, STDERR_FILENO), -1);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = limit;
	limited = setrlimit(RLIMIT_FSIZE, &lim);
}

static void
room(void)
{
	int	 rc = setrlimit(RLIMIT_FSIZE, &old);

	ck_assert_int_eq(limited, 0);
	ck_assert_int_eq(rc, 0);
}

/* What the file holds; stderr back as it was. */
static char *
captured(void)
{
	static char	 buf[16384];
	ssize_t		 n;

	dup2(saved, STDERR_FILENO);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(fd);
	return buf;
}

START_TEST(a_line_cut_short_does_not_run_on_into_the_next)
{
	char	*got;

	capture(30);
	log_json_line("{\"a\":\"0123456789012345678901234567890123456789\"}");
	log_json_line("{\"b\":1}");		/* no room at all */
	room();
	log_json_line("{\"c\":2}");
	log_json_line("{\"d\":3}");
	got = captured();
	ck_assert_str_eq(got, "{\"a\":\"012345678901234567890123\n"
	    "{\"c\":2}\n{\"d\":3}\n");
}
END_TEST

START_TEST(a_long_line_cut_short_too)
{
	char	*big, *got;
	size_t	 n = 6000;

	ck_assert_ptr_nonnull(big = malloc(n + 1));
	memset(big, 'x', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	capture(100);
	log_json_line(big);
	room();
	log_json_line(big);
	log_json_line("{\"e\":5}");
	got = captured();
	ck_assert_int_eq(strlen(got), 100 + 1 + n + 1 + 8);
	ck_assert(got[100] == '\n' && got[101] == '{');
	ck_assert_str_eq(got + 100 + 1 + n, "\n{\"e\":5}\n");
	free(big);
}
END_TEST

START_TEST(a_line_another_process_cut_is_ended_too)
{
	struct rlimit	 lim;
	pid_t		 pid;
	int		 status;

	ck_assert_int_eq(log_share(), 0);	/* as tpanel serve's master */
	capture(RLIM_INFINITY);
	room();
	if ((pid = fork()) == 0) {
		lim = old;
		lim.rlim_cur = 20;
		if (setrlimit(RLIMIT_FSIZE, &lim) == 0)
			log_json_line("{\"worker\":\"0123456789012345678901234\"}");
		_exit(0);
	}
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	log_json_line("{\"master\":1}");	/* it never failed itself */
	log_json_line("{\"master\":2}");
	ck_assert_str_eq(captured(), "{\"worker\":\"012345678\n"
	    "{\"master\":1}\n{\"master\":2}\n");
}
END_TEST

START_TEST(lines_are_whole_when_nothing_fails)
{
	capture(RLIM_INFINITY);
	log_json_line("{\"f\":6}");
	log_json_line("{\"g\":7}");
	room();
	ck_assert_str_eq(captured(), "{\"f\":6}\n{\"g\":7}\n");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("log");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, a_line_cut_short_does_not_run_on_into_the_next);
	tcase_add_test(tc, a_long_line_cut_short_too);
	tcase_add_test(tc, a_line_another_process_cut_is_ended_too);
	tcase_add_test(tc, lines_are_whole_when_nothing_fails);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
