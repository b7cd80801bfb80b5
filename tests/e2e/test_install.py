"""`make install` lays out a server install, and the systemd files in dist/ hold up.

Needs the configured, built checkout (./configure && make), not the running stack:
- `make install DESTDIR=...` in the build tree: binary, data trees, examples, docs, and the
  unit / sysusers.d / tmpfiles.d files where configure put them; `make uninstall` takes it all
  back;
- a second build from `make distdir` (what the release tarball holds), configured the way
  docs/deploy.md says (--prefix=/usr --sysconfdir=/etc --with-systemdsystemunitdir=...), whose
  generated files carry those paths;
- `systemd-analyze verify` and `security --offline` on the unit, `systemd-sysusers` and
  `systemd-tmpfiles` on the dist files in a scratch root (no running systemd needed);
- the installed binary, run as the service user from the installed example config, puts its
  socket where nginx's group can reach it and nobody else can (root only: needs setpriv).
"""

import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(not (REPO / "Makefile").exists(),
                                reason="the checkout is not configured: run ./configure && make")

EXAMPLES = {"nginx-tpanel.conf", "tpanel.conf", "tpanel.service", "tpanel.sysusers",
            "tpanel.tmpfiles"}
PLACEHOLDER = re.compile(r"@[a-z_]+@")
SERVICE_UID = 61234        # stands for the `tpanel` user in the socket test
WWW_DATA = 33              # Debian's www-data, nginx's user and group
NOBODY = 65534


def run(cmd, timeout=120, **kw):
    return subprocess.run([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=timeout, **kw)


def make(*args, cwd=REPO, timeout=900):
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "DESTDIR")}
    p = run(["make", "-s", "--no-print-directory", *args], cwd=cwd, env=env, timeout=timeout)
    assert p.returncode == 0, f"make {' '.join(args)} in {cwd} failed:\n{p.stdout[-4000:]}"
    return p.stdout


def make_vars(names, cwd=REPO):
    """Make variables as make expands them (prefix and all), by name."""
    out = make("--eval", "print-%: ; @echo '$*=$($*)'", *[f"print-{n}" for n in names], cwd=cwd)
    vals = dict(ln.split("=", 1) for ln in out.splitlines() if "=" in ln)
    return {n: vals[n] for n in names}


def under(root, path):
    return Path(root) / str(path).lstrip("/")


def files_below(d):
    return {p.relative_to(d) for p in Path(d).rglob("*") if p.is_file()}


class Install:
    VARS = ("bindir", "sysconfdir", "pkgdatadir", "docdir", "systemdsystemunitdir", "sysusersdir",
            "tmpfilesdir", "DATA_DIRS", "PACKAGE_VERSION", "srcdir")

    def __init__(self, root, cwd=REPO):
        self.root = Path(root)
        self.v = make_vars(self.VARS, cwd=cwd)
        self.srcdir = (Path(cwd) / self.v["srcdir"]).resolve()

    def at(self, var, *parts):
        return under(self.root, self.v[var]).joinpath(*parts)

    @property
    def exe(self):
        return self.at("bindir", "tpanel")

    @property
    def examples(self):
        return self.at("docdir", "examples")


@pytest.fixture(scope="module")
def inst():
    # Not pytest's tmp_path: the socket test runs the binary as another user, who must be able
    # to read the tree (tmp_path's parent is 0700), and unix socket paths must stay short.
    root = Path(tempfile.mkdtemp(prefix="tpi", dir="/tmp"))
    os.chmod(root, 0o755)
    try:
        make("install", f"DESTDIR={root}")
        yield Install(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- the layout ----------------------------------------------------------------------------------

def test_binary_is_installed_and_runs(inst):
    assert inst.exe.is_file() and os.access(inst.exe, os.X_OK), inst.exe
    p = run([inst.exe, "--help"])
    assert p.returncode == 0 and p.stdout.startswith("usage: tpanel"), p.stdout
    for cmd in ("serve", "migrate", "config", "user create", "version"):
        assert cmd in p.stdout, cmd
    p = run([inst.exe, "version"])
    assert p.returncode == 0 and p.stdout.strip() == f"tpanel {inst.v['PACKAGE_VERSION']}", p.stdout


def test_data_trees_are_installed_whole(inst):
    share = inst.at("pkgdatadir")
    assert (share / "templates" / "layout.html").is_file()
    assert (share / "static" / "style.css").is_file()
    assert list((share / "sql" / "migrations").glob("0001_*.sql")), "no sql/migrations/0001_*.sql"
    for d in inst.v["DATA_DIRS"].split():           # templates static sql, and api/ once it exists
        src = inst.srcdir / d
        if not src.is_dir():
            continue
        want = {f for f in files_below(src) if not f.name.startswith(".")}
        assert files_below(share / d) == want, f"{d}/ is not installed whole"


def test_examples_and_docs_are_installed(inst):
    assert EXAMPLES <= {p.name for p in inst.examples.iterdir()}
    assert inst.at("docdir", "deploy.md").is_file()
    for name in ("tpanel.conf", "tpanel.service"):
        text = (inst.examples / name).read_text()
        assert not PLACEHOLDER.findall(text), f"{name}: unfilled {PLACEHOLDER.findall(text)}"
    nginx = (inst.examples / "nginx-tpanel.conf").read_text()
    assert f"alias {inst.v['pkgdatadir']}/static/;" in nginx, "nginx example: static root"
    assert (inst.examples / "tpanel.sysusers").read_text() == \
        (inst.srcdir / "dist" / "tpanel.sysusers").read_text()


def test_example_config_lists_every_setting(inst):
    example = inst.examples / "tpanel.conf"
    p = run([inst.exe, "-c", "/dev/null", "config"])
    assert p.returncode == 0, p.stdout
    settings = [ln.split(" =", 1)[0] for ln in p.stdout.splitlines() if " =" in ln]
    assert len(settings) > 30, p.stdout
    text = example.read_text()
    listed = set(re.findall(r"^(?:# )?([a-z_]+) =", text, re.M))
    missing = [s for s in settings if s not in listed]
    assert not missing, f"tpanel.conf.example does not explain: {missing}"
    # The binary accepts the file as it stands (an unknown key or bad value is an error).
    p = run([inst.exe, "-c", example, "config"])
    assert p.returncode == 0, p.stdout
    eff = dict(ln.split(" = ", 1) for ln in p.stdout.splitlines() if " = " in ln)
    assert eff["listen"] == "/run/tpanel/tpanel.sock"
    assert eff["pid_file"] == "/run/tpanel/tpanel.pid"
    assert eff["db_socket"] == "/run/mysqld/mysqld.sock"
    assert eff["socket_mode"] == "0660"
    # The data directories are shown commented out, with this build's paths.
    share = inst.v["pkgdatadir"]
    for key, sub in (("templates_dir", "templates"), ("static_dir", "static"),
                     ("migrations_dir", "sql/migrations")):
        assert f"# {key} = {share}/{sub}\n" in text, key
        assert eff[key] == f"{share}/{sub}"


def unit_text(inst):
    return (inst.examples / "tpanel.service").read_text()


def test_unit_runs_the_installed_binary(inst):
    text = unit_text(inst)
    v = inst.v
    assert f"\nExecStart={v['bindir']}/tpanel -c {v['sysconfdir']}/tpanel.conf serve\n" in text
    for line in ("User=tpanel", "Type=simple", "ExecReload=/bin/kill -HUP $MAINPID",
                 "Restart=on-failure", "ReadWritePaths=-/run/tpanel", "ProtectSystem=strict",
                 "CapabilityBoundingSet=", "NoNewPrivileges=yes",
                 "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"):
        assert f"\n{line}\n" in text, line
    assert "tpanel migrate" not in "".join(ln for ln in text.splitlines(True)
                                           if not ln.startswith("#")), "migrate is the operator's"
    stop = int(re.search(r"^TimeoutStopSec=(\d+)$", text, re.M).group(1))
    drain = int(re.search(r"^drain_timeout = (\d+)$", (inst.examples / "tpanel.conf").read_text(),
                          re.M).group(1))
    assert stop > drain, "TimeoutStopSec must leave the master time to drain"
    if v["systemdsystemunitdir"]:
        assert inst.at("systemdsystemunitdir", "tpanel.service").read_text() == text
    if v["sysusersdir"]:
        assert inst.at("sysusersdir", "tpanel.conf").is_file()
    if v["tmpfilesdir"]:
        assert inst.at("tmpfilesdir", "tpanel.conf").is_file()


def test_uninstall_takes_it_all_back(tmp_path):
    root = tmp_path / "root"
    make("install", f"DESTDIR={root}")
    assert files_below(root)
    make("uninstall", f"DESTDIR={root}")
    assert not files_below(root), f"left after make uninstall: {sorted(files_below(root))}"


# --- systemd's own tools -------------------------------------------------------------------------

def need(tool):
    if not shutil.which(tool):
        pytest.skip(f"{tool} is not installed (Debian package systemd; scripts/stack deps)")


def test_systemd_analyze_verify_accepts_the_unit(inst, tmp_path):
    need("systemd-analyze")
    # verify wants ExecStart's binary to exist: first make sure it can run at all here.
    probe = tmp_path / "probe.service"
    probe.write_text("[Service]\nExecStart=/bin/true\n")
    p = run(["systemd-analyze", "verify", "--man=no", probe])
    if p.returncode != 0 or p.stdout.strip():
        pytest.skip(f"systemd-analyze verify cannot run in this environment: {p.stdout.strip()}")
    unit = tmp_path / "tpanel.service"
    unit.write_text(unit_text(inst).replace(f"={inst.v['bindir']}/tpanel ", f"={inst.exe} "))
    assert str(inst.exe) in unit.read_text()
    p = run(["systemd-analyze", "verify", "--man=no", unit])
    # Unknown keys and bad values are only warnings (exit 0): any output is a failure.
    assert p.returncode == 0 and not p.stdout.strip(), p.stdout
    p = run(["systemd-analyze", "security", "--offline=yes", "--no-pager", unit])
    m = re.search(r"Overall exposure level for tpanel\.service: (\d+\.\d+)", p.stdout)
    assert m, p.stdout[-2000:]
    assert float(m.group(1)) <= 2.0, p.stdout


def test_sysusers_and_tmpfiles_make_the_user_the_socket_and_the_media_dirs(inst, tmp_path):
    need("systemd-sysusers")
    need("systemd-tmpfiles")
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "passwd").write_text("")
    (root / "etc" / "group").write_text(f"www-data:x:{WWW_DATA}:\n")
    p = run(["systemd-sysusers", f"--root={root}", inst.examples / "tpanel.sysusers"])
    assert p.returncode == 0, p.stdout
    user = [ln.split(":") for ln in (root / "etc" / "passwd").read_text().splitlines()
            if ln.startswith("tpanel:")]
    assert user and user[0][6] == "/usr/sbin/nologin", user
    uid, gid = int(user[0][2]), int(user[0][3])
    assert uid < 1000 and f"tpanel:x:{gid}:" in (root / "etc" / "group").read_text()
    p = run(["systemd-tmpfiles", "--create", f"--root={root}", inst.examples / "tpanel.tmpfiles"])
    assert p.returncode == 0, p.stdout
    for d in (root / "run" / "tpanel", root / "var" / "lib" / "tpanel" / "media"):
        st = d.stat()
        assert stat.S_ISDIR(st.st_mode) and stat.S_IMODE(st.st_mode) == 0o2750, oct(st.st_mode)
        assert (st.st_uid, st.st_gid) == (uid, WWW_DATA)


# --- the socket, as the service user -------------------------------------------------------------

# A FastCGI client for one GET, as nginx would send it; prints the status line and body, or
# "refused ERRNO" when it cannot connect.
FCGI_GET = r"""
import socket, struct, sys
def rec(kind, content):
    return struct.pack("!BBHHBx", 1, kind, 1, len(content), 0) + content
def pair(k, v):
    return bytes([len(k), len(v)]) + k.encode() + v.encode()
params = b"".join(pair(k, v) for k, v in (
    ("REQUEST_METHOD", "GET"), ("REQUEST_URI", sys.argv[2]), ("SCRIPT_NAME", sys.argv[2]),
    ("QUERY_STRING", ""), ("CONTENT_LENGTH", ""), ("CONTENT_TYPE", ""),
    ("REMOTE_ADDR", "127.0.0.1"), ("SERVER_PROTOCOL", "HTTP/1.1"), ("HTTP_HOST", "localhost")))
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
except OSError as e:
    sys.exit(print("refused", e.errno))
s.sendall(rec(1, struct.pack("!HB5x", 1, 0)) + rec(4, params) + rec(4, b"") + rec(5, b""))
buf = b""
while True:
    d = s.recv(65536)
    if not d:
        break
    buf += d
out = b""
while len(buf) >= 8:
    _, kind, _, n, pad = struct.unpack("!BBHHBx", buf[:8])
    out += buf[8:8 + n] if kind == 6 else b""
    buf = buf[8 + n + pad:]
head, _, body = out.partition(b"\r\n\r\n")
print(head.split(b"\r\n")[0].decode(), body.decode())
"""


def fcgi_get_as(uid, sock, path):
    groups = "--init-groups" if uid == WWW_DATA else "--clear-groups"
    p = run(["setpriv", f"--reuid={uid}", f"--regid={uid}", groups, "/usr/bin/python3", "-c",
             FCGI_GET, sock, path], timeout=30)
    return p.stdout.strip()


def test_socket_reaches_nginx_group_only(inst):
    if os.geteuid() != 0 or not shutil.which("setpriv") or not Path("/usr/bin/python3").exists():
        pytest.skip("needs root, setpriv and /usr/bin/python3 to run as other users")
    p = run(["getent", "passwd", "www-data"])
    if p.returncode != 0 or p.stdout.split(":")[2] != str(WWW_DATA):
        pytest.skip("no www-data user with uid 33 here")
    base = inst.root / "srv"
    rundir = base / "run" / "tpanel"
    rundir.mkdir(parents=True)
    os.chmod(base, 0o755)
    os.chmod(base / "run", 0o755)
    # What tpanel.tmpfiles makes: owner tpanel, group www-data, setgid.
    os.chown(rundir, SERVICE_UID, WWW_DATA)
    os.chmod(rundir, 0o2750)
    # The installed example as the operator would fill it in, with this tree's paths.
    share = inst.v["pkgdatadir"]
    conf = (inst.examples / "tpanel.conf").read_text()
    conf = re.sub(r"^# ((?:templates|static|migrations|api)_dir) = " + re.escape(share),
                  lambda m: f"{m.group(1)} = {inst.at('pkgdatadir')}", conf, flags=re.M)
    conf = conf.replace("/run/tpanel/", f"{rundir}/")
    conf = conf.replace("\nsecret_key =\n", f"\nsecret_key = {secrets.token_hex(32)}\n")
    conf = conf.replace("\ndb_socket = /run/mysqld/mysqld.sock\n",
                        f"\ndb_socket = {base}/no-mysqld.sock\n")   # workers connect lazily
    conf = conf.replace("\nworkers = 4\n", "\nworkers = 2\n")
    cfile = base / "tpanel.conf"
    cfile.write_text(conf)
    os.chown(cfile, 0, SERVICE_UID)                    # root:tpanel, 640, as docs/deploy.md says
    os.chmod(cfile, 0o640)
    log = open(base / "serve.log", "w+")
    proc = subprocess.Popen(["setpriv", f"--reuid={SERVICE_UID}", f"--regid={SERVICE_UID}",
                             "--clear-groups", str(inst.exe), "-c", str(cfile), "serve"],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    sock = rundir / "tpanel.sock"
    try:
        deadline = time.monotonic() + 15
        while not (sock.exists() and (rundir / "tpanel.pid").exists()):
            assert proc.poll() is None, f"tpanel serve exited:\n{(base / 'serve.log').read_text()}"
            assert time.monotonic() < deadline, (base / "serve.log").read_text()
            time.sleep(0.1)
        time.sleep(0.2)                                # chmod follows bind
        st = sock.stat()
        assert stat.S_ISSOCK(st.st_mode)
        assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (SERVICE_UID, WWW_DATA, 0o660)
        # nginx's user talks FastCGI to it; anybody else cannot even connect.
        assert fcgi_get_as(WWW_DATA, sock, "/api/ping/") == 'Status: 200 OK {"status":"ok"}'
        assert fcgi_get_as(NOBODY, sock, "/api/ping/") == "refused 13"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=40) == 0, (base / "serve.log").read_text()
        assert not sock.exists() and not (rundir / "tpanel.pid").exists()
        log.seek(0)
        access = [ln for ln in log if '"type":"access"' in ln]
        assert len(access) == 1 and '"req":"' in access[0] and '"status":200' in access[0], access
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


# --- a build configured as docs/deploy.md says ---------------------------------------------------

def test_configured_paths_reach_the_generated_files(tmp_path):
    src, build, root = tmp_path / "src", tmp_path / "build", tmp_path / "root"
    make("distdir", f"distdir={src}")                  # what the release tarball holds
    build.mkdir()
    p = run([src / "configure", "--prefix=/usr", "--sysconfdir=/etc",
             "--with-systemdsystemunitdir=/usr/lib/systemd/system",
             "--with-sysusersdir=/usr/lib/sysusers.d", "--with-tmpfilesdir=/usr/lib/tmpfiles.d"],
            cwd=build, timeout=300)
    assert p.returncode == 0, p.stdout[-4000:]
    make("install-data", f"DESTDIR={root}", cwd=build)     # no compiling needed for these
    unit = (root / "usr/lib/systemd/system/tpanel.service").read_text()
    assert "\nExecStart=/usr/bin/tpanel -c /etc/tpanel.conf serve\n" in unit
    assert "file:///usr/share/doc/tpanel/deploy.md" in unit
    assert (root / "usr/lib/sysusers.d/tpanel.conf").is_file()
    assert (root / "usr/lib/tmpfiles.d/tpanel.conf").is_file()
    ex = root / "usr/share/doc/tpanel/examples"
    assert (ex / "tpanel.service").read_text() == unit
    conf = (ex / "tpanel.conf").read_text()
    assert conf.startswith("# /etc/tpanel.conf: ")
    assert "\n# templates_dir = /usr/share/tpanel/templates\n" in conf
    assert "alias /usr/share/tpanel/static/;" in (ex / "nginx-tpanel.conf").read_text()
    assert (root / "usr/share/tpanel/templates/layout.html").is_file()
    # Without systemd directories (what configure picks when systemd's pkg-config file is
    # missing), only the examples carry the systemd files.
    bare = tmp_path / "bare"
    make("install-data", f"DESTDIR={bare}", "systemdsystemunitdir=", "sysusersdir=",
         "tmpfilesdir=", cwd=build)
    assert not (bare / "usr/lib").exists()
    assert (bare / "usr/share/doc/tpanel/examples/tpanel.service").is_file()
