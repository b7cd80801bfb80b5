/* Lessons and attendance: V-LESSON, ownership, status, marking. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/log.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_group.h"
#include "db/db_lesson.h"
#include "db/db_tally.h"
#include "domain/lesson.h"
#include "domain/pool.h"

#define TITLE_MAX	200		/* characters */
#define TEXT_MAX	10000		/* topics and notes, characters */
#define ATT_NOTES_MAX	2000		/* an attendance note, characters */
#define LOCATION_MAX	300
#define MIN_US		(60LL * 1000000)	/* shortest lesson: a minute */

/* The longest lesson (max_lesson_minutes), set by lesson_init. */
static int64_t	 max_minutes = 240;

void
lesson_init(const struct config *c)
{
	max_minutes = c->max_lesson_minutes;
}

int64_t
lesson_max_minutes(void)
{
	return max_minutes;
}

int
lesson_retry(int rc, int *tries, const char *what)
{
	if (rc != ACCOUNT_DB || db_last_error() != DB_ERR_LOCK ||
	    ++*tries > LOCK_TRIES)
		return 0;
	log_info("%s: transaction retried after a lock conflict", what);
	return 1;
}

const char *
lesson_too_long(struct arena *a)
{
	return arena_printf(a, "Занятие не может длиться дольше %lld минут. A "
	    "lesson may last at most %lld minutes.", (long long)max_minutes,
	    (long long)max_minutes);
}

#define REQUIRED	"This field is required."
#define BAD_DATETIME	"Datetime has wrong format. Use one of these formats " \
			"instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."

void
lesson_err_add(struct lesson_errs *e, const char *field, const char *msg)
{
	if (e->n < LESSON_ERRS_MAX) {
		e->e[e->n].field = field;
		e->e[e->n].msg = msg;
		e->n++;
	}
}

int
lesson_err_one(struct lesson_errs *e, enum lesson_err_kind kind,
    const char *field, const char *msg)
{
	e->kind = kind;
	e->n = 0;
	lesson_err_add(e, field, msg);
	return ACCOUNT_INVALID;
}

int
lesson_title_group(struct arena *a, const char *title, const char *group_key,
    int64_t group_id, const char **title_out, struct group *g,
    struct lesson_errs *err)
{
	const char	*t;
	int		 rc;

	if (title == NULL)
		lesson_err_add(err, "title", REQUIRED);
	else if ((t = str_trim_dup(a, title)) == NULL)
		return ACCOUNT_DB;
	else if (*t == '\0')
		lesson_err_add(err, "title", "This field may not be blank.");
	else if (!str_utf8_max(t, TITLE_MAX))
		lesson_err_add(err, "title", "Ensure this field has no more than "
		    "200 characters.");
	else
		*title_out = t;
	if (group_id == 0)
		lesson_err_add(err, group_key, REQUIRED);
	else if ((rc = db_group_get(a, group_id, g)) == -1)
		return ACCOUNT_DB;
	else if (rc == 0)
		lesson_err_add(err, group_key, arena_printf(a, "Invalid pk \"%lld\" "
		    "- object does not exist.", (long long)group_id));
	return 0;
}

int64_t
lesson_now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

const char *
lesson_status(const struct lesson *l, int64_t now)
{
	int64_t	 end;

	if (l->cancelled_at != NULL)
		return "cancelled";
	if (l->meeting_ended_at != NULL ||
	    (dt_parse_iso(l->end_time, &end) == 0 && now > end))
		return "completed";
	if (l->meeting_started_at != NULL)
		return "live";
	return "scheduled";
}

/* A datetime field: an ISO 8601 date and time with any offset (none:
 * UTC); a date alone is not a datetime here. */
static int
datetime(const char *s, int64_t *us)
{
	return strlen(s) > 10 && dt_parse_iso(s, us) == 0 ? 0 : -1;
}

/* The lesson to be written, after merging and checking the fields. */
struct draft {
	struct lesson_row	 w;
	int64_t			 start, end;
	struct group		 g;
};

/* Step 1 of V-LESSON, every field error at once. */
static int
fields(struct arena *a, const struct lesson_input *in, struct draft *d,
    struct lesson_errs *err)
{
	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	if (lesson_title_group(a, in->title, "group", in->group, &d->w.title,
	    &d->g, err) != 0)
		return ACCOUNT_DB;
	d->w.group_id = in->group;
	if (in->start_time == NULL)
		lesson_err_add(err, "start_time", REQUIRED);
	else if (datetime(in->start_time, &d->start) == -1)
		lesson_err_add(err, "start_time", BAD_DATETIME);
	if (in->end_time == NULL)
		lesson_err_add(err, "end_time", REQUIRED);
	else if (datetime(in->end_time, &d->end) == -1)
		lesson_err_add(err, "end_time", BAD_DATETIME);
	if (in->location != NULL && !str_utf8_max(in->location, LOCATION_MAX))
		lesson_err_add(err, "location", "Ensure this field has no more than 300 "
		    "characters.");
	if (in->topics != NULL && !str_utf8_max(in->topics, TEXT_MAX))
		lesson_err_add(err, "topics", "Ensure this field has no more than 10000 "
		    "characters.");
	if (in->notes != NULL && !str_utf8_max(in->notes, TEXT_MAX))
		lesson_err_add(err, "notes", "Ensure this field has no more than 10000 "
		    "characters.");
	if (in->recording_days < 0)
		lesson_err_add(err, "recording_available_for_days", "Ensure this value is "
		    "greater than or equal to 0.");
	if (err->n > 0)
		return ACCOUNT_INVALID;
	d->w.topics = in->topics;
	d->w.location = in->location;
	d->w.notes = in->notes;
	d->w.record_lesson = in->record_lesson;
	d->w.recording_days = in->recording_days;
	return 0;
}

static int	write_checked(struct arena *, struct draft *, int64_t,
		    int64_t *, struct lesson_errs *);

/* Steps 2-5 of V-LESSON and the write (write_checked). */
static int
check_and_write(struct arena *a, struct draft *d, int64_t except_id,
    int64_t *id, struct lesson_errs *err)
{
	int	 rc, tries;

	/* Another teacher's group first: before anything that depends on
	 * their timetable (the overlap tests below), so a busy and a free slot
	 * answer alike. */
	if (d->g.teacher_id != d->w.teacher_id ||
	    (strcmp(d->g.kind, "group") != 0 &&
	    strcmp(d->g.kind, "individual") != 0))
		return lesson_err_one(err, LESSON_ERR_BARE, "", "Занятия можно назначать "
		    "только в своих группах.");
	if (d->end <= d->start)
		return lesson_err_one(err, LESSON_ERR_FIELDS, "end_time", "Время окончания "
		    "должно быть позже времени начала.");
	if (d->end - d->start < MIN_US)
		return lesson_err_one(err, LESSON_ERR_FIELDS, "end_time", "Занятие должно "
		    "длиться не меньше минуты.");
	if (d->end - d->start > max_minutes * 60 * 1000000)
		return lesson_err_one(err, LESSON_ERR_FIELDS, "end_time",
		    lesson_too_long(a));
	if ((d->w.start_time = dt_db(a, d->start)) == NULL ||
	    (d->w.end_time = dt_db(a, d->end)) == NULL)
		return ACCOUNT_DB;
	tries = 1;
	while (lesson_retry(rc = write_checked(a, d, except_id, id, err),
	    &tries, "lesson"))
		;
	return rc;
}

/* The overlap tests and the write, in one transaction that holds the
 * teacher's row so that two requests cannot both pass the overlap test. */
static int
write_checked(struct arena *a, struct draft *d, int64_t except_id,
    int64_t *id, struct lesson_errs *err)
{
	int64_t	 other;
	int	 rc;

	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (db_lesson_lock_teacher(a, d->w.teacher_id) == -1)
		goto fail;
	if ((rc = db_lesson_teacher_overlap(a, d->w.teacher_id, d->w.start_time,
	    d->w.end_time, except_id, &other)) == -1)
		goto fail;
	if (rc == 1) {
		db_rollback();
		return lesson_err_one(err, LESSON_ERR_NON_FIELD, "non_field_errors", "У "
		    "преподавателя уже есть занятие в это время.");
	}
	if ((rc = db_lesson_group_overlap(a, d->w.group_id, d->w.start_time,
	    d->w.end_time, except_id, &other)) == -1)
		goto fail;
	if (rc == 1) {
		db_rollback();
		return lesson_err_one(err, LESSON_ERR_NON_FIELD, "non_field_errors", "У "
		    "группы уже есть занятие в это время.");
	}
	if (except_id == 0 ? db_lesson_insert(a, &d->w, id) == -1 :
	    db_lesson_update(a, except_id, &d->w) == -1)
		goto fail;
	if (db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return ACCOUNT_DB;
}

int
lesson_create(struct arena *a, int64_t teacher, const struct lesson_input *in,
    int64_t *id, struct lesson_errs *err)
{
	struct lesson_input	 x = *in;
	struct draft		 d;
	int			 rc;

	memset(&d, 0, sizeof(d));
	if (!x.has_days)
		x.recording_days = 90;
	if ((rc = fields(a, &x, &d, err)) != 0)
		return rc;
	d.w.teacher_id = teacher;
	return check_and_write(a, &d, 0, id, err);
}

int
lesson_update(struct arena *a, const struct lesson *cur,
    const struct lesson_input *in, int full, struct lesson_errs *err)
{
	struct lesson_input	 x = *in;
	struct draft		 d;
	int64_t			 id;
	int			 rc;

	memset(&d, 0, sizeof(d));
	if (!full) {
		/* Absent fields keep their value (stored times are UTC). */
		if (x.title == NULL)
			x.title = cur->title;
		if (x.group == 0)
			x.group = cur->group_id;
		if (x.start_time == NULL)
			x.start_time = cur->start_time;
		if (x.end_time == NULL)
			x.end_time = cur->end_time;
	}
	if (x.topics == NULL)
		x.topics = cur->topics;
	if (x.location == NULL)
		x.location = cur->location;
	if (x.notes == NULL)
		x.notes = cur->notes;
	if (!x.has_record)
		x.record_lesson = cur->record_lesson;
	if (!x.has_days)
		x.recording_days = cur->recording_days;
	if ((rc = fields(a, &x, &d, err)) != 0)
		return rc;
	d.w.teacher_id = cur->teacher_id;	/* the teacher never changes */
	return check_and_write(a, &d, cur->id, &id, err);
}

int
attendance_status_ok(const char *s)
{
	return strcmp(s, "present") == 0 || strcmp(s, "absent") == 0 ||
	    strcmp(s, "late") == 0 || strcmp(s, "excused") == 0;
}

/* Whether student belongs to group: 1, 0 (*msg says why), -1. */
static int
member(struct arena *a, int64_t group, int64_t student, const char **msg)
{
	int64_t	 bad;
	int	 rc;

	if ((rc = db_group_is_member(a, group, student)) != 0)
		return rc;
	if ((rc = db_group_first_non_student(a, &student, 1, &bad)) == -1)
		return -1;
	*msg = rc == 1 ? arena_printf(a, "Invalid pk \"%lld\" - object does "
	    "not exist.", (long long)student) : arena_printf(a, "Ученик %lld не "
	    "состоит в группе этого занятия.", (long long)student);
	return 0;
}

int
lesson_mark_attendance(struct arena *a, const struct lesson *l,
    const struct att_mark *m, size_t n, struct field_err *err)
{
	const char	*msg = NULL;
	size_t		 i;
	int		 rc;

	err->field = "attendances";
	for (i = 0; i < n; i++) {
		if (!attendance_status_ok(m[i].status)) {
			err->msg = arena_printf(a, "\"%s\" is not a valid choice.",
			    m[i].status);
			return ACCOUNT_INVALID;
		}
		if (m[i].notes != NULL && !str_utf8_max(m[i].notes, ATT_NOTES_MAX)) {
			err->msg = "Ensure notes have no more than 2000 characters.";
			return ACCOUNT_INVALID;
		}
		if ((rc = member(a, l->group_id, m[i].student_id, &msg)) == -1)
			return ACCOUNT_DB;
		if (rc == 0) {
			err->msg = msg;
			return ACCOUNT_INVALID;
		}
	}
	rc = attendance_write(a, l->id, m, n, ATT_SET, NULL);
	return rc == ACCOUNT_NOT_FOUND ? ACCOUNT_DB : rc;
}

/* A mark and its place in the request. */
struct att_at {
	struct att_mark	 m;
	size_t		 at;
};

static int
att_cmp(const void *pa, const void *pb)
{
	const struct att_at	*x = pa, *y = pb;

	if (x->m.student_id != y->m.student_id)
		return x->m.student_id < y->m.student_id ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* m[n] by student, a student named twice once: their last status and
 * the last note given (what writing them in turn would leave). */
static struct att_mark *
by_student(struct arena *a, const struct att_mark *m, size_t n, size_t *nout)
{
	struct att_at	*v;
	struct att_mark	*out;
	size_t		 i, k = 0;

	if ((v = arena_alloc(a, (n + 1) * sizeof(*v))) == NULL ||
	    (out = arena_zalloc(a, (n + 1) * sizeof(*out))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		v[i].m = m[i];
		v[i].at = i;
	}
	qsort(v, n, sizeof(*v), att_cmp);
	for (i = 0; i < n; i++) {
		if (k > 0 && out[k - 1].student_id == v[i].m.student_id) {
			out[k - 1].status = v[i].m.status;
			if (v[i].m.notes != NULL)
				out[k - 1].notes = v[i].m.notes;
			continue;
		}
		out[k++] = v[i].m;
	}
	*nout = k;
	return out;
}

/* Whether writing w[n] (by student) over the lesson's marks cur[ncur] (by
 * student) inserts, deletes or changes the status of one: what the
 * triggers count. Such a write locks the attendance tallies' row that
 * every teacher's share first (db_tally_lock), before any mark: an insert
 * where a mark was just deleted (not purged yet) locks the gap before the
 * next entry of uq_attendance, the end of the lesson before, and another
 * teacher's transaction inserting there while holding that row (taken by
 * its first change) deadlocked with it. */
static int
counted(const struct att_mark *w, size_t n, enum att_how how,
    const struct att_have *cur, size_t ncur)
{
	size_t	 i, k = 0;
	int	 have;

	for (i = 0; i < n; i++) {
		while (k < ncur && cur[k].student_id < w[i].student_id)
			k++;
		have = k < ncur && cur[k].student_id == w[i].student_id;
		if (w[i].status == NULL ? have : !have || (how != ATT_FRESH &&
		    strcmp(cur[k].status, w[i].status) != 0))
			return 1;
	}
	return 0;
}

/* One try of attendance_write: w[n] by student, once each. */
static int
write_marks(struct arena *a, int64_t lesson, const struct att_mark *w,
    size_t n, enum att_how how, int64_t *written)
{
	struct att_have	*cur;
	size_t		 ncur, i, k = 0;
	int64_t		 id;
	int		 rc, have;

	*written = 0;
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if ((rc = db_attendance_lock_lesson(a, lesson)) != 1) {
		db_rollback();
		return rc == 0 ? ACCOUNT_NOT_FOUND : ACCOUNT_DB;
	}
	if (db_attendance_marks(a, lesson, &cur, &ncur) == -1 ||
	    (counted(w, n, how, cur, ncur) && db_tally_lock(a, "attendance") == -1))
		goto fail;
	for (i = 0; i < n; i++) {
		while (k < ncur && cur[k].student_id < w[i].student_id)
			k++;
		have = k < ncur && cur[k].student_id == w[i].student_id;
		if (w[i].status == NULL) {
			if (!have)
				continue;
			if (db_attendance_delete(a, cur[k].id) == -1)
				goto fail;
		} else if (have) {
			if (how == ATT_FRESH || (how == ATT_CHANGE &&
			    w[i].notes == NULL && strcmp(cur[k].status,
			    w[i].status) == 0))
				continue;
			if (db_attendance_set(a, cur[k].id, w[i].status,
			    w[i].notes) == -1)
				goto fail;
		} else if (db_attendance_insert(a, lesson, w[i].student_id,
		    w[i].status, w[i].notes != NULL ? w[i].notes : "", &id) == -1)
			goto fail;
		(*written)++;
	}
	if (db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return ACCOUNT_DB;
}

int
attendance_write(struct arena *a, int64_t lesson_id, const struct att_mark *m,
    size_t n, enum att_how how, int64_t *written)
{
	struct att_mark	*w;
	int64_t		 count;
	int		 rc, tries = 1;

	if ((w = by_student(a, m, n, &n)) == NULL)
		return ACCOUNT_DB;
	while (lesson_retry(rc = write_marks(a, lesson_id, w, n, how, &count),
	    &tries, "attendance"))
		;
	if (written != NULL)
		*written = rc == 0 ? count : 0;
	return rc;
}

#define MOVED	1	/* the record changed lessons meanwhile: try again */

/* Lock the rows of lessons x and y (0: none; one for both when equal) in
 * id order, then record id (0: none), which must be in lesson x: 1, 0 (a
 * lesson or the record is gone), MOVED (the record is in another lesson
 * now: *x is that one), -1. */
static int
lock_lessons(struct arena *a, int64_t *x, int64_t y, int64_t id)
{
	int64_t	 lo = *x < y || y == 0 ? *x : y, hi = lo == *x ? y : *x, now;
	int	 rc;

	if (hi == lo)
		hi = 0;
	if ((rc = db_attendance_lock_lesson(a, lo)) != 1 ||
	    (hi != 0 && (rc = db_attendance_lock_lesson(a, hi)) != 1))
		return rc;
	if (id == 0)
		return 1;
	if ((rc = db_attendance_lesson_of(a, id, &now)) != 1)
		return rc;
	if (now == *x)
		return 1;
	*x = now;
	return MOVED;
}

/* One try of attendance_save's write: record id (0: a new one; in lesson
 * *from) becomes (lesson, student, status, notes). */
static int
save_locked(struct arena *a, int64_t id, int64_t *from, int64_t lesson,
    int64_t student, const char *status, const char *notes, int64_t *out,
    struct lesson_errs *err)
{
	struct att_have	*cur;
	size_t		 ncur, i;
	int		 rc;

	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (id == 0)
		*from = lesson;
	if ((rc = lock_lessons(a, from, lesson, id)) != 1) {
		db_rollback();
		if (rc != 0)
			return rc == MOVED ? MOVED : ACCOUNT_DB;
		/* The record, or the new lesson, gone meanwhile. */
		return id != 0 ? ACCOUNT_NOT_FOUND : lesson_err_one(err,
		    LESSON_ERR_FIELDS, "lesson", arena_printf(a, "Invalid pk "
		    "\"%lld\" - object does not exist.", (long long)lesson));
	}
	/* The tallies' row first, as attendance_write (counted). */
	if (db_attendance_marks(a, lesson, &cur, &ncur) == -1 ||
	    db_tally_lock(a, "attendance") == -1)
		goto fail;
	for (i = 0; i < ncur; i++)
		if (cur[i].student_id == student && cur[i].id != id) {
			db_rollback();
			return lesson_err_one(err, LESSON_ERR_NON_FIELD,
			    "non_field_errors", "The fields lesson, student must "
			    "make a unique set.");
		}
	*out = id;
	if ((id == 0 ? db_attendance_insert(a, lesson, student, status, notes,
	    out) : db_attendance_update(a, id, lesson, student, status,
	    notes)) == -1 || db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return ACCOUNT_DB;
}

int
attendance_save(struct arena *a, int64_t teacher, int64_t id, int64_t lesson,
    int64_t student, const char *status, const char *notes, int64_t *out,
    struct lesson_errs *err)
{
	struct lesson	 l;
	const char	*msg = NULL;
	int64_t		 from = 0;
	int		 rc, tries = 1;

	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	if (!attendance_status_ok(status))
		lesson_err_add(err, "status", arena_printf(a, "\"%s\" is not a valid choice.",
		    status));
	if (notes != NULL && !str_utf8_max(notes, ATT_NOTES_MAX))
		lesson_err_add(err, "notes", "Ensure this field has no more than 2000 "
		    "characters.");
	/* Another teacher's lesson is as unknown as a missing one. */
	if ((rc = db_lesson_get(a, lesson, &l)) == -1)
		return ACCOUNT_DB;
	if (rc == 0 || l.teacher_id != teacher)
		lesson_err_add(err, "lesson", arena_printf(a, "Invalid pk \"%lld\" - object "
		    "does not exist.", (long long)lesson));
	else if ((rc = member(a, l.group_id, student, &msg)) == -1)
		return ACCOUNT_DB;
	else if (rc == 0)
		lesson_err_add(err, "student", msg);
	if (err->n > 0)
		return ACCOUNT_INVALID;
	/* The record's lesson now, locked with the new one. */
	if (id != 0 && (rc = db_attendance_lesson_of(a, id, &from)) != 1)
		return rc == 0 ? ACCOUNT_NOT_FOUND : ACCOUNT_DB;
	while ((rc = save_locked(a, id, &from, lesson, student, status, notes,
	    out, err)) == MOVED || lesson_retry(rc, &tries, "attendance"))
		if (rc == MOVED && ++tries > LOCK_TRIES)
			return ACCOUNT_DB;
	return rc;
}

/* One try of attendance_delete. */
static int
delete_locked(struct arena *a, int64_t id, int64_t *lesson)
{
	int	 rc;

	if (db_begin() == -1)
		return ACCOUNT_DB;
	if ((rc = lock_lessons(a, lesson, 0, id)) != 1) {
		db_rollback();
		return rc == -1 ? ACCOUNT_DB : rc;	/* 0: gone already */
	}
	if (db_attendance_delete(a, id) == -1 || db_commit() == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	return 0;
}

int
attendance_delete(struct arena *a, int64_t id, int64_t lesson)
{
	int	 rc, tries = 1;

	while ((rc = delete_locked(a, id, &lesson)) == MOVED ||
	    lesson_retry(rc, &tries, "attendance"))
		if (rc == MOVED && ++tries > LOCK_TRIES)
			return ACCOUNT_DB;
	return rc;
}

int
lesson_delete(struct arena *a, const struct actor *who, const struct lesson *l)
{
	if (pool_lesson_deleting(a, who, l->id) == -1 ||
	    db_lesson_delete(a, l->id) == -1)
		return ACCOUNT_DB;
	return 0;
}

int
lesson_cancel(struct arena *a, const struct actor *who, const struct lesson *l)
{
	if (db_lesson_cancel(a, l->id) == -1 ||
	    pool_lesson_changed(a, who, l) == -1)
		return ACCOUNT_DB;
	return 0;
}

int
lesson_changed(struct arena *a, const struct actor *who,
    const struct lesson *before)
{
	return pool_lesson_changed(a, who, before) == -1 ? ACCOUNT_DB : 0;
}
