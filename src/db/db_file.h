/* stored_file: what is known of each stored upload. */
#ifndef DB_DB_FILE_H
#define DB_DB_FILE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* What a file was uploaded for; decides who may read it (file_may_read)
 * and whether it is still used (file_referenced). */
enum file_purpose {
	FILE_HOMEWORK_MEDIA,	/* a teacher's image or audio for questions */
	FILE_HOMEWORK_ANSWER,	/* a student's file answering a homework */
	FILE_HOMEWORK_FEEDBACK,	/* a teacher's file on a student's work */
	FILE_CHAT,		/* an attachment in a chat */
};
#define FILE_PURPOSES	4

struct stored_file {
	const char		*id;		/* 32 lower-case hex */
	int64_t			 owner_id;	/* 0: the account is gone */
	enum file_purpose	 purpose;
	int64_t			 homework_id;	/* 0: none */
	int64_t			 chat_id;	/* 0: none */
	const char		*original_name;	/* cleaned (file_clean_name) */
	const char		*mime_type;	/* sniffed */
	int64_t			 size;
	const char		*sha256;	/* 64 hex */
	const char		*storage_path;	/* <yyyy>/<mm>/<id> under media_dir */
	const char		*created_at;
};

/* The purpose's name in the table ("homework_media", ...). */
const char *db_file_purpose_name(enum file_purpose);
/* Record f (unused from now on). 0 or -1. */
int	 db_file_insert(struct arena *, const struct stored_file *f);
/* 1 and *f, 0 none, -1 error. The _for_update form locks the row until
 * the transaction ends (call it inside one). */
int	 db_file_get(struct arena *, const char *id, struct stored_file *f);
int	 db_file_get_for_update(struct arena *, const char *id,
	    struct stored_file *f);
/* Mark the file used (unused_since NULL) or unused from now. -1, or 0. */
int	 db_file_set_used(struct arena *, const char *id, int used);
/* Whether a row locked by db_file_get_for_update has been unused for at
 * least grace seconds: 1 yes, 0 no, -1 error. */
int	 db_file_unused_for(struct arena *, const char *id, int64_t grace);
/* Up to limit files of purpose unused for at least grace seconds, longest
 * unused first: *out, *n. 0 or -1. */
int	 db_file_unused(struct arena *, enum file_purpose, int64_t grace,
	    int64_t limit, struct stored_file **out, size_t *n);
/* 1 deleted, 0 gone already, -1 error. */
int	 db_file_delete(struct arena *, const char *id);

#endif
