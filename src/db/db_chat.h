/* accounts_chat and accounts_chat_participants: conversations, their
 * members with a read pointer, and who may message whom. */
#ifndef DB_DB_CHAT_H
#define DB_DB_CHAT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;

/* A chat as one member sees it; strings in the arena, NULL for SQL NULL. */
struct chat {
	int64_t		 id;
	const char	*name, *type;		/* type: "private" or "group" */
	int64_t		 created_by, group_id;	/* 0: none */
	int		 is_readonly;
	int64_t		 last_message_id;	/* 0: none */
	int64_t		 message_count;
	const char	*created_at, *updated_at;
	/* The member's own row. */
	int		 is_moderator;
	int64_t		 last_read;		/* 0: nothing read */
	int64_t		 unread;
	const char	*muted_until;		/* NULL, or when (maybe past) */
	int		 muted;			/* muted_until is in the future */
	/* The last message (lm_id 0: none). */
	int64_t		 lm_id, lm_sender;
	const char	*lm_text, *lm_type, *lm_created_at;
	int		 lm_deleted;
	const char	*lm_first, *lm_last, *lm_middle, *lm_email;
	/* The other member of a private chat (peer_id 0: none). */
	int64_t		 peer_id, peer_read;
	const char	*peer_seen;		/* chat_presence, or NULL */
	/* Every member as a JSON array of {id, username_handle, first_name,
	 * last_name, middle_name, email, role, is_moderator,
	 * last_read_message_id, muted_until}, ordered by name. */
	const char	*members;
};

/* A member's row, for fan-out, receipts and moderation. */
struct chat_member {
	int64_t		 user;
	int		 is_moderator;
	int64_t		 last_read;		/* 0: nothing read */
	int64_t		 unread;		/* in this chat */
	int64_t		 total;			/* in all their chats */
};

/* Which chats a list shows. */
enum chat_filter { CHAT_ALL, CHAT_UNREAD, CHAT_GROUPS };

/* The chat as member user sees it: 1 and *c, 0 when there is no such chat
 * or user is not a member, -1 on error. */
int	 db_chat_get(struct arena *, int64_t chat, int64_t user, struct chat *c);
/* Whether a chat exists: 1, 0, -1. */
int	 db_chat_exists(struct arena *, int64_t chat);
/* A page of user's chats, most recent activity first by (last message id,
 * chat id) (core/cursor.h: key of two integers), into *c (arena), *n. */
int	 db_chat_page(struct arena *, int64_t user, enum chat_filter,
	    const struct keyset *ks, struct chat **c, size_t *n);
/* The first limit of them. */
int	 db_chat_list(struct arena *, int64_t user, enum chat_filter,
	    int64_t limit, struct chat **c, size_t *n);
/* How many chats the list holds (an index range of the caller's rows). */
int	 db_chat_count(struct arena *, int64_t user, enum chat_filter,
	    int64_t *total);
/* The chats of user with unread messages: *n pairs into chat[], count[]
 * (arena), and their sum in *total. */
int	 db_chat_unread(struct arena *, int64_t user, int64_t **chat,
	    int64_t **count, size_t *n, int64_t *total);
/* The sum alone (the nav bar). */
int	 db_chat_unread_total(struct arena *, int64_t user, int64_t *total);

/* The members of a chat with their pointers, unread counts and unread
 * totals: *n into *m (arena). */
int	 db_chat_members(struct arena *, int64_t chat, struct chat_member **m,
	    size_t *n);
/* One member's row: 1 and *m, 0 not a member, -1. */
int	 db_chat_member(struct arena *, int64_t chat, int64_t user,
	    struct chat_member *m, int *muted);

/* Inside a transaction: lock the chat's row (serialising writes to the
 * chat). 1 and *readonly, *type_group, *last_message_id; 0 no such chat. */
int	 db_chat_lock(struct arena *, int64_t chat, int *readonly,
	    int *is_group, int64_t *last_message_id);

/* The private chat of key "<low>:<high>": 1 and *id, 0, -1. */
int	 db_chat_private_find(struct arena *, const char *key, int64_t *id);
/* A new chat; key NULL for a group chat, group 0 for none. 0 and *id, -1
 * (DB_ERR_DUP: a private chat of that key exists). */
int	 db_chat_insert(struct arena *, const char *type, const char *name,
	    int64_t created_by, int64_t group, const char *key, int64_t *id);
/* Add user to chat (already there: nothing), pointer at the chat's last
 * message: 1 added, 0 was there, -1. */
int	 db_chat_member_add(struct arena *, int64_t chat, int64_t user,
	    int moderator);
/* 1 removed, 0 was not a member, -1. */
int	 db_chat_member_remove(struct arena *, int64_t chat, int64_t user);
int	 db_chat_update(struct arena *, int64_t chat, const char *name,
	    int readonly);
int	 db_chat_delete(struct arena *, int64_t chat);
/* Mute user for minutes (0: unmute). 1 changed, 0 not a member, -1. */
int	 db_chat_mute(struct arena *, int64_t chat, int64_t user,
	    int64_t minutes);

/* Typing, rate-limited per member: 1 when an event should go out (a start
 * at most every gap seconds; a stop only after a published start), 0 to
 * drop it, -1. */
int	 db_chat_typing(struct arena *, int64_t chat, int64_t user, int start,
	    long gap);

/* Group chats follow their group. The chats linked to group: *n ids. */
int	 db_chat_of_group(struct arena *, int64_t group, int64_t **ids,
	    size_t *n);
/* Of chat (linked to a group): the group's students who are not members
 * (*add), and the members who are neither its teacher nor a student
 * (*drop). */
int	 db_chat_group_diff(struct arena *, int64_t chat, int64_t **add,
	    size_t *nadd, int64_t **drop, size_t *ndrop);

/* Who may message whom (PHASE2-3 §3.4): 1 when me (role) may start a
 * private chat with or add target, 0 when not (or no such active user),
 * -1. student_dm: students who share a group may. */
int	 db_chat_reachable(struct arena *, int64_t me, const char *role,
	    int student_dm, int64_t target);
/* The users me may message whose name (or handle, or for teachers and
 * admins the email) contains q ("" matches all), by name: at most limit
 * into *ids (arena), *n. q is matched literally (LIKE wildcards escaped). */
struct user;
int	 db_chat_reach_search(struct arena *, int64_t me, const char *role,
	    int student_dm, const char *q, int64_t limit, struct user **u,
	    const char ***handle, size_t *n);

/* A user with their chat handle: 1 and *u, *handle; 0; -1. */
int	 db_chat_user(struct arena *, int64_t id, struct user *u,
	    const char **handle);

#endif
