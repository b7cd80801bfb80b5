/* schedule_individualinvitecode and its redemptions. */
#ifndef DB_DB_INVITE_H
#define DB_DB_INVITE_H

#include <stddef.h>
#include <stdint.h>

struct arena;
struct keyset;

/* An individual invite code with its teacher and first user. */
struct icode {
	int64_t		 id, teacher_id, used_by;	/* used_by 0: none */
	const char	*subject, *code, *used_at, *created_at, *expires_at;
	int		 is_used, expired;
	int64_t		 max_uses, use_count;
	const char	*teacher_email, *teacher_first, *teacher_last;
	const char	*used_email, *used_first, *used_last, *used_middle;
};

enum icode_scope { ICODE_ALL, ICODE_TEACHER, ICODE_USED_BY };

int	 db_icode_insert(struct arena *, int64_t teacher, const char *subject,
	    const char *code, int64_t max_uses, const char *expires_at,
	    int64_t *id);
/* 1 and *c, 0 none, -1 error. */
int	 db_icode_get(struct arena *, int64_t id, struct icode *c);
int	 db_icode_by_code(struct arena *, const char *code, struct icode *c);
/* A window of the list (core/cursor.h), newest first: everyone's and a
 * teacher's by (created_at, id), the codes a student redeemed by (used_at,
 * id): at most ks->limit codes in that order. */
int	 db_icode_page(struct arena *, enum icode_scope, int64_t user,
	    const struct keyset *ks, struct icode **out, size_t *n);
/* The number of codes in the list. */
int	 db_icode_count(struct arena *, enum icode_scope, int64_t user,
	    int64_t *total);
/* Changes only an unused code: 1 changed, 0 not (used or gone). */
int	 db_icode_set_subject(struct arena *, int64_t id, const char *subject);
int	 db_icode_set_code(struct arena *, int64_t id, const char *code);
int	 db_icode_delete(struct arena *, int64_t id);
/* Take one use of the code for student, atomically: 1 won, 0 lost (used
 * up or expired meanwhile), -1 error. */
int	 db_icode_take(struct arena *, int64_t id, int64_t student);
/* Record a redemption: -1 with DB_ERR_DUP when student already used it. */
int	 db_icode_use_record(struct arena *, int64_t id, int64_t student,
	    int64_t group);
/* A teacher's codes: active (usable), used up, and all (expired unused
 * codes are neither active nor used). */
int	 db_icode_counts(struct arena *, int64_t teacher, int64_t *active,
	    int64_t *used, int64_t *all);

#endif
