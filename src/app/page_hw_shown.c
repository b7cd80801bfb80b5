/* An answer as the result and review pages show it: for each part of the
 * question (a choice, a sub-question, a pair, a position, a blank, a
 * region) what was given and, with the key, what was expected. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app/page_hw.h"
#include "core/arena.h"
#include "core/json.h"

static struct json_object *
get(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
str(struct json_object *o, const char *key)
{
	struct json_object	*v = get(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "";
}

static struct json_object *
list(struct json_object *o, const char *key)
{
	struct json_object	*v = get(o, key);

	return v != NULL && json_object_is_type(v, json_type_array) ? v : NULL;
}

static size_t
len(struct json_object *l)
{
	return l != NULL ? json_object_array_length(l) : 0;
}

static void
row(struct json_object *rows, const char *label, const char *given,
    const char *expected, int key)
{
	struct json_object	*o = json_object_new_object();

	json_add_str(o, "label", label);
	json_add_str(o, "given", given ? given : "");
	if (key)
		json_add_str(o, "expected", expected ? expected : "");
	json_object_array_add(rows, o);
}

/* Whether the list of ids (or one id) names id. */
static int
picked(struct json_object *answer, int64_t id)
{
	size_t	 i;

	if (answer == NULL)
		return 0;
	if (json_object_is_type(answer, json_type_int))
		return json_object_get_int64(answer) == id;
	for (i = 0; json_object_is_type(answer, json_type_array) &&
	    i < json_object_array_length(answer); i++)
		if (json_object_get_int64(json_object_array_get_idx(answer, i)) == id)
			return 1;
	return 0;
}

/* Whether a list of strings holds s. */
static int
listed(struct json_object *l, const char *s)
{
	struct json_object	*v;
	size_t			 i;

	for (i = 0; i < len(l); i++)
		if ((v = json_object_array_get_idx(l, i)) != NULL &&
		    json_object_is_type(v, json_type_string) &&
		    strcmp(json_object_get_string(v), s) == 0)
			return 1;
	return 0;
}

/* The text of the entry of l whose id is id. */
static const char *
text_of(struct json_object *l, const char *id, const char *key)
{
	size_t	 i;

	for (i = 0; id != NULL && i < len(l); i++)
		if (strcmp(str(json_object_array_get_idx(l, i), "id"), id) == 0)
			return str(json_object_array_get_idx(l, i), key);
	return "";
}

static const char *
nth_str(struct json_object *l, size_t i)
{
	struct json_object	*v = i < len(l) ? json_object_array_get_idx(l, i) :
	    NULL;

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "";
}

/* The first region holding a click (x, y in percent), as the grader
 * maps it; -1 for none. */
static long
region_of(struct json_object *spots, double x, double y)
{
	struct json_object	*s;
	double			 sx, sy;
	size_t			 i;

	for (i = 0; i < len(spots); i++) {
		s = json_object_array_get_idx(spots, i);
		sx = json_object_get_double(get(s, "x"));
		sy = json_object_get_double(get(s, "y"));
		if (x >= sx && x <= sx + json_object_get_double(get(s, "width")) &&
		    y >= sy && y <= sy + json_object_get_double(get(s, "height")))
			return (long)i;
	}
	return -1;
}

static void
hotspot(struct arena *a, struct json_object *o, struct json_object *rows,
    const struct hw_question *q, struct json_object *answer, int key)
{
	struct json_object	*spots = list(q->config, "hotspots"), *out, *dots;
	struct json_object	*s, *e, *v;
	size_t			 i, n = len(spots);
	double			 x, y;
	long			 k;
	int			*chosen;

	json_add_str(o, "image_url", page_hw_media_url(a, q->config, "imageUrl",
	    "imageFileId"));
	if ((chosen = arena_zalloc(a, (n + 1) * sizeof(*chosen))) == NULL)
		return;
	/* Regions picked by id, or by a click inside them (the API's other
	 * form of the answer); clicks outside every region listed apart. */
	dots = json_object_new_array();
	for (i = 0; i < len(answer); i++) {
		v = json_object_array_get_idx(answer, i);
		if (v == NULL || !json_object_is_type(v, json_type_object))
			continue;
		x = json_object_get_double(get(v, "x"));
		y = json_object_get_double(get(v, "y"));
		e = json_object_new_object();
		json_add_str(e, "cls", page_hw_spot_classes(a, v));
		json_object_array_add(dots, e);
		if ((k = region_of(spots, x, y)) >= 0)
			chosen[k] = 1;
		else
			row(rows, "Отметка вне областей", arena_printf(a,
			    "x %.1f %%, y %.1f %%", x, y), "", key);
	}
	json_object_object_add(o, "dots", dots);
	out = json_object_new_array();
	for (i = 0; i < n; i++) {
		s = json_object_array_get_idx(spots, i);
		chosen[i] |= listed(answer, str(s, "id"));
		e = json_object_new_object();
		json_add_str(e, "label", str(s, "label"));
		json_add_str(e, "cls", page_hw_spot_classes(a, s));
		json_add_bool(e, "chosen", chosen[i]);
		json_add_bool(e, "correct", key && json_object_get_boolean(get(s,
		    "isCorrect")));
		json_object_array_add(out, e);
		row(rows, str(s, "label"), chosen[i] ? "отмечена" : "",
		    json_object_get_boolean(get(s, "isCorrect")) ? "верная" : "", key);
	}
	json_object_object_add(o, "spots", out);
}

struct json_object *
page_hw_shown(struct arena *a, const struct hw_question *q,
    struct json_object *answer, struct json_object *files, int key)
{
	struct json_object	*o, *rows, *l, *order, *fl, *f, *e;
	const char		*id, *ct;
	size_t			 i, n;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	rows = json_object_new_array();
	json_object_object_add(o, "rows", rows);
	json_add_bool(o, "key", key);
	/* Every name the template asks for, so none resolves further out. */
	json_add_str(o, "template", "");
	json_add_str(o, "audio_url", "");
	json_add_str(o, "image_url", "");
	switch (q->type) {
	case HWQ_TEXT:
		ct = str(q->config, "correctAnswer");
		if ((l = list(q->config, "correctAnswers")) != NULL && len(l) > 0) {
			for (ct = "", i = 0; i < len(l); i++)
				ct = arena_printf(a, "%s%s%s", ct, i ? " | " : "",
				    nth_str(l, i));
		}
		row(rows, "Ответ", answer != NULL &&
		    json_object_is_type(answer, json_type_string) ?
		    json_object_get_string(answer) : "", *ct ? ct :
		    "проверяется вручную", key);
		break;
	case HWQ_SINGLE:
	case HWQ_MULTI:
		for (i = 0; i < q->nchoices; i++)
			row(rows, q->choices[i].text, picked(answer,
			    q->choices[i].id) ? "выбран" : "", q->choices[i].is_correct ?
			    "верный" : "", key);
		break;
	case HWQ_LISTENING:
		json_add_str(o, "audio_url", page_hw_media_url(a, q->config,
		    "audioUrl", "audioFileId"));
		l = list(q->config, "subQuestions");
		for (i = 0; i < len(l); i++) {
			e = json_object_array_get_idx(l, i);
			row(rows, str(e, "text"), str(answer, str(e, "id")), str(e,
			    "answer"), key);
		}
		break;
	case HWQ_MATCHING:
		l = list(q->config, "pairs");
		for (i = 0; i < len(l); i++) {
			e = json_object_array_get_idx(l, i);
			row(rows, str(e, "left"), str(answer, str(e, "id")), str(e,
			    "right"), key);
		}
		break;
	case HWQ_DRAG_DROP:
		l = list(q->config, "items");
		order = list(q->config, "correctOrder");
		n = len(l);
		for (i = 0; i < n; i++) {
			id = nth_str(answer, i);
			row(rows, arena_printf(a, "%zu", i + 1), text_of(l, *id ? id :
			    NULL, "text"), text_of(l, nth_str(order, i), "text"), key);
		}
		break;
	case HWQ_FILL_BLANKS:
		json_add_str(o, "template", str(q->config, "template"));
		l = list(q->config, "answers");
		n = hw_fill_blanks_markers(str(q->config, "template"));
		for (i = 0; i < (n > len(l) ? n : len(l)); i++)
			row(rows, arena_printf(a, "Пропуск %zu", i + 1), nth_str(answer,
			    i), nth_str(l, i), key);
		break;
	case HWQ_HOTSPOT:
		hotspot(a, o, rows, q, answer, key);
		break;
	default:
		break;
	}
	json_add_int(o, "n_rows", (int64_t)len(rows));
	/* Files: a FILE_UPLOAD answer's, or any question's attachments. */
	fl = json_object_new_array();
	for (i = 0; i < len(files); i++) {
		f = json_object_array_get_idx(files, i);
		if ((id = str(f, "file_id")) == NULL || strlen(id) != 32 ||
		    strspn(id, "0123456789abcdef") != 32)
			continue;
		e = json_object_new_object();
		json_add_str(e, "name", *str(f, "name") ? str(f, "name") : "файл");
		json_add_str(e, "url", arena_printf(a, "/api/homework/file/%s/", id));
		json_object_array_add(fl, e);
	}
	json_add_int(o, "n_files", (int64_t)len(fl));
	json_object_object_add(o, "files", fl);
	json_add_bool(o, "answered", answer != NULL || len(fl) > 0);
	return o;
}
