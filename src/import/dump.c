/* Reading a dumpdata file record by record: a small scanner for the
 * top-level array, json-c's incremental tokener for each element. */
#include "autoconf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "import/dump.h"

#define DEPTH	64

enum { S_START, S_FIRST, S_VALUE, S_AFTER, S_DONE };

static int
fail(struct import_dump *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
fail(struct import_dump *d, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
	return -1;
}

static unsigned long long
here(const struct import_dump *d)
{
	return (unsigned long long)(d->offset + d->pos);
}

/* 1 with bytes to read, 0 at the end of the file, -1 on a read error. */
static int
fill(struct import_dump *d)
{
	if (d->pos < d->len)
		return 1;
	if (d->eof)
		return 0;
	d->offset += d->len;
	d->pos = 0;
	d->len = fread(d->buf, 1, sizeof(d->buf), d->f);
	if (d->len == 0) {
		d->eof = 1;
		if (ferror(d->f))
			return fail(d, "read error: %s", strerror(errno));
		return 0;
	}
	return 1;
}

/* The next byte that is not JSON white space (left unread), or -1 at the
 * end of the file (or on an error, with d->err set). */
static int
peek(struct import_dump *d)
{
	int	 rc;

	while ((rc = fill(d)) == 1) {
		char c = d->buf[d->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			return (unsigned char)c;
		d->pos++;
	}
	return -1;
}

int
import_dump_open(struct import_dump *d, const char *path, FILE *f)
{
	memset(d, 0, sizeof(*d));
	if (path != NULL && (f = fopen(path, "rb")) == NULL)
		return fail(d, "%s", strerror(errno));
	d->f = f;
	if ((d->tok = json_tokener_new_ex(DEPTH)) == NULL) {
		if (path != NULL)
			fclose(f);
		d->f = NULL;
		return fail(d, "out of memory");
	}
	json_tokener_set_flags(d->tok, JSON_TOKENER_STRICT |
	    JSON_TOKENER_ALLOW_TRAILING_CHARS);
	d->owned = path != NULL;
	d->state = S_START;
	return 0;
}

int
import_dump_rewind(struct import_dump *d)
{
	if (fseek(d->f, 0, SEEK_SET) == -1)
		return fail(d, "cannot go back to the start: %s", strerror(errno));
	clearerr(d->f);
	json_tokener_reset(d->tok);
	d->len = d->pos = 0;
	d->offset = 0;
	d->index = 0;
	d->in_record = 0;
	d->eof = 0;
	d->state = S_START;
	d->err[0] = '\0';
	return 0;
}

/* Parse one element starting at the current byte. */
static int
element(struct import_dump *d, struct json_object **rec)
{
	struct json_object	*o;
	enum json_tokener_error	 e;
	size_t			 used;
	int			 rc;

	d->in_record = 0;
	for (;;) {
		if ((rc = fill(d)) != 1) {
			json_tokener_reset(d->tok);
			return rc == -1 ? -1 : fail(d, "record %zu: the file ends "
			    "inside it at byte %llu (truncated?)", d->index + 1,
			    here(d));
		}
		o = json_tokener_parse_ex(d->tok, d->buf + d->pos,
		    (int)(d->len - d->pos));
		e = json_tokener_get_error(d->tok);
		used = json_tokener_get_parse_end(d->tok);
		if (e != json_tokener_success && e != json_tokener_continue) {
			json_tokener_reset(d->tok);
			return fail(d, "record %zu: not valid JSON at byte %llu: %s",
			    d->index + 1, here(d) + used, json_tokener_error_desc(e));
		}
		d->pos += used;
		d->in_record += used;
		if (e == json_tokener_success) {
			json_tokener_reset(d->tok);
			d->index++;
			*rec = o;
			return 1;
		}
		if (d->in_record > DUMP_RECORD_MAX) {
			json_tokener_reset(d->tok);
			return fail(d, "record %zu: longer than %u MiB at byte %llu",
			    d->index + 1, DUMP_RECORD_MAX >> 20, here(d));
		}
	}
}

int
import_dump_next(struct import_dump *d, struct json_object **rec)
{
	int	 c;

	*rec = NULL;
	for (;;) {
		switch (d->state) {
		case S_START:
			/* A byte-order mark, as some editors write. */
			if (fill(d) == 1 && d->len - d->pos >= 3 &&
			    memcmp(d->buf + d->pos, "\xEF\xBB\xBF", 3) == 0)
				d->pos += 3;
			if ((c = peek(d)) == '[') {
				d->pos++;
				d->state = S_FIRST;
				break;
			}
			if (d->err[0])
				return -1;
			return fail(d, c == -1 ? "the file is empty, not a dumpdata "
			    "export" : "not a dumpdata export: it should start "
			    "with '[' (a JSON array of records)");
		case S_FIRST:
			if ((c = peek(d)) == ']') {
				d->pos++;
				d->state = S_DONE;
				break;
			}
			if (c == -1)
				return d->err[0] ? -1 : fail(d, "the file ends after "
				    "'[' (truncated?)");
			d->state = S_VALUE;
			break;
		case S_VALUE:
			if (element(d, rec) == -1)
				return -1;
			d->state = S_AFTER;
			return 1;
		case S_AFTER:
			if ((c = peek(d)) == ',') {
				d->pos++;
				d->state = S_VALUE;
				break;
			}
			if (c == ']') {
				d->pos++;
				d->state = S_DONE;
				break;
			}
			if (c == -1)
				return d->err[0] ? -1 : fail(d, "the file ends after "
				    "record %zu without the closing ']' (truncated?)",
				    d->index);
			return fail(d, "after record %zu: ',' or ']' expected at "
			    "byte %llu", d->index, here(d));
		case S_DONE:
			if ((c = peek(d)) == -1)
				return d->err[0] ? -1 : 0;
			return fail(d, "text after the closing ']' at byte %llu",
			    here(d));
		}
	}
}

void
import_dump_close(struct import_dump *d)
{
	if (d->tok != NULL)
		json_tokener_free(d->tok);
	if (d->owned && d->f != NULL)
		fclose(d->f);
	d->tok = NULL;
	d->f = NULL;
}
