/* The arithmetic of analytics (PHASE2-3.md section 2 and "Points settled"),
 * one definition each, used by the journal, the gradebook, the rating, the
 * report and the exports alike. Pure functions: no I/O, no allocation. */
#ifndef DOMAIN_ANALYTICS_H
#define DOMAIN_ANALYTICS_H

#include <stddef.h>
#include <stdint.h>

/* A percentage in tenths (833 = 83.3 %), or ANALYTICS_NULL for "no value"
 * (the JSON null, the empty cell). */
#define ANALYTICS_NULL	INT64_MIN

/* The attendance percent: present ÷ (past lessons − excused) × 100, one
 * decimal, rounded half up; ANALYTICS_NULL when the denominator is 0 or
 * less. present counts "late" too; an unmarked past lesson counts as
 * missed; held is the group's past (ended, not cancelled) real lessons. */
int64_t	 analytics_percent(int64_t present, int64_t held, int64_t excused);
/* part ÷ whole × 100 in tenths, rounded half up; ANALYTICS_NULL when whole
 * is 0 or less. */
int64_t	 analytics_ratio(int64_t part, int64_t whole);
/* The mean of n values in tenths, ANALYTICS_NULL ones left out; NULL when
 * none is left. */
int64_t	 analytics_mean(const int64_t *v, size_t n);
/* The mean of the ratios part[i] ÷ whole[i] × 100 (those with a whole of
 * 0 or less left out), in tenths rounded half up once, at the end; NULL
 * when none is left. The group's average attendance is the mean of its
 * students' percents, computed so and not from their rounded values. */
int64_t	 analytics_mean_ratio(const int64_t *part, const int64_t *whole,
	    size_t n);
/* Tenths as a double (83.3), for JSON numbers and spreadsheet cells. */
double	 analytics_tenths(int64_t t);

/* Rating points (section 2.2). */
#define ANALYTICS_LESSON_POINTS	10	/* a present (or late) lesson */
#define ANALYTICS_LATE_PENALTY	10	/* a late homework, floored at 0 */
/* One homework's points: its effective score (score_override, else
 * total_score; a null score is 0) less the late penalty, never below 0;
 * 0 unless the submission is "submitted" or "graded" (work sent back for
 * revision counts again once resubmitted). */
int64_t	 analytics_homework_points(const char *status, int64_t score,
	    int is_late);

/* Competition ranking ("1224") of totals already in descending order:
 * rank[i] = 1 + the number of totals greater than totals[i]. rank and
 * totals must not overlap. */
void	 analytics_rank(const int64_t *totals, size_t n, int64_t *rank);

/* A month "YYYY-MM" (years 1000..9998) in the configured zone: 0 and the
 * UTC instants (microseconds) where it begins and where the next one
 * begins, its first and last local dates (days since 1970-01-01); -1 when
 * the text is not such a month. */
int	 analytics_month(const char *s, int64_t *from_us, int64_t *to_us,
	    int64_t *first_day, int64_t *last_day);
/* The month (in the configured zone) of an instant in microseconds, as
 * "YYYY-MM" written into out[8]. */
void	 analytics_month_of(int64_t us, char out[8]);

/* An initials avatar: up to two letters (the first of the last and first
 * names, else of the email), upper-cased for Latin and Cyrillic, written
 * as UTF-8 into out[16]; and the colour of the HMS palette for an id. */
void	 analytics_initials(const char *last, const char *first,
	    const char *email, char out[16]);
const char *analytics_avatar_color(int64_t id);

#endif
