/* Lesson recordings: links a teacher adds by hand and the files Zoom's
 * recording.completed reports. Knows no HTTP. */
#ifndef DOMAIN_RECORDING_H
#define DOMAIN_RECORDING_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct zoom_rec_file;

#define RECORDING_URL_MAX	2000

/* Whether s is an absolute http(s) URL of at most RECORDING_URL_MAX bytes
 * without spaces or control characters. */
int	 recording_url_ok(const char *s);
/* Add url (checked by the caller) to the lesson as its play and download
 * link, status ready: 0 and *id, ACCOUNT_DB. */
int	 recording_add(struct arena *, int64_t lesson_id, const char *url,
	    int64_t *id);
/* Store the playable files (MP4, M4A) of a recording.completed event on
 * the lesson, each once: 0 with *stored new rows and *skipped files that
 * were not playable, had no id or no valid link; ACCOUNT_DB. */
int	 recording_store_zoom(struct arena *, int64_t lesson_id,
	    const struct zoom_rec_file *, size_t n, size_t *stored,
	    size_t *skipped);

#endif
