/* POST /schedule/webhook/zoom/: events from Zoom, signed with the secret
 * token zoom_webhook_secret: meetings started and ended, recordings, and
 * participants joining and leaving (attendance from Zoom,
 * domain/presence.c). Nothing is done for an event whose signature or
 * timestamp does not check out; with no secret configured every event is
 * refused (503). The body is never logged: it carries tokens. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/config.h"
#include "core/json.h"
#include "core/log.h"
#include "core/req.h"
#include "core/resp.h"
#include "domain/lesson.h"
#include "domain/meeting.h"
#include "domain/presence.h"
#include "zoom/webhook.h"

/* {"status": status, "message": msg} plus "detail" when it is an error. */
static int
reply(struct req *r, int code, const char *status, const char *msg)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "status", status);
	json_add_str(o, "message", msg);
	if (code >= 400)
		json_add_str(o, "detail", msg);
	return resp_json(r, code, o);
}

static int
url_validation(struct req *r, const struct zoom_event *ev)
{
	struct json_object	*o;
	char			 enc[65];

	if (ev->plain_token == NULL || ev->plain_token[0] == '\0')
		return reply(r, 400, "error", "payload.plainToken is required.");
	zoom_webhook_token(r->cfg->zoom_webhook_secret, ev->plain_token, enc);
	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "plainToken", ev->plain_token);
	json_add_str(o, "encryptedToken", enc);
	return resp_json(r, 200, o);
}

static int
ignored(struct req *r, const char *event)
{
	struct json_object	*o;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "status", "ignored");
	json_add_str(o, "event", event);
	return resp_json(r, 200, o);
}

/* The answer to a meeting event once the domain has applied it. */
static int
meeting_reply(struct req *r, const struct zoom_event *ev, int rc,
    const struct meeting_outcome *m)
{
	struct json_object	*o;
	int			 ended = strcmp(ev->event, "meeting.ended") == 0;

	if (rc == ACCOUNT_DB)
		return api_db_error(r);
	if (rc == MEETING_NOT_FOUND) {
		log_info("zoom webhook %s: no lesson has meeting %s", ev->event,
		    ev->meeting_id);
		return reply(r, 404, "not_found", "No lesson has this meeting.");
	}
	log_info("zoom webhook %s: meeting %s, lesson %lld%s", ev->event,
	    ev->meeting_id, (long long)m->lesson_id, m->changed || m->released ?
	    "" : " (already applied)");
	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (ended && !m->changed && !m->released) {
		json_add_str(o, "status", "already_released");
		json_add_str(o, "message", "The meeting had already ended and "
		    "its Zoom account was released.");
	} else {
		json_add_str(o, "status", "success");
		json_add_str(o, "message", ended ? "Meeting ended, Zoom account "
		    "released." : m->ended_again ? "The meeting was restarted "
		    "after its Zoom account was released: ended again." :
		    strcmp(ev->event, "meeting.started") == 0 ?
		    (m->changed ? "Lesson is live." : "Lesson was live already.") :
		    "Recording stored.");
	}
	json_add_int(o, "lesson_id", m->lesson_id);
	json_add_str(o, "meeting_id", ev->meeting_id);
	if (ended)
		json_add_bool(o, "released", m->released);
	if (strcmp(ev->event, "recording.completed") == 0) {
		json_add_int(o, "stored", (int64_t)m->stored);
		json_add_int(o, "skipped", (int64_t)m->skipped);
	}
	return resp_json(r, 200, o);
}

/* The answer to a participant event. A meeting no lesson has is not an
 * error here (the pool accounts host only lessons, but Zoom sends every
 * join of every meeting of the account): 200 "ignored", so Zoom does not
 * retry it. */
static int
presence_reply(struct req *r, const struct zoom_event *ev, int rc,
    const struct presence_outcome *p)
{
	struct json_object	*o;

	if (rc == ACCOUNT_DB)
		return api_db_error(r);
	if (rc == ACCOUNT_INVALID)
		return reply(r, 400, "error", "payload.object.participant is required.");
	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (rc == MEETING_NOT_FOUND) {
		json_add_str(o, "status", "ignored");
		json_add_str(o, "event", ev->event);
		json_add_str(o, "message", "No lesson has this meeting.");
		return resp_json(r, 200, o);
	}
	log_info("zoom webhook %s: meeting %s, lesson %lld, student %lld%s",
	    ev->event, ev->meeting_id, (long long)p->lesson_id,
	    (long long)p->student_id, p->changed ? "" : " (already applied)");
	json_add_str(o, "status", "success");
	json_add_str(o, "message", strcmp(ev->event,
	    "meeting.participant_joined") == 0 ? "Participant joined." :
	    "Participant left.");
	json_add_int(o, "lesson_id", p->lesson_id);
	json_add_str(o, "meeting_id", ev->meeting_id);
	if (p->student_id != 0)
		json_add_int(o, "student_id", p->student_id);
	else
		json_add_null(o, "student_id");
	json_add_str(o, "matched_by", p->matched_by);
	json_add_bool(o, "recorded", p->changed);
	return resp_json(r, 200, o);
}

int
api_zoom_webhook(struct req *r)
{
	struct presence_outcome	 pr;
	struct meeting_outcome	 m;
	struct zoom_event	 ev;
	enum zoom_sig		 sig;
	int64_t			 at;
	int			 rc, joined, participant;

	sig = zoom_webhook_verify(r->arena, r->cfg->zoom_webhook_secret,
	    req_header(r, "HTTP_X_ZM_REQUEST_TIMESTAMP"),
	    req_header(r, "HTTP_X_ZM_SIGNATURE"), r->body ? r->body : "",
	    r->body_len, (int64_t)time(NULL));
	if (sig != ZOOM_SIG_OK) {
		log_warnx("zoom webhook refused: %s", zoom_webhook_sig_msg(sig));
		return reply(r, sig == ZOOM_SIG_NO_SECRET ? 503 :
		    sig == ZOOM_SIG_NO_MEMORY ? 413 : 401, "error",
		    zoom_webhook_sig_msg(sig));
	}
	if (zoom_webhook_parse(r->arena, r->body, r->body_len, &ev) == -1)
		return reply(r, 400, "error", "Invalid JSON");
	if (ev.event == NULL)
		return ignored(r, NULL);
	if (strcmp(ev.event, "endpoint.url_validation") == 0)
		return url_validation(r, &ev);
	joined = strcmp(ev.event, "meeting.participant_joined") == 0;
	participant = joined || strcmp(ev.event, "meeting.participant_left") == 0;
	if (strcmp(ev.event, "meeting.started") != 0 &&
	    strcmp(ev.event, "meeting.ended") != 0 &&
	    strcmp(ev.event, "recording.completed") != 0 && !participant)
		return ignored(r, ev.event);
	if (ev.meeting_id == NULL || ev.meeting_id[0] == '\0')
		return reply(r, 400, "error", "payload.object.id is required.");
	at = meeting_event_time(ev.ts_ms, lesson_now());
	if (participant) {
		rc = presence_event(r->arena, ev.meeting_id, joined,
		    ev.has_participant ? &ev.participant : NULL, at, &pr);
		return presence_reply(r, &ev, rc, &pr);
	}
	if (strcmp(ev.event, "meeting.started") == 0)
		rc = meeting_started(r->arena, ev.meeting_id, at, &m);
	else if (strcmp(ev.event, "meeting.ended") == 0)
		rc = meeting_ended(r->arena, ev.meeting_id, at, &m);
	else
		rc = meeting_recorded(r->arena, ev.meeting_id, ev.files,
		    ev.nfiles, &m);
	return meeting_reply(r, &ev, rc, &m);
}
