"""Where a section POST spends its time, in-process: `python bench/profile_section.py`.

Runs the bench settings (BENCH_DATABASE_URL, REDIS_URL as for `make bench`) with DEBUG
off through Django's test client, which goes through every middleware: posts the
location section a few hundred times as one visitor with a draft, then the bare view, and
prints each one's milliseconds (of the clock and of this process's CPU), its queries and
cProfile's costliest calls. The form is sent url-encoded, as browsers and
bench/section_post.py send it.
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("STATIC_ROOT", str(ROOT / "var" / "bench-static"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.section_post import SECTION_FORM  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "300"))


def visitor() -> Client:
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.5", HTTP_HOST="127.0.0.1")
    client.get("/assessment/location/")
    return client


def post(client: Client, path: str) -> None:
    token = client.cookies["csrftoken"].value
    body = urlencode({**SECTION_FORM, "csrfmiddlewaretoken": token})
    response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.status_code


def measure(path: str, profile: bool) -> None:
    client = visitor()
    post(client, path)
    queries: list[str] = []

    def note(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        post(client, path)
    profiler = cProfile.Profile()
    started, cpu = time.perf_counter(), time.process_time()
    if profile:
        profiler.enable()
    for _ in range(ROUNDS):
        post(client, path)
    profiler.disable()
    each = (time.perf_counter() - started) / ROUNDS * 1000
    each_cpu = (time.process_time() - cpu) / ROUNDS * 1000
    print(f"{path}: {each:.2f} ms a request ({each_cpu:.2f} ms CPU), {len(queries)} queries")
    for sql in queries:
        print("   ", sql[:140])
    if profile:
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            os.environ.get("MATCH", ""), int(os.environ.get("LINES", "45"))
        )


if __name__ == "__main__":
    measure("/bench/bare/", profile=False)
    measure("/assessment/location/", profile=False)
    measure("/assessment/location/", profile=True)
