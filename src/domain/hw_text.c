/* Typed answers against homework keys: norm(), folding, alternatives. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "domain/hw_text.h"

#define LOOSE_MIN	4	/* characters an alternative needs for "loose" */

/* The code point at *s and its length; a byte that does not start valid
 * UTF-8 is returned as itself with length 1. */
static size_t
next_cp(const unsigned char *s, uint32_t *cp)
{
	uint32_t	 c = s[0], min;
	size_t		 n, i;

	if (c < 0x80)
		return *cp = c, 1;
	if ((c & 0xE0) == 0xC0)
		n = 2, min = 0x80, c &= 0x1F;
	else if ((c & 0xF0) == 0xE0)
		n = 3, min = 0x800, c &= 0x0F;
	else if ((c & 0xF8) == 0xF0)
		n = 4, min = 0x10000, c &= 0x07;
	else
		return *cp = s[0], 1;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return *cp = s[0], 1;
		c = c << 6 | (s[i] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return *cp = s[0], 1;
	*cp = c;
	return n;
}

static void
put_cp(struct buf *b, uint32_t c)
{
	char	 o[4];

	if (c < 0x80)
		buf_putc(b, (char)c);
	else if (c < 0x800) {
		o[0] = (char)(0xC0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3F));
		buf_add(b, o, 2);
	} else if (c < 0x10000) {
		o[0] = (char)(0xE0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		buf_add(b, o, 3);
	} else {
		o[0] = (char)(0xF0 | c >> 18);
		o[1] = (char)(0x80 | (c >> 12 & 0x3F));
		o[2] = (char)(0x80 | (c >> 6 & 0x3F));
		o[3] = (char)(0x80 | (c & 0x3F));
		buf_add(b, o, 4);
	}
}

uint32_t
hw_text_fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xC0)
		return c;
	if (c <= 0xDE)				/* Latin-1: À..Þ but × */
		return c == 0xD7 ? c : c + 32;
	if (c >= 0x100 && c <= 0x17F) {		/* Latin Extended-A */
		if (c == 0x130)			/* İ */
			return 'i';
		if (c == 0x178)			/* Ÿ */
			return 0xFF;
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return c & 1 ? c + 1 : c;
		if (c == 0x138 || c == 0x149 || c == 0x17F)
			return c;
		return c & 1 ? c : c + 1;
	}
	if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)	/* Greek */
		return c + 32;
	if (c == 0x386)
		return 0x3AC;
	if (c >= 0x388 && c <= 0x38A)
		return c + 37;
	if (c == 0x38C)
		return 0x3CC;
	if (c == 0x38E || c == 0x38F)
		return c + 63;
	if (c >= 0x400 && c <= 0x40F)		/* Ѐ..Џ, Ё among them */
		return c + 80;
	if (c >= 0x410 && c <= 0x42F)		/* А..Я */
		return c + 32;
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) ||
	    (c >= 0x4D0 && c <= 0x52F))
		return c & 1 ? c : c + 1;
	if (c == 0x4C0)
		return 0x4CF;
	if (c >= 0x4C1 && c <= 0x4CE)
		return c & 1 ? c + 1 : c;
	return c;
}

int
hw_text_space(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 ||
	    c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
	    c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
	    c == 0x3000 || c == 0xFEFF;
}

static int
digit(char c)
{
	return c >= '0' && c <= '9';
}

char *
hw_text_norm(struct arena *a, const char *s, int case_sensitive)
{
	const unsigned char	*p = (const unsigned char *)s;
	struct buf		 b;
	uint32_t		 c;
	size_t			 i, n;
	int			 pending = 0;

	buf_init(&b, a);
	buf_puts(&b, "");
	while (*p != '\0') {
		if ((n = next_cp(p, &c)) == 1 && *p >= 0x80) {
			/* Not UTF-8: the byte as it is. */
			if (pending)
				buf_putc(&b, ' ');
			pending = 0;
			buf_putc(&b, (char)*p++);
			continue;
		}
		p += n;
		if (hw_text_space(c)) {
			pending = b.len > 0;
			continue;
		}
		if (pending)
			buf_putc(&b, ' ');
		pending = 0;
		put_cp(&b, case_sensitive ? c : hw_text_fold(c));
	}
	if (b.err)
		return NULL;
	for (i = 1; i + 1 < b.len; i++)
		if (b.p[i] == ',' && digit(b.p[i - 1]) && digit(b.p[i + 1]))
			b.p[i] = '.';
	return arena_strndup(a, b.len ? b.p : "", b.len);
}

/* The number of code points of s. */
static size_t
count_cps(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 n = 0;

	for (; *p != '\0'; n++)
		p += next_cp(p, &c);
	return n;
}

/* s past one code point. */
static const char *
skip_cp(const char *s)
{
	uint32_t	 c;

	return *s == '\0' ? s : s + next_cp((const unsigned char *)s, &c);
}

int
hw_text_edit1(const char *a, const char *b)
{
	size_t		 na = count_cps(a), nb = count_cps(b), la, lb;
	uint32_t	 ca, cb, ca2, cb2;

	if (na > nb + 1 || nb > na + 1)
		return 0;
	/* Past the common beginning. */
	for (;;) {
		if (*a == '\0' || *b == '\0')
			break;
		la = next_cp((const unsigned char *)a, &ca);
		lb = next_cp((const unsigned char *)b, &cb);
		if (ca != cb)
			break;
		a += la;
		b += lb;
	}
	if (na > nb)		/* one character more in a */
		return strcmp(skip_cp(a), b) == 0;
	if (nb > na)
		return strcmp(a, skip_cp(b)) == 0;
	if (*a == '\0')
		return 1;
	/* Two neighbours swapped, or one substituted. */
	next_cp((const unsigned char *)a, &ca);
	next_cp((const unsigned char *)b, &cb);
	if (*skip_cp(a) != '\0' && *skip_cp(b) != '\0') {
		next_cp((const unsigned char *)skip_cp(a), &ca2);
		next_cp((const unsigned char *)skip_cp(b), &cb2);
		if (ca == cb2 && ca2 == cb &&
		    strcmp(skip_cp(skip_cp(a)), skip_cp(skip_cp(b))) == 0)
			return 1;
	}
	return strcmp(skip_cp(a), skip_cp(b)) == 0;
}

/* The next alternative of a key, "\|" unescaped; *s moves past it and its
 * '|', or becomes NULL after the last one. */
static char *
alternative(struct arena *a, const char **s)
{
	struct buf	 b;
	const char	*p = *s;

	buf_init(&b, a);
	buf_puts(&b, "");
	for (; *p != '\0' && *p != '|'; p++) {
		if (p[0] == '\\' && p[1] == '|')
			p++;
		buf_putc(&b, *p);
	}
	*s = *p == '|' ? p + 1 : NULL;
	return b.err ? NULL : arena_strndup(a, b.len ? b.p : "", b.len);
}

int
hw_text_match(struct arena *a, const char *key, const char *answer,
    int case_sensitive, int loose)
{
	const char	*s = key, *alt, *na, *nk;

	if ((na = hw_text_norm(a, answer, case_sensitive)) == NULL)
		return -1;
	while (s != NULL) {
		if ((alt = alternative(a, &s)) == NULL ||
		    (nk = hw_text_norm(a, alt, case_sensitive)) == NULL)
			return -1;
		if (*nk == '\0')
			continue;
		if (strcmp(nk, na) == 0)
			return 1;
		if (loose && count_cps(nk) >= LOOSE_MIN && hw_text_edit1(nk, na))
			return 1;
	}
	return 0;
}
