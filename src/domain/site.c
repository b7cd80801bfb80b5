/* Status-bar messages and the system settings. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/str.h"
#include "db/db.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/site.h"

#define MESSAGE_MAX	2000	/* characters */

const char *
site_status_audience(const char *role)
{
	if (strcmp(role, "admin") == 0)
		return NULL;
	return strcmp(role, "teacher") == 0 ? "teachers" : "students";
}

int
site_status_post(struct arena *a, const struct actor *who, const char *message,
    const char *target, int64_t *id, const char **msg)
{
	const char	*m;
	long		 n;

	if (target == NULL)
		target = "all";
	if (message == NULL || (m = str_trim_dup(a, message)) == NULL ||
	    m[0] == '\0') {
		*msg = "Сообщение не может быть пустым.";
		return ACCOUNT_INVALID;
	}
	if ((n = str_utf8_chars(m)) < 0 || n > MESSAGE_MAX) {
		*msg = "Сообщение: не длиннее 2000 символов.";
		return ACCOUNT_INVALID;
	}
	if (strcmp(target, "teachers") != 0 && strcmp(target, "students") != 0 &&
	    strcmp(target, "all") != 0) {
		*msg = "Неверная аудитория: teachers, students или all.";
		return ACCOUNT_INVALID;
	}
	if (db_status_insert(a, m, target, who->id, id) == -1)
		return ACCOUNT_DB;
	return 0;
}

enum kind { STR, BOOL, INT };

/* Each setting's rule, in the order of SITE_SETTINGS. */
struct rule {
	const char	*name;
	enum kind	 kind;
	/* STR: the value as stored, or NULL if it is wrong; NULL: any. */
	const char	*(*norm)(struct arena *, const char *);
	size_t		 max;			/* STR: characters */
	int64_t		 lo, hi;		/* INT */
	const char	*msg;
};

static const char *
email(struct arena *a, const char *s)
{
	const char	*msg;

	return account_email(a, s, &msg);
}

static const char *
url(struct arena *a, const char *s)
{
	(void)a;
	return s[0] == '\0' || strncmp(s, "https://", 8) == 0 ||
	    strncmp(s, "http://", 7) == 0 ? s : NULL;
}

static const char *
color(struct arena *a, const char *s)
{
	size_t	 i;

	(void)a;
	if (strlen(s) != 7 || s[0] != '#')
		return NULL;
	for (i = 1; i < 7; i++)
		if (strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			return NULL;
	return s;
}

#define NUM(n, lo, hi)	{ #n, INT, NULL, 0, lo, hi, \
			  "Целое число от " #lo " до " #hi "." }
#define FLAG(n)		{ #n, BOOL, NULL, 0, 0, 0, "Must be a valid boolean." }
static const struct rule rules[SITE_NSETTINGS] = {
	{ "email_from", STR, email, 254, 0, 0, "Введите правильный email." },
	FLAG(email_notifications_enabled),
	FLAG(welcome_email_enabled),
	NUM(lesson_reminder_hours, 0, 168),
	NUM(homework_deadline_reminder_hours, 0, 720),
	FLAG(push_notifications_enabled),
	NUM(default_lesson_duration, 15, 480),
	FLAG(auto_recording),
	FLAG(waiting_room_enabled),
	NUM(min_booking_hours, 0, 720),
	NUM(max_booking_days, 1, 366),
	NUM(cancellation_hours, 0, 720),
	{ "platform_name", STR, NULL, 100, 0, 0, "Не длиннее 100 символов." },
	{ "support_email", STR, email, 254, 0, 0, "Введите правильный email." },
	{ "logo_url", STR, url, 200, 0, 0,
	  "Адрес http:// или https:// не длиннее 200 символов." },
	{ "primary_color", STR, color, 7, 0, 0, "Цвет в формате #RRGGBB." },
};

/* The JSON value v as the text the column stores, or NULL if it breaks
 * rule r. */
static const char *
value(struct arena *a, const struct rule *r, struct json_object *v)
{
	const char	*s;
	long		 n;
	int64_t		 i;

	switch (r->kind) {
	case BOOL:
		if (!json_object_is_type(v, json_type_boolean))
			return NULL;
		return json_object_get_boolean(v) ? "1" : "0";
	case INT:
		if (!json_object_is_type(v, json_type_int))
			return NULL;
		i = json_object_get_int64(v);
		if (i < r->lo || i > r->hi)
			return NULL;
		return arena_printf(a, "%lld", (long long)i);
	case STR:
		if (!json_object_is_type(v, json_type_string) ||
		    (s = str_trim_dup(a, json_object_get_string(v))) == NULL ||
		    (n = str_utf8_chars(s)) < 0 || (size_t)n > r->max ||
		    (r->norm != NULL && (s = r->norm(a, s)) == NULL))
			return NULL;
		return s;
	}
	return NULL;
}

int
site_settings_update(struct arena *a, const struct actor *who,
    struct json_object *patch, struct site_settings *s, struct field_err *err)
{
	struct json_object	*v, *changed;
	const char		*nv;
	size_t			 i;
	int			 rc;

	if (db_settings_get(a, s) == -1)
		return ACCOUNT_DB;
	changed = json_object_new_object();
	for (i = 0; i < SITE_NSETTINGS; i++) {
		if (!json_object_object_get_ex(patch, rules[i].name, &v))
			continue;
		if ((nv = value(a, &rules[i], v)) == NULL) {
			json_object_put(changed);
			err->field = rules[i].name;
			err->msg = rules[i].msg;
			return ACCOUNT_INVALID;
		}
		if (strcmp(nv, s->v[i]) != 0)
			json_object_object_add(changed, rules[i].name,
			    json_object_new_string(nv));
		s->v[i] = nv;
	}
	rc = 0;
	if (json_object_object_length(changed) > 0) {
		if (db_begin() == -1)
			rc = ACCOUNT_DB;
		else if (db_settings_put(a, s) == -1 ||
		    audit_record(a, who, "settings_change", "SystemSettings", 1,
		    changed) == -1 || db_commit() == -1) {
			db_rollback();
			rc = ACCOUNT_DB;
		} else if (db_settings_get(a, s) == -1)
			rc = ACCOUNT_DB;
	}
	json_object_put(changed);
	return rc;
}

struct json_object *
site_settings_json(struct arena *a, const struct site_settings *s)
{
	struct json_object	*o;
	size_t			 i;

	if ((o = json_new_object(a)) == NULL)
		return NULL;
	json_add_int(o, "id", 1);
	for (i = 0; i < SITE_NSETTINGS; i++)
		switch (rules[i].kind) {
		case BOOL:
			json_add_bool(o, rules[i].name, strcmp(s->v[i], "0") != 0);
			break;
		case INT:
			json_add_int(o, rules[i].name, strtoll(s->v[i], NULL, 10));
			break;
		case STR:
			json_add_str(o, rules[i].name, s->v[i]);
			break;
		}
	json_add_str(o, "created_at", dt_iso(a, s->created_at));
	json_add_str(o, "updated_at", dt_iso(a, s->updated_at));
	return o;
}
