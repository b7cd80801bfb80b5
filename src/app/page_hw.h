/* The homework pages' shared helpers (page_hw_*.c only): loading a
 * homework as the caller may see it, error pages for the domain's
 * refusals, times on the configured zone's clock, Russian names, form
 * fields, and answers shown as a reader sees them. */
#ifndef APP_PAGE_HW_H
#define APP_PAGE_HW_H

#include <stddef.h>
#include <stdint.h>

#include "domain/hw_question.h"

struct answer_row;
struct arena;
struct homework;
struct hw_err;
struct hw_target;
struct json_object;
struct req;

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

/* The value of a form field ("" when absent). */
const char *page_hw_form(struct req *, const char *key);
/* Every value of a repeated form field, in order: up to max into out;
 * their number. */
size_t	 page_hw_form_all(struct req *, const char *key, const char **out,
	    size_t max);
/* Whether the client asked for JSON (the pages' script). */
int	 page_hw_wants_json(struct req *);

/* The CSS classes that put a hotspot's box over its image (whole percents,
 * static/homework.css): "hs-x10 hs-y10 hs-w20 hs-h20". */
const char *page_hw_spot_classes(struct arena *, struct json_object *spot);
/* A stored file's URL from an imageUrl/audioUrl and its *FileId: the
 * URL when set, else /api/homework/file/<id>/; "" for none. Only our
 * paths, /static/ and http(s) links come back. */
const char *page_hw_media_url(struct arena *, struct json_object *cfg,
	    const char *url_key, const char *file_key);

/* An answer as a reader sees it, question by question: {"rows": [{label,
 * given, expected}], "files": [{name, url}], "template", "image_url",
 * "spots"}; expected only with key (the teacher's question, q->config
 * holding the key). answer: the canonical value (NULL: none); files: the
 * stored attachments list. NULL on overflow. */
struct json_object *page_hw_shown(struct arena *, const struct hw_question *q,
	    struct json_object *answer, struct json_object *files, int key);

#endif
