/* The periodic jobs' endpoints at the original's Celery paths
 * (/schedule/api/celery/...): metrics of the scheduler's jobs, the pool and
 * today's lessons; running a job by hand; the result of such a run. */
#include "autoconf.h"

#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/input.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/dt.h"
#include "core/json.h"
#include "core/req.h"
#include "core/resp.h"
#include "core/router.h"
#include "core/str.h"
#include "db/db.h"
#include "db/db_jobs.h"
#include "db/db_lesson.h"
#include "db/db_pool.h"
#include "jobs/scheduler.h"

#define BUSY_PERCENT	80.0	/* utilization above this: warning */
#define LATE_RUNS	3	/* a job this many intervals late: warning */

static const struct job_row *
job_row(const struct job_row *rows, size_t n, const char *name)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].job, name) == 0)
			return &rows[i];
	return NULL;
}

static void
issue(struct json_object *issues, const char *msg)
{
	json_object_array_add(issues, json_object_new_string(msg));
}

/* periodic_tasks, and the health issues of the jobs; *enabled counted. */
static struct json_object *
periodic_tasks(struct req *r, const struct job_row *rows, size_t nrows,
    struct json_object *issues, int *enabled)
{
	const struct scheduler_job	*jobs;
	const struct job_row		*row;
	struct json_object		*list, *o, *res, *ok;
	size_t				 n, i;
	int64_t				 now = (int64_t)time(NULL), last;
	long				 every;

	jobs = scheduler_jobs(&n);
	list = json_object_new_array();
	*enabled = 0;
	for (i = 0; i < n; i++) {
		row = job_row(rows, nrows, jobs[i].name);
		every = scheduler_interval(&jobs[i], r->cfg);
		o = json_object_new_object();
		json_add_str(o, "name", jobs[i].name);
		json_add_str(o, "task", jobs[i].task ? jobs[i].task : jobs[i].name);
		json_add_bool(o, "enabled", row == NULL || row->enabled);
		json_add_str(o, "last_run_at", row ? dt_iso(r->arena,
		    row->last_run_at) : NULL);
		json_add_int(o, "total_run_count", row ? row->run_count : 0);
		json_add_str(o, "schedule", arena_printf(r->arena,
		    "every %ld seconds", every));
		json_add_int(o, "interval", every);
		res = row && row->last_result ? json_parse(r->arena,
		    row->last_result, strlen(row->last_result)) : NULL;
		json_object_object_add(o, "last_result", json_object_get(res));
		json_object_array_add(list, o);
		if (row != NULL && !row->enabled)
			continue;
		(*enabled)++;
		if (res != NULL && json_object_object_get_ex(res, "ok", &ok) &&
		    !json_object_get_boolean(ok))
			issue(issues, arena_printf(r->arena, "Задача %s: последний "
			    "запуск завершился ошибкой.", jobs[i].name));
		if (row == NULL || row->last_run_at == NULL ||
		    dt_parse_iso(row->last_run_at, &last) == -1 ||
		    now - last / 1000000 > LATE_RUNS * every + 60)
			issue(issues, arena_printf(r->arena, "Задача %s давно не "
			    "запускалась: работает ли планировщик?", jobs[i].name));
	}
	return list;
}

int
api_jobs_metrics(struct req *r)
{
	struct json_object	*o, *zoom, *lessons, *health, *issues;
	struct lesson_stats	 ls;
	struct pool_stats	 ps;
	struct job_row		*rows;
	size_t			 nrows;
	double			 util;
	int			 enabled, warn = 0;

	if (db_job_list(r->arena, &rows, &nrows) == -1 ||
	    db_pool_stats(r->arena, r->cfg->zoom_daily_cap, &ps) == -1 ||
	    db_lesson_stats(r->arena, &ls) == -1 ||
	    (o = json_new_object(r->arena)) == NULL)
		return api_db_error(r);
	issues = json_object_new_array();
	json_object_object_add(o, "periodic_tasks", periodic_tasks(r, rows, nrows,
	    issues, &enabled));
	warn = json_object_array_length(issues) > 0;

	util = ps.capacity > 0 ? (double)ps.sessions * 100.0 /
	    (double)ps.capacity : 0.0;
	zoom = json_object_new_object();
	json_add_int(zoom, "total", ps.total);
	json_add_int(zoom, "available", ps.available);
	json_add_int(zoom, "in_use_meetings", ps.sessions);
	json_add_int(zoom, "max_capacity", ps.capacity);
	json_object_object_add(zoom, "utilization_percent",
	    json_object_new_double_s(util, arena_printf(r->arena, "%.2f", util)));
	json_object_object_add(o, "zoom_accounts", zoom);
	if (ps.total > 0 && ps.available == 0) {
		issue(issues, "Нет свободных аккаунтов Zoom.");
		warn = 1;
	}
	if (util > BUSY_PERCENT) {
		issue(issues, arena_printf(r->arena, "Аккаунты Zoom заняты на "
		    "%.2f%%.", util));
		warn = 1;
	}

	lessons = json_object_new_object();
	json_add_int(lessons, "active_now", ls.active_now);
	json_add_int(lessons, "today_total", ls.today_total);
	json_add_int(lessons, "today_with_zoom", ls.today_with_zoom);
	json_add_int(lessons, "today_without_zoom",
	    ls.today_total - ls.today_with_zoom);
	json_add_int(lessons, "active_with_zoom", ls.active_with_zoom);
	json_object_object_add(o, "lessons", lessons);

	if (enabled == 0)
		issue(issues, "Ни одна периодическая задача не включена.");
	health = json_object_new_object();
	json_add_str(health, "status", enabled == 0 ? "critical" :
	    warn ? "warning" : "healthy");
	json_object_object_add(health, "issues", issues);
	json_object_object_add(o, "health", health);
	json_add_str(o, "timestamp", dt_iso(r->arena, dt_now_db(r->arena)));
	return resp_json(r, 200, o);
}

/* {"task_id","task_name","status","result"(,"date_done")} of a run. */
static struct json_object *
task_view(struct req *r, const struct job_task *t)
{
	struct json_object	*o, *res = NULL;

	if ((o = json_new_object(r->arena)) == NULL)
		return NULL;
	if (t->result != NULL)
		res = json_parse(r->arena, t->result, strlen(t->result));
	json_add_str(o, "task_id", arena_printf(r->arena, "%lld",
	    (long long)t->id));
	json_add_str(o, "task_name", t->task_name);
	json_add_str(o, "status", t->status);
	json_object_object_add(o, "result", json_object_get(res));
	json_add_str(o, "date_done", dt_iso(r->arena, t->date_done));
	return o;
}

int
api_jobs_trigger(struct req *r)
{
	struct json_object	*res;
	struct job_task		 t;
	const char		*task, *text;
	long			 i;
	int			 ok;

	task = input_path_name(r, "{task_name}");
	if ((i = scheduler_task(task)) == -1)
		return resp_error(r, 400, arena_printf(r->arena, "Unknown task "
		    "\"%s\": release_finished_zoom_accounts or "
		    "send_lesson_reminders.", task));
	if ((res = json_new_object(r->arena)) == NULL ||
	    db_job_task_start(r->arena, task, r->user->id, &t.id) == -1)
		return api_db_error(r);
	ok = scheduler_run(r->arena, r->cfg, (size_t)i, res);
	text = json_object_to_json_string_ext(res, JSON_C_TO_STRING_PLAIN);
	if (db_job_task_finish(r->arena, t.id, ok ? "SUCCESS" : "FAILURE",
	    text) == -1 || db_job_task_get(r->arena, t.id, &t) != 1)
		return api_db_error(r);
	return resp_json(r, 200, task_view(r, &t));
}

int
api_jobs_status(struct req *r)
{
	struct job_task	 t;
	int		 rc;

	if ((rc = db_job_task_get(r->arena, r->ids[0], &t)) == -1)
		return api_db_error(r);
	if (rc == 0)
		return resp_error(r, 404, "Not found.");
	return resp_json(r, 200, task_view(r, &t));
}
