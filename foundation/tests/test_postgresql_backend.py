"""PostgreSQL's health check asks only connections that waited (foundation/postgresql)."""

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections

from foundation.postgresql import base

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the backend is PostgreSQL's"
)


@pytest.fixture
def kept(db: Any) -> Iterator[Any]:
    """A kept connection of the app's own, outside the test's transaction, checked as
    every request does."""
    wrapper = connections.create_connection("default")
    wrapper.settings_dict["CONN_HEALTH_CHECKS"] = True
    # Kept between requests, as in production (make test runs with CONN_MAX_AGE 0).
    wrapper.settings_dict["CONN_MAX_AGE"] = 600
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def asked(wrapper: Any, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    answers: list[bool] = []
    real = wrapper.is_usable

    def counting() -> bool:
        answers.append(real())
        return answers[-1]

    monkeypatch.setattr(wrapper, "is_usable", counting)
    return answers


def request_on(wrapper: Any) -> int:
    """One request: Django's checks at its start, a query, its end."""
    wrapper.close_if_unusable_or_obsolete()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    wrapper.close_if_unusable_or_obsolete()
    return one


def test_a_connection_in_steady_use_is_not_asked_first(kept: Any, monkeypatch: Any) -> None:
    answers = asked(kept, monkeypatch)
    request_on(kept)
    answers.clear()
    for _ in range(5):
        request_on(kept)
    assert answers == []


def test_a_connection_that_waited_is_asked_first(kept: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(base, "STEADY_SECONDS", 0.05)
    answers = asked(kept, monkeypatch)
    request_on(kept)
    time.sleep(0.1)
    answers.clear()
    request_on(kept)
    assert answers == [True]


def test_a_connection_cut_while_it_waited_is_replaced_unseen(kept: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(base, "STEADY_SECONDS", 0.05)
    request_on(kept)
    cut = kept.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [cut])
    time.sleep(0.1)
    assert request_on(kept) == 1
    assert kept.connection.info.backend_pid != cut
