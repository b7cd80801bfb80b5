/* HTTP for the Zoom client, the only code that touches libcurl: connect and
 * total timeouts, and retries of 429 and 5xx with exponential backoff and
 * jitter that honour Retry-After, within a time budget per call. */
#ifndef ZOOM_HTTP_H
#define ZOOM_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/metrics.h"

struct arena;

/* Limits of one call, milliseconds. */
struct zoom_limits {
	long	 connect_ms, timeout_ms, budget_ms;
};

struct zoom_req {
	enum metrics_ext_op	 op;		/* for the metrics */
	const char		*method, *url;
	const char		*auth;		/* Authorization header value */
	const char		*ctype;		/* of body; NULL: no body */
	const char		*body;
	size_t			 len;
	int			 retry_timeout;	/* retry after a timeout too
						   (safe to repeat) */
};

struct zoom_resp {
	long		 status;	/* 0: no answer */
	char		*body;		/* NUL-terminated, in the arena */
	size_t		 len;
	double		 retry_after;	/* seconds from its header; -1: none */
	int		 daily_limit;	/* a 429 for a daily limit */
	int		 timed_out;	/* no answer in time */
	int		 busy;		/* not sent: the gate is full */
	int		 attempts;
};

/* Set up libcurl once per process (before or after fork). 0 or -1. */
int	 zoom_http_init(void);
/* One call with its retries: 0 when an answer came (any status, in *out),
 * -1 when none did (out->timed_out: a timeout, out->busy: the worker found
 * no place at the outbound gate (core/gate.h) and sent nothing, else a
 * network error; logged). 429 (not a daily limit) and 5xx are retried while the budget
 * lasts, the last answer returned when it runs out. */
int	 zoom_http_call(struct arena *, const struct zoom_limits *,
	    const struct zoom_req *, struct zoom_resp *out);

/* Seconds to wait before retry number n (1, 2, ...): at least
 * retry_after when it is >= 0 (plus up to a quarter second), else
 * exponential from 0.5 s doubling up to 8 s, with "equal jitter" (half
 * fixed, half r01 * half) where r01 is in [0, 1). */
double	 zoom_backoff(int n, double retry_after, double r01);
/* A Retry-After value: delta seconds, an HTTP-date or an ISO 8601 instant,
 * as seconds from now (unix seconds; never negative); -1 if unreadable. */
double	 zoom_retry_after(const char *v, int64_t now);

#endif
