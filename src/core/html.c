/* The escaping choke point: text, attribute, URL-argument and JS-string contexts. */
#include "autoconf.h"

#include <stddef.h>
#include <string.h>

#include "core/buf.h"
#include "core/html.h"

static const char hex[] = "0123456789ABCDEF";

/* The entity for c in element text and attribute values, or NULL. */
static const char *
entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '`':
		return "&#96;";
	case '=':
		return "&#61;";
	default:
		return NULL;
	}
}

/* Copies runs of safe bytes in one go; NUL bytes are dropped. */
static int
entities(struct buf *b, const char *s, size_t n)
{
	const char	*e;
	size_t		 i, run = 0;

	for (i = 0; i < n; i++) {
		e = entity((unsigned char)s[i]);
		if (e == NULL && s[i] != '\0')
			continue;
		if (i > run)
			buf_add(b, s + run, i - run);
		if (e != NULL)
			buf_puts(b, e);
		run = i + 1;
	}
	if (n > run)
		buf_add(b, s + run, n - run);
	return b->err ? -1 : 0;
}

int
html_text(struct buf *b, const char *s, size_t n)
{
	return entities(b, s, n);
}

int
html_attr(struct buf *b, const char *s, size_t n)
{
	return entities(b, s, n);
}

static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == '~';
}

int
html_url_arg(struct buf *b, const char *s, size_t n)
{
	unsigned char	 c;
	char		 pct[3];
	size_t		 i, run = 0;

	pct[0] = '%';
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (unreserved(c))
			continue;
		if (i > run)
			buf_add(b, s + run, i - run);
		if (c != '\0') {
			pct[1] = hex[c >> 4];
			pct[2] = hex[c & 0xf];
			buf_add(b, pct, sizeof(pct));
		}
		run = i + 1;
	}
	if (n > run)
		buf_add(b, s + run, n - run);
	return b->err ? -1 : 0;
}

static void
js_escape(struct buf *b, unsigned int cp)
{
	char	 u[6];

	u[0] = '\\';
	u[1] = 'u';
	u[2] = hex[(cp >> 12) & 0xf];
	u[3] = hex[(cp >> 8) & 0xf];
	u[4] = hex[(cp >> 4) & 0xf];
	u[5] = hex[cp & 0xf];
	buf_add(b, u, sizeof(u));
}

int
html_js_string(struct buf *b, const char *s, size_t n)
{
	unsigned char	 c;
	size_t		 i, run = 0, skip;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		skip = 1;
		if (c == 0xe2 && n - i >= 3 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xa8 ||
		    (unsigned char)s[i + 2] == 0xa9))
			skip = 3;	/* U+2028, U+2029: line ends to JS */
		else if (c >= 0x20 && c != 0x7f && c != '"' && c != '\'' &&
		    c != '\\' && c != '<' && c != '>' && c != '&' && c != '/')
			continue;
		if (i > run)
			buf_add(b, s + run, i - run);
		if (skip == 3)
			js_escape(b, 0x2028 + ((unsigned char)s[i + 2] - 0xa8));
		else if (c != '\0')
			js_escape(b, c);
		i += skip - 1;
		run = i + 1;
	}
	if (n > run)
		buf_add(b, s + run, n - run);
	return b->err ? -1 : 0;
}
