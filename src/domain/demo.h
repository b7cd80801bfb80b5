/* Demo data for a development stack: a teacher, students, an admin, a
 * group and an invite code, with fresh random passwords. */
#ifndef DOMAIN_DEMO_H
#define DOMAIN_DEMO_H

#include <stdio.h>

struct arena;

/* Create the demo data unless it is there, printing each account and its
 * password to out (the passwords are stored only hashed). 0 created, 1 it
 * was already there (nothing printed), -1 error (on stderr). */
int	 demo_seed(struct arena *, FILE *out);

#endif
