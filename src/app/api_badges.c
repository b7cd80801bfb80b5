/* GET /api/badges/?student=&group= (PHASE2-3.md 2.8): a student's badges
 * for the student themself, the teacher of one of their groups and admins;
 * a group's students' badges for its teacher and admins. A bare list of
 * {student_id, badge_type, title, homework_id, period, earned_at}, oldest
 * first. */
#include "autoconf.h"

#include "app/app.h"
#include "app/app_analytics.h"
#include "app/input.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "db/db_analytics.h"
#include "db/db_badge.h"
#include "db/db_report.h"

#define FORBIDDEN	"You do not have permission to perform this action."

int
api_badges(struct req *r)
{
	struct an_member	*m;
	struct an_group		 g;
	struct rp_badge		*b;
	int64_t			 student, group;
	size_t			 n, i;
	int			 rc, member = 0;

	if (input_query_id_or_reply(r, "student", &student) == -1 ||
	    input_query_id_or_reply(r, "group", &group) == -1)
		return 0;
	if (student == 0 && r->user->role == R_STUDENT)
		student = r->user->id;
	if (student == 0 && group == 0)
		return input_field_error(r, "student", "Give student or group.");
	if (group != 0) {
		if ((rc = db_an_group(r->arena, group, &g, &m, &n)) == -1)
			return api_db_error(r);
		if (rc == 0)
			return resp_error(r, 404, "Not found.");
		for (i = 0; i < n; i++)
			member |= m[i].id == (student ? student : r->user->id);
		if ((r->user->role == R_TEACHER && g.teacher_id != r->user->id) ||
		    (r->user->role == R_STUDENT && student != r->user->id) ||
		    (student != 0 && !member))
			return resp_error(r, 403, FORBIDDEN);
	} else if (r->user->role == R_STUDENT && student != r->user->id)
		return resp_error(r, 403, FORBIDDEN);
	else if (r->user->role == R_TEACHER) {
		if ((rc = db_badge_teacher_has(r->arena, r->user->id, student)) == -1)
			return api_db_error(r);
		if (rc == 0)
			return resp_error(r, 403, FORBIDDEN);
	}
	if (db_badge_list(r->arena, student, student ? 0 : group, &b, &n) == -1)
		return api_db_error(r);
	return resp_json(r, 200, an_view_badges(r->arena, b, n, 1));
}
