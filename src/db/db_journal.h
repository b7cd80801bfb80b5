/* What the attendance journal reads of a group's lessons: the lessons,
 * their attendance marks and who was in their Zoom meetings. One query
 * each, over the (group_id, start_time) index of the lessons. */
#ifndef DB_DB_JOURNAL_H
#define DB_DB_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* A lesson as the journal shows it; times as UTC DATETIME(6) text. */
struct jr_lesson {
	int64_t		 id;
	const char	*title, *start_time, *end_time;
	const char	*cancelled_at, *meeting_started_at, *meeting_ended_at;
};

/* One mark: a schedule_attendance row. */
struct jr_mark {
	int64_t		 lesson_id, student_id;
	const char	*status, *marked_at;
};

/* One participant session of a lesson's meeting, matched to a student. */
struct jr_presence {
	int64_t		 lesson_id, student_id;
	const char	*joined_at, *left_at;		/* left_at NULL: open */
};

/* The group's lessons starting in [from, to) (DATETIME(6) text), by start
 * then id. */
int	 db_jr_lessons(struct arena *, int64_t group_id, const char *from,
	    const char *to, struct jr_lesson **, size_t *n);
/* The marks of those lessons (any student). */
int	 db_jr_marks(struct arena *, int64_t group_id, const char *from,
	    const char *to, struct jr_mark **, size_t *n);
/* The matched participant sessions of those lessons, by lesson, student
 * and join time. */
int	 db_jr_presence(struct arena *, int64_t group_id, const char *from,
	    const char *to, struct jr_presence **, size_t *n);

#endif
