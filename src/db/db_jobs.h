/* job_run, job_task and the scheduler's named lock. */
#ifndef DB_DB_JOBS_H
#define DB_DB_JOBS_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* Take the scheduler lock on this connection without waiting: 1 taken (or
 * already held), 0 another host holds it, -1 error. */
int	 db_job_lock(struct arena *);
/* Note a run of job with its result (JSON object text). */
int	 db_job_record(struct arena *, const char *job, const char *result);

/* What job_run says of a job; strings in the arena. */
struct job_row {
	const char	*job;
	int		 enabled;
	const char	*last_run_at;		/* NULL: never */
	int64_t		 run_count;
	const char	*last_result;		/* JSON text or NULL */
};
/* Every job_run row. */
int	 db_job_list(struct arena *, struct job_row **, size_t *n);

/* A run started by hand (job_task). */
struct job_task {
	int64_t		 id;
	const char	*task_name, *status, *result;	/* result: JSON or NULL */
	const char	*created_at, *date_done;	/* date_done NULL: running */
};
/* A new run of task_name by user_id, status STARTED: 0 and *id, -1. */
int	 db_job_task_start(struct arena *, const char *task_name,
	    int64_t user_id, int64_t *id);
/* Its end: status SUCCESS or FAILURE, result JSON text. */
int	 db_job_task_finish(struct arena *, int64_t id, const char *status,
	    const char *result);
/* 1 and *t, 0 none, -1. */
int	 db_job_task_get(struct arena *, int64_t id, struct job_task *t);

#endif
