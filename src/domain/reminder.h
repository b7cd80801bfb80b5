/* Lesson reminders: a configured time before each lesson its teacher and
 * students get an in-app notification and, with a relay configured, an
 * email; once per lesson however many processes and hosts run the job.
 * Knows no HTTP. */
#ifndef DOMAIN_REMINDER_H
#define DOMAIN_REMINDER_H

#include <stdint.h>

struct arena;
struct config;

#define REMINDER_KIND	"lesson_reminder"

struct reminder_result {
	int64_t	 lessons;		/* lessons reminded by this run */
	int64_t	 notifications;		/* notifications written */
	int64_t	 emails_queued;		/* for the mail job (domain/outbox.h) */
};

/* Remind every lesson due within reminder_minutes: each is claimed
 * (reminder_sent_at) in the transaction that writes its notifications and
 * queues their emails, so a lesson another run took is skipped; the mail
 * job sends the emails (and marks the notifications emailed). 0 and *res,
 * or ACCOUNT_DB. */
int	 reminder_run(struct arena *, const struct config *,
	    struct reminder_result *res);

#endif
