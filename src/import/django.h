/* tpanel import-django: move the original Django system's data here from
 * its `manage.py dumpdata` JSON export. See docs/migrating.md. */
#ifndef IMPORT_DJANGO_H
#define IMPORT_DJANGO_H

#include <stdio.h>

struct config;

/* Read the dump at path and import it in one transaction (rolled back when
 * dry_run), printing the report to out. 0 done; 1 stopped (bad input, a
 * database failure: the reason is on stderr, nothing was written). The
 * database comes from cfg; call db_init(cfg) first. */
int	 import_django_run(const char *path, int dry_run, FILE *out);

#endif
