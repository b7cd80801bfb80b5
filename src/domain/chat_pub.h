/* The chat's events (PHASE2-3 §3.5), published after a change committed:
 * internal to src/domain/chat*.c. Each is best effort and never fails the
 * change. */
#ifndef DOMAIN_CHAT_PUB_H
#define DOMAIN_CHAT_PUB_H

#include <stddef.h>
#include <stdint.h>

#include "domain/chat.h"	/* enum chat_rc, struct field_err */

struct arena;
struct chat_member;
struct json_object;

/* The members of chat, read now: *n into *m, or 0 of them after a
 * database error (logged: the events are skipped). */
void	 chat_pub_members(struct arena *, int64_t chat, struct chat_member **m,
	    size_t *n);
/* type with data to every member of m[] but except (0: none). */
void	 chat_pub_all(struct arena *, const struct chat_member *m, size_t n,
	    int64_t except, const char *type, struct json_object *data);
/* "unread" {total, chat_id, unread_count} to member m. */
void	 chat_pub_unread(struct arena *, int64_t chat,
	    const struct chat_member *m);
/* "unread" to user, reading their counts now (they may have left chat). */
void	 chat_pub_unread_of(struct arena *, int64_t chat, int64_t user);
/* "chat.updated" {chat} as user sees it, to user. */
void	 chat_pub_chat_to(struct arena *, int64_t chat, int64_t user);
/* "chat.updated" {chat} in its neutral form to every member of m[]. */
void	 chat_pub_chat_all(struct arena *, int64_t chat,
	    const struct chat_member *m, size_t n);
/* "chat.removed" {chat_id} to user, then their unread counts. */
void	 chat_pub_removed(struct arena *, int64_t chat, int64_t user);

/* Set err and return rc: the chat rules' way of saying no. */
enum chat_rc chat_fail(struct field_err *, enum chat_rc, const char *field,
	    const char *msg);
/* Seconds a message may be edited (edit) or deleted by its sender after
 * it was sent: 0 any time, -1 never (chat_edit_window, chat_delete_window). */
long	 chat_window(int edit);

#endif
