"""The holds on a patient, read from the record, and the one verb that clears one.

The rule is ``clinical.holds.open_holds``: a cause (a flag that opens a hold, or a
serious adverse event) with no clearance at or after it. Every gate (prescribing, the
session start, refill requests and approvals) asks ``open_holds`` here, inside its own
transaction, so a hold opened a moment ago stops the next step.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from care.access import ClinicalRecordRefused, check_may_treat
from care.models import AdverseEvent, AdverseEventGrade, ClinicianFlag, HoldClearance
from clinical.holds import FLAG_OPENS_HOLD, FlagKind, Hold
from clinical.holds import open_holds as open_holds_rule
from foundation.refusals import Refused
from patients.models import Patient
from patients.timeline import record_step


class HoldNotCleared(Refused):
    """The hold cannot be cleared as asked; ``reasons`` says why, in plain words."""

    code = "hold_not_cleared"


def hold_causes(patient: Patient, at: dt.datetime) -> list[tuple[Hold, dt.datetime]]:
    """Every cause of a hold up to ``at``: flags that open one, and serious adverse events."""
    opening = [str(kind) for kind in FLAG_OPENS_HOLD]
    flags = ClinicianFlag.objects.filter(
        patient=patient, reason__in=opening, raised_at__lte=at
    ).values_list("reason", "raised_at")
    serious = AdverseEvent.objects.filter(
        patient=patient, grade=AdverseEventGrade.SERIOUS, reported_at__lte=at
    ).values_list("reported_at", flat=True)
    return [
        *((FLAG_OPENS_HOLD[FlagKind(reason)], raised) for reason, raised in flags),
        *((Hold.ADVERSE_EVENT, reported) for reported in serious),
    ]


def open_holds(patient: Patient, at: dt.datetime | None = None) -> frozenset[Hold]:
    """The holds open on the patient at ``at`` (now by default)."""
    moment = at or timezone.now()
    clearances = HoldClearance.objects.filter(patient=patient, cleared_at__lte=moment)
    return open_holds_rule(
        hold_causes(patient, moment),
        ((Hold(hold), cleared) for hold, cleared in clearances.values_list("hold", "cleared_at")),
    )


def do_clear_hold(
    patient: Patient, *, by: User, hold: str, note: str, now: dt.datetime | None = None
) -> HoldClearance:
    """A clinician spoke with the patient and clears an open hold, with a note.

    Clearing the adverse-event hold also marks the adverse events behind it reviewed.
    """
    try:
        check_may_treat(by, patient)
    except ClinicalRecordRefused as refused:
        raise HoldNotCleared(refused.because) from refused
    moment = now or timezone.now()
    problems = []
    if hold not in Hold.__members__.values():
        problems.append("Choose which hold to clear.")
    if not note.strip():
        problems.append("Write what you discussed with the patient and why the hold can end.")
    if problems:
        raise HoldNotCleared(problems)
    with transaction.atomic():
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        if Hold(hold) not in open_holds(patient, moment):
            raise HoldNotCleared(["That hold is not open."])
        clearance = HoldClearance.objects.create(
            patient=patient, hold=hold, note=note.strip(), cleared_by=by, cleared_at=moment
        )
        if hold == Hold.ADVERSE_EVENT:
            AdverseEvent.objects.filter(
                patient=patient, reviewed_at__isnull=True, reported_at__lte=moment
            ).update(reviewed_by=by, reviewed_at=moment)
        record_step(
            patient,
            "care.hold_cleared",
            clearance,
            by=by,
            summary="Hold cleared",
            timeline={"id": clearance.pk, "hold": hold},
        )
    return clearance


# What each hold is called on the chart and the page that clears it.
HOLD_TITLES = {
    Hold.SUICIDALITY: "Suicidality hold: thoughts of death or self-harm were reported",
    Hold.BLADDER: "Bladder hold: bladder symptoms after a session",
    Hold.ADVERSE_EVENT: "Adverse-event hold: a serious event, severe reaction or very high "
    "blood pressure",
}
