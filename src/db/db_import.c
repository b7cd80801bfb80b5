/* tpanel import-django: inserts with chosen ids, import_django_map, and
 * the id ranges of each target table. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_import.h"

static struct db_stmt st_lock = DB_STMT(
    "SELECT GET_LOCK('tpanel_import_django', 0)");
static struct db_stmt st_unlock = DB_STMT(
    "SELECT RELEASE_LOCK('tpanel_import_django')");
static struct db_stmt st_map_add = DB_STMT(
    "INSERT INTO import_django_map (model, old_pk, new_id) VALUES (?, ?, ?)");
static struct db_stmt st_phone = DB_STMT(
    "SELECT 1 FROM accounts_customuser WHERE phone_number = ?");
static struct db_stmt st_handle = DB_STMT(
    "SELECT 1 FROM accounts_customuser WHERE username_handle = ?");

/* The same four statements for every target table. */
#define MAP_JOIN(t) "FROM import_django_map m LEFT JOIN " t " x ON x.id = m.new_id "
#define TABLE(t) { \
	DB_STMT("SELECT m.new_id, x.id IS NOT NULL " MAP_JOIN(t) \
	    "WHERE m.model = ? AND m.old_pk = ?"), \
	DB_STMT("SELECT m.old_pk, m.new_id, x.id IS NOT NULL " MAP_JOIN(t) \
	    "WHERE m.model = ? AND m.old_pk > ? ORDER BY m.old_pk LIMIT 1000"), \
	DB_STMT("SELECT id FROM " t " WHERE id > ? ORDER BY id LIMIT 1000"), \
	DB_STMT("SELECT COALESCE(MAX(id), 0) FROM " t) }

static struct {
	struct db_stmt	 map_get, map_page, ids, max;
} tables[DBI_NTABLES] = {
	[DBI_USER] = TABLE("accounts_customuser"),
	[DBI_POOL] = TABLE("zoom_pool_zoomaccount"),
	[DBI_GROUP] = TABLE("schedule_group"),
	[DBI_RECURRING] = TABLE("schedule_recurringlesson"),
	[DBI_LESSON] = TABLE("schedule_lesson"),
	[DBI_ATTENDANCE] = TABLE("schedule_attendance"),
	[DBI_RECORDING] = TABLE("schedule_lessonrecording"),
	[DBI_AUDIT] = TABLE("schedule_auditlog"),
	[DBI_ICODE] = TABLE("schedule_individualinvitecode"),
	[DBI_HOMEWORK] = TABLE("homework_homework"),
	[DBI_HWASSIGN] = TABLE("homework_assignment"),
	[DBI_HWQUESTION] = TABLE("homework_question"),
	[DBI_HWCHOICE] = TABLE("homework_choice"),
	[DBI_HWSUBMISSION] = TABLE("homework_studentsubmission"),
	[DBI_HWANSWER] = TABLE("homework_answer"),
};

static struct db_stmt st_user = DB_STMT(
    "INSERT INTO accounts_customuser (id, password, last_login, is_superuser, "
    "first_name, last_name, is_staff, is_active, date_joined, email, "
    "email_verified, phone_number, role, middle_name, agreed_to_marketing, "
    "avatar, date_of_birth, zoom_account_id, zoom_client_id, "
    "zoom_client_secret, zoom_user_id, username_handle, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?)");
static struct db_stmt st_group = DB_STMT(
    "INSERT INTO schedule_group (id, teacher_id, name, description, invite_code, "
    "kind, subject, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_lesson = DB_STMT(
    "INSERT INTO schedule_lesson (id, title, group_id, teacher_id, start_time, "
    "end_time, topics, location, notes, zoom_meeting_id, zoom_join_url, "
    "zoom_password, zoom_account_id, record_lesson, "
    "recording_available_for_days, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_recurring = DB_STMT(
    "INSERT INTO schedule_recurringlesson (id, title, group_id, teacher_id, "
    "day_of_week, week_type, start_time, end_time, start_date, end_date, "
    "topics, location, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_attendance = DB_STMT(
    "INSERT INTO schedule_attendance (id, lesson_id, student_id, status, notes, "
    "marked_at) VALUES (?, ?, ?, ?, ?, ?)");
static struct db_stmt st_recording = DB_STMT(
    "INSERT INTO schedule_lessonrecording (id, lesson_id, zoom_recording_id, "
    "download_url, play_url, file_size, duration, recording_start, "
    "recording_end, status, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_audit = DB_STMT(
    "INSERT INTO schedule_auditlog (id, user_id, action, resource_type, "
    "resource_id, ip_address, user_agent, details, timestamp) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_icode = DB_STMT(
    "INSERT INTO schedule_individualinvitecode (id, teacher_id, subject, "
    "invite_code, is_used, used_by_id, used_at, max_uses, use_count, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
static struct db_stmt st_icode_use = DB_STMT(
    "INSERT INTO schedule_invitecode_use (code_id, student_id, group_id, "
    "used_at) VALUES (?, ?, ?, ?)");
static struct db_stmt st_pool_email = DB_STMT(
    "SELECT id FROM zoom_pool_zoomaccount WHERE email = ?");
static struct db_stmt st_pool = DB_STMT(
    "INSERT INTO zoom_pool_zoomaccount (id, email, zoom_user_id, "
    "max_concurrent_meetings, current_meetings, is_active, needs_s2s, "
    "last_used_at, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, 0, FALSE, TRUE, ?, ?, ?)");

/* A string or SQL NULL. */
static struct db_val
s(const char *v)
{
	return v != NULL ? DB_STR(v) : DB_NULL;
}

/* An id, 0 being SQL NULL. */
static struct db_val
ref(int64_t v)
{
	return v != 0 ? DB_INT(v) : DB_NULL;
}

static int
one_int(struct arena *a, struct db_stmt *st, const struct db_val *p, size_t n,
    int64_t *out)
{
	struct db_res	 r;

	if (db_exec(a, st, p, n, &r) == -1)
		return -1;
	*out = r.nrows ? db_cell_i64(&r, 0, 0, 0) : 0;
	return r.nrows > 0;
}

int
db_import_lock(struct arena *a)
{
	int64_t	 got;

	if (one_int(a, &st_lock, NULL, 0, &got) == -1)
		return -1;
	return got == 1;
}

void
db_import_unlock(struct arena *a)
{
	(void)db_exec(a, &st_unlock, NULL, 0, NULL);
}

int
db_import_map_get(struct arena *a, enum db_import_table t, const char *model,
    int64_t pk, int64_t *id, int *exists)
{
	struct db_val	 p[] = { DB_STR(model), DB_INT(pk) };
	struct db_res	 r;

	if (db_exec(a, &tables[t].map_get, p, 2, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*id = db_cell_i64(&r, 0, 0, 0);
	*exists = db_cell_i64(&r, 0, 1, 0) != 0;
	return 1;
}

int
db_import_map_page(struct arena *a, enum db_import_table t, const char *model,
    int64_t after, struct db_res *out)
{
	struct db_val	 p[] = { DB_STR(model), DB_INT(after) };

	return db_exec(a, &tables[t].map_page, p, 2, out);
}

int
db_import_map_add(struct arena *a, const char *model, int64_t pk, int64_t id)
{
	struct db_val	 p[] = { DB_STR(model), DB_INT(pk), DB_INT(id) };

	return db_exec(a, &st_map_add, p, 3, NULL);
}

int
db_import_ids_page(struct arena *a, enum db_import_table t, int64_t after,
    struct db_res *out)
{
	struct db_val	 p = DB_INT(after);

	return db_exec(a, &tables[t].ids, &p, 1, out);
}

int
db_import_max_id(struct arena *a, enum db_import_table t, int64_t *max)
{
	return one_int(a, &tables[t].max, NULL, 0, max) == -1 ? -1 : 0;
}

int
db_import_phone_taken(struct arena *a, const char *phone)
{
	struct db_val	 p = DB_STR(phone);
	int64_t		 x;

	return one_int(a, &st_phone, &p, 1, &x);
}

int
db_import_handle_taken(struct arena *a, const char *handle)
{
	struct db_val	 p = DB_STR(handle);
	int64_t		 x;

	return one_int(a, &st_handle, &p, 1, &x);
}

int
db_import_user(struct arena *a, const struct import_user *u)
{
	struct db_val	 p[] = { DB_INT(u->id), DB_STR(u->password),
	    s(u->last_login), DB_INT(u->is_superuser), DB_STR(u->first_name),
	    DB_STR(u->last_name), DB_INT(u->is_staff), DB_INT(u->is_active),
	    DB_STR(u->date_joined), DB_STR(u->email), DB_INT(u->email_verified),
	    s(u->phone_number), DB_STR(u->role), DB_STR(u->middle_name),
	    DB_INT(u->agreed_to_marketing), DB_STR(u->avatar),
	    s(u->date_of_birth), DB_STR(u->zoom_account_id),
	    DB_STR(u->zoom_client_id), DB_STR(u->zoom_client_secret),
	    DB_STR(u->zoom_user_id), s(u->username_handle),
	    DB_STR(u->created_at), DB_STR(u->updated_at) };

	return db_exec(a, &st_user, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_group(struct arena *a, const struct import_group *g)
{
	struct db_val	 p[] = { DB_INT(g->id), DB_INT(g->teacher_id),
	    DB_STR(g->name), DB_STR(g->description), s(g->invite_code),
	    DB_STR(g->kind), DB_STR(g->subject), DB_STR(g->created_at),
	    DB_STR(g->updated_at) };

	return db_exec(a, &st_group, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_lesson(struct arena *a, const struct import_lesson *l)
{
	struct db_val	 p[] = { DB_INT(l->id), DB_STR(l->title),
	    DB_INT(l->group_id), DB_INT(l->teacher_id), DB_STR(l->start_time),
	    DB_STR(l->end_time), DB_STR(l->topics), DB_STR(l->location),
	    DB_STR(l->notes), s(l->zoom_meeting_id), s(l->zoom_join_url),
	    s(l->zoom_password), ref(l->zoom_account_id),
	    DB_INT(l->record_lesson), DB_INT(l->recording_days),
	    DB_STR(l->created_at), DB_STR(l->updated_at) };

	return db_exec(a, &st_lesson, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_recurring(struct arena *a, const struct import_recurring *r)
{
	struct db_val	 p[] = { DB_INT(r->id), DB_STR(r->title),
	    DB_INT(r->group_id), DB_INT(r->teacher_id), DB_INT(r->day_of_week),
	    DB_STR(r->week_type), DB_STR(r->start_time), DB_STR(r->end_time),
	    DB_STR(r->start_date), DB_STR(r->end_date), DB_STR(r->topics),
	    DB_STR(r->location), DB_STR(r->created_at), DB_STR(r->updated_at) };

	return db_exec(a, &st_recurring, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_attendance(struct arena *a, const struct import_attendance *x)
{
	struct db_val	 p[] = { DB_INT(x->id), DB_INT(x->lesson_id),
	    DB_INT(x->student_id), DB_STR(x->status), DB_STR(x->notes),
	    DB_STR(x->marked_at) };

	return db_exec(a, &st_attendance, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_recording(struct arena *a, const struct import_recording *r)
{
	struct db_val	 p[] = { DB_INT(r->id), DB_INT(r->lesson_id),
	    DB_STR(r->zoom_recording_id), DB_STR(r->download_url),
	    DB_STR(r->play_url), r->file_size >= 0 ? DB_INT(r->file_size) : DB_NULL,
	    r->duration >= 0 ? DB_INT(r->duration) : DB_NULL,
	    s(r->recording_start), s(r->recording_end), DB_STR(r->status),
	    DB_STR(r->created_at), DB_STR(r->updated_at) };

	return db_exec(a, &st_recording, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_audit(struct arena *a, const struct import_audit *x)
{
	struct db_val	 p[] = { DB_INT(x->id), ref(x->user_id), DB_STR(x->action),
	    DB_STR(x->resource_type),
	    x->has_resource ? DB_INT(x->resource_id) : DB_NULL,
	    s(x->ip_address), DB_STR(x->user_agent), DB_STR(x->details),
	    DB_STR(x->timestamp) };

	return db_exec(a, &st_audit, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_icode(struct arena *a, const struct import_icode *c)
{
	struct db_val	 p[] = { DB_INT(c->id), DB_INT(c->teacher_id),
	    DB_STR(c->subject), DB_STR(c->invite_code), DB_INT(c->is_used),
	    ref(c->used_by_id), s(c->used_at), DB_INT(c->is_used),
	    DB_STR(c->created_at) };

	return db_exec(a, &st_icode, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_icode_use(struct arena *a, int64_t code_id, int64_t student,
    int64_t group, const char *used_at)
{
	struct db_val	 p[] = { DB_INT(code_id), ref(student), ref(group),
	    DB_STR(used_at) };

	return db_exec(a, &st_icode_use, p, 4, NULL);
}

int
db_import_pool(struct arena *a, const struct import_pool *x)
{
	struct db_val	 p[] = { DB_INT(x->id), DB_STR(x->email),
	    DB_STR(x->zoom_user_id), DB_INT(x->max_meetings), s(x->last_used_at),
	    DB_STR(x->created_at), DB_STR(x->updated_at) };

	return db_exec(a, &st_pool, p, sizeof(p) / sizeof(p[0]), NULL);
}

int
db_import_pool_by_email(struct arena *a, const char *email, int64_t *id)
{
	struct db_val	 p = DB_STR(email);

	return one_int(a, &st_pool_email, &p, 1, id);
}
