"""tpanel import-django (issue 8): the original's `dumpdata` export moved into a private stack
(imported users must not disturb the other tests), checked in the database and through the API.

The tests of this file run in order on one stack: bad input first (nothing written), then a dry
run (nothing written, the same report), the import, what users see after it, a second import
(nothing twice). The large-dump memory check has a stack of its own.
"""

import copy
import json
import os
import random
import re
import subprocess
import time

import pytest

from conftest import REPO, _start_stack, _teardown
from django_dump import PASSWORDS, argon2_hash, fixture, write_large
from test_groups_api import PW, api, create_group, sign_in

ROW = re.compile(r"^  (\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)  ", re.M)
TABLES = ["accounts_customuser", "zoom_pool_zoomaccount", "schedule_group",
          "schedule_group_students", "schedule_lesson", "schedule_recurringlesson",
          "schedule_attendance", "schedule_lessonrecording", "schedule_auditlog",
          "schedule_individualinvitecode", "schedule_invitecode_use", "invite_code_namespace",
          "import_django_map", "homework_homework", "homework_assignment", "homework_question",
          "homework_choice", "homework_studentsubmission", "homework_answer",
          "homework_answer_selected_choices"]


# -- helpers -------------------------------------------------------------------------------------

def tpanel(st, *args, timeout=600):
    return subprocess.run([str(REPO / "tpanel"), "-c", str(st.dir / "tpanel.conf"), *args],
                          env=st.env, cwd=REPO, timeout=timeout, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)


def sql(st, query):
    """Rows of a query, as MariaDB's root over the stack's socket (tab-separated text)."""
    p = subprocess.run(["mariadb", "--no-defaults", f"--socket={st.dir}/mariadb/mysql.sock",
                        "-uroot", "-N", "-B", "tpanel", "-e", query],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return [line.split("\t") for line in p.stdout.splitlines()]


def counts(st):
    q = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in TABLES)
    return {t: int(n) for t, n in sql(st, q)}


def rows(report):
    """The report's table: model -> (read, imported, already, skipped)."""
    return {m: tuple(map(int, n)) for m, *n in ROW.findall(report)}


def write(tmp_path, name, records_or_text):
    p = tmp_path / name
    if isinstance(records_or_text, str):
        p.write_text(records_or_text, encoding="utf-8")
    else:
        p.write_text(json.dumps(records_or_text, ensure_ascii=False, indent=1), encoding="utf-8")
    return p


def find(records, model, pk):
    return next(r for r in records if r["model"] == model and r["pk"] == pk)


def token_of(st, email, password):
    r = st.post("/api/jwt/token/", json={"email": email, "password": password})
    return r.status, (r.json().get("access") if r.status == 200 else None)


# -- the stack and what is there before the import ------------------------------------------------

@pytest.fixture(scope="module")
def st(request):
    s = _start_stack("tpimp", workers="2")
    failed_before = request.session.testsfailed
    yield s
    _teardown(s, failed=request.session.testsfailed > failed_before)


@pytest.fixture(scope="module")
def before(st):
    """Users and a group made here before the move: ids 1-3 of users and 1 of groups are taken,
    one existing account has the email of a user in the dump, and a group code is in use."""
    p = subprocess.run([str(REPO / "tpanel"), "-c", str(st.dir / "tpanel.conf"), "user", "create",
                        "--email", "operator@new.example", "--role", "admin"],
                       input=PW + "\n", env=st.env, cwd=REPO, timeout=60, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    assert p.returncode == 0, p.stderr
    r = st.post("/api/jwt/register/", json={"email": "teacher@new.example", "password": PW,
                                            "role": "teacher"})
    assert r.status == 201, r
    teacher = sign_in(st, "teacher@new.example")
    # The dump's user pk=8 "gone@school.example" registered here already (in another case).
    r = st.post("/api/jwt/register/", json={"email": "Gone@School.example", "password": PW})
    assert r.status == 201, r
    group = create_group(st, teacher, "Здешняя группа")
    return {"clash_code": group["invite_code"], "gone_id": r.json()["user_id"]}


@pytest.fixture(scope="module")
def dump(before):
    return fixture(before["clash_code"])


# -- bad input stops, naming the record, and writes nothing ---------------------------------------

def _truncate(text):
    return text[: text.index('"model": "schedule.lesson"') + 60]


BAD = {
    "not_json": (lambda d: "Это не JSON, а текст.", r"not a dumpdata export"),
    "truncated": (lambda d: _truncate(json.dumps(d, indent=1, ensure_ascii=False)),
                  r"record \d+: the file ends inside it at byte \d+ \(truncated\?\)"),
    "no_closing_bracket": (lambda d: json.dumps(d, ensure_ascii=False)[:-1],
                           r"the file ends after record 68 without the closing"),
    "unknown_model": (lambda d: d[:20] + [{"model": "payments.invoice", "pk": 7, "fields": {}}]
                      + d[20:], r"record 21 \(payments\.invoice pk=7\): unknown model"),
    "broken_fk": (None, r"record 33 \(schedule\.attendance pk=5\): field \"lesson\": "
                        r"schedule\.lesson pk=404 is not in the dump"),
    "lesson_of_missing_group": (None, r"record 24 \(schedule\.lesson pk=2\): field \"group\": "
                                      r"schedule\.group pk=99 is not in the dump"),
    "wrong_type_datetime": (None, r"record 25 \(schedule\.lesson pk=3\): field \"start_time\": "
                                  r"a date-time \(ISO 8601 text\) expected, found 1707231600"),
    "wrong_type_bool": (None, r"record 6 \(accounts\.customuser pk=4\): field \"is_active\": "
                              r"true or false expected, found \"yes\""),
    "natural_foreign_key": (None, r"record 19 \(schedule\.group pk=1\): field \"teacher\": "
                                  r"a primary key \(export without --natural-foreign\) expected"),
    "duplicate_pk": (None, r"record 69 \(schedule\.lesson pk=1\): a second record with this pk"),
}


def _bad_records(kind, d):
    d = copy.deepcopy(d)
    if kind == "broken_fk":
        find(d, "schedule.attendance", 5)["fields"]["lesson"] = 404     # late: after inserts
    elif kind == "lesson_of_missing_group":
        find(d, "schedule.lesson", 2)["fields"]["group"] = 99
    elif kind == "wrong_type_datetime":
        find(d, "schedule.lesson", 3)["fields"]["start_time"] = 1707231600
    elif kind == "wrong_type_bool":
        find(d, "accounts.customuser", 4)["fields"]["is_active"] = "yes"
    elif kind == "natural_foreign_key":
        find(d, "schedule.group", 1)["fields"]["teacher"] = ["anna.teacher@school.example"]
    elif kind == "duplicate_pk":
        d.append(copy.deepcopy(find(d, "schedule.lesson", 1)))
    return d


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_input_stops_naming_the_record_and_writes_nothing(st, dump, tmp_path, kind):
    make, message = BAD[kind]
    content = make(dump) if make else _bad_records(kind, dump)
    f = write(tmp_path, f"{kind}.json", content)
    was = counts(st)
    p = tpanel(st, "import-django", str(f))
    assert p.returncode == 1, (p.stdout, p.stderr)
    assert re.search(message, p.stderr), p.stderr
    assert "stopped; nothing was imported" in p.stderr
    assert p.stdout == "", p.stdout             # no report: nothing happened
    assert counts(st) == was


def test_bad_arguments(st, tmp_path):
    assert tpanel(st, "import-django").returncode == 2
    assert tpanel(st, "import-django", "a.json", "b.json").returncode == 2
    assert tpanel(st, "import-django", "a.json", "--force").returncode == 2
    p = tpanel(st, "import-django", str(tmp_path / "missing.json"))
    assert p.returncode == 1 and "No such file" in p.stderr, p.stderr


# -- dry run, then the import ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def dump_file(dump, tmp_path_factory):
    return write(tmp_path_factory.mktemp("dump"), "dump.json", dump)


@pytest.fixture(scope="module")
def dry(st, dump_file):
    was = counts(st)
    p = tpanel(st, "import-django", str(dump_file), "--dry-run")
    assert p.returncode == 0, p.stderr
    assert counts(st) == was, "a dry run wrote something"
    return p.stdout


def test_dry_run_reports_and_writes_nothing(dry):
    assert "(dry run: nothing was written)" in dry
    assert "68 records read, in 2 passes" in dry       # in dependency order: one insert pass
    assert rows(dry)["accounts.customuser"] == (8, 6, 1, 1)


def test_shuffled_dump_gives_the_same_report(st, dump, dry, tmp_path):
    """dumpdata's order is not relied on: records in any order import the same."""
    shuffled = copy.deepcopy(dump)
    random.Random(8).shuffle(shuffled)
    was = counts(st)
    p = tpanel(st, "import-django", str(write(tmp_path, "shuffled.json", shuffled)), "--dry-run")
    assert p.returncode == 0, p.stderr
    assert counts(st) == was
    assert "68 records read, in 8 passes" in p.stdout   # one more pass per level of references
    assert rows(p.stdout) == rows(dry)


@pytest.fixture(scope="module")
def imported(st, dry, dump_file):
    was = counts(st)
    p = tpanel(st, "import-django", str(dump_file))
    assert p.returncode == 0, p.stderr
    return {"report": p.stdout, "before": was, "after": counts(st)}


def test_import_reports_what_the_dry_run_said(dry, imported):
    report = imported["report"]
    assert "dry run" not in report
    assert rows(report) == rows(dry)
    ids = re.search(r"^Ids: .*$", report, re.M).group(0)
    assert ids == re.search(r"^Ids: .*$", dry, re.M).group(0)
    # Users pk 1-3 and group pk 1 were taken here; the rest kept their ids.
    assert ids.startswith("Ids: 41 kept as in the original, 4 new"), ids
    assert rows(report) == {
        "accounts.customuser": (8, 6, 1, 1),
        "zoom_pool.zoomaccount": (2, 2, 0, 0),
        "schedule.group": (5, 5, 0, 0),
        "schedule.recurringlesson": (2, 1, 0, 1),
        "schedule.lesson": (4, 3, 0, 1),
        "schedule.attendance": (5, 3, 0, 2),
        "schedule.lessonrecording": (1, 1, 0, 0),
        "schedule.auditlog": (2, 2, 0, 0),
        "schedule.individualinvitecode": (2, 2, 0, 0),
        "schedule.group.students": (7, 6, 0, 1),
        "schedule.individualinvitecode.used_by": (1, 1, 0, 0),
        "homework.homework": (3, 2, 0, 1),
        "homework.homeworkgroupassignment": (1, 1, 0, 0),
        "homework.question": (6, 4, 0, 2),
        "homework.choice": (6, 5, 0, 1),
        "homework.studentsubmission": (5, 3, 0, 2),
        "homework.answer": (8, 5, 0, 3),
        "homework.homework.assigned_*": (2, 2, 0, 0),
        "homework.answer.selected_choices": (4, 4, 0, 0),
    }


def test_import_counts_in_the_database(imported):
    b, a = imported["before"], imported["after"]
    grew = {t: a[t] - b[t] for t in TABLES}
    assert grew == {
        "accounts_customuser": 6, "zoom_pool_zoomaccount": 2,
        "schedule_group": 6,                 # 5 groups + the individual group of a used code
        "schedule_group_students": 7,        # 6 members + the individual group's student
        "schedule_lesson": 3, "schedule_recurringlesson": 1, "schedule_attendance": 3,
        "schedule_lessonrecording": 1, "schedule_auditlog": 2,
        "schedule_individualinvitecode": 2, "schedule_invitecode_use": 1,
        "invite_code_namespace": 7,          # 5 group codes + 2 individual codes
        "import_django_map": 7 + 2 + 5 + 1 + 3 + 3 + 1 + 2 + 2    # imported, and the user matched by email
        + 2 + 1 + 4 + 5 + 3 + 5,                                  # homework
        "homework_homework": 2,
        "homework_assignment": 2,            # group 1's student 4 (its own deadline), student 4
        "homework_question": 4, "homework_choice": 5, "homework_studentsubmission": 3,
        "homework_answer": 5, "homework_answer_selected_choices": 4,
    }


def test_report_lists_skips_and_decisions(imported):
    r = imported["report"]
    skipped = r[r.index("\nSkipped:"):]
    assert re.search(r"accounts\.customuser pk=5 \(record 7\): email Maria@School\.example "
                     r"differs only in case from that of accounts\.customuser pk=6 "
                     r"\(maria@school\.example\), which is imported \(signed in more recently\)",
                     skipped)
    assert "schedule.lesson pk=4 (record 26): ends (2024-02-08T09:00:00Z) before it starts" \
        in skipped
    assert "schedule.attendance pk=5 (record 33): its lesson (schedule.lesson pk=4) is skipped" \
        in skipped
    assert 'schedule.recurringlesson pk=2 (record 28): week_type "ODD"' in skipped
    assert "schedule.attendance pk=3 (record 31): a mark of the same student " \
           "(accounts.customuser pk=6 here as id 6) for this lesson is already here" in skipped
    notes = r[r.index("\nNotes:"):r.index("\nSkipped:")]
    assert 'accounts.customuser pk=1 (record 3): role "" with is_superuser: imported as admin' \
        in notes
    assert "accounts.customuser pk=3 (record 5): is_staff with role teacher: kept as teacher" \
        in notes
    assert 'accounts.customuser pk=7 (record 9): role "parent" is not student, teacher or admin: ' \
           'imported as student' in notes
    assert "gone@school.example is already here" in notes
    assert re.search(r"schedule\.group pk=2 \(record 20\): group code [A-Z0-9]{8} clashes with a "
                     r"code already in use here: new code [A-Z0-9]{8}", notes)
    assert "schedule.group pk=3 (record 21): group had no invite code: new code" in notes
    assert "schedule.group pk=5 (record 39): its teacher parent@school.example is a student " \
           "here: only admins see the group until that changes" in notes
    assert "taken as UTC: 3" in notes           # ivan's last login, lesson 3's two times
    assert "stored encrypted: 1" in notes
    assert "lesson start URLs not kept" in notes
    assert re.search(r"pool1@school\.example: imported INACTIVE, flagged as needing "
                     r"Server-to-Server credentials", notes)
    out = r[r.index("Not imported"):r.index("\nNotes:")]
    for model in ["contenttypes.contenttype", "auth.permission", "sessions.session",
                  "admin.logentry", "token_blacklist.outstandingtoken", "schedule.zoomaccount",
                  "accounts.statusbarmessage", "homework.answerversion"]:
        assert re.search(rf"^  {re.escape(model)}\s+1  \S", out, re.M), (model, out)


def new_id(st, model, pk):
    (row,) = sql(st, f"SELECT new_id FROM import_django_map WHERE model = '{model}' "
                     f"AND old_pk = {pk}")
    return int(row[0])


def test_users_roles_and_secrets_in_the_database(st, before, imported):
    users = {e: (role, int(su), int(staff), int(active)) for e, role, su, staff, active in sql(
        st, "SELECT email, role, is_superuser, is_staff, is_active FROM accounts_customuser")}
    assert users["boss@school.example"] == ("admin", 1, 1, 1)
    assert users["boris@school.example"] == ("teacher", 0, 1, 1)
    assert users["parent@school.example"][0] == "student"
    assert users["maria@school.example"][0] == "student"
    assert "Maria@School.example" not in users and len([e for e in users if "maria" in e]) == 1
    assert users["gone@school.example"] == ("student", 0, 0, 1)   # the account here, untouched
    assert new_id(st, "accounts.customuser", 8) == before["gone_id"]
    # Taken ids: new ones, above the dump's and the table's largest.
    assert new_id(st, "accounts.customuser", 1) > 8 and new_id(st, "schedule.group", 1) > 4
    assert new_id(st, "accounts.customuser", 4) == 4
    # Merged: the dump's pk=5 stands for pk=6 here.
    assert int(sql(st, "SELECT COUNT(*) FROM accounts_customuser WHERE email = "
                       "'maria@school.example' AND id = 6")[0][0]) == 1
    # The teacher's own Zoom client secret: sealed, never in clear.
    (secret,) = sql(st, "SELECT zoom_client_secret FROM accounts_customuser WHERE email = "
                        "'anna.teacher@school.example'")[0]
    assert secret.startswith("aead1:") and "very-secret" not in secret
    (phone,) = sql(st, "SELECT COUNT(*) FROM accounts_customuser WHERE phone_number = ''")[0]
    assert phone == "0"                         # '' became NULL (the column is unique)


def test_pool_accounts_are_inactive_until_they_get_s2s_credentials(st, imported):
    accounts = sql(st, "SELECT email, is_active, needs_s2s, current_meetings, "
                       "max_concurrent_meetings, zoom_user_id, zoom_client_secret_enc "
                       "FROM zoom_pool_zoomaccount ORDER BY email")
    assert accounts == [["pool1@school.example", "0", "1", "0", "2", "host1", ""],
                        ["pool2@school.example", "0", "1", "0", "1", "", ""]]
    dumped = " ".join(" ".join(r) for t in ["zoom_pool_zoomaccount", "accounts_customuser"]
                      for r in sql(st, f"SELECT * FROM {t}"))
    assert "jwt-key-1" not in dumped and "jwt-secret-1" not in dumped
    # The lesson that ran on pool account 1 still points at it.
    (acc,) = sql(st, "SELECT a.email FROM schedule_lesson l JOIN zoom_pool_zoomaccount a "
                     f"ON a.id = l.zoom_account_id WHERE l.id = {new_id(st, 'schedule.lesson', 1)}")
    assert acc == ["pool1@school.example"]


def test_times_are_utc_and_weekly_times_kept(st, imported):
    times = dict((t, (s, e)) for t, s, e in sql(
        st, "SELECT title, start_time, end_time FROM schedule_lesson"))
    assert times["Уравнения"] == ("2024-02-07 10:00:00.000000", "2024-02-07 11:30:00.000000")
    assert times["Механика"] == ("2024-02-06 15:00:00.000000", "2024-02-06 16:00:00.000000")
    assert sql(st, "SELECT start_time, end_time, week_type FROM schedule_recurringlesson") == \
        [["10:00:00", "11:00:00", "ALL"]]
    assert sql(st, "SELECT status FROM schedule_lessonrecording") == [["ready"]]  # "completed"
    (detail,) = sql(st, "SELECT details FROM schedule_auditlog WHERE resource_id = 1 AND "
                        "action = 'lesson_start'")[0]
    assert json.loads(detail)["lesson_title"] == "Дроби"


# -- through the API, with the old passwords -----------------------------------------------------

def test_teacher_signs_in_with_the_old_password_and_sees_groups_and_lessons(st, imported):
    status, token = token_of(st, "Anna.Teacher@school.example", PASSWORDS["teacher"])
    assert status == 200
    (hash_,) = sql(st, "SELECT password FROM accounts_customuser WHERE email = "
                       "'anna.teacher@school.example'")[0]
    assert hash_.startswith("argon2$argon2id$"), "the pbkdf2 hash should be upgraded at sign-in"
    assert token_of(st, "anna.teacher@school.example", PASSWORDS["teacher"])[0] == 200
    groups = api(st, "GET", "/api/groups/", token).json()["results"]
    by_name = {g["name"]: g for g in groups}
    assert set(by_name) == {"Математика 7А", "Кружок", "Старый код"}
    math = by_name["Математика 7А"]
    assert math["invite_code"] == "AB2CD3EF" and math["description"] == "Алгебра"
    assert {s["email"] for s in math["students"]} == {
        "ivan@school.example", "maria@school.example", "parent@school.example"}
    assert by_name["Старый код"]["invite_code"] != "OLD0CODE"
    lessons = api(st, "GET", "/api/schedule/lessons/", token).json()["results"]
    assert [(x["title"], x["start_time"], x["end_time"]) for x in lessons] == [
        ("Дроби", "2024-02-05T10:00:00Z", "2024-02-05T11:00:00Z"),
        ("Уравнения", "2024-02-07T10:00:00Z", "2024-02-07T11:30:00Z")]
    first = lessons[0]
    assert first["zoom_meeting_id"] == "81234567890"
    assert first["zoom_join_url"] == "https://zoom.us/j/81234567890"
    assert first["zoom_start_url"] is None or "zak=secret" not in first["zoom_start_url"]
    assert first["group_name"] == "Математика 7А" and first["teacher_name"] == "Петрова Анна"
    detail = api(st, "GET", f"/api/schedule/lessons/{first['id']}/", token).json()
    marks = {a["student"]: a["status"] for a in detail["attendances"]}
    assert sorted(marks.values()) == ["absent", "present"], detail["attendances"]
    assert [r["url"] for r in detail["recordings"]] == ["https://zoom.us/rec/play/1"]


def test_imported_homework_for_its_teacher_and_students(st, imported):
    """The early homework reaches the lesson's group, the later one the student it was
    assigned to; work keeps its scores, picks and lateness against its own deadline."""
    _, teacher = token_of(st, "anna.teacher@school.example", PASSWORDS["teacher"])
    mine = api(st, "GET", "/api/homework/", teacher).json()
    by_title = {h["title"]: h for h in mine["results"]}
    assert set(by_title) == {"ДЗ по дробям", "Европа"}
    early, later = by_title["ДЗ по дробям"], by_title["Европа"]
    assert early["status"] == "published" and early["group_name"] == "Математика 7А"
    assert later["group_assignments"][0]["student_ids"] and \
        later["group_assignments"][0]["deadline"] == "2024-02-12T00:00:00Z"
    assert [s["email"] for s in later["assigned_students"]] == ["ivan@school.example"]
    full = api(st, "GET", f"/api/homework/{later['id']}/", teacher).json()
    assert [q["question_type"] for q in full["questions"]] == ["MULTI_CHOICE", "FILL_BLANKS"]
    assert sum(c["is_correct"] for c in full["questions"][0]["choices"]) == 2
    subs = api(st, "GET", f"/api/submissions/?homework={later['id']}", teacher).json()
    (work,) = subs["results"]
    assert work["status"] == "graded" and work["total_score"] == 5 and not work["is_late"]
    one = api(st, "GET", f"/api/submissions/{work['id']}/", teacher).json()
    picked = {a["question_type"]: a for a in one["answers"]}
    assert len(picked["MULTI_CHOICE"]["selected_choices"]) == 2
    assert picked["FILL_BLANKS"]["answer"] == ["Paris"]
    assert one["teacher_feedback_summary"]["text"] == "Молодец"
    _, ivan = token_of(st, "ivan@school.example", PASSWORDS["student"])
    seen = {h["title"] for h in api(st, "GET", "/api/homework/", ivan).json()["results"]}
    assert seen == {"ДЗ по дробям", "Европа"}
    stats = api(st, "GET", f"/api/homework/{early['id']}/statistics/", teacher).json()
    assert stats["totals"]["students_total"] == 3          # the lesson's group, members now


def test_student_signs_in_and_sees_groups_and_the_individual_enrolment(st, imported):
    status, token = token_of(st, "ivan@school.example", PASSWORDS["student"])
    assert status == 200
    names = {g["name"] for g in api(st, "GET", "/api/groups/", token).json()["results"]}
    assert names == {"Математика 7А", "Физика", "Старый код", "Физика — Смирнов Иван"}


def test_merged_user_keeps_the_password_of_the_account_kept(st, imported):
    assert token_of(st, "Maria@school.example", "Maria-New-1")[0] == 200
    assert token_of(st, "maria@school.example", "Maria-Old-1")[0] == 401


def test_argon2_hash_from_the_original_signs_in(st, imported):
    if argon2_hash("x") is None:
        pytest.skip("no argon2 command-line tool to make the original's argon2 hash")
    status, token = token_of(st, "boris@school.example", PASSWORDS["argon"])
    assert status == 200
    groups = {g["name"]: g for g in api(st, "GET", "/api/groups/", token).json()["results"]}
    assert set(groups) == {"Физика", "Физика — Смирнов Иван"}
    assert groups["Физика — Смирнов Иван"]["kind"] == "individual"
    lessons = api(st, "GET", "/api/schedule/lessons/", token).json()["results"]
    assert [(x["title"], x["start_time"]) for x in lessons] == [
        ("Механика", "2024-02-06T15:00:00Z")]


def test_clashing_code_was_replaced(st, before, imported):
    (code,) = sql(st, "SELECT invite_code FROM schedule_group WHERE name = 'Физика' "
                      "AND kind = 'group'")[0]
    assert code != before["clash_code"] and re.fullmatch(r"[A-HJKMNP-Z2-9]{8}", code)
    (here,) = sql(st, "SELECT invite_code FROM schedule_group WHERE name = 'Здешняя группа'")[0]
    assert here == before["clash_code"]          # the group here keeps its code


# -- a second run ---------------------------------------------------------------------------------

def test_second_import_imports_nothing_twice(st, dump_file, imported):
    was = counts(st)
    p = tpanel(st, "import-django", str(dump_file))
    assert p.returncode == 0, p.stderr
    assert counts(st) == was
    for model, (read, new, already, skipped) in rows(p.stdout).items():
        assert new == 0, (model, p.stdout)
    got = rows(p.stdout)
    assert got["accounts.customuser"] == (8, 0, 7, 1)
    assert got["schedule.lesson"] == (4, 0, 3, 1)
    assert got["schedule.attendance"][2] == 3
    assert got["schedule.group.students"] == (7, 0, 7, 0)
    assert "Ids: 0 kept as in the original, 0 new" in p.stdout


def test_newer_dump_adds_only_what_is_new(st, dump, tmp_path, imported):
    """Exported again later: the new lesson and its mark come in, the rest is already here."""
    newer = copy.deepcopy(dump)
    newer.append({"model": "schedule.lesson", "pk": 5, "fields": dict(
        find(dump, "schedule.lesson", 2)["fields"], title="Новый урок",
        start_time="2024-03-01T10:00:00Z", end_time="2024-03-01T11:00:00Z")})
    newer.append({"model": "schedule.attendance", "pk": 6, "fields": dict(
        find(dump, "schedule.attendance", 1)["fields"], lesson=5)})
    was = counts(st)
    p = tpanel(st, "import-django", str(write(tmp_path, "newer.json", newer)))
    assert p.returncode == 0, p.stderr
    got = rows(p.stdout)
    assert got["schedule.lesson"] == (5, 1, 3, 1) and got["schedule.attendance"][1] == 1
    now = counts(st)
    assert now["schedule_lesson"] == was["schedule_lesson"] + 1
    assert now["schedule_attendance"] == was["schedule_attendance"] + 1


# -- memory: a large dump is read in bounded memory -----------------------------------------------

@pytest.mark.slow
def test_large_dump_in_bounded_memory(tmp_path, request):
    """200,000 attendance marks (~107 MB): the importer's peak RSS stays far below the file's
    size (it holds one record and the ids, never the array)."""
    path = tmp_path / "large.json"
    write_large(path, 200000)
    size = path.stat().st_size
    assert size > 100 * 1024 * 1024
    s = _start_stack("tpbig", workers="1")
    failed_before = request.session.testsfailed
    try:
        with open(tmp_path / "out.txt", "w") as out, open(tmp_path / "err.txt", "w") as err:
            proc = subprocess.Popen([str(REPO / "tpanel"), "-c", str(s.dir / "tpanel.conf"),
                                     "import-django", str(path)], env=s.env, cwd=REPO,
                                    stdout=out, stderr=err)
            # VmHWM: the process's own peak RSS so far (rusage's ru_maxrss would count the
            # forked pytest before the exec).
            peak_kb, deadline = 0, time.monotonic() + 900
            while proc.poll() is None and time.monotonic() < deadline:
                peak_kb = max(peak_kb, _vm_hwm_kb(proc.pid))
                time.sleep(0.1)
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        assert proc.returncode == 0, (tmp_path / "err.txt").read_text()
        report = rows((tmp_path / "out.txt").read_text())
        assert report["schedule.attendance"] == (200000, 200000, 0, 0)
        assert report["schedule.lesson"] == (1000, 1000, 0, 0)
        assert counts(s)["schedule_attendance"] == 200000
    finally:
        _teardown(s, failed=request.session.testsfailed > failed_before)
    print(f"\n[import-django] {size / 2**20:.0f} MB dump, 200000 marks imported, "
          f"peak RSS {peak_kb / 1024:.1f} MB")
    if _sanitized():
        pytest.skip(f"built with AddressSanitizer (its quarantine and shadow memory inflate RSS): "
                    f"peak RSS {peak_kb} kB not judged")
    assert 0 < peak_kb < 32 * 1024, f"peak RSS {peak_kb} kB for a {size} byte dump"


def _sanitized():
    """Whether ./tpanel is linked with AddressSanitizer."""
    p = subprocess.run(["ldd", str(REPO / "tpanel")], stdout=subprocess.PIPE, text=True)
    return "libasan" in p.stdout


def _vm_hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
