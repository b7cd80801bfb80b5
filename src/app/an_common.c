/* Helpers every analytics face shares: the error body, reading a group. */
#include "autoconf.h"

#include "app/app.h"
#include "app/app_analytics.h"
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
		(*m)[i].name = account_name_of(r->arena, (*m)[i].last,
		    (*m)[i].first, (*m)[i].middle, (*m)[i].email);
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
