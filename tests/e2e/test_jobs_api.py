"""The periodic jobs' endpoints at the original's Celery paths (API.md (f) Proposed, (g)):
/schedule/api/celery/metrics/ (the scheduler's jobs, the pool, today's lessons, health),
trigger/{task_name}/ (a job run here and now, its result kept) and status/{task_id}/.

The metrics' pool and lesson figures are checked on a private stack whose pool this module
fills itself; the callers' rules on the shared one.
"""

from datetime import datetime, timedelta, timezone

import pytest

from conftest import _teardown, wait_until
from test_groups_api import api, new_admin, new_user
from test_webhook import give_meeting, new_lesson, pool_account, private_stack, sql
from test_zoom_pool import lesson_at, new_pool_account, start_new, teacher_with_group

M = "/schedule/api/celery/metrics/"
T = "/schedule/api/celery/trigger/"
S = "/schedule/api/celery/status/"
FORBIDDEN = {"detail": "You do not have permission to perform this action."}
TASK_KEYS = {"task_id", "task_name", "status", "result", "date_done"}


@pytest.fixture(scope="module")
def people(stack):
    return new_admin(stack), new_user(stack, "teacher"), new_user(stack)


# -- callers ----------------------------------------------------------------------------------------

def test_callers(stack, people):
    admin, teacher, student = people
    for path in (M, S + "1/"):
        assert api(stack, "GET", path).status == 401
        r = api(stack, "GET", path, student)
        assert r.status == 403 and r.json() == FORBIDDEN, r
    assert api(stack, "GET", M, teacher).status == 200
    assert api(stack, "GET", M, admin).status == 200
    for who, status in ((None, 401), (student, 403), (teacher, 403)):
        r = api(stack, "POST", T + "send_lesson_reminders/", who)
        assert r.status == status, r


def test_metrics_shape(stack, people):
    admin, _, _ = people
    wait_until(lambda: sql(stack, "SELECT COUNT(*) FROM job_run") != [["0"]], 10,
               what="the scheduler's first runs")
    j = api(stack, "GET", M, admin).json()
    assert set(j) == {"periodic_tasks", "zoom_accounts", "lessons", "health", "timestamp"}
    tasks = {t["name"]: t for t in j["periodic_tasks"]}
    assert {"cleanup", "send_lesson_reminders"} <= set(tasks)
    rem = tasks["send_lesson_reminders"]
    assert set(rem) == {"name", "task", "enabled", "last_run_at", "total_run_count",
                        "schedule", "interval", "last_result"}
    assert rem["task"] == "send_lesson_reminders" and rem["interval"] == 60
    assert rem["schedule"] == "every 60 seconds" and rem["enabled"] is True
    assert rem["total_run_count"] >= 1 and rem["last_run_at"].endswith("Z")
    assert rem["last_result"]["ok"] is True and "lessons" in rem["last_result"]
    assert tasks["cleanup"]["interval"] == 600
    assert set(j["zoom_accounts"]) == {"total", "available", "in_use_meetings", "max_capacity",
                                       "utilization_percent"}
    assert set(j["lessons"]) == {"active_now", "today_total", "today_with_zoom",
                                 "today_without_zoom", "active_with_zoom"}
    assert j["health"]["status"] in ("healthy", "warning") and isinstance(
        j["health"]["issues"], list)
    assert j["timestamp"].endswith("Z")


# -- trigger and status -----------------------------------------------------------------------------

def test_trigger_and_status(stack, people):
    admin, teacher, student = people
    before = {t["name"]: t["total_run_count"]
              for t in api(stack, "GET", M, admin).json()["periodic_tasks"]}
    r = api(stack, "POST", T + "send_lesson_reminders/", admin)
    assert r.status == 200, r
    run = r.json()
    assert set(run) == TASK_KEYS and run["task_name"] == "send_lesson_reminders"
    assert run["status"] == "SUCCESS" and run["task_id"].isdigit() and run["date_done"]
    assert run["result"]["ok"] is True and set(run["result"]) >= {
        "lessons", "notifications", "emails_queued", "seconds"}
    # The stored result, for teachers and admins.
    for who in (teacher, admin):
        r = api(stack, "GET", f"{S}{run['task_id']}/", who)
        assert r.status == 200 and r.json() == run, r
    assert api(stack, "GET", f"{S}{run['task_id']}/", student).status == 403
    # The run counts like a scheduled one.
    after = {t["name"]: t["total_run_count"]
             for t in api(stack, "GET", M, admin).json()["periodic_tasks"]}
    assert after["send_lesson_reminders"] >= before["send_lesson_reminders"] + 1
    # Without the trailing slash too.
    assert api(stack, "POST", T + "send_lesson_reminders", admin).status == 200


def test_unknown_task_and_run(stack, people):
    admin, teacher, _ = people
    for name in ("nope", "debug_task", "cleanup", "SEND_LESSON_REMINDERS"):
        r = api(stack, "POST", f"{T}{name}/", admin)
        assert r.status == 400 and "Unknown task" in r.json()["detail"], r
    for bad in ("a%20b", "x" * 65):
        assert api(stack, "POST", f"{T}{bad}/", admin).status == 404
    for path in (f"{S}999999999/", f"{S}abc/", f"{S}0/"):
        r = api(stack, "GET", path, teacher)
        assert r.status == 404, r


# -- the figures, on a stack of its own ----------------------------------------------------------

@pytest.fixture(scope="module")
def jstack(request, fakezoom):
    # The scheduler's own release runs once an hour here: the trigger does it.
    st = private_stack(fakezoom, TPANEL_POOL_RELEASE_INTERVAL=3600)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


def account(stack, maximum, current, active=True):
    email = f"pool-{maximum}-{current}-{datetime.now().timestamp()}@example.org"
    sql(stack, "INSERT INTO zoom_pool_zoomaccount (email, zoom_account_id, zoom_client_id, "
               "zoom_user_id, max_concurrent_meetings, current_meetings, is_active) VALUES "
               f"('{email}', 'a', 'c', 'u', {maximum}, {current}, {int(active)})")


def metrics(stack, who):
    r = api(stack, "GET", M, who)
    assert r.status == 200, r
    return r.json()


def test_pool_figures_and_health(jstack):
    admin = new_admin(jstack)
    j = metrics(jstack, admin)
    assert j["zoom_accounts"] == {"total": 0, "available": 0, "in_use_meetings": 0,
                                  "max_capacity": 0, "utilization_percent": 0}
    assert j["health"] == {"status": "healthy", "issues": []}, j["health"]
    account(jstack, 2, 1)
    account(jstack, 1, 0)
    account(jstack, 3, 0, active=False)
    z = metrics(jstack, admin)["zoom_accounts"]
    assert z == {"total": 3, "available": 2, "in_use_meetings": 1, "max_capacity": 3,
                 "utilization_percent": 33.33}, z
    # Every slot taken: warning, twice over (none free, above 80 %).
    sql(jstack, "UPDATE zoom_pool_zoomaccount SET current_meetings = max_concurrent_meetings "
                "WHERE is_active")
    j = metrics(jstack, admin)
    assert j["zoom_accounts"]["available"] == 0
    assert j["zoom_accounts"]["utilization_percent"] == 100
    assert j["health"]["status"] == "warning" and len(j["health"]["issues"]) == 2, j["health"]
    # No job enabled: critical.
    sql(jstack, "UPDATE job_run SET enabled = FALSE")
    sql(jstack, "INSERT IGNORE INTO job_run (job, enabled) VALUES ('cleanup', FALSE), "
                "('send_lesson_reminders', FALSE)")
    j = metrics(jstack, admin)
    assert j["health"]["status"] == "critical", j["health"]
    assert all(t["enabled"] is False for t in j["periodic_tasks"])
    sql(jstack, "UPDATE job_run SET enabled = TRUE")
    sql(jstack, "UPDATE zoom_pool_zoomaccount SET current_meetings = 0")
    assert metrics(jstack, admin)["health"]["status"] == "healthy"


def test_a_job_not_run_for_long_is_a_warning(jstack):
    admin = new_admin(jstack)
    sql(jstack, "UPDATE zoom_pool_zoomaccount SET current_meetings = 0")
    sql(jstack, "UPDATE job_run SET last_run_at = UTC_TIMESTAMP() - INTERVAL 2 DAY "
                "WHERE job = 'cleanup'")
    j = metrics(jstack, admin)
    assert j["health"]["status"] == "warning", j["health"]
    assert any("cleanup" in i for i in j["health"]["issues"]), j["health"]


def test_lesson_figures(jstack):
    admin = new_admin(jstack)
    before = metrics(jstack, admin)["lessons"]
    now = datetime.now(timezone.utc)
    # In progress, one of them with a meeting; one cancelled; one far ahead.
    _, _, live = new_lesson(jstack, start_in=timedelta(minutes=-5))
    give_meeting(jstack, live["id"])
    _, _, plain = new_lesson(jstack, start_in=timedelta(minutes=-5))
    t, _, gone = new_lesson(jstack, start_in=timedelta(minutes=-5))
    assert api(jstack, "POST", f"/api/schedule/lessons/{gone['id']}/cancel/", t).status == 200
    new_lesson(jstack, start_in=timedelta(days=3))
    after = metrics(jstack, admin)["lessons"]
    today = (now - timedelta(minutes=5)).date() == now.date()
    delta = {k: after[k] - before[k] for k in after}
    assert delta == {"active_now": 2, "active_with_zoom": 1, "today_total": 2 if today else 0,
                     "today_with_zoom": 1 if today else 0,
                     "today_without_zoom": 1 if today else 0}, delta


def test_trigger_release_finished_zoom_accounts(jstack, zoom):
    admin = new_admin(jstack)
    sql(jstack, "UPDATE zoom_pool_zoomaccount SET is_active = FALSE")
    acc, _ = new_pool_account(jstack, admin, zoom)
    teacher, group = teacher_with_group(jstack)
    les = lesson_at(jstack, teacher, group, start_in_min=-5, minutes=30)
    r = start_new(jstack, teacher, les["id"])
    assert r.status == 200, r
    mid = r.json()["zoom_meeting_id"]
    # Not finished yet: nothing to release.
    r = api(jstack, "POST", T + "release_finished_zoom_accounts/", admin)
    assert r.status == 200 and r.json()["status"] == "SUCCESS", r
    assert r.json()["result"]["released"] == 0
    # Ended ten minutes ago (past the 5-minute grace): released by the run, the meeting
    # ended at Zoom, once.
    sql(jstack, "UPDATE schedule_lesson SET start_time = UTC_TIMESTAMP() - INTERVAL 70 MINUTE, "
                f"end_time = UTC_TIMESTAMP() - INTERVAL 10 MINUTE WHERE id = {les['id']}")
    r = api(jstack, "POST", T + "release_finished_zoom_accounts/", admin)
    assert r.status == 200, r
    run = r.json()
    assert run["task_name"] == "release_finished_zoom_accounts" and run["status"] == "SUCCESS"
    assert run["result"]["released"] == 1 and run["result"]["ok"] is True, run
    assert sql(jstack, "SELECT release_reason FROM zoom_pool_session "
                       f"WHERE lesson_id = {les['id']}") == [["sweeper"]]
    assert pool_account(jstack, admin, acc["id"])["current_meetings"] == 0
    assert zoom.calls("PUT", f"/v2/meetings/{mid}/status")
    assert api(jstack, "GET", f"{S}{run['task_id']}/", admin).json() == run
    r = api(jstack, "POST", T + "release_finished_zoom_accounts/", admin)
    assert r.json()["result"]["released"] == 0
    tasks = {t["task"]: t for t in metrics(jstack, admin)["periodic_tasks"]}
    assert tasks["release_finished_zoom_accounts"]["name"] == "pool_release"
    assert tasks["release_finished_zoom_accounts"]["interval"] == 3600
