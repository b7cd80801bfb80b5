/* The original's schedule app: groups and their students, weekly lessons,
 * lessons, attendance, recordings, the audit log and individual invite
 * codes. One function per model reads the fields (first pass: only that),
 * then maps them onto our tables; decisions are said in the report. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_group.h"
#include "db/db_import.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/invite.h"
#include "import/import.h"

/* ---- schedule.group (and its students) -------------------------------- */

static const char *const group_fields[] = {
	"name", "teacher", "description", "invite_code", "students",
	"created_at", "updated_at", NULL
};

/* A code for an imported group or individual code: the original's when it
 * has our form and is free, else a new one (said in the report). NULL on a
 * database error. */
static const char *
code_for(struct imp *im, const char *orig, const char *what)
{
	char	 code[INVITE_CODE_LEN + 1];

	if (orig != NULL && orig[0] != '\0' &&
	    invite_code_normalize(orig, code) == 0) {
		if (db_invite_code_reserve(&im->a, code) == 0)
			return arena_strdup(&im->a, code);
		if (db_last_error() != DB_ERR_DUP)
			return NULL;
		if (invite_code_new(&im->a, code) == -1)
			return NULL;
		import_note(im, "%s code %s clashes with a code already in use "
		    "here: new code %s", what, orig, code);
		return arena_strdup(&im->a, code);
	}
	if (invite_code_new(&im->a, code) == -1)
		return NULL;
	if (orig == NULL || orig[0] == '\0')
		import_note(im, "%s had no invite code: new code %s", what, code);
	else
		import_note(im, "%s code %s is not 8 characters of this system's "
		    "alphabet (no 0, O, 1, I, L): new code %s", what, orig, code);
	return arena_strdup(&im->a, code);
}

/* The students of a group record; in an insert pass each is added. */
static int
members(struct imp *im, struct rec *g, struct json_object *f, int add)
{
	struct json_object	*v, *e;
	size_t			 i, n;
	int64_t			 pk, id;
	int			 rc;

	if (!json_object_object_get_ex(f, "students", &v))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return import_fail(im, "field \"students\": a list of primary keys "
		    "expected");
	n = json_object_array_length(v);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_int))
			return import_fail(im, "field \"students\": item %zu is not "
			    "a primary key", i + 1);
		pk = json_object_get_int64(e);
		if (im->mode == IMPORT_SCAN) {
			im->n[K_MEMBER].read++;
			if (import_pkmap_find(&im->recs[M_USER], pk) == NULL)
				im->ordered = 0;
			continue;
		}
		if (!add) {
			im->n[K_MEMBER].skipped++;
			continue;
		}
		im->why = NULL;
		if ((rc = import_resolve(im, "students", M_USER, pk, 0, &id)) == -1)
			return -1;
		if (rc == IMPORT_REF_CASCADE) {
			im->n[K_MEMBER].skipped++;
			fprintf(im->skips, "  schedule.group pk=%lld: a member is not "
			    "added: %s\n", (long long)g->pk, im->why);
			continue;
		}
		if ((rc = db_group_add_student(&im->a, g->id, id)) == -1)
			return import_refused(im);
		if (rc == 1) {
			im->n[K_MEMBER].imported++;
			continue;
		}
		if ((rc = db_group_is_member(&im->a, g->id, id)) == -1)
			return import_refused(im);
		/* In a group made by this run, only two users merged into one
		 * can meet twice. */
		if (rc == 1 && g->state == REC_IMPORTED) {
			im->n[K_MEMBER].skipped++;
			fprintf(im->skips, "  schedule.group pk=%lld: member "
			    "accounts.customuser pk=%lld is the same user here as "
			    "another member (emails differing only in case)\n",
			    (long long)g->pk, (long long)pk);
			continue;
		}
		if (rc == 1) {
			im->n[K_MEMBER].already++;
			continue;
		}
		im->n[K_MEMBER].skipped++;
		fprintf(im->skips, "  schedule.group pk=%lld: member "
		    "accounts.customuser pk=%lld is not a student here: not "
		    "added\n", (long long)g->pk, (long long)pk);
	}
	return 0;
}

static int
group(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_group	 g;
	struct user		 u;
	const char		*code;
	int64_t			 tpk;
	int			 t;

	memset(&g, 0, sizeof(g));
	g.name = import_str(im, f, "name", F_REQ);
	t = import_ref(im, f, "teacher", M_USER, 0, 0, &g.teacher_id, &tpk);
	g.description = import_str(im, f, "description", "");
	code = import_str_null(im, f, "invite_code");
	g.created_at = import_datetime(im, f, "created_at", 1, NULL);
	g.updated_at = import_datetime(im, f, "updated_at", 1, NULL);
	if (im->err[0])
		return -1;
	if (im->mode == IMPORT_SCAN || r->state == REC_ALREADY)
		return members(im, r, f, 1);
	if (im->mode == IMPORT_VERIFY)
		return 0;
	if (t == IMPORT_REF_CASCADE) {
		import_skip(im, r, "%s", im->why);
		return members(im, r, f, 0);
	}
	g.id = r->id;
	g.kind = "group";
	g.subject = "";
	g.created_at = import_now_or(im, g.created_at);
	g.updated_at = import_now_or(im, g.updated_at);
	if ((g.invite_code = code_for(im, code, "group")) == NULL)
		return import_refused(im);
	if (db_user_by_id(&im->a, g.teacher_id, &u) != 1)
		return import_refused(im);
	if (strcmp(u.role, "teacher") != 0)
		import_note(im, "its teacher %s is a%s %s here: only admins see the "
		    "group until that changes", u.email, u.role[0] == 'a' ? "n" :
		    "", u.role);
	if (db_import_group(&im->a, &g) == -1)
		return import_refused(im);
	if (import_done(im, M_GROUP, r) == -1)
		return -1;
	return members(im, r, f, 1);
}

const struct import_model import_model_group = {
	"schedule.group", "groups", DBI_GROUP, 1, group, group_fields
};

/* ---- schedule.recurringlesson ----------------------------------------- */

static const char *const recurring_fields[] = {
	"title", "group", "teacher", "day_of_week", "week_type", "start_time",
	"end_time", "start_date", "end_date", "topics", "location",
	"created_at", "updated_at", NULL
};
static const char *const week_types[] = { "ALL", "UPPER", "LOWER", NULL };

static int
recurring(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_recurring	 x;
	int64_t			 gpk, tpk;
	int			 g, t;

	memset(&x, 0, sizeof(x));
	x.title = import_str(im, f, "title", F_REQ);
	g = import_ref(im, f, "group", M_GROUP, 0, 0, &x.group_id, &gpk);
	t = import_ref(im, f, "teacher", M_USER, 0, 0, &x.teacher_id, &tpk);
	x.day_of_week = import_int(im, f, "day_of_week", INT32_MIN, INT32_MAX, 0,
	    0, NULL);
	x.week_type = import_str(im, f, "week_type", "ALL");
	/* Wall-clock times in the original's TIME_ZONE: kept as they are. */
	x.start_time = import_time(im, f, "start_time");
	x.end_time = import_time(im, f, "end_time");
	x.start_date = import_date(im, f, "start_date", 0);
	x.end_date = import_date(im, f, "end_date", 0);
	x.topics = import_str(im, f, "topics", "");
	x.location = import_str(im, f, "location", "");
	x.created_at = import_datetime(im, f, "created_at", 1, NULL);
	x.updated_at = import_datetime(im, f, "updated_at", 1, NULL);
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (g == IMPORT_REF_CASCADE || t == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if (x.day_of_week < 0 || x.day_of_week > 6)
		return import_skip(im, r, "day_of_week %lld is not 0 (Monday) to 6",
		    (long long)x.day_of_week);
	if (!import_one_of(x.week_type, week_types))
		return import_skip(im, r, "week_type \"%s\" is not ALL, UPPER or "
		    "LOWER", x.week_type);
	if (strcmp(x.end_time, x.start_time) <= 0)
		return import_skip(im, r, "ends (%s) before it starts (%s)",
		    x.end_time, x.start_time);
	if (strcmp(x.end_date, x.start_date) < 0)
		return import_skip(im, r, "end_date %s is before start_date %s",
		    x.end_date, x.start_date);
	x.id = r->id;
	x.created_at = import_now_or(im, x.created_at);
	x.updated_at = import_now_or(im, x.updated_at);
	if (db_import_recurring(&im->a, &x) == -1)
		return import_refused(im);
	return import_done(im, M_RECURRING, r);
}

const struct import_model import_model_recurring = {
	"schedule.recurringlesson", "weekly lessons", DBI_RECURRING, 2,
	recurring, recurring_fields
};

/* ---- schedule.lesson -------------------------------------------------- */

static const char *const lesson_fields[] = {
	"title", "group", "teacher", "start_time", "end_time", "topics",
	"location", "zoom_meeting_id", "zoom_start_url", "zoom_join_url",
	"zoom_password", "zoom_account", "zoom_account_used", "notes",
	"record_lesson", "recording_available_for_days", "created_at",
	"updated_at", NULL
};

static int
lesson(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_lesson	 l;
	const char		*start_url;
	int64_t			 gpk, tpk, zpk, s_us = 0, e_us = 0;
	int			 g, t;

	memset(&l, 0, sizeof(l));
	l.title = import_str(im, f, "title", F_REQ);
	g = import_ref(im, f, "group", M_GROUP, 0, 0, &l.group_id, &gpk);
	t = import_ref(im, f, "teacher", M_USER, 0, 0, &l.teacher_id, &tpk);
	(void)import_ref(im, f, "zoom_account", M_POOL, 1, 1, &l.zoom_account_id,
	    &zpk);
	l.start_time = import_datetime(im, f, "start_time", 0, &s_us);
	l.end_time = import_datetime(im, f, "end_time", 0, &e_us);
	l.topics = import_str(im, f, "topics", "");
	l.location = import_str(im, f, "location", "");
	l.notes = import_str(im, f, "notes", "");
	l.zoom_meeting_id = import_str_null(im, f, "zoom_meeting_id");
	start_url = import_str_null(im, f, "zoom_start_url");
	l.zoom_join_url = import_str_null(im, f, "zoom_join_url");
	l.zoom_password = import_str_null(im, f, "zoom_password");
	l.record_lesson = import_bool(im, f, "record_lesson", 0);
	l.recording_days = import_int(im, f, "recording_available_for_days",
	    INT32_MIN, INT32_MAX, 1, 90, NULL);
	l.created_at = import_datetime(im, f, "created_at", 1, NULL);
	l.updated_at = import_datetime(im, f, "updated_at", 1, NULL);
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (g == IMPORT_REF_CASCADE || t == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if (e_us <= s_us)
		return import_skip(im, r, "ends (%s) before it starts (%s)",
		    dt_iso(&im->a, l.end_time), dt_iso(&im->a, l.start_time));
	if (l.recording_days < 0)
		return import_skip(im, r, "recording_available_for_days %lld is "
		    "negative", (long long)l.recording_days);
	/* The host link signs anyone in as the host: fetched fresh here. */
	if (start_url != NULL && start_url[0] != '\0')
		im->start_urls++;
	l.id = r->id;
	l.created_at = import_now_or(im, l.created_at);
	l.updated_at = import_now_or(im, l.updated_at);
	if (db_import_lesson(&im->a, &l) == -1)
		return import_refused(im);
	return import_done(im, M_LESSON, r);
}

const struct import_model import_model_lesson = {
	"schedule.lesson", "lessons", DBI_LESSON, 2, lesson, lesson_fields
};

/* ---- schedule.attendance ---------------------------------------------- */

static const char *const attendance_fields[] = {
	"lesson", "student", "status", "notes", "marked_at", NULL
};
static const char *const statuses[] = {
	"present", "absent", "excused", "late", NULL
};

static int
attendance(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_attendance x;
	int64_t			 lpk, spk;
	int			 l, s;

	memset(&x, 0, sizeof(x));
	l = import_ref(im, f, "lesson", M_LESSON, 0, 0, &x.lesson_id, &lpk);
	s = import_ref(im, f, "student", M_USER, 0, 0, &x.student_id, &spk);
	x.status = import_str(im, f, "status", "absent");
	x.notes = import_str(im, f, "notes", "");
	x.marked_at = import_datetime(im, f, "marked_at", 1, NULL);
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (l == IMPORT_REF_CASCADE || s == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if (!import_one_of(x.status, statuses))
		return import_skip(im, r, "status \"%s\" is not present, absent "
		    "or excused", x.status);
	x.id = r->id;
	x.marked_at = import_now_or(im, x.marked_at);
	if (db_import_attendance(&im->a, &x) == -1) {
		/* Two users merged into one may both have a mark. */
		if (db_last_error() == DB_ERR_DUP)
			return import_skip(im, r, "a mark of the same student "
			    "(accounts.customuser pk=%lld here as id %lld) for this "
			    "lesson is already here", (long long)spk,
			    (long long)x.student_id);
		return import_refused(im);
	}
	return import_done(im, M_ATTENDANCE, r);
}

const struct import_model import_model_attendance = {
	"schedule.attendance", "attendance marks", DBI_ATTENDANCE, 3,
	attendance, attendance_fields
};

/* ---- schedule.lessonrecording ----------------------------------------- */

static const char *const recording_fields[] = {
	"lesson", "zoom_recording_id", "download_url", "play_url", "archive_url",
	"archive_key", "archived_at", "archive_size_bytes", "file_size",
	"duration", "recording_start", "recording_end", "status", "created_at",
	"updated_at", "recording_type", "storage_provider", "gdrive_file_id",
	"gdrive_folder_id", "thumbnail_url", "visibility", "allowed_groups",
	"allowed_students", "available_until", "views_count", "title", NULL
};
static const char *const rec_statuses[] = {
	"processing", "ready", "archived", "failed", "deleted", NULL
};

static int
recording(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_recording	 x;
	int64_t			 lpk;
	int			 l, null_size, null_dur;

	memset(&x, 0, sizeof(x));
	l = import_ref(im, f, "lesson", M_LESSON, 1, 0, &x.lesson_id, &lpk);
	x.zoom_recording_id = import_str(im, f, "zoom_recording_id", "");
	x.download_url = import_str(im, f, "download_url", "");
	x.play_url = import_str(im, f, "play_url", "");
	x.file_size = import_int(im, f, "file_size", 0, INT64_MAX, 1, -1,
	    &null_size);
	x.duration = import_int(im, f, "duration", 0, INT32_MAX, 1, -1, &null_dur);
	x.recording_start = import_datetime(im, f, "recording_start", 1, NULL);
	x.recording_end = import_datetime(im, f, "recording_end", 1, NULL);
	x.status = import_str(im, f, "status", "processing");
	x.created_at = import_datetime(im, f, "created_at", 1, NULL);
	x.updated_at = import_datetime(im, f, "updated_at", 1, NULL);
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (l == IMPORT_REF_NULL)
		return import_skip(im, r, "it belongs to no lesson");
	if (l == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if (null_size)
		x.file_size = -1;
	if (null_dur)
		x.duration = -1;
	/* nat0 called "completed" what nat1 and this system call "ready". */
	if (strcmp(x.status, "completed") == 0)
		x.status = "ready";
	if (!import_one_of(x.status, rec_statuses))
		return import_skip(im, r, "status \"%s\" is not a recording status",
		    x.status);
	x.id = r->id;
	x.created_at = import_now_or(im, x.created_at);
	x.updated_at = import_now_or(im, x.updated_at);
	if (db_import_recording(&im->a, &x) == -1)
		return import_refused(im);
	return import_done(im, M_RECORDING, r);
}

const struct import_model import_model_recording = {
	"schedule.lessonrecording", "recordings", DBI_RECORDING, 3, recording,
	recording_fields
};

/* ---- schedule.auditlog ------------------------------------------------ */

static const char *const audit_fields[] = {
	"user", "action", "resource_type", "resource_id", "ip_address",
	"user_agent", "details", "timestamp", NULL
};

static int
audit(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_audit	 x;
	int64_t			 upk, id;
	int			 null_res, rc;

	memset(&x, 0, sizeof(x));
	(void)import_ref(im, f, "user", M_USER, 1, 1, &x.user_id, &upk);
	x.action = import_str(im, f, "action", F_REQ);
	x.resource_type = import_str(im, f, "resource_type", F_REQ);
	x.resource_id = import_int(im, f, "resource_id", INT64_MIN, INT64_MAX, 1,
	    0, &null_res);
	x.ip_address = import_str_null(im, f, "ip_address");
	x.user_agent = import_str(im, f, "user_agent", "");
	x.details = import_json(im, f, "details", "{}");
	x.timestamp = import_datetime(im, f, "timestamp", 0, NULL);
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	x.has_resource = !null_res && json_object_object_get_ex(f, "resource_id",
	    NULL);
	/* A lesson of the dump may have a new id here. */
	if (x.has_resource && strcmp(x.resource_type, "Lesson") == 0 &&
	    import_pkmap_find(&im->recs[M_LESSON], x.resource_id) != NULL) {
		if ((rc = import_lookup(im, M_LESSON, x.resource_id, &id)) == -1)
			return import_refused(im);
		if (rc == 1)
			x.resource_id = id;
	}
	if (x.ip_address != NULL && (x.ip_address[0] == '\0' ||
	    strlen(x.ip_address) > 39))
		x.ip_address = NULL;
	x.id = r->id;
	if (db_import_audit(&im->a, &x) == -1)
		return import_refused(im);
	return import_done(im, M_AUDIT, r);
}

const struct import_model import_model_audit = {
	"schedule.auditlog", "audit log entries", DBI_AUDIT, 3, audit,
	audit_fields
};

/* ---- schedule.individualinvitecode [nat1] ----------------------------- */

static const char *const icode_fields[] = {
	"teacher", "subject", "invite_code", "is_used", "used_by", "used_at",
	"created_at", NULL
};

/* A used code enrols its student as a redemption here does (invite_join):
 * the teacher's individual group of that subject holding the student. */
static int
enrol(struct imp *im, const struct import_icode *c)
{
	struct import_group	 g;
	struct user		 u;
	int64_t			 group;
	int			 rc;

	im->n[K_ENROL].read++;
	if ((rc = db_group_find_individual(&im->a, c->teacher_id, c->subject,
	    c->used_by_id, &group)) == -1)
		return import_refused(im);
	if (rc == 0) {
		if (db_user_by_id(&im->a, c->used_by_id, &u) != 1)
			return import_refused(im);
		if (strcmp(u.role, "student") != 0) {
			im->n[K_ENROL].skipped++;
			fprintf(im->skips, "  schedule.individualinvitecode "
			    "pk=%lld: used by %s, who is not a student here: no "
			    "individual group\n", (long long)im->pk, u.email);
			return db_import_icode_use(&im->a, c->id, c->used_by_id, 0,
			    c->used_at) == -1 ? import_refused(im) : 0;
		}
		memset(&g, 0, sizeof(g));
		g.id = group = im->next_id[M_GROUP]++;
		g.teacher_id = c->teacher_id;
		g.name = import_cut(&im->a, arena_printf(&im->a, "%s — %s", c->subject,
		    account_full_name(&im->a, &u)), 200);
		g.description = "";
		g.kind = "individual";
		g.subject = c->subject;
		g.created_at = g.updated_at = c->used_at;
		if (g.name == NULL || db_import_group(&im->a, &g) == -1 ||
		    db_group_add_student(&im->a, group, c->used_by_id) == -1)
			return import_refused(im);
		im->n[K_ENROL].imported++;
	} else
		im->n[K_ENROL].already++;
	return db_import_icode_use(&im->a, c->id, c->used_by_id, group,
	    c->used_at) == -1 ? import_refused(im) : 0;
}

static int
icode(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_icode	 c;
	const char		*code, *subject;
	int64_t			 tpk, upk;
	int			 t, u;

	memset(&c, 0, sizeof(c));
	t = import_ref(im, f, "teacher", M_USER, 0, 0, &c.teacher_id, &tpk);
	subject = import_str(im, f, "subject", F_REQ);
	code = import_str(im, f, "invite_code", F_REQ);
	c.is_used = import_bool(im, f, "is_used", 0);
	u = import_ref(im, f, "used_by", M_USER, 1, 1, &c.used_by_id, &upk);
	c.used_at = import_datetime(im, f, "used_at", 1, NULL);
	c.created_at = import_datetime(im, f, "created_at", 1, NULL);
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if (t == IMPORT_REF_CASCADE)
		return import_skip(im, r, "%s", im->why);
	if ((c.subject = str_trim_dup(&im->a, subject)) == NULL)
		return import_fail(im, "out of memory");
	if (c.subject[0] == '\0')
		return import_skip(im, r, "the subject is empty");
	c.subject = import_cut(&im->a, c.subject, 200);
	c.id = r->id;
	c.created_at = import_now_or(im, c.created_at);
	if (!c.is_used) {
		if (c.used_by_id != 0)
			import_note(im, "not marked used but names a student: "
			    "imported unused");
		c.used_by_id = 0;
		c.used_at = NULL;
	} else {
		c.used_at = c.used_at ? c.used_at : c.created_at;
		if (c.used_by_id == 0)
			import_note(im, "used, but its student %s: imported as "
			    "used, enrolling no one", u == IMPORT_REF_NULL && upk ?
			    "is not imported" : "was deleted in the original");
	}
	if ((c.invite_code = code_for(im, code, "individual")) == NULL)
		return import_refused(im);
	if (db_import_icode(&im->a, &c) == -1)
		return import_refused(im);
	if (import_done(im, M_ICODE, r) == -1)
		return -1;
	return c.used_by_id != 0 ? enrol(im, &c) : 0;
}

const struct import_model import_model_icode = {
	"schedule.individualinvitecode", "individual invite codes", DBI_ICODE, 2,
	icode, icode_fields
};
