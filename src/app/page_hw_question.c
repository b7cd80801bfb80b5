/* The constructor's question editor: one plain form per question for each
 * of the nine types (options, sub-questions, pairs, items, blanks,
 * regions as rows of fields; blank rows to add, buttons to remove and
 * move rows), the image or audio uploaded by a form of its own. A saved
 * question goes to the domain as the API's question JSON inside a
 * homework update (the others named by id), so the checks are the API's;
 * a refused form comes back with what was typed and the reason. */
#include "autoconf.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_files.h"
#include "app/app_hw_pages.h"
#include "app/page_hw.h"
#include "app/view_homework.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/json.h"
#include "core/log.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "crypto/rand.h"
#include "db/db_homework.h"
#include "domain/file.h"
#include "domain/homework.h"

#define EXTRA_ROWS	2	/* blank rows offered for new entries */
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
		if (strncmp(k, prefix, plen) != 0 || !isdigit((unsigned char)k[plen]) ||
		    (us = strchr(k + plen, '_')) == NULL ||
		    str_to_i64(k + plen, (size_t)(us - k - plen), 0, ROW_KEY_MAX,
		    &n) == -1)
			continue;
		for (row = NULL, j = 0; j < json_object_array_length(rows); j++)
			if (json_object_get_int64(json_object_object_get(
			    json_object_array_get_idx(rows, j), "k")) == n)
				row = json_object_array_get_idx(rows, j);
		if (row == NULL) {
			if (json_object_array_length(rows) > HW_ITEMS_MAX + EXTRA_ROWS)
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

/* A copy of the stored config (a new object), or {} for none. */
static struct json_object *
config_copy(struct json_object *cfg)
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
	const char	*f = page_hw_form(r, file_field);
	const char	*u = page_hw_form(r, url_field);

	if (*page_hw_form(r, "media_clear") != '\0')
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
	const char		*text, *correct = page_hw_form(r, "correct");
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
		json_add_str(e, "id", entry_id(r->arena, row, L_SPOTS.id_prefix, l));
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

	keep = hw_fill_blanks_markers(page_hw_form(r, "template"));
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
	const char		*v = page_hw_form(r, "correct_answers"), *t;

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
	json_add_bool(cfg, "caseSensitive", *page_hw_form(r, "case_sensitive") !=
	    '\0');
	json_add_str(cfg, "matchingStrategy", strcmp(page_hw_form(r, "strategy"),
	    "loose") == 0 ? "loose" : "exact");
}

/* The question the form describes, as the API's question JSON (a new
 * object the arena drops), starting from the stored config (its other
 * keys kept). The row buttons' operation (op) applies first. *msg: what
 * the page itself found wrong (the rest is built all the same, to show
 * again). NULL on overflow. */
static struct json_object *
question_of_form(struct req *r, enum hw_qtype t, struct json_object *stored,
    const char **msg)
{
	static const char *const sub_keys[] = { "text", "answer", NULL };
	static const char *const pair_keys[] = { "left", "right", NULL };
	static const char *const item_keys[] = { "text", NULL };
	struct json_object	*q, *cfg, *rows, *l;
	const char		*op = req_form(r, "op"), *pts = page_hw_form(r,
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
	json_add_str(q, "prompt", page_hw_form(r, "prompt"));
	json_add_int(q, "points", points);
	json_add_str(q, "explanation", page_hw_form(r, "explanation"));
	cfg = config_copy(stored);
	json_object_object_add(q, "config", cfg);
	switch (t) {
	case HWQ_TEXT:
		json_add_str(cfg, "answerLength", strcmp(page_hw_form(r,
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
		json_add_str(cfg, "prompt", page_hw_form(r, "listen_prompt"));
		break;
	case HWQ_MATCHING:
		d = &L_PAIRS;
		json_add_bool(cfg, "shuffleRightColumn", *page_hw_form(r,
		    "shuffle") != '\0');
		break;
	case HWQ_DRAG_DROP:
		d = &L_ITEMS;
		break;
	case HWQ_FILL_BLANKS:
		d = &L_BLANKS;
		json_add_str(cfg, "template", page_hw_form(r, "template"));
		matching_keys(r, cfg);
		break;
	case HWQ_HOTSPOT:
		d = &L_SPOTS;
		media_of_form(r, cfg, "imageUrl", "imageFileId", "image_url",
		    "image_file");
		break;
	case HWQ_FILE_UPLOAD:
		l = json_object_new_array();
		if (*page_hw_form(r, "ft_image"))
			json_object_array_add(l, json_object_new_string("image"));
		if (*page_hw_form(r, "ft_document"))
			json_object_array_add(l, json_object_new_string("document"));
		if (*page_hw_form(r, "ft_any") || json_object_array_length(l) == 0)
			json_object_array_add(l, json_object_new_string("any"));
		json_object_object_add(cfg, "allowedTypes", l);
		if (int_field(page_hw_form(r, "max_files"), 1, HW_FILES_MAX, &n) ==
		    -1) {
			*msg = "Файлов не больше: целое число от 1 до 10.";
			n = 1;
		}
		json_add_int(cfg, "maxFiles", n);
		if (int_field(page_hw_form(r, "max_size"), 1, HW_FILE_MB_MAX, &n) ==
		    -1) {
			if (*msg == NULL)
				*msg = "Размер файла: целое число мегабайт от 1 "
				    "до 25.";
			n = 10;
		}
		json_add_int(cfg, "maxSizeMB", n);
		json_add_str(cfg, "instructions", page_hw_form(r, "instructions"));
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

/* -- the editor's page ---------------------------------------------------- */

static struct json_object *
cfg_of(struct json_object *q)
{
	struct json_object	*c = json_object_object_get(q, "config");

	return c != NULL && json_object_is_type(c, json_type_object) ? c : NULL;
}

static const char *
cstr(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

static int
cbool(struct json_object *o, const char *key)
{
	struct json_object	*v;

	return o != NULL && json_object_object_get_ex(o, key, &v) && v != NULL &&
	    json_object_get_boolean(v);
}

static struct json_object *
clist(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, key, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_array))
		return NULL;
	return v;
}

/* A number as the editor shows it: "12.5", "10". */
static const char *
num_text(struct arena *a, struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return arena_printf(a, "%g", json_object_get_double(v));
}

/* The rows of list l for the template: each entry's string fields keys
 * (and numbers nums) with its row number k, then EXTRA_ROWS blank rows;
 * the next free row number in *next. */
static struct json_object *
editor_rows(struct arena *a, struct json_object *l, const char *const *keys,
    const char *const *nums, size_t extra, int64_t *next)
{
	struct json_object	*out = json_object_new_array(), *e, *o;
	size_t			 i, j, n = l ? json_object_array_length(l) : 0;

	for (i = 0; i < n + extra; i++) {
		e = i < n ? json_object_array_get_idx(l, i) : NULL;
		o = json_object_new_object();
		json_add_int(o, "k", (int64_t)i);
		json_add_bool(o, "blank", e == NULL);
		json_add_bool(o, "first", i == 0);
		json_add_bool(o, "last", i + 1 == n);
		json_add_int(o, "n", (int64_t)i + 1);
		/* Every field set, blank rows too: a name missing from a row
		 * would resolve to the question's own in the template. */
		json_add_str(o, "text", e != NULL && json_object_is_type(e,
		    json_type_string) ? json_object_get_string(e) : "");
		json_add_str(o, "id", "");
		json_add_bool(o, "ok", 0);
		json_add_str(o, "cls", "");
		for (j = 0; keys && keys[j] != NULL; j++)
			json_add_str(o, keys[j], e ? cstr(e, keys[j]) : "");
		for (j = 0; nums && nums[j] != NULL; j++)
			json_add_str(o, nums[j], e ? num_text(a, e, nums[j]) : "");
		json_object_array_add(out, o);
	}
	*next = (int64_t)(n + extra);
	return out;
}

/* The link the teacher typed (ours, made from an uploaded file, is not
 * theirs to edit). */
static const char *
typed_url(struct json_object *cfg, const char *key)
{
	const char	*u = cstr(cfg, key);

	return strncmp(u, "/api/homework/file/", 19) == 0 ? "" : u;
}

/* The editor's context for question q (the API's teacher JSON of a
 * stored question, or what the form sent). */
static struct json_object *
editor_ctx(struct req *r, enum hw_qtype t, struct json_object *q)
{
	static const char *const id_text[] = { "id", "text", NULL };
	static const char *const subs[] = { "id", "text", "answer", NULL };
	static const char *const pairs[] = { "id", "left", "right", NULL };
	static const char *const spot[] = { "id", "label", NULL };
	static const char *const spot_n[] = { "x", "y", "width", "height", NULL };
	struct json_object	*e = json_object_new_object(), *cfg = cfg_of(q);
	struct json_object	*rows, *l, *row, *c;
	const char		*key = NULL, *kinds;
	int64_t			 next = 0;
	size_t			 i, m;

	json_add_str(e, "type", hw_qtype_name(t, 0));
	json_add_str(e, "type_text", page_hw_type_text(t));
	json_add_str(e, "prompt", cstr(q, "prompt"));
	json_add_int(e, "points", json_object_get_int64(json_object_object_get(q,
	    "points")));
	json_add_str(e, "explanation", cstr(q, "explanation"));
	switch (t) {
	case HWQ_TEXT:
		json_add_bool(e, "is_text", 1);
		json_add_bool(e, "long", strcmp(cstr(cfg, "answerLength"), "long") ==
		    0);
		l = clist(cfg, "correctAnswers");
		if (l != NULL && json_object_array_length(l) > 0) {
			const char	*all = "";

			for (i = 0; i < json_object_array_length(l); i++)
				all = arena_printf(r->arena, "%s%s%s", all, i ? "\n" : "",
				    json_object_get_string(json_object_array_get_idx(l,
				    i)));
			json_add_str(e, "correct_answers", all);
		} else
			json_add_str(e, "correct_answers", cstr(cfg, "correctAnswer"));
		break;
	case HWQ_SINGLE:
	case HWQ_MULTI:
		json_add_bool(e, t == HWQ_SINGLE ? "is_single" : "is_multi", 1);
		json_add_bool(e, "is_choice", 1);
		rows = editor_rows(r->arena, clist(q, "choices"), id_text, NULL,
		    EXTRA_ROWS, &next);
		l = clist(q, "choices");
		for (i = 0; l != NULL && i < json_object_array_length(l); i++) {
			c = json_object_array_get_idx(l, i);
			row = json_object_array_get_idx(rows, i);
			json_add_bool(row, "ok", cbool(c, "is_correct"));
			json_add_str(row, "id", json_object_get_int64(
			    json_object_object_get(c, "id")) > 0 ? json_object_get_string(
			    json_object_object_get(c, "id")) : "");
		}
		key = "choices";
		json_object_object_add(e, key, rows);
		break;
	case HWQ_LISTENING:
		json_add_bool(e, "is_listening", 1);
		json_add_str(e, "audio_url", typed_url(cfg, "audioUrl"));
		json_add_str(e, "audio_file", cstr(cfg, "audioFileId"));
		json_add_str(e, "audio_src", page_hw_media_url(r->arena, cfg,
		    "audioUrl", "audioFileId"));
		json_add_str(e, "listen_prompt", cstr(cfg, "prompt"));
		key = "subs";
		json_object_object_add(e, key, editor_rows(r->arena, clist(cfg,
		    "subQuestions"), subs, NULL, EXTRA_ROWS, &next));
		break;
	case HWQ_MATCHING:
		json_add_bool(e, "is_matching", 1);
		json_add_bool(e, "shuffle", cfg == NULL || !json_object_object_get_ex(
		    cfg, "shuffleRightColumn", NULL) || cbool(cfg,
		    "shuffleRightColumn"));
		key = "pairs";
		json_object_object_add(e, key, editor_rows(r->arena, clist(cfg,
		    "pairs"), pairs, NULL, EXTRA_ROWS, &next));
		break;
	case HWQ_DRAG_DROP:
		json_add_bool(e, "is_order", 1);
		key = "items";
		json_object_object_add(e, key, editor_rows(r->arena, clist(cfg,
		    "items"), id_text, NULL, EXTRA_ROWS, &next));
		break;
	case HWQ_FILL_BLANKS:
		json_add_bool(e, "is_blanks", 1);
		json_add_str(e, "template", cstr(cfg, "template"));
		json_add_int(e, "markers", (int64_t)hw_fill_blanks_markers(cstr(cfg,
		    "template")));
		/* A row for every marker of the template, and one more. */
		m = hw_fill_blanks_markers(cstr(cfg, "template"));
		l = clist(cfg, "answers");
		i = l ? json_object_array_length(l) : 0;
		key = "blanks";
		json_object_object_add(e, key, editor_rows(r->arena, l, NULL, NULL,
		    (m > i ? m - i : 0) + 1, &next));
		break;
	case HWQ_HOTSPOT:
		json_add_bool(e, "is_hotspot", 1);
		json_add_str(e, "image_url", typed_url(cfg, "imageUrl"));
		json_add_str(e, "image_file", cstr(cfg, "imageFileId"));
		json_add_str(e, "image_src", page_hw_media_url(r->arena, cfg,
		    "imageUrl", "imageFileId"));
		rows = editor_rows(r->arena, clist(cfg, "hotspots"), spot, spot_n,
		    EXTRA_ROWS, &next);
		l = clist(cfg, "hotspots");
		for (i = 0; l != NULL && i < json_object_array_length(l); i++) {
			c = json_object_array_get_idx(l, i);
			row = json_object_array_get_idx(rows, i);
			json_add_bool(row, "ok", cbool(c, "isCorrect"));
			json_add_str(row, "cls", page_hw_spot_classes(r->arena, c));
		}
		key = "spots";
		json_object_object_add(e, key, rows);
		break;
	case HWQ_FILE_UPLOAD:
		json_add_bool(e, "is_file", 1);
		kinds = (l = clist(cfg, "allowedTypes")) ? json_object_get_string(l) :
		    "";
		json_add_bool(e, "ft_image", strstr(kinds, "\"image\"") != NULL);
		json_add_bool(e, "ft_document", strstr(kinds, "\"document\"") != NULL);
		json_add_bool(e, "ft_any", l == NULL || strstr(kinds, "\"any\"") !=
		    NULL);
		json_add_int(e, "max_files", json_object_object_get(cfg, "maxFiles") ?
		    json_object_get_int64(json_object_object_get(cfg, "maxFiles")) : 1);
		json_add_int(e, "max_size", json_object_object_get(cfg, "maxSizeMB") ?
		    json_object_get_int64(json_object_object_get(cfg, "maxSizeMB")) :
		    10);
		json_add_str(e, "instructions", cstr(cfg, "instructions"));
		break;
	default:
		break;
	}
	if (t == HWQ_TEXT || t == HWQ_FILL_BLANKS) {
		json_add_bool(e, "case_sensitive", cbool(cfg, "caseSensitive"));
		json_add_bool(e, "loose", strcmp(cstr(cfg, "matchingStrategy"),
		    "loose") == 0);
	}
	if (key != NULL) {
		json_add_str(e, "p", t == HWQ_SINGLE || t == HWQ_MULTI ? "c" :
		    t == HWQ_LISTENING ? "s" : t == HWQ_MATCHING ? "p" :
		    t == HWQ_DRAG_DROP ? "d" : t == HWQ_FILL_BLANKS ? "b" : "h");
		json_add_str(e, "list", key);
		json_add_int(e, "next_key", next);
	}
	return e;
}

/* A question field the domain names ("config.pairs[1].right") in words. */
static const char *
field_words(struct arena *a, const char *f)
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

/* The refusal as one line: "<where>: <message>". */
static const char *
refusal(struct arena *a, const struct hw_err *err)
{
	struct json_object	*l, *e;
	const char		*where;

	if (err->body != NULL && json_object_object_get_ex(err->body, "questions",
	    &l) && json_object_array_length(l) > 0) {
		e = json_object_array_get_idx(l, 0);
		where = field_words(a, cstr(e, "field"));
		return where ? arena_printf(a, "%s: %s", where, cstr(e, "message")) :
		    cstr(e, "message");
	}
	return page_hw_message(a, err);
}

/* The editor page for question q of h (qid 0: a new one, not stored). */
static int
render_editor(struct req *r, int status, const struct homework *h, int64_t qid,
    size_t number, enum hw_qtype t, struct json_object *q, const char *error)
{
	struct json_object	*ctx, *e, *hw;
	const char		*done;

	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (e = editor_ctx(r, t, q)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_int(e, "id", qid);
	json_add_int(e, "number", (int64_t)number);
	json_add_str(e, "action", qid ? arena_printf(r->arena,
	    "/homework/%lld/questions/%lld", (long long)h->id, (long long)qid) :
	    arena_printf(r->arena, "/homework/%lld/questions", (long long)h->id));
	json_add_str(e, "media_action", qid ? arena_printf(r->arena,
	    "/homework/%lld/questions/%lld/media", (long long)h->id,
	    (long long)qid) : arena_printf(r->arena, "/homework/%lld/media",
	    (long long)h->id));
	json_object_object_add(ctx, "q", e);
	hw = json_object_new_object();
	json_add_int(hw, "id", h->id);
	json_add_str(hw, "title", h->title);
	json_add_bool(hw, "is_draft", strcmp(h->status, "draft") == 0);
	json_object_object_add(ctx, "hw", hw);
	done = req_query(r, "done");
	if (done != NULL && strcmp(done, "media") == 0)
		page_flash(ctx, "ok", "Файл загружен.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		page_flash(ctx, "ok", "Изменения сохранены.");
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "homework/question", ctx, qid ?
	    arena_printf(r->arena, "Вопрос %zu", number) : "Новый вопрос");
}

/* The stored question qid of h's questions q[n]: its index, or -1. */
static long
find(const struct hw_question *q, size_t n, int64_t qid)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (q[i].id == qid)
			return (long)i;
	return -1;
}

static const char *
editor_path(struct req *r, int64_t hw, int64_t qid)
{
	return arena_printf(r->arena, "/homework/%lld/questions/%lld",
	    (long long)hw, (long long)qid);
}

int
page_hwq_new(struct req *r)
{
	struct json_object	*q, *cfg;
	struct homework		 h;
	struct hw_question	*qs;
	enum hw_qtype		 t;
	const char		*type = req_query(r, "type"), *file;
	size_t			 n;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (type == NULL || hw_qtype_parse(type, &t) == -1)
		return resp_error(r, 400, "Выберите тип вопроса.");
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((q = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_int(q, "points", 1);
	cfg = json_object_new_object();
	json_object_object_add(q, "config", cfg);
	/* A file uploaded before the question exists (media below). */
	if ((file = req_query(r, "file")) != NULL && strlen(file) == 32 &&
	    strspn(file, "0123456789abcdef") == 32)
		json_add_str(cfg, t == HWQ_LISTENING ? "audioFileId" :
		    "imageFileId", file);
	return render_editor(r, 200, &h, 0, n + 1, t, q, NULL);
}

int
page_hwq_edit(struct req *r)
{
	struct hw_question	*qs;
	struct homework		 h;
	size_t			 n;
	long			 i;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((i = find(qs, n, page_hw_qid(r))) < 0)
		return resp_error(r, 404, "Вопрос не найден.");
	return render_editor(r, 200, &h, qs[i].id, (size_t)i + 1, qs[i].type,
	    hw_view_question(r->arena, &qs[i]), NULL);
}

/* Write question q (with "id" when stored) into h: every other question
 * named by its id, so the domain keeps them. 0, or the domain's result
 * with *err. */
static int
write_question(struct req *r, const struct homework *h,
    const struct hw_question *qs, size_t n, struct json_object *q,
    struct hw_err *err)
{
	struct json_object	*body, *l, *o;
	int64_t			 qid = json_object_get_int64(json_object_object_get(q,
	    "id"));
	size_t			 i;

	if ((body = json_new_object(r->arena)) == NULL)
		return HW_DB;
	l = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (qs[i].id == qid) {
			json_add_int(q, "order", (int64_t)i);
			json_object_array_add(l, json_object_get(q));
			continue;
		}
		o = json_object_new_object();
		json_add_int(o, "id", qs[i].id);
		json_add_int(o, "order", (int64_t)i);
		json_object_array_add(l, o);
	}
	if (qid == 0) {
		json_add_int(q, "order", (int64_t)n);
		json_object_array_add(l, json_object_get(q));
	}
	json_object_object_add(body, "questions", l);
	return homework_update(r->arena, h, body, err);
}

/* Save the editor's form: q's JSON from the form, written; then back to
 * the constructor (op save) or the editor (a row's button). */
static int
save(struct req *r, const struct homework *h, const struct hw_question *qs,
    size_t n, long at, enum hw_qtype t)
{
	struct json_object	*q;
	struct hw_question	*now;
	struct hw_err		 err;
	const char		*msg, *op = page_hw_form(r, "op");
	int64_t			 qid = at >= 0 ? qs[at].id : 0;
	size_t			 nnow, i, number = at >= 0 ? (size_t)at + 1 : n + 1;
	int			 rc;

	if ((q = question_of_form(r, t, at >= 0 ? qs[at].config : NULL, &msg)) ==
	    NULL)
		return resp_error(r, 500, "Internal server error");
	if (msg != NULL)		/* the form once more, as typed */
		return render_editor(r, 400, h, qid, number, t, q, msg);
	if (qid != 0)
		json_add_int(q, "id", qid);
	if ((rc = write_question(r, h, qs, n, q, &err)) == HW_INVALID)
		return render_editor(r, err.status, h, qid, number, t, q,
		    refusal(r->arena, &err));
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	if (qid == 0) {
		/* The new question is the one not there before. */
		if (db_hw_questions(r->arena, h->id, &now, &nnow) == -1)
			return resp_error(r, 503, page_hw_db_down);
		for (i = 0; i < nnow && qid == 0; i++)
			if (find(qs, n, now[i].id) < 0)
				qid = now[i].id;
	}
	if (*op == '\0' || strcmp(op, "save") == 0 || qid == 0)
		return page_hw_redirect(r, arena_printf(r->arena,
		    "/homework/%lld/edit", (long long)h->id), "q_saved",
		    arena_printf(r->arena, "q-%lld", (long long)qid));
	return page_hw_redirect(r, editor_path(r, h->id, qid), "saved", "rows");
}

int
page_hwq_create(struct req *r)
{
	struct hw_question	*qs;
	struct homework		 h;
	enum hw_qtype		 t;
	size_t			 n;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (hw_qtype_parse(page_hw_form(r, "question_type"), &t) == -1)
		return resp_error(r, 400, "Выберите тип вопроса.");
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	return save(r, &h, qs, n, -1, t);
}

int
page_hwq_save(struct req *r)
{
	struct hw_question	*qs;
	struct homework		 h;
	size_t			 n;
	long			 i;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((i = find(qs, n, page_hw_qid(r))) < 0)
		return resp_error(r, 404, "Вопрос не найден.");
	return save(r, &h, qs, n, i, qs[i].type);
}

/* -- images and audio --------------------------------------------------- */

/* Store the upload's file as the teacher's media of kind k: 0 and *f, or
 * -1 with *why (a refusal to show) or after an answer (why NULL). */
static int
store_media(struct req *r, struct upload *up, enum file_kind k,
    struct stored_file *f, const char **why)
{
	struct file_new	 in = { up->mp.file, up->sha256, k, FILE_HOMEWORK_MEDIA,
	    r->user->id, 0, 0 };

	*why = NULL;
	switch (file_store(r->arena, r->cfg, &in, f, why)) {
	case 0:
		log_info("stored file %s: %s, %lld bytes, homework media", f->id,
		    f->mime_type, (long long)f->size);
		return 0;
	case FILE_REFUSED:
		if (*why == NULL)
			*why = "Файл не принят.";
		return -1;
	case FILE_DB:
		resp_error(r, 503, page_hw_db_down);
		return -1;
	default:
		resp_error(r, 503, "Хранилище файлов недоступно. Попробуйте "
		    "чуть позже.");
		return -1;
	}
}

/* POST /homework/{id}/questions/{qid}/media (multipart: file): the
 * HOTSPOT's image or the LISTENING's audio, put into the question. */
int
page_hwq_media(struct req *r)
{
	struct json_object	*q, *cfg;
	struct hw_question	*qs;
	struct stored_file	 f;
	struct homework		 h;
	struct upload		 up;
	struct hw_err		 err;
	const char		*why;
	size_t			 n;
	long			 i;
	int			 rc, audio;

	/* The form's token first, before anything is looked up or stored. */
	if (files_upload_or_reply(r, FILE_KIND_IMAGE, &up) == -1 ||
	    page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((i = find(qs, n, page_hw_qid(r))) < 0)
		return resp_error(r, 404, "Вопрос не найден.");
	if (qs[i].type != HWQ_HOTSPOT && qs[i].type != HWQ_LISTENING)
		return resp_error(r, 400, "Изображение загружают для вопроса с "
		    "областями, аудио — для аудирования.");
	audio = qs[i].type == HWQ_LISTENING;
	q = hw_view_question(r->arena, &qs[i]);
	if (store_media(r, &up, audio ? FILE_KIND_AUDIO : FILE_KIND_IMAGE, &f,
	    &why) == -1)
		return why ? render_editor(r, 400, &h, qs[i].id, (size_t)i + 1,
		    qs[i].type, q, why) : 0;
	/* Only the media fields change; the rest of the question stays. */
	cfg = config_copy(qs[i].config);
	json_add_str(cfg, audio ? "audioFileId" : "imageFileId", f.id);
	json_add_str(cfg, audio ? "audioUrl" : "imageUrl", arena_printf(r->arena,
	    "/api/homework/file/%s/", f.id));
	q = json_new_object(r->arena);
	json_add_int(q, "id", qs[i].id);
	json_object_object_add(q, "config", cfg);
	if ((rc = write_question(r, &h, qs, n, q, &err)) == HW_INVALID)
		return render_editor(r, err.status, &h, qs[i].id, (size_t)i + 1,
		    qs[i].type, hw_view_question(r->arena, &qs[i]), refusal(r->arena,
		    &err));
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	return page_hw_redirect(r, editor_path(r, h.id, qs[i].id), "media", NULL);
}

/* POST /homework/{id}/media (multipart: file, question_type): media for a
 * question not stored yet; the new question's editor gets its id. */
int
page_hw_media(struct req *r)
{
	struct stored_file	 f;
	struct homework		 h;
	struct upload		 up;
	enum hw_qtype		 t;
	const char		*why, *type;
	struct json_object	*q;

	if (files_upload_or_reply(r, FILE_KIND_IMAGE, &up) == -1 ||
	    page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	type = multipart_field(&up.mp, "question_type");
	if (type == NULL || hw_qtype_parse(type, &t) == -1 ||
	    (t != HWQ_HOTSPOT && t != HWQ_LISTENING))
		return resp_error(r, 400, "Изображение загружают для вопроса с "
		    "областями, аудио — для аудирования.");
	if (store_media(r, &up, t == HWQ_LISTENING ? FILE_KIND_AUDIO :
	    FILE_KIND_IMAGE, &f, &why) == -1) {
		if (why == NULL)
			return 0;
		q = json_new_object(r->arena);
		json_add_int(q, "points", 1);
		json_object_object_add(q, "config", json_object_new_object());
		return render_editor(r, 400, &h, 0, 0, t, q, why);
	}
	return resp_redirect(r, 303, arena_printf(r->arena,
	    "/homework/%lld/questions/new?type=%s&file=%s", (long long)h.id,
	    hw_qtype_name(t, 0), f.id));
}
