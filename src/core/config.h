/* Settings: built-in defaults, then the file (key = value), then TPANEL_*
 * environment variables (TPANEL_DB_HOST overrides db_host). */
#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H

#include <stddef.h>

struct config {
	char	*listen;		/* unix path or host:port */
	long	 socket_mode;		/* chmod of a unix socket */
	long	 workers;
	long	 max_requests;		/* recycle a worker after this many; 0 = never */
	long	 body_max;		/* bytes; larger bodies get 413 */
	long	 upload_max;		/* bytes of a multipart upload body */
	long	 request_memory_max;	/* per-request arena cap, bytes */
	long	 drain_timeout;		/* seconds SIGTERM waits for in-flight requests */
	long	 response_cache_ms;	/* R_CACHE answers live at most this; 0: off */
	long	 data_version_poll_ms;	/* read the database's counter this often */
	char	*pid_file;
	long	 scheduler;		/* run the periodic jobs (1) or not (0) */
	char	*log_level;

	char	*db_host;		/* 127.0.0.1 for TCP; empty with db_socket */
	long	 db_port;
	char	*db_socket;
	char	*db_name;
	char	*db_user;
	char	*db_password;
	long	 db_connect_timeout;	/* seconds */

	char	*secret_key;
	char	*base_url;		/* public URL, no trailing slash */
	char	*time_zone;		/* IANA name for pages */
	char	*templates_dir;
	char	*static_dir;
	char	*migrations_dir;
	char	*api_dir;		/* openapi.json of the API docs */

	long	 access_ttl;		/* seconds an access token lives */
	long	 refresh_ttl;
	long	 session_ttl;		/* seconds a page session lives */
	long	 login_fail_account_max;	/* failed sign-ins per email ... */
	long	 login_fail_ip_max;	/* ... and per client address ... */
	long	 login_fail_window;	/* ... within this many seconds */
	long	 code_fail_user_max;	/* unknown invite codes per user ... */
	long	 code_fail_ip_max;	/* ... and per client address ... */
	long	 code_fail_window;	/* ... within this many seconds */
	long	 reset_email_max;	/* password reset emails per address ... */
	long	 reset_ip_max;		/* ... and requests per client address ... */
	long	 reset_window;		/* ... within this many seconds */
	long	 reset_ttl;		/* seconds a reset link works */
	long	 page_size;		/* default page size of lists */
	long	 teacher_approval;	/* self-registered teachers wait for an admin */
	/* Lists: keyset cursors (app/paging.c). */
	long	 cursor_max_age;	/* seconds a next/previous link works */

	char	*cors_origins;	/* more origins that may call the API */
	char	*metrics_token;	/* bearer token for /metrics; empty: none */
	char	*metrics_allow;	/* addresses that may read /metrics */

	char	*zoom_api_url;
	char	*zoom_oauth_url;
	char	*zoom_webhook_secret;
	char	*secret_encryption_key;	/* 64 hex; empty: derived from secret_key */
	long	 zoom_connect_timeout_ms;
	long	 zoom_timeout_ms;	/* one Zoom request, whole */
	long	 zoom_retry_budget_ms;	/* one Zoom call with its retries */
	long	 zoom_token_margin;	/* renew tokens this many seconds early */
	long	 zoom_daily_cap;	/* creates/updates per host user and UTC day */
	long	 zoom_worker_share;	/* percent of workers Zoom calls may hold */
	long	 lesson_start_max;	/* start attempts per teacher ... */
	long	 lesson_start_window;	/* ... within this many seconds */
	long	 lesson_start_early;	/* seconds before the start it may start */
	long	 lesson_reschedule_min;	/* a move this large updates the meeting */
	long	 pool_release_grace;	/* seconds after a lesson's end */
	long	 pool_release_interval;	/* seconds between release job runs */
	long	 pool_max_leases_per_teacher;	/* open leases one teacher holds */
	long	 max_lesson_minutes;	/* longest lesson */

	char	*smtp_url;		/* relay for emails; empty: none */
	char	*smtp_from;
	char	*smtp_user;
	char	*smtp_password;
	long	 reminder_minutes;	/* lead time of lesson reminders; 0: none */
	long	 reminder_interval;	/* seconds between reminder runs */

	/* Analytics. */
	long	 zoom_presence_percent;	/* share of a meeting that suggests "present" */
	/* Stored files (uploads and downloads). */
	char	*media_dir;		/* where stored files live; nginx's /_files/ */
	long	 file_unused_grace;	/* seconds an unused file is kept */
	long	 mail_interval;		/* seconds between runs of the mail job */
	long	 mail_max_attempts;	/* sends of one email before giving up */

	/* Chat and live delivery. */
	long	 chat_edit_window;	/* seconds a message may be edited; 0 any time, -1 never */
	long	 chat_delete_window;	/* seconds its sender may delete it; the same */
	long	 chat_student_dm;	/* students of a group may message each other */
	char	*realtime_publisher;	/* nchan publisher: http://host:port or unix:/path; empty: off */
	long	 realtime_connect_timeout_ms;
	long	 realtime_timeout_ms;	/* one publish, whole */
	char	*realtime_redis_url;	/* the Redis every host's nchan shares; empty: one host */
};

/* Load path (NULL: the default file, which may be absent), then the
 * environment. On error write a message to err and return -1. Strings are
 * malloc'd; free with config_free. */
int	 config_load(struct config *, const char *path, char *err, size_t errlen);
void	 config_free(struct config *);
/* The worker count for workers = 0: four per CPU core, 4 to 32. */
long	 config_auto_workers(void);
/* Checks that serving needs (secret key length, workers range). */
int	 config_check_serve(const struct config *, char *err, size_t errlen);
/* Print every setting with its help line, secrets masked. */
void	 config_dump(const struct config *, int show_help);

#endif
