/* What the attendance journal reads of a group's lessons: the lessons,
 * their attendance marks and who was in their Zoom meetings. One query
 * each, over the (group_id, start_time) index of the lessons. */
#ifndef DB_DB_JOURNAL_H
#define DB_DB_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

struct arena;

/* A lesson as the journal shows it; times in microseconds since the
 * epoch (UTC), 0 for none. */
struct jr_lesson {
	int64_t		 id;
	const char	*title;
	int64_t		 start_us, end_us, meeting_start_us, meeting_end_us;
	int		 cancelled;
};

/* One mark: a schedule_attendance row. */
struct jr_mark {
	int64_t		 lesson_id, student_id;
	const char	*status;
	int64_t		 marked_us;
};

/* One participant session of a lesson's meeting, matched to a student. */
struct jr_presence {
	int64_t		 lesson_id, student_id;
	int64_t		 joined_us, left_us;		/* left_us 0: open */
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
