/* The JSON shapes of the API's objects. */
#include "autoconf.h"

#include <string.h>

#include "app/view.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "db/db_audit.h"
#include "db/db_group.h"
#include "db/db_invite.h"
#include "db/db_lesson.h"
#include "db/db_notification.h"
#include "db/db_pool.h"
#include "db/db_recurring.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/lesson.h"
#include "domain/pool.h"

/* The site's public URL (base_url), set once per worker by view_init. */
static const char *site_url;

void
view_init(const char *base_url)
{
	site_url = base_url;
}

static void
str_or_null(struct json_object *o, const char *key, const char *v)
{
	if (v != NULL)
		json_add_str(o, key, v);
	else
		json_add_null(o, key);
}

struct json_object *
view_user_profile(struct arena *a, const struct user *u)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", u->id);
	json_add_str(o, "email", u->email);
	str_or_null(o, "phone_number", u->phone_number);
	json_add_str(o, "first_name", u->first_name);
	json_add_str(o, "middle_name", u->middle_name);
	json_add_str(o, "last_name", u->last_name);
	json_add_str(o, "role", u->role);
	json_add_str(o, "avatar", u->avatar ? u->avatar : "");
	json_add_bool(o, "agreed_to_marketing", u->agreed_to_marketing);
	str_or_null(o, "date_of_birth", u->date_of_birth);
	str_or_null(o, "created_at", dt_iso(a, u->created_at));
	str_or_null(o, "updated_at", dt_iso(a, u->updated_at));
	return o;
}

static struct json_object *
brief(int64_t id, const char *email, const char *first, const char *last)
{
	struct json_object	*o = json_object_new_object();

	json_add_int(o, "id", id);
	json_add_str(o, "email", email ? email : "");
	json_add_str(o, "first_name", first ? first : "");
	json_add_str(o, "last_name", last ? last : "");
	return o;
}

struct json_object *
view_group(struct arena *a, const struct group *g, int show_code)
{
	struct json_object	*o, *st = NULL;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", g->id);
	json_add_str(o, "name", g->name);
	json_add_str(o, "description", g->description);
	json_object_object_add(o, "teacher", brief(g->teacher_id, g->teacher_email,
	    g->teacher_first, g->teacher_last));
	/* The members came from the database as a JSON array. */
	if (g->students != NULL)
		st = json_parse(a, g->students, strlen(g->students));
	st = st != NULL ? json_object_get(st) : json_object_new_array();
	json_object_object_add(o, "students", st);
	json_add_int(o, "student_count", (int64_t)json_object_array_length(st));
	str_or_null(o, "invite_code", show_code ? g->invite_code : NULL);
	json_add_str(o, "kind", g->kind);
	if (g->subject != NULL && g->subject[0] != '\0')
		json_add_str(o, "subject", g->subject);
	str_or_null(o, "created_at", dt_iso(a, g->created_at));
	str_or_null(o, "updated_at", dt_iso(a, g->updated_at));
	return o;
}

struct json_object *
view_icode(struct arena *a, const struct icode *c)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", c->id);
	json_object_object_add(o, "teacher", brief(c->teacher_id, c->teacher_email,
	    c->teacher_first, c->teacher_last));
	json_add_str(o, "subject", c->subject);
	json_add_str(o, "invite_code", c->code);
	json_add_bool(o, "is_used", c->is_used);
	if (c->used_by != 0) {
		json_add_int(o, "used_by", c->used_by);
		str_or_null(o, "used_by_email", c->used_email);
		json_add_str(o, "used_by_name", account_name_of(a, c->used_last,
		    c->used_first, c->used_middle, c->used_email));
	} else {
		json_add_null(o, "used_by");
		json_add_null(o, "used_by_email");
		json_add_null(o, "used_by_name");
	}
	str_or_null(o, "used_at", dt_iso(a, c->used_at));
	str_or_null(o, "created_at", dt_iso(a, c->created_at));
	json_add_int(o, "max_uses", c->max_uses);
	json_add_int(o, "use_count", c->use_count);
	str_or_null(o, "expires_at", dt_iso(a, c->expires_at));
	json_add_bool(o, "is_expired", c->expired);
	return o;
}

/* The audit log as the API gives it, for the page and /api/audit-log/. */
struct json_object *
view_audit_rows(struct arena *a, const struct audit_row *x, size_t n)
{
	struct json_object	*list, *o, *d;
	size_t			 i;

	if ((list = json_new_array(a)) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_add_int(o, "id", x[i].id);
		if (x[i].user_id)
			json_add_int(o, "user", x[i].user_id);
		else
			json_add_null(o, "user");
		json_add_str(o, "user_email", x[i].user_email ? x[i].user_email : "");
		json_add_str(o, "action", x[i].action);
		json_add_str(o, "resource_type", x[i].resource_type);
		if (x[i].resource_id)
			json_add_int(o, "resource_id", x[i].resource_id);
		else
			json_add_null(o, "resource_id");
		json_add_str(o, "ip_address", x[i].ip ? x[i].ip : "");
		json_add_str(o, "user_agent", x[i].user_agent ? x[i].user_agent : "");
		d = x[i].details ? json_tokener_parse(x[i].details) : NULL;
		json_object_object_add(o, "details", d ? d : json_object_new_object());
		json_add_str(o, "timestamp", dt_iso(a, x[i].timestamp));
		json_object_array_add(list, o);
	}
	return list;
}

/* The fields Lesson and LessonDetail share, in the spec's order; group and
 * teacher are added by the caller first. zoom_start_url is the site's own
 * start link while the meeting may be used (GET /lessons/{id}/start fetches
 * a fresh host link from Zoom): Zoom's own never leaves the server here. */
static void
lesson_fields(struct arena *a, struct json_object *o, const struct lesson *l,
    unsigned flags, int64_t now)
{
	const char	*st = lesson_status(l, now);

	str_or_null(o, "start_time", dt_iso(a, l->start_time));
	str_or_null(o, "end_time", dt_iso(a, l->end_time));
	json_add_int(o, "duration_minutes", l->duration_minutes);
	json_add_str(o, "topics", l->topics ? l->topics : "");
	json_add_str(o, "location", l->location ? l->location : "");
	str_or_null(o, "zoom_meeting_id", l->zoom_meeting_id);
	if ((flags & VIEW_START_URL) && l->zoom_meeting_id != NULL &&
	    site_url != NULL && (strcmp(st, "live") == 0 ||
	    strcmp(st, "scheduled") == 0))
		str_or_null(o, "zoom_start_url", arena_printf(a,
		    "%s/lessons/%lld/start", site_url, (long long)l->id));
	else if (flags & VIEW_START_URL)
		json_add_null(o, "zoom_start_url");
	str_or_null(o, "zoom_join_url", l->zoom_join_url);
	str_or_null(o, "zoom_password", l->zoom_password);
	if (flags & VIEW_NOTES)
		json_add_str(o, "notes", l->notes ? l->notes : "");
	json_add_bool(o, "record_lesson", l->record_lesson);
	json_add_int(o, "recording_available_for_days", l->recording_days);
}

struct json_object *
view_lesson(struct arena *a, const struct lesson *l, unsigned flags,
    int64_t now)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", l->id);
	json_add_str(o, "title", l->title);
	json_add_int(o, "group", l->group_id);
	json_add_str(o, "group_name", l->group_name);
	json_add_int(o, "teacher", l->teacher_id);
	json_add_str(o, "teacher_name", account_name_of(a, l->teacher_last,
	    l->teacher_first, l->teacher_middle, l->teacher_email));
	lesson_fields(a, o, l, flags, now);
	json_add_str(o, "status", lesson_status(l, now));
	str_or_null(o, "created_at", dt_iso(a, l->created_at));
	str_or_null(o, "updated_at", dt_iso(a, l->updated_at));
	return o;
}

struct json_object *
view_attendance(struct arena *a, const struct attendance *x)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", x->id);
	json_add_int(o, "lesson", x->lesson_id);
	json_add_str(o, "lesson_title", x->lesson_title);
	json_add_int(o, "student", x->student_id);
	json_add_str(o, "student_name", account_name_of(a, x->student_last,
	    x->student_first, x->student_middle, x->student_email));
	json_add_str(o, "status", x->status);
	json_add_str(o, "notes", x->notes ? x->notes : "");
	str_or_null(o, "marked_at", dt_iso(a, x->marked_at));
	return o;
}

struct json_object *
view_notification(struct arena *a, const struct notification *x)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", x->id);
	json_add_str(o, "kind", x->kind);
	if (x->lesson_id != 0) {
		json_add_int(o, "lesson", x->lesson_id);
		json_add_str(o, "url", arena_printf(a, "/lessons/%lld",
		    (long long)x->lesson_id));
	} else {
		json_add_null(o, "lesson");
		json_add_null(o, "url");
	}
	json_add_str(o, "title", x->title);
	json_add_str(o, "text", x->text);
	json_add_bool(o, "is_read", x->read_at != NULL);
	str_or_null(o, "read_at", dt_iso(a, x->read_at));
	str_or_null(o, "created_at", dt_iso(a, x->created_at));
	return o;
}

struct json_object *
view_lesson_detail(struct arena *a, const struct lesson *l,
    const struct group *g, int show_code, const struct attendance *att,
    size_t natt, const struct recording *rec, size_t nrec, unsigned flags,
    int64_t now)
{
	struct json_object	*o, *list, *r;
	size_t			 i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", l->id);
	json_add_str(o, "title", l->title);
	json_object_object_add(o, "group", json_object_get(view_group(a, g,
	    show_code)));
	json_object_object_add(o, "teacher", brief(l->teacher_id,
	    l->teacher_email, l->teacher_first, l->teacher_last));
	lesson_fields(a, o, l, flags, now);
	json_add_str(o, "status", lesson_status(l, now));
	list = json_object_new_array();
	for (i = 0; i < natt; i++)
		json_object_array_add(list, json_object_get(view_attendance(a,
		    &att[i])));
	json_object_object_add(o, "attendances", list);
	list = json_object_new_array();
	for (i = 0; i < nrec; i++) {
		r = json_object_new_object();
		json_add_int(r, "id", rec[i].id);
		json_add_str(r, "url", rec[i].url ? rec[i].url : "");
		str_or_null(r, "created_at", dt_iso(a, rec[i].created_at));
		json_object_array_add(list, r);
	}
	json_object_object_add(o, "recordings", list);
	str_or_null(o, "created_at", dt_iso(a, l->created_at));
	str_or_null(o, "updated_at", dt_iso(a, l->updated_at));
	return o;
}

struct json_object *
view_pool_account(struct arena *a, const struct zoom_account *x)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", x->id);
	json_add_str(o, "email", x->email);
	json_add_str(o, "zoom_account_id", x->zoom_account_id);
	json_add_str(o, "zoom_client_id", x->zoom_client_id);
	json_add_bool(o, "has_secret", x->secret_enc[0] != '\0');
	json_add_str(o, "zoom_user_id", x->zoom_user_id);
	json_add_int(o, "max_concurrent_meetings", x->max_concurrent_meetings);
	json_add_int(o, "current_meetings", x->current_meetings);
	json_add_bool(o, "is_active", x->is_active);
	json_add_bool(o, "needs_s2s", x->needs_s2s);
	json_add_int(o, "meetings_today", x->used_today);
	str_or_null(o, "last_used_at", dt_iso(a, x->last_used_at));
	json_add_bool(o, "is_available", pool_account_available(x));
	str_or_null(o, "created_at", dt_iso(a, x->created_at));
	str_or_null(o, "updated_at", dt_iso(a, x->updated_at));
	return o;
}

static const char *const weekday_names[7] = {
	"Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота",
	"Воскресенье"
};

const char *
view_weekday(int64_t day_of_week)
{
	return day_of_week >= 0 && day_of_week < 7 ?
	    weekday_names[day_of_week] : "";
}

const char *
view_week_type(const char *week_type)
{
	if (strcmp(week_type, "UPPER") == 0)
		return "Верхняя неделя";
	if (strcmp(week_type, "LOWER") == 0)
		return "Нижняя неделя";
	return "Каждую неделю";
}

struct json_object *
view_recurring(struct arena *a, const struct recurring *x, int show_code)
{
	struct json_object	*o;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", x->id);
	json_add_str(o, "title", x->title);
	json_object_object_add(o, "teacher", brief(x->teacher_id,
	    x->teacher_email, x->teacher_first, x->teacher_last));
	json_add_str(o, "teacher_name", account_name_of(a, x->teacher_last,
	    x->teacher_first, x->teacher_middle, x->teacher_email));
	json_object_object_add(o, "group", json_object_get(view_group(a, &x->g,
	    show_code)));
	json_add_int(o, "group_id", x->group_id);
	json_add_str(o, "group_name", x->g.name);
	json_add_int(o, "day_of_week", x->day_of_week);
	json_add_str(o, "day_of_week_display", view_weekday(x->day_of_week));
	json_add_str(o, "week_type", x->week_type);
	json_add_str(o, "week_type_display", view_week_type(x->week_type));
	json_add_str(o, "start_time", x->start_time);
	json_add_str(o, "end_time", x->end_time);
	json_add_str(o, "start_date", x->start_date);
	json_add_str(o, "end_date", x->end_date);
	json_add_str(o, "topics", x->topics ? x->topics : "");
	json_add_str(o, "location", x->location ? x->location : "");
	str_or_null(o, "created_at", dt_iso(a, x->created_at));
	str_or_null(o, "updated_at", dt_iso(a, x->updated_at));
	return o;
}
