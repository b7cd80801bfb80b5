/* nginx's nchan publisher, reached over loopback HTTP (or a unix socket)
 * with libcurl: the only code that talks to it. Publishing is best effort:
 * a failure is logged and counted in /metrics, and the caller goes on (its
 * write has committed; clients re-sync over the API when they reconnect). */
#ifndef REALTIME_NCHAN_H
#define REALTIME_NCHAN_H

#include <stddef.h>

struct config;

/* Remember the publisher's address and timeouts (realtime_publisher, ...);
 * the connection is opened on first use and kept for the process. 0, or -1
 * when libcurl cannot start (logged). */
int	 nchan_init(const struct config *);
/* Whether a publisher is configured (nchan_init ran, realtime_publisher set). */
int	 nchan_enabled(void);
/* POST body (JSON) to every channel of channels ("u1,u2,...", at most 255
 * ids) with type as its SSE event name. 0 when nchan took it (delivered or
 * kept for later), -1 when not (logged, counted). */
int	 nchan_publish(const char *channels, const char *type, const char *body,
	    size_t len);
/* DELETE a channel: nchan closes every connection subscribed to it and
 * drops its buffered messages. 0 or -1 as above. */
int	 nchan_revoke(const char *channel);
/* Close the connection (end of a worker). */
void	 nchan_close(void);

#endif
