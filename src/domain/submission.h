/* Submissions: taking homework (start, autosave, submit), grading at
 * submit only, the teacher's review and the revision cycle (PHASE2-3.md
 * 1.6.2-1.6.6). Knows no HTTP; the API and the pages share it. */
#ifndef DOMAIN_SUBMISSION_H
#define DOMAIN_SUBMISSION_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct homework;
struct hw_err;
struct hw_target;
struct json_object;
struct submission;

/* The caller's submission of h, made if there is none (in_progress, the
 * group it came through, its shuffle seed): 0 and *s with *created set,
 * HW_INVALID (archived homework without one: 400), HW_DB. The caller has
 * checked that h is the student's (homework_load). */
int	 submission_start(struct arena *, const char *secret,
	    const struct homework *h, const struct hw_target *t, int64_t student,
	    struct submission *s, int *created, struct hw_err *err);

/* Autosave the student's answers: answers is the object of PHASE2-3.md
 * 1.6.4 ("<qid>": value, "<qid>_attachments": [...], "<qid>_telemetry":
 * {...}); unknown ids and values that do not fit are ignored, telemetry
 * is added up. Only in_progress (any question) or revision (the flagged
 * ones) work takes answers; archived homework none (400). Only student's
 * own (else 404), while the homework is assigned to them (else 403);
 * answers NULL (the body's was not an object) is then a 400. One
 * transaction with a fixed number of statements. 0, HW_INVALID, HW_DB. */
int	 submission_save(struct arena *, int64_t sub_id, int64_t student,
	    struct json_object *answers, struct hw_err *err);
/* Hand the work in (idempotent: submitted or graded work is left as it
 * is): answers in the body saved first, lateness fixed at the first
 * submit (late_policy block refuses a late first submit), a revision's
 * changed answers lose their teacher's score, every answer graded, the
 * status submitted while manual answers wait, else graded. */
int	 submission_submit(struct arena *, int64_t sub_id, int64_t student,
	    struct json_object *answers, struct hw_err *err);

/* Review by the homework's teacher; each answers with the changed
 * submission. body of update_answer: {"answer_id" | "question_id",
 * "teacher_score"?, "teacher_feedback"?}. */
int	 submission_update_answer(struct arena *, const struct submission *,
	    struct json_object *body, struct hw_err *err);
/* {"comment"?, "attachments"?, "score"?: 0..max or null}. */
int	 submission_feedback(struct arena *, const struct submission *,
	    const char *comment, struct json_object *attachments, int has_score,
	    int score_null, int64_t score, struct hw_err *err);
/* Graded unless manual answers still wait (400 with question_ids), or
 * force. */
int	 submission_complete_review(struct arena *, const struct submission *,
	    int force, struct hw_err *err);
/* Return for rework: answers below their points become editable; 400
 * when none is, or the work is not handed in. */
int	 submission_send_for_revision(struct arena *, const struct submission *,
	    const char *comment, struct hw_err *err);
/* The review page's form in one transaction: the answers' changes
 * (update_answer bodies), the overall comment and score when feedback
 * (any refused: nothing saved), then the action (refused: HW_INVALID with
 * what came before it saved). */
enum review_action { REVIEW_SAVE, REVIEW_COMPLETE, REVIEW_REVISION };
struct review_form {
	struct json_object	**answers;
	size_t			  nanswers;
	int			  feedback, has_score, score_null;
	const char		 *comment;		/* NULL: unchanged */
	int64_t			  score;
	enum review_action	  action;
	int			  force;
	const char		 *revision_comment;
};
int	 submission_review(struct arena *, const struct submission *,
	    const struct review_form *, struct hw_err *err);
/* The student's own submission of h for my-answers, counted as viewed:
 * 0 and *s, HW_INVALID (404 none, 403 the teacher does not show answers,
 * 400 while the student can still change them), HW_DB. */
int	 submission_for_answers(struct arena *, const struct homework *,
	    int64_t student, struct submission *s, struct hw_err *err);

/* Re-evaluate the handed-in answers of questions whose key changed, and
 * the totals and statuses after them. 0 or -1. Inside the caller's
 * transaction. */
int	 submission_regrade(struct arena *, int64_t hw_id, const int64_t *qids,
	    size_t n);

/* The statistics table of PHASE2-3.md 2.5: one row per student assigned
 * now (group_id 0: all; else those assigned through that group), with
 * not_started rows, and totals; a fixed number of queries. */
int	 submission_statistics(struct arena *, const struct homework *,
	    int64_t group_id, struct json_object **out);

#endif
