/* analytics_zoom_join (the tracked join button's clicks) and
 * analytics_zoom_presence (participant sessions from Zoom's webhook). */
#ifndef DB_DB_PRESENCE_H
#define DB_DB_PRESENCE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* Record a click: a new row, or the last click and the count bumped (the
 * name as now). 0 or -1. */
int	 db_pr_click(struct arena *, int64_t lesson_id, int64_t student_id,
	    const char *display_name);

/* A click row: who clicked and the name their link gave Zoom. */
struct pr_click {
	int64_t		 student_id;
	const char	*display_name;
};
/* Every click row of the lesson. */
int	 db_pr_clicks(struct arena *, int64_t lesson_id, struct pr_click **,
	    size_t *n);

/* A session begins: 1 stored, 0 stored already (redelivered), -1. A
 * placeholder an early leave left (joined_at = left_at, no later than
 * joined) takes this join time instead. student_id 0: nobody matched. */
int	 db_pr_joined(struct arena *, int64_t lesson_id, int64_t student_id,
	    const char *key, const char *user_name, const char *email,
	    const char *joined_at);
/* The open session of key that began at or before left_at ends: 1 ended,
 * 0 none was open, -1. */
int	 db_pr_left(struct arena *, int64_t lesson_id, const char *key,
	    const char *left_at);
/* Whether a session of key already ended at left_at (a redelivered leave):
 * 1, 0, -1. */
int	 db_pr_has_left(struct arena *, int64_t lesson_id, const char *key,
	    const char *left_at);
/* A leave whose join never came: a zero-length session at left_at. */
int	 db_pr_left_only(struct arena *, int64_t lesson_id, int64_t student_id,
	    const char *key, const char *user_name, const char *email,
	    const char *left_at);

#endif
