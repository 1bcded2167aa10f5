"""Races cannot dispense twice: 20 threads at once on PostgreSQL, where the row locks and
constraints are real (SQLite serialises whole transactions, so it proves nothing)."""

from typing import Any

import pytest
from django.db import DatabaseError

from pharmacy import actions
from pharmacy.models import Fill, FillKind, FillStatus, RefillRequest, RefillStatus
from pharmacy.tests.helpers import (
    checked_in,
    delivered,
    doses_taken,
    good_fill_details,
    shipped,
    signed_prescription,
)
from tests.races import THREADS, all_at_once, on_postgresql

pytestmark = on_postgresql
REFUSED = (actions.PharmacyRefused, DatabaseError)


@pytest.fixture
def awaiting(transactional_db: Any, clinician_fl: Any, pharmacist: Any) -> RefillRequest:
    prescription = signed_prescription(clinician_fl)
    fill = actions.do_queue_original_fill(prescription)
    delivered(fill, pharmacist)
    doses_taken(fill, 20)
    patient = prescription.patient
    checked_in(patient)
    asked = actions.do_request_refill(patient, by=patient.user)
    assert asked.request is not None
    return asked.request


def test_20_approvals_of_one_request_queue_one_fill(
    awaiting: RefillRequest, clinician_fl: Any
) -> None:
    patient = awaiting.prescription.patient
    results, errors = all_at_once(
        lambda: actions.do_approve_refill(patient, by=clinician_fl, request=awaiting),
        expected=REFUSED,
    )
    assert len(results) == 1 and len(errors) == THREADS - 1
    assert all(isinstance(error, actions.PharmacyRefused) for error in errors)
    assert Fill.objects.filter(kind=FillKind.REFILL).count() == 1


def test_20_approvals_without_naming_the_request_queue_one_fill(
    awaiting: RefillRequest, clinician_fl: Any
) -> None:
    patient = awaiting.prescription.patient
    results, errors = all_at_once(
        lambda: actions.do_approve_refill(patient, by=clinician_fl), expected=REFUSED
    )
    assert len(results) == 1
    assert {code for error in errors for code in getattr(error, "codes", [])} >= {
        "no_pending_request"
    }
    assert Fill.objects.filter(kind=FillKind.REFILL).count() == 1


def test_20_fills_of_one_refill_dispense_once(
    awaiting: RefillRequest, clinician_fl: Any, pharmacist: Any
) -> None:
    patient = awaiting.prescription.patient
    fill = actions.do_approve_refill(patient, by=clinician_fl, request=awaiting)
    actions.do_verify_fill(fill, by=pharmacist)
    results, errors = all_at_once(
        lambda: actions.do_fill(fill, by=pharmacist, **good_fill_details()), expected=REFUSED
    )
    assert len(results) == 1 and len(errors) == THREADS - 1
    fill.refresh_from_db()
    assert fill.status == FillStatus.FILLED
    assert Fill.objects.filter(kind=FillKind.REFILL, filled_at__isnull=False).count() == 1


def test_20_refill_requests_at_once_leave_one_open(
    awaiting: RefillRequest, clinician_fl: Any
) -> None:
    actions.do_decline_refill(awaiting, by=clinician_fl, reason="Talk at your visit first.")
    patient = awaiting.prescription.patient
    results, errors = all_at_once(
        lambda: actions.do_request_refill(patient, by=patient.user), expected=REFUSED
    )
    assert errors == []
    assert len({asked.request.pk for asked in results}) == 1
    assert RefillRequest.objects.filter(status=RefillStatus.AWAITING_CLINICIAN).count() == 1


def test_20_posts_of_one_carrier_event_record_it_once(
    transactional_db: Any, clinician_fl: Any, pharmacist: Any
) -> None:
    import datetime as dt

    from integrations.carrier import CarrierEvent, CarrierNotice
    from pharmacy.models import ShipmentEvent, ShipmentStatus

    shipment = shipped(
        actions.do_queue_original_fill(signed_prescription(clinician_fl)), pharmacist
    )
    notice = CarrierNotice(
        event_id="evt_race",
        tracking_number=shipment.tracking_number,
        event=CarrierEvent(kind="delivered", at=dt.datetime.now(dt.UTC), signed_by="R DELGADO"),
    )

    def post() -> str:
        try:
            actions.do_record_carrier_notice(notice)
        except actions.AlreadyRecorded:
            return "duplicate"
        return "recorded"

    results, errors = all_at_once(post, expected=REFUSED)
    assert errors == []
    assert sorted(results) == ["duplicate"] * (THREADS - 1) + ["recorded"]
    assert ShipmentEvent.objects.filter(carrier_event_id="evt_race").count() == 1
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED
