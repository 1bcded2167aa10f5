"""The database's rows, as a backup holds them: every table of every installed model,
each row as a JSON list of its columns' values, read and written through the ORM so
the format is the same on SQLite and PostgreSQL.

A value keeps all its precision (a timestamp its microseconds: the audit chain hashes
them); it is read back through its field's `to_python`, and written with `raw=True` so
that no `auto_now` or default replaces what the backup holds.
"""

import base64
import datetime
import decimal
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.utils.duration import duration_iso_string

ROWS_PER_READ = 2000


def backed_up_models(alias: str) -> list[type[Model]]:
    """Every model with a table in the database, each before the models that point at it."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and router.allow_migrate_model(alias, model)
    ]
    return in_dependency_order(models)


def in_dependency_order(models: Sequence[type[Model]]) -> list[type[Model]]:
    """Referenced models first. A cycle (a model pointing at itself, or two at each other)
    is left in name order: foreign keys are checked at commit on both databases."""
    remaining = {model._meta.label_lower: model for model in models}
    ordered: list[type[Model]] = []
    while remaining:
        ready = [
            label
            for label, model in sorted(remaining.items())
            if not (_targets(model) & (remaining.keys() - {label}))
        ] or [min(remaining)]
        for label in ready:
            ordered.append(remaining.pop(label))
    return ordered


def _targets(model: type[Model]) -> set[str]:
    return {
        field.related_model._meta.label_lower
        for field in model._meta.local_concrete_fields
        if field.is_relation and field.related_model not in (None, "self")
    }


def columns(model: type[Model]) -> list[Field[Any, Any]]:
    return [
        field
        for field in model._meta.local_concrete_fields
        if not getattr(field, "generated", False)
    ]


def column_names(model: type[Model]) -> list[str]:
    return [field.attname for field in columns(model)]


def read_rows(model: type[Model], alias: str) -> Iterator[list[Any]]:
    rows = (
        model._base_manager.using(alias)
        .order_by("pk")
        .values_list(*column_names(model))
        .iterator(chunk_size=ROWS_PER_READ)
    )
    for row in rows:
        yield [to_json(value) for value in row]


def to_json(value: Any) -> Any:
    match value:
        case datetime.date() | datetime.time():
            return value.isoformat()
        case datetime.timedelta():
            return duration_iso_string(value)
        case decimal.Decimal() | uuid.UUID():
            return str(value)
        case bytes() | memoryview():
            return base64.b64encode(bytes(value)).decode()
        case _:
            return value


def write_rows(model: type[Model], rows: Sequence[Sequence[Any]], alias: str) -> None:
    fields = columns(model)
    instances = [
        model(
            **{
                field.attname: field.to_python(value)
                for field, value in zip(fields, row, strict=True)
            }
        )
        for row in rows
    ]
    model._base_manager.using(alias)._insert(instances, fields=fields, raw=True, using=alias)  # type: ignore[attr-defined]


def models_with_rows(models: Sequence[type[Model]], alias: str) -> list[type[Model]]:
    return [model for model in models if model._base_manager.using(alias).exists()]


def reset_sequences(connection: BaseDatabaseWrapper, models: Sequence[type[Model]]) -> None:
    """Move PostgreSQL's id sequences past the restored ids (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@contextmanager
def one_snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """A read-only transaction in which every table is read as it stood at one moment,
    while the practice goes on writing."""
    if connection.in_atomic_block:
        raise SnapshotError("A backup reads in a transaction of its own: run it outside any other.")
    if connection.vendor == "postgresql":
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # The settings begin every SQLite transaction IMMEDIATE, which would hold off every
        # writer for the whole backup; a DEFERRED one only reads, and in WAL mode its
        # first read fixes the snapshot it sees to the end while writers carry on.
        connection.ensure_connection()
        mode = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic(using=connection.alias):
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
    else:
        raise SnapshotError(f"Backups read SQLite and PostgreSQL, not {connection.vendor}.")


class SnapshotError(Exception):
    pass
