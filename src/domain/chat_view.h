/* The JSON shapes of chats and messages (API.md i.1 with PHASE2-3 §3.4),
 * built once for the API, the pages and the live events. */
#ifndef DOMAIN_CHAT_VIEW_H
#define DOMAIN_CHAT_VIEW_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct chat;
struct chat_member;
struct chat_msg;
struct json_object;

/* Who looks: their id, and whether they see members' emails (teachers and
 * admins do, students do not). */
struct chat_viewer {
	int64_t		 id;
	int		 show_email;
};

/* Read state a page of messages is shown against. */
struct chat_reads {
	int			 is_group;
	int64_t			 viewer_read;	/* the viewer's pointer */
	int64_t			 peer_read;	/* a private chat's other member */
	const struct chat_member *m;		/* group: every member */
	size_t			 n;
};

/* Chat: id, name, title (the other member's name for a private chat),
 * chat_type, participants [{id, username_handle, first_name, last_name,
 * email (teachers and admins), role, is_moderator, muted_until
 * (moderators)}], created_by, group, last_message {id, text, sender (full
 * name), sender_id, message_type, deleted, created_at} or null,
 * message_count, is_readonly, created_at, updated_at; for a viewer also
 * unread_count, last_read_message_id, is_moderator, muted_until, online and
 * peer_last_seen_at (private chats). v NULL: the neutral form events carry.
 * NULL on overflow. */
struct json_object *chat_view(struct arena *, const struct chat *,
	    const struct chat_viewer *);
/* Message: id, chat, sender {id, username_handle, first_name, last_name,
 * email when show_email}, sender_name, text ("" once deleted), is_read,
 * created_at, updated_at, message_type, file, edited_at, deleted,
 * reply_to, and read_by_count in group chats. Events carry it with reads
 * of no pointers (viewer 0): unread, read by nobody. */
struct json_object *chat_view_message(struct arena *, const struct chat_msg *,
	    int64_t viewer, const struct chat_reads *, int show_email);
/* {"total", "chats": [{"chat_id", "unread_count"}]} of n chats with unread
 * messages. NULL on overflow. */
struct json_object *chat_view_unread(struct arena *, const int64_t *chat,
	    const int64_t *count, size_t n, int64_t total);
/* Whether a presence time (DB format, or NULL) is within ONLINE_SECONDS. */
int	 chat_online(const char *seen);

#endif
