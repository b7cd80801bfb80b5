/* Lesson recordings: added by hand or reported by Zoom. */
#include "autoconf.h"

#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/dt.h"
#include "db/db.h"
#include "db/db_lesson.h"
#include "domain/account.h"
#include "domain/recording.h"
#include "zoom/webhook.h"

#define ZOOM_ID_MAX	100	/* schedule_lessonrecording.zoom_recording_id */

int
recording_url_ok(const char *s)
{
	size_t	 n, skip, i;

	if (s == NULL || (n = strlen(s)) > RECORDING_URL_MAX)
		return 0;
	if (strncasecmp(s, "https://", 8) == 0)
		skip = 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		skip = 7;
	else
		return 0;
	/* A host must follow: not empty, not a path, not another scheme. */
	if (n == skip || s[skip] == '/' || s[skip] == '?' || s[skip] == '#')
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

int
recording_add(struct arena *a, int64_t lesson_id, const char *url, int64_t *id)
{
	struct recording_row	 w;

	memset(&w, 0, sizeof(w));
	w.lesson_id = lesson_id;
	w.play_url = url;
	w.download_url = url;
	w.status = "ready";
	w.file_size = w.duration = -1;
	return db_recording_insert(a, &w, id) == 1 ? 0 : ACCOUNT_DB;
}

static int
playable(const struct zoom_rec_file *f)
{
	return f->file_type == NULL || strcmp(f->file_type, "MP4") == 0 ||
	    strcmp(f->file_type, "M4A") == 0;
}

/* A Zoom time as DATETIME(6), or NULL (*us = -1) when absent or bad. */
static const char *
zoom_time(struct arena *a, const char *s, int64_t *us)
{
	*us = -1;
	if (s == NULL || dt_parse_iso(s, us) == -1) {
		*us = -1;
		return NULL;
	}
	return dt_db(a, *us);
}

int
recording_store_zoom(struct arena *a, int64_t lesson_id,
    const struct zoom_rec_file *f, size_t n, size_t *stored, size_t *skipped)
{
	struct recording_row	 w;
	int64_t			 id, t0, t1;
	size_t			 i;
	int			 rc;

	*stored = *skipped = 0;
	for (i = 0; i < n; i++) {
		if (!playable(&f[i]) || f[i].id == NULL || f[i].id[0] == '\0' ||
		    strlen(f[i].id) > ZOOM_ID_MAX ||
		    (f[i].play_url != NULL && !recording_url_ok(f[i].play_url)) ||
		    (f[i].download_url != NULL &&
		    !recording_url_ok(f[i].download_url)) ||
		    (f[i].play_url == NULL && f[i].download_url == NULL)) {
			(*skipped)++;
			continue;
		}
		memset(&w, 0, sizeof(w));
		w.lesson_id = lesson_id;
		w.zoom_id = f[i].id;
		/* The download link needs a token to work: we keep the link,
		 * never the event's download_token. */
		w.play_url = f[i].play_url ? f[i].play_url : f[i].download_url;
		w.download_url = f[i].download_url;
		w.status = f[i].status && strcmp(f[i].status, "processing") == 0 ?
		    "processing" : "ready";
		w.file_size = f[i].file_size;
		w.recording_start = zoom_time(a, f[i].recording_start, &t0);
		w.recording_end = zoom_time(a, f[i].recording_end, &t1);
		w.duration = t0 >= 0 && t1 >= t0 ? (t1 - t0) / 1000000 : -1;
		if ((rc = db_recording_insert(a, &w, &id)) == -1)
			return ACCOUNT_DB;
		*stored += (size_t)rc;
	}
	return 0;
}
