/* Students' answers to homework questions: made canonical at autosave,
 * graded at submit (PHASE2-3.md 1.3). */
#include "autoconf.h"

#include <math.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/str.h"
#include "domain/hw_json.h"
#include "domain/hw_question.h"
#include "domain/hw_text.h"

/* A typed string an answer may hold: valid UTF-8, no NUL, not too long. */
static int
answer_text(struct json_object *v)
{
	const char	*s;

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return 0;
	s = json_object_get_string(v);
	return strlen(s) == (size_t)json_object_get_string_len(v) &&
	    str_utf8_max(s, HW_ANSWER_TEXT_MAX);
}

/* -- choices ------------------------------------------------------------ */

/* The choice a value names: its id (an integer or digits), or the
 * original's "opt-N", the N-th choice by id. 0 when it names none of q's. */
static int64_t
choice_of(const struct hw_question *q, struct json_object *v)
{
	const char	*s;
	int64_t		 id = 0, n, below;
	size_t		 i;

	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_int))
		id = json_object_get_int64(v);
	else if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		if (strncmp(s, "opt-", 4) == 0) {
			if (str_to_i64(s + 4, strlen(s + 4), 1, HW_CHOICES_MAX, &n) == -1)
				return 0;
			/* The choice with n - 1 smaller ids. */
			for (i = 0; i < q->nchoices; i++) {
				size_t	 j;

				for (below = 0, j = 0; j < q->nchoices; j++)
					below += q->choices[j].id < q->choices[i].id;
				if (below == n - 1)
					return q->choices[i].id;
			}
			return 0;
		}
		if (str_to_i64(s, strlen(s), 1, INT64_MAX, &id) == -1)
			return 0;
	}
	for (i = 0; i < q->nchoices; i++)
		if (id > 0 && q->choices[i].id == id)
			return id;
	return 0;
}

static int
clean_single(const struct hw_question *q, struct json_object *v,
    struct json_object **out, int *empty)
{
	int64_t	 id;

	if (json_object_is_type(v, json_type_array) &&
	    json_object_array_length(v) <= 1) {
		if (json_object_array_length(v) == 0)
			return *out = NULL, *empty = 1, 1;
		v = json_object_array_get_idx(v, 0);
	}
	if ((id = choice_of(q, v)) == 0)
		return 0;
	*out = json_object_new_int64(id);
	return 1;
}

/* Whether id is among the first n entries of the integer list l. */
static int
has_int(struct json_object *l, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (json_object_get_int64(json_object_array_get_idx(l, i)) == id)
			return 1;
	return 0;
}

static int
clean_multi(const struct hw_question *q, struct json_object *v,
    struct json_object **out, int *empty)
{
	struct json_object	*l;
	size_t			 n, i;
	int64_t			 id;

	if (!json_object_is_type(v, json_type_array))
		return (id = choice_of(q, v)) == 0 ? 0 :
		    (*out = json_object_new_array(), json_object_array_add(*out,
		    json_object_new_int64(id)), 1);
	if ((n = json_object_array_length(v)) > HW_CHOICES_MAX)
		return 0;
	l = json_object_new_array();
	for (i = 0; i < n; i++)
		if ((id = choice_of(q, json_object_array_get_idx(v, i))) != 0 &&
		    !has_int(l, json_object_array_length(l), id))
			json_object_array_add(l, json_object_new_int64(id));
	*empty = json_object_array_length(l) == 0;
	*out = l;
	return 1;
}

/* Whether s is the right side of one of the n pairs of l. */
static int
is_right(struct json_object *l, size_t n, const char *s)
{
	const char	*r;
	size_t		 i;

	for (i = 0; i < n; i++)
		if ((r = hwj_str(json_object_array_get_idx(l, i), "right")) != NULL &&
		    strcmp(r, s) == 0)
			return 1;
	return 0;
}

/* The right side of the pair whose id is s, else s itself. */
static const char *
right_of_pair(struct json_object *l, size_t n, const char *s)
{
	const char	*id, *r;
	size_t		 i;

	for (i = 0; i < n; i++)
		if ((id = hwj_str(json_object_array_get_idx(l, i), "id")) != NULL &&
		    strcmp(id, s) == 0 && (r = hwj_str(json_object_array_get_idx(l,
		    i), "right")) != NULL)
			return r;
	return s;
}

/* LISTENING and MATCHING: {"<entry id>": "text"} for the entries of the
 * config list key; MATCHING may name the pair whose right side is meant
 * by its id (the pages' selects): the text is stored. */
static int
clean_by_id(const struct hw_question *q, const char *key,
    struct json_object *v, struct json_object **out, int *empty)
{
	struct json_object	*l, *o, *e;
	const char		*id, *s;
	size_t			 n, i;

	if (!json_object_is_type(v, json_type_object))
		return 0;
	l = hwj_list(q->config, key, &n);
	o = json_object_new_object();
	*empty = 1;
	for (i = 0; i < n; i++) {
		if ((id = hwj_str(json_object_array_get_idx(l, i), "id")) == NULL ||
		    !answer_text(e = hwj_get(v, id)))
			continue;
		s = json_object_get_string(e);
		if (q->type == HWQ_MATCHING && !is_right(l, n, s))
			s = right_of_pair(l, n, s);
		json_add_str(o, id, s ? s : "");
		*empty = *empty && !hwj_filled(s);
	}
	*out = o;
	return 1;
}

/* Whether id names an entry of the config list key. */
static int
known_id(const struct hw_question *q, const char *key, const char *id)
{
	struct json_object	*l;
	size_t			 n;

	l = hwj_list(q->config, key, &n);
	return hwj_entry_index(l, n, id) >= 0;
}

/* Whether a string entry s is in the list of strings l (first n). */
static int
has_str(struct json_object *l, size_t n, const char *s)
{
	size_t		 i;
	const char	*t;

	for (i = 0; i < n; i++)
		if ((t = json_object_get_string(json_object_array_get_idx(l, i))) !=
		    NULL && json_object_is_type(json_object_array_get_idx(l, i),
		    json_type_string) && strcmp(t, s) == 0)
			return 1;
	return 0;
}

static int
clean_drag_drop(const struct hw_question *q, struct json_object *v,
    struct json_object **out, int *empty)
{
	struct json_object	*l, *e;
	size_t			 n, i;

	if (!json_object_is_type(v, json_type_array) ||
	    (n = json_object_array_length(v)) > HW_ITEMS_MAX)
		return 0;
	l = json_object_new_array();
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(v, i);
		if (e != NULL && json_object_is_type(e, json_type_string) &&
		    known_id(q, "items", json_object_get_string(e)) &&
		    !has_str(l, json_object_array_length(l),
		    json_object_get_string(e)))
			json_object_array_add(l, json_object_new_string(
			    json_object_get_string(e)));
	}
	*empty = json_object_array_length(l) == 0;
	*out = l;
	return 1;
}

static int
clean_fill_blanks(const struct hw_question *q, struct json_object *v,
    struct json_object **out, int *empty)
{
	struct json_object	*l, *e;
	size_t			 n, blanks, i;

	if (!json_object_is_type(v, json_type_array))
		return 0;
	(void)hwj_list(q->config, "answers", &blanks);
	if ((i = hw_fill_blanks_markers(hwj_str(q->config, "template"))) > blanks)
		blanks = i;
	n = json_object_array_length(v);
	l = json_object_new_array();
	*empty = 1;
	for (i = 0; i < blanks && i < HW_ITEMS_MAX; i++) {
		e = i < n ? json_object_array_get_idx(v, i) : NULL;
		if (answer_text(e)) {
			json_object_array_add(l, json_object_new_string(
			    json_object_get_string(e)));
			*empty = *empty && !hwj_filled(json_object_get_string(e));
		} else
			json_object_array_add(l, json_object_new_string(""));
	}
	*out = l;
	return 1;
}

/* A click's coordinate in percent, 0..100. */
static int
click_coord(struct json_object *e, const char *key, double *out)
{
	struct json_object	*v = hwj_get(e, key);

	if (v == NULL || (!json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double)))
		return -1;
	*out = json_object_get_double(v);
	return isfinite(*out) && *out >= 0 && *out <= 100 ? 0 : -1;
}

static int
clean_hotspot(const struct hw_question *q, struct json_object *v,
    struct json_object **out, int *empty)
{
	struct json_object	*l, *e, *c;
	double			 x, y;
	size_t			 n, i;

	if (!json_object_is_type(v, json_type_array) ||
	    (n = json_object_array_length(v)) > HW_ITEMS_MAX)
		return 0;
	l = json_object_new_array();
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(v, i);
		if (e != NULL && json_object_is_type(e, json_type_string)) {
			if (known_id(q, "hotspots", json_object_get_string(e)) &&
			    !has_str(l, json_object_array_length(l),
			    json_object_get_string(e)))
				json_object_array_add(l, json_object_new_string(
				    json_object_get_string(e)));
		} else if (click_coord(e, "x", &x) == 0 &&
		    click_coord(e, "y", &y) == 0) {
			c = json_object_new_object();
			json_add_double(c, "x", x);
			json_add_double(c, "y", y);
			json_object_array_add(l, c);
		}
	}
	*empty = json_object_array_length(l) == 0;
	*out = l;
	return 1;
}

static void
put(void *o)
{
	json_object_put(o);
}

int
hw_answer_clean(struct arena *a, const struct hw_question *q,
    struct json_object *v, struct json_object **out, int *empty)
{
	int	 rc;

	*out = NULL;
	*empty = 0;
	if (q->type == HWQ_FILE_UPLOAD)
		return 0;
	if (v == NULL)			/* JSON null: no answer */
		return *empty = 1, 1;
	switch (q->type) {
	case HWQ_TEXT:
		if (!answer_text(v))
			return 0;
		*out = json_object_new_string(json_object_get_string(v));
		*empty = !hwj_filled(json_object_get_string(v));
		rc = 1;
		break;
	case HWQ_SINGLE:
		rc = clean_single(q, v, out, empty);
		break;
	case HWQ_MULTI:
		rc = clean_multi(q, v, out, empty);
		break;
	case HWQ_LISTENING:
		rc = clean_by_id(q, "subQuestions", v, out, empty);
		break;
	case HWQ_MATCHING:
		rc = clean_by_id(q, "pairs", v, out, empty);
		break;
	case HWQ_DRAG_DROP:
		rc = clean_drag_drop(q, v, out, empty);
		break;
	case HWQ_FILL_BLANKS:
		rc = clean_fill_blanks(q, v, out, empty);
		break;
	case HWQ_HOTSPOT:
		rc = clean_hotspot(q, v, out, empty);
		break;
	default:
		return 0;
	}
	/* The arena drops the new value with the request. */
	if (rc == 1 && *out != NULL && arena_defer(a, put, *out) == -1)
		return *out = NULL, -1;
	return rc;
}

struct json_object *
hw_answer_parse(struct arena *a, const char *json)
{
	struct json_object	*v;

	/* json_tokener_parse reads to the NUL, so a bare number ends. */
	if (json == NULL || (v = json_tokener_parse(json)) == NULL)
		return NULL;
	if (arena_defer(a, put, v) == -1)
		return NULL;
	return v;
}

int
hw_answer_file_ids(struct arena *a, struct json_object *v, const char ***ids,
    size_t *n)
{
	struct json_object	*e;
	const char		*s;
	size_t			 len, i, j;

	*ids = NULL;
	*n = 0;
	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_object))
		len = 1;
	else if (json_object_is_type(v, json_type_array))
		len = json_object_array_length(v);
	else
		return -1;
	if (len > HW_FILES_MAX || (*ids = arena_zalloc(a, (len + 1) *
	    sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		e = json_object_is_type(v, json_type_object) ? v :
		    json_object_array_get_idx(v, i);
		s = e != NULL && json_object_is_type(e, json_type_string) ?
		    json_object_get_string(e) : hwj_str(e, "file_id");
		if (s == NULL || !hwj_file_id_ok(s))
			return -1;
		for (j = 0; j < *n && strcmp((*ids)[j], s) != 0; j++)
			;
		if (j == *n)
			(*ids)[(*n)++] = s;
	}
	return 0;
}

int
hw_answer_choice_ids(struct arena *a, const struct hw_question *q,
    struct json_object *ans, int64_t **ids, size_t *n)
{
	size_t	 len, i;

	*ids = NULL;
	*n = 0;
	if (ans == NULL || (q->type != HWQ_SINGLE && q->type != HWQ_MULTI))
		return 0;
	if (json_object_is_type(ans, json_type_int)) {
		if ((*ids = arena_alloc(a, sizeof(**ids))) == NULL)
			return -1;
		(*ids)[(*n)++] = json_object_get_int64(ans);
		return 0;
	}
	if (!json_object_is_type(ans, json_type_array))
		return 0;
	len = json_object_array_length(ans);
	if ((*ids = arena_alloc(a, (len + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < len; i++)
		if (json_object_is_type(json_object_array_get_idx(ans, i),
		    json_type_int))
			(*ids)[(*n)++] = json_object_get_int64(
			    json_object_array_get_idx(ans, i));
	return 0;
}

/* -- grading ------------------------------------------------------------ */

/* floor(points x num / den), 0 when den is 0. */
static int64_t
part(int64_t points, int64_t num, int64_t den)
{
	if (den <= 0 || num <= 0)
		return 0;
	return points * num / den;
}

static void
score(struct hw_score *s, int64_t v)
{
	s->has_score = 1;
	s->auto_score = v;
	s->manual = 0;
}

static void
manual(struct hw_score *s)
{
	s->has_score = 0;
	s->auto_score = 0;
	s->manual = 1;
}

/* MULTI and HOTSPOT: full marks for exactly the right set, else
 * floor(p x max(0, right picks - wrong picks) / |correct|); 0 with no
 * correct answer. */
static int64_t
set_score(int64_t points, size_t right, size_t wrong, size_t correct)
{
	if (correct == 0)
		return 0;
	if (right == correct && wrong == 0)
		return points;
	return right > wrong ? part(points, (int64_t)(right - wrong),
	    (int64_t)correct) : 0;
}

static int
grade_text(struct arena *a, const struct hw_question *q,
    struct json_object *ans, struct hw_score *s)
{
	struct json_object	*l;
	const char		*key = hwj_str(q->config, "correctAnswer"), *t;
	int			 cs = hwj_bool(q->config, "caseSensitive"), m, keyed;
	int			 loose;
	size_t			 n, i;

	loose = hwj_str(q->config, "matchingStrategy") != NULL &&
	    strcmp(hwj_str(q->config, "matchingStrategy"), "loose") == 0;
	l = hwj_list(q->config, "correctAnswers", &n);
	keyed = hwj_filled(key);
	for (i = 0; i < n; i++)
		keyed = keyed || hwj_filled(json_object_get_string(
		    json_object_array_get_idx(l, i)));
	t = ans != NULL && json_object_is_type(ans, json_type_string) ?
	    json_object_get_string(ans) : NULL;
	if (!keyed) {
		/* Nothing to compare with: the teacher reads it. */
		if (hwj_filled(t))
			manual(s);
		else
			score(s, 0);
		return 0;
	}
	if (!hwj_filled(t))
		return score(s, 0), 0;
	if (hwj_filled(key) && (m = hw_text_match(a, key, t, cs, loose)) != 0)
		return m == -1 ? -1 : (score(s, q->points), 0);
	for (i = 0; i < n; i++) {
		key = json_object_get_string(json_object_array_get_idx(l, i));
		if ((m = hw_text_match(a, key, t, cs, loose)) != 0)
			return m == -1 ? -1 : (score(s, q->points), 0);
	}
	score(s, 0);
	return 0;
}

static void
grade_choice(const struct hw_question *q, struct json_object *ans,
    struct hw_score *s)
{
	size_t	 i, n = 0, right = 0, wrong = 0, correct = 0, len;
	int64_t	 id;

	for (i = 0; i < q->nchoices; i++)
		correct += q->choices[i].is_correct != 0;
	len = ans == NULL ? 0 : json_object_is_type(ans, json_type_array) ?
	    json_object_array_length(ans) : 1;
	for (n = 0; n < len; n++) {
		id = json_object_get_int64(json_object_is_type(ans, json_type_array) ?
		    json_object_array_get_idx(ans, n) : ans);
		for (i = 0; i < q->nchoices && q->choices[i].id != id; i++)
			;
		if (i == q->nchoices)
			continue;
		if (q->choices[i].is_correct)
			right++;
		else
			wrong++;
	}
	if (q->type == HWQ_SINGLE)
		score(s, right == 1 && wrong == 0 ? q->points : 0);
	else
		score(s, set_score(q->points, right, wrong, correct));
}

/* LISTENING, MATCHING: the share of entries of list key whose answer
 * matches. */
static int
grade_by_id(struct arena *a, const struct hw_question *q, const char *key,
    struct json_object *ans, struct hw_score *s)
{
	struct json_object	*l, *e;
	const char		*id, *want, *got, *tw, *tg;
	size_t			 n, i, ok = 0;
	int			 m;

	if ((l = hwj_list(q->config, key, &n)) == NULL || n == 0)
		return manual(s), 0;
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(l, i);
		id = hwj_str(e, "id");
		want = hwj_str(e, q->type == HWQ_MATCHING ? "right" : "answer");
		got = id != NULL ? hwj_str(ans, id) : NULL;
		if (!hwj_filled(want) || got == NULL)
			continue;
		if (q->type == HWQ_MATCHING) {
			/* Exact after trimming, as the original. */
			if ((tw = str_trim_dup(a, want)) == NULL ||
			    (tg = str_trim_dup(a, got)) == NULL)
				return -1;
			ok += strcmp(tw, tg) == 0;
		} else if ((m = hw_text_match(a, want, got, 0, 0)) == -1)
			return -1;
		else
			ok += (size_t)m;
	}
	score(s, ok == n ? q->points : part(q->points, (int64_t)ok, (int64_t)n));
	return 0;
}

static void
grade_drag_drop(const struct hw_question *q, struct json_object *ans,
    struct hw_score *s)
{
	struct json_object	*order;
	size_t			 n, i, na, ok = 0;
	const char		*x, *y;

	order = hwj_list(q->config, "correctOrder", &n);
	if (order == NULL || n == 0)
		order = NULL;
	if (order == NULL)
		return manual(s);
	na = ans != NULL && json_object_is_type(ans, json_type_array) ?
	    json_object_array_length(ans) : 0;
	if (na == 0)
		return score(s, 0);
	for (i = 0; i < n && i < na; i++) {
		x = json_object_get_string(json_object_array_get_idx(order, i));
		y = json_object_get_string(json_object_array_get_idx(ans, i));
		ok += x != NULL && y != NULL && strcmp(x, y) == 0;
	}
	score(s, ok == n && na == n ? q->points :
	    part(q->points, (int64_t)ok, (int64_t)n));
}

static int
grade_fill_blanks(struct arena *a, const struct hw_question *q,
    struct json_object *ans, struct hw_score *s)
{
	struct json_object	*l, *g;
	const char		*strategy = hwj_str(q->config, "matchingStrategy");
	int			 cs = hwj_bool(q->config, "caseSensitive"), m;
	size_t			 n, i, ok = 0;

	if ((l = hwj_list(q->config, "answers", &n)) == NULL || n == 0)
		return manual(s), 0;
	for (i = 0; i < n; i++) {
		g = ans != NULL && json_object_is_type(ans, json_type_array) ?
		    json_object_array_get_idx(ans, i) : NULL;
		if (g == NULL || !json_object_is_type(g, json_type_string) ||
		    !hwj_filled(json_object_get_string(g)))
			continue;
		if ((m = hw_text_match(a, json_object_get_string(
		    json_object_array_get_idx(l, i)), json_object_get_string(g), cs,
		    strategy != NULL && strcmp(strategy, "loose") == 0)) == -1)
			return -1;
		ok += (size_t)m;
	}
	score(s, ok == n ? q->points : part(q->points, (int64_t)ok, (int64_t)n));
	return 0;
}

/* The hotspot a click falls in: the first rectangle containing it. */
static struct json_object *
spot_at(struct json_object *spots, size_t n, double px, double py)
{
	struct json_object	*e;
	size_t			 i;
	double			 x, y, w, h;

	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(spots, i);
		x = json_object_get_double(hwj_get(e, "x"));
		y = json_object_get_double(hwj_get(e, "y"));
		w = json_object_get_double(hwj_get(e, "width"));
		h = json_object_get_double(hwj_get(e, "height"));
		if (px >= x && px <= x + w && py >= y && py <= y + h)
			return e;
	}
	return NULL;
}

static int
grade_hotspot(struct arena *a, const struct hw_question *q,
    struct json_object *ans, struct hw_score *s)
{
	struct json_object	*spots, *e, *hit;
	const char		**picked, *id;
	size_t			 n, na, i, j, np = 0, right = 0, wrong = 0, correct = 0;

	if ((spots = hwj_list(q->config, "hotspots", &n)) == NULL || n == 0)
		return manual(s), 0;
	for (i = 0; i < n; i++)
		correct += hwj_bool(json_object_array_get_idx(spots, i), "isCorrect");
	na = ans != NULL && json_object_is_type(ans, json_type_array) ?
	    json_object_array_length(ans) : 0;
	if ((picked = arena_zalloc(a, (na + 1) * sizeof(*picked))) == NULL)
		return -1;
	for (i = 0; i < na; i++) {
		e = json_object_array_get_idx(ans, i);
		hit = NULL;
		if (e != NULL && json_object_is_type(e, json_type_string)) {
			for (j = 0; j < n; j++)
				if ((id = hwj_str(json_object_array_get_idx(spots, j),
				    "id")) != NULL && strcmp(id,
				    json_object_get_string(e)) == 0)
					hit = json_object_array_get_idx(spots, j);
		} else if (e != NULL)
			hit = spot_at(spots, n, json_object_get_double(hwj_get(e,
			    "x")), json_object_get_double(hwj_get(e, "y")));
		if (hit == NULL) {
			wrong++;	/* a click beside every region */
			continue;
		}
		id = hwj_str(hit, "id");
		for (j = 0; j < np && strcmp(picked[j], id) != 0; j++)
			;
		if (j < np)
			continue;	/* the same region twice */
		picked[np++] = id;
		if (hwj_bool(hit, "isCorrect"))
			right++;
		else
			wrong++;
	}
	score(s, set_score(q->points, right, wrong, correct));
	return 0;
}

int
hw_grade(struct arena *a, const struct hw_question *q, struct json_object *ans,
    size_t nfiles, struct hw_score *s)
{
	manual(s);
	switch (q->type) {
	case HWQ_TEXT:
		return grade_text(a, q, ans, s);
	case HWQ_SINGLE:
	case HWQ_MULTI:
		grade_choice(q, ans, s);
		return 0;
	case HWQ_LISTENING:
		return grade_by_id(a, q, "subQuestions", ans, s);
	case HWQ_MATCHING:
		return grade_by_id(a, q, "pairs", ans, s);
	case HWQ_DRAG_DROP:
		grade_drag_drop(q, ans, s);
		return 0;
	case HWQ_FILL_BLANKS:
		return grade_fill_blanks(a, q, ans, s);
	case HWQ_HOTSPOT:
		return grade_hotspot(a, q, ans, s);
	case HWQ_FILE_UPLOAD:
		if (nfiles == 0)
			score(s, 0);
		return 0;
	default:
		return 0;
	}
}
