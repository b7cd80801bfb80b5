/* A group's figures per student: attendance, homework, control points,
 * rating. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/dt.h"
#include "domain/analytics.h"
#include "domain/report.h"

#define US		1000000LL
#define DB_MIN		"1000-01-01 00:00:00.000000"
#define DB_MAX		"9999-12-31 23:59:59.999999"
#define DATE_MIN	"1000-01-01"
#define DATE_MAX	"9999-12-31"

int
report_scope_all(struct report_scope *sc)
{
	memset(sc, 0, sizeof(*sc));
	sc->all = 1;
	return 0;
}

int
report_scope_month(struct report_scope *sc, const char *month)
{
	memset(sc, 0, sizeof(*sc));
	return analytics_month(month, &sc->from_us, &sc->to_us, &sc->first_day,
	    &sc->last_day);
}

void
report_scope_range(struct report_scope *sc, int64_t from_us, int64_t to_us)
{
	int64_t	 sec;

	memset(sc, 0, sizeof(*sc));
	if (from_us == 0 && to_us == 0) {
		sc->all = 1;
		return;
	}
	sc->from_us = from_us;
	sc->to_us = to_us;
	dt_utc_to_local(from_us / US, &sc->first_day, &sec);
	dt_utc_to_local((to_us - 1) / US, &sc->last_day, &sec);
}

static int64_t
us_of(const char *db)
{
	int64_t	 us;

	return db != NULL && dt_parse_iso(db, &us) == 0 ? us : 0;
}

/* A mean of whole numbers in tenths, half up; NULL for none. */
static int64_t
mean10(int64_t sum, int64_t n)
{
	if (n <= 0)
		return ANALYTICS_NULL;
	return (sum * 10 + n / 2) / n;
}

/* The row of a student: rows are by name, so a copy sorted by id points
 * back to them. */
struct by_id {
	int64_t			 id;
	struct report_row	*row;
};

static int
by_id_cmp(const void *pa, const void *pb)
{
	const struct by_id	*a = pa, *b = pb;

	return a->id < b->id ? -1 : a->id > b->id;
}

static struct report_row *
find(const struct by_id *ix, size_t n, int64_t id)
{
	struct by_id	 key = { id, NULL }, *hit;

	hit = bsearch(&key, ix, n, sizeof(*ix), by_id_cmp);
	return hit ? hit->row : NULL;
}

static int
work_cmp(const void *pa, const void *pb)
{
	const struct rp_work	*a = pa, *b = pb;

	if (a->homework_id != b->homework_id)
		return a->homework_id < b->homework_id ? -1 : 1;
	return a->student_id < b->student_id ? -1 : a->student_id > b->student_id;
}

static int
hw_cmp(const void *pa, const void *pb)
{
	const struct rp_homework	*a = pa, *b = pb;

	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->student_id < b->student_id ? -1 : a->student_id > b->student_id;
}

/* One homework (its rows h[0..k)) for one student: counted when it is
 * assigned to them (the whole group's row, or their own) and its effective
 * deadline (their row's, the group row's, the homework's; else its
 * publication) is in scope. all: the group's row (NULL: none); all_at:
 * the effective deadline without a row of their own. */
static void
one_homework(const struct rp_homework *h, size_t k,
    const struct rp_homework *all, int64_t all_at, struct report_row *row,
    const struct rp_work *w, size_t nw, const struct report_scope *sc,
    struct report_hw *hs)
{
	const struct rp_homework	*own = NULL;
	const struct rp_work		*x;
	struct rp_work			 key;
	size_t				 i;
	int64_t				 at = all_at;

	for (i = 0; i < k; i++)
		if (h[i].student_id == row->m->id)
			own = &h[i];
	if (own == NULL && all == NULL)
		return;
	if (own != NULL && own->row_deadline != NULL)
		at = us_of(own->row_deadline);
	if (!sc->all && (at < sc->from_us || at >= sc->to_us))
		return;
	row->hw_assigned++;
	hs->assigned++;
	key.homework_id = h[0].id;
	key.student_id = row->m->id;
	if ((x = bsearch(&key, w, nw, sizeof(*w), work_cmp)) == NULL)
		return;
	if (strcmp(x->status, "in_progress") != 0)
		row->tests_done += x->answered;
	row->checked += x->checked;
	row->wrong += x->wrong;
	row->checked_score += x->checked_score;
	row->checked_points += x->checked_points;
	row->seconds += x->seconds;
	row->hw_points += analytics_homework_points(x->status, x->score, x->is_late);
	if (strcmp(x->status, "submitted") != 0 && strcmp(x->status, "graded") != 0)
		return;
	row->hw_submitted++;
	hs->submitted++;
	row->hw_graded += strcmp(x->status, "graded") == 0;
	if (x->score < 0)
		return;
	row->hw_scored++;
	row->hw_score_sum += x->score;
	if (h[0].points > 0) {
		row->hw_ratio_sum += (double)x->score / (double)h[0].points;
		hs->scored++;
		hs->bins[x->score >= h[0].points ? 9 : x->score * 10 / h[0].points]++;
	}
}

/* Is w[n] in work_cmp's order already (the database's reading order)? */
static int
work_sorted(const struct rp_work *w, size_t n)
{
	size_t	 i;

	for (i = 1; i < n; i++)
		if (work_cmp(&w[i - 1], &w[i]) > 0)
			return 0;
	return 1;
}

/* The homework rows h[nh] and their students' work (read here: one
 * statement for every homework in scope, none without homework). */
static int
homework(struct arena *a, struct report *rep, struct rp_homework *h, size_t nh,
    const struct report_scope *sc)
{
	const struct rp_homework	*all;
	struct report_hw		*hs;
	struct rp_work			*w;
	const char			*due;
	int64_t				*ids, at;
	size_t				 i, k, s, nw, nids = 0;

	qsort(h, nh, sizeof(*h), hw_cmp);
	if ((ids = arena_alloc(a, (nh + 1) * sizeof(*ids))) == NULL ||
	    (rep->hw = arena_zalloc(a, (nh + 1) * sizeof(*rep->hw))) == NULL)
		return -1;
	for (i = 0; i < nh; i++)
		if (i == 0 || h[i].id != h[i - 1].id)
			ids[nids++] = h[i].id;
	if (db_rp_work(a, ids, nids, sc->student, &w, &nw) == -1)
		return -1;
	if (!work_sorted(w, nw))
		qsort(w, nw, sizeof(*w), work_cmp);
	for (i = 0; i < nh; i = k) {
		all = NULL;
		for (k = i; k < nh && h[k].id == h[i].id; k++)
			if (h[k].student_id == 0)
				all = &h[k];
		due = all != NULL && all->row_deadline != NULL ?
		    all->row_deadline : h[i].deadline;
		at = us_of(due != NULL ? due : h[i].published_at);
		hs = &rep->hw[rep->nhw];
		hs->id = h[i].id;
		hs->title = h[i].title;
		hs->points = h[i].points;
		for (s = 0; s < rep->n; s++)
			one_homework(h + i, k - i, all, at, &rep->rows[s], w, nw,
			    sc, hs);
		/* In scope for someone: counted and kept. */
		if (hs->assigned > 0) {
			rep->homework++;
			rep->nhw++;
		}
	}
	return 0;
}

static int
by_points(const void *pa, const void *pb)
{
	const struct report_row	*a = *(const struct report_row *const *)pa;
	const struct report_row	*b = *(const struct report_row *const *)pb;
	int			 c;

	if (a->total_points != b->total_points)
		return a->total_points > b->total_points ? -1 : 1;
	if ((c = strcmp(a->m->name, b->m->name)) != 0)
		return c;
	return a->m->id < b->m->id ? -1 : a->m->id > b->m->id;
}

/* Each student's percents and points, the ranks, the group's means. */
static int
finish(struct arena *a, struct report *rep)
{
	struct report_row	*r;
	int64_t			*num, *den, *t, sum = 0;
	size_t			 i, n = rep->n;

	if ((num = arena_alloc(a, (4 * n + 1) * sizeof(*num))) == NULL ||
	    (den = arena_alloc(a, (4 * n + 1) * sizeof(*den))) == NULL ||
	    (t = arena_alloc(a, (n + 1) * sizeof(*t))) == NULL ||
	    (rep->ranked = arena_alloc(a, (n + 1) * sizeof(*rep->ranked))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		r = &rep->rows[i];
		r->att_percent = analytics_percent(r->present, rep->held, r->excused);
		r->hw_missing = r->hw_assigned - r->hw_submitted;
		r->hw_done_percent = analytics_ratio(r->hw_submitted, r->hw_assigned);
		r->hw_avg = mean10(r->hw_score_sum, r->hw_scored);
		r->hw_score_percent = r->hw_scored > 0 ? (int64_t)(r->hw_ratio_sum *
		    1000.0 / (double)r->hw_scored + 0.5 + 1e-9) : ANALYTICS_NULL;
		r->errors_percent = analytics_ratio(r->wrong, r->checked);
		r->correct_percent = analytics_ratio(r->checked_score,
		    r->checked_points);
		r->cp_avg = mean10(r->cp_points, r->cp_results);
		r->cp_percent = analytics_ratio(r->cp_points, r->cp_sum_max);
		r->att_points = ANALYTICS_LESSON_POINTS * r->present;
		r->total_points = r->att_points + r->hw_points + r->cp_points;
		sum += r->total_points;
		num[i] = r->present;
		den[i] = rep->held - r->excused;
		num[n + i] = r->hw_submitted;
		den[n + i] = r->hw_assigned;
		num[2 * n + i] = r->wrong;
		den[2 * n + i] = r->checked;
		num[3 * n + i] = r->cp_points;
		den[3 * n + i] = r->cp_sum_max;
		t[i] = r->hw_score_percent;
		rep->ranked[i] = r;
	}
	rep->att_percent = analytics_mean_ratio(num, den, n);
	rep->hw_done_percent = analytics_mean_ratio(num + n, den + n, n);
	rep->errors_percent = analytics_mean_ratio(num + 2 * n, den + 2 * n, n);
	rep->cp_percent = analytics_mean_ratio(num + 3 * n, den + 3 * n, n);
	rep->hw_score_percent = analytics_mean(t, n);
	rep->average_points = mean10(sum, (int64_t)n);
	qsort(rep->ranked, n, sizeof(*rep->ranked), by_points);
	for (i = 0; i < n; i++)
		t[i] = rep->ranked[i]->total_points;
	analytics_rank(t, n, num);	/* num is free again: the ranks */
	for (i = 0; i < n; i++)
		rep->ranked[i]->rank = num[i];
	return 0;
}

int
report_build(struct arena *a, const struct an_group *g,
    const struct an_member *m, size_t n, const struct report_scope *sc,
    int64_t now, int badges, struct report *rep)
{
	struct rp_homework	*h;
	struct rp_marks		*mk;
	struct rp_point		*cp;
	struct rp_scope		 hs;
	struct report_row	*r;
	struct by_id		*ix;
	const char		*from, *to, *now_db, *fd, *td;
	size_t			 nmk, nh, ncp, i;
	int64_t			 last_cp = 0, max_sum = 0;

	memset(rep, 0, sizeof(*rep));
	rep->g = g;
	rep->n = n;
	from = sc->all ? DB_MIN : dt_db(a, sc->from_us);
	to = sc->all ? DB_MAX : dt_db(a, sc->to_us);
	fd = sc->all ? DATE_MIN : dt_date(a, sc->first_day);
	td = sc->all ? DATE_MAX : dt_date(a, sc->last_day);
	hs.all = sc->all;
	hs.from = from;
	hs.to = to;
	hs.student = sc->student;
	if (from == NULL || to == NULL || fd == NULL || td == NULL ||
	    (now_db = dt_db(a, now)) == NULL ||
	    (rep->rows = arena_zalloc(a, (n + 1) * sizeof(*rep->rows))) == NULL ||
	    (ix = arena_alloc(a, (n + 1) * sizeof(*ix))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		rep->rows[i].m = &m[i];
		ix[i].id = m[i].id;
		ix[i].row = &rep->rows[i];
	}
	qsort(ix, n, sizeof(*ix), by_id_cmp);
	if (db_rp_lessons(a, g->id, from, to, now_db, &rep->lessons_all,
	    &rep->held) == -1 ||
	    db_rp_marks(a, g->id, sc->student, from, to, now_db, &mk, &nmk) == -1 ||
	    db_rp_homework(a, g->id, &hs, &h, &nh) == -1 ||
	    db_rp_points(a, g->id, fd, td, &cp, &ncp) == -1 ||
	    (badges && db_rp_badges(a, g->id, &rep->badges, &rep->nbadges) == -1))
		return -1;
	for (i = 0; i < nmk; i++) {
		if ((r = find(ix, n, mk[i].student_id)) == NULL)
			continue;	/* a former student's marks */
		r->present = mk[i].present;
		r->late = mk[i].late;
		r->absent = mk[i].absent;
		r->excused = mk[i].excused;
	}
	if (homework(a, rep, h, nh, sc) == -1)
		return -1;
	for (i = 0; i < ncp; i++) {
		if (cp[i].cp_id != last_cp) {
			last_cp = cp[i].cp_id;
			max_sum += cp[i].max_points;
			rep->control_points++;
		}
		if (cp[i].student_id == 0 || (r = find(ix, n, cp[i].student_id)) == NULL)
			continue;
		r->cp_points += cp[i].points;
		r->cp_results++;
	}
	for (i = 0; i < n; i++)
		rep->rows[i].cp_sum_max = max_sum;
	for (i = 0; i < rep->nbadges; i++) {
		if ((r = find(ix, n, rep->badges[i].student_id)) == NULL)
			continue;
		if (r->nbadges++ == 0)
			r->badges = &rep->badges[i];
	}
	return finish(a, rep);
}

const struct report_row *
report_row_of(const struct report *rep, int64_t id)
{
	size_t	 i;

	for (i = 0; i < rep->n; i++)
		if (rep->rows[i].m->id == id)
			return &rep->rows[i];
	return NULL;
}
