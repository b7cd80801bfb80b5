/* Demo data for a development stack. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "core/dt.h"
#include "db/db.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/an_demo.h"
#include "domain/chat.h"
#include "domain/demo.h"
#include "domain/group.h"
#include "domain/hw_demo.h"
#include "domain/invite.h"
#include "domain/lesson.h"
#include "domain/recurring.h"

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

/* Three lessons of the group (one starting in ten minutes, so the start
 * button shows at once; one tomorrow; one yesterday) and a weekly lesson
 * on Mondays and Thursdays for three months, shown in the calendar. */
static int
lessons(struct arena *a, int64_t teacher, int64_t group)
{
	static const struct {
		const char	*title;
		int64_t		 in_min;
	} ls[] = {
		{ "Квадратные уравнения", 10 },
		{ "Теорема Пифагора", 24 * 60 },
		{ "Дроби: повторение", -24 * 60 },
	};
	static const int64_t	 days[] = { 0, 3 };	/* Monday, Thursday */
	struct lesson_input	 in;
	struct recurring_input	 w;
	struct lesson_errs	 err;
	int64_t			 now = lesson_now() / 60000000 * 60000000, id;
	size_t			 i;

	for (i = 0; i < sizeof(ls) / sizeof(ls[0]); i++) {
		memset(&in, 0, sizeof(in));
		in.title = ls[i].title;
		in.group = group;
		in.start_time = dt_iso(a, dt_db(a, now + ls[i].in_min * 60000000));
		in.end_time = dt_iso(a, dt_db(a, now + (ls[i].in_min + 45) *
		    60000000));
		in.topics = "";
		in.location = "Zoom";
		if (lesson_create(a, teacher, &in, &id, &err) != 0)
			return -1;
	}
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		memset(&w, 0, sizeof(w));
		w.title = "Геометрия";
		w.group_id = group;
		w.has_day = 1;
		w.day_of_week = days[i];
		w.week_type = "ALL";
		w.start_time = "16:00";
		w.end_time = "16:45";
		w.start_date = dt_date(a, dt_today());
		w.end_date = dt_date(a, dt_today() + 90);
		w.topics = "";
		w.location = "";
		if (recurring_save(a, teacher, NULL, &w, 0, &id, &err) != 0)
			return -1;
	}
	return 0;
}

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
	    invite_create(a, ids[1], "Физика", 1, NULL, &code) != 0 ||
	    lessons(a, ids[1], group) != 0 || chat_demo(a, ids[1], ids[2],
	    group) != 0) {
		fprintf(stderr, "tpanel: demo group, code, lessons or chats: "
		    "database error\n");
		return -1;
	}
	fprintf(out, "A group \"Математика 7А\" with two students, three lessons "
	    "(one starting in 10 minutes) and a weekly lesson on Mondays and "
	    "Thursdays, a one-time invite code for \"Физика\" (see /invites "
	    "as the teacher), and the group's chat and a private chat with a few "
	    "messages (/chat).\n");
	if (an_demo_seed(a, ids[1], group, out) != 0)
		return -1;
	return hw_demo_seed(a, ids[1], group, ids[2], out);
}
