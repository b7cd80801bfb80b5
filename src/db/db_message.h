/* accounts_message and chat_message_edit: messages, their edits and
 * deletions, read pointers and unread counts, search. */
#ifndef DB_DB_MESSAGE_H
#define DB_DB_MESSAGE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* A message with its sender; strings in the arena, NULL for SQL NULL. */
struct chat_msg {
	int64_t		 id, chat_id, sender_id, reply_to, deleted_by;
	const char	*type, *text;
	const char	*created_at, *updated_at, *edited_at, *deleted_at;
	const char	*s_handle, *s_first, *s_last, *s_middle, *s_email;
	/* Its attachment (file_id NULL: none; the file may be gone). */
	const char	*file_id, *file_name, *file_mime;
	int64_t		 file_size;
};

/* 1 and *m, 0 no such message, -1. */
int	 db_message_get(struct arena *, int64_t id, struct chat_msg *m);
/* Lock a message's row inside a transaction: 1 and *m, 0, -1. */
int	 db_message_lock(struct arena *, int64_t id, struct chat_msg *m);
/* A page of chat's messages in ascending id order: the newest limit with
 * ids below before (INT64_MAX: the newest of all), or, when after > 0, the
 * oldest limit with ids above after. *n into *m (arena). */
int	 db_message_page(struct arena *, int64_t chat, int64_t before,
	    int64_t after, int64_t limit, struct chat_msg **m, size_t *n);
/* Messages of user's chats (or of chat alone, when not 0) whose text
 * contains q literally, newest first, ids below before: *n into *m. */
int	 db_message_search(struct arena *, int64_t user, int64_t chat,
	    const char *q, int64_t before, int64_t limit, struct chat_msg **m,
	    size_t *n);

/* Inside the transaction that holds the chat's lock: store a message (file:
 * a stored file's id, or NULL) and record it as the chat's last. Every
 * member's row takes the new order; the sender has read up to it (their
 * unread count 0, typing over), everyone else has one more unread. 0 and
 * *id, -1. */
int	 db_message_insert(struct arena *, int64_t chat, int64_t sender,
	    const char *type, const char *text, int64_t reply_to,
	    const char *file, int64_t *id);
/* Whether a message that is not deleted carries the file: 1, 0, -1. */
int	 db_message_file_used(struct arena *, const char *file);
/* Keep the text before an edit and set the new one (edited_at now). */
int	 db_message_edit(struct arena *, const struct chat_msg *, const char *text,
	    int64_t editor);
/* Soft delete (text emptied), and one unread fewer for the members who
 * had not read it. 1 deleted, 0 was already, -1. */
int	 db_message_delete(struct arena *, const struct chat_msg *, int64_t by);

/* Move user's pointer in chat forward to upto (never back) and recount
 * their unread messages after it; inside the transaction that holds the
 * chat's lock. 1 moved, 0 it was there already, -1. */
int	 db_message_read(struct arena *, int64_t chat, int64_t user,
	    int64_t upto);

#endif
