/* homework_file_ref and the answers' attachments. */
#include "autoconf.h"

#include "core/arena.h"
#include "db/db.h"
#include "db/db_hw_files.h"

static struct db_stmt st_refs = DB_STMT(
    "SELECT file_id FROM homework_file_ref "
    "WHERE homework_id = ? AND submission_id = ?");
static struct db_stmt st_all = DB_STMT(
    "SELECT file_id FROM homework_file_ref WHERE homework_id = ? "
    "UNION SELECT id FROM stored_file "
    "WHERE homework_id = ? AND purpose = 'homework_answer'");
/* The references gone, each by its primary key: a DELETE of (hw, sub)'s
 * range that finds nothing still locks the gap after it, and two teachers
 * recording feedback on two works of one homework then deadlocked on their
 * INSERTs (a 503). The ids are ones the caller read as referenced. */
#define REF_IDS "JSON_TABLE(?, '$[*]' COLUMNS (id CHAR(32) CHARACTER SET " \
    "ascii PATH '$')) j"
static struct db_stmt st_drop = DB_STMT(
    "DELETE r FROM " REF_IDS " STRAIGHT_JOIN homework_file_ref r FORCE INDEX "
    "(PRIMARY) ON r.file_id = j.id AND r.homework_id = ? AND "
    "r.submission_id = ?");
static struct db_stmt st_add = DB_STMT(
    "INSERT IGNORE INTO homework_file_ref (file_id, homework_id, submission_id) "
    "SELECT j.id, ?, ? FROM " REF_IDS);
static struct db_stmt st_uses = DB_STMT(
    "SELECT r.homework_id, r.submission_id, COALESCE(s.student_id, 0) "
    "FROM homework_file_ref r "
    "LEFT JOIN homework_studentsubmission s ON s.id = r.submission_id "
    "WHERE r.file_id = ? LIMIT ?");
static struct db_stmt st_referenced = DB_STMT(
    "SELECT EXISTS (SELECT 1 FROM homework_file_ref WHERE file_id = ?)");
static struct db_stmt st_in_answers = DB_STMT(
    "SELECT EXISTS (SELECT 1 FROM homework_studentsubmission s "
    "JOIN homework_answer an ON an.submission_id = s.id "
    "WHERE s.homework_id = ? AND s.student_id = ? "
    "AND JSON_SEARCH(an.attachments, 'one', ?, NULL, '$[*].file_id') "
    "IS NOT NULL)");
static struct db_stmt st_answer_files = DB_STMT(
    "SELECT question_id, attachments FROM homework_answer "
    "WHERE submission_id = ? AND JSON_LENGTH(attachments) > 0");
static struct db_stmt st_teacher = DB_STMT(
    "SELECT teacher_id FROM homework_homework WHERE id = ?");

/* The file ids st answers with (one column). */
static int
ids_of(struct arena *a, struct db_stmt *st, const struct db_val *p,
    size_t np, const char ***ids, size_t *n)
{
	struct db_res	 r;
	size_t		 i;

	*ids = NULL;
	*n = 0;
	if (db_exec(a, st, p, np, &r) == -1 ||
	    (*ids = arena_zalloc(a, (r.nrows + 1) * sizeof(**ids))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		(*ids)[i] = db_cell(&r, i, 0);
	*n = r.nrows;
	return 0;
}

int
db_hwf_refs(struct arena *a, int64_t hw, int64_t sub, const char ***ids,
    size_t *n)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(sub) };

	return ids_of(a, &st_refs, p, 2, ids, n);
}

int
db_hwf_all(struct arena *a, int64_t hw, const char ***ids, size_t *n)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(hw) };

	return ids_of(a, &st_all, p, 2, ids, n);
}

int
db_hwf_set(struct arena *a, int64_t hw, int64_t sub, const char *gone,
    const char *added)
{
	struct db_val	 drop[] = { DB_STR(gone != NULL ? gone : "[]"),
	    DB_INT(hw), DB_INT(sub) };
	struct db_val	 add[] = { DB_INT(hw), DB_INT(sub),
	    DB_STR(added != NULL ? added : "[]") };

	if (gone != NULL && db_exec(a, &st_drop, drop, 3, NULL) == -1)
		return -1;
	return added != NULL ? db_exec(a, &st_add, add, 3, NULL) : 0;
}

int
db_hwf_uses(struct arena *a, const char *id, size_t max, int64_t *hw,
    int64_t *sub, int64_t *student, size_t *n)
{
	struct db_val	 p[] = { DB_STR(id), DB_INT((int64_t)max) };
	struct db_res	 r;
	size_t		 i;

	*n = 0;
	if (db_exec(a, &st_uses, p, 2, &r) == -1)
		return -1;
	for (i = 0; i < r.nrows && i < max; i++) {
		hw[i] = db_cell_i64(&r, i, 0, 0);
		sub[i] = db_cell_i64(&r, i, 1, 0);
		student[i] = db_cell_i64(&r, i, 2, 0);
	}
	*n = i;
	return 0;
}

static int
exists(struct arena *a, struct db_stmt *st, const struct db_val *p, size_t np)
{
	struct db_res	 r;

	if (db_exec(a, st, p, np, &r) == -1)
		return -1;
	return r.nrows > 0 && db_cell_i64(&r, 0, 0, 0) == 1;
}

int
db_hwf_referenced(struct arena *a, const char *id)
{
	struct db_val	 p = DB_STR(id);

	return exists(a, &st_referenced, &p, 1);
}

int
db_hwf_in_answers(struct arena *a, int64_t hw, int64_t student, const char *id)
{
	struct db_val	 p[] = { DB_INT(hw), DB_INT(student), DB_STR(id) };

	return exists(a, &st_in_answers, p, 3);
}

int
db_hwf_answer_files(struct arena *a, int64_t sub, int64_t **qids,
    const char ***att, size_t *n)
{
	struct db_val	 p = DB_INT(sub);
	struct db_res	 r;
	size_t		 i;

	*n = 0;
	if (db_exec(a, &st_answer_files, &p, 1, &r) == -1 ||
	    (*qids = arena_zalloc(a, (r.nrows + 1) * sizeof(**qids))) == NULL ||
	    (*att = arena_zalloc(a, (r.nrows + 1) * sizeof(**att))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++) {
		(*qids)[i] = db_cell_i64(&r, i, 0, 0);
		(*att)[i] = db_cell(&r, i, 1);
	}
	*n = r.nrows;
	return 0;
}

int
db_hwf_teacher(struct arena *a, int64_t hw, int64_t *teacher)
{
	struct db_val	 p = DB_INT(hw);
	struct db_res	 r;

	if (db_exec(a, &st_teacher, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	*teacher = db_cell_i64(&r, 0, 0, 0);
	return 1;
}
