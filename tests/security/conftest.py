"""The world of the security walks, built once per module (see world.py). A module that
uses it is marked ``django_db``, as the walks are."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test.utils import override_settings

from tests.security.world import FAST_SETTINGS, World, build_world, storage_settings


@pytest.fixture(scope="module")
def world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The practice, built once for the module and rolled back after it."""
    location = tmp_path_factory.mktemp("private")
    with (
        django_db_blocker.unblock(),
        override_settings(**FAST_SETTINGS, STORAGES=storage_settings(location)),
        transaction.atomic(),
    ):
        cache.clear()
        yield build_world(location)
        transaction.set_rollback(True)


@pytest.fixture
def private_storage(settings: Any, world: World) -> Path:
    """Uploaded IDs stay where the world put them (overrides tests/personas.py's)."""
    settings.STORAGES = storage_settings(world.storage)
    return world.storage


@pytest.fixture(autouse=True)
def _tasks_queued_as_in_production(settings: Any) -> None:
    """Tasks go to the database queue, as in production, rather than running at once
    (tests/personas.py): the admin's task pages read that queue."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How much the security walks covered, at the end of the run."""
    from tests.security import test_health_data_views, test_url_walk

    walked = test_url_walk.SUMMARY
    if "gets" in walked:
        terminalreporter.write_line(
            f"URL walk: {walked['patterns']} URL patterns x {walked['identities']} identities "
            f"= {walked['gets']} GETs; {walked['posts']} POSTs"
        )
    if "nothing" in walked:
        terminalreporter.write_line(
            f"URL walk: {walked['nothing']} GETs of addresses naming nothing, none a 500"
        )
    listed = test_health_data_views.SUMMARY
    if listed:
        terminalreporter.write_line(
            f"Health data: {listed['health']} views no-store and audited; "
            f"{listed['none']} URL patterns listed as carrying none"
        )
