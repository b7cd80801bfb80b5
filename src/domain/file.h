/* Stored files: uploads checked against an allow-list by their content,
 * kept under media_dir by a random id, read back only by those the
 * file's purpose lets read it (PHASE2-3.md §3.6). Knows no HTTP.
 *
 * How a module uses it (homework, chat):
 *   upload   the app parses the body (api_files.c: files_upload_or_reply),
 *            the module checks the caller may upload for its object, then
 *            file_store() with the endpoint's kind and the purpose;
 *   attach   inside the transaction that records the reference (an answer's
 *            attachment, a message's file_id): file_claim() proves the file
 *            is the caller's and for that use, and marks it used;
 *   detach   file_release() when a reference goes (a message deleted);
 *   read     file_may_read() (one switch on purpose: add the module's rule
 *            there) and file_download() for the answer.
 * A module also says, in file_referenced's table in file.c, how to tell
 * whether its purpose's files are still used; until it does, the clean-up
 * job never removes a file of that purpose. */
#ifndef DOMAIN_FILE_H
#define DOMAIN_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "db/db_file.h"		/* struct stored_file, enum file_purpose */

struct arena;
struct config;
struct mp_file;

/* What an upload endpoint accepts: its allow-list of sniffed types and
 * their size limits (§3.6's table). */
enum file_kind {
	FILE_KIND_IMAGE,	/* jpeg png gif webp, 50 MB: homework upload-file */
	FILE_KIND_AUDIO,	/* mp3 wav ogg m4a, 50 MB: upload-file, audio */
	FILE_KIND_DOCUMENT,	/* pdf doc(x) xls(x) ppt(x) txt csv zip, 50 MB:
				   upload-document-direct */
	FILE_KIND_ANSWER,	/* images, pdf doc(x) xls(x) ppt(x) txt csv,
				   25 MB: upload-student-answer */
	FILE_KIND_CHAT,		/* images 5 MB; pdf doc(x) xls(x) txt 10 MB */
};

/* Results beyond 0 = done. */
#define FILE_REFUSED	(-1)	/* the upload broke a rule: *why says which */
#define FILE_DB		(-2)	/* the database failed: db_last_error() */
#define FILE_STORAGE	(-3)	/* media_dir or libmagic failed (logged): 503 */

/* At worker start and in the master's check: this process's libmagic
 * cookie (one per process, opened after fork) and media_dir/tmp. 0, or -1
 * logged when libmagic cannot load; a missing media_dir is only warned
 * about (uploads then answer 503). */
int	 file_init(const struct config *);
/* The directory uploads are received into (media_dir/tmp); NULL when out
 * of memory. */
const char *file_tmp_dir(struct arena *, const struct config *);
/* The largest file kind k takes, and whether a body of content_length
 * bytes may hold one (the file plus at most 64 KiB of form fields). */
int64_t	 file_kind_max(enum file_kind);
int	 file_body_fits(enum file_kind, int64_t content_length);

/* An upload to store: the temporary file the parser left and the SHA-256
 * of its content, computed while it was read. */
struct file_new {
	struct mp_file		*tmp;
	const char		*sha256;
	enum file_kind		 kind;
	enum file_purpose	 purpose;
	int64_t			 owner_id;
	int64_t			 homework_id;	/* 0: none */
	int64_t			 chat_id;	/* 0: none */
};

/* Check the upload (size, type by content, extension, image dimensions)
 * and store it: moved to <media_dir>/<yyyy>/<mm>/<id> (mode 0640) and
 * recorded, unused until claimed. 0 and *f; FILE_REFUSED with *why (in
 * Russian, for a 400); FILE_DB; FILE_STORAGE. */
int	 file_store(struct arena *, const struct config *, const struct file_new *,
	    struct stored_file *f, const char **why);

/* In the caller's transaction, when it records a use of file id (an
 * answer's attachment, a message's file): the file exists, was uploaded by
 * owner for purpose (and for homework_id / chat_id when not 0). 1 and *f,
 * marked used and locked until the transaction ends (the clean-up job
 * cannot remove it meanwhile); 0 when there is no such file for this use
 * (answer 400); -1 on a database error. */
int	 file_claim(struct arena *, const char *id, int64_t owner,
	    enum file_purpose, int64_t homework_id, int64_t chat_id,
	    struct stored_file *f);
/* In the caller's transaction, when a use of file id goes away: it may be
 * unused now; the clean-up job asks file_referenced before removing it. 0
 * or -1. */
int	 file_release(struct arena *, const char *id);

/* Whether id has the form of a stored file's id (32 lower-case hex). */
int	 file_id_ok(const char *id);
/* The file id if the caller (user_id of role "student", "teacher" or
 * "admin") may read it: 1 and *f; 0 when there is no such file or they
 * may not (answer 404 either way); -1 on a database error. */
int	 file_readable(struct arena *, const char *id, int64_t user_id,
	    const char *role, struct stored_file *f);
/* Whether the caller may read f: 1, 0, or -1 on a database error. One
 * switch on the purpose; each module adds its rule there. */
int	 file_may_read(struct arena *, int64_t user_id, const char *role,
	    const struct stored_file *);

/* What the download answer of f says to nginx. */
struct file_download {
	const char	*uri;		/* X-Accel-Redirect: /_files/<storage_path> */
	const char	*content_type;
	const char	*disposition;	/* inline or attachment, with the name */
	const char	*cache_control;
};
/* NULL fields on overflow. */
void	 file_download(struct arena *, const struct stored_file *,
	    struct file_download *);
/* The URL a stored file is downloaded at: /api/homework/file/<id>/ or
 * /api/files/<id>/ (chat). NULL on overflow. */
const char *file_url(struct arena *, const struct stored_file *);

/* The clean-up job: temporary files of uploads that never finished (older
 * than an hour), then files unused for file_unused_grace whose purpose's
 * module says nothing uses them. Counts in *tmp, *removed, *kept (found
 * in use after all). 0 or -1. */
int	 file_cleanup(struct arena *, const struct config *, int64_t *tmp,
	    int64_t *removed, int64_t *kept);

/* -- file_type.c: what a file is ------------------------------------- */

/* Open this process's libmagic cookie if it has none yet (after a fork,
 * the parent's is dropped). 0, or -1 logged. */
int	 file_types_init(void);

/* Sniff fd (size bytes, named name by the client) against kind's
 * allow-list: 0 with *mime (the type to store and serve) and *clean_name
 * (file_clean_name, given the type's extension when it had none);
 * FILE_REFUSED with *why; -1 when libmagic failed (logged). */
int	 file_type_check(struct arena *, int fd, int64_t size, const char *name,
	    enum file_kind, const char **mime, const char **clean_name,
	    const char **why);
/* A client's file name made safe to keep and show: its last path
 * component, without control and bidirectional-override characters,
 * invalid UTF-8 replaced, at most 255 characters (the extension kept);
 * "file" when nothing is left. NULL on overflow. */
const char *file_clean_name(struct arena *, const char *raw);
/* Content-Disposition for a file of type mime called name: inline for
 * raster images, audio and PDF, else attachment; filename= an ASCII
 * fallback and filename*= UTF-8, percent-encoded. NULL on overflow. */
const char *file_disposition(struct arena *, const char *mime,
	    const char *name);

#endif
