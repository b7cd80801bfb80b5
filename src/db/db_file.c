/* stored_file: inserts, reads, the used/unused mark, clean-up. */
#include "autoconf.h"

#include <string.h>

#include "core/arena.h"
#include "db/db.h"
#include "db/db_file.h"

#define FILE_COLS \
    "id, COALESCE(owner_id, 0), purpose, COALESCE(homework_id, 0), " \
    "COALESCE(chat_id, 0), original_name, mime_type, size, sha256, " \
    "storage_path, created_at"

static struct db_stmt st_insert = DB_STMT(
    "INSERT INTO stored_file (id, owner_id, purpose, homework_id, chat_id, "
    "original_name, mime_type, size, sha256, storage_path) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt st_get = DB_STMT(
    "SELECT " FILE_COLS " FROM stored_file WHERE id = ?");
static struct db_stmt st_get_lock = DB_STMT(
    "SELECT " FILE_COLS " FROM stored_file WHERE id = ? FOR UPDATE");
static struct db_stmt st_used = DB_STMT(
    "UPDATE stored_file SET unused_since = NULL WHERE id = ?");
static struct db_stmt st_unused = DB_STMT(
    "UPDATE stored_file SET unused_since = UTC_TIMESTAMP(6) WHERE id = ?");
static struct db_stmt st_unused_for = DB_STMT(
    "SELECT unused_since <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
    "FROM stored_file WHERE id = ?");
static struct db_stmt st_list_unused = DB_STMT(
    "SELECT " FILE_COLS " FROM stored_file "
    "WHERE purpose = ? AND unused_since <= UTC_TIMESTAMP(6) - INTERVAL ? SECOND "
    "ORDER BY unused_since, id LIMIT ?");
static struct db_stmt st_delete = DB_STMT(
    "DELETE FROM stored_file WHERE id = ?");

static const char *const purposes[FILE_PURPOSES] = {
	[FILE_HOMEWORK_MEDIA] = "homework_media",
	[FILE_HOMEWORK_ANSWER] = "homework_answer",
	[FILE_HOMEWORK_FEEDBACK] = "homework_feedback",
	[FILE_CHAT] = "chat",
};

const char *
db_file_purpose_name(enum file_purpose p)
{
	return (unsigned)p < FILE_PURPOSES ? purposes[p] : "";
}

static enum file_purpose
purpose_of(const char *s)
{
	unsigned	 i;

	for (i = 0; i < FILE_PURPOSES; i++)
		if (s != NULL && strcmp(s, purposes[i]) == 0)
			return (enum file_purpose)i;
	return FILE_CHAT;	/* the ENUM column holds nothing else */
}

static void
from_row(const struct db_res *r, size_t i, struct stored_file *f)
{
	f->id = db_cell(r, i, 0);
	f->owner_id = db_cell_i64(r, i, 1, 0);
	f->purpose = purpose_of(db_cell(r, i, 2));
	f->homework_id = db_cell_i64(r, i, 3, 0);
	f->chat_id = db_cell_i64(r, i, 4, 0);
	f->original_name = db_cell(r, i, 5);
	f->mime_type = db_cell(r, i, 6);
	f->size = db_cell_i64(r, i, 7, 0);
	f->sha256 = db_cell(r, i, 8);
	f->storage_path = db_cell(r, i, 9);
	f->created_at = db_cell(r, i, 10);
}

static struct db_val
id_or_null(int64_t v)
{
	return v > 0 ? DB_INT(v) : DB_NULL;
}

int
db_file_insert(struct arena *a, const struct stored_file *f)
{
	struct db_val	 p[] = { DB_STR(f->id), id_or_null(f->owner_id),
	    DB_STR(db_file_purpose_name(f->purpose)), id_or_null(f->homework_id),
	    id_or_null(f->chat_id), DB_STR(f->original_name),
	    DB_STR(f->mime_type), DB_INT(f->size), DB_STR(f->sha256),
	    DB_STR(f->storage_path) };

	return db_exec(a, &st_insert, p, 10, NULL);
}

static int
get(struct arena *a, struct db_stmt *st, const char *id, struct stored_file *f)
{
	struct db_val	 p = DB_STR(id);
	struct db_res	 r;

	if (db_exec(a, st, &p, 1, &r) == -1)
		return -1;
	if (r.nrows == 0)
		return 0;
	from_row(&r, 0, f);
	return 1;
}

int
db_file_get(struct arena *a, const char *id, struct stored_file *f)
{
	return get(a, &st_get, id, f);
}

int
db_file_get_for_update(struct arena *a, const char *id, struct stored_file *f)
{
	return get(a, &st_get_lock, id, f);
}

int
db_file_set_used(struct arena *a, const char *id, int used)
{
	struct db_val	 p = DB_STR(id);

	return db_exec(a, used ? &st_used : &st_unused, &p, 1, NULL);
}

int
db_file_unused_for(struct arena *a, const char *id, int64_t grace)
{
	struct db_val	 p[] = { DB_INT(grace), DB_STR(id) };
	struct db_res	 r;

	if (db_exec(a, &st_unused_for, p, 2, &r) == -1)
		return -1;
	return r.nrows == 1 && db_cell_i64(&r, 0, 0, 0) == 1;
}

int
db_file_unused(struct arena *a, enum file_purpose purpose, int64_t grace,
    int64_t limit, struct stored_file **out, size_t *n)
{
	struct db_val	 p[] = { DB_STR(db_file_purpose_name(purpose)),
	    DB_INT(grace), DB_INT(limit) };
	struct db_res	 r;
	size_t		 i;

	if (db_exec(a, &st_list_unused, p, 3, &r) == -1)
		return -1;
	if ((*out = arena_zalloc(a, (r.nrows + 1) * sizeof(**out))) == NULL)
		return -1;
	for (i = 0; i < r.nrows; i++)
		from_row(&r, i, &(*out)[i]);
	*n = r.nrows;
	return 0;
}

int
db_file_delete(struct arena *a, const char *id)
{
	struct db_val	 p = DB_STR(id);

	return db_exec_changed(a, &st_delete, &p, 1);
}
