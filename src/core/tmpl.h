/* Logic-less templates (a Mustache subset), compiled once per worker.
 *
 *   {{name}}        value, HTML-escaped (dotted names: a.b.c; {{.}} = current)
 *   {{{name}}}      value, raw: only for HTML the server built itself
 *   {{#name}}..{{/name}}  array: once per element; object: once, with it
 *                   as the innermost context; true/non-empty/non-zero: once
 *   {{^name}}..{{/name}}  once when name is missing, null, false, "", 0 or []
 *   {{>path}}       partial: another template of the set, e.g. partials/nav
 *   {{! comment}}
 * Names resolve from the innermost context outwards. Numbers and booleans
 * print as JSON does; objects and arrays print nothing. */
#ifndef CORE_TMPL_H
#define CORE_TMPL_H

#include <stddef.h>

struct buf;
struct json_object;
struct tmpl_set;

struct tmpl_set	*tmpl_set_new(void);
void		 tmpl_set_free(struct tmpl_set *);
/* Compile src under name (e.g. "errors/error"). -1 with "name:line: why"
 * in err on a syntax error (unclosed tag or section, mismatched end). */
int		 tmpl_add(struct tmpl_set *, const char *name, const char *src,
		    size_t len, char *err, size_t errlen);
/* Every .html file under dir, named by its path less ".html", then tmpl_check.
 * NULL with the reason in err. */
struct tmpl_set	*tmpl_load_dir(const char *dir, char *err, size_t errlen);
/* Every partial named by a template exists. -1 naming the first missing. */
int		 tmpl_check(const struct tmpl_set *, char *err, size_t errlen);
int		 tmpl_has(const struct tmpl_set *, const char *name);
/* Render name with ctx (may be NULL) appended to out. -1 if the template
 * is unknown, partials nest deeper than 16, or the buffer failed. */
int		 tmpl_render(const struct tmpl_set *, const char *name,
		    struct json_object *ctx, struct buf *out);

#endif
