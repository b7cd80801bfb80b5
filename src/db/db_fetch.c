/* Results: a row's cells fetched in binary where they can be, written
 * as text for db_exec or handed to db_each's callback as they are. */
#include "autoconf.h"

#include <string.h>

#include <mysql.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/log.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_int.h"

#define MAX_COLS	64
#define CELL_BUF	256	/* first try per cell; longer values re-fetched */

/* How a column is fetched: integers and times arrive in binary and are
 * written as text here; the client library's own conversion to text goes
 * through sprintf, which was half the time of requests that read
 * thousands of rows. The text is the library's: decimal integers,
 * "YYYY-MM-DD", "YYYY-MM-DD HH:MM:SS" with the column's fraction digits
 * (".ffffff" cut to its decimals). Anything else is fetched as text. */
enum cell_kind { CELL_TEXT, CELL_INT, CELL_UINT, CELL_DATE, CELL_DATETIME };

static enum cell_kind
cell_kind(const MYSQL_FIELD *f)
{
	if (f->flags & ZEROFILL_FLAG)
		return CELL_TEXT;
	switch (f->type) {
	case MYSQL_TYPE_TINY:
	case MYSQL_TYPE_SHORT:
	case MYSQL_TYPE_INT24:
	case MYSQL_TYPE_LONG:
	case MYSQL_TYPE_LONGLONG:
		return (f->flags & UNSIGNED_FLAG) ? CELL_UINT : CELL_INT;
	case MYSQL_TYPE_DATE:
		return CELL_DATE;
	case MYSQL_TYPE_DATETIME:
	case MYSQL_TYPE_TIMESTAMP:
		return CELL_DATETIME;
	default:
		return CELL_TEXT;
	}
}

/* n digits of v, zero-padded, at p. */
static void
digits(char *p, unsigned long v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* The text of a binary cell into t (at least 32 bytes); its length. */
static size_t
cell_text(char *t, enum cell_kind k, const void *v, unsigned decimals)
{
	const MYSQL_TIME	*tm = v;
	unsigned long long	 u;
	char			 d[24], *p = d + sizeof(d);
	size_t			 n;

	switch (k) {
	case CELL_INT:
	case CELL_UINT:
		memcpy(&u, v, sizeof(u));
		if (k == CELL_INT && (long long)u < 0)
			u = 0 - u;
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u != 0);
		if (k == CELL_INT && *(const long long *)v < 0)
			*--p = '-';
		n = (size_t)(d + sizeof(d) - p);
		memcpy(t, p, n);
		return n;
	case CELL_DATE:
	case CELL_DATETIME:
		memcpy(t, "0000-00-00 00:00:00.000000", 26);
		digits(t, tm->year, 4);
		digits(t + 5, tm->month, 2);
		digits(t + 8, tm->day, 2);
		if (k == CELL_DATE)
			return 10;
		digits(t + 11, tm->hour, 2);
		digits(t + 14, tm->minute, 2);
		digits(t + 17, tm->second, 2);
		if (decimals == 0)
			return 19;
		digits(t + 20, tm->second_part, 6);
		return 20 + (decimals < 6 ? decimals : 6);
	default:
		return 0;
	}
}

/* db_each: the text cells of the current row NUL-terminated in place,
 * those longer than CELL_BUF fetched whole into the arena. */
static int
row_text(struct arena *a, struct db_stmt *s, size_t nc,
    const enum cell_kind *kind, const unsigned long *len, const char *is_null,
    char (*cell)[CELL_BUF], const char **text)
{
	MYSQL_BIND	 one;
	char		*t;
	size_t		 c;

	for (c = 0; c < nc; c++) {
		text[c] = NULL;
		if (is_null[c] || kind[c] != CELL_TEXT)
			continue;
		if (len[c] < CELL_BUF) {
			cell[c][len[c]] = '\0';
			text[c] = cell[c];
			continue;
		}
		if ((t = arena_alloc(a, (size_t)len[c] + 1)) == NULL)
			return -1;
		memset(&one, 0, sizeof(one));
		one.buffer_type = MYSQL_TYPE_STRING;
		one.buffer = t;
		one.buffer_length = len[c] + 1;
		if (mysql_stmt_fetch_column(s->h, &one, (unsigned)c, 0) != 0)
			return -1;
		t[len[c]] = '\0';
		text[c] = t;
	}
	return 0;
}

/* A row for db_each's callback: the cells as fetched, integers in binary. */
struct db_row {
	size_t			 ncols;
	const enum cell_kind	*kind;
	const unsigned long long *num;
	const MYSQL_TIME	*tm;
	const MYSQL_FIELD	*f;
	const char		*is_null;
	char			(*cell)[CELL_BUF];
	const char		**text;		/* text cells, NUL-terminated */
};

/* Copy every row into the arena as text, or (fn) hand each row to fn
 * uncopied. -1 on overflow or error. */
int
db_fetch(struct arena *a, struct db_stmt *s, MYSQL_RES *meta, struct db_res *out,
    db_row_fn fn, void *arg)
{
	struct db_row		 row;
	const char		*text[MAX_COLS];
	MYSQL_BIND		 b[MAX_COLS];
	MYSQL_FIELD		*f;
	MYSQL_TIME		 tm[MAX_COLS];
	unsigned long long	 num[MAX_COLS];
	unsigned long		 len[MAX_COLS];
	enum cell_kind		 kind[MAX_COLS];
	char			 is_null[MAX_COLS], err[MAX_COLS];
	char			 cell[MAX_COLS][CELL_BUF];
	size_t			 nc, nr, r, c;
	int			 rc;

	nc = mysql_num_fields(meta);
	if (nc > MAX_COLS) {
		log_error("too many columns: %s", s->sql);
		return -1;
	}
	/* fn: rows read from the connection as they come (no copy of the
	 * whole result first); else stored, to size the arena's arrays. */
	if (fn == NULL && mysql_stmt_store_result(s->h) != 0)
		return -1;
	nr = fn == NULL ? mysql_stmt_num_rows(s->h) : 0;
	f = mysql_fetch_fields(meta);
	memset(b, 0, nc * sizeof(b[0]));
	/*
	 * The library adds up every column's *error after a fetch (truncations)
	 * but writes it only for the columns it converts to text: the others'
	 * must start at 0.
	 */
	memset(err, 0, nc);
	memset(is_null, 0, nc);
	for (c = 0; c < nc; c++) {
		kind[c] = cell_kind(&f[c]);
		if (kind[c] == CELL_INT || kind[c] == CELL_UINT) {
			b[c].buffer_type = MYSQL_TYPE_LONGLONG;
			b[c].buffer = &num[c];
			b[c].is_unsigned = kind[c] == CELL_UINT;
		} else if (kind[c] != CELL_TEXT) {
			b[c].buffer_type = kind[c] == CELL_DATE ?
			    MYSQL_TYPE_DATE : MYSQL_TYPE_DATETIME;
			b[c].buffer = &tm[c];
		} else {
			b[c].buffer_type = MYSQL_TYPE_STRING;
			b[c].buffer = cell[c];
			b[c].buffer_length = CELL_BUF;
		}
		b[c].length = &len[c];
		b[c].is_null = (void *)&is_null[c];
		b[c].error = (void *)&err[c];
	}
	if (mysql_stmt_bind_result(s->h, b) != 0)
		return -1;
	out->ncols = nc;
	if (fn == NULL) {
		out->cells = arena_zalloc(a, (nr * nc + 1) * sizeof(char *));
		out->lens = arena_zalloc(a, (nr * nc + 1) * sizeof(size_t));
		if (out->cells == NULL || out->lens == NULL)
			return -1;
	}
	for (r = 0; fn != NULL || r < nr; r++) {
		rc = mysql_stmt_fetch(s->h);
		if (rc == MYSQL_NO_DATA)
			break;
		if (rc == 1)
			return -1;
		if (fn != NULL) {
			if (row_text(a, s, nc, kind, len, is_null, cell, text) == -1)
				return -1;
			row = (struct db_row){ nc, kind, num, tm, f, is_null, cell,
			    text };
			out->nrows++;
			if (fn(&row, arg) == -1)
				return -1;
			continue;
		}
		for (c = 0; c < nc; c++) {
			char	**dst = &out->cells[r * nc + c];

			if (is_null[c])
				continue;
			if (kind[c] != CELL_TEXT) {
				len[c] = (unsigned long)cell_text(cell[c], kind[c],
				    kind[c] == CELL_INT || kind[c] == CELL_UINT ?
				    (const void *)&num[c] : (const void *)&tm[c],
				    f[c].decimals);
				*dst = arena_strndup(a, cell[c], len[c]);
				out->lens[r * nc + c] = len[c];
			} else if (len[c] < CELL_BUF) {
				out->lens[r * nc + c] = len[c];
				*dst = arena_strndup(a, cell[c], len[c]);
			} else {
				MYSQL_BIND	 one;

				out->lens[r * nc + c] = len[c];
				if ((*dst = arena_alloc(a, (size_t)len[c] + 1)) == NULL)
					return -1;
				memset(&one, 0, sizeof(one));
				one.buffer_type = MYSQL_TYPE_STRING;
				one.buffer = *dst;
				one.buffer_length = len[c] + 1;
				if (mysql_stmt_fetch_column(s->h, &one,
				    (unsigned)c, 0) != 0)
					return -1;
				(*dst)[len[c]] = '\0';
			}
			if (*dst == NULL)
				return -1;
		}
		out->nrows++;
	}
	return 0;
}

int64_t
db_row_i64(const struct db_row *row, size_t c, int64_t def)
{
	int64_t	 x;

	if (c >= row->ncols || row->is_null[c])
		return def;
	if (row->kind[c] == CELL_INT || row->kind[c] == CELL_UINT)
		return (int64_t)row->num[c];
	if (row->text[c] == NULL || str_to_i64(row->text[c],
	    strlen(row->text[c]), INT64_MIN, INT64_MAX, &x) == -1)
		return def;
	return x;
}

int64_t
db_row_us(const struct db_row *row, size_t c, int64_t def)
{
	const MYSQL_TIME	*tm;
	int64_t			 us;

	if (c >= row->ncols || row->is_null[c])
		return def;
	if (row->kind[c] != CELL_DATE && row->kind[c] != CELL_DATETIME)
		return row->text[c] != NULL && dt_parse_iso(row->text[c],
		    &us) == 0 ? us : def;
	tm = &row->tm[c];
	return ((dt_days_from_civil(tm->year, tm->month, tm->day) * 86400 +
	    tm->hour * 3600 + tm->minute * 60 + tm->second) * 1000000LL) +
	    (int64_t)tm->second_part;
}

const char *
db_row_str(const struct db_row *row, size_t c)
{
	size_t	 n;

	if (c >= row->ncols || row->is_null[c])
		return NULL;
	if (row->kind[c] == CELL_TEXT)
		return row->text[c];
	/* An integer or a time: written as db_exec would, in its buffer. */
	n = cell_text(row->cell[c], row->kind[c], row->kind[c] == CELL_INT ||
	    row->kind[c] == CELL_UINT ? (const void *)&row->num[c] :
	    (const void *)&row->tm[c], row->f[c].decimals);
	row->cell[c][n] = '\0';
	return row->cell[c];
}

const char *
db_cell(const struct db_res *res, size_t r, size_t c)
{
	if (r >= res->nrows || c >= res->ncols)
		return NULL;
	return res->cells[r * res->ncols + c];
}

int64_t
db_cell_i64(const struct db_res *res, size_t r, size_t c, int64_t def)
{
	const char	*v = db_cell(res, r, c);
	int64_t		 x;

	if (v == NULL || str_to_i64(v, strlen(v), INT64_MIN, INT64_MAX, &x) == -1)
		return def;
	return x;
}
