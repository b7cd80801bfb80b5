/* Answers shared by the API handlers. */
#include "autoconf.h"

#include <stdio.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db.h"
#include "domain/lesson.h"

int
api_db_error(struct req *r)
{
	if (db_last_error() == DB_ERR_DOWN)
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже. Database unavailable.");
	if (db_last_error() == DB_ERR_LOCK) {
		/* A deadlock or lock wait timeout: nothing was written, and
		 * the same request will most likely pass in a moment. */
		log_warnx("%s %s: lock conflict in the database, answered 503",
		    r->method, r->path);
		resp_error(r, 503, "Сервер занят, попробуйте ещё раз. The "
		    "server is busy, retry.");
		return resp_header(r, "Retry-After", "1"), 0;
	}
	return resp_error(r, 500, "Internal server error");
}

int
api_throttled(struct req *r, int64_t retry_after)
{
	char	 secs[24];

	if (retry_after < 1)
		retry_after = 1;
	snprintf(secs, sizeof(secs), "%lld", (long long)retry_after);
	resp_error(r, 429, arena_printf(r->arena, "Request was throttled. "
	    "Expected available in %lld seconds.", (long long)retry_after));
	resp_header(r, "Retry-After", secs);
	return 0;
}

int
api_error2(struct req *r, int status, const char *msg)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, status, msg);
	json_add_str(o, "detail", msg);
	json_add_str(o, "error", msg);
	return resp_json(r, status, o);
}

int
api_lesson_errs(struct req *r, const struct lesson_errs *e)
{
	struct json_object	*o, *list;
	size_t			 i;

	if (e->kind == LESSON_ERR_BARE) {
		if ((o = json_new_array(r->arena)) == NULL)
			return api_db_error(r);
		for (i = 0; i < e->n; i++)
			json_object_array_add(o, json_object_new_string(e->e[i].msg));
		return resp_json(r, 400, o);
	}
	if ((o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	for (i = 0; i < e->n; i++) {
		if (!json_object_object_get_ex(o, e->e[i].field, &list)) {
			list = json_object_new_array();
			json_object_object_add(o, e->e[i].field, list);
		}
		json_object_array_add(list, json_object_new_string(e->e[i].msg));
	}
	return resp_json(r, 400, o);
}
