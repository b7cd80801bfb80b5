/* job_run and the scheduler's named lock. */
#ifndef DB_DB_JOBS_H
#define DB_DB_JOBS_H

struct arena;

/* Take the scheduler lock on this connection without waiting: 1 taken (or
 * already held), 0 another host holds it, -1 error. */
int	 db_job_lock(struct arena *);
/* Note a run of job with its result (JSON object text). */
int	 db_job_record(struct arena *, const char *job, const char *result);

#endif
