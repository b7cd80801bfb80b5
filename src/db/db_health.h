/* The database check of /api/health/. */
#ifndef DB_DB_HEALTH_H
#define DB_DB_HEALTH_H

struct arena;

/* One round trip to the database. 0 if it answered, -1 otherwise. */
int	 db_health_ping(struct arena *);

#endif
