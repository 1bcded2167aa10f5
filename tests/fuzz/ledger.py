"""What a request changed in the database, and whether what it saved is whole.

The SQL a request runs names the tables it wrote to; those tables are read before
(once per test: every example is rolled back to the same state) and after, and compared
row by row. Reading only the tables written keeps each example cheap.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import models

from audit.models import AuditEvent

# Written by any request, whatever its outcome: every look at a record is audited, and
# the session carries messages and the sign-in.
ANY_REQUEST: frozenset[type[models.Model]] = frozenset({AuditEvent, Session})

_WRITE = re.compile(
    r'^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)

Rows = dict[Any, tuple[Any, ...]]


def _models_by_table() -> dict[str, type[models.Model]]:
    return {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


def tables_written(queries: Iterable[dict[str, Any]]) -> set[str]:
    found = set()
    for query in queries:
        match = _WRITE.match(query["sql"])
        if match:
            found.add(match.group(1))
    return found


@dataclass
class Change:
    model: type[models.Model]
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    changed: dict[Any, set[str]] = field(default_factory=dict)
    """For each row changed, the names of its fields that changed."""

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def describe(self) -> str:
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} added")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        for pk, names in list(self.changed.items())[:3]:
            parts.append(f"row {pk} changed {sorted(names)}")
        return f"{self.model._meta.label}: " + ", ".join(parts)


class Ledger:
    """Reads tables row by row; remembers each table as the test left it."""

    def __init__(self) -> None:
        self.models = _models_by_table()
        self.before: dict[str, Rows] = {}

    def model(self, table: str) -> type[models.Model] | None:
        return self.models.get(table)

    def rows(self, table: str) -> Rows:
        model = self.models[table]
        names = [one.attname for one in model._meta.concrete_fields]
        pk = model._meta.pk
        assert pk is not None
        index = names.index(pk.attname)
        return {row[index]: row for row in model._base_manager.order_by().values_list(*names)}

    def remember(self, tables: Iterable[str]) -> None:
        for table in tables:
            if table in self.models and table not in self.before:
                self.before[table] = self.rows(table)

    def diff(self, table: str, after: Rows) -> Change:
        model = self.models[table]
        before = self.before[table]
        names = [one.attname for one in model._meta.concrete_fields]
        change = Change(model)
        change.added = [pk for pk in after if pk not in before]
        change.removed = [pk for pk in before if pk not in after]
        for pk, row in after.items():
            old = before.get(pk)
            if old is not None and old != row:
                change.changed[pk] = {
                    name for name, was, now in zip(names, old, row, strict=True) if was != now
                }
        return change


# Fields a third-party model leaves blank on purpose though it does not say blank=True.
NOT_CHECKED: dict[str, tuple[str, ...]] = {"mfa.Authenticator": ("last_used_at",)}


def problems_in(model: type[models.Model], pks: Iterable[Any], skip: Iterable[str]) -> list[str]:
    """What the model's own rules say is wrong with rows saved: a blank required field,
    a value too long for its column, a choice not offered, a number out of its range.
    An empty list or mapping in a JSON field is an answer (no symptoms ticked), not a
    blank."""
    found = []
    for instance in model._base_manager.filter(pk__in=list(pks)):
        empty = [
            one.name
            for one in model._meta.concrete_fields
            if isinstance(one, models.JSONField) and getattr(instance, one.attname) in ([], {})
        ]
        exclude = [*skip, *empty, *NOT_CHECKED.get(model._meta.label, ())]
        try:
            instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as error:
            found.append(f"{model._meta.label} {instance.pk}: {error.message_dict}")
    return found
