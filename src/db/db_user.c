/* accounts_customuser: the users. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_user.h"

static struct db_stmt st_by_email = DB_STMT(
    "SELECT " DB_USER_COLS " FROM accounts_customuser u WHERE u.email = ?");
static struct db_stmt st_by_id = DB_STMT(
    "SELECT " DB_USER_COLS " FROM accounts_customuser u WHERE u.id = ?");
/* What authorising an API call needs, no more (no hash, no avatar), and
 * the data version in the same round trip (a row even without the user). */
static struct db_stmt st_caller = DB_STMT(
    "SELECT u.id, u.email, u.role, u.first_name, u.last_name, u.middle_name, "
    "u.is_active, v.version FROM data_version v LEFT JOIN accounts_customuser u "
    "ON u.id = ? WHERE v.id = 1");
static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO accounts_customuser (email, password, role, first_name, "
    "last_name, middle_name, date_of_birth, phone_number, is_approved) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_pending = DB_STMT(
    "SELECT " DB_USER_COLS " FROM accounts_customuser u "
    "WHERE u.role = 'teacher' AND NOT u.is_approved "
    "ORDER BY u.created_at, u.id LIMIT ?");
static struct db_stmt st_approved = DB_STMT(
    "SELECT role, is_approved FROM accounts_customuser WHERE id = ?");
static struct db_stmt st_set_approved = DB_STMT(
    "UPDATE accounts_customuser SET is_approved = ? "
    "WHERE id = ? AND role = 'teacher'");
static struct db_stmt st_update = DB_STMT(
    "UPDATE accounts_customuser SET first_name = ?, last_name = ?, "
    "middle_name = ?, avatar = ?, agreed_to_marketing = ?, date_of_birth = ? "
    "WHERE id = ?");
static struct db_stmt st_password = DB_STMT(
    "UPDATE accounts_customuser SET password = ? WHERE id = ?");
static struct db_stmt st_lock = DB_STMT(
    "SELECT id FROM accounts_customuser WHERE id = ? FOR UPDATE");
static struct db_stmt st_role = DB_STMT(
    "UPDATE accounts_customuser SET role = ? WHERE id = ?");
static struct db_stmt st_active = DB_STMT(
    "UPDATE accounts_customuser SET is_active = ? WHERE id = ?");
static struct db_stmt st_search = DB_STMT(
    "SELECT " DB_USER_COLS ", COUNT(*) OVER () FROM accounts_customuser u "
    "WHERE ? = '' OR u.email LIKE ? OR u.first_name LIKE ? OR u.last_name LIKE ? "
    "ORDER BY u.email LIMIT ? OFFSET ?");
static struct db_stmt st_names = DB_STMT(
    "UPDATE accounts_customuser SET first_name = ?, last_name = ?, "
    "middle_name = ? WHERE id = ?");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM accounts_customuser WHERE id = ?");
static struct db_stmt st_by_role = DB_STMT(
    "SELECT " DB_USER_COLS " FROM accounts_customuser u WHERE u.role = ? "
    "ORDER BY u.last_name, u.first_name, u.id LIMIT 5000");
/* Fellow members of the caller's groups, the teachers of those groups, and
 * the students of the groups the caller teaches. */
static struct db_stmt st_peers = DB_STMT(
    "SELECT " DB_USER_COLS " FROM accounts_customuser u WHERE u.is_active "
    "AND u.id <> ? AND u.id IN ("
    " SELECT s2.customuser_id FROM schedule_group_students s1 "
    " JOIN schedule_group_students s2 ON s2.group_id = s1.group_id "
    " WHERE s1.customuser_id = ? "
    " UNION SELECT g.teacher_id FROM schedule_group_students s "
    " JOIN schedule_group g ON g.id = s.group_id WHERE s.customuser_id = ? "
    " UNION SELECT s.customuser_id FROM schedule_group g "
    " JOIN schedule_group_students s ON s.group_id = g.id WHERE g.teacher_id = ?) "
    "ORDER BY u.first_name, u.last_name, u.id LIMIT 5000");
static struct db_stmt st_login = DB_STMT(
    "UPDATE accounts_customuser SET last_login = UTC_TIMESTAMP(6), "
    "updated_at = updated_at WHERE id = ?");

void
db_user_from_row(const struct db_res *r, size_t row, size_t c, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = db_cell_i64(r, row, c, 0);
	u->email = db_cell(r, row, c + 1);
	u->password = db_cell(r, row, c + 2);
	u->role = db_cell(r, row, c + 3);
	u->first_name = db_cell(r, row, c + 4);
	u->last_name = db_cell(r, row, c + 5);
	u->middle_name = db_cell(r, row, c + 6);
	u->phone_number = db_cell(r, row, c + 7);
	u->avatar = db_cell(r, row, c + 8);
	u->date_of_birth = db_cell(r, row, c + 9);
	u->agreed_to_marketing = db_cell_i64(r, row, c + 10, 0) != 0;
	u->is_active = db_cell_i64(r, row, c + 11, 0) != 0;
	u->last_login = db_cell(r, row, c + 12);
	u->created_at = db_cell(r, row, c + 13);
	u->updated_at = db_cell(r, row, c + 14);
}

static int
one(struct arena *a, struct db_stmt *st, struct db_val v, struct user *u)
{
	struct db_res	 r;

	if (db_exec(a, st, &v, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	db_user_from_row(&r, 0, 0, u);
	return 1;
}

int
db_user_by_email(struct arena *a, const char *email, struct user *u)
{
	return one(a, &st_by_email, DB_STR(email), u);
}

int
db_user_by_id(struct arena *a, int64_t id, struct user *u)
{
	return one(a, &st_by_id, DB_INT(id), u);
}

int
db_user_caller(struct arena *a, int64_t id, struct user *u, uint64_t *version)
{
	struct db_val	 v = DB_INT(id);
	struct db_res	 r;
	int64_t		 x;

	if (db_exec(a, &st_caller, &v, 1, &r) == -1)
		return -1;
	if ((x = db_cell_i64(&r, 0, 7, -1)) < 0) {
		log_error("data_version has no row 1");
		return -1;
	}
	*version = (uint64_t)x;
	if (db_cell(&r, 0, 0) == NULL)
		return 0;
	memset(u, 0, sizeof(*u));
	u->id = db_cell_i64(&r, 0, 0, 0);
	u->email = db_cell(&r, 0, 1);
	u->role = db_cell(&r, 0, 2);
	u->first_name = db_cell(&r, 0, 3);
	u->last_name = db_cell(&r, 0, 4);
	u->middle_name = db_cell(&r, 0, 5);
	u->is_active = db_cell_i64(&r, 0, 6, 0) != 0;
	return 1;
}

static struct db_val
str_or_null(const char *s)
{
	return s != NULL ? DB_STR(s) : DB_NULL;
}

int
db_user_insert(struct arena *a, const struct user *u, int64_t *id)
{
	struct db_val	 p[] = { DB_STR(u->email), DB_STR(u->password),
	    DB_STR(u->role), DB_STR(u->first_name), DB_STR(u->last_name),
	    DB_STR(u->middle_name), str_or_null(u->date_of_birth),
	    str_or_null(u->phone_number), DB_INT(!u->unapproved) };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 9, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

int
db_user_update_profile(struct arena *a, const struct user *u)
{
	struct db_val	 p[] = { DB_STR(u->first_name), DB_STR(u->last_name),
	    DB_STR(u->middle_name), DB_STR(u->avatar),
	    DB_INT(u->agreed_to_marketing), str_or_null(u->date_of_birth),
	    DB_INT(u->id) };

	return db_exec(a, &st_update, p, 7, NULL);
}

int
db_user_set_password(struct arena *a, int64_t id, const char *hash)
{
	struct db_val	 p[] = { DB_STR(hash), DB_INT(id) };

	return db_exec(a, &st_password, p, 2, NULL);
}

int
db_user_touch_login(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_login, &p, 1, NULL);
}

int
db_user_set_role(struct arena *a, int64_t id, const char *role)
{
	struct db_val	 p[] = { DB_STR(role), DB_INT(id) };

	return db_exec(a, &st_role, p, 2, NULL);
}

int
db_user_set_active(struct arena *a, int64_t id, int active)
{
	struct db_val	 p[] = { DB_INT(active != 0), DB_INT(id) };

	return db_exec(a, &st_active, p, 2, NULL);
}

int
db_user_search(struct arena *a, const char *q, int64_t limit, int64_t offset,
    struct user **out, size_t *n, int64_t *total)
{
	struct db_res	 r;
	const char	*like;
	size_t		 i;

	if ((like = db_like(a, q)) == NULL)
		return -1;
	{
		struct db_val p[] = { DB_STR(q), DB_STR(like), DB_STR(like),
		    DB_STR(like), DB_INT(limit), DB_INT(offset) };

		if (db_exec(a, &st_search, p, 6, &r) == -1)
			return -1;
	}
	*n = r.nrows;
	*total = r.nrows ? db_cell_i64(&r, 0, 15, 0) : 0;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		db_user_from_row(&r, i, 0, &(*out)[i]);
	return 0;
}

int
db_user_lock(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_lock, &p, 1, NULL);
}

int
db_user_set_names(struct arena *a, int64_t id, const char *first,
    const char *last, const char *middle)
{
	struct db_val	 p[] = { DB_STR(first), DB_STR(last), DB_STR(middle),
	    DB_INT(id) };

	return db_exec(a, &st_names, p, 4, NULL);
}

int
db_user_delete(struct arena *a, int64_t id)
{
	struct db_val	 p[] = { DB_INT(id) };

	return db_exec(a, &st_delete, p, 1, NULL);
}

/* Every row of r as users. */
static int
users(struct arena *a, const struct db_res *r, struct user **out, size_t *n)
{
	size_t	 i;

	if ((*out = arena_zalloc(a, (r->nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r->nrows; i++)
		db_user_from_row(r, i, 0, &(*out)[i]);
	*n = r->nrows;
	return 0;
}

int
db_user_by_role(struct arena *a, const char *role, struct user **out, size_t *n)
{
	struct db_val	 p[] = { DB_STR(role) };
	struct db_res	 r;

	if (db_exec(a, &st_by_role, p, 1, &r) == -1)
		return -1;
	return users(a, &r, out, n);
}

int
db_user_peers(struct arena *a, int64_t id, struct user **out, size_t *n)
{
	struct db_val	 p[] = { DB_INT(id), DB_INT(id), DB_INT(id), DB_INT(id) };
	struct db_res	 r;

	if (db_exec(a, &st_peers, p, 4, &r) == -1)
		return -1;
	return users(a, &r, out, n);
}

int
db_user_approved(struct arena *a, int64_t id, int *is_teacher, int *approved)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;
	const char	*role;

	if (db_exec(a, &st_approved, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	role = db_cell(&r, 0, 0);
	*is_teacher = role != NULL && strcmp(role, "teacher") == 0;
	*approved = db_cell_i64(&r, 0, 1, 1) != 0;
	return 1;
}

int
db_user_set_approved(struct arena *a, int64_t id, int approved)
{
	struct db_val	 p[] = { DB_INT(approved != 0), DB_INT(id) };

	return db_exec(a, &st_set_approved, p, 2, NULL);
}

int
db_user_pending_teachers(struct arena *a, size_t max, struct user **out,
    size_t *n)
{
	struct db_val	 p = DB_INT((int64_t)max);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_pending, &p, 1, &r) == -1 ||
	    (*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		db_user_from_row(&r, i, 0, &(*out)[i]);
	*n = r.nrows;
	return 0;
}
