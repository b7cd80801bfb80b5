"""A statement that loses a lock conflict (here: a lock wait timeout behind a row another
session holds) writes nothing. While the row stays held the request answers 503 with
Retry-After, logged (it was an unlogged 500); when the row is let go soon enough, the worker
runs the request again (twice at most) and it passes."""

import subprocess

from conftest import run_stack, wait_until
from test_groups_api import api, create_group, new_user
from test_lesson_pages import sql
from test_pages import Client, csrf_of, page_signin


def teacher_and_group(st):
    """A teacher and their group "До" on a stack whose lock waits last 1 s."""
    # Workers connect on their first statement: restart them so that they take the
    # short lock wait set now.
    run_stack("app-stop", st.dir, env=st.env)
    sql(st, "SET GLOBAL innodb_lock_wait_timeout = 1")
    run_stack("app-start", st.dir, st.port, env=st.env)
    teacher = new_user(st, "teacher")
    return teacher, create_group(st, teacher, name="До")


def held(st, group, request, seconds=None):
    """request() while another session holds the group's row: until request() is done, or
    for seconds (then it lets go by itself)."""
    holder = subprocess.Popen(
        ["mariadb", "--no-defaults", f"--socket={st.dir}/mariadb/mysql.sock", "-uroot", "-N",
         "--unbuffered", "tpanel"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        holder.stdin.write("START TRANSACTION;\n"
                           f"SELECT id FROM schedule_group WHERE id = {group['id']} FOR UPDATE;\n"
                           + (f"SELECT SLEEP({seconds});\nCOMMIT;\n" if seconds else ""))
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == str(group["id"])
        return request()
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_lock_conflict_is_a_503_to_retry(new_stack):
    st = new_stack
    teacher, group = teacher_and_group(st)
    r = held(st, group, lambda: api(st, "PATCH", f"/api/groups/{group['id']}/", teacher,
                                    json={"name": "После"}))
    assert r.status == 503, r
    assert r.headers.get("Retry-After") == "1"
    assert "busy" in r.json()["detail"]
    assert api(st, "GET", f"/api/groups/{group['id']}/", teacher).json()["name"] == "До"
    wait_until(lambda: "lock conflict in the database, answered 503" in st.log_text(), 5,
               what="the conflict in the log")
    r = api(st, "PATCH", f"/api/groups/{group['id']}/", teacher, json={"name": "После"})
    assert r.status == 200, r
    assert r.json()["name"] == "После"


def test_a_lock_conflict_that_clears_is_run_again(new_stack):
    """A lock held a little longer than MariaDB waits costs the caller a wait, not an error:
    an API write and a page's form alike."""
    st = new_stack
    teacher, group = teacher_and_group(st)
    c = Client(st)
    assert page_signin(c, teacher.email).status == 303
    token = csrf_of(c.get(f"/groups/{group['id']}"))
    r = held(st, group, lambda: api(st, "PATCH", f"/api/groups/{group['id']}/", teacher,
                                    json={"name": "После"}), seconds=1.5)
    assert r.status == 200, r
    assert r.json()["name"] == "После"
    r = held(st, group, lambda: c.post(f"/groups/{group['id']}", {
        "name": "Страница", "description": "", "csrf_token": token}), seconds=1.5)
    assert r.status == 303, r
    assert api(st, "GET", f"/api/groups/{group['id']}/", teacher).json()["name"] == "Страница"
    log = st.log_text()
    for what in (f"PATCH /api/groups/{group['id']}/", f"POST /groups/{group['id']}"):
        assert f"{what}: run again (1) after an answer 503" in log, what
