/* The personal iCalendar feed's text, built with libical. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libical/ical.h>

#include "core/arena.h"
#include "core/dt.h"
#include "db/db_recurring.h"
#include "domain/calendar.h"
#include "domain/feed.h"

#define US		1000000LL
#define DAY		86400LL
/* How far past the window a weekly lesson's series is written out. */
#define SERIES_MARGIN	366

/* A time as libical's UTC time. */
static struct icaltimetype
utc(int64_t sec)
{
	return icaltime_from_timet_with_zone((time_t)sec, 0,
	    icaltimezone_get_utc_timezone());
}

/* The wall clock of day + sec in the zone, floating (its TZID is a
 * parameter of the property). */
static struct icaltimetype
wall(int64_t day, int64_t sec)
{
	return icaltime_from_timet_with_zone((time_t)(day * DAY + sec), 0, NULL);
}

static void
add(icalcomponent *c, icalproperty *p)
{
	if (p != NULL)
		icalcomponent_add_property(c, p);
}

static void
text(icalcomponent *c, icalproperty *(*make)(const char *), const char *s)
{
	if (s != NULL && *s != '\0')
		add(c, make(s));
}

/* DTSTART, DTEND or EXDATE of a weekly lesson: local with TZID, or UTC
 * when the zone is UTC. */
static icalproperty *
when(icalproperty *(*make)(struct icaltimetype), const char *zone,
    int64_t day, int64_t sec)
{
	icalproperty	*p;

	if (strcmp(zone, "UTC") == 0)
		return make(utc(dt_local_to_utc(day, sec)));
	if ((p = make(wall(day, sec))) != NULL)
		icalproperty_add_parameter(p, icalparameter_new_tzid(zone));
	return p;
}

static icalcomponent *
event(struct arena *a, const char *uid, const char *host, int64_t now,
    const char *title, const char *group, const char *location,
    const char *topics)
{
	icalcomponent	*ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);

	if (ev == NULL)
		return NULL;
	add(ev, icalproperty_new_uid(arena_printf(a, "%s@%s", uid, host)));
	add(ev, icalproperty_new_dtstamp(utc(now)));
	add(ev, icalproperty_new_summary(arena_printf(a, "%s - %s", title,
	    group)));
	text(ev, icalproperty_new_location, location);
	text(ev, icalproperty_new_description, topics);
	return ev;
}

static void
real(struct arena *a, icalcomponent *cal, const struct calendar_event *e,
    const char *host, int64_t now)
{
	icalcomponent	*ev;

	if ((ev = event(a, arena_printf(a, "lesson-%lld", (long long)e->lesson_id),
	    host, now, e->title, e->group_name, e->location, e->topics)) == NULL)
		return;
	add(ev, icalproperty_new_dtstart(utc(e->start_us / US)));
	add(ev, icalproperty_new_dtend(utc(e->end_us / US)));
	text(ev, icalproperty_new_url, e->join_url);
	add(ev, icalproperty_new_status(strcmp(e->status, "cancelled") == 0 ?
	    ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	icalcomponent_add_component(cal, ev);
}

/* Whether the calendar shows x's occurrence on day as a virtual event. */
static int
shown(const struct calendar_event *ev, size_t n, int64_t id, int64_t day)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (ev[i].kind == CAL_VIRTUAL && ev[i].recurring_id == id &&
		    ev[i].date == day)
			return 1;
	return 0;
}

/* One part of a weekly lesson's series: occurrences first..last, step
 * days apart, with EXDATEs for those in [from, to) the calendar hides. */
static void
series(struct arena *a, icalcomponent *cal, const struct recurring *x,
    int part, int64_t first, int64_t last, int step, const char *zone,
    const char *host, int64_t now, int64_t from, int64_t to,
    const struct calendar_event *ev, size_t nev)
{
	struct icalrecurrencetype	 rule;
	icalcomponent			*c;
	int64_t				 d, s, e;

	if ((c = event(a, part ? arena_printf(a, "recurring-%lld-%d",
	    (long long)x->id, part) : arena_printf(a, "recurring-%lld",
	    (long long)x->id), host, now, x->title, x->g.name, x->location,
	    x->topics)) == NULL)
		return;
	add(c, when(icalproperty_new_dtstart, zone, first, x->start_sec));
	add(c, when(icalproperty_new_dtend, zone, first, x->end_sec));
	icalrecurrencetype_clear(&rule);
	rule.freq = ICAL_WEEKLY_RECURRENCE;
	rule.interval = (short)(step / 7);
	rule.until = utc(dt_local_to_utc(last, x->start_sec));
	add(c, icalproperty_new_rrule(rule));
	for (d = first; d <= last; d += step) {
		calendar_slot(x, d, &s, &e);
		if (s < to && e > from && !shown(ev, nev, x->id, d))
			add(c, when(icalproperty_new_exdate, zone, d, x->start_sec));
	}
	add(c, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
	icalcomponent_add_component(cal, c);
}

/* A weekly lesson as one or more series: the two-week rhythm of UPPER
 * and LOWER breaks where a year has 53 ISO weeks. */
static void
weekly(struct arena *a, icalcomponent *cal, const struct recurring *x,
    const char *zone, const char *host, int64_t now, int64_t from,
    int64_t to, const struct calendar_event *ev, size_t nev)
{
	int64_t	 lo = from / US / DAY - SERIES_MARGIN;
	int64_t	 hi = to / US / DAY + SERIES_MARGIN, first, prev, d;
	int	 step = strcmp(x->week_type, "ALL") == 0 ? 7 : 14, part = 0;

	if ((first = calendar_next(x, lo)) == -1 || first > hi)
		return;
	for (prev = first; ; prev = d) {
		d = calendar_next(x, prev + 1);
		if (d != -1 && d <= hi && d - prev == step)
			continue;
		series(a, cal, x, part++, first, prev, step, zone, host, now,
		    from, to, ev, nev);
		if (d == -1 || d > hi)
			break;
		first = d;
	}
}

int
feed_ics(struct arena *a, const char *role, int64_t user_id,
    const char *zone, const char *host, int64_t now_us, const char **out)
{
	struct calendar_event	*ev;
	struct recurring	*x;
	icalcomponent		*cal, *vtz;
	icaltimezone		*tz;
	icalproperty		*p;
	size_t			 nev, nx, i;
	int64_t			 from, to, now = now_us / US;
	enum recurring_scope	 rs;
	char			*s;

	/* An error of libical's must fail this feed, not abort the worker. */
	icalerror_set_errors_are_fatal(0);
	from = now_us - FEED_DAYS_BACK * DAY * US;
	to = now_us + FEED_DAYS_AHEAD * DAY * US;
	rs = strcmp(role, "admin") == 0 ? RSCOPE_ALL :
	    strcmp(role, "teacher") == 0 ? RSCOPE_TEACHER : RSCOPE_MEMBER;
	if (calendar_events(a, role, user_id, from, to, 0, 0, &ev, &nev) == -1 ||
	    db_recurring_span(a, rs, user_id, 0, 0, dt_date(a, from / US / DAY),
	    dt_date(a, to / US / DAY), &x, &nx) == -1)
		return -1;

	if ((cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT)) == NULL)
		return -1;
	add(cal, icalproperty_new_prodid("-//Teaching Panel//tpanel//RU"));
	add(cal, icalproperty_new_version("2.0"));
	add(cal, icalproperty_new_calscale("GREGORIAN"));
	add(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	if ((p = icalproperty_new_x("Teaching Panel")) != NULL) {
		icalproperty_set_x_name(p, "X-WR-CALNAME");
		add(cal, p);
	}
	if (strcmp(zone, "UTC") != 0) {
		/* libical's own copy of the zone, under its plain name. */
		if ((tz = icaltimezone_get_builtin_timezone(zone)) == NULL ||
		    (vtz = icalcomponent_new_clone(
		    icaltimezone_get_component(tz))) == NULL) {
			icalcomponent_free(cal);
			return -1;
		}
		if ((p = icalcomponent_get_first_property(vtz,
		    ICAL_TZID_PROPERTY)) != NULL)
			icalproperty_set_tzid(p, zone);
		/* Only the rules from the earliest time written on. */
		icaltimezone_truncate_vtimezone(vtz, utc((from / US / DAY -
		    SERIES_MARGIN - 1) * DAY), icaltime_null_time(), 0);
		icalcomponent_add_component(cal, vtz);
	}
	for (i = 0; i < nev; i++)
		if (ev[i].kind == CAL_REAL)
			real(a, cal, &ev[i], host, now);
	for (i = 0; i < nx; i++)
		weekly(a, cal, &x[i], zone, host, now, from, to, ev, nev);

	s = icalcomponent_as_ical_string_r(cal);
	icalcomponent_free(cal);
	if (s == NULL)
		return -1;
	*out = arena_strdup(a, s);
	free(s);
	return *out ? 0 : -1;
}
