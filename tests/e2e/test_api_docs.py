"""The API description: api/openapi.json against the route table (`tpanel routes`), served at
/api/schema/ and rendered at /api/docs/; a broken description stops `tpanel serve` at start.

A JSON route added to src/app/routes.c without its operation in api/openapi.json fails here."""
import html
import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import REPO, wait_until

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
ROLE_FLAGS = {"anon", "user", "student", "teacher", "admin"}
FLAGS = ROLE_FLAGS | {"html", "csrf", "cache"}
PARAM = re.compile(r"\{([^}/]+)\}")


def norm(path):
    """Paths match with or without the trailing slash."""
    return path[:-1] if len(path) > 1 and path.endswith("/") else path


def run_routes(*args, **kw):
    return subprocess.run([str(REPO / "tpanel"), *args, "routes"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=10, **kw)


@pytest.fixture(scope="module")
def routes():
    """[(METHOD, pattern, {flags})] from `tpanel routes`."""
    p = run_routes()
    assert p.returncode == 0, p.stderr
    out = []
    for line in p.stdout.splitlines():
        method, pattern, flags = line.split("\t")
        if method != "ALIAS":
            out.append((method, pattern, set(flags.split(",")) if flags else set()))
    return out


@pytest.fixture(scope="module")
def json_routes(routes):
    return [(m, p, f) for m, p, f in routes if "html" not in f]


@pytest.fixture(scope="module")
def doc(stack):
    r = stack.get("/api/schema/")
    assert r.status == 200, r
    assert r.headers["content-type"] == "application/json"
    return r.json()


def operations(doc):
    """(METHOD, path, path item, operation) for every operation of the document."""
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                yield method.upper(), path, item, op


def resolve(doc, obj):
    while isinstance(obj, dict) and "$ref" in obj:
        ref = obj["$ref"]
        assert ref.startswith("#/"), ref
        obj = doc
        for seg in ref[2:].split("/"):
            obj = obj[seg.replace("~1", "/").replace("~0", "~")]
    return obj


# -- the route table --------------------------------------------------------------------------------

def test_routes_command_needs_no_configuration_or_database():
    # An unreadable configuration and an unreachable database do not matter.
    env = {"PATH": "/usr/bin:/bin", "TPANEL_DB_HOST": "192.0.2.1", "TPANEL_DB_SOCKET": ""}
    p = run_routes("-c", "/nonexistent/tpanel.conf", env=env)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines and p.stderr == ""
    for line in lines:
        method, pattern, flags = line.split("\t")
        if method == "ALIAS":   # a path prefix served as another: ALIAS /api/api/* /api/*
            assert re.fullmatch(r"/[a-z/]+/\*", pattern) and re.fullmatch(r"/[a-z/]+/\*", flags), line
            continue
        assert re.fullmatch(r"[A-Z]+", method), line
        assert pattern.startswith("/"), line
        assert set(flags.split(",")) <= FLAGS, line
        assert set(flags.split(",")) & ROLE_FLAGS, f"no caller flag: {line}"
    assert "GET\t/api/schema/\tanon" in lines
    assert "GET\t/api/docs/\tanon,html" in lines


def test_routes_are_unique(routes):
    seen = [(m, norm(p)) for m, p, _ in routes]
    assert len(seen) == len(set(seen))


# -- the document against the route table ------------------------------------------------------------

def test_every_json_route_is_documented(doc, json_routes):
    documented = {(m, norm(p)): p for m, p, _, _ in operations(doc)}
    missing = [f"{m} {p}" for m, p, _ in json_routes if (m, norm(p)) not in documented]
    assert not missing, "routes missing from api/openapi.json: " + ", ".join(missing)
    # Same spelling, {id} included, up to the trailing slash.
    for m, p, _ in json_routes:
        assert PARAM.findall(documented[(m, norm(p))]) == PARAM.findall(p), (m, p)


def test_every_documented_operation_is_a_json_route(doc, routes):
    table = {(m, norm(p)): f for m, p, f in routes}
    for m, p, _, _ in operations(doc):
        assert (m, norm(p)) in table, f"{m} {p} is documented but not in the route table"
        assert "html" not in table[(m, norm(p))], f"{m} {p} is a page, not JSON"


def test_callers_and_security_match_the_route_flags(doc, json_routes):
    flags = {(m, norm(p)): f for m, p, f in json_routes}
    schemes = doc["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer",
                                     "bearerFormat": "JWT"}
    for m, p, _, op in operations(doc):
        roles = flags[(m, norm(p))] & ROLE_FLAGS
        where = f"{m} {p}"
        assert set(op.get("x-roles", [])) == roles, where
        assert "Who may call" in op["description"], where
        codes = set(op["responses"])
        if roles == {"anon"}:
            assert op["security"] == [], where
            assert op["responses"].get("401") != {"$ref": "#/components/responses/Unauthorized"}, \
                where
        else:
            assert op["security"] == [{"bearerAuth": []}], where
            assert "401" in codes, where
        if roles & {"student", "teacher", "admin"}:
            assert "403" in codes, where


# -- the document's shape ----------------------------------------------------------------------------

def test_schema_is_openapi_3_and_the_file_served(doc):
    assert doc["openapi"].startswith("3.")
    assert doc["info"]["title"] and doc["info"]["version"]
    on_disk = json.loads((REPO / "api" / "openapi.json").read_text())
    assert doc == on_disk


def test_operations_have_ids_summaries_and_responses(doc):
    ids = []
    for m, p, _, op in operations(doc):
        where = f"{m} {p}"
        ids.append(op.get("operationId"))
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", op.get("operationId") or ""), where
        assert op.get("summary") and op.get("description"), where
        codes = list(op["responses"])
        assert any(c.startswith("2") for c in codes), where
        assert any(c.startswith("4") for c in codes), where
        assert "405" in codes, where
        if "requestBody" in op:
            assert "413" in codes and "400" in codes, where
        if op.get("x-alias-of"):
            assert op["description"].startswith("Alias of " + op["x-alias-of"]), where
            am, ap = op["x-alias-of"].split(" ", 1)
            assert ap in doc["paths"] and am.lower() in doc["paths"][ap], where
    dups = {i for i in ids if ids.count(i) > 1}
    assert not dups, f"operationIds used twice: {dups}"


def test_path_parameters_are_declared(doc):
    for m, p, item, op in operations(doc):
        declared = [resolve(doc, x) for x in item.get("parameters", []) + op.get("parameters", [])]
        in_path = {x["name"] for x in declared if x["in"] == "path"}
        assert in_path == set(PARAM.findall(p)), f"{m} {p}"
        for x in declared:
            if x["in"] == "path":
                # {id} is an integer; any other {name} a word (core/router.c).
                want = "integer" if x["name"] == "id" else "string"
                assert x["required"] is True and x["schema"]["type"] == want, f"{m} {p}"
        assert len({(x["name"], x["in"]) for x in declared}) == len(declared), f"{m} {p}"


STATUS = re.compile(r"^([1-5][0-9][0-9]|[1-5]XX|default)$")
SCHEMA_TYPES = {"string", "number", "integer", "boolean", "array", "object"}
SCHEMA_KEYS = {"title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
               "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems",
               "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf",
               "anyOf", "not", "items", "properties", "additionalProperties", "description",
               "format", "default", "nullable", "discriminator", "readOnly", "writeOnly", "xml",
               "externalDocs", "example", "deprecated", "$ref"}
OP_KEYS = {"tags", "summary", "description", "externalDocs", "operationId", "parameters",
           "requestBody", "responses", "callbacks", "deprecated", "security", "servers"}


def check_schema(doc, s, where):
    assert isinstance(s, dict), where
    if "$ref" in s:
        assert set(s) == {"$ref"}, f"{where}: siblings of $ref are ignored in OpenAPI 3.0"
        resolve(doc, s)
        return
    extra = {k for k in s if not k.startswith("x-")} - SCHEMA_KEYS
    assert not extra, f"{where}: unknown schema keys {extra}"
    if "type" in s:
        assert s["type"] in SCHEMA_TYPES, where
    if s.get("type") == "array":
        assert "items" in s, f"{where}: an array needs items"
    if s.get("nullable"):
        assert "type" in s, f"{where}: nullable needs a type"
    for k in ("minLength", "maxLength", "minItems", "maxItems", "minProperties"):
        if k in s:
            assert isinstance(s[k], int) and s[k] >= 0, where
    if "enum" in s:
        assert isinstance(s["enum"], list) and s["enum"], where
    if "format" in s:
        assert s.get("type") in ("string", "integer", "number"), where
    for name, sub in s.get("properties", {}).items():
        check_schema(doc, sub, f"{where}.{name}")
    for req in s.get("required", []):
        assert req in s.get("properties", {}), f"{where}: required {req} is no property"
    if isinstance(s.get("items"), dict):
        check_schema(doc, s["items"], where + "[]")
    if isinstance(s.get("additionalProperties"), dict):
        check_schema(doc, s["additionalProperties"], where + "{}")
    for k in ("allOf", "oneOf", "anyOf"):
        for i, sub in enumerate(s.get(k, [])):
            check_schema(doc, sub, f"{where}.{k}[{i}]")


def check_content(doc, content, where):
    assert isinstance(content, dict) and content, where
    for ctype, media in content.items():
        assert "/" in ctype, where
        assert set(media) <= {"schema", "example", "examples", "encoding"}, where
        if "schema" in media:
            check_schema(doc, media["schema"], f"{where} {ctype}")


def test_document_is_structurally_valid(doc):
    """What openapi-spec-validator would check (Debian 12 has no package of it)."""
    assert set(k for k in doc if not k.startswith("x-")) <= {
        "openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs"}
    assert re.fullmatch(r"3\.0\.\d+", doc["openapi"])
    tags = [t["name"] for t in doc.get("tags", [])]
    assert len(tags) == len(set(tags))
    comps = doc["components"]
    for section in comps.values():
        for name in section:
            assert re.fullmatch(r"[A-Za-z0-9._-]+", name), name
    for name, s in comps.get("schemas", {}).items():
        check_schema(doc, s, f"#/components/schemas/{name}")
    for name, sch in comps["securitySchemes"].items():
        assert sch["type"] in ("apiKey", "http", "oauth2", "openIdConnect"), name
    for m, p, item, op in operations(doc):
        where = f"{m} {p}"
        assert p.startswith("/"), where
        assert set(k for k in item if not k.startswith("x-")) <= METHODS | {
            "$ref", "summary", "description", "servers", "parameters"}, p
        assert set(k for k in op if not k.startswith("x-")) <= OP_KEYS, where
        assert all(t in tags for t in op.get("tags", [])), where
        for req in op.get("security", doc.get("security", [])):
            assert set(req) <= set(comps["securitySchemes"]), where
        for x in item.get("parameters", []) + op.get("parameters", []):
            x = resolve(doc, x)
            assert x["in"] in ("path", "query", "header", "cookie"), where
            assert ("schema" in x) != ("content" in x), where
            if "schema" in x:
                check_schema(doc, x["schema"], f"{where} ?{x['name']}")
        if "requestBody" in op:
            check_content(doc, resolve(doc, op["requestBody"])["content"], where + " body")
        assert op["responses"], where
        for code, r in op["responses"].items():
            assert STATUS.match(code), f"{where} {code}"
            r = resolve(doc, r)
            assert r.get("description"), f"{where} {code}"
            if code == "204":
                assert "content" not in r, where
            else:
                assert "content" in r, f"{where} {code}: no body documented"
                check_content(doc, r["content"], f"{where} {code}")
            for h, hv in r.get("headers", {}).items():
                assert "schema" in resolve(doc, hv), f"{where} {code} {h}"


def test_errors_are_documented_with_their_bodies(doc):
    resp = doc["components"]["responses"]
    for name in ("Unauthorized", "Forbidden", "NotFound", "MethodNotAllowed", "PayloadTooLarge",
                 "TooManyRequests", "ServiceUnavailable"):
        assert name in resp
    assert "Retry-After" in resp["TooManyRequests"]["headers"]
    schemas = doc["components"]["schemas"]
    for name in ("UserProfile", "UserBrief", "Group", "GroupPreview", "InviteCode", "Error",
                 "FieldErrors", "TokenPair", "TokenNotValid", "DetailAndError",
                 "PaginatedGroups", "PaginatedInviteCodes", "PaginatedAuditLog"):
        assert name in schemas, name
    for name in ("PaginatedGroups", "PaginatedInviteCodes", "PaginatedAuditLog"):
        assert set(schemas[name]["required"]) == {"count", "next", "previous", "results"}
    # Every 429 carries Retry-After; every 503 the database-down answer.
    for m, p, _, op in operations(doc):
        if "429" in op["responses"]:
            assert "Retry-After" in resolve(doc, op["responses"]["429"]).get("headers", {}), p


def test_documented_shapes_match_answers(stack, doc):
    """A few live answers against their documented schemas' required fields."""
    schemas = doc["components"]["schemas"]
    r = stack.get("/api/health/")
    assert set(schemas["Health"]["required"]) <= set(r.json())
    r = stack.get("/api/groups/")
    assert r.status == 401 and set(r.json()) >= set(schemas["Error"]["required"])
    r = stack.get("/api/groups/", headers={"Authorization": "Bearer nope"})
    assert r.status == 401 and set(r.json()) >= set(schemas["TokenNotValid"]["required"])
    r = stack.post("/api/ping/", json={})
    assert r.status == 405 and "detail" in r.json()
    r = stack.post("/api/jwt/token/", json={})
    assert r.status == 400 and all(isinstance(v, list) for v in r.json().values())


# -- the page ------------------------------------------------------------------------------------------

def test_docs_page_lists_every_operation(stack, doc):
    r = stack.get("/api/docs/")
    assert r.status == 200, r
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<script" not in page.split("<main", 1)[1].lower(), "the page needs no JavaScript"
    assert "Документация API" in page
    for m, p, _, op in operations(doc):
        assert html.escape(p, quote=True) in page, f"{p} not on /api/docs/"
        assert f'id="op-{op["operationId"]}"' in page, op["operationId"]
    for name in doc["components"]["schemas"]:
        assert f'id="schema-{name}"' in page, name
    # Text from the document is escaped, never raw.
    assert "{&quot;detail&quot;" in page and '{"detail"' not in page
    assert stack.get("/api/docs").status == 200


def test_docs_page_needs_no_sign_in_and_ignores_a_bad_token(stack):
    r = stack.get("/api/docs/", headers={"Authorization": "Bearer nope"})
    assert r.status == 200
    assert stack.get("/api/schema/", headers={"Authorization": "Bearer nope"}).status == 200


# -- loading: once, at start, and refused when broken ---------------------------------------------

def write_doc(d, text):
    (Path(d) / "openapi.json").write_text(text)


BROKEN = {
    "missing": None,
    "bad-json": '{"openapi": "3.0.3", "info": {',
    "not-openapi-3": '{"openapi": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}',
    "undeclared-path-param": json.dumps({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/x/{id}/": {"get": {"operationId": "x", "summary": "x",
                                       "responses": {"200": {"description": "ok"}}}}}}),
    "dangling-ref": json.dumps({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/x/": {"get": {"operationId": "x", "summary": "x",
                                  "responses": {"200": {"$ref": "#/components/responses/Nope"}}}}}}),
    "duplicate-operation-id": json.dumps({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/x/": {"get": {"operationId": "x", "summary": "x",
                                  "responses": {"200": {"description": "ok"}}},
                          "put": {"operationId": "x", "summary": "x",
                                  "responses": {"200": {"description": "ok"}}}}}}),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_description_stops_serve_at_start(stack, case):
    with tempfile.TemporaryDirectory(prefix="tpapi") as d:
        if BROKEN[case] is not None:
            write_doc(d, BROKEN[case])
        env = dict(stack.env, TPANEL_API_DIR=d, TPANEL_LISTEN=d + "/sock",
                   TPANEL_PID_FILE=d + "/pid")
        p = subprocess.run([str(REPO / "tpanel"), "-c", str(stack.dir / "tpanel.conf"), "serve"],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           timeout=20)
        assert p.returncode == 1, p.stderr
        assert "openapi.json" in p.stderr and "api_dir" in p.stderr, p.stderr
        assert not Path(d, "sock").exists(), "it should fail before listening"
    assert stack.get("/api/schema/").status == 200


def test_reload_with_a_broken_description_keeps_serving(new_stack):
    conf = new_stack.dir / "tpanel.conf"
    workers = new_stack.worker_pids()
    with tempfile.TemporaryDirectory(prefix="tpapi") as d:
        write_doc(d, "{ not json")
        conf.write_text(conf.read_text() + f"api_dir = {d}\n")
        new_stack.reload()
        wait_until(lambda: "reload refused" in new_stack.log_text(), 10,
                   what="the reload to be refused")
        assert "openapi.json" in new_stack.log_text()
    assert new_stack.worker_pids() == workers
    r = new_stack.get("/api/schema/")
    assert r.status == 200 and r.json()["openapi"].startswith("3.")
