/* multipart/form-data (RFC 7578) read as a stream, bounded: at most
 * MP_PARTS_MAX parts, part headers of at most MP_HEADER_MAX bytes, no
 * nested multipart. One file part (the one named opts->file_field) is
 * copied to a temporary file; other file parts are read and dropped; text
 * fields of at most MP_FIELD_MAX bytes are kept in the arena. */
#ifndef CORE_MULTIPART_H
#define CORE_MULTIPART_H

#include <stddef.h>
#include <stdint.h>

struct arena;

#define MP_PARTS_MAX	8
#define MP_HEADER_MAX	8192	/* bytes of one part's header block */
#define MP_FIELD_MAX	8192	/* bytes of one text field's value */

struct mp_field {
	const char	*name;
	const char	*value;		/* NUL-terminated; never holds a NUL */
	size_t		 len;
};

/* The file part, in a temporary file the arena's reset closes and
 * removes, unless kept is set (the file was moved elsewhere). */
struct mp_file {
	const char	*filename;	/* as sent: not cleaned, never "" */
	const char	*content_type;	/* as sent, "" when absent; never trust */
	char		*path;
	int		 fd;		/* open for reading and writing */
	int64_t		 size;
	int		 kept;
};

struct multipart {
	struct mp_field	 fields[MP_PARTS_MAX];
	size_t		 nfields;
	struct mp_file	*file;		/* NULL: no such part, or it was empty */
};

enum mp_err {
	MP_OK,
	MP_NOT_MULTIPART,	/* Content-Type is not multipart/form-data */
	MP_BAD_BOUNDARY,	/* no boundary, or not 1..70 allowed characters */
	MP_MALFORMED,		/* no closing boundary, broken headers, ... */
	MP_TOO_MANY_PARTS,
	MP_HEADER_TOO_LARGE,
	MP_NESTED,		/* a part of type multipart/... */
	MP_FIELD_TOO_LARGE,
	MP_TWO_FILES,		/* the file field twice */
	MP_FILE_TOO_LARGE,	/* the file part passed opts->file_max */
	MP_READ,		/* the body could not be read */
	MP_TEMP,		/* the temporary file could not be made or written
				   (errno says why) */
	MP_NO_MEMORY,
};

/* Where the body comes from: up to n bytes into buf; the count, 0 at the
 * end, -1 on an error. */
typedef long (*mp_read_fn)(void *ctx, char *buf, size_t n);

struct mp_opts {
	const char	*file_field;	/* the part kept as a file: "file" */
	const char	*tmp_dir;	/* where its temporary file goes */
	int64_t		 file_max;	/* larger: MP_FILE_TOO_LARGE */
	/* Called with every byte of the file part, in order (e.g. a hash);
	 * NULL: none. */
	void		(*tap)(void *, const void *, size_t);
	void		*tap_ctx;
};

/* Parse the body of the given Content-Type into *out. A part whose
 * filename is empty (a file input left empty) counts as no file. On an
 * error the temporary file, if any, is removed at the arena's reset like
 * any other. */
enum mp_err multipart_parse(struct arena *, const char *content_type,
	    mp_read_fn, void *read_ctx, const struct mp_opts *,
	    struct multipart *out);
/* The value of the first field called name, or NULL. */
const char *multipart_field(const struct multipart *, const char *name);
/* What went wrong, in English, for logs. */
const char *multipart_strerror(enum mp_err);

#endif
