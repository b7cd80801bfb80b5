/* Demo data for a development stack. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/demo.h"
#include "domain/group.h"
#include "domain/invite.h"

static const struct {
	const char	*email, *role, *first, *last;
} people[] = {
	{ "admin@demo.local",    "admin",   "Ольга",   "Админова" },
	{ "teacher@demo.local",  "teacher", "Анна",    "Петрова" },
	{ "student1@demo.local", "student", "Иван",    "Смирнов" },
	{ "student2@demo.local", "student", "Мария",   "Кузнецова" },
	{ "student3@demo.local", "student", "Пётр",    "Соколов" },
};
#define NPEOPLE	(sizeof(people) / sizeof(people[0]))

int
demo_seed(struct arena *a, FILE *out)
{
	struct account_new	 n;
	struct field_err	 err;
	struct user		 u;
	char			 pw[15];
	int64_t			 ids[NPEOPLE], group, code;
	size_t			 i;
	int			 rc;

	if ((rc = db_user_by_email(a, people[0].email, &u)) != 0)
		return rc == 1 ? 1 : -1;
	fprintf(out, "Demo accounts and their passwords:\n");
	for (i = 0; i < NPEOPLE; i++) {
		account_random_password(pw);
		memset(&n, 0, sizeof(n));
		n.email = people[i].email;
		n.password = pw;
		n.role = people[i].role;
		n.first_name = people[i].first;
		n.last_name = people[i].last;
		n.middle_name = "";
		n.allow_admin = 1;
		if (account_register(a, &n, &u, &err) != 0) {
			fprintf(stderr, "tpanel: demo user %s: %s\n", n.email,
			    err.msg ? err.msg : "database error");
			return -1;
		}
		ids[i] = u.id;
		fprintf(out, "  %-8s %-22s %s\n", people[i].role, people[i].email, pw);
	}
	if (group_create(a, ids[1], "Математика 7А", "Алгебра и геометрия, "
	    "два раза в неделю.", &ids[2], 2, &group, &err) != 0 ||
	    invite_create(a, ids[1], "Физика", 1, NULL, &code) != 0) {
		fprintf(stderr, "tpanel: demo group or code: database error\n");
		return -1;
	}
	fprintf(out, "A group \"Математика 7А\" with two students, and a one-time "
	    "invite code for \"Физика\" (see /invites as the teacher).\n");
	return 0;
}
