/* Lessons and attendance: V-LESSON, ownership, status, marking. */
#include "autoconf.h"

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
	/* A deadlock (the tallies' and rollups' triggers write rows other
	 * teachers' writes touch too) rolled everything back: try again. */
	for (tries = 1; (rc = write_checked(a, d, except_id, id, err)) ==
	    ACCOUNT_DB && db_last_error() == DB_ERR_LOCK && tries < 3; tries++)
		log_info("lesson: transaction retried after a lock conflict");
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
	if (db_begin() == -1)
		return ACCOUNT_DB;
	for (i = 0; i < n; i++)
		if (db_attendance_upsert(a, l->id, m[i].student_id, m[i].status,
		    m[i].notes) == -1) {
			db_rollback();
			return ACCOUNT_DB;
		}
	if (db_commit() == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	return 0;
}

int
attendance_save(struct arena *a, int64_t teacher, int64_t id, int64_t lesson,
    int64_t student, const char *status, const char *notes, int64_t *out,
    struct lesson_errs *err)
{
	struct lesson	 l;
	const char	*msg = NULL;
	int		 rc;

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
	*out = id;
	if ((id == 0 ? db_attendance_insert(a, lesson, student, status, notes,
	    out) : db_attendance_update(a, id, lesson, student, status,
	    notes)) == 0)
		return 0;
	if (db_last_error() == DB_ERR_DUP)
		return lesson_err_one(err, LESSON_ERR_NON_FIELD, "non_field_errors", "The "
		    "fields lesson, student must make a unique set.");
	return ACCOUNT_DB;
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
