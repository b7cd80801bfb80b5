/* The calendar feed: GET /api/schedule/lessons/calendar_feed/ (and the
 * lesson aliases), the events of the caller's calendar in FullCalendar's
 * shapes (spec c.3), real lessons and virtual weekly occurrences. */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "domain/calendar.h"

#define DAY_US		(86400LL * 1000000)
#define RANGE_DAYS	366
#define FAR_US		(253402214400LL * 1000000)	/* 9999-12-31 */
#define VIRTUAL_COLOR	"#6b7280"

static const char *const palette[] = {
	"#3788d8", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6"
};

/* UTC microseconds as ISO 8601 with Z. */
static const char *
iso(struct arena *a, int64_t us)
{
	return dt_iso(a, dt_db(a, us));
}

static struct json_object *
event(struct arena *a, const struct calendar_event *e)
{
	struct json_object	*o, *x;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	x = json_object_new_object();
	if (e->kind == CAL_REAL) {
		json_add_int(o, "id", e->lesson_id);
		json_add_str(o, "color", palette[e->group_id % 5]);
	} else {
		json_add_str(o, "id", arena_printf(a, "recurring-%lld-%s",
		    (long long)e->recurring_id, dt_date(a, e->date)));
		json_add_str(o, "color", VIRTUAL_COLOR);
	}
	json_add_str(o, "title", arena_printf(a, "%s - %s", e->title,
	    e->group_name));
	json_add_str(o, "start", iso(a, e->start_us));
	json_add_str(o, "end", iso(a, e->end_us));
	json_object_object_add(o, "extendedProps", x);
	json_add_int(x, "groupId", e->group_id);
	json_add_str(x, "groupName", e->group_name);
	json_add_int(x, "teacherId", e->teacher_id);
	json_add_str(x, "teacherName", e->teacher_name);
	json_add_str(x, "location", e->location);
	json_add_str(x, "topics", e->topics);
	json_add_str(x, "status", e->status);
	if (e->kind == CAL_REAL)
		json_add_str(x, "zoomUrl", e->join_url);
	else {
		json_add_bool(x, "recurring", 1);
		json_add_str(x, "weekType", e->week_type);
		json_add_int(x, "recurringId", e->recurring_id);
		json_add_str(x, "date", dt_date(a, e->date));
	}
	return o;
}

/* ?start= and ?end= (lenient as in the lesson list: a date alone is 00:00
 * UTC), at most RANGE_DAYS apart: 1 with both, 0 with either missing (the
 * missing side open: *from the epoch, *to the year 9999), -1 after a 400. */
static int
range_or_reply(struct req *r, int64_t *from, int64_t *to)
{
	int	 rs, re;

	*from = DAY_US;
	*to = FAR_US;
	if ((rs = input_query_time_or_reply(r, "start", from)) == -1 ||
	    (re = input_query_time_or_reply(r, "end", to)) == -1)
		return -1;
	if (*to <= *from)
		return input_field_error(r, "end", "Must be after start."), -1;
	if (rs == 0 || re == 0)
		return 0;
	if (*to - *from > RANGE_DAYS * DAY_US)
		return input_field_error(r, "end", "The range may span at most "
		    "366 days."), -1;
	return 1;
}

int
api_calendar_feed(struct req *r)
{
	struct calendar_event	*ev;
	struct json_object	*a, *o;
	int64_t			 from, to, group, teacher;
	size_t			 n, i;
	int			 both;

	if ((both = range_or_reply(r, &from, &to)) == -1 ||
	    input_query_id_or_reply(r, "group", &group) == -1 ||
	    input_query_id_or_reply(r, "teacher", &teacher) == -1)
		return 0;
	/* Weekly lessons are expanded only within a range (API c.3). */
	if ((both ? calendar_events(r->arena, r->user->role_name, r->user->id,
	    from, to, group, teacher, &ev, &n) : calendar_lessons(r->arena,
	    r->user->role_name, r->user->id, from, to, group, teacher, &ev,
	    &n)) == -1 || (a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	for (i = 0; i < n; i++) {
		if ((o = event(r->arena, &ev[i])) == NULL)
			return api_db_error(r);
		json_object_array_add(a, json_object_get(o));
	}
	return resp_json(r, 200, a);
}
