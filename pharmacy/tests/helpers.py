"""A patient with a signed prescription, built through the real verbs, for the pharmacy tests."""

import dataclasses
import datetime as dt
from typing import Any

from django.utils import timezone

from care import actions as care_actions
from care.models import Prescription
from care.tests.workspace import GOOD_PRESCRIPTION, approved_with_plan, candidate, pdmp_checked
from pharmacy import actions
from pharmacy.models import Fill, Shipment


def signed_prescription(
    clinician: Any, *, email: str = "rosa@example.com", state: str = "FL", refills: int = 1
) -> Prescription:
    patient = candidate(email, state)
    approved_with_plan(patient, clinician)
    pdmp_checked(patient, clinician)
    return care_actions.do_issue_prescription(
        patient, by=clinician, choices=dataclasses.replace(GOOD_PRESCRIPTION, refills=refills)
    )


def good_fill_details() -> dict[str, Any]:
    return {
        "lot_number": "KX-2611-07",
        "beyond_use_date": timezone.localdate() + dt.timedelta(days=90),
        "quantity": GOOD_PRESCRIPTION.request().quantity,
    }


def filled(fill: Fill, pharmacist: Any) -> Fill:
    actions.do_verify_fill(fill, by=pharmacist)
    return actions.do_fill(fill, by=pharmacist, **good_fill_details())


def shipped(fill: Fill, pharmacist: Any) -> Shipment:
    filled(fill, pharmacist)
    return actions.do_ship(
        fill, by=pharmacist, carrier_name="UPS", tracking_number="1Z999AA10123456784"
    )


def delivered(fill: Fill, pharmacist: Any, *, days_ago: int = 10) -> Shipment:
    """Shipped and signed for at the door ``days_ago`` days ago."""
    shipment = shipped(fill, pharmacist)
    actions.do_record_delivery_event(
        shipment, kind="delivered", by=pharmacist, signed_by="Rosa Delgado"
    )
    Shipment.objects.filter(pk=shipment.pk).update(
        delivered_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    shipment.refresh_from_db()
    return shipment


def doses_taken(fill: Fill, units: int) -> None:
    """Home sessions since the fill came, ``units`` in all, two units a day back from
    yesterday, each with its passed check and its after-log: the record a patient's
    journal leaves (``journal.actions`` writes it in the pages)."""
    from journal.models import HomeSession, SafetyCheck

    patient = fill.prescription.patient
    day = 0
    while units > 0:
        day += 1
        at = timezone.now() - dt.timedelta(days=day, hours=1)
        taking = min(units, 2)
        check = SafetyCheck.objects.create(
            patient=patient,
            checked_at=at,
            systolic=122,
            diastolic=78,
            pulse=70,
            monitor_present=True,
            fasted_2h=True,
            no_driving_today=True,
            safe_place=True,
            no_alcohol_or_sedatives_24h=True,
            no_self_harm_thoughts=True,
            feeling_well=True,
            not_pregnant=True,
            passed=True,
        )
        HomeSession.objects.create(
            patient=patient,
            prescription=fill.prescription,
            fill=fill,
            safety_check=check,
            started_at=at,
            units_taken=taking,
            mg=taking * fill.prescription.strength_mg,
            finished_at=at + dt.timedelta(hours=1),
            pain_now=3,
            dissociation=3,
        )
        units -= taking


def checked_in(patient: Any, *, now: dt.datetime | None = None) -> None:
    """A PEG check-in completed just now (or at ``now``)."""
    from journal.actions import do_complete_check_in
    from questionnaires.instruments import InstrumentCode

    do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.PEG,
        responses={"peg_1": 5, "peg_2": 4, "peg_3": 4},
        now=now,
    )
