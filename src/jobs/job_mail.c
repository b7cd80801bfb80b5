/* Job: send_emails, every mail_interval seconds: the mail outbox's due
 * emails go to the relay (domain/outbox.h). */
#include "autoconf.h"

#include <json-c/json.h>

#include "core/config.h"
#include "domain/outbox.h"
#include "jobs/jobs.h"

int
job_mail(struct arena *a, const struct config *cfg, struct json_object *res)
{
	struct outbox_result	 r;

	if (outbox_send(a, cfg, &r) != 0)
		return -1;
	json_object_object_add(res, "sent", json_object_new_int64(r.sent));
	json_object_object_add(res, "retried", json_object_new_int64(r.retried));
	json_object_object_add(res, "failed", json_object_new_int64(r.failed));
	json_object_object_add(res, "pending", json_object_new_int64(r.pending));
	return 0;
}

long
job_mail_every(const struct config *cfg)
{
	return cfg->mail_interval;
}

int
job_mail_idle(struct json_object *res)
{
	struct json_object	*v;
	const char		*keys[] = { "sent", "retried", "failed" };
	size_t			 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (json_object_object_get_ex(res, keys[i], &v) &&
		    json_object_get_int64(v) != 0)
			return 0;
	return 1;
}
