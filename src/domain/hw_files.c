/* Stored files in homework: media named by questions and texts, answer
 * files, feedback files; who reads them; whether they are still used. */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"
#include "db/db_homework.h"
#include "db/db_hw_files.h"
#include "domain/file.h"
#include "domain/homework.h"
#include "domain/hw_files.h"
#include "domain/hw_input.h"
#include "domain/hw_json.h"
#include "domain/hw_question.h"

#define FILE_PATH	"/api/homework/file/"
#define MEDIA_MAX	200	/* distinct files one homework names */
#define USES_MAX	16	/* references looked at for a download */

/* -- the files a homework names ------------------------------------------- */

struct idset {
	const char	**ids;
	size_t		  n;
};

static int
idset_has(const struct idset *s, const char *id)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->ids[i], id) == 0)
			return 1;
	return 0;
}

/* The id of one of our file URLs (/api/homework/file/<id>/), else NULL. */
static const char *
url_file(struct arena *a, const char *url)
{
	char	*id;

	if (url == NULL || strncmp(url, FILE_PATH, sizeof(FILE_PATH) - 1) != 0)
		return NULL;
	url += sizeof(FILE_PATH) - 1;
	if (strnlen(url, 32) < 32)
		return "";	/* ours, but no file's: refused */
	if ((id = arena_strndup(a, url, 32)) == NULL || !hwj_file_id_ok(id) ||
	    (url[32] != '\0' && url[32] != '/'))
		return "";	/* ours, but no file's: refused */
	return id;
}

/* Claim id for the homework's media, once: 1 taken (or taken already),
 * 0 not the teacher's, -1 on a database error. */
static int
take(struct arena *a, struct idset *s, int64_t teacher, const char *id)
{
	struct stored_file	 f;
	int			 rc;

	if (idset_has(s, id))
		return 1;
	if (s->n >= MEDIA_MAX)
		return 1;	/* more is not media, it is abuse: not readable */
	if ((rc = file_claim(a, id, teacher, FILE_HOMEWORK_MEDIA, 0, 0, &f)) != 1)
		return rc;
	s->ids[s->n++] = f.id;
	return 1;
}

/* Every file URL in text that is the teacher's. */
static int
take_text(struct arena *a, struct idset *s, int64_t teacher, const char *text)
{
	const char	*p, *id;

	for (p = text; p != NULL && (p = strstr(p, FILE_PATH)) != NULL; p++) {
		if ((id = url_file(a, p)) == NULL || *id == '\0')
			continue;
		if (take(a, s, teacher, id) == -1)
			return -1;
	}
	return 0;
}

/* A question's named media: a file that is not the teacher's is a 400. */
static int
take_question(struct arena *a, struct idset *s, int64_t teacher,
    const struct hw_question *q, size_t index, struct hw_err *err)
{
	static const char *const keys[][2] = {
		{ "audioFileId", NULL }, { "imageFileId", NULL },
		{ "audioUrl", "" }, { "imageUrl", "" },
	};
	const char	*v, *id, *field;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if ((v = hwj_str(q->config, keys[i][0])) == NULL || *v == '\0')
			continue;
		id = keys[i][1] == NULL ? v : url_file(a, v);
		if (id == NULL)
			continue;	/* another site's or /static/ */
		rc = hwj_file_id_ok(id) ? take(a, s, teacher, id) : 0;
		if (rc == -1)
			return HW_DB;
		if (rc == 0) {
			field = arena_printf(a, "config.%s", keys[i][0]);
			return hw_err_question(a, err, index, q->id,
			    hw_qtype_name(q->type, 0), field ? field : keys[i][0],
			    "Файл не найден среди ваших загрузок: загрузите его "
			    "заново.");
		}
	}
	if (take_text(a, s, teacher, q->prompt) == -1 ||
	    take_text(a, s, teacher, json_text(q->config, NULL)) == -1)
		return HW_DB;
	return 0;
}

static const char *
ids_json(struct arena *a, const struct idset *s)
{
	struct json_object	*l;
	size_t			 i;

	if ((l = json_new_array(a)) == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
		json_object_array_add(l, json_object_new_string(s->ids[i]));
	return arena_strdup(a, json_text(l, NULL));
}

/* The ids of from that not lacks, in *out (allocated here). */
static int
idset_minus(struct arena *a, const struct idset *from, const struct idset *not,
    struct idset *out)
{
	size_t	 i;

	out->n = 0;
	if ((out->ids = arena_zalloc(a, (from->n + 1) * sizeof(*out->ids))) ==
	    NULL)
		return -1;
	for (i = 0; i < from->n; i++)
		if (!idset_has(not, from->ids[i]))
			out->ids[out->n++] = from->ids[i];
	return 0;
}

/* Make the references of (hw, sub), which are old now, the files of now:
 * only those that change are written, each by its key (no write when
 * none does). 0 or HW_DB. */
static int
set_refs(struct arena *a, int64_t hw, int64_t sub, const char **old,
    size_t nold, const struct idset *now)
{
	struct idset	 was = { old, nold }, gone, added;
	const char	*gj = NULL, *aj = NULL;

	if (idset_minus(a, &was, now, &gone) == -1 ||
	    idset_minus(a, now, &was, &added) == -1 ||
	    (gone.n > 0 && (gj = ids_json(a, &gone)) == NULL) ||
	    (added.n > 0 && (aj = ids_json(a, &added)) == NULL))
		return HW_DB;
	if (gj == NULL && aj == NULL)
		return 0;
	return db_hwf_set(a, hw, sub, gj, aj) == -1 ? HW_DB : 0;
}

/* Let go of old's files that now lacks. */
static int
release_gone(struct arena *a, const char **old, size_t nold,
    const struct idset *now)
{
	size_t	 i;

	for (i = 0; i < nold; i++)
		if (!idset_has(now, old[i]) && file_release(a, old[i]) == -1)
			return -1;
	return 0;
}

int
hw_files_media(struct arena *a, int64_t hw, int64_t teacher,
    const struct hw_question *const *qs, size_t nq, const char *const *texts,
    size_t ntexts, struct hw_err *err)
{
	struct idset	 s = { NULL, 0 };
	const char	**old;
	size_t		 nold, i;
	int		 rc;

	if ((s.ids = arena_zalloc(a, (MEDIA_MAX + 1) * sizeof(*s.ids))) == NULL)
		return HW_DB;
	for (i = 0; i < nq; i++)
		if ((rc = take_question(a, &s, teacher, qs[i], i, err)) != 0)
			return rc;
	for (i = 0; i < ntexts; i++)
		if (take_text(a, &s, teacher, texts[i]) == -1)
			return HW_DB;
	if (db_hwf_refs(a, hw, 0, &old, &nold) == -1 ||
	    release_gone(a, old, nold, &s) == -1)
		return HW_DB;
	return set_refs(a, hw, 0, old, nold, &s);
}

int
hw_files_forget(struct arena *a, int64_t hw)
{
	const char	**ids;
	size_t		  n, i;

	if (db_hwf_all(a, hw, &ids, &n) == -1)
		return HW_DB;
	for (i = 0; i < n; i++)
		if (file_release(a, ids[i]) == -1)
			return HW_DB;
	return 0;
}

/* -- answers and feedback ----------------------------------------------- */

/* Whether mime is of a kind allowedTypes lists. */
static int
kind_allowed(struct json_object *kinds, const char *mime)
{
	const char	*k;
	size_t		 n, i;
	int		 image = strncmp(mime, "image/", 6) == 0;

	if (kinds == NULL || !json_object_is_type(kinds, json_type_array) ||
	    (n = json_object_array_length(kinds)) == 0)
		return 1;
	for (i = 0; i < n; i++) {
		k = json_object_get_string(json_object_array_get_idx(kinds, i));
		if (k != NULL && (strcmp(k, "any") == 0 ||
		    (image && strcmp(k, "image") == 0) ||
		    (!image && strcmp(k, "document") == 0)))
			return 1;
	}
	return 0;
}

/* A file as answers and feedback show it. */
static struct json_object *
file_json(struct arena *a, const struct stored_file *f)
{
	struct json_object	*o = json_object_new_object();

	json_add_str(o, "url", file_url(a, f));
	json_add_str(o, "file_id", f->id);
	json_add_str(o, "name", f->original_name);
	json_add_int(o, "size", f->size);
	json_add_str(o, "mime_type", f->mime_type);
	return o;
}

static int
not_found(struct arena *a, struct hw_err *err, const char *id)
{
	return hw_err_set(a, err, 400, arena_printf(a, "Файл %s не найден "
	    "среди ваших загрузок для этого задания.", id), 1);
}

int
hw_files_answer(struct arena *a, int64_t student, int64_t hw, const char **ids,
    size_t n, int64_t maxfiles, int64_t max_mb, const char *kinds_json,
    const char **json, struct hw_err *err)
{
	struct json_object	*l, *kinds = NULL;
	struct stored_file	 f;
	size_t			 i;
	int			 rc;

	if (maxfiles > 0 && (int64_t)n > maxfiles)
		return hw_err_set(a, err, 400, arena_printf(a, "Можно приложить "
		    "не больше %lld файлов.", (long long)maxfiles), 1);
	if (kinds_json != NULL && (kinds = json_parse(a, kinds_json,
	    strlen(kinds_json))) == NULL)
		return HW_DB;
	if ((l = json_new_array(a)) == NULL)
		return HW_DB;
	for (i = 0; i < n; i++) {
		if ((rc = file_claim(a, ids[i], student, FILE_HOMEWORK_ANSWER, hw,
		    0, &f)) == -1)
			return HW_DB;
		if (rc == 0)
			return not_found(a, err, ids[i]);
		if (max_mb > 0 && f.size > max_mb * 1024 * 1024)
			return hw_err_set(a, err, 400, arena_printf(a, "Файл «%s» "
			    "больше %lld МБ.", f.original_name, (long long)max_mb),
			    1);
		if (!kind_allowed(kinds, f.mime_type))
			return hw_err_set(a, err, 400, arena_printf(a, "Файл «%s»: "
			    "такой тип здесь не принимается.", f.original_name), 1);
		json_object_array_add(l, file_json(a, &f));
	}
	if ((*json = arena_strdup(a, json_text(l, NULL))) == NULL)
		return HW_DB;
	return 0;
}

/* The file ids of an attachments JSON text (none when it is not a list
 * of files). */
static void
ids_of(struct arena *a, const char *json, struct idset *s)
{
	struct json_object	*v;

	s->ids = NULL;
	s->n = 0;
	if (json != NULL && (v = json_parse(a, json, strlen(json))) != NULL &&
	    hw_answer_file_ids(a, v, &s->ids, &s->n) == -1)
		s->n = 0;
}

int
hw_files_replaced(struct arena *a, const char *old, const char *now)
{
	struct idset	 o, s;

	ids_of(a, old, &o);
	ids_of(a, now, &s);
	return release_gone(a, o.ids, o.n, &s) == -1 ? HW_DB : 0;
}

int
hw_files_feedback(struct arena *a, int64_t teacher, int64_t hw, int64_t sub,
    const char **ids, size_t n, const char **json, struct hw_err *err)
{
	struct json_object	*l;
	struct stored_file	 f;
	struct idset		 s = { ids, 0 };
	const char		**old;
	size_t			 nold, i;
	int			 rc;

	if ((l = json_new_array(a)) == NULL)
		return HW_DB;
	for (i = 0; i < n; i++) {
		/* What the teacher's upload endpoints keep, or a feedback
		 * file of this homework's. */
		if ((rc = file_claim(a, ids[i], teacher, FILE_HOMEWORK_MEDIA, 0, 0,
		    &f)) == 0)
			rc = file_claim(a, ids[i], teacher, FILE_HOMEWORK_FEEDBACK,
			    hw, 0, &f);
		if (rc == -1)
			return HW_DB;
		if (rc == 0)
			return not_found(a, err, ids[i]);
		json_object_array_add(l, file_json(a, &f));
	}
	s.n = n;
	if ((*json = arena_strdup(a, json_text(l, NULL))) == NULL ||
	    db_hwf_refs(a, hw, sub, &old, &nold) == -1 ||
	    release_gone(a, old, nold, &s) == -1)
		return HW_DB;
	return set_refs(a, hw, sub, old, nold, &s);
}

/* -- reading and the clean-up ------------------------------------------- */

int
homework_media_readable(struct arena *a, int64_t user, const char *role,
    const struct stored_file *f)
{
	struct homework		 h;
	struct hw_err		 err;
	int64_t			 hw[USES_MAX], sub[USES_MAX], student[USES_MAX];
	size_t			 n, i;
	int			 rc;

	if (strcmp(role, "student") != 0)
		return 0;
	if (db_hwf_uses(a, f->id, USES_MAX, hw, sub, student, &n) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (sub[i] != 0) {
			if (student[i] == user)
				return 1;
			continue;
		}
		rc = homework_load(a, HWR_STUDENT, user, hw[i], 0, &h, NULL, &err);
		if (rc == HW_DB)
			return -1;
		if (rc == 0)
			return 1;
	}
	return 0;
}

int
homework_answer_readable(struct arena *a, int64_t user, const char *role,
    const struct stored_file *f)
{
	int64_t	 teacher = 0;
	int	 rc;

	if (strcmp(role, "teacher") != 0 || f->homework_id == 0)
		return 0;
	if ((rc = db_hwf_teacher(a, f->homework_id, &teacher)) != 1)
		return rc;
	return teacher == user;
}

int
homework_file_referenced(struct arena *a, const struct stored_file *f)
{
	if (f->purpose == FILE_HOMEWORK_ANSWER)
		return f->homework_id == 0 || f->owner_id == 0 ? 0 :
		    db_hwf_in_answers(a, f->homework_id, f->owner_id, f->id);
	return db_hwf_referenced(a, f->id);
}
