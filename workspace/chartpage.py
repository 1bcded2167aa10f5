"""The clinician's chart of one patient: a summary first, a contents list, then every
section of the course, the long ones paged.

The summary holds what a clinician needs before anything else: the holds, open flags and
unreviewed adverse events, the plan and prescription in force, the latest readings and
scores, and the next visit. Each long section (home sessions, check-ins, exercises, fills,
messages, visits, the timeline) shows one page of its newest rows and links to the older
ones with a page number in the query string (``?sessions_page=2#sessions``), nothing
else: no health data ever goes in a URL.

Every section is read in one query (or two with its prefetch) whatever the length of the
course or the page asked for; only a page number past the end costs one more, to show
the first page instead.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from care.actions import SUICIDE_RISK_REASON
from care.holds import HOLD_TITLES, open_holds
from care.models import ConsultStatus, PlanReview, PrescriptionStatus
from care.records import latest_weight
from care.times import patient_zone
from clinical import exercises, outcomes, schedule
from clinical.holds import Hold
from journal.models import CheckIn
from journal.progress import ScoreSeries, score_series
from patients.models import Message, MessageTopic, Patient
from pharmacy.models import Fill, RefillRequest
from questionnaires.instruments import InstrumentCode

# Paging --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PagedSection:
    """A long section: its anchor on the page, its query-string key and its page size."""

    anchor: str
    key: str
    rows_name: str
    size: int

    @property
    def parameter(self) -> str:
        return f"{self.key}_page"


SESSIONS = PagedSection("sessions", "sessions", "home sessions", 10)
CHECK_INS = PagedSection("check-ins", "check_ins", "check-ins", 10)
EXERCISES = PagedSection("exercises", "exercises", "exercises", 10)
FILLS = PagedSection("fills", "fills", "fills", 5)
MESSAGES = PagedSection("messages", "messages", "conversations", 5)
VISITS = PagedSection("visits", "visits", "visits", 5)
TIMELINE = PagedSection("timeline", "timeline", "events", 20)
PAGED_SECTIONS = (SESSIONS, CHECK_INS, EXERCISES, FILLS, MESSAGES, VISITS, TIMELINE)

# A page number above this is no page a person followed a link to; it reads as page 1
# (and keeps the database's OFFSET within its range).
HIGHEST_PAGE = 10_000


def page_numbers(query: Mapping[str, str]) -> dict[str, int]:
    """The page asked for in each section; anything but a whole number from 1 to
    ``HIGHEST_PAGE`` is page 1."""
    numbers = {}
    for section in PAGED_SECTIONS:
        asked = query.get(section.parameter, "")
        number = int(asked) if asked.isascii() and asked.isdecimal() and len(asked) < 6 else 1
        numbers[section.key] = number if 1 <= number <= HIGHEST_PAGE else 1
    return numbers


@dataclass(frozen=True)
class Page:
    """One page of a section's rows, newest first, with links to its neighbours."""

    section: PagedSection
    rows: list[Any]
    number: int
    newer_url: str
    older_url: str

    @property
    def several(self) -> bool:
        return bool(self.newer_url or self.older_url)


def _page_url(section: PagedSection, numbers: Mapping[str, int], number: int) -> str:
    wanted = {**numbers, section.key: number}
    query = urlencode(
        [(s.parameter, wanted[s.key]) for s in PAGED_SECTIONS if wanted.get(s.key, 1) > 1]
    )
    return f"?{query}#{section.anchor}" if query else f"?#{section.anchor}"


def _one_page(rows: Sequence[Any] | QuerySet[Any], section: PagedSection, number: int) -> list[Any]:
    """The rows of page ``number``, and the first of the next page if there is one."""
    start = (number - 1) * section.size
    return list(rows[start : start + section.size + 1])


def paged(
    rows: Sequence[Any] | QuerySet[Any], section: PagedSection, numbers: Mapping[str, int]
) -> Page:
    """Page ``numbers[section.key]`` of ``rows``, or page 1 when that one is past the end."""
    number = numbers.get(section.key, 1)
    found = _one_page(rows, section, number)
    if not found and number > 1:
        number = 1
        found = _one_page(rows, section, number)
    return Page(
        section,
        found[: section.size],
        number,
        _page_url(section, numbers, number - 1) if number > 1 else "",
        _page_url(section, numbers, number + 1) if len(found) > section.size else "",
    )


# What the chart says in words ------------------------------------------------------------


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


def _session_rows(page: Page) -> Page:
    return replace(
        page,
        rows=[
            SessionRow(session, in_words(session.side_effects), in_words(session.red_flags))
            for session in page.rows
        ],
    )


# The summary -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LatestScore:
    """An instrument's latest score, the day it was given and its change in words."""

    title: str
    score: int | Decimal
    on: dt.date
    words: str


def latest_scores(charts: list[ScoreSeries]) -> list[LatestScore]:
    return [
        LatestScore(chart.title, chart.points[-1].score, chart.points[-1].on, chart.words)
        for chart in charts
        if chart.points
    ]


def next_visit(consults: list[Any], now: dt.datetime) -> Any:
    """The soonest booked visit that has not ended, if any."""
    booked = [c for c in consults if c.status == ConsultStatus.BOOKED and c.ends_at > now]
    return min(booked, key=lambda c: c.starts_at, default=None)


# The whole chart ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Contents:
    """One entry of the chart's contents list."""

    anchor: str
    title: str


CONTENTS = (
    Contents("flags", "Flags"),
    Contents("adverse-events", "Adverse events"),
    Contents("progress", "Progress"),
    Contents("sessions", "Home sessions"),
    Contents("check-ins", "Check-ins"),
    Contents("exercises", "Exercises"),
    Contents("fills", "Fills and shipments"),
    Contents("messages", "Messages"),
    Contents("visits", "Visits and notes"),
    Contents("budapest", "Budapest exams"),
    Contents("severity", "Severity scores"),
    Contents("diagnoses", "Diagnoses"),
    Contents("decisions", "Decisions"),
    Contents("plans", "Plans"),
    Contents("prescriptions", "Prescriptions"),
    Contents("consents", "Consents"),
    Contents("assessment", "Assessment"),
    Contents("timeline", "Timeline"),
)


def chart_of(patient: Patient, numbers: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The patient's whole course, each kind of record in one query, the long sections
    at the pages in ``numbers`` (``page_numbers``; the first page of each by default)."""
    numbers = numbers or {}
    now = timezone.now()
    check_ins = list(patient.check_ins.all())
    exercise_logs = list(patient.exercise_logs.filter(done_at__isnull=False))
    flags = list(patient.clinician_flags.select_related("acknowledged_by").order_by("-raised_at"))
    plans = list(patient.treatment_plans.all())
    prescriptions = list(patient.prescriptions.select_related("prescriber"))
    adverse_events = list(patient.adverse_events.all())
    consults = list(patient.consults.select_related("clinician", "note").order_by("-starts_at"))
    today = now.astimezone(patient_zone(patient)).date()
    fills = (
        Fill.objects.filter(prescription__patient=patient)
        .select_related("prescription", "shipment")
        .prefetch_related("shipment__events")
        .order_by("-queued_at", "-pk")
    )
    sessions = patient.home_sessions.select_related("safety_check").order_by("-started_at", "-pk")
    instrument_charts = score_series(patient, check_ins=check_ins, words=describe_for_clinician)
    completed = [_check_in_row(c, today) for c in check_ins if c.completed_at is not None]
    newest_exercises = sorted(exercise_logs, key=lambda log: (log.done_at, log.pk), reverse=True)
    return {
        "patient": patient,
        "contents": [c for c in CONTENTS if c.anchor != "assessment" or patient.assessment_id],
        "timeline": paged(
            patient.timeline.select_related("actor").order_by("-at", "-pk"), TIMELINE, numbers
        ),
        "consents": list(patient.consents.select_related("document")),
        "consults": paged(consults, VISITS, numbers),
        "next_visit": next_visit(consults, now),
        "budapest_exams": list(patient.budapest_exams.all()),
        "severity_scores": list(patient.severity_scores.all()),
        "diagnoses": list(patient.diagnoses.all()),
        "decisions": list(patient.decisions.select_related("decided_by")),
        "plans": plans,
        "current_plan": next((plan for plan in plans if plan.ended_at is None), None),
        "prescriptions": prescriptions,
        "current_prescription": next(
            (p for p in prescriptions if p.status == PrescriptionStatus.SIGNED), None
        ),
        "adverse_events": adverse_events,
        "unreviewed_adverse_events": [e for e in adverse_events if e.reviewed_at is None],
        "flags": flags,
        "open_flags": [flag for flag in flags if flag.is_open],
        "fills": paged(fills, FILLS, numbers),
        "refill_requests": list(
            RefillRequest.objects.filter(prescription__patient=patient).order_by("-requested_at")
        ),
        "home_sessions": _session_rows(paged(sessions, SESSIONS, numbers)),
        "latest_safety_check": patient.safety_checks.first(),
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
        "completed_check_ins": paged(completed, CHECK_INS, numbers),
        "due_check_ins": [
            _check_in_row(c, today)
            for c in sorted(check_ins, key=lambda c: c.due_on or today)
            if c.completed_at is None
        ],
        "instrument_charts": instrument_charts,
        "latest_scores": latest_scores(instrument_charts),
        "exercise_logs": paged(
            [{"log": log, "title": _exercise_title(log.exercise)} for log in newest_exercises],
            EXERCISES,
            numbers,
        ),
        "gmi": describe_gmi(_gmi_progress(exercise_logs))
        if exercise_logs or any(plan.exercise_programme.startswith("gmi") for plan in plans)
        else "",
        "threads": paged(_threads(patient), MESSAGES, numbers),
    }
