"""The modules' lists on the shared keyset cursor (docs/lists.md): homework, submissions,
control points and their results, chats. Following next through every page gives every
row once, in order, and previous leads back; ?page=N still works; count is the whole
list's; a forged cursor, or one made for another list, caller or filter, answers 400
{"detail": "Invalid cursor."}.
"""

import urllib.parse

import pytest

from hw_helpers import create_homework
from test_groups_api import api, create_group, new_admin, new_user
from test_lists import BAD, get, query, rel

CP = "/api/control-points/"
CPR = "/api/control-point-results/"


@pytest.fixture(scope="module")
def w(stack):
    class W:
        pass
    x = W()
    x.T = new_user(stack, "teacher")
    x.S = [new_user(stack, first_name=f"Ученик{i}", last_name=f"Фамилия{i % 3}")
           for i in range(7)]
    x.A = new_admin(stack)
    x.G = create_group(stack, x.T, student_ids=[s.id for s in x.S])
    x.hw = [create_homework(stack, x.T, x.G["id"], publish=True)["id"] for _ in range(7)]
    for s in x.S:
        r = api(stack, "POST", "/api/submissions/", s, json={"homework": x.hw[0]})
        assert r.status == 201, r
    for s in x.S[:3]:
        r = api(stack, "POST", "/api/submissions/", s, json={"homework": x.hw[1]})
        assert r.status == 201, r
    x.cp = []
    for i in range(7):
        r = api(stack, "POST", CP, x.T, json={"title": f"КТ {i}", "group": x.G["id"],
                                             "max_points": 10,
                                             "date": f"2031-05-{1 + i // 2:02d}"})
        assert r.status == 201, r
        x.cp.append(r.json()["id"])
    for s in x.S:
        r = api(stack, "POST", CPR, x.T, json={"control_point": x.cp[0], "student": s.id,
                                              "points": 5})
        assert r.status == 201, r
    return x


def ids(page):
    return [r["id"] for r in page["results"]]


def walk_both_ways(stack, path, who, size):
    """All rows through next from page 1, then back through previous; and ?page=N."""
    first = get(stack, f"{path}page_size={size}", who)
    pages = [first]
    while pages[-1]["next"]:
        assert "cursor=" in pages[-1]["next"] and len(pages) < 50
        pages.append(get(stack, rel(pages[-1]["next"]), who))
    rows = [i for p in pages for i in ids(p)]
    assert len(rows) == len(set(rows)) == first["count"], (path, rows, first["count"])
    back = ids(pages[-1])
    page = pages[-1]
    while page["previous"]:
        page = get(stack, rel(page["previous"]), who)
        back = ids(page) + back
    assert back == rows, path
    for n, p in enumerate(pages, 1):
        assert ids(get(stack, f"{path}page_size={size}&page={n}", who)) == ids(p)
    assert api(stack, "GET", f"{path}page_size={size}&page={len(pages) + 1}",
               who).status == 404
    return rows, pages


def test_every_list_gives_every_row_once(stack, w):
    hw, _ = walk_both_ways(stack, "/api/homework/?", w.T, 3)
    assert hw == w.hw[::-1]
    mine, _ = walk_both_ways(stack, "/api/homework/?status=published&", w.S[0], 2)
    assert mine == w.hw[::-1]
    subs, _ = walk_both_ways(stack, "/api/submissions/?", w.T, 4)
    assert len(subs) == 10
    one, _ = walk_both_ways(stack, f"/api/submissions/?homework={w.hw[0]}&", w.T, 2)
    assert len(one) == 7
    walk_both_ways(stack, f"/api/submissions/?group_id={w.G['id']}&", w.A, 3)
    walk_both_ways(stack, "/api/submissions/?status=in_progress&", w.T, 3)
    cps, _ = walk_both_ways(stack, "/api/control-points/?", w.T, 2)
    assert sorted(cps) == sorted(w.cp)
    assert cps == sorted(w.cp, key=lambda i: (w.cp.index(i) // 2, i), reverse=True)
    assert walk_both_ways(stack, "/api/control-points/?", w.S[1], 3)[0] == cps
    walk_both_ways(stack, f"/api/control-points/?group={w.G['id']}&", w.A, 3)
    res, _ = walk_both_ways(stack, "/api/control-point-results/?", w.T, 3)
    assert len(res) == 7 and res == sorted(res, reverse=True)
    walk_both_ways(stack, f"/api/control-point-results/?control_point={w.cp[0]}&", w.A, 2)
    assert walk_both_ways(stack, "/api/control-point-results/?", w.S[2], 1)[0] == \
        [r for r in res if r in ids(get(stack, CPR, w.S[2]))]


def test_forged_and_foreign_cursors_are_400(stack, w):
    nexts = {
        "/api/homework/?page_size=2": get(stack, "/api/homework/?page_size=2", w.T)["next"],
        "/api/submissions/?page_size=2": get(stack, "/api/submissions/?page_size=2",
                                             w.T)["next"],
        f"/api/submissions/?homework={w.hw[0]}&page_size=2": get(
            stack, f"/api/submissions/?homework={w.hw[0]}&page_size=2", w.T)["next"],
        "/api/control-points/?page_size=2": get(stack, "/api/control-points/?page_size=2",
                                                w.T)["next"],
        "/api/control-point-results/?page_size=2": get(
            stack, "/api/control-point-results/?page_size=2", w.T)["next"],
    }
    cursors = {p: query(n)["cursor"][0] for p, n in nexts.items()}
    for path, c in cursors.items():
        # Forged: one character changed; another list's; another caller's; another filter.
        forged = c[:-3] + ("A" if c[-3] != "A" else "B") + c[-2:]
        r = api(stack, "GET", f"{path}&cursor={forged}", w.T)
        assert r.status == 400 and r.json() == BAD, (path, r)
        for other, oc in cursors.items():
            if other != path:
                r = api(stack, "GET", f"{path}&cursor={oc}", w.T)
                assert r.status == 400 and r.json() == BAD, (path, other, r)
        r = api(stack, "GET", f"{path}&cursor={c}", w.A)
        assert r.status == 400 and r.json() == BAD, (path, "admin", r)
    r = api(stack, "GET", "/api/homework/?page_size=2&status=draft&cursor=" +
            cursors["/api/homework/?page_size=2"], w.T)
    assert r.status == 400 and r.json() == BAD
    r = api(stack, "GET", "/api/chats/?page_size=2&cursor=" +
            cursors["/api/homework/?page_size=2"], w.T)
    assert r.status == 400 and r.json()["detail"] == BAD["detail"]
    # page_size stays bounded.
    assert len(get(stack, "/api/homework/?page_size=100000", w.T)["results"]) == 7
    assert get(stack, "/api/homework/?page_size=100000", w.T)["next"] is None


def test_counts_follow_writes(stack, w):
    before = get(stack, "/api/homework/?status=draft", w.T)["count"]
    h = create_homework(stack, w.T, w.G["id"])
    assert get(stack, "/api/homework/?status=draft", w.T)["count"] == before + 1
    assert api(stack, "DELETE", f"/api/homework/{h['id']}/", w.T).status == 204
    assert get(stack, "/api/homework/?status=draft", w.T)["count"] == before
    n = get(stack, "/api/submissions/", w.T)["count"]
    assert api(stack, "DELETE", f"/api/homework/{w.hw[1]}/", w.T).status in (204, 400)
    after = get(stack, "/api/submissions/", w.T)["count"]
    assert after == len(get(stack, "/api/submissions/?page_size=500", w.T)["results"])
    assert after in (n, n - 3)


def test_tallies_follow_every_write_and_cascade(stack):
    """The modules' tallies (0026) equal a rebuild after each kind of write, including the
    rows a foreign key deletes with a homework, a control point, a group or a user."""
    from test_lesson_pages import sql
    from test_tallies import check
    t = new_user(stack, "teacher")
    studs = [new_user(stack) for _ in range(3)]
    g = create_group(stack, t, student_ids=[s.id for s in studs])
    g2 = create_group(stack, t, student_ids=[studs[0].id])
    hws = [create_homework(stack, t, gid, publish=True)["id"] for gid in (g["id"], g2["id"])]
    for s in studs:
        assert api(stack, "POST", "/api/submissions/", s, json={"homework": hws[0]}).status == 201
    assert api(stack, "POST", "/api/submissions/", studs[0],
               json={"homework": hws[1]}).status == 201
    cps = []
    for gid in (g["id"], g2["id"]):
        r = api(stack, "POST", CP, t, json={"title": "КТ", "group": gid, "max_points": 10,
                                           "date": "2031-06-01"})
        assert r.status == 201, r
        cps.append(r.json()["id"])
    for cp, s in ((cps[0], studs[1]), (cps[0], studs[2]), (cps[1], studs[0])):
        assert api(stack, "POST", CPR, t, json={"control_point": cp, "student": s.id,
                                               "points": 3}).status == 201
    check(stack, "made")
    sql(stack, f"UPDATE homework_studentsubmission SET status = 'submitted' "
               f"WHERE homework_id = {hws[0]}")
    check(stack, "status changed")
    assert api(stack, "DELETE", f"{CP}{cps[0]}/", t).status == 204
    check(stack, "control point deleted with its results")
    sql(stack, f"DELETE FROM homework_homework WHERE id = {hws[0]}")
    check(stack, "homework deleted with its submissions")
    assert api(stack, "DELETE", f"/api/groups/{g2['id']}/", t).status == 204
    check(stack, "group deleted: its control points, results; its submissions' group")
    sql(stack, f"DELETE FROM accounts_customuser WHERE id = {studs[0].id}")
    check(stack, "student deleted")
    sql(stack, f"DELETE FROM accounts_customuser WHERE id = {t.id}")
    check(stack, "teacher deleted")


# The visibility rule as the list had it before it was read by ranges (sql/migrations/0028):
# the oracle the ranges must agree with, newest first.
RULE = """SELECT h.id FROM homework_homework h LEFT JOIN homework_studentsubmission s
    ON s.homework_id = h.id AND s.student_id = {u}
  WHERE h.id IN (SELECT a.homework_id FROM homework_assignment a
      JOIN schedule_group_students m ON m.group_id = a.group_id
      WHERE m.customuser_id = {u} AND (a.student_id IS NULL OR a.student_id = {u})
    UNION SELECT a.homework_id FROM homework_assignment a
      WHERE a.student_id = {u} AND a.group_id IS NULL
    UNION SELECT x.id FROM homework_homework x JOIN schedule_lesson xl ON xl.id = x.lesson_id
      JOIN schedule_group_students m ON m.group_id = xl.group_id
      WHERE m.customuser_id = {u} AND NOT EXISTS
        (SELECT 1 FROM homework_assignment a WHERE a.homework_id = x.id))
    AND (h.status = 'published' OR (h.status = 'archived' AND s.id IS NOT NULL))
    AND ('{st}' = '' OR h.status = '{st}')
  ORDER BY h.created_at DESC, h.id DESC"""
REACH = ("SELECT CONCAT('a', id, hw_status, hw_created_at) FROM homework_assignment "
         "UNION ALL SELECT CONCAT('s', id, hw_status, hw_created_at) "
         "FROM homework_studentsubmission UNION ALL SELECT CONCAT('r', homework_id, group_id, "
         "status, created_at) FROM homework_lesson_reach ORDER BY 1")


def test_student_homework_follows_the_rule(stack):
    """A student's homework list read by ranges (their groups' and their own assignment rows,
    their groups' lessons' homework without rows, their archived work) gives exactly what the
    rule gives, in order, both ways and by filter, through assignment, status, lesson,
    membership, group and user changes; what 0028 keeps equals hw_reach_rebuild(), and the
    students' summary rollups (0029) student_rebuild()."""
    from test_lesson_pages import sql
    from test_tallies import student_rollups
    t, s, o, gone = (new_user(stack, "teacher"), new_user(stack), new_user(stack),
                     new_user(stack))
    ga = create_group(stack, t, student_ids=[s.id, o.id])
    gb = create_group(stack, t, student_ids=[s.id, o.id])
    gc = create_group(stack, t, student_ids=[o.id, gone.id])
    lesson = {}
    for name, g in (("a", ga), ("b", gb), ("c", gc)):
        sql(stack, "INSERT INTO schedule_lesson (title, group_id, teacher_id, start_time, "
                   f"end_time) VALUES ('{name}', {g['id']}, {t.id}, '2031-02-01 10:00', "
                   "'2031-02-01 11:00')")
        lesson[name] = int(sql(stack, "SELECT MAX(id) FROM schedule_lesson").strip())

    def hw(publish=True, **body):
        r = api(stack, "POST", "/api/homework/", t, json={"title": "ДЗ", "questions": [
            {"prompt": "2+2", "question_type": "TEXT", "points": 1,
             "config": {"answerLength": "short", "correctAnswer": "4"}}], **body})
        assert r.status == 201, r
        if publish:
            assert api(stack, "POST", f"/api/homework/{r.json()['id']}/publish/",
                       t).status == 200
        return r.json()["id"]

    def grp(g, *who):
        return {"group_assignments_data": [
            {"group_id": g["id"], "student_ids": [x.id for x in who] or None}]}

    h = {"a": hw(**grp(ga)),
         "ab": hw(group_assignments_data=[{"group_id": ga["id"], "student_ids": None},
                                          {"group_id": gb["id"], "student_ids": None}]),
         "b_other": hw(**grp(gb, o)), "b_me": hw(**grp(gb, s)),
         "own": hw(individual_assignments_data=[{"student_id": s.id}]),
         "lesson_a": hw(lesson=lesson["a"]), "lesson_c": hw(lesson=lesson["c"]),
         "lesson_a_rows": hw(lesson=lesson["a"], **grp(gc)),
         "lesson_b_c": hw(lesson=lesson["b"], **grp(gc)),
         "lesson_b_gone": hw(lesson=lesson["b"], individual_assignments_data=[
             {"student_id": gone.id}]),
         "done": hw(**grp(ga)), "undone": hw(**grp(ga)), "draft": hw(False, **grp(ga))}
    r = api(stack, "POST", "/api/submissions/", s, json={"homework": h["done"]})
    assert r.status == 201, r
    for k in ("done", "undone"):
        sql(stack, f"UPDATE homework_homework SET status = 'archived' WHERE id = {h[k]}")

    def agree(what):
        for st in ("", "published", "archived"):
            want = [int(x) for x in sql(stack, RULE.format(u=s.id, st=st)).split()]
            q = f"/api/homework/?status={st}&" if st else "/api/homework/?"
            got = walk_both_ways(stack, q, s, 2)[0] if want else ids(get(stack, q, s))
            assert got == want, (what, st, got, want, {v: k for k, v in h.items()})
        assert get(stack, "/api/homework/?status=draft", s)["count"] == 0
        kept = sql(stack, REACH)
        sql(stack, "CALL hw_reach_rebuild()")
        assert sql(stack, REACH) == kept, what
        kept = student_rollups(stack)
        sql(stack, "CALL student_rebuild()")
        assert student_rollups(stack) == kept, what

    agree("made")
    assert {h[k] for k in ("a", "ab", "b_me", "own", "lesson_a", "done")} == set(
        ids(get(stack, "/api/homework/", s)))
    sql(stack, f"UPDATE schedule_lesson SET group_id = {gb['id']} WHERE id = {lesson['c']}")
    agree("lesson moved to the student's group")
    sql(stack, f"DELETE FROM homework_assignment WHERE homework_id = {h['lesson_a_rows']}")
    agree("last assignment row deleted")
    sql(stack, f"UPDATE homework_homework SET status = 'archived' WHERE id = {h['a']}")
    sql(stack, f"UPDATE homework_homework SET status = 'published' WHERE id = {h['undone']}")
    agree("status changed")
    sql(stack, f"DELETE FROM schedule_group_students WHERE group_id = {gb['id']} "
               f"AND customuser_id = {s.id}")
    agree("left a group")
    sql(stack, f"INSERT INTO schedule_group_students (group_id, customuser_id) "
               f"VALUES ({gb['id']}, {s.id})")
    assert api(stack, "DELETE", f"/api/groups/{gc['id']}/", t).status == 204
    agree("group deleted: its homework reach the student through their lessons")
    sql(stack, f"DELETE FROM accounts_customuser WHERE id = {gone.id}")
    agree("user deleted")
    sql(stack, f"DELETE FROM schedule_lesson WHERE id = {lesson['a']}")
    agree("lesson deleted")
