"""What a database holds, read with plain SQL, table by table and row by row, so that a
restore is compared with its source by code that shares nothing with the backup's.

Run as ``python -m operations.tests.contents`` it prints the database that DATABASE_URL
names as JSON, for a restore drill that compares two databases in two processes.
"""

import json
import sys
from pathlib import Path
from typing import Any

import django
from django.db import connections

# The migrations table is compared by name (its times differ); the cache holds nothing kept.
SKIPPED = {"django_migrations", "ketaclinic_cache"}


def database_contents(alias: str = "default") -> dict[str, Any]:
    connection = connections[alias]
    contents: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in SKIPPED:
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - names from introspection
            rows = [[_plain(value) for value in row] for row in cursor.fetchall()]
            contents[table] = sorted(rows, key=json.dumps)
        cursor.execute("SELECT app, name FROM django_migrations")
        contents["django_migrations"] = sorted([list(row) for row in cursor.fetchall()])
    return contents


def stored_files(location: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(location)): path.read_bytes()
        for path in sorted(location.rglob("*"))
        if path.is_file()
    }


def _plain(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


if __name__ == "__main__":
    django.setup()
    json.dump(database_contents(), sys.stdout)
