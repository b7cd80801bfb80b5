/* An XLSX workbook of one table (core/table.h), written with libxlsxwriter:
 * one worksheet, a bold header row frozen at the top, column widths, whole
 * numbers and one-decimal numbers (format 0.0) as numeric cells, text as
 * text cells (never formulas; control characters replaced). Debian 12's
 * libxlsxwriter 1.1.4 cannot write to memory, so the workbook is written to
 * a mkstemp file in a private mkdtemp directory (mode 0700) under $TMPDIR
 * (else /tmp), read back and removed before returning. */
#ifndef CORE_XLSX_H
#define CORE_XLSX_H

#include <stddef.h>

struct arena;
struct table;

/* 0 and the file's bytes in *out (arena), *len; -1 (logged) when a file
 * could not be written or read, or the arena is full. */
int	 xlsx_table(struct arena *, const struct table *, char **out,
	    size_t *len);

#endif
