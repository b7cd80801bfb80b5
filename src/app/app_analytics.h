/* The analytics module's faces (PHASE2-3.md section 2): the attendance
 * journal, control points, attendance from Zoom; their helpers. Declared
 * here, not in app.h, so the phase 2 and 3 modules merge cleanly. */
#ifndef APP_APP_ANALYTICS_H
#define APP_APP_ANALYTICS_H

#include <stddef.h>
#include <stdint.h>

#include "db/db_analytics.h"	/* struct an_group, an_member */
#include "db/db_summary.h"	/* struct student_group */
#include "domain/report.h"	/* struct report */

struct an_group;
struct an_member;
struct arena;
struct json_object;
struct lesson_errs;
struct req;

/* 400 {"detail": first message, "<field>": [msg], ...}: the field errors
 * the original gave, and the detail every error body carries. Returns 0. */
int	 an_errs(struct req *, const struct lesson_errs *);

/* A member's FullName (API.md 0.9), in the arena. */
const char *an_full_name(struct arena *, const struct an_member *);

/* Who may read a group's analytics. */
enum an_access {
	AN_OWNER,		/* the owner teacher and admins */
	AN_MEMBERS,		/* also its students (each sees their own row) */
};
/* The group of id with its members (names filled in) if the caller may
 * read it: 0. Otherwise an answer was sent and -1: 404 for a group the
 * caller cannot see (missing, another teacher's, a student not in it),
 * 403 for a member student where only the owner may read. page: the HTML
 * face's answers. */
int	 an_group_or_reply(struct req *, int64_t id, enum an_access,
	    struct an_group *, struct an_member **, size_t *n);

/* ?from=YYYY-MM-DD&to=YYYY-MM-DD (local dates, both ends included; either
 * may be absent): 0 and the UTC instants [*from_us, *to_us), both 0 when
 * neither is given; -1 after a 400. */
int	 an_dates_or_reply(struct req *, int64_t *from_us, int64_t *to_us);

/* Pages: a percent's colour band (HMS:71: band-green 100, band-orange
 * 67..99, band-red below, band-none for null) and its text ("83,3", "—"). */
const char *an_band(int64_t tenths);
struct arena;
const char *an_percent_text(struct arena *, int64_t tenths);

/* The journal page: page_journal.c. */
int	 page_journal(struct req *);
int	 page_journal_post(struct req *);
int	 page_journal_confirm(struct req *);

/* Rating, gradebook and report pages, the dashboards' parts:
 * page_report.c. an_dash_teacher adds "summary" to a dashboard's context,
 * an_dash_student "badges", "an_groups" and "points_chart" (each left
 * out when it cannot be read: a dashboard still shows). */
int	 page_rating(struct req *);
int	 page_gradebook(struct req *);
int	 page_report(struct req *);
int	 page_report_export(struct req *);
void	 an_dash_teacher(struct req *, struct json_object *ctx);
void	 an_dash_student(struct req *, struct json_object *ctx);

/* Control point pages: page_controlpoints.c. */
int	 page_cp_list(struct req *);
int	 page_cp_create(struct req *);
int	 page_cp(struct req *);
int	 page_cp_results(struct req *);
int	 page_cp_edit(struct req *);
int	 page_cp_delete(struct req *);

/* The student's tracked join button: page_zoomjoin.c. */
int	 page_lesson_join(struct req *);

/* The attendance journal: api_journal.c. */
int	 api_journal(struct req *);
int	 api_journal_update(struct req *);
int	 api_journal_confirm(struct req *);

/* The rating, gradebook, report and export: api_report.c. The JSON of a
 * rating (the caller decides emails: students get none), a gradebook row,
 * a report, a student's badges ({badge_type, title, homework_id, period,
 * earned_at} and student_id when with_student); NULL on overflow. */
struct report;
struct report_row;
struct report_scope;
struct rp_badge;
struct table;
struct json_object *an_view_rating(struct req *, const struct report *,
	    const char *month, const struct report_scope *);
struct json_object *an_view_gradebook_row(struct arena *,
	    const struct report_row *);
struct json_object *an_view_report(struct arena *, const struct report *);
struct json_object *an_view_badges(struct arena *, const struct rp_badge *,
	    size_t n, int with_student);
/* The report as the export's 18 columns and its "Среднее" row: 0, -1. */
int	 an_report_table(struct arena *, const struct report *, struct table *);
/* Answer with the report as a CSV or XLSX download (format "csv" or
 * "xlsx"; another: 400). Returns 0. */
int	 an_export_or_reply(struct req *, const struct report *, const char *format);
int	 api_rating(struct req *);
int	 api_group_rating_hms(struct req *);
int	 api_gradebook(struct req *);
int	 api_report(struct req *);
int	 api_summary_report(struct req *);
int	 api_report_export(struct req *);

/* Summaries: api_summary.c. The teacher's summary object (NULL on a
 * database error); the caller's groups with each group's report of a month
 * "YYYY-MM" (with ranks) and the caller's row in it (a student's dashboard;
 * the all-time summary reads the rollups instead); the caller's rating
 * points at the end of each of the last months (labels "MM.YY", values in
 * tenths, for a chart). 0 or -1. */
struct student_report {
	const struct student_group	*g;
	struct an_group			 ag;
	struct report			 rep;
	const struct report_row		*me;
};
struct json_object *an_teacher_summary(struct req *);
int	 an_student_groups(struct req *, const char *month,
	    struct student_report **, size_t *n);
int	 an_points_series(struct req *, int64_t student, int months,
	    const char ***labels, int64_t **values, size_t *n);
int	 api_teacher_summary(struct req *);
int	 api_student_summary(struct req *);

/* Badges: api_badges.c. */
int	 api_badges(struct req *);

/* Control points: api_controlpoints.c. The Control point object (id,
 * title, teacher, group, group_name, lesson, max_points, date, created_at,
 * results_count) and the results of one: {"control_point", "results":
 * [{"student_id", "student_name", "points", "percent"}]}, a row per
 * member of m[n] (a student's own row only, for a student). NULL on
 * overflow or a database error. */
struct controlpoint;
struct arena;
struct json_object *an_view_cp(struct arena *, const struct controlpoint *);
struct json_object *an_view_cp_results(struct req *,
	    const struct controlpoint *, const struct an_member *, size_t n);
int	 api_cp_list(struct req *);
int	 api_cp_create(struct req *);
int	 api_cp_get(struct req *);
int	 api_cp_update(struct req *);
int	 api_cp_delete(struct req *);
int	 api_cp_results(struct req *);
int	 api_cp_results_put(struct req *);
int	 api_cpr_list(struct req *);
int	 api_cpr_create(struct req *);
int	 api_cpr_get(struct req *);
int	 api_cpr_update(struct req *);
int	 api_cpr_delete(struct req *);

#endif
