/* Logic-less templates: compiled to node trees at boot, walked per request. */
#include "autoconf.h"

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/html.h"
#include "core/str.h"
#include "core/tmpl.h"

#define NBUCKET		256	/* name hash buckets, a power of two */
#define CTX_MAX		32	/* context stack while rendering */
#define PARTIAL_MAX	16	/* partials inside partials */
#define NEST_MAX	64	/* sections inside sections, one template */
#define NAME_MAX_LEN	255	/* of a tag's name */
#define DIR_MAX		16	/* directory levels under the root */
#define PATH_LEN	1024

enum ntype {
	N_TEXT,
	N_VAR,			/* {{name}}, escaped */
	N_RAW,			/* {{{name}}} or {{&name}} */
	N_SECTION,		/* {{#name}} */
	N_INVERTED,		/* {{^name}} */
	N_PARTIAL		/* {{>name}} */
};

struct node {
	enum ntype	 type;
	int		 line;
	const char	*s;		/* text; name, segments NUL-separated */
	size_t		 len;		/* of text */
	size_t		 nseg;		/* segments of a name; 0 for "." */
	uint64_t	 hash;		/* of a partial's name */
	struct node	*kids;		/* section body */
	struct node	*next;
};

struct tmpl {
	const char	*name;
	uint64_t	 hash;
	struct node	*body;
	struct tmpl	*next;		/* hash chain */
};

/* All nodes, names and sources live in the arena. */
struct tmpl_set {
	struct arena	 arena;
	struct tmpl	*bucket[NBUCKET];
};

struct parse {
	struct arena	*a;
	const char	*name;
	char		*err;
	size_t		 errlen;
};

/* An open section while compiling. */
struct frame {
	struct node	**tail;		/* where the next node goes */
	const char	*name;		/* as written, for the matching close */
	size_t		 len;
	int		 line;
};

struct render {
	const struct tmpl_set	*set;
	struct buf		*out;
	struct json_object	*ctx[CTX_MAX];
	int			 depth;
	int			 partials;
};

static void	 errf(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 fail(struct parse *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));
static int	 walk(struct render *, const struct node *);

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* "name:line: why" into the error buffer; always -1. */
static int
fail(struct parse *ps, int line, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (ps->err == NULL || ps->errlen == 0)
		return -1;
	n = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->name, line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct tmpl *
find(const struct tmpl_set *set, const char *name, uint64_t h)
{
	const struct tmpl	*t;

	for (t = set->bucket[h & (NBUCKET - 1)]; t != NULL; t = t->next)
		if (t->hash == h && strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

/* The first "cc" in [p, end), or NULL. */
static const char *
find2(const char *p, const char *end, char c)
{
	while (end - p >= 2) {
		if ((p = memchr(p, c, (size_t)(end - p) - 1)) == NULL)
			return NULL;
		if (p[1] == c)
			return p;
		p++;
	}
	return NULL;
}

/* The first "}}}" in [p, end), or NULL. */
static const char *
find3(const char *p, const char *end)
{
	while ((p = find2(p, end, '}')) != NULL) {
		if (end - p >= 3 && p[2] == '}')
			return p;
		p++;
	}
	return NULL;
}

static int
newlines(const char *p, const char *end)
{
	int	 n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

static int
space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
namechar(char c, int partial)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	    (partial && (c == '.' || c == '/'));
}

/* "." or dot-separated non-empty segments; partials: a path. */
static int
valid_name(const char *s, size_t n, int partial)
{
	size_t	 i;

	if (n == 0 || n > NAME_MAX_LEN)
		return 0;
	if (!partial && n == 1 && s[0] == '.')
		return 1;
	for (i = 0; i < n; i++) {
		if (namechar(s[i], partial))
			continue;
		if (partial || s[i] != '.' || i == 0 || i == n - 1 ||
		    s[i + 1] == '.')
			return 0;
	}
	return 1;
}

static struct node *
add_node(struct parse *ps, struct node ***tail, enum ntype type, int line)
{
	struct node	*n;

	if ((n = arena_zalloc(ps->a, sizeof(*n))) == NULL)
		return NULL;
	n->type = type;
	n->line = line;
	**tail = n;
	*tail = &n->next;
	return n;
}

/* Copy the name with its dots turned into NULs. */
static int
set_name(struct parse *ps, struct node *n, const char *s, size_t len)
{
	char	*p;
	size_t	 i;

	if ((p = arena_strndup(ps->a, s, len)) == NULL)
		return -1;
	n->s = p;
	if (len == 1 && s[0] == '.')
		return 0;
	n->nseg = 1;
	for (i = 0; i < len; i++)
		if (p[i] == '.') {
			p[i] = '\0';
			n->nseg++;
		}
	return 0;
}

/* One tag, its sigil and whitespace already stripped. */
static int
tag(struct parse *ps, struct frame *stk, int *depth, char sigil,
    const char *name, size_t len, int line)
{
	struct frame	*f = &stk[*depth];
	struct node	*n;
	enum ntype	 type;
	int		 show;

	show = len > 64 ? 64 : (int)len;
	if (len == 0)
		return fail(ps, line, "empty tag");
	if (!valid_name(name, len, sigil == '>'))
		return fail(ps, line, "bad name \"%.*s\"", show, name);
	switch (sigil) {
	case '/':
		if (*depth == 0)
			return fail(ps, line, "{{/%.*s}} without an open "
			    "section", show, name);
		if (f->len != len || memcmp(f->name, name, len) != 0)
			return fail(ps, line, "{{/%.*s}} does not close "
			    "{{#%.*s}} of line %d", show, name,
			    f->len > 64 ? 64 : (int)f->len, f->name, f->line);
		(*depth)--;
		return 0;
	case '>':
		if ((n = add_node(ps, &f->tail, N_PARTIAL, line)) == NULL ||
		    (n->s = arena_strndup(ps->a, name, len)) == NULL)
			return fail(ps, line, "out of memory");
		n->hash = str_hash(n->s);
		return 0;
	case '#':
	case '^':
		if (*depth == NEST_MAX)
			return fail(ps, line, "sections nest deeper than %d",
			    NEST_MAX);
		type = sigil == '#' ? N_SECTION : N_INVERTED;
		break;
	case '{':
	case '&':
		type = N_RAW;
		break;
	default:
		type = N_VAR;
		break;
	}
	if ((n = add_node(ps, &f->tail, type, line)) == NULL ||
	    set_name(ps, n, name, len) == -1)
		return fail(ps, line, "out of memory");
	if (type == N_SECTION || type == N_INVERTED) {
		f = &stk[++*depth];
		f->tail = &n->kids;
		f->name = name;
		f->len = len;
		f->line = line;
	}
	return 0;
}

/* Compile src (kept alive by the caller) into *body. */
static int
compile(struct parse *ps, const char *src, size_t len, struct node **body)
{
	struct frame	 stk[NEST_MAX + 1];
	const char	*p = src, *end = src + len, *open, *close, *in, *ie;
	struct node	*n;
	int		 depth = 0, line = 1, tline, raw;
	char		 sigil;

	*body = NULL;
	stk[0].tail = body;
	while (p < end) {
		if ((open = find2(p, end, '{')) == NULL)
			open = end;
		if (open > p) {
			if ((n = add_node(ps, &stk[depth].tail, N_TEXT,
			    line)) == NULL)
				return fail(ps, line, "out of memory");
			n->s = p;
			n->len = (size_t)(open - p);
			line += newlines(p, open);
		}
		if (open == end)
			break;
		tline = line;
		raw = end - open >= 3 && open[2] == '{';
		in = open + (raw ? 3 : 2);
		if ((close = raw ? find3(in, end) : find2(in, end, '}')) ==
		    NULL)
			return fail(ps, tline, "unclosed tag");
		p = close + (raw ? 3 : 2);
		line += newlines(open, p);
		ie = close;
		while (in < ie && space(*in))
			in++;
		sigil = raw ? '{' : in < ie ? *in : '\0';
		if (!raw && sigil != '\0' && strchr("#^/>!&=", sigil) != NULL)
			for (in++; in < ie && space(*in); in++)
				continue;
		if (sigil == '!')
			continue;
		if (sigil == '=')
			return fail(ps, tline, "delimiter changes are not "
			    "supported");
		while (ie > in && space(ie[-1]))
			ie--;
		if (tag(ps, stk, &depth, sigil, in, (size_t)(ie - in),
		    tline) == -1)
			return -1;
	}
	if (depth > 0)
		return fail(ps, stk[depth].line, "unclosed section \"%.*s\"",
		    stk[depth].len > 64 ? 64 : (int)stk[depth].len,
		    stk[depth].name);
	return 0;
}

struct tmpl_set *
tmpl_set_new(void)
{
	struct tmpl_set	*set;

	if ((set = calloc(1, sizeof(*set))) == NULL)
		return NULL;
	arena_init(&set->arena, 0);
	return set;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	if (set == NULL)
		return;
	arena_free(&set->arena);
	free(set);
}

int
tmpl_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, char *err, size_t errlen)
{
	struct parse	 ps;
	struct tmpl	*t;
	struct node	*body;
	const char	*copy;
	uint64_t	 h;

	if (name == NULL || *name == '\0') {
		errf(err, errlen, "template without a name");
		return -1;
	}
	h = str_hash(name);
	if (find(set, name, h) != NULL) {
		errf(err, errlen, "%s: template defined twice", name);
		return -1;
	}
	ps.a = &set->arena;
	ps.name = name;
	ps.err = err;
	ps.errlen = errlen;
	if ((copy = arena_strndup(&set->arena, len ? src : "", len)) == NULL ||
	    (t = arena_zalloc(&set->arena, sizeof(*t))) == NULL ||
	    (t->name = arena_strdup(&set->arena, name)) == NULL) {
		errf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	if (compile(&ps, copy, len, &body) == -1)
		return -1;
	t->hash = h;
	t->body = body;
	t->next = set->bucket[h & (NBUCKET - 1)];
	set->bucket[h & (NBUCKET - 1)] = t;
	return 0;
}

static int
check_nodes(const struct tmpl_set *set, const struct tmpl *t,
    const struct node *n, char *err, size_t errlen)
{
	for (; n != NULL; n = n->next) {
		if (n->type == N_PARTIAL && find(set, n->s, n->hash) == NULL) {
			errf(err, errlen, "%s:%d: missing partial \"%s\"",
			    t->name, n->line, n->s);
			return -1;
		}
		if (check_nodes(set, t, n->kids, err, errlen) == -1)
			return -1;
	}
	return 0;
}

int
tmpl_check(const struct tmpl_set *set, char *err, size_t errlen)
{
	const struct tmpl	*t;
	size_t			 i;

	for (i = 0; i < NBUCKET; i++)
		for (t = set->bucket[i]; t != NULL; t = t->next)
			if (check_nodes(set, t, t->body, err, errlen) == -1)
				return -1;
	return 0;
}

int
tmpl_has(const struct tmpl_set *set, const char *name)
{
	return find(set, name, str_hash(name)) != NULL;
}

static int
load_file(struct tmpl_set *set, const char *path, const char *name,
    char *err, size_t errlen)
{
	struct buf	 b;
	FILE		*f;
	char		 chunk[8192];
	size_t		 n;
	int		 rc = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf_init(&b, NULL);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f))
		errf(err, errlen, "%s: read error", path);
	else if (b.err)
		errf(err, errlen, "%s: out of memory", path);
	else
		rc = tmpl_add(set, name, buf_str(&b), b.len, err, errlen);
	buf_free(&b);
	fclose(f);
	return rc;
}

/* Load root/rel (rel "" for the root itself), recursively. */
static int
load(struct tmpl_set *set, const char *root, const char *rel, int level,
    char *err, size_t errlen)
{
	char		 dir[PATH_LEN], sub[PATH_LEN], path[PATH_LEN];
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	size_t		 n;
	int		 rc = -1, len;

	if (level > DIR_MAX) {
		errf(err, errlen, "%s/%s: directories nest too deep", root, rel);
		return -1;
	}
	len = *rel ? snprintf(dir, sizeof(dir), "%s/%s", root, rel) :
	    snprintf(dir, sizeof(dir), "%s", root);
	if (len < 0 || (size_t)len >= sizeof(dir)) {
		errf(err, errlen, "%s/%s: path too long", root, rel);
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		errf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0) {
				errf(err, errlen, "%s: %s", dir,
				    strerror(errno));
				goto out_close;
			}
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		len = *rel ? snprintf(sub, sizeof(sub), "%s/%s", rel,
		    de->d_name) : snprintf(sub, sizeof(sub), "%s", de->d_name);
		if (len < 0 || (size_t)len >= sizeof(sub) ||
		    (len = snprintf(path, sizeof(path), "%s/%s", root,
		    sub)) < 0 || (size_t)len >= sizeof(path)) {
			errf(err, errlen, "%s/%s: path too long", dir,
			    de->d_name);
			goto out_close;
		}
		if (stat(path, &st) == -1) {
			errf(err, errlen, "%s: %s", path, strerror(errno));
			goto out_close;
		}
		if (S_ISDIR(st.st_mode)) {
			if (load(set, root, sub, level + 1, err, errlen) == -1)
				goto out_close;
			continue;
		}
		n = strlen(sub);
		if (!S_ISREG(st.st_mode) || n <= 5 ||
		    strcmp(sub + n - 5, ".html") != 0)
			continue;
		sub[n - 5] = '\0';
		if (load_file(set, path, sub, err, errlen) == -1)
			goto out_close;
	}
	rc = 0;
out_close:
	closedir(d);
	return rc;
}

struct tmpl_set *
tmpl_load_dir(const char *dir, char *err, size_t errlen)
{
	struct tmpl_set	*set;

	if ((set = tmpl_set_new()) == NULL) {
		errf(err, errlen, "%s: out of memory", dir);
		return NULL;
	}
	if (load(set, dir, "", 0, err, errlen) == -1 ||
	    tmpl_check(set, err, errlen) == -1) {
		tmpl_set_free(set);
		return NULL;
	}
	return set;
}

/* Dotted names: the first segment from the innermost context out, the
 * rest strictly inside it. NULL when missing (or null). */
static struct json_object *
lookup(const struct render *r, const struct node *n)
{
	struct json_object	*v = NULL;
	const char		*seg = n->s;
	size_t			 i;
	int			 d;

	if (n->nseg == 0)
		return r->ctx[r->depth - 1];
	for (d = r->depth - 1; d >= 0; d--)
		if (json_object_is_type(r->ctx[d], json_type_object) &&
		    json_object_object_get_ex(r->ctx[d], seg, &v))
			break;
	if (d < 0)
		return NULL;
	for (i = 1; i < n->nseg; i++) {
		seg += strlen(seg) + 1;
		if (!json_object_is_type(v, json_type_object) ||
		    !json_object_object_get_ex(v, seg, &v))
			return NULL;
	}
	return v;
}

static int
truthy(struct json_object *v)
{
	switch (json_object_get_type(v)) {
	case json_type_boolean:
		return json_object_get_boolean(v);
	case json_type_int:
		return json_object_get_int64(v) != 0;
	case json_type_double:
		return json_object_get_double(v) != 0.0;
	case json_type_string:
		return json_object_get_string_len(v) > 0;
	case json_type_array:
		return json_object_array_length(v) > 0;
	case json_type_object:
		return 1;
	default:
		return 0;
	}
}

static void
value(struct render *r, struct json_object *v, int raw)
{
	char		 num[64];
	const char	*s = num;
	int64_t		 i;
	int		 n;

	switch (json_object_get_type(v)) {
	case json_type_string:
		s = json_object_get_string(v);
		n = json_object_get_string_len(v);
		break;
	case json_type_boolean:
		s = json_object_get_boolean(v) ? "true" : "false";
		n = (int)strlen(s);
		break;
	case json_type_int:
		/* Past INT64_MAX json-c holds it unsigned. */
		if ((i = json_object_get_int64(v)) == INT64_MAX)
			n = snprintf(num, sizeof(num), "%" PRIu64,
			    json_object_get_uint64(v));
		else
			n = snprintf(num, sizeof(num), "%" PRId64, i);
		break;
	case json_type_double:
		n = snprintf(num, sizeof(num), "%.15g",
		    json_object_get_double(v));
		break;
	default:
		return;
	}
	if (n <= 0 || (s == num && (size_t)n >= sizeof(num)))
		return;
	if (raw)
		buf_add(r->out, s, (size_t)n);
	else
		html_text(r->out, s, (size_t)n);
}

static int
with(struct render *r, struct json_object *v, const struct node *kids)
{
	int	 rc;

	if (r->depth == CTX_MAX)
		return -1;
	r->ctx[r->depth++] = v;
	rc = walk(r, kids);
	r->depth--;
	return rc;
}

static int
section(struct render *r, const struct node *n)
{
	struct json_object	*v = lookup(r, n);
	size_t			 i, len;

	if (!truthy(v))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return with(r, v, n->kids);
	len = json_object_array_length(v);
	for (i = 0; i < len; i++)
		if (with(r, json_object_array_get_idx(v, i), n->kids) == -1)
			return -1;
	return 0;
}

static int
partial(struct render *r, const struct node *n)
{
	const struct tmpl	*t;
	int			 rc;

	if (r->partials == PARTIAL_MAX ||
	    (t = find(r->set, n->s, n->hash)) == NULL)
		return -1;
	r->partials++;
	rc = walk(r, t->body);
	r->partials--;
	return rc;
}

static int
walk(struct render *r, const struct node *n)
{
	for (; n != NULL; n = n->next) {
		switch (n->type) {
		case N_TEXT:
			buf_add(r->out, n->s, n->len);
			break;
		case N_VAR:
		case N_RAW:
			value(r, lookup(r, n), n->type == N_RAW);
			break;
		case N_SECTION:
			if (section(r, n) == -1)
				return -1;
			break;
		case N_INVERTED:
			if (!truthy(lookup(r, n)) && walk(r, n->kids) == -1)
				return -1;
			break;
		case N_PARTIAL:
			if (partial(r, n) == -1)
				return -1;
			break;
		}
		if (r->out->err)
			return -1;
	}
	return 0;
}

int
tmpl_render(const struct tmpl_set *set, const char *name,
    struct json_object *ctx, struct buf *out)
{
	struct render		 r;
	const struct tmpl	*t;
	size_t			 start = out->len;

	if ((t = find(set, name, str_hash(name))) == NULL)
		return -1;
	r.set = set;
	r.out = out;
	r.ctx[0] = ctx;
	r.depth = 1;
	r.partials = 0;
	if (walk(&r, t->body) == -1 || out->err) {
		/* No half page: drop what this call appended. */
		out->len = start;
		if (out->p != NULL)
			out->p[start] = '\0';
		return -1;
	}
	return 0;
}
