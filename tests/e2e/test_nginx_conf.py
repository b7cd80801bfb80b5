"""Both nginx configs pass `nginx -t`: the dev template as scripts/stack fills it in, and the
production example with a throwaway self-signed certificate and a small wrapper config."""

import re
import shutil
import subprocess

import pytest

from conftest import REPO

pytestmark = pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"),
                                reason="needs nginx and openssl")


def nginx_t(prefix, conf):
    p = subprocess.run(["nginx", "-p", f"{prefix}/", "-e", f"{prefix}/error.log", "-c", str(conf),
                        "-t"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=30)
    assert p.returncode == 0, p.stdout


def test_production_example_passes_nginx_t(tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=tpanel.example.org", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    site = (REPO / "nginx" / "tpanel.conf").read_text()
    for placeholder in ("/etc/ssl/tpanel/fullchain.pem", "/etc/ssl/tpanel/privkey.pem"):
        assert placeholder in site
    site = (site.replace("/etc/ssl/tpanel/fullchain.pem", str(tmp_path / "cert.pem"))
                .replace("/etc/ssl/tpanel/privkey.pem", str(tmp_path / "key.pem"))
                .replace("/var/log/nginx/", f"{tmp_path}/"))
    (tmp_path / "site.conf").write_text(site)
    shutil.copy("/etc/nginx/fastcgi_params", tmp_path / "fastcgi_params")
    temps = "\n".join(f"    {k}_temp_path {tmp_path}/{k};"
                      for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(f"""
user root;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    include /etc/nginx/mime.types;
{temps}
    include {tmp_path}/site.conf;
}}
""")
    nginx_t(tmp_path, tmp_path / "nginx.conf")
    # What the example promises.
    for needle in ("http2", "return 301 https://", "Strict-Transport-Security",
                   "default-src 'self'", "X-Frame-Options \"DENY\"", "Referrer-Policy",
                   "X-Content-Type-Options", "fastcgi_keep_conn off", "upstream tpanel",
                   "client_max_body_size"):
        assert needle in site, needle
    upstream = site.split("upstream tpanel", 1)[1].split("}", 1)[0]
    directives = [ln.strip() for ln in upstream.splitlines() if not ln.strip().startswith("#")]
    assert not [d for d in directives if d.startswith("keepalive")], "upstream keepalive must stay off"


def test_dev_config_passes_nginx_t(stack):
    nginx_t(stack.dir / "nginx", stack.dir / "nginx" / "nginx.conf")
    conf = (stack.dir / "nginx" / "nginx.conf").read_text()
    code = [ln for ln in conf.splitlines() if not ln.lstrip().startswith("#")]
    assert not [ln for ln in code if re.search(r"@[A-Z_]+@", ln)], "unfilled @PLACEHOLDER@"
    assert "fastcgi_keep_conn off" in conf
