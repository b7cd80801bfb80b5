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

struct job {
	const char	*name;
	int		 interval;	/* seconds */
	int		(*run)(struct arena *, const struct config *,
			    struct json_object *);
	long		(*every)(const struct config *);	/* or interval */
};

static long
pool_every(const struct config *c)
{
	return c->pool_release_interval;
}

static const struct job jobs[] = {
	{ "cleanup",	600,	job_cleanup,		NULL },
	{ "pool_release", 60,	job_pool_release,	pool_every },
};
#define NJOBS	(sizeof(jobs) / sizeof(jobs[0]))

static const char *const names[] = { "cleanup", "pool_release" };

static volatile sig_atomic_t	 stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

const char *const *
scheduler_job_names(size_t *n)
{
	*n = NJOBS;
	return names;
}

static void
run(struct arena *a, const struct config *cfg, size_t i)
{
	struct json_object	*res = json_object_new_object();
	double			 t0 = dt_mono(), secs;
	int			 ok;

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
	if (ok)
		log_info("job %s: %s", jobs[i].name,
		    json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN));
	else
		log_warnx("job %s failed", jobs[i].name);
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
			next[i] = dt_mono() + (jobs[i].every ? (double)
			    jobs[i].every(cfg) : jobs[i].interval);
			arena_reset(&a);
		}
		arena_reset(&a);
		sleep(locked ? 1 : 5);	/* SIGTERM cuts it short */
	}
	db_close();
	arena_free(&a);
	_exit(0);
}
