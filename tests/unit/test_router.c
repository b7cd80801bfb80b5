/* Unit tests: src/core/router.c. */
#include "autoconf.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/req.h"
#include "core/router.h"
#include "core/str.h"

static int h(struct req *r) { (void)r; return 0; }

static const struct route t[] = {
	{ "GET",    "/",				h, R_ANON },
	{ "GET",    "/api/groups/",			h, R_USER },
	{ "POST",   "/api/groups/",			h, R_TEACHER },
	{ "GET",    "/api/groups/{id}/",		h, R_USER },
	{ "DELETE", "/api/groups/{id}/",		h, R_TEACHER },
	{ "POST",   "/api/groups/{id}/add_students/",	h, R_TEACHER },
	{ "GET",    "/api/a/{id}/b/{id}/",		h, R_USER },
	{ "POST",   "/api/jobs/{task_name}/",		h, R_ADMIN },
	{ "GET",    "/calendar/{key}.ics",		h, R_ANON },
};
#define N (sizeof(t) / sizeof(t[0]))

static enum router_result
m(const char *method, const char *path, const struct route **out,
    int64_t *ids, size_t *nids, char *allow)
{
	return router_match(t, N, method, path, out, ids, nids, allow, 64);
}

START_TEST(literal_and_trailing_slash)
{
	const struct route	*r;
	int64_t			 ids[REQ_PATH_IDS];
	size_t			 n;
	char			 allow[64];

	ck_assert_int_eq(m("GET", "/api/groups/", &r, ids, &n, allow), ROUTER_FOUND);
	ck_assert_ptr_eq(r, &t[1]);
	ck_assert_int_eq(m("GET", "/api/groups", &r, ids, &n, allow), ROUTER_FOUND);
	ck_assert_int_eq(m("POST", "/api/groups", &r, ids, &n, allow), ROUTER_FOUND);
	ck_assert_ptr_eq(r, &t[2]);
	ck_assert_int_eq(m("GET", "/", &r, ids, &n, allow), ROUTER_FOUND);
	ck_assert_ptr_eq(r, &t[0]);
	ck_assert_int_eq(m("GET", "/api/groups//", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/api", &r, ids, &n, allow), ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "", &r, ids, &n, allow), ROUTER_NOT_FOUND);
}
END_TEST

START_TEST(ids_are_positive_integers)
{
	const struct route	*r;
	int64_t			 ids[REQ_PATH_IDS];
	size_t			 n;
	char			 allow[64];

	ck_assert_int_eq(m("GET", "/api/groups/42/", &r, ids, &n, allow), ROUTER_FOUND);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], 42);
	ck_assert_int_eq(m("GET", "/api/a/7/b/9", &r, ids, &n, allow), ROUTER_FOUND);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ids[1], 9);
	ck_assert_int_eq(m("GET", "/api/groups/0/", &r, ids, &n, allow), ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/api/groups/-1/", &r, ids, &n, allow), ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/api/groups/007/", &r, ids, &n, allow), ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/api/groups/abc/", &r, ids, &n, allow), ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/api/groups/99999999999999999999/", &r, ids, &n,
	    allow), ROUTER_NOT_FOUND);
}
END_TEST

START_TEST(wrong_method_lists_allowed_ones)
{
	const struct route	*r;
	int64_t			 ids[REQ_PATH_IDS];
	size_t			 n;
	char			 allow[64];

	ck_assert_int_eq(m("PUT", "/api/groups/5", &r, ids, &n, allow),
	    ROUTER_BAD_METHOD);
	ck_assert_str_eq(allow, "GET, DELETE");
	ck_assert_int_eq(m("GET", "/api/groups/5/add_students/", &r, ids, &n, allow),
	    ROUTER_BAD_METHOD);
	ck_assert_str_eq(allow, "POST");
}
END_TEST

START_TEST(name_segments)
{
	const struct route	*r;
	int64_t			 ids[REQ_PATH_IDS];
	size_t			 n;
	char			 allow[64];
	struct slice		 name;

	ck_assert_int_eq(m("POST", "/api/jobs/send_lesson_reminders/", &r, ids,
	    &n, allow), ROUTER_FOUND);
	ck_assert_ptr_eq(r, &t[7]);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(router_name(r->pattern, "/api/jobs/send_lesson_reminders/",
	    "{task_name}", &name), 0);
	ck_assert(slice_eq(name, "send_lesson_reminders"));
	ck_assert_int_eq(router_name(r->pattern, "/api/jobs/a-b.c", "{task_name}",
	    &name), 0);
	ck_assert(slice_eq(name, "a-b.c"));
	ck_assert_int_eq(m("POST", "/api/jobs/42", &r, ids, &n, allow),
	    ROUTER_FOUND);
	/* Empty, too long, other characters, more segments: no match. */
	ck_assert_int_eq(m("POST", "/api/jobs//", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("POST", "/api/jobs/a b/", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("POST", "/api/jobs/a%2Fb/", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("POST", "/api/jobs/x/y/", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("POST", "/api/jobs/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaa/", &r, ids, &n, allow), ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/api/jobs/x/", &r, ids, &n, allow),
	    ROUTER_BAD_METHOD);
	/* A name the pattern has not. */
	ck_assert_int_eq(router_name("/api/groups/{id}/", "/api/groups/4/",
	    "{name}", &name), -1);
}
END_TEST

START_TEST(keys_are_base64url_tokens_with_their_suffix)
{
	const struct route	*r;
	int64_t			 ids[REQ_PATH_IDS];
	size_t			 n;
	char			 allow[64], big[200];
	struct slice		 name;

	ck_assert_int_eq(m("GET", "/calendar/Ab9-_x.ics", &r, ids, &n, allow),
	    ROUTER_FOUND);
	ck_assert_ptr_eq(r, &t[8]);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(router_name(r->pattern, "/calendar/Ab9-_x.ics", "{key}",
	    &name), 0);
	ck_assert(slice_eq(name, "Ab9-_x"));
	ck_assert_int_eq(m("GET", "/calendar/Ab9-_x.ics/", &r, ids, &n, allow),
	    ROUTER_FOUND);
	ck_assert_int_eq(m("POST", "/calendar/abc.ics", &r, ids, &n, allow),
	    ROUTER_BAD_METHOD);
	/* No token, another suffix, a character outside base64url, a dot. */
	ck_assert_int_eq(m("GET", "/calendar/.ics", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/calendar/abc.ical", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/calendar/abc", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/calendar/a+c.ics", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/calendar/a.b.ics", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	ck_assert_int_eq(m("GET", "/calendar/x/abc.ics", &r, ids, &n, allow),
	    ROUTER_NOT_FOUND);
	/* At most 128 characters. */
	memset(big, 'a', sizeof(big));
	memcpy(big, "/calendar/", 10);
	memcpy(big + 10 + 128, ".ics", 5);
	ck_assert_int_eq(m("GET", big, &r, ids, &n, allow), ROUTER_FOUND);
	memset(big + 10, 'a', 129);
	memcpy(big + 10 + 129, ".ics", 5);
	ck_assert_int_eq(m("GET", big, &r, ids, &n, allow), ROUTER_NOT_FOUND);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("router");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, literal_and_trailing_slash);
	tcase_add_test(tc, ids_are_positive_integers);
	tcase_add_test(tc, wrong_method_lists_allowed_ones);
	tcase_add_test(tc, name_segments);
	tcase_add_test(tc, keys_are_base64url_tokens_with_their_suffix);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
