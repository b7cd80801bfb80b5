/* Lesson pages: a teacher's list, the lesson page with its Zoom state and
 * attendance, and the lesson card the dashboards and the calendar share
 * (the form is page_lesson_form.c). Times are shown in the configured
 * zone; the rules are the API's (domain/lesson.c), so a page and an
 * endpoint never disagree. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include "app/app.h"
#include "app/page_lesson.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/cursor.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db_group.h"
#include "db/db_lesson.h"
#include "domain/account.h"
#include "domain/lesson.h"

#define LESSONS_PAGE	20	/* lessons a list page shows */
#define GROUPS_MAX	500	/* groups the select offers */
#define EARLY_US	(15LL * 60 * 1000000)	/* startable this long before */

const char	 page_lesson_db_down[] = "База данных недоступна. Попробуйте чуть позже.";
static const char	 not_found[] = "Занятие не найдено.";

static const struct page_msg done_msgs[] = {
	{ "created", "Занятие создано." },
	{ "saved", "Изменения сохранены." },
	{ "cancelled", "Занятие отменено." },
	{ "deleted", "Занятие удалено." },
	{ "attendance", "Посещаемость сохранена." },
	{ "no_meeting", "Встречи этого занятия сейчас нет." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

static const struct {
	const char	*key, *text;
} statuses[] = {
	{ "scheduled", "запланировано" }, { "live", "идёт" },
	{ "completed", "завершено" }, { "cancelled", "отменено" },
	{ "present", "присутствовал(а)" }, { "absent", "отсутствовал(а)" },
	{ "late", "опоздал(а)" }, { "excused", "уважительная причина" },
};

static const char *
status_text(const char *key)
{
	size_t	 i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++)
		if (strcmp(key, statuses[i].key) == 0)
			return statuses[i].text;
	return key;
}

/* A stored DATETIME as microseconds since the epoch (0 if unreadable). */
int64_t
page_lesson_us(const char *db)
{
	int64_t	 us = 0;

	if (db == NULL || dt_parse_iso(db, &us) == -1)
		return 0;
	return us;
}

/* Only web links become hrefs. */
static int
web_url(const char *u)
{
	return u != NULL && (strncmp(u, "https://", 8) == 0 ||
	    strncmp(u, "http://", 7) == 0);
}

/* "пн, 23.11.2026 10:00–11:30", or both ends in full across midnight. */
static const char *
when_text(struct arena *a, int64_t start, int64_t end)
{
	const char	*s = dt_local_text(a, start, DT_TEXT_FULL);
	const char	*e = dt_local_text(a, end, DT_TEXT_FULL);

	if (s == NULL || e == NULL)
		return NULL;
	if (strncmp(s, e, strlen(s) - 5) == 0)
		return arena_printf(a, "%s–%s", s, e + strlen(e) - 5);
	return arena_printf(a, "%s – %s", s, e);
}

int64_t
page_local_day(int64_t us)
{
	int64_t	 days, sec;

	dt_utc_to_local(us >= 0 ? us / 1000000 : (us - 999999) / 1000000,
	    &days, &sec);
	return days;
}

int64_t
page_day_start(int64_t days)
{
	return dt_local_to_utc(days, 0) * 1000000;
}

struct json_object *
page_lesson_item(struct req *r, const struct lesson *l, int64_t now)
{
	struct json_object	*o;
	const char		*status = lesson_status(l, now);
	int64_t			 start = page_lesson_us(l->start_time), end = page_lesson_us(l->end_time);
	int			 open, owner;

	if ((o = json_new_object(r->arena)) == NULL)
		return NULL;
	open = strcmp(status, "scheduled") == 0 || strcmp(status, "live") == 0;
	owner = r->user->role == R_TEACHER && l->teacher_id == r->user->id;
	json_add_int(o, "id", l->id);
	json_add_str(o, "title", l->title);
	json_add_int(o, "group_id", l->group_id);
	json_add_str(o, "group_name", l->group_name);
	json_add_str(o, "when", when_text(r->arena, start, end));
	json_add_str(o, "start_hm", dt_local_text(r->arena, start, DT_TEXT_TIME));
	json_add_str(o, "end_hm", dt_local_text(r->arena, end, DT_TEXT_TIME));
	json_add_str(o, "status", status);
	json_add_str(o, "status_text", status_text(status));
	json_add_bool(o, "cancelled", l->cancelled_at != NULL);
	/* Shown while the lesson is open; the start itself says whether Zoom
	 * may start it yet. Dashboards show it from 15 minutes before. */
	json_add_bool(o, "can_start", owner && open);
	json_add_bool(o, "startable", owner && open && now >= start - EARLY_US);
	/* The student's join button (POST /lessons/{id}/join) once the
	 * meeting exists: it records the click and fills in the name. */
	json_add_bool(o, "can_join", open && r->user->role == R_STUDENT &&
	    web_url(l->zoom_join_url));
	return o;
}

/* The lesson of the path's {id} if the caller may see it: its teacher,
 * the students of its group, admins; else a 404 page (another teacher's
 * lesson looks like a missing one). owner: its teacher only. -1 after an
 * answer. */
int
page_lesson_load_or_reply(struct req *r, struct lesson *l, int owner)
{
	int	 rc;

	if ((rc = db_lesson_get(r->arena, r->ids[0], l)) == 1 &&
	    r->user->role == R_STUDENT)
		rc = db_group_is_member(r->arena, l->group_id, r->user->id);
	if (rc == -1)
		return resp_error(r, 503, page_lesson_db_down), -1;
	if (rc == 1 && r->user->role == R_TEACHER && l->teacher_id != r->user->id)
		rc = 0;
	if (rc == 1 && owner && l->teacher_id != r->user->id)
		rc = 0;
	if (rc == 0)
		return resp_error(r, 404, not_found), -1;
	return 0;
}

int
page_lesson_to(struct req *r, int64_t id, const char *done)
{
	return page_redirect_done(r, arena_printf(r->arena, "/lessons/%lld",
	    (long long)id), done);
}

/* The caller's groups as options of a select, the one of id selected. */
int
page_lesson_groups(struct req *r, struct json_object *ctx, int64_t id)
{
	struct json_object	*list, *o;
	struct group		*g;
	size_t			 n, i;

	if (db_group_first(r->arena, SCOPE_TEACHER, r->user->id, GROUPS_MAX, &g,
	    &n) == -1)
		return -1;
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", g[i].id);
		json_add_str(o, "name", g[i].name);
		json_add_bool(o, "selected", g[i].id == id);
		json_object_array_add(list, o);
	}
	json_object_object_add(ctx, "groups", list);
	json_add_int(ctx, "n_groups", (int64_t)n);
	return 0;
}

/* -- the list --------------------------------------------------------- */

static int64_t
page_arg(struct req *r)
{
	const char	*v = req_query(r, "page");
	int64_t		 n = 1;

	if (v != NULL && str_to_i64(v, strlen(v), 1, 100000, &n) == -1)
		n = 1;
	return n;
}

/* Past lessons newest first: the page counted from the end of the
 * ascending list, read backwards. */
static int
list_past(struct req *r, struct lesson_filter *f, int64_t page,
    struct lesson **l, size_t *n, int64_t *total)
{
	struct keyset	 ks = { .dir = KEYSET_BEFORE, .limit = LESSONS_PAGE,
			    .offset = (page - 1) * LESSONS_PAGE };

	if (db_lesson_count(r->arena, LSCOPE_TEACHER, r->user->id, f,
	    total) == -1)
		return -1;
	return db_lesson_page(r->arena, LSCOPE_TEACHER, r->user->id, f, &ks, l,
	    n);
}

static const char *
list_url(struct req *r, const char *when, int64_t group, int64_t page)
{
	if (group == 0)
		return arena_printf(r->arena, "/lessons?when=%s&page=%lld", when,
		    (long long)page);
	return arena_printf(r->arena, "/lessons?when=%s&group=%lld&page=%lld",
	    when, (long long)group, (long long)page);
}

int
page_lessons(struct req *r)
{
	struct json_object	*ctx, *list, *o;
	struct lesson_filter	 f;
	struct keyset		 ks = { .dir = KEYSET_FIRST, .limit = LESSONS_PAGE };
	struct lesson		*l;
	const char		*when = req_query(r, "when"), *v;
	int64_t			 now = lesson_now(), today, group = 0, total;
	int64_t			 page = page_arg(r);
	size_t			 n, i;
	int			 past, rc;

	if (when == NULL || *when == '\0')
		when = "upcoming";
	past = strcmp(when, "past") == 0;
	if (!past && strcmp(when, "upcoming") != 0 && strcmp(when, "all") != 0)
		return resp_error(r, 400, "Неверный фильтр: when может быть "
		    "upcoming, past или all.");
	if ((v = req_query(r, "group")) != NULL && *v != '\0' &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &group) == -1)
		return resp_error(r, 400, "Неверный фильтр: group — номер группы.");
	memset(&f, 0, sizeof(f));
	f.group_id = group;
	/* Upcoming: from the start of today (local), so today's lessons stay. */
	today = page_day_start(page_local_day(now));
	if (strcmp(when, "upcoming") == 0)
		f.start_lo = dt_db(r->arena, today);
	else if (past)
		f.start_hi = dt_db(r->arena, today);
	ks.offset = (page - 1) * LESSONS_PAGE;
	rc = past ? list_past(r, &f, page, &l, &n, &total) :
	    db_lesson_count(r->arena, LSCOPE_TEACHER, r->user->id, &f,
	    &total) == -1 ? -1 : db_lesson_page(r->arena, LSCOPE_TEACHER,
	    r->user->id, &f, &ks, &l, &n);
	if (rc == -1 || (ctx = json_new_object(r->arena)) == NULL ||
	    page_lesson_groups(r, ctx, group) == -1)
		return resp_error(r, 503, page_lesson_db_down);
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		if ((o = page_lesson_item(r, &l[past ? n - 1 - i : i], now)) == NULL)
			return resp_error(r, 500, "Internal server error");
		json_object_array_add(list, json_object_get(o));
	}
	json_object_object_add(ctx, "lessons", list);
	json_add_int(ctx, "n_lessons", (int64_t)n);
	json_add_int(ctx, "total", total);
	json_add_str(ctx, "when", when);
	json_add_bool(ctx, "is_upcoming", strcmp(when, "upcoming") == 0);
	json_add_bool(ctx, "is_past", past);
	json_add_bool(ctx, "is_all", strcmp(when, "all") == 0);
	if (group != 0)
		json_add_int(ctx, "group", group);
	if (page > 1)
		json_add_str(ctx, "prev_url", list_url(r, when, group, page - 1));
	if (page * LESSONS_PAGE < total)
		json_add_str(ctx, "next_url", list_url(r, when, group, page + 1));
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, 200, "lessons/list", ctx, "Занятия");
}

/* -- the lesson page -------------------------------------------------- */

static const struct attendance *
att_of(const struct attendance *att, size_t n, int64_t student)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (att[i].student_id == student)
			return &att[i];
	return NULL;
}

static int64_t
jint(struct json_object *o, const char *key)
{
	struct json_object	*v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return json_object_get_string(v);
}

/* The group's members ({id, email, first_name, last_name}, by name). */
static struct json_object *
members(struct req *r, int64_t group_id)
{
	struct json_object	*o, *st;
	struct group		 g;

	if (db_group_get(r->arena, group_id, &g) != 1 ||
	    (o = view_group(r->arena, &g, 0)) == NULL ||
	    !json_object_object_get_ex(o, "students", &st))
		return NULL;
	return st;
}

/* The teacher's attendance form: every member with their mark, then the
 * records of students who have left the group. */
static int
att_rows(struct req *r, struct json_object *ctx, const struct lesson *l)
{
	static const char	*marks[] = { "present", "absent", "late", "excused" };
	struct json_object	*st, *rows, *row, *opts, *opt, *m, *former;
	const struct attendance	*x;
	struct attendance	*att;
	size_t			 natt, i, k, n;
	int64_t			 id;

	if ((st = members(r, l->group_id)) == NULL ||
	    db_attendance_of_lesson(r->arena, l->id, 0, &att, &natt) == -1)
		return -1;
	rows = json_object_new_array();
	n = json_object_array_length(st);
	for (i = 0; i < n; i++) {
		m = json_object_array_get_idx(st, i);
		id = jint(m, "id");
		x = att_of(att, natt, id);
		row = json_object_new_object();
		json_add_int(row, "id", id);
		json_add_str(row, "name", account_name_of(r->arena, jstr(m,
		    "last_name"), jstr(m, "first_name"), "", jstr(m, "email")));
		json_add_str(row, "note", x != NULL ? x->notes : "");
		json_add_bool(row, "unmarked", x == NULL);
		opts = json_object_new_array();
		for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
			opt = json_object_new_object();
			json_add_str(opt, "value", marks[k]);
			json_add_str(opt, "text", status_text(marks[k]));
			json_add_bool(opt, "selected", x != NULL &&
			    strcmp(x->status, marks[k]) == 0);
			json_object_array_add(opts, opt);
		}
		json_object_object_add(row, "options", opts);
		json_object_array_add(rows, row);
	}
	json_object_object_add(ctx, "students", rows);
	json_add_int(ctx, "n_students", (int64_t)n);
	former = json_object_new_array();
	for (i = 0; i < natt; i++) {
		for (k = 0; k < n; k++)
			if (jint(json_object_array_get_idx(st, k), "id") ==
			    att[i].student_id)
				break;
		if (k < n)
			continue;
		row = json_object_new_object();
		json_add_str(row, "name", account_name_of(r->arena,
		    att[i].student_last, att[i].student_first, "",
		    att[i].student_email));
		json_add_str(row, "status_text", status_text(att[i].status));
		json_add_str(row, "note", att[i].notes ? att[i].notes : "");
		json_object_array_add(former, row);
	}
	if (json_object_array_length(former) > 0)
		json_object_object_add(ctx, "former", former);
	else
		json_object_put(former);
	return 0;
}

/* Read-only records: a student's own, or every one for an admin. */
static int
att_list(struct req *r, struct json_object *ctx, const struct lesson *l)
{
	struct json_object	*list, *row;
	struct attendance	*att;
	size_t			 n, i;

	if (db_attendance_of_lesson(r->arena, l->id, r->user->role == R_STUDENT ?
	    r->user->id : 0, &att, &n) == -1)
		return -1;
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		row = json_object_new_object();
		json_add_str(row, "name", account_name_of(r->arena, att[i].student_last,
		    att[i].student_first, "", att[i].student_email));
		json_add_str(row, "status_text", status_text(att[i].status));
		json_add_str(row, "note", att[i].notes ? att[i].notes : "");
		json_object_array_add(list, row);
	}
	json_object_object_add(ctx, "records", list);
	json_add_int(ctx, "n_records", (int64_t)n);
	return 0;
}

static int
recordings(struct req *r, struct json_object *ctx, const struct lesson *l)
{
	struct json_object	*list, *o;
	struct recording	*rec;
	size_t			 n, i;

	if (db_recording_of_lesson(r->arena, l->id, &rec, &n) == -1)
		return -1;
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (!web_url(rec[i].url))
			continue;
		o = json_object_new_object();
		json_add_str(o, "url", rec[i].url);
		json_add_str(o, "created", dt_local_text(r->arena,
		    page_lesson_us(rec[i].created_at), DT_TEXT_FULL));
		json_object_array_add(list, o);
	}
	json_add_int(ctx, "n_recordings", (int64_t)json_object_array_length(list));
	json_object_object_add(ctx, "recordings", list);
	return 0;
}

static int
render_lesson(struct req *r, int status, const struct lesson *l,
    const char *error)
{
	struct json_object	*ctx, *o;
	int			 owner = l->teacher_id == r->user->id;

	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (o = page_lesson_item(r, l, lesson_now())) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "teacher_name", account_name_of(r->arena, l->teacher_last,
	    l->teacher_first, l->teacher_middle, l->teacher_email));
	json_add_str(o, "topics", l->topics ? l->topics : "");
	json_add_str(o, "location", l->location ? l->location : "");
	/* The teacher's notes: for the teacher and admins, as in the API. */
	if (r->user->role != R_STUDENT && l->notes != NULL && *l->notes != '\0')
		json_add_str(o, "notes", l->notes);
	if (web_url(l->zoom_join_url)) {
		json_add_str(o, "zoom_url", l->zoom_join_url);
		if (l->zoom_password != NULL && *l->zoom_password != '\0')
			json_add_str(o, "zoom_password", l->zoom_password);
	}
	json_object_object_add(ctx, "lesson", json_object_get(o));
	json_add_bool(ctx, "is_owner", owner);
	if ((owner ? att_rows(r, ctx, l) : att_list(r, ctx, l)) == -1 ||
	    recordings(r, ctx, l) == -1)
		return resp_error(r, 503, page_lesson_db_down);
	json_add_bool(ctx, "is_student", r->user->role == R_STUDENT);
	page_done_flash(r, ctx, done_msgs, NDONE);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "lessons/show", ctx, l->title);
}

int
page_lesson(struct req *r)
{
	struct lesson	 l;

	if (page_lesson_load_or_reply(r, &l, 0) == -1)
		return 0;
	return render_lesson(r, 200, &l, NULL);
}

/* Marks from the form (status_{id}, note_{id} per member; all=present:
 * everyone present, notes kept), only those that change something; then
 * all of them at once or none. */
int
page_lesson_attendance(struct req *r)
{
	struct json_object	*st;
	const struct attendance	*x;
	struct attendance	*att;
	struct att_mark		*m;
	struct field_err	 err;
	struct lesson		 l;
	const char		*status, *note, *key;
	size_t			 natt, i, n, nm = 0;
	int64_t			 id;
	int			 all, rc;

	if (page_lesson_load_or_reply(r, &l, 1) == -1)
		return 0;
	if ((st = members(r, l.group_id)) == NULL ||
	    db_attendance_of_lesson(r->arena, l.id, 0, &att, &natt) == -1)
		return resp_error(r, 503, page_lesson_db_down);
	all = strcmp(req_form_text(r, "all"), "present") == 0;
	n = json_object_array_length(st);
	if ((m = arena_zalloc(r->arena, (n + 1) * sizeof(*m))) == NULL)
		return resp_error(r, 500, "Internal server error");
	for (i = 0; i < n; i++) {
		id = jint(json_object_array_get_idx(st, i), "id");
		x = att_of(att, natt, id);
		if (all) {
			status = "present";
			note = x != NULL ? x->notes : "";
		} else {
			if ((key = arena_printf(r->arena, "status_%lld",
			    (long long)id)) == NULL ||
			    (note = arena_printf(r->arena, "note_%lld",
			    (long long)id)) == NULL)
				return resp_error(r, 500, "Internal server error");
			if (*(status = req_form_text(r, key)) == '\0')
				continue;	/* left unmarked */
			if (!attendance_status_ok(status))
				return render_lesson(r, 400, &l, "Неизвестная "
				    "отметка посещаемости.");
			note = req_form_text(r, note);
		}
		if (x != NULL && strcmp(x->status, status) == 0 &&
		    strcmp(x->notes ? x->notes : "", note) == 0)
			continue;
		m[nm].student_id = id;
		m[nm].status = status;
		m[nm++].notes = note;
	}
	rc = lesson_mark_attendance(r->arena, &l, m, nm, &err);
	if (rc == ACCOUNT_INVALID)
		return render_lesson(r, 400, &l, err.msg);
	if (rc != 0)
		return resp_error(r, 503, page_lesson_db_down);
	return page_lesson_to(r, l.id, "attendance");
}
