/* The home page and the dashboards by role. */
#include "autoconf.h"

#include "app/app.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"

int
page_home(struct req *r)
{
	if (r->user != NULL)
		return resp_redirect(r, 303, page_dashboard_path(r->user->role));
	return page_login(r);
}

int
page_dash_teacher(struct req *r)
{
	return resp_html(r, 200, "dash/teacher", NULL, "Кабинет преподавателя");
}

/* The original's invitation links (/student/?code=, ?individual-code=)
 * lead to the join page; after joining, ?joined= says where. */
int
page_dash_student(struct req *r)
{
	struct json_object	*ctx;
	const char		*code = req_query(r, "code"), *to;

	if (code == NULL)
		code = req_query(r, "individual-code");
	if (code != NULL) {
		if ((to = page_join_url(r, "", code)) == NULL)
			return resp_error(r, 500, "Internal server error");
		return resp_redirect(r, 303, to);
	}
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	page_joined_flash(r, ctx);
	return resp_html(r, 200, "dash/student", ctx, "Кабинет ученика");
}

int
page_dash_admin(struct req *r)
{
	return resp_html(r, 200, "dash/admin", NULL, "Администрирование");
}
