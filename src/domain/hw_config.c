/* Question types, their config checked on write and publish, and what a
 * student sees of them. */
#include "autoconf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/str.h"
#include "domain/hw_json.h"
#include "domain/hw_question.h"
#include "domain/hw_text.h"

#define URL_MAX		2000
#define MARKER		"[___]"

static const char *const type_names[HWQ_NTYPES] = {
	"TEXT", "SINGLE_CHOICE", "MULTI_CHOICE", "LISTENING", "MATCHING",
	"DRAG_DROP", "FILL_BLANKS", "HOTSPOT", "FILE_UPLOAD",
};

int
hw_qtype_parse(const char *name, enum hw_qtype *t)
{
	int	 i;

	if (strcmp(name, "MULTIPLE_CHOICE") == 0)
		return *t = HWQ_MULTI, 0;
	for (i = 0; i < HWQ_NTYPES; i++)
		if (strcmp(name, type_names[i]) == 0)
			return *t = (enum hw_qtype)i, 0;
	return -1;
}

const char *
hw_qtype_name(enum hw_qtype t, int frontend)
{
	if (t == HWQ_MULTI && frontend)
		return "MULTIPLE_CHOICE";
	return (unsigned)t < HWQ_NTYPES ? type_names[t] : "TEXT";
}

int
hw_qtype_manual(enum hw_qtype t)
{
	return t == HWQ_FILE_UPLOAD;
}

/* -- reading config values ---------------------------------------------- */

static int
is_number(struct json_object *v)
{
	return v != NULL && (json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double));
}

/* Whether s is text a question may hold: valid UTF-8, no NUL, at most max
 * characters. */
static int
text_ok(struct json_object *v, long max)
{
	const char	*s = json_object_get_string(v);

	return strlen(s) == (size_t)json_object_get_string_len(v) &&
	    str_utf8_max(s, max);
}

/* -- checking ---------------------------------------------------------- */

struct check {
	struct arena		*a;
	struct hw_problem	*p;
	int			 full;
};

static int
bad(struct check *c, const char *field, const char *msg)
{
	c->p->field = field;
	c->p->msg = msg;
	return -1;
}

/* An optional string field of at most max characters. */
static int
opt_str(struct check *c, struct json_object *o, const char *key,
    const char *field, long max)
{
	struct json_object	*v = hwj_get(o, key);

	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return bad(c, field, "Должно быть строкой.");
	if (!text_ok(v, max))
		return bad(c, field, arena_printf(c->a, "Не больше %ld символов "
		    "UTF-8.", max));
	return 0;
}

static int
opt_bool(struct check *c, struct json_object *o, const char *key,
    const char *field)
{
	struct json_object	*v = hwj_get(o, key);

	if (v != NULL && !json_object_is_type(v, json_type_boolean))
		return bad(c, field, "Должно быть true или false.");
	return 0;
}

/* An optional string that is one of values (NULL-terminated). */
static int
opt_enum(struct check *c, struct json_object *o, const char *key,
    const char *field, const char *const *values, const char *msg)
{
	struct json_object	*v = hwj_get(o, key);
	size_t			 i;

	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_string))
		for (i = 0; values[i] != NULL; i++)
			if (strcmp(json_object_get_string(v), values[i]) == 0)
				return 0;
	return bad(c, field, msg);
}

/* An optional list of at most HW_ITEMS_MAX entries: 0 and *l (NULL if
 * absent), or -1. */
static int
opt_list(struct check *c, struct json_object *o, const char *key,
    const char *field, struct json_object **l, size_t *n)
{
	struct json_object	*v = hwj_get(o, key);

	*l = NULL;
	*n = 0;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return bad(c, field, "Должно быть списком.");
	if ((*n = json_object_array_length(v)) > HW_ITEMS_MAX)
		return bad(c, field, arena_printf(c->a, "Не больше %d элементов.",
		    HW_ITEMS_MAX));
	*l = v;
	return 0;
}

/* imageUrl / audioUrl: empty, one of our file URLs, or http(s). */
static int
opt_url(struct check *c, struct json_object *o, const char *key,
    const char *field)
{
	const char	*s;

	if (opt_str(c, o, key, field, URL_MAX) == -1)
		return -1;
	if ((s = hwj_str(o, key)) == NULL || *s == '\0' ||
	    strncmp(s, "/api/homework/file/", 19) == 0 ||
	    (strncmp(s, "/static/", 8) == 0 && strstr(s, "..") == NULL) ||
	    strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0)
		return 0;
	return bad(c, field, "Ссылка должна начинаться с https://, http://, "
	    "/api/homework/file/ или /static/.");
}

static int
opt_file(struct check *c, struct json_object *o, const char *key,
    const char *field)
{
	struct json_object	*v = hwj_get(o, key);

	if (v != NULL && (!json_object_is_type(v, json_type_string) ||
	    !hwj_file_id_ok(json_object_get_string(v))))
		return bad(c, field, "Должно быть идентификатором загруженного "
		    "файла (32 шестнадцатеричные цифры).");
	return 0;
}

/* Entry i of a list of objects, each with a unique non-empty string "id"
 * and the string fields of keys (NULL-terminated), at most max characters
 * each. */
static int
entries(struct check *c, struct json_object *l, size_t n, const char *name,
    const char *const *keys, long max)
{
	struct json_object	*e, *v;
	size_t			 i, j, k;
	const char		*id, *field;

	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(l, i);
		field = arena_printf(c->a, "config.%s[%zu]", name, i);
		if (e == NULL || !json_object_is_type(e, json_type_object))
			return bad(c, field, "Должно быть объектом.");
		v = hwj_get(e, "id");
		if (v == NULL || !json_object_is_type(v, json_type_string) ||
		    !hwj_filled(json_object_get_string(v)) || !text_ok(v, 100))
			return bad(c, arena_printf(c->a, "%s.id", field), "Нужен "
			    "непустой строковый id (до 100 символов).");
		id = json_object_get_string(v);
		for (j = 0; j < i; j++)
			if (strcmp(id, hwj_str(json_object_array_get_idx(l, j),
			    "id")) == 0)
				return bad(c, arena_printf(c->a, "%s.id", field),
				    arena_printf(c->a, "id \"%s\" повторяется.", id));
		for (k = 0; keys[k] != NULL; k++)
			if (opt_str(c, e, keys[k], arena_printf(c->a, "%s.%s",
			    field, keys[k]), max) == -1)
				return -1;
	}
	return 0;
}

static const char *const strategies[] = { "exact", "loose", NULL };
#define STRATEGY_MSG	"Допустимо \"exact\" или \"loose\"."

static int
check_text(struct check *c, struct json_object *cfg)
{
	static const char *const lengths[] = { "short", "long", NULL };
	struct json_object	*l;
	size_t			 n, i;

	if (opt_enum(c, cfg, "answerLength", "config.answerLength", lengths,
	    "Допустимо \"short\" или \"long\".") == -1 ||
	    opt_str(c, cfg, "correctAnswer", "config.correctAnswer",
	    HW_TEXT_MAX) == -1 ||
	    opt_bool(c, cfg, "caseSensitive", "config.caseSensitive") == -1 ||
	    opt_enum(c, cfg, "matchingStrategy", "config.matchingStrategy",
	    strategies, STRATEGY_MSG) == -1 ||
	    opt_list(c, cfg, "correctAnswers", "config.correctAnswers", &l,
	    &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		struct json_object	*v = json_object_array_get_idx(l, i);

		if (v == NULL || !json_object_is_type(v, json_type_string) ||
		    !text_ok(v, HW_TEXT_MAX))
			return bad(c, arena_printf(c->a, "config.correctAnswers[%zu]",
			    i), "Должно быть строкой.");
	}
	return 0;
}

static int
check_choice(struct check *c, const struct hw_question *q)
{
	struct json_object	*l, *v;
	size_t			 n, i, correct = 0;

	if (opt_list(c, q->config, "options", "config.options", &l, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(l, i);
		if (v == NULL || !json_object_is_type(v, json_type_object))
			return bad(c, arena_printf(c->a, "config.options[%zu]", i),
			    "Должно быть объектом.");
		if (opt_str(c, v, "text", arena_printf(c->a, "config.options[%zu]."
		    "text", i), HW_CHOICE_TEXT_MAX) == -1)
			return -1;
	}
	if (q->nchoices > HW_CHOICES_MAX)
		return bad(c, "choices", arena_printf(c->a, "Не больше %d "
		    "вариантов.", HW_CHOICES_MAX));
	for (i = 0; i < q->nchoices; i++) {
		if (q->choices[i].text == NULL || !hwj_filled(q->choices[i].text))
			return bad(c, arena_printf(c->a, "choices[%zu].text", i),
			    "Текст варианта не может быть пустым.");
		if (!str_utf8_max(q->choices[i].text, HW_CHOICE_TEXT_MAX))
			return bad(c, arena_printf(c->a, "choices[%zu].text", i),
			    "Не больше 500 символов.");
		correct += q->choices[i].is_correct != 0;
	}
	if (!c->full)
		return 0;
	if (q->nchoices < 2)
		return bad(c, "choices", "Нужно хотя бы два варианта ответа.");
	if (q->type == HWQ_SINGLE && correct != 1)
		return bad(c, "choices", "Отметьте ровно один правильный вариант.");
	if (q->type == HWQ_MULTI && correct == 0)
		return bad(c, "choices", "Отметьте хотя бы один правильный вариант.");
	return 0;
}

static const char *const sub_keys[] = { "text", "answer", NULL };
static const char *const pair_keys[] = { "left", "right", NULL };
static const char *const item_keys[] = { "text", NULL };

static int
check_listening(struct check *c, struct json_object *cfg)
{
	struct json_object	*l;
	size_t			 n, i;

	if (opt_url(c, cfg, "audioUrl", "config.audioUrl") == -1 ||
	    opt_file(c, cfg, "audioFileId", "config.audioFileId") == -1 ||
	    opt_str(c, cfg, "prompt", "config.prompt", HW_TEXT_MAX) == -1 ||
	    opt_list(c, cfg, "subQuestions", "config.subQuestions", &l, &n) == -1 ||
	    entries(c, l, n, "subQuestions", sub_keys, HW_TEXT_MAX) == -1)
		return -1;
	if (!c->full)
		return 0;
	if (!hwj_filled(hwj_str(cfg, "audioUrl")) && hwj_get(cfg, "audioFileId") == NULL)
		return bad(c, "config.audioUrl", "Добавьте аудиозапись.");
	if (n == 0)
		return bad(c, "config.subQuestions", "Добавьте хотя бы один "
		    "вопрос к аудио.");
	for (i = 0; i < n; i++)
		if (!hwj_filled(hwj_str(json_object_array_get_idx(l, i), "answer")))
			return bad(c, arena_printf(c->a, "config.subQuestions[%zu]."
			    "answer", i), "Укажите правильный ответ.");
	return 0;
}

static int
check_matching(struct check *c, struct json_object *cfg)
{
	struct json_object	*l, *e;
	const char		*ri, *rj;
	size_t			 n, i, j;

	if (opt_bool(c, cfg, "shuffleRightColumn", "config.shuffleRightColumn") == -1 ||
	    opt_list(c, cfg, "pairs", "config.pairs", &l, &n) == -1 ||
	    entries(c, l, n, "pairs", pair_keys, HW_CHOICE_TEXT_MAX) == -1)
		return -1;
	if (!c->full)
		return 0;
	if (n < 2)
		return bad(c, "config.pairs", "Нужно хотя бы две пары.");
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(l, i);
		if (!hwj_filled(hwj_str(e, "left")) || !hwj_filled(ri = hwj_str(e, "right")))
			return bad(c, arena_printf(c->a, "config.pairs[%zu]", i),
			    "Заполните обе части пары.");
		ri = str_trim_dup(c->a, ri);
		for (j = 0; j < i; j++) {
			rj = str_trim_dup(c->a, hwj_str(json_object_array_get_idx(l,
			    j), "right"));
			if (ri != NULL && rj != NULL && strcmp(ri, rj) == 0)
				return bad(c, arena_printf(c->a, "config.pairs[%zu]."
				    "right", i), arena_printf(c->a, "Правая часть "
				    "\"%s\" повторяется: правые части должны "
				    "различаться.", ri));
		}
	}
	return 0;
}

static int
check_drag_drop(struct check *c, struct json_object *cfg)
{
	struct json_object	*l, *order, *v;
	size_t			 n, no, i, j;

	if (opt_list(c, cfg, "items", "config.items", &l, &n) == -1 ||
	    entries(c, l, n, "items", item_keys, HW_CHOICE_TEXT_MAX) == -1 ||
	    opt_list(c, cfg, "correctOrder", "config.correctOrder", &order,
	    &no) == -1)
		return -1;
	for (i = 0; i < no; i++) {
		v = json_object_array_get_idx(order, i);
		if (v == NULL || !json_object_is_type(v, json_type_string) ||
		    hwj_entry_index(l, n, json_object_get_string(v)) < 0)
			return bad(c, arena_printf(c->a, "config.correctOrder[%zu]",
			    i), "Должно быть id одного из элементов.");
		for (j = 0; j < i; j++)
			if (strcmp(json_object_get_string(v), json_object_get_string(
			    json_object_array_get_idx(order, j))) == 0)
				return bad(c, arena_printf(c->a,
				    "config.correctOrder[%zu]", i), "Элемент "
				    "повторяется.");
	}
	if (!c->full)
		return 0;
	if (n < 2)
		return bad(c, "config.items", "Нужно хотя бы два элемента.");
	for (i = 0; i < n; i++)
		if (!hwj_filled(hwj_str(json_object_array_get_idx(l, i), "text")))
			return bad(c, arena_printf(c->a, "config.items[%zu].text", i),
			    "Текст элемента не может быть пустым.");
	if (no != n)
		return bad(c, "config.correctOrder", "Правильный порядок должен "
		    "включать каждый элемент ровно один раз.");
	return 0;
}

size_t
hw_fill_blanks_markers(const char *t)
{
	size_t	 n = 0;

	while (t != NULL && (t = strstr(t, MARKER)) != NULL) {
		n++;
		t += strlen(MARKER);
	}
	return n;
}

static int
check_fill_blanks(struct check *c, struct json_object *cfg)
{
	struct json_object	*l, *v;
	size_t			 n, i, m;

	if (opt_str(c, cfg, "template", "config.template", HW_TEXT_MAX) == -1 ||
	    opt_bool(c, cfg, "caseSensitive", "config.caseSensitive") == -1 ||
	    opt_enum(c, cfg, "matchingStrategy", "config.matchingStrategy",
	    strategies, STRATEGY_MSG) == -1 ||
	    opt_list(c, cfg, "answers", "config.answers", &l, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		v = json_object_array_get_idx(l, i);
		if (v == NULL || !json_object_is_type(v, json_type_string) ||
		    !text_ok(v, HW_CHOICE_TEXT_MAX))
			return bad(c, arena_printf(c->a, "config.answers[%zu]", i),
			    "Должно быть строкой (до 500 символов).");
	}
	if (!c->full)
		return 0;
	m = hw_fill_blanks_markers(hwj_str(cfg, "template"));
	if (m == 0)
		return bad(c, "config.template", "В тексте нет ни одного пропуска "
		    MARKER ".");
	if (m != n)
		return bad(c, "config.answers", arena_printf(c->a, "Пропусков "
		    MARKER " в тексте: %zu, ответов: %zu; их число должно "
		    "совпадать.", m, n));
	for (i = 0; i < n; i++)
		if (!hwj_filled(json_object_get_string(json_object_array_get_idx(l, i))))
			return bad(c, arena_printf(c->a, "config.answers[%zu]", i),
			    "Ответ для пропуска не может быть пустым.");
	return 0;
}

/* A coordinate in percent of the image. */
static int
coord(struct json_object *e, const char *key, double *out)
{
	struct json_object	*v = hwj_get(e, key);

	if (!is_number(v))
		return -1;
	*out = json_object_get_double(v);
	return isfinite(*out) ? 0 : -1;
}

static int
check_hotspot(struct check *c, struct json_object *cfg)
{
	static const char *const label[] = { "label", NULL };
	struct json_object	*l, *e, *v;
	const char		*field;
	double			 x, y, w, h;
	size_t			 n, i, correct = 0;

	if (opt_url(c, cfg, "imageUrl", "config.imageUrl") == -1 ||
	    opt_file(c, cfg, "imageFileId", "config.imageFileId") == -1 ||
	    opt_list(c, cfg, "hotspots", "config.hotspots", &l, &n) == -1 ||
	    entries(c, l, n, "hotspots", label, HW_CHOICE_TEXT_MAX) == -1)
		return -1;
	if ((v = hwj_get(cfg, "maxAttempts")) != NULL &&
	    (!json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) < 1 || json_object_get_int64(v) > 100))
		return bad(c, "config.maxAttempts", "Целое число от 1 до 100.");
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(l, i);
		field = arena_printf(c->a, "config.hotspots[%zu]", i);
		if (coord(e, "x", &x) == -1 || coord(e, "y", &y) == -1 ||
		    coord(e, "width", &w) == -1 || coord(e, "height", &h) == -1)
			return bad(c, field, "Нужны числа x, y, width и height (в "
			    "процентах изображения).");
		if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > 100.0001 ||
		    y + h > 100.0001)
			return bad(c, field, "Область выходит за пределы "
			    "изображения: x и y от 0, ширина и высота больше 0, "
			    "x + width и y + height не больше 100.");
		if (opt_bool(c, e, "isCorrect", arena_printf(c->a, "%s.isCorrect",
		    field)) == -1)
			return -1;
		correct += hwj_bool(e, "isCorrect");
	}
	if (!c->full)
		return 0;
	if (!hwj_filled(hwj_str(cfg, "imageUrl")) && hwj_get(cfg, "imageFileId") == NULL)
		return bad(c, "config.imageUrl", "Добавьте изображение.");
	if (n == 0)
		return bad(c, "config.hotspots", "Добавьте хотя бы одну область.");
	if (correct == 0)
		return bad(c, "config.hotspots", "Отметьте хотя бы одну правильную "
		    "область.");
	return 0;
}

static int
check_file_upload(struct check *c, struct json_object *cfg)
{
	static const char *const kinds[] = { "image", "document", "any", NULL };
	struct json_object	*l, *v;
	size_t			 n, i;

	if (opt_str(c, cfg, "instructions", "config.instructions",
	    HW_TEXT_MAX) == -1 ||
	    opt_list(c, cfg, "allowedTypes", "config.allowedTypes", &l, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		struct json_object	*k = json_object_array_get_idx(l, i);

		size_t			 j;

		for (j = 0; k != NULL && json_object_is_type(k, json_type_string) &&
		    kinds[j] != NULL; j++)
			if (strcmp(json_object_get_string(k), kinds[j]) == 0)
				break;
		if (k == NULL || !json_object_is_type(k, json_type_string) ||
		    kinds[j] == NULL)
			return bad(c, arena_printf(c->a, "config.allowedTypes[%zu]",
			    i), "Допустимо \"image\", \"document\" или \"any\".");
	}
	if ((v = hwj_get(cfg, "maxFiles")) != NULL &&
	    (!json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) < 1 || json_object_get_int64(v) > HW_FILES_MAX))
		return bad(c, "config.maxFiles", "Целое число от 1 до 10.");
	if ((v = hwj_get(cfg, "maxSizeMB")) != NULL &&
	    (!json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) < 1 ||
	    json_object_get_int64(v) > HW_FILE_MB_MAX))
		return bad(c, "config.maxSizeMB", "Целое число от 1 до 25.");
	return 0;
}

int
hw_question_check(struct arena *a, const struct hw_question *q, int full,
    struct hw_problem *p)
{
	struct check	 c = { a, p, full };

	p->field = p->msg = NULL;
	if (q->points < 0 || q->points > HW_POINTS_MAX)
		return bad(&c, "points", "Баллы: целое число от 0 до 1000.");
	if (q->config == NULL || !json_object_is_type(q->config, json_type_object))
		return bad(&c, "config", "Должно быть объектом.");
	if (q->type != HWQ_SINGLE && q->type != HWQ_MULTI && q->nchoices > 0)
		return bad(&c, "choices", "Варианты ответа бывают только у "
		    "SINGLE_CHOICE и MULTI_CHOICE.");
	switch (q->type) {
	case HWQ_TEXT:
		return check_text(&c, q->config);
	case HWQ_SINGLE:
	case HWQ_MULTI:
		return check_choice(&c, q);
	case HWQ_LISTENING:
		return check_listening(&c, q->config);
	case HWQ_MATCHING:
		return check_matching(&c, q->config);
	case HWQ_DRAG_DROP:
		return check_drag_drop(&c, q->config);
	case HWQ_FILL_BLANKS:
		return check_fill_blanks(&c, q->config);
	case HWQ_HOTSPOT:
		return check_hotspot(&c, q->config);
	case HWQ_FILE_UPLOAD:
		return check_file_upload(&c, q->config);
	default:
		return bad(&c, "question_type", "Неизвестный тип вопроса.");
	}
}

/* -- filling in ---------------------------------------------------------- */

/* The text of a JSON id (a string or an integer). */
static const char *
id_text(struct json_object *v)
{
	if (v == NULL || (!json_object_is_type(v, json_type_string) &&
	    !json_object_is_type(v, json_type_int)))
		return NULL;
	return json_object_get_string(v);
}

/* Whether option id is listed in l (ids as strings or integers). */
static int
listed(struct json_object *l, const char *id)
{
	size_t		 i, n;
	const char	*s;

	if (l == NULL || !json_object_is_type(l, json_type_array))
		return 0;
	n = json_object_array_length(l);
	for (i = 0; i < n; i++)
		if ((s = id_text(json_object_array_get_idx(l, i))) != NULL &&
		    strcmp(s, id) == 0)
			return 1;
	return 0;
}

int
hw_question_fill(struct arena *a, struct hw_question *q)
{
	struct json_object	*l, *order, *e;
	const char		*id, *text, *single;
	size_t			 n, i;

	if (q->type == HWQ_DRAG_DROP && hwj_get(q->config, "correctOrder") == NULL &&
	    (l = hwj_list(q->config, "items", &n)) != NULL) {
		order = json_object_new_array();
		for (i = 0; i < n; i++)
			if ((id = hwj_str(json_object_array_get_idx(l, i), "id")) != NULL)
				json_object_array_add(order, json_object_new_string(id));
		json_object_object_add(q->config, "correctOrder", order);
	}
	if ((q->type != HWQ_SINGLE && q->type != HWQ_MULTI) || q->nchoices > 0 ||
	    (l = hwj_list(q->config, "options", &n)) == NULL || n == 0)
		return 0;
	/* The early dialect: the key in config, no choices (the later UI
	 * builds them the same way, skipping options without text). */
	if ((q->choices = arena_zalloc(a, n * sizeof(*q->choices))) == NULL)
		return -1;
	single = id_text(hwj_get(q->config, "correctOptionId"));
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(l, i);
		if ((text = hwj_str(e, "text")) == NULL || !hwj_filled(text))
			continue;
		id = id_text(hwj_get(e, "id"));
		q->choices[q->nchoices].text = str_trim_dup(a, text);
		q->choices[q->nchoices].position = (int64_t)q->nchoices;
		q->choices[q->nchoices].is_correct = id != NULL &&
		    (q->type == HWQ_SINGLE ? single != NULL && strcmp(id, single) == 0 :
		    listed(hwj_get(q->config, "correctOptionIds"), id));
		if (q->choices[q->nchoices].text == NULL)
			return -1;
		q->nchoices++;
	}
	return 0;
}

int
hw_question_key_changed(const struct hw_question *x, const struct hw_question *y)
{
	size_t	 i;

	if (x->type != y->type || x->points != y->points ||
	    x->nchoices != y->nchoices)
		return 1;
	for (i = 0; i < x->nchoices; i++)
		if (x->choices[i].id != y->choices[i].id ||
		    !x->choices[i].is_correct != !y->choices[i].is_correct)
			return 1;
	return strcmp(json_object_to_json_string_ext(x->config,
	    JSON_C_TO_STRING_PLAIN), json_object_to_json_string_ext(y->config,
	    JSON_C_TO_STRING_PLAIN)) != 0;
}
