/* schedule_auditlog: who did what, when, from where. */
#ifndef DB_DB_AUDIT_H
#define DB_DB_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct audit_row {
	int64_t		 id, user_id, resource_id;	/* 0: none */
	const char	*user_email, *action, *resource_type, *ip, *user_agent;
	const char	*details;	/* JSON object text */
	const char	*timestamp;
};

/* details is JSON object text (NULL: {}); user 0 and ip NULL allowed. */
int	 db_audit_insert(struct arena *, int64_t user, const char *action,
	    const char *resource_type, int64_t resource_id, const char *ip,
	    const char *user_agent, const char *details);
/* Newest first, filtered by user (0: any), action ("" any) and since
 * (DATETIME text, "" any). */
int	 db_audit_list(struct arena *, int64_t user, const char *action,
	    const char *since, int64_t limit, int64_t offset,
	    struct audit_row **out, size_t *n, int64_t *total);

#endif
