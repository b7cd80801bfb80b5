/* Reading request bodies into typed values. */
#include "autoconf.h"

#include <string.h>

#include "app/input.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/router.h"
#include "core/resp.h"
#include "core/str.h"

int
input_field_error(struct req *r, const char *key, const char *msg)
{
	struct json_object	*o, *a;

	if ((o = json_new_object(r->arena)) == NULL)
		return resp_error(r, 400, msg);
	a = json_object_new_array();
	json_object_array_add(a, json_object_new_string(msg));
	json_object_object_add(o, key, a);
	return resp_json(r, 400, o);
}

struct json_object *
input_body_or_reply(struct req *r)
{
	struct json_object	*o;
	size_t			 i;

	/* An upload's body is left to the upload endpoints (app_files.h). */
	if (r->upload) {
		resp_error(r, 415, "Unsupported media type \"multipart/form-data\" "
		    "in request.");
		return NULL;
	}
	if (r->body == NULL || r->body_len == 0)
		return json_new_object(r->arena);
	if (strncmp(r->content_type, "application/x-www-form-urlencoded", 33) == 0) {
		req_form(r, "");
		if ((o = json_new_object(r->arena)) == NULL)
			return NULL;
		for (i = 0; i < r->form.n; i++)
			json_add_str(o, r->form.v[i].key, r->form.v[i].val);
		return o;
	}
	o = json_parse(r->arena, r->body, r->body_len);
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		resp_error(r, 400, o == NULL ? "JSON parse error: the body is not "
		    "valid JSON." : "Expected a JSON object.");
		return NULL;
	}
	return o;
}

int
input_str_or_reply(struct req *r, struct json_object *o, const char *key,
    const char **out)
{
	struct json_object	*v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string)) {
		input_field_error(r, key, "Not a valid string.");
		return -1;
	}
	*out = json_object_get_string(v);
	if (strlen(*out) != (size_t)json_object_get_string_len(v)) {
		input_field_error(r, key, "Null characters are not allowed.");
		return -1;
	}
	if (str_utf8_chars(*out) < 0) {
		input_field_error(r, key, "Not valid UTF-8 text.");
		return -1;
	}
	return 1;
}

int
input_bool_or_reply(struct req *r, struct json_object *o, const char *key,
    int *out)
{
	struct json_object	*v;
	const char		*s;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_boolean)) {
		*out = json_object_get_boolean(v);
		return 1;
	}
	if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
		    strcmp(s, "on") == 0) {
			*out = 1;
			return 1;
		}
		if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0) {
			*out = 0;
			return 1;
		}
	}
	input_field_error(r, key, "Must be a valid boolean.");
	return -1;
}

int
input_ids_or_reply(struct req *r, struct json_object *o, const char *key,
    int64_t **ids, size_t *n)
{
	struct json_object	*v, *e;
	size_t			 i, len;

	*ids = NULL;
	*n = 0;
	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	if (v == NULL || !json_object_is_type(v, json_type_array) ||
	    (len = json_object_array_length(v)) > 1000)
		goto bad;
	if ((*ids = arena_alloc(r->arena, (len + 1) * sizeof(**ids))) == NULL)
		goto bad;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_int) ||
		    json_object_get_int64(e) < 1)
			goto bad;
		(*ids)[i] = json_object_get_int64(e);
	}
	*n = len;
	return 1;
bad:
	input_field_error(r, key, "Expected a list of positive integer ids.");
	return -1;
}

/* A JSON integer, or a string of digits, in [lo, hi]: 0 and *out, or -1. */
static int
number(struct json_object *v, int64_t lo, int64_t hi, int64_t *out)
{
	const char	*s;

	if (json_object_is_type(v, json_type_int)) {
		*out = json_object_get_int64(v);
		return *out >= lo && *out <= hi ? 0 : -1;
	}
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	return str_to_i64(s, strlen(s), lo, hi, out);
}

int
input_pk_or_reply(struct req *r, struct json_object *in, const char *key,
    int64_t *out)
{
	struct json_object	*v;

	*out = 0;
	if (!json_object_object_get_ex(in, key, &v) || v == NULL)
		return 0;
	if (number(v, 1, INT64_MAX, out) == 0)
		return 1;
	if (json_object_is_type(v, json_type_int))
		input_field_error(r, key, arena_printf(r->arena, "Invalid pk "
		    "\"%lld\" - object does not exist.", (long long)*out));
	else
		input_field_error(r, key, arena_printf(r->arena, "Incorrect type. "
		    "Expected pk value, received %s.", json_type_to_name(
		    json_object_get_type(v))));
	return -1;
}

int
input_int_or_reply(struct req *r, struct json_object *in, const char *key,
    int64_t *out)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(in, key, &v) || v == NULL)
		return 0;
	/* What an INT column holds. */
	if (number(v, INT32_MIN, INT32_MAX, out) == 0)
		return 1;
	input_field_error(r, key, "A valid integer is required.");
	return -1;
}

int
input_query_id_or_reply(struct req *r, const char *key, int64_t *out)
{
	const char	*v = req_query(r, key);

	*out = 0;
	if (v == NULL || *v == '\0')
		return 0;
	if (str_to_i64(v, strlen(v), 1, INT64_MAX, out) == 0)
		return 0;
	input_field_error(r, key, "A valid integer is required.");
	return -1;
}

int
input_query_time_or_reply(struct req *r, const char *key, int64_t *us)
{
	const char	*v = req_query(r, key);

	if (v == NULL || *v == '\0')
		return 0;
	if (dt_parse_iso(v, us) == 0)
		return 1;
	input_field_error(r, key, "Enter a valid date/time.");
	return -1;
}

const char *
input_path_name(struct req *r, const char *name)
{
	struct slice	 s;
	const char	*v;

	if (router_name(r->route->pattern, r->path, name, &s) == -1 ||
	    (v = arena_strndup(r->arena, s.p, s.len)) == NULL)
		return "";
	return v;
}
