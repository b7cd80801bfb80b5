/* What every analytics screen reads first: a group with its members, in
 * one query. */
#ifndef DB_DB_ANALYTICS_H
#define DB_DB_ANALYTICS_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct an_group {
	int64_t		 id, teacher_id;
	const char	*name;
};

/* A member of a group, as the analytics tables list them. */
struct an_member {
	int64_t		 id;
	const char	*email, *first, *last, *middle;
	const char	*name;		/* FullName (API.md 0.9), filled by the caller */
};

/* The group and its members ordered by last name, first name, id: 1 and
 * *g, m[n] (arena); 0 if no such group; -1 error. One query. */
int	 db_an_group(struct arena *, int64_t group_id, struct an_group *g,
	    struct an_member **m, size_t *n);

#endif
