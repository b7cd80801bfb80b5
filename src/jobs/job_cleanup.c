/* Job: delete expired sessions, refresh tokens and live-stream tickets, old
 * failed-attempt rows and the record of emails sent a week ago, so those
 * tables stay small. */
#include "autoconf.h"

#include <json-c/json.h>

#include "db/db_auth.h"
#include "db/db_mail.h"
#include "db/db_realtime.h"
#include "jobs/jobs.h"

int
job_cleanup(struct arena *a, const struct config *cfg, struct json_object *res)
{
	int64_t	 sessions, tokens, failures, mails, tickets;

	(void)cfg;
	if (db_auth_cleanup(a, &sessions, &tokens, &failures) == -1 ||
	    db_mail_clean(a, 7, &mails) == -1 ||
	    db_ticket_cleanup(a, &tickets) == -1)
		return -1;
	json_object_object_add(res, "emails", json_object_new_int64(mails));
	json_object_object_add(res, "sessions", json_object_new_int64(sessions));
	json_object_object_add(res, "tokens", json_object_new_int64(tokens));
	json_object_object_add(res, "failures", json_object_new_int64(failures));
	json_object_object_add(res, "tickets", json_object_new_int64(tickets));
	return 0;
}
