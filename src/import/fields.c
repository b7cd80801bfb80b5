/* Typed reads of a dump record's fields and of its foreign keys: a value of
 * the wrong type stops the run with a message naming record and field. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_import.h"
#include "import/import.h"

/* The value as JSON, cut short, for messages. */
static const char *
shown(struct imp *im, struct json_object *v)
{
	const char	*s = v ? json_object_to_json_string_ext(v,
	    JSON_C_TO_STRING_PLAIN) : "null";
	size_t		 n = strlen(s);

	return n <= 40 ? arena_strdup(&im->a, s) :
	    arena_printf(&im->a, "%.37s...", s);
}

/* 1 and *v (NULL for JSON null) when present, 0 when missing. */
static int
get(struct json_object *f, const char *name, struct json_object **v)
{
	*v = NULL;
	return json_object_object_get_ex(f, name, v) ? 1 : 0;
}

static void *
wrong(struct imp *im, const char *name, const char *want, struct json_object *v)
{
	if (!im->err[0])
		import_fail(im, "field \"%s\": %s expected, found %s", name, want,
		    shown(im, v));
	return NULL;
}

static void *
missing(struct imp *im, const char *name)
{
	if (!im->err[0])
		import_fail(im, "field \"%s\" is missing", name);
	return NULL;
}

/* A string value (NUL-terminated, valid UTF-8), or NULL after wrong(). */
static const char *
string(struct imp *im, const char *name, struct json_object *v)
{
	const char	*s;
	size_t		 n;

	if (!json_object_is_type(v, json_type_string))
		return wrong(im, name, "a string", v);
	s = json_object_get_string(v);
	n = (size_t)json_object_get_string_len(v);
	if (strlen(s) != n || str_utf8_chars(s) < 0)
		return wrong(im, name, "UTF-8 text without NUL characters", v);
	return s;
}

const char *
import_str(struct imp *im, struct json_object *f, const char *name,
    const char *def)
{
	struct json_object	*v;

	if (im->err[0])
		return NULL;
	if (!get(f, name, &v))
		return def != NULL ? def : missing(im, name);
	return string(im, name, v);
}

const char *
import_str_null(struct imp *im, struct json_object *f, const char *name)
{
	struct json_object	*v;

	if (im->err[0] || !get(f, name, &v) || v == NULL)
		return NULL;
	return string(im, name, v);
}

int
import_bool(struct imp *im, struct json_object *f, const char *name, int def)
{
	struct json_object	*v;

	if (im->err[0])
		return 0;
	if (!get(f, name, &v)) {
		if (def == -1)
			missing(im, name);
		return def == 1;
	}
	if (!json_object_is_type(v, json_type_boolean)) {
		wrong(im, name, "true or false", v);
		return 0;
	}
	return json_object_get_boolean(v) ? 1 : 0;
}

int64_t
import_int(struct imp *im, struct json_object *f, const char *name, int64_t lo,
    int64_t hi, int def_ok, int64_t def, int *is_null)
{
	struct json_object	*v;
	int64_t			 x;

	if (is_null != NULL)
		*is_null = 0;
	if (im->err[0])
		return 0;
	if (!get(f, name, &v)) {
		if (!def_ok)
			missing(im, name);
		return def;
	}
	if (v == NULL && is_null != NULL) {
		*is_null = 1;
		return 0;
	}
	if (!json_object_is_type(v, json_type_int)) {
		wrong(im, name, "an integer", v);
		return 0;
	}
	x = json_object_get_int64(v);
	if (x < lo || x > hi) {
		import_fail(im, "field \"%s\": %lld is out of range (%lld to %lld)",
		    name, (long long)x, (long long)lo, (long long)hi);
		return 0;
	}
	return x;
}

/* Django writes isoformat(): "2024-01-15T10:00:00[.123][Z|+03:00]"; no
 * offset when USE_TZ was off. */
const char *
import_datetime(struct imp *im, struct json_object *f, const char *name,
    int nullable, int64_t *us)
{
	struct json_object	*v;
	const char		*s, *p;
	int64_t			 t;

	if (im->err[0])
		return NULL;
	if (!get(f, name, &v))
		return nullable ? NULL : missing(im, name);
	if (v == NULL && nullable)
		return NULL;
	if (!json_object_is_type(v, json_type_string))
		return wrong(im, name, "a date-time (ISO 8601 text)", v);
	s = json_object_get_string(v);
	if (strlen(s) < 16 || s[10] != 'T' || strchr(s, ' ') != NULL ||
	    dt_parse_iso(s, &t) == -1)
		return wrong(im, name, "a date-time (ISO 8601 text)", v);
	for (p = s + 16; *p == ':' || *p == '.' || (*p >= '0' && *p <= '9'); p++)
		;
	if (*p == '\0' && im->mode == IMPORT_INSERT)
		im->naive++;
	if (us != NULL)
		*us = t;
	return dt_db(&im->a, t);
}

const char *
import_date(struct imp *im, struct json_object *f, const char *name,
    int nullable)
{
	struct json_object	*v;
	int64_t			 days;

	if (im->err[0])
		return NULL;
	if (!get(f, name, &v))
		return nullable ? NULL : missing(im, name);
	if (v == NULL && nullable)
		return NULL;
	if (!json_object_is_type(v, json_type_string) ||
	    dt_parse_date(json_object_get_string(v), &days) == -1)
		return wrong(im, name, "a date (YYYY-MM-DD)", v);
	return json_object_get_string(v);
}

const char *
import_time(struct imp *im, struct json_object *f, const char *name)
{
	struct json_object	*v;
	const char		*s;
	int64_t			 h = 0, m = 0, sec = 0, frac = 0;
	size_t			 n, i, k;
	int			 ok;

	if (im->err[0])
		return NULL;
	if (!get(f, name, &v))
		return missing(im, name);
	if (!json_object_is_type(v, json_type_string))
		return wrong(im, name, "a time of day (HH:MM:SS)", v);
	s = json_object_get_string(v);
	n = strlen(s);
	ok = n >= 5 && s[2] == ':' && str_to_i64(s, 2, 0, 23, &h) == 0 &&
	    str_to_i64(s + 3, 2, 0, 59, &m) == 0;
	if (ok && n > 5)
		ok = s[5] == ':' && n >= 8 && str_to_i64(s + 6, 2, 0, 59, &sec) == 0;
	if (ok && n > 8) {
		ok = s[8] == '.' && n > 9;
		for (k = 0, i = 9; ok && i < n; i++, k++) {
			ok = s[i] >= '0' && s[i] <= '9';
			if (k < 6)
				frac = frac * 10 + (s[i] - '0');
		}
		for (; k < 6; k++)
			frac *= 10;
	}
	if (!ok)
		return wrong(im, name, "a time of day (HH:MM:SS)", v);
	return frac ? arena_printf(&im->a, "%02lld:%02lld:%02lld.%06lld",
	    (long long)h, (long long)m, (long long)sec, (long long)frac) :
	    arena_printf(&im->a, "%02lld:%02lld:%02lld", (long long)h,
	    (long long)m, (long long)sec);
}

const char *
import_json(struct imp *im, struct json_object *f, const char *name,
    const char *def)
{
	struct json_object	*v;

	if (im->err[0] || !get(f, name, &v) || v == NULL)
		return def;
	return arena_strdup(&im->a, json_object_to_json_string_ext(v,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

int
import_lookup(struct imp *im, enum model_id m, int64_t pk, int64_t *id)
{
	struct rec	*r = import_pkmap_find(&im->recs[m], pk);
	int		 exists, rc;

	if (r != NULL) {
		switch (r->state) {
		case REC_IMPORTED:
		case REC_ALREADY:
		case REC_EXISTING:
		case REC_MERGED:
			*id = r->id;
			return 1;
		default:
			return 0;
		}
	}
	/* Not in this dump: imported from an earlier one? */
	if ((rc = db_import_map_get(&im->a, import_models[m]->table,
	    import_models[m]->name, pk, id, &exists)) != 1)
		return rc;
	return exists;
}

static const char *const state_why[] = {
	[REC_NEW] = "is not imported",
	[REC_GONE] = "was imported before and has been deleted here since",
	[REC_SKIPPED] = "is skipped",
};

int
import_resolve(struct imp *im, const char *name, enum model_id m, int64_t pk,
    int set_null, int64_t *id)
{
	struct rec	*r = import_pkmap_find(&im->recs[m], pk);
	int		 rc, exists = 0;

	*id = 0;
	if (r != NULL && r->state == REC_NEW)
		return import_fail(im, "internal error: %s pk=%lld referenced "
		    "before it was read", import_models[m]->name, (long long)pk);
	if (r != NULL && (rc = import_lookup(im, m, pk, id)) != 0)
		return rc == 1 ? IMPORT_REF_OK : import_fail(im, "database error");
	if (r == NULL) {
		/* Not in this dump: imported from an earlier one? */
		if ((rc = db_import_map_get(&im->a, import_models[m]->table,
		    import_models[m]->name, pk, id, &exists)) == -1)
			return import_fail(im, "database error");
		if (rc == 0)
			return import_fail(im, "field \"%s\": %s pk=%lld is not in "
			    "the dump (nor imported before)", name,
			    import_models[m]->name, (long long)pk);
		if (exists)
			return IMPORT_REF_OK;
		*id = 0;
	}
	if (im->why == NULL)
		im->why = arena_printf(&im->a, "its %s (%s pk=%lld) %s", name,
		    import_models[m]->name, (long long)pk,
		    state_why[r != NULL ? r->state : REC_GONE]);
	return set_null ? IMPORT_REF_NULL : IMPORT_REF_CASCADE;
}

int
import_ref(struct imp *im, struct json_object *f, const char *name,
    enum model_id m, int nullable, int set_null, int64_t *id, int64_t *pk)
{
	struct json_object	*v;
	int			 exists;

	*id = *pk = 0;
	if (im->err[0])
		return -1;
	if (!get(f, name, &v))
		return nullable ? IMPORT_REF_NULL : (missing(im, name), -1);
	if (v == NULL && nullable)
		return IMPORT_REF_NULL;
	if (!json_object_is_type(v, json_type_int)) {
		wrong(im, name, json_object_is_type(v, json_type_array) ?
		    "a primary key (export without --natural-foreign)" :
		    "a primary key", v);
		return -1;
	}
	*pk = json_object_get_int64(v);
	if (im->mode == IMPORT_SCAN) {
		if (import_pkmap_find(&im->recs[m], *pk) == NULL)
			im->ordered = 0;
		return IMPORT_REF_OK;
	}
	if (im->mode == IMPORT_VERIFY) {
		if (import_pkmap_find(&im->recs[m], *pk) != NULL)
			return IMPORT_REF_OK;
		switch (db_import_map_get(&im->a, import_models[m]->table,
		    import_models[m]->name, *pk, id, &exists)) {
		case -1:
			return import_fail(im, "database error");
		case 0:
			return import_fail(im, "field \"%s\": %s pk=%lld is not in "
			    "the dump (nor imported before)", name,
			    import_models[m]->name, (long long)*pk);
		}
		return IMPORT_REF_OK;
	}
	return import_resolve(im, name, m, *pk, set_null, id);
}

const char *
import_now_or(struct imp *im, const char *t)
{
	return t != NULL ? t : dt_now_db(&im->a);
}

int
import_one_of(const char *s, const char *const *set)
{
	for (; *set != NULL; set++)
		if (strcmp(s, *set) == 0)
			return 1;
	return 0;
}

const char *
import_cut(struct arena *a, const char *s, size_t n)
{
	size_t	 i, count = 0;

	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && count++ == n)
			return arena_strndup(a, s, i);
	return s;
}
