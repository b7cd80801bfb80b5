/* Unit tests: src/core/req.c (parsing what nginx passes). */
#include "autoconf.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/req.h"

static struct arena	 a;
static struct req	 r;

static enum req_err
parse(char **env)
{
	arena_reset(&a);
	memset(&r, 0, sizeof(r));
	r.arena = &a;
	return req_parse(&r, env, 1000);
}

static void setup(void) { arena_init(&a, 1 << 20); }
static void teardown(void) { arena_free(&a); }

START_TEST(a_get_as_nginx_sends_it)
{
	char	*env[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/api/x/?a=1&b=%D0%AF",
	    "QUERY_STRING=a=1&b=%D0%AF", "CONTENT_LENGTH=", "CONTENT_TYPE=",
	    "REMOTE_ADDR=127.0.0.1", "HTTP_COOKIE=sid=s1; t=2",
	    "HTTP_AUTHORIZATION=Bearer x.y.z", "REQUEST_ID=abc123", NULL };

	ck_assert_int_eq(parse(env), REQ_OK);
	ck_assert_str_eq(r.method, "GET");
	ck_assert_str_eq(r.path, "/api/x/");
	ck_assert_str_eq(req_query(&r, "b"), "\xD0\xAF");
	ck_assert_str_eq(req_cookie(&r, "sid"), "s1");
	ck_assert_str_eq(r.authorization, "Bearer x.y.z");
	ck_assert_int_eq(r.content_length, -1);
	ck_assert_str_eq(r.id, "abc123");
	ck_assert_int_eq(r.face, FACE_JSON);
}
END_TEST

START_TEST(head_is_get_without_body)
{
	char	*env[] = { "REQUEST_METHOD=HEAD", "REQUEST_URI=/", NULL };

	ck_assert_int_eq(parse(env), REQ_OK);
	ck_assert_str_eq(r.method, "GET");
	ck_assert_int_eq(r.head, 1);
	ck_assert_int_eq(r.face, FACE_HTML);
}
END_TEST

START_TEST(client_request_id_only_when_sane)
{
	char	*good[] = { "REQUEST_URI=/", "HTTP_X_REQUEST_ID=my-id_1.2",
	    "REQUEST_ID=nginx", NULL };
	char	*bad[] = { "REQUEST_URI=/", "HTTP_X_REQUEST_ID=a\"b",
	    "REQUEST_ID=nginx", NULL };

	parse(good);
	ck_assert_str_eq(r.id, "my-id_1.2");
	parse(bad);
	ck_assert_str_eq(r.id, "nginx");
}
END_TEST

START_TEST(bad_input_is_reported)
{
	char	*nul[] = { "REQUEST_URI=/a%00b", NULL };
	char	*esc[] = { "REQUEST_URI=/a%zz", NULL };
	char	*rel[] = { "REQUEST_URI=a", NULL };
	char	*q[] = { "REQUEST_URI=/?a=%", "QUERY_STRING=a=%", NULL };
	char	*len[] = { "REQUEST_URI=/", "CONTENT_LENGTH=12x", NULL };
	char	*big[] = { "REQUEST_URI=/", "CONTENT_LENGTH=1001", NULL };
	char	*ok[] = { "REQUEST_URI=/", "CONTENT_LENGTH=1000", NULL };

	ck_assert_int_eq(parse(nul), REQ_BAD_PATH);
	ck_assert_int_eq(parse(esc), REQ_BAD_PATH);
	ck_assert_int_eq(parse(rel), REQ_BAD_PATH);
	ck_assert_int_eq(parse(q), REQ_BAD_QUERY);
	ck_assert_int_eq(parse(len), REQ_BAD_LENGTH);
	ck_assert_int_eq(parse(big), REQ_TOO_LARGE);
	ck_assert_int_eq(parse(ok), REQ_OK);
	ck_assert_int_eq(r.content_length, 1000);
}
END_TEST

START_TEST(api_paths)
{
	ck_assert(req_path_is_api("/api/health/"));
	ck_assert(req_path_is_api("/accounts/api/me/"));
	ck_assert(req_path_is_api("/schedule/api/groups/"));
	ck_assert(!req_path_is_api("/login"));
	ck_assert(!req_path_is_api("/apix"));
}
END_TEST

START_TEST(uploads_are_left_to_their_handler)
{
	char	*big[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/api/x/",
	    "CONTENT_TYPE=application/json", "CONTENT_LENGTH=5000", NULL };
	char	*multi[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/api/x/",
	    "CONTENT_TYPE=Multipart/Form-Data; boundary=x", "CONTENT_LENGTH=5000",
	    NULL };
	char	*file[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/api/x/",
	    "CONTENT_TYPE=application/octet-stream", "CONTENT_LENGTH=5000",
	    "REQUEST_BODY_FILE=/tmp/nginx/0000000001", NULL };
	char	*empty[] = { "REQUEST_METHOD=POST", "REQUEST_URI=/api/x/",
	    "CONTENT_TYPE=application/json", "CONTENT_LENGTH=0",
	    "REQUEST_BODY_FILE=", NULL };

	ck_assert_int_eq(parse(big), REQ_TOO_LARGE);
	ck_assert_int_eq(parse(multi), REQ_OK);
	ck_assert_int_eq(r.upload, 1);
	ck_assert_ptr_null(r.body_file);
	ck_assert_int_eq(r.content_length, 5000);
	ck_assert_int_eq(parse(file), REQ_OK);
	ck_assert_int_eq(r.upload, 1);
	ck_assert_str_eq(r.body_file, "/tmp/nginx/0000000001");
	ck_assert_int_eq(parse(empty), REQ_OK);
	ck_assert_int_eq(r.upload, 0);
	ck_assert_ptr_null(r.body_file);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("req");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, a_get_as_nginx_sends_it);
	tcase_add_test(tc, head_is_get_without_body);
	tcase_add_test(tc, client_request_id_only_when_sane);
	tcase_add_test(tc, bad_input_is_reported);
	tcase_add_test(tc, api_paths);
	tcase_add_test(tc, uploads_are_left_to_their_handler);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
