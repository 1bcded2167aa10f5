"""Follow-up: every patient answers a PHQ-9 at least every 28 days, whatever the pathway,
and a check-in records the wording it was answered in.

The test patient's pathway is CRPS only: before issue 12 they were never asked about mood.
Their plan asks for check-ins every 7 days.
"""

import dataclasses
import datetime as dt
from typing import Any

import pytest

from care import actions as care_actions
from care.models import TreatmentPlan
from care.tests.workspace import GOOD_PLAN
from clinical.schedule import PHQ9_AT_LEAST_EVERY_DAYS
from journal import actions
from journal.models import CheckIn
from journal.tests.helpers import QUIET, start, treated
from patients.models import Patient
from questionnaires.instruments import ADAPTED_WORDING_REF, InstrumentCode

PHQ9_CALM = {f"phq9_{n}": 1 for n in range(1, 10)} | {"phq9_9": 0}


@pytest.fixture
def patient(db: Any, clinician_fl: Any) -> Patient:
    return treated(clinician_fl)


def first_session(patient: Patient) -> None:
    actions.do_finish_home_session(start(patient), by=patient.user, after_log=QUIET)


def waiting_phq9(patient: Patient) -> CheckIn:
    return CheckIn.objects.get(
        patient=patient, instrument=InstrumentCode.PHQ9, completed_at__isnull=True
    )


def plan_asks_every(patient: Patient, clinician: Any, days: int) -> None:
    choices = dataclasses.replace(GOOD_PLAN, check_in_every_days=days)
    care_actions.do_write_treatment_plan(patient, by=clinician, choices=choices)


def test_the_rule_is_four_weeks() -> None:
    assert PHQ9_AT_LEAST_EVERY_DAYS == 28


def test_a_pain_only_patient_is_asked_a_phq9_within_28_days_of_their_first_session(
    patient: Patient,
) -> None:
    assert patient.assessment is not None and patient.assessment.pathways == ["crps"]
    first_session(patient)
    due = waiting_phq9(patient).due_on
    assert due is not None
    assert due - actions.patient_today(patient) <= dt.timedelta(days=28)


def test_completing_a_phq9_schedules_the_next_one_plan_interval_on_when_that_is_shorter(
    patient: Patient,
) -> None:
    first_session(patient)
    actions.do_complete_check_in(
        patient, by=patient.user, instrument=InstrumentCode.PHQ9, responses=PHQ9_CALM
    )
    assert waiting_phq9(patient).due_on == actions.patient_today(patient) + dt.timedelta(days=7)


def test_a_plan_interval_of_exactly_28_days_keeps_28(patient: Patient, clinician_fl: Any) -> None:
    plan_asks_every(patient, clinician_fl, 28)
    first_session(patient)
    today = actions.patient_today(patient)
    assert waiting_phq9(patient).due_on == today + dt.timedelta(days=28)
    peg = CheckIn.objects.get(patient=patient, instrument=InstrumentCode.PEG)
    assert peg.due_on == today + dt.timedelta(days=28)


def test_a_plan_interval_over_28_days_still_asks_the_phq9_within_28_but_the_peg_on_the_plan(
    patient: Patient, clinician_fl: Any
) -> None:
    plan_asks_every(patient, clinician_fl, 28)
    # The plan verb refuses an interval over 28 days; the rule must not lean on that, so the
    # stored plan is made to ask every 42 days.
    TreatmentPlan.objects.filter(patient=patient).update(check_in_every_days=42)
    first_session(patient)
    today = actions.patient_today(patient)
    assert waiting_phq9(patient).due_on == today + dt.timedelta(days=28)
    assert CheckIn.objects.get(patient=patient, instrument=InstrumentCode.PEG).due_on == (
        today + dt.timedelta(days=42)
    )

    actions.do_complete_check_in(
        patient, by=patient.user, instrument=InstrumentCode.PHQ9, responses=PHQ9_CALM
    )
    assert waiting_phq9(patient).due_on == today + dt.timedelta(days=28)
    actions.do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.PEG,
        responses={"peg_1": 5, "peg_2": 5, "peg_3": 5},
    )
    next_peg = CheckIn.objects.get(
        patient=patient, instrument=InstrumentCode.PEG, completed_at__isnull=True
    )
    assert next_peg.due_on == today + dt.timedelta(days=42)


def test_a_completed_check_in_records_the_wording_it_was_answered_in(patient: Patient) -> None:
    done = actions.do_complete_check_in(
        patient, by=patient.user, instrument=InstrumentCode.PHQ9, responses=PHQ9_CALM
    ).check_in
    done.refresh_from_db()
    assert done.wording == ADAPTED_WORDING_REF
    assert waiting_phq9(patient).wording == ""
