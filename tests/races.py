"""Twenty threads released at once, for the race tests that run on PostgreSQL only.

On PostgreSQL the row locks and constraints are real; SQLite serialises whole
transactions, so a race test there proves nothing and is skipped.
"""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

THREADS = 20

on_postgresql = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def all_at_once(
    work: Callable[[], Any], *, expected: tuple[type[BaseException], ...] = (Exception,)
) -> tuple[list[Any], list[BaseException]]:
    """Run ``work`` in THREADS threads released together; each closes its own connection.

    Returns what the calls returned and the ``expected`` exceptions they raised; anything
    else fails the test.
    """
    barrier = threading.Barrier(THREADS)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            outcome = work()
            with lock:
                results.append(outcome)
        except expected as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) + len(errors) == THREADS, "a thread failed unexpectedly"
    return results, errors
