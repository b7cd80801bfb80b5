/* Dates and times: strict parsing and the API's ISO 8601 forms. */
#ifndef CORE_DT_H
#define CORE_DT_H

#include <stdint.h>

struct arena;

/* A real calendar date written exactly YYYY-MM-DD (years 1..9999).
 * 0 and *days since 1970-01-01, or -1. */
int	 dt_parse_date(const char *, int64_t *days);
/* Days since 1970-01-01 of today in UTC. */
int64_t	 dt_today(void);
/* A database DATETIME ("YYYY-MM-DD HH:MM:SS[.ffffff]", UTC) as ISO 8601
 * with Z, microseconds kept only when non-zero. NULL stays NULL. */
const char *dt_iso(struct arena *, const char *db);

#endif
