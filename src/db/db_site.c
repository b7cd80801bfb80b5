/* accounts_statusbarmessage and accounts_systemsettings. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/dt.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "db/db_site.h"
#include "db/db_tally.h"

#define DAY_US		(86400LL * 1000000)

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

/* The statistics come from the tallies (sql/migrations/0015) but for who
 * is online (signed in within 15 minutes: ix_user_last_login) and the
 * part of a day a period begins in (ix_user_role_created). */
static struct db_stmt st_online = DB_STMT(
    "SELECT COALESCE(SUM(role = 'teacher'), 0), COALESCE(SUM(role = 'student'), 0) "
    "FROM accounts_customuser "
    "WHERE last_login >= UTC_TIMESTAMP() - INTERVAL 15 MINUTE");
static struct db_stmt st_joined = DB_STMT(
    "SELECT COUNT(*) FROM accounts_customuser WHERE role = ? "
    "AND created_at >= ? AND created_at < ?");

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

/* Users of role created since (microseconds) until now. */
static int
joined(struct arena *a, const char *role, int64_t since, int64_t *n)
{
	int64_t		 day = (since + DAY_US - 1) / DAY_US, edge;
	struct db_val	 p[3];
	struct db_res	 r;
	const char	*from, *to;

	if (db_tally_days(a, "user", 0, 0, 0, role, day, TALLY_OPEN_HI, n) == -1 ||
	    (from = dt_db(a, since)) == NULL || (to = dt_db(a, day * DAY_US)) == NULL)
		return -1;
	p[0] = DB_STR(role);
	p[1] = DB_STR(from);
	p[2] = DB_STR(to);
	if (db_exec(a, &st_joined, p, 3, &r) == -1)
		return -1;
	edge = db_cell_i64(&r, 0, 0, 0);
	*n += edge;
	return 0;
}

int
db_site_stats(struct arena *a, struct site_stats *st)
{
	struct lesson_filter	 f;
	struct db_res		 r;
	int64_t			 now = (int64_t)time(NULL) * 1000000, since;
	size_t			 i;

	memset(&f, 0, sizeof(f));
	if (db_tally(a, "user", 0, 0, "", &st->users) == -1 ||
	    db_tally(a, "user", 0, 0, "teacher", &st->teachers) == -1 ||
	    db_tally(a, "user", 0, 0, "student", &st->students) == -1 ||
	    db_tally(a, "group", 0, 0, "", &st->groups) == -1 ||
	    db_tally(a, "lesson", 0, 0, "", &st->lessons) == -1 ||
	    db_tally(a, "pool", 0, 0, "active", &st->zoom_accounts) == -1 ||
	    db_exec(a, &st_online, NULL, 0, &r) == -1)
		return -1;
	st->teachers_online = db_cell_i64(&r, 0, 0, 0);
	st->students_online = db_cell_i64(&r, 0, 1, 0);
	/* Lessons started within the period: [since, now]. */
	if ((f.start_hi = dt_db(a, now + 1)) == NULL)
		return -1;
	for (i = 0; i < SITE_PERIODS; i++) {
		since = now - site_period_days[i] * DAY_US;
		if ((f.start_lo = dt_db(a, since)) == NULL ||
		    joined(a, "teacher", since, &st->grown[i].teachers) == -1 ||
		    joined(a, "student", since, &st->grown[i].students) == -1 ||
		    db_lesson_count(a, LSCOPE_ALL, 0, &f, &st->grown[i].lessons) == -1)
			return -1;
	}
	return 0;
}
