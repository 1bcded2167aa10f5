"""A throwaway database for one simulation: SQLite in memory, never the practice's own.

``throwaway_database`` points Django's default connection at a fresh in-memory SQLite
database for the duration of the block, builds the tables straight from the models (no
migrations to replay, so it takes a fraction of a second), and puts the practice's
connection back afterwards. Mail, tasks, the cache and texts stay inside the process too.
The contract's defaults apply whatever the practice's settings say: the safety policy, and
the first day an in-person evaluation is required (2027-01-01).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import override_settings

from clinical.policy import DEFAULT_POLICY
from clinical.prescribing import IN_PERSON_REQUIRED_FROM

IN_MEMORY = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": ":memory:",
}


class _NoMigrations(dict[str, None]):
    """Every app's migrations module is None, so migrate builds tables from the models."""

    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


@contextmanager
def throwaway_database() -> Iterator[None]:
    alias = DEFAULT_DB_ALIAS
    practice_settings = connections.settings[alias]
    connections[alias].close()
    connections.settings[alias] = connections.configure_settings({alias: dict(IN_MEMORY)})[alias]
    del connections[alias]
    try:
        with override_settings(
            MIGRATION_MODULES=_NoMigrations(),
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}},
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            SMS_BACKEND="off",
            CLINICAL_SAFETY_POLICY=DEFAULT_POLICY,
            TELEMEDICINE_IN_PERSON_REQUIRED_FROM=IN_PERSON_REQUIRED_FROM,
        ):
            call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
            yield
    finally:
        connections[alias].close()
        del connections[alias]
        connections.settings[alias] = practice_settings
