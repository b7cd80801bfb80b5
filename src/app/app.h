/* The application: the route table and its handlers. */
#ifndef APP_APP_H
#define APP_APP_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct field_err;
struct json_object;
struct req;
struct user;
struct worker_app;

/* The route table and hooks, for the worker. */
extern const struct worker_app app;

/* Answers shared by the API handlers; each returns 0. */
int	 api_db_error(struct req *);		/* 503 when down or locked, else 500 */
int	 api_throttled(struct req *, int64_t retry_after);	/* 429 */
/* {"detail": msg, "error": msg}: where the original answered "error". */
int	 api_error2(struct req *, int status, const char *msg);
struct lesson_errs;
/* 400 with broken rules as DRF writes them: {"field": [msg]},
 * {"non_field_errors": [msg]} or a bare ["msg"]. */
int	 api_lesson_errs(struct req *, const struct lesson_errs *);

/* Where a role lands after signing in. */
const char *page_dashboard_path(unsigned role);

/* Page helpers (page_groups.c, page_invites.c). A message shown after a
 * redirect to path?done=key: only keys of a fixed table, never text. */
struct page_msg {
	const char	*key, *text;
};
/* ctx.flash = {kind ("ok", "error"), text}. */
void	 page_flash(struct json_object *ctx, const char *kind, const char *text);
/* A form's error: ctx.errors.{field} = msg, or the error flash when the
 * field is "" (err NULL: nothing). */
void	 page_form_error(struct json_object *ctx, const struct field_err *err);
/* The flash for ?done= if it is a key of msgs[n]. */
void	 page_done_flash(struct req *, struct json_object *ctx,
	    const struct page_msg *msgs, size_t n);
/* 303 to path?done=key (path NULL: 500). Returns 0. */
int	 page_redirect_done(struct req *, const char *path, const char *key);
/* base + "/join?code=" + code escaped for a URL; NULL on overflow. */
const char *page_join_url(struct req *, const char *base, const char *code);
/* On the student's dashboard after /join: ?joined={group id} as a flash,
 * if the caller is in that group. */
void	 page_joined_flash(struct req *, struct json_object *ctx);

/* Lesson pages (page_lessons.c), shared with the dashboards and the
 * calendar. One lesson as the pages show it: id, title, group_id,
 * group_name, when ("пн, 23.11.2026 10:00–11:30", configured zone),
 * start_hm, end_hm, status, status_text, cancelled; for its teacher
 * can_start (not cancelled, not ended) and startable (also from 15 minutes
 * before the start); for a student can_join (the tracked join button,
 * POST /lessons/{id}/join) once a meeting exists, while the lesson is
 * open. NULL on overflow. */
struct lesson;
struct json_object *page_lesson_item(struct req *, const struct lesson *,
	    int64_t now_us);
/* The local date (days since 1970-01-01, configured zone) of an instant in
 * microseconds, and the instant a local date starts. */
int64_t	 page_local_day(int64_t us);
int64_t	 page_day_start(int64_t days);

/* Handlers, one group per file (api_<resource>.c, page_<resource>.c). */
int	 api_ping(struct req *);
int	 api_health(struct req *);
int	 api_metrics(struct req *);
int	 api_schema(struct req *);
int	 page_api_docs(struct req *);
int	 api_register(struct req *);
int	 api_token(struct req *);
int	 api_token_refresh(struct req *);
int	 api_token_verify(struct req *);
int	 api_logout(struct req *);
int	 api_me(struct req *);
int	 api_me_update(struct req *);
int	 api_change_password(struct req *);

int	 api_verify_send(struct req *);
int	 api_verify_code(struct req *);
int	 api_verify_token(struct req *);
int	 api_verify_status(struct req *);
int	 api_reset_request(struct req *);
int	 api_reset_validate(struct req *);
int	 api_reset_confirm(struct req *);
int	 page_reset_request(struct req *);
int	 page_reset_request_post(struct req *);
int	 page_reset_password(struct req *);
int	 page_reset_password_post(struct req *);
int	 page_verify_email(struct req *);
int	 api_admin_stats(struct req *);
int	 api_admin_create_teacher(struct req *);
int	 api_admin_create_student(struct req *);
int	 api_admin_teacher_delete(struct req *);
int	 api_admin_teacher_approve(struct req *);
int	 api_admin_students(struct req *);
int	 api_admin_student_update(struct req *);
int	 api_admin_student_delete(struct req *);
int	 api_users(struct req *);
int	 api_status_list(struct req *);
int	 api_status_create(struct req *);
int	 api_status_delete(struct req *);
int	 api_settings(struct req *);
int	 api_settings_update(struct req *);

int	 api_groups_list(struct req *);
int	 api_groups_create(struct req *);
int	 api_group_get(struct req *);
int	 api_group_update(struct req *);
int	 api_group_delete(struct req *);
int	 api_group_add_students(struct req *);
int	 api_group_remove_students(struct req *);
int	 api_group_regenerate(struct req *);
int	 api_group_students(struct req *);
int	 api_groups_preview(struct req *);
int	 api_groups_join(struct req *);
int	 api_invites_list(struct req *);
int	 api_invites_create(struct req *);
int	 api_invite_get(struct req *);
int	 api_invite_update(struct req *);
int	 api_invite_delete(struct req *);
int	 api_invites_regenerate(struct req *);
int	 api_invites_preview(struct req *);
int	 api_invites_join(struct req *);

int	 api_lessons_list(struct req *);
int	 api_lessons_create(struct req *);
int	 api_lesson_get(struct req *);
int	 api_lesson_update(struct req *);
int	 api_lesson_delete(struct req *);
int	 api_lesson_cancel(struct req *);
int	 api_lesson_mark_attendance(struct req *);
int	 api_lesson_add_recording(struct req *);
int	 api_calendar_feed(struct req *);
int	 api_me_calendar_feed(struct req *);
int	 api_me_calendar_feed_reset(struct req *);
int	 page_calendar_ics(struct req *);
int	 api_lessons_delete_recurring(struct req *);
int	 api_recurring_list(struct req *);
int	 api_recurring_create(struct req *);
int	 api_recurring_get(struct req *);
int	 api_recurring_update(struct req *);
int	 api_recurring_delete(struct req *);
int	 api_recurring_generate(struct req *);
int	 api_attendance_list(struct req *);
int	 api_attendance_create(struct req *);
int	 api_attendance_get(struct req *);
int	 api_attendance_update(struct req *);
int	 api_attendance_delete(struct req *);

int	 api_audit_log(struct req *);
int	 api_zoom_webhook(struct req *);
int	 api_jobs_metrics(struct req *);
int	 api_jobs_trigger(struct req *);
int	 api_jobs_status(struct req *);
int	 api_notifications_list(struct req *);
int	 api_notification_read(struct req *);
int	 api_notifications_read_all(struct req *);

struct pool_result;
/* The answer for a failed start or end (429 with Retry-After, else the
 * pool's status and message). Returns 0. */
int	 api_pool_failure(struct req *, const struct pool_result *);
int	 api_lesson_start(struct req *);
int	 api_lesson_start_new(struct req *);
int	 api_lesson_end(struct req *);
int	 api_lesson_quick_start(struct req *);
int	 api_pool_list(struct req *);
int	 api_pool_create(struct req *);
int	 api_pool_get(struct req *);
int	 api_pool_update(struct req *);
int	 api_pool_delete(struct req *);
int	 api_pool_stats(struct req *);
int	 api_pool_toggle(struct req *);
int	 api_pool_release(struct req *);
int	 api_admin_teachers(struct req *);
int	 api_admin_teacher_zoom(struct req *);
int	 page_admin_pool(struct req *);
int	 page_admin_pool_post(struct req *);
int	 page_admin_pool_account(struct req *);
int	 page_admin_pool_account_post(struct req *);
int	 page_admin_pool_toggle(struct req *);
int	 page_admin_pool_release(struct req *);
int	 page_admin_pool_delete(struct req *);
int	 page_lesson_start(struct req *);
int	 page_lesson_host_link(struct req *);

int	 page_admin_users(struct req *);
int	 page_admin_user_role(struct req *);
int	 page_admin_user_active(struct req *);
int	 page_admin_user_password(struct req *);
int	 page_admin_user_approve(struct req *);
int	 page_admin_audit(struct req *);
int	 page_home(struct req *);
int	 page_dash_teacher(struct req *);
int	 page_dash_student(struct req *);
int	 page_dash_admin(struct req *);
int	 page_login(struct req *);
int	 page_login_post(struct req *);
int	 page_register(struct req *);
int	 page_register_post(struct req *);
int	 page_logout(struct req *);
int	 page_logout_post(struct req *);
int	 page_profile(struct req *);
int	 page_profile_post(struct req *);
int	 page_password_post(struct req *);
int	 page_groups(struct req *);
int	 page_groups_post(struct req *);
int	 page_group(struct req *);
int	 page_group_post(struct req *);
int	 page_group_add(struct req *);
int	 page_group_remove(struct req *);
int	 page_group_code(struct req *);
int	 page_group_delete(struct req *);
int	 page_invites(struct req *);
int	 page_invites_post(struct req *);
int	 page_invite_code(struct req *);
int	 page_invite_delete(struct req *);
int	 page_recurring(struct req *);
int	 page_recurring_post(struct req *);
int	 page_recurring_one(struct req *);
int	 page_recurring_one_post(struct req *);
int	 page_recurring_delete(struct req *);
int	 page_recurring_generate(struct req *);
int	 page_join(struct req *);
int	 page_join_post(struct req *);
int	 page_lessons(struct req *);
int	 page_lessons_post(struct req *);
int	 page_lesson_new(struct req *);
int	 page_lesson(struct req *);
int	 page_lesson_edit(struct req *);
int	 page_lesson_edit_post(struct req *);
int	 page_lesson_delete(struct req *);
int	 page_lesson_cancel(struct req *);
int	 page_lesson_attendance(struct req *);
int	 page_calendar_month(struct req *);
int	 page_calendar_week(struct req *);
int	 page_calendar_day(struct req *);
int	 page_notifications(struct req *);
int	 page_notification_read(struct req *);
int	 page_notifications_read_all(struct req *);

#endif
