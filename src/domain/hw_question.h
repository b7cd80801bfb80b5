/* Homework questions of the nine types (PHASE2-3.md section 1.3): their
 * config checked on write and on publish, the student's view of them (no
 * key, MATCHING and DRAG_DROP permuted per submission), answers made
 * canonical, and grading. Pure functions over json-c values; they know no
 * HTTP and no database, so the API, the pages, the import and the tests use
 * them alike. */
#ifndef DOMAIN_HW_QUESTION_H
#define DOMAIN_HW_QUESTION_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct json_object;

enum hw_qtype {
	HWQ_TEXT, HWQ_SINGLE, HWQ_MULTI, HWQ_LISTENING, HWQ_MATCHING,
	HWQ_DRAG_DROP, HWQ_FILL_BLANKS, HWQ_HOTSPOT, HWQ_FILE_UPLOAD,
	HWQ_NTYPES
};

#define HW_POINTS_MAX		1000	/* one question's points */
#define HW_QUESTIONS_MAX	200	/* questions in one homework */
#define HW_CHOICES_MAX		50	/* choices of one question */
#define HW_ITEMS_MAX		100	/* options, pairs, items, blanks, ... */
#define HW_CHOICE_TEXT_MAX	500	/* characters */
#define HW_TEXT_MAX		10000	/* characters of a prompt or a key */
#define HW_ANSWER_TEXT_MAX	20000	/* characters of a typed answer */
#define HW_FILES_MAX		10	/* files on one answer */
#define HW_FILE_MB_MAX		25	/* FILE_UPLOAD maxSizeMB */

struct hw_choice {
	int64_t		 id;		/* 0: not stored yet */
	const char	*text;
	int		 is_correct;
	int64_t		 position;
};

struct hw_question {
	int64_t			 id;	/* 0: not stored yet */
	enum hw_qtype		 type;
	const char		*prompt, *explanation;
	int64_t			 points, position;
	struct json_object	*config;	/* an object, never NULL */
	struct hw_choice	*choices;	/* SINGLE and MULTI, in order */
	size_t			 nchoices;
};

/* A type from its name (MULTIPLE_CHOICE is MULTI_CHOICE): 0 and *t, or
 * -1 for an unknown name (CODE included). */
int	 hw_qtype_parse(const char *name, enum hw_qtype *t);
/* The stored name; for students and in submissions MULTI_CHOICE is
 * spelled MULTIPLE_CHOICE, as the original's clients expect. */
const char *hw_qtype_name(enum hw_qtype, int frontend);
/* Whether a type is graded by hand whatever the key. */
int	 hw_qtype_manual(enum hw_qtype);

/* What is wrong with a question: the field under the question
 * ("config.answers", "choices", "points") and a message in Russian. */
struct hw_problem {
	const char	*field;
	const char	*msg;
};

/* Fill what the config implies but the client left out: DRAG_DROP's
 * correctOrder from the items' order; SINGLE and MULTI choices from
 * config.options and correctOptionId(s) when no choices came (the early
 * dialect). The config may be changed in place; the choices (arena) may be
 * replaced. -1 on overflow. */
int	 hw_question_fill(struct arena *, struct hw_question *);
/* Check a question: its fields' types and bounds always (a HOTSPOT region
 * outside the image, a string where a list belongs, ...); with full, also
 * what a published homework needs (a key that can be earned: MULTI with a
 * correct choice, FILL_BLANKS with one answer per "[___]", MATCHING with
 * distinct right sides, ...). 0, or -1 with *p. */
int	 hw_question_check(struct arena *, const struct hw_question *, int full,
	    struct hw_problem *p);
/* The number of "[___]" markers (blanks) in a FILL_BLANKS template (NULL:
 * none). */
size_t	 hw_fill_blanks_markers(const char *template_text);
/* Whether two versions of a question grade differently: its type, points,
 * key fields of the config or the choices' is_correct changed. */
int	 hw_question_key_changed(const struct hw_question *before,
	    const struct hw_question *after);
/* The config a student sees: the type's fields only, every key removed
 * (correctAnswer(s), correctOptionId(s), options, sub-question answers,
 * correctOrder, FILL_BLANKS answers blanked, isCorrect); MATCHING's right
 * sides and DRAG_DROP's items in an order drawn from seed and the
 * question's id (stable, never the key's order for two or more).
 * imageUrl/audioUrl filled from imageFileId/audioFileId. NULL on overflow. */
struct json_object *hw_question_student_config(struct arena *,
	    const struct hw_question *, uint64_t seed);

/* An autosave value made canonical for q (PHASE2-3.md 1.3 "Autosave
 * value"), as a new value the arena owns: TEXT a string; SINGLE a choice
 * id; MULTI a list of ids; LISTENING and MATCHING an object of strings by
 * sub-question/pair id; DRAG_DROP a list of item ids; FILL_BLANKS a list
 * of strings; HOTSPOT a list of hotspot ids and {"x","y"} clicks. Unknown
 * ids are dropped; JSON null clears the answer. 1 and *out (NULL: JSON
 * null), *empty when the answer says nothing (no text, no pick); 0 when
 * value does not fit the type at all (the caller ignores it; FILE_UPLOAD
 * answers are files, see hw_answer_file_ids); -1 on overflow. */
int	 hw_answer_clean(struct arena *, const struct hw_question *,
	    struct json_object *value, struct json_object **out, int *empty);
/* A stored answer (canonical JSON text, scalars included) as a value
 * the arena owns; NULL for none, null or unreadable text. */
struct json_object *hw_answer_parse(struct arena *, const char *json);
/* The file ids of a FILE_UPLOAD value or an "_attachments" list: one
 * {"file_id": ...} object or a list of them (or of id strings). 0 and
 * the ids in *ids, their number in *n (arena); -1 when the shape is wrong or an id is not 32 hex
 * digits or there are more than HW_FILES_MAX. */
int	 hw_answer_file_ids(struct arena *, struct json_object *value,
	    const char ***ids, size_t *n);
/* The choice ids an answer selects (SINGLE, MULTI), for the join table and
 * the views, in *ids and *n (arena). -1 on overflow. */
int	 hw_answer_choice_ids(struct arena *, const struct hw_question *,
	    struct json_object *answer, int64_t **ids, size_t *n);

struct hw_score {
	int	 has_score;	/* 0: auto_score is null */
	int64_t	 auto_score;	/* 0..points */
	int	 manual;	/* needs_manual_review */
};
/* Grade a canonical answer (NULL: none) with nfiles files attached, by the
 * rules of PHASE2-3.md 1.3: floor(points x fraction), manual review where
 * there is no key or a file to look at. -1 on overflow. */
int	 hw_grade(struct arena *, const struct hw_question *,
	    struct json_object *answer, size_t nfiles, struct hw_score *);

#endif
