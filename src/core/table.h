/* A table to export: a header row and rows of typed cells, written as CSV
 * (core/csv.c) or as an XLSX workbook (core/xlsx.c). The caller owns every
 * string; nothing here allocates but the writers' output. */
#ifndef CORE_TABLE_H
#define CORE_TABLE_H

#include <stddef.h>
#include <stdint.h>

enum cell_kind {
	CELL_EMPTY,		/* nothing (a null value) */
	CELL_TEXT,		/* s: UTF-8 text, never a formula */
	CELL_INT,		/* i: a whole number */
	CELL_TENTHS,		/* i: tenths (833 = 83.3), one decimal shown */
};

struct cell {
	enum cell_kind	 kind;
	const char	*s;
	int64_t		 i;
};

struct table {
	const char		*sheet;		/* worksheet name (XLSX), <= 31 chars */
	size_t			 ncols, nrows;
	const char *const	*headers;	/* ncols */
	const double		*widths;	/* ncols, in characters; NULL: default */
	const struct cell	*cells;		/* nrows * ncols, row by row */
};

#endif
