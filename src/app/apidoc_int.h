/* What apidoc.c (the checks, the operations, the serving) shares with
 * apidoc_schema.c (reading the document's JSON and rendering its schemas).
 * Every function taking a struct load notes the first problem in it. */
#ifndef APP_APIDOC_INT_H
#define APP_APIDOC_INT_H

/* One load: the document, the operationIds seen, the first problem. */
struct load {
	struct json_object	*root;
	struct json_object	*ids;
	int			 nops;
	char			 err[512];
};

/* Note the first problem; returns -1. */
int	 doc_fail(struct load *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* o[key]; NULL when o is no object or lacks key. */
struct json_object *doc_get(struct json_object *, const char *);
/* o[key] when it is a string, else NULL. */
const char *doc_get_str(struct json_object *, const char *);
/* A string member of a page row, null when s is NULL. */
void	 doc_put_str(struct json_object *, const char *, const char *);
/* Move b's text into o[key] (null when empty) and empty b. */
void	 doc_put_buf(struct json_object *, const char *, struct buf *);
const char *doc_json_str(struct json_object *);
/* {"rows": rows}, or NULL when there are none. Takes rows over. */
struct json_object *doc_table(struct json_object *);
/* Follow o's chain of local $refs to the object it names; -1 when one
 * is not local or does not resolve. */
int	 doc_resolve(struct load *, struct json_object *, struct json_object **);
/* The schema name a $ref names, or NULL. */
const char *doc_ref_name(struct json_object *);
/* Write a schema's type as text into b; *ref its schema's name if any. */
int	 doc_type_of(struct load *, struct json_object *, struct buf *,
	    const char **);
/* o's "schema" row for a schema s (type, limits, alternatives). */
int	 doc_put_schema(struct load *, struct json_object *, struct json_object *);
/* Whether the array a holds the string s. */
int	 doc_in_array(struct json_object *, const char *);
/* The rows of an object schema's fields, or NULL after doc_fail(). */
struct json_object *doc_fields_of(struct load *, struct json_object *);
/* The page's rows for components.schemas, or NULL after doc_fail(). */
struct json_object *doc_schemas_of(struct load *);

#endif
