/* Zoom attendance: join clicks and participant sessions. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_presence.h"

static struct db_stmt st_click = DB_STMT(
    "INSERT INTO analytics_zoom_join (lesson_id, student_id, display_name, "
    "first_at, last_at) VALUES (?, ?, ?, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)) "
    "ON DUPLICATE KEY UPDATE display_name = VALUES(display_name), "
    "last_at = VALUES(last_at), clicks = clicks + 1");
static struct db_stmt st_clicks = DB_STMT(
    "SELECT student_id, display_name FROM analytics_zoom_join "
    "WHERE lesson_id = ? ORDER BY student_id");
static struct db_stmt st_placeholder = DB_STMT(
    "UPDATE analytics_zoom_presence SET joined_at = ? WHERE lesson_id = ? "
    "AND participant_key = ? AND left_at IS NOT NULL AND joined_at = left_at "
    "AND left_at >= ? ORDER BY left_at LIMIT 1");
static struct db_stmt st_joined = DB_STMT(
    "INSERT IGNORE INTO analytics_zoom_presence (lesson_id, student_id, "
    "participant_key, user_name, email, joined_at) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt st_left = DB_STMT(
    "UPDATE analytics_zoom_presence SET left_at = ? WHERE lesson_id = ? "
    "AND participant_key = ? AND left_at IS NULL AND joined_at <= ? "
    "ORDER BY joined_at DESC LIMIT 1");
static struct db_stmt st_has_left = DB_STMT(
    "SELECT 1 FROM analytics_zoom_presence WHERE lesson_id = ? "
    "AND participant_key = ? AND left_at = ? LIMIT 1");
static struct db_stmt st_left_only = DB_STMT(
    "INSERT IGNORE INTO analytics_zoom_presence (lesson_id, student_id, "
    "participant_key, user_name, email, joined_at, left_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)");

static struct db_val
student(int64_t id)
{
	return id > 0 ? DB_INT(id) : DB_NULL;
}

int
db_pr_click(struct arena *a, int64_t lesson_id, int64_t student_id,
    const char *name)
{
	struct db_val	 p[] = { DB_INT(lesson_id), DB_INT(student_id), DB_STR(name) };

	return db_exec(a, &st_click, p, 3, NULL);
}

int
db_pr_clicks(struct arena *a, int64_t lesson_id, struct pr_click **out,
    size_t *n)
{
	struct db_val	 p = DB_INT(lesson_id);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_clicks, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].student_id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].display_name = db_cell(&r, i, 1);
	}
	*n = r.nrows;
	return 0;
}

int
db_pr_joined(struct arena *a, int64_t lesson_id, int64_t student_id,
    const char *key, const char *user_name, const char *email,
    const char *joined_at)
{
	struct db_val	 ph[] = { DB_STR(joined_at), DB_INT(lesson_id), DB_STR(key),
	    DB_STR(joined_at) };
	struct db_val	 p[] = { DB_INT(lesson_id), student(student_id), DB_STR(key),
	    DB_STR(user_name), DB_STR(email), DB_STR(joined_at) };
	int		 rc;

	if ((rc = db_exec_changed(a, &st_placeholder, ph, 4)) != 0)
		return rc;
	return db_exec_changed(a, &st_joined, p, 6);
}

int
db_pr_left(struct arena *a, int64_t lesson_id, const char *key,
    const char *left_at)
{
	struct db_val	 p[] = { DB_STR(left_at), DB_INT(lesson_id), DB_STR(key),
	    DB_STR(left_at) };

	return db_exec_changed(a, &st_left, p, 4);
}

int
db_pr_has_left(struct arena *a, int64_t lesson_id, const char *key,
    const char *left_at)
{
	struct db_val	 p[] = { DB_INT(lesson_id), DB_STR(key), DB_STR(left_at) };
	struct db_res	 r;

	if (db_exec(a, &st_has_left, p, 3, &r) == -1)
		return -1;
	return r.nrows > 0;
}

int
db_pr_left_only(struct arena *a, int64_t lesson_id, int64_t student_id,
    const char *key, const char *user_name, const char *email,
    const char *left_at)
{
	struct db_val	 p[] = { DB_INT(lesson_id), student(student_id), DB_STR(key),
	    DB_STR(user_name), DB_STR(email), DB_STR(left_at), DB_STR(left_at) };

	return db_exec_changed(a, &st_left_only, p, 7);
}
