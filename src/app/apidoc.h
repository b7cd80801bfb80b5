/* The API description (api/openapi.json): loaded once per process, served
 * as JSON at /api/schema/ and as a page at /api/docs/. */
#ifndef APP_APIDOC_H
#define APP_APIDOC_H

/* Read dir/openapi.json, check its shape (OpenAPI 3.x; every operation
 * with a unique operationId, a summary and responses; every {param} of a
 * path declared; every local $ref resolving) and build the page's context
 * from it. 0; or -1 after logging why, keeping what was loaded before.
 * Not for use inside a request. */
int	 apidoc_load(const char *dir);
/* Free what apidoc_load kept. */
void	 apidoc_free(void);

#endif
