/* The original's accounts.customuser and zoom_pool.zoomaccount: read the
 * fields (first pass: only that), then map them onto our tables. Decisions a
 * record's content calls for are made here and said in the report. */
#include "autoconf.h"

#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/str.h"
#include "crypto/aead.h"
#include "db/db.h"
#include "db/db_import.h"
#include "import/import.h"

/* Trimmed, ASCII lower case: how emails are stored here. */
static const char *
email_norm(struct arena *a, const char *raw)
{
	char	*e, *p;

	if ((e = str_trim_dup(a, raw)) == NULL)
		return NULL;
	for (p = e; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return e;
}

/* ---- accounts.customuser ---------------------------------------------- */

static const char *const user_fields[] = {
	"password", "last_login", "is_superuser", "first_name", "last_name",
	"is_staff", "is_active", "date_joined", "email", "email_verified",
	"phone_number", "role", "middle_name", "agreed_to_marketing", "avatar",
	"date_of_birth", "zoom_account_id", "zoom_client_id",
	"zoom_client_secret", "zoom_user_id", "username_handle", "created_at",
	"updated_at", "groups", "user_permissions", NULL
};
static const char *const roles[] = { "student", "teacher", "admin", NULL };

/* The role here for the original's role and staff flags. */
static const char *
user_role(struct imp *im, const char *role, int superuser, int staff)
{
	const char	*flags = superuser ? "is_superuser" : "is_staff";

	if (import_one_of(role, roles)) {
		if ((superuser || staff) && strcmp(role, "admin") != 0)
			import_note(im, "%s with role %s: kept as %s (admin rights "
			    "here come from the role admin alone)", flags, role,
			    role);
		return role;
	}
	if (superuser || staff) {
		import_note(im, "role \"%s\" with %s: imported as admin", role,
		    flags);
		return "admin";
	}
	import_note(im, "role \"%s\" is not student, teacher or admin: imported "
	    "as student", role);
	return "student";
}

static int
user(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_user	 u;
	struct user_info	*ui;
	const char		*raw, *role, *alg;
	int64_t			 ll = INT64_MIN;
	int			 rc;

	memset(&u, 0, sizeof(u));
	raw = import_str(im, f, "email", F_REQ);
	u.password = import_str(im, f, "password", F_REQ);
	u.last_login = import_datetime(im, f, "last_login", 1, &ll);
	u.is_superuser = import_bool(im, f, "is_superuser", 0);
	u.first_name = import_str(im, f, "first_name", "");
	u.last_name = import_str(im, f, "last_name", "");
	u.middle_name = import_str(im, f, "middle_name", "");
	u.is_staff = import_bool(im, f, "is_staff", 0);
	u.is_active = import_bool(im, f, "is_active", 1);
	u.date_joined = import_datetime(im, f, "date_joined", 1, NULL);
	u.email_verified = import_bool(im, f, "email_verified", 0);
	u.phone_number = import_str_null(im, f, "phone_number");
	role = import_str(im, f, "role", "");
	u.agreed_to_marketing = import_bool(im, f, "agreed_to_marketing", 0);
	u.avatar = import_str(im, f, "avatar", "");
	u.date_of_birth = import_date(im, f, "date_of_birth", 1);
	u.zoom_account_id = import_str(im, f, "zoom_account_id", "");
	u.zoom_client_id = import_str(im, f, "zoom_client_id", "");
	u.zoom_client_secret = import_str(im, f, "zoom_client_secret", "");
	u.zoom_user_id = import_str(im, f, "zoom_user_id", "");
	u.username_handle = import_str_null(im, f, "username_handle");
	u.created_at = import_datetime(im, f, "created_at", 1, NULL);
	u.updated_at = import_datetime(im, f, "updated_at", 1, NULL);
	if (im->err[0])
		return -1;
	if ((u.email = email_norm(&im->a, raw)) == NULL)
		return import_fail(im, "out of memory");
	if (im->mode == IMPORT_SCAN) {
		/* Kept for the case-only duplicates, decided after this pass. */
		if (im->nusers == im->capusers) {
			size_t	 cap = im->capusers ? im->capusers * 2 : 256;
			void	*v = realloc(im->users, cap * sizeof(*im->users));

			if (v == NULL)
				return import_fail(im, "out of memory");
			im->users = v;
			im->capusers = cap;
		}
		ui = &im->users[im->nusers];
		ui->email = arena_strdup(&im->keep, u.email);
		ui->raw = arena_strdup(&im->keep, raw);
		ui->last_login = ll;
		ui->winner = im->nusers++;
		if (ui->email == NULL || ui->raw == NULL)
			return import_fail(im, "out of memory");
		return 0;
	}
	if (u.email[0] == '\0' || strlen(u.email) > 254)
		return import_skip(im, r, "email \"%s\" is empty or longer than "
		    "254 characters", raw);
	u.id = r->id;
	u.role = user_role(im, role, u.is_superuser, u.is_staff);
	if (strncmp(u.password, "pbkdf2_sha256$", 14) != 0 &&
	    strncmp(u.password, "argon2$", 7) != 0) {
		alg = u.password[0] == '!' || u.password[0] == '\0' ? "none "
		    "(unusable)" : arena_strndup(&im->a, u.password,
		    strcspn(u.password, "$"));
		import_note(im, "password hash of kind %s: %s cannot sign in "
		    "with a password until it is reset", import_cut(&im->a, alg, 30),
		    u.email);
	}
	if (u.phone_number != NULL && u.phone_number[0] == '\0')
		u.phone_number = NULL;
	if (u.username_handle != NULL && u.username_handle[0] == '\0')
		u.username_handle = NULL;
	if (u.phone_number != NULL) {
		if ((rc = db_import_phone_taken(&im->a, u.phone_number)) == -1)
			return import_refused(im);
		if (rc == 1) {
			import_note(im, "phone number %s belongs to another user "
			    "here: not imported", u.phone_number);
			u.phone_number = NULL;
		}
	}
	if (u.username_handle != NULL) {
		if ((rc = db_import_handle_taken(&im->a, u.username_handle)) == -1)
			return import_refused(im);
		if (rc == 1) {
			import_note(im, "handle %s belongs to another user here: not "
			    "imported", u.username_handle);
			u.username_handle = NULL;
		}
	}
	/* Kept in clear by the original; never in clear here. */
	if (u.zoom_client_secret[0] != '\0') {
		if (aead_ready()) {
			if ((u.zoom_client_secret = aead_seal_str(&im->a,
			    u.zoom_client_secret)) == NULL)
				return import_fail(im, "cannot encrypt the Zoom "
				    "client secret");
			im->sealed++;
		} else {
			im->secrets++;
			u.zoom_client_secret = "";
		}
	}
	u.date_joined = import_now_or(im, u.date_joined);
	u.created_at = u.created_at ? u.created_at : u.date_joined;
	u.updated_at = import_now_or(im, u.updated_at);
	if (db_import_user(&im->a, &u) == -1)
		return import_refused(im);
	return import_done(im, M_USER, r);
}

static int
by_email(const void *a, const void *b)
{
	const struct user_info *x = a, *y = b;
	int	 c = strcmp(x->email, y->email);

	if (c != 0)
		return c;
	/* Most recent sign-in first; never signed in last; then file order. */
	if (x->last_login != y->last_login)
		return x->last_login > y->last_login ? -1 : 1;
	return (x->winner > y->winner) - (x->winner < y->winner);
}

int
import_users_dedupe(struct imp *im)
{
	struct user_info	*sorted;
	size_t			 i, j, w;

	if (im->nusers == 0)
		return 0;
	if ((sorted = malloc(im->nusers * sizeof(*sorted))) == NULL)
		return -1;
	memcpy(sorted, im->users, im->nusers * sizeof(*sorted));
	qsort(sorted, im->nusers, sizeof(*sorted), by_email);
	for (i = 0; i < im->nusers; i = j) {
		w = sorted[i].winner;	/* still each one's own index here */
		for (j = i + 1; j < im->nusers &&
		    strcmp(sorted[j].email, sorted[i].email) == 0; j++)
			if (sorted[i].email[0] != '\0')
				im->users[sorted[j].winner].winner = w;
	}
	free(sorted);
	return 0;
}

const struct import_model import_model_user = {
	"accounts.customuser", "users", DBI_USER, 0, user, user_fields
};

/* ---- zoom_pool.zoomaccount -------------------------------------------- */

static const char *const pool_fields[] = {
	"email", "api_key", "api_secret", "zoom_user_id",
	"max_concurrent_meetings", "current_meetings", "is_active",
	"last_used_at", "created_at", "updated_at", "preferred_teachers", NULL
};

static int
pool(struct imp *im, struct rec *r, struct json_object *f)
{
	struct import_pool	 p;
	struct json_object	*v;
	const char		*raw, *key, *secret;
	int64_t			 current, here;
	int			 active, rc;

	memset(&p, 0, sizeof(p));
	raw = import_str(im, f, "email", F_REQ);
	key = import_str(im, f, "api_key", "");
	secret = import_str(im, f, "api_secret", "");
	p.zoom_user_id = import_str(im, f, "zoom_user_id", "");
	p.max_meetings = import_int(im, f, "max_concurrent_meetings", INT32_MIN,
	    INT32_MAX, 1, 1, NULL);
	current = import_int(im, f, "current_meetings", INT32_MIN, INT32_MAX, 1,
	    0, NULL);
	active = import_bool(im, f, "is_active", 1);
	p.last_used_at = import_datetime(im, f, "last_used_at", 1, NULL);
	p.created_at = import_datetime(im, f, "created_at", 1, NULL);
	p.updated_at = import_datetime(im, f, "updated_at", 1, NULL);
	if (im->err[0])
		return -1;
	if (im->mode != IMPORT_INSERT)
		return 0;
	if ((p.email = email_norm(&im->a, raw)) == NULL || p.email[0] == '\0')
		return import_skip(im, r, "no email");
	if ((rc = db_import_pool_by_email(&im->a, p.email, &here)) == -1)
		return import_refused(im);
	if (rc == 1) {
		/* Its credentials were set up here already: left alone. */
		r->state = REC_EXISTING;
		r->id = here;
		im->n[M_POOL].already++;
		import_note(im, "%s is already in the pool here (id %lld): left "
		    "as it is", p.email, (long long)r->id);
		return import_map(im, M_POOL, r);
	}
	p.id = r->id;
	if (p.max_meetings < 1) {
		import_note(im, "max_concurrent_meetings %lld: imported as 1",
		    (long long)p.max_meetings);
		p.max_meetings = 1;
	}
	import_note(im, "%s: imported INACTIVE, flagged as needing "
	    "Server-to-Server credentials (JWT api_key/api_secret %s; was %s "
	    "in the original%s)", p.email, key[0] || secret[0] ?
	    "not imported" : "absent", active ? "active" : "inactive",
	    current > 0 ? ", its meeting count reset to 0" : "");
	if (json_object_object_get_ex(f, "preferred_teachers", &v) &&
	    json_object_is_type(v, json_type_array) &&
	    json_object_array_length(v) > 0)
		import_note(im, "preferred_teachers (%zu) not imported: the pool "
		    "does not use them", json_object_array_length(v));
	p.created_at = import_now_or(im, p.created_at);
	p.updated_at = import_now_or(im, p.updated_at);
	if (db_import_pool(&im->a, &p) == -1)
		return import_refused(im);
	return import_done(im, M_POOL, r);
}

const struct import_model import_model_pool = {
	"zoom_pool.zoomaccount", "Zoom pool accounts", DBI_POOL, 0, pool,
	pool_fields
};
