/* Lessons and attendance API: /api/schedule/lessons/ (aliases
 * /schedule/api/lessons/, /api/api/schedule/lessons/) and /api/attendance/
 * (alias /schedule/api/attendance/). */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/input.h"
#include "app/paging.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_group.h"
#include "db/db_lesson.h"
#include "domain/audit.h"
#include "domain/lesson.h"
#include "domain/recording.h"

#define MARKS_MAX	1000
#define DAY_US		(86400LL * 1000000)
#define FORBIDDEN	"You do not have permission to perform this action."

/* What the caller sees of a lesson: notes for its teacher and admins,
 * zoom_start_url for teachers (who see only their own lessons). */
static unsigned
lesson_flags(const struct req *r)
{
	return r->user->role == R_TEACHER ? VIEW_NOTES | VIEW_START_URL :
	    r->user->role == R_ADMIN ? VIEW_NOTES : 0;
}

/* The lesson of the path's {id} if the caller may see it (L-SCOPE), else
 * 404; need_owner: only its teacher (others who see it get 403). -1 after
 * an answer. */
static int
load_or_reply(struct req *r, struct lesson *l, int need_owner)
{
	int	 rc, owner;

	if ((rc = db_lesson_get(r->arena, r->ids[0], l)) == -1)
		return api_db_error(r), -1;
	owner = rc == 1 && l->teacher_id == r->user->id &&
	    r->user->role == R_TEACHER;
	if (rc == 1 && r->user->role == R_STUDENT &&
	    (rc = db_group_is_member(r->arena, l->group_id, r->user->id)) == -1)
		return api_db_error(r), -1;
	if (rc == 0 || (r->user->role == R_TEACHER && !owner))
		return resp_error(r, 404, "Not found."), -1;
	if (need_owner && !owner)
		return resp_error(r, 403, FORBIDDEN), -1;
	return 0;
}

static int
reply_lesson(struct req *r, int status, int64_t id)
{
	struct lesson	 l;
	int		 rc;

	if ((rc = db_lesson_get(r->arena, id, &l)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, view_lesson(r->arena, &l, lesson_flags(r),
	    lesson_now()));
}

/* LessonDetail; students see their own attendance only. */
static int
reply_detail(struct req *r, const struct lesson *l, unsigned flags)
{
	struct attendance	*att;
	struct recording	*rec;
	struct group		 g;
	size_t			 natt, nrec;
	int			 rc;

	if ((rc = db_group_get(r->arena, l->group_id, &g)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	if (db_attendance_of_lesson(r->arena, l->id, r->user->role == R_STUDENT ?
	    r->user->id : 0, &att, &natt) == -1 ||
	    db_recording_of_lesson(r->arena, l->id, &rec, &nrec) == -1)
		return api_db_error(r);
	return resp_json(r, 200, view_lesson_detail(r->arena, l, &g,
	    r->user->role == R_ADMIN || g.teacher_id == r->user->id, att, natt,
	    rec, nrec, flags, lesson_now()));
}

static int
lesson_input_or_reply(struct req *r, struct lesson_input *x)
{
	struct json_object	*in;
	int			 rc;

	memset(x, 0, sizeof(*x));
	/* zoom_*, teacher and status are read-only: ignored. */
	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "title", &x->title) == -1 ||
	    input_pk_or_reply(r, in, "group", &x->group) == -1 ||
	    input_str_or_reply(r, in, "start_time", &x->start_time) == -1 ||
	    input_str_or_reply(r, in, "end_time", &x->end_time) == -1 ||
	    input_str_or_reply(r, in, "topics", &x->topics) == -1 ||
	    input_str_or_reply(r, in, "location", &x->location) == -1 ||
	    input_str_or_reply(r, in, "notes", &x->notes) == -1 ||
	    (rc = input_bool_or_reply(r, in, "record_lesson",
	    &x->record_lesson)) == -1)
		return -1;
	x->has_record = rc;
	if ((rc = input_int_or_reply(r, in, "recording_available_for_days",
	    &x->recording_days)) == -1)
		return -1;
	x->has_days = rc;
	return 0;
}

/* The list filters of ?group, teacher, start, end, date, upcoming. */
static int
filter_or_reply(struct req *r, struct lesson_filter *f)
{
	const char	*v;
	int64_t		 lo = INT64_MIN, hi = INT64_MAX, t, days, now;
	int		 rc;

	memset(f, 0, sizeof(*f));
	if (input_query_id_or_reply(r, "group", &f->group_id) == -1 ||
	    input_query_id_or_reply(r, "teacher", &f->teacher_id) == -1 ||
	    (rc = input_query_time_or_reply(r, "start", &t)) == -1)
		return -1;
	if (rc == 1)
		lo = t;
	if ((rc = input_query_time_or_reply(r, "end", &t)) == -1)
		return -1;
	if (rc == 1 && (f->end_hi = dt_db(r->arena, t)) == NULL)
		return api_db_error(r), -1;
	if ((v = req_query(r, "date")) != NULL && *v != '\0') {
		if (dt_parse_date(v, &days) == -1) {
			input_field_error(r, "date", "Date has wrong format. Use "
			    "one of these formats instead: YYYY-MM-DD.");
			return -1;
		}
		lo = days * DAY_US > lo ? days * DAY_US : lo;
		hi = (days + 1) * DAY_US < hi ? (days + 1) * DAY_US : hi;
	}
	if ((v = req_query(r, "upcoming")) != NULL && *v != '\0') {
		now = lesson_now();
		if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
			lo = now > lo ? now : lo;
		else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
			hi = now < hi ? now : hi;
		else {
			input_field_error(r, "upcoming", "Must be a valid boolean.");
			return -1;
		}
	}
	if ((lo != INT64_MIN && (f->start_lo = dt_db(r->arena, lo)) == NULL) ||
	    (hi != INT64_MAX && (f->start_hi = dt_db(r->arena, hi)) == NULL))
		return api_db_error(r), -1;
	return 0;
}

/* The lesson list's cursors: ordered by (start_time, id), chosen by these
 * arguments. */
static const char *const lesson_args[] = { "group", "teacher", "start",
    "end", "date", "upcoming", NULL };
static const struct page_spec lesson_list = { .list = "lessons", .key = "si",
    .args = lesson_args };

static void
lesson_key(const struct lesson *l, struct keyset_val k[2])
{
	k[0].s = l->start_time;
	k[0].i = 0;
	k[1].s = NULL;
	k[1].i = l->id;
}

int
api_lessons_list(struct req *r)
{
	struct json_object	*a;
	struct lesson_filter	 f;
	struct keyset_val	 first[2], last[2];
	struct lesson		*l;
	struct page		 p;
	enum lesson_scope	 scope;
	int64_t			 total, now = lesson_now();
	unsigned		 flags = lesson_flags(r);
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &lesson_list, &p) == -1 ||
	    filter_or_reply(r, &f) == -1)
		return 0;
	scope = r->user->role == R_ADMIN ? LSCOPE_ALL :
	    r->user->role == R_TEACHER ? LSCOPE_TEACHER : LSCOPE_MEMBER;
	if (db_lesson_page(r->arena, scope, r->user->id, &f, &p.ks, &l,
	    &nread) == -1 ||
	    db_lesson_count(r->arena, scope, r->user->id, &f, &total) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(view_lesson(r->arena,
		    &l[i], flags, now)));
	if (n > 0) {
		lesson_key(&l[from], first);
		lesson_key(&l[from + n - 1], last);
	}
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

int
api_lessons_create(struct req *r)
{
	struct lesson_input	 x;
	struct lesson_errs	 err;
	int64_t			 id;
	int			 rc;

	if (lesson_input_or_reply(r, &x) == -1)
		return 0;
	rc = lesson_create(r->arena, r->user->id, &x, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return api_lesson_errs(r, &err);
	if (rc != 0)
		return api_db_error(r);
	return reply_lesson(r, 201, id);
}

int
api_lesson_get(struct req *r)
{
	struct lesson	 l;

	if (load_or_reply(r, &l, 0) == -1)
		return 0;
	return reply_detail(r, &l, lesson_flags(r));
}

int
api_lesson_update(struct req *r)
{
	struct lesson_input	 x;
	struct lesson_errs	 err;
	struct lesson		 l;
	struct actor		 who = { r->user->id, r->remote_addr, r->user_agent };
	int			 rc;

	if (load_or_reply(r, &l, 1) == -1 || lesson_input_or_reply(r, &x) == -1)
		return 0;
	rc = lesson_update(r->arena, &l, &x, strcmp(r->method, "PUT") == 0, &err);
	if (rc == ACCOUNT_INVALID)
		return api_lesson_errs(r, &err);
	if (rc != 0)
		return api_db_error(r);
	/* A started lesson moved far enough moves its meeting at Zoom. */
	(void)lesson_changed(r->arena, &who, &l);
	return reply_lesson(r, 200, l.id);
}

int
api_lesson_delete(struct req *r)
{
	struct lesson	 l;
	struct actor	 who = auth_actor(r);

	if (load_or_reply(r, &l, 1) == -1)
		return 0;
	if (lesson_delete(r->arena, &who, &l) != 0)
		return api_db_error(r);
	resp_json(r, 204, NULL);
	return 0;
}

int
api_lesson_cancel(struct req *r)
{
	struct lesson	 l;
	struct actor	 who = auth_actor(r);

	if (load_or_reply(r, &l, 1) == -1)
		return 0;
	if (lesson_cancel(r->arena, &who, &l) != 0)
		return api_db_error(r);
	return reply_lesson(r, 200, l.id);
}

/* {"url"}: 201 {"status":"created","recording":{"id","url","created_at"}}. */
int
api_lesson_add_recording(struct req *r)
{
	struct json_object	*in, *o, *rec;
	struct recording	 x;
	struct lesson		 l;
	const char		*url;
	int64_t			 id;

	if (load_or_reply(r, &l, 1) == -1 || (in = input_body_or_reply(r)) == NULL)
		return 0;
	if (!json_object_object_get_ex(in, "url", &o) || o == NULL ||
	    !json_object_is_type(o, json_type_string) ||
	    (url = str_trim_dup(r->arena, json_object_get_string(o))) == NULL ||
	    url[0] == '\0')
		return resp_error(r, 400, "url is required.");
	if (!recording_url_ok(url))
		return resp_error(r, 400, "url must be an http:// or https:// "
		    "address of at most 2000 characters.");
	if (recording_add(r->arena, l.id, url, &id) != 0 ||
	    db_recording_get(r->arena, id, &x) != 1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	rec = json_object_new_object();
	json_add_int(rec, "id", x.id);
	json_add_str(rec, "url", x.url);
	json_add_str(rec, "created_at", dt_iso(r->arena, x.created_at));
	json_add_str(o, "status", "created");
	json_object_object_add(o, "recording", rec);
	return resp_json(r, 201, o);
}

/* One entry of mark_attendance: 1 and *m, 0 to skip (no student_id), -1
 * after a 400. */
static int
mark_or_reply(struct req *r, struct json_object *e, size_t i,
    struct att_mark *m)
{
	struct json_object	*v;
	const char		*bad = NULL;

	/* A status, when the entry has the key, is checked first, whatever
	 * else the entry holds: null or an unknown one refuses the whole
	 * request (issue 18), even in an entry skipped for want of a
	 * student_id. Without the key it is "absent" (API c.2). */
	m->status = "absent";
	if (!json_object_is_type(e, json_type_object))
		bad = "expected an object";
	else if (json_object_object_get_ex(e, "status", &v)) {
		if (!json_object_is_type(v, json_type_string))
			bad = "status must be one of present, absent, late, excused";
		else if (!attendance_status_ok(m->status =
		    json_object_get_string(v)))
			bad = arena_printf(r->arena, "\"%s\" is not a valid status",
			    m->status);
	}
	if (bad == NULL && !json_object_object_get_ex(e, "student_id", &v))
		return 0;
	if (bad == NULL && (!json_object_is_type(v, json_type_int) ||
	    (m->student_id = json_object_get_int64(v)) < 1))
		bad = "student_id must be a positive integer";
	if (bad == NULL && json_object_object_get_ex(e, "notes", &v) && v != NULL) {
		if (!json_object_is_type(v, json_type_string))
			bad = "notes must be a string";
		else
			m->notes = json_object_get_string(v);
	} else if (bad == NULL)
		m->notes = "";
	if (bad == NULL)
		return 1;
	input_field_error(r, "attendances", arena_printf(r->arena, "Entry %zu: "
	    "%s.", i + 1, bad));
	return -1;
}

int
api_lesson_mark_attendance(struct req *r)
{
	struct json_object	*in, *list;
	struct field_err	 err;
	struct att_mark		*m;
	struct lesson		 l;
	size_t			 len, i, n = 0;
	int			 rc;

	if (load_or_reply(r, &l, 1) == -1 || (in = input_body_or_reply(r)) == NULL)
		return 0;
	if (!json_object_object_get_ex(in, "attendances", &list) || list == NULL)
		return input_field_error(r, "attendances", "This field is required.");
	if (!json_object_is_type(list, json_type_array) ||
	    (len = json_object_array_length(list)) > MARKS_MAX)
		return input_field_error(r, "attendances", "Expected a list of at "
		    "most 1000 entries.");
	if ((m = arena_zalloc(r->arena, (len + 1) * sizeof(*m))) == NULL)
		return api_db_error(r);
	for (i = 0; i < len; i++) {
		if ((rc = mark_or_reply(r, json_object_array_get_idx(list, i), i,
		    &m[n])) == -1)
			return 0;
		n += rc;
	}
	rc = lesson_mark_attendance(r->arena, &l, m, n, &err);
	if (rc == ACCOUNT_INVALID)
		return input_field_error(r, err.field, err.msg);
	if (rc != 0 || db_lesson_get(r->arena, l.id, &l) != 1)
		return api_db_error(r);
	return reply_detail(r, &l, VIEW_NOTES);
}

/* -- attendance --------------------------------------------------------- */

/* The record of the path's {id} as the caller may see it (its lesson's
 * teacher, its student, admins), else 404; write: its lesson's teacher
 * only. -1 after an answer. */
static int
att_load_or_reply(struct req *r, struct attendance *x, int write)
{
	int	 rc, seen;

	if ((rc = db_attendance_get(r->arena, r->ids[0], x)) == -1)
		return api_db_error(r), -1;
	seen = rc == 1 && (r->user->role == R_ADMIN ?
	    !write : r->user->role == R_TEACHER ? x->teacher_id == r->user->id :
	    x->student_id == r->user->id && !write);
	if (!seen)
		return resp_error(r, 404, "Not found."), -1;
	return 0;
}

static int
reply_att(struct req *r, int status, int64_t id)
{
	struct attendance	 x;
	int			 rc;

	if ((rc = db_attendance_get(r->arena, id, &x)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, view_attendance(r->arena, &x));
}

/* The attendance list's cursors: ordered by (lesson start, lesson, id). */
static const char *const att_args[] = { "lesson", "student", "status", NULL };
static const struct page_spec att_list = { .list = "attendance", .key = "sii",
    .args = att_args };

static void
att_key(const struct attendance *x, struct keyset_val k[3])
{
	k[0].s = x->lesson_start;
	k[0].i = 0;
	k[1].s = k[2].s = NULL;
	k[1].i = x->lesson_id;
	k[2].i = x->id;
}

int
api_attendance_list(struct req *r)
{
	struct json_object	*a;
	struct keyset_val	 first[3], last[3];
	struct attendance	*x;
	struct att_filter	 f;
	struct page		 p;
	enum att_scope		 scope;
	int64_t			 total;
	size_t			 nread, from, n, i;

	memset(&f, 0, sizeof(f));
	if (paging_keyset_or_reply(r, &att_list, &p) == -1 ||
	    input_query_id_or_reply(r, "lesson", &f.lesson_id) == -1 ||
	    input_query_id_or_reply(r, "student", &f.student_id) == -1)
		return 0;
	if ((f.status = req_query(r, "status")) != NULL && *f.status == '\0')
		f.status = NULL;
	if (f.status != NULL && !attendance_status_ok(f.status))
		return input_field_error(r, "status", arena_printf(r->arena,
		    "Select a valid choice. %s is not one of the available "
		    "choices.", f.status));
	scope = r->user->role == R_ADMIN ? ASCOPE_ALL :
	    r->user->role == R_TEACHER ? ASCOPE_TEACHER : ASCOPE_STUDENT;
	if (db_attendance_page(r->arena, scope, r->user->id, &f, &p.ks, &x,
	    &nread) == -1 ||
	    db_attendance_count(r->arena, scope, r->user->id, &f, &total) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(view_attendance(r->arena,
		    &x[i])));
	if (n > 0) {
		att_key(&x[from], first);
		att_key(&x[from + n - 1], last);
	}
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

/* Create (cur NULL) or change a record from the body. */
static int
att_save(struct req *r, const struct attendance *cur, int full)
{
	struct json_object	*in;
	struct lesson_errs	 err;
	const char		*status, *notes;
	int64_t			 lesson, student, id;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_pk_or_reply(r, in, "lesson", &lesson) == -1 ||
	    input_pk_or_reply(r, in, "student", &student) == -1 ||
	    input_str_or_reply(r, in, "status", &status) == -1 ||
	    input_str_or_reply(r, in, "notes", &notes) == -1)
		return 0;
	if (cur == NULL || full) {
		err.kind = LESSON_ERR_FIELDS;
		err.n = 0;
		if (lesson == 0) {
			err.e[err.n].field = "lesson";
			err.e[err.n++].msg = "This field is required.";
		}
		if (student == 0) {
			err.e[err.n].field = "student";
			err.e[err.n++].msg = "This field is required.";
		}
		if (err.n > 0)
			return api_lesson_errs(r, &err);
	}
	if (cur != NULL) {
		lesson = lesson ? lesson : cur->lesson_id;
		student = student ? student : cur->student_id;
		status = status ? status : cur->status;
		notes = notes ? notes : cur->notes;
	}
	rc = attendance_save(r->arena, r->user->id, cur ? cur->id : 0, lesson,
	    student, status ? status : "absent", notes ? notes : "", &id, &err);
	if (rc == ACCOUNT_INVALID)
		return api_lesson_errs(r, &err);
	if (rc == ACCOUNT_NOT_FOUND)
		return resp_error(r, 404, "Not found.");
	if (rc != 0)
		return api_db_error(r);
	return reply_att(r, cur ? 200 : 201, id);
}

int
api_attendance_create(struct req *r)
{
	return att_save(r, NULL, 1);
}

int
api_attendance_get(struct req *r)
{
	struct attendance	 x;

	if (att_load_or_reply(r, &x, 0) == -1)
		return 0;
	return resp_json(r, 200, view_attendance(r->arena, &x));
}

int
api_attendance_update(struct req *r)
{
	struct attendance	 x;

	if (att_load_or_reply(r, &x, 1) == -1)
		return 0;
	return att_save(r, &x, strcmp(r->method, "PUT") == 0);
}

int
api_attendance_delete(struct req *r)
{
	struct attendance	 x;

	if (att_load_or_reply(r, &x, 1) == -1)
		return 0;
	if (attendance_delete(r->arena, x.id, x.lesson_id) != 0)
		return api_db_error(r);
	resp_json(r, 204, NULL);
	return 0;
}
