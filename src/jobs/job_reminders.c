/* Job: send_lesson_reminders, every reminder_interval seconds: notify the
 * people of lessons starting within reminder_minutes, once per lesson. */
#include "autoconf.h"

#include <json-c/json.h>

#include "core/config.h"
#include "domain/reminder.h"
#include "jobs/jobs.h"

int
job_reminders(struct arena *a, const struct config *cfg, struct json_object *res)
{
	struct reminder_result	 r;

	if (reminder_run(a, cfg, &r) != 0)
		return -1;
	json_object_object_add(res, "lessons", json_object_new_int64(r.lessons));
	json_object_object_add(res, "notifications",
	    json_object_new_int64(r.notifications));
	json_object_object_add(res, "emails_queued",
	    json_object_new_int64(r.emails_queued));
	return 0;
}

long
job_reminders_every(const struct config *cfg)
{
	return cfg->reminder_interval;
}
