/* schedule_lesson, schedule_attendance and schedule_lessonrecording. */
#ifndef DB_DB_LESSON_H
#define DB_DB_LESSON_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;

/* A lesson row with its group's name and its teacher's names; strings in
 * the arena, times as UTC DATETIME(6) text. */
struct lesson {
	int64_t		 id, group_id, teacher_id;
	const char	*title, *group_name;
	const char	*teacher_email, *teacher_first, *teacher_last,
			*teacher_middle;
	const char	*start_time, *end_time;
	int64_t		 duration_minutes;	/* truncated */
	const char	*topics, *location, *notes;
	const char	*zoom_meeting_id, *zoom_join_url, *zoom_password;
	int		 record_lesson;
	int64_t		 recording_days;
	const char	*meeting_started_at, *meeting_ended_at, *cancelled_at;
	const char	*created_at, *updated_at;
};

/* The writable fields of a lesson, validated by the caller. */
struct lesson_row {
	const char	*title;
	int64_t		 group_id, teacher_id;
	const char	*start_time, *end_time;	/* DATETIME(6) text */
	const char	*topics, *location, *notes;
	int		 record_lesson;
	int64_t		 recording_days;
};

/* Whose lessons a list shows. */
enum lesson_scope { LSCOPE_ALL, LSCOPE_TEACHER, LSCOPE_MEMBER };

/* List filters; 0 / NULL: none. start_time in [start_lo, start_hi),
 * end_time <= end_hi. */
struct lesson_filter {
	int64_t		 group_id, teacher_id;
	const char	*start_lo, *start_hi, *end_hi;
};

int	 db_lesson_insert(struct arena *, const struct lesson_row *, int64_t *id);
/* 1 and *l, 0 if no such lesson, -1 error. */
int	 db_lesson_get(struct arena *, int64_t id, struct lesson *l);
/* A window of the list ordered by (start_time, id) (core/cursor.h): at
 * most ks->limit rows, in that order, into l[] (arena). A student's list
 * is read group by group and merged, except with an offset (?page=N),
 * which sorts the ids of all their groups' lessons. */
int	 db_lesson_page(struct arena *, enum lesson_scope, int64_t user_id,
	    const struct lesson_filter *, const struct keyset *ks,
	    struct lesson **l, size_t *n);
/* The number of lessons in the list. */
int	 db_lesson_count(struct arena *, enum lesson_scope, int64_t user_id,
	    const struct lesson_filter *, int64_t *total);
int	 db_lesson_update(struct arena *, int64_t id, const struct lesson_row *);
int	 db_lesson_delete(struct arena *, int64_t id);
int	 db_lesson_cancel(struct arena *, int64_t id);
/* Another live (not cancelled) lesson of the teacher / the group than
 * except_id overlapping [start, end): 1 and *other, 0 none, -1 error. */
int	 db_lesson_teacher_overlap(struct arena *, int64_t teacher_id,
	    const char *start, const char *end, int64_t except_id, int64_t *other);
int	 db_lesson_group_overlap(struct arena *, int64_t group_id,
	    const char *start, const char *end, int64_t except_id, int64_t *other);
/* Lock the teacher's row until the transaction ends, so that overlap
 * checks and the write that follows them are one step. */
int	 db_lesson_lock_teacher(struct arena *, int64_t teacher_id);

/* An attendance record with its lesson's title and teacher and the
 * student's names. */
struct attendance {
	int64_t		 id, lesson_id, student_id, teacher_id, group_id;
	const char	*lesson_title;
	const char	*student_email, *student_first, *student_last,
			*student_middle;
	const char	*status, *notes, *marked_at;
	const char	*lesson_start;		/* its lesson's start_time */
};

enum att_scope { ASCOPE_ALL, ASCOPE_TEACHER, ASCOPE_STUDENT };

struct att_filter {
	int64_t		 lesson_id, student_id;	/* 0: any */
	const char	*status;		/* NULL: any */
};

/* A lesson's mark as its writers read it. */
struct att_have {
	int64_t		 id, student_id;
	const char	*status;
};

/* src/db/db_attendance.c. The writers of a lesson's marks, in one
 * transaction: lock the lesson's row (1, 0 no such lesson, -1), then read
 * its marks by student (plain read, their own index range), then change
 * each by id (1, 0 gone, -1; marked_at = now, notes NULL keeps the note),
 * insert the missing ones, delete by id. */
int	 db_attendance_lock_lesson(struct arena *, int64_t lesson_id);
int	 db_attendance_marks(struct arena *, int64_t lesson_id,
	    struct att_have **, size_t *n);
int	 db_attendance_set(struct arena *, int64_t id, const char *status,
	    const char *notes);
/* The lesson of record id, the record locked: 1, 0 (none), -1. */
int	 db_attendance_lesson_of(struct arena *, int64_t id, int64_t *lesson_id);
/* A new record: 0 and *id, -1 (DB_ERR_DUP for an existing pair). */
int	 db_attendance_insert(struct arena *, int64_t lesson_id,
	    int64_t student_id, const char *status, const char *notes, int64_t *id);
/* Same errors as insert. */
int	 db_attendance_update(struct arena *, int64_t id, int64_t lesson_id,
	    int64_t student_id, const char *status, const char *notes);
int	 db_attendance_delete(struct arena *, int64_t id);
int	 db_attendance_get(struct arena *, int64_t id, struct attendance *);
/* One lesson's records (student_id 0: all of them), by student name. */
int	 db_attendance_of_lesson(struct arena *, int64_t lesson_id,
	    int64_t student_id, struct attendance **, size_t *n);
/* A window of the list ordered by (lesson start, lesson id, id): at most
 * ks->limit records in that order. */
int	 db_attendance_page(struct arena *, enum att_scope, int64_t user_id,
	    const struct att_filter *, const struct keyset *ks,
	    struct attendance **, size_t *n);
/* The number of records in the list, from the tallies (one lesson's:
 * counted). */
int	 db_attendance_count(struct arena *, enum att_scope, int64_t user_id,
	    const struct att_filter *, int64_t *total);

struct recording {
	int64_t		 id;
	const char	*url, *created_at;
};

/* A lesson's recordings, oldest first. */
int	 db_recording_of_lesson(struct arena *, int64_t lesson_id,
	    struct recording **, size_t *n);
/* 1 and *out, 0 none, -1 error. */
int	 db_recording_get(struct arena *, int64_t id, struct recording *out);

/* A recording to store; NULL / -1: unknown. */
struct recording_row {
	int64_t		 lesson_id;
	const char	*zoom_id;		/* Zoom's file id; NULL: added by hand */
	const char	*play_url, *download_url, *status;
	int64_t		 file_size, duration;	/* bytes, seconds */
	const char	*recording_start, *recording_end;	/* DATETIME(6) */
};
/* Store w: 1 and *id when stored, 0 when its Zoom file is stored already,
 * -1 error. */
int	 db_recording_insert(struct arena *, const struct recording_row *w,
	    int64_t *id);

/* Lessons now and today (UTC), cancelled ones left out, for the jobs'
 * metrics: in progress (started, not ended), starting today, and of those
 * with a Zoom meeting. One query. */
struct lesson_stats {
	int64_t		 active_now, active_with_zoom;
	int64_t		 today_total, today_with_zoom;
};
int	 db_lesson_stats(struct arena *, struct lesson_stats *);

/* The newest lesson with that zoom_meeting_id (compared as text): 1 and
 * *id, 0 none, -1 error. */
int	 db_lesson_by_meeting(struct arena *, const char *meeting_id, int64_t *id);
/* The meeting started at `at` (DATETIME(6)): 1 if the lesson became live,
 * 0 if it was live already or ended after at; -1 error. */
int	 db_lesson_meeting_started(struct arena *, int64_t id, const char *at);
/* The meeting ended at `at`: 1 if recorded now, 0 if it had ended or was
 * (re)started after at; -1. */
int	 db_lesson_meeting_ended(struct arena *, int64_t id, const char *at);

#endif
