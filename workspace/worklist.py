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
from enum import IntEnum

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import User
from assessment.models import AssessmentOutcome
from care.models import (
    AdverseEvent,
    AdverseEventGrade,
    CandidateDecision,
    ClinicianFlag,
    Consult,
    ConsultStatus,
    FlagReason,
)
from care.times import patient_zone
from clinical import schedule
from clinical.holds import FlagKind
from clinical.refills import RefillFlag
from credentials.actions import licensed_states
from foundation.addresses import address_of
from journal.models import CheckIn
from patients.models import Patient, PatientStatus
from pharmacy.records import refills_awaiting

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
    chart: str
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
    url = address_of("workspace:chart", patient.public_id)
    return f"{url}#{section}" if section else url


# What a row needs of its patient (the time zone for a missed check-in): where a row comes
# with more than it shows (a check-in's answers, an assessment's), only these are read.
PATIENT_SHOWN = ("public_id", "legal_name", "state", "time_zone")


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
        chart_url(patient),
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


def _consults_today(clinician: User, states: frozenset[str]) -> list[WorkItem]:
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
            address_of("pharmacy:refill_request", refill.public_id),
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
    waiting = (
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
        .only("due_on", *(f"patient__{field}" for field in PATIENT_SHOWN))
        .order_by("due_on", "pk")
    )
    # Read a page at a time after the last row read, in the order of the index of unflagged
    # check-ins (journal 0006): with a limit PostgreSQL walks it and stops; without one it
    # guesses that most check-ins are unflagged and reads every patient in treatment.
    items: dict[int, WorkItem] = {}
    after = Q()
    while True:
        page = list(waiting.filter(after)[:CHECK_INS_AT_ONCE])
        for row in page:
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
                return list(items.values())
        if len(page) < CHECK_INS_AT_ONCE:
            return list(items.values())
        last = page[-1]
        after = Q(due_on__gt=last.due_on) | Q(due_on=last.due_on, pk__gt=last.pk)


CHECK_INS_AT_ONCE = 4 * (MOST_PER_KIND + 1)
"""Check-ins read at once for the missed ones: a page more than enough for most queues."""


CANDIDATES_AT_ONCE = 2 * (MOST_PER_KIND + 1)
"""Candidates read at once, in the order they have waited, before checking for decisions."""


def _first_candidates(states: frozenset[str]) -> list[int]:
    """The ids of the candidates who have waited longest with no decision yet, at most
    ``MOST_PER_KIND + 1``.

    An assessment is written once, when it is completed, so assessments are numbered in the
    order they were completed: the candidates with the lowest assessment numbers have waited
    longest. The patients' index of candidates holds that number (patients 0006), so the
    database walks it in order and stops at the limit, however many wait (ordered by the
    completion time itself, it read and sorted every candidate in the states: 16 ms at a
    million patients). The rows shown are still ordered by that time (``queue_for``).
    Read a page at a time, each page's decisions looked up after: a decision moves a patient
    on, so a page nearly always holds enough, and the decisions are read for it, not for
    every candidate waiting."""
    waiting = Patient.objects.filter(
        state__in=states,
        status__in=[PatientStatus.CANDIDATE, PatientStatus.READY_FOR_CONSULT],
        assessment__outcome__in=[AssessmentOutcome.ELIGIBLE, AssessmentOutcome.CLINICIAN_REVIEW],
    ).order_by("assessment_id", "pk")
    found: list[int] = []
    after = Q()
    while True:
        page = list(waiting.filter(after).values_list("pk", "assessment_id")[:CANDIDATES_AT_ONCE])
        decided = set(
            CandidateDecision.objects.filter(patient_id__in=[pk for pk, _ in page]).values_list(
                "patient_id", flat=True
            )
        )
        found += [pk for pk, _ in page if pk not in decided]
        if len(found) > MOST_PER_KIND or len(page) < CANDIDATES_AT_ONCE:
            return found[: MOST_PER_KIND + 1]
        last, assessment = page[-1]
        after = Q(assessment_id__gt=assessment) | Q(assessment_id=assessment, pk__gt=last)


def _candidates(states: frozenset[str]) -> list[WorkItem]:
    patients = (
        Patient.objects.filter(pk__in=_first_candidates(states))
        .select_related("assessment")
        .only(*PATIENT_SHOWN, "assessment__outcome", "assessment__completed_at")
        .order_by("assessment__completed_at", "pk")
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


def queue_for(clinician: User) -> Queue:
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


def work_for(clinician: User) -> list[WorkItem]:
    """Everything the queue shows this clinician (``queue_for``)."""
    return queue_for(clinician).items
