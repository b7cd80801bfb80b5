/* Unit tests: src/core/csv.c and src/core/xlsx.c. */
#include "autoconf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/dt.h"
#include "core/jsonw.h"
#include "core/svg.h"
#include "core/table.h"
#include "core/xlsx.h"

static const char *const headers[] = { "№", "Ученик", "Посещаемость, %", "Баллы" };
static const double widths[] = { 5, 30, 14, 10 };
static const struct cell cells[] = {
	{ CELL_INT, NULL, 1 }, { CELL_TEXT, "Петрова Анна", 0 },
	{ CELL_TENTHS, NULL, 833 }, { CELL_INT, NULL, 77 },
	{ CELL_INT, NULL, 2 }, { CELL_TEXT, "=HYPERLINK(\"http://x\",\"y\")", 0 },
	{ CELL_EMPTY, NULL, 0 }, { CELL_INT, NULL, -3 },
	{ CELL_INT, NULL, 3 }, { CELL_TEXT, "Smith, \"Jo\"\r\nline", 0 },
	{ CELL_TENTHS, NULL, 5 }, { CELL_TEXT, "@cmd", 0 },
};
static const struct table tab = { "Отчёт", 4, 3, headers, widths, cells };

START_TEST(csv_bytes)
{
	struct arena	 a;
	struct buf	 b;

	arena_init(&a, 0);
	buf_init(&b, &a);
	ck_assert_int_eq(csv_table(&b, &tab), 0);
	ck_assert_str_eq(buf_str(&b),
	    "\xef\xbb\xbf" "№,Ученик,\"Посещаемость, %\",Баллы\r\n"
	    "1,Петрова Анна,83.3,77\r\n"
	    "2,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",,-3\r\n"
	    "3,\"Smith, \"\"Jo\"\"\r\nline\",0.5,'@cmd\r\n");
	arena_free(&a);
}
END_TEST

START_TEST(csv_guards_every_formula_start)
{
	static const char	*in[] = { "=1+2", "+1", "-1", "@A1", "\tx", "\rx" };
	static const char	*out[] = { "'=1+2", "'+1", "'-1", "'@A1", "'\tx",
	    "\"'\rx\"" };
	struct arena		 a;
	struct buf		 b;
	size_t			 i;

	arena_init(&a, 0);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		buf_init(&b, &a);
		csv_text(&b, in[i]);
		ck_assert_str_eq(buf_str(&b), out[i]);
	}
	buf_init(&b, &a);
	csv_text(&b, "a=b");		/* only at the start */
	ck_assert_str_eq(buf_str(&b), "a=b");
	arena_free(&a);
}
END_TEST

/* The text of one member of a zip file, by unzip -p. */
static char *
member(const char *zip, const char *name)
{
	char	 cmd[512];
	FILE	*p;
	char	*out = calloc(1, 1 << 16);
	size_t	 n;

	snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s'", zip, name);
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	n = fread(out, 1, (1 << 16) - 1, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

START_TEST(xlsx_numbers_are_numeric_cells)
{
	struct arena	 a;
	char		*bytes, path[] = "/tmp/test-xlsx-XXXXXX", *xml, *styles;
	size_t		 len;
	int		 fd;

	arena_init(&a, 0);
	ck_assert_int_eq(xlsx_table(&a, &tab, &bytes, &len), 0);
	ck_assert(len > 1000);
	ck_assert(memcmp(bytes, "PK\x03\x04", 4) == 0);
	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_int_eq(write(fd, bytes, len), (ssize_t)len);
	close(fd);
	xml = member(path, "xl/worksheets/sheet1.xml");
	/* 83.3 and 77 are numbers (no t="s"), the frozen header a pane. */
	ck_assert_ptr_nonnull(strstr(xml, "<v>83.3</v>"));
	ck_assert_ptr_nonnull(strstr(xml, "<v>77</v>"));
	ck_assert_ptr_nonnull(strstr(xml, "<v>-3</v>"));
	ck_assert_ptr_nonnull(strstr(xml, "state=\"frozen\""));
	ck_assert_ptr_nonnull(strstr(xml, "<col "));
	ck_assert_ptr_null(strstr(xml, "<f>"));		/* never a formula */
	styles = member(path, "xl/styles.xml");
	ck_assert_ptr_nonnull(strstr(styles, "formatCode=\"0.0\""));
	free(styles);
	free(xml);
	xml = member(path, "xl/sharedStrings.xml");
	ck_assert_ptr_nonnull(strstr(xml, "=HYPERLINK("));
	ck_assert_ptr_nonnull(strstr(xml, "Петрова Анна"));
	free(xml);
	xml = member(path, "xl/workbook.xml");
	ck_assert_ptr_nonnull(strstr(xml, "name=\"Отчёт\""));
	free(xml);
	unlink(path);
	arena_free(&a);
}
END_TEST

START_TEST(svg_charts_escape_and_describe)
{
	static const char	*labels[] = { "03.03", "<b>&", "05.03" };
	static const int64_t	 values[] = { 1000, SVG_NONE, 625 };
	struct svg_chart	 c = { SVG_LINE, "ch", "Посещаемость <script>", " %",
	    1000, 3, labels, values };
	struct arena		 a;
	struct buf		 b;
	const char		*s;

	arena_init(&a, 0);
	buf_init(&b, &a);
	ck_assert_int_eq(svg_chart(&b, &c), 0);
	s = buf_str(&b);
	ck_assert_ptr_nonnull(strstr(s, "role=\"img\" aria-labelledby=\"ch-t ch-d\""));
	ck_assert_ptr_nonnull(strstr(s, "<title id=\"ch-t\">Посещаемость &lt;script&gt;"));
	ck_assert_ptr_nonnull(strstr(s, "<desc id=\"ch-d\">03.03: 100 %; &lt;b&gt;&amp;: "
	    "нет данных; 05.03: 62.5 %.</desc>"));
	ck_assert_ptr_null(strstr(s, "<script"));
	ck_assert_ptr_null(strstr(s, "<b>"));
	/* A gap breaks the line: one circle each, no line through the gap. */
	ck_assert_ptr_null(strstr(s, "class=\"line\""));
	/* No values: the axes and "no data". */
	buf_init(&b, &a);
	c.n = 0;
	ck_assert_int_eq(svg_chart(&b, &c), 0);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "Нет данных."));
	/* Bars; the y axis rounded up: 267 -> 400 in steps of 100. */
	buf_init(&b, &a);
	c.kind = SVG_BARS;
	c.y_max = 0;
	c.n = 1;
	c.values = (const int64_t[]){ 2670 };
	ck_assert_int_eq(svg_chart(&b, &c), 0);
	ck_assert_ptr_nonnull(strstr(buf_str(&b), ">400</text>"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), ">100</text>"));
	ck_assert_ptr_nonnull(strstr(buf_str(&b), "<rect class=\"bar\""));
	arena_free(&a);
}
END_TEST

/* The journal's hand-written JSON: the same text as printf and dt_iso. */
START_TEST(jsonw_numbers_keys_times)
{
	static const int64_t	 us[] = { 0, 1741003200000000LL,
	    1741003200123456LL, -1, 253402300799999999LL, 951782400000001LL };
	struct arena		 a;
	struct buf		 b;
	char			 want[64];
	size_t			 i;

	arena_init(&a, 0);
	buf_init(&b, &a);
	jsonw_int(&b, 0);
	buf_putc(&b, ' ');
	jsonw_int(&b, -42);
	buf_putc(&b, ' ');
	jsonw_int(&b, INT64_MIN);
	buf_putc(&b, ' ');
	jsonw_tenths(&b, -5, -1000);
	buf_putc(&b, ' ');
	jsonw_tenths(&b, 1000, -1000);
	buf_putc(&b, ' ');
	jsonw_tenths(&b, -1000, -1000);
	buf_putc(&b, ' ');
	jsonw_pair_key(&b, 12, 345);
	ck_assert_str_eq(buf_str(&b), "0 -42 -9223372036854775808 -0.5 100.0 "
	    "null \"12_345\":");
	for (i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		buf_reset(&b);
		jsonw_time(&b, us[i]);
		snprintf(want, sizeof(want), "\"%s\"", dt_iso(&a, dt_db(&a, us[i])));
		ck_assert_str_eq(buf_str(&b), want);
	}
	arena_free(&a);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("export");
	TCase	*tc = tcase_create("core");
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, csv_bytes);
	tcase_add_test(tc, csv_guards_every_formula_start);
	tcase_add_test(tc, xlsx_numbers_are_numeric_cells);
	tcase_add_test(tc, svg_charts_escape_and_describe);
	tcase_add_test(tc, jsonw_numbers_keys_times);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
