/* Pages for invite codes: a teacher's individual codes, and a student
 * joining by a code (a group's or an individual one). */
#include "autoconf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/view.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/cursor.h"
#include "core/dt.h"
#include "core/html.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/str.h"
#include "db/db_group.h"
#include "db/db_invite.h"
#include "domain/account.h"
#include "domain/group.h"
#include "domain/invite.h"

#define CODES_MAX	500	/* codes the list shows */

static const char	 db_down[] = "База данных недоступна. Попробуйте чуть позже.";

static const struct page_msg done_msgs[] = {
	{ "created", "Код создан. Отправьте его ученику или скопируйте ссылку." },
	{ "code", "Код обновлён: старый больше не действует." },
	{ "deleted", "Код удалён." },
};
#define NDONE	(sizeof(done_msgs) / sizeof(done_msgs[0]))

const char *
page_join_url(struct req *r, const char *base, const char *code)
{
	struct buf	 b;

	buf_init(&b, r->arena);
	buf_printf(&b, "%s/join?code=", base);
	html_url_arg(&b, code, strlen(code));
	return b.err ? NULL : buf_str(&b);
}

/* "2026-03-01T09:30:00Z" (dt_iso) as "01.03.2026 09:30 UTC"; NULL: "". */
static const char *
when(struct arena *a, const char *iso)
{
	if (iso == NULL || strlen(iso) < 16)
		return "";
	return arena_printf(a, "%.2s.%.2s.%.4s %.5s UTC", iso + 8, iso + 5, iso,
	    iso + 11);
}

static void
add_when(struct arena *a, struct json_object *o, const char *key,
    const char *iso)
{
	const char	*s = when(a, iso);

	json_add_str(o, key, s != NULL ? s : "");
}

/* One code of the list: the API's object plus what the page shows. */
static struct json_object *
code_view(struct req *r, const struct icode *c)
{
	struct json_object	*o;
	const char		*url;

	if ((o = view_icode(r->arena, c)) == NULL)
		return NULL;
	add_when(r->arena, o, "created", dt_iso(r->arena, c->created_at));
	add_when(r->arena, o, "used_when", dt_iso(r->arena, c->used_at));
	add_when(r->arena, o, "expires", dt_iso(r->arena, c->expires_at));
	json_add_bool(o, "unused", c->use_count == 0);
	json_add_bool(o, "multi", c->max_uses > 1);
	if (!invite_used_up(c) &&
	    (url = page_join_url(r, r->cfg->base_url, c->code)) != NULL)
		json_add_str(o, "join_url", url);
	return o;
}

static int
render_invites(struct req *r, int status, const struct field_err *err)
{
	struct json_object	*ctx, *active, *used, *o, *vals;
	struct icode		*c;
	struct keyset		 ks = { .dir = KEYSET_FIRST, .limit = CODES_MAX };
	int64_t			 n_active, n_used, n_all;
	size_t			 n, i;

	if (db_icode_counts(r->arena, r->user->id, &n_active, &n_used,
	    &n_all) == -1 || db_icode_page(r->arena, ICODE_TEACHER, r->user->id,
	    &ks, &c, &n) == -1)
		return resp_error(r, 503, db_down);
	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_int(ctx, "n_active", n_active);
	json_add_int(ctx, "n_used", n_used);
	json_add_int(ctx, "n_all", n_all);
	active = json_object_new_array();
	used = json_object_new_array();
	json_object_object_add(ctx, "active", active);
	json_object_object_add(ctx, "used", used);
	for (i = 0; i < n; i++) {
		if ((o = code_view(r, &c[i])) == NULL)
			return resp_error(r, 500, "Internal server error");
		json_object_array_add(invite_used_up(&c[i]) ? used : active,
		    json_object_get(o));
	}
	if ((int64_t)n < n_all) {
		json_add_int(ctx, "shown", (int64_t)n);
		json_add_int(ctx, "total", n_all);
	}
	vals = json_object_new_object();
	json_add_str(vals, "subject", req_form_text(r, "subject"));
	json_add_str(vals, "max_uses", req_form_text(r, "max_uses"));
	json_add_str(vals, "expires_at", req_form_text(r, "expires_at"));
	json_object_object_add(ctx, "values", vals);
	page_form_error(ctx, err);
	page_done_flash(r, ctx, done_msgs, NDONE);
	return resp_html(r, status, "invites/list", ctx, "Приглашения");
}

int
page_invites(struct req *r)
{
	return render_invites(r, 200, NULL);
}

int
page_invites_post(struct req *r)
{
	struct field_err	 err;
	const char		*subject = req_form_text(r, "subject");
	const char		*max = req_form_text(r, "max_uses");
	const char		*exp = req_form_text(r, "expires_at"), *db = NULL;
	int64_t			 max_uses = 1, id;

	err.field = "subject";
	if ((err.msg = invite_subject_problem(subject)) != NULL)
		return render_invites(r, 400, &err);
	err.field = "max_uses";
	err.msg = "Целое число от 1 до 1000.";
	if (max[0] != '\0' && str_to_i64(max, strlen(max), 1, 1000,
	    &max_uses) == -1)
		return render_invites(r, 400, &err);
	/* A date and time from <input type="datetime-local">, taken as UTC. */
	err.field = "expires_at";
	err.msg = "Дата и время в будущем.";
	if (exp[0] != '\0' && ((db = dt_parse_iso_to_db(r->arena, exp)) == NULL ||
	    strcmp(db, dt_now_db(r->arena)) <= 0))
		return render_invites(r, 400, &err);
	if (invite_create(r->arena, r->user->id, subject, max_uses, db, &id) != 0)
		return resp_error(r, 503, db_down);
	return page_redirect_done(r, "/invites", "created");
}

/* The caller's own code of the path's {id}: 0 and *c, or -1 after a 404
 * or 503 page. */
static int
load_or_reply(struct req *r, struct icode *c)
{
	int	 rc;

	if ((rc = db_icode_get(r->arena, r->ids[0], c)) == -1)
		return resp_error(r, 503, db_down), -1;
	if (rc == 0 || c->teacher_id != r->user->id)
		return resp_error(r, 404, "Код не найден."), -1;
	return 0;
}

int
page_invite_code(struct req *r)
{
	struct field_err	 err = { "", "Код уже использован: обновить его "
	    "нельзя." };
	struct icode		 c;
	int			 rc;

	if (load_or_reply(r, &c) == -1)
		return 0;
	if ((rc = invite_regenerate(r->arena, c.id)) < 0)
		return resp_error(r, 503, db_down);
	if (rc == 0)
		return render_invites(r, 400, &err);
	return page_redirect_done(r, "/invites", "code");
}

int
page_invite_delete(struct req *r)
{
	struct field_err	 err = { "", "Код уже использован: удалить его "
	    "нельзя." };
	struct icode		 c;
	int			 rc;

	if (load_or_reply(r, &c) == -1)
		return 0;
	if ((rc = db_icode_delete(r->arena, c.id)) == -1)
		return resp_error(r, 503, db_down);
	if (rc == 0)
		return render_invites(r, 400, &err);
	return page_redirect_done(r, "/invites", "deleted");
}

/* What a code opens: a group (kind "group") or an individual code. */
struct found {
	int		 is_group;
	int		 member;	/* of that group already */
	struct group	 g;
	struct icode	 c;
	char		 code[INVITE_CODE_LEN + 1];
};

/* The join page: the code box holding typed, a preview of f, an error. */
static int
render_join(struct req *r, int status, const char *typed,
    const struct found *f, const char *error)
{
	struct json_object	*ctx, *p;
	const char		*t;

	if ((ctx = json_new_object(r->arena)) == NULL)
		return resp_error(r, 500, "Internal server error");
	json_add_str(ctx, "code", typed);
	if (error != NULL)
		json_add_str(ctx, "error", error);
	if (f != NULL) {
		/* As the API's previews: a group without its members or code. */
		p = f->is_group ? view_group(r->arena, &f->g, 0) :
		    view_icode(r->arena, &f->c);
		if (p == NULL)
			return resp_error(r, 500, "Internal server error");
		json_object_object_del(p, "students");
		json_add_str(p, "code", f->code);
		json_add_bool(p, "is_group", f->is_group);
		json_add_bool(p, "member", f->member);
		t = f->is_group ? account_name_of(r->arena, f->g.teacher_last,
		    f->g.teacher_first, "", f->g.teacher_email) :
		    account_name_of(r->arena, f->c.teacher_last, f->c.teacher_first,
		    "", f->c.teacher_email);
		json_add_str(p, "teacher_name", t != NULL ? t : "");
		json_object_object_add(ctx, "preview", json_object_get(p));
	}
	return resp_html(r, status, "invites/join", ctx, "Присоединиться");
}

/* Find what the student typed, counting guesses against the throttle as
 * the API does: 1 and *f, or 0 after a page (400, 404, 429, 503). */
static int
find_or_reply(struct req *r, const char *raw, struct found *f)
{
	char	 secs[24];
	int64_t	 retry;
	int	 rc, malformed;

	if ((rc = invite_throttled(r->arena, r->cfg, r->user->id, r->remote_addr,
	    &retry)) == -1)
		return resp_error(r, 503, db_down), 0;
	if (rc == 1) {
		snprintf(secs, sizeof(secs), "%lld", (long long)(retry < 1 ? 1 :
		    retry));
		render_join(r, 429, raw, NULL, arena_printf(r->arena, "Слишком "
		    "много неверных кодов. Попробуйте снова через %s с.", secs));
		resp_header(r, "Retry-After", secs);
		return 0;
	}
	if ((malformed = invite_code_normalize(raw, f->code) == -1))
		rc = 0;
	else if ((rc = db_group_by_code(r->arena, f->code, &f->g)) == 1 &&
	    strcmp(f->g.kind, "group") == 0)
		f->is_group = 1;
	else if (rc != -1)
		rc = db_icode_by_code(r->arena, f->code, &f->c);
	if (rc == -1)
		return resp_error(r, 503, db_down), 0;
	if (rc == 0) {
		if (invite_failed(r->arena, r->user->id, r->remote_addr) == -1)
			return resp_error(r, 503, db_down), 0;
		if (malformed)
			return render_join(r, 400, raw, NULL, "Код — это 8 символов: "
			    "латинские буквы и цифры."), 0;
		return render_join(r, 404, raw, NULL, "Код приглашения не найден. "
		    "Проверьте, нет ли опечатки."), 0;
	}
	if (!f->is_group && invite_used_up(&f->c))
		return render_join(r, 400, raw, NULL, f->c.expired ? "Срок действия "
		    "кода истёк." : "Этот код уже использован."), 0;
	return 1;
}

/* Nothing typed but spaces: a missing code, not a guess. */
static int
blank(const char *s)
{
	if (s == NULL)
		return 1;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

int
page_join(struct req *r)
{
	struct found	 f;
	const char	*raw = req_query(r, "code");

	memset(&f, 0, sizeof(f));
	if (blank(raw))
		return render_join(r, 200, "", NULL, NULL);
	if (!find_or_reply(r, raw, &f))
		return 0;
	if (f.is_group && (f.member = db_group_is_member(r->arena, f.g.id,
	    r->user->id)) == -1)
		return resp_error(r, 503, db_down);
	return render_join(r, 200, f.code, &f, NULL);
}

static int
to_dashboard(struct req *r, int64_t group, int already)
{
	const char	*to = arena_printf(r->arena, "/student/?joined=%lld%s",
	    (long long)group, already ? "&already=1" : "");

	return to ? resp_redirect(r, 303, to) : resp_error(r, 500,
	    "Internal server error");
}

int
page_join_post(struct req *r)
{
	struct found	 f;
	const char	*raw = req_form_text(r, "code");
	int64_t		 group;
	int		 rc;

	memset(&f, 0, sizeof(f));
	if (blank(raw))
		return render_join(r, 400, "", NULL, "Укажите код приглашения.");
	if (!find_or_reply(r, raw, &f))
		return 0;
	if (f.is_group) {
		if ((rc = db_group_is_member(r->arena, f.g.id, r->user->id)) == 0 &&
		    group_add_students(r->arena, f.g.id, &r->user->id, 1) != 0)
			rc = -1;
		if (rc == -1)
			return resp_error(r, 503, db_down);
		return to_dashboard(r, f.g.id, rc == 1);
	}
	switch (invite_join(r->arena, &f.c, r->user->id, &group)) {
	case JOIN_OK:
		return to_dashboard(r, group, 0);
	case JOIN_USED:
		return render_join(r, 400, f.code, NULL, "Этот код уже использован.");
	case JOIN_ALREADY:
		return render_join(r, 400, f.code, NULL, "Вы уже использовали этот "
		    "код.");
	default:
		return resp_error(r, 503, db_down);
	}
}

void
page_joined_flash(struct req *r, struct json_object *ctx)
{
	const char	*v = req_query(r, "joined"), *t, *msg;
	struct group	 g;
	int64_t		 id;

	if (v == NULL || str_to_i64(v, strlen(v), 1, INT64_MAX, &id) == -1 ||
	    db_group_get(r->arena, id, &g) != 1 ||
	    db_group_is_member(r->arena, g.id, r->user->id) != 1)
		return;
	if ((t = account_name_of(r->arena, g.teacher_last, g.teacher_first, "",
	    g.teacher_email)) == NULL)
		return;
	if (strcmp(g.kind, "group") != 0)
		msg = arena_printf(r->arena, "Вы записаны к преподавателю %s на "
		    "предмет «%s».", t, g.subject ? g.subject : "");
	else if (req_query(r, "already") != NULL)
		msg = arena_printf(r->arena, "Вы уже состоите в группе «%s».", g.name);
	else
		msg = arena_printf(r->arena, "Вы присоединились к группе «%s» "
		    "(преподаватель: %s).", g.name, t);
	if (msg != NULL)
		page_flash(ctx, "ok", msg);
}
