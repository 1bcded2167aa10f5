"""The pharmacy's verbs: fills blocked with plain reasons, shipping, delivery, refills."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from care import actions as care_actions
from care.models import Prescription
from clinical.holds import FlagKind
from clinical.refills import RefillFlag, RefillRefusal
from credentials.models import DeaRegistration, Licence
from patients.models import Patient
from pharmacy import actions
from pharmacy.actions import PharmacyRefused, RefillAsked
from pharmacy.models import Fill, FillKind, FillStatus, RefillRequest, RefillStatus, ShipmentStatus
from pharmacy.tests.helpers import (
    checked_in,
    delivered,
    doses_taken,
    filled,
    good_fill_details,
    shipped,
    signed_prescription,
)


@pytest.fixture
def prescription(db: Any, clinician_fl: Any) -> Prescription:
    return signed_prescription(clinician_fl)


@pytest.fixture
def fill(prescription: Prescription) -> Fill:
    return actions.do_queue_original_fill(prescription)


def blocked(fill: Fill, pharmacist: Any) -> list[str]:
    with pytest.raises(PharmacyRefused) as refused:
        actions.do_verify_fill(fill, by=pharmacist)
    fill.refresh_from_db()
    assert fill.status == FillStatus.QUEUED
    return refused.value.reasons


def test_a_signed_prescription_is_verified_filled_and_shipped(fill: Fill, pharmacist: Any) -> None:
    shipment = shipped(fill, pharmacist)
    fill.refresh_from_db()
    assert fill.status == FillStatus.SHIPPED
    assert fill.quantity_dispensed == 24 and fill.filled_by == pharmacist
    assert shipment.signature_required
    assert shipment.tracking_url.endswith("1Z999AA10123456784")
    patient = fill.prescription.patient
    kinds = set(patient.timeline.values_list("kind", flat=True))
    assert {"pharmacy.fill_verified", "pharmacy.filled", "pharmacy.shipped"} <= kinds
    assert AuditEvent.objects.filter(action="pharmacy.filled").exists()
    assert [m.subject for m in mail.outbox if patient.user.email in m.to][-1] == (
        "Your order has shipped"
    )
    assert "ketamine" not in mail.outbox[-1].body.lower()


def test_queueing_the_original_fill_twice_makes_one(prescription: Prescription) -> None:
    assert actions.do_queue_original_fill(prescription) == actions.do_queue_original_fill(
        prescription
    )
    assert Fill.objects.count() == 1


def test_an_expired_dea_registration_blocks_the_fill(
    fill: Fill, pharmacist: Any, clinician_fl: Any
) -> None:
    DeaRegistration.objects.filter(clinician=clinician_fl).update(expires_on=timezone.localdate())
    assert blocked(fill, pharmacist) == [
        "The prescriber's DEA registration for FL is missing or expired."
    ]


def test_an_expired_licence_blocks_the_fill(fill: Fill, pharmacist: Any, clinician_fl: Any) -> None:
    Licence.objects.filter(clinician=clinician_fl).update(expires_on=timezone.localdate())
    assert blocked(fill, pharmacist) == [
        "The prescriber holds no licence in FL that is valid today."
    ]


def test_an_address_outside_florida_and_new_jersey_blocks_the_fill(
    fill: Fill, pharmacist: Any
) -> None:
    Patient.objects.filter(pk=fill.prescription.patient_id).update(zip_code="10001")
    assert blocked(fill, pharmacist) == ["The shipping address is not in Florida or New Jersey."]


def test_a_po_box_blocks_the_fill(fill: Fill, pharmacist: Any) -> None:
    Patient.objects.filter(pk=fill.prescription.patient_id).update(address_line1="PO Box 1234")
    assert blocked(fill, pharmacist) == [
        "The shipping address is a PO box; a signature cannot be taken there."
    ]


def test_a_cancelled_prescription_blocks_the_fill(
    fill: Fill, pharmacist: Any, clinician_fl: Any
) -> None:
    care_actions.do_cancel_prescription(fill.prescription, by=clinician_fl, reason="Dose change.")
    fill.refresh_from_db()
    assert blocked(fill, pharmacist) == ["The prescription was cancelled."]


def test_an_expired_prescription_blocks_the_fill(fill: Fill) -> None:
    later = fill.prescription.expires_on + dt.timedelta(days=1)
    assert any("expired" in reason for reason in actions.check_fill(fill, today=later))


def test_more_than_prescribed_is_never_dispensed(fill: Fill, pharmacist: Any) -> None:
    actions.do_verify_fill(fill, by=pharmacist)
    with pytest.raises(PharmacyRefused) as refused:
        actions.do_fill(fill, by=pharmacist, **{**good_fill_details(), "quantity": 25})
    assert refused.value.reasons == ["The quantity dispensed (25) is more than prescribed (24)."]
    fill.refresh_from_db()
    assert fill.status == FillStatus.VERIFIED and fill.quantity_dispensed is None


def test_a_fill_is_dispensed_once(fill: Fill, pharmacist: Any) -> None:
    filled(fill, pharmacist)
    with pytest.raises(PharmacyRefused, match="already filled"):
        actions.do_fill(fill, by=pharmacist, **good_fill_details())


def test_only_a_pharmacist_fills(fill: Fill, clinician_fl: Any, coordinator: Any) -> None:
    for someone in (clinician_fl, coordinator):
        with pytest.raises(PharmacyRefused, match="Only a pharmacist"):
            actions.do_verify_fill(fill, by=someone)


def test_the_database_refuses_an_empty_fill(fill: Fill) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Fill.objects.filter(pk=fill.pk).update(quantity_dispensed=0)


def test_delivery_needs_who_signed_and_tells_the_patient(fill: Fill, pharmacist: Any) -> None:
    shipment = shipped(fill, pharmacist)
    actions.do_record_delivery_event(shipment, kind="out_for_delivery", by=pharmacist)
    with pytest.raises(PharmacyRefused, match="who signed"):
        actions.do_record_delivery_event(shipment, kind="delivered", by=pharmacist)
    shipment = actions.do_record_delivery_event(
        shipment, kind="delivered", by=pharmacist, signed_by="R Delgado"
    )
    assert shipment.status == ShipmentStatus.DELIVERED and shipment.signed_by == "R Delgado"
    assert mail.outbox[-1].subject == "Your order was delivered"
    with pytest.raises(PharmacyRefused):
        actions.do_record_delivery_event(shipment, kind="failed_attempt", by=pharmacist)


def test_three_failed_attempts_return_the_parcel_and_tell_clinician_and_patient(
    fill: Fill, pharmacist: Any, clinician_fl: Any
) -> None:
    shipment = shipped(fill, pharmacist)
    mail.outbox.clear()
    for _ in range(3):
        shipment = actions.do_record_delivery_event(shipment, kind="failed_attempt")
    assert shipment.status == ShipmentStatus.RETURNED and shipment.failed_attempts == 3
    assert [e.kind for e in shipment.events.all()][-1] == "returned"
    told = {address for message in mail.outbox for address in message.to}
    assert {clinician_fl.email, fill.prescription.patient.user.email} <= told
    for message in mail.outbox:
        assert "ketamine" not in message.body.lower() and "troche" not in message.body.lower()


# --- Refills ---------------------------------------------------------------------------


@pytest.fixture
def after_first_fill(fill: Fill, pharmacist: Any) -> Prescription:
    """The first fill delivered 10 days ago, and half of it (12 of 24 units) taken."""
    delivered(fill, pharmacist)
    doses_taken(fill, 12)
    return fill.prescription


@pytest.fixture
def recent_check_in(after_first_fill: Prescription) -> None:
    checked_in(after_first_fill.patient)


def ask(prescription: Prescription, **kwargs: Any) -> RefillAsked:
    patient = prescription.patient
    return actions.do_request_refill(patient, by=patient.user, **kwargs)


def test_a_refill_is_refused_without_a_recent_check_in(after_first_fill: Prescription) -> None:
    asked = ask(after_first_fill)
    assert asked.request is not None and asked.request.status == RefillStatus.REFUSED
    assert asked.request.reasons == [RefillRefusal.NO_RECENT_CHECK_IN]


def test_a_refill_is_refused_past_6_months(
    after_first_fill: Prescription, recent_check_in: None
) -> None:
    later = dt.datetime.combine(
        after_first_fill.expires_on + dt.timedelta(days=1),
        dt.time(12),
        tzinfo=timezone.get_current_timezone(),
    )
    checked_in(after_first_fill.patient, now=later - dt.timedelta(days=1))
    asked = ask(after_first_fill, now=later)
    assert RefillRefusal.PRESCRIPTION_EXPIRED in asked.decision.refusals


def test_a_refill_is_refused_with_no_refills_left(
    db: Any, clinician_fl: Any, pharmacist: Any
) -> None:
    prescription = signed_prescription(clinician_fl, refills=0)
    fill = actions.do_queue_original_fill(prescription)
    delivered(fill, pharmacist)
    doses_taken(fill, 20)
    checked_in(prescription.patient)
    assert ask(prescription).decision.refusals == (RefillRefusal.NO_REFILLS_LEFT,)


def test_a_refill_is_refused_while_a_serious_adverse_event_holds(
    after_first_fill: Prescription, recent_check_in: None, clinician_fl: Any
) -> None:
    care_actions.do_report_adverse_event(
        after_first_fill.patient, by=clinician_fl, grade="serious", description="Fainted."
    )
    assert ask(after_first_fill).decision.refusals == (RefillRefusal.ADVERSE_EVENT_HOLD,)


def test_a_request_before_half_the_fill_is_taken_is_too_early(fill: Fill, pharmacist: Any) -> None:
    delivered(fill, pharmacist)
    doses_taken(fill, 10)
    checked_in(fill.prescription.patient)
    assert ask(fill.prescription).decision.refusals == (RefillRefusal.TOO_EARLY,)


def test_an_early_request_goes_to_the_clinician_flagged_and_asking_again_returns_it(
    after_first_fill: Prescription, recent_check_in: None
) -> None:
    asked = ask(after_first_fill)
    assert asked.request is not None
    assert asked.request.status == RefillStatus.AWAITING_CLINICIAN
    assert asked.request.flags == [RefillFlag.EARLY_REFILL]
    again = ask(after_first_fill)
    assert again.request == asked.request
    assert RefillRequest.objects.count() == 1


def test_an_approval_runs_the_gate_again_and_queues_the_next_fill_once(
    after_first_fill: Prescription, recent_check_in: None, clinician_fl: Any, clinician_nj: Any
) -> None:
    request = ask(after_first_fill).request
    patient = after_first_fill.patient
    with pytest.raises(PharmacyRefused):
        actions.do_approve_refill(patient, by=clinician_nj, request=request)
    fill = actions.do_approve_refill(patient, by=clinician_fl, request=request)
    assert fill.kind == FillKind.REFILL and fill.status == FillStatus.QUEUED
    with pytest.raises(PharmacyRefused, match="already been answered"):
        actions.do_approve_refill(patient, by=clinician_fl, request=request)
    with pytest.raises(actions.RefillRefused) as refused:
        actions.do_approve_refill(patient, by=clinician_fl)
    assert set(refused.value.codes) == {"no_pending_request", "no_refills_left"}
    assert Fill.objects.filter(refill_request=request).count() == 1
    # With its one refill used, the next ask is refused.
    assert RefillRefusal.NO_REFILLS_LEFT in ask(after_first_fill).decision.refusals


def test_a_hold_opened_after_the_request_stops_the_approval(
    after_first_fill: Prescription, recent_check_in: None, clinician_fl: Any
) -> None:
    patient = after_first_fill.patient
    request = ask(after_first_fill).request
    care_actions.do_raise_flag(patient, reason=FlagKind.BLADDER, by=patient.user, target=patient)
    with pytest.raises(actions.RefillRefused) as refused:
        actions.do_approve_refill(patient, by=clinician_fl, request=request)
    assert refused.value.codes == ["bladder_hold"]
    assert not Fill.objects.filter(kind=FillKind.REFILL).exists()


def test_a_declined_request_makes_no_fill(
    after_first_fill: Prescription, recent_check_in: None, clinician_fl: Any
) -> None:
    asked = ask(after_first_fill).request
    assert asked is not None
    request = actions.do_decline_refill(
        asked, by=clinician_fl, reason="Let us talk at your visit first."
    )
    assert request.status == RefillStatus.DECLINED
    assert not Fill.objects.filter(kind=FillKind.REFILL).exists()


def test_the_database_allows_one_open_request_and_one_fill_per_request(
    after_first_fill: Prescription, recent_check_in: None, clinician_fl: Any
) -> None:
    request = ask(after_first_fill).request
    with pytest.raises(IntegrityError), transaction.atomic():
        RefillRequest.objects.create(
            prescription=after_first_fill, status=RefillStatus.AWAITING_CLINICIAN
        )
    actions.do_approve_refill(after_first_fill.patient, by=clinician_fl, request=request)
    with pytest.raises(IntegrityError), transaction.atomic():
        Fill.objects.create(
            prescription=after_first_fill, kind=FillKind.REFILL, refill_request=request
        )


@pytest.mark.parametrize(("days_overdue", "held"), [(0, False), (1, False), (2, True)])
def test_a_missed_check_in_holds_the_refill_until_it_is_completed(
    after_first_fill: Prescription, recent_check_in: None, days_overdue: int, held: bool
) -> None:
    from journal.actions import do_complete_check_in, patient_today
    from journal.models import CheckIn
    from questionnaires.instruments import InstrumentCode

    patient = after_first_fill.patient
    today = patient_today(patient)
    CheckIn.objects.filter(patient=patient, completed_at__isnull=True).delete()
    CheckIn.objects.create(
        patient=patient,
        instrument=InstrumentCode.GAD7,
        due_on=today - dt.timedelta(days=days_overdue),
    )
    asked = ask(after_first_fill)
    assert (RefillRefusal.MISSED_CHECK_IN in asked.decision.refusals) is held
    if not held:
        return
    do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.GAD7,
        responses={f"gad7_{n}": 1 for n in range(1, 8)},
    )
    assert ask(after_first_fill).allowed


def test_a_photo_id_back_for_review_blocks_the_fill(fill: Fill, pharmacist: Any) -> None:
    from patients.tests.helpers import fill_profile

    patient = fill.prescription.patient
    fill_profile(patient, legal_name="Rosa Maria Delgado")
    reasons = blocked(fill, pharmacist)
    assert any("photo ID is not verified" in reason for reason in reasons)
