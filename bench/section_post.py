"""Requests per second of an assessment section POST against a bare Django view, both
served by the production server in the same run.

The server is granian, as `make serve` and the systemd unit run it (WSGI, the same
workers and threads, DEBUG off, every middleware), on the database in
``BENCH_DATABASE_URL`` (a throwaway SQLite file when unset) and the cache in ``REDIS_URL``
(the database's when unset). Client processes keep one connection each busy for a fixed
time: every visitor its own draft, as real visitors have.
"""

import http.client
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GRANIAN = str(Path(PYTHON).parent / "granian")
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WEB_WORKERS = int(os.environ.get("WEB_WORKERS", "2"))
WEB_THREADS = int(os.environ.get("WEB_THREADS", "4"))
# Each side is measured in this many turns, alternating with the other.
ROUNDS = 4

SECTION_FORM = {
    "state": "FL",
    "county": "Miami-Dade",
    "zip": "33133",
    "date_of_birth": "1980-05-17",
}


def _free_port() -> int:
    """BENCH_PORT when set (a machine that hands out ports), else any free one."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Visitor:
    """One browser: its cookies, its CSRF token, one kept-alive connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.connection.request("GET", "/assessment/location/")
        response = self.connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "")
        self.csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)  # type: ignore[union-attr]
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        self.cookies = f"csrftoken={self.csrf_cookie}"

    def post(self, path: str, form: dict[str, str]) -> int:
        body = urlencode({**form, "csrfmiddlewaretoken": self.token})
        self.connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.cookies,
                "Referer": f"http://127.0.0.1:{self.port}/",
            },
        )
        response = self.connection.getresponse()
        response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("kc_assessment="):
                draft = value.split(";", 1)[0]
                self.cookies = f"csrftoken={self.csrf_cookie}; {draft}"
        return response.status


def _client(port: int, path: str, form: dict[str, str], start: float, stop: float) -> int:
    visitor = Visitor(port)
    assert visitor.post(path, form) == 302, f"{path} did not redirect"  # warm up, make a draft
    while time.time() < start:
        time.sleep(0.001)
    done = 0
    while time.time() < stop:
        status = visitor.post(path, form)
        assert status == 302, f"{path} answered {status}"
        done += 1
    return done


def requests_per_second(port: int, path: str, form: dict[str, str], seconds: float) -> float:
    """All clients start together after their warm-up and count for the same seconds."""
    start = time.time() + 2.0
    with multiprocessing.get_context("spawn").Pool(CLIENTS) as pool:
        counts = pool.starmap(
            _client, [(port, path, form, start, start + seconds)] * CLIENTS, chunksize=1
        )
    return sum(counts) / seconds


def _manage(*args: str, env: dict[str, str]) -> None:
    command = [PYTHON, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [
        GRANIAN,
        "--interface",
        "wsgi",
        "--port",
        str(port),
        "--workers",
        str(WEB_WORKERS),
        "--blocking-threads",
        str(WEB_THREADS),
        "--log-level",
        "error",
        "ketaclinic.wsgi:application",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("granian did not start")


def _ensure_database(url: str) -> None:
    """Create the benchmark's PostgreSQL database when it is not there yet."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def bench_http(seconds: float = 5.0) -> dict[str, float | int | str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
    }
    (ROOT / "var").mkdir(exist_ok=True)
    database_url = os.environ.get("BENCH_DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        _ensure_database(database_url)
    elif not database_url:
        for suffix in ("", "-wal", "-shm"):
            (ROOT / "var" / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    _manage("migrate", "-v0", env=env)
    _manage("createcachetable", env=env)
    _manage("collectstatic", "--noinput", "-v0", env=env)
    port = _free_port()
    server = serve(env, port)
    # The two are measured in turns, in alternating order (bare first, then the section
    # first, ...), so a change in the machine's load during the run weighs on both alike.
    bare = section = 0.0
    try:
        for turn in range(ROUNDS):
            phases = [("bare", "/bench/bare/"), ("section", "/assessment/location/")]
            for name, path in phases if turn % 2 == 0 else phases[::-1]:
                rate = requests_per_second(port, path, SECTION_FORM, seconds / ROUNDS)
                if name == "bare":
                    bare += rate / ROUNDS
                else:
                    section += rate / ROUNDS
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return {
        "server": f"granian, {WEB_WORKERS} workers x {WEB_THREADS} threads",
        "database": "PostgreSQL" if database_url else "SQLite",
        "clients": CLIENTS,
        "bare_view_rps": bare,
        "section_post_rps": section,
        "ratio": section / bare,
    }


if __name__ == "__main__":
    result = bench_http()
    print(
        f"{result['server']}: bare view {result['bare_view_rps']:.0f} req/s; section POST "
        f"{result['section_post_rps']:.0f} req/s; ratio {result['ratio']:.2f} (goal >= 0.5)"
    )
