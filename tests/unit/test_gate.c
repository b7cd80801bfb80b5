/* Unit tests: src/core/gate.c (the workers' share for outbound calls) and
 * src/core/cors.c (which origins may read API answers). */
#include "autoconf.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/config.h"
#include "core/cors.h"
#include "core/gate.h"

START_TEST(places_are_shared_by_processes_and_given_back)
{
	pid_t	 holder, pid;
	int	 status, fds[2];
	char	 c;

	ck_assert_int_eq(gate_enter(), 1);	/* no gate: always through */
	gate_leave();
	ck_assert_int_eq(gate_init(), 0);
	gate_set_limit(4, 50);
	ck_assert_int_eq(gate_limit(), 2);
	gate_set_limit(1, 10);
	ck_assert_int_eq(gate_limit(), 1);	/* at least one */
	gate_worker();
	/* A worker takes the one place and waits. */
	ck_assert_int_eq(pipe(fds), 0);
	if ((holder = fork()) == 0) {
		if (gate_enter() != 1 || gate_enter() != 1)	/* held: the same */
			_exit(1);
		(void)write(fds[1], "x", 1);
		pause();
		_exit(0);
	}
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	ck_assert_int_eq(gate_in_use(), 1);
	/* Another finds it full. */
	if ((pid = fork()) == 0)
		_exit(gate_enter() == 0 ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	/* The holder dies with it: the master gives it back. */
	kill(holder, SIGKILL);
	ck_assert_int_eq(waitpid(holder, &status, 0), holder);
	ck_assert_int_eq(gate_in_use(), 1);
	gate_forget(holder);
	ck_assert_int_eq(gate_in_use(), 0);
	/* Taken and given back at the end of a request. */
	ck_assert_int_eq(gate_enter(), 1);
	ck_assert_int_eq(gate_in_use(), 1);
	gate_leave();
	ck_assert_int_eq(gate_in_use(), 0);
}
END_TEST

START_TEST(allowed_origins)
{
	struct config	 c;

	memset(&c, 0, sizeof(c));
	c.base_url = "https://school.example:8443";
	c.cors_origins = " https://app.example.org/ ,https://b.example";
	ck_assert(cors_allowed(&c, "http://localhost:3000"));
	ck_assert(cors_allowed(&c, "http://127.0.0.1:3001"));
	ck_assert(cors_allowed(&c, "http://school.example"));
	ck_assert(cors_allowed(&c, "http://school.example:3000"));
	ck_assert(cors_allowed(&c, "https://app.example.org"));
	ck_assert(cors_allowed(&c, "https://b.example"));
	ck_assert(!cors_allowed(&c, NULL));
	ck_assert(!cors_allowed(&c, ""));
	ck_assert(!cors_allowed(&c, "null"));
	ck_assert(!cors_allowed(&c, "http://localhost:30000"));
	ck_assert(!cors_allowed(&c, "http://localhost:3000.evil.example"));
	ck_assert(!cors_allowed(&c, "https://localhost:3000"));
	ck_assert(!cors_allowed(&c, "http://school.example.evil"));
	ck_assert(!cors_allowed(&c, "http://school.example:8443"));
	ck_assert(!cors_allowed(&c, "https://app.example.org.evil"));
	ck_assert(!cors_allowed(&c, "https://b.exampl"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("gate");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, places_are_shared_by_processes_and_given_back);
	tcase_add_test(tc, allowed_origins);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
