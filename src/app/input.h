/* Reading request bodies into typed values; each *_or_reply helper has
 * already answered 400 when it returns -1 (or NULL). */
#ifndef APP_INPUT_H
#define APP_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct json_object;
struct req;

/* The body as a JSON object: JSON, or an urlencoded form turned into an
 * object of strings. An empty body is {}. NULL after a 400, or a 415 for
 * a multipart body (only upload endpoints read those). */
struct json_object *input_body_or_reply(struct req *);
/* A string field: 1 and *out, 0 when absent or null (*out = NULL), -1
 * after a 400 {"<key>": ["Not a valid string."]}. */
int	 input_str_or_reply(struct req *, struct json_object *, const char *key,
	    const char **out);
/* A boolean field (JSON true/false; "true"/"false"/"1"/"0" from forms):
 * 1 and *out, 0 absent, -1 after a 400. */
int	 input_bool_or_reply(struct req *, struct json_object *, const char *key,
	    int *out);
/* A list of positive integer ids (at most 1000): 1 and *ids, *n (arena),
 * 0 when absent, -1 after a 400. */
int	 input_ids_or_reply(struct req *, struct json_object *, const char *key,
	    int64_t **ids, size_t *n);
/* A primary key field: a positive JSON integer or a string of digits.
 * 1 and *out, 0 absent or null (*out = 0), -1 after a 400. */
int	 input_pk_or_reply(struct req *, struct json_object *, const char *key,
	    int64_t *out);
/* An integer field (JSON integer or digits, 32 bits): 1 and *out, 0
 * absent, -1 after a 400. */
int	 input_int_or_reply(struct req *, struct json_object *, const char *key,
	    int64_t *out);
/* ?key= as a positive id: 0 and *out (0 when absent), -1 after a 400. */
int	 input_query_id_or_reply(struct req *, const char *key, int64_t *out);
/* ?key= as an instant, leniently (a date alone, a space for '+'): 1 and
 * *us, 0 absent, -1 after a 400. */
int	 input_query_time_or_reply(struct req *, const char *key, int64_t *us);
/* The path segment at the route's segment name ("{uid}", "{key}" of
 * "{key}.ics"), in the arena; "" if the route has none. */
const char *input_path_name(struct req *, const char *name);
/* 400 {"<key>": [msg]}. Returns 0. */
int	 input_field_error(struct req *, const char *key, const char *msg);

#endif
