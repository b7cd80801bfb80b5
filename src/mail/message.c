/* Composing emails: headers, encoded subject, base64 body. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "crypto/b64.h"
#include "crypto/rand.h"
#include "mail/message.h"

#define ADDR_MAX	254
#define WORD_BYTES	45	/* 60 base64 characters: an encoded word <= 75 */
#define LINE_BYTES	57	/* 76 base64 characters a line */

const char *
mail_address(struct arena *a, const char *s)
{
	const char	*lt, *gt, *at;
	size_t		 n, i;

	if (s == NULL)
		return NULL;
	if ((lt = strchr(s, '<')) != NULL) {
		if ((gt = strchr(lt, '>')) == NULL || gt[1] != '\0')
			return NULL;
		s = lt + 1;
		n = (size_t)(gt - s);
	} else
		n = strlen(s);
	if (n == 0 || n > ADDR_MAX)
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '<' ||
		    s[i] == '>' || s[i] == '"' || s[i] == ',' || s[i] == ';')
			return NULL;
	at = memchr(s, '@', n);
	if (at == NULL || at == s || at == s + n - 1 ||
	    memchr(at + 1, '@', (size_t)(s + n - at - 1)) != NULL)
		return NULL;
	return arena_strndup(a, s, n);
}

/* The From header's text: no line breaks or control characters. */
static int
header_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < ' ' || *s == 0x7f)
			return 0;
	return 1;
}

static void
b64(struct buf *b, const char *p, size_t n)
{
	char	 out[4 * ((LINE_BYTES + 2) / 3) + 1];

	if (b64_encode(p, n, out, sizeof(out), 0) == 0)
		buf_puts(b, out);
	else
		b->err = 1;
}

/* A chunk of at most max bytes of s that does not cut a UTF-8 sequence. */
static size_t
utf8_chunk(const char *s, size_t n, size_t max)
{
	size_t	 k;

	if (n <= max)
		return n;
	for (k = max; k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80; k--)
		;
	return k > 0 ? k : max;
}

static void
subject(struct buf *b, const char *s)
{
	size_t	 n = strlen(s), k;
	int	 first = 1;

	buf_puts(b, "Subject:");
	do {
		k = utf8_chunk(s, n, WORD_BYTES);
		buf_puts(b, first ? " =?UTF-8?B?" : "\r\n =?UTF-8?B?");
		b64(b, s, k);
		buf_puts(b, "?=");
		s += k;
		n -= k;
		first = 0;
	} while (n > 0);
	buf_puts(b, "\r\n");
}

char *
mail_message(struct arena *a, const struct mail_msg *m)
{
	struct buf	 b, crlf;
	const char	*from, *to, *domain, *p;
	char		 date[64], id[33];
	struct tm	 tm;
	time_t		 t = (time_t)m->date;
	size_t		 n, k;

	if (!header_ok(m->from) || (from = mail_address(a, m->from)) == NULL ||
	    (to = mail_address(a, m->to)) == NULL || strcmp(to, m->to) != 0)
		return NULL;
	domain = strchr(from, '@') + 1;
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm) == 0)
		return NULL;
	rand_hex(id, 16);
	buf_init(&b, a);
	buf_printf(&b, "Date: %s\r\nFrom: %s\r\nTo: <%s>\r\n", date, m->from, to);
	subject(&b, m->subject);
	buf_printf(&b, "Message-ID: <%s@%s>\r\n", id, domain);
	buf_puts(&b, "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n");
	/* The text with CRLF line ends, then base64 in lines of 76. */
	buf_init(&crlf, a);
	for (p = m->text; *p; p++) {
		if (*p == '\n' && (p == m->text || p[-1] != '\r'))
			buf_putc(&crlf, '\r');
		buf_putc(&crlf, *p);
	}
	p = buf_str(&crlf);
	for (n = crlf.err ? 0 : crlf.len; n > 0; n -= k, p += k) {
		k = n < LINE_BYTES ? n : LINE_BYTES;
		b64(&b, p, k);
		buf_puts(&b, "\r\n");
	}
	return crlf.err || b.err ? NULL : (char *)buf_str(&b);
}
