/* Summaries (PHASE2-3.md 2.6):
 *   GET /api/teacher-stats/summary/   a teacher (or an admin, for their own
 *                                     lessons): the union of @early and @HEAD
 *   GET /api/student-stats/summary/   a student: overall and per group
 * and the student's points over time, which the dashboard draws. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_analytics.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db_analytics.h"
#include "db/db_summary.h"
#include "domain/analytics.h"
#include "domain/lesson.h"
#include "domain/report.h"

#define DAY_US		(86400LL * 1000000)
#define UPCOMING	5

static void
tenths(struct json_object *o, const char *key, int64_t t)
{
	if (t == ANALYTICS_NULL)
		json_add_null(o, key);
	else
		json_add_double(o, key, analytics_tenths(t));
}

struct json_object *
an_teacher_summary(struct req *r)
{
	struct teacher_summary	 t;
	struct json_object	*o, *list, *x;
	struct upcoming		*u;
	const char		*now, *since;
	int64_t			 us = lesson_now();
	size_t			 n, i;

	if ((now = dt_db(r->arena, us)) == NULL ||
	    (since = dt_db(r->arena, us - 30 * DAY_US)) == NULL ||
	    db_summary_teacher(r->arena, r->user->id, now, since, &t) == -1 ||
	    db_summary_upcoming(r->arena, r->user->id, now, UPCOMING, &u, &n) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return NULL;
	/* total_lessons in @early's sense (all of them; API.md h.3). */
	json_add_int(o, "total_lessons", t.total_lessons);
	json_add_int(o, "completed_lessons", t.completed_lessons);
	if (t.avg_duration_seconds < 0)
		json_add_null(o, "average_duration_seconds");
	else
		json_add_int(o, "average_duration_seconds", t.avg_duration_seconds);
	json_add_int(o, "recorded_lessons", t.recorded_lessons);
	tenths(o, "recording_ratio_percent", t.total_lessons > 0 ?
	    analytics_ratio(t.recorded_lessons, t.total_lessons) : 0);
	json_add_int(o, "total_students", t.total_students);
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		x = json_object_new_object();
		json_add_int(x, "id", u[i].id);
		json_add_str(x, "title", u[i].title);
		json_add_str(x, "start_time", dt_iso(r->arena, u[i].start_time));
		json_add_str(x, "group", strcmp(u[i].kind, "individual") == 0 ?
		    "Индивидуальный" : u[i].group_name);
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "upcoming_lessons", list);
	json_add_int(o, "teaching_minutes", t.teaching_minutes);
	/* @HEAD's estimate (teaching time + 15 %), kept for its UI: not a
	 * measured figure. */
	json_add_int(o, "portal_minutes", t.teaching_minutes * 115 / 100);
	json_add_int(o, "total_groups", t.total_groups);
	tenths(o, "avg_grading_days", t.avg_grading_seconds < 0 ? ANALYTICS_NULL :
	    (t.avg_grading_seconds * 10 + 43200) / 86400);
	json_add_int(o, "pending_submissions", t.pending_submissions);
	json_add_int(o, "graded_count_30d", t.graded_count_30d);
	json_add_int(o, "auto_graded_answers", t.auto_graded_answers);
	json_add_int(o, "time_saved_minutes", 2 * t.auto_graded_answers);
	tenths(o, "on_time_percent", analytics_ratio(t.on_time_students,
	    t.deadline_students));
	return o;
}

int
api_teacher_summary(struct req *r)
{
	struct json_object	*o;

	if ((o = an_teacher_summary(r)) == NULL)
		return api_db_error(r);
	return resp_json(r, 200, o);
}

/* The keys of a student's summary, for one group or overall. */
static void
student_keys(struct json_object *o, int64_t present, int64_t held,
    int64_t excused, int64_t marked, int64_t assigned, int64_t submitted,
    int64_t wrong, int64_t checked, int64_t score_pct)
{
	tenths(o, "attendance_percent", analytics_percent(present, held, excused));
	json_add_int(o, "attendance_present", present);
	json_add_int(o, "attendance_total_marked", marked);
	tenths(o, "homework_percent", analytics_ratio(submitted, assigned));
	tenths(o, "homework_score_percent", score_pct);
	json_add_int(o, "homeworks_total", assigned);
	json_add_int(o, "homeworks_completed", submitted);
	json_add_int(o, "homework_errors", wrong);
	json_add_int(o, "homework_answers_checked", checked);
}

int
an_student_groups(struct req *r, const char *month,
    struct student_report **out, size_t *n)
{
	struct student_group	*sg;
	struct an_member	*m;
	struct report_scope	 sc;
	size_t			 i, k, nm;
	int			 rc;

	if (db_summary_student_groups(r->arena, r->user->id, &sg, n) == -1 ||
	    (*out = arena_zalloc(r->arena, (*n + 1) * sizeof(**out))) == NULL)
		return -1;
	if (report_scope_month(&sc, month) == -1)
		return -1;
	for (i = 0; i < *n; i++) {
		(*out)[i].g = &sg[i];
		(*out)[i].ag.id = sg[i].id;
		(*out)[i].ag.name = sg[i].name;
		(*out)[i].ag.teacher_id = sg[i].teacher_id;
		if ((rc = db_an_group(r->arena, sg[i].id, &(*out)[i].ag, &m,
		    &nm)) != 1)
			return -1;
		for (k = 0; k < nm; k++)
			m[k].name = an_full_name(r->arena, &m[k]);
		if (report_build(r->arena, &(*out)[i].ag, m, nm, &sc, lesson_now(),
		    0, &(*out)[i].rep) == -1)
			return -1;
		(*out)[i].me = report_row_of(&(*out)[i].rep, r->user->id);
	}
	return 0;
}

/* The mean of score / points of the scored work, in tenths (as the report's
 * hw_score_percent): ratio is the exact sum of the ratios. */
static int64_t
score_percent(const char *ratio, int64_t scored)
{
	if (scored <= 0)
		return ANALYTICS_NULL;
	return (int64_t)(strtod(ratio != NULL ? ratio : "0", NULL) * 1000.0 /
	    (double)scored + 0.5 + 1e-9);
}

/* Each group's figures from its rollups (db_summary_student): one query a
 * group, the same numbers as the group's all-time report row. */
int
api_student_summary(struct req *r)
{
	struct json_object	*o, *list, *x, *t;
	struct student_group	*sg;
	struct student_sum	 s;
	const char		*now;
	int64_t			 sum[8], pct[64];
	size_t			 n, i, np = 0;

	memset(sum, 0, sizeof(sum));
	if ((now = dt_db(r->arena, lesson_now())) == NULL ||
	    db_summary_student_groups(r->arena, r->user->id, &sg, &n) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (db_summary_student(r->arena, r->user->id, sg[i].id, now,
		    &s) == -1)
			return api_db_error(r);
		x = json_object_new_object();
		json_add_int(x, "id", sg[i].id);
		json_add_str(x, "name", sg[i].name);
		t = json_object_new_object();
		json_add_int(t, "id", sg[i].teacher_id);
		json_add_str(t, "first_name", sg[i].teacher_first);
		json_add_str(t, "last_name", sg[i].teacher_last);
		json_object_object_add(x, "teacher", t);
		json_add_int(x, "students_count", s.members);
		if (np < sizeof(pct) / sizeof(pct[0]))
			pct[np++] = score_percent(s.ratio, s.scored);
		student_keys(x, s.present, s.held, s.excused,
		    s.present + s.absent + s.excused, s.assigned, s.submitted,
		    s.wrong, s.checked, score_percent(s.ratio, s.scored));
		json_object_array_add(list, x);
		sum[0] += s.present;
		sum[1] += s.held;
		sum[2] += s.excused;
		sum[3] += s.present + s.absent + s.excused;
		sum[4] += s.assigned;
		sum[5] += s.submitted;
		sum[6] += s.wrong;
		sum[7] += s.checked;
	}
	x = json_object_new_object();
	json_add_int(x, "groups_count", (int64_t)json_object_array_length(list));
	student_keys(x, sum[0], sum[1], sum[2], sum[3], sum[4], sum[5], sum[6],
	    sum[7], analytics_mean(pct, np));
	json_object_object_add(o, "overall", x);
	json_object_object_add(o, "groups", list);
	return resp_json(r, 200, o);
}

int
an_points_series(struct req *r, int64_t student, int months,
    const char ***labels, int64_t **values, size_t *n)
{
	struct month_points	*p;
	int64_t			 from, to, first, last, total, run;
	size_t			 np, i, k;
	char			 month[8];
	const char		*since;

	/* From the month months-1 before this one, to this one. */
	analytics_month_of(lesson_now(), month);
	for (i = 1; i < (size_t)months; i++) {
		if (analytics_month(month, &from, &to, &first, &last) == -1)
			return -1;
		analytics_month_of(from - 1, month);
	}
	if ((since = arena_printf(r->arena, "%s-01", month)) == NULL ||
	    db_summary_points(r->arena, student, since, &total, &p, &np) == -1 ||
	    (*labels = arena_zalloc(r->arena, (size_t)(months + 1) *
	    sizeof(**labels))) == NULL || (*values = arena_zalloc(r->arena,
	    (size_t)(months + 1) * sizeof(**values))) == NULL)
		return -1;
	/* The points earned by the end of each month, from the first ever:
	 * all of them, less the months from the first shown on, plus those
	 * up to the month's end. */
	run = total;
	for (k = 0; k < np; k++)
		run -= p[k].points;
	for (i = 0; i < (size_t)months; i++) {
		(*labels)[i] = arena_printf(r->arena, "%.2s.%.2s", month + 5,
		    month + 2);			/* "01.26" */
		for (k = 0; k < np; k++)
			if (strncmp(p[k].month, month, 7) == 0)
				run += p[k].points;
		(*values)[i] = run * 10;
		if (analytics_month(month, &from, &to, &first, &last) == -1)
			return -1;
		analytics_month_of(to, month);
	}
	*n = (size_t)months;
	return 0;
}
