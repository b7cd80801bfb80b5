/* The API description: api/openapi.json checked and loaded once per
 * process, served as JSON (/api/schema/) and rendered as a page (/api/docs/);
 * its schemas are rendered by apidoc_schema.c. */
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
#include "app/apidoc_int.h"

#define DOC_FILE	"openapi.json"
#define DOC_MAX		(8L * 1024 * 1024)	/* bytes */

/* What a loaded description keeps for the life of the process. */
static struct {
	char			*text;		/* compact JSON for /api/schema/ */
	size_t			 len;
	struct json_object	*page;		/* context of templates/docs/api */
} doc;

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

int
doc_fail(struct load *l, const char *fmt, ...)
{
	va_list	 ap;

	if (l->err[0] != '\0')
		return -1;
	va_start(ap, fmt);
	vsnprintf(l->err, sizeof(l->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* A parameter row; checks it names itself and where it goes. */
static struct json_object *
param_row(struct load *l, struct json_object *p, const char *where)
{
	struct json_object	*row;

	if (doc_resolve(l, p, &p) == -1)
		return NULL;
	if (doc_get_str(p, "name") == NULL || doc_get_str(p, "in") == NULL)
		return doc_fail(l, "%s: a parameter without name or in", where), NULL;
	row = json_object_new_object();
	doc_put_str(row, "name", doc_get_str(p, "name"));
	doc_put_str(row, "in", doc_get_str(p, "in"));
	json_object_object_add(row, "required", json_object_new_boolean(
	    json_object_get_boolean(doc_get(p, "required"))));
	doc_put_str(row, "description", doc_get_str(p, "description"));
	if (doc_put_schema(l, row, doc_get(p, "schema")) == -1) {
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
		s = doc_get_str(row, "name");
		if (strcmp(doc_get_str(row, "in"), "path") == 0 && strlen(s) == n &&
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
	list[0] = doc_get(item, "parameters");
	list[1] = doc_get(op, "parameters");
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
			doc_fail(l, "%s: unclosed { in the path", where);
			goto bad;
		}
		if (!declared(rows, p + 1, (size_t)(e - p - 1))) {
			doc_fail(l, "%s: path parameter %.*s is not declared", where,
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

	if ((rb = doc_get(op, "requestBody")) == NULL) {
		json_object_object_add(row, "body", NULL);
		return 0;
	}
	if (doc_resolve(l, rb, &rb) == -1)
		return -1;
	content = doc_get(rb, "content");
	if (!json_object_is_type(content, json_type_object) ||
	    json_object_object_length(content) == 0)
		return doc_fail(l, "%s: requestBody without content",
		    doc_get_str(row, "id"));
	o = json_object_new_object();
	json_object_object_add(row, "body", o);
	it = json_object_iter_begin(content);
	doc_put_str(o, "content_type", json_object_iter_peek_name(&it));
	json_object_object_add(o, "required", json_object_new_boolean(
	    json_object_get_boolean(doc_get(rb, "required"))));
	doc_put_str(o, "description", doc_get_str(rb, "description"));
	if ((s = doc_get(json_object_iter_peek_value(&it), "schema")) == NULL) {
		doc_put_str(o, "type", NULL);
		doc_put_str(o, "ref", NULL);
		json_object_object_add(o, "alts", NULL);
		json_object_object_add(o, "fields", NULL);
		return 0;
	}
	if (doc_put_schema(l, o, s) == -1 || (fields = doc_fields_of(l, s)) == NULL)
		return -1;
	json_object_object_add(o, "fields", doc_table(fields));
	return 0;
}

/* One row per response: status, description, content_type, type, ref,
 * headers. */
static struct json_object *
responses_of(struct load *l, struct json_object *op, const char *id)
{
	struct json_object_iterator	 it, end, h, hend;
	struct json_object		*rs = doc_get(op, "responses"), *rows, *row;
	struct json_object		*r, *content, *s;
	struct buf			 b;
	const char			*st;

	if (!json_object_is_type(rs, json_type_object) ||
	    json_object_object_length(rs) == 0)
		return doc_fail(l, "%s: no responses", id), NULL;
	rows = json_object_new_array();
	it = json_object_iter_begin(rs);
	end = json_object_iter_end(rs);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		st = json_object_iter_peek_name(&it);
		if (strcmp(st, "default") != 0 && (strlen(st) != 3 ||
		    st[0] < '1' || st[0] > '5' || strspn(st, "0123456789X") != 3)) {
			doc_fail(l, "%s: response \"%s\" is not a status code", id, st);
			goto bad;
		}
		if (doc_resolve(l, json_object_iter_peek_value(&it), &r) == -1)
			goto bad;
		if (doc_get_str(r, "description") == NULL) {
			doc_fail(l, "%s: response %s has no description", id, st);
			goto bad;
		}
		row = json_object_new_object();
		json_object_array_add(rows, row);
		doc_put_str(row, "status", st);
		json_object_object_add(row, "error", json_object_new_boolean(
		    st[0] == '4' || st[0] == '5'));
		doc_put_str(row, "description", doc_get_str(r, "description"));
		content = doc_get(r, "content");
		s = NULL;
		if (json_object_is_type(content, json_type_object) &&
		    json_object_object_length(content) > 0) {
			h = json_object_iter_begin(content);
			doc_put_str(row, "content_type", json_object_iter_peek_name(&h));
			s = doc_get(json_object_iter_peek_value(&h), "schema");
		} else
			doc_put_str(row, "content_type", NULL);
		if (s != NULL && doc_put_schema(l, row, s) == -1)
			goto bad;
		if (s == NULL) {
			doc_put_str(row, "type", NULL);
			doc_put_str(row, "ref", NULL);
			json_object_object_add(row, "alts", NULL);
			doc_put_str(row, "limits", NULL);
		}
		buf_init(&b, NULL);
		if (json_object_is_type(content = doc_get(r, "headers"),
		    json_type_object)) {
			h = json_object_iter_begin(content);
			hend = json_object_iter_end(content);
			for (; !json_object_iter_equal(&h, &hend);
			    json_object_iter_next(&h))
				buf_printf(&b, "%s%s", b.len ? ", " : "",
				    json_object_iter_peek_name(&h));
		}
		doc_put_buf(row, "headers", &b);
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
	struct json_object	*roles = doc_get(op, "x-roles");
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
	doc_put_buf(row, "who", &b);
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

	if ((sec = doc_get(op, "security")) == NULL)
		sec = doc_get(l->root, "security");
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
	doc_put_buf(row, "security", &b);
}

/* The tag's page entry (name, description, operations), made on first use
 * and kept in the order tags are met. */
static struct json_object *
tag_entry(struct json_object *tags, struct json_object *order, const char *name,
    const char *description)
{
	struct json_object	*t;

	if ((t = doc_get(tags, name)) != NULL)
		return t;
	t = json_object_new_object();
	doc_put_str(t, "name", name);
	doc_put_str(t, "description", description);
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
	const char		*id = doc_get_str(op, "operationId"), *tag;
	char			 where[512], up[8];
	size_t			 i;

	snprintf(where, sizeof(where), "%s %s", method, path);
	if (!json_object_is_type(op, json_type_object))
		return doc_fail(l, "%s: not an object", where);
	if (id == NULL || id[0] == '\0')
		return doc_fail(l, "%s: no operationId", where);
	if (doc_get(l->ids, id) != NULL)
		return doc_fail(l, "%s: operationId %s is used twice", where, id);
	json_object_object_add(l->ids, id, json_object_new_boolean(1));
	if (doc_get_str(op, "summary") == NULL)
		return doc_fail(l, "%s: no summary", where);
	v = doc_get(op, "tags");
	v = json_object_is_type(v, json_type_array) &&
	    json_object_array_length(v) > 0 ? json_object_array_get_idx(v, 0) :
	    NULL;
	tag = json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "other";

	row = json_object_new_object();
	json_object_array_add(doc_get(tag_entry(tags, order, tag, NULL), "operations"),
	    row);
	for (i = 0; i < sizeof(up) - 1 && method[i]; i++)
		up[i] = (char)(method[i] >= 'a' && method[i] <= 'z' ?
		    method[i] - 'a' + 'A' : method[i]);
	up[i] = '\0';
	doc_put_str(row, "method", up);
	doc_put_str(row, "path", path);
	doc_put_str(row, "id", id);
	doc_put_str(row, "summary", doc_get_str(op, "summary"));
	doc_put_str(row, "description", doc_get_str(op, "description"));
	json_object_object_add(row, "deprecated", json_object_new_boolean(
	    json_object_get_boolean(doc_get(op, "deprecated"))));
	put_callers(op, row);
	put_security(l, op, row);
	if ((v = params_of(l, path, where, item, op)) == NULL)
		return -1;
	json_object_object_add(row, "params", doc_table(v));
	if (body_of(l, op, row) == -1)
		return -1;
	if ((v = responses_of(l, op, id)) == NULL)
		return -1;
	json_object_object_add(row, "responses", v);
	l->nops++;
	return 0;
}

/* Check the document and build the page's context. NULL after doc_fail(). */
static struct json_object *
build(struct load *l)
{
	struct json_object_iterator	 it, end, mi, mend;
	struct json_object		*root = l->root, *info, *paths, *item;
	struct json_object		*page, *tags, *order, *list, *t, *v;
	const char			*ver = doc_get_str(root, "openapi"), *path, *m;
	size_t				 i, k;

	if (!json_object_is_type(root, json_type_object))
		return doc_fail(l, "not a JSON object"), NULL;
	if (ver == NULL || strncmp(ver, "3.", 2) != 0)
		return doc_fail(l, "\"openapi\": expected a 3.x version"), NULL;
	info = doc_get(root, "info");
	if (doc_get_str(info, "title") == NULL || doc_get_str(info, "version") == NULL)
		return doc_fail(l, "\"info\" needs a title and a version"), NULL;
	paths = doc_get(root, "paths");
	if (!json_object_is_type(paths, json_type_object) ||
	    json_object_object_length(paths) == 0)
		return doc_fail(l, "\"paths\": expected an object of paths"), NULL;

	page = json_object_new_object();
	doc_put_str(page, "title", doc_get_str(info, "title"));
	doc_put_str(page, "version", doc_get_str(info, "version"));
	doc_put_str(page, "description", doc_get_str(info, "description"));
	tags = json_object_new_object();
	order = json_object_new_array();
	list = doc_get(root, "tags");
	for (i = 0; json_object_is_type(list, json_type_array) &&
	    i < json_object_array_length(list); i++) {
		t = json_object_array_get_idx(list, i);
		if (doc_get_str(t, "name") != NULL)
			tag_entry(tags, order, doc_get_str(t, "name"),
			    doc_get_str(t, "description"));
	}

	it = json_object_iter_begin(paths);
	end = json_object_iter_end(paths);
	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
		path = json_object_iter_peek_name(&it);
		if (path[0] != '/') {
			doc_fail(l, "path \"%s\" does not start with /", path);
			goto bad;
		}
		if (doc_resolve(l, json_object_iter_peek_value(&it), &item) == -1)
			goto bad;
		if (!json_object_is_type(item, json_type_object)) {
			doc_fail(l, "path %s: not an object", path);
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
		doc_fail(l, "no operations");
		goto bad;
	}

	/* Tags without operations are left out. */
	list = json_object_new_array();
	for (i = 0; i < json_object_array_length(order); i++) {
		t = json_object_array_get_idx(order, i);
		if (json_object_array_length(doc_get(t, "operations")) > 0)
			json_object_array_add(list, json_object_get(t));
	}
	json_object_object_add(page, "tags", list);
	json_object_object_add(page, "operations",
	    json_object_new_int(l->nops));
	if ((v = doc_schemas_of(l)) == NULL)
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

/* The file's bytes, NUL-terminated (free them), or NULL after doc_fail(). */
static char *
read_file(struct load *l, const char *path, size_t *len)
{
	struct stat	 st;
	FILE		*f;
	char		*p;
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL)
		return doc_fail(l, "%s", strerror(errno)), NULL;
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > DOC_MAX) {
		fclose(f);
		return doc_fail(l, "not a regular file of at most %ld bytes",
		    DOC_MAX), NULL;
	}
	if ((p = malloc((size_t)st.st_size + 1)) == NULL) {
		fclose(f);
		return doc_fail(l, "out of memory"), NULL;
	}
	n = fread(p, 1, (size_t)st.st_size, f);
	if (ferror(f) || n != (size_t)st.st_size) {
		fclose(f);
		free(p);
		return doc_fail(l, "read error"), NULL;
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
		return doc_fail(l, "too large"), NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, s, (int)n);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (i = 0; i < end && i < n; i++)
		line += s[i] == '\n';
	if (o == NULL || e != json_tokener_success) {
		json_object_put(o);
		return doc_fail(l, "invalid JSON at line %zu: %s", line, e ==
		    json_tokener_continue ? "unexpected end of file" :
		    json_tokener_error_desc(e)), NULL;
	}
	for (; end < n; end++)
		if (strchr(" \t\r\n", s[end]) == NULL) {
			json_object_put(o);
			return doc_fail(l, "text after the JSON value at line %zu",
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
		doc_fail(&l, "api_dir is too long");
	else if ((src = read_file(&l, path, &len)) != NULL &&
	    (l.root = parse(&l, src, len)) != NULL &&
	    (page = build(&l)) != NULL &&
	    (text = strdup(doc_json_str(l.root))) == NULL)
		doc_fail(&l, "out of memory");
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
