/* The assignment form of a homework: each of the teacher's groups (the
 * whole group, or the members ticked) and each of their students alone,
 * with deadlines on the zone's clock; written as the API's
 * group_assignments_data and individual_assignments_data. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_hw_pages.h"
#include "app/page_hw.h"
#include "app/view_homework.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_group.h"
#include "db/db_homework.h"
#include "domain/account.h"
#include "domain/homework.h"

#define GROUPS_MAX	100	/* groups the assignment form offers */

/* A student brief of a group's students list: {id, name}. */
static struct json_object *
student_entry(struct arena *a, struct json_object *s)
{
	struct json_object	*o = json_object_new_object();

	json_add_int(o, "id", json_object_get_int64(json_object_object_get(s,
	    "id")));
	json_add_str(o, "name", page_hw_brief_name(a, s));
	return o;
}

/* The assignment rows of h ({group_assignments, individual_assignments}
 * of the teacher's view). */
static struct json_object *
row_of_group(struct json_object *v, int64_t gid)
{
	struct json_object	*l = json_object_object_get(v,
	    "group_assignments"), *e;
	size_t			 i;

	for (i = 0; l && i < json_object_array_length(l); i++) {
		e = json_object_array_get_idx(l, i);
		if (json_object_get_int64(json_object_object_get(e, "group_id"))
		    == gid)
			return e;
	}
	return NULL;
}

static struct json_object *
row_of_student(struct json_object *v, int64_t sid)
{
	struct json_object	*l = json_object_object_get(v,
	    "individual_assignments"), *e;
	size_t			 i;

	for (i = 0; l && i < json_object_array_length(l); i++) {
		e = json_object_array_get_idx(l, i);
		if (json_object_get_int64(json_object_object_get(e,
		    "student_id")) == sid)
			return e;
	}
	return NULL;
}

static int
id_listed(struct json_object *l, int64_t id)
{
	size_t	 i;

	for (i = 0; l && i < json_object_array_length(l); i++)
		if (json_object_get_int64(json_object_array_get_idx(l, i)) == id)
			return 1;
	return 0;
}

/* The form field "<prefix><a>" or "<prefix><a>_<b>" (b 0: none). */
static const char *
form_key(struct req *r, const char *prefix, int64_t a, int64_t b)
{
	return req_form_text(r, b ? arena_printf(r->arena, "%s%lld_%lld", prefix,
	    (long long)a, (long long)b) : arena_printf(r->arena, "%s%lld", prefix,
	    (long long)a));
}

/* The form: every group of the teacher's with its members, then each of
 * their students once for an assignment of their own. sent: show the
 * values as posted (after a refusal). */
static int
render_assign(struct req *r, int status, const struct homework *h, int sent,
    const char *error)
{
	struct json_object	*ctx, *v, *groups, *students, *go, *mem, *m, *grow;
	struct json_object	*srow, *st, *seen;
	struct group		*g;
	struct homework		 full;
	const char		*mode;
	int64_t			 sid;
	size_t			 n, i, j;

	if (db_hw_get(r->arena, h->id, &full) != 1 ||
	    db_group_first(r->arena, SCOPE_TEACHER, r->user->id, GROUPS_MAX, &g,
	    &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (v = hw_view_homework(r->arena, &full, NULL, 0)) == NULL)
		return resp_error(r, 500, "Internal server error");
	groups = json_object_new_array();
	students = json_object_new_array();
	seen = json_object_new_array();
	for (i = 0; i < n; i++) {
		grow = row_of_group(v, g[i].id);
		go = json_object_new_object();
		json_add_int(go, "id", g[i].id);
		json_add_str(go, "name", g[i].name);
		mode = sent ? form_key(r, "g_", g[i].id, 0) : grow == NULL ? "" :
		    json_object_get_boolean(json_object_object_get(grow,
		    "all_students")) ? "all" : "some";
		json_add_bool(go, "none", *mode == '\0');
		json_add_bool(go, "all", strcmp(mode, "all") == 0);
		json_add_bool(go, "some", strcmp(mode, "some") == 0);
		json_add_str(go, "deadline", sent ? form_key(r, "gd_", g[i].id,
		    0) : grow ? page_hw_local_input(r->arena,
		    json_object_get_string( json_object_object_get(grow,
		    "deadline"))) : "");
		mem = json_object_new_array();
		st = g[i].students ? json_tokener_parse(g[i].students) : NULL;
		for (j = 0; st && j < json_object_array_length(st); j++) {
			m = student_entry(r->arena,
			    json_object_array_get_idx(st, j));
			sid =
			    json_object_get_int64(json_object_object_get(m,
			    "id"));
			json_add_int(m, "group_id", g[i].id);
			json_add_bool(m, "checked", sent ? *form_key(r, "gs_",
			    g[i].id, sid) != '\0' : grow != NULL && id_listed(
			    json_object_object_get(grow, "student_ids"), sid));
			json_object_array_add(mem, m);
			/* Each student once in the list of single assignments. */
			if (id_listed(seen, sid))
				continue;
			json_object_array_add(seen, json_object_new_int64(sid));
			m = student_entry(r->arena,
			    json_object_array_get_idx(st, j));
			srow = row_of_student(v, sid);
			json_add_bool(m, "checked", sent ? *form_key(r, "s_", sid,
			    0) != '\0' : srow != NULL);
			json_add_str(m, "deadline", sent ? form_key(r, "sd_", sid,
			    0) : srow ? page_hw_local_input(r->arena,
			    json_object_get_string(json_object_object_get(srow,
			    "deadline"))) : "");
			json_object_array_add(students, m);
		}
		json_object_put(st);
		json_add_int(go, "n_members",
		    (int64_t)json_object_array_length(mem));
		json_object_object_add(go, "members", mem);
		json_object_array_add(groups, go);
	}
	json_object_put(seen);
	json_object_object_add(ctx, "groups", groups);
	json_add_int(ctx, "n_groups", (int64_t)n);
	json_object_object_add(ctx, "students", students);
	json_add_int(ctx, "n_students",
	    (int64_t)json_object_array_length(students));
	json_add_int(ctx, "hw_id", h->id);
	json_add_str(ctx, "hw_title", h->title);
	json_add_str(ctx, "hw_deadline", page_hw_when(r->arena, h->deadline));
	json_add_str(ctx, "zone", r->cfg->time_zone);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "homework/assign", ctx, "Назначение задания");
}

int
page_hw_assign(struct req *r)
{
	struct homework	 h;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	return render_assign(r, 200, &h, 0, NULL);
}

int
page_hw_assign_post(struct req *r)
{
	struct json_object	*body, *gl, *sl, *e, *ids;
	struct group		*g;
	struct homework		 h;
	struct hw_err		 err;
	const char		*mode, *deadline, *in;
	int64_t			 sid;
	size_t			 n, i;
	int			 rc;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (db_group_first(r->arena, SCOPE_TEACHER, r->user->id, GROUPS_MAX, &g,
	    &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((body = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	gl = json_object_new_array();
	sl = json_object_new_array();
	json_object_object_add(body, "group_assignments_data", gl);
	json_object_object_add(body, "individual_assignments_data", sl);
	/* Groups: each of the teacher's, by its mode; members by their box. */
	for (i = 0; i < n; i++) {
		mode = form_key(r, "g_", g[i].id, 0);
		if (*mode == '\0')
			continue;
		in = form_key(r, "gd_", g[i].id, 0);
		if (page_hw_local_parse(r->arena, in, &deadline) == -1)
			return render_assign(r, 400, &h, 1,
			    arena_printf(r->arena,
			    "Срок для группы «%s»: укажите дату и время.",
			    g[i].name));
		e = json_object_new_object();
		json_add_int(e, "group_id", g[i].id);
		json_add_str(e, "deadline", deadline);
		ids = NULL;
		if (strcmp(mode, "some") == 0) {
			struct json_object	*st = g[i].students ?
			    json_tokener_parse(g[i].students) : NULL;
			size_t			 j;

			ids = json_object_new_array();
			for (j = 0; st && j < json_object_array_length(st); j++) {
				sid = json_object_get_int64(json_object_object_get(
				    json_object_array_get_idx(st, j), "id"));
				if (*form_key(r, "gs_", g[i].id, sid) != '\0')
					json_object_array_add(ids,
					    json_object_new_int64(sid));
			}
			json_object_put(st);
			if (json_object_array_length(ids) == 0) {
				json_object_put(ids);
				json_object_put(e);
				return render_assign(r, 400, &h, 1,
				    arena_printf(r->arena, "Отметьте учеников "
				    "группы «%s» или назначьте задание всей "
				    "группе.", g[i].name));
			}
		}
		json_object_object_add(e, "student_ids", ids);
		json_object_array_add(gl, e);
	}
	/* Single students: s_<id> boxes; the domain checks they are the
	 * teacher's. */
	(void)req_form(r, "");
	for (i = 0; i < r->form.n; i++) {
		const char	*k = r->form.v[i].key;

		if (strncmp(k, "s_", 2) != 0 ||
		    str_to_i64(k + 2, strlen(k + 2), 1, INT64_MAX, &sid) == -1)
			continue;
		if (page_hw_local_parse(r->arena, form_key(r, "sd_", sid, 0),
		    &deadline) == -1)
			return render_assign(r, 400, &h, 1, "Срок для ученика: "
			    "укажите дату и время.");
		e = json_object_new_object();
		json_add_int(e, "student_id", sid);
		json_add_str(e, "deadline", deadline);
		json_object_array_add(sl, e);
	}
	if ((rc = homework_update(r->arena, &h, body, &err)) == HW_INVALID)
		return render_assign(r, err.status, &h, 1, page_hw_message(r->arena,
		    &err));
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	return page_hw_redirect(r, arena_printf(r->arena, "/homework/%lld/edit",
	    (long long)h.id), "assigned", NULL);
}
