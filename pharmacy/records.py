"""The pharmacy's queue and the monthly dispensing record, read in a constant number of queries."""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from care.models import AdverseEvent, ClinicianFlag, Prescription, PrescriptionStatus
from foundation.addresses import address_of
from foundation.spreadsheet import safe_cell
from pharmacy.models import Fill, FillKind, FillStatus, RefillRequest, RefillStatus


@dataclass(frozen=True)
class Waiting:
    """One row of the fill queue: a new prescription to start (``address`` takes the POST
    that starts its order) or an order already started (``address`` is its page)."""

    kind: str
    since: dt.datetime
    patient_name: str
    state: str
    address: str
    started: bool


MOST_PER_KIND = 100
"""The most new prescriptions, and the most open orders, the queue shows: the oldest."""

# What a row shows of its patient (the name, or the email address when there is none yet, as
# ``Patient.display_name``): read as plain values, so two hundred rows build no model.
_PATIENT_SHOWN = ("patient__legal_name", "patient__state", "patient__user__email")


@dataclass(frozen=True)
class FillQueue:
    """What the queue shows, and whether more of either kind wait beyond it."""

    items: list[Waiting]
    more: bool


def fill_queue() -> FillQueue:
    """Signed prescriptions never started and orders not yet shipped, oldest first: of each
    kind the ``MOST_PER_KIND`` that have waited longest, each read with a limit in the
    database (new prescriptions from ``NewPrescription``'s few rows)."""
    unstarted = list(
        Prescription.objects.filter(
            status=PrescriptionStatus.SIGNED, new_for_pharmacy__isnull=False
        )
        .exclude(Exists(Fill.objects.filter(prescription=OuterRef("pk"))))
        .order_by("issued_at", "pk")
        .values_list("public_id", "issued_at", *_PATIENT_SHOWN)[: MOST_PER_KIND + 1]
    )
    open_fills = list(
        Fill.objects.exclude(status=FillStatus.SHIPPED)
        .filter(prescription__status=PrescriptionStatus.SIGNED)
        .order_by("queued_at", "pk")
        .values_list(
            "public_id",
            "queued_at",
            *(f"prescription__{field}" for field in _PATIENT_SHOWN),
            "kind",
            "status",
        )[: MOST_PER_KIND + 1]
    )
    items = [
        Waiting(
            "New prescription",
            issued_at,
            name or email,
            state,
            address_of("pharmacy:start", public_id),
            started=False,
        )
        for public_id, issued_at, name, state, email in unstarted[:MOST_PER_KIND]
    ] + [
        Waiting(
            f"{FillKind(kind).label}: {FillStatus(status).label.lower()}",
            queued_at,
            name or email,
            state,
            address_of("pharmacy:order", public_id),
            started=True,
        )
        for public_id, queued_at, name, state, email, kind, status in open_fills[:MOST_PER_KIND]
    ]
    more = len(unstarted) > MOST_PER_KIND or len(open_fills) > MOST_PER_KIND
    return FillQueue(sorted(items, key=lambda item: item.since), more)


def dispensed_in(year: int, month: int) -> QuerySet[Fill]:
    start = dt.datetime(year, month, 1, tzinfo=timezone.get_current_timezone())
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return (
        Fill.objects.filter(filled_at__gte=start, filled_at__lt=end)
        .select_related("prescription__patient", "prescription__prescriber", "filled_by")
        .order_by("prescription__patient__legal_name", "filled_at")
    )


HEADER = [
    "patient_id",
    "patient_name",
    "date_of_birth",
    "filled_at",
    "kind",
    "drug",
    "strength_mg",
    "quantity_dispensed",
    "lot_number",
    "beyond_use_date",
    "prescription_id",
    "prescriber",
    "filled_by",
]


def dispensing_csv(fills: Any) -> str:
    """The month's dispensing record as CSV, one row per fill, grouped by patient."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for fill in fills:
        p = fill.prescription
        writer.writerow(
            [
                p.patient.public_id,
                safe_cell(p.patient.legal_name),
                p.patient.date_of_birth or "",
                timezone.localtime(fill.filled_at).isoformat(timespec="minutes"),
                fill.kind,
                f"ketamine {p.get_form_display().lower()}",
                p.strength_mg,
                fill.quantity_dispensed,
                safe_cell(fill.lot_number),
                fill.beyond_use_date,
                p.public_id,
                safe_cell(p.prescriber.email),
                safe_cell(fill.filled_by.email if fill.filled_by else ""),
            ]
        )
    return out.getvalue()


def refills_awaiting(states: frozenset[str]) -> QuerySet[RefillRequest]:
    """Requests waiting for a clinician licensed in `states`, oldest first."""
    return (
        RefillRequest.objects.filter(
            status=RefillStatus.AWAITING_CLINICIAN, prescription__patient__state__in=states
        )
        .select_related("prescription__patient")
        .order_by("requested_at")
    )


def recent_journal(patient: Any, *, days: int = 30) -> dict[str, list[Any]]:
    """What a clinician weighs beside a refill: the patient's home sessions and completed
    check-ins of the last `days` days, newest first, and every flag and adverse event
    still open."""
    since = timezone.now() - dt.timedelta(days=days)
    return {
        "sessions": list(
            patient.home_sessions.filter(started_at__gte=since).order_by("-started_at")
        ),
        "check_ins": list(
            patient.check_ins.filter(completed_at__gte=since).order_by("-completed_at")
        ),
        "open_flags": list(
            ClinicianFlag.objects.filter(patient=patient, acknowledged_at__isnull=True)
        ),
        "open_adverse_events": list(
            AdverseEvent.objects.filter(patient=patient, reviewed_at__isnull=True)
        ),
    }
