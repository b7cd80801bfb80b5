/* Counters for GET /metrics, shared by every process of tpanel serve: an
 * anonymous shared mapping the master makes before forking, so they add
 * up over all workers and survive a worker's restart. Without
 * metrics_init (other subcommands) every call is a no-op. */
#ifndef CORE_METRICS_H
#define CORE_METRICS_H

#include <stddef.h>

struct buf;
struct route;

#define METRICS_JOBS_MAX	16

/* Map the counters for nroutes routes. 0 or -1. */
int	 metrics_init(size_t nroutes);
/* A periodic job ran (job: its index in the scheduler's table). */
void	 metrics_job(size_t job, int ok, double seconds);
/* One answered request: route index (nroutes: no route matched). */
void	 metrics_request(size_t route, int status, double seconds);
void	 metrics_inflight(int delta);
void	 metrics_worker_restart(void);
void	 metrics_db_error(void);
void	 metrics_db_connect(void);
/* An R_CACHE route's answer came from the cache (1) or not (0). */
void	 metrics_cache(int hit);
/* Calls to an outside API (Zoom): each HTTP attempt by operation and
 * outcome, with its duration. Names index the tables below. */
enum metrics_ext_op { MX_OAUTH, MX_CREATE, MX_GET, MX_UPDATE, MX_END,
	MX_DELETE, MX_NOPS };
enum metrics_ext_outcome { MXO_OK, MXO_CLIENT_ERROR, MXO_RATE_LIMITED,
	MXO_SERVER_ERROR, MXO_TIMEOUT, MXO_NETWORK, MXO_N };
void	 metrics_zoom(enum metrics_ext_op, enum metrics_ext_outcome,
	    double seconds);
/* Publishes to nginx's nchan (live delivery), by operation and outcome,
 * with their duration. */
enum metrics_rt_op { MRT_PUBLISH, MRT_REVOKE, MRT_NOPS };
enum metrics_rt_outcome { MRTO_DELIVERED, MRTO_QUEUED, MRTO_FAILED, MRTO_N };
void	 metrics_realtime(enum metrics_rt_op, enum metrics_rt_outcome,
	    double seconds);
/* The Prometheus text exposition of everything counted; jobs names the
 * scheduler's jobs by index. */
void	 metrics_render(struct buf *, const struct route *, size_t nroutes,
	    const char *const *jobs, size_t njobs);

#endif
