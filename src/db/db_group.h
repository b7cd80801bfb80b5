/* schedule_group and its members; invite_code_namespace. */
#ifndef DB_DB_GROUP_H
#define DB_DB_GROUP_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db_res;
struct keyset;

/* A group row with its teacher and members; strings in the arena. */
struct group {
	int64_t		 id;
	const char	*name, *description, *invite_code, *kind, *subject;
	const char	*created_at, *updated_at;
	int64_t		 teacher_id;
	const char	*teacher_email, *teacher_first, *teacher_last;
	const char	*students;	/* JSON array of {id,email,first_name,last_name} */
};

/* Whose groups a list shows. */
enum group_scope { SCOPE_ALL, SCOPE_TEACHER, SCOPE_MEMBER };

/* Reserve code in the shared namespace: 0, -1 with DB_ERR_DUP if taken. */
int	 db_invite_code_reserve(struct arena *, const char *code);

int	 db_group_insert(struct arena *, int64_t teacher_id, const char *name,
	    const char *description, const char *code, const char *kind,
	    const char *subject, int64_t *id);
/* 1 and *g, 0 if no such group, -1 error. */
int	 db_group_get(struct arena *, int64_t id, struct group *g);
int	 db_group_by_code(struct arena *, const char *code, struct group *g);
/* A window of the list ordered by (name, id) (core/cursor.h): at most
 * ks->limit groups in that order into g[] (arena). */
int	 db_group_page(struct arena *, enum group_scope, int64_t user_id,
	    const struct keyset *ks, struct group **g, size_t *n);
/* The first limit groups of the list. */
int	 db_group_first(struct arena *, enum group_scope, int64_t user_id,
	    int64_t limit, struct group **g, size_t *n);
/* The number of groups in the list (a student's: those they are in). */
int	 db_group_count(struct arena *, enum group_scope, int64_t user_id,
	    int64_t *total);
int	 db_group_update(struct arena *, int64_t id, const char *name,
	    const char *description);
int	 db_group_set_code(struct arena *, int64_t id, const char *code);
int	 db_group_delete(struct arena *, int64_t id);
/* Whether user is a member: 1, 0, or -1. */
int	 db_group_is_member(struct arena *, int64_t group_id, int64_t user_id);
/* Add a member if it is a student (ignored otherwise): 1 added, 0 not. */
int	 db_group_add_student(struct arena *, int64_t group_id, int64_t user_id);
int	 db_group_remove_student(struct arena *, int64_t group_id, int64_t user_id);
int	 db_group_clear_students(struct arena *, int64_t group_id);
/* Of ids[], those that are not existing students: *bad (first), 1 found,
 * 0 all are students, -1 error. */
int	 db_group_first_non_student(struct arena *, const int64_t *ids, size_t n,
	    int64_t *bad);
/* The individual group of teacher+subject holding student: 1 and *id, 0. */
int	 db_group_find_individual(struct arena *, int64_t teacher_id,
	    const char *subject, int64_t student_id, int64_t *id);
/* The teacher's oldest group of kind 'group': 1 and *id, 0 none, -1. */
int	 db_group_oldest(struct arena *, int64_t teacher_id, int64_t *id);

#endif
