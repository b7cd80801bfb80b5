/* Weekly (recurring) lessons: validation, ownership and generating real
 * lessons from them. Knows no HTTP. */
#ifndef DOMAIN_RECURRING_H
#define DOMAIN_RECURRING_H

#include <stddef.h>
#include <stdint.h>

#include "domain/lesson.h"	/* struct lesson_errs, ACCOUNT_* */

struct arena;
struct recurring;

/* Fields as the client sent them; NULL / 0 / has_* = 0: absent. Times of
 * day HH:MM[:SS] (in the configured zone), dates YYYY-MM-DD. */
struct recurring_input {
	const char	*title, *week_type, *start_time, *end_time;
	const char	*start_date, *end_date, *topics, *location;
	int64_t		 group_id;
	int		 has_day;
	int64_t		 day_of_week;
};

/* Validate (spec c.4: fields, end_time after start_time, end_date not
 * before start_date, the group the caller's own) and create one for
 * teacher (cur NULL: 0 and *id) or change cur (full: PUT, every required
 * field; else absent fields are kept). ACCOUNT_INVALID with *err,
 * ACCOUNT_DB. */
int	 recurring_save(struct arena *, int64_t teacher,
	    const struct recurring *cur, const struct recurring_input *,
	    int full, int64_t *id, struct lesson_errs *err);

/* What generate_lessons did (or would do, dry). */
struct recurring_gen {
	int64_t		 created, would_create;
	int64_t		 skipped_existing, skipped_teacher_busy;
	int64_t		 skipped_outside_pattern;
	int64_t		*ids;		/* created lesson ids (arena) */
	int64_t		*dates;		/* their local dates (days) */
};

/* Longest span generate_lessons accepts, in days. */
#define RECURRING_GEN_DAYS	366

/* For each local date D in [from_day, until_day] (days since 1970-01-01)
 * inside x's own dates: if x falls on D, create a lesson for its slot
 * (titled title, or x's title when NULL) unless one was generated for D
 * already or a lesson of the group or of the teacher overlaps it
 * (skipped_existing; those of the teacher in other groups also in
 * skipped_teacher_busy); a date of another weekday
 * or week counts in skipped_outside_pattern. All in one transaction
 * holding the teacher's row, so running it twice creates nothing the
 * second time. dry: count only. 0, ACCOUNT_DB. */
int	 recurring_generate(struct arena *, const struct recurring *x,
	    int64_t from_day, int64_t until_day, const char *title, int dry,
	    struct recurring_gen *out);

/* Parse a time of day HH:MM[:SS] into "HH:MM:SS": 0 and *out (arena),
 * *sec, or -1. */
int	 recurring_parse_time(struct arena *, const char *s, const char **out,
	    int64_t *sec);

struct actor;
/* The [nat1] delete_recurring action: delete the teacher's lessons titled
 * exactly title in the group, their meetings ended and leases released
 * first. 0 and *count, or ACCOUNT_DB. */
int	 recurring_delete_titled(struct arena *, const struct actor *,
	    int64_t teacher, int64_t group, const char *title, int64_t *count);

#endif
