"""Control points and their results through nginx (PHASE2-3.md section 2.3, P2.7; API.md h.3):
the teacher is always the caller, the group the caller's own, the lesson one of that group,
max_points 1..10000, results capped at the maximum and written all or nothing, students read
their groups' control points and only their own results, admins read everything.
"""

import uuid

import pytest

from test_groups_api import api, create_group, new_admin, new_user

CP = "/api/control-points/"
CPR = "/api/control-point-results/"
CP_KEYS = {"id", "title", "teacher", "group", "group_name", "lesson", "max_points", "date",
           "created_at", "results_count"}


@pytest.fixture(scope="module")
def school(stack):
    """T1 owns G1 (S1, S2), T2 owns G2 (S3); an admin."""
    class W:
        pass
    w = W()
    w.T1 = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    w.T2 = new_user(stack, "teacher")
    w.S1 = new_user(stack, first_name="Иван", last_name="Алексеев")
    w.S2 = new_user(stack, first_name="Борис", last_name="Борисов")
    w.S3 = new_user(stack)
    w.A = new_admin(stack)
    w.G1 = create_group(stack, w.T1, student_ids=[w.S1.id, w.S2.id])
    w.G2 = create_group(stack, w.T2, student_ids=[w.S3.id])
    return w


def new_cp(stack, w, **kw):
    body = {"title": "Контрольная " + uuid.uuid4().hex[:6], "group": w.G1["id"],
            "max_points": 100, "date": "2026-01-15", **kw}
    r = api(stack, "POST", CP, w.T1, json=body)
    assert r.status == 201, r
    return r.json()


def test_create_ignores_the_teacher_field(stack, school):
    w = school
    r = api(stack, "POST", CP, w.T1, json={"title": "  Диктант  ", "group": w.G1["id"],
                                          "date": "2026-02-01", "teacher": w.T2.id})
    assert r.status == 201, r
    cp = r.json()
    assert set(cp) == CP_KEYS
    assert cp["teacher"] == w.T1.id and cp["title"] == "Диктант"
    assert cp["max_points"] == 100 and cp["lesson"] is None and cp["results_count"] == 0
    assert cp["group_name"] == w.G1["name"] and cp["date"] == "2026-02-01"
    got = api(stack, "GET", f"{CP}{cp['id']}/", w.T1).json()
    assert got == cp


@pytest.mark.parametrize("body,field", [
    ({"group": "G2"}, "group"),
    ({"max_points": 0}, "max_points"),
    ({"max_points": 10001}, "max_points"),
    ({"max_points": "x"}, "max_points"),
    ({"title": ""}, "title"),
    ({"title": "x" * 256}, "title"),
    ({"date": "15.01.2026"}, "date"),
    ({"date": None}, "date"),
    ({"group": None}, "group"),
    ({"group": 999999999}, "group"),
])
def test_bad_control_points_are_400_and_not_stored(stack, school, body, field):
    w = school
    if body.get("group") == "G2":
        body = {"group": w.G2["id"]}
    before = api(stack, "GET", CP + "?page_size=500", w.T1).json()["count"]
    full = {"title": "Тест", "group": w.G1["id"], "max_points": 100, "date": "2026-01-15",
            **body}
    r = api(stack, "POST", CP, w.T1, json=full)
    assert r.status == 400, r
    assert field in r.json(), r.json()
    assert api(stack, "GET", CP + "?page_size=500", w.T1).json()["count"] == before


def test_the_lesson_must_be_one_of_the_group(stack, school):
    w = school
    g = create_group(stack, w.T1, student_ids=[])
    r = api(stack, "POST", "/api/schedule/lessons/", w.T1, json={
        "title": "Урок", "group": g["id"], "start_time": "2031-01-05T10:00:00Z",
        "end_time": "2031-01-05T11:00:00Z"})
    assert r.status == 201, r
    lesson = r.json()["id"]
    r = api(stack, "POST", CP, w.T1, json={"title": "К", "group": w.G1["id"],
                                          "lesson": lesson, "date": "2031-01-05"})
    assert r.status == 400 and "lesson" in r.json(), r
    cp = new_cp(stack, w, group=g["id"], lesson=lesson)
    assert cp["lesson"] == lesson


def test_who_may_create_and_see(stack, school):
    w = school
    cp = new_cp(stack, w)
    for u in (w.S1, w.A):
        r = api(stack, "POST", CP, u, json={"title": "x", "group": w.G1["id"],
                                            "date": "2026-01-01"})
        assert r.status == 403, (u.role, r)
    assert api(stack, "POST", CP, None, json={}).status == 401
    # Reads: T1, members and admins; T2 and S3 do not see it.
    for u, code in ((w.T1, 200), (w.S1, 200), (w.A, 200), (w.T2, 404), (w.S3, 404)):
        assert api(stack, "GET", f"{CP}{cp['id']}/", u).status == code, u.role
    ids = lambda u: {c["id"] for c in api(stack, "GET", CP + "?page_size=500",  # noqa: E731
                                          u).json()["results"]}
    assert cp["id"] in ids(w.T1) and cp["id"] in ids(w.S1) and cp["id"] in ids(w.A)
    assert cp["id"] not in ids(w.T2) and cp["id"] not in ids(w.S3)
    # Filters by group (both spellings) and newest date first.
    new_cp(stack, w, date="2030-12-31")
    for key in ("group", "group_id"):
        res = api(stack, "GET", f"{CP}?{key}={w.G1['id']}&page_size=500", w.T1).json()
        assert res["results"] and all(c["group"] == w.G1["id"] for c in res["results"])
        dates = [c["date"] for c in res["results"]]
        assert dates == sorted(dates, reverse=True)
    assert api(stack, "GET", f"{CP}?group={w.G2['id']}", w.T1).json()["count"] == 0
    assert api(stack, "GET", f"{CP}?group=abc", w.T1).status == 400
    # Writes: the owner only (T2 404; students and admins 403 by role).
    for u, code in ((w.T2, 404), (w.S1, 403), (w.A, 403)):
        assert api(stack, "PATCH", f"{CP}{cp['id']}/", u, json={"title": "x"}).status == code
        assert api(stack, "DELETE", f"{CP}{cp['id']}/", u).status == code


def test_results_all_or_nothing(stack, school):
    w = school
    cp = new_cp(stack, w, max_points=100)
    url = f"{CP}{cp['id']}/results/"
    r = api(stack, "PUT", url, w.T1, json={"results": [
        {"student_id": w.S1.id, "points": 70}, {"student_id": w.S2.id, "points": 101}]})
    assert r.status == 400 and "results" in r.json(), r
    r = api(stack, "PUT", url, w.T1, json={"results": [
        {"student_id": w.S1.id, "points": 70}, {"student_id": w.S3.id, "points": 5}]})
    assert r.status == 400, r
    for bad in ({"results": "x"}, {"results": [{"points": 5}]}, {},
                {"results": [{"student_id": w.S1.id, "points": -1}]},
                {"results": [{"student_id": w.S1.id, "points": 1.5}]},
                {"results": [{"student_id": w.S1.id, "points": 1},
                             {"student_id": w.S1.id, "points": 2}]}):
        assert api(stack, "PUT", url, w.T1, json=bad).status == 400, bad
    got = api(stack, "GET", url, w.T1).json()
    assert [x["points"] for x in got["results"]] == [None, None], got
    r = api(stack, "PUT", url, w.T1, json={"results": [
        {"student_id": w.S1.id, "points": 70}, {"student_id": w.S2.id, "points": 100}]})
    assert r.status == 200, r
    rows = {x["student_id"]: x for x in r.json()["results"]}
    assert rows[w.S1.id]["points"] == 70 and rows[w.S1.id]["percent"] == 70.0
    assert rows[w.S2.id]["points"] == 100 and rows[w.S2.id]["student_name"] == "Борисов Борис"
    # Ordered by name: Алексеев before Борисов.
    assert [x["student_id"] for x in r.json()["results"]] == [w.S1.id, w.S2.id]
    # null deletes one.
    r = api(stack, "PUT", url, w.T1, json={"results": [{"student_id": w.S2.id, "points": None}]})
    assert r.status == 200 and {x["student_id"]: x["points"] for x in r.json()["results"]} == \
        {w.S1.id: 70, w.S2.id: None}
    # A student reads only their own row; other students and teachers nothing.
    mine = api(stack, "GET", url, w.S1).json()
    assert [x["student_id"] for x in mine["results"]] == [w.S1.id]
    assert api(stack, "GET", url, w.S3).status == 404
    assert api(stack, "GET", url, w.T2).status == 404
    assert len(api(stack, "GET", url, w.A).json()["results"]) == 2
    for u, code in ((w.S1, 403), (w.T2, 404), (w.A, 403)):
        assert api(stack, "PUT", url, u, json={"results": []}).status == code
    # The maximum cannot drop below a result.
    r = api(stack, "PATCH", f"{CP}{cp['id']}/", w.T1, json={"max_points": 50})
    assert r.status == 400 and "max_points" in r.json(), r
    r = api(stack, "PATCH", f"{CP}{cp['id']}/", w.T1, json={"max_points": 70, "title": "Т2"})
    assert r.status == 200 and r.json()["max_points"] == 70 and r.json()["title"] == "Т2"
    # With results it keeps its group.
    g = create_group(stack, w.T1, student_ids=[])
    r = api(stack, "PATCH", f"{CP}{cp['id']}/", w.T1, json={"group": g["id"]})
    assert r.status == 400 and "group" in r.json(), r
    # PUT needs every field.
    r = api(stack, "PUT", f"{CP}{cp['id']}/", w.T1, json={"title": "x"})
    assert r.status == 400 and "date" in r.json(), r
    assert api(stack, "DELETE", f"{CP}{cp['id']}/", w.T1).status == 204
    assert api(stack, "GET", f"{CP}{cp['id']}/", w.T1).status == 404


def test_result_crud_compatibility(stack, school):
    w = school
    cp = new_cp(stack, w, max_points=10)
    r = api(stack, "POST", CPR, w.S1, json={"control_point": cp["id"], "student": w.S1.id,
                                           "points": 10})
    assert r.status == 403, r
    r = api(stack, "POST", CPR, w.T1, json={"control_point": cp["id"], "student": w.S1.id,
                                           "points": 11})
    assert r.status == 400 and "points" in r.json(), r
    r = api(stack, "POST", CPR, w.T1, json={"control_point": cp["id"], "student": w.S3.id,
                                           "points": 1})
    assert r.status == 400 and "student" in r.json(), r
    r = api(stack, "POST", CPR, w.T2, json={"control_point": cp["id"], "student": w.S1.id,
                                           "points": 1})
    assert r.status == 400 and "control_point" in r.json(), r
    r = api(stack, "POST", CPR, w.T1, json={"control_point": cp["id"], "student": w.S1.id,
                                           "points": 7})
    assert r.status == 201, r
    res = r.json()
    assert set(res) == {"id", "control_point", "student", "student_name", "points",
                        "created_at"}
    r = api(stack, "POST", CPR, w.T1, json={"control_point": cp["id"], "student": w.S1.id,
                                           "points": 8})
    assert r.status == 400 and "non_field_errors" in r.json(), r
    for u, code in ((w.T1, 200), (w.S1, 200), (w.A, 200), (w.S2, 404), (w.T2, 404)):
        assert api(stack, "GET", f"{CPR}{res['id']}/", u).status == code, u.role
    assert api(stack, "GET", CPR, w.S2).json()["count"] == 0
    assert res["id"] in [x["id"] for x in api(stack, "GET", CPR, w.S1).json()["results"]]
    r = api(stack, "PATCH", f"{CPR}{res['id']}/", w.T1, json={"points": 9})
    assert r.status == 200 and r.json()["points"] == 9
    r = api(stack, "PATCH", f"{CPR}{res['id']}/", w.T1, json={"points": 11})
    assert r.status == 400
    assert api(stack, "DELETE", f"{CPR}{res['id']}/", w.T2).status == 404
    assert api(stack, "DELETE", f"{CPR}{res['id']}/", w.T1).status == 204
