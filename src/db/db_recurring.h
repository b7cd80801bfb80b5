/* schedule_recurringlesson: weekly lessons. */
#ifndef DB_DB_RECURRING_H
#define DB_DB_RECURRING_H

#include <stddef.h>
#include <stdint.h>

#include "db/db_group.h"	/* struct group */

struct arena;
struct keyset;

/* A weekly lesson with its group (and the group's members, for the API's
 * nested Group) and its teacher's names; strings in the arena. The times
 * of day are wall-clock times in the configured zone. */
struct recurring {
	int64_t		 id, group_id, teacher_id;
	const char	*title, *week_type;		/* ALL, UPPER, LOWER */
	int		 day_of_week;			/* Monday = 0 */
	const char	*start_time, *end_time;		/* "HH:MM:SS" */
	const char	*start_date, *end_date;		/* "YYYY-MM-DD" */
	int64_t		 start_sec, end_sec;		/* seconds into the day */
	int64_t		 first_day, last_day;		/* days since 1970-01-01 */
	const char	*topics, *location, *created_at, *updated_at;
	const char	*teacher_email, *teacher_first, *teacher_last,
			*teacher_middle;
	struct group	 g;	/* only id, name, teacher_id from db_recurring_span */
	/* db_recurring_span only: the local dates within its range already
	 * generated as lessons (recurring_date), ascending. */
	int64_t		*done;
	size_t		 ndone;
};

/* The writable fields, validated by the caller. */
struct recurring_row {
	const char	*title, *week_type;
	int64_t		 group_id, teacher_id;
	int64_t		 day_of_week;
	const char	*start_time, *end_time;		/* "HH:MM:SS" */
	const char	*start_date, *end_date;		/* "YYYY-MM-DD" */
	const char	*topics, *location;
};

/* Whose weekly lessons a list shows: all, the teacher's own, those of the
 * groups the user belongs to. */
enum recurring_scope { RSCOPE_ALL, RSCOPE_TEACHER, RSCOPE_MEMBER };

/* List filters; 0 / -1 for day_of_week: none. */
struct recurring_filter {
	int64_t		 group_id, teacher_id, day_of_week;
};

int	 db_recurring_insert(struct arena *, const struct recurring_row *,
	    int64_t *id);
/* 1 and *x, 0 if no such row, -1 error. */
int	 db_recurring_get(struct arena *, int64_t id, struct recurring *x);
/* A window of the list ordered by (day_of_week, start_time, id)
 * (core/cursor.h): at most ks->limit rows in that order (arena). */
int	 db_recurring_page(struct arena *, enum recurring_scope, int64_t user_id,
	    const struct recurring_filter *, const struct keyset *ks,
	    struct recurring **x, size_t *n);
/* The number of rows in the list, from the tallies. */
int	 db_recurring_count(struct arena *, enum recurring_scope,
	    int64_t user_id, const struct recurring_filter *, int64_t *total);
/* Every row in scope and filters whose date range meets [from_date,
 * to_date] (YYYY-MM-DD), ordered by day_of_week, start_time, id, with
 * done[] = its generated dates within that range; g holds only the group's
 * id, name and teacher. One query, for the calendar and the .ics feed. */
int	 db_recurring_span(struct arena *, enum recurring_scope, int64_t user_id,
	    int64_t group_id, int64_t teacher_id, const char *from_date,
	    const char *to_date, struct recurring **x, size_t *n);
int	 db_recurring_update(struct arena *, int64_t id,
	    const struct recurring_row *);
int	 db_recurring_delete(struct arena *, int64_t id);

/* The local dates in [from_date, to_date] already generated from weekly
 * lesson id, ascending, into days[] (arena). */
int	 db_recurring_generated(struct arena *, int64_t id, const char *from_date,
	    const char *to_date, int64_t **days, size_t *n);
/* A lesson generated from x for the local date (YYYY-MM-DD), times as UTC
 * DATETIME(6) text: 0 and *id, -1 (DB_ERR_DUP: that date exists). */
int	 db_recurring_insert_lesson(struct arena *, const struct recurring *x,
	    const char *title, const char *start, const char *end,
	    const char *date, int64_t *id);
/* Delete the teacher's lessons titled exactly title in the group
 * (schedule_lesson; the [nat1] delete_recurring action): *count deleted. */
int	 db_recurring_delete_titled(struct arena *, int64_t teacher_id,
	    int64_t group_id, const char *title, int64_t *count);
/* The ids of those lessons that have a Zoom meeting. */
int	 db_recurring_titled_meetings(struct arena *, int64_t teacher_id,
	    int64_t group_id, const char *title, int64_t **ids, size_t *n);

#endif
