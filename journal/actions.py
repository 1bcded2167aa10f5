"""The journal's verbs: the safety gate, home sessions, check-ins and exercise logs.

Each verb reads the facts from the database, asks the pure rule in ``journal/`` (never a
copy of it), writes its rows, an audit event and a timeline entry in one transaction.
Timeline summaries and emails never carry health details.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from audit.events import record_event
from care.actions import do_raise_flag, do_report_adverse_event
from care.models import (
    AdverseEventGrade,
    ExerciseProgramme,
    FlagReason,
    Prescription,
    PrescriptionStatus,
    TreatmentPlan,
)
from journal import exercises, safety
from journal.dosing import DoseOffer, PrescribedDose, dose_offer
from journal.fhir import check_in_observation_json
from journal.instruments import INSTRUMENTS, InstrumentCode, score_responses, validate_responses
from journal.models import CheckIn, ExerciseLog, HomeSession, SafetyCheck
from journal.schedule import instruments_for
from patients.models import Patient
from patients.timeline import add_timeline_event
from pharmacy.models import Fill, FillStatus, ShipmentStatus

SAFETY_CHECK_GOOD_FOR = dt.timedelta(minutes=30)
"""How long a passed safety check may be used to start a session."""


class JournalRefused(Exception):
    """The journal cannot record this; ``reasons`` says why, in plain words."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


# Facts read from the database ------------------------------------------------------------


def patient_zone(patient: Patient) -> dt.tzinfo:
    """The patient's own time zone (the practice's when unknown)."""
    try:
        return ZoneInfo(patient.time_zone) if patient.time_zone else timezone.get_current_timezone()
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def patient_today(patient: Patient, now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(patient_zone(patient)).date()


def current_plan(patient: Patient) -> TreatmentPlan | None:
    return patient.treatment_plans.order_by("-written_at").first()


def current_prescription(patient: Patient) -> Prescription | None:
    """The newest signed prescription that has not expired."""
    return (
        patient.prescriptions.filter(
            status=PrescriptionStatus.SIGNED, expires_on__gte=patient_today(patient)
        )
        .order_by("-issued_at")
        .first()
    )


ON_HAND_SHIPMENTS = (
    ShipmentStatus.DELIVERED,
    ShipmentStatus.SHIPPED,
    ShipmentStatus.OUT_FOR_DELIVERY,
)
"""A fill counts as on hand once delivered, or once shipped while no delivery event says
otherwise (a failed attempt or a return means the patient does not have it)."""


def units_left(fill: Fill) -> int:
    """The fill's quantity dispensed less the units taken in sessions against it."""
    taken = fill.home_sessions.aggregate(total=Sum("units_taken"))["total"] or 0
    return max((fill.quantity_dispensed or 0) - taken, 0)


def fills_on_hand(prescription: Prescription, today: dt.date) -> list[Fill]:
    """The prescription's fills the patient has, delivered ones first, oldest first.

    A fill past its beyond-use date is not on hand: it must not be taken.
    """
    fills = (
        Fill.objects.filter(
            prescription=prescription,
            status=FillStatus.SHIPPED,
            quantity_dispensed__isnull=False,
            shipment__status__in=ON_HAND_SHIPMENTS,
        )
        .exclude(beyond_use_date__lt=today)
        .select_related("shipment")
    )
    return sorted(
        fills,
        key=lambda fill: (
            fill.shipment.status != ShipmentStatus.DELIVERED,
            fill.shipment.delivered_at or fill.shipment.shipped_at,
            fill.pk,
        ),
    )


def current_fill(patient: Patient, prescription: Prescription | None = None) -> Fill | None:
    """The fill the next dose comes from, or None when no fill is on hand.

    The first fill on hand with units left; when every one is used up, the last of them,
    so the page can say the fill is empty and a refill can be asked for.
    """
    prescription = prescription or current_prescription(patient)
    if prescription is None:
        return None
    on_hand = fills_on_hand(prescription, patient_today(patient))
    with_units = [fill for fill in on_hand if units_left(fill) > 0]
    if with_units:
        return with_units[0]
    return on_hand[-1] if on_hand else None


def dosing_on_hold(patient: Patient) -> bool:
    return patient.adverse_events.filter(
        grade=AdverseEventGrade.SERIOUS, cleared_at__isnull=True
    ).exists()


def offer_for(
    patient: Patient, prescription: Prescription, plan: TreatmentPlan, fill: Fill | None
) -> DoseOffer:
    """The most the page may offer today, from ``journal.dosing.dose_offer``.

    ``fill`` is the fill the dose would come from (``current_fill``); None offers nothing.
    """
    zone = patient_zone(patient)
    today = patient_today(patient)
    since = timezone.now() - dt.timedelta(days=14)
    dates = [
        started.astimezone(zone).date()
        for started in patient.home_sessions.filter(started_at__gte=since).values_list(
            "started_at", flat=True
        )
    ]
    return dose_offer(
        plan.current_limits,
        PrescribedDose(
            strength_mg=prescription.strength_mg,
            units_per_dose=prescription.units_per_dose,
            max_doses_per_week=prescription.doses_per_week,
        ),
        dates,
        units_left(fill) if fill is not None else None,
        dosing_on_hold(patient),
        today=today,
    )


def _verdict(check: SafetyCheck) -> safety.SafetyVerdict:
    """A stored check as the pure verdict ``should_flag_clinician`` reads."""
    items = [safety.SafetyItem(item) for item in check.failed_items]
    return safety.SafetyVerdict(
        check.checked_at,
        tuple(safety.SafetyProblem(item, "") for item in items),
        check.very_high_blood_pressure,
    )


def _record(patient: Patient, kind: str, target: Any, *, by: Any, summary: str) -> None:
    record_event(kind, actor=by, target=target, patient=patient)
    add_timeline_event(patient, kind, summary=summary, actor=by, detail={"id": target.pk})


def flag_clinician(patient: Patient, *, by: Any, target: Any, reason: FlagReason) -> None:
    """Put the patient in their clinicians' queue today and email them (no health details)."""
    _record(patient, "journal.clinician_flagged", target, by=by, summary="Clinician flagged")
    do_raise_flag(patient, reason=reason, by=by, target=target)


# The safety gate -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SafetyCheckResult:
    check: SafetyCheck
    verdict: safety.SafetyVerdict
    clinician_flagged: bool


def do_check_session_safety(
    patient: Patient,
    *,
    by: Any,
    readings: safety.VitalSigns,
    checklist: safety.SessionChecklist,
) -> SafetyCheckResult:
    """Run the gate against the plan's limits and record the attempt, passed or failed."""
    plan = current_plan(patient)
    if plan is None:
        raise JournalRefused(["You do not have a treatment plan yet."])
    verdict = safety.check_session_safety(plan.limits.safety, readings, checklist)
    with transaction.atomic():
        check = SafetyCheck.objects.create(
            patient=patient,
            checked_at=readings.taken_at,
            systolic=readings.systolic,
            diastolic=readings.diastolic,
            heart_rate=readings.heart_rate,
            monitor_present=checklist.monitor_present,
            nothing_eaten_for_two_hours=checklist.nothing_eaten_for_two_hours,
            no_driving_for_rest_of_day=checklist.no_driving_for_rest_of_day,
            safe_place_to_rest=checklist.safe_place_to_rest,
            passed=verdict.may_start,
            failed_items=[str(item) for item in verdict.failed_items],
            very_high_blood_pressure=verdict.very_high_blood_pressure,
        )
        kind = "journal.safety_check_passed" if verdict.may_start else "journal.safety_check_failed"
        _record(patient, kind, check, by=by, summary="Safety check before a session")
        flagged = False
        if verdict.vital_signs_failed:
            since = readings.taken_at - safety.FLAG_WINDOW
            recent = patient.safety_checks.filter(
                checked_at__gte=since, checked_at__lte=readings.taken_at
            )
            if safety.should_flag_clinician([_verdict(c) for c in recent]):
                flagged = True
                check.clinician_flagged = True
                check.save(update_fields=["clinician_flagged"])
    if flagged:
        flag_clinician(patient, by=by, target=check, reason=FlagReason.VITAL_SIGNS_AGAIN)
    return SafetyCheckResult(check, verdict, flagged)


# Home sessions ---------------------------------------------------------------------------


def do_start_home_session(
    patient: Patient, *, by: Any, safety_check: SafetyCheck, units: int | None = None
) -> HomeSession:
    """Start a session after a passed check, with no more than ``dose_offer`` allows.

    The dose is taken from ``current_fill`` and recorded against it; with no fill on hand
    nothing is offered. ``units`` defaults to the whole offer; asking for more than the
    offer is refused.
    """
    if safety_check.patient_id != patient.pk or not safety_check.passed:
        raise JournalRefused(["Complete the safety check before you start."])
    if timezone.now() - safety_check.checked_at > SAFETY_CHECK_GOOD_FOR:
        raise JournalRefused(["Your safety check is more than 30 minutes old. Check again."])
    if HomeSession.objects.filter(safety_check=safety_check).exists():
        raise JournalRefused(["This safety check has already started a session."])
    plan = current_plan(patient)
    prescription = current_prescription(patient)
    if plan is None or prescription is None:
        raise JournalRefused(["You do not have a current prescription."])
    with transaction.atomic():
        # One start at a time per patient, so two taps cannot both take the week's last dose.
        Patient.objects.select_for_update().filter(pk=patient.pk).first()
        fill = current_fill(patient, prescription)
        offer = offer_for(patient, prescription, plan, fill)
        if not offer.may_dose:
            raise JournalRefused(list(offer.reasons) or ["No dose can be offered today."])
        taking = offer.units if units is None else units
        if not 1 <= taking <= offer.units:
            raise JournalRefused([f"Take {offer.units} at most today, as your directions say."])
        session = HomeSession.objects.create(
            patient=patient,
            prescription=prescription,
            fill=fill,
            safety_check=safety_check,
            started_at=timezone.now(),
            units_taken=taking,
            mg=taking * prescription.strength_mg,
        )
        _record(patient, "journal.session_started", session, by=by, summary="Home session")
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
    red_flags: list[safety.RedFlag]
    exercises: list[ExerciseLog]


def do_finish_home_session(
    session: HomeSession, *, by: Any, after_log: safety.AfterSessionLog
) -> FinishedSession:
    """Record the after-log; each red flag opens an adverse event; schedule the window."""
    if session.finished_at is not None:
        raise JournalRefused(["This session's after-questions are already answered."])
    if problems := safety.validate_after_log(after_log):
        raise JournalRefused(problems)
    flags = safety.red_flags(after_log)
    patient = session.patient
    with transaction.atomic():
        session.finished_at = timezone.now()
        session.pain_now = after_log.pain_now
        session.dissociation = after_log.dissociation
        session.side_effects = sorted(str(effect) for effect in after_log.side_effects)
        pressure = after_log.blood_pressure
        session.after_systolic = pressure.systolic if pressure else None
        session.after_diastolic = pressure.diastolic if pressure else None
        session.self_harm_thoughts = after_log.self_harm_thoughts
        session.note = after_log.note.strip()
        session.red_flags = [str(flag.kind) for flag in flags]
        session.save()
        _record(patient, "journal.session_finished", session, by=by, summary="Home session")
        for flag in flags:
            do_report_adverse_event(
                patient,
                by=by,
                grade=str(flag.grade),
                description=f"Reported after a home session: {flag.kind.replace('_', ' ')}.",
            )
        scheduled: list[ExerciseLog] = []
        plan = current_plan(patient)
        if plan is not None:
            programme = exercise_programme(plan, patient)
            end = session.finished_at.astimezone(patient_zone(patient))
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
            _schedule_first_check_ins(patient, plan, session.finished_at)
    if flags:
        flag_clinician(patient, by=by, target=session, reason=FlagReason.RED_FLAG)
    return FinishedSession(session, flags, scheduled)


# Check-ins -------------------------------------------------------------------------------


def _schedule_first_check_ins(patient: Patient, plan: TreatmentPlan, after: dt.datetime) -> None:
    """The first check-in of each of the patient's instruments, one plan interval after
    ``after``, unless that instrument was ever scheduled or done."""
    pathways = patient.assessment.pathways if patient.assessment is not None else []
    known = set(patient.check_ins.values_list("instrument", flat=True))
    due_on = patient_today(patient, after) + dt.timedelta(days=plan.check_in_every_days)
    CheckIn.objects.bulk_create(
        CheckIn(patient=patient, instrument=code, due_on=due_on)
        for code in instruments_for(pathways)
        if code not in known
    )


@dataclass(frozen=True, slots=True)
class CompletedCheckIn:
    check_in: CheckIn
    crisis: bool


def do_complete_check_in(
    patient: Patient, *, by: Any, instrument: InstrumentCode, responses: dict[str, int | bool]
) -> CompletedCheckIn:
    """Validate, score and store a check-in with its FHIR Observation.

    PHQ-9 item 9 at 1 or more: ``crisis`` tells the page to show the crisis resources at
    once, and the clinician is flagged the same day.
    """
    definition = INSTRUMENTS[instrument]
    if problems := validate_responses(definition, responses):
        raise JournalRefused(problems)
    score = score_responses(definition, responses)
    now = timezone.now()
    observation = check_in_observation_json(
        definition,
        responses,
        subject_reference=f"Patient/{patient.public_id}",
        effective=now.astimezone(patient_zone(patient)),
    )
    with transaction.atomic():
        check_in = (
            patient.check_ins.filter(instrument=instrument, completed_at__isnull=True)
            .order_by("due_on")
            .first()
        ) or CheckIn(patient=patient, instrument=instrument, due_on=patient_today(patient))
        check_in.completed_at = now
        check_in.responses = dict(responses)
        check_in.score = {
            "total": str(score.total),
            "severity": str(score.severity) if score.severity else None,
            "positive_screen": score.positive_screen,
            "crisis": score.crisis,
            "plain": score.plain,
        }
        check_in.observation = observation
        check_in.save()
        _record(patient, "journal.check_in_completed", check_in, by=by, summary="Check-in")
        plan = current_plan(patient)
        every = plan.check_in_every_days if plan is not None else 7
        CheckIn.objects.create(
            patient=patient,
            instrument=instrument,
            due_on=patient_today(patient, now) + dt.timedelta(days=every),
        )
    if score.crisis:
        flag_clinician(patient, by=by, target=check_in, reason=FlagReason.SELF_HARM_THOUGHTS)
    return CompletedCheckIn(check_in, score.crisis)


# Exercises -------------------------------------------------------------------------------


def do_log_exercise(
    patient: Patient,
    *,
    by: Any,
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
        _record(patient, "journal.exercise_logged", log, by=by, summary="Exercise logged")
    return log
