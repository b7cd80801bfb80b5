/* The homework part of tpanel seed-demo. */
#ifndef DOMAIN_HW_DEMO_H
#define DOMAIN_HW_DEMO_H

#include <stdint.h>
#include <stdio.h>

struct arena;

/* A published homework of teacher for group with one question of each of
 * the nine types (due in a week), and student's work on it, handed in
 * (one open answer waits for the teacher's review). A line about it to
 * out. 0, or -1 (on stderr). */
int	 hw_demo_seed(struct arena *, int64_t teacher, int64_t group,
	    int64_t student, FILE *out);

#endif
