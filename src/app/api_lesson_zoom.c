/* Starting and ending lessons' Zoom meetings: POST .../lessons/{id}/start/
 * (the teacher's own app), .../start-new/ (the pool), .../end/, and
 * .../lessons/quick-start/. start_url goes to the lesson's teacher only. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/input.h"
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
#include "domain/approval.h"
#include "domain/audit.h"
#include "domain/group.h"
#include "domain/lesson.h"
#include "domain/pool.h"

#define QUICK_MIN	15
#define QUICK_MAX	180
#define QUICK_DEFAULT	60

static struct actor
actor_of(const struct req *r)
{
	struct actor	 who = { r->user->id, r->remote_addr, r->user_agent };

	return who;
}

/* The path's lesson if it is the caller's (others' are not found). */
static int
own_lesson_or_reply(struct req *r, struct lesson *l)
{
	int	 rc;

	if ((rc = db_lesson_get(r->arena, r->ids[0], l)) == -1)
		return api_db_error(r), -1;
	if (rc == 0 || l->teacher_id != r->user->id)
		return resp_error(r, 404, "Not found."), -1;
	return 0;
}

/* The answer for a failed start or end: 429 with Retry-After, else the
 * status and message the pool gave. */
int
api_pool_failure(struct req *r, const struct pool_result *res)
{
	char	 secs[24];

	if (res->status == 429)
		return api_throttled(r, res->retry_after);
	resp_error(r, res->status ? res->status : 500,
	    res->msg ? res->msg : "Internal server error");
	if (res->retry_after > 0) {
		snprintf(secs, sizeof(secs), "%lld", (long long)res->retry_after);
		resp_header(r, "Retry-After", secs);
	}
	return 0;
}

static struct json_object *
meeting_json(struct req *r, const struct pool_meeting *m, int with_account)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return NULL;
	json_add_str(o, "zoom_join_url", m->join_url);
	json_add_str(o, "zoom_start_url", m->start_url);
	json_add_str(o, "zoom_meeting_id", m->meeting_id);
	json_add_str(o, "zoom_password", m->password);
	if (with_account)
		json_add_str(o, "account_email", m->account_email);
	return o;
}

/* The original's start (legacy: its answer has no account_email) and
 * start-new: the owner's lesson, started on a pool account. */
static int
start(struct req *r, int legacy)
{
	struct pool_meeting	 m;
	struct pool_result	 res;
	struct lesson		 l;
	struct actor		 who = actor_of(r);
	struct json_object	*o;

	if (own_lesson_or_reply(r, &l) == -1)
		return 0;
	if ((legacy ? pool_start_legacy(r->arena, &who, l.id, &m, &res) :
	    pool_start_lesson(r->arena, &who, l.id, 0, &m, &res)) == -1)
		return api_pool_failure(r, &res);
	if ((o = meeting_json(r, &m, !legacy)) == NULL)
		return api_db_error(r);
	return resp_json(r, 200, o);
}

int
api_lesson_start(struct req *r)
{
	return start(r, 1);
}

int
api_lesson_start_new(struct req *r)
{
	return start(r, 0);
}

int
api_lesson_end(struct req *r)
{
	struct pool_result	 res;
	struct lesson		 l;
	struct actor		 who = actor_of(r);
	struct json_object	*o;
	int			 released;

	if (own_lesson_or_reply(r, &l) == -1)
		return 0;
	if (pool_end_lesson(r->arena, &who, l.id, &released, &res) == -1)
		return api_pool_failure(r, &res);
	if (db_lesson_get(r->arena, l.id, &l) != 1 ||
	    (o = view_lesson(r->arena, &l, VIEW_NOTES | VIEW_START_URL,
	    lesson_now())) == NULL)
		return api_db_error(r);
	json_add_str(o, "detail", released ? "Занятие завершено, Zoom-аккаунт "
	    "освобождён." : "Занятие завершено.");
	json_add_bool(o, "released", released);
	return resp_json(r, 200, o);
}

/* The group of a quick start: the given one if it is the caller's, else
 * the caller's oldest, else a new one. 0 and *g, -1 after an answer. */
static int
quick_group_or_reply(struct req *r, int64_t given, struct group *g)
{
	struct field_err	 err;
	int64_t			 id = given;
	int			 rc;

	if (given != 0) {
		if ((rc = db_group_get(r->arena, given, g)) == -1)
			return api_db_error(r), -1;
		if (rc == 0 || g->teacher_id != r->user->id)
			return resp_error(r, 404, "Группа не найдена. Group not "
			    "found."), -1;
		return 0;
	}
	if ((rc = db_group_oldest(r->arena, r->user->id, &id)) == -1)
		return api_db_error(r), -1;
	if (rc == 0 && group_create(r->arena, r->user->id, arena_printf(r->arena,
	    "Без расписания • %s", r->user->name ? r->user->name : r->user->email),
	    "", NULL, 0, &id, &err) != 0)
		return api_db_error(r), -1;
	if (db_group_get(r->arena, id, g) != 1)
		return api_db_error(r), -1;
	return 0;
}

int
api_lesson_quick_start(struct req *r)
{
	struct json_object	*in, *o, *v;
	struct lesson_input	 x;
	struct lesson_errs	 errs;
	struct pool_meeting	 m;
	struct pool_result	 res;
	struct group		 g;
	struct actor		 who = actor_of(r);
	const char		*title;
	int64_t			 duration = QUICK_DEFAULT, group = 0, now, id,
				 days, sec;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL ||
	    input_str_or_reply(r, in, "title", &title) == -1)
		return 0;
	if (json_object_object_get_ex(in, "duration", &v) && v != NULL) {
		if (!json_object_is_type(v, json_type_int) && (!json_object_is_type(v,
		    json_type_string) || str_to_i64(json_object_get_string(v),
		    strlen(json_object_get_string(v)), INT32_MIN, INT32_MAX,
		    &duration) == -1))
			return input_field_error(r, "duration", "A valid integer "
			    "is required.");
		if (json_object_is_type(v, json_type_int))
			duration = json_object_get_int64(v);
	}
	duration = duration < QUICK_MIN ? QUICK_MIN : duration > QUICK_MAX ?
	    QUICK_MAX : duration;
	if (json_object_object_get_ex(in, "group_id", &v) && v != NULL &&
	    (!json_object_is_type(v, json_type_int) ||
	    (group = json_object_get_int64(v)) < 1))
		return resp_error(r, 404, "Группа не найдена. Group not found.");
	/* Only a teacher who may use the pool makes a lesson to start on it. */
	if ((rc = approval_trusted(r->arena, r->user->id)) != 1)
		return rc == -1 ? api_db_error(r) : api_error2(r, 403,
		    APPROVAL_POOL_MSG);
	/* Every attempt counts, before anything is created. */
	if (pool_count_attempt(r->arena, r->user->id, "start_new", &res) == -1)
		return api_pool_failure(r, &res);
	if (quick_group_or_reply(r, group, &g) == -1)
		return 0;
	now = lesson_now();
	if (title == NULL || *title == '\0') {
		dt_utc_to_local(now / 1000000, &days, &sec);
		title = arena_printf(r->arena, "Экспресс-урок %02lld:%02lld",
		    (long long)(sec / 3600), (long long)(sec / 60 % 60));
	}
	memset(&x, 0, sizeof(x));
	x.title = title;
	x.group = g.id;
	x.start_time = dt_iso(r->arena, dt_db(r->arena, now));
	x.end_time = dt_iso(r->arena, dt_db(r->arena, now + duration * 60 *
	    1000000));
	if ((rc = lesson_create(r->arena, r->user->id, &x, &id, &errs)) ==
	    ACCOUNT_INVALID)
		return api_lesson_errs(r, &errs);
	if (rc != 0)
		return api_db_error(r);
	if (pool_start_lesson(r->arena, &who, id, POOL_COUNTED, &m, &res) == -1) {
		/* A lesson that could not start is not kept. */
		(void)pool_lesson_deleting(r->arena, &who, id);
		(void)db_lesson_delete(r->arena, id);
		return api_pool_failure(r, &res);
	}
	if ((o = meeting_json(r, &m, 1)) == NULL)
		return api_db_error(r);
	json_add_int(o, "lesson_id", id);
	json_add_str(o, "title", title);
	json_add_str(o, "group_name", g.name);
	return resp_json(r, 201, o);
}
