/* Job: release the pool account of every lesson that ended a grace period
 * ago (or was deleted), exactly once, ending its meeting at Zoom if it is
 * still running (one Zoom cannot end now waits for the next run); and
 * forget start attempts older than a day. */
#include "autoconf.h"

#include <json-c/json.h>

#include "db/db_pool.h"
#include "domain/pool.h"
#include "jobs/jobs.h"

int
job_pool_release(struct arena *a, const struct config *cfg,
    struct json_object *res)
{
	int64_t	 released, later, failed, attempts;

	(void)cfg;
	if (pool_release_finished(a, &released, &later, &failed) == -1 ||
	    db_pool_attempt_cleanup(a, &attempts) == -1)
		return -1;
	json_object_object_add(res, "released", json_object_new_int64(released));
	json_object_object_add(res, "waiting_for_zoom",
	    json_object_new_int64(later));
	json_object_object_add(res, "failed", json_object_new_int64(failed));
	json_object_object_add(res, "start_attempts_deleted",
	    json_object_new_int64(attempts));
	return failed ? -1 : 0;
}
