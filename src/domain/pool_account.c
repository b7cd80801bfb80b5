/* The Zoom pool's accounts (admins) and the teachers' own Zoom apps (the
 * legacy start): saving, switching, releasing and deleting them. The
 * leases are src/domain/pool.c's. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/str.h"
#include "crypto/aead.h"
#include "db/db.h"
#include "db/db_pool.h"
#include "domain/audit.h"
#include "domain/pool.h"

#define FIELD_MAX	255

/* -- pool accounts -------------------------------------------------------- */

int
pool_secret_is_keep(const char *s)
{
	return s == NULL || *s == '\0' || strncmp(s, "****", 4) == 0;
}

int
pool_account_available(const struct zoom_account *x)
{
	return x->is_active && !x->needs_s2s &&
	    x->current_meetings < x->max_concurrent_meetings &&
	    x->used_today < pool_daily_cap();
}

static void
add_err(struct pool_errs *err, const char *field, const char *msg)
{
	if (err->n < POOL_ERRS_MAX) {
		err->e[err->n].field = field;
		err->e[err->n].msg = msg;
		err->n++;
	}
}

static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A credential field: trimmed into *out; required when need. */
static void
cred_field(struct arena *a, const char *field, const char *in, int need,
    const char **out, struct pool_errs *err)
{
	const char	*t;

	if (in == NULL) {
		if (need)
			add_err(err, field, "This field is required.");
		return;
	}
	if ((t = str_trim_dup(a, in)) == NULL)
		return;
	if (*t == '\0' && need)
		add_err(err, field, "This field may not be blank.");
	else if (chars(t) > FIELD_MAX)
		add_err(err, field, "Ensure this field has no more than 255 "
		    "characters.");
	else
		*out = t;
}

int
pool_account_save(struct arena *a, const struct actor *who,
    const struct zoom_account *cur, const struct pool_account_input *in,
    int full, int64_t *id, struct pool_errs *err)
{
	struct json_object	*d;
	struct zoom_account	 x;
	const char		*msg, *secret = NULL;
	int			 create = cur == NULL, need = create || full;
	int			 secret_changed = 0;

	err->n = 0;
	memset(&x, 0, sizeof(x));
	if (cur != NULL)
		x = *cur;
	else {
		x.email = x.zoom_account_id = x.zoom_client_id = "";
		x.secret_enc = x.zoom_user_id = "";
		x.max_concurrent_meetings = 1;
		x.is_active = 1;
	}
	if (in->email == NULL) {
		if (need)
			add_err(err, "email", "This field is required.");
	} else if ((x.email = account_email(a, in->email, &msg)) == NULL)
		add_err(err, "email", *in->email ? "Enter a valid email address." :
		    "This field may not be blank.");
	cred_field(a, "zoom_account_id", in->zoom_account_id, create,
	    &x.zoom_account_id, err);
	cred_field(a, "zoom_client_id", in->zoom_client_id, create,
	    &x.zoom_client_id, err);
	if (!pool_secret_is_keep(in->zoom_client_secret)) {
		if (chars(in->zoom_client_secret) > 512)
			add_err(err, "zoom_client_secret", "Ensure this field has "
			    "no more than 512 characters.");
		else
			secret = in->zoom_client_secret;
	} else if (create || x.secret_enc[0] == '\0')
		add_err(err, "zoom_client_secret", in->zoom_client_secret == NULL ?
		    "This field is required." : "This field may not be blank.");
	cred_field(a, "zoom_user_id", in->zoom_user_id, 0, &x.zoom_user_id, err);
	if (in->has_max) {
		if (in->max_concurrent_meetings < 1)
			add_err(err, "max_concurrent_meetings", "Ensure this value "
			    "is greater than or equal to 1.");
		else if (in->max_concurrent_meetings > 1000)
			add_err(err, "max_concurrent_meetings", "Ensure this value "
			    "is less than or equal to 1000.");
		else
			x.max_concurrent_meetings = in->max_concurrent_meetings;
	}
	if (in->has_active)
		x.is_active = in->is_active != 0;
	/* Updates of existing credentials must keep them non-blank. */
	if (!create && (x.zoom_account_id[0] == '\0' ||
	    x.zoom_client_id[0] == '\0') && !x.needs_s2s)
		add_err(err, x.zoom_account_id[0] ? "zoom_client_id" :
		    "zoom_account_id", "This field may not be blank.");
	if (err->n > 0)
		return ACCOUNT_INVALID;
	if (secret != NULL) {
		if ((x.secret_enc = aead_seal_str(a, secret)) == NULL) {
			log_error("pool: cannot encrypt a secret (no key?)");
			return ACCOUNT_DB;
		}
		secret_changed = 1;
	}
	/* An imported JWT-era account becomes usable once it has S2S
	 * credentials; until then it stays off. */
	if (x.needs_s2s && x.zoom_account_id[0] && x.zoom_client_id[0] &&
	    x.secret_enc[0])
		x.needs_s2s = 0;
	if (x.needs_s2s)
		x.is_active = 0;
	if (db_pool_account_save(a, &x, id) == -1) {
		if (db_last_error() == DB_ERR_DUP) {
			add_err(err, "email", "Zoom Account with this email already "
			    "exists.");
			return ACCOUNT_INVALID;
		}
		return ACCOUNT_DB;
	}
	if (!create)
		*id = x.id;
	d = json_object_new_object();
	json_object_object_add(d, "email", json_object_new_string(x.email));
	json_object_object_add(d, "max_concurrent_meetings",
	    json_object_new_int64(x.max_concurrent_meetings));
	json_object_object_add(d, "is_active", json_object_new_boolean(x.is_active));
	json_object_object_add(d, "secret_changed",
	    json_object_new_boolean(secret_changed));
	audit_put(a, who, create ? "zoom_account_create" : "zoom_account_update",
	    "zoom_account", *id, d);
	return 0;
}

int
pool_account_release(struct arena *a, const struct actor *who, int64_t id,
    int64_t lesson_id, int64_t *released)
{
	struct lease	 l;
	int64_t		*ids;
	size_t		 n, i;
	int		 rc;

	*released = 0;
	if (lesson_id != 0) {
		if ((rc = db_pool_open_lease(a, lesson_id, &l)) == -1)
			return ACCOUNT_DB;
		if (rc == 0 || l.account_id != id)
			return 0;
		ids = &lesson_id;
		n = 1;
	} else if (db_pool_account_leases(a, id, &ids, &n) == -1)
		return ACCOUNT_DB;
	for (i = 0; i < n; i++) {
		if ((rc = pool_release_lesson(a, ids[i], POOL_REASON_ADMIN, who,
		    POOL_FORCE)) == -1)
			return ACCOUNT_DB;
		if (rc == 1)
			(*released)++;
	}
	return 0;
}

int
pool_account_delete(struct arena *a, const struct actor *who, int64_t id)
{
	struct json_object	*d;
	int64_t			*ids;
	size_t			 n, i;

	if (db_pool_account_leases(a, id, &ids, &n) == -1)
		return ACCOUNT_DB;
	for (i = 0; i < n; i++)
		if (pool_release_lesson(a, ids[i], POOL_REASON_DELETE, who,
		    POOL_FORCE) == -1)
			return ACCOUNT_DB;
	if (db_pool_account_delete(a, id) == -1)
		return ACCOUNT_DB;
	d = json_object_new_object();
	json_object_object_add(d, "leases_released", json_object_new_int64(
	    (int64_t)n));
	audit_put(a, who, "zoom_account_delete", "zoom_account", id, d);
	return 0;
}

int
pool_account_toggle(struct arena *a, const struct actor *who, int64_t id,
    int *active)
{
	struct json_object	*d;
	struct zoom_account	 x;
	int			 rc;

	if ((rc = db_pool_account_toggle(a, id)) == -1)
		return ACCOUNT_DB;
	if (rc == 0)
		return 0;
	if (db_pool_account_get(a, id, &x) != 1)
		return ACCOUNT_DB;
	*active = x.is_active;
	d = json_object_new_object();
	json_object_object_add(d, "is_active", json_object_new_boolean(x.is_active));
	audit_put(a, who, "zoom_account_toggle", "zoom_account", id, d);
	return 1;
}

/* -- teachers' own apps --------------------------------------------------- */

int
pool_teacher_set_zoom(struct arena *a, const struct actor *who,
    int64_t teacher, const char *account_id, const char *client_id,
    const char *secret, const char *user_id, struct field_err *err)
{
	struct json_object	*d;
	struct teacher_zoom	 t;
	struct pool_errs	 e;
	const char		*sealed;
	int			 rc;

	if ((rc = db_pool_teacher_get(a, teacher, &t)) != 1)
		return rc == -1 ? ACCOUNT_DB : 0;
	e.n = 0;
	cred_field(a, "zoom_account_id", account_id, 0, &t.account_id, &e);
	cred_field(a, "zoom_client_id", client_id, 0, &t.client_id, &e);
	cred_field(a, "zoom_user_id", user_id, 0, &t.user_id, &e);
	if (!pool_secret_is_keep(secret) && chars(secret) > 512)
		add_err(&e, "zoom_client_secret", "Ensure this field has no more "
		    "than 512 characters.");
	if (e.n > 0) {
		*err = e.e[0];
		return ACCOUNT_INVALID;
	}
	sealed = t.secret;
	if (!pool_secret_is_keep(secret) &&
	    (sealed = aead_seal_str(a, secret)) == NULL) {
		log_error("pool: cannot encrypt a secret (no key?)");
		return ACCOUNT_DB;
	}
	if (db_pool_teacher_set_zoom(a, teacher, t.account_id, t.client_id,
	    sealed, t.user_id) == -1)
		return ACCOUNT_DB;
	d = json_object_new_object();
	json_object_object_add(d, "zoom_account_id",
	    json_object_new_string(t.account_id));
	json_object_object_add(d, "zoom_client_id",
	    json_object_new_string(t.client_id));
	json_object_object_add(d, "zoom_user_id", json_object_new_string(t.user_id));
	json_object_object_add(d, "secret_changed",
	    json_object_new_boolean(!pool_secret_is_keep(secret)));
	audit_put(a, who, "teacher_zoom_update", "user", teacher, d);
	return 1;
}
