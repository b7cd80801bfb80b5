/* Badges (PHASE2-3.md section 2.8): QUICK_START, PERFECTIONIST, EARLY_BIRD
 * and MARATHON, awarded once each, only for homework with gamification on,
 * never revoked. The rules are pure functions (times in microseconds since
 * the epoch, 0 = none); the awarding reads and writes homework_badge. */
#ifndef DOMAIN_BADGE_H
#define DOMAIN_BADGE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

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
int	 badge_marathon_rule(int64_t assigned, int64_t submitted);
/* The Russian title of a badge type ("Быстрый старт", ...), or the type. */
const char *badge_title(const char *type);

#endif

/* Awarding, each idempotent; errors are logged and leave the work as it
 * is (a badge is never worth failing a student's submit). After a submit
 * that succeeded (first: it was the first one): QUICK_START and
 * EARLY_BIRD at the first, PERFECTIONIST when the work is graded, and
 * MARATHON for the month of the homework's effective deadline. */
void	 badge_on_submit(struct arena *, int64_t submission_id, int first);
/* After a review that may have graded the work: PERFECTIONIST. */
void	 badge_on_graded(struct arena *, int64_t submission_id);
/* MARATHON of the month "YYYY-MM" (configured zone) for the student: 1
 * awarded now, 0 not (or already), -1. */
int	 badge_marathon(struct arena *, int64_t student_id, const char *month);
/* The daily job's part: MARATHON of the month before now for every
 * student without it who handed in gamified work due that month (the
 * cost follows that month's homework, not the history). *checked and
 * *awarded; 0 or -1. */
int	 badge_marathon_month_ended(struct arena *, int64_t now_us,
	    int64_t *checked, int64_t *awarded);
