/* The mail outbox: queue now, send from the scheduler, retry with backoff. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_mail.h"
#include "db/db_notification.h"
#include "domain/outbox.h"
#include "mail/message.h"
#include "mail/smtp.h"

#define BATCH		50	/* emails one run sends at most */
#define FIRST_PAUSE	30	/* seconds before the first retry ... */
#define LONGEST_PAUSE	3600	/* ... doubling up to this */

int
outbox_enabled(const struct config *cfg)
{
	return cfg->smtp_url != NULL && cfg->smtp_url[0] != '\0';
}

int
outbox_queue(struct arena *a, const struct config *cfg, const char *kind,
    const char *to, const char *subject, const char *text,
    int64_t notification)
{
	if (!outbox_enabled(cfg))
		return 0;
	if (subject == NULL || text == NULL)
		return -1;
	return db_mail_queue(a, kind, to, subject, text, notification);
}

/* Seconds to wait after the attempts-th failure. */
static int64_t
pause_after(int64_t attempts)
{
	int64_t	 s = FIRST_PAUSE;

	while (--attempts > 0 && s < LONGEST_PAUSE)
		s *= 2;
	return s < LONGEST_PAUSE ? s : LONGEST_PAUSE;
}

/* A failed email: tried again later, or given up after the last try. */
static int
failed(struct arena *a, const struct config *cfg, const struct mail_row *m,
    const char *why, struct outbox_result *res)
{
	int	 give_up = m->attempts + 1 >= cfg->mail_max_attempts;

	if (give_up) {
		log_warnx("email %lld (%s) given up after %lld attempts: %s",
		    (long long)m->id, m->kind, (long long)m->attempts + 1, why);
		res->failed++;
	} else
		res->retried++;
	return db_mail_failed(a, m->id, pause_after(m->attempts + 1), why,
	    give_up);
}

int
outbox_send(struct arena *a, const struct config *cfg,
    struct outbox_result *res)
{
	struct mail_smtp	*smtp = NULL;
	struct mail_row		*m;
	struct mail_msg		 msg;
	const char		*raw;
	size_t			 n, i;
	int			 rc = 0;

	memset(res, 0, sizeof(*res));
	if (!outbox_enabled(cfg))
		return 0;
	if (db_mail_due(a, BATCH, &m, &n) == -1)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		msg.from = cfg->smtp_from;
		msg.to = m[i].to;
		msg.subject = m[i].subject;
		msg.text = m[i].body;
		msg.date = (int64_t)time(NULL);
		if ((raw = mail_message(a, &msg)) == NULL) {
			/* Not a usable address: no retry will help. */
			m[i].attempts = cfg->mail_max_attempts;
			rc = failed(a, cfg, &m[i], "not a usable address", res);
			continue;
		}
		if (smtp == NULL && (smtp = mail_smtp_open(cfg)) == NULL) {
			rc = failed(a, cfg, &m[i], "the mail relay is not usable",
			    res);
			break;
		}
		if (mail_smtp_send(smtp, m[i].to, raw) == -1) {
			rc = failed(a, cfg, &m[i], mail_smtp_error(smtp), res);
			/* The relay is down or refusing: the rest waits too. */
			continue;
		}
		res->sent++;
		if (db_mail_sent(a, m[i].id) == -1 || (m[i].notification_id &&
		    db_notification_emailed(a, m[i].notification_id) == -1))
			rc = -1;
	}
	mail_smtp_close(smtp);
	if (rc == 0 && db_mail_pending(a, &res->pending) == -1)
		rc = -1;
	return rc;
}
