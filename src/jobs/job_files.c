/* Job: remove what uploads leave behind: temporary files of uploads that
 * never finished, and stored files nothing uses any more (after
 * file_unused_grace; each module says what "used" means, src/domain/file.c). */
#include "autoconf.h"

#include <json-c/json.h>

#include "domain/file.h"
#include "jobs/jobs.h"

int
job_files_cleanup(struct arena *a, const struct config *cfg,
    struct json_object *res)
{
	int64_t	 tmp, removed, kept;

	if (file_cleanup(a, cfg, &tmp, &removed, &kept) == -1)
		return -1;
	json_object_object_add(res, "temporary", json_object_new_int64(tmp));
	json_object_object_add(res, "removed", json_object_new_int64(removed));
	json_object_object_add(res, "in_use", json_object_new_int64(kept));
	return 0;
}
