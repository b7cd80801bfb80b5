/* Health: /api/health/ checks the database; /api/ping/ touches nothing. */
#include "autoconf.h"

#include "app/app.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db_health.h"

int
api_ping(struct req *r)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "status", "ok");
	return resp_json(r, 200, o);
}

int
api_health(struct req *r)
{
	struct json_object	*o, *checks;
	double			 t0 = dt_mono(), ms;
	int			 ok;

	ok = db_health_ping(r->arena) == 0;
	ms = (dt_mono() - t0) * 1e3;
	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	checks = json_object_new_object();
	json_add_str(checks, "database", ok ? "ok" : "error");
	/* Two decimals, printed as such (not 1.3600000000000001). */
	json_object_object_add(checks, "response_time_ms", json_object_new_double_s(
	    ms, arena_printf(r->arena, "%.2f", ms)));
	json_add_str(o, "status", ok ? "healthy" : "unhealthy");
	json_object_object_add(o, "checks", checks);
	if (!ok)
		json_add_str(o, "detail", "База данных недоступна. "
		    "Database unavailable.");
	return resp_json(r, ok ? 200 : 503, o);
}
