/* The per-homework statistics table (PHASE2-3.md 2.5) in one query. */
#ifndef DB_DB_HW_STATS_H
#define DB_DB_HW_STATS_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* One student assigned now, with their submission (id 0: not started)
 * and the sums kept over its answers (completed: answered, once handed
 * in; pending: manual answers without a score, while submitted). */
struct hw_stats_row {
	int64_t		 student_id, group_id, submission_id;
	const char	*email, *first_name, *last_name, *middle_name;
	const char	*group_name, *status, *submitted_at;
	int		 has_total, has_override, is_late;
	int64_t		 total_score, score_override, viewed;
	int64_t		 completed, checked, pending, rework;
	int64_t		 answered, answered_time, total_time;
	int64_t		 score_checked, points_checked;
	int64_t		 points_total;		/* the homework's, every row */
};

/* The rows of homework hw_id, by name; group_id 0: every assigned
 * student, else those assigned through that group. "Answered": an answer
 * with answered_at (a value or a file). */
int	 db_hw_stats(struct arena *, int64_t hw_id, int64_t group_id,
	    struct hw_stats_row **rows, size_t *n);

#endif
