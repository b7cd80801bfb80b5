/* Invite codes: format, generation, guessing throttle. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/str.h"
#include "crypto/rand.h"
#include "db/db.h"
#include "db/db_auth.h"
#include "db/db_group.h"
#include "db/db_invite.h"
#include "db/db_user.h"
#include "domain/account.h"
#include "domain/invite.h"

/* No look-alikes: no 0/O, 1/I/L. 31 symbols, 8 of them: ~8.5e11 codes. */
static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
#define NSYM	(sizeof(alphabet) - 1)

int
invite_code_new(struct arena *a, char out[INVITE_CODE_LEN + 1])
{
	unsigned char	 b;
	int		 i, tries;

	for (tries = 0; tries < 8; tries++) {
		for (i = 0; i < INVITE_CODE_LEN; ) {
			rand_bytes(&b, 1);
			if (b < 256 - 256 % NSYM)	/* no modulo bias */
				out[i++] = alphabet[b % NSYM];
		}
		out[INVITE_CODE_LEN] = '\0';
		if (db_invite_code_reserve(a, out) == 0)
			return 0;
		if (db_last_error() != DB_ERR_DUP)
			return -1;
	}
	return -1;
}

int
invite_code_normalize(const char *in, char out[INVITE_CODE_LEN + 1])
{
	size_t	 n, i;

	while (*in == ' ' || *in == '\t')
		in++;
	n = strlen(in);
	while (n > 0 && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	if (n != INVITE_CODE_LEN)
		return -1;
	for (i = 0; i < n; i++) {
		char c = in[i] >= 'a' && in[i] <= 'z' ? (char)(in[i] - 32) : in[i];

		if (strchr(alphabet, c) == NULL || c == '\0')
			return -1;
		out[i] = c;
	}
	out[n] = '\0';
	return 0;
}

int
invite_throttled(struct arena *a, const struct config *cfg, int64_t user,
    const char *ip, int64_t *retry_after)
{
	char	 subject[32];
	int64_t	 n1, n2, r1, r2;

	snprintf(subject, sizeof(subject), "%lld", (long long)user);
	if (db_failure_count(a, "code_user", subject, cfg->code_fail_window,
	    &n1, &r1) == -1 ||
	    db_failure_count(a, "code_ip", ip, cfg->code_fail_window, &n2, &r2) == -1)
		return -1;
	*retry_after = 0;
	if (n1 >= cfg->code_fail_user_max)
		*retry_after = r1;
	if (n2 >= cfg->code_fail_ip_max && r2 > *retry_after)
		*retry_after = r2;
	return *retry_after > 0;
}

int
invite_failed(struct arena *a, int64_t user, const char *ip)
{
	char	 subject[32];

	snprintf(subject, sizeof(subject), "%lld", (long long)user);
	if (db_failure_add(a, "code_user", subject) == -1 ||
	    db_failure_add(a, "code_ip", ip) == -1)
		return -1;
	return 0;
}

const char *
invite_subject_problem(const char *subject)
{
	const char	*p, *end;
	long		 n = 0;

	for (p = subject; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++)
		;
	for (end = p + strlen(p); end > p && strchr(" \t\r\n", end[-1]) != NULL; end--)
		;
	if (p == end)
		return "Укажите предмет.";
	for (; p < end; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;	/* checked UTF-8 */
	return n > 200 ? "Предмет: не длиннее 200 символов." : NULL;
}

int
invite_rename(struct arena *a, int64_t id, const char *subject, const char **msg)
{
	int	 rc;

	if ((*msg = invite_subject_problem(subject)) != NULL)
		return ACCOUNT_INVALID;
	if ((subject = str_trim_dup(a, subject)) == NULL ||
	    (rc = db_icode_set_subject(a, id, subject)) == -1)
		return ACCOUNT_DB;
	if (rc == 0) {
		*msg = "Код уже использован: изменить его нельзя.";
		return ACCOUNT_INVALID;
	}
	return 0;
}

int
invite_used_up(const struct icode *c)
{
	return c->is_used || c->use_count >= c->max_uses || c->expired;
}

int
invite_create(struct arena *a, int64_t teacher, const char *subject,
    int64_t max_uses, const char *expires_at, int64_t *id)
{
	char	 code[INVITE_CODE_LEN + 1];

	if ((subject = str_trim_dup(a, subject)) == NULL)
		return ACCOUNT_DB;
	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (invite_code_new(a, code) == -1 || db_icode_insert(a, teacher, subject,
	    code, max_uses, expires_at, id) == -1 || db_commit() == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	return 0;
}

int
invite_regenerate(struct arena *a, int64_t id)
{
	char	 code[INVITE_CODE_LEN + 1];
	int	 rc;

	if (db_begin() == -1)
		return ACCOUNT_DB;
	if (invite_code_new(a, code) == -1 ||
	    (rc = db_icode_set_code(a, id, code)) == -1) {
		db_rollback();
		return ACCOUNT_DB;
	}
	if (rc == 0) {
		db_rollback();
		return 0;
	}
	return db_commit() == -1 ? ACCOUNT_DB : 1;
}

/* s cut to at most n characters (UTF-8). */
static const char *
truncate_chars(struct arena *a, const char *s, size_t n)
{
	size_t	 i, count = 0;

	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && count++ == n)
			return arena_strndup(a, s, i);
	return s;
}

enum invite_join
invite_join(struct arena *a, const struct icode *c, int64_t student,
    int64_t *group)
{
	struct user	 u;
	const char	*name;
	int		 rc;

	if (db_user_by_id(a, student, &u) != 1 || db_begin() == -1)
		return JOIN_ERROR;
	/* Joins to one teacher take turns, so two codes of the same subject
	 * redeemed at once cannot make two individual groups. */
	if (db_user_lock(a, c->teacher_id) == -1)
		goto fail;
	if ((rc = db_icode_take(a, c->id, student)) != 1) {
		db_rollback();
		return rc == 0 ? JOIN_USED : JOIN_ERROR;
	}
	if ((rc = db_group_find_individual(a, c->teacher_id, c->subject, student,
	    group)) == -1)
		goto fail;
	if (rc == 0) {
		name = arena_printf(a, "%s — %s", c->subject, account_full_name(a, &u));
		if (name != NULL)
			name = truncate_chars(a, name, 200);
		if (name == NULL || db_group_insert(a, c->teacher_id, name, "", NULL,
		    "individual", c->subject, group) == -1 ||
		    db_group_add_student(a, *group, student) == -1)
			goto fail;
	}
	if (db_icode_use_record(a, c->id, student, *group) == -1) {
		rc = db_last_error() == DB_ERR_DUP;
		db_rollback();
		return rc ? JOIN_ALREADY : JOIN_ERROR;
	}
	return db_commit() == -1 ? JOIN_ERROR : JOIN_OK;
fail:
	db_rollback();
	return JOIN_ERROR;
}
