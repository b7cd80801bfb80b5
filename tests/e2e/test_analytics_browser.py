"""The analytics pages in a real browser (tests/e2e/browser.py's walk): on a phone (390 px) and a
desktop, as the teacher and a student who see them, none scrolls sideways, every control is a
44x44 px target on the phone, axe-core finds nothing critical or serious. A school with a term of
marked lessons, Zoom presence, a weekly lesson, control points, graded homework and badges."""

import datetime

from browser import browser, check_pages, signed_in_cookies  # noqa: F401
from hw_helpers import create_homework, start, submit
from test_groups_api import api, create_group, new_user
from test_rating_report_api import right_choice, single_choice


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _site(stack):
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    t = new_user(stack, "teacher", first_name="Екатерина-Александра",
                 last_name="Преображенская-Милославская")
    names = [("Длиннофамильный-Константинопольский", "Александр"), ("Ли", "Ян"),
             ("Смирнова", "Екатерина"), ("Орлова", "Вера")]
    ss = [new_user(stack, first_name=f, last_name=la) for la, f in names]
    g = create_group(stack, t, "Подготовка к ЕГЭ по математике (профильный уровень)",
                     student_ids=[s.id for s in ss])
    lessons = []
    for k in range(14):
        start_at = now - datetime.timedelta(days=2 * (14 - k), hours=3)
        r = api(stack, "POST", "/api/schedule/lessons/", t, json={
            "title": f"Занятие {k + 1}: квадратные уравнения", "group": g["id"],
            "start_time": iso(start_at),
            "end_time": iso(start_at + datetime.timedelta(minutes=60))})
        assert r.status == 201, r
        lessons.append(r.json()["id"])
        st = ("present", "late", "absent", "excused")
        r = api(stack, "POST", f"/api/schedule/lessons/{lessons[-1]}/mark_attendance/", t,
                json={"attendances": [{"student_id": s.id, "status": st[(i + k) % 4]}
                                      for i, s in enumerate(ss) if k < 12]})
        assert r.status == 200, r
    r = api(stack, "POST", "/api/recurring-lessons/", t, json={
        "title": "Консультация", "group_id": g["id"], "day_of_week": 3, "week_type": "UPPER",
        "start_time": "18:00", "end_time": "19:00",
        "start_date": (now - datetime.timedelta(days=10)).date().isoformat(),
        "end_date": (now + datetime.timedelta(days=60)).date().isoformat()})
    assert r.status == 201, r
    r = api(stack, "POST", "/api/control-points/", t, json={
        "title": "Контрольная работа по теме «Производная»", "group": g["id"],
        "max_points": 20, "date": now.date().isoformat()})
    cp = r.json()["id"]
    api(stack, "PUT", f"/api/control-points/{cp}/results/", t, json={
        "results": [{"student_id": s.id, "points": 5 + 4 * i} for i, s in enumerate(ss)]})
    hw = create_homework(stack, t, g["id"], publish=True, questions=single_choice(10),
                         gamification_enabled=True, deadline=iso(now + datetime.timedelta(days=5)))
    for s in ss[:3]:
        sub = start(stack, s, hw["id"])
        submit(stack, s, sub["id"], {"answers": right_choice(stack, t, hw["id"])})
    return {"teacher": signed_in_cookies(stack, t.email),
            "student": signed_in_cookies(stack, ss[0].email), "group": g["id"],
            "lesson": lessons[-3], "cp": cp}


PAGES = [
    ("/groups/{group}/journal", "teacher"), ("/groups/{group}/journal?edit={lesson}", "teacher"),
    ("/groups/{group}/control-points", "teacher"), ("/control-points/{cp}", "teacher"),
    ("/groups/{group}/rating", "teacher"), ("/groups/{group}/gradebook", "teacher"),
    ("/groups/{group}/report", "teacher"), ("/groups/{group}", "teacher"),
    ("/teacher/", "teacher"),
    ("/groups/{group}/rating", "student"), ("/student/", "student"),
]


def test_analytics_pages_fit_a_phone_and_pass_axe(stack, browser):  # noqa: F811
    site = _site(stack)
    pages = [(p.format(**site), site[who], f"{who}-{p.format(**site)}") for p, who in PAGES]
    check_pages(browser, stack, "analytics", pages)
