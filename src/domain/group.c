/* Groups: access, validation, members, invite codes. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_group.h"
#include "domain/account.h"
#include "domain/chat.h"
#include "domain/group.h"
#include "domain/invite.h"

#define DESCRIPTION_MAX	10000	/* characters */

int
group_access(struct arena *a, const struct group *g, int64_t user,
    const char *role)
{
	int	 m;

	if (strcmp(role, "admin") == 0)
		return GROUP_VISIBLE;
	if (strcmp(role, "teacher") == 0)
		return g->teacher_id == user ? GROUP_OWNED : GROUP_HIDDEN;
	if ((m = db_group_is_member(a, g->id, user)) == -1)
		return -1;
	return m ? GROUP_VISIBLE : GROUP_HIDDEN;
}

const char *
group_name_problem(const char *name)
{
	const char	*p = name;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return "Укажите название группы.";
	if (!str_utf8_max(name, 200))
		return "Название: не длиннее 200 символов.";
	return NULL;
}

const char *
group_description_problem(const char *d)
{
	return !str_utf8_max(d, DESCRIPTION_MAX) ? "Описание: не длиннее 10000 символов." :
	    NULL;
}

static int
check_students(struct arena *a, const int64_t *ids, size_t n,
    struct field_err *err)
{
	int64_t	 bad;
	int	 rc;

	if ((rc = db_group_first_non_student(a, ids, n, &bad)) == -1)
		return ACCOUNT_DB;
	if (rc == 1) {
		err->field = "student_ids";
		err->msg = arena_printf(a, "Invalid pk \"%lld\" - object does not "
		    "exist.", (long long)bad);
		return ACCOUNT_INVALID;
	}
	return 0;
}

static int
fill(struct arena *a, int64_t group, const int64_t *ids, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (db_group_add_student(a, group, ids[i]) == -1)
			return -1;
	return 0;
}

int
group_create(struct arena *a, int64_t teacher, const char *name,
    const char *description, const int64_t *students, size_t n, int64_t *id,
    struct field_err *err)
{
	char	 code[INVITE_CODE_LEN + 1];
	int	 rc;

	if ((name = str_trim_dup(a, name)) == NULL)
		return ACCOUNT_DB;
	err->field = "name";
	if ((err->msg = group_name_problem(name)) != NULL)
		return ACCOUNT_INVALID;
	err->field = "description";
	if ((err->msg = group_description_problem(description)) != NULL)
		return ACCOUNT_INVALID;
	if ((rc = check_students(a, students, n, err)) != 0)
		return rc;
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (invite_code_new(a, code) == -1 ||
	    db_group_insert(a, teacher, name, description, code, "group", "",
	    id) == -1 || fill(a, *id, students, n) == -1 || db_commit() == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	return 0;
}

int
group_update(struct arena *a, const struct group *g, const char *name,
    const char *description, const int64_t *students, size_t n,
    struct field_err *err)
{
	int	 rc;

	if ((name = str_trim_dup(a, name ? name : g->name)) == NULL)
		return ACCOUNT_DB;
	description = description ? description : g->description;
	err->field = "name";
	if ((err->msg = group_name_problem(name)) != NULL)
		return ACCOUNT_INVALID;
	err->field = "description";
	if ((err->msg = group_description_problem(description)) != NULL)
		return ACCOUNT_INVALID;
	if (students != NULL && (rc = check_students(a, students, n, err)) != 0)
		return rc;
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (db_group_update(a, g->id, name, description) == -1 ||
	    (students != NULL && (db_group_clear_students(a, g->id) == -1 ||
	    fill(a, g->id, students, n) == -1)) || db_commit() == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	if (students != NULL)
		(void)chat_group_follow(a, g->id);
	return 0;
}

int
group_add_students(struct arena *a, int64_t group, const int64_t *ids, size_t n)
{
	if (fill(a, group, ids, n) == -1)
		return ACCOUNT_DB;
	(void)chat_group_follow(a, group);
	return 0;
}

int
group_remove_students(struct arena *a, int64_t group, const int64_t *ids,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (db_group_remove_student(a, group, ids[i]) == -1)
			return ACCOUNT_DB;
	(void)chat_group_follow(a, group);
	return 0;
}

int
group_regenerate_code(struct arena *a, int64_t group, char out[9])
{
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (invite_code_new(a, out) == -1 || db_group_set_code(a, group, out) == -1 ||
	    db_commit() == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	return 0;
}
