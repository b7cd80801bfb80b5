/* The constructor's question editor: one plain form per question for each
 * of the nine types (options, sub-questions, pairs, items, blanks,
 * regions as rows of fields; blank rows to add, buttons to remove and
 * move rows), the image or audio uploaded by a form of its own. A saved
 * question goes to the domain as the API's question JSON inside a
 * homework update (the others named by id), so the checks are the API's;
 * a refused form comes back with what was typed and the reason. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_files.h"
#include "app/app_hw_pages.h"
#include "app/page_hw.h"
#include "app/view_homework.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/json.h"
#include "core/log.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_homework.h"
#include "domain/file.h"
#include "domain/homework.h"

/* -- the editor's page ---------------------------------------------------- */

static struct json_object *
cfg_of(struct json_object *q)
{
	struct json_object	*c = json_object_object_get(q, "config");

	return c != NULL && json_object_is_type(c, json_type_object) ? c : NULL;
}

/* A number as the editor shows it: "12.5", "10". */
static const char *
num_text(struct arena *a, struct json_object *o, const char *key)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return "";
	return arena_printf(a, "%g", json_object_get_double(v));
}

/* The rows of list l for the template: each entry's string fields keys
 * (and numbers nums) with its row number k, then PAGE_HW_EXTRA_ROWS blank rows;
 * the next free row number in *next. */
static struct json_object *
editor_rows(struct arena *a, struct json_object *l, const char *const *keys,
    const char *const *nums, size_t extra, int64_t *next)
{
	struct json_object	*out = json_object_new_array(), *e, *o;
	size_t			 i, j, n = l ? json_object_array_length(l) : 0;

	for (i = 0; i < n + extra; i++) {
		e = i < n ? json_object_array_get_idx(l, i) : NULL;
		o = json_object_new_object();
		json_add_int(o, "k", (int64_t)i);
		json_add_bool(o, "blank", e == NULL);
		json_add_bool(o, "first", i == 0);
		json_add_bool(o, "last", i + 1 == n);
		json_add_int(o, "n", (int64_t)i + 1);
		/* Every field set, blank rows too: a name missing from a row
		 * would resolve to the question's own in the template. */
		json_add_str(o, "text", e != NULL && json_object_is_type(e,
		    json_type_string) ? json_object_get_string(e) : "");
		json_add_str(o, "id", "");
		json_add_bool(o, "ok", 0);
		json_add_str(o, "cls", "");
		for (j = 0; keys && keys[j] != NULL; j++)
			json_add_str(o, keys[j], e ? hwp_str(e, keys[j]) : "");
		for (j = 0; nums && nums[j] != NULL; j++)
			json_add_str(o, nums[j], e ? num_text(a, e, nums[j]) : "");
		json_object_array_add(out, o);
	}
	*next = (int64_t)(n + extra);
	return out;
}

/* The link the teacher typed (ours, made from an uploaded file, is not
 * theirs to edit). */
static const char *
typed_url(struct json_object *cfg, const char *key)
{
	const char	*u = hwp_str(cfg, key);

	return strncmp(u, "/api/homework/file/", 19) == 0 ? "" : u;
}

/* The editor's context for question q (the API's teacher JSON of a
 * stored question, or what the form sent). */
static struct json_object *
editor_ctx(struct req *r, enum hw_qtype t, struct json_object *q)
{
	static const char *const id_text[] = { "id", "text", NULL };
	static const char *const subs[] = { "id", "text", "answer", NULL };
	static const char *const pairs[] = { "id", "left", "right", NULL };
	static const char *const spot[] = { "id", "label", NULL };
	static const char *const spot_n[] = { "x", "y", "width", "height", NULL };
	struct json_object	*e = json_object_new_object(), *cfg = cfg_of(q);
	struct json_object	*rows, *l, *row, *c;
	const char		*key = NULL, *kinds;
	int64_t			 next = 0;
	size_t			 i, m;

	json_add_str(e, "type", hw_qtype_name(t, 0));
	json_add_str(e, "type_text", page_hw_type_text(t));
	json_add_str(e, "prompt", hwp_str(q, "prompt"));
	json_add_int(e, "points", json_object_get_int64(json_object_object_get(q,
	    "points")));
	json_add_str(e, "explanation", hwp_str(q, "explanation"));
	switch (t) {
	case HWQ_TEXT:
		json_add_bool(e, "is_text", 1);
		json_add_bool(e, "long", strcmp(hwp_str(cfg, "answerLength"),
		    "long") == 0);
		l = hwp_list(cfg, "correctAnswers");
		if (l != NULL && json_object_array_length(l) > 0) {
			const char	*all = "";

			for (i = 0; i < hwp_len(l); i++) {
				c = json_object_array_get_idx(l, i);
				all = arena_printf(r->arena, "%s%s%s", all,
				    i ? "\n" : "", json_object_get_string(c));
			}
			json_add_str(e, "correct_answers", all);
		} else
			json_add_str(e, "correct_answers", hwp_str(cfg,
			    "correctAnswer"));
		break;
	case HWQ_SINGLE:
	case HWQ_MULTI:
		json_add_bool(e, t == HWQ_SINGLE ? "is_single" : "is_multi", 1);
		json_add_bool(e, "is_choice", 1);
		rows = editor_rows(r->arena, hwp_list(q, "choices"), id_text, NULL,
		    PAGE_HW_EXTRA_ROWS, &next);
		l = hwp_list(q, "choices");
		for (i = 0; l != NULL && i < json_object_array_length(l); i++) {
			c = json_object_array_get_idx(l, i);
			row = json_object_array_get_idx(rows, i);
			json_add_bool(row, "ok", hwp_bool(c, "is_correct"));
			json_add_str(row, "id",
			    json_object_get_int64( json_object_object_get(c,
			    "id")) > 0 ?
			    json_object_get_string( json_object_object_get(c,
			    "id")) : "");
		}
		key = "choices";
		json_object_object_add(e, key, rows);
		break;
	case HWQ_LISTENING:
		json_add_bool(e, "is_listening", 1);
		json_add_str(e, "audio_url", typed_url(cfg, "audioUrl"));
		json_add_str(e, "audio_file", hwp_str(cfg, "audioFileId"));
		json_add_str(e, "audio_src", page_hw_media_url(r->arena, cfg,
		    "audioUrl", "audioFileId"));
		json_add_str(e, "listen_prompt", hwp_str(cfg, "prompt"));
		key = "subs";
		json_object_object_add(e, key, editor_rows(r->arena, hwp_list(cfg,
		    "subQuestions"), subs, NULL, PAGE_HW_EXTRA_ROWS, &next));
		break;
	case HWQ_MATCHING:
		json_add_bool(e, "is_matching", 1);
		json_add_bool(e, "shuffle", cfg == NULL ||
		    !json_object_object_get_ex( cfg, "shuffleRightColumn", NULL)
		    || hwp_bool(cfg, "shuffleRightColumn"));
		key = "pairs";
		json_object_object_add(e, key, editor_rows(r->arena, hwp_list(cfg,
		    "pairs"), pairs, NULL, PAGE_HW_EXTRA_ROWS, &next));
		break;
	case HWQ_DRAG_DROP:
		json_add_bool(e, "is_order", 1);
		key = "items";
		json_object_object_add(e, key, editor_rows(r->arena, hwp_list(cfg,
		    "items"), id_text, NULL, PAGE_HW_EXTRA_ROWS, &next));
		break;
	case HWQ_FILL_BLANKS:
		json_add_bool(e, "is_blanks", 1);
		json_add_str(e, "template", hwp_str(cfg, "template"));
		json_add_int(e, "markers",
		    (int64_t)hw_fill_blanks_markers(hwp_str(cfg, "template")));
		/* A row for every marker of the template, and one more. */
		m = hw_fill_blanks_markers(hwp_str(cfg, "template"));
		l = hwp_list(cfg, "answers");
		i = l ? json_object_array_length(l) : 0;
		key = "blanks";
		json_object_object_add(e, key, editor_rows(r->arena, l, NULL, NULL,
		    (m > i ? m - i : 0) + 1, &next));
		break;
	case HWQ_HOTSPOT:
		json_add_bool(e, "is_hotspot", 1);
		json_add_str(e, "image_url", typed_url(cfg, "imageUrl"));
		json_add_str(e, "image_file", hwp_str(cfg, "imageFileId"));
		json_add_str(e, "image_src", page_hw_media_url(r->arena, cfg,
		    "imageUrl", "imageFileId"));
		rows = editor_rows(r->arena, hwp_list(cfg, "hotspots"), spot,
		    spot_n, PAGE_HW_EXTRA_ROWS, &next);
		l = hwp_list(cfg, "hotspots");
		for (i = 0; l != NULL && i < json_object_array_length(l); i++) {
			c = json_object_array_get_idx(l, i);
			row = json_object_array_get_idx(rows, i);
			json_add_bool(row, "ok", hwp_bool(c, "isCorrect"));
			json_add_str(row, "cls", page_hw_spot_classes(r->arena, c));
		}
		key = "spots";
		json_object_object_add(e, key, rows);
		break;
	case HWQ_FILE_UPLOAD:
		json_add_bool(e, "is_file", 1);
		kinds = (l = hwp_list(cfg, "allowedTypes")) ?
		    json_object_get_string(l) : "";
		json_add_bool(e, "ft_image", strstr(kinds, "\"image\"") != NULL);
		json_add_bool(e, "ft_document", strstr(kinds, "\"document\"") !=
		    NULL);
		json_add_bool(e, "ft_any", l == NULL || strstr(kinds, "\"any\"") !=
		    NULL);
		json_add_int(e, "max_files", json_object_object_get(cfg,
		    "maxFiles") ?
		    json_object_get_int64(json_object_object_get(cfg,
		    "maxFiles")) : 1);
		json_add_int(e, "max_size", json_object_object_get(cfg,
		    "maxSizeMB") ?
		    json_object_get_int64(json_object_object_get(cfg,
		    "maxSizeMB")) : 10);
		json_add_str(e, "instructions", hwp_str(cfg, "instructions"));
		break;
	default:
		break;
	}
	if (t == HWQ_TEXT || t == HWQ_FILL_BLANKS) {
		json_add_bool(e, "case_sensitive", hwp_bool(cfg, "caseSensitive"));
		json_add_bool(e, "loose", strcmp(hwp_str(cfg, "matchingStrategy"),
		    "loose") == 0);
	}
	if (key != NULL) {
		json_add_str(e, "p", t == HWQ_SINGLE || t == HWQ_MULTI ? "c" :
		    t == HWQ_LISTENING ? "s" : t == HWQ_MATCHING ? "p" :
		    t == HWQ_DRAG_DROP ? "d" : t == HWQ_FILL_BLANKS ? "b" : "h");
		json_add_str(e, "list", key);
		json_add_int(e, "next_key", next);
	}
	return e;
}

/* The refusal as one line: "<where>: <message>". */
static const char *
refusal(struct arena *a, const struct hw_err *err)
{
	struct json_object	*l, *e;
	const char		*where;

	if (err->body != NULL && json_object_object_get_ex(err->body, "questions",
	    &l) && json_object_array_length(l) > 0) {
		e = json_object_array_get_idx(l, 0);
		where = page_hw_field_words(a, hwp_str(e, "field"));
		return where ? arena_printf(a, "%s: %s", where, hwp_str(e,
		    "message")) : hwp_str(e, "message");
	}
	return page_hw_message(a, err);
}

/* The editor page for question q of h (qid 0: a new one, not stored). */
static int
render_editor(struct req *r, int status, const struct homework *h, int64_t qid,
    size_t number, enum hw_qtype t, struct json_object *q, const char *error)
{
	struct json_object	*ctx, *e, *hw;
	const char		*done;

	if ((ctx = json_new_object(r->arena)) == NULL ||
	    (e = editor_ctx(r, t, q)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_int(e, "id", qid);
	json_add_int(e, "number", (int64_t)number);
	json_add_str(e, "action", qid ? arena_printf(r->arena,
	    "/homework/%lld/questions/%lld", (long long)h->id, (long long)qid) :
	    arena_printf(r->arena, "/homework/%lld/questions", (long long)h->id));
	json_add_str(e, "media_action", qid ? arena_printf(r->arena,
	    "/homework/%lld/questions/%lld/media", (long long)h->id,
	    (long long)qid) : arena_printf(r->arena, "/homework/%lld/media",
	    (long long)h->id));
	json_object_object_add(ctx, "q", e);
	hw = json_object_new_object();
	json_add_int(hw, "id", h->id);
	json_add_str(hw, "title", h->title);
	json_add_bool(hw, "is_draft", strcmp(h->status, "draft") == 0);
	json_object_object_add(ctx, "hw", hw);
	done = req_query(r, "done");
	if (done != NULL && strcmp(done, "media") == 0)
		page_flash(ctx, "ok", "Файл загружен.");
	else if (done != NULL && strcmp(done, "saved") == 0)
		page_flash(ctx, "ok", "Изменения сохранены.");
	if (error != NULL)
		page_flash(ctx, "error", error);
	return resp_html(r, status, "homework/question", ctx, qid ?
	    arena_printf(r->arena, "Вопрос %zu", number) : "Новый вопрос");
}

/* The stored question qid of h's questions q[n]: its index, or -1. */
static long
find(const struct hw_question *q, size_t n, int64_t qid)
{
	const struct hw_question	*x = hw_question_find(q, n, qid);

	return x != NULL ? (long)(x - q) : -1;
}

static const char *
editor_path(struct req *r, int64_t hw, int64_t qid)
{
	return arena_printf(r->arena, "/homework/%lld/questions/%lld",
	    (long long)hw, (long long)qid);
}

int
page_hwq_new(struct req *r)
{
	struct json_object	*q, *cfg;
	struct homework		 h;
	struct hw_question	*qs;
	enum hw_qtype		 t;
	const char		*type = req_query(r, "type"), *file;
	size_t			 n;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (type == NULL || hw_qtype_parse(type, &t) == -1)
		return resp_error(r, 400, "Выберите тип вопроса.");
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((q = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_int(q, "points", 1);
	cfg = json_object_new_object();
	json_object_object_add(q, "config", cfg);
	/* A file uploaded before the question exists (media below). */
	if ((file = req_query(r, "file")) != NULL && strlen(file) == 32 &&
	    strspn(file, "0123456789abcdef") == 32)
		json_add_str(cfg, t == HWQ_LISTENING ? "audioFileId" :
		    "imageFileId", file);
	return render_editor(r, 200, &h, 0, n + 1, t, q, NULL);
}

int
page_hwq_edit(struct req *r)
{
	struct hw_question	*qs;
	struct homework		 h;
	size_t			 n;
	long			 i;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((i = find(qs, n, page_hw_qid(r))) < 0)
		return resp_error(r, 404, "Вопрос не найден.");
	return render_editor(r, 200, &h, qs[i].id, (size_t)i + 1, qs[i].type,
	    hw_view_question(r->arena, &qs[i]), NULL);
}

/* Write question q (with "id" when stored) into h: every other question
 * named by its id, so the domain keeps them. 0, or the domain's result
 * with *err. */
static int
write_question(struct req *r, const struct homework *h,
    const struct hw_question *qs, size_t n, struct json_object *q,
    struct hw_err *err)
{
	struct json_object	*body, *l, *o;
	int64_t			 qid =
	    json_object_get_int64(json_object_object_get(q, "id"));
	size_t			 i;

	if ((body = json_new_object(r->arena)) == NULL)
		return HW_DB;
	l = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (qs[i].id == qid) {
			json_add_int(q, "order", (int64_t)i);
			json_object_array_add(l, json_object_get(q));
			continue;
		}
		o = json_object_new_object();
		json_add_int(o, "id", qs[i].id);
		json_add_int(o, "order", (int64_t)i);
		json_object_array_add(l, o);
	}
	if (qid == 0) {
		json_add_int(q, "order", (int64_t)n);
		json_object_array_add(l, json_object_get(q));
	}
	json_object_object_add(body, "questions", l);
	return homework_update(r->arena, h, body, err);
}

/* Save the editor's form: q's JSON from the form, written; then back to
 * the constructor (op save) or the editor (a row's button). */
static int
save(struct req *r, const struct homework *h, const struct hw_question *qs,
    size_t n, long at, enum hw_qtype t)
{
	struct json_object	*q;
	struct hw_question	*now;
	struct hw_err		 err;
	const char		*msg, *op = req_form_text(r, "op");
	int64_t			 qid = at >= 0 ? qs[at].id : 0;
	size_t			 nnow, i, number = at >= 0 ? (size_t)at + 1 : n + 1;
	int			 rc;

	if ((q = page_hw_question_of_form(r, t, at >= 0 ? qs[at].config : NULL,
	    &msg)) == NULL)
		return resp_error(r, 500, "Internal server error");
	if (msg != NULL)		/* the form once more, as typed */
		return render_editor(r, 400, h, qid, number, t, q, msg);
	if (qid != 0)
		json_add_int(q, "id", qid);
	if ((rc = write_question(r, h, qs, n, q, &err)) == HW_INVALID)
		return render_editor(r, err.status, h, qid, number, t, q,
		    refusal(r->arena, &err));
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	if (qid == 0) {
		/* The new question is the one not there before. */
		if (db_hw_questions(r->arena, h->id, &now, &nnow) == -1)
			return resp_error(r, 503, page_hw_db_down);
		for (i = 0; i < nnow && qid == 0; i++)
			if (find(qs, n, now[i].id) < 0)
				qid = now[i].id;
	}
	if (*op == '\0' || strcmp(op, "save") == 0 || qid == 0)
		return page_hw_redirect(r, arena_printf(r->arena,
		    "/homework/%lld/edit", (long long)h->id), "q_saved",
		    arena_printf(r->arena, "q-%lld", (long long)qid));
	return page_hw_redirect(r, editor_path(r, h->id, qid), "saved", "rows");
}

int
page_hwq_create(struct req *r)
{
	struct hw_question	*qs;
	struct homework		 h;
	enum hw_qtype		 t;
	size_t			 n;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (hw_qtype_parse(req_form_text(r, "question_type"), &t) == -1)
		return resp_error(r, 400, "Выберите тип вопроса.");
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	return save(r, &h, qs, n, -1, t);
}

int
page_hwq_save(struct req *r)
{
	struct hw_question	*qs;
	struct homework		 h;
	size_t			 n;
	long			 i;

	if (page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((i = find(qs, n, page_hw_qid(r))) < 0)
		return resp_error(r, 404, "Вопрос не найден.");
	return save(r, &h, qs, n, i, qs[i].type);
}

/* -- images and audio --------------------------------------------------- */

/* POST /homework/{id}/questions/{qid}/media (multipart: file): the
 * HOTSPOT's image or the LISTENING's audio, put into the question. */
int
page_hwq_media(struct req *r)
{
	struct json_object	*q, *cfg;
	struct hw_question	*qs;
	struct stored_file	 f;
	struct homework		 h;
	struct upload		 up;
	struct hw_err		 err;
	const char		*why;
	size_t			 n;
	long			 i;
	int			 rc, audio;

	/* The form's token first, before anything is looked up or stored. */
	if (files_upload_or_reply(r, FILE_KIND_IMAGE, &up) == -1 ||
	    page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	if (db_hw_questions(r->arena, h.id, &qs, &n) == -1)
		return resp_error(r, 503, page_hw_db_down);
	if ((i = find(qs, n, page_hw_qid(r))) < 0)
		return resp_error(r, 404, "Вопрос не найден.");
	if (qs[i].type != HWQ_HOTSPOT && qs[i].type != HWQ_LISTENING)
		return resp_error(r, 400, "Изображение загружают для вопроса с "
		    "областями, аудио — для аудирования.");
	audio = qs[i].type == HWQ_LISTENING;
	q = hw_view_question(r->arena, &qs[i]);
	if (page_hw_store_or_reply(r, &up, audio ? FILE_KIND_AUDIO :
	    FILE_KIND_IMAGE, FILE_HOMEWORK_MEDIA, 0, &f, &why) == -1)
		return why ? render_editor(r, 400, &h, qs[i].id, (size_t)i + 1,
		    qs[i].type, q, why) : 0;
	/* Only the media fields change; the rest of the question stays. */
	cfg = page_hw_config_copy(qs[i].config);
	json_add_str(cfg, audio ? "audioFileId" : "imageFileId", f.id);
	json_add_str(cfg, audio ? "audioUrl" : "imageUrl", arena_printf(r->arena,
	    "/api/homework/file/%s/", f.id));
	q = json_new_object(r->arena);
	json_add_int(q, "id", qs[i].id);
	json_object_object_add(q, "config", cfg);
	if ((rc = write_question(r, &h, qs, n, q, &err)) == HW_INVALID)
		return render_editor(r, err.status, &h, qs[i].id, (size_t)i + 1,
		    qs[i].type, hw_view_question(r->arena, &qs[i]),
		    refusal(r->arena, &err));
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	return page_hw_redirect(r, editor_path(r, h.id, qs[i].id), "media", NULL);
}

/* POST /homework/{id}/media (multipart: file, question_type): media for a
 * question not stored yet; the new question's editor gets its id. */
int
page_hw_media(struct req *r)
{
	struct stored_file	 f;
	struct homework		 h;
	struct upload		 up;
	enum hw_qtype		 t;
	const char		*why, *type;
	struct json_object	*q;

	if (files_upload_or_reply(r, FILE_KIND_IMAGE, &up) == -1 ||
	    page_hw_load_or_reply(r, 1, &h, NULL) == -1)
		return 0;
	type = multipart_field(&up.mp, "question_type");
	if (type == NULL || hw_qtype_parse(type, &t) == -1 ||
	    (t != HWQ_HOTSPOT && t != HWQ_LISTENING))
		return resp_error(r, 400, "Изображение загружают для вопроса с "
		    "областями, аудио — для аудирования.");
	if (page_hw_store_or_reply(r, &up, t == HWQ_LISTENING ? FILE_KIND_AUDIO
	    : FILE_KIND_IMAGE, FILE_HOMEWORK_MEDIA, 0, &f, &why) == -1) {
		if (why == NULL)
			return 0;
		q = json_new_object(r->arena);
		json_add_int(q, "points", 1);
		json_object_object_add(q, "config", json_object_new_object());
		return render_editor(r, 400, &h, 0, 0, t, q, why);
	}
	return resp_redirect(r, 303, arena_printf(r->arena,
	    "/homework/%lld/questions/new?type=%s&file=%s", (long long)h.id,
	    hw_qtype_name(t, 0), f.id));
}
