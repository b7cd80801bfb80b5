/* Teacher approval: who is trusted to add students and use the pool. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/db_user.h"
#include "domain/approval.h"
#include "domain/audit.h"

static int	 required = 1;

void
approval_init(const struct config *c)
{
	required = c->teacher_approval != 0;
}

int
approval_required(void)
{
	return required;
}

int
approval_pending(const char *role)
{
	return required && role != NULL && strcmp(role, "teacher") == 0;
}

int
approval_trusted(struct arena *a, int64_t user)
{
	int	 rc, teacher = 0, approved = 1;

	if (!required)
		return 1;
	if ((rc = db_user_approved(a, user, &teacher, &approved)) == -1)
		return -1;
	return rc == 0 || !teacher || approved;
}

int
approval_set(struct arena *a, const struct actor *who, int64_t teacher,
    int approved)
{
	struct json_object	*d;
	int			 rc, is_teacher = 0, was = 0;

	if ((rc = db_user_approved(a, teacher, &is_teacher, &was)) != 1)
		return rc;
	if (!is_teacher)
		return 0;
	if (db_user_set_approved(a, teacher, approved) == -1)
		return -1;
	d = json_object_new_object();
	json_object_object_add(d, "was_approved", json_object_new_boolean(was));
	if (audit_record(a, who, approved ? "teacher_approve" :
	    "teacher_unapprove", "user", teacher, d) == -1)
		log_warnx("audit: could not record the approval of user %lld",
		    (long long)teacher);
	json_object_put(d);
	return 1;
}
