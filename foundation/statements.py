"""Statements that PostgreSQL keeps parsed and planned, for the few that run on most pages.

Django binds parameters on the client and sends every statement as text, which PostgreSQL
parses and plans anew each time; its psycopg connections have prepared statements turned
off, for the sake of poolers in transaction mode. ``prepared_cursor()`` is for a statement
that runs on nearly every request: the cursor binds on the server and prepares each
statement once per connection, which halves what PostgreSQL spends on a lookup by key or
an update by id (measured in docs/assessment.md). It is wrapped by Django as any cursor is,
so the health check, query logging and the tests' query counts see its statements too. On
other databases it is Django's ordinary cursor.

A pooler in front of PostgreSQL must pass prepared statements through (PgBouncer 1.21 or
later with ``max_prepared_statements``, or session pooling); a direct connection, as
``deploy/`` sets up, always does.
"""

from typing import Any

import psycopg
from django.db import connection
from django.db.backends.utils import CursorWrapper

# No statement is prepared by count: only those that ask, through the cursor below. Once a
# connection has a threshold, psycopg also counts the statements of Django's own cursors
# (a dictionary entry each, at most 100 kept), but it never prepares them: they bind on the
# client. A ROLLBACK, DROP or ALTER makes psycopg deallocate what it prepared; the next use
# prepares it again.
_NEVER_BY_COUNT = 2**31


class _PreparingCursor(psycopg.Cursor[Any]):
    """psycopg's cursor that binds on the server, asking for each statement to be prepared."""

    def execute(self, query: Any, params: Any = None, **options: Any) -> Any:
        options.setdefault("prepare", True)
        return super().execute(query, params, **options)


def prepared_cursor() -> CursorWrapper:
    """A cursor for the default database whose statements are prepared once per connection."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _NEVER_BY_COUNT
    cursor: Any = _PreparingCursor(raw)  # the stubs expect Django's wrapper; Django passes this
    if connection.queries_logged:
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)
