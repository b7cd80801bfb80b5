/* What the lesson pages (page_lessons.c) share with the lesson form
 * (page_lesson_form.c); private to src/app. */
#ifndef APP_PAGE_LESSON_H
#define APP_PAGE_LESSON_H

#include <stdint.h>

struct json_object;
struct lesson;
struct req;

extern const char page_lesson_db_down[];

/* A stored DATETIME as microseconds since the epoch (0 if unreadable). */
int64_t	 page_lesson_us(const char *db);
/* The lesson of the path for the caller: its teacher (owner: only), the
 * students of its group, admins; else a 404 page. -1 after an answer. */
int	 page_lesson_load_or_reply(struct req *, struct lesson *, int owner);
/* 303 to the lesson's page with its done message. */
int	 page_lesson_to(struct req *, int64_t id, const char *done);
/* The caller's groups as options of a select ("groups", "n_groups"), the
 * one of id selected. 0 or -1. */
int	 page_lesson_groups(struct req *, struct json_object *ctx, int64_t id);

#endif
