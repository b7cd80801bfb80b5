/* The question editor's form read into the API's question JSON: rows of
 * fields for options, sub-questions, pairs, items, blanks and regions
 * (blank rows dropped, the row buttons' moves and removals applied, ids
 * kept or made), and each type's own fields over the stored config. */
#include "autoconf.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app/page_hw.h"
#include "core/arena.h"
#include "core/json.h"
#include "core/req.h"
#include "core/str.h"
#include "crypto/rand.h"

#define ROW_KEY_MAX	9999	/* a row's number in the form */

/* The lists of the editor: their row prefix in the form and what the
 * editor calls an entry (for messages). */
struct list_def {
	const char	*prefix, *config_key, *id_prefix, *noun;
};
static const struct list_def L_CHOICES = { "c", NULL, NULL, "Вариант" };
static const struct list_def L_SUBS = { "s", "subQuestions", "sq-", "Вопрос" };
static const struct list_def L_PAIRS = { "p", "pairs", "pair-", "Пара" };
static const struct list_def L_ITEMS = { "d", "items", "item-", "Элемент" };
static const struct list_def L_BLANKS = { "b", "answers", NULL, "Пропуск" };
static const struct list_def L_SPOTS = { "h", "hotspots", "hs-", "Область" };

/* -- rows of the form ------------------------------------------------------- */

/* The rows of list prefix as sent, in the order their fields came (the
 * page's order, which the script may change): [{"k": n, field: value}]
 * from fields "<prefix><n>_<field>". */
static struct json_object *
form_rows(struct req *r, const char *prefix)
{
	struct json_object	*rows = json_object_new_array(), *row;
	const char		*k, *us;
	size_t			 plen = strlen(prefix), i, j;
	int64_t			 n;

	(void)req_form(r, "");
	for (i = 0; i < r->form.n; i++) {
		k = r->form.v[i].key;
		if (strncmp(k, prefix, plen) != 0 || !isdigit((unsigned
		    char)k[plen]) || (us = strchr(k + plen, '_')) == NULL ||
		    str_to_i64(k + plen, (size_t)(us - k - plen), 0,
		    ROW_KEY_MAX, &n) == -1)
			continue;
		for (row = NULL, j = 0; j < json_object_array_length(rows); j++)
			if (json_object_get_int64(json_object_object_get(
			    json_object_array_get_idx(rows, j), "k")) == n)
				row = json_object_array_get_idx(rows, j);
		if (row == NULL) {
			if (json_object_array_length(rows) > HW_ITEMS_MAX +
			    PAGE_HW_EXTRA_ROWS)
				continue;
			row = json_object_new_object();
			json_add_int(row, "k", n);
			json_object_array_add(rows, row);
		}
		json_add_str(row, us + 1, r->form.v[i].val);
	}
	return rows;
}

static const char *
rstr(struct json_object *row, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(row, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

/* Whether s holds more than white space. */
static int
filled(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (!isspace((unsigned char)*s))
			return 1;
	return 0;
}

/* A row operation of the form's buttons on list prefix: "del:<p>:<k>",
 * "up:<p>:<k>", "down:<p>:<k>". The rows are changed in place. */
static void
apply_op(struct json_object *rows, const char *op, const char *prefix)
{
	char		 verb[8], p[8];
	long		 k;
	size_t		 i, n = json_object_array_length(rows);
	long		 at = -1, to;
	struct json_object *a, *b;

	if (op == NULL || sscanf(op, "%7[a-z]:%7[a-z]:%ld", verb, p, &k) != 3 ||
	    strcmp(p, prefix) != 0)
		return;
	for (i = 0; i < n; i++)
		if (json_object_get_int64(json_object_object_get(
		    json_object_array_get_idx(rows, i), "k")) == k)
			at = (long)i;
	if (at < 0)
		return;
	if (strcmp(verb, "del") == 0) {
		json_object_array_del_idx(rows, (size_t)at, 1);
		return;
	}
	to = strcmp(verb, "up") == 0 ? at - 1 : strcmp(verb, "down") == 0 ?
	    at + 1 : -1;
	if (to < 0 || to >= (long)n)
		return;
	a = json_object_get(json_object_array_get_idx(rows, (size_t)at));
	b = json_object_get(json_object_array_get_idx(rows, (size_t)to));
	json_object_array_put_idx(rows, (size_t)at, b);
	json_object_array_put_idx(rows, (size_t)to, a);
}

/* An entry id: the row's, else a new one unique in the list so far. */
static const char *
entry_id(struct arena *a, struct json_object *row, const char *prefix,
    struct json_object *list)
{
	const char	*id = rstr(row, "id");
	char		 hex[9];
	size_t		 i;

	if (filled(id) && strlen(id) <= 100)
		return id;
	for (;;) {
		rand_hex(hex, 4);
		id = arena_printf(a, "%s%s", prefix, hex);
		for (i = 0; i < json_object_array_length(list); i++)
			if (strcmp(rstr(json_object_array_get_idx(list, i), "id"),
			    id) == 0)
				break;
		if (i == json_object_array_length(list))
			return id;
	}
}

/* A number typed in a form ("12", "12.5", "12,5"): 0 and *d, -1. */
static int
number(const char *s, double *d)
{
	char	 buf[32], *end;
	size_t	 i, n = strlen(s);

	if (n == 0 || n >= sizeof(buf))
		return -1;
	for (i = 0; i <= n; i++)
		buf[i] = s[i] == ',' ? '.' : s[i];
	*d = strtod(buf, &end);
	return *end == '\0' && end != buf && isfinite(*d) ? 0 : -1;
}

static int
int_field(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	return str_to_i64(s, strlen(s), lo, hi, out);
}

/* -- the form as the question's JSON -------------------------------------- */

struct json_object *
page_hw_config_copy(struct json_object *cfg)
{
	struct json_object	*c = NULL;

	if (cfg == NULL || json_object_deep_copy(cfg, &c, NULL) != 0 || c == NULL)
		return json_object_new_object();
	return c;
}

static void
set_or_del(struct json_object *o, const char *key, const char *v)
{
	if (v != NULL && *v != '\0')
		json_add_str(o, key, v);
	else
		json_object_object_del(o, key);
}

/* The media fields from the form: an uploaded file's id (hidden) and a
 * link typed in; our link follows the file. */
static void
media_of_form(struct req *r, struct json_object *cfg, const char *url_key,
    const char *file_key, const char *url_field, const char *file_field)
{
	const char	*f = req_form_text(r, file_field);
	const char	*u = req_form_text(r, url_field);

	if (*req_form_text(r, "media_clear") != '\0')
		f = "";
	if (strlen(f) == 32 && strspn(f, "0123456789abcdef") == 32) {
		json_add_str(cfg, file_key, f);
		json_add_str(cfg, url_key, arena_printf(r->arena,
		    "/api/homework/file/%s/", f));
	} else {
		json_object_object_del(cfg, file_key);
		set_or_del(cfg, url_key, str_trim_dup(r->arena, u));
	}
}

static int
choices_of_form(struct req *r, enum hw_qtype t, struct json_object *rows,
    struct json_object *q, struct json_object *cfg)
{
	struct json_object	*choices = json_object_new_array(), *opts, *ids;
	struct json_object	*row, *c, *o;
	const char		*text, *correct = req_form_text(r, "correct");
	int64_t			 id;
	size_t			 i, n = 0;
	int			 ok;

	opts = json_object_new_array();
	ids = json_object_new_array();
	json_object_object_del(cfg, "correctOptionId");
	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		if (!filled(text = rstr(row, "text")))
			continue;		/* an empty row: none, or removed */
		ok = t == HWQ_SINGLE ? int_field(correct, 0, ROW_KEY_MAX, &id) ==
		    0 && id == json_object_get_int64(json_object_object_get(row,
		    "k")) : *rstr(row, "ok") != '\0';
		c = json_object_new_object();
		if (int_field(rstr(row, "id"), 1, INT64_MAX, &id) == 0)
			json_add_int(c, "id", id);
		json_add_str(c, "text", text);
		json_add_bool(c, "is_correct", ok);
		json_object_array_add(choices, c);
		/* config.options for the original's editor, in step. */
		o = json_object_new_object();
		json_add_str(o, "id", arena_printf(r->arena, "opt-%zu", ++n));
		json_add_str(o, "text", text);
		json_object_array_add(opts, o);
		if (ok && t == HWQ_SINGLE)
			json_add_str(cfg, "correctOptionId", arena_printf(r->arena,
			    "opt-%zu", n));
		else if (ok)
			json_object_array_add(ids, json_object_new_string(
			    arena_printf(r->arena, "opt-%zu", n)));
	}
	json_object_object_add(cfg, "options", opts);
	if (t == HWQ_MULTI)
		json_object_object_add(cfg, "correctOptionIds", ids);
	else
		json_object_put(ids);
	json_object_object_add(q, "choices", choices);
	return 0;
}

/* A list of entries from rows: id and the string fields keys (a row with
 * all of them blank is left out). */
static void
entries_of_form(struct req *r, struct json_object *rows, struct json_object *cfg,
    const struct list_def *d, const char *const *keys)
{
	struct json_object	*l = json_object_new_array(), *row, *e;
	size_t			 i, k;
	int			 any;

	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		for (any = 0, k = 0; keys[k] != NULL; k++)
			any |= filled(rstr(row, keys[k]));
		if (!any)
			continue;
		e = json_object_new_object();
		json_add_str(e, "id", entry_id(r->arena, row, d->id_prefix, l));
		for (k = 0; keys[k] != NULL; k++)
			json_add_str(e, keys[k], rstr(row, keys[k]));
		json_object_array_add(l, e);
	}
	json_object_object_add(cfg, d->config_key, l);
}

static void
spots_of_form(struct req *r, struct json_object *rows, struct json_object *cfg,
    const char **msg)
{
	static const char *const f[] = { "x", "y", "w", "h" };
	static const char *const k[] = { "x", "y", "width", "height" };
	struct json_object	*l = json_object_new_array(), *row, *e;
	double			 d;
	size_t			 i, j, shown = 0;

	json_object_object_add(cfg, "hotspots", l);
	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		if (!filled(rstr(row, "label")) && !filled(rstr(row, "x")) &&
		    !filled(rstr(row, "y")) && !filled(rstr(row, "w")) &&
		    !filled(rstr(row, "h")))
			continue;
		shown++;
		e = json_object_new_object();
		json_add_str(e, "id", entry_id(r->arena, row,
		    L_SPOTS.id_prefix, l));
		json_add_str(e, "label", filled(rstr(row, "label")) ? rstr(row,
		    "label") : arena_printf(r->arena, "Область %zu", shown));
		for (j = 0; j < 4; j++) {
			if (number(rstr(row, f[j]), &d) == 0)
				json_add_double(e, k[j], d);
			else if (*msg == NULL)
				*msg = arena_printf(r->arena, "Область %zu: x, y, "
				    "ширина и высота — числа (проценты "
				    "изображения).", shown);
		}
		json_add_bool(e, "isCorrect", *rstr(row, "ok") != '\0');
		json_object_array_add(l, e);
	}
}

/* FILL_BLANKS answers: one per row, trailing empty rows beyond the
 * template's markers dropped. */
static void
blanks_of_form(struct req *r, struct json_object *rows, struct json_object *cfg)
{
	struct json_object	*l = json_object_new_array();
	size_t			 i, n = json_object_array_length(rows), keep;

	keep = hw_fill_blanks_markers(req_form_text(r, "template"));
	for (i = 0; i < n; i++)
		if (filled(rstr(json_object_array_get_idx(rows, i), "text")) &&
		    i + 1 > keep)
			keep = i + 1;
	for (i = 0; i < n && i < keep; i++)
		json_object_array_add(l, json_object_new_string(str_trim_dup(
		    r->arena, rstr(json_object_array_get_idx(rows, i), "text"))));
	json_object_object_add(cfg, "answers", l);
}

/* TEXT's accepted answers, one a line: the first is correctAnswer, all of
 * them correctAnswers when there are several. */
static void
text_keys_of_form(struct req *r, struct json_object *cfg)
{
	struct json_object	*l = json_object_new_array();
	struct slice		 s, line;
	const char		*v = req_form_text(r, "correct_answers"), *t;

	s.p = v;
	s.len = strlen(v);
	while (s.len > 0) {
		slice_split(&s, '\n', &line);
		line = slice_trim(line);
		if (line.len > 0 && (t = arena_printf(r->arena, "%.*s",
		    (int)line.len, line.p)) != NULL)
			json_object_array_add(l, json_object_new_string(t));
	}
	json_object_object_del(cfg, "correctAnswers");
	if (json_object_array_length(l) == 0) {
		json_add_str(cfg, "correctAnswer", "");
		json_object_put(l);
		return;
	}
	json_add_str(cfg, "correctAnswer", json_object_get_string(
	    json_object_array_get_idx(l, 0)));
	if (json_object_array_length(l) > 1)
		json_object_object_add(cfg, "correctAnswers", l);
	else
		json_object_put(l);
}

static void
matching_keys(struct req *r, struct json_object *cfg)
{
	json_add_bool(cfg, "caseSensitive", *req_form_text(r, "case_sensitive") !=
	    '\0');
	json_add_str(cfg, "matchingStrategy", strcmp(req_form_text(r, "strategy"),
	    "loose") == 0 ? "loose" : "exact");
}

struct json_object *
page_hw_question_of_form(struct req *r, enum hw_qtype t, struct json_object *stored,
    const char **msg)
{
	static const char *const sub_keys[] = { "text", "answer", NULL };
	static const char *const pair_keys[] = { "left", "right", NULL };
	static const char *const item_keys[] = { "text", NULL };
	struct json_object	*q, *cfg, *rows, *l;
	const char		*op = req_form(r, "op"), *pts = req_form_text(r,
	    "points");
	int64_t			 points, n;
	const struct list_def	*d = NULL;

	*msg = NULL;
	if (int_field(pts, 0, HW_POINTS_MAX, &points) == -1) {
		*msg = "Баллы: целое число от 0 до 1000.";
		points = 0;
	}
	if ((q = json_new_object(r->arena)) == NULL)
		return NULL;
	json_add_str(q, "question_type", hw_qtype_name(t, 0));
	json_add_str(q, "prompt", req_form_text(r, "prompt"));
	json_add_int(q, "points", points);
	json_add_str(q, "explanation", req_form_text(r, "explanation"));
	cfg = page_hw_config_copy(stored);
	json_object_object_add(q, "config", cfg);
	switch (t) {
	case HWQ_TEXT:
		json_add_str(cfg, "answerLength", strcmp(req_form_text(r,
		    "answer_length"), "long") == 0 ? "long" : "short");
		text_keys_of_form(r, cfg);
		matching_keys(r, cfg);
		break;
	case HWQ_SINGLE:
	case HWQ_MULTI:
		d = &L_CHOICES;
		break;
	case HWQ_LISTENING:
		d = &L_SUBS;
		media_of_form(r, cfg, "audioUrl", "audioFileId", "audio_url",
		    "audio_file");
		json_add_str(cfg, "prompt", req_form_text(r, "listen_prompt"));
		break;
	case HWQ_MATCHING:
		d = &L_PAIRS;
		json_add_bool(cfg, "shuffleRightColumn", *req_form_text(r,
		    "shuffle") != '\0');
		break;
	case HWQ_DRAG_DROP:
		d = &L_ITEMS;
		break;
	case HWQ_FILL_BLANKS:
		d = &L_BLANKS;
		json_add_str(cfg, "template", req_form_text(r, "template"));
		matching_keys(r, cfg);
		break;
	case HWQ_HOTSPOT:
		d = &L_SPOTS;
		media_of_form(r, cfg, "imageUrl", "imageFileId", "image_url",
		    "image_file");
		break;
	case HWQ_FILE_UPLOAD:
		l = json_object_new_array();
		if (*req_form_text(r, "ft_image"))
			json_object_array_add(l, json_object_new_string("image"));
		if (*req_form_text(r, "ft_document"))
			json_object_array_add(l,
			    json_object_new_string("document"));
		if (*req_form_text(r, "ft_any") || json_object_array_length(l) == 0)
			json_object_array_add(l, json_object_new_string("any"));
		json_object_object_add(cfg, "allowedTypes", l);
		if (int_field(req_form_text(r, "max_files"), 1, HW_FILES_MAX, &n) ==
		    -1) {
			*msg = "Файлов не больше: целое число от 1 до 10.";
			n = 1;
		}
		json_add_int(cfg, "maxFiles", n);
		if (int_field(req_form_text(r, "max_size"), 1, HW_FILE_MB_MAX, &n) ==
		    -1) {
			if (*msg == NULL)
				*msg = "Размер файла: целое число мегабайт от 1 "
				    "до 25.";
			n = 10;
		}
		json_add_int(cfg, "maxSizeMB", n);
		json_add_str(cfg, "instructions", req_form_text(r, "instructions"));
		break;
	default:
		break;
	}
	if (d == NULL)
		return q;
	rows = form_rows(r, d->prefix);
	apply_op(rows, op, d->prefix);
	switch (t) {
	case HWQ_SINGLE:
	case HWQ_MULTI:
		choices_of_form(r, t, rows, q, cfg);
		break;
	case HWQ_LISTENING:
		entries_of_form(r, rows, cfg, d, sub_keys);
		break;
	case HWQ_MATCHING:
		entries_of_form(r, rows, cfg, d, pair_keys);
		break;
	case HWQ_DRAG_DROP:
		entries_of_form(r, rows, cfg, d, item_keys);
		/* The rows' order is the right one. */
		json_object_object_del(cfg, "correctOrder");
		break;
	case HWQ_FILL_BLANKS:
		blanks_of_form(r, rows, cfg);
		break;
	case HWQ_HOTSPOT:
		spots_of_form(r, rows, cfg, msg);
		break;
	default:
		break;
	}
	json_object_put(rows);
	return q;
}

const char *
page_hw_field_words(struct arena *a, const char *f)
{
	static const struct {
		const char			*key;
		const struct list_def		*d;
	} lists[] = {
		{ "choices", &L_CHOICES }, { "config.subQuestions", &L_SUBS },
		{ "config.pairs", &L_PAIRS }, { "config.items", &L_ITEMS },
		{ "config.answers", &L_BLANKS }, { "config.hotspots", &L_SPOTS },
	};
	size_t	 i, n;
	long	 k;

	if (f == NULL)
		return NULL;
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		n = strlen(lists[i].key);
		if (strncmp(f, lists[i].key, n) == 0 && f[n] == '[' &&
		    sscanf(f + n, "[%ld]", &k) == 1)
			return arena_printf(a, "%s %ld", lists[i].d->noun, k + 1);
	}
	return NULL;
}

