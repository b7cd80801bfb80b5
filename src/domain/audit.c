/* The audit log. */
#include "autoconf.h"

#include <json-c/json.h>

#include "core/log.h"
#include "db/db_audit.h"
#include "domain/audit.h"

int
audit_record(struct arena *a, const struct actor *who, const char *action,
    const char *resource_type, int64_t resource_id, struct json_object *details)
{
	const char	*text = "{}";

	if (details != NULL)
		text = json_object_to_json_string_ext(details, JSON_C_TO_STRING_PLAIN);
	return db_audit_insert(a, who->id, action, resource_type, resource_id,
	    who->ip, who->user_agent, text);
}

void
audit_put(struct arena *a, const struct actor *who, const char *action,
    const char *resource_type, int64_t resource_id, struct json_object *details)
{
	if (audit_record(a, who, action, resource_type, resource_id,
	    details) == -1)
		log_warnx("audit: could not record %s of %s %lld", action,
		    resource_type, (long long)resource_id);
	json_object_put(details);
}
