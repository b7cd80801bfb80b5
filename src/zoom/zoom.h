/* The Zoom client's shared parts: credentials of a Server-to-Server OAuth
 * app, the settings it runs with, and its errors as users read them. */
#ifndef ZOOM_ZOOM_H
#define ZOOM_ZOOM_H

#include <stdint.h>

#include "zoom/http.h"

struct arena;
struct config;

/* A Server-to-Server OAuth app (the secret in clear, in the arena). */
struct zoom_creds {
	const char	*account_id, *client_id, *client_secret;
};

enum zoom_err_kind {
	ZOOM_E_NONE,
	ZOOM_E_CONFIG,		/* credentials missing or unreadable */
	ZOOM_E_TIMEOUT,		/* no answer in time */
	ZOOM_E_NETWORK,		/* could not connect */
	ZOOM_E_RATE,		/* 429 past the retry budget */
	ZOOM_E_DAILY,		/* the host's daily create/update limit */
	ZOOM_E_AUTH,		/* credentials or token refused */
	ZOOM_E_FORBIDDEN,	/* 403: missing scope or permission */
	ZOOM_E_NOT_FOUND,	/* 404: no such user or meeting */
	ZOOM_E_REJECTED,	/* another 4xx: Zoom refused the request */
	ZOOM_E_SERVER,		/* 5xx past the retry budget */
	ZOOM_E_BAD_ANSWER,	/* an answer we cannot read */
	ZOOM_E_BUSY,		/* the workers' share for Zoom is taken
				   (core/gate.h): nothing was sent */
};

/* Seconds a caller refused with ZOOM_E_BUSY is told to wait. */
#define ZOOM_BUSY_RETRY	5

struct zoom_err {
	enum zoom_err_kind	 kind;
	long			 status;	/* HTTP status, 0: none */
	int64_t			 code;		/* Zoom's "code", 0: none */
	const char		*message;	/* Zoom's "message" (logs) */
};

/* The settings in effect (zoom_init). */
struct zoom_settings {
	const char		*api_url, *oauth_url;	/* no trailing slash */
	struct zoom_limits	 lim;
	int64_t			 token_margin;		/* seconds */
};
const struct zoom_settings *zoom_settings(void);

/* Keep the settings (URLs, timeouts, token margin) for the process's
 * life and set up libcurl. 0 or -1. */
int	 zoom_init(const struct config *);
/* What happened, for the user, in Russian and English. */
const char *zoom_err_text(const struct zoom_err *);
/* The HTTP status that says it: 503 (Zoom busy, slow or unreachable,
 * retry later) or 502 (Zoom refused or answered nonsense). */
int	 zoom_err_status(const struct zoom_err *);
/* *err from a call's result (rc of zoom_http_call and its answer): the
 * kind by status, code and message from a JSON body. Logs it. */
void	 zoom_err_from(struct arena *, const char *what, int rc,
	    const struct zoom_resp *, struct zoom_err *err);

#endif
