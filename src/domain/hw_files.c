/* Files on homework answers and feedback. Until stored files exist
 * (PHASE2-3.md 3.6, the stored_file table), no id names a file: any
 * reference is refused and an empty list clears. */
#include "autoconf.h"

#include "core/arena.h"
#include "domain/homework.h"
#include "domain/hw_files.h"

static int
files(struct arena *a, const char **ids, size_t n, const char **json,
    struct hw_err *err)
{
	if (n == 0) {
		*json = "[]";
		return 0;
	}
	return hw_err_set(a, err, 400, arena_printf(a, "Файл %s не найден.",
	    ids[0]), 1);
}

int
hw_files_answer(struct arena *a, int64_t student, int64_t hw, const char **ids,
    size_t n, int64_t maxfiles, int64_t max_mb, const char *kinds,
    const char **json, struct hw_err *err)
{
	(void)student, (void)hw, (void)maxfiles, (void)max_mb, (void)kinds;
	return files(a, ids, n, json, err);
}

int
hw_files_feedback(struct arena *a, int64_t teacher, int64_t hw,
    const char **ids, size_t n, const char **json, struct hw_err *err)
{
	(void)teacher, (void)hw;
	return files(a, ids, n, json, err);
}
