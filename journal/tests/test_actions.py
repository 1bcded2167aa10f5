"""The journal's verbs against the database: the gate, the dose, flags and holds, check-ins."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from care.holds import do_clear_hold, open_holds
from care.models import AdverseEvent, ClinicianFlag, TreatmentPlan
from clinical import safety
from clinical.holds import FlagKind, Hold
from journal import actions
from journal.models import CheckIn, ExerciseLog, HomeSession, SafetyCheck
from journal.tests.helpers import (
    HIGH,
    NORMAL,
    attempt,
    prescription_of,
    start,
    treated,
    with_an_hour_of_the_day_left,
)
from pharmacy.models import Fill, Shipment
from questionnaires.instruments import InstrumentCode
from tests.personas import client_for


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Any:
    return treated(clinician_fl)


def test_a_blood_pressure_over_the_plan_limit_refuses_the_start_and_is_recorded(
    patient: Any,
) -> None:
    result = attempt(patient, HIGH)
    assert not result.allowed
    assert result.verdict.codes == ["vitals_high"]
    assert result.check.refusals == ["vitals_high"] and not result.check.passed
    assert not HomeSession.objects.exists()


def test_retyping_a_reading_at_once_is_refused_and_makes_two_refusals_today(
    patient: Any,
) -> None:
    first = with_an_hour_of_the_day_left(patient)
    attempt(patient, HIGH, at=first)
    again = attempt(patient, NORMAL, at=first + dt.timedelta(seconds=1))
    assert again.verdict.codes == ["recheck_too_soon"]
    later = attempt(patient, NORMAL, at=first + dt.timedelta(minutes=16))
    assert "no_dose_today" in later.verdict.codes
    assert not HomeSession.objects.exists()
    assert SafetyCheck.objects.filter(passed=False).count() == 3


def test_after_one_refusal_a_reading_15_minutes_later_may_start(patient: Any) -> None:
    attempt(patient, HIGH)
    later = attempt(patient, NORMAL, at=timezone.now() + dt.timedelta(minutes=15, seconds=1))
    assert later.allowed


def test_a_normal_reading_with_the_checklist_done_starts_the_session(patient: Any) -> None:
    result = attempt(patient, NORMAL)
    session = result.session
    assert session is not None and result.check.passed
    assert (session.units_taken, session.mg) == (2, 100)
    assert session.prescription == prescription_of(patient)
    assert session.fill == Fill.objects.get(prescription__patient=patient)
    assert patient.timeline.filter(kind="journal.session_started").exists()


def test_a_missing_monitor_refuses_the_start(patient: Any) -> None:
    result = attempt(patient, checklist=safety.SessionChecklist(False, *[True] * 7))
    assert result.check.refusals == ["checklist_incomplete"]


def test_a_low_pulse_refuses_the_start(patient: Any) -> None:
    assert attempt(patient, (78, 42, 38)).verdict.codes == ["vitals_low"]


def test_a_refused_start_raises_no_clinician_flag(patient: Any) -> None:
    attempt(patient, (185, 115, 80))
    assert not ClinicianFlag.objects.exists()


def test_the_dose_never_exceeds_the_plan_per_session(patient: Any) -> None:
    TreatmentPlan.objects.filter(patient=patient).update(induction_mg_per_session=50)
    session = start(patient)
    assert (session.units_taken, session.mg) == (1, 50)


def test_the_sessions_allowed_in_a_week_are_never_exceeded(patient: Any) -> None:
    for days_ago in (1, 2, 3):
        start(patient, days_ago=days_ago, logged=True)
    assert "weekly_limit_reached" in attempt(patient).verdict.codes
    assert HomeSession.objects.count() == 3


def test_one_dose_in_20_hours_at_most(patient: Any) -> None:
    start(patient)
    assert "too_soon_after_last_dose" in attempt(patient).verdict.codes


def test_the_dose_never_exceeds_what_is_left_of_the_fill(patient: Any) -> None:
    fill = Fill.objects.get(prescription__patient=patient)
    Fill.objects.filter(pk=fill.pk).update(quantity_dispensed=3)
    Shipment.objects.filter(fill=fill).update(delivered_at=timezone.now() - dt.timedelta(days=3))
    first = start(patient, days_ago=2, logged=True)
    assert first.fill == fill and first.units_taken == 2
    session = start(patient, logged=True)
    assert (session.units_taken, session.mg, session.fill) == (1, 50, fill)
    later = attempt(patient, at=timezone.now() + dt.timedelta(days=1))
    assert "no_supply" in later.verdict.codes


def after(**changes: Any) -> safety.AfterSessionLog:
    return safety.AfterSessionLog(**{"pain_now": 3, "dissociation": 4, **changes})


def test_a_quiet_after_log_raises_nothing_and_schedules_the_window(patient: Any) -> None:
    session = start(patient)
    finished = actions.do_finish_home_session(session, by=patient.user, after_log=after())
    assert finished.flags == [] and finished.holds == frozenset()
    assert not AdverseEvent.objects.exists()
    assert [log.exercise for log in finished.exercises] == ["limb_recognition"] * 3
    assert ExerciseLog.objects.filter(session=session, done_at__isnull=True).count() == 3


def test_thoughts_of_self_harm_flag_the_clinician_and_hold_every_dose(
    patient: Any, clinician_fl: Any, clinician_nj: Any
) -> None:
    session = start(patient)
    mail.outbox.clear()
    finished = actions.do_finish_home_session(
        session, by=patient.user, after_log=after(self_harm_thoughts=True)
    )
    assert finished.flags == [FlagKind.SELF_HARM] and finished.crisis
    assert finished.holds == {Hold.SUICIDALITY}
    assert not AdverseEvent.objects.exists()
    assert mail.outbox and mail.outbox[0].to == [clinician_fl.email]
    assert "harm" not in mail.outbox[0].body.lower()
    queue = client_for(clinician_fl).get(reverse("workspace:queue"))
    assert "Thoughts of self-harm" in queue.content.decode()
    assert patient.legal_name in queue.content.decode()
    other = client_for(clinician_nj).get(reverse("workspace:queue"))
    assert patient.legal_name not in other.content.decode()


def test_a_very_high_reading_after_a_session_holds_the_next_dose_until_cleared(
    patient: Any, clinician_fl: Any
) -> None:
    session = start(patient, days_ago=2)
    actions.do_finish_home_session(
        session, by=patient.user, after_log=after(blood_pressure=safety.BloodPressure(190, 100))
    )
    assert attempt(patient).verdict.codes == ["adverse_event_hold"]
    do_clear_hold(
        patient, by=clinician_fl, hold="adverse_event", note="Rechecked by video: 128/82."
    )
    assert attempt(patient, at=timezone.now() + dt.timedelta(minutes=16)).allowed


def test_bladder_symptoms_hold_the_next_session(patient: Any) -> None:
    session = start(patient, days_ago=2)
    finished = actions.do_finish_home_session(
        session,
        by=patient.user,
        after_log=after(side_effects=frozenset({safety.SideEffect.URINARY_URGENCY})),
    )
    assert finished.flags == [FlagKind.BLADDER]
    assert attempt(patient).verdict.codes == ["bladder_hold"]


def test_the_flag_and_the_after_log_are_written_together(patient: Any) -> None:
    session = start(patient)
    actions.do_finish_home_session(
        session,
        by=patient.user,
        after_log=after(side_effects=frozenset({safety.SideEffect.CHEST_PAIN})),
    )
    assert ClinicianFlag.objects.get().reason == FlagKind.SEVERE_REACTION
    assert open_holds(patient) == {Hold.ADVERSE_EVENT}


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
    assert done.crisis and done.flags == [FlagKind.SUICIDALITY]
    assert done.holds == {Hold.SUICIDALITY}
    assert [message.to for message in mail.outbox] == [[clinician_fl.email]]
    assert patient.timeline.filter(kind="care.clinician_flagged").exists()
    assert attempt(patient).verdict.codes == ["suicidality_hold"]


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


def test_the_first_session_schedules_the_first_check_ins_one_interval_later(patient: Any) -> None:
    assert patient.assessment.pathways == ["crps"]
    actions.do_finish_home_session(start(patient, days_ago=1), by=patient.user, after_log=after())
    due = CheckIn.objects.filter(patient=patient).order_by("instrument")
    assert [c.instrument for c in due] == [InstrumentCode.PEG, InstrumentCode.PHQ9]
    assert all(c.completed_at is None for c in due)
    assert {c.due_on for c in due} == {actions.patient_today(patient) + dt.timedelta(days=7)}

    # A later session does not ask again for what is already scheduled.
    session = start(patient)
    actions.do_finish_home_session(session, by=patient.user, after_log=after())
    assert CheckIn.objects.filter(patient=patient).count() == 2
