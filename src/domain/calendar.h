/* The calendar: what a user may see in a range of time, real lessons and
 * the not-yet-generated occurrences of weekly lessons. Knows no HTTP.
 *
 * Contract of calendar_events():
 * - Scope, as the lesson list (L-SCOPE): role "teacher" sees the lessons
 *   and weekly lessons they teach, "student" those of the groups they
 *   belong to, "admin" all; any other role is treated as "student".
 *   group_id / teacher_id (0: none) narrow it further.
 * - Range: an event is returned when it overlaps [from_us, to_us) (UTC
 *   microseconds): start < to_us and end > from_us.
 * - Real lessons: every lesson in scope, cancelled ones included (status
 *   "cancelled").
 * - Virtual occurrences of a weekly lesson RL, on each local date D (in the
 *   configured zone, TPANEL_TIME_ZONE) with RL.start_date <= D <=
 *   RL.end_date, weekday(D) == RL.day_of_week (Monday 0) and the week type
 *   matching (ALL; UPPER: D's ISO week number even; LOWER: odd). The slot
 *   is dt_local_to_utc(D, start time) to dt_local_to_utc(D, end time): a
 *   10:00 lesson stays 10:00 local across daylight-saving changes. It is
 *   left out when a lesson was generated from RL for D (even if moved
 *   since), or when a real lesson of the same group covers the slot
 *   (lesson start <= slot start and lesson end >= slot end).
 * - Order: real lessons by start (then id), then virtual ones by date and
 *   then by RL (day_of_week, start_time, id).
 * - Two queries, whatever the range: one for the lessons, one for the
 *   weekly lessons (with their generated dates). At most CALENDAR_MAX_REAL
 *   real lessons and CALENDAR_MAX_VIRTUAL occurrences are returned (the
 *   earliest); callers bound the range (the API allows at most 366 days).
 * Everything lives in the arena. */
#ifndef DOMAIN_CALENDAR_H
#define DOMAIN_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct lesson;
struct recurring;

#define CALENDAR_MAX_REAL	5000
#define CALENDAR_MAX_VIRTUAL	5000

enum calendar_kind { CAL_REAL, CAL_VIRTUAL };

struct calendar_event {
	enum calendar_kind	 kind;
	int64_t			 lesson_id;	/* CAL_REAL, else 0 */
	int64_t			 recurring_id;	/* CAL_VIRTUAL, else 0 */
	int64_t			 date;		/* CAL_VIRTUAL: local date, days
						 * since 1970-01-01 */
	const char		*title;		/* the lesson's own title */
	int64_t			 group_id, teacher_id;
	const char		*group_name;
	const char		*teacher_name;	/* FullName: last first middle */
	int64_t			 start_us, end_us;	/* UTC */
	const char		*location, *topics;	/* never NULL */
	const char		*join_url;	/* CAL_REAL with a meeting, else NULL */
	const char		*status;	/* CAL_REAL: lesson_status() now;
						 * CAL_VIRTUAL: "scheduled" */
	const char		*week_type;	/* CAL_VIRTUAL: ALL, UPPER, LOWER */
	const struct lesson	*lesson;	/* CAL_REAL: the whole row */
	const struct recurring	*recurring;	/* CAL_VIRTUAL: the whole row */
};

/* The events user_id (of role "student", "teacher" or "admin") may see
 * overlapping [from_us, to_us), filtered by group_id and teacher_id (0:
 * any), as described above: 0 and *ev (arena), *n; -1 on a database error
 * (db_last_error() says which) or when from_us >= to_us. */
int	 calendar_events(struct arena *, const char *role, int64_t user_id,
	    int64_t from_us, int64_t to_us, int64_t group_id, int64_t teacher_id,
	    struct calendar_event **ev, size_t *n);

/* The real lessons alone, the same way (the feed asked without a range:
 * the original answered its lessons, no weekly occurrences). */
int	 calendar_lessons(struct arena *, const char *role, int64_t user_id,
	    int64_t from_us, int64_t to_us, int64_t group_id, int64_t teacher_id,
	    struct calendar_event **ev, size_t *n);

/* Pure helpers, also for the .ics feed and generate_lessons. */

/* Whether the week type (ALL, UPPER, LOWER) admits the date (days since
 * 1970-01-01) by its ISO week number's parity; 0 for an unknown type. */
int	 calendar_week_ok(const char *week_type, int64_t day);
/* Whether a weekly lesson falls on day: within its dates, on its weekday,
 * in a matching week. */
int	 calendar_occurs(const struct recurring *, int64_t day);
/* The first date >= day on which it falls, or -1 if none before its end. */
int64_t	 calendar_next(const struct recurring *, int64_t day);
/* Its slot on day as UTC microseconds through the configured zone. */
void	 calendar_slot(const struct recurring *, int64_t day, int64_t *start_us,
	    int64_t *end_us);

#endif
