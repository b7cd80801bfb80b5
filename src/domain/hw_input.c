/* Reading a homework body of either dialect into typed fields. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_group.h"
#include "db/db_homework.h"
#include "domain/homework.h"
#include "domain/hw_input.h"
#include "domain/hw_json.h"

#define TITLE_MAX	255
#define DESCRIPTION_MAX	20000
#define SCORE_MAX	100000
#define GROUPS_MAX	100
#define STUDENTS_MAX	1000

#define REQUIRED	"This field is required."
#define NOT_STRING	"Not a valid string."
#define NOT_INT		"A valid integer is required."
#define NOT_BOOL	"Must be a valid boolean."
#define BAD_DATETIME	"Datetime has wrong format. Use one of these formats " \
			"instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."

/* The value of key: 1 and *v (NULL for JSON null), 0 when absent. */
static int
field(struct json_object *o, const char *key, struct json_object **v)
{
	return json_object_object_get_ex(o, key, v) ? 1 : 0;
}

/* Text of a JSON string: valid UTF-8 without NUL, at most max characters.
 * NULL when not. */
static const char *
text(struct json_object *v, long max)
{
	const char	*s;

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	if (strlen(s) != (size_t)json_object_get_string_len(v) ||
	    !str_utf8_max(s, max))
		return NULL;
	return s;
}

/* An integer (JSON, or digits from a form) in [lo, hi]: 0 and *out, -1. */
static int
integer(struct json_object *v, int64_t lo, int64_t hi, int64_t *out)
{
	const char	*s;

	if (v == NULL)
		return -1;
	if (json_object_is_type(v, json_type_int))
		*out = json_object_get_int64(v);
	else if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		if (str_to_i64(s, strlen(s), lo, hi, out) == -1)
			return -1;
	} else
		return -1;
	return *out >= lo && *out <= hi ? 0 : -1;
}

static int
boolean(struct json_object *v, int *out)
{
	const char	*s;

	if (v != NULL && json_object_is_type(v, json_type_boolean)) {
		*out = json_object_get_boolean(v);
		return 0;
	}
	if (v != NULL && json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
		    strcmp(s, "on") == 0)
			return *out = 1, 0;
		if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
			return *out = 0, 0;
	}
	return -1;
}

/* A datetime field: an ISO 8601 date and time (no offset: UTC), as
 * DATETIME text; NULL for JSON null or "". 0, or -1. */
static int
datetime(struct arena *a, struct json_object *v, const char **out)
{
	const char	*s;
	int64_t		 us;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	if (*s == '\0')
		return 0;
	if (strlen(s) <= 10 || dt_parse_iso(s, &us) == -1 ||
	    (*out = dt_db(a, us)) == NULL)
		return -1;
	return 0;
}

/* -- targets ----------------------------------------------------------- */

/* A list of positive ids (at most max): 0 and *ids, *n, or -1. */
static int
id_list(struct arena *a, struct json_object *v, size_t max, int64_t **ids,
    size_t *n)
{
	size_t	 len, i, j;
	int64_t	 id;

	*ids = NULL;
	*n = 0;
	if (v == NULL || !json_object_is_type(v, json_type_array) ||
	    (len = json_object_array_length(v)) > max ||
	    (*ids = arena_zalloc(a, (len + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		if (integer(json_object_array_get_idx(v, i), 1, INT64_MAX, &id) == -1)
			return -1;
		for (j = 0; j < *n && (*ids)[j] != id; j++)
			;
		if (j == *n)
			(*ids)[(*n)++] = id;
	}
	return 0;
}

/* One group target, checked: the teacher's group, its students members. */
static int
group_target(struct arena *a, int64_t teacher, struct hw_group_in *g,
    const char *key, struct hw_err *err)
{
	const char	*name;
	size_t		 i;
	int		 rc;

	if ((rc = db_hw_teacher_group(a, g->group_id, teacher, &name)) == -1)
		return HW_DB;
	if (rc == 0)
		return hw_err_field(a, err, key, arena_printf(a, "Группа %lld не "
		    "найдена среди ваших групп.", (long long)g->group_id));
	for (i = 0; i < g->nstudents; i++) {
		if ((rc = db_group_is_member(a, g->group_id, g->students[i])) == -1)
			return HW_DB;
		if (rc == 0)
			return hw_err_field(a, err, key, arena_printf(a, "Ученик "
			    "%lld не состоит в группе «%s».", (long long)
			    g->students[i], name));
	}
	return 0;
}

/* group_assignments_data: [{"group_id", "student_ids": null | [..],
 * "deadline"?}] */
static int
groups_data(struct arena *a, struct json_object *v, struct hw_input *in,
    struct hw_err *err)
{
	struct json_object	*e, *x;
	struct hw_group_in	*g;
	size_t			 len, i, j;
	const char		*key = "group_assignments_data";

	if (v == NULL || !json_object_is_type(v, json_type_array) ||
	    (len = json_object_array_length(v)) > GROUPS_MAX)
		return hw_err_field(a, err, key, "Ожидается список назначений "
		    "(не больше 100).");
	if ((in->groups = arena_zalloc(a, (len + 1) * sizeof(*g))) == NULL)
		return HW_DB;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(v, i);
		g = &in->groups[in->ngroups];
		if (e == NULL || !json_object_is_type(e, json_type_object) ||
		    integer(hwj_get(e, "group_id"), 1, INT64_MAX, &g->group_id) == -1)
			return hw_err_field(a, err, key, arena_printf(a, "Назначение "
			    "%zu: нужен group_id.", i + 1));
		if ((x = hwj_get(e, "student_ids")) != NULL && id_list(a, x,
		    STUDENTS_MAX, &g->students, &g->nstudents) == -1)
			return hw_err_field(a, err, key, arena_printf(a, "Назначение "
			    "%zu: student_ids — список id учеников или null.", i + 1));
		if (datetime(a, hwj_get(e, "deadline"), &g->deadline) == -1)
			return hw_err_field(a, err, key, arena_printf(a, "Назначение "
			    "%zu: deadline. %s", i + 1, BAD_DATETIME));
		for (j = 0; j < in->ngroups; j++)
			if (in->groups[j].group_id == g->group_id)
				return hw_err_field(a, err, key, arena_printf(a,
				    "Группа %lld указана дважды.", (long long)
				    g->group_id));
		in->ngroups++;
	}
	return 0;
}

/* individual_assignments_data: [{"student_id", "deadline"?}] */
static int
students_data(struct arena *a, struct json_object *v, struct hw_input *in,
    struct hw_err *err)
{
	struct json_object	*e;
	struct hw_student_in	*s;
	size_t			 len, i, j;
	const char		*key = "individual_assignments_data";

	if (v == NULL || !json_object_is_type(v, json_type_array) ||
	    (len = json_object_array_length(v)) > STUDENTS_MAX)
		return hw_err_field(a, err, key, "Ожидается список учеников.");
	if ((in->students = arena_zalloc(a, (len + in->nstudents + 1) *
	    sizeof(*s))) == NULL)
		return HW_DB;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(v, i);
		s = &in->students[in->nstudents];
		if (e == NULL || !json_object_is_type(e, json_type_object) ||
		    integer(hwj_get(e, "student_id"), 1, INT64_MAX,
		    &s->student_id) == -1)
			return hw_err_field(a, err, key, arena_printf(a, "Запись %zu: "
			    "нужен student_id.", i + 1));
		if (datetime(a, hwj_get(e, "deadline"), &s->deadline) == -1)
			return hw_err_field(a, err, key, arena_printf(a, "Запись %zu: "
			    "deadline. %s", i + 1, BAD_DATETIME));
		for (j = 0; j < in->nstudents; j++)
			if (in->students[j].student_id == s->student_id)
				break;
		if (j == in->nstudents)
			in->nstudents++;
	}
	return 0;
}

static int
targets(struct arena *a, int64_t teacher, struct json_object *body,
    struct hw_input *in, struct hw_err *err)
{
	struct json_object	*v, *ids_v = NULL, *group_v = NULL;
	const char		*gkey;
	int64_t			*ids = NULL;
	size_t			 n = 0, i;
	int			 rc, has_data, has_ids, has_group;

	/* Groups: the later dialect's list wins over the legacy ids, which
	 * win over the early dialect's single group ("group": null: none). */
	has_data = field(body, "group_assignments_data", &v);
	has_ids = field(body, "assigned_group_ids", &ids_v);
	has_group = field(body, "group", &group_v);
	gkey = has_data ? "group_assignments_data" : has_ids ?
	    "assigned_group_ids" : "group";
	in->has_groups = has_data || has_ids || has_group;
	if (has_data) {
		if ((rc = groups_data(a, v, in, err)) != 0)
			return rc;
	} else if (has_ids && ids_v != NULL) {
		if (id_list(a, ids_v, GROUPS_MAX, &ids, &n) == -1)
			return hw_err_field(a, err, gkey, "Ожидается список id групп.");
	} else if (!has_ids && has_group && group_v != NULL) {
		if ((ids = arena_alloc(a, sizeof(*ids))) == NULL)
			return HW_DB;
		n = 1;
		if (integer(group_v, 1, INT64_MAX, &ids[0]) == -1)
			return hw_err_field(a, err, gkey, "Incorrect type. Expected "
			    "pk value.");
	}
	if (!has_data && n > 0) {
		if ((in->groups = arena_zalloc(a, (n + 1) *
		    sizeof(*in->groups))) == NULL)
			return HW_DB;
		for (i = 0; i < n; i++)
			in->groups[in->ngroups++].group_id = ids[i];
	}
	for (i = 0; i < in->ngroups; i++)
		if ((rc = group_target(a, teacher, &in->groups[i], gkey, err)) != 0)
			return rc;
	/* Single students: ids (the homework's deadline) and rows with their
	 * own deadlines. */
	if (field(body, "assigned_student_ids", &v)) {
		in->has_students = 1;
		if (v != NULL && id_list(a, v, STUDENTS_MAX, &ids, &n) == -1)
			return hw_err_field(a, err, "assigned_student_ids",
			    "Ожидается список id учеников.");
		if (v == NULL)
			n = 0;
		if ((in->students = arena_zalloc(a, (n + 1) *
		    sizeof(*in->students))) == NULL)
			return HW_DB;
		for (i = 0; i < n; i++)
			in->students[in->nstudents++].student_id = ids[i];
	}
	if (field(body, "individual_assignments_data", &v)) {
		struct hw_student_in	*before = in->students;
		size_t			 nb = in->nstudents;

		in->has_students = 1;
		if ((rc = students_data(a, v, in, err)) != 0)
			return rc;
		/* students_data made a new array: keep the ids given before. */
		if (before != NULL && before != in->students) {
			memmove(in->students + nb, in->students, in->nstudents *
			    sizeof(*in->students));
			memcpy(in->students, before, nb * sizeof(*before));
			in->nstudents += nb;
		}
	}
	for (i = 0; i < in->nstudents; i++) {
		if ((rc = db_hw_teacher_student(a, in->students[i].student_id,
		    teacher)) == -1)
			return HW_DB;
		if (rc == 0)
			return hw_err_field(a, err, "assigned_student_ids",
			    arena_printf(a, "Ученик %lld не найден среди учеников "
			    "ваших групп.", (long long)in->students[i].student_id));
	}
	return 0;
}

/* -- questions ----------------------------------------------------------- */

/* A question's error (see hw_err_question). */
static int
q_err(struct arena *a, struct hw_err *err, const struct hw_q_in *x,
    const char *fieldname, const char *msg)
{
	return hw_err_question(a, err, x->index, x->has_id ? x->q.id : 0,
	    x->has_type ? hw_qtype_name(x->q.type, 0) : NULL, fieldname, msg);
}

static int
choices_in(struct arena *a, struct json_object *v, struct hw_q_in *x,
    struct hw_err *err)
{
	struct json_object	*e, *t;
	struct hw_choice	*c;
	size_t			 len, i;

	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_array) ||
	    (len = json_object_array_length(v)) > HW_CHOICES_MAX)
		return q_err(a, err, x, "choices", "Ожидается список вариантов (не "
		    "больше 50).");
	if ((x->q.choices = arena_zalloc(a, (len + 1) * sizeof(*c))) == NULL)
		return HW_DB;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(v, i);
		c = &x->q.choices[i];
		c->position = (int64_t)i;
		if (e == NULL || !json_object_is_type(e, json_type_object))
			return q_err(a, err, x, arena_printf(a, "choices[%zu]", i),
			    "Должно быть объектом.");
		if (field(e, "id", &t) && t != NULL && integer(t, 1, INT64_MAX,
		    &c->id) == -1)
			return q_err(a, err, x, arena_printf(a, "choices[%zu].id", i),
			    NOT_INT);
		if ((c->text = text(hwj_get(e, "text"), HW_CHOICE_TEXT_MAX)) == NULL)
			return q_err(a, err, x, arena_printf(a, "choices[%zu].text", i),
			    "Текст варианта: строка до 500 символов.");
		if ((c->text = str_trim_dup(a, c->text)) == NULL)
			return HW_DB;
		if (field(e, "is_correct", &t) && t != NULL &&
		    boolean(t, &c->is_correct) == -1)
			return q_err(a, err, x, arena_printf(a,
			    "choices[%zu].is_correct", i), NOT_BOOL);
	}
	x->q.nchoices = len;
	x->has_choices = 1;
	return 0;
}

static int
question_in(struct arena *a, struct json_object *e, size_t i, int create,
    struct hw_q_in *x, struct hw_err *err)
{
	struct json_object	*v;
	const char		*s;

	memset(x, 0, sizeof(*x));
	x->index = i;
	x->q.position = (int64_t)i;
	x->q.points = 1;
	if (e == NULL || !json_object_is_type(e, json_type_object))
		return q_err(a, err, x, "question", "Должно быть объектом.");
	if (field(e, "id", &v) && v != NULL) {
		if (integer(v, 1, INT64_MAX, &x->q.id) == -1)
			return q_err(a, err, x, "id", NOT_INT);
		x->has_id = 1;
	}
	if (field(e, "question_type", &v)) {
		if ((s = text(v, 40)) == NULL)
			return q_err(a, err, x, "question_type", NOT_STRING);
		if (strcmp(s, "CODE") == 0)
			return q_err(a, err, x, "question_type", "Вопросы с кодом (CODE) "
			    "не поддерживаются.");
		if (hw_qtype_parse(s, &x->q.type) == -1)
			return q_err(a, err, x, "question_type", arena_printf(a,
			    "\"%s\" is not a valid choice.", s));
		x->has_type = 1;
	} else if (create || !x->has_id)
		return q_err(a, err, x, "question_type", REQUIRED);
	/* The later dialect's prompt, the early one's question_text. */
	if ((field(e, "prompt", &v) && v != NULL) ||
	    (field(e, "question_text", &v) && v != NULL)) {
		if ((x->q.prompt = text(v, HW_TEXT_MAX)) == NULL)
			return q_err(a, err, x, "prompt", "Текст вопроса: строка до "
			    "10000 символов.");
		x->has_prompt = 1;
	}
	if (field(e, "points", &v) && v != NULL) {
		if (integer(v, INT32_MIN, INT32_MAX, &x->q.points) == -1)
			return q_err(a, err, x, "points", NOT_INT);
		if (x->q.points < 0 || x->q.points > HW_POINTS_MAX)
			return q_err(a, err, x, "points", "Баллы: целое число от 0 до "
			    "1000.");
		x->has_points = 1;
	}
	if (field(e, "order", &v) && v != NULL) {
		if (integer(v, 0, 1000000, &x->q.position) == -1)
			return q_err(a, err, x, "order", NOT_INT);
		x->has_order = 1;
	}
	if (field(e, "config", &v) && v != NULL) {
		if (!json_object_is_type(v, json_type_object))
			return q_err(a, err, x, "config", "Должно быть объектом.");
		x->q.config = v;
		x->has_config = 1;
	}
	if (field(e, "explanation", &v) && v != NULL) {
		if ((x->q.explanation = text(v, HW_TEXT_MAX)) == NULL)
			return q_err(a, err, x, "explanation", "Строка до 10000 "
			    "символов.");
		x->has_explanation = 1;
	}
	/* correct_answer (the early dialect) is ignored: the key is read
	 * from config and choices. */
	if (field(e, "choices", &v))
		return choices_in(a, v, x, err);
	return 0;
}

static int
questions_in(struct arena *a, struct json_object *v, int create,
    struct hw_input *in, struct hw_err *err)
{
	size_t	 len, i, j;
	int	 rc;

	if (v == NULL || !json_object_is_type(v, json_type_array))
		return hw_err_field(a, err, "questions", "Ожидается список вопросов.");
	if ((len = json_object_array_length(v)) > HW_QUESTIONS_MAX)
		return hw_err_field(a, err, "questions", "Не больше 200 вопросов.");
	if ((in->questions = arena_zalloc(a, (len + 1) *
	    sizeof(*in->questions))) == NULL)
		return HW_DB;
	for (i = 0; i < len; i++) {
		if ((rc = question_in(a, json_object_array_get_idx(v, i), i, create,
		    &in->questions[i], err)) != 0)
			return rc;
		for (j = 0; in->questions[i].has_id && j < i; j++)
			if (in->questions[j].has_id &&
			    in->questions[j].q.id == in->questions[i].q.id)
				return q_err(a, err, &in->questions[i], "id",
				    "Вопрос указан дважды.");
	}
	in->nquestions = len;
	in->has_questions = 1;
	return 0;
}

/* -- the homework's own fields ------------------------------------------- */

int
hw_input_parse(struct arena *a, int64_t teacher, struct json_object *body,
    int create, struct hw_input *in, struct hw_err *err)
{
	static const char *const policies[] = { "allow", "block", NULL };
	struct json_object	*v;
	const char		*s;
	size_t			 i;
	int			 rc;

	memset(in, 0, sizeof(*in));
	memset(err, 0, sizeof(*err));
	if (field(body, "title", &v) && v != NULL) {
		in->has_title = 1;
		if ((s = text(v, 100000)) == NULL)
			hw_err_field(a, err, "title", NOT_STRING);
		else if ((in->title = str_trim_dup(a, s)) == NULL)
			return HW_DB;
		else if (*in->title == '\0')
			hw_err_field(a, err, "title", "This field may not be blank.");
		else if (!str_utf8_max(in->title, TITLE_MAX))
			hw_err_field(a, err, "title", "Ensure this field has no more "
			    "than 255 characters.");
	} else if (create || (field(body, "title", &v) && v == NULL))
		hw_err_field(a, err, "title", create ? REQUIRED :
		    "This field may not be null.");
	if (field(body, "description", &v)) {
		in->has_description = 1;
		if (v == NULL)
			in->description = "";
		else if ((in->description = text(v, DESCRIPTION_MAX)) == NULL)
			hw_err_field(a, err, "description", "Строка до 20000 символов.");
	}
	if (field(body, "student_instructions", &v)) {
		in->has_instructions = 1;
		if (v == NULL)
			in->student_instructions = "";
		else if ((in->student_instructions = text(v, HW_TEXT_MAX)) == NULL)
			hw_err_field(a, err, "student_instructions", "Строка до 10000 "
			    "символов.");
	}
	if (field(body, "deadline", &v)) {
		in->has_deadline = 1;
		if (datetime(a, v, &in->deadline) == -1)
			hw_err_field(a, err, "deadline", BAD_DATETIME);
	}
	if (field(body, "max_score", &v) && v != NULL) {
		in->has_max_score = 1;
		if (integer(v, 0, SCORE_MAX, &in->max_score) == -1)
			hw_err_field(a, err, "max_score", "Целое число от 0 до 100000.");
	}
	if (field(body, "allow_view_answers", &v) && v != NULL) {
		in->has_allow = 1;
		if (boolean(v, &in->allow_view_answers) == -1)
			hw_err_field(a, err, "allow_view_answers", NOT_BOOL);
	}
	if (field(body, "gamification_enabled", &v) && v != NULL) {
		in->has_gamification = 1;
		if (boolean(v, &in->gamification) == -1)
			hw_err_field(a, err, "gamification_enabled", NOT_BOOL);
	}
	if (field(body, "late_policy", &v) && v != NULL) {
		in->has_late_policy = 1;
		for (i = 0; (s = text(v, 10)) != NULL && policies[i] != NULL; i++)
			if (strcmp(s, policies[i]) == 0)
				break;
		if (s == NULL || policies[i] == NULL)
			hw_err_field(a, err, "late_policy", "Допустимо \"allow\" или "
			    "\"block\".");
		in->late_policy = s;
	}
	if (field(body, "status", &v) && v != NULL && !create) {
		in->has_status = 1;
		if ((in->status = text(v, 20)) == NULL ||
		    (strcmp(in->status, "draft") != 0 &&
		    strcmp(in->status, "published") != 0 &&
		    strcmp(in->status, "archived") != 0))
			hw_err_field(a, err, "status", arena_printf(a, "\"%s\" is not a "
			    "valid choice.", in->status ? in->status : "?"));
	}
	if (field(body, "lesson", &v)) {
		in->has_lesson = 1;
		if (v != NULL && integer(v, 1, INT64_MAX, &in->lesson) == -1)
			hw_err_field(a, err, "lesson", "Incorrect type. Expected pk "
			    "value.");
		else if (v != NULL) {
			if ((rc = db_hw_teacher_lesson(a, in->lesson, teacher)) == -1)
				return HW_DB;
			if (rc == 0)
				hw_err_field(a, err, "lesson", arena_printf(a, "Invalid "
				    "pk \"%lld\" - object does not exist.",
				    (long long)in->lesson));
		}
	}
	if (err->status != 0)
		return HW_INVALID;
	if ((rc = targets(a, teacher, body, in, err)) != 0)
		return rc;
	if (field(body, "questions", &v) &&
	    (rc = questions_in(a, v, create, in, err)) != 0)
		return rc;
	return 0;
}
