/* homework_badge (the homework module's table; the analytics module awards
 * and lists its rows) and what the badge rules read. */
#ifndef DB_DB_BADGE_H
#define DB_DB_BADGE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct rp_badge;

/* What the rules need of one submission and its homework. */
struct badge_facts {
	int64_t		 student_id, homework_id;
	const char	*status, *created_at, *first_submitted_at;
	int64_t		 score;		/* score_override ?? total_score; -1 null */
	int64_t		 points;	/* Σ the questions' points */
	int		 gamification;
	const char	*published_at, *deadline;	/* the homework's */
};
/* 1 and *f, 0 no such submission, -1. */
int	 db_badge_facts(struct arena *, int64_t submission_id, struct badge_facts *f);

/* Award once: 1 new, 0 it was there, -1. homework_id 0 / period NULL:
 * none. */
int	 db_badge_award(struct arena *, int64_t student_id, const char *type,
	    int64_t homework_id, const char *period);

/* The student's published homework with gamification on that is assigned
 * to them now, each with its effective deadline (their row's, their
 * group's row's, the homework's; NULL: none) and whether they handed it
 * in. */
struct badge_due {
	int64_t		 homework_id;
	const char	*deadline;
	int		 sent;
};
int	 db_badge_due(struct arena *, int64_t student_id, struct badge_due **,
	    size_t *n);
/* The candidates of MARATHON of month ("YYYY-MM", from its start to its
 * end, DATETIME(6)): students without it who handed in work of a gamified
 * homework due in the month for someone. *ids in the arena; 0 or -1. */
int	 db_badge_candidates(struct arena *, const char *from, const char *to,
	    const char *month, int64_t **ids, size_t *n);

/* Whether the student is in one of the teacher's groups: 1, 0, -1. */
int	 db_badge_teacher_has(struct arena *, int64_t teacher_id, int64_t student_id);
/* Badges, oldest first: of one student (student_id), or of the current
 * students of a group (group_id); the other 0. */
int	 db_badge_list(struct arena *, int64_t student_id, int64_t group_id,
	    struct rp_badge **, size_t *n);

#endif
