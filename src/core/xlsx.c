/* XLSX export with libxlsxwriter, through a private temporary file. */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/table.h"
#include "core/xlsx.h"

#define TEXT_MAX	32767	/* bytes in a cell, as Excel allows */

/* Text a spreadsheet accepts: C0 controls but TAB, LF and CR (invalid in
 * XML 1.0) become spaces, broken UTF-8 is left to the caller (the
 * database holds valid UTF-8), and the length is cut at a character
 * boundary within TEXT_MAX. NULL on overflow. */
static const char *
clean(struct arena *a, const char *s)
{
	size_t	 n = strlen(s), i;
	char	*c;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' &&
		    s[i] != '\r')
			break;
	if (i == n && n <= TEXT_MAX)
		return s;
	if (n > TEXT_MAX) {
		n = TEXT_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	if ((c = arena_strndup(a, s, n)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)c[i] < 0x20 && c[i] != '\t' && c[i] != '\n' &&
		    c[i] != '\r')
			c[i] = ' ';
	return c;
}

/* Write the table to path; 0 or -1. */
static int
write_book(struct arena *a, const struct table *t, const char *path,
    char *tmpdir)
{
	lxw_workbook_options	 opt = { 0, tmpdir, 0 };
	lxw_workbook		*wb;
	lxw_worksheet		*ws;
	lxw_format		*head, *whole, *tenths;
	const struct cell	*c;
	const char		*s;
	lxw_error		 e = LXW_NO_ERROR;
	size_t			 r, k;

	if ((wb = workbook_new_opt(path, &opt)) == NULL)
		return -1;
	ws = workbook_add_worksheet(wb, t->sheet);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_VERTICAL_TOP);
	whole = workbook_add_format(wb);
	format_set_num_format(whole, "0");
	tenths = workbook_add_format(wb);
	format_set_num_format(tenths, "0.0");
	if (ws == NULL || head == NULL || whole == NULL || tenths == NULL) {
		workbook_close(wb);
		return -1;
	}
	for (k = 0; k < t->ncols && e == LXW_NO_ERROR; k++) {
		if (t->widths != NULL)
			worksheet_set_column(ws, (lxw_col_t)k, (lxw_col_t)k,
			    t->widths[k], NULL);
		if ((s = clean(a, t->headers[k])) == NULL)
			e = LXW_ERROR_MEMORY_MALLOC_FAILED;
		else
			e = worksheet_write_string(ws, 0, (lxw_col_t)k, s, head);
	}
	worksheet_freeze_panes(ws, 1, 0);
	for (r = 0; r < t->nrows && e == LXW_NO_ERROR; r++)
		for (k = 0; k < t->ncols && e == LXW_NO_ERROR; k++) {
			c = &t->cells[r * t->ncols + k];
			switch (c->kind) {
			case CELL_EMPTY:
				break;
			case CELL_TEXT:
				if (c->s == NULL)
					break;
				if ((s = clean(a, c->s)) == NULL)
					e = LXW_ERROR_MEMORY_MALLOC_FAILED;
				else
					e = worksheet_write_string(ws,
					    (lxw_row_t)(r + 1), (lxw_col_t)k, s,
					    NULL);
				break;
			case CELL_INT:
				e = worksheet_write_number(ws, (lxw_row_t)(r + 1),
				    (lxw_col_t)k, (double)c->i, whole);
				break;
			case CELL_TENTHS:
				e = worksheet_write_number(ws, (lxw_row_t)(r + 1),
				    (lxw_col_t)k, (double)c->i / 10.0, tenths);
				break;
			}
		}
	if (e != LXW_NO_ERROR) {
		log_error("xlsx: writing a cell failed: %s", lxw_strerror(e));
		workbook_close(wb);
		return -1;
	}
	if ((e = workbook_close(wb)) != LXW_NO_ERROR) {
		log_error("xlsx: closing the workbook failed: %s", lxw_strerror(e));
		return -1;
	}
	return 0;
}

/* The whole file into the arena: 0 or -1. */
static int
slurp(struct arena *a, const char *path, char **out, size_t *len)
{
	struct stat	 st;
	ssize_t		 got;
	size_t		 off = 0;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_warn("xlsx: open %s", path);
		return -1;
	}
	if (fstat(fd, &st) == -1 || st.st_size <= 0 ||
	    (*out = arena_alloc(a, (size_t)st.st_size + 1)) == NULL)
		goto out;
	while (off < (size_t)st.st_size) {
		got = read(fd, *out + off, (size_t)st.st_size - off);
		if (got == -1 && errno == EINTR)
			continue;
		if (got <= 0)
			goto out;
		off += (size_t)got;
	}
	*len = off;
	rc = 0;
out:
	if (rc == -1)
		log_warn("xlsx: reading %s", path);
	close(fd);
	return rc;
}

int
xlsx_table(struct arena *a, const struct table *t, char **out, size_t *len)
{
	const char	*base = getenv("TMPDIR");
	char		 dir[256], path[300];
	int		 fd, rc = -1;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	if ((size_t)snprintf(dir, sizeof(dir), "%s/tpanel-xlsx-XXXXXX", base) >=
	    sizeof(dir) || mkdtemp(dir) == NULL) {
		log_warn("xlsx: mkdtemp in %s", base);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/book-XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1) {
		log_warn("xlsx: mkstemp in %s", dir);
		rmdir(dir);
		return -1;
	}
	close(fd);
	if (write_book(a, t, path, dir) == 0)
		rc = slurp(a, path, out, len);
	if (unlink(path) == -1)
		log_warn("xlsx: unlink %s", path);
	if (rmdir(dir) == -1)
		log_warn("xlsx: rmdir %s", dir);
	return rc;
}
