"""The cast of every test, built through the real verbs (demo/seed.py).

alice-and-bob style: a clinician licensed in Florida only and one in New Jersey
only, a pharmacist, a coordinator, an editor, an administrator, two patients (one
in each state) and an anonymous visitor.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts.models import User
from demo.people import DEMO_PASSWORD, PATIENTS, STAFF, Persona
from demo.seed import ensure_person

_BY_KEY = {persona.key: persona for persona in (*STAFF, *PATIENTS)}


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> Iterator[None]:
    # Argon2 is the real hasher (settings); tests need not pay for it every time, except
    # against a deployment (make prod-check), whose servers must read the passwords.
    if not os.environ.get("PROD_CHECK_URL"):
        settings.PASSWORD_HASHERS = [
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.Argon2PasswordHasher",
        ]
    # Rate-limit counters and used sign-in codes start afresh in every test.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    cache.clear()
    # Each test starts in English: a request to an /es/ page leaves Spanish on in the
    # test's thread, as a worker thread's next request would reset it.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def private_storage(settings: Any, tmp_path: Path) -> Path:
    """Uploaded files (photo IDs) go to a temporary private folder, never served by URL."""
    location = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    return location


def persona(key: str) -> Persona:
    return _BY_KEY[key]


def make(key: str) -> User:
    return ensure_person(_BY_KEY[key])


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def clinician_fl(db: Any) -> User:
    return make("clinician_fl")


@pytest.fixture
def clinician_nj(db: Any) -> User:
    return make("clinician_nj")


@pytest.fixture
def pharmacist(db: Any) -> User:
    return make("pharmacist")


@pytest.fixture
def coordinator(db: Any) -> User:
    return make("coordinator")


@pytest.fixture
def editor(db: Any) -> User:
    return make("editor")


@pytest.fixture
def admin_user(db: Any) -> User:
    return make("admin")


@pytest.fixture
def patient_fl(db: Any) -> User:
    return make("patient_fl")


@pytest.fixture
def patient_nj(db: Any) -> User:
    return make("patient_nj")


@pytest.fixture
def visitor() -> Client:
    return Client()


def client_for(user: User) -> Client:
    """A client signed in as `user` (second factor already passed)."""
    client = Client()
    client.force_login(user)
    return client
