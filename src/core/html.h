/* THE escaping choke point: the only code that puts text into HTML.
 * Each function appends s (n bytes) to the buffer escaped for one context
 * and returns 0, or -1 when the buffer failed (sticky b->err). */
#ifndef CORE_HTML_H
#define CORE_HTML_H

#include <stddef.h>

struct buf;

/* Element text and quoted attribute values: & < > " ' ` = escaped. */
int	 html_text(struct buf *, const char *s, size_t n);
/* A value inside a quoted attribute (same set as html_text). */
int	 html_attr(struct buf *, const char *s, size_t n);
/* One query-string argument: everything but A-Z a-z 0-9 - _ . ~ is %XX. */
int	 html_url_arg(struct buf *, const char *s, size_t n);
/* The inside of a JavaScript string literal in a <script> block:
 * quotes, backslash, < > &, controls and U+2028/2029 become \uXXXX. */
int	 html_js_string(struct buf *, const char *s, size_t n);

#endif
