"""Exports asked for on the web: the verbs.

A patient asks for their own record; an administrator, after "confirm it's you", for one
patient's or the whole practice's. The worker makes the files (`prepare_export`), sealed
at rest (records/sealed.py) in private storage, and they are kept RECORD_EXPORT_DAYS days,
then deleted (`expire_if_due`, on any look and by a periodic task). Every step writes an
audit event; an email tells the patient their copy is ready, with nothing of its content.
"""

import datetime
import logging
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.events import record_event
from background.queue import enqueue
from care.times import patient_zone
from foundation.notices import in_language_of, language_of, send_notice, site_link
from foundation.refusals import Reason, Refused
from patients.models import Patient
from records.export import export_patient, export_practice, write_patient_bundle
from records.models import ExportKind, ExportState, RecordExport
from records.readable import readable_record
from records.sealed import SealBroken, SealedTextWriter, SealedWriter, unseal

logger = logging.getLogger(__name__)

PREPARE_TASK = "records.tasks.prepare_record_export"
FOLDER = "record-exports"

# Each download: the name the browser saves it under, and its type.
DOWNLOADS: dict[str, tuple[str, str]] = {
    "bundle": ("health-record.json", "application/fhir+json"),
    "readable": ("health-record.html", "text/html; charset=utf-8"),
    "archive": ("ketaclinic-export.zip", "application/zip"),
}
UNFINISHED = (ExportState.QUEUED, ExportState.RUNNING)


class ExportsRefused(Refused):
    code = "export_refused"


# Asking ---------------------------------------------------------------------------------


def _queue(export: RecordExport, action: str, by: User) -> RecordExport:
    """The row, its audit event and the worker's task, in one transaction."""
    with transaction.atomic():
        export.save()
        record_event(
            action, actor=by, target=export, patient=export.patient, detail={"kind": export.kind}
        )
        enqueue(PREPARE_TASK, str(export.public_id))
    export.refresh_from_db()
    return export


def do_ask_for_own_record(patient: Patient, *, by: User) -> RecordExport:
    """The patient asks for their whole record; refused while one is being prepared or
    once they have asked RECORD_EXPORTS_PER_DAY times in 24 hours."""
    if patient.user_id != by.pk:
        raise ExportsRefused([Reason("not_own", "Only the patient can ask for their record.")])
    with transaction.atomic():
        # The patient's row locked, so two taps at once cannot both slip under the limit.
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        try:
            return _ask_for_own_record(patient, by)
        except ExportsRefused as refused:
            refusal = refused
    if "too_often" in refusal.codes:  # written once nothing else is, so it stays
        record_event("records.own_record_refused", actor=by, patient=patient)
    raise refusal


def _ask_for_own_record(patient: Patient, by: User) -> RecordExport:
    mine = RecordExport.objects.filter(patient=patient, kind=ExportKind.OWN_RECORD)
    if mine.filter(state__in=UNFINISHED).exists():
        raise ExportsRefused(
            [
                Reason(
                    "being_prepared",
                    _("Your record is already being prepared: it will be here soon."),
                )
            ]
        )
    since = timezone.now() - datetime.timedelta(days=1)
    today = list(mine.filter(requested_at__gt=since).order_by("requested_at"))
    limit = settings.RECORD_EXPORTS_PER_DAY
    if len(today) >= limit:
        again = today[-limit].requested_at + datetime.timedelta(days=1)
        when = timezone.localtime(again, patient_zone(patient))
        raise ExportsRefused(
            [
                Reason(
                    "too_often",
                    _(
                        "You have asked for your record %(count)s times in the last 24 hours, "
                        "the most we prepare in a day. You can ask again after %(when)s. The "
                        "copies below are still yours to download."
                    )
                    % {
                        "count": len(today),
                        "when": dateformat.format(when, _("j F \\a\\t g:i A")),
                    },
                )
            ]
        )
    export = RecordExport(kind=ExportKind.OWN_RECORD, requested_by=by, patient=patient)
    return _queue(export, "records.own_record_requested", by)


def do_start_export(by: User, patient: Patient | None) -> RecordExport:
    """An administrator's export: one patient's record, or (no patient) the whole practice's."""
    kind = ExportKind.PRACTICE if patient is None else ExportKind.PATIENT
    if RecordExport.objects.filter(requested_by=by, kind=kind, state__in=UNFINISHED).exists():
        raise ExportsRefused(
            [Reason("being_prepared", "An export of this kind you asked for is still being made.")]
        )
    export = RecordExport(kind=kind, requested_by=by, patient=patient)
    return _queue(export, "records.export_requested", by)


# Making -----------------------------------------------------------------------------------


def _store(export: RecordExport, slug: str, write: Callable[[SealedWriter], object]) -> str:
    """Seal what `write` writes into a temporary file, then into private storage."""
    with tempfile.TemporaryFile() as spool:
        sealed = SealedWriter(spool, str(export.public_id))
        write(sealed)
        sealed.close()
        spool.seek(0)
        return storages["default"].save(f"{FOLDER}/{export.public_id}/{slug}.sealed", File(spool))


def _zip_folder(folder: Path, into: IO[bytes]) -> None:
    with zipfile.ZipFile(into, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, arcname=f"ketaclinic-export/{path.name}")


def _progress(export: RecordExport) -> Callable[[int], None]:
    def tell(written: int) -> None:
        RecordExport.objects.filter(pk=export.pk).update(resources_written=written)

    return tell


def _own_record(export: RecordExport, at: datetime.datetime) -> dict[str, str]:
    patient = export.patient
    assert patient is not None
    tell = _progress(export)
    return {
        "bundle": _store(
            export,
            "bundle",
            lambda sealed: write_patient_bundle(patient, SealedTextWriter(sealed), at, tell),  # type: ignore[arg-type]
        ),
        "readable": _store(
            export, "readable", lambda sealed: sealed.write(readable_record(patient).encode())
        ),
    }


def _archive(export: RecordExport, at: datetime.datetime) -> dict[str, str]:
    """The command line's folder, zipped and sealed. The folder is written to a temporary
    directory only the worker reads, and deleted as soon as it is sealed."""
    with tempfile.TemporaryDirectory(prefix="ketaclinic-export-") as work:
        folder = Path(work) / "export"
        if export.patient is not None:
            export_patient(export.patient, folder, at, _progress(export))
        else:
            export_practice(folder, at, _progress(export), request="an administrator's web export")
        return {"archive": _store(export, "archive", lambda sealed: _zip_folder(folder, sealed))}  # type: ignore[arg-type]


def _delete_files(export: RecordExport) -> None:
    storage = storages["default"]
    for name in export.files.values():
        storage.delete(name)
    for slug in DOWNLOADS:  # what a failure may have left half-way
        storage.delete(f"{FOLDER}/{export.public_id}/{slug}.sealed")


def prepare_export(public_id: str) -> str:
    """The worker's part: make the files of a queued export; its state afterwards."""
    export = (
        RecordExport.objects.select_related("patient__user").filter(public_id=public_id).first()
    )
    if export is None or export.state != ExportState.QUEUED:
        return "skipped"
    RecordExport.objects.filter(pk=export.pk).update(state=ExportState.RUNNING)
    now = timezone.now()
    try:
        if export.kind == ExportKind.OWN_RECORD and export.patient is not None:
            # The readable document in the language its reader chose.
            with in_language_of(export.patient.user):
                files = _own_record(export, now)
        else:
            files = _archive(export, now)
    except Exception:
        logger.exception("The record export %s could not be made", export.public_id)
        _delete_files(export)
        RecordExport.objects.filter(pk=export.pk).update(
            state=ExportState.FAILED, finished_at=timezone.now()
        )
        record_event("records.export_failed", target=export, patient=export.patient)
        return ExportState.FAILED
    expires = timezone.now() + datetime.timedelta(days=settings.RECORD_EXPORT_DAYS)
    RecordExport.objects.filter(pk=export.pk).update(
        state=ExportState.READY, files=files, finished_at=timezone.now(), expires_at=expires
    )
    export.refresh_from_db()
    record_event(
        "records.export_ready",
        target=export,
        patient=export.patient,
        detail={"kind": export.kind, "resources": export.resources_written},
    )
    if export.kind == ExportKind.OWN_RECORD and export.patient is not None:
        _tell_the_patient(export)
    return ExportState.READY


def _tell_the_patient(export: RecordExport) -> None:
    assert export.patient is not None and export.expires_at is not None
    until = timezone.localtime(export.expires_at, patient_zone(export.patient))
    reader = export.patient.user
    with in_language_of(reader):
        send_notice(
            [reader.email],
            _("The copy of your record you asked for is ready"),
            _("The copy of your record you asked for is ready to download. Sign in to download it:")
            + f"\n{site_link(reverse('records:my_record'))}\n\n"
            + _("It is kept until %(day)s, then deleted; you can ask for a new copy at any time.")
            % {"day": dateformat.format(until, _("j F Y"))},
            language=language_of(reader),
        )


# Keeping and giving out ------------------------------------------------------------------


def expire_if_due(export: RecordExport) -> RecordExport:
    """Delete the files of a ready export past its time; the export as it now is."""
    if (
        export.state == ExportState.READY
        and export.expires_at
        and export.expires_at <= timezone.now()
    ):
        _delete_files(export)
        RecordExport.objects.filter(pk=export.pk).update(state=ExportState.EXPIRED, files={})
        record_event("records.export_expired", target=export, patient=export.patient)
        export.refresh_from_db()
    return export


def delete_expired_exports() -> int:
    """The periodic clean-up: every ready export past its time; how many were deleted."""
    due = RecordExport.objects.filter(state=ExportState.READY, expires_at__lte=timezone.now())
    expired = [expire_if_due(export) for export in due.select_related("patient")]
    return sum(export.state == ExportState.EXPIRED for export in expired)


def own_exports(patient: Patient) -> list[RecordExport]:
    """The patient's own copies of the last few weeks, newest first, each expired if due."""
    since = timezone.now() - datetime.timedelta(days=settings.RECORD_EXPORT_DAYS + 7)
    mine = patient.record_exports.filter(kind=ExportKind.OWN_RECORD, requested_at__gt=since)
    return [expire_if_due(export) for export in mine.order_by("-requested_at")[:10]]


def exports_by(admin: User) -> list[RecordExport]:
    """An administrator's own exports, newest first, each expired if due."""
    theirs = RecordExport.objects.filter(requested_by=admin).exclude(kind=ExportKind.OWN_RECORD)
    return [expire_if_due(export) for export in theirs.select_related("patient")[:20]]


def opened(export: RecordExport, slug: str) -> Iterator[bytes]:
    """The plain bytes of one download. The first chunk is opened before this returns, so a
    broken seal is a SealBroken here, before any answer has started."""
    handle = storages["default"].open(export.files[slug], "rb")
    chunks = unseal(handle, str(export.public_id))
    try:
        first = next(chunks)
    except (SealBroken, StopIteration):
        handle.close()
        raise SealBroken("The file does not open.") from None

    def rest() -> Iterator[bytes]:
        with handle:
            yield first
            yield from chunks

    return rest()
