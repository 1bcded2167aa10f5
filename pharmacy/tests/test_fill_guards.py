"""Every guard on a fill, each refusing on its own with its reason, and the order of the
steps (verify, fill, ship) kept whatever is pressed out of turn."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from billing.models import SubscriptionStatus
from care.models import Prescription
from credentials.models import DeaRegistration
from patients.models import Patient
from pharmacy import actions
from pharmacy.actions import PharmacyRefused
from pharmacy.models import Fill, FillStatus
from pharmacy.tests.helpers import good_fill_details, shipped, signed_prescription


@pytest.fixture
def prescription(db: Any, clinician_fl: Any) -> Prescription:
    return signed_prescription(clinician_fl)


@pytest.fixture
def fill(prescription: Prescription) -> Fill:
    return actions.do_queue_original_fill(prescription)


def reasons_for(fill: Fill) -> list[str]:
    fill.refresh_from_db()
    return actions.check_fill(fill)


def test_a_dea_registration_without_schedule_3n_blocks_the_fill(
    fill: Fill, clinician_fl: Any
) -> None:
    DeaRegistration.objects.filter(clinician=clinician_fl).update(schedules="2,2N,4,5")
    assert reasons_for(fill) == [
        "The prescriber's DEA registration for FL does not cover schedule 3N."
    ]


@pytest.mark.parametrize("status", [SubscriptionStatus.PAST_DUE, SubscriptionStatus.CANCELED])
def test_a_subscription_not_in_good_standing_blocks_the_fill(fill: Fill, status: str) -> None:
    fill.prescription.patient.subscriptions.update(status=status)
    assert reasons_for(fill) == ["The patient's subscription is not in good standing."]


def test_no_shipping_address_blocks_the_fill(fill: Fill) -> None:
    Patient.objects.filter(pk=fill.prescription.patient_id).update(address_line1="")
    assert reasons_for(fill) == ["The patient has no shipping address."]


def test_a_zip_in_the_other_served_state_blocks_the_fill(fill: Fill) -> None:
    Patient.objects.filter(pk=fill.prescription.patient_id).update(zip_code="07102")
    assert reasons_for(fill) == ["The shipping address's ZIP code is not in the patient's state."]


@pytest.mark.parametrize("quantity", [0, -3])
def test_a_quantity_below_1_is_refused(fill: Fill, pharmacist: Any, quantity: int) -> None:
    actions.do_verify_fill(fill, by=pharmacist)
    with pytest.raises(PharmacyRefused) as refused:
        actions.do_fill(fill, by=pharmacist, **{**good_fill_details(), "quantity": quantity})
    assert refused.value.reasons == ["The quantity dispensed must be at least 1."]


@pytest.mark.parametrize("days", [0, -1])
def test_a_beyond_use_date_not_after_today_is_refused(
    fill: Fill, pharmacist: Any, days: int
) -> None:
    actions.do_verify_fill(fill, by=pharmacist)
    when = timezone.localdate() + dt.timedelta(days=days)
    with pytest.raises(PharmacyRefused) as refused:
        actions.do_fill(fill, by=pharmacist, **{**good_fill_details(), "beyond_use_date": when})
    assert refused.value.reasons == ["The beyond-use date must be after today."]


def test_a_blank_lot_number_is_refused(fill: Fill, pharmacist: Any) -> None:
    actions.do_verify_fill(fill, by=pharmacist)
    with pytest.raises(PharmacyRefused, match="Type the lot number"):
        actions.do_fill(fill, by=pharmacist, **{**good_fill_details(), "lot_number": "  "})


def test_steps_pressed_out_of_turn_explain_themselves(fill: Fill, pharmacist: Any) -> None:
    with pytest.raises(PharmacyRefused, match="Verify the order before filling it"):
        actions.do_fill(fill, by=pharmacist, **good_fill_details())
    with pytest.raises(PharmacyRefused, match="Fill the order before shipping it"):
        actions.do_ship(fill, by=pharmacist, carrier_name="UPS", tracking_number="1Z1")
    actions.do_verify_fill(fill, by=pharmacist)
    with pytest.raises(PharmacyRefused, match="already verified"):
        actions.do_verify_fill(fill, by=pharmacist)
    actions.do_fill(fill, by=pharmacist, **good_fill_details())
    actions.do_ship(fill, by=pharmacist, carrier_name="UPS", tracking_number="1Z999AA10123456784")
    with pytest.raises(PharmacyRefused, match="already shipped"):
        actions.do_ship(fill, by=pharmacist, carrier_name="UPS", tracking_number="1Z999AA1")
    fill.refresh_from_db()
    assert fill.status == FillStatus.SHIPPED


def test_a_delivered_shipment_takes_no_more_events(fill: Fill, pharmacist: Any) -> None:
    shipment = shipped(fill, pharmacist)
    actions.do_record_delivery_event(shipment, kind="delivered", by=pharmacist, signed_by="R D")
    with pytest.raises(PharmacyRefused, match="cannot change"):
        actions.do_record_delivery_event(shipment, kind="failed_attempt", by=pharmacist)


def test_a_delivery_needs_who_signed(fill: Fill, pharmacist: Any) -> None:
    shipment = shipped(fill, pharmacist)
    with pytest.raises(PharmacyRefused, match="name of the person who signed"):
        actions.do_record_delivery_event(shipment, kind="delivered", by=pharmacist, signed_by=" ")
