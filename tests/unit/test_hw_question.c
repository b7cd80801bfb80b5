/* Unit tests: src/domain/hw_text.c, hw_config.c, hw_grade.c (homework
 * questions: normalisation, config checks, the student's view, canonical
 * answers and every grading rule of PHASE2-3.md 1.2-1.3). */
#include "autoconf.h"

#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "domain/hw_question.h"
#include "domain/hw_text.h"

static struct arena	 A;

static void
setup(void)
{
	arena_init(&A, 0);
}

static void
teardown(void)
{
	arena_free(&A);
}

/* Any JSON value, scalars too (parsed inside a list). */
static struct json_object *
js(const char *s)
{
	const char		*t = arena_printf(&A, "[%s]", s);
	struct json_object	*l = json_parse(&A, t, strlen(t));

	ck_assert_msg(l != NULL && json_object_array_length(l) == 1, "bad JSON: %s",
	    s);
	return json_object_array_get_idx(l, 0);
}

/* A question of type with points and config; choices "id:text:1" ... */
static struct hw_question
q_of(const char *type, int64_t points, const char *config, ...)
{
	struct hw_question	 q;
	va_list			 ap;
	const char		*c;

	memset(&q, 0, sizeof(q));
	ck_assert_int_eq(hw_qtype_parse(type, &q.type), 0);
	q.id = 7;
	q.points = points;
	q.config = js(config);
	q.choices = arena_zalloc(&A, 20 * sizeof(*q.choices));
	va_start(ap, config);
	while ((c = va_arg(ap, const char *)) != NULL) {
		struct hw_choice	*ch = &q.choices[q.nchoices];

		ch->id = strtol(c, NULL, 10);
		ch->text = arena_strndup(&A, strchr(c, ':') + 1,
		    strlen(strchr(c, ':') + 1) - 2);
		ch->is_correct = c[strlen(c) - 1] == '1';
		ch->position = (int64_t)q.nchoices++;
	}
	va_end(ap);
	return q;
}

/* The score of an autosave value (its JSON text) once cleaned and graded:
 * the score, -1 for "null, manual review". */
static int64_t
grade(const struct hw_question *q, const char *value, size_t nfiles)
{
	struct json_object	*out = NULL;
	struct hw_score		 s;
	int			 empty;

	if (value != NULL)
		ck_assert_int_eq(hw_answer_clean(&A, q, js(value), &out, &empty), 1);
	ck_assert_int_eq(hw_grade(&A, q, out, nfiles, &s), 0);
	if (!s.has_score) {
		ck_assert(s.manual);
		return -1;
	}
	ck_assert(!s.manual);
	ck_assert(s.auto_score >= 0 && s.auto_score <= q->points);
	return s.auto_score;
}

static const char *
norm(const char *s, int cs)
{
	return hw_text_norm(&A, s, cs);
}

/* -- text --------------------------------------------------------------- */

START_TEST(norm_trims_collapses_folds_and_reads_decimal_commas)
{
	ck_assert_str_eq(norm("ЁЖИК 4,5", 0), "ёжик 4.5");
	ck_assert_str_eq(norm("  Hello \t\n  World  ", 0), "hello world");
	ck_assert_str_eq(norm("a\xc2\xa0\xe2\x80\x83" "b", 0), "a b");	/* NBSP, em space */
	ck_assert_str_eq(norm("Привет, Мир", 1), "Привет, Мир");
	ck_assert_str_eq(norm("ÀÉÎÕÜ ÆØ ×", 0), "àéîõü æø ×");
	ck_assert_str_eq(norm("ΑΒΓ Ωμέγα", 0), "αβγ ωμέγα");
	ck_assert_str_eq(norm("ЎЄІЇ Ґ", 0), "ўєії ґ");
	ck_assert_str_eq(norm("1,5 , 2", 0), "1.5 , 2");
	ck_assert_str_eq(norm("a,b 1,x", 0), "a,b 1,x");
	ck_assert_str_eq(norm("", 0), "");
	ck_assert_str_eq(norm(" \t ", 0), "");
	ck_assert_str_eq(norm("\xff" "A", 0), "\xff" "a");	/* not UTF-8: kept */
	ck_assert_int_eq(hw_text_fold(0x401), 0x451);		/* Ё → ё */
	ck_assert_int_eq(hw_text_fold(0x42F), 0x44F);		/* Я → я */
	ck_assert_int_eq(hw_text_fold(0x44F), 0x44F);
	ck_assert_int_eq(hw_text_fold(0x178), 0xFF);		/* Ÿ → ÿ */
	ck_assert_int_eq(hw_text_fold(0x141), 0x142);		/* Ł → ł */
	ck_assert_int_eq(hw_text_fold(0x100), 0x101);		/* Ā → ā */
}
END_TEST

START_TEST(edit_distance_of_one)
{
	ck_assert(hw_text_edit1("paris", "paris"));
	ck_assert(hw_text_edit1("paris", "pariss"));		/* insertion */
	ck_assert(hw_text_edit1("pariss", "paris"));		/* deletion */
	ck_assert(hw_text_edit1("paris", "parис") == 0);
	ck_assert(hw_text_edit1("paris", "pxris"));		/* substitution */
	ck_assert(hw_text_edit1("paris", "pairs"));		/* swap */
	ck_assert(hw_text_edit1("кошка", "кошко"));		/* Cyrillic, by code point */
	ck_assert(hw_text_edit1("кошка", "кшока"));
	ck_assert(hw_text_edit1("кошка", "кошк"));
	ck_assert(!hw_text_edit1("кошка", "кот"));
	ck_assert(!hw_text_edit1("paris", "london"));
	ck_assert(!hw_text_edit1("paris", "prais2"));
	ck_assert(!hw_text_edit1("abcd", "badc"));		/* two swaps */
	ck_assert(hw_text_edit1("", "a"));
	ck_assert(!hw_text_edit1("", "ab"));
}
END_TEST

START_TEST(keys_with_alternatives_case_and_loose)
{
	ck_assert_int_eq(hw_text_match(&A, "4,5", " 4.5 ", 0, 0), 1);
	ck_assert_int_eq(hw_text_match(&A, "colour|color", "COLOR", 0, 0), 1);
	ck_assert_int_eq(hw_text_match(&A, "colour|color", "colr", 0, 0), 0);
	ck_assert_int_eq(hw_text_match(&A, "a\\|b", "a|b", 0, 0), 1);
	ck_assert_int_eq(hw_text_match(&A, "a\\|b", "a", 0, 0), 0);
	ck_assert_int_eq(hw_text_match(&A, "a\\|b", "b", 0, 0), 0);
	ck_assert_int_eq(hw_text_match(&A, "|x", "", 0, 0), 0);	/* empty never matches */
	ck_assert_int_eq(hw_text_match(&A, "|x", "x", 0, 0), 1);
	ck_assert_int_eq(hw_text_match(&A, "", "", 0, 0), 0);
	ck_assert_int_eq(hw_text_match(&A, "Paris", "paris", 1, 0), 0);
	ck_assert_int_eq(hw_text_match(&A, "Paris", "paris", 0, 0), 1);
	ck_assert_int_eq(hw_text_match(&A, "Paris", "Pariss", 0, 1), 1);
	ck_assert_int_eq(hw_text_match(&A, "Paris", "Pariss", 0, 0), 0);
	ck_assert_int_eq(hw_text_match(&A, "Paris", "Parsi", 0, 1), 1);
	ck_assert_int_eq(hw_text_match(&A, "cat", "cot", 0, 1), 0);	/* under 4 */
	ck_assert_int_eq(hw_text_match(&A, "Москва", "масква", 0, 1), 1);
	ck_assert_int_eq(hw_text_match(&A, "Москва", "масквы", 0, 1), 0);
	ck_assert_int_eq(hw_text_match(&A, "Ёжик", "ЁЖИК", 0, 0), 1);
	ck_assert_int_eq(hw_text_match(&A, "ёжик", "ежик", 0, 0), 0);	/* ё ≠ е */
	ck_assert_int_eq(hw_text_match(&A, "New  York", "new york", 0, 0), 1);
}
END_TEST

/* -- grading, the table of P2.3 and the edges ----------------------------- */

START_TEST(single_choice)
{
	struct hw_question	 q = q_of("SINGLE_CHOICE", 10, "{}", "11:A:1",
	    "12:B:0", "13:C:0", NULL);

	ck_assert_int_eq(grade(&q, "11", 0), 10);
	ck_assert_int_eq(grade(&q, "\"11\"", 0), 10);
	ck_assert_int_eq(grade(&q, "12", 0), 0);
	ck_assert_int_eq(grade(&q, "[11]", 0), 10);
	ck_assert_int_eq(grade(&q, "\"opt-1\"", 0), 10);	/* first by id */
	ck_assert_int_eq(grade(&q, "\"opt-2\"", 0), 0);
	ck_assert_int_eq(grade(&q, "null", 0), 0);
	ck_assert_int_eq(grade(&q, NULL, 0), 0);
}
END_TEST

START_TEST(multi_choice_partial_credit)
{
	struct hw_question	 q = q_of("MULTIPLE_CHOICE", 10, "{}", "1:a:1",
	    "2:b:1", "3:c:1", "4:d:0", "5:e:0", NULL);
	struct hw_question	 none = q_of("MULTI_CHOICE", 10, "{}", "1:a:0",
	    "2:b:0", NULL);

	ck_assert_int_eq(q.type, HWQ_MULTI);
	ck_assert_int_eq(grade(&q, "[1,2,4]", 0), 3);		/* floor(10 × 1/3) */
	ck_assert_int_eq(grade(&q, "[1,2,3]", 0), 10);
	ck_assert_int_eq(grade(&q, "[3,2,1,1,1]", 0), 10);	/* duplicate picks */
	ck_assert_int_eq(grade(&q, "[1,2]", 0), 6);
	ck_assert_int_eq(grade(&q, "[1,4,5]", 0), 0);		/* never below 0 */
	ck_assert_int_eq(grade(&q, "[1,2,3,4]", 0), 6);
	ck_assert_int_eq(grade(&q, "[]", 0), 0);
	ck_assert_int_eq(grade(&q, "[99, 1]", 0), 3);		/* unknown id dropped */
	ck_assert_int_eq(grade(&none, "[1]", 0), 0);		/* no key: 0 */
	ck_assert_int_eq(grade(&none, "[]", 0), 0);
}
END_TEST

START_TEST(text_with_and_without_a_key)
{
	struct hw_question	 k = q_of("TEXT", 10, "{\"correctAnswer\":\"4,5\"}", NULL);
	struct hw_question	 many = q_of("TEXT", 10, "{\"correctAnswer\":\"\","
	    "\"correctAnswers\":[\"Пушкин\", \"А. С. Пушкин\"]}", NULL);
	struct hw_question	 open = q_of("TEXT", 10, "{\"answerLength\":\"long\"}",
	    NULL);

	ck_assert_int_eq(grade(&k, "\" 4.5 \"", 0), 10);
	ck_assert_int_eq(grade(&k, "\"4,50\"", 0), 0);
	ck_assert_int_eq(grade(&k, "\"\"", 0), 0);
	ck_assert_int_eq(grade(&many, "\"пушкин\"", 0), 10);
	ck_assert_int_eq(grade(&many, "\"а. с.  пушкин\"", 0), 10);
	ck_assert_int_eq(grade(&many, "\"Лермонтов\"", 0), 0);
	ck_assert_int_eq(grade(&open, "\"Моё сочинение\"", 0), -1);
	ck_assert_int_eq(grade(&open, "\"  \"", 0), 0);		/* nothing to read */
	ck_assert_int_eq(grade(&open, NULL, 0), 0);
}
END_TEST

START_TEST(listening_matching_drag_drop)
{
	struct hw_question	 l = q_of("LISTENING", 10, "{\"audioUrl\":\"https://x/a."
	    "mp3\",\"subQuestions\":[{\"id\":\"s1\",\"text\":\"?\",\"answer\":"
	    "\"London\"},{\"id\":\"s2\",\"answer\":\"Ёлка\"},{\"id\":\"s3\","
	    "\"answer\":\"four\"},{\"id\":\"s4\",\"answer\":\"5\"}]}", NULL);
	struct hw_question	 nosub = q_of("LISTENING", 10, "{}", NULL);
	struct hw_question	 m = q_of("MATCHING", 10, "{\"pairs\":[{\"id\":\"p1\","
	    "\"left\":\"A\",\"right\":\"1\"},{\"id\":\"p2\",\"left\":\"B\","
	    "\"right\":\"2\"},{\"id\":\"p3\",\"left\":\"C\",\"right\":\"3\"}]}", NULL);
	struct hw_question	 d = q_of("DRAG_DROP", 10, "{\"items\":[{\"id\":\"a\","
	    "\"text\":\"A\"},{\"id\":\"b\",\"text\":\"B\"},{\"id\":\"c\",\"text\":"
	    "\"C\"},{\"id\":\"d\",\"text\":\"D\"}],\"correctOrder\":[\"a\",\"b\","
	    "\"c\",\"d\"]}", NULL);

	ck_assert_int_eq(grade(&l, "{\"s1\":\"LONDON\",\"s2\":\"ёЛКА\",\"s3\":"
	    "\" Four \",\"s4\":\"6\"}", 0), 7);
	ck_assert_int_eq(grade(&l, "{\"s1\":\"london\",\"s2\":\"ёлка\",\"s3\":"
	    "\"four\",\"s4\":\"5\",\"zz\":\"x\"}", 0), 10);
	ck_assert_int_eq(grade(&l, "{}", 0), 0);
	ck_assert_int_eq(grade(&nosub, "{}", 0), -1);
	ck_assert_int_eq(grade(&m, "{\"p1\":\"1\",\"p2\":\"2\",\"p3\":\"2\"}", 0), 6);
	ck_assert_int_eq(grade(&m, "{\"p1\":\"1\",\"p2\":\"2\",\"p3\":\"3\"}", 0), 10);
	ck_assert_int_eq(grade(&m, "{\"p1\":\"p1\",\"p2\":\"p2\",\"p3\":\"p3\"}",
	    0), 10);						/* pair ids from a page */
	ck_assert_int_eq(grade(&m, "{\"p1\":\" 1 \"}", 0), 3);	/* trimmed, exact */
	ck_assert_int_eq(grade(&d, "[\"a\",\"b\",\"d\",\"c\"]", 0), 5);
	ck_assert_int_eq(grade(&d, "[\"a\",\"b\",\"c\",\"d\"]", 0), 10);
	ck_assert_int_eq(grade(&d, "[\"d\",\"c\",\"b\",\"a\"]", 0), 0);
	ck_assert_int_eq(grade(&d, "[\"a\",\"a\",\"b\"]", 0), 5);	/* deduplicated: a,b */
	ck_assert_int_eq(grade(&d, "[]", 0), 0);		/* untouched */
}
END_TEST

START_TEST(fill_blanks_case_and_strategy)
{
	struct hw_question	 cs = q_of("FILL_BLANKS", 10, "{\"template\":\"[___] "
	    "is the capital\",\"answers\":[\"Paris\"],\"caseSensitive\":true}", NULL);
	struct hw_question	 ci = q_of("FILL_BLANKS", 10, "{\"template\":\"[___]\","
	    "\"answers\":[\"Paris\"],\"caseSensitive\":false}", NULL);
	struct hw_question	 lo = q_of("FILL_BLANKS", 10, "{\"template\":\"[___]\","
	    "\"answers\":[\"Paris\"],\"matchingStrategy\":\"loose\"}", NULL);
	struct hw_question	 ex = q_of("FILL_BLANKS", 10, "{\"template\":\"[___]\","
	    "\"answers\":[\"Paris\"],\"matchingStrategy\":\"exact\"}", NULL);
	struct hw_question	 two = q_of("FILL_BLANKS", 10, "{\"template\":\"[___] и "
	    "[___]\",\"answers\":[\"colour|color\",\"4,5\"]}", NULL);

	ck_assert_int_eq(grade(&cs, "[\"paris\"]", 0), 0);
	ck_assert_int_eq(grade(&cs, "[\"Paris\"]", 0), 10);
	ck_assert_int_eq(grade(&ci, "[\"paris\"]", 0), 10);
	ck_assert_int_eq(grade(&lo, "[\"Pariss\"]", 0), 10);
	ck_assert_int_eq(grade(&ex, "[\"Pariss\"]", 0), 0);
	ck_assert_int_eq(grade(&two, "[\"Color\", \"4.5\"]", 0), 10);
	ck_assert_int_eq(grade(&two, "[\"colour\"]", 0), 5);
	ck_assert_int_eq(grade(&two, "[\"\", \"4.5\", \"extra\"]", 0), 5);
	ck_assert_int_eq(grade(&two, "[5, \"4,5\"]", 0), 5);	/* a number: blank */
	ck_assert_int_eq(grade(&two, "[]", 0), 0);
}
END_TEST

START_TEST(hotspot_ids_and_clicks)
{
	struct hw_question	 h = q_of("HOTSPOT", 10, "{\"imageUrl\":\"https://x/i"
	    ".png\",\"hotspots\":[{\"id\":\"h1\",\"x\":10,\"y\":10,\"width\":20,"
	    "\"height\":20,\"isCorrect\":true},{\"id\":\"h2\",\"x\":50,\"y\":50,"
	    "\"width\":10,\"height\":10,\"isCorrect\":true},{\"id\":\"h3\",\"x\":0,"
	    "\"y\":80,\"width\":10,\"height\":10,\"isCorrect\":false}]}", NULL);
	struct hw_question	 empty = q_of("HOTSPOT", 10, "{}", NULL);

	ck_assert_int_eq(grade(&h, "[\"h1\",\"h3\"]", 0), 0);
	ck_assert_int_eq(grade(&h, "[\"h1\"]", 0), 5);
	ck_assert_int_eq(grade(&h, "[\"h1\",\"h2\"]", 0), 10);
	ck_assert_int_eq(grade(&h, "[{\"x\":15,\"y\":15}]", 0), 5);
	ck_assert_int_eq(grade(&h, "[{\"x\":15,\"y\":15},{\"x\":12,\"y\":29}]", 0),
	    5);						/* the same region twice */
	ck_assert_int_eq(grade(&h, "[{\"x\":15,\"y\":15},{\"x\":55.5,\"y\":55}]",
	    0), 10);
	ck_assert_int_eq(grade(&h, "[{\"x\":15,\"y\":15},{\"x\":95,\"y\":5}]", 0),
	    0);						/* a click beside every region */
	ck_assert_int_eq(grade(&h, "[{\"x\":150,\"y\":15}]", 0), 0);	/* dropped */
	ck_assert_int_eq(grade(&h, "[\"zz\"]", 0), 0);
	ck_assert_int_eq(grade(&empty, "[]", 0), -1);
}
END_TEST

START_TEST(file_upload_is_read_by_hand)
{
	struct hw_question	 f = q_of("FILE_UPLOAD", 10, "{\"maxFiles\":2}", NULL);
	struct hw_score		 s;

	ck_assert_int_eq(hw_grade(&A, &f, NULL, 1, &s), 0);
	ck_assert(!s.has_score && s.manual);
	ck_assert_int_eq(hw_grade(&A, &f, NULL, 0, &s), 0);
	ck_assert(s.has_score && !s.manual && s.auto_score == 0);
}
END_TEST

START_TEST(scores_are_floored_and_zero_points_work)
{
	struct hw_question	 q = q_of("MULTI_CHOICE", 7, "{}", "1:a:1", "2:b:1",
	    "3:c:1", NULL);
	struct hw_question	 z = q_of("SINGLE_CHOICE", 0, "{}", "1:a:1", "2:b:0",
	    NULL);

	ck_assert_int_eq(grade(&q, "[1,2]", 0), 4);		/* floor(14/3) */
	ck_assert_int_eq(grade(&q, "[1]", 0), 2);
	ck_assert_int_eq(grade(&z, "1", 0), 0);
}
END_TEST

/* -- canonical answers ---------------------------------------------------- */

START_TEST(answers_are_made_canonical_or_ignored)
{
	struct hw_question	 t = q_of("TEXT", 1, "{}", NULL);
	struct hw_question	 s = q_of("SINGLE_CHOICE", 1, "{}", "30:a:0", "20:b:1",
	    NULL);
	struct hw_question	 d = q_of("DRAG_DROP", 1, "{\"items\":[{\"id\":\"a\"},"
	    "{\"id\":\"b\"}]}", NULL);
	struct json_object	*out;
	int			 empty;

	ck_assert_int_eq(hw_answer_clean(&A, &t, js("5"), &out, &empty), 0);
	ck_assert_int_eq(hw_answer_clean(&A, &t, js("[\"a\"]"), &out, &empty), 0);
	ck_assert_int_eq(hw_answer_clean(&A, &t, js("\" \""), &out, &empty), 1);
	ck_assert(empty);
	ck_assert_int_eq(hw_answer_clean(&A, &t, NULL, &out, &empty), 1);
	ck_assert(empty && out == NULL);
	/* opt-1 is the choice with the smallest id, whatever its position. */
	ck_assert_int_eq(hw_answer_clean(&A, &s, js("\"opt-1\""), &out, &empty), 1);
	ck_assert_int_eq(json_object_get_int64(out), 20);
	ck_assert_int_eq(hw_answer_clean(&A, &s, js("99"), &out, &empty), 0);
	ck_assert_int_eq(hw_answer_clean(&A, &s, js("\"opt-9\""), &out, &empty), 0);
	ck_assert_int_eq(hw_answer_clean(&A, &d, js("[\"b\",\"x\",\"b\",1]"), &out,
	    &empty), 1);
	ck_assert_str_eq(json_text(out, NULL), "[\"b\"]");
	ck_assert_int_eq(hw_answer_clean(&A, &d, js("{}"), &out, &empty), 0);
}
END_TEST

START_TEST(file_ids_of_answers)
{
	const char	**ids;
	size_t		  n;
	const char	 *id = "0123456789abcdef0123456789abcdef";

	ck_assert_int_eq(hw_answer_file_ids(&A, js("{\"file_id\":\"0123456789abcdef"
	    "0123456789abcdef\",\"url\":\"https://evil\"}"), &ids, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(ids[0], id);
	ck_assert_int_eq(hw_answer_file_ids(&A, js("[\"0123456789abcdef0123456789"
	    "abcdef\",{\"file_id\":\"0123456789abcdef0123456789abcdef\"}]"), &ids,
	    &n), 0);
	ck_assert_int_eq(n, 1);					/* deduplicated */
	ck_assert_int_eq(hw_answer_file_ids(&A, js("[{\"file_id\":\"../etc/passwd"
	    "\"}]"), &ids, &n), -1);
	ck_assert_int_eq(hw_answer_file_ids(&A, js("\"x\""), &ids, &n), -1);
	ck_assert_int_eq(hw_answer_file_ids(&A, js("[1,2,3,4,5,6,7,8,9,10,11]"),
	    &ids, &n), -1);
	ck_assert_int_eq(hw_answer_file_ids(&A, js("[]"), &ids, &n), 0);
	ck_assert_int_eq(n, 0);
}
END_TEST

/* -- config checks --------------------------------------------------------- */

static const char *
problem(struct hw_question *q, int full)
{
	struct hw_problem	 p;

	ck_assert_int_eq(hw_question_fill(&A, q), 0);
	if (hw_question_check(&A, q, full, &p) == 0)
		return NULL;
	ck_assert_ptr_nonnull(p.msg);
	return p.field;
}

START_TEST(configs_are_checked_on_write_and_on_publish)
{
	struct hw_question	 q;

	q = q_of("FILL_BLANKS", 10, "{\"template\":\"[___] и [___]\",\"answers\":"
	    "[\"a\"]}", NULL);
	ck_assert_ptr_null(problem(&q, 0));		/* a draft may be unfinished */
	ck_assert_str_eq(problem(&q, 1), "config.answers");
	q = q_of("FILL_BLANKS", 10, "{\"template\":\"[___]\",\"answers\":\"x\"}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.answers");
	q = q_of("FILL_BLANKS", 10, "{\"template\":\"[___]\",\"answers\":[\" \"]}",
	    NULL);
	ck_assert_str_eq(problem(&q, 1), "config.answers[0]");
	q = q_of("MULTI_CHOICE", 10, "{}", "1:a:0", "2:b:0", NULL);
	ck_assert_ptr_null(problem(&q, 0));
	ck_assert_str_eq(problem(&q, 1), "choices");
	q = q_of("SINGLE_CHOICE", 10, "{}", "1:a:1", "2:b:1", NULL);
	ck_assert_str_eq(problem(&q, 1), "choices");
	q = q_of("SINGLE_CHOICE", 10, "{}", "1: :1", "2:b:0", NULL);
	ck_assert_str_eq(problem(&q, 0), "choices[0].text");
	q = q_of("MATCHING", 10, "{\"pairs\":[{\"id\":\"p1\",\"left\":\"A\",\"right\":"
	    "\"1\"},{\"id\":\"p2\",\"left\":\"B\",\"right\":\" 1\"}]}", NULL);
	ck_assert_str_eq(problem(&q, 1), "config.pairs[1].right");
	q = q_of("MATCHING", 10, "{\"pairs\":[{\"id\":\"p1\"},{\"id\":\"p1\"}]}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.pairs[1].id");
	q = q_of("HOTSPOT", 10, "{\"hotspots\":[{\"id\":\"h\",\"x\":90,\"y\":0,"
	    "\"width\":20,\"height\":5}]}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.hotspots[0]");
	q = q_of("HOTSPOT", 10, "{\"hotspots\":[{\"id\":\"h\",\"x\":-1,\"y\":0,"
	    "\"width\":20,\"height\":5}]}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.hotspots[0]");
	q = q_of("HOTSPOT", 10, "{\"imageUrl\":\"javascript:alert(1)\"}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.imageUrl");
	q = q_of("HOTSPOT", 10, "{\"imageFileId\":\"0123456789abcdef0123456789abcdef\","
	    "\"hotspots\":[{\"id\":\"h\",\"x\":0,\"y\":0,\"width\":100,\"height\":"
	    "100,\"isCorrect\":true}]}", NULL);
	ck_assert_ptr_null(problem(&q, 1));
	q = q_of("DRAG_DROP", 10, "{\"items\":[{\"id\":\"a\",\"text\":\"A\"}],"
	    "\"correctOrder\":[\"b\"]}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.correctOrder[0]");
	q = q_of("LISTENING", 10, "{\"subQuestions\":[{\"id\":\"s\",\"answer\":\"x\"}]}",
	    NULL);
	ck_assert_str_eq(problem(&q, 1), "config.audioUrl");
	q = q_of("FILE_UPLOAD", 10, "{\"maxFiles\":11}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.maxFiles");
	q = q_of("FILE_UPLOAD", 10, "{\"allowedTypes\":[\"exe\"]}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.allowedTypes[0]");
	q = q_of("TEXT", -1, "{}", NULL);
	ck_assert_str_eq(problem(&q, 0), "points");
	q = q_of("TEXT", 1, "{\"correctAnswers\":[1]}", NULL);
	ck_assert_str_eq(problem(&q, 0), "config.correctAnswers[0]");
	q = q_of("TEXT", 1, "[]", NULL);
	ck_assert_str_eq(problem(&q, 0), "config");
	q = q_of("TEXT", 1, "{}", "1:a:1", NULL);
	ck_assert_str_eq(problem(&q, 0), "choices");
	ck_assert_int_eq(hw_qtype_parse("CODE", &q.type), -1);
}
END_TEST

START_TEST(the_early_dialect_fills_choices_and_the_order)
{
	struct hw_question	 s = q_of("SINGLE_CHOICE", 1, "{\"options\":[{\"id\":"
	    "\"opt-1\",\"text\":\"Да\"},{\"id\":\"opt-2\",\"text\":\"Нет\"},{\"id\":"
	    "\"opt-3\",\"text\":\"  \"}],\"correctOptionId\":\"opt-2\"}", NULL);
	struct hw_question	 m = q_of("MULTI_CHOICE", 1, "{\"options\":[{\"id\":1,"
	    "\"text\":\"a\"},{\"id\":2,\"text\":\"b\"}],\"correctOptionIds\":[1,2]}",
	    NULL);
	struct hw_question	 d = q_of("DRAG_DROP", 1, "{\"items\":[{\"id\":\"x\","
	    "\"text\":\"X\"},{\"id\":\"y\",\"text\":\"Y\"}]}", NULL);

	ck_assert_ptr_null(problem(&s, 1));
	ck_assert_int_eq(s.nchoices, 2);
	ck_assert(!s.choices[0].is_correct && s.choices[1].is_correct);
	ck_assert_str_eq(s.choices[1].text, "Нет");
	ck_assert_ptr_null(problem(&m, 1));
	ck_assert(m.choices[0].is_correct && m.choices[1].is_correct);
	ck_assert_ptr_null(problem(&d, 1));
	ck_assert_str_eq(json_object_to_json_string_ext(json_object_object_get(
	    d.config, "correctOrder"), JSON_C_TO_STRING_PLAIN), "[\"x\",\"y\"]");
}
END_TEST

/* -- the student's view ---------------------------------------------------- */

static const char *
student(const struct hw_question *q, uint64_t seed)
{
	struct json_object	*o = hw_question_student_config(&A, q, seed);

	ck_assert_ptr_nonnull(o);
	return json_text(o, NULL);
}

START_TEST(students_never_see_a_key)
{
	static const char *const leaks[] = { "correctAnswer", "correctOptionId",
	    "isCorrect", "correctOrder", "\"answer\"", "is_correct", "options",
	    "secret", "Paris", NULL };
	const char		*cfgs[][2] = {
		{ "TEXT", "{\"correctAnswer\":\"Paris\",\"correctAnswers\":[\"x\"],"
		    "\"answerLength\":\"short\",\"secret\":1}" },
		{ "SINGLE_CHOICE", "{\"options\":[{\"id\":\"o\",\"text\":\"Paris\"}],"
		    "\"correctOptionId\":\"o\"}" },
		{ "MULTI_CHOICE", "{\"correctOptionIds\":[\"o\"]}" },
		{ "LISTENING", "{\"audioFileId\":\"0123456789abcdef0123456789abcdef\","
		    "\"subQuestions\":[{\"id\":\"s\",\"text\":\"?\",\"answer\":"
		    "\"Paris\"}]}" },
		{ "DRAG_DROP", "{\"items\":[{\"id\":\"a\",\"text\":\"A\",\"secret\":"
		    "1},{\"id\":\"b\",\"text\":\"B\"}],\"correctOrder\":[\"a\",\"b\"]}" },
		{ "FILL_BLANKS", "{\"template\":\"[___]\",\"answers\":[\"Paris\"]}" },
		{ "HOTSPOT", "{\"hotspots\":[{\"id\":\"h\",\"label\":\"L\",\"x\":1,"
		    "\"y\":1,\"width\":2,\"height\":2,\"isCorrect\":true}]}" },
		{ "FILE_UPLOAD", "{\"maxFiles\":1,\"instructions\":\"i\",\"secret\":2}" },
	};
	struct hw_question	 q;
	const char		*s;
	size_t			 i, j;

	for (i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		q = q_of(cfgs[i][0], 1, cfgs[i][1], NULL);
		s = student(&q, 42);
		for (j = 0; leaks[j] != NULL; j++)
			ck_assert_msg(strstr(s, leaks[j]) == NULL, "%s shows %s: %s",
			    cfgs[i][0], leaks[j], s);
	}
	q = q_of("FILL_BLANKS", 1, cfgs[5][1], NULL);
	ck_assert_str_eq(student(&q, 1), "{\"template\":\"[___]\",\"answers\":[\"\"]}");
	q = q_of("LISTENING", 1, cfgs[3][1], NULL);
	ck_assert(strstr(student(&q, 1), "\"audioUrl\":\"/api/homework/file/"
	    "0123456789abcdef0123456789abcdef/\"") != NULL);
}
END_TEST

START_TEST(matching_and_ordering_are_permuted_stably)
{
	struct hw_question	 m = q_of("MATCHING", 1, "{\"pairs\":[{\"id\":\"p1\","
	    "\"left\":\"A\",\"right\":\"1\"},{\"id\":\"p2\",\"left\":\"B\",\"right\":"
	    "\"2\"}]}", NULL);
	struct hw_question	 d = q_of("DRAG_DROP", 1, "{\"items\":[{\"id\":\"c\","
	    "\"text\":\"C\"},{\"id\":\"a\",\"text\":\"A\"},{\"id\":\"b\",\"text\":"
	    "\"B\"}],\"correctOrder\":[\"a\",\"b\",\"c\"]}", NULL);
	const char		*first;
	uint64_t		 seed;
	int			 differ = 0;

	for (seed = 0; seed < 200; seed++) {
		/* Two pairs: the right sides are always swapped. */
		ck_assert_str_eq(student(&m, seed), "{\"pairs\":[{\"id\":\"p1\","
		    "\"left\":\"A\",\"right\":\"2\"},{\"id\":\"p2\",\"left\":\"B\","
		    "\"right\":\"1\"}]}");
		first = student(&d, seed);
		ck_assert_str_eq(first, student(&d, seed));		/* stable */
		ck_assert(strstr(first, "{\"items\":[{\"id\":\"a\",\"text\":\"A\"},"
		    "{\"id\":\"b\",\"text\":\"B\"},{\"id\":\"c\"") == NULL);
		differ += strcmp(first, student(&d, seed + 1000)) != 0;
	}
	ck_assert(differ > 50);			/* the seed matters */
}
END_TEST

START_TEST(a_changed_key_is_seen)
{
	struct hw_question	 a = q_of("SINGLE_CHOICE", 1, "{}", "1:a:1", "2:b:0",
	    NULL);
	struct hw_question	 b = q_of("SINGLE_CHOICE", 1, "{}", "1:a:0", "2:b:1",
	    NULL);
	struct hw_question	 c = q_of("SINGLE_CHOICE", 2, "{}", "1:a:1", "2:b:0",
	    NULL);
	struct hw_question	 same = q_of("SINGLE_CHOICE", 1, "{}", "1:renamed:1",
	    "2:b:0", NULL);

	ck_assert(hw_question_key_changed(&a, &b));
	ck_assert(hw_question_key_changed(&a, &c));
	ck_assert(!hw_question_key_changed(&a, &same));
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("hw_question");
	TCase	*tc = tcase_create("domain");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, norm_trims_collapses_folds_and_reads_decimal_commas);
	tcase_add_test(tc, edit_distance_of_one);
	tcase_add_test(tc, keys_with_alternatives_case_and_loose);
	tcase_add_test(tc, single_choice);
	tcase_add_test(tc, multi_choice_partial_credit);
	tcase_add_test(tc, text_with_and_without_a_key);
	tcase_add_test(tc, listening_matching_drag_drop);
	tcase_add_test(tc, fill_blanks_case_and_strategy);
	tcase_add_test(tc, hotspot_ids_and_clicks);
	tcase_add_test(tc, file_upload_is_read_by_hand);
	tcase_add_test(tc, scores_are_floored_and_zero_points_work);
	tcase_add_test(tc, answers_are_made_canonical_or_ignored);
	tcase_add_test(tc, file_ids_of_answers);
	tcase_add_test(tc, configs_are_checked_on_write_and_on_publish);
	tcase_add_test(tc, the_early_dialect_fills_choices_and_the_order);
	tcase_add_test(tc, students_never_see_a_key);
	tcase_add_test(tc, matching_and_ordering_are_permuted_stably);
	tcase_add_test(tc, a_changed_key_is_seen);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
