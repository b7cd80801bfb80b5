/* Conversations: who may message whom, private and group chats, members,
 * moderation, typing, and group chats following their group. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/json.h"
#include "core/log.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_chat.h"
#include "db/db_group.h"
#include "db/db_user.h"
#include "domain/chat.h"
#include "domain/chat_pub.h"
#include "domain/realtime.h"

static const struct config	*cfg;

int
chat_init(const struct config *c)
{
	cfg = c;
	return realtime_init(c);
}

long
chat_window(int edit)
{
	if (cfg == NULL)	/* a command, not tpanel serve: the defaults */
		return 900;
	return edit ? cfg->chat_edit_window : cfg->chat_delete_window;
}

static int
student_dm(void)
{
	return cfg != NULL && cfg->chat_student_dm != 0;
}

enum chat_rc
chat_fail(struct field_err *err, enum chat_rc rc, const char *field,
    const char *msg)
{
	err->field = field;
	err->msg = msg;
	return rc;
}


static int
is_group(const struct chat *c)
{
	return strcmp(c->type, "group") == 0;
}

/* A chat's name: trimmed, 1..CHAT_NAME_MAX characters. NULL when it is
 * not (err set). */
static const char *
good_name(struct arena *a, const char *in, struct field_err *err)
{
	const char	*s;

	if ((s = str_trim_dup(a, in)) == NULL || s[0] == '\0') {
		chat_fail(err, CHAT_INVALID, "name", "Обязательное поле.");
		return NULL;
	}
	if (!str_utf8_max(s, CHAT_NAME_MAX)) {
		chat_fail(err, CHAT_INVALID, "name", "Не длиннее 255 символов.");
		return NULL;
	}
	return s;
}

/* Each of ids[] (the caller itself skipped) is someone who may be messaged:
 * CHAT_OK, CHAT_INVALID naming the first who is not, CHAT_DB. */
static enum chat_rc
all_reachable(struct arena *a, const struct chat_who *who, const int64_t *ids,
    size_t n, struct field_err *err)
{
	size_t	 i;
	int	 rc;

	for (i = 0; i < n; i++) {
		if (ids[i] == who->id)
			continue;
		if ((rc = db_chat_reachable(a, who->id, who->role, student_dm(),
		    ids[i])) == -1)
			return CHAT_DB;
		if (rc == 0)
			return chat_fail(err, CHAT_INVALID, "participant_ids",
			    arena_printf(a, "Пользователю %lld нельзя написать: "
			    "в чат можно добавить только своих учеников.",
			    (long long)ids[i]));
	}
	return CHAT_OK;
}

enum chat_rc
chat_open_private(struct arena *a, const struct chat_who *who, int64_t target,
    int64_t *chat, struct field_err *err)
{
	struct chat_member	 m[2];
	struct user		 u;
	char			 key[48];
	int			 rc;

	if (target == who->id)
		return chat_fail(err, CHAT_INVALID, "user_id", "Нельзя написать самому "
		    "себе.");
	if ((rc = db_user_by_id(a, target, &u)) == -1)
		return CHAT_DB;
	if (rc == 0 || !u.is_active)
		return chat_fail(err, CHAT_NOT_FOUND, NULL, "Пользователь не найден");
	snprintf(key, sizeof(key), "%lld:%lld",
	    (long long)(who->id < target ? who->id : target),
	    (long long)(who->id < target ? target : who->id));
	if ((rc = db_chat_private_find(a, key, chat)) != 0)
		return rc == 1 ? CHAT_OK : CHAT_DB;
	if ((rc = db_chat_reachable(a, who->id, who->role, student_dm(),
	    target)) == -1)
		return CHAT_DB;
	if (rc == 0)
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "Этому пользователю нельзя "
		    "написать: личные сообщения — между учениками и их "
		    "преподавателями.");
	if (db_begin() == -1)
		return CHAT_DB;
	if (db_chat_insert(a, "private", "", who->id, 0, key, chat) == -1 ||
	    db_chat_member_add(a, *chat, who->id, 0) == -1 ||
	    db_chat_member_add(a, *chat, target, 0) == -1 || db_commit() == -1) {
		rc = db_last_error() == DB_ERR_DUP;
		db_rollback();
		/* Both wrote at once: the other one's chat is the chat. */
		if (rc && db_chat_private_find(a, key, chat) == 1)
			return CHAT_OK;
		return CHAT_DB;
	}
	m[0].user = who->id;
	m[1].user = target;
	chat_pub_chat_all(a, *chat, m, 2);
	return CHAT_CREATED;
}

/* Inside a transaction: the chat's members follow its group. The ids
 * added and dropped into *add, *drop. */
static int
follow(struct arena *a, int64_t chat, int64_t **add, size_t *nadd,
    int64_t **drop, size_t *ndrop)
{
	size_t	 i;

	if (db_chat_group_diff(a, chat, add, nadd, drop, ndrop) == -1)
		return -1;
	for (i = 0; i < *nadd; i++)
		if (db_chat_member_add(a, chat, (*add)[i], 0) == -1)
			return -1;
	for (i = 0; i < *ndrop; i++)
		if (db_chat_member_remove(a, chat, (*drop)[i]) == -1)
			return -1;
	return 0;
}

enum chat_rc
chat_create_group(struct arena *a, const struct chat_who *who,
    const char *name, int64_t group, const int64_t *ids, size_t n,
    int64_t *chat, struct field_err *err)
{
	struct chat_member	*m;
	struct group		 g;
	const char		*t;
	int64_t			*add, *drop;
	size_t			 i, nadd, ndrop, nm;
	enum chat_rc		 rc;
	int			 found;

	if (strcmp(who->role, "teacher") != 0)
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "Только учителя могут "
		    "создавать групповые чаты");
	if (group != 0) {
		if ((found = db_group_get(a, group, &g)) == -1)
			return CHAT_DB;
		if (found == 0 || g.teacher_id != who->id)
			return chat_fail(err, CHAT_INVALID, "group_id", "Группа не "
			    "найдена среди ваших групп.");
		if (name == NULL || (t = str_trim_dup(a, name)) == NULL ||
		    t[0] == '\0')
			name = arena_printf(a, "Группа %s", g.name);
		n = 0;		/* the members are the group's */
	}
	if ((name = good_name(a, name ? name : "", err)) == NULL)
		return CHAT_INVALID;
	if ((rc = all_reachable(a, who, ids, n, err)) != CHAT_OK)
		return rc;
	if (db_begin() == -1)
		return CHAT_DB;
	if (db_chat_insert(a, "group", name, who->id, group, NULL, chat) == -1 ||
	    db_chat_member_add(a, *chat, who->id, 1) == -1)
		goto fail;
	for (i = 0; i < n; i++)
		if (ids[i] != who->id &&
		    db_chat_member_add(a, *chat, ids[i], 0) == -1)
			goto fail;
	if ((group != 0 && follow(a, *chat, &add, &nadd, &drop, &ndrop) == -1) ||
	    db_commit() == -1)
		goto fail;
	chat_pub_members(a, *chat, &m, &nm);
	chat_pub_chat_all(a, *chat, m, nm);
	return CHAT_CREATED;
fail:
	db_rollback();
	return CHAT_DB;
}

/* A group chat's moderator may; anyone else gets CHAT_FORBIDDEN. */
static enum chat_rc
moderator(const struct chat *c, struct field_err *err)
{
	if (!is_group(c))
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "В личном чате нет "
		    "модераторов.");
	if (!c->is_moderator)
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "Это может только "
		    "преподаватель чата.");
	return CHAT_OK;
}

enum chat_rc
chat_update(struct arena *a, const struct chat_who *who, const struct chat *c,
    const char *name, int readonly, struct field_err *err)
{
	struct chat_member	*m;
	enum chat_rc		 rc;
	size_t			 n;

	(void)who;
	if ((rc = moderator(c, err)) != CHAT_OK)
		return rc;
	if (name != NULL && (name = good_name(a, name, err)) == NULL)
		return CHAT_INVALID;
	if (db_chat_update(a, c->id, name ? name : c->name,
	    readonly >= 0 ? readonly : c->is_readonly) == -1)
		return CHAT_DB;
	chat_pub_members(a, c->id, &m, &n);
	chat_pub_chat_all(a, c->id, m, n);
	return CHAT_OK;
}

enum chat_rc
chat_delete(struct arena *a, const struct chat_who *who, const struct chat *c,
    struct field_err *err)
{
	struct chat_member	*m;
	size_t			 i, n;

	if (!is_group(c))
		return chat_fail(err, CHAT_NOT_ALLOWED, NULL, "Личный чат удалить "
		    "нельзя.");
	if (c->created_by != who->id)
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "Удалить чат может только "
		    "его создатель.");
	chat_pub_members(a, c->id, &m, &n);
	if (db_chat_delete(a, c->id) == -1)
		return CHAT_DB;
	for (i = 0; i < n; i++)
		chat_pub_removed(a, c->id, m[i].user);
	return CHAT_OK;
}

/* A group chat without a group, whose members are managed one by one. */
static enum chat_rc
custom_group(const struct chat *c, struct field_err *err, const char *what)
{
	if (!is_group(c))
		return chat_fail(err, CHAT_INVALID, NULL, what);
	if (c->group_id != 0)
		return chat_fail(err, CHAT_INVALID, NULL, "Участники чата группы — её "
		    "ученики: измените состав группы.");
	return CHAT_OK;
}

enum chat_rc
chat_add_members(struct arena *a, const struct chat_who *who,
    const struct chat *c, const int64_t *ids, size_t n, struct field_err *err)
{
	struct chat_member	*m;
	enum chat_rc		 rc;
	size_t			 i, nm;

	if (!is_group(c))
		return chat_fail(err, CHAT_INVALID, NULL, "Можно добавлять участников "
		    "только в групповые чаты");
	if ((rc = custom_group(c, err, NULL)) != CHAT_OK ||
	    (rc = moderator(c, err)) != CHAT_OK)
		return rc;
	if (n == 0)
		return chat_fail(err, CHAT_INVALID, "participant_ids", "Обязательное "
		    "поле.");
	if ((rc = all_reachable(a, who, ids, n, err)) != CHAT_OK)
		return rc;
	if (db_begin() == -1)
		return CHAT_DB;
	for (i = 0; i < n; i++)
		if (ids[i] != who->id && db_chat_member_add(a, c->id, ids[i],
		    0) == -1) {
			db_rollback();
			return CHAT_DB;
		}
	if (db_commit() == -1) {
		db_rollback();
		return CHAT_DB;
	}
	chat_pub_members(a, c->id, &m, &nm);
	chat_pub_chat_all(a, c->id, m, nm);
	return CHAT_OK;
}

/* Take user out of the chat and tell them and the rest. */
static enum chat_rc
drop_member(struct arena *a, const struct chat *c, int64_t user)
{
	struct chat_member	*m;
	size_t			 n;
	int			 rc;

	if ((rc = db_chat_member_remove(a, c->id, user)) == -1)
		return CHAT_DB;
	if (rc == 1) {
		chat_pub_removed(a, c->id, user);
		chat_pub_members(a, c->id, &m, &n);
		chat_pub_chat_all(a, c->id, m, n);
	}
	return CHAT_OK;
}

enum chat_rc
chat_remove_member(struct arena *a, const struct chat_who *who,
    const struct chat *c, int64_t target, struct field_err *err)
{
	struct user	 u;
	enum chat_rc	 rc;
	int		 found;

	if (!is_group(c))
		return chat_fail(err, CHAT_INVALID, NULL, "Можно удалять участников "
		    "только из групповых чатов");
	if ((rc = custom_group(c, err, NULL)) != CHAT_OK ||
	    (rc = moderator(c, err)) != CHAT_OK)
		return rc;
	if ((found = db_user_by_id(a, target, &u)) == -1)
		return CHAT_DB;
	if (found == 0)
		return chat_fail(err, CHAT_NOT_FOUND, NULL, "Пользователь не найден");
	if (target == who->id)
		return chat_fail(err, CHAT_INVALID, "user_id", "Себя удалить нельзя: "
		    "удалите чат.");
	return drop_member(a, c, target);
}

enum chat_rc
chat_leave(struct arena *a, const struct chat_who *who, const struct chat *c,
    struct field_err *err)
{
	enum chat_rc	 rc;

	if ((rc = custom_group(c, err, "Из личного чата выйти нельзя.")) !=
	    CHAT_OK)
		return rc;
	if (c->created_by == who->id)
		return chat_fail(err, CHAT_INVALID, NULL, "Создатель не может выйти из "
		    "чата: удалите его.");
	return drop_member(a, c, who->id);
}

enum chat_rc
chat_mute(struct arena *a, const struct chat_who *who, const struct chat *c,
    int64_t target, int64_t minutes, const char **until, struct field_err *err)
{
	struct chat_member	 m;
	struct chat		 tc;
	enum chat_rc		 rc;
	int			 muted, found;

	(void)who;
	*until = NULL;
	if ((rc = moderator(c, err)) != CHAT_OK)
		return rc;
	if ((found = db_chat_member(a, c->id, target, &m, &muted)) == -1)
		return CHAT_DB;
	if (found == 0)
		return chat_fail(err, CHAT_INVALID, "user_id", "Этого пользователя нет "
		    "в чате.");
	if (m.is_moderator)
		return chat_fail(err, CHAT_INVALID, "user_id", "Преподавателя чата "
		    "заглушить нельзя.");
	if (db_chat_mute(a, c->id, target, minutes) == -1 ||
	    db_chat_get(a, c->id, target, &tc) == -1)
		return CHAT_DB;
	*until = tc.muted ? tc.muted_until : NULL;
	chat_pub_chat_to(a, c->id, target);
	return CHAT_OK;
}

enum chat_rc
chat_typing(struct arena *a, const struct chat_who *who, const struct chat *c,
    int start)
{
	struct chat_member	*m;
	struct json_object	*d;
	size_t			 n;
	int			 rc;

	if (c->muted || (c->is_readonly && !c->is_moderator))
		return CHAT_OK;
	if ((rc = db_chat_typing(a, c->id, who->id, start, CHAT_TYPING_GAP)) != 1)
		return rc == -1 ? CHAT_DB : CHAT_OK;
	chat_pub_members(a, c->id, &m, &n);
	if ((d = json_new_object(a)) == NULL)
		return CHAT_OK;
	json_add_int(d, "chat_id", c->id);
	json_add_int(d, "user_id", who->id);
	json_add_str(d, "user_name", who->name);
	json_add_str(d, "op", start ? "start" : "stop");
	json_add_int(d, "expires_in_ms", CHAT_TYPING_TTL_MS);
	chat_pub_all(a, m, n, who->id, "typing", d);
	return CHAT_OK;
}

int
chat_group_follow(struct arena *a, int64_t group)
{
	struct chat_member	*m;
	int64_t			*chats, *add, *drop;
	size_t			 i, k, nchats, nadd, ndrop, nm;

	if (db_chat_of_group(a, group, &chats, &nchats) == -1)
		goto fail;
	for (i = 0; i < nchats; i++) {
		if (db_begin() == -1)
			goto fail;
		if (follow(a, chats[i], &add, &nadd, &drop, &ndrop) == -1 ||
		    db_commit() == -1) {
			db_rollback();
			goto fail;
		}
		for (k = 0; k < ndrop; k++)
			chat_pub_removed(a, chats[i], drop[k]);
		if (nadd + ndrop > 0) {
			chat_pub_members(a, chats[i], &m, &nm);
			chat_pub_chat_all(a, chats[i], m, nm);
		}
	}
	return 0;
fail:
	log_warnx("group %lld: its chats did not follow its members (database)",
	    (long long)group);
	return -1;
}

int
chat_is_member(struct arena *a, int64_t chat, int64_t user)
{
	struct chat_member	 m;
	int			 muted;

	return db_chat_member(a, chat, user, &m, &muted);
}

enum chat_rc
chat_may_post(struct arena *a, int64_t chat, int64_t user,
    struct field_err *err)
{
	struct chat_member	 m;
	struct chat		 c;
	int			 rc, muted;

	if ((rc = db_chat_member(a, chat, user, &m, &muted)) == -1 ||
	    (rc == 1 && (rc = db_chat_get(a, chat, user, &c)) == -1))
		return CHAT_DB;
	if (rc == 0)
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "Вы не участник этого "
		    "чата.");
	if (muted || (c.is_readonly && !m.is_moderator))
		return chat_fail(err, CHAT_FORBIDDEN, NULL, "Вы не можете писать в "
		    "этот чат.");
	return CHAT_OK;
}
