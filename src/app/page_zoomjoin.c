/* The student's join button: POST /lessons/{id}/join (a form opening a
 * new tab, as the teacher's start button). The click is recorded with the
 * name the link gives Zoom, then the browser goes to the meeting's join
 * URL with that name filled in (uname), so that the webhook's participant
 * events can be matched to the student (domain/presence.c). */
#include "autoconf.h"

#include "app/app.h"
#include "app/app_analytics.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/req.h"
#include "core/resp.h"
#include "db/db_group.h"
#include "db/db_lesson.h"
#include "domain/lesson.h"
#include "domain/presence.h"

int
page_lesson_join(struct req *r)
{
	struct lesson	 l;
	const char	*url;
	int		 rc;

	if ((rc = db_lesson_get(r->arena, r->ids[0], &l)) == 1)
		rc = db_group_is_member(r->arena, l.group_id, r->user->id);
	if (rc == -1)
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	if (rc == 0)
		return resp_error(r, 404, "Занятие не найдено.");
	switch (presence_may_join(&l, lesson_now(), r->cfg->lesson_start_early)) {
	case PRESENCE_CANCELLED:
		return resp_error(r, 400, "Занятие отменено.");
	case PRESENCE_EARLY:
		return resp_error(r, 400, arena_printf(r->arena, "Урок ещё не "
		    "начался: войти можно за %ld мин до начала.",
		    r->cfg->lesson_start_early / 60));
	case PRESENCE_OVER:
		return resp_error(r, 400, "Урок уже закончился.");
	case PRESENCE_NO_MEETING:
		return resp_error(r, 409, "Преподаватель ещё не начал урок. "
		    "Попробуйте через минуту.");
	case PRESENCE_OK:
		break;
	}
	if ((url = presence_join(r->arena, &l, r->user->id, r->user->name)) == NULL)
		return resp_error(r, 503, "База данных недоступна. Попробуйте "
		    "чуть позже.");
	return resp_redirect_away(r, url);
}
