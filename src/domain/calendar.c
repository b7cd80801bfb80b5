/* The calendar: real lessons and virtual weekly occurrences in a range. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "core/dt.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "db/db_recurring.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/calendar.h"
#include "domain/lesson.h"

#define DAY_US		(86400LL * 1000000)
#define US		1000000LL

int
calendar_week_ok(const char *week_type, int64_t day)
{
	if (strcmp(week_type, "ALL") == 0)
		return 1;
	if (strcmp(week_type, "UPPER") == 0)
		return dt_iso_week(day) % 2 == 0;
	if (strcmp(week_type, "LOWER") == 0)
		return dt_iso_week(day) % 2 == 1;
	return 0;
}

int
calendar_occurs(const struct recurring *x, int64_t day)
{
	return day >= x->first_day && day <= x->last_day &&
	    dt_weekday(day) == x->day_of_week && calendar_week_ok(x->week_type,
	    day);
}

int64_t
calendar_next(const struct recurring *x, int64_t day)
{
	int64_t	 d = day > x->first_day ? day : x->first_day;

	/* The weekday first, then whole weeks; parity repeats every two
	 * weeks except across a year of 53 weeks, hence the loop. */
	d += ((int64_t)x->day_of_week - dt_weekday(d) + 7) % 7;
	for (; d <= x->last_day; d += 7)
		if (calendar_week_ok(x->week_type, d))
			return d;
	return -1;
}

void
calendar_slot(const struct recurring *x, int64_t day, int64_t *start_us,
    int64_t *end_us)
{
	*start_us = dt_local_to_utc(day, x->start_sec) * US;
	*end_us = dt_local_to_utc(day, x->end_sec) * US;
}

static const char *
nz(const char *s)
{
	return s ? s : "";
}

/* One virtual occurrence before sorting: its date and its weekly lesson's
 * place in the (day_of_week, start_time, id) order. */
struct occ {
	int64_t		 date, start, end;
	size_t		 rl;
};

static int
occ_cmp(const void *pa, const void *pb)
{
	const struct occ	*a = pa, *b = pb;

	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->rl < b->rl ? -1 : a->rl > b->rl;
}

static int
is_done(const struct recurring *x, int64_t day)
{
	size_t	 i;

	for (i = 0; i < x->ndone; i++)
		if (x->done[i] == day)
			return 1;
	return 0;
}

/* Whether a real lesson of group covers [s, e); ev[0..n) by start. */
static int
covered(const struct calendar_event *ev, size_t n, int64_t group, int64_t s,
    int64_t e)
{
	size_t	 i;

	for (i = 0; i < n && ev[i].start_us <= s; i++)
		if (ev[i].group_id == group && ev[i].end_us >= e)
			return 1;
	return 0;
}

static int
real_events(struct arena *a, enum lesson_scope scope, int64_t user_id,
    int64_t from, int64_t to, int64_t group_id, int64_t teacher_id,
    struct calendar_event **evp, size_t *n)
{
	struct calendar_event	*ev;
	struct lesson_filter	 f;
	struct keyset		 ks = { .dir = KEYSET_FIRST,
				    .limit = CALENDAR_MAX_REAL };
	struct lesson		*l;
	size_t			 nl, i;
	int64_t			 s, e, now = lesson_now();

	/* No lesson lasts a day: those starting a day before from are
	 * enough, and the (…, start_time) indexes serve the range. */
	memset(&f, 0, sizeof(f));
	f.group_id = group_id;
	f.teacher_id = teacher_id;
	if ((f.start_lo = dt_db(a, from - DAY_US)) == NULL ||
	    (f.start_hi = dt_db(a, to)) == NULL)
		return -1;
	if (db_lesson_page(a, scope, user_id, &f, &ks, &l, &nl) == -1 ||
	    (*evp = ev = arena_zalloc(a, (nl + 1) * sizeof(*ev))) == NULL)
		return -1;
	*n = 0;
	for (i = 0; i < nl; i++) {
		if (dt_parse_iso(l[i].start_time, &s) == -1 ||
		    dt_parse_iso(l[i].end_time, &e) == -1 || e <= from)
			continue;
		ev[*n].kind = CAL_REAL;
		ev[*n].lesson_id = l[i].id;
		ev[*n].title = l[i].title;
		ev[*n].group_id = l[i].group_id;
		ev[*n].teacher_id = l[i].teacher_id;
		ev[*n].group_name = l[i].group_name;
		ev[*n].teacher_name = account_name_of(a, l[i].teacher_last,
		    l[i].teacher_first, l[i].teacher_middle, l[i].teacher_email);
		ev[*n].start_us = s;
		ev[*n].end_us = e;
		ev[*n].location = nz(l[i].location);
		ev[*n].topics = nz(l[i].topics);
		ev[*n].join_url = l[i].zoom_join_url;
		ev[*n].status = lesson_status(&l[i], now);
		ev[*n].lesson = &l[i];
		(*n)++;
	}
	return 0;
}

static enum lesson_scope
scope_of(const char *role)
{
	return strcmp(role, "admin") == 0 ? LSCOPE_ALL :
	    strcmp(role, "teacher") == 0 ? LSCOPE_TEACHER : LSCOPE_MEMBER;
}

int
calendar_lessons(struct arena *a, const char *role, int64_t user_id,
    int64_t from, int64_t to, int64_t group_id, int64_t teacher_id,
    struct calendar_event **out, size_t *n)
{
	return from >= to ? -1 : real_events(a, scope_of(role), user_id, from,
	    to, group_id, teacher_id, out, n);
}

int
calendar_events(struct arena *a, const char *role, int64_t user_id,
    int64_t from, int64_t to, int64_t group_id, int64_t teacher_id,
    struct calendar_event **out, size_t *n)
{
	enum lesson_scope	 ls;
	enum recurring_scope	 rs;
	struct calendar_event	*real, *ev, *v;
	struct recurring	*x;
	struct occ		*occ;
	size_t			 nreal, nx, nocc = 0, maxocc, i;
	int64_t			 lo, hi, sec, d, s, e;

	if (from >= to)
		return -1;
	if (strcmp(role, "admin") == 0)
		ls = LSCOPE_ALL, rs = RSCOPE_ALL;
	else if (strcmp(role, "teacher") == 0)
		ls = LSCOPE_TEACHER, rs = RSCOPE_TEACHER;
	else
		ls = LSCOPE_MEMBER, rs = RSCOPE_MEMBER;

	if (real_events(a, ls, user_id, from, to, group_id, teacher_id, &real,
	    &nreal) == -1)
		return -1;

	/* Local dates whose slots may meet the range, a day of margin. */
	dt_utc_to_local(from / US, &lo, &sec);
	dt_utc_to_local((to - 1) / US, &hi, &sec);
	lo--;
	hi++;
	if (db_recurring_span(a, rs, user_id, group_id, teacher_id,
	    dt_date(a, lo), dt_date(a, hi), &x, &nx) == -1)
		return -1;
	/* At most one occurrence a week for each weekly lesson. */
	maxocc = nx * (size_t)((hi - lo) / 7 + 1);
	if (maxocc > CALENDAR_MAX_VIRTUAL)
		maxocc = CALENDAR_MAX_VIRTUAL;
	if ((occ = arena_alloc(a, (maxocc + 1) * sizeof(*occ))) == NULL)
		return -1;
	for (i = 0; i < nx; i++)
		for (d = calendar_next(&x[i], lo); d != -1 && d <= hi &&
		    nocc < maxocc; d = calendar_next(&x[i], d + 1)) {
			calendar_slot(&x[i], d, &s, &e);
			if (s >= to || e <= from || is_done(&x[i], d) ||
			    covered(real, nreal, x[i].group_id, s, e))
				continue;
			occ[nocc].date = d;
			occ[nocc].start = s;
			occ[nocc].end = e;
			occ[nocc++].rl = i;
		}
	qsort(occ, nocc, sizeof(*occ), occ_cmp);

	if ((ev = arena_zalloc(a, (nreal + nocc + 1) * sizeof(*ev))) == NULL)
		return -1;
	memcpy(ev, real, nreal * sizeof(*ev));

	for (i = 0; i < nocc; i++) {
		const struct recurring	*r = &x[occ[i].rl];

		v = &ev[nreal + i];
		v->kind = CAL_VIRTUAL;
		v->recurring_id = r->id;
		v->date = occ[i].date;
		v->title = r->title;
		v->group_id = r->group_id;
		v->teacher_id = r->teacher_id;
		v->group_name = r->g.name;
		v->teacher_name = account_name_of(a, r->teacher_last, r->teacher_first,
		    r->teacher_middle, r->teacher_email);
		v->start_us = occ[i].start;
		v->end_us = occ[i].end;
		v->location = nz(r->location);
		v->topics = nz(r->topics);
		v->status = "scheduled";
		v->week_type = r->week_type;
		v->recurring = r;
	}
	*out = ev;
	*n = nreal + nocc;
	return 0;
}
