/* Stored files: storing a checked upload, claims and releases, who may
 * read a file, the download answer, and the clean-up of unused files. */
#include "autoconf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/multipart.h"
#include "crypto/rand.h"
#include "db/db.h"
#include "db/db_file.h"
#include "domain/file.h"
#include "domain/hw_files.h"

#define TMP_MAX_AGE	3600	/* seconds: an upload still in a temp file */
#define CLEANUP_BATCH	100
#define CLEANUP_MAX	1000	/* files looked at per purpose and run */

/* Whether anything still uses a file of each purpose: 1 yes, 0 no, -1 on
 * a database error; called in the clean-up's transaction, with the file's
 * row locked. Each module fills in its purposes. NULL: the module has not
 * said how to tell, and the clean-up never removes such a file.
 *   HOMEWORK: homework_file_referenced (hw_files.c) for its three,
 *   CHAT:     [FILE_CHAT] = chat_file_referenced,
 * each a function of src/domain/<module>.c with this signature. */
static int (*const referenced[FILE_PURPOSES])(struct arena *,
    const struct stored_file *) = {
	[FILE_HOMEWORK_MEDIA] = homework_file_referenced,
	[FILE_HOMEWORK_ANSWER] = homework_file_referenced,
	[FILE_HOMEWORK_FEEDBACK] = homework_file_referenced,
	[FILE_CHAT] = NULL,
};

int
file_may_read(struct arena *a, int64_t user, const char *role,
    const struct stored_file *f)
{
	int	 own = f->owner_id != 0 && f->owner_id == user;
	int	 admin = strcmp(role, "admin") == 0;

	switch (f->purpose) {
	case FILE_HOMEWORK_MEDIA:
		/* The teacher who uploaded it, admins; students assigned a
		 * homework that names it, the student whose work a feedback
		 * names it (hw_files.c). */
		if (own || admin)
			return 1;
		return homework_media_readable(a, user, role, f);
	case FILE_HOMEWORK_ANSWER:
		/* The student who uploaded it, admins; the teacher of
		 * f->homework_id. */
		if (own || admin)
			return 1;
		return homework_answer_readable(a, user, role, f);
	case FILE_HOMEWORK_FEEDBACK:
		/* As media. */
		if (own || admin)
			return 1;
		return homework_media_readable(a, user, role, f);
	case FILE_CHAT:
		/* The member who sent it; admins read no one's chats.
		 * CHAT: the members of f->chat_id. */
		return own;
	}
	return 0;
}

/* -- the store ---------------------------------------------------------- */

const char *
file_tmp_dir(struct arena *a, const struct config *cfg)
{
	return arena_printf(a, "%s/tmp", cfg->media_dir);
}

/* mkdir with exactly rwxr-x--- whatever the umask (the service's is 077,
 * and nginx reads through the group); the group and setgid bit come from
 * media_dir. 0 when it is there, -1 (errno). */
static int
make_dir(const char *path)
{
	mode_t	 old = umask(027);
	int	 rc = mkdir(path, 0750), e = errno;

	umask(old);
	errno = e;
	return rc == 0 || errno == EEXIST ? 0 : -1;
}

int
file_init(const struct config *cfg)
{
	char	 tmp[4096];

	if (file_types_init() == -1)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s/tmp", cfg->media_dir);
	if (make_dir(tmp) == -1)
		log_warn("media_dir: cannot make %s (uploads will answer 503)",
		    tmp);
	return 0;
}

int
file_store(struct arena *a, const struct config *cfg, const struct file_new *in,
    struct stored_file *f, const char **why)
{
	struct mp_file	*tmp = in->tmp;
	char		 id[33], *dir, *path;
	struct tm	 tm;
	time_t		 now = time(NULL);
	int		 rc;

	memset(f, 0, sizeof(*f));
	rc = file_type_check(a, tmp->fd, tmp->size, tmp->filename, in->kind,
	    &f->mime_type, &f->original_name, why);
	if (rc == FILE_REFUSED)
		return FILE_REFUSED;
	if (rc != 0)
		return FILE_STORAGE;
	rand_hex(id, 16);
	gmtime_r(&now, &tm);
	if ((f->id = arena_strdup(a, id)) == NULL ||
	    (f->storage_path = arena_printf(a, "%04d/%02d/%s", tm.tm_year + 1900,
	    tm.tm_mon + 1, id)) == NULL ||
	    (dir = arena_printf(a, "%s/%04d", cfg->media_dir,
	    tm.tm_year + 1900)) == NULL ||
	    (path = arena_printf(a, "%s/%s", cfg->media_dir,
	    f->storage_path)) == NULL)
		return FILE_STORAGE;
	if (make_dir(dir) == -1 || make_dir((dir = arena_printf(a, "%s/%02d",
	    dir, tm.tm_mon + 1)) ? dir : "") == -1) {
		log_warn("media_dir: mkdir %s", dir ? dir : "");
		return FILE_STORAGE;
	}
	if (fchmod(tmp->fd, 0640) == -1 || fsync(tmp->fd) == -1 ||
	    rename(tmp->path, path) == -1) {
		log_warn("media_dir: storing %s", path);
		return FILE_STORAGE;
	}
	tmp->kept = 1;
	f->owner_id = in->owner_id;
	f->purpose = in->purpose;
	f->homework_id = in->homework_id;
	f->chat_id = in->chat_id;
	f->size = tmp->size;
	f->sha256 = in->sha256;
	if (db_file_insert(a, f) == -1) {
		unlink(path);
		return FILE_DB;
	}
	return 0;
}

/* -- uses --------------------------------------------------------------- */

int
file_id_ok(const char *id)
{
	size_t	 i;

	for (i = 0; id[i] != '\0'; i++)
		if (i == 32 || !((id[i] >= '0' && id[i] <= '9') ||
		    (id[i] >= 'a' && id[i] <= 'f')))
			return 0;
	return i == 32;
}

int
file_claim(struct arena *a, const char *id, int64_t owner,
    enum file_purpose purpose, int64_t homework_id, int64_t chat_id,
    struct stored_file *f)
{
	int	 rc;

	if (!file_id_ok(id))
		return 0;
	if ((rc = db_file_get_for_update(a, id, f)) != 1)
		return rc;
	if (f->owner_id == 0 || f->owner_id != owner || f->purpose != purpose ||
	    (homework_id != 0 && f->homework_id != homework_id) ||
	    (chat_id != 0 && f->chat_id != chat_id))
		return 0;
	return db_file_set_used(a, id, 1) == -1 ? -1 : 1;
}

int
file_release(struct arena *a, const char *id)
{
	return file_id_ok(id) ? db_file_set_used(a, id, 0) : 0;
}

int
file_readable(struct arena *a, const char *id, int64_t user, const char *role,
    struct stored_file *f)
{
	int	 rc;

	if (!file_id_ok(id))
		return 0;
	if ((rc = db_file_get(a, id, f)) != 1)
		return rc;
	return file_may_read(a, user, role, f);
}

void
file_download(struct arena *a, const struct stored_file *f,
    struct file_download *d)
{
	d->uri = arena_printf(a, "/_files/%s", f->storage_path);
	d->content_type = f->mime_type;
	d->disposition = file_disposition(a, f->mime_type, f->original_name);
	d->cache_control = "private, max-age=3600";
}

const char *
file_url(struct arena *a, const struct stored_file *f)
{
	return arena_printf(a, f->purpose == FILE_CHAT ? "/api/files/%s/" :
	    "/api/homework/file/%s/", f->id);
}

/* -- clean-up ----------------------------------------------------------- */

/* Temporary files of uploads that never finished (a worker killed while
 * it received one). */
static int64_t
sweep_tmp(const struct config *cfg)
{
	char		 path[4096];
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	time_t		 old = time(NULL) - TMP_MAX_AGE;
	int64_t		 n = 0;

	snprintf(path, sizeof(path), "%s/tmp", cfg->media_dir);
	if ((d = opendir(path)) == NULL) {
		if (errno != ENOENT)
			log_warn("media_dir: %s", path);
		return 0;
	}
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "up-", 3) == 0 &&
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode) && st.st_mtime < old &&
		    unlinkat(dirfd(d), e->d_name, 0) == 0)
			n++;
	closedir(d);
	return n;
}

/* One unused file, looked at again in a transaction with its row locked:
 * 1 removed, 2 kept (in use after all), 0 left alone (gone or taken
 * meanwhile), -1 error. */
static int
collect(struct arena *a, const struct config *cfg, const char *id,
    int (*used)(struct arena *, const struct stored_file *))
{
	struct stored_file	 f;
	const char		*path;
	int			 rc, u;

	memset(&f, 0, sizeof(f));
	if (db_begin() == -1)
		return -1;
	rc = db_file_get_for_update(a, id, &f);
	if (rc == 1)
		rc = db_file_unused_for(a, id, cfg->file_unused_grace);
	if (rc == 1) {
		if ((u = used(a, &f)) == -1)
			rc = -1;
		else if (u == 1)
			rc = db_file_set_used(a, id, 1) == -1 ? -1 : 2;
		else
			rc = db_file_delete(a, id) == -1 ? -1 : 1;
	}
	if (rc == -1 || db_commit() == -1) {
		db_rollback();
		return -1;
	}
	if (rc != 1)
		return rc;
	/* The row is gone: no download can ask for the file any more. */
	if ((path = arena_printf(a, "%s/%s", cfg->media_dir,
	    f.storage_path)) != NULL && unlink(path) == -1 && errno != ENOENT)
		log_warn("media_dir: removing %s", path);
	return 1;
}

int
file_cleanup(struct arena *a, const struct config *cfg, int64_t *tmp,
    int64_t *removed, int64_t *kept)
{
	struct stored_file	*fs;
	size_t			 n, i, seen;
	unsigned		 p;
	int			 rc;

	*removed = *kept = 0;
	*tmp = sweep_tmp(cfg);
	for (p = 0; p < FILE_PURPOSES; p++) {
		if (referenced[p] == NULL)
			continue;
		for (seen = 0; seen < CLEANUP_MAX; seen += n) {
			if (db_file_unused(a, (enum file_purpose)p,
			    cfg->file_unused_grace, CLEANUP_BATCH, &fs, &n) == -1)
				return -1;
			if (n == 0)
				break;
			for (i = 0; i < n; i++) {
				if ((rc = collect(a, cfg, fs[i].id,
				    referenced[p])) == -1)
					return -1;
				*removed += rc == 1;
				*kept += rc == 2;
			}
		}
	}
	return 0;
}
