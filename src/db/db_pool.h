/* The Zoom pool's tables: zoom_pool_zoomaccount, zoom_pool_session (the
 * leases), zoom_pool_daily_usage, schedule_start_attempt; and the lesson
 * columns a start writes. */
#ifndef DB_DB_POOL_H
#define DB_DB_POOL_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;

/* Begin a pool transaction at READ COMMITTED: the lease and account rows
 * it writes are locked, no gaps, so starts of different lessons do not
 * deadlock on the leases' unique key. */
int	 db_pool_read_committed(void);
#define db_pool_begin()	(db_pool_read_committed() == -1 ? -1 : db_begin())

/* A pool account; strings in the arena, times as DATETIME(6) text. */
struct zoom_account {
	int64_t		 id;
	const char	*email, *zoom_account_id, *zoom_client_id;
	const char	*secret_enc;		/* sealed; "" when none */
	const char	*zoom_user_id;
	int64_t		 max_concurrent_meetings, current_meetings;
	int		 is_active, needs_s2s;
	const char	*last_used_at, *created_at, *updated_at;
	int64_t		 used_today;		/* creates/updates today (UTC) */
};

/* A window of the accounts by email (core/cursor.h): at most ks->limit in
 * that order. */
int	 db_pool_account_page(struct arena *, const struct keyset *ks,
	    struct zoom_account **, size_t *n);
/* How many accounts there are (a tally). */
int	 db_pool_account_count(struct arena *, int64_t *total);
/* 1 and *acc, 0 none, -1. */
int	 db_pool_account_get(struct arena *, int64_t id, struct zoom_account *);
/* Insert or update the writable fields (id 0: insert, *id set). -1 with
 * DB_ERR_DUP for a taken email. */
int	 db_pool_account_save(struct arena *, const struct zoom_account *,
	    int64_t *id);
int	 db_pool_account_delete(struct arena *, int64_t id);
/* Flip is_active (an account that needs S2S credentials stays off): 1
 * changed, 0 not, -1. */
int	 db_pool_account_toggle(struct arena *, int64_t id);

struct pool_stats {
	int64_t		 total, active, available, in_use, sessions;
	int64_t		 peak_in_use, peak_sessions;	/* this month (UTC) */
	int64_t		 capacity;		/* sum of maxima, active */
};
int	 db_pool_stats(struct arena *, int64_t daily_cap, struct pool_stats *);

/* A lease (zoom_pool_session row). */
struct lease {
	int64_t		 id, lesson_id, account_id;	/* account 0: deleted */
	const char	*meeting_id;			/* NULL: none yet */
	int64_t		 age;				/* seconds held */
};

/* The lesson's columns a start needs, read with its row locked (FOR
 * UPDATE) until the transaction ends: 1, 0 (no such lesson), -1. */
struct lesson_lock {
	int64_t		 teacher_id, account_id;
	const char	*meeting_id, *start_time, *end_time, *cancelled_at;
	int		 ever_leased;	/* a lease ever existed */
};
int	 db_pool_lesson_lock(struct arena *, int64_t lesson_id,
	    struct lesson_lock *);
/* The lesson's open lease: 1 and *l, 0 none, -1. */
int	 db_pool_open_lease(struct arena *, int64_t lesson_id, struct lease *);
/* Whether a lease of the lesson ever existed: 1, 0, -1. */
int	 db_pool_ever_leased(struct arena *, int64_t lesson_id);
/* Up to max ids of accounts that may take a lease now (active, S2S, below
 * their maximum and under cap creates today), best first: the one the
 * teacher used last, then fewest meetings, then least recently used. */
int	 db_pool_candidates(struct arena *, int64_t teacher_id, int64_t cap,
	    int64_t *ids, size_t max, size_t *n);
/* Take a slot of account if it is still free: 1, 0 (taken meanwhile), -1. */
int	 db_pool_take(struct arena *, int64_t account_id, int64_t cap);
int	 db_pool_lease_insert(struct arena *, int64_t lesson_id,
	    int64_t account_id, int64_t teacher_id, int64_t *lease_id);
/* Record the meeting on a lease still open: 1, 0 (released), -1. */
int	 db_pool_lease_set_meeting(struct arena *, int64_t lease_id,
	    const char *meeting_id);
/* Close an open lease and give its slot back, exactly once: 1 closed
 * here, 0 already closed, -1. Run inside a transaction. */
int	 db_pool_lease_close(struct arena *, const struct lease *,
	    const char *reason);
/* Open leases of an account, or of lessons that ended grace seconds ago
 * or no longer exist: lesson ids into *ids (arena). */
int	 db_pool_account_leases(struct arena *, int64_t account_id,
	    int64_t **ids, size_t *n);
int	 db_pool_finished_leases(struct arena *, int64_t grace, int64_t **ids,
	    size_t *n);
/* Count a meeting create/update of account today (UTC); mark it capped
 * (a daily-limit answer from Zoom). */
int	 db_pool_daily_add(struct arena *, int64_t account_id);
int	 db_pool_daily_cap(struct arena *, int64_t account_id, int64_t cap);

/* The new meeting on the lesson (clears the started/ended marks). */
int	 db_pool_lesson_set_meeting(struct arena *, int64_t lesson_id,
	    int64_t account_id, const char *meeting_id, const char *join_url,
	    const char *password);
/* meeting_ended_at = now if it was live. */
int	 db_pool_lesson_mark_ended(struct arena *, int64_t lesson_id);

/* Start attempts of teacher of kind within window seconds, then record
 * this one, with the teacher's row locked so every worker counts alike:
 * 0 and *count (before this one), *retry_after; -1. */
int	 db_pool_attempt(struct arena *, int64_t teacher_id, const char *kind,
	    int64_t window, int64_t *count, int64_t *retry_after);
/* Delete attempts older than a day: the count. */
int	 db_pool_attempt_cleanup(struct arena *, int64_t *deleted);

/* The teacher's own Zoom app (accounts_customuser.zoom_*). */
struct teacher_zoom {
	int64_t		 id;
	const char	*email, *first_name, *last_name, *middle_name, *phone;
	const char	*account_id, *client_id, *secret, *user_id;
	const char	*created_at, *last_login;
	int		 is_approved;
};
/* Teachers by last then first name. */
int	 db_pool_teachers(struct arena *, struct teacher_zoom **, size_t *n);
/* 1 and *t if id is a teacher, 0, -1. */
int	 db_pool_teacher_get(struct arena *, int64_t id, struct teacher_zoom *);
int	 db_pool_teacher_set_zoom(struct arena *, int64_t id,
	    const char *account_id, const char *client_id, const char *secret,
	    const char *user_id);

/* In a transaction: lock the teacher's row and count their open leases:
 * 0 and *n, or -1. */
int	 db_pool_teacher_open_leases(struct arena *, int64_t teacher,
	    int64_t *n);

#endif
