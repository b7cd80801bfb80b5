/* CSV writing: RFC 4180, UTF-8 BOM, formula-injection guard. */
#include "autoconf.h"

#include <inttypes.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/table.h"

void
csv_text(struct buf *b, const char *s)
{
	const char	*p;
	int		 guard, quote;

	if (s == NULL)
		return;
	guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';
	quote = strpbrk(s, "\",\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	if (!quote) {
		buf_puts(b, s);
		return;
	}
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

static void
cell(struct buf *b, const struct cell *c)
{
	int64_t	 t;

	switch (c->kind) {
	case CELL_EMPTY:
		break;
	case CELL_TEXT:
		csv_text(b, c->s);
		break;
	case CELL_INT:
		buf_printf(b, "%" PRId64, c->i);
		break;
	case CELL_TENTHS:
		t = c->i;
		if (t < 0) {
			buf_putc(b, '-');
			t = -t;
		}
		buf_printf(b, "%" PRId64 ".%" PRId64, t / 10, t % 10);
		break;
	}
}

int
csv_table(struct buf *b, const struct table *t)
{
	size_t	 r, c;

	buf_add(b, "\xef\xbb\xbf", 3);
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			buf_putc(b, ',');
		csv_text(b, t->headers[c]);
	}
	buf_add(b, "\r\n", 2);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c > 0)
				buf_putc(b, ',');
			cell(b, &t->cells[r * t->ncols + c]);
		}
		buf_add(b, "\r\n", 2);
	}
	return b->err ? -1 : 0;
}
