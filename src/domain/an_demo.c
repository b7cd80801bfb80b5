/* Demo data of the analytics module: a journal with marks and a control
 * point with results. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/dt.h"
#include "db/db_analytics.h"
#include "domain/an_demo.h"
#include "domain/controlpoint.h"
#include "domain/journal.h"
#include "domain/lesson.h"

int
an_demo_seed(struct arena *a, int64_t teacher, int64_t group, FILE *out)
{
	struct an_group		 g;
	struct an_member	*m;
	struct journal		 j;
	struct cp_input		 in;
	struct cp_mark		*mk;
	struct lesson_errs	 err;
	const char		*msg = NULL;
	int64_t			 now = lesson_now(), last = 0, id;
	size_t			 n, i, k;

	memset(&err, 0, sizeof(err));
	if (db_an_group(a, group, &g, &m, &n) != 1 ||
	    journal_build(a, &g, m, n, 0, 0, now, 100, &j) != 0)
		goto fail;
	for (k = 0; k < j.nlessons; k++) {
		if (!j.lessons[k].held)
			continue;
		last = j.lessons[k].id;
		for (i = 0; i < n; i++)
			if (journal_mark(a, group, last, m[i].id, i == 0 ?
			    "present" : "absent", &msg) != 0)
				goto fail;
	}
	if (last == 0 || n == 0 ||
	    (mk = arena_zalloc(a, n * sizeof(*mk))) == NULL)
		goto fail;
	memset(&in, 0, sizeof(in));
	in.title = "Самостоятельная работа: дроби";
	in.date = dt_date(a, dt_today() - 1);
	in.has_group = in.has_lesson = in.has_max = 1;
	in.group = group;
	in.lesson = last;
	in.max_points = 20;
	if (cp_save(a, teacher, NULL, &in, 1, &id, &err) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		mk[i].student_id = m[i].id;
		mk[i].points = 18 - 5 * (int64_t)(i % 3);
	}
	if (cp_results_put(a, id, mk, n, &err) != 0)
		goto fail;
	fprintf(out, "Its past lesson has attendance marks (see the group's "
	    "journal) and a control point with every student's result.\n");
	return 0;
fail:
	fprintf(stderr, "tpanel: demo journal or control point: %s\n",
	    msg != NULL ? msg : "database error");
	return -1;
}
