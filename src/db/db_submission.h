/* homework_studentsubmission, homework_answer and
 * homework_answer_selected_choices. */
#ifndef DB_DB_SUBMISSION_H
#define DB_DB_SUBMISSION_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;

/* A submission with its homework's and student's fields the views show;
 * strings in the arena, times as UTC DATETIME(6) text. */
struct submission {
	int64_t		 id, homework_id, student_id, teacher_id;
	int64_t		 group_id;			/* 0: individual */
	const char	*status, *created_at, *updated_at;
	const char	*first_submitted_at, *submitted_at, *graded_at;
	int		 has_total, has_override, is_late;
	int64_t		 total_score, score_override;
	const char	*feedback;			/* JSON object text */
	int64_t		 revision_count;
	const char	*revision_comment;
	int64_t		 shuffle_seed, answers_viewed_count;
	/* The homework. */
	const char	*homework_title, *homework_status, *late_policy;
	int		 allow_view_answers;
	int64_t		 points_total;
	const char	*effective_deadline;		/* NULL: none */
	/* The student and the group. */
	const char	*student_email, *student_first, *student_last,
			*student_middle, *group_name;
	/* Over the answers (kept on the row). */
	int64_t		 paste_count, tab_switches, answers_time;
};

/* An answer row. */
struct answer_row {
	int64_t		 id, submission_id, question_id;
	const char	*text_answer, *answer_json;	/* answer_json NULL: none */
	int		 has_auto, has_teacher;
	int64_t		 auto_score, teacher_score;
	const char	*teacher_feedback, *attachments, *answered_at;
	int		 needs_manual_review, needs_revision, revised, is_pasted;
	int64_t		 time_spent_seconds, tab_switches, revision_count;
};

/* 1 and *s, 0 if none, -1. lock: FOR UPDATE (in a transaction). */
int	 db_sub_get(struct arena *, int64_t id, int lock, struct submission *s);
/* The submission of (homework, student): 1 and *s, 0, -1. */
int	 db_sub_find(struct arena *, int64_t hw_id, int64_t student_id,
	    struct submission *s);
/* The submission's own fields (id, homework_id, student_id, teacher_id,
 * group_id, status, first_submitted_at, shuffle_seed, homework_status,
 * late_policy; the rest zero) locked until the transaction ends, and
 * whether its homework is assigned to its student now: 1, 0 none, -1. */
int	 db_sub_lock_brief(struct arena *, int64_t id, struct submission *s,
	    int *assigned);
/* The homework of submission id in *hw (0 none), read before a
 * transaction that locks the homework's row and then the submission's:
 * 1, 0 none, -1. */
int	 db_sub_homework(struct arena *, int64_t id, int64_t *hw);
/* Of (homework, student): id, status and shuffle_seed only. 1, 0, -1. */
int	 db_sub_find_brief(struct arena *, int64_t hw_id, int64_t student_id,
	    struct submission *s);
/* A new in_progress submission; a second one for the same pair is
 * refused by the unique key (-1 with DB_ERR_DUP). */
int	 db_sub_insert(struct arena *, int64_t hw_id, int64_t student_id,
	    int64_t teacher_id, int64_t group_id, int64_t seed, int64_t *id);

/* Whose submissions a list shows; status/group filters; individual: only
 * those without a group. by_name: the homework's review order (group
 * name, last name, first name, newest first), else newest first. */
enum sub_scope { SUB_SCOPE_ALL, SUB_SCOPE_TEACHER, SUB_SCOPE_STUDENT };
struct sub_filter {
	const char	*status;		/* NULL: any */
	int64_t		 homework_id, group_id;	/* 0: any */
	int		 individual;
};
/* A page of the list (core/cursor.h): newest first, key (created_at text,
 * id); with homework_id, that homework's review order, key (group name,
 * last name, first name, id). No count: db_sub_count. */
int	 db_sub_page(struct arena *, enum sub_scope, int64_t user,
	    const struct sub_filter *, const struct keyset *ks,
	    struct submission **s, size_t *n);
/* The list's size: tallies, or an index range bounded by one homework's
 * submissions or by a student's in one group. */
int	 db_sub_count(struct arena *, enum sub_scope, int64_t user,
	    const struct sub_filter *, int64_t *total);

/* The answers of a submission by question order: *a and *n. */
int	 db_answers(struct arena *, int64_t sub_id, struct answer_row **rows,
	    size_t *n);

/* Autosave: rows is a JSON array of {"q","sv","v","t","ans","satt","att",
 * "sec","tab","paste"} (sv: v, the canonical answer's text, and t, the
 * text answer, are set, v null for none; satt: att, the attachments'
 * text, is set; ans: the answer is not empty; nrows of them). The rows
 * exist (db_answers_fill at the start); in revision only those flagged
 * needs_revision change, marked revised when their value differs; the
 * sums kept over the answers set again. Three statements whatever the
 * number of rows (four in revision, four when a question was added). */
int	 db_answers_save(struct arena *, int64_t sub_id, const char *rows,
	    size_t nrows, int revision);
/* The selected-choices join of the submission's choice answers: rows is
 * [{"q","ssel":1,"sel":[choice ids]}] (ids of other questions left out). */
int	 db_answers_select(struct arena *, int64_t sub_id, const char *rows);
/* Scores: rows is [{"q","auto" (null or int),"manual","clear_teacher"}];
 * one statement. */
int	 db_answers_score(struct arena *, int64_t sub_id, const char *rows);
/* Empty answer rows for questions that have none, so every question can be
 * scored and flagged. */
int	 db_answers_fill(struct arena *, int64_t sub_id, int64_t hw_id);

/* The sums kept over the submission's answers set again, and with total
 * its total_score (COALESCE(teacher, auto, 0) over the answers). */
int	 db_sub_refresh(struct arena *, int64_t sub_id, int total);
/* The same for every submission (after an import). */
int	 db_sub_refresh_all(struct arena *);
/* The first (or a repeated) submit: status, submitted_at now,
 * first_submitted_at and is_late kept once set; graded_at now when
 * graded. revision: the answers' needs_revision cleared, the revised ones
 * counted and their teacher_score cleared (done before grading). */
int	 db_sub_submitted(struct arena *, int64_t sub_id, const char *status,
	    int is_late);
int	 db_sub_revision_clear(struct arena *, int64_t sub_id);
int	 db_sub_set_status(struct arena *, int64_t sub_id, const char *status);

/* Review. */
int	 db_answer_teacher(struct arena *, int64_t answer_id, int set_score,
	    int64_t score, const char *feedback);
/* The answer row of (submission, question), created empty if missing:
 * *id. */
int	 db_answer_ensure(struct arena *, int64_t sub_id, int64_t question_id,
	    int64_t *id);
/* Manual answers still without a teacher_score: *ids and *n (questions). */
int	 db_sub_pending(struct arena *, int64_t sub_id, int64_t **qids,
	    size_t *n);
int	 db_sub_feedback(struct arena *, int64_t sub_id, const char *json,
	    int set_override, int has_override, int64_t override);
/* Flag the answers whose final score is below their question's points;
 * the number flagged. */
int	 db_sub_flag_revision(struct arena *, int64_t sub_id, int64_t *n);
int	 db_sub_to_revision(struct arena *, int64_t sub_id, const char *comment);
int	 db_sub_viewed(struct arena *, int64_t sub_id);

/* Regrading after a key changed: answers of the questions in
 * handed-in submissions. */
struct regrade_row {
	int64_t		 answer_id, submission_id, question_id;
	const char	*answer_json;
	int64_t		 nfiles;
};
int	 db_regrade_answers(struct arena *, int64_t hw_id, const char *qids_json,
	    struct regrade_row **rows, size_t *n);
/* rows: [{"a": answer id, "auto", "manual"}]; teacher scores above a
 * question's points are lowered to them. */
int	 db_regrade_write(struct arena *, const char *rows);
/* Totals and statuses of the homework's handed-in submissions again:
 * submitted and graded follow whether manual answers wait. */
int	 db_regrade_totals(struct arena *, int64_t hw_id);

#endif
