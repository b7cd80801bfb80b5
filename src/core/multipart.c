/* multipart/form-data, streamed from a reader through one bounded buffer. */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/multipart.h"

#define BUF_SIZE	65536
#define BOUNDARY_MAX	70
#define PADDING_MAX	256	/* blanks after a boundary */

struct in {
	mp_read_fn	 read;
	void		*ctx;
	char		*buf;
	size_t		 pos, len;
	int		 eof;
	char		 delim[4 + BOUNDARY_MAX + 1];	/* CRLF "--" boundary */
	size_t		 dlen;
};

/* Where a part's content goes. */
struct sink {
	enum { SINK_DROP, SINK_FIELD, SINK_FILE } kind;
	size_t			 max;		/* SINK_DROP: bytes allowed */
	size_t			 n;
	char			*field;
	struct mp_file		*file;
	const struct mp_opts	*o;
};

/* Make n unread bytes available if the body has them (at most BUF_SIZE):
 * the number available, or -1 when the reader failed. */
static long
fill(struct in *in, size_t n)
{
	long	 got;

	if (n > BUF_SIZE)
		n = BUF_SIZE;
	while (in->len - in->pos < n && !in->eof) {
		if (in->pos > 0) {
			memmove(in->buf, in->buf + in->pos, in->len - in->pos);
			in->len -= in->pos;
			in->pos = 0;
		}
		got = in->read(in->ctx, in->buf + in->len, BUF_SIZE - in->len);
		if (got < 0 || (size_t)got > BUF_SIZE - in->len)
			return -1;
		if (got == 0)
			in->eof = 1;
		in->len += (size_t)got;
	}
	return (long)(in->len - in->pos);
}

static enum mp_err
write_all(struct mp_file *f, const char *p, size_t n)
{
	ssize_t	 w;

	while (n > 0) {
		if ((w = write(f->fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return MP_TEMP;
		}
		p += w;
		n -= (size_t)w;
	}
	return MP_OK;
}

static enum mp_err
emit(struct sink *s, const char *p, size_t n)
{
	if (n == 0)
		return MP_OK;
	switch (s->kind) {
	case SINK_DROP:
		if (s->max > 0 && s->n + n > s->max)
			return MP_MALFORMED;
		s->n += n;
		return MP_OK;
	case SINK_FIELD:
		if (s->n + n > MP_FIELD_MAX)
			return MP_FIELD_TOO_LARGE;
		if (memchr(p, '\0', n) != NULL)
			return MP_MALFORMED;
		memcpy(s->field + s->n, p, n);
		s->n += n;
		return MP_OK;
	case SINK_FILE:
		if (s->file->size + (int64_t)n > s->o->file_max)
			return MP_FILE_TOO_LARGE;
		s->file->size += (int64_t)n;
		if (s->o->tap != NULL)
			s->o->tap(s->o->tap_ctx, p, n);
		return write_all(s->file, p, n);
	}
	return MP_MALFORMED;
}

/* Pass what comes before the next delimiter to s and consume the
 * delimiter; a body that ends first is malformed. */
static enum mp_err
content(struct in *in, struct sink *s)
{
	const char	*hit;
	size_t		 avail, n;
	enum mp_err	 e;

	for (;;) {
		if (fill(in, in->dlen) < 0)
			return MP_READ;
		avail = in->len - in->pos;
		if ((hit = memmem(in->buf + in->pos, avail, in->delim,
		    in->dlen)) != NULL) {
			n = (size_t)(hit - (in->buf + in->pos));
			if ((e = emit(s, in->buf + in->pos, n)) != MP_OK)
				return e;
			in->pos += n + in->dlen;
			return MP_OK;
		}
		if (in->eof)
			return MP_MALFORMED;
		/* Keep what could be the start of a delimiter. */
		n = avail - (in->dlen - 1);
		if ((e = emit(s, in->buf + in->pos, n)) != MP_OK)
			return e;
		in->pos += n;
	}
}

/* After a delimiter: 1 at the closing one ("--"), 0 when a part follows
 * (its header block starts at the CRLF left unread), or -1 (*e). */
static int
after_delimiter(struct in *in, enum mp_err *e)
{
	size_t	 pad = 0;

	for (;;) {
		if (fill(in, 2) < 0) {
			*e = MP_READ;
			return -1;
		}
		if (in->len - in->pos < 2) {
			*e = MP_MALFORMED;
			return -1;
		}
		if (pad == 0 && in->buf[in->pos] == '-' &&
		    in->buf[in->pos + 1] == '-')
			return 1;
		if (in->buf[in->pos] == '\r' && in->buf[in->pos + 1] == '\n')
			return 0;
		if ((in->buf[in->pos] != ' ' && in->buf[in->pos] != '\t') ||
		    ++pad > PADDING_MAX) {
			*e = MP_MALFORMED;
			return -1;
		}
		in->pos++;
	}
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

static const char *
skip_blanks(const char *s)
{
	while (blank(*s))
		s++;
	return s;
}

/* The next ";name=value" parameter of a header value at *s: 1 with *name
 * and *value (copies in the arena), 0 at the end, -1 if malformed or out
 * of memory. A quoted value may escape '"' and '\' with a backslash (RFC
 * 2045; curl does); any other backslash is kept, as browsers send them
 * unescaped (HTML's form encoding). */
static int
next_param(struct arena *a, const char **s, char **name, char **value)
{
	const char	*p = skip_blanks(*s), *start;
	char		*w;

	if (*p == '\0')
		return 0;
	if (*p != ';')
		return -1;
	p = skip_blanks(p + 1);
	if (*p == '\0')			/* a trailing ';' */
		return 0;
	for (start = p; *p != '\0' && *p != '=' && *p != ';' && !blank(*p) &&
	    *p != '"'; p++)
		;
	if (p == start || (*name = arena_strndup(a, start,
	    (size_t)(p - start))) == NULL)
		return -1;
	p = skip_blanks(p);
	if (*p != '=')
		return -1;
	p = skip_blanks(p + 1);
	if (*p == '"') {
		/* The unescaped value is never longer than the quoted one. */
		if ((*value = w = arena_alloc(a, strlen(p))) == NULL)
			return -1;
		for (p++; *p != '"'; *w++ = *p++) {
			if (*p == '\0')
				return -1;
			if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
				p++;
		}
		*w = '\0';
		p++;
	} else {
		for (start = p; *p != '\0' && *p != ';' && !blank(*p) &&
		    *p != '"'; p++)
			;
		if ((*value = arena_strndup(a, start, (size_t)(p - start))) ==
		    NULL)
			return -1;
	}
	p = skip_blanks(p);
	if (*p != '\0' && *p != ';')
		return -1;
	*s = p;
	return 1;
}

/* Whether the media type at the start of v (before any ';') is t. */
static int
media_type_is(const char *v, const char *t)
{
	size_t	 n = strlen(t);

	v = skip_blanks(v);
	return strncasecmp(v, t, n) == 0 &&
	    (v[n] == '\0' || v[n] == ';' || blank(v[n]));
}

/* RFC 2046 bchars. */
static int
boundary_ok(const char *b)
{
	size_t	 n = strlen(b), i;

	if (n == 0 || n > BOUNDARY_MAX || b[n - 1] == ' ')
		return 0;
	for (i = 0; i < n; i++)
		if (!((b[i] >= '0' && b[i] <= '9') || (b[i] >= 'a' &&
		    b[i] <= 'z') || (b[i] >= 'A' && b[i] <= 'Z') ||
		    strchr("'()+_,-./:=? ", b[i]) != NULL))
			return 0;
	return 1;
}

static enum mp_err
boundary(struct arena *a, const char *ctype, struct in *in)
{
	const char	*p = skip_blanks(ctype);
	char		*name, *value;
	int		 rc;

	if (!media_type_is(p, "multipart/form-data"))
		return MP_NOT_MULTIPART;
	p += strcspn(p, ";");
	while ((rc = next_param(a, &p, &name, &value)) == 1)
		if (strcasecmp(name, "boundary") == 0) {
			if (!boundary_ok(value))
				return MP_BAD_BOUNDARY;
			in->dlen = (size_t)snprintf(in->delim, sizeof(in->delim),
			    "\r\n--%s", value);
			return MP_OK;
		}
	return a->overflow ? MP_NO_MEMORY : MP_BAD_BOUNDARY;
}

/* The header lines of one part. */
struct part {
	const char	*name, *filename, *content_type;
};

static enum mp_err
disposition(struct arena *a, const char *v, struct part *pt)
{
	char	*name, *value;
	int	 rc;

	v = skip_blanks(v);
	if (strncasecmp(v, "form-data", 9) != 0)
		return MP_MALFORMED;
	v += 9;
	while ((rc = next_param(a, &v, &name, &value)) == 1) {
		if (strcasecmp(name, "name") == 0 && pt->name == NULL)
			pt->name = value;
		else if (strcasecmp(name, "filename") == 0 &&
		    pt->filename == NULL)
			pt->filename = value;
	}
	if (rc == -1)
		return a->overflow ? MP_NO_MEMORY : MP_MALFORMED;
	return MP_OK;
}

/* Read a part's header block (CRLF, lines, CRLF CRLF) into *pt. */
static enum mp_err
headers(struct arena *a, struct in *in, struct part *pt)
{
	const char	*hit, *line, *end, *colon;
	char		*v;
	size_t		 n;
	long		 avail;
	enum mp_err	 e;

	memset(pt, 0, sizeof(*pt));
	if ((avail = fill(in, MP_HEADER_MAX + 4)) < 0)
		return MP_READ;
	if (avail > MP_HEADER_MAX + 4)
		avail = MP_HEADER_MAX + 4;
	if ((hit = memmem(in->buf + in->pos, (size_t)avail, "\r\n\r\n", 4)) ==
	    NULL)
		return avail == MP_HEADER_MAX + 4 ? MP_HEADER_TOO_LARGE :
		    MP_MALFORMED;
	line = in->buf + in->pos + 2;
	end = hit;
	in->pos = (size_t)(hit + 4 - in->buf);
	while (line < end) {
		n = (size_t)((const char *)memmem(line, (size_t)(end - line) + 2,
		    "\r\n", 2) - line);
		if (memchr(line, '\0', n) != NULL || memchr(line, '\r', n) != NULL ||
		    memchr(line, '\n', n) != NULL || n == 0 || blank(*line) ||
		    (colon = memchr(line, ':', n)) == NULL)
			return MP_MALFORMED;
		if ((v = arena_strndup(a, colon + 1,
		    (size_t)(line + n - colon - 1))) == NULL)
			return MP_NO_MEMORY;
		if ((size_t)(colon - line) == 19 &&
		    strncasecmp(line, "Content-Disposition", 19) == 0) {
			if ((e = disposition(a, v, pt)) != MP_OK)
				return e;
		} else if ((size_t)(colon - line) == 12 &&
		    strncasecmp(line, "Content-Type", 12) == 0) {
			if (strncasecmp(skip_blanks(v), "multipart/", 10) == 0)
				return MP_NESTED;
			if (pt->content_type == NULL)
				pt->content_type = skip_blanks(v);
		}
		line += n + 2;
	}
	return pt->name == NULL ? MP_MALFORMED : MP_OK;
}

static void
file_cleanup(void *arg)
{
	struct mp_file	*f = arg;

	if (f->fd != -1)
		close(f->fd);
	if (!f->kept)
		unlink(f->path);
}

static enum mp_err
file_open(struct arena *a, const struct mp_opts *o, const struct part *pt,
    struct mp_file **out)
{
	struct mp_file	*f;

	if ((f = arena_zalloc(a, sizeof(*f))) == NULL ||
	    (f->path = arena_printf(a, "%s/up-XXXXXX", o->tmp_dir)) == NULL)
		return MP_NO_MEMORY;
	f->filename = pt->filename;
	f->content_type = pt->content_type ? pt->content_type : "";
	if ((f->fd = mkostemp(f->path, O_CLOEXEC)) == -1)
		return MP_TEMP;
	if (arena_defer(a, file_cleanup, f) == -1)
		return MP_NO_MEMORY;	/* and the file is gone already */
	*out = f;
	return MP_OK;
}

enum mp_err
multipart_parse(struct arena *a, const char *content_type, mp_read_fn rd,
    void *rctx, const struct mp_opts *o, struct multipart *out)
{
	struct in	 in;
	struct sink	 s;
	struct part	 pt;
	size_t		 parts = 0;
	enum mp_err	 e;
	int		 rc;

	memset(out, 0, sizeof(*out));
	memset(&in, 0, sizeof(in));
	in.read = rd;
	in.ctx = rctx;
	if ((e = boundary(a, content_type, &in)) != MP_OK)
		return e;
	if ((in.buf = arena_alloc(a, BUF_SIZE)) == NULL)
		return MP_NO_MEMORY;
	/* The first boundary line has no CRLF before it: lend it one. */
	memcpy(in.buf, "\r\n", 2);
	in.len = 2;
	memset(&s, 0, sizeof(s));
	s.kind = SINK_DROP;
	s.max = MP_HEADER_MAX;		/* a preamble, never sent in practice */
	if ((e = content(&in, &s)) != MP_OK)
		return e;
	while ((rc = after_delimiter(&in, &e)) == 0) {
		if (++parts > MP_PARTS_MAX)
			return MP_TOO_MANY_PARTS;
		if ((e = headers(a, &in, &pt)) != MP_OK)
			return e;
		memset(&s, 0, sizeof(s));
		s.o = o;
		if (pt.filename == NULL) {
			s.kind = SINK_FIELD;
			if ((s.field = arena_alloc(a, MP_FIELD_MAX + 1)) == NULL)
				return MP_NO_MEMORY;
		} else if (pt.filename[0] != '\0' &&
		    strcmp(pt.name, o->file_field) == 0) {
			if (out->file != NULL)
				return MP_TWO_FILES;
			if ((e = file_open(a, o, &pt, &out->file)) != MP_OK)
				return e;
			s.kind = SINK_FILE;
			s.file = out->file;
		} else
			s.kind = SINK_DROP;	/* another file, or none chosen */
		if ((e = content(&in, &s)) != MP_OK)
			return e;
		if (s.kind == SINK_FIELD) {
			s.field[s.n] = '\0';
			out->fields[out->nfields].name = pt.name;
			out->fields[out->nfields].value = s.field;
			out->fields[out->nfields].len = s.n;
			out->nfields++;
		}
	}
	return rc == 1 ? MP_OK : e;
}

const char *
multipart_field(const struct multipart *m, const char *name)
{
	size_t	 i;

	for (i = 0; i < m->nfields; i++)
		if (strcmp(m->fields[i].name, name) == 0)
			return m->fields[i].value;
	return NULL;
}

const char *
multipart_strerror(enum mp_err e)
{
	static const char *const msg[] = {
		[MP_OK] = "ok",
		[MP_NOT_MULTIPART] = "not multipart/form-data",
		[MP_BAD_BOUNDARY] = "missing or bad boundary",
		[MP_MALFORMED] = "malformed body",
		[MP_TOO_MANY_PARTS] = "too many parts",
		[MP_HEADER_TOO_LARGE] = "part headers too large",
		[MP_NESTED] = "nested multipart",
		[MP_FIELD_TOO_LARGE] = "field too large",
		[MP_TWO_FILES] = "the file field twice",
		[MP_FILE_TOO_LARGE] = "file too large",
		[MP_READ] = "body unreadable",
		[MP_TEMP] = "temporary file",
		[MP_NO_MEMORY] = "out of memory",
	};

	return (size_t)e < sizeof(msg) / sizeof(msg[0]) ? msg[e] : "?";
}
