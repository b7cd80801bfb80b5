"""tpanel seed-demo: demo accounts with generated passwords that work, a group with
students, lessons (one startable at once) and a weekly lesson, an invite code, a homework of
the nine question types with a student's handed-in work, the past lesson's attendance and a
control point with results, the group's chat and a private chat, once only."""

import re

from test_accounts import tpanel
from test_pages import Client, page_signin


def test_seed_demo_once_with_working_accounts(stack):
    p = tpanel(stack, "seed-demo")
    assert p.returncode == 0, p.stderr
    accounts = dict(re.findall(r"^\s+\w+\s+(\S+@demo\.local)\s+(\S+)$", p.stdout, re.M))
    assert len(accounts) == 5, p.stdout
    r = stack.post("/api/jwt/token/", json={"email": "teacher@demo.local",
                                            "password": accounts["teacher@demo.local"]})
    assert r.status == 200, r
    groups = stack.get("/api/groups/", headers={"Authorization": "Bearer " + r.json()["access"]}).json()
    assert [g["name"] for g in groups["results"]] == ["Математика 7А"]
    assert groups["results"][0]["student_count"] == 2
    codes = stack.get("/api/individual-invite-codes/",
                      headers={"Authorization": "Bearer " + r.json()["access"]}).json()
    assert codes["count"] == 1 and codes["results"][0]["subject"] == "Физика"
    auth = {"Authorization": "Bearer " + r.json()["access"]}
    lessons = stack.get("/api/schedule/lessons/", headers=auth).json()["results"]
    assert [x["title"] for x in lessons] == ["Дроби: повторение", "Квадратные уравнения",
                                             "Теорема Пифагора"]
    assert [x["status"] for x in lessons] == ["completed", "scheduled", "scheduled"]
    weekly = stack.get("/api/recurring-lessons/", headers=auth).json()["results"]
    assert [(w["day_of_week"], w["start_time"]) for w in weekly] == [(0, "16:00:00"),
                                                                     (3, "16:00:00")]
    # A published homework of the nine types, handed in by the first student.
    hws = stack.get("/api/homework/", headers=auth).json()["results"]
    assert [(h["status"], h["questions_count"]) for h in hws] == [("published", 9)]
    full = stack.get(f"/api/homework/{hws[0]['id']}/", headers=auth).json()
    assert len({q["question_type"] for q in full["questions"]}) == 9
    subs = stack.get("/api/submissions/", headers=auth).json()["results"]
    assert [(s["student_email"], s["status"]) for s in subs] == [
        ("student1@demo.local", "graded")]
    assert 0 < subs[0]["total_score"] < subs[0]["max_score"] == 90
    chats = stack.get("/api/chats/", headers=auth).json()["results"]
    assert sorted(x["chat_type"] for x in chats) == ["group", "private"]
    assert all(x["message_count"] >= 2 for x in chats)
    # The past lesson's attendance in the journal, a control point with both results.
    gid = groups["results"][0]["id"]
    j = stack.get(f"/api/groups/{gid}/attendance-log/", headers=auth).json()
    past = lessons[0]["id"]
    assert sorted(v["status"] for k, v in j["records"].items()
                  if k.endswith(f"_{past}")) == ["absent", "attended"]
    cps = stack.get(f"/api/control-points/?group={gid}", headers=auth).json()["results"]
    assert [(c["title"], c["lesson"], c["max_points"]) for c in cps] == [
        ("Самостоятельная работа: дроби", past, 20)]
    res = stack.get(f"/api/control-points/{cps[0]['id']}/results/", headers=auth).json()
    assert sorted(x["points"] for x in res["results"]) == [13, 18]
    # The one starting in ten minutes has the start button on the dashboard.
    c = Client(stack)
    assert page_signin(c, "teacher@demo.local", accounts["teacher@demo.local"]).status == 303
    assert "/start" in c.get("/teacher/").text
    assert "Давайте разберём на уроке" in c.get("/chat").text
    again = tpanel(stack, "seed-demo")
    assert again.returncode == 0 and "already there" in again.stdout
    assert "@demo.local" not in again.stdout
