/* json-c helpers tied to the request arena. */
#include "autoconf.h"

#include <stdint.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/json.h"

static void
put(void *o)
{
	json_object_put(o);
}

static struct json_object *
own(struct arena *a, struct json_object *o)
{
	if (o != NULL && arena_defer(a, put, o) == -1)
		return NULL;
	return o;
}

struct json_object *
json_new_object(struct arena *a)
{
	return own(a, json_object_new_object());
}

struct json_object *
json_new_array(struct arena *a)
{
	return own(a, json_object_new_array());
}

struct json_object *
json_parse(struct arena *a, const char *s, size_t n)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	size_t			 end;

	if (n > INT32_MAX || (tok = json_tokener_new_ex(64)) == NULL)
		return NULL;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, s, (int)n);
	if (o != NULL && json_tokener_get_error(tok) != json_tokener_success) {
		json_object_put(o);
		o = NULL;
	}
	/* Only white space may follow the value. */
	for (end = json_tokener_get_parse_end(tok); o != NULL && end < n; end++)
		if (s[end] != ' ' && s[end] != '\t' && s[end] != '\r' &&
		    s[end] != '\n') {
			json_object_put(o);
			o = NULL;
		}
	json_tokener_free(tok);
	return own(a, o);
}

void
json_add_str(struct json_object *o, const char *key, const char *val)
{
	/* NULL (a failed arena copy, an SQL NULL) is JSON null, not a crash. */
	json_object_object_add(o, key, val ? json_object_new_string(val) : NULL);
}

void
json_add_int(struct json_object *o, const char *key, int64_t val)
{
	json_object_object_add(o, key, json_object_new_int64(val));
}

void
json_add_bool(struct json_object *o, const char *key, int val)
{
	json_object_object_add(o, key, json_object_new_boolean(val != 0));
}

void
json_add_double(struct json_object *o, const char *key, double val)
{
	json_object_object_add(o, key, json_object_new_double(val));
}

void
json_add_null(struct json_object *o, const char *key)
{
	json_object_object_add(o, key, NULL);
}

const char *
json_text(struct json_object *o, size_t *len)
{
	return json_object_to_json_string_length(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, len);
}
