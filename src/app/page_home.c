/* The home page and the dashboards by role. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "app/app.h"
#include "app/app_analytics.h"
#include "app/app_hw_pages.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db_group.h"
#include "db/db_lesson.h"
#include "domain/account.h"
#include "domain/approval.h"
#include "domain/lesson.h"

#define DASH_LESSONS	100	/* lessons a dashboard reads */
#define DASH_SHOWN	10	/* upcoming lessons a student's dashboard shows */
#define DASH_GROUPS	50
#define DAY_US		(86400LL * 1000000)

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

int
page_home(struct req *r)
{
	if (r->user != NULL)
		return resp_redirect(r, 303, page_dashboard_path(r->user->role));
	return page_login(r);
}

/* The caller's lessons from the start of today (local) until hi, in one
 * query: 0 and l[n], -1. */
static int
lessons_from_today(struct req *r, enum lesson_scope scope, int64_t now,
    int64_t hi, struct lesson **l, size_t *n)
{
	struct lesson_filter	 f;
	struct keyset		 ks = { .dir = KEYSET_FIRST, .limit = DASH_LESSONS };

	memset(&f, 0, sizeof(f));
	if ((f.start_lo = dt_db(r->arena, page_day_start(page_local_day(now)))) ==
	    NULL || (hi != 0 && (f.start_hi = dt_db(r->arena, hi)) == NULL))
		return -1;
	return db_lesson_page(r->arena, scope, r->user->id, &f, &ks, l, n);
}

/* The caller's groups (name, student_count, teacher_name, ...). */
static struct json_object *
groups(struct req *r, enum group_scope scope)
{
	struct json_object	*list, *o;
	struct group		*g;
	size_t			 n, i;

	if (db_group_first(r->arena, scope, r->user->id, DASH_GROUPS, &g,
	    &n) == -1)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		if ((o = view_group(r->arena, &g[i], 0)) == NULL)
			break;
		json_add_str(o, "teacher_name", account_name_of(r->arena,
		    g[i].teacher_last, g[i].teacher_first, "", g[i].teacher_email));
		json_object_array_add(list, json_object_get(o));
	}
	return list;
}

int
page_dash_teacher(struct req *r)
{
	struct json_object	*ctx, *today, *week, *o, *g;
	struct lesson		*l;
	int64_t			 now = lesson_now(), tomorrow, start;
	size_t			 n, i;
	int			 trusted;

	/* Today's lessons and those of the next 7 days: one query. */
	tomorrow = page_day_start(page_local_day(now) + 1);
	if (lessons_from_today(r, LSCOPE_TEACHER, now, tomorrow + 7 * DAY_US,
	    &l, &n) == -1 || (g = groups(r, SCOPE_TEACHER)) == NULL)
		return resp_error(r, 503, db_down);
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	today = json_object_new_array();
	week = json_object_new_array();
	json_object_object_add(ctx, "today", today);
	json_object_object_add(ctx, "week", week);
	for (i = 0; i < n; i++) {
		if ((o = page_lesson_item(r, &l[i], now)) == NULL)
			return resp_error(r, 500, "Internal server error");
		if (dt_parse_iso(l[i].start_time, &start) == -1)
			start = tomorrow;
		json_object_array_add(start < tomorrow ? today : week,
		    json_object_get(o));
	}
	json_add_int(ctx, "n_today", (int64_t)json_object_array_length(today));
	json_add_int(ctx, "n_week", (int64_t)json_object_array_length(week));
	json_object_object_add(ctx, "groups", g);
	json_add_int(ctx, "n_groups", (int64_t)json_object_array_length(g));
	if ((trusted = approval_trusted(r->arena, r->user->id)) == -1)
		return resp_error(r, 503, db_down);
	json_add_bool(ctx, "unapproved", !trusted);
	if (page_hw_dash(r, ctx) == -1)
		return resp_error(r, 503, db_down);
	an_dash_teacher(r, ctx);	/* analytics: the summary */
	return resp_html(r, 200, "dash/teacher", ctx, "Кабинет преподавателя");
}

/* The original's invitation links (/student/?code=, ?individual-code=)
 * lead to the join page; after joining, ?joined= says where. */
int
page_dash_student(struct req *r)
{
	struct json_object	*ctx, *list, *o, *g;
	struct lesson		*l;
	const char		*code = req_query(r, "code"), *to;
	int64_t			 now = lesson_now();
	size_t			 n, i;

	if (code == NULL)
		code = req_query(r, "individual-code");
	if (code != NULL) {
		if ((to = page_join_url(r, "", code)) == NULL)
			return resp_error(r, 500, "Internal server error");
		return resp_redirect(r, 303, to);
	}
	if (lessons_from_today(r, LSCOPE_MEMBER, now, 0, &l, &n) == -1 ||
	    (g = groups(r, SCOPE_MEMBER)) == NULL)
		return resp_error(r, 503, db_down);
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	/* Lessons not over yet (cancelled ones too, struck through). */
	list = json_object_new_array();
	for (i = 0; i < n && json_object_array_length(list) < DASH_SHOWN; i++) {
		if (strcmp(lesson_status(&l[i], now), "completed") == 0)
			continue;
		if ((o = page_lesson_item(r, &l[i], now)) == NULL)
			return resp_error(r, 500, "Internal server error");
		json_object_array_add(list, json_object_get(o));
	}
	json_object_object_add(ctx, "lessons", list);
	json_add_int(ctx, "n_lessons", (int64_t)json_object_array_length(list));
	json_object_object_add(ctx, "groups", g);
	json_add_int(ctx, "n_groups", (int64_t)json_object_array_length(g));
	if (page_hw_dash(r, ctx) == -1)
		return resp_error(r, 503, db_down);
	page_joined_flash(r, ctx);
	an_dash_student(r, ctx);	/* analytics: badges, progress */
	return resp_html(r, 200, "dash/student", ctx, "Кабинет ученика");
}

int
page_dash_admin(struct req *r)
{
	return resp_html(r, 200, "dash/admin", NULL, "Администрирование");
}
