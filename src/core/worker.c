/* The worker: accept, parse, route, answer, log; an arena per request. */
#include "autoconf.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/cache.h"
#include "core/config.h"
#include "core/cors.h"
#include "core/dt.h"
#include "core/gate.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/tmpl.h"
#include "core/worker.h"
#include "crypto/rand.h"
#include "db/db.h"

#define DRAIN_MAX	(64L * 1024 * 1024)	/* unread body we swallow */
#define HANDLER_RETRIES	2	/* runs again after a retryable answer */

static volatile sig_atomic_t	 stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* Read the body into the arena: 0, or the status to answer with. */
static int
read_body(struct req *r, FCGX_Stream *in, size_t max)
{
	size_t	 want, got = 0;
	char	*p;
	int	 n;

	if (r->content_length == 0)
		return 0;
	/* Without a length (never from nginx) read up to the cap. */
	want = r->content_length > 0 ? (size_t)r->content_length : max + 1;
	if ((p = arena_alloc(r->arena, want + 1)) == NULL)
		return 500;
	while (got < want) {
		n = FCGX_GetStr(p + got, (int)(want - got > 65536 ? 65536 :
		    want - got), in);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got > max)
		return 413;
	if (r->content_length > 0 && got != want)
		return 400;
	p[got] = '\0';
	r->body = p;
	r->body_len = got;
	return 0;
}

/* req.body_read for an upload left on the FastCGI stream. */
static long
stream_read(void *ctx, char *p, size_t n)
{
	int	 got;

	got = FCGX_GetStr(p, (int)(n > 65536 ? 65536 : n), ctx);
	return got < 0 ? -1 : got;
}

/* Swallow what the handler left unread: up to DRAIN_MAX, or a whole
 * upload when that may be larger. */
static void
drain(FCGX_Stream *in, long upload_max)
{
	char	 scratch[16384];
	long	 total = 0, max = upload_max > DRAIN_MAX ? upload_max : DRAIN_MAX;
	int	 n;

	while (total < max &&
	    (n = FCGX_GetStr(scratch, sizeof(scratch), in)) > 0)
		total += n;
}

/* The route's handler, run again while the application says its answer
 * changed nothing and may be retried (worker_app.retry). */
static void
run(struct req *r, const struct route *rt, const struct worker_app *app)
{
	uint64_t	 before;
	size_t		 nheaders = r->headers.len;
	int		 tries;

	for (tries = 0;; tries++) {
		before = app->effects != NULL ? app->effects() : 0;
		rt->handler(r);
		if (app->retry == NULL || app->effects == NULL ||
		    tries == HANDLER_RETRIES || r->body_file != NULL ||
		    r->body_read != NULL || !app->retry(r, before))
			return;
		log_info("%s %s: run again (%d) after an answer %d that changed "
		    "nothing", r->method, r->path, tries + 1, r->status);
		resp_undo(r, nheaders);
	}
}

/* An R_CACHE route: the answer kept for this caller and URL while the
 * data version holds, else the handler's, kept when it is a 200 without
 * headers of its own. The version is read before the handler reads the
 * data, so an answer made while a write commits is kept under the old
 * version, which the write's bump then retires. */
static void
cached(struct req *r, const struct route *rt, const struct worker_app *app)
{
	struct cache_hit	 hit;
	uint64_t		 version;
	const char		*key;
	double			 now = dt_mono();

	if (app->data_version(r, &version) == -1 || (key = arena_printf(
	    r->arena, "%u:%lld %s %s?%s", r->user ? r->user->role : 0,
	    (long long)(r->user ? r->user->id : 0), r->method, r->path,
	    r->query_string ? r->query_string : "")) == NULL) {
		run(r, rt, app);
		return;
	}
	if (cache_get(key, version, now, &hit)) {
		metrics_cache(1);
		resp_text(r, 200, hit.content_type, hit.body, hit.len);
		return;
	}
	metrics_cache(0);
	run(r, rt, app);
	if (r->status == 200 && !r->out.err && r->headers.len == 0 &&
	    r->content_type_out != NULL)
		cache_put(key, version, now + (double)r->cfg->response_cache_ms /
		    1000.0, r->content_type_out, buf_str(&r->out), r->out.len);
}

/* Match path, or the path an alias makes of it (depth: aliases of
 * aliases still to try); *found is the path that matched. */
static enum router_result
match(struct req *r, const struct worker_app *app, const char *path,
    int depth, const char **found, const struct route **rt, char *allow,
    size_t allowlen)
{
	enum router_result	 res;
	const char		*to;
	size_t			 i, n;

	*found = path;
	res = router_match(app->routes, app->nroutes, r->method, path, rt,
	    r->ids, &r->nids, allow, allowlen);
	for (i = 0; res == ROUTER_NOT_FOUND && depth > 0 && i < app->naliases;
	    i++) {
		n = strlen(app->aliases[i].from);
		if (strncmp(path, app->aliases[i].from, n) == 0 &&
		    (to = arena_printf(r->arena, "%s%s", app->aliases[i].to,
		    path + n)) != NULL)
			res = match(r, app, to, depth - 1, found, rt, allow,
			    allowlen);
	}
	if (res == ROUTER_NOT_FOUND)
		*found = path;
	return res;
}

static void
dispatch(struct req *r, const struct worker_app *app)
{
	char			 allow[128];
	const struct route	*rt;

	switch (match(r, app, r->path, 2, &r->path, &rt, allow, sizeof(allow))) {
	case ROUTER_NOT_FOUND:
		resp_error(r, 404, r->face == FACE_JSON ? "Not found." :
		    "Такой страницы нет.");
		return;
	case ROUTER_BAD_METHOD:
		resp_error(r, 405, arena_printf(r->arena,
		    "Method \"%s\" not allowed.", r->method));
		resp_header(r, "Allow", allow);
		return;
	case ROUTER_FOUND:
		break;
	}
	r->route = rt;
	r->face = rt->flags & R_HTML ? FACE_HTML : FACE_JSON;
	log_set_request(r->id, rt->pattern);
	if (app->authorize != NULL && app->authorize(r) == -1)
		return;
	if (!(rt->flags & R_ANON) && r->user == NULL) {
		resp_error(r, 401, "Authentication credentials were not provided.");
		return;
	}
	if ((rt->flags & R_ROLES) && !(rt->flags & r->user->role)) {
		resp_error(r, 403, r->face == FACE_JSON ? "You do not have "
		    "permission to perform this action." :
		    "Эта страница недоступна для вашей роли.");
		return;
	}
	if ((rt->flags & R_CACHE) && r->cfg->response_cache_ms > 0 &&
	    app->data_version != NULL)
		cached(r, rt, app);
	else
		run(r, rt, app);
}

static void
access_log(const struct req *r, long bytes)
{
	struct buf	 b;
	char		 ts[32];
	struct timespec	 now;
	struct tm	 tm;

	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_init(&b, r->arena);
	buf_printf(&b, "{\"ts\":\"%s.%03ldZ\",\"level\":\"info\",\"pid\":%ld,"
	    "\"type\":\"access\",\"req\":\"%s\",\"method\":\"", ts,
	    now.tv_nsec / 1000000, (long)getpid(), r->id);
	log_json_escape(&b, r->head ? "HEAD" : r->method);
	buf_puts(&b, "\",\"path\":\"");
	/* A path holding a secret (a feed's key, a reset or verification
	 * token) is logged as its route's pattern. */
	log_json_escape(&b, r->route && (strstr(r->route->pattern, "{key}") ||
	    strstr(r->route->pattern, "{token}")) ? r->route->pattern : r->path);
	buf_puts(&b, "\",\"route\":\"");
	log_json_escape(&b, r->route ? r->route->pattern : "");
	buf_printf(&b, "\",\"status\":%d,\"ms\":%.3f,\"bytes\":%ld,\"ip\":\"",
	    r->status, (dt_mono() - r->t_start) * 1000.0, bytes);
	log_json_escape(&b, r->remote_addr);
	buf_puts(&b, "\"}");
	if (!b.err)
		log_json_line(buf_str(&b));
}

static void
serve(FCGX_Request *fr, struct arena *a, const struct config *cfg,
    const struct tmpl_set *tmpl, const struct worker_app *app)
{
	struct req	 r;
	enum req_err	 e;
	int		 st = 0;
	long		 bytes;

	metrics_inflight(1);
	memset(&r, 0, sizeof(r));
	r.arena = a;
	r.cfg = cfg;
	r.tmpl = tmpl;
	r.t_start = dt_mono();
	buf_init(&r.out, a);
	buf_init(&r.headers, a);
	e = req_parse(&r, fr->envp, (size_t)cfg->body_max);
	if (r.id[0] == '\0')
		rand_hex(r.id, 16);
	log_set_request(r.id, NULL);
	switch (e) {
	case REQ_OK:
		if (!r.upload)
			st = read_body(&r, fr->in, (size_t)cfg->body_max);
		else if (r.content_length > cfg->upload_max)
			st = 413;
		else if (r.body_file == NULL) {
			r.body_read = stream_read;
			r.body_ctx = fr->in;
		}
		break;
	case REQ_TOO_LARGE:
		st = 413;
		break;
	case REQ_NO_MEMORY:
		st = 500;
		break;
	default:
		st = 400;
		break;
	}
	if (r.method != NULL)
		cors_begin(&r);
	if (st == 0 && cors_preflight(&r) == 0)
		dispatch(&r, app);
	else if (st == 0)
		;	/* a preflight, answered */
	else if (st == 413)
		resp_error(&r, 413, "Request body is too large.");
	else if (st == 400)
		resp_error(&r, 400, e == REQ_BAD_QUERY ? "Malformed query string." :
		    e == REQ_BAD_COOKIE ? "Malformed Cookie header." :
		    e == REQ_BAD_PATH ? "Malformed path." : "Malformed request body.");
	else
		resp_error(&r, 500, "Internal server error");
	if (a->overflow && r.status < 500) {
		log_error("request memory exhausted");
		resp_error(&r, 500, "Internal server error");
	}
	gate_leave();
	db_request_end();
	drain(fr->in, cfg->upload_max);
	bytes = resp_send(&r, fr->out);
	access_log(&r, bytes);
	metrics_request(r.route ? (size_t)(r.route - app->routes) : app->nroutes,
	    r.status, dt_mono() - r.t_start);
	metrics_inflight(-1);
	log_set_request(NULL, NULL);
}

void
worker_main(const struct config *cfg, int listen_fd,
    const struct worker_app *app)
{
	struct sigaction	 sa;
	sigset_t		 term, none;
	FCGX_Request		 fr;
	struct arena		 a;
	struct tmpl_set		*tmpl;
	char			 err[512];
	long			 served = 0;
	int			 fd;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	prctl(PR_SET_NAME, "tpanel-worker");
	if (getppid() == 1)
		_exit(0);	/* the master died before prctl */

	/* SIGTERM may interrupt only our accept(); around a request it is
	 * blocked, so libfcgi's reads and writes never see EINTR. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	if ((tmpl = tmpl_load_dir(cfg->templates_dir, err, sizeof(err))) == NULL) {
		log_error("templates: %s", err);
		_exit(2);
	}
	if (app->init != NULL && app->init(cfg) != 0)
		_exit(2);
	db_init(cfg);
	/* libfcgi never accepts by itself: given no listening socket, a
	 * connection that closes before its request (a port probe) makes
	 * FCGX_Accept_r fail back to our accept() instead of blocking in its
	 * own with SIGTERM held off. */
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, -1, 0) != 0) {
		log_error("libfcgi initialisation failed");
		_exit(2);
	}
	arena_init(&a, (size_t)cfg->request_memory_max);
	gate_worker();
	log_debug("worker ready");

	while (!stop && (cfg->max_requests == 0 || served < cfg->max_requests)) {
		if ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			log_warn("accept");
			usleep(100000);	/* EMFILE and friends: do not spin */
			continue;
		}
		sigprocmask(SIG_BLOCK, &term, NULL);
		/* Hand libfcgi the connection we accepted: with ipcFd set and
		 * keepConnection on, FCGX_Accept_r reads it instead of
		 * accepting (both are public fields of FCGX_Request). */
		fr.ipcFd = fd;
		fr.keepConnection = 1;
		if (FCGX_Accept_r(&fr) == 0) {
			serve(&fr, &a, cfg, tmpl, app);
			FCGX_Finish_r(&fr);
		}
		if (fr.ipcFd >= 0)	/* nginx asked to keep it: we do not */
			FCGX_Free(&fr, 1);
		arena_reset(&a);
		served++;
		sigprocmask(SIG_UNBLOCK, &term, NULL);
	}
	db_close();
	cache_clear();
	arena_free(&a);
	tmpl_set_free(tmpl);
	_exit(0);
}
