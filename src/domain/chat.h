/* Chat (PHASE2-3 §3.4): who may message whom, private and group chats,
 * group chats that follow their group, moderation, messages with their
 * read pointers, edit and delete windows, typing; every change publishes
 * its events to the members' channels once it has committed. Used by the
 * API and the pages alike. Knows no HTTP. */
#ifndef DOMAIN_CHAT_H
#define DOMAIN_CHAT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/account.h"	/* struct field_err */

struct arena;
struct config;
struct chat;
struct chat_msg;

#define CHAT_TEXT_MAX		4000	/* characters of a message */
#define CHAT_NAME_MAX		255	/* characters of a chat's name */
#define CHAT_IDS_MAX		1000	/* members named in one request */
#define CHAT_MUTE_MAX		(60 * 24 * 365)	/* minutes */
#define CHAT_TYPING_GAP		3	/* seconds between typing events */
#define CHAT_TYPING_TTL_MS	15000	/* receivers drop a typing after */

/* What a chat operation came to. */
enum chat_rc {
	CHAT_OK,
	CHAT_CREATED,		/* a new object (201) */
	CHAT_INVALID,		/* 400: err says which field (NULL: detail) */
	CHAT_FORBIDDEN,		/* 403: err->msg */
	CHAT_NOT_FOUND,		/* 404 */
	CHAT_NOT_ALLOWED,	/* 405: not for this kind of chat */
	CHAT_DB,		/* the database failed: db_last_error() */
};

/* The caller. */
struct chat_who {
	int64_t		 id;
	const char	*role;		/* "student", "teacher" or "admin" */
	const char	*name;		/* full name, for typing events */
};

/* Worker start: the windows and rules of the configuration, the
 * publisher. 0 or -1. */
int	 chat_init(const struct config *);

/* A private chat between who and target, made when there is none yet:
 * CHAT_OK (it existed) or CHAT_CREATED and *chat; CHAT_INVALID (oneself),
 * CHAT_NOT_FOUND (no such active user), CHAT_FORBIDDEN (not someone who may
 * message target), CHAT_DB. */
enum chat_rc chat_open_private(struct arena *, const struct chat_who *,
	    int64_t target, int64_t *chat, struct field_err *);
/* A group chat, by a teacher: of group (theirs; its members follow it,
 * name defaults to "Группа <group>"), or of the members ids (each one the
 * teacher may message). CHAT_CREATED and *chat, CHAT_FORBIDDEN (not a
 * teacher), CHAT_INVALID, CHAT_DB. */
enum chat_rc chat_create_group(struct arena *, const struct chat_who *,
	    const char *name, int64_t group, const int64_t *ids, size_t n,
	    int64_t *chat, struct field_err *);
/* Rename (name NULL: keep) or make read-only (readonly -1: keep), by a
 * moderator of a group chat. */
enum chat_rc chat_update(struct arena *, const struct chat_who *,
	    const struct chat *, const char *name, int readonly,
	    struct field_err *);
/* Delete a group chat, by its creator (CHAT_NOT_ALLOWED for a private
 * chat). */
enum chat_rc chat_delete(struct arena *, const struct chat_who *,
	    const struct chat *, struct field_err *);
/* Members of a group chat without a group, by a moderator. */
enum chat_rc chat_add_members(struct arena *, const struct chat_who *,
	    const struct chat *, const int64_t *ids, size_t n,
	    struct field_err *);
enum chat_rc chat_remove_member(struct arena *, const struct chat_who *,
	    const struct chat *, int64_t target, struct field_err *);
/* Leave a group chat without a group (its creator deletes it instead). */
enum chat_rc chat_leave(struct arena *, const struct chat_who *,
	    const struct chat *, struct field_err *);
/* Mute target for minutes (0: unmute), by a moderator: CHAT_OK and
 * *until (NULL when unmuted). */
enum chat_rc chat_mute(struct arena *, const struct chat_who *,
	    const struct chat *, int64_t target, int64_t minutes,
	    const char **until, struct field_err *);
/* Typing started or stopped: published to the other members at most once
 * per CHAT_TYPING_GAP seconds (a stop only after a published start);
 * dropped silently otherwise, and for a member who may not post. */
enum chat_rc chat_typing(struct arena *, const struct chat_who *,
	    const struct chat *, int start);
/* After group's students changed (committed): its chats take the new
 * members (read pointer at the end) and drop the old, who are told. Logs
 * and returns -1 when the database failed. */
int	 chat_group_follow(struct arena *, int64_t group);

/* Send a message to chat, with the caller's uploaded file (its id; NULL:
 * none, and then the text is required): CHAT_CREATED, the message in *out
 * and whether the chat is a group chat in *is_group; CHAT_INVALID (no text
 * and no file, too long, reply_to not of this chat, a file not uploaded by
 * the caller for this chat), CHAT_FORBIDDEN (not a member, muted, a
 * read-only chat and not a moderator), CHAT_DB. */
struct chat_msg;
enum chat_rc chat_send(struct arena *, const struct chat_who *, int64_t chat,
	    const char *text, int64_t reply_to, const char *file,
	    struct chat_msg *out, int *is_group, struct field_err *);
/* Whether user may upload to chat now (a member who may post): CHAT_OK,
 * CHAT_FORBIDDEN with err, CHAT_DB. */
enum chat_rc chat_may_post(struct arena *, int64_t chat, int64_t user,
	    struct field_err *);
/* For stored files (src/domain/file.c): whether user is a member of chat
 * (1, 0, -1), and whether a message still carries f (1, 0, -1). */
struct stored_file;
int	 chat_is_member(struct arena *, int64_t chat, int64_t user);
int	 chat_file_referenced(struct arena *, const struct stored_file *);
/* Edit one's own message within the edit window. */
enum chat_rc chat_edit(struct arena *, const struct chat_who *,
	    const struct chat *, const struct chat_msg *, const char *text,
	    struct field_err *);
/* Delete a message: its sender within the window, a moderator any time. */
enum chat_rc chat_delete_message(struct arena *, const struct chat_who *,
	    const struct chat *, const struct chat_msg *, struct field_err *);
/* Move who's read pointer in chat to upto (0: the last message), never
 * back: CHAT_OK and *pointer; CHAT_FORBIDDEN not a member. */
enum chat_rc chat_read(struct arena *, const struct chat_who *, int64_t chat,
	    int64_t upto, int64_t *pointer);
/* Demo data (chat_demo.c): the group's chat and a private chat of teacher
 * and student, with messages. 0 or -1. */
int	 chat_demo(struct arena *, int64_t teacher, int64_t student,
	    int64_t group);
/* Whether who may still edit (or, as the sender, delete) m now. */
int	 chat_may_edit(const struct chat_who *, const struct chat_msg *);
int	 chat_may_delete(const struct chat_who *, const struct chat *,
	    const struct chat_msg *);

#endif
