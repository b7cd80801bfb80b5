/* Weekly lessons: validation, ownership, generating real lessons. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_group.h"
#include "db/db_lesson.h"
#include "db/db_recurring.h"
#include "domain/calendar.h"
#include "domain/pool.h"
#include "domain/recurring.h"

#define LOCATION_MAX	300
#define TOPICS_MAX	10000

#define REQUIRED	"This field is required."
#define BAD_TIME	"Time has wrong format. Use one of these formats " \
			"instead: hh:mm[:ss]."
#define BAD_DATE	"Date has wrong format. Use one of these formats " \
			"instead: YYYY-MM-DD."

int
recurring_parse_time(struct arena *a, const char *s, const char **out,
    int64_t *sec)
{
	if (dt_parse_time(s, sec) == -1)
		return -1;
	*out = arena_printf(a, "%02lld:%02lld:%02lld", (long long)(*sec / 3600),
	    (long long)(*sec / 60 % 60), (long long)(*sec % 60));
	return *out ? 0 : -1;
}

/* The row to be written, after merging and checking the fields. */
struct draft {
	struct recurring_row	 w;
	int64_t			 start_sec, end_sec, first_day, last_day;
	struct group		 g;
};

static void
time_field(struct arena *a, struct lesson_errs *err, const char *field,
    const char *in, const char **out, int64_t *sec)
{
	if (in == NULL)
		lesson_err_add(err, field, REQUIRED);
	else if (recurring_parse_time(a, in, out, sec) == -1)
		lesson_err_add(err, field, BAD_TIME);
}

static void
date_field(struct lesson_errs *err, const char *field, const char *in,
    const char **out, int64_t *day)
{
	if (in == NULL)
		lesson_err_add(err, field, REQUIRED);
	else if (dt_parse_date(in, day) == -1)
		lesson_err_add(err, field, BAD_DATE);
	else
		*out = in;
}

/* Every field error at once, then the cross-field rules. */
static int
fields(struct arena *a, const struct recurring_input *in, struct draft *d,
    struct lesson_errs *err)
{
	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	if (lesson_title_group(a, in->title, "group_id", in->group_id,
	    &d->w.title, &d->g, err) != 0)
		return ACCOUNT_DB;
	d->w.group_id = in->group_id;
	if (!in->has_day)
		lesson_err_add(err, "day_of_week", REQUIRED);
	else if (in->day_of_week < 0 || in->day_of_week > 6)
		lesson_err_add(err, "day_of_week", arena_printf(a, "\"%lld\" is not a valid "
		    "choice.", (long long)in->day_of_week));
	d->w.day_of_week = in->day_of_week;
	d->w.week_type = in->week_type ? in->week_type : "ALL";
	if (strcmp(d->w.week_type, "ALL") != 0 &&
	    strcmp(d->w.week_type, "UPPER") != 0 &&
	    strcmp(d->w.week_type, "LOWER") != 0)
		lesson_err_add(err, "week_type", arena_printf(a, "\"%s\" is not a valid "
		    "choice.", d->w.week_type));
	time_field(a, err, "start_time", in->start_time, &d->w.start_time,
	    &d->start_sec);
	time_field(a, err, "end_time", in->end_time, &d->w.end_time,
	    &d->end_sec);
	date_field(err, "start_date", in->start_date, &d->w.start_date,
	    &d->first_day);
	date_field(err, "end_date", in->end_date, &d->w.end_date, &d->last_day);
	if (in->location != NULL && !str_utf8_max(in->location, LOCATION_MAX))
		lesson_err_add(err, "location", "Ensure this field has no more than 300 "
		    "characters.");
	if (in->topics != NULL && !str_utf8_max(in->topics, TOPICS_MAX))
		lesson_err_add(err, "topics", "Ensure this field has no more than 10000 "
		    "characters.");
	if (err->n > 0)
		return ACCOUNT_INVALID;
	if (d->end_sec <= d->start_sec)
		return lesson_err_one(err, LESSON_ERR_FIELDS, "end_time", "Время окончания "
		    "должно быть позже времени начала.");
	if (d->end_sec - d->start_sec > lesson_max_minutes() * 60)
		return lesson_err_one(err, LESSON_ERR_FIELDS, "end_time",
		    lesson_too_long(a));
	if (d->last_day < d->first_day)
		return lesson_err_one(err, LESSON_ERR_FIELDS, "end_date", "Дата окончания не "
		    "может быть раньше даты начала.");
	d->w.topics = in->topics;
	d->w.location = in->location;
	return 0;
}

int
recurring_save(struct arena *a, int64_t teacher, const struct recurring *cur,
    const struct recurring_input *in, int full, int64_t *id,
    struct lesson_errs *err)
{
	struct recurring_input	 x = *in;
	struct draft		 d;
	int			 rc;

	memset(&d, 0, sizeof(d));
	if (cur != NULL && !full) {
		/* Absent fields keep their value. */
		x.title = x.title ? x.title : cur->title;
		x.group_id = x.group_id ? x.group_id : cur->group_id;
		if (!x.has_day) {
			x.has_day = 1;
			x.day_of_week = cur->day_of_week;
		}
		x.start_time = x.start_time ? x.start_time : cur->start_time;
		x.end_time = x.end_time ? x.end_time : cur->end_time;
		x.start_date = x.start_date ? x.start_date : cur->start_date;
		x.end_date = x.end_date ? x.end_date : cur->end_date;
	}
	if (cur != NULL) {
		x.week_type = x.week_type ? x.week_type : cur->week_type;
		x.topics = x.topics ? x.topics : cur->topics;
		x.location = x.location ? x.location : cur->location;
	}
	if ((rc = fields(a, &x, &d, err)) != 0)
		return rc;
	if (d.g.teacher_id != teacher)
		return lesson_err_one(err, LESSON_ERR_BARE, "", "Регулярные занятия можно "
		    "назначать только в своих группах.");
	d.w.teacher_id = teacher;
	if (cur == NULL)
		return db_recurring_insert(a, &d.w, id) == -1 ? ACCOUNT_DB : 0;
	*id = cur->id;
	return db_recurring_update(a, cur->id, &d.w) == -1 ? ACCOUNT_DB : 0;
}

static int
has_day(const int64_t *days, size_t n, int64_t day)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (days[i] == day)
			return 1;
	return 0;
}

/* One date of the run: count it, and create its lesson unless dry. */
static int
one_date(struct arena *a, const struct recurring *x, int64_t day,
    const char *title, int dry, const int64_t *done, size_t ndone,
    struct recurring_gen *g)
{
	const char	*start, *end;
	int64_t		 s, e, other, id;
	int		 rc;

	if (!calendar_occurs(x, day)) {
		g->skipped_outside_pattern++;
		return 0;
	}
	calendar_slot(x, day, &s, &e);
	if ((start = dt_db(a, s)) == NULL || (end = dt_db(a, e)) == NULL)
		return -1;
	if (has_day(done, ndone, day)) {
		g->skipped_existing++;
		return 0;
	}
	if ((rc = db_lesson_group_overlap(a, x->group_id, start, end, 0,
	    &other)) != 0) {
		g->skipped_existing += rc == 1;
		return rc == 1 ? 0 : -1;
	}
	/* The teacher's lesson in another group takes the slot too: skipped
	 * like an existing one (API c.4), and counted apart as well. */
	if ((rc = db_lesson_teacher_overlap(a, x->teacher_id, start, end, 0,
	    &other)) != 0) {
		g->skipped_existing += rc == 1;
		g->skipped_teacher_busy += rc == 1;
		return rc == 1 ? 0 : -1;
	}
	if (dry) {
		g->dates[g->would_create++] = day;
		return 0;
	}
	if (db_recurring_insert_lesson(a, x, title, start, end, dt_date(a, day),
	    &id) == -1)
		return -1;
	g->ids[g->created] = id;
	g->dates[g->created++] = day;
	g->would_create++;
	return 0;
}

int
recurring_generate(struct arena *a, const struct recurring *x,
    int64_t from_day, int64_t until_day, const char *title, int dry,
    struct recurring_gen *g)
{
	int64_t	*done, d, lo, hi;
	size_t	 ndone, cap;

	memset(g, 0, sizeof(*g));
	lo = from_day > x->first_day ? from_day : x->first_day;
	hi = until_day < x->last_day ? until_day : x->last_day;
	cap = hi >= lo ? (size_t)(hi - lo + 1) : 0;
	if ((g->ids = arena_zalloc(a, (cap + 1) * sizeof(*g->ids))) == NULL ||
	    (g->dates = arena_zalloc(a, (cap + 1) * sizeof(*g->dates))) == NULL)
		return ACCOUNT_DB;
	if (title == NULL)
		title = x->title;
	if (cap == 0)
		return 0;
	/* The teacher's row is held until the end, as lesson_create does, so
	 * two runs (or a run and a new lesson) cannot both take a slot. */
	if (!dry && (db_begin() == -1 ||
	    db_lesson_lock_teacher(a, x->teacher_id) == -1))
		goto fail;
	if (db_recurring_generated(a, x->id, dt_date(a, lo), dt_date(a, hi),
	    &done, &ndone) == -1)
		goto fail;
	for (d = lo; d <= hi; d++)
		if (one_date(a, x, d, title, dry, done, ndone, g) == -1)
			goto fail;
	if (!dry && db_commit() == -1)
		goto fail;
	return 0;
fail:
	if (!dry)
		db_rollback();
	memset(g, 0, sizeof(*g));
	return ACCOUNT_DB;
}

int
recurring_delete_titled(struct arena *a, const struct actor *who,
    int64_t teacher, int64_t group, const char *title, int64_t *count)
{
	int64_t	*ids;
	size_t	 i, n;

	if (db_recurring_titled_meetings(a, teacher, group, title, &ids, &n) == -1)
		return ACCOUNT_DB;
	for (i = 0; i < n; i++)
		if (pool_lesson_deleting(a, who, ids[i]) == -1)
			return ACCOUNT_DB;
	return db_recurring_delete_titled(a, teacher, group, title, count) == -1 ?
	    ACCOUNT_DB : 0;
}
