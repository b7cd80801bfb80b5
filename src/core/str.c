/* Slices, bounded parsing, URL decoding and key=value lists. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"

int
slice_eq(struct slice s, const char *z)
{
	size_t	 n = strlen(z);

	return s.len == n && memcmp(s.p, z, n) == 0;
}

int
slice_split(struct slice *s, char c, struct slice *head)
{
	const char	*q;

	head->p = s->p;
	if ((q = memchr(s->p, c, s->len)) == NULL) {
		head->len = s->len;
		s->p += s->len;
		s->len = 0;
		return -1;
	}
	head->len = (size_t)(q - s->p);
	s->len -= head->len + 1;
	s->p = q + 1;
	return 0;
}

struct slice
slice_trim(struct slice s)
{
	while (s.len && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.len--;
	}
	while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
		s.len--;
	return s;
}

int
str_to_i64(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
	uint64_t	 v = 0, lim;
	size_t		 i = 0;
	int		 neg = 0;

	if (n && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == n || n - i > 19)
		return -1;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (lim - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (neg) {
		if (v == (uint64_t)INT64_MAX + 1) {
			if (min > INT64_MIN)
				return -1;
			*out = INT64_MIN;
			return 0;
		}
		if (-(int64_t)v < min)
			return -1;
		*out = -(int64_t)v;
		return 0;
	}
	if ((int64_t)v > max || (int64_t)v < min)
		return -1;
	*out = (int64_t)v;
	return 0;
}

int
str_ct_eq(const void *a, const void *b, size_t n)
{
	const unsigned char	*x = a, *y = b;
	unsigned char		 d = 0;
	size_t			 i;

	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
str_url_decode(struct arena *a, const char *s, size_t n, int form)
{
	char	*out, *o;
	size_t	 i;
	int	 hi, lo;

	if ((out = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	for (i = 0, o = out; i < n; i++) {
		if (s[i] == '%') {
			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0 || (hi | lo) == 0)
				return NULL;
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else if (s[i] == '+' && form)
			*o++ = ' ';
		else if (s[i] == '\0')
			return NULL;
		else
			*o++ = s[i];
	}
	*o = '\0';
	return str_utf8_chars(out) < 0 ? NULL : out;
}

static int
parse_pairs(struct arena *a, const char *s, size_t n, size_t max,
    struct kvlist *l, char sep, int cookie)
{
	struct slice	 rest = { s, n }, item, key;
	size_t		 count = 1, i;

	l->v = NULL;
	l->n = 0;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		count += s[i] == sep;
	if (count > max)
		return -1;
	if ((l->v = arena_alloc(a, count * sizeof(*l->v))) == NULL)
		return -1;
	while (rest.len) {
		slice_split(&rest, sep, &item);
		if (cookie)
			item = slice_trim(item);
		if (item.len == 0)
			continue;
		if (slice_split(&item, '=', &key) == -1)
			item.len = 0;	/* "flag" alone: empty value */
		if (cookie) {
			key = slice_trim(key);
			l->v[l->n].key = arena_strndup(a, key.p, key.len);
			l->v[l->n].val = arena_strndup(a, item.p, item.len);
			if (l->v[l->n].key == NULL || l->v[l->n].val == NULL ||
			    memchr(item.p, '\0', item.len) != NULL)
				goto fail;
		} else {
			l->v[l->n].key = str_url_decode(a, key.p, key.len, 1);
			l->v[l->n].val = str_url_decode(a, item.p, item.len, 1);
			if (l->v[l->n].key == NULL || l->v[l->n].val == NULL)
				goto fail;
		}
		l->n++;
	}
	return 0;
fail:
	l->n = 0;
	return -1;
}

int
str_parse_query(struct arena *a, const char *s, size_t n, size_t max,
    struct kvlist *l)
{
	return parse_pairs(a, s, n, max, l, '&', 0);
}

int
str_parse_cookies(struct arena *a, const char *s, size_t n, size_t max,
    struct kvlist *l)
{
	return parse_pairs(a, s, n, max, l, ';', 1);
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

char *
str_trim_dup(struct arena *a, const char *s)
{
	struct slice	 t = { s, strlen(s) };

	while (t.len && strchr(" \t\r\n", t.p[0]) != NULL) {
		t.p++;
		t.len--;
	}
	while (t.len && strchr(" \t\r\n", t.p[t.len - 1]) != NULL)
		t.len--;
	return arena_strndup(a, t.p, t.len);
}

int
str_utf8_max(const char *s, long max)
{
	long	 n = str_utf8_chars(s);

	return n >= 0 && n <= max;
}

long
str_utf8_chars(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 c, min;
	long			 n = 0;
	int			 more;

	while (*p) {
		c = *p++;
		if (c < 0x80)
			more = 0, min = 0;
		else if ((c & 0xE0) == 0xC0)
			more = 1, min = 0x80, c &= 0x1F;
		else if ((c & 0xF0) == 0xE0)
			more = 2, min = 0x800, c &= 0x0F;
		else if ((c & 0xF8) == 0xF0)
			more = 3, min = 0x10000, c &= 0x07;
		else
			return -1;
		for (; more > 0; more--, p++) {
			if ((*p & 0xC0) != 0x80)
				return -1;
			c = c << 6 | (*p & 0x3Fu);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return -1;
		n++;
	}
	return n;
}

uint64_t
str_hash(const char *s)
{
	uint64_t	 h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}
