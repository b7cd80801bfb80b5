/* Lesson reminders: claim, notify, queue the emails. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_notification.h"
#include "db/db_reminder.h"
#include "domain/account.h"
#include "domain/outbox.h"
#include "domain/reminder.h"

#define DUE_MAX		100	/* lessons a run looks at */
#define TITLE_MAX	200	/* notification.title, characters */

/* The start in the configured zone: "DD.MM.YYYY" and "HH:MM". */
static void
local_start(struct arena *a, const char *db, const char **date,
    const char **hm)
{
	int64_t		 us, days, sec;
	const char	*ymd;

	if (dt_parse_iso(db, &us) == -1) {
		*date = *hm = "?";
		return;
	}
	dt_utc_to_local(us / 1000000, &days, &sec);
	ymd = dt_date(a, days);
	*date = ymd ? arena_printf(a, "%.2s.%.2s.%.4s", ymd + 8, ymd + 5, ymd) :
	    "?";
	*hm = arena_printf(a, "%02lld:%02lld", (long long)(sec / 3600),
	    (long long)(sec % 3600 / 60));
}

/* s cut to at most max characters (UTF-8). */
static const char *
cut(struct arena *a, const char *s, size_t max)
{
	size_t	 i, n = 0;

	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && ++n > max)
			return arena_strndup(a, s, i);
	return s;
}

struct texts {
	const char	*title, *text;		/* the notification */
	const char	*subject, *lead;	/* the email (lead: after hello) */
};

static void
compose(struct arena *a, const struct config *cfg,
    const struct reminder_lesson *l, struct texts *t)
{
	const char	*date, *hm;

	local_start(a, l->start_time, &date, &hm);
	t->title = cut(a, arena_printf(a, "Скоро урок: %s", l->title), TITLE_MAX);
	t->text = arena_printf(a, "Урок «%s» группы «%s» начнётся %s в %s (%s).",
	    l->title, l->group_name, date, hm, cfg->time_zone);
	t->subject = arena_printf(a, "Напоминание: урок «%s» в %s", l->title, hm);
	t->lead = arena_printf(a, "%s\n\nСтраница урока: %s/lessons/%lld\n",
	    t->text, cfg->base_url, (long long)l->id);
}

static const char *
email_text(struct arena *a, const struct reminder_person *p,
    const struct texts *t)
{
	const char	*hello = p->first_name && p->first_name[0] ?
	    arena_printf(a, "Здравствуйте, %s!", p->first_name) : "Здравствуйте!";

	return arena_printf(a, "%s\n\n%s\nПисьмо отправлено автоматически, "
	    "отвечать на него не нужно.\n-- \nTeaching Panel\n", hello, t->lead);
}

/* Notify the lesson's people if this run takes it, their emails queued
 * in the same transaction (the mail job sends them): 1 taken (ids[i] the
 * new notification of people[i], 0 if there was one), 0 not ours, -1. */
static int
notify(struct arena *a, const struct config *cfg,
    const struct reminder_lesson *l, const struct texts *t,
    struct reminder_person **people, size_t *n, int64_t **ids,
    int64_t *queued)
{
	size_t	 i;
	int	 rc;

	if (db_begin() == -1)
		return -1;
	if ((rc = db_reminder_claim(a, l->id)) != 1) {
		db_rollback();
		/* Another process holds the row: it is taking it. */
		return rc == 0 || db_last_error() == DB_ERR_LOCK ? 0 : -1;
	}
	if (db_reminder_people(a, l->id, people, n) == -1 ||
	    (*ids = arena_zalloc(a, (*n + 1) * sizeof(**ids))) == NULL)
		goto fail;
	for (i = 0; i < *n; i++) {
		if (db_notification_insert(a, (*people)[i].id, REMINDER_KIND,
		    l->id, t->title, t->text, &(*ids)[i]) == -1)
			goto fail;
		if ((*ids)[i] == 0 || !outbox_enabled(cfg))
			continue;
		if (outbox_queue(a, cfg, "reminder", (*people)[i].email,
		    t->subject, email_text(a, &(*people)[i], t), (*ids)[i]) == -1)
			goto fail;
		(*queued)++;
	}
	if (db_commit() == -1)
		goto fail;
	return 1;
fail:
	/* A deadlock undid the claim too: the next run takes the lesson. */
	db_rollback();
	return db_last_error() == DB_ERR_LOCK ? 0 : -1;
}

int
reminder_run(struct arena *a, const struct config *cfg,
    struct reminder_result *res)
{
	struct reminder_lesson	*due;
	struct reminder_person	*people;
	struct texts		 t;
	int64_t			*ids;
	size_t			 ndue, np, i, j;
	int			 rc;

	memset(res, 0, sizeof(*res));
	if (cfg->reminder_minutes == 0)
		return 0;
	if (db_reminder_due(a, cfg->reminder_minutes, DUE_MAX, &due, &ndue) == -1)
		return ACCOUNT_DB;
	for (i = 0; i < ndue; i++) {
		compose(a, cfg, &due[i], &t);
		if ((rc = notify(a, cfg, &due[i], &t, &people, &np, &ids,
		    &res->emails_queued)) == -1)
			return ACCOUNT_DB;
		if (rc == 0)
			continue;
		res->lessons++;
		for (j = 0; j < np; j++)
			res->notifications += ids[j] != 0;
		log_info("reminded lesson %lld: %zu people", (long long)due[i].id,
		    np);
	}
	return 0;
}
