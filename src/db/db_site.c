/* accounts_statusbarmessage and accounts_systemsettings. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_site.h"

static struct db_stmt st_status_list = DB_STMT(
    "SELECT m.id, m.message, m.target, m.is_active, m.created_at, u.email "
    "FROM accounts_statusbarmessage m "
    "LEFT JOIN accounts_customuser u ON u.id = m.created_by_id "
    "WHERE ? = '' OR (m.is_active AND m.target IN (?, 'all')) "
    "ORDER BY m.created_at DESC, m.id DESC LIMIT 500");
static struct db_stmt st_status_insert = DB_STMT(
    "INSERT INTO accounts_statusbarmessage (message, target, created_by_id) "
    "VALUES (?, ?, ?)");
static struct db_stmt st_status_delete = DB_STMT(
    "DELETE FROM accounts_statusbarmessage WHERE id = ?");

/* Users by role, online, groups, lessons, active pool accounts; then for
 * each period teachers, students and lessons. */
#define GROWN(d) \
    "SUM(role = 'teacher' AND created_at >= UTC_TIMESTAMP() - INTERVAL " #d " DAY), " \
    "SUM(role = 'student' AND created_at >= UTC_TIMESTAMP() - INTERVAL " #d " DAY), " \
    "(SELECT COUNT(*) FROM schedule_lesson WHERE start_time <= UTC_TIMESTAMP() " \
    "AND start_time >= UTC_TIMESTAMP() - INTERVAL " #d " DAY)"
static struct db_stmt st_stats = DB_STMT(
    "SELECT COUNT(*), SUM(role = 'teacher'), SUM(role = 'student'), "
    "SUM(role = 'teacher' AND last_login >= UTC_TIMESTAMP() - INTERVAL 15 MINUTE), "
    "SUM(role = 'student' AND last_login >= UTC_TIMESTAMP() - INTERVAL 15 MINUTE), "
    "(SELECT COUNT(*) FROM schedule_group), (SELECT COUNT(*) FROM schedule_lesson), "
    "(SELECT COUNT(*) FROM zoom_pool_zoomaccount WHERE is_active), "
    GROWN(1) ", " GROWN(7) ", " GROWN(30) ", " GROWN(182) " "
    "FROM accounts_customuser");

const int site_period_days[SITE_PERIODS] = { 1, 7, 30, 182 };

#define COL_(n, k)	#n ", "
#define SET_(n, k)	#n " = ?, "
static struct db_stmt st_settings_get = DB_STMT(
    "SELECT " SITE_SETTINGS(COL_) "created_at, updated_at "
    "FROM accounts_systemsettings WHERE id = 1");
static struct db_stmt st_settings_put = DB_STMT(
    "UPDATE accounts_systemsettings SET " SITE_SETTINGS(SET_)
    "updated_at = UTC_TIMESTAMP(6) WHERE id = 1");

int
db_status_list(struct arena *a, const char *audience, struct status_msg **out,
    size_t *n)
{
	const char	*aud = audience ? audience : "";
	struct db_val	 p[] = { DB_STR(aud), DB_STR(aud) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_status_list, p, 2, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		struct status_msg *m = &(*out)[i];

		m->id = db_cell_i64(&r, i, 0, 0);
		m->message = db_cell(&r, i, 1);
		m->target = db_cell(&r, i, 2);
		m->is_active = db_cell_i64(&r, i, 3, 0) != 0;
		m->created_at = db_cell(&r, i, 4);
		m->created_by = db_cell(&r, i, 5);
	}
	*n = r.nrows;
	return 0;
}

int
db_status_insert(struct arena *a, const char *message, const char *target,
    int64_t created_by, int64_t *id)
{
	struct db_val	 p[] = { DB_STR(message), DB_STR(target),
	    created_by ? DB_INT(created_by) : DB_NULL };
	struct db_res	 r;

	if (db_exec(a, &st_status_insert, p, 3, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_status_delete(struct arena *a, int64_t id)
{
	struct db_val	 p[] = { DB_INT(id) };

	return db_exec_changed(a, &st_status_delete, p, 1);
}

int
db_settings_get(struct arena *a, struct site_settings *s)
{
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_settings_get, NULL, 0, &r) == -1)
		return -1;
	if (r.nrows != 1)
		return -1;	/* the migration made the row */
	for (i = 0; i < SITE_NSETTINGS; i++)
		s->v[i] = db_cell(&r, 0, i);
	s->created_at = db_cell(&r, 0, SITE_NSETTINGS);
	s->updated_at = db_cell(&r, 0, SITE_NSETTINGS + 1);
	return 0;
}

int
db_settings_put(struct arena *a, const struct site_settings *s)
{
	struct db_val	 p[SITE_NSETTINGS];
	size_t		 i;

	for (i = 0; i < SITE_NSETTINGS; i++)
		p[i] = DB_STR(s->v[i]);
	return db_exec(a, &st_settings_put, p, SITE_NSETTINGS, NULL);
}

int
db_site_stats(struct arena *a, struct site_stats *st)
{
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_stats, NULL, 0, &r) == -1 || r.nrows != 1)
		return -1;
	st->users = db_cell_i64(&r, 0, 0, 0);
	st->teachers = db_cell_i64(&r, 0, 1, 0);
	st->students = db_cell_i64(&r, 0, 2, 0);
	st->teachers_online = db_cell_i64(&r, 0, 3, 0);
	st->students_online = db_cell_i64(&r, 0, 4, 0);
	st->groups = db_cell_i64(&r, 0, 5, 0);
	st->lessons = db_cell_i64(&r, 0, 6, 0);
	st->zoom_accounts = db_cell_i64(&r, 0, 7, 0);
	for (i = 0; i < SITE_PERIODS; i++) {
		st->grown[i].teachers = db_cell_i64(&r, 0, 8 + 3 * i, 0);
		st->grown[i].students = db_cell_i64(&r, 0, 9 + 3 * i, 0);
		st->grown[i].lessons = db_cell_i64(&r, 0, 10 + 3 * i, 0);
	}
	return 0;
}
