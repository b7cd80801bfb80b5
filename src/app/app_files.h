/* Stored files: the handlers of the upload and download routes, and the
 * upload helpers the homework and chat handlers call (api_files.c). */
#ifndef APP_APP_FILES_H
#define APP_APP_FILES_H

#include <stdint.h>

#include "core/multipart.h"
#include "domain/file.h"

struct req;

/* An upload as read from the request. */
struct upload {
	struct multipart	 mp;		/* fields: multipart_field(&up->mp, name) */
	char			 sha256[65];	/* of the file part */
};

/* Read the multipart body of an upload for kind k, from nginx's body
 * file or the FastCGI stream: the declared size checked against the kind,
 * the `file` part copied to media_dir/tmp (removed at the end of the
 * request unless stored), the other fields kept. 0, or -1 after the
 * answer: 400 {"detail":"Файл не найден в запросе"} without a file part
 * (or without a multipart body), 400 for a broken or oversized body, 503
 * when media_dir fails; on a page form (R_CSRF, with R_UPLOAD) 403 unless
 * the body's csrf_token field is the caller's. The caller checks that the user may upload for
 * the object the fields name, then calls files_store_or_reply. */
int	 files_upload_or_reply(struct req *, enum file_kind, struct upload *);
/* Check and store the upload's file as the caller's, for purpose (and
 * homework_id / chat_id, 0: none): 0 and *f, or -1 after the answer (400
 * {"detail"} saying what is wrong with the file, 503). */
int	 files_store_or_reply(struct req *, struct upload *, enum file_kind,
	    enum file_purpose, int64_t homework_id, int64_t chat_id,
	    struct stored_file *f);

/* Routes. */
int	 api_file_get(struct req *);
int	 api_homework_upload_file(struct req *);
int	 api_homework_upload_document(struct req *);

#endif
