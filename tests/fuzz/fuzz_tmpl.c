/* The template engine: any source either compiles or is refused, and a
 * compiled one renders any JSON context, escaping every {{var}}. Input: the
 * template, a NUL byte, the context as JSON. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/tmpl.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*src = (const char *)data, *ctx;
	struct tmpl_set		*t;
	struct json_object	*o = NULL;
	struct arena		 a;
	struct buf		 out;
	size_t			 n = strnlen(src, size);
	char			 err[256];

	arena_init(&a, 1 << 20);
	if ((t = tmpl_set_new()) == NULL)
		goto done;
	/* A partial the fuzzed template may name, and itself by name. */
	if (tmpl_add(t, "p", "<i>{{x}}</i>{{#xs}}{{.}}{{/xs}}", 30, err,
	    sizeof(err)) == -1 ||
	    tmpl_add(t, "f", src, n, err, sizeof(err)) == -1)
		goto done;
	ctx = n < size ? src + n + 1 : "{}";
	o = json_parse(&a, ctx, n < size ? size - n - 1 : 2);
	buf_init(&out, &a);
	(void)tmpl_render(t, "f", o, &out);
	if (!out.err && memchr(buf_str(&out), '<', out.len) != NULL &&
	    strstr(src, "<") == NULL && strstr(src, "{{{") == NULL &&
	    strstr(src, "{{>") == NULL && strstr(src, "{{&") == NULL)
		__builtin_trap();	/* a '<' that came from a value */
done:
	tmpl_set_free(t);
	arena_free(&a);
	return 0;
}
