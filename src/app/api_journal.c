/* The attendance journal API (PHASE2-3.md section 2.1):
 * GET  /api/groups/{id}/attendance-log/[?from=&to=]
 * POST /api/groups/{id}/attendance-log/update/ {lesson_id, student_id, status}
 * POST /api/groups/{id}/attendance-log/confirm/ {lesson_id[, student_id]}
 * The owner teacher and admins read it; the owner teacher writes. The
 * journal is written as JSON text straight into a buffer: a group of 30
 * over a term is thousands of cells. */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/app_analytics.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/jsonw.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "domain/account.h"
#include "domain/analytics.h"
#include "domain/journal.h"
#include "domain/lesson.h"

/* "sid_lid" keys of a cell (the lesson's own id, or its virtual one). */
static void
cell_key(struct buf *b, struct arena *a, const struct journal_student *s,
    const struct journal_lesson *l)
{
	if (l->id != 0)
		jsonw_pair_key(b, s->m->id, l->id);
	else
		buf_printf(b, "\"%lld_%s\":", (long long)s->m->id,
		    journal_virtual_id(a, l));
}

static void
write_lessons(struct buf *b, struct arena *a, const struct journal *j)
{
	const struct journal_lesson	*l;
	size_t				 i;

	buf_puts(b, "\"lessons\":[");
	for (i = 0; i < j->nlessons; i++) {
		l = &j->lessons[i];
		buf_puts(b, i ? ",{" : "{");
		jsonw_key(b, "id");
		if (l->id != 0)
			jsonw_int(b, l->id);
		else
			jsonw_str(b, journal_virtual_id(a, l));
		buf_putc(b, ',');
		jsonw_key(b, "title");
		jsonw_str(b, l->title);
		buf_putc(b, ',');
		jsonw_key(b, "start_time");
		jsonw_time(b, l->start_us);
		buf_putc(b, ',');
		jsonw_key(b, "end_time");
		jsonw_time(b, l->end_us);
		if (l->id == 0) {
			buf_puts(b, ",\"is_recurring\":true");
			buf_printf(b, ",\"recurring_lesson_id\":%lld",
			    (long long)l->recurring_id);
		}
		buf_printf(b, ",\"cancelled\":%s,\"is_past\":%s,"
		    "\"attendance_percent\":", l->cancelled ? "true" : "false",
		    l->held ? "true" : "false");
		jsonw_tenths(b, l->percent, ANALYTICS_NULL);
		buf_printf(b, ",\"suggestions\":%lld}", (long long)l->suggestions);
	}
	buf_putc(b, ']');
}

static void
write_students(struct buf *b, const struct journal *j)
{
	const struct journal_student	*s;
	size_t				 i;

	buf_puts(b, ",\"students\":[");
	for (i = 0; i < j->nstudents; i++) {
		s = &j->students[i];
		buf_printf(b, "%s{\"id\":%lld,\"name\":", i ? "," : "",
		    (long long)s->m->id);
		jsonw_str(b, s->m->name);
		buf_puts(b, ",\"email\":");
		jsonw_str(b, s->m->email);
		buf_puts(b, ",\"attendance_percent\":");
		jsonw_tenths(b, s->percent, ANALYTICS_NULL);
		buf_printf(b, ",\"attended\":%lld,\"absent\":%lld,\"excused\":%lld,"
		    "\"late\":%lld}", (long long)s->present, (long long)s->absent,
		    (long long)s->excused, (long long)s->late);
	}
	buf_putc(b, ']');
}

/* records: the marks; zoom: who was in the meeting, and the suggestions. */
static void
write_cells(struct buf *b, struct arena *a, const struct journal *j)
{
	const struct journal_cell	*c;
	size_t				 s, l, k;

	buf_puts(b, ",\"records\":{");
	for (s = k = 0; s < j->nstudents; s++)
		for (l = 0; l < j->nlessons; l++) {
			c = &j->cells[s * j->nlessons + l];
			if (c->status == NULL)
				continue;
			if (k++)
				buf_putc(b, ',');
			cell_key(b, a, &j->students[s], &j->lessons[l]);
			buf_puts(b, "{\"status\":");
			jsonw_str(b, journal_status_out(c->status));
			buf_puts(b, ",\"auto_recorded\":false,\"marked_at\":");
			jsonw_time(b, c->marked_us);
			buf_putc(b, '}');
		}
	buf_puts(b, "},\"zoom\":{");
	for (s = k = 0; s < j->nstudents; s++)
		for (l = 0; l < j->nlessons; l++) {
			c = &j->cells[s * j->nlessons + l];
			if (c->joined_us == 0)
				continue;
			if (k++)
				buf_putc(b, ',');
			cell_key(b, a, &j->students[s], &j->lessons[l]);
			buf_puts(b, "{\"joined_at\":");
			jsonw_time(b, c->joined_us);
			buf_puts(b, ",\"minutes\":");
			jsonw_int(b, c->seconds / 60);
			buf_puts(b, c->suggested ? ",\"suggested\":\"attended\"}" :
			    ",\"suggested\":null}");
		}
	buf_putc(b, '}');
}

int
api_journal(struct req *r)
{
	struct an_member	*m;
	struct an_group		 g;
	struct journal		 j;
	struct buf		 b;
	int64_t			 from, to;
	size_t			 n;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, &g, &m, &n) == -1 ||
	    an_dates_or_reply(r, &from, &to) == -1)
		return 0;
	if (journal_build(r->arena, &g, m, n, from, to, lesson_now(),
	    r->cfg->zoom_presence_percent, &j) == -1)
		return api_db_error(r);
	buf_init(&b, r->arena);
	buf_putc(&b, '{');
	write_lessons(&b, r->arena, &j);
	write_students(&b, &j);
	write_cells(&b, r->arena, &j);
	buf_printf(&b, ",\"meta\":{\"group_id\":%lld,\"group_name\":",
	    (long long)g.id);
	jsonw_str(&b, g.name);
	buf_printf(&b, ",\"records_count\":%lld,\"updated_at\":",
	    (long long)j.records);
	if (j.updated_us != 0)
		jsonw_time(&b, j.updated_us);
	else
		buf_puts(&b, "null");
	buf_puts(&b, ",\"stats\":{\"avg_attendance_percent\":");
	jsonw_tenths(&b, j.avg_percent, ANALYTICS_NULL);
	buf_printf(&b, ",\"watched_total\":0,\"absences_total\":%lld,"
	    "\"lessons_count\":%zu,\"held_lessons\":%lld,\"students_count\":%zu},"
	    "\"zoom_share_percent\":%ld}}", (long long)j.absences, j.nlessons,
	    (long long)j.held, j.nstudents, r->cfg->zoom_presence_percent);
	if (b.err)
		return api_db_error(r);
	return resp_text(r, 200, "application/json", buf_str(&b), b.len);
}

/* The lesson_id of a body: 1 and *id for a real lesson; -1 after a 400
 * (a virtual lesson's id: generate it first). */
static int
lesson_id_or_reply(struct req *r, struct json_object *in, int64_t *id)
{
	struct json_object	*v;
	const char		*s;

	if (json_object_object_get_ex(in, "lesson_id", &v) && v != NULL &&
	    json_object_is_type(v, json_type_string) &&
	    strncmp((s = json_object_get_string(v)), "recurring_", 10) == 0)
		return resp_error(r, 400, "Generate the lesson first"), -1;
	if (input_pk_or_reply(r, in, "lesson_id", id) == -1)
		return -1;
	if (*id == 0)
		return input_field_error(r, "lesson_id", "This field is required."), -1;
	return 1;
}

/* The attendance record of (lesson, student) in the journal's words. */
static int
reply_record(struct req *r, int64_t lesson, int64_t student)
{
	struct json_object	*o;
	struct attendance	*x;
	size_t			 n;

	if (db_attendance_of_lesson(r->arena, lesson, student, &x, &n) == -1 ||
	    n != 1 || (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_int(o, "id", x->id);
	json_add_int(o, "lesson", x->lesson_id);
	json_add_str(o, "lesson_title", x->lesson_title);
	json_add_int(o, "student", x->student_id);
	json_add_str(o, "student_name", account_name_of(r->arena, x->student_last,
	    x->student_first, x->student_middle, x->student_email));
	json_add_str(o, "student_email", x->student_email);
	json_add_str(o, "status", journal_status_out(x->status));
	json_add_bool(o, "auto_recorded", 0);
	json_add_int(o, "recorded_by", r->user->id);
	json_add_str(o, "notes", x->notes);
	json_add_str(o, "marked_at", dt_iso(r->arena, x->marked_at));
	return resp_json(r, 200, o);
}

int
api_journal_update(struct req *r)
{
	struct json_object	*in, *v;
	struct an_member	*m;
	struct an_group		 g;
	const char		*status = NULL, *msg = NULL;
	int64_t			 lesson, student;
	size_t			 n;
	int			 rc;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, &g, &m, &n) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    lesson_id_or_reply(r, in, &lesson) == -1 ||
	    input_pk_or_reply(r, in, "student_id", &student) == -1)
		return 0;
	if (student == 0)
		return input_field_error(r, "student_id", "This field is required.");
	if (json_object_object_get_ex(in, "status", &v) && v != NULL) {
		if (!json_object_is_type(v, json_type_string))
			return input_field_error(r, "status", "Not a valid string.");
		if (json_object_get_string_len(v) > 0 &&
		    (status = journal_status_in(json_object_get_string(v))) == NULL)
			return input_field_error(r, "status", arena_printf(r->arena,
			    "\"%s\" is not a valid choice: attended, present, absent, "
			    "excused or null.", json_object_get_string(v)));
	}
	rc = journal_mark(r->arena, g.id, lesson, student, status, &msg);
	if (rc == JOURNAL_NOT_FOUND)
		return resp_error(r, 404, "Not found.");
	if (rc == ACCOUNT_INVALID)
		return input_field_error(r, "student_id", msg);
	if (rc != 0)
		return api_db_error(r);
	if (status == NULL) {
		struct json_object	*o = json_new_object(r->arena);

		json_add_str(o, "status", "cleared");
		return resp_json(r, 200, o);
	}
	return reply_record(r, lesson, student);
}

int
api_journal_confirm(struct req *r)
{
	struct json_object	*in, *o;
	struct an_member	*m;
	struct an_group		 g;
	int64_t			 lesson, student, confirmed;
	size_t			 n;
	int			 rc;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, &g, &m, &n) == -1 ||
	    (in = input_body_or_reply(r)) == NULL ||
	    lesson_id_or_reply(r, in, &lesson) == -1 ||
	    input_pk_or_reply(r, in, "student_id", &student) == -1)
		return 0;
	rc = journal_confirm(r->arena, &g, m, n, lesson, student, lesson_now(),
	    r->cfg->zoom_presence_percent, &confirmed);
	if (rc == JOURNAL_NOT_FOUND)
		return resp_error(r, 404, "Not found.");
	if (rc != 0 || (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_int(o, "lesson_id", lesson);
	json_add_int(o, "confirmed", confirmed);
	return resp_json(r, 200, o);
}
