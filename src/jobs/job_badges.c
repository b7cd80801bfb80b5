/* Job: MARATHON badges of the month that just ended (PHASE2-3.md 2.8),
 * for students whose last homework of the month was handed in before it
 * ended without a submit to check it at. Idempotent: a badge is awarded
 * once; running it every day repeats nothing. */
#include "autoconf.h"

#include <json-c/json.h>

#include "domain/badge.h"
#include "domain/lesson.h"
#include "jobs/jobs.h"

int
job_badges(struct arena *a, const struct config *cfg, struct json_object *res)
{
	int64_t	 checked, awarded;

	(void)cfg;
	if (badge_marathon_month_ended(a, lesson_now(), &checked, &awarded) == -1)
		return -1;
	json_object_object_add(res, "students_checked", json_object_new_int64(checked));
	json_object_object_add(res, "marathon_awarded", json_object_new_int64(awarded));
	return 0;
}
