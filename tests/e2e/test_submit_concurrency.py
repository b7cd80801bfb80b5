"""Classmates handing in at the same moment (issue 16): the submits of different students of
one homework, and autosaves mixed with them, all answer 200 with the right scores, never a 503
"lock conflict". Under valgrind's memcheck round such requests deadlocked: on a new school's
small tables MariaDB scanned the whole homework_answer table for one submission's statements,
locking every classmate's answers. Here a private stack with more workers than usual runs them
from threads at once, round after round, and MariaDB's deadlock count (Innodb_deadlocks) must not
move; and with a classmate's rows held by another session, a student's whole cycle (autosave,
submit, revision, resubmit) and the teacher's review never wait for them."""

import concurrent.futures
import subprocess
import threading

import pytest

from conftest import _start_stack, _teardown, run_stack
from hw_helpers import by_type, correct_answers, create_homework, start
from test_groups_api import api, create_group, new_user, new_users
from test_lesson_pages import sql
from test_tallies import check as tallies_check

STUDENTS = 16
ROUNDS = 3
FULL = 80           # correct_answers: eight questions right, FILE_UPLOAD left empty


@pytest.fixture(scope="module")
def busy_stack(request, fakezoom):
    st = _start_stack("tpsc", workers="6", zoom=fakezoom)
    failed_before = request.session.testsfailed
    yield st
    _teardown(st, failed=request.session.testsfailed > failed_before)


def deadlocks(st):
    return int(sql(st, "SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'").split()[1])


def answers_for(hw, i):
    """Student i's answers and the score they earn: every other student picks the wrong
    city (SINGLE_CHOICE 0 of 10) and only two of the three primes (MULTI_CHOICE: 2 right of
    3, no wrong pick: 6)."""
    a = correct_answers(hw)
    if i % 2 == 0:
        return a, FULL
    q = by_type(hw)
    a[str(q["SINGLE_CHOICE"]["id"])] = next(
        c["id"] for c in q["SINGLE_CHOICE"]["choices"] if not c["is_correct"])
    a[str(q["MULTI_CHOICE"]["id"])] = [c["id"] for c in q["MULTI_CHOICE"]["choices"]
                                       if c["is_correct"]][:2]
    return a, FULL - 10 - 4


def at_once(jobs):
    """Run the callables from threads released together; their results in order."""
    gate = threading.Barrier(len(jobs))

    def run(job):
        gate.wait(timeout=60)
        return job()
    with concurrent.futures.ThreadPoolExecutor(len(jobs)) as ex:
        return list(ex.map(run, jobs))


@pytest.fixture(scope="module")
def school(busy_stack):
    teacher = new_user(busy_stack, "teacher")
    students = new_users(busy_stack, STUDENTS)
    group = create_group(busy_stack, teacher, student_ids=[s.id for s in students])
    return teacher, group, students


def started(st, teacher, group, students):
    """A published nine-type homework and every student's work started, with one answer
    autosaved."""
    hw = create_homework(st, teacher, group["id"], publish=True)
    subs = at_once([lambda s=s: start(st, s, hw["id"]) for s in students])
    first = str(by_type(hw)["TEXT"]["id"])
    saved = at_once([lambda s=s, b=b: api(st, "PATCH", f"/api/submissions/{b['id']}/answer/",
                                          s, json={"answers": {first: "4"}})
                     for s, b in zip(students, subs)])
    assert all(r.status == 200 for r in saved), [r for r in saved if r.status != 200]
    return hw, subs


def check_scores(st, teacher, hw, subs, want):
    r = api(st, "GET", f"/api/submissions/?homework={hw['id']}&page_size=100", teacher)
    assert r.status == 200, r
    got = {x["id"]: (x["status"], x["total_score"]) for x in r.json()["results"]}
    assert got == {b["id"]: ("graded", w) for b, w in zip(subs, want)}


@pytest.mark.slow
def test_classmates_submit_at_once(busy_stack, school):
    st = busy_stack
    teacher, group, students = school
    before = deadlocks(st)
    for rnd in range(ROUNDS):
        hw, subs = started(st, teacher, group, students)
        plans = [answers_for(hw, i) for i in range(len(students))]
        # Autosaves of every answer at once, then the submits at once; odd rounds hand the
        # answers in with the submit itself.
        if rnd % 2 == 0:
            saved = at_once([lambda s=s, b=b, p=p: api(
                st, "PATCH", f"/api/submissions/{b['id']}/answer/", s,
                json={"answers": p[0]}) for s, b, p in zip(students, subs, plans)])
            assert [r.status for r in saved] == [200] * len(students), saved
            bodies = [{}] * len(students)
        else:
            bodies = [{"answers": p[0]} for p in plans]
        done = at_once([lambda s=s, b=b, body=body: api(
            st, "POST", f"/api/submissions/{b['id']}/submit/", s, json=body)
            for s, b, body in zip(students, subs, bodies)])
        assert [r.status for r in done] == [200] * len(students), \
            [(r.status, r.text()) for r in done if r.status != 200]
        assert [r.json()["total_score"] for r in done] == [p[1] for p in plans]
        check_scores(st, teacher, hw, subs, [p[1] for p in plans])
    assert deadlocks(st) == before, sql(st, "SHOW ENGINE INNODB STATUS")


@pytest.mark.slow
def test_autosaves_and_submits_mixed(busy_stack, school):
    st = busy_stack
    teacher, group, students = school
    before = deadlocks(st)
    for rnd in range(ROUNDS):
        hw, subs = started(st, teacher, group, students)
        plans = [answers_for(hw, i) for i in range(len(students))]
        # Half the class hands in (answers in the body) while the other half autosaves;
        # then the other way round.
        jobs = []
        for i, (s, b, p) in enumerate(zip(students, subs, plans)):
            path = f"/api/submissions/{b['id']}/"
            if (i + rnd) % 2 == 0:
                jobs.append(lambda s=s, path=path, p=p: api(
                    st, "POST", path + "submit/", s, json={"answers": p[0]}))
            else:
                jobs.append(lambda s=s, path=path, p=p: api(
                    st, "PATCH", path + "answer/", s, json={"answers": p[0]}))
        first = at_once(jobs)
        assert [r.status for r in first] == [200] * len(students), \
            [(r.status, r.text()) for r in first if r.status != 200]
        rest = [i for i in range(len(students)) if (i + rnd) % 2 == 1]
        second = at_once([lambda i=i: api(
            st, "POST", f"/api/submissions/{subs[i]['id']}/submit/", students[i], json={})
            for i in rest] + [lambda i=i: api(
                st, "PATCH", f"/api/submissions/{subs[i]['id']}/answer/", students[i],
                json={"answers": plans[i][0]}) for i in range(len(students)) if i not in rest])
        # An autosave after the submit is refused (400), never a 503.
        assert [r.status for r in second] == [200] * len(rest) + \
            [400] * (len(students) - len(rest)), \
            [(r.status, r.text()) for r in second]
        check_scores(st, teacher, hw, subs, [p[1] for p in plans])
    assert deadlocks(st) == before, sql(st, "SHOW ENGINE INNODB STATUS")


@pytest.mark.slow
def test_the_teachers_assignment_changes_while_the_class_hands_in(busy_stack, school):
    """The teacher moves the deadline and narrows or widens the assignment (each rewrites the
    homework's rows in the students' rollups, sql/migrations/0029) while the class hands in:
    every request answers 200 and MariaDB counts no deadlock."""
    st = busy_stack
    teacher, group, students = school
    before = deadlocks(st)
    for rnd in range(ROUNDS):
        hw, subs = started(st, teacher, group, students)
        plans = [answers_for(hw, i) for i in range(len(students))]
        targets = [
            [{"group_id": group["id"], "student_ids": None, "deadline": "2031-05-0%dT10:00:00Z"
              % (rnd + 1)}],
            [{"group_id": group["id"], "student_ids": [s.id for s in students]}],
            [{"group_id": group["id"], "student_ids": None}],
        ]
        jobs = [lambda s=s, b=b, p=p: api(st, "POST", f"/api/submissions/{b['id']}/submit/", s,
                                          json={"answers": p[0]})
                for s, b, p in zip(students, subs, plans)]
        jobs += [lambda t=t: api(st, "PATCH", f"/api/homework/{hw['id']}/", teacher,
                                 json={"group_assignments_data": t}) for t in targets]
        done = at_once(jobs)
        assert [r.status for r in done] == [200] * len(jobs), \
            [(r.status, r.text()[:200]) for r in done if r.status != 200]
        check_scores(st, teacher, hw, subs, [p[1] for p in plans])
        # What the triggers kept equals a recount from the rows.
        tallies_check(st, f"round {rnd}")
    assert deadlocks(st) == before, sql(st, "SHOW ENGINE INNODB STATUS")


def holder(st, statements):
    """A MariaDB session that runs statements in one open transaction (and keeps it open
    until closed); returns the process once they ran."""
    p = subprocess.Popen(
        ["mariadb", "--no-defaults", f"--socket={st.dir}/mariadb/mysql.sock", "-uroot", "-N",
         "--unbuffered", "tpanel"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    p.stdin.write("START TRANSACTION;\n" + "".join(s + ";\n" for s in statements) +
                  "SELECT 'held';\n")
    p.stdin.flush()
    while (line := p.stdout.readline()) and line.strip() != "held":
        pass
    assert line.strip() == "held", p.stderr.read()
    return p


def impatient(st):
    """st's MariaDB gives up a lock wait after 1 s (a 503), its workers restarted to take it."""
    run_stack("app-stop", st.dir, env=st.env)
    sql(st, "SET GLOBAL innodb_lock_wait_timeout = 1")
    run_stack("app-start", st.dir, st.port, env=st.env)

def test_a_classmates_rows_held_never_block_a_student(new_stack):
    """Another transaction holds a classmate's submission, answers and picks (by primary
    key, as a classmate's own request would): a student's autosave, submit, revision and
    resubmit, and the teacher's review of them, pass at once (a lock wait of 1 s would be a
    503). Before, each of them scanned the small answers table and waited."""
    st = new_stack
    impatient(st)
    teacher = new_user(st, "teacher")
    a, b = new_users(st, 2)
    group = create_group(st, teacher, student_ids=[a.id, b.id])
    hw = create_homework(st, teacher, group["id"], publish=True)
    sub_b = start(st, b, hw["id"])
    sub_a = start(st, a, hw["id"])
    right, _ = answers_for(hw, 0)
    wrong, _ = answers_for(hw, 1)
    B = f"/api/submissions/{sub_b['id']}/"
    assert api(st, "POST", B + "submit/", b, json={"answers": wrong}).status == 200
    assert api(st, "POST", B + "send_for_revision/", teacher, json={}).status == 200
    ids = sql(st, f"SELECT id FROM homework_answer WHERE submission_id = {sub_b['id']}").split()
    picks = [ln.split() for ln in sql(
        st, "SELECT answer_id, choice_id FROM homework_answer_selected_choices "
        f"WHERE answer_id IN ({','.join(ids)})").splitlines()]
    assert len(ids) == 9 and picks
    h = holder(st, [f"SELECT id FROM homework_studentsubmission WHERE id = {sub_b['id']} "
                    "FOR UPDATE"] +
               [f"SELECT id FROM homework_answer WHERE id = {i} FOR UPDATE" for i in ids] +
               [f"SELECT answer_id FROM homework_answer_selected_choices WHERE answer_id = {x} "
                f"AND choice_id = {c} FOR UPDATE" for x, c in picks])
    try:
        A = f"/api/submissions/{sub_a['id']}/"
        steps = [
            (a, "PATCH", A + "answer/", {"answers": wrong}),
            (a, "POST", A + "submit/", {}),
            (teacher, "PATCH", A + "feedback/", {"comment": "Почти"}),
            (teacher, "POST", A + "send_for_revision/", {"comment": "Исправь"}),
            (a, "PATCH", A + "answer/", {"answers": right}),
            (a, "POST", A + "submit/", {}),
        ]
        for who, method, path, body in steps:
            r = api(st, method, path, who, json=body)
            assert r.status == 200, (method, path, r)
        assert r.json()["status"] == "graded" and r.json()["total_score"] == FULL, r.json()
    finally:
        h.stdin.close()
        h.wait(timeout=10)
    r = api(st, "POST", B + "submit/", b, json={"answers": right})
    assert r.status == 200 and r.json()["total_score"] == FULL, r



@pytest.mark.slow
def test_first_feedback_files_of_many_homework_at_once(busy_stack, school):
    """Teachers attach a first feedback file to works of different homework at the same
    moment, and then change them: every answer 200 and no InnoDB deadlock. Before, each
    cleared its work's range of file references first; a clear that found nothing locked the
    gap after it (on a new school's few references, the same gap at the end of the index),
    and two such feedbacks then deadlocked on their INSERTs."""
    import filegen as g
    from test_files import stored
    st = busy_stack
    _, _, students = school
    n = 6
    # A teacher and a group each: nothing but the references is shared.
    teachers = [new_user(st, "teacher") for _ in range(n)]
    groups = [create_group(st, t, student_ids=[s.id]) for t, s in zip(teachers, students)]
    doc = "/api/homework/upload-document-direct/"
    before = deadlocks(st)
    for rnd in range(ROUNDS):
        works = []
        for t, gr, s in zip(teachers, groups, students):
            hw = create_homework(st, t, gr["id"], publish=True)
            sub = start(st, s, hw["id"])
            assert api(st, "POST", f"/api/submissions/{sub['id']}/submit/", s,
                       json={}).status == 200
            works.append(sub)
        files = [[stored(st, t, f"{k}.pdf", g.pdf(), path=doc)["file_id"] for k in range(2)]
                 for t in teachers]
        for pick in (lambda f: f[:1], lambda f: f[1:], lambda f: []):
            done = at_once([lambda t=t, b=b, f=f: api(
                st, "PATCH", f"/api/submissions/{b['id']}/feedback/", t,
                json={"attachments": pick(f)}) for t, b, f in zip(teachers, works, files)])
            assert [r.status for r in done] == [200] * n, \
                [(r.status, r.text()) for r in done if r.status != 200]
            assert [[x["file_id"] for x in r.json()["teacher_feedback_summary"][
                "attachments"]] for r in done] == [pick(f) for f in files]
    assert deadlocks(st) == before, sql(st, "SHOW ENGINE INNODB STATUS")


def test_a_key_change_never_waits_for_work_it_does_not_regrade(new_stack):
    """A teacher changes a question's key: the handed-in work of that homework is regraded,
    while another session holds a classmate's work in progress (submission and answers) and
    a handed-in work of another homework with its answers and picks. The regrade reaches only
    its homework's handed-in work, through their indexes, so it never waits for those."""
    st = new_stack
    impatient(st)
    teacher = new_user(st, "teacher")
    a, b = new_users(st, 2)
    group = create_group(st, teacher, student_ids=[a.id, b.id])
    hw = create_homework(st, teacher, group["id"], publish=True)
    other = create_homework(st, teacher, group["id"], publish=True)
    wrong, _ = answers_for(hw, 1)
    sub_a = start(st, a, hw["id"])
    sub_b = start(st, b, hw["id"])
    assert api(st, "PATCH", f"/api/submissions/{sub_b['id']}/answer/", b,
               json={"answers": wrong}).status == 200
    sub_o = start(st, b, other["id"])
    assert api(st, "POST", f"/api/submissions/{sub_o['id']}/submit/", b,
               json={"answers": answers_for(other, 1)[0]}).status == 200
    r = api(st, "POST", f"/api/submissions/{sub_a['id']}/submit/", a, json={"answers": wrong})
    assert r.status == 200 and r.json()["total_score"] == FULL - 14, r
    held = [sub_b["id"], sub_o["id"]]
    ids = sql(st, "SELECT id FROM homework_answer WHERE submission_id IN "
              f"({','.join(map(str, held))})").split()
    picks = [ln.split() for ln in sql(
        st, "SELECT answer_id, choice_id FROM homework_answer_selected_choices "
        f"WHERE answer_id IN ({','.join(ids)})").splitlines()]
    assert len(ids) == 18 and picks
    h = holder(st, [f"SELECT id FROM homework_studentsubmission WHERE id = {i} FOR UPDATE"
                    for i in held] +
               [f"SELECT id FROM homework_answer WHERE id = {i} FOR UPDATE" for i in ids] +
               [f"SELECT answer_id FROM homework_answer_selected_choices WHERE answer_id = {x} "
                f"AND choice_id = {c} FOR UPDATE" for x, c in picks])
    try:
        # The key moves to a's wrong city: a's work gains 10 points.
        q = by_type(hw)["SINGLE_CHOICE"]
        pick = wrong[str(q["id"])]
        r = api(st, "PATCH", f"/api/homework/{hw['id']}/", teacher, json={"questions": [
            {"id": x["id"]} for x in hw["questions"] if x["id"] != q["id"]] + [
            {"id": q["id"], "choices": [{"id": c["id"], "text": c["text"],
                                         "is_correct": c["id"] == pick}
                                        for c in q["choices"]]}]})
        assert r.status == 200, r
        r = api(st, "GET", f"/api/submissions/{sub_a['id']}/", teacher)
        assert r.json()["total_score"] == FULL - 4 and r.json()["status"] == "graded", r.json()
    finally:
        h.stdin.close()
        h.wait(timeout=10)
