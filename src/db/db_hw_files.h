/* homework_file_ref: the stored files a homework uses (its media, with
 * submission 0) and the files of the teacher's feedback on a submission;
 * and what the answers' attachments name. */
#ifndef DB_DB_HW_FILES_H
#define DB_DB_HW_FILES_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* The files referenced for (hw, sub): *ids, *n. 0 or -1. */
int	 db_hwf_refs(struct arena *, int64_t hw, int64_t sub, const char ***ids,
	    size_t *n);
/* Every file homework hw references, and those its students uploaded for
 * it (answers): *ids, *n. 0 or -1. */
int	 db_hwf_all(struct arena *, int64_t hw, const char ***ids, size_t *n);
/* Change the references of (hw, sub): drop the files of gone (a JSON array
 * of ids it has now), add those of added (a JSON array of ids it lacks);
 * NULL: none. Only rows named are locked. 0 or -1. */
int	 db_hwf_set(struct arena *, int64_t hw, int64_t sub, const char *gone,
	    const char *added);

/* Where file id is referenced: up to max (homework, submission, the
 * submission's student: 0 for media) in *hw, *sub, *student; *n. 0 or
 * -1. */
int	 db_hwf_uses(struct arena *, const char *id, size_t max, int64_t *hw,
	    int64_t *sub, int64_t *student, size_t *n);
/* Whether file id has a reference: 1, 0, -1. */
int	 db_hwf_referenced(struct arena *, const char *id);
/* Whether an answer of student's work on hw names file id among its
 * attachments: 1, 0, -1. */
int	 db_hwf_in_answers(struct arena *, int64_t hw, int64_t student,
	    const char *id);
/* The attachments (JSON text) of the answers of submission sub that have
 * any: *qids[i] and *att[i], *n. 0 or -1. */
int	 db_hwf_answer_files(struct arena *, int64_t sub, int64_t **qids,
	    const char ***att, size_t *n);
/* The teacher of homework hw: 1 and *teacher, 0 none, -1. */
int	 db_hwf_teacher(struct arena *, int64_t hw, int64_t *teacher);

#endif
