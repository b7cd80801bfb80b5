"""A statement that loses a lock conflict (here: a lock wait timeout behind a row another
session holds) answers 503 with Retry-After, logged, and writes nothing; once the lock is gone
the same request passes. It was an unlogged 500."""

import subprocess

from conftest import run_stack, wait_until
from test_groups_api import api, create_group, new_user
from test_lesson_pages import sql
from test_pages import Client, csrf_of, page_signin


def test_a_lock_conflict_is_a_503_to_retry(new_stack):
    st = new_stack
    # Workers connect on their first statement: restart them so that they take the
    # short lock wait set now.
    run_stack("app-stop", st.dir, env=st.env)
    sql(st, "SET GLOBAL innodb_lock_wait_timeout = 1")
    run_stack("app-start", st.dir, st.port, env=st.env)
    teacher = new_user(st, "teacher")
    group = create_group(st, teacher, name="До")

    holder = subprocess.Popen(
        ["mariadb", "--no-defaults", f"--socket={st.dir}/mariadb/mysql.sock", "-uroot", "-N",
         "--unbuffered", "tpanel"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        holder.stdin.write("START TRANSACTION;\n"
                           f"SELECT id FROM schedule_group WHERE id = {group['id']} FOR UPDATE;\n"
                           "SELECT 'locked';\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == str(group["id"])
        assert holder.stdout.readline().strip() == "locked"
        r = api(st, "PATCH", f"/api/groups/{group['id']}/", teacher, json={"name": "После"})
        assert r.status == 503, r
        assert r.headers.get("Retry-After") == "1"
        assert "busy" in r.json()["detail"]
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    assert api(st, "GET", f"/api/groups/{group['id']}/", teacher).json()["name"] == "До"
    wait_until(lambda: "lock conflict in the database, answered 503" in st.log_text(), 5,
               what="the conflict in the log")
    r = api(st, "PATCH", f"/api/groups/{group['id']}/", teacher, json={"name": "После"})
    assert r.status == 200, r
    assert r.json()["name"] == "После"


def test_a_lock_conflict_that_clears_is_run_again(new_stack):
    """A request that lost a lock conflict and changed nothing is run again by the worker
    (twice at most): a lock held a little longer than MariaDB waits costs the caller a wait,
    not an error; an API write and a page's form alike."""
    st = new_stack
    run_stack("app-stop", st.dir, env=st.env)
    sql(st, "SET GLOBAL innodb_lock_wait_timeout = 1")
    run_stack("app-start", st.dir, st.port, env=st.env)
    teacher = new_user(st, "teacher")
    group = create_group(st, teacher, name="До")
    c = Client(st)
    assert page_signin(c, teacher.email).status == 303
    token = csrf_of(c.get(f"/groups/{group['id']}"))

    def held_for(seconds, request):
        """request() while another session holds the group's row for seconds."""
        holder = subprocess.Popen(
            ["mariadb", "--no-defaults", f"--socket={st.dir}/mariadb/mysql.sock", "-uroot",
             "-N", "--unbuffered", "tpanel"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        holder.stdin.write("START TRANSACTION;\n"
                           f"SELECT id FROM schedule_group WHERE id = {group['id']} FOR UPDATE;\n"
                           f"SELECT SLEEP({seconds});\nCOMMIT;\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == str(group["id"])
        try:
            return request()
        finally:
            holder.stdin.close()
            holder.wait(timeout=10)

    r = held_for(1.5, lambda: api(st, "PATCH", f"/api/groups/{group['id']}/", teacher,
                                  json={"name": "После"}))
    assert r.status == 200, r
    assert r.json()["name"] == "После"
    r = held_for(1.5, lambda: c.post(f"/groups/{group['id']}", {
        "name": "Страница", "description": "", "csrf_token": token}))
    assert r.status == 303, r
    assert api(st, "GET", f"/api/groups/{group['id']}/", teacher).json()["name"] == "Страница"
    log = st.log_text()
    for what in (f"PATCH /api/groups/{group['id']}/", f"POST /groups/{group['id']}"):
        assert f"{what}: run again (1) after an answer 503" in log, what
