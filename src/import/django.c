/* tpanel import-django: the passes over a dumpdata file, the plan of ids,
 * one transaction, and the report. */
#include "autoconf.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_import.h"
#include "db/db_submission.h"
#include "db/db_user.h"
#include "import/django.h"
#include "import/import.h"

#define NLEVELS	7

const struct import_model *const import_models[NMODELS] = {
	[M_USER] = &import_model_user,
	[M_POOL] = &import_model_pool,
	[M_GROUP] = &import_model_group,
	[M_RECURRING] = &import_model_recurring,
	[M_LESSON] = &import_model_lesson,
	[M_ATTENDANCE] = &import_model_attendance,
	[M_RECORDING] = &import_model_recording,
	[M_AUDIT] = &import_model_audit,
	[M_ICODE] = &import_model_icode,
	[M_HOMEWORK] = &import_model_homework,
	[M_HWASSIGN] = &import_model_hwassign,
	[M_QUESTION] = &import_model_question,
	[M_CHOICE] = &import_model_choice,
	[M_SUBMISSION] = &import_model_submission,
	[M_ANSWER] = &import_model_answer,
};

/* Models of the original this system does not take over; "app." names a
 * whole app. Any other model stops the import. */
static const struct {
	const char	*name, *reason;
} out_of_scope[] = {
	{ "auth.", "Django permissions and groups: the role replaces them" },
	{ "contenttypes.", "Django's own bookkeeping" },
	{ "sites.", "Django's own bookkeeping" },
	{ "sessions.", "web sessions: everyone signs in again" },
	{ "admin.", "the Django admin's history" },
	{ "token_blacklist.", "refresh tokens: everyone signs in again" },
	{ "django_celery_beat.", "Celery schedules: tpanel serve runs the jobs" },
	{ "django_celery_results.", "Celery task results" },
	{ "schedule.zoomaccount", "the legacy pool, never used by the API" },
	{ "schedule.teacherstoragequota", "storage quotas: out of scope" },
	{ "schedule.lessonmaterial", "lesson materials: out of scope" },
	{ "schedule.materialview", "lesson materials: out of scope" },
	{ "accounts.statusbarmessage", "status-bar messages: not imported" },
	{ "accounts.systemsettings", "system settings: not imported (the "
	    "original never read them)" },
	{ "accounts.emailverification", "pending verification codes" },
	{ "accounts.phoneverification", "pending verification codes" },
	{ "accounts.chat", "chat: not in this system" },
	{ "accounts.message", "chat: not in this system" },
	{ "accounts.messagereadstatus", "chat: not in this system" },
	{ "zoom_pool.zoompoolusagemetrics", "pool statistics: counted afresh" },
	{ "homework.answerversion", "answers' edit history: not kept" },
	{ "homework.studentquestion", "students' questions to the teacher: "
	    "not in this system" },
	{ "homework.homeworkfile", "uploaded files: the files themselves are "
	    "not in the dump" },
	{ "analytics.", "analytics: not in this system yet" },
	{ "core.", "courses: not in this system" },
};
#define NOOS	(sizeof(out_of_scope) / sizeof(out_of_scope[0]))

static void
vline(FILE *f, struct imp *im, const char *fmt, va_list ap)
{
	fprintf(f, "  %s pk=%lld (record %zu): ", im->model, (long long)im->pk,
	    im->index);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
}

int
import_fail(struct imp *im, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 n;
	int	 rc;

	if (im->err[0])
		return -1;
	if (im->model != NULL && im->has_pk)
		rc = snprintf(im->err, sizeof(im->err), "record %zu (%s pk=%lld): ",
		    im->index, im->model, (long long)im->pk);
	else if (im->model != NULL)
		rc = snprintf(im->err, sizeof(im->err), "record %zu (%s): ",
		    im->index, im->model);
	else
		rc = snprintf(im->err, sizeof(im->err), "record %zu: ", im->index);
	n = rc > 0 && (size_t)rc < sizeof(im->err) ? (size_t)rc : 0;
	va_start(ap, fmt);
	vsnprintf(im->err + n, sizeof(im->err) - n, fmt, ap);
	va_end(ap);
	return -1;
}

int
import_refused(struct imp *im)
{
	switch (db_last_error()) {
	case DB_ERR_DOWN:
		return import_fail(im, "the database connection was lost");
	case DB_ERR_DUP:
		return import_fail(im, "the database refused it: a unique key "
		    "already holds that value here");
	case DB_ERR_FK:
		return import_fail(im, "the database refused it: a reference to "
		    "a row that is not here");
	default:
		return import_fail(im, "the database refused it (its message is "
		    "in the log line above)");
	}
}

void
import_note(struct imp *im, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vline(im->notes, im, fmt, ap);
	va_end(ap);
}

static void
skip_line(struct imp *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
skip_line(struct imp *im, const char *fmt, ...)
{
	va_list	 ap;

	im->n[im->mid].skipped++;
	va_start(ap, fmt);
	vline(im->skips, im, fmt, ap);
	va_end(ap);
}

int
import_skip(struct imp *im, struct rec *r, const char *fmt, ...)
{
	va_list	 ap;

	r->state = REC_SKIPPED;
	im->n[im->mid].skipped++;
	va_start(ap, fmt);
	vline(im->skips, im, fmt, ap);
	va_end(ap);
	return 0;
}

int
import_map(struct imp *im, enum model_id m, const struct rec *r)
{
	if (db_import_map_add(&im->a, import_models[m]->name, r->pk, r->id) == -1)
		return import_fail(im, "the database refused the line of "
		    "import_django_map");
	return 0;
}

int
import_done(struct imp *im, enum model_id m, struct rec *r)
{
	if (import_map(im, m, r) == -1)
		return -1;
	r->state = REC_IMPORTED;
	im->n[m].imported++;
	if (r->kept)
		im->kept++;
	else
		im->renumbered++;
	return 0;
}

/* A model this system leaves behind: counted, 1; unknown: 0. */
static int
leave_behind(struct imp *im, const char *model)
{
	size_t	 i, k, n;

	for (i = 0; i < NOOS; i++) {
		n = strlen(out_of_scope[i].name);
		if (out_of_scope[i].name[n - 1] == '.' ?
		    strncmp(model, out_of_scope[i].name, n) == 0 :
		    strcmp(model, out_of_scope[i].name) == 0)
			break;
	}
	if (i == NOOS)
		return 0;
	if (im->mode != IMPORT_SCAN)
		return 1;
	for (k = 0; k < im->noos; k++)
		if (strcmp(im->oos[k].name, model) == 0)
			break;
	if (k == im->noos) {
		if (k == MAX_OOS)
			return 1;	/* counted no more, still left */
		im->oos[k].name = arena_strdup(&im->keep, model);
		im->oos[k].reason = out_of_scope[i].reason;
		im->noos++;
	}
	im->oos[k].n++;
	return 1;
}

/* First pass: remember the names of fields a model does not know. */
static void
unknown_fields(struct imp *im, struct json_object *fields)
{
	const char *const	*known = import_models[im->mid]->fields;
	const char		**seen = im->unknown[im->mid];
	size_t			 i, k;

	json_object_object_foreach(fields, key, val) {
		(void)val;
		for (i = 0; known[i] != NULL && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] != NULL)
			continue;
		for (k = 0; k < MAX_UNKNOWN && seen[k] != NULL &&
		    strcmp(seen[k], key) != 0; k++)
			;
		if (k < MAX_UNKNOWN && seen[k] == NULL)
			seen[k] = arena_strdup(&im->keep, key);
	}
}

/* In an insert pass: a record planned as something other than new. */
static int
not_new(struct imp *im, struct rec *r, struct json_object *fields)
{
	struct user_info	*u, *w;

	switch (r->state) {
	case REC_ALREADY:
		im->n[im->mid].already++;
		/* A group imported earlier may have new students since. */
		return im->mid == M_GROUP ?
		    import_models[M_GROUP]->run(im, r, fields) : 0;
	case REC_EXISTING:
		im->n[im->mid].already++;
		import_note(im, "%s is already here (id %lld): that account is "
		    "used as it is", im->users[r - im->recs[M_USER].v].email,
		    (long long)r->id);
		return import_map(im, M_USER, r);
	case REC_MERGED:
		u = &im->users[r - im->recs[M_USER].v];
		w = &im->users[u->winner];
		skip_line(im, "email %s differs only in case from that of "
		    "accounts.customuser pk=%lld (%s), which is imported (%s); "
		    "what refers to this one goes to that one", u->raw,
		    (long long)im->recs[M_USER].v[u->winner].pk, w->raw,
		    w->last_login != u->last_login ? "signed in more recently" :
		    "first in the file");
		return 0;
	case REC_GONE:
		skip_line(im, "imported before and deleted here since: not "
		    "imported again");
		return 0;
	default:
		return import_fail(im, "internal error: state %d", r->state);
	}
}

static int
record(struct imp *im, struct json_object *rec)
{
	struct json_object	*v, *fields;
	struct rec		*r;
	size_t			 idx;
	int			 m, rc;

	if (!json_object_is_type(rec, json_type_object) ||
	    !json_object_object_get_ex(rec, "model", &v) ||
	    !json_object_is_type(v, json_type_string))
		return import_fail(im, "not a dumpdata record (an object with "
		    "\"model\", \"pk\" and \"fields\")");
	im->model = json_object_get_string(v);
	if ((im->has_pk = json_object_object_get_ex(rec, "pk", &v) &&
	    json_object_is_type(v, json_type_int)))
		im->pk = json_object_get_int64(v);
	for (m = 0; m < NMODELS && strcmp(import_models[m]->name, im->model); m++)
		;
	if (m == NMODELS) {
		if (leave_behind(im, im->model))
			return 0;
		return import_fail(im, "unknown model %s: leave it out of the "
		    "export (dumpdata -e %s) if it is not needed here",
		    im->model, im->model);
	}
	im->mid = (enum model_id)m;
	if (!im->has_pk)
		return import_fail(im, "no integer \"pk\" (export with plain "
		    "primary keys, without --natural-primary)");
	if (!json_object_object_get_ex(rec, "fields", &fields) ||
	    !json_object_is_type(fields, json_type_object))
		return import_fail(im, "no \"fields\" object");
	if (im->mode == IMPORT_SCAN) {
		if ((rc = import_pkmap_add(&im->recs[m], im->pk, &idx)) == -1)
			return import_fail(im, "out of memory");
		if (rc == 1)
			return import_fail(im, "a second record with this pk");
		im->n[m].read++;
		unknown_fields(im, fields);
		return import_models[m]->run(im, &im->recs[m].v[idx], fields);
	}
	if (im->level >= 0 && import_models[m]->level != im->level)
		return 0;
	if ((r = import_pkmap_find(&im->recs[m], im->pk)) == NULL)
		return import_fail(im, "not seen in the first pass: did the file "
		    "change meanwhile?");
	if (r->state == REC_NEW)
		return import_models[m]->run(im, r, fields);
	/* Not imported now: its references must exist all the same. */
	if (m != M_USER && m != M_POOL &&
	    !(m == M_GROUP && r->state == REC_ALREADY)) {
		im->mode = IMPORT_VERIFY;
		rc = import_models[m]->run(im, r, fields);
		im->mode = IMPORT_INSERT;
		if (rc == -1)
			return -1;
	}
	return not_new(im, r, fields);
}

static int
pass(struct imp *im)
{
	struct json_object	*rec;
	int			 rc;

	if (import_dump_rewind(&im->dump) == -1)
		goto dump_error;
	while ((rc = import_dump_next(&im->dump, &rec)) == 1) {
		im->index = im->dump.index;
		im->model = NULL;
		im->has_pk = 0;
		im->why = NULL;
		rc = record(im, rec);
		json_object_put(rec);
		arena_reset(&im->a);
		if (rc == -1)
			return -1;
	}
	if (rc == 0) {
		im->passes++;
		return 0;
	}
dump_error:
	snprintf(im->err, sizeof(im->err), "%s", im->dump.err);
	return -1;
}

/* Records of model m already imported by an earlier run (map lines). */
static int
plan_earlier(struct imp *im, enum model_id m)
{
	struct db_res	 res;
	struct rec	*r;
	int64_t		 after = INT64_MIN;
	size_t		 i;

	do {
		arena_reset(&im->a);
		if (db_import_map_page(&im->a, import_models[m]->table,
		    import_models[m]->name, after, &res) == -1)
			return -1;
		for (i = 0; i < res.nrows; i++) {
			after = db_cell_i64(&res, i, 0, 0);
			if ((r = import_pkmap_find(&im->recs[m], after)) == NULL)
				continue;
			r->id = db_cell_i64(&res, i, 1, 0);
			r->state = db_cell_i64(&res, i, 2, 0) ? REC_ALREADY :
			    REC_GONE;
		}
	} while (res.nrows == DB_IMPORT_PAGE);
	return 0;
}

/* Ids for the new records of m: their own where free here, else new ones
 * above both the table's and the dump's largest. */
static int
plan_ids(struct imp *im, enum model_id m)
{
	struct pkmap	*pm = &im->recs[m];
	struct db_res	 res;
	struct rec	*r;
	int64_t		 max_here, next, after, id, min_pk = INT64_MAX;
	size_t		 i;

	arena_reset(&im->a);
	if (db_import_max_id(&im->a, import_models[m]->table, &max_here) == -1)
		return -1;
	next = (pm->n && pm->max_pk > max_here ? pm->max_pk : max_here) + 1;
	for (i = 0; i < pm->n; i++) {
		pm->v[i].kept = pm->v[i].pk > 0;	/* 0 asks for a new id */
		if (pm->v[i].state == REC_NEW && pm->v[i].pk < min_pk)
			min_pk = pm->v[i].pk;
	}
	for (after = min_pk > 0 ? min_pk - 1 : 0; min_pk != INT64_MAX; ) {
		arena_reset(&im->a);
		if (db_import_ids_page(&im->a, import_models[m]->table, after,
		    &res) == -1)
			return -1;
		for (i = 0; i < res.nrows; i++) {
			after = id = db_cell_i64(&res, i, 0, 0);
			if (id > pm->max_pk)
				break;
			if ((r = import_pkmap_find(pm, id)) != NULL)
				r->kept = 0;
		}
		if (res.nrows < DB_IMPORT_PAGE || i < res.nrows)
			break;
	}
	for (i = 0; i < pm->n; i++) {
		r = &pm->v[i];
		if (r->state != REC_NEW || (m == M_USER && im->users[i].winner != i))
			continue;
		r->id = r->kept ? r->pk : next++;
	}
	im->next_id[m] = next;
	return 0;
}

/* Users: an email already here; the case-only duplicates. */
static int
plan_users(struct imp *im)
{
	struct pkmap	*pm = &im->recs[M_USER];
	struct user	 u;
	struct rec	*w;
	size_t		 i;
	int		 rc;

	for (i = 0; i < pm->n; i++) {
		if (pm->v[i].state != REC_NEW || im->users[i].winner != i ||
		    im->users[i].email[0] == '\0')
			continue;
		arena_reset(&im->a);
		if ((rc = db_user_by_email(&im->a, im->users[i].email, &u)) == -1)
			return -1;
		if (rc == 1) {
			pm->v[i].state = REC_EXISTING;
			pm->v[i].id = u.id;
		}
	}
	if (plan_ids(im, M_USER) == -1)
		return -1;
	for (i = 0; i < pm->n; i++) {
		if (pm->v[i].state != REC_NEW || im->users[i].winner == i)
			continue;
		w = &pm->v[im->users[i].winner];
		pm->v[i].state = w->state == REC_GONE ? REC_GONE : REC_MERGED;
		pm->v[i].id = w->id;
	}
	return 0;
}

static int
plan(struct imp *im)
{
	int	 m;

	for (m = 0; m < NMODELS; m++) {
		if (plan_earlier(im, (enum model_id)m) == -1)
			return -1;
		if ((m == M_USER ? plan_users(im) :
		    plan_ids(im, (enum model_id)m)) == -1)
			return -1;
	}
	return 0;
}

static void
copy(FILE *from, FILE *to)
{
	char	 buf[8192];
	size_t	 n;

	rewind(from);
	while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
		fwrite(buf, 1, n, to);
}

static void
row(FILE *out, const char *name, const struct kind_count *c, const char *kind)
{
	fprintf(out, "  %-32s %9llu %9llu %9llu %9llu  %s\n", name,
	    (unsigned long long)c->read, (unsigned long long)c->imported,
	    (unsigned long long)c->already, (unsigned long long)c->skipped, kind);
}

static void
report(struct imp *im, FILE *out)
{
	size_t	 i, k, nunknown = 0;
	long	 nskips = ftell(im->skips), nnotes = ftell(im->notes);

	fprintf(out, "Import of %s%s\n", im->path, im->dry_run ?
	    " (dry run: nothing was written)" : "");
	fprintf(out, "%zu records read, in %d passes over the file.\n\n",
	    im->dump.index, im->passes);
	fprintf(out, "  %-32s %9s %9s %9s %9s\n", "model", "read", "imported",
	    "already", "skipped");
	for (i = 0; i < NMODELS; i++)
		row(out, import_models[i]->name, &im->n[i], import_models[i]->kind);
	row(out, "schedule.group.students", &im->n[K_MEMBER],
	    "group memberships");
	row(out, "schedule.individualinvitecode.used_by", &im->n[K_ENROL],
	    "enrolments (individual groups)");
	row(out, "homework.homework.assigned_*", &im->n[K_HWTARGET],
	    "groups and students homework was assigned to");
	row(out, "homework.answer.selected_choices", &im->n[K_HWSEL],
	    "choices picked in answers");
	fprintf(out, "\n\"already\": imported by an earlier run, or (users, pool "
	    "accounts) one with that email was here.\n");
	fprintf(out, "Ids: %llu kept as in the original, %llu new (the original's "
	    "id was taken here).\n", (unsigned long long)im->kept,
	    (unsigned long long)im->renumbered);
	if (im->noos) {
		fprintf(out, "\nNot imported (outside what this system does):\n");
		for (i = 0; i < im->noos; i++)
			fprintf(out, "  %-32s %9llu  %s\n", im->oos[i].name,
			    (unsigned long long)im->oos[i].n, im->oos[i].reason);
	}
	fprintf(out, "\nNotes:\n");
	if (im->naive)
		fprintf(out, "  date-times without a time zone (the original ran "
		    "with USE_TZ = False), taken as UTC: %llu\n",
		    (unsigned long long)im->naive);
	if (im->sealed)
		fprintf(out, "  teachers' own Zoom client secrets, kept in clear by "
		    "the original, stored encrypted: %llu\n",
		    (unsigned long long)im->sealed);
	if (im->secrets)
		fprintf(out, "  teachers' own Zoom client secrets not imported (no "
		    "encryption key is set; they enter them again): %llu\n",
		    (unsigned long long)im->secrets);
	if (im->start_urls)
		fprintf(out, "  lesson start URLs not kept (they sign anyone in as "
		    "the host; a fresh one is fetched at each start): %llu\n",
		    (unsigned long long)im->start_urls);
	if (im->hw_published)
		fprintf(out, "  homework without a status (the early original had "
		    "no drafts: its students saw it all), imported as published: "
		    "%llu\n", (unsigned long long)im->hw_published);
	for (i = 0; i < NMODELS; i++)
		for (k = 0; k < MAX_UNKNOWN && im->unknown[i][k] != NULL; k++) {
			fprintf(out, "  %s: field \"%s\" is not imported.\n",
			    import_models[i]->name, im->unknown[i][k]);
			nunknown++;
		}
	if (nnotes > 0)
		copy(im->notes, out);
	else if (!im->naive && !im->secrets && !im->sealed &&
	    !im->start_urls && !im->hw_published && nunknown == 0)
		fprintf(out, "  none\n");
	fprintf(out, "\nSkipped:\n");
	if (nskips > 0)
		copy(im->skips, out);
	else
		fprintf(out, "  none\n");
}

/* The insert passes: one over the file in its order when every reference
 * pointed back, else one per level of the models' dependencies. */
static int
insert(struct imp *im)
{
	int	 level;

	im->mode = IMPORT_INSERT;
	if (im->ordered) {
		im->level = -1;
		return pass(im);
	}
	for (level = 0; level < NLEVELS; level++) {
		im->level = level;
		if (pass(im) == -1)
			return -1;
	}
	return 0;
}

static int
run(struct imp *im, FILE *out)
{
	struct arena	 a;
	int		 rc;

	im->mode = IMPORT_SCAN;
	im->ordered = 1;
	if (pass(im) == -1)
		return -1;
	if (import_users_dedupe(im) == -1)
		return import_fail(im, "out of memory");
	im->model = NULL;
	im->index = 0;
	arena_init(&a, 0);
	if ((rc = db_import_lock(&a)) != 1) {
		arena_free(&a);
		snprintf(im->err, sizeof(im->err), rc == 0 ? "another import is "
		    "running" : "cannot reach the database (%s)", db_last_error() ==
		    DB_ERR_DOWN ? "connection failed" : "see the log");
		return -1;
	}
	rc = -1;
	if (db_begin() == -1 || plan(im) == -1) {
		if (!im->err[0])
			snprintf(im->err, sizeof(im->err), "database error while "
			    "planning the ids");
		goto out;
	}
	if (insert(im) == -1)
		goto out;
	/* Imported submissions' sums over their answers. */
	if (im->n[M_SUBMISSION].imported > 0 && db_sub_refresh_all(&a) == -1) {
		snprintf(im->err, sizeof(im->err), "the database refused to sum "
		    "the imported answers");
		goto out;
	}
	if (im->dry_run)
		db_rollback();
	else if (db_commit() == -1) {
		snprintf(im->err, sizeof(im->err), "the database refused the "
		    "commit");
		goto out;
	} else
		im->committed = 1;
	report(im, out);
	if (fflush(out) != 0 || ferror(out))
		snprintf(im->err, sizeof(im->err), "the report could not be "
		    "written%s", im->dry_run ? "" : " (the import is done)");
	else
		rc = 0;
out:
	db_rollback();
	db_import_unlock(&a);
	arena_free(&a);
	return rc;
}

int
import_django_run(const char *path, int dry_run, FILE *out)
{
	struct imp	 im;
	int		 i, rc = 1;

	memset(&im, 0, sizeof(im));
	im.path = path;
	im.dry_run = dry_run;
	arena_init(&im.a, 0);
	arena_init(&im.keep, 0);
	if (import_dump_open(&im.dump, path, NULL) == -1) {
		fprintf(stderr, "tpanel: import-django: %s: %s\n", path,
		    im.dump.err);
		goto out;
	}
	if ((im.skips = tmpfile()) == NULL || (im.notes = tmpfile()) == NULL) {
		fprintf(stderr, "tpanel: import-django: no temporary file\n");
		goto out;
	}
	if (run(&im, out) == 0)
		rc = 0;
	else
		fprintf(stderr, "tpanel: import-django: %s: %s\n%s", path, im.err,
		    im.committed ? "" : "tpanel: import-django: stopped; nothing "
		    "was imported\n");
out:
	if (im.skips != NULL)
		fclose(im.skips);
	if (im.notes != NULL)
		fclose(im.notes);
	import_dump_close(&im.dump);
	for (i = 0; i < NMODELS; i++)
		import_pkmap_free(&im.recs[i]);
	free(im.users);
	arena_free(&im.keep);
	arena_free(&im.a);
	return rc;
}
