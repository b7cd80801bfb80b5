/* schedule_lesson, schedule_attendance and schedule_lessonrecording. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "core/dt.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "db/db_tally.h"

/* A lesson with its group's name and teacher's names by JOIN. */
#define LESSON_COLS \
    "SELECT l.id, l.group_id, l.teacher_id, l.title, g.name, t.email, " \
    "t.first_name, t.last_name, t.middle_name, l.start_time, l.end_time, " \
    "TIMESTAMPDIFF(MINUTE, l.start_time, l.end_time), l.topics, l.location, " \
    "l.notes, l.zoom_meeting_id, l.zoom_join_url, l.zoom_password, " \
    "l.record_lesson, l.recording_available_for_days, l.meeting_started_at, " \
    "l.meeting_ended_at, l.cancelled_at, l.created_at, l.updated_at "
#define LESSON_JOINS \
    "STRAIGHT_JOIN schedule_group g ON g.id = l.group_id " \
    "STRAIGHT_JOIN accounts_customuser t ON t.id = l.teacher_id "

/* The list filters (11 values). A filter not given (0 or '') folds away
 * when the server optimises the execution, so an unfiltered page is
 * "scope ORDER BY start_time, id LIMIT n"; a start_time range narrows the
 * (teacher_id | group_id |, start_time) index range. end_time <= end
 * implies start_time < end, said again for the index. */
#define LESSON_FILTERS \
    " AND (? = 0 OR l.group_id = ?) AND (? = 0 OR l.teacher_id = ?) " \
    "AND (? = '' OR l.start_time >= ?) AND (? = '' OR l.start_time < ?) " \
    "AND (? = '' OR (l.end_time <= ? AND l.start_time < ?))"
#define NFILTER		11
/* A window of the list ordered by (start_time, id): the ids, read from
 * the index alone (skipping an offset costs index entries, not rows),
 * then their rows. After the key (4 values: has, start, start, id) or
 * before it (the same), then limit and offset. */
#define KEY_AFTER \
    " AND (? = 0 OR (l.start_time >= ? AND (l.start_time > ? OR l.id > ?)))"
#define KEY_BEFORE \
    " AND (? = 0 OR (l.start_time <= ? AND (l.start_time < ? OR l.id < ?)))"
#define LESSON_PAGE(from, scope, key, order) LESSON_COLS \
    "FROM (SELECT l.id FROM " from "WHERE " scope LESSON_FILTERS key \
    " ORDER BY " order " LIMIT ? OFFSET ?) k " \
    "STRAIGHT_JOIN schedule_lesson l ON l.id = k.id " LESSON_JOINS \
    "ORDER BY l.start_time, l.id"
/* Whose lessons: everyone's (or a student's), a teacher's and a group's.
 * A teacher's are read from (teacher_id, start_time) and a group's from
 * (group_id, start_time), never from the school's (start_time): when two
 * ranges look alike to the server (a teacher whose history is all past,
 * like the rest of the school's: each range holds only the teacher's
 * future), it takes (start_time) and then prefers ref on teacher_id or
 * group_id alone, which reaches the next lesson through the whole history
 * before it (bench/README, "The big school"). */
#define ALL_LESSONS	"schedule_lesson l "
#define TEACHER_LESSONS	"schedule_lesson l IGNORE INDEX (ix_lesson_start) "
#define GROUP_LESSONS	"schedule_lesson l " \
    "IGNORE INDEX (ix_lesson_start, ix_lesson_teacher_start) "
#define ASC		"l.start_time, l.id"
#define DESC		"l.start_time DESC, l.id DESC"
#define MEMBER_OF(a) a ".group_id IN (SELECT m.group_id FROM " \
    "schedule_group_students m WHERE m.customuser_id = ?)"
/* The part of a count the tallies do not hold (11 values a part): lessons
 * of two runs of time at the ends of a range (at most a day each), with
 * end_time <= end if given, less those of the middle (counted by day)
 * that are still going on at end: started within 12 hours before it, or
 * longer lessons (few, ix_lesson_long). */
#define COUNT_WHERE(from, scope) \
    "FROM " from "WHERE " scope \
    " AND (? = 0 OR l.group_id = ?) AND (? = 0 OR l.teacher_id = ?)"
#define LESSON_COUNT(from, scope) \
    "SELECT (SELECT COUNT(*) " COUNT_WHERE(from, scope) \
    " AND ((l.start_time >= ? AND l.start_time < ?) " \
    "OR (l.start_time >= ? AND l.start_time < ?)) " \
    "AND (? = '' OR l.end_time <= ?)) - " \
    "(SELECT COUNT(*) " COUNT_WHERE(from, scope) \
    " AND l.start_time >= ? AND l.start_time < ? AND l.end_time > ?) - " \
    "(SELECT COUNT(*) " COUNT_WHERE(from, scope) " AND l.long_start >= ? " \
    "AND l.long_start < ? AND l.end_time > ?)"

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, "
    "end_time, topics, location, notes, record_lesson, "
    "recording_available_for_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_get = DB_STMT(LESSON_COLS
    "FROM schedule_lesson l " LESSON_JOINS "WHERE l.id = ?");
/* Everyone's lessons, a teacher's and one group's (a student's page is
 * merged from one window per group), forwards and backwards. */
static struct db_stmt st_page_all = DB_STMT(LESSON_PAGE(ALL_LESSONS,
    "? = 0", KEY_AFTER, ASC));
static struct db_stmt st_page_all_back = DB_STMT(LESSON_PAGE(ALL_LESSONS,
    "? = 0", KEY_BEFORE, DESC));
static struct db_stmt st_page_teacher = DB_STMT(LESSON_PAGE(TEACHER_LESSONS,
    "l.teacher_id = ?", KEY_AFTER, ASC));
static struct db_stmt st_page_teacher_back = DB_STMT(LESSON_PAGE(
    TEACHER_LESSONS, "l.teacher_id = ?", KEY_BEFORE, DESC));
static struct db_stmt st_page_group = DB_STMT(LESSON_PAGE(GROUP_LESSONS,
    "l.group_id = ?", KEY_AFTER, ASC));
static struct db_stmt st_page_group_back = DB_STMT(LESSON_PAGE(GROUP_LESSONS,
    "l.group_id = ?", KEY_BEFORE, DESC));
/* ?page=N of a student's lessons: all their groups' lessons sorted. */
static struct db_stmt st_page_member = DB_STMT(LESSON_PAGE(ALL_LESSONS,
    MEMBER_OF("l"), KEY_AFTER, ASC));
static struct db_stmt st_page_member_back = DB_STMT(LESSON_PAGE(ALL_LESSONS,
    MEMBER_OF("l"), KEY_BEFORE, DESC));
static struct db_stmt st_member_groups = DB_STMT(
    "SELECT group_id FROM schedule_group_students WHERE customuser_id = ? "
    "ORDER BY group_id LIMIT 10000");
static struct db_stmt st_count_all = DB_STMT(LESSON_COUNT(ALL_LESSONS,
    "? = 0"));
static struct db_stmt st_count_teacher = DB_STMT(LESSON_COUNT(TEACHER_LESSONS,
    "l.teacher_id = ?"));
static struct db_stmt st_count_member = DB_STMT(LESSON_COUNT(ALL_LESSONS,
    MEMBER_OF("l")));
static struct db_stmt st_update = DB_STMT(
    "UPDATE schedule_lesson SET title = ?, group_id = ?, start_time = ?, "
    "end_time = ?, topics = ?, location = ?, notes = ?, record_lesson = ?, "
    "recording_available_for_days = ? WHERE id = ?");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM schedule_lesson WHERE id = ?");
static struct db_stmt st_cancel = DB_STMT(
    "UPDATE schedule_lesson SET cancelled_at = COALESCE(cancelled_at, "
    "UTC_TIMESTAMP(6)) WHERE id = ?");
/* A lesson of the teacher (group) over [start, end): one that starts at
 * most 12 hours before start, or a longer one (few, ix_lesson_long), so
 * that the check reads what is near, not the teacher's whole history. Key,
 * end, start, start, id, then end, key, start, id. */
#define OVERLAP(col) \
    "(SELECT id FROM schedule_lesson WHERE " col " = ? AND start_time < ? " \
    "AND start_time > ? - INTERVAL 12 HOUR AND end_time > ? AND id <> ? " \
    "AND cancelled_at IS NULL ORDER BY start_time LIMIT 1) UNION ALL " \
    "(SELECT id FROM schedule_lesson WHERE long_start < ? AND " col " = ? " \
    "AND end_time > ? AND id <> ? AND cancelled_at IS NULL LIMIT 1) LIMIT 1"
static struct db_stmt st_teacher_overlap = DB_STMT(OVERLAP("teacher_id"));
static struct db_stmt st_group_overlap = DB_STMT(OVERLAP("group_id"));
static struct db_stmt st_lock_teacher = DB_STMT(
    "SELECT id FROM accounts_customuser WHERE id = ? FOR UPDATE");

static struct db_stmt st_rec_of_lesson = DB_STMT(
    "SELECT id, play_url, created_at FROM schedule_lessonrecording "
    "WHERE lesson_id = ? ORDER BY created_at, id");
static struct db_stmt st_rec_get = DB_STMT(
    "SELECT id, play_url, created_at FROM schedule_lessonrecording "
    "WHERE id = ?");
/* Once per Zoom file: a row whose key exists is left as it is. */
static struct db_stmt st_rec_insert = DB_STMT(
    "INSERT INTO schedule_lessonrecording (lesson_id, zoom_recording_id, "
    "download_url, play_url, file_size, duration, recording_start, "
    "recording_end, status) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? FROM DUAL "
    "WHERE NOT EXISTS (SELECT 1 FROM schedule_lessonrecording "
    "WHERE zoom_file_key = ?)");

/* A lesson lasts at most 12 hours: one in progress began yesterday at
 * the earliest, so the start_time index bounds the scan. */
static struct db_stmt st_stats = DB_STMT(
    "SELECT COALESCE(SUM(now_on), 0), COALESCE(SUM(now_on AND zoom), 0), "
    "COALESCE(SUM(today), 0), COALESCE(SUM(today AND zoom), 0) FROM ("
    "SELECT start_time <= UTC_TIMESTAMP(6) AND end_time > UTC_TIMESTAMP(6) "
    "AND meeting_ended_at IS NULL AS now_on, "
    "start_time >= UTC_DATE() AND start_time < UTC_DATE() + INTERVAL 1 DAY "
    "AS today, zoom_meeting_id IS NOT NULL AS zoom FROM schedule_lesson "
    "WHERE cancelled_at IS NULL AND start_time >= UTC_DATE() - INTERVAL 1 DAY "
    "AND start_time < UTC_DATE() + INTERVAL 1 DAY) x");

/* Zoom's meeting events; times come from the event. */
static struct db_stmt st_by_meeting = DB_STMT(
    "SELECT id FROM schedule_lesson WHERE zoom_meeting_id = ? "
    "ORDER BY id DESC LIMIT 1");
/* Live again unless live already or this start is older than the end. */
static struct db_stmt st_meeting_started = DB_STMT(
    "UPDATE schedule_lesson SET meeting_started_at = ?, meeting_ended_at = NULL "
    "WHERE id = ? AND (meeting_started_at IS NULL OR meeting_ended_at IS NOT NULL) "
    "AND (meeting_ended_at IS NULL OR meeting_ended_at < ?)");
/* Not an end older than the (re)start on record. */
static struct db_stmt st_meeting_ended = DB_STMT(
    "UPDATE schedule_lesson SET meeting_ended_at = ?, "
    "meeting_started_at = COALESCE(meeting_started_at, ?) "
    "WHERE id = ? AND meeting_ended_at IS NULL "
    "AND (meeting_started_at IS NULL OR meeting_started_at <= ?)");

#define DAY_US		(86400LL * 1000000)
#define LONG_US		(12LL * 3600 * 1000000)	/* see ix_lesson_long */
#define EMPTY		"1000-01-01"	/* a run of time [EMPTY, EMPTY): none */
#define EARLIEST	"1000-01-01"
#define EARLIEST_US	(-30610224000LL * 1000000)	/* 1000-01-01, UTC */

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

int
db_lesson_insert(struct arena *a, const struct lesson_row *w, int64_t *id)
{
	struct db_val	 p[] = { DB_STR(w->title), DB_INT(w->group_id),
	    DB_INT(w->teacher_id), DB_STR(w->start_time), DB_STR(w->end_time),
	    DB_STR(or_empty(w->topics)), DB_STR(or_empty(w->location)),
	    DB_STR(or_empty(w->notes)), DB_INT(w->record_lesson),
	    DB_INT(w->recording_days) };
	struct db_res	 r;

	if (db_exec(a, &st_insert, p, 10, &r) == -1)
		return -1;
	*id = (int64_t)r.insert_id;
	return 0;
}

static void
from_row(const struct db_res *r, size_t i, struct lesson *l)
{
	l->id = db_cell_i64(r, i, 0, 0);
	l->group_id = db_cell_i64(r, i, 1, 0);
	l->teacher_id = db_cell_i64(r, i, 2, 0);
	l->title = db_cell(r, i, 3);
	l->group_name = db_cell(r, i, 4);
	l->teacher_email = db_cell(r, i, 5);
	l->teacher_first = db_cell(r, i, 6);
	l->teacher_last = db_cell(r, i, 7);
	l->teacher_middle = db_cell(r, i, 8);
	l->start_time = db_cell(r, i, 9);
	l->end_time = db_cell(r, i, 10);
	l->duration_minutes = db_cell_i64(r, i, 11, 0);
	l->topics = db_cell(r, i, 12);
	l->location = db_cell(r, i, 13);
	l->notes = db_cell(r, i, 14);
	l->zoom_meeting_id = db_cell(r, i, 15);
	l->zoom_join_url = db_cell(r, i, 16);
	l->zoom_password = db_cell(r, i, 17);
	l->record_lesson = db_cell_i64(r, i, 18, 0) != 0;
	l->recording_days = db_cell_i64(r, i, 19, 0);
	l->meeting_started_at = db_cell(r, i, 20);
	l->meeting_ended_at = db_cell(r, i, 21);
	l->cancelled_at = db_cell(r, i, 22);
	l->created_at = db_cell(r, i, 23);
	l->updated_at = db_cell(r, i, 24);
}

int
db_lesson_get(struct arena *a, int64_t id, struct lesson *l)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, l);
	return 1;
}

/* The filter values (NFILTER) of f, one group's lessons if group != 0. */
static void
filter_vals(const struct lesson_filter *f, int64_t group, struct db_val *p)
{
	const char	*lo = f->start_lo ? f->start_lo : "";
	const char	*hi = f->start_hi ? f->start_hi : "";
	const char	*end = f->end_hi ? f->end_hi : "";

	p[0] = p[1] = DB_INT(group);
	p[2] = p[3] = DB_INT(f->teacher_id);
	p[4] = p[5] = DB_STR(lo);
	p[6] = p[7] = DB_STR(hi);
	p[8] = p[9] = p[10] = DB_STR(end);
}

/* One window of st (LESSON_PAGE) for scope value scope_id. */
static int
window(struct arena *a, struct db_stmt *st, int64_t scope_id,
    const struct lesson_filter *f, int64_t group, const struct keyset *ks,
    struct db_res *r)
{
	struct db_val	 p[1 + NFILTER + 6];
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 2;
	const char	*at = has && ks->v[0].s ? ks->v[0].s : "";

	p[0] = DB_INT(scope_id);
	filter_vals(f, group, p + 1);
	p[NFILTER + 1] = DB_INT(has);
	p[NFILTER + 2] = p[NFILTER + 3] = DB_STR(at);
	p[NFILTER + 4] = DB_INT(has ? ks->v[1].i : 0);
	p[NFILTER + 5] = DB_INT(ks->limit);
	p[NFILTER + 6] = DB_INT(ks->offset);
	return db_exec(a, st, p, NFILTER + 7, r);
}

static int
cmp_lesson(const void *pa, const void *pb)
{
	const struct lesson	*x = pa, *y = pb;
	int			 c = strcmp(x->start_time, y->start_time);

	if (c != 0)
		return c;
	return (x->id > y->id) - (x->id < y->id);
}

/* A student's window: one per group (each an index range of that group),
 * merged. The groups come first; a student has a few. */
static int
member_page(struct arena *a, int64_t user_id, const struct lesson_filter *f,
    const struct keyset *ks, struct lesson **out, size_t *n)
{
	struct db_val	 p = DB_INT(user_id);
	struct db_gather g = { NULL, 0, 0, sizeof(struct lesson) };
	struct db_res	 gr, r;
	struct lesson	*room;
	void		*page;
	size_t		 i, j;
	int64_t		 gid;

	if (db_exec(a, &st_member_groups, &p, 1, &gr) == -1)
		return -1;
	for (i = 0; i < gr.nrows; i++) {
		gid = db_cell_i64(&gr, i, 0, 0);
		if (f->group_id != 0 && gid != f->group_id)
			continue;
		if (window(a, ks->dir == KEYSET_BEFORE ? &st_page_group_back :
		    &st_page_group, gid, f, gid, ks, &r) == -1 ||
		    (room = db_gather_room(a, &g, r.nrows)) == NULL)
			return -1;
		for (j = 0; j < r.nrows; j++)
			from_row(&r, j, &room[j]);
		g.len += r.nrows;
	}
	if (db_gather_page(a, &g, cmp_lesson, (size_t)ks->limit,
	    ks->dir == KEYSET_BEFORE, &page, n) == -1)
		return -1;
	*out = page;
	return 0;
}

int
db_lesson_page(struct arena *a, enum lesson_scope scope, int64_t user_id,
    const struct lesson_filter *f, const struct keyset *ks,
    struct lesson **out, size_t *n)
{
	struct lesson_filter	 gf;
	struct db_stmt		*st;
	struct db_res		 r;
	size_t			 i;
	int			 back = ks->dir == KEYSET_BEFORE;

	if (scope == LSCOPE_MEMBER && ks->offset == 0)
		return member_page(a, user_id, f, ks, out, n);
	if (scope != LSCOPE_MEMBER && f->group_id != 0) {
		/* One group's lessons (a teacher's: those they teach). */
		gf = *f;
		if (scope == LSCOPE_TEACHER && gf.teacher_id == 0)
			gf.teacher_id = user_id;
		else if (scope == LSCOPE_TEACHER && gf.teacher_id != user_id) {
			*n = 0;
			return (*out = arena_zalloc(a, sizeof(**out))) ? 0 : -1;
		}
		st = back ? &st_page_group_back : &st_page_group;
		if (window(a, st, gf.group_id, &gf, gf.group_id, ks, &r) == -1)
			return -1;
	} else {
		st = scope == LSCOPE_ALL ? (back ? &st_page_all_back :
		    &st_page_all) : scope == LSCOPE_TEACHER ?
		    (back ? &st_page_teacher_back : &st_page_teacher) :
		    back ? &st_page_member_back : &st_page_member;
		if (window(a, st, scope == LSCOPE_ALL ? 0 : user_id, f,
		    f->group_id, ks, &r) == -1)
			return -1;
	}
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		from_row(&r, i, &(*out)[i]);
	return 0;
}

/* Days since the epoch of the day holding us, and of the first day
 * starting at or after us. */
static int64_t
day_floor(int64_t us)
{
	return us >= 0 ? us / DAY_US : -((-us + DAY_US - 1) / DAY_US);
}

static int64_t
day_ceil(int64_t us)
{
	return -day_floor(-us);
}

/* A filter bound as microseconds; absent: def. -1 if it does not parse. */
static int
bound(const char *s, int64_t def, int64_t *us)
{
	*us = def;
	return s == NULL || dt_parse_iso(s, us) == 0 ? 0 : -1;
}

/* One part of the direct count: scope value, the owner filters. */
static size_t
part_head(struct db_val *p, int64_t scope_id, const struct lesson_filter *f)
{
	p[0] = DB_INT(scope_id);
	p[1] = p[2] = DB_INT(f->group_id);
	p[3] = p[4] = DB_INT(f->teacher_id);
	return 5;
}

int
db_lesson_count(struct arena *a, enum lesson_scope scope, int64_t user_id,
    const struct lesson_filter *f, int64_t *total)
{
	struct db_val	 p[3 * 5 + 6 + 3 + 3];
	struct db_res	 r;
	const char	*e0 = EMPTY, *e1 = EMPTY, *e2 = EMPTY, *e3 = EMPTY;
	const char	*m0 = EMPTY, *m1 = EMPTY, *l0 = EMPTY, *l1 = EMPTY;
	const char	*end = f->end_hi ? f->end_hi : "";
	int64_t		 lo, hi, e, d0, d1, n, scope_id, tally_a, member = 0;
	size_t		 k;
	int		 direct = 0;

	*total = 0;
	scope_id = scope == LSCOPE_ALL ? 0 : user_id;
	if (scope == LSCOPE_TEACHER && f->teacher_id != 0 &&
	    f->teacher_id != user_id)
		return 0;
	tally_a = scope == LSCOPE_TEACHER ? user_id : f->teacher_id;
	if (scope == LSCOPE_MEMBER)
		member = user_id;
	if (bound(f->start_lo, INT64_MIN, &lo) == -1 ||
	    bound(f->start_hi, INT64_MAX, &hi) == -1 ||
	    bound(f->end_hi, INT64_MAX, &e) == -1)
		return -1;
	if (e < hi)
		hi = e;
	if (lo >= hi)
		return 0;
	/* Whole days from the tallies, the ends of the range directly. */
	d0 = lo == INT64_MIN ? TALLY_OPEN_LO : day_ceil(lo);
	d1 = hi == INT64_MAX ? TALLY_OPEN_HI : day_floor(hi);
	if (d0 != TALLY_OPEN_LO && d1 != TALLY_OPEN_HI && d0 >= d1) {
		e0 = f->start_lo;
		e1 = dt_db(a, hi);
		direct = 1;
	} else {
		if (db_tally_days(a, "lesson", tally_a, f->group_id, member, "", d0,
		    d1, total) == -1)
			return -1;
		if (d0 != TALLY_OPEN_LO) {
			e0 = f->start_lo;
			e1 = dt_db(a, d0 * DAY_US);
			direct = 1;
		}
		if (d1 != TALLY_OPEN_HI) {
			e2 = dt_db(a, d1 * DAY_US);
			e3 = dt_db(a, hi);
			direct = 1;
		}
		/* The middle's lessons still going on at end (hi <= e, so the
		 * middle ends at d1). */
		if (f->end_hi != NULL) {
			int64_t	 mid0 = d0 == TALLY_OPEN_LO ? EARLIEST_US :
			    d0 * DAY_US, mid1 = d1 * DAY_US;
			int64_t	 cut = e - LONG_US > EARLIEST_US ? e - LONG_US :
			    EARLIEST_US;

			m0 = dt_db(a, mid0 > cut ? mid0 : cut);
			m1 = dt_db(a, mid1);
			if (mid0 < cut && mid0 < mid1) {
				l0 = dt_db(a, mid0);
				l1 = dt_db(a, mid1 < cut ? mid1 : cut);
			}
		}
	}
	if (!direct)
		return 0;
	if (e0 == NULL || e1 == NULL || e2 == NULL || e3 == NULL || m0 == NULL ||
	    m1 == NULL || l0 == NULL || l1 == NULL)
		return -1;
	k = part_head(p, scope_id, f);
	p[k++] = DB_STR(e0);
	p[k++] = DB_STR(e1);
	p[k++] = DB_STR(e2);
	p[k++] = DB_STR(e3);
	p[k++] = DB_STR(end);
	p[k++] = DB_STR(end);
	k += part_head(p + k, scope_id, f);
	p[k++] = DB_STR(m0);
	p[k++] = DB_STR(m1);
	p[k++] = DB_STR(end[0] ? end : EARLIEST);
	k += part_head(p + k, scope_id, f);
	p[k++] = DB_STR(l0);
	p[k++] = DB_STR(l1);
	p[k++] = DB_STR(end[0] ? end : EARLIEST);
	if (db_exec(a, scope == LSCOPE_ALL ? &st_count_all : scope ==
	    LSCOPE_TEACHER ? &st_count_teacher : &st_count_member, p, k, &r) == -1)
		return -1;
	n = db_cell_i64(&r, 0, 0, 0);
	*total += n;
	return 0;
}

int
db_lesson_update(struct arena *a, int64_t id, const struct lesson_row *w)
{
	struct db_val	 p[] = { DB_STR(w->title), DB_INT(w->group_id),
	    DB_STR(w->start_time), DB_STR(w->end_time), DB_STR(or_empty(w->topics)),
	    DB_STR(or_empty(w->location)), DB_STR(or_empty(w->notes)),
	    DB_INT(w->record_lesson), DB_INT(w->recording_days), DB_INT(id) };

	return db_exec(a, &st_update, p, 10, NULL);
}

int
db_lesson_delete(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_delete, &p, 1, NULL);
}

int
db_lesson_cancel(struct arena *a, int64_t id)
{
	struct db_val	 p = DB_INT(id);

	return db_exec(a, &st_cancel, &p, 1, NULL);
}

static int
overlap(struct arena *a, struct db_stmt *st, int64_t key, const char *start,
    const char *end, int64_t except_id, int64_t *other)
{
	struct db_val	 p[] = { DB_INT(key), DB_STR(end), DB_STR(start),
	    DB_STR(start), DB_INT(except_id), DB_STR(end), DB_INT(key),
	    DB_STR(start), DB_INT(except_id) };
	struct db_res	 r;

	if (db_exec(a, st, p, 9, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*other = db_cell_i64(&r, 0, 0, 0);
	return 1;
}

int
db_lesson_teacher_overlap(struct arena *a, int64_t teacher_id,
    const char *start, const char *end, int64_t except_id, int64_t *other)
{
	return overlap(a, &st_teacher_overlap, teacher_id, start, end, except_id,
	    other);
}

int
db_lesson_group_overlap(struct arena *a, int64_t group_id, const char *start,
    const char *end, int64_t except_id, int64_t *other)
{
	return overlap(a, &st_group_overlap, group_id, start, end, except_id,
	    other);
}

int
db_lesson_lock_teacher(struct arena *a, int64_t teacher_id)
{
	struct db_val	 p = DB_INT(teacher_id);
	struct db_res	 r;

	return db_exec(a, &st_lock_teacher, &p, 1, &r);
}

int
db_recording_of_lesson(struct arena *a, int64_t lesson_id,
    struct recording **out, size_t *n)
{
	struct db_val	 p = DB_INT(lesson_id);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_rec_of_lesson, &p, 1, &r) == -1)
		return -1;
	*n = r.nrows;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*out)[i].id = db_cell_i64(&r, i, 0, 0);
		(*out)[i].url = db_cell(&r, i, 1);
		(*out)[i].created_at = db_cell(&r, i, 2);
	}
	return 0;
}

int
db_recording_get(struct arena *a, int64_t id, struct recording *out)
{
	struct db_val	 p = DB_INT(id);
	struct db_res	 r;

	if (db_exec(a, &st_rec_get, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	out->id = db_cell_i64(&r, 0, 0, 0);
	out->url = db_cell(&r, 0, 1);
	out->created_at = db_cell(&r, 0, 2);
	return 1;
}

static struct db_val
int_or_null(int64_t v)
{
	return v < 0 ? DB_NULL : DB_INT(v);
}

static struct db_val
str_or_null(const char *s)
{
	return s ? DB_STR(s) : DB_NULL;
}

int
db_recording_insert(struct arena *a, const struct recording_row *w,
    int64_t *id)
{
	const char	*zid = or_empty(w->zoom_id);
	struct db_val	 p[] = { DB_INT(w->lesson_id), DB_STR(zid),
	    DB_STR(or_empty(w->download_url)), DB_STR(or_empty(w->play_url)),
	    int_or_null(w->file_size), int_or_null(w->duration),
	    str_or_null(w->recording_start), str_or_null(w->recording_end),
	    DB_STR(w->status), DB_STR(zid) };
	struct db_res	 r;

	*id = 0;
	if (db_exec(a, &st_rec_insert, p, 10, &r) == -1)
		/* The same file delivered twice at once. */
		return db_last_error() == DB_ERR_DUP ? 0 : -1;
	if (r.affected == 0)
		return 0;
	*id = (int64_t)r.insert_id;
	return 1;
}

int
db_lesson_by_meeting(struct arena *a, const char *meeting_id, int64_t *id)
{
	struct db_val	 p = DB_STR(meeting_id);
	struct db_res	 r;

	if (db_exec(a, &st_by_meeting, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*id = db_cell_i64(&r, 0, 0, 0);
	return 1;
}

int
db_lesson_meeting_started(struct arena *a, int64_t id, const char *at)
{
	struct db_val	 p[] = { DB_STR(at), DB_INT(id), DB_STR(at) };

	return db_exec_changed(a, &st_meeting_started, p, 3);
}

int
db_lesson_meeting_ended(struct arena *a, int64_t id, const char *at)
{
	struct db_val	 p[] = { DB_STR(at), DB_STR(at), DB_INT(id), DB_STR(at) };

	return db_exec_changed(a, &st_meeting_ended, p, 4);
}

int
db_lesson_stats(struct arena *a, struct lesson_stats *s)
{
	struct db_res	 r;

	if (db_exec(a, &st_stats, NULL, 0, &r) == -1)
		return -1;
	s->active_now = db_cell_i64(&r, 0, 0, 0);
	s->active_with_zoom = db_cell_i64(&r, 0, 1, 0);
	s->today_total = db_cell_i64(&r, 0, 2, 0);
	s->today_with_zoom = db_cell_i64(&r, 0, 3, 0);
	return 0;
}
