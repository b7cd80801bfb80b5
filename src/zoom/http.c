/* HTTP calls to Zoom through libcurl: timeouts, retries with backoff. */
#include "autoconf.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/dt.h"
#include "core/gate.h"
#include "core/log.h"
#include "core/str.h"
#include "crypto/rand.h"
#include "zoom/http.h"

#define BODY_MAX	(1024 * 1024)	/* a larger answer is cut: not Zoom's */
#define BACKOFF_BASE	0.5
#define BACKOFF_CAP	8.0

static CURL	*curl;		/* kept for the process: connections reused */

/* What one attempt collects. */
struct attempt {
	struct buf	 body;
	char		 retry_after[64];
	int		 daily;
};

int
zoom_http_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		log_warnx("zoom: curl_global_init failed");
		return -1;
	}
	return 0;
}

double
zoom_backoff(int n, double retry_after, double r01)
{
	double	 d = BACKOFF_BASE;

	if (retry_after >= 0)
		return retry_after + 0.25 * r01;
	while (--n > 0 && d < BACKOFF_CAP)
		d *= 2;
	if (d > BACKOFF_CAP)
		d = BACKOFF_CAP;
	return d / 2 + d / 2 * r01;
}

double
zoom_retry_after(const char *v, int64_t now)
{
	int64_t		 secs, us;
	time_t		 t;
	size_t		 n;

	while (*v == ' ')
		v++;
	n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		n--;
	if (n == 0)
		return -1;
	if (str_to_i64(v, n, 0, 86400 * 366, &secs) == 0)
		return (double)secs;
	if (isdigit((unsigned char)v[0]) && n > 10 && dt_parse_iso(v, &us) == 0)
		t = (time_t)(us / 1000000);
	else if ((t = curl_getdate(v, NULL)) == -1)
		return -1;
	return t > now ? (double)(t - now) : 0;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct attempt	*at = arg;
	size_t		 n = size * nmemb;

	if (at->body.len + n > BODY_MAX)
		return 0;		/* curl fails the transfer */
	return buf_add(&at->body, p, n) == 0 ? n : 0;
}

static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct attempt	*at = arg;
	size_t		 n = size * nmemb, k, vlen;
	const char	*v;

	if (n > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		v = p + 12;
		vlen = n - 12;
		while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n'))
			vlen--;
		k = vlen < sizeof(at->retry_after) - 1 ? vlen :
		    sizeof(at->retry_after) - 1;
		memcpy(at->retry_after, v, k);
		at->retry_after[k] = '\0';
	} else if (n > 17 && strncasecmp(p, "X-RateLimit-Type:", 17) == 0) {
		for (k = 17; k + 5 <= n; k++)
			if (strncasecmp(p + k, "daily", 5) == 0)
				at->daily = 1;
	}
	return n;
}

static enum metrics_ext_outcome
outcome(long status, int timed_out)
{
	if (status == 0)
		return timed_out ? MXO_TIMEOUT : MXO_NETWORK;
	if (status == 429)
		return MXO_RATE_LIMITED;
	if (status >= 500)
		return MXO_SERVER_ERROR;
	if (status >= 400)
		return MXO_CLIENT_ERROR;
	return MXO_OK;
}

/* One attempt within ms milliseconds: 0 and *status, or -1 (no answer). */
static int
attempt(struct arena *a, const struct zoom_limits *lim, const struct zoom_req *q,
    long ms, struct attempt *at, long *status, int *timed_out)
{
	struct curl_slist	*h = NULL, *h2;
	const char		*hdr[3];
	CURLcode		 rc;
	double			 t0 = dt_mono();
	size_t			 i, nh = 0;

	*status = 0;
	*timed_out = 0;
	buf_init(&at->body, a);
	at->retry_after[0] = '\0';
	at->daily = 0;
	if (curl == NULL && (curl = curl_easy_init()) == NULL) {
		log_warnx("zoom: curl_easy_init failed");
		return -1;
	}
	curl_easy_reset(curl);
	if (q->auth != NULL && (hdr[nh++] = arena_printf(a, "Authorization: %s",
	    q->auth)) == NULL)
		return -1;
	if (q->ctype != NULL && (hdr[nh++] = arena_printf(a, "Content-Type: %s",
	    q->ctype)) == NULL)
		return -1;
	hdr[nh++] = "Accept: application/json";
	for (i = 0; i < nh; i++) {
		if ((h2 = curl_slist_append(h, hdr[i])) == NULL) {
			curl_slist_free_all(h);
			return -1;
		}
		h = h2;
	}
	curl_easy_setopt(curl, CURLOPT_URL, q->url);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
	    lim->connect_ms < ms ? lim->connect_ms : ms);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, ms);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, q->method);
	curl_easy_setopt(curl, CURLOPT_USERAGENT, "tpanel/" PACKAGE_VERSION);
	if (q->body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, q->body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)q->len);
	} else if (strcmp(q->method, "GET") != 0)
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, 0L);
	if (strcmp(q->method, "GET") == 0)
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, at);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, at);
	rc = curl_easy_perform(curl);
	curl_slist_free_all(h);
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
	else {
		*timed_out = rc == CURLE_OPERATION_TIMEDOUT;
		/* The URL is ours and carries no secret; the answer is not logged. */
		log_warnx("zoom: %s %s: %s", q->method, q->url,
		    curl_easy_strerror(rc));
	}
	metrics_zoom(q->op, outcome(*status, *timed_out), dt_mono() - t0);
	return rc == CURLE_OK ? 0 : -1;
}

static void
pause_for(double secs)
{
	struct timespec	 ts;

	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

int
zoom_http_call(struct arena *a, const struct zoom_limits *lim,
    const struct zoom_req *q, struct zoom_resp *out)
{
	struct attempt	 at;
	double		 deadline = dt_mono() + (double)lim->budget_ms / 1000, left,
			 wait;
	unsigned char	 r;
	long		 status, ms;
	int		 timed_out, rc, retry;

	memset(out, 0, sizeof(*out));
	out->retry_after = -1;
	/* A share of the workers may wait on Zoom, never all of them. */
	if (!gate_enter()) {
		out->busy = 1;
		log_warnx("zoom: %s %s not sent: the workers' share for Zoom is "
		    "taken", q->method, q->url);
		return -1;
	}
	for (;;) {
		left = deadline - dt_mono();
		ms = (long)(left * 1000);
		if (ms > lim->timeout_ms)
			ms = lim->timeout_ms;
		if (ms < 50)
			ms = 50;
		out->attempts++;
		rc = attempt(a, lim, q, ms, &at, &status, &timed_out);
		out->status = status;
		out->timed_out = timed_out;
		out->body = (char *)buf_str(&at.body);
		out->len = at.body.len;
		out->daily_limit = status == 429 && at.daily;
		out->retry_after = at.retry_after[0] ?
		    zoom_retry_after(at.retry_after, (int64_t)time(NULL)) : -1;
		if (at.body.err)
			return -1;
		if (status == 429 && strstr(out->body, "daily") != NULL)
			out->daily_limit = 1;
		retry = rc == -1 ? (!timed_out || q->retry_timeout) :
		    (status == 429 && !out->daily_limit) || status >= 500;
		if (!retry)
			return rc;
		rand_bytes(&r, 1);
		wait = zoom_backoff(out->attempts, out->retry_after,
		    (double)r / 256.0);
		/* Another try must have time to wait and be answered. */
		if (dt_mono() + wait + 0.05 >= deadline)
			return rc;
		log_info("zoom: %s %s: %s, retry %d in %.2f s", q->method, q->url,
		    rc == -1 ? "no answer" : arena_printf(a, "HTTP %ld", status),
		    out->attempts, wait);
		pause_for(wait);
	}
}
