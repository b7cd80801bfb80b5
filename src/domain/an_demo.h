/* The analytics part of tpanel seed-demo. */
#ifndef DOMAIN_AN_DEMO_H
#define DOMAIN_AN_DEMO_H

#include <stdint.h>
#include <stdio.h>

struct arena;

/* In group (of teacher): attendance of its lessons held so far (the first
 * student present, the others absent) and a control point on the newest of
 * them with every student's result. A line about it to out. 0, or -1 (on
 * stderr). */
int	 an_demo_seed(struct arena *, int64_t teacher, int64_t group,
	    FILE *out);

#endif
