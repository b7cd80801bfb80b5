/* What the homework pages share: loading a homework, error pages for the
 * domain's refusals, times on the zone's clock, names, form fields. */
#include "autoconf.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app_files.h"
#include "app/input.h"
#include "app/page_hw.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/log.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_file.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/account.h"
#include "domain/file.h"
#include "domain/homework.h"

const char	 page_hw_db_down[] = "База данных недоступна. Попробуйте чуть "
    "позже.";

int
page_hw_load_or_reply(struct req *r, int owner, struct homework *h,
    struct hw_target *t)
{
	struct hw_err	 err;
	enum hw_role	 role;
	int		 rc;

	role = r->user->role == R_STUDENT ? HWR_STUDENT :
	    r->user->role == R_TEACHER ? HWR_TEACHER : HWR_ADMIN;
	if ((rc = homework_load(r->arena, role, r->user->id, r->ids[0], owner, h,
	    t, &err)) == 0)
		return 0;
	page_hw_fail(r, rc, &err);
	return -1;
}

int64_t
page_hw_qid(struct req *r)
{
	const char	*v = input_path_name(r, "{qid}");
	int64_t		 id;

	return str_to_i64(v, strlen(v), 1, INT64_MAX, &id) == 0 ? id : 0;
}

const char *
page_hw_message(struct arena *a, const struct hw_err *err)
{
	static const struct {
		const char	*field, *name;
	} names[] = {
		{ "title", "Название" }, { "description", "Описание" },
		{ "student_instructions", "Инструкции" },
		{ "deadline", "Срок сдачи" }, { "max_score", "Максимальный балл" },
		{ "late_policy", "Опоздания" },
		{ "group_assignments_data", "Назначение группам" },
		{ "individual_assignments_data", "Назначение ученикам" },
		{ "assigned_student_ids", "Назначение ученикам" },
	};
	/* The API's English words, where the contract fixes them: whole
	 * details (the first three), then DRF's field messages. */
	static const char *const en[][2] = {
		{ "Homework is archived", "Задание в архиве: ответы больше не "
		    "принимаются." },
		{ "Deadline passed", "Срок сдачи прошёл: работы после срока по "
		    "этому заданию не принимаются." },
		{ "Not found.", "Не найдено." },
		{ "This field may not be blank.", "не может быть пустым." },
		{ "This field is required.", "обязательное поле." },
		{ "This field may not be null.", "обязательное поле." },
		{ "Ensure this field has no more than 255 characters.",
		    "не больше 255 символов." },
		{ "Datetime has wrong format.", "укажите дату и время." },
		{ "A valid integer is required.", "введите целое число." },
	};
	struct json_object	*l;
	const char		*name, *msg;
	size_t			 i;

	if (err->body == NULL || json_object_object_get_ex(err->body, "detail",
	    NULL)) {
		for (i = 0; err->detail != NULL && i < 3; i++)
			if (strcmp(err->detail, en[i][0]) == 0)
				return en[i][1];
		return err->detail ? err->detail : "Запрос отклонён.";
	}
	/* DRF field errors: {"field": ["msg"]}, the first one shown. */
	json_object_object_foreach(err->body, key, val) {
		if (!json_object_is_type(val, json_type_array) ||
		    json_object_array_length(val) == 0)
			continue;
		l = json_object_array_get_idx(val, 0);
		for (name = key, i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcmp(key, names[i].field) == 0)
				name = names[i].name;
		msg = json_object_get_string(l);
		for (i = 0; i < sizeof(en) / sizeof(en[0]); i++)
			if (strncmp(msg, en[i][0], strlen(en[i][0])) == 0)
				msg = en[i][1];
		return arena_printf(a, "%s: %s", name, msg);
	}
	return err->detail ? err->detail : "Запрос отклонён.";
}

int
page_hw_fail(struct req *r, int rc, const struct hw_err *err)
{
	if (rc == HW_DB) {
		log_warnx("%s %s: database error (%s), answered 503", r->method,
		    r->path, db_last_error() == DB_ERR_LOCK ? "lock conflict" :
		    "see above");
		return resp_error(r, 503, page_hw_db_down);
	}
	switch (err->status) {
	case 404:
		return resp_error(r, 404, "Не найдено: такого задания или работы "
		    "нет, или они вам недоступны.");
	case 403:
		/* The domain's own reasons say more than DRF's English one. */
		return resp_error(r, 403, err->detail != NULL &&
		    strncmp(err->detail, "You do not", 10) != 0 ? err->detail :
		    "Недостаточно прав для этого действия.");
	case 0:
		return resp_error(r, 500, "Internal server error");
	default:
		return resp_error(r, err->status, page_hw_message(r->arena, err));
	}
}

int
page_hw_redirect(struct req *r, const char *path, const char *done,
    const char *anchor)
{
	const char	*to;

	to = arena_printf(r->arena, "%s%s%s%s%s", path, done ? "?done=" : "",
	    done ? done : "", anchor ? "#" : "", anchor ? anchor : "");
	if (path == NULL || to == NULL)
		return resp_error(r, 500, "Internal server error");
	return resp_redirect(r, 303, to);
}

/* -- times -------------------------------------------------------------- */

const char *
page_hw_when(struct arena *a, const char *db)
{
	int64_t	 us;

	if (db == NULL || dt_parse_iso(db, &us) == -1)
		return NULL;
	return dt_local_text(a, us, DT_TEXT_FULL);
}

const char *
page_hw_local_input(struct arena *a, const char *db)
{
	int64_t	 us, days, sec;

	if (db == NULL || dt_parse_iso(db, &us) == -1)
		return "";
	dt_utc_to_local(us / 1000000, &days, &sec);
	return arena_printf(a, "%sT%02lld:%02lld", dt_date(a, days),
	    (long long)(sec / 3600), (long long)(sec / 60 % 60));
}

int
page_hw_local_parse(struct arena *a, const char *in, const char **iso)
{
	char	 date[11];
	int64_t	 days, h, m, s = 0, y;
	size_t	 n = strlen(in);

	*iso = NULL;
	if (n == 0)
		return 0;
	/* What <input type=datetime-local> sends; a space for the T too. */
	if ((n != 16 && n != 19) || (in[10] != 'T' && in[10] != ' ') ||
	    in[13] != ':' || (n == 19 && in[16] != ':'))
		return -1;
	memcpy(date, in, 10);
	date[10] = '\0';
	if (dt_parse_date(date, &days) == -1 ||
	    str_to_i64(date, 4, 1970, 9998, &y) == -1 ||
	    str_to_i64(in + 11, 2, 0, 23, &h) == -1 ||
	    str_to_i64(in + 14, 2, 0, 59, &m) == -1 ||
	    (n == 19 && str_to_i64(in + 17, 2, 0, 59, &s) == -1))
		return -1;
	*iso = dt_iso(a, dt_db(a, dt_local_to_utc(days, h * 3600 + m * 60 + s) *
	    1000000));
	return *iso == NULL ? -1 : 0;
}

/* -- names --------------------------------------------------------------- */

const char *
page_hw_status_text(const char *s)
{
	if (s == NULL)
		return "";
	if (strcmp(s, "draft") == 0)
		return "черновик";
	if (strcmp(s, "published") == 0)
		return "опубликовано";
	if (strcmp(s, "archived") == 0)
		return "в архиве";
	return s;
}

const char *
page_hw_sub_status_text(const char *s)
{
	static const char *const t[][2] = {
		{ "not_started", "не начато" }, { "in_progress", "выполняется" },
		{ "submitted", "на проверке" }, { "graded", "проверено" },
		{ "revision", "на доработке" },
	};
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(s, t[i][0]) == 0)
			return t[i][1];
	return s ? s : "";
}

static const char *const type_texts[HWQ_NTYPES] = {
	"Текстовый ответ", "Один вариант", "Несколько вариантов",
	"Аудирование", "Соответствие", "Порядок", "Заполнить пропуски",
	"Области на изображении", "Загрузка файла",
};

const char *
page_hw_type_text(enum hw_qtype t)
{
	return (unsigned)t < HWQ_NTYPES ? type_texts[t] : "";
}

struct json_object *
page_hw_type_options(enum hw_qtype selected)
{
	struct json_object	*l = json_object_new_array(), *o;
	int			 i;

	for (i = 0; i < HWQ_NTYPES; i++) {
		o = json_object_new_object();
		json_add_str(o, "value", hw_qtype_name((enum hw_qtype)i, 0));
		json_add_str(o, "text", type_texts[i]);
		json_add_bool(o, "selected", i == (int)selected);
		json_object_array_add(l, o);
	}
	return l;
}

/* -- forms -------------------------------------------------------------- */

size_t
page_hw_form_all(struct req *r, const char *key, const char **out, size_t max)
{
	size_t	 i, n = 0;

	(void)req_form(r, "");		/* parsed once */
	for (i = 0; i < r->form.n && n < max; i++)
		if (strcmp(r->form.v[i].key, key) == 0)
			out[n++] = r->form.v[i].val;
	return n;
}

int
page_hw_wants_json(struct req *r)
{
	const char	*a = req_header(r, "HTTP_ACCEPT");

	return a != NULL && strncmp(a, "application/json", 16) == 0;
}

/* -- json-c values -------------------------------------------------------- */

const char *
page_hw_brief_name(struct arena *a, struct json_object *b)
{
	return account_name_of(a, hwp_str(b, "last_name"), hwp_str(b,
	    "first_name"), NULL, hwp_str(b, "email"));
}

const struct answer_row *
page_hw_answer_of(const struct answer_row *a, size_t n, int64_t qid)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (a[i].question_id == qid)
			return &a[i];
	return NULL;
}

int
page_hw_after_or_reply(struct req *r, struct hw_after *after)
{
	const char	*c = req_query(r, "c"), *i = req_query(r, "i");
	int64_t		 us, id;

	memset(after, 0, sizeof(*after));
	if (c == NULL || i == NULL)
		return 0;
	/* Up to 9999-12-31 23:59:59.999999, what a DATETIME holds. */
	if (str_to_i64(c, strlen(c), 0, 253402300799999999LL, &us) == -1 ||
	    str_to_i64(i, strlen(i), 1, INT64_MAX, &id) == -1) {
		resp_error(r, 400, "Неверная ссылка на страницу.");
		return -1;
	}
	after->created_at = dt_db(r->arena, us);
	after->id = id;
	return 0;
}

const char *
page_hw_next_url(struct req *r, const char *base, const struct homework *last)
{
	int64_t	 us;

	if (dt_parse_iso(last->created_at, &us) == -1)
		return NULL;
	return arena_printf(r->arena, "%s%sc=%lld&i=%lld", base,
	    strchr(base, '?') ? "&" : "?", (long long)us, (long long)last->id);
}

/* -- stored files ---------------------------------------------------------- */

int
page_hw_store_or_reply(struct req *r, struct upload *up, enum file_kind k,
    enum file_purpose purpose, int64_t hw_id, struct stored_file *f,
    const char **why)
{
	struct file_new	 in;

	memset(&in, 0, sizeof(in));
	in.tmp = up->mp.file;
	in.sha256 = up->sha256;
	in.kind = k;
	in.purpose = purpose;
	in.owner_id = r->user->id;
	in.homework_id = hw_id;
	*why = NULL;
	switch (file_store(r->arena, r->cfg, &in, f, why)) {
	case 0:
		log_info("stored file %s: %s, %lld bytes, %s", f->id, f->mime_type,
		    (long long)f->size, db_file_purpose_name(purpose));
		return 0;
	case FILE_REFUSED:
		if (*why == NULL)
			*why = "Файл не принят.";
		return -1;
	case FILE_DB:
		resp_error(r, 503, page_hw_db_down);
		return -1;
	default:
		resp_error(r, 503, "Хранилище файлов недоступно. Попробуйте чуть "
		    "позже.");
		return -1;
	}
}

/* -- media and hotspots ---------------------------------------------------- */

/* A whole percent 0..100 from a coordinate. */
static int
pct(struct json_object *spot, const char *key)
{
	struct json_object	*v;
	double			 d;

	if (!json_object_object_get_ex(spot, key, &v) || v == NULL)
		return 0;
	d = json_object_get_double(v);
	if (!isfinite(d) || d < 0)
		return 0;
	return d > 100 ? 100 : (int)lround(d);
}

const char *
page_hw_spot_classes(struct arena *a, struct json_object *spot)
{
	int	 w = pct(spot, "width"), h = pct(spot, "height");

	return arena_printf(a, "hs-x%d hs-y%d hs-w%d hs-h%d", pct(spot, "x"),
	    pct(spot, "y"), w < 1 ? 1 : w, h < 1 ? 1 : h);
}

const char *
page_hw_media_url(struct arena *a, struct json_object *cfg, const char *url_key,
    const char *file_key)
{
	struct json_object	*v;
	const char		*u = NULL, *f = NULL;
	size_t			 i;

	if (json_object_object_get_ex(cfg, url_key, &v) && v != NULL &&
	    json_object_is_type(v, json_type_string))
		u = json_object_get_string(v);
	if (json_object_object_get_ex(cfg, file_key, &v) && v != NULL &&
	    json_object_is_type(v, json_type_string))
		f = json_object_get_string(v);
	if (u != NULL && (strncmp(u, "/api/homework/file/", 19) == 0 ||
	    (strncmp(u, "/static/", 8) == 0 && strstr(u, "..") == NULL) ||
	    strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0))
		return u;
	if (f == NULL || strlen(f) != 32)
		return "";
	for (i = 0; i < 32; i++)
		if (strchr("0123456789abcdef", f[i]) == NULL)
			return "";
	return arena_printf(a, "/api/homework/file/%s/", f);
}
