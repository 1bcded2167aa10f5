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
    plan = approved_with_plan(patient, clinician)
    pdmp_checked(patient, clinician)
    return care_actions.do_issue_prescription(
        patient,
        by=clinician,
        plan=plan,
        choices=dataclasses.replace(GOOD_PRESCRIPTION, refills=refills),
    )


def good_fill_details() -> dict[str, Any]:
    return {
        "lot_number": "KX-2611-07",
        "beyond_use_date": timezone.localdate() + dt.timedelta(days=90),
        "quantity": GOOD_PRESCRIPTION.quantity,
    }


def filled(fill: Fill, pharmacist: Any) -> Fill:
    actions.do_verify_fill(fill, by=pharmacist)
    return actions.do_fill(fill, by=pharmacist, **good_fill_details())


def shipped(fill: Fill, pharmacist: Any) -> Shipment:
    filled(fill, pharmacist)
    return actions.do_ship(
        fill, by=pharmacist, carrier_name="UPS", tracking_number="1Z999AA10123456784"
    )
