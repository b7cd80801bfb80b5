/* list_tally: lists' sizes per owner, by day, month and in all. */
#include "autoconf.h"

#include "core/arena.h"
#include "core/dt.h"
#include "db/db.h"
#include "db/db_tally.h"

/* The all-time row (times one sign) plus month rows and two runs of day
 * rows (times another); for a student, one such read a group they are in
 * (a join would read every day row of each group). */
#define TALLY_SUM "SELECT COALESCE(SUM(IF(t.lvl = 2, ?, ?) * t.n), 0) "
#define TALLY_OWNERS "t.list = ? AND t.a = ? AND t.c = ? AND "
#define TALLY_SPAN \
    " AND ((t.lvl = 2 AND ? = 1) OR (t.lvl = 1 AND t.at >= ? AND t.at < ?) " \
    "OR (t.lvl = 0 AND ((t.at >= ? AND t.at < ?) OR (t.at >= ? AND t.at < ?))))"

static struct db_stmt st_one = DB_STMT(
    "SELECT COALESCE(SUM(n), 0) FROM list_tally WHERE list = ? AND a = ? "
    "AND b = ? AND c = ? AND lvl = 2 AND at = '1970-01-01'");
static struct db_stmt st_span = DB_STMT(TALLY_SUM "FROM list_tally t WHERE "
    TALLY_OWNERS "t.b = ?" TALLY_SPAN);
/* A list's all-time row of no owner and no value, locked. */
static struct db_stmt st_lock = DB_STMT(
    "SELECT n FROM list_tally WHERE list = ? AND a = 0 AND b = 0 AND c = '' "
    "AND lvl = 2 AND at = '1970-01-01' FOR UPDATE");
static struct db_stmt st_groups = DB_STMT(
    "SELECT group_id FROM schedule_group_students WHERE customuser_id = ? "
    "AND (? = 0 OR group_id = ?) ORDER BY group_id LIMIT 10000");

#define NO_DAY		"1970-01-01"
#define LAST_DAY	"9999-12-31"

/* What to add up for [from, to): the all-time row, months [m0, m1) and
 * days [d0, d1) and [d2, d3), the latter times sign. */
struct span {
	int		 total, sign;
	const char	*m0, *m1, *d0, *d1, *d2, *d3;
};

static void
span_of(struct arena *a, int64_t from, int64_t to, struct span *s)
{
	int64_t	 m0, m1;

	s->total = 0;
	s->sign = 1;
	s->m0 = s->m1 = s->d0 = s->d1 = s->d2 = s->d3 = NO_DAY;
	if (from == TALLY_OPEN_LO) {
		/* All of it, less what lies from `to` on. */
		s->total = 1;
		if (to == TALLY_OPEN_HI)
			return;
		s->sign = -1;
		from = to;
		to = TALLY_OPEN_HI;
	}
	m0 = dt_month_start(from, 0);
	if (m0 < from)
		m0 = dt_month_start(from, 1);
	m1 = to == TALLY_OPEN_HI ? TALLY_OPEN_HI : dt_month_start(to, 0);
	if (m0 < m1) {
		s->m0 = dt_date(a, m0);
		s->m1 = m1 == TALLY_OPEN_HI ? LAST_DAY : dt_date(a, m1);
		s->d0 = dt_date(a, from);
		s->d1 = s->m0;
		if (m1 != TALLY_OPEN_HI) {
			s->d2 = s->m1;
			s->d3 = dt_date(a, to);
		}
	} else if (from < to) {
		s->d0 = dt_date(a, from);
		s->d1 = to == TALLY_OPEN_HI ? LAST_DAY : dt_date(a, to);
	}
}

int
db_tally(struct arena *a, const char *list, int64_t owner_a, int64_t owner_b,
    const char *c, int64_t *n)
{
	struct db_val	 p[] = { DB_STR(list), DB_INT(owner_a), DB_INT(owner_b),
	    DB_STR(c) };
	struct db_res	 r;

	if (db_exec(a, &st_one, p, 4, &r) == -1)
		return -1;
	*n = db_cell_i64(&r, 0, 0, 0);
	return 0;
}

int
db_tally_lock(struct arena *a, const char *list)
{
	struct db_val	 p = DB_STR(list);

	return db_exec(a, &st_lock, &p, 1, NULL);
}

int
db_tally_days(struct arena *a, const char *list, int64_t owner_a,
    int64_t owner_b, int64_t member, const char *c, int64_t from, int64_t to,
    int64_t *n)
{
	struct db_val	 p[13];
	struct span	 s;
	struct db_res	 r;
	size_t		 i;
	int64_t		 one;

	*n = 0;
	if (from != TALLY_OPEN_LO && to != TALLY_OPEN_HI && from >= to)
		return 0;
	if (member != 0) {
		p[0] = DB_INT(member);
		p[1] = p[2] = DB_INT(owner_b);
		if (db_exec(a, &st_groups, p, 3, &r) == -1)
			return -1;
		for (i = 0; i < r.nrows; i++) {
			if (db_tally_days(a, list, owner_a, db_cell_i64(&r, i, 0, 0), 0,
			    c, from, to, &one) == -1)
				return -1;
			*n += one;
		}
		return 0;
	}
	span_of(a, from, to, &s);
	p[0] = DB_INT(1);
	p[1] = DB_INT(s.sign);
	p[2] = DB_STR(list);
	p[3] = DB_INT(owner_a);
	p[4] = DB_STR(c);
	p[5] = DB_INT(owner_b);
	p[6] = DB_INT(s.total);
	p[7] = DB_STR(s.m0);
	p[8] = DB_STR(s.m1);
	p[9] = DB_STR(s.d0);
	p[10] = DB_STR(s.d1);
	p[11] = DB_STR(s.d2);
	p[12] = DB_STR(s.d3);
	if (db_exec(a, &st_span, p, 13, &r) == -1)
		return -1;
	*n = db_cell_i64(&r, 0, 0, 0);
	return 0;
}

int
db_tally_member(struct arena *a, const char *list, int64_t owner_a,
    int64_t owner_b, int64_t member, const char *c, int64_t *n)
{
	if (member == 0)
		return db_tally(a, list, owner_a, owner_b, c, n);
	return db_tally_days(a, list, owner_a, owner_b, member, c, TALLY_OPEN_LO,
	    TALLY_OPEN_HI, n);
}
