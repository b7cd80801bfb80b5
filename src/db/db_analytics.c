/* A group and its members for the analytics screens. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_analytics.h"

/* The group's row once per member (once with NULLs when it has none). */
static struct db_stmt st_group = DB_STMT(
    "SELECT g.id, g.name, g.teacher_id, s.id, s.email, s.first_name, "
    "s.last_name, s.middle_name FROM schedule_group g "
    "LEFT JOIN schedule_group_students gs ON gs.group_id = g.id "
    "LEFT JOIN accounts_customuser s ON s.id = gs.customuser_id "
    "WHERE g.id = ? ORDER BY s.last_name, s.first_name, s.id");

int
db_an_group(struct arena *a, int64_t group_id, struct an_group *g,
    struct an_member **m, size_t *n)
{
	struct db_val	 p = DB_INT(group_id);
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_group, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	g->id = db_cell_i64(&r, 0, 0, 0);
	g->name = db_cell(&r, 0, 1);
	g->teacher_id = db_cell_i64(&r, 0, 2, 0);
	if ((*m = arena_zalloc(a, (r.nrows + 1) * sizeof(**m))) == NULL)
		return -1;
	*n = 0;
	for (i = 0; i < r.nrows; i++) {
		if (db_cell(&r, i, 3) == NULL)
			continue;
		(*m)[*n].id = db_cell_i64(&r, i, 3, 0);
		(*m)[*n].email = db_cell(&r, i, 4);
		(*m)[*n].first = db_cell(&r, i, 5);
		(*m)[*n].last = db_cell(&r, i, 6);
		(*m)[*n].middle = db_cell(&r, i, 7);
		(*n)++;
	}
	return 1;
}
