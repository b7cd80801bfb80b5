/* Inside tpanel import-django: the state of one run, shared by the driver
 * (django.c), the typed field reads (fields.c) and the models (accounts.c,
 * schedule.c). */
#ifndef IMPORT_IMPORT_H
#define IMPORT_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/arena.h"
#include "db/db_import.h"
#include "import/dump.h"
#include "import/pkmap.h"

struct json_object;

/* The models imported, in the order of the report. */
enum model_id {
	M_USER, M_POOL, M_GROUP, M_RECURRING, M_LESSON, M_ATTENDANCE,
	M_RECORDING, M_AUDIT, M_ICODE,
	M_HOMEWORK, M_HWASSIGN, M_QUESTION, M_CHOICE, M_SUBMISSION, M_ANSWER,
	NMODELS
};
/* Report lines that are not models of their own. */
enum { K_MEMBER = NMODELS, K_ENROL, K_HWTARGET, K_HWSEL, NKINDS };

/* What a model function does with the record it is given. */
enum import_mode {
	IMPORT_SCAN,	/* first pass: read the fields, collect keys */
	IMPORT_VERIFY,	/* read them, check that every reference exists */
	IMPORT_INSERT,	/* read them, decide, insert */
};

struct kind_count {
	uint64_t	 read, imported, already, skipped;
};

/* A user seen in the first pass, for e-mails that differ only by case. */
struct user_info {
	const char	*email;		/* trimmed, lower case */
	const char	*raw;		/* as in the dump */
	int64_t		 last_login;	/* microseconds; INT64_MIN = never */
	size_t		 winner;	/* the one kept for this email */
};

#define MAX_OOS		64	/* out-of-scope models counted by name */
#define MAX_UNKNOWN	16	/* unknown field names kept per model */

struct imp {
	const char		*path;
	int			 dry_run;
	enum import_mode	 mode;
	int			 ordered;	/* every reference pointed back */
	int			 level;		/* insert pass: this level, -1 all */
	int			 passes;	/* over the file, so far */
	int			 committed;
	struct import_dump	 dump;
	struct arena		 a;		/* reset after each record */
	struct arena		 keep;		/* lives for the run */
	struct pkmap		 recs[NMODELS];
	struct kind_count	 n[NKINDS];
	int64_t			 next_id[NMODELS];
	uint64_t		 kept, renumbered;
	struct user_info	*users;
	size_t			 nusers, capusers;
	struct {
		const char	*name, *reason;
		uint64_t	 n;
	}			 oos[MAX_OOS];
	size_t			 noos;
	const char		*unknown[NMODELS][MAX_UNKNOWN];
	uint64_t		 naive;		/* datetimes without an offset */
	uint64_t		 secrets;	/* client secrets not imported */
	uint64_t		 sealed;	/* client secrets sealed */
	uint64_t		 start_urls;	/* lesson start URLs dropped */
	uint64_t		 hw_published;	/* homework without a status */
	FILE			*skips, *notes;	/* report lines, shown at the end */
	/* The record at hand, for messages. */
	size_t			 index;
	const char		*model;
	enum model_id		 mid;
	int64_t			 pk;
	int			 has_pk;
	const char		*why;		/* why a reference cascaded */
	char			 err[512];
};

/* Stop the run: the message names the record at hand. Returns -1. */
int	 import_fail(struct imp *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* A line for the report about the record at hand. */
void	 import_note(struct imp *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Skip r (the record at hand) with a reason; returns 0. */
int	 import_skip(struct imp *, struct rec *r, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* The database refused a row: stop, naming the record and the kind of
 * error. Returns -1. */
int	 import_refused(struct imp *);
/* Record in import_django_map that r is r->id here. 0 or -1 (stopped). */
int	 import_map(struct imp *, enum model_id, const struct rec *r);
/* After an insert of r as r->id: its line in import_django_map and the
 * counts. 0 or -1 (stopped). */
int	 import_done(struct imp *, enum model_id, struct rec *r);

/* Typed reads of a record's "fields" (fields.c). A missing field takes the
 * default when one is given (the other snapshot of the original lacks it);
 * else, and for a value of the wrong type, the run stops (import_fail) and
 * these return NULL / 0 with im->err set: check im->err[0] after a batch. */
#define F_REQ	NULL
const char *import_str(struct imp *, struct json_object *f, const char *name,
	    const char *def);
/* A string or null (NULL); a missing field is null. */
const char *import_str_null(struct imp *, struct json_object *f,
	    const char *name);
int	 import_bool(struct imp *, struct json_object *f, const char *name,
	    int def);
/* An integer in [lo, hi]; *is_null set for null when is_null is given
 * (else null is an error); def when missing (def_ok). */
int64_t	 import_int(struct imp *, struct json_object *f, const char *name,
	    int64_t lo, int64_t hi, int def_ok, int64_t def, int *is_null);
/* An ISO 8601 date-time as a UTC DATETIME(6) string; NULL for null when
 * nullable; a naive one is counted and taken as UTC. *us when given. */
const char *import_datetime(struct imp *, struct json_object *f,
	    const char *name, int nullable, int64_t *us);
/* YYYY-MM-DD, NULL for null when nullable. */
const char *import_date(struct imp *, struct json_object *f, const char *name,
	    int nullable);
/* HH:MM[:SS[.f]] as HH:MM:SS[.ffffff]. */
const char *import_time(struct imp *, struct json_object *f, const char *name);
/* Any JSON value as compact text (for json columns); def when missing or
 * null. */
const char *import_json(struct imp *, struct json_object *f, const char *name,
	    const char *def);

/* A foreign key field to model m. IMPORT_SCAN: only notes whether the
 * target came earlier in the file; IMPORT_VERIFY: stops when the target is
 * nowhere, else IMPORT_REF_OK. IMPORT_INSERT: IMPORT_REF_OK and
 * *id; IMPORT_REF_NULL for null (or a target that is not imported, when
 * set_null); IMPORT_REF_CASCADE when the target is not imported and the
 * original would delete this record with it (im->why says why); -1 for a
 * target that is nowhere (stopped). *pk is the key in the dump (0 for
 * null). */
enum { IMPORT_REF_OK, IMPORT_REF_NULL, IMPORT_REF_CASCADE };
int	 import_ref(struct imp *, struct json_object *f, const char *name,
	    enum model_id m, int nullable, int set_null, int64_t *id, int64_t *pk);
/* t, or now (UTC) when t is NULL. */
const char *import_now_or(struct imp *, const char *t);
/* Whether s is one of the NULL-terminated set. */
int	 import_one_of(const char *s, const char *const *set);
/* s cut to at most n characters (UTF-8); NULL on overflow. */
const char *import_cut(struct arena *, const char *s, size_t n);
/* The resolution part of import_ref, for a key read otherwise. */
int	 import_resolve(struct imp *, const char *name, enum model_id m,
	    int64_t pk, int set_null, int64_t *id);
/* The id here of the record pk of model m: 1 and *id, 0 when it is not
 * (or no longer) here, -1 on a database error. */
int	 import_lookup(struct imp *, enum model_id m, int64_t pk, int64_t *id);

/* A model of the original: accounts.c, schedule.c and homework.c define
 * one each. */
struct import_model {
	const char	*name;		/* app.model, as in the dump */
	const char	*kind;		/* for the report */
	enum db_import_table table;	/* where it goes */
	int		 level;		/* after every model of a lower one */
	int		 (*run)(struct imp *, struct rec *, struct json_object *);
	const char *const *fields;	/* the fields it knows, NULL-terminated */
};
extern const struct import_model import_model_user, import_model_pool,
	    import_model_group, import_model_recurring, import_model_lesson,
	    import_model_attendance, import_model_recording, import_model_audit,
	    import_model_icode, import_model_homework, import_model_hwassign,
	    import_model_question, import_model_choice, import_model_submission,
	    import_model_answer;
/* Indexed by enum model_id (django.c). */
extern const struct import_model *const import_models[NMODELS];
/* After the first pass (accounts.c): which user is kept among emails that differ only
 * by case; the others become REC_MERGED (users[i] is the user of
 * recs[M_USER].v[i]; its winner the index of the one kept). -1 out of memory. */
int	 import_users_dedupe(struct imp *);

#endif
