/* schedule_auditlog: who did what, when, from where. */
#ifndef DB_DB_AUDIT_H
#define DB_DB_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;
struct keyset_val;

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
/* Filters of the log: user (0: any), action ("": any), since (DATETIME
 * text, "": any). */
struct audit_filter {
	int64_t		 user;
	const char	*action, *since;
};
/* A window of the log, newest first by (timestamp, id) (core/cursor.h):
 * at most ks->limit entries in that order. */
int	 db_audit_page(struct arena *, const struct audit_filter *,
	    const struct keyset *ks, struct audit_row **out, size_t *n);
/* The order key of x, k[0] its timestamp and k[1] its id, for cursors. */
void	 db_audit_key(const struct audit_row *x, struct keyset_val *k);
/* The number of entries the filters keep, from the tallies (and the part
 * of a day since begins in). */
int	 db_audit_count(struct arena *, const struct audit_filter *,
	    int64_t *total);

#endif
