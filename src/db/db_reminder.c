/* Lesson reminders: due lessons, the claim, the people. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_reminder.h"

static struct db_stmt st_due = DB_STMT(
    "SELECT l.id, l.teacher_id, l.title, g.name, l.start_time "
    "FROM schedule_lesson l JOIN schedule_group g ON g.id = l.group_id "
    "WHERE l.start_time > UTC_TIMESTAMP(6) "
    "AND l.start_time <= UTC_TIMESTAMP(6) + INTERVAL ? MINUTE "
    "AND l.reminder_sent_at IS NULL AND l.cancelled_at IS NULL "
    "ORDER BY l.start_time, l.id LIMIT ?");
/* updated_at is kept: a reminder is no change of the lesson. */
static struct db_stmt st_claim = DB_STMT(
    "UPDATE schedule_lesson SET reminder_sent_at = UTC_TIMESTAMP(6), "
    "updated_at = updated_at WHERE id = ? AND reminder_sent_at IS NULL "
    "AND cancelled_at IS NULL AND start_time > UTC_TIMESTAMP(6)");
static struct db_stmt st_people = DB_STMT(
    "SELECT u.id, u.email, u.first_name FROM accounts_customuser u "
    "WHERE u.is_active AND (u.id = (SELECT teacher_id FROM schedule_lesson "
    "WHERE id = ?) OR u.id IN (SELECT m.customuser_id "
    "FROM schedule_group_students m JOIN schedule_lesson l "
    "ON l.group_id = m.group_id WHERE l.id = ?)) ORDER BY u.id");

int
db_reminder_due(struct arena *a, int64_t minutes, int64_t limit,
    struct reminder_lesson **out, size_t *n)
{
	struct db_val	 p[] = { DB_INT(minutes), DB_INT(limit) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_due, p, 2, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].teacher_id = db_cell_i64(&r, i, 1, 0);
		(*out)[i].title = db_cell(&r, i, 2);
		(*out)[i].group_name = db_cell(&r, i, 3);
		(*out)[i].start_time = db_cell(&r, i, 4);
	}
	return 0;
}

int
db_reminder_claim(struct arena *a, int64_t lesson_id)
{
	struct db_val	 p = DB_INT(lesson_id);

	return db_exec_changed(a, &st_claim, &p, 1);
}

int
db_reminder_people(struct arena *a, int64_t lesson_id,
    struct reminder_person **out, size_t *n)
{
	struct db_val	 p[] = { DB_INT(lesson_id), DB_INT(lesson_id) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_people, p, 2, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].email = db_cell(&r, i, 1);
		(*out)[i].first_name = db_cell(&r, i, 2);
	}
	return 0;
}
