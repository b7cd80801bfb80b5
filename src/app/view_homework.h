/* The JSON shapes of homework and submissions (PHASE2-3.md 1.5, 1.7),
 * built once for both faces: the API returns them, the pages render
 * them. */
#ifndef APP_VIEW_HOMEWORK_H
#define APP_VIEW_HOMEWORK_H

#include <stddef.h>
#include <stdint.h>

struct answer_row;
struct arena;
struct homework;
struct hw_assign_row;
struct hw_question;
struct hw_target;
struct json_object;
struct submission;

/* Homework for its teacher and admins: every field of the original's
 * HomeworkSerializer (group_id/group_name, group_assignments,
 * assigned_groups, assigned_students) plus individual_assignments,
 * late_policy, gamification_enabled, points_total, to_check_count; the
 * questions with their keys (config, choices[].is_correct) when qs is
 * not NULL. NULL on overflow. */
struct json_object *hw_view_homework(struct arena *, const struct homework *,
	    const struct hw_question *qs, size_t nq);
/* One question as its teacher sees it: id, prompt (and question_text),
 * question_type, points, order, config, explanation, choices. */
struct json_object *hw_view_question(struct arena *, const struct hw_question *);
/* Homework for a student: no key anywhere, MATCHING and DRAG_DROP in the
 * order of seed, effective_deadline from t, their submission ({"id",
 * "status"} or null); questions when qs is not NULL. */
struct json_object *hw_view_homework_student(struct arena *,
	    const struct homework *, const struct hw_target *t,
	    const struct hw_question *qs, size_t nq, uint64_t seed,
	    int64_t submission_id, const char *submission_status);
/* assignment-details: {"homework_id","title","deadline","group_assignments":
 * [{"group_id","group_name","deadline","all_students","assigned_students",
 * "students_in_group"}],"individual_students":[UserBrief + deadline]}. */
struct json_object *hw_view_assignment_details(struct arena *,
	    const struct homework *, const struct hw_assign_row *rows, size_t n,
	    const struct hw_assign_row *members, size_t nm);

/* A submission (StudentSubmissionSerializer's fields plus is_late,
 * effective_deadline, score_override, first_submitted_at,
 * answers_time_seconds). staff: its teacher or an admin, who see every
 * score and the key; a student sees no score for an answer they can still
 * change, and scores at all only when the homework shows answers. With qs
 * NULL (lists) no answers or questions. seed: the student's order. */
struct json_object *hw_view_submission(struct arena *, const struct submission *,
	    const struct hw_question *qs, size_t nq, const struct answer_row *ans,
	    size_t na, int staff, uint64_t seed);
/* my-answers (PHASE2-3.md 1.6.6): the student's answers with the key. */
struct json_object *hw_view_my_answers(struct arena *, const struct homework *,
	    const struct submission *, const struct hw_question *qs, size_t nq,
	    const struct answer_row *ans, size_t na);

#endif
