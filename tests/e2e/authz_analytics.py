"""The analytics module's rows of the authorisation matrix (test_authz_matrix.py imports rows()):
the attendance journal, control points and their results, the rating, gradebook, report and
exports, badges, the summaries, attendance from Zoom, and their pages (PHASE2-3.md section 2,
P2.7-P2.9; docs/authorisation.md "Analytics").

Group-scoped reads follow G-SCOPE: the owner teacher and admins, and where the spec lets them, the
group's students (each their own row); a group the caller cannot see is 404, a member student
on an owner-only screen 403.
"""

from test_authz_matrix import (ANY, IN_SCOPE, P_T_OWNER, T_ONLY, T_OWNER, Call, Row, ids,
                               with_body)

# Owner-only group screens (the journal, the report): the group's own students see the group
# but not these (403); those who do not see the group get 404.
G_OWNER = "401 403 404 ok 404 ok"
P_G_OWNER = "login 403 404 ok 404 ok"


def cp(w, owner=None):
    """A new control point of the teacher's (or owner's) own group."""
    owner = owner or w.T
    group = w.G if owner is w.T else w.G2
    return w.ok("POST", "/api/control-points/", owner, {
        "title": w.uniq("Контрольная"), "group": group["id"], "max_points": 10,
        "date": "2031-06-02"})


def the_cp(w):
    """The control point reads and edits use (made once)."""
    if not hasattr(w, "CP"):
        w.CP = cp(w)
    return w.CP


def a_result(w):
    """A result of the student's on a new control point of the teacher's."""
    c = cp(w)
    return w.ok("POST", "/api/control-point-results/", w.T,
                {"control_point": c["id"], "student": w.S.id, "points": 5})


def the_result(w):
    if not hasattr(w, "CPR"):
        w.CPR = a_result(w)
    return w.CPR


def cp_create(w, who):
    return Call(body={"title": w.uniq("Контрольная"), "group": w.own_group(who)["id"],
                      "date": "2031-06-02"})


def result_create(w, who):
    """A result on a fresh control point of the caller's own (another teacher: their own
    group's student)."""
    if who == "oteacher":
        return Call(body={"control_point": cp(w, w.T2)["id"], "student": w.S2.id,
                          "points": 3})
    return Call(body={"control_point": cp(w)["id"], "student": w.S.id, "points": 3})


def control_point_rows():
    CPID = ids(id=lambda w: the_cp(w)["id"])
    RID = ids(id=lambda w: the_result(w)["id"])
    return [
        Row("GET", "/api/control-points/", ANY),
        Row("POST", "/api/control-points/", T_ONLY, cp_create),
        Row("GET", "/api/control-points/{id}/", IN_SCOPE, CPID),
        Row("PUT", "/api/control-points/{id}/", T_OWNER, with_body(
            {"id": lambda w: the_cp(w)["id"]},
            lambda w, who: {"title": "Контрольная", "group": w.G["id"], "max_points": 10,
                            "date": "2031-06-02"})),
        Row("PATCH", "/api/control-points/{id}/", T_OWNER, with_body(
            {"id": lambda w: the_cp(w)["id"]}, {"title": "Контрольная 2"})),
        Row("DELETE", "/api/control-points/{id}/", T_OWNER,
            lambda w, who: Call(params={"id": cp(w)["id"]})),
        Row("GET", "/api/control-points/{id}/results/", IN_SCOPE, CPID),
        Row("PUT", "/api/control-points/{id}/results/", T_OWNER, with_body(
            {"id": lambda w: the_cp(w)["id"]},
            lambda w, who: {"results": [{"student_id": w.S.id, "points": 4}]})),
        Row("GET", "/api/control-point-results/", ANY),
        Row("POST", "/api/control-point-results/", T_ONLY, result_create),
        Row("GET", "/api/control-point-results/{id}/", IN_SCOPE, RID),
        Row("PUT", "/api/control-point-results/{id}/", T_OWNER, with_body(
            {"id": lambda w: the_result(w)["id"]},
            lambda w, who: {"control_point": the_result(w)["control_point"],
                            "student": w.S.id, "points": 6})),
        Row("PATCH", "/api/control-point-results/{id}/", T_OWNER, with_body(
            {"id": lambda w: the_result(w)["id"]}, {"points": 7})),
        Row("DELETE", "/api/control-point-results/{id}/", T_OWNER,
            lambda w, who: Call(params={"id": a_result(w)["id"]})),
    ]


def started_lesson_call(w, who):
    """A lesson of the teacher's happening now, its meeting started at the fake Zoom; deleted
    after the call."""
    les = w.now_lesson()
    w.ok("POST", f"/api/schedule/lessons/{les['id']}/start-new/", w.T, {})
    return Call(params={"id": les["id"]}, body={}, cleanup=lambda r: w.drop_lesson(les["id"]))


def journal_rows():
    G = ids(id=lambda w: w.G["id"])
    return [
        Row("GET", "/api/groups/{id}/attendance-log/", G_OWNER, G),
        Row("POST", "/api/groups/{id}/attendance-log/update/", T_OWNER, with_body(
            {"id": lambda w: w.G["id"]},
            lambda w, who: {"lesson_id": w.L["id"], "student_id": w.S.id, "status": "absent"})),
        Row("POST", "/api/groups/{id}/attendance-log/confirm/", T_OWNER, with_body(
            {"id": lambda w: w.G["id"]}, lambda w, who: {"lesson_id": w.L["id"]})),
        # The student's tracked join: the group's students only.
        Row("POST", "/lessons/{id}/join", "login ok 404 403 403 403", started_lesson_call),
    ]


def report_rows():
    G = ids(id=lambda w: w.G["id"])
    return [
        Row("GET", "/api/groups/{id}/rating/", IN_SCOPE, G),
        Row("GET", "/api/groups/{id}/report/", G_OWNER, G),
        Row("GET", "/api/groups/{id}/report/export/", G_OWNER,
            lambda w, who: Call(params={"id": w.G["id"]}, query="format=csv")),
        Row("GET", "/api/teacher-stats/group_rating/", G_OWNER,
            lambda w, who: Call(query=f"group_id={w.G['id']}")),
        Row("GET", "/api/analytics/summary-report/", G_OWNER,
            lambda w, who: Call(query=f"group_id={w.G['id']}")),
        # The gradebook takes its group from the query and answers 403 to those outside it,
        # as @HEAD does (P2.7: S3 -> 403).
        Row("GET", "/api/gradebook/", "401 ok 403 ok 403 ok",
            lambda w, who: Call(query=f"group={w.G['id']}")),
        Row("GET", "/api/badges/", "401 ok 403 ok 403 ok",
            lambda w, who: Call(query=f"student={w.S.id}")),
        Row("GET", "/api/teacher-stats/summary/", "401 403 403 ok ok ok"),
        Row("GET", "/api/student-stats/summary/", "401 ok ok 403 403 403"),
    ]


def page_rows():
    G = ids(id=lambda w: w.G["id"])
    CPID = ids(id=lambda w: the_cp(w)["id"])
    cp_form = {"title": "Контрольная", "date": "2031-06-02", "max_points": "10", "lesson": ""}
    return [
        Row("GET", "/groups/{id}/journal", P_T_OWNER, G),
        Row("POST", "/groups/{id}/journal", P_T_OWNER, with_body(
            {"id": lambda w: w.G["id"]},
            lambda w, who: {"lesson_id": w.L["id"], f"s_{w.S.id}": "present"})),
        Row("POST", "/groups/{id}/journal/confirm", P_T_OWNER, with_body(
            {"id": lambda w: w.G["id"]}, lambda w, who: {"lesson_id": w.L["id"]})),
        Row("GET", "/groups/{id}/control-points", P_T_OWNER, G),
        Row("POST", "/groups/{id}/control-points", P_T_OWNER,
            with_body({"id": lambda w: w.G["id"]}, cp_form)),
        Row("GET", "/control-points/{id}", P_T_OWNER, CPID),
        Row("POST", "/control-points/{id}", P_T_OWNER, with_body(
            {"id": lambda w: the_cp(w)["id"]}, lambda w, who: {f"p_{w.S.id}": "3"})),
        Row("POST", "/control-points/{id}/edit", P_T_OWNER,
            with_body({"id": lambda w: the_cp(w)["id"]}, cp_form)),
        Row("POST", "/control-points/{id}/delete", P_T_OWNER,
            lambda w, who: Call(params={"id": cp(w)["id"]}, body={})),
        Row("GET", "/groups/{id}/rating", "login ok 404 ok 404 ok", G),
        Row("GET", "/groups/{id}/gradebook", P_T_OWNER, G),
        Row("GET", "/groups/{id}/report", P_T_OWNER, G),
        Row("GET", "/groups/{id}/report/export", P_T_OWNER,
            lambda w, who: Call(params={"id": w.G["id"]}, query="format=csv")),
    ]


def rows():
    return control_point_rows() + journal_rows() + report_rows() + page_rows()
