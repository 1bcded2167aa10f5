"""Reading the clinical record: the plan in force, the current prescription, the latest
weight, the candidate decision. Every gate and page asks these, never a copy of them.

Words from the clinical-safety contract: *the current prescription* is the latest one still
active in status (signed, not cancelled), expired or not; a prescription is *active* when
it is signed and not expired.
"""

import datetime as dt

from care.models import (
    BodyWeight,
    CandidateDecision,
    Decision,
    Prescription,
    PrescriptionStatus,
    TreatmentPlan,
)
from care.times import patient_today
from patients.models import Patient


def current_plan(patient: Patient, at: dt.datetime | None = None) -> TreatmentPlan | None:
    """The newest treatment plan written (by ``at``) and not ended (by then)."""
    plans = TreatmentPlan.objects.filter(patient=patient)
    if at is not None:
        plans = plans.filter(written_at__lte=at)
        return plans.exclude(ended_at__lte=at).order_by("-written_at").first()
    return plans.filter(ended_at__isnull=True).order_by("-written_at").first()


def current_prescription(patient: Patient, at: dt.datetime | None = None) -> Prescription | None:
    """The latest prescription still signed (issued by ``at``), expired or not."""
    prescriptions = Prescription.objects.filter(patient=patient, status=PrescriptionStatus.SIGNED)
    if at is not None:
        prescriptions = prescriptions.filter(issued_at__lte=at)
    return prescriptions.order_by("-issued_at", "-pk").first()


def is_active(prescription: Prescription, day: dt.date) -> bool:
    """Signed, and not expired on ``day`` (it may be filled up to its expiry date)."""
    return prescription.status == PrescriptionStatus.SIGNED and day <= prescription.expires_on


def active_prescription(patient: Patient, at: dt.datetime | None = None) -> Prescription | None:
    """The current prescription when it has not expired on the patient's day."""
    prescription = current_prescription(patient, at)
    if prescription is None or not is_active(prescription, patient_today(patient, at)):
        return None
    return prescription


def has_active_prescription(patient: Patient, day: dt.date) -> bool:
    """Whether any prescription is signed and unexpired on ``day``."""
    return Prescription.objects.filter(
        patient=patient, status=PrescriptionStatus.SIGNED, expires_on__gte=day
    ).exists()


def latest_weight(patient: Patient, day: dt.date) -> BodyWeight | None:
    """The weight measured most recently on or before ``day``."""
    return (
        BodyWeight.objects.filter(patient=patient, measured_on__lte=day)
        .order_by("-measured_on", "-recorded_at")
        .first()
    )


def latest_decision(patient: Patient) -> CandidateDecision | None:
    return CandidateDecision.objects.filter(patient=patient).order_by("-decided_at", "-pk").first()


def is_approved(patient: Patient) -> bool:
    """Whether the clinician's latest decision on the patient is to approve treatment."""
    decision = latest_decision(patient)
    return decision is not None and decision.decision == Decision.APPROVE
