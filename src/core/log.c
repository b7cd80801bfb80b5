/* Structured JSON log lines to stderr. */
#include "autoconf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/log.h"

static enum log_level	 min_level = LOG_INFO;
static const char	*cur_id, *cur_route;
static const char *const names[] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level l)
{
	min_level = l;
}

int
log_level_parse(const char *s, enum log_level *out)
{
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	return -1;
}

void
log_set_request(const char *id, const char *route)
{
	cur_id = id;
	cur_route = route;
}

void
log_json_escape(struct buf *b, const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p == '\n')
			buf_puts(b, "\\n");
		else if (*p < 0x20 || *p == 0x7f)
			buf_printf(b, "\\u%04x", *p);
		else
			buf_putc(b, (char)*p);
	}
}

/* Lines that could not be written whole (a full disk writes what fits of
 * a line, then nothing) and how many of them a later line has ended: while
 * they differ, the next line starts with a newline, so that it does not
 * run on from a fragment. Shared by the processes of serve (log_share), as
 * a fragment may be another's. */
struct torn {
	unsigned long	 cut, ended;
};
static struct torn	 own, *torn = &own;

int
log_share(void)
{
	void	*p;

	p = mmap(NULL, sizeof(*torn), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	torn = p;
	return 0;
}

/* Write the line at buf + 1 (n bytes, its newline included) in one go,
 * buf[0] taking the newline that ends a line cut short before. */
static void
put(char *buf, size_t n)
{
	unsigned long	 cut = __atomic_load_n(&torn->cut, __ATOMIC_ACQUIRE);
	unsigned long	 ended = __atomic_load_n(&torn->ended, __ATOMIC_ACQUIRE);
	size_t		 off = cut != ended ? 0 : 1;

	buf[0] = '\n';
	if (write(STDERR_FILENO, buf + off, n + 1 - off) !=
	    (ssize_t)(n + 1 - off)) {
		__atomic_fetch_add(&torn->cut, 1, __ATOMIC_RELEASE);
		return;
	}
	/* Ended up to cut, unless another ended more meanwhile. */
	while (off == 0 && (long)(cut - ended) > 0 &&
	    !__atomic_compare_exchange_n(&torn->ended, &ended, cut, 0,
	    __ATOMIC_RELEASE, __ATOMIC_ACQUIRE))
		;
}

void
log_json_line(const char *json)
{
	size_t	 n = strlen(json);
	char	 line[4096], *buf = line;

	/* One write per line keeps lines whole across processes. */
	if (n + 2 > sizeof(line) && (buf = malloc(n + 2)) == NULL)
		return;
	memcpy(buf + 1, json, n);
	buf[n + 1] = '\n';
	put(buf, n + 1);
	if (buf != line)
		free(buf);
}

static void vlog(enum log_level, const char *, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

static void
vlog(enum log_level l, const char *err, const char *fmt, va_list ap)
{
	struct buf	 b;
	char		 msg[2048], ts[32];
	struct timespec	 now;
	struct tm	 tm;

	if (l < min_level)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_init(&b, NULL);
	buf_printf(&b, "{\"ts\":\"%s.%03ldZ\",\"level\":\"%s\",\"pid\":%ld",
	    ts, now.tv_nsec / 1000000, names[l], (long)getpid());
	if (cur_id != NULL) {
		buf_puts(&b, ",\"req\":\"");
		log_json_escape(&b, cur_id);
		buf_putc(&b, '"');
	}
	if (cur_route != NULL) {
		buf_puts(&b, ",\"route\":\"");
		log_json_escape(&b, cur_route);
		buf_putc(&b, '"');
	}
	buf_puts(&b, ",\"msg\":\"");
	log_json_escape(&b, msg);
	if (err != NULL) {
		buf_puts(&b, ": ");
		log_json_escape(&b, err);
	}
	buf_puts(&b, "\"}");
	if (!b.err)
		log_json_line(buf_str(&b));
	buf_free(&b);
}

#define LOGFN(name, level, witherr)					\
void									\
name(const char *fmt, ...)						\
{									\
	va_list	 ap;							\
	int	 saved = errno;						\
									\
	va_start(ap, fmt);						\
	vlog(level, witherr ? strerror(saved) : NULL, fmt, ap);	\
	va_end(ap);							\
	errno = saved;							\
}

LOGFN(log_debug, LOG_DEBUG, 0)
LOGFN(log_info, LOG_INFO, 0)
LOGFN(log_warnx, LOG_WARN, 0)
LOGFN(log_warn, LOG_WARN, 1)
LOGFN(log_error, LOG_ERROR, 0)

void
fatal(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog(LOG_ERROR, NULL, fmt, ap);
	va_end(ap);
	exit(1);
}
