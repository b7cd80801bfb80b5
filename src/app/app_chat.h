/* Chat and live delivery: the handlers of the API (api_chat.c,
 * api_messages.c, api_realtime.c) and the pages (page_chat.c), and what
 * they share. */
#ifndef APP_APP_CHAT_H
#define APP_APP_CHAT_H

#include <stdint.h>

#include "domain/chat.h"

struct chat;
struct field_err;
struct req;

/* The caller as the chat rules take them. */
struct chat_who chat_caller(const struct req *);
/* The answer for a chat rule's result other than CHAT_OK/CHAT_CREATED:
 * a field error or {"detail"} 400, 403, 404, 405, or the database's
 * 503/500. Returns 0. */
int	 api_chat_fail(struct req *, enum chat_rc, const struct field_err *);
/* The chat of the path's {id} for its member (404 for anyone else). -1
 * after an answer. */
int	 api_chat_load_or_reply(struct req *, struct chat *);

struct stored_file;
struct upload;
/* An attachment: read the upload (the multipart `file`, and `chat_id` when
 * chat is 0) and store it as the caller's for a chat they may post in: 0
 * and *f, or -1 after the answer (400, 403, 413-like 400s, 503). Its
 * answer, {"file_id","file_url","file_name","file_size","mime_type"}
 * (api_messages.c). */
int	 chat_upload_or_reply(struct req *, int64_t chat, struct upload *,
	    struct stored_file *);
struct json_object *chat_upload_view(struct req *, const struct stored_file *);

/* Conversations (api_chat.c). */
int	 api_chats_list(struct req *);
int	 api_chats_unread(struct req *);
int	 api_chats_create_private(struct req *);
int	 api_chats_create_group(struct req *);
int	 api_chat_get(struct req *);
int	 api_chat_update(struct req *);
int	 api_chat_delete(struct req *);
int	 api_chat_add_participants(struct req *);
int	 api_chat_remove_participant(struct req *);
int	 api_chat_leave(struct req *);
int	 api_chat_mute_member(struct req *);
int	 api_chat_typing(struct req *);
int	 api_users_search(struct req *);
int	 api_users_search_one(struct req *);

/* Messages (api_messages.c). */
int	 api_messages_list(struct req *);
int	 api_messages_send(struct req *);
int	 api_messages_search(struct req *);
int	 api_messages_mark_chat_read(struct req *);
int	 api_message_get(struct req *);
int	 api_message_update(struct req *);
int	 api_message_delete(struct req *);
int	 api_message_mark_read(struct req *);
int	 api_chat_upload(struct req *);

/* The live stream (api_realtime.c). */
int	 api_realtime_ticket(struct req *);
int	 api_realtime_connect(struct req *);

/* Pages (page_chat.c). */
int	 page_chat_list(struct req *);
int	 page_chat_new(struct req *);
int	 page_chat_new_post(struct req *);
int	 page_chat_thread(struct req *);
int	 page_chat_send(struct req *);
int	 page_chat_file(struct req *);
int	 page_chat_since(struct req *);
int	 page_chat_read(struct req *);
int	 page_chat_typing(struct req *);
int	 page_chat_unread(struct req *);
int	 page_chat_settings(struct req *);
int	 page_chat_mute(struct req *);
int	 page_chat_leave(struct req *);
int	 page_chat_message_edit(struct req *);
int	 page_chat_message_edit_post(struct req *);
int	 page_chat_message_delete(struct req *);

#endif
