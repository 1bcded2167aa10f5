"""The rule of foundation/postgresql on any database: a kept connection that finished a
request less than a second ago is not asked SELECT 1; one that waited, or whose last
query failed, is. (test_postgresql_backend.py runs it against a real server.)"""

from collections.abc import Iterator
from typing import Any

import pytest

from foundation.postgresql import base


class KeptConnection:
    """Stands for psycopg's connection: only what Django's bookkeeping touches."""

    closed = False

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def wrapper(monkeypatch: pytest.MonkeyPatch, django_db_blocker: Any) -> Iterator[Any]:
    settings = {
        "ENGINE": "foundation.postgresql",
        "NAME": "kept",
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "OPTIONS": {},
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "TIME_ZONE": None,
        "TEST": {},
    }
    kept: Any = base.DatabaseWrapper(settings)
    kept.connection = KeptConnection()
    kept.autocommit = True
    kept.health_check_enabled = True
    kept.asked = 0

    def is_usable() -> bool:
        kept.asked += 1
        return True

    monkeypatch.setattr(kept, "is_usable", is_usable)
    # Nothing connects (the connection is already there); pytest-django's guard on
    # connecting is lifted for this wrapper of no database.
    with django_db_blocker.unblock():
        yield kept


def a_request(kept: Any) -> None:
    kept.close_if_unusable_or_obsolete()
    kept.close_if_health_check_failed()
    kept.close_if_unusable_or_obsolete()


def test_a_connection_in_steady_use_is_not_asked(wrapper: Any) -> None:
    a_request(wrapper)
    asked_first = wrapper.asked
    for _ in range(5):
        a_request(wrapper)
    assert asked_first == 1 and wrapper.asked == 1


def test_a_connection_that_waited_is_asked(wrapper: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(base, "STEADY_SECONDS", 0.0)
    for _ in range(3):
        a_request(wrapper)
    assert wrapper.asked == 3


def test_a_connection_whose_query_failed_is_asked(wrapper: Any) -> None:
    a_request(wrapper)
    wrapper.errors_occurred = True
    wrapper.close_if_unusable_or_obsolete()  # Django's own check after an error
    wrapper.errors_occurred = True
    wrapper.close_if_health_check_failed()
    assert wrapper.asked >= 2


def test_a_closed_connection_starts_afresh(wrapper: Any) -> None:
    a_request(wrapper)
    wrapper.close()
    assert wrapper._in_steady_use is False
