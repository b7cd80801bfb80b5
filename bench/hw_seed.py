#!/usr/bin/env python3
"""Data for the homework benchmarks (bench/homework), made through the API of the stack at BASE
and, for bulk rows, in SQL over the stack's MariaDB socket (SDIR/mariadb/mysql.sock, as root).

    bench/hw_seed.py BASE SDIR OUT.json [--pool N]
    bench/hw_seed.py BASE SDIR OUT.json --big-for SEED.json

The small seed, through the API: a teacher with a group of 30 students and 200 lessons (the
lesson list and the lesson PATCH targets); a published homework of 30 questions (the nine types
in turn) that students 1-29 took and handed in (the statistics target: 30 rows, one
not started) and student 0 works on (the take page target); 64 copies of it in SQL, each with
student 0's work in progress, and the autosave body for each (the autosave target).
--pool N: N copies of that homework in SQL, each with student 0's in-progress work of 30
answers, for the submit target (each submit grades a fresh one).
--big-for SEED.json: to the small seed of SEED.json, a thousand more homework of its teacher
(10 questions each) assigned to a group of 100 students (its student 0 among them) with a
hundred thousand submissions (a million answers), in SQL; nothing else.
Writes what bench/homework needs to OUT.json."""
import concurrent.futures
import datetime
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

BASE, SDIR, OUT = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
POOL = int(sys.argv[sys.argv.index("--pool") + 1]) if "--pool" in sys.argv else 0
BIG_FOR = sys.argv[sys.argv.index("--big-for") + 1] if "--big-for" in sys.argv else None
PW = "Bench1password"


def call(method, path, body=None, token=None, expect=(200, 201)):
    req = urllib.request.Request(BASE + path, method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers={"Content-Type": "application/json"})
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            status, data = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, data = e.code, e.read()
    if status not in expect:
        sys.exit(f"hw_seed: {method} {path}: {status} {data[:300]!r}")
    return json.loads(data or b"null")


def sql(query):
    p = subprocess.run(["mariadb", "--no-defaults", f"--socket={SDIR}/mariadb/mysql.sock",
                        "-uroot", "-N", "-B", "tpanel"], input=query, text=True,
                       capture_output=True, timeout=3600)
    if p.returncode != 0:
        sys.exit(f"hw_seed: SQL failed: {p.stderr}")
    return [line.split("\t") for line in p.stdout.splitlines()]


def user(role, i):
    email = f"bench-{role[0]}{i}-{uuid.uuid4().hex[:8]}@example.org"
    uid = call("POST", "/api/jwt/register/", {"email": email, "password": PW, "role": role,
                                              "first_name": f"Имя{i}",
                                              "last_name": f"Фамилия{i:02d}"})["user_id"]
    return uid, call("POST", "/api/jwt/token/", {"email": email, "password": PW})["access"]


def question(i):
    """Question i of the homework: the nine types in turn (30 in all)."""
    kind = i % 9
    q = {"prompt": f"Вопрос {i + 1}", "points": 10, "order": i}
    if kind == 0:
        q.update(question_type="TEXT", config={"correctAnswer": "4,5|4.5"})
    elif kind == 1:
        q.update(question_type="SINGLE_CHOICE", choices=[
            {"text": "Верно", "is_correct": True}, {"text": "Неверно"}, {"text": "Не знаю"}])
    elif kind == 2:
        q.update(question_type="MULTI_CHOICE", choices=[
            {"text": str(n), "is_correct": n in (2, 3, 5)} for n in range(2, 8)])
    elif kind == 3:
        q.update(question_type="LISTENING", config={
            "audioUrl": "/static/demo/tone.wav", "subQuestions": [
                {"id": f"s{k}", "text": "?", "answer": f"ответ {k}"} for k in range(4)]})
    elif kind == 4:
        q.update(question_type="MATCHING", config={"pairs": [
            {"id": f"p{k}", "left": f"Л{k}", "right": f"П{k}"} for k in range(5)]})
    elif kind == 5:
        q.update(question_type="DRAG_DROP", config={"items": [
            {"id": f"i{k}", "text": f"Шаг {k}"} for k in range(5)]})
    elif kind == 6:
        q.update(question_type="FILL_BLANKS", config={
            "template": "[___], [___] и [___]", "answers": ["Paris|Париж", "Рим", "Осло"],
            "matchingStrategy": "loose"})
    elif kind == 7:
        q.update(question_type="HOTSPOT", config={"imageUrl": "/static/demo/map.svg",
                                                  "hotspots": [
            {"id": f"h{k}", "x": 10 * k, "y": 10, "width": 9, "height": 9,
             "isCorrect": k % 2 == 0} for k in range(6)]})
    else:
        q.update(question_type="TEXT", config={})        # graded by hand
    return q


def answer(q, k):
    """Student k's answer to q (a teacher's view of it): mostly right, some wrong."""
    t = q["question_type"]
    if t == "TEXT":
        return "4.5" if q["config"].get("correctAnswer") else f"Сочинение {k}"
    if t == "SINGLE_CHOICE":
        return q["choices"][k % 2]["id"]
    if t == "MULTI_CHOICE":
        return [c["id"] for c in q["choices"][:3 + k % 2]]
    if t == "LISTENING":
        return {f"s{j}": f"ответ {j if j != k % 4 else 9}" for j in range(4)}
    if t == "MATCHING":
        return {f"p{j}": f"П{j}" for j in range(5)}
    if t == "DRAG_DROP":
        order = [f"i{j}" for j in range(5)]
        return order if k % 3 else list(reversed(order))
    if t == "FILL_BLANKS":
        return ["paris", "Рим", "Осла"]
    if t == "HOTSPOT":
        return ["h0", "h2", {"x": 41, "y": 12}]
    return None


def tele(qid, k):
    return {f"{qid}_telemetry": {"time_spent_seconds": 20 + k, "tab_switches": k % 3}}


def big(teacher, s0):
    t2 = time.monotonic()
    sql(BIG_SQL.format(teacher=teacher, s0=s0))
    n = sql("SELECT COUNT(*) FROM homework_studentsubmission")[0][0]
    print(f"hw_seed: big seed ({n} submissions in all) in {time.monotonic() - t2:.0f}s",
          file=sys.stderr)


BIG_SQL = """
SET @mark = 'bench-big';
INSERT INTO accounts_customuser (password, email, role, first_name, last_name)
SELECT '!', CONCAT('bench-big-', s.seq, '-', UUID_SHORT(), '@example.org'), 'student',
  CONCAT('Имя', s.seq), CONCAT('Большой', LPAD(s.seq, 3, '0'))
FROM seq_1_to_99 s;
INSERT INTO schedule_group (name, teacher_id, description)
VALUES ('Бенчмарк: большая группа', {teacher}, @mark);
SET @g = LAST_INSERT_ID();
INSERT INTO schedule_group_students (group_id, customuser_id)
SELECT @g, id FROM accounts_customuser WHERE email LIKE 'bench-big-%' UNION SELECT @g, {s0};
INSERT INTO homework_homework (teacher_id, title, description, status, published_at,
  created_at, deadline)
SELECT {teacher}, CONCAT('История ', s.seq), @mark, IF(s.seq % 10 = 0, 'archived', 'published'),
  UTC_TIMESTAMP(6) - INTERVAL s.seq HOUR, UTC_TIMESTAMP(6) - INTERVAL s.seq HOUR,
  UTC_TIMESTAMP(6) - INTERVAL s.seq HOUR + INTERVAL 3 DAY
FROM seq_1_to_1000 s;
INSERT INTO homework_assignment (homework_id, group_id)
SELECT id, @g FROM homework_homework WHERE description = @mark;
INSERT INTO homework_question (homework_id, prompt, question_type, points, position, config)
SELECT h.id, CONCAT('Вопрос ', s.seq), 'TEXT', 10, s.seq,
  JSON_OBJECT('correctAnswer', CONCAT('ответ ', s.seq))
FROM homework_homework h JOIN seq_1_to_10 s WHERE h.description = @mark;
INSERT INTO homework_studentsubmission (homework_id, student_id, teacher_id, group_id, status,
  created_at, first_submitted_at, submitted_at, graded_at, total_score, shuffle_seed)
SELECT h.id, m.customuser_id, {teacher}, @g, 'graded', h.created_at,
  h.created_at + INTERVAL 1 DAY, h.created_at + INTERVAL 1 DAY, h.created_at + INTERVAL 1 DAY,
  70, h.id + m.customuser_id
FROM homework_homework h JOIN schedule_group_students m ON m.group_id = @g
WHERE h.description = @mark;
INSERT INTO homework_answer (submission_id, question_id, text_answer, answer_json, answered_at,
  auto_score, time_spent_seconds)
SELECT s.id, q.id, 'ответ', '"ответ"', s.submitted_at, IF(q.position % 3 = 0, 0, 10), 40
FROM homework_studentsubmission s JOIN homework_homework h ON h.id = s.homework_id
JOIN homework_question q ON q.homework_id = h.id WHERE h.description = @mark;
ANALYZE TABLE homework_homework, homework_assignment, homework_question,
  homework_studentsubmission, homework_answer;
"""

if BIG_FOR:
    seed = json.load(open(BIG_FOR))
    big(seed["teacher_id"], seed["student_id"])
    sys.exit(0)

t0 = time.monotonic()
teacher, ttok = user("teacher", 0)
with concurrent.futures.ThreadPoolExecutor(8) as ex:
    students = list(ex.map(lambda i: user("student", i), range(30)))
group = call("POST", "/api/groups/", {"name": "Бенчмарк ДЗ",
                                      "student_ids": [s for s, _ in students]}, ttok)["id"]
day = datetime.date(2031, 1, 1)


def lesson(i):
    d = day + datetime.timedelta(days=i // 2)
    hour = 9 if i % 2 == 0 else 14
    return call("POST", "/api/schedule/lessons/", {
        "title": f"Урок {i + 1}", "group": group, "topics": "темы", "location": "к. 1",
        "start_time": f"{d}T{hour:02d}:00:00Z", "end_time": f"{d}T{hour + 1:02d}:00:00Z"},
        ttok)["id"]


with concurrent.futures.ThreadPoolExecutor(4) as ex:
    lessons = list(ex.map(lesson, range(200)))
hw = call("POST", "/api/homework/", {
    "title": "Бенчмарк: 30 вопросов", "questions": [question(i) for i in range(30)],
    "group_assignments_data": [{"group_id": group, "student_ids": None}]}, ttok)
call("POST", f"/api/homework/{hw['id']}/publish/", None, ttok)
qs = hw["questions"]


def take(k):
    sid, stok = students[k]
    sub = call("POST", "/api/submissions/", {"homework": hw["id"]}, stok)["id"]
    body = {}
    for q in qs:
        a = answer(q, k)
        if a is not None:
            body[str(q["id"])] = a
        body.update(tele(q["id"], k))
    call("PATCH", f"/api/submissions/{sub}/answer/", {"answers": body}, stok)
    if k > 0:
        call("POST", f"/api/submissions/{sub}/submit/", {}, stok)
    return sub


with concurrent.futures.ThreadPoolExecutor(6) as ex:
    subs = list(ex.map(take, range(29)))
# Student 29 never starts: a not_started row.
autosave = {"answers": {}}
for q in qs[:10]:
    a = answer(q, 1)
    autosave["answers"][str(q["id"])] = a if a is not None else "ответ"
    autosave["answers"].update(tele(q["id"], 1))
print(f"hw_seed: small seed in {time.monotonic() - t0:.0f}s", file=sys.stderr)

def copy_pool(mark, n):
    """n copies of the homework in SQL (marked by their description), each with student 0's
    in-progress work of 30 answers (choice answers picking the copy's correct choices, the
    others student 1's): their submission ids."""
    H, S0 = hw["id"], students[0][0]
    sql(f"""
SET @mark = '{mark}';
INSERT INTO homework_homework (teacher_id, title, description, status, published_at,
  max_score, late_policy)
SELECT {teacher}, CONCAT('Копия ', s.seq), @mark, 'published', UTC_TIMESTAMP(6), 300, 'allow'
FROM seq_1_to_{n} s;
INSERT INTO homework_assignment (homework_id, group_id)
SELECT id, {group} FROM homework_homework WHERE description = @mark;
INSERT INTO homework_question (homework_id, prompt, question_type, points, position, config,
  explanation)
SELECT h.id, q.prompt, q.question_type, q.points, q.position, q.config, q.explanation
FROM homework_homework h JOIN homework_question q ON q.homework_id = {H}
WHERE h.description = @mark;
INSERT INTO homework_choice (question_id, text, is_correct, position)
SELECT nq.id, c.text, c.is_correct, c.position
FROM homework_homework h JOIN homework_question nq ON nq.homework_id = h.id
JOIN homework_question oq ON oq.homework_id = {H} AND oq.position = nq.position
JOIN homework_choice c ON c.question_id = oq.id WHERE h.description = @mark;
INSERT INTO homework_studentsubmission (homework_id, student_id, teacher_id, group_id,
  shuffle_seed)
SELECT id, {S0}, {teacher}, {group}, id * 7919 FROM homework_homework WHERE description = @mark;
INSERT INTO homework_answer (submission_id, question_id, text_answer, answer_json, answered_at,
  time_spent_seconds)
SELECT s.id, nq.id, oa.text_answer,
  CASE nq.question_type
    WHEN 'SINGLE_CHOICE' THEN (SELECT MIN(c.id) FROM homework_choice c
                               WHERE c.question_id = nq.id AND c.is_correct)
    WHEN 'MULTI_CHOICE' THEN (SELECT JSON_ARRAYAGG(c.id) FROM homework_choice c
                              WHERE c.question_id = nq.id AND c.is_correct)
    ELSE oa.answer_json END, UTC_TIMESTAMP(6), 30
FROM homework_studentsubmission s JOIN homework_homework h ON h.id = s.homework_id
JOIN homework_question nq ON nq.homework_id = h.id
JOIN homework_question oq ON oq.homework_id = {H} AND oq.position = nq.position
JOIN homework_answer oa ON oa.question_id = oq.id AND oa.submission_id = {subs[1]}
WHERE h.description = @mark;
""")
    return [int(r[0]) for r in sql(
        "SELECT s.id FROM homework_studentsubmission s JOIN homework_homework h "
        f"ON h.id = s.homework_id WHERE h.description = '{mark}' ORDER BY s.id")]


pool = []
if POOL:
    t1 = time.monotonic()
    pool = copy_pool("bench-pool", POOL)
    print(f"hw_seed: {len(pool)} submissions to hand in, in {time.monotonic() - t1:.0f}s",
          file=sys.stderr)
# The autosave target: the ten answers above, sent to 64 submissions of their own (as many
# students would), with each copy's question and choice ids put in.
saves = copy_pool("bench-save", 64)
qpos = {q["id"]: q["order"] for q in qs}
cpos = {c["id"]: k for q in qs for k, c in enumerate(q["choices"])}
qmap, cmap = {}, {}
for sid, pos, qid in sql("SELECT s.id, q.position, q.id FROM homework_studentsubmission s "
                         "JOIN homework_homework h ON h.id = s.homework_id JOIN "
                         "homework_question q ON q.homework_id = h.id "
                         "WHERE h.description = 'bench-save'"):
    qmap[(int(sid), int(pos))] = int(qid)
for sid, pos, cid in sql("SELECT s.id, q.position, c.id FROM homework_studentsubmission s "
                         "JOIN homework_homework h ON h.id = s.homework_id JOIN "
                         "homework_question q ON q.homework_id = h.id JOIN homework_choice c "
                         "ON c.question_id = q.id WHERE h.description = 'bench-save' "
                         "ORDER BY c.position, c.id"):
    cmap.setdefault((int(sid), int(pos)), []).append(int(cid))


def translated(sid):
    """The autosave body for the copy of submission sid."""
    out = {}
    for key, val in autosave["answers"].items():
        qid, _, tail = key.partition("_")
        pos = qpos[int(qid)]
        if isinstance(val, int) and not isinstance(val, bool) and val in cpos:
            val = cmap[(sid, pos)][cpos[val]]
        elif isinstance(val, list) and val and all(isinstance(v, int) for v in val):
            val = [cmap[(sid, pos)][cpos[v]] for v in val]
        out[str(qmap[(sid, pos)]) + ("_" + tail if tail else "")] = val
    return {"answers": out}


with open(OUT + ".saves", "w") as f:
    for sid in saves:
        f.write(f"{sid}\t{json.dumps(translated(sid), ensure_ascii=False)}\n")

with open(OUT + ".pool", "w") as f:
    f.write("\n".join(map(str, pool)) + "\n")
with open(OUT, "w") as f:
    json.dump({"teacher": ttok, "student": students[0][1], "homework": hw["id"],
               "teacher_id": teacher, "student_id": students[0][0], "group_id": group,
               "submission": subs[0], "lesson": lessons[0], "autosave": autosave,
               "pool": OUT + ".pool", "pool_size": len(pool), "saves": OUT + ".saves"},
              f, ensure_ascii=False)
