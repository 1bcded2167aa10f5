"""A patient's course at home, built through the journal's and the pharmacy's verbs, for the
clinician's queue, chart and practice-view tests."""

import datetime as dt
from typing import Any

from django.utils import timezone

from care import actions as care_actions
from care.consults import do_book_consult, open_slots
from care.models import ClinicianAvailability, ClinicianFlag
from care.tests.workspace import (
    GOOD_PLAN,
    GOOD_PRESCRIPTION,
    candidate,
    id_verified,
    pdmp_checked,
)
from clinical import safety
from clinical.holds import FlagKind
from journal import actions
from journal.models import CheckIn, HomeSession, SafetyCheck
from journal.tests.helpers import deliver, prescription_of, start
from patients import actions as patient_actions
from patients.models import MessageThread, Patient
from patients.tests.helpers import offer_time
from pharmacy.models import RefillRequest, RefillStatus
from questionnaires.instruments import InstrumentCode

PHQ9_CALM = {f"phq9_{n}": 1 for n in range(1, 10)} | {"phq9_9": 0}
PHQ9_CRISIS = PHQ9_CALM | {"phq9_9": 1}
QUIET = safety.AfterSessionLog(pain_now=3, dissociation=4)
SELF_HARM = safety.AfterSessionLog(pain_now=3, dissociation=4, self_harm_thoughts=True)


def treated(clinician: Any, email: str = "rosa@example.com", state: str = "FL") -> Patient:
    """``journal.tests.helpers.treated``, for as many patients of one clinician as a test
    needs: each visit is booked in a stretch of time of its own."""
    patient = candidate(email, state)
    offered = ClinicianAvailability.objects.filter(clinician=clinician).count()
    offer_time(clinician, days_ahead=3 + offered, hour=8 + 2 * (offered % 5))
    consult = do_book_consult(patient, open_slots(patient)[0].value, by=patient.user)
    care_actions.do_record_consult_note(
        consult,
        by=clinician,
        subjective="Burning pain in the right hand for 18 months.",
        objective="Right hand cooler and mottled.",
        assessment="CRPS type I, right upper limb.",
        plan="Start sublingual ketamine with graded motor imagery.",
        audio_video_confirmed=True,
    )
    id_verified(patient)
    care_actions.do_add_diagnosis(patient, by=clinician, code="G90.511")
    care_actions.do_record_weight(patient, by=clinician, kg="68.5")
    care_actions.do_decide_candidate(
        patient, by=clinician, decision="approve", why="Budapest criteria met; no exclusions."
    )
    care_actions.do_write_treatment_plan(patient, by=clinician, choices=GOOD_PLAN)
    pdmp_checked(patient, clinician)
    prescription = care_actions.do_issue_prescription(
        patient, by=clinician, choices=GOOD_PRESCRIPTION
    )
    deliver(prescription)
    patient.refresh_from_db()
    return patient


def peg(patient: Patient, pain: int, *, days_ago: int = 0) -> CheckIn:
    """A PEG check-in with every item at ``pain``, completed ``days_ago`` days ago."""
    done = actions.do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.PEG,
        responses={"peg_1": pain, "peg_2": pain, "peg_3": pain},
    ).check_in
    return back_date(done, days_ago)


def gad7(patient: Patient, each: int, *, days_ago: int = 0) -> CheckIn:
    done = actions.do_complete_check_in(
        patient,
        by=patient.user,
        instrument=InstrumentCode.GAD7,
        responses={f"gad7_{n}": each for n in range(1, 8)},
    ).check_in
    return back_date(done, days_ago)


def phq9(patient: Patient, responses: dict[str, int | bool], *, days_ago: int = 0) -> CheckIn:
    done = actions.do_complete_check_in(
        patient, by=patient.user, instrument=InstrumentCode.PHQ9, responses=responses
    ).check_in
    return back_date(done, days_ago)


def back_date(check_in: CheckIn, days_ago: int) -> CheckIn:
    if days_ago:
        assert check_in.completed_at is not None
        CheckIn.objects.filter(pk=check_in.pk).update(
            completed_at=check_in.completed_at - dt.timedelta(days=days_ago)
        )
        check_in.refresh_from_db()
    return check_in


def quiet_sessions(patient: Patient, number: int) -> list[HomeSession]:
    """``number`` finished sessions, each moved three days further back than the last."""
    sessions = []
    for index in range(number):
        session = start(patient)
        actions.do_finish_home_session(session, by=patient.user, after_log=QUIET)
        back = dt.timedelta(days=3 * (index + 1))
        HomeSession.objects.filter(pk=session.pk).update(started_at=session.started_at - back)
        SafetyCheck.objects.filter(pk=session.safety_check_id).update(
            checked_at=session.started_at - back
        )
        sessions.append(session)
    return sessions


def red_flag_session(patient: Patient) -> actions.FinishedSession:
    """A session whose after-log reports thoughts of self-harm: a red flag and a hold."""
    return actions.do_finish_home_session(start(patient), by=patient.user, after_log=SELF_HARM)


def missed_check_in(patient: Patient, *, days_ago: int = 5) -> CheckIn:
    """A scheduled GAD-7 due ``days_ago`` days ago and never completed."""
    return CheckIn.objects.create(
        patient=patient,
        instrument=InstrumentCode.GAD7,
        due_on=timezone.localdate() - dt.timedelta(days=days_ago),
    )


def refill_awaiting(patient: Patient) -> RefillRequest:
    """A refill request the gate sent to the clinician, flagged early."""
    return RefillRequest.objects.create(
        prescription=prescription_of(patient),
        requested_by=patient.user,
        status=RefillStatus.AWAITING_CLINICIAN,
        flags=["early_refill"],
    )


def bladder_flag(patient: Patient) -> ClinicianFlag:
    """A bladder flag, as an after-log with bladder pain raises it (and its hold)."""
    return care_actions.do_raise_flag(
        patient, reason=FlagKind.BLADDER, by=patient.user, target=patient
    )


def everything(clinician: Any, email: str, state: str = "FL", *, sessions: int = 0) -> Patient:
    """A patient with one of every kind of queue item, built in an order the gates allow,
    after ``sessions`` quiet sessions."""
    patient = treated(clinician, email, state)
    peg(patient, 6)
    refill_awaiting(patient)
    quiet_sessions(patient, sessions)
    red_flag_session(patient)
    phq9(patient, PHQ9_CRISIS)
    bladder_flag(patient)
    care_actions.do_report_adverse_event(
        patient, by=patient.user, grade="mild", description="Felt dizzy for an hour."
    )
    missed_check_in(patient)
    return patient


def send_messages(patient: Patient, clinician: Any = None) -> list[MessageThread]:
    """Two threads about treatment with replies, and one about billing."""
    threads = []
    for number in range(2):
        thread = patient_actions.do_start_thread(
            patient,
            by=patient.user,
            subject=f"Question {number + 1} about my sessions",
            topic="clinical",
            body="Is it normal to feel sleepy the evening after a session?",
        )
        patient_actions.do_send_message(thread, by=patient.user, body="And a little dizzy.")
        if clinician is not None:
            patient_actions.do_send_message(thread, by=clinician, body="Yes, both are common.")
        threads.append(thread)
    threads.append(
        patient_actions.do_start_thread(
            patient,
            by=patient.user,
            subject="My invoice",
            topic="billing",
            body="Can I pay by the month?",
        )
    )
    return threads
