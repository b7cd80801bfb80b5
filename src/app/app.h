/* The application: the route table and its handlers. */
#ifndef APP_APP_H
#define APP_APP_H

struct req;
struct worker_app;

/* The route table and hooks, for the worker. */
extern const struct worker_app app;

/* Handlers, one group per file (api_<resource>.c, page_<resource>.c). */
int	 api_ping(struct req *);
int	 api_health(struct req *);
int	 page_home(struct req *);

#endif
