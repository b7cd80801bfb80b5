/* accounts_customuser: the users. */
#ifndef DB_DB_USER_H
#define DB_DB_USER_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db_res;

/* The columns db_user_from_row reads, for queries on "accounts_customuser u". */
#define DB_USER_COLS \
    "u.id, u.email, u.password, u.role, u.first_name, u.last_name, " \
    "u.middle_name, u.phone_number, u.avatar, u.date_of_birth, " \
    "u.agreed_to_marketing, u.is_active, u.last_login, u.created_at, " \
    "u.updated_at"

/* A user row; strings live in the arena. NULL for SQL NULL. */
struct user {
	int64_t		 id;
	const char	*email;
	const char	*password;	/* the Django-format hash */
	const char	*role;
	const char	*first_name, *last_name, *middle_name;
	const char	*phone_number;
	const char	*avatar;
	const char	*date_of_birth;	/* YYYY-MM-DD */
	int		 agreed_to_marketing;
	int		 is_active;
	const char	*last_login, *created_at, *updated_at;	/* DB format */
	int		 unapproved;	/* db_user_insert: a teacher awaiting
					   an admin's approval */
};

/* Fill u from DB_USER_COLS starting at column col of row. */
void	 db_user_from_row(const struct db_res *, size_t row, size_t col,
	    struct user *u);
/* 1 and *u filled, 0 when there is no such user, -1 on error. */
int	 db_user_by_email(struct arena *, const char *email, struct user *u);
int	 db_user_by_id(struct arena *, int64_t id, struct user *u);
/* The same, with only id, email, role, names and is_active filled (the
 * rest NULL): what an API call's authorisation reads; and the data
 * version (db_data_version), set whenever it does not return -1. */
int	 db_user_caller(struct arena *, int64_t id, struct user *u,
	    uint64_t *version);
/* Insert u (email, password, role, names, date_of_birth); *id set.
 * -1 with db_last_error() == DB_ERR_DUP when the email is taken. */
int	 db_user_insert(struct arena *, const struct user *u, int64_t *id);
/* Write the editable profile fields of u (names, avatar, marketing, birth). */
int	 db_user_update_profile(struct arena *, const struct user *u);
int	 db_user_set_password(struct arena *, int64_t id, const char *hash);
int	 db_user_touch_login(struct arena *, int64_t id);
/* Lock the user's row until the transaction ends (serialises work per user). */
int	 db_user_lock(struct arena *, int64_t id);
int	 db_user_set_role(struct arena *, int64_t id, const char *role);
int	 db_user_set_active(struct arena *, int64_t id, int active);
int	 db_user_set_names(struct arena *, int64_t id, const char *first,
	    const char *last, const char *middle);
/* Delete the user; their groups, lessons and so on go with them. */
int	 db_user_delete(struct arena *, int64_t id);
/* Users of a role ordered by last then first name (at most 5000). */
int	 db_user_by_role(struct arena *, const char *role, struct user **out,
	    size_t *n);
/* The users who share a group with id (its teachers and fellow students,
 * or the students of its groups), by first then last name. */
int	 db_user_peers(struct arena *, int64_t id, struct user **out, size_t *n);
/* Users whose email or names contain q ("" all), ordered by email: a page
 * into *out, *total of all matches. */
int	 db_user_search(struct arena *, const char *q, int64_t limit,
	    int64_t offset, struct user **out, size_t *n, int64_t *total);

/* Whether a user is a teacher and approved: 1 and both set, 0 no such
 * user, -1 error. */
int	 db_user_approved(struct arena *, int64_t id, int *is_teacher,
	    int *approved);
/* Teachers waiting for approval, oldest first, at most max: 0 and *out
 * (arena), *n, or -1. */
int	 db_user_pending_teachers(struct arena *, size_t max, struct user **out,
	    size_t *n);
/* Approve a teacher or take the approval back (another role's row is left
 * alone): 0 or -1. */
int	 db_user_set_approved(struct arena *, int64_t id, int approved);

#endif
