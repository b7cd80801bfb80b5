/* Counters for GET /metrics in memory shared by all processes. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/router.h"

static const int statuses[] = { 200, 201, 204, 301, 302, 303, 304, 400, 401,
    403, 404, 405, 409, 413, 415, 429, 500, 502, 503, 504, 0 /* other */ };
#define NSTATUS	(sizeof(statuses) / sizeof(statuses[0]))

static const double bounds[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
    0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };
#define NBUCKET	(sizeof(bounds) / sizeof(bounds[0]) + 1)	/* + Inf */

struct route_stats {
	uint64_t	 status[NSTATUS];
	uint64_t	 bucket[NBUCKET];	/* not cumulative */
	uint64_t	 sum_us;
};

struct job_stats {
	uint64_t	 runs, failures, sum_us;
	int64_t		 last_us;
};

static const char *const ext_ops[MX_NOPS] = { "oauth_token",
    "meeting_create", "meeting_get", "meeting_update", "meeting_end",
    "meeting_delete" };
static const char *const ext_outcomes[MXO_N] = { "ok", "client_error",
    "rate_limited", "server_error", "timeout", "network_error" };

struct ext_stats {
	uint64_t	 outcome[MXO_N];
	uint64_t	 bucket[NBUCKET];	/* not cumulative */
	uint64_t	 sum_us;
};

static const char *const rt_ops[MRT_NOPS] = { "publish", "revoke" };
/* delivered: a subscriber was connected (nchan's 201); queued: kept in the
 * channel's buffer for a later connection (202, or a revoke of a channel
 * nobody held); failed: no answer, a timeout or another status. */
static const char *const rt_outcomes[MRTO_N] = { "delivered", "queued",
    "failed" };

struct shared {
	struct job_stats job[METRICS_JOBS_MAX];
	struct ext_stats zoom[MX_NOPS];
	struct ext_stats realtime[MRT_NOPS];	/* outcome[] by rt_outcomes */
	int64_t		 inflight;
	uint64_t	 worker_restarts;
	uint64_t	 db_errors;
	uint64_t	 db_connects;
	uint64_t	 cache[2];		/* misses, hits */
	int64_t		 started;		/* Unix seconds */
	struct route_stats route[];		/* nroutes + 1 (unmatched) */
};

static struct shared	*m;
static size_t		 nslots;

#define ADD(p, v)	__atomic_fetch_add((p), (v), __ATOMIC_RELAXED)
#define LOAD(p)		__atomic_load_n((p), __ATOMIC_RELAXED)

int
metrics_init(size_t nroutes)
{
	size_t	 size = sizeof(*m) + (nroutes + 1) * sizeof(m->route[0]);
	void	*p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED) {
		log_warn("metrics: mmap");
		return -1;
	}
	m = p;
	nslots = nroutes + 1;
	m->started = (int64_t)time(NULL);
	return 0;
}

void
metrics_request(size_t route, int status, double seconds)
{
	struct route_stats	*rs;
	size_t			 i, b;

	if (m == NULL)
		return;
	rs = &m->route[route < nslots ? route : nslots - 1];
	for (i = 0; i < NSTATUS - 1 && statuses[i] != status; i++)
		;
	ADD(&rs->status[i], 1);
	for (b = 0; b < NBUCKET - 1 && seconds > bounds[b]; b++)
		;
	ADD(&rs->bucket[b], 1);
	ADD(&rs->sum_us, (uint64_t)(seconds * 1e6));
}

void
metrics_job(size_t job, int ok, double seconds)
{
	if (m == NULL || job >= METRICS_JOBS_MAX)
		return;
	ADD(&m->job[job].runs, 1);
	if (!ok)
		ADD(&m->job[job].failures, 1);
	ADD(&m->job[job].sum_us, (uint64_t)(seconds * 1e6));
	__atomic_store_n(&m->job[job].last_us, (int64_t)(seconds * 1e6),
	    __ATOMIC_RELAXED);
}

void
metrics_inflight(int delta)
{
	if (m != NULL)
		ADD(&m->inflight, delta);
}

void
metrics_worker_restart(void)
{
	if (m != NULL)
		ADD(&m->worker_restarts, 1);
}

void
metrics_db_error(void)
{
	if (m != NULL)
		ADD(&m->db_errors, 1);
}

void
metrics_db_connect(void)
{
	if (m != NULL)
		ADD(&m->db_connects, 1);
}

void
metrics_cache(int hit)
{
	if (m != NULL)
		ADD(&m->cache[hit != 0], 1);
}

void
metrics_zoom(enum metrics_ext_op op, enum metrics_ext_outcome o, double seconds)
{
	struct ext_stats	*x;
	size_t			 b;

	if (m == NULL || op >= MX_NOPS || o >= MXO_N)
		return;
	x = &m->zoom[op];
	ADD(&x->outcome[o], 1);
	for (b = 0; b < NBUCKET - 1 && seconds > bounds[b]; b++)
		;
	ADD(&x->bucket[b], 1);
	ADD(&x->sum_us, (uint64_t)(seconds * 1e6));
}

void
metrics_realtime(enum metrics_rt_op op, enum metrics_rt_outcome o,
    double seconds)
{
	struct ext_stats	*x;
	size_t			 b;

	if (m == NULL || op >= MRT_NOPS || o >= MRTO_N)
		return;
	x = &m->realtime[op];
	ADD(&x->outcome[o], 1);
	for (b = 0; b < NBUCKET - 1 && seconds > bounds[b]; b++)
		;
	ADD(&x->bucket[b], 1);
	ADD(&x->sum_us, (uint64_t)(seconds * 1e6));
}

/* Counters by operation and outcome, and a duration histogram per
 * operation, of an outside service (Zoom, nchan). */
struct ext_family {
	const char		*total, *total_help;	/* the counter */
	const char		*hist, *hist_help;	/* the histogram */
	const char *const	*ops;
	size_t			 nops;
	const char *const	*outcomes;
	size_t			 nout;
	struct ext_stats	*stats;			/* nops of them */
};

static void
render_ext(struct buf *b, const struct ext_family *f)
{
	struct ext_stats	*x;
	uint64_t		 cum;
	size_t			 op, k;

	buf_printf(b, "# HELP %s %s\n# TYPE %s counter\n", f->total, f->total_help,
	    f->total);
	for (op = 0; op < f->nops; op++)
		for (k = 0; k < f->nout; k++)
			buf_printf(b, "%s{operation=\"%s\",outcome=\"%s\"} %llu\n",
			    f->total, f->ops[op], f->outcomes[k],
			    (unsigned long long)LOAD(&f->stats[op].outcome[k]));
	buf_printf(b, "# HELP %s %s\n# TYPE %s histogram\n", f->hist, f->hist_help,
	    f->hist);
	for (op = 0; op < f->nops; op++) {
		x = &f->stats[op];
		for (k = 0, cum = 0; k < NBUCKET; k++) {
			cum += LOAD(&x->bucket[k]);
			if (k < NBUCKET - 1)
				buf_printf(b, "%s_bucket{operation=\"%s\",le=\"%g\"} %llu\n",
				    f->hist, f->ops[op], bounds[k], (unsigned long long)cum);
			else
				buf_printf(b, "%s_bucket{operation=\"%s\",le=\"+Inf\"} %llu\n",
				    f->hist, f->ops[op], (unsigned long long)cum);
		}
		buf_printf(b, "%s_sum{operation=\"%s\"} %.6f\n", f->hist, f->ops[op],
		    (double)LOAD(&x->sum_us) / 1e6);
		buf_printf(b, "%s_count{operation=\"%s\"} %llu\n", f->hist, f->ops[op],
		    (unsigned long long)cum);
	}
}

static void
render_zoom(struct buf *b)
{
	struct ext_family	 f = { "tpanel_zoom_requests_total", "Requests to the "
	    "Zoom API (each retry counts), by operation and outcome.",
	    "tpanel_zoom_request_duration_seconds", "Time of one request to the "
	    "Zoom API, by operation.", ext_ops, MX_NOPS, ext_outcomes, MXO_N,
	    m->zoom };

	render_ext(b, &f);
}

static void
render_realtime(struct buf *b)
{
	struct ext_family	 f = { "tpanel_realtime_publish_total", "Events sent "
	    "to nchan (publish) and channels closed (revoke), by outcome; a "
	    "failure never fails the write that caused it.",
	    "tpanel_realtime_publish_duration_seconds", "Time of one request to "
	    "nchan's publisher.", rt_ops, MRT_NOPS, rt_outcomes, MRTO_N,
	    m->realtime };

	render_ext(b, &f);
}

static void
route_label(struct buf *b, const struct route *routes, size_t i, size_t n)
{
	if (i == n)
		buf_puts(b, "method=\"\",route=\"unmatched\"");
	else	/* patterns are ours: no quotes or backslashes to escape */
		buf_printf(b, "method=\"%s\",route=\"%s\"", routes[i].method,
		    routes[i].pattern);
}

static void
render_jobs(struct buf *b, const char *const *jobs, size_t njobs)
{
	static const char *const fam[][3] = {
		{ "tpanel_job_runs_total", "counter", "Runs of each periodic job." },
		{ "tpanel_job_failures_total", "counter", "Runs that failed." },
		{ "tpanel_job_duration_seconds_sum", "counter", "Time spent in each job." },
		{ "tpanel_job_last_duration_seconds", "gauge", "Duration of the last run." },
	};
	size_t	 f, j;

	for (f = 0; f < 4; f++) {
		buf_printf(b, "# HELP %s %s\n# TYPE %s %s\n", fam[f][0], fam[f][2],
		    fam[f][0], fam[f][1]);
		for (j = 0; j < njobs && j < METRICS_JOBS_MAX; j++) {
			struct job_stats *js = &m->job[j];

			buf_printf(b, "%s{job=\"%s\"} ", fam[f][0], jobs[j]);
			if (f == 0)
				buf_printf(b, "%llu\n", (unsigned long long)LOAD(&js->runs));
			else if (f == 1)
				buf_printf(b, "%llu\n",
				    (unsigned long long)LOAD(&js->failures));
			else if (f == 2)
				buf_printf(b, "%.6f\n", (double)LOAD(&js->sum_us) / 1e6);
			else
				buf_printf(b, "%.6f\n", (double)LOAD(&js->last_us) / 1e6);
		}
	}
}

void
metrics_render(struct buf *b, const struct route *routes, size_t n,
    const char *const *jobs, size_t njobs)
{
	struct route_stats	*rs;
	uint64_t		 v, cum;
	size_t			 i, k;

	if (m == NULL)
		return;
	buf_puts(b, "# HELP tpanel_http_requests_total Requests answered, by route and status.\n"
	    "# TYPE tpanel_http_requests_total counter\n");
	for (i = 0; i < nslots; i++)
		for (k = 0; k < NSTATUS; k++) {
			if ((v = LOAD(&m->route[i].status[k])) == 0)
				continue;
			buf_puts(b, "tpanel_http_requests_total{");
			route_label(b, routes, i, n);
			if (statuses[k])
				buf_printf(b, ",status=\"%d\"} %llu\n", statuses[k],
				    (unsigned long long)v);
			else
				buf_printf(b, ",status=\"other\"} %llu\n",
				    (unsigned long long)v);
		}
	buf_puts(b, "# HELP tpanel_http_request_duration_seconds Time to answer, by route.\n"
	    "# TYPE tpanel_http_request_duration_seconds histogram\n");
	for (i = 0; i < nslots; i++) {
		rs = &m->route[i];
		for (k = 0, cum = 0; k < NBUCKET; k++)
			cum += LOAD(&rs->bucket[k]);
		if (cum == 0)
			continue;
		for (k = 0, cum = 0; k < NBUCKET; k++) {
			cum += LOAD(&rs->bucket[k]);
			buf_puts(b, "tpanel_http_request_duration_seconds_bucket{");
			route_label(b, routes, i, n);
			if (k < NBUCKET - 1)
				buf_printf(b, ",le=\"%g\"} %llu\n", bounds[k],
				    (unsigned long long)cum);
			else
				buf_printf(b, ",le=\"+Inf\"} %llu\n",
				    (unsigned long long)cum);
		}
		buf_puts(b, "tpanel_http_request_duration_seconds_sum{");
		route_label(b, routes, i, n);
		buf_printf(b, "} %.6f\n", (double)LOAD(&rs->sum_us) / 1e6);
		buf_puts(b, "tpanel_http_request_duration_seconds_count{");
		route_label(b, routes, i, n);
		buf_printf(b, "} %llu\n", (unsigned long long)cum);
	}
	buf_printf(b,
	    "# HELP tpanel_http_requests_in_flight Requests being served now.\n"
	    "# TYPE tpanel_http_requests_in_flight gauge\n"
	    "tpanel_http_requests_in_flight %lld\n"
	    "# HELP tpanel_worker_restarts_total Workers that died and were replaced.\n"
	    "# TYPE tpanel_worker_restarts_total counter\n"
	    "tpanel_worker_restarts_total %llu\n"
	    "# HELP tpanel_db_errors_total Failed database statements and connects.\n"
	    "# TYPE tpanel_db_errors_total counter\n"
	    "tpanel_db_errors_total %llu\n"
	    "# HELP tpanel_db_connects_total Database connections opened (a reconnect counts).\n"
	    "# TYPE tpanel_db_connects_total counter\n"
	    "tpanel_db_connects_total %llu\n"
	    "# HELP tpanel_response_cache_total Answers of cached routes, by "
	    "whether a worker's cache had them.\n"
	    "# TYPE tpanel_response_cache_total counter\n"
	    "tpanel_response_cache_total{result=\"hit\"} %llu\n"
	    "tpanel_response_cache_total{result=\"miss\"} %llu\n"
	    "# HELP tpanel_start_time_seconds When tpanel serve started.\n"
	    "# TYPE tpanel_start_time_seconds gauge\n"
	    "tpanel_start_time_seconds %lld\n",
	    (long long)LOAD(&m->inflight),
	    (unsigned long long)LOAD(&m->worker_restarts),
	    (unsigned long long)LOAD(&m->db_errors),
	    (unsigned long long)LOAD(&m->db_connects),
	    (unsigned long long)LOAD(&m->cache[1]),
	    (unsigned long long)LOAD(&m->cache[0]), (long long)m->started);
	render_jobs(b, jobs, njobs);
	render_zoom(b);
	render_realtime(b);
}
