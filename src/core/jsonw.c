/* JSON text into a buffer. */
#include "autoconf.h"

#include <inttypes.h>
#include <string.h>

#include "core/buf.h"
#include "core/jsonw.h"

void
jsonw_str(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const char		*run;
	unsigned char		 c;
	char			 u[6] = { '\\', 'u', '0', '0', 0, 0 };

	if (s == NULL) {
		buf_add(b, "null", 4);
		return;
	}
	buf_putc(b, '"');
	for (run = s; (c = (unsigned char)*s) != '\0'; s++) {
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(b, run, (size_t)(s - run));
		run = s + 1;
		switch (c) {
		case '"':
			buf_add(b, "\\\"", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\n':
			buf_add(b, "\\n", 2);
			break;
		case '\r':
			buf_add(b, "\\r", 2);
			break;
		case '\t':
			buf_add(b, "\\t", 2);
			break;
		default:
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			buf_add(b, u, 6);
		}
	}
	buf_add(b, run, (size_t)(s - run));
	buf_putc(b, '"');
}

void
jsonw_key(struct buf *b, const char *key)
{
	buf_putc(b, '"');
	buf_puts(b, key);
	buf_add(b, "\":", 2);
}

void
jsonw_int(struct buf *b, int64_t v)
{
	buf_printf(b, "%" PRId64, v);
}

void
jsonw_tenths(struct buf *b, int64_t t, int64_t null_value)
{
	if (t == null_value) {
		buf_add(b, "null", 4);
		return;
	}
	if (t < 0) {
		buf_putc(b, '-');
		t = -t;
	}
	buf_printf(b, "%" PRId64 ".%" PRId64, t / 10, t % 10);
}
