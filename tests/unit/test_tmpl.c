/* Unit tests for core/tmpl.c: compiling, rendering, partials, loading a tree. */
#include "autoconf.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "core/buf.h"
#include "core/tmpl.h"

static struct tmpl_set	*set;
static char		 err[256];

static void
setup(void)
{
	ck_assert_ptr_nonnull(set = tmpl_set_new());
	err[0] = '\0';
}

static void
teardown(void)
{
	tmpl_set_free(set);
	set = NULL;
}

static void
add(const char *name, const char *src)
{
	ck_assert_msg(tmpl_add(set, name, src, strlen(src), err,
	    sizeof(err)) == 0, "%s: %s", name, err);
}

/* Render name with the JSON text (NULL: no context); rc and output. */
static void
render_rc(const char *name, const char *json, int want_rc, const char *want)
{
	struct json_object	*ctx = NULL;
	struct buf		 b;

	if (json != NULL)
		ck_assert_ptr_nonnull(ctx = json_tokener_parse(json));
	buf_init(&b, NULL);
	ck_assert_int_eq(tmpl_render(set, name, ctx, &b), want_rc);
	ck_assert_int_eq(b.err, 0);
	ck_assert_str_eq(buf_str(&b), want);
	buf_free(&b);
	json_object_put(ctx);
}

/* Compile src as "t" and render it. */
static void
expect(const char *src, const char *json, const char *want)
{
	struct tmpl_set	*saved = set;

	ck_assert_ptr_nonnull(set = tmpl_set_new());
	add("t", src);
	render_rc("t", json, 0, want);
	tmpl_set_free(set);
	set = saved;
}

/* Compiling src as "t" fails with exactly why. */
static void
expect_error(const char *src, const char *why)
{
	err[0] = '\0';
	ck_assert_int_eq(tmpl_add(set, "t", src, strlen(src), err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, why);
	ck_assert_int_eq(tmpl_has(set, "t"), 0);
}

START_TEST(text_only)
{
	expect("<p>Hello</p>\n", NULL, "<p>Hello</p>\n");
	expect("", NULL, "");
	expect("single { and } and }} alone", "{}",
	    "single { and } and }} alone");
}
END_TEST

START_TEST(var_escaped_by_default)
{
	expect("<b>{{x}}</b>", "{\"x\":\"<script>alert(1)</script>\"}",
	    "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>");
	expect("<a title=\"{{t}}\">", "{\"t\":\"\\\"><img src=x onerror=alert(1)>\"}",
	    "<a title=\"&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;\">");
	expect("<a title='{{t}}'>", "{\"t\":\"' onmouseover='x\"}",
	    "<a title='&#39; onmouseover&#61;&#39;x'>");
}
END_TEST

START_TEST(var_raw_only_with_triple)
{
	expect("{{{x}}}|{{&x}}|{{x}}", "{\"x\":\"<i>a&b</i>\"}",
	    "<i>a&b</i>|<i>a&b</i>|&lt;i&gt;a&amp;b&lt;/i&gt;");
}
END_TEST

START_TEST(var_whitespace_in_tags)
{
	expect("{{ x }}{{{ x }}}{{\tx\n}}{{# l }}{{ . }}{{/ l }}{{^ n }}N{{/n}}",
	    "{\"x\":\"<\",\"l\":[1,2]}", "&lt;<&lt;12N");
}
END_TEST

START_TEST(var_missing_prints_nothing)
{
	expect("[{{nope}}][{{{nope}}}][{{a.b}}]", "{}", "[][][]");
	expect("[{{x}}][{{.}}]", NULL, "[][]");
}
END_TEST

START_TEST(var_scalars_print_as_json)
{
	expect("{{i}} {{n}} {{d}} {{e}} {{t}} {{f}} {{z}}",
	    "{\"i\":42,\"n\":-7,\"d\":1.5,\"e\":0.1,\"t\":true,\"f\":false,"
	    "\"z\":0}", "42 -7 1.5 0.1 true false 0");
	expect("{{big}} {{ubig}} {{min}}",
	    "{\"big\":9223372036854775807,\"ubig\":18446744073709551615,"
	    "\"min\":-9223372036854775808}",
	    "9223372036854775807 18446744073709551615 -9223372036854775808");
	expect("{{d}}", "{\"d\":1e300}", "1e+300");
}
END_TEST

START_TEST(var_null_object_array_print_nothing)
{
	expect("[{{n}}][{{o}}][{{a}}][{{{o}}}]",
	    "{\"n\":null,\"o\":{\"k\":1},\"a\":[1,2]}", "[][][][]");
}
END_TEST

START_TEST(var_current_context)
{
	expect("{{.}}", "\"<hi>\"", "&lt;hi&gt;");
	expect("{{.}}", "3", "3");
	expect("{{.}}", "{\"a\":1}", "");
}
END_TEST

START_TEST(comment_dropped)
{
	expect("a{{! a comment }}b{{!\nmulti\nline }}c", "{}", "abc");
}
END_TEST

START_TEST(section_array_of_objects)
{
	expect("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>",
	    "{\"items\":[{\"name\":\"a\"},{\"name\":\"<b>\"},{}]}",
	    "<ul><li>a</li><li>&lt;b&gt;</li><li></li></ul>");
}
END_TEST

START_TEST(section_array_of_scalars)
{
	expect("{{#a}}[{{.}}]{{/a}}", "{\"a\":[1,\"x\",true,null,2.5]}",
	    "[1][x][true][][2.5]");
}
END_TEST

START_TEST(section_object)
{
	expect("{{#user}}{{name}} ({{role}}){{/user}}",
	    "{\"user\":{\"name\":\"Ann\",\"role\":\"teacher\"}}",
	    "Ann (teacher)");
	expect("{{#o}}yes{{/o}}", "{\"o\":{}}", "yes");
}
END_TEST

START_TEST(section_booleans)
{
	expect("{{#t}}T{{/t}}{{#f}}F{{/f}}", "{\"t\":true,\"f\":false}", "T");
	expect("{{#t}}{{.}}{{/t}}", "{\"t\":true}", "true");
}
END_TEST

START_TEST(section_numbers)
{
	expect("{{#n}}[{{.}}]{{/n}}{{#z}}Z{{/z}}", "{\"n\":3,\"z\":0}", "[3]");
	expect("{{#d}}[{{.}}]{{/d}}{{#z}}Z{{/z}}", "{\"d\":0.5,\"z\":0.0}",
	    "[0.5]");
	expect("{{#n}}{{x}}{{/n}}", "{\"n\":-1,\"x\":\"outer\"}", "outer");
}
END_TEST

START_TEST(section_strings_and_empty)
{
	expect("{{#s}}[{{.}}]{{/s}}{{#e}}E{{/e}}{{#a}}A{{/a}}{{#n}}N{{/n}}"
	    "{{#m}}M{{/m}}", "{\"s\":\"x\",\"e\":\"\",\"a\":[],\"n\":null}",
	    "[x]");
}
END_TEST

START_TEST(inverted_sections)
{
	const char	*src = "{{^v}}empty{{/v}}";

	expect(src, "{}", "empty");
	expect(src, "{\"v\":null}", "empty");
	expect(src, "{\"v\":false}", "empty");
	expect(src, "{\"v\":\"\"}", "empty");
	expect(src, "{\"v\":0}", "empty");
	expect(src, "{\"v\":0.0}", "empty");
	expect(src, "{\"v\":[]}", "empty");
	expect(src, "{\"v\":true}", "");
	expect(src, "{\"v\":1}", "");
	expect(src, "{\"v\":\"x\"}", "");
	expect(src, "{\"v\":[0]}", "");
	expect(src, "{\"v\":{}}", "");
	expect("{{#l}}<li>{{.}}</li>{{/l}}{{^l}}<p>None.</p>{{/l}}",
	    "{\"l\":[]}", "<p>None.</p>");
}
END_TEST

START_TEST(nested_sections_resolve_outwards)
{
	expect("{{#groups}}{{#members}}{{name}}@{{group}}/{{site}} {{/members}}"
	    "{{/groups}}",
	    "{\"site\":\"S\",\"groups\":[{\"group\":\"g1\",\"members\":"
	    "[{\"name\":\"a\"},{\"name\":\"b\"}]},{\"group\":\"g2\","
	    "\"members\":[{\"name\":\"c\",\"group\":\"own\"}]}]}",
	    "a@g1/S b@g1/S c@own/S ");
}
END_TEST

START_TEST(inner_name_shadows_outer)
{
	expect("{{name}}{{#child}}-{{name}}{{/child}}-{{name}}",
	    "{\"name\":\"out\",\"child\":{\"name\":\"in\"}}", "out-in-out");
	/* A key present with null stops the search outwards. */
	expect("{{#child}}[{{name}}]{{/child}}",
	    "{\"name\":\"out\",\"child\":{\"name\":null}}", "[]");
}
END_TEST

START_TEST(dotted_names)
{
	expect("{{user.name}} {{a.b.c}} {{user.nope}} {{user.name.x}}",
	    "{\"user\":{\"name\":\"Ann\"},\"a\":{\"b\":{\"c\":3}}}",
	    "Ann 3  ");
	expect("{{#user.groups}}{{.}},{{/user.groups}}",
	    "{\"user\":{\"groups\":[\"x\",\"y\"]}}", "x,y,");
	expect("{{^user.admin}}not admin{{/user.admin}}",
	    "{\"user\":{\"admin\":false}}", "not admin");
}
END_TEST

START_TEST(dotted_first_segment_outwards_rest_inside)
{
	/* "a" is found in the inner context, which has no a.b: the outer
	 * a.b must not be used. */
	expect("{{#list}}[{{a.b}}|{{a.c}}|{{top.x}}]{{/list}}",
	    "{\"a\":{\"b\":1},\"top\":{\"x\":\"T\"},"
	    "\"list\":[{\"a\":{\"c\":2}}]}", "[|2|T]");
}
END_TEST

START_TEST(partials_layout_and_nav)
{
	add("layout", "<html><body>{{>partials/nav}}<main>{{{body}}}</main>"
	    "</body></html>");
	add("partials/nav", "<nav>{{#user}}{{name}}{{/user}}"
	    "{{^user}}<a href=\"/login\">Log in</a>{{/user}}</nav>");
	render_rc("layout", "{\"user\":{\"name\":\"<Ann>\"},\"body\":\"<p>Hi</p>\"}",
	    0, "<html><body><nav>&lt;Ann&gt;</nav><main><p>Hi</p></main>"
	    "</body></html>");
	render_rc("layout", "{\"body\":\"\"}", 0,
	    "<html><body><nav><a href=\"/login\">Log in</a></nav><main></main>"
	    "</body></html>");
	ck_assert_int_eq(tmpl_check(set, err, sizeof(err)), 0);
}
END_TEST

START_TEST(partials_see_section_context)
{
	add("list", "<ul>{{#items}}{{> partials/item }}{{/items}}</ul>");
	add("partials/item", "<li>{{name}} of {{owner}}</li>");
	render_rc("list", "{\"owner\":\"o\",\"items\":[{\"name\":\"a\"},"
	    "{\"name\":\"b\"}]}", 0, "<ul><li>a of o</li><li>b of o</li></ul>");
}
END_TEST

START_TEST(partial_recursion_terminates)
{
	/* Every node needs its own "kids": a missing one resolves to the
	 * parent's, and the recursion would hit the depth limit. */
	add("tree", "{{name}}{{#kids}}({{>tree}}){{/kids}}");
	render_rc("tree", "{\"name\":\"r\",\"kids\":[{\"name\":\"a\",\"kids\":"
	    "[{\"name\":\"b\",\"kids\":null}]},{\"name\":\"c\",\"kids\":[]}]}",
	    0, "r(a(b))(c)");
	render_rc("tree", "{\"name\":\"r\",\"kids\":[{\"name\":\"a\"}]}", -1,
	    "");
}
END_TEST

START_TEST(partial_self_include_fails)
{
	struct buf	 b;

	add("self", "x{{>self}}");
	buf_init(&b, NULL);
	buf_puts(&b, "keep");
	ck_assert_int_eq(tmpl_render(set, "self", NULL, &b), -1);
	/* Nothing of the failed render is left behind. */
	ck_assert_str_eq(buf_str(&b), "keep");
	ck_assert_uint_eq(b.len, 4);
	buf_free(&b);
}
END_TEST

/* c0 includes c1 ... which includes c<n>: n nested partials. */
static void
chain(int n)
{
	char	 name[16], src[32];
	int	 i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(src, sizeof(src), "{{>c%d}}", i + 1);
		add(name, src);
	}
	snprintf(name, sizeof(name), "c%d", n);
	add(name, "end");
}

START_TEST(partial_depth_16_allowed)
{
	chain(16);
	render_rc("c0", NULL, 0, "end");
}
END_TEST

START_TEST(partial_depth_17_fails)
{
	chain(17);
	render_rc("c0", NULL, -1, "");
	render_rc("c1", NULL, 0, "end");
}
END_TEST

START_TEST(context_stack_overflow_fails)
{
	struct json_object	*o, *inner;
	struct buf		 b;
	int			 i;

	/* 40 nested {"a": ...}, walked by 40 nested sections. */
	add("deep", "{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}"
	    "{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}"
	    "{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}"
	    "{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}{{#a}}"
	    "x"
	    "{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}"
	    "{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}"
	    "{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}"
	    "{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}{{/a}}");
	o = json_object_new_object();
	for (i = 0; i < 40; i++) {
		inner = o;
		o = json_object_new_object();
		json_object_object_add(o, "a", inner);
	}
	buf_init(&b, NULL);
	ck_assert_int_eq(tmpl_render(set, "deep", o, &b), -1);
	ck_assert_uint_eq(b.len, 0);
	buf_free(&b);
	json_object_put(o);
}
END_TEST

START_TEST(unknown_template_fails)
{
	struct buf	 b;

	add("known", "k");
	ck_assert_int_eq(tmpl_has(set, "known"), 1);
	ck_assert_int_eq(tmpl_has(set, "unknown"), 0);
	buf_init(&b, NULL);
	buf_puts(&b, "x");
	ck_assert_int_eq(tmpl_render(set, "unknown", NULL, &b), -1);
	ck_assert_str_eq(buf_str(&b), "x");
	buf_free(&b);
}
END_TEST

START_TEST(render_appends)
{
	struct buf	 b;

	add("a", "A{{x}}");
	buf_init(&b, NULL);
	buf_puts(&b, "<");
	ck_assert_int_eq(tmpl_render(set, "a", NULL, &b), 0);
	ck_assert_int_eq(tmpl_render(set, "a", NULL, &b), 0);
	ck_assert_str_eq(buf_str(&b), "<AA");
	buf_free(&b);
}
END_TEST

START_TEST(error_unclosed_tag)
{
	expect_error("line one\nline two {{name", "t:2: unclosed tag");
	expect_error("{{{raw}}", "t:1: unclosed tag");
	expect_error("a\n{{! comment\n", "t:2: unclosed tag");
}
END_TEST

START_TEST(error_unclosed_section)
{
	expect_error("one\n{{#items}}\n<li>{{name}}</li>\n",
	    "t:2: unclosed section \"items\"");
	expect_error("{{#a}}{{/a}}\n{{^b}}{{#c}}{{/c}}",
	    "t:2: unclosed section \"b\"");
}
END_TEST

START_TEST(error_mismatched_close)
{
	expect_error("{{#a}}\n{{#b}}\n{{/a}}{{/b}}",
	    "t:3: {{/a}} does not close {{#b}} of line 2");
}
END_TEST

START_TEST(error_close_without_open)
{
	expect_error("a\n\nb {{/items}}", "t:3: {{/items}} without an open section");
	expect_error("{{#a}}{{/a}}\n{{/a}}", "t:2: {{/a}} without an open section");
}
END_TEST

START_TEST(error_line_counts_tags_spanning_lines)
{
	expect_error("{{!\n\n}}\n{{x\n}} {{/y}}", "t:5: {{/y}} without an open section");
}
END_TEST

START_TEST(error_bad_tags)
{
	expect_error("{{}}", "t:1: empty tag");
	expect_error("{{# }}", "t:1: empty tag");
	expect_error("{{a b}}", "t:1: bad name \"a b\"");
	expect_error("{{a..b}}", "t:1: bad name \"a..b\"");
	expect_error("{{.a}}", "t:1: bad name \".a\"");
	expect_error("{{=<% %>=}}", "t:1: delimiter changes are not supported");
}
END_TEST

START_TEST(error_duplicate_name)
{
	add("t", "x");
	ck_assert_int_eq(tmpl_add(set, "t", "y", 1, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "t: template defined twice");
	render_rc("t", NULL, 0, "x");
}
END_TEST

START_TEST(error_small_buffer_truncates)
{
	char	 small[8];

	ck_assert_int_eq(tmpl_add(set, "t", "{{x", 3, small, sizeof(small)), -1);
	ck_assert_str_eq(small, "t:1: un");
	ck_assert_int_eq(tmpl_add(set, "t", "{{x", 3, NULL, 0), -1);
}
END_TEST

START_TEST(check_missing_partial)
{
	add("page", "a\n{{#x}}{{>partials/nope}}{{/x}}");
	ck_assert_int_eq(tmpl_check(set, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "page:2: missing partial \"partials/nope\"");
	add("partials/nope", "");
	ck_assert_int_eq(tmpl_check(set, err, sizeof(err)), 0);
}
END_TEST

/* A temporary template tree, removed by rm_tree. */
static char	 root[64];

static void
put_file(const char *rel, const char *text)
{
	char	 path[256];
	FILE	*f;

	ck_assert_int_lt(snprintf(path, sizeof(path), "%s/%s", root, rel),
	    (int)sizeof(path));
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

static void
put_dir(const char *rel)
{
	char	 path[256];

	ck_assert_int_lt(snprintf(path, sizeof(path), "%s/%s", root, rel),
	    (int)sizeof(path));
	ck_assert_int_eq(mkdir(path, 0700), 0);
}

static void
rm_path(const char *rel, int dir)
{
	char	 path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (dir)
		rmdir(path);
	else
		unlink(path);
}

static void
mk_tree(void)
{
	snprintf(root, sizeof(root), "/tmp/test_tmpl.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	put_dir("partials");
	put_dir("errors");
	put_dir(".git");
	put_file("layout.html", "<html>{{>partials/nav}}{{{body}}}</html>\n");
	put_file("partials/nav.html", "<nav>{{user.name}}</nav>");
	put_file("errors/error.html", "<h1>{{status}}</h1>");
	put_file("notes.txt", "{{ not a template");
	put_file(".hidden.html", "{{#broken");
	put_file(".git/x.html", "{{/broken}}");
}

static void
rm_tree(void)
{
	static const char *const files[] = {
		"layout.html", "partials/nav.html", "errors/error.html",
		"notes.txt", ".hidden.html", ".git/x.html", "bad.html",
	};
	size_t	 i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		rm_path(files[i], 0);
	rm_path("partials", 1);
	rm_path("errors", 1);
	rm_path(".git", 1);
	rmdir(root);
}

START_TEST(load_dir_tree)
{
	struct tmpl_set	*s;

	mk_tree();
	s = tmpl_load_dir(root, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	teardown();
	set = s;
	ck_assert_int_eq(tmpl_has(set, "layout"), 1);
	ck_assert_int_eq(tmpl_has(set, "partials/nav"), 1);
	ck_assert_int_eq(tmpl_has(set, "errors/error"), 1);
	ck_assert_int_eq(tmpl_has(set, "notes"), 0);
	ck_assert_int_eq(tmpl_has(set, ".hidden"), 0);
	ck_assert_int_eq(tmpl_has(set, "x"), 0);
	ck_assert_int_eq(tmpl_has(set, ".git/x"), 0);
	render_rc("layout", "{\"user\":{\"name\":\"A&B\"},\"body\":\"<p>x</p>\"}",
	    0, "<html><nav>A&amp;B</nav><p>x</p></html>\n");
	render_rc("errors/error", "{\"status\":404}", 0, "<h1>404</h1>");
	rm_tree();
}
END_TEST

START_TEST(load_dir_missing_partial_fails)
{
	mk_tree();
	rm_path("partials/nav.html", 0);
	ck_assert_ptr_null(tmpl_load_dir(root, err, sizeof(err)));
	ck_assert_str_eq(err, "layout:1: missing partial \"partials/nav\"");
	rm_tree();
}
END_TEST

START_TEST(load_dir_syntax_error_fails)
{
	mk_tree();
	put_file("bad.html", "ok\n{{#x}}\n");
	ck_assert_ptr_null(tmpl_load_dir(root, err, sizeof(err)));
	ck_assert_str_eq(err, "bad:2: unclosed section \"x\"");
	rm_tree();
}
END_TEST

START_TEST(load_dir_missing_dir_fails)
{
	ck_assert_ptr_null(tmpl_load_dir("/nonexistent/tpanel-templates",
	    err, sizeof(err)));
	ck_assert_str_eq(err,
	    "/nonexistent/tpanel-templates: No such file or directory");
}
END_TEST

static Suite *
tmpl_suite(void)
{
	Suite	*s = suite_create("tmpl");
	TCase	*tc;

	tc = tcase_create("vars");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, text_only);
	tcase_add_test(tc, var_escaped_by_default);
	tcase_add_test(tc, var_raw_only_with_triple);
	tcase_add_test(tc, var_whitespace_in_tags);
	tcase_add_test(tc, var_missing_prints_nothing);
	tcase_add_test(tc, var_scalars_print_as_json);
	tcase_add_test(tc, var_null_object_array_print_nothing);
	tcase_add_test(tc, var_current_context);
	tcase_add_test(tc, comment_dropped);
	suite_add_tcase(s, tc);

	tc = tcase_create("sections");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, section_array_of_objects);
	tcase_add_test(tc, section_array_of_scalars);
	tcase_add_test(tc, section_object);
	tcase_add_test(tc, section_booleans);
	tcase_add_test(tc, section_numbers);
	tcase_add_test(tc, section_strings_and_empty);
	tcase_add_test(tc, inverted_sections);
	tcase_add_test(tc, nested_sections_resolve_outwards);
	tcase_add_test(tc, inner_name_shadows_outer);
	tcase_add_test(tc, dotted_names);
	tcase_add_test(tc, dotted_first_segment_outwards_rest_inside);
	tcase_add_test(tc, context_stack_overflow_fails);
	suite_add_tcase(s, tc);

	tc = tcase_create("partials");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, partials_layout_and_nav);
	tcase_add_test(tc, partials_see_section_context);
	tcase_add_test(tc, partial_recursion_terminates);
	tcase_add_test(tc, partial_self_include_fails);
	tcase_add_test(tc, partial_depth_16_allowed);
	tcase_add_test(tc, partial_depth_17_fails);
	tcase_add_test(tc, unknown_template_fails);
	tcase_add_test(tc, render_appends);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, error_unclosed_tag);
	tcase_add_test(tc, error_unclosed_section);
	tcase_add_test(tc, error_mismatched_close);
	tcase_add_test(tc, error_close_without_open);
	tcase_add_test(tc, error_line_counts_tags_spanning_lines);
	tcase_add_test(tc, error_bad_tags);
	tcase_add_test(tc, error_duplicate_name);
	tcase_add_test(tc, error_small_buffer_truncates);
	tcase_add_test(tc, check_missing_partial);
	suite_add_tcase(s, tc);

	tc = tcase_create("load_dir");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, load_dir_tree);
	tcase_add_test(tc, load_dir_missing_partial_fails);
	tcase_add_test(tc, load_dir_syntax_error_fails);
	tcase_add_test(tc, load_dir_missing_dir_fails);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(tmpl_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
