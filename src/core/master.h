/* tpanel serve: the master process that owns the socket and supervises
 * the workers. */
#ifndef CORE_MASTER_H
#define CORE_MASTER_H

struct config;
struct worker_app;

/* Run until SIGTERM/SIGINT; returns the exit status. cfg is replaced on
 * SIGHUP by re-reading config_path (NULL: the default file). */
int	 master_run(const char *config_path, struct config *cfg,
	    const struct worker_app *);

#endif
