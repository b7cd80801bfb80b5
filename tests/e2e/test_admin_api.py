"""The original's admin API (API.md a.6): creating teachers and students, listing, renaming and
deleting them, status-bar messages by audience, system settings; and /accounts/api/users/ (a.3)
scoped to the people one shares a group with. Errors carry "error" beside "detail" (Decision 12)."""

import uuid

import pytest

from test_groups_api import PW, api, new_admin, new_user, uemail


def err2(r, status):
    assert r.status == status, r
    body = r.json()
    assert body["detail"] and body["error"] == body["detail"], body
    return body["detail"]


@pytest.fixture(scope="module")
def admin(stack):
    return new_admin(stack)


def test_non_admins_get_403_with_error_key(stack):
    t = new_user(stack, "teacher")
    for method, path in [("POST", "/accounts/api/admin/create-teacher/"),
                         ("GET", "/accounts/api/admin/students/"),
                         ("GET", "/accounts/api/admin/settings/"),
                         ("PATCH", "/accounts/api/admin/settings/"),
                         ("POST", "/accounts/api/admin/status-messages/"),
                         ("DELETE", "/accounts/api/admin/teachers/1/delete/")]:
        err2(api(stack, method, path, t, json={}), 403)
        assert api(stack, method, path, None, json={}).status == 401


def test_create_teacher_and_student(stack, admin):
    email = uemail("NewT").upper()
    r = api(stack, "POST", "/accounts/api/admin/create-teacher/", admin, json={
        "email": email, "password": PW, "first_name": "Анна", "last_name": "Петрова",
        "phone_number": "+7 (912) 345-67-89"})
    assert r.status == 201, r
    u = r.json()
    assert u["role"] == "teacher" and u["email"] == email.lower()
    assert u["phone_number"] == "+79123456789" and "password" not in u
    assert stack.post("/api/jwt/token/", json={"email": email, "password": PW}).status == 200
    for path in ("/accounts/api/admin/create-student/", "/api/accounts/api/admin/create-student/"):
        r = api(stack, "POST", path, admin, json={"email": uemail("s"), "password": PW,
                                                   "first_name": "И", "last_name": "Ф"})
        assert r.status == 201 and r.json()["role"] == "student", r
    # The audit log has the creation.
    log = api(stack, "GET", "/api/audit-log/?action=user_create", admin).json()["results"]
    assert any(e["resource_id"] == u["id"] for e in log)


@pytest.mark.parametrize("body, word", [
    ({"password": PW, "first_name": "a", "last_name": "b"}, "Email"),
    ({"email": "x@example.org", "first_name": "a", "last_name": "b"}, "Email"),
    ({"email": "x@example.org", "password": PW, "first_name": "a"}, "Имя"),
    ({"email": "x@example.org", "password": "short", "first_name": "a", "last_name": "b"}, ""),
    ({"email": "not-an-email", "password": PW, "first_name": "a", "last_name": "b"}, ""),
    ({"email": "x@example.org", "password": PW, "first_name": "a", "last_name": "b",
      "phone_number": "12345"}, "Телефон"),
])
def test_create_refuses_bad_input(stack, admin, body, word):
    before = len(api(stack, "GET", "/accounts/api/admin/students/", admin).json())
    assert word in err2(api(stack, "POST", "/accounts/api/admin/create-student/", admin,
                            json=body), 400)
    assert len(api(stack, "GET", "/accounts/api/admin/students/", admin).json()) == before


def test_create_refuses_taken_email_and_phone(stack, admin):
    phone = "+4420" + str(uuid.uuid4().int)[:8]
    s = {"password": PW, "first_name": "a", "last_name": "b"}
    first = api(stack, "POST", "/accounts/api/admin/create-student/", admin,
                json={**s, "email": uemail(), "phone_number": phone})
    assert first.status == 201, first
    assert "email" in err2(api(stack, "POST", "/accounts/api/admin/create-student/", admin,
                               json={**s, "email": first.json()["email"].upper()}), 400)
    assert "телефон" in err2(api(stack, "POST", "/accounts/api/admin/create-student/", admin,
                                 json={**s, "email": uemail(), "phone_number": phone}), 400)


def test_students_list_update_delete(stack, admin):
    s = new_user(stack, "student", first_name="Old")
    rows = api(stack, "GET", "/accounts/api/admin/students/", admin).json()
    row = next(x for x in rows if x["id"] == s.id)
    assert set(row) == {"id", "email", "first_name", "last_name", "middle_name", "created_at",
                        "last_login"}
    assert all(x["email"] for x in rows)
    r = api(stack, "PATCH", f"/accounts/api/admin/students/{s.id}/update/", admin,
            json={"first_name": "New", "role": "admin"})
    assert r.status == 200 and r.json() == {"id": s.id, "email": s.email, "first_name": "New",
                                            "last_name": "", "middle_name": ""}, r
    assert api(stack, "GET", "/api/me/", s).json()["role"] == "student"
    assert api(stack, "PATCH", f"/accounts/api/admin/students/{s.id}/update/", admin,
               json={"last_name": "x" * 151}).status == 400
    assert api(stack, "PATCH", f"/accounts/api/admin/students/{s.id}/update/", admin,
               json={"last_name": 5}).status == 400
    t = new_user(stack, "teacher")
    err2(api(stack, "PATCH", f"/accounts/api/admin/students/{t.id}/update/", admin,
             json={"first_name": "x"}), 404)
    # A teacher is not deleted as a student, nor a student as a teacher.
    err2(api(stack, "DELETE", f"/accounts/api/admin/students/{t.id}/delete/", admin), 404)
    err2(api(stack, "DELETE", f"/accounts/api/admin/teachers/{s.id}/delete/", admin), 404)
    r = api(stack, "DELETE", f"/accounts/api/admin/students/{s.id}/delete/", admin)
    assert r.status == 200 and r.json()["message"], r
    err2(api(stack, "DELETE", f"/accounts/api/admin/students/{s.id}/delete/", admin), 404)
    assert stack.post("/api/jwt/token/", json={"email": s.email, "password": PW}).status == 401


def test_deleting_a_teacher_takes_their_groups(stack, admin):
    t = new_user(stack, "teacher")
    g = api(stack, "POST", "/api/groups/", t, json={"name": "G"}).json()
    r = api(stack, "DELETE", f"/accounts/api/admin/teachers/{t.id}/delete/", admin)
    assert r.status == 200, r
    assert api(stack, "GET", f"/api/groups/{g['id']}/", admin).status == 404
    log = api(stack, "GET", "/api/audit-log/?action=user_delete", admin).json()["results"]
    assert any(e["resource_id"] == t.id for e in log)


def test_status_messages_by_audience(stack, admin):
    tag = uuid.uuid4().hex[:8]
    ids = {}
    for target in ("teachers", "students", "all"):
        r = api(stack, "POST", "/accounts/api/admin/status-messages/", admin,
                json={"message": f"  {target} {tag} <b> ", "target": target})
        assert r.status == 201, r
        m = r.json()
        assert m["message"] == f"{target} {tag} <b>" and m["is_active"] is True
        ids[target] = m["id"]
    t, s = new_user(stack, "teacher"), new_user(stack, "student")

    def seen(user, path="/accounts/api/status-messages/"):
        r = api(stack, "GET", path, user)
        assert r.status == 200, r
        return {m["target"] for m in r.json() if tag in m["message"]}

    assert seen(t) == {"teachers", "all"}
    assert seen(s) == {"students", "all"}
    assert seen(s, "/accounts/api/admin/status-messages/") == {"students", "all"}
    assert seen(admin, "/accounts/api/admin/status-messages/") == {"teachers", "students", "all"}
    for body in ({"message": "   "}, {"message": "x", "target": "parents"}, {},
                 {"message": "x" * 2001}):
        err2(api(stack, "POST", "/accounts/api/admin/status-messages/", admin, json=body), 400)
    err2(api(stack, "DELETE", f"/accounts/api/admin/status-messages/{ids['all']}/", s), 403)
    assert api(stack, "DELETE", f"/accounts/api/admin/status-messages/{ids['all']}/",
               admin).status == 200
    err2(api(stack, "DELETE", f"/accounts/api/admin/status-messages/{ids['all']}/", admin), 404)
    assert seen(s) == {"students"}


def test_settings_read_validate_and_save_all_or_nothing(stack, admin):
    r = api(stack, "GET", "/accounts/api/admin/settings/", admin)
    assert r.status == 200, r
    s = r.json()
    assert s["id"] == 1 and s["primary_color"].startswith("#")
    assert isinstance(s["email_notifications_enabled"], bool)
    assert isinstance(s["lesson_reminder_hours"], int)
    for body in ({"primary_color": "red"}, {"lesson_reminder_hours": 169},
                 {"default_lesson_duration": 10}, {"email_from": "nope"},
                 {"auto_recording": "yes"}, {"lesson_reminder_hours": "3"},
                 {"logo_url": "javascript:alert(1)"},
                 {"platform_name": "ok", "primary_color": "#12345"}):
        r = api(stack, "PATCH", "/accounts/api/admin/settings/", admin, json=body)
        assert r.status == 400, (body, r)
        assert list(r.json()) == [k for k in body if k != "platform_name"] or \
            list(r.json())[0] in body
    assert api(stack, "GET", "/accounts/api/admin/settings/", admin).json() == s
    r = api(stack, "PUT", "/accounts/api/admin/settings/", admin, json={
        "primary_color": "#00aa11", "lesson_reminder_hours": 3, "auto_recording": True,
        "support_email": " Help@Example.org ", "platform_name": "Школа", "unknown": 1})
    assert r.status == 200, r
    n = r.json()
    assert (n["primary_color"], n["lesson_reminder_hours"], n["auto_recording"],
            n["support_email"], n["platform_name"]) == ("#00aa11", 3, True, "help@example.org",
                                                        "Школа")
    assert n["email_from"] == s["email_from"]
    assert api(stack, "GET", "/accounts/api/admin/settings/", admin).json() == n
    log = api(stack, "GET", "/api/audit-log/?action=settings_change", admin).json()["results"]
    assert log and log[0]["details"]["primary_color"] == "#00aa11"


def test_users_lists_only_people_one_may_message(stack, admin):
    """a.3 Proposed, narrowed by PHASE2-3 P3.1: the people the caller may message (a student
    their teachers, a teacher their students and the admins), with emails for teachers only;
    admins see everyone."""
    t = new_user(stack, "teacher", first_name="Учитель")
    a, b, stranger = (new_user(stack, "student") for _ in range(3))
    g = api(stack, "POST", "/api/groups/", t, json={"name": "G"}).json()
    assert api(stack, "POST", f"/api/groups/{g['id']}/add_students/", t,
               json={"student_ids": [a.id, b.id]}).status == 200

    def ids(user, path="/accounts/api/users/"):
        r = api(stack, "GET", path, user)
        assert r.status == 200, r
        keys = {"id", "first_name", "last_name", "role"}
        for u in r.json():
            assert set(u) == (keys | {"email"} if user.role != "student" else keys), u
        return {u["id"] for u in r.json()}

    assert ids(a) == {t.id} == ids(a, "/api/users/")
    assert ids(t) >= {a.id, b.id, admin.id}
    assert stranger.id not in ids(t)
    assert ids(stranger) == set()
    assert {a.id, b.id, t.id, stranger.id} <= ids(admin)


def test_stats_count_users_lessons_and_growth(stack, admin):
    def stats():
        r = api(stack, "GET", "/accounts/api/admin/stats/", admin)
        assert r.status == 200, r
        return r.json()

    before = stats()
    assert [p["key"] for p in before["growth_periods"]] == ["day", "week", "month", "half_year"]
    t = new_user(stack, "teacher")
    new_user(stack, "student")
    g = api(stack, "POST", "/api/groups/", t, json={"name": "G"}).json()
    assert api(stack, "POST", "/api/schedule/lessons/", t, json={
        "title": "past", "group": g["id"], "start_time": "2020-01-01T10:00:00Z",
        "end_time": "2020-01-01T11:00:00Z"}).status == 201
    after = stats()
    assert after["teachers"] == before["teachers"] + 1
    assert after["students"] == before["students"] + 1
    assert after["total_users"] == before["total_users"] + 2
    assert after["groups"] == before["groups"] + 1
    assert after["lessons"] == before["lessons"] + 1
    assert after["teachers_online"] >= 1       # signed in just now
    day_b, day_a = before["growth_periods"][0], after["growth_periods"][0]
    assert (day_a["teachers"], day_a["students"]) == (day_b["teachers"] + 1, day_b["students"] + 1)
    assert day_a["lessons"] == day_b["lessons"]  # started in 2020: outside every period
    assert day_a["total_users"] == day_a["teachers"] + day_a["students"]
    err2(api(stack, "GET", "/accounts/api/admin/stats/", t), 403)
