"""A patient in treatment, built through the real verbs, for the journal's database tests."""

import datetime as dt
from typing import Any

from django.utils import timezone

from care import actions as care_actions
from care.models import Prescription
from care.tests.workspace import GOOD_PRESCRIPTION, approved_with_plan, candidate, pdmp_checked
from journal import actions, safety
from journal.models import HomeSession, SafetyCheck
from patients.models import Patient
from pharmacy import actions as pharmacy_actions
from pharmacy.models import Fill
from tests.personas import make

NORMAL = (122, 78, 72)
HIGH = (165, 95, 80)
ALL_CLEAR = safety.SessionChecklist(True, True, True, True)


def treated(
    clinician: Any,
    email: str = "rosa@example.com",
    state: str = "FL",
    *,
    delivered: bool = True,
) -> Patient:
    """A patient with a plan (100 mg, 3 a week), a signed prescription (2 of 50 mg, 24 units)
    and, unless ``delivered`` is false, its fill of 24 units delivered to them."""
    patient = candidate(email, state)
    plan = approved_with_plan(patient, clinician)
    pdmp_checked(patient, clinician)
    prescription = care_actions.do_issue_prescription(
        patient, by=clinician, plan=plan, choices=GOOD_PRESCRIPTION
    )
    if delivered:
        deliver(prescription)
    patient.refresh_from_db()
    return patient


def ship(prescription: Prescription, *, quantity: int | None = None) -> Fill:
    """The prescription's original fill, filled and shipped by the pharmacist (not delivered)."""
    pharmacist = make("pharmacist")
    fill = pharmacy_actions.do_queue_original_fill(prescription)
    pharmacy_actions.do_verify_fill(fill, by=pharmacist)
    pharmacy_actions.do_fill(
        fill,
        by=pharmacist,
        lot_number="KX-2611-07",
        beyond_use_date=timezone.localdate() + dt.timedelta(days=90),
        quantity=quantity or prescription.quantity,
    )
    pharmacy_actions.do_ship(
        fill, by=pharmacist, carrier_name="UPS", tracking_number=f"1Z999AA1{fill.pk:010d}"
    )
    fill.refresh_from_db()
    return fill


def deliver(prescription: Prescription, *, quantity: int | None = None) -> Fill:
    """The prescription's original fill, shipped and signed for at the patient's door."""
    fill = ship(prescription, quantity=quantity)
    pharmacy_actions.do_record_delivery_event(
        fill.shipment, kind="delivered", by=make("pharmacist"), signed_by="Rosa Delgado"
    )
    fill.refresh_from_db()
    return fill


def prescription_of(patient: Patient) -> Prescription:
    found = actions.current_prescription(patient)
    assert found is not None
    return found


def check(
    patient: Patient,
    reading: tuple[int, int, int] = NORMAL,
    *,
    at: dt.datetime | None = None,
    checklist: safety.SessionChecklist = ALL_CLEAR,
) -> actions.SafetyCheckResult:
    systolic, diastolic, pulse = reading
    return actions.do_check_session_safety(
        patient,
        by=patient.user,
        readings=safety.VitalSigns(systolic, diastolic, pulse, at or timezone.now()),
        checklist=checklist,
    )


def start(patient: Patient, *, days_ago: int = 0) -> HomeSession:
    """A started session; ``days_ago`` moves it back in time, as if taken then."""
    passed: SafetyCheck = check(patient).check
    session = actions.do_start_home_session(patient, by=patient.user, safety_check=passed)
    if days_ago:
        HomeSession.objects.filter(pk=session.pk).update(
            started_at=session.started_at - dt.timedelta(days=days_ago)
        )
        session.refresh_from_db()
    return session
