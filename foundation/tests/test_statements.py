"""A prepared cursor answers as Django's own does, is counted like it, and on PostgreSQL
has the server keep each statement once per connection."""

from typing import Any

import pytest
from django.db import connection

from foundation.statements import prepared_cursor

pytestmark = pytest.mark.django_db

LOOKUP = "SELECT %s + 1, %s"


def test_it_answers_as_an_ordinary_cursor_does() -> None:
    with prepared_cursor() as cursor:
        cursor.execute(LOOKUP, [41, "Peña"])
        prepared = cursor.fetchone()
    with connection.cursor() as cursor:
        cursor.execute(LOOKUP, [41, "Peña"])
        assert prepared == cursor.fetchone() == (42, "Peña")


def test_its_statements_are_counted_like_any_other(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2), prepared_cursor() as cursor:
        cursor.execute(LOOKUP, [1, "a"])
        cursor.execute(LOOKUP, [2, "b"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_keeps_each_statement_once_per_connection() -> None:
    def kept() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ["SELECT $1 + 1%"],
            )
            return int(cursor.fetchone()[0])

    before = kept()
    for number in range(5):
        with prepared_cursor() as cursor:
            cursor.execute(LOOKUP, [number, "again"])
            assert cursor.fetchone() == (number + 1, "again")
    assert kept() == before + 1
