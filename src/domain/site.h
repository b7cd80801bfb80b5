/* What administrators set for the whole site: status-bar messages and the
 * system settings. Knows no HTTP. */
#ifndef DOMAIN_SITE_H
#define DOMAIN_SITE_H

#include <stdint.h>

#include "db/db_site.h"
#include "domain/account.h"	/* struct field_err, ACCOUNT_* */

struct actor;
struct json_object;

/* Which status messages a role sees: every one for admins (NULL), else
 * the active ones for "teachers" or "students". */
const char *site_status_audience(const char *role);
/* Post a message (trimmed, non-empty, at most 2000 characters) for target
 * ("teachers", "students", "all"; NULL: all): 0 and *id, ACCOUNT_INVALID
 * with *msg, ACCOUNT_DB. */
int	 site_status_post(struct arena *, const struct actor *,
	    const char *message, const char *target, int64_t *id,
	    const char **msg);

/* Apply the fields of patch (a JSON object; unknown keys ignored) to the
 * settings, validated first, all or nothing, recorded in the audit log:
 * 0 and *s (the new settings), ACCOUNT_INVALID with *err, ACCOUNT_DB. */
int	 site_settings_update(struct arena *, const struct actor *,
	    struct json_object *patch, struct site_settings *s,
	    struct field_err *err);
/* The settings as JSON: id, every field typed, created_at, updated_at. */
struct json_object *site_settings_json(struct arena *,
	    const struct site_settings *);

#endif
