/* Taking homework: start, autosave, submit with grading, regrading. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_homework.h"
#include "db/db_hw_files.h"
#include "db/db_submission.h"
#include "domain/homework.h"
#include "domain/hw_files.h"
#include "domain/hw_json.h"
#include "domain/hw_question.h"
#include "domain/badge.h"
#include "domain/submission.h"

#define TELEMETRY_SECONDS_MAX	86400	/* per autosave and question */
#define TELEMETRY_TABS_MAX	10000
#define ARCHIVED		"Homework is archived"

int
submission_start(struct arena *a, const char *secret, const struct homework *h,
    const struct hw_target *t, int64_t student, struct submission *s,
    int *created, struct hw_err *err)
{
	int64_t	 id;
	int	 rc;

	memset(err, 0, sizeof(*err));
	*created = 0;
	if ((rc = db_sub_find_brief(a, h->id, student, s)) != 0)
		return rc == 1 ? 0 : HW_DB;
	if (strcmp(h->status, "published") != 0)
		return hw_err_set(a, err, 400, ARCHIVED, 1);
	if (db_sub_insert(a, h->id, student, h->teacher_id, t->group_id,
	    (int64_t)homework_seed(secret, h->id, student), &id) == -1) {
		/* Two first clicks at once: the other one made it. */
		if (db_last_error() != DB_ERR_DUP)
			return HW_DB;
		return db_sub_find_brief(a, h->id, student, s) == 1 ? 0 : HW_DB;
	}
	/* A row for every question now: autosaves only update. */
	if (db_sub_find_brief(a, h->id, student, s) != 1 ||
	    db_answers_fill(a, s->id, h->id) == -1)
		return HW_DB;
	*created = 1;
	return 0;
}

/* -- autosave -------------------------------------------------------------- */

/* One question's row of an autosave (see db_answers_save). */
struct save_row {
	const struct hw_question	*q;
	struct json_object		*o;
};

/* The question id a key names ("12", "12_attachments", "12_telemetry")
 * and which of the three it is (0, 1, 2); -1 for any other key. */
static int
key_kind(const char *key, int64_t *qid)
{
	const char	*u = strchr(key, '_');
	size_t		 n = u ? (size_t)(u - key) : strlen(key);

	if (str_to_i64(key, n, 1, INT64_MAX, qid) == -1)
		return -1;
	if (u == NULL)
		return 0;
	if (strcmp(u, "_attachments") == 0)
		return 1;
	if (strcmp(u, "_telemetry") == 0)
		return 2;
	return -1;
}

/* The row of question q, made on first use in list. */
static struct json_object *
row_of(struct json_object *list, struct save_row *rows, size_t *nrows,
    const struct hw_question *q)
{
	size_t	 i;

	for (i = 0; i < *nrows; i++)
		if (rows[i].q == q)
			return rows[i].o;
	rows[*nrows].q = q;
	rows[*nrows].o = json_object_new_object();
	json_add_int(rows[*nrows].o, "q", q->id);
	json_object_array_add(list, rows[*nrows].o);
	return rows[(*nrows)++].o;
}

/* A telemetry number within 0..max, else 0. */
static int64_t
tele_num(struct json_object *t, const char *key, int64_t max)
{
	struct json_object	*v = hwj_get(t, key);
	int64_t			 n;

	if (v == NULL || !json_object_is_type(v, json_type_int))
		return 0;
	n = json_object_get_int64(v);
	return n < 0 ? 0 : n > max ? max : n;
}

/* The files of a value, checked; sets "satt"/"att" (and "ans" for a
 * FILE_UPLOAD answer). Malformed lists are ignored (1). */
static int
files_into(struct arena *a, const struct submission *s,
    const struct hw_question *q, struct json_object *v, struct json_object *row,
    int answer, struct hw_err *err)
{
	struct json_object	*kinds;
	const char		**ids, *json;
	size_t			 n;
	int64_t			 maxfiles = 0, max_mb = 0;
	int			 rc;

	if (hw_answer_file_ids(a, v, &ids, &n) == -1)
		return 1;
	if (answer) {
		maxfiles = json_object_get_int64(hwj_get(q->config, "maxFiles"));
		max_mb = json_object_get_int64(hwj_get(q->config, "maxSizeMB"));
	}
	kinds = answer ? hwj_get(q->config, "allowedTypes") : NULL;
	if ((rc = hw_files_answer(a, s->student_id, s->homework_id, ids, n,
	    maxfiles, max_mb, kinds ? json_text(kinds, NULL) : NULL, &json,
	    err)) != 0)
		return rc;
	json_add_int(row, "satt", 1);
	json_add_str(row, "att", json);
	if (answer) {
		json_add_int(row, "sv", 1);
		json_add_null(row, "v");
		json_add_str(row, "t", "");
		json_add_int(row, "ans", n > 0);
	}
	return 0;
}

/* A value into its row: the canonical answer and its text. */
static int
value_into(struct arena *a, const struct hw_question *q, struct json_object *v,
    struct json_object *row)
{
	struct json_object	*out;
	int			 empty, rc;
	const char		*text;

	if ((rc = hw_answer_clean(a, q, v, &out, &empty)) != 1)
		return rc;
	text = out == NULL ? "" : q->type == HWQ_TEXT ?
	    json_object_get_string(out) : q->type == HWQ_SINGLE ||
	    q->type == HWQ_MULTI ? "" : json_text(out, NULL);
	json_add_int(row, "sv", 1);
	json_add_str(row, "v", out ? json_text(out, NULL) : NULL);
	json_add_str(row, "t", text);
	json_add_int(row, "ans", !empty);
	return 1;
}

/* An autosave's rows, made before the transaction so that the
 * submission's lock is held only while writing: the values and telemetry
 * in rows, the files (which must be claimed inside it) aside. */
struct save_plan {
	struct json_object	*list;
	struct save_row		*rows;
	size_t			 nrows;
	struct {
		const struct hw_question	*q;
		struct json_object		*v, *row;
		int				 answer;
	}			*files;
	size_t			 nfiles;
};

/* Plan the answers object of an autosave or a submit to submission sub,
 * read without a lock (the transaction checks the submission again):
 * nothing when it is not student's, and then the transaction answers 404.
 * Unknown keys and values that do not fit are left out. 0 or HW_DB. */
static int
plan_answers(struct arena *a, int64_t sub, int64_t student,
    struct json_object *answers, struct save_plan *p)
{
	struct hw_question		*qs;
	const struct hw_question	*q;
	struct json_object		*row, *ids;
	size_t				 nq, nkeys, i;
	int64_t				 qid;
	int				 kind;

	memset(p, 0, sizeof(*p));
	nkeys = (size_t)json_object_object_length(answers);
	/* Only the questions the body names are read. */
	if ((ids = json_new_array(a)) == NULL)
		return HW_DB;
	json_object_object_foreach(answers, k, unused) {
		(void)unused;
		if (key_kind(k, &qid) == -1)
			continue;
		for (i = 0; i < json_object_array_length(ids) &&
		    json_object_get_int64(json_object_array_get_idx(ids, i)) != qid;
		    i++)
			;
		if (i == json_object_array_length(ids))
			json_object_array_add(ids, json_object_new_int64(qid));
	}
	nq = 0;
	qs = NULL;
	if (json_object_array_length(ids) > 0 && db_hw_questions_in(a, sub,
	    student, json_text(ids, NULL), &qs, &nq) == -1)
		return HW_DB;
	if ((p->rows = arena_zalloc(a, (nq + 1) * sizeof(*p->rows))) == NULL ||
	    (p->files = arena_zalloc(a, (nkeys + 1) * sizeof(*p->files))) == NULL ||
	    (p->list = json_new_array(a)) == NULL)
		return HW_DB;
	json_object_object_foreach(answers, key, v) {
		if ((kind = key_kind(key, &qid)) == -1 ||
		    (q = hw_question_find(qs, nq, qid)) == NULL)
			continue;
		row = row_of(p->list, p->rows, &p->nrows, q);
		if (kind == 2) {
			json_add_int(row, "sec", tele_num(v, "time_spent_seconds",
			    TELEMETRY_SECONDS_MAX));
			json_add_int(row, "tab", tele_num(v, "tab_switches",
			    TELEMETRY_TABS_MAX));
			json_add_int(row, "paste", hwj_bool(v, "is_pasted"));
		} else if (kind == 1 || q->type == HWQ_FILE_UPLOAD) {
			p->files[p->nfiles].q = q;
			p->files[p->nfiles].v = v;
			p->files[p->nfiles].row = row;
			p->files[p->nfiles++].answer = kind == 0;
		} else if (value_into(a, q, v, row) == -1)
			return HW_DB;
	}
	return 0;
}

/* Write a plan to the locked submission s: its files checked (a file that
 * is not the student's is a 400), then the rows. */
static int
write_answers(struct arena *a, const struct submission *s,
    const struct save_plan *p, struct hw_err *err)
{
	const char	**old;
	int64_t		 *qids;
	size_t		  i, j, nold;
	int		  rc;

	for (i = 0; i < p->nfiles; i++)
		if ((rc = files_into(a, s, p->files[i].q, p->files[i].v,
		    p->files[i].row, p->files[i].answer, err)) < 0)
			return rc;
	/* Files an answer no longer names are let go (the clean-up asks
	 * again before removing one). */
	if (p->nfiles > 0) {
		if (db_hwf_answer_files(a, s->id, &qids, &old, &nold) == -1)
			return HW_DB;
		for (i = 0; i < p->nfiles; i++)
			for (j = 0; j < nold; j++)
				if (qids[j] == p->files[i].q->id &&
				    hwj_get(p->files[i].row, "att") != NULL &&
				    hw_files_replaced(a, old[j], hwj_str(
				    p->files[i].row, "att")) != 0)
					return HW_DB;
	}
	if (p->nrows == 0)
		return 0;
	return db_answers_save(a, s->id, json_text(p->list, NULL), p->nrows,
	    strcmp(s->status, "revision") == 0) == -1 ? HW_DB : 0;
}

/* Begin the transaction of a student's write to their submission id and
 * lock it: 0, or HW_INVALID (404 another's or none, 403 the homework no
 * longer theirs) or HW_DB; end it with hw_end either way.
 * Its homework's row is locked first, the order of every writer of a
 * submission, and of a change of the homework that regrades its work
 * (the other way round, a student waiting for the homework while the
 * regrade waits for the work deadlocked); the homework's id is read
 * before the transaction, so its reads see what the locks let in. */
static int
own_locked(struct arena *a, int64_t id, int64_t student, struct submission *s,
    struct hw_err *err)
{
	int64_t	 hw = 0;
	int	 rc, assigned;

	memset(s, 0, sizeof(*s));
	if (db_sub_homework(a, id, &hw) == -1 || db_begin() == -1)
		return HW_DB;
	if ((rc = db_hw_lock(a, hw)) == 1)
		rc = db_sub_lock_brief(a, id, s, &assigned);
	if (rc == -1)
		return HW_DB;
	if (rc == 0 || s->student_id != student)
		return hw_err_set(a, err, 404, "Not found.", 0);
	if (!assigned)
		return hw_err_set(a, err, 403, "Задание вам больше не назначено.",
		    1);
	return 0;
}

/* Whether the locked submission takes answers now: 0, or HW_INVALID
 * (handed in, or its homework archived). */
static int
open_for_answers(struct arena *a, const struct submission *s,
    struct hw_err *err)
{
	if (strcmp(s->homework_status, "archived") == 0)
		return hw_err_set(a, err, 400, ARCHIVED, 1);
	if (strcmp(s->status, "in_progress") != 0 &&
	    strcmp(s->status, "revision") != 0)
		return hw_err_set(a, err, 400, "Работа уже отправлена или "
		    "проверена", 1);
	return 0;
}

int
submission_save(struct arena *a, int64_t id, int64_t student,
    struct json_object *answers, struct hw_err *err)
{
	struct submission	 s;
	struct save_plan	 p;
	int			 rc;

	memset(err, 0, sizeof(*err));
	if (answers != NULL &&
	    (rc = plan_answers(a, id, student, answers, &p)) != 0)
		return rc;
	if ((rc = own_locked(a, id, student, &s, err)) != 0)
		return hw_end(rc);
	if (answers == NULL)
		return hw_end(hw_err_set(a, err, 400, "answers: ожидается объект "
		    "{\"<id вопроса>\": ответ}.", 1));
	if ((rc = open_for_answers(a, &s, err)) != 0)
		return hw_end(rc);
	return hw_end(write_answers(a, &s, &p, err));
}

/* -- grading ------------------------------------------------------------ */

/* Grade one stored answer of q. */
static int
grade_row(struct arena *a, const struct hw_question *q, const char *answer_json,
    int64_t nfiles, struct hw_score *sc)
{
	return hw_grade(a, q, hw_answer_parse(a, answer_json),
	    (size_t)(nfiles < 0 ? 0 : nfiles), sc);
}

/* The number of entries of a JSON array's text (0 when not one). */
static int64_t
files_in(struct arena *a, const char *json)
{
	struct json_object	*l;

	if (json == NULL || (l = json_parse(a, json, strlen(json))) == NULL ||
	    !json_object_is_type(l, json_type_array))
		return 0;
	return (int64_t)json_object_array_length(l);
}

/* Grade every stored answer; *pending: a manual answer without the
 * teacher's score remains. */
static int
grade_all(struct arena *a, const struct submission *s, int *pending)
{
	struct hw_question		*qs;
	const struct hw_question	*q;
	struct answer_row		*ans;
	struct json_object		*list, *picks, *row, *sel;
	struct hw_score			 sc;
	int64_t				*ids;
	size_t				 nq, na, i, n, k;

	*pending = 0;
	if (db_hw_questions(a, s->homework_id, &qs, &nq) == -1 ||
	    db_answers(a, s->id, &ans, &na) == -1 ||
	    (list = json_new_array(a)) == NULL || (picks = json_new_array(a)) == NULL)
		return -1;
	for (i = 0; i < na; i++) {
		if ((q = hw_question_find(qs, nq, ans[i].question_id)) == NULL)
			continue;
		if (grade_row(a, q, ans[i].answer_json, files_in(a,
		    ans[i].attachments), &sc) == -1)
			return -1;
		/* The original's join of picked choices, as handed in. */
		if ((q->type == HWQ_SINGLE || q->type == HWQ_MULTI) &&
		    hw_answer_choice_ids(a, q, hw_answer_parse(a,
		    ans[i].answer_json), &ids, &n) == 0) {
			row = json_object_new_object();
			json_add_int(row, "q", q->id);
			json_add_int(row, "ssel", 1);
			sel = json_object_new_array();
			for (k = 0; k < n; k++)
				json_object_array_add(sel, json_object_new_int64(ids[k]));
			json_object_object_add(row, "sel", sel);
			json_object_array_add(picks, row);
		}
		row = json_object_new_object();
		json_add_int(row, "q", q->id);
		if (sc.has_score)
			json_add_int(row, "auto", sc.auto_score);
		else
			json_add_null(row, "auto");
		json_add_int(row, "manual", sc.manual);
		json_object_array_add(list, row);
		*pending = *pending || (sc.manual && !ans[i].has_teacher);
	}
	if (na > 0 && db_answers_score(a, s->id, json_text(list, NULL)) == -1)
		return -1;
	if (json_object_array_length(picks) > 0 &&
	    db_answers_select(a, s->id, json_text(picks, NULL)) == -1)
		return -1;
	return db_sub_refresh(a, s->id, 1);
}

/* Whether the first submit of s comes after its effective deadline. */
static int
late_now(struct arena *a, const struct submission *s, int *late)
{
	struct hw_target	 t;
	struct homework		 h;
	const char		*deadline;
	int64_t			 due, now;
	int			 rc;

	*late = 0;
	if (db_hw_get_core(a, s->homework_id, &h) != 1 ||
	    (rc = db_hw_target(a, s->homework_id, s->student_id, &t)) == -1)
		return -1;
	deadline = homework_deadline(&h, rc == 1 ? &t : NULL);
	if (deadline == NULL || dt_parse_iso(deadline, &due) == -1)
		return 0;
	now = (int64_t)time(NULL) * 1000000;
	*late = now > due;
	return 0;
}

int
submission_submit(struct arena *a, int64_t id, int64_t student,
    struct json_object *answers, struct hw_err *err)
{
	struct submission	 s;
	struct save_plan	 p;
	int			 rc, late = 0, pending, first;

	memset(err, 0, sizeof(*err));
	if (answers != NULL && (rc = plan_answers(a, id, student, answers,
	    &p)) != 0)
		return rc;
	if ((rc = own_locked(a, id, student, &s, err)) != 0) {
		/* Handed in already: the same answer again, assigned or not. */
		if (err->status == 403 && (strcmp(s.status, "submitted") == 0 ||
		    strcmp(s.status, "graded") == 0))
			rc = 0;
		return hw_end(rc);
	}
	if (strcmp(s.status, "submitted") == 0 || strcmp(s.status, "graded") == 0)
		return hw_end(0);
	if ((rc = open_for_answers(a, &s, err)) != 0 ||
	    (answers != NULL && (rc = write_answers(a, &s, &p, err)) != 0))
		return hw_end(rc);
	first = s.first_submitted_at == NULL;
	if (first && late_now(a, &s, &late) == -1)
		return hw_end(HW_DB);
	if (first && late && strcmp(s.late_policy, "block") == 0)
		return hw_end(hw_err_set(a, err, 400, "Deadline passed", 1));
	if (strcmp(s.status, "revision") == 0 &&
	    db_sub_revision_clear(a, s.id) == -1)
		return hw_end(HW_DB);
	if (grade_all(a, &s, &pending) == -1 ||
	    db_sub_submitted(a, s.id, pending ? "submitted" : "graded", late) == -1)
		return hw_end(HW_DB);
	if ((rc = hw_end(0)) == 0)
		badge_on_submit(a, s.id, first);	/* analytics: badges */
	return rc;
}

int
submission_regrade(struct arena *a, int64_t hw, const int64_t *qids, size_t n)
{
	struct hw_question		*qs;
	const struct hw_question	*q;
	struct regrade_row		*rows;
	struct json_object		*ids, *list, *row;
	struct hw_score			 sc;
	size_t				 nq, nr, i;

	if ((ids = json_new_array(a)) == NULL || (list = json_new_array(a)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		json_object_array_add(ids, json_object_new_int64(qids[i]));
	if (db_hw_questions(a, hw, &qs, &nq) == -1 ||
	    db_regrade_answers(a, hw, json_text(ids, NULL), &rows, &nr) == -1)
		return -1;
	for (i = 0; i < nr; i++) {
		if ((q = hw_question_find(qs, nq, rows[i].question_id)) == NULL)
			continue;
		if (grade_row(a, q, rows[i].answer_json, rows[i].nfiles, &sc) == -1)
			return -1;
		row = json_object_new_object();
		json_add_int(row, "a", rows[i].answer_id);
		if (sc.has_score)
			json_add_int(row, "auto", sc.auto_score);
		else
			json_add_null(row, "auto");
		json_add_int(row, "manual", sc.manual);
		json_object_array_add(list, row);
	}
	if (nr > 0 && db_regrade_write(a, json_text(list, NULL)) == -1)
		return -1;
	return db_regrade_totals(a, hw);
}
