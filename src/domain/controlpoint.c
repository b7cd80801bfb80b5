/* Control points and results: validation, caps, all-or-nothing writes. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_controlpoint.h"
#include "db/db_group.h"
#include "db/db_lesson.h"
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

int
cp_save(struct arena *a, int64_t teacher, const struct controlpoint *cur,
    const struct cp_input *in, int full, int64_t *id, struct lesson_errs *err)
{
	struct controlpoint locked;
	struct cp_draft	 d;
	const char	*t;
	int64_t		 days, max;
	int		 need = cur == NULL || full;

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

	/* A change: under the row lock, against the results it has. */
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (db_cp_get(a, cur->id, 1, &locked) == -1 ||
	    db_cp_max_result(a, cur->id, &max) == -1)
		goto fail;
	if (max > d.w.max_points) {
		db_rollback();
		return lesson_err_one(err, LESSON_ERR_FIELDS, "max_points",
		    arena_printf(a, "Есть результат %lld баллов: максимум не "
		    "может быть меньше.", (long long)max));
	}
	if (d.w.group_id != cur->group_id && max >= 0) {
		db_rollback();
		return lesson_err_one(err, LESSON_ERR_FIELDS, "group", "У "
		    "контрольной точки есть результаты: группу изменить нельзя.");
	}
	if (db_cp_update(a, cur->id, &d.w) == -1 || db_commit() == -1)
		goto fail;
	*id = cur->id;
	return 0;
fail:
	db_rollback();
	return ACCOUNT_DB;
}

int
cp_results_put(struct arena *a, int64_t cp_id, const struct cp_mark *m,
    size_t n, struct lesson_errs *err)
{
	struct controlpoint	 cp;
	size_t			 i, k;
	int			 rc;

	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
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
	for (i = 0; i < n; i++)
		if ((m[i].points == -1 ? db_cpr_delete_pair(a, cp_id,
		    m[i].student_id) : db_cpr_upsert(a, cp_id, m[i].student_id,
		    m[i].points)) == -1)
			goto fail;
	if (db_commit() == -1)
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
	struct controlpoint	 cp;
	int			 rc;

	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if ((rc = db_cp_get(a, cp_id, 1, &cp)) == -1)
		goto fail;
	if (rc == 0 || cp.teacher_id != teacher)
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
	*out = id;
	if ((id == 0 ? db_cpr_insert(a, cp_id, student, points, out) :
	    db_cpr_update(a, id, cp_id, student, points)) == -1) {
		if (db_last_error() == DB_ERR_DUP) {
			db_rollback();
			return lesson_err_one(err, LESSON_ERR_NON_FIELD,
			    "non_field_errors", "The fields control_point, "
			    "student must make a unique set.");
		}
		goto fail;
	}
	if (db_commit() == -1)
		goto fail;
	return 0;
fail:
	db_rollback();
	return ACCOUNT_DB;
}
