"""The journal's verbs: the safety gate, home sessions, check-ins and exercise logs.

Each verb reads the facts from the database, asks the pure rule in ``journal/`` (never a
copy of it), writes its rows, an audit event and a timeline entry in one transaction.
Timeline summaries and emails never carry health details.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from care.actions import do_raise_flags, safety_policy
from care.holds import open_holds
from care.models import ExerciseProgramme, TreatmentPlan
from care.records import active_prescription, current_plan, current_prescription, is_active
from care.times import patient_today, patient_zone
from clinical import exercises, safety
from clinical.holds import CRISIS_FLAGS, FlagKind, Hold
from clinical.plan import SessionSafetyLimits
from clinical.schedule import check_in_every_days, instruments_for
from foundation.refusals import Refused
from journal.models import CheckIn, ExerciseLog, HomeSession, SafetyCheck
from patients.models import Patient
from patients.timeline import record_step
from pharmacy.supply import OnHand, fill_on_hand
from questionnaires.check_in_fhir import check_in_observation_json
from questionnaires.instruments import (
    ENGLISH,
    INSTRUMENTS,
    InstrumentCode,
    score_responses,
    validate_responses,
)

__all__ = [
    "active_prescription",
    "current_plan",
    "current_prescription",
    "patient_today",
    "patient_zone",
]

RECENT_DOSING = dt.timedelta(days=8)
"""How far back the gate reads sessions and refused checks: the week and a day."""


class JournalRefused(Refused):
    """The journal cannot record this; ``reasons`` says why, in plain words."""

    code = "journal"


# Facts read from the database ------------------------------------------------------------


def supply_for_session(
    patient: Patient, now: dt.datetime
) -> tuple[OnHand | None, safety.Supply | None]:
    """The fill on hand of the active current prescription, and the supply the gate reads."""
    prescription = current_prescription(patient, now)
    if prescription is None or not is_active(prescription, patient_today(patient, now)):
        return None, None
    on_hand = fill_on_hand(prescription, now)
    if on_hand is None:
        return None, None
    return on_hand, safety.Supply(
        unit_mg=prescription.strength_mg,
        prescription_dose_mg=prescription.dose_mg,
        units=on_hand.units,
        units_used=on_hand.units_used,
    )


def dosing_facts(patient: Patient, now: dt.datetime) -> safety.DosingFacts:
    """What the record says about dosing at ``now``, for ``clinical.safety``."""
    plan = current_plan(patient, now)
    prescription = current_prescription(patient, now)
    since = now - RECENT_DOSING
    refused = SafetyCheck.objects.filter(
        patient=patient, passed=False, checked_at__gte=since, checked_at__lte=now
    ).values_list("checked_at", flat=True)
    starts = HomeSession.objects.filter(
        patient=patient, started_at__gte=since, started_at__lte=now
    ).values_list("started_at", flat=True)
    latest = (
        HomeSession.objects.filter(patient=patient, started_at__lte=now)
        .order_by("-started_at", "-pk")
        .only("finished_at")
        .first()
    )
    return safety.DosingFacts(
        now=now,
        zone=patient_zone(patient),
        has_plan=plan is not None,
        limits=plan.limits.safety if plan is not None else SessionSafetyLimits(),
        plan_dose_mg=plan.current_limits.mg_per_session if plan is not None else None,
        plan_doses_per_week=plan.current_limits.sessions_per_week if plan is not None else None,
        prescription_doses_per_week=prescription.doses_per_week if prescription else None,
        supply=supply_for_session(patient, now)[1],
        refused_checks=tuple(refused),
        session_starts=tuple(starts),
        latest_session_logged=None if latest is None else latest.finished_at is not None,
        open_holds=open_holds(patient, now),
    )


def dosing_blockers(patient: Patient, now: dt.datetime | None = None) -> list[safety.Refusal]:
    """What stops a dose now whatever the readings: shown before the patient measures."""
    return safety.dosing_blockers(dosing_facts(patient, now or timezone.now()), safety_policy())


def recheck_from(patient: Patient, now: dt.datetime | None = None) -> dt.datetime | None:
    """After a refused check, when the patient may measure again (None: no wait, or no
    more checks today)."""
    return safety.recheck_from(dosing_facts(patient, now or timezone.now()))


# Starting a home session -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionStart:
    """One attempt to start: the check recorded, the verdict, and the session if it began."""

    check: SafetyCheck
    verdict: safety.SessionVerdict
    session: HomeSession | None

    @property
    def allowed(self) -> bool:
        return self.session is not None


def do_start_home_session(
    patient: Patient,
    *,
    by: User,
    readings: safety.VitalSigns,
    checklist: safety.SessionChecklist,
    now: dt.datetime | None = None,
) -> SessionStart:
    """The whole gate and the dose, in one step that two taps cannot both pass.

    The attempt is recorded as a safety check whatever the verdict (a refused one counts
    towards "no dose today"); when nothing refuses, the session starts with the dose the
    gate offers, taken from the fill on hand. The patient's row is locked first, so twenty
    attempts at once start one session at most.
    """
    with transaction.atomic():
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        # The clock is read once the lock is held: a moment read before it could fall
        # before a session another tap started meanwhile, and the gate would not see it.
        moment = now or timezone.now()
        facts = dosing_facts(patient, moment)
        verdict = safety.check_session_start(facts, readings, checklist, safety_policy())
        check = SafetyCheck.objects.create(
            patient=patient,
            checked_at=moment,
            systolic=readings.systolic,
            diastolic=readings.diastolic,
            pulse=readings.pulse,
            **checklist.as_dict(),
            passed=verdict.may_start,
            refusals=verdict.codes,
        )
        kind = "journal.safety_check_passed" if verdict.may_start else "journal.safety_check_failed"
        record_step(patient, kind, check, by=by, summary="Safety check before a session")
        session = None
        if verdict.may_start and verdict.dose_mg is not None:
            session = _begin_session(patient, check, verdict.dose_mg, moment, by=by)
    return SessionStart(check, verdict, session)


def _begin_session(
    patient: Patient, check: SafetyCheck, dose_mg: int, moment: dt.datetime, *, by: User
) -> HomeSession:
    prescription = current_prescription(patient, moment)
    on_hand, _ = supply_for_session(patient, moment)
    assert prescription is not None and on_hand is not None  # no_supply refused otherwise
    session = HomeSession.objects.create(
        patient=patient,
        prescription=prescription,
        fill=on_hand.fill,
        safety_check=check,
        started_at=moment,
        units_taken=dose_mg // prescription.strength_mg,
        mg=dose_mg,
    )
    record_step(patient, "journal.session_started", session, by=by, summary="Home session")
    return session


def exercise_programme(plan: TreatmentPlan, patient: Patient) -> exercises.ExerciseProgramme:
    """The plan's programme; a GMI patient moves on through the phases as their logs allow."""
    starting = {
        ExerciseProgramme.GRADED_MOTOR_IMAGERY_LATERALITY: exercises.GmiPhase.LIMB_RECOGNITION,
        ExerciseProgramme.GRADED_MOTOR_IMAGERY_IMAGINED: exercises.GmiPhase.IMAGINED_MOVEMENT,
        ExerciseProgramme.GRADED_MOTOR_IMAGERY_MIRROR: exercises.GmiPhase.MIRROR_THERAPY,
    }.get(ExerciseProgramme(plan.exercise_programme))
    if starting is None:
        desensitisation = plan.exercise_programme == ExerciseProgramme.DESENSITISATION
        return exercises.ExerciseProgramme(None, desensitisation)
    reached = gmi_progress(patient).phase
    return exercises.ExerciseProgramme(max(starting, reached), False)


def gmi_progress(patient: Patient) -> exercises.PhaseProgress:
    done = patient.exercise_logs.filter(done_at__isnull=False)
    return exercises.phase_progress(
        exercises.ExerciseLog(log.exercise, log.done_at, log.completed, log.discomfort or 0)
        for log in done
        if log.done_at is not None
    )


@dataclass(frozen=True, slots=True)
class FinishedSession:
    session: HomeSession
    flags: list[FlagKind]
    exercises: list[ExerciseLog]
    holds: frozenset[Hold]

    @property
    def crisis(self) -> bool:
        """Whether 988 and 911 go in front of the patient at once."""
        return bool(CRISIS_FLAGS & set(self.flags))


def do_finish_home_session(
    session: HomeSession,
    *,
    by: User,
    after_log: safety.AfterSessionLog,
    now: dt.datetime | None = None,
) -> FinishedSession:
    """Record the after-log; raise every flag it calls for; schedule the exercise window.

    A report is never refused for what it says: only a log already written, or numbers
    that cannot be real, are sent back.
    """
    if session.finished_at is not None:
        raise JournalRefused(["This session's after-questions are already answered."])
    if problems := safety.validate_after_log(after_log):
        raise JournalRefused(problems)
    moment = now or timezone.now()
    flags = safety.after_session_flags(after_log)
    patient = session.patient
    with transaction.atomic():
        session.finished_at = moment
        session.pain_now = after_log.pain_now
        session.dissociation = after_log.dissociation
        session.side_effects = sorted(str(effect) for effect in after_log.side_effects)
        pressure = after_log.blood_pressure
        session.after_systolic = pressure.systolic if pressure else None
        session.after_diastolic = pressure.diastolic if pressure else None
        session.self_harm_thoughts = after_log.self_harm_thoughts
        session.note = after_log.note.strip()
        session.red_flags = [str(flag) for flag in flags]
        session.save()
        record_step(patient, "journal.session_finished", session, by=by, summary="Home session")
        scheduled: list[ExerciseLog] = []
        plan = current_plan(patient, moment)
        if plan is not None:
            programme = exercise_programme(plan, patient)
            end = moment.astimezone(patient_zone(patient))
            scheduled = [
                ExerciseLog.objects.create(
                    patient=patient,
                    session=session,
                    exercise=slot.exercise.code,
                    phase=slot.exercise.phase,
                    scheduled_for=slot.starts_at,
                )
                for slot in exercises.schedule_window(end, programme)
            ]
            _schedule_first_check_ins(patient, plan, moment)
        do_raise_flags(patient, flags, by=by, target=session, now=moment)
    return FinishedSession(session, flags, scheduled, open_holds(patient, moment))


# Check-ins -------------------------------------------------------------------------------


def _schedule_first_check_ins(patient: Patient, plan: TreatmentPlan, after: dt.datetime) -> None:
    """The first check-in of each of the patient's instruments (the PHQ-9 among them, for
    every patient), one interval after ``after``, unless that instrument was ever scheduled
    or done. The interval is ``schedule.check_in_every_days``."""
    pathways = patient.assessment.pathways if patient.assessment is not None else []
    known = set(patient.check_ins.values_list("instrument", flat=True))
    today = patient_today(patient, after)
    CheckIn.objects.bulk_create(
        CheckIn(
            patient=patient,
            instrument=code,
            due_on=today + dt.timedelta(days=check_in_every_days(code, plan.check_in_every_days)),
        )
        for code in instruments_for(pathways)
        if code not in known
    )


@dataclass(frozen=True, slots=True)
class CompletedCheckIn:
    check_in: CheckIn
    flags: list[FlagKind]
    holds: frozenset[Hold]

    @property
    def crisis(self) -> bool:
        return bool(CRISIS_FLAGS & set(self.flags))


def do_complete_check_in(
    patient: Patient,
    *,
    by: User,
    instrument: InstrumentCode,
    responses: dict[str, int | bool],
    now: dt.datetime | None = None,
    language: str = ENGLISH,
) -> CompletedCheckIn:
    """Validate, score and store a check-in with its FHIR Observation and the language and
    wording it was answered in (``language``: the page's, English unless Spanish); schedule
    the next one interval on (``schedule.check_in_every_days``: the plan's, and never more
    than 28 days for the PHQ-9).

    PHQ-9 item 9 at 1 or more raises the ``suicidality`` flag, which opens the suicidality
    hold: the page shows 988 and 911 at once, and no dose, prescription or refill follows
    until a clinician has spoken with the patient and cleared it.
    """
    definition = INSTRUMENTS.in_language(instrument, language)
    if problems := validate_responses(definition, responses):
        raise JournalRefused(problems)
    score = score_responses(definition, responses)
    moment = now or timezone.now()
    observation = check_in_observation_json(
        definition,
        responses,
        subject_reference=f"Patient/{patient.public_id}",
        effective=moment.astimezone(patient_zone(patient)),
    )
    with transaction.atomic():
        check_in = (
            patient.check_ins.filter(instrument=instrument, completed_at__isnull=True)
            .order_by("due_on")
            .first()
        ) or CheckIn(patient=patient, instrument=instrument, due_on=patient_today(patient, moment))
        check_in.completed_at = moment
        check_in.responses = dict(responses)
        check_in.score = score.as_record()
        check_in.observation = observation
        check_in.wording = definition.wording.ref
        check_in.language = definition.wording.language
        check_in.save()
        record_step(patient, "journal.check_in_completed", check_in, by=by, summary="Check-in")
        plan = current_plan(patient, moment)
        every = check_in_every_days(instrument, plan.check_in_every_days if plan else None)
        CheckIn.objects.create(
            patient=patient,
            instrument=instrument,
            due_on=patient_today(patient, moment) + dt.timedelta(days=every),
        )
        flags = [FlagKind.SUICIDALITY] if score.crisis else []
        do_raise_flags(patient, flags, by=by, target=check_in, now=moment)
    return CompletedCheckIn(check_in, flags, open_holds(patient, moment))


# Exercises -------------------------------------------------------------------------------


def do_log_exercise(
    patient: Patient,
    *,
    by: User,
    exercise: str,
    completed: bool,
    discomfort: int,
    note: str = "",
    scheduled: ExerciseLog | None = None,
) -> ExerciseLog:
    """Log an exercise done in the window: a scheduled one, or one done on its own."""
    now = timezone.now()
    pure = exercises.ExerciseLog(exercise, now, completed, discomfort)
    if problems := exercises.validate_exercise_log(pure):
        raise JournalRefused(problems)
    if scheduled is not None and (scheduled.patient_id != patient.pk or scheduled.done_at):
        raise JournalRefused(["That exercise is already logged."])
    with transaction.atomic():
        log = scheduled or ExerciseLog(
            patient=patient, exercise=exercise, phase=exercises.EXERCISES[exercise].phase
        )
        log.exercise = exercise
        log.done_at = now
        log.completed = completed
        log.discomfort = discomfort
        log.note = note.strip()
        log.save()
        record_step(patient, "journal.exercise_logged", log, by=by, summary="Exercise logged")
    return log
