"""Requests per second of an assessment section POST against a bare Django view,
both served by the same server process in the same run.

The server is Django's own (`manage.py runserver`, threaded, DEBUG off) on a throwaway
SQLite database; the client keeps a few connections busy for a fixed time each.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLIENTS = 4

SECTION_FORM = {
    "state": "FL",
    "county": "Miami-Dade",
    "zip": "33133",
    "date_of_birth": "1980-05-17",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(*args: str, env: dict[str, str], **kwargs: object) -> subprocess.Popen[bytes]:
    command = [PYTHON, "manage.py", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, **kwargs)  # type: ignore[call-overload]  # noqa: S603


class Visitor:
    """One browser's worth of cookies and CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/assessment/location/")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie", "")
        self.csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)  # type: ignore[union-attr]
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
        self.cookies = f"csrftoken={self.csrf_cookie}"
        connection.close()

    def post(self, path: str, form: dict[str, str]) -> int:
        body = urlencode({**form, "csrfmiddlewaretoken": self.token})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.cookies,
                "Referer": f"http://127.0.0.1:{self.port}/",
            },
        )
        response = connection.getresponse()
        response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("kc_assessment="):
                draft = value.split(";", 1)[0]
                self.cookies = f"csrftoken={self.csrf_cookie}; {draft}"
        connection.close()
        return response.status


def requests_per_second(port: int, path: str, form: dict[str, str], seconds: float) -> float:
    visitors = [Visitor(port) for _ in range(CLIENTS)]
    for visitor in visitors:  # warm up, and give each a draft
        assert visitor.post(path, form) == 302, f"{path} did not redirect"
    counts = [0] * CLIENTS
    deadline = time.perf_counter() + seconds

    def work(index: int) -> None:
        while time.perf_counter() < deadline:
            status = visitors[index].post(path, form)
            assert status == 302, f"{path} answered {status}"
            counts[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - start)


def bench_http(seconds: float = 5.0) -> dict[str, float]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"}
    (ROOT / "var").mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        (ROOT / "var" / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
    for command in (["migrate", "-v0"], ["createcachetable"]):
        _manage(*command, env=env).wait()
    port = _free_port()
    server = _manage(
        "runserver",
        "--noreload",
        f"127.0.0.1:{port}",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        bare = requests_per_second(port, "/bench/bare/", SECTION_FORM, seconds)
        section = requests_per_second(port, "/assessment/location/", SECTION_FORM, seconds)
    finally:
        server.terminate()
        server.wait()
    return {"bare_view_rps": bare, "section_post_rps": section, "ratio": section / bare}


if __name__ == "__main__":
    result = bench_http()
    print(
        f"bare view: {result['bare_view_rps']:.0f} req/s; section POST: "
        f"{result['section_post_rps']:.0f} req/s; ratio {result['ratio']:.2f} (goal >= 0.5)"
    )
