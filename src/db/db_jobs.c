/* job_run, job_task and the scheduler's named lock. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_jobs.h"

static struct db_stmt st_lock = DB_STMT("SELECT GET_LOCK('tpanel_scheduler', 0)");
static struct db_stmt st_record = DB_STMT(
    "INSERT INTO job_run (job, last_run_at, run_count, last_result) "
    "VALUES (?, UTC_TIMESTAMP(6), 1, ?) ON DUPLICATE KEY UPDATE "
    "last_run_at = VALUES(last_run_at), run_count = run_count + 1, "
    "last_result = VALUES(last_result)");

static struct db_stmt st_list = DB_STMT(
    "SELECT job, enabled, last_run_at, run_count, last_result FROM job_run "
    "ORDER BY job");
static struct db_stmt st_task_start = DB_STMT(
    "INSERT INTO job_task (task_name, status, user_id) VALUES (?, 'STARTED', ?)");
static struct db_stmt st_task_finish = DB_STMT(
    "UPDATE job_task SET status = ?, result = ?, date_done = UTC_TIMESTAMP(6) "
    "WHERE id = ?");
static struct db_stmt st_task_get = DB_STMT(
    "SELECT id, task_name, status, result, created_at, date_done FROM job_task "
    "WHERE id = ?");

int
db_job_lock(struct arena *a)
{
	struct db_res	 r;

	if (db_exec(a, &st_lock, NULL, 0, &r) == -1)
		return -1;
	return db_cell_i64(&r, 0, 0, 0) == 1;
}

int
db_job_record(struct arena *a, const char *job, const char *result)
{
	struct db_val	 p[] = { DB_STR(job), DB_STR(result) };

	return db_exec(a, &st_record, p, 2, NULL);
}

int
db_job_list(struct arena *a, struct job_row **out, size_t *n)
{
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_list, NULL, 0, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].job = db_cell(&r, i, 0);
		(*out)[i].enabled = db_cell_i64(&r, i, 1, 1) != 0;
		(*out)[i].last_run_at = db_cell(&r, i, 2);
		(*out)[i].run_count = db_cell_i64(&r, i, 3, 0);
		(*out)[i].last_result = db_cell(&r, i, 4);
	}
	return 0;
}

int
db_job_task_start(struct arena *a, const char *task_name, int64_t user_id,
    int64_t *id)
{
	struct db_val	 p[] = { DB_STR(task_name), DB_INT(user_id) };
	struct db_res	 r;

	if (db_exec(a, &st_task_start, p, 2, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_job_task_finish(struct arena *a, int64_t id, const char *status,
    const char *result)
{
	struct db_val	 p[] = { DB_STR(status), DB_STR(result), DB_INT(id) };

	return db_exec(a, &st_task_finish, p, 3, NULL);
}

int
db_job_task_get(struct arena *a, int64_t id, struct job_task *t)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_task_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	t->id = db_cell_i64(&r, 0, 0, 0);
	t->task_name = db_cell(&r, 0, 1);
	t->status = db_cell(&r, 0, 2);
	t->result = db_cell(&r, 0, 3);
	t->created_at = db_cell(&r, 0, 4);
	t->date_done = db_cell(&r, 0, 5);
	return 1;
}
