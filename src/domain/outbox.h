/* The mail outbox (issue 18): requests queue emails, the scheduler's mail
 * job sends them with retries and growing pauses, so no request waits on
 * the mail relay and an answer takes the same time whether an email went
 * out or not. Knows no HTTP. */
#ifndef DOMAIN_OUTBOX_H
#define DOMAIN_OUTBOX_H

#include <stdint.h>

struct arena;
struct config;

/* Whether emails can go out at all (smtp_url is set). */
int	 outbox_enabled(const struct config *);
/* Queue an email of kind ("reset", "verify", "reminder") to to; to NULL
 * queues the same work for nobody (a void row, never sent: a reset asked
 * for an address without an account costs what a real one does);
 * notification: the reminder it carries, marked emailed once sent (0:
 * none). Without a relay nothing is queued, for anyone. 0, or -1 on a
 * database error. */
int	 outbox_queue(struct arena *, const struct config *, const char *kind,
	    const char *to, const char *subject, const char *text,
	    int64_t notification);

struct outbox_result {
	int64_t		 sent, retried, failed, pending;
};
/* The mail job: send what is due (a bounded batch on one connection to
 * the relay); a failure is tried again after 30 s, 1, 2, 4 ... minutes (at
 * most an hour), mail_max_attempts times in all, then given up (logged).
 * 0, or -1 on a database error. */
int	 outbox_send(struct arena *, const struct config *,
	    struct outbox_result *);

#endif
