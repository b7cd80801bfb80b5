/* The multipart/form-data parser over any Content-Type and body, read in
 * chunks of any size. Input: one byte, the chunk size (0: as much as
 * asked); the Content-Type up to a newline; the body. The file part, if
 * any, must be on disk whole, and gone after the arena's reset. */
#include "autoconf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/multipart.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 dir[] = "/tmp/tpfuzzmpXXXXXX";

static void
remove_dir(void)
{
	rmdir(dir);
}

struct src {
	const uint8_t	*p;
	size_t		 len, off, chunk;
};

static long
src_read(void *ctx, char *buf, size_t n)
{
	struct src	*s = ctx;

	if (n > s->len - s->off)
		n = s->len - s->off;
	if (s->chunk > 0 && n > s->chunk)
		n = s->chunk;
	memcpy(buf, s->p + s->off, n);
	s->off += n;
	return (long)n;
}

static void
tap(void *ctx, const void *p, size_t n)
{
	(void)p;
	*(size_t *)ctx += n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int		 made;
	struct arena		 a;
	struct multipart	 m;
	struct src		 s;
	struct mp_opts		 o;
	struct stat		 st;
	const uint8_t		*nl;
	char			*ct, path[64];
	size_t			 i, tapped = 0;
	enum mp_err		 e;

	if (!made) {
		if (mkdtemp(dir) == NULL)
			abort();
		made = 1;
		atexit(remove_dir);
	}
	if (size < 1 || (nl = memchr(data + 1, '\n', size - 1)) == NULL)
		return 0;
	arena_init(&a, 1 << 22);
	if ((ct = arena_strndup(&a, (const char *)data + 1,
	    (size_t)(nl - data - 1))) == NULL)
		abort();
	s.p = nl + 1;
	s.len = size - (size_t)(nl + 1 - data);
	s.off = 0;
	s.chunk = data[0];
	o.file_field = "file";
	o.tmp_dir = dir;
	o.file_max = 4096;
	o.tap = tap;
	o.tap_ctx = &tapped;
	e = multipart_parse(&a, ct, src_read, &s, &o, &m);
	if (e == MP_OK) {
		if (m.nfields > MP_PARTS_MAX)
			__builtin_trap();
		for (i = 0; i < m.nfields; i++)
			if (m.fields[i].len > MP_FIELD_MAX ||
			    strlen(m.fields[i].value) != m.fields[i].len)
				__builtin_trap();
		if (m.file != NULL) {
			if (fstat(m.file->fd, &st) == -1 ||
			    st.st_size != m.file->size ||
			    (size_t)m.file->size != tapped ||
			    m.file->size > o.file_max || m.file->filename[0] == '\0')
				__builtin_trap();
		}
	}
	if (m.file != NULL)
		snprintf(path, sizeof(path), "%s", m.file->path);
	arena_free(&a);
	if (m.file != NULL && access(path, F_OK) == 0)
		__builtin_trap();
	return 0;
}
