/* Control points and results: validation, caps, all-or-nothing writes. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_controlpoint.h"
#include "db/db_group.h"
#include "db/db_lesson.h"
#include "db/db_tally.h"
#include "domain/controlpoint.h"

#define REQUIRED	"This field is required."

static const char *
no_such(struct arena *a, int64_t id)
{
	return arena_printf(a, "Invalid pk \"%lld\" - object does not exist.",
	    (long long)id);
}

/* The merged fields of a write. */
struct cp_draft {
	struct cp_row	 w;
	int		 move;		/* the group changes */
};

static int
check_group_lesson(struct arena *a, int64_t teacher, struct cp_draft *d,
    struct lesson_errs *err)
{
	struct group	 g;
	struct lesson	 l;
	int		 rc;

	if (d->w.group_id == 0)
		lesson_err_add(err, "group", REQUIRED);
	else if ((rc = db_group_get(a, d->w.group_id, &g)) == -1)
		return ACCOUNT_DB;
	else if (rc == 0 || g.teacher_id != teacher)
		/* Another teacher's group is as unknown as a missing one. */
		lesson_err_add(err, "group", no_such(a, d->w.group_id));
	if (d->w.lesson_id == 0)
		return 0;
	if ((rc = db_lesson_get(a, d->w.lesson_id, &l)) == -1)
		return ACCOUNT_DB;
	if (rc == 0 || l.teacher_id != teacher)
		lesson_err_add(err, "lesson", no_such(a, d->w.lesson_id));
	else if (l.group_id != d->w.group_id)
		lesson_err_add(err, "lesson", "Занятие должно быть занятием "
		    "этой группы.");
	return 0;
}

/* One try of a change of cur to d: under the row lock, against the
 * results it has. */
static int
change_locked(struct arena *a, const struct controlpoint *cur,
    const struct cp_draft *d, struct lesson_errs *err)
{
	struct controlpoint locked;
	int64_t		 max;

	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (db_cp_get(a, cur->id, 1, &locked) == -1 ||
	    db_cp_max_result(a, cur->id, &max) == -1)
		goto fail;
	if (max > d->w.max_points) {
		db_rollback();
		return lesson_err_one(err, LESSON_ERR_FIELDS, "max_points",
		    arena_printf(a, "Есть результат %lld баллов: максимум не "
		    "может быть меньше.", (long long)max));
	}
	if (d->w.group_id != cur->group_id && max >= 0) {
		db_rollback();
		return lesson_err_one(err, LESSON_ERR_FIELDS, "group", "У "
		    "контрольной точки есть результаты: группу изменить нельзя.");
	}
	if (db_cp_update(a, cur->id, &d->w) == -1 || db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return ACCOUNT_DB;
}

int
cp_save(struct arena *a, int64_t teacher, const struct controlpoint *cur,
    const struct cp_input *in, int full, int64_t *id, struct lesson_errs *err)
{
	struct cp_draft	 d;
	const char	*t;
	int64_t		 days;
	int		 need = cur == NULL || full, rc, tries;

	memset(&d, 0, sizeof(d));
	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	d.w.teacher_id = teacher;
	if (cur != NULL) {
		d.w.title = cur->title;
		d.w.group_id = cur->group_id;
		d.w.lesson_id = cur->lesson_id;
		d.w.max_points = cur->max_points;
		d.w.date = cur->date;
	} else
		d.w.max_points = CP_POINTS_DEFAULT;
	if (in->title != NULL) {
		if ((t = str_trim_dup(a, in->title)) == NULL)
			return ACCOUNT_DB;
		if (*t == '\0')
			lesson_err_add(err, "title", "This field may not be blank.");
		else if (!str_utf8_max(t, CP_TITLE_MAX))
			lesson_err_add(err, "title", "Ensure this field has no more "
			    "than 255 characters.");
		d.w.title = t;
	} else if (need)
		lesson_err_add(err, "title", REQUIRED);
	if (in->has_group)
		d.w.group_id = in->group;
	else if (need)
		d.w.group_id = 0;
	if (in->has_lesson)
		d.w.lesson_id = in->lesson;
	else if (need)
		d.w.lesson_id = 0;
	if (in->has_max) {
		if (in->max_points < 1 || in->max_points > CP_POINTS_MAX)
			lesson_err_add(err, "max_points", "Ensure this value is "
			    "between 1 and 10000.");
		d.w.max_points = in->max_points;
	}
	if (in->date != NULL) {
		if (dt_parse_date(in->date, &days) == -1)
			lesson_err_add(err, "date", "Date has wrong format. Use one "
			    "of these formats instead: YYYY-MM-DD.");
		d.w.date = in->date;
	} else if (need)
		lesson_err_add(err, "date", REQUIRED);
	if (check_group_lesson(a, teacher, &d, err) != 0)
		return ACCOUNT_DB;
	if (err->n > 0)
		return ACCOUNT_INVALID;
	if (cur == NULL)
		return db_cp_insert(a, &d.w, id) == -1 ? ACCOUNT_DB : 0;

	tries = 1;
	while (lesson_retry(rc = change_locked(a, cur, &d, err), &tries,
	    "control point"))
		;
	if (rc == 0)
		*id = cur->id;
	return rc;
}

static int
mark_cmp(const void *pa, const void *pb)
{
	const struct cp_mark	*x = pa, *y = pb;

	return (x->student_id > y->student_id) - (x->student_id < y->student_id);
}

/* One try of cp_results_put: every entry checked under the point's lock,
 * then written by student (w: m sorted so). */
static int
put_locked(struct arena *a, int64_t cp_id, const struct cp_mark *m,
    const struct cp_mark *w, size_t n, struct lesson_errs *err)
{
	struct controlpoint	 cp;
	struct cpr_have		*cur;
	size_t			 ncur, i, k;
	int64_t			 id;
	int			 rc, have, counted = 0;

	if (db_begin() == -1)
		return ACCOUNT_DB;
	if ((rc = db_cp_get(a, cp_id, 1, &cp)) != 1) {
		db_rollback();
		return rc == 0 ? ACCOUNT_NOT_FOUND : ACCOUNT_DB;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			if (m[k].student_id == m[i].student_id)
				break;
		if (k < i) {
			db_rollback();
			return lesson_err_one(err, LESSON_ERR_FIELDS, "results",
			    arena_printf(a, "Ученик %lld указан дважды.",
			    (long long)m[i].student_id));
		}
		if (m[i].points != -1 && (m[i].points < 0 ||
		    m[i].points > cp.max_points)) {
			db_rollback();
			return lesson_err_one(err, LESSON_ERR_FIELDS, "results",
			    arena_printf(a, "Баллы ученика %lld должны быть от 0 "
			    "до %lld.", (long long)m[i].student_id,
			    (long long)cp.max_points));
		}
		if ((rc = db_group_is_member(a, cp.group_id, m[i].student_id)) == -1)
			goto fail;
		if (rc == 0) {
			db_rollback();
			return lesson_err_one(err, LESSON_ERR_FIELDS, "results",
			    arena_printf(a, "Ученик %lld не состоит в группе "
			    "контрольной точки.", (long long)m[i].student_id));
		}
	}
	if (db_cpr_have(a, cp_id, &cur, &ncur) == -1)
		goto fail;
	/* A result added or removed locks the results' tally row that every
	 * teacher's share (its triggers) before its student's points; a
	 * change of points locks only those. Adding or removing any, lock
	 * that row first: else a change of one student's points, then an
	 * addition for another, against another teacher's addition for the
	 * first (the tally row, then that student's points), deadlocks; and
	 * so does an insert at the end of this point's range of
	 * uq_cpr_point_student against another's insert where a result was
	 * just deleted (the next point's first entry, not purged yet: its
	 * check for a duplicate locks the gap before it). */
	for (i = k = 0; i < n && !counted; i++) {
		while (k < ncur && cur[k].student_id < w[i].student_id)
			k++;
		have = k < ncur && cur[k].student_id == w[i].student_id;
		counted = have == (w[i].points == -1);
	}
	if (counted && db_tally_lock(a, "cpr") == -1)
		goto fail;
	for (i = k = 0; i < n; i++) {
		while (k < ncur && cur[k].student_id < w[i].student_id)
			k++;
		have = k < ncur && cur[k].student_id == w[i].student_id;
		if (w[i].points == -1 ? have && db_cpr_delete(a,
		    cur[k].id) == -1 : have ? cur[k].points != w[i].points &&
		    db_cpr_set_points(a, cur[k].id, w[i].points) == -1 :
		    db_cpr_insert(a, cp_id, w[i].student_id, w[i].points,
		    &id) == -1)
			goto fail;
	}
	if (db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return ACCOUNT_DB;
}

int
cp_results_put(struct arena *a, int64_t cp_id, const struct cp_mark *m,
    size_t n, struct lesson_errs *err)
{
	struct cp_mark	*w;
	int		 rc, tries = 1;

	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	if ((w = arena_alloc(a, (n + 1) * sizeof(*w))) == NULL)
		return ACCOUNT_DB;
	if (n > 0)
		memcpy(w, m, n * sizeof(*w));
	qsort(w, n, sizeof(*w), mark_cmp);
	while (lesson_retry(rc = put_locked(a, cp_id, m, w, n, err), &tries,
	    "control point results"))
		;
	return rc;
}

#define MOVED	1	/* the result changed points meanwhile: try again */

/* Lock the rows of control points *x and y (0: none) in id order, y's
 * into *cy (its id 0 when it is gone), then result id (0: none), which
 * must be of point *x: 1, 0 (*x or the result is gone), MOVED (the result
 * is of another point now: *x is that one), -1. */
static int
lock_points(struct arena *a, int64_t *x, int64_t y, int64_t id,
    struct controlpoint *cy)
{
	struct controlpoint	 c;
	int64_t			 v[2], now;
	size_t			 i;
	int			 rc;

	memset(cy, 0, sizeof(*cy));
	v[0] = y == 0 || (*x != 0 && *x < y) ? *x : y;
	v[1] = v[0] == *x ? y : *x;
	for (i = 0; i < 2; i++) {
		if (v[i] == 0 || (i == 1 && v[1] == v[0]))
			continue;
		if ((rc = db_cp_get(a, v[i], 1, &c)) == -1)
			return -1;
		if (rc == 1 && v[i] == y)
			*cy = c;
		if (rc == 0 && v[i] == *x)
			return 0;
	}
	if (id == 0)
		return 1;
	if ((rc = db_cpr_point_of(a, id, &now)) != 1)
		return rc;
	if (now == *x)
		return 1;
	*x = now;
	return MOVED;
}

/* One try of cp_result_save's write: result id (0: a new one; of point
 * *from) becomes (cp_id, student, points). */
static int
result_locked(struct arena *a, int64_t teacher, int64_t id, int64_t *from,
    int64_t cp_id, int64_t student, int64_t points, int64_t *out,
    struct lesson_errs *err)
{
	struct controlpoint	 cp;
	struct cpr_have		*cur;
	size_t			 ncur, i;
	int			 rc;

	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if ((rc = lock_points(a, from, cp_id, id, &cp)) != 1) {
		db_rollback();
		return rc == -1 ? ACCOUNT_DB : rc == MOVED ? MOVED :
		    ACCOUNT_NOT_FOUND;
	}
	if (cp.id == 0 || cp.teacher_id != teacher)
		lesson_err_add(err, "control_point", no_such(a, cp_id));
	else {
		if (points < 0 || points > cp.max_points)
			lesson_err_add(err, "points", arena_printf(a, "Ensure this "
			    "value is between 0 and %lld.", (long long)cp.max_points));
		if ((rc = db_group_is_member(a, cp.group_id, student)) == -1)
			goto fail;
		if (rc == 0)
			lesson_err_add(err, "student", arena_printf(a, "Ученик "
			    "%lld не состоит в группе контрольной точки.",
			    (long long)student));
	}
	if (err->n > 0) {
		db_rollback();
		return ACCOUNT_INVALID;
	}
	/* The tally's row first, as cp_results_put. */
	if (db_cpr_have(a, cp_id, &cur, &ncur) == -1 ||
	    db_tally_lock(a, "cpr") == -1)
		goto fail;
	for (i = 0; i < ncur; i++)
		if (cur[i].student_id == student && cur[i].id != id) {
			db_rollback();
			return lesson_err_one(err, LESSON_ERR_NON_FIELD,
			    "non_field_errors", "The fields control_point, "
			    "student must make a unique set.");
		}
	*out = id;
	if ((id == 0 ? db_cpr_insert(a, cp_id, student, points, out) :
	    db_cpr_update(a, id, cp_id, student, points)) == -1 ||
	    db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return ACCOUNT_DB;
}

int
cp_result_save(struct arena *a, int64_t teacher, int64_t id, int64_t cp_id,
    int64_t student, int64_t points, int64_t *out, struct lesson_errs *err)
{
	int64_t	 from = 0;
	int	 rc, tries = 1;

	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	/* The result's point now, locked with the new one. */
	if (id != 0 && (rc = db_cpr_point_of(a, id, &from)) != 1)
		return rc == 0 ? ACCOUNT_NOT_FOUND : ACCOUNT_DB;
	while ((rc = result_locked(a, teacher, id, &from, cp_id, student,
	    points, out, err)) == MOVED || lesson_retry(rc, &tries,
	    "control point result"))
		if (rc == MOVED && ++tries > LOCK_TRIES)
			return ACCOUNT_DB;
	return rc;
}

/* One try of cp_result_delete. */
static int
delete_locked(struct arena *a, int64_t id, int64_t *cp_id)
{
	struct controlpoint	 none;
	int			 rc;

	if (db_begin() == -1)
		return ACCOUNT_DB;
	if ((rc = lock_points(a, cp_id, 0, id, &none)) != 1) {
		db_rollback();
		return rc == -1 ? ACCOUNT_DB : rc;	/* 0: gone already */
	}
	if (db_cpr_delete(a, id) == -1 || db_commit() == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	return 0;
}

int
cp_result_delete(struct arena *a, int64_t id, int64_t cp_id)
{
	int	 rc, tries = 1;

	while ((rc = delete_locked(a, id, &cp_id)) == MOVED ||
	    lesson_retry(rc, &tries, "control point result"))
		if (rc == MOVED && ++tries > LOCK_TRIES)
			return ACCOUNT_DB;
	return rc;
}
