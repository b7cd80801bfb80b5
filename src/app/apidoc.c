/* The API description: api/openapi.json checked and loaded once per
 * process, served as JSON (/api/schema/) and rendered as a page (/api/docs/). */
#include "autoconf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "app/apidoc.h"
#include "app/app.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/log.h"
#include "core/req.h"
#include "core/resp.h"

#define DOC_FILE	"openapi.json"
#define DOC_MAX		(8L * 1024 * 1024)	/* bytes */
#define REF_HOPS	16	/* a longer $ref chain is a loop */

/* What a loaded description keeps for the life of the process. */
static struct {
	char			*text;		/* compact JSON for /api/schema/ */
	size_t			 len;
	struct json_object	*page;		/* context of templates/docs/api */
} doc;

/* One load: the document, the operationIds seen, the first problem. */
struct load {
	struct json_object	*root;
	struct json_object	*ids;
	int			 nops;
	char			 err[512];
};

static const char *const methods[] = {
	"get", "put", "post", "delete", "options", "head", "patch", "trace",
};

/* Who may call, from an operation's x-roles (the route table's flags). */
static const struct {
	const char	*key, *text;
} callers[] = {
	{ "anon", "anyone, no sign-in needed" },
	{ "user", "any signed-in user" },
	{ "student", "students" },
	{ "teacher", "teachers" },
	{ "admin", "administrators" },
};

static int	 fail(struct load *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Note the first problem; returns -1. */
static int
fail(struct load *l, const char *fmt, ...)
{
	va_list	 ap;

	if (l->err[0] != '\0')
		return -1;
	va_start(ap, fmt);
	vsnprintf(l->err, sizeof(l->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* o[key]; NULL when o is no object or lacks key. */
static struct json_object *
get(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
get_str(struct json_object *o, const char *key)
{
	struct json_object	*v = get(o, key);

	return json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

/* A string member of a page row, null when s is NULL. */
static void
put_str(struct json_object *o, const char *key, const char *s)
{
	json_object_object_add(o, key, s ? json_object_new_string(s) : NULL);
}

/* Move b's text into o[key] (null when empty) and empty b. */
static void
put_buf(struct json_object *o, const char *key, struct buf *b)
{
	put_str(o, key, b->len && !b->err ? buf_str(b) : NULL);
	buf_free(b);
}

static const char *
json_str(struct json_object *v)
{
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* Rows for a table in the page: {"rows": rows}, or NULL (no table) when
 * there are none. Takes rows over. */
static struct json_object *
table(struct json_object *rows)
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
static int
resolve(struct load *l, struct json_object *o, struct json_object **out)
{
	const char	*ref, *p, *e;
	char		 seg[256];
	size_t		 n;
	int		 hops;

	for (hops = 0; (ref = get_str(o, "$ref")) != NULL; hops++) {
		if (hops == REF_HOPS || strncmp(ref, "#/", 2) != 0)
			return fail(l, "$ref \"%s\": not a local reference, or a "
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
			if ((o = get(o, seg)) == NULL)
				return fail(l, "$ref \"%s\" does not resolve", ref);
			if (*e == '\0')
				break;
		}
	}
	*out = o;
	return 0;
}

/* The last segment of o's $ref: the name of the schema it points to. */
static const char *
ref_name(struct json_object *o)
{
	const char	*ref = get_str(o, "$ref"), *s;

	if (ref == NULL)
		return NULL;
	return (s = strrchr(ref, '/')) != NULL ? s + 1 : ref;
}

/* "string (email)", "array of Group", "Group", ... into b; *ref: the
 * component schema named, if any. */
static int
type_of(struct load *l, struct json_object *s, struct buf *b, const char **ref)
{
	struct json_object	*r, *alt;
	const char		*t, *f, *name, *kinds[] = { "oneOf", "anyOf" };
	size_t			 i, k;

	if ((name = ref_name(s)) != NULL) {
		if (resolve(l, s, &r) == -1)
			return -1;
		if (*ref == NULL)
			*ref = name;
		buf_puts(b, name);
		return 0;
	}
	for (k = 0; k < 2; k++) {
		if (!json_object_is_type(alt = get(s, kinds[k]), json_type_array))
			continue;
		for (i = 0; i < json_object_array_length(alt); i++) {
			if (i > 0)
				buf_puts(b, " or ");
			if (type_of(l, json_object_array_get_idx(alt, i), b,
			    ref) == -1)
				return -1;
		}
		return 0;
	}
	t = get_str(s, "type");
	if (t != NULL && strcmp(t, "array") == 0) {
		buf_puts(b, "array of ");
		if ((r = get(s, "items")) == NULL)
			return buf_puts(b, "any"), 0;
		return type_of(l, r, b, ref);
	}
	buf_puts(b, t != NULL ? t : "any");
	if ((f = get_str(s, "format")) != NULL)
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
			    json_str(v));
	if (json_object_is_type(v = get(s, "enum"), json_type_array)) {
		buf_puts(b, b->len ? "; one of " : "one of ");
		for (i = 0; i < json_object_array_length(v); i++)
			buf_printf(b, "%s%s", i ? ", " : "",
			    json_str(json_object_array_get_idx(v, i)));
	}
	if (json_object_get_boolean(get(s, "nullable")))
		buf_puts(b, b->len ? "; may be null" : "may be null");
	if (json_object_get_boolean(get(s, "readOnly")))
		buf_puts(b, b->len ? "; read-only" : "read-only");
	if (json_object_get_boolean(get(s, "writeOnly")))
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
	if (type_of(l, s, &b, &ref) == -1) {
		buf_free(&b);
		return -1;
	}
	a = json_object_new_object();
	put_str(a, "sep", json_object_array_length(alts) ? " or " : "");
	put_buf(a, "type", &b);
	put_str(a, "ref", ref);
	json_object_array_add(alts, a);
	return 0;
}

/* type, ref (the first schema named), alts (each alternative of a oneOf
 * or anyOf, linked on the page) and limits of schema s into the row o. */
static int
put_schema(struct load *l, struct json_object *o, struct json_object *s)
{
	struct json_object	*alts, *one;
	struct buf		 b;
	const char		*ref = NULL;
	size_t			 i;

	buf_init(&b, NULL);
	if (type_of(l, s, &b, &ref) == -1) {
		buf_free(&b);
		return -1;
	}
	put_buf(o, "type", &b);
	put_str(o, "ref", ref);
	alts = json_object_new_array();
	json_object_object_add(o, "alts", alts);
	if (get(s, "$ref") == NULL && (json_object_is_type(one = get(s, "oneOf"),
	    json_type_array) || json_object_is_type(one = get(s, "anyOf"),
	    json_type_array))) {
		for (i = 0; i < json_object_array_length(one); i++)
			if (add_alt(l, alts, json_object_array_get_idx(one, i)) == -1)
				return -1;
	} else if (add_alt(l, alts, s) == -1)
		return -1;
	buf_init(&b, NULL);
	limits_of(s, &b);
	put_buf(o, "limits", &b);
	return 0;
}

static int
in_array(struct json_object *a, const char *s)
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
 * limits, description. NULL after fail(). */
static struct json_object *
fields_of(struct load *l, struct json_object *s)
{
	struct json_object_iterator	 it, end;
	struct json_object		*rows, *row, *props, *req, *p;

	if (resolve(l, s, &s) == -1)
		return NULL;
	rows = json_object_new_array();
	props = get(s, "properties");
	req = get(s, "required");
	if (!json_object_is_type(props, json_type_object))
		return rows;
	it = json_object_iter_begin(props);
	end = json_object_iter_end(props);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		p = json_object_iter_peek_value(&it);
		row = json_object_new_object();
		json_object_array_add(rows, row);
		put_str(row, "name", json_object_iter_peek_name(&it));
		json_object_object_add(row, "required", json_object_new_boolean(
		    in_array(req, json_object_iter_peek_name(&it))));
		put_str(row, "description", get_str(p, "description"));
		if (put_schema(l, row, p) == -1) {
			json_object_put(rows);
			return NULL;
		}
	}
	return rows;
}

/* A parameter row; checks it names itself and where it goes. */
static struct json_object *
param_row(struct load *l, struct json_object *p, const char *where)
{
	struct json_object	*row;

	if (resolve(l, p, &p) == -1)
		return NULL;
	if (get_str(p, "name") == NULL || get_str(p, "in") == NULL)
		return fail(l, "%s: a parameter without name or in", where), NULL;
	row = json_object_new_object();
	put_str(row, "name", get_str(p, "name"));
	put_str(row, "in", get_str(p, "in"));
	json_object_object_add(row, "required", json_object_new_boolean(
	    json_object_get_boolean(get(p, "required"))));
	put_str(row, "description", get_str(p, "description"));
	if (put_schema(l, row, get(p, "schema")) == -1) {
		json_object_put(row);
		return NULL;
	}
	return row;
}

/* Whether the parameter rows declare {name} of a path template. */
static int
declared(struct json_object *rows, const char *name, size_t n)
{
	struct json_object	*row;
	const char		*s;
	size_t			 i;

	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		s = get_str(row, "name");
		if (strcmp(get_str(row, "in"), "path") == 0 && strlen(s) == n &&
		    strncmp(s, name, n) == 0)
			return 1;
	}
	return 0;
}

/* Parameters of the path item, then of the operation, as rows; every
 * {name} of the path must be among them. */
static struct json_object *
params_of(struct load *l, const char *path, const char *where,
    struct json_object *item, struct json_object *op)
{
	struct json_object	*rows, *list[2], *row;
	const char		*p, *e;
	size_t			 i, k;

	rows = json_object_new_array();
	list[0] = get(item, "parameters");
	list[1] = get(op, "parameters");
	for (k = 0; k < 2; k++)
		for (i = 0; json_object_is_type(list[k], json_type_array) &&
		    i < json_object_array_length(list[k]); i++) {
			if ((row = param_row(l, json_object_array_get_idx(list[k],
			    i), where)) == NULL)
				goto bad;
			json_object_array_add(rows, row);
		}
	for (p = path; (p = strchr(p, '{')) != NULL; p = e) {
		if ((e = strchr(p, '}')) == NULL) {
			fail(l, "%s: unclosed { in the path", where);
			goto bad;
		}
		if (!declared(rows, p + 1, (size_t)(e - p - 1))) {
			fail(l, "%s: path parameter %.*s is not declared", where,
			    (int)(e - p - 1), p + 1);
			goto bad;
		}
	}
	return rows;
bad:
	json_object_put(rows);
	return NULL;
}

/* The request body: content_type, required, description, type, ref,
 * fields; null when the operation takes none. 0 or -1. */
static int
body_of(struct load *l, struct json_object *op, struct json_object *row)
{
	struct json_object_iterator	 it;
	struct json_object		*rb, *content, *s, *o, *fields;

	if ((rb = get(op, "requestBody")) == NULL) {
		json_object_object_add(row, "body", NULL);
		return 0;
	}
	if (resolve(l, rb, &rb) == -1)
		return -1;
	content = get(rb, "content");
	if (!json_object_is_type(content, json_type_object) ||
	    json_object_object_length(content) == 0)
		return fail(l, "%s: requestBody without content",
		    get_str(row, "id"));
	o = json_object_new_object();
	json_object_object_add(row, "body", o);
	it = json_object_iter_begin(content);
	put_str(o, "content_type", json_object_iter_peek_name(&it));
	json_object_object_add(o, "required", json_object_new_boolean(
	    json_object_get_boolean(get(rb, "required"))));
	put_str(o, "description", get_str(rb, "description"));
	if ((s = get(json_object_iter_peek_value(&it), "schema")) == NULL) {
		put_str(o, "type", NULL);
		put_str(o, "ref", NULL);
		json_object_object_add(o, "alts", NULL);
		json_object_object_add(o, "fields", NULL);
		return 0;
	}
	if (put_schema(l, o, s) == -1 || (fields = fields_of(l, s)) == NULL)
		return -1;
	json_object_object_add(o, "fields", table(fields));
	return 0;
}

/* One row per response: status, description, content_type, type, ref,
 * headers. */
static struct json_object *
responses_of(struct load *l, struct json_object *op, const char *id)
{
	struct json_object_iterator	 it, end, h, hend;
	struct json_object		*rs = get(op, "responses"), *rows, *row;
	struct json_object		*r, *content, *s;
	struct buf			 b;
	const char			*st;

	if (!json_object_is_type(rs, json_type_object) ||
	    json_object_object_length(rs) == 0)
		return fail(l, "%s: no responses", id), NULL;
	rows = json_object_new_array();
	it = json_object_iter_begin(rs);
	end = json_object_iter_end(rs);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		st = json_object_iter_peek_name(&it);
		if (strcmp(st, "default") != 0 && (strlen(st) != 3 ||
		    st[0] < '1' || st[0] > '5' || strspn(st, "0123456789X") != 3)) {
			fail(l, "%s: response \"%s\" is not a status code", id, st);
			goto bad;
		}
		if (resolve(l, json_object_iter_peek_value(&it), &r) == -1)
			goto bad;
		if (get_str(r, "description") == NULL) {
			fail(l, "%s: response %s has no description", id, st);
			goto bad;
		}
		row = json_object_new_object();
		json_object_array_add(rows, row);
		put_str(row, "status", st);
		json_object_object_add(row, "error", json_object_new_boolean(
		    st[0] == '4' || st[0] == '5'));
		put_str(row, "description", get_str(r, "description"));
		content = get(r, "content");
		s = NULL;
		if (json_object_is_type(content, json_type_object) &&
		    json_object_object_length(content) > 0) {
			h = json_object_iter_begin(content);
			put_str(row, "content_type", json_object_iter_peek_name(&h));
			s = get(json_object_iter_peek_value(&h), "schema");
		} else
			put_str(row, "content_type", NULL);
		if (s != NULL && put_schema(l, row, s) == -1)
			goto bad;
		if (s == NULL) {
			put_str(row, "type", NULL);
			put_str(row, "ref", NULL);
			json_object_object_add(row, "alts", NULL);
			put_str(row, "limits", NULL);
		}
		buf_init(&b, NULL);
		if (json_object_is_type(content = get(r, "headers"),
		    json_type_object)) {
			h = json_object_iter_begin(content);
			hend = json_object_iter_end(content);
			for (; !json_object_iter_equal(&h, &hend);
			    json_object_iter_next(&h))
				buf_printf(&b, "%s%s", b.len ? ", " : "",
				    json_object_iter_peek_name(&h));
		}
		put_buf(row, "headers", &b);
	}
	return rows;
bad:
	json_object_put(rows);
	return NULL;
}

/* "teachers, administrators" from x-roles; null without it. */
static void
put_callers(struct json_object *op, struct json_object *row)
{
	struct json_object	*roles = get(op, "x-roles");
	struct buf		 b;
	const char		*k, *text;
	size_t			 i, j;

	buf_init(&b, NULL);
	for (i = 0; json_object_is_type(roles, json_type_array) &&
	    i < json_object_array_length(roles); i++) {
		if ((k = json_object_get_string(json_object_array_get_idx(roles,
		    i))) == NULL)
			continue;
		for (text = k, j = 0; j < sizeof(callers) / sizeof(callers[0]); j++)
			if (strcmp(callers[j].key, k) == 0)
				text = callers[j].text;
		buf_printf(&b, "%s%s", b.len ? ", " : "", text);
	}
	put_buf(row, "who", &b);
}

/* "Bearer JWT (bearerAuth)" from the operation's or the document's
 * security requirements; null when anyone may call. */
static void
put_security(struct load *l, struct json_object *op, struct json_object *row)
{
	struct json_object_iterator	 it, end;
	struct json_object		*sec, *req;
	struct buf			 b;
	size_t				 i;

	if ((sec = get(op, "security")) == NULL)
		sec = get(l->root, "security");
	buf_init(&b, NULL);
	for (i = 0; json_object_is_type(sec, json_type_array) &&
	    i < json_object_array_length(sec); i++) {
		req = json_object_array_get_idx(sec, i);
		if (!json_object_is_type(req, json_type_object))
			continue;
		it = json_object_iter_begin(req);
		end = json_object_iter_end(req);
		for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it))
			buf_printf(&b, "%s%s", b.len ? ", " : "",
			    json_object_iter_peek_name(&it));
	}
	put_buf(row, "security", &b);
}

/* The tag's page entry (name, description, operations), made on first use
 * and kept in the order tags are met. */
static struct json_object *
tag_entry(struct json_object *tags, struct json_object *order, const char *name,
    const char *description)
{
	struct json_object	*t;

	if ((t = get(tags, name)) != NULL)
		return t;
	t = json_object_new_object();
	put_str(t, "name", name);
	put_str(t, "description", description);
	json_object_object_add(t, "operations", json_object_new_array());
	json_object_object_add(tags, name, t);
	json_object_array_add(order, json_object_get(t));
	return t;
}

/* Check one operation and add its page entry under its first tag. */
static int
add_op(struct load *l, struct json_object *tags, struct json_object *order,
    const char *path, struct json_object *item, const char *method,
    struct json_object *op)
{
	struct json_object	*row, *v;
	const char		*id = get_str(op, "operationId"), *tag;
	char			 where[512], up[8];
	size_t			 i;

	snprintf(where, sizeof(where), "%s %s", method, path);
	if (!json_object_is_type(op, json_type_object))
		return fail(l, "%s: not an object", where);
	if (id == NULL || id[0] == '\0')
		return fail(l, "%s: no operationId", where);
	if (get(l->ids, id) != NULL)
		return fail(l, "%s: operationId %s is used twice", where, id);
	json_object_object_add(l->ids, id, json_object_new_boolean(1));
	if (get_str(op, "summary") == NULL)
		return fail(l, "%s: no summary", where);
	v = get(op, "tags");
	v = json_object_is_type(v, json_type_array) &&
	    json_object_array_length(v) > 0 ? json_object_array_get_idx(v, 0) :
	    NULL;
	tag = json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "other";

	row = json_object_new_object();
	json_object_array_add(get(tag_entry(tags, order, tag, NULL), "operations"),
	    row);
	for (i = 0; i < sizeof(up) - 1 && method[i]; i++)
		up[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ?
		    method[i] - 'a' + 'A' : method[i]);
	up[i] = '\0';
	put_str(row, "method", up);
	put_str(row, "path", path);
	put_str(row, "id", id);
	put_str(row, "summary", get_str(op, "summary"));
	put_str(row, "description", get_str(op, "description"));
	json_object_object_add(row, "deprecated", json_object_new_boolean(
	    json_object_get_boolean(get(op, "deprecated"))));
	put_callers(op, row);
	put_security(l, op, row);
	if ((v = params_of(l, path, where, item, op)) == NULL)
		return -1;
	json_object_object_add(row, "params", table(v));
	if (body_of(l, op, row) == -1)
		return -1;
	if ((v = responses_of(l, op, id)) == NULL)
		return -1;
	json_object_object_add(row, "responses", v);
	l->nops++;
	return 0;
}

/* One row per component schema: name, description, type, limits, fields,
 * and what other keys hold (additionalProperties). */
static struct json_object *
schemas_of(struct load *l)
{
	struct json_object_iterator	 it, end;
	struct json_object		*all, *rows, *row, *s, *f, *ap;
	struct buf			 b;
	const char			*ref = NULL;

	rows = json_object_new_array();
	all = get(get(l->root, "components"), "schemas");
	if (!json_object_is_type(all, json_type_object))
		return rows;
	it = json_object_iter_begin(all);
	end = json_object_iter_end(all);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		s = json_object_iter_peek_value(&it);
		row = json_object_new_object();
		json_object_array_add(rows, row);
		put_str(row, "name", json_object_iter_peek_name(&it));
		put_str(row, "description", get_str(s, "description"));
		if (put_schema(l, row, s) == -1 || (f = fields_of(l, s)) == NULL)
			goto bad;
		json_object_object_add(row, "fields", table(f));
		buf_init(&b, NULL);
		if (json_object_is_type(ap = get(s, "additionalProperties"),
		    json_type_object) && type_of(l, ap, &b, &ref) == -1) {
			buf_free(&b);
			goto bad;
		}
		put_buf(row, "other_keys", &b);
	}
	return rows;
bad:
	json_object_put(rows);
	return NULL;
}

/* Check the document and build the page's context. NULL after fail(). */
static struct json_object *
build(struct load *l)
{
	struct json_object_iterator	 it, end, mi, mend;
	struct json_object		*root = l->root, *info, *paths, *item;
	struct json_object		*page, *tags, *order, *list, *t, *v;
	const char			*ver = get_str(root, "openapi"), *path, *m;
	size_t				 i, k;

	if (!json_object_is_type(root, json_type_object))
		return fail(l, "not a JSON object"), NULL;
	if (ver == NULL || strncmp(ver, "3.", 2) != 0)
		return fail(l, "\"openapi\": expected a 3.x version"), NULL;
	info = get(root, "info");
	if (get_str(info, "title") == NULL || get_str(info, "version") == NULL)
		return fail(l, "\"info\" needs a title and a version"), NULL;
	paths = get(root, "paths");
	if (!json_object_is_type(paths, json_type_object) ||
	    json_object_object_length(paths) == 0)
		return fail(l, "\"paths\": expected an object of paths"), NULL;

	page = json_object_new_object();
	put_str(page, "title", get_str(info, "title"));
	put_str(page, "version", get_str(info, "version"));
	put_str(page, "description", get_str(info, "description"));
	tags = json_object_new_object();
	order = json_object_new_array();
	list = get(root, "tags");
	for (i = 0; json_object_is_type(list, json_type_array) &&
	    i < json_object_array_length(list); i++) {
		t = json_object_array_get_idx(list, i);
		if (get_str(t, "name") != NULL)
			tag_entry(tags, order, get_str(t, "name"),
			    get_str(t, "description"));
	}

	it = json_object_iter_begin(paths);
	end = json_object_iter_end(paths);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		path = json_object_iter_peek_name(&it);
		if (path[0] != '/') {
			fail(l, "path \"%s\" does not start with /", path);
			goto bad;
		}
		if (resolve(l, json_object_iter_peek_value(&it), &item) == -1)
			goto bad;
		if (!json_object_is_type(item, json_type_object)) {
			fail(l, "path %s: not an object", path);
			goto bad;
		}
		mi = json_object_iter_begin(item);
		mend = json_object_iter_end(item);
		for (; !json_object_iter_equal(&mi, &mend);
		    json_object_iter_next(&mi)) {
			m = json_object_iter_peek_name(&mi);
			for (k = 0; k < sizeof(methods) / sizeof(methods[0]); k++)
				if (strcmp(m, methods[k]) == 0 && add_op(l, tags,
				    order, path, item,
				    m, json_object_iter_peek_value(&mi)) == -1)
					goto bad;
		}
	}
	if (l->nops == 0) {
		fail(l, "no operations");
		goto bad;
	}

	/* Tags without operations are left out. */
	list = json_object_new_array();
	for (i = 0; i < json_object_array_length(order); i++) {
		t = json_object_array_get_idx(order, i);
		if (json_object_array_length(get(t, "operations")) > 0)
			json_object_array_add(list, json_object_get(t));
	}
	json_object_object_add(page, "tags", list);
	json_object_object_add(page, "operations",
	    json_object_new_int(l->nops));
	if ((v = schemas_of(l)) == NULL)
		goto bad;
	json_object_object_add(page, "schemas", v);
	json_object_put(tags);
	json_object_put(order);
	return page;
bad:
	json_object_put(tags);
	json_object_put(order);
	json_object_put(page);
	return NULL;
}

/* The file's bytes, NUL-terminated (free them), or NULL after fail(). */
static char *
read_file(struct load *l, const char *path, size_t *len)
{
	struct stat	 st;
	FILE		*f;
	char		*p;
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL)
		return fail(l, "%s", strerror(errno)), NULL;
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > DOC_MAX) {
		fclose(f);
		return fail(l, "not a regular file of at most %ld bytes",
		    DOC_MAX), NULL;
	}
	if ((p = malloc((size_t)st.st_size + 1)) == NULL) {
		fclose(f);
		return fail(l, "out of memory"), NULL;
	}
	n = fread(p, 1, (size_t)st.st_size, f);
	if (ferror(f) || n != (size_t)st.st_size) {
		fclose(f);
		free(p);
		return fail(l, "read error"), NULL;
	}
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

/* Parse exactly one JSON value; the error names the line. */
static struct json_object *
parse(struct load *l, const char *s, size_t n)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	enum json_tokener_error	 e;
	size_t			 end, i, line = 1;

	if (n > INT32_MAX || (tok = json_tokener_new_ex(64)) == NULL)
		return fail(l, "too large"), NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, s, (int)n);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (i = 0; i < end && i < n; i++)
		line += s[i] == '\n';
	if (o == NULL || e != json_tokener_success) {
		json_object_put(o);
		return fail(l, "invalid JSON at line %zu: %s", line, e ==
		    json_tokener_continue ? "unexpected end of file" :
		    json_tokener_error_desc(e)), NULL;
	}
	for (; end < n; end++)
		if (strchr(" \t\r\n", s[end]) == NULL) {
			json_object_put(o);
			return fail(l, "text after the JSON value at line %zu",
			    line), NULL;
		}
	return o;
}

int
apidoc_load(const char *dir)
{
	struct load		 l;
	struct json_object	*page = NULL;
	char			 path[4096], *src = NULL, *text = NULL;
	size_t			 len;
	int			 n;

	memset(&l, 0, sizeof(l));
	l.ids = json_object_new_object();
	n = snprintf(path, sizeof(path), "%s/%s", dir, DOC_FILE);
	if (n < 0 || (size_t)n >= sizeof(path))
		fail(&l, "api_dir is too long");
	else if ((src = read_file(&l, path, &len)) != NULL &&
	    (l.root = parse(&l, src, len)) != NULL &&
	    (page = build(&l)) != NULL &&
	    (text = strdup(json_str(l.root))) == NULL)
		fail(&l, "out of memory");
	free(src);
	json_object_put(l.root);
	json_object_put(l.ids);
	if (text == NULL) {
		json_object_put(page);
		log_error("API description %s: %s (setting api_dir, or "
		    "TPANEL_API_DIR)", n > 0 ? path : dir, l.err);
		return -1;
	}
	apidoc_free();
	doc.text = text;
	doc.len = strlen(text);
	doc.page = page;
	log_debug("API description %s: %d operations", path, l.nops);
	return 0;
}

void
apidoc_free(void)
{
	free(doc.text);
	json_object_put(doc.page);
	memset(&doc, 0, sizeof(doc));
}

int
api_schema(struct req *r)
{
	if (doc.text == NULL)
		return resp_error(r, 500, "Internal server error");
	return resp_text(r, 200, "application/json", doc.text, doc.len);
}

int
page_api_docs(struct req *r)
{
	struct json_object	*ctx;

	if (doc.page == NULL || (ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Внутренняя ошибка сервера.");
	/* The shared context stays untouched: the layout's keys go to ctx. */
	json_object_object_add(ctx, "api", json_object_get(doc.page));
	return resp_html(r, 200, "docs/api", ctx, "Документация API");
}
