/* GET /metrics: Prometheus text, for the configured addresses or the
 * holder of the metrics token. */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/metrics.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "core/worker.h"
#include "jobs/scheduler.h"

static int
allowed(const struct req *r)
{
	const char	*tok = r->cfg->metrics_token, *h = r->authorization;
	struct slice	 list = { r->cfg->metrics_allow, strlen(r->cfg->metrics_allow) };
	struct slice	 one;

	if (tok[0] != '\0' && h != NULL && strncmp(h, "Bearer ", 7) == 0 &&
	    strlen(h + 7) == strlen(tok) && str_ct_eq(h + 7, tok, strlen(tok)))
		return 1;
	while (list.len) {
		slice_split(&list, ',', &one);
		one = slice_trim(one);
		if (one.len && slice_eq(one, r->remote_addr))
			return 1;
	}
	return 0;
}

int
api_metrics(struct req *r)
{
	struct buf		 b;
	const char *const	*jobs;
	size_t			 njobs;

	if (!allowed(r))
		return resp_error(r, 403, "Metrics are readable from the configured "
		    "addresses or with the metrics token only.");
	buf_init(&b, r->arena);
	jobs = scheduler_job_names(&njobs);
	metrics_render(&b, app.routes, app.nroutes, jobs, njobs);
	if (b.err)
		return resp_error(r, 500, "Internal server error");
	return resp_text(r, 200, "text/plain; version=0.0.4; charset=utf-8",
	    buf_str(&b), b.len);
}
