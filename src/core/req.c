/* Request parsing from FastCGI parameters. */
#include "autoconf.h"

#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/req.h"
#include "core/str.h"

#define MAX_PAIRS	256	/* query arguments or cookies */
#define FORM_PAIRS	2048	/* fields of a form (a homework question's rows,
				   a review's scores and comments) */

const char *
req_param(const struct req *r, const char *name)
{
	size_t	 n = strlen(name);
	char	**e;

	if (r->env == NULL)
		return NULL;
	for (e = r->env; *e != NULL; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

const char *
req_query(const struct req *r, const char *key)
{
	return kv_get(&r->query, key);
}

const char *
req_cookie(const struct req *r, const char *key)
{
	return kv_get(&r->cookies, key);
}

const char *
req_form(struct req *r, const char *key)
{
	if (!r->form_parsed) {
		r->form_parsed = 1;
		if (r->body != NULL && strncmp(r->content_type,
		    "application/x-www-form-urlencoded", 33) == 0 &&
		    str_parse_query(r->arena, r->body, r->body_len, FORM_PAIRS,
		    &r->form) == -1)
			r->form.n = 0;
	}
	return kv_get(&r->form, key);
}

const char *
req_form_text(struct req *r, const char *key)
{
	const char	*v = req_form(r, key);

	return v != NULL ? v : "";
}

int
req_path_is_api(const char *path)
{
	return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 ||
	    strncmp(path, "/accounts/api/", 14) == 0 ||
	    strncmp(path, "/accounts/jwt/", 14) == 0 ||
	    strncmp(path, "/schedule/api/", 14) == 0 ||
	    strncmp(path, "/schedule/webhook/", 18) == 0 ||
	    strcmp(path, "/metrics") == 0;
}

/* A request id we may echo: 1..64 of [A-Za-z0-9._-]. */
static int
sane_id(const char *s)
{
	size_t	 i;

	for (i = 0; s[i]; i++)
		if (i == REQ_ID_MAX || !((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_' || s[i] == '.'))
			return 0;
	return i > 0;
}

static const char *
param_or(const struct req *r, const char *name, const char *def)
{
	const char	*v = req_param(r, name);

	return v != NULL ? v : def;
}

enum req_err
req_parse(struct req *r, char **env, size_t body_max)
{
	const char	*uri, *q, *v;
	size_t		 plen;
	int64_t		 len;

	r->env = env;
	r->method = param_or(r, "REQUEST_METHOD", "GET");
	if (strcmp(r->method, "HEAD") == 0) {
		r->method = "GET";
		r->head = 1;
	}
	r->remote_addr = param_or(r, "REMOTE_ADDR", "");
	r->user_agent = param_or(r, "HTTP_USER_AGENT", "");
	r->authorization = req_param(r, "HTTP_AUTHORIZATION");
	r->https = (v = req_param(r, "HTTPS")) != NULL && strcmp(v, "on") == 0;
	r->content_length = -1;
	r->path = "/";
	r->query_string = "";

	/* The client's request id if it is sane, else nginx's; the worker
	 * makes one up when both are missing. */
	if (((v = req_param(r, "HTTP_X_REQUEST_ID")) != NULL && sane_id(v)) ||
	    ((v = req_param(r, "REQUEST_ID")) != NULL && sane_id(v)))
		memcpy(r->id, v, strlen(v) + 1);

	/* The path from REQUEST_URI (DOCUMENT_URI is nginx-normalised and
	 * would hide what the client sent), the query from QUERY_STRING. */
	uri = param_or(r, "REQUEST_URI", "/");
	q = strchr(uri, '?');
	plen = q != NULL ? (size_t)(q - uri) : strlen(uri);
	if (plen == 0 || uri[0] != '/' ||
	    (r->path = str_url_decode(r->arena, uri, plen, 0)) == NULL) {
		r->path = "/";
		return r->arena->overflow ? REQ_NO_MEMORY : REQ_BAD_PATH;
	}
	r->face = req_path_is_api(r->path) ? FACE_JSON : FACE_HTML;
	r->query_string = param_or(r, "QUERY_STRING", "");
	if (str_parse_query(r->arena, r->query_string, strlen(r->query_string),
	    MAX_PAIRS, &r->query) == -1)
		return r->arena->overflow ? REQ_NO_MEMORY : REQ_BAD_QUERY;
	if ((v = req_param(r, "HTTP_COOKIE")) != NULL &&
	    str_parse_cookies(r->arena, v, strlen(v), MAX_PAIRS, &r->cookies) == -1)
		return r->arena->overflow ? REQ_NO_MEMORY : REQ_BAD_COOKIE;

	/* nginx sends CONTENT_LENGTH empty, not absent, on a GET. */
	r->content_type = param_or(r, "CONTENT_TYPE", "");
	if ((v = req_param(r, "REQUEST_BODY_FILE")) != NULL && *v != '\0')
		r->body_file = v;
	r->upload = r->body_file != NULL ||
	    strncasecmp(r->content_type, "multipart/form-data", 19) == 0;
	if ((v = req_param(r, "CONTENT_LENGTH")) != NULL && *v != '\0') {
		if (str_to_i64(v, strlen(v), 0, INT64_MAX, &len) == -1)
			return REQ_BAD_LENGTH;
		r->content_length = len;
		if ((uint64_t)len > body_max && !r->upload)
			return REQ_TOO_LARGE;
	}
	return REQ_OK;
}
