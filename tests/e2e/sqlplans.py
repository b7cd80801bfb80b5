"""The SQL a request runs and how MariaDB runs it: statements captured from MariaDB's general
log (prepared statements appear there with their values), each run again under ANALYZE
FORMAT=JSON, whose r_rows say how many rows every table access really read. Used by
tests/e2e/test_list_plans.py and bench/scale (bench/README: the plans behind the figures).
"""

import json
import subprocess

# Tables whose every row may be read: constants and one-row tables; and a scan of any table
# that holds at most TINY_ROWS rows (the pool's few accounts), which is what the optimizer
# should do there.
TINY = {"list_tally_combo", "data_version", "accounts_systemsettings", "job_run"}
TINY_ROWS = 100


def mariadb(sock, sql, timeout=120):
    """Run sql as MariaDB's root on the socket, database tpanel; stdout (raw, no headers)."""
    p = subprocess.run(["mariadb", "--no-defaults", f"--socket={sock}", "-uroot", "tpanel",
                        "-N", "-B", "-r"], input=sql, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"mariadb: {p.stderr.strip()}\n{sql[:500]}")
    return p.stdout


class Capture:
    """The SELECT statements the server runs while fn() runs (one request at a time).
    MariaDB writes a prepared statement's values into the log only if the log was on when
    the statement was prepared: make the Capture before the workers prepare theirs (or
    replace the workers after)."""

    def __init__(self, sock):
        self.sock = sock
        mariadb(sock, "SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1;")

    def statements(self, fn):
        mariadb(self.sock, "TRUNCATE mysql.general_log;")
        fn()
        out = mariadb(self.sock, "SELECT REPLACE(REPLACE(CONVERT(argument USING utf8mb4), "
                                 "'\\n', ' '), '\\r', ' ') FROM mysql.general_log "
                                 "WHERE command_type = 'Execute' ORDER BY event_time;")
        return [s for s in out.splitlines() if s.lstrip()[:6].upper() in ("SELECT", "(SELEC")
                or s.lstrip()[:4].upper() == "WITH"]

    def close(self):
        mariadb(self.sock, "SET GLOBAL general_log = 0;")


def analyze(sock, stmt):
    """ANALYZE FORMAT=JSON of stmt (it runs), in the server's session settings."""
    out = mariadb(sock, "SET time_zone = '+00:00'; ANALYZE FORMAT=JSON " + stmt + ";")
    return json.loads(out)


def nodes(plan):
    """Every object of a plan's JSON, depth first."""
    if isinstance(plan, dict):
        yield plan
        plan = list(plan.values())
    if isinstance(plan, list):
        for v in plan:
            yield from nodes(v)


def accesses(plan):
    """Every table access of a plan: (table, access_type, key, rows read in all (r_loops x
    r_rows), index only?)."""
    return [(x["table_name"], x["access_type"], x.get("key"),
             round((x.get("r_loops") or 0) * (x.get("r_rows") or 0)),
             bool(x.get("using_index")))
            for x in nodes(plan) if "table_name" in x and "access_type" in x]


def sorts(plan):
    """Every filesort of a plan: rows it output (r_output_rows) or None."""
    return [x["filesort"].get("r_output_rows") for x in nodes(plan)
            if isinstance(x.get("filesort"), dict)]


def explain(sock, stmt):
    """EXPLAIN (the table form) of stmt, as text for a report."""
    return mariadb(sock, "SET time_zone = '+00:00'; EXPLAIN " + stmt + ";")


def judge(plan, bound):
    """What is wrong with a plan: a full scan (of more than TINY_ROWS rows, of a table that
    is not tiny), or a table or sort that read more than bound rows. [] when nothing is."""
    bad = []
    for table, access, key, rows, _ in accesses(plan):
        base = table.split(" ")[0]
        if access == "ALL" and base not in TINY and not base.startswith("<") and \
                rows > TINY_ROWS:
            bad.append(f"full scan of {table} ({rows} rows)")
        if rows > bound:
            bad.append(f"{table} via {key or access}: {rows} rows read > {bound}")
    for n in sorts(plan):
        if n is not None and n > bound:
            bad.append(f"a sort of {n} rows > {bound}")
    return bad
