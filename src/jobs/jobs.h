/* The periodic jobs, one file each; each is idempotent, so running it
 * twice or after a crash does no harm. */
#ifndef JOBS_JOBS_H
#define JOBS_JOBS_H

struct arena;
struct config;
struct json_object;

/* Each job fills result with what it did; 0, or -1 on failure. */
int	 job_cleanup(struct arena *, const struct config *, struct json_object *);
int	 job_pool_release(struct arena *, const struct config *,
	    struct json_object *);
int	 job_reminders(struct arena *, const struct config *, struct json_object *);
int	 job_files_cleanup(struct arena *, const struct config *,
	    struct json_object *);
/* Its interval: the reminder_interval setting. */
long	 job_reminders_every(const struct config *);
int	 job_mail(struct arena *, const struct config *, struct json_object *);
/* Its interval (mail_interval), and whether a run had nothing to do. */
long	 job_mail_every(const struct config *);
int	 job_mail_idle(struct json_object *);
/* Analytics: MARATHON badges of the month that ended (daily). */
int	 job_badges(struct arena *, const struct config *, struct json_object *);

#endif
