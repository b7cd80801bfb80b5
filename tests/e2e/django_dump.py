"""Exports shaped like the original's `python manage.py dumpdata accounts schedule zoom_pool`
(plus a few records of other apps), for tests/e2e/test_import_django.py.

`fixture(clash_code)` is a small dump with every model and the awkward cases; `write_large(path,
n)` streams a big one (n attendance marks) without holding it in memory. Run as a script to write
either: `python3 tests/e2e/django_dump.py large OUT.json 200000`.
"""

import base64
import hashlib
import json
import shutil
import subprocess
import sys

PASSWORDS = {      # the old system's passwords: they must keep working here
    "teacher": "Old-Teacher-Pw1",
    "student": "Old-Student-Pw1",
    "argon": "Old-Argon-Pw1",
}


def pbkdf2_hash(password, salt="fixturesalt1234", iterations=1000):
    """Django's PBKDF2PasswordHasher format, computed here as Django does."""
    dk = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(dk).decode()}"


def argon2_hash(password):
    """Django's Argon2PasswordHasher format ("argon2" + argon2's encoding), made with the argon2
    command-line tool; None when it is not installed."""
    tool = shutil.which("argon2")
    if tool is None:
        return None
    p = subprocess.run([tool, "fixturesalt5678", "-id", "-t", "2", "-k", "1024", "-p", "1", "-e"],
                       input=password.encode(), stdout=subprocess.PIPE, check=True)
    return "argon2" + p.stdout.decode().strip()


def rec(model_name, pk, **fields):
    return {"model": model_name, "pk": pk, "fields": fields}


def user(pk, email, role, password="!unusable", last_login=None, **kw):
    f = dict(password=password, last_login=last_login, is_superuser=False, first_name="",
             last_name="", is_staff=False, is_active=True, date_joined="2023-09-01T08:00:00Z",
             email=email, email_verified=False, phone_number=None, role=role, middle_name="",
             agreed_to_marketing=False, avatar="", date_of_birth=None, zoom_account_id="",
             zoom_client_id="", zoom_client_secret="", zoom_user_id="", username_handle=None,
             created_at="2023-09-01T08:00:00Z", updated_at="2024-01-10T08:00:00Z",
             groups=[], user_permissions=[])
    f.update(kw)
    return rec("accounts.customuser", pk, **f)


def lesson(pk, group, teacher, start, end, title, **kw):
    f = dict(title=title, group=group, teacher=teacher, start_time=start, end_time=end,
             topics="", location="", zoom_meeting_id=None, zoom_start_url=None,
             zoom_join_url=None, zoom_password=None, zoom_account=None, zoom_account_used=None,
             notes="", created_at="2024-01-01T00:00:00Z", updated_at="2024-01-01T00:00:00Z")
    f.update(kw)
    return rec("schedule.lesson", pk, **f)


def attendance(pk, lesson_pk, student, status="present"):
    return rec("schedule.attendance", pk, lesson=lesson_pk, student=student, status=status,
               notes="", marked_at="2024-02-05T10:00:00Z")


def fixture(clash_code):
    """The small dump. clash_code: an invite code already in use in the target database."""
    argon = argon2_hash(PASSWORDS["argon"])
    users = [
        # The Django superuser: createsuperuser leaves role empty.
        user(1, "Boss@School.example", "", is_superuser=True, is_staff=True,
             first_name="Olga", last_name="Bossova", last_login="2024-03-01T09:00:00+03:00"),
        user(2, "Anna.Teacher@School.example", "teacher", pbkdf2_hash(PASSWORDS["teacher"]),
             first_name="Анна", last_name="Петрова", last_login="2024-03-02T10:00:00.123Z",
             zoom_account_id="acc1", zoom_client_id="cid1", zoom_client_secret="very-secret",
             phone_number="+79990000002"),
        user(3, "boris@school.example", "teacher", argon or "!unusable", is_staff=True,
             first_name="Борис", last_name="Иванов"),
        user(4, "ivan@school.example", "student", pbkdf2_hash(PASSWORDS["student"]),
             first_name="Иван", last_name="Смирнов", last_login="2024-03-03T12:00:00"),
        # Two accounts whose emails differ only by case: 6 signed in more recently.
        user(5, "Maria@School.example", "student", pbkdf2_hash("Maria-Old-1"),
             last_login="2023-10-01T10:00:00Z", first_name="Мария"),
        user(6, "maria@school.example", "student", pbkdf2_hash("Maria-New-1"),
             last_login="2024-02-01T10:00:00Z", first_name="Мария", last_name="Кузнецова"),
        user(7, "parent@school.example", "parent", phone_number=""),
        user(8, "gone@school.example", "student", is_active=False),
    ]
    pool = [
        rec("zoom_pool.zoomaccount", 1, email="Pool1@School.example", api_key="jwt-key-1",
            api_secret="jwt-secret-1", zoom_user_id="host1", max_concurrent_meetings=2,
            current_meetings=1, is_active=True, last_used_at="2024-02-05T10:00:00Z",
            created_at="2023-09-01T00:00:00Z", updated_at="2024-02-05T10:00:00Z",
            preferred_teachers=[2]),
        rec("zoom_pool.zoomaccount", 2, email="pool2@school.example", api_key="jwt-key-2",
            api_secret="jwt-secret-2", zoom_user_id="", max_concurrent_meetings=1,
            current_meetings=0, is_active=False, last_used_at=None,
            created_at="2023-09-01T00:00:00Z", updated_at="2023-09-01T00:00:00Z",
            preferred_teachers=[]),
    ]
    groups = [
        rec("schedule.group", 1, name="Математика 7А", teacher=2, description="Алгебра",
            invite_code="AB2CD3EF", students=[4, 5, 6, 7], created_at="2023-09-02T00:00:00Z",
            updated_at="2023-09-02T00:00:00Z"),
        rec("schedule.group", 2, name="Физика", teacher=3, description="",
            invite_code=clash_code, students=[4, 8], created_at="2023-09-03T00:00:00Z",
            updated_at="2023-09-03T00:00:00Z"),
        # nat0: no invite_code field at all.
        rec("schedule.group", 3, name="Кружок", teacher=2, description="", students=[],
            created_at="2023-09-04T00:00:00Z", updated_at="2023-09-04T00:00:00Z"),
        rec("schedule.group", 4, name="Старый код", teacher=2, description="",
            invite_code="OLD0CODE", students=[4], created_at="2023-09-05T00:00:00Z",
            updated_at="2023-09-05T00:00:00Z"),
    ]
    lessons = [
        lesson(1, 1, 2, "2024-02-05T10:00:00Z", "2024-02-05T11:00:00Z", "Дроби",
               zoom_meeting_id="81234567890", zoom_join_url="https://zoom.us/j/81234567890",
               zoom_start_url="https://zoom.us/s/81234567890?zak=secret", zoom_password="123",
               zoom_account=1),
        # An offset time (Moscow) and a naive one (USE_TZ = False): both end up UTC.
        lesson(2, 1, 2, "2024-02-07T13:00:00+03:00", "2024-02-07T14:30:00+03:00", "Уравнения"),
        lesson(3, 2, 3, "2024-02-06T15:00:00", "2024-02-06T16:00:00", "Механика"),
        lesson(4, 1, 2, "2024-02-08T10:00:00Z", "2024-02-08T09:00:00Z", "Backwards"),
    ]
    extra = [
        rec("schedule.recurringlesson", 1, title="Алгебра по понедельникам", group=1, teacher=2,
            day_of_week=0, week_type="ALL", start_time="10:00:00", end_time="11:00:00",
            start_date="2024-02-01", end_date="2024-05-31", topics="", location="",
            created_at="2024-01-01T00:00:00Z", updated_at="2024-01-01T00:00:00Z"),
        rec("schedule.recurringlesson", 2, title="Странная неделя", group=2, teacher=3,
            day_of_week=2, week_type="ODD", start_time="12:00:00", end_time="13:00:00",
            start_date="2024-02-01", end_date="2024-05-31", topics="", location="",
            created_at="2024-01-01T00:00:00Z", updated_at="2024-01-01T00:00:00Z"),
        attendance(1, 1, 4, "present"),
        attendance(2, 1, 5, "absent"),      # merged into 6 ...
        attendance(3, 1, 6, "present"),     # ... who has a mark for the same lesson
        attendance(4, 3, 4, "excused"),
        attendance(5, 4, 4, "present"),     # its lesson is skipped
        rec("schedule.lessonrecording", 1, lesson=1, zoom_recording_id="rec-1",
            download_url="https://zoom.us/rec/download/1", play_url="https://zoom.us/rec/play/1",
            archive_url="", archive_key="", archived_at=None, archive_size_bytes=None,
            file_size=1048576, duration=3600, recording_start="2024-02-05T10:00:00Z",
            recording_end="2024-02-05T11:00:00Z", status="completed",
            created_at="2024-02-05T12:00:00Z", updated_at="2024-02-05T12:00:00Z"),
        rec("schedule.auditlog", 1, user=2, action="lesson_start", resource_type="Lesson",
            resource_id=1, ip_address="10.0.0.5", user_agent="Mozilla/5.0",
            details={"lesson_title": "Дроби", "zoom_account_email": "pool1@school.example",
                     "zoom_meeting_id": "81234567890"},
            timestamp="2024-02-05T09:59:00Z"),
        rec("schedule.auditlog", 2, user=None, action="lesson_start", resource_type="Lesson",
            resource_id=99, ip_address=None, user_agent="", details={},
            timestamp="2024-02-04T09:59:00Z"),
        rec("schedule.individualinvitecode", 1, teacher=3, subject="Физика",
            invite_code="PH7KQ2XY", is_used=True, used_by=4, used_at="2024-01-20T10:00:00Z",
            created_at="2024-01-19T10:00:00Z"),
        rec("schedule.individualinvitecode", 2, teacher=2, subject="Алгебра",
            invite_code="AK9MN3ZW", is_used=False, used_by=None, used_at=None,
            created_at="2024-01-19T11:00:00Z"),
    ]
    out_of_scope = [
        rec("contenttypes.contenttype", 1, app_label="accounts", model="customuser"),
        rec("auth.permission", 1, name="Can add user", content_type=1, codename="add_customuser"),
        {"model": "sessions.session", "pk": "abc123", "fields": {"session_data": "x",
                                                                  "expire_date": "2024-03-01T00:00:00Z"}},
        rec("admin.logentry", 1, action_time="2024-01-01T00:00:00Z", user=1, content_type=1,
            object_id="2", object_repr="x", action_flag=2, change_message="[]"),
        rec("token_blacklist.outstandingtoken", 1, user=2, jti="j1", token="t",
            created_at="2024-01-01T00:00:00Z", expires_at="2024-01-02T00:00:00Z"),
        rec("schedule.zoomaccount", 1, name="legacy", api_key="k", api_secret="s",
            zoom_user_id="u", is_busy=False, current_lesson=None,
            created_at="2023-01-01T00:00:00Z", updated_at="2023-01-01T00:00:00Z"),
        rec("accounts.statusbarmessage", 1, message="Привет", target="all", is_active=True,
            created_by=1, created_at="2024-01-01T00:00:00Z", updated_at="2024-01-01T00:00:00Z"),
        rec("homework.answerversion", 1, answer=1, text_answer="черновик",
            created_at="2024-02-06T10:00:00Z"),
    ]
    # A group whose teacher is not a teacher (the original did not check roles).
    odd = [rec("schedule.group", 5, name="Родительский клуб", teacher=7, description="",
               invite_code="PQ3RS4TU", students=[], created_at="2023-09-06T00:00:00Z",
               updated_at="2023-09-06T00:00:00Z")]
    # dumpdata's order: by app, each app's models by dependency.
    return (out_of_scope[:2] + users + out_of_scope[2:] + pool + groups + lessons + extra
            + odd + homework_records())


def homework_records():
    """The homework app: an early homework (no status) through a lesson's group, a later one
    assigned to a group's student and a single student, a template; questions of the early and
    the later dialect with a CODE one; submissions with a merged user's duplicate and
    answers with picked choices, a duplicate and one to another homework's question."""
    t = "2024-02-01T10:00:00Z"
    hw = [
        rec("homework.homework", 1, teacher=2, lesson=1, title="ДЗ по дробям",
            description="", created_at=t, updated_at=t),
        rec("homework.homework", 2, teacher=2, lesson=None, title="Европа", description="",
            status="published", published_at=t, deadline="2024-02-10T00:00:00Z",
            max_score=30, is_template=False, assigned_groups=[1], assigned_students=[4],
            student_instructions="Без калькулятора", allow_view_answers=True,
            ai_grading_enabled=False, created_at=t, updated_at=t),
        rec("homework.homework", 3, teacher=2, lesson=None, title="Шаблон", description="",
            status="draft", is_template=True, created_at=t, updated_at=t),
        rec("homework.homeworkgroupassignment", 1, homework=2, group=1, students=[4],
            deadline="2024-02-12T00:00:00Z", created_at=t),
        rec("homework.question", 1, homework=1, prompt="1/2 + 1/2?",
            question_type="SINGLE_CHOICE", points=1, order=0),
        rec("homework.question", 2, homework=1, prompt="Объясните", question_type="TEXT",
            points=2, order=1),
        rec("homework.question", 3, homework=2, prompt="Столицы", question_type="MULTI_CHOICE",
            points=2, order=0, config={}),
        rec("homework.question", 4, homework=2, prompt="Пропуск",
            question_type="FILL_BLANKS", points=3, order=1,
            config={"template": "[___] — столица Франции", "answers": ["Paris"]}),
        rec("homework.question", 5, homework=2, prompt="Код", question_type="CODE", points=5,
            order=2, config={"solutionCode": "print(1)"}),
        rec("homework.question", 6, homework=3, prompt="?", question_type="TEXT", points=1,
            order=0, config={}),
        rec("homework.choice", 1, question=1, text="1", is_correct=True),
        rec("homework.choice", 2, question=1, text="2", is_correct=False),
        rec("homework.choice", 3, question=3, text="Париж", is_correct=True),
        rec("homework.choice", 4, question=3, text="Рим", is_correct=True),
        rec("homework.choice", 5, question=3, text="Лион", is_correct=False),
        rec("homework.choice", 6, question=5, text="x", is_correct=False),
        rec("homework.studentsubmission", 1, homework=1, student=4, total_score=1,
            created_at="2024-02-05T12:00:00Z", submitted_at="2024-02-05T12:00:00Z",
            graded_at=None),
        rec("homework.studentsubmission", 2, homework=1, student=5, total_score=0,
            created_at="2024-02-05T12:00:00Z", submitted_at="2024-02-05T12:00:00Z"),
        rec("homework.studentsubmission", 3, homework=1, student=6, total_score=0,
            created_at="2024-02-05T13:00:00Z", submitted_at="2024-02-05T13:00:00Z"),
        rec("homework.studentsubmission", 4, homework=2, student=4, status="graded",
            total_score=5, created_at="2024-02-09T12:00:00Z",
            submitted_at="2024-02-11T00:00:00Z", graded_at="2024-02-11T10:00:00Z",
            teacher_feedback_summary={"text": "Молодец", "attachments": []},
            revision_count=0, revision_comment=""),
        rec("homework.studentsubmission", 5, homework=3, student=4, status="in_progress",
            total_score=None, created_at=t, submitted_at=None),
        rec("homework.answer", 1, submission=1, question=1, text_answer="",
            selected_choices=[1], auto_score=1, needs_manual_review=False),
        rec("homework.answer", 2, submission=1, question=2, text_answer="Потому что",
            selected_choices=[], auto_score=None, needs_manual_review=True),
        rec("homework.answer", 3, submission=1, question=1, text_answer="",
            selected_choices=[1], auto_score=1, needs_manual_review=False),
        rec("homework.answer", 4, submission=4, question=3, text_answer="",
            selected_choices=[3, 4], auto_score=2, needs_manual_review=False,
            teacher_score=None, teacher_feedback=""),
        rec("homework.answer", 5, submission=4, question=4, text_answer='["Paris"]',
            selected_choices=[], auto_score=3, needs_manual_review=False),
        rec("homework.answer", 6, submission=4, question=1, text_answer="",
            selected_choices=[], auto_score=0, needs_manual_review=False),
        rec("homework.answer", 7, submission=2, question=1, text_answer="",
            selected_choices=[2], auto_score=0, needs_manual_review=False),
        rec("homework.answer", 8, submission=3, question=1, text_answer="",
            selected_choices=[1], auto_score=1, needs_manual_review=False),
    ]
    return hw


def write_large(path, n_attendance, n_students=200, n_lessons=1000):
    """A dump of n_attendance marks (plus the users, group and lessons they need), written record
    by record. ~100 MB for 200,000 marks: each mark carries a long note, as real exports of
    chatty teachers do."""
    note = "Комментарий учителя к уроку. " * 7
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n")
        first = True

        def put(r):
            nonlocal first
            if not first:
                f.write(",\n")
            first = False
            json.dump(r, f, ensure_ascii=False)

        put(user(1, "big.teacher@school.example", "teacher", pbkdf2_hash("Big-Teacher-1")))
        for s in range(n_students):
            put(user(100 + s, f"big.student{s}@school.example", "student"))
        put(rec("schedule.group", 1, name="Большая группа", teacher=1, description="",
                invite_code=None, students=list(range(100, 100 + n_students)),
                created_at="2023-09-02T00:00:00Z", updated_at="2023-09-02T00:00:00Z"))
        for i in range(n_lessons):
            day = i % 28 + 1
            month = i // 28 % 12 + 1
            year = 2020 + i // 336
            put(lesson(1 + i, 1, 1, f"{year}-{month:02d}-{day:02d}T10:00:00Z",
                       f"{year}-{month:02d}-{day:02d}T11:00:00Z", f"Урок {i + 1}"))
        for k in range(n_attendance):
            r = attendance(1 + k, 1 + k % n_lessons, 100 + k // n_lessons % n_students,
                           ("present", "absent", "excused")[k % 3])
            r["fields"]["notes"] = note
            put(r)
        f.write("\n]\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "large":
        write_large(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "fixture":
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            json.dump(fixture("ZZZZZZZZ"), out, ensure_ascii=False, indent=1)
    else:
        sys.exit("usage: django_dump.py fixture OUT.json | large OUT.json N")
