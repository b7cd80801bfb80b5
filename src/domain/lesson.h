/* Lessons and attendance: validation (V-LESSON), ownership, the derived
 * status, marking attendance. Knows no HTTP. */
#ifndef DOMAIN_LESSON_H
#define DOMAIN_LESSON_H

#include <stddef.h>
#include <stdint.h>

#include "domain/account.h"	/* struct field_err, ACCOUNT_INVALID, ACCOUNT_DB */

struct arena;
struct lesson;

/* How a broken rule is reported: {"field": [msg], ...},
 * {"non_field_errors": [msg]} or a bare ["msg"]. */
enum lesson_err_kind { LESSON_ERR_FIELDS, LESSON_ERR_NON_FIELD, LESSON_ERR_BARE };
#define LESSON_ERRS_MAX	12

struct lesson_errs {
	enum lesson_err_kind	 kind;
	size_t			 n;
	struct field_err	 e[LESSON_ERRS_MAX];
};

/* Add a broken rule; replace all with one of kind. lesson_err_one returns
 * ACCOUNT_INVALID. */
void	 lesson_err_add(struct lesson_errs *, const char *field, const char *msg);
int	 lesson_err_one(struct lesson_errs *, enum lesson_err_kind,
	    const char *field, const char *msg);
struct group;
/* The title and group fields lessons and weekly lessons share: the title
 * trimmed, required, not blank, at most 200 characters (*title_out); the
 * group (field group_key) required and existing (*g). Broken rules are
 * added to err. 0, or ACCOUNT_DB. */
int	 lesson_title_group(struct arena *, const char *title,
	    const char *group_key, int64_t group_id, const char **title_out,
	    struct group *g, struct lesson_errs *err);

/* Lesson fields as the client sent them; NULL / 0 / has_* = 0: absent. */
struct lesson_input {
	const char	*title, *start_time, *end_time;	/* ISO 8601 */
	const char	*topics, *location, *notes;
	int64_t		 group;
	int		 has_record, record_lesson;
	int		 has_days;
	int64_t		 recording_days;
};

/* "scheduled", "live", "completed" or "cancelled" at now (microseconds
 * since the epoch). */
const char *lesson_status(const struct lesson *, int64_t now_us);
/* Now in microseconds since the epoch. */
int64_t	 lesson_now(void);
struct config;
/* The settings lessons follow (max_lesson_minutes), once per process. */
void	 lesson_init(const struct config *);
/* The longest lesson in minutes, and the message refusing a longer one. */
int64_t	 lesson_max_minutes(void);
const char *lesson_too_long(struct arena *);

/* Validate in V-LESSON order and create a lesson of teacher's: 0 and *id,
 * ACCOUNT_INVALID with *err, ACCOUNT_DB. */
int	 lesson_create(struct arena *, int64_t teacher, const struct lesson_input *,
	    int64_t *id, struct lesson_errs *err);
/* The same for a change of cur by its teacher; full (PUT): title, group,
 * start_time and end_time are required, else absent fields are kept. */
int	 lesson_update(struct arena *, const struct lesson *cur,
	    const struct lesson_input *, int full, struct lesson_errs *err);

struct actor;
/* Delete a lesson: its pool lease released and its meeting ended and
 * deleted at Zoom first. 0 or ACCOUNT_DB. */
int	 lesson_delete(struct arena *, const struct actor *, const struct lesson *);
/* Cancel it: its lease released and its meeting ended. 0 or ACCOUNT_DB. */
int	 lesson_cancel(struct arena *, const struct actor *, const struct lesson *);
/* After lesson_update of before: move or end its meeting at Zoom as the
 * change needs. */
int	 lesson_changed(struct arena *, const struct actor *,
	    const struct lesson *before);

/* Whether s is an attendance status: present, absent, late, excused. */
int	 attendance_status_ok(const char *s);

struct att_mark {
	int64_t		 student_id;
	const char	*status, *notes;	/* notes NULL: keep the record's */
};
/* Check and write every mark of the lesson (attendance_write, ATT_SET),
 * all or none: 0, ACCOUNT_INVALID with *err (nothing applied),
 * ACCOUNT_DB. */
int	 lesson_mark_attendance(struct arena *, const struct lesson *,
	    const struct att_mark *, size_t n, struct field_err *err);

/* What attendance_write does with a student's existing mark: ATT_SET
 * writes it again (marked_at now), ATT_CHANGE only a new status or note,
 * ATT_FRESH leaves it (only students without one get a mark). */
enum att_how { ATT_SET, ATT_CHANGE, ATT_FRESH };
/* Write the marks m[n] of lesson_id, checked by the caller, in one
 * transaction (all or none) that locks the lesson's row first and goes
 * by student; status NULL deletes a student's mark; a student named twice
 * gets their last status and last note given. A lost deadlock is tried
 * again. *written (NULL: not wanted): the marks inserted, changed or
 * deleted. 0, ACCOUNT_NOT_FOUND (no such lesson), ACCOUNT_DB. */
int	 attendance_write(struct arena *, int64_t lesson_id,
	    const struct att_mark *m, size_t n, enum att_how, int64_t *written);
/* Delete record id of lesson (where it was read) under the lesson's lock:
 * 0 (also when it is gone already) or ACCOUNT_DB. */
int	 attendance_delete(struct arena *, int64_t id, int64_t lesson);
#define LOCK_TRIES	3	/* a transaction's tries on lock conflicts */
/* After a try of a transaction answered rc: whether it lost a lock
 * conflict (a deadlock or lock wait: rolled back, nothing written) with
 * tries left (LOCK_TRIES in all, counted in *tries from 1); logs the
 * retry as what's. */
int	 lesson_retry(int rc, int *tries, const char *what);
/* Create (id 0) or change record id for the teacher: lesson must be the
 * teacher's, student a member of its group, the pair unique; written
 * under the row locks of the lesson (and the record's lesson before).
 * 0 and *out, ACCOUNT_INVALID with *err, ACCOUNT_NOT_FOUND (the record is
 * gone), ACCOUNT_DB. */
int	 attendance_save(struct arena *, int64_t teacher, int64_t id,
	    int64_t lesson, int64_t student, const char *status,
	    const char *notes, int64_t *out, struct lesson_errs *err);

#endif
