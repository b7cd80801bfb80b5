/* The homework pages' shared helpers (page_hw_*.c only): loading a
 * homework as the caller may see it, error pages for the domain's
 * refusals, times on the configured zone's clock, Russian names, form
 * fields, and answers shown as a reader sees them. */
#ifndef APP_PAGE_HW_H
#define APP_PAGE_HW_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "db/db_file.h"
#include "domain/file.h"
#include "domain/hw_question.h"

struct answer_row;
struct arena;
struct homework;
struct hw_after;
struct hw_target;
struct submission;
struct stored_file;
struct upload;
struct hw_err;
struct hw_target;
struct json_object;
struct req;

#define PAGE_HW_EXTRA_ROWS	2	/* blank rows the question editor offers */

extern const char page_hw_db_down[];

/* The homework of the path's first {id} as the caller sees it (owner: its
 * teacher only; another teacher's or one not assigned: 404), with how it
 * reaches a student in *t (may be NULL). -1 after an error page. */
int	 page_hw_load_or_reply(struct req *, int owner, struct homework *h,
	    struct hw_target *t);
/* The path's {qid} (a question's id), or 0 when it is not a number. */
int64_t	 page_hw_qid(struct req *);
/* The page for a domain result that is not 0: HW_DB 503, else the
 * refusal's status with its message (404 and 403 in Russian). Returns 0. */
int	 page_hw_fail(struct req *, int rc, const struct hw_err *);
/* The domain's message for a page: a refusal's detail, or the first field
 * error of a DRF-shaped body ("Название: ..."). */
const char *page_hw_message(struct arena *, const struct hw_err *);
/* 303 to path with ?done=key (path has no query), or #anchor after it
 * when anchor is not NULL. Returns 0. */
int	 page_hw_redirect(struct req *, const char *path, const char *done,
	    const char *anchor);

/* A stored DATETIME (UTC) on the configured zone's clock, "пн, 23.11.2026
 * 10:00"; NULL for NULL. */
const char *page_hw_when(struct arena *, const char *db);
/* The same for <input type="datetime-local">: "2026-11-23T10:00"; "" for
 * NULL. */
const char *page_hw_local_input(struct arena *, const char *db);
/* A datetime-local value ("YYYY-MM-DDTHH:MM[:SS]") read on the zone's
 * clock, as an ISO 8601 instant in *iso ("" gives NULL). 0, or -1 when it
 * is not one. */
int	 page_hw_local_parse(struct arena *, const char *in, const char **iso);

/* Russian names: a homework's status, a submission's (not_started too),
 * a question type. */
const char *page_hw_status_text(const char *status);
const char *page_hw_sub_status_text(const char *status);
const char *page_hw_type_text(enum hw_qtype);
/* The types in the constructor's menu: [{value, text, selected}]. */
struct json_object *page_hw_type_options(enum hw_qtype selected);

/* Every value of a repeated form field, in order: up to max into out;
 * their number. */
size_t	 page_hw_form_all(struct req *, const char *key, const char **out,
	    size_t max);
/* Whether the client asked for JSON (the pages' script). */
int	 page_hw_wants_json(struct req *);

/* json-c reads that never fail (the homework pages' own, as hw_json.h is
 * the domain's): the value at key (NULL when o is no object or key is
 * absent), a string ("" when not one), a boolean, a list (NULL when not
 * one) and a list's length (0 for NULL). */
static inline struct json_object *
hwp_get(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static inline const char *
hwp_str(struct json_object *o, const char *key)
{
	struct json_object	*v = hwp_get(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : "";
}

static inline int
hwp_bool(struct json_object *o, const char *key)
{
	struct json_object	*v = hwp_get(o, key);

	return v != NULL && json_object_get_boolean(v);
}

static inline struct json_object *
hwp_list(struct json_object *o, const char *key)
{
	struct json_object	*v = hwp_get(o, key);

	return v != NULL && json_object_is_type(v, json_type_array) ? v : NULL;
}

static inline size_t
hwp_len(struct json_object *l)
{
	return l != NULL && json_object_is_type(l, json_type_array) ?
	    json_object_array_length(l) : 0;
}

/* "Last First" of a UserBrief ({email, first_name, last_name}). */
const char *page_hw_brief_name(struct arena *, struct json_object *brief);
/* The answer row of question qid among a[n], or NULL. */
const struct answer_row *page_hw_answer_of(const struct answer_row *a, size_t n,
	    int64_t qid);

/* A list page's continuation (?c=<created_at in microseconds>&i=<id>) into
 * *after (from the start without them): 0, or -1 after a 400 page. */
int	 page_hw_after_or_reply(struct req *, struct hw_after *after);
/* The link to the page after the one ending with last. NULL on overflow. */
const char *page_hw_next_url(struct req *, const char *base,
	    const struct homework *last);

/* Store an upload as the caller's file of kind k for purpose (and
 * homework hw_id, 0: none): 0 and *f; -1 with *why for a refused file
 * (the caller shows it), or -1 after a 503 page (why NULL). */
int	 page_hw_store_or_reply(struct req *, struct upload *, enum file_kind k,
	    enum file_purpose purpose, int64_t hw_id, struct stored_file *f,
	    const char **why);

/* The CSS classes that put a hotspot's box over its image (whole percents,
 * static/homework.css): "hs-x10 hs-y10 hs-w20 hs-h20". */
const char *page_hw_spot_classes(struct arena *, struct json_object *spot);
/* A stored file's URL from an imageUrl/audioUrl and its *FileId: the
 * URL when set, else /api/homework/file/<id>/; "" for none. Only our
 * paths, /static/ and http(s) links come back. */
const char *page_hw_media_url(struct arena *, struct json_object *cfg,
	    const char *url_key, const char *file_key);

/* The student's pages (page_hw_take.c): their paths; whether the work
 * takes answers (in_progress, revision); the homework and the student's
 * work on it (*has_sub: there is some; full: every field, else id,
 * status, shuffle_seed and, in revision, the rest), -1 after an error
 * page; the take page of work s with an error message (NULL: none),
 * returning 0; whether a stored answer says something (a file, a pick,
 * some text). */
const char *page_hw_take_path(struct req *, int64_t hw_id);
const char *page_hw_result_path(struct req *, int64_t hw_id);
int	 page_hw_editable(const struct submission *);
int	 page_hw_load_work(struct req *, struct homework *h, struct hw_target *t,
	    struct submission *s, int *has_sub, int full);
int	 page_hw_render_take(struct req *, int status, const struct homework *h,
	    const struct hw_target *t, const struct submission *s,
	    const char *error);
int	 page_hw_answered(struct arena *, const struct hw_question *q,
	    const struct answer_row *x);

/* The question editor's form (page_hw_qform.c) as the API's question
 * JSON of type t over the stored config (NULL: none), the row buttons'
 * op applied; *msg: what the page itself found wrong (built all the same,
 * to show again). NULL on overflow. */
struct json_object *page_hw_question_of_form(struct req *, enum hw_qtype t,
	    struct json_object *stored, const char **msg);
/* A copy of a config that the caller owns, or {} for NULL. */
struct json_object *page_hw_config_copy(struct json_object *cfg);
/* A question field the domain names ("config.pairs[1].right") in the
 * editor's words ("Пара 2"), or NULL. */
const char *page_hw_field_words(struct arena *, const char *field);

/* An answer as a reader sees it, question by question: {"rows": [{label,
 * given, expected}], "files": [{name, url}], "template", "image_url",
 * "spots"}; expected only with key (the teacher's question, q->config
 * holding the key). answer: the canonical value (NULL: none); files: the
 * stored attachments list. The caller owns it (it is not the arena's: both
 * callers add it to their page). NULL when out of memory. */
struct json_object *page_hw_shown(struct arena *, const struct hw_question *q,
	    struct json_object *answer, struct json_object *files, int key);

#endif
