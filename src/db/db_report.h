/* What a group's rating, gradebook and report read: its lessons' marks,
 * its homework and its students' work on it, its control points and
 * results, its students' badges. One query each, whatever the history. */
#ifndef DB_DB_REPORT_H
#define DB_DB_REPORT_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* The group's lessons starting in [from, to): how many, and how many were
 * held by now (ended, not cancelled). */
int	 db_rp_lessons(struct arena *, int64_t group_id, const char *from,
	    const char *to, const char *now, int64_t *all, int64_t *held);

/* One student's marks of the held lessons in [from, to); student: only
 * that student's (0: every student's). */
struct rp_marks {
	int64_t		 student_id, present, late, absent, excused;
};
int	 db_rp_marks(struct arena *, int64_t group_id, int64_t student,
	    const char *from, const char *to, const char *now, struct rp_marks **,
	    size_t *n);

/* A homework row of the group: one per assignment row naming it (student
 * 0: the whole group), or one for a homework linked to a lesson of the
 * group that has no assignment rows. Drafts are left out. */
struct rp_homework {
	int64_t		 id, student_id, points;	/* points: Σ questions' */
	const char	*title, *published_at, *deadline;	/* the homework's */
	const char	*row_deadline, *row_created_at;	/* the row's */
	int		 gamification;
};
/* Which homework to read: every one (all), or those whose effective
 * deadline may fall in [from, to) (DATETIME(6) text, UTC); student:
 * whose marks and work (0: everyone's). */
struct rp_scope {
	int		 all;
	const char	*from, *to;
	int64_t		 student;
};
int	 db_rp_homework(struct arena *, int64_t group_id, const struct rp_scope *,
	    struct rp_homework **, size_t *n);

/* A student's submission of one of the group's homework, with what its
 * answers add up to. */
struct rp_work {
	int64_t		 homework_id, student_id;
	const char	*status;
	int64_t		 score;		/* score_override ?? total_score; -1 null */
	int		 is_late;
	int64_t		 answered;	/* answers with a value */
	int64_t		 checked, wrong;	/* answers with a final score; below points */
	int64_t		 checked_score, checked_points;
	int64_t		 seconds;	/* the answers' time */
};
/* The submissions of homework hw[n] (ids in ascending order, each once),
 * only student's (0: everyone's, former members too): by homework, then
 * student, as the database reads them (not promised: the caller checks). */
int	 db_rp_work(struct arena *, const int64_t *hw, size_t nhw,
	    int64_t student, struct rp_work **, size_t *n);

/* The group's control points dated in [from_date, to_date] with their
 * results (student 0: a control point without results). */
struct rp_point {
	int64_t		 cp_id, max_points, student_id, points;
	const char	*date;
};
int	 db_rp_points(struct arena *, int64_t group_id, const char *from_date,
	    const char *to_date, struct rp_point **, size_t *n);

/* The badges of the group's current students, by student, oldest first. */
struct rp_badge {
	int64_t		 student_id, homework_id;	/* homework 0: none */
	const char	*type, *period, *earned_at;
	int64_t		 count;		/* badges this row stands for */
};
/* The group's current students' badges by kind: one row per (student,
 * kind) with how many and the newest one's earned_at and period (homework
 * 0), by student and first earned; at most four a student, however long
 * their history. */
int	 db_rp_badges(struct arena *, int64_t group_id, struct rp_badge **,
	    size_t *n);

#endif
