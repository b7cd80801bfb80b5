/* The journal page of a group (/groups/{id}/journal): students × lessons in
 * a box that scrolls sideways, the percent in colour bands, a chart of the
 * attendance per lesson, Zoom's suggestions with one-click confirmation.
 * Without JavaScript a lesson's column is edited in place (?edit={lesson}:
 * its cells become selects, one Save); static/analytics.js lets a click on
 * a cell set it. The rules are the API's (domain/journal.c). */
#include "autoconf.h"

#include <string.h>

#include "app/app.h"
#include "app/app_analytics.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/html.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "core/svg.h"
#include "db/db_lesson.h"
#include "domain/analytics.h"
#include "domain/journal.h"
#include "domain/lesson.h"

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const struct page_msg done_msgs[] = {
	{ "saved", "Отметки сохранены." },
	{ "confirmed", "Присутствие по данным Zoom подтверждено." },
	{ "nothing", "Подтверждать нечего: отметки уже стоят." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

/* A mark as the journal shows it: a short sign and its words. */
static const struct {
	const char	*status, *sign, *text;
} marks[] = {
	{ "present", "✓", "присутствовал(а)" },
	{ "late", "оп", "опоздал(а)" },
	{ "absent", "н", "отсутствовал(а)" },
	{ "excused", "ув", "уважительная причина" },
};
#define NMARKS	(sizeof(marks) / sizeof(marks[0]))

static size_t
mark_of(const char *status)
{
	size_t	 i;

	for (i = 0; status != NULL && i < NMARKS; i++)
		if (strcmp(status, marks[i].status) == 0)
			return i;
	return NMARKS;
}

static void
put(struct buf *b, const char *s)
{
	html_text(b, s, strlen(s));
}

/* The colour band of a percent (HMS:71): green 100, orange 67..99, red
 * below; none without a value. */
const char *
an_band(int64_t tenths)
{
	if (tenths == ANALYTICS_NULL)
		return "band-none";
	return tenths >= 1000 ? "band-green" : tenths >= 670 ? "band-orange" :
	    "band-red";
}

/* A percent for a page: "83,3" (Russian decimal comma), or "—". */
const char *
an_percent_text(struct arena *a, int64_t tenths)
{
	if (tenths == ANALYTICS_NULL)
		return "—";
	if (tenths % 10 == 0)
		return arena_printf(a, "%lld", (long long)(tenths / 10));
	return arena_printf(a, "%lld,%lld", (long long)(tenths / 10),
	    (long long)(tenths % 10));
}

static void
hidden(struct buf *b, const char *name, const char *value)
{
	buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	put(b, value);
	buf_puts(b, "\">");
}

/* One confirm form (a lesson's suggestions, or one student's). */
static void
confirm_form(struct buf *b, struct req *r, int64_t group, int64_t lesson,
    int64_t student, const char *label, const char *title)
{
	buf_printf(b, "<form method=\"post\" action=\"/groups/%lld/journal/confirm\" "
	    "class=\"inline confirm\">", (long long)group);
	hidden(b, "csrf_token", r->csrf ? r->csrf : "");
	buf_printf(b, "<input type=\"hidden\" name=\"lesson_id\" value=\"%lld\">",
	    (long long)lesson);
	if (student != 0)
		buf_printf(b, "<input type=\"hidden\" name=\"student_id\" "
		    "value=\"%lld\">", (long long)student);
	buf_puts(b, "<button type=\"submit\" class=\"btn-secondary\" title=\"");
	put(b, title);
	buf_puts(b, "\">");
	put(b, label);
	buf_puts(b, "</button></form>");
}

static void
head_cell(struct buf *b, struct req *r, const struct journal *j,
    const struct journal_lesson *l, int64_t edit)
{
	const char	*date = dt_local_text(r->arena, l->start_us, DT_TEXT_DATE);
	const char	*hm = dt_local_text(r->arena, l->start_us, DT_TEXT_TIME);

	buf_printf(b, "<th scope=\"col\" class=\"lh%s%s%s\">", l->id == 0 ?
	    " virtual" : "", l->cancelled ? " cancelled" : "",
	    l->id != 0 && l->id == edit ? " editing" : "");
	if (l->id != 0)
		buf_printf(b, "<a href=\"/lessons/%lld\" title=\"", (long long)l->id);
	else
		buf_puts(b, "<span title=\"");
	put(b, l->title);
	buf_puts(b, l->id == 0 ? " (по расписанию, ещё не создано)" :
	    l->cancelled ? " (отменено)" : "");
	buf_puts(b, "\"><span class=\"d\">");
	if (date != NULL)
		html_text(b, date, 5);		/* "03.03" of "03.03.2026" */
	buf_puts(b, "</span><span class=\"t\">");
	put(b, hm ? hm : "");
	buf_puts(b, l->id != 0 ? "</span></a>" : "</span></span>");
	if (l->id != 0 && !l->cancelled) {
		buf_printf(b, "<a class=\"edit\" href=\"/groups/%lld/journal?edit=%lld"
		    "#journal\" aria-label=\"Отметить: ", (long long)j->g->id,
		    (long long)l->id);
		put(b, l->title);
		buf_puts(b, "\">✎</a>");
	}
	if (l->suggestions > 0)
		confirm_form(b, r, j->g->id, l->id, 0, arena_printf(r->arena,
		    "✓ %lld", (long long)l->suggestions), "Подтвердить присутствие "
		    "тех, кто был в Zoom");
	buf_puts(b, "</th>");
}

/* Zoom's note on a cell: "Zoom: с 10:02, 42 мин". */
static const char *
zoom_note(struct arena *a, const struct journal_cell *c)
{
	return arena_printf(a, "Zoom: с %s, %lld мин", dt_local_text(a,
	    c->joined_us, DT_TEXT_TIME), (long long)(c->seconds / 60));
}

static void
body_cell(struct buf *b, struct req *r, const struct journal *j, size_t si,
    size_t li, int64_t edit)
{
	const struct journal_lesson	*l = &j->lessons[li];
	const struct journal_cell	*c = &j->cells[si * j->nlessons + li];
	const struct journal_student	*s = &j->students[si];
	size_t				 k = mark_of(c->status);

	buf_printf(b, "<td class=\"c%s%s%s%s\"", k < NMARKS ? " st-" : "",
	    k < NMARKS ? marks[k].status : "", c->suggested ? " sug" : "",
	    l->id != 0 && l->id == edit ? " editing" : "");
	if (l->id != 0 && !l->cancelled)
		buf_printf(b, " data-l=\"%lld\" data-s=\"%lld\"", (long long)l->id,
		    (long long)s->m->id);
	if (k < NMARKS || c->joined_us != 0) {
		buf_puts(b, " title=\"");
		if (k < NMARKS)
			put(b, marks[k].text);
		if (k < NMARKS && c->joined_us != 0)
			buf_puts(b, "; ");
		if (c->joined_us != 0)
			put(b, zoom_note(r->arena, c));
		buf_putc(b, '"');
	}
	buf_putc(b, '>');
	if (k < NMARKS)
		put(b, marks[k].sign);
	else if (c->suggested)
		confirm_form(b, r, j->g->id, l->id, s->m->id, "✓?",
		    arena_printf(r->arena, "%s — отметить присутствие",
		    zoom_note(r->arena, c)));
	if (c->joined_us != 0 && !(c->suggested && k == NMARKS))
		buf_printf(b, "<small class=\"z\">%lld′</small>",
		    (long long)(c->seconds / 60));
	buf_puts(b, "</td>");
}

/* The column of lesson li as a form's list: a select per student, with
 * what Zoom saw (a suggestion preselects "present"). */
static void
edit_rows(struct req *r, const struct journal *j, size_t li,
    struct json_object *ctx)
{
	struct json_object		*rows, *row, *opts, *o;
	const struct journal_cell	*c;
	size_t				 si, k, i;

	rows = json_object_new_array();
	for (si = 0; si < j->nstudents; si++) {
		c = &j->cells[si * j->nlessons + li];
		k = mark_of(c->status);
		row = json_object_new_object();
		json_add_int(row, "id", j->students[si].m->id);
		json_add_str(row, "name", j->students[si].m->name);
		if (c->joined_us != 0)
			json_add_str(row, "zoom", zoom_note(r->arena, c));
		json_add_bool(row, "suggested", c->suggested);
		json_add_bool(row, "unmarked", k == NMARKS && !c->suggested);
		opts = json_object_new_array();
		for (i = 0; i < NMARKS; i++) {
			o = json_object_new_object();
			json_add_str(o, "value", marks[i].status);
			json_add_str(o, "text", marks[i].text);
			json_add_bool(o, "selected", i == k ||
			    (k == NMARKS && c->suggested && i == 0));
			json_object_array_add(opts, o);
		}
		json_object_object_add(row, "options", opts);
		json_object_array_add(rows, row);
	}
	json_object_object_add(ctx, "edit_rows", rows);
}

/* The table: a row per student, a column per lesson, the percent last. */
static const char *
table(struct req *r, const struct journal *j, int64_t edit)
{
	struct buf	 b;
	size_t		 si, li;
	int64_t		 p;

	buf_init(&b, r->arena);
	buf_puts(&b, "<table class=\"journal\"><thead><tr><th scope=\"col\" "
	    "class=\"who\">Ученик</th>");
	for (li = 0; li < j->nlessons; li++)
		head_cell(&b, r, j, &j->lessons[li], edit);
	buf_puts(&b, "<th scope=\"col\" class=\"pct\">%</th></tr></thead><tbody>");
	for (si = 0; si < j->nstudents; si++) {
		buf_puts(&b, "<tr><th scope=\"row\" class=\"who\">");
		put(&b, j->students[si].m->name);
		buf_puts(&b, "</th>");
		for (li = 0; li < j->nlessons; li++)
			body_cell(&b, r, j, si, li, edit);
		p = j->students[si].percent;
		buf_printf(&b, "<td class=\"pct %s\">", an_band(p));
		put(&b, an_percent_text(r->arena, p));
		buf_puts(&b, "</td></tr>");
	}
	buf_puts(&b, "</tbody><tfoot><tr><th scope=\"row\" class=\"who\">Итого, %"
	    "</th>");
	for (li = 0; li < j->nlessons; li++) {
		p = j->lessons[li].percent;
		buf_printf(&b, "<td class=\"pct %s\">", an_band(p));
		put(&b, p == ANALYTICS_NULL ? "" : an_percent_text(r->arena, p));
		buf_puts(&b, "</td>");
	}
	buf_printf(&b, "<td class=\"pct %s\">", an_band(j->avg_percent));
	put(&b, an_percent_text(r->arena, j->avg_percent));
	buf_puts(&b, "</td></tr></tfoot></table>");
	return b.err ? NULL : buf_str(&b);
}

/* The chart: the attendance percent of each held lesson, in order. */
static const char *
chart(struct req *r, const struct journal *j)
{
	const char	**labels;
	int64_t		*values;
	struct svg_chart c;
	struct buf	 b;
	size_t		 i, n = 0;

	if ((labels = arena_zalloc(r->arena, (j->nlessons + 1) *
	    sizeof(*labels))) == NULL || (values = arena_zalloc(r->arena,
	    (j->nlessons + 1) * sizeof(*values))) == NULL)
		return NULL;
	for (i = 0; i < j->nlessons; i++) {
		if (!j->lessons[i].held)
			continue;
		labels[n] = dt_local_text(r->arena, j->lessons[i].start_us,
		    DT_TEXT_DATE);
		if (labels[n] == NULL || (labels[n] = arena_strndup(r->arena,
		    labels[n], 5)) == NULL)	/* "03.03" of "03.03.2026" */
			return NULL;
		values[n++] = j->lessons[i].percent == ANALYTICS_NULL ? SVG_NONE :
		    j->lessons[i].percent;
	}
	memset(&c, 0, sizeof(c));
	c.kind = SVG_LINE;
	c.id = "att-chart";
	c.title = "Посещаемость по занятиям, %";
	c.unit = " %";
	c.y_max = 1000;
	c.n = n;
	c.labels = labels;
	c.values = values;
	buf_init(&b, r->arena);
	if (n == 0 || svg_chart(&b, &c) == -1)
		return NULL;
	return buf_str(&b);
}

static int
render(struct req *r, int status, const struct an_group *g,
    const struct journal *j, int64_t edit, const char *error)
{
	struct json_object	*ctx, *o;
	const char		*t, *from = req_query(r, "from"), *to = req_query(r, "to");
	size_t			 li;

	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (t = table(r, j, edit)) == NULL)
		return resp_error(r, 500, "Internal server error");
	o = json_object_new_object();
	json_add_int(o, "id", g->id);
	json_add_str(o, "name", g->name);
	json_object_object_add(ctx, "group", o);
	json_add_bool(ctx, "tab_journal", 1);
	json_add_str(ctx, "table", t);
	json_add_str(ctx, "chart", chart(r, j));
	json_add_int(ctx, "n_lessons", (int64_t)j->nlessons);
	json_add_int(ctx, "n_students", (int64_t)j->nstudents);
	json_add_int(ctx, "held", j->held);
	json_add_str(ctx, "avg", an_percent_text(r->arena, j->avg_percent));
	json_add_str(ctx, "avg_band", an_band(j->avg_percent));
	json_add_bool(ctx, "has_avg", j->avg_percent != ANALYTICS_NULL);
	json_add_int(ctx, "zoom_share", r->cfg->zoom_presence_percent);
	json_add_str(ctx, "from", from ? from : "");
	json_add_str(ctx, "to", to ? to : "");
	if (edit != 0) {
		json_add_int(ctx, "edit", edit);
		for (li = 0; li < j->nlessons && j->lessons[li].id != edit; li++)
			;
		if (li < j->nlessons) {
			json_add_str(ctx, "edit_title", j->lessons[li].title);
			json_add_str(ctx, "edit_when", dt_local_text(r->arena,
			    j->lessons[li].start_us, DT_TEXT_FULL));
			edit_rows(r, j, li, ctx);
		}
	}
	page_done_flash(r, ctx, done_msgs, NDONE);
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "analytics/journal", ctx, arena_printf(r->arena,
	    "Журнал · %s", g->name));
}

static int
build(struct req *r, struct an_group *g, struct an_member **m, size_t *n,
    struct journal *j)
{
	int64_t	 from, to;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, g, m, n) == -1 ||
	    an_dates_or_reply(r, &from, &to) == -1)
		return -1;
	if (journal_build(r->arena, g, *m, *n, from, to, lesson_now(),
	    r->cfg->zoom_presence_percent, j) == -1)
		return resp_error(r, 503, db_down), -1;
	return 0;
}

int
page_journal(struct req *r)
{
	struct an_member	*m;
	struct an_group		 g;
	struct journal		 j;
	const char		*v = req_query(r, "edit");
	int64_t			 edit = 0;
	size_t			 n, i;

	if (build(r, &g, &m, &n, &j) == -1)
		return 0;
	if (v != NULL && *v != '\0') {
		(void)str_to_i64(v, strlen(v), 1, INT64_MAX, &edit);
		for (i = 0; i < j.nlessons && (j.lessons[i].id != edit ||
		    j.lessons[i].cancelled); i++)
			;
		if (i == j.nlessons)
			return resp_error(r, 404, "Занятие не найдено в журнале.");
	}
	return render(r, 200, &g, &j, edit, NULL);
}

static const char *
back(struct req *r, int64_t group, const char *key)
{
	return arena_printf(r->arena, "/groups/%lld/journal?done=%s", (long long)group,
	    key);
}

/* The form: lesson_id and s_{student}=status for a column (an empty value
 * clears), or lesson_id, student_id and status for one cell (the script).
 * Every value is checked before anything is written; the cells are
 * written together, only those that change (a save keeps the others'
 * times). */
int
page_journal_post(struct req *r)
{
	struct an_member	*m;
	struct an_group		 g;
	struct att_mark		*w;
	const char		*v, *msg = NULL;
	int64_t			 lesson = 0, one = 0;
	size_t			 n, i, nw = 0;
	int			 rc;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, &g, &m, &n) == -1)
		return 0;
	v = req_form(r, "lesson_id");
	if (v == NULL || str_to_i64(v, strlen(v), 1, INT64_MAX, &lesson) == -1)
		return resp_error(r, 400, "Не указано занятие.");
	if ((v = req_form(r, "student_id")) != NULL &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &one) == -1)
		return resp_error(r, 400, "Не указан ученик.");
	if ((w = arena_zalloc(r->arena, (n + 1) * sizeof(*w))) == NULL)
		return resp_error(r, 500, "Internal server error");
	for (i = 0; i < n; i++) {
		v = one != 0 ? (m[i].id == one ? req_form(r, "status") : NULL) :
		    req_form(r, arena_printf(r->arena, "s_%lld", (long long)m[i].id));
		if (v == NULL)
			continue;	/* not in the form: left as it is */
		if (*v != '\0' && mark_of(v) == NMARKS)
			return resp_error(r, 400, "Неизвестная отметка посещаемости.");
		w[nw].student_id = m[i].id;
		w[nw++].status = *v != '\0' ? v : NULL;
	}
	rc = nw == 0 ? 0 : journal_marks(r->arena, g.id, lesson, w, nw,
	    ATT_CHANGE, &msg);
	if (rc == JOURNAL_NOT_FOUND)
		return resp_error(r, 404, "Занятие не найдено в журнале.");
	if (rc == ACCOUNT_INVALID)
		return resp_error(r, 400, msg);
	if (rc != 0)
		return resp_error(r, 503, db_down);
	if (one != 0 && strcmp(req_header(r, "HTTP_X_REQUESTED_WITH") ?
	    req_header(r, "HTTP_X_REQUESTED_WITH") : "", "fetch") == 0)
		return resp_text(r, 204, "text/plain", "", 0);
	return resp_redirect(r, 303, back(r, g.id, "saved"));
}

int
page_journal_confirm(struct req *r)
{
	struct an_member	*m;
	struct an_group		 g;
	const char		*v;
	int64_t			 lesson = 0, student = 0, n_ok;
	size_t			 n;
	int			 rc;

	if (an_group_or_reply(r, r->ids[0], AN_OWNER, &g, &m, &n) == -1)
		return 0;
	v = req_form(r, "lesson_id");
	if (v == NULL || str_to_i64(v, strlen(v), 1, INT64_MAX, &lesson) == -1)
		return resp_error(r, 400, "Не указано занятие.");
	if ((v = req_form(r, "student_id")) != NULL && *v != '\0' &&
	    str_to_i64(v, strlen(v), 1, INT64_MAX, &student) == -1)
		return resp_error(r, 400, "Не указан ученик.");
	rc = journal_confirm(r->arena, &g, m, n, lesson, student, lesson_now(),
	    r->cfg->zoom_presence_percent, &n_ok);
	if (rc == JOURNAL_NOT_FOUND)
		return resp_error(r, 404, "Занятие не найдено в журнале.");
	if (rc != 0)
		return resp_error(r, 503, db_down);
	return resp_redirect(r, 303, back(r, g.id, n_ok > 0 ? "confirmed" :
	    "nothing"));
}
