/* The teacher's summary (PHASE2-3.md 2.6): their lessons, groups,
 * students and homework work at a glance; a fixed number of queries over
 * the teacher's indexes. */
#ifndef DB_DB_SUMMARY_H
#define DB_DB_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct teacher_summary {
	int64_t		 total_lessons, completed_lessons, recorded_lessons;
	int64_t		 avg_duration_seconds;	/* -1: no lessons */
	int64_t		 teaching_minutes;	/* of the completed lessons */
	int64_t		 total_groups, total_students;
	int64_t		 pending_submissions, graded_count_30d;
	int64_t		 avg_grading_seconds;	/* -1: none graded in 30 days */
	int64_t		 auto_graded_answers;
	int64_t		 deadline_students, on_time_students;	/* last 30 days */
};

/* now and since (30 days before) as DATETIME(6) text. Four queries, none
 * reading the teacher's history: the lessons' figures and
 * auto_graded_answers from the teacher's rollups (sql/migrations/0027),
 * "completed" corrected by the lessons ending today before now. */
int	 db_summary_teacher(struct arena *, int64_t teacher_id, const char *now,
	    const char *since, struct teacher_summary *);

struct upcoming {
	int64_t		 id;
	const char	*title, *start_time, *group_name, *kind;
};
/* The teacher's next n lessons not cancelled, from now. */
int	 db_summary_upcoming(struct arena *, int64_t teacher_id, const char *now,
	    int64_t n, struct upcoming **, size_t *count);

/* The student's groups: id, name, teacher. */
struct student_group {
	int64_t		 id, teacher_id;
	const char	*name, *teacher_first, *teacher_last, *teacher_email;
};
int	 db_summary_student_groups(struct arena *, int64_t student_id,
	    struct student_group **, size_t *n);

/* A student's all-time figures in one of their groups, as the group's
 * report counts them (src/domain/report.c), from the rollups kept per
 * student and group (sql/migrations/0029) corrected by the group's lessons
 * ending today by now (ix_lesson_group_end): held lessons; the student's
 * marks of them (present counts late too); homework assigned to them there,
 * their work handed in, its answers checked and wrong, the work with a
 * score and the sum of score / points (ratio, as text); the members. One
 * query, none reading the group's history. now: DATETIME(6) text. */
struct student_sum {
	int64_t		 held, present, absent, excused;
	int64_t		 assigned, submitted, checked, wrong, scored;
	const char	*ratio;
	int64_t		 members;
};
int	 db_summary_student(struct arena *, int64_t student_id, int64_t group_id,
	    const char *now, struct student_sum *);

/* A student's points for the chart of points over time, from their
 * rollups (sql/migrations/0027): *total of all time, and each month (its
 * first day) from since (a month's first day) on that has points, in no
 * order: present lessons of their current groups, 10 each; homework points
 * by first submit; control point results by date. At most
 * POINTS_MONTHS_MAX months (more: -1); one read a group. */
#define POINTS_MONTHS_MAX	240
struct month_points {
	const char	*month;		/* YYYY-MM-01 */
	int64_t		 points;
};
int	 db_summary_points(struct arena *, int64_t student_id, const char *since,
	    int64_t *total, struct month_points **, size_t *n);

#endif
