/* One MariaDB connection per worker; prepared statements with bound
 * parameters; results copied into the request's arena. */
#include "autoconf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/cache.h"
#include "core/config.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_int.h"

#define MAX_PARAMS	64

static const struct config	*cfg;
static MYSQL			*conn;
static unsigned			 gen;		/* bumped at each connect */
static struct db_stmt		*prepared;	/* on the current connection */
static enum db_err		 last_err;
static const char		*txn_where;	/* open transaction, or NULL */
static int			 txn_versioned;	/* it changed versioned data */
static int			 txn_wrote;	/* it changed any row */
static uint64_t			 effects;	/* committed changes, see db.h */
static unsigned long		 nconnects;
static time_t			 last_down_log;
static unsigned			 prep_errno;	/* of the last failed prepare */
static char			 prep_error[256];

void
db_init(const struct config *c)
{
	cfg = c;
}

static void
drop(void)
{
	struct db_stmt	*s;

	for (s = prepared; s != NULL; s = s->next) {
		mysql_stmt_close(s->h);
		s->h = NULL;
	}
	prepared = NULL;
	if (conn != NULL)
		mysql_close(conn);
	conn = NULL;
	txn_where = NULL;
	txn_versioned = txn_wrote = 0;
}

void
db_close(void)
{
	drop();
}

unsigned long
db_reconnects(void)
{
	return nconnects;
}

static int
connect_db(void)
{
	unsigned	 timeout = (unsigned)cfg->db_connect_timeout, rw = 30;
	bool		 off = 0;
	const char	*sock = cfg->db_socket[0] ? cfg->db_socket : NULL;
	time_t		 now;

	if ((conn = mysql_init(NULL)) == NULL)
		return -1;
	mysql_options(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(conn, MYSQL_OPT_READ_TIMEOUT, &rw);
	mysql_options(conn, MYSQL_OPT_WRITE_TIMEOUT, &rw);
	mysql_options(conn, MYSQL_OPT_RECONNECT, &off);
	mysql_options(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(conn, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,"
	    "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
	if (mysql_real_connect(conn, sock ? NULL : cfg->db_host, cfg->db_user,
	    cfg->db_password, cfg->db_name, (unsigned)cfg->db_port, sock,
	    CLIENT_FOUND_ROWS) == NULL) {
		/* While the database is down every request lands here: log
		 * once in a while, not once a request. */
		now = time(NULL);
		if (now - last_down_log >= 10) {
			log_warnx("database connection failed: %s", mysql_error(conn));
			last_down_log = now;
		}
		mysql_close(conn);
		conn = NULL;
		metrics_db_error();
		return -1;
	}
	gen++;
	metrics_db_connect();
	if (nconnects++ > 0)
		log_info("database connection re-opened");
	return 0;
}

/* Errors after which the connection is unusable. */
static int
conn_lost(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	    e == CR_SERVER_LOST_EXTENDED || e == ER_CONNECTION_KILLED ||
	    e == 4031 /* ER_CLIENT_INTERACTION_TIMEOUT */ ||
	    e == ER_SERVER_SHUTDOWN;
}

static enum db_err
classify(unsigned e)
{
	if (conn_lost(e))
		return DB_ERR_DOWN;
	switch (e) {
	case ER_DUP_ENTRY:
	case ER_DUP_ENTRY_WITH_KEY_NAME:
		return DB_ERR_DUP;
	case ER_NO_REFERENCED_ROW:
	case ER_NO_REFERENCED_ROW_2:
	case ER_ROW_IS_REFERENCED:
	case ER_ROW_IS_REFERENCED_2:
		return DB_ERR_FK;
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
		return DB_ERR_LOCK;
	default:
		return DB_ERR_OTHER;
	}
}

static int
prepare(struct db_stmt *s)
{
	bool	 one = 1;

	if (s->h != NULL && s->gen == gen)
		return 0;
	if ((s->h = mysql_stmt_init(conn)) == NULL)
		return -1;
	if (mysql_stmt_prepare(s->h, s->sql, strlen(s->sql)) != 0) {
		/* The error lives in the handle: keep it before closing. */
		prep_errno = mysql_stmt_errno(s->h);
		snprintf(prep_error, sizeof(prep_error), "%s", mysql_stmt_error(s->h));
		mysql_stmt_close(s->h);
		s->h = NULL;
		return -1;
	}
	mysql_stmt_attr_set(s->h, STMT_ATTR_UPDATE_MAX_LENGTH, &one);
	s->gen = gen;
	s->next = prepared;
	prepared = s;
	return 0;
}

static int
bind_params(struct db_stmt *s, const struct db_val *p, size_t n)
{
	MYSQL_BIND	 b[MAX_PARAMS];
	size_t		 i;

	if (n > MAX_PARAMS || n != mysql_stmt_param_count(s->h)) {
		log_error("statement wants %lu parameters, given %zu: %s",
		    mysql_stmt_param_count(s->h), n, s->sql);
		return -1;
	}
	memset(b, 0, n * sizeof(b[0]));
	for (i = 0; i < n; i++) {
		switch (p[i].t) {
		case DB_T_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DB_T_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)&p[i].i;
			break;
		case DB_T_STR:
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)p[i].s;
			b[i].buffer_length = p[i].len;
			break;
		}
	}
	return n ? (mysql_stmt_bind_param(s->h, b) ? -1 : 0) : 0;
}

static int
run(struct arena *a, struct db_stmt *s, const struct db_val *p, size_t n,
    struct db_res *out, db_row_fn fn, void *arg, int *prepared_now)
{
	MYSQL_RES	*meta;
	int		 rc = 0;

	prep_errno = 0;
	*prepared_now = s->h == NULL || s->gen != gen;
	if (prepare(s) == -1 || bind_params(s, p, n) == -1 ||
	    mysql_stmt_execute(s->h) != 0)
		return -1;
	if ((meta = mysql_stmt_result_metadata(s->h)) != NULL) {
		rc = db_fetch(a, s, meta, out, fn, arg);
		mysql_free_result(meta);
	}
	out->affected = mysql_stmt_affected_rows(s->h);
	out->insert_id = mysql_stmt_insert_id(s->h);
	mysql_stmt_free_result(s->h);
	return rc;
}

static unsigned
err_of(struct db_stmt *s)
{
	if (s->h != NULL && mysql_stmt_errno(s->h))
		return mysql_stmt_errno(s->h);
	if (s->h == NULL && prep_errno)
		return prep_errno;
	return conn && mysql_errno(conn) ? mysql_errno(conn) : CR_SERVER_GONE_ERROR;
}

static const char *
error_of(struct db_stmt *s)
{
	if (s->h != NULL)
		return mysql_stmt_error(s->h);
	return prep_errno ? prep_error : conn ? mysql_error(conn) : "";
}

/* -- the data version -------------------------------------------------
 * Bumped after every committed write to a table that cached answers may
 * show: every table but these, written on sign-in, by the jobs or for
 * bookkeeping, which no cached answer shows. A table missing here costs
 * cache hits, never freshness. */
static const char *const unversioned[] = {
	"auth_", "token_blacklist_", "job_", "notification",
	"schedule_auditlog", "schedule_start_attempt", "schedule_invitecode_use",
	"zoom_oauth_token", "zoom_pool_daily_usage", "calendar_feed",
	"accounts_emailverification", "import_django_map", "data_version",
	"analytics_", "homework_", "stored_file",
	"mail_outbox",
	/* The chat: no cached answer shows a chat, a message or a ticket. */
	"accounts_chat", "accounts_message", "chat_", "realtime_",
};

static struct db_stmt st_version = DB_STMT(
    "SELECT version FROM data_version WHERE id = 1");
static struct db_stmt st_bump = DB_STMT(
    "UPDATE data_version SET version = version + 1 WHERE id = 1");

/* Skip one word of sql (case-insensitive) and the blanks after it. */
static int
word(const char **sql, const char *w)
{
	size_t	 n = strlen(w);

	if (strncasecmp(*sql, w, n) != 0 || (*sql)[n] != ' ')
		return 0;
	for (*sql += n; **sql == ' '; (*sql)++)
		;
	return 1;
}

/* What a statement does: WRITES_COUNTED when it writes a table that
 * counts (INSERT [IGNORE] INTO t, REPLACE INTO t, UPDATE t, DELETE FROM t),
 * WRITES when it writes another, READS otherwise. */
enum { READS, WRITES_COUNTED, WRITES };

static int
kind(const char *sql)
{
	size_t	 i;
	int	 w;

	if (word(&sql, "INSERT")) {
		(void)word(&sql, "IGNORE");
		w = word(&sql, "INTO");
	} else if (word(&sql, "REPLACE"))
		w = word(&sql, "INTO");
	else if (word(&sql, "DELETE"))
		w = word(&sql, "FROM");
	else
		w = word(&sql, "UPDATE");
	if (!w)
		return READS;
	for (i = 0; i < sizeof(unversioned) / sizeof(unversioned[0]); i++)
		if (strncmp(sql, unversioned[i], strlen(unversioned[i])) == 0)
			return WRITES;
	return WRITES_COUNTED;
}

int
db_sql_versioned(const char *sql)
{
	return kind(sql) == WRITES_COUNTED;
}

/* After a commit: this host's count first (its workers see the write at
 * once), then the database's counter for the other hosts; when that fails
 * their kept answers live out their time (response_cache_ms) instead. */
static void
bump(void)
{
	struct arena	 a;
	enum db_err	 e = last_err;

	cache_bump();
	arena_init(&a, 0);
	if (db_exec(&a, &st_bump, NULL, 0, NULL) == -1)
		log_warnx("data version not bumped: other hosts' cached answers "
		    "may be stale until they expire");
	arena_free(&a);
	last_err = e;
}

int
db_data_version(struct arena *a, uint64_t *v)
{
	struct db_res	 r;
	int64_t		 x;

	if (db_exec(a, &st_version, NULL, 0, &r) == -1)
		return -1;
	if ((x = db_cell_i64(&r, 0, 0, -1)) < 0) {
		log_error("data_version has no row 1");
		return -1;
	}
	*v = (uint64_t)x;
	return 0;
}

/* A write that succeeded: counted, and the data version bumped, now or
 * at the commit. */
static void
written(struct db_stmt *s, const struct db_res *out)
{
	if (s->versioned == -1)
		s->versioned = kind(s->sql);
	if (s->versioned == READS || out->affected == 0)
		return;
	if (txn_where != NULL) {
		txn_wrote = 1;
		txn_versioned |= s->versioned == WRITES_COUNTED;
		return;
	}
	effects++;
	if (s->versioned == WRITES_COUNTED)
		bump();
}

uint64_t
db_effects(void)
{
	return effects;
}

static int
exec(struct arena *a, struct db_stmt *s, const struct db_val *p, size_t n,
    struct db_res *out, db_row_fn fn, void *arg)
{
	struct db_res	 scratch;
	unsigned	 e;
	int		 attempt, fresh;

	if (out == NULL)
		out = &scratch;
	for (attempt = 0; attempt < 2; attempt++) {
		memset(out, 0, sizeof(*out));
		if (conn == NULL && connect_db() == -1) {
			last_err = DB_ERR_DOWN;
			return -1;
		}
		if (run(a, s, p, n, out, fn, arg, &fresh) == 0) {
			last_err = DB_OK;
			written(s, out);
			return 0;
		}
		if (fn != NULL && out->nrows > 0) {
			/* Rows went to fn already: not run again. */
			last_err = DB_ERR_OTHER;
			log_error("query failed after %zu rows: %s", out->nrows,
			    s->sql);
			return -1;
		}
		if (a->overflow) {
			last_err = DB_ERR_OTHER;
			log_error("query result too large for the request's memory");
			return -1;
		}
		e = err_of(s);
		last_err = classify(e);
		metrics_db_error();
		if (last_err != DB_ERR_DOWN) {
			if (last_err == DB_ERR_OTHER)
				log_error("query failed (%u %s): %s", e, error_of(s),
				    s->sql);
			return -1;
		}
		log_warnx("database connection lost (%u)", e);
		/* Retry on a new connection only when the statement cannot
		 * have run: a lost transaction, or a write that may have
		 * reached the server, is the caller's to report. */
		if (txn_where != NULL) {
			drop();
			return -1;
		}
		drop();
		if (!fresh && e != CR_SERVER_GONE_ERROR &&
		    strncmp(s->sql, "SELECT", 6) != 0)
			return -1;
	}
	return -1;
}

int
db_exec(struct arena *a, struct db_stmt *s, const struct db_val *p, size_t n,
    struct db_res *out)
{
	return exec(a, s, p, n, out, NULL, NULL);
}

int
db_each(struct arena *a, struct db_stmt *s, const struct db_val *p, size_t n,
    db_row_fn fn, void *arg)
{
	struct db_res	 r;

	return exec(a, s, p, n, &r, fn, arg);
}

int
db_exec_changed(struct arena *a, struct db_stmt *s, const struct db_val *p,
    size_t n)
{
	struct db_res	 r;

	if (db_exec(a, s, p, n, &r) == -1)
		return -1;
	return r.affected > 0;
}

enum db_err
db_last_error(void)
{
	return last_err;
}

static struct db_stmt st_begin = DB_STMT("START TRANSACTION");
static struct db_stmt st_commit = DB_STMT("COMMIT");
static struct db_stmt st_rollback = DB_STMT("ROLLBACK");
static struct db_stmt st_savepoint = DB_STMT("SAVEPOINT sp");
static struct db_stmt st_back = DB_STMT("ROLLBACK TO SAVEPOINT sp");

/* A statement without parameters or rows: 0 or -1. */
static int
simple(struct db_stmt *st)
{
	struct arena	 a;
	int		 rc;

	arena_init(&a, 0);
	rc = db_exec(&a, st, NULL, 0, NULL);
	arena_free(&a);
	return rc;
}

int
db_begin_at(const char *where)
{
	if (txn_where != NULL) {
		log_error("transaction at %s begun inside one from %s", where,
		    txn_where);
		last_err = DB_ERR_OTHER;
		return -1;
	}
	if (simple(&st_begin) == -1)
		return -1;
	txn_where = where;
	return 0;
}

int
db_commit(void)
{
	int	 rc = simple(&st_commit);

	txn_where = NULL;
	if (rc == 0 && txn_wrote)
		effects++;
	if (rc == 0 && txn_versioned)
		bump();
	txn_versioned = txn_wrote = 0;
	return rc;
}

void
db_rollback(void)
{
	enum db_err	 why = last_err;

	txn_versioned = txn_wrote = 0;
	if (txn_where == NULL || conn == NULL) {
		txn_where = NULL;
		return;
	}
	txn_where = NULL;
	(void)simple(&st_rollback);
	/* The caller asks next why it rolled back (a deadlock: retry). */
	last_err = why;
}

int
db_savepoint(void)
{
	return simple(&st_savepoint);
}

int
db_savepoint_back(void)
{
	return simple(&st_back);
}

void
db_request_end(void)
{
	if (txn_where != NULL) {
		log_error("transaction begun at %s left open: rolled back",
		    txn_where);
		db_rollback();
	}
}

int
db_exec_sql(const char *sql, size_t len)
{
	MYSQL_STMT	*h;
	int		 rc = -1;

	if (conn == NULL && connect_db() == -1) {
		last_err = DB_ERR_DOWN;
		return -1;
	}
	if ((h = mysql_stmt_init(conn)) == NULL)
		return -1;
	if (mysql_stmt_prepare(h, sql, len) == 0 && mysql_stmt_execute(h) == 0)
		rc = 0;
	else {
		last_err = classify(mysql_stmt_errno(h));
		log_error("statement failed (%u %s): %.*s", mysql_stmt_errno(h),
		    mysql_stmt_error(h), (int)(len > 300 ? 300 : len), sql);
	}
	mysql_stmt_close(h);
	return rc;
}

const char *
db_like(struct arena *a, const char *q)
{
	struct buf	 b;

	buf_init(&b, a);
	buf_putc(&b, '%');
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *q);
	}
	buf_putc(&b, '%');
	return b.err ? NULL : buf_str(&b);
}

void *
db_gather_room(struct arena *a, struct db_gather *g, size_t n)
{
	char	*grown;

	if (g->all == NULL || g->len + n > g->cap) {
		g->cap = (g->len + n) * 2 + 16;
		if ((grown = arena_alloc(a, g->cap * g->size)) == NULL)
			return NULL;
		if (g->len > 0)
			memcpy(grown, g->all, g->len * g->size);
		g->all = grown;
	}
	return g->all + g->len * g->size;
}

int
db_gather_page(struct arena *a, struct db_gather *g,
    int (*cmp)(const void *, const void *), size_t limit, int back,
    void **out, size_t *n)
{
	size_t	 keep = g->len < limit ? g->len : limit;

	if (g->len > 1)
		qsort(g->all, g->len, g->size, cmp);
	*n = keep;
	if ((*out = arena_zalloc(a, (keep + 1) * g->size)) == NULL)
		return -1;
	if (keep > 0)
		memcpy(*out, g->all + (back ? g->len - keep : 0) * g->size,
		    keep * g->size);
	return 0;
}
