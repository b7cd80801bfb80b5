/* Stored files in homework (PHASE2-3.md 3.6, docs/files.md): which files
 * a homework, an answer or a feedback may name (the caller's own, claimed
 * in the transaction that records the reference), who besides the
 * uploader may read them, and whether the clean-up may remove them. */
#ifndef DOMAIN_HW_FILES_H
#define DOMAIN_HW_FILES_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct hw_err;
struct hw_question;
struct stored_file;

/* In the homework write's transaction: the media of homework hw of
 * teacher. A question's imageFileId, audioFileId, and an imageUrl or
 * audioUrl of ours, must name a file the teacher uploaded (else 400
 * naming the question and the field); a file URL in texts (description,
 * instructions) or in any prompt or config is taken when it is the
 * teacher's and left alone otherwise. The students assigned hw may then
 * read those files; files no longer named are let go. qs: the homework's
 * questions, in order. 0, HW_INVALID with *err, HW_DB. */
int	 hw_files_media(struct arena *, int64_t hw, int64_t teacher,
	    const struct hw_question *const *qs, size_t nq,
	    const char *const *texts, size_t ntexts, struct hw_err *err);
/* Before homework hw is deleted: let go of every file it names and of
 * its students' answer files. 0 or HW_DB. */
int	 hw_files_forget(struct arena *, int64_t hw);

/* In the autosave's transaction: the attachments of an answer by student
 * to homework hw from the file ids they named. Each must be a file the
 * student uploaded for that homework (else 400 naming it); maxfiles,
 * max_mb, kinds_json (allowedTypes: "image", "document", "any"): a
 * FILE_UPLOAD question's limits (0 and NULL: none). 0 and *json
 * ("[{"url","file_id","name","size","mime_type"}]"), HW_INVALID with
 * *err, HW_DB. */
int	 hw_files_answer(struct arena *, int64_t student, int64_t hw,
	    const char **ids, size_t n, int64_t maxfiles, int64_t max_mb,
	    const char *kinds_json, const char **json, struct hw_err *err);
/* Let go of the files of old (an answer's attachments JSON) that are not
 * in now (the same, NULL: none). 0 or HW_DB. */
int	 hw_files_replaced(struct arena *, const char *old, const char *now);
/* In the feedback's transaction: files of the teacher's (uploaded with
 * upload-file or upload-document-direct) on submission sub of homework
 * hw; the student of sub may then read them, the previous ones are let
 * go. 0 and *json as above, HW_INVALID with *err, HW_DB. */
int	 hw_files_feedback(struct arena *, int64_t teacher, int64_t hw,
	    int64_t sub, const char **ids, size_t n, const char **json,
	    struct hw_err *err);

/* file_may_read's homework rules, for a caller who is neither the
 * uploader nor an admin: 1, 0, -1 on a database error. Media and
 * feedback files: a student assigned a homework that names the file, the
 * student whose work a feedback file is on. Answer files: the teacher of
 * the file's homework. */
int	 homework_media_readable(struct arena *, int64_t user, const char *role,
	    const struct stored_file *);
int	 homework_answer_readable(struct arena *, int64_t user, const char *role,
	    const struct stored_file *);
/* The clean-up's question for the three homework purposes: whether
 * anything still names f. 1, 0, -1. */
int	 homework_file_referenced(struct arena *, const struct stored_file *);

#endif
