/* Helpers every analytics face shares: the error body, reading a group. */
#include "autoconf.h"

#include "app/app.h"
#include "app/app_analytics.h"
#include "app/input.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "db/db_analytics.h"
#include "db/db_group.h"
#include "domain/account.h"
#include "domain/lesson.h"

int
an_errs(struct req *r, const struct lesson_errs *e)
{
	struct json_object	*o, *list;
	size_t			 i;

	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "detail", e->n > 0 ? e->e[0].msg : "Invalid input.");
	for (i = 0; i < e->n; i++) {
		if (!json_object_object_get_ex(o, e->e[i].field, &list)) {
			list = json_object_new_array();
			json_object_object_add(o, e->e[i].field, list);
		}
		json_object_array_add(list, json_object_new_string(e->e[i].msg));
	}
	return resp_json(r, 400, o);
}

const char *
an_full_name(struct arena *a, const struct an_member *m)
{
	return account_name_of(a, m->last, m->first, m->middle, m->email);
}

int
an_group_or_reply(struct req *r, int64_t id, enum an_access access,
    struct an_group *g, struct an_member **m, size_t *n)
{
	int	 html = r->face == FACE_HTML, rc, member = 0;
	size_t	 i;

	if ((rc = db_an_group(r->arena, id, g, m, n)) == -1) {
		if (html)
			return resp_error(r, 503, "База данных недоступна. "
			    "Попробуйте чуть позже."), -1;
		return api_db_error(r), -1;
	}
	for (i = 0; rc == 1 && i < *n; i++) {
		(*m)[i].name = an_full_name(r->arena, &(*m)[i]);
		if ((*m)[i].id == r->user->id)
			member = 1;
	}
	if (rc == 1 && r->user->role == R_TEACHER && g->teacher_id != r->user->id)
		rc = 0;
	if (rc == 1 && r->user->role == R_STUDENT && !member)
		rc = 0;
	if (rc == 0)
		return resp_error(r, 404, html ? "Группа не найдена." :
		    "Not found."), -1;
	if (r->user->role == R_STUDENT && access == AN_OWNER)
		return resp_error(r, 403, html ? "Эта страница доступна только "
		    "преподавателю группы." : "You do not have permission to "
		    "perform this action."), -1;
	return 0;
}

int
an_dates_or_reply(struct req *r, int64_t *from_us, int64_t *to_us)
{
	const char	*f = req_query(r, "from"), *t = req_query(r, "to");
	int64_t		 fd, td;
	int		 html = r->face == FACE_HTML;

	*from_us = *to_us = 0;
	if ((f == NULL || *f == '\0') && (t == NULL || *t == '\0'))
		return 0;
	if (f != NULL && *f != '\0' && dt_parse_date(f, &fd) == -1)
		return html ? resp_error(r, 400, "Неверная дата «с»: нужна "
		    "ГГГГ-ММ-ДД.") : input_field_error(r, "from", "Date has wrong "
		    "format. Use one of these formats instead: YYYY-MM-DD."), -1;
	if (t != NULL && *t != '\0' && dt_parse_date(t, &td) == -1)
		return html ? resp_error(r, 400, "Неверная дата «по»: нужна "
		    "ГГГГ-ММ-ДД.") : input_field_error(r, "to", "Date has wrong "
		    "format. Use one of these formats instead: YYYY-MM-DD."), -1;
	if (f == NULL || *f == '\0')
		dt_parse_date("1970-01-01", &fd);
	if (t == NULL || *t == '\0')
		dt_parse_date("9998-12-31", &td);
	if (td < fd)
		return html ? resp_error(r, 400, "Дата «по» раньше даты «с».") :
		    input_field_error(r, "to", "Must not be before from."), -1;
	*from_us = dt_local_to_utc(fd, 0) * 1000000;
	*to_us = dt_local_to_utc(td + 1, 0) * 1000000;
	return 0;
}
