#!/usr/bin/env python3
"""Data for bench/analytics: two teachers (registered through the API, so their passwords and
tokens are real), each with a measured group of the same size: 30 students and 120 lessons (one
every two days, the last five still ahead), attendance marked for every held lesson (a few cells
left unmarked), Zoom's presence for the last twenty, a homework of five questions for every third
lesson with the students' graded work (answers, scores, late ones, badges) and eight control
points with results. The bulk rows go straight into MariaDB (the stack's socket, as root): this
is data to read, not a test of the writes.

    bench/analytics_seed.py BASE SDIR
    bench/analytics_seed.py BASE SDIR --again FILE   # FILE: an earlier run's output on this
                                                     # stack: its users sign in again

"small": the first teacher's group is made of 30 new students with no other history.
"big": then a school with years of history is built: 20 teachers with three groups each, 900
students in two groups each, two lessons a week per group for three years (attendance, presence
in the last year, a weekly homework with graded work, a control point a month); the second
teacher owns two of the school's groups as well, and their measured group is made of 30 of the
school's students (each keeps their other groups' three years). Same answers, years of history
around them: the bench compares the two in one run.

Prints one line of JSON: {"small": SEED, "big": SEED}, SEED = {"token", "cookie", "group",
"teacher", "lessons", "students", "student", "student_token", "student_cookie"} (student: one of
the group's students, signed in for the API and the pages).
"""
import datetime
import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid

BASE = sys.argv[1].rstrip("/")
SDIR = sys.argv[2]
PW = "Bench1password"
TAG = uuid.uuid4().hex[:8]

FIRST = ("Иван", "Мария", "Пётр", "Анна", "Алексей", "Ольга", "Дмитрий", "Елена", "Сергей",
         "Наталья", "Андрей", "Татьяна", "Михаил", "Ирина", "Николай", "Светлана", "Павел",
         "Юлия", "Артём", "Ксения")
LAST = ("Смирнов", "Иванов", "Кузнецов", "Соколов", "Попов", "Лебедев", "Козлов", "Новиков",
        "Морозов", "Петров", "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов",
        "Голубев", "Виноградов", "Богданов", "Воробьёв", "Фёдоров", "Михайлов", "Беляев")


def elt(expr, words):
    return "ELT(1 + (%s) %% %d, %s)" % (expr, len(words), ", ".join("'%s'" % w for w in words))


def sql(text):
    p = subprocess.run(["mariadb", "--no-defaults", f"--socket={SDIR}/mariadb/mysql.sock",
                        "-uroot", "-N", "-B", "tpanel"], input=text, capture_output=True,
                       text=True)
    if p.returncode != 0:
        sys.exit("bench/analytics_seed.py: " + p.stderr.strip())
    return p.stdout


def call(method, path, body=None, token=None):
    req = urllib.request.Request(BASE + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def page_cookie(email):
    """A page session (tp_session) for email, signed in through /login."""
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    op.add_handler(NoRedirect())
    html = op.open(BASE + "/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"email": email, "password": PW, "csrf_token": token}).encode()
    try:
        op.open(BASE + "/login", data, timeout=30)
    except urllib.error.HTTPError as e:
        if e.code != 303:
            raise
    return "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "tp_session")


# The history of the groups in table bench_sg (id, teacher_id, ix): per group nles lessons
# of an hour, one every step days from first (a DATE expression), at 09:00-16:00 UTC by group;
# attendance of every current member in every held lesson but about one cell in twenty
# (80 % present, 7 % late, 8 % absent, 5 % excused); Zoom presence of the present and late
# students in the lessons of the last presence_days days; a published homework of five
# questions (10 points each) for every hw_every-th lesson, assigned to the group, due five days
# later, with nine students' work in ten graded (some late, one answer in four wrong) and the
# QUICK_START badges it earned; a control point every cp_every-th lesson with every member's
# result.
def history(nles, step, first, presence_days, hw_every, cp_every):
    return f"""
INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, end_time, topics,
    location, meeting_started_at, meeting_ended_at)
SELECT CONCAT('Урок ', t.k + 1), t.id, t.teacher_id, t.s, t.s + INTERVAL 1 HOUR,
    'Тема урока', 'Zoom', IF(t.s < UTC_TIMESTAMP(), t.s, NULL),
    IF(t.s + INTERVAL 1 HOUR < UTC_TIMESTAMP(), t.s + INTERVAL 1 HOUR, NULL)
FROM (SELECT g.id, g.teacher_id, k.seq AS k, TIMESTAMP({first})
    + INTERVAL k.seq * {round(step * 24)} + 9 + g.ix % 8 HOUR AS s
    FROM bench_sg g JOIN seq_0_to_{nles - 1} k) t;
CREATE TABLE bench_sl AS SELECT l.id, l.group_id, l.teacher_id, l.start_time, l.end_time,
    CAST(SUBSTRING(l.title, 6) AS UNSIGNED) - 1 AS k
    FROM bench_sg g JOIN schedule_lesson l ON l.group_id = g.id;
INSERT INTO schedule_attendance (lesson_id, student_id, status, notes, marked_at)
SELECT l.id, m.customuser_id, CASE
    WHEN (l.id * 7 + m.customuser_id * 13) % 100 < 80 THEN 'present'
    WHEN (l.id * 7 + m.customuser_id * 13) % 100 < 87 THEN 'late'
    WHEN (l.id * 7 + m.customuser_id * 13) % 100 < 95 THEN 'absent'
    ELSE 'excused' END, '', l.end_time
FROM bench_sl l JOIN schedule_group_students m ON m.group_id = l.group_id
WHERE l.end_time <= UTC_TIMESTAMP() AND (l.id * 3 + m.customuser_id) % 20 <> 0;
INSERT INTO analytics_zoom_presence (lesson_id, student_id, participant_key, user_name, email,
    joined_at, left_at)
SELECT l.id, a.student_id, CONCAT('p', a.student_id, '-', l.id), 'Ученик', '',
    l.start_time + INTERVAL a.student_id % 9 MINUTE,
    l.end_time - INTERVAL a.student_id % 4 MINUTE
FROM bench_sl l JOIN schedule_attendance a ON a.lesson_id = l.id
WHERE l.start_time >= UTC_TIMESTAMP() - INTERVAL {presence_days} DAY
    AND a.status IN ('present', 'late');
INSERT INTO homework_homework (teacher_id, lesson_id, title, description, status,
    published_at, deadline, max_score, gamification_enabled, created_at)
SELECT l.teacher_id, l.id, CONCAT('Домашнее задание ', l.k DIV {hw_every} + 1), '',
    'published', l.end_time, l.end_time + INTERVAL 5 DAY, 50, 1, l.end_time
FROM bench_sl l WHERE l.k % {hw_every} = 0 AND l.end_time <= UTC_TIMESTAMP();
CREATE TABLE bench_sh AS SELECT h.id, h.teacher_id, h.published_at, h.deadline, l.group_id
    FROM bench_sl l JOIN homework_homework h ON h.lesson_id = l.id;
INSERT INTO homework_question (homework_id, prompt, question_type, points, position, config)
SELECT h.id, CONCAT('Вопрос ', q.seq), 'TEXT', 10, q.seq, '{{}}'
FROM bench_sh h JOIN seq_1_to_5 q;
INSERT INTO homework_assignment (homework_id, group_id) SELECT id, group_id FROM bench_sh;
INSERT INTO homework_studentsubmission (homework_id, student_id, teacher_id, group_id, status,
    created_at, first_submitted_at, submitted_at, graded_at, is_late)
SELECT h.id, m.customuser_id, h.teacher_id, h.group_id, 'graded',
    h.published_at + INTERVAL (h.id + m.customuser_id) % 150 HOUR,
    h.published_at + INTERVAL (h.id + m.customuser_id) % 150 + 1 HOUR,
    h.published_at + INTERVAL (h.id + m.customuser_id) % 150 + 1 HOUR,
    h.published_at + INTERVAL (h.id + m.customuser_id) % 150 + 30 HOUR,
    (h.id + m.customuser_id) % 150 + 1 > 120
FROM bench_sh h JOIN schedule_group_students m ON m.group_id = h.group_id
WHERE (h.id * 5 + m.customuser_id) % 10 <> 0;
INSERT INTO homework_answer (submission_id, question_id, text_answer, auto_score,
    answered_at, time_spent_seconds)
SELECT s.id, q.id, 'Ответ', IF((s.id + q.id) % 4 = 0, 0, 10), s.first_submitted_at,
    60 + (s.id + q.id) % 240
FROM bench_sh h JOIN homework_studentsubmission s ON s.homework_id = h.id
JOIN homework_question q ON q.homework_id = h.id;
UPDATE bench_sh h JOIN homework_studentsubmission s ON s.homework_id = h.id
JOIN (SELECT a.submission_id, COUNT(*) AS n, SUM(a.auto_score) AS sc, SUM(a.auto_score < 10) AS w,
    SUM(a.time_spent_seconds) AS t FROM bench_sh h2
    JOIN homework_studentsubmission s2 ON s2.homework_id = h2.id
    JOIN homework_answer a ON a.submission_id = s2.id GROUP BY a.submission_id) x
    ON x.submission_id = s.id
SET s.total_score = x.sc, s.answered_count = x.n, s.checked_count = x.n,
    s.checked_score = x.sc, s.checked_points = 10 * x.n, s.wrong_count = x.w, s.auto_count = x.n, s.answered_seconds = x.t,
    s.total_seconds = x.t;
INSERT IGNORE INTO homework_badge (student_id, badge_type, homework_id, earned_at)
SELECT s.student_id, 'QUICK_START', s.homework_id, s.first_submitted_at
FROM bench_sh h JOIN homework_studentsubmission s ON s.homework_id = h.id
WHERE s.created_at < h.published_at + INTERVAL 1 DAY;
INSERT INTO analytics_controlpoint (teacher_id, group_id, lesson_id, title, max_points, date)
SELECT l.teacher_id, l.group_id, l.id, CONCAT('Контрольная ', l.k DIV {cp_every} + 1), 20,
    DATE(l.start_time)
FROM bench_sl l WHERE l.k % {cp_every} = {cp_every} - 1 AND l.end_time <= UTC_TIMESTAMP();
INSERT INTO analytics_controlpointresult (control_point_id, student_id, points)
SELECT c.id, m.customuser_id, (c.id * 3 + m.customuser_id) % 21
FROM bench_sg g JOIN analytics_controlpoint c ON c.group_id = g.id
JOIN schedule_group_students m ON m.group_id = g.id;
DROP TABLE bench_sl, bench_sh;
"""


def students(count, prefix):
    return f"""
INSERT INTO accounts_customuser (password, role, first_name, last_name, email, email_verified)
SELECT @pw, 'student', {elt("seq * 7", FIRST)}, {elt("seq * 11", LAST)},
    CONCAT('{prefix}', seq, '@example.org'), 1 FROM seq_1_to_{count};
"""


def teacher(tag):
    """A teacher registered through the API and their token, group and the SQL head that puts
    the password hash in @pw and the teacher's id in @t."""
    email = f"bench-an-{TAG}-{tag}@example.org"
    call("POST", "/api/jwt/register/", {"email": email, "password": PW, "role": "teacher",
                                        "first_name": "Анна", "last_name": "Бенчева"})
    token = call("POST", "/api/jwt/token/", {"email": email, "password": PW})["access"]
    group = call("POST", "/api/groups/", {"name": f"Бенчмарк аналитики ({tag})"}, token)["id"]
    head = f"SELECT password INTO @pw FROM accounts_customuser WHERE email = '{email}';" \
           f"SELECT id INTO @t FROM accounts_customuser WHERE email = '{email}';"
    return email, token, group, head


def measured(email, token, group, head, members, pre=""):
    """The measured group (members: a query of 30 student ids): 120 lessons one every two days,
    the last five ahead; its SEED."""
    sql(head + pre + f"""
INSERT INTO schedule_group_students (group_id, customuser_id)
SELECT {group}, id FROM ({members}) x;
CREATE TABLE bench_sg AS SELECT id, teacher_id, 0 AS ix FROM schedule_group
    WHERE id = {group};
{history(120, 2, "UTC_DATE() - INTERVAL 230 DAY", 40, 3, 15)}
DROP TABLE bench_sg;
""")
    lessons, students, student = sql(
        f"SELECT COUNT(*) FROM schedule_lesson WHERE group_id = {group};"
        f"SELECT COUNT(*) FROM schedule_group_students WHERE group_id = {group};"
        f"SELECT u.email FROM schedule_group_students m JOIN accounts_customuser u"
        f" ON u.id = m.customuser_id WHERE m.group_id = {group} ORDER BY u.id LIMIT 1;").split()
    return {"token": token, "cookie": page_cookie(email), "group": group, "teacher": email,
            "lessons": int(lessons), "students": int(students), "student": student,
            "student_token": call("POST", "/api/jwt/token/",
                                  {"email": student, "password": PW})["access"],
            "student_cookie": page_cookie(student)}


def totals(label, t0):
    c = sql("SELECT COUNT(*) FROM schedule_lesson; SELECT COUNT(*) FROM schedule_attendance;"
            "SELECT COUNT(*) FROM homework_homework;"
            "SELECT COUNT(*) FROM homework_studentsubmission;"
            "SELECT COUNT(*) FROM homework_answer;"
            "SELECT COUNT(*) FROM analytics_zoom_presence;").split()
    print(f"bench/analytics_seed.py: {label} in {time.time() - t0:.0f} s; the database: {c[0]} "
          f"lessons, {c[1]} attendance marks, {c[2]} homework, {c[3]} submissions, {c[4]} "
          f"answers, {c[5]} presence rows", file=sys.stderr)


def again(path):
    """The seed of an earlier run (its printed JSON in path), its users signed in anew: the
    tokens of that run may have expired, the data is the same."""
    seeds = json.load(open(path))
    for s in seeds.values():
        s["token"] = call("POST", "/api/jwt/token/", {"email": s["teacher"], "password": PW})["access"]
        s["cookie"] = page_cookie(s["teacher"])
        s["student_token"] = call("POST", "/api/jwt/token/",
                                  {"email": s["student"], "password": PW})["access"]
        s["student_cookie"] = page_cookie(s["student"])
    print(json.dumps(seeds))


def main():
    if len(sys.argv) > 4 and sys.argv[3] == "--again":
        again(sys.argv[4])
        return
    t0 = time.time()
    email, token, group, head = teacher("small")
    small = measured(email, token, group, head,
                     f"SELECT id FROM accounts_customuser WHERE email LIKE 'bench-an-{TAG}-st%'",
                     students(30, f"bench-an-{TAG}-st"))
    totals("the small seed", t0)
    email, token, group, head = teacher("big")
    # The school: 20 teachers, 60 groups, 900 students in two groups each (15 of a group's 30
    # by j % 60, 15 by (j + 30) % 60), three years of history.
    sql(head + f"""
INSERT INTO accounts_customuser (password, role, first_name, last_name, email, email_verified)
SELECT @pw, 'teacher', {elt("seq * 3", FIRST)}, {elt("seq * 5", LAST)},
    CONCAT('school-{TAG}-t', seq, '@example.org'), 1 FROM seq_1_to_20;
{students(900, f"school-{TAG}-s")}
INSERT INTO schedule_group (name, teacher_id, description)
SELECT CONCAT('Класс ', t.id, '-', g.seq), t.id, ''
FROM accounts_customuser t JOIN seq_1_to_3 g WHERE t.email LIKE 'school-{TAG}-t%';
CREATE TABLE bench_sg AS SELECT g.id, g.teacher_id,
    ROW_NUMBER() OVER (ORDER BY g.id) - 1 AS ix
    FROM schedule_group g JOIN accounts_customuser t ON t.id = g.teacher_id
    WHERE t.email LIKE 'school-{TAG}-t%';
UPDATE schedule_group g JOIN bench_sg x ON x.id = g.id SET g.teacher_id = @t WHERE x.ix IN (0, 1);
UPDATE bench_sg SET teacher_id = @t WHERE ix IN (0, 1);
CREATE TABLE bench_ss AS SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS j
    FROM accounts_customuser WHERE email LIKE 'school-{TAG}-s%';
INSERT INTO schedule_group_students (group_id, customuser_id)
SELECT g.id, s.id FROM bench_ss s JOIN bench_sg g ON g.ix = s.j % 60 OR g.ix = (s.j + 30) % 60;
{history(312, 3.5, "UTC_DATE() - INTERVAL 1095 DAY", 365, 2, 8)}
DROP TABLE bench_sg, bench_ss;
""")
    big = measured(email, token, group, head,
                   f"SELECT id FROM accounts_customuser WHERE email LIKE 'school-{TAG}-s%' "
                   f"ORDER BY id LIMIT 30 OFFSET 100")
    sql("ANALYZE TABLE schedule_lesson, schedule_attendance, homework_studentsubmission, "
        "homework_answer, analytics_zoom_presence, homework_badge;")
    totals("the school and the big seed", t0)
    print(json.dumps({"small": small, "big": big}))


main()
