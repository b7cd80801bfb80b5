/* What pool.c shares with pool_release.c: the settings and the helpers
 * both halves of the pool use. Not for other modules (domain/pool.h is). */
#ifndef POOL_INT_H
#define POOL_INT_H

#define TX_TRIES	3	/* a transaction retried after a deadlock */

/* The settings, copied at pool_init. */
struct pool_settings {
	int64_t		 daily_cap, start_max, start_window, start_early;
	int64_t		 reschedule_min, grace, lock_wait, max_leases;
};
extern struct pool_settings pool_ps;

/* -1 after setting *res to status and msg (no Retry-After). */
int	 pool_fail(struct pool_result *, int, const char *);
/* pool_fail for the last database error: 503 when down or locked. */
int	 pool_db_fail(struct pool_result *);
int	 pool_db_fail_e(struct pool_result *, enum db_err);
/* pool_fail for a Zoom error, with Retry-After when Zoom is busy. */
int	 pool_zoom_fail(struct pool_result *, const struct zoom_err *);
/* Roll back keeping the error: 1 when it was a lock conflict (retry). */
int	 pool_rollback_retry(enum db_err *);
/* audit_put as who, or as the system when who is NULL. */
void	 pool_audit(struct arena *, const struct actor *, const char *,
	    const char *, int64_t, struct json_object *);
int	 pool_account_creds(struct arena *, const struct zoom_account *,
	    struct zoom_creds *, struct zoom_err *);
int	 pool_teacher_creds(struct arena *, const struct teacher_zoom *,
	    struct zoom_creds *);
/* The lesson's meeting as Zoom wants it. */
void	 pool_spec_of(struct arena *, const struct lesson *,
	    struct zoom_meeting_spec *);
int	 pool_zoom_finish(struct arena *, int64_t, const char *, unsigned,
	    struct zoom_err *);
/* The name of a lesson's start lock (NULL: out of memory). */
const char *pool_lock_name(struct arena *, int64_t);

#endif
