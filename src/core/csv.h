/* CSV as spreadsheets read it (RFC 4180): UTF-8 with a byte order mark,
 * comma-separated, CRLF line ends, fields quoted when they hold a quote,
 * a comma, CR or LF (inner quotes doubled), and text that a spreadsheet
 * would take for a formula (it begins with =, +, -, @, TAB or CR) led by
 * an apostrophe (OWASP "CSV Injection"). Numbers are written with a dot. */
#ifndef CORE_CSV_H
#define CORE_CSV_H

#include <stddef.h>

struct buf;
struct table;

/* Append one text field, guarded and quoted as above. */
void	 csv_text(struct buf *, const char *s);
/* Append the whole table: the BOM, the header row, every row. -1 when the
 * buffer failed (b->err), else 0. */
int	 csv_table(struct buf *, const struct table *);

#endif
