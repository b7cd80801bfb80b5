/* The rating, gradebook and report pages of a group, the report's
 * downloads for the page session, and the analytics parts of the
 * dashboards (the teacher's summary; the student's badges, groups and
 * points over time). Everything reads domain/report.c, as the API does. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_analytics.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "core/svg.h"
#include "db/db_badge.h"
#include "domain/analytics.h"
#include "domain/badge.h"
#include "domain/lesson.h"
#include "domain/report.h"

#define POINTS_MONTHS	6	/* the student's chart: this many months */

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

/* The report's bands (HMS:467-540): red to 70 %, orange to 90 %, green
 * above; lower is better for errors. */
static const char *
report_band(int64_t t, int lower_better)
{
	int64_t	 p;

	if (t == ANALYTICS_NULL)
		return "band-none";
	p = (t + 5) / 10;
	if (lower_better)
		p = 100 - p;
	return p >= 91 ? "band-green" : p >= 71 ? "band-orange" : "band-red";
}

static void
pct(struct req *r, struct json_object *o, const char *key, int64_t t,
    int lower_better)
{
	json_add_str(o, key, an_percent_text(r->arena, t));
	json_add_str(o, arena_printf(r->arena, "%s_band", key),
	    report_band(t, lower_better));
}

static struct json_object *
group_ctx(struct req *r, const struct an_group *g, const char *tab)
{
	struct json_object	*ctx, *o;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return NULL;
	o = json_object_new_object();
	json_add_int(o, "id", g->id);
	json_add_str(o, "name", g->name);
	json_object_object_add(ctx, "group", o);
	json_add_bool(ctx, tab, 1);
	json_add_bool(ctx, "is_teacher", r->user->role != R_STUDENT);
	return ctx;
}

/* A student's badges as chips, one per kind with how many ("Быстрый
 * старт ×3"), in the order first earned (rows by kind add their counts). */
static struct json_object *
badge_chips(struct req *r, const struct rp_badge *b, size_t n)
{
	struct json_object	*list = json_object_new_array(), *o;
	size_t			 i, k;
	int64_t			 count;

	for (i = 0; i < n; i++) {
		for (k = 0; k < i && strcmp(b[k].type, b[i].type) != 0; k++)
			;
		if (k < i)
			continue;	/* counted with the first of its kind */
		for (count = 0, k = i; k < n; k++)
			if (strcmp(b[k].type, b[i].type) == 0)
				count += b[k].count;
		o = json_object_new_object();
		json_add_str(o, "type", b[i].type);
		json_add_str(o, "title", count > 1 ? arena_printf(r->arena,
		    "%s ×%lld", badge_title(b[i].type), (long long)count) :
		    badge_title(b[i].type));
		json_add_str(o, "period", b[i].period);
		json_object_array_add(list, o);
	}
	return list;
}

/* -- the rating ---------------------------------------------------------- */

int
page_rating(struct req *r)
{
	struct json_object	*ctx, *list, *o;
	struct an_member	*m;
	struct report_scope	 sc;
	struct an_group		 g;
	struct report		 rep;
	const struct report_row	*x;
	const char		*month = req_query(r, "month");
	char			 ini[16];
	size_t			 n, i;

	if (an_group_or_reply(r, r->ids[0], AN_MEMBERS, &g, &m, &n) == -1)
		return 0;
	if (month != NULL && *month == '\0')
		month = NULL;
	if (month == NULL)
		report_scope_all(&sc);
	else if (report_scope_month(&sc, month) == -1)
		return resp_error(r, 400, "Месяц указывается как ГГГГ-ММ.");
	if (report_build(r->arena, &g, m, n, &sc, lesson_now(), 1, &rep) == -1)
		return resp_error(r, 503, db_down);
	if ((ctx = group_ctx(r, &g, "tab_rating")) == NULL)
		return resp_error(r, 500, "Internal server error");
	list = json_object_new_array();
	for (i = 0; i < rep.n; i++) {
		x = rep.ranked[i];
		o = json_object_new_object();
		json_add_int(o, "rank", x->rank);
		json_add_str(o, "name", x->m->name);
		analytics_initials(x->m->last, x->m->first, x->m->email, ini);
		json_add_str(o, "initials", ini);
		json_add_int(o, "color", (x->m->id % 6 + 6) % 6);
		json_add_int(o, "total", x->total_points);
		json_add_int(o, "att", x->att_points);
		json_add_int(o, "hw", x->hw_points);
		json_add_int(o, "cp", x->cp_points);
		json_add_bool(o, "me", x->m->id == r->user->id);
		json_object_object_add(o, "badges", badge_chips(r, x->badges,
		    x->nbadges));
		json_add_bool(o, "has_badges", x->nbadges > 0);
		json_object_array_add(list, o);
	}
	json_object_object_add(ctx, "rows", list);
	json_add_int(ctx, "n_rows", (int64_t)rep.n);
	json_add_str(ctx, "month", month ? month : "");
	json_add_str(ctx, "average", an_percent_text(r->arena, rep.average_points));
	return resp_html(r, 200, "analytics/rating", ctx, arena_printf(r->arena,
	    "Рейтинг · %s", g.name));
}

/* -- the gradebook, with a homework's score distribution ------------------ */

static const char *
distribution(struct req *r, const struct report_hw *h)
{
	static const char	*bands[] = { "0–9", "10–19", "20–29", "30–39",
	    "40–49", "50–59", "60–69", "70–79", "80–89", "90–100" };
	int64_t			 v[10], max = 0;
	struct svg_chart	 c;
	struct buf		 b;
	size_t			 i;

	for (i = 0; i < 10; i++) {
		v[i] = h->bins[i] * 10;
		max = h->bins[i] > max ? h->bins[i] : max;
	}
	memset(&c, 0, sizeof(c));
	c.y_max = (max + 3) / 4 * 40;	/* whole students on the four lines */
	c.kind = SVG_BARS;
	c.id = "score-chart";
	c.title = arena_printf(r->arena, "Распределение баллов: %s, %% от "
	    "максимума (%lld)", h->title, (long long)h->points);
	c.unit = " учен.";
	c.n = 10;
	c.labels = bands;
	c.values = v;
	buf_init(&b, r->arena);
	if (c.title == NULL || svg_chart(&b, &c) == -1)
		return NULL;
	return buf_str(&b);
}

int
page_gradebook(struct req *r)
{
	struct json_object	*ctx, *list, *o;
	struct an_member	*m;
	struct report_scope	 sc;
	struct an_group		 g;
	struct report		 rep;
	const struct report_row	*x;
	const struct report_hw	*sel = NULL;
	const char		*v = req_query(r, "homework");
	int64_t			 hw = 0;
	size_t			 n, i;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, &g, &m, &n) == -1)
		return 0;
	report_scope_all(&sc);
	if (report_build(r->arena, &g, m, n, &sc, lesson_now(), 0, &rep) == -1)
		return resp_error(r, 503, db_down);
	if ((ctx = group_ctx(r, &g, "tab_gradebook")) == NULL)
		return resp_error(r, 500, "Internal server error");
	list = json_object_new_array();
	for (i = 0; i < rep.n; i++) {
		x = &rep.rows[i];
		o = json_object_new_object();
		json_add_str(o, "name", x->m->name);
		json_add_int(o, "present", x->present);
		json_add_int(o, "absent", x->absent);
		json_add_int(o, "excused", x->excused);
		json_add_str(o, "att", an_percent_text(r->arena, x->att_percent));
		json_add_str(o, "att_band", an_band(x->att_percent));
		json_add_str(o, "hw_avg", an_percent_text(r->arena, x->hw_avg));
		pct(r, o, "hw_pct", x->hw_score_percent, 0);
		json_add_str(o, "cp_avg", an_percent_text(r->arena, x->cp_avg));
		json_add_int(o, "hw_done", x->hw_submitted);
		json_add_int(o, "hw_assigned", x->hw_assigned);
		json_object_array_add(list, o);
	}
	json_object_object_add(ctx, "rows", list);
	json_add_int(ctx, "n_rows", (int64_t)rep.n);
	/* The homework to draw: ?homework=, else the newest. */
	if (v != NULL && *v != '\0' &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &hw) == -1)
		return resp_error(r, 400, "Неверный номер задания.");
	list = json_object_new_array();
	for (i = 0; i < rep.nhw; i++) {
		if (rep.hw[i].id == hw || (hw == 0 && i == rep.nhw - 1))
			sel = &rep.hw[i];
		o = json_object_new_object();
		json_add_int(o, "id", rep.hw[i].id);
		json_add_str(o, "title", rep.hw[i].title);
		json_add_bool(o, "selected", &rep.hw[i] == sel);
		json_object_array_add(list, o);
	}
	if (hw != 0 && sel == NULL)
		return resp_error(r, 404, "Задание не найдено в этой группе.");
	json_object_object_add(ctx, "homework", list);
	json_add_int(ctx, "n_homework", (int64_t)rep.nhw);
	if (sel != NULL) {
		json_add_str(ctx, "chart", distribution(r, sel));
		json_add_int(ctx, "hw_scored", sel->scored);
		json_add_int(ctx, "hw_assigned", sel->assigned);
		json_add_int(ctx, "hw_submitted", sel->submitted);
	}
	return resp_html(r, 200, "analytics/gradebook", ctx, arena_printf(r->arena,
	    "Успеваемость · %s", g.name));
}

/* -- the report and its downloads ------------------------------------------- */

static int
report_or_reply(struct req *r, struct an_group *g, struct report *rep)
{
	struct an_member	*m;
	struct report_scope	 sc;
	int64_t			 from, to;
	size_t			 n;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, g, &m, &n) == -1 ||
	    an_dates_or_reply(r, &from, &to) == -1)
		return -1;
	report_scope_range(&sc, from, to);
	if (report_build(r->arena, g, m, n, &sc, lesson_now(), 0, rep) == -1)
		return resp_error(r, 503, db_down), -1;
	return 0;
}

int
page_report(struct req *r)
{
	struct json_object	*ctx, *list, *o, *avg;
	const struct report_row	*x;
	struct an_group		 g;
	struct report		 rep;
	const char		*from = req_query(r, "from"), *to = req_query(r, "to");
	size_t			 i;

	if (report_or_reply(r, &g, &rep) == -1)
		return 0;
	if ((ctx = group_ctx(r, &g, "tab_report")) == NULL)
		return resp_error(r, 500, "Internal server error");
	list = json_object_new_array();
	for (i = 0; i < rep.n; i++) {
		x = &rep.rows[i];
		o = json_object_new_object();
		json_add_int(o, "n", (int64_t)i + 1);
		json_add_str(o, "name", x->m->name);
		pct(r, o, "hw", x->hw_done_percent, 0);
		pct(r, o, "att", x->att_percent, 0);
		pct(r, o, "err", x->errors_percent, 1);
		json_add_int(o, "attended", x->present);
		json_add_int(o, "points", x->total_points);
		json_add_int(o, "rank", x->rank);
		json_object_array_add(list, o);
	}
	json_object_object_add(ctx, "rows", list);
	json_add_int(ctx, "n_rows", (int64_t)rep.n);
	avg = json_object_new_object();
	pct(r, avg, "hw", rep.hw_done_percent, 0);
	pct(r, avg, "att", rep.att_percent, 0);
	pct(r, avg, "err", rep.errors_percent, 1);
	json_object_object_add(ctx, "avg", avg);
	json_add_int(ctx, "held", rep.held);
	json_add_bool(ctx, "lessons_created", rep.lessons_all > 0);
	json_add_str(ctx, "from", from ? from : "");
	json_add_str(ctx, "to", to ? to : "");
	json_add_str(ctx, "range", arena_printf(r->arena, "%s%s%s%s",
	    from && *from ? "&from=" : "", from && *from ? from : "",
	    to && *to ? "&to=" : "", to && *to ? to : ""));
	return resp_html(r, 200, "analytics/report", ctx, arena_printf(r->arena,
	    "Отчёт · %s", g.name));
}

int
page_report_export(struct req *r)
{
	const char	*format = req_query(r, "format");
	struct an_group	 g;
	struct report	 rep;

	if (format == NULL || (strcmp(format, "csv") != 0 &&
	    strcmp(format, "xlsx") != 0))
		return resp_error(r, 400, "Формат выгрузки: csv или xlsx.");
	if (report_or_reply(r, &g, &rep) == -1)
		return 0;
	return an_export_or_reply(r, &rep, format);
}

/* -- the dashboards -------------------------------------------------------- */

void
an_dash_teacher(struct req *r, struct json_object *ctx)
{
	struct json_object	*o;

	if ((o = an_teacher_summary(r)) != NULL)
		json_object_object_add(ctx, "summary", json_object_get(o));
}

/* "декабрь 2026" of "2026-12". */
static const char *
month_title(struct arena *a, const char *month)
{
	static const char *const names[] = { "январь", "февраль", "март",
	    "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
	    "ноябрь", "декабрь" };
	int64_t	 m;

	if (strlen(month) != 7 || str_to_i64(month + 5, 2, 1, 12, &m) == -1)
		return month;
	return arena_printf(a, "%s %.4s", names[m - 1], month);
}

void
an_dash_student(struct req *r, struct json_object *ctx)
{
	struct json_object	*list, *o;
	struct student_report	*sr;
	struct rp_badge		*b;
	struct svg_chart	 c;
	struct buf		 buf;
	const char		**labels, *month;
	int64_t			*values;
	size_t			 n, i;

	if (db_badge_list(r->arena, r->user->id, 0, &b, &n) == 0 && n > 0) {
		json_object_object_add(ctx, "badges", badge_chips(r, b, n));
		json_add_int(ctx, "n_badges", (int64_t)n);
	}
	/* This month's figures: the whole history of every group would cost a
	 * dashboard its groups' years of lessons. */
	month = dt_date(r->arena, dt_today());
	if (month != NULL && (month = arena_strndup(r->arena, month, 7)) != NULL &&
	    an_student_groups(r, month, &sr, &n) == 0) {
		json_add_str(ctx, "an_month", month);
		json_add_str(ctx, "an_month_name", month_title(r->arena, month));
		list = json_object_new_array();
		for (i = 0; i < n; i++) {
			if (sr[i].me == NULL)
				continue;
			o = json_object_new_object();
			json_add_int(o, "id", sr[i].g->id);
			json_add_str(o, "name", sr[i].g->name);
			json_add_str(o, "att", an_percent_text(r->arena,
			    sr[i].me->att_percent));
			json_add_str(o, "att_band", an_band(sr[i].me->att_percent));
			json_add_int(o, "hw_done", sr[i].me->hw_submitted);
			json_add_int(o, "hw_assigned", sr[i].me->hw_assigned);
			json_add_int(o, "points", sr[i].me->total_points);
			json_add_int(o, "rank", sr[i].me->rank);
			json_add_int(o, "of", (int64_t)sr[i].rep.n);
			json_object_array_add(list, o);
		}
		json_object_object_add(ctx, "an_groups", list);
		json_add_int(ctx, "n_an_groups", (int64_t)json_object_array_length(list));
	}
	if (an_points_series(r, r->user->id, POINTS_MONTHS, &labels, &values,
	    &n) == 0) {
		memset(&c, 0, sizeof(c));
		c.kind = SVG_LINE;
		c.id = "points-chart";
		c.title = "Мои баллы по месяцам (нарастающим итогом)";
		c.unit = "";
		c.n = n;
		c.labels = labels;
		c.values = values;
		buf_init(&buf, r->arena);
		if (svg_chart(&buf, &c) == 0)
			json_add_str(ctx, "points_chart", buf_str(&buf));
	}
}
