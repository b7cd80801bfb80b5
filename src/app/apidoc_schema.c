/* The API description's JSON read and its schemas rendered for the page
 * (/api/docs/): types as text, limits, alternatives, fields. */
#include "autoconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/buf.h"
#include "app/apidoc_int.h"

#define REF_HOPS	16	/* a longer $ref chain is a loop */

/* o[key]; NULL when o is no object or lacks key. */
struct json_object *
doc_get(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

const char *
doc_get_str(struct json_object *o, const char *key)
{
	struct json_object	*v = doc_get(o, key);

	return json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

/* A string member of a page row, null when s is NULL. */
void
doc_put_str(struct json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, s ? json_object_new_string(s) : NULL);
}

/* Move b's text into o[key] (null when empty) and empty b. */
void
doc_put_buf(struct json_object *o, const char *key, struct buf *b)
{
	doc_put_str(o, key, b->len && !b->err ? buf_str(b) : NULL);
	buf_free(b);
}

const char *
doc_json_str(struct json_object *v)
{
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* Rows for a table in the page: {"rows": rows}, or NULL (no table) when
 * there are none. Takes rows over. */
struct json_object *
doc_table(struct json_object *rows)
{
	struct json_object	*t;

	if (json_object_array_length(rows) == 0) {
		json_object_put(rows);
		return NULL;
	}
	t = json_object_new_object();
	json_object_object_add(t, "rows", rows);
	return t;
}

/* Follow o's chain of local $refs ("#/components/schemas/Group") to the
 * object it names. -1 when a reference is not local or does not resolve. */
int
doc_resolve(struct load *l, struct json_object *o, struct json_object **out)
{
	const char	*ref, *p, *e;
	char		 seg[256];
	size_t		 n;
	int		 hops;

	for (hops = 0; (ref = doc_get_str(o, "$ref")) != NULL; hops++) {
		if (hops == REF_HOPS || strncmp(ref, "#/", 2) != 0)
			return doc_fail(l, "$ref \"%s\": not a local reference, or a "
			    "loop", ref);
		o = l->root;
		for (p = ref + 2;; p = e + 1) {
			if ((e = strchr(p, '/')) == NULL)
				e = p + strlen(p);
			/* ~1 is '/' and ~0 is '~' inside a segment. */
			for (n = 0; p < e && n < sizeof(seg) - 1; p++) {
				if (*p == '~' && p + 1 < e && (p[1] == '0' ||
				    p[1] == '1')) {
					seg[n++] = p[1] == '1' ? '/' : '~';
					p++;
				} else
					seg[n++] = *p;
			}
			seg[n] = '\0';
			if ((o = doc_get(o, seg)) == NULL)
				return doc_fail(l, "$ref \"%s\" does not resolve", ref);
			if (*e == '\0')
				break;
		}
	}
	*out = o;
	return 0;
}

/* The last segment of o's $ref: the name of the schema it points to. */
const char *
doc_ref_name(struct json_object *o)
{
	const char	*ref = doc_get_str(o, "$ref"), *s;

	if (ref == NULL)
		return NULL;
	return (s = strrchr(ref, '/')) != NULL ? s + 1 : ref;
}

/* "string (email)", "array of Group", "Group", ... into b; *ref: the
 * component schema named, if any. */
int
doc_type_of(struct load *l, struct json_object *s, struct buf *b,
    const char **ref)
{
	struct json_object	*r, *alt;
	const char		*t, *f, *name, *kinds[] = { "oneOf", "anyOf" };
	size_t			 i, k;

	if ((name = doc_ref_name(s)) != NULL) {
		if (doc_resolve(l, s, &r) == -1)
			return -1;
		if (*ref == NULL)
			*ref = name;
		buf_puts(b, name);
		return 0;
	}
	for (k = 0; k < 2; k++) {
		if (!json_object_is_type(alt = doc_get(s, kinds[k]), json_type_array))
			continue;
		for (i = 0; i < json_object_array_length(alt); i++) {
			if (i > 0)
				buf_puts(b, " or ");
			if (doc_type_of(l, json_object_array_get_idx(alt, i), b,
			    ref) == -1)
				return -1;
		}
		return 0;
	}
	t = doc_get_str(s, "type");
	if (t != NULL && strcmp(t, "array") == 0) {
		buf_puts(b, "array of ");
		if ((r = doc_get(s, "items")) == NULL)
			return buf_puts(b, "any"), 0;
		return doc_type_of(l, r, b, ref);
	}
	buf_puts(b, t != NULL ? t : "any");
	if ((f = doc_get_str(s, "format")) != NULL)
		buf_printf(b, " (%s)", f);
	return 0;
}

/* The limits of a schema in words: "maxLength 150; may be null". */
static void
limits_of(struct json_object *s, struct buf *b)
{
	static const char *const keys[] = { "minLength", "maxLength", "minimum",
	    "maximum", "minItems", "maxItems", "pattern", "default" };
	struct json_object	*v;
	size_t			 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_object_get_ex(s, keys[i], &v))
			buf_printf(b, "%s%s %s", b->len ? "; " : "", keys[i],
			    doc_json_str(v));
	if (json_object_is_type(v = doc_get(s, "enum"), json_type_array)) {
		buf_puts(b, b->len ? "; one of " : "one of ");
		for (i = 0; i < json_object_array_length(v); i++)
			buf_printf(b, "%s%s", i ? ", " : "",
			    doc_json_str(json_object_array_get_idx(v, i)));
	}
	if (json_object_get_boolean(doc_get(s, "nullable")))
		buf_puts(b, b->len ? "; may be null" : "may be null");
	if (json_object_get_boolean(doc_get(s, "readOnly")))
		buf_puts(b, b->len ? "; read-only" : "read-only");
	if (json_object_get_boolean(doc_get(s, "writeOnly")))
		buf_puts(b, b->len ? "; write-only" : "write-only");
}

/* An alternative of a type for the page: sep ("" or " or "), type, ref. */
static int
add_alt(struct load *l, struct json_object *alts, struct json_object *s)
{
	struct json_object	*a;
	struct buf		 b;
	const char		*ref = NULL;

	buf_init(&b, NULL);
	if (doc_type_of(l, s, &b, &ref) == -1) {
		buf_free(&b);
		return -1;
	}
	a = json_object_new_object();
	doc_put_str(a, "sep", json_object_array_length(alts) ? " or " : "");
	doc_put_buf(a, "type", &b);
	doc_put_str(a, "ref", ref);
	json_object_array_add(alts, a);
	return 0;
}

/* type, ref (the first schema named), alts (each alternative of a oneOf
 * or anyOf, linked on the page) and limits of schema s into the row o. */
int
doc_put_schema(struct load *l, struct json_object *o, struct json_object *s)
{
	struct json_object	*alts, *one;
	struct buf		 b;
	const char		*ref = NULL;
	size_t			 i;

	buf_init(&b, NULL);
	if (doc_type_of(l, s, &b, &ref) == -1) {
		buf_free(&b);
		return -1;
	}
	doc_put_buf(o, "type", &b);
	doc_put_str(o, "ref", ref);
	alts = json_object_new_array();
	json_object_object_add(o, "alts", alts);
	if (doc_get(s, "$ref") == NULL && (json_object_is_type(one = doc_get(s, "oneOf"),
	    json_type_array) || json_object_is_type(one = doc_get(s, "anyOf"),
	    json_type_array))) {
		for (i = 0; i < json_object_array_length(one); i++)
			if (add_alt(l, alts, json_object_array_get_idx(one, i)) == -1)
				return -1;
	} else if (add_alt(l, alts, s) == -1)
		return -1;
	buf_init(&b, NULL);
	limits_of(s, &b);
	doc_put_buf(o, "limits", &b);
	return 0;
}

int
doc_in_array(struct json_object *a, const char *s)
{
	const char	*v;
	size_t		 i;

	for (i = 0; json_object_is_type(a, json_type_array) &&
	    i < json_object_array_length(a); i++)
		if ((v = json_object_get_string(json_object_array_get_idx(a,
		    i))) != NULL && strcmp(v, s) == 0)
			return 1;
	return 0;
}

/* The properties of object schema s as rows: name, type, ref, required,
 * limits, description. NULL after doc_fail(). */
struct json_object *
doc_fields_of(struct load *l, struct json_object *s)
{
	struct json_object_iterator	 it, end;
	struct json_object		*rows, *row, *props, *req, *p;

	if (doc_resolve(l, s, &s) == -1)
		return NULL;
	rows = json_object_new_array();
	props = doc_get(s, "properties");
	req = doc_get(s, "required");
	if (!json_object_is_type(props, json_type_object))
		return rows;
	it = json_object_iter_begin(props);
	end = json_object_iter_end(props);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		p = json_object_iter_peek_value(&it);
		row = json_object_new_object();
		json_object_array_add(rows, row);
		doc_put_str(row, "name", json_object_iter_peek_name(&it));
		json_object_object_add(row, "required", json_object_new_boolean(
		    doc_in_array(req, json_object_iter_peek_name(&it))));
		doc_put_str(row, "description", doc_get_str(p, "description"));
		if (doc_put_schema(l, row, p) == -1) {
			json_object_put(rows);
			return NULL;
		}
	}
	return rows;
}

/* One row per component schema: name, description, type, limits, fields,
 * and what other keys hold (additionalProperties). */
struct json_object *
doc_schemas_of(struct load *l)
{
	struct json_object_iterator	 it, end;
	struct json_object		*all, *rows, *row, *s, *f, *ap;
	struct buf			 b;
	const char			*ref = NULL;

	rows = json_object_new_array();
	all = doc_get(doc_get(l->root, "components"), "schemas");
	if (!json_object_is_type(all, json_type_object))
		return rows;
	it = json_object_iter_begin(all);
	end = json_object_iter_end(all);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		s = json_object_iter_peek_value(&it);
		row = json_object_new_object();
		json_object_array_add(rows, row);
		doc_put_str(row, "name", json_object_iter_peek_name(&it));
		doc_put_str(row, "description", doc_get_str(s, "description"));
		if (doc_put_schema(l, row, s) == -1 || (f = doc_fields_of(l, s)) == NULL)
			goto bad;
		json_object_object_add(row, "fields", doc_table(f));
		buf_init(&b, NULL);
		if (json_object_is_type(ap = doc_get(s, "additionalProperties"),
		    json_type_object) && doc_type_of(l, ap, &b, &ref) == -1) {
			buf_free(&b);
			goto bad;
		}
		doc_put_buf(row, "other_keys", &b);
	}
	return rows;
bad:
	json_object_put(rows);
	return NULL;
}
