/* The master: opens the FastCGI socket, forks the workers and supervises
 * them: respawn the dead (backing off crash loops), replace them one by
 * one on SIGHUP, drain them on SIGTERM. */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "core/cache.h"
#include "core/config.h"
#include "core/gate.h"
#include "core/dt.h"
#include "core/log.h"
#include "core/master.h"
#include "core/metrics.h"
#include "core/tmpl.h"
#include "core/worker.h"

#define MAX_CHILDREN	512
#define STABLE_SECS	5.0	/* a worker that lived this long did not crash-loop */
#define BACKOFF_MAX	30.0

struct child {
	pid_t		 pid;		/* 0: free slot */
	unsigned	 gen;		/* configuration generation */
	double		 started;
	double		 term_at;	/* when retiring began; 0: not retiring */
	double		 term_sent;
	int		 sched;		/* the scheduler, not a worker */
};

static struct child	 kids[MAX_CHILDREN];
static unsigned		 cur_gen;
static int		 crashes;	/* consecutive quick deaths */
static double		 next_spawn;	/* backoff: no spawn before this */
static unsigned long	 restarts;
static int		 pid_fd = -1;

static int
lock_pid_file(const char *path)
{
	char	 buf[32];
	ssize_t	 n;
	int	 len;

	if ((pid_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1) {
		log_warn("pid file %s", path);
		return -1;
	}
	if (flock(pid_fd, LOCK_EX | LOCK_NB) == -1) {
		n = read(pid_fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		log_error("another tpanel serve (pid %s) holds %s", buf, path);
		close(pid_fd);
		pid_fd = -1;
		return -1;
	}
	len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(pid_fd, 0) == -1 || write(pid_fd, buf, (size_t)len) != len) {
		log_warn("writing %s", path);
		return -1;
	}
	return 0;
}

static int
open_socket(const struct config *cfg)
{
	int	 fd;

	if (strchr(cfg->listen, '/') != NULL) {
		if (strlen(cfg->listen) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
			log_error("socket path too long (max %zu bytes): %s",
			    sizeof(((struct sockaddr_un *)0)->sun_path) - 1,
			    cfg->listen);
			return -1;
		}
	} else if (strchr(cfg->listen, ':') == NULL) {
		log_error("listen must be a unix path or host:port: %s", cfg->listen);
		return -1;
	}
	/* The pid file lock guarantees no other instance uses the path
	 * libfcgi is about to unlink. */
	if ((fd = FCGX_OpenSocket(cfg->listen, 1024)) == -1) {
		log_warn("cannot listen on %s", cfg->listen);
		return -1;
	}
	if (strchr(cfg->listen, '/') != NULL &&
	    chmod(cfg->listen, (mode_t)cfg->socket_mode) == -1)
		log_warn("chmod %s", cfg->listen);
	return fd;
}

/* Workers (sched 0) or schedulers (1), retiring ones counted or not. */
static int
nchildren(int sched, int include_retiring)
{
	int	 i, n = 0;

	for (i = 0; i < MAX_CHILDREN; i++)
		if (kids[i].pid && kids[i].sched == sched &&
		    (include_retiring || kids[i].term_at == 0))
			n++;
	return n;
}

static int
spawn(const struct config *cfg, int fd, const struct worker_app *app, int sched)
{
	pid_t	 pid;
	int	 i;

	for (i = 0; i < MAX_CHILDREN && kids[i].pid; i++)
		;
	if (i == MAX_CHILDREN)
		return -1;
	if ((pid = fork()) == -1) {
		log_warn("fork");
		return -1;
	}
	if (pid == 0) {
		if (pid_fd != -1)
			close(pid_fd);
		if (sched) {
			close(fd);
			app->scheduler(cfg);
		}
		worker_main(cfg, fd, app);
	}
	kids[i].pid = pid;
	kids[i].sched = sched;
	kids[i].gen = cur_gen;
	kids[i].started = dt_mono();
	kids[i].term_at = 0;
	log_debug("%s %ld started", sched ? "scheduler" : "worker", (long)pid);
	return 0;
}

static void
retire(struct child *c, double now)
{
	c->term_at = c->term_sent = now;
	kill(c->pid, SIGTERM);
}

/* SIGTERM again each second (it can land just before a worker blocks in
 * accept), SIGKILL past the drain timeout. */
static void
push_retiring(const struct config *cfg, double now)
{
	int	 i;

	for (i = 0; i < MAX_CHILDREN; i++) {
		struct child *c = &kids[i];

		if (!c->pid || c->term_at == 0)
			continue;
		if (now - c->term_at > (double)cfg->drain_timeout) {
			log_warnx("worker %ld did not finish in %lds: killed",
			    (long)c->pid, cfg->drain_timeout);
			kill(c->pid, SIGKILL);
			c->term_at = now;	/* do not repeat at once */
		} else if (now - c->term_sent >= 1.0) {
			kill(c->pid, SIGTERM);
			c->term_sent = now;
		}
	}
}

static void
reap(double now)
{
	struct child	*c;
	pid_t		 pid;
	double		 lived, delay;
	int		 status, i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0, c = NULL; i < MAX_CHILDREN; i++)
			if (kids[i].pid == pid)
				c = &kids[i];
		if (c == NULL)
			continue;
		gate_forget(pid);	/* a place a dying worker held */
		lived = now - c->started;
		if (c->term_at != 0 || (WIFEXITED(status) &&
		    WEXITSTATUS(status) == 0)) {
			/* Retired, or recycled after max_requests. */
			log_debug("%s %ld exited", c->sched ? "scheduler" : "worker",
			    (long)pid);
		} else {
			restarts++;
			metrics_worker_restart();
			if (WIFSIGNALED(status))
				log_warnx("%s %ld killed by signal %d after "
				    "%.1fs; replacing it", c->sched ? "scheduler" :
				    "worker", (long)pid,
				    WTERMSIG(status), lived);
			else
				log_warnx("%s %ld exited with status %d after "
				    "%.1fs; replacing it", c->sched ? "scheduler" :
				    "worker", (long)pid,
				    WEXITSTATUS(status), lived);
			crashes = lived < STABLE_SECS ? crashes + 1 : 1;
			if (crashes > 1) {
				delay = 0.1 * (double)(1u << (crashes > 10 ? 10 :
				    crashes - 2));
				if (delay > BACKOFF_MAX)
					delay = BACKOFF_MAX;
				next_spawn = now + delay;
				log_warnx("workers keep dying: next start in %.1fs",
				    delay);
			}
		}
		memset(c, 0, sizeof(*c));
	}
}

/* Keep cfg->workers live workers of the current generation, replacing
 * older ones one at a time. */
static void
maintain(const struct config *cfg, int fd, const struct worker_app *app,
    double now)
{
	struct child	*old = NULL;
	int		 i, live = nchildren(0, 0);

	/* One scheduler, of the current configuration: the named lock it
	 * takes keeps an old one that is still finishing a job harmless. */
	for (i = 0; i < MAX_CHILDREN; i++)
		if (kids[i].pid && kids[i].sched && kids[i].term_at == 0 &&
		    kids[i].gen != cur_gen)
			retire(&kids[i], now);
	if (app->scheduler != NULL && cfg->scheduler && nchildren(1, 0) == 0 &&
	    now >= next_spawn)
		spawn(cfg, fd, app, 1);

	while (live < cfg->workers && now >= next_spawn &&
	    spawn(cfg, fd, app, 0) == 0)
		live++;
	for (i = 0; i < MAX_CHILDREN && live > cfg->workers; i++)
		if (kids[i].pid && !kids[i].sched && kids[i].term_at == 0) {
			retire(&kids[i], now);
			live--;
		}
	if (nchildren(0, 1) != live)
		return;		/* one replacement at a time */
	for (i = 0; i < MAX_CHILDREN; i++)
		if (kids[i].pid && !kids[i].sched && kids[i].gen != cur_gen &&
		    kids[i].term_at == 0)
			old = &kids[i];
	if (old != NULL && spawn(cfg, fd, app, 0) == 0)
		retire(old, now);
}

static void
reload(const char *path, struct config *cfg, const struct worker_app *app)
{
	struct config	 n;
	struct tmpl_set	*t;
	enum log_level	 lvl;
	char		 err[512], *keep;

	log_info("SIGHUP: reloading the configuration and templates");
	if (config_load(&n, path, err, sizeof(err)) == -1 ||
	    config_check_serve(&n, err, sizeof(err)) == -1) {
		log_error("reload refused, keeping the running setup: %s", err);
		config_free(&n);
		return;
	}
	if ((t = tmpl_load_dir(n.templates_dir, err, sizeof(err))) == NULL) {
		log_error("reload refused, keeping the running setup: %s", err);
		config_free(&n);
		return;
	}
	tmpl_set_free(t);
	if (app->init != NULL && app->init(&n) != 0) {
		log_error("reload refused, keeping the running setup");
		config_free(&n);
		return;
	}
	if (strcmp(n.listen, cfg->listen) != 0 ||
	    strcmp(n.pid_file, cfg->pid_file) != 0)
		log_warnx("listen and pid_file change only on restart");
	keep = n.listen;
	n.listen = cfg->listen;
	cfg->listen = keep;
	keep = n.pid_file;
	n.pid_file = cfg->pid_file;
	cfg->pid_file = keep;
	config_free(cfg);
	*cfg = n;
	if (log_level_parse(cfg->log_level, &lvl) == 0)
		log_set_level(lvl);
	dt_zone_set(cfg->time_zone);
	gate_set_limit(cfg->workers, cfg->zoom_worker_share);
	cur_gen++;
	crashes = 0;
	next_spawn = 0;
}

int
master_run(const char *path, struct config *cfg, const struct worker_app *app)
{
	struct tmpl_set	*t;
	struct timespec	 tick = { 0, 100 * 1000 * 1000 };
	sigset_t	 set;
	siginfo_t	 si;
	char		 err[512];
	double		 now, stop_at = 0;
	int		 fd, sig, i;

	prctl(PR_SET_NAME, "tpanel-master");
	if ((t = tmpl_load_dir(cfg->templates_dir, err, sizeof(err))) == NULL) {
		log_error("templates: %s", err);
		return 1;
	}
	tmpl_set_free(t);
	if (app->init != NULL && app->init(cfg) != 0)
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* A log past a file size limit fails its writes; it must not kill
	 * the process writing it (children inherit this). */
	signal(SIGXFSZ, SIG_IGN);
	if (lock_pid_file(cfg->pid_file) == -1 || (fd = open_socket(cfg)) == -1 ||
	    metrics_init(app->nroutes) == -1 || cache_init() == -1 ||
	    gate_init() == -1)
		return 1;
	gate_set_limit(cfg->workers, cfg->zoom_worker_share);
	if (log_share() == -1)
		log_warn("log: mmap");
	log_info("tpanel %s serving on %s with %ld workers", PACKAGE_VERSION,
	    cfg->listen, cfg->workers);

	for (;;) {
		now = dt_mono();
		reap(now);
		if (stop_at != 0) {
			if (nchildren(0, 1) + nchildren(1, 1) == 0)
				break;
		} else
			maintain(cfg, fd, app, now);
		push_retiring(cfg, now);
		sig = sigtimedwait(&set, &si, &tick);
		if (sig == SIGHUP && stop_at == 0)
			reload(path, cfg, app);
		else if ((sig == SIGTERM || sig == SIGINT) && stop_at == 0) {
			log_info("stopping: finishing requests in flight");
			stop_at = dt_mono();
			for (i = 0; i < MAX_CHILDREN; i++)
				if (kids[i].pid && kids[i].term_at == 0)
					retire(&kids[i], stop_at);
		}
	}
	close(fd);
	if (strchr(cfg->listen, '/') != NULL)
		unlink(cfg->listen);
	unlink(cfg->pid_file);
	log_info("stopped (%lu worker restarts)", restarts);
	return 0;
}
