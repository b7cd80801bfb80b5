/* notification: what a user is told in the app (lesson reminders). */
#ifndef DB_DB_NOTIFICATION_H
#define DB_DB_NOTIFICATION_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;

/* Strings in the arena; times as UTC DATETIME(6) text. */
struct notification {
	int64_t		 id, user_id;
	int64_t		 lesson_id;		/* 0: none */
	const char	*kind, *title, *text;
	const char	*created_at, *read_at;	/* read_at NULL: unread */
};

/* A new notification: 1 and *id, 0 when the user has one of that kind for
 * that lesson already (lesson_id 0: none), -1 error. */
int	 db_notification_insert(struct arena *, int64_t user_id,
	    const char *kind, int64_t lesson_id, const char *title,
	    const char *text, int64_t *id);
/* A window of the user's notifications, newest first (by id; see
 * core/cursor.h): at most ks->limit rows in that order into *out. */
int	 db_notification_page(struct arena *, int64_t user_id,
	    const struct keyset *ks, struct notification **out, size_t *n);
/* How many the user has, and how many of them are unread (tallies). */
int	 db_notification_count(struct arena *, int64_t user_id, int64_t *total,
	    int64_t *unread);
/* The user's notification id: 1 and *out, 0 if none of theirs, -1. */
int	 db_notification_get(struct arena *, int64_t user_id, int64_t id,
	    struct notification *out);
/* Mark it read (the first time only): 1, 0 if none of theirs, -1. */
int	 db_notification_read(struct arena *, int64_t user_id, int64_t id);
/* Mark every unread one read: 0 and *n marked, -1. */
int	 db_notification_read_all(struct arena *, int64_t user_id, int64_t *n);
/* How many are unread: 0 and *n, -1. */
int	 db_notification_unread(struct arena *, int64_t user_id, int64_t *n);
/* Its email copy was accepted by the relay. */
int	 db_notification_emailed(struct arena *, int64_t id);

#endif
