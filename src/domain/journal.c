/* The attendance journal: lessons × students, marks, Zoom presence. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/dt.h"
#include "db/db_group.h"
#include "db/db_journal.h"
#include "db/db_lesson.h"
#include "db/db_recurring.h"
#include "domain/analytics.h"
#include "domain/calendar.h"
#include "domain/journal.h"
#include "domain/lesson.h"

#define US		1000000LL
#define DAY_US		(86400LL * US)
#define DB_MIN		"1000-01-01 00:00:00.000000"
#define DB_MAX		"9999-12-31 23:59:59.999999"

const char *
journal_status_out(const char *s)
{
	return strcmp(s, "present") == 0 ? "attended" : s;
}

const char *
journal_status_in(const char *s)
{
	if (strcmp(s, "attended") == 0 || strcmp(s, "present") == 0)
		return "present";
	if (strcmp(s, "absent") == 0)
		return "absent";
	if (strcmp(s, "excused") == 0)
		return "excused";
	return NULL;
}

const char *
journal_virtual_id(struct arena *a, const struct journal_lesson *l)
{
	return arena_printf(a, "recurring_%lld_%s", (long long)l->recurring_id,
	    dt_date(a, l->date));
}

static int64_t
us_of(const char *db)
{
	int64_t	 us;

	return db != NULL && dt_parse_iso(db, &us) == 0 ? us : 0;
}

/* An id and its position, for the lookups by id. */
struct idx {
	int64_t	 id;
	size_t	 at;
};

static int
idx_cmp(const void *pa, const void *pb)
{
	const struct idx	*a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

static long
idx_find(const struct idx *v, size_t n, int64_t id)
{
	struct idx	 key = { id, 0 }, *hit;

	hit = bsearch(&key, v, n, sizeof(*v), idx_cmp);
	return hit ? (long)hit->at : -1;
}

static int
lesson_cmp(const void *pa, const void *pb)
{
	const struct journal_lesson	*a = pa, *b = pb;

	if (a->start_us != b->start_us)
		return a->start_us < b->start_us ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->recurring_id < b->recurring_id ? -1 : a->recurring_id > b->recurring_id;
}

/* Whether a real lesson of real[0..n) (by start) covers [s, e). */
static int
covered(const struct jr_lesson *real, size_t n, int64_t s, int64_t e)
{
	size_t	 i;

	for (i = 0; i < n && real[i].start_us <= s; i++)
		if (!real[i].cancelled && real[i].end_us >= e)
			return 1;
	return 0;
}

static int
generated(const struct recurring *x, int64_t day)
{
	size_t	 i;

	for (i = 0; i < x->ndone; i++)
		if (x->done[i] == day)
			return 1;
	return 0;
}

/* The weekly lessons' occurrences in [lo_day, hi_day] not generated yet
 * and not covered by a real lesson, appended to ls[*n]. */
static int
virtual_lessons(struct arena *a, int64_t group_id, int64_t lo_day,
    int64_t hi_day, int64_t from_us, int64_t to_us, const struct jr_lesson *real,
    size_t nreal, struct journal_lesson *ls, size_t *n, size_t max)
{
	struct recurring	*x;
	size_t			 nx, i, added = 0;
	int64_t			 d, s, e, lo;

	if (db_recurring_span(a, RSCOPE_ALL, 0, group_id, 0, dt_date(a, lo_day),
	    dt_date(a, hi_day), &x, &nx) == -1)
		return -1;
	for (i = 0; i < nx; i++) {
		lo = lo_day > x[i].first_day ? lo_day : x[i].first_day;
		for (d = calendar_next(&x[i], lo); d != -1 && d <= hi_day &&
		    added < max; d = calendar_next(&x[i], d + 1)) {
			calendar_slot(&x[i], d, &s, &e);
			if (s < from_us || s >= to_us || generated(&x[i], d) ||
			    covered(real, nreal, s, e))
				continue;
			ls[*n].recurring_id = x[i].id;
			ls[*n].date = d;
			ls[*n].title = x[i].title;
			ls[*n].start_us = s;
			ls[*n].end_us = e;
			ls[*n].percent = ANALYTICS_NULL;
			(*n)++;
			added++;
		}
	}
	return 0;
}

/* Seconds the sessions p[0..n) (one student, one lesson, by join time)
 * cover, overlaps once; an open session lasts until the meeting's end,
 * else until now but not past the lesson's end. */
static int64_t
presence_seconds(const struct jr_presence *p, size_t n, int64_t open_end,
    int64_t *first)
{
	int64_t	 total = 0, cur_s = 0, cur_e = 0, s, e;
	size_t	 i;

	*first = 0;
	for (i = 0; i < n; i++) {
		s = p[i].joined_us;
		e = p[i].left_us != 0 ? p[i].left_us : open_end;
		if (e < s)
			e = s;
		if (*first == 0 || s < *first)
			*first = s;
		if (i > 0 && s <= cur_e) {
			if (e > cur_e)
				cur_e = e;
			continue;
		}
		total += cur_e - cur_s;
		cur_s = s;
		cur_e = e;
	}
	total += cur_e - cur_s;
	return total / US;
}

/* Zoom presence of every (student, lesson) with the "present"
 * suggestion. */
static void
apply_presence(struct journal *j, const struct jr_presence *p, size_t np,
    const struct idx *lx, size_t nlx, const struct idx *sx, int64_t now,
    int64_t share)
{
	struct journal_lesson	*l;
	struct journal_cell	*c;
	size_t			 i, k;
	long			 li, si;
	int64_t			 open_end, len;

	for (i = 0; i < np; i = k) {
		for (k = i + 1; k < np && p[k].lesson_id == p[i].lesson_id &&
		    p[k].student_id == p[i].student_id; k++)
			;
		if ((li = idx_find(lx, nlx, p[i].lesson_id)) < 0 ||
		    (si = idx_find(sx, j->nstudents, p[i].student_id)) < 0)
			continue;
		l = &j->lessons[li];
		c = &j->cells[(size_t)si * j->nlessons + (size_t)li];
		open_end = l->meeting_end_us != 0 ? l->meeting_end_us :
		    now < l->end_us ? now : l->end_us;
		c->seconds = presence_seconds(p + i, k - i, open_end, &c->joined_us);
	}
	for (li = 0; li < (long)j->nlessons; li++) {
		l = &j->lessons[li];
		/* The meeting's own length once Zoom reported both ends. */
		len = (l->meeting_start_us != 0 && l->meeting_end_us >
		    l->meeting_start_us ? l->meeting_end_us - l->meeting_start_us :
		    l->end_us - l->start_us) / US;
		if (l->id == 0 || l->cancelled || now < l->start_us || len <= 0)
			continue;
		for (si = 0; si < (long)j->nstudents; si++) {
			c = &j->cells[(size_t)si * j->nlessons + (size_t)li];
			if (c->status == NULL && c->seconds * 100 >= share * len &&
			    c->seconds > 0) {
				c->suggested = 1;
				l->suggestions++;
			}
		}
	}
}

int
journal_build(struct arena *a, const struct an_group *g,
    const struct an_member *m, size_t n, int64_t from_us, int64_t to_us,
    int64_t now, int64_t share, struct journal *j)
{
	struct jr_lesson	*real;
	struct jr_mark		*mk;
	struct jr_presence	*p;
	struct idx		*lx, *sx;
	struct journal_cell	*c;
	struct journal_student	*st;
	const char		*from_db, *to_db;
	int64_t			*part, *whole, lo_day, hi_day, sec, today;
	size_t			 nreal, nmk, np, nl = 0, i, k;
	long			 li, si;
	int			 all = from_us == 0 && to_us == 0;

	memset(j, 0, sizeof(*j));
	j->g = g;
	from_db = all ? DB_MIN : dt_db(a, from_us);
	to_db = all ? DB_MAX : dt_db(a, to_us);
	if (from_db == NULL || to_db == NULL ||
	    db_jr_lessons(a, g->id, from_db, to_db, &real, &nreal) == -1 ||
	    db_jr_marks(a, g->id, from_db, to_db, &mk, &nmk) == -1 ||
	    db_jr_presence(a, g->id, from_db, to_db, &p, &np) == -1)
		return -1;

	/* The lessons: the real ones, then the virtual ones, by start. */
	if ((j->lessons = arena_zalloc(a, (nreal + JOURNAL_MAX_VIRTUAL + 1) *
	    sizeof(*j->lessons))) == NULL)
		return -1;
	for (i = 0; i < nreal; i++, nl++) {
		j->lessons[nl].id = real[i].id;
		j->lessons[nl].title = real[i].title;
		j->lessons[nl].start_us = real[i].start_us;
		j->lessons[nl].end_us = real[i].end_us;
		j->lessons[nl].cancelled = real[i].cancelled;
		j->lessons[nl].meeting_start_us = real[i].meeting_start_us;
		j->lessons[nl].meeting_end_us = real[i].meeting_end_us;
		j->lessons[nl].held = !j->lessons[nl].cancelled &&
		    j->lessons[nl].end_us <= now;
		j->lessons[nl].percent = ANALYTICS_NULL;
		j->held += j->lessons[nl].held;
	}
	dt_utc_to_local(now / US, &today, &sec);
	if (all) {
		lo_day = 0;
		hi_day = today + JOURNAL_AHEAD_DAYS;
		from_us = INT64_MIN;
		to_us = INT64_MAX;
	} else {
		dt_utc_to_local(from_us / US, &lo_day, &sec);
		dt_utc_to_local((to_us - 1) / US, &hi_day, &sec);
		if (hi_day > today + JOURNAL_AHEAD_DAYS)
			hi_day = today + JOURNAL_AHEAD_DAYS;
	}
	if (virtual_lessons(a, g->id, lo_day, hi_day, from_us, to_us, real, nreal,
	    j->lessons, &nl, JOURNAL_MAX_VIRTUAL) == -1)
		return -1;
	qsort(j->lessons, nl, sizeof(*j->lessons), lesson_cmp);
	j->nlessons = nl;
	j->nstudents = n;

	/* Lookups by id: real lessons and students. */
	if ((lx = arena_alloc(a, (nl + 1) * sizeof(*lx))) == NULL ||
	    (sx = arena_alloc(a, (n + 1) * sizeof(*sx))) == NULL ||
	    (j->students = arena_zalloc(a, (n + 1) * sizeof(*j->students))) == NULL ||
	    (j->cells = arena_zalloc(a, (n * nl + 1) * sizeof(*j->cells))) == NULL ||
	    (part = arena_alloc(a, (n + 1) * sizeof(*part))) == NULL ||
	    (whole = arena_alloc(a, (n + 1) * sizeof(*whole))) == NULL)
		return -1;
	for (i = k = 0; i < nl; i++)
		if (j->lessons[i].id != 0) {
			lx[k].id = j->lessons[i].id;
			lx[k++].at = i;
		}
	qsort(lx, k, sizeof(*lx), idx_cmp);
	for (i = 0; i < n; i++) {
		sx[i].id = m[i].id;
		sx[i].at = i;
		j->students[i].m = &m[i];
	}
	qsort(sx, n, sizeof(*sx), idx_cmp);

	/* The marks of current students, counted over held lessons. */
	for (i = 0; i < nmk; i++) {
		if ((li = idx_find(lx, k, mk[i].lesson_id)) < 0 ||
		    (si = idx_find(sx, n, mk[i].student_id)) < 0)
			continue;
		c = &j->cells[(size_t)si * nl + (size_t)li];
		c->status = mk[i].status;
		c->marked_us = mk[i].marked_us;
		j->records++;
		if (mk[i].marked_us > j->updated_us)
			j->updated_us = mk[i].marked_us;
		if (!j->lessons[li].held)
			continue;
		st = &j->students[si];
		if (strcmp(c->status, "present") == 0 || strcmp(c->status, "late") == 0) {
			st->present++;
			st->late += c->status[0] == 'l';
			j->lessons[li].present++;
		} else if (strcmp(c->status, "excused") == 0) {
			st->excused++;
			j->lessons[li].excused++;
		} else {
			st->absent++;
			j->absences++;
		}
	}
	for (i = 0; i < n; i++) {
		j->students[i].percent = analytics_percent(j->students[i].present,
		    j->held, j->students[i].excused);
		part[i] = j->students[i].present;
		whole[i] = j->held - j->students[i].excused;
	}
	j->avg_percent = analytics_mean_ratio(part, whole, n);
	for (i = 0; i < nl; i++)
		if (j->lessons[i].held)
			j->lessons[i].percent = analytics_percent(
			    j->lessons[i].present, (int64_t)n, j->lessons[i].excused);
	apply_presence(j, p, np, lx, k, sx, now, share);
	return 0;
}

int
journal_marks(struct arena *a, int64_t group_id, int64_t lesson_id,
    const struct att_mark *m, size_t n, enum att_how how, const char **msg)
{
	struct lesson	 l;
	size_t		 i;
	int		 rc;

	if ((rc = db_lesson_get(a, lesson_id, &l)) == -1)
		return ACCOUNT_DB;
	if (rc == 0 || l.group_id != group_id)
		return JOURNAL_NOT_FOUND;
	for (i = 0; i < n; i++) {
		if (m[i].status != NULL && !attendance_status_ok(m[i].status)) {
			*msg = arena_printf(a, "\"%s\" is not a valid choice.",
			    m[i].status);
			return ACCOUNT_INVALID;
		}
		if ((rc = db_group_is_member(a, group_id, m[i].student_id)) == -1)
			return ACCOUNT_DB;
		if (rc == 0) {
			*msg = arena_printf(a, "Ученик %lld не состоит в группе "
			    "этого занятия.", (long long)m[i].student_id);
			return ACCOUNT_INVALID;
		}
	}
	rc = attendance_write(a, lesson_id, m, n, how, NULL);
	return rc == ACCOUNT_NOT_FOUND ? JOURNAL_NOT_FOUND : rc;
}

int
journal_mark(struct arena *a, int64_t group_id, int64_t lesson_id,
    int64_t student_id, const char *status, const char **msg)
{
	struct att_mark	 m;

	m.student_id = student_id;
	m.status = status;
	m.notes = NULL;
	return journal_marks(a, group_id, lesson_id, &m, 1, ATT_SET, msg);
}

int
journal_confirm(struct arena *a, const struct an_group *g,
    const struct an_member *m, size_t n, int64_t lesson_id,
    int64_t student_id, int64_t now, int64_t share, int64_t *confirmed)
{
	struct journal	 j;
	struct lesson	 l;
	struct att_mark	*w;
	size_t		 li, si, nw = 0;
	int		 rc;

	*confirmed = 0;
	if ((rc = db_lesson_get(a, lesson_id, &l)) == -1)
		return ACCOUNT_DB;
	if (rc == 0 || l.group_id != g->id)
		return JOURNAL_NOT_FOUND;
	/* The journal of that lesson's start alone. */
	if (journal_build(a, g, m, n, us_of(l.start_time),
	    us_of(l.start_time) + 1, now, share, &j) == -1)
		return ACCOUNT_DB;
	for (li = 0; li < j.nlessons && j.lessons[li].id != lesson_id; li++)
		;
	if (li == j.nlessons)
		return 0;
	if ((w = arena_zalloc(a, (j.nstudents + 1) * sizeof(*w))) == NULL)
		return ACCOUNT_DB;
	for (si = 0; si < j.nstudents; si++) {
		if (!j.cells[si * j.nlessons + li].suggested ||
		    (student_id != 0 && j.students[si].m->id != student_id))
			continue;
		w[nw].student_id = j.students[si].m->id;
		w[nw++].status = "present";
	}
	/* Marks set meanwhile (by the teacher, in another tab) stay. */
	if (nw > 0 && (rc = attendance_write(a, lesson_id, w, nw, ATT_FRESH,
	    confirmed)) != 0)
		return rc == ACCOUNT_NOT_FOUND ? JOURNAL_NOT_FOUND : rc;
	return 0;
}
