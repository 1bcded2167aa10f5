"""Writing the whole record out: the practice's as NDJSON files in the shape of FHIR Bulk
Data `$export`, one patient's as one Bundle. Rows are read in chunks and written line by
line, so memory stays the same however large the practice."""

import datetime
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from audit.events import record_event
from patients.models import Patient
from records.mapping import JSON, MAPPINGS, People
from records.readable import readable_record

CHUNK = 500
DOCUMENTATION = "ehi-export.md"
MANIFEST = "manifest.json"
README = "README.md"

README_TEXT = f"""# A ketaclinic record export

These files hold electronic health information exported from a ketaclinic practice, in
FHIR R4 (JSON). The format, the codes and extensions used, and what is left out and why
are documented in [{DOCUMENTATION}]({DOCUMENTATION}) beside this file (a copy of
`docs/{DOCUMENTATION}` in ketaclinic's source).

- `{MANIFEST}`: what the export holds, in the shape of the FHIR Bulk Data `$export`
  output manifest.
- `<ResourceType>.ndjson`: one FHIR resource a line.
- `patient-<id>.json` (one patient's export): a FHIR Bundle of type `collection`, and
  `patient-<id>.html`, the same record as a document to read and print.

`manage.py import_ehi DIR` reads a practice export back into an empty ketaclinic database.
"""


Progress = Callable[[int], None]
"""Told the number of resources written so far, every CHUNK resources and at the end."""


def _no_progress(written: int) -> None:
    return None


class ExportRefused(Exception):
    """The export cannot start; the message says why."""


def line(resource: JSON) -> str:
    """One resource as one line: `resourceType` first, then every key in sorted order, so
    the same record gives the same bytes whichever database kept its JSON."""
    rest = {k: v for k, v in resource.items() if k != "resourceType"}
    body = json.dumps(rest, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    kind = json.dumps(resource["resourceType"])
    return f'{{"resourceType":{kind}' + ("," + body[1:] if rest else "}") + "\n"


def resources(patient_pk: int | None = None) -> Iterator[JSON]:
    """Every resource of the practice, or of one patient, in a fixed order."""
    people = People()
    for mapping in MAPPINGS:
        if patient_pk is not None and mapping.patient_path is None:
            continue
        with closing(mapping.rows(patient_pk).iterator(chunk_size=CHUNK)) as rows:  # type: ignore[type-var]
            for obj in rows:
                yield mapping.resource(obj, people)


def _write_readme(out: Path) -> None:
    (out / README).write_text(README_TEXT, encoding="utf-8")
    shutil.copyfile(settings.BASE_DIR / "docs" / DOCUMENTATION, out / DOCUMENTATION)


def _empty_folder(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportRefused(f"{out} is not an empty folder: export into a new one.")
    out.mkdir(parents=True, exist_ok=True)


def export_practice(
    out: Path,
    transaction_time: datetime.datetime,
    progress: Progress = _no_progress,
    request: str = "manage.py export_ehi --all",
) -> Counter[str]:
    """The whole practice into `out`: NDJSON per resource type, the manifest and the README."""
    _empty_folder(out)
    counts: Counter[str] = Counter()
    with ExitStack() as stack:
        files: dict[str, IO[str]] = {}
        for resource in resources():
            kind = resource["resourceType"]
            if kind not in files:
                files[kind] = stack.enter_context(
                    (out / f"{kind}.ndjson").open("w", encoding="utf-8")
                )
            files[kind].write(line(resource))
            counts[kind] += 1
            if counts.total() % CHUNK == 0:
                progress(counts.total())
    progress(counts.total())
    manifest: dict[str, Any] = {
        "transactionTime": transaction_time.astimezone(datetime.UTC).isoformat(),
        "request": request,
        "requiresAccessToken": False,
        "output": [
            {"type": kind, "url": f"{kind}.ndjson", "count": counts[kind]}
            for kind in sorted(counts)
        ],
        "error": [],
        "extension": {
            "documentation": DOCUMENTATION,
            "format": "FHIR R4, US Core where a profile fits",
        },
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    _write_readme(out)
    record_event("records.practice_exported", detail={"resources": sum(counts.values())})
    return counts


def write_patient_bundle(
    patient: Patient,
    handle: IO[str],
    transaction_time: datetime.datetime,
    progress: Progress = _no_progress,
) -> int:
    """One patient's record as a FHIR Bundle (collection), written entry by entry."""
    timestamp = json.dumps(transaction_time.astimezone(datetime.UTC).isoformat())
    handle.write(f'{{"resourceType":"Bundle","type":"collection","timestamp":{timestamp},"entry":[')
    count = 0
    for resource in resources(patient.pk):
        handle.write(("," if count else "") + '{"resource":' + line(resource).rstrip("\n") + "}")
        count += 1
        if count % CHUNK == 0:
            progress(count)
    handle.write("]}\n")
    progress(count)
    return count


def export_patient(
    patient: Patient,
    out: Path,
    transaction_time: datetime.datetime,
    progress: Progress = _no_progress,
) -> Path:
    _empty_folder(out)
    path = out / f"patient-{patient.pk}.json"
    with path.open("w", encoding="utf-8") as handle:
        count = write_patient_bundle(patient, handle, transaction_time, progress)
    (out / f"patient-{patient.pk}.html").write_text(readable_record(patient), encoding="utf-8")
    _write_readme(out)
    record_event("records.patient_exported", patient=patient, detail={"resources": count})
    return path
