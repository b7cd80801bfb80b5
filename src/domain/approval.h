/* Teacher approval (issue 18): with teacher_approval on, a teacher who
 * registered is unapproved until an admin approves them. An unapproved
 * teacher's groups take students only by invite code (no adding by id or
 * email) and cannot take a pool account (their own Zoom app still works).
 * Knows no HTTP. */
#ifndef DOMAIN_APPROVAL_H
#define DOMAIN_APPROVAL_H

#include <stdint.h>

struct actor;
struct arena;
struct config;

/* Why an unapproved teacher is refused, for the answer (Russian, then
 * English). */
#define APPROVAL_ADD_MSG	"Ваша учётная запись преподавателя ещё не " \
	"одобрена администратором: ученики присоединяются к вашим группам " \
	"только по коду приглашения. Your teacher account is not approved " \
	"yet: students join your groups by invite code only."
#define APPROVAL_POOL_MSG	"Ваша учётная запись преподавателя ещё не " \
	"одобрена администратором: Zoom-аккаунты школы вам пока недоступны " \
	"(ваш собственный Zoom работает). Your teacher account is not " \
	"approved yet: the school's Zoom accounts are not available to you."

/* The setting in effect, copied once per process. */
void	 approval_init(const struct config *);
/* Whether teacher_approval is on. */
int	 approval_required(void);
/* Whether someone registering themselves with this role starts
 * unapproved (a teacher, with the setting on). */
int	 approval_pending(const char *role);
/* Whether user may add students by id or email and take pool accounts:
 * 1 (approval off, not a teacher, or an approved teacher), 0 (an
 * unapproved teacher), -1 on a database error. */
int	 approval_trusted(struct arena *, int64_t user);
/* An admin approves a teacher (approved 1) or takes it back (0), audited
 * as teacher_approve / teacher_unapprove: 1 done, 0 not a teacher, -1. */
int	 approval_set(struct arena *, const struct actor *, int64_t teacher,
	    int approved);

#endif
