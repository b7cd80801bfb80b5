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

int
page_dash_student(struct req *r)
{
	return resp_html(r, 200, "dash/student", NULL, "Кабинет ученика");
}

int
page_dash_admin(struct req *r)
{
	return resp_html(r, 200, "dash/admin", NULL, "Администрирование");
}
