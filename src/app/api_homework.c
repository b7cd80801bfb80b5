/* Homework API: /api/homework/ (PHASE2-3.md 1.5-1.7, 2.5). */
#include "autoconf.h"

#include <string.h>

#include <json-c/json.h>

#include "app/app.h"
#include "app/app_files.h"
#include "app/app_homework.h"
#include "app/input.h"
#include "app/paging.h"
#include "app/view_homework.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_homework.h"
#include "db/db_submission.h"
#include "domain/homework.h"
#include "domain/hw_question.h"
#include "domain/submission.h"

int
api_hw_error(struct req *r, const struct hw_err *err)
{
	if (err->body == NULL)
		return resp_error(r, err->status ? err->status : 500,
		    err->detail ? err->detail : "Internal server error");
	return resp_json(r, err->status, err->body);
}

static enum hw_role
role_of(const struct req *r)
{
	return r->user->role == R_STUDENT ? HWR_STUDENT :
	    r->user->role == R_TEACHER ? HWR_TEACHER : HWR_ADMIN;
}

/* The homework of the path's {id} as the caller may see it; owner: its
 * teacher only. -1 after an answer. */
static int
load_or_reply(struct req *r, struct homework *h, struct hw_target *t, int owner)
{
	struct hw_err	 err;
	int		 rc;

	if ((rc = homework_load(r->arena, role_of(r), r->user->id, r->ids[0],
	    owner, h, t, &err)) == 0)
		return 0;
	if (rc == HW_DB)
		api_db_error(r);
	else
		api_hw_error(r, &err);
	return -1;
}

/* Answer the homework with its questions: to its teacher and admins
 * whole (read again, with its sums and assignments). */
static int
reply_homework(struct req *r, int status, int64_t id)
{
	struct hw_question	*qs;
	struct homework		 h;
	size_t			 nq;
	int			 rc;

	if ((rc = db_hw_get(r->arena, id, &h)) != 1)
		return rc == 0 ? resp_error(r, 404, "Not found.") : api_db_error(r);
	if (db_hw_questions(r->arena, id, &qs, &nq) == -1)
		return api_db_error(r);
	return resp_json(r, status, hw_view_homework(r->arena, &h, qs, nq));
}

/* The student's view of h (loaded with how it reaches them, t): the take
 * page's data, in the order of their submission's seed. */
static int
reply_student(struct req *r, const struct homework *h, const struct hw_target *t)
{
	struct hw_question	*qs;
	struct submission	 s;
	size_t			 nq;
	int			 rc;

	if ((rc = db_sub_find_brief(r->arena, h->id, r->user->id, &s)) == -1 ||
	    db_hw_questions(r->arena, h->id, &qs, &nq) == -1)
		return api_db_error(r);
	return resp_json(r, 200, hw_view_homework_student(r->arena, h, t, qs, nq,
	    rc == 1 ? (uint64_t)s.shuffle_seed : homework_seed(r->cfg->secret_key,
	    h->id, r->user->id), s.id, s.status));
}

/* A student's list entry: how the homework reached them. */
static struct json_object *
student_item(struct req *r, const struct homework *h)
{
	struct json_object	*t = NULL;
	struct hw_target	 target;

	memset(&target, 0, sizeof(target));
	if (h->student_target != NULL)
		t = json_parse(r->arena, h->student_target, strlen(h->student_target));
	if (t != NULL) {
		target.group_id = json_object_get_int64(json_object_object_get(t,
		    "g"));
		target.group_name = json_object_get_string(json_object_object_get(t,
		    "n"));
		target.deadline = json_object_get_string(json_object_object_get(t,
		    "d"));
	}
	return hw_view_homework_student(r->arena, h, t ? &target : NULL, NULL, 0,
	    0, h->submission_id, h->submission_status);
}

/* Newest first by (created_at, id). */
static const char *const hw_args[] = { "status", "is_template", NULL };
static const struct page_spec hw_list = { "homework", "si", hw_args, 0 };

static void
hw_key(const struct homework *h, struct keyset_val k[2])
{
	k[0].s = h->created_at;
	k[1].s = NULL;
	k[1].i = h->id;
}

int
api_hw_list(struct req *r)
{
	struct json_object	*a;
	struct keyset_val	 first[2], last[2];
	struct homework		*h;
	struct page		 p;
	enum hw_scope		 scope;
	const char		*status, *tmpl;
	int64_t			 total;
	size_t			 nread, from, n, i;

	if (paging_keyset_or_reply(r, &hw_list, &p) == -1)
		return 0;
	if ((status = req_query(r, "status")) != NULL && *status == '\0')
		status = NULL;
	if (status != NULL && strcmp(status, "draft") != 0 &&
	    strcmp(status, "published") != 0 && strcmp(status, "archived") != 0)
		return input_field_error(r, "status", arena_printf(r->arena,
		    "Select a valid choice. %s is not one of the available "
		    "choices.", status));
	if ((a = json_new_array(r->arena)) == NULL)
		return api_db_error(r);
	/* Templates are not ported: their list is empty. */
	if ((tmpl = req_query(r, "is_template")) != NULL &&
	    (strcmp(tmpl, "1") == 0 || strcmp(tmpl, "true") == 0))
		return paging_keyset_reply(r, &p, 0, a, 0, NULL, NULL);
	scope = r->user->role == R_ADMIN ? HW_SCOPE_ALL :
	    r->user->role == R_TEACHER ? HW_SCOPE_TEACHER : HW_SCOPE_STUDENT;
	if (db_hw_page(r->arena, scope, r->user->id, status, &p.ks, &h,
	    &nread) == -1 || db_hw_count(r->arena, scope, r->user->id, status,
	    &total) == -1)
		return api_db_error(r);
	paging_rows(&p, nread, &from, &n);
	for (i = from; i < from + n; i++)
		json_object_array_add(a, json_object_get(scope == HW_SCOPE_STUDENT ?
		    student_item(r, &h[i]) : hw_view_homework(r->arena, &h[i], NULL,
		    0)));
	if (n > 0) {
		hw_key(&h[from], first);
		hw_key(&h[from + n - 1], last);
	}
	return paging_keyset_reply(r, &p, total, a, nread, first, last);
}

int
api_hw_create(struct req *r)
{
	struct json_object	*in;
	struct hw_err		 err;
	int64_t			 id;
	int			 rc;

	if ((in = input_body_or_reply(r)) == NULL)
		return 0;
	if ((rc = homework_create(r->arena, r->user->id, in, &id, &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	return reply_homework(r, 201, id);
}

int
api_hw_get(struct req *r)
{
	struct homework		 h;
	struct hw_target	 t;

	if (load_or_reply(r, &h, &t, 0) == -1)
		return 0;
	if (r->user->role == R_STUDENT)
		return reply_student(r, &h, &t);
	return reply_homework(r, 200, h.id);
}

int
api_hw_update(struct req *r)
{
	struct json_object	*in;
	struct homework		 h;
	struct hw_err		 err;
	int			 rc;

	if (load_or_reply(r, &h, NULL, 1) == -1 ||
	    (in = input_body_or_reply(r)) == NULL)
		return 0;
	/* PUT is PATCH here (a documented deviation): the original's UI
	 * archives with a title-less PUT. */
	if ((rc = homework_update(r->arena, &h, in, &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	return reply_homework(r, 200, h.id);
}

int
api_hw_delete(struct req *r)
{
	struct homework	 h;
	struct hw_err	 err;
	int		 rc;

	if (load_or_reply(r, &h, NULL, 1) == -1)
		return 0;
	if ((rc = homework_delete(r->arena, &h, &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	return resp_json(r, 204, NULL);
}

int
api_hw_publish(struct req *r)
{
	struct json_object	*o;
	struct homework		 h;
	struct hw_err		 err;
	int			 rc;

	if (load_or_reply(r, &h, NULL, 1) == -1)
		return 0;
	if ((rc = homework_publish(r->arena, &h, &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	if (db_hw_get_core(r->arena, h.id, &h) != 1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	json_add_str(o, "status", "success");
	json_add_str(o, "message", "ДЗ опубликовано");
	json_add_int(o, "homework_id", h.id);
	json_add_str(o, "published_at", dt_iso(r->arena, h.published_at));
	return resp_json(r, 200, o);
}

int
api_hw_archive(struct req *r)
{
	struct homework	 h;
	struct hw_err	 err;
	int		 rc;

	if (load_or_reply(r, &h, NULL, 1) == -1)
		return 0;
	if ((rc = homework_archive(r->arena, &h, &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	return reply_homework(r, 200, h.id);
}

int
api_hw_assignment_details(struct req *r)
{
	struct hw_assign_row	*rows, *members;
	struct homework		 h;
	size_t			 n, nm;

	if (load_or_reply(r, &h, NULL, 0) == -1)
		return 0;
	if (db_hw_assign_rows(r->arena, h.id, &rows, &n) == -1 ||
	    db_hw_assign_members(r->arena, h.id, &members, &nm) == -1)
		return api_db_error(r);
	return resp_json(r, 200, hw_view_assignment_details(r->arena, &h, rows, n,
	    members, nm));
}

int
api_hw_my_answers(struct req *r)
{
	struct hw_question	*qs;
	struct answer_row	*ans;
	struct submission	 s;
	struct homework		 h;
	struct hw_err		 err;
	size_t			 nq, na;
	int			 rc;

	if (r->user->role != R_STUDENT)
		return api_error2(r, 403, "Доступно только для учеников");
	/* The student's own work stays readable after they left the group;
	 * without work of theirs the homework must be theirs to see. */
	if ((rc = db_sub_find(r->arena, r->ids[0], r->user->id, &s)) == -1)
		return api_db_error(r);
	if (rc == 0 && load_or_reply(r, &h, NULL, 0) == -1)
		return 0;
	if (rc == 1 && db_hw_get_core(r->arena, r->ids[0], &h) != 1)
		return api_db_error(r);
	if ((rc = submission_for_answers(r->arena, &h, r->user->id, &s, &err)) != 0)
		return rc == HW_DB ? api_db_error(r) : api_hw_error(r, &err);
	if (db_hw_questions(r->arena, h.id, &qs, &nq) == -1 ||
	    db_answers(r->arena, s.id, &ans, &na) == -1)
		return api_db_error(r);
	return resp_json(r, 200, hw_view_my_answers(r->arena, &h, &s, qs, nq, ans,
	    na));
}

int
api_hw_statistics(struct req *r)
{
	struct json_object	*o;
	struct homework		 h;
	int64_t			 group;

	if (load_or_reply(r, &h, NULL, 0) == -1 ||
	    input_query_id_or_reply(r, "group", &group) == -1)
		return 0;
	if (submission_statistics(r->arena, &h, group, &o) != 0)
		return api_db_error(r);
	return resp_json(r, 200, o);
}

/* POST /api/homework/upload-student-answer/ (multipart file, homework_id):
 * a student's file for an answer to a published homework assigned to
 * them (25 MB, images and documents), kept for that homework; a FILE_UPLOAD
 * answer or <qid>_attachments then names its file_id. */
int
api_hw_upload_answer(struct req *r)
{
	struct upload		 up;
	struct stored_file	 f;
	struct homework		 h;
	struct hw_err		 err;
	struct json_object	*o;
	const char		*v, *url;
	int64_t			 id;
	int			 rc;

	if (files_upload_or_reply(r, FILE_KIND_ANSWER, &up) == -1)
		return 0;
	if ((v = multipart_field(&up.mp, "homework_id")) == NULL || *v == '\0')
		return input_field_error(r, "homework_id", "Обязательное поле.");
	if (str_to_i64(v, strlen(v), 1, INT64_MAX, &id) == -1)
		return input_field_error(r, "homework_id", "Введите правильное "
		    "число.");
	if ((rc = homework_load(r->arena, HWR_STUDENT, r->user->id, id, 0, &h,
	    NULL, &err)) == HW_DB)
		return api_db_error(r);
	if (rc != 0)
		return api_hw_error(r, &err);
	if (strcmp(h.status, "published") != 0)
		return resp_error(r, 403, "Задание в архиве: ответы не "
		    "принимаются.");
	if (files_store_or_reply(r, &up, FILE_KIND_ANSWER, FILE_HOMEWORK_ANSWER,
	    h.id, 0, &f) == -1)
		return 0;
	if ((o = json_new_object(r->arena)) == NULL ||
	    (url = file_url(r->arena, &f)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(o, "status", "success");
	json_add_str(o, "url", url);
	json_add_str(o, "file_id", f.id);
	json_add_str(o, "file_name", f.original_name);
	json_add_str(o, "mime_type", f.mime_type);
	json_add_int(o, "size", f.size);
	return resp_json(r, 201, o);
}
