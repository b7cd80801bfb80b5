/* THE route table: every path the server answers, who may call it.
 * R_ANON: anyone; R_USER: anyone signed in; R_STUDENT/R_TEACHER/R_ADMIN:
 * those roles only; R_HTML: a page (session cookie); R_CSRF: the form's
 * CSRF token is checked; R_CACHE: a GET whose answer a worker may reuse
 * (core/cache.h). Paths match with or without the trailing slash;
 * {id} is a positive integer, any other {word} a name (router_name).
 * Prefix aliases (aliases[] below) reach these routes by other paths. */
#include "autoconf.h"

#include <stddef.h>

#include "app/apidoc.h"
#include "app/app.h"
#include "app/app_analytics.h"
#include "app/app_chat.h"
#include "app/app_files.h"
#include "app/app_homework.h"
#include "app/app_hw_pages.h"
#include "app/auth.h"
#include "app/view.h"
#include "core/config.h"
#include "core/req.h"
#include "core/router.h"
#include "core/worker.h"
#include "db/db.h"
#include "domain/lesson.h"
#include "domain/pool.h"
#include "jobs/scheduler.h"

#define PAGE		(R_HTML)
#define FORM		(R_HTML | R_CSRF)

static const struct route routes[] = {
	/* Health and the ceiling for benchmarks. */
	{ "GET",   "/api/ping/",				api_ping,		R_ANON },
	{ "GET",   "/api/health/",				api_health,		R_ANON },
	{ "GET",   "/metrics",					api_metrics,		R_ANON },

	/* This API's description (api/openapi.json), raw and as a page. */
	{ "GET",   "/api/schema/",				api_schema,		R_ANON },
	{ "GET",   "/api/docs/",				page_api_docs,		R_ANON | PAGE },

	/* Registration and JWT, at every path the original's clients use. */
	{ "POST",  "/api/jwt/register/",			api_register,		R_ANON },
	{ "POST",  "/accounts/jwt/register/",			api_register,		R_ANON },
	{ "POST",  "/api/jwt/token/",				api_token,		R_ANON },
	{ "POST",  "/api/jwt/create/",				api_token,		R_ANON },
	{ "POST",  "/api/jwt/token-ci/",			api_token,		R_ANON },
	{ "POST",  "/api/jwt/token-direct/",			api_token,		R_ANON },
	{ "POST",  "/api/jwt/refresh/",				api_token_refresh,	R_ANON },
	{ "POST",  "/api/jwt/verify/",				api_token_verify,	R_ANON },
	{ "POST",  "/api/jwt/logout/",				api_logout,		R_USER },

	/* Email verification: a code and a link (the original's shapes). */
	{ "POST",  "/accounts/api/email/send-verification/",	api_verify_send,	R_ANON },
	{ "POST",  "/accounts/api/email/resend-verification/",	api_verify_send,	R_ANON },
	{ "POST",  "/accounts/api/email/verify-code/",		api_verify_code,	R_ANON },
	{ "GET",   "/accounts/api/email/verify-token/{token}/",	api_verify_token,	R_ANON },
	{ "POST",  "/accounts/api/email/check-status/",		api_verify_status,	R_ANON },

	/* Password reset by an emailed link (the link opens the page below). */
	{ "POST",  "/accounts/api/password-reset/request/",	api_reset_request,	R_ANON | R_ERRKEY },
	{ "GET",   "/accounts/api/password-reset/validate/{uid}/{token}/", api_reset_validate, R_ANON },
	{ "POST",  "/accounts/api/password-reset/confirm/",	api_reset_confirm,	R_ANON | R_ERRKEY },

	/* The caller's profile and password. */
	{ "GET",   "/api/me/",					api_me,			R_USER },
	{ "PUT",   "/api/me/",					api_me_update,		R_USER },
	{ "PATCH", "/api/me/",					api_me_update,		R_USER },
	{ "GET",   "/accounts/api/me/",				api_me,			R_USER },
	{ "PUT",   "/accounts/api/me/",				api_me_update,		R_USER },
	{ "PATCH", "/accounts/api/me/",				api_me_update,		R_USER },
	{ "POST",  "/accounts/api/change-password/",		api_change_password,	R_USER },
	/* The personal iCalendar feed: its URL, a new one, and the feed
	 * itself (no sign-in: the secret token in the path is the key). */
	{ "GET",   "/api/me/calendar-feed/",			api_me_calendar_feed,	R_USER },
	{ "POST",  "/api/me/calendar-feed/reset/",		api_me_calendar_feed_reset, R_USER },
	{ "GET",   "/calendar/{key}.ics",			page_calendar_ics,	R_ANON | PAGE },

	/* Groups (alias /schedule/api/groups/). Literal segments never clash
	 * with {id}, which matches integers only. */
#define GROUP_ROUTES(p) \
	{ "GET",   p "/",				api_groups_list,	R_USER }, \
	{ "POST",  p "/",				api_groups_create,	R_TEACHER }, \
	{ "GET",   p "/preview_by_code/",		api_groups_preview,	R_USER }, \
	{ "POST",  p "/join_by_code/",			api_groups_join,	R_USER }, \
	{ "GET",   p "/{id}/",				api_group_get,		R_USER }, \
	{ "PUT",   p "/{id}/",				api_group_update,	R_TEACHER }, \
	{ "PATCH", p "/{id}/",				api_group_update,	R_TEACHER }, \
	{ "DELETE", p "/{id}/",				api_group_delete,	R_TEACHER }, \
	{ "POST",  p "/{id}/add_students/",		api_group_add_students,	R_TEACHER }, \
	{ "POST",  p "/{id}/remove_students/",		api_group_remove_students, R_TEACHER }, \
	{ "POST",  p "/{id}/regenerate_code/",		api_group_regenerate,	R_TEACHER }, \
	{ "GET",   p "/{id}/students/",			api_group_students,	R_USER }
	GROUP_ROUTES("/api/groups"),
	GROUP_ROUTES("/schedule/api/groups"),

	/* Lessons (alias /schedule/api/lessons/) and attendance (alias
	 * /schedule/api/attendance/). */
#define LESSON_ROUTES(p) \
	{ "GET",   p "/",				api_lessons_list,	R_USER | R_CACHE }, \
	{ "POST",  p "/",				api_lessons_create,	R_TEACHER }, \
	{ "GET",   p "/calendar_feed/",			api_calendar_feed,	R_USER | R_CACHE }, \
	{ "POST",  p "/delete_recurring/",		api_lessons_delete_recurring, R_TEACHER }, \
	{ "GET",   p "/{id}/",				api_lesson_get,		R_USER }, \
	{ "PUT",   p "/{id}/",				api_lesson_update,	R_TEACHER }, \
	{ "PATCH", p "/{id}/",				api_lesson_update,	R_TEACHER }, \
	{ "DELETE", p "/{id}/",				api_lesson_delete,	R_TEACHER }, \
	{ "POST",  p "/{id}/cancel/",			api_lesson_cancel,	R_TEACHER }, \
	{ "POST",  p "/{id}/mark_attendance/",		api_lesson_mark_attendance, R_TEACHER }, \
	{ "POST",  p "/{id}/add_recording/",		api_lesson_add_recording, R_TEACHER }
	/* Starting and ending lessons' meetings (with the lesson routes'
	 * aliases); quick-start before {id} routes, which match integers only. */
#define LESSON_ZOOM_ROUTES(p) \
	{ "POST",  p "/quick-start/",			api_lesson_quick_start,	R_TEACHER }, \
	{ "POST",  p "/{id}/start/",			api_lesson_start,	R_TEACHER }, \
	{ "POST",  p "/{id}/start-new/",		api_lesson_start_new,	R_TEACHER }, \
	{ "POST",  p "/{id}/end/",			api_lesson_end,		R_TEACHER }
	LESSON_ZOOM_ROUTES("/api/schedule/lessons"),
	LESSON_ZOOM_ROUTES("/schedule/api/lessons"),
	LESSON_ROUTES("/api/schedule/lessons"),
	LESSON_ROUTES("/schedule/api/lessons"),
#define ATTENDANCE_ROUTES(p) \
	{ "GET",   p "/",				api_attendance_list,	R_USER }, \
	{ "POST",  p "/",				api_attendance_create,	R_TEACHER }, \
	{ "GET",   p "/{id}/",				api_attendance_get,	R_USER }, \
	{ "PUT",   p "/{id}/",				api_attendance_update,	R_TEACHER }, \
	{ "PATCH", p "/{id}/",				api_attendance_update,	R_TEACHER }, \
	{ "DELETE", p "/{id}/",				api_attendance_delete,	R_TEACHER }
	ATTENDANCE_ROUTES("/api/attendance"),
	ATTENDANCE_ROUTES("/schedule/api/attendance"),

	/* Weekly lessons (alias /schedule/api/recurring-lessons/). Writes
	 * check ownership in the handler: 404 unseen, 403 seen. */
#define RECURRING_ROUTES(p) \
	{ "GET",   p "/",				api_recurring_list,	R_USER }, \
	{ "POST",  p "/",				api_recurring_create,	R_TEACHER }, \
	{ "GET",   p "/{id}/",				api_recurring_get,	R_USER }, \
	{ "PUT",   p "/{id}/",				api_recurring_update,	R_USER }, \
	{ "PATCH", p "/{id}/",				api_recurring_update,	R_USER }, \
	{ "DELETE", p "/{id}/",				api_recurring_delete,	R_USER }, \
	{ "POST",  p "/{id}/generate_lessons/",		api_recurring_generate,	R_USER }
	RECURRING_ROUTES("/api/recurring-lessons"),
	RECURRING_ROUTES("/schedule/api/recurring-lessons"),

	/* Individual invite codes. */
	{ "GET",   "/api/individual-invite-codes/",		api_invites_list,	R_USER },
	{ "POST",  "/api/individual-invite-codes/",		api_invites_create,	R_USER },
	{ "POST",  "/api/individual-invite-codes/regenerate/",	api_invites_regenerate,	R_USER },
	{ "GET",   "/api/individual-invite-codes/preview_by_code/", api_invites_preview, R_USER },
	{ "POST",  "/api/individual-invite-codes/join_by_code/", api_invites_join,	R_USER },
	{ "GET",   "/api/individual-invite-codes/{id}/",	api_invite_get,		R_USER },
	{ "PUT",   "/api/individual-invite-codes/{id}/",	api_invite_update,	R_USER },
	{ "PATCH", "/api/individual-invite-codes/{id}/",	api_invite_update,	R_USER },
	{ "DELETE", "/api/individual-invite-codes/{id}/",	api_invite_delete,	R_USER },

	/* The caller's notifications (lesson reminders). */
	{ "GET",   "/api/notifications/",			api_notifications_list,	R_USER },
	{ "POST",  "/api/notifications/read_all/",		api_notifications_read_all, R_USER },
	{ "POST",  "/api/notifications/{id}/read/",		api_notification_read,	R_USER },

	/* The periodic jobs, at the original's Celery paths. */
	{ "GET",   "/schedule/api/celery/metrics/",		api_jobs_metrics,	R_TEACHER | R_ADMIN },
	{ "POST",  "/schedule/api/celery/trigger/{task_name}/",	api_jobs_trigger,	R_ADMIN },
	{ "GET",   "/schedule/api/celery/status/{id}/",		api_jobs_status,	R_TEACHER | R_ADMIN },

	/* Zoom's events, signed with zoom_webhook_secret (no sign-in, no CSRF). */
	{ "POST",  "/schedule/webhook/zoom/",			api_zoom_webhook,	R_ANON },

	/* Administration; the original's admin API answered errors as
	 * {"error": ...} (R_ERRKEY). */
	{ "GET",   "/api/audit-log/",				api_audit_log,		R_ADMIN },
#define ADM	(R_ADMIN | R_ERRKEY)
	{ "GET",   "/accounts/api/admin/stats/",		api_admin_stats,	ADM },
	{ "POST",  "/accounts/api/admin/create-teacher/",	api_admin_create_teacher, ADM },
	{ "POST",  "/accounts/api/admin/create-student/",	api_admin_create_student, ADM },
	{ "DELETE", "/accounts/api/admin/teachers/{id}/delete/", api_admin_teacher_delete, ADM },
	{ "POST",  "/accounts/api/admin/teachers/{id}/approve/", api_admin_teacher_approve, ADM },
	{ "GET",   "/accounts/api/admin/students/",		api_admin_students,	ADM },
	{ "PATCH", "/accounts/api/admin/students/{id}/update/",	api_admin_student_update, ADM },
	{ "DELETE", "/accounts/api/admin/students/{id}/delete/", api_admin_student_delete, ADM },
	{ "GET",   "/accounts/api/admin/status-messages/",	api_status_list,	R_USER | R_ERRKEY },
	{ "POST",  "/accounts/api/admin/status-messages/",	api_status_create,	ADM },
	{ "DELETE", "/accounts/api/admin/status-messages/{id}/", api_status_delete,	ADM },
	{ "GET",   "/accounts/api/status-messages/",		api_status_list,	R_USER | R_ERRKEY },
	{ "GET",   "/accounts/api/admin/settings/",		api_settings,		ADM },
	{ "PUT",   "/accounts/api/admin/settings/",		api_settings_update,	ADM },
	{ "PATCH", "/accounts/api/admin/settings/",		api_settings_update,	ADM },
	/* Users the caller shares a group with (the original listed everyone). */
	{ "GET",   "/accounts/api/users/",			api_users,		R_USER },

	/* The Zoom pool (admins only, stats included) and the teachers' own
	 * Zoom apps. */
	{ "GET",   "/api/zoom-pool/",				api_pool_list,		R_ADMIN },
	{ "POST",  "/api/zoom-pool/",				api_pool_create,	R_ADMIN },
	{ "GET",   "/api/zoom-pool/stats/",			api_pool_stats,		R_ADMIN },
	{ "GET",   "/api/zoom-pool/{id}/",			api_pool_get,		R_ADMIN },
	{ "PUT",   "/api/zoom-pool/{id}/",			api_pool_update,	R_ADMIN },
	{ "PATCH", "/api/zoom-pool/{id}/",			api_pool_update,	R_ADMIN },
	{ "DELETE", "/api/zoom-pool/{id}/",			api_pool_delete,	R_ADMIN },
	{ "POST",  "/api/zoom-pool/{id}/toggle_active/",	api_pool_toggle,	R_ADMIN },
	{ "POST",  "/api/zoom-pool/{id}/release/",		api_pool_release,	R_ADMIN },
	/* a.6: others get 403 {"detail","error"} from the handler. */
	{ "GET",   "/accounts/api/admin/teachers/",		api_admin_teachers,	R_USER },
	{ "PATCH", "/accounts/api/admin/teachers/{id}/zoom/",	api_admin_teacher_zoom,	R_USER },

	/* Pages. */
	{ "GET",   "/",						page_home,		R_ANON | PAGE },
	{ "GET",   "/login",					page_login,		R_ANON | PAGE },
	{ "POST",  "/login",					page_login_post,	R_ANON | FORM },
	{ "GET",   "/register",					page_register,		R_ANON | PAGE },
	{ "POST",  "/register",					page_register_post,	R_ANON | FORM },
	{ "GET",   "/password-reset",				page_reset_request,	R_ANON | PAGE },
	{ "POST",  "/password-reset",				page_reset_request_post, R_ANON | FORM },
	{ "GET",   "/reset-password/{uid}/{token}",		page_reset_password,	R_ANON | PAGE },
	{ "POST",  "/reset-password/{uid}/{token}",		page_reset_password_post, R_ANON | FORM },
	{ "GET",   "/verify-email/{token}",			page_verify_email,	R_ANON | PAGE },
	{ "GET",   "/logout",					page_logout,		R_ANON | PAGE },
	{ "POST",  "/logout",					page_logout_post,	R_USER | FORM },
	{ "GET",   "/profile",					page_profile,		R_USER | PAGE },
	{ "POST",  "/profile",					page_profile_post,	R_USER | FORM },
	{ "POST",  "/profile/password",				page_password_post,	R_USER | FORM },
	{ "GET",   "/teacher/",					page_dash_teacher,	R_TEACHER | PAGE },
	{ "GET",   "/student/",					page_dash_student,	R_STUDENT | PAGE },
	{ "GET",   "/admin/",					page_dash_admin,	R_ADMIN | PAGE },
	{ "GET",   "/admin/users",				page_admin_users,	R_ADMIN | PAGE },
	{ "POST",  "/admin/users/{id}/role",			page_admin_user_role,	R_ADMIN | FORM },
	{ "POST",  "/admin/users/{id}/active",			page_admin_user_active,	R_ADMIN | FORM },
	{ "POST",  "/admin/users/{id}/password",		page_admin_user_password, R_ADMIN | FORM },
	{ "POST",  "/admin/users/{id}/approve",			page_admin_user_approve, R_ADMIN | FORM },
	{ "GET",   "/admin/audit",				page_admin_audit,	R_ADMIN | PAGE },
	{ "GET",   "/admin/pool",				page_admin_pool,	R_ADMIN | PAGE },
	{ "POST",  "/admin/pool",				page_admin_pool_post,	R_ADMIN | FORM },
	{ "GET",   "/admin/pool/{id}",				page_admin_pool_account, R_ADMIN | PAGE },
	{ "POST",  "/admin/pool/{id}",				page_admin_pool_account_post, R_ADMIN | FORM },
	{ "POST",  "/admin/pool/{id}/toggle",			page_admin_pool_toggle,	R_ADMIN | FORM },
	{ "POST",  "/admin/pool/{id}/release",			page_admin_pool_release, R_ADMIN | FORM },
	{ "POST",  "/admin/pool/{id}/delete",			page_admin_pool_delete,	R_ADMIN | FORM },
	/* The teacher's start button (the lesson page posts it, target=_blank),
	 * and the host link of a started meeting (the API's zoom_start_url). */
	{ "POST",  "/lessons/{id}/start",			page_lesson_start,	R_TEACHER | FORM },
	{ "GET",   "/lessons/{id}/start",			page_lesson_host_link,	R_TEACHER | PAGE },
	/* Groups and individual codes (teachers); joining by code (students). */
	{ "GET",   "/groups",					page_groups,		R_TEACHER | PAGE },
	{ "POST",  "/groups",					page_groups_post,	R_TEACHER | FORM },
	{ "GET",   "/groups/{id}",				page_group,		R_TEACHER | PAGE },
	{ "POST",  "/groups/{id}",				page_group_post,	R_TEACHER | FORM },
	{ "POST",  "/groups/{id}/add",				page_group_add,		R_TEACHER | FORM },
	{ "POST",  "/groups/{id}/remove",			page_group_remove,	R_TEACHER | FORM },
	{ "POST",  "/groups/{id}/code",				page_group_code,	R_TEACHER | FORM },
	{ "POST",  "/groups/{id}/delete",			page_group_delete,	R_TEACHER | FORM },
	{ "GET",   "/invites",					page_invites,		R_TEACHER | PAGE },
	{ "POST",  "/invites",					page_invites_post,	R_TEACHER | FORM },
	{ "POST",  "/invites/{id}/code",			page_invite_code,	R_TEACHER | FORM },
	{ "POST",  "/invites/{id}/delete",			page_invite_delete,	R_TEACHER | FORM },
	/* Weekly lessons (teachers). */
	{ "GET",   "/recurring",				page_recurring,		R_TEACHER | PAGE },
	{ "POST",  "/recurring",				page_recurring_post,	R_TEACHER | FORM },
	{ "GET",   "/recurring/{id}",				page_recurring_one,	R_TEACHER | PAGE },
	{ "POST",  "/recurring/{id}",				page_recurring_one_post, R_TEACHER | FORM },
	{ "POST",  "/recurring/{id}/delete",			page_recurring_delete,	R_TEACHER | FORM },
	{ "POST",  "/recurring/{id}/generate",			page_recurring_generate, R_TEACHER | FORM },
	{ "GET",   "/join",					page_join,		R_STUDENT | PAGE },
	{ "POST",  "/join",					page_join_post,		R_STUDENT | FORM },
	/* Lessons: a teacher's list and forms; the lesson page for its
	 * teacher, its group's students and admins. */
	{ "GET",   "/lessons",					page_lessons,		R_TEACHER | PAGE },
	{ "POST",  "/lessons",					page_lessons_post,	R_TEACHER | FORM },
	{ "GET",   "/lessons/new",				page_lesson_new,	R_TEACHER | PAGE },
	{ "GET",   "/lessons/{id}",				page_lesson,		R_USER | PAGE },
	{ "GET",   "/lessons/{id}/edit",			page_lesson_edit,	R_TEACHER | PAGE },
	{ "POST",  "/lessons/{id}/edit",			page_lesson_edit_post,	R_TEACHER | FORM },
	{ "POST",  "/lessons/{id}/delete",			page_lesson_delete,	R_TEACHER | FORM },
	{ "POST",  "/lessons/{id}/cancel",			page_lesson_cancel,	R_TEACHER | FORM },
	{ "POST",  "/lessons/{id}/attendance",			page_lesson_attendance,	R_TEACHER | FORM },
	{ "GET",   "/calendar",					page_calendar_month,	R_USER | PAGE },
	{ "GET",   "/calendar/week",				page_calendar_week,	R_USER | PAGE },
	{ "GET",   "/calendar/day",				page_calendar_day,	R_USER | PAGE },
	/* Notifications (everyone signed in). */
	{ "GET",   "/notifications",				page_notifications,	R_USER | PAGE },
	{ "POST",  "/notifications/read_all",			page_notifications_read_all, R_USER | FORM },
	{ "POST",  "/notifications/{id}/read",			page_notification_read,	R_USER | FORM },

	/* Stored files: uploads and authorised downloads (nginx serves the
	 * file; pages show them in <img> and <audio> with their cookie). */
	{ "POST",  "/api/homework/upload-file/",		api_homework_upload_file, R_TEACHER },
	{ "POST",  "/api/homework/upload-document-direct/",	api_homework_upload_document, R_TEACHER },
	{ "GET",   "/api/homework/file/{file_id}/",		api_file_get,		R_USER | R_SESSION },
	{ "GET",   "/api/files/{file_id}/",			api_file_get,		R_USER | R_SESSION },

	/* Homework: the API, then the pages. A teacher writes their own
	 * homework and reviews its work; a student takes what is assigned to
	 * them; an admin reads (PHASE2-3.md 1.7). */
	{ "GET",   "/api/homework/",				api_hw_list,		R_USER },
	{ "POST",  "/api/homework/",				api_hw_create,		R_TEACHER },
	{ "GET",   "/api/homework/{id}/",			api_hw_get,		R_USER },
	{ "PUT",   "/api/homework/{id}/",			api_hw_update,		R_TEACHER },
	{ "PATCH", "/api/homework/{id}/",			api_hw_update,		R_TEACHER },
	{ "DELETE", "/api/homework/{id}/",			api_hw_delete,		R_TEACHER },
	{ "POST",  "/api/homework/{id}/publish/",		api_hw_publish,		R_TEACHER },
	{ "POST",  "/api/homework/{id}/archive/",		api_hw_archive,		R_TEACHER },
	{ "GET",   "/api/homework/{id}/assignment-details/",	api_hw_assignment_details, R_TEACHER | R_ADMIN },
	{ "GET",   "/api/homework/{id}/my-answers/",		api_hw_my_answers,	R_USER | R_ERRKEY },
	{ "GET",   "/api/homework/{id}/statistics/",		api_hw_statistics,	R_TEACHER | R_ADMIN },
	{ "POST",  "/api/homework/upload-student-answer/",	api_hw_upload_answer,	R_STUDENT },
	{ "GET",   "/api/submissions/",				api_sub_list,		R_USER },
	{ "POST",  "/api/submissions/",				api_sub_create,		R_STUDENT },
	{ "GET",   "/api/submissions/{id}/",			api_sub_get,		R_USER },
	{ "PATCH", "/api/submissions/{id}/answer/",		api_sub_answer,		R_STUDENT | R_ERRKEY },
	{ "POST",  "/api/submissions/{id}/submit/",		api_sub_submit,		R_STUDENT | R_ERRKEY },
	{ "PATCH", "/api/submissions/{id}/update_answer/",	api_sub_update_answer,	R_TEACHER | R_ERRKEY },
	{ "PATCH", "/api/submissions/{id}/feedback/",		api_sub_feedback,	R_TEACHER | R_ERRKEY },
	{ "POST",  "/api/submissions/{id}/grade/",		api_sub_grade,		R_TEACHER | R_ERRKEY },
	{ "POST",  "/api/submissions/{id}/complete_review/",	api_sub_complete_review, R_TEACHER | R_ERRKEY },
	{ "POST",  "/api/submissions/{id}/send_for_revision/",	api_sub_send_for_revision, R_TEACHER | R_ERRKEY },
	/* The homework pages: the teacher's list, constructor (a form per
	 * question; media by forms that post a file), assignment, review and
	 * statistics (admins read the last two); the student's to-do list,
	 * take page, files and result. */
#define UPLOAD	(R_HTML | R_CSRF | R_UPLOAD)
	{ "GET",   "/homework",					page_hw_list,		R_TEACHER | PAGE },
	{ "POST",  "/homework",					page_hw_create,		R_TEACHER | FORM },
	{ "GET",   "/homework/new",				page_hw_new,		R_TEACHER | PAGE },
	{ "GET",   "/homework/{id}/edit",			page_hw_edit,		R_TEACHER | PAGE },
	{ "POST",  "/homework/{id}/edit",			page_hw_edit_post,	R_TEACHER | FORM },
	{ "GET",   "/homework/{id}/assign",			page_hw_assign,		R_TEACHER | PAGE },
	{ "POST",  "/homework/{id}/assign",			page_hw_assign_post,	R_TEACHER | FORM },
	{ "POST",  "/homework/{id}/publish",			page_hw_publish,	R_TEACHER | FORM },
	{ "POST",  "/homework/{id}/archive",			page_hw_archive,	R_TEACHER | FORM },
	{ "POST",  "/homework/{id}/delete",			page_hw_delete,		R_TEACHER | FORM },
	{ "POST",  "/homework/{id}/order",			page_hw_order,		R_TEACHER | FORM },
	{ "POST",  "/homework/{id}/media",			page_hw_media,		R_TEACHER | UPLOAD },
	{ "GET",   "/homework/{id}/questions/new",		page_hwq_new,		R_TEACHER | PAGE },
	{ "POST",  "/homework/{id}/questions",			page_hwq_create,	R_TEACHER | FORM },
	{ "GET",   "/homework/{id}/questions/{qid}",		page_hwq_edit,		R_TEACHER | PAGE },
	{ "POST",  "/homework/{id}/questions/{qid}",		page_hwq_save,		R_TEACHER | FORM },
	{ "POST",  "/homework/{id}/questions/{qid}/move",	page_hwq_move,		R_TEACHER | FORM },
	{ "POST",  "/homework/{id}/questions/{qid}/delete",	page_hwq_delete,	R_TEACHER | FORM },
	{ "POST",  "/homework/{id}/questions/{qid}/media",	page_hwq_media,		R_TEACHER | UPLOAD },
	{ "GET",   "/homework/{id}/stats",			page_hw_stats,		R_TEACHER | R_ADMIN | PAGE },
	{ "GET",   "/submissions/{id}/review",			page_sub_review,	R_TEACHER | R_ADMIN | PAGE },
	{ "POST",  "/submissions/{id}/review",			page_sub_review_post,	R_TEACHER | FORM },
	{ "GET",   "/student/homework",				page_hw_todo,		R_STUDENT | PAGE },
	{ "GET",   "/student/homework/{id}",			page_hw_take,		R_STUDENT | PAGE },
	{ "POST",  "/student/homework/{id}",			page_hw_answer,		R_STUDENT | FORM },
	{ "POST",  "/student/homework/{id}/start",		page_hw_start,		R_STUDENT | FORM },
	{ "POST",  "/student/homework/{id}/upload",		page_hw_upload,		R_STUDENT | UPLOAD },
	{ "POST",  "/student/homework/{id}/submit",		page_hw_submit,		R_STUDENT | FORM },
	{ "GET",   "/student/homework/{id}/result",		page_hw_result,		R_STUDENT | PAGE },

	/* Analytics: the API, then the pages. */
	{ "GET",   "/api/groups/{id}/attendance-log/",		api_journal,		R_USER },
	{ "POST",  "/api/groups/{id}/attendance-log/update/",	api_journal_update,	R_TEACHER },
	{ "POST",  "/api/groups/{id}/attendance-log/confirm/",	api_journal_confirm,	R_TEACHER },
	{ "GET",   "/api/groups/{id}/rating/",			api_rating,		R_USER },
	{ "GET",   "/api/groups/{id}/report/",			api_report,		R_USER },
	{ "GET",   "/api/groups/{id}/report/export/",		api_report_export,	R_USER },
	{ "GET",   "/api/teacher-stats/group_rating/",		api_group_rating_hms,	R_USER },
	{ "GET",   "/api/analytics/summary-report/",		api_summary_report,	R_USER },
	{ "GET",   "/api/gradebook/",				api_gradebook,		R_USER },
	{ "GET",   "/api/badges/",				api_badges,		R_USER },
	{ "GET",   "/api/teacher-stats/summary/",		api_teacher_summary,	R_TEACHER | R_ADMIN },
	{ "GET",   "/api/student-stats/summary/",		api_student_summary,	R_STUDENT },
	{ "GET",   "/api/control-points/",			api_cp_list,		R_USER },
	{ "POST",  "/api/control-points/",			api_cp_create,		R_TEACHER },
	{ "GET",   "/api/control-points/{id}/",			api_cp_get,		R_USER },
	{ "PUT",   "/api/control-points/{id}/",			api_cp_update,		R_TEACHER },
	{ "PATCH", "/api/control-points/{id}/",			api_cp_update,		R_TEACHER },
	{ "DELETE", "/api/control-points/{id}/",		api_cp_delete,		R_TEACHER },
	{ "GET",   "/api/control-points/{id}/results/",		api_cp_results,		R_USER },
	{ "PUT",   "/api/control-points/{id}/results/",		api_cp_results_put,	R_TEACHER },
	{ "GET",   "/api/control-point-results/",		api_cpr_list,		R_USER },
	{ "POST",  "/api/control-point-results/",		api_cpr_create,		R_TEACHER },
	{ "GET",   "/api/control-point-results/{id}/",		api_cpr_get,		R_USER },
	{ "PUT",   "/api/control-point-results/{id}/",		api_cpr_update,		R_TEACHER },
	{ "PATCH", "/api/control-point-results/{id}/",		api_cpr_update,		R_TEACHER },
	{ "DELETE", "/api/control-point-results/{id}/",		api_cpr_delete,		R_TEACHER },

	/* The student's join button (the lesson page and the dashboard);
	 * the group's journal and control points (its teacher). */
	{ "POST",  "/lessons/{id}/join",			page_lesson_join,	R_STUDENT | FORM },
	{ "GET",   "/groups/{id}/journal",			page_journal,		R_TEACHER | PAGE },
	{ "POST",  "/groups/{id}/journal",			page_journal_post,	R_TEACHER | FORM },
	{ "POST",  "/groups/{id}/journal/confirm",		page_journal_confirm,	R_TEACHER | FORM },
	{ "GET",   "/groups/{id}/control-points",		page_cp_list,		R_TEACHER | PAGE },
	{ "POST",  "/groups/{id}/control-points",		page_cp_create,		R_TEACHER | FORM },
	{ "GET",   "/control-points/{id}",			page_cp,		R_TEACHER | PAGE },
	{ "POST",  "/control-points/{id}",			page_cp_results,	R_TEACHER | FORM },
	{ "POST",  "/control-points/{id}/edit",			page_cp_edit,		R_TEACHER | FORM },
	{ "POST",  "/control-points/{id}/delete",		page_cp_delete,		R_TEACHER | FORM },
	{ "GET",   "/groups/{id}/rating",			page_rating,		R_USER | PAGE },
	{ "GET",   "/groups/{id}/gradebook",			page_gradebook,		R_TEACHER | PAGE },
	{ "GET",   "/groups/{id}/report",			page_report,		R_TEACHER | PAGE },
	{ "GET",   "/groups/{id}/report/export",		page_report_export,	R_TEACHER | PAGE },

	/* Chat and live delivery: the API, then the pages. The original's
	 * chat answered its own errors as {"error": ...} (R_ERRKEY). */
#define CHAT_ROUTES(p) \
	{ "GET",   p "/chats/",				api_chats_list,		R_USER | R_ERRKEY }, \
	{ "POST",  p "/chats/",				api_chats_create_group,	R_USER | R_ERRKEY }, \
	{ "GET",   p "/chats/unread/",			api_chats_unread,	R_USER | R_ERRKEY }, \
	{ "POST",  p "/chats/create_private/",		api_chats_create_private, R_USER | R_ERRKEY }, \
	{ "POST",  p "/chats/create_group/",		api_chats_create_group,	R_USER | R_ERRKEY }, \
	{ "GET",   p "/chats/{id}/",			api_chat_get,		R_USER | R_ERRKEY }, \
	{ "PUT",   p "/chats/{id}/",			api_chat_update,	R_USER | R_ERRKEY }, \
	{ "PATCH", p "/chats/{id}/",			api_chat_update,	R_USER | R_ERRKEY }, \
	{ "DELETE", p "/chats/{id}/",			api_chat_delete,	R_USER | R_ERRKEY }, \
	{ "POST",  p "/chats/{id}/add_participants/",	api_chat_add_participants, R_USER | R_ERRKEY }, \
	{ "POST",  p "/chats/{id}/remove_participant/",	api_chat_remove_participant, R_USER | R_ERRKEY }, \
	{ "POST",  p "/chats/{id}/leave/",		api_chat_leave,		R_USER | R_ERRKEY }, \
	{ "POST",  p "/chats/{id}/mute_member/",	api_chat_mute_member,	R_USER | R_ERRKEY }, \
	{ "POST",  p "/chats/{id}/typing/",		api_chat_typing,	R_USER | R_ERRKEY }, \
	{ "GET",   p "/messages/",			api_messages_list,	R_USER | R_ERRKEY }, \
	{ "POST",  p "/messages/",			api_messages_send,	R_USER | R_ERRKEY }, \
	{ "GET",   p "/messages/search/",		api_messages_search,	R_USER | R_ERRKEY }, \
	{ "POST",  p "/messages/mark_chat_as_read/",	api_messages_mark_chat_read, R_USER | R_ERRKEY }, \
	{ "GET",   p "/messages/{id}/",			api_message_get,	R_USER | R_ERRKEY }, \
	{ "PUT",   p "/messages/{id}/",			api_message_update,	R_USER | R_ERRKEY }, \
	{ "PATCH", p "/messages/{id}/",			api_message_update,	R_USER | R_ERRKEY }, \
	{ "DELETE", p "/messages/{id}/",		api_message_delete,	R_USER | R_ERRKEY }, \
	{ "POST",  p "/messages/{id}/mark_as_read/",	api_message_mark_read,	R_USER | R_ERRKEY }, \
	{ "GET",   p "/users/search/",			api_users_search,	R_USER | R_ERRKEY }, \
	{ "GET",   p "/users/search/{id}/",		api_users_search_one,	R_USER | R_ERRKEY }
	CHAT_ROUTES("/accounts/api"),		/* and /api/... (aliases below) */
	/* An attachment for a chat (multipart: file, chat_id), then sent with
	 * POST messages/ {"file_id"}; downloads are GET /api/files/{file_id}/. */
	{ "POST",  "/api/chat/upload/",				api_chat_upload,	R_USER | R_ERRKEY },
	/* The live stream: a ticket for API clients, and the door nginx hands
	 * to nchan (its own check: the page session or a ticket). */
	{ "POST",  "/api/realtime/ticket/",			api_realtime_ticket,	R_USER },
	{ "GET",   "/api/realtime/connect/",			api_realtime_connect,	R_ANON },
	/* The chat pages (everyone signed in; a chat's members only), and what
	 * static/chat.js asks with the page session (JSON). */
	{ "GET",   "/chat",					page_chat_list,		R_USER | PAGE },
	{ "GET",   "/chat/new",					page_chat_new,		R_USER | PAGE },
	{ "POST",  "/chat/new",					page_chat_new_post,	R_USER | FORM },
	{ "GET",   "/chat/unread",				page_chat_unread,	R_USER | PAGE },
	{ "GET",   "/chat/{id}",				page_chat_thread,	R_USER | PAGE },
	{ "POST",  "/chat/{id}",				page_chat_send,		R_USER | FORM },
	/* A file and its caption (multipart: its CSRF token in the body). */
	{ "POST",  "/chat/{id}/file",				page_chat_file,		R_USER | FORM | R_UPLOAD },
	{ "GET",   "/chat/{id}/since",				page_chat_since,	R_USER | PAGE },
	{ "POST",  "/chat/{id}/read",				page_chat_read,		R_USER | FORM },
	{ "POST",  "/chat/{id}/typing",				page_chat_typing,	R_USER | FORM },
	{ "POST",  "/chat/{id}/settings",			page_chat_settings,	R_USER | FORM },
	{ "POST",  "/chat/{id}/mute",				page_chat_mute,		R_USER | FORM },
	{ "POST",  "/chat/{id}/leave",				page_chat_leave,	R_USER | FORM },
	{ "GET",   "/chat/messages/{id}/edit",			page_chat_message_edit,	R_USER | PAGE },
	{ "POST",  "/chat/messages/{id}/edit",			page_chat_message_edit_post, R_USER | FORM },
	{ "POST",  "/chat/messages/{id}/delete",		page_chat_message_delete, R_USER | FORM },
};

/* API.md 0.8: the prefixes the original's clients put before the paths
 * above. A path with no route of its own is tried with its alias's prefix
 * (twice over: /api/api/admin/settings/ is /accounts/api/admin/settings/);
 * the route, its flags and its answers are the target's. */
static const struct route_alias aliases[] = {
	{ "/api/accounts/",	"/accounts/" },		/* /api/accounts/api/me/ */
	{ "/api/api/",		"/api/" },		/* /api/api/schedule/lessons/ */
	{ "/api/",		"/accounts/api/" },	/* /api/change-password/ */
};

/* Worker-lifetime state beyond templates and the database. */
static int
app_init(const struct config *cfg)
{
	view_init(cfg->base_url);
	lesson_init(cfg);
	return apidoc_load(cfg->api_dir) || pool_init(cfg) || file_init(cfg) ||
	    chat_init(cfg);
}

/* A failed answer after a lock conflict in the database (a deadlock or a
 * lock wait it rolled back) that changed nothing: the request may be run
 * again, as if it came a moment later (core/worker.h). */
static int
app_retry(struct req *r, uint64_t before)
{
	return r->status >= 500 && db_last_error() == DB_ERR_LOCK &&
	    db_effects() == before;
}

const struct worker_app app = {
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.aliases = aliases,
	.naliases = sizeof(aliases) / sizeof(aliases[0]),
	.authorize = auth_authorize,
	.scheduler = scheduler_main,
	.init = app_init,
	.data_version = auth_data_version,
	.effects = db_effects,
	.retry = app_retry,
};
