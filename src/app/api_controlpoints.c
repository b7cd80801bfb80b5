/* Control points API (PHASE2-3.md section 2.3, API.md h.3):
 * /api/control-points/ with /{id}/results/, and /api/control-point-results/.
 * The owner teacher writes; students read their groups' control points and
 * only their own results; admins read everything. */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/app_analytics.h"
#include "app/input.h"
#include "app/paging.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "db/db.h"
#include "db/db_analytics.h"
#include "db/db_controlpoint.h"
#include "db/db_group.h"
#include "domain/account.h"
#include "domain/analytics.h"
#include "domain/controlpoint.h"

#define RESULTS_MAX	1000

struct json_object *
an_view_cp(struct arena *a, const struct controlpoint *c)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", c->id);
	json_add_str(o, "title", c->title);
	json_add_int(o, "teacher", c->teacher_id);
	json_add_int(o, "group", c->group_id);
	json_add_str(o, "group_name", c->group_name);
	if (c->lesson_id > 0)
		json_add_int(o, "lesson", c->lesson_id);
	else
		json_add_null(o, "lesson");
	json_add_int(o, "max_points", c->max_points);
	json_add_str(o, "date", c->date);
	json_add_str(o, "created_at", dt_iso(a, c->created_at));
	json_add_int(o, "results_count", c->results);
	return o;
}

static void
add_tenths(struct json_object *o, const char *key, int64_t t)
{
	if (t == ANALYTICS_NULL)
		json_add_null(o, key);
	else
		json_add_double(o, key, analytics_tenths(t));
}

struct json_object *
an_view_cp_results(struct req *r, const struct controlpoint *c,
    const struct an_member *m, size_t n)
{
	struct json_object	*o, *list, *row;
	struct cp_result	*x;
	size_t			 nx, i, k;
	int64_t			 only = r->user->role == R_STUDENT ? r->user->id : 0;

	if (db_cpr_of_point(r->arena, c->id, only, &x, &nx) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return NULL;
	json_object_object_add(o, "control_point",
	    json_object_get(an_view_cp(r->arena, c)));
	list = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (only != 0 && m[i].id != only)
			continue;
		for (k = 0; k < nx && x[k].student_id != m[i].id; k++)
			;
		row = json_object_new_object();
		json_add_int(row, "student_id", m[i].id);
		json_add_str(row, "student_name", m[i].name);
		if (k < nx) {
			json_add_int(row, "points", x[k].points);
			add_tenths(row, "percent", analytics_ratio(x[k].points,
			    c->max_points));
		} else {
			json_add_null(row, "points");
			json_add_null(row, "percent");
		}
		json_object_array_add(list, row);
	}
	json_object_object_add(o, "results", list);
	return o;
}

/* The control point of the path's {id} as the caller may see it: its
 * teacher, the students of its group, admins; else 404. -1 after an
 * answer. */
static int
cp_load_or_reply(struct req *r, struct controlpoint *c)
{
	int	 rc;

	if ((rc = db_cp_get(r->arena, r->ids[0], 0, c)) == 1) {
		if (r->user->role == R_TEACHER)
			rc = c->teacher_id == r->user->id;
		else if (r->user->role == R_STUDENT)
			rc = db_group_is_member(r->arena, c->group_id, r->user->id);
	}
	if (rc == -1)
		return api_db_error(r), -1;
	if (rc == 0)
		return resp_error(r, 404, "Not found."), -1;
	return 0;
}

static int
cp_input_or_reply(struct req *r, struct cp_input *x)
{
	struct json_object	*in, *v;
	int			 rc;

	memset(x, 0, sizeof(*x));
	/* teacher is read-only: the caller, whatever the body says. */
	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "title", &x->title) == -1 ||
	    input_str_or_reply(r, in, "date", &x->date) == -1 ||
	    (rc = input_pk_or_reply(r, in, "group", &x->group)) == -1)
		return -1;
	x->has_group = rc;
	if (json_object_object_get_ex(in, "lesson", &v)) {
		x->has_lesson = 1;
		if (v != NULL && (json_object_is_type(v, json_type_string) &&
		    json_object_get_string_len(v) == 0))
			v = NULL;	/* a form's empty select */
		if (v != NULL && input_pk_or_reply(r, in, "lesson", &x->lesson) == -1)
			return -1;
	}
	if ((rc = input_int_or_reply(r, in, "max_points", &x->max_points)) == -1)
		return -1;
	x->has_max = rc;
	return 0;
}

static int
reply_cp(struct req *r, int status, int64_t id)
{
	struct controlpoint	 c;
	int			 rc;

	if ((rc = db_cp_get(r->arena, id, 0, &c)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, an_view_cp(r->arena, &c));
}

/* Newest first by (date, id). */
static const char *const cp_args[] = { "group", "group_id", NULL };
static const struct page_spec cp_list = { "controlpoint", "si", cp_args, 0 };

int
api_cp_list(struct req *r)
{
	struct json_object	*a;
	struct keyset_val	 first[2], last[2];
	struct controlpoint	*c;
	struct page		 p;
	enum cp_scope		 scope;
	int64_t			 group, total;
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &cp_list, &p) == -1 ||
	    input_query_id_or_reply(r, "group", &group) == -1)
		return 0;
	if (group == 0 && input_query_id_or_reply(r, "group_id", &group) == -1)
		return 0;
	scope = r->user->role == R_ADMIN ? CP_ALL :
	    r->user->role == R_TEACHER ? CP_TEACHER : CP_MEMBER;
	if (db_cp_page(r->arena, scope, r->user->id, group, &p.ks, &c,
	    &nread) == -1 || db_cp_count(r->arena, scope, r->user->id, group,
	    &total) == -1 || (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(an_view_cp(r->arena, &c[i])));
	if (n > 0) {
		first[0].s = c[from].date;
		first[1].s = NULL;
		first[1].i = c[from].id;
		last[0].s = c[from + n - 1].date;
		last[1].s = NULL;
		last[1].i = c[from + n - 1].id;
	}
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

int
api_cp_create(struct req *r)
{
	struct lesson_errs	 err;
	struct cp_input		 x;
	int64_t			 id;
	int			 rc;

	if (cp_input_or_reply(r, &x) == -1)
		return 0;
	if ((rc = cp_save(r->arena, r->user->id, NULL, &x, 1, &id, &err)) ==
	    ACCOUNT_INVALID)
		return an_errs(r, &err);
	if (rc != 0)
		return api_db_error(r);
	return reply_cp(r, 201, id);
}

int
api_cp_get(struct req *r)
{
	struct controlpoint	 c;

	if (cp_load_or_reply(r, &c) == -1)
		return 0;
	return resp_json(r, 200, an_view_cp(r->arena, &c));
}

int
api_cp_update(struct req *r)
{
	struct lesson_errs	 err;
	struct controlpoint	 c;
	struct cp_input		 x;
	int64_t			 id;
	int			 rc;

	if (cp_load_or_reply(r, &c) == -1 || cp_input_or_reply(r, &x) == -1)
		return 0;
	if ((rc = cp_save(r->arena, r->user->id, &c, &x, strcmp(r->method,
	    "PUT") == 0, &id, &err)) == ACCOUNT_INVALID)
		return an_errs(r, &err);
	if (rc != 0)
		return api_db_error(r);
	return reply_cp(r, 200, c.id);
}

int
api_cp_delete(struct req *r)
{
	struct controlpoint	 c;

	if (cp_load_or_reply(r, &c) == -1)
		return 0;
	if (db_cp_delete(r->arena, c.id) == -1)
		return api_db_error(r);
	return resp_json(r, 204, NULL);
}

static int
reply_results(struct req *r, const struct controlpoint *c)
{
	struct an_member	*m;
	struct an_group		 g;
	struct json_object	*o;
	size_t			 n;

	if (db_an_group(r->arena, c->group_id, &g, &m, &n) != 1)
		return api_db_error(r);
	for (size_t i = 0; i < n; i++)
		m[i].name = account_name_of(r->arena, m[i].last, m[i].first,
		    m[i].middle, m[i].email);
	if ((o = an_view_cp_results(r, c, m, n)) == NULL)
		return api_db_error(r);
	return resp_json(r, 200, o);
}

int
api_cp_results(struct req *r)
{
	struct controlpoint	 c;

	if (cp_load_or_reply(r, &c) == -1)
		return 0;
	return reply_results(r, &c);
}

/* {"results": [{"student_id", "points" | null}]}: every entry checked
 * before any is written. */
int
api_cp_results_put(struct req *r)
{
	struct json_object	*in, *list, *e, *v;
	struct lesson_errs	 err;
	struct controlpoint	 c;
	struct cp_mark		*m;
	size_t			 len, i;
	int			 rc;

	if (cp_load_or_reply(r, &c) == -1 || (in = input_body_or_reply(r)) == NULL)
		return 0;
	if (!json_object_object_get_ex(in, "results", &list) || list == NULL ||
	    !json_object_is_type(list, json_type_array) ||
	    (len = json_object_array_length(list)) > RESULTS_MAX)
		return input_field_error(r, "results", "Expected a list of at most "
		    "1000 results.");
	if ((m = arena_zalloc(r->arena, (len + 1) * sizeof(*m))) == NULL)
		return api_db_error(r);
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(list, i);
		if (!json_object_is_type(e, json_type_object) ||
		    !json_object_object_get_ex(e, "student_id", &v) ||
		    !json_object_is_type(v, json_type_int) ||
		    (m[i].student_id = json_object_get_int64(v)) < 1)
			return input_field_error(r, "results", arena_printf(
			    r->arena, "Entry %zu: student_id must be a positive "
			    "integer.", i + 1));
		if (!json_object_object_get_ex(e, "points", &v) || v == NULL)
			m[i].points = -1;
		else if (!json_object_is_type(v, json_type_int) ||
		    json_object_get_int64(v) < 0 || json_object_get_int64(v) > INT32_MAX)
			return input_field_error(r, "results", arena_printf(
			    r->arena, "Entry %zu: points must be a whole number "
			    "from 0 to %lld, or null.", i + 1,
			    (long long)c.max_points));
		else
			m[i].points = json_object_get_int64(v);
	}
	rc = cp_results_put(r->arena, c.id, m, len, &err);
	if (rc == ACCOUNT_INVALID)
		return an_errs(r, &err);
	if (rc == ACCOUNT_NOT_FOUND)
		return resp_error(r, 404, "Not found.");
	if (rc != 0)
		return api_db_error(r);
	return reply_results(r, &c);
}

/* -- /api/control-point-results/ ------------------------------------------ */

static struct json_object *
view_result(struct arena *a, const struct cp_result *x)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", x->id);
	json_add_int(o, "control_point", x->control_point_id);
	json_add_int(o, "student", x->student_id);
	json_add_str(o, "student_name", account_name_of(a, x->last, x->first,
	    x->middle, x->email));
	json_add_int(o, "points", x->points);
	json_add_str(o, "created_at", dt_iso(a, x->created_at));
	return o;
}

/* The result of the path's {id} as the caller may see it (its student,
 * its control point's teacher, admins), else 404. */
static int
cpr_load_or_reply(struct req *r, struct cp_result *x)
{
	int	 rc;

	if ((rc = db_cpr_get(r->arena, r->ids[0], x)) == -1)
		return api_db_error(r), -1;
	if (rc == 1 && ((r->user->role == R_TEACHER &&
	    x->teacher_id != r->user->id) || (r->user->role == R_STUDENT &&
	    x->student_id != r->user->id)))
		rc = 0;
	if (rc == 0)
		return resp_error(r, 404, "Not found."), -1;
	return 0;
}

static int
reply_result(struct req *r, int status, int64_t id)
{
	struct cp_result	 x;
	int			 rc;

	if ((rc = db_cpr_get(r->arena, id, &x)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, view_result(r->arena, &x));
}

/* Newest first by id. */
static const char *const cpr_args[] = { "control_point", "student", NULL };
static const struct page_spec cpr_list = { "cp_result", "i", cpr_args, 0 };

int
api_cpr_list(struct req *r)
{
	struct json_object	*a;
	struct keyset_val	 first, last;
	struct cp_result	*x;
	struct page		 p;
	enum cpr_scope		 scope;
	int64_t			 cp, student, total;
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &cpr_list, &p) == -1 ||
	    input_query_id_or_reply(r, "control_point", &cp) == -1 ||
	    input_query_id_or_reply(r, "student", &student) == -1)
		return 0;
	scope = r->user->role == R_ADMIN ? CPR_ALL :
	    r->user->role == R_TEACHER ? CPR_TEACHER : CPR_STUDENT;
	if (db_cpr_page(r->arena, scope, r->user->id, cp, student, &p.ks, &x,
	    &nread) == -1 || db_cpr_count(r->arena, scope, r->user->id, cp,
	    student, &total) == -1 || (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(view_result(r->arena, &x[i])));
	memset(&first, 0, sizeof(first));
	memset(&last, 0, sizeof(last));
	if (n > 0) {
		first.i = x[from].id;
		last.i = x[from + n - 1].id;
	}
	return paging_keyset_reply(r, &p, total, a, nread, &first, &last);
}

/* Create (cur NULL) or change a result from the body. */
static int
cpr_save(struct req *r, const struct cp_result *cur, int full)
{
	struct json_object	*in;
	struct lesson_errs	 err;
	int64_t			 cp, student, points = -1, id;
	int			 rc, has_points;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_pk_or_reply(r, in, "control_point", &cp) == -1 ||
	    input_pk_or_reply(r, in, "student", &student) == -1 ||
	    (has_points = input_int_or_reply(r, in, "points", &points)) == -1)
		return 0;
	err.kind = LESSON_ERR_FIELDS;
	err.n = 0;
	if (cur == NULL || full) {
		if (cp == 0)
			lesson_err_add(&err, "control_point", "This field is required.");
		if (student == 0)
			lesson_err_add(&err, "student", "This field is required.");
		if (!has_points)
			lesson_err_add(&err, "points", "This field is required.");
		if (err.n > 0)
			return an_errs(r, &err);
	}
	if (cur != NULL) {
		cp = cp ? cp : cur->control_point_id;
		student = student ? student : cur->student_id;
		points = has_points ? points : cur->points;
	}
	rc = cp_result_save(r->arena, r->user->id, cur ? cur->id : 0, cp,
	    student, points, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return an_errs(r, &err);
	if (rc == ACCOUNT_NOT_FOUND)
		return resp_error(r, 404, "Not found.");
	if (rc != 0)
		return api_db_error(r);
	return reply_result(r, cur ? 200 : 201, id);
}

int
api_cpr_create(struct req *r)
{
	return cpr_save(r, NULL, 1);
}

int
api_cpr_get(struct req *r)
{
	struct cp_result	 x;

	if (cpr_load_or_reply(r, &x) == -1)
		return 0;
	return resp_json(r, 200, view_result(r->arena, &x));
}

int
api_cpr_update(struct req *r)
{
	struct cp_result	 x;

	if (cpr_load_or_reply(r, &x) == -1)
		return 0;
	return cpr_save(r, &x, strcmp(r->method, "PUT") == 0);
}

int
api_cpr_delete(struct req *r)
{
	struct cp_result	 x;

	if (cpr_load_or_reply(r, &x) == -1)
		return 0;
	if (cp_result_delete(r->arena, x.id, x.control_point_id) != 0)
		return api_db_error(r);
	return resp_json(r, 204, NULL);
}
