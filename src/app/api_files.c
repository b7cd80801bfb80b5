/* Stored files over HTTP: reading an upload's body, the homework media
 * uploads (the original's reply shapes) and the authorised download,
 * which nginx serves from its internal /_files/ location. */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/app_files.h"
#include "app/auth.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/json.h"
#include "core/log.h"
#include "core/multipart.h"
#include "core/req.h"
#include "core/router.h"
#include "core/resp.h"
#include "crypto/hash.h"
#include "domain/file.h"

#define NO_FILE		"Файл не найден в запросе"
#define STORAGE_DOWN	"Хранилище файлов недоступно. Попробуйте чуть позже."

static long
fd_read(void *ctx, char *buf, size_t n)
{
	ssize_t	 got;

	do
		got = read(*(int *)ctx, buf, n);
	while (got == -1 && errno == EINTR);
	return (long)got;
}

static void
fd_close(void *arg)
{
	close(*(int *)arg);
}

struct hashing {
	struct hash_sha256	*h;
};

static void
hash_tap(void *ctx, const void *p, size_t n)
{
	hash_sha256_update(((struct hashing *)ctx)->h, p, n);
}

static void
hash_drop(void *arg)
{
	struct hashing	*hs = arg;

	if (hs->h != NULL)
		hash_sha256_free(hs->h);
}

static int
too_large_or_reply(struct req *r, enum file_kind k)
{
	return resp_error(r, 400, arena_printf(r->arena, "Файл слишком большой. "
	    "Максимум: %lld MB", (long long)(file_kind_max(k) / (1024 * 1024)))),
	    -1;
}

int
files_upload_or_reply(struct req *r, enum file_kind k, struct upload *up)
{
	struct mp_opts	 o;
	struct hashing	*hs;
	mp_read_fn	 rd = r->body_read;
	void		*ctx = r->body_ctx;
	int		*fd;
	enum mp_err	 e;

	memset(up, 0, sizeof(*up));
	if (!r->upload || (r->body_file == NULL && r->body_read == NULL))
		return resp_error(r, 400, NO_FILE), -1;
	if (r->content_length > 0 && !file_body_fits(k, r->content_length))
		return too_large_or_reply(r, k);
	if ((hs = arena_zalloc(r->arena, sizeof(*hs))) == NULL ||
	    (fd = arena_alloc(r->arena, sizeof(*fd))) == NULL ||
	    (hs->h = hash_sha256_begin()) == NULL ||
	    arena_defer(r->arena, hash_drop, hs) == -1)
		return resp_error(r, 500, "Internal server error"), -1;
	if (r->body_file != NULL) {
		/* nginx's own file: readable only when tpanel runs as nginx's
		 * user (docs/deploy.md). */
		if ((*fd = open(r->body_file, O_RDONLY | O_CLOEXEC)) == -1) {
			log_warn("cannot read the body nginx passed in %s",
			    r->body_file);
			return resp_error(r, 503, STORAGE_DOWN), -1;
		}
		if (arena_defer(r->arena, fd_close, fd) == -1)
			return resp_error(r, 500, "Internal server error"), -1;
		rd = fd_read;
		ctx = fd;
	}
	o.file_field = "file";
	o.file_max = file_kind_max(k);
	o.tap = hash_tap;
	o.tap_ctx = hs;
	if ((o.tmp_dir = file_tmp_dir(r->arena, r->cfg)) == NULL)
		return resp_error(r, 500, "Internal server error"), -1;
	switch ((e = multipart_parse(r->arena, r->content_type, rd, ctx, &o,
	    &up->mp))) {
	case MP_OK:
		break;
	case MP_NOT_MULTIPART:
	case MP_BAD_BOUNDARY:
		return resp_error(r, 400, NO_FILE), -1;
	case MP_FILE_TOO_LARGE:
		return too_large_or_reply(r, k);
	case MP_TOO_MANY_PARTS:
		return resp_error(r, 400, "Слишком много полей в запросе: не "
		    "больше 8"), -1;
	case MP_TWO_FILES:
		return resp_error(r, 400, "В запросе больше одного файла"), -1;
	case MP_FIELD_TOO_LARGE:
		return resp_error(r, 400, "Слишком длинное поле формы"), -1;
	case MP_TEMP:
		log_warn("media_dir: temporary file in %s", o.tmp_dir);
		return resp_error(r, 503, STORAGE_DOWN), -1;
	case MP_NO_MEMORY:
		return resp_error(r, 500, "Internal server error"), -1;
	default:
		log_info("upload refused: %s", multipart_strerror(e));
		return resp_error(r, 400, "Неверный формат multipart/form-data"),
		    -1;
	}
	if ((r->route->flags & R_CSRF) &&
	    !auth_csrf_ok(r, multipart_field(&up->mp, "csrf_token")))
		return resp_error(r, 403, AUTH_STALE_FORM), -1;
	if (up->mp.file == NULL)
		return resp_error(r, 400, NO_FILE), -1;
	hash_sha256_end_hex(hs->h, up->sha256);
	hs->h = NULL;
	return 0;
}

int
files_store_or_reply(struct req *r, struct upload *up, enum file_kind k,
    enum file_purpose purpose, int64_t homework_id, int64_t chat_id,
    struct stored_file *f)
{
	struct file_new	 in = { up->mp.file, up->sha256, k, purpose,
	    r->user->id, homework_id, chat_id };
	const char	*why = NULL;

	switch (file_store(r->arena, r->cfg, &in, f, &why)) {
	case 0:
		log_info("stored file %s: %s, %lld bytes, %s", f->id,
		    f->mime_type, (long long)f->size, db_file_purpose_name(purpose));
		return 0;
	case FILE_REFUSED:
		return resp_error(r, 400, why ? why : "Файл не принят"), -1;
	case FILE_DB:
		return api_db_error(r), -1;
	default:
		return resp_error(r, 503, STORAGE_DOWN), -1;
	}
}

/* The original's reply to a homework upload (hw/views.py upload_file). */
static int
reply_stored(struct req *r, const struct stored_file *f, int gdrive)
{
	struct json_object	*o;
	const char		*url = file_url(r->arena, f);

	if ((o = json_new_object(r->arena)) == NULL || url == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "status", "success");
	json_add_str(o, "url", url);
	json_add_str(o, "download_url", url);
	json_add_str(o, "file_id", f->id);
	if (gdrive)		/* nothing goes to Google Drive here */
		json_add_null(o, "gdrive_file_id");
	json_add_str(o, "file_name", f->original_name);
	json_add_str(o, "mime_type", f->mime_type);
	json_add_int(o, "size", f->size);
	return resp_json(r, 201, o);
}

/* POST /api/homework/upload-file/: a teacher's image or audio for a
 * question (file_type image, the default, or audio). */
int
api_homework_upload_file(struct req *r)
{
	struct upload		 up;
	struct stored_file	 f;
	const char		*type;
	enum file_kind		 k;

	/* Both kinds take 50 MB: the body is read before its file_type. */
	if (files_upload_or_reply(r, FILE_KIND_IMAGE, &up) == -1)
		return 0;
	type = multipart_field(&up.mp, "file_type");
	if (type == NULL || strcmp(type, "image") == 0)
		k = FILE_KIND_IMAGE;
	else if (strcmp(type, "audio") == 0)
		k = FILE_KIND_AUDIO;
	else
		return input_field_error(r, "file_type", "Допустимые значения: "
		    "image, audio.");
	if (files_store_or_reply(r, &up, k, FILE_HOMEWORK_MEDIA, 0, 0, &f) == -1)
		return 0;
	return reply_stored(r, &f, 0);
}

/* POST /api/homework/upload-document-direct/: a teacher's document for a
 * homework; the original sent it to Google Drive, this keeps it here. */
int
api_homework_upload_document(struct req *r)
{
	struct upload		 up;
	struct stored_file	 f;

	if (files_upload_or_reply(r, FILE_KIND_DOCUMENT, &up) == -1 ||
	    files_store_or_reply(r, &up, FILE_KIND_DOCUMENT, FILE_HOMEWORK_MEDIA,
	    0, 0, &f) == -1)
		return 0;
	return reply_stored(r, &f, 1);
}

/* GET /api/files/{file_id}/ and /api/homework/file/{file_id}/: 404 for a
 * file the caller may not read, as for one that does not exist. */
int
api_file_get(struct req *r)
{
	struct stored_file	 f;
	struct file_download	 d;
	int			 rc;

	rc = file_readable(r->arena, input_path_name(r, "{file_id}"), r->user->id,
	    r->user->role_name, &f);
	if (rc == -1)
		return api_db_error(r);
	if (rc == 0)
		return resp_error(r, 404, "Not found.");
	file_download(r->arena, &f, &d);
	if (d.uri == NULL || d.disposition == NULL)
		return resp_error(r, 500, "Internal server error");
	return resp_accel(r, d.uri, d.content_type, d.disposition,
	    d.cache_control);
}
