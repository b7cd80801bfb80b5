/* A group's rating, gradebook and report (PHASE2-3.md 2.2, 2.4, 2.7), every
 * shape of them, and the report's CSV and XLSX: all read domain/report.c.
 *   GET /api/groups/{id}/rating/[?month=YYYY-MM]
 *   GET /api/teacher-stats/group_rating/?group_id=     (HMS's shape)
 *   GET /api/gradebook/?group=
 *   GET /api/groups/{id}/report/[?from=&to=]
 *   GET /api/analytics/summary-report/?group_id=[&from=&to=]   (HMS's shape)
 *   GET /api/groups/{id}/report/export/?format=csv|xlsx[&from=&to=] */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/app_analytics.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "core/table.h"
#include "core/xlsx.h"
#include "domain/analytics.h"
#include "domain/badge.h"
#include "domain/lesson.h"
#include "domain/report.h"

#define FORBIDDEN	"You do not have permission to perform this action."

static void
tenths(struct json_object *o, const char *key, int64_t t)
{
	if (t == ANALYTICS_NULL)
		json_add_null(o, key);
	else
		json_add_double(o, key, analytics_tenths(t));
}

/* "HH:MM:SS" of seconds (hours may pass 99). */
static const char *
hms(struct arena *a, int64_t s)
{
	return arena_printf(a, "%02lld:%02lld:%02lld", (long long)(s / 3600),
	    (long long)(s / 60 % 60), (long long)(s % 60));
}

struct json_object *
an_view_badges(struct arena *a, const struct rp_badge *b, size_t n,
    int with_student)
{
	struct json_object	*list, *o;
	size_t			 i;

	if ((list = json_new_array(a)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		if (with_student)
			json_add_int(o, "student_id", b[i].student_id);
		json_add_str(o, "badge_type", b[i].type);
		json_add_str(o, "title", badge_title(b[i].type));
		if (b[i].homework_id > 0)
			json_add_int(o, "homework_id", b[i].homework_id);
		else
			json_add_null(o, "homework_id");
		json_add_str(o, "period", b[i].period);
		json_add_str(o, "earned_at", dt_iso(a, b[i].earned_at));
		json_object_array_add(list, o);
	}
	return list;
}

/* A rating row's badges by kind: [{"badge_type","title","count",
 * "last_earned_at"}] (the list itself is GET /api/badges/). */
static struct json_object *
badge_kinds(struct arena *a, const struct rp_badge *b, size_t n)
{
	struct json_object	*list, *o;
	size_t			 i;

	if ((list = json_new_array(a)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_str(o, "badge_type", b[i].type);
		json_add_str(o, "title", badge_title(b[i].type));
		json_add_int(o, "count", b[i].count);
		json_add_str(o, "last_earned_at", dt_iso(a, b[i].earned_at));
		json_object_array_add(list, o);
	}
	return list;
}

/* -- the rating -------------------------------------------------------- */

/* ?month=: 0 and *sc (everything when absent), -1 after a 400. */
static int
month_or_reply(struct req *r, struct report_scope *sc, const char **month)
{
	*month = req_query(r, "month");
	if (*month == NULL || **month == '\0') {
		*month = NULL;
		return report_scope_all(sc);
	}
	if (report_scope_month(sc, *month) == -1)
		return input_field_error(r, "month", "Enter a month as YYYY-MM."), -1;
	return 0;
}

struct json_object *
an_view_rating(struct req *r, const struct report *rep, const char *month,
    const struct report_scope *sc)
{
	struct json_object	*o, *list, *row, *st, *per;
	const struct report_row	*x;
	size_t			 i;
	int			 emails = r->user->role != R_STUDENT;

	if ((o = json_new_object(r->arena)) == NULL)
		return NULL;
	list = json_object_new_array();
	for (i = 0; i < rep->n; i++) {
		x = rep->ranked[i];
		row = json_object_new_object();
		json_add_int(row, "rank", x->rank);
		json_add_int(row, "student_id", x->m->id);
		json_add_str(row, "student_name", x->m->name);
		if (emails)
			json_add_str(row, "email", x->m->email);
		json_add_int(row, "total_points", x->total_points);
		json_add_int(row, "attendance_points", x->att_points);
		json_add_int(row, "homework_points", x->hw_points);
		json_add_int(row, "control_points", x->cp_points);
		json_add_int(row, "tests_done", x->tests_done);
		tenths(row, "correct_percent", x->correct_percent);
		json_add_int(row, "time_spent_seconds", x->seconds);
		json_add_str(row, "avatar_color", analytics_avatar_color(x->m->id));
		json_object_object_add(row, "badges", json_object_get(
		    badge_kinds(r->arena, x->badges, x->nbadges)));
		json_object_array_add(list, row);
	}
	json_object_object_add(o, "students", list);
	st = json_object_new_object();
	tenths(st, "average_points", rep->average_points);
	json_add_int(st, "total_students", (int64_t)rep->n);
	json_object_object_add(o, "group_stats", st);
	per = json_object_new_object();
	if (month == NULL)
		json_add_str(per, "type", "all_time");
	else {
		json_add_str(per, "type", "month");
		json_add_str(per, "month", month);
		json_add_str(per, "start_date", dt_date(r->arena, sc->first_day));
		json_add_str(per, "end_date", dt_date(r->arena, sc->last_day));
	}
	json_object_object_add(o, "period", per);
	return o;
}

int
api_rating(struct req *r)
{
	struct an_member	*m;
	struct report_scope	 sc;
	struct an_group		 g;
	struct report		 rep;
	struct json_object	*o;
	const char		*month;
	size_t			 n;

	if (an_group_or_reply(r, r->ids[0], AN_MEMBERS, &g, &m, &n) == -1 ||
	    month_or_reply(r, &sc, &month) == -1)
		return 0;
	if (report_build(r->arena, &g, m, n, &sc, lesson_now(), 1, &rep) == -1 ||
	    (o = an_view_rating(r, &rep, month, &sc)) == NULL)
		return api_db_error(r);
	return resp_json(r, 200, o);
}

/* ?<key>= naming a group: 0 and *id, -1 after a 400 (absent or not a
 * number). */
static int
group_param_or_reply(struct req *r, const char *key, int64_t *id)
{
	const char	*v = req_query(r, key);

	if (v == NULL || *v == '\0')
		return input_field_error(r, key, "This field is required."), -1;
	if (str_to_i64(v, strlen(v), 1, INT64_MAX, id) == -1)
		return input_field_error(r, key, "A valid integer is required."), -1;
	return 0;
}

/* HMS:580-594: {"students": [{"rank", "student_id", "name", "avatar_color",
 * "stats", "time_spent", "total_score"}]}. */
int
api_group_rating_hms(struct req *r)
{
	struct json_object	*o, *list, *row;
	struct an_member	*m;
	struct report_scope	 sc;
	struct an_group		 g;
	struct report		 rep;
	const struct report_row	*x;
	int64_t			 id;
	size_t			 n, i;

	if (group_param_or_reply(r, "group_id", &id) == -1 ||
	    an_group_or_reply(r, id, AN_OWNER, &g, &m, &n) == -1)
		return 0;
	report_scope_all(&sc);
	if (report_build(r->arena, &g, m, n, &sc, lesson_now(), 0, &rep) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	list = json_object_new_array();
	for (i = 0; i < rep.n; i++) {
		x = rep.ranked[i];
		row = json_object_new_object();
		json_add_int(row, "rank", x->rank);
		json_add_int(row, "student_id", x->m->id);
		json_add_str(row, "name", x->m->name);
		json_add_str(row, "avatar_color", analytics_avatar_color(x->m->id));
		json_add_str(row, "stats", arena_printf(r->arena, "Выполнил %lld "
		    "тестов, %s%% правильно", (long long)x->tests_done,
		    x->correct_percent == ANALYTICS_NULL ? "0" :
		    arena_printf(r->arena, "%lld", (long long)((x->correct_percent +
		    5) / 10))));
		json_add_str(row, "time_spent", hms(r->arena, x->seconds));
		json_add_int(row, "total_score", x->total_points);
		json_object_array_add(list, row);
	}
	json_object_object_add(o, "students", list);
	return resp_json(r, 200, o);
}

/* -- the gradebook ----------------------------------------------------- */

struct json_object *
an_view_gradebook_row(struct arena *a, const struct report_row *x)
{
	struct json_object	*row = json_object_new_object();

	json_add_int(row, "student_id", x->m->id);
	json_add_str(row, "student_email", x->m->email);
	json_add_str(row, "student_name", x->m->name);
	json_add_int(row, "attendance_present", x->present);
	json_add_int(row, "attendance_absent", x->absent);
	json_add_int(row, "attendance_excused", x->excused);
	tenths(row, "attendance_percent", x->att_percent);
	tenths(row, "homework_avg", x->hw_avg);
	tenths(row, "control_points_avg", x->cp_avg);
	tenths(row, "homework_percent_avg", x->hw_score_percent);
	(void)a;
	return row;
}

/* API.md h.3 with @HEAD's checks: its teacher and admins read every row,
 * a member student their own; anyone else 403 (this takes the group from
 * the query, as the original: a non-numeric one is 400, an unknown 404). */
int
api_gradebook(struct req *r)
{
	struct json_object	*o, *list;
	struct an_member	*m;
	struct report_scope	 sc;
	struct an_group		 g;
	struct report		 rep;
	int64_t			 id;
	size_t			 n, i;
	int			 rc, member = 0;

	if (group_param_or_reply(r, "group", &id) == -1)
		return 0;
	if ((rc = db_an_group(r->arena, id, &g, &m, &n)) == -1)
		return api_db_error(r);
	if (rc == 0)
		return resp_error(r, 404, "Not found.");
	for (i = 0; i < n; i++) {
		m[i].name = an_full_name(r->arena, &m[i]);
		member |= m[i].id == r->user->id;
	}
	if ((r->user->role == R_TEACHER && g.teacher_id != r->user->id) ||
	    (r->user->role == R_STUDENT && !member))
		return resp_error(r, 403, FORBIDDEN);
	report_scope_all(&sc);
	if (report_build(r->arena, &g, m, n, &sc, lesson_now(), 0, &rep) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "group", g.name);
	json_add_int(o, "group_id", g.id);
	list = json_object_new_array();
	for (i = 0; i < rep.n; i++)
		if (r->user->role != R_STUDENT || rep.rows[i].m->id == r->user->id)
			json_object_array_add(list, an_view_gradebook_row(r->arena,
			    &rep.rows[i]));
	json_object_object_add(o, "students", list);
	return resp_json(r, 200, o);
}

/* -- the report --------------------------------------------------------- */

static int
report_or_reply(struct req *r, int64_t id, struct an_group *g,
    struct report *rep)
{
	struct an_member	*m;
	struct report_scope	 sc;
	int64_t			 from, to;
	size_t			 n;

	if (an_group_or_reply(r, id, AN_OWNER, g, &m, &n) == -1 ||
	    an_dates_or_reply(r, &from, &to) == -1)
		return -1;
	report_scope_range(&sc, from, to);
	if (report_build(r->arena, g, m, n, &sc, lesson_now(), 0, rep) == -1)
		return api_db_error(r), -1;
	return 0;
}

struct json_object *
an_view_report(struct arena *a, const struct report *rep)
{
	struct json_object	*o, *list, *row, *x, *meta;
	const struct report_row	*s;
	size_t			 i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "group_id", rep->g->id);
	json_add_str(o, "group_name", rep->g->name);
	tenths(o, "attendance_percent", rep->att_percent);
	tenths(o, "homework_percent", rep->hw_done_percent);
	tenths(o, "homework_score_percent", rep->hw_score_percent);
	tenths(o, "control_points_percent", rep->cp_percent);
	tenths(o, "errors_percent", rep->errors_percent);
	json_add_int(o, "total_lessons", rep->held);
	json_add_bool(o, "lessons_created", rep->lessons_all > 0);
	json_add_int(o, "total_students", (int64_t)rep->n);
	json_add_int(o, "total_homework", rep->homework);
	json_add_int(o, "total_control_points", rep->control_points);
	list = json_object_new_array();
	for (i = 0; i < rep->n; i++) {
		s = &rep->rows[i];
		row = json_object_new_object();
		json_add_int(row, "student_id", s->m->id);
		json_add_str(row, "name", s->m->name);
		json_add_str(row, "email", s->m->email);
		x = json_object_new_object();
		json_add_int(x, "total_lessons", rep->held);
		json_add_int(x, "attended", s->present);
		json_add_int(x, "absent", s->absent);
		json_add_int(x, "excused", s->excused);
		json_add_int(x, "watched_recording", 0);
		json_add_int(x, "late", s->late);
		tenths(x, "percent", s->att_percent);
		json_object_object_add(row, "attendance", x);
		x = json_object_new_object();
		json_add_int(x, "total_homework", s->hw_assigned);
		json_add_int(x, "submitted", s->hw_submitted);
		json_add_int(x, "graded", s->hw_graded);
		json_add_int(x, "missing", s->hw_missing);
		tenths(x, "percent", s->hw_done_percent);
		tenths(x, "avg_score", s->hw_avg);
		tenths(x, "score_percent", s->hw_score_percent);
		tenths(x, "errors_percent", s->errors_percent);
		json_object_object_add(row, "homework", x);
		x = json_object_new_object();
		json_add_int(x, "points", s->cp_points);
		json_add_int(x, "results", s->cp_results);
		tenths(x, "percent", s->cp_percent);
		json_object_object_add(row, "control_points", x);
		x = json_object_new_object();
		json_add_int(x, "total_points", s->total_points);
		json_add_int(x, "rank", s->rank);
		json_object_object_add(row, "rating", x);
		json_object_array_add(list, row);
	}
	json_object_object_add(o, "students", list);
	meta = json_object_new_object();
	json_add_str(meta, "lessons_scope", "past_only");
	json_add_int(meta, "late_threshold_minutes", 0);
	json_add_str(meta, "homework_scope", "published_assigned_to_group");
	json_object_object_add(o, "meta", meta);
	return o;
}

int
api_report(struct req *r)
{
	struct an_group	 g;
	struct report	 rep;

	if (report_or_reply(r, r->ids[0], &g, &rep) == -1)
		return 0;
	return resp_json(r, 200, an_view_report(r->arena, &rep));
}

/* HMS:596-620. */
int
api_summary_report(struct req *r)
{
	struct json_object	*o, *list, *row, *avg;
	const struct report_row	*s;
	struct an_group		 g;
	struct report		 rep;
	int64_t			 id;
	size_t			 i;

	if (group_param_or_reply(r, "group_id", &id) == -1 ||
	    report_or_reply(r, id, &g, &rep) == -1)
		return 0;
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	list = json_object_new_array();
	for (i = 0; i < rep.n; i++) {
		s = &rep.rows[i];
		row = json_object_new_object();
		json_add_int(row, "id", s->m->id);
		json_add_str(row, "name", s->m->name);
		tenths(row, "homework_percent", s->hw_done_percent);
		tenths(row, "attendance_percent", s->att_percent);
		tenths(row, "errors_percent", s->errors_percent);
		json_add_int(row, "total_lessons", rep.held);
		json_add_int(row, "attended_lessons", s->present);
		json_object_array_add(list, row);
	}
	json_object_object_add(o, "students", list);
	avg = json_object_new_object();
	tenths(avg, "homework_percent", rep.hw_done_percent);
	tenths(avg, "attendance_percent", rep.att_percent);
	tenths(avg, "errors_percent", rep.errors_percent);
	json_object_object_add(o, "average", avg);
	json_add_bool(o, "lessons_created", rep.lessons_all > 0);
	return resp_json(r, 200, o);
}

/* -- the export ---------------------------------------------------------- */

static const char *const headers[] = {
	"№", "Ученик", "Email", "Занятий проведено", "Посетил", "Пропустил",
	"Уважительная причина", "Посещаемость, %", "ДЗ назначено", "ДЗ сдано",
	"ДЗ проверено", "ДЗ не сдано", "Решено ДЗ, %", "Средний балл ДЗ, %",
	"Ошибок, %", "Контрольные точки, баллы", "Рейтинг, баллы", "Место",
};
static const double widths[] = {
	5, 32, 28, 12, 10, 11, 14, 14, 11, 10, 12, 11, 11, 14, 10, 14, 12, 8,
};
#define NCOLS	(sizeof(headers) / sizeof(headers[0]))

static struct cell
c_int(int64_t v)
{
	return (struct cell){ CELL_INT, NULL, v };
}

static struct cell
c_tenths(int64_t v)
{
	return v == ANALYTICS_NULL ? (struct cell){ CELL_EMPTY, NULL, 0 } :
	    (struct cell){ CELL_TENTHS, NULL, v };
}

static struct cell
c_text(const char *s)
{
	return (struct cell){ CELL_TEXT, s, 0 };
}

/* The report as PHASE2-3.md 2.7's 18 columns: a row per student by name,
 * then "Среднее" with the group's means of the numeric columns. The
 * missed lessons are those held less present and excused (an unmarked
 * held lesson is missed). */
int
an_report_table(struct arena *a, const struct report *rep, struct table *t)
{
	struct cell		*c;
	const struct report_row	*s;
	int64_t			 sum[NCOLS];
	size_t			 i, j, k, n = rep->n;

	memset(t, 0, sizeof(*t));
	memset(sum, 0, sizeof(sum));
	if ((c = arena_zalloc(a, (n + 1) * NCOLS * sizeof(*c))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		s = &rep->rows[i];
		k = i * NCOLS;
		c[k] = c_int((int64_t)i + 1);
		c[k + 1] = c_text(s->m->name);
		c[k + 2] = c_text(s->m->email);
		c[k + 3] = c_int(rep->held);
		c[k + 4] = c_int(s->present);
		c[k + 5] = c_int(rep->held - s->present - s->excused);
		c[k + 6] = c_int(s->excused);
		c[k + 7] = c_tenths(s->att_percent);
		c[k + 8] = c_int(s->hw_assigned);
		c[k + 9] = c_int(s->hw_submitted);
		c[k + 10] = c_int(s->hw_graded);
		c[k + 11] = c_int(s->hw_missing);
		c[k + 12] = c_tenths(s->hw_done_percent);
		c[k + 13] = c_tenths(s->hw_score_percent);
		c[k + 14] = c_tenths(s->errors_percent);
		c[k + 15] = c_int(s->cp_points);
		c[k + 16] = c_int(s->total_points);
		c[k + 17] = c_int(s->rank);
		for (j = 3; j < 17; j++)
			if (c[k + j].kind == CELL_INT)
				sum[j] += c[k + j].i;
	}
	/* Среднее: the means of the counts, the group's percents. */
	k = n * NCOLS;
	c[k + 1] = c_text("Среднее");
	for (i = 3; i < 17; i++)
		c[k + i] = n > 0 ? c_tenths((sum[i] * 10 + (int64_t)n / 2) /
		    (int64_t)n) : c_tenths(ANALYTICS_NULL);
	c[k + 7] = c_tenths(rep->att_percent);
	c[k + 12] = c_tenths(rep->hw_done_percent);
	c[k + 13] = c_tenths(rep->hw_score_percent);
	c[k + 14] = c_tenths(rep->errors_percent);
	t->sheet = "Отчёт";
	t->ncols = NCOLS;
	t->nrows = n + 1;
	t->headers = headers;
	t->widths = widths;
	t->cells = c;
	return 0;
}

int
an_export_or_reply(struct req *r, const struct report *rep, const char *format)
{
	struct table	 t;
	struct buf	 b;
	const char	*ext, *ctype, *name, *disp, *d;
	char		*bytes;
	size_t		 len;

	if (strcmp(format, "csv") == 0) {
		ext = "csv";
		ctype = "text/csv; charset=utf-8";
	} else if (strcmp(format, "xlsx") == 0) {
		ext = "xlsx";
		ctype = "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet";
	} else
		return resp_error(r, 400, r->face == FACE_HTML ? "Формат выгрузки: "
		    "csv или xlsx." : "format must be csv or xlsx.");
	if (an_report_table(r->arena, rep, &t) == -1)
		return resp_error(r, 500, "Internal server error");
	if (*ext == 'c') {
		buf_init(&b, r->arena);
		if (csv_table(&b, &t) == -1)
			return resp_error(r, 500, "Internal server error");
		bytes = b.p;
		len = b.len;
	} else if (xlsx_table(r->arena, &t, &bytes, &len) == -1)
		return resp_error(r, 500, "Internal server error");
	/* group-<id>-report-<YYYYMMDD>.<ext>, today in the configured zone. */
	if ((d = dt_date(r->arena, page_local_day(lesson_now()))) == NULL ||
	    (name = arena_printf(r->arena, "group-%lld-report-%.4s%.2s%.2s.%s",
	    (long long)rep->g->id, d, d + 5, d + 8, ext)) == NULL)
		return resp_error(r, 500, "Internal server error");
	disp = arena_printf(r->arena, "attachment; filename=\"%s\"; "
	    "filename*=UTF-8''%s", name, name);
	resp_text(r, 200, ctype, bytes, len);
	resp_header(r, "Content-Disposition", disp);
	resp_header(r, "Cache-Control", "private, no-store");
	return 0;
}

int
api_report_export(struct req *r)
{
	struct an_group	 g;
	struct report	 rep;
	const char	*format = req_query(r, "format");

	if (format == NULL || (strcmp(format, "csv") != 0 &&
	    strcmp(format, "xlsx") != 0))
		return input_field_error(r, "format", "Choose csv or xlsx.");
	if (report_or_reply(r, r->ids[0], &g, &rep) == -1)
		return 0;
	return an_export_or_reply(r, &rep, format);
}
