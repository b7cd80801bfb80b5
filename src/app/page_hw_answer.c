/* Answering on the take page: one screen's form made into the autosave
 * object of PHASE2-3.md 1.6.4 and saved by submission_save (the page's
 * script gets the API's JSON reply), files added by a form of their own,
 * and handing the work in. */
#include "autoconf.h"

#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_files.h"
#include "app/app_hw_pages.h"
#include "app/page_hw.h"
#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/homework.h"
#include "domain/submission.h"

#define PICKS_MAX	HW_ITEMS_MAX

/* The answer the form gives for q (see controls), for the autosave's
 * object: a new value, or NULL for JSON null (no answer). */
static struct json_object *
value_of_form(struct req *r, const struct hw_question *q,
    const struct answer_row *x)
{
	const char		*v[PICKS_MAX], *k, *drop = req_form_text(r, "op");
	struct json_object	*o, *l, *att, *e;
	size_t			 n, i, j;
	int64_t			 id, pos[PICKS_MAX];

	switch (q->type) {
	case HWQ_TEXT:
		return json_object_new_string(req_form_text(r, "a"));
	case HWQ_SINGLE:
		if (str_to_i64(req_form_text(r, "a"), strlen(req_form_text(r,
		    "a")), 1, INT64_MAX, &id) == -1)
			return NULL;
		return json_object_new_int64(id);
	case HWQ_MULTI:
		l = json_object_new_array();
		n = page_hw_form_all(r, "a", v, PICKS_MAX);
		for (i = 0; i < n; i++)
			if (str_to_i64(v[i], strlen(v[i]), 1, INT64_MAX, &id) == 0)
				json_object_array_add(l, json_object_new_int64(id));
		return l;
	case HWQ_HOTSPOT:
		l = json_object_new_array();
		n = page_hw_form_all(r, "h", v, PICKS_MAX);
		for (i = 0; i < n; i++)
			json_object_array_add(l, json_object_new_string(v[i]));
		return l;
	case HWQ_FILL_BLANKS:
		l = json_object_new_array();
		for (i = 0; i < PICKS_MAX; i++) {
			k = req_form(r, arena_printf(r->arena, "b%zu", i));
			if (k == NULL)
				break;
			json_object_array_add(l, json_object_new_string(k));
		}
		return l;
	case HWQ_LISTENING:
	case HWQ_MATCHING:
		/* s:<sub-question id> or m:<pair id> fields. */
		o = json_object_new_object();
		(void)req_form(r, "");
		for (i = 0; i < r->form.n; i++) {
			k = r->form.v[i].key;
			if (strncmp(k, q->type == HWQ_LISTENING ? "s:" : "m:",
			    2) == 0 && k[2] != '\0')
				json_add_str(o, k + 2, r->form.v[i].val);
		}
		return o;
	case HWQ_DRAG_DROP:
		/* o:<item id> = position; items without one keep the page's
		 * order after those placed. None placed: no answer. */
		(void)req_form(r, "");
		for (n = 0, i = 0; i < r->form.n && n < PICKS_MAX; i++) {
			k = r->form.v[i].key;
			if (strncmp(k, "o:", 2) != 0 || k[2] == '\0')
				continue;
			v[n] = k + 2;
			if (str_to_i64(r->form.v[i].val,
			    strlen(r->form.v[i].val), 1, PICKS_MAX,
			    &pos[n]) == -1)
				pos[n] = PICKS_MAX + (int64_t)n + 1;
			n++;
		}
		for (j = 0, i = 0; i < n; i++)
			j += pos[i] <= PICKS_MAX;
		if (j == 0)
			return NULL;
		l = json_object_new_array();
		for (j = 0; j < n; j++) {	/* a stable selection by position */
			size_t	 best = n;

			for (i = 0; i < n; i++)
				if (v[i] != NULL && (best == n || pos[i]
				    < pos[best]))
					best = i;
			json_object_array_add(l, json_object_new_string(v[best]));
			v[best] = NULL;
		}
		return l;
	case HWQ_FILE_UPLOAD:
		/* The files kept: the stored ones less the one removed. */
		l = json_object_new_array();
		att = x ? hw_answer_parse(r->arena, x->attachments) : NULL;
		for (i = 0; i < hwp_len(att); i++) {
			e = json_object_array_get_idx(att, i);
			if (strncmp(drop, "rm:", 3) == 0 && strcmp(drop + 3,
			    hwp_str(e, "file_id")) == 0)
				continue;
			json_object_array_add(l, json_object_new_string(hwp_str(e,
			    "file_id")));
		}
		return l;
	default:
		return NULL;
	}
}

/* The autosave object of one question: its value (editable only) and
 * the script's telemetry. */
static struct json_object *
answers_of_form(struct req *r, const struct hw_question *q,
    const struct answer_row *x, const char *extra_file)
{
	struct json_object	*o, *v, *t;
	int64_t			 secs = 0, tabs = 0;
	const char		*s;

	if ((o = json_new_object(r->arena)) == NULL)
		return NULL;
	if (extra_file != NULL && q->type != HWQ_FILE_UPLOAD)
		return o;		/* files belong to FILE_UPLOAD answers */
	if (*req_form_text(r, "editable") != '\0' || extra_file != NULL) {
		v = value_of_form(r, q, x);
		if (extra_file != NULL && v != NULL)
			json_object_array_add(v,
			    json_object_new_string(extra_file));
		json_object_object_add(o, arena_printf(r->arena, "%lld",
		    (long long)q->id), v);
	}
	s = req_form_text(r, "t_time");
	(void)str_to_i64(s, strlen(s), 0, 86400, &secs);
	s = req_form_text(r, "t_tabs");
	(void)str_to_i64(s, strlen(s), 0, 10000, &tabs);
	if (secs > 0 || tabs > 0 || *req_form_text(r, "t_paste") != '\0') {
		t = json_object_new_object();
		json_add_int(t, "time_spent_seconds", secs);
		json_add_int(t, "tab_switches", tabs);
		json_add_bool(t, "is_pasted", strcmp(req_form_text(r, "t_paste"),
		    "1") == 0);
		json_object_object_add(o, arena_printf(r->arena, "%lld_telemetry",
		    (long long)q->id), t);
	}
	return o;
}

/* Save the screen's answer to question qv (the form's qid; with a file
 * just uploaded, extra_file, added to its files); 0, or -1 after an
 * answer (the page again with the reason, or JSON for the script). */
static int
save_screen(struct req *r, const struct homework *h, const struct hw_target *t,
    const struct submission *s, const char *qv, const char *extra_file)
{
	struct hw_question	*qs;
	struct answer_row	*ans;
	struct json_object	*answers, *o;
	struct hw_err		 err;
	int64_t			 qid;
	size_t			 nq, na, i;
	int			 rc;

	if (qv == NULL || str_to_i64(qv, strlen(qv), 1, INT64_MAX, &qid) == -1)
		return 0;		/* the summary screen: nothing to save */
	if (db_hw_questions(r->arena, h->id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s->id, &ans, &na) == -1)
		return resp_error(r, 503, page_hw_db_down), -1;
	for (i = 0; i < nq && qs[i].id != qid; i++)
		;
	if (i == nq)
		return 0;		/* a question removed meanwhile */
	if ((answers = answers_of_form(r, &qs[i], page_hw_answer_of(ans, na, qid),
	    extra_file)) == NULL)
		return resp_error(r, 500, "Internal server error"), -1;
	if ((rc = submission_save(r->arena, s->id, r->user->id, answers, &err)) ==
	    0)
		return 0;
	if (page_hw_wants_json(r)) {
		if (rc == HW_DB)
			return resp_error(r, 503, page_hw_db_down), -1;
		o = json_new_object(r->arena);
		json_add_str(o, "detail", page_hw_message(r->arena, &err));
		return resp_json(r, err.status ? err.status : 400, o), -1;
	}
	if (rc == HW_INVALID && err.status == 400)
		return page_hw_render_take(r, 400, h, t, s,
		    page_hw_message(r->arena, &err)), -1;
	return page_hw_fail(r, rc, &err), -1;
}

/* Where the form's buttons go: go=prev|next|done|<n>, else stay. */
static const char *
go_path(struct req *r, int64_t hw)
{
	const char	*go = req_form_text(r, "go"), *cur = req_form_text(r, "q");
	int64_t		 k = 0, n;

	if (strcmp(go, "done") == 0)
		return arena_printf(r->arena, "%s?q=done",
		    page_hw_take_path(r, hw));
	if (str_to_i64(cur, strlen(cur), 1, 100000, &n) == -1)
		n = 1;
	if (strcmp(go, "prev") == 0)
		k = n > 1 ? n - 1 : 1;
	else if (strcmp(go, "next") == 0)
		k = n + 1;
	else if (str_to_i64(go, strlen(go), 1, 100000, &k) == -1)
		return arena_printf(r->arena, "%s?q=%lld&saved=1",
		    page_hw_take_path(r, hw), (long long)n);
	return arena_printf(r->arena, "%s?q=%lld", page_hw_take_path(r, hw),
	    (long long)k);
}

int
page_hw_answer(struct req *r)
{
	struct json_object	*o;
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	int			 has_sub;

	if (page_hw_load_work(r, &h, &t, &s, &has_sub, 0) == -1)
		return 0;
	if (!has_sub || !page_hw_editable(&s) || strcmp(h.status,
	    "archived") == 0) {
		if (page_hw_wants_json(r)) {
			o = json_new_object(r->arena);
			json_add_str(o, "detail", "Работа уже отправлена или не "
			    "начата: ответы не принимаются.");
			return resp_json(r, 400, o);
		}
		return resp_redirect(r, 303, has_sub ? page_hw_result_path(r,
		    h.id) : page_hw_take_path(r, h.id));
	}
	if (save_screen(r, &h, &t, &s, req_form_text(r, "qid"), NULL) == -1)
		return 0;
	if (page_hw_wants_json(r)) {
		/* The API's autosave reply, for the page's script. */
		o = json_new_object(r->arena);
		json_add_str(o, "status", "saved");
		json_add_str(o, "saved_at", dt_iso(r->arena, dt_now_db(r->arena)));
		json_add_null(o, "total_score");
		return resp_json(r, 200, o);
	}
	return resp_redirect(r, 303, go_path(r, h.id));
}

/* POST /student/homework/{id}/upload (multipart: file, qid, q): a file for
 * a FILE_UPLOAD answer, added to the ones there. */
int
page_hw_upload(struct req *r)
{
	struct stored_file	 f;
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	struct upload		 up;
	const char		*why = NULL, *q;
	int			 has_sub;

	if (files_upload_or_reply(r, FILE_KIND_ANSWER, &up) == -1 ||
	    page_hw_load_work(r, &h, &t, &s, &has_sub, 0) == -1)
		return 0;
	if (!has_sub || !page_hw_editable(&s) || strcmp(h.status, "published") != 0)
		return resp_redirect(r, 303, has_sub ? page_hw_result_path(r,
		    h.id) : page_hw_take_path(r, h.id));
	if (page_hw_store_or_reply(r, &up, FILE_KIND_ANSWER, FILE_HOMEWORK_ANSWER,
	    h.id, &f, &why) == -1)
		return why ? page_hw_render_take(r, 400, &h, &t, &s, why) : 0;
	if (save_screen(r, &h, &t, &s, multipart_field(&up.mp, "qid"), f.id) ==
	    -1)
		return 0;
	if ((q = multipart_field(&up.mp, "q")) == NULL ||
	    strspn(q, "0123456789") != strlen(q) || *q == '\0')
		q = "1";
	return resp_redirect(r, 303, arena_printf(r->arena, "%s?q=%s&saved=1",
	    page_hw_take_path(r, h.id), q));
}

int
page_hw_submit(struct req *r)
{
	struct submission	 s;
	struct homework		 h;
	struct hw_target	 t;
	struct hw_err		 err;
	int			 has_sub, rc;

	if (page_hw_load_work(r, &h, &t, &s, &has_sub, 0) == -1)
		return 0;
	if (!has_sub)
		return resp_redirect(r, 303, page_hw_take_path(r, h.id));
	if ((rc = submission_submit(r->arena, s.id, r->user->id, NULL, &err)) ==
	    HW_INVALID && err.status == 400 && page_hw_editable(&s))
		return page_hw_render_take(r, 400, &h, &t, &s,
		    page_hw_message(r->arena, &err));
	if (rc != 0)
		return page_hw_fail(r, rc, &err);
	return page_hw_redirect(r, page_hw_result_path(r, h.id), "submitted", NULL);
}
