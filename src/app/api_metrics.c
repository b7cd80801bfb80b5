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
#include "db/db_pool.h"
#include "domain/pool.h"
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

/* The pool's gauges, from the database (left out while it is down). */
static void
pool_gauges(struct req *r, struct buf *b)
{
	struct pool_stats	 s;

	if (db_pool_stats(r->arena, pool_daily_cap(), &s) == -1)
		return;
	buf_printf(b, "# HELP tpanel_pool_accounts_total Zoom pool accounts.\n"
	    "# TYPE tpanel_pool_accounts_total gauge\n"
	    "tpanel_pool_accounts_total %lld\n"
	    "# HELP tpanel_pool_accounts_active Zoom pool accounts switched on.\n"
	    "# TYPE tpanel_pool_accounts_active gauge\n"
	    "tpanel_pool_accounts_active %lld\n"
	    "# HELP tpanel_pool_accounts_available Accounts that may take a lesson now.\n"
	    "# TYPE tpanel_pool_accounts_available gauge\n"
	    "tpanel_pool_accounts_available %lld\n"
	    "# HELP tpanel_pool_leases_open Lessons holding a pool account now.\n"
	    "# TYPE tpanel_pool_leases_open gauge\n"
	    "tpanel_pool_leases_open %lld\n"
	    "# HELP tpanel_pool_capacity Meetings the active accounts may hold at once.\n"
	    "# TYPE tpanel_pool_capacity gauge\n"
	    "tpanel_pool_capacity %lld\n",
	    (long long)s.total, (long long)s.active, (long long)s.available,
	    (long long)s.sessions, (long long)s.capacity);
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
	pool_gauges(r, &b);
	if (b.err)
		return resp_error(r, 500, "Internal server error");
	return resp_text(r, 200, "text/plain; version=0.0.4; charset=utf-8",
	    buf_str(&b), b.len);
}
