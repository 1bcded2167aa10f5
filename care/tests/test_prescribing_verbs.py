"""do_issue_prescription: the only way a prescription exists, refusing with every reason."""

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from billing.models import SubscriptionStatus
from care import actions
from care.holds import HoldNotCleared, do_clear_hold
from care.models import (
    InPersonEvaluation,
    Prescription,
    PrescriptionStatus,
    SignedPrescriptionChanged,
)
from care.tests.workspace import GOOD_PRESCRIPTION, approved_with_plan, candidate, pdmp_checked
from clinical.prescribing import RefusalCode
from credentials.models import DeaRegistration, Licence
from patients.models import PatientStatus


@pytest.fixture
def ready(db: Any, clinician_fl: Any) -> Any:
    patient = candidate()
    plan = approved_with_plan(patient, clinician_fl)
    pdmp_checked(patient, clinician_fl)
    return patient, plan


def refusal_codes(patient: Any, plan: Any, by: Any, **changes: Any) -> set[RefusalCode]:
    choices = dataclasses.replace(GOOD_PRESCRIPTION, **changes)
    before = Prescription.objects.count()
    with pytest.raises(actions.PrescribingRefused) as refused:
        actions.do_issue_prescription(patient, by=by, choices=choices)
    assert Prescription.objects.count() == before
    return refused.value.codes


def test_it_signs_a_prescription_whose_directions_read_clearly(
    ready: Any, clinician_fl: Any
) -> None:
    patient, _ = ready
    prescription = actions.do_issue_prescription(
        patient, by=clinician_fl, choices=GOOD_PRESCRIPTION
    )
    assert prescription.status == PrescriptionStatus.SIGNED
    assert prescription.directions == (
        "Place 2 troches (50 mg each, 100 mg in all) under your tongue and let them dissolve "
        "without swallowing for 15 minutes, then spit out what is left. Take 1 dose at most "
        "once a day and no more than 3 doses in 7 days, only with your treatment monitor "
        "present."
    )
    assert prescription.expires_on.month == (prescription.issued_on.month + 5) % 12 + 1
    patient.refresh_from_db()
    assert patient.status == PatientStatus.IN_TREATMENT
    assert patient.timeline.filter(kind="care.prescription_issued").exists()


def test_it_refuses_a_clinician_without_a_licence_in_the_patients_state(
    ready: Any, clinician_fl: Any
) -> None:
    patient, plan = ready
    Licence.objects.filter(clinician=clinician_fl, state="FL").update(
        expires_on=timezone.localdate()
    )
    assert RefusalCode.NO_LICENCE_IN_STATE in refusal_codes(patient, plan, clinician_fl)


def test_it_refuses_a_clinician_without_a_dea_registration_for_the_state(
    ready: Any, clinician_fl: Any
) -> None:
    patient, plan = ready
    DeaRegistration.objects.filter(clinician=clinician_fl).delete()
    assert RefusalCode.NO_DEA_REGISTRATION_IN_STATE in refusal_codes(patient, plan, clinician_fl)


def test_it_refuses_an_expired_dea_registration(ready: Any, clinician_fl: Any) -> None:
    patient, plan = ready
    DeaRegistration.objects.filter(clinician=clinician_fl).update(
        expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert RefusalCode.NO_DEA_REGISTRATION_IN_STATE in refusal_codes(patient, plan, clinician_fl)


def test_it_refuses_without_a_pdmp_check(db: Any, clinician_fl: Any) -> None:
    patient = candidate()
    plan = approved_with_plan(patient, clinician_fl)
    assert RefusalCode.PDMP_CHECK_MISSING in refusal_codes(patient, plan, clinician_fl)


def test_it_refuses_a_pdmp_check_older_than_24_hours(db: Any, clinician_fl: Any) -> None:
    patient = candidate()
    plan = approved_with_plan(patient, clinician_fl)
    pdmp_checked(patient, clinician_fl, at=timezone.now() - dt.timedelta(hours=25))
    assert RefusalCode.PDMP_CHECK_MISSING in refusal_codes(patient, plan, clinician_fl)


def test_it_refuses_a_dose_above_the_plan(ready: Any, clinician_fl: Any) -> None:
    patient, plan = ready
    codes = refusal_codes(patient, plan, clinician_fl, dose_mg=150, strength_mg=75)
    assert RefusalCode.DOSE_ABOVE_PLAN in codes


def test_it_refuses_six_refills(ready: Any, clinician_fl: Any) -> None:
    patient, plan = ready
    assert RefusalCode.TOO_MANY_REFILLS in refusal_codes(patient, plan, clinician_fl, refills=6)


def test_it_refuses_while_billing_is_past_due(ready: Any, clinician_fl: Any) -> None:
    patient, plan = ready
    patient.subscriptions.update(status=SubscriptionStatus.PAST_DUE)
    assert RefusalCode.SUBSCRIPTION_NOT_ACTIVE in refusal_codes(patient, plan, clinician_fl)


def test_every_refusal_is_given_at_once(ready: Any, clinician_fl: Any) -> None:
    patient, plan = ready
    patient.subscriptions.update(status=SubscriptionStatus.PAST_DUE)
    codes = refusal_codes(patient, plan, clinician_fl, refills=6)
    assert {RefusalCode.TOO_MANY_REFILLS, RefusalCode.SUBSCRIPTION_NOT_ACTIVE} <= codes


def _sign_on(patient: Any, plan: Any, clinician: Any, moment: dt.datetime) -> Prescription:
    pdmp_checked(patient, clinician, at=moment - dt.timedelta(hours=1))
    return actions.do_issue_prescription(
        patient, by=clinician, choices=GOOD_PRESCRIPTION, issued_at=moment
    )


def test_the_in_person_rule_takes_effect_on_its_configured_date(
    ready: Any, clinician_fl: Any, settings: Any
) -> None:
    patient, plan = ready
    settings.TELEMEDICINE_IN_PERSON_REQUIRED_FROM = dt.date(2027, 3, 1)
    zone = timezone.get_current_timezone()
    last_flexible_day = dt.datetime(2027, 2, 28, 12, tzinfo=zone)
    first_day_after = dt.datetime(2027, 3, 1, 12, tzinfo=zone)

    first = _sign_on(patient, plan, clinician_fl, last_flexible_day)
    assert first.issued_on == dt.date(2027, 2, 28)
    actions.do_cancel_prescription(first, by=clinician_fl, reason="A new one on 1 March.")
    with pytest.raises(actions.PrescribingRefused) as refused:
        _sign_on(patient, plan, clinician_fl, first_day_after)
    assert refused.value.codes == {RefusalCode.NO_IN_PERSON_EVALUATION}

    InPersonEvaluation.objects.create(
        patient=patient, evaluated_on=dt.date(2027, 2, 20), recorded_by=clinician_fl
    )
    assert _sign_on(patient, plan, clinician_fl, first_day_after).issued_on == dt.date(2027, 3, 1)


def test_the_default_regime_changes_on_1_january_2027(ready: Any, clinician_fl: Any) -> None:
    patient, plan = ready
    zone = timezone.get_current_timezone()
    _sign_on(patient, plan, clinician_fl, dt.datetime(2026, 12, 31, 20, tzinfo=zone))
    with pytest.raises(actions.PrescribingRefused) as refused:
        _sign_on(patient, plan, clinician_fl, dt.datetime(2027, 1, 1, 9, tzinfo=zone))
    assert RefusalCode.NO_IN_PERSON_EVALUATION in refused.value.codes


def test_it_refuses_without_an_audio_video_visit(db: Any, clinician_fl: Any) -> None:
    from care.tests.workspace import GOOD_PLAN, consulted

    patient = candidate()
    consulted(patient, clinician_fl, audio_video=False)
    plan = actions.do_write_treatment_plan(patient, by=clinician_fl, choices=GOOD_PLAN)
    pdmp_checked(patient, clinician_fl)
    assert RefusalCode.NO_RECENT_VIDEO_VISIT in refusal_codes(patient, plan, clinician_fl)


def test_a_signed_prescription_cannot_be_edited(ready: Any, clinician_fl: Any) -> None:
    patient, _ = ready
    prescription = actions.do_issue_prescription(
        patient, by=clinician_fl, choices=GOOD_PRESCRIPTION
    )
    prescription.refills = 2
    with pytest.raises(SignedPrescriptionChanged):
        prescription.save()
    prescription.refresh_from_db()
    assert prescription.refills == 1


def test_it_can_be_cancelled_with_a_reason_and_then_never_changes(
    ready: Any, clinician_fl: Any
) -> None:
    patient, _ = ready
    prescription = actions.do_issue_prescription(
        patient, by=clinician_fl, choices=GOOD_PRESCRIPTION
    )
    with pytest.raises(actions.ClinicalRecordRefused):
        actions.do_cancel_prescription(prescription, by=clinician_fl, reason=" ")
    actions.do_cancel_prescription(prescription, by=clinician_fl, reason="Wrong pharmacy.")
    prescription.refresh_from_db()
    assert prescription.status == PrescriptionStatus.CANCELLED
    prescription.status = PrescriptionStatus.SIGNED
    with pytest.raises(SignedPrescriptionChanged):
        prescription.save()


def test_the_database_refuses_more_than_5_refills(ready: Any, clinician_fl: Any) -> None:
    from django.db import IntegrityError, transaction

    patient, _ = ready
    prescription = actions.do_issue_prescription(
        patient, by=clinician_fl, choices=GOOD_PRESCRIPTION
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Prescription.objects.filter(pk=prescription.pk).update(refills=6)


def test_a_serious_adverse_event_holds_prescribing_until_cleared(
    ready: Any, clinician_fl: Any, mailoutbox: Any
) -> None:
    patient, plan = ready
    mailoutbox.clear()
    event = actions.do_report_adverse_event(
        patient, by=patient.user, grade="serious", description="Fainted after the dose."
    )
    assert [message.to for message in mailoutbox] == [[clinician_fl.email]]
    assert "Fainted" not in mailoutbox[0].body
    assert mailoutbox[0].subject == "A patient needs your attention"
    assert RefusalCode.ADVERSE_EVENT_HOLD in refusal_codes(patient, plan, clinician_fl)
    with pytest.raises(HoldNotCleared):
        do_clear_hold(patient, by=clinician_fl, hold="adverse_event", note="  ")
    do_clear_hold(patient, by=clinician_fl, hold="adverse_event", note="Spoke by phone; well.")
    event.refresh_from_db()
    assert event.reviewed_by == clinician_fl
    actions.do_issue_prescription(patient, by=clinician_fl, choices=GOOD_PRESCRIPTION)


def test_a_mild_adverse_event_alerts_no_one_and_holds_nothing(
    ready: Any, clinician_fl: Any, mailoutbox: Any
) -> None:
    patient, _ = ready
    mailoutbox.clear()
    actions.do_report_adverse_event(patient, by=patient.user, grade="mild", description="Dizzy.")
    assert mailoutbox == []
    actions.do_issue_prescription(patient, by=clinician_fl, choices=GOOD_PRESCRIPTION)
