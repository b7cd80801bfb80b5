/* accounts_statusbarmessage and accounts_systemsettings: what administrators
 * set for the whole site. */
#ifndef DB_DB_SITE_H
#define DB_DB_SITE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

struct status_msg {
	int64_t		 id;
	const char	*message, *target, *created_by;	/* creator's email or NULL */
	int		 is_active;
	const char	*created_at;
};

/* audience NULL: every message; else the active ones for "teachers" or
 * "students" plus "all". Newest first, at most 500. */
int	 db_status_list(struct arena *, const char *audience,
	    struct status_msg **out, size_t *n);
int	 db_status_insert(struct arena *, const char *message, const char *target,
	    int64_t created_by, int64_t *id);
/* 1 deleted, 0 no such message, -1 error. */
int	 db_status_delete(struct arena *, int64_t id);

/* Site-wide figures for the admin dashboard. Online: signed in within the
 * last 15 minutes. grown[i]: users created and lessons started (start in
 * the past) within the last days[i] days. */
#define SITE_PERIODS	4
struct site_stats {
	int64_t		 users, teachers, students, teachers_online,
			 students_online, groups, lessons, zoom_accounts;
	struct {
		int64_t	 teachers, students, lessons;
	}		 grown[SITE_PERIODS];
};
extern const int site_period_days[SITE_PERIODS];	/* 1, 7, 30, 182 */
int	 db_site_stats(struct arena *, struct site_stats *);

/* The system settings, column by column: X(name, kind) with kind STR, BOOL
 * or INT. The domain validates them in this order; the row is read and
 * written whole. */
#define SITE_SETTINGS(X) \
	X(email_from, STR) \
	X(email_notifications_enabled, BOOL) \
	X(welcome_email_enabled, BOOL) \
	X(lesson_reminder_hours, INT) \
	X(homework_deadline_reminder_hours, INT) \
	X(push_notifications_enabled, BOOL) \
	X(default_lesson_duration, INT) \
	X(auto_recording, BOOL) \
	X(waiting_room_enabled, BOOL) \
	X(min_booking_hours, INT) \
	X(max_booking_days, INT) \
	X(cancellation_hours, INT) \
	X(platform_name, STR) \
	X(support_email, STR) \
	X(logo_url, STR) \
	X(primary_color, STR)
#define SITE_COUNT_(n, k) + 1
#define SITE_NSETTINGS	(0 SITE_SETTINGS(SITE_COUNT_))

/* v[SITE_NSETTINGS] as text (booleans "0"/"1"), plus the row's times. */
struct site_settings {
	const char	*v[SITE_NSETTINGS];
	const char	*created_at, *updated_at;
};
int	 db_settings_get(struct arena *, struct site_settings *);
int	 db_settings_put(struct arena *, const struct site_settings *);

#endif
