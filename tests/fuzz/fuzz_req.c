/* The request as the FastCGI layer hands it over: parameters (path, query,
 * cookies, lengths, headers), then the body read as a form or as a JSON
 * object into typed fields, then routed through the real route table.
 * Input: "NAME=value" lines, an empty line, the body. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/req.h"
#include "core/router.h"
#include "core/worker.h"

#define NENV	64

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
read_fields(struct req *r)
{
	struct json_object	*o;
	const char		*s;
	int64_t			*ids;
	size_t			 n;
	int			 b;

	if ((o = input_body_or_reply(r)) == NULL)
		return;
	(void)input_str_or_reply(r, o, "name", &s);
	(void)input_str_or_reply(r, o, "start_time", &s);
	(void)input_bool_or_reply(r, o, "dry_run", &b);
	(void)input_ids_or_reply(r, o, "student_ids", &ids, &n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config		 cfg;
	struct arena		 a;
	struct req		 r;
	const struct route	*rt;
	char			*in, *body, *line, *env[NENV], allow[128];
	int64_t			 ids[REQ_PATH_IDS];
	size_t			 nenv = 0, nids;

	memset(&cfg, 0, sizeof(cfg));
	arena_init(&a, 1 << 20);
	if ((in = arena_strndup(&a, (const char *)data, size)) == NULL)
		goto out;
	if ((body = strstr(in, "\n\n")) != NULL) {
		*body = '\0';
		body += 2;
	}
	for (line = in; line != NULL && nenv < NENV - 1; nenv++) {
		env[nenv] = line;
		if ((line = strchr(line, '\n')) != NULL)
			*line++ = '\0';
	}
	env[nenv] = NULL;

	memset(&r, 0, sizeof(r));
	r.arena = &a;
	r.cfg = &cfg;
	buf_init(&r.out, &a);
	buf_init(&r.headers, &a);
	if (req_parse(&r, env, 1 << 20) != REQ_OK)
		goto out;
	(void)req_query(&r, "page");
	(void)req_cookie(&r, "tp_session");
	if (body != NULL) {
		r.face = FACE_JSON;	/* only the API reads bodies this way */
		r.body = body;
		r.body_len = strlen(body);
		read_fields(&r);
	}
	(void)router_match(app.routes, app.nroutes, r.method, r.path, &rt, ids,
	    &nids, allow, sizeof(allow));
out:
	arena_free(&a);
	return 0;
}
