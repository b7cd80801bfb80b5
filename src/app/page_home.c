/* The home page: sign-in or the dashboard once accounts exist. */
#include "autoconf.h"

#include "app/app.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"

int
page_home(struct req *r)
{
	struct json_object	*ctx;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	return resp_html(r, 200, "home", ctx, "Teaching Panel");
}
