/* THE route table: every path the server answers, who may call it. */
#include "autoconf.h"

#include <stddef.h>

#include "app/app.h"
#include "core/router.h"
#include "core/worker.h"

static const struct route routes[] = {
	/* Health and the ceiling for benchmarks. */
	{ "GET",  "/api/ping/",			api_ping,	R_ANON },
	{ "GET",  "/api/health/",		api_health,	R_ANON },

	/* Pages. */
	{ "GET",  "/",				page_home,	R_ANON | R_HTML },
};

const struct worker_app app = {
	routes, sizeof(routes) / sizeof(routes[0]), NULL,
};
