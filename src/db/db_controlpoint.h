/* analytics_controlpoint and analytics_controlpointresult. */
#ifndef DB_DB_CONTROLPOINT_H
#define DB_DB_CONTROLPOINT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;

/* A control point with its group's name; strings in the arena. */
struct controlpoint {
	int64_t		 id, teacher_id, group_id, lesson_id;	/* lesson 0: none */
	const char	*title, *group_name;
	int64_t		 max_points;
	const char	*date;				/* YYYY-MM-DD */
	const char	*created_at;
	int64_t		 results;			/* how many results */
};

/* The writable fields, validated by the caller. */
struct cp_row {
	int64_t		 teacher_id, group_id, lesson_id;	/* lesson 0: none */
	const char	*title, *date;
	int64_t		 max_points;
};

/* Whose control points a list shows: all, the teacher's own, those of the
 * groups the student belongs to. */
enum cp_scope { CP_ALL, CP_TEACHER, CP_MEMBER };

int	 db_cp_insert(struct arena *, const struct cp_row *, int64_t *id);
/* 1 and *cp, 0 if none, -1. lock (inside a transaction): the control
 * point's row alone FOR UPDATE, without its group's name and count. */
int	 db_cp_get(struct arena *, int64_t id, int lock, struct controlpoint *cp);
/* A page of the list, newest first by (date, id) (core/cursor.h; key:
 * date text, id), and its size (tallies). */
int	 db_cp_page(struct arena *, enum cp_scope, int64_t user_id,
	    int64_t group_id, const struct keyset *ks, struct controlpoint **cp,
	    size_t *n);
int	 db_cp_count(struct arena *, enum cp_scope, int64_t user_id,
	    int64_t group_id, int64_t *total);
/* A first page and the count (the pages of HTML). */
int	 db_cp_list(struct arena *, enum cp_scope, int64_t user_id,
	    int64_t group_id, int64_t limit, int64_t offset,
	    struct controlpoint **cp, size_t *n, int64_t *total);
int	 db_cp_update(struct arena *, int64_t id, const struct cp_row *);
int	 db_cp_delete(struct arena *, int64_t id);
/* The highest points of its results (-1 when none). */
int	 db_cp_max_result(struct arena *, int64_t id, int64_t *max);

/* A result with its control point's teacher and group and the student's
 * names. */
struct cp_result {
	int64_t		 id, control_point_id, student_id, points;
	int64_t		 teacher_id, group_id, max_points;
	const char	*created_at;
	const char	*email, *first, *last, *middle;
};

enum cpr_scope { CPR_ALL, CPR_TEACHER, CPR_STUDENT };

/* Every result of a control point (student_id 0: all). */
int	 db_cpr_of_point(struct arena *, int64_t cp_id, int64_t student_id,
	    struct cp_result **, size_t *n);
/* A result as its writers read it. */
struct cpr_have {
	int64_t		 id, student_id, points;
};
/* The writers of a point's results, inside the transaction that locked
 * the point (db_cp_get, lock): its results by student (plain read, their
 * own index range); change one's points by id (0 or -1); the point of
 * result id, the result locked (1, 0 none, -1). */
int	 db_cpr_have(struct arena *, int64_t cp_id, struct cpr_have **,
	    size_t *n);
int	 db_cpr_set_points(struct arena *, int64_t id, int64_t points);
int	 db_cpr_point_of(struct arena *, int64_t id, int64_t *cp_id);
/* 1 and *x, 0 none, -1. */
int	 db_cpr_get(struct arena *, int64_t id, struct cp_result *x);
/* A new result: 0 and *id, -1 (DB_ERR_DUP for an existing pair). */
int	 db_cpr_insert(struct arena *, int64_t cp_id, int64_t student_id,
	    int64_t points, int64_t *id);
/* Same errors. */
int	 db_cpr_update(struct arena *, int64_t id, int64_t cp_id,
	    int64_t student_id, int64_t points);
int	 db_cpr_delete(struct arena *, int64_t id);
/* A page newest first (cp_id / student_id 0: any), *total of all. */
/* A page of the results, newest first by id (core/cursor.h; key: id),
 * and the list's size (a tally; one point's from its index). */
int	 db_cpr_page(struct arena *, enum cpr_scope, int64_t user_id,
	    int64_t cp_id, int64_t student_id, const struct keyset *ks,
	    struct cp_result **, size_t *n);
int	 db_cpr_count(struct arena *, enum cpr_scope, int64_t user_id,
	    int64_t cp_id, int64_t student_id, int64_t *total);

#endif
