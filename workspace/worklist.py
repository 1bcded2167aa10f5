"""What needs a clinician, most urgent first, and everything a chart shows.

Both read a fixed number of queries whatever the number of patients or events, and
only ever patients in the states where the clinician holds an active licence.

The queue, most urgent first (then whoever has waited longest):

0. a serious adverse event not yet reviewed; an urgent flag (thoughts of self-harm or
   death, a severe reaction, a very high blood pressure, no word after a session);
1. a video visit booked with this clinician today;
2. any other flag raised after a session (bladder symptoms, strong dissociation, vomiting);
3. a mild or moderate adverse event nobody has reviewed yet;
4. a refill request waiting for a clinician;
5. a missed check-in (one per patient, from ``clinical.schedule``; an open "missed a
   check-in" flag stands for it, and one seen to after the check-in was missed clears it);
6. a candidate whose assessment asks for a clinician's review;
7. an eligible candidate waiting for their consult.

Each kind shows at most ``MOST_PER_KIND`` items, those that have waited longest, each read
with a limit in the database: a practice of a million patients has a queue a person can
read, and the page says when more are waiting.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from assessment.models import AssessmentOutcome
from care.actions import SUICIDE_RISK_REASON
from care.holds import HOLD_TITLES, open_holds
from care.models import (
    AdverseEvent,
    AdverseEventGrade,
    ClinicianFlag,
    Consult,
    ConsultStatus,
    FlagReason,
    PlanReview,
)
from care.records import latest_weight
from care.times import patient_zone
from clinical import exercises, outcomes, schedule
from clinical.holds import FlagKind, Hold
from clinical.refills import RefillFlag
from credentials.actions import licensed_states
from journal.models import CheckIn
from journal.progress import score_series
from patients.models import Message, MessageTopic, Patient, PatientStatus
from pharmacy.models import Fill, RefillRequest
from pharmacy.records import refills_awaiting
from questionnaires.instruments import InstrumentCode

MOST_PER_KIND = 100
"""The most items of one kind the queue shows: those that have waited longest."""


class Urgency(IntEnum):
    """How soon a clinician should look; lower comes first."""

    URGENT = 0
    CONSULT_TODAY = 1
    VITAL_SIGNS = 2
    ADVERSE_EVENT = 3
    REFILL = 4
    MISSED_CHECK_IN = 5
    NEEDS_REVIEW = 6
    NEW_CANDIDATE = 7


@dataclass(frozen=True)
class WorkItem:
    """One thing waiting for a clinician, and the page where they deal with it."""

    urgency: Urgency
    kind: str
    since: dt.datetime
    patient_id: uuid.UUID
    patient_name: str
    state: str
    url: str
    action: str
    note: str = ""

    @property
    def waiting(self) -> dt.timedelta:
        return timezone.now() - self.since

    @property
    def urgent(self) -> bool:
        return self.urgency is Urgency.URGENT


def flag_urgency(reason: str) -> Urgency:
    """Urgent flags first; a missed check-in with the missed check-ins; the rest after
    today's visits."""
    if reason == FlagReason.MISSED_CHECK_IN:
        return Urgency.MISSED_CHECK_IN
    if reason in FlagKind.__members__.values() and FlagKind(reason).urgent:
        return Urgency.URGENT
    return Urgency.VITAL_SIGNS


REFILL_NOTES = {RefillFlag.EARLY_REFILL: "Early (less than three quarters used)"}


def chart_url(patient: Patient, section: str = "") -> str:
    url = reverse("workspace:chart", args=[patient.public_id])
    return f"{url}#{section}" if section else url


def _item(
    urgency: Urgency,
    kind: str,
    since: dt.datetime,
    patient: Patient,
    url: str,
    action: str = "Open the chart",
    note: str = "",
) -> WorkItem:
    return WorkItem(
        urgency,
        kind,
        since,
        patient.public_id,
        patient.legal_name,
        patient.state,
        url,
        action,
        note,
    )


def _adverse_events(states: frozenset[str]) -> list[WorkItem]:
    waiting = AdverseEvent.objects.filter(
        reviewed_at__isnull=True, patient__state__in=states
    ).select_related("patient")
    # Serious ones are urgent: read apart, so that no number of milder ones crowds them out.
    serious = waiting.filter(grade=AdverseEventGrade.SERIOUS)
    milder = waiting.exclude(grade=AdverseEventGrade.SERIOUS)
    events = [
        event
        for found in (serious, milder)
        for event in found.order_by("reported_at", "pk")[: MOST_PER_KIND + 1]
    ]
    return [
        _item(
            Urgency.URGENT if event.grade == AdverseEventGrade.SERIOUS else Urgency.ADVERSE_EVENT,
            "Serious adverse event"
            if event.grade == AdverseEventGrade.SERIOUS
            else f"{event.get_grade_display()} adverse event",
            event.reported_at,
            event.patient,
            chart_url(event.patient, "adverse-events"),
            "Review the event",
        )
        for event in events
    ]


URGENT_REASONS = sorted(
    str(kind) for kind in FlagKind if kind.urgent and kind != FlagReason.MISSED_CHECK_IN
)


def _open_flags(states: frozenset[str]) -> list[ClinicianFlag]:
    """The open flags, of each urgency those raised first."""
    open_flags = ClinicianFlag.objects.filter(
        acknowledged_at__isnull=True, patient__state__in=states
    ).select_related("patient")
    groups = (
        open_flags.filter(reason__in=URGENT_REASONS),
        open_flags.filter(reason=FlagReason.MISSED_CHECK_IN),
        open_flags.exclude(reason__in=[*URGENT_REASONS, FlagReason.MISSED_CHECK_IN]),
    )
    return [
        flag for group in groups for flag in group.order_by("raised_at", "pk")[: MOST_PER_KIND + 1]
    ]


def _flag_items(flags: list[ClinicianFlag]) -> list[WorkItem]:
    return [
        _item(
            flag_urgency(flag.reason),
            flag.get_reason_display(),
            flag.raised_at,
            flag.patient,
            chart_url(flag.patient, "flags"),
            "See to the flag",
        )
        for flag in flags
    ]


def _consults_today(clinician: Any, states: frozenset[str]) -> list[WorkItem]:
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    starts = dt.datetime.combine(today, dt.time.min, tzinfo=zone)
    consults = Consult.objects.filter(
        clinician=clinician,
        status=ConsultStatus.BOOKED,
        starts_at__gte=starts,
        starts_at__lt=starts + dt.timedelta(days=1),
        patient__state__in=states,
    ).select_related("patient")[: MOST_PER_KIND + 1]
    return [
        _item(
            Urgency.CONSULT_TODAY,
            f"Video visit at {timezone.localtime(consult.starts_at):%H:%M}",
            consult.booked_at,
            consult.patient,
            chart_url(consult.patient),
        )
        for consult in consults
    ]


def _refills(states: frozenset[str]) -> list[WorkItem]:
    return [
        _item(
            Urgency.REFILL,
            "Refill request",
            refill.requested_at,
            refill.prescription.patient,
            reverse("pharmacy:refill_request", args=[refill.public_id]),
            "Answer the request",
            ", ".join(REFILL_NOTES.get(flag, flag) for flag in refill.flags),
        )
        for refill in refills_awaiting(states)[: MOST_PER_KIND + 1]
    ]


def missed_since(due_on: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """The start of the first day on which a check-in due on ``due_on`` counts as missed."""
    day = due_on + dt.timedelta(days=schedule.GRACE_DAYS + 1)
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def _missed_check_ins(states: frozenset[str]) -> list[WorkItem]:
    """One item per patient for their earliest missed check-in, unless already flagged.

    A check-in the worker has flagged (``missed_flagged_at``) never shows: its flag is in
    the queue while open, and once seen to it clears the check-in, having been raised after
    it was missed. So only the few not flagged yet are read.
    """
    open_missed_flag = ClinicianFlag.objects.filter(
        patient=OuterRef("patient"),
        reason=FlagReason.MISSED_CHECK_IN,
        acknowledged_at__isnull=True,
    )
    last_seen = (
        ClinicianFlag.objects.filter(
            patient=OuterRef("patient"),
            reason=FlagReason.MISSED_CHECK_IN,
            acknowledged_at__isnull=False,
        )
        .order_by("-acknowledged_at")
        .values("acknowledged_at")[:1]
    )
    # A day's margin for a patient whose calendar runs ahead of the practice's.
    latest = schedule.missed_if_due_before(timezone.localdate() + dt.timedelta(days=1))
    rows = (
        CheckIn.objects.filter(
            completed_at__isnull=True,
            missed_flagged_at__isnull=True,
            due_on__lt=latest,
            patient__state__in=states,
            patient__status=PatientStatus.IN_TREATMENT,
        )
        .exclude(Exists(open_missed_flag))
        .annotate(seen_at=Subquery(last_seen))
        .select_related("patient")
        .order_by("due_on", "pk")
    )
    items: dict[int, WorkItem] = {}
    for row in rows:
        if row.patient_id in items or row.due_on is None:
            continue
        zone = patient_zone(row.patient)
        today = timezone.now().astimezone(zone).date()
        if not schedule.is_missed(row.due_on, today, completed=False):
            continue
        since = missed_since(row.due_on, zone)
        if row.seen_at is not None and row.seen_at >= since:
            continue
        items[row.patient_id] = _item(
            Urgency.MISSED_CHECK_IN,
            "Missed a check-in",
            since,
            row.patient,
            chart_url(row.patient, "check-ins"),
            "See the check-ins",
        )
        if len(items) > MOST_PER_KIND:
            break
    return list(items.values())


def _candidates(states: frozenset[str]) -> list[WorkItem]:
    patients = (
        Patient.objects.filter(
            state__in=states,
            status__in=[PatientStatus.CANDIDATE, PatientStatus.READY_FOR_CONSULT],
            assessment__outcome__in=[
                AssessmentOutcome.ELIGIBLE,
                AssessmentOutcome.CLINICIAN_REVIEW,
            ],
            decisions__isnull=True,
        )
        .select_related("assessment")
        .distinct()
        .order_by("assessment__completed_at", "pk")[: MOST_PER_KIND + 1]
    )
    items = []
    for patient in patients:
        assert patient.assessment is not None
        review = patient.assessment.outcome == AssessmentOutcome.CLINICIAN_REVIEW
        items.append(
            _item(
                Urgency.NEEDS_REVIEW if review else Urgency.NEW_CANDIDATE,
                "Candidate for review" if review else "New candidate",
                patient.assessment.completed_at,
                patient,
                chart_url(patient),
            )
        )
    return items


@dataclass(frozen=True)
class Queue:
    """What the queue shows, and whether more of some kind wait beyond it."""

    items: list[WorkItem]
    more: bool


def queue_for(clinician: Any) -> Queue:
    """What waits for this clinician, by urgency and then the longest waiting: of each kind
    the ``MOST_PER_KIND`` that have waited longest."""
    states = licensed_states(clinician.pk)
    gathered = [
        _adverse_events(states),
        _flag_items(_open_flags(states)),
        _consults_today(clinician, states),
        _refills(states),
        _missed_check_ins(states),
        _candidates(states),
    ]
    # A kind may come from two sources (urgent flags and serious adverse events): each
    # source is read longest waiting first, so the first of each kind are the right ones.
    ordered = sorted(
        (item for items in gathered for item in items), key=lambda item: (item.urgency, item.since)
    )
    shown: list[WorkItem] = []
    per_kind: dict[Urgency, int] = {}
    for item in ordered:
        per_kind[item.urgency] = per_kind.get(item.urgency, 0) + 1
        if per_kind[item.urgency] <= MOST_PER_KIND:
            shown.append(item)
    more = any(len(items) > MOST_PER_KIND for items in gathered) or len(shown) < len(ordered)
    return Queue(shown, more)


def work_for(clinician: Any) -> list[WorkItem]:
    """Everything the queue shows this clinician (``queue_for``)."""
    return queue_for(clinician).items


# The chart ------------------------------------------------------------------------------


def _change_words(baseline: int | Decimal, current: int | Decimal) -> str:
    change = outcomes.percent_change(baseline, current)
    if change is None:
        return f"Latest {current}; the baseline was 0, so there is no percent change."
    if change == 0:
        return f"Latest {current}, unchanged from the baseline of {baseline}."
    direction = "below" if change < 0 else "above"
    return f"Latest {current}, {abs(change)}% {direction} the baseline of {baseline}."


def describe_for_clinician(
    code: InstrumentCode, baseline: int | Decimal, current: int | Decimal
) -> str:
    """The change from baseline and what it means, in the clinician's words."""
    words = _change_words(baseline, current)
    if code is InstrumentCode.PEG:
        match outcomes.pain_response(baseline, current):
            case outcomes.PainResponse.SUBSTANTIAL:
                return f"{words} A substantial response (a fall of 50% or more)."
            case outcomes.PainResponse.MEANINGFUL:
                return f"{words} A meaningful response (a fall of 30% or more)."
            case _:
                return f"{words} Not yet a meaningful response, which needs a fall of 30%."
    if code is InstrumentCode.PHQ9:
        mood = outcomes.phq9_outcome(int(baseline), int(current))
        if mood.remission and mood.response:
            return f"{words} A response (a fall of 50% or more) and in remission (under 5)."
        if mood.remission:
            return f"{words} In remission (under 5)."
        if mood.response:
            return f"{words} A response (a fall of 50% or more)."
        return f"{words} No response yet, which needs a fall of 50%."
    if outcomes.fell_by(baseline, current, outcomes.MOOD_RESPONSE_DROP):
        return f"{words} A response (a fall of 50% or more, the practice's rule)."
    return f"{words} No response yet, which needs a fall of 50% (the practice's rule)."


def describe_gmi(progress: exercises.PhaseProgress) -> str:
    """Where the patient is in graded motor imagery, for the clinician."""
    if progress.finished:
        return "All three phases of graded motor imagery done; mirror therapy goes on."
    return (
        f"Phase {int(progress.phase)} of 3, {progress.phase.label}: "
        f"{progress.comfortable_logs} of {progress.logs_needed} comfortable exercises "
        "towards the next phase."
    )


def _gmi_progress(logs: list[Any]) -> exercises.PhaseProgress:
    return exercises.phase_progress(
        exercises.ExerciseLog(log.exercise, log.done_at, log.completed, log.discomfort or 0)
        for log in logs
        if log.done_at is not None
    )


def _exercise_title(code: str) -> str:
    known = exercises.EXERCISES.get(code)
    return known.title if known is not None else code.replace("_", " ")


def _missed(check_in: CheckIn, today: dt.date) -> bool:
    return check_in.due_on is not None and schedule.is_missed(
        check_in.due_on, today, completed=check_in.completed_at is not None
    )


def in_words(codes: list[str]) -> str:
    """Stored codes ("self_harm_thoughts") as words ("self harm thoughts")."""
    return ", ".join(str(code).replace("_", " ") for code in codes)


@dataclass(frozen=True)
class SessionRow:
    """A home session with its side effects and red flags in words."""

    session: Any
    side_effects: str
    red_flags: str


@dataclass(frozen=True)
class CheckInRow:
    """A check-in with its score in words and whether it counts as missed."""

    check_in: CheckIn
    score: str
    missed: bool
    crisis: bool


def _check_in_row(check_in: CheckIn, today: dt.date) -> CheckInRow:
    score = check_in.score or {}
    words = ""
    if score.get("total") is not None:
        words = str(score["total"])
        if score.get("severity"):
            words += f", {str(score['severity']).replace('_', ' ')}"
        if score.get("positive_screen"):
            words += ", positive screen"
    return CheckInRow(check_in, words, _missed(check_in, today), bool(score.get("crisis")))


def _threads(patient: Patient) -> QuerySet[Any]:
    return patient.threads.filter(topic=MessageTopic.CLINICAL).prefetch_related(
        Prefetch("messages", queryset=Message.objects.select_related("author"))
    )


@dataclass(frozen=True)
class HoldRow:
    """An open hold, in words, with the clinician's way to clear it."""

    hold: Hold
    title: str
    url: str


def needs_risk_assessment(patient: Patient) -> bool:
    """Whether the assessment found thoughts of suicide, so approval needs one on record."""
    assessment = patient.assessment
    return assessment is not None and SUICIDE_RISK_REASON in assessment.reasons


def hold_rows(patient: Patient) -> list[HoldRow]:
    """The open holds: no dose, prescription or refill until each is cleared with a note."""
    return [
        HoldRow(
            hold,
            HOLD_TITLES[hold],
            reverse("care:clear_hold", args=[patient.public_id, hold.value]),
        )
        for hold in sorted(open_holds(patient))
    ]


def chart_of(patient: Patient) -> dict[str, Any]:
    """The patient's whole course, each kind of record in one query."""
    check_ins = list(patient.check_ins.all())
    exercise_logs = list(patient.exercise_logs.filter(done_at__isnull=False))
    flags = list(patient.clinician_flags.select_related("acknowledged_by").order_by("-raised_at"))
    plans = list(patient.treatment_plans.all())
    today = timezone.now().astimezone(patient_zone(patient)).date()
    fills = (
        Fill.objects.filter(prescription__patient=patient)
        .select_related("prescription", "shipment")
        .prefetch_related("shipment__events")
        .order_by("-queued_at")
    )
    return {
        "patient": patient,
        "timeline": list(patient.timeline.select_related("actor").order_by("-at")),
        "consents": list(patient.consents.select_related("document")),
        "consults": list(
            patient.consults.select_related("clinician", "note").order_by("-starts_at")
        ),
        "budapest_exams": list(patient.budapest_exams.all()),
        "severity_scores": list(patient.severity_scores.all()),
        "diagnoses": list(patient.diagnoses.all()),
        "decisions": list(patient.decisions.select_related("decided_by")),
        "plans": plans,
        "prescriptions": list(patient.prescriptions.select_related("prescriber")),
        "adverse_events": list(patient.adverse_events.all()),
        "flags": flags,
        "open_flags": [flag for flag in flags if flag.is_open],
        "fills": list(fills),
        "refill_requests": list(
            RefillRequest.objects.filter(prescription__patient=patient).order_by("-requested_at")
        ),
        "home_sessions": [
            SessionRow(session, in_words(session.side_effects), in_words(session.red_flags))
            for session in patient.home_sessions.select_related("safety_check")
        ],
        "failed_safety_checks": [
            {"check": check, "failed": in_words(check.refusals)}
            for check in patient.safety_checks.filter(passed=False)
        ],
        "holds": hold_rows(patient),
        "weight": latest_weight(patient, today),
        "risk_assessments": list(patient.suicide_risk_assessments.select_related("assessed_by")),
        "needs_risk_assessment": needs_risk_assessment(patient),
        "plan_reviews": list(
            PlanReview.objects.filter(plan__patient=patient).select_related("reviewed_by")
        ),
        "completed_check_ins": [
            _check_in_row(c, today) for c in check_ins if c.completed_at is not None
        ],
        "due_check_ins": [
            _check_in_row(c, today)
            for c in sorted(check_ins, key=lambda c: c.due_on or today)
            if c.completed_at is None
        ],
        "instrument_charts": score_series(
            patient, check_ins=check_ins, words=describe_for_clinician
        ),
        "exercise_logs": [
            {"log": log, "title": _exercise_title(log.exercise)} for log in exercise_logs
        ],
        "gmi": describe_gmi(_gmi_progress(exercise_logs))
        if exercise_logs or any(plan.exercise_programme.startswith("gmi") for plan in plans)
        else "",
        "threads": list(_threads(patient)),
    }
