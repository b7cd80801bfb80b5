/* json-c helpers: objects owned by the request arena, typed field reads. */
#ifndef CORE_JSON_H
#define CORE_JSON_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

struct arena;

/* A new object/array whose reference the arena drops at reset. */
struct json_object *json_new_object(struct arena *);
struct json_object *json_new_array(struct arena *);
/* Parse exactly one JSON value from s; NULL on bad JSON, trailing junk or
 * nesting deeper than 64. The arena drops it at reset. */
struct json_object *json_parse(struct arena *, const char *s, size_t n);
/* Add helpers: the value object is created here and owned by obj; a NULL
 * string is added as null. */
void	 json_add_str(struct json_object *, const char *key, const char *val);
void	 json_add_int(struct json_object *, const char *key, int64_t val);
void	 json_add_bool(struct json_object *, const char *key, int val);
void	 json_add_double(struct json_object *, const char *key, double val);
void	 json_add_null(struct json_object *, const char *key);
/* Serialize compactly (no escaping of '/'); the string lives until the
 * object is freed. */
const char *json_text(struct json_object *, size_t *len);

#endif
