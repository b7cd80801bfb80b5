/* A worker process: accept a FastCGI connection, serve the request,
 * repeat; one database connection and the compiled templates for life. */
#ifndef CORE_WORKER_H
#define CORE_WORKER_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct req;
struct route;
struct route_alias;

/* What the application gives the framework. */
struct worker_app {
	const struct route	*routes;
	size_t			 nroutes;
	/* Path aliases, tried in order (twice over: an alias of an alias)
	 * when a path has no route; r->path becomes the route's path. */
	const struct route_alias *aliases;
	size_t			 naliases;
	/* Called before every handler: find out who calls and set r->user
	 * (a route without R_ANON needs one; the dispatcher then checks the
	 * route's roles), and check CSRF tokens. 0 to go on; -1 when it has
	 * set the response (401, a redirect to sign in, 403, 503). NULL:
	 * every route without R_ANON answers 401. */
	int			(*authorize)(struct req *);
	/* The scheduler process's main (never returns); NULL: none. */
	void			(*scheduler)(const struct config *);
	/* Worker-lifetime application state (e.g. the API description),
	 * built once in each worker after the templates, and once by the
	 * master at boot and on SIGHUP to refuse a broken setup early. It logs
	 * its own error; non-zero fails the start. NULL: none. */
	int			(*init)(const struct config *);
	/* The data version R_CACHE answers depend on (db_data_version):
	 * 0 and *v, or -1 when unknown, and then no cached answer is used.
	 * NULL: no route's answer is cached. */
	int			(*data_version)(struct req *, uint64_t *v);
	/* A handler run again (twice at most) when its answer was an error
	 * that changed nothing, such as a lock conflict the database rolled
	 * back: effects() counts the changes made so far, retry(r, before)
	 * says whether r's answer may be thrown away. Never for a body that
	 * cannot be read again (an upload). NULL: never. */
	uint64_t		(*effects)(void);
	int			(*retry)(struct req *, uint64_t before);
};

/* Serve on the inherited listening socket until SIGTERM or max_requests.
 * Never returns: exits 0 when done, 2 when it cannot start. */
void	 worker_main(const struct config *, int listen_fd,
	    const struct worker_app *) __attribute__((noreturn));

#endif
