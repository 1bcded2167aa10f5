"""deploy/: the systemd units and the nginx site pass their own tools' checks, and granian
serves the app as production runs it (health check, hashed and compressed static files)."""

import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from patients.actions import MAX_ID_BYTES

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
OPENSSL = shutil.which("openssl")
# This test's ports, away from the development server's and other runs'.
PORTS = range(17040, 17060)


def run(*command: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def installed_as_here(unit: Path, into: Path) -> Path:
    """The unit as it would be installed, with this checkout standing for /opt/ketaclinic
    (verify checks that each command it runs exists)."""
    text = unit.read_text().replace("/opt/ketaclinic", str(ROOT))
    text = text.replace("/etc/ketaclinic/env", str(DEPLOY / "env.example"))
    copy = into / unit.name
    copy.write_text(text)
    return copy


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed")
def test_the_web_and_worker_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    web = installed_as_here(DEPLOY / "systemd" / "ketaclinic-web.service", tmp_path)
    installed_as_here(DEPLOY / "systemd" / "ketaclinic-worker@.service", tmp_path)
    # Two instances of the worker template, as a practice runs several.
    output = run(
        str(SYSTEMD_ANALYZE),
        "verify",
        str(web),
        "ketaclinic-worker@1.service",
        "ketaclinic-worker@2.service",
        cwd=tmp_path,
    )
    assert output == ""  # verify prints a warning for any key it does not know


@pytest.mark.skipif(SYSTEMD_ANALYZE is None, reason="systemd-analyze is not installed")
def test_verify_would_catch_a_mistyped_unit(tmp_path: Path) -> None:
    web = installed_as_here(DEPLOY / "systemd" / "ketaclinic-web.service", tmp_path)
    web.write_text(web.read_text().replace("Restart=on-failure", "Restrat=on-failure"))
    done = subprocess.run(
        [str(SYSTEMD_ANALYZE), "verify", str(web)], capture_output=True, text=True, check=False
    )
    assert "Unknown key" in done.stderr


def nginx_site(tmp_path: Path) -> Path:
    """A main nginx.conf around our site, with a throwaway certificate in place of the
    practice's; everything nginx writes goes under tmp_path."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    run(
        str(OPENSSL),
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=clinic.example.org",
        "-keyout",
        str(key),
        "-out",
        str(cert),
    )
    site = (DEPLOY / "nginx" / "ketaclinic.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/clinic.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/clinic.example.org/privkey.pem", str(key))
    (tmp_path / "ketaclinic.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    client_body_temp_path {tmp_path}/body;\n"
        f"    proxy_temp_path {tmp_path}/proxy;\n"
        f"    include {tmp_path}/ketaclinic.conf;\n"
        "}\n"
    )
    return main


@pytest.mark.skipif(NGINX is None or OPENSSL is None, reason="nginx or openssl is not installed")
def test_the_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    main = nginx_site(tmp_path)
    output = run(
        str(NGINX), "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(main)
    )
    assert "syntax is ok" in output
    assert "test is successful" in output


def test_nginx_takes_a_photo_id_as_large_as_the_app_accepts() -> None:
    site = (DEPLOY / "nginx" / "ketaclinic.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))  # type: ignore[union-attr]
    limit = megabytes * 1024 * 1024
    # Room for the form around the largest file, so the app, not nginx, says it is too big,
    # but not so much that nginx buffers far larger bodies for nothing.
    assert MAX_ID_BYTES < limit <= MAX_ID_BYTES + 4 * 1024 * 1024


def test_nginx_passes_the_client_address_the_app_is_told_to_trust() -> None:
    site = (DEPLOY / "nginx" / "ketaclinic.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "TRUSTED_PROXY_COUNT=1" in (DEPLOY / "env.example").read_text()


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


def wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    """Until both workers have loaded the app and answer."""
    for _ in range(300):
        assert server.poll() is None, "granian stopped"
        try:
            if get(port, "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail("granian did not answer")


@pytest.fixture
def granian(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """granian as scripts/serve runs it, two workers, DEBUG off, static files collected."""
    static = tmp_path / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ketaclinic.settings",
        "DEBUG": "false",
        "STATIC_ROOT": str(static),
        "KETACLINIC_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'var' / 'db.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    run(sys.executable, "manage.py", "collectstatic", "--noinput", "-v0", cwd=ROOT, env=env)
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "granian"),
            "--interface",
            "wsgi",
            "--port",
            str(port),
            "--workers",
            "2",
            "--blocking-threads",
            "4",
            "--log-level",
            "warning",
            "ketaclinic.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(port, server)
        yield port, static
    finally:
        # A worker still starting can hold the others' shutdown: its whole group goes.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def get(port: int, path: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


@pytest.mark.slow
def test_granian_serves_the_health_check_and_hashed_compressed_static_files(
    granian: tuple[int, Path],
) -> None:
    port, static = granian
    health = get(port, "/healthz")
    assert health.status == 200
    assert json.loads(health.body) == {"status": "ok"}  # type: ignore[attr-defined]

    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    hashed = manifest["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    css = get(port, f"/static/{hashed}", **{"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.getheader("Content-Encoding") == "gzip"
    assert "immutable" in css.getheader("Cache-Control", "")
    original = (ROOT / "static" / "css" / "site.css").read_bytes()
    assert gzip.decompress(css.body) == original  # type: ignore[attr-defined]
