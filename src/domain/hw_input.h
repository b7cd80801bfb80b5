/* A homework body read into typed fields (both dialects), with every
 * field's rule checked; private to src/domain/homework.c. */
#ifndef DOMAIN_HW_INPUT_H
#define DOMAIN_HW_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/hw_question.h"

struct arena;
struct hw_err;
struct json_object;

/* A group target: the whole group (no students) or those students. */
struct hw_group_in {
	int64_t		 group_id;
	int64_t		*students;
	size_t		 nstudents;
	const char	*deadline;		/* DATETIME text or NULL */
};

struct hw_student_in {
	int64_t		 student_id;
	const char	*deadline;
};

/* A question as sent: has_* say which fields came (an update keeps the
 * others). */
struct hw_q_in {
	struct hw_question	 q;
	int			 has_id, has_type, has_prompt, has_points;
	int			 has_order, has_config, has_explanation, has_choices;
	size_t			 index;		/* in the body's list */
};

struct hw_input {
	const char		*title, *description, *deadline;
	const char		*student_instructions, *late_policy, *status;
	int64_t			 lesson, max_score;
	int			 allow_view_answers, gamification;
	int			 has_title, has_description, has_deadline;
	int			 has_instructions, has_late_policy, has_status;
	int			 has_lesson, has_max_score, has_allow;
	int			 has_gamification;
	int			 has_groups, has_students, has_questions;
	struct hw_group_in	*groups;
	size_t			 ngroups;
	struct hw_student_in	*students;
	size_t			 nstudents;
	struct hw_q_in		*questions;
	size_t			 nquestions;
};

/* Read body for teacher: every field's type and bounds, the lesson,
 * groups and students being the teacher's, questions' types. create: the
 * title and each question's type are required. 0, HW_INVALID with *err
 * (every field error found), HW_DB. */
int	 hw_input_parse(struct arena *, int64_t teacher, struct json_object *body,
	    int create, struct hw_input *in, struct hw_err *err);

/* A question's error: 400 {"detail": "Вопрос N (TYPE): field: msg",
 * "questions": [{"index","number","id","field","message"}]}. Returns
 * HW_INVALID. */
int	 hw_err_question(struct arena *, struct hw_err *, size_t index,
	    int64_t id, const char *type, const char *field, const char *msg);

#endif
