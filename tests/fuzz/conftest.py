"""The fuzz suite's world, built once per module, and the line it prints at the end."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from tests.fuzz.budget import PROFILE, TALLY
from tests.fuzz.world import World, build_world


@pytest.fixture(scope="module")
def world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The demo practice and Rosa, built once for the module inside a transaction that is
    rolled back at its end; each test runs in a savepoint inside it."""
    private = Path(tmp_path_factory.mktemp("fuzz-private"))
    test_settings = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
        STORAGES={
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(private), "base_url": None},
            },
        },
    )
    with django_db_blocker.unblock(), test_settings, transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TALLY:
        return
    terminalreporter.write_sep(
        "-",
        f"fuzz ({PROFILE}): {TALLY['views']} views take a POST, {TALLY['forms']} of them "
        f"forms; {TALLY['pairs']} view x persona pairs fuzzed with {TALLY['examples']} "
        f"posts ({TALLY['swept']} from the fixed sweep, {TALLY['hypothesis']} from "
        f"Hypothesis); {TALLY['webhook bodies']} signed junk bodies to the webhooks",
    )
