/* Unit tests: src/core/multipart.c (uploads, read as a stream). */
#include "autoconf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/multipart.h"

#define CT	"multipart/form-data; boundary=----b0undary"
#define B	"------b0undary"

static struct arena	 a;
static char		 dir[] = "/tmp/tpmpXXXXXX";

/* A reader over a string that hands out at most `chunk` bytes a call. */
struct src {
	const char	*p;
	size_t		 len, off, chunk;
	int		 fail;
};

static long
src_read(void *ctx, char *buf, size_t n)
{
	struct src	*s = ctx;

	if (s->fail && s->off > 0)
		return -1;
	if (n > s->len - s->off)
		n = s->len - s->off;
	if (s->chunk > 0 && n > s->chunk)
		n = s->chunk;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	return (long)n;
}

static size_t	 tapped;

static void
tap(void *ctx, const void *p, size_t n)
{
	(void)ctx;
	(void)p;
	tapped += n;
}

static enum mp_err
parse_n(const char *ct, const char *body, size_t len, size_t chunk,
    int64_t max, struct multipart *m)
{
	struct src	 s = { body, len, 0, chunk, 0 };
	struct mp_opts	 o = { "file", dir, max, tap, NULL };

	tapped = 0;
	return multipart_parse(&a, ct, src_read, &s, &o, m);
}

static enum mp_err
parse(const char *body, struct multipart *m)
{
	return parse_n(CT, body, strlen(body), 0, 1 << 20, m);
}

static char *
slurp(const struct mp_file *f)
{
	static char	 buf[4096];
	ssize_t		 n;

	n = pread(f->fd, buf, sizeof(buf) - 1, 0);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	return buf;
}

static int
files_in_dir(void)
{
	char	 cmd[128];
	FILE	*p;
	int	 n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
	p = popen(cmd, "r");
	if (p != NULL && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p != NULL)
		pclose(p);
	return n;
}

static void
setup(void)
{
	arena_init(&a, 1 << 22);
	ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/tpmpXXXXXX")));
}

static void
teardown(void)
{
	arena_free(&a);
	ck_assert_int_eq(rmdir(dir), 0);	/* every temporary file gone */
}

/* What a browser sends for a form with a text field and a file whose
 * content comes close to the delimiter twice. */
#define CONTENT	"\x89PNG\r\n-- not a boundary\r\n------b0undarx is not one\r\n"
static const char browser[] =
    B "\r\n"
    "Content-Disposition: form-data; name=\"file_type\"\r\n"
    "\r\n"
    "image\r\n"
    B "\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"ф о.png\"\r\n"
    "Content-Type: image/png\r\n"
    "\r\n"
    CONTENT "\r\n" B "--\r\n"
    "epilogue, ignored";

START_TEST(a_browser_form_in_any_chunk_size)
{
	static const size_t	 chunks[] = { 0, 1, 2, 3, 7, 16, 17, 64 };
	struct multipart	 m;
	size_t			 i;

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		ck_assert_int_eq(parse_n(CT, browser, sizeof(browser) - 1,
		    chunks[i], 1 << 20, &m), MP_OK);
		ck_assert_uint_eq(m.nfields, 1);
		ck_assert_str_eq(multipart_field(&m, "file_type"), "image");
		ck_assert_ptr_null(multipart_field(&m, "file"));
		ck_assert_ptr_nonnull(m.file);
		ck_assert_str_eq(m.file->filename, "ф о.png");
		ck_assert_str_eq(m.file->content_type, "image/png");
		ck_assert_str_eq(slurp(m.file), CONTENT);
		ck_assert_int_eq(m.file->size, strlen(CONTENT));
		ck_assert_uint_eq(tapped, strlen(CONTENT));
		ck_assert_int_eq(files_in_dir(), 1);
		arena_reset(&a);
		ck_assert_int_eq(files_in_dir(), 0);
	}
}
END_TEST

START_TEST(a_kept_file_stays)
{
	struct multipart	 m;
	char			 moved[64];

	ck_assert_int_eq(parse(browser, &m), MP_OK);
	snprintf(moved, sizeof(moved), "%s.kept", dir);
	ck_assert_int_eq(rename(m.file->path, moved), 0);
	m.file->kept = 1;
	arena_reset(&a);
	ck_assert_int_eq(unlink(moved), 0);
}
END_TEST

START_TEST(the_boundary_parameter)
{
	struct multipart	 m;
	const char		*body = "--a b\r\nContent-Disposition: form-data; "
	    "name=x\r\n\r\n1\r\n--a b--";

	ck_assert_int_eq(parse_n("Multipart/Form-Data ; charset=utf-8; "
	    "boundary=\"a b\"", body, strlen(body), 0, 10, &m), MP_OK);
	ck_assert_str_eq(multipart_field(&m, "x"), "1");
	ck_assert_int_eq(parse_n("multipart/form-data", body, strlen(body), 0,
	    10, &m), MP_BAD_BOUNDARY);
	ck_assert_int_eq(parse_n("multipart/form-data; boundary=", body,
	    strlen(body), 0, 10, &m), MP_BAD_BOUNDARY);
	ck_assert_int_eq(parse_n("multipart/form-data; boundary=a<b", body,
	    strlen(body), 0, 10, &m), MP_BAD_BOUNDARY);
	ck_assert_int_eq(parse_n("multipart/form-data; boundary=\"a b \"", body,
	    strlen(body), 0, 10, &m), MP_BAD_BOUNDARY);
	ck_assert_int_eq(parse_n("multipart/form-data; boundary="
	    "12345678901234567890123456789012345678901234567890123456789012345678901",
	    body, strlen(body), 0, 10, &m), MP_BAD_BOUNDARY);
	ck_assert_int_eq(parse_n("multipart/mixed; boundary=a", body,
	    strlen(body), 0, 10, &m), MP_NOT_MULTIPART);
	ck_assert_int_eq(parse_n("application/json", body, strlen(body), 0, 10,
	    &m), MP_NOT_MULTIPART);
	ck_assert_int_eq(parse_n("", body, strlen(body), 0, 10, &m),
	    MP_NOT_MULTIPART);
}
END_TEST

START_TEST(filenames_as_clients_escape_them)
{
	struct multipart	 m;

	/* curl: \" and \\ escaped; a browser: other backslashes as they are. */
	ck_assert_int_eq(parse(B "\r\nContent-Disposition: form-data; "
	    "filename=\"a\\\"b\\\\c\\d.png\";name=file\r\n\r\nx\r\n" B "--", &m),
	    MP_OK);
	ck_assert_str_eq(m.file->filename, "a\"b\\c\\d.png");
	ck_assert_str_eq(m.file->content_type, "");
	arena_reset(&a);
	/* No file chosen: an empty filename is no file. */
	ck_assert_int_eq(parse(B "\r\nContent-Disposition: form-data; name=\"file\"; "
	    "filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
	    B "--\r\n", &m), MP_OK);
	ck_assert_ptr_null(m.file);
	ck_assert_uint_eq(m.nfields, 0);
	/* A text field called file is no file either. */
	ck_assert_int_eq(parse(B "\r\nContent-Disposition: form-data; name=file\r\n"
	    "\r\nabc\r\n" B "--\r\n", &m), MP_OK);
	ck_assert_ptr_null(m.file);
	ck_assert_str_eq(multipart_field(&m, "file"), "abc");
	/* Another file field is read and dropped. */
	ck_assert_int_eq(parse(B "\r\nContent-Disposition: form-data; name=other; "
	    "filename=x.txt\r\n\r\nabc\r\n" B "--\r\n", &m), MP_OK);
	ck_assert_ptr_null(m.file);
	ck_assert_uint_eq(m.nfields, 0);
}
END_TEST

START_TEST(preamble_padding_and_empty_parts)
{
	struct multipart	 m;

	ck_assert_int_eq(parse("This is a preamble.\r\n" B " \t\r\n"
	    "Content-Disposition: form-data; name=a\r\n\r\n\r\n" B "\r\n"
	    "Content-Disposition: form-data; name=b\r\n\r\n2\r\n" B "--", &m),
	    MP_OK);
	ck_assert_str_eq(multipart_field(&m, "a"), "");
	ck_assert_str_eq(multipart_field(&m, "b"), "2");
	ck_assert_int_eq(parse(B "--\r\n", &m), MP_OK);
	ck_assert_uint_eq(m.nfields, 0);
	ck_assert_ptr_null(m.file);
}
END_TEST

START_TEST(malformed_bodies)
{
	static const char *const bad[] = {
		"",					/* no boundary at all */
		B,					/* nothing after it */
		B "\r\n",				/* no headers */
		B "\r\nContent-Disposition: form-data; name=a\r\n\r\nx",	/* no end */
		B "\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n" B,
		B "\r\n\r\nx\r\n" B "--",		/* no name */
		B "\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n" B "--",
		B "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n" B "--",
		B "\r\nContent-Disposition: form-data; name\r\n\r\nx\r\n" B "--",
		B "\r\nContent-Disposition: form-data; name=a b\r\n\r\nx\r\n" B "--",
		B "\r\nNo colon here\r\n\r\nx\r\n" B "--",
		B "\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nx\r\n" B "--",
		B "x\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n" B "--",
		B "\r\nContent-Disposition: form-data; name=a\r\n\r\nx\0y\r\n" B "--",
	};
	struct multipart	 m;
	size_t			 i, len;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		len = strlen(bad[i]);
		if (i == 13)
			len += 1 + strlen(bad[i] + len + 1);	/* the NUL */
		ck_assert_msg(parse_n(CT, bad[i], len, 0, 100, &m) == MP_MALFORMED,
		    "case %zu", i);
	}
	/* A preamble of more than 8 KiB. */
	{
		char	*big = calloc(1, 9000 + sizeof(B) + 8);

		memset(big, 'p', 9000);
		strcat(big, "\r\n" B "--");
		ck_assert_int_eq(parse(big, &m), MP_MALFORMED);
		free(big);
	}
}
END_TEST

START_TEST(limits)
{
	struct multipart	 m;
	char			 body[20000], *p;
	int			 i;

	/* Nine parts. */
	for (p = body, i = 0; i < 9; i++)
		p += sprintf(p, B "\r\nContent-Disposition: form-data; "
		    "name=f%d\r\n\r\n%d\r\n", i, i);
	strcpy(p, B "--");
	ck_assert_int_eq(parse(body, &m), MP_TOO_MANY_PARTS);
	/* Eight are fine. */
	strcpy(strstr(body, B "\r\nContent-Disposition: form-data; name=f8"),
	    B "--");
	ck_assert_int_eq(parse(body, &m), MP_OK);
	ck_assert_uint_eq(m.nfields, 8);
	ck_assert_str_eq(multipart_field(&m, "f7"), "7");
	/* Headers of more than 8 KiB. */
	p = body + sprintf(body, B "\r\nContent-Disposition: form-data; name=a\r\n"
	    "X-Long: ");
	memset(p, 'x', 8200);
	strcpy(p + 8200, "\r\n\r\nv\r\n" B "--");
	ck_assert_int_eq(parse(body, &m), MP_HEADER_TOO_LARGE);
	/* A field of more than 8 KiB; exactly 8 KiB is fine. */
	p = body + sprintf(body, B "\r\nContent-Disposition: form-data; name=a\r\n\r\n");
	memset(p, 'v', MP_FIELD_MAX + 1);
	strcpy(p + MP_FIELD_MAX + 1, "\r\n" B "--");
	ck_assert_int_eq(parse(body, &m), MP_FIELD_TOO_LARGE);
	strcpy(p + MP_FIELD_MAX, "\r\n" B "--");
	ck_assert_int_eq(parse(body, &m), MP_OK);
	ck_assert_uint_eq(m.fields[0].len, MP_FIELD_MAX);
	/* Nested multipart. */
	ck_assert_int_eq(parse(B "\r\nContent-Disposition: form-data; name=a\r\n"
	    "Content-Type: Multipart/Mixed; boundary=x\r\n\r\n--x--\r\n" B "--",
	    &m), MP_NESTED);
	/* The file twice. */
	ck_assert_int_eq(parse(B "\r\nContent-Disposition: form-data; name=file; "
	    "filename=a\r\n\r\n1\r\n" B "\r\nContent-Disposition: form-data; "
	    "name=file; filename=b\r\n\r\n2\r\n" B "--", &m), MP_TWO_FILES);
	arena_reset(&a);
	/* A file over the limit; at the limit it is fine. */
	ck_assert_int_eq(parse_n(CT, browser, sizeof(browser) - 1, 5,
	    (int64_t)strlen(CONTENT) - 1, &m), MP_FILE_TOO_LARGE);
	arena_reset(&a);
	ck_assert_int_eq(parse_n(CT, browser, sizeof(browser) - 1, 5,
	    (int64_t)strlen(CONTENT), &m), MP_OK);
	arena_reset(&a);
}
END_TEST

START_TEST(read_and_temp_errors)
{
	struct multipart	 m;
	struct src		 s = { browser, sizeof(browser) - 1, 0, 10, 1 };
	struct mp_opts		 o = { "file", dir, 100, NULL, NULL };

	ck_assert_int_eq(multipart_parse(&a, CT, src_read, &s, &o, &m), MP_READ);
	s.fail = 0;
	s.off = 0;
	o.tmp_dir = "/nonexistent/dir";
	ck_assert_int_eq(multipart_parse(&a, CT, src_read, &s, &o, &m), MP_TEMP);
	ck_assert_str_eq(multipart_strerror(MP_TEMP), "temporary file");
}
END_TEST

static Suite *
suite(void)
{
	Suite	*s = suite_create("multipart");
	TCase	*t = tcase_create("core");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, a_browser_form_in_any_chunk_size);
	tcase_add_test(t, a_kept_file_stays);
	tcase_add_test(t, the_boundary_parameter);
	tcase_add_test(t, filenames_as_clients_escape_them);
	tcase_add_test(t, preamble_padding_and_empty_parts);
	tcase_add_test(t, malformed_bodies);
	tcase_add_test(t, limits);
	tcase_add_test(t, read_and_temp_errors);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
