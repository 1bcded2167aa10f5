"""The journal's verbs against the database: the gate, the dose, red flags, check-ins."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from care.models import AdverseEvent, TreatmentPlan
from journal import actions, safety
from journal.dosing import DoseLimit
from journal.instruments import InstrumentCode
from journal.models import CheckIn, ExerciseLog, HomeSession
from journal.tests.helpers import HIGH, NORMAL, check, prescription_of, start, treated
from pharmacy.models import Fill
from tests.personas import client_for


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def test_a_blood_pressure_over_the_plan_limit_blocks_the_session(patient: Any) -> None:
    result = check(patient, HIGH)
    assert not result.verdict.may_start
    assert result.check.failed_items == ["blood_pressure"]
    assert not result.clinician_flagged
    with pytest.raises(actions.JournalRefused):
        actions.do_start_home_session(patient, by=patient.user, safety_check=result.check)
    assert not HomeSession.objects.exists()


def test_a_normal_reading_with_the_checklist_done_lets_the_session_start(patient: Any) -> None:
    result = check(patient, NORMAL)
    assert result.verdict.may_start
    session = actions.do_start_home_session(patient, by=patient.user, safety_check=result.check)
    assert (session.units_taken, session.mg) == (2, 100)
    assert session.prescription == prescription_of(patient)
    assert patient.timeline.filter(kind="journal.session_started").exists()


def test_a_missing_monitor_blocks_the_session(patient: Any) -> None:
    result = check(patient, checklist=safety.SessionChecklist(False, True, True, True))
    assert result.check.failed_items == ["monitor"]


def test_a_second_failed_reading_within_a_week_flags_the_clinician(
    patient: Any, clinician_fl: Any
) -> None:
    first = check(patient, HIGH, at=timezone.now() - dt.timedelta(minutes=20))
    assert not first.clinician_flagged
    mail.outbox.clear()
    second = check(patient, HIGH)
    assert second.clinician_flagged
    assert [message.to for message in mail.outbox] == [[clinician_fl.email]]
    assert "blood pressure" not in mail.outbox[0].body.lower()
    assert patient.timeline.filter(kind="journal.clinician_flagged").exists()


def test_a_very_high_reading_flags_the_clinician_at_once(patient: Any) -> None:
    assert check(patient, (185, 100, 80)).clinician_flagged


def test_a_check_of_another_patient_or_an_old_one_cannot_start_a_session(
    patient: Any, clinician_fl: Any
) -> None:
    old = check(patient, at=timezone.now() - dt.timedelta(hours=1)).check
    with pytest.raises(actions.JournalRefused):
        actions.do_start_home_session(patient, by=patient.user, safety_check=old)
    passed = check(patient).check
    actions.do_start_home_session(patient, by=patient.user, safety_check=passed)
    with pytest.raises(actions.JournalRefused):
        actions.do_start_home_session(patient, by=patient.user, safety_check=passed)


def test_the_offer_never_exceeds_the_plan_per_session(patient: Any) -> None:
    TreatmentPlan.objects.filter(patient=patient).update(induction_mg_per_session=50)
    session = start(patient)
    assert (session.units_taken, session.mg) == (1, 50)


def test_asking_for_more_than_the_offer_is_refused(patient: Any) -> None:
    passed = check(patient).check
    with pytest.raises(actions.JournalRefused):
        actions.do_start_home_session(patient, by=patient.user, safety_check=passed, units=3)


def test_the_offer_never_exceeds_the_sessions_allowed_in_a_week(patient: Any) -> None:
    for days_ago in (1, 2, 3):
        start(patient, days_ago=days_ago)
    plan = actions.current_plan(patient)
    assert plan is not None
    offer = actions.offer_for(
        patient, prescription_of(patient), plan, actions.current_fill(patient)
    )
    assert offer.units == 0
    assert DoseLimit.WEEKLY_SESSIONS in offer.limits
    with pytest.raises(actions.JournalRefused):
        start(patient)
    assert HomeSession.objects.count() == 3


def test_one_dose_a_day_at_most(patient: Any) -> None:
    start(patient)
    with pytest.raises(actions.JournalRefused):
        start(patient)


def test_the_offer_never_exceeds_the_supply_left_in_the_fill(patient: Any) -> None:
    fill = Fill.objects.get(prescription__patient=patient)
    Fill.objects.filter(pk=fill.pk).update(quantity_dispensed=3)
    fill.refresh_from_db()
    first = start(patient, days_ago=2)
    assert first.fill == fill
    assert actions.units_left(fill) == 1
    session = start(patient)
    assert (session.units_taken, session.fill) == (1, fill)
    assert actions.units_left(fill) == 0
    with pytest.raises(actions.JournalRefused) as refused:
        start(patient, days_ago=0)
    assert "no medicine left" in str(refused.value) or "already had" in str(refused.value)


def after(**changes: Any) -> safety.AfterSessionLog:
    return safety.AfterSessionLog(**{"pain_now": 3, "dissociation": 4, **changes})


def test_a_quiet_after_log_opens_no_adverse_event_and_schedules_the_window(patient: Any) -> None:
    session = start(patient)
    finished = actions.do_finish_home_session(session, by=patient.user, after_log=after())
    assert finished.red_flags == []
    assert not AdverseEvent.objects.exists()
    assert [log.exercise for log in finished.exercises] == ["limb_recognition"] * 3
    assert ExerciseLog.objects.filter(session=session, done_at__isnull=True).count() == 3


def test_a_red_flag_opens_an_adverse_event_in_the_clinicians_queue(
    patient: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    session = start(patient)
    mail.outbox.clear()
    finished = actions.do_finish_home_session(
        session, by=patient.user, after_log=after(self_harm_thoughts=True)
    )
    assert [flag.kind for flag in finished.red_flags] == [safety.RedFlagKind.SELF_HARM_THOUGHTS]
    event = AdverseEvent.objects.get()
    assert event.grade == "serious" and event.holds_dosing
    assert mail.outbox and mail.outbox[0].to == [clinician_fl.email]
    queue = client_for(clinician_fl).get(reverse("care:queue"))
    assert "Serious adverse event" in queue.content.decode()
    assert patient.legal_name in queue.content.decode()
    other = client_for(clinician_nj).get(reverse("care:queue"))
    assert patient.legal_name not in other.content.decode()


def test_an_open_serious_event_holds_the_next_dose(patient: Any) -> None:
    session = start(patient, days_ago=2)
    actions.do_finish_home_session(
        session, by=patient.user, after_log=after(blood_pressure=safety.BloodPressure(190, 100))
    )
    with pytest.raises(actions.JournalRefused) as refused:
        start(patient)
    assert "paused" in str(refused.value)


def test_bladder_symptoms_open_a_moderate_event(patient: Any) -> None:
    session = start(patient)
    actions.do_finish_home_session(
        session,
        by=patient.user,
        after_log=after(side_effects=frozenset({safety.SideEffect.BLADDER})),
    )
    assert AdverseEvent.objects.get().grade == "moderate"


def test_an_after_log_out_of_range_is_refused(patient: Any) -> None:
    session = start(patient)
    with pytest.raises(actions.JournalRefused):
        actions.do_finish_home_session(session, by=patient.user, after_log=after(pain_now=11))
    session.refresh_from_db()
    assert session.finished_at is None


PHQ9_CALM = {f"phq9_{n}": 1 for n in range(1, 10)} | {"phq9_9": 0}


def test_a_check_in_is_scored_and_stored_as_a_fhir_observation(patient: Any) -> None:
    done = actions.do_complete_check_in(
        patient, by=patient.user, instrument=InstrumentCode.PHQ9, responses=PHQ9_CALM
    )
    assert not done.crisis
    stored = done.check_in
    assert stored.score["total"] == "8"
    assert stored.observation["code"]["coding"][0]["code"] == "44249-1"
    assert stored.observation["subject"]["reference"] == f"Patient/{patient.public_id}"
    assert CheckIn.objects.filter(completed_at__isnull=True, instrument="phq9").count() == 1


def test_phq9_item_9_calls_for_crisis_resources_and_a_same_day_flag(
    patient: Any, clinician_fl: Any
) -> None:
    mail.outbox.clear()
    done = actions.do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.PHQ9,
        responses=PHQ9_CALM | {"phq9_9": 1},
    )
    assert done.crisis
    assert [message.to for message in mail.outbox] == [[clinician_fl.email]]
    assert patient.timeline.filter(kind="journal.clinician_flagged").exists()


def test_an_incomplete_check_in_is_refused(patient: Any) -> None:
    with pytest.raises(actions.JournalRefused):
        actions.do_complete_check_in(
            patient, by=patient.user, instrument=InstrumentCode.GAD7, responses={"gad7_1": 2}
        )
    assert not CheckIn.objects.exists()


def test_an_exercise_log_fills_the_scheduled_slot(patient: Any) -> None:
    session = start(patient)
    finished = actions.do_finish_home_session(session, by=patient.user, after_log=after())
    slot = finished.exercises[0]
    log = actions.do_log_exercise(
        patient,
        by=patient.user,
        exercise="limb_recognition",
        completed=True,
        discomfort=2,
        scheduled=slot,
    )
    assert log.pk == slot.pk and log.done_at is not None
    assert actions.gmi_progress(patient).comfortable_logs == 1
    with pytest.raises(actions.JournalRefused):
        actions.do_log_exercise(
            patient, by=patient.user, exercise="juggling", completed=True, discomfort=2
        )


def test_the_first_session_schedules_the_first_check_in_one_interval_later(patient: Any) -> None:
    assert patient.assessment.pathways == ["crps"]
    actions.do_finish_home_session(start(patient, days_ago=1), by=patient.user, after_log=after())
    due = CheckIn.objects.get(patient=patient)
    assert due.instrument == InstrumentCode.PEG
    assert due.completed_at is None
    assert due.due_on == actions.patient_today(patient) + dt.timedelta(days=7)

    # A later session does not ask again for what is already scheduled.
    session = start(patient)
    actions.do_finish_home_session(session, by=patient.user, after_log=after())
    assert CheckIn.objects.filter(patient=patient).count() == 1
