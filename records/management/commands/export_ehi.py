import datetime
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from patients.models import Patient
from records.export import ExportRefused, export_patient, export_practice


class Command(BaseCommand):
    help = (
        "Export electronic health information as FHIR R4: the whole practice as NDJSON with a "
        "Bulk Data manifest (--all), or one patient as a Bundle (--patient PUBLIC_ID)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="every patient and the practice")
        which.add_argument("--patient", metavar="PUBLIC_ID", help="one patient's public id")
        parser.add_argument("--out", required=True, type=Path, help="a new, empty folder")
        parser.add_argument(
            "--transaction-time",
            type=datetime.datetime.fromisoformat,
            help="the time the manifest states (ISO 8601); now if not given. Two exports of "
            "the same data with the same time are the same bytes.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        at = options["transaction_time"] or timezone.now()
        if at.tzinfo is None:
            raise CommandError("--transaction-time needs a time zone, e.g. 2026-01-31T12:00:00Z.")
        out: Path = options["out"]
        try:
            if options["all"]:
                counts = export_practice(out, at)
                self.stdout.write(f"Exported {sum(counts.values())} resources to {out}.")
            else:
                patient = _patient(options["patient"])
                path = export_patient(patient, out, at)
                self.stdout.write(f"Exported the patient's record to {path}.")
        except ExportRefused as error:
            raise CommandError(str(error)) from None


def _patient(public_id: str) -> Patient:
    try:
        key = uuid.UUID(public_id)
    except ValueError:
        raise CommandError(f"{public_id} is not a patient's public id.") from None
    patient = Patient.objects.filter(public_id=key).first()
    if patient is None:
        raise CommandError(f"No patient has the public id {public_id}.")
    return patient
