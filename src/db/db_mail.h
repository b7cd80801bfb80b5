/* mail_outbox: emails waiting for the scheduler's mail job. */
#ifndef DB_DB_MAIL_H
#define DB_DB_MAIL_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* One queued email. */
struct mail_row {
	int64_t		 id, notification_id, attempts;
	const char	*kind, *to, *subject, *body;
};

/* Queue an email (to NULL: a void row, never sent; notification 0: none).
 * 0 or -1. */
int	 db_mail_queue(struct arena *, const char *kind, const char *to,
	    const char *subject, const char *body, int64_t notification);
/* Up to max emails due now, oldest first: 0 and *out (arena), *n, or -1. */
int	 db_mail_due(struct arena *, size_t max, struct mail_row **out,
	    size_t *n);
/* It went out: sent, its body dropped. 0 or -1. */
int	 db_mail_sent(struct arena *, int64_t id);
/* It did not: tried again in delay seconds, or given up (failed, body
 * dropped) when give_up. err is what the relay said (no address, no
 * body). 0 or -1. */
int	 db_mail_failed(struct arena *, int64_t id, int64_t delay,
	    const char *err, int give_up);
/* Delete rows no longer pending that are older than days: 0 and *n, -1. */
int	 db_mail_clean(struct arena *, int64_t days, int64_t *n);
/* Emails still waiting (pending): 0 and *n, or -1. */
int	 db_mail_pending(struct arena *, int64_t *n);

#endif
