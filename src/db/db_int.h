/* Inside the database layer (db.c, db_fetch.c). */
#ifndef DB_DB_INT_H
#define DB_DB_INT_H

#include <mysql.h>

#include "db/db.h"

/* The rows of an executed statement: copied into out as text, or (fn)
 * handed to fn one by one as they come. 0, or -1 on overflow or error. */
int	 db_fetch(struct arena *, struct db_stmt *, MYSQL_RES *meta,
	    struct db_res *out, db_row_fn fn, void *arg);

#endif
