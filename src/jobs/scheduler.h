/* The scheduler process of tpanel serve: runs the periodic jobs (what
 * Celery beat did), one host at a time through a MariaDB named lock. */
#ifndef JOBS_SCHEDULER_H
#define JOBS_SCHEDULER_H

#include <stddef.h>

struct arena;
struct config;
struct json_object;

struct scheduler_job {
	const char	*name;		/* job_run.job and the metrics label */
	const char	*task;		/* its name for trigger/{task}; NULL: none */
	int		 interval;	/* seconds, unless every says */
	long		(*every)(const struct config *);
	int		(*run)(struct arena *, const struct config *,
			    struct json_object *);
	/* Whether a run's result says it did nothing: such runs of a job
	 * that runs often are not logged. NULL: every run is. */
	int		(*idle)(struct json_object *);
};

/* Run jobs until SIGTERM; never returns (exit 0, or 2 if it cannot start). */
void	 scheduler_main(const struct config *) __attribute__((noreturn));
/* The job table and the names of its jobs, by the index metrics use. */
const struct scheduler_job *scheduler_jobs(size_t *n);
const char *const *scheduler_job_names(size_t *n);
/* Seconds between two runs of job j. */
long	 scheduler_interval(const struct scheduler_job *j, const struct config *);
/* The index of the job with that task name, or -1. */
long	 scheduler_task(const char *task);
/* Run job i once, here and now (the scheduler, or a trigger): res gets its
 * result plus "ok" and "seconds"; the run is recorded in job_run, the
 * metrics and the log. 1 if it succeeded, 0 if not. */
int	 scheduler_run(struct arena *, const struct config *, size_t i,
	    struct json_object *res);

#endif
