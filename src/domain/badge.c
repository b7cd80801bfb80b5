/* Badges: the rules, and awarding them once. */
#include "autoconf.h"

#include <string.h>

#include "core/dt.h"
#include "core/log.h"
#include "db/db_badge.h"
#include "db/db_homework.h"
#include "domain/analytics.h"
#include "domain/badge.h"

#define HOUR_US	(3600LL * 1000000)

int
badge_quick_start(int64_t created, int64_t published, int64_t assigned)
{
	int64_t	 from = published > assigned ? published : assigned;

	return from > 0 && created > 0 && created <= from + BADGE_QUICK_HOURS * HOUR_US;
}

int
badge_perfectionist(int64_t total, int64_t max)
{
	return max > 0 && total == max;
}

int
badge_early_bird(int64_t first_submitted, int64_t deadline)
{
	return deadline > 0 && first_submitted > 0 &&
	    first_submitted <= deadline - BADGE_EARLY_HOURS * HOUR_US;
}

int
badge_marathon_rule(int64_t assigned, int64_t submitted)
{
	return assigned >= 1 && submitted >= assigned;
}

const char *
badge_title(const char *type)
{
	static const struct {
		const char	*type, *title;
	} t[] = {
		{ "QUICK_START", "Быстрый старт" },
		{ "PERFECTIONIST", "Перфекционист" },
		{ "EARLY_BIRD", "Ранняя пташка" },
		{ "MARATHON", "Марафонец" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(type, t[i].type) == 0)
			return t[i].title;
	return type;
}

static int64_t
us_of(const char *db)
{
	int64_t	 us;

	return db != NULL && dt_parse_iso(db, &us) == 0 ? us : 0;
}

static void
award(struct arena *a, int64_t student, const char *type, int64_t hw,
    const char *period)
{
	if (db_badge_award(a, student, type, hw, period) == -1)
		log_warnx("badge %s for student %lld not awarded (database error)",
		    type, (long long)student);
}

void
badge_on_submit(struct arena *a, int64_t sub, int first)
{
	struct badge_facts	 f;
	struct hw_target	 t;
	const char		*due;
	char			 month[8];
	int			 rc;

	if (db_badge_facts(a, sub, &f) != 1 || !f.gamification)
		return;
	if ((rc = db_hw_target(a, f.homework_id, f.student_id, &t)) == -1)
		return;
	due = rc == 1 && t.deadline != NULL ? t.deadline : f.deadline;
	if (first && badge_quick_start(us_of(f.created_at), us_of(f.published_at),
	    rc == 1 ? us_of(t.assigned_at) : 0))
		award(a, f.student_id, "QUICK_START", f.homework_id, NULL);
	if (first && badge_early_bird(us_of(f.first_submitted_at), us_of(due)))
		award(a, f.student_id, "EARLY_BIRD", f.homework_id, NULL);
	if (strcmp(f.status, "graded") == 0 && badge_perfectionist(f.score, f.points))
		award(a, f.student_id, "PERFECTIONIST", f.homework_id, NULL);
	if (due != NULL) {
		analytics_month_of(us_of(due), month);
		(void)badge_marathon(a, f.student_id, month);
	}
}

void
badge_on_graded(struct arena *a, int64_t sub)
{
	struct badge_facts	 f;

	if (db_badge_facts(a, sub, &f) != 1 || !f.gamification)
		return;
	if (strcmp(f.status, "graded") == 0 && badge_perfectionist(f.score, f.points))
		award(a, f.student_id, "PERFECTIONIST", f.homework_id, NULL);
}

int
badge_marathon(struct arena *a, int64_t student, const char *month)
{
	struct badge_due	*d;
	int64_t			 from, to, first, last, at, assigned = 0, sent = 0;
	size_t			 n, i;

	if (analytics_month(month, &from, &to, &first, &last) == -1 ||
	    db_badge_due(a, student, &d, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (d[i].deadline == NULL || (at = us_of(d[i].deadline)) < from ||
		    at >= to)
			continue;
		assigned++;
		sent += d[i].sent;
	}
	if (!badge_marathon_rule(assigned, sent))
		return 0;
	return db_badge_award(a, student, "MARATHON", 0, month);
}

int
badge_marathon_month_ended(struct arena *a, int64_t now, int64_t *checked,
    int64_t *awarded)
{
	int64_t	 from, to, first, last, *ids;
	size_t	 n, i;
	char	 month[8];
	int	 rc;

	*checked = *awarded = 0;
	/* The month before today's (local). */
	analytics_month_of(now, month);
	if (analytics_month(month, &from, &to, &first, &last) == -1)
		return -1;
	analytics_month_of(from - 1, month);
	if (analytics_month(month, &from, &to, &first, &last) == -1)
		return -1;
	/* Those with handed-in work due that month, without the badge. */
	if (db_badge_candidates(a, dt_db(a, from), dt_db(a, to), month, &ids,
	    &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if ((rc = badge_marathon(a, ids[i], month)) == -1)
			return -1;
		(*checked)++;
		*awarded += rc;
	}
	return 0;
}
