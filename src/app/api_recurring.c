/* Weekly lessons API: /api/recurring-lessons/ (alias
 * /schedule/api/recurring-lessons/) with generate_lessons, and the [nat1]
 * lesson action delete_recurring. */
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
#include "db/db_recurring.h"
#include "domain/recurring.h"

#define FORBIDDEN	"You do not have permission to perform this action."
#define NO_RIGHTS	"Недостаточно прав: это регулярное занятие другого " \
			"преподавателя."

/* The weekly lesson of the path's {id} if the caller may see it (its
 * teacher, the members of its group, admins), else 404; need_owner: only
 * its teacher (others who see it get 403 msg). -1 after an answer. */
static int
load_or_reply(struct req *r, struct recurring *x, int need_owner,
    const char *msg)
{
	int	 rc, owner;

	if ((rc = db_recurring_get(r->arena, r->ids[0], x)) == -1)
		return api_db_error(r), -1;
	owner = rc == 1 && x->teacher_id == r->user->id &&
	    r->user->role == R_TEACHER;
	if (rc == 1 && r->user->role == R_STUDENT &&
	    (rc = db_group_is_member(r->arena, x->group_id, r->user->id)) == -1)
		return api_db_error(r), -1;
	if (rc == 0 || (r->user->role == R_TEACHER && !owner))
		return resp_error(r, 404, "Not found."), -1;
	if (need_owner && !owner)
		return resp_error(r, 403, msg), -1;
	return 0;
}

static int
show_code(const struct req *r, const struct recurring *x)
{
	return r->user->role == R_ADMIN || x->g.teacher_id == r->user->id;
}

static int
reply_one(struct req *r, int status, int64_t id)
{
	struct recurring	 x;
	int			 rc;

	if ((rc = db_recurring_get(r->arena, id, &x)) != 1)
		return rc == -1 ? api_db_error(r) : resp_error(r, 404, "Not found.");
	return resp_json(r, status, view_recurring(r->arena, &x,
	    show_code(r, &x)));
}

static int
input_or_reply(struct req *r, struct recurring_input *x)
{
	struct json_object	*in;
	int			 rc;

	memset(x, 0, sizeof(*x));
	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "title", &x->title) == -1 ||
	    input_pk_or_reply(r, in, "group_id", &x->group_id) == -1 ||
	    (rc = input_int_or_reply(r, in, "day_of_week", &x->day_of_week)) == -1 ||
	    input_str_or_reply(r, in, "week_type", &x->week_type) == -1 ||
	    input_str_or_reply(r, in, "start_time", &x->start_time) == -1 ||
	    input_str_or_reply(r, in, "end_time", &x->end_time) == -1 ||
	    input_str_or_reply(r, in, "start_date", &x->start_date) == -1 ||
	    input_str_or_reply(r, in, "end_date", &x->end_date) == -1 ||
	    input_str_or_reply(r, in, "topics", &x->topics) == -1 ||
	    input_str_or_reply(r, in, "location", &x->location) == -1)
		return -1;
	x->has_day = rc;
	return 0;
}

/* The weekly lesson list's cursors: by (day_of_week, start_time, id). */
static const char *const rl_args[] = { "group", "teacher", "day_of_week", NULL };
static const struct page_spec rl_list = { .list = "recurring-lessons",
    .key = "isi", .args = rl_args };

static void
rl_key(const struct recurring *x, struct keyset_val k[3])
{
	k[0].s = k[2].s = NULL;
	k[0].i = x->day_of_week;
	k[1].s = x->start_time;
	k[1].i = 0;
	k[2].i = x->id;
}

int
api_recurring_list(struct req *r)
{
	struct recurring_filter	 f;
	struct json_object	*a;
	struct keyset_val	 first[3], last[3];
	struct recurring	*x;
	struct page		 p;
	enum recurring_scope	 scope;
	const char		*v;
	int64_t			 total;
	size_t			 nread, from, n, i;

	memset(&f, 0, sizeof(f));
	f.day_of_week = -1;
	if (paging_keyset_or_reply(r, &rl_list, &p) == -1 ||
	    input_query_id_or_reply(r, "group", &f.group_id) == -1 ||
	    input_query_id_or_reply(r, "teacher", &f.teacher_id) == -1)
		return 0;
	if ((v = req_query(r, "day_of_week")) != NULL && *v != '\0' &&
	    str_to_i64(v, strlen(v), 0, INT32_MAX, &f.day_of_week) == -1)
		return input_field_error(r, "day_of_week", "A valid integer is "
		    "required.");
	scope = r->user->role == R_ADMIN ? RSCOPE_ALL :
	    r->user->role == R_TEACHER ? RSCOPE_TEACHER : RSCOPE_MEMBER;
	if (db_recurring_page(r->arena, scope, r->user->id, &f, &p.ks, &x,
	    &nread) == -1 ||
	    db_recurring_count(r->arena, scope, r->user->id, &f, &total) == -1 ||
	    (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(view_recurring(r->arena,
		    &x[i], show_code(r, &x[i]))));
	if (n > 0) {
		rl_key(&x[from], first);
		rl_key(&x[from + n - 1], last);
	}
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

int
api_recurring_create(struct req *r)
{
	struct recurring_input	 in;
	struct lesson_errs	 err;
	int64_t			 id;
	int			 rc;

	if (input_or_reply(r, &in) == -1)
		return 0;
	rc = recurring_save(r->arena, r->user->id, NULL, &in, 1, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return api_lesson_errs(r, &err);
	if (rc != 0)
		return api_db_error(r);
	return reply_one(r, 201, id);
}

int
api_recurring_get(struct req *r)
{
	struct recurring	 x;

	if (load_or_reply(r, &x, 0, NULL) == -1)
		return 0;
	return resp_json(r, 200, view_recurring(r->arena, &x, show_code(r, &x)));
}

int
api_recurring_update(struct req *r)
{
	struct recurring_input	 in;
	struct lesson_errs	 err;
	struct recurring	 x;
	int64_t			 id;
	int			 rc;

	if (load_or_reply(r, &x, 1, FORBIDDEN) == -1 ||
	    input_or_reply(r, &in) == -1)
		return 0;
	rc = recurring_save(r->arena, r->user->id, &x, &in,
	    strcmp(r->method, "PUT") == 0, &id, &err);
	if (rc == ACCOUNT_INVALID)
		return api_lesson_errs(r, &err);
	if (rc != 0)
		return api_db_error(r);
	return reply_one(r, 200, id);
}

int
api_recurring_delete(struct req *r)
{
	struct recurring	 x;

	if (load_or_reply(r, &x, 1, FORBIDDEN) == -1)
		return 0;
	if (db_recurring_delete(r->arena, x.id) == -1)
		return api_db_error(r);
	resp_json(r, 204, NULL);
	return 0;
}

/* A date field of generate_lessons: 1 and *day, 0 absent, -1 after a
 * 400 {"detail"}. */
static int
gen_date_or_reply(struct req *r, struct json_object *in, const char *key,
    int64_t *day)
{
	const char	*s;
	int		 rc;

	if ((rc = input_str_or_reply(r, in, key, &s)) != 1)
		return rc;
	if (dt_parse_date(s, day) == 0)
		return 1;
	resp_error(r, 400, arena_printf(r->arena, "Неверная дата %s: нужен "
	    "формат YYYY-MM-DD.", key));
	return -1;
}

static struct json_object *
gen_result(struct arena *a, const struct recurring_gen *g, int dry)
{
	struct json_object	*o, *ids, *dates;
	int64_t			 i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_str(o, "status", "ok");
	json_add_bool(o, "dry_run", dry);
	json_add_int(o, "created_count", g->created);
	json_add_int(o, "would_create_count", g->would_create);
	dates = json_object_new_array();
	for (i = 0; i < g->would_create; i++)
		json_object_array_add(dates, json_object_new_string(dt_date(a,
		    g->dates[i])));
	if (dry)
		json_add_null(o, "created_ids");
	else {
		ids = json_object_new_array();
		for (i = 0; i < g->created; i++)
			json_object_array_add(ids, json_object_new_int64(g->ids[i]));
		json_object_object_add(o, "created_ids", ids);
	}
	json_object_object_add(o, "dates", dates);
	json_add_int(o, "skipped_existing", g->skipped_existing);
	json_add_int(o, "skipped_teacher_busy", g->skipped_teacher_busy);
	json_add_int(o, "skipped_outside_pattern", g->skipped_outside_pattern);
	return o;
}

int
api_recurring_generate(struct req *r)
{
	struct json_object	*in;
	struct recurring_gen	 g;
	struct recurring	 x;
	const char		*title;
	int64_t			 from, until, sec;
	int			 dry = 0, rc;

	if (load_or_reply(r, &x, 1, NO_RIGHTS) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    (rc = gen_date_or_reply(r, in, "until_date", &until)) == -1)
		return 0;
	if (rc == 0)
		return resp_error(r, 400, "Укажите until_date (YYYY-MM-DD).");
	if ((rc = gen_date_or_reply(r, in, "start_date", &from)) == -1)
		return 0;
	if (rc == 0)
		dt_utc_to_local(lesson_now() / 1000000, &from, &sec);
	if (from > until)
		return resp_error(r, 400, "start_date не может быть позже "
		    "until_date.");
	if (until - from >= RECURRING_GEN_DAYS)
		return resp_error(r, 400, "За один раз можно создать занятия не "
		    "более чем на 366 дней.");
	if (input_str_or_reply(r, in, "override_title", &title) == -1 ||
	    input_bool_or_reply(r, in, "dry_run", &dry) == -1)
		return 0;
	if (title != NULL && (title = str_trim_dup(r->arena, title)) == NULL)
		return api_db_error(r);
	if (title != NULL && *title == '\0')
		title = NULL;
	if (title != NULL && !str_utf8_max(title, 200))
		return resp_error(r, 400, "override_title: не более 200 символов.");
	if (recurring_generate(r->arena, &x, from, until, title, dry, &g) != 0)
		return api_db_error(r);
	return resp_json(r, 200, gen_result(r->arena, &g, dry));
}

int
api_lessons_delete_recurring(struct req *r)
{
	struct json_object	*in, *o;
	struct actor		 who = auth_actor(r);
	const char		*title;
	int64_t			 group, count;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "title", &title) == -1 ||
	    input_pk_or_reply(r, in, "group_id", &group) == -1)
		return 0;
	if (title == NULL || *title == '\0' || group == 0)
		return resp_error(r, 400, "Укажите title и group_id.");
	if (recurring_delete_titled(r->arena, &who, r->user->id, group, title,
	    &count) != 0)
		return api_db_error(r);
	if (count == 0)
		return resp_error(r, 404, "Занятия с таким названием в этой "
		    "группе не найдены.");
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "status", "deleted");
	json_add_int(o, "count", count);
	json_add_str(o, "message", arena_printf(r->arena, "Удалено занятий: "
	    "%lld.", (long long)count));
	return resp_json(r, 200, o);
}
