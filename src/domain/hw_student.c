/* What a student sees of a question: the type's fields only, no key,
 * MATCHING's right sides and DRAG_DROP's items in an order of their own. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "domain/hw_json.h"
#include "domain/hw_question.h"

/* splitmix64: a small, well-mixed generator; the same seed gives the same
 * order on every server. */
static uint64_t
mix(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A permutation of n indices into perm[] drawn from state, different from
 * the identity when n >= 2: drawn again (a few times), else rotated. */
static void
permute(uint64_t *state, size_t *perm, size_t n, const size_t *avoid)
{
	size_t	 i, j, t, tries;
	int	 same;

	for (tries = 0; tries < 8; tries++) {
		for (i = 0; i < n; i++)
			perm[i] = i;
		for (i = n; i > 1; i--) {
			j = (size_t)(mix(state) % i);
			t = perm[i - 1];
			perm[i - 1] = perm[j];
			perm[j] = t;
		}
		for (same = 1, i = 0; i < n && same; i++)
			same = perm[i] == avoid[i];
		if (!same || n < 2)
			return;
	}
	for (i = 0; i < n; i++)
		perm[i] = avoid[(i + 1) % n];
}

/* Copy the string fields keys (NULL-terminated) of from into to. */
static void
copy_str(struct json_object *to, struct json_object *from,
    const char *const *keys)
{
	const char	*s;
	size_t		 i;

	for (i = 0; keys[i] != NULL; i++)
		if ((s = hwj_str(from, keys[i])) != NULL)
			json_add_str(to, keys[i], s);
}

/* Copy the fields keys of from into to, whatever their type. */
static void
copy_any(struct json_object *to, struct json_object *from,
    const char *const *keys)
{
	struct json_object	*v, *dup;
	size_t			 i;

	for (i = 0; keys[i] != NULL; i++) {
		dup = NULL;	/* json-c refuses (EINVAL) a *dst that is not NULL */
		if ((v = hwj_get(from, keys[i])) != NULL && json_object_deep_copy(v,
		    &dup, NULL) == 0)
			json_object_object_add(to, keys[i], dup);
	}
}

/* The media fields: the URL, else ours from the stored file's id. */
static void
media(struct json_object *to, struct json_object *cfg, const char *url_key,
    const char *file_key)
{
	const char	*url = hwj_str(cfg, url_key), *file = hwj_str(cfg, file_key);
	char		 buf[64];

	if (file != NULL)
		json_add_str(to, file_key, file);
	if (hwj_filled(url))
		json_add_str(to, url_key, url);
	else if (file != NULL && hwj_file_id_ok(file)) {
		snprintf(buf, sizeof(buf), "/api/homework/file/%s/", file);
		json_add_str(to, url_key, buf);
	} else
		json_add_str(to, url_key, "");
}

/* Entries of list key with only the string fields keys (id first). */
static struct json_object *
strip_list(struct json_object *cfg, const char *key, const char *const *keys)
{
	struct json_object	*l, *out, *e;
	size_t			 n, i;

	out = json_object_new_array();
	if ((l = hwj_list(cfg, key, &n)) == NULL)
		return out;
	for (i = 0; i < n; i++) {
		e = json_object_new_object();
		copy_str(e, json_object_array_get_idx(l, i), keys);
		json_object_array_add(out, e);
	}
	return out;
}

static void
student_matching(struct json_object *o, struct json_object *cfg, uint64_t *st,
    struct arena *a)
{
	static const char *const left[] = { "id", "left", NULL };
	struct json_object	*l, *pairs, *e;
	size_t			*perm, *ident, n, i;
	const char		*r;

	pairs = json_object_new_array();
	json_object_object_add(o, "pairs", pairs);
	if ((l = hwj_list(cfg, "pairs", &n)) == NULL || n == 0 ||
	    (perm = arena_alloc(a, 2 * n * sizeof(*perm))) == NULL)
		return;
	ident = perm + n;
	for (i = 0; i < n; i++)
		ident[i] = i;
	permute(st, perm, n, ident);
	for (i = 0; i < n; i++) {
		e = json_object_new_object();
		copy_str(e, json_object_array_get_idx(l, i), left);
		r = hwj_str(json_object_array_get_idx(l, perm[i]), "right");
		json_add_str(e, "right", r ? r : "");
		json_object_array_add(pairs, e);
	}
}

static void
student_drag_drop(struct json_object *o, struct json_object *cfg, uint64_t *st,
    struct arena *a)
{
	static const char *const keys[] = { "id", "text", NULL };
	struct json_object	*l, *order, *items, *e;
	size_t			*perm, *avoid, n, no, i;
	long			 k;

	items = json_object_new_array();
	json_object_object_add(o, "items", items);
	if ((l = hwj_list(cfg, "items", &n)) == NULL || n == 0 ||
	    (perm = arena_alloc(a, 2 * n * sizeof(*perm))) == NULL)
		return;
	/* Never the key's order: the order to avoid is correctOrder's when
	 * it names every item, else the stored one. */
	avoid = perm + n;
	order = hwj_list(cfg, "correctOrder", &no);
	for (i = 0; i < n; i++) {
		k = no == n ? hwj_entry_index(l, n, json_object_get_string(
		    json_object_array_get_idx(order, i))) : -1;
		avoid[i] = k >= 0 ? (size_t)k : i;
	}
	permute(st, perm, n, avoid);
	for (i = 0; i < n; i++) {
		e = json_object_new_object();
		copy_str(e, json_object_array_get_idx(l, perm[i]), keys);
		json_object_array_add(items, e);
	}
}

struct json_object *
hw_question_student_config(struct arena *a, const struct hw_question *q,
    uint64_t seed)
{
	static const char *const text_keys[] = { "answerLength", NULL };
	static const char *const listen_keys[] = { "prompt", NULL };
	static const char *const sub_keys_s[] = { "id", "text", NULL };
	static const char *const fill_keys[] = { "template", NULL };
	static const char *const spot_keys[] = { "id", "label", NULL };
	static const char *const num_keys[] = { "x", "y", "width", "height", NULL };
	static const char *const file_keys[] = { "allowedTypes", "maxFiles",
	    "maxSizeMB", NULL };
	struct json_object	*o, *cfg = q->config, *l, *out, *e;
	uint64_t		 st = seed ^ ((uint64_t)q->id * 0xD1B54A32D192ED03ULL);
	size_t			 n, i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	switch (q->type) {
	case HWQ_TEXT:
		copy_str(o, cfg, text_keys);
		break;
	case HWQ_SINGLE:
	case HWQ_MULTI:
		break;			/* the choices carry the options */
	case HWQ_LISTENING:
		media(o, cfg, "audioUrl", "audioFileId");
		copy_str(o, cfg, listen_keys);
		json_object_object_add(o, "subQuestions", strip_list(cfg,
		    "subQuestions", sub_keys_s));
		break;
	case HWQ_MATCHING:
		student_matching(o, cfg, &st, a);
		copy_any(o, cfg, (const char *const[]){ "shuffleRightColumn", NULL });
		break;
	case HWQ_DRAG_DROP:
		student_drag_drop(o, cfg, &st, a);
		break;
	case HWQ_FILL_BLANKS:
		copy_str(o, cfg, fill_keys);
		out = json_object_new_array();
		l = hwj_list(cfg, "answers", &n);
		for (i = 0; l != NULL && i < n; i++)
			json_object_array_add(out, json_object_new_string(""));
		json_object_object_add(o, "answers", out);
		break;
	case HWQ_HOTSPOT:
		media(o, cfg, "imageUrl", "imageFileId");
		out = json_object_new_array();
		l = hwj_list(cfg, "hotspots", &n);
		for (i = 0; l != NULL && i < n; i++) {
			e = json_object_new_object();
			copy_str(e, json_object_array_get_idx(l, i), spot_keys);
			copy_any(e, json_object_array_get_idx(l, i), num_keys);
			json_object_array_add(out, e);
		}
		json_object_object_add(o, "hotspots", out);
		break;
	case HWQ_FILE_UPLOAD:
		copy_any(o, cfg, file_keys);
		copy_str(o, cfg, (const char *const[]){ "instructions", NULL });
		break;
	default:
		break;
	}
	return o;
}
