/* The per-homework statistics table (PHASE2-3.md 2.5): a row per student
 * assigned now, not_started ones included, and the totals. */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "core/arena.h"
#include "core/dt.h"
#include "core/json.h"
#include "db/db_homework.h"
#include "db/db_hw_stats.h"
#include "domain/account.h"
#include "domain/homework.h"
#include "domain/submission.h"

/* Seconds as "HH:MM:SS" (hours may pass 99). */
static const char *
hms(struct arena *a, int64_t s)
{
	if (s < 0)
		s = 0;
	return arena_printf(a, "%02lld:%02lld:%02lld", (long long)(s / 3600),
	    (long long)(s / 60 % 60), (long long)(s % 60));
}

/* Rounded half up, as a percentage of two sums; -1 without a denominator. */
static int64_t
percent(int64_t num, int64_t den)
{
	return den > 0 ? (num * 200 + den) / (2 * den) : -1;
}

static void
add_opt_int(struct json_object *o, const char *key, int has, int64_t v)
{
	if (has)
		json_add_int(o, key, v);
	else
		json_add_null(o, key);
}

int
submission_statistics(struct arena *a, const struct homework *h,
    int64_t group, struct json_object **out)
{
	struct hw_stats_row	*r;
	struct json_object	*o, *rows, *e, *t;
	int64_t			 sum[5] = { 0 }, answered = 0, answered_time = 0;
	int64_t			 time_sum = 0, started = 0, pct_sum = 0, npct = 0;
	int64_t			 handed = 0, p, max;
	size_t			 n, i;

	if (db_hw_stats(a, h->id, group, &r, &n) == -1 ||
	    (o = json_new_object(a)) == NULL)
		return HW_DB;
	max = n > 0 ? r[0].points_total : h->points_total;
	json_add_int(o, "homework_id", h->id);
	json_add_str(o, "title", h->title);
	json_add_int(o, "max_score", max);
	add_opt_int(o, "group", group != 0, group);
	rows = json_object_new_array();
	json_object_object_add(o, "rows", rows);
	for (i = 0; i < n; i++) {
		e = json_object_new_object();
		json_object_array_add(rows, e);
		json_add_int(e, "id", r[i].student_id);
		json_add_str(e, "name", account_name_of(a, r[i].last_name,
		    r[i].first_name, r[i].middle_name, r[i].email));
		json_add_str(e, "email", r[i].email);
		add_opt_int(e, "group_id", r[i].group_id != 0, r[i].group_id);
		json_add_str(e, "group_name", r[i].group_name);
		json_add_int(e, "completed", r[i].completed);
		json_add_int(e, "checked", r[i].checked);
		json_add_int(e, "pending", r[i].pending);
		json_add_int(e, "rework", r[i].rework);
		json_add_int(e, "viewed_answer", r[i].viewed);
		json_add_str(e, "avg_time", hms(a, r[i].answered ?
		    r[i].answered_time / r[i].answered : 0));
		json_add_str(e, "total_time", hms(a, r[i].total_time));
		p = percent(r[i].score_checked, r[i].points_checked);
		add_opt_int(e, "avg_percent", p >= 0, p);
		json_add_str(e, "status", r[i].submission_id ? r[i].status :
		    "not_started");
		add_opt_int(e, "submission_id", r[i].submission_id != 0,
		    r[i].submission_id);
		add_opt_int(e, "total_score", r[i].has_total || r[i].has_override,
		    r[i].has_override ? r[i].score_override : r[i].total_score);
		json_add_int(e, "max_score", max);
		json_add_str(e, "submitted_at", dt_iso(a, r[i].submitted_at));
		json_add_bool(e, "is_late", r[i].is_late);
		sum[0] += r[i].completed;
		sum[1] += r[i].checked;
		sum[2] += r[i].pending;
		sum[3] += r[i].rework;
		sum[4] += r[i].viewed;
		answered += r[i].answered;
		answered_time += r[i].answered_time;
		if (r[i].submission_id) {
			started++;
			time_sum += r[i].total_time;
			handed += strcmp(r[i].status, "in_progress") != 0;
		}
		if (p >= 0) {
			pct_sum += p;
			npct++;
		}
	}
	t = json_object_new_object();
	json_object_object_add(o, "totals", t);
	json_add_int(t, "completed", sum[0]);
	json_add_int(t, "checked", sum[1]);
	json_add_int(t, "pending", sum[2]);
	json_add_int(t, "rework", sum[3]);
	json_add_int(t, "viewed_answer", sum[4]);
	json_add_str(t, "avg_time", hms(a, answered ? answered_time / answered : 0));
	json_add_str(t, "total_time", hms(a, started ? time_sum / started : 0));
	add_opt_int(t, "avg_percent", npct > 0, npct ? percent(pct_sum, npct * 100)
	    : 0);
	json_add_int(t, "students_total", (int64_t)n);
	json_add_int(t, "submitted_total", handed);
	*out = o;
	return 0;
}
