/* Settings from defaults, a key = value file and TPANEL_* variables. */
#include "autoconf.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/dt.h"
#include "core/str.h"

enum kind { STR, NUM, SECRET };

struct setting {
	const char	*key;
	enum kind	 kind;
	size_t		 off;
	const char	*def;
	long		 min, max;
	const char	*help;
};

#define S(k, d, h)	{ #k, STR, offsetof(struct config, k), d, 0, 0, h }
#define X(k, d, h)	{ #k, SECRET, offsetof(struct config, k), d, 0, 0, h }
#define N(k, d, lo, hi, h) { #k, NUM, offsetof(struct config, k), d, lo, hi, h }

static const struct setting settings[] = {
	S(listen, "127.0.0.1:9000", "FastCGI socket: a unix path or host:port"),
	N(socket_mode, "0660", 0, 0777, "permissions of a unix socket (octal)"),
	N(workers, "0", 0, 256, "number of worker processes (0: four per CPU core, "
	    "at least 4 and at most 32; docs/deploy.md, Sizing)"),
	N(max_requests, "100000", 0, 1000000000,
	    "recycle a worker after this many requests (0: never)"),
	N(body_max, "1048576", 1024, 1073741824,
	    "largest request body in bytes; larger gets 413"),
	N(upload_max, "53477376", 1048576, 1073741824,
	    "largest file upload body (multipart) in bytes; larger gets 413"),
	N(request_memory_max, "67108864", 1048576, 1073741824,
	    "memory one request may use, bytes"),
	N(drain_timeout, "30", 1, 3600,
	    "seconds a stopping worker may take to finish its request"),
	N(response_cache_ms, "2000", 0, 60000,
	    "longest a worker reuses a cached list answer, ms (0: no cache)"),
	N(data_version_poll_ms, "100", 0, 10000,
	    "how often a host reads the data version, ms (0: every request)"),
	S(pid_file, "/run/tpanel.pid", "pid file of tpanel serve"),
	N(scheduler, "1", 0, 1,
	    "run the periodic jobs (1); with several hosts one runs them at a time"),
	S(log_level, "info", "debug, info, warn or error"),
	S(db_host, "127.0.0.1", "MariaDB host (ignored when db_socket is set)"),
	N(db_port, "3306", 1, 65535, "MariaDB TCP port"),
	S(db_socket, "", "MariaDB unix socket path (preferred when set)"),
	S(db_name, "tpanel", "database name"),
	S(db_user, "tpanel", "database user"),
	X(db_password, "", "database password"),
	N(db_connect_timeout, "2", 1, 60, "seconds to wait for the database"),
	X(secret_key, "", "signing key for tokens and sessions, 32+ characters"),
	S(base_url, "http://127.0.0.1:8080", "public URL of the site, no trailing slash"),
	S(time_zone, "UTC", "time zone pages show times in (IANA name)"),
	S(templates_dir, PKGDATADIR "/templates", "HTML templates"),
	S(static_dir, PKGDATADIR "/static", "static files (served by nginx)"),
	S(migrations_dir, PKGDATADIR "/sql/migrations", "schema migrations"),
	S(api_dir, PKGDATADIR "/api", "the API description (openapi.json)"),
	N(access_ttl, "1800", 60, 86400, "seconds an API access token lives"),
	N(refresh_ttl, "604800", 3600, 31536000, "seconds a refresh token lives"),
	N(session_ttl, "1209600", 600, 31536000, "seconds a page sign-in lasts"),
	N(login_fail_account_max, "5", 1, 1000000,
	    "failed sign-ins per email within the window before 429"),
	N(login_fail_ip_max, "50", 1, 1000000,
	    "failed sign-ins per client address within the window before 429"),
	N(login_fail_window, "600", 1, 86400, "throttle window, seconds"),
	N(code_fail_user_max, "10", 1, 1000000,
	    "unknown invite codes a user may try within the window"),
	N(code_fail_ip_max, "50", 1, 1000000,
	    "unknown invite codes a client address may try within the window"),
	N(code_fail_window, "60", 1, 86400, "invite code throttle window, seconds"),
	N(reset_email_max, "3", 1, 1000000,
	    "password reset emails per address within the window"),
	N(reset_ip_max, "20", 1, 1000000,
	    "password reset requests per client address within the window"),
	N(reset_window, "3600", 60, 86400, "password reset throttle window, seconds"),
	N(reset_ttl, "86400", 600, 259200, "seconds a password reset link works"),
	N(page_size, "100", 1, 500, "default page size of API lists (page_size= up to 500)"),
	N(teacher_approval, "1", 0, 1, "teachers who register wait for an admin's "
	    "approval before they add students by email or use the Zoom pool (1); "
	    "0 trusts every teacher (a tutor's own install)"),
	S(cors_origins, "", "browser origins that may call the API besides the "
	    "original's (http://localhost:3000 and :3001, http://HOST and "
	    "http://HOST:3000 of base_url), comma-separated, e.g. "
	    "https://app.example.org"),
	/* Lists: keyset cursors (app/paging.c). */
	N(cursor_max_age, "86400", 60, 31536000,
	    "seconds a list's next/previous link (its cursor) keeps working"),
	X(metrics_token, "", "bearer token that may read /metrics (empty: none)"),
	S(metrics_allow, "127.0.0.1,::1",
	    "client addresses that may read /metrics without the token (comma-separated)"),
	S(zoom_api_url, "https://api.zoom.us/v2", "Zoom API base, including /v2"),
	S(zoom_oauth_url, "https://zoom.us/oauth/token", "Zoom OAuth token URL"),
	X(zoom_webhook_secret, "", "secret token of the Zoom webhook"),
	X(secret_encryption_key, "", "64 hex characters: AES-256-GCM key of the "
	    "Zoom secrets at rest (empty: derived from secret_key)"),
	N(zoom_connect_timeout_ms, "3000", 100, 60000,
	    "milliseconds to connect to Zoom"),
	N(zoom_timeout_ms, "10000", 100, 120000,
	    "milliseconds one request to Zoom may take"),
	N(zoom_retry_budget_ms, "20000", 100, 300000,
	    "milliseconds one Zoom call may take with its retries (429, 5xx)"),
	N(zoom_token_margin, "300", 0, 3000,
	    "renew a cached Zoom OAuth token this many seconds before it expires"),
	N(zoom_daily_cap, "100", 1, 1000000,
	    "meeting creates/updates per pool account and UTC day (Zoom: 100)"),
	N(zoom_worker_share, "50", 1, 100,
	    "percent of the workers that may wait on Zoom at once (at least one); "
	    "a start beyond it answers 503 with Retry-After, so a slow Zoom never "
	    "holds the whole site"),
	N(lesson_start_max, "3", 1, 1000000,
	    "lesson start attempts per teacher within the window before 429"),
	N(lesson_start_window, "60", 1, 86400,
	    "lesson start throttle window, seconds"),
	N(lesson_start_early, "900", 0, 86400,
	    "seconds before its start a lesson may be started"),
	N(lesson_reschedule_min, "300", 0, 86400,
	    "moving a started lesson by this many seconds or more moves its meeting"),
	N(pool_release_grace, "300", 0, 86400,
	    "seconds after a lesson's end its pool account is released"),
	N(pool_release_interval, "60", 1, 3600,
	    "seconds between runs of the pool release job"),
	N(pool_max_leases_per_teacher, "2", 1, 1000,
	    "pool accounts one teacher may hold at once (2: back-to-back lessons "
	    "still start)"),
	N(max_lesson_minutes, "240", 15, 1440,
	    "longest lesson, minutes: a longer one is refused when it is made "
	    "or moved"),
	S(smtp_url, "", "SMTP relay for emails, smtp://host:port or "
	    "smtps://host:port (empty: in-app notifications only)"),
	S(smtp_from, "Teaching Panel <noreply@localhost>",
	    "sender of emails: an address or Name <address>"),
	S(smtp_user, "", "SMTP user name (empty: no login)"),
	X(smtp_password, "", "SMTP password"),
	N(reminder_minutes, "15", 0, 10080,
	    "minutes before a lesson its reminder goes out (0: no reminders)"),
	N(reminder_interval, "60", 1, 3600,
	    "seconds between runs of the lesson reminder job"),
	/* Analytics. */
	N(zoom_presence_percent, "50", 1, 100,
	    "per cent of a lesson's Zoom meeting a student must be in for the "
	    "journal to suggest \"present\""),
	/* Stored files. */
	S(media_dir, "/var/lib/tpanel/media",
	    "uploaded files (nginx serves them from its internal /_files/)"),
	N(file_unused_grace, "604800", 3600, 315360000,
	    "seconds an uploaded file nothing uses is kept before it is removed"),
	N(mail_interval, "5", 1, 3600,
	    "seconds between runs of the mail job, which sends the queued emails"),
	N(mail_max_attempts, "8", 1, 100,
	    "times the mail job tries an email (pauses of 30 s doubling up to "
	    "an hour) before giving up"),
	/* Chat and live delivery. */
	N(chat_edit_window, "900", -1, 31536000,
	    "seconds after sending a message may be edited (0: any time, -1: never)"),
	N(chat_delete_window, "900", -1, 31536000,
	    "seconds after sending its sender may delete a message (0: any time, "
	    "-1: never; moderators always may)"),
	N(chat_student_dm, "0", 0, 1,
	    "students who share a group may message each other (1) or not (0)"),
	S(realtime_publisher, "http://127.0.0.1:8081",
	    "nginx's nchan publisher, loopback only: http://127.0.0.1:PORT or "
	    "unix:/path/to/socket (empty: no live delivery)"),
	N(realtime_connect_timeout_ms, "200", 10, 10000,
	    "milliseconds to connect to the nchan publisher"),
	N(realtime_timeout_ms, "1000", 10, 30000,
	    "milliseconds one publish may take; a failure never fails the write"),
	S(realtime_redis_url, "",
	    "redis://host:port every nginx's nchan shares (more than one nginx); "
	    "the nginx sites name the same server (docs/deploy.md)"),
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

long
config_auto_workers(void)
{
	long	 cpus = sysconf(_SC_NPROCESSORS_ONLN), n;

	n = (cpus > 0 ? cpus : 1) * 4;
	return n < 4 ? 4 : n > 32 ? 32 : n;
}

static const struct setting *
find(const char *key, size_t n)
{
	size_t	 i;

	for (i = 0; i < NSETTINGS; i++)
		if (strlen(settings[i].key) == n &&
		    strncmp(settings[i].key, key, n) == 0)
			return &settings[i];
	return NULL;
}

static int
set(struct config *c, const struct setting *s, const char *val,
    const char *where, char *err, size_t errlen)
{
	char	**sp;
	int64_t	 v;
	char	*end;

	if (s->kind == NUM) {
		if (strcmp(s->key, "socket_mode") == 0) {
			errno = 0;
			v = strtol(val, &end, 8);
			if (*val == '\0' || *end != '\0' || errno)
				v = -1;
		} else if (str_to_i64(val, strlen(val), s->min, s->max, &v) == -1)
			v = -1;
		if (v < s->min || v > s->max) {
			snprintf(err, errlen, "%s: %s must be a number from %ld to %ld",
			    where, s->key, s->min, s->max);
			return -1;
		}
		*(long *)(void *)((char *)c + s->off) = (long)v;
		return 0;
	}
	sp = (char **)(void *)((char *)c + s->off);
	free(*sp);
	if ((*sp = strdup(val)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int
load_file(struct config *c, const char *path, int must, char *err, size_t errlen)
{
	FILE			*f;
	char			 line[4096], where[512];
	const struct setting	*s;
	struct slice		 l, key;
	unsigned		 lineno = 0;
	char			*val;

	if ((f = fopen(path, "r")) == NULL) {
		if (!must && errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		l.p = line;
		l.len = strcspn(line, "\r\n");
		if (l.len == sizeof(line) - 1) {
			snprintf(err, errlen, "%s: line too long", where);
			goto fail;
		}
		l = slice_trim(l);
		if (l.len == 0 || l.p[0] == '#')
			continue;
		if (slice_split(&l, '=', &key) == -1) {
			snprintf(err, errlen, "%s: expected key = value", where);
			goto fail;
		}
		key = slice_trim(key);
		l = slice_trim(l);
		if ((s = find(key.p, key.len)) == NULL) {
			snprintf(err, errlen, "%s: unknown setting '%.*s'", where,
			    (int)key.len, key.p);
			goto fail;
		}
		val = (char *)l.p;
		val[l.len] = '\0';
		if (set(c, s, val, where, err, errlen) == -1)
			goto fail;
	}
	fclose(f);
	return 0;
fail:
	fclose(f);
	return -1;
}

int
config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	char	 env[128];
	size_t	 i, j;
	const char *v;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NSETTINGS; i++)
		if (set(c, &settings[i], settings[i].def, "default", err,
		    errlen) == -1)
			return -1;
	if (load_file(c, path ? path : SYSCONFDIR "/tpanel.conf", path != NULL,
	    err, errlen) == -1)
		return -1;
	for (i = 0; i < NSETTINGS; i++) {
		snprintf(env, sizeof(env), "TPANEL_%s", settings[i].key);
		for (j = 7; env[j]; j++)
			env[j] = (char)toupper((unsigned char)env[j]);
		if ((v = getenv(env)) != NULL &&
		    set(c, &settings[i], v, env, err, errlen) == -1)
			return -1;
	}
	if (c->workers == 0)
		c->workers = config_auto_workers();
	if (dt_zone_valid(c->time_zone) == -1) {
		snprintf(err, errlen, "time_zone: unknown time zone \"%s\" "
		    "(an IANA name such as Europe/Moscow)", c->time_zone);
		return -1;
	}
	return 0;
}

void
config_free(struct config *c)
{
	size_t	 i;

	for (i = 0; i < NSETTINGS; i++)
		if (settings[i].kind != NUM)
			free(*(char **)(void *)((char *)c + settings[i].off));
	memset(c, 0, sizeof(*c));
}

int
config_check_serve(const struct config *c, char *err, size_t errlen)
{
	if (strlen(c->secret_key) < 32) {
		snprintf(err, errlen, "secret_key (TPANEL_SECRET_KEY) must be set "
		    "to at least 32 characters");
		return -1;
	}
	if (c->secret_encryption_key[0] != '\0' &&
	    strlen(c->secret_encryption_key) != 64) {
		snprintf(err, errlen, "secret_encryption_key must be 64 hex "
		    "characters (openssl rand -hex 32)");
		return -1;
	}
	if (c->listen[0] == '\0') {
		snprintf(err, errlen, "listen must be set");
		return -1;
	}
	if (c->media_dir[0] != '/') {
		snprintf(err, errlen, "media_dir must be an absolute path");
		return -1;
	}
	return 0;
}

void
config_dump(const struct config *c, int show_help)
{
	const struct setting	*s;
	size_t			 i;
	const char		*v;

	for (i = 0; i < NSETTINGS; i++) {
		s = &settings[i];
		if (show_help)
			printf("# %s\n", s->help);
		if (s->kind == NUM) {
			long n = *(const long *)(const void *)((const char *)c + s->off);
			if (strcmp(s->key, "socket_mode") == 0)
				printf("%s = %04lo\n", s->key, n);
			else
				printf("%s = %ld\n", s->key, n);
			continue;
		}
		v = *(char *const *)(const void *)((const char *)c + s->off);
		if (s->kind == SECRET && v[0] != '\0')
			v = "(set)";
		printf("%s = %s\n", s->key, v);
	}
}
