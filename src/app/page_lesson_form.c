/* The lesson form: a new lesson, an edit, a deletion and a cancellation
 * by its teacher, with the API's rules (domain/lesson.c) and their
 * messages in Russian beside the fields. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/page_lesson.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_lesson.h"
#include "domain/lesson.h"

/* The form's fields as sent (or as stored, for an edit). */
struct lesson_form {
	const char	*title, *group, *date, *start, *end;
	const char	*topics, *location, *notes;
};

static void
form_of_request(struct req *r, struct lesson_form *v)
{
	v->title = req_form_text(r, "title");
	v->group = req_form_text(r, "group");
	v->date = req_form_text(r, "date");
	v->start = req_form_text(r, "start");
	v->end = req_form_text(r, "end");
	v->topics = req_form_text(r, "topics");
	v->location = req_form_text(r, "location");
	v->notes = req_form_text(r, "notes");
}

static void
form_of_lesson(struct arena *a, const struct lesson *l, struct lesson_form *v)
{
	int64_t	 start = page_lesson_us(l->start_time), end = page_lesson_us(l->end_time);

	v->title = l->title;
	v->group = arena_printf(a, "%lld", (long long)l->group_id);
	v->date = dt_date(a, page_local_day(start));
	v->start = dt_local_text(a, start, DT_TEXT_TIME);
	v->end = dt_local_text(a, end, DT_TEXT_TIME);
	v->topics = l->topics;
	v->location = l->location;
	v->notes = l->notes;
}

static void
err_add(struct lesson_errs *e, const char *field, const char *msg)
{
	if (e->n < LESSON_ERRS_MAX) {
		e->e[e->n].field = field;
		e->e[e->n++].msg = msg;
	}
}

/* The form as the domain's input, the local date and times turned into
 * UTC instants. 0, or -1 with *err. */
static int
form_input(struct arena *a, const struct lesson_form *v,
    struct lesson_input *x, struct lesson_errs *err)
{
	int64_t	 days = 0, s = 0, e = 0, y;

	memset(x, 0, sizeof(*x));
	err->kind = LESSON_ERR_FIELDS;
	err->n = 0;
	if (str_to_i64(v->group, strlen(v->group), 1, INT64_MAX, &x->group) == -1)
		err_add(err, "group", "Выберите группу.");
	/* Years the calendar shows: a local time near 9999-12-31 could be
	 * past what the database holds in UTC. */
	if (dt_parse_date(v->date, &days) == -1 ||
	    str_to_i64(v->date, 4, 1970, 9998, &y) == -1)
		err_add(err, "date", "Укажите дату.");
	if (dt_parse_time(v->start, &s) == -1)
		err_add(err, "start", "Укажите время начала, например 10:00.");
	if (dt_parse_time(v->end, &e) == -1)
		err_add(err, "end", "Укажите время окончания, например 11:30.");
	if (err->n > 0)
		return -1;
	x->title = v->title;
	x->topics = v->topics;
	x->location = v->location;
	x->notes = v->notes;
	x->start_time = dt_iso(a, dt_db(a, dt_local_to_utc(days, s) * 1000000));
	x->end_time = dt_iso(a, dt_db(a, dt_local_to_utc(days, e) * 1000000));
	return 0;
}

/* The domain's English field messages (the API's, as DRF words them) in
 * the pages' language; its own rules already speak Russian. */
static const char *
ru(const char *msg)
{
	static const struct {
		const char	*en, *ru;
	} t[] = {
		{ "This field is required.", "Обязательное поле." },
		{ "This field may not be blank.", "Поле не может быть пустым." },
		{ "Ensure this field has no more than 200 characters.",
		    "Не больше 200 символов." },
		{ "Ensure this field has no more than 300 characters.",
		    "Не больше 300 символов." },
		{ "Invalid pk ", "Такой группы нет." },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strncmp(msg, t[i].en, strlen(t[i].en)) == 0)
			return t[i].ru;
	return msg;
}

/* Errors next to their fields (the first of each); the rest as a flash. */
static void
form_errors(struct json_object *ctx, const struct lesson_errs *e)
{
	static const char	*fields[][2] = {
		{ "title", "title" }, { "group", "group" }, { "date", "date" },
		{ "start", "start" }, { "end", "end" }, { "start_time", "start" },
		{ "end_time", "end" }, { "location", "location" },
		{ "topics", "topics" }, { "notes", "notes" },
	};
	struct json_object	*errors = json_object_new_object();
	const char		*to;
	size_t			 i, k;

	for (i = 0; e != NULL && i < e->n; i++) {
		for (to = NULL, k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
			if (strcmp(e->e[i].field, fields[k][0]) == 0)
				to = fields[k][1];
		if (to == NULL)
			page_flash(ctx, "error", ru(e->e[i].msg));
		else if (!json_object_object_get_ex(errors, to, NULL))
			json_add_str(errors, to, ru(e->e[i].msg));
	}
	json_object_object_add(ctx, "errors", errors);
}

/* New (cur NULL) or edit form with v's values. */
static int
render_form(struct req *r, int status, const struct lesson *cur,
    const struct lesson_form *v, const struct lesson_errs *err)
{
	struct json_object	*ctx, *vals;
	int64_t			 group = 0;

	str_to_i64(v->group, strlen(v->group), 1, INT64_MAX, &group);
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (page_lesson_groups(r, ctx, group) == -1)
		return resp_error(r, 503, page_lesson_db_down);
	vals = json_object_new_object();
	json_add_str(vals, "title", v->title);
	json_add_str(vals, "date", v->date);
	json_add_str(vals, "start", v->start);
	json_add_str(vals, "end", v->end);
	json_add_str(vals, "topics", v->topics ? v->topics : "");
	json_add_str(vals, "location", v->location ? v->location : "");
	json_add_str(vals, "notes", v->notes ? v->notes : "");
	json_object_object_add(ctx, "values", vals);
	json_add_str(ctx, "zone", r->cfg->time_zone);
	if (cur != NULL) {
		json_add_int(ctx, "lesson_id", cur->id);
		json_add_str(ctx, "action", arena_printf(r->arena,
		    "/lessons/%lld/edit", (long long)cur->id));
	} else
		json_add_str(ctx, "action", "/lessons");
	form_errors(ctx, err);
	return resp_html(r, status, "lessons/form", ctx, cur != NULL ?
	    "Изменить занятие" : "Новое занятие");
}

int
page_lesson_new(struct req *r)
{
	struct lesson_form	 v;
	const char		*date = req_query(r, "date");
	const char		*group = req_query(r, "group");
	int64_t			 days;

	memset(&v, 0, sizeof(v));
	/* ?date= (from the calendar) and ?group= preset the form. */
	if (date == NULL || dt_parse_date(date, &days) == -1)
		date = dt_date(r->arena, page_local_day(lesson_now()));
	v.title = v.topics = v.location = v.notes = "";
	v.group = group != NULL ? group : "";
	v.date = date;
	v.start = "10:00";
	v.end = "11:00";
	return render_form(r, 200, NULL, &v, NULL);
}

int
page_lessons_post(struct req *r)
{
	struct lesson_form	 v;
	struct lesson_input	 x;
	struct lesson_errs	 err;
	int64_t			 id;
	int			 rc;

	form_of_request(r, &v);
	if (form_input(r->arena, &v, &x, &err) == -1)
		return render_form(r, 400, NULL, &v, &err);
	rc = lesson_create(r->arena, r->user->id, &x, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return render_form(r, 400, NULL, &v, &err);
	if (rc != 0)
		return resp_error(r, 503, page_lesson_db_down);
	return page_lesson_to(r, id, "created");
}

int
page_lesson_edit(struct req *r)
{
	struct lesson_form	 v;
	struct lesson		 l;

	if (page_lesson_load_or_reply(r, &l, 1) == -1)
		return 0;
	form_of_lesson(r->arena, &l, &v);
	return render_form(r, 200, &l, &v, NULL);
}

int
page_lesson_edit_post(struct req *r)
{
	struct lesson_form	 v;
	struct lesson_input	 x;
	struct lesson_errs	 err;
	struct lesson		 l;
	struct actor		 who = auth_actor(r);
	int			 rc;

	if (page_lesson_load_or_reply(r, &l, 1) == -1)
		return 0;
	form_of_request(r, &v);
	if (form_input(r->arena, &v, &x, &err) == -1)
		return render_form(r, 400, &l, &v, &err);
	rc = lesson_update(r->arena, &l, &x, 1, &err);
	if (rc == ACCOUNT_INVALID)
		return render_form(r, 400, &l, &v, &err);
	if (rc != 0)
		return resp_error(r, 503, page_lesson_db_down);
	(void)lesson_changed(r->arena, &who, &l);	/* the meeting follows */
	return page_lesson_to(r, l.id, "saved");
}

int
page_lesson_delete(struct req *r)
{
	struct lesson	 l;
	struct actor	 who = auth_actor(r);

	if (page_lesson_load_or_reply(r, &l, 1) == -1)
		return 0;
	if (lesson_delete(r->arena, &who, &l) != 0)
		return resp_error(r, 503, page_lesson_db_down);
	return page_redirect_done(r, "/lessons", "deleted");
}

int
page_lesson_cancel(struct req *r)
{
	struct lesson	 l;
	struct actor	 who = auth_actor(r);

	if (page_lesson_load_or_reply(r, &l, 1) == -1)
		return 0;
	if (lesson_cancel(r->arena, &who, &l) != 0)
		return resp_error(r, 503, page_lesson_db_down);
	return page_lesson_to(r, l.id, "cancelled");
}
