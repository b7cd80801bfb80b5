/* Reading fields of the homework domain's json-c values: small helpers
 * shared by hw_config.c and hw_grade.c (private to src/domain/hw_*). */
#ifndef DOMAIN_HW_JSON_H
#define DOMAIN_HW_JSON_H

#include <stddef.h>
#include <string.h>

#include <json-c/json.h>

/* The value at key of an object, NULL when absent, null or o is not an
 * object. */
static inline struct json_object *
hwj_get(struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* The string at key, NULL when it is not a string. */
static inline const char *
hwj_str(struct json_object *o, const char *key)
{
	struct json_object	*v = hwj_get(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

static inline int
hwj_bool(struct json_object *o, const char *key)
{
	struct json_object	*v = hwj_get(o, key);

	return v != NULL && json_object_is_type(v, json_type_boolean) &&
	    json_object_get_boolean(v);
}

/* The array at key (NULL when absent or not an array) and its length. */
static inline struct json_object *
hwj_list(struct json_object *o, const char *key, size_t *n)
{
	struct json_object	*v = hwj_get(o, key);

	*n = 0;
	if (v == NULL || !json_object_is_type(v, json_type_array))
		return NULL;
	*n = json_object_array_length(v);
	return v;
}

/* Whether s has something but white space. */
static inline int
hwj_filled(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (strchr(" \t\r\n", *s) == NULL)
			return 1;
	return 0;
}

/* A stored file's id: 32 lower-case hex digits. */
static inline int
hwj_file_id_ok(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return i == 32;
}

/* The index of the entry whose "id" is id among the n objects of l, or
 * -1. */
static inline long
hwj_entry_index(struct json_object *l, size_t n, const char *id)
{
	const char	*s;
	size_t		 i;

	for (i = 0; l != NULL && id != NULL && i < n; i++)
		if ((s = hwj_str(json_object_array_get_idx(l, i), "id")) != NULL &&
		    strcmp(s, id) == 0)
			return (long)i;
	return -1;
}

#endif
