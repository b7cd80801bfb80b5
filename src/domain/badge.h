/* Badges (PHASE2-3.md section 2.8): QUICK_START, PERFECTIONIST, EARLY_BIRD
 * and MARATHON, awarded once each, only for homework with gamification on,
 * never revoked. The rules are pure functions (times in microseconds since
 * the epoch, 0 = none); the awarding reads and writes homework_badge. */
#ifndef DOMAIN_BADGE_H
#define DOMAIN_BADGE_H

#include <stddef.h>
#include <stdint.h>

#define BADGE_QUICK_HOURS	24	/* QUICK_START: started within a day */
#define BADGE_EARLY_HOURS	72	/* EARLY_BIRD: sent 3 days before */

/* QUICK_START: the submission was created within 24 hours of the later of
 * the homework's publication and its assignment to the student. */
int	 badge_quick_start(int64_t created_us, int64_t published_us,
	    int64_t assigned_us);
/* PERFECTIONIST: the effective total equals the sum of the points, which
 * is more than 0. */
int	 badge_perfectionist(int64_t total, int64_t max);
/* EARLY_BIRD: there is a deadline and the first submit was at least 72
 * hours before it. */
int	 badge_early_bird(int64_t first_submitted_us, int64_t deadline_us);
/* MARATHON: every one of the month's assigned homework (at least one) was
 * submitted. */
int	 badge_marathon(int64_t assigned, int64_t submitted);
/* The Russian title of a badge type ("Быстрый старт", ...), or the type. */
const char *badge_title(const char *type);

#endif
