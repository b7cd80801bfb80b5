/* job_run and the scheduler's named lock. */
#include "autoconf.h"

#include "db/db.h"
#include "db/db_jobs.h"

static struct db_stmt st_lock = DB_STMT("SELECT GET_LOCK('tpanel_scheduler', 0)");
static struct db_stmt st_record = DB_STMT(
    "INSERT INTO job_run (job, last_run_at, run_count, last_result) "
    "VALUES (?, UTC_TIMESTAMP(6), 1, ?) ON DUPLICATE KEY UPDATE "
    "last_run_at = VALUES(last_run_at), run_count = run_count + 1, "
    "last_result = VALUES(last_result)");

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
