/* JSON text into a buffer. */
#include "autoconf.h"

#include <inttypes.h>
#include <string.h>

#include "core/buf.h"
#include "core/dt.h"
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

/* The decimal digits of v into the end of d[24]; returns where they
 * begin. No printf: the journal writes thousands of them. */
static char *
digits(char d[24], int64_t v)
{
	uint64_t	 u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char		*p = d + 24;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	return p;
}

void
jsonw_int(struct buf *b, int64_t v)
{
	char	 d[24], *p = digits(d, v);

	buf_add(b, p, (size_t)(d + 24 - p));
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
	jsonw_int(b, t / 10);
	buf_putc(b, '.');
	buf_putc(b, (char)('0' + t % 10));
}

void
jsonw_pair_key(struct buf *b, int64_t x, int64_t y)
{
	buf_putc(b, '"');
	jsonw_int(b, x);
	buf_putc(b, '_');
	jsonw_int(b, y);
	buf_add(b, "\":", 2);
}

/* n digits of v, zero-padded. */
static void
pad(char *p, int64_t v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
jsonw_time(struct buf *b, int64_t us)
{
	int64_t	 secs, frac, days, sod, y, m, d;
	char	 t[30];
	size_t	 n = 20;

	/* Years 0000 to 9999 only (from -62167219200 s, before 253402300800). */
	if (us < -62167219200LL * 1000000 || us >= 253402300800LL * 1000000) {
		buf_add(b, "null", 4);
		return;
	}
	secs = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
	frac = us - secs * 1000000;
	days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
	sod = secs - days * 86400;
	dt_civil_from_days(days, &y, &m, &d);
	memcpy(t, "\"0000-00-00T00:00:00", 20);
	pad(t + 1, y, 4);
	pad(t + 6, m, 2);
	pad(t + 9, d, 2);
	pad(t + 12, sod / 3600, 2);
	pad(t + 15, sod / 60 % 60, 2);
	pad(t + 18, sod % 60, 2);
	if (frac != 0) {
		t[n++] = '.';
		pad(t + n, frac, 6);
		n += 6;
	}
	t[n++] = 'Z';
	t[n++] = '"';
	buf_add(b, t, n);
}
