/* homework_homework, homework_assignment, homework_question and
 * homework_choice. */
#ifndef DB_DB_HOMEWORK_H
#define DB_DB_HOMEWORK_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;
struct hw_question;

/* A homework row with what its views show beside it; strings in the
 * arena, times as UTC DATETIME(6) text. */
struct homework {
	int64_t		 id, teacher_id, lesson_id;	/* lesson_id 0: none */
	const char	*teacher_email, *teacher_first, *teacher_last;
	const char	*title, *description, *status;
	const char	*published_at, *deadline;	/* NULL: none */
	int64_t		 max_score;
	const char	*student_instructions, *late_policy;
	int		 allow_view_answers, gamification_enabled;
	const char	*created_at, *updated_at;
	int64_t		 questions_count, points_total;
	int64_t		 submissions_count, to_check_count;
	/* [{"id","group_id","group_name","student_id","email","first_name",
	 * "last_name","deadline"}] or NULL */
	const char	*assignments;
	int64_t		 lesson_group_id;		/* 0: none */
	const char	*lesson_group_name;
	/* In a student's list: their own submission (0: none). */
	int64_t		 submission_id;
	const char	*submission_status;
	const char	*student_target;	/* {"g","n","d"} or NULL */
};

/* The writable fields, validated by the caller. */
struct hw_row {
	int64_t		 teacher_id, lesson_id;		/* 0: none */
	const char	*title, *description, *deadline;	/* deadline NULL */
	int64_t		 max_score;
	const char	*student_instructions, *late_policy;
	int		 allow_view_answers, gamification_enabled;
};

/* Whose homework a list shows; newest first. */
enum hw_scope { HW_SCOPE_ALL, HW_SCOPE_TEACHER, HW_SCOPE_STUDENT };

/* Where a list continues: before (created_at, id) in the list's order;
 * created_at NULL: from the start. */
struct hw_after {
	const char	*created_at;
	int64_t		 id;
};

int	 db_hw_insert(struct arena *, const struct hw_row *, int64_t *id);
int	 db_hw_update(struct arena *, int64_t id, const struct hw_row *);
/* 1 and *h, 0 if no such homework, -1 error. */
int	 db_hw_get(struct arena *, int64_t id, struct homework *h);
/* The same without the sums (questions_count, points_total,
 * submissions_count, to_check_count 0; assignments NULL): one row read. */
int	 db_hw_get_core(struct arena *, int64_t id, struct homework *h);
/* The row locked until the transaction ends: 1, 0 gone, -1. */
int	 db_hw_lock(struct arena *, int64_t id);
/* status, and published_at kept or set to now when publishing. */
int	 db_hw_set_status(struct arena *, int64_t id, const char *status);
int	 db_hw_delete(struct arena *, int64_t id);
/* A page of a scope (status NULL: any), newest first (core/cursor.h:
 * ks->limit rows in list order from the start skipping ks->offset, or after
 * or before the key (created_at text, id)). For a student: published
 * homework that reaches them and archived homework they have a submission
 * for, with that submission; one index range per way it reaches them,
 * merged (db_hw_student.c). No count: db_hw_count. */
int	 db_hw_page(struct arena *, enum hw_scope, int64_t user_id,
	    const char *status, const struct keyset *ks, struct homework **h,
	    size_t *n);
/* The list's size: a tally for a teacher and everyone; a student's from
 * the index entries of what reaches them (never the school's history). */
int	 db_hw_count(struct arena *, enum hw_scope, int64_t user_id,
	    const char *status, int64_t *total);
/* A page and the count (for the pages of HTML; total NULL: no count). */
int	 db_hw_list(struct arena *, enum hw_scope, int64_t user_id,
	    const char *status, const struct hw_after *after, int64_t limit,
	    int64_t offset, struct homework **h, size_t *n, int64_t *total);
/* Submissions of the homework not in_progress (handed in at least once):
 * 1 some, 0 none, -1. any: count in_progress ones as well. */
int	 db_hw_has_submissions(struct arena *, int64_t id, int any);

/* -- who it is for --------------------------------------------------------- */

/* How a student gets a homework: the most specific assignment row naming
 * them (their own row, then their group's), or the legacy lesson group of a
 * homework without rows. */
struct hw_target {
	int64_t		 group_id;	/* 0: individual */
	const char	*group_name;	/* NULL: individual */
	const char	*deadline;	/* the row's deadline; NULL: the homework's */
	const char	*assigned_at;
};
/* 1 and *t if the homework is assigned to student now, 0 if not, -1. */
int	 db_hw_target(struct arena *, int64_t hw_id, int64_t student_id,
	    struct hw_target *t);
int	 db_hw_assign_clear(struct arena *, int64_t hw_id, int groups);
/* group_id or student_id 0: none; deadline NULL: the homework's. */
int	 db_hw_assign_insert(struct arena *, int64_t hw_id, int64_t group_id,
	    int64_t student_id, const char *deadline);
/* Whether the homework has any target (an assignment row or a lesson's
 * group): 1, 0, -1. */
int	 db_hw_has_target(struct arena *, int64_t hw_id);
/* The group's name if teacher owns it: 1 and *name, 0 not theirs, -1. */
int	 db_hw_teacher_group(struct arena *, int64_t group_id, int64_t teacher_id,
	    const char **name);
/* Whether student is a student in one of teacher's groups: 1, 0, -1. */
int	 db_hw_teacher_student(struct arena *, int64_t student_id,
	    int64_t teacher_id);
/* Whether lesson is teacher's: 1, 0, -1. */
int	 db_hw_teacher_lesson(struct arena *, int64_t lesson_id,
	    int64_t teacher_id);
/* An assignment row with its group's name and its student's brief. */
struct hw_assign_row {
	int64_t		 id, group_id, student_id;	/* 0: none */
	const char	*group_name, *deadline, *created_at;
	const char	*email, *first_name, *last_name;
};
/* The homework's rows, groups first by name, then individual students by
 * name: *rows and *n in the arena. */
int	 db_hw_assign_rows(struct arena *, int64_t hw_id,
	    struct hw_assign_row **rows, size_t *n);
/* The members (active students) of the groups the homework is assigned
 * to, by group then name, as rows with group_id and the student. */
int	 db_hw_assign_members(struct arena *, int64_t hw_id,
	    struct hw_assign_row **rows, size_t *n);

/* -- questions and choices --------------------------------------------------- */

/* The questions in order, each with its choices, config parsed (a bad one
 * stored by an older version is {}): *q and *n in the arena. */
int	 db_hw_questions(struct arena *, int64_t hw_id, struct hw_question **q,
	    size_t *n);
/* The same for the questions among ids_json (a JSON array of ids, each
 * once) of the homework of submission sub if it is student's (else
 * none). */
int	 db_hw_questions_in(struct arena *, int64_t sub, int64_t student,
	    const char *ids_json, struct hw_question **q, size_t *n);
/* config_json: the config's text. */
int	 db_hwq_insert(struct arena *, int64_t hw_id, const struct hw_question *,
	    const char *config_json, int64_t *id);
int	 db_hwq_update(struct arena *, const struct hw_question *,
	    const char *config_json);
int	 db_hwq_delete(struct arena *, int64_t id);
int	 db_hwc_insert(struct arena *, int64_t question_id, const char *text,
	    int is_correct, int64_t position, int64_t *id);
int	 db_hwc_update(struct arena *, int64_t id, const char *text,
	    int is_correct, int64_t position);
int	 db_hwc_delete(struct arena *, int64_t id);
/* Questions of the homework answered in work handed in (an answer with a
 * value or a teacher's score in a submission not in_progress): *ids and *n. */
int	 db_hw_answered_questions(struct arena *, int64_t hw_id, int64_t **ids,
	    size_t *n);

#endif
