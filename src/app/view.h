/* The JSON shapes of the API's objects, built once for both faces: the
 * API returns them, the pages render them. */
#ifndef APP_VIEW_H
#define APP_VIEW_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct group;
struct icode;
struct json_object;
struct user;

/* UserProfile: id, email, phone_number, names, role, avatar, ... */
struct json_object *view_user_profile(struct arena *, const struct user *);
/* Group: id, name, description, teacher (UserBrief), students, student_count,
 * invite_code (null unless show_code), kind, created_at, updated_at. */
struct json_object *view_group(struct arena *, const struct group *,
	    int show_code);
/* InviteCode: id, teacher (UserBrief), subject, invite_code, is_used,
 * used_by, used_by_email, used_by_name, used_at, created_at, plus
 * max_uses, use_count, expires_at, is_expired. */
struct json_object *view_icode(struct arena *, const struct icode *);
struct audit_row;
/* Audit log entries: id, user, user_email, action, resource_type,
 * resource_id, ip_address, user_agent, details (object), timestamp. */
struct json_object *view_audit_rows(struct arena *, const struct audit_row *,
	    size_t n);

/* Lessons: the fields that depend on the caller. */
#define VIEW_NOTES	0x1	/* the teacher's notes */
#define VIEW_START_URL	0x2	/* zoom_start_url: the site's start link of
				   the owner's meeting (Zoom's is never stored) */
/* The site's public URL for the links views carry (once per worker). */
void	 view_init(const char *base_url);
struct lesson;
struct attendance;
struct recording;
/* Lesson: id, title, group, group_name, teacher, teacher_name, start_time,
 * end_time, duration_minutes, topics, location, zoom_*, notes,
 * record_lesson, recording_available_for_days, status, created_at,
 * updated_at; notes and zoom_start_url only with their flags. */
struct json_object *view_lesson(struct arena *, const struct lesson *,
	    unsigned flags, int64_t now_us);
/* LessonDetail: the lesson with group as a Group, teacher as a UserBrief,
 * attendances and recordings, without group_name and teacher_name. */
struct json_object *view_lesson_detail(struct arena *, const struct lesson *,
	    const struct group *, int show_code, const struct attendance *,
	    size_t natt, const struct recording *, size_t nrec, unsigned flags,
	    int64_t now_us);
struct notification;
/* Notification: id, kind, lesson (id or null), title, text, is_read,
 * read_at, created_at, url (the lesson's page or null). */
struct json_object *view_notification(struct arena *,
	    const struct notification *);
/* Attendance: id, lesson, lesson_title, student, student_name, status,
 * notes, marked_at. */
struct json_object *view_attendance(struct arena *, const struct attendance *);
struct recurring;
/* RecurringLesson: id, title, teacher (UserBrief), teacher_name, group
 * (Group), group_id, group_name, day_of_week, day_of_week_display,
 * week_type, week_type_display, start_time, end_time (HH:MM:SS, local),
 * start_date, end_date, topics, location, created_at, updated_at. */
struct json_object *view_recurring(struct arena *, const struct recurring *,
	    int show_code);
/* Russian labels: a weekday (Monday 0) and a week type. */
const char *view_weekday(int64_t day_of_week);
const char *view_week_type(const char *week_type);

struct zoom_account;
/* PoolAccount (Decision 13): id, email, zoom_account_id, zoom_client_id,
 * has_secret (never the secret), zoom_user_id, max_concurrent_meetings,
 * current_meetings, is_active, needs_s2s, meetings_today, last_used_at,
 * is_available, created_at, updated_at. */
struct json_object *view_pool_account(struct arena *,
	    const struct zoom_account *);

#endif
