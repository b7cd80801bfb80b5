/* The attendance journal of a group (PHASE2-3.md section 2.1): its lessons
 * (real ones and the not yet generated occurrences of its weekly lessons,
 * by ISO week parity) × its current students, the marks of phase 1's
 * schedule_attendance, who was in each lesson's Zoom meeting and for how
 * long, and the one attendance percent (domain/analytics.h). Knows no
 * HTTP. */
#ifndef DOMAIN_JOURNAL_H
#define DOMAIN_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "db/db_analytics.h"	/* struct an_group, struct an_member */
#include "domain/lesson.h"	/* struct att_mark, enum att_how */

struct arena;

/* Virtual lessons are shown up to this many days ahead (whatever the
 * range), and at most JOURNAL_MAX_VIRTUAL of them. */
#define JOURNAL_AHEAD_DAYS	30
#define JOURNAL_MAX_VIRTUAL	1000

struct journal_lesson {
	int64_t		 id;		/* a real lesson; 0 for a virtual one */
	int64_t		 recurring_id;	/* virtual: its weekly lesson */
	int64_t		 date;		/* virtual: its local date (days) */
	const char	*title;
	int64_t		 start_us, end_us;
	int		 cancelled;
	int		 held;		/* real, not cancelled, ended: counts */
	int64_t		 present, excused;	/* marks of current students */
	int64_t		 percent;	/* held: present ÷ (students − excused) */
	int64_t		 suggestions;	/* cells suggested "present" */
	int64_t		 meeting_start_us, meeting_end_us;	/* Zoom's; 0 */
};

struct journal_cell {
	const char	*status;	/* present, absent, late, excused; NULL */
	int64_t		 marked_us;	/* with status */
	int64_t		 joined_us;	/* first Zoom join; 0: never seen */
	int64_t		 seconds;	/* in the meeting (overlaps once) */
	int		 suggested;	/* unmarked, in the meeting long enough */
};

struct journal_student {
	const struct an_member	*m;
	int64_t			 present, absent, excused, late;	/* held lessons */
	int64_t			 percent;	/* analytics_percent; ANALYTICS_NULL */
};

struct journal {
	const struct an_group	*g;
	struct journal_student	*students;
	size_t			 nstudents;
	struct journal_lesson	*lessons;	/* by start, real and virtual */
	size_t			 nlessons;
	struct journal_cell	*cells;		/* [student * nlessons + lesson] */
	int64_t			 held;		/* held lessons */
	int64_t			 avg_percent;	/* mean of the students' percents */
	int64_t			 absences, records;	/* marks shown */
	int64_t			 updated_us;	/* newest mark shown, or 0 */
};

/* The journal of group g with members m[n] (by name), for lessons starting
 * in [from_us, to_us) (0, 0: every real lesson, and virtual ones from
 * their weekly lessons' first dates to JOURNAL_AHEAD_DAYS ahead); now_us
 * decides what is past, share_percent of a meeting makes "present" a
 * suggestion. Four queries. 0 and *j (arena), or -1 (database error or
 * overflow). */
int	 journal_build(struct arena *, const struct an_group *g,
	    const struct an_member *m, size_t n, int64_t from_us, int64_t to_us,
	    int64_t now_us, int64_t share_percent, struct journal *j);

/* The status the journal speaks (@HEAD's vocabulary): present is
 * "attended"; absent, late and excused keep their names. */
const char *journal_status_out(const char *stored);
/* A status the journal's update accepts, as stored: attended/present ->
 * present, absent, excused; NULL for anything else (late included: it is
 * set on the lesson's page). */
const char *journal_status_in(const char *s);
/* The id of a virtual lesson: "recurring_<weekly lesson id>_<YYYY-MM-DD>"
 * (arena). */
const char *journal_virtual_id(struct arena *, const struct journal_lesson *);

#endif

#define JOURNAL_NOT_FOUND	1	/* no such lesson in the group */

/* Mark students' attendance of the group's lesson m[n] (status NULL
 * clears; notes NULL keep the record's) in one transaction, all or none
 * (attendance_write with how). Every student must be a member, every
 * status valid. 0, JOURNAL_NOT_FOUND, ACCOUNT_INVALID with *msg (nothing
 * written), ACCOUNT_DB. */
int	 journal_marks(struct arena *, int64_t group_id, int64_t lesson_id,
	    const struct att_mark *m, size_t n, enum att_how how,
	    const char **msg);
/* One student's mark (status NULL: clear) through journal_marks, ATT_SET. */
int	 journal_mark(struct arena *, int64_t group_id, int64_t lesson_id,
	    int64_t student_id, const char *status, const char **msg);
/* Confirm the "present" suggestions of one real lesson of the journal's
 * group (every suggested student, or only student_id): each becomes a
 * record "present" unless one exists by then (nothing the teacher set is
 * overwritten). 0 and *confirmed, JOURNAL_NOT_FOUND, ACCOUNT_DB. */
int	 journal_confirm(struct arena *, const struct an_group *g,
	    const struct an_member *m, size_t n, int64_t lesson_id,
	    int64_t student_id, int64_t now_us, int64_t share_percent,
	    int64_t *confirmed);
