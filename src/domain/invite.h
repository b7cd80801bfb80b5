/* Invite codes: the code format, making codes, the guessing throttle, and
 * individual (one-student) codes. */
#ifndef DOMAIN_INVITE_H
#define DOMAIN_INVITE_H

#include <stdint.h>

struct arena;
struct config;

#define INVITE_CODE_LEN	8

/* A new random code, reserved in the namespace all codes share. 0, or -1
 * when the database failed. */
int	 invite_code_new(struct arena *, char out[INVITE_CODE_LEN + 1]);
/* in trimmed and upper-cased into out if it has the form of a code
 * (8 characters of the alphabet); -1 otherwise. */
int	 invite_code_normalize(const char *in, char out[INVITE_CODE_LEN + 1]);
/* Guessing throttle: 1 (with *retry_after) while the user or the address
 * has tried too many unknown codes, 0, or -1 on error. */
int	 invite_throttled(struct arena *, const struct config *, int64_t user,
	    const char *ip, int64_t *retry_after);
/* Count one unknown code against the user and the address. */
int	 invite_failed(struct arena *, int64_t user, const char *ip);

struct icode;

/* A subject: 1..200 characters after trimming. NULL or the message. */
const char *invite_subject_problem(const char *subject);
/* A new subject for an unused code (stored trimmed): 0, ACCOUNT_INVALID
 * with *msg (a bad subject, or the code was used), or ACCOUNT_DB. */
int	 invite_rename(struct arena *, int64_t id, const char *subject,
	    const char **msg);
/* Whether c can no longer be redeemed: used up or expired. */
int	 invite_used_up(const struct icode *c);
/* Create an individual code of teacher's (the subject is stored trimmed):
 * 0 and *id, -2 database. */
int	 invite_create(struct arena *, int64_t teacher, const char *subject,
	    int64_t max_uses, const char *expires_at, int64_t *id);
/* A new code string for an unused code: 1 done, 0 it was used meanwhile,
 * -2 database. */
int	 invite_regenerate(struct arena *, int64_t id);

enum invite_join { JOIN_OK, JOIN_USED, JOIN_ALREADY, JOIN_ERROR };

/* Redeem c for student: takes one use (one winner when students race),
 * then creates or reuses the individual group of teacher+subject holding
 * the student. *group is that group. */
enum invite_join invite_join(struct arena *, const struct icode *c,
	    int64_t student, int64_t *group);

#endif
