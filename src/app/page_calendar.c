/* Calendar pages: month, week (Monday first) and day views of what the
 * caller may see (domain/calendar.c: real lessons and virtual weekly
 * occurrences), in the configured zone; a lesson sits on the local date
 * it starts. */
#include "autoconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "domain/calendar.h"
#include "domain/lesson.h"

#define YEAR_MIN	1970
#define YEAR_MAX	9998	/* so that "next" always has a date */

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const char *const months[] = {
	"Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август",
	"Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
};

/* The events of the local days [first, first + ndays): the one place that
 * asks the domain, so the views never differ from the calendar feed. */
static int
events(struct req *r, int64_t first, int64_t ndays, struct calendar_event **ev,
    size_t *n)
{
	return calendar_events(r->arena, r->user->role_name, r->user->id,
	    page_day_start(first), page_day_start(first + ndays), 0, 0, ev, n);
}

static const char *
status_text(const struct calendar_event *e)
{
	if (e->kind == CAL_VIRTUAL)
		return "еженедельный";
	if (strcmp(e->status, "cancelled") == 0)
		return "отменено";
	if (strcmp(e->status, "live") == 0)
		return "идёт";
	if (strcmp(e->status, "completed") == 0)
		return "завершено";
	return "запланировано";
}

static struct json_object *
event_view(struct req *r, const struct calendar_event *e)
{
	struct json_object	*o = json_object_new_object();
	const char		*s, *t;

	s = dt_local_text(r->arena, e->start_us, DT_TEXT_TIME);
	t = dt_local_text(r->arena, e->end_us, DT_TEXT_TIME);
	json_add_str(o, "title", e->title);
	json_add_str(o, "group_name", e->group_name);
	json_add_str(o, "time", s && t ? arena_printf(r->arena, "%s–%s", s, t) :
	    "");
	json_add_str(o, "location", e->location);
	json_add_str(o, "status_text", status_text(e));
	json_add_bool(o, "virtual", e->kind == CAL_VIRTUAL);
	json_add_bool(o, "cancelled", e->kind == CAL_REAL &&
	    strcmp(e->status, "cancelled") == 0);
	if (e->kind == CAL_REAL)
		json_add_str(o, "url", arena_printf(r->arena, "/lessons/%lld",
		    (long long)e->lesson_id));
	else
		json_add_null(o, "url");
	return o;
}

/* days[i] = {date, num, today, events: [...]} for the local days
 * [first, first + ndays), each event on the day it starts. */
static struct json_object **
day_cells(struct req *r, int64_t first, int64_t ndays)
{
	struct json_object	**cell, *o;
	struct calendar_event	*ev;
	int64_t			 today = page_local_day(lesson_now()), d, dd;
	size_t			 n, i;
	const char		*date;

	if (events(r, first, ndays, &ev, &n) == -1 ||
	    (cell = arena_zalloc(r->arena, (size_t)ndays * sizeof(*cell))) == NULL)
		return NULL;
	for (d = 0; d < ndays; d++) {
		if ((date = dt_date(r->arena, first + d)) == NULL)
			return NULL;
		o = json_new_object(r->arena);
		json_add_str(o, "date", date);
		if (str_to_i64(date + 8, 2, 1, 31, &dd) == -1)
			return NULL;
		json_add_int(o, "num", dd);
		json_add_str(o, "weekday", dt_weekday_short(dt_weekday(first + d)));
		json_add_str(o, "text", dt_local_text(r->arena, page_day_start(
		    first + d), DT_TEXT_DATE));
		json_add_bool(o, "today", first + d == today);
		json_object_object_add(o, "events", json_object_new_array());
		cell[d] = o;
	}
	for (i = 0; i < n; i++) {
		d = page_local_day(ev[i].start_us) - first;
		if (d < 0 || d >= ndays)
			continue;	/* began the day before the view */
		json_object_object_get_ex(cell[d], "events", &o);
		json_object_array_add(o, event_view(r, &ev[i]));
	}
	return cell;
}

/* Whether a day cell of day_cells holds an event (the phone's list shows
 * only such days, or says there are none). */
static int
has_events(struct json_object *cell)
{
	struct json_object	*ev;

	return json_object_object_get_ex(cell, "events", &ev) &&
	    json_object_array_length(ev) > 0;
}

/* ?key= as YYYY-MM-DD within the years shown: 0 and *days (today when
 * absent), -1 after a 400 page. */
static int
date_or_reply(struct req *r, const char *key, int64_t *days)
{
	const char	*v = req_query(r, key);
	int64_t		 y;

	if (v == NULL || *v == '\0') {
		*days = page_local_day(lesson_now());
		return 0;
	}
	if (dt_parse_date(v, days) == -1 ||
	    str_to_i64(v, 4, YEAR_MIN, YEAR_MAX, &y) == -1)
		return resp_error(r, 400, "Неверная дата: ожидается ГГГГ-ММ-ДД, "
		    "например 2026-11-23."), -1;
	return 0;
}

static void
nav(struct req *r, struct json_object *ctx, const char *view, const char *key,
    const char *prev, const char *next, int64_t day)
{
	const char	*date = dt_date(r->arena, day);

	json_add_str(ctx, "prev_url", arena_printf(r->arena, "/calendar%s?%s=%s",
	    view, key, prev));
	json_add_str(ctx, "next_url", arena_printf(r->arena, "/calendar%s?%s=%s",
	    view, key, next));
	json_add_str(ctx, "today_url", arena_printf(r->arena, "/calendar%s", view));
	json_add_str(ctx, "month_url", arena_printf(r->arena,
	    "/calendar?month=%.7s", date));
	json_add_str(ctx, "week_url", arena_printf(r->arena,
	    "/calendar/week?date=%s", date));
	json_add_str(ctx, "day_url", arena_printf(r->arena,
	    "/calendar/day?date=%s", date));
	json_add_bool(ctx, "is_teacher", r->user->role == R_TEACHER);
	json_add_str(ctx, "zone", r->cfg->time_zone);
}

static struct json_object *
weekday_names(void)
{
	struct json_object	*a = json_object_new_array();
	int			 i;

	for (i = 0; i < 7; i++)
		json_object_array_add(a, json_object_new_string(dt_weekday_short(i)));
	return a;
}

/* Days since 1970-01-01 of y-m-01 (m may be 0 or 13: the year around). */
static int64_t
month_first(struct arena *a, int64_t y, int64_t m)
{
	const char	*s;
	int64_t		 d;

	if (m < 1)
		y--, m = 12;
	else if (m > 12)
		y++, m = 1;
	s = arena_printf(a, "%04lld-%02lld-01", (long long)y, (long long)m);
	return s != NULL && dt_parse_date(s, &d) == 0 ? d : -1;
}

int
page_calendar_month(struct req *r)
{
	struct json_object	*ctx, *weeks, *week, *days = NULL, **cell;
	const char		*v = req_query(r, "month"), *title;
	int64_t			 y, m, first, last, start, ndays, d;

	if (v == NULL || *v == '\0')
		v = dt_date(r->arena, page_local_day(lesson_now()));
	else if (strlen(v) != 7 || v[4] != '-')
		v = NULL;
	if (v == NULL || str_to_i64(v, 4, YEAR_MIN, YEAR_MAX, &y) == -1 ||
	    str_to_i64(v + 5, 2, 1, 12, &m) == -1)
		return resp_error(r, 400, "Неверный месяц: ожидается ГГГГ-ММ, "
		    "например 2026-11.");
	first = month_first(r->arena, y, m);
	last = month_first(r->arena, y, m + 1) - 1;
	/* The grid: the Monday on or before the 1st to the Sunday on or
	 * after the last day. */
	start = first - dt_weekday(first);
	ndays = last + (6 - dt_weekday(last)) - start + 1;
	if (first < 0 || last < first || (cell = day_cells(r, start, ndays)) == NULL ||
	    (ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 503, db_down);
	weeks = json_object_new_array();
	for (d = 0; d < ndays; d++) {
		if (d % 7 == 0) {
			week = json_object_new_object();
			days = json_object_new_array();
			json_object_object_add(week, "days", days);
			json_object_array_add(weeks, week);
		}
		json_add_bool(cell[d], "other", start + d < first || start + d > last);
		if (start + d >= first && start + d <= last && has_events(cell[d]))
			json_add_bool(ctx, "has_events", 1);
		json_object_array_add(days, json_object_get(cell[d]));
	}
	json_object_object_add(ctx, "weeks", weeks);
	json_object_object_add(ctx, "weekdays", weekday_names());
	title = arena_printf(r->arena, "%s %lld", months[m - 1], (long long)y);
	json_add_str(ctx, "heading", title);
	nav(r, ctx, "", "month", arena_printf(r->arena, "%.7s", dt_date(r->arena,
	    first - 1)), arena_printf(r->arena, "%.7s", dt_date(r->arena,
	    last + 1)), first);
	json_add_bool(ctx, "is_month", 1);
	return resp_html(r, 200, "calendar/month", ctx, title);
}

int
page_calendar_week(struct req *r)
{
	struct json_object	*ctx, *days, **cell;
	const char		*title;
	int64_t			 day, mon, d;

	if (date_or_reply(r, "date", &day) == -1)
		return 0;
	mon = day - dt_weekday(day);
	if ((cell = day_cells(r, mon, 7)) == NULL ||
	    (ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 503, db_down);
	days = json_object_new_array();
	for (d = 0; d < 7; d++) {
		if (has_events(cell[d]))
			json_add_bool(ctx, "has_events", 1);
		json_object_array_add(days, json_object_get(cell[d]));
	}
	json_object_object_add(ctx, "days", days);
	title = arena_printf(r->arena, "Неделя %s – %s",
	    dt_local_text(r->arena, page_day_start(mon), DT_TEXT_DATE),
	    dt_local_text(r->arena, page_day_start(mon + 6), DT_TEXT_DATE));
	json_add_str(ctx, "heading", title);
	nav(r, ctx, "/week", "date", dt_date(r->arena, mon - 7),
	    dt_date(r->arena, mon + 7), day);
	json_add_bool(ctx, "is_week", 1);
	return resp_html(r, 200, "calendar/week", ctx, title);
}

int
page_calendar_day(struct req *r)
{
	struct json_object	*ctx, **cell;
	const char		*title;
	int64_t			 day;

	if (date_or_reply(r, "date", &day) == -1)
		return 0;
	if ((cell = day_cells(r, day, 1)) == NULL ||
	    (ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 503, db_down);
	json_object_object_add(ctx, "day", json_object_get(cell[0]));
	title = arena_printf(r->arena, "%s, %s", dt_weekday_short(dt_weekday(day)),
	    dt_local_text(r->arena, page_day_start(day), DT_TEXT_DATE));
	json_add_str(ctx, "heading", title);
	nav(r, ctx, "/day", "date", dt_date(r->arena, day - 1),
	    dt_date(r->arena, day + 1), day);
	json_add_bool(ctx, "is_day", 1);
	return resp_html(r, 200, "calendar/day", ctx, title);
}
