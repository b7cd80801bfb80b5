/* The scheduler process: periodic jobs under a MariaDB named lock. */
#include "autoconf.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/log.h"
#include "core/metrics.h"
#include "db/db.h"
#include "db/db_jobs.h"
#include "domain/pool.h"
#include "jobs/jobs.h"
#include "jobs/scheduler.h"

static long
pool_every(const struct config *c)
{
	return c->pool_release_interval;
}

static const struct scheduler_job jobs[] = {
	{ "cleanup",			NULL,	600,	NULL,	job_cleanup, NULL },
	{ "pool_release", "release_finished_zoom_accounts", 60, pool_every,
	    job_pool_release, NULL },
	{ "send_lesson_reminders", "send_lesson_reminders", 60,
	    job_reminders_every, job_reminders, NULL },
	{ "award_badges", "award_badges", 86400, NULL, job_badges, NULL },
	/* Stored files. */
	{ "stored_files_cleanup", "cleanup_stored_files", 3600, NULL,
	    job_files_cleanup, NULL },
	{ "send_emails", "send_queued_emails", 5, job_mail_every, job_mail,
	    job_mail_idle },
};
#define NJOBS	(sizeof(jobs) / sizeof(jobs[0]))

static const char *names[NJOBS];

static volatile sig_atomic_t	 stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

const struct scheduler_job *
scheduler_jobs(size_t *n)
{
	*n = NJOBS;
	return jobs;
}

const char *const *
scheduler_job_names(size_t *n)
{
	size_t	 i;

	for (i = 0; i < NJOBS; i++)
		names[i] = jobs[i].name;
	*n = NJOBS;
	return names;
}

long
scheduler_interval(const struct scheduler_job *j, const struct config *cfg)
{
	return j->every != NULL ? j->every(cfg) : j->interval;
}

long
scheduler_task(const char *task)
{
	size_t	 i;

	for (i = 0; i < NJOBS; i++)
		if (jobs[i].task != NULL && strcmp(jobs[i].task, task) == 0)
			return (long)i;
	return -1;
}

int
scheduler_run(struct arena *a, const struct config *cfg, size_t i,
    struct json_object *res)
{
	double	 t0 = dt_mono(), secs;
	int	 ok;

	ok = jobs[i].run(a, cfg, res) == 0;
	secs = dt_mono() - t0;
	if (!ok)
		json_object_object_add(res, "error", json_object_new_string(
		    db_last_error() == DB_ERR_DOWN ? "database unavailable" :
		    "failed; see the log"));
	json_object_object_add(res, "ok", json_object_new_boolean(ok));
	json_object_object_add(res, "seconds", json_object_new_double_s(secs,
	    arena_printf(a, "%.6f", secs)));
	(void)db_job_record(a, jobs[i].name, json_object_to_json_string_ext(res,
	    JSON_C_TO_STRING_PLAIN));
	metrics_job(i, ok, secs);
	if (ok && jobs[i].idle != NULL && jobs[i].idle(res))
		;	/* nothing done: not worth a line every few seconds */
	else if (ok)
		log_info("job %s: %s", jobs[i].name,
		    json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN));
	else
		log_warnx("job %s failed", jobs[i].name);
	return ok;
}

static void
run(struct arena *a, const struct config *cfg, size_t i)
{
	struct json_object	*res = json_object_new_object();

	(void)scheduler_run(a, cfg, i, res);
	json_object_put(res);
}

void
scheduler_main(const struct config *cfg)
{
	struct sigaction	 sa;
	sigset_t		 none;
	struct arena		 a;
	double			 next[NJOBS], now;
	unsigned long		 conn_seen = 0;
	int			 locked = 0;
	size_t			 i;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	prctl(PR_SET_NAME, "tpanel-sched");
	if (getppid() == 1)
		_exit(0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	db_init(cfg);
	if (pool_init(cfg) == -1)
		log_warnx("scheduler: the Zoom client is not set up");
	arena_init(&a, (size_t)cfg->request_memory_max);
	for (i = 0; i < NJOBS; i++)
		next[i] = 0;
	while (!stop) {
		/* The lock lives as long as the connection: a reconnect
		 * means it has to be taken again. */
		if (db_reconnects() != conn_seen)
			locked = 0;
		if (!locked) {
			locked = db_job_lock(&a) == 1;
			conn_seen = db_reconnects();
			if (locked)
				log_info("scheduler: running the periodic jobs here");
		}
		now = dt_mono();
		for (i = 0; locked && i < NJOBS && !stop; i++) {
			if (now < next[i])
				continue;
			run(&a, cfg, i);
			next[i] = dt_mono() + (double)scheduler_interval(&jobs[i],
			    cfg);
			arena_reset(&a);
		}
		arena_reset(&a);
		sleep(locked ? 1 : 5);	/* SIGTERM cuts it short */
	}
	db_close();
	arena_free(&a);
	_exit(0);
}
