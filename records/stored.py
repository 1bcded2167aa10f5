"""A row as it is stored, carried inside a FHIR resource so it can be read back exactly.

Every exported row travels in one `stored-record` extension: the model's label and its
columns as a JSON object (dates and times in ISO 8601 with their full precision,
foreign keys as the primary keys they hold). The FHIR elements around it say the same
things in FHIR's terms for any other system; ketaclinic reads the row back from here.
Columns that must not leave the practice (password hashes, sign-in times) are left out.
"""

import datetime
import decimal
import json
import uuid
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

STORED_RECORD_URL = "https://ketaclinic.org/fhir/StructureDefinition/stored-record"

# Columns never exported: how a person signs in belongs to the old practice's system.
LEFT_OUT_COLUMNS: dict[str, frozenset[str]] = {
    "accounts.user": frozenset({"password", "last_login", "is_active"}),
}


def stored_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    left_out = LEFT_OUT_COLUMNS.get(model._meta.label_lower, frozenset())
    return [f for f in model._meta.concrete_fields if f.name not in left_out]


def to_json(value: Any) -> Any:
    """A column's value as JSON, losing nothing."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def row_of(obj: models.Model) -> dict[str, Any]:
    return {f.attname: to_json(getattr(obj, f.attname)) for f in stored_fields(type(obj))}


def extension(obj: models.Model) -> dict[str, Any]:
    row = json.dumps(row_of(obj), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return {
        "url": STORED_RECORD_URL,
        "extension": [
            {"url": "model", "valueString": obj._meta.label_lower},
            {"url": "row", "valueString": row},
        ],
    }


class StoredRecordError(ValueError):
    """A stored record that cannot be read back; the message says why."""


def records_in(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every stored record anywhere inside a resource, as (model label, row)."""
    if isinstance(node, dict):
        if node.get("url") == STORED_RECORD_URL:
            parts = {e.get("url"): e.get("valueString") for e in node.get("extension", [])}
            label, row = parts.get("model"), parts.get("row")
            if not isinstance(label, str) or not isinstance(row, str):
                raise StoredRecordError("a stored-record extension lacks its model or row")
            try:
                values = json.loads(row)
            except json.JSONDecodeError as error:
                raise StoredRecordError(f"the stored {label} row is not JSON ({error})") from None
            if not isinstance(values, dict):
                raise StoredRecordError(f"the stored {label} row is not an object")
            yield label, values
            return
        for value in node.values():
            yield from records_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from records_in(item)


def instance_from(label: str, values: dict[str, Any]) -> models.Model:
    """The unsaved model instance a stored row describes, each value checked by its field."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise StoredRecordError(f"{label} is not a kind of record ketaclinic keeps") from None
    fields = {f.attname: f for f in stored_fields(model)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise StoredRecordError(f"the stored {label} row has unknown columns: {', '.join(unknown)}")
    missing = sorted(set(fields) - set(values))
    if missing:
        raise StoredRecordError(f"the stored {label} row lacks columns: {', '.join(missing)}")
    kwargs: dict[str, Any] = {}
    for attname, field in fields.items():
        value = values[attname]
        if value is None and not field.null:
            raise StoredRecordError(f"the stored {label} row has no {attname}")
        try:
            kwargs[attname] = value if _kept_as_is(field) else field.to_python(value)
        except (ValidationError, ValueError, TypeError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else error
            raise StoredRecordError(
                f"the stored {label} row's {attname} is invalid: {message}"
            ) from None
    return model(**kwargs)


def _kept_as_is(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.JSONField | models.FileField)
