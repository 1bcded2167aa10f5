"""A patient in treatment, built through the real verbs, for the journal's database tests."""

import datetime as dt
from typing import Any

from django.utils import timezone

from care import actions as care_actions
from care.models import Prescription
from care.tests.workspace import GOOD_PRESCRIPTION, approved_with_plan, candidate, pdmp_checked
from clinical import safety
from journal import actions
from journal.models import HomeSession, SafetyCheck
from patients.models import Patient
from pharmacy import actions as pharmacy_actions
from pharmacy.models import Fill
from tests.personas import make

NORMAL = (122, 78, 72)
SAFETY_FORM = {
    "systolic": "122",
    "diastolic": "78",
    "pulse": "72",
    **dict.fromkeys(safety.CHECKLIST_ITEMS, "on"),
}
"""The session page's form, every box ticked and a normal reading."""
HIGH = (165, 95, 80)
ALL_CLEAR = safety.SessionChecklist(*[True] * len(safety.CHECKLIST_ITEMS))


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
    approved_with_plan(patient, clinician)
    pdmp_checked(patient, clinician)
    prescription = care_actions.do_issue_prescription(
        patient, by=clinician, choices=GOOD_PRESCRIPTION
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


def with_an_hour_of_the_day_left(patient: Patient) -> dt.datetime:
    """Now, or when now is in the last hour of the patient's day, a minute past their next
    midnight: a moment from which a test's attempts all fall on one of the patient's days."""
    zone = actions.patient_zone(patient)
    now = timezone.now().astimezone(zone)
    midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    if midnight - now > dt.timedelta(hours=1):
        return now
    return midnight + dt.timedelta(minutes=1)


def prescription_of(patient: Patient) -> Prescription:
    found = actions.current_prescription(patient)
    assert found is not None
    return found


def attempt(
    patient: Patient,
    reading: tuple[int, int, int] = NORMAL,
    *,
    at: dt.datetime | None = None,
    checklist: safety.SessionChecklist = ALL_CLEAR,
) -> actions.SessionStart:
    """One attempt to start a session at ``at`` (now by default): the gate and the dose."""
    systolic, diastolic, pulse = reading
    return actions.do_start_home_session(
        patient,
        by=patient.user,
        readings=safety.VitalSigns(systolic, diastolic, pulse),
        checklist=checklist,
        now=at,
    )


QUIET = safety.AfterSessionLog(pain_now=3, dissociation=4)


def start(patient: Patient, *, days_ago: int = 0, logged: bool = False) -> HomeSession:
    """A started session; ``days_ago`` moves it (and its check) back in time, as if taken
    then, so the next one is not too soon; ``logged`` writes a quiet after-log too."""
    started = attempt(patient)
    session = started.session
    assert session is not None, started.verdict.codes
    if logged:
        actions.do_finish_home_session(session, by=patient.user, after_log=QUIET)
    if days_ago:
        back = dt.timedelta(days=days_ago)
        HomeSession.objects.filter(pk=session.pk).update(started_at=session.started_at - back)
        SafetyCheck.objects.filter(pk=started.check.pk).update(
            checked_at=started.check.checked_at - back
        )
        session.refresh_from_db()
    return session
