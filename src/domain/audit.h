/* The audit log: every change of rights, credentials and Zoom meetings is
 * recorded with who did it and from where. */
#ifndef DOMAIN_AUDIT_H
#define DOMAIN_AUDIT_H

#include <stdint.h>

struct arena;
struct json_object;

/* Who acts: a user (0: the system or an operator's command line), the
 * client address and user agent as the web server passed them. */
struct actor {
	int64_t		 id;
	const char	*ip;
	const char	*user_agent;
};

/* Record action on resource_type/resource_id with details (NULL: {}). The
 * caller owns details. 0 or -1. */
int	 audit_record(struct arena *, const struct actor *, const char *action,
	    const char *resource_type, int64_t resource_id,
	    struct json_object *details);

/* The same for a change already made: a failure is logged, not returned;
 * details (NULL: {}) is released. */
void	 audit_put(struct arena *, const struct actor *, const char *action,
	    const char *resource_type, int64_t resource_id,
	    struct json_object *details);

#endif
