/* The original's admin API (/accounts/api/admin/...): users, status-bar
 * messages, system settings; and the list of users one may message.
 * Errors carry "error" as the original's (route flag R_ERRKEY). */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/input.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db_chat.h"
#include "db/db_site.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/site.h"

static int
reply_users(struct req *r, struct user *u, size_t n, int peers)
{
	struct json_object	*arr, *o;
	size_t			 i;

	if ((arr = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", u[i].id);
		json_add_str(o, "email", u[i].email);
		json_add_str(o, "first_name", u[i].first_name);
		json_add_str(o, "last_name", u[i].last_name);
		if (peers)
			json_add_str(o, "role", u[i].role);
		else {
			json_add_str(o, "middle_name", u[i].middle_name);
			json_add_str(o, "created_at", dt_iso(r->arena, u[i].created_at));
			json_add_str(o, "last_login", dt_iso(r->arena, u[i].last_login));
		}
		json_object_array_add(arr, o);
	}
	return resp_json(r, 200, arr);
}

static int
create(struct req *r, const char *role)
{
	struct json_object	*in;
	struct account_new	 n = { .role = role };
	struct field_err	 err;
	struct actor		 who = auth_actor(r);
	struct user		 u;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "email", &n.email) == -1 ||
	    input_str_or_reply(r, in, "password", &n.password) == -1 ||
	    input_str_or_reply(r, in, "first_name", &n.first_name) == -1 ||
	    input_str_or_reply(r, in, "last_name", &n.last_name) == -1 ||
	    input_str_or_reply(r, in, "middle_name", &n.middle_name) == -1 ||
	    input_str_or_reply(r, in, "phone_number", &n.phone) == -1)
		return 0;
	if (n.email == NULL || n.email[0] == '\0' || n.password == NULL ||
	    n.password[0] == '\0')
		return resp_error(r, 400, "Email и пароль обязательны.");
	if (n.first_name == NULL || n.first_name[0] == '\0' ||
	    n.last_name == NULL || n.last_name[0] == '\0')
		return resp_error(r, 400, "Имя и фамилия обязательны.");
	if (n.middle_name == NULL)
		n.middle_name = "";
	switch (account_admin_create(r->arena, &who, &n, &u, &err)) {
	case 0:
		return resp_json(r, 201, view_user_profile(r->arena, &u));
	case ACCOUNT_INVALID:
		return resp_error(r, 400, err.msg);
	default:
		return api_db_error(r);
	}
}

int
api_admin_create_teacher(struct req *r)
{
	return create(r, "teacher");
}

int
api_admin_create_student(struct req *r)
{
	return create(r, "student");
}

static int
delete_user(struct req *r, const char *role)
{
	struct actor		 who = auth_actor(r);
	struct json_object	*o;
	const char		*msg = NULL;

	switch (account_admin_delete(r->arena, &who, r->ids[0], role, &msg)) {
	case 0:
		o = json_new_object(r->arena);
		json_add_str(o, "message", strcmp(role, "teacher") == 0 ?
		    "Преподаватель удалён." : "Ученик удалён.");
		return resp_json(r, 200, o);
	case ACCOUNT_NOT_FOUND:
		return resp_error(r, 404, strcmp(role, "teacher") == 0 ?
		    "Преподаватель не найден." : "Ученик не найден.");
	case ACCOUNT_INVALID:
		return resp_error(r, 400, msg);
	default:
		return api_db_error(r);
	}
}

int
api_admin_teacher_delete(struct req *r)
{
	return delete_user(r, "teacher");
}

int
api_admin_student_delete(struct req *r)
{
	return delete_user(r, "student");
}

int
api_admin_students(struct req *r)
{
	struct user	*u;
	size_t		 n;

	if (db_user_by_role(r->arena, "student", &u, &n) == -1)
		return api_db_error(r);
	return reply_users(r, u, n, 0);
}

int
api_admin_student_update(struct req *r)
{
	static const char *const keys[] = { "first_name", "last_name",
	    "middle_name" };
	struct json_object	*in, *o;
	const char		*v[3];
	struct user		 u;
	size_t			 i;
	int			 rc;

	if ((rc = db_user_by_id(r->arena, r->ids[0], &u)) == -1)
		return api_db_error(r);
	if (rc == 0 || strcmp(u.role, "student") != 0)
		return resp_error(r, 404, "Ученик не найден.");
	if ((in = input_body_or_reply(r)) == NULL)
		return 0;
	v[0] = u.first_name, v[1] = u.last_name, v[2] = u.middle_name;
	for (i = 0; i < 3; i++) {
		const char	*s;

		if ((rc = input_str_or_reply(r, in, keys[i], &s)) == -1)
			return 0;
		if (rc == 0)
			continue;
		if (!account_name_ok(s))
			return input_field_error(r, keys[i],
			    "Не длиннее 150 символов.");
		v[i] = s;
	}
	if (db_user_set_names(r->arena, u.id, v[0], v[1], v[2]) == -1)
		return api_db_error(r);
	o = json_new_object(r->arena);
	json_add_int(o, "id", u.id);
	json_add_str(o, "email", u.email);
	for (i = 0; i < 3; i++)
		json_add_str(o, keys[i], v[i]);
	return resp_json(r, 200, o);
}

/* GET /accounts/api/users/ (and /api/users/): an admin, everyone; anyone
 * else, the people they may message (PHASE2-3 §3.4), emails only for
 * teachers. */
int
api_users(struct req *r)
{
	struct json_object	*arr, *o;
	struct user		*u;
	const char		**handle;
	size_t			 i, n;
	int64_t			 total;

	if (r->user->role == R_ADMIN) {
		if (db_user_search(r->arena, "", 5000, 0, &u, &n, &total) == -1)
			return api_db_error(r);
		return reply_users(r, u, n, 1);
	}
	if (db_chat_reach_search(r->arena, r->user->id, r->user->role_name,
	    r->cfg->chat_student_dm != 0, "", 5000, &u, &handle, &n) == -1 ||
	    (arr = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", u[i].id);
		if (r->user->role == R_TEACHER)
			json_add_str(o, "email", u[i].email);
		json_add_str(o, "first_name", u[i].first_name);
		json_add_str(o, "last_name", u[i].last_name);
		json_add_str(o, "role", u[i].role);
		json_object_array_add(arr, o);
	}
	return resp_json(r, 200, arr);
}

int
api_status_list(struct req *r)
{
	struct json_object	*arr, *o;
	struct status_msg	*m;
	size_t			 i, n;

	if (db_status_list(r->arena, site_status_audience(r->user->role_name),
	    &m, &n) == -1 || (arr = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", m[i].id);
		json_add_str(o, "message", m[i].message);
		json_add_str(o, "target", m[i].target);
		json_add_bool(o, "is_active", m[i].is_active);
		json_add_str(o, "created_at", dt_iso(r->arena, m[i].created_at));
		if (m[i].created_by != NULL)
			json_add_str(o, "created_by", m[i].created_by);
		else
			json_add_null(o, "created_by");
		json_object_array_add(arr, o);
	}
	return resp_json(r, 200, arr);
}

int
api_status_create(struct req *r)
{
	struct json_object	*in, *o;
	struct actor		 who = auth_actor(r);
	const char		*text, *target, *msg;
	int64_t			 id;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "message", &text) == -1 ||
	    input_str_or_reply(r, in, "target", &target) == -1)
		return 0;
	switch (site_status_post(r->arena, &who, text, target, &id, &msg)) {
	case 0:
		break;
	case ACCOUNT_INVALID:
		return resp_error(r, 400, msg);
	default:
		return api_db_error(r);
	}
	o = json_new_object(r->arena);
	json_add_int(o, "id", id);
	json_add_str(o, "message", str_trim_dup(r->arena, text));
	json_add_str(o, "target", target ? target : "all");
	json_add_bool(o, "is_active", 1);
	json_add_str(o, "created_at", dt_iso(r->arena, dt_now_db(r->arena)));
	return resp_json(r, 201, o);
}

int
api_status_delete(struct req *r)
{
	struct json_object	*o;

	switch (db_status_delete(r->arena, r->ids[0])) {
	case 1:
		o = json_new_object(r->arena);
		json_add_str(o, "message", "Сообщение удалено.");
		return resp_json(r, 200, o);
	case 0:
		return resp_error(r, 404, "Сообщение не найдено.");
	default:
		return api_db_error(r);
	}
}

int
api_admin_stats(struct req *r)
{
	static const char *const keys[SITE_PERIODS] = { "day", "week", "month",
	    "half_year" };
	static const char *const labels[SITE_PERIODS] = { "За сутки",
	    "За неделю", "За месяц", "За полгода" };
	struct json_object	*o, *arr, *p;
	struct site_stats	 st;
	int64_t			 now = (int64_t)time(NULL), d0, d1, sec;
	size_t			 i;

	if (db_site_stats(r->arena, &st) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_int(o, "total_users", st.users);
	json_add_int(o, "teachers", st.teachers);
	json_add_int(o, "students", st.students);
	json_add_int(o, "teachers_online", st.teachers_online);
	json_add_int(o, "students_online", st.students_online);
	json_add_int(o, "groups", st.groups);
	json_add_int(o, "lessons", st.lessons);
	json_add_int(o, "zoom_accounts", st.zoom_accounts);
	arr = json_object_new_array();
	dt_utc_to_local(now, &d1, &sec);
	for (i = 0; i < SITE_PERIODS; i++) {
		dt_utc_to_local(now - site_period_days[i] * 86400, &d0, &sec);
		p = json_object_new_object();
		json_add_str(p, "key", keys[i]);
		json_add_str(p, "label", labels[i]);
		json_add_str(p, "range_label", arena_printf(r->arena, "%s – %s",
		    dt_date(r->arena, d0), dt_date(r->arena, d1)));
		json_add_int(p, "teachers", st.grown[i].teachers);
		json_add_int(p, "students", st.grown[i].students);
		json_add_int(p, "lessons", st.grown[i].lessons);
		json_add_int(p, "total_users", st.grown[i].teachers +
		    st.grown[i].students);
		json_object_array_add(arr, p);
	}
	json_object_object_add(o, "growth_periods", arr);
	return resp_json(r, 200, o);
}

int
api_settings(struct req *r)
{
	struct site_settings	 s;

	if (db_settings_get(r->arena, &s) == -1)
		return api_db_error(r);
	return resp_json(r, 200, site_settings_json(r->arena, &s));
}

int
api_settings_update(struct req *r)
{
	struct json_object	*in;
	struct site_settings	 s;
	struct field_err	 err;
	struct actor		 who = auth_actor(r);

	if ((in = input_body_or_reply(r)) == NULL)
		return 0;
	switch (site_settings_update(r->arena, &who, in, &s, &err)) {
	case 0:
		return resp_json(r, 200, site_settings_json(r->arena, &s));
	case ACCOUNT_INVALID:
		return input_field_error(r, err.field, err.msg);
	default:
		return api_db_error(r);
	}
}
