/* Homework: who sees which, creating and editing it in both request
 * dialects (questions merged by id), publishing, archiving, deleting, and
 * assignment to groups, parts of groups and single students (PHASE2-3.md
 * 1.4-1.6.1). Knows no HTTP: the API and the pages pass the same json-c
 * body and get the same answers and errors. */
#ifndef DOMAIN_HOMEWORK_H
#define DOMAIN_HOMEWORK_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct homework;
struct hw_target;
struct json_object;

/* Results beyond 0 = done. */
#define HW_INVALID	(-1)	/* refused: the hw_err says how */
#define HW_DB		(-2)	/* the database failed: db_last_error() */

/* A refusal: the status (400, 403, 404, 409), one line for a page, and the
 * API's JSON body ({"detail"}, DRF field errors {"field": [msg]}, plus
 * "questions" or "question_ids" where they apply). */
struct hw_err {
	int			 status;
	const char		*detail;
	struct json_object	*body;
};
/* Set err to status with {"detail": msg} (and "error": msg when error2).
 * Returns HW_INVALID. */
int	 hw_err_set(struct arena *, struct hw_err *, int status, const char *msg,
	    int error2);
/* Add a DRF field error {"field": [msg]} (status 400). Returns HW_INVALID. */
int	 hw_err_field(struct arena *, struct hw_err *, const char *field,
	    const char *msg);

enum hw_role { HWR_STUDENT, HWR_TEACHER, HWR_ADMIN };

/* The homework of id as the caller may see it, else 404: its teacher and
 * admins see it whole; a student sees it published (or archived, when
 * they have a submission) and assigned to them now, with how (*t, which
 * may be NULL for others). owner: its teacher only (others who see it get
 * 403, others 404). 0 and *h, HW_INVALID with *err, HW_DB. */
int	 homework_load(struct arena *, enum hw_role, int64_t user, int64_t id,
	    int owner, struct homework *h, struct hw_target *t, struct hw_err *err);

/* Create a draft of teacher's from a body in either dialect (PHASE2-3.md
 * 1.5): title, description, lesson, deadline, max_score,
 * student_instructions, allow_view_answers, gamification_enabled,
 * late_policy, the targets (group_assignments_data, assigned_group_ids,
 * group, assigned_student_ids, individual_assignments_data) and questions.
 * Everything is checked before anything is written. 0 and *id, HW_INVALID
 * with *err, HW_DB. */
int	 homework_create(struct arena *, int64_t teacher, struct json_object *body,
	    int64_t *id, struct hw_err *err);
/* Change h by its teacher (PUT = PATCH: absent fields are kept). A
 * questions list is merged by id: new ones are created, missing ones
 * deleted unless answered in handed-in work (409 with question_ids), a
 * changed key regrades the handed-in answers. status is a transition
 * request (draft, published, archived) with the rules of publish and
 * archive. 0, HW_INVALID with *err, HW_DB. */
int	 homework_update(struct arena *, const struct homework *h,
	    struct json_object *body, struct hw_err *err);
/* Publish: 400 when published already, without questions, with a question
 * that fails its checks (the detail names it) or without anyone to do it.
 * 0, HW_INVALID, HW_DB. */
int	 homework_publish(struct arena *, const struct homework *,
	    struct hw_err *err);
/* Archive (from draft or published; archived again changes nothing). */
int	 homework_archive(struct arena *, const struct homework *,
	    struct hw_err *err);
/* Delete, unless work was handed in (409: archive it instead). */
int	 homework_delete(struct arena *, const struct homework *,
	    struct hw_err *err);

/* The order MATCHING and DRAG_DROP take for one student in one homework:
 * derived from the server's secret, so it is the same before and after
 * their submission exists and cannot be guessed. */
uint64_t homework_seed(const char *secret, int64_t hw_id, int64_t student_id);
/* The effective deadline (DATETIME text or NULL): the assignment row's,
 * else the homework's. */
const char *homework_deadline(const struct homework *, const struct hw_target *);

#endif
