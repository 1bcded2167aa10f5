"""Fixtures for the simulate tests: the contract's defaults, and a test database of our own."""

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from care.clinical.policy import DEFAULT_POLICY


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """A SQLite test database file of this run's own, so that running these tests beside
    another test run never has both building and dropping the one shared file."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(tempfile.gettempdir()) / f"ketaclinic-simulation-{os.getpid()}.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def contract_defaults(settings: Any) -> None:
    """The command always runs with the contract's defaults; so do the in-process tests."""
    settings.CLINICAL_SAFETY_POLICY = DEFAULT_POLICY
    settings.TELEMEDICINE_IN_PERSON_REQUIRED_FROM = dt.date(2027, 1, 1)
