/* The original's homework app (DATA_MODEL.md 5, PHASE2-3.md 1.4):
 * homework with whom it was assigned to, questions, choices, students'
 * submissions and answers. Imported work keeps the scores it had; nothing
 * is regraded. Decisions a record calls for are said in the report. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/str.h"
#include "crypto/rand.h"
#include "db/db.h"
#include "db/db_homework.h"
#include "db/db_import_hw.h"
#include "domain/hw_question.h"
#include "import/import.h"

/* A many-to-many list of primary keys of model m (assigned_groups,
 * students, selected_choices): in the first pass only whether its targets
 * came earlier; else each target resolved, -1 stopped, 0 done; ids and
 * n receive those imported (NULL/0 when not wanted). */
static int
m2m(struct imp *im, struct json_object *f, const char *name, enum model_id m,
    int64_t **ids, size_t *n)
{
	struct json_object	*v, *e;
	size_t			 len, i;
	int64_t			 pk, id;
	const char		*why = im->why;	/* a cascade's reason, kept */
	int			 rc;

	*ids = NULL;
	*n = 0;
	if (!json_object_object_get_ex(f, name, &v) || v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return import_fail(im, "field \"%s\": a list of primary keys "
		    "expected", name);
	len = json_object_array_length(v);
	if (im->mode != IMPORT_SCAN &&
	    (*ids = arena_zalloc(&im->a, (len + 1) * sizeof(**ids))) == NULL)
		return import_fail(im, "out of memory");
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_int))
			return import_fail(im, "field \"%s\": item %zu is not a "
			    "primary key", name, i + 1);
		pk = json_object_get_int64(e);
		if (im->mode == IMPORT_SCAN) {
			if (import_pkmap_find(&im->recs[m], pk) == NULL)
				im->ordered = 0;
			continue;
		}
		if (im->mode == IMPORT_VERIFY)
			continue;
		im->why = NULL;
		if ((rc = import_resolve(im, name, m, pk, 1, &id)) == -1)
			return -1;
		if (rc == IMPORT_REF_OK)
			(*ids)[(*n)++] = id;
	}
	im->why = why;
	return 0;
}

/* A JSON field that must be an object: its text, or def. */
static const char *
json_object_text(struct imp *im, struct json_object *f, const char *name,
    const char *def)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(f, name, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_object))
		return def;
	return import_json(im, f, name, def);
}

/* ---- homework.homework ------------------------------------------------ */

static const char *const homework_fields[] = {
	"teacher", "lesson", "title", "description", "status", "published_at",
	"deadline", "max_score", "is_template", "assigned_groups",
	"assigned_students", "student_instructions", "allow_view_answers",
	"created_at", "updated_at", NULL
};
static const char *const hw_statuses[] = {
	"draft", "published", "archived", NULL
};

static int
homework(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_homework	 h;
	const char		*title;
	int64_t			 tpk, lpk, *groups, *students;
	size_t			 ng, ns, i;
	int			 t, template, has_status;

	memset(&h, 0, sizeof(h));
	t = import_ref(im, f, "teacher", M_USER, 0, 0, &h.teacher_id, &tpk);
	(void)import_ref(im, f, "lesson", M_LESSON, 1, 1, &h.lesson_id, &lpk);
	title = import_str(im, f, "title", F_REQ);
	h.description = import_str(im, f, "description", "");
	has_status = json_object_object_get_ex(f, "status", NULL);
	h.status = import_str(im, f, "status", "published");
	h.published_at = import_datetime(im, f, "published_at", 1, NULL);
	h.deadline = import_datetime(im, f, "deadline", 1, NULL);
	h.max_score = import_int(im, f, "max_score", INT32_MIN, INT32_MAX, 1, 100,
	    NULL);
	template = import_bool(im, f, "is_template", 0);
	h.student_instructions = import_str(im, f, "student_instructions", "");
	h.allow_view_answers = import_bool(im, f, "allow_view_answers", 1);
	h.created_at = import_datetime(im, f, "created_at", 1, NULL);
	h.updated_at = import_datetime(im, f, "updated_at", 1, NULL);
	if (im->err[0] || m2m(im, f, "assigned_groups", M_GROUP, &groups, &ng) ||
	    m2m(im, f, "assigned_students", M_USER, &students, &ns))
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (t == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if (template)
		return import_skip(im, r, "a template: templates are not ported");
	if (!import_one_of(h.status, hw_statuses))
		return import_skip(im, r, "status \"%s\" is not draft, published or "
		    "archived", h.status);
	/* The early original had no drafts: its students saw all homework. */
	if (!has_status)
		im->hw_published++;
	if ((h.title = import_cut(&im->a, title, 255)) == NULL)
		return import_fail(im, "out of memory");
	if (h.max_score < 0)
		h.max_score = 0;
	if (strcmp(h.status, "draft") != 0 && h.published_at == NULL)
		h.published_at = h.created_at;
	h.id = r->id;
	h.created_at = import_now_or(im, h.created_at);
	h.updated_at = import_now_or(im, h.updated_at);
	if (db_import_homework(&im->a, &h) == -1)
		return import_refused(im);
	if (import_done(im, M_HOMEWORK, r) == -1)
		return -1;
	/* The original's assigned_groups and assigned_students. */
	for (i = 0; i < ng + ns; i++) {
		im->n[K_HWTARGET].read++;
		if (db_import_hw_assign_new(&im->a, h.id, i < ng ? groups[i] : 0,
		    i < ng ? 0 : students[i - ng], NULL) == -1)
			return import_refused(im);
		im->n[K_HWTARGET].imported++;
	}
	return 0;
}

const struct import_model import_model_homework = {
	"homework.homework", "homework", DBI_HOMEWORK, 3, homework,
	homework_fields
};

/* ---- homework.homeworkgroupassignment (the later original) ------------ */

static const char *const assign_fields[] = {
	"homework", "group", "students", "deadline", "created_at", NULL
};

static int
assignment(struct imp *im, struct rec *r, struct json_object *f)
{
	int64_t		 hw, gid, hpk, gpk, *students;
	const char	*deadline, *created;
	size_t		 n, i;
	int		 h, g;

	h = import_ref(im, f, "homework", M_HOMEWORK, 0, 0, &hw, &hpk);
	g = import_ref(im, f, "group", M_GROUP, 0, 0, &gid, &gpk);
	deadline = import_datetime(im, f, "deadline", 1, NULL);
	created = import_datetime(im, f, "created_at", 1, NULL);
	if (im->err[0] || m2m(im, f, "students", M_USER, &students, &n))
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (h == IMPORT_REF_CASCADE || g == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	/* The row of the whole group the original added beside it goes: the
	 * students named are the ones it is for. */
	if (n > 0 && db_import_hw_ungroup(&im->a, hw, gid) == -1)
		return import_refused(im);
	if (db_import_hw_assign(&im->a, r->id, hw, gid, n > 0 ? students[0] : 0,
	    deadline, import_now_or(im, created)) == -1)
		return import_refused(im);
	for (i = 1; i < n; i++)
		if (db_import_hw_assign_new(&im->a, hw, gid, students[i],
		    deadline) == -1)
			return import_refused(im);
	return import_done(im, M_HWASSIGN, r);
}

const struct import_model import_model_hwassign = {
	"homework.homeworkgroupassignment", "homework assignments", DBI_HWASSIGN,
	4, assignment, assign_fields
};

/* ---- homework.question ---------------------------------------------- */

static const char *const question_fields[] = {
	"homework", "prompt", "question_text", "question_type", "points",
	"order", "config", "correct_answer", "explanation", NULL
};

static int
question(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_hw_question q;
	enum hw_qtype		 type;
	const char		*tname, *prompt;
	int64_t			 hpk;
	int			 h;

	memset(&q, 0, sizeof(q));
	h = import_ref(im, f, "homework", M_HOMEWORK, 0, 0, &q.homework_id, &hpk);
	/* The later original's prompt, the early one's question_text. */
	prompt = json_object_object_get_ex(f, "prompt", NULL) ?
	    import_str(im, f, "prompt", "") : import_str(im, f, "question_text", "");
	tname = import_str(im, f, "question_type", "TEXT");
	q.points = import_int(im, f, "points", INT32_MIN, INT32_MAX, 1, 1, NULL);
	q.position = import_int(im, f, "order", INT32_MIN, INT32_MAX, 1, 0, NULL);
	q.config = json_object_text(im, f, "config", "{}");
	q.explanation = import_str(im, f, "explanation", "");
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (h == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if (strcmp(tname, "CODE") == 0)
		return import_skip(im, r, "a CODE question: not ported (its grading "
		    "trusted the browser)");
	if (hw_qtype_parse(tname, &type) == -1)
		return import_skip(im, r, "question_type \"%s\" is none of the nine "
		    "types", tname);
	q.type = hw_qtype_name(type, 0);
	q.prompt = prompt;
	if (q.points < 0 || q.points > HW_POINTS_MAX) {
		import_note(im, "points %lld: imported as %d", (long long)q.points,
		    q.points < 0 ? 0 : HW_POINTS_MAX);
		q.points = q.points < 0 ? 0 : HW_POINTS_MAX;
	}
	q.id = r->id;
	if (db_import_hw_question(&im->a, &q) == -1)
		return import_refused(im);
	return import_done(im, M_QUESTION, r);
}

const struct import_model import_model_question = {
	"homework.question", "homework questions", DBI_HWQUESTION, 4, question,
	question_fields
};

/* ---- homework.choice ------------------------------------------------ */

static const char *const choice_fields[] = {
	"question", "text", "is_correct", NULL
};

static int
choice(struct imp *im, struct rec *r, struct json_object *f)
{
	const char	*text;
	int64_t		 qid, qpk;
	int		 q, correct;

	q = import_ref(im, f, "question", M_QUESTION, 0, 0, &qid, &qpk);
	text = import_str(im, f, "text", F_REQ);
	correct = import_bool(im, f, "is_correct", 0);
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (q == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if ((text = import_cut(&im->a, text, HW_CHOICE_TEXT_MAX)) == NULL)
		return import_fail(im, "out of memory");
	if (db_import_hw_choice(&im->a, r->id, qid, text, correct, 0) == -1)
		return import_refused(im);
	return import_done(im, M_CHOICE, r);
}

const struct import_model import_model_choice = {
	"homework.choice", "homework choices", DBI_HWCHOICE, 5, choice,
	choice_fields
};

/* ---- homework.studentsubmission --------------------------------------- */

static const char *const submission_fields[] = {
	"homework", "student", "status", "total_score", "created_at",
	"submitted_at", "graded_at", "teacher_feedback_summary",
	"revision_count", "revision_comment", NULL
};
static const char *const sub_statuses[] = {
	"in_progress", "submitted", "graded", "revision", NULL
};

static int
submission(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_hw_submission s;
	struct hw_target	 t;
	const char		*deadline;
	unsigned char		 seed[7];
	int64_t			 hpk, spk;
	int			 h, st, null_total, rc;
	size_t			 i;

	memset(&s, 0, sizeof(s));
	h = import_ref(im, f, "homework", M_HOMEWORK, 0, 0, &s.homework_id, &hpk);
	st = import_ref(im, f, "student", M_USER, 0, 0, &s.student_id, &spk);
	s.status = import_str(im, f, "status", "submitted");
	s.total_score = import_int(im, f, "total_score", 0, INT32_MAX, 1, -1,
	    &null_total);
	s.created_at = import_datetime(im, f, "created_at", 1, NULL);
	s.submitted_at = import_datetime(im, f, "submitted_at", 1, NULL);
	s.graded_at = import_datetime(im, f, "graded_at", 1, NULL);
	s.feedback = json_object_text(im, f, "teacher_feedback_summary", "{}");
	s.revision_count = import_int(im, f, "revision_count", 0, INT32_MAX, 1, 0,
	    NULL);
	s.revision_comment = import_str(im, f, "revision_comment", "");
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (h == IMPORT_REF_CASCADE || st == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if (!import_one_of(s.status, sub_statuses))
		return import_skip(im, r, "status \"%s\" is not a submission status",
		    s.status);
	if (null_total)
		s.total_score = -1;
	if ((rc = db_import_hw_facts(&im->a, s.homework_id, &s.teacher_id,
	    &deadline)) != 1 || (rc = db_hw_target(&im->a, s.homework_id,
	    s.student_id, &t)) == -1)
		return import_refused(im);
	s.group_id = rc == 1 ? t.group_id : 0;
	if (rc == 1 && t.deadline != NULL)
		deadline = t.deadline;	/* its assignment's own */
	s.created_at = import_now_or(im, s.created_at);
	/* Handed in when it is not in progress: the original's nat0 stamped
	 * submitted_at at creation. Late against the homework's deadline. */
	if (strcmp(s.status, "in_progress") == 0)
		s.submitted_at = NULL;
	else if (s.submitted_at == NULL)
		s.submitted_at = s.created_at;
	s.is_late = s.submitted_at != NULL && deadline != NULL &&
	    strcmp(s.submitted_at, deadline) > 0;
	if (strcmp(s.status, "graded") != 0)
		s.graded_at = NULL;
	rand_bytes(seed, sizeof(seed));
	for (i = 0; i < sizeof(seed); i++)
		s.seed = s.seed << 8 | seed[i];
	s.id = r->id;
	if (db_import_hw_submission(&im->a, &s) == -1) {
		/* Two users merged into one may both have work on it. */
		if (db_last_error() == DB_ERR_DUP)
			return import_skip(im, r, "work of the same student "
			    "(accounts.customuser pk=%lld here as id %lld) on this "
			    "homework is already here", (long long)spk,
			    (long long)s.student_id);
		return import_refused(im);
	}
	return import_done(im, M_SUBMISSION, r);
}

const struct import_model import_model_submission = {
	"homework.studentsubmission", "homework submissions", DBI_HWSUBMISSION,
	4, submission, submission_fields
};

/* ---- homework.answer --------------------------------------------------- */

static const char *const answer_fields[] = {
	"submission", "question", "text_answer", "selected_choices",
	"auto_score", "needs_manual_review", "teacher_score",
	"teacher_feedback", "needs_revision", "attachments",
	"time_spent_seconds", "is_pasted", "tab_switches", "revision_count",
	"created_at", "updated_at", NULL
};

/* The typed answer (answer_json) of an original answer of type type: the
 * text for TEXT, the choices for SINGLE and MULTI, the JSON the later
 * original kept in text_answer for the others. NULL: none. */
static const char *
typed(struct imp *im, const char *type, const char *text, const int64_t *sel,
    size_t n)
{
	struct json_object	*v;
	const char		*out;
	size_t			 i;

	if (strcmp(type, "SINGLE_CHOICE") == 0)
		return n > 0 ? arena_printf(&im->a, "%lld", (long long)sel[0]) : NULL;
	if (strcmp(type, "MULTI_CHOICE") == 0) {
		v = json_object_new_array();
		for (i = 0; i < n; i++)
			json_object_array_add(v, json_object_new_int64(sel[i]));
	} else if (strcmp(type, "TEXT") == 0)
		v = json_object_new_string(text);
	else if (strcmp(type, "FILE_UPLOAD") == 0 || text[0] == '\0' ||
	    (v = json_tokener_parse(text)) == NULL)
		return NULL;
	out = arena_strdup(&im->a, json_object_to_json_string_ext(v,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(v);
	return out;
}

static int
answer(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_hw_answer	 x;
	const char		*type, *updated;
	int64_t			 spk, qpk, *sel, *ok;
	size_t			 nsel, nok = 0, i;
	int			 s, q, null_auto, null_teacher, rc;

	memset(&x, 0, sizeof(x));
	s = import_ref(im, f, "submission", M_SUBMISSION, 0, 0, &x.submission_id,
	    &spk);
	q = import_ref(im, f, "question", M_QUESTION, 0, 0, &x.question_id, &qpk);
	x.text_answer = import_str(im, f, "text_answer", "");
	x.auto_score = import_int(im, f, "auto_score", INT32_MIN, INT32_MAX, 1,
	    -1, &null_auto);
	x.manual = import_bool(im, f, "needs_manual_review", 0);
	x.teacher_score = import_int(im, f, "teacher_score", INT32_MIN, INT32_MAX,
	    1, -1, &null_teacher);
	x.teacher_feedback = import_str(im, f, "teacher_feedback", "");
	x.revision = import_bool(im, f, "needs_revision", 0);
	x.attachments = import_json(im, f, "attachments", "[]");
	x.time_spent = import_int(im, f, "time_spent_seconds", 0, INT32_MAX, 1, 0,
	    NULL);
	x.pasted = import_bool(im, f, "is_pasted", 0);
	x.tab_switches = import_int(im, f, "tab_switches", 0, INT32_MAX, 1, 0,
	    NULL);
	x.revision_count = import_int(im, f, "revision_count", 0, INT32_MAX, 1, 0,
	    NULL);
	updated = import_datetime(im, f, "updated_at", 1, NULL);
	if (im->err[0] || m2m(im, f, "selected_choices", M_CHOICE, &sel, &nsel))
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (s == IMPORT_REF_CASCADE || q == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if ((rc = db_import_hw_same_homework(&im->a, x.question_id,
	    x.submission_id)) == -1 || db_import_hw_qtype(&im->a, x.question_id,
	    &type) != 1)
		return import_refused(im);
	if (rc == 0)
		return import_skip(im, r, "its question (homework.question pk=%lld) "
		    "belongs to another homework than its submission", (long long)qpk);
	if (null_auto || x.auto_score < 0)
		x.auto_score = -1;
	if (null_teacher || x.teacher_score < 0)
		x.teacher_score = -1;
	if (x.attachments[0] != '[')
		x.attachments = "[]";
	/* Only choices of its own question. */
	if ((ok = arena_zalloc(&im->a, (nsel + 1) * sizeof(*ok))) == NULL)
		return import_fail(im, "out of memory");
	for (i = 0; i < nsel; i++) {
		if ((rc = db_import_hw_choice_of(&im->a, sel[i], x.question_id)) == -1)
			return import_refused(im);
		if (rc == 1)
			ok[nok++] = sel[i];
	}
	x.answer_json = typed(im, type, x.text_answer, ok, nok);
	if (x.answer_json != NULL || nok > 0 || strcmp(x.attachments, "[]") != 0)
		x.answered_at = import_now_or(im, updated);
	x.id = r->id;
	if (db_import_hw_answer(&im->a, &x) == -1) {
		/* The original had no unique (submission, question). */
		if (db_last_error() == DB_ERR_DUP)
			return import_skip(im, r, "a second answer to the same "
			    "question in the same submission");
		return import_refused(im);
	}
	/* The picks of the answers imported; one of another question is
	 * left out. */
	im->n[K_HWSEL].read += nsel;
	im->n[K_HWSEL].skipped += nsel - nok;
	for (i = 0; i < nok; i++) {
		if (db_import_hw_answer_choice(&im->a, x.id, ok[i]) == -1)
			return import_refused(im);
		im->n[K_HWSEL].imported++;
	}
	return import_done(im, M_ANSWER, r);
}

const struct import_model import_model_answer = {
	"homework.answer", "homework answers", DBI_HWANSWER, 6, answer,
	answer_fields
};
