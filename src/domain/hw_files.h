/* Files on homework answers and feedback (PHASE2-3.md 3.6): which stored
 * files an answer or a feedback may name, and their JSON as the views
 * show it. */
#ifndef DOMAIN_HW_FILES_H
#define DOMAIN_HW_FILES_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct hw_err;

/* The attachments of an answer by student to homework hw_id from the file
 * ids they named: each must be a file the student uploaded for that
 * homework. maxfiles/max_mb/kinds: a FILE_UPLOAD question's limits (0 and
 * NULL: none). 0 and *json ("[{"url","file_id","name","size",
 * "mime_type"}]"), HW_INVALID with *err (400 naming the file), HW_DB. */
int	 hw_files_answer(struct arena *, int64_t student, int64_t hw_id,
	    const char **ids, size_t n, int64_t maxfiles, int64_t max_mb,
	    const char *kinds_json, const char **json, struct hw_err *err);
/* The same for a teacher's feedback files. */
int	 hw_files_feedback(struct arena *, int64_t teacher, int64_t hw_id,
	    const char **ids, size_t n, const char **json, struct hw_err *err);

#endif
