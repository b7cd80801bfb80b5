/* The SQL of tpanel import-django: rows with the ids the importer chose,
 * import_django_map, and the id ranges it plans with. */
#ifndef DB_DB_IMPORT_H
#define DB_DB_IMPORT_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db_res;

/* The tables an imported model goes to. */
enum db_import_table {
	DBI_USER, DBI_POOL, DBI_GROUP, DBI_RECURRING, DBI_LESSON,
	DBI_ATTENDANCE, DBI_RECORDING, DBI_AUDIT, DBI_ICODE,
	/* Homework (db_import_hw.h). */
	DBI_HOMEWORK, DBI_HWASSIGN, DBI_HWQUESTION, DBI_HWCHOICE,
	DBI_HWSUBMISSION, DBI_HWANSWER,
	DBI_NTABLES
};

/* One import at a time: 1 got the lock, 0 another import holds it, -1. */
int	 db_import_lock(struct arena *);
void	 db_import_unlock(struct arena *);

/* import_django_map: 1 and *id, *exists (the row is still in table t), 0
 * when the record was never imported, -1 on error. */
int	 db_import_map_get(struct arena *, enum db_import_table t,
	    const char *model, int64_t pk, int64_t *id, int *exists);
/* Up to DB_IMPORT_PAGE lines of model with old_pk > after, by old_pk:
 * columns old_pk, new_id, 1 if the row is still in t. */
#define DB_IMPORT_PAGE	1000
int	 db_import_map_page(struct arena *, enum db_import_table t,
	    const char *model, int64_t after, struct db_res *out);
int	 db_import_map_add(struct arena *, const char *model, int64_t pk,
	    int64_t id);
/* Up to DB_IMPORT_PAGE ids of t above after, ascending (one column). */
int	 db_import_ids_page(struct arena *, enum db_import_table t,
	    int64_t after, struct db_res *out);
int	 db_import_max_id(struct arena *, enum db_import_table t, int64_t *max);
/* 1 if a user here has that phone number / handle, 0 if not, -1. */
int	 db_import_phone_taken(struct arena *, const char *phone);
int	 db_import_handle_taken(struct arena *, const char *handle);

/* Rows as the importer builds them: strings NUL-terminated, NULL = SQL
 * NULL; times are UTC DATETIME(6) text. Each insert uses id as given and
 * returns 0, or -1 with db_last_error(). */
struct import_user {
	int64_t		 id;
	const char	*password, *last_login, *first_name, *last_name;
	const char	*middle_name, *date_joined, *email, *phone_number;
	const char	*role, *avatar, *date_of_birth, *zoom_account_id;
	const char	*zoom_client_id, *zoom_client_secret, *zoom_user_id;
	const char	*username_handle, *created_at, *updated_at;
	int		 is_superuser, is_staff, is_active, email_verified;
	int		 agreed_to_marketing;
};
int	 db_import_user(struct arena *, const struct import_user *);

struct import_group {
	int64_t		 id, teacher_id;
	const char	*name, *description, *invite_code, *kind, *subject;
	const char	*created_at, *updated_at;
};
int	 db_import_group(struct arena *, const struct import_group *);

struct import_lesson {
	int64_t		 id, group_id, teacher_id, zoom_account_id;	/* 0: NULL */
	int64_t		 recording_days;
	const char	*title, *start_time, *end_time, *topics, *location;
	const char	*notes, *zoom_meeting_id, *zoom_join_url, *zoom_password;
	const char	*created_at, *updated_at;
	int		 record_lesson;
};
int	 db_import_lesson(struct arena *, const struct import_lesson *);

struct import_recurring {
	int64_t		 id, group_id, teacher_id, day_of_week;
	const char	*title, *week_type, *start_time, *end_time, *start_date;
	const char	*end_date, *topics, *location, *created_at, *updated_at;
};
int	 db_import_recurring(struct arena *, const struct import_recurring *);

struct import_attendance {
	int64_t		 id, lesson_id, student_id;
	const char	*status, *notes, *marked_at;
};
int	 db_import_attendance(struct arena *, const struct import_attendance *);

struct import_recording {
	int64_t		 id, lesson_id;
	int64_t		 file_size, duration;		/* -1: NULL */
	const char	*zoom_recording_id, *download_url, *play_url;
	const char	*recording_start, *recording_end, *status;
	const char	*created_at, *updated_at;
};
int	 db_import_recording(struct arena *, const struct import_recording *);

struct import_audit {
	int64_t		 id, user_id, resource_id;	/* user 0: NULL */
	int		 has_resource;
	const char	*action, *resource_type, *ip_address, *user_agent;
	const char	*details, *timestamp;
};
int	 db_import_audit(struct arena *, const struct import_audit *);

struct import_icode {
	int64_t		 id, teacher_id, used_by_id;	/* used_by 0: NULL */
	const char	*subject, *invite_code, *used_at, *created_at;
	int		 is_used;
};
int	 db_import_icode(struct arena *, const struct import_icode *);
/* The redemption of an imported used code, at its original time. */
int	 db_import_icode_use(struct arena *, int64_t code_id, int64_t student,
	    int64_t group, const char *used_at);

struct import_pool {
	int64_t		 id, max_meetings;
	const char	*email, *zoom_user_id, *last_used_at, *created_at;
	const char	*updated_at;
};
/* 1 and *id when a pool account here has that email, 0 if none, -1. */
int	 db_import_pool_by_email(struct arena *, const char *email, int64_t *id);
/* Inactive and flagged as needing Server-to-Server credentials. */
int	 db_import_pool(struct arena *, const struct import_pool *);

#endif
