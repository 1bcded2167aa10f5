"""Reading a practice export back into an empty ketaclinic database.

Everything is checked first (the manifest, every resource against FHIR R4, every stored
row against its model, every reference against what the export holds); only then is
anything written, in one transaction. People who worked at the old practice come in as
inactive accounts that must enrol again; patients set a password by email."""

import base64
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, models, transaction
from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from accounts.models import User
from accounts.roles import STAFF_ROLES
from audit.events import record_event
from patients.models import ConsentDocument, IdentityDocument
from pharmacy.receivers import note_new_prescriptions
from records.export import MANIFEST
from records.mapping import exported_models
from records.stored import StoredRecordError, instance_from, records_in

BATCH = 500
MOST_PROBLEMS_SHOWN = 20


class ImportRefused(Exception):
    """Nothing was written; `problems` says why, each with where it was found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MOST_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        lines = "\n".join(f"- {p}" for p in shown)
        tail = f"\n- and {more} more" if more > 0 else ""
        super().__init__(f"Nothing was imported:\n{lines}{tail}")


@dataclass
class Checked:
    files: list[Path]
    counts: Counter[str] = field(default_factory=Counter)


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def manifest_files(folder: Path) -> list[Path]:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        outputs = manifest["output"]
        names = [entry["url"] for entry in outputs]
    except FileNotFoundError:
        raise ImportRefused([f"{path} is missing: is {folder} a ketaclinic export?"]) from None
    except (ValueError, KeyError, TypeError):
        raise ImportRefused(
            [f"{path} is not an export manifest (no list of output files)."]
        ) from None
    problems = []
    for name in names:
        if not isinstance(name, str) or Path(name).name != name or not name.endswith(".ndjson"):
            problems.append(f"{MANIFEST} names {name!r}, which is not a file name of this export.")
        elif not (folder / name).is_file():
            problems.append(f"{MANIFEST} names {name}, which is not in {folder}.")
    if problems:
        raise ImportRefused(problems)
    return [folder / name for name in names]


def resources(files: list[Path]) -> Iterator[tuple[str, Any]]:
    """(where, parsed JSON) for every line of every file; `where` is 'File.ndjson line N'."""
    for path in files:
        with path.open(encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                where = f"{path.name} line {number}"
                try:
                    yield where, json.loads(text)
                except json.JSONDecodeError as error:
                    yield where, error


def _fhir_problem(resource: Any) -> str | None:
    if not isinstance(resource, dict):
        return "is not a JSON object"
    kind = resource.get("resourceType")
    try:
        model = get_fhir_model_class(str(kind))
    except KeyError:
        return f"has resourceType {kind!r}, which FHIR R4 does not define"
    try:
        model.model_validate(resource)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        return f"is not a valid FHIR {kind}: {place}: {first['msg']}"
    return None


def _identity_file(resource: dict[str, Any]) -> bytes:
    data = resource["content"][0]["attachment"]["data"]
    return base64.b64decode(data)


def check(folder: Path) -> Checked:
    """Every problem with the export at `folder`; raises ImportRefused if there is one."""
    files = manifest_files(folder)
    checked = Checked(files)
    importable = {_label(model) for model in exported_models()}
    seen: dict[str, set[Any]] = defaultdict(set)
    wanted: dict[tuple[str, Any], str] = {}
    problems: list[str] = []
    for where, resource in resources(files):
        if isinstance(resource, json.JSONDecodeError):
            problems.append(f"{where} is not JSON ({resource.msg}).")
            continue
        problem = _fhir_problem(resource)
        if problem:
            problems.append(f"{where} {problem}.")
            continue
        try:
            records = list(records_in(resource))
            if not records:
                raise StoredRecordError("it carries no stored-record extension")
            for label, row in records:
                if label not in importable:
                    raise StoredRecordError(f"{label} is not a kind of record an export carries")
                instance = instance_from(label, row)
                if instance.pk in seen[label]:
                    raise StoredRecordError(f"{label} {instance.pk} appears twice in the export")
                seen[label].add(instance.pk)
                checked.counts[label] += 1
                for f in type(instance)._meta.concrete_fields:
                    target = getattr(instance, f.attname)
                    if f.related_model is not None and target is not None:
                        key = (_label(f.related_model), target)
                        wanted.setdefault(key, f"{where} ({label})")
                if isinstance(instance, IdentityDocument):
                    content = _identity_file(resource)
                    if hashlib.sha256(content).hexdigest() != instance.sha256:
                        raise StoredRecordError("the photo ID's file does not match its SHA-256")
        except StoredRecordError as error:
            problems.append(f"{where}: {error}.")
        except (KeyError, IndexError, TypeError, ValueError) as error:
            problems.append(f"{where}: the photo ID's file cannot be read ({error}).")
    for (label, pk), where in wanted.items():
        if pk not in seen[label]:
            problems.append(f"{where} refers to {label} {pk}, which is not in the export.")
    if problems:
        raise ImportRefused(problems)
    return checked


def refuse_unless_empty() -> None:
    held = [
        str(model._meta.verbose_name_plural)
        for model in dict.fromkeys(exported_models())
        # The consent texts each migrate publishes are replaced by the export's.
        if model is not ConsentDocument and model._default_manager.exists()
    ]
    if held:
        raise ImportRefused(
            [
                "The database is not empty (it already holds "
                + ", ".join(held)
                + "): import_ehi loads an export only into a new, empty database."
            ]
        )


def import_practice(folder: Path) -> Counter[str]:
    """Loads the export at `folder` into this empty database, whole or not at all."""
    refuse_unless_empty()
    checked = check(folder)
    written: list[str] = []
    try:
        with transaction.atomic():
            _write_rows(checked.files, written)
            # Written in bulk, the prescriptions sent no signal: the pharmacy notes those
            # with no fill yet as new, as it would have when they were signed.
            note_new_prescriptions()
            staff = User.objects.filter(role_grants__role__in=STAFF_ROLES)
            User.objects.filter(pk__in=staff.values("pk")).update(is_active=False)
            _reset_sequences()
            record_event("records.practice_imported", detail={"rows": sum(checked.counts.values())})
    except BaseException:
        for name in written:
            IdentityDocument.file.field.storage.delete(name)
        raise
    return checked.counts


def _write_rows(files: list[Path], written: list[str]) -> None:
    batches: dict[type[models.Model], list[models.Model]] = defaultdict(list)
    storage = IdentityDocument.file.field.storage
    # Every migrate publishes the consent texts ketaclinic ships, so a new database holds
    # them unsigned; the export's own texts, with their numbers and dates, replace them.
    ConsentDocument.objects.all().delete()
    for _where, resource in resources(files):
        for label, row in records_in(resource):
            instance = instance_from(label, row)
            if isinstance(instance, User):
                instance.set_unusable_password()
                instance.is_active = True
            if isinstance(instance, IdentityDocument):
                name = instance.file.name or ""
                if not storage.exists(name):
                    saved = storage.save(name, ContentFile(_identity_file(resource)))
                    written.append(saved)
                    if saved != name:
                        raise ImportRefused(
                            [f"the photo ID file {name} could not be kept under its name."]
                        )
            batch = batches[type(instance)]
            batch.append(instance)
            if len(batch) >= BATCH:
                type(instance)._default_manager.bulk_create(batch)
                batch.clear()
    for model, batch in batches.items():
        model._default_manager.bulk_create(batch)


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(
        no_style(), list(dict.fromkeys(exported_models()))
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
