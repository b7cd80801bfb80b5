"""The workers' answer cache (R_CACHE routes: the lesson list and the calendar feed): a cached
answer is reused only while nothing it may show has changed, so every write is seen at once by
every worker, whatever table it touched; a write that only bumps the database's counter
(another app host, a tpanel command) shows within data_version_poll_ms, a change made by hand
without it within response_cache_ms; answers are kept per caller.

Each check asks several times in a row, so that every worker of the stack answers (each keeps
its own cache), after warming all of them up, and checks through /metrics that cached answers
were in fact served."""

import re
import time

import pytest

from conftest import wait_until
from test_groups_api import api, create_group, gjoin, fresh_addr, new_user
from test_lesson_pages import sql

L = "/api/schedule/lessons/"
FEED = L + "calendar_feed/?start=2031-05-01&end=2031-06-01"
ROUNDS = 9  # requests per check: the stack has 3 workers


def hits(stack):
    m = re.search(r'tpanel_response_cache_total\{result="hit"\} (\d+)', stack.get("/metrics").text)
    assert m, "no cache counter in /metrics"
    return int(m.group(1))


def every_answer(stack, user, path=L):
    """ROUNDS answers to the same GET, all 200."""
    out = []
    for _ in range(ROUNDS):
        r = api(stack, "GET", path, user)
        assert r.status == 200, r
        out.append(r.json())
    return out


def titles(body):
    items = body["results"] if isinstance(body, dict) else body
    return sorted(x["title"] for x in items)


def lesson(stack, teacher, group, day, title):
    r = api(stack, "POST", L, teacher, json={
        "title": title, "group": group["id"], "start_time": f"2031-05-{day:02d}T10:00:00Z",
        "end_time": f"2031-05-{day:02d}T11:00:00Z"})
    assert r.status == 201, r
    return r.json()


@pytest.fixture
def school(stack):
    teacher = new_user(stack, "teacher", first_name="Инна", last_name="Котова")
    student = new_user(stack)
    group = create_group(stack, teacher, name="Кэш", student_ids=[student.id])
    lesson(stack, teacher, group, 5, "Первый")
    return teacher, student, group


def test_cached_answers_are_served_and_every_write_shows_at_once(stack, school):
    teacher, student, group = school
    before = hits(stack)
    for who in (teacher, student):
        assert all(titles(b) == ["Первый"] for b in every_answer(stack, who))
    assert hits(stack) > before, "no answer came from the cache"

    second = lesson(stack, teacher, group, 6, "Второй")
    for who in (teacher, student):
        assert all(titles(b) == ["Второй", "Первый"] for b in every_answer(stack, who))

    assert api(stack, "PATCH", f"{L}{second['id']}/", teacher, json={"title": "Третий"}).status == 200
    assert all(titles(b) == ["Первый", "Третий"] for b in every_answer(stack, student))

    assert api(stack, "PATCH", f"/api/groups/{group['id']}/", teacher,
               json={"name": "Новое имя"}).status == 200
    for b in every_answer(stack, student):
        assert {x["group_name"] for x in b["results"]} == {"Новое имя"}

    r = api(stack, "PATCH", "/api/me/", teacher, json={"first_name": "Ирина"})
    assert r.status == 200, r
    for b in every_answer(stack, student):
        assert {x["teacher_name"] for x in b["results"]} == {"Котова Ирина"}, b

    assert api(stack, "DELETE", f"{L}{second['id']}/", teacher).status == 204
    assert all(titles(b) == ["Первый"] for b in every_answer(stack, teacher))


def test_joining_a_group_shows_its_lessons_at_once(stack, school):
    teacher, _, group = school
    newcomer = new_user(stack)
    assert all(b["count"] == 0 for b in every_answer(stack, newcomer))
    assert gjoin(stack, newcomer, group["invite_code"], fresh_addr()).status == 200
    assert all(titles(b) == ["Первый"] for b in every_answer(stack, newcomer))


def test_calendar_feed_is_cached_and_fresh(stack, school):
    teacher, student, group = school
    first = every_answer(stack, student, FEED)
    assert all(len(b) == len(first[0]) for b in first)
    lesson(stack, teacher, group, 7, "Ещё один")
    for b in every_answer(stack, student, FEED):
        assert "Ещё один - Кэш" in [e["title"] for e in b], b


def test_answers_are_kept_per_caller(stack, school):
    teacher, student, _ = school
    other = new_user(stack, "teacher")
    other_group = create_group(stack, other)
    lesson(stack, other, other_group, 5, "Чужой")
    for _ in range(3):
        assert all(titles(b) == ["Первый"] for b in every_answer(stack, teacher))
        assert all(titles(b) == ["Чужой"] for b in every_answer(stack, other))
        assert all(titles(b) == ["Первый"] for b in every_answer(stack, student))
    assert all(b["count"] == 0 for b in every_answer(stack, new_user(stack)))


def test_a_change_made_by_hand_shows_within_the_cache_time(stack, school):
    teacher, _, _ = school
    [lid] = [x["id"] for x in every_answer(stack, teacher)[0]["results"]]
    sql(stack, f"UPDATE schedule_lesson SET title = 'Руками' WHERE id = {lid}")
    t0 = time.monotonic()
    wait_until(lambda: all(titles(b) == ["Руками"] for b in every_answer(stack, teacher)), 10,
               what="the hand-made change in every worker's answer")
    # response_cache_ms is 2000 by default: the last stale answer is younger than that.
    assert time.monotonic() - t0 < 2.0 + 5.0


def test_a_write_from_another_host_shows_once_the_counter_is_read(stack, school):
    # Another app host (or a tpanel command) bumps only the database's counter.
    teacher, _, _ = school
    [lid] = [x["id"] for x in every_answer(stack, teacher)[0]["results"]]
    sql(stack, f"UPDATE schedule_lesson SET title = 'Другой хост' WHERE id = {lid}; "
               "UPDATE data_version SET version = version + 1 WHERE id = 1")
    wait_until(lambda: all(titles(b) == ["Другой хост"] for b in every_answer(stack, teacher)),
               5, what="the other host's write in every worker's answer")


def test_status_turns_completed_when_the_lesson_ends(stack, school):
    teacher, _, group = school
    now = time.time()
    start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - 3600))
    end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now + 3))
    r = api(stack, "POST", L, teacher, json={"title": "Сейчас", "group": group["id"],
                                            "start_time": start, "end_time": end})
    assert r.status == 201, r
    path = L + f"?group={group['id']}"

    def status():
        return {x["title"]: x["status"] for x in every_answer(stack, teacher, path)[-1]["results"]}
    assert status()["Сейчас"] == "scheduled"
    wait_until(lambda: status()["Сейчас"] == "completed", 10, what="the lesson completed")
