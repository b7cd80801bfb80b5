/* A group's figures per current student (PHASE2-3.md 2.2, 2.4, 2.7): the
 * attendance of its held lessons, its homework (assigned, handed in,
 * scores, errors, points with the late penalty), its control points, the
 * rating points and ranks, its students' badges. The gradebook, the
 * rating, the report, its CSV and XLSX and the pages all read this one
 * computation, so they never disagree. Computed on read in a fixed
 * number of queries (six, seven with badges). Knows no HTTP. */
#ifndef DOMAIN_REPORT_H
#define DOMAIN_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "db/db_analytics.h"	/* struct an_group, struct an_member */
#include "db/db_report.h"	/* struct rp_badge */

struct arena;

/* What a report covers: lessons starting in [from_us, to_us), homework
 * whose effective deadline (else its publication) falls there, control
 * points dated from first_day to last_day (local dates). all: everything.
 * student (set after report_scope_*; 0: everyone): only that student's
 * marks and work are read, the others' rows stay empty, so their figures
 * and every rank mean nothing: one student's summary, at the cost of the
 * group's lessons and homework instead of every member's history. */
struct report_scope {
	int		 all;
	int64_t		 from_us, to_us, first_day, last_day;
	int64_t		 student;
};

/* One student's figures; percents and means in tenths (ANALYTICS_NULL:
 * nothing to divide by). */
struct report_row {
	const struct an_member	*m;
	int64_t		 present, late, absent, excused, att_percent;
	int64_t		 hw_assigned, hw_submitted, hw_graded, hw_missing;
	int64_t		 hw_done_percent;	/* handed in ÷ assigned */
	int64_t		 hw_avg;		/* mean score of handed-in work */
	int64_t		 hw_score_percent;	/* mean score ÷ points */
	int64_t		 checked, wrong, errors_percent;	/* answers */
	int64_t		 tests_done, correct_percent, seconds;
	int64_t		 cp_points, cp_results, cp_avg, cp_percent;
	int64_t		 att_points, hw_points, total_points, rank;
	const struct rp_badge	*badges;	/* the student's, by kind (first earned first) */
	size_t		 nbadges;
	/* sums behind the means */
	int64_t		 hw_scored, hw_score_sum, cp_sum_max;
	int64_t		 checked_score, checked_points;
	double		 hw_ratio_sum;
};

/* One homework of the group in scope, with the scores of its handed-in
 * work in ten bands of its points (0-9 %, 10-19 %, ..., 90-100 %). */
struct report_hw {
	int64_t		 id, points, assigned, submitted, scored;
	const char	*title;
	int64_t		 bins[10];
};

struct report {
	const struct an_group	*g;
	struct report_row	*rows;		/* by name */
	struct report_row	**ranked;	/* by points, then name */
	size_t			 n;
	int64_t			 lessons_all, held, control_points, homework;
	int64_t			 att_percent, hw_done_percent, hw_score_percent,
				 errors_percent, cp_percent;	/* group means */
	int64_t			 average_points;	/* tenths */
	struct rp_badge		*badges;
	size_t			 nbadges;
	struct report_hw	*hw;		/* by id */
	size_t			 nhw;
};

/* Fill *sc for everything, or for a month "YYYY-MM" of the configured
 * zone: 0, -1 when month is not one. */
int	 report_scope_all(struct report_scope *);
int	 report_scope_month(struct report_scope *, const char *month);
/* The instants [from_us, to_us) of ?from=&to= (app_analytics.h's
 * an_dates_or_reply; both 0: everything). */
void	 report_scope_range(struct report_scope *, int64_t from_us, int64_t to_us);

/* The report of group g with members m[n] (by name) for scope at now_us;
 * badges: read the students' badges too. 0 and *rep (arena), -1 on a
 * database error or overflow. */
int	 report_build(struct arena *, const struct an_group *g,
	    const struct an_member *m, size_t n, const struct report_scope *,
	    int64_t now_us, int badges, struct report *rep);
/* The row of student id, or NULL. */
const struct report_row *report_row_of(const struct report *, int64_t id);

#endif
