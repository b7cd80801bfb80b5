/* The SQL of tpanel import-django for the original's homework app: rows
 * with the ids the importer chose. Strings NUL-terminated, NULL = SQL
 * NULL, ids 0 = NULL; times UTC DATETIME(6) text. Each insert returns 0,
 * or -1 with db_last_error(). */
#ifndef DB_DB_IMPORT_HW_H
#define DB_DB_IMPORT_HW_H

#include <stdint.h>

struct arena;

struct import_homework {
	int64_t		 id, teacher_id, lesson_id, max_score;
	const char	*title, *description, *status, *published_at, *deadline;
	const char	*student_instructions, *created_at, *updated_at;
	int		 allow_view_answers;
};
int	 db_import_homework(struct arena *, const struct import_homework *);
int	 db_import_hw_assign(struct arena *, int64_t id, int64_t hw_id,
	    int64_t group_id, int64_t student_id, const char *deadline,
	    const char *created_at);
/* A new assignment row (an M2M entry of the original), its id in *id. */
int	 db_import_hw_assign_new(struct arena *, int64_t hw_id, int64_t group_id,
	    int64_t student_id, const char *deadline);

struct import_hw_question {
	int64_t		 id, homework_id, points, position;
	const char	*prompt, *type, *config, *explanation;
};
int	 db_import_hw_question(struct arena *, const struct import_hw_question *);
int	 db_import_hw_choice(struct arena *, int64_t id, int64_t question_id,
	    const char *text, int is_correct, int64_t position);

struct import_hw_submission {
	int64_t		 id, homework_id, student_id, teacher_id, group_id;
	int64_t		 total_score, revision_count, seed;	/* total -1: NULL */
	const char	*status, *created_at, *submitted_at, *graded_at;
	const char	*feedback, *revision_comment;
	int		 is_late;
};
int	 db_import_hw_submission(struct arena *, const struct import_hw_submission *);

struct import_hw_answer {
	int64_t		 id, submission_id, question_id;
	int64_t		 auto_score, teacher_score;		/* -1: NULL */
	int64_t		 time_spent, tab_switches, revision_count;
	const char	*text_answer, *answer_json, *teacher_feedback;
	const char	*attachments, *answered_at;
	int		 manual, revision, pasted;
};
int	 db_import_hw_answer(struct arena *, const struct import_hw_answer *);
int	 db_import_hw_answer_choice(struct arena *, int64_t answer_id,
	    int64_t choice_id);

/* Drop the whole-group row of (hw, group): the original kept one beside
 * its per-student assignment. */
int	 db_import_hw_ungroup(struct arena *, int64_t hw_id, int64_t group_id);
/* Whether the question and the submission are of one homework: 1, 0, -1. */
int	 db_import_hw_same_homework(struct arena *, int64_t question_id,
	    int64_t submission_id);
/* What an imported submission takes from its homework: its teacher and
 * deadline (NULL: none). 1, 0 when it is not here, -1. */
int	 db_import_hw_facts(struct arena *, int64_t hw_id, int64_t *teacher,
	    const char **deadline);
/* A question's type: 1 and *type, 0, -1. */
int	 db_import_hw_qtype(struct arena *, int64_t question_id, const char **type);
/* Whether the choice belongs to the question: 1, 0, -1. */
int	 db_import_hw_choice_of(struct arena *, int64_t choice_id,
	    int64_t question_id);

#endif
