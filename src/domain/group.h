/* Groups: who sees and owns them, creating and changing them, members,
 * group invite codes. Knows no HTTP. */
#ifndef DOMAIN_GROUP_H
#define DOMAIN_GROUP_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct field_err;
struct group;

/* What the caller may do with a group. */
enum group_access { GROUP_HIDDEN, GROUP_VISIBLE, GROUP_OWNED };

/* role is "student", "teacher" or "admin". -1 on a database error. */
int	 group_access(struct arena *, const struct group *, int64_t user,
	    const char *role);

/* Name: 1..200 characters after trimming; description: up to 10000. NULL
 * when fine, else the message. */
const char *group_name_problem(const char *name);
const char *group_description_problem(const char *description);

/* Create a group of teacher's with a fresh invite code and the given
 * students: 0 and *id; ACCOUNT_INVALID-style -1 with *err; -2 database. */
int	 group_create(struct arena *, int64_t teacher, const char *name,
	    const char *description, const int64_t *students, size_t n,
	    int64_t *id, struct field_err *err);
/* Rename / redescribe (NULL: keep) and, if students is not NULL, replace
 * the members. Same results. */
int	 group_update(struct arena *, const struct group *, const char *name,
	    const char *description, const int64_t *students, size_t n,
	    struct field_err *err);
/* Add or remove members; ids that are not students are skipped. 0 or -2.
 * The group's chats follow (here and in group_update). */
int	 group_add_students(struct arena *, int64_t group, const int64_t *ids,
	    size_t n);
int	 group_remove_students(struct arena *, int64_t group, const int64_t *ids,
	    size_t n);
/* A new invite code for the group: 0 and out, or -2. */
int	 group_regenerate_code(struct arena *, int64_t group, char out[9]);

#endif
