/* Route matching: literal segments, {id} integer parameters, {key} secret
 * tokens and {name} word parameters. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "core/req.h"
#include "core/router.h"
#include "core/str.h"

#define NAME_MAX_LEN	64

/* A {word} segment of a pattern other than {id}. */
static int
is_name(struct slice p)
{
	return p.len > 2 && p.p[0] == '{' && p.p[p.len - 1] == '}' &&
	    !slice_eq(p, "{id}");
}

/* What a {name} matches: 1..64 of [A-Za-z0-9_.-]. */
static int
name_ok(struct slice s)
{
	size_t	 i;

	if (s.len == 0 || s.len > NAME_MAX_LEN)
		return 0;
	for (i = 0; i < s.len; i++)
		if (!((s.p[i] >= 'a' && s.p[i] <= 'z') ||
		    (s.p[i] >= 'A' && s.p[i] <= 'Z') ||
		    (s.p[i] >= '0' && s.p[i] <= '9') ||
		    s.p[i] == '_' || s.p[i] == '-' || s.p[i] == '.'))
			return 0;
	return 1;
}

#define KEY_MAX	128

/* A {key} segment with its literal suffix (pattern "{key}.ics"): 1..KEY_MAX
 * base64url characters, then exactly the suffix. */
static int
key_match(struct slice ps, struct slice ss)
{
	size_t	 suf = ps.len - 5, n, i;

	if (ss.len <= suf || memcmp(ss.p + ss.len - suf, ps.p + 5, suf) != 0)
		return 0;
	n = ss.len - suf;
	if (n > KEY_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!((ss.p[i] >= 'A' && ss.p[i] <= 'Z') ||
		    (ss.p[i] >= 'a' && ss.p[i] <= 'z') ||
		    (ss.p[i] >= '0' && ss.p[i] <= '9') ||
		    ss.p[i] == '-' || ss.p[i] == '_'))
			return 0;
	return 1;
}

/* Whether path matches pattern, collecting {id} values. */
static int
match(const char *pat, const char *path, int64_t *ids, size_t *nids)
{
	struct slice	 p = { pat, strlen(pat) }, s = { path, strlen(path) };
	struct slice	 ps, ss;
	size_t		 n = 0;
	int		 more_p, more_s;

	/* Compare without the trailing slash; "/" stays "/". */
	if (p.len > 1 && p.p[p.len - 1] == '/')
		p.len--;
	if (s.len > 1 && s.p[s.len - 1] == '/')
		s.len--;
	for (;;) {
		more_p = slice_split(&p, '/', &ps) == 0;
		more_s = slice_split(&s, '/', &ss) == 0;
		if (slice_eq(ps, "{id}")) {
			if (n == REQ_PATH_IDS || ss.len == 0 || ss.p[0] == '0' ||
			    str_to_i64(ss.p, ss.len, 1, INT64_MAX, &ids[n]) == -1)
				return 0;
			n++;
		} else if (ps.len >= 5 && memcmp(ps.p, "{key}", 5) == 0) {
			if (!key_match(ps, ss))
				return 0;
		} else if (is_name(ps)) {
			if (!name_ok(ss))
				return 0;
		} else if (ps.len != ss.len || memcmp(ps.p, ss.p, ps.len) != 0)
			return 0;
		if (!more_p || !more_s)
			break;
	}
	if (more_p != more_s)
		return 0;
	*nids = n;
	return 1;
}

enum router_result
router_match(const struct route *t, size_t n, const char *method,
    const char *path, const struct route **out, int64_t *ids, size_t *nids,
    char *allow, size_t allowlen)
{
	size_t	 i, used = 0;
	int	 seen = 0;

	allow[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!match(t[i].pattern, path, ids, nids))
			continue;
		if (strcmp(t[i].method, method) == 0) {
			*out = &t[i];
			return ROUTER_FOUND;
		}
		if (strstr(allow, t[i].method) == NULL && used < allowlen) {
			int k = snprintf(allow + used, allowlen - used, "%s%s",
			    seen ? ", " : "", t[i].method);
			if (k > 0)
				used += (size_t)k;
			if (used >= allowlen)
				used = allowlen - 1;
		}
		seen = 1;
	}
	return seen ? ROUTER_BAD_METHOD : ROUTER_NOT_FOUND;
}

int
router_name(const char *pattern, const char *path, const char *name,
    struct slice *out)
{
	struct slice	 p = { pattern, strlen(pattern) };
	struct slice	 s = { path, strlen(path) }, ps, ss;
	size_t		 n = strlen(name), suffix;
	int		 more_p, more_s;

	do {
		more_p = slice_split(&p, '/', &ps) == 0;
		more_s = slice_split(&s, '/', &ss) == 0;
		if (ps.len >= n && memcmp(ps.p, name, n) == 0) {
			/* "{key}.ics": the literal after the name is no part of it. */
			suffix = ps.len - n;
			if (ss.len <= suffix)
				return -1;
			out->p = ss.p;
			out->len = ss.len - suffix;
			return 0;
		}
	} while (more_p && more_s);
	return -1;
}