/* A Django dumpdata file read one record at a time: the top-level array is
 * never held whole, only the record being parsed. */
#ifndef IMPORT_DUMP_H
#define IMPORT_DUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;
struct json_tokener;

#define DUMP_CHUNK		65536		/* bytes read at a time */
#define DUMP_RECORD_MAX		(64u << 20)	/* bytes of one record */

struct import_dump {
	FILE			*f;
	struct json_tokener	*tok;
	char			 buf[DUMP_CHUNK];
	size_t			 len, pos;	/* bytes in buf, next to read */
	uint64_t		 offset;	/* file offset of buf[0] */
	size_t			 index;		/* records returned so far */
	size_t			 in_record;	/* bytes of the record so far */
	int			 state;
	int			 eof;
	int			 owned;		/* f opened here: closed here */
	char			 err[256];
};

/* Open path (or read f when path is NULL; the caller then keeps it). 0, or
 * -1 with d->err. */
int	 import_dump_open(struct import_dump *d, const char *path, FILE *f);
/* Back to the first record, for another pass. 0 or -1 with d->err. */
int	 import_dump_rewind(struct import_dump *d);
/* The next element of the top-level array: 1 and *rec (the caller drops it
 * with json_object_put; d->index is then its 1-based number), 0 after the
 * closing ']' (only white space may follow), -1 with d->err naming the
 * element and the byte offset: not JSON, a truncated file, junk after the
 * array, a record over DUMP_RECORD_MAX bytes. */
int	 import_dump_next(struct import_dump *d, struct json_object **rec);
/* Free the tokener; close the file if import_dump_open opened it. */
void	 import_dump_close(struct import_dump *d);

#endif
