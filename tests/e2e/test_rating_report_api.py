"""The rating, gradebook, group report and its export through nginx (PHASE2-3.md 2.2, 2.4, 2.7;
P2.7, P2.8): +10 per present lesson, homework scores with the late penalty floored at 0,
control point points; ties share a rank; the month filter; one computation behind every shape;
the CSV bytes and the XLSX read back from its sheet XML.
"""

import csv
import datetime
import io
import subprocess
import uuid
import zipfile

import pytest

from hw_helpers import create_homework, start, submit
from test_groups_api import api, create_group, new_admin, new_user
from test_zoom_pool import db

L = "/api/schedule/lessons/"
HYPER = '=HYPERLINK("http://evil.example/","клик")'
HEADERS = ["№", "Ученик", "Email", "Занятий проведено", "Посетил", "Пропустил",
           "Уважительная причина", "Посещаемость, %", "ДЗ назначено", "ДЗ сдано", "ДЗ проверено",
           "ДЗ не сдано", "Решено ДЗ, %", "Средний балл ДЗ, %", "Ошибок, %",
           "Контрольные точки, баллы", "Рейтинг, баллы", "Место"]


def utc(*a):
    return datetime.datetime(*a, tzinfo=datetime.timezone.utc)


def lesson(stack, teacher, group, start_at):
    r = api(stack, "POST", L, teacher, json={
        "title": "Урок " + uuid.uuid4().hex[:6], "group": group["id"],
        "start_time": start_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_time": (start_at + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")})
    assert r.status == 201, r
    return r.json()["id"]


def mark(stack, teacher, lid, marks):
    r = api(stack, "POST", f"{L}{lid}/mark_attendance/", teacher, json={"attendances": [
        {"student_id": s.id, "status": st} for s, st in marks]})
    assert r.status == 200, r


def single_choice(points):
    return [{"prompt": "2 + 2?", "question_type": "SINGLE_CHOICE", "points": points,
             "order": 0, "config": {},
             "choices": [{"text": "4", "is_correct": True}, {"text": "5", "is_correct": False}]}]


def right_choice(stack, teacher, hw_id):
    hw = api(stack, "GET", f"/api/homework/{hw_id}/", teacher).json()
    q = hw["questions"][0]
    return {str(q["id"]): next(c["id"] for c in q["choices"] if c["is_correct"])}


@pytest.fixture(scope="module")
def cls(stack):
    """T1's G1: S1 (3 present lessons, homework 50 handed in late, a control point result of
    7: 77 points), S2 and S3 (20 each: a tie), S4 named like a formula; T2's G2 with S5."""
    class W:
        pass
    w = W()
    w.T1 = new_user(stack, "teacher", first_name="Анна", last_name="Петрова")
    w.T2 = new_user(stack, "teacher")
    w.S1 = new_user(stack, first_name="Иван", last_name="Алексеев")
    w.S2 = new_user(stack, first_name="Вера", last_name="Борисова")
    w.S3 = new_user(stack, first_name="Глеб", last_name="Борисов")
    w.S4 = new_user(stack, first_name='Jo, "the" Kid', last_name=HYPER)
    w.S5 = new_user(stack)
    w.A = new_admin(stack)
    w.G1 = create_group(stack, w.T1, student_ids=[s.id for s in (w.S1, w.S2, w.S3, w.S4)])
    w.G2 = create_group(stack, w.T2, student_ids=[w.S5.id])
    w.L = [lesson(stack, w.T1, w.G1, utc(2025, 3, d, 10)) for d in (3, 5, 7)]
    mark(stack, w.T1, w.L[0], [(w.S1, "present"), (w.S2, "present"), (w.S3, "present"),
                               (w.S4, "absent")])
    mark(stack, w.T1, w.L[1], [(w.S1, "late"), (w.S2, "late"), (w.S4, "excused")])
    mark(stack, w.T1, w.L[2], [(w.S1, "present"), (w.S3, "present")])
    # Homework worth 50, due yesterday: S1 hands it in today, late.
    hw = create_homework(stack, w.T1, w.G1["id"], publish=True, questions=single_choice(50))
    db(stack, f"UPDATE homework_homework SET deadline = UTC_TIMESTAMP(6) - INTERVAL 1 DAY "
              f"WHERE id = {hw['id']}")
    w.HW = hw["id"]
    sub = start(stack, w.S1, w.HW)
    r = submit(stack, w.S1, sub["id"], {"answers": right_choice(stack, w.T1, w.HW)})
    assert r.status == 200, r
    got = api(stack, "GET", f"/api/submissions/{sub['id']}/", w.T1).json()
    assert got["status"] == "graded" and got["total_score"] == 50 and got["is_late"], got
    # A control point of March 2025: S1 7 of 10.
    r = api(stack, "POST", "/api/control-points/", w.T1, json={
        "title": "Тест", "group": w.G1["id"], "max_points": 10, "date": "2025-03-10"})
    w.CP = r.json()["id"]
    r = api(stack, "PUT", f"/api/control-points/{w.CP}/results/", w.T1,
            json={"results": [{"student_id": w.S1.id, "points": 7}]})
    assert r.status == 200, r
    return w


def rating(stack, user, gid, query=""):
    return api(stack, "GET", f"/api/groups/{gid}/rating/{query}", user)


def test_rating_points_and_ties(stack, cls):
    w = cls
    r = rating(stack, w.T1, w.G1["id"])
    assert r.status == 200, r
    j = r.json()
    rows = {x["student_id"]: x for x in j["students"]}
    s1 = rows[w.S1.id]
    assert (s1["attendance_points"], s1["homework_points"], s1["control_points"],
            s1["total_points"], s1["rank"]) == (30, 40, 7, 77, 1), s1
    assert s1["email"] == w.S1.email and s1["avatar_color"].startswith("#")
    assert s1["tests_done"] == 1 and s1["correct_percent"] == 100.0
    # S2 and S3 tie at 20 and share rank 2, listed by name; S4 comes 4th.
    order = [(x["student_id"], x["rank"], x["total_points"]) for x in j["students"]]
    assert order == [(w.S1.id, 1, 77), (w.S3.id, 2, 20), (w.S2.id, 2, 20), (w.S4.id, 4, 0)]
    assert j["group_stats"] == {"average_points": 29.3, "total_students": 4}
    assert j["period"] == {"type": "all_time"}


def test_rating_month(stack, cls):
    w = cls
    assert rating(stack, w.T1, w.G1["id"], "?month=2026-13").status == 400
    assert rating(stack, w.T1, w.G1["id"], "?month=march").status == 400
    j = rating(stack, w.T1, w.G1["id"], "?month=2025-03").json()
    assert j["period"] == {"type": "month", "month": "2025-03", "start_date": "2025-03-01",
                           "end_date": "2025-03-31"}
    s1 = next(x for x in j["students"] if x["student_id"] == w.S1.id)
    # The homework is due yesterday, not in March 2025.
    assert (s1["attendance_points"], s1["homework_points"], s1["control_points"]) == (30, 0, 7)
    j = rating(stack, w.T1, w.G1["id"], "?month=2025-04").json()
    assert all(x["total_points"] == 0 and x["rank"] == 1 for x in j["students"])


def test_rating_readers(stack, cls):
    w = cls
    r = rating(stack, w.S1, w.G1["id"])
    assert r.status == 200
    assert all("email" not in x for x in r.json()["students"])
    assert w.S2.email not in r.text
    for u, code in ((w.S5, 404), (w.T2, 404), (w.A, 200)):
        assert rating(stack, u, w.G1["id"]).status == code
    # HMS's shape.
    r = api(stack, "GET", f"/api/teacher-stats/group_rating/?group_id={w.G1['id']}", w.T1)
    assert r.status == 200, r
    top = r.json()["students"][0]
    assert top == {"rank": 1, "student_id": w.S1.id, "name": "Алексеев Иван",
                   "avatar_color": top["avatar_color"], "stats": "Выполнил 1 тестов, 100% "
                   "правильно", "time_spent": "00:00:00", "total_score": 77}
    for q, code in (("", 400), ("?group_id=x", 400), ("?group_id=999999999", 404)):
        assert api(stack, "GET", "/api/teacher-stats/group_rating/" + q,
                   w.T1).status == code, q


def test_gradebook(stack, cls):
    w = cls
    url = "/api/gradebook/?group="
    r = api(stack, "GET", url + str(w.G1["id"]), w.T1)
    assert r.status == 200, r
    j = r.json()
    assert j["group"] == w.G1["name"] and len(j["students"]) == 4
    s1 = next(x for x in j["students"] if x["student_id"] == w.S1.id)
    assert s1 == {"student_id": w.S1.id, "student_email": w.S1.email,
                  "student_name": "Алексеев Иван", "attendance_present": 3,
                  "attendance_absent": 0, "attendance_excused": 0,
                  "attendance_percent": 100.0, "homework_avg": 50.0,
                  "control_points_avg": 7.0, "homework_percent_avg": 100.0}
    s4 = next(x for x in j["students"] if x["student_id"] == w.S4.id)
    assert s4["attendance_percent"] == 0.0 and s4["attendance_excused"] == 1
    assert s4["homework_avg"] is None and s4["control_points_avg"] is None
    # A student gets their own row only.
    mine = api(stack, "GET", url + str(w.G1["id"]), w.S2).json()["students"]
    assert [x["student_id"] for x in mine] == [w.S2.id]
    for u, q, code in ((w.S5, w.G1["id"], 403), (w.T2, w.G1["id"], 403),
                       (w.T1, "abc", 400), (w.T1, "999999999", 404), (w.T1, "", 400)):
        assert api(stack, "GET", url + str(q), u).status == code, (u.role, q)


def test_report_and_summary_agree(stack, cls):
    w = cls
    rep = api(stack, "GET", f"/api/groups/{w.G1['id']}/report/", w.T1).json()
    summ = api(stack, "GET", f"/api/analytics/summary-report/?group_id={w.G1['id']}",
               w.T1).json()
    assert rep["total_lessons"] == 3 and rep["lessons_created"] is True
    by_id = {s["id"]: s for s in summ["students"]}
    for s in rep["students"]:
        h = by_id[s["student_id"]]
        assert h["attendance_percent"] == s["attendance"]["percent"]
        assert h["homework_percent"] == s["homework"]["percent"]
        assert h["attended_lessons"] == s["attendance"]["attended"]
        assert h["total_lessons"] == 3
    assert summ["average"]["attendance_percent"] == rep["attendance_percent"]
    assert summ["average"]["homework_percent"] == rep["homework_percent"]
    s1 = next(s for s in rep["students"] if s["student_id"] == w.S1.id)
    assert s1["homework"] == {"total_homework": 1, "submitted": 1, "graded": 1, "missing": 0,
                              "percent": 100.0, "avg_score": 50.0, "score_percent": 100.0,
                              "errors_percent": 0.0}
    assert s1["control_points"] == {"points": 7, "results": 1, "percent": 70.0}
    # (100 + 66.7 + 66.7 + 0) / 4 = 58.3; homework 1 of 4 handed in.
    assert rep["attendance_percent"] == 58.3 and rep["homework_percent"] == 25.0
    # No lessons: null, not 0.
    g = create_group(stack, w.T1, student_ids=[w.S1.id])
    rep = api(stack, "GET", f"/api/groups/{g['id']}/report/", w.T1).json()
    assert rep["lessons_created"] is False and rep["attendance_percent"] is None
    summ = api(stack, "GET", f"/api/analytics/summary-report/?group_id={g['id']}", w.T1).json()
    assert summ["lessons_created"] is False and summ["students"][0]["attendance_percent"] is None
    for u, code in ((w.S1, 403), (w.T2, 404), (w.A, 200)):
        assert api(stack, "GET", f"/api/groups/{w.G1['id']}/report/", u).status == code
    assert api(stack, "GET", "/api/analytics/summary-report/?group_id=x", w.T1).status == 400


def test_student_summary_is_the_report_row(stack, cls):
    """The student's summary (PHASE2-3.md 2.6) reads rollups kept by triggers
    (sql/migrations/0029): each of their groups' figures equal the group's all-time report
    row, through marks of past, today's, future and cancelled lessons, homework for the whole
    group and for one student by name, right, wrong and overridden scores, a lesson moved
    to another group, homework back to draft and deleted; the rollups equal a rebuild."""
    from test_tallies import check as rollups_check
    w = cls
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    g = create_group(stack, w.T1, student_ids=[w.S1.id, w.S2.id])
    day = datetime.timedelta(days=1)
    les = [lesson(stack, w.T1, g, now - k * day) for k in (40, 3, 2)]
    les.append(lesson(stack, w.T1, g, now - datetime.timedelta(hours=1, minutes=30)))
    les.append(lesson(stack, w.T1, g, now + 2 * day))
    for lid, marks in zip(les, ([(w.S1, "present"), (w.S2, "absent")],
                                [(w.S1, "excused"), (w.S2, "late")],
                                [(w.S1, "absent"), (w.S2, "present")],
                                [(w.S1, "late")], [(w.S1, "present"), (w.S2, "present")])):
        mark(stack, w.T1, lid, marks)
    r = api(stack, "POST", f"{L}{les[2]}/cancel/", w.T1)
    assert r.status == 200, r
    hw = [create_homework(stack, w.T1, g["id"], publish=True, questions=single_choice(p))["id"]
          for p in (10, 3)]
    r = api(stack, "POST", "/api/homework/", w.T1, json={
        "title": "Лично", "questions": single_choice(7),
        "group_assignments_data": [{"group_id": g["id"], "student_ids": [w.S2.id]}]})
    assert r.status == 201, r
    hw.append(r.json()["id"])
    assert api(stack, "POST", f"/api/homework/{hw[2]}/publish/", w.T1).status == 200
    subs = {}
    for s, h, right in ((w.S1, hw[0], True), (w.S2, hw[0], False), (w.S1, hw[1], True),
                        (w.S2, hw[2], True)):
        sub = start(stack, s, h)
        answers = right_choice(stack, w.T1, h)
        if not right:
            answers = {k: v + 1 for k, v in answers.items()}
        assert submit(stack, s, sub["id"], {"answers": answers}).status == 200
        subs[s.id, h] = sub["id"]
    start(stack, w.S2, hw[1])       # begun, not handed in

    def agree(what):
        rep = api(stack, "GET", f"/api/groups/{g['id']}/report/", w.T1).json()
        for s in (w.S1, w.S2):
            r = api(stack, "GET", "/api/student-stats/summary/", s)
            assert r.status == 200, r
            mine = next(x for x in r.json()["groups"] if x["id"] == g["id"])
            row = next(x for x in rep["students"] if x["student_id"] == s.id)
            att, h = row["attendance"], row["homework"]
            got = (mine["attendance_percent"], mine["attendance_present"],
                   mine["attendance_total_marked"], mine["homework_percent"],
                   mine["homework_score_percent"], mine["homeworks_total"],
                   mine["homeworks_completed"], mine["students_count"],
                   round(100 * mine["homework_errors"] / mine["homework_answers_checked"], 1)
                   if mine["homework_answers_checked"] else None)
            want = (att["percent"], att["attended"],
                    att["attended"] + att["absent"] + att["excused"], h["percent"],
                    h["score_percent"], h["total_homework"], h["submitted"],
                    rep["total_students"], h["errors_percent"])
            assert got == want, (what, s.id, got, want)
        rollups_check(stack, what)
        return rep

    rep = agree("made")
    s1 = next(x for x in rep["students"] if x["student_id"] == w.S1.id)
    assert (s1["attendance"]["total_lessons"], s1["attendance"]["attended"]) == (3, 2)
    assert s1["homework"]["total_homework"] == 2
    r = api(stack, "POST", f"/api/submissions/{subs[w.S1.id, hw[1]]}/grade/", w.T1,
            json={"grade": 2, "feedback": "2 из 3"})
    assert r.status == 200, r
    agree("score overridden")
    db(stack, f"UPDATE schedule_lesson SET group_id = {w.G2['id']} WHERE id = {les[1]}")
    agree("lesson moved away")
    db(stack, f"UPDATE homework_homework SET status = 'draft' WHERE id = {hw[2]}")
    agree("homework back to draft")
    db(stack, f"DELETE FROM homework_homework WHERE id = {hw[0]}")     # its work too
    agree("homework deleted")


def export(stack, user, gid, fmt):
    return api(stack, "GET", f"/api/groups/{gid}/report/export/?format={fmt}", user)


def test_csv_export(stack, cls):
    w = cls
    r = export(stack, w.T1, w.G1["id"], "csv")
    assert r.status == 200, r
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    cd = r.headers["content-disposition"]
    today = datetime.date.today().strftime("%Y%m%d")
    name = f"group-{w.G1['id']}-report-"
    assert cd.startswith(f'attachment; filename="{name}') and ".csv\"" in cd
    assert f"filename*=UTF-8''{name}" in cd and today[:6] in cd
    assert r.body[:3] == b"\xef\xbb\xbf"
    text = r.body[3:].decode("utf-8")
    assert text.endswith("\r\n") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == HEADERS
    assert len(rows) == 1 + 4 + 1 and rows[-1][1] == "Среднее"
    s1 = next(x for x in rows if x[1] == "Алексеев Иван")
    assert s1 == ["2", "Алексеев Иван", w.S1.email, "3", "3", "0", "0", "100.0", "1", "1",
                  "1", "0", "100.0", "100.0", "0.0", "7", "77", "1"], s1
    # The formula is text; the comma and quotes are quoted.
    evil = next(x for x in rows if "HYPERLINK" in x[1])
    assert evil[1].startswith("'=HYPERLINK(")
    assert '"\'=HYPERLINK(""http://evil.example/"",""клик"") Jo, ""the"" Kid"' in text
    assert evil[13] == "" and evil[5] == "2"        # no homework score; 2 missed (1 unmarked)
    assert rows[-1][7] == "58.3" and rows[-1][17] == ""


def test_xlsx_export(stack, cls, tmp_path):
    w = cls
    r = export(stack, w.T1, w.G1["id"], "xlsx")
    assert r.status == 200, r
    assert r.headers["content-type"] == \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert ".xlsx\"" in r.headers["content-disposition"]
    path = tmp_path / "r.xlsx"
    path.write_bytes(r.body)
    listing = subprocess.run(["unzip", "-l", str(path)], stdout=subprocess.PIPE, text=True)
    assert listing.returncode == 0 and "xl/worksheets/sheet1.xml" in listing.stdout
    z = zipfile.ZipFile(path)
    assert z.testzip() is None
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    strings = z.read("xl/sharedStrings.xml").decode()
    assert 'state="frozen"' in sheet and "<cols>" in sheet and "<f>" not in sheet
    assert "<v>77</v>" in sheet and "<v>58.3</v>" in sheet and "<v>100</v>" in sheet
    assert "Алексеев Иван" in strings and "Отчёт" in z.read("xl/workbook.xml").decode()
    assert "Посещаемость, %" in strings and "Среднее" in strings
    # The percentages are numbers (no t="s") in the 0.0 format.
    assert 'formatCode="0.0"' in z.read("xl/styles.xml").decode()
    for fmt, code in (("pdf", 400), ("", 400), ("CSV", 400)):
        assert export(stack, w.T1, w.G1["id"], fmt).status == code, fmt
    assert export(stack, w.S1, w.G1["id"], "csv").status == 403
    assert export(stack, w.T2, w.G1["id"], "xlsx").status == 404
