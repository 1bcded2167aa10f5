"""Races cannot dispense twice: 20 threads at once on PostgreSQL, where the row locks and
constraints are real (SQLite serialises whole transactions, so it proves nothing)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from pharmacy import actions
from pharmacy.models import Fill, FillKind, FillStatus, RefillRequest, RefillStatus
from pharmacy.tests.helpers import good_fill_details, shipped, signed_prescription

THREADS = 20

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def all_at_once(work: Callable[[], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run `work` in THREADS threads released together; each closes its own connection."""
    barrier = threading.Barrier(THREADS)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            outcome = work()
            with lock:
                results.append(outcome)
        except (actions.PharmacyRefused, DatabaseError) as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.fixture
def awaiting(
    transactional_db: Any, clinician_fl: Any, pharmacist: Any, monkeypatch: pytest.MonkeyPatch
) -> RefillRequest:
    monkeypatch.setattr(actions, "_last_check_in_on", lambda patient: timezone.localdate())
    prescription = signed_prescription(clinician_fl)
    shipped(actions.do_queue_original_fill(prescription), pharmacist)
    patient = prescription.patient
    return actions.do_request_refill(patient, prescription, by=patient.user)


def test_20_approvals_of_one_request_queue_one_fill(
    awaiting: RefillRequest, clinician_fl: Any
) -> None:
    results, errors = all_at_once(lambda: actions.do_approve_refill(awaiting, by=clinician_fl))
    assert len(results) == 1 and len(errors) == THREADS - 1
    assert all(isinstance(error, actions.PharmacyRefused) for error in errors)
    assert Fill.objects.filter(kind=FillKind.REFILL).count() == 1


def test_20_fills_of_one_refill_dispense_once(
    awaiting: RefillRequest, clinician_fl: Any, pharmacist: Any
) -> None:
    fill = actions.do_approve_refill(awaiting, by=clinician_fl)
    actions.do_verify_fill(fill, by=pharmacist)
    results, errors = all_at_once(
        lambda: actions.do_fill(fill, by=pharmacist, **good_fill_details())
    )
    assert len(results) == 1 and len(errors) == THREADS - 1
    fill.refresh_from_db()
    assert fill.status == FillStatus.FILLED
    assert Fill.objects.filter(kind=FillKind.REFILL, filled_at__isnull=False).count() == 1


def test_20_refill_requests_at_once_leave_one_open(
    awaiting: RefillRequest, clinician_fl: Any
) -> None:
    actions.do_decline_refill(awaiting, by=clinician_fl, reason="Talk at your visit first.")
    prescription = awaiting.prescription
    patient = prescription.patient
    results, errors = all_at_once(
        lambda: actions.do_request_refill(patient, prescription, by=patient.user)
    )
    assert len(results) == 1 and len(errors) == THREADS - 1
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

    results, errors = all_at_once(post)
    assert errors == []
    assert sorted(results) == ["duplicate"] * (THREADS - 1) + ["recorded"]
    assert ShipmentEvent.objects.filter(carrier_event_id="evt_race").count() == 1
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED
