"""/healthz and /readyz: what a load balancer and an operator see."""

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.utils import timezone

from background.heartbeat import beat


@contextmanager
def database_unreachable() -> Iterator[None]:
    """The app's database connection points at a server that is not there."""
    working = connections[DEFAULT_DB_ALIAS]
    broken = connections.create_connection(DEFAULT_DB_ALIAS)
    # A copy: the wrapper shares the settings dict the test database is torn down with.
    broken.settings_dict = dict(broken.settings_dict)
    if broken.vendor == "sqlite":
        broken.settings_dict["NAME"] = "/nonexistent/ketaclinic/db.sqlite3"
    else:
        broken.settings_dict.update(HOST="127.0.0.1", PORT="1")
    connections[DEFAULT_DB_ALIAS] = broken
    try:
        yield
    finally:
        broken.close()
        connections[DEFAULT_DB_ALIAS] = working


def test_healthz_answers_without_the_database() -> None:
    with database_unreachable():
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_passes_with_database_cache_migrations_and_a_worker_seen() -> None:
    beat("worker-a")
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok", "worker": "ok"},
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_fails_when_no_worker_has_ever_been_seen() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "failing"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_fails_when_the_last_worker_was_seen_too_long_ago(settings: Any) -> None:
    settings.READYZ_WORKER_SECONDS = 180
    beat("worker-a", timezone.now() - dt.timedelta(seconds=181))
    assert Client().get("/readyz").status_code == 503
    beat("worker-a")
    assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_fails_when_the_database_is_unreachable(caplog: Any) -> None:
    beat("worker-a")
    with database_unreachable(), caplog.at_level(logging.WARNING):
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"
    assert response.json()["checks"]["worker"] == "failing"
    # The log names the failing checks; the answer says nothing about why.
    assert "Not ready: database" in caplog.text
    assert "nonexistent" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_health_checks_are_open_to_anyone_on_any_host_and_not_logged(
    settings: Any, caplog: Any
) -> None:
    settings.ALLOWED_HOSTS = ["clinic.example"]
    beat("worker-a")
    with caplog.at_level(logging.INFO):
        ready = Client(HTTP_HOST="10.0.0.7").get("/readyz")
        alive = Client(HTTP_HOST="10.0.0.7").head("/healthz")
    assert (ready.status_code, alive.status_code) == (200, 200)
    assert not [record for record in caplog.records if record.name == "ketaclinic.requests"]
    assert "Set-Cookie" not in ready


def test_a_post_to_a_health_path_is_not_a_health_check() -> None:
    with database_unreachable():
        assert Client().post("/healthz").status_code != 200
