/* Control points and their results (PHASE2-3.md section 2.3): the owner
 * teacher writes, points capped at the maximum, results all-or-nothing.
 * Knows no HTTP. */
#ifndef DOMAIN_CONTROLPOINT_H
#define DOMAIN_CONTROLPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/lesson.h"	/* struct lesson_errs, ACCOUNT_* */

struct arena;
struct controlpoint;

#define CP_TITLE_MAX	255
#define CP_POINTS_MAX	10000
#define CP_POINTS_DEFAULT 100

/* Fields as the client sent them; has_* = 0: absent. lesson 0 with
 * has_lesson: null (no lesson). */
struct cp_input {
	const char	*title, *date;
	int		 has_group, has_lesson, has_max;
	int64_t		 group, lesson, max_points;
};

/* Validate and create one for teacher (cur NULL: 0 and *id) or change cur
 * (full: PUT, every required field; else absent fields are kept):
 * title 1..255 characters, the group the teacher's own, the lesson (if
 * any) one of that group, max_points 1..10000 and not below a result,
 * date YYYY-MM-DD; a control point with results keeps its group.
 * ACCOUNT_INVALID with *err (field errors), ACCOUNT_DB. */
int	 cp_save(struct arena *, int64_t teacher, const struct controlpoint *cur,
	    const struct cp_input *, int full, int64_t *id, struct lesson_errs *err);

/* One entry of a bulk write: points -1 deletes the result. */
struct cp_mark {
	int64_t		 student_id, points;
};
/* Write every entry of the control point's results, all or nothing: each
 * student a current member of its group, each points value in
 * 0..max_points (read under the control point's row lock, so a concurrent
 * change of the maximum cannot slip a result past it); written by
 * student, a lost deadlock tried again. 0, ACCOUNT_INVALID with *err
 * naming the first bad entry, ACCOUNT_NOT_FOUND (the control point is
 * gone), ACCOUNT_DB. */
int	 cp_results_put(struct arena *, int64_t cp_id, const struct cp_mark *,
	    size_t n, struct lesson_errs *err);
/* Create (id 0) or change result id for teacher: the control point the
 * teacher's, the student a member of its group, points within its range,
 * the pair unique; under the row locks of the point (and the result's
 * point before). 0 and *out, ACCOUNT_INVALID with *err, ACCOUNT_NOT_FOUND
 * (the result is gone), ACCOUNT_DB. */
int	 cp_result_save(struct arena *, int64_t teacher, int64_t id,
	    int64_t cp_id, int64_t student, int64_t points, int64_t *out,
	    struct lesson_errs *err);
/* Delete result id of control point cp_id (where it was read) under the
 * point's lock: 0 (also when it is gone already) or ACCOUNT_DB. */
int	 cp_result_delete(struct arena *, int64_t id, int64_t cp_id);

#endif
