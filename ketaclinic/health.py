"""Health checks for the process manager and the load balancer.

``/healthz`` says the process answers and nothing else. ``/readyz`` says it can serve:
the database answers, the cache keeps a value, every migration this code knows is
applied, and a background worker beat within ``READYZ_WORKER_SECONDS``. Each answers
before any other middleware runs (no session, no host check, no SSL redirect, no log
line), is open to anyone, and names only which check failed, never why: an error's
message can name a host or a user. A failing readiness check is logged once per request
with the names of the checks that failed.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from background.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"

# Migrations once seen applied stay applied for this process's code: later checks skip
# loading the migration graph, which is the one slow part.
_migrations_seen_applied = False


def database_answers() -> bool:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers() -> bool:
    key, value = "readyz", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    return bool(cache.get(key) == value)


def migrations_applied() -> bool:
    global _migrations_seen_applied
    if not _migrations_seen_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        targets = executor.loader.graph.leaf_nodes()
        _migrations_seen_applied = not executor.migration_plan(targets)
    return _migrations_seen_applied


def worker_seen() -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.READYZ_WORKER_SECONDS)
    return WorkerHeartbeat.objects.using(DEFAULT_DB_ALIAS).filter(seen_at__gte=since).exists()


CHECKS: dict[str, Callable[[], bool]] = {
    "database": database_answers,
    "cache": cache_answers,
    "migrations": migrations_applied,
    "worker": worker_seen,
}


def readiness() -> dict[str, bool]:
    """Each check's name and whether it passed; a check that raises has failed. Once the
    database is down the checks that need it are not tried."""
    results: dict[str, bool] = {}
    for name, check in CHECKS.items():
        if name in ("migrations", "worker") and not results["database"]:
            results[name] = False
            continue
        try:
            results[name] = check()
        except Exception:  # whatever the failure, not ready; the log names the check
            results[name] = False
    return results


def _answer(status: int, body: dict[str, object]) -> HttpResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers ``/healthz`` and ``/readyz`` (GET or HEAD) ahead of the rest of the stack."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path not in (HEALTH_PATH, READY_PATH) or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if path == HEALTH_PATH:
            return _answer(200, {"status": "ok"})
        results = readiness()
        failed = [name for name, passed in results.items() if not passed]
        if failed:
            logger.warning("Not ready: %s", ", ".join(failed))
        checks = {name: "ok" if passed else "failing" for name, passed in results.items()}
        return _answer(
            503 if failed else 200, {"status": "failing" if failed else "ok", "checks": checks}
        )
