/* Schema migrations: sql/migrations/NNNN_name.sql applied in order. */
#ifndef DB_MIGRATE_H
#define DB_MIGRATE_H

struct config;

/* Apply every migration not yet applied, recording each with its SHA-256;
 * refuse (before applying anything) if an applied file was edited.
 * Prints progress to stdout. 0 or -1 (the reason on stderr). */
int	 migrate_run(const struct config *, int status_only);

#endif
