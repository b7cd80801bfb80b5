/* The database: one connection per worker, opened lazily and re-opened
 * after a loss; prepared statements only, cached per connection. */
#ifndef DB_DB_H
#define DB_DB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct arena;
struct config;
struct st_mysql_stmt;

/* A statement, declared once next to its SQL text in src/db/db_<table>.c:
 *	static struct db_stmt st_find = DB_STMT("SELECT ... WHERE id = ?");
 * It is prepared on first use and again after a reconnect. */
struct db_stmt {
	const char		*sql;
	struct st_mysql_stmt	*h;
	unsigned		 gen;		/* connection it was prepared on */
	struct db_stmt		*next;		/* prepared statements, to close */
	int			 versioned;	/* what it does (db.c's kind()),
						   -1 until first run */
};
#define DB_STMT(sql)	{ (sql), NULL, 0, NULL, -1 }

enum db_type { DB_T_NULL, DB_T_INT, DB_T_STR };

struct db_val {
	enum db_type	 t;
	int64_t		 i;
	const char	*s;
	size_t		 len;
};
#define DB_INT(v)	((struct db_val){ DB_T_INT, (v), NULL, 0 })
#define DB_STRN(v, n)	((struct db_val){ DB_T_STR, 0, (v), (n) })
#define DB_STR(v)	((struct db_val){ DB_T_STR, 0, (v), strlen(v) })
#define DB_NULL		((struct db_val){ DB_T_NULL, 0, NULL, 0 })

/* A result copied into the arena: cells[row * ncols + col], NULL for SQL
 * NULL, every value as text (the server's own formatting). */
struct db_res {
	size_t		 nrows, ncols;
	char		**cells;
	size_t		*lens;
	uint64_t	 affected;	/* rows changed (DML) */
	uint64_t	 insert_id;
};

enum db_err {
	DB_OK,
	DB_ERR_DOWN,		/* no connection: answer 503 */
	DB_ERR_DUP,		/* a unique key refused the row */
	DB_ERR_FK,		/* a foreign key refused the row */
	DB_ERR_LOCK,		/* deadlock or lock wait timeout: retry */
	DB_ERR_OTHER,		/* a bug or a broken schema: 500 */
};

/* Remember the settings; connects on first use. */
void	 db_init(const struct config *);
/* Close the connection and every prepared statement. */
void	 db_close(void);
/* Run st with params. out may be NULL when no rows are wanted. -1 on
 * error (logged), with db_last_error() telling which kind. */
int	 db_exec(struct arena *, struct db_stmt *, const struct db_val *params,
	    size_t nparams, struct db_res *out);
/* db_exec for many rows read once: fn is called with each row in turn,
 * nothing copied into the arena (a text cell lives during the call only);
 * fn returns -1 to stop with an error. A statement that fails after
 * rows went to fn is not run again. */
struct db_row;
typedef int (*db_row_fn)(const struct db_row *, void *arg);
int	 db_each(struct arena *, struct db_stmt *, const struct db_val *params,
	    size_t nparams, db_row_fn fn, void *arg);
/* A cell of db_each's row: an integer (def for NULL or not a number); its
 * text (NULL for NULL), valid during the call. */
int64_t	 db_row_i64(const struct db_row *, size_t c, int64_t def);
const char *db_row_str(const struct db_row *, size_t c);
/* A time cell (DATETIME, DATE, or ISO text) as microseconds since the
 * epoch, UTC; def for NULL or not a time. */
int64_t	 db_row_us(const struct db_row *, size_t c, int64_t def);
/* db_exec for a write: 1 if it changed a row, 0 if none, -1 on error. */
int	 db_exec_changed(struct arena *, struct db_stmt *,
	    const struct db_val *params, size_t nparams);
enum db_err db_last_error(void);
/* The text of row r, column c (NULL for SQL NULL). */
const char *db_cell(const struct db_res *, size_t r, size_t c);
/* Integer value of a cell; def when NULL or not a number. */
int64_t	 db_cell_i64(const struct db_res *, size_t r, size_t c, int64_t def);

/* Transactions; db_begin records where it began for the log. */
#define db_begin()	db_begin_at(__FILE__ ":" DB_STR2(__LINE__))
#define DB_STR2(x)	DB_STR1(x)
#define DB_STR1(x)	#x
int	 db_begin_at(const char *where);
int	 db_commit(void);
/* Roll back; db_last_error() still tells what failed before it. */
void	 db_rollback(void);
/* A mark in the open transaction, and back to it (what was written since
 * undone, the transaction still open): 0 or -1. */
int	 db_savepoint(void);
int	 db_savepoint_back(void);
/* End of a request: roll back (and log) a transaction left open. */
void	 db_request_end(void);
/* Prepare, run and close one statement without parameters: for trusted
 * SQL text only (migrations). */
int	 db_exec_sql(const char *sql, size_t len);
/* The data version: a counter bumped after every committed change to
 * what cached answers may show (a write to any table but bookkeeping
 * ones, see db.c), read by every host from the database. */
int	 db_data_version(struct arena *, uint64_t *);
/* Does a statement's text write a table that counts (1) or not (0)? */
int	 db_sql_versioned(const char *sql);
/* Changes made for good since the process began: committed transactions
 * that wrote a row and rows written outside one. Equal before and after a
 * failed request: it changed nothing in the database. */
uint64_t db_effects(void);
/* "%q%" for LIKE with q's own %, _ and \ escaped: the term is data. NULL
 * on overflow. */
const char *db_like(struct arena *, const char *q);
/* Rows of several index windows gathered into one page (a student's
 * groups, each read as its own range of the group's index): room for each
 * window's rows, then the whole sorted and the page's end kept. */
struct db_gather {
	char	*all;
	size_t	 len, cap, size;	/* size: of one element */
};
/* Room for n more elements after the len there are (the caller fills
 * them and adds n to len); NULL when out of memory. */
void	*db_gather_room(struct arena *, struct db_gather *, size_t n);
/* Sort by cmp and keep at most limit: the first ones, or the last ones
 * when back (a page before a cursor). *out has one zeroed element past
 * the *n kept. */
int	 db_gather_page(struct arena *, struct db_gather *,
	    int (*cmp)(const void *, const void *), size_t limit, int back,
	    void **out, size_t *n);
/* Connections made and lost since start (for logs and metrics). */
unsigned long db_reconnects(void);

#endif
