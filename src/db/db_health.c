/* The database check of /api/health/. */
#include "autoconf.h"

#include "db/db.h"
#include "db/db_health.h"

static struct db_stmt st_ping = DB_STMT("SELECT 1");

int
db_health_ping(struct arena *a)
{
	struct db_res	 res;

	if (db_exec(a, &st_ping, NULL, 0, &res) == -1 || res.nrows != 1)
		return -1;
	return 0;
}
