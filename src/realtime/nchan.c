/* nginx's nchan publisher through libcurl: POST an event, DELETE a channel. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "core/config.h"
#include "core/dt.h"
#include "core/log.h"
#include "core/metrics.h"
#include "realtime/nchan.h"

#define URL_MAX		4096
#define LOG_EVERY	10	/* seconds between two "publisher failed" lines */

static const struct config	*cfg;
static CURL			*curl;		/* kept: the connection is reused */
static int			 started;	/* curl_global_init done */
static time_t			 last_log;
static unsigned long		 unlogged;	/* failures since the last line */

int
nchan_init(const struct config *c)
{
	cfg = c;
	if (!started) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			log_warnx("nchan: curl_global_init failed");
			return -1;
		}
		started = 1;
	}
	return 0;
}

int
nchan_enabled(void)
{
	return cfg != NULL && cfg->realtime_publisher[0] != '\0';
}

void
nchan_close(void)
{
	if (curl != NULL)
		curl_easy_cleanup(curl);
	curl = NULL;
}

/* nchan answers with a short text status; nobody reads it. */
static size_t
discard(char *p, size_t size, size_t nmemb, void *arg)
{
	(void)p;
	(void)arg;
	return size * nmemb;
}

static void
failed(const char *what, const char *why)
{
	time_t	 now = time(NULL);

	unlogged++;
	if (now - last_log < LOG_EVERY)
		return;
	log_warnx("nchan: %s failed (%s); %lu publish(es) failed since the last "
	    "report, writes go on and clients re-sync", what, why, unlogged);
	last_log = now;
	unlogged = 0;
}

/* The handle, with what every request shares; the connection it opens is
 * kept for the next one. */
static int
open_handle(void)
{
	if ((curl = curl_easy_init()) == NULL)
		return -1;
	if (strncmp(cfg->realtime_publisher, "unix:", 5) == 0)
		curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH,
		    cfg->realtime_publisher + 5);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
	    cfg->realtime_connect_timeout_ms);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, cfg->realtime_timeout_ms);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
	return 0;
}

/* One request to the publisher at /_pub/<channels>: method POST with body,
 * or DELETE. 0 or -1; counted either way. */
static int
request(enum metrics_rt_op op, const char *channels, const char *type,
    const char *body, size_t len)
{
	struct curl_slist	*h = NULL, *h2;
	char			 url[URL_MAX], ev[160], why[160];
	const char		*base = cfg->realtime_publisher;
	long			 status = 0;
	CURLcode		 rc;
	double			 t0 = dt_mono();
	int			 n;

	if (strncmp(base, "unix:", 5) == 0)
		n = snprintf(url, sizeof(url), "http://localhost/_pub/%s", channels);
	else
		n = snprintf(url, sizeof(url), "%s/_pub/%s", base, channels);
	if (n < 0 || (size_t)n >= sizeof(url)) {
		log_error("nchan: channel list too long");
		metrics_realtime(op, MRTO_FAILED, 0);
		return -1;
	}
	if (curl == NULL && open_handle() == -1) {
		failed("curl_easy_init", "out of memory");
		metrics_realtime(op, MRTO_FAILED, 0);
		return -1;
	}
	curl_easy_setopt(curl, CURLOPT_URL, url);
	if (op == MRT_PUBLISH) {
		snprintf(ev, sizeof(ev), "X-EventSource-Event: %s", type);
		if ((h2 = curl_slist_append(h, "Content-Type: application/json")) != NULL)
			h = h2;
		if (h != NULL && (h2 = curl_slist_append(h, ev)) != NULL)
			h = h2;
		if (h != NULL && (h2 = curl_slist_append(h, "Expect:")) != NULL)
			h = h2;
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, NULL);
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	} else {
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
		curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELETE");
	}
	rc = curl_easy_perform(curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(h);
	/* nchan: 201 delivered to a subscriber, 202 kept for later; a DELETE
	 * answers 200 (channel closed) or 404 (nobody held it). */
	if (status == 201 || (op == MRT_REVOKE && status == 200)) {
		metrics_realtime(op, MRTO_DELIVERED, dt_mono() - t0);
		return 0;
	}
	if (status == 202 || (op == MRT_REVOKE && status == 404)) {
		metrics_realtime(op, MRTO_QUEUED, dt_mono() - t0);
		return 0;
	}
	metrics_realtime(op, MRTO_FAILED, dt_mono() - t0);
	if (rc != CURLE_OK)
		snprintf(why, sizeof(why), "%s", curl_easy_strerror(rc));
	else
		snprintf(why, sizeof(why), "status %ld", status);
	failed(op == MRT_PUBLISH ? "publish" : "revoke", why);
	if (rc != CURLE_OK)
		nchan_close();	/* start over with a new connection */
	return -1;
}

int
nchan_publish(const char *channels, const char *type, const char *body,
    size_t len)
{
	if (!nchan_enabled())
		return 0;
	if (strpbrk(type, "\r\n") != NULL) {
		log_error("nchan: event type with a line break");
		return -1;
	}
	return request(MRT_PUBLISH, channels, type, body, len);
}

int
nchan_revoke(const char *channel)
{
	if (!nchan_enabled())
		return 0;
	return request(MRT_REVOKE, channel, NULL, NULL, 0);
}
