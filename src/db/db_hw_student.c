/* A student's homework list (docs/lists.md, "A student's homework"): one
 * index range per way a homework reaches them, each read no further than
 * the page needs, merged here; then the page's rows by id. What reaches a
 * student (HW_REACHES): a homework assigned to one of their groups (all of
 * it, or them by name while a member), to them alone, or, without any
 * assignment rows, through its lesson's group; shown when published, or
 * archived with their submission. Drafts never. */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/cursor.h"
#include "db/db.h"
#include "db/db_homework.h"
#include "db/db_hw_sql.h"

/* Homework id has no assignment rows. */
#define NO_ROWS(id) "(SELECT 1 FROM homework_assignment a WHERE " \
    "a.homework_id = " id " LIMIT 1) IS NULL"

/* Newest first by (created_at, id) of the homework, kept on each index
 * (sql/migrations/0028): after the key (smaller), or before it (read
 * ascending). "? = 0": no key. */
#define NEWER(at, id) \
    " AND (? = 0 OR (" at " <= ? AND (" at " < ? OR " id " < ?)))" \
    " ORDER BY " at " DESC, " id " DESC LIMIT ?"
#define OLDER(at, id) \
    " AND (? = 0 OR (" at " >= ? AND (" at " > ? OR " id " > ?)))" \
    " ORDER BY " at ", " id " LIMIT ?"
#define RANGE(sel, at, id) \
    { DB_STMT(sel NEWER(at, id)), DB_STMT(sel OLDER(at, id)) }

/* The whole rule for homework h and the student (4 values), each part a
 * lookup by h's id (scalar subqueries: MariaDB turns EXISTS into a join
 * or materialises it, and could read every assignment row). */
#define HW_REACHES \
    "((SELECT 1 FROM homework_assignment a JOIN schedule_group_students m " \
    "ON m.group_id = a.group_id AND m.customuser_id = ? WHERE a.homework_id " \
    "= h.id AND (a.student_id IS NULL OR a.student_id = ?) LIMIT 1) IS NOT " \
    "NULL OR (SELECT 1 FROM homework_assignment a WHERE a.homework_id = " \
    "h.id AND a.group_id IS NULL AND a.student_id = ? LIMIT 1) IS NOT NULL " \
    "OR (" NO_ROWS("h.id") " AND (SELECT 1 FROM schedule_group_students m " \
    "WHERE m.customuser_id = ? AND m.group_id = (SELECT l.group_id FROM " \
    "schedule_lesson l WHERE l.id = h.lesson_id)) IS NOT NULL))"
/* Published homework through assignment rows (group, student): a group's
 * (g, NULL), the student's within it (g, s), their own (NULL, s). */
#define ASSIGNED \
    "SELECT a.homework_id, a.hw_created_at FROM homework_assignment a " \
    "STRAIGHT_JOIN homework_homework h ON h.id = a.homework_id AND " \
    "h.status = 'published' WHERE a.group_id <=> ? AND a.student_id <=> ? " \
    "AND a.hw_status = 'published'"
/* Published homework without assignment rows, through a lesson of the
 * group. */
#define BY_LESSON \
    "SELECT r.homework_id, r.created_at FROM homework_lesson_reach r " \
    "STRAIGHT_JOIN homework_homework h ON h.id = r.homework_id AND " \
    "h.status = 'published' STRAIGHT_JOIN schedule_lesson l ON " \
    "l.id = h.lesson_id AND l.group_id = r.group_id WHERE r.group_id = ? " \
    "AND r.status = 'published' AND " NO_ROWS("r.homework_id")
/* Archived homework with the student's submission that still reaches
 * them. */
#define ARCHIVED \
    "SELECT s.homework_id, s.hw_created_at FROM homework_studentsubmission s " \
    "STRAIGHT_JOIN homework_homework h ON h.id = s.homework_id AND " \
    "h.status = 'archived' WHERE s.student_id = ? AND s.hw_status = " \
    "'archived' AND " HW_REACHES

static struct db_stmt st_assigned[2] =
    RANGE(ASSIGNED, "a.hw_created_at", "a.homework_id");
static struct db_stmt st_by_lesson[2] =
    RANGE(BY_LESSON, "r.created_at", "r.homework_id");
static struct db_stmt st_archived[2] =
    RANGE(ARCHIVED, "s.hw_created_at", "s.homework_id");
static struct db_stmt st_groups = DB_STMT(
    "SELECT group_id FROM schedule_group_students WHERE customuser_id = ? "
    "ORDER BY group_id LIMIT 10000");
/* The page's rows, in the order of the ids given (a JSON array). */
static struct db_stmt st_rows = DB_STMT(HW_COLS "s.id, s.status, "
    HW_STUDENT_TARGET ", 0 FROM JSON_TABLE(?, '$[*]' COLUMNS (ord FOR "
    "ORDINALITY, id BIGINT PATH '$')) k STRAIGHT_JOIN homework_homework h "
    "ON h.id = k.id " HW_JOINS "LEFT JOIN homework_studentsubmission s ON "
    "s.homework_id = h.id AND s.student_id = ? ORDER BY k.ord");
/* The count: the same ways' index entries (what reaches the student, not
 * the school's history), each part on when its flag is 1. */
static struct db_stmt st_count = DB_STMT(
    "SELECT COUNT(DISTINCT x.id) FROM ("
    "SELECT a.homework_id AS id FROM schedule_group_students m "
    "STRAIGHT_JOIN homework_assignment a ON a.group_id = m.group_id AND "
    "a.student_id IS NULL AND a.hw_status = 'published' STRAIGHT_JOIN "
    "homework_homework h ON h.id = a.homework_id AND h.status = 'published' "
    "WHERE ? = 1 AND m.customuser_id = ? "
    "UNION ALL SELECT a.homework_id FROM homework_assignment a STRAIGHT_JOIN "
    "homework_homework h ON h.id = a.homework_id AND h.status = 'published' "
    "WHERE ? = 1 AND a.student_id = ? AND a.hw_status = 'published' AND "
    "(a.group_id IS NULL OR (SELECT 1 FROM schedule_group_students m "
    "WHERE m.group_id = a.group_id AND m.customuser_id = a.student_id) IS "
    "NOT NULL) "
    "UNION ALL SELECT r.homework_id FROM schedule_group_students m "
    "STRAIGHT_JOIN homework_lesson_reach r ON r.group_id = m.group_id AND "
    "r.status = 'published' STRAIGHT_JOIN homework_homework h ON "
    "h.id = r.homework_id AND h.status = 'published' STRAIGHT_JOIN "
    "schedule_lesson l ON l.id = h.lesson_id AND l.group_id = r.group_id "
    "WHERE ? = 1 AND m.customuser_id = ? AND " NO_ROWS("r.homework_id")
    " "
    "UNION ALL SELECT s.homework_id FROM homework_studentsubmission s "
    "STRAIGHT_JOIN homework_homework h ON h.id = s.homework_id AND "
    "h.status = 'archived' WHERE ? = 1 AND s.student_id = ? AND "
    "s.hw_status = 'archived' AND " HW_REACHES ") x");

/* A homework read from one range: its id and created_at (text). */
struct cand {
	int64_t		 id;
	const char	*at;
};

struct cands {
	struct cand	*v;
	size_t		 n, cap;
};

/* List order: newest first. */
static int
cand_cmp(const void *pa, const void *pb)
{
	const struct cand	*x = pa, *y = pb;
	int			 c = strcmp(y->at, x->at);

	if (c != 0)
		return c;
	return (y->id > x->id) - (y->id < x->id);
}

/* Which parts of the list a status filter leaves: published, archived. */
static int
wants(const char *status, const char *which)
{
	return status == NULL || strcmp(status, which) == 0;
}

/* Read one range (its leading values in lead[0..nlead)) and add its rows
 * to c. Each reads at most ks->limit + ks->offset entries. */
static int
range(struct arena *a, struct db_stmt st[2], const struct db_val *lead,
    size_t nlead, const struct keyset *ks, struct cands *c)
{
	int		 has = ks->dir != KEYSET_FIRST && ks->n == 2 &&
	    ks->v[0].s != NULL;
	const char	*at = has ? ks->v[0].s : "";
	struct db_val	 p[12];
	struct db_res	 r;
	struct cand	*grown;
	size_t		 k, i;

	memcpy(p, lead, nlead * sizeof(*p));
	k = nlead;
	p[k++] = DB_INT(has);
	p[k++] = DB_STR(at);
	p[k++] = DB_STR(at);
	p[k++] = DB_INT(has ? ks->v[1].i : 0);
	p[k++] = DB_INT(ks->limit + (ks->dir == KEYSET_FIRST ? ks->offset : 0));
	if (db_exec(a, &st[ks->dir == KEYSET_BEFORE], p, k, &r) == -1)
		return -1;
	if (c->n + r.nrows > c->cap) {
		c->cap = (c->n + r.nrows) * 2;
		if ((grown = arena_alloc(a, c->cap * sizeof(*grown))) == NULL)
			return -1;
		if (c->n > 0)
			memcpy(grown, c->v, c->n * sizeof(*grown));
		c->v = grown;
	}
	for (i = 0; i < r.nrows; i++) {
		c->v[c->n].id = db_cell_i64(&r, i, 0, 0);
		c->v[c->n].at = db_cell(&r, i, 1);
		if (c->v[c->n].at != NULL)
			c->n++;
	}
	return 0;
}

/* Every range of the student's list. */
static int
read_ranges(struct arena *a, int64_t user, const char *status,
    const struct keyset *ks, struct cands *c)
{
	struct db_val	 p[5], u = DB_INT(user);
	struct db_res	 gr;
	size_t		 i;

	if (wants(status, "archived")) {
		p[0] = p[1] = p[2] = p[3] = p[4] = u;
		if (range(a, st_archived, p, 5, ks, c) == -1)
			return -1;
	}
	if (!wants(status, "published"))
		return 0;
	p[0] = DB_NULL;
	p[1] = u;
	if (range(a, st_assigned, p, 2, ks, c) == -1 ||
	    db_exec(a, &st_groups, &u, 1, &gr) == -1)
		return -1;
	for (i = 0; i < gr.nrows; i++) {
		p[0] = DB_INT(db_cell_i64(&gr, i, 0, 0));
		p[1] = DB_NULL;
		if (range(a, st_assigned, p, 2, ks, c) == -1)
			return -1;
		p[1] = u;
		if (range(a, st_assigned, p, 2, ks, c) == -1 ||
		    range(a, st_by_lesson, p, 1, ks, c) == -1)
			return -1;
	}
	return 0;
}

int
db_hw_student_page(struct arena *a, int64_t user, const char *status,
    const struct keyset *ks, struct homework **out, size_t *n)
{
	struct cands	 c;
	struct db_val	 p[5];
	struct db_res	 r;
	char		*ids, *w;
	size_t		 i, j, from, keep;

	*n = 0;
	if ((*out = arena_zalloc(a, sizeof(**out))) == NULL)
		return -1;
	memset(&c, 0, sizeof(c));
	if (status != NULL && strcmp(status, "draft") == 0)
		return 0;
	if (read_ranges(a, user, status, ks, &c) == -1)
		return -1;
	if (c.n > 1)
		qsort(c.v, c.n, sizeof(*c.v), cand_cmp);
	for (i = j = 0; i < c.n; i++)		/* one homework, several ways */
		if (j == 0 || c.v[i].id != c.v[j - 1].id)
			c.v[j++] = c.v[i];
	c.n = j;
	/* Before the key: the rows nearest it, the last in list order. */
	if (ks->dir == KEYSET_BEFORE) {
		keep = c.n < (size_t)ks->limit ? c.n : (size_t)ks->limit;
		from = c.n - keep;
	} else {
		from = ks->dir == KEYSET_FIRST ? (size_t)ks->offset : 0;
		from = from < c.n ? from : c.n;
		keep = c.n - from < (size_t)ks->limit ? c.n - from :
		    (size_t)ks->limit;
	}
	if (keep == 0)
		return 0;
	if ((ids = w = arena_alloc(a, keep * 22 + 2)) == NULL)
		return -1;
	*w++ = '[';
	for (i = 0; i < keep; i++)
		w += snprintf(w, 23, "%s%lld", i ? "," : "",
		    (long long)c.v[from + i].id);
	*w++ = ']';
	*w = '\0';
	p[0] = p[1] = p[2] = DB_INT(user);		/* HW_STUDENT_TARGET */
	p[3] = DB_STR(ids);
	p[4] = DB_INT(user);
	if (db_exec(a, &st_rows, p, 5, &r) == -1)
		return -1;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		db_hw_from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return 0;
}

int
db_hw_student_count(struct arena *a, int64_t user, const char *status,
    int64_t *total)
{
	struct db_val	 u = DB_INT(user), pub = DB_INT(wants(status,
	    "published")), arc = DB_INT(wants(status, "archived"));
	struct db_val	 p[] = { pub, u, pub, u, pub, u, arc, u, u, u, u, u };
	struct db_res	 r;

	*total = 0;
	if (status != NULL && strcmp(status, "draft") == 0)
		return 0;
	if (db_exec(a, &st_count, p, 12, &r) == -1)
		return -1;
	*total = db_cell_i64(&r, 0, 0, 0);
	return 0;
}
