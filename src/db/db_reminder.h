/* Lesson reminders: the lessons due, the claim that makes each reminder
 * go out once, the people to remind (schedule_lesson, its group, users). */
#ifndef DB_DB_REMINDER_H
#define DB_DB_REMINDER_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct reminder_lesson {
	int64_t		 id, teacher_id;
	const char	*title, *group_name;
	const char	*start_time;		/* UTC DATETIME(6) */
};

struct reminder_person {
	int64_t		 id;
	const char	*email, *first_name;
};

/* Lessons not cancelled nor reminded yet that start within the next
 * minutes (by the database's clock), soonest first, at most limit. */
int	 db_reminder_due(struct arena *, int64_t minutes, int64_t limit,
	    struct reminder_lesson **out, size_t *n);
/* Take the lesson's reminder: 1 if this caller took it (reminder_sent_at
 * set now), 0 if it was taken, cancelled or has started; -1 error. Run it
 * in the transaction that writes the notifications. */
int	 db_reminder_claim(struct arena *, int64_t lesson_id);
/* The lesson's teacher and its group's students, active ones, by id. */
int	 db_reminder_people(struct arena *, int64_t lesson_id,
	    struct reminder_person **out, size_t *n);

#endif
