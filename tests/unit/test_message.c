/* Unit tests: src/mail/message.c. */
#include "autoconf.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "crypto/b64.h"
#include "mail/message.h"

static struct arena	 a;

static void
setup(void)
{
	arena_init(&a, 1 << 20);
}

static void
teardown(void)
{
	arena_free(&a);
}

static struct mail_msg
msg(const char *from, const char *to, const char *subject, const char *text)
{
	struct mail_msg	 m = { from, to, subject, text, 1700000000 };

	return m;
}

/* The decoded encoded words of the Subject header. */
static const char *
subject_of(const char *m)
{
	const char	*p = strstr(m, "\r\nSubject:"), *q, *end;
	struct buf	 b;
	char		 out[256];
	size_t		 n;

	ck_assert_ptr_nonnull(p);
	end = strstr(p + 2, "\r\nMessage-ID:");
	buf_init(&b, &a);
	while ((q = strstr(p, "=?UTF-8?B?")) != NULL && q < end) {
		p = strstr(q, "?=");
		ck_assert_int_le(p + 2 - q, 75);
		ck_assert_int_eq(b64_decode(q + 10, (size_t)(p - q - 10), out,
		    sizeof(out), &n, 0), 0);
		buf_add(&b, out, n);
		p += 2;
	}
	return buf_str(&b);
}

static const char *
body_of(const char *m)
{
	const char	*p = strstr(m, "\r\n\r\n") + 4, *eol;
	struct buf	 b;
	char		 out[128];
	size_t		 n;

	buf_init(&b, &a);
	for (; *p; p = eol + 2) {
		eol = strstr(p, "\r\n");
		ck_assert_ptr_nonnull(eol);
		ck_assert_int_le(eol - p, 76);
		ck_assert_int_eq(b64_decode(p, (size_t)(eol - p), out, sizeof(out),
		    &n, 0), 0);
		buf_add(&b, out, n);
	}
	return buf_str(&b);
}

START_TEST(headers_and_body)
{
	struct mail_msg	 m = msg("Teaching Panel <noreply@school.example>",
	    "anna@example.org", "Напоминание: урок «Алгебра» в 10:00",
	    "Здравствуйте, Анна!\n\nУрок скоро.\n");
	char		*t = mail_message(&a, &m);

	ck_assert_ptr_nonnull(t);
	ck_assert(strncmp(t, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n", 39) == 0);
	ck_assert_ptr_nonnull(strstr(t, "\r\nFrom: Teaching Panel "
	    "<noreply@school.example>\r\nTo: <anna@example.org>\r\n"));
	ck_assert_ptr_nonnull(strstr(t, "@school.example>\r\nMIME-Version: 1.0\r\n"));
	ck_assert_ptr_nonnull(strstr(t, "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n"));
	ck_assert_str_eq(subject_of(t), "Напоминание: урок «Алгебра» в 10:00");
	ck_assert_str_eq(body_of(t),
	    "Здравствуйте, Анна!\r\n\r\nУрок скоро.\r\n");
	/* Only ASCII on the wire: nothing for a relay to mangle. */
	for (; *t; t++)
		ck_assert_int_lt((unsigned char)*t, 128);
}
END_TEST

START_TEST(long_subject_is_folded)
{
	char		 subj[600], big[1000];
	struct mail_msg	 m;
	char		*t;
	size_t		 i;

	/* 300 two-byte letters: encoded words never cut a letter. */
	for (i = 0; i < 300; i++)
		memcpy(subj + 2 * i, "Ж", 2);
	subj[600 - 1] = '\0';
	subj[598] = 'x';
	m = msg("noreply@x.example", "a@b.example", subj, "x\n");
	ck_assert_ptr_nonnull(t = mail_message(&a, &m));
	ck_assert_ptr_nonnull(strstr(t, "?=\r\n =?UTF-8?B?"));
	ck_assert_str_eq(subject_of(t), subj);
	/* A long body is cut into lines of 76. */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	m = msg("noreply@x.example", "a@b.example", "s", big);
	ck_assert_ptr_nonnull(t = mail_message(&a, &m));
	ck_assert_str_eq(body_of(t), big);
}
END_TEST

START_TEST(header_injection_refused)
{
	struct mail_msg	 m;

	m = msg("noreply@x.example", "a@b.example\r\nBcc: c@d.example", "s", "t");
	ck_assert_ptr_null(mail_message(&a, &m));
	m = msg("Bad\r\nBcc: c@d.example <noreply@x.example>", "a@b.example",
	    "s", "t");
	ck_assert_ptr_null(mail_message(&a, &m));
	m = msg("noreply@x.example", "<a@b.example>", "s", "t");
	ck_assert_ptr_null(mail_message(&a, &m));
	/* A subject with line breaks is encoded, never a header. */
	m = msg("noreply@x.example", "a@b.example", "s\r\nBcc: c@d.example", "t");
	ck_assert_ptr_nonnull(mail_message(&a, &m));
	ck_assert_ptr_null(strstr(mail_message(&a, &m), "Bcc"));
}
END_TEST

START_TEST(addresses)
{
	ck_assert_str_eq(mail_address(&a, "a@b.example"), "a@b.example");
	ck_assert_str_eq(mail_address(&a, "Name <a@b.example>"), "a@b.example");
	ck_assert_str_eq(mail_address(&a, "<a@b.example>"), "a@b.example");
	ck_assert_ptr_null(mail_address(&a, NULL));
	ck_assert_ptr_null(mail_address(&a, ""));
	ck_assert_ptr_null(mail_address(&a, "ab.example"));
	ck_assert_ptr_null(mail_address(&a, "@b.example"));
	ck_assert_ptr_null(mail_address(&a, "a@"));
	ck_assert_ptr_null(mail_address(&a, "a@b@c"));
	ck_assert_ptr_null(mail_address(&a, "a b@c.example"));
	ck_assert_ptr_null(mail_address(&a, "Name <a@b.example> x"));
	ck_assert_ptr_null(mail_address(&a, "Name <a@b.example"));
	ck_assert_ptr_null(mail_address(&a, "a@b.example,c@d.example"));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("message");
	TCase	*tc = tcase_create("mail");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, headers_and_body);
	tcase_add_test(tc, long_subject_is_folded);
	tcase_add_test(tc, header_injection_refused);
	tcase_add_test(tc, addresses);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
