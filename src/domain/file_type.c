/* What an uploaded file is: libmagic on its content (never the client's
 * type or name), the allow-list of each kind, the extension that must fit
 * the content, image dimensions; and file names made safe to keep. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <magic.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "domain/file.h"

#define MB		(1024 * 1024)
#define NAME_MAX_CHARS	255
#define PIXELS_MAX	10000	/* per side */
#define ZIP_CD_MAX	(4 * MB)

#define DOCX	"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PPTX	"application/vnd.openxmlformats-officedocument.presentationml.presentation"

/* Classes of types; a kind allows some, each with a limit. */
#define C_IMAGE	0x001
#define C_AUDIO	0x002
#define C_PDF	0x004
#define C_WORD	0x008
#define C_EXCEL	0x010
#define C_PPT	0x020
#define C_TEXT	0x040
#define C_CSV	0x080
#define C_ZIP	0x100
#define C_DOCS	(C_PDF | C_WORD | C_EXCEL | C_PPT | C_TEXT | C_CSV)

/* Types as libmagic 5.44 names them, the type stored and served (NULL: the
 * same), and the extensions that fit (the first is added to a name that
 * has none). */
static const struct ftype {
	const char	*mime, *store_as;
	unsigned	 cls;
	const char	*exts;
} types[] = {
	{ "image/jpeg", NULL, C_IMAGE, "jpg jpeg jpe jfif" },
	{ "image/png", NULL, C_IMAGE, "png" },
	{ "image/gif", NULL, C_IMAGE, "gif" },
	{ "image/webp", NULL, C_IMAGE, "webp" },
	{ "audio/mpeg", NULL, C_AUDIO, "mp3" },
	{ "audio/x-wav", NULL, C_AUDIO, "wav" },
	{ "audio/wav", NULL, C_AUDIO, "wav" },
	{ "audio/ogg", NULL, C_AUDIO, "ogg oga opus" },
	{ "audio/mp4", NULL, C_AUDIO, "m4a mp4" },
	{ "audio/x-m4a", "audio/mp4", C_AUDIO, "m4a" },
	/* An M4A file often sniffs as MP4 video: audio only by its name. */
	{ "video/mp4", "audio/mp4", C_AUDIO, "m4a" },
	{ "application/pdf", NULL, C_PDF, "pdf" },
	{ "application/msword", NULL, C_WORD, "doc" },
	{ DOCX, NULL, C_WORD, "docx" },
	{ "application/vnd.ms-excel", NULL, C_EXCEL, "xls" },
	{ XLSX, NULL, C_EXCEL, "xlsx" },
	{ "application/vnd.ms-powerpoint", NULL, C_PPT, "ppt" },
	{ PPTX, NULL, C_PPT, "pptx" },
	{ "text/plain", NULL, C_TEXT, "txt csv" },
	{ "text/csv", NULL, C_CSV, "csv txt" },
	{ "application/zip", NULL, C_ZIP, "zip" },
};
#define NTYPES	(sizeof(types) / sizeof(types[0]))

/* Each kind: up to two (classes, limit) rules and the refusal's wording. */
static const struct kind {
	struct {
		unsigned	 cls;
		int64_t		 max;
	}		 rule[2];
	const char	*refusal, *allowed;	/* around the sniffed type */
} kinds[] = {
	[FILE_KIND_IMAGE] = { { { C_IMAGE, 50 * MB } },
	    "Неподдерживаемый тип изображения: ", "" },
	[FILE_KIND_AUDIO] = { { { C_AUDIO, 50 * MB } },
	    "Неподдерживаемый тип аудио: ", "" },
	[FILE_KIND_DOCUMENT] = { { { C_DOCS | C_ZIP, 50 * MB } },
	    "Неподдерживаемый тип документа: ", ". Разрешены: PDF, Word, Excel, "
	    "PowerPoint, TXT, CSV, ZIP" },
	[FILE_KIND_ANSWER] = { { { C_IMAGE | C_DOCS, 25 * MB } },
	    "Неподдерживаемый тип файла: ", ". Разрешены: изображения JPEG, PNG, "
	    "GIF, WebP; PDF, Word, Excel, PowerPoint, TXT, CSV" },
	[FILE_KIND_CHAT] = { { { C_IMAGE, 5 * MB },
	    { C_PDF | C_WORD | C_EXCEL | C_TEXT, 10 * MB } },
	    "Неподдерживаемый тип файла: ", ". Разрешены: изображения JPEG, PNG, "
	    "GIF, WebP; PDF, Word, Excel, TXT" },
};

int64_t
file_kind_max(enum file_kind k)
{
	const struct kind	*kd = &kinds[k];

	return kd->rule[0].max > kd->rule[1].max ? kd->rule[0].max :
	    kd->rule[1].max;
}

int
file_body_fits(enum file_kind k, int64_t content_length)
{
	return content_length <= file_kind_max(k) + 64 * 1024;
}

/* -- libmagic: one cookie per process, opened in that process ---------- */

static magic_t	 cookie;
static pid_t	 cookie_pid;

static magic_t
magic(void)
{
	if (cookie != NULL && cookie_pid == getpid())
		return cookie;
	if (cookie != NULL)
		magic_close(cookie);	/* the parent's, inherited by fork */
	cookie_pid = getpid();
	if ((cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) == NULL) {
		log_error("libmagic: magic_open failed");
		return NULL;
	}
	if (magic_load(cookie, NULL) == -1) {
		log_error("libmagic: cannot load its database: %s",
		    magic_error(cookie));
		magic_close(cookie);
		cookie = NULL;
	}
	return cookie;
}

int
file_types_init(void)
{
	return magic() == NULL ? -1 : 0;
}

/* -- names -------------------------------------------------------------- */

/* The code point at s (length in *n), or -1 for a byte that starts no
 * valid UTF-8 sequence (*n = 1). */
static long
utf8_next(const unsigned char *s, size_t *n)
{
	long	 c;
	size_t	 len, i;

	*n = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return -1;
	*n = len;
	return c;
}

/* Characters that never belong in a file name: controls (C0, DEL, C1),
 * bidirectional marks and overrides ("gnp.exe" shown as "exe.png"), the
 * byte-order mark. */
static int
unwanted(long c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x200e ||
	    c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0xfeff;
}

/* name (valid UTF-8) cut to NAME_MAX_CHARS characters, keeping an
 * extension of up to 16 bytes. NULL on overflow. */
static const char *
fit_name(struct arena *a, const char *name)
{
	const char	*dot;
	size_t		 chars = 0, i, n, keep = 0;

	for (i = 0; name[i] != '\0'; i += n, chars++)
		(void)utf8_next((const unsigned char *)name + i, &n);
	if (chars <= NAME_MAX_CHARS)
		return name;
	if ((dot = strrchr(name, '.')) != NULL && strlen(dot) <= 16)
		keep = strlen(dot);
	for (i = 0, chars = 0; chars < NAME_MAX_CHARS - keep; i += n, chars++)
		(void)utf8_next((const unsigned char *)name + i, &n);
	return arena_printf(a, "%.*s%s", (int)i, name, keep ? dot : "");
}

const char *
file_clean_name(struct arena *a, const char *raw)
{
	const unsigned char	*s;
	const char		*slash;
	size_t			 n;
	long			 c;
	struct buf		 b;
	char			*out;

	/* The last path component (old browsers send C:\dir\x.png). */
	for (slash = raw; *raw != '\0'; raw++)
		if (*raw == '/' || *raw == '\\')
			slash = raw + 1;
	buf_init(&b, a);
	for (s = (const unsigned char *)slash; *s != '\0'; s += n)
		if ((c = utf8_next(s, &n)) == -1)
			buf_putc(&b, '_');
		else if (!unwanted(c))
			buf_add(&b, s, n);
	if (b.err)
		return NULL;
	if (b.len == 0)
		return "file";
	out = b.p;
	/* No leading blanks; no trailing blanks or dots (Windows drops them). */
	while (out[0] == ' ')
		memmove(out, out + 1, strlen(out));
	for (n = strlen(out); n > 0 && (out[n - 1] == ' ' || out[n - 1] == '.'); n--)
		out[n - 1] = '\0';
	return out[0] == '\0' ? "file" : fit_name(a, out);
}

/* The extension of a clean name, lower-cased (NUL-terminated in ext), if it
 * has one: 1..8 ASCII letters and digits, at least one letter, after a
 * '.' that does not start the name. 0 when it has none. */
static int
extension(const char *name, char ext[9])
{
	const char	*dot = strrchr(name, '.');
	size_t		 i, letters = 0;

	if (dot == NULL || dot == name || strlen(dot + 1) > 8 ||
	    dot[1] == '\0')
		return 0;
	for (i = 0; dot[1 + i] != '\0'; i++) {
		if (!((dot[1 + i] >= 'a' && dot[1 + i] <= 'z') ||
		    (dot[1 + i] >= 'A' && dot[1 + i] <= 'Z') ||
		    (dot[1 + i] >= '0' && dot[1 + i] <= '9')))
			return 0;
		letters += !(dot[1 + i] >= '0' && dot[1 + i] <= '9');
		ext[i] = (char)(dot[1 + i] | (dot[1 + i] >= 'A' ? 0x20 : 0));
	}
	ext[i] = '\0';
	return letters > 0;
}

/* Whether ext is one of the space-separated words of list. */
static int
in_list(const char *list, const char *ext)
{
	size_t	 n = strlen(ext);

	for (; *list != '\0'; list += strcspn(list, " "), list += *list == ' ')
		if (strncmp(list, ext, n) == 0 && (list[n] == ' ' ||
		    list[n] == '\0'))
			return 1;
	return 0;
}

static const struct ftype *
find_type(const char *mime)
{
	size_t	 i;

	for (i = 0; i < NTYPES; i++)
		if (strcasecmp(types[i].mime, mime) == 0)
			return &types[i];
	return NULL;
}

/* -- what is inside ----------------------------------------------------- */

static int
read_at(int fd, void *p, size_t n, int64_t off)
{
	ssize_t	 got = pread(fd, p, n, (off_t)off);

	return got == (ssize_t)n ? 0 : -1;
}

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long
le32(const unsigned char *p)
{
	return le16(p) | (unsigned long)le16(p + 2) << 16;
}

static unsigned long
le24(const unsigned char *p)
{
	return le16(p) | (unsigned long)p[2] << 16;
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

/* Whether a zip archive holds "[Content_Types].xml" (an Office Open XML
 * file that libmagic saw only as a zip): its central directory, read
 * from the end-of-central-directory record. */
static int
zip_is_ooxml(struct arena *a, int fd, int64_t size)
{
	static const char	 want[] = "[Content_Types].xml";
	unsigned char		 tail[65557], *cd, *e = NULL;
	int64_t			 tlen = size < (int64_t)sizeof(tail) ? size :
	    (int64_t)sizeof(tail);
	unsigned long		 cd_size, cd_off, i, entries, off;
	unsigned		 nlen;

	if (tlen < 22 || read_at(fd, tail, (size_t)tlen, size - tlen) == -1)
		return 0;
	for (i = (unsigned long)tlen - 22 + 1; i-- > 0;)
		if (be32(tail + i) == 0x504b0506UL) {
			e = tail + i;
			break;
		}
	if (e == NULL)
		return 0;
	entries = le16(e + 10);
	cd_size = le32(e + 12);
	cd_off = le32(e + 16);
	if (cd_size > ZIP_CD_MAX || (int64_t)(cd_off + cd_size) > size ||
	    (cd = arena_alloc(a, cd_size + 1)) == NULL ||
	    read_at(fd, cd, cd_size, (int64_t)cd_off) == -1)
		return 0;
	for (i = 0, off = 0; i < entries && off + 46 <= cd_size; i++) {
		if (be32(cd + off) != 0x504b0102UL)
			return 0;
		nlen = le16(cd + off + 28);
		if (off + 46 + nlen > cd_size)
			return 0;
		if (nlen == sizeof(want) - 1 &&
		    memcmp(cd + off + 46, want, nlen) == 0)
			return 1;
		off += 46 + nlen + le16(cd + off + 30) + le16(cd + off + 32);
	}
	return 0;
}

/* Width and height from an image's header: 0, or -1 when not found (a
 * header libmagic accepted but this does not know: let it pass). */
static int
image_size(int fd, const char *mime, unsigned long *w, unsigned long *h)
{
	unsigned char	 b[32];
	int64_t		 off;
	int		 i;

	if (strcmp(mime, "image/png") == 0) {
		if (read_at(fd, b, 24, 0) == -1)
			return -1;
		*w = be32(b + 16), *h = be32(b + 20);
	} else if (strcmp(mime, "image/gif") == 0) {
		if (read_at(fd, b, 10, 0) == -1)
			return -1;
		*w = le16(b + 6), *h = le16(b + 8);
	} else if (strcmp(mime, "image/webp") == 0) {
		if (read_at(fd, b, 30, 0) == -1)
			return -1;
		if (memcmp(b + 12, "VP8 ", 4) == 0)
			*w = le16(b + 26) & 0x3fff, *h = le16(b + 28) & 0x3fff;
		else if (memcmp(b + 12, "VP8L", 4) == 0)
			*w = (le32(b + 21) & 0x3fff) + 1,
			*h = ((le32(b + 21) >> 14) & 0x3fff) + 1;
		else if (memcmp(b + 12, "VP8X", 4) == 0)
			*w = le24(b + 24) + 1, *h = le24(b + 27) + 1;
		else
			return -1;
	} else if (strcmp(mime, "image/jpeg") == 0) {
		/* Segments up to a start of frame (SOF0..15 but DHT, JPG, DAC). */
		for (off = 2, i = 0; i < 1000; i++) {
			if (read_at(fd, b, 9, off) == -1 || b[0] != 0xff)
				return -1;
			if (b[1] >= 0xc0 && b[1] <= 0xcf && b[1] != 0xc4 &&
			    b[1] != 0xc8 && b[1] != 0xcc) {
				*h = (unsigned long)b[5] << 8 | b[6];
				*w = (unsigned long)b[7] << 8 | b[8];
				return 0;
			}
			if (b[1] == 0xff) {		/* fill byte */
				off++;
				continue;
			}
			off += 2 + ((int64_t)b[2] << 8 | b[3]);
		}
		return -1;
	} else
		return -1;
	return 0;
}

/* -- the check ---------------------------------------------------------- */

int
file_type_check(struct arena *a, int fd, int64_t size, const char *name,
    enum file_kind k, const char **mime, const char **clean_name,
    const char **why)
{
	const struct kind	*kd = &kinds[k];
	const struct ftype	*t;
	const char		*sniffed, *ooxml = NULL;
	char			 ext[9];
	int			 has_ext, r;
	unsigned long		 w, h;
	magic_t			 m;

	if ((*clean_name = file_clean_name(a, name)) == NULL)
		return -1;
	has_ext = extension(*clean_name, ext);
	if (size == 0) {
		*why = "Файл пустой";
		return FILE_REFUSED;
	}
	if ((m = magic()) == NULL)
		return -1;
	if (lseek(fd, 0, SEEK_SET) == -1 ||
	    (sniffed = magic_descriptor(m, fd)) == NULL) {
		log_error("libmagic: %s", magic_error(m) ? magic_error(m) : "?");
		return -1;
	}
	if ((sniffed = arena_strdup(a, sniffed)) == NULL)
		return -1;
	/* Office Open XML that some producers' zips hide from libmagic; an
	 * OLE container of no application libmagic knows, named .doc/.xls/.ppt:
	 * the type the name says, which the allow-list then judges. */
	if (has_ext && (strcmp(sniffed, "application/zip") == 0 ||
	    strcmp(sniffed, "application/octet-stream") == 0) &&
	    (strcmp(ext, "docx") == 0 || strcmp(ext, "xlsx") == 0 ||
	    strcmp(ext, "pptx") == 0) && zip_is_ooxml(a, fd, size))
		ooxml = ext[0] == 'd' ? DOCX : ext[0] == 'x' ? XLSX : PPTX;
	else if (has_ext && (strcmp(sniffed, "application/vnd.ms-office") == 0 ||
	    strcmp(sniffed, "application/x-ole-storage") == 0 ||
	    strcmp(sniffed, "application/CDFV2") == 0) &&
	    (strcmp(ext, "doc") == 0 || strcmp(ext, "xls") == 0 ||
	    strcmp(ext, "ppt") == 0))
		ooxml = ext[0] == 'd' ? "application/msword" : ext[0] == 'x' ?
		    "application/vnd.ms-excel" : "application/vnd.ms-powerpoint";
	t = find_type(ooxml ? ooxml : sniffed);
	for (r = 0; r < 2 && t != NULL; r++)
		if (t->cls & kd->rule[r].cls)
			break;
	if (t == NULL || r == 2) {
		*why = arena_printf(a, "%s%s%s", kd->refusal, sniffed,
		    kd->allowed);
		return FILE_REFUSED;
	}
	if (size > kd->rule[r].max) {
		*why = arena_printf(a, "Файл слишком большой. Максимум: %lld MB",
		    (long long)(kd->rule[r].max / MB));
		return FILE_REFUSED;
	}
	if (has_ext && !in_list(t->exts, ext)) {
		*why = arena_printf(a, "Расширение .%s не соответствует "
		    "содержимому файла (%s)", ext, t->store_as ? t->store_as :
		    t->mime);
		return FILE_REFUSED;
	}
	if (!has_ext && ((*clean_name = arena_printf(a, "%s.%.*s", *clean_name,
	    (int)strcspn(t->exts, " "), t->exts)) == NULL ||
	    (*clean_name = fit_name(a, *clean_name)) == NULL))
		return -1;
	if ((t->cls & C_IMAGE) && image_size(fd, t->mime, &w, &h) == 0 &&
	    (w == 0 || h == 0 || w > PIXELS_MAX || h > PIXELS_MAX)) {
		*why = arena_printf(a, "Размер изображения %lux%lu точек: "
		    "допустимо от 1x1 до %dx%d", w, h, PIXELS_MAX, PIXELS_MAX);
		return FILE_REFUSED;
	}
	*mime = t->store_as ? t->store_as : t->mime;
	return 0;
}

/* -- Content-Disposition ------------------------------------------------ */

const char *
file_disposition(struct arena *a, const char *mime, const char *name)
{
	static const char	 hexd[] = "0123456789ABCDEF";
	const struct ftype	*t = find_type(mime);
	const unsigned char	*s;
	struct buf		 b;
	size_t			 n;
	int			 inl;

	inl = t != NULL && (t->cls & (C_IMAGE | C_AUDIO | C_PDF));
	buf_init(&b, a);
	buf_puts(&b, inl ? "inline; filename=\"" : "attachment; filename=\"");
	for (s = (const unsigned char *)name; *s != '\0'; s += n) {
		(void)utf8_next(s, &n);
		buf_putc(&b, n == 1 && *s >= 0x20 && *s < 0x7f && *s != '"' &&
		    *s != '\\' && *s != '%' ? (char)*s : '_');
	}
	buf_puts(&b, "\"; filename*=UTF-8''");
	for (s = (const unsigned char *)name; *s != '\0'; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("!#$&+-.^_`|~", *s))
			buf_putc(&b, (char)*s);
		else {
			buf_putc(&b, '%');
			buf_putc(&b, hexd[*s >> 4]);
			buf_putc(&b, hexd[*s & 15]);
		}
	return b.err ? NULL : buf_str(&b);
}
