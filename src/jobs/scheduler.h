/* The scheduler process of tpanel serve: runs the periodic jobs (what
 * Celery beat did), one host at a time through a MariaDB named lock. */
#ifndef JOBS_SCHEDULER_H
#define JOBS_SCHEDULER_H

#include <stddef.h>

struct config;

/* Run jobs until SIGTERM; never returns (exit 0, or 2 if it cannot start). */
void	 scheduler_main(const struct config *) __attribute__((noreturn));
/* The job names, by the index metrics use. */
const char *const *scheduler_job_names(size_t *n);

#endif
