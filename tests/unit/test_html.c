/* Unit tests for core/html.c: every escaping context and injection attempts. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "core/buf.h"
#include "core/html.h"

typedef int (*escape_fn)(struct buf *, const char *, size_t);

/* Escape n bytes of in with fn into a fresh buffer and compare. */
static void
expect(escape_fn fn, const char *in, size_t n, const char *want)
{
	struct buf	 b;

	buf_init(&b, NULL);
	ck_assert_int_eq(fn(&b, in, n), 0);
	ck_assert_int_eq(b.err, 0);
	ck_assert_str_eq(buf_str(&b), want);
	ck_assert_uint_eq(b.len, strlen(want));
	buf_free(&b);
}

/* in is a string literal: its length counts embedded NULs. */
#define EXPECT(fn, in, want)	expect((fn), (in), sizeof(in) - 1, (want))

START_TEST(text_plain_passes)
{
	EXPECT(html_text, "Hello, world. 1 + 2", "Hello, world. 1 + 2");
	EXPECT(html_text, "", "");
	expect(html_text, NULL, 0, "");
}
END_TEST

START_TEST(text_each_special_char)
{
	EXPECT(html_text, "&", "&amp;");
	EXPECT(html_text, "<", "&lt;");
	EXPECT(html_text, ">", "&gt;");
	EXPECT(html_text, "\"", "&quot;");
	EXPECT(html_text, "'", "&#39;");
	EXPECT(html_text, "`", "&#96;");
	EXPECT(html_text, "=", "&#61;");
	EXPECT(html_text, "a&<>\"'`=b", "a&amp;&lt;&gt;&quot;&#39;&#96;&#61;b");
}
END_TEST

START_TEST(text_already_escaped_is_escaped_again)
{
	EXPECT(html_text, "&amp;", "&amp;amp;");
}
END_TEST

START_TEST(text_script_injection)
{
	EXPECT(html_text, "<script>alert(1)</script>",
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
}
END_TEST

START_TEST(attr_breakout_double_quote)
{
	EXPECT(html_attr, "\"><img src=x onerror=alert(1)>",
	    "&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;");
}
END_TEST

START_TEST(attr_breakout_single_quote)
{
	EXPECT(html_attr, "' onmouseover='x",
	    "&#39; onmouseover&#61;&#39;x");
}
END_TEST

START_TEST(attr_unquoted_and_backtick)
{
	EXPECT(html_attr, "x onclick=`alert(1)`",
	    "x onclick&#61;&#96;alert(1)&#96;");
	EXPECT(html_attr, "a&<>\"'`=b", "a&amp;&lt;&gt;&quot;&#39;&#96;&#61;b");
}
END_TEST

START_TEST(text_utf8_passes)
{
	EXPECT(html_text, "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80",
	    "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80");
	EXPECT(html_attr, "\xe2\x80\xa8", "\xe2\x80\xa8");
}
END_TEST

START_TEST(text_invalid_utf8_passes)
{
	EXPECT(html_text, "a\xff\xfe<\xc3", "a\xff\xfe&lt;\xc3");
	EXPECT(html_attr, "\x80\xc0\xaf", "\x80\xc0\xaf");
}
END_TEST

START_TEST(text_nul_dropped)
{
	EXPECT(html_text, "a\0b<\0", "ab&lt;");
	EXPECT(html_attr, "\0\0", "");
}
END_TEST

START_TEST(text_appends)
{
	struct buf	 b;

	buf_init(&b, NULL);
	buf_puts(&b, "<p>");
	ck_assert_int_eq(html_text(&b, "a<b", 3), 0);
	buf_puts(&b, "</p>");
	ck_assert_str_eq(buf_str(&b), "<p>a&lt;b</p>");
	buf_free(&b);
}
END_TEST

START_TEST(sticky_error_returns_failure)
{
	struct buf	 b;

	buf_init(&b, NULL);
	b.err = 1;
	ck_assert_int_eq(html_text(&b, "x", 1), -1);
	ck_assert_int_eq(html_attr(&b, "<", 1), -1);
	ck_assert_int_eq(html_url_arg(&b, "x y", 3), -1);
	ck_assert_int_eq(html_js_string(&b, "'", 1), -1);
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
}
END_TEST

START_TEST(url_unreserved_pass)
{
	EXPECT(html_url_arg,
	    "ABCXYZabcxyz0189-_.~", "ABCXYZabcxyz0189-_.~");
	EXPECT(html_url_arg, "", "");
}
END_TEST

START_TEST(url_reserved_encoded)
{
	EXPECT(html_url_arg, "a b", "a%20b");
	EXPECT(html_url_arg, "a+b&c=d/e?f#g%h", "a%2Bb%26c%3Dd%2Fe%3Ff%23g%25h");
	EXPECT(html_url_arg, "\"'<>`", "%22%27%3C%3E%60");
	EXPECT(html_url_arg, "\n\t\x7f", "%0A%09%7F");
}
END_TEST

START_TEST(url_uppercase_hex_utf8)
{
	EXPECT(html_url_arg, "caf\xc3\xa9", "caf%C3%A9");
	EXPECT(html_url_arg, "\xff\xfe", "%FF%FE");
}
END_TEST

START_TEST(url_javascript_scheme)
{
	EXPECT(html_url_arg, "javascript:alert(1)",
	    "javascript%3Aalert%281%29");
	EXPECT(html_url_arg, "\"><script>alert(1)</script>",
	    "%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E");
}
END_TEST

START_TEST(url_nul_dropped)
{
	EXPECT(html_url_arg, "a\0b", "ab");
}
END_TEST

START_TEST(js_plain_passes)
{
	EXPECT(html_js_string, "Hello world 42", "Hello world 42");
	EXPECT(html_js_string, "", "");
}
END_TEST

START_TEST(js_quotes_and_backslash)
{
	EXPECT(html_js_string, "\"", "\\u0022");
	EXPECT(html_js_string, "'", "\\u0027");
	EXPECT(html_js_string, "\\", "\\u005C");
	EXPECT(html_js_string, "it's \"x\"", "it\\u0027s \\u0022x\\u0022");
	EXPECT(html_js_string, "\\'; alert(1); //",
	    "\\u005C\\u0027; alert(1); \\u002F\\u002F");
}
END_TEST

START_TEST(js_html_chars)
{
	EXPECT(html_js_string, "<>&/", "\\u003C\\u003E\\u0026\\u002F");
}
END_TEST

START_TEST(js_script_close)
{
	EXPECT(html_js_string, "</script><script>alert(1)</script>",
	    "\\u003C\\u002Fscript\\u003E\\u003Cscript\\u003Ealert(1)"
	    "\\u003C\\u002Fscript\\u003E");
	EXPECT(html_js_string, "<!--", "\\u003C!--");
}
END_TEST

START_TEST(js_controls)
{
	EXPECT(html_js_string, "\n\r\t\b\f", "\\u000A\\u000D\\u0009\\u0008\\u000C");
	EXPECT(html_js_string, "\x01\x1f\x7f", "\\u0001\\u001F\\u007F");
	EXPECT(html_js_string, " ~", " ~");
}
END_TEST

START_TEST(js_line_separators)
{
	EXPECT(html_js_string, "a\xe2\x80\xa8" "b", "a\\u2028b");
	EXPECT(html_js_string, "\xe2\x80\xa9", "\\u2029");
	EXPECT(html_js_string, "\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
}
END_TEST

START_TEST(js_other_utf8_passes)
{
	/* U+2014 (em dash) shares the first two bytes with U+2028. */
	EXPECT(html_js_string, "\xe2\x80\x94 caf\xc3\xa9",
	    "\xe2\x80\x94 caf\xc3\xa9");
}
END_TEST

START_TEST(js_invalid_utf8_passes)
{
	EXPECT(html_js_string, "\xff\xc3", "\xff\xc3");
	/* A truncated U+2028 at the end of the input is left alone. */
	EXPECT(html_js_string, "x\xe2\x80", "x\xe2\x80");
	EXPECT(html_js_string, "\xe2\xa8", "\xe2\xa8");
}
END_TEST

START_TEST(js_nul_dropped)
{
	EXPECT(html_js_string, "a\0b'", "ab\\u0027");
}
END_TEST

START_TEST(long_input_grows_buffer)
{
	struct buf	 b;
	char		 in[3000];
	size_t		 i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = i % 3 == 0 ? '<' : 'a';
	buf_init(&b, NULL);
	ck_assert_int_eq(html_text(&b, in, sizeof(in)), 0);
	ck_assert_uint_eq(b.len, 1000 * 4 + 2000);
	ck_assert_int_eq(memcmp(b.p, "&lt;aa&lt;aa", 12), 0);
	buf_free(&b);
}
END_TEST

static Suite *
html_suite(void)
{
	Suite	*s = suite_create("html");
	TCase	*tc;

	tc = tcase_create("text");
	tcase_add_test(tc, text_plain_passes);
	tcase_add_test(tc, text_each_special_char);
	tcase_add_test(tc, text_already_escaped_is_escaped_again);
	tcase_add_test(tc, text_script_injection);
	tcase_add_test(tc, text_utf8_passes);
	tcase_add_test(tc, text_invalid_utf8_passes);
	tcase_add_test(tc, text_nul_dropped);
	tcase_add_test(tc, text_appends);
	tcase_add_test(tc, sticky_error_returns_failure);
	tcase_add_test(tc, long_input_grows_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("attr");
	tcase_add_test(tc, attr_breakout_double_quote);
	tcase_add_test(tc, attr_breakout_single_quote);
	tcase_add_test(tc, attr_unquoted_and_backtick);
	suite_add_tcase(s, tc);

	tc = tcase_create("url_arg");
	tcase_add_test(tc, url_unreserved_pass);
	tcase_add_test(tc, url_reserved_encoded);
	tcase_add_test(tc, url_uppercase_hex_utf8);
	tcase_add_test(tc, url_javascript_scheme);
	tcase_add_test(tc, url_nul_dropped);
	suite_add_tcase(s, tc);

	tc = tcase_create("js_string");
	tcase_add_test(tc, js_plain_passes);
	tcase_add_test(tc, js_quotes_and_backslash);
	tcase_add_test(tc, js_html_chars);
	tcase_add_test(tc, js_script_close);
	tcase_add_test(tc, js_controls);
	tcase_add_test(tc, js_line_separators);
	tcase_add_test(tc, js_other_utf8_passes);
	tcase_add_test(tc, js_invalid_utf8_passes);
	tcase_add_test(tc, js_nul_dropped);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(html_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
